//! The generator's view of a schema: every combinator resolved to Rust
//! names and field kinds, boxed types grouped with their constructors, and
//! the facts the emitter needs decided once (which fields must be boxed to
//! break recursion, which types can derive `Eq` and `Hash`).

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::metadata::{Callers, ErrorSpec, Metadata};
use super::names::{camel, ident, unique};
use super::GenerateError;
use crate::schema::{Category, Definition, ParameterType, Schema, Type};

/// Constructors the wire core implements itself, with their types; the
/// generator skips them.
const BUILTIN_CONSTRUCTORS: &[(&str, &str)] = &[
    ("boolFalse", "Bool"),
    ("boolTrue", "Bool"),
    ("true", "True"),
    ("vector", "Vector"),
];
/// Types the wire core implements itself: no other constructor may make one.
const BUILTIN_TYPES: &[&str] = &["Bool", "True", "Vector"];

/// What generated code names unqualified in every module, from Rust's
/// prelude and tlwire's (`use ::tlwire::prelude::*`): a generated item of
/// the same name would shadow it, so a TL name that comes out as one of
/// these gets an underscore (`result` → `Result_`). `Self` is a keyword.
const RESERVED_NAMES: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Box",
    "String",
    "Vec",
    "Borrowing",
    "BufMut",
    "Checked",
    "Decode",
    "DecodeError",
    "Encode",
    "EncodeError",
    "EncodeErrorKind",
    "FieldContext",
    "Identifiable",
    "Reader",
    "TlStr",
];
/// What the `enums` module names besides: its `From` impls and the enum of
/// every combinator.
const RESERVED_IN_ENUMS: &[&str] = &["From", "Object"];
/// What the `functions` module and the `errors` module (whose enums take
/// the functions' names) name besides.
const RESERVED_IN_FUNCTIONS: &[&str] = &["Function", "RpcError", "Callers", "MethodError"];
/// Modules of tlwire's prelude that generated code names unqualified: a
/// namespace of the same name gets an underscore.
const RESERVED_MODULES: &[&str] = &["json", "wire"];

/// A generic parameter's Rust name (`X`, `type` → `r#type`).
fn type_param(name: &str) -> String {
    unique(ident(name), RESERVED_NAMES, |_| false)
}

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
            Ty::Struct { path, .. } => {
                model
                    .structs
                    .iter()
                    .find(|c| &c.path == path)
                    .map_or(4, |c| {
                        c.fields
                            .iter()
                            .map(|f| f.min_len(model))
                            .sum::<usize>()
                            .max(1)
                    })
            }
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
}

/// The Rust paths of one generated module's items (`types`, `enums` or
/// `functions`): distinct TL names that come out the same in Rust
/// (`a_b`, `aB`), or as a name generated code relies on, get underscores,
/// first come first served.
struct Paths {
    /// What this module's code names unqualified besides [`RESERVED_NAMES`].
    reserved: &'static [&'static str],
    by_tl_name: BTreeMap<String, Path>,
    taken: BTreeSet<Path>,
}

impl Paths {
    fn new(reserved: &'static [&'static str]) -> Self {
        Self {
            reserved,
            by_tl_name: BTreeMap::new(),
            taken: BTreeSet::new(),
        }
    }

    fn assign(&mut self, full_name: &str) -> Path {
        if let Some(path) = self.by_tl_name.get(full_name) {
            return path.clone();
        }
        let (namespace, name) = split_full(full_name);
        let namespace: Vec<String> = namespace
            .iter()
            .map(|n| unique(ident(n), RESERVED_MODULES, |_| false))
            .collect();
        let name = unique(camel(&name), RESERVED_NAMES, |candidate| {
            self.reserved.contains(&candidate)
                || self.taken.contains(&Path {
                    namespace: namespace.clone(),
                    name: candidate.into(),
                })
        });
        let path = Path { namespace, name };
        self.taken.insert(path.clone());
        self.by_tl_name.insert(full_name.into(), path.clone());
        path
    }

    fn get(&self, full_name: &str) -> Option<&Path> {
        self.by_tl_name.get(full_name)
    }
}

