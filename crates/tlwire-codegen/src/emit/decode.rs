//! A constructor's or function's decode: `decode_bare`, reading its fields
//! in order, and the `Decode` impl that checks its id first. A large
//! constructor of an enum is read in place instead: `blank` makes an empty
//! value and `decode_into` fills it where the enum keeps it, in the arena.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use tlwire_schema::Category;

use super::super::model::{Combinator, FieldKind, Ty};
use super::{closure, local_name, unknown_bits, Emitter, Params, Scope, STRUCT_LIT_WIDTH};

/// Where [`Emitter::read_fields`] puts the fields it reads.
#[derive(Clone, Copy)]
enum Target {
    /// A local per field, for `decode_bare` to build the value from.
    Locals,
    /// The fields of `value`, a blank that `decode_into` fills.
    Value,
}

/// A field's value in `blank()`.
pub(super) enum Blank {
    /// `field: value`, on one line.
    Plain(String),
    /// `field: Enum::Variant(Struct { fields })`: a boxed type's first
    /// constructor of numbers only.
    Variant {
        field: String,
        variant: String,
        ty: String,
        fields: Vec<String>,
    },
}

impl Blank {
    /// `field: value` on one line.
    fn flat(&self) -> String {
        match self {
            Blank::Plain(entry) => entry.clone(),
            Blank::Variant {
                field,
                variant,
                ty,
                fields,
            } => format!("{field}: {variant}({})", literal(ty, fields)),
        }
    }
}

/// `Struct {}` or `Struct { a: 0, b: 0 }`, on one line.
fn literal(ty: &str, fields: &[String]) -> String {
    if fields.is_empty() {
        format!("{ty} {{}}")
    } else {
        format!("{ty} {{ {} }}", fields.join(", "))
    }
}

