//! The deepest nest of every recursive type, as bytes: for each combinator
//! that can contain itself, its shortest cycle back to itself written out
//! with the fewest bytes, so a test can nest it as deep as it likes and
//! check that the decode stays within a thread's stack.
//!
//! A cycle is a list of hops, each a combinator and the field that holds
//! the next one (through vectors, `Object` and generic queries too). One
//! level of the nest is each hop's bytes before that field, then the next
//! hop, then each hop's bytes after it; the innermost value is the cheapest
//! value of the last field's type. Every field off the cycle takes its
//! cheapest value: zero numbers, empty strings and vectors, flags words
//! with only the cycle's bit set, the cheapest constructor of a boxed type
//! (the one [`samples`](super::samples) builds from).

use alloc::collections::{BTreeMap, VecDeque};
use alloc::string::String;
use alloc::vec::Vec;

use super::emit::Emitter;
use super::model::{Combinator, FieldKind, Model, Path, Ty};
use super::samples::Choices;

/// `vector#1cb5c415`, the id of a boxed vector.
const VECTOR_ID: u32 = 0x1cb5_c415;
/// `boolFalse#bc799737`, the cheapest `Bool`.
const BOOL_FALSE_ID: u32 = 0xbc79_9737;
/// Deeper than any cheapest value goes: a guard, not a limit values reach.
const MAX_CHEAPEST_DEPTH: usize = 64;
/// The most bytes one nest's level and bottom may take, and the most
/// cheapest values one nest may build: a schema whose cycles are thousands
/// of types long, or whose cheapest values double at every level, gets no
/// nest for those combinators rather than megabytes of source.
const MAX_NEST_BYTES: usize = 16 << 10;
const MAX_NEST_STEPS: usize = 1 << 16;
/// The most bytes all nests together may take.
const MAX_ALL_NESTS_BYTES: usize = 1 << 20;

/// One recursive combinator's nest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Nest {
    /// The combinator's TL name.
    pub tl_name: String,
    /// Recursive combinators one level passes, each counted against the
    /// depth limit.
    pub per_level: usize,
    /// How much deeper than its levels a nest goes: the bottom value and
    /// the fields off the cycle may hold recursive combinators too. A nest
    /// of `n` levels is `n * per_level + extra_depth` deep.
    pub extra_depth: usize,
    /// The bytes before the first level: the combinator's id when the cycle
    /// enters it bare, so that the nest is a boxed object.
    pub head: Vec<u8>,
    /// One level's bytes before the nested value.
    pub prefix: Vec<u8>,
    /// The value at the bottom of the nest.
    pub inner: Vec<u8>,
    /// One level's bytes after the nested value.
    pub suffix: Vec<u8>,
}

impl Nest {
    fn len(&self) -> usize {
        self.head.len() + self.prefix.len() + self.inner.len() + self.suffix.len()
    }
}

/// One hop of a cycle: combinator `node` (an index into
/// [`Model::combinators`]), entered with its id when `boxed`, and the
/// field that holds the next hop.
#[derive(Clone, Copy, Debug)]
struct Hop {
    node: usize,
    field: usize,
    boxed: bool,
}

/// The nest of every recursive combinator whose cycle can be written out
/// within the byte bounds, in [`Model::combinators`] order.
pub(super) fn all(model: &Model, choices: &Choices) -> Vec<Nest> {
    let graph = Graph::new(model);
    let mut total = 0usize;
    let mut nests = Vec::new();
    for (start, c) in model.combinators().enumerate() {
        if !c.recursive {
            continue;
        }
        let cheapest = Cheapest {
            model,
            choices,
            steps: core::cell::Cell::new(MAX_NEST_STEPS),
        };
        let Some(nest) = graph
            .shortest_cycle(start)
            .and_then(|hops| nest_of(c, &graph, &cheapest, &hops))
        else {
            continue;
        };
        total = total.saturating_add(nest.len());
        if total > MAX_ALL_NESTS_BYTES {
            break;
        }
        nests.push(nest);
    }
    nests
}

/// The nest of `c` along the cycle `hops`.
fn nest_of(
    c: &Combinator,
    graph: &Graph<'_>,
    cheapest: &Cheapest<'_>,
    hops: &[Hop],
) -> Option<Nest> {
    let last = hops.last()?;
    let (inner, bottom_depth) = cheapest.of_field_value(graph.node(last)?, last.field)?;
    let (mut prefix, mut afters) = (Vec::new(), Vec::new());
    let mut len = inner.len();
    // The deepest an off-cycle value reaches, counted from the level's
    // start: hop `i` is entered at `i + 1`.
    let mut off_cycle = 0;
    for (i, hop) in hops.iter().enumerate() {
        let around = cheapest.around(graph.node(hop)?, *hop)?;
        len += around.before.len() + around.after.len();
        if len > MAX_NEST_BYTES {
            return None;
        }
        prefix.extend(around.before);
        afters.push(around.after);
        if around.depth > 0 {
            off_cycle = off_cycle.max(i + 1 + around.depth);
        }
    }
    // The innermost hop's bytes after come first.
    let suffix: Vec<u8> = afters.into_iter().rev().flatten().collect();
    let first = hops.first()?;
    let mut head = Vec::new();
    if !first.boxed {
        put(&mut head, c.id);
    }
    Some(Nest {
        tl_name: c.tl_name.clone(),
        per_level: hops.len(),
        extra_depth: bottom_depth.max(off_cycle.saturating_sub(hops.len())),
        head,
        prefix,
        inner,
        suffix,
    })
}

