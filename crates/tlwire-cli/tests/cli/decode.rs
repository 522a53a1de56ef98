//! `tlwire decode` and `encode`: objects of any known constructor, non-canonical input, and round trips through JSON.

use crate::common::*;
use tlwire::sample;

#[test]
fn decode_json_of_the_sample() {
    assert_eq!(decode_json(&hex(sample::AUTHORIZATION)), SAMPLE_JSON);
    let strict = run(&["decode", "--json", "--strict", &hex(sample::AUTHORIZATION)]);
    assert_eq!(strict.line(), SAMPLE_JSON);
}

#[test]
fn decode_readable_is_field_by_field() {
    let out = run(&["decode", &hex(sample::AUTHORIZATION)]);
    assert_eq!(out.code, 0, "{out:?}");
    for line in [
        "authorization#ad01d61d (124 bytes)",
        "flags: 34",
        "official_app: true",
        "hash: \"2061098589911046150\"",
        "platform: \"Android\"",
        "api_id: 6",
    ] {
        assert!(
            out.stdout.lines().any(|l| l.trim() == line),
            "{line} in {}",
            out.stdout
        );
    }
}

#[test]
fn decode_readable_shows_a_token_length_only() {
    let out = run(&["decode", "4dad94e803010203"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains("auth.acceptLoginToken#e894ad4d"),
        "{out:?}"
    );
    assert!(out.stdout.contains("token: 3 bytes"), "{out:?}");
    assert!(!out.stdout.contains("010203"), "{out:?}");
}

#[test]
fn decode_reads_stdin_and_ignores_white_space_and_case() {
    let spaced = hex(sample::AUTHORIZATION)
        .to_uppercase()
        .as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" \n");
    let out = run_with(&["decode", "--json", "-"], Some(spaced.as_bytes()));
    assert_eq!(out.line(), SAMPLE_JSON);
}

#[test]
fn gzip_packed_shows_its_data_as_hex() {
    let wire = "a1cf7230 04 1f8b0800 000000";
    let out = run(&["decode", "--json", wire]);
    assert_eq!(
        out.line(),
        r#"{"_":"gzip_packed","packed_data":"1f8b0800"}"#
    );
    let out = run(&["decode", wire]);
    assert!(out.stdout.contains("packed_data: \"1f8b0800\""), "{out:?}");
}

