//! What each benchmark id runs, once: the criterion bench times these
//! bodies and the `paired` program times them again, so the two measure the
//! same code. Each is `#[inline]`, and each is called from one place in
//! each program (one loop serves the three `authorization` groups), so the
//! compiler inlines them alike: a decode inlined into its caller writes its
//! result in place, one that is not copies it out, and which happens
//! depends on how many callers it has.
//!
//! Fairness: every decode reads all 17 fields of the 124-byte
//! `authorization` and returns its result for the caller to keep ([`kept`])
//! and drop inside the timed loop, so owned forms pay for their drop too. Every
//! decode but `floor_no_utf8` ends with its 8 strings known to be UTF-8:
//! tlwire and tl-proto check them as they read, grammers builds `String`s
//! (through `from_utf8_lossy`), `floor_utf8` runs std's `from_utf8`.

use std::hint::black_box;

use grammers_tl_types::{Deserializable as _, Serializable as _};
use tlwire::{bytes::Bytes, Arena, DecodeOptions, Encode as _};

use crate::{floor, tlp};

/// Keeps a decoded value from being optimised away, then drops it: the
/// value stays where the decode wrote it, as a caller's would. Every decode
/// benchmark runs through it, so none pays for copying its result into the
/// harness (a 168-byte `authorization` copied twice through `memmove` costs
/// more than the rest of its decode when the decode is not inlined).
#[inline(always)]
pub fn kept<T>(value: T) {
    black_box(&value);
}

/// `tlwire_borrowed`: the borrowed decode, strings checked as UTF-8.
#[inline]
pub fn tlwire_borrowed(bytes: &[u8]) -> tlwire::enums::Authorization<'_> {
    tlwire::decode(bytes).expect("valid")
}

/// `tlwire_bytes`: the owned form on a shared `Bytes` (one reference-count
/// increment), then `get` to read the value out, as a caller must to use
/// it: both passes are timed.
#[inline]
pub fn tlwire_bytes(shared: &Bytes) -> tlwire::Owned<tlwire::enums::Authorization<'static>> {
    let owned = tlwire::Owned::<tlwire::enums::Authorization<'static>>::decode(
        shared.clone(),
        DecodeOptions::default(),
    )
    .expect("valid");
    black_box(owned.get());
    owned
}

/// A Vec-backed buffer that is already shared (cloned once, so `Bytes`
/// has promoted it to its shared representation), as a network stack holds
/// a frame: what `tlwire_bytes` decodes from.
pub fn shared_frame(bytes: &[u8]) -> Bytes {
    let shared = Bytes::from(bytes.to_vec());
    drop(shared.clone());
    shared
}

/// `grammers`: 8 owned `String`s.
#[inline]
pub fn grammers(bytes: &[u8]) -> grammers_tl_types::enums::Authorization {
    grammers_tl_types::enums::Authorization::from_bytes(bytes).expect("valid")
}

/// `tl_proto`: `&str` fields, each read as `&[u8]` then checked by
/// `from_utf8`.
#[inline]
pub fn tl_proto(bytes: &[u8]) -> tlp::Authorization<'_> {
    tl_proto::deserialize::<tlp::Authorization<'_>>(bytes).expect("valid")
}

/// `floor_no_utf8`: borrows every field, validates nothing but bounds, the
/// id and the end.
#[inline]
pub fn floor_no_utf8(bytes: &[u8]) -> floor::Authorization<&[u8]> {
    floor::decode_no_utf8(bytes).expect("valid")
}

/// `floor_utf8`: the same, plus std's `from_utf8` on the 8 strings.
#[inline]
pub fn floor_utf8(bytes: &[u8]) -> floor::Authorization<&str> {
    floor::decode_utf8(bytes).expect("valid")
}

/// `tlwire_borrowed` of a real answer (`decode_messages`,
/// `decode_updates`), as a stack decodes one: into its arena, reset for
/// each answer, so that once it has grown to an answer's size a decode
/// allocates nothing. The value is black-boxed here, where it is made: it
/// borrows the arena, and it has nothing to drop.
#[inline]
pub fn tlwire_answer<T: tlwire::Borrowing>(bytes: &[u8], arena: &mut Arena) {
    arena.reset();
    let value: T::Of<'_> =
        tlwire::decode_in(bytes, arena, DecodeOptions::default()).expect("valid");
    black_box(&value);
}

/// `tlwire_owned` of a real answer: the owned form on a shared frame, then
/// `get`, as for `tlwire_bytes`. Each value has an arena of its own, made
/// for it and freed with it.
#[inline]
pub fn tlwire_answer_owned<T: tlwire::Borrowing>(shared: &Bytes) -> tlwire::Owned<T> {
    let owned =
        tlwire::Owned::<T>::decode(shared.clone(), DecodeOptions::default()).expect("valid");
    black_box(owned.get());
    owned
}

/// `grammers` of a real answer: owned `String`s, `Vec`s and boxes.
#[inline]
pub fn grammers_answer<T: grammers_tl_types::Deserializable>(bytes: &[u8]) -> T {
    T::from_bytes(bytes).expect("valid")
}

