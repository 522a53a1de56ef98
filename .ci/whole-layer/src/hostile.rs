//! The whole layer against hostile input: allocation stays within the
//! decode budget for the shapes that are smallest on the wire and largest in
//! memory, and deep nests of recursive types end in the depth error, never
//! in a stack overflow, on a thread of a given stack size.

use tlwire::{decode_in, Arena, DecodeErrorKind, DecodeOptions, Encode, Limit};
use tlwire::{DEFAULT_ALLOC_BASE, DEFAULT_ALLOC_PER_INPUT_BYTE, DEFAULT_MAX_DEPTH};

use crate::counting_alloc::counted;
use crate::layer;

const VECTOR: u32 = 0x1cb5_c415;
const UPDATES: u32 = 0x74ae_4240;
const UPDATE_LOGIN_TOKEN: u32 = 0x564f_e691;

fn words(out: &mut Vec<u8>, words: &[u32]) {
    for w in words {
        out.extend_from_slice(&w.to_le_bytes());
    }
}

/// `updates` holding `n` `updateLoginToken`s: 4 wire bytes an update.
fn login_token_updates(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 * n + 40);
    words(&mut out, &[UPDATES, VECTOR, n as u32]);
    for _ in 0..n {
        words(&mut out, &[UPDATE_LOGIN_TOKEN]);
    }
    words(&mut out, &[VECTOR, 0, VECTOR, 0, 0, 0]);
    out
}

/// A `Vector<Object>` of `n` copies of `object`.
fn objects(object: &[u8], n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(object.len() * n + 8);
    words(&mut out, &[VECTOR, n as u32]);
    for _ in 0..n {
        out.extend_from_slice(object);
    }
    out
}

/// Every constructor that decodes from its id and zeros alone (ints 0,
/// empty strings, no flags), as its bytes: the smallest form on the wire
/// of every constructor without a required nested object.
fn zero_forms() -> Vec<Vec<u8>> {
    let mut forms = Vec::new();
    let arena = Arena::new();
    for value in layer::samples::all(&arena) {
        let mut bytes = value.constructor_id().to_le_bytes().to_vec();
        bytes.resize(4 + 256, 0);
        let scratch = Arena::new();
        if let Ok((_, used)) = tlwire::decode_prefix::<layer::enums::Object<'_>>(
            &bytes,
            &scratch,
            DecodeOptions::default(),
        ) {
            bytes.truncate(used);
            forms.push(bytes);
        }
    }
    forms
}

