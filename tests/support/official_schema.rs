//! The official schema files (`api.tl`, `mtproto.tl`) beside the checkout,
//! for the tests of every crate that read them: included by path, so the
//! rule is written once.
//!
//! Without the folder a test says that it skipped, on the test run's own
//! output (written past libtest's capture, so `cargo test` shows it without
//! `--nocapture`), and passes; under `CI=true` a missing folder means the
//! run would check nothing, and the test fails instead.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The workspace root: the first folder up from the crate that holds
/// both `tl/` and `crates/`.
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .find(|dir| dir.join("tl").is_dir() && dir.join("crates").is_dir())
        .unwrap_or(here)
        .to_path_buf()
}

/// The folder beside the checkout where the official schema files go.
pub fn official_dir() -> PathBuf {
    workspace_root().join("../shared/schema")
}

/// The official schema file `name`, or `None` once the skip is said.
pub fn official_schema(name: &str) -> Option<PathBuf> {
    let path = official_dir().join(name);
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is missing under CI",
        path.display()
    );
    // libtest names each test's thread after the test.
    let current = std::thread::current();
    let test = current.name().unwrap_or("a test");
    // Straight to the process's stderr: libtest captures `eprintln!`.
    let note = format!(
        "\ntest {test}: SKIPPED, {} is not beside the checkout\n",
        path.display()
    );
    let _ = std::io::stderr().write_all(note.as_bytes());
    None
}
