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
pub(super) const CHAIN_WIDTH: usize = 60;

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
            Expr::Call { args, .. } => !too_wide_for_one_line(args),
            // A single link is not held to chain_width.
            Expr::Chain { links, .. }
                if links
                    .iter()
                    .filter_map(|l| link_call(l))
                    .any(|(_, args)| too_wide_for_one_line(&args)) =>
            {
                false
            }
            // rustfmt counts the field accesses of the root (`self.x`) as
            // elements too.
            Expr::Chain { root, links } if links.len() + top_level_dots(root).len() < 2 => true,
            Expr::Chain { .. } => self.flat().len() + end.len() <= CHAIN_WIDTH,
        }
    }
}

/// Whether rustfmt breaks a call's arguments even where the line has room:
/// when there are several and together they are wider than
/// `fn_call_width`. One argument stays on the line whenever it fits there.
fn too_wide_for_one_line<S: AsRef<str>>(args: &[S]) -> bool {
    args.len() > 1 && args.iter().map(|a| a.as_ref().len() + 2).sum::<usize>() > CALL_WIDTH + 2
}

/// Writes `prefix` + `expr` + `end` as one statement, arm or field.
///
/// `next_line` allows rustfmt's other choice for assignments: the whole
/// right-hand side on the next line when it fits there but not after `=`.
pub(super) fn write(w: &mut Writer, prefix: &str, expr: &Expr, end: &str, next_line: bool) {
    let indent = w.indent() * 4;
    let flat = expr.flat();
    let max = max_width(expr);
    let fits = |extra: usize, s: &str| indent + extra + s.len() <= max;
    if stays_flat(w, prefix, expr, end) {
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
    if let Expr::Chain { root, .. } = expr {
        let root = split_root(root, prefix.len()).0;
        if next_line && indent + prefix.len() + root.len() > MAX_WIDTH {
            // A root too wide after the prefix: the whole chain goes to the
            // next line rather than break the root's call.
            w.line(prefix.trim_end());
            w.push_indent();
            write(w, "", expr, end, false);
            w.pop_indent();
            return;
        }
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
            let (root, fields) = split_root(root, prefix.len());
            let links: Vec<&str> = fields
                .into_iter()
                .chain(links.iter().map(String::as_str))
                .collect();
            let root_line = format!("{prefix}{root}");
            // A root call too wide for its line is broken like any call,
            // and the links then line up under it, not indented.
            let broken_root = (indent + root_line.len() > MAX_WIDTH)
                .then(|| link_call(root))
                .flatten();
            let indented = broken_root.is_none();
            match broken_root {
                Some((head, args)) => {
                    w.open(&format!("{prefix}{head}"));
                    for a in &args {
                        w.line(&format!("{a},"));
                    }
                    w.close(")");
                }
                None => {
                    w.line(&root_line);
                    w.push_indent();
                }
            }
            for (n, link) in links.iter().enumerate() {
                let end = if n + 1 == links.len() { end } else { "" };
                write_link(w, link, end);
            }
            if indented {
                w.pop_indent();
            }
        }
    }
}

/// The widest line rustfmt keeps `expr` on.
fn max_width(expr: &Expr) -> usize {
    match expr {
        // Measured: rustfmt keeps a chain that ends in `?` two columns
        // short of the maximum width.
        Expr::Chain { links, .. } if links.last().is_some_and(|l| l.ends_with('?')) => {
            MAX_WIDTH - 2
        }
        _ => MAX_WIDTH,
    }
}

/// Whether [`write`] keeps `prefix` + `expr` + `end` on one line.
pub(super) fn stays_flat(w: &Writer, prefix: &str, expr: &Expr, end: &str) -> bool {
    let line = w.indent() * 4 + prefix.len() + expr.flat().len() + end.len();
    expr.flat_allowed(end) && line <= max_width(expr)
}

/// The root of a broken chain as rustfmt takes it, and the field accesses
/// that become links of their own: rustfmt's root is the first element
/// (`self` of `self.field`), joined with the next while it is no wider than
/// a tab less the columns before it (`prefix_len`).
fn split_root(root: &str, prefix_len: usize) -> (&str, Vec<&str>) {
    let dots = top_level_dots(root);
    // Where each element starts after the first: its top-level `.`.
    let mut starts = dots.into_iter().chain([root.len()]);
    let join_width = 4usize.saturating_sub(prefix_len);
    let mut end = starts.next().unwrap_or(root.len());
    while end < root.len() && end <= join_width {
        end = starts.next().unwrap_or(root.len());
    }
    let head = root.get(..end).unwrap_or(root);
    let mut fields = Vec::new();
    let mut from = end;
    for to in starts {
        fields.extend(root.get(from..to));
        from = to;
    }
    (head, fields)
}

