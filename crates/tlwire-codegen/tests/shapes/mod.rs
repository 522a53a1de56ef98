//! Schemas of a chosen size, for measuring how generation scales: a layer
//! of `n` types made up here, the official layer copied `n` times under
//! fresh names, and the hostile shapes (lines it cannot use, a layer pasted
//! twice, one line of very many flags words). Shared by the scale test and
//! the generation benchmark.
#![allow(dead_code)] // each user takes the shapes it needs

use std::fmt::Write;

#[path = "../../../../tests/support/official_schema.rs"]
mod support;

use tlwire_codegen::{generate_sources, Options, Source, SourceKind};
use tlwire_schema::{Definition, Type};

/// `n` boxed types of two constructors each, every one holding a vector of
/// the one before, and a function per type.
pub fn layer(n: usize) -> String {
    let mut text = String::new();
    for k in 0..n {
        let previous = k
            .checked_sub(1)
            .map_or(String::new(), |p| format!(" v:Vector<T{p}>"));
        let _ = writeln!(
            text,
            "t{k}a flags:# x:int s:flags.0?string big:flags.1?true{previous} = T{k};"
        );
        let _ = writeln!(text, "t{k}b id:long = T{k};");
    }
    text.push_str("---functions---\n");
    for k in 0..n {
        let _ = writeln!(text, "f{k} a:T{k} = Vector<T{k}>;");
    }
    text
}

/// `n` types each holding the next, declared before it, the last holding
/// text and a `double`: what each type borrows or lacks travels back down
/// the whole chain.
pub fn chain_named_ahead(n: usize) -> String {
    let mut text: String = (0..n)
        .map(|k| format!("t{k} x:T{} = T{k};\n", k + 1))
        .collect();
    text.push_str(&format!("t{n} d:double s:bytes = T{n};\n"));
    text
}

/// `n` lines each naming the type of the line before, the first naming a
/// type no line makes: every line is skipped, each because of the one
/// before it.
pub fn chain_of_skips(n: usize) -> String {
    let mut text = String::from("s0 x:Missing = S0;\n");
    for k in 1..n {
        let _ = writeln!(text, "s{k} x:S{} = S{k};", k - 1);
    }
    text
}

/// `n` constructors of `n` types whose names differ only in how many
/// underscores join their parts (`A_b_c`, `A__b_c`, …): the same in Rust,
/// so each after the first gets a name of its own.
pub fn clashing_types(n: usize) -> String {
    (0..n)
        .map(|k| {
            let name: String = "bcdefghijkl"
                .chars()
                .enumerate()
                .map(|(bit, c)| {
                    if k >> bit & 1 == 1 {
                        format!("__{c}")
                    } else {
                        format!("_{c}")
                    }
                })
                .collect();
            format!("c{k} = A{name};\n")
        })
        .collect()
}

/// `n` lines that name a type no line makes.
pub fn unusable(n: usize) -> String {
    (0..n).map(|k| format!("bad{k} x:Nope = Bad;\n")).collect()
}

/// One constructor of `n` flags words.
pub fn flags_words(n: usize) -> String {
    let words: Vec<String> = (0..n).map(|k| format!("f{k}:#")).collect();
    format!("wide {} = Wide;\n", words.join(" "))
}

/// The official `api.tl` beside the repository, or `None` after saying
/// that the shapes made from it are skipped (under `CI=true` its absence
/// fails instead).
pub fn official() -> Option<String> {
    let path = support::official_schema("api.tl")?;
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// `copies` copies of the usable lines of `api`, each after the first in a
/// namespace of its own (`c1.`, `c2.`, …) with ids computed from the new
/// lines: `copies` times the work of one layer, with no line repeated.
pub fn copies_of(api: &str, copies: usize) -> String {
    let (schema, _) = tlwire_schema::parse_lossy(api);
    let defined: std::collections::BTreeSet<String> = schema
        .definitions
        .iter()
        .flat_map(|d| [d.full_name(), d.ty.full_name()])
        .collect();
    let mut text = api.to_string();
    for copy in 1..copies {
        let prefix = format!("c{copy}");
        text.push_str("\n---types---\n");
        let (types, functions): (Vec<&Definition>, Vec<&Definition>) = schema
            .definitions
            .iter()
            .filter(|d| d.ty.name != "Vector")
            .partition(|d| d.category == tlwire_schema::Category::Type);
        for (section, defs) in [("", types), ("---functions---\n", functions)] {
            text.push_str(section);
            for d in defs {
                let mut d = d.clone();
                d.id = None;
                d.namespace.insert(0, prefix.clone());
                // A generic function's `X` is its parameter, not a type.
                let mut defined = defined.clone();
                for x in &d.generic_params {
                    defined.remove(x);
                }
                rename(&mut d.ty, &prefix, &defined);
                for p in &mut d.params {
                    if let tlwire_schema::ParameterType::Normal { ty, .. } = &mut p.ty {
                        rename(ty, &prefix, &defined);
                    }
                }
                let _ = writeln!(text, "{d};");
            }
        }
    }
    text
}

fn rename(ty: &mut Type, prefix: &str, defined: &std::collections::BTreeSet<String>) {
    // `Vector` is the runtime's, whatever line of the file names it.
    let vector = ty.name.eq_ignore_ascii_case("vector") && ty.namespace.is_empty();
    if !ty.generic_ref && !vector && defined.contains(&ty.full_name()) {
        ty.namespace.insert(0, prefix.to_string());
    }
    if let Some(arg) = &mut ty.generic_arg {
        rename(arg, prefix, defined);
    }
}

/// Generates `text` as one schema file, skipping what it cannot use.
pub fn generate(text: &str) -> String {
    let source = Source {
        name: "shape.tl",
        text,
        kind: SourceKind::Schema,
    };
    let options = Options::default()
        .skip_unusable(true)
        .keep_mismatched_ids(true);
    match generate_sources(&[source], &options) {
        Ok(generated) => generated.code,
        Err(e) => panic!("the shape does not generate: {e}"),
    }
}
