//! A constructor's or function's decode: `decode_bare`, reading its fields
//! in order, and the `Decode` impl that checks its id first.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::model::{Combinator, FieldKind};
use super::{closure, local_name, unknown_bits, Emitter, Params, Scope, STRUCT_LIT_WIDTH};

impl Emitter<'_> {
    /// `decode_bare`: reads the fields that follow the constructor id.
    pub(super) fn decode_bare(&mut self, c: &Combinator, scope: Scope, params: &Params<'_>) {
        self.w
            .doc("Reads the fields that follow the constructor id.");
        self.w.line("#[inline]");
        // A generic function's impl names `'a` (its query's bound needs it);
        // another type with parameters introduces it on the method.
        let signature = if c.generic {
            "pub fn decode_bare(r: &mut Reader<'a>) -> Result<Self, DecodeError>"
        } else if params.types.is_empty() {
            "pub fn decode_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError>"
        } else {
            "pub fn decode_bare<'a>(r: &mut Reader<'a>) -> Result<Self, DecodeError>"
        };
        params.open_fn(&mut self.w, signature, "Decode<'a>");
        let reads_fields = c
            .fields
            .iter()
            .any(|f| !matches!(f.kind, FieldKind::TrueFlag { .. }));
        if !reads_fields {
            self.w.line("let _ = r;");
        }
        if c.recursive {
            // Only values that can contain themselves count against the
            // depth limit; `leave` comes before the value is built so the
            // value is returned where it is built.
            self.w.line("r.enter()?;");
        }
        for f in &c.fields {
            let local = local_name(&f.rust_name);
            match &f.kind {
                FieldKind::FlagsWord(i) => {
                    let word = local_name(&c.flag_words[*i].rust_name);
                    let read = (
                        String::from("r"),
                        alloc::vec![String::from(".read_flags()")],
                    );
                    self.read_statement(&word, read, &f.tl_name);
                }
                FieldKind::TrueFlag { .. } => {}
                FieldKind::Value { ty, flag: None } => {
                    self.read_statement(&local, self.decode_chain(ty, scope), &f.tl_name);
                }
                FieldKind::Value {
                    ty,
                    flag: Some((i, bit)),
                } => {
                    let word = local_name(&c.flag_words[*i].rust_name);
                    let read = format!(
                        ".read_if({word} & {:#x} != 0, {})",
                        1u32 << bit,
                        closure("r", &self.decode_flat(ty, scope))
                    );
                    self.read_statement(&local, (String::from("r"), alloc::vec![read]), &f.tl_name);
                }
            }
        }
        let entries: Vec<String> = c
            .fields
            .iter()
            .map(|f| {
                let local = local_name(&f.rust_name);
                match &f.kind {
                    FieldKind::FlagsWord(i) => {
                        let word = &c.flag_words[*i];
                        let bits = unknown_bits(&local_name(&word.rust_name), word.known);
                        format!("{}: {bits}", word.unknown_field)
                    }
                    FieldKind::TrueFlag { word, bit } => format!(
                        "{}: {} & {:#x} != 0",
                        f.rust_name,
                        local_name(&c.flag_words[*word].rust_name),
                        1u32 << bit
                    ),
                    FieldKind::Value { .. } if local == f.rust_name => local,
                    FieldKind::Value { .. } => format!("{}: {local}", f.rust_name),
                }
            })
            .collect();
        if c.recursive {
            self.w.line("r.leave();");
        }
        let joined = entries.join(", ");
        let one_line = format!("Ok(Self {{ {joined} }})");
        if entries.is_empty() {
            self.w.line("Ok(Self {})");
        } else if joined.len() <= STRUCT_LIT_WIDTH && self.fits(&one_line) {
            // rustfmt keeps short struct literals on one line.
            self.w.line(&one_line);
        } else {
            self.w.open("Ok(Self {");
            for entry in &entries {
                self.w.line(&format!("{entry},"));
            }
            self.w.close("})");
        }
        self.w.close("}");
    }

    /// Opens `impl Decode for name` and its `fn decode`: at the input's
    /// lifetime `'a` when the type borrows or has type parameters (each
    /// bound `Decode<'a>`), at `'_` otherwise.
    /// Opens `impl Decode` and its `decode`, marked with `inline`.
    pub(super) fn open_decode(
        &mut self,
        name: &str,
        args: &str,
        borrows: bool,
        types: &[String],
        inline: &str,
    ) {
        let lifetime = if borrows || !types.is_empty() {
            "'a"
        } else {
            "'_"
        };
        let mut generics: Vec<String> = Vec::new();
        if lifetime == "'a" {
            generics.push(String::from("'a"));
        }
        generics.extend(types.iter().map(|t| format!("{t}: Decode<'a>")));
        let generics = if generics.is_empty() {
            String::new()
        } else {
            format!("<{}>", generics.join(", "))
        };
        self.open_impl(&format!(
            "impl{generics} Decode<{lifetime}> for {name}{args}"
        ));
        self.w.line(inline);
        self.w.open(&format!(
            "fn decode(r: &mut Reader<{lifetime}>) -> Result<Self, DecodeError> {{"
        ));
    }

    pub(super) fn decode_impl(&mut self, c: &Combinator) {
        let params = Params::of(c);
        self.open_decode(
            &c.path.name,
            &params.args(),
            c.generic,
            params.types,
            "#[inline]",
        );
        self.w
            .line("r.expect_id(Self::CONSTRUCTOR_ID, Self::TL_NAME)?;");
        self.w.line("Self::decode_bare(r)");
        self.w.close("}");
        self.w.close("}");
    }
}
