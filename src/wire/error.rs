//! Typed errors of the wire layer: what went wrong, at which byte, and where
//! in the object tree.
//!
//! Both error types are one pointer wide so the success path of every read
//! stays cheap; they are built only on failure (`#[cold]` constructors), and
//! each enclosing constructor adds its frame on the way out, so the path reads
//! outermost first.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

use super::identifiable::Identifiable;

/// What kind of malformed input a decode met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ended inside an item: `needed` bytes from the item's start, `left` there.
    UnexpectedEnd {
        /// Bytes the item takes (for `bytes`/`string`: prefix, body and padding).
        needed: usize,
        /// Bytes left at the item's start.
        left: usize,
    },
    /// A constructor id that the expected type does not have.
    UnknownConstructor {
        /// The id found.
        id: u32,
        /// The TL type that was expected (`Authorization`, `Bool`, `Vector`).
        expected: &'static str,
    },
    /// A `bytes`/`string` whose first byte is `0xff`, which no length form uses.
    InvalidLengthPrefix,
    /// Strict mode: a `bytes`/`string` of `len` bytes in the long (`0xfe`) form.
    NonCanonicalLength {
        /// The length, at most 253.
        len: usize,
    },
    /// Strict mode: padding after a `bytes`/`string` body that is not all zero.
    NonZeroPadding,
    /// Strict mode: a `gzip_packed` inside another, or bytes after the end
    /// of its gzip stream (the reason).
    NonCanonicalGzip(&'static str),
    /// Strict mode: a `string` that is not UTF-8.
    InvalidUtf8,
    /// A vector count below zero.
    NegativeCount {
        /// The count read.
        count: i32,
    },
    /// Bytes left over after a complete top-level object.
    TrailingBytes {
        /// How many bytes were left.
        left: usize,
    },
    /// A configured limit was reached.
    LimitExceeded {
        /// Which limit.
        limit: Limit,
    },
    /// A `gzip_packed` payload that is not a valid gzip stream.
    InvalidGzip,
    /// Input this build cannot decode (a feature is off).
    Unsupported(&'static str),
    /// A vector or boxed value read with no [`Arena`](super::Arena) to put
    /// it in: the value needs [`decode_in`](super::decode_in) or
    /// [`Owned`](super::Owned), not [`decode`](super::decode()).
    NoArena,
}

/// A limit from [`DecodeOptions`](super::DecodeOptions) that input reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Limit {
    /// Values of recursive types nested deeper than this many levels.
    #[error("recursive objects nested deeper than {0} levels")]
    Depth(u32),
    /// A `gzip_packed` payload inflating to more than this many bytes.
    #[error("gzip_packed inflating to more than {}", ByteCount(*.0))]
    InflatedSize(usize),
    /// `gzip_packed` layers nested deeper than this.
    #[error("gzip_packed nested deeper than {0} layers")]
    PackedDepth(u32),
    /// A decode allocating more than its budget of this many bytes
    /// ([`DecodeOptions::with_alloc_budget`](super::DecodeOptions::with_alloc_budget)).
    #[error("allocating more than the {} this input allows", ByteCount(*.0))]
    Allocation(usize),
}

