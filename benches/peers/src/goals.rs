//! The goals: which two benchmarks each ratio divides, and the bound
//! it must meet. The `ratios` program reads them off criterion's estimates,
//! the `paired` program measures them itself, so both judge the same table.

use std::fmt;
use std::path::{Path, PathBuf};

pub const DECODE: &str = "decode_authorization";
/// The sample with longer strings ([`crate::LONG_STRINGS`]).
pub const LONG: &str = "decode_authorization_long";
/// The sample with non-ASCII strings ([`crate::TEXT_STRINGS`]).
pub const TEXT: &str = "decode_authorization_text";
pub const ENCODE: &str = "encode_accept_login_token";
/// The real answers' groups.
pub const MESSAGES: &str = "decode_messages";
/// See [`MESSAGES`].
pub const UPDATES: &str = "decode_updates";
pub const MIB: usize = 1 << 20;

/// One benchmark: its group, function id and (for encode) token length.
#[derive(Clone, Copy)]
pub struct Bench {
    /// The criterion group.
    pub group: &'static str,
    /// The function id.
    pub id: &'static str,
    /// The token length (the parameter) of an encode benchmark.
    pub len: Option<usize>,
}

impl Bench {
    /// A benchmark of the decode group.
    pub const fn decode(id: &'static str) -> Self {
        Self {
            group: DECODE,
            id,
            len: None,
        }
    }

    /// A benchmark of another group.
    pub const fn of(group: &'static str, id: &'static str) -> Self {
        Self {
            group,
            id,
            len: None,
        }
    }

    /// A benchmark of the encode group at token length `len`.
    pub const fn encode(id: &'static str, len: usize) -> Self {
        Self {
            group: ENCODE,
            id,
            len: Some(len),
        }
    }

    /// Where criterion keeps its estimates of this benchmark.
    pub fn estimates(&self, dir: &Path) -> PathBuf {
        dir.join(self.path()).join("new").join("estimates.json")
    }

    /// Criterion's name of this benchmark: `group/id`, and `/len` after it
    /// for an encode (`decode_messages/tlwire_borrowed`,
    /// `encode_accept_login_token/floor/32`).
    pub fn path(&self) -> String {
        match self.len {
            Some(len) => format!("{}/{}/{len}", self.group, self.id),
            None => format!("{}/{}", self.group, self.id),
        }
    }

    /// The median in nanoseconds, or why there is none.
    pub fn median(&self, dir: &Path) -> Result<f64, String> {
        let path = self.estimates(dir);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        json["median"]["point_estimate"]
            .as_f64()
            .ok_or_else(|| format!("{}: no median.point_estimate", path.display()))
    }
}

