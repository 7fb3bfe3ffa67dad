//! AF_UNIX sockets under `tabvm run`, compared with the same programs run
//! natively (chroot into the Debian tree the image was made from): python's
//! `socket` (pairs, a server and client, descriptor passing),
//! `multiprocessing`, and a C exerciser of the edge cases (`sockets/edge.c`:
//! EADDRINUSE, ECONNREFUSED, EPIPE/SIGPIPE, SCM_RIGHTS, SCM_CREDENTIALS,
//! abstract names, datagrams, seqpacket).
//!
//! They need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`), which
//! `cargo xtask test` provides.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const NEEDS: &str = "needs the Debian i386 tree and image: run by cargo xtask test";
const PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} is not set: {NEEDS}")))
}

/// The same environment on both sides.
fn env() -> Vec<String> {
    vec![
        PATH.into(),
        "HOME=/root".into(),
        "LC_ALL=C".into(),
        "USER=root".into(),
        "LOGNAME=root".into(),
        "TERM=dumb".into(),
        "PYTHONDONTWRITEBYTECODE=1".into(),
    ]
}

fn native(argv: &[&str]) -> Output {
    let mut cmd = Command::new("chroot");
    cmd.arg(env_path("TABVM_ROOTFS"))
        .args(["/usr/bin/env", "-i", "-C", "/"])
        .args(env())
        .args(argv);
    run(cmd)
}

/// `argv` under tabvm, with `add` (host path, guest path) copied in.
fn tabvm(argv: &[&str], add: Option<(&Path, &str)>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tabvm"));
    cmd.arg("run")
        .arg("--image")
        .arg(env_path("TABVM_IMAGE"))
        .args(["--cwd", "/"]);
    if let Some((host, guest)) = add {
        cmd.arg("--add").arg(format!("{}:{guest}", host.display()));
    }
    for kv in env() {
        cmd.arg("--env").arg(kv);
    }
    cmd.arg("--").args(argv);
    run(cmd)
}

fn run(mut cmd: Command) -> Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("spawn")
}

fn assert_same(what: &str, native: &Output, ours: &Output) {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert!(
        native.status.success(),
        "{what} fails natively: {}",
        text(&native.stderr)
    );
    assert_eq!(
        text(&ours.stdout),
        text(&native.stdout),
        "{what}: stdout differs (tabvm stderr: {})",
        text(&ours.stderr)
    );
    assert_eq!(ours.status.code(), native.status.code(), "{what}: status");
}

/// A python3 script, natively and under tabvm.
fn same_python(what: &str, script: &str) {
    let argv = ["python3", "-c", script];
    assert_same(what, &native(&argv), &tabvm(&argv, None));
}

/// Compiles `source` inside the tree; returns the host path of the binary
/// (in a private directory) and removes the tree's scratch directory.
fn compile(name: &str, source: &str) -> PathBuf {
    let root = env_path("TABVM_ROOTFS");
    let unique = format!("tabvm-sockets-{name}-{}", std::process::id());
    let scratch = root.join("tmp").join(&unique);
    std::fs::create_dir_all(&scratch).expect("scratch dir in the tree");
    std::fs::write(scratch.join("p.c"), source).expect("write source");
    let status = Command::new("chroot")
        .arg(&root)
        .args(["gcc", "-O1", "-o"])
        .arg(format!("/tmp/{unique}/p"))
        .arg(format!("/tmp/{unique}/p.c"))
        .status()
        .expect("gcc");
    assert!(status.success(), "gcc failed on {name}");
    let out = std::env::temp_dir().join(&unique);
    std::fs::copy(scratch.join("p"), &out).expect("copy the binary out");
    std::fs::remove_dir_all(&scratch).expect("clean the tree");
    out
}

/// A C program (dynamic: run natively inside the tree), both ways.
fn same_c(name: &str, source: &str) {
    let bin = compile(name, source);
    let root = env_path("TABVM_ROOTFS");
    let guest = format!("/tmp/tabvm-sockets-bin-{name}");
    std::fs::copy(&bin, root.join(guest.trim_start_matches('/'))).expect("copy into the tree");
    let here = native(&[&guest]);
    let _ = std::fs::remove_file(root.join(guest.trim_start_matches('/')));
    let ours = tabvm(&[&guest], Some((&bin, &guest)));
    let _ = std::fs::remove_file(&bin);
    assert_same(name, &here, &ours);
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_edge_cases() {
    same_c("edge", include_str!("sockets/edge.c"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_socketpair() {
    same_python("socketpair", include_str!("sockets/pair.py"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_server_and_clients() {
    same_python("unix server", include_str!("sockets/server.py"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_send_fds() {
    same_python("send_fds", include_str!("sockets/fds.py"));
}

/// `multiprocessing`'s Process, Queue and Pipe. `Pool` is left out: its
/// shutdown needs a `sem_open` semaphore shared across `fork`, which the
/// disk-backed `/dev/shm` does not share yet (see the sockets report).
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_multiprocessing() {
    same_python("multiprocessing", include_str!("sockets/mp.py"));
}

/// `sudo id` as the image's user `user` (PAM, the sudoers policy, its
/// audit and syslog sockets): uid 0 both ways.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn sudo_as_user() {
    let mut cmd = Command::new("chroot");
    cmd.arg("--userspec=user:user")
        .arg(env_path("TABVM_ROOTFS"))
        .args(["/usr/bin/env", "-i", "-C", "/"])
        .args(env())
        .args(["sudo", "id"]);
    let here = run(cmd);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tabvm"));
    cmd.arg("run")
        .arg("--image")
        .arg(env_path("TABVM_IMAGE"))
        .args(["--cwd", "/", "--user", "user"]);
    for kv in env() {
        cmd.arg("--env").arg(kv);
    }
    cmd.args(["--", "sudo", "id"]);
    let ours = run(cmd);
    assert!(
        String::from_utf8_lossy(&here.stdout).starts_with("uid=0(root)"),
        "natively: {here:?}"
    );
    assert_same("sudo id", &here, &ours);
}

/// asyncio's unix server and client (epoll, non-blocking accept and
/// connect, its socketpair self-pipe).
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_asyncio_unix_server() {
    same_python("asyncio", include_str!("sockets/aio.py"));
}