impl DecodeErrorKind {
    /// A short, stable, snake_case name for the kind (`unexpected_end`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::UnexpectedEnd { .. } => "unexpected_end",
            Self::UnknownConstructor { .. } => "unknown_constructor",
            Self::InvalidLengthPrefix => "invalid_length_prefix",
            Self::NonCanonicalLength { .. } => "non_canonical_length",
            Self::NonZeroPadding => "non_zero_padding",
            Self::NonCanonicalGzip(_) => "non_canonical_gzip",
            Self::InvalidUtf8 => "invalid_utf8",
            Self::NegativeCount { .. } => "negative_count",
            Self::TrailingBytes { .. } => "trailing_bytes",
            Self::LimitExceeded { .. } => "limit_exceeded",
            Self::InvalidGzip => "invalid_gzip",
            Self::Unsupported(_) => "unsupported",
            Self::NoArena => "no_arena",
        }
    }

    fn headline(&self) -> &'static str {
        match self {
            Self::UnexpectedEnd { .. } => "unexpected end of input",
            Self::UnknownConstructor { .. } => "unknown constructor",
            Self::InvalidLengthPrefix => "invalid length prefix",
            Self::NonCanonicalLength { .. } => "non-canonical length",
            Self::NonZeroPadding => "non-zero padding",
            Self::NonCanonicalGzip(_) => "non-canonical gzip_packed",
            Self::InvalidUtf8 => "invalid UTF-8 in string",
            Self::NegativeCount { .. } => "negative vector count",
            Self::TrailingBytes { .. } => "trailing bytes",
            Self::LimitExceeded { .. } => "limit exceeded",
            Self::InvalidGzip => "invalid gzip data",
            Self::Unsupported(_) => "unsupported input",
            Self::NoArena => "no arena",
        }
    }

    fn detail(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::UnexpectedEnd { needed, left } => {
                write!(f, "need {}, {left} left", ByteCount(needed))
            }
            Self::UnknownConstructor { id, expected } => {
                write!(f, "expected {expected}, found #{id:08x}")
            }
            Self::InvalidLengthPrefix => f.write_str("first byte 0xff"),
            Self::NonCanonicalLength { len } => {
                write!(f, "long form used for length {len}")
            }
            Self::NonZeroPadding => f.write_str("padding bytes must be zero"),
            Self::NonCanonicalGzip(why) => f.write_str(why),
            Self::InvalidUtf8 => f.write_str("strict mode requires UTF-8"),
            Self::NegativeCount { count } => write!(f, "count {count}"),
            Self::TrailingBytes { left } => {
                write!(f, "{} after the object", ByteCount(left))
            }
            Self::LimitExceeded { limit } => write!(f, "{limit}"),
            Self::InvalidGzip => f.write_str("the payload does not inflate"),
            Self::Unsupported(what) => f.write_str(what),
            Self::NoArena => {
                f.write_str("vectors and boxed values need an Arena (decode_in, Owned)")
            }
        }
    }
}

/// One step of the path from the top-level object to the failing item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathSegment {
    /// A field of a constructor or function.
    Field {
        /// The combinator's schema name (`authorization`).
        constructor: &'static str,
        /// The combinator's id.
        id: u32,
        /// The field's schema name (`platform`).
        field: &'static str,
    },
    /// An element of a vector, by 0-based index.
    Element(usize),
    /// Decoding continued inside bytes that were unpacked (offsets restart at 0).
    Inner(&'static str),
}

impl PathSegment {
    /// Field `field` of combinator `C`.
    pub fn field<C: Identifiable + ?Sized>(field: &'static str) -> Self {
        Self::Field {
            constructor: C::TL_NAME,
            id: C::CONSTRUCTOR_ID,
            field,
        }
    }
}

impl fmt::Display for PathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Field {
                constructor,
                id,
                field,
            } => write!(f, "{constructor}#{id:08x} field {field}"),
            Self::Element(index) => write!(f, "element {index}"),
            Self::Inner(what) => f.write_str(what),
        }
    }
}

/// `n bytes`, or `1 byte`.
pub(crate) struct ByteCount(pub usize);

impl fmt::Display for ByteCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 byte"),
            n => write!(f, "{n} bytes"),
        }
    }
}

/// Path segments shown at each end of a long path; the middle is counted.
const PATH_ENDS: usize = 3;

