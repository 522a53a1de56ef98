//! The `qr_url` target: QR-login URLs and tokens, parsed and written.

use tlwire::functions::auth::AcceptLoginToken;
use tlwire::qr::{self, LoginToken, QrError};
use tlwire::Encode;

/// `qr_url`: any text (the input, lossily as UTF-8) as a QR-login URL, and
/// the input bytes as a token.
///
/// - `parse_login_url` never panics, and `LoginToken::from_qr_url` and
///   `str::parse` agree with it; an error's offset lies inside the URL;
/// - an accepted token is not empty, and `login_url` of it parses back to
///   it, as does the padded form, with `=` or `%3D`, and with an extra
///   parameter after it;
/// - `login_url` of any non-empty input parses back to the input (the same
///   forms); of the empty input it is refused as an empty token.
pub fn qr_url(data: &[u8]) {
    let url = String::from_utf8_lossy(data);
    let parsed = qr::parse_login_url(&url);
    assert_eq!(
        LoginToken::from_qr_url(&url).map(LoginToken::into_bytes),
        parsed
    );
    assert_eq!(
        url.parse::<LoginToken>().map(LoginToken::into_bytes),
        parsed
    );
    match &parsed {
        Ok(token) => {
            assert!(!token.is_empty(), "an empty token was accepted");
            check_token_url(token);
        }
        Err(e) => {
            let _ = e.to_string();
            if let Some(offset) = qr_offset(e) {
                assert!(
                    offset <= url.len(),
                    "{e} points past the URL ({} bytes)",
                    url.len()
                );
            }
        }
    }
    if data.is_empty() {
        assert_eq!(
            qr::parse_login_url(&qr::login_url(data)),
            Err(QrError::EmptyToken {
                offset: qr::URL_PREFIX.len()
            })
        );
    } else {
        check_token_url(data);
    }
}

fn qr_offset(e: &QrError) -> Option<usize> {
    match *e {
        QrError::Fragment { offset }
        | QrError::DuplicateToken { offset }
        | QrError::EmptyToken { offset }
        | QrError::PercentEscape { offset }
        | QrError::InvalidCharacter { offset, .. }
        | QrError::InvalidPadding { offset }
        | QrError::InvalidLength { offset, .. }
        | QrError::TrailingBits { offset } => Some(offset),
        _ => None,
    }
}

/// The URL `login_url` writes for a non-empty `token`, and its padded and
/// extended forms, all parse back to `token`; its request carries it.
fn check_token_url(token: &[u8]) {
    let url = qr::login_url(token);
    let padding = "=".repeat((4 - (url.len() - qr::URL_PREFIX.len()) % 4) % 4);
    let forms = [
        url.clone(),
        format!("{url}{padding}"),
        format!("{url}{}", padding.replace('=', "%3D")),
        format!("{url}{}", padding.replace('=', "%3d")),
        format!("{url}{padding}&v=1"),
    ];
    for form in &forms {
        assert_eq!(qr::parse_login_url(form).as_deref(), Ok(token), "{form}");
    }
    let login = LoginToken::from(token);
    assert_eq!(login.to_qr_url(), url);
    assert_eq!(
        login.request().to_vec().ok(),
        AcceptLoginToken { token }.to_vec().ok()
    );
}
