//! Vector reads: the count checked against the bytes left, the storage
//! charged to the allocation budget and made in the arena in one piece,
//! before the first element is read.

use super::{over_budget, Reader};
use crate::wire::error::{DecodeError, DecodeErrorKind, PathSegment};
use crate::wire::ids;

impl<'a> Reader<'a> {
    /// Reads a vector count and checks that `count` elements of at least
    /// `min_len` bytes each fit in what is left. `at` is where the vector starts.
    #[inline]
    pub fn read_count(&mut self, min_len: usize, at: usize) -> Result<usize, DecodeError> {
        let count = self.read_int()?;
        let count = usize::try_from(count)
            .map_err(|_| DecodeError::new(DecodeErrorKind::NegativeCount { count }, at))?;
        let needed = count.saturating_mul(min_len);
        if needed > self.remaining() {
            return Err(DecodeError::new(
                DecodeErrorKind::UnexpectedEnd {
                    needed: needed.saturating_add(self.position().saturating_sub(at)),
                    left: self
                        .remaining()
                        .saturating_add(self.position().saturating_sub(at)),
                },
                at,
            ));
        }
        Ok(count)
    }

    /// Reads a bare `vector<T>`: a count, then the elements, each read by
    /// `element` and taking at least `min_len` bytes.
    #[inline]
    pub fn read_bare_vector<T: 'a>(
        &mut self,
        min_len: usize,
        element: impl FnMut(&mut Reader<'a>) -> Result<T, DecodeError>,
    ) -> Result<&'a [T], DecodeError> {
        let at = self.position();
        read_elements(self, min_len, at, element)
    }

    /// Reads a boxed `Vector<T>`: `vector#1cb5c415`, a count, the elements.
    #[inline]
    pub fn read_vector<T: 'a>(
        &mut self,
        min_len: usize,
        element: impl FnMut(&mut Reader<'a>) -> Result<T, DecodeError>,
    ) -> Result<&'a [T], DecodeError> {
        let at = self.position();
        self.expect_id(ids::VECTOR, "Vector")?;
        read_elements(self, min_len, at, element)
    }
}

fn read_elements<'a, T: 'a>(
    r: &mut Reader<'a>,
    min_len: usize,
    at: usize,
    mut element: impl FnMut(&mut Reader<'a>) -> Result<T, DecodeError>,
) -> Result<&'a [T], DecodeError> {
    let count = r.read_count(min_len, at)?;
    if count == 0 {
        return Ok(&[]);
    }
    let arena = r.arena(at)?;
    // The storage for exactly `count` elements, paid for before it is made:
    // it never grows, so it never holds more than it was charged. More than
    // `isize::MAX` bytes is no allocation at all: refused even with no
    // budget.
    let bytes = count.saturating_mul(core::mem::size_of::<T>());
    if bytes > isize::MAX as usize {
        return Err(over_budget(r.alloc_budget(), at));
    }
    r.charge(bytes)
        .map_err(|e| DecodeError::new(e.kind(), at))?;
    arena
        .try_slice(count, |index| {
            element(r).map_err(|e| e.within(PathSegment::Element(index)))
        })?
        .ok_or_else(|| over_budget(r.alloc_budget(), at))
}
