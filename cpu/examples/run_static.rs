//! TEST AND BENCH SCAFFOLDING: runs a static i386 ELF program under the
//! interpreter with a minimal syscall layer (see
//! `tests/support/static_runner.rs`); the real kernel replaces it.
//!
//! Usage: `cargo run --release -p tabvm-cpu --example run_static -- prog [args...]`
//! Exits with the program's exit status; prints the instruction count to
//! stderr when `TABVM_STATS` is set.

#[path = "../tests/support/static_runner.rs"]
mod static_runner;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(prog) = args.first() else {
        eprintln!("usage: run_static PROGRAM [ARGS...]");
        std::process::exit(2);
    };
    let elf = match std::fs::read(prog) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("run_static: cannot read {prog}: {e}");
            std::process::exit(2);
        }
    };
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut m = match static_runner::Machine::load(&elf, &argv, &["PATH=/usr/bin:/bin", "LANG=C"]) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("run_static: {prog}: {e}");
            std::process::exit(2);
        }
    };
    m.passthrough = true;
    let code = m.run();
    if std::env::var_os("TABVM_STATS").is_some() {
        eprintln!("run_static: {} instructions", m.cpu.icount);
    }
    std::process::exit(code);
}