impl Model {
    /// Resolves `schema`; fails on the first definition the generator cannot
    /// express, or on metadata about a method the schema lacks.
    pub fn build(schema: &Schema, metadata: &Metadata) -> Result<Self, Failure> {
        // (index in the schema, definition), the runtime's own lines left out.
        let defs: Vec<(usize, &Definition)> = schema
            .definitions
            .iter()
            .enumerate()
            .filter(|(_, d)| !is_builtin(d))
            .collect();
        let fail = |index: usize, d: &Definition, message: String| Failure {
            index: Some(index),
            error: GenerateError {
                line: d.line,
                combinator: d.full_name(),
                message,
            },
            earlier: None,
        };

        // Boxed types in first-seen order, and constructors by full name;
        // names and ids must be unique, as the wire and Rust both need.
        let mut type_order: Vec<String> = Vec::new();
        let mut type_ctors: BTreeMap<String, Vec<&Definition>> = BTreeMap::new();
        let mut ctor_by_name: BTreeMap<String, &Definition> = BTreeMap::new();
        // Index of the first definition of each name and each id.
        let mut first_named: BTreeMap<(bool, String), usize> = BTreeMap::new();
        let mut first_with_id: BTreeMap<u32, (usize, String)> = BTreeMap::new();
        for &(i, d) in &defs {
            let name = d.full_name();
            let function = d.category == Category::Function;
            if let Some(&earlier) = first_named.get(&(function, name.clone())) {
                let what = if function { "function" } else { "constructor" };
                let message = format!("a {what} of this name is already defined");
                return Err(Failure {
                    earlier: Some(earlier),
                    ..fail(i, d, message)
                });
            }
            first_named.insert((function, name.clone()), i);
            let id = d.id_or_computed();
            if let Some((earlier, other)) = first_with_id.get(&id) {
                let message = format!("id #{id:08x} is already the id of {other}");
                return Err(Failure {
                    earlier: Some(*earlier),
                    ..fail(i, d, message)
                });
            }
            first_with_id.insert(id, (i, name.clone()));
            if !function {
                ctor_by_name.insert(name, d);
                let ty = d.ty.full_name();
                if BUILTIN_TYPES.contains(&ty.as_str()) {
                    let message = format!("makes a {ty}, a type tlwire's runtime reads itself");
                    return Err(fail(i, d, message));
                }
                if ty != "Object" {
                    if !type_ctors.contains_key(&ty) {
                        type_order.push(ty.clone());
                    }
                    type_ctors.entry(ty).or_default().push(d);
                }
            }
        }

        // Rust paths, one namespace of names per generated module.
        let mut ctor_paths = Paths::new(&[]);
        let mut fn_paths = Paths::new(RESERVED_IN_FUNCTIONS);
        let mut type_paths = Paths::new(RESERVED_IN_ENUMS);
        for &(_, d) in &defs {
            match d.category {
                Category::Type => ctor_paths.assign(&d.full_name()),
                Category::Function => fn_paths.assign(&d.full_name()),
            };
        }
        for t in &type_order {
            type_paths.assign(t);
        }

        let resolver = Resolver {
            types: &type_ctors,
            ctors: &ctor_by_name,
            ctor_paths: &ctor_paths,
            type_paths: &type_paths,
        };

        let mut structs = Vec::new();
        let mut functions = Vec::new();
        let mut variants_taken = BTreeSet::new();
        for &(i, d) in &defs {
            let paths = match d.category {
                Category::Type => &ctor_paths,
                Category::Function => &fn_paths,
            };
            let path = paths.get(&d.full_name()).cloned().unwrap_or_default();
            let c = resolver
                .combinator(d, i, path, &mut variants_taken)
                .map_err(|message| fail(i, d, message))?;
            match d.category {
                Category::Type => structs.push(c),
                Category::Function => functions.push(c),
            }
        }

        let enums = type_order
            .iter()
            .map(|t| {
                let ctors = type_ctors.get(t).map(Vec::as_slice).unwrap_or_default();
                let mut taken = BTreeSet::new();
                let variants = ctors
                    .iter()
                    .map(|d| {
                        let mut v = camel(&d.name);
                        if taken.contains(&v) {
                            v = camel(&d.full_name().replace('.', "_"));
                        }
                        let v = unique(v, &["Self"], |v| taken.contains(v));
                        taken.insert(v.clone());
                        let path = ctor_paths.get(&d.full_name()).cloned().unwrap_or_default();
                        (v, path, d.id_or_computed())
                    })
                    .collect();
                BoxedType {
                    tl_name: t.clone(),
                    path: type_paths.get(t).cloned().unwrap_or_default(),
                    variants,
                    eq: true,
                    generic: true,
                }
            })
            .collect();

        apply_metadata(&mut functions, metadata).map_err(|error| Failure {
            index: None,
            error,
            earlier: None,
        })?;

        let mut model = Model {
            layer: schema.layer,
            structs,
            functions,
            enums,
            object_eq: true,
            object_generic: true,
        };
        model.check_finite()?;
        model.decide_boxing();
        super::sizes::decide(&mut model);
        model.decide_eq();
        model.decide_generic();
        model.decide_recursion();
        Ok(model)
    }

