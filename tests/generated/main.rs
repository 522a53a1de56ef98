//! The generator beyond the shipped lines: `tests/schema/test.tl` exercises
//! vectors (boxed, bare, nested), optional fields of many types on two flags
//! words, two fields sharing a bit, `int128`/`int256`, `double`, `Bool`, bare
//! constructor references, recursion and keyword field names. Its generated
//! code is the committed golden file `tests/golden/test_schema.rs` (kept in
//! step by `tests/golden.rs`), compiled and exercised here.

// Only part of the test schema's API is used by these tests.
#[allow(dead_code)]
mod test_schema {
    include!("../golden/test_schema.rs");
}

mod properties;

use test_schema::{enums, functions, types};
use tlwire::{
    decode, decode_in, Answer, Arena, DecodeErrorKind, DecodeOptions, Encode, EncodeErrorKind,
    Function, Identifiable, Owned,
};

/// Encodes `value`, checks the length promise, decodes it back (leniently
/// and strictly) and checks it equals `value` and re-encodes to the same bytes.
///
/// Generated types are invariant in their lifetime, so the bytes and the
/// arena are leaked to decode into exactly `T` (values here are built from
/// `'static` data).
fn assert_round_trip<T>(value: &T) -> Vec<u8>
where
    T: Encode + tlwire::Decode<'static> + PartialEq + std::fmt::Debug,
{
    let bytes = value.to_vec().expect("encodable");
    assert_eq!(
        bytes.len(),
        value.encoded_len().unwrap(),
        "encoded_len is exact"
    );
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let arena: &'static Arena = Box::leak(Box::default());
    let back: T = decode_in(bytes, arena, DecodeOptions::default()).expect("decodes");
    assert_eq!(&back, value);
    assert_eq!(back.to_vec().unwrap(), bytes);
    let strict: T = decode_in(bytes, arena, DecodeOptions::strict()).expect("canonical");
    assert_eq!(&strict, value);
    bytes.to_vec()
}

/// `items` for a vector field of a `'static` value.
fn leak<T>(items: Vec<T>) -> &'static [T] {
    items.leak()
}

fn sample(s: &str, raw: &[u8]) -> types::Sample<'static> {
    let s: &'static str = Box::leak(s.to_owned().into_boxed_str());
    let raw: &'static [u8] = Box::leak(raw.to_vec().into_boxed_slice());
    types::Sample {
        b: true,
        i: -5,
        l: i64::MIN,
        d: 2.5,
        big: [7; 16],
        huge: [9; 32],
        s: s.into(),
        raw,
        at: types::Point { x: 1, y: -1 },
        r#type: 42,
    }
}

#[test]
fn every_primitive_round_trips_with_exact_bytes() {
    let value = sample("héllo", &[0, 1, 2]);
    let bytes = assert_round_trip(&value);
    let mut expected = Vec::new();
    expected.extend_from_slice(&types::Sample::CONSTRUCTOR_ID.to_le_bytes());
    expected.extend_from_slice(&0x9972_75b5u32.to_le_bytes()); // boolTrue
    expected.extend_from_slice(&(-5i32).to_le_bytes());
    expected.extend_from_slice(&i64::MIN.to_le_bytes());
    expected.extend_from_slice(&2.5f64.to_le_bytes());
    expected.extend_from_slice(&[7; 16]);
    expected.extend_from_slice(&[9; 32]);
    expected.extend_from_slice(&[6, b'h', 0xc3, 0xa9, b'l', b'l', b'o', 0]);
    expected.extend_from_slice(&[3, 0, 1, 2]);
    // `%Point` is bare: no constructor id.
    expected.extend_from_slice(&1i32.to_le_bytes());
    expected.extend_from_slice(&(-1i32).to_le_bytes());
    expected.extend_from_slice(&42i32.to_le_bytes());
    assert_eq!(bytes, expected);
}

#[test]
fn vectors_boxed_bare_and_nested() {
    let value = types::Lists {
        ints: leak(vec![1, -2]),
        longs: leak(vec![3]),
        strings: leak(vec!["a".into(), "".into()]),
        blobs: leak(vec![&[1, 2, 3, 4][..]]),
        points: leak(vec![types::Point { x: 5, y: 6 }.into()]),
        bare_points: leak(vec![types::Point { x: 7, y: 8 }]),
        grid: leak(vec![leak(vec![]), leak(vec![9])]),
    };
    let bytes = assert_round_trip(&value);
    // ints: boxed vector id, count 2, two ints.
    assert_eq!(&bytes[4..8], &0x1cb5_c415u32.to_le_bytes());
    assert_eq!(&bytes[8..12], &2i32.to_le_bytes());
    // longs: bare, so the count follows directly.
    assert_eq!(&bytes[20..24], &1i32.to_le_bytes());
}

