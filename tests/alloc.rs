//! Allocation counts, measured by a counting global allocator (per thread,
//! so parallel tests do not disturb each other): borrowed decoding and
//! encoding into a reserved buffer allocate nothing, `to_vec` allocates once,
//! the owned form allocates nothing per field, and vectors take their arena
//! once per answer (a reused arena, not at all).

use tlwire::{
    decode, decode_in, enums, functions::auth::AcceptLoginToken, sample, Arena, DecodeOptions,
    Encode, Owned, TlStr,
};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;

#[cfg(feature = "gzip")]
#[path = "support/answers.rs"]
mod answers;

#[global_allocator]
static GLOBAL: counting_alloc::Counting = counting_alloc::Counting;

/// Runs `f` and returns its result with the number of allocations it made.
fn count<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let (value, counts) = counting_alloc::counted(f);
    (value, counts.allocations)
}

/// Runs `f` and returns its result with the most bytes it had allocated at once.
fn peak<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let (value, counts) = counting_alloc::counted(f);
    (value, counts.peak)
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
fn owned_decode_allocates_nothing_per_field() {
    type Auth = Owned<enums::Authorization<'static>>;
    // Static bytes need no reference count at all.
    let input = bytes::Bytes::from_static(sample::AUTHORIZATION);
    let (_, n) = count(|| Auth::decode(input.clone(), DecodeOptions::default()).unwrap());
    assert_eq!(n, 0);
    // A Vec-backed buffer becomes shared once, however many fields it has,
    // and reading the value back allocates nothing more.
    let input = bytes::Bytes::from(sample::AUTHORIZATION.to_vec());
    let (auth, n) = count(|| Auth::decode(input.clone(), DecodeOptions::default()).unwrap());
    assert!(n <= 1, "{n} allocations for 8 string fields");
    let (_, n) = count(|| {
        let enums::Authorization::Authorization(a) = auth.get();
        assert_eq!(a.region, "North Holland");
    });
    assert_eq!(n, 0);
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
    let arena = Arena::new();
    let (err, n) =
        count(|| decode_in::<&[i64]>(&huge_vector, &arena, DecodeOptions::default()).unwrap_err());
    assert!(n <= 2, "{n} allocations for {err}");
}

/// A gzip bomb (48 MiB of zeros in about 48 KiB): whose trailer announces
/// more than the decode's budget, refused before it is inflated; whose
/// trailer says nothing (0 bytes) under a budget that would take it all,
/// refused at the inflated-size cap, having allocated no more than the
/// doubling buffers up to it.
#[cfg(feature = "gzip")]
#[test]
fn a_gzip_bomb_is_refused_without_allocating_past_the_cap() {
    use tlwire::rpc::{decode_response, ResponseError};
    use tlwire::{DecodeErrorKind, Limit};

    let answer_of = |packed: Vec<u8>| answers::rpc_result(1, &answers::gzip_packed_as_is(&packed));
    let honest = answers::gzip(&vec![0u8; 48 << 20]);
    let mut silent = honest.clone();
    let n = silent.len();
    silent[n - 4..].copy_from_slice(&[0; 4]);
    let refusal = |answer: &[u8], options: DecodeOptions| {
        let (err, counts) = counting_alloc::counted(|| {
            decode_response::<AcceptLoginToken<'_>>(answer, &Arena::new(), 1, options).unwrap_err()
        });
        let ResponseError::Decode(err) = err else {
            panic!("expected a decode error, got {err:?}")
        };
        (err.kind(), counts)
    };

    let answer = answer_of(honest);
    for cap in [1usize << 20, 16 << 20] {
        let options = DecodeOptions::default().with_max_inflated_len(cap);
        let budget = options.alloc_budget(answer.len());
        let (kind, counts) = refusal(&answer, options);
        let limit = Limit::Allocation(budget);
        assert_eq!(kind, DecodeErrorKind::LimitExceeded { limit });
        // No buffer: only the error itself.
        assert!(counts.bytes < 1024, "{} bytes allocated", counts.bytes);
    }

    let answer = answer_of(silent);
    let cap = 1usize << 20;
    let options = DecodeOptions::default()
        .with_max_inflated_len(cap)
        .with_max_alloc(64 << 20);
    let (kind, counts) = refusal(&answer, options);
    let limit = Limit::InflatedSize(cap);
    assert_eq!(kind, DecodeErrorKind::LimitExceeded { limit });
    // Buffers of 16 KiB doubling to 1 MiB, the last of them the cap.
    assert!(counts.bytes <= 2 * cap, "{} bytes allocated", counts.bytes);
}

