//! `msg_copy#e06046b2 orig_message:Message = MessageCopy`: a message sent
//! again inside another, its own header and length intact.

use super::message::Message;
use super::{u32_at, EnvelopeError, EnvelopeErrorKind};
use crate::wire::ids::MSG_COPY;

/// The `msg_copy` reader: the original message a body carries.
#[derive(Clone, Copy, Debug)]
pub struct MsgCopy;

impl MsgCopy {
    /// Reads the original message from the boxed `msg_copy` in `body`;
    /// its body is a slice of `body`, decoded on request like any other.
    ///
    /// ```
    /// use tlwire::envelope::MsgCopy;
    ///
    /// // msg_copy#e06046b2, then a message: msg_id, seqno, bytes, body.
    /// let pong = tlwire::Encode::to_vec(&tlwire::types::Pong { msg_id: 1, ping_id: 2 })?;
    /// let mut body = 0xe060_46b2u32.to_le_bytes().to_vec();
    /// body.extend_from_slice(&(9i64 << 32 | 1).to_le_bytes());
    /// body.extend_from_slice(&4i32.to_le_bytes());
    /// body.extend_from_slice(&(pong.len() as i32).to_le_bytes());
    /// body.extend_from_slice(&pong);
    ///
    /// let original = MsgCopy::read(&body)?;
    /// assert_eq!((original.msg_id, original.seqno), (9 << 32 | 1, 4));
    /// assert_eq!(original.body, &pong[..]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Another constructor, the message's header cut short or its length
    /// not fitting (offsets in `body`), or bytes after the message.
    pub fn read(body: &[u8]) -> Result<Message<'_>, EnvelopeError> {
        let error = |kind, offset| EnvelopeError::new(kind, offset, None);
        match u32_at(body, 0) {
            Some(MSG_COPY) => {}
            Some(found) => {
                let kind = EnvelopeErrorKind::UnexpectedConstructor {
                    found,
                    expected: "msg_copy",
                };
                return Err(error(kind, 0));
            }
            None => {
                let kind = EnvelopeErrorKind::Truncated {
                    needed: 4,
                    left: body.len(),
                };
                return Err(error(kind, 0));
            }
        }
        let rest = body.get(4..).unwrap_or_default();
        let (message, took) = Message::read_at(rest, 4, None)?;
        let left = rest.len().saturating_sub(took);
        if left > 0 {
            let at = took.saturating_add(4);
            return Err(error(EnvelopeErrorKind::TrailingBytes { left }, at));
        }
        Ok(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `msg_copy` of a message with `body`.
    fn copy_of(body: &[u8]) -> alloc::vec::Vec<u8> {
        let mut out = MSG_COPY.to_le_bytes().to_vec();
        out.extend_from_slice(&7i64.to_le_bytes());
        out.extend_from_slice(&3i32.to_le_bytes());
        out.extend_from_slice(&(body.len() as i32).to_le_bytes());
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn reads_the_original_and_refuses_what_does_not_fit() {
        let copy = copy_of(&[1, 2, 3, 4]);
        let original = MsgCopy::read(&copy).unwrap();
        assert_eq!((original.msg_id, original.seqno), (7, 3));
        assert_eq!(original.body, [1, 2, 3, 4]);

        let mut longer = copy.clone();
        longer.extend_from_slice(&[0; 4]);
        let error = MsgCopy::read(&longer).unwrap_err();
        assert_eq!(error.kind, EnvelopeErrorKind::TrailingBytes { left: 4 });
        assert_eq!(error.offset, copy.len());

        let mut other = copy.clone();
        other[0] ^= 1;
        let error = MsgCopy::read(&other).unwrap_err();
        assert!(matches!(
            error.kind,
            EnvelopeErrorKind::UnexpectedConstructor { .. }
        ));
        for end in 0..copy.len() {
            let error = MsgCopy::read(&copy[..end]).unwrap_err();
            assert!(
                matches!(
                    error.kind,
                    EnvelopeErrorKind::Truncated { .. } | EnvelopeErrorKind::BodyLength { .. }
                ),
                "{end}: {error}"
            );
        }
    }
}
