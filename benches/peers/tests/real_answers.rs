//! The real-answer fixtures (`tlwire_peers::answers`): grammers-tl-types
//! and tlwire both read them and write them back byte for byte, and
//! tlwire's allocations per decode are counted and held to its goals: into
//! a fresh arena, a handful of chunks per answer (not per message), values
//! of at most 4 bytes per input byte, in chunks of at most twice that; into
//! an arena reset after answers of the same size, none at all.

use grammers_tl_types::{Deserializable as _, Serializable as _};
use tlwire::{decode_in, Arena, DecodeOptions, Encode as _};
use tlwire_peers::{answers, layer};

#[path = "../../../tests/support/counting_alloc.rs"]
mod counting_alloc;

#[global_allocator]
static GLOBAL: counting_alloc::Counting = counting_alloc::Counting;

/// Allocations and bytes allocated while `f` runs on this thread.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let (out, counts) = counting_alloc::counted(f);
    (out, counts.allocations, counts.bytes)
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
    let arena = Arena::new();
    let m: layer::enums::messages::Messages<'_> =
        decode_in(&messages, &arena, DecodeOptions::strict()).unwrap();
    assert_eq!(m.to_vec().unwrap(), messages);
    let layer::enums::messages::Messages::Messages(inner) = &m else {
        panic!("messages.messages, not {}", m.tl_name())
    };
    assert_eq!(
        (inner.messages.len(), inner.chats.len(), inner.users.len()),
        (100, 5, 20)
    );
    let u: layer::enums::Updates<'_> =
        decode_in(&updates, &arena, DecodeOptions::strict()).unwrap();
    assert_eq!(u.to_vec().unwrap(), updates);
}

/// The most chunks a fresh arena takes for one answer: it doubles from
/// half a kilobyte, so this covers answers into the megabytes.
const CHUNKS_PER_ANSWER: usize = 12;

/// Decodes `bytes` as `T` into a fresh arena and into one reset after the
/// same answer, prints what each allocated, and holds them to their goals.
fn allocations<T: tlwire::Borrowing>(what: &str, bytes: &[u8], items: usize) {
    let decode = |arena: &Arena| {
        let value: T::Of<'_> = decode_in(bytes, arena, DecodeOptions::default()).unwrap();
        std::hint::black_box(&value);
    };
    let (mut arena, allocations, allocated) = counted(|| {
        let arena = Arena::new();
        decode(&arena);
        arena
    });
    let used = arena.used_bytes();
    let ratio = used as f64 / bytes.len() as f64;
    println!(
        "{what} ({} bytes, {items} items), fresh arena: {allocations} allocations, \
         {used} bytes of values ({ratio:.2}x) in {allocated} bytes of chunks",
        bytes.len()
    );
    assert!(
        allocations <= CHUNKS_PER_ANSWER,
        "{what}: {allocations} allocations for one answer"
    );
    assert!(ratio <= 4.0, "{what}: values {ratio:.2}x the input");
    // The arena doubles: its chunks hold at most twice what is in them,
    // and their headers.
    assert!(
        allocated <= 2 * used + (1 << 10),
        "{what}: {allocated} bytes of chunks for {used} bytes of values"
    );
    // `reset` keeps the largest chunk: the next answer may take one more,
    // large enough for all of it, and from then on none.
    arena.reset();
    let ((), allocations, _) = counted(|| decode(&arena));
    assert!(
        allocations <= 1,
        "{what}: {allocations} allocations after reset"
    );
    arena.reset();
    let ((), allocations, allocated) = counted(|| decode(&arena));
    println!("{what}, arena reused: {allocations} allocations, {allocated} bytes");
    assert_eq!(allocations, 0, "{what}: a reused arena allocates");
}

#[test]
fn allocations_per_decode() {
    let (messages, updates) = answers::fixtures();
    allocations::<layer::enums::messages::Messages<'static>>("messages.messages", &messages, 100);
    allocations::<layer::enums::Updates<'static>>("updates", &updates, 50);
}

/// The string goals' `authorization`s: every peer reads the same strings.
#[test]
fn the_string_fixtures_decode_alike_on_every_side() {
    for (strings, bytes) in [
        (
            tlwire_peers::LONG_STRINGS,
            tlwire_peers::authorization_long(),
        ),
        (
            tlwire_peers::TEXT_STRINGS,
            tlwire_peers::authorization_text(),
        ),
    ] {
        let tlwire::enums::Authorization::Authorization(t) =
            tlwire::decode_with(&bytes, DecodeOptions::strict()).unwrap();
        let ours = [
            t.device_model,
            t.platform,
            t.system_version,
            t.app_name,
            t.app_version,
            t.ip,
            t.country,
            t.region,
        ];
        assert_eq!(ours, strings);
        let p = tlwire_peers::contenders::tl_proto(&bytes);
        assert_eq!(p.device_model, strings[0]);
        assert_eq!(p.region, strings[7]);
        let f = tlwire_peers::floor::decode_utf8(&bytes).unwrap();
        assert_eq!(f.country, strings[6]);
        let lens = strings.map(str::len);
        if strings == tlwire_peers::LONG_STRINGS {
            assert!(lens.iter().all(|len| (17..=64).contains(len)), "{lens:?}");
        } else {
            assert!(strings.iter().filter(|s| !s.is_ascii()).count() >= 4);
        }
    }
}