/// Everything a `gzip_packed` answer allocates, whatever its trailer says
/// and whatever follows the stream, is within the decode's budget: every
/// buffer the output is given on the way, kept or outgrown, not only the
/// last; the inflater itself allocates nothing.
#[cfg(feature = "gzip")]
#[test]
fn gzip_answers_allocate_within_the_budget() {
    use tlwire::rpc::decode_response;

    // `packed_data` with its last four bytes (where the gzip trailer keeps
    // the size) replaced, or with four bytes after the stream.
    let zero_size = |data: &[u8]| {
        let mut packed = answers::gzip(data);
        let n = packed.len();
        packed[n - 4..].copy_from_slice(&[0; 4]);
        packed
    };
    let appended = |data: &[u8]| {
        let mut packed = answers::gzip(data);
        packed.extend_from_slice(&[0; 4]);
        packed
    };
    let packed = |data: Vec<u8>| answers::rpc_result(1, &answers::gzip_packed_as_is(&data));
    let bomb = vec![0u8; 8 << 20];
    let shapes = [
        (
            "a bomb whose trailer says 0 bytes",
            packed(zero_size(&bomb)),
        ),
        (
            "a bomb with bytes after the stream",
            packed(appended(&bomb)),
        ),
        ("an honest bomb", packed(answers::gzip(&bomb))),
        (
            "an answer with bytes after the stream",
            packed(appended(sample::AUTHORIZATION)),
        ),
        (
            "an answer whose trailer says 0 bytes",
            packed(zero_size(sample::AUTHORIZATION)),
        ),
    ];
    for (shape, answer) in &shapes {
        for options in [DecodeOptions::default(), DecodeOptions::strict()] {
            let budget = options.alloc_budget(answer.len());
            let (result, counts) = counting_alloc::counted(|| {
                decode_response::<AcceptLoginToken<'_>>(answer, &Arena::new(), 1, options)
                    .map(|_| ())
            });
            assert!(
                counts.bytes <= budget,
                "{shape}, strict {}: {} bytes allocated, budget {budget} ({result:?})",
                options.is_strict(),
                counts.bytes,
            );
        }
    }
    // Lenient decoding reads the answer despite the bytes after its stream.
    let answer = &shapes[3].1;
    assert!(decode_response::<AcceptLoginToken<'_>>(
        answer,
        &Arena::new(),
        1,
        DecodeOptions::default()
    )
    .is_ok());
}

/// `gzip_packed` inside `gzip_packed`, at 1 KiB, 1 MiB and 16 MiB of input:
/// the outer layer holds incompressible bytes (the input's size) and an
/// inner bomb that wants more than the whole budget where it can be built
/// in a test's time. Every byte of both layers, and of what is decoded
/// from them, stays within the one budget of the input; strict decoding
/// refuses the second layer.
#[cfg(feature = "gzip")]
#[test]
fn gzip_inside_gzip_allocates_within_one_budget() {
    use tlwire::rpc::{decode_response, ResponseError};
    use tlwire::{DecodeErrorKind, Limit};

    // Incompressible bytes: xorshift.
    let noise = |len: usize| {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect::<Vec<u8>>()
    };
    // The largest: as near 16 MiB as a `bytes` field (under 2^24 bytes)
    // holding the outer layer allows.
    for size in [1usize << 10, 1 << 20, (16 << 20) - (256 << 10)] {
        let default = DecodeOptions::default();
        let wanted = default.alloc_budget(size) + (128 << 10);
        let mut inner = noise(size);
        inner.resize(size + wanted.min(64 << 20), 0);
        let answer = answers::rpc_result(1, &answers::gzip_packed(&answers::gzip_packed(&inner)));
        for options in [default, DecodeOptions::strict()] {
            let budget = options.alloc_budget(answer.len());
            let (err, counts) = counting_alloc::counted(|| {
                decode_response::<AcceptLoginToken<'_>>(&answer, &Arena::new(), 1, options)
                    .unwrap_err()
            });
            let ResponseError::Decode(err) = err else {
                panic!("expected a decode error, got {err:?}")
            };
            println!(
                "{size} B, strict {}: {} bytes allocated ({:.1}× the input), budget {budget}: {err}",
                options.is_strict(),
                counts.bytes,
                counts.bytes as f64 / answer.len() as f64,
            );
            assert!(counts.bytes <= budget, "{} > {budget}", counts.bytes);
            let kind = err.kind();
            if options.is_strict() {
                let nested = DecodeErrorKind::NonCanonicalGzip("gzip_packed inside gzip_packed");
                assert_eq!(kind, nested);
            } else if wanted <= 64 << 20 {
                // The inner bomb is built whole: refused at the budget.
                let limit = Limit::Allocation(budget);
                assert_eq!(kind, DecodeErrorKind::LimitExceeded { limit });
            } else {
                // Cut to 64 MiB, the bomb is refused at the inflated size.
                let limit = Limit::InflatedSize(options.max_inflated_len());
                assert_eq!(kind, DecodeErrorKind::LimitExceeded { limit });
            }
        }
    }
}

