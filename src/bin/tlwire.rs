//! The `tlwire` command-line tool (placeholder until the CLI lands).
fn main() {
    println!("tlwire {}", env!("CARGO_PKG_VERSION"));
}
