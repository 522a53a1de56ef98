//! Generated code is committed, so a change in the generator shows up as a
//! reviewable diff:
//!
//! - `tests/fixtures/<case>/`: one small schema per case (its `.tl` and
//!   `.tsv` files, and an `options` file naming generator options), with
//!   the Rust the generator makes of it in `expected.rs`;
//! - the runtime's `tests/golden/tl.rs`: its own `tl/*.tl`, exactly what its
//!   build.rs writes to `$OUT_DIR/tl.rs` (the runtime's
//!   `tests/build_output.rs` checks that side): the code tlwire ships;
//! - the runtime's `tests/golden/test_schema.rs`: `tests/schema/test.tl`
//!   and its `errors.tsv`, compiled and exercised by its
//!   `tests/generated/`.
//!
//! When the generator changes on purpose, refresh them with
//! `TLWIRE_BLESS=1 cargo test -p tlwire-codegen --test golden`.

use std::path::{Path, PathBuf};
use std::process::Command;

use tlwire_codegen::{
    generate_from_sources, generate_sources, Options, SchemaFiles, Serde, Source, SourceKind,
};

const BLESS: &str = "TLWIRE_BLESS";

/// The workspace root, where the runtime's `tl/` and the golden files live.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Generates from `files` as build.rs does.
fn generate(files: &SchemaFiles) -> String {
    generate_with(files, &Options::crate_build())
}

/// Generates from `files` with `options`.
fn generate_with(files: &SchemaFiles, options: &Options) -> String {
    generate_from_sources(&files.sources(), options).expect("the schema generates")
}

/// The files at `paths`, relative to the workspace root.
fn read(paths: &[&str]) -> SchemaFiles {
    SchemaFiles::read(paths.iter().map(|p| root().join(p))).unwrap()
}

/// Compares `fresh` with the golden file at `golden` (relative to the
/// workspace root), or rewrites it under `TLWIRE_BLESS=1`.
fn check_golden(golden: &str, fresh: &str) {
    if let Err(stale) = compare_golden(&root().join(golden), fresh) {
        panic!("{stale}");
    }
}

/// Whether the file at `path` holds `fresh`; under `TLWIRE_BLESS=1` it is
/// made to.
fn compare_golden(path: &Path, fresh: &str) -> Result<(), String> {
    if std::env::var_os(BLESS).is_some_and(|v| v == "1") {
        std::fs::write(path, fresh).unwrap();
        return Ok(());
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed == fresh {
        return Ok(());
    }
    Err(format!(
        "{} is out of date with the generator:\n{}\n\
         If the change is intended, refresh it: {BLESS}=1 cargo test -p tlwire-codegen --test golden",
        path.display(),
        first_difference(&committed, fresh)
    ))
}

/// The fixture cases, each a folder of `tests/fixtures/`.
fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

/// The options a fixture's `options` file names, one word each: `serde`,
/// `object`, `samples`, `eq_hash`, `decode_functions`, `skip_unusable`,
/// `items=NAME,NAME`. No file: the defaults.
fn fixture_options(case: &Path) -> Options {
    let text = std::fs::read_to_string(case.join("options")).unwrap_or_default();
    text.split_whitespace()
        .fold(Options::default(), |options, word| match word {
            "serde" => options.serde(Serde::On),
            "object" => options.object(true),
            "samples" => options.samples(true),
            "eq_hash" => options.eq_hash(true),
            "decode_functions" => options.decode_functions(true),
            "skip_unusable" => options.skip_unusable(true),
            _ => match word.strip_prefix("items=") {
                Some(items) => options.items(items.split(',')),
                None => panic!("{}: unknown option {word}", case.display()),
            },
        })
}

/// What the generator makes of a fixture: its warnings as comments, then
/// the code. Files are named by their file name alone, so the warnings do
/// not depend on where the repository lives.
fn generate_fixture(case: &Path) -> String {
    let mut files: Vec<(String, String)> = std::fs::read_dir(case)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_string();
            SourceKind::of_file(&name)?;
            Some((name, std::fs::read_to_string(&path).unwrap()))
        })
        .collect();
    files.sort();
    let sources: Vec<Source<'_>> = files
        .iter()
        .map(|(name, text)| Source {
            name,
            text,
            kind: SourceKind::of_file(name).unwrap(),
        })
        .collect();
    assert!(
        sources.iter().any(|s| s.kind == SourceKind::Schema),
        "{}: no .tl file",
        case.display()
    );
    let generated = generate_sources(&sources, &fixture_options(case))
        .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    let mut out: String = generated
        .warnings
        .iter()
        .map(|w| format!("// warning: {w}\n"))
        .collect();
    out.push_str(&generated.code);
    out
}

