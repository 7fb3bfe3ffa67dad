//! The harness the program tests share: run a command natively (chroot
//! into the Debian tree the image was made from) and under `tabvm run`,
//! compile C test programs inside the tree, compare.
//!
//! The tests need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`),
//! which `cargo xtask test` provides; each test file uses what it needs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const NEEDS: &str = "needs the Debian i386 tree and image: run by cargo xtask test";
pub const PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

pub fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} is not set: {NEEDS}")))
}

/// The same environment on both sides.
pub fn env() -> Vec<String> {
    vec![
        PATH.into(),
        "HOME=/root".into(),
        "LC_ALL=C".into(),
        "USER=root".into(),
        "LOGNAME=root".into(),
        "TERM=dumb".into(),
        // Natively, python would write .pyc files into the shared tree.
        "PYTHONDONTWRITEBYTECODE=1".into(),
    ]
}

pub fn native(cwd: &str, argv: &[&str], stdin: &[u8]) -> Output {
    let mut cmd = Command::new("chroot");
    // `env -C DIR` changes directory inside the chroot; options first.
    cmd.arg(env_path("TABVM_ROOTFS"))
        .args(["/usr/bin/env", "-i", "-C", cwd]);
    cmd.args(env()).args(argv);
    feed(cmd, stdin)
}

pub fn tabvm(cwd: &str, argv: &[&str], stdin: &[u8]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tabvm"));
    cmd.arg("run")
        .arg("--image")
        .arg(env_path("TABVM_IMAGE"))
        .arg("--cwd")
        .arg(cwd);
    for kv in env() {
        cmd.arg("--env").arg(kv);
    }
    cmd.arg("--").args(argv);
    feed(cmd, stdin)
}

/// The exit status as a shell reports it: the code, or 128 + the signal
/// that killed the process (what `tabvm run` returns for a killed guest).
pub fn shell_status(out: &Output) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    out.status
        .code()
        .unwrap_or_else(|| 128 + out.status.signal().unwrap_or(0))
}

pub fn feed(mut cmd: Command, stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// Runs `argv` both ways and asserts the same stdout and exit status.
pub fn same(cwd: &str, argv: &[&str]) -> Output {
    same_with_input(cwd, argv, b"")
}

pub fn same_with_input(cwd: &str, argv: &[&str], stdin: &[u8]) -> Output {
    let want = native(cwd, argv, stdin);
    let got = tabvm(cwd, argv, stdin);
    assert_eq!(
        String::from_utf8_lossy(&got.stdout),
        String::from_utf8_lossy(&want.stdout),
        "stdout of {argv:?} differs (tabvm stderr: {})",
        String::from_utf8_lossy(&got.stderr)
    );
    assert_eq!(
        got.status.code(),
        Some(shell_status(&want)),
        "exit status of {argv:?}; tabvm stderr: {}",
        String::from_utf8_lossy(&got.stderr)
    );
    got
}

/// Runs a command under tabvm only; for what the chroot cannot show
/// natively (it has no /proc mounted).
pub fn tabvm_stdout(cwd: &str, argv: &[&str]) -> String {
    let out = tabvm(cwd, argv, b"");
    assert!(
        out.status.success(),
        "{argv:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Compiles `cli/tests/c/<name>.c` inside the Debian tree; returns the
/// binary's host path.
pub fn compile(name: &str) -> PathBuf {
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

pub fn run_in_tabvm(binary: &Path) -> String {
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

/// Compiles `cli/tests/c/<name>.c` in the tree and runs it natively (in the
/// chroot) and under tabvm; asserts the same stdout and exit status.
pub fn same_c(name: &str) -> Output {
    let binary = compile(name);
    let tree = env_path("TABVM_ROOTFS");
    let inside = format!("tmp/tabvm-native-{}-{name}", std::process::id());
    std::fs::copy(&binary, tree.join(&inside)).expect("copy the binary into the tree");
    let want = Command::new("chroot")
        .arg(&tree)
        .arg(format!("/{inside}"))
        .output()
        .expect("run natively");
    std::fs::remove_file(tree.join(&inside)).expect("clean the tree");
    let got = Command::new(env!("CARGO_BIN_EXE_tabvm"))
        .arg("run")
        .arg("--image")
        .arg(env_path("TABVM_IMAGE"))
        .arg("--add")
        .arg(format!("{}:/tmp/{name}", binary.display()))
        .args(["--", &format!("/tmp/{name}")])
        .output()
        .expect("run tabvm");
    assert_eq!(
        String::from_utf8_lossy(&got.stdout),
        String::from_utf8_lossy(&want.stdout),
        "stdout of {name}.c differs (tabvm stderr: {})",
        String::from_utf8_lossy(&got.stderr)
    );
    assert_eq!(
        got.status.code(),
        Some(shell_status(&want)),
        "exit status of {name}.c"
    );
    got
}

/// Runs a command under tabvm as `user` (from the image's /etc/passwd) and
/// returns its stdout; it must succeed.
pub fn tabvm_as(user: &str, argv: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tabvm"))
        .arg("run")
        .arg("--image")
        .arg(env_path("TABVM_IMAGE"))
        .args(["--user", user, "--"])
        .args(argv)
        .output()
        .expect("run tabvm");
    assert!(
        out.status.success(),
        "{argv:?} as {user} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
