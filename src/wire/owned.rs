//! The owned form of a decoded value: [`Owned`] keeps the value beside the
//! input [`Bytes`] it borrows from and the [`Arena`] its vectors and boxed
//! values live in, so it can outlive the caller's buffer while copying
//! nothing. [`Borrowing`] names a decoded type at every lifetime of its
//! input, and promises the covariance that makes lending the value out
//! sound.
//!
//! The `unsafe` here is two steps. A value decoded from `buf` into an arena
//! is stored with its lifetime erased to `'static`, and only ever handed
//! out re-borrowed for as long as `&self` (through [`Borrowing::shorten`]):
//! `Bytes` never moves or frees its data while a handle to it lives, an
//! arena never moves the memory of its values (moving the `Arena` moves
//! only its handle on them), and the value is dropped before both. And the
//! arena, which is not `Sync`, is shared between clones in a wrapper that
//! gives nothing out through a shared reference.
// The crate denies `unsafe`; this module is one of three allowed it, each
// block with its SAFETY comment and a test against the safe path, run
// under Miri in CI.
#![allow(unsafe_code)]

use alloc::sync::Arc;
use bytes::Bytes;
use core::fmt;
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};

use crate::wire::arena::Arena;
use crate::wire::decode::decode_continuing;
use crate::wire::error::{DecodeError, EncodeError};
use crate::wire::options::DecodeOptions;
use crate::wire::strings::TlStr;
use crate::wire::traits::{Checked, Decode, Encode};

/// A decoded type, named at every lifetime of the input it borrows from.
///
/// Generated code implements it for each type through [`borrowing!`](crate::borrowing)
/// (`Authorization<'static>`, whose `Of<'a>` is `Authorization<'a>`); tlwire
/// implements it for the primitives, `TlStr`, `&[u8]`, and slices of and
/// references to such types (boxed vectors and boxed values).
///
/// # Safety
///
/// `Of<'a>` must be one type at every `'a`, differing only in that lifetime,
/// and covariant in it; `shorten` must return `value` itself. [`Owned`]
/// relies on both to keep a value with its lifetime erased. The
/// [`borrowing!`](crate::borrowing) macro writes a sound implementation: its
/// `shorten` is `value`, which compiles only for a covariant type.
pub unsafe trait Borrowing {
    /// The type borrowing from an input that lives for `'a`.
    type Of<'a>: Decode<'a>;

    /// `value` at the shorter lifetime `'b`.
    fn shorten<'b, 'x: 'b>(value: &'b Self::Of<'x>) -> &'b Self::Of<'b>;
}

/// Implements [`Borrowing`] for a generated type: `borrowing!(Name<'a>)` for
/// a type with the input's lifetime, `borrowing!(Name)` for one without.
///
/// The implementation is sound by construction: `Of<'a>` is `Name<'a>`, and
/// `shorten` returns its argument, which compiles only if `Name` is
/// covariant in `'a`:
///
/// ```
/// struct Covariant<'a>(&'a [u8]);
/// impl<'a> tlwire::Decode<'a> for Covariant<'a> {
///     fn decode(r: &mut tlwire::Reader<'a>) -> Result<Self, tlwire::DecodeError> {
///         r.read_bytes().map(Self)
///     }
/// }
/// tlwire::borrowing!(Covariant<'a>);
/// ```
///
/// The same type made invariant by a `Cell` is refused:
///
/// ```compile_fail
/// struct Invariant<'a>(core::cell::Cell<&'a [u8]>);
/// impl<'a> tlwire::Decode<'a> for Invariant<'a> {
///     fn decode(r: &mut tlwire::Reader<'a>) -> Result<Self, tlwire::DecodeError> {
///         r.read_bytes().map(|b| Self(core::cell::Cell::new(b)))
///     }
/// }
/// tlwire::borrowing!(Invariant<'a>);
/// ```
///
/// And so is a type that keeps the reader (which an `Owned` could not keep
/// sound: the reader names the decode's arena, which the `Owned` moves):
///
/// ```compile_fail
/// struct KeepsReader<'a>(tlwire::Reader<'a>);
/// impl<'a> tlwire::Decode<'a> for KeepsReader<'a> {
///     fn decode(r: &mut tlwire::Reader<'a>) -> Result<Self, tlwire::DecodeError> {
///         let empty = tlwire::Reader::new(&[], Default::default());
///         Ok(Self(core::mem::replace(r, empty)))
///     }
/// }
/// tlwire::borrowing!(KeepsReader<'a>);
/// ```
#[macro_export]
macro_rules! borrowing {
    ($name:ident < $lt:lifetime >) => {
        // SAFETY: `Of<'a>` is `$name<'a>`, one type up to the lifetime, and
        // `shorten` returning `value` proves it covariant.
        #[allow(unsafe_code)]
        unsafe impl $crate::Borrowing for $name<'static> {
            type Of<$lt> = $name<$lt>;
            #[inline(always)]
            fn shorten<'b, 'x: 'b>(value: &'b Self::Of<'x>) -> &'b Self::Of<'b> {
                value
            }
        }
    };
    ($name:ty) => {
        // SAFETY: `Of<'a>` is `$name` at every lifetime: it borrows nothing.
        #[allow(unsafe_code)]
        unsafe impl $crate::Borrowing for $name {
            type Of<'a> = $name;
            #[inline(always)]
            fn shorten<'b, 'x: 'b>(value: &'b Self::Of<'x>) -> &'b Self::Of<'b> {
                value
            }
        }
    };
}

