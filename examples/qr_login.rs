//! From the URL a new device shows as a QR code to the request the
//! logged-in device sends (feature `qr`).
//!
//! ```sh
//! cargo run --example qr_login --features qr -- 'tg://login?token=AQID'
//! ```
//!
//! Without an argument it uses the URL of the built-in sample token.

use std::process::ExitCode;

use tlwire::qr::{login_url, LoginToken};
use tlwire::Encode;

fn main() -> ExitCode {
    let url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| login_url(tlwire::sample::LOGIN_TOKEN));
    let token = match LoginToken::from_qr_url(&url) {
        Ok(token) => token,
        Err(error) => {
            eprintln!("error: {url}: {error}");
            return ExitCode::FAILURE;
        }
    };
    match token.request().to_vec() {
        Ok(bytes) => {
            println!("a token of {} bytes; the request to send:", token.len());
            println!("{}", hex::encode(bytes));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
