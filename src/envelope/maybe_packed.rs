//! Outgoing bodies packed as clients pack them: a body over a threshold
//! goes out as `gzip_packed` when that is shorter (feature `gzip`).

use alloc::vec::Vec;
use bytes::BufMut;

use crate::rpc::gzip;
use crate::types::GzipPacked;
use crate::wire::{Checked, Encode, EncodeError};

/// A body encoded once and, when it is longer than a threshold and its
/// `gzip_packed` form is shorter, packed: what goes into a container. The
/// server takes either form of any request.
///
/// ```
/// use tlwire::envelope::MaybePacked;
/// use tlwire::functions::auth::AcceptLoginToken;
///
/// let token = [7u8; 4096];
/// let large = MaybePacked::new(&AcceptLoginToken { token: &token }, MaybePacked::THRESHOLD)?;
/// assert!(large.is_packed());
/// let small = MaybePacked::new(&AcceptLoginToken { token: &[1, 2, 3] }, MaybePacked::THRESHOLD)?;
/// assert!(!small.is_packed());
/// # Ok::<(), tlwire::EncodeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaybePacked {
    bytes: Vec<u8>,
    packed: bool,
}

impl MaybePacked {
    /// The body length over which Telethon tries packing a request: 512
    /// bytes.
    pub const THRESHOLD: usize = 512;

    /// `body` encoded, then packed when it is over `threshold` bytes and
    /// packing makes it shorter.
    ///
    /// # Errors
    ///
    /// The first limit `body` breaks.
    pub fn new(body: &impl Encode, threshold: usize) -> Result<Self, EncodeError> {
        let plain = body.to_vec()?;
        if plain.len() <= threshold {
            return Ok(Self {
                bytes: plain,
                packed: false,
            });
        }
        let packed_data = gzip::deflate(&plain);
        let packed = GzipPacked {
            packed_data: &packed_data,
        };
        match packed.encoded_len() {
            Ok(len) if len < plain.len() => Ok(Self {
                bytes: packed.to_vec()?,
                packed: true,
            }),
            _ => Ok(Self {
                bytes: plain,
                packed: false,
            }),
        }
    }

    /// Whether the body went out packed.
    pub fn is_packed(&self) -> bool {
        self.packed
    }

    /// The bytes that go out: the body, or its `gzip_packed`.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl Encode for MaybePacked {
    fn encoded_len(&self) -> Result<usize, EncodeError> {
        Ok(self.bytes.len())
    }

    fn encode_raw<B: BufMut>(&self, buf: &mut B, _: Checked) {
        buf.put_slice(&self.bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::auth::AcceptLoginToken;
    use crate::wire::{DecodeOptions, Owned};

    /// What the receiving side makes of `body`: the request, owned.
    fn received(body: &MaybePacked) -> Owned<AcceptLoginToken<'static>> {
        crate::rpc::packed::decode_owned(
            bytes::Bytes::copy_from_slice(body.as_bytes()),
            DecodeOptions::strict(),
        )
        .unwrap()
    }

    #[test]
    fn packs_only_what_is_long_and_shrinks() {
        let repetitive = [7u8; 4096];
        // Bytes that do not compress: a simple generator's output.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        for (token, threshold, packed) in [
            (&repetitive[..], MaybePacked::THRESHOLD, true),
            (&repetitive[..], 8192, false),
            (&repetitive[..100], MaybePacked::THRESHOLD, false),
            (&noise[..], MaybePacked::THRESHOLD, false),
        ] {
            let request = AcceptLoginToken { token };
            let body = MaybePacked::new(&request, threshold).unwrap();
            assert_eq!(body.is_packed(), packed, "{} bytes", token.len());
            assert_eq!(body.to_vec().unwrap(), body.as_bytes());
            if packed {
                assert!(body.as_bytes().len() < request.encoded_len().unwrap());
            } else {
                assert_eq!(body.as_bytes(), request.to_vec().unwrap());
            }
            assert_eq!(received(&body).get().token, token);
        }
    }
}