/// The characters of `text` outside every bracket (`()`, `[]`, `<>`), with
/// their byte offsets, and whether the brackets balance (no closing one
/// without its opening one, none left open).
pub(super) fn top_level(text: &str) -> (Vec<(usize, char)>, bool) {
    let mut outside = Vec::new();
    let (mut depth, mut balanced) = (0usize, true);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '<' => depth += 1,
            ')' | ']' | '>' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => balanced = false,
            },
            _ if depth == 0 => outside.push((i, c)),
            _ => {}
        }
    }
    (outside, balanced && depth == 0)
}

/// Where `expr` has a `.` outside brackets: the starts of its elements after
/// the first.
fn top_level_dots(expr: &str) -> Vec<usize> {
    let (outside, _) = top_level(expr);
    outside
        .into_iter()
        .filter(|&(_, c)| c == '.')
        .map(|(i, _)| i)
        .collect()
}

/// A chain link `.method(args)`: the method with its `(` and the arguments,
/// split at the top-level commas; `None` for a link that is not a plain
/// call (`.at::<Self>("x")?`, which ends in `?`).
fn link_call(link: &str) -> Option<(&str, Vec<&str>)> {
    let inner = link.strip_suffix(')')?;
    let open = inner.find('(')?;
    let (method, args) = (inner.get(..=open)?, inner.get(open + 1..)?);
    let (outside, balanced) = top_level(args);
    balanced.then_some(())?;
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, _) in outside.into_iter().filter(|&(_, c)| c == ',') {
        parts.push(args.get(start..i)?.trim());
        start = i + 1;
    }
    parts.push(args.get(start..)?.trim());
    Some((method, parts))
}

/// Writes one link of a broken chain as rustfmt does: on its line, unless
/// its arguments are wider than `fn_call_width`; then a closure in last
/// place gets a block, and other arguments go one to a line.
fn write_link(w: &mut Writer, link: &str, end: &str) {
    let fits = w.indent() * 4 + link.len() + end.len() <= MAX_WIDTH;
    let Some((method, args)) =
        link_call(link).filter(|(_, args)| too_wide_for_one_line(args) || !fits)
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
    } else if indent + first_line(&format!("{pattern} => "), expr).len() < MAX_WIDTH {
        // rustfmt keeps a call or a chain after the pattern, broken, when
        // its first line fits there with a column to spare.
        write(w, &format!("{pattern} => "), expr, ",", false);
    } else {
        w.open(&format!("{pattern} => {{"));
        write(w, "", expr, "", false);
        w.close("}");
    }
}

/// Opens `if a || b {` as rustfmt lays it out: on one line; else the
/// condition on its line and `{` alone on the next; else one operand to a
/// line, each after the first led by `||`, then `{` alone.
pub(super) fn open_if_any(w: &mut Writer, operands: &[String]) {
    let indent = w.indent() * 4;
    let condition = operands.join(" || ");
    let line = format!("if {condition} {{");
    if indent + line.len() <= MAX_WIDTH {
        w.open(&line);
        return;
    }
    if indent + 3 + condition.len() <= MAX_WIDTH {
        w.line(&format!("if {condition}"));
    } else {
        let mut operands = operands.iter();
        w.line(&format!(
            "if {}",
            operands.next().map_or("", String::as_str)
        ));
        w.push_indent();
        for operand in operands {
            w.line(&format!("|| {operand}"));
        }
        w.pop_indent();
    }
    w.open("{");
}

/// The first line of `prefix` + `expr` broken as [`write`] breaks it.
fn first_line(prefix: &str, expr: &Expr) -> String {
    match expr {
        Expr::Atom(s) => format!("{prefix}{s}"),
        Expr::Call { callee, .. } => format!("{prefix}{callee}("),
        Expr::Chain { root, .. } => format!("{prefix}{}", split_root(root, prefix.len()).0),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_skips_what_brackets_hold_and_tells_unbalanced_ones() {
        let (outside, balanced) = top_level("a(b, c).d<e.f>, g");
        let chars: String = outside.iter().map(|&(_, c)| c).collect();
        assert_eq!(chars, "a.d, g");
        assert_eq!(outside[1], (7, '.'));
        assert!(balanced);
        assert!(!top_level("a(b").1);
        assert!(!top_level("a)b(").1);
        assert_eq!(
            link_call(".f(a, g(b, c))"),
            Some((".f(", vec!["a", "g(b, c)"]))
        );
        assert_eq!(link_call(".f(a, b))"), None);
    }

    #[test]
    fn a_chain_root_keeps_only_what_rustfmt_joins() {
        // After `len += `, no room to join: `self` alone.
        assert_eq!(
            split_root("self.provider_data", 7),
            ("self", vec![".provider_data"])
        );
        // At the start of a statement, `self` is a tab wide: joined.
        assert_eq!(split_root("self.a.b", 0), ("self.a", vec![".b"]));
        // Dots inside arguments are not elements.
        assert_eq!(
            split_root("wire::bytes_len(&self.payload)", 7),
            ("wire::bytes_len(&self.payload)", vec![])
        );
    }
}