/// An inflate allocates only the buffers the budget pays for: under the
/// smallest budget that reads a packed answer, the decode allocates no more
/// than that budget. (An inflater with state of its own, uncharged, would
/// allocate tens of kilobytes more.) And bytes that are not a gzip member,
/// whatever their last four bytes announce, are refused before any buffer.
#[cfg(feature = "gzip")]
#[test]
fn an_inflate_allocates_only_what_the_budget_pays_for() {
    use tlwire::rpc::decode_response;
    use tlwire::DecodeErrorKind;

    let answer = answers::rpc_result(1, &answers::gzip_packed(sample::AUTHORIZATION));
    let decodes = |budget: usize| {
        let options = DecodeOptions::default().with_max_alloc(budget);
        counting_alloc::counted(|| {
            decode_response::<AcceptLoginToken<'_>>(&answer, &Arena::new(), 1, options).is_ok()
        })
    };
    // The smallest budget that decodes, by halving.
    let (mut refused, mut enough) = (0, 1 << 20);
    assert!(decodes(enough).0);
    while enough - refused > 1 {
        let mid = (refused + enough) / 2;
        if decodes(mid).0 {
            enough = mid;
        } else {
            refused = mid;
        }
    }
    let (ok, counts) = decodes(enough);
    assert!(ok);
    assert!(
        counts.bytes <= enough,
        "{} bytes allocated under a budget of {enough}",
        counts.bytes
    );

    let mut not_gzip = vec![0x55; 64 << 10];
    not_gzip.extend_from_slice(&[0xff; 4]);
    let answer = answers::rpc_result(1, &answers::gzip_packed_as_is(&not_gzip));
    let options = DecodeOptions::default().with_max_alloc(1 << 30);
    let (err, counts) = counting_alloc::counted(|| {
        decode_response::<AcceptLoginToken<'_>>(&answer, &Arena::new(), 1, options).unwrap_err()
    });
    let tlwire::rpc::ResponseError::Decode(err) = err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(err.kind(), DecodeErrorKind::InvalidGzip);
    assert!(counts.bytes < 1024, "{} bytes allocated", counts.bytes);
}

/// A trailer that claims a huge size buys no large allocation: the payload's
/// length bounds what is reserved.
#[cfg(feature = "gzip")]
#[test]
fn a_lying_gzip_trailer_cannot_buy_a_large_allocation() {
    use std::io::Write;
    use tlwire::rpc::{decode_response, ResponseError};
    use tlwire::DecodeErrorKind;

    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(b"hello").unwrap();
    let mut packed = e.finish().unwrap();
    let n = packed.len();
    packed[n - 4..].copy_from_slice(&(15u32 << 20).to_le_bytes()); // claims 15 MiB
    let mut answer = vec![
        0x01, 0x6d, 0x5c, 0xf3, 1, 0, 0, 0, 0, 0, 0, 0, 0xa1, 0xcf, 0x72, 0x30,
    ];
    answer.push(packed.len() as u8);
    answer.extend_from_slice(&packed);
    while answer.len() % 4 != 0 {
        answer.push(0);
    }
    let (err, most) = peak(|| {
        decode_response::<AcceptLoginToken<'_>>(&answer, &Arena::new(), 1, DecodeOptions::default())
            .unwrap_err()
    });
    let ResponseError::Decode(err) = err else {
        panic!("expected a decode error")
    };
    assert_eq!(
        err.kind(),
        DecodeErrorKind::InvalidGzip,
        "the trailer does not match"
    );
    assert!(most < 256 << 10, "peak {most} bytes for a {n}-byte payload");
}

/// A boxed `Vector<string>` of `count` strings of 20 ASCII bytes.
fn names(count: usize) -> Vec<u8> {
    let mut wire = vec![0x15, 0xc4, 0xb5, 0x1c];
    wire.extend_from_slice(&(count as i32).to_le_bytes());
    for _ in 0..count {
        wire.push(20);
        wire.extend_from_slice(b"twenty bytes of text");
        wire.extend_from_slice(&[0, 0, 0]);
    }
    wire
}