/// Writes a path outermost first: `a#1 field x > b#2 field y`. A path of a
/// deep nest keeps its outermost and innermost segments and counts the
/// levels between (`… 58 more levels …`), so the message stays one line
/// a person can read.
fn write_path(f: &mut fmt::Formatter<'_>, innermost_first: &[PathSegment]) -> fmt::Result {
    let len = innermost_first.len();
    // Eliding fewer than two levels would not shorten the line.
    let elided = match len.saturating_sub(2 * PATH_ENDS) {
        n if n >= 2 => n,
        _ => 0,
    };
    for (n, segment) in innermost_first.iter().rev().enumerate() {
        if elided > 0 && (PATH_ENDS..PATH_ENDS.saturating_add(elided)).contains(&n) {
            if n == PATH_ENDS {
                write!(f, " > … {elided} more levels …")?;
            }
            continue;
        }
        f.write_str(if n == 0 { " in " } else { " > " })?;
        write!(f, "{segment}")?;
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct DecodeInner {
    kind: DecodeErrorKind,
    offset: usize,
    // Innermost first: frames are pushed while the error travels outwards.
    path: Vec<PathSegment>,
}

/// Why bytes could not be decoded: the kind, the byte offset where the
/// failing item starts (0-based, relative to the buffer being read), and the
/// constructor/field path to it.
///
/// ```
/// use tlwire::{decode, enums::Authorization};
/// let err = decode::<Authorization>(&[0x1d, 0xd6, 0x01]).unwrap_err();
/// assert_eq!(err.to_string(), "unexpected end of input at byte 0: need 4 bytes, 3 left");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<DecodeInner>);

impl DecodeError {
    /// An error of `kind` at `offset`, with an empty path.
    #[cold]
    #[inline(never)]
    pub fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        Self(Box::new(DecodeInner {
            kind,
            offset,
            path: Vec::new(),
        }))
    }

    /// The kind of error.
    pub fn kind(&self) -> DecodeErrorKind {
        self.0.kind
    }

    /// The 0-based byte offset where the failing item starts.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The path to the failing item, outermost first.
    pub fn path(&self) -> impl Iterator<Item = &PathSegment> + '_ {
        self.0.path.iter().rev()
    }

    /// The same error for bytes that start `by` bytes into a larger input.
    #[cold]
    #[inline(never)]
    pub(crate) fn shifted(mut self, by: usize) -> Self {
        self.0.offset = self.0.offset.saturating_add(by);
        self
    }

    /// Adds the enclosing segment on the way out.
    #[cold]
    #[inline(never)]
    pub fn within(mut self, segment: PathSegment) -> Self {
        self.0.path.push(segment);
        self
    }

    /// Adds "field `field` of combinator `C`" on the way out.
    #[cold]
    #[inline(never)]
    pub fn in_field<C: Identifiable + ?Sized>(self, field: &'static str) -> Self {
        self.within(PathSegment::field::<C>(field))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.0.kind.headline(), self.0.offset)?;
        write_path(f, &self.0.path)?;
        f.write_str(": ")?;
        self.0.kind.detail(f)
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("kind", &self.0.kind)
            .field("offset", &self.0.offset)
            .field("path", &self.0.path.iter().rev().collect::<Vec<_>>())
            .finish()
    }
}

impl core::error::Error for DecodeError {}

/// What kind of value could not be encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// A `bytes`/`string` of 2^24 bytes or more: TL has no length form for it.
    #[error("bytes too long: {}, TL allows at most 16777215", ByteCount(*.len))]
    BytesTooLong {
        /// The length given.
        len: usize,
    },
    /// A vector with more elements than an `int` count can say.
    #[error("vector too long: {len} elements, TL allows at most 2147483647")]
    VectorTooLong {
        /// The element count given.
        len: usize,
    },
    /// The buffer cannot take the whole object; nothing was written.
    #[error("buffer too small: need {}, {remaining} left", ByteCount(*.needed))]
    BufferTooSmall {
        /// Bytes the object takes.
        needed: usize,
        /// Room the buffer had.
        remaining: usize,
    },
    /// Optional fields that share one flag bit disagree on presence.
    #[error("fields sharing flag bit {bit} must be all present or all absent")]
    FlagConflict {
        /// The flag bit they share.
        bit: u32,
    },
    /// A `msg_container` of more messages than the server takes.
    #[error("container of {messages} messages: at most {max} are taken")]
    ContainerTooLong {
        /// The messages given.
        messages: usize,
        /// The most a container may hold.
        max: usize,
    },
    /// A `msg_container` whose messages take more bytes than the server takes.
    #[error("container of {} of messages: at most {max} are taken", ByteCount(*.len))]
    ContainerTooLarge {
        /// The bytes its messages take.
        len: usize,
        /// The most they may take.
        max: usize,
    },
    /// A `msg_container` as the body of a message of a container: the
    /// protocol does not nest them.
    #[error("message {index} of a container is itself a container")]
    NestedContainer {
        /// The message's 0-based index.
        index: usize,
    },
    /// A value whose encoding is longer than any buffer can be
    /// (`isize::MAX` bytes): possible on a 32-bit target, where a value can
    /// hold the same large slice by reference many times over.
    #[error("the value's encoding is longer than any buffer can be")]
    ValueTooLarge,
    /// A message body whose length is not a whole number of 4-byte words,
    /// which no TL value has.
    #[error("a body of {}: TL values are whole 4-byte words", ByteCount(*.len))]
    UnalignedBody {
        /// Its length.
        len: usize,
    },
}

