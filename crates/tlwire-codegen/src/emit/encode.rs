//! A constructor's or function's encode: the exact length first, checking
//! every limit, then the writes, and the `Encode` impl over both.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::layout;
use super::super::model::{Combinator, FieldKind};
use super::combinator::presence;
use super::{Emitter, Params};

impl Emitter<'_> {
    /// The body of a length function: `header` bytes (the constructor id,
    /// or none) plus the fields, checking every limit.
    pub(super) fn len_body(&mut self, c: &Combinator, header: usize) {
        let fields: usize = c
            .fields
            .iter()
            .map(|f| match &f.kind {
                FieldKind::FlagsWord(_) => 4,
                FieldKind::Value { ty, flag: None } => ty.fixed_len().unwrap_or(0),
                _ => 0,
            })
            .sum();
        let fixed = header + fields;
        let variable: Vec<_> = c
            .fields
            .iter()
            .filter(|f| match &f.kind {
                FieldKind::Value { ty, flag } => flag.is_some() || ty.fixed_len().is_none(),
                _ => false,
            })
            .collect();
        let conflicts = shared_bits(c);
        if variable.is_empty() && conflicts.is_empty() {
            self.w.line(&format!("Ok({fixed})"));
        } else {
            for (bit, word, fields) in &conflicts {
                let presence: Vec<String> = fields.iter().map(|f| presence(c, f)).collect();
                let first = &presence[0];
                let cond: Vec<String> = presence[1..]
                    .iter()
                    .map(|p| format!("{p} != {first}"))
                    .collect();
                let _ = word;
                layout::open_if_any(&mut self.w, &cond);
                self.w.line(&format!(
                    "return Err(EncodeError::new(EncodeErrorKind::FlagConflict {{ bit: {bit} }}));"
                ));
                self.w.close("}");
            }
            // Summed in a saturating `Len`: the fields' lengths are each
            // bounded, their sum is not (a 32-bit target can hold one large
            // slice many times over by reference).
            self.w
                .line(&format!("let mut len = wire::Len::new({fixed});"));
            for f in &variable {
                let FieldKind::Value { ty, flag } = &f.kind else {
                    continue;
                };
                match (flag, ty.fixed_len()) {
                    (Some(_), Some(n)) => {
                        self.w
                            .open(&format!("if self.{}.is_some() {{", f.rust_name));
                        self.w.line(&format!("len += {n};"));
                        self.w.close("}");
                    }
                    (Some(_), None) => {
                        self.w
                            .open(&format!("if let Some(x) = &self.{} {{", f.rust_name));
                        self.field_statement("len += ", self.len_chain(ty, "x"), &f.tl_name);
                        self.w.close("}");
                    }
                    (None, _) => {
                        let v = format!("&self.{}", f.rust_name);
                        self.field_statement("len += ", self.len_chain(ty, &v), &f.tl_name);
                    }
                }
            }
            self.w.line("len.total()");
        }
    }

    /// The body of a writing function: the constructor id when `boxed`,
    /// then the fields.
    pub(super) fn put_body(&mut self, c: &Combinator, boxed: bool) {
        if boxed {
            self.w.line("buf.put_u32_le(Self::CONSTRUCTOR_ID);");
        }
        let mut wrote = boxed;
        for f in &c.fields {
            match &f.kind {
                FieldKind::FlagsWord(i) => {
                    self.w.line(&format!(
                        "buf.put_u32_le(self.{}());",
                        c.flag_words[*i].method()
                    ));
                    wrote = true;
                }
                FieldKind::TrueFlag { .. } => {}
                FieldKind::Value { ty, flag: None } => {
                    let put = self.put_expr(ty, &format!("self.{}", f.rust_name), false);
                    layout::write(&mut self.w, "", &put, ";", false);
                    wrote = true;
                }
                FieldKind::Value { ty, flag: Some(_) } => {
                    self.w
                        .open(&format!("if let Some(x) = &self.{} {{", f.rust_name));
                    let put = self.put_expr(ty, "x", true);
                    layout::write(&mut self.w, "", &put, ";", false);
                    self.w.close("}");
                    wrote = true;
                }
            }
        }
        if !wrote {
            self.w.line("let _ = (buf, checked);");
        } else if !uses_checked(self, c) {
            self.w.line("let _ = checked;");
        }
    }

    pub(super) fn encode_impl(&mut self, c: &Combinator) {
        self.open_impl(&Params::of(c).header("Encode", "Encode", &c.path.name));
        // A constructor used bare has its bare functions to call; the
        // others write theirs here (one function each fewer to compile).
        let bare = self.bare.contains(&c.path);
        self.w.line("#[inline]");
        self.w
            .open("fn encoded_len(&self) -> Result<usize, EncodeError> {");
        if bare {
            self.w.line("let mut len = wire::Len::new(4);");
            self.w.line("len += self.bare_len()?;");
            self.w.line("len.total()");
        } else {
            self.len_body(c, 4);
        }
        self.w.close("}");
        self.w.line("");
        self.w.line("#[inline]");
        self.w
            .open("fn encode_raw<B: BufMut>(&self, buf: &mut B, checked: Checked) {");
        if bare {
            self.w.line("buf.put_u32_le(Self::CONSTRUCTOR_ID);");
            self.w.line("self.encode_bare(buf, checked);");
        } else {
            self.put_body(c, true);
        }
        self.w.close("}");
        self.w.close("}");
    }
}

/// Flag bits used by more than one field: (bit, word index, fields).
pub(super) fn shared_bits(c: &Combinator) -> Vec<(u32, usize, Vec<&super::super::model::Field>)> {
    let mut by_bit: BTreeMap<(usize, u32), Vec<&super::super::model::Field>> = BTreeMap::new();
    for f in &c.fields {
        let key = match &f.kind {
            FieldKind::TrueFlag { word, bit } => (*word, *bit),
            FieldKind::Value {
                flag: Some((word, bit)),
                ..
            } => (*word, *bit),
            _ => continue,
        };
        by_bit.entry(key).or_default().push(f);
    }
    by_bit
        .into_iter()
        .filter(|(_, fields)| fields.len() > 1)
        .map(|((word, bit), fields)| (bit, word, fields))
        .collect()
}

pub(super) fn uses_checked(e: &Emitter<'_>, c: &Combinator) -> bool {
    c.fields.iter().any(|f| match &f.kind {
        FieldKind::Value { ty, .. } => e.put_expr(ty, "x", true).flat().contains("checked"),
        _ => false,
    })
}
