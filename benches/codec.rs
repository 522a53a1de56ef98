//! Criterion benchmarks of the hot paths: encoding `auth.acceptLoginToken`
//! and decoding the `authorization` it answers with.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tlwire::{
    decode, decode_shared, enums::Authorization, functions::auth::AcceptLoginToken, sample,
    DecodeOptions, Encode,
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
    let shared = bytes::Bytes::from_static(sample::AUTHORIZATION);
    group.bench_function("bytes", |b| {
        b.iter(|| {
            decode_shared::<tlwire::shared::enums::Authorization>(
                black_box(&shared),
                DecodeOptions::default(),
            )
            .expect("valid")
        })
    });
    group.finish();
}

criterion_group!(benches, encode_accept_login_token, decode_authorization);
criterion_main!(benches);
