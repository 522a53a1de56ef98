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

mod class;
mod message;

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

pub use class::ErrorClass;
pub use message::matches_pattern;
use message::{slice, split};

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
    /// `rpc_error.error_message`, as sent (for example `FLOOD_WAIT_42`);
    /// bytes that are not UTF-8 are shown as U+FFFD here and kept as they
    /// came in [`message_bytes`](Self::message_bytes).
    pub message: String,
    /// The message's bytes, when they are not the UTF-8 of `message`.
    raw: Option<Box<[u8]>>,
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
            raw: None,
        }
    }

    /// An error with this code and the message's bytes as sent, which need
    /// not be UTF-8: none is lost.
    ///
    /// ```
    /// use tlwire::rpc::RpcError;
    ///
    /// let err = RpcError::from_bytes(400, b"BAD_\xff");
    /// assert_eq!(err.message, "BAD_\u{fffd}");
    /// assert_eq!(err.message_bytes(), b"BAD_\xff");
    /// assert_eq!(RpcError::from_bytes(400, b"OK").message_bytes(), b"OK");
    /// ```
    pub fn from_bytes(code: i32, message: &[u8]) -> Self {
        match core::str::from_utf8(message) {
            Ok(text) => Self::new(code, text),
            Err(_) => Self {
                code,
                message: String::from_utf8_lossy(message).into_owned(),
                raw: Some(message.into()),
            },
        }
    }

    /// The message's bytes as sent.
    pub fn message_bytes(&self) -> &[u8] {
        self.raw.as_deref().unwrap_or(self.message.as_bytes())
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec::Vec;
    use core::hash::{Hash, Hasher};

    /// (message, name, argument).
    const NAMES: &[(&str, &str, Option<u64>)] = &[
        // Messages as Telegram sends them.
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