    /// Fails on the first combinator no finite value of which exists: one
    /// that always holds, through fields that are neither optional nor
    /// vectors, another of its own kind (`foo x:%Foo = Foo`, or a type whose
    /// every constructor does so). Its type could be written down but never
    /// built, and the generator's own walks over it would not end.
    fn check_finite(&self) -> Result<(), Failure> {
        let mut finite: BTreeSet<Node> = BTreeSet::new();
        // An `Object` is any constructor: finite once one is. A generic
        // query is finite: the caller brings it, from any schema.
        let ty_finite = |ty: &Ty, finite: &BTreeSet<Node>| match ty {
            Ty::Enum { path, .. } => finite.contains(&Node::Enum(path.clone())),
            Ty::Struct { path, .. } => finite.contains(&Node::Struct(path.clone())),
            Ty::Object => finite.iter().any(|n| matches!(n, Node::Struct(_))),
            _ => true,
        };
        // The first field of `c` that needs what is not (yet) known finite.
        let blocker = |c: &Combinator, finite: &BTreeSet<Node>| {
            c.fields
                .iter()
                .find(|f| {
                    matches!(&f.kind, FieldKind::Value { ty, flag: None } if !ty_finite(ty, finite))
                })
                .map(|f| f.tl_text.clone())
        };
        self.close_over(&mut finite, self.structs.iter(), |c, finite| {
            blocker(c, finite).is_none()
        });
        match self
            .combinators()
            .find_map(|c| Some((c, blocker(c, &finite)?)))
        {
            None => Ok(()),
            Some((c, field)) => Err(Failure {
                index: Some(c.index),
                earlier: None,
                error: GenerateError {
                    line: c.line,
                    combinator: c.tl_name.clone(),
                    message: format!(
                        "field {field} has no finite value: every value of its type holds another"
                    ),
                },
            }),
        }
    }

