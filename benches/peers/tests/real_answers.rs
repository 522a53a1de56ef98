//! The real-answer fixtures (`tlwire_peers::answers`): grammers-tl-types
//! and tlwire both read them and write them back byte for byte, and
//! tlwire's allocations per decode are counted and held to today's bounds:
//! three allocations per message or update (the box of a large
//! constructor, its vector of entities, the box of a large nested one) and
//! 4.5 bytes of memory per input byte. The goals beyond them (one
//! allocation per message, 4×) are tracked in BENCHMARKS.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use grammers_tl_types::{Deserializable as _, Serializable as _};
use tlwire::{decode_with, DecodeOptions, Encode as _};
use tlwire_peers::{answers, layer};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every method forwards to the system allocator with the caller's
// arguments unchanged; counting touches only thread-local `Cell`s.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        BYTES.with(|c| c.set(c.get() + layout.size()));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        BYTES.with(|c| c.set(c.get() + new_size));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes allocated while `f` runs on this thread.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let (a, b) = (ALLOCATIONS.with(Cell::get), BYTES.with(Cell::get));
    let out = f();
    (
        out,
        ALLOCATIONS.with(Cell::get) - a,
        BYTES.with(Cell::get) - b,
    )
}

#[test]
fn grammers_reads_the_fixtures_and_writes_them_back() {
    let (messages, updates) = answers::fixtures();
    let m = grammers_tl_types::enums::messages::Messages::from_bytes(&messages).unwrap();
    assert_eq!(m.to_bytes(), messages);
    let u = grammers_tl_types::enums::Updates::from_bytes(&updates).unwrap();
    assert_eq!(u.to_bytes(), updates);
}

#[test]
fn tlwire_reads_the_fixtures_strictly_and_writes_them_back() {
    let (messages, updates) = answers::fixtures();
    let m: layer::enums::messages::Messages<'_> =
        decode_with(&messages, DecodeOptions::strict()).unwrap();
    assert_eq!(m.to_vec().unwrap(), messages);
    let layer::enums::messages::Messages::Messages(inner) = &m else {
        panic!("messages.messages, not {}", m.tl_name())
    };
    assert_eq!(
        (inner.messages.len(), inner.chats.len(), inner.users.len()),
        (100, 5, 20)
    );
    let u: layer::enums::Updates<'_> = decode_with(&updates, DecodeOptions::strict()).unwrap();
    assert_eq!(u.to_vec().unwrap(), updates);
}

/// Decodes `bytes` as `T` (borrowed), prints what it allocated, and holds
/// it to three allocations per item and 4.5 bytes per input byte.
fn allocations<T: tlwire::Borrowing>(what: &str, bytes: &[u8], items: usize) {
    let (value, allocations, allocated) = counted(|| tlwire::decode::<T::Of<'_>>(bytes).unwrap());
    drop(value);
    let ratio = allocated as f64 / bytes.len() as f64;
    println!(
        "{what} ({} bytes, {items} items): {allocations} allocations, {allocated} bytes ({ratio:.2}x)",
        bytes.len()
    );
    assert!(
        allocations <= 3 * items,
        "{what}: {allocations} allocations for {items} items"
    );
    assert!(ratio <= 4.5, "{what}: {ratio:.2}x the input");
}

#[test]
fn allocations_per_decode() {
    let (messages, updates) = answers::fixtures();
    allocations::<layer::enums::messages::Messages<'static>>("messages.messages", &messages, 100);
    allocations::<layer::enums::Updates<'static>>("updates", &updates, 50);
}
