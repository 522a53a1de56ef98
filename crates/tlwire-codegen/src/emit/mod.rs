//! Turns a resolved [`Model`] into Rust source: the `types`, `enums` and
//! `functions` modules, each item with its TL line, id and documentation
//! link, and its `Identifiable`, `Encode` and `Decode` implementations.
//!
//! The output is meant to be `include!`d anywhere: it has no inner
//! attributes, reaches the runtime as `::tlwire::…`, and names its sibling
//! modules by relative `super::` paths.
//!
//! Here: the [`Emitter`] and the module trees. By item kind:
//! [`combinator`] (a constructor's or function's struct), [`decode`] and
//! [`encode`] (its codec), [`enums`] (boxed types and `Object`), [`errors`]
//! (each method's RPC errors), [`serde_impls`] (serde for all of them) and
//! [`field_types`] (how a field's type is named, read, measured and
//! written).
//!
//! Every generated function is `#[inline]` (or generic), so a crate that
//! includes a whole layer compiles machine code only for what it calls: a
//! quarter off the official layer's debug build when it was measured.

mod combinator;
mod decode;
mod encode;
mod enums;
mod errors;
mod field_types;
mod registry;
mod serde_impls;
#[cfg(test)]
mod tests;

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::layout;
use super::model::{BoxedType, Combinator, Model, Path};
use super::writer::Writer;
use super::Options;

/// Lines longer than this are laid out the way rustfmt would break them.
pub(super) const MAX_WIDTH: usize = 100;

/// rustfmt's `struct_lit_width`: shorter struct literal bodies stay on one line.
pub(super) const STRUCT_LIT_WIDTH: usize = 18;

/// Local names the generated decoders use; a field named like one of them
/// is bound under another name.
const RESERVED_LOCALS: &[&str] = &["r", "at", "value"];

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

/// `impl<'a, X: Bound> Trait` as `impl<'a, X: Bound>` and `Trait`.
fn split_impl_params(head: &str) -> (&str, &str) {
    let (outside, _) = layout::top_level(head);
    match outside.into_iter().find(|&(i, c)| c == ' ' && i > 0) {
        Some((i, _)) => (
            head.get(..i).unwrap_or(head),
            head.get(i + 1..).unwrap_or(""),
        ),
        None => (head, ""),
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
        self.registry();

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
        if by_ns.is_empty() {
            self.w.line(&format!("pub mod {root} {{}}"));
            return;
        }
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
            self.w.line("use ::tlwire::for_generated_code::*;");
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

    /// Opens an `impl` block as rustfmt lays out its header: on one line
    /// when it fits (rustfmt measures impl headers without their
    /// indentation), else with `for …` on its own line, else with the trait
    /// on its own line too; a broken header puts `{` alone.
    pub(super) fn open_impl(&mut self, header: &str) {
        let one = format!("{header} {{");
        let Some((head, ty)) = header.split_once(" for ").filter(|_| one.len() > MAX_WIDTH) else {
            self.w.open(&one);
            return;
        };
        if self.fits(head) {
            self.w.line(head);
        } else {
            let (params, tr) = split_impl_params(head);
            self.w.line(params);
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
    /// Whether its decode fills a blank value in the arena
    /// ([`Emitter::in_place`]).
    pub in_place: bool,
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

/// The local that holds field or flags word `name` of `c` in its decode:
/// the name itself, or, for a name the decode uses for something else
/// (`r`, `value`), the name with underscores added until no other field or
/// flags word of `c` has it.
fn local_name(c: &Combinator, name: &str) -> String {
    let mut local = String::from(name);
    if !RESERVED_LOCALS.contains(&name) {
        return local;
    }
    let taken = |local: &str| {
        RESERVED_LOCALS.contains(&local)
            || c.fields.iter().any(|f| f.rust_name == local)
            || c.flag_words.iter().any(|w| w.rust_name == local)
    };
    while taken(&local) {
        local.push('_');
    }
    local
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
