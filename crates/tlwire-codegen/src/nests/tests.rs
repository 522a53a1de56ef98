//! The nests of small schemas, byte for byte.

use super::cheapest::{BOOL_FALSE_ID, VECTOR_ID};
use super::*;
use crate::metadata::Metadata;

fn nests(lines: &str) -> Vec<Nest> {
    let schema = tlwire_schema::parse(lines).unwrap();
    let model = Model::build(&schema, &Metadata::default()).unwrap();
    let (choices, _) = super::super::samples::choose(&model);
    all(&model, &choices)
}

fn le(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

fn id(line: &str) -> u32 {
    tlwire_schema::parse(line).unwrap().definitions[0].id_or_computed()
}

#[test]
fn ids_are_the_runtime_ones() {
    assert_eq!(VECTOR_ID, tlwire::ids::VECTOR);
    assert_eq!(BOOL_FALSE_ID, tlwire::ids::BOOL_FALSE);
}

/// A field of the type itself: the id, the fields around it, nothing
/// for the cheapest constructor's fields but their zero values.
#[test]
fn a_direct_cycle_is_one_hop() {
    let bold = "textBold text:RichText n:int = RichText;";
    let empty = "textEmpty = RichText;";
    let got = nests(&alloc::format!("{empty}\n{bold}"));
    assert_eq!(got.len(), 1, "{got:?}");
    let nest = &got[0];
    assert_eq!(nest.tl_name, "textBold");
    assert_eq!(nest.per_level, 1);
    assert_eq!(nest.prefix, le(&[id(bold)]));
    assert_eq!(nest.inner, le(&[id(empty)]));
    assert_eq!(nest.suffix, le(&[0]));
}

/// The bottom value and the fields beside the cycle may hold recursive
/// combinators too: the nest is that much deeper than its levels.
#[test]
fn depth_past_the_levels_is_counted() {
    let x = "x1 v:Vector<X> p:P = X;";
    let p = "p1 q:Vector<X> = P;";
    let got = nests(&alloc::format!("{x}\n{p}"));
    let x1 = got.iter().find(|n| n.tl_name == "x1").unwrap();
    assert_eq!(x1.per_level, 1);
    // The bottom is `x1` holding `p1`: two deep.
    assert_eq!(x1.extra_depth, 2);
    // Each level's `p` holds `p1`, one deeper than the level: within
    // what the bottom adds.
    let mut after = le(&[id(p), VECTOR_ID, 0]);
    assert_eq!(x1.suffix, core::mem::take(&mut after));
}

/// A combinator its cycle enters bare still nests: its id comes first,
/// once, so that the nest is a boxed object.
#[test]
fn a_combinator_entered_bare_gets_its_id_once() {
    let kid = "kid n:Node = Kid;";
    let node = "node kids:vector<%Kid> = Node;";
    let end = "nodeEnd = Node;";
    let got = nests(&alloc::format!("{kid}\n{node}\n{end}"));
    let names: Vec<&str> = got.iter().map(|n| n.tl_name.as_str()).collect();
    assert_eq!(names, ["kid", "node"]);
    assert_eq!(got[0].head, le(&[id(kid)]));
    assert_eq!(got[0].prefix, le(&[id(node), 1]));
    assert!(got[1].head.is_empty());
    assert_eq!(got[1].prefix, le(&[id(node), 1]));
}

/// A cycle of `n` types, each hop `body` plus the nested value.
fn ring(n: usize, body: &str) -> Vec<Nest> {
    let lines: Vec<String> = (0..n)
        .flat_map(|i| {
            [
                alloc::format!("t{i} {body} x:T{} = T{i};", (i + 1) % n),
                alloc::format!("e{i} = T{i};"),
            ]
        })
        .collect();
    nests(&lines.join("\n"))
}

/// Long cycles are left out rather than written out for each of their
/// types: no nest over its bound, and all of them within theirs.
#[test]
fn nests_stay_within_their_byte_bounds() {
    // 300 hops of 68 bytes: every nest is over the bound.
    assert_eq!(ring(300, "a:int256 b:int256"), []);
    // 400 hops of 20 bytes: each nest fits, not all of them together.
    let got = ring(400, "a:int128");
    let total: usize = got.iter().map(Nest::len).sum();
    assert!(total <= MAX_ALL_NESTS_BYTES, "{total}");
    assert!(!got.is_empty() && got.len() < 400, "{}", got.len());
}

/// An optional field sets its bit (and so brings in the field that
/// shares it); a vector holds the one nested element.
#[test]
fn flags_and_vectors_on_the_cycle() {
    let leaf = "leaf = Tree;";
    let node = "node flags:# a:flags.0?int kids:flags.0?Vector<Tree> b:flags.1?long = Tree;";
    let got = nests(&alloc::format!("{leaf}\n{node}"));
    assert_eq!(got.len(), 1, "{got:?}");
    let nest = &got[0];
    assert_eq!(nest.prefix, le(&[id(node), 1, 0, VECTOR_ID, 1]));
    assert_eq!(nest.inner, le(&[id(leaf)]));
    assert!(nest.suffix.is_empty());
}

/// A field of `Object` holds any combinator, itself included.
#[test]
fn a_cycle_through_object() {
    let pong = "pong ping_id:long = Pong;";
    let result = "rpc_result req_msg_id:long result:Object = RpcResult;";
    let got = nests(&alloc::format!("{pong}\n{result}"));
    assert_eq!(got.len(), 1, "{got:?}");
    let mut prefix = le(&[id(result)]);
    prefix.extend([0; 8]);
    assert_eq!(got[0].prefix, prefix);
    let mut inner = le(&[id(pong)]);
    inner.extend([0; 8]);
    assert_eq!(got[0].inner, inner);
}

/// A cycle through two types counts both against the depth limit, and
/// each type's nest starts with its own id.
#[test]
fn a_cycle_through_two_types() {
    let a = "wrapA b:B = A;";
    let b = "wrapB a:A = B;";
    let ends = "endA = A;\nendB = B;";
    let got = nests(&alloc::format!("{ends}\n{a}\n{b}"));
    let names: Vec<&str> = got.iter().map(|n| n.tl_name.as_str()).collect();
    assert_eq!(names, ["wrapA", "wrapB"]);
    assert!(got.iter().all(|n| n.per_level == 2));
    assert_eq!(got[0].prefix, le(&[id(a), id(b)]));
    assert_eq!(got[0].inner, le(&[id("endA = A;")]));
    assert_eq!(got[1].prefix, le(&[id(b), id(a)]));
}