/// Bytes of values each `form` adds to a `Vector<Object>`: its slot and
/// what it puts in the arena (a vector of one holds nothing else). Values,
/// not chunks: what a vector of many such elements costs per element,
/// whatever chunk size a vector of one happens to take.
fn values_per_element(form: &[u8]) -> usize {
    let arena = Arena::new();
    let bytes = objects(form, 1);
    decode_in::<&[layer::enums::Object<'_>]>(&bytes, &arena, DecodeOptions::default())
        .expect("a zero form decodes");
    arena.used_bytes()
}

/// The constructor id a zero form starts with.
fn form_id(form: &[u8]) -> u32 {
    u32::from_le_bytes(form[..4].try_into().unwrap())
}

/// The documented bound: what the default budget allows for `input` bytes.
fn budget(input: usize) -> usize {
    DecodeOptions::default().alloc_budget(input)
}

/// What a decode error takes besides the budget.
const ERROR_SLACK: usize = 4 << 10;

/// A decode of one type, its value dropped.
type Decoder = fn(&[u8], DecodeOptions) -> Result<(), tlwire::DecodeError>;

/// Each decode has an arena of its own: what it takes is counted.
fn updates(bytes: &[u8], options: DecodeOptions) -> Result<(), tlwire::DecodeError> {
    let arena = Arena::new();
    decode_in::<layer::enums::Updates<'_>>(bytes, &arena, options).map(drop)
}

fn object_vector(bytes: &[u8], options: DecodeOptions) -> Result<(), tlwire::DecodeError> {
    let arena = Arena::new();
    decode_in::<&[layer::enums::Object<'_>]>(bytes, &arena, options).map(drop)
}

/// Decodes `bytes` with `decode` leniently and strictly; the bytes allocated stay
/// within the budget whether the decode succeeds or is refused for it. The
/// most bytes allocated per input byte, and whether the budget refused it.
fn within_budget(what: &str, bytes: &[u8], decode: Decoder) -> (f64, bool) {
    let mut worst = 0.0f64;
    let mut refused = false;
    for options in [DecodeOptions::lenient(), DecodeOptions::strict()] {
        let (result, counts) = counted(|| decode(bytes, options));
        let bytes_allocated = counts.bytes;
        // A refusal's error is not charged: it is one box and a path no
        // longer than the nesting, whatever the input's size.
        let mut allowed = budget(bytes.len());
        if let Err(e) = result {
            refused = true;
            allowed += ERROR_SLACK;
            assert_eq!(
                e.kind(),
                DecodeErrorKind::LimitExceeded {
                    limit: Limit::Allocation(budget(bytes.len()))
                },
                "{what}: {e}"
            );
        }
        assert!(
            bytes_allocated <= allowed,
            "{what}: {bytes_allocated} bytes allocated for {} input bytes",
            bytes.len()
        );
        worst = worst.max(bytes_allocated as f64 / bytes.len() as f64);
    }
    (worst, refused)
}

/// The hostile shapes at 1 KiB, 1 MiB and 16 MiB of input.
pub fn allocation() {
    let forms = zero_forms();
    assert!(forms.len() > 100, "only {} zero forms", forms.len());
    // Each zero form as the elements of a vector of the input's size; the
    // large inputs take the forms with the most memory per wire byte.
    let mut ranked: Vec<(f64, &Vec<u8>)> = forms
        .iter()
        .map(|f| (values_per_element(f) as f64 / f.len() as f64, f))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    for size in [1usize << 10, 1 << 20, 16 << 20] {
        let shape = login_token_updates(size / 4);
        let (ratio, _) = within_budget("updates", &shape, updates);
        let mut worst = (ratio, String::from("updates of updateLoginToken"));
        let take = if size <= 1 << 10 { ranked.len() } else { 8 };
        let mut refused = 0;
        for (_, form) in ranked.iter().take(take) {
            let bytes = objects(form, size / form.len());
            let name = format!("Vector<Object> of #{:08x}", form_id(form));
            let (ratio, refusal) = within_budget(&name, &bytes, object_vector);
            refused += usize::from(refusal);
            if ratio > worst.0 {
                worst = (ratio, name);
            }
        }
        println!(
            "allocation at {size} input bytes: within the budget ({}x + {} B); worst {:.1}x ({}); \
             {refused} of {take} vector shapes refused at the budget",
            DEFAULT_ALLOC_PER_INPUT_BYTE, DEFAULT_ALLOC_BASE, worst.0, worst.1
        );
    }
    let (top, form) = ranked[0];
    println!(
        "the most values per wire byte: {top:.1} (#{:08x})",
        form_id(form)
    );
}

/// Decodes `bytes` as an `Object` on a thread of `stack` bytes; the error's
/// kind if it fails. A stack overflow aborts the whole process.
fn decode_on(stack: usize, bytes: Vec<u8>, options: DecodeOptions) -> Result<(), DecodeErrorKind> {
    on_thread(stack, move || {
        let arena = Arena::new();
        let r = decode_in::<layer::enums::Object<'_>>(&bytes, &arena, options);
        r.map(drop).map_err(|e| e.kind())
    })
}

/// A thread with room for any nest: where a nest too deep for the small
/// thread is made or checked.
pub const ROOMY_STACK: usize = 256 << 20;

/// Runs `work` on a thread of `stack` bytes and returns what it returns.
pub fn on_thread<R: Send + 'static>(stack: usize, work: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(work)
        .unwrap()
        .join()
        .unwrap()
}

/// The most levels of `nest` within the default depth limit.
pub fn levels_within(nest: &layer::samples::Nest) -> usize {
    (DEFAULT_MAX_DEPTH as usize).saturating_sub(nest.extra_depth) / nest.per_level
}

/// Decodes `bytes` twice (leniently, as by default, and strictly), and
/// `other` once, on a thread of `stack` bytes, then does there what a
/// stack does with an answer: compares the values (the two of `bytes`
/// equal, `other`, a nest one level shallower, not), formats one with
/// `Debug` and encodes it again, which gives back `bytes`; and decodes
/// `bytes` once more in the owned form, equal too.
fn use_on(stack: usize, bytes: Vec<u8>, other: Vec<u8>) -> Result<(), DecodeErrorKind> {
    on_thread(stack, move || {
        let (one, two) = (Arena::new(), Arena::new());
        let options = DecodeOptions::default();
        let (a, b, c) = (
            decode_in::<layer::enums::Object<'_>>(&bytes, &one, options),
            decode_in::<layer::enums::Object<'_>>(&bytes, &two, DecodeOptions::strict()),
            decode_in::<layer::enums::Object<'_>>(&other, &two, options),
        );
        let kind = |e: tlwire::DecodeError| e.kind();
        let (a, b, c) = (a.map_err(kind)?, b.map_err(kind)?, c.map_err(kind)?);
        let owned = tlwire::Owned::<layer::enums::Object<'static>>::decode(
            bytes::Bytes::from(bytes.clone()),
            options,
        )
        .map_err(kind)?;
        assert!(owned.get() == &a, "{} decodes unequal owned", a.tl_name());
        assert!(a == b, "{} decodes unequal to itself", a.tl_name());
        assert!(a != c, "{} equals a shallower nest", a.tl_name());
        assert!(!format!("{a:?}").is_empty());
        assert_eq!(a.to_vec().expect("a decoded value encodes"), bytes);
        Ok(())
    })
}

