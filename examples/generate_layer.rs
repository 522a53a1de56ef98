//! A whole layer from schema files, as a build script generates it: the
//! files given as arguments are read, parsed and turned into Rust, and the
//! example says what came out (or which file could not be read).
//!
//! ```sh
//! cargo run --example generate_layer -- tl/api.tl tl/mtproto.tl
//! ```
//!
//! Give it any layer's `api.tl` and `mtproto.tl` (another client's copy
//! works too: lines the generator cannot use are skipped with a warning).

use std::process::ExitCode;

use tlwire_codegen::{generate_sources, Options, SchemaFiles};

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: generate_layer FILE.tl...");
        return ExitCode::from(64);
    }
    let files = match SchemaFiles::read(&paths) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let options = Options::default()
        .keep_mismatched_ids(true)
        .skip_unusable(true);
    match generate_sources(&files.sources(), &options) {
        Ok(generated) => {
            for warning in &generated.warnings {
                eprintln!("warning: {warning}");
            }
            let structs = generated.code.matches("pub struct ").count();
            let enums = generated.code.matches("pub enum ").count();
            println!(
                "{} lines of Rust: {structs} structs, {enums} enums, {} warnings",
                generated.code.lines().count(),
                generated.warnings.len()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("error: {errors}");
            ExitCode::FAILURE
        }
    }
}
