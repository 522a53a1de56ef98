//! `tlwire schema`: checking and generating from schema files.

use crate::common::*;

#[test]
fn schema_check_of_the_shipped_lines() {
    let out = run(&["schema", "check", "tl/api.tl", "tl/mtproto.tl"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    let (api, mtproto) = (
        shipped_combinators("api.tl"),
        shipped_combinators("mtproto.tl"),
    );
    assert!(api > 2 && mtproto > 3, "{api} {mtproto}");
    let expected = [
        format!("tl/api.tl (layer 214): {api} combinators, {api} ids verified, 0 mismatches, 0 without id, 0 core lines, 0 parse errors"),
        format!("tl/mtproto.tl: {mtproto} combinators, {mtproto} ids verified, 0 mismatches"),
        format!("total: {0} combinators, {0} ids verified, 0 mismatches", api + mtproto),
    ];
    for line in expected {
        assert!(out.stdout.contains(&line), "{line}\n{}", out.stdout);
    }
}

#[test]
fn schema_check_reports_a_wrong_id() {
    let file = TempFile::new(
        "wrong.tl",
        "int ? = Int;\nboolTrue#997275b5 = Bool;\nboolFalse#1 = Bool;\ntlsBlockZero length:int = TlsBlock;\n",
    );
    let out = run(&["schema", "check", file.path()]);
    assert_eq!(out.code, 1, "{out:?}");
    let expected = format!(
        "{}:3: boolFalse#00000001: id does not match the computed #bc799737",
        file.path()
    );
    assert!(out.stderr.lines().any(|l| l == expected), "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "3 combinators, 1 id verified, 1 mismatch, 1 without id, 1 core line, 0 parse errors"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.last_error_line().starts_with("error: id_mismatch: "),
        "{out:?}"
    );
    // Allowed by name, the id is kept, in the generator's words; and
    // `generate` refuses and accepts the same file the same way.
    let allowed = run(&[
        "schema",
        "check",
        "--allow-mismatch",
        "boolFalse",
        file.path(),
    ]);
    assert_eq!(allowed.code, 0, "{allowed:?}");
    assert!(
        allowed.stderr.contains("boolFalse has id #00000001"),
        "{allowed:?}"
    );
    let generate = run(&["schema", "generate", file.path()]);
    assert_eq!(generate.code, 1, "{generate:?}");
    assert!(
        generate.stderr.lines().any(|l| l == expected),
        "{generate:?}"
    );
    assert!(generate.stdout.is_empty(), "{generate:?}");
}

#[test]
fn schema_check_reports_parse_errors_and_keeps_going() {
    let file = TempFile::new(
        "broken.tl",
        "boolTrue#997275b5 = Bool;\n// a comment\nbroken#12 x:int =\n  ;\nboolFalse#bc799737 = Bool;\n",
    );
    let out = run(&["schema", "check", file.path()]);
    assert_eq!(out.code, 1, "{out:?}");
    let prefix = format!("{}:4:", file.path());
    let line = out
        .stderr
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {prefix} line in {}", out.stderr));
    assert!(line.contains("parse error in broken"), "{line}");
    assert!(out.stdout.contains("2 ids verified"), "{}", out.stdout);
    assert!(out.stdout.contains("1 parse error"), "{}", out.stdout);
    assert!(
        out.last_error_line()
            .starts_with("error: schema_parse_error: "),
        "{out:?}"
    );
}

#[test]
fn schema_check_of_a_missing_file() {
    let out = run(&["schema", "check", "tl/api.tl", "/nonexistent/x.tl"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stderr.contains("/nonexistent/x.tl: cannot read"),
        "{out:?}"
    );
    let api = shipped_combinators("api.tl");
    assert!(
        out.stdout
            .contains(&format!("tl/api.tl (layer 214): {api} combinators")),
        "{out:?}"
    );
    assert!(
        out.last_error_line().starts_with("error: unreadable: "),
        "{out:?}"
    );
}

#[test]
fn schema_check_of_the_official_api() {
    let Some(path) = official_schema("api.tl") else {
        return;
    };
    let out = run(&["schema", "check", &path]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains(": 2206 combinators, 2206 ids verified, 0 mismatches, 0 without id, 0 core lines, 0 parse errors"), "{}", out.stdout);
}

#[test]
fn schema_check_of_the_official_mtproto() {
    let Some(path) = official_schema("mtproto.tl") else {
        return;
    };
    let out = run(&["schema", "check", &path]);
    assert_eq!(out.code, 1, "{out:?}");
    let mismatches: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("id does not match"))
        .collect();
    assert_eq!(mismatches.len(), 3, "{}", out.stderr);
    for (line, name) in
        mismatches
            .iter()
            .zip(["ipPortSecret#", "accessPointRule#", "help.configSimple#"])
    {
        assert!(line.starts_with(&format!("{path}:")), "{line}");
        assert!(line.contains(name), "{name} in {line}");
    }
    assert!(out.stdout.contains("3 mismatches"), "{}", out.stdout);
    assert!(
        out.last_error_line().starts_with("error: id_mismatch: "),
        "{out:?}"
    );
    // The three the docs name, allowed: both commands take the file.
    let allow = [
        "--allow-mismatch",
        "ipPortSecret",
        "--allow-mismatch",
        "accessPointRule",
        "--allow-mismatch",
        "help.configSimple",
    ];
    for command in ["check", "generate"] {
        let mut args = vec!["schema", command];
        args.extend_from_slice(&allow);
        args.push(&path);
        let out = run(&args);
        assert_eq!(out.code, 0, "{command}: {}", out.stderr);
        let kept = out.stderr.lines().filter(|l| l.ends_with("(kept)")).count();
        assert_eq!(kept, 3, "{command}: {}", out.stderr);
    }
}

/// What is not a schema is refused by both commands, with the file named.
#[test]
fn schema_commands_refuse_what_is_not_a_schema() {
    let json = TempFile::new("layer.json", r#"{"_":"authorization"}"#);
    let empty = TempFile::new("empty.tl", "// nothing but a comment\n");
    for (file, kind) in [(&json, "schema_parse_error"), (&empty, "not_a_schema")] {
        for command in ["check", "generate"] {
            let out = run(&["schema", command, file.path()]);
            assert_eq!(out.code, 1, "{command} {}: {out:?}", file.path());
            assert!(out.stderr.contains(file.path()), "{out:?}");
            assert!(
                out.last_error_line()
                    .starts_with(&format!("error: {kind}: ")),
                "{command}: {out:?}"
            );
        }
    }
}

/// A line the generator cannot use is skipped by `generate` and reported
/// by `check`, in the same words, and neither refuses the file for it.
#[test]
fn schema_commands_say_the_same_of_a_line_they_skip() {
    let file = TempFile::new(
        "unusable.tl",
        "ok = Ok;\nwrapper inner:NoSuchType = Wrapper;\n",
    );
    let check = run(&["schema", "check", file.path()]);
    let generate = run(&["schema", "generate", file.path()]);
    assert_eq!(
        (check.code, generate.code),
        (0, 0),
        "{check:?}\n{generate:?}"
    );
    let skipped = |out: &crate::common::Run| -> Vec<String> {
        out.stderr
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(skipped(&check), skipped(&generate));
    assert_eq!(skipped(&check).len(), 1, "{check:?}");
    assert!(skipped(&check)[0].contains("wrapper skipped"), "{check:?}");
}

#[test]
fn an_allowed_mismatch_is_counted_and_an_unused_name_is_said() {
    let file = TempFile::new("ping.tl", "ping#deadbeef ping_id:long = Pong;\n");
    let out = run(&[
        "schema",
        "check",
        "--allow-mismatch",
        "ping",
        "--allow-mismatch",
        "nosuch",
        file.path(),
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains(
            "1 combinator, 0 ids verified, 0 mismatches, 1 mismatch allowed, 0 without id"
        ),
        "the counts add up: {out:?}"
    );
    assert!(
        out.stderr.contains(
            "warning: --allow-mismatch nosuch: no combinator of that name has a mismatched id"
        ),
        "{out:?}"
    );
}
