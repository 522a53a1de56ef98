//! The `tlwire` command-line tool, run as a separate process.
//!
//! Every run goes through [`run`], which fails the test on a panic (exit
//! 101) or a signal, so no test can pass while the tool crashes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use flate2::{write::GzEncoder, Compression};
use tlwire::sample;

/// What one run of the tool gave.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The one error line, checked to be exactly one line.
    fn error_line(&self) -> &str {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "expected one stderr line: {self:?}");
        lines.first().copied().unwrap_or_default()
    }

    /// The one stdout line of a successful run.
    fn line(&self) -> &str {
        assert_eq!(self.code, 0, "{self:?}");
        let lines: Vec<&str> = self.stdout.lines().collect();
        assert_eq!(lines.len(), 1, "expected one stdout line: {self:?}");
        lines.first().copied().unwrap_or_default()
    }
}

fn run_with(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tlwire"))
        .args(args)
        .current_dir(workspace_root())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tlwire binary runs");
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(input).expect("stdin takes the input");
    }
    let output = child.wait_with_output().expect("tlwire finishes");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_ne!(run.code, 101, "tlwire panicked: {run:?}");
    assert_ne!(run.code, -1, "tlwire was killed by a signal: {run:?}");
    run
}

fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

fn decode_json(hex: &str) -> String {
    run(&["decode", "--json", hex]).line().to_owned()
}

fn encode_json(json: &str) -> String {
    run_with(&["encode", "--json", "-"], Some(json.as_bytes()))
        .line()
        .to_owned()
}

/// `decode --json` then `encode --json` gives back `wire`.
fn assert_round_trip(wire: &[u8]) {
    let json = decode_json(&hex(wire));
    assert_eq!(encode_json(&json), hex(wire), "through {json}");
}

fn rpc_error(code: i32, message: &[u8]) -> Vec<u8> {
    let mut wire = vec![0x19, 0xca, 0x44, 0x21];
    wire.extend_from_slice(&code.to_le_bytes());
    wire.push(u8::try_from(message.len()).expect("a short message"));
    wire.extend_from_slice(message);
    while !wire.len().is_multiple_of(4) {
        wire.push(0);
    }
    wire
}

fn rpc_result(msg_id: i64, object: &[u8]) -> Vec<u8> {
    let mut wire = vec![0x01, 0x6d, 0x5c, 0xf3];
    wire.extend_from_slice(&msg_id.to_le_bytes());
    wire.extend_from_slice(object);
    wire
}

/// `data` as a TL `bytes` value: length prefix, data, zero padding.
fn tl_bytes(data: &[u8]) -> Vec<u8> {
    let len = u32::try_from(data.len()).expect("a short value");
    let mut wire = if len <= 253 {
        vec![u8::try_from(len).expect("checked")]
    } else {
        let mut header = len.to_le_bytes();
        header[3] = header[2];
        header[2] = header[1];
        header[1] = header[0];
        header[0] = 0xfe;
        header.to_vec()
    };
    wire.extend_from_slice(data);
    while !wire.len().is_multiple_of(4) {
        wire.push(0);
    }
    wire
}

/// `data` compressed with gzip (an independent implementation: flate2).
fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

/// `gzip_packed#3072cfa1 packed_data:bytes` holding `object` gzip-compressed.
fn gzip_packed(object: &[u8]) -> Vec<u8> {
    let mut wire = vec![0xa1, 0xcf, 0x72, 0x30];
    wire.extend_from_slice(&tl_bytes(&gzip(object)));
    wire
}

/// A file in the temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        let path = std::env::temp_dir().join(format!("tlwire-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("the temp file is written");
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// How many combinators the runtime's `tl/NAME` defines, by the schema
/// parser the tool uses.
fn shipped_combinators(name: &str) -> usize {
    let text = std::fs::read_to_string(workspace_root().join("tl").join(name)).expect("tl/ file");
    tlwire_schema::parse(&text)
        .expect("the shipped lines parse")
        .definitions
        .len()
}

/// The workspace root: the tool runs there, so the runtime's `tl/` and
/// `tests/` files are at the paths a user of the repository types.
fn workspace_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The official schema file, or `None` (after saying why) when it is not
/// beside the repository; under `CI=true` a missing file fails the test.
fn official_schema(name: &str) -> Option<String> {
    let path = workspace_root().join("../shared/schema").join(name);
    if path.is_file() {
        return Some(path.to_str().expect("a UTF-8 path").to_owned());
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is missing under CI",
        path.display()
    );
    eprintln!("skipped: {} not found", path.display());
    None
}

