//! A body that is already bytes, sent as it is: one kept from an earlier
//! read, a retransmission, or a stack's own framing.

use bytes::BufMut;

use crate::wire::{Checked, Encode, EncodeError, EncodeErrorKind};

/// Bytes that already hold one encoded TL value, to put in a container or
/// anywhere an [`Encode`] goes.
///
/// ```
/// use tlwire::envelope::{encode_container, Container, Outgoing, RawBody};
///
/// let pong = tlwire::types::Pong { msg_id: 1, ping_id: 2 };
/// let kept = tlwire::Encode::to_vec(&pong)?;
/// let mut bytes = Vec::new();
/// encode_container(&[Outgoing::new(4 << 32, 2, &RawBody::new(&kept))], &mut bytes)?;
/// let message = Container::read(&bytes)?.next().unwrap()?;
/// assert_eq!(message.body, &kept[..]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawBody<'b>(&'b [u8]);

impl<'b> RawBody<'b> {
    /// The body `bytes`; their length is checked when the body is encoded.
    pub fn new(bytes: &'b [u8]) -> Self {
        Self(bytes)
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &'b [u8] {
        self.0
    }
}

impl Encode for RawBody<'_> {
    /// The length of the bytes, which must be a multiple of 4.
    fn encoded_len(&self) -> Result<usize, EncodeError> {
        let len = self.0.len();
        if !len.is_multiple_of(4) {
            return Err(EncodeError::new(EncodeErrorKind::UnalignedBody { len }));
        }
        Ok(len)
    }

    fn encode_raw<B: BufMut>(&self, buf: &mut B, _: Checked) {
        buf.put_slice(self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_its_bytes_and_refuses_a_partial_word() {
        assert_eq!(RawBody::new(&[1, 2, 3, 4]).to_vec().unwrap(), [1, 2, 3, 4]);
        assert_eq!(RawBody::new(&[]).to_vec().unwrap(), [0u8; 0]);
        let error = RawBody::new(&[1, 2, 3]).to_vec().unwrap_err();
        assert_eq!(error.kind(), EncodeErrorKind::UnalignedBody { len: 3 });
    }
}
