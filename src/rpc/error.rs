//! RPC errors as data.
//!
//! An `rpc_error` answer is not a decode failure: the bytes were fine, the
//! server said no. [`RpcError`] keeps what it said (`error_code` and
//! `error_message`) and reads the message the way Telegram writes it:
//!
//! * [`RpcError::name`] and [`RpcError::argument`] split a message such as
//!   `FLOOD_WAIT_42` into its name (`FLOOD_WAIT`) and its number (`42`);
//! * [`RpcError::class`] maps the code to an [`ErrorClass`] (`420` → flood,
//!   any unknown code → internal, negative codes by absolute value);
//! * [`RpcError::is`] and [`matches_pattern`] compare a message with a schema
//!   error name such as `FLOOD_WAIT_X` or `AUTH_TOKEN_INVALIDX`, which is what
//!   the generated per-method error enums use.
//!
//! Messages are `[A-Z0-9_]+` by convention, but they come from the network:
//! every function here accepts any string, never panics and never allocates,
//! except [`RpcError::name`] for a number in the middle of a message (see
//! there).
//!
//! ```
//! use tlwire::rpc::{ErrorClass, RpcError};
//!
//! let err = RpcError::new(420, "FLOOD_WAIT_42");
//! assert_eq!(err.name(), "FLOOD_WAIT");
//! assert_eq!(err.argument(), Some(42));
//! assert_eq!(err.class(), ErrorClass::Flood);
//! assert!(err.is("FLOOD_WAIT_X"));
//! assert_eq!(err.to_string(), "rpc error 420 FLOOD_WAIT_42");
//! ```

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

/// An error answered by the server: the fields of `rpc_error`.
///
/// The message is kept as it arrived; [`name`](Self::name),
/// [`argument`](Self::argument), [`class`](Self::class) and
/// [`is`](Self::is) read it on demand.
///
/// ```
/// use tlwire::rpc::{ErrorClass, RpcError};
///
/// let err = RpcError::new(303, "PHONE_MIGRATE_2");
/// assert_eq!(err.class(), ErrorClass::SeeOther);
/// assert_eq!((&*err.name(), err.argument()), ("PHONE_MIGRATE", Some(2)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RpcError {
    /// `rpc_error.error_code`, as sent (it may be negative or unknown; see
    /// [`class`](Self::class)).
    pub code: i32,
    /// `rpc_error.error_message`, as sent (for example `FLOOD_WAIT_42`).
    pub message: String,
}

