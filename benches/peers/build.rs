//! Generates tlwire's code for the layer grammers-tl-types ships, from that
//! crate's own schema files, so that both
//! sides of the real-answer benchmarks read the same bytes by the same
//! schema. `GRAMMERS_TL_DIR` tells the crate where the files are.

use std::env;
use std::fs;
use std::path::PathBuf;

use tlwire_codegen::{generate_sources, Options, SchemaFiles};

mod grammers_schema;

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let dir = grammers_schema::tl_dir(&root);
    println!("cargo:rustc-env=GRAMMERS_TL_DIR={}", dir.display());

    let files = SchemaFiles::read(["api.tl", "mtproto.tl"].map(|name| dir.join(name)))
        .unwrap_or_else(|e| panic!("{e}"));
    for path in files.paths() {
        println!("cargo:rerun-if-changed={path}");
    }
    // Another client's copy of a layer: its own lines, and the ids that
    // break the CRC rule, kept or skipped with a warning.
    let options = Options::default()
        .skip_unusable(true)
        .keep_mismatched_ids(true);
    let generated = generate_sources(&files.sources(), &options).unwrap_or_else(|e| panic!("{e}"));
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("layer.rs");
    fs::write(out, generated.code).unwrap();
}
