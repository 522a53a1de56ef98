//! [`Arena`]: where a decode puts the vectors and boxed values of what it
//! decodes, so that a whole answer costs a few allocations, not one per
//! vector and box.
//!
//! Decoded values borrow their `bytes` and `string` fields from the input
//! and their vectors (`&'a [T]`) and boxed values (`&'a T`) from the arena,
//! for one lifetime `'a`. Nothing in a decoded value needs dropping, so the
//! arena frees it all at once, and an arena [`reset`](Arena::reset) between
//! answers allocates nothing once it has grown to the largest answer.
//!
//! Memory is bounded twice: a decode charges each vector and box to its
//! budget before making it ([`Reader::charge`](super::Reader::charge)), and
//! the arena takes no more from the allocator for one decode than that
//! budget either (plus a header of a few dozen bytes per chunk). Chunks
//! come whole, doubling in size, so a decode whose values fit the budget
//! may still be refused, with the same limit error, once the next chunk
//! would not: the budget bounds the memory, not only the values. The
//! default budget is 32 bytes per input byte; real answers take 3 to 4 in
//! values, so no real answer comes near it.

use core::cell::Cell;
use core::fmt;

use bumpalo::Bump;

/// The memory a decode puts its vectors and boxed values in.
///
/// ```
/// use tlwire::{decode_in, Arena, DecodeOptions};
/// // A boxed `Vector<string>` of "a" and "bc".
/// let wire = [0x15, 0xc4, 0xb5, 0x1c, 2, 0, 0, 0, 1, b'a', 0, 0, 2, b'b', b'c', 0];
/// let mut arena = Arena::new();
/// for _ in 0..3 {
///     let names: &[tlwire::TlStr<'_>] = decode_in(&wire, &arena, DecodeOptions::default())?;
///     assert_eq!(names, ["a", "bc"]);
///     // Keeps its memory for the next answer.
///     arena.reset();
/// }
/// # Ok::<(), tlwire::DecodeError>(())
/// ```
#[derive(Default)]
pub struct Arena {
    bump: Bump,
    /// Bytes of the values made since the arena was made or reset.
    used: Cell<usize>,
    /// How deep the JSON being read into this arena nests, in values that
    /// can contain themselves (`json`): the arena is what every nested read
    /// is handed, so it carries the count that bounds their stack.
    #[cfg(feature = "serde")]
    json_depth: Cell<u32>,
}

impl Arena {
    /// An empty arena; it allocates nothing until a decode needs it.
    pub fn new() -> Self {
        Self::default()
    }

