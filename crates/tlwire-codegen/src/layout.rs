//! Line breaking for the few expression shapes the generator writes, done
//! the way rustfmt's defaults do it, so generated code needs no formatter.
//!
//! The shapes are method chains (`r.read_string().at::<Self>("x")?`) and
//! calls (`json::next(&mut map, &mut x, "x")?`), placed after a prefix
//! (`let x = `, `len += `, `x: `, `"x" => `). The widths are rustfmt's
//! defaults: `max_width` 100, `fn_call_width` and `chain_width` 60.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::writer::Writer;

const MAX_WIDTH: usize = 100;
const CALL_WIDTH: usize = 60;
const CHAIN_WIDTH: usize = 60;

/// An expression the layout can break.
#[derive(Clone, Debug)]
pub(super) enum Expr {
    /// Written as is, never broken.
    Atom(String),
    /// `callee(args)suffix`, broken by putting each argument on its own line.
    Call {
        callee: String,
        args: Vec<String>,
        suffix: String,
    },
    /// `root.link().link()?`, broken by putting each link on its own line.
    /// Links start with `.` and carry their own suffix (`?`).
    Chain { root: String, links: Vec<String> },
}

impl Expr {
    /// A call expression.
    pub(super) fn call(callee: &str, args: &[&str], suffix: &str) -> Self {
        Expr::Call {
            callee: callee.into(),
            args: args.iter().map(|a| String::from(*a)).collect(),
            suffix: suffix.into(),
        }
    }

    /// The expression on one line.
    pub(super) fn flat(&self) -> String {
        match self {
            Expr::Atom(s) => s.clone(),
            Expr::Call {
                callee,
                args,
                suffix,
            } => format!("{callee}({}){suffix}", args.join(", ")),
            Expr::Chain { root, links } => format!("{root}{}", links.concat()),
        }
    }

    /// Whether rustfmt's width heuristics allow the flat form (the line
    /// length is checked separately).
    fn flat_allowed(&self, end: &str) -> bool {
        match self {
            Expr::Atom(_) => true,
            Expr::Call { args, .. } => args.join(", ").len() <= CALL_WIDTH,
            // A single link is not held to chain_width.
            Expr::Chain { links, .. }
                if links
                    .iter()
                    .filter_map(|l| link_call(l))
                    .any(|(_, args)| args.join(", ").len() > CALL_WIDTH) =>
            {
                false
            }
            Expr::Chain { links, .. } if links.len() < 2 => true,
            Expr::Chain { .. } => self.flat().len() + end.len() <= CHAIN_WIDTH,
        }
    }
}

/// Writes `prefix` + `expr` + `end` as one statement, arm or field.
///
/// `next_line` allows rustfmt's other choice for assignments: the whole
/// right-hand side on the next line when it fits there but not after `=`.
pub(super) fn write(w: &mut Writer, prefix: &str, expr: &Expr, end: &str, next_line: bool) {
    let indent = w.indent() * 4;
    let flat = expr.flat();
    // Measured: rustfmt keeps a chain that ends in `?` two columns short of
    // the maximum width.
    let max = match expr {
        Expr::Chain { links, .. } if links.last().is_some_and(|l| l.ends_with('?')) => {
            MAX_WIDTH - 2
        }
        _ => MAX_WIDTH,
    };
    let fits = |extra: usize, s: &str| indent + extra + s.len() <= max;
    if expr.flat_allowed(end) && fits(0, &format!("{prefix}{flat}{end}")) {
        w.line(&format!("{prefix}{flat}{end}"));
        return;
    }
    if next_line && expr.flat_allowed(end) && fits(4, &format!("{flat}{end}")) {
        w.line(prefix.trim_end());
        w.push_indent();
        w.line(&format!("{flat}{end}"));
        w.pop_indent();
        return;
    }
    match expr {
        Expr::Atom(s) => w.line(&format!("{prefix}{s}{end}")),
        Expr::Call {
            callee,
            args,
            suffix,
        } if overflow_closure(w, prefix, callee, args).is_some() => {
            // rustfmt lets a closure in last place overflow into a block.
            if let Some((head, body)) = overflow_closure(w, prefix, callee, args) {
                w.open(&head);
                w.line(&body);
                w.close(&format!("}}){suffix}{end}"));
            }
        }
        Expr::Call {
            callee,
            args,
            suffix,
        } => {
            w.open(&format!("{prefix}{callee}("));
            for a in args {
                w.line(&format!("{a},"));
            }
            w.close(&format!("){suffix}{end}"));
        }
        Expr::Chain { root, links } => {
            w.line(&format!("{prefix}{root}"));
            w.push_indent();
            for (n, link) in links.iter().enumerate() {
                let end = if n + 1 == links.len() { end } else { "" };
                write_link(w, link, end);
            }
            w.pop_indent();
        }
    }
}