impl EncodeErrorKind {
    /// A short, stable, snake_case name for the kind (`bytes_too_long`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::BytesTooLong { .. } => "bytes_too_long",
            Self::VectorTooLong { .. } => "vector_too_long",
            Self::BufferTooSmall { .. } => "buffer_too_small",
            Self::FlagConflict { .. } => "flag_conflict",
            Self::ContainerTooLong { .. } => "container_too_long",
            Self::ContainerTooLarge { .. } => "container_too_large",
            Self::NestedContainer { .. } => "nested_container",
            Self::ValueTooLarge => "value_too_large",
            Self::UnalignedBody { .. } => "unaligned_body",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct EncodeInner {
    kind: EncodeErrorKind,
    path: Vec<PathSegment>,
}

/// Why a value could not be encoded. Encoding checks every limit and the
/// buffer's room before its first write, so on this error nothing was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError(Box<EncodeInner>);

impl EncodeError {
    /// An error of `kind` with an empty path.
    #[cold]
    #[inline(never)]
    pub fn new(kind: EncodeErrorKind) -> Self {
        Self(Box::new(EncodeInner {
            kind,
            path: Vec::new(),
        }))
    }

    /// The kind of error.
    pub fn kind(&self) -> EncodeErrorKind {
        self.0.kind
    }

    /// The path to the failing value, outermost first.
    pub fn path(&self) -> impl Iterator<Item = &PathSegment> + '_ {
        self.0.path.iter().rev()
    }

    /// Adds the enclosing segment on the way out.
    #[cold]
    #[inline(never)]
    pub fn within(mut self, segment: PathSegment) -> Self {
        self.0.path.push(segment);
        self
    }

    /// Adds "field `field` of combinator `C`" on the way out.
    #[cold]
    #[inline(never)]
    pub fn in_field<C: Identifiable + ?Sized>(self, field: &'static str) -> Self {
        self.within(PathSegment::field::<C>(field))
    }
}

/// Names the field an error came from, on its way out: what generated code
/// writes after each field it reads or measures
/// (`r.read_int().at::<Self>("api_id")?`).
///
/// A method rather than `map_err` with a closure: thousands of closures
/// are what a whole generated layer spent much of its compile time on.
pub trait FieldContext: Sized {
    /// The same result, its error (if any) placed in field `field` of
    /// combinator `C`.
    fn at<C: Identifiable + ?Sized>(self, field: &'static str) -> Self;
}

/// The two error types, which both carry a path of enclosing items.
trait Pathed: Sized {
    fn in_field<C: Identifiable + ?Sized>(self, field: &'static str) -> Self;
}

impl Pathed for DecodeError {
    fn in_field<C: Identifiable + ?Sized>(self, field: &'static str) -> Self {
        DecodeError::in_field::<C>(self, field)
    }
}

impl Pathed for EncodeError {
    fn in_field<C: Identifiable + ?Sized>(self, field: &'static str) -> Self {
        EncodeError::in_field::<C>(self, field)
    }
}

#[allow(private_bounds)]
impl<T, E: Pathed> FieldContext for Result<T, E> {
    #[inline(always)]
    fn at<C: Identifiable + ?Sized>(self, field: &'static str) -> Self {
        match self {
            Ok(value) => Ok(value),
            Err(e) => Err(e.in_field::<C>(field)),
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.kind)?;
        write_path(f, &self.0.path)
    }
}

impl core::error::Error for EncodeError {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn nested(levels: usize) -> DecodeError {
        let mut error = DecodeError::new(DecodeErrorKind::TrailingBytes { left: 1 }, 9);
        for n in 0..levels {
            error = error.within(PathSegment::Element(n));
        }
        error
    }

    #[test]
    fn a_deep_path_keeps_its_ends_and_counts_the_middle() {
        let short = nested(7).to_string();
        assert_eq!(
            short,
            "trailing bytes at byte 9 in element 6 > element 5 > element 4 > element 3 \
             > element 2 > element 1 > element 0: 1 byte after the object"
        );
        let deep = nested(64).to_string();
        assert_eq!(
            deep,
            "trailing bytes at byte 9 in element 63 > element 62 > element 61 \
             > … 58 more levels … > element 2 > element 1 > element 0: 1 byte after the object"
        );
        // The path itself keeps every level.
        assert_eq!(nested(64).path().count(), 64);
    }

    #[test]
    fn one_byte_is_singular() {
        let end = DecodeError::new(DecodeErrorKind::UnexpectedEnd { needed: 1, left: 0 }, 0);
        assert!(end.to_string().ends_with("need 1 byte, 0 left"), "{end}");
        let end = DecodeError::new(DecodeErrorKind::UnexpectedEnd { needed: 4, left: 1 }, 0);
        assert!(end.to_string().ends_with("need 4 bytes, 1 left"), "{end}");
        assert_eq!(
            EncodeErrorKind::UnalignedBody { len: 1 }.to_string(),
            "a body of 1 byte: TL values are whole 4-byte words"
        );
    }
}
