//! tlwire, grammers-tl-types 0.11, tl-proto 0.5 and the hand-written floor
//! on the same bytes in one run (issue 5). The criterion ids are what the
//! `ratios` program reads; change them in both places or not at all.
//!
//! Fairness: every decode reads all 17 fields of the 124-byte
//! `authorization` and its result is black-boxed (criterion black-boxes
//! what the closure returns and drops it inside the timed loop, so owned
//! forms pay for their drop too). Every decode but `floor_no_utf8` ends with
//! its 8 strings known to be UTF-8: tlwire and tl-proto check them as they
//! read, grammers builds `String`s (through `from_utf8_lossy`), `floor_utf8`
//! runs std's `from_utf8`.

use criterion::{black_box, criterion_group, BenchmarkId, Criterion, Throughput};
use grammers_tl_types::{Deserializable as _, Serializable as _};
use tlwire::{bytes::Bytes, DecodeOptions, Encode as _};
use tlwire_peers::{floor, tlp, token, TOKEN_LENGTHS};

const AUTHORIZATION: &[u8] = tlwire::sample::AUTHORIZATION;

fn decode_authorization(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_authorization");
    group.throughput(Throughput::Bytes(AUTHORIZATION.len() as u64));

    group.bench_function("tlwire_borrowed", |b| {
        b.iter(|| {
            tlwire::decode::<tlwire::enums::Authorization<'_>>(black_box(AUTHORIZATION))
                .expect("valid")
        })
    });

    // A Vec-backed buffer that is already shared (cloned once, so `Bytes`
    // has promoted it to its shared representation), as a network stack
    // holds a frame. The owned value keeps one handle on it (a
    // reference-count increment); `get` then reads the value out, as a
    // caller must to use it, so both passes are timed.
    let shared = Bytes::from(AUTHORIZATION.to_vec());
    let _promoted = shared.clone();
    group.bench_function("tlwire_bytes", |b| {
        b.iter(|| {
            let owned = tlwire::Owned::<tlwire::enums::Authorization<'static>>::decode(
                black_box(&shared).clone(),
                DecodeOptions::default(),
            )
            .expect("valid");
            black_box(owned.get());
            owned
        })
    });

    group.bench_function("grammers", |b| {
        b.iter(|| {
            grammers_tl_types::enums::Authorization::from_bytes(black_box(AUTHORIZATION))
                .expect("valid")
        })
    });

    group.bench_function("tl_proto", |b| {
        b.iter(|| {
            tl_proto::deserialize::<tlp::Authorization<'_>>(black_box(AUTHORIZATION))
                .expect("valid")
        })
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
            |b, request| {
                b.iter(|| {
                    reused.clear();
                    black_box(request).encode(&mut reused).expect("fits");
                    black_box(reused.len())
                })
            },
        );

        group.bench_with_input(
            BenchmarkId::new("tlwire_to_vec", len),
            &request,
            |b, request| b.iter(|| black_box(request).to_vec().expect("encodable")),
        );

        // grammers owns its token (`Vec<u8>`); building the request is not
        // timed, only serializing it.
        let grammers = grammers_tl_types::functions::auth::AcceptLoginToken {
            token: token.clone(),
        };
        let mut reused = reused_buffer(encoded_len, &grammers.token);
        group.bench_with_input(
            BenchmarkId::new("grammers_reused", len),
            &grammers,
            |b, request| {
                b.iter(|| {
                    reused.clear();
                    black_box(request).serialize(&mut reused);
                    black_box(reused.len())
                })
            },
        );

        group.bench_with_input(
            BenchmarkId::new("grammers_to_bytes", len),
            &grammers,
            |b, request| b.iter(|| black_box(request).to_bytes()),
        );

        // tl-proto's `serialize`: a fresh `Vec` sized by `max_size_hint`
        // (exact for one `bytes` field), the counterpart of `to_vec`.
        let tl_proto_request = tlp::AcceptLoginToken { token: &token };
        group.bench_with_input(
            BenchmarkId::new("tl_proto", len),
            &tl_proto_request,
            |b, request| b.iter(|| tl_proto::serialize(black_box(request))),
        );

        group.bench_with_input(BenchmarkId::new("floor", len), &token[..], |b, token| {
            b.iter(|| floor::encode_accept_login_token(black_box(token)).expect("encodable"))
        });
    }
    group.finish();
}

/// An empty buffer with room for `capacity` bytes, placed so that copying
/// `token` into it does not write within 64 bytes of the token's own offset
/// modulo 4 KiB: such "4K aliasing" slows any copy loop on x86 (about 2x for
/// 4 KiB here), and two allocations made one after the other (the token, then
/// its buffer) land exactly there. The fresh allocations of the other ids are
/// left where malloc puts them.
fn reused_buffer(capacity: usize, token: &[u8]) -> Vec<u8> {
    let mut rejected = Vec::new();
    loop {
        let buf = Vec::with_capacity(capacity);
        // Where the token's first byte goes: after the id and the 4-byte
        // prefix (every length of 2 KiB and more takes the long form).
        let distance = (buf.as_ptr() as usize + 8).wrapping_sub(token.as_ptr() as usize) % 4096;
        if capacity < 2048 || (64..4096 - 64).contains(&distance) {
            return buf;
        }
        rejected.push(buf);
    }
}

/// glibc before 2.39 copies 2 KiB and more with `rep movsb` on AMD Zen 3/4
/// (this project's machine: EPYC, family 25, Debian 12's glibc 2.36), and
/// there `rep movsb` runs about 30x slower when the destination is 1 to 63
/// bytes past the source modulo 4 KiB (glibc bug 30994; 2.39 stopped using it
/// on these cores). Which benchmark hits that depends on where malloc puts
/// its buffers, so without this one run shows `tlwire_to_vec/4096` at 8x the
/// floor and the next at 1.1x. On an AMD CPU the bench re-runs itself once
/// with the tunable that turns `rep movsb` off, as glibc 2.39 does; every
/// contender then copies with the same vector loop.
/// `TLWIRE_PEERS_NATIVE_MEMCPY=1` keeps the system's memcpy.
#[cfg(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64"))]
fn without_rep_movsb() {
    use std::os::unix::process::CommandExt as _;
    const VAR: &str = "GLIBC_TUNABLES";
    const TUNABLE: &str = "glibc.cpu.x86_rep_movsb_threshold";
    if std::env::var_os("TLWIRE_PEERS_NATIVE_MEMCPY").is_some() {
        return;
    }
    let current = std::env::var(VAR).unwrap_or_default();
    if current.contains(TUNABLE) {
        return;
    }
    let amd = std::fs::read_to_string("/proc/cpuinfo").is_ok_and(|c| c.contains("AuthenticAMD"));
    if !amd {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let setting = format!("{TUNABLE}={}", 1u64 << 62);
    let tunables = if current.is_empty() {
        setting
    } else {
        format!("{current}:{setting}")
    };
    let error = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(VAR, tunables)
        .exec();
    eprintln!(
        "peers: could not re-run with {VAR} set ({error}); memcpy may hit the rep movsb slow path"
    );
}

#[cfg(not(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64")))]
fn without_rep_movsb() {}

criterion_group!(benches, decode_authorization, encode_accept_login_token);

fn main() {
    without_rep_movsb();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
