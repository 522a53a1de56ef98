//! Properties: every value survives encode → decode unchanged, in both
//! storages, and what strict decoding accepts re-encodes to the same bytes.

use proptest::prelude::*;
use tlwire::{
    decode, decode_with, enums, functions::auth::AcceptLoginToken, types, DecodeOptions, Encode,
    Owned,
};

#[derive(Debug, Clone)]
struct AuthData {
    flags: [bool; 6],
    unknown: u32,
    hash: i64,
    ints: [i32; 3],
    strings: [String; 8],
}

fn auth_data() -> impl Strategy<Value = AuthData> {
    (
        any::<[bool; 6]>(),
        any::<u32>(),
        any::<i64>(),
        any::<[i32; 3]>(),
        // Any Unicode, including the empty string and long strings.
        prop::array::uniform8(prop_oneof![".*", "\\PC{200,300}"]),
    )
        .prop_map(|(flags, unknown, hash, ints, strings)| AuthData {
            flags,
            unknown,
            hash,
            ints,
            strings,
        })
}

impl AuthData {
    fn view(&self) -> types::Authorization<'_> {
        let [current, official_app, password_pending, encrypted, calls, unconfirmed] = self.flags;
        let s = |i: usize| self.strings[i].as_str().into();
        types::Authorization {
            unknown_flags: self.unknown & !0x3f,
            current,
            official_app,
            password_pending,
            encrypted_requests_disabled: encrypted,
            call_requests_disabled: calls,
            unconfirmed,
            hash: self.hash,
            device_model: s(0),
            platform: s(1),
            system_version: s(2),
            api_id: self.ints[0],
            app_name: s(3),
            app_version: s(4),
            date_created: self.ints[1],
            date_active: self.ints[2],
            ip: s(5),
            country: s(6),
            region: s(7),
        }
    }
}

#[test]
fn every_flag_combination_round_trips() {
    let data = AuthData {
        flags: [false; 6],
        unknown: 0,
        hash: 1,
        ints: [2, 3, 4],
        strings: Default::default(),
    };
    for bits in 0u32..64 {
        let mut d = data.clone();
        for (i, f) in d.flags.iter_mut().enumerate() {
            *f = bits & (1 << i) != 0;
        }
        let value = enums::Authorization::from(d.view());
        let bytes = value.to_vec().unwrap();
        assert_eq!(u32::from_le_bytes(bytes[4..8].try_into().unwrap()), bits);
        let back: enums::Authorization<'_> = decode_with(&bytes, DecodeOptions::strict()).unwrap();
        assert_eq!(back, value);
    }
}

proptest! {
    #[test]
    fn authorization_round_trips(data in auth_data()) {
        let value = enums::Authorization::from(data.view());
        let bytes = value.to_vec().unwrap();
        prop_assert_eq!(bytes.len(), value.encoded_len().unwrap());
        prop_assert_eq!(bytes.len() % 4, 0);
        let back: enums::Authorization<'_> = decode_with(&bytes, DecodeOptions::strict()).unwrap();
        prop_assert_eq!(&back, &value);
        let owned = Owned::<enums::Authorization<'static>>::decode(
            bytes::Bytes::from(bytes.clone()),
            DecodeOptions::strict(),
        )
        .unwrap();
        prop_assert_eq!(owned.to_vec().unwrap(), bytes);
    }

    #[test]
    fn bytes_of_any_length_round_trip(body in prop::collection::vec(any::<u8>(), 0..2000)) {
        let value = AcceptLoginToken { token: &body };
        let bytes = value.to_vec().unwrap();
        prop_assert_eq!(bytes.len(), 4 + tlwire::tl_bytes::encoded_len(body.len()).unwrap());
        prop_assert_eq!(bytes[4] == 0xfe, body.len() >= 254, "short form exactly up to 253");
        let back: AcceptLoginToken<'_> = decode_with(&bytes, DecodeOptions::strict()).unwrap();
        prop_assert_eq!(back.token, &body[..]);
        let owned = Owned::<AcceptLoginToken<'static>>::decode(
            bytes::Bytes::from(bytes.clone()),
            DecodeOptions::strict(),
        )
        .unwrap();
        prop_assert_eq!(owned.get().token, &body[..]);
    }

    /// Non-canonical forms (long length form, non-zero padding) decode
    /// leniently to the same value and re-encode canonical; strict rejects them.
    #[test]
    fn non_canonical_bytes_decode_leniently_to_the_canonical_value(
        body in prop::collection::vec(any::<u8>(), 0..300),
        pad_byte in 1u8..,
        long_form in any::<bool>(),
    ) {
        let canonical = AcceptLoginToken { token: &body }.to_vec().unwrap();
        let mut odd = canonical[..4].to_vec();
        if long_form || body.len() >= 254 {
            let len = body.len();
            odd.extend_from_slice(&[0xfe, len as u8, (len >> 8) as u8, (len >> 16) as u8]);
        } else {
            odd.push(body.len() as u8);
        }
        odd.extend_from_slice(&body);
        while !odd.len().is_multiple_of(4) {
            odd.push(pad_byte);
        }
        let back: AcceptLoginToken<'_> = decode(&odd).unwrap();
        prop_assert_eq!(back.token, &body[..]);
        prop_assert_eq!(back.to_vec().unwrap(), canonical.clone());
        let strict = decode_with::<AcceptLoginToken<'_>>(&odd, DecodeOptions::strict());
        prop_assert_eq!(strict.is_ok(), odd == canonical);
    }

    /// Whatever bytes come in, decoding returns a value or an error; and what
    /// strict decoding accepts re-encodes to exactly the input.
    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..200)) {
        let arena = tlwire::Arena::new();
        for options in [DecodeOptions::default(), DecodeOptions::strict()] {
            if let Ok(object) = tlwire::decode_any(&input, &arena, options) {
                let again = object.to_vec().unwrap();
                if options.is_strict() {
                    prop_assert_eq!(again, input.clone());
                } else {
                    let back = tlwire::decode_any(&again, &arena, options).unwrap();
                    prop_assert_eq!(back, object);
                }
            }
        }
    }
}
