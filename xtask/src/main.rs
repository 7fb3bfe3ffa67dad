//! xtask: tabvm's build orchestration, run as `cargo xtask <command>`.
//!
//! Every tool the project needs is installed by `setup` (idempotently), and
//! every build output that is slow to make (the Debian image, the wasm
//! toolchain) is cached outside the repository, keyed by its inputs, in the
//! cache directory (`$TABVM_CACHE`, else `$XDG_CACHE_HOME/tabvm`, else
//! `~/.cache/tabvm`).

mod bench;
mod image;
mod setup;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup   install everything the project needs (Debian packages, npm packages,
          wasm-bindgen-cli); idempotent, a second run takes seconds
  image   build the default Debian i386 ext2 image (cached by recipe hash) and
          print its path
  test    setup, image, then every test: fmt, clippy, unit, differential
  bench   speed ratios against native and qemu-i386";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(),
        Some("image") => image::run().map(|image| println!("{}", image.path.display())),
        Some("test") => test::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}
