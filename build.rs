//! Generates the Rust types for the schema lines in `tl/`.
//!
//! Parses every `tl/*.tl` file, fails the build on any constructor id that
//! does not match its line (naming the file, line, combinator, and both ids),
//! and writes the generated code to `$OUT_DIR/tl.rs`, with the generator
//! of the `tlwire-codegen` crate.

use tlwire_codegen as codegen;

use std::path::Path;
use std::{env, fs, process};

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    process::exit(1);
}

fn main() {
    println!("cargo:rerun-if-changed=tl");

    let files = codegen::SchemaFiles::read_dir("tl").unwrap_or_else(|e| fail(&e.to_string()));
    let rust = codegen::generate_from_sources(&files.sources(), &codegen::Options::crate_build())
        .unwrap_or_else(|e| fail(&e.to_string().replace('\n', "\nerror: ")));
    let out = Path::new(&env::var_os("OUT_DIR").unwrap_or_else(|| fail("OUT_DIR is not set")))
        .join("tl.rs");
    fs::write(&out, rust).unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
}