impl RpcError {
    /// An error with this code and message.
    ///
    /// ```
    /// use tlwire::rpc::RpcError;
    ///
    /// let err = RpcError::new(400, "AUTH_TOKEN_EXPIRED");
    /// assert_eq!(err.code, 400);
    /// assert_eq!(err.message, "AUTH_TOKEN_EXPIRED");
    /// ```
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// The error's name: the message without its number (see
    /// [`argument`](Self::argument)) and the underscore that went with it.
    ///
    /// Without a number, the name is the whole message. The result borrows
    /// from the message whenever the name is one piece of it — the number
    /// at the end (`FLOOD_WAIT_42`, `AUTH_TOKEN_INVALID2`), at the start, or
    /// no number at all; only a number in the middle (`FILE_PART_3_MISSING`
    /// → `FILE_PART_MISSING`) makes it join two pieces into an owned string.
    /// Use [`is`](Self::is) to compare names without allocating at all.
    ///
    /// ```
    /// use tlwire::rpc::RpcError;
    /// use std::borrow::Cow;
    ///
    /// assert_eq!(RpcError::new(420, "FLOOD_WAIT_42").name(), "FLOOD_WAIT");
    /// assert_eq!(RpcError::new(400, "AUTH_TOKEN_INVALID2").name(), "AUTH_TOKEN_INVALID");
    /// assert_eq!(RpcError::new(400, "AUTH_TOKEN_EXPIRED").name(), "AUTH_TOKEN_EXPIRED");
    /// assert_eq!(RpcError::new(400, "2FA_CONFIRM_WAIT_86400").name(), "2FA_CONFIRM_WAIT");
    ///
    /// let middle = RpcError::new(400, "FILE_PART_3_MISSING");
    /// assert_eq!(middle.name(), "FILE_PART_MISSING");
    /// assert!(matches!(middle.name(), Cow::Owned(_)));
    /// assert!(matches!(RpcError::new(420, "FLOOD_WAIT_42").name(), Cow::Borrowed(_)));
    /// ```
    pub fn name(&self) -> Cow<'_, str> {
        let message = self.message.as_str();
        match split(message) {
            None => Cow::Borrowed(message),
            Some(split) => {
                let head = slice(message, 0, split.head_end);
                let tail = slice(message, split.tail_start, message.len());
                if tail.is_empty() {
                    Cow::Borrowed(head)
                } else if head.is_empty() {
                    Cow::Borrowed(tail)
                } else {
                    let mut name = String::with_capacity(head.len().saturating_add(tail.len()));
                    name.push_str(head);
                    name.push_str(tail);
                    Cow::Owned(name)
                }
            }
        }
    }

    /// The number the message carries, if any (seconds to wait, a DC, a
    /// file part…).
    ///
    /// The rule, applied to the `_`-separated parts of the message:
    ///
    /// 1. the **last part made only of ASCII digits**, wherever it stands
    ///    (`FLOOD_WAIT_42` → 42, `FILE_PART_3_MISSING` → 3);
    /// 2. otherwise the **digits that end the last part** when that part
    ///    also has ASCII letters (`AUTH_TOKEN_INVALID2` → 2);
    /// 3. otherwise none (`AUTH_TOKEN_EXPIRED`).
    ///
    /// Edge cases, decided:
    ///
    /// * a part that starts with digits and goes on with letters is not a
    ///   number (`X_2FA` → none; `2FA_CONFIRM_WAIT_5` → 5); a last part such
    ///   as `2FA3` has letters and ends with digits, so it gives 3;
    /// * a number that does not fit `u64` gives none, and the name is then
    ///   the whole message (the rule does not fall back to an earlier part);
    /// * leading zeros are accepted (`FLOOD_WAIT_007` → 7);
    /// * a number whose removal would leave an empty name is not an argument:
    ///   the empty message, a message of only digits (`42`), `_42` and `42_`
    ///   all have no argument and are their own name;
    /// * empty parts from stray underscores are kept in the name:
    ///   `FLOOD_WAIT_42_` → (`FLOOD_WAIT_`, 42), `_FLOOD_WAIT_42` →
    ///   (`_FLOOD_WAIT`, 42);
    /// * no case folding: `flood_wait_42` → (`flood_wait`, 42); only ASCII
    ///   digits are digits and only ASCII letters are letters (`Ä2` → none).
    ///
    /// ```
    /// use tlwire::rpc::RpcError;
    ///
    /// let arg = |m: &str| RpcError::new(400, m).argument();
    /// assert_eq!(arg("FLOOD_WAIT_42"), Some(42));
    /// assert_eq!(arg("FLOOD_PREMIUM_WAIT_7"), Some(7));
    /// assert_eq!(arg("FILE_PART_3_MISSING"), Some(3));
    /// assert_eq!(arg("AUTH_TOKEN_INVALID2"), Some(2));
    /// assert_eq!(arg("2FA_CONFIRM_WAIT_86400"), Some(86400));
    /// assert_eq!(arg("AUTH_TOKEN_EXPIRED"), None);
    /// assert_eq!(arg("X_2FA"), None);
    /// assert_eq!(arg("FLOOD_WAIT_99999999999999999999999"), None);
    /// ```
    pub fn argument(&self) -> Option<u64> {
        split(&self.message).map(|split| split.value)
    }

    /// The class of the error code; see [`ErrorClass::from_code`].
    ///
    /// ```
    /// use tlwire::rpc::{ErrorClass, RpcError};
    ///
    /// assert_eq!(RpcError::new(420, "FLOOD_WAIT_42").class(), ErrorClass::Flood);
    /// assert_eq!(RpcError::new(-503, "Timeout").class(), ErrorClass::Internal);
    /// ```
    pub fn class(&self) -> ErrorClass {
        ErrorClass::from_code(self.code)
    }

    /// Whether the message matches a schema error name `pattern` such as
    /// `FLOOD_WAIT_X` or `AUTH_TOKEN_INVALIDX`; the code is not compared
    /// (codes drift). See [`matches_pattern`] for the rule.
    ///
    /// ```
    /// use tlwire::rpc::RpcError;
    ///
    /// assert!(RpcError::new(420, "FLOOD_WAIT_42").is("FLOOD_WAIT_X"));
    /// assert!(RpcError::new(400, "AUTH_TOKEN_INVALID").is("AUTH_TOKEN_INVALIDX"));
    /// assert!(RpcError::new(400, "AUTH_TOKEN_INVALID1").is("AUTH_TOKEN_INVALIDX"));
    /// assert!(!RpcError::new(400, "AUTH_TOKEN_EXPIRED").is("AUTH_TOKEN_INVALIDX"));
    /// ```
    pub fn is(&self, pattern: &str) -> bool {
        matches_pattern(pattern, &self.message)
    }
}

