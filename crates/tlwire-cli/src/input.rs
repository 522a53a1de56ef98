//! Reading the input of a command: hex, URLs and JSON, from an argument or
//! standard input.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

use crate::failure::Failure;

/// The argument itself, or standard input for `-`.
pub(crate) fn read_arg(arg: &str) -> Result<String, Failure> {
    if arg == "-" {
        read_stdin()
    } else {
        Ok(arg.to_owned())
    }
}

/// The URL argument itself, or standard input's text for `-` without the
/// white space around it (the newline of `echo URL |`).
pub(crate) fn read_url(arg: &str) -> Result<String, Failure> {
    if arg == "-" {
        Ok(read_stdin()?.trim().to_owned())
    } else {
        Ok(arg.to_owned())
    }
}

/// A file's text, or standard input's for `-`.
pub(crate) fn read_text(path: &Path) -> Result<String, Failure> {
    if path.as_os_str() == "-" {
        return read_stdin();
    }
    fs::read_to_string(path).map_err(|error| Failure::Unreadable {
        what: path.display().to_string(),
        error,
    })
}

pub(crate) fn read_stdin() -> Result<String, Failure> {
    let mut text = String::new();
    io::stdin()
        .lock()
        .read_to_string(&mut text)
        .map_err(|error| Failure::Unreadable {
            what: "standard input".into(),
            error,
        })?;
    Ok(text)
}

/// Hex digits to bytes: white space anywhere is ignored, either case works.
pub(crate) fn parse_hex(text: &str) -> Result<Vec<u8>, Failure> {
    let mut nibbles = Vec::with_capacity(text.len());
    for (position, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        match c.to_digit(16) {
            // A hex digit is below 16, so it fits in a byte.
            Some(digit) => nibbles.push(digit as u8),
            None => {
                return Err(Failure::InvalidHex(format!(
                    "{c:?} at character {position} is not a hex digit"
                )))
            }
        }
    }
    if !nibbles.len().is_multiple_of(2) {
        return Err(Failure::InvalidHex(format!(
            "odd number of hex digits ({})",
            nibbles.len()
        )));
    }
    Ok(nibbles
        .chunks_exact(2)
        .map(|pair| match *pair {
            [high, low] => high << 4 | low,
            _ => 0,
        })
        .collect())
}
