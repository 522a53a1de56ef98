//! From parsed definitions to the model: each combinator named by its Rust
//! path (see [`paths`](super::paths)), its fields resolved to types, and
//! the methods' metadata applied.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::super::metadata::{Metadata, Table};
use super::super::names::{camel, ident, Names};
use super::super::GenerateError;
use super::paths::{type_param, Paths, RESERVED_IN_ENUMS, RESERVED_IN_FUNCTIONS};
use super::{BoxedType, Combinator, Failure, Field, FieldKind, FlagWord, Model, Path, Ty};

use tlwire_schema::{Category, Definition, ParameterType, Schema, Type};

/// Constructors the wire core implements itself, with their types; the
/// generator skips them.
pub(super) const BUILTIN_CONSTRUCTORS: &[(&str, &str)] = &[
    ("boolFalse", "Bool"),
    ("boolTrue", "Bool"),
    ("true", "True"),
    ("vector", "Vector"),
];

/// Types the wire core implements itself: no other constructor may make one.
pub(super) const BUILTIN_TYPES: &[&str] = &["Bool", "True", "Vector"];

/// Attaches `errors.tsv` and `methods.tsv` facts to their functions; a fact
/// about a method the schema does not have, or a secret field that is not a
/// `bytes`/`string` field of it, is an error.
pub(super) fn apply_metadata(
    functions: &mut [Combinator],
    metadata: &Metadata,
) -> Result<(), (GenerateError, Table)> {
    let unknown = |method: &str, table| {
        let error = GenerateError {
            line: 0,
            combinator: method.to_string(),
            message: "metadata names a method the schema does not define".to_string(),
        };
        (error, table)
    };
    for (method, errors) in &metadata.errors {
        let f = functions
            .iter_mut()
            .find(|f| &f.tl_name == method)
            .ok_or_else(|| unknown(method, Table::Errors))?;
        f.errors = errors.clone();
    }
    for (method, facts) in &metadata.methods {
        let f = functions
            .iter_mut()
            .find(|f| &f.tl_name == method)
            .ok_or_else(|| unknown(method, Table::Methods))?;
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
                let error = GenerateError {
                    line: 0,
                    combinator: method.clone(),
                    message: format!("secret field {secret} is not a bytes or string field"),
                };
                return Err((error, Table::Methods));
            }
        }
        f.callers = facts.callers;
        f.secrets = facts.secrets.clone();
    }
    Ok(())
}

/// A constructor of the runtime's own (`boolTrue = Bool`, `vector … = Vector t`).
pub(super) fn is_builtin(d: &Definition) -> bool {
    d.category == Category::Type
        && d.namespace.is_empty()
        && d.ty.namespace.is_empty()
        && BUILTIN_CONSTRUCTORS.contains(&(d.name.as_str(), d.ty.name.as_str()))
}

