//! The tool run without arguments: its walk through the QR login.

use crate::common::*;
use tlwire::sample;

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
