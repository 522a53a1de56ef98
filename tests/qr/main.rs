//! QR-login URLs (the QR-login flow): `tg://login?token=…` parsed
//! padded and unpadded, with `%3D` padding, in any case of scheme and host;
//! formatted without padding; each error with its offset; the request built
//! from the token; and a `Debug` that never shows the token.
#![cfg(feature = "qr")]

use proptest::prelude::*;
use tlwire::functions::auth::AcceptLoginToken;
use tlwire::qr::{login_url, parse_login_url, LoginToken, QrError, URL_PREFIX};
use tlwire::{sample, Encode};

mod errors;

/// Hex written with spaces for readability, as bytes.
fn hex(s: &str) -> Vec<u8> {
    hex::decode(s.split_whitespace().collect::<String>()).expect("valid test hex")
}

/// An independent base64url encoder (RFC 4648 §5), the oracle for the tests.
fn reference_b64url(bytes: &[u8], pad: bool) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            n |= u32::from(b) << (16 - 8 * i);
        }
        let symbols = chunk.len() + 1;
        for i in 0..4 {
            if i < symbols {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// A deterministic token of `len` bytes that runs through many values.
fn token_of(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(167).wrapping_add(len as u32 * 31) as u8)
        .collect()
}

fn parse(url: &str) -> Result<Vec<u8>, QrError> {
    let bytes = parse_login_url(url);
    // The two entry points always agree.
    assert_eq!(
        LoginToken::from_qr_url(url).map(LoginToken::into_bytes),
        bytes,
        "{url}"
    );
    assert_eq!(url.parse::<LoginToken>().map(Vec::from), bytes, "{url}");
    bytes
}

// ---------------------------------------------------------------- accepted

#[test]
fn unpadded_and_padded() {
    assert_eq!(parse("tg://login?token=AQID"), Ok(vec![1, 2, 3]));
    assert_eq!(parse("tg://login?token=AQ"), Ok(vec![1]));
    assert_eq!(parse("tg://login?token=AQ=="), Ok(vec![1]));
    assert_eq!(parse("tg://login?token=AQI"), Ok(vec![1, 2]));
    assert_eq!(parse("tg://login?token=AQI="), Ok(vec![1, 2]));
    assert_eq!(parse("tg://login?token=AQIDBA"), Ok(vec![1, 2, 3, 4]));
    assert_eq!(parse("tg://login?token=AQIDBA=="), Ok(vec![1, 2, 3, 4]));
    // The url-safe symbols `-` and `_`.
    assert_eq!(parse("tg://login?token=-_8"), Ok(vec![0xfb, 0xff]));
    assert_eq!(parse("tg://login?token=-_8="), Ok(vec![0xfb, 0xff]));
}

#[test]
fn percent_encoded_padding() {
    assert_eq!(parse("tg://login?token=AQ%3D%3D"), Ok(vec![1]));
    assert_eq!(parse("tg://login?token=AQ%3d%3d"), Ok(vec![1]));
    assert_eq!(parse("tg://login?token=AQ%3D%3d"), Ok(vec![1]));
    assert_eq!(parse("tg://login?token=AQ=%3D"), Ok(vec![1]));
    assert_eq!(parse("tg://login?token=AQ%3D="), Ok(vec![1]));
    assert_eq!(parse("tg://login?token=AQI%3D"), Ok(vec![1, 2]));
    assert_eq!(parse("tg://login?token=AQI%3d"), Ok(vec![1, 2]));
    assert_eq!(parse("tg://login?token=-_8%3D"), Ok(vec![0xfb, 0xff]));
}

#[test]
fn scheme_and_host_in_any_case() {
    for url in [
        "TG://LOGIN?token=AQID",
        "Tg://Login?token=AQID",
        "tG://lOgIn?token=AQID",
        "tg://LOGIN?token=AQID",
        "TG://login?x=%3D&token=AQID",
    ] {
        assert_eq!(parse(url), Ok(vec![1, 2, 3]), "{url}");
    }
}

#[test]
fn other_parameters_are_ignored() {
    for url in [
        "tg://login?token=AQID&foo=bar",
        "tg://login?foo=bar&token=AQID",
        "tg://login?a=1&token=AQID&b=%zz+/#",
        "tg://login?&&token=AQID&&",
        "tg://login?Token=zz&token=AQID",
        "tg://login?tokens=&token=AQID&tok=1",
        "tg://login?x&token=AQID&=&y=token",
    ] {
        // `#` in an ignored parameter is still a fragment.
        if url.contains('#') {
            assert!(matches!(parse(url), Err(QrError::Fragment { .. })), "{url}");
        } else {
            assert_eq!(parse(url), Ok(vec![1, 2, 3]), "{url}");
        }
    }
}

// ---------------------------------------------------------------- formatted

#[test]
fn formats_without_padding() {
    assert_eq!(login_url(&[1, 2, 3]), "tg://login?token=AQID");
    assert_eq!(login_url(&[1]), "tg://login?token=AQ");
    assert_eq!(login_url(&[1, 2]), "tg://login?token=AQI");
    assert_eq!(login_url(&[0xfb, 0xff]), "tg://login?token=-_8");
    assert_eq!(login_url(&[]), URL_PREFIX);
    assert_eq!(
        LoginToken::new(vec![1, 2, 3, 4]).to_qr_url(),
        "tg://login?token=AQIDBA"
    );
}

#[test]
fn round_trip_for_lengths_1_to_100() {
    for len in 1..=100 {
        let bytes = token_of(len);
        let token = LoginToken::new(bytes.clone());
        let url = token.to_qr_url();
        assert!(!url[URL_PREFIX.len()..].contains('='), "{url}");
        assert_eq!(
            url,
            format!("{URL_PREFIX}{}", reference_b64url(&bytes, false))
        );
        assert_eq!(url, login_url(&bytes));
        assert_eq!(LoginToken::from_qr_url(&url), Ok(token.clone()), "{url}");

        // The same token padded, padded with %3D, and upper-case.
        let padded = format!("{URL_PREFIX}{}", reference_b64url(&bytes, true));
        assert_eq!(parse(&padded), Ok(bytes.clone()), "{padded}");
        let escaped = padded.replace('=', "%3D").replacen("token%3D", "token=", 1);
        assert_eq!(parse(&escaped), Ok(bytes.clone()), "{escaped}");
        let escaped_lower = padded.replace('=', "%3d").replacen("token%3d", "token=", 1);
        assert_eq!(parse(&escaped_lower), Ok(bytes.clone()), "{escaped_lower}");
        let upper = url.replacen("tg://login", "TG://LOGIN", 1);
        assert_eq!(parse(&upper), Ok(bytes.clone()), "{upper}");
    }
}

// ---------------------------------------------------------------- requests

#[test]
fn sample_flow_token_to_url_to_request() {
    // The QR flow end to end: token 01 02 03 → QR URL → auth.acceptLoginToken.
    let token = LoginToken::new(vec![1, 2, 3]);
    let url = token.to_qr_url();
    assert_eq!(url, "tg://login?token=AQID");
    let scanned = LoginToken::from_qr_url(&url).unwrap();
    assert_eq!(
        scanned.request().to_vec().unwrap(),
        hex("4dad94e8 03010203")
    );
    assert_eq!(
        scanned.request().to_vec().unwrap(),
        sample::ACCEPT_LOGIN_TOKEN
    );

    // The 4-byte vector, from a padded URL.
    let scanned = LoginToken::from_qr_url("tg://login?token=AAECAw==").unwrap();
    assert_eq!(
        scanned.request().to_vec().unwrap(),
        hex("4dad94e8 04000102 03000000")
    );

    // The sample 32-byte token, as an official client would show it (padded).
    let url = "tg://login?token=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let scanned = LoginToken::from_qr_url(url).unwrap();
    assert_eq!(scanned.as_bytes(), sample::LOGIN_TOKEN);
    assert_eq!(
        scanned.to_qr_url(),
        "tg://login?token=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
    );
    let mut expected = hex("4dad94e8 20");
    expected.extend_from_slice(sample::LOGIN_TOKEN);
    expected.extend_from_slice(&[0, 0, 0]);
    assert_eq!(scanned.request().to_vec().unwrap(), expected);
    assert_eq!(expected.len(), 40);
}

#[test]
fn request_matches_a_hand_built_one() {
    for len in [1, 2, 3, 4, 32, 253, 254, 255, 1000] {
        let bytes = token_of(len);
        let token = LoginToken::new(bytes.clone());
        assert_eq!(token.request(), AcceptLoginToken { token: &bytes });
        assert_eq!(
            token.request().to_vec().unwrap(),
            AcceptLoginToken { token: &bytes[..] }.to_vec().unwrap(),
            "{len}"
        );
    }
}

// ---------------------------------------------------------------- credential

#[test]
fn debug_shows_the_length_never_the_bytes() {
    let bytes = vec![0xa7; 32];
    let token = LoginToken::new(bytes.clone());
    assert_eq!(format!("{token:?}"), "LoginToken(<32 bytes>)");
    assert_eq!(
        format!("{:?}", LoginToken::new(vec![9])),
        "LoginToken(<1 byte>)"
    );
    assert_eq!(
        format!("{:?}", LoginToken::default()),
        "LoginToken(<0 bytes>)"
    );

    let url = token.to_qr_url();
    let b64 = url.strip_prefix(URL_PREFIX).unwrap();
    for shown in [
        format!("{token:?}"),
        format!("{token:#?}"),
        format!("{:?}", Some(&token)),
        format!("{:?}", LoginToken::from_qr_url(&url)),
    ] {
        for needle in ["a7", "A7", "167", b64, &b64[..8], "[", "0x"] {
            assert!(!shown.contains(needle), "{shown:?} shows {needle:?}");
        }
    }

    // The sample token: no hex, no decimal list.
    let token = LoginToken::from(sample::LOGIN_TOKEN);
    let shown = format!("{token:?}");
    assert_eq!(shown, "LoginToken(<32 bytes>)");
    for needle in ["000102", "00, 01", "0, 1, 2", "1, 2, 3", "AAECAw"] {
        assert!(!shown.contains(needle), "{shown:?} shows {needle:?}");
    }
}

#[test]
fn conversions() {
    let token = LoginToken::from(vec![1, 2, 3]);
    assert_eq!(token.len(), 3);
    assert!(!token.is_empty());
    assert!(LoginToken::new(Vec::new()).is_empty());
    assert_eq!(token.as_bytes(), [1, 2, 3]);
    assert_eq!(token.as_ref(), [1, 2, 3]);
    assert_eq!(LoginToken::from(&[1u8, 2, 3][..]), token);
    assert_eq!(Vec::from(token.clone()), vec![1, 2, 3]);
    assert_eq!(token.into_bytes(), vec![1, 2, 3]);
}

// ---------------------------------------------------------------- robustness

#[test]
fn huge_inputs() {
    let many_amps = format!("tg://login?{}", "&".repeat(1 << 20));
    assert_eq!(parse(&many_amps), Err(QrError::MissingToken));

    let big = format!("{URL_PREFIX}{}", "A".repeat(1 << 20));
    assert_eq!(parse(&big).map(|t| t.len()), Ok(3 << 18));

    let big_bad = format!("{URL_PREFIX}{}%", "A".repeat(1 << 20));
    assert_eq!(
        parse(&big_bad),
        Err(QrError::PercentEscape {
            offset: 17 + (1 << 20)
        })
    );

    let many_pads = format!("{URL_PREFIX}AQ{}", "%3D".repeat(1 << 16));
    assert_eq!(
        parse(&many_pads),
        Err(QrError::InvalidPadding { offset: 19 })
    );
}

proptest! {
    #[test]
    fn round_trips_any_token(bytes in proptest::collection::vec(any::<u8>(), 1..300)) {
        let url = login_url(&bytes);
        prop_assert_eq!(&url, &format!("{URL_PREFIX}{}", reference_b64url(&bytes, false)));
        prop_assert_eq!(parse_login_url(&url), Ok(bytes.clone()));
        let padded = format!("{URL_PREFIX}{}", reference_b64url(&bytes, true));
        prop_assert_eq!(parse_login_url(&padded), Ok(bytes));
    }

    #[test]
    fn never_panics_on_any_string(url in any::<String>()) {
        let _ = parse_login_url(&url);
    }

    #[test]
    fn never_panics_on_any_value(value in "[A-Za-z0-9_=%3dD&#+/é-]{0,40}") {
        let url = format!("TG://login?{}token={value}", if value.len() % 2 == 0 { "" } else { "a=b&" });
        if let Ok(token) = parse_login_url(&url) {
            prop_assert!(!token.is_empty());
            // Whatever parsed re-parses from its canonical form.
            prop_assert_eq!(parse_login_url(&login_url(&token)), Ok(token));
        }
    }

    /// Over the base64url alphabet, a value parses exactly when it is the
    /// canonical unpadded encoding of some token, and then formats back to
    /// the same URL.
    #[test]
    fn alphabet_values_parse_iff_canonical(value in "[A-Za-z0-9_-]{0,40}") {
        let url = format!("{URL_PREFIX}{value}");
        match parse_login_url(&url) {
            Ok(token) => prop_assert_eq!(login_url(&token), url),
            Err(QrError::EmptyToken { offset: 17 }) => prop_assert!(value.is_empty()),
            Err(QrError::InvalidLength { offset: 17, symbols }) => {
                prop_assert_eq!(symbols, value.len());
                prop_assert_eq!(value.len() % 4, 1);
            }
            Err(QrError::TrailingBits { offset }) => {
                prop_assert_eq!(offset, 17 + value.len() - 1);
            }
            Err(other) => prop_assert!(false, "{other:?} for {url}"),
        }
    }
}
