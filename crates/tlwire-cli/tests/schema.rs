//! `tlwire schema`: checking and generating from schema files.

mod common;

use common::*;

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
    assert!(out.stdout.lines().any(|l| l == expected), "{}", out.stdout);
    assert!(
        out.stdout.contains("3 combinators, 1 ids verified, 1 mismatches, 1 without id, 1 core lines, 0 parse errors"),
        "{}",
        out.stdout
    );
    assert!(
        out.error_line().starts_with("error: id_mismatch: "),
        "{out:?}"
    );
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
        .stdout
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {prefix} line in {}", out.stdout));
    assert!(line.contains("parse error in broken"), "{line}");
    assert!(out.stdout.contains("2 ids verified"), "{}", out.stdout);
    assert!(out.stdout.contains("1 parse errors"), "{}", out.stdout);
    assert!(
        out.error_line().starts_with("error: schema_parse_error: "),
        "{out:?}"
    );
}

#[test]
fn schema_check_of_a_missing_file() {
    let out = run(&["schema", "check", "tl/api.tl", "/nonexistent/x.tl"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout.contains("/nonexistent/x.tl: cannot read"),
        "{out:?}"
    );
    let api = shipped_combinators("api.tl");
    assert!(
        out.stdout
            .contains(&format!("tl/api.tl (layer 214): {api} combinators")),
        "{out:?}"
    );
    assert!(
        out.error_line().starts_with("error: unreadable: "),
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
        .stdout
        .lines()
        .filter(|l| l.contains("id does not match"))
        .collect();
    assert_eq!(mismatches.len(), 3, "{}", out.stdout);
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
        out.error_line().starts_with("error: id_mismatch: "),
        "{out:?}"
    );
}