/// An `Options` with every optional field absent and no flag bit set.
fn no_options() -> types::Options<'static> {
    types::Options {
        unknown_flags: 0,
        self_: false,
        n: None,
        l: None,
        s: None,
        raw: None,
        ints: None,
        p: None,
        ok: None,
        big: None,
        d: None,
        lat: None,
        long: None,
        unknown_flags2: 0,
        late: false,
        r: None,
    }
}

#[test]
fn optional_fields_on_two_flag_words() {
    let none = no_options();
    let bytes = assert_round_trip(&none);
    assert_eq!(bytes.len(), 4 + 4 + 4, "id and two empty flags words");

    let all = types::Options {
        unknown_flags: 0,
        self_: true,
        n: Some(1),
        l: Some(2),
        s: Some("three".into()),
        raw: Some(&[4]),
        ints: Some(leak(vec![5, 6])),
        p: Some(types::Point { x: 7, y: 8 }.into()),
        ok: Some(false),
        big: Some([1; 16]),
        d: Some(-0.5),
        lat: Some(52.0),
        long: Some(4.9),
        unknown_flags2: 0,
        late: true,
        r: Some("last".into()),
    };
    let bytes = assert_round_trip(&all);
    assert_eq!(all.flags_word(), 0x7ff);
    assert_eq!(all.flags2_word(), 0x8000_0001);
    assert_eq!(&bytes[4..8], &0x7ffu32.to_le_bytes());
}

#[test]
fn unknown_flag_bits_survive_and_known_bits_are_ignored() {
    let value = types::Options {
        unknown_flags: 0xf000_0000,
        unknown_flags2: 0x0000_0100,
        ..no_options()
    };
    assert_round_trip(&value);
    // A known bit placed in unknown_flags does not override its field.
    let mut sneaky = value.clone();
    sneaky.unknown_flags |= 0x2;
    assert_eq!(sneaky.flags_word(), 0xf000_0000);
}

#[test]
fn fields_sharing_a_bit_must_agree() {
    let mut value = types::Options {
        lat: Some(1.0),
        ..no_options()
    };
    let err = value.to_vec().unwrap_err();
    assert_eq!(err.kind(), EncodeErrorKind::FlagConflict { bit: 10 });
    value.long = Some(2.0);
    assert_round_trip(&value);
}

#[test]
fn recursion_through_fields_and_vectors() {
    let list: enums::List = types::Cons {
        head: 1,
        tail: Box::leak(Box::new(
            types::Cons {
                head: 2,
                tail: Box::leak(Box::new(types::Nil {}.into())),
            }
            .into(),
        )),
    }
    .into();
    assert_round_trip(&list);

    let tree: enums::Tree = types::Node {
        children: leak(vec![
            types::Leaf { value: "a".into() }.into(),
            types::Node {
                children: leak(vec![]),
            }
            .into(),
        ]),
    }
    .into();
    assert_round_trip(&tree);
}

#[test]
fn recursion_is_bounded_by_the_depth_limit() {
    let arena = Arena::new();
    // cons(0, cons(0, ... nil)) nested deeper than the limit allows.
    let mut bytes = Vec::new();
    for _ in 0..100 {
        bytes.extend_from_slice(&types::Cons::CONSTRUCTOR_ID.to_le_bytes());
        bytes.extend_from_slice(&0i32.to_le_bytes());
    }
    bytes.extend_from_slice(&types::Nil::CONSTRUCTOR_ID.to_le_bytes());
    let err = decode_in::<enums::List>(&bytes, &arena, DecodeOptions::default().with_max_depth(16))
        .unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::LimitExceeded { .. }),
        "{err}"
    );
    // Only `cons` can contain itself, so it alone counts: the 17th `cons`
    // fails where its fields start, after its constructor id.
    assert_eq!(err.offset(), 16 * 8 + 4);
    let ok: enums::List = decode_in(&bytes, &arena, DecodeOptions::default().with_max_depth(101))
        .expect("within the limit");
    assert_eq!(ok.to_vec().unwrap(), bytes);
}

