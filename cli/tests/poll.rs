//! Waiting on many descriptors, compared with Linux: python's `select`,
//! `selectors` and `subprocess` (which needs `poll` to drain two pipes at
//! once), sockets in `select`/`poll`/`epoll` and an asyncio unix-socket echo
//! server; a C program over eventfd, timerfd, signalfd, epoll (level, edge,
//! one-shot, nesting), poll on closed pipe ends and the select family's
//! timeouts and signal masks; and one over `prctl`, `getrusage`, `mincore`
//! and the scheduling calls. Each runs natively in a chroot of the Debian
//! tree and under `tabvm run`; stdout and exit status must match. Timing is
//! only compared as "waited at least the timeout". The descriptor table's
//! size, which select(2) looks no further than, is compared too.

mod common;

use common::{Program, guest, text, twice};

/// Runs `tests/poll/<script>` with `python3 -c` both ways (twice if the
/// first comparison fails: these programs race timeouts and children).
fn same_python(script: &str) -> String {
    let path = format!("{}/tests/poll/{script}", env!("CARGO_MANIFEST_DIR"));
    let code = std::fs::read_to_string(path).expect("read script");
    let command = guest(&["python3", "-c", &code]);
    twice(script, || text(&command.same().stdout))
}

/// Compiles `tests/poll/<name>.c` inside the tree; runs it both ways
/// (twice if the first comparison fails).
fn same_c(name: &str) -> String {
    let program = Program::compile(&format!("poll/{name}.c"), &[]);
    twice(name, || text(&program.guest(&[]).same().stdout))
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
fn python_descriptor_table_sizes_and_what_select_ignores_past_them() {
    let path = format!("{}/tests/poll/fd_table.py", env!("CARGO_MANIFEST_DIR"));
    let code = std::fs::read_to_string(path).expect("read script");
    let out = text(&guest(&["python3", "-c", &code]).with_proc().same().stdout);
    assert!(
        out.starts_with("forked 64 ([70], [], [])\nfd 100 128 EBADF 9\n"),
        "{out}"
    );
    assert!(out.contains("child of a 300 512\n"), "{out}");
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
fn c_edge_triggered_epoll_reports_once_per_wake_up() {
    let out = same_c("edge");
    assert!(out.contains("data still there             0:\n"), "{out}");
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
