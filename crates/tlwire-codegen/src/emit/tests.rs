//! Each emitter on its own, on one small model: what it writes for a
//! constructor, its decode and encode, a boxed type, the registry, and the
//! layout helpers the emitters share. Whole outputs are the golden
//! fixtures' job; these pin one behaviour each.

use alloc::string::String;
use alloc::vec::Vec;

use super::enums::SPLIT_DECODE;
use super::{impl_for, split_impl_params, Emitter, Params, Scope};
use crate::metadata::Metadata;
use crate::model::Model;
use crate::writer::Writer;
use crate::Options;

fn model(lines: &str) -> Model {
    let schema = tlwire_schema::parse(lines).unwrap();
    Model::build(&schema, &Metadata::default()).unwrap()
}

/// What `emit` writes for the model of `lines` with default options.
fn emitted(lines: &str, emit: impl FnOnce(&mut Emitter<'_>)) -> String {
    emitted_with(lines, &Options::default(), emit)
}

/// What `emit` writes for the model of `lines` with `options`.
fn emitted_with(lines: &str, options: &Options, emit: impl FnOnce(&mut Emitter<'_>)) -> String {
    let model = model(lines);
    let mut emitter = Emitter {
        model: &model,
        options,
        bare: model.used_bare(),
        emits_object: false,
        w: Writer::default(),
    };
    emit(&mut emitter);
    emitter.w.finish()
}

const TOP: Scope = Scope { depth: 1 };

#[test]
fn a_constructor_is_a_struct_of_its_fields_in_order() {
    let code = emitted("point x:int label:string = Point;", |e| {
        let c = e.model.structs[0].clone();
        e.combinator(&c, TOP);
    });
    let x = code.find("pub x: i32,").expect(&code);
    let label = code.find("pub label: TlStr<'a>,").expect(&code);
    assert!(x < label, "{code}");
    assert!(code.contains("pub struct Point<'a> {"), "{code}");
}

#[test]
fn identifiable_carries_the_id_and_the_schema_name() {
    let code = emitted("auth.loginToken expires:int = auth.LoginToken;", |e| {
        let c = e.model.structs[0].clone();
        e.identifiable(&c);
    });
    let id = tlwire_schema::parse("auth.loginToken expires:int = auth.LoginToken;")
        .unwrap()
        .definitions[0]
        .id_or_computed();
    assert!(code.contains(&crate::names::hex_id(id)), "{code}");
    assert!(code.contains("\"auth.loginToken\""), "{code}");
}

#[test]
fn decode_reads_each_field_in_wire_order_and_names_it_on_error() {
    let code = emitted("user flags:# id:long name:flags.0?string = User;", |e| {
        let c = e.model.structs[0].clone();
        let params = Params::of(&c);
        e.decode_bare(&c, TOP, &params);
    });
    let order: Vec<usize> = ["\"flags\"", "\"id\"", "\"name\""]
        .iter()
        .map(|f| code.find(f).expect(f))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{code}");
    assert!(code.contains("flags & 0x1 != 0"), "{code}");
    // Bits no field defines are kept.
    assert!(code.contains("unknown_flags: flags & !0x1"), "{code}");
}

#[test]
fn encode_refuses_fields_that_share_a_bit_but_disagree() {
    let code = emitted(
        "gift flags:# limited:flags.0?true total:flags.0?int = Gift;",
        |e| {
            let c = e.model.structs[0].clone();
            e.len_body(&c, 4);
        },
    );
    assert!(
        code.contains("if self.total.is_some() != self.limited {"),
        "{code}"
    );
    assert!(code.contains("FlagConflict { bit: 0 }"), "{code}");
}

#[test]
fn a_boxed_type_is_an_enum_with_a_variant_per_constructor() {
    let lines = "peerUser id:long = Peer;\npeerChat id:long = Peer;";
    let code = emitted(lines, |e| {
        let boxed = e.model.enums[0].clone();
        e.boxed_type(&boxed, TOP);
    });
    assert!(code.contains("pub enum Peer {"), "{code}");
    for variant in [
        "PeerUser(super::types::PeerUser)",
        "PeerChat(super::types::PeerChat)",
    ] {
        assert!(code.contains(variant), "{variant}\n{code}");
    }
    // An unknown id is an error naming the type.
    assert!(
        code.contains("r.unknown_constructor(id, \"Peer\")"),
        "{code}"
    );
}

/// A boxed type of more constructors than one match should hold decodes
/// and compares through sixteen functions, each matching the constructors
/// whose ids share their top four bits; its `PartialEq` is written, not
/// derived, and compares the ids first.
#[test]
fn an_enum_of_very_many_constructors_splits_decode_and_eq() {
    let lines: String = (0..=SPLIT_DECODE)
        .map(|i| format!("big{i} x:int = Big;\n"))
        .collect();
    let code = emitted(&lines, |e| {
        let boxed = e.model.enums[0].clone();
        e.boxed_type(&boxed, TOP);
    });
    assert!(code.contains("#[derive(Clone, Debug)]"), "{code}");
    assert!(code.contains("impl PartialEq for Big {"), "{code}");
    assert!(code.contains("if id != other.constructor_id() {"), "{code}");
    let parts = (0..16u32)
        .filter(|part| code.contains(&format!("fn eq_{part:x}(&self, other: &Self) -> bool {{")))
        .count();
    let decodes = (0..16u32)
        .filter(|part| code.contains(&format!("fn decode_{part:x}(")))
        .count();
    // The ids are CRCs: 257 of them fill every sixteenth.
    assert_eq!((parts, decodes), (16, 16), "{code}");
    for i in [0, SPLIT_DECODE] {
        let arm = format!("(Self::Big{i}(a), Self::Big{i}(b)) => a == b,");
        assert!(code.contains(&arm), "{arm}\n{code}");
    }
    // One constructor fewer: one match, and `PartialEq` derived.
    let lines: String = (0..SPLIT_DECODE)
        .map(|i| format!("big{i} x:int = Big;\n"))
        .collect();
    let code = emitted(&lines, |e| {
        let boxed = e.model.enums[0].clone();
        e.boxed_type(&boxed, TOP);
    });
    assert!(
        code.contains("#[derive(Clone, Debug, PartialEq)]"),
        "{code}"
    );
    assert!(!code.contains("fn eq_0"), "{code}");
}

/// With `Eq` and `Hash` asked for, a split enum derives them beside its
/// written `PartialEq`; a sixteenth of the ids that no constructor has
/// compares as unequal without a function of its own.
#[test]
fn a_split_enum_keeps_eq_and_hash_and_skips_empty_parts() {
    // Every id's top four bits are 1.
    let lines: String = (0..=SPLIT_DECODE)
        .map(|i| format!("big{i}#{:08x} x:int = Big;\n", 0x1000_0000 + i))
        .collect();
    let options = Options::default().eq_hash(true);
    let code = emitted_with(&lines, &options, |e| {
        let boxed = e.model.enums[0].clone();
        e.boxed_type(&boxed, TOP);
    });
    assert!(code.contains("#[derive(Clone, Debug, Eq, Hash)]"), "{code}");
    assert!(
        code.contains("#[allow(clippy::derived_hash_with_manual_eq)]"),
        "{code}"
    );
    assert!(code.contains("0x1 => self.eq_1(other),"), "{code}");
    for part in [0, 2, 14] {
        let arm = format!("{part:#x} => false,");
        assert!(code.contains(&arm), "{arm}\n{code}");
    }
    assert!(code.contains("_ => false,\n"), "{code}");
    assert!(!code.contains("fn eq_0"), "{code}");
}

#[test]
fn the_registry_is_sorted_by_id() {
    let lines = "b x:int = B;\na x:int = A;\nc x:int = C;";
    let code = emitted(lines, |e| e.registry());
    let ids: Vec<&str> = code
        .match_indices("0x")
        .map(|(at, _)| &code[at..at + 11])
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids.len(), 3, "{code}");
    assert_eq!(ids, sorted, "{code}");
}

#[test]
fn impl_headers_break_as_rustfmt_breaks_them() {
    assert_eq!(
        impl_for(true, "Encode", "Peer"),
        "impl<'a> Encode for Peer<'a>"
    );
    assert_eq!(impl_for(false, "", "Peer"), "impl Peer");
    assert_eq!(
        split_impl_params("impl<'a, X: Decode<'a>> Encode"),
        ("impl<'a, X: Decode<'a>>", "Encode")
    );
    let long = "A".repeat(90);
    let code = emitted("x = X;", |e| {
        e.open_impl(&format!("impl<'a> Identifiable for {long}<'a>"))
    });
    assert_eq!(
        code.lines().map(str::trim).collect::<Vec<_>>(),
        ["impl<'a> Identifiable", &format!("for {long}<'a>"), "{"]
    );
}