#[test]
fn recursion_through_a_vector_is_bounded_too() {
    let arena = Arena::new();
    // node([node([... node([])])]): Tree contains itself through Vector<Tree>.
    let nested = |levels: usize| {
        let mut bytes = Vec::new();
        for i in 0..levels {
            bytes.extend_from_slice(&types::Node::CONSTRUCTOR_ID.to_le_bytes());
            bytes.extend_from_slice(&0x1cb5_c415u32.to_le_bytes());
            let children: i32 = if i + 1 == levels { 0 } else { 1 };
            bytes.extend_from_slice(&children.to_le_bytes());
        }
        bytes
    };
    let deep = nested(40);
    let err = decode_in::<enums::Tree>(&deep, &arena, DecodeOptions::default().with_max_depth(32))
        .unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::LimitExceeded { .. }),
        "{err}"
    );
    // The 33rd node fails where its fields start.
    assert_eq!(err.offset(), 32 * 12 + 4);
    let ok: enums::Tree = decode_in(&deep, &arena, DecodeOptions::default().with_max_depth(40))
        .expect("within the limit");
    assert_eq!(ok.to_vec().unwrap(), deep);
}

#[test]
fn types_that_cannot_contain_themselves_do_not_count() {
    let arena = Arena::new();
    // A `lists` value nests Vector<Vector<int>> and Vector<Point>, none of
    // which can contain a `lists`: a depth limit of 0 does not stop it.
    let value: types::Lists = types::Lists {
        ints: leak(vec![7]),
        longs: leak(vec![]),
        strings: leak(vec![]),
        blobs: leak(vec![]),
        points: leak(vec![types::Point { x: 1, y: 2 }.into()]),
        bare_points: leak(vec![types::Point { x: 3, y: 4 }]),
        grid: leak(vec![leak(vec![1, 2]), leak(vec![])]),
    };
    let bytes = value.to_vec().unwrap();
    let back: types::Lists = decode_in(&bytes, &arena, DecodeOptions::default().with_max_depth(0))
        .expect("not recursive");
    assert_eq!(back, value);
    // A `cons` can: with the limit at 0, the first one fails.
    let list = types::Cons {
        head: 1,
        tail: Box::leak(Box::new(types::Nil {}.into())),
    }
    .to_vec()
    .unwrap();
    assert!(
        decode_in::<types::Cons>(&list, &arena, DecodeOptions::default().with_max_depth(0))
            .is_err()
    );
}

#[test]
fn many_constructors_dispatch_on_the_id() {
    for shape in [
        enums::Shape::from(types::ShapeCircle { r: 3 }),
        types::ShapeSquare { side: 4 }.into(),
        types::ShapeEmpty {}.into(),
    ] {
        let bytes = assert_round_trip(&shape);
        assert_eq!(&bytes[..4], &shape.constructor_id().to_le_bytes());
    }
    let err = decode::<enums::Shape>(&0xdead_beefu32.to_le_bytes()).unwrap_err();
    assert_eq!(
        err.kind(),
        DecodeErrorKind::UnknownConstructor {
            id: 0xdead_beef,
            expected: "Shape"
        }
    );
}

#[test]
fn functions_link_their_response_types() {
    fn response<'a, F: Function>(bytes: &'a [u8], arena: &'a Arena) -> Answer<'a, F> {
        decode_in(bytes, arena, DecodeOptions::default()).expect("decodes")
    }
    let arena = Arena::new();
    let longs = Encode::to_vec(&[1i64, 2, 3][..]).unwrap();
    let got: &[i64] = response::<functions::test::GetLongs>(&longs, &arena);
    assert_eq!(got, [1, 2, 3]);
    let yes = true.to_vec().unwrap();
    let got: bool = response::<functions::test::Ping>(&yes, &arena);
    assert!(got);
    let request = functions::test::GetLongs { ids: leak(vec![7]) };
    assert_round_trip(&request);
    assert_eq!(functions::test::GetLongs::TL_NAME, "test.getLongs");
}

