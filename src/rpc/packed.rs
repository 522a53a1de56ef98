//! `gzip_packed#3072cfa1 packed_data:bytes = Object`: one layer inflated
//! within the decode's budget, for the response pipeline and for any body
//! a stack asks for owned ([`decode_owned`]).
//!
//! The inflated bytes are charged to the budget of the decode they are
//! part of, and what is decoded from them goes on spending that same
//! budget, so a packed body costs no more than the input justifies
//! however many layers it has.

use bytes::Bytes;

use crate::types;
use crate::wire::{
    Borrowing, DecodeError, DecodeErrorKind, DecodeOptions, FieldContext, Identifiable,
};
use crate::wire::{Limit, Owned, PathSegment, Reader};

/// `gzip_packed`'s id, from the generated type (checked against its line).
pub(crate) const GZIP_PACKED: u32 = <types::GzipPacked<'static> as Identifiable>::CONSTRUCTOR_ID;

/// One layer inflated, and how decoding what it holds goes on.
pub(crate) struct Layer {
    /// The inflated bytes.
    pub data: Bytes,
    /// The options for what is inside: the whole decode's budget.
    pub options: DecodeOptions,
    /// What the decode has spent of that budget, the inflated bytes included.
    pub spent: usize,
}

/// Reads the `gzip_packed` at `r` (`depth` 1 for the outermost) and
/// inflates it, paying for the inflated bytes from `r`'s budget.
pub(crate) fn inflate_layer(r: &mut Reader<'_>, depth: u32) -> Result<Layer, DecodeError> {
    let options = *r.options();
    let start = r.position();
    r.expect_id(GZIP_PACKED, "Object")?;
    // Strict mode takes one layer only: no peer packs twice.
    if depth > 1 && options.is_strict() {
        return Err(DecodeError::new(
            DecodeErrorKind::NonCanonicalGzip("gzip_packed inside gzip_packed"),
            start,
        ));
    }
    if depth > options.max_packed_depth() {
        let limit = Limit::PackedDepth(options.max_packed_depth());
        return Err(DecodeError::new(
            DecodeErrorKind::LimitExceeded { limit },
            start,
        ));
    }
    type Packed<'p> = types::GzipPacked<'p>;
    let data_at = r.position();
    let data = r.read_bytes().at::<Packed<'_>>("packed_data")?;
    let inflated = inflate(
        data,
        options.max_inflated_len(),
        r.budget_left(),
        options.is_strict(),
    )
    .map_err(|kind| match kind {
        // Named by the whole decode's budget, as every limit error is.
        DecodeErrorKind::LimitExceeded {
            limit: Limit::Allocation(_),
        } => DecodeErrorKind::LimitExceeded {
            limit: Limit::Allocation(r.alloc_budget()),
        },
        kind => kind,
    })
    .map_err(|kind| DecodeError::new(kind, data_at))
    .at::<Packed<'_>>("packed_data")?;
    // Charged at every buffer the output was given, kept or outgrown,
    // which `inflate` kept within the budget left.
    r.charge(inflated.allocated)
        .map_err(|e| DecodeError::new(e.kind(), data_at))
        .at::<Packed<'_>>("packed_data")?;
    // What is inside goes on spending this decode's budget, so a limit
    // error anywhere names the budget of the whole input.
    Ok(Layer {
        data: Bytes::from(inflated.data),
        options: options.with_max_alloc(r.alloc_budget()),
        spent: r.spent(),
    })
}

/// An error found in inflated bytes, placed inside them.
pub(crate) fn inside(error: DecodeError) -> DecodeError {
    error.within(PathSegment::Inner("inflated"))
}

/// Decodes one `T` from the whole of `buf`, inflating it first when it is
/// `gzip_packed` (layers as the options allow): the value owns `buf`, or
/// the inflated bytes, without a copy of either.
pub(crate) fn decode_owned<T: Borrowing>(
    buf: Bytes,
    options: DecodeOptions,
) -> Result<Owned<T>, DecodeError> {
    let mut r = Reader::new(&buf, options);
    if r.peek_u32() != Some(GZIP_PACKED) {
        return Owned::decode(buf, options);
    }
    let owned = owned_in_layer::<T>(&mut r, 1)?;
    r.expect_end()?;
    Ok(owned)
}

/// Inflates the `gzip_packed` at `r` and decodes what it holds as `T`.
fn owned_in_layer<T: Borrowing>(r: &mut Reader<'_>, depth: u32) -> Result<Owned<T>, DecodeError> {
    let layer = inflate_layer(r, depth)?;
    let mut inner = Reader::continuing(&layer.data, layer.options, layer.spent);
    let owned = if inner.peek_u32() == Some(GZIP_PACKED) {
        owned_in_layer::<T>(&mut inner, depth.saturating_add(1))
            .and_then(|owned| inner.expect_end().map(|()| owned))
    } else {
        // The value takes the buffer itself: no second handle on it.
        let (data, options, spent) = (layer.data.clone(), layer.options, layer.spent);
        Owned::decode_continuing(data, options, spent)
    };
    owned
        .map_err(inside)
        .at::<types::GzipPacked<'_>>("packed_data")
}

#[cfg(feature = "gzip")]
use super::gzip::inflate;

/// Without the `gzip` feature: what an inflated stream would be.
#[cfg(not(feature = "gzip"))]
struct Inflated {
    data: alloc::vec::Vec<u8>,
    allocated: usize,
}

#[cfg(not(feature = "gzip"))]
fn inflate(_: &[u8], _: usize, _: usize, _: bool) -> Result<Inflated, DecodeErrorKind> {
    Err(DecodeErrorKind::Unsupported(
        "gzip_packed (enable the `gzip` feature)",
    ))
}
