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

mod common;

use common::{Program, assert_same, env_path, run, text, try_run};
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn pty_program_matches_native() {
    let program = Program::compile("c/tty_pty.c", &["-static"]);
    let native = program.host_run(&[]);
    let want = text(&native.stdout);
    assert!(
        native.status.success() && want.contains("SIGINT 1") && want.contains("SIGTTOU 1"),
        "the native run did not get through ({}): {want}\n{}",
        native.status,
        text(&native.stderr)
    );
    assert_same("tty_pty.c", &native, &program.guest(&[]).tabvm());
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn pty_details_match_native() {
    let program = Program::compile("c/tty_more.c", &["-static"]);
    let native = program.host_run(&[]);
    let want = text(&native.stdout);
    assert!(
        native.status.success()
            && want.contains("vmin5 nonblock with 2: 2 [ab]")
            && want.contains("read after TCIFLUSH: 1 [\\x01]")
            && want.contains("bg write (SA_RESTART): 3 ok, handler ran 3")
            && want.contains("done"),
        "the native run did not get through ({}): {want}\n{}",
        native.status,
        text(&native.stderr)
    );
    assert_same("tty_more.c", &native, &program.guest(&[]).tabvm());
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn pty_editing_and_hangups_match_native() {
    let program = Program::compile("c/tty_edit.c", &["-static"]);
    let native = program.host_run(&[]);
    let want = text(&native.stdout);
    assert!(
        native.status.success()
            && want.contains("line: 3 [xy\\x0a]")
            && want.contains("TIOCGPTPEER: fd")
            && want.contains("vhangup: 0")
            && want.contains("done"),
        "the native run did not get through ({}): {want}\n{}",
        native.status,
        text(&native.stderr)
    );
    assert_same("tty_edit.c", &native, &program.guest(&[]).tabvm());
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
        tmux.ok(&["new-session", "-d", "-x", "80", "-y", "24", &command]);
        tmux
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]).args(args);
        c
    }

    /// Runs a tmux command (through the common runner); it must succeed.
    fn ok(&self, args: &[&str]) -> String {
        let out = run(&mut self.cmd(args), b"");
        assert!(
            out.status.success(),
            "tmux {args:?} (is tmux installed?): {}",
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    fn screen(&self) -> String {
        self.ok(&["capture-pane", "-p"])
    }

    /// Types `keys` (tmux key names: `Enter`, `C-c`, `Escape`; others literal).
    fn keys(&self, keys: &[&str]) {
        self.ok(&[&["send-keys"], keys].concat());
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
        let _ = try_run(
            &mut self.cmd(&["kill-server"]),
            b"",
            Duration::from_secs(10),
        );
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
    t.ok(&["resize-window", "-x", "100", "-y", "30"]);
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
