//! QR-login URLs: `tg://login?token=<base64url>`.
//!
//! A device that wants to log in shows a QR code of
//! `tg://login?token=` followed by the base64url encoding of the token it got
//! from `auth.exportLoginToken`; a logged-in device scans it and sends the
//! token back in `auth.acceptLoginToken` (see
//! <https://core.telegram.org/api/qr-login>). This module turns such a URL
//! into a [`LoginToken`] and back, and builds the request from the token.
//!
//! ```
//! use tlwire::qr::LoginToken;
//! use tlwire::Encode;
//!
//! let token = LoginToken::from_qr_url("tg://login?token=AQID")?;
//! assert_eq!(token.as_bytes(), [1, 2, 3]);
//! assert_eq!(token.to_qr_url(), "tg://login?token=AQID");
//! assert_eq!(
//!     token.request().to_vec().unwrap(),
//!     [0x4d, 0xad, 0x94, 0xe8, 3, 1, 2, 3],
//! );
//! // The token is a credential: its Debug shows the length only.
//! assert_eq!(format!("{token:?}"), "LoginToken(<3 bytes>)");
//! # Ok::<(), tlwire::qr::QrError>(())
//! ```
//!
//! # What a URL may look like
//!
//! [`parse_login_url`] (and [`LoginToken::from_qr_url`]) accept exactly
//! `scheme "://" host "?" query`, where
//!
//! - the scheme is `tg` and the host is `login`, both in any letter case
//!   (`TG://LOGIN?token=…` is fine). Nothing may stand between the host and
//!   the `?`: no port, no user, no path (`tg://login/?token=…` is rejected),
//!   and the URL may carry no fragment (`#…`). Whitespace is not trimmed.
//! - the query is a list of `name=value` parameters separated by `&`.
//!   Exactly one of them must be named `token` (case-sensitive, as URL
//!   parameters are); a missing or a repeated `token` is an error. Any other
//!   parameter is **ignored** without looking at its value, as Telegram's own
//!   clients do, so that a parameter added in the future does not break
//!   scanning.
//! - the `token` value is **strict base64url** (RFC 4648 §5: `A`–`Z`, `a`–`z`,
//!   `0`–`9`, `-`, `_`); the standard alphabet's `+` and `/` are invalid
//!   characters. Padding is either absent or canonical (`AQ==`, `AQI=`):
//!   partial padding (`AQ=`) is an error. A padding `=` may be written as
//!   `%3D` or `%3d`; any other percent escape is an error, since base64url
//!   symbols never need one. The last symbol may not carry bits that no byte
//!   uses (`AR` is not a canonical encoding of `01`), and the token may not
//!   be empty.
//!
//! Errors are checked in this order: scheme, host, fragment, missing or
//! repeated `token`, an empty value, percent escapes in the value, then the
//! base64url text from left to right. Every error is a
//! [`QrError`]; offsets in it are byte offsets into the URL. Parsing never
//! panics and allocates only the decoded token (plus, when the value holds
//! `%3D`, one copy of the value).
//!
//! [`login_url`] (and [`LoginToken::to_qr_url`]) write base64url **without**
//! padding, which every client accepts.
//!
//! The decoding and encoding are the `base64` crate's
//! [`URL_SAFE`] and [`URL_SAFE_NO_PAD`] engines.

use alloc::{borrow::Cow, string::String, vec::Vec};
use core::{fmt, str::FromStr};

use base64::{
    engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD},
    DecodeError, Engine,
};

use crate::functions::auth::AcceptLoginToken;

/// What every QR-login URL starts with (the form [`login_url`] writes).
pub const URL_PREFIX: &str = "tg://login?token=";

/// The scheme and the `://` separator, compared without regard to case.
const SCHEME: &[u8] = b"tg://";
/// The host, compared without regard to case.
const HOST: &[u8] = b"login";
/// The name of the parameter that carries the token.
const TOKEN_PARAM: &[u8] = b"token";

