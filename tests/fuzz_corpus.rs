//! Replays every committed fuzz input — the seeds in `fuzz/corpus/<target>/`
//! and the crashes that became tests in `fuzz/regressions/<target>/` —
//! through the same checks the libFuzzer targets run (`fuzz/src/checks/`,
//! included by path: one copy of each property). So a fixed crash stays
//! fixed under a plain `cargo test`, without cargo-fuzz or a nightly.
//!
//! Also checks the layout: every target in `fuzz/fuzz_targets/` has a check
//! and a non-empty seed corpus, and no corpus directory is left without one.
//! The whole-layer targets ([`WHOLE_LAYER`]) are the exception: their
//! checks need layers only the fuzz workspace builds, so cargo-fuzz replays
//! their inputs (in CI's fuzz stage), and here they only need seeds.
#![cfg(all(feature = "gzip", feature = "qr"))]

#[path = "../fuzz/src/checks/mod.rs"]
mod checks;

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The inputs of `dir`, sorted; notes for people (`README*`, dot files)
/// are not inputs.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            !name.starts_with('.') && !name.starts_with("README")
        })
        .collect();
    files.sort();
    files
}

fn check_of(target: &str) -> checks::Check {
    checks::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|&(_, check)| check)
        .unwrap_or_else(|| panic!("no check for fuzz target `{target}` in fuzz/src/checks/mod.rs"))
}

/// Runs `target`'s check on every input of its corpus and regressions;
/// reports every failing file, not only the first. Returns the corpus size.
fn replay(target: &str) -> usize {
    let check = check_of(target);
    let mut corpus = 0;
    let mut failed = Vec::new();
    for kind in ["corpus", "regressions"] {
        for path in inputs(&fuzz_dir().join(kind).join(target)) {
            let data = std::fs::read(&path).expect("readable input");
            if kind == "corpus" {
                corpus += 1;
            }
            if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failed.push(path.display().to_string());
            }
        }
    }
    assert!(
        failed.is_empty(),
        "fuzz target `{target}` fails on (see the panics above):\n  {}",
        failed.join("\n  ")
    );
    corpus
}

macro_rules! replay_tests {
    ($($target:ident),* $(,)?) => {
        $(
            #[test]
            fn $target() {
                let seeds = replay(stringify!($target));
                assert!(seeds > 0, "fuzz/corpus/{} has no seeds", stringify!($target));
            }
        )*

        /// The targets with a replay test here.
        const REPLAYED: &[&str] = &[$(stringify!($target)),*];
    };
}

replay_tests!(
    decode_authorization,
    decode_any,
    response,
    bytes_roundtrip,
    schema_parser,
    qr_url,
    envelope,
);

/// The targets that decode a whole generated layer (`fuzz/src/layers.rs`).
const WHOLE_LAYER: &[&str] = &["layer", "layer_diff"];

fn names_in(dir: &Path, files: bool) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeSet::new();
    };
    entries
        .map(|e| e.expect("directory entry").path())
        .filter(|p| if files { p.is_file() } else { p.is_dir() })
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some(match name.strip_suffix(".rs") {
                Some(stem) if files => stem.to_owned(),
                _ => name,
            })
        })
        .collect()
}

#[test]
fn every_target_has_a_check_a_corpus_and_a_replay() {
    let all_targets = names_in(&fuzz_dir().join("fuzz_targets"), true);
    let whole_layer: BTreeSet<String> = WHOLE_LAYER.iter().map(|n| n.to_string()).collect();
    assert!(
        whole_layer.is_subset(&all_targets),
        "{whole_layer:?} are not all in fuzz_targets/"
    );
    for target in WHOLE_LAYER {
        let seeds = inputs(&fuzz_dir().join("corpus").join(target));
        assert!(!seeds.is_empty(), "fuzz/corpus/{target} has no seeds");
    }
    let targets: BTreeSet<String> = all_targets.difference(&whole_layer).cloned().collect();
    let checked: BTreeSet<String> = checks::TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    let replayed: BTreeSet<String> = REPLAYED.iter().map(|n| n.to_string()).collect();
    assert_eq!(targets, checked, "fuzz_targets/*.rs vs checks::TARGETS");
    assert_eq!(
        targets, replayed,
        "fuzz_targets/*.rs vs the replay tests here"
    );
    for kind in ["corpus", "regressions"] {
        let dirs = names_in(&fuzz_dir().join(kind), false);
        let strays: Vec<_> = dirs.difference(&all_targets).collect();
        assert!(
            strays.is_empty(),
            "fuzz/{kind}/ has directories of no target: {strays:?}"
        );
    }
}
