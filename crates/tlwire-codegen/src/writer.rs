//! An indenting line writer: the generator emits text that is already
//! formatted the way rustfmt would format it, so no formatter has to run at
//! build time.

use alloc::string::String;

/// Builds source text line by line with four-space indentation.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    indent: usize,
}

impl Writer {
    /// Writes one line at the current indentation (an empty `text` writes a
    /// blank line with no trailing spaces).
    pub fn line(&mut self, text: &str) {
        if !text.is_empty() {
            for _ in 0..self.indent {
                self.out.push_str("    ");
            }
            self.out.push_str(text);
        }
        self.out.push('\n');
    }

    /// A blank line between two items, unless one is already there or the
    /// last line opened a block (rustfmt keeps neither).
    pub fn gap(&mut self) {
        if !(self.out.is_empty() || self.out.ends_with("{\n") || self.out.ends_with("\n\n")) {
            self.out.push('\n');
        }
    }

    /// Writes `text` and indents what follows (for lines ending in `{`).
    pub fn open(&mut self, text: &str) {
        self.line(text);
        self.indent += 1;
    }

    /// Dedents and writes `text` (for lines starting with `}`).
    pub fn close(&mut self, text: &str) {
        self.indent = self.indent.saturating_sub(1);
        self.line(text);
    }

    /// Indents what follows without writing a line.
    pub fn push_indent(&mut self) {
        self.indent += 1;
    }

    /// Dedents what follows without writing a line.
    pub fn pop_indent(&mut self) {
        self.indent = self.indent.saturating_sub(1);
    }

    /// The current indentation level (four spaces each).
    pub fn indent(&self) -> usize {
        self.indent
    }

    /// Writes a `///` doc comment, one line per line of `text`.
    pub fn doc(&mut self, text: &str) {
        if text.is_empty() {
            self.line("///");
        }
        for line in text.lines() {
            if line.is_empty() {
                self.line("///");
            } else {
                self.line(&alloc::format!("/// {line}"));
            }
        }
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.out
    }
}