impl Emitter<'_> {
    /// Writes the `Nest` type and `NESTS`, each recursive combinator's nest,
    /// and `RECURSIVE`, how many there are.
    pub(super) fn nests(&mut self, choices: &Choices) {
        let nests = all(self.model, choices);
        let recursive = self.model.combinators().filter(|c| c.recursive).count();
        for line in NEST_TYPE.lines() {
            self.w.line(line);
        }
        self.w.line("");
        self.w.doc(
            "The shortest nest of every combinator that can contain itself, in bytes.\n\
             Every recursive combinator has one unless its cycle is too long to write\n\
             out (`RECURSIVE` counts them all).",
        );
        self.w.open("pub const NESTS: &[Nest] = &[");
        for nest in &nests {
            self.w.open("Nest {");
            self.w.line(&alloc::format!("name: \"{}\",", nest.tl_name));
            self.w
                .line(&alloc::format!("per_level: {},", nest.per_level));
            self.w
                .line(&alloc::format!("extra_depth: {},", nest.extra_depth));
            for (field, bytes) in [
                ("head", &nest.head),
                ("before", &nest.prefix),
                ("bottom", &nest.inner),
                ("after", &nest.suffix),
            ] {
                self.byte_slice(field, bytes);
            }
            self.w.close("},");
        }
        self.w.close("];");
        self.w.line("");
        self.w.doc(
            "How many combinators can contain themselves (and count against the depth limit).",
        );
        self.w
            .line(&alloc::format!("pub const RECURSIVE: usize = {recursive};"));
    }

    /// `field: &[…],` with the bytes in hex, one 32-bit word of the wire a
    /// group, four words a line.
    fn byte_slice(&mut self, field: &str, bytes: &[u8]) {
        if bytes.is_empty() {
            self.w.line(&alloc::format!("{field}: &[],"));
            return;
        }
        self.w.open(&alloc::format!("{field}: &["));
        for line in bytes.chunks(16) {
            let words: Vec<String> = line
                .chunks(4)
                .map(|word| {
                    let hex: Vec<String> =
                        word.iter().map(|b| alloc::format!("0x{b:02x},")).collect();
                    hex.join(" ")
                })
                .collect();
            self.w.line(&words.join(" "));
        }
        self.w.close("],");
    }
}

/// The generated `Nest` type, written once before `NESTS`.
const NEST_TYPE: &str = "
/// One recursive combinator's nest: `levels` levels are `head`, `before`
/// `levels` times, `bottom`, then `after` `levels` times, a boxed object
/// `levels * per_level + extra_depth` deep.
#[derive(Clone, Copy, Debug)]
pub struct Nest {
    /// The combinator's TL name.
    pub name: &'static str,
    /// The recursive combinators one level passes, each counted against the
    /// depth limit.
    pub per_level: usize,
    /// How much deeper than its levels the nest goes (recursive values at
    /// the bottom and beside the cycle).
    pub extra_depth: usize,
    /// The bytes before the first level.
    pub head: &'static [u8],
    /// One level's bytes before the nested value.
    pub before: &'static [u8],
    /// The value at the bottom.
    pub bottom: &'static [u8],
    /// One level's bytes after the nested value.
    pub after: &'static [u8],
}

impl Nest {
    /// The nest of `levels` levels.
    pub fn bytes(&self, levels: usize) -> Vec<u8> {
        let mut out = self.head.to_vec();
        for _ in 0..levels {
            out.extend_from_slice(self.before);
        }
        out.extend_from_slice(self.bottom);
        for _ in 0..levels {
            out.extend_from_slice(self.after);
        }
        out
    }

    /// How deep the nest of `levels` levels is, in recursive combinators.
    pub fn depth(&self, levels: usize) -> usize {
        levels * self.per_level + self.extra_depth
    }
}";

/// Which combinators each field of each combinator can hold.
struct Graph<'m> {
    nodes: Vec<&'m Combinator>,
    /// For each node, (field index, target, whether entered with its id).
    /// A target of [`ANY`] is every combinator, entered with its id: a
    /// field of `Object` or a generic query.
    edges: Vec<Vec<(usize, usize, bool)>>,
}

