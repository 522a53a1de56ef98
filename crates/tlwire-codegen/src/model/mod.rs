//! The generator's view of a schema: every combinator resolved to Rust
//! names and field kinds, boxed types grouped with their constructors, and
//! the facts the emitter needs decided once (which fields must be boxed to
//! break recursion, which types can derive `Eq` and `Hash`).
//!
//! Here: the model's types. [`paths`] names every TL item in Rust,
//! [`resolve`] builds the model from the parsed schema, [`decide`] settles
//! the facts over it, [`cycles`] finds the combinators that can contain
//! themselves.

mod cycles;
mod decide;
mod paths;
mod resolve;
pub(crate) mod sizes;
#[cfg(test)]
mod tests;

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::metadata::{Callers, ErrorSpec, Table};
use super::GenerateError;

use tlwire_schema::Category;

/// A resolved field type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    Int,
    Long,
    Double,
    Int128,
    Int256,
    Bytes,
    Str,
    Bool,
    /// Any boxed object (`Object`): always behind a `Box`.
    Object,
    /// `Vector<T>` (boxed) or `vector<T>` (bare).
    Vector {
        bare: bool,
        elem: alloc::boxed::Box<Ty>,
    },
    /// A boxed type: the generated enum.
    Enum {
        path: Path,
        boxed: bool,
    },
    /// A generic parameter (`!X`, or the result `X` of a generic function):
    /// the struct's type parameter of that name.
    Generic(String),
    /// A bare constructor: the generated struct, without its id.
    Struct {
        path: Path,
        boxed: bool,
    },
}

/// A generated item's namespace and Rust name.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Path {
    pub namespace: Vec<String>,
    pub name: String,
}

impl Ty {
    /// The fewest bytes a value of this type takes on the wire (at least 1,
    /// so a vector count is always bounded by the bytes left).
    pub fn min_len(&self, model: &Model) -> usize {
        match self {
            Ty::Int
            | Ty::Bytes
            | Ty::Str
            | Ty::Bool
            | Ty::Object
            | Ty::Enum { .. }
            | Ty::Generic(_) => 4,
            Ty::Long | Ty::Double => 8,
            Ty::Int128 => 16,
            Ty::Int256 => 32,
            Ty::Vector { bare, .. } => {
                if *bare {
                    4
                } else {
                    8
                }
            }
            Ty::Struct { path, .. } => model.struct_at(path).map_or(4, |c| {
                c.fields
                    .iter()
                    .map(|f| f.min_len(model))
                    .sum::<usize>()
                    .max(1)
            }),
        }
    }

    /// The fixed encoded size, for types that have one.
    pub fn fixed_len(&self) -> Option<usize> {
        match self {
            Ty::Int | Ty::Bool => Some(4),
            Ty::Long | Ty::Double => Some(8),
            Ty::Int128 => Some(16),
            Ty::Int256 => Some(32),
            _ => None,
        }
    }
}

/// One flags word of a combinator.
#[derive(Clone, Debug)]
pub struct FlagWord {
    /// Its schema name (`flags`, `flags2`).
    pub tl_name: String,
    /// Its name in Rust, as a local and before `_word` (`flags`).
    pub rust_name: String,
    /// The field that keeps its unknown bits (`unknown_flags`).
    pub unknown_field: String,
    /// Bits that this combinator's fields use.
    pub known: u32,
}

impl FlagWord {
    /// The method that computes it as encoded (`flags_word`).
    pub fn method(&self) -> String {
        format!("{}_word", self.rust_name.trim_start_matches("r#"))
    }
}

/// What a field holds.
#[derive(Clone, Debug)]
pub enum FieldKind {
    /// A flags word, index into [`Combinator::flag_words`].
    FlagsWord(usize),
    /// `name:flags.N?true`: only a bit.
    TrueFlag { word: usize, bit: u32 },
    /// A value, optional when it has a flag.
    Value { ty: Ty, flag: Option<(usize, u32)> },
}

/// One field.
#[derive(Clone, Debug)]
pub struct Field {
    pub tl_name: String,
    pub rust_name: String,
    /// The field as written in the schema (`device_model:string`).
    pub tl_text: String,
    pub kind: FieldKind,
}

impl Field {
    fn min_len(&self, model: &Model) -> usize {
        match &self.kind {
            FieldKind::FlagsWord(_) => 4,
            FieldKind::TrueFlag { .. } | FieldKind::Value { flag: Some(_), .. } => 0,
            FieldKind::Value { ty, flag: None } => ty.min_len(model),
        }
    }
}

