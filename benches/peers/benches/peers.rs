//! tlwire, grammers-tl-types 0.11, tl-proto 0.5 and the hand-written floor
//! on the same bytes in one run (issue 5). The criterion ids are what the
//! `ratios` program reads (`tlwire_peers::goals`); change them in both
//! places or not at all. What each id runs, and why it is fair, is in
//! `tlwire_peers::contenders`, which the `paired` program times too.

use criterion::{black_box, criterion_group, BenchmarkId, Criterion, Throughput};
use tlwire::Encode as _;
use tlwire_peers::contenders::{self as run, reused_buffer};
use tlwire_peers::{floor, tlp, token, TOKEN_LENGTHS};

const AUTHORIZATION: &[u8] = tlwire::sample::AUTHORIZATION;

fn decode_authorization(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_authorization");
    group.throughput(Throughput::Bytes(AUTHORIZATION.len() as u64));

    group.bench_function("tlwire_borrowed", |b| {
        b.iter(|| run::tlwire_borrowed(black_box(AUTHORIZATION)))
    });

    let shared = run::shared_frame(AUTHORIZATION);
    group.bench_function("tlwire_bytes", |b| {
        b.iter(|| run::tlwire_bytes(black_box(&shared)))
    });

    group.bench_function("grammers", |b| {
        b.iter(|| run::grammers(black_box(AUTHORIZATION)))
    });

    group.bench_function("tl_proto", |b| {
        b.iter(|| run::tl_proto(black_box(AUTHORIZATION)))
    });

    group.bench_function("floor_no_utf8", |b| {
        b.iter(|| floor::decode_no_utf8(black_box(AUTHORIZATION)).expect("valid"))
    });

    group.bench_function("floor_utf8", |b| {
        b.iter(|| floor::decode_utf8(black_box(AUTHORIZATION)).expect("valid"))
    });

    group.finish();
}

fn encode_accept_login_token(c: &mut Criterion) {
    let mut group = c.benchmark_group("encode_accept_login_token");
    for len in TOKEN_LENGTHS {
        let token = token(len);
        let request = tlwire::functions::auth::AcceptLoginToken { token: &token };
        let encoded_len = request.encoded_len().expect("encodable");
        group.throughput(Throughput::Bytes(encoded_len as u64));

        // Reused buffers start with room for the request, so every timed
        // iteration writes into memory that is already there.
        let mut reused = reused_buffer(encoded_len, &token);
        group.bench_with_input(
            BenchmarkId::new("tlwire_reused", len),
            &request,
            |b, request| b.iter(|| run::tlwire_reused(black_box(request), &mut reused)),
        );

        group.bench_with_input(
            BenchmarkId::new("tlwire_to_vec", len),
            &request,
            |b, request| b.iter(|| run::tlwire_to_vec(black_box(request))),
        );

        let grammers = grammers_tl_types::functions::auth::AcceptLoginToken {
            token: token.clone(),
        };
        let mut reused = reused_buffer(encoded_len, &grammers.token);
        group.bench_with_input(
            BenchmarkId::new("grammers_reused", len),
            &grammers,
            |b, request| b.iter(|| run::grammers_reused(black_box(request), &mut reused)),
        );

        group.bench_with_input(
            BenchmarkId::new("grammers_to_bytes", len),
            &grammers,
            |b, request| b.iter(|| run::grammers_to_bytes(black_box(request))),
        );

        let tl_proto_request = tlp::AcceptLoginToken { token: &token };
        group.bench_with_input(
            BenchmarkId::new("tl_proto", len),
            &tl_proto_request,
            |b, request| b.iter(|| run::tl_proto_encode(black_box(request))),
        );

        group.bench_with_input(BenchmarkId::new("floor", len), &token[..], |b, token| {
            b.iter(|| floor::encode_accept_login_token(black_box(token)).expect("encodable"))
        });
    }
    group.finish();
}

criterion_group!(benches, decode_authorization, encode_accept_login_token);

fn main() {
    run::without_rep_movsb();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