pub(super) struct Resolver<'s> {
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
        variants_taken: &mut Names,
    ) -> Result<Combinator, Problem> {
        let params = &d.generic_params;
        // Only functions wrap a query of any type; the one generic
        // constructor of the official files, `vector`, is the runtime's.
        if d.category == Category::Type && !params.is_empty() {
            return Err(
                "type parameters are only for functions (`{X:Type} … query:!X = X`)".into(),
            );
        }
        let mut flag_words: Vec<FlagWord> = Vec::new();
        // The first flags word of each TL name, as fields find them.
        let mut word_named: BTreeMap<&str, usize> = BTreeMap::new();
        let mut fields = Vec::new();
        let mut names = Names::default();
        for p in &d.params {
            let kind = match &p.ty {
                ParameterType::Flags => {
                    word_named.entry(&p.name).or_insert(flag_words.len());
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
                            let word =
                                word_named.get(flag.name.as_str()).copied().ok_or_else(|| {
                                    format!(
                                        "field {} uses flags word {} before it is declared",
                                        p.name, flag.name
                                    )
                                })?;
                            if flag.index > 31 {
                                return Err(format!("flag bit {} out of range", flag.index).into());
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
                            return Err(format!("field {} of type true has no flag", p.name).into())
                        }
                        (false, flag) => FieldKind::Value {
                            ty: self
                                .ty(ty, params)
                                .map_err(|problem| problem.within(&format!("field {}", p.name)))?,
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
            let rust_name = names.claim(ident(&p.name.to_ascii_lowercase()), &[]);
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
            let name = names.claim(base, &[]);
            if let Some(w) = flag_words.get_mut(i) {
                w.unknown_field = name;
            }
        }
        for p in params {
            let used = fields
                .iter()
                .any(|f| matches!(&f.kind, FieldKind::Value { ty: Ty::Generic(x), .. } if *x == type_param(p)));
            if !used {
                let message = format!("type parameter {p} is not the type of any field (`!{p}`)");
                return Err(message.into());
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
            Category::Function => self
                .ty(&d.ty, params)
                .map_err(|problem| problem.within("result"))?,
        };
        let variant = variants_taken.claim(camel(&d.full_name().replace('.', "_")), &["Self"]);
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

    fn ty(&self, t: &Type, params: &[String]) -> Result<Ty, Problem> {
        let name = t.full_name();
        if t.generic_ref || params.contains(&name) {
            return if params.contains(&name) {
                Ok(Ty::Generic(type_param(&name)))
            } else {
                Err(format!("!{name} names no generic parameter").into())
            };
        }
        if let Some(arg) = &t.generic_arg {
            return match name.as_str() {
                "Vector" | "vector" => Ok(Ty::Vector {
                    bare: name == "vector",
                    elem: alloc::boxed::Box::new(self.ty(arg, &[])?),
                }),
                _ => Err(format!("unknown generic type {name}").into()),
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
                        _ => {
                            return Err(Problem {
                                message: format!("%{name} needs exactly one constructor"),
                                waits: true,
                            })
                        }
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
            _ => return Err(format!("unknown type {name}").into()),
        })
    }

    fn ctor_path(&self, full_name: &str) -> Path {
        self.ctor_paths.get(full_name).cloned().unwrap_or_default()
    }
}

impl Model {
    /// Resolves `schema`; fails with every definition the generator cannot
    /// express (in schema order within each check, so a caller that skips
    /// them all needs one more round only for the lines that named them),
    /// or with metadata about a method the schema lacks.
    pub fn build(schema: &Schema, metadata: &Metadata) -> Result<Self, Vec<Failure>> {
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
            waits: false,
            table: None,
        };

        // Boxed types in first-seen order, and constructors by full name;
        // names and ids must be unique, as the wire and Rust both need.
        let mut type_order: Vec<String> = Vec::new();
        let mut type_ctors: BTreeMap<String, Vec<&Definition>> = BTreeMap::new();
        let mut ctor_by_name: BTreeMap<String, &Definition> = BTreeMap::new();
        // Index of the first definition of each name and each id.
        let mut first_named: BTreeMap<(bool, String), usize> = BTreeMap::new();
        let mut first_with_id: BTreeMap<u32, (usize, String)> = BTreeMap::new();
        let mut failures = Vec::new();
        let mut usable = Vec::with_capacity(defs.len());
        for &(i, d) in &defs {
            let name = d.full_name();
            let function = d.category == Category::Function;
            if let Some(&earlier) = first_named.get(&(function, name.clone())) {
                let what = if function { "function" } else { "constructor" };
                let message = format!("a {what} of this name is already defined");
                failures.push(Failure {
                    earlier: Some(earlier),
                    ..fail(i, d, message)
                });
                continue;
            }
            let id = d.id_or_computed();
            if let Some((earlier, other)) = first_with_id.get(&id) {
                let message = format!("id #{id:08x} is already the id of {other}");
                failures.push(Failure {
                    earlier: Some(*earlier),
                    ..fail(i, d, message)
                });
                continue;
            }
            let ty = d.ty.full_name();
            if !function && BUILTIN_TYPES.contains(&ty.as_str()) {
                let message = format!("makes a {ty}, a type tlwire's runtime reads itself");
                failures.push(fail(i, d, message));
                continue;
            }
            first_named.insert((function, name.clone()), i);
            first_with_id.insert(id, (i, name.clone()));
            usable.push((i, d));
            if !function {
                ctor_by_name.insert(name, d);
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
        for &(_, d) in &usable {
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
        let mut variants_taken = Names::default();
        for &(i, d) in &usable {
            let paths = match d.category {
                Category::Type => &ctor_paths,
                Category::Function => &fn_paths,
            };
            let path = paths.get(&d.full_name()).cloned().unwrap_or_default();
            match resolver.combinator(d, i, path, &mut variants_taken) {
                Ok(c) if d.category == Category::Type => structs.push(c),
                Ok(c) => functions.push(c),
                Err(problem) => failures.push(Failure {
                    waits: problem.waits,
                    table: None,
                    ..fail(i, d, problem.message)
                }),
            }
        }
        if !failures.is_empty() {
            return Err(failures);
        }

        let enums: Vec<BoxedType> = type_order
            .iter()
            .map(|t| {
                let ctors = type_ctors.get(t).map(Vec::as_slice).unwrap_or_default();
                let mut taken = Names::default();
                let variants = ctors
                    .iter()
                    .map(|d| {
                        let mut v = camel(&d.name);
                        if taken.contains(&v) {
                            v = camel(&d.full_name().replace('.', "_"));
                        }
                        let v = taken.claim(v, &["Self"]);
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

        apply_metadata(&mut functions, metadata).map_err(|(error, table)| {
            vec![Failure {
                index: None,
                error,
                earlier: None,
                waits: false,
                table: Some(table),
            }]
        })?;

        let struct_at = structs
            .iter()
            .enumerate()
            .map(|(i, c): (usize, &Combinator)| (c.path.clone(), i))
            .collect();
        let enum_at = enums
            .iter()
            .enumerate()
            .map(|(i, e): (usize, &BoxedType)| (e.path.clone(), i))
            .collect();
        let mut model = Model {
            layer: schema.layer,
            structs,
            functions,
            enums,
            object_eq: true,
            object_generic: true,
            struct_at,
            enum_at,
        };
        model.check_finite()?;
        model.decide_boxing();
        super::sizes::decide(&mut model);
        model.decide_eq();
        model.decide_generic();
        model.decide_recursion();
        Ok(model)
    }
}

/// Why a combinator's line cannot be resolved.
struct Problem {
    message: String,
    /// Whether other lines' presence is the cause (see [`Failure::waits`]).
    waits: bool,
}

impl Problem {
    /// The problem as one of `part` of the line (`field x`, `result`).
    fn within(self, part: &str) -> Self {
        Self {
            message: format!("{part}: {}", self.message),
            ..self
        }
    }
}

impl From<String> for Problem {
    fn from(message: String) -> Self {
        Self {
            message,
            waits: false,
        }
    }
}

impl From<&str> for Problem {
    fn from(message: &str) -> Self {
        message.to_string().into()
    }
}
