//! Criterion benchmarks of the hot paths: encoding `auth.acceptLoginToken`
//! and decoding the `authorization` it answers with: borrowed, owned (from
//! `Bytes`, or copied from a borrowed value) and through the response
//! pipeline.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tlwire::rpc::{decode_response, Body};
use tlwire::{
    decode, enums::Authorization, functions::auth::AcceptLoginToken, sample, DecodeOptions, Encode,
    Owned,
};

fn encode_accept_login_token(c: &mut Criterion) {
    let mut group = c.benchmark_group("encode_accept_login_token");
    for len in [32usize, 253, 254, 4096, 1 << 20] {
        let token = vec![0x5a; len];
        let request = AcceptLoginToken { token: &token };
        let encoded_len = request.encoded_len().expect("encodable");
        group.throughput(Throughput::Bytes(encoded_len as u64));
        let mut reused = Vec::with_capacity(encoded_len);
        group.bench_with_input(BenchmarkId::new("reused", len), &request, |b, request| {
            b.iter(|| {
                reused.clear();
                black_box(request).encode(&mut reused).expect("fits");
                black_box(reused.len())
            })
        });
        group.bench_with_input(BenchmarkId::new("to_vec", len), &request, |b, request| {
            b.iter(|| black_box(request).to_vec().expect("encodable"))
        });
    }
    group.finish();
}

fn decode_authorization(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_authorization");
    group.throughput(Throughput::Bytes(sample::AUTHORIZATION.len() as u64));
    group.bench_function("borrowed", |b| {
        b.iter(|| decode::<Authorization>(black_box(sample::AUTHORIZATION)).expect("valid"))
    });
    // A Vec-backed buffer, already shared, as a network stack would hold it:
    // the owned value costs one reference-count increment. The value is
    // read back out (`get`), as a caller would.
    let shared = bytes::Bytes::from(sample::AUTHORIZATION.to_vec());
    let _promote = shared.clone();
    group.bench_function("bytes", |b| {
        b.iter(|| {
            let owned = Owned::<Authorization<'static>>::decode(
                black_box(&shared).clone(),
                DecodeOptions::default(),
            )
            .expect("valid");
            black_box(owned.get());
            owned
        })
    });
    // Borrowed, then copied into an owned value (one encode, one check).
    group.bench_function("borrowed_to_owned", |b| {
        b.iter(|| {
            let value = decode::<Authorization>(black_box(sample::AUTHORIZATION)).expect("valid");
            Owned::<Authorization<'static>>::copy_of(&value).expect("converts")
        })
    });
    // The response pipeline: rpc_result, msg-id check, the typed answer.
    let mut answer = vec![0x01, 0x6d, 0x5c, 0xf3];
    answer.extend_from_slice(&7i64.to_le_bytes());
    answer.extend_from_slice(sample::AUTHORIZATION);
    let arena = tlwire::Arena::new();
    group.bench_function("rpc_result", |b| {
        b.iter(|| {
            match decode_response::<AcceptLoginToken<'_>>(
                black_box(&answer),
                &arena,
                7,
                Default::default(),
            ) {
                Ok(Body::Borrowed(auth)) => auth,
                _ => unreachable!("the sample answer decodes"),
            }
        })
    });
    group.finish();
}

criterion_group!(benches, encode_accept_login_token, decode_authorization);
criterion_main!(benches);
