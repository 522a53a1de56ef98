//! The goal table: every goal judged both ways, every goal in the table,
//! and the paths its figures are read from.

use std::path::Path;

use tlwire_peers::goals::{rows, Bench, Goal};

#[test]
fn goals_judge_both_ways_and_say_by_how_much() {
    assert_eq!(
        Goal::AtLeast(4.0).judge(3.9),
        (false, "MISS", "1.03× short".to_string())
    );
    assert_eq!(
        Goal::AtLeast(4.0).judge(5.0),
        (true, "PASS", "1.25× spare".to_string())
    );
    assert_eq!(
        Goal::AtMost(1.1).judge(1.32),
        (false, "MISS", "1.20× short".to_string())
    );
    assert_eq!(
        Goal::AtMost(2.0).judge(1.0),
        (true, "PASS", "2.00× spare".to_string())
    );
    assert_eq!(Goal::Info.judge(100.0), (true, "info", String::new()));
}

#[test]
fn every_goal_is_in_the_table() {
    let goals: Vec<_> = rows()
        .into_iter()
        .filter(|row| row.goal != Goal::Info)
        .collect();
    // decode: 4; the longer strings: 2; the non-ASCII ones: 1; encode:
    // 5 lengths x (to_vec/floor, reused/grammers), grammers_to_bytes at
    // 32 B, reused/floor at 1 MiB; the two real answers against grammers.
    assert_eq!(goals.len(), 4 + 2 + 1 + 5 * 2 + 2 + 2);
    assert!(goals
        .iter()
        .all(|row| row.num.group == row.den.group && row.num.len == row.den.len));
}

#[test]
fn estimates_are_read_where_criterion_writes_them() {
    let dir = Path::new("c");
    assert_eq!(
        Bench::encode("floor", 32).estimates(dir),
        Path::new("c/encode_accept_login_token/floor/32/new/estimates.json")
    );
    assert_eq!(
        Bench::decode("grammers").estimates(dir),
        Path::new("c/decode_authorization/grammers/new/estimates.json")
    );
}
