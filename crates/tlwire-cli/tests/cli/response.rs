//! `tlwire response`: answers decoded into typed results and RPC errors.

use crate::common::*;
use tlwire::sample;

fn response(msg_id: &str, wire: &[u8]) -> Run {
    run(&[
        "response",
        "accept-login-token",
        "--msg-id",
        msg_id,
        &hex(wire),
    ])
}

/// An RPC error answer and what `response` must make of it.
struct ErrorCase {
    code: i32,
    message: &'static str,
    name: &'static str,
    argument: Option<u64>,
    method_error: Option<&'static str>,
}

impl ErrorCase {
    /// The JSON `response` prints for it, written out by hand.
    fn json(&self) -> String {
        let Self {
            code,
            message,
            name,
            ..
        } = self;
        let argument = self
            .argument
            .map_or_else(|| "null".to_owned(), |n| n.to_string());
        let method_error = self
            .method_error
            .map_or_else(|| "null".to_owned(), |n| format!("\"{n}\""));
        format!(
            r#"{{"_":"rpc_error","error_code":{code},"error_message":"{message}","name":"{name}","argument":{argument},"method_error":{method_error}}}"#
        )
    }
}

/// The RPC errors the tool is tested on: each method error (with and
/// without a code that drifted), flood waits, errors the method does not
/// list, a negative code and an empty message.
const RPC_ERRORS: &[ErrorCase] = &[
    ErrorCase {
        code: 400,
        message: "AUTH_TOKEN_ALREADY_ACCEPTED",
        name: "AUTH_TOKEN_ALREADY_ACCEPTED",
        argument: None,
        method_error: Some("AUTH_TOKEN_ALREADY_ACCEPTED"),
    },
    ErrorCase {
        code: 400,
        message: "AUTH_TOKEN_EXCEPTION",
        name: "AUTH_TOKEN_EXCEPTION",
        argument: None,
        method_error: Some("AUTH_TOKEN_EXCEPTION"),
    },
    ErrorCase {
        code: 400,
        message: "AUTH_TOKEN_EXPIRED",
        name: "AUTH_TOKEN_EXPIRED",
        argument: None,
        method_error: Some("AUTH_TOKEN_EXPIRED"),
    },
    ErrorCase {
        code: 400,
        message: "AUTH_TOKEN_INVALID",
        name: "AUTH_TOKEN_INVALID",
        argument: None,
        method_error: Some("AUTH_TOKEN_INVALIDX"),
    },
    ErrorCase {
        code: 400,
        message: "AUTH_TOKEN_INVALID1",
        name: "AUTH_TOKEN_INVALID",
        argument: Some(1),
        method_error: Some("AUTH_TOKEN_INVALIDX"),
    },
    ErrorCase {
        code: 400,
        message: "AUTH_TOKEN_INVALID2",
        name: "AUTH_TOKEN_INVALID",
        argument: Some(2),
        method_error: Some("AUTH_TOKEN_INVALIDX"),
    },
    ErrorCase {
        code: 500,
        message: "AUTH_TOKEN_EXPIRED",
        name: "AUTH_TOKEN_EXPIRED",
        argument: None,
        method_error: Some("AUTH_TOKEN_EXPIRED"),
    },
    ErrorCase {
        code: 420,
        message: "FLOOD_WAIT_42",
        name: "FLOOD_WAIT",
        argument: Some(42),
        method_error: None,
    },
    ErrorCase {
        code: 420,
        message: "FLOOD_PREMIUM_WAIT_7",
        name: "FLOOD_PREMIUM_WAIT",
        argument: Some(7),
        method_error: None,
    },
    ErrorCase {
        code: 401,
        message: "SESSION_PASSWORD_NEEDED",
        name: "SESSION_PASSWORD_NEEDED",
        argument: None,
        method_error: None,
    },
    ErrorCase {
        code: 400,
        message: "FILE_PART_3_MISSING",
        name: "FILE_PART_MISSING",
        argument: Some(3),
        method_error: None,
    },
    ErrorCase {
        code: 303,
        message: "NETWORK_MIGRATE_2",
        name: "NETWORK_MIGRATE",
        argument: Some(2),
        method_error: None,
    },
    ErrorCase {
        code: -503,
        message: "Timeout",
        name: "Timeout",
        argument: None,
        method_error: None,
    },
    ErrorCase {
        code: 400,
        message: "",
        name: "",
        argument: None,
        method_error: None,
    },
];

