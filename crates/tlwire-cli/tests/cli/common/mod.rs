//! What every test of the tool shares: running it as a separate process
//! (failing the test on a panic, exit 101, or a signal, so no test can pass
//! while the tool crashes), and building wire bytes independently of it.

// Each test file uses some of these.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "../../../../../tests/support/official_schema.rs"]
mod official;

/// What one run of the tool gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The one error line, checked to be exactly one line.
    pub fn error_line(&self) -> &str {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "expected one stderr line: {self:?}");
        lines.first().copied().unwrap_or_default()
    }

    /// The last stderr line: the `error:` line after the problems listed
    /// before it.
    pub fn last_error_line(&self) -> &str {
        self.stderr.lines().last().unwrap_or_default()
    }

    /// The one stdout line of a successful run.
    pub fn line(&self) -> &str {
        assert_eq!(self.code, 0, "{self:?}");
        let lines: Vec<&str> = self.stdout.lines().collect();
        assert_eq!(lines.len(), 1, "expected one stdout line: {self:?}");
        lines.first().copied().unwrap_or_default()
    }
}

pub fn run_with(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tlwire"))
        .args(args)
        .current_dir(workspace_root())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tlwire binary runs");
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(input).expect("stdin takes the input");
    }
    let output = child.wait_with_output().expect("tlwire finishes");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_ne!(run.code, 101, "tlwire panicked: {run:?}");
    assert_ne!(run.code, -1, "tlwire was killed by a signal: {run:?}");
    run
}

pub fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

pub fn decode_json(hex: &str) -> String {
    run(&["decode", "--json", hex]).line().to_owned()
}

pub fn encode_json(json: &str) -> String {
    run_with(&["encode", "--json", "-"], Some(json.as_bytes()))
        .line()
        .to_owned()
}

/// `decode --json` then `encode --json` gives back `wire`.
pub fn assert_round_trip(wire: &[u8]) {
    let json = decode_json(&hex(wire));
    assert_eq!(encode_json(&json), hex(wire), "through {json}");
}

#[path = "../../../../../tests/support/answers.rs"]
mod answers;
pub use answers::{gzip_packed, rpc_error, rpc_result, tl_bytes};

/// A file in the temp directory, removed when dropped.
pub struct TempFile(pub PathBuf);

impl TempFile {
    pub fn new(name: &str, text: &str) -> Self {
        let path = std::env::temp_dir().join(format!("tlwire-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("the temp file is written");
        Self(path)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// How many combinators the runtime's `tl/NAME` defines, by the schema
/// parser the tool uses.
pub fn shipped_combinators(name: &str) -> usize {
    let text = std::fs::read_to_string(workspace_root().join("tl").join(name)).expect("tl/ file");
    tlwire_schema::parse(&text)
        .expect("the shipped lines parse")
        .definitions
        .len()
}

/// The workspace root: the tool runs there, so the runtime's `tl/` and
/// `tests/` files are at the paths a user of the repository types.
pub fn workspace_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The official schema file's path as an argument, or `None` once the
/// skip is said (under `CI=true` a missing file fails the test).
pub fn official_schema(name: &str) -> Option<String> {
    official::official_schema(name).map(|path| path.to_str().expect("a UTF-8 path").to_owned())
}

pub const SAMPLE_JSON: &str = concat!(
    r#"{"_":"authorization","flags":34,"current":false,"official_app":true,"#,
    r#""password_pending":false,"encrypted_requests_disabled":false,"#,
    r#""call_requests_disabled":false,"unconfirmed":true,"hash":"2061098589911046150","#,
    r#""device_model":"Pixel 8 Pro","platform":"Android","system_version":"SDK 34","#,
    r#""api_id":6,"app_name":"Telegram Android","app_version":"10.14.5","#,
    r#""date_created":1714500000,"date_active":1714503600,"ip":"203.0.113.7","#,
    r#""country":"Netherlands","region":"North Holland"}"#
);
