//! Generates the layer grammers-tl-types ships, from that crate's own
//! schema files, so that both decoders of the `layer_diff` target read the
//! same bytes by the same lines; and `grammers_peer.rs`: `reencode`, which
//! reads bytes as grammers-tl-types does, by the constructor id at their
//! start, and writes back what it read.

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::path::PathBuf;

use tlwire_codegen::tlwire_schema::{self, Category, Definition};
use tlwire_codegen::{Options, SchemaFiles};

#[path = "../generate.rs"]
mod generate;
#[path = "../../../benches/peers/grammers_schema.rs"]
mod grammers_schema;

use generate::{fail, generate, write, FILES};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    // The fuzz workspace's root, whose `Cargo.lock` pins the version.
    let dir = grammers_schema::tl_dir(&root.join("../.."));
    let files = SchemaFiles::read(FILES.map(|name| dir.join(name)))
        .unwrap_or_else(|e| fail(&e.to_string()));
    // Another client's copy of a layer: lines of its own, skipped with a
    // warning when the generator cannot use them.
    generate(&files, Options::default().skip_unusable(true), "grammers.rs");
    write("grammers_peer.rs", &peer_table(&files));
}

/// `reencode`: one arm per grammers-tl-types type (its constructors' ids)
/// and per function that is not generic (a generic one has no concrete
/// type to decode as).
fn peer_table(files: &SchemaFiles) -> String {
    // The grammers path of each type, and the ids that decode as it.
    let mut arms: BTreeMap<String, (bool, Vec<u32>)> = BTreeMap::new();
    // Lines without a written id that have a `bytes` field: grammers-tl-types
    // infers another id for them (see `MISREAD`).
    let mut misread = String::new();
    let mut generic = String::new();
    for source in files.sources() {
        let (schema, _) = tlwire_schema::parse_lossy(source.text);
        for d in &schema.definitions {
            if !d.generic_params.is_empty() && d.category == Category::Function {
                let _ = writeln!(generic, "    0x{:08x},", d.id_or_computed());
            }
            let Some((path, bare)) = grammers_path(d) else {
                continue;
            };
            arms.entry(path).or_insert((bare, Vec::new())).1.push(d.id_or_computed());
            if d.id.is_none() && d.params.iter().any(names_bytes) {
                let kind = if d.category == Category::Function { "functions" } else { "types" };
                let mut theirs = format!("grammers_tl_types::{kind}::");
                for part in &d.namespace {
                    theirs.push_str(part);
                    theirs.push_str("::");
                }
                theirs.push_str(&rust_type_name(&d.name));
                let _ = writeln!(
                    misread,
                    "    (0x{:08x}, <{theirs} as grammers_tl_types::Identifiable>::CONSTRUCTOR_ID),",
                    d.id_or_computed()
                );
            }
        }
    }
    let mut code = String::from(
        "/// What grammers-tl-types makes of `data`, read as the combinator\n\
         /// its first four bytes name: its re-encoding and how many bytes it\n\
         /// read, or its error; `None` for an id it has no decoder for.\n\
         pub fn reencode(data: &[u8]) -> Option<Result<(Vec<u8>, usize), Error>> {\n\
         \x20   let id = u32::from_le_bytes(data.get(..4)?.try_into().ok()?);\n\
         \x20   Some(match id {\n",
    );
    for (path, (bare, ids)) in &arms {
        let ids: Vec<String> = ids.iter().map(|id| format!("0x{id:08x}")).collect();
        let read = if *bare { "read_function" } else { "read" };
        let _ = writeln!(code, "        {} => {read}::<{path}>(data),", ids.join(" | "));
    }
    code.push_str("        _ => return None,\n    })\n}\n\n");
    code.push_str(
        "/// The combinators whose line has no written id and has a `bytes`\n\
         /// field, as (the id of the TL rule, the id grammers-tl-types uses):\n\
         /// its parser writes such a field `: string` without the space after\n\
         /// it before hashing the line.\n\
         pub const MISREAD: &[(u32, u32)] = &[\n",
    );
    code.push_str(&misread);
    code.push_str("];\n\n");
    code.push_str(
        "/// The generic requests (`invokeWithLayer`): grammers-tl-types has no\n\
         /// type to read their query as, so `reencode` has no arm for them.\n\
         pub const GENERIC: &[u32] = &[\n",
    );
    code.push_str(&generic);
    code.push_str("];\n");
    code
}

/// Whether a field is `bytes`, always or under a flag.
fn names_bytes(p: &tlwire_schema::Parameter) -> bool {
    matches!(&p.ty, tlwire_schema::ParameterType::Normal { ty, .. } if ty.name == "bytes" && ty.namespace.is_empty())
}

/// Where grammers-tl-types puts what decodes `d`, and whether that reads
/// the id itself (`false`) or only the fields after it (`true`, functions).
fn grammers_path(d: &Definition) -> Option<(String, bool)> {
    if !d.generic_params.is_empty() {
        return None;
    }
    let (kind, namespace, name) = match d.category {
        Category::Function => ("functions", &d.namespace, &d.name),
        _ if d.ty.name == "Bool" && d.ty.namespace.is_empty() => return Some(("bool".into(), false)),
        // The built-in `vector` has no type of its own.
        _ if d.ty.name == "Vector" => return None,
        _ => ("enums", &d.ty.namespace, &d.ty.name),
    };
    let mut path = format!("grammers_tl_types::{kind}::");
    for part in namespace {
        path.push_str(part);
        path.push_str("::");
    }
    path.push_str(&rust_type_name(name));
    Some((path, d.category == Category::Function))
}

/// The name grammers-tl-types gives a TL name (its part after the last
/// dot): each `_`-separated word starts upper-case, and a letter that
/// follows an upper-case one is lower-cased (`P_Q_inner_data` →
/// `PQInnerData`, `ResPQ` → `ResPq`, `JSONValue` → `Jsonvalue`).
fn rust_type_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // Whether the next letter starts a word, and whether the last one was upper-case.
    let (mut word_start, mut after_upper) = (true, false);
    for c in name.chars() {
        if c == '_' {
            word_start = true;
            continue;
        }
        if word_start {
            out.push(c.to_ascii_uppercase());
            after_upper = true;
        } else if after_upper {
            out.push(c.to_ascii_lowercase());
            after_upper = c.is_ascii_uppercase();
        } else {
            out.push(c);
            after_upper = c.is_ascii_uppercase();
        }
        word_start = false;
    }
    out
}