impl fmt::Display for RpcError {
    /// `rpc error 420 FLOOD_WAIT_42`: the code and the message as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rpc error {} {}", self.code, self.message)
    }
}

impl core::error::Error for RpcError {}

/// The class of an RPC error code (`rpc_error.error_code`).
///
/// ```
/// use tlwire::rpc::ErrorClass;
///
/// assert_eq!(ErrorClass::from_code(420), ErrorClass::Flood);
/// assert_eq!(ErrorClass::Flood.code(), 420);
/// assert_eq!(ErrorClass::Flood.to_string(), "420 FLOOD");
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// 303 `SEE_OTHER`: repeat the request elsewhere (`PHONE_MIGRATE_X`,
    /// where X is the DC).
    SeeOther,
    /// 400 `BAD_REQUEST`: the request was wrong.
    BadRequest,
    /// 401 `UNAUTHORIZED`: the key is not (or no longer) authorized.
    Unauthorized,
    /// 403 `FORBIDDEN`: the account may not do this.
    Forbidden,
    /// 404 `NOT_FOUND`: an object or method was not found.
    NotFound,
    /// 406 `NOT_ACCEPTABLE`: refused; usually already shown to the user.
    NotAcceptable,
    /// 420 `FLOOD`: too many requests (`FLOOD_WAIT_X`, X in seconds).
    Flood,
    /// 500 `INTERNAL`, and every code not listed above.
    Internal,
}

impl ErrorClass {
    /// The class of `code`. Negative codes count by their absolute value
    /// (`-500` and `-503` are seen in the wild); every code that is not
    /// 303, 400, 401, 403, 404, 406 or 420 is [`Internal`](Self::Internal).
    ///
    /// ```
    /// use tlwire::rpc::ErrorClass;
    ///
    /// assert_eq!(ErrorClass::from_code(303), ErrorClass::SeeOther);
    /// assert_eq!(ErrorClass::from_code(-420), ErrorClass::Flood);
    /// assert_eq!(ErrorClass::from_code(-503), ErrorClass::Internal);
    /// assert_eq!(ErrorClass::from_code(999), ErrorClass::Internal);
    /// assert_eq!(ErrorClass::from_code(i32::MIN), ErrorClass::Internal);
    /// ```
    pub const fn from_code(code: i32) -> Self {
        match code.unsigned_abs() {
            303 => Self::SeeOther,
            400 => Self::BadRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            406 => Self::NotAcceptable,
            420 => Self::Flood,
            _ => Self::Internal,
        }
    }

    /// The canonical code of the class (500 for [`Internal`](Self::Internal),
    /// whatever code it came from).
    ///
    /// ```
    /// use tlwire::rpc::ErrorClass;
    ///
    /// assert_eq!(ErrorClass::from_code(-503).code(), 500);
    /// assert_eq!(ErrorClass::NotAcceptable.code(), 406);
    /// ```
    pub const fn code(&self) -> u16 {
        match self {
            Self::SeeOther => 303,
            Self::BadRequest => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::NotAcceptable => 406,
            Self::Flood => 420,
            Self::Internal => 500,
        }
    }

