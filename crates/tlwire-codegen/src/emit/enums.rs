//! Boxed types as enums: one variant per constructor (large ones held by
//! reference), their `Decode` dispatch on the id (split by the id's top
//! bits for enums of hundreds of constructors) and the `Object` enum of
//! every combinator.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::layout::{self, Expr};
use super::super::model::{BoxedType, FieldKind, Path, Ty};
use super::super::names::hex_id;
use super::serde_impls;
use super::{generics, impl_for, strip_args, Emitter, Params, Scope, Variant};

use tlwire_schema::Category;

/// The most constructors a boxed type may have for its decode to be
/// inlined into every caller ([`Emitter::decodes_inline`]).
const INLINE_DECODE_MAX: usize = 4;

impl Emitter<'_> {
    pub(super) fn boxed_type(&mut self, e: &BoxedType, scope: Scope) {
        let variants: Vec<Variant> = e
            .variants
            .iter()
            .filter_map(|(v, p, _)| {
                let c = self.model.struct_at(p)?;
                let args = generics(c.generic);
                Some(Variant {
                    name: v.clone(),
                    ty: format!("{}{args}", scope.path("types", p)),
                    id: c.id,
                    tl_name: c.tl_name.clone(),
                    boxed: c.boxed,
                    in_place: self.in_place(c, scope).is_some(),
                })
            })
            .collect();
        let ctors: Vec<String> = e
            .variants
            .iter()
            .map(|(_, p, _)| format!("[`{}`]({})", p.name, scope.path("types", p)))
            .collect();
        self.w.doc(&format!("The boxed type `{}`.", e.tl_name));
        self.w.doc("");
        self.w.doc(&format!("Constructors: {}.", ctors.join(", ")));
        self.w.doc(&format!(
            "See <https://core.telegram.org/type/{}>.",
            e.tl_name
        ));
        let decode = if self.decodes_inline(e) {
            "#[inline(always)]"
        } else {
            "#[inline]"
        };
        self.enum_body(&e.path.name, e.generic, e.eq, &e.tl_name, &variants, decode);
    }

    pub(super) fn object(&mut self, scope: Scope) {
        let model = self.model;
        let variants: Vec<Variant> = model
            .combinators()
            .map(|c| {
                let root = if c.category == Category::Function {
                    "functions"
                } else {
                    "types"
                };
                let object = if model.object_generic {
                    "&'a Object<'a>"
                } else {
                    "&'a Object"
                };
                let args = Params::of(c).args_with("'a", object);
                Variant {
                    name: c.variant.clone(),
                    ty: format!("{}{args}", scope.path(root, &c.path)),
                    id: c.id,
                    tl_name: c.tl_name.clone(),
                    boxed: c.boxed_in_object(),
                    in_place: c.boxed_in_object() && self.in_place(c, scope).is_some(),
                }
            })
            .collect();
        self.w
            .doc("Any boxed object of this schema, constructors and functions alike.");
        self.w.doc("");
        self.w
            .doc("Decoding it reads the constructor id and dispatches on it, so it");
        self.w.doc("decodes any object the schema knows.");
        self.enum_body(
            "Object",
            model.object_generic,
            model.object_eq,
            "Object",
            &variants,
            "#[inline]",
        );
        self.w.line("");
        self.w.open(&format!(
            "{} {{",
            impl_for(model.object_generic, "", "Object")
        ));
        self.w
            .doc("The boxed types of this schema, by their TL names.");
        let names: Vec<String> = model
            .enums
            .iter()
            .map(|e| format!("\"{}\"", e.tl_name))
            .collect();
        layout::array(
            &mut self.w,
            "pub const BOXED_TYPES: &'static [&'static str] = ",
            &names,
            ";",
        );
        self.w.line("");
        self.w
            .doc("The boxed type of the constructor this value holds; `None` for a function.");
        self.w.line("#[inline]");
        self.w
            .open("pub fn type_name(&self) -> Option<&'static str> {");
        self.w.open("match self {");
        for c in model.combinators() {
            let ty = match (&c.category, &c.result) {
                (Category::Type, Ty::Enum { .. }) => {
                    let e = model
                        .enums
                        .iter()
                        .find(|e| Some(&e.path) == enum_path(&c.result));
                    match e {
                        Some(e) => format!("Some(\"{}\")", e.tl_name),
                        None => String::from("Some(\"Object\")"),
                    }
                }
                _ => String::from("None"),
            };
            let pattern = format!("Self::{}(_)", c.variant);
            layout::arm(&mut self.w, &pattern, &Expr::Atom(ty));
        }
        self.w.close("}");
        self.w.close("}");
        self.w.close("}");
    }

    /// Whether the decode of boxed type `e` is inlined into every caller
    /// (`#[inline(always)]`) rather than left to the optimizer: at most
    /// [`INLINE_DECODE_MAX`] constructors of fixed-size numbers only, such
    /// as `Peer`. Such a decode is a few instructions, yet a large
    /// constructor reads several (a `message` two to four `Peer`s), and the
    /// optimizer keeps it out of line there; inlined, the reader stays in
    /// registers across it. In a `messages.messages` of 100 messages that
    /// is 3.6% of the decode's instructions.
    fn decodes_inline(&self, e: &BoxedType) -> bool {
        e.variants.len() <= INLINE_DECODE_MAX
            && e.variants.iter().all(|(_, path, _)| {
                self.model.struct_at(path).is_some_and(|c| {
                    c.fields.iter().all(|f| {
                        matches!(
                            &f.kind,
                            FieldKind::Value {
                                ty: Ty::Int | Ty::Long | Ty::Double | Ty::Int128 | Ty::Int256,
                                flag: None,
                            }
                        )
                    })
                })
            })
    }

    /// `Borrowing` for a generated type (what `Owned` needs to keep it), by
    /// tlwire's macro, which proves the type covariant. A generic
    /// function's struct (`invokeWithLayer<X>`) is a request only: none.
    pub(super) fn borrowing(&mut self, name: &str, generic: bool, types: &[String]) {
        if !types.is_empty() {
            return;
        }
        let lifetime = if generic { "<'a>" } else { "" };
        self.w.line("");
        let line = format!("::tlwire::borrowing!({name}{lifetime});");
        if self.fits(&line) {
            self.w.line(&line);
        } else {
            self.w.open("::tlwire::borrowing!(");
            self.w.line(&format!("{name}{lifetime}"));
            self.w.close(");");
        }
    }

    pub(super) fn enum_body(
        &mut self,
        name: &str,
        generic: bool,
        eq: bool,
        tl_name: &str,
        variants: &[Variant],
        decode: &str,
    ) {
        let decl = generics(generic);
        let split = variants.len() > SPLIT_DECODE;
        let eq_hash = eq && self.options.eq_hash;
        let derives = match (split, eq_hash) {
            (false, true) => "Clone, Debug, PartialEq, Eq, Hash",
            (false, false) => "Clone, Debug, PartialEq",
            (true, true) => "Clone, Debug, Eq, Hash",
            (true, false) => "Clone, Debug",
        };
        self.w.line(&format!("#[derive({derives})]"));
        if split && eq_hash {
            // `eq` compares the same values the derived `Hash` hashes, only
            // split in parts (`split_eq`).
            self.w.line("#[allow(clippy::derived_hash_with_manual_eq)]");
        }
        // Variants are named after TL constructors, which often share a prefix.
        self.w.line("#[allow(clippy::enum_variant_names)]");
        self.w.open(&format!("pub enum {name}{decl} {{"));
        for v in variants {
            self.w.doc(&format!("`{}#{:08x}`", v.tl_name, v.id));
            let line = format!("{}({}),", v.name, v.declared());
            if self.fits(&line) {
                self.w.line(&line);
            } else {
                self.w.open(&format!("{}(", v.name));
                self.w.line(&format!("{},", v.declared()));
                self.w.close("),");
            }
        }
        self.w.close("}");
        self.w.line("");

        self.open_impl(&impl_for(generic, "", name));
        self.w.doc("The id of the constructor this value holds.");
        self.w.line("#[inline]");
        self.w.open("pub fn constructor_id(&self) -> u32 {");
        self.match_self(variants, "_", |v| hex_id(v.id));
        self.w.close("}");
        self.w.line("");
        self.w
            .doc("The schema name of the constructor this value holds.");
        self.w.line("#[inline]");
        self.w.open("pub fn tl_name(&self) -> &'static str {");
        self.match_self(variants, "_", |v| format!("\"{}\"", v.tl_name));
        self.w.close("}");
        self.w.close("}");
        self.w.line("");

        self.open_impl(&impl_for(generic, "Encode", name));
        self.w.line("#[inline]");
        self.w
            .open("fn encoded_len(&self) -> Result<usize, EncodeError> {");
        self.match_self(variants, "x", |_| String::from("x.encoded_len()"));
        self.w.close("}");
        self.w.line("");
        self.w.line("#[inline]");
        self.w
            .open("fn encode_raw<B: BufMut>(&self, buf: &mut B, checked: Checked) {");
        self.match_self(variants, "x", |_| {
            String::from("x.encode_raw(buf, checked)")
        });
        self.w.close("}");
        self.w.close("}");
        self.w.line("");

        self.open_decode(name, generics(generic), generic, &[], decode);
        if variants.len() <= SPLIT_DECODE {
            self.w.open("match r.read_u32()? {");
            self.decode_arms(tl_name, variants.iter());
            self.w.close("}");
            self.w.close("}");
            self.w.close("}");
        } else {
            self.split_decode(name, generic, tl_name, variants);
            self.w.line("");
            self.split_eq(name, generic, variants);
        }

        // `Object` gets no `From` per combinator: thousands of impls of one
        // trait for one type cost a whole layer seconds of compile time, and
        // `Object::Variant(x)` says the same.
        let froms = if name == "Object" { &[][..] } else { variants };
        for variant in froms {
            self.w.line("");
            let params = generics(generic);
            let ty = variant.declared();
            self.open_impl(&format!("impl{params} From<{ty}> for {name}{params}"));
            let signature = format!("fn from(x: {ty}) -> Self {{");
            if self.fits(&signature) {
                self.w.open(&signature);
            } else {
                self.w.open("fn from(");
                self.w.line(&format!("x: {ty},"));
                self.w.close(") -> Self {");
                self.w.push_indent();
            }
            self.w.line(&format!("Self::{}(x)", variant.name));
            self.w.close("}");
            self.w.close("}");
        }
        self.borrowing(name, generic, &[]);
        if let Some(mode) = self.options.serde.attribute() {
            serde_impls::boxed(self, name, generic, tl_name, variants, mode);
        }
    }

    /// The arms of a decoding `match` on the constructor id, and the arm
    /// for an id the type does not have.
    pub(super) fn decode_arms<'v>(
        &mut self,
        tl_name: &str,
        variants: impl Iterator<Item = &'v Variant>,
    ) {
        for v in variants {
            let wrap = format!(".map(Self::{})", v.name);
            let ty = strip_args(&v.ty);
            let call = if v.in_place {
                Expr::Chain {
                    root: String::from("r"),
                    links: alloc::vec![
                        format!(".read_in_place({ty}::blank(), {ty}::decode_into)"),
                        wrap,
                    ],
                }
            } else if v.boxed {
                Expr::Chain {
                    root: String::from("r"),
                    links: alloc::vec![format!(".read_boxed({ty}::decode_bare)"), wrap,],
                }
            } else {
                Expr::Chain {
                    root: format!("{ty}::decode_bare(r)"),
                    links: alloc::vec![wrap],
                }
            };
            layout::arm(&mut self.w, &hex_id(v.id), &call);
        }
        self.w.line(&format!(
            "id => Err(r.unknown_constructor(id, \"{tl_name}\")),"
        ));
    }

    /// The body of `decode` for an enum of very many constructors (`Object`):
    /// a match on the id's top four bits calls one of sixteen functions,
    /// each matching a sixteenth of the ids. One match of thousands of arms
    /// takes tens of kilobytes of stack in a debug build, on every level of
    /// a nest of recursive types; a sixteenth takes a sixteenth.
    pub(super) fn split_decode(
        &mut self,
        name: &str,
        generic: bool,
        tl_name: &str,
        variants: &[Variant],
    ) {
        self.w.line("let id = r.read_u32()?;");
        self.w.open("match id >> 28 {");
        for part in 0..16u32 {
            let pattern = part_pattern(part);
            self.w
                .line(&format!("{pattern} => Self::decode_{part:x}(id, r),"));
        }
        self.w.close("}");
        self.w.close("}");
        self.w.close("}");
        self.w.line("");
        let lifetime = if generic { "'a" } else { "'_" };
        self.open_impl(&impl_for(generic, "", name));
        for part in 0..16u32 {
            if part > 0 {
                self.w.line("");
            }
            self.w.line("#[inline(never)]");
            self.w.open(&format!(
                "fn decode_{part:x}(id: u32, r: &mut Reader<{lifetime}>) -> Result<Self, DecodeError> {{"
            ));
            let mut mine = variants.iter().filter(|v| v.id >> 28 == part).peekable();
            if mine.peek().is_some() {
                self.w.open("match id {");
                self.decode_arms(tl_name, mine);
                self.w.close("}");
            } else {
                self.w
                    .line(&format!("Err(r.unknown_constructor(id, \"{tl_name}\"))"));
            }
            self.w.close("}");
        }
        self.w.close("}");
    }

    /// `PartialEq` for an enum of very many constructors, split as its
    /// decode is: the ids are compared first, then one of sixteen functions
    /// compares the values, each matching a sixteenth of the constructors.
    /// A derived `eq`, one match of thousands of arms each binding two
    /// references, takes tens of kilobytes of stack in a debug build on
    /// every level of a nest.
    fn split_eq(&mut self, name: &str, generic: bool, variants: &[Variant]) {
        self.open_impl(&impl_for(generic, "PartialEq", name));
        self.w.open("fn eq(&self, other: &Self) -> bool {");
        self.w.line("let id = self.constructor_id();");
        self.w.open("if id != other.constructor_id() {");
        self.w.line("return false;");
        self.w.close("}");
        self.w.open("match id >> 28 {");
        let has = |part: u32| variants.iter().any(|v| v.id >> 28 == part);
        for part in 0..16u32 {
            let pattern = part_pattern(part);
            let call = if has(part) {
                format!("self.eq_{part:x}(other)")
            } else {
                String::from("false")
            };
            self.w.line(&format!("{pattern} => {call},"));
        }
        self.w.close("}");
        self.w.close("}");
        self.w.close("}");
        self.w.line("");
        self.open_impl(&impl_for(generic, "", name));
        let mut first = true;
        for part in (0..16u32).filter(|&part| has(part)) {
            if !first {
                self.w.line("");
            }
            first = false;
            self.w.line("#[inline(never)]");
            self.w
                .open(&format!("fn eq_{part:x}(&self, other: &Self) -> bool {{"));
            self.w.open("match (self, other) {");
            for v in variants.iter().filter(|v| v.id >> 28 == part) {
                let pattern = format!("(Self::{0}(a), Self::{0}(b))", v.name);
                layout::arm(&mut self.w, &pattern, &Expr::Atom(String::from("a == b")));
            }
            self.w.line("_ => false,");
            self.w.close("}");
            self.w.close("}");
        }
        self.w.close("}");
    }

    /// `match self`, one arm per variant: `Self::Variant(binding) => body`.
    pub(super) fn match_self(
        &mut self,
        variants: &[Variant],
        binding: &str,
        body: impl Fn(&Variant) -> String,
    ) {
        self.w.open("match self {");
        for v in variants {
            let pattern = format!("Self::{}({binding})", v.name);
            layout::arm(&mut self.w, &pattern, &Expr::Atom(body(v)));
        }
        self.w.close("}");
    }
}

/// The pattern of a split match's arm for the ids whose top four bits are
/// `part`: the last arm takes whatever is left, so the match is exhaustive.
fn part_pattern(part: u32) -> String {
    if part == 15 {
        String::from("_")
    } else {
        format!("{part:#x}")
    }
}

/// Enums of more constructors than this decode through [`Emitter::split_decode`].
pub(super) const SPLIT_DECODE: usize = 256;

/// The enum path of a constructor's result type.
pub(super) fn enum_path(ty: &Ty) -> Option<&Path> {
    match ty {
        Ty::Enum { path, .. } => Some(path),
        _ => None,
    }
}