#[test]
fn truncated_input_names_the_kind_and_the_offset() {
    let truncated = sample::AUTHORIZATION
        .get(..31)
        .expect("the sample is long enough");
    let out = run(&["decode", &hex(truncated)]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
    assert_eq!(
        out.error_line(),
        "error: unexpected_end: unexpected end of input at byte 28 in authorization#ad01d61d field platform: need 8 bytes, 3 left"
    );

    let out = run(&["decode", "--json", ""]);
    assert_eq!(out.code, 1);
    let line = out.error_line();
    assert!(
        line.contains("unexpected_end") && line.contains("at byte 0"),
        "{line}"
    );
}

#[test]
fn trailing_bytes_are_an_error() {
    let out = run(&["decode", &format!("{}00000000", hex(sample::AUTHORIZATION))]);
    assert_eq!(out.code, 1);
    let line = out.error_line();
    assert!(line.starts_with("error: trailing_bytes: "), "{line}");
    assert!(line.contains("at byte 124"), "{line}");
}

#[test]
fn unknown_constructor_is_an_error() {
    let out = run(&["decode", "deadbeef"]);
    assert_eq!(out.code, 1);
    let line = out.error_line();
    assert!(line.starts_with("error: unknown_constructor: "), "{line}");
    assert!(
        line.contains("at byte 0") && line.contains("efbeadde"),
        "{line}"
    );
    // Named by the layer's registry: not in it.
    let layer = format!("(not in layer {})", tlwire::LAYER);
    assert!(line.ends_with(&layer), "{line}");
}

#[test]
fn type_filter() {
    let sample = hex(sample::AUTHORIZATION);
    let out = run(&["decode", "--json", "--type", "Authorization", &sample]);
    assert_eq!(out.line(), SAMPLE_JSON);
    let out = run(&["decode", "--json", "--type", "Object", &sample]);
    assert_eq!(out.line(), SAMPLE_JSON);

    let error = hex(&rpc_error(400, b"AUTH_TOKEN_EXPIRED"));
    let out = run(&["decode", "--type", "Authorization", &error]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.is_empty());
    assert_eq!(
        out.error_line(),
        "error: type_mismatch: expected Authorization, found rpc_error#2144ca19"
    );
    let out = run(&["decode", "--type", "RpcError", &error]);
    assert_eq!(out.code, 0, "{out:?}");

    // The request answers Authorization but is a function, not of that type.
    let out = run(&["decode", "--type", "Authorization", "4dad94e803010203"]);
    assert_eq!(out.code, 1, "{out:?}");

    // Type names are exact and case-sensitive: anything else is a usage error.
    for bad in ["authorization", "Bool", ""] {
        let out = run(&["decode", "--type", bad, &sample]);
        assert_eq!(out.code, 64, "{bad}: {out:?}");
    }
}

// --- non-canonical input ---------------------------------------------------

#[test]
fn non_canonical_input_comes_back_canonical() {
    let canonical = rpc_error(420, b"FLOOD");
    // The long length form for a 5-byte string.
    let mut long_form = vec![0x19, 0xca, 0x44, 0x21];
    long_form.extend_from_slice(&420i32.to_le_bytes());
    long_form.extend_from_slice(&[0xfe, 5, 0, 0]);
    long_form.extend_from_slice(b"FLOOD\0\0\0");
    // Non-zero padding after the body.
    let mut padded = canonical.clone();
    if let Some(last) = padded.last_mut() {
        *last = 0xaa;
    }
    assert_ne!(padded, canonical);

    for (wire, kind) in [
        (long_form, "non_canonical_length"),
        (padded, "non_zero_padding"),
    ] {
        let json = decode_json(&hex(&wire));
        assert_eq!(
            json,
            r#"{"_":"rpc_error","error_code":420,"error_message":"FLOOD"}"#
        );
        assert_eq!(encode_json(&json), hex(&canonical));

        let out = run(&["decode", "--strict", &hex(&wire)]);
        assert_eq!(out.code, 1, "{out:?}");
        let line = out.error_line();
        assert!(line.starts_with(&format!("error: {kind}: ")), "{line}");
        assert!(line.contains("at byte 8"), "{line}");
    }
}

#[test]
fn invalid_utf8_round_trips_and_strict_rejects_it() {
    let wire = rpc_error(500, b"\xff\xfeX");
    let json = decode_json(&hex(&wire));
    assert_eq!(
        json,
        r#"{"_":"rpc_error","error_code":500,"error_message":{"invalid_utf8_hex":"fffe58"}}"#
    );
    assert_eq!(encode_json(&json), hex(&wire));
    let out = run(&["decode", "--strict", &hex(&wire)]);
    assert_eq!(out.code, 1);
    assert!(
        out.error_line().starts_with("error: invalid_utf8: "),
        "{out:?}"
    );
}

// --- round trips -----------------------------------------------------------

#[test]
fn round_trips_are_byte_exact() {
    assert_round_trip(sample::AUTHORIZATION);
    assert_round_trip(sample::ACCEPT_LOGIN_TOKEN);
    assert_round_trip(&[0x4d, 0xad, 0x94, 0xe8, 0, 0, 0, 0]);
    assert_round_trip(&rpc_error(400, b"AUTH_TOKEN_INVALIDX"));
    assert_round_trip(&rpc_error(-503, b""));
    assert_round_trip(&rpc_result(0x6543_2100_0000_0004, sample::AUTHORIZATION));
    assert_round_trip(&rpc_result(-1, &rpc_error(303, b"NETWORK_MIGRATE_2")));
    assert_round_trip(&[0xa1, 0xcf, 0x72, 0x30, 2, 0x1f, 0x8b, 0]);
}

#[test]
fn rpc_result_json_nests_the_answer() {
    let wire = rpc_result(7, sample::AUTHORIZATION);
    let json = decode_json(&hex(&wire));
    assert_eq!(
        json,
        format!(r#"{{"_":"rpc_result","req_msg_id":"7","result":{SAMPLE_JSON}}}"#)
    );
}

#[test]
fn encode_reads_a_file() {
    let file = TempFile::new(
        "request.json",
        r#"{"_":"auth.acceptLoginToken","token":"0A0b0C"}"#,
    );
    let out = run(&["encode", "--json", file.path()]);
    assert_eq!(out.line(), "4dad94e8030a0b0c");
}

#[test]
fn encode_rejects_bad_json() {
    let missing_hash = SAMPLE_JSON.replace(r#""hash":"2061098589911046150","#, "");
    let unknown_key = SAMPLE_JSON.replace(r#""api_id":6,"#, r#""api_id":6,"api_hash":"x","#);
    let cases = [
        (missing_hash.as_str(), "hash"),
        (unknown_key.as_str(), "api_hash"),
        (r#"{"_":"auth.acceptLoginToken"}"#, "token"),
        (r#"{"_":"auth.acceptLoginToken","token":"0"}"#, "hex"),
        (r#"{"_":"nope"}"#, "nope"),
        (r#"{"token":"00","_":"auth.acceptLoginToken"}"#, "_"),
        (
            r#"{"_":"rpc_error","error_code":4294967296,"error_message":""}"#,
            "4294967296",
        ),
        ("", "EOF"),
        ("[]", "object"),
        (r#"{"_":"gzip_packed","packed_data":"00"} {}"#, "trailing"),
    ];
    for (json, needle) in cases {
        let out = run_with(&["encode", "--json", "-"], Some(json.as_bytes()));
        assert_eq!(out.code, 1, "{json}: {out:?}");
        assert!(out.stdout.is_empty(), "{out:?}");
        let line = out.error_line();
        assert!(line.starts_with("error: invalid_json: "), "{line}");
        assert!(line.contains(needle), "{needle} in {line}");
    }
}

#[test]
fn encode_of_an_unreadable_file_is_an_error() {
    let out = run(&["encode", "--json", "/nonexistent/tlwire.json"]);
    assert_eq!(out.code, 1);
    assert!(
        out.error_line().starts_with("error: unreadable: "),
        "{out:?}"
    );
}

/// A `msg_container` of `(msg_id, seqno, body)` messages.
fn container(messages: &[(i64, i32, &[u8])]) -> Vec<u8> {
    let mut wire = vec![0xdc, 0xf8, 0xf1, 0x73];
    wire.extend_from_slice(&(messages.len() as u32).to_le_bytes());
    for (msg_id, seqno, body) in messages {
        wire.extend_from_slice(&msg_id.to_le_bytes());
        wire.extend_from_slice(&seqno.to_le_bytes());
        wire.extend_from_slice(&(body.len() as i32).to_le_bytes());
        wire.extend_from_slice(body);
    }
    wire
}

#[test]
fn decode_shows_a_containers_messages_and_names_the_one_it_cannot_read() {
    let later_layer = [0xb9, 0x67, 0x83, 0xbd, 0, 0, 0, 0];
    let pong = [
        0xc5, 0x73, 0x77, 0x34, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0,
    ];
    let answer = rpc_result(77, sample::AUTHORIZATION);
    let wire = container(&[(11, 1, &answer), (13, 2, &later_layer), (15, 4, &pong)]);

    let readable = run(&["decode", &hex(&wire)]);
    assert_eq!(readable.code, 0, "{readable:?}");
    let out = &readable.stdout;
    assert!(out.starts_with("msg_container#73f1f8dc ("), "{out}");
    for expected in [
        "message 0: msg_id 11, seqno 1",
        "rpc_result#f35c6d01",
        "device_model: \"Pixel 8 Pro\"",
        "message 1: msg_id 13, seqno 2 (8 bytes)",
        "not decoded: unknown_constructor",
        "#bd8367b9 (not in layer",
        "body: b96783bd00000000",
        "message 2: msg_id 15, seqno 4",
        "pong#347773c5",
    ] {
        assert!(out.contains(expected), "{expected:?} in {out}");
    }

    let json = run(&["decode", "--json", &hex(&wire)]);
    assert_eq!(json.code, 0, "{json:?}");
    let lines: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{json:?}");
    assert_eq!(lines[0]["msg_id"], "11");
    assert_eq!(lines[0]["body"]["_"], "rpc_result");
    assert_eq!(lines[1]["error"], "unknown_constructor");
    assert_eq!(lines[1]["body_hex"], hex(&later_layer));
    assert!(lines[1].get("body").is_none());
    assert_eq!(lines[2]["body"]["_"], "pong");
    // Each body goes through `encode --json` on its own.
    let body = serde_json::to_string(&lines[2]["body"]).unwrap();
    assert_eq!(encode_json(&body), hex(&pong));
}

#[test]
fn decode_of_a_container_whose_lengths_lie_stops_there_with_one_error() {
    let pong = [
        0xc5, 0x73, 0x77, 0x34, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0,
    ];
    let mut wire = container(&[(11, 1, &pong), (13, 2, &pong)]);
    // The second message's length: past the end.
    let len_at = 8 + 16 + pong.len() + 12;
    wire[len_at..len_at + 4].copy_from_slice(&400i32.to_le_bytes());
    let result = run(&["decode", "--json", &hex(&wire)]);
    assert_eq!(result.code, 1, "{result:?}");
    assert_eq!(result.stdout.lines().count(), 1, "the good message first");
    let error = result.error_line();
    assert!(error.starts_with("error: invalid_envelope: "), "{error}");
    assert!(error.contains("in message 1"), "{error}");
}

/// JSON input says exactly what it means: a flags word that disagrees
/// with the fields, a missing flags word, a key given twice (the hex of a
/// non-UTF-8 string too) are errors naming the constructor or the bits,
/// and nothing is encoded that `decode` would refuse.
#[test]
fn encode_json_refuses_what_it_would_lose() {
    let refused = |json: &str| {
        let run = run_with(&["encode", "--json", "-"], Some(json.as_bytes()));
        assert_eq!(run.code, 1, "{json}: {run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        run.error_line().to_owned()
    };
    // flags 34 = official_app (bit 1) and unconfirmed (bit 5); say bit 0 too.
    let disagrees = SAMPLE_JSON.replace(r#""flags":34,"#, r#""flags":35,"#);
    let error = refused(&disagrees);
    assert!(
        error.contains("`flags` of authorization is 0x23 but its fields make 0x22: bits 0x1"),
        "{error}"
    );
    let no_flags = SAMPLE_JSON.replace(r#""flags":34,"#, "");
    let error = refused(&no_flags);
    assert!(
        error.contains("missing field `flags` in authorization"),
        "{error}"
    );
    let no_region = SAMPLE_JSON.replace(r#","region":"North Holland""#, "");
    let error = refused(&no_region);
    assert!(
        error.contains("missing field `region` in authorization"),
        "{error}"
    );
    let twice = SAMPLE_JSON.replace(
        r#""region":"North Holland""#,
        r#""region":{"invalid_utf8_hex":"ff","invalid_utf8_hex":"fe"}"#,
    );
    let error = refused(&twice);
    assert!(error.contains("duplicate field"), "{error}");

    // An rpc_result nested past decode's depth limit: refused as decode
    // refuses it, while one level less encodes and decodes back.
    let nest = |levels: usize| {
        let mut json = SAMPLE_JSON.to_owned();
        for _ in 0..levels {
            json = format!(r#"{{"_":"rpc_result","req_msg_id":"1","result":{json}}}"#);
        }
        json
    };
    let deepest = (1..200)
        .find(|&n| run_with(&["encode", "--json", "-"], Some(nest(n).as_bytes())).code != 0)
        .expect("a nest too deep");
    let error = refused(&nest(deepest));
    assert!(error.contains("limit"), "{error}");
    let hex = run_with(
        &["encode", "--json", "-"],
        Some(nest(deepest - 1).as_bytes()),
    );
    assert_eq!(run(&["decode", "--json", hex.line()]).code, 0);

    // A `jsonArray` nest is two JSON levels to one of decode's: read as
    // deep as decode reads its encoding (past serde_json's own limit of
    // 128), which `decode` then shows as JSON and field by field, and one
    // level more refused by the JSON read itself.
    let arrays = |levels: usize| {
        let mut json = String::from(r#"{"_":"jsonNull"}"#);
        for _ in 0..levels {
            json = format!(r#"{{"_":"jsonArray","value":[{json}]}}"#);
        }
        json
    };
    let limit = tlwire::DEFAULT_MAX_DEPTH as usize;
    let hex = run_with(&["encode", "--json", "-"], Some(arrays(limit).as_bytes()));
    assert_eq!(hex.code, 0, "{hex:?}");
    assert_eq!(run(&["decode", "--json", hex.line()]).code, 0);
    let readable = run(&["decode", hex.line()]);
    assert_eq!(readable.code, 0, "{readable:?}");
    assert!(readable.stdout.starts_with("jsonArray#"), "{readable:?}");
    let error = refused(&arrays(limit + 1));
    assert!(
        error.contains(&format!("past the depth limit of {limit} levels")),
        "{error}"
    );
}

#[test]
fn decode_of_a_container_names_nesting_and_unwraps_copies() {
    let pong = [
        0xc5, 0x73, 0x77, 0x34, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0,
    ];
    let nested = container(&[(5, 1, &pong)]);
    // msg_copy#e06046b2 orig_message:Message
    let mut copy = vec![0xb2, 0x46, 0x60, 0xe0];
    copy.extend_from_slice(&container(&[(21, 3, &pong)])[8..]);
    let wire = container(&[(11, 1, &nested), (13, 2, &copy)]);
    let out = run(&["decode", &hex(&wire)]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains(
            "not decoded: nested_container: message 0 of a container is itself a container"
        ),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("message 1: msg_id 21, seqno 3"),
        "the copy shows the message it carries: {out:?}"
    );
    assert!(out.stdout.contains("pong#347773c5"), "{out:?}");
    assert!(out.stdout.contains("(124 bytes, 2 messages)"), "{out:?}");
    let one = container(&[(11, 1, &pong)]);
    assert!(run(&["decode", &hex(&one)]).stdout.contains(", 1 message)"));

    // --type names one object's type: a container's messages have any.
    let typed = run(&["decode", "--type", "Pong", &hex(&wire)]);
    assert_eq!(typed.code, 64, "{typed:?}");
    assert!(typed.error_line().contains("msg_container"), "{typed:?}");
}
