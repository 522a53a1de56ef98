//! tlwire next to its peers: the code the `peers` benchmark, the interop
//! tests and the `ratios` program share.
//!
//! - [`tlp`]: `authorization` and `auth.acceptLoginToken` for `tl-proto` 0.5,
//!   written with its derives, strings borrowed as `&str` and checked with
//!   `from_utf8` as they are read;
//! - [`floor`]: the cheapest hand-written code that does the same work, the
//!   yardstick the goals measure tlwire against;
//! - [`token`] and [`TOKEN_LENGTHS`]: the encode inputs;
//! - [`authorization_long`] and [`authorization_text`]: the sample
//!   `authorization` with the longer and the non-ASCII strings of the
//!   string goals;
//! - [`contenders`]: what each benchmark id runs;
//! - [`goals`]: the ratios and their bounds, which the `ratios` and
//!   `paired` programs judge.
//!
//! `grammers-tl-types` 0.11 needs no glue: its generated types are used as
//! they are.

// `deny`, not `forbid`: the generated layer's `borrowing!` impls allow it locally.
#![deny(unsafe_code)]

pub mod answers;
pub mod contenders;
pub mod goals;

/// tlwire's code for the layer grammers-tl-types ships, generated from the
/// same schema files by the build script.
#[allow(dead_code)]
pub mod layer {
    include!(concat!(env!("OUT_DIR"), "/layer.rs"));
}

/// The token lengths of the encode benchmarks: a real QR token, the longest
/// short-form length, the shortest long-form one, a page and 1 MiB.
pub const TOKEN_LENGTHS: [usize; 5] = [32, 253, 254, 4096, 1 << 20];

