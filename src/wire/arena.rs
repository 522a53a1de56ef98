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
//! come whole: the first a vector needs has room for the values of all the
//! input still to read (3.75 bytes per byte), so a real answer usually
//! takes one, and later chunks double. A decode whose values fit the
//! budget may therefore still be refused, with the same limit error, once
//! the next chunk would not: the budget bounds the memory, not only the
//! values. The default budget is 32 bytes per input byte; real answers
//! take 3 to 4 in values, so no real answer comes near it.

use core::cell::Cell;
use core::fmt;

use bumpalo::Bump;

/// The bytes of values a new chunk makes room for per input byte the decode
/// has still to read, in quarters of a byte: 3.75 bytes. Real answers of a whole layer
/// take 3.2 (`messages.messages`) to 3.5 (`updates`) bytes of values per
/// input byte, so a fresh arena holds each in one chunk of 3.9 to 4.2
/// bytes per input byte (chunks of more than a page are whole pages),
/// where chunks doubling from half a kilobyte took 4.9 to 6.0. Values that
/// take more go on in chunks doubling from there: at most about three
/// times the values, as doubling from half a kilobyte could take too.
pub(crate) const ROOM_QUARTERS_PER_INPUT_BYTE: usize = 15;

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
    /// After one decode into a fresh arena this is about 3.75 bytes per
    /// input byte the decode had left at its first vector, or, when the
    /// values take more than that, at most about three times
    /// [`used_bytes`](Self::used_bytes) (the chunks after the first
    /// double); after a `reset` it keeps its largest chunk, whatever is
    /// used.
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
    ///
    /// A new chunk is made large enough for the values of the `input_left`
    /// bytes the decode has still to read
    /// ([`ROOM_QUARTERS_PER_INPUT_BYTE`]), when the limit allows it and that
    /// is more than the slice needs, so that a fresh arena usually holds a
    /// whole answer in one chunk instead of doubling up to it.
    #[inline]
    pub(crate) fn try_slice<T, E>(
        &self,
        count: usize,
        input_left: usize,
        mut element: impl FnMut(usize) -> Result<T, E>,
    ) -> Result<Option<&[T]>, E> {
        let Ok(layout) = core::alloc::Layout::array::<T>(count) else {
            return Ok(None);
        };
        // The bump pointer moves down by the size, then down to the
        // alignment: at most `align - 1` bytes more.
        let needed = layout.size().saturating_add(layout.align());
        if needed > self.bump.chunk_capacity() {
            self.make_room(needed, input_left);
        }
        if needed <= self.bump.chunk_capacity() {
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

impl Arena {
    /// Takes a new chunk with room for the values of `input_left` bytes of
    /// input from the allocator, when that is more than the `needed` bytes
    /// and the arena's limit allows it; otherwise nothing. Best effort: the
    /// allocation that needs the room is made after, and fails or not on
    /// its own terms.
    #[cold]
    #[inline(never)]
    fn make_room(&self, needed: usize, input_left: usize) {
        let room = input_left.saturating_mul(ROOM_QUARTERS_PER_INPUT_BYTE) >> 2;
        if room <= needed {
            return;
        }
        let mut chunk = bumpalo::collections::Vec::<u8>::new_in(&self.bump);
        // Dropped at once: the chunk stays, and its room is given back,
        // since freeing an arena's last allocation moves its pointer back.
        let _ = chunk.try_reserve_exact(room);
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
            assert!(arena.try_slice::<u64, ()>(1 << 10, 0, |_| Ok(0)) == Ok(None));
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
        let made = arena.try_slice::<u16, ()>(5, 0, |i| Ok(i as u16));
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
        let made = arena.try_slice::<u8, usize>(4, 0, |i| if i == 2 { Err(i) } else { Ok(1) });
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
            let made = arena.try_slice::<u64, ()>(100, 0, |i| Ok(3 * i as u64));
            let expected: alloc::vec::Vec<u64> = (0..100).map(|i| 3 * i).collect();
            assert_eq!(made, Ok(Some(&expected[..])), "room: {room}");
            assert_eq!(arena.allocated_bytes() == held, room, "room: {room}");
            assert_eq!(arena.used_bytes(), 800, "room: {room}");
            let failed = arena.try_slice::<u64, usize>(100, 0, |i| match i {
                7 => Err(i),
                _ => Ok(0),
            });
            assert_eq!(failed, Err(7), "room: {room}");
        }
    }

    /// A slice that needs a new chunk makes it large enough for the values
    /// of the input left, so the slices after it need none; a limit too
    /// small for that room still lets the slice itself through, and room
    /// smaller than the slice adds nothing to it.
    #[test]
    fn a_new_chunk_has_room_for_the_input_left() {
        let arena = Arena::new();
        let made = arena.try_slice::<u64, ()>(10, 4096, |i| Ok(i as u64));
        assert_eq!(made.unwrap().unwrap().len(), 10);
        let held = arena.allocated_bytes();
        assert!(held >= 4096 * 15 / 4, "{arena:?}");
        assert!(held < 4096 * 4 + (1 << 10), "{arena:?}");
        for _ in 0..10 {
            let made = arena.try_slice::<u64, ()>(100, 0, |i| Ok(i as u64));
            assert_eq!(made.unwrap().unwrap().len(), 100);
        }
        assert_eq!(arena.allocated_bytes(), held, "{arena:?}");

        let limited = Arena::new();
        {
            let _limit = limited.limit(1 << 10);
            let made = limited.try_slice::<u64, ()>(10, 1 << 20, |i| Ok(i as u64));
            assert_eq!(made.unwrap().unwrap().len(), 10);
        }
        assert!(limited.allocated_bytes() <= 1 << 10, "{limited:?}");

        let exact = Arena::new();
        let plain = Arena::new();
        exact
            .try_slice::<u64, ()>(1000, 16, |i| Ok(i as u64))
            .unwrap();
        plain
            .try_slice::<u64, ()>(1000, 0, |i| Ok(i as u64))
            .unwrap();
        assert_eq!(exact.allocated_bytes(), plain.allocated_bytes());
    }

    #[test]
    fn a_slice_in_place_is_aligned_after_odd_sizes() {
        let arena = Arena::with_capacity(1 << 12);
        arena.alloc(1u8);
        let made = arena
            .try_slice::<u64, ()>(3, 0, |i| Ok(i as u64))
            .unwrap()
            .unwrap();
        assert_eq!(made, [0, 1, 2]);
        assert_eq!(made.as_ptr().align_offset(core::mem::align_of::<u64>()), 0);
    }
}
