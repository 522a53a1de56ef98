//! `tlwire request`: requests encoded from the command line.

use crate::common::*;
use tlwire::sample;

#[test]
fn request_vectors_match_the_wire_layout() {
    let request = |token: &str| {
        run(&["request", "accept-login-token", "--token-hex", token])
            .line()
            .to_owned()
    };
    assert_eq!(request("010203"), "4dad94e803010203");
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
    // No token at all is refused as `qr encode` refuses it.
    for empty in [&b""[..], b" \n"] {
        let out = run_with(&args, Some(empty));
        assert_eq!(out.code, 1, "{out:?}");
        assert!(
            out.error_line().starts_with("error: empty_token: "),
            "{out:?}"
        );
    }
    let out = run(&["request", "accept-login-token", "--token-hex", ""]);
    assert!(
        out.error_line().starts_with("error: empty_token: "),
        "{out:?}"
    );
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

/// The first request of a connection, with the values Telethon made its
/// vector from (`tests/vectors/` of the runtime), is Telethon's bytes.
#[test]
fn request_wrapped_for_a_new_connection_is_telethons_bytes() {
    let root = workspace_root().join("tests/vectors");
    let telethon = std::fs::read(root.join("telethon_invoke.bin")).unwrap();
    let values = std::fs::read_to_string(root.join("telethon_invoke.tsv")).unwrap();
    let value = |key: &str| {
        values
            .lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix('\t'))
            .unwrap_or_else(|| panic!("{key} in telethon_invoke.tsv"))
            .to_owned()
    };
    let mut args = vec![
        "request".to_owned(),
        "accept-login-token".to_owned(),
        "--token-hex".to_owned(),
        value("token"),
        "--init-connection".to_owned(),
    ];
    for key in [
        "layer",
        "api_id",
        "device_model",
        "system_version",
        "app_version",
        "system_lang_code",
        "lang_pack",
        "lang_code",
    ] {
        args.push(format!("--{}", key.replace('_', "-")));
        args.push(value(key));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(run(&args).line(), hex(&telethon));
}

#[test]
fn request_wrapped_in_a_layer_alone_and_wrapping_refused_without_one() {
    let plain = run(&["request", "accept-login-token", "--token-hex", "010203"]);
    let layered = run(&[
        "request",
        "accept-login-token",
        "--token-hex",
        "010203",
        "--layer",
        "214",
    ]);
    // invokeWithLayer#da9b0d0d layer:int query:!X
    let mut expected = hex(&[0x0d, 0x0d, 0x9b, 0xda, 214, 0, 0, 0]);
    expected.push_str(plain.line());
    assert_eq!(layered.line(), expected);

    for args in [
        &["--init-connection", "--api-id", "6"][..],
        &["--layer", "214", "--init-connection"][..],
        &["--api-id", "6"][..],
    ] {
        let mut all = vec!["request", "accept-login-token", "--token-hex", "010203"];
        all.extend_from_slice(args);
        let result = run(&all);
        assert_eq!(result.code, 64, "{args:?}: {result:?}");
        assert!(result.stdout.is_empty(), "{result:?}");
    }
}

#[test]
fn init_connection_options_need_init_connection() {
    let out = run(&[
        "request",
        "accept-login-token",
        "--token-hex",
        "010203",
        "--layer",
        "214",
        "--device-model",
        "x",
    ]);
    assert_eq!(out.code, 64, "an option that would be ignored: {out:?}");
}