/// Why a QR-login URL was rejected.
///
/// Offsets are byte offsets into the URL that was parsed.
///
/// ```
/// use tlwire::qr::{LoginToken, QrError};
///
/// assert_eq!(LoginToken::from_qr_url("https://login?token=AQID"), Err(QrError::Scheme));
/// assert_eq!(
///     LoginToken::from_qr_url("tg://login?token=AQ+D"),
///     Err(QrError::InvalidCharacter { offset: 19, byte: b'+' }),
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum QrError {
    /// The URL does not start with `tg://` (in any letter case).
    #[error("not a tg:// URL")]
    Scheme,
    /// The host (from byte 5 up to the `?`) is not `login` (in any letter
    /// case); a port, a user or a path counts as a wrong host.
    #[error("the host of the tg:// URL is not `login`")]
    Host,
    /// The URL has a fragment (`#`, at `offset`); login URLs have none.
    #[error("unexpected fragment `#` at byte {offset}")]
    Fragment {
        /// Where the `#` is.
        offset: usize,
    },
    /// There is no `token` parameter (no query at all, or only other
    /// parameters).
    #[error("the URL has no `token` parameter")]
    MissingToken,
    /// A second `token` parameter starts at `offset`.
    #[error("a second `token` parameter at byte {offset}")]
    DuplicateToken {
        /// Where the second parameter's name starts.
        offset: usize,
    },
    /// The `token` parameter is empty (`token=` or a bare `token`).
    #[error("the token at byte {offset} is empty")]
    EmptyToken {
        /// Where the (empty) value starts.
        offset: usize,
    },
    /// A `%` at `offset` that does not start `%3D` or `%3d`, the only
    /// percent escape a token may hold (for its padding).
    #[error("unsupported percent escape at byte {offset} (only %3D is allowed)")]
    PercentEscape {
        /// Where the `%` is.
        offset: usize,
    },
    /// A byte that is not in the base64url alphabet (`A`–`Z`, `a`–`z`,
    /// `0`–`9`, `-`, `_`), such as the standard alphabet's `+` or `/`, or a
    /// byte of a non-ASCII character.
    #[error("invalid base64url byte {byte:#04x} at byte {offset}")]
    InvalidCharacter {
        /// Where the byte is.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// The `=` padding is misplaced, partial or too long; `offset` is where
    /// the first padding `=` (or `%3D`) of the wrong run is.
    #[error("invalid base64url padding at byte {offset}")]
    InvalidPadding {
        /// Where the first wrong padding symbol starts.
        offset: usize,
    },
    /// The token has a number of base64url symbols that no byte string
    /// encodes to (one more than a multiple of four).
    #[error("a base64url token of {symbols} symbols (at byte {offset}) is truncated")]
    InvalidLength {
        /// Where the token's value starts.
        offset: usize,
        /// How many base64url symbols it has, padding not counted.
        symbols: usize,
    },
    /// The last symbol, at `offset`, has bits set that no byte carries: the
    /// text is not the canonical encoding of any token.
    #[error("non-canonical last base64url symbol at byte {offset}")]
    TrailingBits {
        /// Where the last symbol is.
        offset: usize,
    },
}

/// Decodes the token of a `tg://login?token=…` URL.
///
/// See the [module documentation](self) for the exact form accepted.
///
/// ```
/// use tlwire::qr::{parse_login_url, QrError};
///
/// assert_eq!(parse_login_url("tg://login?token=AQ==")?, [1]);
/// assert_eq!(parse_login_url("tg://login?token=AQ%3D%3D")?, [1]);
/// assert_eq!(parse_login_url("tg://login?token=AQ")?, [1]);
/// assert_eq!(parse_login_url("tg://login?token="), Err(QrError::EmptyToken { offset: 17 }));
/// # Ok::<(), QrError>(())
/// ```
pub fn parse_login_url(url: &str) -> Result<Vec<u8>, QrError> {
    let (value_offset, value) = find_token(url.as_bytes())?;
    decode_value(value_offset, value)
}

/// Writes the `tg://login?token=…` URL of a token, base64url without padding.
///
/// An empty token gives `tg://login?token=`, which [`parse_login_url`]
/// rejects as [`QrError::EmptyToken`].
///
/// ```
/// use tlwire::qr::login_url;
///
/// assert_eq!(login_url(&[1]), "tg://login?token=AQ");
/// assert_eq!(login_url(&[0xfb, 0xff]), "tg://login?token=-_8");
/// ```
pub fn login_url(token: &[u8]) -> String {
    let mut url = String::with_capacity(URL_PREFIX.len() + token.len().div_ceil(3) * 4);
    url.push_str(URL_PREFIX);
    URL_SAFE_NO_PAD.encode_string(token, &mut url);
    url
}

/// Finds the single `token` parameter: the offset of its value and the value.
fn find_token(url: &[u8]) -> Result<(usize, &[u8]), QrError> {
    let scheme_ok = url
        .get(..SCHEME.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(SCHEME));
    if !scheme_ok {
        return Err(QrError::Scheme);
    }
    let rest = &url[SCHEME.len()..];
    let host_len = rest
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(rest.len());
    if !rest[..host_len].eq_ignore_ascii_case(HOST) {
        return Err(QrError::Host);
    }
    if let Some(offset) = url.iter().position(|&b| b == b'#') {
        return Err(QrError::Fragment { offset });
    }
    let query_start = SCHEME.len() + host_len + 1;
    let Some(query) = url.get(query_start..) else {
        // No `?` at all.
        return Err(QrError::MissingToken);
    };

    let mut found = None;
    let mut offset = query_start;
    for param in query.split(|&b| b == b'&') {
        let name_len = param.iter().position(|&b| b == b'=');
        let name = &param[..name_len.unwrap_or(param.len())];
        if name == TOKEN_PARAM {
            if found.is_some() {
                return Err(QrError::DuplicateToken { offset });
            }
            found = Some(match name_len {
                Some(n) => (offset + n + 1, &param[n + 1..]),
                None => (offset + param.len(), &param[param.len()..]),
            });
        }
        offset += param.len() + 1;
    }
    found.ok_or(QrError::MissingToken)
}

/// Decodes a token value that starts at `value_offset` in the URL.
fn decode_value(value_offset: usize, value: &[u8]) -> Result<Vec<u8>, QrError> {
    if value.is_empty() {
        return Err(QrError::EmptyToken {
            offset: value_offset,
        });
    }
    let text = unescape_padding(value_offset, value)?;
    // Padding is all or nothing: canonical when present, else absent.
    let engine = if text.last() == Some(&b'=') {
        &URL_SAFE
    } else {
        &URL_SAFE_NO_PAD
    };
    engine.decode(&text).map_err(|error| {
        let at = |index: usize| value_offset + url_index(value, index);
        match error {
            DecodeError::InvalidByte(index, b'=') => QrError::InvalidPadding { offset: at(index) },
            DecodeError::InvalidByte(index, byte) => QrError::InvalidCharacter {
                offset: at(index),
                byte,
            },
            DecodeError::InvalidLength(symbols) => QrError::InvalidLength {
                offset: value_offset,
                symbols,
            },
            DecodeError::InvalidLastSymbol(index, _) => QrError::TrailingBits { offset: at(index) },
            DecodeError::InvalidPadding => {
                let symbols = text.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
                QrError::InvalidPadding {
                    offset: at(symbols),
                }
            }
        }
    })
}

/// The value with each `%3D`/`%3d` turned into `=`; borrowed when it has none.
fn unescape_padding(value_offset: usize, value: &[u8]) -> Result<Cow<'_, [u8]>, QrError> {
    let Some(first) = value.iter().position(|&b| b == b'%') else {
        return Ok(Cow::Borrowed(value));
    };
    let mut text = Vec::with_capacity(value.len());
    text.extend_from_slice(&value[..first]);
    let mut i = first;
    while let Some(&b) = value.get(i) {
        if b == b'%' {
            if !is_escaped_pad(&value[i..]) {
                return Err(QrError::PercentEscape {
                    offset: value_offset + i,
                });
            }
            text.push(b'=');
            i += 3;
        } else {
            text.push(b);
            i += 1;
        }
    }
    Ok(Cow::Owned(text))
}

