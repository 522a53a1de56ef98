//! Emits `samples`: one value of every constructor and function of a
//! schema, for round-trip tests of the generated code (`Options::samples`),
//! a function that compiles only if every function names its response
//! type, the size of every generated type (`SIZES`) and the deepest nest
//! of every recursive combinator (`NESTS`, from [`nests`](super::nests)).
//!
//! Values are chosen to exercise the encoding: every optional field present,
//! every `?true` flag set, vectors with an element. Recursion is cut by
//! choosing, for each boxed type, its cheapest constructor (the fewest
//! required nested objects) and by leaving vectors empty and optional fields
//! absent below a small depth.
//!
//! Each value is written as a test would write it by hand: `let` bindings,
//! innermost first, each one struct literal named after the field it fills,
//! laid out as rustfmt lays it out (one nested expression per value would
//! run to hundreds of columns).

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::emit::{object_path, Emitter, Params, Scope, MAX_WIDTH};
use super::layout::{self, Expr};
use super::model::sizes;
use super::model::{Combinator, FieldKind, Model, Path, Ty};
use super::names::{ident, Names};
use tlwire_schema::Category;

/// Below this depth optional fields are present and vectors hold an element.
const FULL_DEPTH: usize = 2;
/// A cost larger than any finite one.
const INFINITE: usize = usize::MAX / 4;

/// The cheapest constructor of each boxed type, and of `Object`.
pub(super) struct Choices {
    pub(super) by_enum: BTreeMap<Path, usize>,
    pub(super) object: Option<usize>,
}

fn cost_of(ty: &Ty, structs: &[usize], model: &Model, enums: &BTreeMap<Path, usize>) -> usize {
    match ty {
        Ty::Enum { path, .. } => enums.get(path).copied().unwrap_or(INFINITE),
        Ty::Struct { path, .. } => model
            .struct_index(path)
            .and_then(|i| structs.get(i).copied())
            .unwrap_or(INFINITE),
        // `Object` and generic queries take the cheapest constructor: not
        // one that holds an `Object` itself (`rpc_result`) when another
        // does not.
        Ty::Object | Ty::Generic(_) => structs.iter().copied().min().unwrap_or(INFINITE),
        // Vectors can be empty.
        _ => 0,
    }
}

