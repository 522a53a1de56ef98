//! What can be wrong with the envelope itself: a container or message whose
//! lengths do not add up. A body that does not decode is not an envelope
//! error: it is the caller's [`DecodeError`](crate::DecodeError) for that
//! one message.

use crate::wire::ByteCount;

/// What is wrong, where, and in which message of a container.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at byte {offset}{}", message_note(*.message))]
#[non_exhaustive]
pub struct EnvelopeError {
    /// What is wrong.
    pub kind: EnvelopeErrorKind,
    /// The 0-based byte offset, in the buffer given to the reader, of the
    /// item that is wrong.
    pub offset: usize,
    /// The 0-based index of the message in its container, when the error
    /// is in one.
    pub message: Option<usize>,
}

/// Why a message's length is refused, in words.
fn body_length(len: i32, left: usize) -> alloc::string::String {
    if len < 0 {
        alloc::string::String::from("is negative")
    } else if len % 4 != 0 {
        alloc::string::String::from("is not a multiple of 4")
    } else {
        alloc::format!("is past the end: {} left", ByteCount(left))
    }
}

fn message_note(message: Option<usize>) -> alloc::string::String {
    message.map_or_else(alloc::string::String::new, |i| {
        alloc::format!(", in message {i}")
    })
}

/// The kinds of [`EnvelopeError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeErrorKind {
    /// The input ends inside a header: `needed` bytes, `left` there.
    #[error("truncated header: {} needed, {left} left", ByteCount(*.needed))]
    Truncated {
        /// Bytes the header needs.
        needed: usize,
        /// Bytes left.
        left: usize,
    },
    /// Not the constructor this reader reads.
    #[error("constructor {found:#010x} where {expected} was expected")]
    UnexpectedConstructor {
        /// The id found.
        found: u32,
        /// The schema name expected.
        expected: &'static str,
    },
    /// A message's `bytes` is negative, not a multiple of 4, or beyond
    /// the end of its container or buffer.
    #[error("message body length {len} {}", body_length(*.len, *.left))]
    BodyLength {
        /// The length the message declares.
        len: i32,
        /// Bytes left after its header.
        left: usize,
    },
    /// A container counts more messages than its bytes could hold (a
    /// message is at least 16 bytes).
    #[error("container of {count} messages in {}", ByteCount(*.left))]
    TooManyMessages {
        /// The count it declares.
        count: u32,
        /// Bytes left after the count.
        left: usize,
    },
    /// Bytes after the last message of a container, or after the message
    /// of a `msg_copy`.
    #[error("{} after the last message", ByteCount(*.left))]
    TrailingBytes {
        /// Bytes left over.
        left: usize,
    },
}

impl EnvelopeError {
    #[cold]
    pub(super) fn new(kind: EnvelopeErrorKind, offset: usize, message: Option<usize>) -> Self {
        Self {
            kind,
            offset,
            message,
        }
    }
}
