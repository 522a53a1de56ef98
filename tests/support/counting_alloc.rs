//! A global allocator that counts what the code under test allocates, for
//! every test, check and fuzz target that measures allocation: included by
//! path, so there is one copy of the `unsafe` forwarding. Counts are per
//! thread (tests run side by side), so each measurement sees only its own
//! thread's allocations.
//!
//! The includer installs it:
//!
//! ```ignore
//! #[path = "…/tests/support/counting_alloc.rs"]
//! mod counting_alloc;
//! #[global_allocator]
//! static GLOBAL: counting_alloc::Counting = counting_alloc::Counting;
//! ```

#![allow(dead_code, unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The counting allocator: [`System`] underneath.
pub struct Counting;

/// What a piece of code allocated on its thread.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Allocations made, reallocations included.
    pub allocations: usize,
    /// Bytes allocated, freed ones included (a reallocation counts its new size).
    pub bytes: usize,
    /// The most bytes live at once above what was live when it started.
    pub peak: usize,
}

thread_local! {
    // `const`: no lazy initialisation, which could allocate inside `alloc`.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn add(cell: &'static std::thread::LocalKey<Cell<usize>>, by: usize) -> usize {
    cell.with(|c| {
        let now = c.get().saturating_add(by);
        c.set(now);
        now
    })
}

fn grow(by: usize) {
    add(&ALLOCATIONS, 1);
    add(&BYTES, by);
    let live = add(&LIVE, by);
    PEAK.with(|p| p.set(p.get().max(live)));
}

fn shrink(by: usize) {
    LIVE.with(|c| c.set(c.get().saturating_sub(by)));
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged; counting touches only thread-local `Cell`s, which need no
// allocation (const-initialised, no destructor).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // The old and the new block may both be live while the data moves.
        grow(new_size);
        // SAFETY: forwarded unchanged.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        shrink(layout.size());
        new
    }
}

/// Runs `f`, and what it allocated on this thread.
pub fn counted<T>(f: impl FnOnce() -> T) -> (T, Counts) {
    let (allocations, bytes, live) = (
        ALLOCATIONS.with(Cell::get),
        BYTES.with(Cell::get),
        LIVE.with(Cell::get),
    );
    let outer_peak = PEAK.with(|p| p.replace(live));
    let value = f();
    let peak = PEAK.with(|p| p.replace(outer_peak.max(p.get())));
    let counts = Counts {
        allocations: ALLOCATIONS.with(Cell::get) - allocations,
        bytes: BYTES.with(Cell::get) - bytes,
        peak: peak - live,
    };
    (value, counts)
}