#[test]
fn response_of_the_sample_is_the_authorization_json() {
    let inner = decode_json(&hex(sample::AUTHORIZATION));
    assert_eq!(inner, SAMPLE_JSON);
    let wire = rpc_result(7, sample::AUTHORIZATION);
    let out = response("7", &wire);
    assert_eq!(out.line(), inner);
    assert!(out.stderr.is_empty(), "{out:?}");

    let strict = run(&[
        "response",
        "accept-login-token",
        "--strict",
        "--msg-id",
        "7",
        &hex(&wire),
    ]);
    assert_eq!(strict.line(), inner);

    let spaced = format!("{}\n", hex(&wire).to_uppercase());
    let out = run_with(
        &["response", "accept-login-token", "--msg-id", "7", "-"],
        Some(spaced.as_bytes()),
    );
    assert_eq!(out.line(), inner);
}

#[test]
fn response_msg_ids_are_signed_64_bit() {
    for id in [i64::MIN, -1, 0, 0x6543_2100_0000_0004, i64::MAX] {
        let wire = rpc_result(id, sample::AUTHORIZATION);
        assert_eq!(response(&id.to_string(), &wire).line(), SAMPLE_JSON, "{id}");
        let out = run(&[
            "response",
            "accept-login-token",
            &format!("--msg-id={id}"),
            &hex(&wire),
        ]);
        assert_eq!(out.line(), SAMPLE_JSON, "{id}");
    }
}

#[test]
fn response_rpc_errors_exit_2_with_one_json_object() {
    for case in RPC_ERRORS {
        let message = case.message;
        let wire = rpc_result(-42, &rpc_error(case.code, message.as_bytes()));
        let out = response("-42", &wire);
        assert_eq!(out.code, 2, "{message}: {out:?}");
        assert!(out.stderr.is_empty(), "{message}: {out:?}");
        assert_eq!(out.stdout, format!("{}\n", case.json()), "{message}");
    }
}

