//! Every command line of the README's shell block runs as written, in a
//! folder holding the repository's `tl/` as the root does, with the built
//! `tlwire` first on the `PATH`: each exits 0, and a line whose comment is
//! one word prints that word.

use std::path::Path;
use std::process::Command;

use crate::common::workspace_root;

/// The README's shell block of commands: the one that reads the samples.
fn readme_lines() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("the README");
    let block = readme
        .split("```sh\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap_or_default())
        .find(|block| block.contains("tlwire sample"))
        .expect("a shell block with the samples");
    block
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_readme_command_runs_as_written() {
    let dir = std::env::temp_dir().join(format!("tlwire-readme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tl")).unwrap();
    for entry in std::fs::read_dir(workspace_root().join("tl")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("tl").join(path.file_name().unwrap())).unwrap();
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_tlwire")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let lines = readme_lines();
    assert!(lines.len() >= 15, "{lines:?}");
    for line in &lines {
        // `cmd   # expected`: a one-word comment is the expected output.
        let (command, expected) = match line.split_once("  #") {
            Some((command, comment)) => (command.trim(), Some(comment.trim())),
            None => (line.as_str(), None),
        };
        assert!(command.starts_with("tlwire"), "{line}");
        let output = Command::new("sh")
            .args(["-c", command])
            .current_dir(&dir)
            .env("PATH", &path)
            .output()
            .expect("sh runs");
        assert!(
            output.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        if let Some(expected) = expected.filter(|e| !e.contains(' ')) {
            assert_eq!(
                String::from_utf8_lossy(&output.stdout).trim(),
                expected,
                "{command}"
            );
        }
    }
    // The files the lines wrote are what the tool reads back.
    let layer = std::fs::read_to_string(dir.join("layer.rs")).unwrap();
    assert!(layer.contains("pub struct Authorization<'a>"));
    std::fs::remove_dir_all(&dir).unwrap();
}
