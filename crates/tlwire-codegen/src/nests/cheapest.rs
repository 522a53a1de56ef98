//! Cheapest encodings: every value with the fewest nested objects, flags
//! words of zero, zero numbers and empty strings and vectors, with how
//! many recursive combinators deep it goes.

use alloc::vec::Vec;

use super::super::model::{Combinator, FieldKind, Model, Ty};
use super::super::samples::Choices;
use super::{Hop, MAX_NEST_BYTES};

/// `vector#1cb5c415`, the id of a boxed vector.
pub(super) const VECTOR_ID: u32 = 0x1cb5_c415;
/// `boolFalse#bc799737`, the cheapest `Bool`.
pub(super) const BOOL_FALSE_ID: u32 = 0xbc79_9737;
/// Deeper than any cheapest value goes: a guard, not a limit values reach.
const MAX_CHEAPEST_DEPTH: usize = 64;

/// Cheapest encodings: the fewest nested objects, flags words of zero.
pub(super) struct Cheapest<'m> {
    pub(super) model: &'m Model,
    pub(super) choices: &'m Choices,
    /// Values left to build before giving up on this nest.
    pub(super) steps: core::cell::Cell<usize>,
}

/// A hop's bytes around the nested value, and how deep the recursive
/// combinators among its other fields go.
pub(super) struct Around {
    pub(super) before: Vec<u8>,
    pub(super) after: Vec<u8>,
    pub(super) depth: usize,
}

impl Cheapest<'_> {
    /// The bytes of `hop`'s combinator before and after the value of its
    /// field: the id when boxed, the flags words with that field's bit set,
    /// every other field at its cheapest, and the headers of the vectors
    /// around the value (each with one element).
    pub(super) fn around(&self, c: &Combinator, hop: Hop) -> Option<Around> {
        let mut words = alloc::vec![0u32; c.flag_words.len()];
        let field = c.fields.get(hop.field)?;
        let FieldKind::Value { ty, flag } = &field.kind else {
            return None;
        };
        if let Some((word, bit)) = flag {
            *words.get_mut(*word)? |= 1 << bit;
        }
        let mut before = Vec::new();
        if hop.boxed {
            put(&mut before, c.id);
        }
        let mut depth = 0;
        for f in c.fields.get(..hop.field)? {
            depth = depth.max(self.field(&mut before, &f.kind, &words, 0)?);
        }
        let mut ty = ty;
        while let Ty::Vector { bare, elem } = ty {
            if !bare {
                put(&mut before, VECTOR_ID);
            }
            put(&mut before, 1);
            ty = elem;
        }
        let mut after = Vec::new();
        for f in c.fields.get(hop.field + 1..)? {
            depth = depth.max(self.field(&mut after, &f.kind, &words, 0)?);
        }
        Some(Around {
            before,
            after,
            depth,
        })
    }

    /// The cheapest value of one element of field `field` of `c` (inside
    /// its vectors, if any), and its depth in recursive combinators.
    pub(super) fn of_field_value(&self, c: &Combinator, field: usize) -> Option<(Vec<u8>, usize)> {
        let FieldKind::Value { ty, .. } = &c.fields.get(field)?.kind else {
            return None;
        };
        let mut ty = ty;
        while let Ty::Vector { elem, .. } = ty {
            ty = elem;
        }
        let mut out = Vec::new();
        let depth = self.value(&mut out, ty, 0)?;
        Some((out, depth))
    }

    /// One field, with `words` the combinator's flags words; its depth.
    pub(super) fn field(
        &self,
        out: &mut Vec<u8>,
        kind: &FieldKind,
        words: &[u32],
        level: usize,
    ) -> Option<usize> {
        match kind {
            FieldKind::FlagsWord(i) => put(out, *words.get(*i)?),
            FieldKind::TrueFlag { .. } => {}
            FieldKind::Value { ty, flag: None } => return self.value(out, ty, level),
            FieldKind::Value {
                ty,
                flag: Some((word, bit)),
            } => {
                if words.get(*word)? & (1 << bit) != 0 {
                    return self.value(out, ty, level);
                }
            }
        }
        Some(0)
    }

    /// The cheapest value of `ty` and how many recursive combinators deep
    /// it is; `None` when it has none (a type every constructor of which
    /// holds itself) or when it is too large to write out.
    pub(super) fn value(&self, out: &mut Vec<u8>, ty: &Ty, level: usize) -> Option<usize> {
        let steps = self.steps.get().checked_sub(1)?;
        self.steps.set(steps);
        if level > MAX_CHEAPEST_DEPTH || out.len() > MAX_NEST_BYTES {
            return None;
        }
        let model = self.model;
        let c = match ty {
            Ty::Int => {
                out.extend([0; 4]);
                return Some(0);
            }
            Ty::Long | Ty::Double => {
                out.extend([0; 8]);
                return Some(0);
            }
            Ty::Int128 => {
                out.extend([0; 16]);
                return Some(0);
            }
            Ty::Int256 => {
                out.extend([0; 32]);
                return Some(0);
            }
            // An empty body and its three bytes of padding.
            Ty::Bytes | Ty::Str => {
                out.extend([0; 4]);
                return Some(0);
            }
            Ty::Bool => {
                put(out, BOOL_FALSE_ID);
                return Some(0);
            }
            Ty::Vector { bare, .. } => {
                if !bare {
                    put(out, VECTOR_ID);
                }
                put(out, 0);
                return Some(0);
            }
            Ty::Enum { path, .. } => {
                let c = model.structs.get(*self.choices.by_enum.get(path)?)?;
                put(out, c.id);
                c
            }
            Ty::Struct { path, .. } => model.struct_at(path)?,
            Ty::Object | Ty::Generic(_) => {
                let c = model.structs.get(self.choices.object?)?;
                put(out, c.id);
                c
            }
        };
        let words = alloc::vec![0u32; c.flag_words.len()];
        let mut inside = 0;
        for f in &c.fields {
            inside = inside.max(self.field(out, &f.kind, &words, level + 1)?);
        }
        Some(inside + usize::from(c.recursive))
    }
}

pub(super) fn put(out: &mut Vec<u8>, word: u32) {
    out.extend(word.to_le_bytes());
}
