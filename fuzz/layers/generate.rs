//! What the build scripts of the fuzz layer crates share: each generates
//! one whole layer with `enums::Object` (any boxed object or request of the
//! layer), and stops with one clear line when it cannot. Included by path.

use std::path::Path;
use std::{env, fs};

use tlwire_codegen::{generate_sources, Options, Outcome, SchemaFiles};

/// The schema files of a layer, in the order the generator takes them.
pub const FILES: [&str; 2] = ["api.tl", "mtproto.tl"];

/// Generates `files` with `enums::Object` into `name` in `OUT_DIR`.
pub fn generate(files: &SchemaFiles, options: Options, name: &str) {
    for path in files.paths() {
        println!("cargo:rerun-if-changed={path}");
    }
    // Real layers carry a few ids that do not follow the CRC rule.
    let options = options.keep_mismatched_ids(true).object(true);
    let generated =
        generate_sources(&files.sources(), &options).unwrap_or_else(|e| fail(&e.to_string()));
    // A line left out would make a difference the targets do not expect
    // (grammers-tl-types reads it, tlwire does not): the layer is whole or
    // the build stops.
    let skipped: Vec<String> = generated
        .warnings
        .iter()
        .filter(|w| w.outcome == Outcome::Skipped)
        .map(ToString::to_string)
        .collect();
    if !skipped.is_empty() {
        fail(&format!("lines the generator skipped:\n{}", skipped.join("\n")));
    }
    write(name, &generated.code);
}

/// Writes `text` into `name` in the build's `OUT_DIR`.
pub fn write(name: &str, text: &str) {
    let path = Path::new(&env::var_os("OUT_DIR").unwrap_or_default()).join(name);
    fs::write(&path, text)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
}

/// Stops the build with one `error:` line: what is missing, and where.
pub fn fail(message: &str) -> ! {
    eprintln!("error: {}", message.replace('\n', "\nerror: "));
    std::process::exit(1);
}