    /// An arena with room for `bytes` before it first grows.
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            bump: Bump::with_capacity(bytes),
            ..Self::default()
        }
    }

    /// Forgets every value in the arena and keeps its largest chunk of
    /// memory for what is decoded next. Values from before cannot be used
    /// after: `reset` takes `&mut self`, so they must be gone.
    pub fn reset(&mut self) {
        self.bump.reset();
        self.used.set(0);
    }

    /// Bytes the arena holds from the allocator (its chunks, used or not).
    /// A fresh arena grows by doubling, so after one decode this is at most
    /// about twice [`used_bytes`](Self::used_bytes); after a `reset` it
    /// keeps its largest chunk, whatever is used.
    pub fn allocated_bytes(&self) -> usize {
        self.bump.allocated_bytes()
    }

    /// Bytes of the values made in the arena since it was made or reset
    /// (those of decodes that failed on the way included): what an arena
    /// made with [`with_capacity`](Self::with_capacity) of that size holds
    /// without growing.
    pub fn used_bytes(&self) -> usize {
        self.used.get()
    }

    /// How deep the JSON being read into this arena nests, in values that
    /// can contain themselves.
    #[cfg(feature = "serde")]
    pub(crate) fn json_depth(&self) -> &Cell<u32> {
        &self.json_depth
    }

    /// Counts `bytes` more of values.
    #[inline]
    fn record(&self, bytes: usize) {
        self.used.set(self.used.get().saturating_add(bytes));
    }

    /// Allows the arena at most `budget` more bytes from the allocator
    /// until the guard is dropped, which puts back the limit in force
    /// before (a decode inside another keeps the tighter of the two). A
    /// guard, not a closure, so that the decode it spans inlines as if it
    /// were not there; dropped on unwinding too.
    #[inline]
    pub(crate) fn limit(&self, budget: usize) -> Limited<'_> {
        let before = self.bump.allocation_limit();
        let limit = self.bump.allocated_bytes().saturating_add(budget);
        let limit = before.map_or(limit, |before| before.min(limit));
        self.bump.set_allocation_limit(Some(limit));
        Limited {
            bump: &self.bump,
            before,
        }
    }

    /// Moves `value` into the arena, for a value built by hand to hold by
    /// reference (a boxed field, a large constructor in its enum). The
    /// arena never drops what it holds: decoded values need no drop.
    ///
    /// ```
    /// use tlwire::Arena;
    /// let arena = Arena::new();
    /// let answer: &i64 = arena.alloc(42);
    /// assert_eq!(*answer, 42);
    /// ```
    pub fn alloc<T>(&self, value: T) -> &T {
        self.record(core::mem::size_of::<T>());
        self.bump.alloc(value)
    }

    /// Moves `items` into the arena as one slice, for a vector built by
    /// hand; like [`alloc`](Self::alloc), nothing in it is dropped.
    ///
    /// ```
    /// use tlwire::Arena;
    /// let arena = Arena::new();
    /// let ids: &[i64] = arena.alloc_slice([1, 2, 3]);
    /// assert_eq!(ids.len(), 3);
    /// ```
    pub fn alloc_slice<T>(
        &self,
        items: impl IntoIterator<Item = T, IntoIter: ExactSizeIterator>,
    ) -> &[T] {
        let items = items.into_iter();
        self.record(core::mem::size_of::<T>().saturating_mul(items.len()));
        self.bump.alloc_slice_fill_iter(items)
    }

    /// Moves `value` into the arena, or `None` when that would grow the
    /// arena past its limit.
    #[inline]
    pub(crate) fn try_alloc<T>(&self, value: T) -> Option<&T> {
        self.try_alloc_mut(value).map(|value| &*value)
    }

    /// [`try_alloc`](Self::try_alloc), lending the value out to be filled.
    #[inline]
    pub(crate) fn try_alloc_mut<T>(&self, value: T) -> Option<&mut T> {
        let value = self.bump.try_alloc(value).ok()?;
        self.record(core::mem::size_of::<T>());
        Some(value)
    }

    /// Exactly `count` elements made by `element` (in order), or the first
    /// error: `Ok(None)` when the storage would grow the arena past its
    /// limit. Elements made before an error are never dropped: decoded
    /// values need no drop.
    ///
    /// When the arena's current chunk has room for the whole slice (always,
    /// once a reused arena has held an answer that size), each element is
    /// written straight into its place: bumpalo's `alloc_slice_try_fill_with`,
    /// which then cannot run out of memory. A vector that grows as it is
    /// filled checks its capacity at every element, and in a
    /// `messages.messages` of 100 messages that is 5.8% of the decode's
    /// instructions. Otherwise the storage is reserved exactly, which may take
    /// a new chunk and so may be refused by the limit.
    #[inline]
    pub(crate) fn try_slice<T, E>(
        &self,
        count: usize,
        mut element: impl FnMut(usize) -> Result<T, E>,
    ) -> Result<Option<&[T]>, E> {
        let Ok(layout) = core::alloc::Layout::array::<T>(count) else {
            return Ok(None);
        };
        // The bump pointer moves down by the size, then down to the
        // alignment: at most `align - 1` bytes more.
        if layout.size().saturating_add(layout.align()) <= self.bump.chunk_capacity() {
            self.record(layout.size());
            return self
                .bump
                .alloc_slice_try_fill_with(count, element)
                .map(|made| Some(&*made));
        }
        let mut out = bumpalo::collections::Vec::new_in(&self.bump);
        if out.try_reserve_exact(count).is_err() {
            return Ok(None);
        }
        self.record(layout.size());
        for index in 0..count {
            out.push(element(index)?);
        }
        Ok(Some(out.into_bump_slice()))
    }
}

/// An arena's limit for one decode ([`Arena::limit`]); puts the one before
/// back when dropped.
pub(crate) struct Limited<'b> {
    bump: &'b Bump,
    before: Option<usize>,
}

impl Drop for Limited<'_> {
    #[inline]
    fn drop(&mut self) {
        self.bump.set_allocation_limit(self.before);
    }
}

/// Copies into the arena for values read from JSON, outside any decode
/// (no limit).
#[cfg(feature = "serde")]
impl Arena {
    /// A copy of `text` in the arena.
    pub(crate) fn alloc_str(&self, text: &str) -> &str {
        self.record(text.len());
        self.bump.alloc_str(text)
    }

