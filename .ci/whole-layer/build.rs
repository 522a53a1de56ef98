//! Generates Rust for the official schema files beside the checkout
//! (`api.tl` and `mtproto.tl`) with tlwire-codegen,
//! the way any crate would for its own schema files. `TLWIRE_LAYER_DIR`
//! names another directory holding an `api.tl` and `mtproto.tl` (another
//! client's copy of a layer, with lines of its own): lines the generator
//! cannot use are then skipped with a warning.

use std::path::PathBuf;
use std::{env, fs};

use tlwire_codegen::{generate_sources, Options, Serde, Source, SourceKind};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo:rerun-if-env-changed=TLWIRE_LAYER_DIR");
    let other = env::var_os("TLWIRE_LAYER_DIR").map(PathBuf::from);
    let schema = other
        .clone()
        .unwrap_or_else(|| root.join("../../../shared/schema"));
    let names = ["api.tl", "mtproto.tl"];
    let texts: Vec<(String, String)> = names
        .iter()
        .map(|name| {
            let path = schema.join(name);
            println!("cargo:rerun-if-changed={}", path.display());
            let text = fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (are the official schema files beside the checkout?)",
                    path.display()
                )
            });
            (path.display().to_string(), text)
        })
        .collect();
    let sources: Vec<Source<'_>> = texts
        .iter()
        .map(|(name, text)| Source {
            name,
            text,
            kind: SourceKind::Schema,
        })
        .collect();
    let options = Options::default()
        // Real layers carry a few ids that do not follow the CRC rule.
        .keep_mismatched_ids(true)
        .skip_unusable(other.is_some())
        // `plain`: the default options, as `tlwire schema generate` uses.
        .samples(env::var_os("CARGO_FEATURE_PLAIN").is_none())
        .serde(if env::var_os("CARGO_FEATURE_SERDE").is_some() {
            Serde::On
        } else {
            Serde::Off
        });
    let generated = generate_sources(&sources, &options).unwrap_or_else(|e| panic!("{e}"));
    for warning in &generated.warnings {
        println!("cargo:warning={warning}");
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("layer.rs");
    fs::write(out, generated.code).unwrap();
}
