//! One constructor or function: its struct, `Identifiable`, the bare
//! decode, the length and the writes of its encode, and `Debug` that hides
//! credentials.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::layout::{self, Expr};
use super::super::model::{Combinator, Field, FieldKind, Ty};
use super::super::names::hex_id;
use super::serde_impls;
use super::{closure, local_name, unknown_bits, Emitter, Params, Scope, STRUCT_LIT_WIDTH};

use tlwire_schema::Category;

impl Emitter<'_> {
    /// `Debug` that shows a credential's length, never its bytes.
    pub(super) fn redacted_debug(&mut self, c: &Combinator) {
        let name = &c.path.name;
        self.w.doc(&format!(
            "Shows the length of {}, never the bytes: they are credentials.",
            c.secrets
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        self.w.open(&format!(
            "{} {{",
            Params::of(c).header("::core::fmt::Debug", "::core::fmt::Debug", name)
        ));
        self.w
            .open("fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {");
        let mut links = Vec::new();
        for f in &c.fields {
            let field = match &f.kind {
                FieldKind::FlagsWord(i) => c.flag_words[*i].unknown_field.clone(),
                _ => f.rust_name.clone(),
            };
            let value = if c.secrets.contains(&f.tl_name) {
                format!("&wire::Redacted::of(&self.{field})")
            } else {
                format!("&self.{field}")
            };
            links.push(format!(
                ".field(\"{}\", {value})",
                field.trim_start_matches("r#")
            ));
        }
        links.push(String::from(".finish()"));
        let chain = Expr::Chain {
            root: format!("f.debug_struct(\"{name}\")"),
            links,
        };
        layout::write(&mut self.w, "", &chain, "", false);
        self.w.close("}");
        self.w.close("}");
    }

    pub(super) fn combinator(&mut self, c: &Combinator, scope: Scope) {
        let name = &c.path.name;
        let params = Params::of(c);
        let decl = params.args();
        let is_fn = c.category == Category::Function;

        self.w.doc(&format!("`{};`", c.tl_line));
        self.w.doc("");
        if is_fn {
            let answer = match &c.result {
                Ty::Enum { path, .. } => {
                    format!("[`{}`]({})", path.name, scope.path("enums", path))
                }
                Ty::Struct { path, .. } => {
                    format!("[`{}`]({})", path.name, scope.path("types", path))
                }
                other => format!(
                    "`{}`",
                    self.rust_ty(other, scope, "'a")
                        .replace("super::", "")
                        .replace("<'a>", "")
                ),
            };
            self.w.doc(&format!(
                "Function `{}`, id `{}`; answers {answer}.",
                c.tl_name,
                hex_id(c.id).replace('_', "")
            ));
            self.w.doc(&format!(
                "See <https://core.telegram.org/method/{}>.",
                c.tl_name
            ));
        } else {
            let Ty::Enum { path, .. } = &c.result else {
                return;
            };
            self.w.doc(&format!(
                "Constructor `{}` of [`{}`]({}).",
                hex_id(c.id).replace('_', ""),
                path.name,
                scope.path("enums", path)
            ));
            self.w.doc(&format!(
                "See <https://core.telegram.org/constructor/{}>.",
                c.tl_name
            ));
        }
        let derives = match (c.eq && self.options.eq_hash, c.secrets.is_empty()) {
            (true, true) => "Clone, Debug, PartialEq, Eq, Hash",
            (false, true) => "Clone, Debug, PartialEq",
            // Credentials get a hand-made `Debug` that hides them.
            (true, false) => "Clone, PartialEq, Eq, Hash",
            (false, false) => "Clone, PartialEq",
        };
        self.w.line(&format!("#[derive({derives})]"));
        if c.fields
            .iter()
            .all(|f| matches!(f.kind, FieldKind::FlagsWord(_)))
            && c.flag_words.is_empty()
        {
            self.w.line(&format!("pub struct {name}{decl} {{}}"));
        } else {
            self.w.open(&format!("pub struct {name}{decl} {{"));
            for f in &c.fields {
                match &f.kind {
                    FieldKind::FlagsWord(i) => {
                        let word = &c.flag_words[*i];
                        self.w.doc(&format!(
                            "Bits of `{}` that no field here defines, kept so that a decode \
                             then encode loses nothing.",
                            word.tl_name
                        ));
                        self.w.line(&format!("pub {}: u32,", word.unknown_field));
                    }
                    FieldKind::TrueFlag { .. } => {
                        self.w.doc(&format!("`{}`", f.tl_text));
                        self.w.line(&format!("pub {}: bool,", f.rust_name));
                    }
                    FieldKind::Value { ty, flag } => {
                        self.w.doc(&format!("`{}`", f.tl_text));
                        let t = self.rust_ty(ty, scope, "'a");
                        let t = if flag.is_some() {
                            format!("Option<{t}>")
                        } else {
                            t
                        };
                        self.w.line(&format!("pub {}: {t},", f.rust_name));
                    }
                }
            }
            self.w.close("}");
        }
        self.w.line("");
        self.identifiable(c);
        self.w.line("");
        if !c.secrets.is_empty() {
            self.redacted_debug(c);
            self.w.line("");
        }
        self.inherent(c, scope);
        self.w.gap();
        self.encode_impl(c);
        if self.decodes(c) {
            self.w.line("");
            self.decode_impl(c);
            self.borrowing(name, c.generic, &c.type_params);
        }
        if is_fn {
            self.w.line("");
            self.w.open(&format!(
                "{} {{",
                params.header("Function", "Function", name)
            ));
            let response = match &c.result {
                // A generic function answers what its query answers.
                Ty::Generic(x) => format!("{x}::Response"),
                other => self.rust_ty(other, scope, "'static"),
            };
            self.w.line(&format!("type Response = {response};"));
            let error = if let Ty::Generic(x) = &c.result {
                format!("{x}::Error")
            } else if c.errors.is_empty() {
                String::from("RpcError")
            } else {
                let mut path = c.path.clone();
                path.name = super::errors::error_enum(&path.name);
                scope.path("errors", &path)
            };
            self.w.line(&format!("type Error = {error};"));
            if let Some(callers) = c.callers {
                self.w.line(&format!(
                    "const CALLERS: Option<Callers> = Some(Callers::{});",
                    callers.variant()
                ));
            }
            self.w.close("}");
        }
        if let Some(mode) = self.options.serde.attribute() {
            serde_impls::combinator(self, c, mode);
        }
    }

    pub(super) fn identifiable(&mut self, c: &Combinator) {
        self.w.open(&format!(
            "{} {{",
            Params::of(c).header("Identifiable", "", &c.path.name)
        ));
        self.w
            .line(&format!("const CONSTRUCTOR_ID: u32 = {};", hex_id(c.id)));
        self.w
            .line(&format!("const TL_NAME: &'static str = \"{}\";", c.tl_name));
        self.w.close("}");
    }

    /// Whether `c` gets a decoder (`decode_bare`, `Decode`, `Borrowing`):
    /// every constructor, and functions when asked or when `Object`, which
    /// decodes them too, is emitted.
    pub(super) fn decodes(&self, c: &Combinator) -> bool {
        c.category != Category::Function || self.options.decode_functions || self.emits_object
    }

    /// The struct's own methods: `decode_bare`, `bare_len` and `encode_bare`
    /// when some field uses it bare, and one method per flags word. None at
    /// all for a function without a decoder and without flags.
    pub(super) fn inherent(&mut self, c: &Combinator, scope: Scope) {
        let decodes = self.decodes(c);
        let bare = self.bare.contains(&c.path);
        if !decodes && !bare && c.flag_words.is_empty() {
            return;
        }
        let params = Params::of(c);
        self.w
            .open(&format!("{} {{", params.header("", "", &c.path.name)));
        if decodes {
            self.decode_bare(c, scope, &params);
        }

        // bare_len, for a constructor that some field names bare
        if bare {
            self.w.gap();
            self.w
                .doc("Bytes the fields after the constructor id take; checks every limit.");
            self.w.line("#[inline]");
            params.open_fn(
                &mut self.w,
                "pub fn bare_len(&self) -> Result<usize, EncodeError>",
                "Encode",
            );
            self.len_body(c, 0);
            self.w.close("}");
        }

        // flags words, each with the fields it holds the flags of
        let mut users_of: Vec<Vec<&Field>> = c.flag_words.iter().map(|_| Vec::new()).collect();
        for f in c.fields.iter() {
            let word = match &f.kind {
                FieldKind::TrueFlag { word, .. } => *word,
                FieldKind::Value {
                    flag: Some((word, _)),
                    ..
                } => *word,
                _ => continue,
            };
            if let Some(users) = users_of.get_mut(word) {
                users.push(f);
            }
        }
        for (word, users) in c.flag_words.iter().zip(users_of) {
            self.w.gap();
            self.w.doc(&format!(
                "The `{}` word as encoded: the bits of the fields that are set, and `{}` \
                 for the bits this schema does not define.",
                word.tl_name, word.unknown_field
            ));
            self.w.line("#[inline]");
            self.w
                .open(&format!("pub fn {}(&self) -> u32 {{", word.method()));
            if users.is_empty() {
                self.w.line(&format!("self.{}", word.unknown_field));
            } else {
                self.w.line(&format!(
                    "let mut word = self.{} & !{:#x};",
                    word.unknown_field, word.known
                ));
                for f in users {
                    let bit = match &f.kind {
                        FieldKind::TrueFlag { bit, .. } => *bit,
                        FieldKind::Value {
                            flag: Some((_, bit)),
                            ..
                        } => *bit,
                        _ => continue,
                    };
                    self.w.open(&format!("if {} {{", presence(c, f)));
                    self.w.line(&format!("word |= {:#x};", 1u32 << bit));
                    self.w.close("}");
                }
                self.w.line("word");
            }
            self.w.close("}");
        }

        // encode_bare, likewise
        if bare {
            self.w.gap();
            self.w.doc("Writes the fields after the constructor id.");
            self.w.line("#[inline]");
            params.open_fn(
                &mut self.w,
                "pub fn encode_bare<B: BufMut>(&self, buf: &mut B, checked: Checked)",
                "Encode",
            );
            self.put_body(c, false);
            self.w.close("}");
        }
        self.w.close("}");
    }

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
                self.w.open(&format!("if {} {{", cond.join(" || ")));
                self.w.line(&format!(
                    "return Err(EncodeError::new(EncodeErrorKind::FlagConflict {{ bit: {bit} }}));"
                ));
                self.w.close("}");
            }
            self.w.line(&format!("let mut len = {fixed};"));
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
                        self.len_statement(self.len_chain(ty, "x"), &f.tl_name);
                        self.w.close("}");
                    }
                    (None, _) => {
                        let v = format!("&self.{}", f.rust_name);
                        self.len_statement(self.len_chain(ty, &v), &f.tl_name);
                    }
                }
            }
            self.w.line("Ok(len)");
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
        self.w.open(&format!(
            "{} {{",
            Params::of(c).header("Encode", "Encode", &c.path.name)
        ));
        // A constructor used bare has its bare functions to call; the
        // others write theirs here (one function each fewer to compile).
        let bare = self.bare.contains(&c.path);
        self.w.line("#[inline]");
        self.w
            .open("fn encoded_len(&self) -> Result<usize, EncodeError> {");
        if bare {
            self.w.line("Ok(4 + self.bare_len()?)");
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

    /// Opens `impl Decode for name` and its `fn decode`: at the input's
    /// lifetime `'a` when the type borrows or has type parameters (each
    /// bound `Decode<'a>`), at `'_` otherwise.
    pub(super) fn open_decode(&mut self, name: &str, args: &str, borrows: bool, types: &[String]) {
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
        self.w.open(&format!(
            "impl{generics} Decode<{lifetime}> for {name}{args} {{"
        ));
        self.w.line("#[inline]");
        self.w.open(&format!(
            "fn decode(r: &mut Reader<{lifetime}>) -> Result<Self, DecodeError> {{"
        ));
    }

    pub(super) fn decode_impl(&mut self, c: &Combinator) {
        let params = Params::of(c);
        self.open_decode(&c.path.name, &params.args(), c.generic, params.types);
        self.w
            .line("r.expect_id(Self::CONSTRUCTOR_ID, Self::TL_NAME)?;");
        self.w.line("Self::decode_bare(r)");
        self.w.close("}");
        self.w.close("}");
    }
}

/// The expression saying whether an optional field is present.
pub(super) fn presence(_c: &Combinator, f: &super::super::model::Field) -> String {
    match &f.kind {
        FieldKind::TrueFlag { .. } => format!("self.{}", f.rust_name),
        _ => format!("self.{}.is_some()", f.rust_name),
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
