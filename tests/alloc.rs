//! Allocation counts, measured by a counting global allocator (per thread,
//! so parallel tests do not disturb each other): borrowed decoding and
//! encoding into a reserved buffer allocate nothing, `to_vec` allocates once,
//! and the shared form allocates nothing per field.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use tlwire::{
    decode, decode_shared, enums, functions::auth::AcceptLoginToken, sample, shared, DecodeOptions,
    Encode,
};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every method forwards to the system allocator with the caller's
// arguments unchanged; counting touches only a thread-local `Cell`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns its result with the number of allocations it made.
fn count<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = f();
    (value, ALLOCATIONS.with(Cell::get) - before)
}

#[test]
fn the_counter_counts() {
    let (v, n) = count(|| vec![1u8; 10]);
    assert_eq!(v.len(), 10);
    assert_eq!(n, 1);
}

#[test]
fn borrowed_decode_allocates_nothing() {
    let (auth, n) = count(|| decode::<enums::Authorization>(sample::AUTHORIZATION).unwrap());
    assert_eq!(n, 0);
    let enums::Authorization::Authorization(auth) = auth;
    assert_eq!(auth.device_model, "Pixel 8 Pro");
    let (_, n) = count(|| {
        tlwire::decode_with::<enums::Authorization>(sample::AUTHORIZATION, DecodeOptions::strict())
            .unwrap()
    });
    assert_eq!(n, 0);
}

#[test]
fn encoding_into_a_reserved_buffer_allocates_nothing() {
    let token = [7u8; 32];
    let request = AcceptLoginToken { token: &token };
    let mut buf = Vec::with_capacity(request.encoded_len().unwrap());
    let (written, n) = count(|| request.encode(&mut buf).unwrap());
    assert_eq!((written, n), (40, 0));
    let enums::Authorization::Authorization(auth) = decode(sample::AUTHORIZATION).unwrap();
    let mut buf = Vec::with_capacity(256);
    let (_, n) = count(|| auth.encode(&mut buf).unwrap());
    assert_eq!(n, 0);
    assert_eq!(buf, sample::AUTHORIZATION);
}

#[test]
fn to_vec_allocates_exactly_once() {
    for len in [0, 32, 253, 254, 4096, 1 << 20] {
        let token = vec![1u8; len];
        let request = AcceptLoginToken { token: &token };
        let (bytes, n) = count(|| request.to_vec().unwrap());
        assert_eq!(n, 1, "token of {len} bytes");
        assert_eq!(bytes.len(), bytes.capacity());
    }
}

#[test]
fn shared_decode_allocates_nothing_per_field() {
    // Static bytes need no reference count at all.
    let input = bytes::Bytes::from_static(sample::AUTHORIZATION);
    let (_, n) = count(|| {
        decode_shared::<shared::enums::Authorization>(&input, DecodeOptions::default()).unwrap()
    });
    assert_eq!(n, 0);
    // A Vec-backed buffer becomes shared once, however many fields it has.
    let input = bytes::Bytes::from(sample::AUTHORIZATION.to_vec());
    let (auth, n) = count(|| {
        decode_shared::<shared::enums::Authorization>(&input, DecodeOptions::default()).unwrap()
    });
    assert!(n <= 1, "{n} allocations for 8 string fields");
    let (_, n) = count(|| drop(auth));
    assert_eq!(n, 0);
}

#[test]
fn hostile_lengths_allocate_nothing_before_failing() {
    // A `bytes` claiming 16 MiB - 1 with 4 bytes of input, and a vector
    // claiming 2^31 - 1 elements: only the error itself is allocated.
    let mut huge_bytes = vec![0x19, 0xca, 0x44, 0x21, 0x90, 0x01, 0, 0];
    huge_bytes.extend_from_slice(&[0xfe, 0xff, 0xff, 0xff]);
    let (err, n) = count(|| decode::<enums::RpcError>(&huge_bytes).unwrap_err());
    assert!(n <= 2, "{n} allocations for {err}");
    let huge_vector = [0x15, 0xc4, 0xb5, 0x1c, 0xff, 0xff, 0xff, 0x7f];
    let (err, n) = count(|| decode::<Vec<i64>>(&huge_vector).unwrap_err());
    assert!(n <= 2, "{n} allocations for {err}");
}