/// A chain link `.method(args)`: the method with its `(` and the arguments,
/// split at the top-level commas; `None` for a link that is not a plain
/// call (`.at::<Self>("x")?`, which ends in `?`).
fn link_call(link: &str) -> Option<(&str, Vec<&str>)> {
    let inner = link.strip_suffix(')')?;
    let open = inner.find('(')?;
    let (method, args) = (inner.get(..=open)?, inner.get(open + 1..)?);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in args.char_indices() {
        match c {
            '(' | '[' | '<' => depth += 1,
            ')' | ']' | '>' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => {
                parts.push(args.get(start..i)?.trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    (depth == 0).then_some(())?;
    parts.push(args.get(start..)?.trim());
    Some((method, parts))
}

/// Writes one link of a broken chain as rustfmt does: on its line, unless
/// its arguments are wider than `fn_call_width`; then a closure in last
/// place gets a block, and other arguments go one to a line.
fn write_link(w: &mut Writer, link: &str, end: &str) {
    let Some((method, args)) =
        link_call(link).filter(|(_, args)| args.join(", ").len() > CALL_WIDTH)
    else {
        w.line(&format!("{link}{end}"));
        return;
    };
    if let Some((last, first)) = args.split_last() {
        if let Some(params_end) = closure_params_end(last) {
            let mut head = String::from(method);
            for a in first {
                head.push_str(a);
                head.push_str(", ");
            }
            head.push_str(last.get(..params_end).unwrap_or_default());
            head.push_str(" {");
            w.open(&head);
            w.line(last.get(params_end..).unwrap_or_default().trim_start());
            w.close(&format!("}}){end}"));
            return;
        }
    }
    w.open(method);
    for a in &args {
        w.line(&format!("{a},"));
    }
    w.close(&format!("){end}"));
}

/// Where the parameters of a closure `|p| body` end (just after the second
/// `|`), or `None` when `arg` is not a closure.
fn closure_params_end(arg: &str) -> Option<usize> {
    let rest = arg.strip_prefix('|')?;
    Some(rest.find('|')? + 2)
}

/// For a call whose last argument is a closure `|p| body`: the first line
/// `prefix callee(args, |p| {` if it fits, and the body.
fn overflow_closure(
    w: &Writer,
    prefix: &str,
    callee: &str,
    args: &[String],
) -> Option<(String, String)> {
    let (last, first) = args.split_last()?;
    let rest = last.strip_prefix('|')?;
    let close = rest.find('|')?;
    let params = &last[..close + 2];
    let body = last[close + 2..].trim_start();
    let mut head = format!("{prefix}{callee}(");
    for a in first {
        head.push_str(a);
        head.push_str(", ");
    }
    head.push_str(params);
    head.push_str(" {");
    let fits =
        w.indent() * 4 + head.len() <= MAX_WIDTH && (w.indent() + 1) * 4 + body.len() <= MAX_WIDTH;
    fits.then(|| (head, String::from(body)))
}

/// Writes `prefix outer(call)end`, a call as the one argument of another
/// (`Err(json::unknown_constructor::<A>(name, "Foo"))`): on one line when
/// the inner call is no wider than `fn_call_width` and the line fits, else
/// with the inner call's arguments one to a line.
pub(super) fn nested_call(w: &mut Writer, prefix: &str, outer: &str, call: &Expr, end: &str) {
    let flat = call.flat();
    let line = format!("{prefix}{outer}({flat}){end}");
    if flat.len() <= CALL_WIDTH && w.indent() * 4 + line.len() <= MAX_WIDTH {
        w.line(&line);
        return;
    }
    match call {
        Expr::Call {
            callee,
            args,
            suffix,
        } => {
            w.open(&format!("{prefix}{outer}({callee}("));
            for a in args {
                w.line(&format!("{a},"));
            }
            w.close(&format!("){suffix}){end}"));
        }
        _ => w.line(&line),
    }
}

/// Writes a match arm `pattern => expr,`: on one line, else in a block when
/// the body fits there on one line, else with the body broken.
pub(super) fn arm(w: &mut Writer, pattern: &str, expr: &Expr) {
    let indent = w.indent() * 4;
    let flat = expr.flat();
    let line = format!("{pattern} => {flat},");
    if expr.flat_allowed(",") && indent + line.len() <= MAX_WIDTH {
        w.line(&line);
    } else if expr.flat_allowed("") && indent + 4 + flat.len() <= MAX_WIDTH {
        w.open(&format!("{pattern} => {{"));
        w.line(&flat);
        w.close("}");
    } else {
        write(w, &format!("{pattern} => "), expr, ",", false);
    }
}

/// rustfmt's `array_width` and `short_array_element_width_threshold`.
const ARRAY_WIDTH: usize = 60;
const SHORT_ITEM: usize = 10;

/// Whether rustfmt would consider `items` for an array on one line.
pub(super) fn narrow_array(items: &[String]) -> bool {
    items.join(", ").len() <= ARRAY_WIDTH
}

/// Writes `prefix&[items]end` as rustfmt lays out an array of literals: on
/// one line, else on the next line, else packed several to a line when every
/// item is short, else one item per line.
pub(super) fn array(w: &mut Writer, prefix: &str, items: &[String], end: &str) {
    let indent = w.indent() * 4;
    let flat = format!("&[{}]", items.join(", "));
    let narrow = narrow_array(items);
    if narrow && indent + prefix.len() + flat.len() + end.len() <= MAX_WIDTH {
        w.line(&format!("{prefix}{flat}{end}"));
        return;
    }
    if narrow && indent + 4 + flat.len() + end.len() <= MAX_WIDTH {
        w.line(prefix.trim_end());
        w.push_indent();
        w.line(&format!("{flat}{end}"));
        w.pop_indent();
        return;
    }
    w.open(&format!("{prefix}&["));
    if items.iter().all(|i| i.len() <= SHORT_ITEM) {
        let room = MAX_WIDTH - w.indent() * 4;
        let mut line = String::new();
        for item in items {
            if !line.is_empty() && line.len() + 1 + item.len() + 1 > room {
                w.line(line.trim_end());
                line.clear();
            }
            line.push_str(item);
            line.push_str(", ");
        }
        if !line.is_empty() {
            w.line(line.trim_end());
        }
    } else {
        for item in items {
            w.line(&format!("{item},"));
        }
    }
    w.close(&format!("]{end}"));
}
