//! Generates the official layer, from the official `api.tl` and
//! `mtproto.tl` beside the checkout (as the whole-layer CI stage reads
//! them). Without them it generates the runtime's own few lines (`tl/`)
//! instead, so the targets compile, and says why (`OFFICIAL_ABSENT`), so
//! the `layer` target can say it skipped; under `CI=true` their absence
//! fails the build instead.

use std::path::PathBuf;

use tlwire_codegen::{Options, SchemaFiles};

#[path = "../generate.rs"]
mod generate;
#[allow(dead_code)]
#[path = "../../../tests/support/official_schema.rs"]
mod official_schema;

use generate::{fail, generate, FILES};

fn main() {
    println!("cargo:rerun-if-env-changed=CI");
    // Under `CI=true` a missing file fails here.
    let official: Option<Vec<PathBuf>> = FILES
        .iter()
        .map(|name| official_schema::official_schema(name))
        .collect();
    match official.map(SchemaFiles::read) {
        Some(Ok(files)) => generate(&files, Options::default(), "official.rs"),
        Some(Err(e)) => fail(&e.to_string()),
        None => {
            let why = "the official schema files are not beside the checkout";
            println!("cargo:warning=the `layer` fuzz target will skip: {why}");
            println!("cargo:rustc-env=TLWIRE_FUZZ_OFFICIAL_ABSENT={why}");
            let own = official_schema::workspace_root().join("tl");
            let files = SchemaFiles::read(FILES.map(|name| own.join(name)))
                .unwrap_or_else(|e| fail(&e.to_string()));
            generate(&files, Options::default(), "official.rs");
        }
    }
    // Rebuild when the files appear.
    println!(
        "cargo:rerun-if-changed={}",
        official_schema::official_dir().display()
    );
}