    /// Boxes every by-value field whose type can contain, by value, the
    /// struct the field is in: without it the struct would have infinite size.
    fn decide_boxing(&mut self) {
        let graph = self.value_edges();
        for c in &mut self.structs {
            let me = Node::Struct(c.path.clone());
            for f in &mut c.fields {
                if let FieldKind::Value { ty, .. } = &mut f.kind {
                    match ty {
                        Ty::Enum { path, boxed } => {
                            *boxed = reaches(&graph, Node::Enum(path.clone()), &me);
                        }
                        Ty::Struct { path, boxed } => {
                            *boxed = reaches(&graph, Node::Struct(path.clone()), &me);
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    fn value_edges(&self) -> BTreeMap<Node, Vec<Node>> {
        let mut graph: BTreeMap<Node, Vec<Node>> = BTreeMap::new();
        for c in &self.structs {
            let out = graph.entry(Node::Struct(c.path.clone())).or_default();
            for f in &c.fields {
                if let FieldKind::Value { ty, .. } = &f.kind {
                    match ty {
                        Ty::Enum { path, .. } => out.push(Node::Enum(path.clone())),
                        Ty::Struct { path, .. } => out.push(Node::Struct(path.clone())),
                        _ => {}
                    }
                }
            }
        }
        for e in &self.enums {
            let out = graph.entry(Node::Enum(e.path.clone())).or_default();
            for (_, p, _) in &e.variants {
                out.push(Node::Struct(p.clone()));
            }
        }
        graph
    }

    /// Marks the combinators that lie on a cycle of the nesting graph: an
    /// edge from a combinator to every type its fields decode (through
    /// vectors; `Object` and generic parameters lead to every combinator),
    /// and from a boxed type to its constructors.
    fn decide_recursion(&mut self) {
        let (s, f) = (self.structs.len(), self.functions.len());
        let object = s + f + self.enums.len();
        let structs: BTreeMap<&Path, usize> = self
            .structs
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.path, i))
            .collect();
        let enums: BTreeMap<&Path, usize> = self
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| (&e.path, s + f + i))
            .collect();
        let mut graph: Vec<Vec<usize>> = alloc::vec![Vec::new(); object + 1];
        for (node, c) in self.structs.iter().chain(&self.functions).enumerate() {
            for field in &c.fields {
                if let FieldKind::Value { ty, .. } = &field.kind {
                    nests(ty, &structs, &enums, object, &mut graph[node]);
                }
            }
        }
        for (i, e) in self.enums.iter().enumerate() {
            graph[s + f + i] = e
                .variants
                .iter()
                .filter_map(|(_, p, _)| structs.get(p).copied())
                .collect();
        }
        graph[object] = (0..s + f).collect();
        let on_cycle = on_cycles(&graph);
        for (i, c) in self
            .structs
            .iter_mut()
            .chain(&mut self.functions)
            .enumerate()
        {
            c.recursive = on_cycle[i];
        }
    }

    /// Grows `set` until nothing more joins: a combinator of `combinators`
    /// joins when `holds` says so, given the set so far; a boxed type joins
    /// when one of its constructors has.
    fn close_over<'c>(
        &self,
        set: &mut BTreeSet<Node>,
        combinators: impl Iterator<Item = &'c Combinator> + Clone,
        holds: impl Fn(&Combinator, &BTreeSet<Node>) -> bool,
    ) {
        loop {
            let before = set.len();
            for c in combinators.clone() {
                if holds(c, set) {
                    set.insert(Node::Struct(c.path.clone()));
                }
            }
            for e in &self.enums {
                if e.variants
                    .iter()
                    .any(|(_, p, _)| set.contains(&Node::Struct(p.clone())))
                {
                    set.insert(Node::Enum(e.path.clone()));
                }
            }
            if set.len() == before {
                break;
            }
        }
    }

    /// A type derives `Eq` and `Hash` unless a `double` is inside it.
    fn decide_eq(&mut self) {
        let mut no_eq: BTreeSet<Node> = BTreeSet::new();
        self.close_over(
            &mut no_eq,
            self.structs.iter().chain(&self.functions),
            |c, no_eq| c.fields.iter().any(|f| field_has_double(f, no_eq)),
        );
        // Object holds every combinator, so any double anywhere rules it out.
        self.object_eq = no_eq.is_empty();
        // A function path may equal a constructor path in another module;
        // functions are looked up in their own pass to keep them apart.
        let fn_no_eq: BTreeSet<Path> = self
            .functions
            .iter()
            .filter(|c| c.fields.iter().any(|f| field_has_double(f, &no_eq)))
            .map(|c| c.path.clone())
            .collect();
        for c in &mut self.structs {
            c.eq = !no_eq.contains(&Node::Struct(c.path.clone()));
        }
        for c in &mut self.functions {
            c.eq = !fn_no_eq.contains(&c.path);
        }
        for e in &mut self.enums {
            e.eq = !no_eq.contains(&Node::Enum(e.path.clone()));
        }
    }

    /// A type takes the input's lifetime only if something borrowed is
    /// inside it (a `bytes` or `string` from the input; a vector or a boxed
    /// value from the arena); otherwise the lifetime would be unused.
    fn decide_generic(&mut self) {
        let mut generic: BTreeSet<Node> = BTreeSet::new();
        // `Object` holds its large constructors, and generic queries, by
        // reference.
        let mut object = self
            .combinators()
            .any(|c| c.boxed_in_object() || !c.type_params.is_empty());
        let boxed: BTreeSet<Path> = self
            .structs
            .iter()
            .filter(|c| c.boxed)
            .map(|c| c.path.clone())
            .collect();
        loop {
            let before = (generic.len(), object);
            for c in &self.structs {
                if c.fields.iter().any(|f| field_borrows(f, &generic)) {
                    generic.insert(Node::Struct(c.path.clone()));
                    object = true;
                }
            }
            for c in &self.functions {
                if c.fields.iter().any(|f| field_borrows(f, &generic)) {
                    object = true;
                }
            }
            for e in &self.enums {
                if e.variants.iter().any(|(_, p, _)| {
                    boxed.contains(p) || generic.contains(&Node::Struct(p.clone()))
                }) {
                    generic.insert(Node::Enum(e.path.clone()));
                }
            }
            if (generic.len(), object) == before {
                break;
            }
        }
        self.object_generic = object;
        for c in &mut self.structs {
            c.generic = generic.contains(&Node::Struct(c.path.clone()));
        }
        let fns: Vec<bool> = self
            .functions
            .iter()
            .map(|c| c.fields.iter().any(|f| field_borrows(f, &generic)))
            .collect();
        for (c, g) in self.functions.iter_mut().zip(fns) {
            c.generic = g;
        }
        for e in &mut self.enums {
            e.generic = generic.contains(&Node::Enum(e.path.clone()));
        }
    }

    /// Whether a type reference carries the input's lifetime.
    pub fn ty_generic(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Bytes | Ty::Str => true,
            Ty::Object => self.object_generic,
            Ty::Vector { elem, .. } => self.ty_generic(elem),
            Ty::Enum { path, .. } => self.enums.iter().any(|e| &e.path == path && e.generic),
            Ty::Struct { path, .. } => self.structs.iter().any(|c| &c.path == path && c.generic),
            _ => false,
        }
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

/// Attaches `errors.tsv` and `methods.tsv` facts to their functions; a fact
/// about a method the schema does not have, or a secret field that is not a
/// `bytes`/`string` field of it, is an error.
fn apply_metadata(functions: &mut [Combinator], metadata: &Metadata) -> Result<(), GenerateError> {
    let unknown = |method: &str| GenerateError {
        line: 0,
        combinator: method.to_string(),
        message: "metadata names a method the schema does not define".to_string(),
    };
    for (method, errors) in &metadata.errors {
        let f = functions
            .iter_mut()
            .find(|f| &f.tl_name == method)
            .ok_or_else(|| unknown(method))?;
        f.errors = errors.clone();
    }
    for (method, facts) in &metadata.methods {
        let f = functions
            .iter_mut()
            .find(|f| &f.tl_name == method)
            .ok_or_else(|| unknown(method))?;
        for secret in &facts.secrets {
            let ok = f.fields.iter().any(|field| {
                &field.tl_name == secret
                    && matches!(
                        field.kind,
                        FieldKind::Value {
                            ty: Ty::Bytes | Ty::Str,
                            flag: None
                        }
                    )
            });
            if !ok {
                return Err(GenerateError {
                    line: 0,
                    combinator: method.clone(),
                    message: format!("secret field {secret} is not a bytes or string field"),
                });
            }
        }
        f.callers = facts.callers;
        f.secrets = facts.secrets.clone();
    }
    Ok(())
}

fn field_borrows(f: &Field, generic: &BTreeSet<Node>) -> bool {
    match &f.kind {
        FieldKind::Value { ty, .. } => ty_borrows(ty, generic),
        _ => false,
    }
}

fn ty_borrows(ty: &Ty, generic: &BTreeSet<Node>) -> bool {
    match ty {
        // Borrowed from the input, or made in the decode's arena.
        Ty::Bytes | Ty::Str | Ty::Object | Ty::Vector { .. } => true,
        Ty::Enum { boxed: true, .. } | Ty::Struct { boxed: true, .. } => true,
        Ty::Enum { path, .. } => generic.contains(&Node::Enum(path.clone())),
        Ty::Struct { path, .. } => generic.contains(&Node::Struct(path.clone())),
        _ => false,
    }
}

fn field_has_double(f: &Field, no_eq: &BTreeSet<Node>) -> bool {
    match &f.kind {
        FieldKind::Value { ty, .. } => ty_has_double(ty, no_eq),
        _ => false,
    }
}

fn ty_has_double(ty: &Ty, no_eq: &BTreeSet<Node>) -> bool {
    match ty {
        Ty::Double => true,
        Ty::Vector { elem, .. } => ty_has_double(elem, no_eq),
        Ty::Enum { path, .. } => no_eq.contains(&Node::Enum(path.clone())),
        Ty::Struct { path, .. } => no_eq.contains(&Node::Struct(path.clone())),
        // Object's Eq is decided separately; a field of it follows Object.
        Ty::Object => !no_eq.is_empty(),
        _ => false,
    }
}

/// Adds to `out` the nodes a field of type `ty` decodes.
fn nests(
    ty: &Ty,
    structs: &BTreeMap<&Path, usize>,
    enums: &BTreeMap<&Path, usize>,
    object: usize,
    out: &mut Vec<usize>,
) {
    match ty {
        Ty::Vector { elem, .. } => nests(elem, structs, enums, object, out),
        Ty::Enum { path, .. } => out.extend(enums.get(path)),
        Ty::Struct { path, .. } => out.extend(structs.get(path)),
        Ty::Object | Ty::Generic(_) => out.push(object),
        _ => {}
    }
}

/// Which nodes of `graph` lie on a cycle: Tarjan's strongly connected
/// components, iteratively (a layer's graph is thousands of nodes deep).
fn on_cycles(graph: &[Vec<usize>]) -> Vec<bool> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let (mut index, mut low) = (alloc::vec![UNSEEN; n], alloc::vec![0; n]);
    let mut on_stack = alloc::vec![false; n];
    let (mut stack, mut result) = (Vec::new(), alloc::vec![false; n]);
    let mut next = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next edge to look at)
        let mut work = alloc::vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == UNSEEN {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = graph[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                let cyclic = component.len() > 1 || graph[v].contains(&v);
                for w in component {
                    result[w] = cyclic;
                }
            }
        }
    }
    result
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Struct(Path),
    Enum(Path),
}