pub(super) fn choose(model: &Model) -> (Choices, Vec<usize>) {
    let mut structs = alloc::vec![INFINITE; model.structs.len()];
    let mut enums: BTreeMap<Path, usize> = BTreeMap::new();
    loop {
        let mut changed = false;
        for (i, c) in model.structs.iter().enumerate() {
            let cost = c
                .fields
                .iter()
                .map(|f| match &f.kind {
                    FieldKind::Value { ty, flag: None } => cost_of(ty, &structs, model, &enums),
                    _ => 0,
                })
                .fold(1usize, |a, b| a.saturating_add(b))
                .min(INFINITE);
            if cost < structs[i] {
                structs[i] = cost;
                changed = true;
            }
        }
        for e in &model.enums {
            let best = e
                .variants
                .iter()
                .filter_map(|(_, p, _)| model.struct_index(p))
                .map(|i| structs[i])
                .min()
                .unwrap_or(INFINITE);
            if enums.get(&e.path).is_none_or(|&old| best < old) {
                enums.insert(e.path.clone(), best);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let by_enum = model
        .enums
        .iter()
        .filter_map(|e| {
            e.variants
                .iter()
                .filter_map(|(_, p, _)| model.struct_index(p))
                .min_by_key(|&i| structs[i])
                .map(|i| (e.path.clone(), i))
        })
        .collect();
    let object = (0..model.structs.len()).min_by_key(|&i| structs[i]);
    (Choices { by_enum, object }, structs)
}

/// `value`, a value of `c`, as the `Object` enum's variant of `c` holds it.
fn in_object(c: &Combinator, value: String) -> String {
    by_reference(c.boxed_in_object(), value)
}

/// `value`, held by reference (in the samples' arena) when `boxed`.
fn by_reference(boxed: bool, value: String) -> String {
    if boxed {
        format!("arena.alloc({value})")
    } else {
        value
    }
}

/// `AuthAcceptLoginToken` → `auth_accept_login_token`.
fn snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 8);
    for (i, ch) in camel.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

impl Emitter<'_> {
    /// Writes `pub mod samples { … }`.
    pub(super) fn samples(&mut self) {
        let model = self.model;
        let (choices, _) = choose(model);
        let scope = Scope { depth: 1 };
        let object = scope.path("enums", &object_path());
        self.w
            .doc("One sample value of every constructor and function, for round-trip tests.");
        self.w.open("pub mod samples {");
        self.w.line("use ::tlwire::for_generated_code::*;");
        self.w.line("");
        self.w
            .doc("Every combinator of the schema once, as an `Object`.");
        // `Object` takes the input's lifetime only if something borrows.
        let (lt, made) = if model.object_generic {
            ("<'static>", "<'_>")
        } else {
            ("", "")
        };
        self.w.open(&format!(
            "pub fn all(arena: &Arena) -> Vec<{object}{made}> {{"
        ));
        // Function pointers, called one at a time: each value is built in
        // its own small frame (thousands of nested literals in one function
        // overflow the stack in debug builds).
        // One function per combinator, named after its variant, clear of
        // keywords and of the module's two public functions.
        let mut names = Names::default();
        let reserved = ["all", "responses_are_linked"];
        let makers: Vec<String> = model
            .combinators()
            .map(|c| names.claim(ident(&snake(&c.variant)), &reserved))
            .collect();
        self.w
            .open(&format!("let makers: &[fn(&Arena) -> {object}{made}] = &["));
        for maker in &makers {
            self.w.line(&format!("{maker},"));
        }
        self.w.close("];");
        self.w
            .line("makers.iter().map(|make| make(arena)).collect()");
        self.w.close("}");
        for (c, maker) in model.combinators().zip(&makers) {
            let mut lets = Lets::default();
            let value = self.sample_struct(c, scope, &choices, 0, &mut lets, "value");
            let value = in_object(c, value);
            self.w.line("");
            // Values without a vector or a reference leave the arena unused.
            let arena = if lets.use_arena() || uses_arena(&value) {
                "arena"
            } else {
                "_arena"
            };
            let header = format!("fn {maker}({arena}: &Arena) -> {object}{made} {{");
            if self.fits(&header) {
                self.w.open(&header);
            } else {
                // A long name's parameter goes on its own line, as rustfmt
                // puts it.
                self.w.open(&format!("fn {maker}("));
                self.w.line(&format!("{arena}: &Arena,"));
                self.w.pop_indent();
                self.w.open(&format!(") -> {object}{made} {{"));
            }
            self.write_lets(&lets);
            let call = Expr::call(&format!("{object}::{}", c.variant), &[&value], "");
            layout::write(&mut self.w, "", &call, "", false);
            self.w.close("}");
        }
        self.sizes(scope, lt);
        self.nests(&choices);
        self.w.line("");
        self.w
            .doc("Compiles only if every function names its response type; returns their number.");
        self.w.open("pub fn responses_are_linked() -> usize {");
        self.w.open("fn linked<F: Function>() -> usize {");
        self.w
            .line("usize::from(!::core::any::type_name::<F::Response>().is_empty())");
        self.w.close("}");
        // A generic function is linked through a plain one as its query,
        // named once so that each line fits.
        let plain = model.functions.iter().find(|f| f.type_params.is_empty());
        let generic = model
            .functions
            .iter()
            .any(|f| !Params::of(f).types.is_empty());
        let query = plain.filter(|_| generic).map(|f| {
            let args = Params::of(f).args_with("'static", "");
            let path = scope.path("functions", &f.path);
            self.w.line(&format!("type Query = {path}{args};"));
            "Query"
        });
        self.w.line("let mut n = 0;");
        for f in &model.functions {
            let params = Params::of(f);
            let Some(query) = query.or(params.types.is_empty().then_some("")) else {
                continue;
            };
            let args = params.args_with("'static", query);
            let path = scope.path("functions", &f.path);
            self.w.line(&format!("n += linked::<{path}{args}>();"));
        }
        self.w.line("n");
        self.w.close("}");
        self.w.close("}");
    }

    /// Writes `SIZES`: every generated type's name, its size in memory and
    /// the bound the generator keeps it within, for a check over the layer.
    fn sizes(&mut self, scope: Scope, lt: &str) {
        let model = self.model;
        // Generic functions are measured with an `Object` reference as
        // their query, named once so that each row fits its line.
        let object = "AnyQuery";
        let mut rows: Vec<(String, String, usize)> = Vec::new();
        let lifetime = |generic: bool| if generic { "<'static>" } else { "" };
        for e in &model.enums {
            let bound = if e.variants.len() > 1 {
                sizes::ENUM_MAX
            } else {
                sizes::STRUCT_MAX
            };
            let path = scope.path("enums", &e.path);
            rows.push((
                path.clone(),
                format!("{path}{}", lifetime(e.generic)),
                bound,
            ));
        }
        for c in model.combinators() {
            let root = if c.category == Category::Function {
                "functions"
            } else {
                "types"
            };
            let path = scope.path(root, &c.path);
            let args = Params::of(c).args_with("'static", object);
            rows.push((path.clone(), format!("{path}{args}"), sizes::STRUCT_MAX));
        }
        let path = scope.path("enums", &object_path());
        rows.push((path.clone(), format!("{path}{lt}"), sizes::ENUM_MAX));
        self.w.line("");
        self.w
            .doc("The query a generic function's size is measured with.");
        self.w.line(&format!(
            "type AnyQuery = &'static {}{lt};",
            scope.path("enums", &object_path())
        ));
        self.w.line("");
        self.w
            .doc("Every generated type: its path, its size in memory and the bound the");
        self.w.doc("generator keeps it within.");
        self.w.open("pub const SIZES: &[(&str, usize, usize)] = &[");
        for (name, ty, bound) in rows {
            let name = name.trim_start_matches("super::");
            let call = Expr::call(
                "",
                &[
                    &format!("\"{name}\""),
                    &format!("size_of::<{ty}>()"),
                    &bound.to_string(),
                ],
                ",",
            );
            layout::write(&mut self.w, "", &call, "", false);
        }
        self.w.close("];");
    }

    /// Binds a value of `c` (its nested values bound first) and returns
    /// the binding's name, based on `hint`.
    fn sample_struct(
        &self,
        c: &Combinator,
        scope: Scope,
        ch: &Choices,
        depth: usize,
        lets: &mut Lets,
        hint: &str,
    ) -> String {
        let root = if c.category == Category::Function {
            "functions"
        } else {
            "types"
        };
        let path = scope.path(root, &c.path);
        let fields: Vec<String> = c
            .fields
            .iter()
            .map(|f| {
                let value = match &f.kind {
                    FieldKind::FlagsWord(i) => {
                        return format!("{}: 0", c.flag_words[*i].unknown_field);
                    }
                    // Set exactly when optional fields are present: a `?true` flag
                    // may share its bit with one (`attachMenuBot`).
                    FieldKind::TrueFlag { .. } => {
                        String::from(if depth < FULL_DEPTH { "true" } else { "false" })
                    }
                    FieldKind::Value { ty, flag: None } => {
                        self.sample(ty, scope, ch, depth, lets, &f.rust_name)
                    }
                    FieldKind::Value { ty, flag: Some(_) } if depth < FULL_DEPTH => {
                        let value = self.sample(ty, scope, ch, depth, lets, &f.rust_name);
                        format!("Some({value})")
                    }
                    FieldKind::Value { .. } => String::from("None"),
                };
                lets.field(&f.rust_name, value)
            })
            .collect();
        let name = lets.name(hint);
        lets.all.push(Let::Struct {
            name: name.clone(),
            path,
            fields,
        });
        name
    }

    /// A value of `ty`: a literal, or an expression around the names of
    /// values bound before it.
    fn sample(
        &self,
        ty: &Ty,
        scope: Scope,
        ch: &Choices,
        depth: usize,
        lets: &mut Lets,
        hint: &str,
    ) -> String {
        let model = self.model;
        let nested = |i: Option<usize>, lets: &mut Lets| {
            i.and_then(|i| model.structs.get(i))
                .map(|c| self.sample_struct(c, scope, ch, depth + 1, lets, hint))
                .unwrap_or_default()
        };
        match ty {
            Ty::Int => "7".into(),
            Ty::Long => "7".into(),
            Ty::Double => "0.5".into(),
            Ty::Int128 => "[7; 16]".into(),
            Ty::Int256 => "[7; 32]".into(),
            Ty::Bytes => "&[1, 2, 3][..]".into(),
            Ty::Str => "\"text\".into()".into(),
            Ty::Bool => "true".into(),
            Ty::Vector { elem, .. } if depth < FULL_DEPTH => {
                let elem = self.sample(elem, scope, ch, depth + 1, lets, hint);
                format!("arena.alloc_slice([{elem}])")
            }
            // A slice, not an empty array: an element of a vector of
            // vectors must have the element type.
            Ty::Vector { .. } => "&[][..]".into(),
            Ty::Object | Ty::Generic(_) => {
                // `Object` has no `From` per combinator: name the variant.
                let c = ch.object.and_then(|i| model.structs.get(i));
                let variant = c.map(|c| c.variant.as_str()).unwrap_or_default();
                let value = nested(ch.object, lets);
                let value = c.map_or_else(|| value.clone(), |c| in_object(c, value.clone()));
                let object = scope.path("enums", &object_path());
                lets.bound(hint, format!("arena.alloc({object}::{variant}({value}))"))
            }
            Ty::Enum { path, boxed } => {
                let chosen = ch.by_enum.get(path).copied();
                // A large constructor's variant holds it by reference too.
                let held = chosen
                    .and_then(|i| model.structs.get(i))
                    .is_some_and(|c| c.boxed);
                let value = format!("{}.into()", by_reference(held, nested(chosen, lets)));
                by_reference(*boxed, value)
            }
            Ty::Struct { path, boxed } => {
                let value = nested(model.struct_index(path), lets);
                by_reference(*boxed, value)
            }
        }
    }

    /// Writes the bindings of one sample, in order.
    fn write_lets(&mut self, lets: &Lets) {
        for binding in &lets.all {
            match binding {
                Let::Struct { name, path, fields } => {
                    let open = format!("let {name} = {path}");
                    if let Some(line) = self.one_line_literal(&open, fields, ";") {
                        self.w.line(&line);
                        continue;
                    }
                    // rustfmt's other choice for a `let`: the value on the
                    // next line, when it fits there on one line or its
                    // first line does not fit after the `=`.
                    self.w.push_indent();
                    let next_line = self.one_line_literal(path, fields, ";");
                    let first_fits = self.fits(&format!("{open} {{")) || next_line.is_some();
                    self.w.pop_indent();
                    if first_fits && next_line.is_none() {
                        self.broken_literal(&format!("{open} {{"), fields, "};");
                        continue;
                    }
                    self.w.line(&format!("let {name} ="));
                    self.w.push_indent();
                    match next_line {
                        Some(line) => self.w.line(&line),
                        None => self.broken_literal(&format!("{path} {{"), fields, "};"),
                    }
                    self.w.pop_indent();
                }
                Let::Value { name, value } => {
                    let prefix = format!("let {name} = ");
                    let value = Expr::Atom(value.clone());
                    layout::write(&mut self.w, &prefix, &value, ";", true);
                }
            }
        }
    }
}

/// The `let` bindings one sample is built from, innermost values first,
/// so that each statement is one short struct literal, as a test would
/// write it by hand, rather than one expression nested as deep as the
/// value.
#[derive(Default)]
struct Lets {
    all: Vec<Let>,
    /// The names given.
    names: Names,
}

enum Let {
    /// `let name = path { fields };`
    Struct {
        name: String,
        path: String,
        fields: Vec<String>,
    },
    /// `let name = value;`
    Value { name: String, value: String },
}

/// The widest `field: value,` kept in a struct literal's body: the
/// literal's fields are indented three levels (module, function, literal),
/// four when the literal goes on the line after its `let`, and a wider
/// value is bound on its own first.
const FIELD_WIDTH: usize = MAX_WIDTH - 16 - 1;

impl Lets {
    /// A fresh local name based on `hint` (a field name): `photo`, then
    /// `photo_2`, `photo_3`.
    fn name(&mut self, hint: &str) -> String {
        // `r#type` → `type_`, then `type_2`: a plain name reads better, and
        // can take a number. `arena` is the function's parameter.
        let (stem, first) = match hint.strip_prefix("r#") {
            Some(keyword) => (keyword, format!("{keyword}_")),
            None => (hint, String::from(hint)),
        };
        self.names.claim_numbered(stem, first, &["arena"])
    }

    /// `value` bound to a fresh name, which is returned.
    fn bound(&mut self, hint: &str, value: String) -> String {
        let name = self.name(hint);
        self.all.push(Let::Value {
            name: name.clone(),
            value,
        });
        name
    }

    /// The entry of `field` in a struct literal: `field: value`, or
    /// `field` alone when the value is a binding of that name (as rustfmt
    /// and clippy prefer), with a value too wide for the line bound first.
    fn field(&mut self, field: &str, value: String) -> String {
        let value = if field.len() + 2 + value.len() + 1 > FIELD_WIDTH && value != field {
            self.bound(field, value)
        } else {
            value
        };
        if value == field {
            value
        } else {
            format!("{field}: {value}")
        }
    }

    /// Whether any binding uses the samples' arena.
    fn use_arena(&self) -> bool {
        self.all.iter().any(|binding| match binding {
            Let::Struct { fields, .. } => fields.iter().any(|f| uses_arena(f)),
            Let::Value { value, .. } => uses_arena(value),
        })
    }
}

/// Whether `code` calls a method of `arena`, the samples' parameter (not
/// of a binding whose name ends in `arena`).
fn uses_arena(code: &str) -> bool {
    code.match_indices("arena.").any(|(at, _)| {
        code.get(..at)
            .and_then(|before| before.chars().next_back())
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_arena_is_told_from_names_ending_in_arena() {
        assert!(super::uses_arena("arena.alloc(x)"));
        assert!(super::uses_arena("Some(arena.alloc_slice([x]))"));
        assert!(!super::uses_arena("media_arena.into()"));
        assert!(!super::uses_arena("\"text\".into()"));
    }

    /// Below the full depth a vector is empty, written as a slice: as an
    /// element of a vector of vectors an empty array would not have the
    /// element's type.
    #[test]
    fn empty_vectors_are_slices() {
        let schema = tlwire_schema::parse(
            "t x:int = T;\nc f:Vector<vector<T>> = C;\nd c:C = D;\ne d:D = E;",
        )
        .unwrap();
        let options = super::super::Options {
            samples: true,
            ..super::super::Options::default()
        };
        let rust = super::super::generate(&schema, &options).unwrap();
        assert!(rust.contains("arena.alloc_slice([&[][..]])"), "{rust}");
        assert!(!rust.contains("[&[]]"), "{rust}");
    }
}
