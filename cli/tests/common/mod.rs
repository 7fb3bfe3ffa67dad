//! The harness every `cli/tests` file shares: a guest command run natively
//! (chroot into the Debian tree the image was made from) and under
//! `tabvm run`, C test programs compiled inside the tree, and the
//! comparison of the two runs.
//!
//! Every child process goes through [`try_run`]: it runs in a process group
//! of its own, with a deadline (`TABVM_TEST_TIMEOUT` seconds, 300 by
//! default); past it the whole group is killed and the test fails with the
//! output collected so far, so a hang is a failure with evidence, never a
//! test binary that runs forever.
//!
//! The tests need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`),
//! which `cargo xtask test` provides; each test file uses what it needs.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub const NEEDS: &str = "needs the Debian i386 tree and image: run by cargo xtask test";
const PATH: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/// How much of a stream a failure message quotes (its end).
const TAIL: usize = 4096;

pub fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} is not set: {NEEDS}")))
}

/// The deadline of every child process: `TABVM_TEST_TIMEOUT` seconds, or 300.
pub fn deadline() -> Duration {
    let secs = std::env::var("TABVM_TEST_TIMEOUT").map_or(300, |s| {
        s.parse()
            .unwrap_or_else(|_| panic!("TABVM_TEST_TIMEOUT={s:?} is not a number of seconds"))
    });
    Duration::from_secs(secs)
}

/// A child that outlived its deadline; its process group has been killed.
#[derive(Debug)]
pub struct Expired {
    pub pgid: u32,
    /// The command, the time it had, and the end of its stdout and stderr.
    pub report: String,
}

