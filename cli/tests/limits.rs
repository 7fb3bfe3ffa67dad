//! The machine's limits: what a runaway guest hits is an errno, never the
//! host. These run under tabvm only: natively they would exhaust the host.

use std::path::{Path, PathBuf};
use std::process::Command;

const NEEDS: &str = "needs the Debian i386 tree and image: run by cargo xtask test";

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} is not set: {NEEDS}")))
}

/// Compiles `cli/tests/c/<name>.c` inside the Debian tree; returns the
/// binary's host path.
fn compile(name: &str) -> PathBuf {
    let tree = env_path("TABVM_ROOTFS");
    let dir = format!("tmp/tabvm-limits-{}-{name}", std::process::id());
    let inside = tree.join(&dir);
    std::fs::create_dir_all(&inside).expect("scratch dir in the tree");
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/c")
        .join(format!("{name}.c"));
    std::fs::copy(&source, inside.join("p.c")).expect("copy source");
    let status = Command::new("chroot")
        .arg(&tree)
        .args([
            "gcc",
            "-O1",
            "-Wall",
            "-o",
            &format!("/{dir}/p"),
            &format!("/{dir}/p.c"),
        ])
        .status()
        .expect("run gcc in the tree");
    assert!(status.success(), "compiling {name}.c");
    let out = std::env::temp_dir().join(format!("tabvm-limits-{}-{name}", std::process::id()));
    std::fs::copy(inside.join("p"), &out).expect("copy binary");
    std::fs::remove_dir_all(&inside).expect("clean the tree");
    out
}

fn run_in_tabvm(binary: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tabvm"))
        .arg("run")
        .arg("--image")
        .arg(env_path("TABVM_IMAGE"))
        .arg("--add")
        .arg(format!("{}:/tmp/p", binary.display()))
        .args(["--", "/tmp/p"])
        .output()
        .expect("run tabvm");
    assert!(
        out.status.success(),
        "guest exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_fork_bomb_gets_eagain() {
    let binary = compile("fork_bomb");
    assert_eq!(
        run_in_tabvm(&binary),
        "fork failed with EAGAIN after many children; reaped all\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn allocating_until_failure_gets_enomem() {
    let binary = compile("alloc_until_enomem");
    assert_eq!(
        run_in_tabvm(&binary),
        "malloc failed with ENOMEM after hundreds of MiB; still running\n"
    );
}
