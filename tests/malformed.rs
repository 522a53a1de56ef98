//! The malformed-input contract, row by row, in both modes:
//!
//! | input                                        | lenient            | strict |
//! |----------------------------------------------|--------------------|--------|
//! | truncated anywhere                           | error              | error  |
//! | length prefix beyond the bytes left          | error              | error  |
//! | first length byte 0xff                       | error              | error  |
//! | long form used for a length ≤ 253            | accepted           | error  |
//! | non-zero padding bytes                       | accepted           | error  |
//! | invalid UTF-8 in a `string`                  | accepted, kept raw | error  |
//! | unknown bits in a `flags` word               | accepted, kept     | same   |
//! | bytes left after a complete top-level object | error              | error  |
//! | a constructor other than the asked type's    | error (both named) | error  |
//!
//! Inputs are built here from the wire rules, independently of the encoder.

use tlwire::{decode_with, enums, sample, DecodeErrorKind, DecodeOptions, Encode, TlStr};

const LENIENT: DecodeOptions = DecodeOptions::lenient();
const STRICT: DecodeOptions = DecodeOptions::strict();

/// The sample authorization with its `device_model` (offset 16, "Pixel 8 Pro",
/// 12 bytes on the wire) replaced by `string` (already encoded).
fn with_device_model(string: &[u8]) -> Vec<u8> {
    let mut out = sample::AUTHORIZATION[..16].to_vec();
    out.extend_from_slice(string);
    out.extend_from_slice(&sample::AUTHORIZATION[28..]);
    out
}

fn outcome(
    input: &[u8],
    options: DecodeOptions,
) -> Result<enums::Authorization<'_>, DecodeErrorKind> {
    decode_with::<enums::Authorization<'_>>(input, options).map_err(|e| e.kind())
}

#[test]
fn truncated_anywhere_is_an_error_in_both_modes() {
    for len in 0..sample::AUTHORIZATION.len() {
        for options in [LENIENT, STRICT] {
            let kind = outcome(&sample::AUTHORIZATION[..len], options).unwrap_err();
            assert!(
                matches!(kind, DecodeErrorKind::UnexpectedEnd { .. }),
                "{len}: {kind:?}"
            );
        }
    }
}

#[test]
fn a_length_beyond_the_bytes_left_is_an_error_in_both_forms_and_modes() {
    // Short form claiming 200 bytes; long form claiming 70000.
    for prefix in [
        &[200u8, b'P', b'i', b'x'][..],
        &[0xfe, 0x70, 0x11, 0x01, b'P', b'i', b'x', b'e'],
    ] {
        let input = with_device_model(prefix);
        for options in [LENIENT, STRICT] {
            let err = decode_with::<enums::Authorization<'_>>(&input, options).unwrap_err();
            assert!(
                matches!(err.kind(), DecodeErrorKind::UnexpectedEnd { .. }),
                "{err}"
            );
            assert_eq!(err.offset(), 16);
            assert!(err.to_string().contains("field device_model"), "{err}");
        }
    }
}

#[test]
fn a_first_length_byte_of_ff_is_an_error_in_both_modes() {
    let input = with_device_model(&[0xff, 0, 0, 0]);
    for options in [LENIENT, STRICT] {
        assert_eq!(
            outcome(&input, options).unwrap_err(),
            DecodeErrorKind::InvalidLengthPrefix
        );
    }
}

#[test]
fn the_long_form_for_a_short_length_is_lenient_only() {
    // "Pixel 8 Pro" (11 bytes) in the long form: fe 0b 00 00, body, 1 pad byte.
    let mut long = vec![0xfe, 11, 0, 0];
    long.extend_from_slice(b"Pixel 8 Pro");
    long.push(0);
    let input = with_device_model(&long);
    let enums::Authorization::Authorization(auth) = outcome(&input, LENIENT).unwrap();
    assert_eq!(auth.device_model, "Pixel 8 Pro");
    assert_eq!(
        auth.to_vec().unwrap(),
        sample::AUTHORIZATION,
        "re-encodes canonical"
    );
    assert_eq!(
        outcome(&input, STRICT).unwrap_err(),
        DecodeErrorKind::NonCanonicalLength { len: 11 }
    );
}

#[test]
fn non_zero_padding_is_lenient_only() {
    // A 10-byte string: 1 + 10 bytes, then one byte of padding.
    let mut ten = vec![10];
    ten.extend_from_slice(b"Pixel 8 Pr");
    ten.push(0x55); // the one padding byte, not zero
    let input = with_device_model(&ten);
    let enums::Authorization::Authorization(auth) = outcome(&input, LENIENT).unwrap();
    assert_eq!(auth.device_model, "Pixel 8 Pr");
    assert_eq!(
        outcome(&input, STRICT).unwrap_err(),
        DecodeErrorKind::NonZeroPadding
    );
}

#[test]
fn invalid_utf8_is_kept_raw_in_lenient_mode_and_an_error_in_strict() {
    let input = with_device_model(&[3, 0xc3, 0x28, 0xff]);
    let enums::Authorization::Authorization(auth) = outcome(&input, LENIENT).unwrap();
    assert_eq!(auth.device_model.as_str(), None);
    assert_eq!(auth.device_model.as_bytes(), [0xc3, 0x28, 0xff]);
    assert_eq!(auth.device_model, TlStr::new(&[0xc3, 0x28, 0xff]));
    assert_eq!(auth.to_vec().unwrap(), input, "every byte is kept");
    assert_eq!(
        outcome(&input, STRICT).unwrap_err(),
        DecodeErrorKind::InvalidUtf8
    );
}

#[test]
fn unknown_flag_bits_are_kept_in_both_modes() {
    let mut input = sample::AUTHORIZATION.to_vec();
    input[4..8].copy_from_slice(&(0x22u32 | 0x4000_0100).to_le_bytes());
    for options in [LENIENT, STRICT] {
        let enums::Authorization::Authorization(auth) = outcome(&input, options).unwrap();
        assert_eq!(auth.unknown_flags, 0x4000_0100);
        assert_eq!(auth.flags_word(), 0x4000_0122);
        assert_eq!(auth.to_vec().unwrap(), input);
    }
}

#[test]
fn bytes_after_a_complete_object_are_an_error_in_both_modes() {
    for extra in [&[0u8][..], &[0, 0, 0, 0], sample::AUTHORIZATION] {
        let mut input = sample::AUTHORIZATION.to_vec();
        input.extend_from_slice(extra);
        for options in [LENIENT, STRICT] {
            let err = decode_with::<enums::Authorization<'_>>(&input, options).unwrap_err();
            assert_eq!(
                err.kind(),
                DecodeErrorKind::TrailingBytes { left: extra.len() }
            );
            assert_eq!(err.offset(), sample::AUTHORIZATION.len());
        }
    }
}

#[test]
fn another_types_constructor_is_named_with_the_expected_type_in_both_modes() {
    let rpc_error = [0x19, 0xca, 0x44, 0x21, 0x90, 0x01, 0, 0, 0, 0, 0, 0];
    for options in [LENIENT, STRICT] {
        let err = decode_with::<enums::Authorization<'_>>(&rpc_error, options).unwrap_err();
        assert_eq!(
            err.kind(),
            DecodeErrorKind::UnknownConstructor {
                id: 0x2144_ca19,
                expected: "Authorization"
            }
        );
        assert_eq!(err.offset(), 0);
        assert!(
            err.to_string()
                .contains("expected Authorization, found #2144ca19"),
            "{err}"
        );
    }
}
