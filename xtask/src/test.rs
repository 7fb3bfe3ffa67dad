//! `cargo xtask test`: setup, the image, then every test the project has.
//!
//! Tests that need the Debian tree or image are `#[ignore]`d in plain
//! `cargo test`; here they run (`--include-ignored`) with `TABVM_ROOTFS` and
//! `TABVM_IMAGE` pointing at the cached build.

use crate::util::{Result, Run, cache_dir, cargo, repo_root, step};

pub fn run(args: &[String]) -> Result {
    if let Some(unknown) = args.first() {
        return Err(format!(
            "`cargo xtask test` takes no arguments (got `{unknown}`)"
        ));
    }
    crate::setup::run()?;
    let image = crate::image::run()?;
    let root = repo_root();
    report_free_space(&[root.join("target"), std::env::temp_dir()]);

    step("test", "[1/4] cargo fmt --check");
    cargo()
        .args(["fmt", "--all", "--", "--check"])
        .current_dir(&root)
        .status()?;

    step("test", "[2/4] cargo clippy");
    cargo()
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&root)
        .status()?;

    step("test", "[3/4] the wasm32 build of the machine's crates");
    wasm_check()?;

    step("test", "[4/4] cargo test (unit, model-based, differential)");
    let (passed, failed) = cargo_test(&image)?;
    // One plain closing line for the whole suite.
    println!("tests: {passed} passed, {failed} failed");
    if failed > 0 {
        return Err(format!("{failed} tests failed"));
    }
    Ok(())
}

/// Runs the workspace's tests, echoing their output, and adds up the
/// `test result:` lines of every test binary.
fn cargo_test(image: &crate::image::Image) -> Result<(u64, u64)> {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // Comparisons that race timeouts run again once after a failure and
    // say so here (cli/tests/common: `twice`); shown after the tests.
    let retried = cache_dir()?.join("retried-tests.log");
    let _ = std::fs::remove_file(&retried);
    // Every test binary runs even after one fails: the whole picture.
    let mut child = Command::new(cargo)
        .args([
            "test",
            "--workspace",
            "--no-fail-fast",
            "--",
            "--include-ignored",
        ])
        .env("TABVM_ROOTFS", &image.tree)
        .env("TABVM_IMAGE", &image.path)
        .env("TABVM_RETRY_LOG", &retried)
        .current_dir(repo_root())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let (mut passed, mut failed) = (0, 0);
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading cargo test's output: {e}"))?;
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            let count = |word: &str| {
                rest.split(';')
                    .find_map(|part| {
                        part.trim()
                            .strip_suffix(word)?
                            .trim()
                            .rsplit(' ')
                            .next()?
                            .parse::<u64>()
                            .ok()
                    })
                    .unwrap_or(0)
            };
            passed += count(" passed");
            failed += count(" failed");
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for cargo test: {e}"))?;
    if let Ok(log) = std::fs::read_to_string(&retried)
        && !log.is_empty()
    {
        println!("tests that failed once and passed when run again (timing-dependent):\n{log}");
    }
    if !status.success() && failed == 0 {
        return Err(format!("cargo test failed ({status})"));
    }
    Ok((passed, failed))
}

/// Says how much disk the build and the tests' scratch files have, and
/// warns when it is little: a full disk fails tests in ways that do not
/// name it (a short copy, a missing dump).
fn report_free_space(places: &[std::path::PathBuf]) {
    /// Roughly what a cold run writes: the test build, the wasm check, and
    /// the tests' scratch files.
    const NEEDED_MIB: u64 = 4 << 10;
    for place in places {
        let probe = place.ancestors().find(|p| p.exists()).unwrap_or(place);
        let Ok(out) = Run::new("df")
            .args(["--output=avail", "-BM"])
            .arg(probe)
            .output()
        else {
            continue;
        };
        let Some(free) = out
            .lines()
            .nth(1)
            .and_then(|l| l.trim().trim_end_matches('M').parse::<u64>().ok())
        else {
            continue;
        };
        step("test", &format!("{free} MiB free at {}", place.display()));
        if free < NEEDED_MIB {
            step(
                "test",
                &format!(
                    "warning: a cold run needs about {NEEDED_MIB} MiB there; tests may fail for want of disk"
                ),
            );
        }
    }
}

/// The crates that run in the browser must build for wasm32. With a rustup
/// wasm32 target installed this uses it; otherwise Debian's rustc-web with
/// `-Z build-std` (rustup's stable has no wasm32 standard library here).
fn wasm_check() -> Result {
    const CRATES: [&str; 4] = ["tabvm-cpu", "tabvm-fs", "tabvm-kernel", "tabvm-netstack"];
    let target_dir = cache_dir()?.join("target-wasm");
    let mut run = if rustup_has_wasm32() {
        cargo()
    } else {
        let path = std::env::var("PATH").unwrap_or_default();
        let mut run = Run::new("/usr/bin/cargo");
        run.env("PATH", format!("/usr/bin:{path}"))
            .env("RUSTC", "/usr/bin/rustc")
            .env("RUSTC_BOOTSTRAP", "1")
            .env("RUSTFLAGS", "-C linker=wasm-ld-16")
            .args(["-Z", "build-std=std,panic_abort"]);
        run
    };
    run.args(["check", "--quiet", "--target", "wasm32-unknown-unknown"])
        .args(CRATES.iter().flat_map(|krate| ["-p", krate]))
        .env("CARGO_TARGET_DIR", &target_dir)
        .current_dir(repo_root())
        .status()
}

fn rustup_has_wasm32() -> bool {
    Run::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|targets| {
            targets
                .lines()
                .any(|t| t.trim() == "wasm32-unknown-unknown")
        })
}