    /// The class's name as the API documentation writes it (`SEE_OTHER`,
    /// `BAD_REQUEST`, …, `FLOOD`, `INTERNAL`).
    ///
    /// ```
    /// use tlwire::rpc::ErrorClass;
    ///
    /// assert_eq!(ErrorClass::SeeOther.name(), "SEE_OTHER");
    /// ```
    pub const fn name(&self) -> &'static str {
        match self {
            Self::SeeOther => "SEE_OTHER",
            Self::BadRequest => "BAD_REQUEST",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::NotAcceptable => "NOT_ACCEPTABLE",
            Self::Flood => "FLOOD",
            Self::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for ErrorClass {
    /// The canonical code and the name: `420 FLOOD`, `303 SEE_OTHER`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

/// Whether `message` matches the schema error name `pattern`, comparing
/// their `_`-separated parts one by one (the same number of parts, in
/// order):
///
/// * a pattern part that is exactly `X` matches one or more ASCII digits
///   (`FLOOD_WAIT_X` matches `FLOOD_WAIT_42`; `FILE_PART_X_MISSING` matches
///   `FILE_PART_3_MISSING`), and nothing else — not a literal `X`;
/// * the **final** pattern part, when it ends in `X` after other characters
///   (`INVALIDX`), matches itself literally or what comes before the `X`
///   followed by zero or more ASCII digits (`AUTH_TOKEN_INVALIDX` matches
///   `AUTH_TOKEN_INVALID`, `AUTH_TOKEN_INVALID1`, `AUTH_TOKEN_INVALID2` and
///   `AUTH_TOKEN_INVALIDX`, but not `AUTH_TOKEN_INVALIDA`). A glued number
///   only ever ends a message (see [`RpcError::argument`]), so an `…X` part
///   anywhere else (`PREFIX_…`) is an ordinary word;
/// * every other part matches literally, case included.
///
/// Only names are compared, never codes. No allocation; any input is
/// accepted (an empty pattern matches only the empty message).
///
/// ```
/// use tlwire::rpc::error::matches_pattern;
///
/// assert!(matches_pattern("FLOOD_WAIT_X", "FLOOD_WAIT_42"));
/// assert!(!matches_pattern("FLOOD_WAIT_X", "FLOOD_WAIT_"));
/// assert!(!matches_pattern("FLOOD_WAIT_X", "FLOOD_PREMIUM_WAIT_42"));
/// assert!(matches_pattern("FILE_PART_X_MISSING", "FILE_PART_3_MISSING"));
/// assert!(matches_pattern("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALID"));
/// assert!(matches_pattern("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALID2"));
/// assert!(!matches_pattern("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALIDA"));
/// assert!(matches_pattern("AUTH_TOKEN_EXPIRED", "AUTH_TOKEN_EXPIRED"));
/// ```
pub fn matches_pattern(pattern: &str, message: &str) -> bool {
    let mut patterns = pattern.split('_').peekable();
    let mut parts = message.split('_');
    while let Some(want) = patterns.next() {
        let Some(part) = parts.next() else {
            return false;
        };
        let last = patterns.peek().is_none();
        let ok = if want == "X" {
            !part.is_empty() && all_digits(part.as_bytes())
        } else if let Some(prefix) = want.strip_suffix('X').filter(|p| last && !p.is_empty()) {
            part == want
                || part
                    .strip_prefix(prefix)
                    .is_some_and(|rest| all_digits(rest.as_bytes()))
        } else {
            part == want
        };
        if !ok {
            return false;
        }
    }
    parts.next().is_none()
}

/// Where the number of a message stands, by byte offsets into it. The name
/// is `message[..head_end]` followed by `message[tail_start..]`; the digits
/// are `message[digits_start..digits_end]`, inside `head_end..tail_start`
/// together with at most one underscore.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Split {
    head_end: usize,
    digits_start: usize,
    digits_end: usize,
    tail_start: usize,
    value: u64,
}

/// The name/argument rule of [`RpcError::argument`]; `None` when the
/// message has no argument (its name is then the whole message).
///
/// Every offset is next to an ASCII byte (`_` or a digit) or at an end of
/// the message, so it is a char boundary.
fn split(message: &str) -> Option<Split> {
    let bytes = message.as_bytes();
    let len = bytes.len();

    // 1. The last part made only of digits, walking the parts from the end.
    let mut end = len;
    loop {
        let head = bytes.get(..end).unwrap_or_default();
        let start = head
            .iter()
            .rposition(|&b| b == b'_')
            .map_or(0, |i| i.saturating_add(1));
        let part = head.get(start..).unwrap_or_default();
        if !part.is_empty() && all_digits(part) {
            let value = parse_u64(part)?;
            // Remove the underscore before the number, or the one after it
            // when the number is the first part.
            let (head_end, tail_start) = if start > 0 {
                (start.saturating_sub(1), end)
            } else if end < len {
                (0, end.saturating_add(1))
            } else {
                (0, end)
            };
            if head_end == 0 && tail_start == len {
                return None; // the name would be empty
            }
            return Some(Split {
                head_end,
                digits_start: start,
                digits_end: end,
                tail_start,
                value,
            });
        }
        if start == 0 {
            break;
        }
        end = start.saturating_sub(1);
    }

    // 2. The digits that end the last part, when it also has letters.
    let start = bytes
        .iter()
        .rposition(|&b| b == b'_')
        .map_or(0, |i| i.saturating_add(1));
    let last = bytes.get(start..).unwrap_or_default();
    let digits = last.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let digits_start = len.saturating_sub(digits);
    let before = bytes.get(start..digits_start).unwrap_or_default();
    if digits == 0 || !before.iter().any(u8::is_ascii_alphabetic) {
        return None;
    }
    let value = parse_u64(bytes.get(digits_start..).unwrap_or_default())?;
    Some(Split {
        head_end: digits_start,
        digits_start,
        digits_end: len,
        tail_start: len,
        value,
    })
}

/// `s[from..to]`, or `""` if that is not a slice of `s` (it always is for the
/// offsets [`split`] returns).
fn slice(s: &str, from: usize, to: usize) -> &str {
    s.get(from..to).unwrap_or_default()
}

fn all_digits(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_digit)
}

/// Decimal ASCII digits to `u64`; `None` on overflow (or a non-digit).
fn parse_u64(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |n, &b| {
        let d = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        n.checked_mul(10)?.checked_add(u64::from(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec::Vec;
    use core::hash::{Hash, Hasher};

    /// (message, name, argument).
    const NAMES: &[(&str, &str, Option<u64>)] = &[
        // The examples of the issue.
        ("FLOOD_WAIT_42", "FLOOD_WAIT", Some(42)),
        ("AUTH_TOKEN_INVALID2", "AUTH_TOKEN_INVALID", Some(2)),
        ("AUTH_TOKEN_EXPIRED", "AUTH_TOKEN_EXPIRED", None),
        ("FLOOD_PREMIUM_WAIT_7", "FLOOD_PREMIUM_WAIT", Some(7)),
        ("PHONE_MIGRATE_2", "PHONE_MIGRATE", Some(2)),
        ("FILE_PART_3_MISSING", "FILE_PART_MISSING", Some(3)),
        ("2FA_CONFIRM_WAIT_86400", "2FA_CONFIRM_WAIT", Some(86400)),
        ("2FA_CONFIRM_WAIT_5", "2FA_CONFIRM_WAIT", Some(5)),
        (
            "FLOOD_WAIT_99999999999999999999999",
            "FLOOD_WAIT_99999999999999999999999",
            None,
        ),
        ("X_2FA", "X_2FA", None),
        // More real-world names.
        ("AUTH_TOKEN_INVALID", "AUTH_TOKEN_INVALID", None),
        ("AUTH_TOKEN_INVALID1", "AUTH_TOKEN_INVALID", Some(1)),
        (
            "AUTH_TOKEN_ALREADY_ACCEPTED",
            "AUTH_TOKEN_ALREADY_ACCEPTED",
            None,
        ),
        ("AUTH_TOKEN_EXCEPTION", "AUTH_TOKEN_EXCEPTION", None),
        ("USER_MIGRATE_4", "USER_MIGRATE", Some(4)),
        ("NETWORK_MIGRATE_5", "NETWORK_MIGRATE", Some(5)),
        ("FILE_MIGRATE_1", "FILE_MIGRATE", Some(1)),
        ("STATS_MIGRATE_3", "STATS_MIGRATE", Some(3)),
        ("SLOWMODE_WAIT_60", "SLOWMODE_WAIT", Some(60)),
        ("TAKEOUT_INIT_DELAY_3600", "TAKEOUT_INIT_DELAY", Some(3600)),
        ("EMAIL_UNCONFIRMED_6", "EMAIL_UNCONFIRMED", Some(6)),
        ("FILE_PART_0_MISSING", "FILE_PART_MISSING", Some(0)),
        (
            "PASSWORD_TOO_FRESH_86400",
            "PASSWORD_TOO_FRESH",
            Some(86400),
        ),
        ("SESSION_TOO_FRESH_10", "SESSION_TOO_FRESH", Some(10)),
        ("INTERDC_2_CALL_ERROR", "INTERDC_CALL_ERROR", Some(2)),
        (
            "INTERDC_2_CALL_RICH_ERROR",
            "INTERDC_CALL_RICH_ERROR",
            Some(2),
        ),
        ("2FA_RECENT_CONFIRM", "2FA_RECENT_CONFIRM", None),
        ("BOT_METHOD_INVALID", "BOT_METHOD_INVALID", None),
        ("MSG_WAIT_FAILED", "MSG_WAIT_FAILED", None),
        ("Timeout", "Timeout", None),
        ("No workers running", "No workers running", None),
        // The last all-digits part wins, wherever it stands.
        ("A_1_B_2_C", "A_1_B_C", Some(2)),
        ("FILE_3_PART2", "FILE_PART2", Some(3)),
        ("A_1_2", "A_1", Some(2)),
        ("3_MISSING", "MISSING", Some(3)),
        // A glued number ends only the last part, and needs letters.
        ("INVALID2_X", "INVALID2_X", None),
        ("A_2FA3", "A_2FA", Some(3)),
        ("ABC123", "ABC", Some(123)),
        ("A_-5", "A_-5", None),
        ("A_5-", "A_5-", None),
        // u64 bounds; an overflowing last number does not fall back.
        ("WAIT_18446744073709551615", "WAIT", Some(u64::MAX)),
        (
            "WAIT_18446744073709551616",
            "WAIT_18446744073709551616",
            None,
        ),
        ("A_1_18446744073709551616", "A_1_18446744073709551616", None),
        (
            "INVALID18446744073709551616",
            "INVALID18446744073709551616",
            None,
        ),
        ("FLOOD_WAIT_007", "FLOOD_WAIT", Some(7)),
        // An empty name leaves no argument.
        ("", "", None),
        ("42", "42", None),
        ("_42", "_42", None),
        ("42_", "42_", None),
        ("_", "_", None),
        ("__", "__", None),
        // Stray underscores stay in the name.
        ("FLOOD_WAIT_42_", "FLOOD_WAIT_", Some(42)),
        ("_FLOOD_WAIT_42", "_FLOOD_WAIT", Some(42)),
        ("FLOOD__WAIT_42", "FLOOD__WAIT", Some(42)),
        ("FLOOD_WAIT__42", "FLOOD_WAIT_", Some(42)),
        ("_42_", "_", Some(42)),
        ("A__", "A__", None),
        // No case folding; only ASCII digits and letters count.
        ("flood_wait_42", "flood_wait", Some(42)),
        ("invalid2", "invalid", Some(2)),
        ("Ä2", "Ä2", None),
        ("ÄB2", "ÄB", Some(2)),
        ("WAIT_٣", "WAIT_٣", None),
        ("WAIT_２", "WAIT_２", None),
        ("É_7_É", "É_É", Some(7)),
        ("WAIT 42", "WAIT ", Some(42)),
    ];

    #[test]
    fn names_and_arguments() {
        for &(message, name, argument) in NAMES {
            let err = RpcError::new(400, message);
            assert_eq!(err.name(), name, "name of {message:?}");
            assert_eq!(err.argument(), argument, "argument of {message:?}");
            // Borrowed unless the number stood between two pieces of name.
            let owned = matches!(err.name(), Cow::Owned(_));
            let middle =
                split(message).is_some_and(|s| s.head_end > 0 && s.tail_start < message.len());
            assert_eq!(owned, middle, "allocation for {message:?}");
        }
    }

    #[test]
    fn split_offsets() {
        let s = split("FILE_PART_3_MISSING").unwrap();
        assert_eq!(
            s,
            Split {
                head_end: 9,
                digits_start: 10,
                digits_end: 11,
                tail_start: 11,
                value: 3
            }
        );
        let s = split("AUTH_TOKEN_INVALID2").unwrap();
        assert_eq!((s.head_end, s.digits_start, s.tail_start), (18, 18, 19));
        let s = split("3_MISSING").unwrap();
        assert_eq!(
            (s.head_end, s.digits_start, s.digits_end, s.tail_start),
            (0, 0, 1, 2)
        );
    }

    #[test]
    fn classes() {
        let table: &[(i32, ErrorClass, u16, &str)] = &[
            (303, ErrorClass::SeeOther, 303, "303 SEE_OTHER"),
            (400, ErrorClass::BadRequest, 400, "400 BAD_REQUEST"),
            (401, ErrorClass::Unauthorized, 401, "401 UNAUTHORIZED"),
            (403, ErrorClass::Forbidden, 403, "403 FORBIDDEN"),
            (404, ErrorClass::NotFound, 404, "404 NOT_FOUND"),
            (406, ErrorClass::NotAcceptable, 406, "406 NOT_ACCEPTABLE"),
            (420, ErrorClass::Flood, 420, "420 FLOOD"),
            (500, ErrorClass::Internal, 500, "500 INTERNAL"),
        ];
        for &(code, class, canonical, shown) in table {
            assert_eq!(ErrorClass::from_code(code), class, "{code}");
            assert_eq!(ErrorClass::from_code(-code), class, "-{code}");
            assert_eq!(class.code(), canonical);
            assert_eq!(class.to_string(), shown);
            assert_eq!(RpcError::new(code, "X").class(), class);
            // The canonical code is a fixed point.
            assert_eq!(ErrorClass::from_code(i32::from(class.code())), class);
        }
        for code in [
            -503,
            -500,
            -1,
            0,
            1,
            200,
            302,
            304,
            402,
            405,
            407,
            421,
            501,
            503,
            999,
            i32::MAX,
            i32::MIN,
            i32::MIN + 1,
        ] {
            assert_eq!(ErrorClass::from_code(code), ErrorClass::Internal, "{code}");
            assert_eq!(ErrorClass::from_code(code).code(), 500);
        }
    }

    #[test]
    fn display_and_error() {
        let err = RpcError::new(420, "FLOOD_WAIT_42");
        assert_eq!(err.to_string(), "rpc error 420 FLOOD_WAIT_42");
        assert_eq!(
            RpcError::new(-503, "Timeout").to_string(),
            "rpc error -503 Timeout"
        );
        let dynamic: &dyn core::error::Error = &err;
        assert!(dynamic.source().is_none());
        assert_eq!(err.clone(), err);
        let hash = |e: &RpcError| {
            let mut h = Fnv(0xcbf2_9ce4_8422_2325);
            e.hash(&mut h);
            h.finish()
        };
        assert_eq!(
            hash(&err),
            hash(&RpcError::new(420, String::from("FLOOD_WAIT_42")))
        );
        assert_ne!(err, RpcError::new(420, "FLOOD_WAIT_43"));
        assert_ne!(err, RpcError::new(400, "FLOOD_WAIT_42"));
    }

    /// A small `Hasher` so the test needs no `std`.
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }

    #[test]
    fn patterns_match() {
        let yes: &[(&str, &str)] = &[
            ("FLOOD_WAIT_X", "FLOOD_WAIT_42"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT_0"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT_007"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT_99999999999999999999999"),
            ("FLOOD_PREMIUM_WAIT_X", "FLOOD_PREMIUM_WAIT_7"),
            ("PHONE_MIGRATE_X", "PHONE_MIGRATE_2"),
            ("FILE_PART_X_MISSING", "FILE_PART_3_MISSING"),
            ("2FA_CONFIRM_WAIT_X", "2FA_CONFIRM_WAIT_86400"),
            ("INTERDC_X_CALL_ERROR", "INTERDC_2_CALL_ERROR"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALID"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALID1"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALID2"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALID123"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALIDX"),
            ("AUTH_TOKEN_EXPIRED", "AUTH_TOKEN_EXPIRED"),
            ("AUTH_TOKEN_ALREADY_ACCEPTED", "AUTH_TOKEN_ALREADY_ACCEPTED"),
            ("AUTH_TOKEN_EXCEPTION", "AUTH_TOKEN_EXCEPTION"),
            ("USERNAME_PREFIX_INVALID", "USERNAME_PREFIX_INVALID"),
            ("X_Y", "1_Y"),
            ("X", "5"),
            ("AX", "A"),
            ("AX", "A9"),
            ("", ""),
            ("A__B", "A__B"),
        ];
        for &(pattern, message) in yes {
            assert!(matches_pattern(pattern, message), "{pattern} ~ {message}");
            assert!(
                RpcError::new(0, message).is(pattern),
                "{pattern} ~ {message}"
            );
        }
    }

    #[test]
    fn patterns_do_not_match() {
        let no: &[(&str, &str)] = &[
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALIDA"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALID2A"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALID_2"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALI"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_EXPIRED"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALIDXX"),
            ("AUTH_TOKEN_INVALIDX", "auth_token_invalid"),
            ("AUTH_TOKEN_INVALIDX", "AUTH_TOKEN_INVALID٣"),
            ("AUTH_TOKEN_EXPIRED", "AUTH_TOKEN_EXPIRED_1"),
            ("AUTH_TOKEN_EXPIRED", "AUTH_TOKEN_EXPIRED1"),
            ("AUTH_TOKEN_EXPIRED", "AUTH_TOKEN"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT_"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT_X"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT_4a"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT_-4"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT_42_"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT_42_1"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT42"),
            ("FLOOD_WAIT_X", "FLOOD_PREMIUM_WAIT_42"),
            ("FLOOD_WAIT_X", "SLOWMODE_WAIT_42"),
            ("FLOOD_WAIT_X", "flood_wait_42"),
            ("FLOOD_WAIT_X", "FLOOD_WAIT_٣"),
            ("FILE_PART_X_MISSING", "FILE_PART_MISSING"),
            ("FILE_PART_X_MISSING", "FILE_PART_3"),
            ("FILE_PART_X_MISSING", "FILE_PART_A_MISSING"),
            // `…X` is special only in the final part.
            ("PREFIX_INVALID", "PREFI3_INVALID"),
            ("PREFIX_INVALID", "PREFI_INVALID"),
            ("X", ""),
            ("X", "X"),
            ("", "A"),
            ("A", ""),
            ("A_", "A"),
            ("A", "A_"),
        ];
        for &(pattern, message) in no {
            assert!(!matches_pattern(pattern, message), "{pattern} !~ {message}");
            assert!(
                !RpcError::new(400, message).is(pattern),
                "{pattern} !~ {message}"
            );
        }
    }

    #[test]
    fn accept_login_token_errors() {
        // The errors of auth.acceptLoginToken, and which
        // messages each one stands for.
        let patterns = [
            "AUTH_TOKEN_ALREADY_ACCEPTED",
            "AUTH_TOKEN_EXCEPTION",
            "AUTH_TOKEN_EXPIRED",
            "AUTH_TOKEN_INVALIDX",
        ];
        let cases = [
            ("AUTH_TOKEN_ALREADY_ACCEPTED", Some(0)),
            ("AUTH_TOKEN_EXCEPTION", Some(1)),
            ("AUTH_TOKEN_EXPIRED", Some(2)),
            ("AUTH_TOKEN_INVALID", Some(3)),
            ("AUTH_TOKEN_INVALID1", Some(3)),
            ("AUTH_TOKEN_INVALID2", Some(3)),
            ("AUTH_TOKEN_INVALIDX", Some(3)),
            ("AUTH_TOKEN_INVALIDA", None),
            ("FLOOD_WAIT_42", None),
        ];
        for (message, want) in cases {
            let err = RpcError::new(400, message);
            let hits: Vec<usize> = (0..patterns.len())
                .filter(|&i| err.is(patterns[i]))
                .collect();
            assert_eq!(hits.first().copied(), want, "{message}");
            assert!(hits.len() <= 1, "{message} matches {hits:?}");
        }
    }

    use crate::testing::Rng;

    const ALPHABET: &[char] = &[
        'A', 'B', 'E', 'I', 'N', 'T', 'W', 'X', 'Z', 'a', 'x', 'z', '0', '1', '2', '3', '7', '9',
        '_', '_', '_', '_', ' ', '-', 'É', 'ß', '٣', '２', '€', '😀', '\u{0}',
    ];

    fn arbitrary(rng: &mut Rng) -> String {
        let len = rng.below(24);
        let mut s = String::new();
        for _ in 0..len {
            // Runs of digits now and then, to reach the u64 edge.
            if rng.below(16) == 0 {
                for _ in 0..rng.below(24) {
                    s.push(char::from(b'0' + rng.below(10) as u8));
                }
            } else {
                s.push(ALPHABET[rng.below(ALPHABET.len())]);
            }
        }
        s
    }

    #[test]
    fn arbitrary_strings_never_panic() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut with_argument = 0;
        for _ in 0..20_000 {
            let message = arbitrary(&mut rng);
            let err = RpcError::new(rng.next() as i32, message.as_str());
            let name = err.name();
            let _ = err.class();
            let _ = err.to_string();
            let pattern = arbitrary(&mut rng);
            let _ = err.is(&pattern);
            let _ = matches_pattern(&message, &pattern);
            // A message always matches itself once `X` parts are digits.
            if !message
                .split('_')
                .any(|p| p == "X" || (p.len() > 1 && p.ends_with('X')))
            {
                assert!(err.is(&message), "{message:?} ~ itself");
            }
            match err.argument() {
                None => assert_eq!(name, message.as_str(), "{message:?}"),
                Some(n) => {
                    with_argument += 1;
                    let s = split(&message).unwrap();
                    let digits = &message[s.digits_start..s.digits_end];
                    assert!(!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
                    assert_eq!(digits.parse::<u64>().ok(), Some(n), "{message:?}");
                    assert!(digits.ends_with(&n.to_string()), "{message:?}");
                    assert!(message.contains(&n.to_string()), "{message:?}");
                    // The name is the message without the digits and at most
                    // one underscore, and it is not empty.
                    let removed = &message[s.head_end..s.tail_start];
                    assert!(removed.contains(digits));
                    assert!(removed.len() - digits.len() <= 1);
                    assert!(removed.trim_matches('_') == digits);
                    assert!(!name.is_empty(), "{message:?}");
                    assert_eq!(name.len() + removed.len(), message.len());
                    let rebuilt =
                        [&message[..s.head_end], removed, &message[s.tail_start..]].concat();
                    assert_eq!(rebuilt, message);
                    assert_eq!(
                        [&message[..s.head_end], &message[s.tail_start..]].concat(),
                        *name
                    );
                }
            }
        }
        assert!(
            with_argument > 1_000,
            "only {with_argument} with an argument"
        );
    }
}