/// The target of an `Object` field: any combinator. One edge, not one per
/// combinator, keeps the search linear in the schema.
const ANY: usize = usize::MAX;

impl<'m> Graph<'m> {
    fn new(model: &'m Model) -> Self {
        let nodes: Vec<&Combinator> = model.combinators().collect();
        let structs: BTreeMap<&Path, usize> = model
            .structs
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.path, i))
            .collect();
        let enums: BTreeMap<&Path, Vec<usize>> = model
            .enums
            .iter()
            .map(|e| {
                let ctors = e
                    .variants
                    .iter()
                    .filter_map(|(_, p, _)| structs.get(p).copied())
                    .collect();
                (&e.path, ctors)
            })
            .collect();
        let edges = nodes
            .iter()
            .map(|c| {
                let mut out = Vec::new();
                for (field, f) in c.fields.iter().enumerate() {
                    if let FieldKind::Value { ty, .. } = &f.kind {
                        let (targets, boxed) = targets(ty, &structs, &enums);
                        out.extend(targets.into_iter().map(|t| (field, t, boxed)));
                    }
                }
                out
            })
            .collect();
        Self { nodes, edges }
    }

    fn node(&self, hop: &Hop) -> Option<&'m Combinator> {
        self.nodes.get(hop.node).copied()
    }

    /// The fewest hops from `start` back to itself, breadth first. `None`
    /// when there is no such cycle.
    fn shortest_cycle(&self, start: usize) -> Option<Vec<Hop>> {
        // For each node reached: the hop that reached it.
        let mut came_from: Vec<Option<Hop>> = alloc::vec![None; self.nodes.len()];
        let mut queue = VecDeque::from([start]);
        let mut seen = alloc::vec![false; self.nodes.len()];
        *seen.get_mut(start)? = true;
        while let Some(node) = queue.pop_front() {
            for &(field, target, boxed) in self.edges.get(node)? {
                let hop = Hop { node, field, boxed };
                // `ANY` reaches `start` at once; nothing else is reached
                // through it sooner than through the edge that led there.
                if target == start || target == ANY {
                    let mut hops = alloc::vec![hop];
                    let mut at = node;
                    while at != start {
                        let back = (*came_from.get(at)?)?;
                        hops.push(back);
                        at = back.node;
                    }
                    hops.reverse();
                    // Each hop enters the next node; the last one enters
                    // the first, as every level but the outermost does.
                    let entered: Vec<bool> = core::iter::once(boxed)
                        .chain(hops.iter().map(|h| h.boxed))
                        .collect();
                    for (hop, boxed) in hops.iter_mut().zip(entered) {
                        hop.boxed = boxed;
                    }
                    return Some(hops);
                }
                if let Some(slot @ false) = seen.get_mut(target) {
                    *slot = true;
                    *came_from.get_mut(target)? = Some(hop);
                    queue.push_back(target);
                }
            }
        }
        None
    }
}

/// The nodes a value of `ty` can be, and whether they are entered with
/// their id. `Object` and generic queries can be any combinator.
fn targets(
    ty: &Ty,
    structs: &BTreeMap<&Path, usize>,
    enums: &BTreeMap<&Path, Vec<usize>>,
) -> (Vec<usize>, bool) {
    match ty {
        Ty::Vector { elem, .. } => targets(elem, structs, enums),
        Ty::Enum { path, .. } => (enums.get(path).cloned().unwrap_or_default(), true),
        Ty::Struct { path, .. } => (structs.get(path).copied().into_iter().collect(), false),
        Ty::Object | Ty::Generic(_) => (alloc::vec![ANY], true),
        _ => (Vec::new(), true),
    }
}

/// Cheapest encodings: the fewest nested objects, flags words of zero.
struct Cheapest<'m> {
    model: &'m Model,
    choices: &'m Choices,
    /// Values left to build before giving up on this nest.
    steps: core::cell::Cell<usize>,
}

/// A hop's bytes around the nested value, and how deep the recursive
/// combinators among its other fields go.
struct Around {
    before: Vec<u8>,
    after: Vec<u8>,
    depth: usize,
}

