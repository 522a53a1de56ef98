//! The owned form of a decoded value: [`Owned`] keeps the input [`Bytes`],
//! checked once, and lends out the value borrowing from them, so a value can
//! outlive the caller's buffer while copying nothing. [`Borrowing`] names a
//! decoded type at every lifetime of its input, which is what lets `Owned`
//! hand out a value tied to its own buffer.

use alloc::boxed::Box;
use alloc::vec::Vec;
use bytes::Bytes;
use core::fmt;
use core::marker::PhantomData;

use super::decode::decode_with;
use super::error::{DecodeError, EncodeError};
use super::options::DecodeOptions;
use super::strings::TlStr;
use super::traits::{Decode, Encode};

/// A decoded type, named at every lifetime of the input it borrows from.
///
/// Generated code implements it for each type at `'static`
/// (`impl Borrowing for Authorization<'static> { type Of<'a> = Authorization<'a>; }`),
/// and tlwire for the primitives, `Vec` and `Box`.
pub trait Borrowing {
    /// The type borrowing from an input that lives for `'a`.
    type Of<'a>: Decode<'a>;
}

/// Why a value could not be copied into its [`Owned`] form.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The value breaks an encoding limit.
    #[error("cannot convert: {0}")]
    Encode(#[from] EncodeError),
    /// The encoded value did not decode back (it nests deeper than the
    /// default depth limit).
    #[error("cannot convert: {0}")]
    Decode(#[from] DecodeError),
}

/// A value of type `T` that owns its input: the [`Bytes`] it was decoded
/// from, checked once when the `Owned` was made. [`get`](Owned::get) lends
/// out the value borrowing from those bytes: no field is copied, and making
/// an `Owned` allocates nothing.
///
/// `get` decodes again each time it is called (the check cannot fail the
/// second time: same bytes, same options). Keep the value it returns while
/// you use it.
///
/// ```
/// use tlwire::{enums::Authorization, DecodeOptions, Owned};
/// let buf = bytes::Bytes::from(tlwire::sample::AUTHORIZATION.to_vec());
/// let owned: Owned<Authorization<'static>> = Owned::decode(buf, DecodeOptions::default())?;
/// let Authorization::Authorization(auth) = owned.get();
/// assert_eq!(auth.app_name, "Telegram Android");
/// // The string is a slice of the owned buffer.
/// assert!(owned.bytes().as_ptr_range().contains(&auth.app_name.as_bytes().as_ptr()));
/// # Ok::<(), tlwire::DecodeError>(())
/// ```
pub struct Owned<T: Borrowing> {
    buf: Bytes,
    options: DecodeOptions,
    value: PhantomData<fn() -> T>,
}

impl<T: Borrowing> Owned<T> {
    /// Checks that `buf` is one `T` (the whole of it) and keeps it.
    pub fn decode(buf: Bytes, options: DecodeOptions) -> Result<Self, DecodeError> {
        decode_with::<T::Of<'_>>(&buf, options)?;
        Ok(Self {
            buf,
            options,
            value: PhantomData,
        })
    }

    /// A copy of `value` in one new buffer: it is encoded once and checked
    /// as it decodes back.
    ///
    /// ```
    /// use tlwire::{decode, enums::Authorization, Owned};
    /// let buf = tlwire::sample::AUTHORIZATION.to_vec();
    /// let borrowed: Authorization<'_> = decode(&buf)?;
    /// let owned = Owned::<Authorization<'static>>::copy_of(&borrowed)?;
    /// drop(buf);
    /// assert_eq!(owned.get().constructor_id(), 0xad01d61d);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn copy_of(value: &impl Encode) -> Result<Self, ConvertError> {
        Ok(Self::decode(value.to_bytes()?, DecodeOptions::default())?)
    }

    /// The value, borrowing from this `Owned`'s bytes.
    pub fn get(&self) -> T::Of<'_> {
        match decode_with(&self.buf, self.options) {
            Ok(value) => value,
            // `decode` accepted these bytes with these options, and decoding
            // is a function of the two: this arm is unreachable.
            Err(e) => unreachable!("an Owned value no longer decodes: {e}"),
        }
    }

    /// The bytes the value was decoded from.
    pub fn bytes(&self) -> &Bytes {
        &self.buf
    }

    /// Gives back the bytes.
    pub fn into_bytes(self) -> Bytes {
        self.buf
    }
}

impl<T: Borrowing> Clone for Owned<T> {
    fn clone(&self) -> Self {
        Self {
            buf: self.buf.clone(),
            options: self.options,
            value: PhantomData,
        }
    }
}

impl<T: Borrowing> fmt::Debug for Owned<T>
where
    for<'a> T::Of<'a>: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Owned").field(&self.get()).finish()
    }
}

/// Equal when the values are, whatever bytes they came from.
impl<T: Borrowing> PartialEq for Owned<T>
where
    for<'a> T::Of<'a>: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

/// Encodes the value (the same bytes as the input when it was canonical).
impl<T: Borrowing> Encode for Owned<T>
where
    for<'a> T::Of<'a>: Encode,
{
    fn encoded_len(&self) -> Result<usize, EncodeError> {
        self.get().encoded_len()
    }

    fn encode_raw<B: bytes::BufMut>(&self, buf: &mut B, checked: super::traits::Checked) {
        self.get().encode_raw(buf, checked)
    }
}

/// Types that borrow nothing are themselves at every lifetime.
macro_rules! borrow_nothing {
    ($($ty:ty),*) => {$(
        impl Borrowing for $ty {
            type Of<'a> = $ty;
        }
    )*};
}

borrow_nothing!(i32, i64, f64, bool, [u8; 16], [u8; 32]);

impl Borrowing for TlStr<'static> {
    type Of<'a> = TlStr<'a>;
}

impl Borrowing for &'static [u8] {
    type Of<'a> = &'a [u8];
}

impl<T: Borrowing> Borrowing for Vec<T> {
    type Of<'a> = Vec<T::Of<'a>>;
}

impl<T: Borrowing> Borrowing for Box<T> {
    type Of<'a> = Box<T::Of<'a>>;
}