/// Whether `s` starts with `%3D` or `%3d`.
fn is_escaped_pad(s: &[u8]) -> bool {
    matches!(s, [b'%', b'3', b'D' | b'd', ..])
}

/// The offset in the raw `value` of byte `index` of its unescaped form (an
/// `index` past the end maps past the end).
fn url_index(value: &[u8], index: usize) -> usize {
    let mut raw = 0;
    for _ in 0..index {
        if raw >= value.len() {
            break;
        }
        raw += if is_escaped_pad(&value[raw..]) { 3 } else { 1 };
    }
    raw
}

/// A QR-login token: the bytes of `auth.loginToken.token` that a QR code
/// carries and `auth.acceptLoginToken` sends back.
///
/// It is a credential, so its [`Debug`] shows its length, never its bytes.
/// (The bytes are not wiped from memory when it is dropped.)
///
/// ```
/// use tlwire::qr::LoginToken;
///
/// let token = LoginToken::new(vec![0; 32]);
/// assert_eq!(format!("{token:?}"), "LoginToken(<32 bytes>)");
/// assert_eq!(token.to_qr_url(), "tg://login?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
/// let back: LoginToken = token.to_qr_url().parse()?;
/// assert_eq!(back, token);
/// # Ok::<(), tlwire::qr::QrError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct LoginToken(Vec<u8>);

