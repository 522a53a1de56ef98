//! The JSON shape of `long`s: written as strings, so a reader that holds
//! every number as an IEEE double (JavaScript, jq) loses nothing, and read
//! back as strings or as integers that fit exactly. And how deep JSON may
//! nest: as deep as a decode, no deeper.

#![cfg(feature = "serde")]

use serde::de::DeserializeSeed;
use serde_json::Value;
use tlwire::{decode, enums::Authorization, json, sample, types, Arena, Encode};

/// `value` as a reader that keeps numbers as doubles sees it.
fn through_doubles(value: &mut Value) {
    match value {
        Value::Number(n) => {
            let double = n.as_f64().unwrap();
            *value = serde_json::Number::from_f64(double).map_or(Value::Null, Value::Number);
            // Whole doubles print as integers, as JavaScript prints them.
            if let Some(whole) = value.as_f64().filter(|d| d.fract() == 0.0) {
                *value = Value::from(whole as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(through_doubles),
        Value::Object(map) => map.values_mut().for_each(through_doubles),
        _ => {}
    }
}

/// The encoding of the authorization `text` describes.
fn read_back(text: &str) -> Result<Vec<u8>, serde_json::Error> {
    let arena = Arena::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let value: Authorization<'_> = json::Seed::new(&arena).deserialize(&mut de)?;
    Ok(value.to_vec().unwrap())
}

#[test]
fn longs_survive_a_reader_of_doubles() {
    let auth: Authorization<'_> = decode(sample::AUTHORIZATION).unwrap();
    let Authorization::Authorization(inner) = &auth;
    // The sample's hash needs all 64 bits: a double cannot hold it.
    assert_ne!(inner.hash as f64 as i64, inner.hash);
    let text = serde_json::to_string(&auth).unwrap();
    assert!(
        text.contains(&format!(r#""hash":"{}""#, inner.hash)),
        "{text}"
    );
    let mut value: Value = serde_json::from_str(&text).unwrap();
    through_doubles(&mut value);
    assert_eq!(
        read_back(&value.to_string()).unwrap(),
        sample::AUTHORIZATION
    );
}

#[test]
fn a_long_is_read_from_a_string_or_an_exact_integer_only() {
    let with_hash = |hash: &str| {
        let text =
            serde_json::to_string(&decode::<Authorization<'_>>(sample::AUTHORIZATION).unwrap())
                .unwrap();
        let start = text.find(r#""hash":"#).unwrap() + r#""hash":"#.len();
        let end = start + text[start..].find(',').unwrap();
        format!("{}{hash}{}", &text[..start], &text[end..])
    };
    let hash_of = |bytes: &[u8]| {
        let Authorization::Authorization(inner) = decode(bytes).unwrap();
        inner.hash
    };
    for (written, expected) in [
        (r#""-1""#, -1),
        (r#""9223372036854775807""#, i64::MAX),
        (r#""-9223372036854775808""#, i64::MIN),
        ("5", 5),
        ("-9223372036854775808", i64::MIN),
    ] {
        let encoded = read_back(&with_hash(written)).unwrap_or_else(|e| panic!("{written}: {e}"));
        assert_eq!(hash_of(&encoded), expected, "{written}");
    }
    for refused in [
        r#""9223372036854775808""#,
        r#""12a""#,
        r#""""#,
        r#""+5""#,
        r#"" 5""#,
        "9223372036854775808",
        "5.0",
        "2.061098589911046e18",
        "true",
    ] {
        let error = read_back(&with_hash(refused)).unwrap_err();
        assert!(
            error.to_string().contains("long") || error.to_string().contains("range"),
            "{refused}: {error}"
        );
    }
}

#[test]
fn vectors_and_optional_longs_are_strings_too() {
    let ack = types::MsgsAck {
        msg_ids: &[i64::MAX, -7],
    };
    let text = serde_json::to_string(&ack).unwrap();
    assert_eq!(
        text,
        r#"{"_":"msgs_ack","msg_ids":["9223372036854775807","-7"]}"#
    );
}

/// A `double` takes any number it holds exactly, and refuses an integer it
/// would round.
#[test]
fn a_double_is_never_rounded_silently() {
    use tlwire::enums::JSONValue;
    let read = |text: &str| {
        let arena = Arena::new();
        let mut de = serde_json::Deserializer::from_str(text);
        let value: Result<JSONValue<'_>, _> = json::Seed::new(&arena).deserialize(&mut de);
        value.map(|v| v.to_vec().unwrap())
    };
    let number = |n: &str| format!(r#"{{"_":"jsonNumber","value":{n}}}"#);
    for exact in [
        "0",
        "-1",
        "1.5",
        "9007199254740992",
        "1e300",
        "-9223372036854775808",
    ] {
        assert!(read(&number(exact)).is_ok(), "{exact}");
    }
    for rounded in [
        "9007199254740993",
        "9223372036854775807",
        "18446744073709551615",
    ] {
        let error = read(&number(rounded)).unwrap_err();
        assert!(
            error.to_string().contains("no exact double"),
            "{rounded}: {error}"
        );
    }
}

/// `auth.acceptLoginToken` inside `levels` `invokeWithLayer`s, as JSON:
/// `levels` values that can contain themselves, which is what a decode's
/// depth limit counts.
fn nest(levels: usize) -> String {
    let mut text = String::from(r#"{"_":"auth.acceptLoginToken","token":"0102"}"#);
    for _ in 0..levels {
        text = format!(r#"{{"_":"invokeWithLayer","layer":1,"query":{text}}}"#);
    }
    text
}

/// JSON reads values nested as deep as the decode's default depth limit,
/// which reads their encoding back, and one level more is refused by both
/// with an error that says so; the refusal leaves the arena able to read
/// the deepest nest again.
#[test]
fn json_nests_as_deep_as_a_decode_and_no_deeper() {
    use tlwire::{decode_in, enums::Object, DecodeOptions, DEFAULT_MAX_DEPTH};
    let limit = DEFAULT_MAX_DEPTH as usize;
    let arena = Arena::new();
    let read = |text: &str| -> Result<Vec<u8>, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let value: Object<'_> = json::Seed::new(&arena).deserialize(&mut de)?;
        Ok(value.to_vec().unwrap())
    };
    let deepest = read(&nest(limit)).expect("the deepest nest reads");
    let scratch = Arena::new();
    let back: Object<'_> =
        decode_in(&deepest, &scratch, DecodeOptions::default()).expect("and its encoding decodes");
    assert_eq!(back.to_vec().unwrap(), deepest);

    let past = nest(limit + 1);
    let error = read(&past).unwrap_err();
    assert!(
        error
            .to_string()
            .contains(&format!("past the depth limit of {limit} levels")),
        "{error}"
    );
    assert_eq!(read(&nest(limit)).unwrap(), deepest);
    let mut past_encoded = vec![0x0d, 0x0d, 0x9b, 0xda, 1, 0, 0, 0];
    past_encoded.extend_from_slice(&deepest);
    let refused = decode_in::<Object<'_>>(&past_encoded, &scratch, DecodeOptions::default());
    assert!(refused.is_err(), "the decode refuses it too");
}
