//! Waiting on many descriptors, compared with Linux: python's `select`,
//! `selectors` and `subprocess` (which needs `poll` to drain two pipes at
//! once), sockets in `select`/`poll`/`epoll` and an asyncio unix-socket echo
//! server; a C program over eventfd, timerfd, signalfd, epoll (level, edge,
//! one-shot, nesting), poll on closed pipe ends and the select family's
//! timeouts and signal masks; and one over `prctl`, `getrusage`, `mincore`
//! and the scheduling calls. Each runs natively in a chroot of the Debian
//! tree and under `tabvm run`; stdout and exit status must match. Timing is
//! only compared as "waited at least the timeout".

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const NEEDS: &str = "needs the Debian i386 tree and image: run by cargo xtask test";
const PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} is not set: {NEEDS}")))
}

fn source(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/poll")
        .join(name)
}

/// The same environment on both sides.
fn env() -> Vec<String> {
    vec![
        PATH.into(),
        "HOME=/root".into(),
        "LC_ALL=C".into(),
        "TERM=dumb".into(),
        // Natively, python would write .pyc files into the shared tree.
        "PYTHONDONTWRITEBYTECODE=1".into(),
    ]
}

fn output(mut cmd: Command) -> Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("spawn")
}

fn native(argv: &[&str]) -> Output {
    let mut cmd = Command::new("chroot");
    cmd.arg(env_path("TABVM_ROOTFS"))
        .args(["/usr/bin/env", "-i", "-C", "/"])
        .args(env())
        .args(argv);
    output(cmd)
}

/// Runs `argv` under tabvm, with host files copied in (`HOST:GUEST`).
fn tabvm(argv: &[&str], add: &[String]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tabvm"));
    cmd.arg("run").arg("--image").arg(env_path("TABVM_IMAGE"));
    for kv in env() {
        cmd.arg("--env").arg(kv);
    }
    for a in add {
        cmd.arg("--add").arg(a);
    }
    cmd.arg("--").args(argv);
    output(cmd)
}

fn shell_status(out: &Output) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    out.status
        .code()
        .unwrap_or_else(|| 128 + out.status.signal().unwrap_or(0))
}

fn assert_same(what: &str, want: &Output, got: &Output) -> String {
    assert_eq!(
        String::from_utf8_lossy(&got.stdout),
        String::from_utf8_lossy(&want.stdout),
        "stdout of {what} differs (tabvm stderr: {})",
        String::from_utf8_lossy(&got.stderr)
    );
    assert_eq!(
        got.status.code(),
        Some(shell_status(want)),
        "exit status of {what}; tabvm stderr: {}",
        String::from_utf8_lossy(&got.stderr)
    );
    String::from_utf8_lossy(&got.stdout).into_owned()
}

/// Runs `tests/poll/<script>` with `python3 -c` both ways.
fn same_python(script: &str) -> String {
    let code = std::fs::read_to_string(source(script)).expect("read script");
    let argv = ["python3", "-c", code.as_str()];
    assert_same(script, &native(&argv), &tabvm(&argv, &[]))
}

/// Compiles `tests/poll/<name>.c` inside the tree; runs it both ways.
fn same_c(name: &str) -> String {
    let tree = env_path("TABVM_ROOTFS");
    let dir = format!("tmp/tabvm-poll-{}-{name}", std::process::id());
    let inside = tree.join(&dir);
    std::fs::create_dir_all(&inside).expect("scratch dir in the tree");
    std::fs::copy(source(&format!("{name}.c")), inside.join("p.c")).expect("copy source");
    let status = Command::new("chroot")
        .arg(&tree)
        .args(["gcc", "-O1", "-Wall", "-o"])
        .arg(format!("/{dir}/p"))
        .arg(format!("/{dir}/p.c"))
        .status()
        .expect("run gcc in the tree");
    assert!(status.success(), "compiling {name}.c");
    let want = native(&[&format!("/{dir}/p")]);
    let host = std::env::temp_dir().join(format!("tabvm-poll-{}-{name}", std::process::id()));
    std::fs::copy(inside.join("p"), &host).expect("copy binary");
    std::fs::remove_dir_all(&inside).expect("clean the tree");
    let got = tabvm(&["/tmp/p"], &[format!("{}:/tmp/p", host.display())]);
    let _ = std::fs::remove_file(&host);
    assert_same(name, &want, &got)
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_select_poll_and_epoll_on_pipes() {
    let out = same_python("select_poll_epoll.py");
    assert!(out.contains("epoll edge spent []\n"), "{out}");
    assert!(out.contains("hang-up True\n"), "{out}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_subprocess_drains_stdout_and_stderr_together() {
    let out = same_python("subprocess_capture.py");
    assert!(out.starts_with("0 128890 128890 "), "{out}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_selectors_echo_and_timeouts() {
    let out = same_python("selectors_echo.py");
    assert!(out.contains("EpollSelector 0 ['LINE 0'"), "{out}");
    assert!(out.contains("selector timeout [] True\n"), "{out}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_event_descriptors_epoll_and_select() {
    let out = same_c("events");
    assert!(out.contains("edge again 1 [0x1 11]\n"), "{out}");
    assert!(out.contains("interval count >= 3: 1\n"), "{out}");
    assert!(
        out.contains("ppoll interrupted -1 errno Interrupted system call\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_prctl_rusage_mincore_and_scheduling() {
    let out = same_c("misc");
    assert!(out.contains("name 'a-rather-long-t'\n"), "{out}");
    assert!(out.contains("resident 1 0 1\n"), "{out}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_sockets_in_epoll_and_an_asyncio_echo_server() {
    let out = same_python("sockets_asyncio.py");
    assert!(out.contains("50001 b'XXXXXXXX'\n"), "{out}");
    assert!(out.contains("subprocess 4 b'out\\n' b'err\\n'\n"), "{out}");
}
