//! The shape of the workspace's hand-written sources: every hand-written
//! Rust file of the checkout stays under the size of one concept; and in
//! the crates' sources (`src/`, `crates/*/src/`) no two modules beside each
//! other import each other, directly or around a loop: at every level of
//! the tree a module and the files under it are one room, and a path
//! through a re-export counts where the item lives.
//!
//! Reads the sources, so it runs from a checkout; the package does not ship
//! it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// About 600 lines: a file past it holds more than one concept.
const MAX_LINES: usize = 600;

/// Each crate's source root, by crate.
fn source_roots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![root.join("src")];
    let crates = std::fs::read_dir(root.join("crates")).expect("crates/ is beside src/");
    let mut crates: Vec<PathBuf> = crates
        .map(|entry| entry.expect("directory entry").path().join("src"))
        .filter(|src| src.is_dir())
        .collect();
    crates.sort();
    roots.extend(crates);
    roots
}

/// The `.rs` files under `src`, each with its module path (`wire::reader`,
/// `` for the crate root).
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    fn walk(src: &Path, dir: &Path, out: &mut BTreeMap<String, PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable source directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(src, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src).expect("under src");
                let mut parts: Vec<String> = relative
                    .with_extension("")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                out.insert(parts.join("::"), path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(src, src, &mut out);
    out
}

/// The text of a source file without its comments and its inline unit
/// tests (`#[cfg(test)] mod tests { … }`, at the end of a file).
fn code_of(text: &str) -> String {
    let code = text
        .split("#[cfg(test)]\nmod tests {")
        .next()
        .unwrap_or(text);
    code.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::…`/`super::…` path `code` names, `use` groups expanded.
fn named_paths(code: &str) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    for statement in code.split(';') {
        let Some(at) = statement.find("use ") else {
            continue;
        };
        let tree: String = statement[at + 4..].split_whitespace().collect();
        expand("", &tree, &mut paths);
    }
    for (at, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        let path: String = code[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        paths.insert(path);
    }
    paths
}

/// The paths of a `use` tree (`a::{b, c::{d}}`), each prefixed.
fn expand(prefix: &str, tree: &str, out: &mut BTreeSet<String>) {
    match tree.find('{') {
        None => {
            out.insert(format!("{prefix}{tree}"));
        }
        Some(open) => {
            let head = &tree[..open];
            let inner = tree[open + 1..]
                .strip_suffix('}')
                .unwrap_or(&tree[open + 1..]);
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&format!("{prefix}{head}"), inner[start..i].trim(), out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&format!("{prefix}{head}"), inner[start..].trim(), out);
        }
    }
}

/// Where each module's re-exports come from: `(module, name)` to the path
/// it re-exports (`("", "Function")` to `rpc::function::Function`).
type Reexports = BTreeMap<(String, String), String>;

/// The `pub use` and `pub(crate) use` items of every module.
fn reexports(modules: &BTreeMap<String, PathBuf>) -> Reexports {
    let mut out = Reexports::new();
    for (module, path) in modules {
        let code = code_of(&std::fs::read_to_string(path).expect("readable source"));
        for statement in code.split(';') {
            let statement = statement.trim();
            let Some(tree) = statement
                .strip_prefix("pub use ")
                .or_else(|| statement.strip_prefix("pub(crate) use "))
            else {
                continue;
            };
            let tree: String = tree.split_whitespace().collect();
            let mut paths = BTreeSet::new();
            expand("", &tree, &mut paths);
            for full in paths {
                let name = full.rsplit("::").next().unwrap_or(&full).to_string();
                // A path without `crate::`/`super::` is relative to the module.
                let absolute = if full.starts_with("crate::") || full.starts_with("super::") {
                    full.clone()
                } else {
                    format!("self::{full}")
                };
                out.insert((module.clone(), name), absolute);
            }
        }
    }
    out
}

/// The module a path from module `from` lands in: the longest prefix that
/// is a module of the crate, followed through that module's re-exports.
fn target(
    from: &str,
    path: &str,
    modules: &BTreeMap<String, PathBuf>,
    reexports: &Reexports,
) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<&str> = if from.is_empty() {
        Vec::new()
    } else {
        from.split("::").collect()
    };
    match segments.first() {
        Some(&"crate") => {
            base.clear();
            segments.remove(0);
        }
        Some(&"super") => {
            while segments.first() == Some(&"super") {
                base.pop();
                segments.remove(0);
            }
        }
        Some(&"self") => {
            segments.remove(0);
        }
        _ => return None,
    }
    let full: Vec<&str> = base.into_iter().chain(segments).collect();
    let found = (0..=full.len())
        .rev()
        .find(|&n| modules.contains_key(&full[..n].join("::")))?;
    let module = full[..found].join("::");
    // `crate::Name` where the module only re-exports `Name`: where it lives.
    if let Some(name) = full.get(found) {
        if let Some(source) = reexports.get(&(module.clone(), name.to_string())) {
            if source != path {
                if let Some(deeper) = target(&module, source, modules, reexports) {
                    return Some(deeper);
                }
            }
        }
    }
    Some(module)
}

/// The child of `parent` that `module` is, or lies in.
fn child_of(parent: &str, module: &str) -> Option<String> {
    let rest = if parent.is_empty() {
        module
    } else {
        module.strip_prefix(parent)?.strip_prefix("::")?
    };
    let first = rest.split("::").next().filter(|s| !s.is_empty())?;
    Some(if parent.is_empty() {
        first.to_string()
    } else {
        format!("{parent}::{first}")
    })
}

/// The loops of `edges`: each strongly connected set of two or more files.
fn loops(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Reachability is small here (tens of files): a set per file will do.
    let reach = |start: &String| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.clone()];
        while let Some(m) = stack.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for (m, from_m) in &reached {
        let mut group: Vec<String> = from_m
            .iter()
            .filter(|other| reached.get(other).is_some_and(|r| r.contains(*m)))
            .cloned()
            .collect();
        if group.len() > 1 {
            group.sort();
            found.insert(group);
        }
    }
    found.into_iter().collect()
}

/// Every hand-written `.rs` file of the checkout: sources, tests, benches,
/// examples, the fuzz crate and the CI crates. Generated code is left out:
/// build outputs (`target/`), the runtime's golden files (`tests/golden/`)
/// and the generator's fixtures' expected output (`fixtures/*/expected.rs`).
fn hand_written_files() -> Vec<PathBuf> {
    fn generated(root: &Path, path: &Path) -> bool {
        let in_fixtures = || {
            let grandparent = path.parent().and_then(Path::parent);
            grandparent.is_some_and(|p| p.ends_with("fixtures"))
        };
        path.ends_with("target")
            || path == root.join("tests/golden")
            || (path.ends_with("expected.rs") && in_fixtures())
    }
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if generated(root, &path) {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "src", "crates", "tests", "benches", "examples", "fuzz", ".ci",
    ] {
        if root.join(dir).is_dir() {
            walk(root, &root.join(dir), &mut out);
        }
    }
    out.push(root.join("build.rs"));
    out.sort();
    out
}

#[test]
fn no_hand_written_file_is_over_the_size_of_one_concept() {
    let files = hand_written_files();
    let mut over = Vec::new();
    for path in &files {
        let lines = std::fs::read_to_string(path)
            .expect("readable source")
            .lines()
            .count();
        if lines > MAX_LINES {
            over.push(format!("{}: {lines} lines", path.display()));
        }
    }
    // Every part of the checkout that holds hand-written Rust was walked.
    let parts = [
        "src/lib.rs",
        "crates/tlwire-codegen/src/",
        "crates/tlwire-codegen/tests/",
        "tests/",
        "benches/",
        "examples/",
        "fuzz/src/checks/",
        "fuzz/fuzz_targets/",
        ".ci/",
    ];
    for part in parts {
        assert!(
            files.iter().any(|f| f.to_string_lossy().contains(part)),
            "no file under {part} was counted"
        );
    }
    assert!(
        over.is_empty(),
        "over {MAX_LINES} lines:\n{}",
        over.join("\n")
    );
}

#[test]
fn no_two_files_import_each_other() {
    let mut all_loops = Vec::new();
    for src in source_roots() {
        let modules = modules(&src);
        let reexports = reexports(&modules);
        // Every import, from the file's module to the module it reaches.
        let mut imports: Vec<(String, String)> = Vec::new();
        for (module, path) in &modules {
            let code = code_of(&std::fs::read_to_string(path).expect("readable source"));
            for named in named_paths(&code) {
                if let Some(to) = target(module, &named, &modules, &reexports) {
                    imports.push((module.clone(), to));
                }
            }
        }
        // At each level of the tree, a module and everything under it is
        // one room: the rooms beside each other must not import in a loop.
        for parent in modules.keys() {
            let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for (from, to) in &imports {
                if let (Some(a), Some(b)) = (child_of(parent, from), child_of(parent, to)) {
                    if a != b {
                        edges.entry(a).or_default().insert(b);
                    }
                }
            }
            all_loops.extend(
                loops(&edges)
                    .into_iter()
                    .map(|group| format!("{}: {}", src.display(), group.join(" ⇄ "))),
            );
        }
    }
    assert!(
        all_loops.is_empty(),
        "modules that import each other:\n{}",
        all_loops.join("\n")
    );
}

#[test]
fn a_loop_is_found_where_there_is_one() {
    let edges: BTreeMap<String, BTreeSet<String>> = [
        ("a", &["b"][..]),
        ("b", &["c"][..]),
        ("c", &["a"][..]),
        ("d", &["a"][..]),
    ]
    .into_iter()
    .map(|(m, to)| (m.to_string(), to.iter().map(|t| t.to_string()).collect()))
    .collect();
    assert_eq!(loops(&edges), [vec!["a", "b", "c"]]);
    let mut paths = BTreeSet::new();
    expand("", "super::{a::{B, C}, d}", &mut paths);
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        ["super::a::B", "super::a::C", "super::d"]
    );
}