impl Cheapest<'_> {
    /// The bytes of `hop`'s combinator before and after the value of its
    /// field: the id when boxed, the flags words with that field's bit set,
    /// every other field at its cheapest, and the headers of the vectors
    /// around the value (each with one element).
    fn around(&self, c: &Combinator, hop: Hop) -> Option<Around> {
        let mut words = alloc::vec![0u32; c.flag_words.len()];
        let field = c.fields.get(hop.field)?;
        let FieldKind::Value { ty, flag } = &field.kind else {
            return None;
        };
        if let Some((word, bit)) = flag {
            *words.get_mut(*word)? |= 1 << bit;
        }
        let mut before = Vec::new();
        if hop.boxed {
            put(&mut before, c.id);
        }
        let mut depth = 0;
        for f in c.fields.get(..hop.field)? {
            depth = depth.max(self.field(&mut before, &f.kind, &words, 0)?);
        }
        let mut ty = ty;
        while let Ty::Vector { bare, elem } = ty {
            if !bare {
                put(&mut before, VECTOR_ID);
            }
            put(&mut before, 1);
            ty = elem;
        }
        let mut after = Vec::new();
        for f in c.fields.get(hop.field + 1..)? {
            depth = depth.max(self.field(&mut after, &f.kind, &words, 0)?);
        }
        Some(Around {
            before,
            after,
            depth,
        })
    }

    /// The cheapest value of one element of field `field` of `c` (inside
    /// its vectors, if any), and its depth in recursive combinators.
    fn of_field_value(&self, c: &Combinator, field: usize) -> Option<(Vec<u8>, usize)> {
        let FieldKind::Value { ty, .. } = &c.fields.get(field)?.kind else {
            return None;
        };
        let mut ty = ty;
        while let Ty::Vector { elem, .. } = ty {
            ty = elem;
        }
        let mut out = Vec::new();
        let depth = self.value(&mut out, ty, 0)?;
        Some((out, depth))
    }

    /// One field, with `words` the combinator's flags words; its depth.
    fn field(
        &self,
        out: &mut Vec<u8>,
        kind: &FieldKind,
        words: &[u32],
        level: usize,
    ) -> Option<usize> {
        match kind {
            FieldKind::FlagsWord(i) => put(out, *words.get(*i)?),
            FieldKind::TrueFlag { .. } => {}
            FieldKind::Value { ty, flag: None } => return self.value(out, ty, level),
            FieldKind::Value {
                ty,
                flag: Some((word, bit)),
            } => {
                if words.get(*word)? & (1 << bit) != 0 {
                    return self.value(out, ty, level);
                }
            }
        }
        Some(0)
    }

    /// The cheapest value of `ty` and how many recursive combinators deep
    /// it is; `None` when it has none (a type every constructor of which
    /// holds itself) or when it is too large to write out.
    fn value(&self, out: &mut Vec<u8>, ty: &Ty, level: usize) -> Option<usize> {
        let steps = self.steps.get().checked_sub(1)?;
        self.steps.set(steps);
        if level > MAX_CHEAPEST_DEPTH || out.len() > MAX_NEST_BYTES {
            return None;
        }
        let model = self.model;
        let c = match ty {
            Ty::Int => {
                out.extend([0; 4]);
                return Some(0);
            }
            Ty::Long | Ty::Double => {
                out.extend([0; 8]);
                return Some(0);
            }
            Ty::Int128 => {
                out.extend([0; 16]);
                return Some(0);
            }
            Ty::Int256 => {
                out.extend([0; 32]);
                return Some(0);
            }
            // An empty body and its three bytes of padding.
            Ty::Bytes | Ty::Str => {
                out.extend([0; 4]);
                return Some(0);
            }
            Ty::Bool => {
                put(out, BOOL_FALSE_ID);
                return Some(0);
            }
            Ty::Vector { bare, .. } => {
                if !bare {
                    put(out, VECTOR_ID);
                }
                put(out, 0);
                return Some(0);
            }
            Ty::Enum { path, .. } => {
                let c = model.structs.get(*self.choices.by_enum.get(path)?)?;
                put(out, c.id);
                c
            }
            Ty::Struct { path, .. } => model.structs.iter().find(|c| &c.path == path)?,
            Ty::Object | Ty::Generic(_) => {
                let c = model.structs.get(self.choices.object?)?;
                put(out, c.id);
                c
            }
        };
        let words = alloc::vec![0u32; c.flag_words.len()];
        let mut inside = 0;
        for f in &c.fields {
            inside = inside.max(self.field(out, &f.kind, &words, level + 1)?);
        }
        Some(inside + usize::from(c.recursive))
    }
}

fn put(out: &mut Vec<u8>, word: u32) {
    out.extend(word.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::metadata::Metadata;

    fn nests(lines: &str) -> Vec<Nest> {
        let schema = crate::schema::parse(lines).unwrap();
        let model = Model::build(&schema, &Metadata::default()).unwrap();
        let (choices, _) = super::super::samples::choose(&model);
        all(&model, &choices)
    }

    fn le(words: &[u32]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    fn id(line: &str) -> u32 {
        crate::schema::parse(line).unwrap().definitions[0].id_or_computed()
    }

    #[test]
    fn ids_are_the_runtime_ones() {
        assert_eq!(VECTOR_ID, crate::wire::ids::VECTOR);
        assert_eq!(BOOL_FALSE_ID, crate::wire::ids::BOOL_FALSE);
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
}
