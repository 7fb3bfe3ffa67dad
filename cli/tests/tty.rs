//! Terminals: a C program over ptys, controlling terminals and job control
//! (`c/tty_pty.c`), compared with the host's Linux; and interactive
//! sessions through a real terminal (tmux) where `tabvm run` uses its
//! console pty: bash job control (`&`, `jobs`, `kill %1`, `^C`, `^Z` and
//! `fg`), vim
//! editing and saving a file, python's prompt.
//!
//! The C program is static and runs natively on the host, not in a chroot
//! (`/dev/ptmx` needs a devpts mount next to it, which the tree lacks).
//! The tmux tests poll the screen with a bounded timeout.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const NEEDS: &str = "needs the Debian i386 tree and image: run by cargo xtask test";

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(std::env::var_os(name).unwrap_or_else(|| panic!("{name} is not set: {NEEDS}")))
}

fn shell_status(out: &Output) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    out.status
        .code()
        .unwrap_or_else(|| 128 + out.status.signal().unwrap_or(0))
}

/// Compiles `tests/c/<name>` statically inside the tree; returns the host path
/// of the binary (in a fresh temporary directory).
fn compile(name: &str) -> PathBuf {
    let root = env_path("TABVM_ROOTFS");
    let unique = format!(
        "tabvm-tty-{}-{}",
        std::process::id(),
        name.replace('.', "_")
    );
    let dir = root.join("tmp").join(&unique);
    std::fs::create_dir_all(&dir).expect("mkdir in the tree");
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/c")
        .join(name);
    std::fs::copy(&src, dir.join(name)).expect("copy source");
    let out = Command::new("chroot")
        .arg(&root)
        .args(["gcc", "-static", "-O1", "-o"])
        .arg(format!("/tmp/{unique}/prog"))
        .arg(format!("/tmp/{unique}/{name}"))
        .output()
        .expect("run gcc in the tree");
    assert!(
        out.status.success(),
        "gcc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let host_dir = std::env::temp_dir().join(&unique);
    std::fs::create_dir_all(&host_dir).expect("host temp dir");
    let bin = host_dir.join("prog");
    std::fs::copy(dir.join("prog"), &bin).expect("copy binary out");
    std::fs::remove_dir_all(&dir).expect("clean the tree");
    bin
}

fn run(mut cmd: Command) -> Output {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("spawn")
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn pty_program_matches_native() {
    let bin = compile("tty_pty.c");
    let native = run(Command::new(&bin));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tabvm"));
    cmd.arg("run")
        .arg("--image")
        .arg(env_path("TABVM_IMAGE"))
        .arg("--add")
        .arg(format!("{}:/tmp/tty_pty", bin.display()))
        .args(["--", "/tmp/tty_pty"]);
    let ours = run(cmd);
    let _ = std::fs::remove_dir_all(bin.parent().expect("temp dir"));
    let want = String::from_utf8_lossy(&native.stdout);
    assert!(
        want.contains("SIGINT 1") && want.contains("SIGTTOU 1"),
        "the native run did not get through: {want}"
    );
    assert_eq!(
        String::from_utf8_lossy(&ours.stdout),
        want,
        "tabvm stderr: {}",
        String::from_utf8_lossy(&ours.stderr)
    );
    assert_eq!(shell_status(&ours), shell_status(&native));
}

/// A tmux server of our own, running one `tabvm run` in an 80x24 window.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(test: &str, argv: &str) -> Tmux {
        let socket = format!("tabvm-tty-{}-{test}", std::process::id());
        let command = format!(
            "{} run --image {} --env TERM=xterm --env 'PS1=tty$ ' -- {argv}; sleep 60",
            env!("CARGO_BIN_EXE_tabvm"),
            env_path("TABVM_IMAGE").display()
        );
        let tmux = Tmux { socket };
        let ok = tmux
            .cmd()
            .args(["new-session", "-d", "-x", "80", "-y", "24", &command])
            .status()
            .expect("tmux (apt-get install tmux)")
            .success();
        assert!(ok, "tmux new-session failed");
        tmux
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]);
        c
    }

    fn screen(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types `keys` (tmux key names: `Enter`, `C-c`, `Escape`; others literal).
    fn keys(&self, keys: &[&str]) {
        let ok = self
            .cmd()
            .arg("send-keys")
            .args(keys)
            .status()
            .expect("tmux send-keys")
            .success();
        assert!(ok, "tmux send-keys failed");
    }

    /// Waits (at most 30 s) until the screen satisfies `ready`.
    fn wait(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until `text` appears on the screen at least `times` times.
    fn wait_count(&self, text: &str, times: usize) -> String {
        self.wait(&format!("{times} x {text:?}"), |s| {
            s.matches(text).count() >= times
        })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}

/// The non-empty lines of a screen.
fn lines(screen: &str) -> Vec<&str> {
    screen
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Clears the screen, runs `command` in the guest's bash and waits for the
/// marker line after it; returns the screen.
fn step(t: &Tmux, n: u32, command: &str) -> String {
    let marker = format!("={n}=");
    // A background command (`cmd &`) takes no `;` after it.
    let sep = if command.ends_with('&') { " " } else { "; " };
    t.keys(&[&format!("clear; {command}{sep}echo ={n}="), "Enter"]);
    t.wait(&format!("{command:?}"), |s| {
        s.lines().any(|l| l.trim_end() == marker)
    })
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn bash_job_control() {
    let t = Tmux::start("bash", "bash --norc -i");
    t.wait_count("tty$", 1);
    let s = step(&t, 1, "tty; stty size");
    assert!(lines(&s).contains(&"/dev/pts/0"), "{s}");
    assert!(lines(&s).contains(&"24 80"), "{s}");
    step(&t, 2, "sleep 100 &");
    let s = step(&t, 3, "jobs");
    assert!(
        s.lines()
            .any(|l| l.starts_with("[1]+  Running") && l.contains("sleep 100 &")),
        "{s}"
    );
    step(&t, 4, "kill %1");
    let s = step(&t, 5, "jobs");
    assert!(
        s.lines()
            .any(|l| l.starts_with("[1]+  Terminated") && l.contains("sleep 100")),
        "{s}"
    );
    // cat echoes a line, then ^C interrupts it: back to the prompt.
    t.keys(&["clear", "Enter"]);
    t.wait("a clear screen", |s| lines(s) == ["tty$"]);
    t.keys(&["cat", "Enter"]);
    t.wait_count("tty$ cat", 1);
    t.keys(&["abc", "Enter"]);
    t.wait_count("abc", 2);
    t.keys(&["C-c"]);
    let s = t.wait_count("tty$", 2);
    assert!(s.contains("^C"), "{s}");
    t.keys(&["s=$?; clear; echo status $s; echo =6=", "Enter"]);
    let s = t.wait("the status", |s| s.lines().any(|l| l.trim_end() == "=6="));
    assert!(lines(&s).contains(&"status 130"), "{s}");
    // ^Z stops a foreground job, `fg` continues it, ^C ends it.
    t.keys(&["clear", "Enter"]);
    t.wait("a clear screen", |s| lines(s) == ["tty$"]);
    t.keys(&["sleep 100", "Enter"]);
    t.wait_count("tty$ sleep 100", 1);
    t.keys(&["C-z"]);
    let s = t.wait("the stopped job", |s| s.contains("Stopped"));
    assert!(
        s.lines()
            .any(|l| l.starts_with("[1]+  Stopped") && l.contains("sleep 100")),
        "{s}"
    );
    t.wait_count("tty$", 2);
    t.keys(&["fg", "Enter"]);
    t.wait("fg's echo", |s| lines(s).contains(&"sleep 100"));
    t.keys(&["C-c"]);
    t.wait_count("tty$", 3);
    t.keys(&["s=$?; clear; jobs; echo status $s; echo =8=", "Enter"]);
    let s = t.wait("the status", |s| s.lines().any(|l| l.trim_end() == "=8="));
    assert_eq!(lines(&s), ["status 130", "=8=", "tty$"], "{s}");
    // A resize reaches the guest (SIGWINCH; stty reads the new size).
    let ok = t
        .cmd()
        .args(["resize-window", "-x", "100", "-y", "30"])
        .status()
        .expect("tmux resize-window")
        .success();
    assert!(ok);
    std::thread::sleep(Duration::from_millis(500));
    let s = step(&t, 7, "stty size");
    assert!(lines(&s).contains(&"30 100"), "{s}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn vim_edits_and_saves_a_file() {
    let t = Tmux::start("vim", "bash --norc -i");
    t.wait_count("tty$", 1);
    t.keys(&["vim -u NONE -N /tmp/vimtest.txt", "Enter"]);
    let s = t.wait("vim's screen", |s| s.contains("\"/tmp/vimtest.txt\" [New]"));
    if s.contains("Press ENTER") {
        t.keys(&["Enter"]);
    }
    t.keys(&["i", "first line", "Enter", "second line", "Escape"]);
    t.wait("the typed text", |s| s.contains("second line"));
    t.keys(&[":wq", "Enter"]);
    t.wait("the prompt after vim", |s| lines(s).last() == Some(&"tty$"));
    t.keys(&["clear; od -c /tmp/vimtest.txt", "Enter"]);
    let s = t.wait("od's output", |s| s.contains("0000027"));
    let want = "0000000   f   i   r   s   t       l   i   n   e  \\n   s   e   c   o   n\n\
                0000020   d       l   i   n   e  \\n\n0000027";
    assert!(s.contains(want), "{s}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_prompt() {
    let t = Tmux::start("python", "python3 -q");
    t.wait_count(">>>", 1);
    t.keys(&["6 * 7", "Enter"]);
    let s = t.wait_count(">>>", 2);
    assert!(lines(&s).contains(&"42"), "{s}");
    // ^C at the prompt is KeyboardInterrupt; the prompt comes back.
    t.keys(&["C-c"]);
    let s = t.wait_count(">>>", 3);
    assert!(s.contains("KeyboardInterrupt"), "{s}");
    t.keys(&["import os; os.get_terminal_size()", "Enter"]);
    let s = t.wait_count(">>>", 4);
    assert!(s.contains("os.terminal_size(columns=80, lines=24)"), "{s}");
}