#[test]
fn response_each_method_error_has_its_schema_name() {
    for (message, schema_name) in [
        ("AUTH_TOKEN_ALREADY_ACCEPTED", "AUTH_TOKEN_ALREADY_ACCEPTED"),
        ("AUTH_TOKEN_EXCEPTION", "AUTH_TOKEN_EXCEPTION"),
        ("AUTH_TOKEN_EXPIRED", "AUTH_TOKEN_EXPIRED"),
        ("AUTH_TOKEN_INVALID", "AUTH_TOKEN_INVALIDX"),
        ("AUTH_TOKEN_INVALID2", "AUTH_TOKEN_INVALIDX"),
    ] {
        let out = response("1", &rpc_result(1, &rpc_error(400, message.as_bytes())));
        assert_eq!(out.code, 2, "{out:?}");
        assert!(
            out.stdout
                .contains(&format!(r#""method_error":"{schema_name}"}}"#)),
            "{message}: {out:?}"
        );
    }
    // Near misses are not the method's errors.
    for message in [
        "AUTH_TOKEN_INVALID_2",
        "AUTH_TOKEN_EXPIRED_2",
        "auth_token_expired",
        "AUTH_TOKEN",
    ] {
        let out = response("1", &rpc_result(1, &rpc_error(400, message.as_bytes())));
        assert_eq!(out.code, 2, "{out:?}");
        assert!(
            out.stdout.ends_with(",\"method_error\":null}\n"),
            "{message}: {out:?}"
        );
    }
}

#[test]
fn response_error_messages_are_escaped_json() {
    let message = "QUOTE\"AND\\BACKSLASH";
    let out = response("1", &rpc_result(1, &rpc_error(400, message.as_bytes())));
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stdout,
        concat!(
            r#"{"_":"rpc_error","error_code":400,"error_message":"QUOTE\"AND\\BACKSLASH","#,
            r#""name":"QUOTE\"AND\\BACKSLASH","argument":null,"method_error":null}"#,
            "\n"
        )
    );
}

#[test]
fn response_gzip_packed_answer_is_the_same_authorization() {
    let wire = rpc_result(9, &gzip_packed(sample::AUTHORIZATION));
    assert_eq!(response("9", &wire).line(), SAMPLE_JSON);
    // Two layers are within the default nesting limit.
    let wire = rpc_result(9, &gzip_packed(&gzip_packed(sample::AUTHORIZATION)));
    assert_eq!(response("9", &wire).line(), SAMPLE_JSON);
}

#[test]
fn response_gzip_packed_errors_exit_2() {
    for case in RPC_ERRORS {
        let message = case.message;
        let wire = rpc_result(9, &gzip_packed(&rpc_error(case.code, message.as_bytes())));
        let out = response("9", &wire);
        assert_eq!(out.code, 2, "{message}: {out:?}");
        assert!(out.stderr.is_empty(), "{message}: {out:?}");
        assert_eq!(out.stdout, format!("{}\n", case.json()));
    }
}

#[test]
fn response_to_another_msg_id_is_rejected() {
    let wire = rpc_result(7, sample::AUTHORIZATION);
    let out = response("8", &wire);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let line = out.error_line();
    assert!(line.starts_with("error: msg_id_mismatch: "), "{line}");
    assert!(line.contains('7') && line.contains('8'), "{line}");
    // Also for an error answer: the id is checked first.
    let out = response("-7", &rpc_result(7, &rpc_error(400, b"AUTH_TOKEN_EXPIRED")));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(
        out.error_line().starts_with("error: msg_id_mismatch: "),
        "{out:?}"
    );
}

#[test]
fn response_decode_errors_name_the_kind_and_the_offset() {
    let truncated = sample::AUTHORIZATION
        .get(..31)
        .expect("the sample is long enough");
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (rpc_result(7, truncated), "unexpected_end"),
        (rpc_result(7, &[]), "unexpected_end"),
        (
            rpc_result(7, &[]).get(..10).unwrap_or_default().to_vec(),
            "unexpected_end",
        ),
        (Vec::new(), "unexpected_end"),
        // The authorization alone is no rpc_result: a constructor of
        // another type, as `decode --type` says it.
        (sample::AUTHORIZATION.to_vec(), "type_mismatch"),
        // An rpc_result of another type.
        (rpc_result(7, sample::ACCEPT_LOGIN_TOKEN), "type_mismatch"),
        // A constructor no layer here has.
        (
            rpc_result(7, &[0xef, 0xbe, 0xad, 0xde]),
            "unknown_constructor",
        ),
        (
            [rpc_result(7, sample::AUTHORIZATION), vec![0; 4]].concat(),
            "trailing_bytes",
        ),
        (
            rpc_result(
                7,
                &[&[0xa1, 0xcf, 0x72, 0x30][..], &tl_bytes(b"not gzip")].concat(),
            ),
            "invalid_gzip",
        ),
        (rpc_result(7, &gzip_packed(truncated)), "unexpected_end"),
    ];
    let bare = response("7", sample::AUTHORIZATION);
    assert_eq!(
        bare.error_line(),
        "error: type_mismatch: expected RpcResult, found authorization#ad01d61d at byte 0"
    );
    for (wire, kind) in cases {
        let out = response("7", &wire);
        assert_eq!(out.code, 1, "{}: {out:?}", hex(&wire));
        assert!(out.stdout.is_empty(), "{out:?}");
        let line = out.error_line();
        assert!(
            line.starts_with(&format!("error: {kind}: ")),
            "{kind}: {line}"
        );
        assert!(line.contains("at byte"), "{line}");
    }

    let out = response("7", &rpc_result(7, truncated));
    assert_eq!(
        out.error_line(),
        "error: unexpected_end: unexpected end of input at byte 40 in rpc_result#f35c6d01 field result > authorization#ad01d61d field platform: need 8 bytes, 3 left"
    );
}