    /// A copy of `bytes` in the arena.
    pub(crate) fn alloc_bytes(&self, bytes: &[u8]) -> &[u8] {
        self.record(bytes.len());
        self.bump.alloc_slice_copy(bytes)
    }
}

impl fmt::Debug for Arena {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Arena")
            .field("used_bytes", &self.used_bytes())
            .field("allocated_bytes", &self.allocated_bytes())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decode_grows_the_arena_no_more_than_its_budget() {
        let arena = Arena::new();
        {
            let _limit = arena.limit(1 << 10);
            assert!(arena.try_alloc([0u8; 4 << 10]).is_none());
            assert!(arena.try_slice::<u64, ()>(1 << 10, |_| Ok(0)) == Ok(None));
            assert_eq!(arena.try_alloc(7u64), Some(&7));
        }
        assert!(arena.allocated_bytes() <= 1 << 10, "{arena:?}");
        // Outside a decode there is no limit again.
        assert_eq!(arena.alloc([1u8; 4 << 10]).len(), 4 << 10);
    }

    #[test]
    fn a_decode_inside_another_keeps_the_tighter_limit() {
        let arena = Arena::new();
        {
            let _outer = arena.limit(1 << 10);
            let _inner = arena.limit(1 << 20);
            assert!(arena.try_alloc([0u8; 8 << 10]).is_none());
        }
        assert_eq!(arena.bump.allocation_limit(), None);
    }

    #[cfg(feature = "std")]
    #[test]
    fn a_panicking_decode_leaves_no_limit_behind() {
        let arena = Arena::new();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _limit = arena.limit(16);
            panic!("a decode that panics")
        }));
        assert!(outcome.is_err());
        assert_eq!(arena.bump.allocation_limit(), None);
        assert_eq!(arena.alloc([0u8; 1 << 16]).len(), 1 << 16);
    }

    #[test]
    fn used_bytes_count_values_and_reset_forgets_them() {
        let mut arena = Arena::new();
        arena.alloc(1u64);
        arena.alloc_slice([1u32, 2, 3]);
        let made = arena.try_slice::<u16, ()>(5, |i| Ok(i as u16));
        assert_eq!(made, Ok(Some(&[0, 1, 2, 3, 4][..])));
        assert_eq!(arena.used_bytes(), 8 + 12 + 10);
        let held = arena.allocated_bytes();
        arena.reset();
        assert_eq!(arena.used_bytes(), 0);
        assert!(arena.allocated_bytes() <= held);
    }

    #[test]
    fn a_failed_element_fails_the_vector() {
        let arena = Arena::new();
        let made = arena.try_slice::<u8, usize>(4, |i| if i == 2 { Err(i) } else { Ok(1) });
        assert_eq!(made, Err(2));
    }

    /// A slice made in place (the chunk has room) and one reserved in a
    /// new chunk hold the same elements, fail on the same element, and
    /// count the same bytes.
    #[test]
    fn a_slice_is_the_same_made_in_place_or_in_a_new_chunk() {
        for room in [false, true] {
            let arena = if room {
                Arena::with_capacity(1 << 12)
            } else {
                Arena::new()
            };
            let held = arena.allocated_bytes();
            let made = arena.try_slice::<u64, ()>(100, |i| Ok(3 * i as u64));
            let expected: alloc::vec::Vec<u64> = (0..100).map(|i| 3 * i).collect();
            assert_eq!(made, Ok(Some(&expected[..])), "room: {room}");
            assert_eq!(arena.allocated_bytes() == held, room, "room: {room}");
            assert_eq!(arena.used_bytes(), 800, "room: {room}");
            let failed = arena.try_slice::<u64, usize>(100, |i| match i {
                7 => Err(i),
                _ => Ok(0),
            });
            assert_eq!(failed, Err(7), "room: {room}");
        }
    }

    #[test]
    fn a_slice_in_place_is_aligned_after_odd_sizes() {
        let arena = Arena::with_capacity(1 << 12);
        arena.alloc(1u8);
        let made = arena
            .try_slice::<u64, ()>(3, |i| Ok(i as u64))
            .unwrap()
            .unwrap();
        assert_eq!(made, [0, 1, 2]);
        assert_eq!(made.as_ptr().align_offset(core::mem::align_of::<u64>()), 0);
    }
}
