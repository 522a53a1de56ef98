//! Generates tlwire's code for the layer grammers-tl-types ships, from that
//! crate's own schema files, so that both
//! sides of the real-answer benchmarks read the same bytes by the same
//! schema. `GRAMMERS_TL_DIR` tells the crate where the files are.
//!
//! The package is where cargo unpacked it: the version `Cargo.lock` pins,
//! in the registry's source folder, or else where `cargo metadata` says.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

use tlwire_codegen::{generate_sources, Options, SchemaFiles};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    println!(
        "cargo:rerun-if-changed={}",
        root.join("Cargo.lock").display()
    );
    println!("cargo:rerun-if-env-changed=CARGO_HOME");
    let grammers = grammers_manifest(&root);
    let dir = grammers.parent().unwrap().join("tl");
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

/// The `Cargo.toml` of the grammers-tl-types that `Cargo.lock` pins.
fn grammers_manifest(root: &Path) -> PathBuf {
    let lock = fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"grammers-tl-types\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .expect("Cargo.lock pins grammers-tl-types");
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    // One folder per registry index: the same version unpacks the same
    // files in each, so the first in name order serves.
    let mut unpacked: Vec<PathBuf> = home
        .and_then(|home| fs::read_dir(home.join("registry/src")).ok())
        .into_iter()
        .flatten()
        .flatten()
        .map(|index| {
            index
                .path()
                .join(format!("grammers-tl-types-{version}/Cargo.toml"))
        })
        .filter(|manifest| manifest.exists())
        .collect();
    unpacked.sort();
    unpacked
        .into_iter()
        .next()
        .unwrap_or_else(|| from_metadata(root))
}

/// The same, from `cargo metadata` (which may download what it lacks).
fn from_metadata(root: &Path) -> PathBuf {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let metadata = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        metadata.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&metadata.stdout).expect("cargo metadata prints JSON");
    metadata["packages"]
        .as_array()
        .and_then(|packages| packages.iter().find(|p| p["name"] == "grammers-tl-types"))
        .and_then(|p| p["manifest_path"].as_str())
        .map(PathBuf::from)
        .expect("grammers-tl-types is a dependency")
}
