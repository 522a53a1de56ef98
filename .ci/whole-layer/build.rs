//! Generates Rust for the official schema files beside the checkout
//! (`api.tl` and `mtproto.tl`) with tlwire-codegen,
//! the way any crate would for its own schema files. `TLWIRE_LAYER_DIR`
//! names another directory holding an `api.tl` and `mtproto.tl` (another
//! client's copy of a layer, with lines of its own): lines the generator
//! cannot use are then skipped with a warning.

use std::path::PathBuf;
use std::{env, fs};

use tlwire_codegen::{generate_sources, Options, SchemaFiles, Serde};

#[allow(dead_code)]
#[path = "../../tests/support/official_schema.rs"]
mod official_schema;

fn main() {
    println!("cargo:rerun-if-env-changed=TLWIRE_LAYER_DIR");
    let other = env::var_os("TLWIRE_LAYER_DIR").map(PathBuf::from);
    let schema = other.clone().unwrap_or_else(official_schema::official_dir);
    let files = SchemaFiles::read(["api.tl", "mtproto.tl"].map(|name| schema.join(name)))
        .unwrap_or_else(|e| {
            fail(&format!(
                "{e}: the official api.tl and mtproto.tl go beside the checkout \
                 (or name another folder with TLWIRE_LAYER_DIR)"
            ))
        });
    for path in files.paths() {
        println!("cargo:rerun-if-changed={path}");
    }
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
    let generated =
        generate_sources(&files.sources(), &options).unwrap_or_else(|e| fail(&e.to_string()));
    for warning in &generated.warnings {
        println!("cargo:warning={warning}");
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("layer.rs");
    fs::write(&out, generated.code)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
}

/// Stops the build with one `error:` line: what is missing, and where.
fn fail(message: &str) -> ! {
    eprintln!("error: {}", message.replace('\n', "\nerror: "));
    std::process::exit(1);
}