impl LoginToken {
    /// Wraps token bytes.
    ///
    /// ```
    /// use tlwire::qr::LoginToken;
    ///
    /// assert_eq!(LoginToken::new(vec![1, 2, 3]).len(), 3);
    /// ```
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// Decodes the token of a `tg://login?token=…` URL; see the
    /// [module documentation](self) for the exact form accepted.
    ///
    /// ```
    /// use tlwire::qr::{LoginToken, QrError};
    ///
    /// let token = LoginToken::from_qr_url("TG://Login?token=AQIDBA%3d%3d")?;
    /// assert_eq!(token.as_bytes(), [1, 2, 3, 4]);
    /// let token = LoginToken::from_qr_url("tg://login?token=AQIDBA&other=ignored")?;
    /// assert_eq!(token.as_bytes(), [1, 2, 3, 4]);
    /// assert_eq!(LoginToken::from_qr_url("tg://login?x=1"), Err(QrError::MissingToken));
    /// # Ok::<(), QrError>(())
    /// ```
    pub fn from_qr_url(url: &str) -> Result<Self, QrError> {
        parse_login_url(url).map(Self)
    }

    /// The token's `tg://login?token=…` URL, base64url without padding.
    ///
    /// ```
    /// use tlwire::qr::LoginToken;
    ///
    /// assert_eq!(LoginToken::new(vec![1, 2, 3, 4]).to_qr_url(), "tg://login?token=AQIDBA");
    /// ```
    pub fn to_qr_url(&self) -> String {
        login_url(&self.0)
    }

    /// The `auth.acceptLoginToken` request that accepts this token.
    ///
    /// ```
    /// use tlwire::qr::LoginToken;
    /// use tlwire::Encode;
    ///
    /// let token = LoginToken::from_qr_url("tg://login?token=AAECAw")?;
    /// assert_eq!(
    ///     token.request().to_vec().unwrap(),
    ///     [0x4d, 0xad, 0x94, 0xe8, 4, 0, 1, 2, 3, 0, 0, 0],
    /// );
    /// # Ok::<(), tlwire::qr::QrError>(())
    /// ```
    pub fn request(&self) -> AcceptLoginToken<'_> {
        AcceptLoginToken { token: &self.0 }
    }

    /// The token bytes.
    ///
    /// ```
    /// use tlwire::qr::LoginToken;
    ///
    /// assert_eq!(LoginToken::from(vec![7, 8]).as_bytes(), [7, 8]);
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The token bytes, by value.
    ///
    /// ```
    /// use tlwire::qr::LoginToken;
    ///
    /// assert_eq!(LoginToken::new(vec![7, 8]).into_bytes(), vec![7, 8]);
    /// ```
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The token's length in bytes.
    ///
    /// ```
    /// use tlwire::qr::LoginToken;
    ///
    /// assert_eq!(LoginToken::new(vec![0; 32]).len(), 32);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the token has no bytes (a URL never gives such a token).
    ///
    /// ```
    /// use tlwire::qr::LoginToken;
    ///
    /// assert!(LoginToken::new(Vec::new()).is_empty());
    /// assert!(!LoginToken::new(vec![1]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Shows the length only: `LoginToken(<32 bytes>)`.
impl fmt::Debug for LoginToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = if self.0.len() == 1 { "byte" } else { "bytes" };
        write!(f, "LoginToken(<{} {unit}>)", self.0.len())
    }
}

impl From<Vec<u8>> for LoginToken {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for LoginToken {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<LoginToken> for Vec<u8> {
    fn from(token: LoginToken) -> Self {
        token.0
    }
}

impl AsRef<[u8]> for LoginToken {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Parses a `tg://login?token=…` URL, like [`LoginToken::from_qr_url`].
impl FromStr for LoginToken {
    type Err = QrError;

    fn from_str(url: &str) -> Result<Self, QrError> {
        Self::from_qr_url(url)
    }
}