#[test]
fn every_fixture_generates_its_expected_code() {
    let cases = fixtures();
    assert!(cases.len() >= 10, "fixtures missing: {cases:?}");
    let stale: Vec<String> = cases
        .iter()
        .filter_map(|case| compare_golden(&case.join("expected.rs"), &generate_fixture(case)).err())
        .collect();
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

/// The first differing line of two texts, with a little context.
fn first_difference(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let at = old
        .iter()
        .zip(&new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    let mut out = format!("first difference at line {}:\n", at + 1);
    for line in old.iter().skip(at).take(5) {
        out.push_str(&format!("- {line}\n"));
    }
    for line in new.iter().skip(at).take(5) {
        out.push_str(&format!("+ {line}\n"));
    }
    out
}

#[test]
fn crate_schema_matches_its_golden_file() {
    check_golden(
        "tests/golden/tl.rs",
        &generate(&SchemaFiles::read_dir(root().join("tl")).unwrap()),
    );
}

#[test]
fn test_schema_matches_its_golden_file() {
    check_golden(
        "tests/golden/test_schema.rs",
        &generate(&read(&["tests/schema/test.tl", "tests/schema/errors.tsv"])),
    );
}

#[test]
fn golden_files_are_rustfmt_clean() {
    let Some(rustfmt) = rustfmt() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "rustfmt is required in CI to check the generated code"
        );
        eprintln!("skipped: rustfmt is not installed, so formatting is not checked here");
        return;
    };
    let goldens = ["tests/golden/tl.rs", "tests/golden/test_schema.rs"]
        .map(|golden| root().join(golden))
        .into_iter()
        .chain(fixtures().into_iter().map(|case| case.join("expected.rs")));
    for golden in goldens {
        let out = Command::new(&rustfmt)
            .args(["--check", "--edition", "2021"])
            .arg(&golden)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{} is not rustfmt-clean; the generator must emit formatted code:\n{}",
            golden.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

fn rustfmt() -> Option<PathBuf> {
    let ok = |p: &Path| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let candidate = PathBuf::from("rustfmt");
    ok(&candidate).then_some(candidate)
}

#[test]
fn a_wrong_id_fails_generation_naming_line_and_both_ids() {
    let text = "authorization#ad01d61e flags:# hash:long = Authorization;";
    let err = generate_from_sources(
        &[Source {
            name: "bad.tl",
            text,
            kind: SourceKind::Schema,
        }],
        &Options::crate_build(),
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("bad.tl:1:"), "{message}");
    assert!(message.contains("#ad01d61e"), "{message}");
    assert!(message.contains("authorization"), "{message}");
}

#[test]
fn the_object_enum_is_emitted_when_asked_for_samples_or_for_a_field() {
    let api = read(&["tl/api.tl"]);
    let mtproto = read(&["tl/mtproto.tl"]);
    let has_object = |code: &str| code.contains("pub enum Object<");
    let code = generate_with(&api, &Options::default());
    assert!(!has_object(&code), "emitted unasked");
    // `Object::` as a whole name, not the end of one (`JsonObject::`).
    let names_object = code
        .match_indices("Object::")
        .any(|(at, _)| !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
    assert!(!names_object, "code names the Object enum it left out");
    let asked = Options::default().object(true);
    assert!(has_object(&generate_with(&api, &asked)));
    let samples = Options::default().samples(true);
    assert!(has_object(&generate_with(&api, &samples)));
    // `rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;`
    let code = generate_with(&mtproto, &Options::default());
    assert!(code.contains("result: &'a super::enums::Object"), "{code}");
    assert!(has_object(&code));
}

#[test]
fn functions_get_decoders_when_asked_or_with_the_object_enum() {
    let api = read(&["tl/api.tl"]);
    // What follows `pub struct NAME` up to the next struct or enum.
    fn section<'c>(code: &'c str, name: &str) -> &'c str {
        let start = code.find(&format!("pub struct {name}")).expect(name);
        let rest = &code[start + 1..];
        let end = ["pub struct ", "pub enum "]
            .iter()
            .filter_map(|next| rest.find(next))
            .min()
            .unwrap_or(rest.len());
        &rest[..end]
    }
    // (the function decodes, the constructor decodes), each with all three
    // of `decode_bare`, `Decode` and `Borrowing` or none of them.
    let decodes = |code: &str| {
        let [function, constructor] = ["AcceptLoginToken", "Authorization"].map(|name| {
            let part = section(code, name);
            let found = [
                part.contains("pub fn decode_bare("),
                part.contains("Decode<'a> for"),
                part.contains("::tlwire::borrowing!("),
            ];
            assert!(
                found.iter().all(|&f| f == found[0]),
                "{name}: {found:?}\n{part}"
            );
            found[0]
        });
        (function, constructor)
    };
    assert_eq!(
        decodes(&generate_with(&api, &Options::default())),
        (false, true)
    );
    for options in [
        Options::default().decode_functions(true),
        Options::default().object(true),
        Options::crate_build(),
    ] {
        assert_eq!(decodes(&generate_with(&api, &options)), (true, true));
    }
}
