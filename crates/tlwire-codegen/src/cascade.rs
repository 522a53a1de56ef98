//! What else goes when lines are skipped: a line that names a type whose
//! constructors were all skipped, or a skipped constructor, fails in the
//! next build of the model with `unknown type`. Found here, in one pass
//! over the lines with an index of who names what, a chain of such lines
//! costs one round of the generator, not one round per link.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use tlwire_schema::{Category, Definition, Parameter, ParameterType, Type};

/// The lines of `defs` that fail once the lines at `skipped` are gone,
/// each with the reason the model would give (`field x: unknown type T`),
/// in the order they were found. Their own loss is followed too.
pub(crate) fn cascade(defs: &[Definition], skipped: &[usize]) -> Vec<(usize, String)> {
    let mut alive: Vec<bool> = (0..defs.len())
        .map(|i| skipped.binary_search(&i).is_err())
        .collect();
    // What each name stands for, skipped lines included (they are taken
    // away below): constructors of a type, a constructor.
    let mut constructors: BTreeMap<String, usize> = BTreeMap::new();
    let mut ctor_names: BTreeSet<String> = BTreeSet::new();
    for d in defs {
        if d.category == Category::Type {
            *constructors.entry(d.ty.full_name()).or_default() += 1;
            ctor_names.insert(d.full_name());
        }
    }
    // Who names what: the lines that would fail if a name went.
    let mut named_by: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in defs.iter().enumerate().filter(|(i, _)| alive[*i]) {
        let mut names = BTreeSet::new();
        for p in &d.params {
            parameter_names(p, &d.generic_params, &mut names);
        }
        if d.category == Category::Function {
            type_names(&d.ty, &d.generic_params, &mut names);
        }
        for name in names {
            named_by.entry(name).or_default().push(i);
        }
    }
    let known = |name: &str, constructors: &BTreeMap<String, usize>, ctors: &BTreeSet<String>| {
        BUILT_IN.contains(&name)
            || constructors.get(name).is_some_and(|&n| n > 0)
            || ctors.contains(name)
    };
    // Names the skipped lines take away.
    let mut gone: Vec<String> = Vec::new();
    let lose = |d: &Definition,
                constructors: &mut BTreeMap<String, usize>,
                ctors: &mut BTreeSet<String>,
                gone: &mut Vec<String>| {
        if d.category != Category::Type {
            return;
        }
        let ty = d.ty.full_name();
        if let Some(n) = constructors.get_mut(&ty) {
            *n = n.saturating_sub(1);
        }
        let name = d.full_name();
        ctors.remove(&name);
        for name in [ty, name] {
            if !known(&name, constructors, ctors) {
                gone.push(name);
            }
        }
    };
    for &i in skipped {
        if let Some(d) = defs.get(i) {
            lose(d, &mut constructors, &mut ctor_names, &mut gone);
        }
    }
    let mut failed = Vec::new();
    while let Some(name) = gone.pop() {
        for &i in named_by.get(&name).map(Vec::as_slice).unwrap_or_default() {
            let Some(d) = defs.get(i).filter(|_| alive[i]) else {
                continue;
            };
            alive[i] = false;
            failed.push((i, name.clone()));
            lose(d, &mut constructors, &mut ctor_names, &mut gone);
        }
    }
    // Reasons once everything is gone, as the next build of the model sees it.
    let unknown = |n: &str| !known(n, &constructors, &ctor_names);
    failed
        .into_iter()
        .map(|(i, name)| {
            let why = defs.get(i).and_then(|d| reason(d, unknown));
            (i, why.unwrap_or_else(|| format!("unknown type {name}")))
        })
        .collect()
}

/// Names the model reads as the runtime's own types before it looks at any
/// line: never gone, whatever lines are skipped.
const BUILT_IN: &[&str] = &[
    "int", "long", "double", "int128", "int256", "bytes", "string", "Bool", "Object",
];

/// The error the model gives `d` when the names `unknown` says are gone:
/// its first field naming one, else its result.
fn reason(d: &Definition, unknown: impl Fn(&str) -> bool) -> Option<String> {
    let first_unknown = |names: BTreeSet<String>| names.into_iter().find(|n| unknown(n));
    for p in &d.params {
        let mut names = BTreeSet::new();
        parameter_names(p, &d.generic_params, &mut names);
        if let Some(name) = first_unknown(names) {
            return Some(format!("field {}: unknown type {name}", p.name));
        }
    }
    let mut names = BTreeSet::new();
    type_names(&d.ty, &d.generic_params, &mut names);
    first_unknown(names).map(|name| format!("result: unknown type {name}"))
}

/// The type names a field refers to.
fn parameter_names(p: &Parameter, generics: &[String], out: &mut BTreeSet<String>) {
    match &p.ty {
        ParameterType::Flags => {}
        ParameterType::Normal { ty, .. } => type_names(ty, generics, out),
        ParameterType::Repeat { params } => {
            for p in params {
                parameter_names(p, generics, out);
            }
        }
    }
}

/// The names a type refers to: itself, or the argument of `Vector<…>`;
/// never a generic parameter.
fn type_names(ty: &Type, generics: &[String], out: &mut BTreeSet<String>) {
    match &ty.generic_arg {
        Some(arg) => type_names(arg, generics, out),
        None => {
            let name = ty.full_name();
            if !ty.generic_ref && !generics.contains(&name) {
                out.insert(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs(text: &str) -> Vec<Definition> {
        tlwire_schema::parse(text).unwrap().definitions
    }

    #[test]
    fn a_chain_goes_in_one_pass_with_the_models_reasons() {
        let d = defs(
            "t0 x:Nope = T0;\nt1 x:Vector<T0> = T1;\nt2 y:int x:%T1 = T2;\n\
             keep x:int = Keep;\n---functions---\nf = T2;",
        );
        let failed = cascade(&d, &[0]);
        assert_eq!(
            failed,
            [
                (1, String::from("field x: unknown type T0")),
                (2, String::from("field x: unknown type T1")),
                (4, String::from("result: unknown type T2")),
            ]
        );
    }

    #[test]
    fn a_type_with_a_constructor_left_stays() {
        let d = defs("a x:Nope = T;\nb = T;\nuser t:T = User;\nbare c:a = Bare;");
        // `T` keeps `b`; the bare constructor `a` is gone.
        assert_eq!(
            cascade(&d, &[0]),
            [(3, String::from("field c: unknown type a"))]
        );
    }

    #[test]
    fn a_chain_of_skips_costs_one_round() {
        let mut text = String::from("s0 x:Missing = S0;\n");
        for k in 1..300 {
            text.push_str(&format!("s{k} x:S{} = S{k};\n", k - 1));
        }
        text.push_str("ok x:int = Ok;\n");
        let source = crate::Source {
            name: "chain.tl",
            text: &text,
            kind: crate::SourceKind::Schema,
        };
        crate::MODEL_BUILDS.with(|n| n.set(0));
        let options = crate::Options::default().skip_unusable(true);
        let generated = crate::generate_sources(&[source], &options).unwrap();
        assert_eq!(generated.warnings.len(), 300);
        assert!(generated.warnings[299]
            .to_string()
            .ends_with("s299 skipped: field x: unknown type S298"));
        // One build finds `s0` (and, through it, the rest); one succeeds.
        assert_eq!(crate::MODEL_BUILDS.with(core::cell::Cell::get), 2);
    }

    #[test]
    fn generic_parameters_are_not_types() {
        let d = defs("x = X;\n---functions---\ninvoke {X:Type} query:!X = X;");
        assert!(cascade(&d, &[0]).is_empty());
    }
}
