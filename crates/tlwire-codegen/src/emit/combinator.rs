//! One constructor or function: its struct, `Identifiable`, its own
//! methods (the bare codec, one per flags word) and `Debug` that hides
//! credentials.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::layout::{self, Expr};
use super::super::model::{Combinator, Field, FieldKind, Ty};
use super::super::names::hex_id;
use super::serde_impls;
use super::{Emitter, Params, Scope};

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
        self.open_impl(&Params::of(c).header("::core::fmt::Debug", "::core::fmt::Debug", name));
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
            self.open_impl(&params.header("Function", "Function", name));
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
        self.open_impl(&Params::of(c).header("Identifiable", "", &c.path.name));
        self.w
            .line(&format!("const CONSTRUCTOR_ID: u32 = {};", hex_id(c.id)));
        let name = format!("\"{}\";", c.tl_name);
        let line = format!("const TL_NAME: &'static str = {name}");
        if self.fits(&line) {
            self.w.line(&line);
        } else {
            self.w.line("const TL_NAME: &'static str =");
            self.w.push_indent();
            self.w.line(&name);
            self.w.pop_indent();
        }
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
        self.open_impl(&params.header("", "", &c.path.name));
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
}

/// The expression saying whether an optional field is present.
pub(super) fn presence(_c: &Combinator, f: &super::super::model::Field) -> String {
    match &f.kind {
        FieldKind::TrueFlag { .. } => format!("self.{}", f.rust_name),
        _ => format!("self.{}.is_some()", f.rust_name),
    }
}