crate::borrowing!(i32);
crate::borrowing!(i64);
crate::borrowing!(f64);
crate::borrowing!(bool);
crate::borrowing!([u8; 16]);
crate::borrowing!([u8; 32]);
crate::borrowing!(TlStr<'a>);

// SAFETY: `Of<'a>` is `&'a [u8]`, covariant, as `shorten` returning `value` proves.
unsafe impl Borrowing for &'static [u8] {
    type Of<'a> = &'a [u8];
    #[inline(always)]
    fn shorten<'b, 'x: 'b>(value: &'b Self::Of<'x>) -> &'b Self::Of<'b> {
        value
    }
}

// SAFETY: `Of<'a>` is `&'a [T::Of<'a>]`, one type up to `'a` and covariant
// in it, because `T::Of<'a>` is (`T`'s own contract) and so are shared
// references and slices.
unsafe impl<T: Borrowing + 'static> Borrowing for &'static [T] {
    type Of<'a> = &'a [T::Of<'a>];
    #[inline(always)]
    fn shorten<'b, 'x: 'b>(value: &'b Self::Of<'x>) -> &'b Self::Of<'b> {
        // SAFETY: the covariance above, which the compiler cannot see
        // through the projection `T::Of`: the same value, shorter-lived.
        unsafe { &*(value as *const Self::Of<'x>).cast::<Self::Of<'b>>() }
    }
}

// SAFETY: as for slices: `&'a T::Of<'a>` is covariant in `'a`.
unsafe impl<T: Borrowing + 'static> Borrowing for &'static T {
    type Of<'a> = &'a T::Of<'a>;
    #[inline(always)]
    fn shorten<'b, 'x: 'b>(value: &'b Self::Of<'x>) -> &'b Self::Of<'b> {
        // SAFETY: as for slices.
        unsafe { &*(value as *const Self::Of<'x>).cast::<Self::Of<'b>>() }
    }
}

/// `value` with its lifetime erased.
///
/// # Safety
///
/// The caller keeps what `value` borrows alive, unmoved, for as long as the
/// result lives, and hands the result out only through
/// [`Borrowing::shorten`] for no longer than that.
#[inline(always)]
unsafe fn erase<T: Borrowing>(value: T::Of<'_>) -> T::Of<'static> {
    let value = ManuallyDrop::new(value);
    // SAFETY: `Of<'_>` and `Of<'static>` are one type up to the lifetime
    // (the `Borrowing` contract), so one layout; `value` is not dropped, so
    // the read moves it.
    unsafe { core::ptr::read((&*value as *const T::Of<'_>).cast::<T::Of<'static>>()) }
}

/// Why a value could not be copied into its [`Owned`] form. The error of
/// the step that failed is its [`source`](core::error::Error::source), so a
/// report that walks the chain prints each once.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The value breaks an encoding limit.
    #[error("cannot copy the value into its owned form: it does not encode")]
    Encode(#[from] EncodeError),
    /// The encoded value did not decode back (it nests deeper than the
    /// default depth limit).
    #[error("cannot copy the value into its owned form: its encoding does not decode back")]
    Decode(#[from] DecodeError),
}

/// A decoded value of type `T` kept with its input: the [`Bytes`] it was
/// decoded from, which its `bytes` and `string` fields still borrow, and
/// the [`Arena`] its vectors and boxed values were made in (none for a
/// value without them). Nothing is copied: making one costs the decode, one
/// reference count, and, if the value has vectors or boxed values, the
/// arena's chunks and one allocation to share them between clones; and
/// [`get`](Owned::get) lends the value out for free.
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
    // Always initialised; `MaybeUninit` only so that the references inside
    // are not asserted live while `Owned` itself is passed around: dropping
    // an `Owned` frees `buf` while they still exist (what `MaybeDangling`
    // will say; yoke's `KindaSortaDangling` does the same). `Drop` drops it
    // before `buf`.
    value: MaybeUninit<T::Of<'static>>,
    /// Shared by clones; dropped after the value, like `buf`.
    arena: Option<Arc<Kept>>,
    buf: Bytes,
}

/// The arena of an [`Owned`] value, kept only to be dropped after it.
struct Kept(#[allow(dead_code)] Arena);

// SAFETY: nothing reads or writes a `Kept` through a shared reference (it
// has no methods, and its field is private): sharing `&Kept` between
// threads shares no access to the arena. The values in it are read through
// the `Owned`'s value, which is `Sync` on its own terms.
unsafe impl Sync for Kept {}

impl<T: Borrowing> Owned<T> {
    /// Decodes one `T` from the whole of `buf` and keeps both.
    pub fn decode(buf: Bytes, options: DecodeOptions) -> Result<Self, DecodeError> {
        Self::decode_continuing(buf, options, 0)
    }

    /// [`Self::decode`] of data inside a larger decode that has spent
    /// `spent` of the budget `options` carry.
    pub(crate) fn decode_continuing(
        buf: Bytes,
        options: DecodeOptions,
        spent: usize,
    ) -> Result<Self, DecodeError> {
        let arena = Arena::new();
        let value = decode_continuing::<T::Of<'_>>(&buf, &arena, options, spent)?;
        // SAFETY: `value` borrows from `buf`'s data and the arena's memory,
        // which the `Owned` keeps (neither moves) and which outlive it
        // (`Drop`, then field order); `get` hands it out only through
        // `shorten`, for the borrow of `self`.
        let value = unsafe { erase::<T>(value) };
        // An arena the decode never used holds no memory: no need to keep it.
        let arena = (arena.allocated_bytes() > 0).then(|| Arc::new(Kept(arena)));
        Ok(Self {
            value: MaybeUninit::new(value),
            arena,
            buf,
        })
    }

    /// A copy of `value` in one new buffer: it is encoded once and decoded
    /// back from that buffer.
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
        // The value is already in memory: decoding its copy allocates what
        // it did, however small its encoding, so no budget applies.
        let options = DecodeOptions::default().with_max_alloc(usize::MAX);
        Ok(Self::decode(value.to_bytes()?, options)?)
    }

    /// The value, borrowing from this `Owned`'s bytes.
    #[inline]
    pub fn get(&self) -> &T::Of<'_> {
        // SAFETY: `value` is initialised from construction until `drop`.
        T::shorten(unsafe { self.value.assume_init_ref() })
    }

    /// The part of the value that `pick` takes from it, kept with the same
    /// bytes and arena: nothing is copied or decoded again, and the part
    /// outlives this handle (an answer's one message, a result's object).
    /// `None` when `pick` finds nothing, the value then dropped.
    ///
    /// `pick` takes the value by value, at a lifetime it cannot name: what
    /// it returns can hold only what the value borrowed (the bytes and the
    /// arena, which the part keeps) and what it owned. Its second argument
    /// only names that lifetime for the compiler (as in yoke's
    /// `map_project`).
    ///
    /// ```
    /// use tlwire::{enums, types, DecodeOptions, Owned};
    /// // future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt>
    /// let mut buf = vec![0x95, 0x08, 0x50, 0xae, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0];
    /// for salt in [7u8, 8] {
    ///     buf.extend_from_slice(&[10, 0, 0, 0, 20, 0, 0, 0, salt, 0, 0, 0, 0, 0, 0, 0]);
    /// }
    /// let salts: Owned<types::FutureSalts<'static>> =
    ///     Owned::decode(buf.into(), DecodeOptions::strict())?;
    /// let last: Owned<&'static types::FutureSalt> =
    ///     salts.narrow(|salts, _| salts.salts.last()).unwrap();
    /// assert_eq!(last.get().salt, 8);
    /// # Ok::<(), tlwire::DecodeError>(())
    /// ```
    ///
    /// A part of the value's own memory cannot be taken (the value dies in
    /// `pick`), nor can the value leave `pick` another way:
    ///
    /// ```compile_fail
    /// # use tlwire::{types, Owned};
    /// # fn f(salts: Owned<types::FutureSalts<'static>>) {
    /// let id: Option<Owned<&'static i64>> = salts.narrow(|salts, _| Some(&salts.req_msg_id));
    /// # }
    /// ```
    ///
    /// ```compile_fail
    /// # use tlwire::{types, Owned};
    /// # fn f(salts: Owned<types::FutureSalts<'static>>) {
    /// let mut kept = None;
    /// let _ = salts.narrow::<i64>(|salts, _| {
    ///     kept = Some(salts);
    ///     None
    /// });
    /// # }
    /// ```
    pub fn narrow<U: Borrowing>(
        self,
        pick: impl for<'a> FnOnce(T::Of<'a>, PhantomData<&'a ()>) -> Option<U::Of<'a>>,
    ) -> Option<Owned<U>> {
        let this = ManuallyDrop::new(self);
        // SAFETY: `this` is never used again, so the value, the arena handle
        // and the bytes are each moved out once; the value is initialised
        // from construction on.
        let (value, arena, buf) = unsafe {
            (
                this.value.assume_init_read(),
                core::ptr::read(&this.arena),
                core::ptr::read(&this.buf),
            )
        };
        // `pick` cannot name the lifetime, so the part can borrow only what
        // the value borrowed: `buf`'s data and the arena, both kept below.
        // A part borrowing from the value itself would need the value to
        // outlive the call, and `pick` owns it. The value, or what is left
        // of it, is dropped inside `pick`, before `arena` and `buf`.
        let part = pick(value, PhantomData)?;
        // SAFETY: as in `decode`: the part borrows from `buf` and `arena`,
        // which the new `Owned` keeps, unmoved, and drops after it.
        let part = unsafe { erase::<U>(part) };
        Some(Owned {
            value: MaybeUninit::new(part),
            arena,
            buf,
        })
    }

    /// The bytes the value was decoded from.
    pub fn bytes(&self) -> &Bytes {
        &self.buf
    }

    /// Drops the value (and its arena) and gives back the bytes.
    pub fn into_bytes(self) -> Bytes {
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never used again, so the value is dropped once
        // and `buf` is moved out once.
        unsafe {
            this.value.assume_init_drop();
            drop(core::ptr::read(&this.arena));
            core::ptr::read(&this.buf)
        }
    }
}

impl<T: Borrowing> Drop for Owned<T> {
    fn drop(&mut self) {
        // SAFETY: initialised since construction and dropped only here;
        // `arena` and `buf`, which it borrows from, are dropped after this.
        unsafe { self.value.assume_init_drop() }
    }
}

impl<T: Borrowing> Clone for Owned<T>
where
    for<'a> T::Of<'a>: Clone,
{
    fn clone(&self) -> Self {
        // A clone made at the lifetime of `&self` can only borrow what the
        // value borrows: `buf`'s data and the arena, which the new handles
        // keep too.
        let value = self.get().clone();
        // SAFETY: as in `decode`, with `buf` and `arena` the clone's own
        // handles.
        let value = unsafe { erase::<T>(value) };
        Self {
            value: MaybeUninit::new(value),
            arena: self.arena.clone(),
            buf: self.buf.clone(),
        }
    }
}

impl<T: Borrowing> fmt::Debug for Owned<T>
where
    for<'a> T::Of<'a>: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Owned").field(self.get()).finish()
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

    fn encode_raw<B: bytes::BufMut>(&self, buf: &mut B, checked: Checked) {
        self.get().encode_raw(buf, checked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{enums, sample};

    /// A report that walks the chain prints the failed step's error once:
    /// as the source, not again in the message.
    #[test]
    fn a_convert_error_chains_its_cause_once() {
        use core::error::Error as _;
        let cause = EncodeError::new(crate::EncodeErrorKind::FlagConflict { bit: 3 });
        let error = ConvertError::from(cause.clone());
        let shown = alloc::string::ToString::to_string(&error);
        assert!(shown.starts_with("cannot copy the value"), "{shown}");
        assert!(!shown.contains("flag bit 3"), "{shown}");
        let source = error.source().map(alloc::string::ToString::to_string);
        assert_eq!(source, Some(alloc::string::ToString::to_string(&cause)));
    }

    /// The value outlives every other handle on its bytes, clones share
    /// them, and vectors of borrowed values shorten too (run under Miri).
    #[test]
    fn values_outlive_the_callers_handles() {
        let buf = Bytes::from(sample::AUTHORIZATION.to_vec());
        let owned = Owned::<enums::Authorization<'static>>::decode(buf, DecodeOptions::strict())
            .expect("the sample decodes");
        let copy = owned.clone();
        drop(owned);
        let enums::Authorization::Authorization(auth) = copy.get();
        assert_eq!(auth.region, "North Holland");
        assert!(copy
            .bytes()
            .as_ptr_range()
            .contains(&auth.region.as_bytes().as_ptr()));
        assert_eq!(copy.to_vec().expect("encodes"), sample::AUTHORIZATION);
        assert_eq!(copy.into_bytes(), sample::AUTHORIZATION);

        let mut names = alloc::vec![0x15, 0xc4, 0xb5, 0x1c, 2, 0, 0, 0];
        names.extend_from_slice(&[1, b'a', 0, 0, 2, b'b', b'c', 0]);
        let owned = Owned::<&[TlStr<'static>]>::decode(Bytes::from(names), Default::default())
            .expect("a vector of strings decodes");
        let again = owned.clone();
        drop(owned);
        assert_eq!(*again.get(), ["a", "bc"]);
    }

    /// A part narrowed out of an owned value keeps its bytes and arena:
    /// it outlives the value's handle and every clone, with nothing copied
    /// (run under Miri).
    #[test]
    fn a_narrowed_part_outlives_the_whole() {
        use crate::types::{FutureSalt, FutureSalts};
        let mut buf = alloc::vec![0x95, 0x08, 0x50, 0xae, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0];
        buf.extend_from_slice(&[3, 0, 0, 0]);
        for salt in [7u8, 8, 9] {
            buf.extend_from_slice(&[10, 0, 0, 0, 20, 0, 0, 0, salt, 0, 0, 0, 0, 0, 0, 0]);
        }
        let whole =
            Owned::<FutureSalts<'static>>::decode(Bytes::from(buf), DecodeOptions::strict())
                .expect("future_salts decodes");
        let in_arena = whole.get().salts.as_ptr();
        let copy = whole.clone();
        let second = whole
            .narrow::<&'static FutureSalt>(|salts, _| salts.salts.get(1))
            .expect("a second salt");
        assert!(core::ptr::eq(*second.get(), in_arena.wrapping_add(1)));
        drop(copy);
        assert_eq!(second.get().salt, 8);
        let again = second.clone();
        drop(second);
        assert_eq!(again.get().valid_until, 20);
        // Narrowed again, to a plain value, and to nothing.
        let salt = again
            .clone()
            .narrow::<i64>(|s, _| Some(s.salt))
            .expect("a salt");
        assert_eq!(*salt.get(), 8);
        assert!(again.narrow::<i64>(|_, _| None).is_none());
    }

    /// An `rpc_result` narrowed to its result: a boxed value in the arena.
    #[test]
    fn a_result_narrows_out_of_its_rpc_result() {
        let mut buf = alloc::vec![0x01, 0x6d, 0x5c, 0xf3, 5, 0, 0, 0, 0, 0, 0, 0];
        buf.extend_from_slice(sample::AUTHORIZATION);
        let answer = Owned::<crate::types::RpcResult<'static>>::decode(
            Bytes::from(buf),
            DecodeOptions::strict(),
        )
        .expect("an rpc_result decodes");
        let result = answer
            .narrow::<&'static enums::Object<'static>>(|r, _| Some(r.result))
            .expect("the result");
        assert_eq!(result.get().tl_name(), "authorization");
        assert_eq!(
            result.get().to_vec().expect("encodes"),
            sample::AUTHORIZATION
        );
    }

    /// Passing an `Owned` by value and dropping it there frees the bytes
    /// while the value's references still exist: under Miri this is
    /// undefined behaviour unless the value is hidden from its retagging.
    #[test]
    fn owned_values_drop_wherever_they_are_moved() {
        fn consume<T>(value: T) -> usize {
            let size = core::mem::size_of_val(&value);
            drop(value);
            size
        }
        let mut request = alloc::vec![0x4d, 0xad, 0x94, 0xe8, 3, 1, 2, 3];
        let owned = Owned::<crate::functions::auth::AcceptLoginToken<'static>>::decode(
            Bytes::from(request.clone()),
            DecodeOptions::strict(),
        )
        .expect("the request decodes");
        assert_eq!(owned.get().token, [1, 2, 3]);
        assert!(consume(owned) > 0);
        let owned =
            Owned::<&'static [u8]>::decode(Bytes::from(request.split_off(4)), Default::default())
                .expect("bytes decode");
        assert_eq!(*owned.get(), [1, 2, 3]);
        assert_eq!(consume(owned.clone().into_bytes()), 32);
        assert!(consume(owned) > 0);
    }

    #[test]
    fn refusals_are_the_borrowed_decodes() {
        let cut = &sample::AUTHORIZATION[..31];
        let owned = Owned::<enums::Authorization<'static>>::decode(
            Bytes::copy_from_slice(cut),
            DecodeOptions::default(),
        );
        let borrowed = crate::decode::<enums::Authorization<'_>>(cut);
        assert_eq!(owned.err(), borrowed.err());
    }
}
