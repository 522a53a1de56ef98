//! Boxed values: a value read and then moved into the arena, or a large
//! one filled in place there. Either way its size is charged to the
//! allocation budget first.

use super::{over_budget, Reader};
use crate::wire::arena::Arena;
use crate::wire::error::DecodeError;

impl<'a> Reader<'a> {
    /// Reads a value with `read` into the arena, charging its size first.
    /// Generated code reads boxed fields this way, and the large
    /// constructors of an enum that have no blank value to fill in place.
    #[inline]
    pub fn read_boxed<T: 'a>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<&'a T, DecodeError> {
        let (arena, at) = self.arena_for::<T>()?;
        let value = read(self)?;
        arena
            .try_alloc(value)
            .ok_or_else(|| over_budget(self.budget, at))
    }

    /// Reads a value straight into its place in the arena: `blank` is
    /// moved there first, charged to the budget, and `fill` reads the
    /// fields into it. Generated code reads large constructors this way:
    /// a value built and then moved into the arena is held in registers
    /// and on the stack until its last field is read, then copied; filled
    /// in place, each field is written once, and an absent optional field
    /// not at all. A fill that fails leaves a partly filled value in the
    /// arena, which nothing can reach. The value's memory is taken before
    /// its fields are read, so under a budget too small for the arena's
    /// next chunk the limit error comes before any error in the fields.
    ///
    /// ```
    /// use tlwire::{Arena, DecodeError, DecodeOptions, Reader};
    ///
    /// #[derive(Debug, PartialEq)]
    /// struct Point { x: i32, y: i32 }
    ///
    /// let wire = [1, 0, 0, 0, 2, 0, 0, 0];
    /// let arena = Arena::new();
    /// let mut r = Reader::new(&wire, DecodeOptions::default()).in_arena(&arena);
    /// let point = r.read_in_place(Point { x: 0, y: 0 }, |r, point| {
    ///     point.x = r.read_int()?;
    ///     point.y = r.read_int()?;
    ///     Ok(())
    /// })?;
    /// assert_eq!(point, &Point { x: 1, y: 2 });
    /// assert_eq!(r.spent(), core::mem::size_of::<Point>());
    /// # Ok::<(), DecodeError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// No arena, a budget too small for a `T`, or whatever `fill` returns.
    #[inline]
    pub fn read_in_place<T: 'a>(
        &mut self,
        blank: T,
        fill: impl FnOnce(&mut Self, &mut T) -> Result<(), DecodeError>,
    ) -> Result<&'a T, DecodeError> {
        let (arena, at) = self.arena_for::<T>()?;
        let value = arena
            .try_alloc_mut(blank)
            .ok_or_else(|| over_budget(self.budget, at))?;
        fill(self, value)?;
        Ok(value)
    }

    /// The arena a boxed `T` goes into, with its size charged to the
    /// budget, and the offset where the value starts, for the error when
    /// the arena cannot take it. Both reads take their memory here; they
    /// differ in when they move the value in.
    #[inline(always)]
    fn arena_for<T>(&mut self) -> Result<(&'a Arena, usize), DecodeError> {
        let at = self.position();
        let arena = self.arena(at)?;
        self.charge(core::mem::size_of::<T>())?;
        Ok((arena, at))
    }
}
