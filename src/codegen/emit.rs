//! Turns a resolved [`Model`] into Rust source: the `types`, `enums` and
//! `functions` modules, each item with its TL line, id and documentation
//! link, and its `Identifiable`, `Encode` and `Decode` implementations.
//!
//! The output is meant to be `include!`d anywhere: it has no inner
//! attributes, reaches the runtime as `::tlwire::…`, and names its sibling
//! modules by relative `super::` paths.
//!
//! Every generated function is `#[inline]` (or generic), so a crate that
//! includes a whole layer compiles machine code only for what it calls:
//! the official layer's debug build took 89 s without that, 66 s with it.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::layout::{self, Expr};
use super::model::{BoxedType, Combinator, FieldKind, Model, Path, Ty};
use super::names::{hex_id, unique};
use super::serde as serde_impls;
use super::writer::Writer;
use super::Options;
use crate::schema::Category;

/// Lines longer than this are laid out the way rustfmt would break them.
pub(super) const MAX_WIDTH: usize = 100;

/// rustfmt's `struct_lit_width`: shorter struct literal bodies stay on one line.
pub(super) const STRUCT_LIT_WIDTH: usize = 18;

/// Local names the generated decoders use; a field named like one of them
/// is bound under another name.
const RESERVED_LOCALS: &[&str] = &["r", "at"];

pub(super) struct Emitter<'m> {
    pub model: &'m Model,
    pub options: &'m Options,
    /// The constructors used bare somewhere ([`Model::used_bare`]).
    pub bare: alloc::collections::BTreeSet<Path>,
    /// Whether `enums::Object` is emitted: on request, for the samples
    /// (which are `Object`s), and wherever a field needs it.
    pub emits_object: bool,
    pub w: Writer,
}

/// Where an item is emitted from: how many `super::` reach the output root.
#[derive(Clone, Copy)]
pub(super) struct Scope {
    pub depth: usize,
}

impl Scope {
    /// `super::super::enums::auth::LoginToken` from this scope.
    pub fn path(self, root: &str, path: &Path) -> String {
        let mut s = "super::".repeat(self.depth);
        s.push_str(root);
        for n in &path.namespace {
            s.push_str("::");
            s.push_str(n);
        }
        s.push_str("::");
        s.push_str(&path.name);
        s
    }
}

/// The generic parameters of a combinator's struct: the input's lifetime
/// when `bytes`/`string` are inside, and a type parameter for each `{X:Type}`
/// of a generic function (`invokeWithLayer`).
#[derive(Clone, Copy)]
pub(super) struct Params<'c> {
    pub lifetime: bool,
    pub types: &'c [String],
}

impl<'c> Params<'c> {
    pub(super) fn of(c: &'c Combinator) -> Self {
        Params {
            lifetime: c.generic,
            types: &c.type_params,
        }
    }

    fn list(&self, lifetime: &str, types: &[String]) -> String {
        let mut all: Vec<String> = Vec::new();
        if self.lifetime {
            all.push(String::from(lifetime));
        }
        all.extend(types.iter().cloned());
        if all.is_empty() {
            String::new()
        } else {
            format!("<{}>", all.join(", "))
        }
    }

    /// The struct's declaration and its arguments in an impl: `<'a, X>`.
    pub(super) fn args(&self) -> String {
        self.list("'a", self.types)
    }

    /// The arguments with the type parameters replaced by `ty`.
    pub(super) fn args_with(&self, lifetime: &str, ty: &str) -> String {
        let types: Vec<String> = self.types.iter().map(|_| String::from(ty)).collect();
        self.list(lifetime, &types)
    }

    /// Opens a method: `signature {`, or, on a generic function, with a
    /// `where` clause that bounds its query by `needs` (a generic function's
    /// query must be decodable and encodable in turn).
    fn open_fn(&self, w: &mut Writer, signature: &str, needs: &str) {
        if self.types.is_empty() {
            w.open(&format!("{signature} {{"));
        } else {
            w.line(signature);
            w.line("where");
            w.push_indent();
            for t in self.types {
                w.line(&format!("{t}: {needs},"));
            }
            w.pop_indent();
            w.open("{");
        }
    }