fn reaches(graph: &BTreeMap<Node, Vec<Node>>, from: Node, target: &Node) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = alloc::vec![from];
    while let Some(n) = stack.pop() {
        if &n == target {
            return true;
        }
        if seen.insert(n.clone()) {
            if let Some(next) = graph.get(&n) {
                stack.extend(next.iter().cloned());
            }
        }
    }
    false
}

/// A constructor of the runtime's own (`boolTrue = Bool`, `vector … = Vector t`).
fn is_builtin(d: &Definition) -> bool {
    d.category == Category::Type
        && d.namespace.is_empty()
        && d.ty.namespace.is_empty()
        && BUILTIN_CONSTRUCTORS.contains(&(d.name.as_str(), d.ty.name.as_str()))
}

fn split_full(full: &str) -> (Vec<String>, String) {
    let mut parts: Vec<String> = full.split('.').map(ToString::to_string).collect();
    let name = parts.pop().unwrap_or_default();
    (parts, name)
}

struct Resolver<'s> {
    types: &'s BTreeMap<String, Vec<&'s Definition>>,
    ctors: &'s BTreeMap<String, &'s Definition>,
    ctor_paths: &'s Paths,
    type_paths: &'s Paths,
}

impl Resolver<'_> {
    /// Resolves definition `index` of the schema, whose Rust path is `path`.
    fn combinator(
        &self,
        d: &Definition,
        index: usize,
        path: Path,
        variants_taken: &mut BTreeSet<String>,
    ) -> Result<Combinator, String> {
        let params = &d.generic_params;
        // Only functions wrap a query of any type; the one generic
        // constructor of the official files, `vector`, is the runtime's.
        if d.category == Category::Type && !params.is_empty() {
            return Err(
                "type parameters are only for functions (`{X:Type} … query:!X = X`)".into(),
            );
        }
        let mut flag_words: Vec<FlagWord> = Vec::new();
        let mut fields = Vec::new();
        for p in &d.params {
            let kind = match &p.ty {
                ParameterType::Flags => {
                    flag_words.push(FlagWord {
                        tl_name: p.name.clone(),
                        rust_name: String::new(),
                        unknown_field: String::new(),
                        known: 0,
                    });
                    FieldKind::FlagsWord(flag_words.len() - 1)
                }
                ParameterType::Normal { ty, flag } => {
                    let flag = match flag {
                        Some(flag) => {
                            let word = flag_words
                                .iter()
                                .position(|w| w.tl_name == flag.name)
                                .ok_or_else(|| {
                                    format!(
                                        "field {} uses flags word {} before it is declared",
                                        p.name, flag.name
                                    )
                                })?;
                            if flag.index > 31 {
                                return Err(format!("flag bit {} out of range", flag.index));
                            }
                            if let Some(w) = flag_words.get_mut(word) {
                                w.known |= 1 << flag.index;
                            }
                            Some((word, flag.index))
                        }
                        None => None,
                    };
                    let is_true = ty.namespace.is_empty() && ty.name == "true" && !ty.generic_ref;
                    match (is_true, flag) {
                        (true, Some((word, bit))) => FieldKind::TrueFlag { word, bit },
                        (true, None) => {
                            return Err(format!("field {} of type true has no flag", p.name))
                        }
                        (false, flag) => FieldKind::Value {
                            ty: self
                                .ty(ty, params)
                                .map_err(|m| format!("field {}: {m}", p.name))?,
                            flag,
                        },
                    }
                }
                ParameterType::Repeat { .. } => {
                    return Err("repetitions are only supported in built-in lines".into())
                }
            };
            // Rust fields are snake_case (`srp_B` → `srp_b`, `A` → `a`); a
            // clash with another field gets an underscore.
            let rust_name = unique(ident(&p.name.to_ascii_lowercase()), &[], |name| {
                fields.iter().any(|f: &Field| f.rust_name == name)
            });
            if let FieldKind::FlagsWord(i) = kind {
                if let Some(w) = flag_words.get_mut(i) {
                    w.rust_name.clone_from(&rust_name);
                }
            }
            fields.push(Field {
                tl_name: p.name.clone(),
                rust_name,
                tl_text: p.to_string(),
                kind,
            });
        }
        // Each flags word keeps its unknown bits in a field of its own, named
        // after it, clear of the schema's fields and of each other.
        for i in 0..flag_words.len() {
            let base = match flag_words.get(i) {
                Some(w) if w.tl_name == "flags" => "unknown_flags".to_string(),
                Some(w) => format!("unknown_{}", w.rust_name.trim_start_matches("r#")),
                None => continue,
            };
            let name = unique(base, &[], |name| {
                fields.iter().any(|f| f.rust_name == name)
                    || flag_words.iter().any(|w| w.unknown_field == name)
            });
            if let Some(w) = flag_words.get_mut(i) {
                w.unknown_field = name;
            }
        }
        for p in params {
            let used = fields
                .iter()
                .any(|f| matches!(&f.kind, FieldKind::Value { ty: Ty::Generic(x), .. } if *x == type_param(p)));
            if !used {
                return Err(format!(
                    "type parameter {p} is not the type of any field (`!{p}`)"
                ));
            }
        }
        let result = match d.category {
            // A constructor of `Object` (`gzip_packed`) belongs to no enum
            // but the one of every combinator.
            Category::Type => Ty::Enum {
                path: self
                    .type_paths
                    .get(&d.ty.full_name())
                    .cloned()
                    .unwrap_or_else(|| Path {
                        namespace: Vec::new(),
                        name: "Object".into(),
                    }),
                boxed: false,
            },
            Category::Function => self.ty(&d.ty, params).map_err(|m| format!("result: {m}"))?,
        };
        let variant = unique(camel(&d.full_name().replace('.', "_")), &["Self"], |v| {
            variants_taken.contains(v)
        });
        variants_taken.insert(variant.clone());
        Ok(Combinator {
            index,
            line: d.line,
            tl_name: d.full_name(),
            tl_line: d.to_string(),
            id: d.id_or_computed(),
            category: d.category,
            path,
            variant,
            fields,
            flag_words,
            result,
            type_params: params.iter().map(|p| type_param(p)).collect(),
            eq: true,
            generic: true,
            errors: Vec::new(),
            callers: None,
            secrets: Vec::new(),
            recursive: false,
            size: 0,
            boxed: false,
        })
    }

    fn ty(&self, t: &Type, params: &[String]) -> Result<Ty, String> {
        let name = t.full_name();
        if t.generic_ref || params.contains(&name) {
            return if params.contains(&name) {
                Ok(Ty::Generic(type_param(&name)))
            } else {
                Err(format!("!{name} names no generic parameter"))
            };
        }
        if let Some(arg) = &t.generic_arg {
            return match name.as_str() {
                "Vector" | "vector" => Ok(Ty::Vector {
                    bare: name == "vector",
                    elem: alloc::boxed::Box::new(self.ty(arg, &[])?),
                }),
                _ => Err(format!("unknown generic type {name}")),
            };
        }
        Ok(match name.as_str() {
            "int" => Ty::Int,
            "long" => Ty::Long,
            "double" => Ty::Double,
            "int128" => Ty::Int128,
            "int256" => Ty::Int256,
            "bytes" => Ty::Bytes,
            "string" => Ty::Str,
            "Bool" => Ty::Bool,
            "Object" => Ty::Object,
            _ if self.types.contains_key(&name) => {
                if t.bare {
                    // `%T`: the bare form of T's only constructor.
                    match self.types.get(&name).map(Vec::as_slice) {
                        Some([only]) => Ty::Struct {
                            path: self.ctor_path(&only.full_name()),
                            boxed: false,
                        },
                        _ => return Err(format!("%{name} needs exactly one constructor")),
                    }
                } else {
                    Ty::Enum {
                        path: self.type_paths.get(&name).cloned().unwrap_or_default(),
                        boxed: false,
                    }
                }
            }
            _ if self.ctors.contains_key(&name) => Ty::Struct {
                path: self.ctor_path(&name),
                boxed: false,
            },
            _ => return Err(format!("unknown type {name}")),
        })
    }

    fn ctor_path(&self, full_name: &str) -> Path {
        self.ctor_paths.get(full_name).cloned().unwrap_or_default()
    }
}
