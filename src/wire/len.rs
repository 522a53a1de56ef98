//! [`Len`]: the sum generated `encoded_len` bodies add a value's fields up
//! in, which cannot overflow.
//!
//! Each field's length is bounded (a `bytes` by its 3-byte length form, a
//! vector by its `int` count), but their sum is not: a value may hold the
//! same 16 MiB slice hundreds of times by reference, and on a 32-bit target
//! its encoding is then longer than `usize` can count. A plain `+=` would
//! panic in a debug build and wrap in a release one, leaving the encoders a
//! wrong length to check the buffer against. `Len` saturates instead, and
//! [`total`](Len::total) refuses any length no buffer can have.

use core::ops::AddAssign;

use super::error::{EncodeError, EncodeErrorKind};

/// The most bytes an encoding may take: what a `Vec<u8>` can hold.
const MAX_ENCODED_LEN: usize = isize::MAX.unsigned_abs();

/// A value's encoded length, added up a field at a time, saturating.
///
/// ```
/// use tlwire::for_generated_code::wire::Len;
/// let mut len = Len::new(4);
/// len += 12;
/// assert_eq!(len.total().unwrap(), 16);
/// len += usize::MAX;
/// assert!(len.total().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Len(usize);

impl Len {
    /// The length of the fields whose size is fixed.
    #[inline]
    pub const fn new(fixed: usize) -> Self {
        Self(fixed)
    }

    /// Adds `bytes`, saturating: what `+=` does, for code that clippy's
    /// arithmetic lint holds to named calls.
    #[inline]
    pub fn add_len(&mut self, bytes: usize) {
        self.0 = self.0.saturating_add(bytes);
    }

    /// The sum, or [`EncodeErrorKind::ValueTooLarge`] when it is more than
    /// any buffer can hold (or more than `usize` counts).
    #[inline]
    pub fn total(self) -> Result<usize, EncodeError> {
        if self.0 > MAX_ENCODED_LEN {
            return Err(EncodeError::new(EncodeErrorKind::ValueTooLarge));
        }
        Ok(self.0)
    }
}

impl AddAssign<usize> for Len {
    #[inline]
    fn add_assign(&mut self, field: usize) {
        self.add_len(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_that_fit_are_exact() {
        let mut len = Len::new(8);
        len += 16_777_220;
        len += 0;
        assert_eq!(len.total(), Ok(16_777_228));
        assert_eq!(Len::new(MAX_ENCODED_LEN).total(), Ok(MAX_ENCODED_LEN));
    }

    #[test]
    fn sums_past_any_buffer_are_refused_not_wrapped() {
        let mut len = Len::new(MAX_ENCODED_LEN);
        len += 1;
        assert_eq!(
            len.total().map_err(|e| e.kind()),
            Err(EncodeErrorKind::ValueTooLarge)
        );
        // Past `usize` itself: saturated, not wrapped to a small length.
        let mut len = Len::new(usize::MAX);
        len += usize::MAX;
        len += 4;
        assert_eq!(
            len.total().map_err(|e| e.kind()),
            Err(EncodeErrorKind::ValueTooLarge)
        );
    }
}