    /// An impl header: `impl<'a, X: Bound> Trait for Name<'a, X>`;
    /// `bound` applies to every type parameter (none when empty).
    pub(super) fn header(&self, tr: &str, bound: &str, name: &str) -> String {
        let types: Vec<String> = self
            .types
            .iter()
            .map(|t| {
                if bound.is_empty() {
                    t.clone()
                } else {
                    format!("{t}: {bound}")
                }
            })
            .collect();
        let params = self.list("'a", &types);
        let args = self.args();
        if tr.is_empty() {
            format!("impl{params} {name}{args}")
        } else {
            format!("impl{params} {tr} for {name}{args}")
        }
    }
}

/// Generic parameters of an item: `"<'a>"` when it borrows from the input.
pub(super) fn generics(generic: bool) -> &'static str {
    if generic {
        "<'a>"
    } else {
        ""
    }
}

/// The `impl` header for an item: `impl<'a> Trait for Name<'a>`.
pub(super) fn impl_for(generic: bool, tr: &str, name: &str) -> String {
    let (params, args) = (generics(generic), generics(generic));
    if tr.is_empty() {
        format!("impl{params} {name}{args}")
    } else {
        format!("impl{params} {tr} for {name}{args}")
    }
}

impl Emitter<'_> {
    /// The Rust type of a field value. `lt` names the input's lifetime in
    /// scope (`'a`, or `'r` for responses).
    pub fn rust_ty(&self, ty: &Ty, scope: Scope, lt: &str) -> String {
        let args = |generic: bool| {
            if generic {
                format!("<{lt}>")
            } else {
                String::new()
            }
        };
        match ty {
            Ty::Int => "i32".into(),
            Ty::Long => "i64".into(),
            Ty::Double => "f64".into(),
            Ty::Int128 => "[u8; 16]".into(),
            Ty::Int256 => "[u8; 32]".into(),
            Ty::Bytes => format!("&{lt} [u8]"),
            Ty::Str => format!("TlStr<{lt}>"),
            Ty::Bool => "bool".into(),
            Ty::Object => format!(
                "&{lt} {}{}",
                scope.path("enums", &object_path()),
                args(self.model.object_generic)
            ),
            Ty::Vector { elem, .. } => format!("&{lt} [{}]", self.rust_ty(elem, scope, lt)),
            Ty::Generic(name) => name.clone(),
            Ty::Enum { path, boxed } | Ty::Struct { path, boxed } => {
                let root = if matches!(ty, Ty::Enum { .. }) {
                    "enums"
                } else {
                    "types"
                };
                let t = format!(
                    "{}{}",
                    scope.path(root, path),
                    args(self.model.ty_generic(ty))
                );
                if *boxed {
                    format!("&{lt} {t}")
                } else {
                    t
                }
            }
        }
    }

    /// The chain reading one value of `ty` from `r`: its root and links.
    fn decode_chain(&self, ty: &Ty, scope: Scope) -> (String, Vec<String>) {
        let read = |method: &str| (String::from("r"), alloc::vec![format!(".{method}()")]);
        // `read` is a path to a decoding function; a boxed value is decoded
        // straight into its box, with the allocation charged first.
        let boxed = |read: String, boxed: bool| {
            if boxed {
                (
                    String::from("r"),
                    alloc::vec![format!(".read_boxed({read})")],
                )
            } else {
                (format!("{read}(r)"), Vec::new())
            }
        };
        match ty {
            Ty::Int => read("read_int"),
            Ty::Long => read("read_long"),
            Ty::Double => read("read_double"),
            Ty::Int128 => read("read_int128"),
            Ty::Int256 => read("read_int256"),
            Ty::Bytes => read("read_bytes"),
            Ty::Str => read("read_string"),
            Ty::Bool => read("read_bool"),
            Ty::Object => boxed(
                format!("{}::decode", scope.path("enums", &object_path())),
                true,
            ),
            Ty::Vector { bare, elem } => {
                let method = if *bare {
                    "read_bare_vector"
                } else {
                    "read_vector"
                };
                let min = elem.min_len(self.model);
                let inner = self.decode_flat(elem, scope);
                (
                    String::from("r"),
                    alloc::vec![format!(".{method}({min}, {})", closure("r", &inner))],
                )
            }
            Ty::Generic(name) => (format!("{name}::decode(r)"), Vec::new()),
            Ty::Enum { path, boxed: b } => {
                boxed(format!("{}::decode", scope.path("enums", path)), *b)
            }
            Ty::Struct { path, boxed: b } => {
                boxed(format!("{}::decode_bare", scope.path("types", path)), *b)
            }
        }
    }

    /// [`Self::decode_chain`] on one line.
    fn decode_flat(&self, ty: &Ty, scope: Scope) -> String {
        let (root, links) = self.decode_chain(ty, scope);
        root + &links.concat()
    }

    /// The chain computing the encoded length of `v`, a reference to a
    /// value of `ty` (`Result<usize, EncodeError>`): its root and links.
    fn len_chain(&self, ty: &Ty, v: &str) -> (String, Vec<String>) {
        if let Some(n) = ty.fixed_len() {
            return (format!("Ok({n})"), Vec::new());
        }
        // `v` is `&self.field` or a reference binding; method calls take the place.
        let place = v.trim_start_matches('&');
        match ty {
            Ty::Bytes | Ty::Str => (format!("wire::bytes_len({v})"), Vec::new()),
            Ty::Struct { .. } => (
                String::from(place),
                alloc::vec![String::from(".bare_len()")],
            ),
            Ty::Vector { bare, elem } => {
                let f = if *bare {
                    "bare_vector_len"
                } else {
                    "vector_len"
                };
                let (root, links) = self.len_chain(elem, "x");
                let element = if elem.fixed_len().is_some() {
                    format!("|_| {root}")
                } else {
                    closure("x", &format!("{root}{}", links.concat()))
                };
                // A vector field is a slice already: the place itself.
                (format!("wire::{f}({place}, {element})"), Vec::new())
            }
            _ => (
                String::from(place),
                alloc::vec![String::from(".encoded_len()")],
            ),
        }
    }

    /// A statement writing `v` of type `ty`; `by_ref` says whether `v` is
    /// a reference (`x`) or a place (`self.hash`).
    fn put_expr(&self, ty: &Ty, v: &str, by_ref: bool) -> Expr {
        let deref = if by_ref { "*" } else { "" };
        let addr = if by_ref { "" } else { "&" };
        let atom = |s: String| Expr::Atom(s);
        match ty {
            Ty::Int => atom(format!("buf.put_i32_le({deref}{v})")),
            Ty::Long => atom(format!("buf.put_i64_le({deref}{v})")),
            Ty::Double => atom(format!("buf.put_f64_le({deref}{v})")),
            Ty::Int128 | Ty::Int256 => atom(format!("buf.put_slice({addr}{v})")),
            Ty::Bytes | Ty::Str => Expr::call(
                "wire::put_bytes",
                &["buf", &format!("{addr}{v}"), "checked"],
                "",
            ),
            Ty::Struct { .. } => atom(format!("{v}.encode_bare(buf, checked)")),
            Ty::Vector { bare, elem } => Expr::call(
                if *bare {
                    "wire::put_bare_vector"
                } else {
                    "wire::put_vector"
                },
                &[
                    "buf",
                    v,
                    &format!("|buf, x| {}", self.put_expr(elem, "x", true).flat()),
                ],
                "",
            ),
            Ty::Bool | Ty::Object | Ty::Enum { .. } | Ty::Generic(_) => {
                atom(format!("{v}.encode_raw(buf, checked)"))
            }
        }
    }

    /// `let local = <read>.at::<Self>("field")?;`
    fn read_statement(&mut self, local: &str, read: (String, Vec<String>), field: &str) {
        let (root, mut links) = read;
        links.push(format!(".at::<Self>(\"{field}\")?"));
        let expr = Expr::Chain { root, links };
        layout::write(&mut self.w, &format!("let {local} = "), &expr, ";", true);
    }

    /// `len += <len>.at::<Self>("field")?;`
    fn len_statement(&mut self, len: (String, Vec<String>), field: &str) {
        let (root, mut links) = len;
        links.push(format!(".at::<Self>(\"{field}\")?"));
        let expr = Expr::Chain { root, links };
        layout::write(&mut self.w, "len += ", &expr, ";", true);
    }

    /// Emits the three modules.
    pub fn emit_all(&mut self) {
        self.w
            .line("// @generated by tlwire's code generator. Do not edit: change the schema.");
        self.w.line("");
        if let Some(layer) = self.model.layer {
            self.w.doc("The schema layer these definitions come from.");
            self.w.line(&format!("pub const LAYER: i32 = {layer};"));
            self.w.line("");
        }

        self.trees();
        if self.model.functions.iter().any(|f| !f.errors.is_empty()) {
            self.w.line("");
            self.errors_tree();
        }
        if self.options.samples {
            self.w.line("");
            self.samples();
        }
    }

    /// `Debug` that shows a credential's length, never its bytes.
    fn redacted_debug(&mut self, c: &Combinator) {
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

    /// `errors::…`: an enum of each method's RPC errors, from `errors.tsv`.
    fn errors_tree(&mut self) {
        let model = self.model;
        let mut by_ns: BTreeMap<Vec<String>, Vec<&Combinator>> = BTreeMap::new();
        for f in model.functions.iter().filter(|f| !f.errors.is_empty()) {
            by_ns.entry(f.path.namespace.clone()).or_default().push(f);
        }
        self.w
            .doc("RPC errors: for each method with known errors, an enum of them.");
        self.w.open("pub mod errors {");
        let mut first = true;
        for (ns, methods) in &by_ns {
            if !first {
                self.w.line("");
            }
            first = false;
            for n in ns {
                self.w
                    .doc(&format!("The `{}` namespace.", n.trim_start_matches("r#")));
                self.w.open(&format!("pub mod {n} {{"));
            }
            self.w.line("use ::tlwire::prelude::*;");
            let scope = Scope {
                depth: ns.len() + 1,
            };
            for m in methods {
                self.w.line("");
                self.method_errors(m, scope);
            }
            for _ in ns {
                self.w.close("}");
            }
        }
        self.w.close("}");
    }

    fn method_errors(&mut self, f: &Combinator, scope: Scope) {
        let name = &f.path.name;
        // `FOO_BAR` and `FOO__BAR` are both `FooBar`: the later one gets an
        // underscore.
        let mut variants: Vec<(String, &super::metadata::ErrorSpec)> = Vec::new();
        for e in &f.errors {
            let v = unique(error_variant(&e.name), &[], |v| {
                variants.iter().any(|(taken, _)| taken == v)
            });
            variants.push((v, e));
        }
        self.w.doc(&format!(
            "The RPC errors of [`{}`]({}), from `errors.tsv`.",
            f.tl_name,
            scope.path("functions", &f.path)
        ));
        self.w.doc("");
        self.w
            .doc("Matched by name only (codes drift); any other error is `Other`.");
        self.w.line("#[derive(Clone, Debug, PartialEq, Eq, Hash)]");
        self.w.open(&format!("pub enum {name} {{"));
        for (v, e) in &variants {
            self.w
                .doc(&format!("`{} {}`: {}", e.code, e.name, e.description));
            self.w.line(&format!("{v}(RpcError),"));
        }
        self.w.doc("An error not listed for this method.");
        self.w.line("Other(RpcError),");
        self.w.close("}");
        self.w.line("");
        self.w.open(&format!("impl MethodError for {name} {{"));
        self.w.open("fn from_rpc_error(error: RpcError) -> Self {");
        for (n, (v, e)) in variants.iter().enumerate() {
            let open = format!("if error.is(\"{}\") {{", e.name);
            if n == 0 {
                self.w.open(&open);
            } else {
                self.w.close(&format!("}} else {open}"));
                self.w.push_indent();
            }
            self.w.line(&format!("Self::{v}(error)"));
        }
        self.w.close("} else {");
        self.w.push_indent();
        self.w.line("Self::Other(error)");
        self.w.close("}");
        self.w.close("}");
        self.w.line("");
        self.w.open("fn rpc_error(&self) -> &RpcError {");
        self.w.open("match self {");
        for (v, _) in &variants {
            self.w.line(&format!("Self::{v}(e) => e,"));
        }
        self.w.line("Self::Other(e) => e,");
        self.w.close("}");
        self.w.close("}");
        self.w.line("");
        self.w
            .open("fn schema_name(&self) -> Option<&'static str> {");
        self.w.open("match self {");
        for (v, e) in &variants {
            layout::arm(
                &mut self.w,
                &format!("Self::{v}(_)"),
                &Expr::Atom(format!("Some(\"{}\")", e.name)),
            );
        }
        self.w.line("Self::Other(_) => None,");
        self.w.close("}");
        self.w.close("}");
        self.w.close("}");
    }

    fn trees(&mut self) {
        let model = self.model;
        let docs = [
            "Constructors: one struct per TL constructor, holding its fields.",
            "Boxed types: one enum per TL type, a variant per constructor.",
            "Functions: one struct per TL method, linked to its response type.",
        ];
        self.module_tree(
            "types",
            docs[0],
            model
                .structs
                .iter()
                .map(|c| (c.path.namespace.clone(), Item::Struct(c))),
        );
        self.w.line("");
        let mut enums: Vec<(Vec<String>, Item<'_>)> = model
            .enums
            .iter()
            .map(|e| (e.path.namespace.clone(), Item::Enum(e)))
            .collect();
        if self.emits_object {
            enums.insert(0, (Vec::new(), Item::Object));
        }
        self.module_tree("enums", docs[1], enums.into_iter());
        self.w.line("");
        self.module_tree(
            "functions",
            docs[2],
            model
                .functions
                .iter()
                .map(|c| (c.path.namespace.clone(), Item::Struct(c))),
        );
    }

    fn module_tree<'i>(
        &mut self,
        root: &str,
        doc: &str,
        items: impl Iterator<Item = (Vec<String>, Item<'i>)>,
    ) {
        let mut by_ns: BTreeMap<Vec<String>, Vec<Item<'i>>> = BTreeMap::new();
        for (ns, item) in items {
            by_ns.entry(ns).or_default().push(item);
        }
        self.w.doc(doc);
        self.w.open(&format!("pub mod {root} {{"));
        let mut open: Vec<String> = Vec::new();
        let mut first = true;
        for (ns, items) in &by_ns {
            let common = open.iter().zip(ns).take_while(|(a, b)| a == b).count();
            while open.len() > common {
                open.pop();
                self.w.close("}");
            }
            if !first {
                self.w.line("");
            }
            first = false;
            for n in ns.iter().skip(common) {
                self.w
                    .doc(&format!("The `{}` namespace.", n.trim_start_matches("r#")));
                self.w.open(&format!("pub mod {n} {{"));
                open.push(n.clone());
            }
            let scope = Scope {
                depth: ns.len() + 1,
            };
            self.w.line("use ::tlwire::prelude::*;");
            for item in items {
                self.w.line("");
                match item {
                    Item::Struct(c) => self.combinator(c, scope),
                    Item::Enum(e) => self.boxed_type(e, scope),
                    Item::Object => self.object(scope),
                }
            }
        }
        while open.pop().is_some() {
            self.w.close("}");
        }
        self.w.close("}");
    }

    fn combinator(&mut self, c: &Combinator, scope: Scope) {
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
                scope.path("errors", &c.path)
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

    fn identifiable(&mut self, c: &Combinator) {
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
    fn decodes(&self, c: &Combinator) -> bool {
        c.category != Category::Function || self.options.decode_functions || self.emits_object
    }

    /// The struct's own methods: `decode_bare`, `bare_len` and `encode_bare`
    /// when some field uses it bare, and one method per flags word. None at
    /// all for a function without a decoder and without flags.
    fn inherent(&mut self, c: &Combinator, scope: Scope) {
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

        // flags words
        for (i, word) in c.flag_words.iter().enumerate() {
            self.w.gap();
            self.w.doc(&format!(
                "The `{}` word as encoded: the bits of the fields that are set, and `{}` \
                 for the bits this schema does not define.",
                word.tl_name, word.unknown_field
            ));
            self.w.line("#[inline]");
            self.w
                .open(&format!("pub fn {}(&self) -> u32 {{", word.method()));
            let users: Vec<_> = c
                .fields
                .iter()
                .filter(|f| match &f.kind {
                    FieldKind::TrueFlag { word, .. } => *word == i,
                    FieldKind::Value {
                        flag: Some((w, _)), ..
                    } => *w == i,
                    _ => false,
                })
                .collect();
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
    fn decode_bare(&mut self, c: &Combinator, scope: Scope, params: &Params<'_>) {
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
    fn len_body(&mut self, c: &Combinator, header: usize) {
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
    fn put_body(&mut self, c: &Combinator, boxed: bool) {
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

    fn encode_impl(&mut self, c: &Combinator) {
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
    fn open_decode(&mut self, name: &str, args: &str, borrows: bool, types: &[String]) {
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

    fn decode_impl(&mut self, c: &Combinator) {
        let params = Params::of(c);
        self.open_decode(&c.path.name, &params.args(), c.generic, params.types);
        self.w
            .line("r.expect_id(Self::CONSTRUCTOR_ID, Self::TL_NAME)?;");
        self.w.line("Self::decode_bare(r)");
        self.w.close("}");
        self.w.close("}");
    }

    fn boxed_type(&mut self, e: &BoxedType, scope: Scope) {
        let variants: Vec<Variant> = e
            .variants
            .iter()
            .filter_map(|(v, p, _)| {
                let c = self.model.structs.iter().find(|c| &c.path == p)?;
                let args = generics(c.generic);
                Some(Variant {
                    name: v.clone(),
                    ty: format!("{}{args}", scope.path("types", p)),
                    id: c.id,
                    tl_name: c.tl_name.clone(),
                    boxed: c.boxed,
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
        self.enum_body(&e.path.name, e.generic, e.eq, &e.tl_name, &variants);
    }

    fn object(&mut self, scope: Scope) {
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
            self.w.line(&format!("Self::{}(_) => {ty},", c.variant));
        }
        self.w.close("}");
        self.w.close("}");
        self.w.close("}");
    }

    /// `Borrowing` for a generated type (what `Owned` needs to keep it), by
    /// tlwire's macro, which proves the type covariant. A generic
    /// function's struct (`invokeWithLayer<X>`) is a request only: none.
    fn borrowing(&mut self, name: &str, generic: bool, types: &[String]) {
        if !types.is_empty() {
            return;
        }
        let lifetime = if generic { "<'a>" } else { "" };
        self.w.line("");
        self.w
            .line(&format!("::tlwire::borrowing!({name}{lifetime});"));
    }

    fn enum_body(
        &mut self,
        name: &str,
        generic: bool,
        eq: bool,
        tl_name: &str,
        variants: &[Variant],
    ) {
        let decl = generics(generic);
        let derives = if eq && self.options.eq_hash {
            "Clone, Debug, PartialEq, Eq, Hash"
        } else {
            "Clone, Debug, PartialEq"
        };
        self.w.line(&format!("#[derive({derives})]"));
        // Variants are named after TL constructors, which often share a prefix.
        self.w.line("#[allow(clippy::enum_variant_names)]");
        self.w.open(&format!("pub enum {name}{decl} {{"));
        for v in variants {
            self.w.doc(&format!("`{}#{:08x}`", v.tl_name, v.id));
            self.w.line(&format!("{}({}),", v.name, v.declared()));
        }
        self.w.close("}");
        self.w.line("");

        self.w.open(&format!("{} {{", impl_for(generic, "", name)));
        self.w.doc("The id of the constructor this value holds.");
        self.w.line("#[inline]");
        self.w.open("pub fn constructor_id(&self) -> u32 {");
        self.match_self(variants, |v| {
            format!("Self::{}(_) => {},", v.name, hex_id(v.id))
        });
        self.w.close("}");
        self.w.line("");
        self.w
            .doc("The schema name of the constructor this value holds.");
        self.w.line("#[inline]");
        self.w.open("pub fn tl_name(&self) -> &'static str {");
        self.match_self(variants, |v| {
            format!("Self::{}(_) => \"{}\",", v.name, v.tl_name)
        });
        self.w.close("}");
        self.w.close("}");
        self.w.line("");

        self.w
            .open(&format!("{} {{", impl_for(generic, "Encode", name)));
        self.w.line("#[inline]");
        self.w
            .open("fn encoded_len(&self) -> Result<usize, EncodeError> {");
        self.match_self(variants, |v| {
            format!("Self::{}(x) => x.encoded_len(),", v.name)
        });
        self.w.close("}");
        self.w.line("");
        self.w.line("#[inline]");
        self.w
            .open("fn encode_raw<B: BufMut>(&self, buf: &mut B, checked: Checked) {");
        self.match_self(variants, |v| {
            format!("Self::{}(x) => x.encode_raw(buf, checked),", v.name)
        });
        self.w.close("}");
        self.w.close("}");
        self.w.line("");

        self.open_decode(name, generics(generic), generic, &[]);
        if variants.len() <= SPLIT_DECODE {
            self.w.open("match r.read_u32()? {");
            self.decode_arms(tl_name, variants.iter());
            self.w.close("}");
            self.w.close("}");
            self.w.close("}");
        } else {
            self.split_decode(name, generic, tl_name, variants);
        }

        // `Object` gets no `From` per combinator: thousands of impls of one
        // trait for one type cost a whole layer seconds of compile time, and
        // `Object::Variant(x)` says the same.
        let froms = if name == "Object" { &[][..] } else { variants };
        for variant in froms {
            self.w.line("");
            let params = generics(generic);
            let ty = variant.declared();
            self.impl_header(params, &format!("From<{ty}>"), &format!("{name}{params}"));
            self.w.open(&format!("fn from(x: {ty}) -> Self {{"));
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
    fn decode_arms<'v>(&mut self, tl_name: &str, variants: impl Iterator<Item = &'v Variant>) {
        for v in variants {
            let wrap = format!(".map(Self::{})", v.name);
            let call = if v.boxed {
                Expr::Chain {
                    root: String::from("r"),
                    links: alloc::vec![
                        format!(".read_boxed({}::decode_bare)", strip_args(&v.ty)),
                        wrap,
                    ],
                }
            } else {
                Expr::Chain {
                    root: format!("{}::decode_bare(r)", strip_args(&v.ty)),
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
    fn split_decode(&mut self, name: &str, generic: bool, tl_name: &str, variants: &[Variant]) {
        self.w.line("let id = r.read_u32()?;");
        self.w.open("match id >> 28 {");
        for part in 0..16u32 {
            let pattern = if part == 15 {
                String::from("_")
            } else {
                format!("{part:#x}")
            };
            self.w
                .line(&format!("{pattern} => Self::decode_{part:x}(id, r),"));
        }
        self.w.close("}");
        self.w.close("}");
        self.w.close("}");
        self.w.line("");
        let lifetime = if generic { "'a" } else { "'_" };
        self.w.open(&format!("{} {{", impl_for(generic, "", name)));
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

    fn match_self(&mut self, variants: &[Variant], arm: impl Fn(&Variant) -> String) {
        self.w.open("match self {");
        for v in variants {
            self.w.line(&arm(v));
        }
        self.w.close("}");
    }

    /// Opens `impl{params} {tr} for {ty} {` as rustfmt lays it out: on one
    /// line when it fits (rustfmt measures impl headers without their
    /// indentation), else with `for …` on its own line, else with the trait
    /// on its own line too; a broken header puts `{` alone.
    fn impl_header(&mut self, params: &str, tr: &str, ty: &str) {
        let one = format!("impl{params} {tr} for {ty} {{");
        if one.len() <= MAX_WIDTH {
            self.w.open(&one);
            return;
        }
        let head = format!("impl{params} {tr}");
        if self.fits(&head) {
            self.w.line(&head);
        } else {
            self.w.line(&format!("impl{params}"));
            self.w.push_indent();
            self.w.line(tr);
            self.w.pop_indent();
        }
        self.w.push_indent();
        self.w.line(&format!("for {ty}"));
        self.w.pop_indent();
        self.w.open("{");
    }

    /// Whether `line` fits at the current indentation.
    pub fn fits(&self, line: &str) -> bool {
        self.w.indent() * 4 + line.len() <= MAX_WIDTH
    }
}

/// A variant of a generated enum.
pub(super) struct Variant {
    /// The variant's name.
    pub name: String,
    /// The type it holds, from the enum's scope.
    pub ty: String,
    pub id: u32,
    pub tl_name: String,
    /// Whether the enum holds it by reference, in the decode's arena (see
    /// `sizes`).
    pub boxed: bool,
}

impl Variant {
    /// The variant's payload as declared: the type, or a reference to it.
    fn declared(&self) -> String {
        if self.boxed {
            format!("&'a {}", self.ty)
        } else {
            self.ty.clone()
        }
    }
}

/// Enums of more constructors than this decode through [`Emitter::split_decode`].
const SPLIT_DECODE: usize = 256;

/// An item of a generated module.
enum Item<'m> {
    Struct(&'m Combinator),
    Enum(&'m BoxedType),
    Object,
}

/// The path of the universal `Object` enum.
pub(super) fn object_path() -> Path {
    Path {
        namespace: Vec::new(),
        name: "Object".into(),
    }
}

/// `AUTH_TOKEN_INVALIDX` → `AuthTokenInvalidx`; a leading digit gets `E`.
fn error_variant(name: &str) -> String {
    let mut out = String::new();
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let lower = part.to_ascii_lowercase();
        let mut chars = lower.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) || out == "Other" {
        out.insert(0, 'E');
    }
    out
}

/// The enum path of a constructor's result type.
fn enum_path(ty: &Ty) -> Option<&Path> {
    match ty {
        Ty::Enum { path, .. } => Some(path),
        _ => None,
    }
}

/// A closure `|param| body`, or just the function when `body` only
/// applies one to `param` (`|x| json::Hex(x)` is `json::Hex`).
pub(super) fn closure(param: &str, body: &str) -> String {
    match body.strip_suffix(&format!("({param})")) {
        Some(function) if !function.contains(['(', ' ', '.']) || function.contains("::") => {
            String::from(function)
        }
        _ => format!("|{param}| {body}"),
    }
}

/// `super::types::Foo<'a>` → `super::types::Foo`.
pub(super) fn strip_args(ty: &str) -> &str {
    ty.split('<').next().unwrap_or(ty)
}

fn local_name(name: &str) -> String {
    if RESERVED_LOCALS.contains(&name) {
        format!("{name}_")
    } else {
        String::from(name)
    }
}

/// The bits of flags word `value` that no field defines: `value & !known`,
/// or `value` itself when no field uses the word.
pub(super) fn unknown_bits(value: &str, known: u32) -> String {
    if known == 0 {
        String::from(value)
    } else {
        format!("{value} & !{known:#x}")
    }
}

/// The expression saying whether an optional field is present.
fn presence(_c: &Combinator, f: &super::model::Field) -> String {
    match &f.kind {
        FieldKind::TrueFlag { .. } => format!("self.{}", f.rust_name),
        _ => format!("self.{}.is_some()", f.rust_name),
    }
}

/// Flag bits used by more than one field: (bit, word index, fields).
fn shared_bits(c: &Combinator) -> Vec<(u32, usize, Vec<&super::model::Field>)> {
    let mut by_bit: BTreeMap<(usize, u32), Vec<&super::model::Field>> = BTreeMap::new();
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

fn uses_checked(e: &Emitter<'_>, c: &Combinator) -> bool {
    c.fields.iter().any(|f| match &f.kind {
        FieldKind::Value { ty, .. } => e.put_expr(ty, "x", true).flat().contains("checked"),
        _ => false,
    })
}
