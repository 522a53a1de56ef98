//! Where the grammers-tl-types that a workspace's `Cargo.lock` pins was
//! unpacked, and so the schema files (`tl/api.tl`, `tl/mtproto.tl`) that
//! crate generates its types from. One copy for the two build scripts that
//! generate tlwire's side of a comparison from those files: the peers
//! crate's and the fuzz layers crate's (`#[path]`).
//!
//! The package is where cargo unpacked it: the version `Cargo.lock` pins,
//! in the registry's source folder, or else where `cargo metadata` says.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

/// The `tl/` folder of the grammers-tl-types that `root/Cargo.lock` pins
/// (`root`: the workspace root, holding `Cargo.lock` and `Cargo.toml`).
pub fn tl_dir(root: &Path) -> PathBuf {
    println!(
        "cargo:rerun-if-changed={}",
        root.join("Cargo.lock").display()
    );
    println!("cargo:rerun-if-env-changed=CARGO_HOME");
    let manifest = grammers_manifest(root);
    manifest.parent().unwrap_or(root).join("tl")
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
        .unwrap_or_else(|| from_metadata(root, &version))
}

/// The same, from `cargo metadata` (which may download what it lacks): the
/// `manifest_path` that ends in the package's folder. Its JSON escapes
/// nothing in such a path on the systems cargo unpacks to, so a search
/// serves without a JSON parser.
fn from_metadata(root: &Path, version: &str) -> PathBuf {
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
    let json = String::from_utf8_lossy(&metadata.stdout);
    let folder = format!("grammers-tl-types-{version}");
    json.split("\"manifest_path\":\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(PathBuf::from)
        .find(|path| {
            path.parent()
                .and_then(Path::file_name)
                .is_some_and(|name| name == folder.as_str())
        })
        .expect("grammers-tl-types is a dependency")
}
