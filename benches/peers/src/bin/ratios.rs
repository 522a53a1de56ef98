//! Prints the goal table from the last `cargo bench` of this crate, as
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

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tlwire_peers::goals::{rows, show_goal, show_time, Goal};

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
        let (pass, result, margin) = row.goal.judge(ratio);
        if !pass {
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
