//! The grammar of an error message (`FLOOD_WAIT_42`): where its number
//! stands, and whether it matches a schema error name (`FLOOD_WAIT_X`).

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
///   only ever ends a message (see [`RpcError::argument`](super::RpcError::argument)), so an `…X` part
///   anywhere else (`PREFIX_…`) is an ordinary word;
/// * every other part matches literally, case included.
///
/// Only names are compared, never codes. No allocation; any input is
/// accepted (an empty pattern matches only the empty message).
///
/// ```
/// use tlwire::rpc::matches_pattern;
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
pub(super) struct Split {
    pub(super) head_end: usize,
    pub(super) digits_start: usize,
    pub(super) digits_end: usize,
    pub(super) tail_start: usize,
    pub(super) value: u64,
}

/// The name/argument rule of [`RpcError::argument`](super::RpcError::argument); `None` when the
/// message has no argument (its name is then the whole message).
///
/// Every offset is next to an ASCII byte (`_` or a digit) or at an end of
/// the message, so it is a char boundary.
pub(super) fn split(message: &str) -> Option<Split> {
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
pub(super) fn slice(s: &str, from: usize, to: usize) -> &str {
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
    use crate::rpc::RpcError;

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
}
