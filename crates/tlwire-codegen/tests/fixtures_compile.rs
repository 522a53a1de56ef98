//! Every fixture's expected code (`tests/fixtures/<case>/expected.rs`, kept
//! by `tests/golden.rs`) compiles against the runtime, and the cases that
//! add a behaviour are exercised: values encode and decode back, a
//! credential stays out of `Debug`.

macro_rules! fixtures {
    ($($(#[$attr:meta])* $case:ident),* $(,)?) => {
        $(
            $(#[$attr])*
            #[allow(dead_code, clippy::all)]
            mod $case {
                include!(concat!(
                    "fixtures/",
                    stringify!($case),
                    "/expected.rs"
                ));
            }
        )*

        /// The cases included above, to check none is left out.
        const INCLUDED: &[&str] = &[$(stringify!($case)),*];
    };
}

fixtures!(
    boxed_type,
    flags,
    functions,
    generic_request,
    items,
    long_names,
    method_facts,
    names,
    primitives,
    recursion,
    serde,
    skipped_lines,
    vectors,
);

use tlwire::{decode, decode_in, Arena, DecodeOptions, Encode};

#[test]
fn every_fixture_is_compiled_here() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    cases.sort();
    assert_eq!(cases, INCLUDED, "add each fixture to the list in this file");
}

#[test]
fn flags_words_round_trip_with_unknown_bits() {
    let user = flags::types::User {
        unknown_flags: 1 << 9,
        id: 7,
        name: Some("ann".into()),
        bot: true,
        phone: Some("+1".into()),
        unknown_flags2: 0,
        premium: true,
        stories: Some(3),
    };
    let bytes = flags::enums::User::User(user.clone()).to_vec().unwrap();
    let flags::enums::User::User(back) = decode::<flags::enums::User>(&bytes).unwrap();
    assert_eq!(back, user);
}

#[test]
fn a_recursive_nest_decodes_in_an_arena() {
    use recursion::enums::RichText;
    let plain = RichText::TextPlain(recursion::types::TextPlain { text: "x".into() });
    let bold = RichText::TextBold(recursion::types::TextBold { text: &plain });
    let bytes = bold.to_vec().unwrap();
    let arena = Arena::new();
    let back: RichText<'_> = decode_in(&bytes, &arena, DecodeOptions::default()).unwrap();
    assert_eq!(back, bold);
}

#[test]
fn a_credential_is_redacted_in_debug() {
    let request = method_facts::functions::auth::AcceptLoginToken { token: b"secret" };
    let text = format!("{request:?}");
    assert!(!text.contains("115"), "{text}");
    assert!(text.contains("<6 bytes>"), "{text}");
}
