//! tlwire, grammers-tl-types 0.11, tl-proto 0.5 and the hand-written floor
//! on the same bytes in one run. The criterion ids are what the
//! `ratios` program reads (`tlwire_peers::goals`); change them in both
//! places or not at all. What each id runs, and why it is fair, is in
//! `tlwire_peers::contenders`, which the `paired` program times too.
//!
//! Criterion times one id after another, and this VM changes speed over
//! seconds, so the ids of each goal's ratio run next to each other
//! (tlwire between the peer and the floor it is held to): the two sides of
//! a ratio are then most likely timed at one speed.

use criterion::{black_box, criterion_group, BenchmarkId, Criterion, Throughput};
use tlwire_peers::contenders::{self as run, EncodeInputs};
use tlwire_peers::TOKEN_LENGTHS;

/// The three `authorization` groups: the sample (every contender), and the
/// string goals' longer and non-ASCII strings (tlwire, tl-proto and the
/// floors). One loop calls each contender from one place, so the compiler
/// treats every group's decode alike.
fn decode_authorization(c: &mut Criterion) {
    let groups = [
        (
            "decode_authorization",
            tlwire::sample::AUTHORIZATION.to_vec(),
            true,
        ),
        (
            "decode_authorization_long",
            tlwire_peers::authorization_long(),
            false,
        ),
        (
            "decode_authorization_text",
            tlwire_peers::authorization_text(),
            false,
        ),
    ];
    for (name, bytes, every_peer) in groups {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let bytes = &bytes[..];
        if every_peer {
            group.bench_function("grammers", |b| {
                b.iter(|| run::kept(run::grammers(black_box(bytes))))
            });
        }
        group.bench_function("tl_proto", |b| {
            b.iter(|| run::kept(run::tl_proto(black_box(bytes))))
        });
        group.bench_function("tlwire_borrowed", |b| {
            b.iter(|| run::kept(run::tlwire_borrowed(black_box(bytes))))
        });
        group.bench_function("floor_no_utf8", |b| {
            b.iter(|| run::kept(run::floor_no_utf8(black_box(bytes))))
        });
        if every_peer {
            let shared = run::shared_frame(bytes);
            group.bench_function("tlwire_bytes", |b| {
                b.iter(|| run::kept(run::tlwire_bytes(black_box(&shared))))
            });
        }
        group.bench_function("floor_utf8", |b| {
            b.iter(|| run::kept(run::floor_utf8(black_box(bytes))))
        });
        group.finish();
    }
}

fn encode_accept_login_token(c: &mut Criterion) {
    let mut group = c.benchmark_group("encode_accept_login_token");
    for len in TOKEN_LENGTHS {
        let inputs = EncodeInputs::new(len);
        let request = inputs.tlwire();
        group.throughput(Throughput::Bytes(inputs.encoded_len() as u64));

        // Reused buffers start with room for the request, so every timed
        // iteration writes into memory that is already there.
        let mut reused = inputs.grammers_buffer();
        group.bench_with_input(
            BenchmarkId::new("grammers_reused", len),
            &inputs.grammers,
            |b, request| b.iter(|| run::grammers_reused(black_box(request), &mut reused)),
        );

        let mut reused = inputs.tlwire_buffer();
        group.bench_with_input(
            BenchmarkId::new("tlwire_reused", len),
            &request,
            |b, request| b.iter(|| run::tlwire_reused(black_box(request), &mut reused)),
        );

        group.bench_with_input(
            BenchmarkId::new("floor", len),
            &inputs.token[..],
            |b, token| b.iter(|| run::floor_encode(black_box(token))),
        );

        group.bench_with_input(
            BenchmarkId::new("tlwire_to_vec", len),
            &request,
            |b, request| b.iter(|| run::tlwire_to_vec(black_box(request))),
        );

        group.bench_with_input(
            BenchmarkId::new("grammers_to_bytes", len),
            &inputs.grammers,
            |b, request| b.iter(|| run::grammers_to_bytes(black_box(request))),
        );

        group.bench_with_input(
            BenchmarkId::new("tl_proto", len),
            &inputs.tl_proto(),
            |b, request| b.iter(|| run::tl_proto_encode(black_box(request))),
        );
    }
    group.finish();
}

/// The real answers: the same bytes, decoded by tlwire (borrowed and
/// owned) and by grammers-tl-types.
fn decode_answers(c: &mut Criterion) {
    use run::answer_types::*;
    let (messages, updates) = tlwire_peers::answers::fixtures();
    answer_group::<TlwireMessages<'static>, GrammersMessages>(c, "decode_messages", &messages);
    answer_group::<TlwireUpdates<'static>, GrammersUpdates>(c, "decode_updates", &updates);
}

/// One answer's group: tlwire's `T`, grammers' `G`.
fn answer_group<T: tlwire::Borrowing, G: grammers_tl_types::Deserializable>(
    c: &mut Criterion,
    group: &str,
    bytes: &[u8],
) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    let shared = run::shared_frame(bytes);
    let mut arena = tlwire::Arena::new();
    g.bench_function("grammers", |b| {
        b.iter(|| run::kept(run::grammers_answer::<G>(black_box(bytes))))
    });
    g.bench_function("tlwire_borrowed", |b| {
        b.iter(|| run::tlwire_answer::<T>(black_box(bytes), &mut arena))
    });
    g.bench_function("tlwire_owned", |b| {
        b.iter(|| run::kept(run::tlwire_answer_owned::<T>(black_box(&shared))))
    });
    g.finish();
}

criterion_group!(
    benches,
    decode_authorization,
    encode_accept_login_token,
    decode_answers
);

fn main() {
    run::without_rep_movsb();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