/// A constructor or a function, resolved.
#[derive(Clone, Debug)]
pub struct Combinator {
    /// Its index among the schema's definitions, and its line.
    pub index: usize,
    pub line: usize,
    pub tl_name: String,
    pub tl_line: String,
    pub id: u32,
    pub category: Category,
    pub path: Path,
    /// The Object variant name (`AuthAcceptLoginToken`).
    pub variant: String,
    pub fields: Vec<Field>,
    pub flag_words: Vec<FlagWord>,
    /// Constructors: the boxed type's path. Functions: the response type.
    pub result: Ty,
    /// Whether `Eq` and `Hash` can be derived (no `double` inside).
    pub eq: bool,
    /// Whether it borrows from the input (`bytes`/`string` inside): it then
    /// takes the input's lifetime `'a`.
    pub generic: bool,
    /// Its generic parameters (`X` of `{X:Type}`), type parameters in Rust.
    pub type_params: Vec<String>,
    /// Functions: the RPC errors `errors.tsv` lists for it.
    pub errors: Vec<ErrorSpec>,
    /// Functions: who may call it, when `methods.tsv` says.
    pub callers: Option<Callers>,
    /// Fields that are credentials: `Debug` shows only their length.
    pub secrets: Vec<String>,
    /// Whether a value of it can contain another one (through any chain of
    /// fields, vectors and `Object`): its decode counts against the depth
    /// limit. Every cycle of types passes through a combinator, so guarding
    /// these alone bounds the stack a hostile input can make us use.
    pub recursive: bool,
    /// Its estimated size in memory, in bytes (see `sizes`).
    pub size: usize,
    /// Constructors: whether its boxed type's enum holds it behind a `Box`.
    pub boxed: bool,
}

/// A boxed type and its constructors.
#[derive(Clone, Debug)]
pub struct BoxedType {
    pub tl_name: String,
    pub path: Path,
    /// (variant name, constructor path, id)
    pub variants: Vec<(String, Path, u32)>,
    pub eq: bool,
    pub generic: bool,
}

/// The whole schema, resolved.
#[derive(Clone, Debug)]
pub struct Model {
    pub layer: Option<u32>,
    pub structs: Vec<Combinator>,
    pub functions: Vec<Combinator>,
    pub enums: Vec<BoxedType>,
    /// Whether the `Object` enum can derive `Eq` and `Hash`.
    pub object_eq: bool,
    /// Whether the `Object` enum borrows from the input.
    pub object_generic: bool,
    /// Where each struct of `structs` and each enum of `enums` is, by path:
    /// passes that follow a type to its definition look it up here rather
    /// than search, which on a whole layer was quadratic.
    pub(super) struct_at: BTreeMap<Path, usize>,
    pub(super) enum_at: BTreeMap<Path, usize>,
}

/// Why [`Model::build`] failed: the definition at `index` of the schema, or
/// metadata (`index` `None`; `error.combinator` is then the method named).
#[derive(Clone, Debug)]
pub struct Failure {
    pub index: Option<usize>,
    pub error: GenerateError,
    /// The definition this one repeats (its name or its id), whose place
    /// the caller adds to the message.
    pub earlier: Option<usize>,
    /// Whether the line fails only while other lines are there: a `%T`
    /// whose type has a second constructor that may itself be skipped. A
    /// caller skipping lines retries it once those are gone.
    pub waits: bool,
    /// For metadata (`index` `None`), the table whose row is at fault.
    pub table: Option<Table>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Struct(Path),
    Enum(Path),
}

impl Model {
    /// Whether a type reference carries the input's lifetime.
    pub fn ty_generic(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Bytes | Ty::Str => true,
            Ty::Object => self.object_generic,
            Ty::Vector { elem, .. } => self.ty_generic(elem),
            Ty::Enum { path, .. } => self.enum_at(path).is_some_and(|e| e.generic),
            Ty::Struct { path, .. } => self.struct_at(path).is_some_and(|c| c.generic),
            _ => false,
        }
    }

    /// The index in `structs` of the constructor whose struct is `path`.
    pub fn struct_index(&self, path: &Path) -> Option<usize> {
        self.struct_at.get(path).copied()
    }

    /// The constructor whose struct is `path`.
    pub fn struct_at(&self, path: &Path) -> Option<&Combinator> {
        self.structs.get(self.struct_index(path)?)
    }

    /// The boxed type whose enum is `path`.
    pub fn enum_at(&self, path: &Path) -> Option<&BoxedType> {
        self.enums.get(*self.enum_at.get(path)?)
    }

    /// Every combinator, constructors first, in schema order.
    pub fn combinators(&self) -> impl Iterator<Item = &Combinator> {
        self.structs.iter().chain(&self.functions)
    }

    /// Whether some field has the bare type `Object` (`result:Object`): the
    /// `Object` enum is then needed to read it.
    pub fn names_object(&self) -> bool {
        fn has_object(ty: &Ty) -> bool {
            match ty {
                Ty::Object => true,
                Ty::Vector { elem, .. } => has_object(elem),
                _ => false,
            }
        }
        self.combinators()
            .flat_map(|c| &c.fields)
            .any(|f| match &f.kind {
                FieldKind::Value { ty, .. } => has_object(ty),
                _ => false,
            })
    }

    /// The constructors some field names bare (`%Point`, `vector<point>`):
    /// only they need a `bare_len` and an `encode_bare` of their own.
    pub fn used_bare(&self) -> BTreeSet<Path> {
        fn walk(ty: &Ty, out: &mut BTreeSet<Path>) {
            match ty {
                Ty::Struct { path, .. } => {
                    out.insert(path.clone());
                }
                Ty::Vector { elem, .. } => walk(elem, out),
                _ => {}
            }
        }
        let mut out = BTreeSet::new();
        for c in self.combinators() {
            for f in &c.fields {
                if let FieldKind::Value { ty, .. } = &f.kind {
                    walk(ty, &mut out);
                }
            }
        }
        out
    }
}
