//! A TL `string` as decoded: [`TlStr`] borrows from the input and keeps
//! every byte.
//!
//! TL `string` is UTF-8 by convention only, and peers differ on what they do
//! with anything else. tlwire checks UTF-8 once, when the string is decoded,
//! and remembers the answer: valid text reads as `&str` for free ever after;
//! anything else (accepted in lenient mode only) stays available as raw bytes
//! and round-trips unchanged, so nothing is lost and nothing is allocated.

pub(crate) mod utf8;

use core::fmt;
use core::hash::{Hash, Hasher};

use utf8::Packed;

/// A borrowed TL `string`: text when it is UTF-8, raw bytes when it is not.
///
/// ```
/// use tlwire::TlStr;
/// let s = TlStr::from("Android");
/// assert_eq!(s.as_str(), Some("Android"));
/// let raw = TlStr::new(b"\xff\xfe");
/// assert_eq!(raw.as_str(), None);
/// assert_eq!(raw.as_bytes(), b"\xff\xfe");
/// assert_eq!(raw.to_string(), "\u{fffd}\u{fffd}");
/// ```
#[derive(Clone, Copy)]
pub struct TlStr<'a>(Packed<'a>);

impl<'a> TlStr<'a> {
    /// The empty string.
    ///
    /// ```
    /// use tlwire::TlStr;
    /// assert_eq!(TlStr::EMPTY, TlStr::from(""));
    /// assert_eq!(TlStr::EMPTY.as_str(), Some(""));
    /// ```
    pub const EMPTY: Self = Self(Packed::EMPTY);

    /// Wraps `bytes`, checking once whether they are UTF-8.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self(Packed::from_verdict(bytes, utf8::to_str(bytes)))
    }

    /// A string whose verdict is already taken.
    #[inline(always)]
    pub(crate) fn from_packed(s: Packed<'a>) -> Self {
        Self(s)
    }

    /// The text, or `None` when the bytes are not UTF-8.
    pub fn as_str(&self) -> Option<&'a str> {
        self.0.text_of()
    }

    /// The bytes exactly as they were on the wire.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0.bytes()
    }

    /// Whether the bytes are UTF-8.
    pub fn is_utf8(&self) -> bool {
        self.0.is_text()
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }
}

impl<'a> From<&'a str> for TlStr<'a> {
    #[inline(always)]
    fn from(s: &'a str) -> Self {
        Self(Packed::text(s))
    }
}

impl AsRef<[u8]> for TlStr<'_> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// The repr is a cache of `from_utf8(bytes)`, so equality and hashing are by
/// bytes alone.
impl PartialEq for TlStr<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}
impl Eq for TlStr<'_> {}
impl Hash for TlStr<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state)
    }
}
impl PartialEq<str> for TlStr<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}
impl PartialEq<&str> for TlStr<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl fmt::Debug for TlStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Some(s) => fmt::Debug::fmt(s, f),
            None => write!(f, "NotUtf8({:?})", self.as_bytes().escape_ascii()),
        }
    }
}

/// Valid text prints as is; other bytes print with U+FFFD for each invalid
/// sequence (the lossy view; [`TlStr::as_bytes`] keeps the original).
impl fmt::Display for TlStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.as_bytes().utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{fffd}")?;
            }
        }
        Ok(())
    }
}