#[test]
fn string_and_bytes_results_decode_borrowed_and_owned() {
    // vector#1cb5c415, 2 elements: "a" and "bc", each a padded TL string.
    let mut names = vec![0x15, 0xc4, 0xb5, 0x1c, 2, 0, 0, 0];
    names.extend_from_slice(&[1, b'a', 0, 0, 2, b'b', b'c', 0]);
    fn borrowed<'a, F: Function>(bytes: &'a [u8], arena: &'a Arena) -> Answer<'a, F> {
        decode_in(bytes, arena, DecodeOptions::default()).expect("decodes")
    }
    let arena = Arena::new();
    fn owned<F: Function>(bytes: &[u8]) -> Owned<F::Response> {
        Owned::decode(
            bytes::Bytes::copy_from_slice(bytes),
            DecodeOptions::strict(),
        )
        .expect("decodes")
    }
    let got: &[tlwire::TlStr<'_>] = borrowed::<functions::test::GetNames>(&names, &arena);
    assert_eq!(got, ["a", "bc"]);
    let got = owned::<functions::test::GetNames>(&names);
    assert_eq!(*got.get(), ["a", "bc"]);
    let name = [2, b'h', b'i', 0];
    let got: tlwire::TlStr<'_> = borrowed::<functions::test::GetName>(&name, &arena);
    assert_eq!(got, "hi");
    // Vector<bytes>: one element of three bytes.
    let blobs = [0x15, 0xc4, 0xb5, 0x1c, 1, 0, 0, 0, 3, 7, 8, 9];
    let got: &[&[u8]] = borrowed::<functions::test::GetBlobs>(&blobs, &arena);
    assert_eq!(got, [&[7u8, 8, 9][..]]);
    let got = owned::<functions::test::GetBlobs>(&blobs);
    assert_eq!(*got.get(), [&[7u8, 8, 9][..]]);
    // An element cut short is an error at its offset, not a panic.
    let mut cut = names[..12].to_vec();
    cut.extend_from_slice(&[5, b'h', b'e', b'l']);
    let err =
        decode_in::<&[tlwire::TlStr<'_>]>(&cut, &arena, DecodeOptions::default()).unwrap_err();
    assert_eq!(err.offset(), 12, "{err}");
    assert!(err.to_string().contains("element 1"), "{err}");
}

#[test]
fn namespaced_types_borrowed_and_owned() {
    let value: enums::test::Nested = types::test::Nested {
        id: 9,
        name: "n".into(),
    }
    .into();
    let bytes = assert_round_trip(&value);
    let owned = Owned::<enums::test::Nested<'static>>::decode(
        bytes::Bytes::from(bytes.clone()),
        DecodeOptions::default(),
    )
    .unwrap();
    assert_eq!(owned.to_vec().unwrap(), bytes);
}

#[test]
fn generic_functions_wrap_a_query_and_answer_what_it_answers() {
    let ping = functions::test::Ping {};
    let call = functions::InvokeWithLayer {
        layer: 214,
        query: ping.clone(),
    };
    let bytes = call.to_vec().unwrap();
    let mut expected = functions::InvokeWithLayer::<functions::test::Ping>::CONSTRUCTOR_ID
        .to_le_bytes()
        .to_vec();
    expected.extend_from_slice(&214i32.to_le_bytes());
    expected.extend_from_slice(&ping.to_vec().unwrap());
    assert_eq!(bytes, expected);

    // The answer type is the query's: `test.ping` answers `Bool`.
    fn answer<F: Function>(bytes: &[u8]) -> Answer<'_, F> {
        decode(bytes).expect("decodes")
    }
    let yes = true.to_vec().unwrap();
    let got: bool = answer::<functions::InvokeWithLayer<functions::test::Ping>>(&yes);
    assert!(got);

    // Decoded as any object, the query is itself any object.
    let arena = Arena::new();
    let object: enums::Object<'_> = decode_in(&bytes, &arena, DecodeOptions::default()).unwrap();
    let enums::Object::InvokeWithLayer(inner) = &object else {
        panic!("expected invokeWithLayer, got {object:?}");
    };
    assert_eq!(inner.layer, 214);
    assert_eq!(inner.query.tl_name(), "test.ping");
    assert_eq!(object.to_vec().unwrap(), bytes);
}

#[test]
fn generic_functions_nest_with_strings_and_flags() {
    let arena = Arena::new();
    let call = functions::InitConnection {
        unknown_flags: 0,
        api_id: 6,
        device_model: "Pixel 8 Pro".into(),
        proxy: Some(types::Point { x: 1, y: 2 }.into()),
        query: functions::InvokeWithLayer {
            layer: 214,
            query: functions::test::GetLongs {
                ids: leak(vec![1, 2]),
            },
        },
    };
    let bytes = call.to_vec().unwrap();
    assert_eq!(bytes.len(), call.encoded_len().unwrap());
    let object: enums::Object<'_> = decode_in(&bytes, &arena, DecodeOptions::default()).unwrap();
    assert_eq!(object.to_vec().unwrap(), bytes);
    let owned = Owned::<enums::Object<'static>>::decode(
        bytes::Bytes::from(bytes.clone()),
        DecodeOptions::strict(),
    )
    .unwrap();
    assert_eq!(owned.to_vec().unwrap(), bytes);
}