#[test]
fn response_strict_rejects_non_canonical_input() {
    // rpc_error 400 with its message in the long length form.
    let mut body = vec![0x19, 0xca, 0x44, 0x21];
    body.extend_from_slice(&400i32.to_le_bytes());
    body.extend_from_slice(&[0xfe, 18, 0, 0]);
    body.extend_from_slice(b"AUTH_TOKEN_EXPIRED");
    body.extend_from_slice(&[0, 0]);
    let wire = rpc_result(3, &body);
    let out = response("3", &wire);
    assert_eq!(out.code, 2, "{out:?}");
    let out = run(&[
        "response",
        "accept-login-token",
        "--strict",
        "--msg-id",
        "3",
        &hex(&wire),
    ]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.error_line()
            .starts_with("error: non_canonical_length: "),
        "{out:?}"
    );
}

#[test]
fn response_limits_are_errors() {
    // Three gzip_packed layers: one more than the default nesting limit.
    let nested = gzip_packed(&gzip_packed(&gzip_packed(sample::AUTHORIZATION)));
    let out = response("5", &rpc_result(5, &nested));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let line = out.error_line();
    assert!(line.starts_with("error: limit_exceeded: "), "{line}");
    assert!(line.contains("at byte"), "{line}");

    // More than the default 16 MiB cap once inflated.
    let mut big = sample::AUTHORIZATION.to_vec();
    big.resize((16 << 20) + 1, 0);
    let wire = hex(&rpc_result(5, &gzip_packed(&big)));
    let out = run_with(
        &["response", "accept-login-token", "--msg-id", "5", "-"],
        Some(wire.as_bytes()),
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let line = out.error_line();
    assert!(line.starts_with("error: limit_exceeded: "), "{line}");
}

#[test]
fn response_msg_id_must_be_a_decimal_i64() {
    let wire = hex(&rpc_result(7, sample::AUTHORIZATION));
    for bad in [
        "x",
        "",
        "0x7",
        "7.0",
        "9223372036854775808",
        "-9223372036854775809",
    ] {
        let out = run(&["response", "accept-login-token", "--msg-id", bad, &wire]);
        assert_eq!(out.code, 64, "{bad:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{out:?}");
    }
    let out = run(&["response", "accept-login-token", &wire]);
    assert_eq!(out.code, 64, "{out:?}");
}

#[test]
fn response_rejects_bad_hex() {
    let out = run(&["response", "accept-login-token", "--msg-id", "7", "0g"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.error_line().starts_with("error: invalid_hex: "),
        "{out:?}"
    );
}

/// An error message that is not UTF-8 shows as `decode --json` shows any
/// such `string`: the hex of its bytes, every byte kept.
#[test]
fn response_shows_a_non_utf8_message_as_decode_does() {
    let wire = rpc_result(1, &rpc_error(400, b"BAD_\xff\xfe"));
    let out = response("1", &wire);
    assert_eq!(out.code, 2, "{out:?}");
    let answer: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(
        answer["error_message"],
        serde_json::json!({"invalid_utf8_hex": "4241445ffffe"})
    );
    let decoded = decode_json(&hex(&rpc_error(400, b"BAD_\xff\xfe")));
    assert!(
        decoded.contains(r#""error_message":{"invalid_utf8_hex":"4241445ffffe"}"#),
        "{decoded}"
    );
}
