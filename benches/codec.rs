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
    // A Vec-backed buffer, already shared, as a network stack would hold it:
    // every field slice then costs a reference-count increment.
    let shared = bytes::Bytes::from(sample::AUTHORIZATION.to_vec());
    let _promote = shared.clone();
    group.bench_function("bytes", |b| {
        b.iter(|| {
            decode_shared::<tlwire::shared::enums::Authorization>(
                black_box(&shared),
                DecodeOptions::default(),
            )
            .expect("valid")
        })
    });
    // The alternative owned form: one `Bytes` plus the offsets of each string.
    group.bench_function("bytes_offsets", |b| {
        b.iter(|| offsets::decode(black_box(&shared)))
    });
    group.finish();
}

/// "One `Bytes` plus offsets", the owned form tlwire did not choose, kept
/// here so the choice stays measured: a borrowed decode, then each string
/// field recorded as a span of the one shared buffer.
mod offsets {
    /// The fields are what a caller would keep; the benchmark only builds it.
    #[allow(dead_code)]
    pub struct Authorization {
        pub buf: bytes::Bytes,
        pub strings: [(u32, u32); 8],
        pub ints: [i32; 3],
        pub hash: i64,
        pub flags: u32,
    }

    pub fn decode(buf: &bytes::Bytes) -> Authorization {
        let tlwire::enums::Authorization::Authorization(a) =
            tlwire::decode::<tlwire::enums::Authorization<'_>>(buf).expect("valid");
        let base = buf.as_ptr() as usize;
        let span = |s: tlwire::TlStr<'_>| {
            let start = s.as_bytes().as_ptr() as usize - base;
            (start as u32, s.len() as u32)
        };
        Authorization {
            buf: buf.clone(),
            strings: [
                span(a.device_model),
                span(a.platform),
                span(a.system_version),
                span(a.app_name),
                span(a.app_version),
                span(a.ip),
                span(a.country),
                span(a.region),
            ],
            ints: [a.api_id, a.date_created, a.date_active],
            hash: a.hash,
            flags: a.flags_word(),
        }
    }
}

criterion_group!(benches, encode_accept_login_token, decode_authorization);
criterion_main!(benches);