impl Emitter<'_> {
    /// `decode_bare`: reads the fields that follow the constructor id; for
    /// a constructor read in place, `blank` and `decode_into` too.
    pub(super) fn decode_bare(&mut self, c: &Combinator, scope: Scope, params: &Params<'_>) {
        if let Some(blanks) = self.in_place(c, scope) {
            self.decode_in_place(c, scope, &blanks);
            return;
        }
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
        self.read_fields(c, scope, Target::Locals);
        let entries: Vec<String> = c
            .fields
            .iter()
            .map(|f| {
                let local = local_name(c, &f.rust_name);
                match &f.kind {
                    FieldKind::FlagsWord(i) => {
                        let word = &c.flag_words[*i];
                        let bits = unknown_bits(&local_name(c, &word.rust_name), word.known);
                        format!("{}: {bits}", word.unknown_field)
                    }
                    FieldKind::TrueFlag { word, bit } => format!(
                        "{}: {} & {:#x} != 0",
                        f.rust_name,
                        local_name(c, &c.flag_words[*word].rust_name),
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
        self.struct_literal("Ok(Self", &entries, ")");
        self.w.close("}");
    }

    /// The reads of `c`'s fields, in order, after `r.enter()?` for a
    /// constructor that can contain itself: each flags word into a local,
    /// each other field into `target`. A true flag is read from its word
    /// afterwards, by the caller.
    fn read_fields(&mut self, c: &Combinator, scope: Scope, target: Target) {
        if c.recursive {
            // Only values that can contain themselves count against the
            // depth limit; `leave` comes before the value is built so the
            // value is returned where it is built.
            self.w.line("r.enter()?;");
        }
        for f in &c.fields {
            let into = match target {
                Target::Locals => format!("let {} = ", local_name(c, &f.rust_name)),
                Target::Value => format!("value.{} = ", f.rust_name),
            };
            match &f.kind {
                FieldKind::FlagsWord(i) => {
                    let word = local_name(c, &c.flag_words[*i].rust_name);
                    let read = (
                        String::from("r"),
                        alloc::vec![String::from(".read_flags()")],
                    );
                    self.field_statement(&format!("let {word} = "), read, &f.tl_name);
                }
                FieldKind::TrueFlag { .. } => {}
                FieldKind::Value { ty, flag: None } => {
                    self.field_statement(&into, self.decode_chain(ty, scope), &f.tl_name);
                }
                FieldKind::Value {
                    ty,
                    flag: Some((i, bit)),
                } => {
                    let word = local_name(c, &c.flag_words[*i].rust_name);
                    let present = format!("{word} & {:#x} != 0", 1u32 << bit);
                    match target {
                        Target::Locals => {
                            let read = format!(
                                ".read_if({present}, {})",
                                closure("r", &self.decode_flat(ty, scope))
                            );
                            let read = (String::from("r"), alloc::vec![read]);
                            self.field_statement(&into, read, &f.tl_name);
                        }
                        // The blank holds `None` already.
                        Target::Value => {
                            self.w.open(&format!("if {present} {{"));
                            let (root, mut links) = self.decode_chain(ty, scope);
                            links.push(String::from(".map(Some)"));
                            self.field_statement(&into, (root, links), &f.tl_name);
                            self.w.close("}");
                        }
                    }
                }
            }
        }
    }

    /// `{open} {{ entries }}{close}`: on one line when rustfmt keeps it there.
    pub(crate) fn struct_literal(&mut self, open: &str, entries: &[String], close: &str) {
        match self.one_line_literal(open, entries, close) {
            Some(line) => self.w.line(&line),
            None => self.broken_literal(&format!("{open} {{"), entries, &format!("}}{close}")),
        }
    }

    /// `{open} {{ entries }}{close}` when rustfmt keeps it on one line: a
    /// short struct literal that fits.
    pub(crate) fn one_line_literal(
        &self,
        open: &str,
        entries: &[String],
        close: &str,
    ) -> Option<String> {
        if entries.is_empty() {
            return Some(format!("{open} {{}}{close}"));
        }
        let joined = entries.join(", ");
        let line = format!("{open} {{ {joined} }}{close}");
        (joined.len() <= STRUCT_LIT_WIDTH && self.fits(&line)).then_some(line)
    }

    /// The blank value of each field of `c`, when `c` is read in place
    /// ([`Reader::read_in_place`]): a constructor that its enum holds by
    /// reference (a large one), all of whose required fields have a blank
    /// value. A message, a user or a chat is hundreds of bytes with dozens
    /// of fields, most of them absent; built and then moved into the arena,
    /// it is held in registers and on the stack until its last field is
    /// read, then copied, and in a `messages.messages` of 100 messages that
    /// costs a fifth of the decode's time.
    pub(super) fn in_place(&self, c: &Combinator, scope: Scope) -> Option<Vec<Blank>> {
        if !c.boxed || c.category != Category::Type || !c.type_params.is_empty() {
            return None;
        }
        let plain = |field: &str, value: &str| Some(Blank::Plain(format!("{field}: {value}")));
        c.fields
            .iter()
            .map(|f| match &f.kind {
                FieldKind::FlagsWord(i) => plain(&c.flag_words[*i].unknown_field, "0"),
                FieldKind::TrueFlag { .. } => plain(&f.rust_name, "false"),
                FieldKind::Value { flag: Some(_), .. } => plain(&f.rust_name, "None"),
                FieldKind::Value { ty, flag: None } => self.blank(&f.rust_name, ty, scope),
            })
            .collect()
    }

    /// `field`'s empty, zero or false value of `ty` that needs no
    /// allocation: for a boxed type, its first constructor of numbers only
    /// held by value (`peerUser`, `messageActionEmpty`). `None` for other
    /// types.
    fn blank(&self, field: &str, ty: &Ty, scope: Scope) -> Option<Blank> {
        let blank = match ty {
            Ty::Int | Ty::Long => "0",
            Ty::Double => "0.0",
            Ty::Int128 => "[0; 16]",
            Ty::Int256 => "[0; 32]",
            Ty::Bytes | Ty::Vector { .. } => "&[]",
            Ty::Str => "TlStr::EMPTY",
            Ty::Bool => "false",
            Ty::Enum { boxed: false, path } => {
                return self
                    .model
                    .enum_at(path)?
                    .variants
                    .iter()
                    .find_map(|(v, p, _)| {
                        let c = self.model.struct_at(p).filter(|c| !c.boxed)?;
                        let fields = c
                            .fields
                            .iter()
                            .map(|f| match f.kind {
                                FieldKind::Value {
                                    ty: Ty::Int | Ty::Long,
                                    flag: None,
                                } => Some(format!("{}: 0", f.rust_name)),
                                _ => None,
                            })
                            .collect::<Option<Vec<String>>>()?;
                        Some(Blank::Variant {
                            field: String::from(field),
                            variant: format!("{}::{v}", scope.path("enums", path)),
                            ty: scope.path("types", p),
                            fields,
                        })
                    });
            }
            _ => return None,
        };
        Some(Blank::Plain(format!("{field}: {blank}")))
    }

    /// One field of `blank()`'s struct literal, broken as rustfmt breaks it
    /// when it is too wide for one line: a struct literal with fields
    /// overflows the call when its first line fits (`Variant(Struct {`);
    /// otherwise it goes on a line of its own inside the call's parentheses,
    /// and the call moves under the field's name when its first line does
    /// not fit after it.
    fn blank_entry(&mut self, blank: &Blank) {
        let Blank::Variant {
            field,
            variant,
            ty,
            fields,
        } = blank
        else {
            self.w.line(&format!("{},", blank.flat()));
            return;
        };
        let one_line = fields.join(", ").len() <= STRUCT_LIT_WIDTH;
        let flat = format!("{},", blank.flat());
        if one_line && self.fits(&flat) {
            self.w.line(&flat);
            return;
        }
        // The closing `)` must fit after an overflowing literal's `}`.
        let head = format!("{field}: {variant}({ty} {{)");
        if !fields.is_empty() && self.fits(&head) {
            self.broken_literal(&format!("{field}: {variant}({ty} {{"), fields, "}),");
            return;
        }
        let call = format!("{field}: {variant}(");
        let under_name = !self.fits(&call);
        if under_name {
            self.w.line(&format!("{field}:"));
            self.w.push_indent();
            self.w.open(&format!("{variant}("));
        } else {
            self.w.open(&call);
        }
        if one_line {
            self.w.line(&format!("{},", literal(ty, fields)));
        } else {
            self.broken_literal(&format!("{ty} {{"), fields, "},");
        }
        self.w.close("),");
        if under_name {
            self.w.pop_indent();
        }
    }

    /// `open`, a line per field, `close`: a struct literal broken one field
    /// a line.
    pub(crate) fn broken_literal(&mut self, open: &str, fields: &[String], close: &str) {
        self.w.open(open);
        for f in fields {
            self.w.line(&format!("{f},"));
        }
        self.w.close(close);
    }

    /// `blank`, `decode_into` and a `decode_bare` made of the two, for a
    /// constructor read in place.
    fn decode_in_place(&mut self, c: &Combinator, scope: Scope, blanks: &[Blank]) {
        let lifetime = if c.generic { "'a" } else { "'_" };
        self.w
            .doc("Reads the fields that follow the constructor id.");
        self.w.line("#[inline]");
        self.w.open(&format!(
            "pub fn decode_bare(r: &mut Reader<{lifetime}>) -> Result<Self, DecodeError> {{"
        ));
        self.w.line("let mut value = Self::blank();");
        self.w.line("Self::decode_into(r, &mut value)?;");
        self.w.line("Ok(value)");
        self.w.close("}");
        self.w.line("");
        self.w.doc(
            "A value with every field empty, zero or absent, for [`decode_into`](Self::decode_into) to fill.",
        );
        self.w.line("#[inline]");
        self.w.open("pub fn blank() -> Self {");
        let flat: Vec<String> = blanks.iter().map(Blank::flat).collect();
        match self.one_line_literal("Self", &flat, "") {
            Some(line) => self.w.line(&line),
            None => {
                self.w.open("Self {");
                for blank in blanks {
                    self.blank_entry(blank);
                }
                self.w.close("}");
            }
        }
        self.w.close("}");
        self.w.line("");
        self.w.doc(
            "Reads the fields that follow the constructor id into `value`, which must hold a [`blank`](Self::blank): a field absent from the input is left as it is. An enum fills its blank where it keeps it, in the arena, so that each field is written once.",
        );
        self.w.line("#[inline]");
        let signature = format!(
            "pub fn decode_into(r: &mut Reader<{lifetime}>, value: &mut Self) -> Result<(), DecodeError> {{"
        );
        if self.fits(&signature) {
            self.w.open(&signature);
        } else {
            self.w.open("pub fn decode_into(");
            self.w.line(&format!("r: &mut Reader<{lifetime}>,"));
            self.w.line("value: &mut Self,");
            self.w.close(") -> Result<(), DecodeError> {");
            self.w.push_indent();
        }
        self.read_fields(c, scope, Target::Value);
        for f in &c.fields {
            match &f.kind {
                FieldKind::FlagsWord(i) => {
                    let word = &c.flag_words[*i];
                    let bits = unknown_bits(&local_name(c, &word.rust_name), word.known);
                    self.w
                        .line(&format!("value.{} = {bits};", word.unknown_field));
                }
                // The blank is false already: a test and a branch, where
                // `x = flags & bit != 0` is a shift, a mask and a store
                // (4.1% of a `messages.messages` decode).
                FieldKind::TrueFlag { word, bit } => {
                    let word = local_name(c, &c.flag_words[*word].rust_name);
                    self.w
                        .open(&format!("if {word} & {:#x} != 0 {{", 1u32 << bit));
                    self.w.line(&format!("value.{} = true;", f.rust_name));
                    self.w.close("}");
                }
                FieldKind::Value { .. } => {}
            }
        }
        if c.recursive {
            self.w.line("r.leave();");
        }
        self.w.line("Ok(())");
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