/// The eight strings of an `authorization`, in field order: `device_model`,
/// `platform`, `system_version`, `app_name`, `app_version`, `ip`,
/// `country`, `region`.
pub type Strings = [&'static str; 8];

/// ASCII strings of 17 to 64 bytes, as a desktop client and a server's
/// geolocation write them.
pub const LONG_STRINGS: Strings = [
    "Google Pixel 8 Pro (husky), build AP2A.240905.003",
    "Android 14 (API level 34), arm64-v8a",
    "SDK 34, security patch level 2026-11-05, kernel 5.15.153",
    "Telegram Android (official build)",
    "11.4.2 (5347) store bundled arm64-v8a",
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
    "Netherlands, Kingdom of the",
    "North Holland, Amsterdam metropolitan area, Zaanstad region",
];

/// Non-ASCII strings (Cyrillic, CJK), as clients and the server's
/// localised place names write them for users outside the Latin script.
pub const TEXT_STRINGS: Strings = [
    "Смартфон Пиксель 8 Про",
    "Андроид 14",
    "SDK 34",
    "Телеграм для Андроида",
    "11.4.2 (5347)",
    "192.0.2.1",
    "日本国",
    "東京都新宿区西新宿",
];

/// The sample `authorization` with `strings` in its eight string fields.
pub fn authorization_with(strings: Strings) -> Vec<u8> {
    use tlwire::Encode as _;
    let tlwire::enums::Authorization::Authorization(sample) =
        tlwire::decode(tlwire::sample::AUTHORIZATION).expect("the sample decodes");
    let [device_model, platform, system_version, app_name, app_version, ip, country, region] =
        strings.map(tlwire::TlStr::from);
    let value = tlwire::types::Authorization {
        device_model,
        platform,
        system_version,
        app_name,
        app_version,
        ip,
        country,
        region,
        ..sample
    };
    value.to_vec().expect("encodes")
}

/// The sample with [`LONG_STRINGS`].
pub fn authorization_long() -> Vec<u8> {
    authorization_with(LONG_STRINGS)
}

/// The sample with [`TEXT_STRINGS`].
pub fn authorization_text() -> Vec<u8> {
    authorization_with(TEXT_STRINGS)
}

/// The constructor id of `authorization`.
pub const AUTHORIZATION_ID: u32 = 0xad01_d61d;

/// The constructor id of `auth.acceptLoginToken`.
pub const ACCEPT_LOGIN_TOKEN_ID: u32 = 0xe894_ad4d;

/// A login token of `len` bytes: tlwire's sample QR token at 32, a byte
/// pattern at every other length.
pub fn token(len: usize) -> Vec<u8> {
    if len == tlwire::sample::LOGIN_TOKEN.len() {
        tlwire::sample::LOGIN_TOKEN.to_vec()
    } else {
        (0..len).map(|i| (i as u8) ^ 0x5a).collect()
    }
}

/// The two functions as `tl-proto` 0.5 declares them: one struct each, with
/// its derives.
pub mod tlp {
    use tl_proto::{TlRead, TlWrite};

    /// `authorization#ad01d61d`. The `true` flags are `Option<()>`, which is
    /// how tl-proto spells a flag that carries no data; the `flags` word
    /// itself is rebuilt from them on write (bits it does not know are
    /// dropped on read).
    #[derive(Debug, Clone, PartialEq, Eq, TlRead, TlWrite)]
    #[tl(boxed, id = 0xad01d61d)]
    pub struct Authorization<'tl> {
        /// The `flags` word: read, then only its bits 0-5 are kept.
        #[tl(flags)]
        pub flags: (),
        #[tl(flags_bit = 0)]
        pub current: Option<()>,
        #[tl(flags_bit = 1)]
        pub official_app: Option<()>,
        #[tl(flags_bit = 2)]
        pub password_pending: Option<()>,
        #[tl(flags_bit = 3)]
        pub encrypted_requests_disabled: Option<()>,
        #[tl(flags_bit = 4)]
        pub call_requests_disabled: Option<()>,
        #[tl(flags_bit = 5)]
        pub unconfirmed: Option<()>,
        pub hash: i64,
        #[tl(with = "str_field")]
        pub device_model: &'tl str,
        #[tl(with = "str_field")]
        pub platform: &'tl str,
        #[tl(with = "str_field")]
        pub system_version: &'tl str,
        pub api_id: i32,
        #[tl(with = "str_field")]
        pub app_name: &'tl str,
        #[tl(with = "str_field")]
        pub app_version: &'tl str,
        pub date_created: i32,
        pub date_active: i32,
        #[tl(with = "str_field")]
        pub ip: &'tl str,
        #[tl(with = "str_field")]
        pub country: &'tl str,
        #[tl(with = "str_field")]
        pub region: &'tl str,
    }

    /// `auth.acceptLoginToken#e894ad4d token:bytes = Authorization`.
    #[derive(Debug, Clone, PartialEq, Eq, TlRead, TlWrite)]
    #[tl(boxed, id = 0xe894ad4d)]
    pub struct AcceptLoginToken<'tl> {
        pub token: &'tl [u8],
    }

    /// A TL `string` as a borrowed `&str`: tl-proto reads the `bytes` item
    /// (`&[u8]`, no copy), then std's `from_utf8` checks it. tl-proto has no
    /// `&str` impl of its own; this is the glue its `with` attribute takes.
    pub mod str_field {
        use tl_proto::{TlError, TlPacket, TlRead, TlResult, TlWrite};

        pub fn size_hint(value: &&str) -> usize {
            value.as_bytes().max_size_hint()
        }

        pub fn write<P: TlPacket>(value: &&str, packet: &mut P) {
            value.as_bytes().write_to(packet)
        }

        pub fn read<'tl>(packet: &mut &'tl [u8]) -> TlResult<&'tl str> {
            let bytes = <&'tl [u8]>::read_from(packet)?;
            core::str::from_utf8(bytes).map_err(|_| TlError::InvalidData)
        }
    }
}

/// The floor: the cheapest safe code that does what the codecs do, so the
/// ratios say how much each pays over the work itself.
///
/// Decoding accepts what tlwire's default (lenient) decode accepts: the
/// constructor id, both length forms, any padding bytes, and nothing after
/// the object. It borrows every field and, in [`decode_no_utf8`], validates
/// nothing else; [`decode_utf8`] adds std's `from_utf8` on the 8 strings.
/// Errors are a bare `None`: no position, no field name.
pub mod floor {
    use super::{ACCEPT_LOGIN_TOKEN_ID, AUTHORIZATION_ID};

