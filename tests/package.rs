//! What `cargo package` ships: every file under `src/` and `tl/` (build.rs
//! reads `tl/` at build time, so a crate without it cannot build), the
//! tests with the support files they include by path, build.rs,
//! the README the crate docs include, the licenses, DEPS.md and CHANGELOG.md
//! — and none of the repository-only parts (CI, fuzzing, the peers bench
//! crate, build output) nor the workspace's other crates, which ship on
//! their own.
//!
//! Runs `cargo package --list --allow-dirty` (no build, no upload) and compares
//! it with a walk of the source tree, so a new module or schema file that the
//! `include` list in Cargo.toml misses fails here, not on crates.io.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Top-level files the published crate must carry.
const REQUIRED: &[&str] = &[
    "Cargo.toml",
    "build.rs",
    "README.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "DEPS.md",
    "CHANGELOG.md",
];

/// Tests that read parts of the repository the crate does not ship:
/// `fuzz/` and the other crates' sources.
const REPOSITORY_TESTS: &[&str] = &["fuzz_corpus.rs", "source_layout.rs"];

/// Directories whose every file must ship.
const SHIPPED_DIRS: &[&str] = &["src", "tl", "tests/support"];

/// Prefixes that belong to the repository, not to the crate.
const NEVER_SHIPPED: &[&str] = &[
    ".ci/",
    ".git/",
    "crates/",
    "fuzz/",
    "benches/peers/",
    "target/",
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cargo() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .or_else(|| option_env!("CARGO").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("cargo"))
}

/// Every file under `dir`, as a `/`-separated path relative to `root`.
fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            let relative = path.strip_prefix(root).expect("path under the root");
            let parts: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.insert(parts.join("/"));
        }
    }
}

/// The file list `cargo package` would upload, or `None` (with the reason
/// printed) when cargo cannot produce it here for want of a network.
fn package_list() -> Option<BTreeSet<String>> {
    let root = manifest_dir();
    let output = Command::new(cargo())
        .args(["package", "--list", "--allow-dirty", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .current_dir(&root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", cargo().display()));
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let offline = [
            "network",
            "offline",
            "failed to download",
            "Unable to update",
            "index",
        ]
        .iter()
        .any(|word| stderr.contains(word));
        let ci = std::env::var("CI").as_deref() == Ok("true");
        if offline && !ci {
            eprintln!("skipped: `cargo package --list` needs the network here:\n{stderr}");
            return None;
        }
        panic!(
            "`cargo package --list --allow-dirty` failed ({}):\n{stderr}",
            output.status
        );
    }
    let stdout = String::from_utf8(output.stdout).expect("cargo prints UTF-8 paths");
    Some(
        stdout
            .lines()
            .map(|line| line.trim().replace('\\', "/"))
            .filter(|line| !line.is_empty())
            .collect(),
    )
}

#[test]
fn package_ships_sources_schema_and_docs() {
    let Some(listed) = package_list() else {
        return;
    };
    let root = manifest_dir();

    let mut expected = BTreeSet::new();
    for dir in SHIPPED_DIRS {
        walk(&root, &root.join(dir), &mut expected);
    }
    assert!(
        expected
            .iter()
            .any(|p| p.starts_with("tl/") && p.ends_with(".tl")),
        "no tl/*.tl schema file found under {}",
        root.display()
    );
    expected.extend(REQUIRED.iter().map(|s| s.to_string()));
    // Every integration test ships, so the packaged crate tests itself, but
    // those that read the repository around the crate (which does not ship).
    // A test of several files is a directory whose `main.rs` is the test.
    for entry in std::fs::read_dir(root.join("tests")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".rs") && !REPOSITORY_TESTS.contains(&name.as_str()) {
            expected.insert(format!("tests/{name}"));
        } else if path.join("main.rs").is_file() {
            walk(&root, &path, &mut expected);
        }
    }
    for name in REPOSITORY_TESTS {
        assert!(
            !listed.contains(&format!("tests/{name}")),
            "tests/{name} reads the repository around the crate, which is not shipped"
        );
    }

    let missing: Vec<_> = expected.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "`cargo package` would not ship these files (check `include` in Cargo.toml):\n  {}\n\
         shipped:\n  {}",
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  "),
        listed.iter().cloned().collect::<Vec<_>>().join("\n  ")
    );

    let stray: Vec<_> = listed
        .iter()
        .filter(|p| NEVER_SHIPPED.iter().any(|prefix| p.starts_with(prefix)))
        .collect();
    assert!(
        stray.is_empty(),
        "`cargo package` would ship repository-only files:\n  {}",
        stray
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

/// A dependency on the crate with its default features reads what real
/// servers send, `gzip_packed` answers included; only `no_std` builds go
/// without (the feature needs `std`).
#[test]
fn default_features_read_packed_answers() {
    let output = Command::new(cargo())
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(manifest_dir())
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "{output:?}");
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let package = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "tlwire")
        .expect("the runtime's package");
    let default: Vec<&str> = package["features"]["default"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert!(default.contains(&"gzip"), "default features: {default:?}");
    assert!(default.contains(&"std"), "default features: {default:?}");
}
