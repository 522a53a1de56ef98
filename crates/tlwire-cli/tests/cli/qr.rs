//! `tlwire qr`: QR-login URLs to tokens and back.

use crate::common::*;
use tlwire::sample;

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
        out.error_line().starts_with("error: empty_token: "),
        "{out:?}"
    );
    let out = run(&["qr", "encode", "0"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.error_line().starts_with("error: invalid_hex: "),
        "{out:?}"
    );
}