    /// A decoded `authorization` whose strings are `S` (`&[u8]` or `&str`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Authorization<S> {
        /// The whole `flags` word.
        pub flags: u32,
        pub hash: i64,
        pub device_model: S,
        pub platform: S,
        pub system_version: S,
        pub api_id: i32,
        pub app_name: S,
        pub app_version: S,
        pub date_created: i32,
        pub date_active: i32,
        pub ip: S,
        pub country: S,
        pub region: S,
    }

    /// The little-endian `N` bytes at `pos`.
    #[inline(always)]
    fn array<const N: usize>(buf: &[u8], pos: usize) -> Option<[u8; N]> {
        buf.get(pos..)?.first_chunk::<N>().copied()
    }

    /// The TL `bytes` item at `pos`: its body and the position after its
    /// padding. One bounds check for prefix, body and padding together.
    #[inline(always)]
    fn item(buf: &[u8], pos: usize) -> Option<(&[u8], usize)> {
        let (header, len) = match *buf.get(pos)? {
            short @ 0..=253 => (1, short as usize),
            254 => (4, (u32::from_le_bytes(array(buf, pos)?) >> 8) as usize),
            _ => return None,
        };
        let start = pos + header;
        let end = start + len;
        let next = (end + 3) & !3;
        if next > buf.len() {
            return None;
        }
        Some((&buf[start..end], next))
    }

    #[inline(always)]
    fn decode<'a, S>(
        buf: &'a [u8],
        string: impl Fn(&'a [u8]) -> Option<S>,
    ) -> Option<Authorization<S>> {
        let head: [u8; 16] = array(buf, 0)?;
        let [id @ .., _, _, _, _, _, _, _, _, _, _, _, _] = head;
        if u32::from_le_bytes(id) != AUTHORIZATION_ID {
            return None;
        }
        let [_, _, _, _, flags @ .., _, _, _, _, _, _, _, _] = head;
        let [_, _, _, _, _, _, _, _, hash @ ..] = head;
        let int = |pos| array(buf, pos).map(i32::from_le_bytes);
        let (device_model, pos) = item(buf, 16)?;
        let (platform, pos) = item(buf, pos)?;
        let (system_version, pos) = item(buf, pos)?;
        let api_id = int(pos)?;
        let (app_name, pos) = item(buf, pos + 4)?;
        let (app_version, pos) = item(buf, pos)?;
        let date_created = int(pos)?;
        let date_active = int(pos + 4)?;
        let (ip, pos) = item(buf, pos + 8)?;
        let (country, pos) = item(buf, pos)?;
        let (region, pos) = item(buf, pos)?;
        if pos != buf.len() {
            return None;
        }
        Some(Authorization {
            flags: u32::from_le_bytes(flags),
            hash: i64::from_le_bytes(hash),
            device_model: string(device_model)?,
            platform: string(platform)?,
            system_version: string(system_version)?,
            api_id,
            app_name: string(app_name)?,
            app_version: string(app_version)?,
            date_created,
            date_active,
            ip: string(ip)?,
            country: string(country)?,
            region: string(region)?,
        })
    }

    /// Borrows every field; validates no string.
    pub fn decode_no_utf8(buf: &[u8]) -> Option<Authorization<&[u8]>> {
        decode(buf, Some)
    }

    /// Borrows every field; each string must pass std's `from_utf8`.
    pub fn decode_utf8(buf: &[u8]) -> Option<Authorization<&str>> {
        decode(buf, |b| core::str::from_utf8(b).ok())
    }

    /// `auth.acceptLoginToken` in a `Vec` of exactly the right capacity:
    /// one allocation, then the id, the length prefix, the token and the
    /// padding copied in. `None` for a token of 2^24 bytes or more.
    pub fn encode_accept_login_token(token: &[u8]) -> Option<Vec<u8>> {
        let len = token.len();
        if len >= 1 << 24 {
            return None;
        }
        let body_end = if len <= 253 { 1 + len } else { 4 + len };
        let total = (body_end + 3) & !3;
        let mut out = Vec::with_capacity(4 + total);
        out.extend_from_slice(&ACCEPT_LOGIN_TOKEN_ID.to_le_bytes());
        if len <= 253 {
            out.push(len as u8);
        } else {
            out.extend_from_slice(&[254, len as u8, (len >> 8) as u8, (len >> 16) as u8]);
        }
        out.extend_from_slice(token);
        out.extend_from_slice(&[0; 3][..total - body_end]);
        Some(out)
    }
}