const SAMPLE_JSON: &str = concat!(
    r#"{"_":"authorization","flags":34,"current":false,"official_app":true,"#,
    r#""password_pending":false,"encrypted_requests_disabled":false,"#,
    r#""call_requests_disabled":false,"unconfirmed":true,"hash":2061098589911046150,"#,
    r#""device_model":"Pixel 8 Pro","platform":"Android","system_version":"SDK 34","#,
    r#""api_id":6,"app_name":"Telegram Android","app_version":"10.14.5","#,
    r#""date_created":1714500000,"date_active":1714503600,"ip":"203.0.113.7","#,
    r#""country":"Netherlands","region":"North Holland"}"#
);

// --- the demo --------------------------------------------------------------

#[test]
fn demo_walks_the_qr_login() {
    let out = run(&[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
    let url = tlwire::qr::login_url(sample::LOGIN_TOKEN);
    for needle in [
        url.as_str(),
        "a login token of 32 bytes",
        "auth.acceptLoginToken#e894ad4d (40 bytes)",
        "4dad94e8 | 20 | <32 token bytes> | 000000",
        "rpc_result#f35c6d01",
        "authorization#ad01d61d (124 bytes)",
        "device_model: \"Pixel 8 Pro\"",
        "region: \"North Holland\"",
        "gzip_packed",
        "decodes to the same authorization",
        "AuthTokenExpired",
        "schema name: AUTH_TOKEN_EXPIRED",
        "400 BAD_REQUEST",
        r#"{"_":"rpc_error","error_code":400,"error_message":"AUTH_TOKEN_EXPIRED","name":"AUTH_TOKEN_EXPIRED","argument":null,"method_error":"AUTH_TOKEN_EXPIRED"}"#,
    ] {
        assert!(out.stdout.contains(needle), "{needle} in {}", out.stdout);
    }
}

#[test]
fn demo_never_shows_the_token() {
    let out = run(&[]);
    assert_eq!(out.code, 0, "{out:?}");
    let token_hex = hex(sample::LOGIN_TOKEN);
    assert_eq!(
        token_hex,
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    );
    let raw = String::from_utf8(sample::LOGIN_TOKEN.to_vec()).expect("ASCII bytes");
    let spaced = sample::LOGIN_TOKEN
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ");
    let lower = out.stdout.to_lowercase();
    for (what, needle) in [
        ("hex", token_hex.as_str()),
        ("spaced hex", spaced.as_str()),
        ("raw bytes", raw.as_str()),
    ] {
        assert!(
            !lower.contains(needle),
            "the token as {what} in {}",
            out.stdout
        );
        assert!(
            !out.stdout.contains(needle),
            "the token as {what} in {}",
            out.stdout
        );
    }
    // Not even a quarter of it, in either case (the request hex would hold it).
    for window in sample::LOGIN_TOKEN.windows(8) {
        assert!(
            !lower.contains(&hex(window)),
            "{} in {}",
            hex(window),
            out.stdout
        );
    }
    assert!(!lower.contains("4dad94e820"), "{}", out.stdout);
}

// --- request ---------------------------------------------------------------

#[test]
fn request_vectors_from_the_facts() {
    let request = |token: &str| {
        run(&["request", "accept-login-token", "--token-hex", token])
            .line()
            .to_owned()
    };
    assert_eq!(request("010203"), "4dad94e803010203");
    assert_eq!(request(""), "4dad94e800000000");
    assert_eq!(request("00010203"), "4dad94e80400010203000000");

    let long = request(&"ab".repeat(254));
    assert_eq!(long.len(), 264 * 2);
    assert!(long.starts_with("4dad94e8fefe0000abab"), "{long}");
    assert!(long.ends_with("ab0000"), "{long}");
}

#[test]
fn request_reads_stdin_and_ignores_white_space_and_case() {
    let args = ["request", "accept-login-token", "--token-hex", "-"];
    let out = run_with(&args, Some(b" 01 0A\n\tfF \n"));
    assert_eq!(out.line(), "4dad94e803010aff");
    let out = run_with(&args, Some(b""));
    assert_eq!(out.line(), "4dad94e800000000");
    let out = run(&["request", "accept-login-token", "--token-hex", "01 0A fF"]);
    assert_eq!(out.line(), "4dad94e803010aff");
}

#[test]
fn request_rejects_bad_hex() {
    for bad in ["010", "0g", "0x01"] {
        let out = run(&["request", "accept-login-token", "--token-hex", bad]);
        assert_eq!(out.code, 1, "{bad}: {out:?}");
        assert!(out.stdout.is_empty(), "{out:?}");
        assert!(
            out.error_line().starts_with("error: invalid_hex: "),
            "{out:?}"
        );
    }
    let out = run(&["request", "accept-login-token", "--token-hex", "010"]);
    assert!(out.error_line().contains("odd"), "{out:?}");
}

#[test]
fn request_from_a_qr_url_is_the_request_from_the_hex() {
    let url = tlwire::qr::login_url(sample::LOGIN_TOKEN);
    let from_url = run(&["request", "accept-login-token", "--qr-url", &url]);
    let from_hex = run(&[
        "request",
        "accept-login-token",
        "--token-hex",
        &hex(sample::LOGIN_TOKEN),
    ]);
    assert_eq!(from_url.line(), from_hex.line());
    assert_eq!(
        from_url.line(),
        format!("4dad94e820{}000000", hex(sample::LOGIN_TOKEN))
    );

    for url in [
        "tg://login?token=AQID",
        "TG://Login?token=AQID",
        "tg://login?token=AQID&x=y",
    ] {
        let out = run(&["request", "accept-login-token", "--qr-url", url]);
        assert_eq!(out.line(), "4dad94e803010203", "{url}");
    }
    let out = run_with(
        &["request", "accept-login-token", "--qr-url", "-"],
        Some(b"tg://login?token=AQID\n"),
    );
    assert_eq!(out.line(), "4dad94e803010203");
}

#[test]
fn request_takes_exactly_one_token_flag() {
    let both = [
        "request",
        "accept-login-token",
        "--token-hex",
        "010203",
        "--qr-url",
        "tg://login?token=AQID",
    ];
    let out = run(&both);
    assert_eq!(out.code, 64, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    let out = run(&["request", "accept-login-token"]);
    assert_eq!(out.code, 64, "{out:?}");
}

#[test]
fn request_from_an_invalid_qr_url_is_rejected() {
    let out = run(&[
        "request",
        "accept-login-token",
        "--qr-url",
        "https://login?token=AQID",
    ]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(
        out.error_line(),
        "error: qr_scheme: invalid QR-login URL: not a tg:// URL"
    );
}

#[test]
fn request_refuses_a_token_of_2_pow_24_bytes() {
    let token = "00".repeat(1 << 24);
    let out = run_with(
        &["request", "accept-login-token", "--token-hex", "-"],
        Some(token.as_bytes()),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(
        out.error_line().starts_with("error: bytes_too_long: "),
        "{}",
        out.stderr
    );
}

// --- decode ----------------------------------------------------------------

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
        "hash: 2061098589911046150",
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
        format!(r#"{{"_":"rpc_result","req_msg_id":7,"result":{SAMPLE_JSON}}}"#)
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
    let missing_hash = SAMPLE_JSON.replace(r#""hash":2061098589911046150,"#, "");
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

// --- schema check ----------------------------------------------------------

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

// --- response --------------------------------------------------------------

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
        // The authorization alone is no rpc_result.
        (sample::AUTHORIZATION.to_vec(), "unknown_constructor"),
        // An rpc_result of another type.
        (
            rpc_result(7, sample::ACCEPT_LOGIN_TOKEN),
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

// --- qr --------------------------------------------------------------------

fn qr_decode(url: &str) -> Run {
    run(&["qr", "decode", url])
}

#[test]
fn qr_decode_accepts_padding_escapes_and_any_case() {
    for url in [
        "tg://login?token=AQ",
        "tg://login?token=AQ==",
        "tg://login?token=AQ%3D%3D",
        "tg://login?token=AQ%3d%3D",
        "TG://LOGIN?token=AQ",
        "Tg://Login?token=AQ==",
        "tg://login?x=1&token=AQ&y",
    ] {
        assert_eq!(qr_decode(url).line(), "01", "{url}");
    }
    for url in ["tg://login?token=AQI", "tg://login?token=AQI="] {
        assert_eq!(qr_decode(url).line(), "0102", "{url}");
    }
    assert_eq!(qr_decode("tg://login?token=-_8").line(), "fbff");
    let url = tlwire::qr::login_url(sample::LOGIN_TOKEN);
    assert_eq!(qr_decode(&url).line(), hex(sample::LOGIN_TOKEN));
    let out = run_with(&["qr", "decode", "-"], Some(format!(" {url}\n").as_bytes()));
    assert_eq!(out.line(), hex(sample::LOGIN_TOKEN));
}

#[test]
fn qr_encode_writes_no_padding() {
    let encode = |token: &str| run(&["qr", "encode", token]).line().to_owned();
    assert_eq!(encode("01"), "tg://login?token=AQ");
    assert_eq!(encode("0102"), "tg://login?token=AQI");
    assert_eq!(encode("010203"), "tg://login?token=AQID");
    assert_eq!(encode("FB FF"), "tg://login?token=-_8");
    assert_eq!(
        encode(&hex(sample::LOGIN_TOKEN)),
        "tg://login?token=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
    );
    let out = run_with(&["qr", "encode", "-"], Some(b"01 02\n"));
    assert_eq!(out.line(), "tg://login?token=AQI");
}

#[test]
fn qr_round_trips() {
    for len in [1usize, 2, 3, 4, 5, 31, 32, 33, 100] {
        let token: Vec<u8> = (0..len)
            .map(|i| u8::try_from((i * 97 + 251) % 256).expect("a byte"))
            .collect();
        let url = run(&["qr", "encode", &hex(&token)]).line().to_owned();
        let value = url.strip_prefix("tg://login?token=").unwrap_or_default();
        assert!(!value.is_empty() && !value.contains('='), "{url}");
        assert_eq!(qr_decode(&url).line(), hex(&token), "{url}");
    }
}

#[test]
fn qr_invalid_urls_are_rejected_with_their_kind() {
    for (url, kind) in [
        ("https://login?token=AQ", "qr_scheme"),
        ("tg:/login?token=AQ", "qr_scheme"),
        ("tg://resolve?token=AQ", "qr_host"),
        ("tg://login/?token=AQ", "qr_host"),
        ("tg://login?token=AQ#x", "qr_fragment"),
        ("tg://login", "qr_missing_token"),
        ("tg://login?x=AQ", "qr_missing_token"),
        ("tg://login?token=AQ&token=AQ", "qr_duplicate_token"),
        ("tg://login?token=", "qr_empty_token"),
        ("tg://login?token=AQ%41", "qr_percent_escape"),
        ("tg://login?token=AQ+D", "qr_invalid_character"),
        ("tg://login?token=AQ/D", "qr_invalid_character"),
        ("tg://login?token=AQ=", "qr_invalid_padding"),
        ("tg://login?token=AQIDB", "qr_invalid_length"),
        ("tg://login?token=AR", "qr_trailing_bits"),
        (" tg://login?token=AQ", "qr_scheme"),
    ] {
        let out = qr_decode(url);
        assert_eq!(out.code, 1, "{url}: {out:?}");
        assert!(out.stdout.is_empty(), "{url}: {out:?}");
        let line = out.error_line();
        assert!(
            line.starts_with(&format!("error: {kind}: invalid QR-login URL: ")),
            "{url}: {line}"
        );
    }
}

#[test]
fn qr_encode_rejects_an_empty_token_and_bad_hex() {
    let out = run(&["qr", "encode", ""]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(
        out.error_line().starts_with("error: qr_empty_token: "),
        "{out:?}"
    );
    let out = run(&["qr", "encode", "0"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.error_line().starts_with("error: invalid_hex: "),
        "{out:?}"
    );
}

// --- usage and robustness --------------------------------------------------

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
        run.stdout.contains("pub enum AcceptLoginToken {"),
        "errors.tsv is used"
    );
    let dir = std::env::temp_dir().join(format!("tlwire-generate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.tl");
    std::fs::write(&bad, "ping#deadbeef ping_id:long = Pong;\n").unwrap();
    let run = run_with(&["schema", "generate", bad.to_str().unwrap()], None);
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
    // defines, one that needs the skipped one in turn, and one that does
    // not parse.
    let dir = std::env::temp_dir().join(format!("tlwire-skip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("client.tl");
    let text = "\
pong#347773c5 msg_id:long ping_id:long = Pong;
ping#1 ping_id:nosuchtype = Ping;
wrapper#2 inner:Ping = Wrapper;
this is not a schema line
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
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with(&format!("warning: {path}:4:")) && w.ends_with("(line skipped)")),
        "{run:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
