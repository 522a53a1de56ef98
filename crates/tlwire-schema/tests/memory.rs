//! The parser's peak memory against the length of its input, counted by a
//! global allocator, on the shapes that cost the most per byte: a file that
//! is one long unterminated statement, a file of empty statements, many
//! unusable lines, one line of very many fields, and a whole layer.
//!
//! One test, so no other test's allocations run beside it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

#[path = "../../../tests/support/official_schema.rs"]
mod support;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call forwards to `System` with the caller's arguments; the
// counters only observe the sizes.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
        }
        // SAFETY: forwarded unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes `parse_lossy` holds at once while parsing `text`, beyond
/// what was live before, and how many definitions and errors it returned.
fn peak_of(text: &str) -> (usize, usize, usize) {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let (schema, errors) = tlwire_schema::parse_lossy(text);
    let peak = PEAK.load(Relaxed) - before;
    (peak, schema.definitions.len(), errors.len())
}

/// The bound: this many times the input, plus a small constant for inputs
/// too short for a ratio to mean anything.
const MAX_RATIO: usize = 20;
const SLACK: usize = 64 * 1024;

#[test]
fn peak_memory_is_bounded_by_the_input() {
    let mut shapes: Vec<(&str, String)> = vec![
        ("1 MiB of `#`", "#".repeat(1 << 20)),
        ("1 MiB of `;`", ";".repeat(1 << 20)),
        ("1 MiB of `a `", "a ".repeat(1 << 19)),
        (
            "4,000 unusable lines",
            (0..4000)
                .map(|k| format!("bad{k}#{:x} x:Nope = Bad;\n", k + 16))
                .collect(),
        ),
        (
            "100,000 flags words on one line",
            format!(
                "wide#1 {} = Wide;\n",
                (0..100_000)
                    .map(|k| format!("f{k}:#"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ),
        (
            "25,000 flag fields on one line",
            format!(
                "wide#1 flags:# {} = Wide;\n",
                (0..25_000)
                    .map(|k| format!("f{k}:flags.{}?Vector<int>", k % 32))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ),
    ];
    if let Some(path) = support::official_schema("api.tl") {
        let api =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        shapes.push(("the official api.tl", api));
    }
    let mut report = String::new();
    let mut over = Vec::new();
    for (name, text) in &shapes {
        let (peak, definitions, errors) = peak_of(text);
        let ratio = peak as f64 / text.len() as f64;
        report.push_str(&format!(
            "{name}: {} bytes in, peak {peak} bytes ({ratio:.1}×), {definitions} definitions, {errors} errors\n",
            text.len()
        ));
        if peak > MAX_RATIO * text.len() + SLACK {
            over.push(*name);
        }
    }
    eprint!("{report}");
    assert!(
        over.is_empty(),
        "over {MAX_RATIO}× the input: {over:?}\n{report}"
    );
}
