//! Usage errors and robustness: what the tool does with bad arguments and hostile input.

use crate::common::*;
use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn usage_errors_exit_64() {
    for args in [
        &["bogus"][..],
        &["decode"],
        &["decode", "--frobnicate", "00"],
        &["request"],
        &["request", "accept-login-token"],
        &["encode"],
        &["encode", "x.json"],
        &["schema", "check"],
        &["response"],
        &["response", "accept-login-token"],
        &["response", "accept-login-token", "00"],
        &["response", "accept-login-token", "--msg-id", "1"],
        &["response", "other", "--msg-id", "1", "00"],
        &["qr"],
        &["qr", "decode"],
        &["qr", "encode"],
        &["qr", "decode", "a", "b"],
    ] {
        let out = run(args);
        assert_eq!(out.code, 64, "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
        assert!(!out.stderr.is_empty(), "{args:?}: {out:?}");
    }
}

#[test]
fn help_and_version_succeed() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["decode", "--help"],
        &["help", "schema"],
        &["response", "accept-login-token", "--help"],
        &["qr", "--help"],
        &["help", "qr", "decode"],
    ] {
        let out = run(args);
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        assert!(out.stdout.contains("Usage"), "{args:?}: {out:?}");
    }
    let out = run(&["--version"]);
    assert_eq!(out.line(), format!("tlwire {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tlwire"))
        .args(["request", "accept-login-token", "--token-hex", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tlwire binary runs");
    // Close the read end before the tool writes anything.
    drop(child.stdout.take());
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all("ab".repeat(1 << 20).as_bytes())
            .expect("stdin takes the input");
    }
    let output = child.wait_with_output().expect("tlwire finishes");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stderr.is_empty(), "{output:?}");
}

/// Mutations of real answers (truncations, flipped bytes, spliced ids) fed
/// to `decode` and `response`: every run ends in 0, 1 or 2 with at most one
/// stderr line that names the kind — never a panic (101) or a signal.
#[test]
fn mutated_answers_never_crash_the_tool() {
    let answer = rpc_result(7, tlwire::sample::AUTHORIZATION);
    let packed = rpc_result(7, &gzip_packed(tlwire::sample::AUTHORIZATION));
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..60 {
        let base = if round % 2 == 0 { &answer } else { &packed };
        let mut input = base.clone();
        match next() % 3 {
            0 => input.truncate((next() as usize) % input.len()),
            1 => {
                let at = (next() as usize) % input.len();
                input[at] ^= (next() as u8) | 1;
            }
            _ => {
                let at = ((next() as usize) % (input.len() / 4)) * 4;
                input[at..at + 4].copy_from_slice(&0x3072_cfa1u32.to_le_bytes());
            }
        }
        let text = hex(&input);
        for args in [
            vec!["decode", "--json", text.as_str()],
            vec!["decode", "--strict", text.as_str()],
            vec![
                "response",
                "accept-login-token",
                "--msg-id",
                "7",
                text.as_str(),
            ],
        ] {
            let run = run(&args);
            assert!(matches!(run.code, 0..=2), "{args:?}: {run:?}");
            if run.code == 1 {
                assert!(run.error_line().starts_with("error: "), "{run:?}");
            }
        }
    }
}

#[test]
fn schema_generate_prints_rust_and_keeps_mismatched_ids_with_a_warning() {
    let run = run(&[
        "schema",
        "generate",
        "tl/api.tl",
        "tl/mtproto.tl",
        "tl/errors.tsv",
        "tl/methods.tsv",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("pub struct Authorization<'a> {"));
    assert!(
        run.stdout.contains("pub enum AcceptLoginTokenError {"),
        "errors.tsv is used"
    );
    let dir = std::env::temp_dir().join(format!("tlwire-generate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.tl");
    std::fs::write(&bad, "ping#deadbeef ping_id:long = Pong;\n").unwrap();
    let refused = run_with(&["schema", "generate", bad.to_str().unwrap()], None);
    assert_eq!(refused.code, 1, "an id not allowed: {refused:?}");
    let run = run_with(
        &[
            "schema",
            "generate",
            "--allow-mismatch",
            "ping",
            bad.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("ping has id #deadbeef"), "{run:?}");
    assert!(
        run.stdout
            .contains("const CONSTRUCTOR_ID: u32 = 0xdead_beef;"),
        "the id is kept"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn schema_generate_of_chosen_items_keeps_what_they_need() {
    let run = run(&[
        "schema",
        "generate",
        "--item",
        "auth.acceptLoginToken",
        "tl/api.tl",
        "tl/mtproto.tl",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    // The method and every constructor of its result type, nothing else.
    assert!(
        run.stdout.contains("pub struct AcceptLoginToken<"),
        "{run:?}"
    );
    assert!(run.stdout.contains("pub struct Authorization<"), "{run:?}");
    assert!(!run.stdout.contains("pub struct RpcResult"), "{run:?}");
    assert!(!run.stdout.contains("pub struct GzipPacked"), "{run:?}");
    let unknown = self::run(&["schema", "generate", "--item", "no.suchThing", "tl/api.tl"]);
    assert_eq!(unknown.code, 1, "{unknown:?}");
    assert!(unknown.error_line().contains("no.suchThing"), "{unknown:?}");
}

#[test]
fn schema_generate_skips_lines_it_cannot_use_and_says_why() {
    // Another client's file: a usable line, one naming a type nobody
    // defines, and one that needs the skipped one in turn.
    let dir = std::env::temp_dir().join(format!("tlwire-skip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("client.tl");
    let text = "\
pong#347773c5 msg_id:long ping_id:long = Pong;
ping ping_id:nosuchtype = Ping;
wrapper inner:Ping = Wrapper;
";
    std::fs::write(&file, text).unwrap();
    let run = run_with(&["schema", "generate", file.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("pub struct Pong {"), "{run:?}");
    assert!(!run.stdout.contains("pub struct Ping"), "{run:?}");
    assert!(!run.stdout.contains("pub struct Wrapper"), "{run:?}");
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    let path = file.to_str().unwrap();
    for (line, what) in [
        (2, "ping skipped: field ping_id: unknown type nosuchtype"),
        (3, "wrapper skipped: field inner: unknown type Ping"),
    ] {
        let expected = format!("warning: {path}:{line}: {what}");
        assert!(warnings.contains(&expected.as_str()), "{expected}\n{run:?}");
    }
    // A line that does not parse is refused, as `schema check` refuses it.
    std::fs::write(&file, format!("{text}this is not a schema line\n")).unwrap();
    let run = run_with(&["schema", "generate", file.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(&format!("{path}:4:")),
        "the line is named: {run:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
