//! `message msg_id:long seqno:int bytes:int body:Object`: a body with its
//! id, sequence number and length, the length read by hand.

use super::{i32_at, i64_at, u32_at, EnvelopeError, EnvelopeErrorKind};
use crate::wire::{decode_in, Arena, Decode, DecodeError, DecodeOptions};

/// The header of a message: `msg_id`, `seqno` and `bytes`.
pub(super) const HEADER: usize = 16;

/// One message, its body not decoded: a slice of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message<'a> {
    /// The message id.
    pub msg_id: i64,
    /// The sequence number.
    pub seqno: i32,
    /// The body, exactly `bytes` long.
    pub body: &'a [u8],
}

impl<'a> Message<'a> {
    /// Reads one message from the front of `buf`: the message and the bytes
    /// it took. `offset` is where `buf` starts in the caller's input, for
    /// errors; `index` the message's place in its container.
    pub(super) fn read_at(
        buf: &'a [u8],
        offset: usize,
        index: Option<usize>,
    ) -> Result<(Self, usize), EnvelopeError> {
        let error = |kind| EnvelopeError::new(kind, offset, index);
        let (Some(msg_id), Some(seqno), Some(len)) =
            (i64_at(buf, 0), i32_at(buf, 8), i32_at(buf, 12))
        else {
            return Err(error(EnvelopeErrorKind::Truncated {
                needed: HEADER,
                left: buf.len(),
            }));
        };
        let left = buf.len().saturating_sub(HEADER);
        let body = usize::try_from(len)
            .ok()
            .filter(|n| n % 4 == 0)
            .and_then(|n| buf.get(HEADER..HEADER.checked_add(n)?))
            .ok_or_else(|| error(EnvelopeErrorKind::BodyLength { len, left }))?;
        let message = Self {
            msg_id,
            seqno,
            body,
        };
        Ok((message, HEADER.saturating_add(body.len())))
    }

    /// Reads one message from the front of `buf` and the bytes it took.
    ///
    /// # Errors
    ///
    /// A header cut short, or a body length that is negative, not a
    /// multiple of 4, or beyond the end of `buf`.
    pub fn read(buf: &'a [u8]) -> Result<(Self, usize), EnvelopeError> {
        Self::read_at(buf, 0, None)
    }

    /// The constructor id the body starts with, if it has four bytes.
    pub fn body_id(&self) -> Option<u32> {
        u32_at(self.body, 0)
    }

    /// Decodes the whole body as `T`, vectors and large values in `arena`.
    ///
    /// # Errors
    ///
    /// Whatever decoding the body as `T` finds; offsets are in the body.
    pub fn decode<T: Decode<'a>>(
        &self,
        arena: &'a Arena,
        options: DecodeOptions,
    ) -> Result<T, DecodeError> {
        decode_in(self.body, arena, options)
    }
}
