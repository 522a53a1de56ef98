//! Prints issue 5's goal table from the last `cargo bench` of this crate, as
//! Markdown, from criterion's `<group>/<id>[/<len>]/new/estimates.json`
//! (the median's point estimate of each benchmark).
//!
//! ```text
//! cargo run --release --manifest-path benches/peers/Cargo.toml --bin ratios -- [CRITERION_DIR] [--check]
//! ```
//!
//! CRITERION_DIR defaults to where criterion itself writes: `$CRITERION_HOME`,
//! else `$CARGO_TARGET_DIR/criterion`, else this crate's `target/criterion`.
//! `--check` exits with 1 when a goal is missed or a benchmark has no
//! estimate (else the exit code is 0 whatever the table says).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DECODE: &str = "decode_authorization";
const ENCODE: &str = "encode_accept_login_token";
const LENGTHS: [usize; 5] = [32, 253, 254, 4096, 1 << 20];
const MIB: usize = 1 << 20;

/// One benchmark: its group, function id and (for encode) token length.
#[derive(Clone, Copy)]
struct Bench {
    group: &'static str,
    id: &'static str,
    len: Option<usize>,
}

impl Bench {
    const fn decode(id: &'static str) -> Self {
        Self {
            group: DECODE,
            id,
            len: None,
        }
    }

    const fn encode(id: &'static str, len: usize) -> Self {
        Self {
            group: ENCODE,
            id,
            len: Some(len),
        }
    }

    fn estimates(&self, dir: &Path) -> PathBuf {
        let mut path = dir.join(self.group).join(self.id);
        if let Some(len) = self.len {
            path.push(len.to_string());
        }
        path.join("new").join("estimates.json")
    }

    /// The median in nanoseconds, or why there is none.
    fn median(&self, dir: &Path) -> Result<f64, String> {
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
enum Goal {
    /// The ratio must be at least this (tlwire is the denominator: faster).
    AtLeast(f64),
    /// The ratio must be at most this (tlwire is the numerator: close to it).
    AtMost(f64),
    /// No goal: shown for context.
    Info,
}

struct Row {
    what: String,
    num: Bench,
    den: Bench,
    goal: Goal,
}

fn rows() -> Vec<Row> {
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
    for len in LENGTHS {
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
    for len in LENGTHS {
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
    rows
}

fn show_len(len: usize) -> String {
    if len == MIB {
        "1 MiB".into()
    } else {
        format!("{len} B")
    }
}

fn show_time(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.1} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}

fn default_dir() -> PathBuf {
    // The order criterion 0.5 itself uses to pick its output directory.
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("criterion")
}

fn main() -> ExitCode {
    let mut dir = None;
    let mut check = false;
    for arg in std::env::args_os().skip(1) {
        match arg.to_str() {
            Some("--check") => check = true,
            Some("-h" | "--help") => {
                println!("usage: ratios [CRITERION_DIR] [--check]");
                println!("default CRITERION_DIR: {}", default_dir().display());
                return ExitCode::SUCCESS;
            }
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => {
                eprintln!(
                    "ratios: unexpected argument {arg:?} (usage: ratios [CRITERION_DIR] [--check])"
                );
                return ExitCode::from(2);
            }
        }
    }
    let dir = dir.unwrap_or_else(default_dir);
    if !dir.is_dir() {
        eprintln!(
            "ratios: no criterion directory at {} (run `cargo bench --manifest-path benches/peers/Cargo.toml` first, or pass the directory)",
            dir.display()
        );
        return ExitCode::from(2);
    }

    let mut missed = 0;
    let mut missing = Vec::new();
    println!("| | ratio of medians | numerator | denominator | ratio | goal | result | to goal |");
    println!("|---|---|--:|--:|--:|:-:|:-:|--:|");
    for row in rows() {
        let num = row.num.median(&dir);
        let den = row.den.median(&dir);
        let (num, den) = match (num, den) {
            (Ok(n), Ok(d)) => (n, d),
            (n, d) => {
                missing.extend(n.err());
                missing.extend(d.err());
                println!(
                    "| {} | `{}` / `{}` | – | – | – | {} | MISSING | |",
                    row.what,
                    row.num,
                    row.den,
                    show_goal(row.goal)
                );
                if row.goal != Goal::Info {
                    missed += 1;
                }
                continue;
            }
        };
        let ratio = num / den;
        // `to goal`: how much faster tlwire must get to meet the goal (short),
        // or could get slower and still meet it (spare).
        let (result, margin) = match row.goal {
            Goal::AtLeast(goal) => verdict(ratio >= goal, ratio / goal),
            Goal::AtMost(goal) => verdict(ratio <= goal, goal / ratio),
            Goal::Info => ("info", String::new()),
        };
        if result == "MISS" {
            missed += 1;
        }
        println!(
            "| {} | `{}` / `{}` | {} | {} | {:.2}× | {} | {} | {} |",
            row.what,
            row.num,
            row.den,
            show_time(num),
            show_time(den),
            ratio,
            show_goal(row.goal),
            result,
            margin
        );
    }
    println!();
    println!("Medians of criterion's estimates in {}.", dir.display());
    for problem in &missing {
        eprintln!("ratios: missing estimate: {problem}");
    }
    if missed > 0 {
        eprintln!("ratios: {missed} goal(s) missed");
    }
    if check && missed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn verdict(pass: bool, factor: f64) -> (&'static str, String) {
    if pass {
        ("PASS", format!("{factor:.2}× spare"))
    } else {
        ("MISS", format!("{:.2}× short", 1.0 / factor))
    }
}

fn show_goal(goal: Goal) -> String {
    match goal {
        Goal::AtLeast(g) => format!("≥ {g}×"),
        Goal::AtMost(g) => format!("≤ {g}×"),
        Goal::Info => "–".into(),
    }
}