#[test]
fn a_vector_takes_its_arena_once_and_a_reused_arena_nothing() {
    let wire = names(10_000);
    let decode = |arena: &Arena| {
        let names: &[TlStr<'_>] = decode_in(&wire, arena, DecodeOptions::default()).unwrap();
        assert_eq!(names.len(), 10_000);
        assert_eq!(names[9_999], "twenty bytes of text");
    };
    // 10,000 strings of 16 bytes each: one chunk, however many elements.
    let (mut arena, n) = count(|| {
        let arena = Arena::new();
        decode(&arena);
        arena
    });
    assert_eq!(n, 1, "{arena:?}");
    assert_eq!(
        arena.used_bytes(),
        10_000 * std::mem::size_of::<TlStr<'_>>()
    );
    arena.reset();
    let ((), n) = count(|| decode(&arena));
    assert_eq!(n, 0);
}

#[test]
fn the_owned_form_keeps_one_arena_for_all_its_vectors() {
    type Names = Owned<&'static [TlStr<'static>]>;
    let wire = bytes::Bytes::from(names(1_000));
    // The arena's one chunk and the handle that shares it between clones.
    let (owned, n) = count(|| Names::decode(wire.clone(), DecodeOptions::default()).unwrap());
    assert!(n <= 2, "{n} allocations for 1,000 strings");
    let (copy, n) = count(|| owned.clone());
    assert_eq!(n, 0);
    drop(owned);
    assert_eq!(copy.get().len(), 1_000);
    assert_eq!(copy.get()[0], "twenty bytes of text");
}

#[test]
fn without_an_arena_vectors_and_boxed_values_are_refused() {
    let wire = names(2);
    let err = decode::<&[TlStr<'_>]>(&wire).unwrap_err();
    assert_eq!(err.kind(), tlwire::DecodeErrorKind::NoArena);
    // An empty vector needs no storage.
    let empty = names(0);
    assert_eq!(decode::<&[TlStr<'_>]>(&empty).unwrap(), &[] as &[TlStr<'_>]);
    // `rpc_result`'s `result:Object` is held by reference: refused where
    // its value starts, naming the field.
    let mut answer = vec![0x01, 0x6d, 0x5c, 0xf3, 1, 0, 0, 0, 0, 0, 0, 0];
    answer.extend_from_slice(sample::AUTHORIZATION);
    let err = decode::<enums::RpcResult>(&answer).unwrap_err();
    assert_eq!(err.kind(), tlwire::DecodeErrorKind::NoArena);
    assert_eq!(err.offset(), 12);
    assert!(err.to_string().contains("result"), "{err}");
    let arena = Arena::new();
    let decoded: enums::RpcResult = decode_in(&answer, &arena, DecodeOptions::default()).unwrap();
    let enums::RpcResult::RpcResult(decoded) = decoded;
    assert_eq!(decoded.result.tl_name(), "authorization");
}

/// A body of a received container decodes into an owned value that shares
/// the container's buffer: no byte of the body is copied, and the value
/// outlives every other handle on the buffer.
#[test]
fn a_message_body_decodes_owned_without_a_copy() {
    use tlwire::bytes::Bytes;
    use tlwire::envelope::{encode_container, Container, Outgoing, RawBody};

    let answer = RawBody::new(sample::AUTHORIZATION);
    let pong = tlwire::types::Pong {
        msg_id: 1,
        ping_id: 2,
    };
    let items = [
        Outgoing::new(9 << 32 | 1, 1, &pong),
        Outgoing::new(10 << 32 | 1, 2, &answer),
    ];
    let mut buf = Vec::new();
    encode_container(&items, &mut buf).unwrap();
    let received = Bytes::from(buf);
    let message = Container::read(&received).unwrap().nth(1).unwrap().unwrap();
    let (kept, peak_bytes) = peak(|| {
        message
            .decode_owned::<enums::Authorization<'static>>(&received, DecodeOptions::strict())
            .unwrap()
    });
    // Sharing a buffer made from a `Vec` costs one small header, once.
    assert!(
        peak_bytes < sample::AUTHORIZATION.len() / 2,
        "{peak_bytes} bytes for a {}-byte body",
        sample::AUTHORIZATION.len()
    );
    let body = kept.bytes().as_ptr() as usize;
    let start = received.as_ptr() as usize;
    assert!(
        (start..start + received.len()).contains(&body),
        "the value holds the received buffer, not a copy"
    );
    drop(received);
    let enums::Authorization::Authorization(auth) = kept.get();
    assert_eq!(auth.device_model, "Pixel 8 Pro");
}