/// The types of the real answers on each side.
pub mod answer_types {
    /// `messages.Messages`, tlwire's.
    pub type TlwireMessages<'a> = crate::layer::enums::messages::Messages<'a>;
    /// `Updates`, tlwire's.
    pub type TlwireUpdates<'a> = crate::layer::enums::Updates<'a>;
    /// `messages.Messages`, grammers'.
    pub type GrammersMessages = grammers_tl_types::enums::messages::Messages;
    /// `Updates`, grammers'.
    pub type GrammersUpdates = grammers_tl_types::enums::Updates;
}

/// What one token length's encode benchmarks share, built once and
/// borrowed by each of them.
pub struct EncodeInputs {
    /// The token (`token(len)`).
    pub token: Vec<u8>,
    /// grammers' request: it owns a copy of the token.
    pub grammers: grammers_tl_types::functions::auth::AcceptLoginToken,
}

impl EncodeInputs {
    /// The inputs for a token of `len` bytes.
    pub fn new(len: usize) -> Self {
        let token = crate::token(len);
        let grammers = grammers_tl_types::functions::auth::AcceptLoginToken {
            token: token.clone(),
        };
        Self { token, grammers }
    }

    /// tlwire's request, borrowing the token.
    pub fn tlwire(&self) -> tlwire::functions::auth::AcceptLoginToken<'_> {
        tlwire::functions::auth::AcceptLoginToken { token: &self.token }
    }

    /// tl-proto's request, borrowing the token.
    pub fn tl_proto(&self) -> tlp::AcceptLoginToken<'_> {
        tlp::AcceptLoginToken { token: &self.token }
    }

    /// The encoded request's length: what reused buffers have room for, and
    /// the throughput criterion reports.
    pub fn encoded_len(&self) -> usize {
        self.tlwire().encoded_len().expect("encodable")
    }

    /// A reused buffer for `tlwire_reused`, placed against the token it
    /// copies ([`reused_buffer`]).
    pub fn tlwire_buffer(&self) -> Vec<u8> {
        reused_buffer(self.encoded_len(), &self.token)
    }

    /// A reused buffer for `grammers_reused`, placed against grammers' own
    /// copy of the token.
    pub fn grammers_buffer(&self) -> Vec<u8> {
        reused_buffer(self.encoded_len(), &self.grammers.token)
    }
}

/// `tlwire_reused`: encode into a buffer that already has room.
#[inline]
pub fn tlwire_reused(
    request: &tlwire::functions::auth::AcceptLoginToken<'_>,
    reused: &mut Vec<u8>,
) -> usize {
    reused.clear();
    request.encode(reused).expect("fits");
    reused.len()
}

/// `tlwire_to_vec`: encode into a fresh `Vec` of the exact size.
#[inline]
pub fn tlwire_to_vec(request: &tlwire::functions::auth::AcceptLoginToken<'_>) -> Vec<u8> {
    request.to_vec().expect("encodable")
}

/// `grammers_reused`: grammers' `serialize` into a buffer that already has
/// room. grammers owns its token (`Vec<u8>`); building the request is not
/// timed.
#[inline]
pub fn grammers_reused(
    request: &grammers_tl_types::functions::auth::AcceptLoginToken,
    reused: &mut Vec<u8>,
) -> usize {
    reused.clear();
    request.serialize(reused);
    reused.len()
}

/// `grammers_to_bytes`: grammers' `to_bytes`, a fresh `Vec`.
#[inline]
pub fn grammers_to_bytes(
    request: &grammers_tl_types::functions::auth::AcceptLoginToken,
) -> Vec<u8> {
    request.to_bytes()
}

/// `tl_proto` (encode): tl-proto's `serialize`, a fresh `Vec` sized by
/// `max_size_hint` (exact for one `bytes` field), the counterpart of
/// `to_vec`.
#[inline]
pub fn tl_proto_encode(request: &tlp::AcceptLoginToken<'_>) -> Vec<u8> {
    tl_proto::serialize(request)
}

/// `floor` (encode): exact allocation, then copies.
#[inline]
pub fn floor_encode(token: &[u8]) -> Vec<u8> {
    floor::encode_accept_login_token(token).expect("encodable")
}

/// An empty buffer with room for `capacity` bytes, placed so that copying
/// `token` into it does not write within 64 bytes of the token's own offset
/// modulo 4 KiB: such "4K aliasing" slows any copy loop on x86 (about 2x for
/// 4 KiB here), and two allocations made one after the other (the token, then
/// its buffer) land exactly there. The fresh allocations of the other ids are
/// left where malloc puts them.
pub fn reused_buffer(capacity: usize, token: &[u8]) -> Vec<u8> {
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
/// floor and the next at 1.1x. On an AMD CPU this re-runs the program once
/// with the tunable that turns `rep movsb` off, as glibc 2.39 does; every
/// contender then copies with the same vector loop.
/// `TLWIRE_PEERS_NATIVE_MEMCPY=1` keeps the system's memcpy.
#[cfg(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64"))]
pub fn without_rep_movsb() {
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

/// Elsewhere the system's memcpy is used as it is.
#[cfg(not(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64")))]
pub fn without_rep_movsb() {}