/// The depth error at `limit`.
fn too_deep(limit: usize) -> Result<(), DecodeErrorKind> {
    Err(DecodeErrorKind::LimitExceeded {
        limit: Limit::Depth(limit as u32),
    })
}

/// The deepest nest of every combinator that can contain itself
/// (`samples::NESTS`, the shortest cycle of each), on a thread of `stack`
/// bytes with the default depth limit: the deepest nest within the limit
/// decodes (leniently, strictly and owned, and compares, formats and
/// encodes again on that thread), one level more is refused with the depth
/// error, and nothing overflows the stack. On a large thread, the nest past
/// the limit decodes with a limit of exactly its depth and not one less:
/// each nest is as deep as it says.
pub fn stack(stack: usize) {
    let limit = DEFAULT_MAX_DEPTH as usize;
    let default = DecodeOptions::default();
    let mut longest = (0, "");
    for nest in layer::samples::NESTS {
        let name = nest.name;
        // The most levels within the limit, then one more.
        let within = levels_within(nest);
        let past = within + 1;
        let (depth, deep) = (nest.depth(past), nest.bytes(past));
        let at = |limit: usize| default.with_max_depth(limit as u32);
        assert_eq!(
            decode_on(ROOMY_STACK, deep.clone(), at(depth)),
            Ok(()),
            "{name} x{past}"
        );
        assert_eq!(
            decode_on(ROOMY_STACK, deep.clone(), at(depth - 1)),
            too_deep(depth - 1),
            "{name} x{past}"
        );
        if within > 0 {
            let deepest = nest.bytes(within);
            let shallower = nest.bytes(within - 1);
            assert_eq!(
                use_on(stack, deepest, shallower),
                Ok(()),
                "{name} x{within}"
            );
        }
        assert_eq!(
            decode_on(stack, deep, default),
            too_deep(limit),
            "{name} x{past}"
        );
        longest = longest.max((nest.per_level, name));
    }
    assert!(
        !layer::samples::NESTS.is_empty(),
        "a layer has recursive types"
    );
    assert_eq!(
        layer::samples::NESTS.len(),
        layer::samples::RECURSIVE,
        "every recursive combinator has its nest"
    );
    println!(
        "deep nests: the deepest nest of each of {} recursive combinators decoded (lenient, \
         strict, owned), compared, formatted and encoded, one level more refused at the \
         depth limit, on a {} KiB thread (longest cycle: {} combinators, {})",
        layer::samples::NESTS.len(),
        stack >> 10,
        longest.0,
        longest.1
    );
}
