//! `cargo xtask setup`: installs everything the project needs on a Debian 12
//! machine, idempotently, one line of output per step.

use crate::util::{Result, Run, cache_dir, have, is_root, repo_root, step};
use std::path::PathBuf;

/// Debian packages the project needs, each with what it is for.
const DEBIAN_PACKAGES: &[(&str, &str)] = &[
    ("debootstrap", "builds the Debian i386 tree of the image"),
    (
        "e2fsprogs",
        "mke2fs/e2fsck/debugfs: makes and checks ext2 images",
    ),
    (
        "rustc-web",
        "rustc with the wasm32 standard library sources",
    ),
    ("cargo-web", "cargo matching rustc-web"),
    ("rust-web-src", "standard library sources for -Z build-std"),
    ("lld-16", "wasm-ld-16, the wasm linker"),
    ("chromium", "the browser the e2e tests drive"),
    ("chromium-driver", "chromium's driver"),
    ("qemu-user", "qemu-i386, the peer in benchmarks"),
    ("binutils", "readelf/objdump for ELF tests"),
    (
        "tmux",
        "drives interactive sessions through a real pty in tests",
    ),
];

pub fn run() -> Result {
    apt_packages()?;
    node()?;
    npm_packages()?;
    wasm_bindgen()?;
    Ok(())
}

fn installed(package: &str) -> bool {
    Run::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Status}", package])
        .output()
        .is_ok_and(|status| status == "installed")
}

fn apt_install(packages: &[&str]) -> Result {
    if !is_root() && !have("sudo") {
        return Err(format!(
            "these Debian packages are missing and I am neither root nor have sudo: \
             run as root `apt-get update && apt-get install -y {}`, then run this again",
            packages.join(" ")
        ));
    }
    Run::privileged("apt-get").args(["update", "-q"]).status()?;
    Run::privileged("apt-get")
        .args(["install", "-y", "-q"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
}

fn apt_packages() -> Result {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .map(|(package, _)| *package)
        .filter(|package| !installed(package))
        .collect();
    if missing.is_empty() {
        step(
            "setup",
            &format!("Debian packages: all {} installed", DEBIAN_PACKAGES.len()),
        );
        return Ok(());
    }
    step(
        "setup",
        &format!("Debian packages: installing {}", missing.join(" ")),
    );
    apt_install(&missing)
}

fn node() -> Result {
    if have("node") && have("npm") {
        step("setup", "node and npm: present");
        return Ok(());
    }
    step("setup", "node and npm: installing Debian's nodejs and npm");
    apt_install(&["nodejs", "npm"])
}

/// `npm ci` from the committed lockfile, skipped while `node_modules` matches
/// it (a stamp holds the lockfile's hash).
fn npm_packages() -> Result {
    let root = repo_root();
    let lock = root.join("package-lock.json");
    let Ok(lock_bytes) = std::fs::read(&lock) else {
        step(
            "setup",
            "npm packages: no package-lock.json, nothing to install",
        );
        return Ok(());
    };
    let stamp = root.join("node_modules").join(".tabvm-lock-sha256");
    let want = crate::util::sha256_hex(&lock_bytes);
    if std::fs::read_to_string(&stamp).is_ok_and(|have| have.trim() == want) {
        step("setup", "npm packages: up to date with package-lock.json");
        return Ok(());
    }
    step("setup", "npm packages: npm ci");
    Run::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&root)
        .status()?;
    std::fs::write(&stamp, want).map_err(|e| format!("writing {}: {e}", stamp.display()))
}

/// The `wasm-bindgen` version the workspace locks, if any crate uses it.
fn locked_wasm_bindgen_version() -> Option<String> {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock")).ok()?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            let version = lines
                .next()?
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(version.to_owned());
        }
    }
    None
}

/// Where the `wasm-bindgen` CLI matching the workspace's crate lives.
pub fn wasm_bindgen_bin(version: &str) -> Result<PathBuf> {
    Ok(cache_dir()?
        .join(format!("wasm-bindgen-{version}"))
        .join("bin")
        .join("wasm-bindgen"))
}

fn wasm_bindgen() -> Result {
    let Some(version) = locked_wasm_bindgen_version() else {
        step(
            "setup",
            "wasm-bindgen-cli: no crate depends on wasm-bindgen yet, nothing to install",
        );
        return Ok(());
    };
    let bin = wasm_bindgen_bin(&version)?;
    if bin.is_file() {
        step("setup", &format!("wasm-bindgen-cli {version}: present"));
        return Ok(());
    }
    step(
        "setup",
        &format!("wasm-bindgen-cli {version}: cargo install (about two minutes)"),
    );
    let root = bin
        .parent()
        .and_then(|bin| bin.parent())
        .expect("bin has two parents");
    crate::util::cargo()
        .args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={version}"),
            "--root",
        ])
        .arg(root)
        .status()
}