/// Runs `cmd` in a process group of its own with `stdin` as its input (none
/// if empty), collecting stdout and stderr on threads, until it has exited
/// and closed both, or until `limit` has passed: then the whole group is
/// killed (`kill(2)` with a negative pid) and the result is [`Expired`].
pub fn try_run(cmd: &mut Command, stdin: &[u8], limit: Duration) -> Result<Output, Expired> {
    let start = Instant::now();
    let mut child = cmd
        .process_group(0)
        .stdin(if stdin.is_empty() {
            Stdio::null()
        } else {
            Stdio::piped()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", describe(cmd)));
    let pgid = child.id();
    if let Some(mut pipe) = child.stdin.take() {
        // A child that never reads must not block us; its EPIPE is its own.
        let input = stdin.to_vec();
        std::thread::spawn(move || drop(pipe.write_all(&input)));
    }
    let out = Collector::start(child.stdout.take().expect("piped stdout"));
    let err = Collector::start(child.stderr.take().expect("piped stderr"));
    let mut exited = None;
    while start.elapsed() < limit {
        exited = exited.or_else(|| child.try_wait().expect("wait for the child"));
        if let Some(status) = exited
            && out.done()
            && err.done()
        {
            let (stdout, stderr) = (out.take(), err.take());
            return Ok(Output {
                status,
                stdout,
                stderr,
            });
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    kill_group(pgid);
    let state = match exited {
        Some(status) => format!("exited ({status}) but its output pipes are still open"),
        None => "still running".to_owned(),
    };
    let _ = child.wait();
    // The pipes close as the group dies; a member that left it may hold them.
    let grace = Instant::now();
    while !(out.done() && err.done()) && grace.elapsed() < Duration::from_secs(1) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let report = format!(
        "{} {state} after {:.1?} (deadline {limit:?}, TABVM_TEST_TIMEOUT overrides): \
         killed its process group {pgid}\n--- its stdout (end) ---\n{}\n--- its stderr (end) ---\n{}",
        describe(cmd),
        start.elapsed(),
        tail(&out.take()),
        tail(&err.take()),
    );
    Err(Expired { pgid, report })
}

/// [`try_run`] with the [`deadline`]; a child past it fails the test.
pub fn run(cmd: &mut Command, stdin: &[u8]) -> Output {
    try_run(cmd, stdin, deadline()).unwrap_or_else(|e| panic!("{}", e.report))
}

/// `kill -KILL -- -PGID` (rustix's `kill_process_group` would need its
/// `process` feature, which tabvm-cli does not enable).
fn kill_group(pgid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .stderr(Stdio::null())
        .status();
}

/// A thread reading a pipe to its end into a buffer that can be looked at
/// before then.
struct Collector {
    buffer: Arc<Mutex<Vec<u8>>>,
    thread: JoinHandle<()>,
}

impl Collector {
    fn start(mut pipe: impl Read + Send + 'static) -> Collector {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buffer);
        let thread = std::thread::spawn(move || {
            let mut chunk = [0; 8192];
            loop {
                match pipe.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => sink.lock().expect("buffer").extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
        });
        Collector { buffer, thread }
    }

    fn done(&self) -> bool {
        self.thread.is_finished()
    }

    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.buffer.lock().expect("buffer"))
    }
}

/// A command line for messages: long arguments (scripts) shortened.
fn describe(cmd: &Command) -> String {
    let short = |s: &std::ffi::OsStr| {
        let s = s.to_string_lossy();
        match s.char_indices().nth(80) {
            Some((i, _)) => format!("{:?}...", &s[..i]),
            None => format!("{s:?}"),
        }
    };
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(short)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last [`TAIL`] bytes of a stream, as text.
fn tail(bytes: &[u8]) -> String {
    let cut = bytes.len().saturating_sub(TAIL);
    let text = String::from_utf8_lossy(&bytes[cut..]);
    if cut == 0 {
        text.into_owned()
    } else {
        format!("[... {cut} bytes before]{text}")
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The exit status as a shell reports it: the code, or 128 + the signal
/// that killed the process (what `tabvm run` returns for a killed guest).
pub fn shell_status(out: &Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| 128 + out.status.signal().unwrap_or(0))
}

/// Asserts that `tabvm` (which must itself exit, not be killed) gave the
/// native run's stdout and exit status; the message shows both sides.
pub fn assert_same(what: &str, native: &Output, tabvm: &Output) {
    let want = shell_status(native);
    if native.stdout == tabvm.stdout && tabvm.status.code() == Some(want) {
        return;
    }
    panic!(
        "{what}: tabvm differs from native\n{}\n--- exit status: native {want}, tabvm {} ---\n\
         --- tabvm stderr (end) ---\n{}\n--- native stderr (end) ---\n{}",
        stdout_diff(&text(&native.stdout), &text(&tabvm.stdout)),
        tabvm.status.code().map_or_else(
            || format!("{} (tabvm itself was killed)", tabvm.status),
            |code| code.to_string()
        ),
        tail(&tabvm.stderr),
        tail(&native.stderr)
    );
}

/// Both stdouts in full when short; otherwise the lines between their
/// common start and end, native's marked `-` and tabvm's `+`.
fn stdout_diff(native: &str, tabvm: &str) -> String {
    if native == tabvm {
        return format!("--- stdout: the same ({} bytes) ---", native.len());
    }
    if native.len() + tabvm.len() <= 2 * TAIL {
        return format!("--- native stdout ---\n{native}\n--- tabvm stdout ---\n{tabvm}");
    }
    let (a, b): (Vec<_>, Vec<_>) = (native.lines().collect(), tabvm.lines().collect());
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let rest = a.len().min(b.len()) - head;
    let end = (0..rest)
        .take_while(|&i| a[a.len() - 1 - i] == b[b.len() - 1 - i])
        .count();
    let mut diff = format!(
        "--- stdout: native (-) vs tabvm (+), {} and {} lines, from line {} ---\n",
        a.len(),
        b.len(),
        head.saturating_sub(3) + 1
    );
    let mut show = |mark: char, lines: &[&str]| {
        for line in lines.iter().take(100) {
            let _ = writeln!(diff, "{mark} {line}");
        }
        if lines.len() > 100 {
            let _ = writeln!(diff, "{mark} [... {} more lines]", lines.len() - 100);
        }
    };
    show(' ', &a[head.saturating_sub(3)..head]);
    show('-', &a[head..a.len() - end]);
    show('+', &b[head..b.len() - end]);
    show(' ', &a[a.len() - end..][..end.min(3)]);
    if a == b {
        diff += "(the same lines: a final newline or a \\r differs)\n";
    }
    diff
}

/// Runs `check` (a comparison whose outcome depends on timing: timeouts,
/// signals racing a child) and, if it fails, once more. A failure that
/// does not repeat is recorded: appended to the file `TABVM_RETRY_LOG`
/// names (`cargo xtask test` prints it at the end), so a flaky comparison
/// is seen, not hidden; a failure that repeats fails the test.
pub fn twice<T>(what: &str, check: impl Fn() -> T) -> T {
    let log = std::env::var_os("TABVM_RETRY_LOG").map(PathBuf::from);
    twice_logging(what, log.as_deref(), check)
}

fn twice_logging<T>(what: &str, log: Option<&Path>, check: impl Fn() -> T) -> T {
    let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(&check));
    match first {
        Ok(value) => value,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("(a panic without a message)");
            let entry = format!("--- {what}: failed once, then ran again ---\n{message}\n");
            if let Some(path) = log {
                let _ = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .and_then(|mut f| f.write_all(entry.as_bytes()));
            }
            eprintln!("{entry}");
            check()
        }
    }
}

/// The same environment on both sides.
fn env() -> [&'static str; 7] {
    [
        PATH,
        "HOME=/root",
        "LC_ALL=C",
        "USER=root",
        "LOGNAME=root",
        "TERM=dumb",
        // Natively, python would write .pyc files into the shared tree.
        "PYTHONDONTWRITEBYTECODE=1",
    ]
}

/// A bash prologue closing every descriptor above 2. A CI runner passes
/// some without close-on-exec; the guest starts with only 0, 1 and 2, and
/// a test probing a fixed descriptor number (`select` on fd 77, expecting
/// EBADF) must find it closed natively too. Bash, because it closes any
/// descriptor number (`exec 77>&-`).
macro_rules! close_inherited {
    () => {
        concat!(
            "for f in /proc/$$/fd/*; do f=${f##*/}; ",
            "if [ \"$f\" -gt 2 ]; then eval \"exec $f>&-\"; fi; done; ",
        )
    };
}

/// A command in the guest, to run natively (in a chroot of the tree), under
/// `tabvm run`, or both and compare. Built with [`guest`].
#[derive(Clone)]
pub struct Guest {
    argv: Vec<String>,
    cwd: String,
    stdin: Vec<u8>,
    user: Option<String>,
    /// `HOST:GUEST` files for `tabvm run --add`; natively they are in the tree.
    add: Vec<String>,
    /// Mount the host's /proc in the native chroot (the guest always has one).
    proc: bool,
}

/// `argv` in `/`, as root, with no input.
pub fn guest(argv: &[&str]) -> Guest {
    Guest {
        argv: argv.iter().map(|&a| a.to_owned()).collect(),
        cwd: "/".into(),
        stdin: Vec::new(),
        user: None,
        add: Vec::new(),
        proc: false,
    }
}

impl Guest {
    pub fn cwd(mut self, cwd: &str) -> Guest {
        cwd.clone_into(&mut self.cwd);
        self
    }

    pub fn stdin(mut self, bytes: &[u8]) -> Guest {
        bytes.clone_into(&mut self.stdin);
        self
    }

    /// Natively, with /proc mounted in the chroot (it shows the host's
    /// processes): for `/proc/self`, `/dev/fd`, `/dev/stdin` and bash's
    /// `<(...)`.
    pub fn with_proc(mut self) -> Guest {
        self.proc = true;
        self
    }

    /// Runs as `name` from the image's (and the tree's) /etc/passwd.
    pub fn user(mut self, name: &str) -> Guest {
        self.user = Some(name.into());
        self
    }

    /// Runs natively: chrooted into the tree, in a mount namespace of its
    /// own with a fresh tmpfs on `/tmp`, `/run` and `/dev/shm`, as the
    /// guest has them (`kernel/src/mounts.rs`; `/run/lock` as Debian makes
    /// it at boot). Nothing a native run leaves there reaches the tree.
    pub fn native(&self) -> Output {
        let tree = env_path("TABVM_ROOTFS");
        let mut cmd = Command::new("unshare");
        // $1 is the tree; the rest are chroot's arguments.
        cmd.args(["--mount", "--propagation", "private", "bash", "-euc"])
            .arg(concat!(
                close_inherited!(),
                "t=$1; shift; ",
                "mount -t tmpfs -o mode=1777 tmpfs \"$t/tmp\"; ",
                "mount -t tmpfs -o mode=755 tmpfs \"$t/run\"; ",
                "mkdir -m 1777 \"$t/run/lock\"; mkdir \"$t/run/mount\"; ",
                "mount -t tmpfs -o mode=1777 tmpfs \"$t/dev/shm\"; ",
                "if [ \"$p\" = proc ]; then mount -t proc proc \"$t/proc\"; fi; ",
                "exec chroot \"$@\""
            ))
            .arg("native")
            .arg(&tree)
            .env("p", if self.proc { "proc" } else { "" });
        if let Some(user) = &self.user {
            cmd.arg(format!("--userspec={user}:{user}"));
        }
        // `env -C DIR` changes directory inside the chroot; options first.
        // `--default-signal`: whatever the test runner ignores (a
        // background job ignores SIGINT and SIGQUIT) is not inherited; the
        // guest always starts with default dispositions.
        cmd.arg(&tree)
            .args(["/usr/bin/env", "-i", "--default-signal", "-C", &self.cwd])
            .args(env())
            .args(&self.argv);
        run(&mut cmd, &self.stdin)
    }

    pub fn tabvm(&self) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tabvm"));
        cmd.arg("run")
            .arg("--image")
            .arg(env_path("TABVM_IMAGE"))
            .args(["--cwd", &self.cwd]);
        if let Some(user) = &self.user {
            cmd.args(["--user", user]);
        }
        for kv in env() {
            cmd.args(["--env", kv]);
        }
        for add in &self.add {
            cmd.args(["--add", add]);
        }
        cmd.arg("--").args(&self.argv);
        run(&mut cmd, &self.stdin)
    }

    /// Runs under tabvm only, for what the chroot cannot show (it has no
    /// /proc) or what would exhaust the host; it must succeed. Its stdout.
    pub fn tabvm_ok(&self) -> String {
        let out = self.tabvm();
        assert!(
            out.status.success(),
            "{:?} under tabvm: {}\n--- stdout (end) ---\n{}\n--- stderr (end) ---\n{}",
            self.argv,
            out.status,
            tail(&out.stdout),
            tail(&out.stderr)
        );
        text(&out.stdout)
    }

    /// Runs both ways; the native run must succeed and tabvm's must give
    /// the same stdout and exit status. Returns tabvm's output.
    pub fn same(&self) -> Output {
        let (native, tabvm) = self.both();
        assert!(
            native.status.success(),
            "{}: the native run failed ({}); its stderr (end):\n{}",
            self.what(),
            native.status,
            tail(&native.stderr)
        );
        assert_same(&self.what(), &native, &tabvm);
        tabvm
    }

    /// [`Guest::same`] for a command whose exit status need not be 0.
    pub fn same_status(&self) -> Output {
        let (native, tabvm) = self.both();
        assert_same(&self.what(), &native, &tabvm);
        tabvm
    }

    fn both(&self) -> (Output, Output) {
        (self.native(), self.tabvm())
    }

    fn what(&self) -> String {
        let mut cmd = Command::new(&self.argv[0]);
        describe(cmd.args(&self.argv[1..]))
    }
}

/// A C test program compiled with gcc inside the tree. Until dropped it is
/// at `/var/tmp/<unique>` in the tree (for native runs; `/tmp` is a fresh
/// tmpfs there, as in the guest) and has a host copy
/// (which `tabvm run --add`s at the same guest path).
pub struct Program {
    pub host: PathBuf,
    pub guest: String,
    in_tree: PathBuf,
}

impl Program {
    /// Compiles `cli/tests/<source>` (`c/fork_bomb.c`) with `-O1 -Wall`
    /// and `flags`; unique per test process and source.
    pub fn compile(source: &str, flags: &[&str]) -> Program {
        let tree = env_path("TABVM_ROOTFS");
        let stem = Path::new(source).file_stem().expect("a file name");
        let unique = format!("tabvm-test-{}-{}", std::process::id(), stem.display());
        let scratch = tree.join("var/tmp").join(format!("{unique}.d"));
        std::fs::create_dir_all(&scratch).expect("scratch dir in the tree");
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join(source);
        std::fs::copy(&from, scratch.join("p.c")).expect("copy the source into the tree");
        let gcc = run(
            Command::new("chroot")
                .arg(&tree)
                .args(["gcc", "-O1", "-Wall"])
                .args(flags)
                .args([
                    "-o",
                    &format!("/var/tmp/{unique}"),
                    &format!("/var/tmp/{unique}.d/p.c"),
                ]),
            b"",
        );
        std::fs::remove_dir_all(&scratch).expect("clean the tree");
        assert!(
            gcc.status.success(),
            "gcc {source} in the tree: {}\n{}",
            gcc.status,
            tail(&gcc.stderr)
        );
        let program = Program {
            host: std::env::temp_dir().join(&unique),
            guest: format!("/var/tmp/{unique}"),
            in_tree: tree.join("var/tmp").join(&unique),
        };
        std::fs::copy(&program.in_tree, &program.host).expect("copy the binary out");
        program
    }

    /// Runs the host copy directly on the host (a static program that
    /// needs the host's /dev/pts), started as a guest starts: default
    /// signal dispositions and only descriptors 0, 1 and 2 (a CI runner
    /// may ignore SIGHUP and pass descriptors of its own).
    pub fn host_run(&self, args: &[&str]) -> Output {
        // A test thread that forked while the copy was being written holds
        // its descriptor until its child execs: "Text file busy" for a
        // moment, so try again.
        for _ in 0..50 {
            let out = run(
                Command::new("bash")
                    .args([
                        "-euc",
                        concat!(close_inherited!(), r#"exec env --default-signal "$@""#),
                    ])
                    .arg("host-run")
                    .arg(&self.host)
                    .args(args),
                b"",
            );
            if out.status.code() != Some(126) || !text(&out.stderr).contains("Text file busy") {
                return out;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{}: text file busy", self.host.display());
    }

    /// The program with `args` as a guest command.
    pub fn guest(&self, args: &[&str]) -> Guest {
        let mut argv = vec![self.guest.as_str()];
        argv.extend(args);
        self.with(guest(&argv))
    }

    /// `bash -c script` as a guest command, the program there; `$P` in
    /// the script is its path.
    pub fn shell(&self, script: &str) -> Guest {
        self.with(guest(&[
            "bash",
            "-c",
            &format!("P={}; {script}", self.guest),
        ]))
    }

    fn with(&self, mut command: Guest) -> Guest {
        command
            .add
            .push(format!("{}:{}", self.host.display(), self.guest));
        command
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.in_tree);
        let _ = std::fs::remove_file(&self.host);
    }
}

#[cfg(test)]
mod runner {
    use super::*;

    /// Whether a live (not zombie) process is in group `pgid` (proc(5):
    /// /proc/PID/stat has the state 3rd and the group 5th).
    fn group_alive(pgid: u32) -> bool {
        std::fs::read_dir("/proc")
            .expect("/proc")
            .flatten()
            .any(|entry| {
                let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
                // The command (2nd) is in parentheses and may hold spaces.
                let fields: Vec<_> = stat
                    .rsplit_once(')')
                    .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
                fields.len() > 2 && fields[0] != "Z" && fields[2] == pgid.to_string()
            })
    }

    #[test]
    fn a_check_failing_once_is_logged_and_one_failing_twice_fails() {
        let log = std::env::temp_dir().join(format!("tabvm-retry-{}", std::process::id()));
        let _ = std::fs::remove_file(&log);
        let runs = std::cell::Cell::new(0);
        let value = twice_logging("flaky", Some(&log), || {
            runs.set(runs.get() + 1);
            assert!(runs.get() > 1, "first run fails");
            7
        });
        assert_eq!((value, runs.get()), (7, 2));
        let logged = std::fs::read_to_string(&log).expect("the log is written");
        assert!(
            logged.contains("--- flaky: failed once, then ran again ---\nfirst run fails"),
            "{logged}"
        );
        let always = std::panic::catch_unwind(|| {
            twice_logging("broken", Some(&log), || panic!("always"));
        });
        assert!(always.is_err(), "a failure that repeats fails");
        let _ = std::fs::remove_file(&log);
    }

    #[test]
    fn a_quick_command_returns_its_output_and_status() {
        let out = try_run(
            Command::new("sh").args(["-c", "cat; echo err >&2; exit 3"]),
            b"hello\n",
            Duration::from_secs(30),
        )
        .expect("sh finishes");
        assert_eq!(
            (&out.stdout[..], &out.stderr[..]),
            (&b"hello\n"[..], &b"err\n"[..])
        );
        assert_eq!(shell_status(&out), 3);
    }

    #[test]
    fn native_runs_close_descriptors_the_runner_left_open() {
        // As a CI runner does: 77 and 99 open without close-on-exec.
        let script = concat!(
            "exec 77</dev/null 99>/dev/null; ",
            close_inherited!(),
            // Not the last command, which bash would exec.
            "ls /proc/$$/fd; true"
        );
        let out = try_run(
            Command::new("bash").args(["-euc", script]),
            b"",
            Duration::from_secs(30),
        )
        .expect("bash finishes");
        assert_eq!(text(&out.stdout), "0\n1\n2\n", "{}", text(&out.stderr));
    }

    #[test]
    fn a_long_stdout_mismatch_shows_the_lines_that_differ() {
        let lines = |middle: &str| format!("{}{middle}\n{}", "x\n".repeat(3000), "y\n".repeat(9));
        let diff = stdout_diff(&lines("native"), &lines("tabvm"));
        assert!(
            diff.ends_with("  x\n- native\n+ tabvm\n  y\n  y\n  y\n"),
            "{diff}"
        );
        assert!(
            diff.contains("3010 and 3010 lines, from line 2998 ---\n  x\n"),
            "{diff}"
        );
    }

    #[test]
    fn a_hang_is_killed_with_its_whole_group_at_the_deadline() {
        let start = Instant::now();
        // The background sleep holds stdout open after sh is killed, unless
        // the whole group goes.
        let expired = try_run(
            Command::new("sh").args(["-c", "sleep 30 & echo started; sleep 30"]),
            b"",
            Duration::from_secs(1),
        )
        .expect_err("sleep 30 outlives a 1 s deadline");
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{:?}",
            start.elapsed()
        );
        assert!(
            expired.report.contains("still running after 1."),
            "{}",
            expired.report
        );
        assert!(
            expired
                .report
                .contains("\"sleep 30 & echo started; sleep 30\"")
        );
        assert!(
            expired.report.contains("stdout (end) ---\nstarted\n"),
            "{}",
            expired.report
        );
        // SIGKILL is delivered at once; dying takes a moment.
        let gone = (0..50).any(|_| {
            std::thread::sleep(Duration::from_millis(10));
            !group_alive(expired.pgid)
        });
        assert!(gone, "group {} lives on", expired.pgid);
    }
}
