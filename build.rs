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

    let mut files: Vec<_> = fs::read_dir("tl")
        .unwrap_or_else(|e| fail(&format!("cannot read tl/: {e}")))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| codegen::SourceKind::of_file(&path.display().to_string()).is_some())
        .collect();
    files.sort();

    let texts: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let text = fs::read_to_string(path)
                .unwrap_or_else(|e| fail(&format!("cannot read {name}: {e}")));
            (name, text)
        })
        .collect();
    let sources: Vec<codegen::Source<'_>> = texts
        .iter()
        .filter_map(|(name, text)| {
            let kind = codegen::SourceKind::of_file(name)?;
            Some(codegen::Source { name, text, kind })
        })
        .collect();
    let rust = codegen::generate_from_sources(&sources, &codegen::Options::crate_build())
        .unwrap_or_else(|e| fail(&e.to_string().replace('\n', "\nerror: ")));
    let out = Path::new(&env::var_os("OUT_DIR").unwrap_or_else(|| fail("OUT_DIR is not set")))
        .join("tl.rs");
    fs::write(&out, rust).unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
}