impl fmt::Display for Bench {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

#[derive(Clone, Copy, PartialEq)]
pub enum Goal {
    /// The ratio must be at least this (tlwire is the denominator: faster).
    AtLeast(f64),
    /// The ratio must be at most this (tlwire is the numerator: close to it).
    AtMost(f64),
    /// No goal: shown for context.
    Info,
}

pub struct Row {
    /// What is measured (`decode`, `encode 32 B`).
    pub what: String,
    /// The numerator of the ratio.
    pub num: Bench,
    /// The denominator.
    pub den: Bench,
    /// What the ratio must be.
    pub goal: Goal,
}

/// Every ratio, goals and context rows alike, in table order.
pub fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    let mut row = |what: String, num, den, goal| {
        rows.push(Row {
            what,
            num,
            den,
            goal,
        })
    };
    let d = Bench::decode;
    let e = Bench::encode;
    row(
        "decode".into(),
        d("grammers"),
        d("tlwire_borrowed"),
        Goal::AtLeast(15.0),
    );
    row(
        "decode".into(),
        d("tl_proto"),
        d("tlwire_borrowed"),
        Goal::AtLeast(4.0),
    );
    row(
        "decode".into(),
        d("tlwire_borrowed"),
        d("floor_no_utf8"),
        Goal::AtMost(2.0),
    );
    row(
        "decode".into(),
        d("tlwire_bytes"),
        d("tlwire_borrowed"),
        Goal::AtMost(3.0),
    );
    row(
        "decode".into(),
        d("tlwire_borrowed"),
        d("floor_utf8"),
        Goal::Info,
    );
    row(
        "decode".into(),
        d("floor_utf8"),
        d("floor_no_utf8"),
        Goal::Info,
    );
    let long = |id| Bench::of(LONG, id);
    row(
        "decode long".into(),
        long("tl_proto"),
        long("tlwire_borrowed"),
        Goal::AtLeast(4.0),
    );
    row(
        "decode long".into(),
        long("tlwire_borrowed"),
        long("floor_no_utf8"),
        Goal::AtMost(1.5),
    );
    let text = |id| Bench::of(TEXT, id);
    row(
        "decode text".into(),
        text("tl_proto"),
        text("tlwire_borrowed"),
        Goal::AtLeast(2.5),
    );
    row(
        "decode text".into(),
        text("tlwire_borrowed"),
        text("floor_utf8"),
        Goal::Info,
    );
    for len in crate::TOKEN_LENGTHS {
        row(
            format!("encode {}", show_len(len)),
            e("tlwire_to_vec", len),
            e("floor", len),
            Goal::AtMost(1.2),
        );
    }
    row(
        format!("encode {}", show_len(32)),
        e("grammers_to_bytes", 32),
        e("tlwire_to_vec", 32),
        Goal::AtLeast(2.5),
    );
    for len in crate::TOKEN_LENGTHS {
        row(
            format!("encode {}", show_len(len)),
            e("tlwire_reused", len),
            e("grammers_reused", len),
            Goal::AtMost(1.1),
        );
    }
    row(
        format!("encode {}", show_len(MIB)),
        e("tlwire_reused", MIB),
        e("floor", MIB),
        Goal::AtMost(1.1),
    );
    for (what, group) in [("messages", MESSAGES), ("updates", UPDATES)] {
        let a = |id| Bench::of(group, id);
        row(
            what.into(),
            a("grammers"),
            a("tlwire_borrowed"),
            Goal::AtLeast(10.0),
        );
        row(
            what.into(),
            a("tlwire_owned"),
            a("tlwire_borrowed"),
            Goal::Info,
        );
    }
    rows
}

/// `32 B`, or `1 MiB`.
pub fn show_len(len: usize) -> String {
    if len == MIB {
        "1 MiB".into()
    } else {
        format!("{len} B")
    }
}

/// A duration in nanoseconds, in the unit that suits it.
pub fn show_time(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.1} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}

impl Goal {
    /// Whether `ratio` meets the goal, and the verdict cell and margin cell
    /// of the table (empty for a context row).
    pub fn judge(self, ratio: f64) -> (bool, &'static str, String) {
        match self {
            Goal::AtLeast(goal) => verdict(ratio >= goal, ratio / goal),
            Goal::AtMost(goal) => verdict(ratio <= goal, goal / ratio),
            Goal::Info => (true, "info", String::new()),
        }
    }
}

/// `PASS` with how much slower tlwire could get, or `MISS` with how much
/// faster it must get; `factor` is the ratio over the goal, oriented so that
/// at least 1 passes.
fn verdict(pass: bool, factor: f64) -> (bool, &'static str, String) {
    if pass {
        (true, "PASS", format!("{factor:.2}× spare"))
    } else {
        (false, "MISS", format!("{:.2}× short", 1.0 / factor))
    }
}

/// `≥ 4×`, `≤ 1.1×` or `–`.
pub fn show_goal(goal: Goal) -> String {
    match goal {
        Goal::AtLeast(g) => format!("≥ {g}×"),
        Goal::AtMost(g) => format!("≤ {g}×"),
        Goal::Info => "–".into(),
    }
}
