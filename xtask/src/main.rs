//! xtask: tabvm's build orchestration (`cargo xtask <command>`).

fn main() {
    eprintln!("usage: cargo xtask <setup|image|test|bench>");
    std::process::exit(2);
}
