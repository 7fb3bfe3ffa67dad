//! What the kernel's native-comparison tests share: compile a script
//! interpreter from `tests/c/` inside the Debian tree, run it on the host
//! for each script, and report the first difference from our output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A path inside the crate.
pub fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The first differing line of Linux's output and ours.
pub fn diff(want: &str, got: &str) -> String {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!(
                "first difference at line {}:\n  linux: {w}\n  tabvm: {g}",
                i + 1
            );
        }
    }
    format!(
        "lengths differ: linux {} lines, tabvm {} lines",
        want.lines().count(),
        got.lines().count()
    )
}

/// Compiles `tests/c/<program>.c` static in the tree (`TABVM_ROOTFS`) and
/// runs it natively with each script on its stdin.
pub fn run_native_scripts(program: &str, scripts: &[String]) -> Vec<Output> {
    let root = PathBuf::from(std::env::var_os("TABVM_ROOTFS").expect(
        "TABVM_ROOTFS is not set: point it at the Debian i386 tree (cargo xtask test sets it)",
    ));
    // Unique per call: tests run in parallel threads of one process.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = format!("/tmp/tabvm-{program}-{}-{call}", std::process::id());
    let host_dir = root.join(dir.trim_start_matches('/'));
    std::fs::create_dir_all(&host_dir).expect("scratch dir in the tree");
    std::fs::copy(
        manifest(&format!("tests/c/{program}.c")),
        host_dir.join(format!("{program}.c")),
    )
    .expect("copy the source into the tree");
    let cc = Command::new("chroot")
        .arg(&root)
        .args(["gcc", "-static", "-O1", "-o"])
        .arg(format!("{dir}/prog"))
        .arg(format!("{dir}/{program}.c"))
        .output()
        .expect("run chroot gcc");
    let mut outputs = Vec::new();
    if cc.status.success() {
        for script in scripts {
            let path = host_dir.join("script.txt");
            std::fs::write(&path, script).expect("write the script");
            let run = Command::new(host_dir.join("prog"))
                .stdin(Stdio::from(
                    std::fs::File::open(&path).expect("open the script"),
                ))
                .output()
                .expect("run the program natively");
            outputs.push(run);
        }
    }
    let _ = std::fs::remove_dir_all(&host_dir);
    assert!(
        cc.status.success(),
        "gcc failed: {}",
        String::from_utf8_lossy(&cc.stderr)
    );
    outputs
}
