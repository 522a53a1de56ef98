//! `qr`: a login token to its `tg://login` URL and back.

use std::io::Write;

use tlwire::qr::LoginToken;

use crate::cli::QrCommand;
use crate::failure::{Failure, Outcome};
use crate::input::{parse_hex, read_arg, read_url};

/// `qr decode <URL|->` and `qr encode <HEX|->`.
pub(crate) fn qr(command: &QrCommand, out: &mut impl Write) -> Outcome {
    match command {
        QrCommand::Decode { url } => {
            let token = LoginToken::from_qr_url(&read_url(url)?)?;
            writeln!(out, "{}", hex::encode(token.as_bytes()))?;
        }
        QrCommand::Encode { token_hex } => {
            let token = LoginToken::new(parse_hex(&read_arg(token_hex)?)?);
            if token.is_empty() {
                return Err(Failure::EmptyToken);
            }
            writeln!(out, "{}", token.to_qr_url())?;
        }
    }
    Ok(())
}