#[test]
fn field_names_become_snake_case() {
    let srp = types::test::Srp {
        a: &[1],
        m1: &[2],
        srp_b: "b".into(),
    };
    assert_round_trip(&srp);
}

#[test]
fn names_that_clash_in_rust_are_told_apart() {
    // `fooBar` and `foo_bar` both come out `FooBar`: the later one gets an
    // underscore, as a struct and as a variant, and keeps its own id.
    let first = enums::FooBar::FooBar(types::FooBar { n: 1 });
    let second = enums::FooBar::FooBar_(types::FooBar_ { n: -2 });
    assert_ne!(first.constructor_id(), second.constructor_id());
    assert_eq!(second.tl_name(), "foo_bar");
    for value in [first, second] {
        assert_round_trip(&value);
    }
    // Names the generated code relies on (`Result`, `Self`, the
    // `wire` of `for_generated_code`) get an underscore too.
    assert_round_trip(&enums::Result_::Result(types::Result_ {}));
    assert_round_trip(&enums::Self_::Self_(types::Self_ {}));
    assert_eq!(types::Result_::TL_NAME, "result");
    // A schema field named like the flags word's own field keeps its name;
    // the generated one steps aside. A field named `r` (the reader) decodes.
    let thing = types::wire_::Thing {
        unknown_flags_: 1 << 9,
        on: true,
        unknown_flags: -7,
        r: 42,
    };
    assert_eq!(thing.flags_word(), 1 << 9 | 1);
    assert_round_trip(&thing);
    // A flags word named `type`.
    let keyword = types::test::Keyword {
        unknown_type: 1 << 4,
        x: Some(5),
    };
    assert_eq!(keyword.type_word(), 1 << 4 | 1 << 3);
    assert_round_trip(&keyword);
}

#[test]
fn a_plain_answer_with_a_vector_decodes_into_the_callers_arena() {
    use tlwire::rpc::{decode_response, Body};
    let mut answer = vec![0x01, 0x6d, 0x5c, 0xf3];
    answer.extend_from_slice(&7i64.to_le_bytes());
    answer.extend_from_slice(&Encode::to_vec(&[1i64, 2][..]).unwrap());
    let arena = Arena::new();
    let outcome =
        decode_response::<functions::test::GetLongs>(&answer, &arena, 7, DecodeOptions::strict())
            .unwrap();
    let Body::Borrowed(longs) = outcome else {
        panic!("expected the answer, borrowed: {outcome:?}")
    };
    assert_eq!(longs, [1, 2]);
    assert_eq!(arena.used_bytes(), 16);
}

/// Error enums whose names and variants are awkward in Rust compile and
/// sort errors by name: a keyword, the catch-all's own name, numbers in
/// every place, a namespace called `core`.
#[test]
fn awkward_error_names_compile_and_sort() {
    use test_schema::errors::{self, core::ProbeError};
    use tlwire::rpc::{MethodError, RpcError};
    let sort = |code, message: &str| RpcError::new(code, message);
    assert!(matches!(
        errors::RpcErrorError_::from_rpc_error(sort(400, "SELF")),
        errors::RpcErrorError_::Self_(_)
    ));
    assert!(matches!(
        errors::RpcErrorError_::from_rpc_error(sort(400, "OTHER")),
        errors::RpcErrorError_::EOther(_)
    ));
    assert!(matches!(
        errors::RpcErrorError_::from_rpc_error(sort(400, "ELSE")),
        errors::RpcErrorError_::Other(_)
    ));
    assert!(matches!(
        errors::MethodErrorError_::from_rpc_error(sort(420, "FLOOD_WAIT_30")),
        errors::MethodErrorError_::FloodWait { number: 30, .. }
    ));
    assert!(matches!(
        errors::MethodErrorError_::from_rpc_error(sort(400, "FILE_PART_7_MISSING")),
        errors::MethodErrorError_::FilePartMissing { number: 7, .. }
    ));
    assert!(matches!(
        ProbeError::from_rpc_error(sort(400, "PROBE_FAILED")),
        ProbeError::ProbeFailed { number: None, .. }
    ));
    let leading = ProbeError::from_rpc_error(sort(400, "2FA_NEEDED"));
    assert!(matches!(leading, ProbeError::E2faNeeded(_)));
    assert_eq!(
        leading.to_string(),
        "rpc error 400 2FA_NEEDED: A leading digit."
    );
}
