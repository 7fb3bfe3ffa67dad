//! The tty module against a real Linux pty.
//!
//! `tests/tty_script.txt` is a list of line-discipline scenarios.
//! `tests/c/tty_script.c`, compiled in the Debian i386 tree and run
//! natively, plays it on a real pty; [`run_script`] plays it on
//! `tabvm_kernel::tty::Pty`. Both print the same report format.
//! `tests/tty_script.expected` is the native output, recorded with
//! `BLESS=1` by the ignored test (which also checks it is still what Linux
//! prints); the ordinary test compares the module with it.

mod support;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use support::{diff, manifest, run_native_scripts};

use tabvm_kernel::abi::termios::{KTermios, WinSize, cc, iflag, lflag, oflag};
use tabvm_kernel::tty::{Pty, PtyError};

fn escape(bytes: &[u8]) -> String {
    let mut s = String::from("\"");
    for &c in bytes {
        match c {
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            b'\\' => s.push_str("\\\\"),
            b'"' => s.push_str("\\\""),
            0x20..0x7f => s.push(c as char),
            _ => write!(s, "\\x{c:02x}").unwrap(),
        }
    }
    s.push('"');
    s
}

fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            i += 1;
            match b[i] {
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'x' => {
                    out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                c => out.push(c),
            }
        } else {
            out.push(b[i]);
        }
        i += 1;
    }
    out
}

/// (field 0=i 1=o 3=l, bit) for a flag name of the script.
fn flag(name: &str) -> (u8, u32) {
    match name {
        "IGNBRK" => (0, iflag::IGNBRK),
        "BRKINT" => (0, iflag::BRKINT),
        "ISTRIP" => (0, iflag::ISTRIP),
        "INLCR" => (0, iflag::INLCR),
        "IGNCR" => (0, iflag::IGNCR),
        "ICRNL" => (0, iflag::ICRNL),
        "IUCLC" => (0, iflag::IUCLC),
        "IXON" => (0, iflag::IXON),
        "IXANY" => (0, iflag::IXANY),
        "IXOFF" => (0, iflag::IXOFF),
        "IMAXBEL" => (0, iflag::IMAXBEL),
        "IUTF8" => (0, iflag::IUTF8),
        "OPOST" => (1, oflag::OPOST),
        "OLCUC" => (1, oflag::OLCUC),
        "ONLCR" => (1, oflag::ONLCR),
        "OCRNL" => (1, oflag::OCRNL),
        "ONOCR" => (1, oflag::ONOCR),
        "ONLRET" => (1, oflag::ONLRET),
        "XTABS" => (1, oflag::XTABS),
        "ISIG" => (3, lflag::ISIG),
        "ICANON" => (3, lflag::ICANON),
        "ECHO" => (3, lflag::ECHO),
        "ECHOE" => (3, lflag::ECHOE),
        "ECHOK" => (3, lflag::ECHOK),
        "ECHONL" => (3, lflag::ECHONL),
        "NOFLSH" => (3, lflag::NOFLSH),
        "TOSTOP" => (3, lflag::TOSTOP),
        "ECHOCTL" => (3, lflag::ECHOCTL),
        "ECHOPRT" => (3, lflag::ECHOPRT),
        "ECHOKE" => (3, lflag::ECHOKE),
        "IEXTEN" => (3, lflag::IEXTEN),
        _ => panic!("unknown flag {name}"),
    }
}

const CC_NAMES: [&str; 17] = [
    "VINTR", "VQUIT", "VERASE", "VKILL", "VEOF", "VTIME", "VMIN", "VSWTC", "VSTART", "VSTOP",
    "VSUSP", "VEOL", "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2",
];

/// Plays the script on a `Pty` and returns the report, in tty_script.c's format.
fn run_script(script: &str) -> String {
    let mut p = Pty::new(0);
    p.set_locked(false);
    p.open_slave().unwrap();
    let init: KTermios = *p.ldisc().termios();
    let mut out = String::new();
    let ccs: Vec<String> = init.cc[..17].iter().map(u8::to_string).collect();
    writeln!(
        out,
        "init iflag={:x} oflag={:x} cflag={:x} lflag={:x} cc={}",
        init.iflag,
        init.oflag,
        init.cflag,
        init.lflag,
        ccs.join(",")
    )
    .unwrap();
    let mut signals = Vec::new();
    let mut buf = vec![0u8; 8192];
    for line in script.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        writeln!(out, "> {line}").unwrap();
        let (cmd, arg) = line.split_once(' ').unwrap_or((line, ""));
        let mut t = *p.ldisc().termios();
        match cmd {
            "reset" => {
                p.ldisc_mut().set_termios(init);
                p.ldisc_mut().flush_input();
                p.ldisc_mut().flush_output();
                signals.clear();
                continue;
            }
            "set" | "clear" => {
                let (field, bit) = flag(arg);
                let w = match field {
                    0 => &mut t.iflag,
                    1 => &mut t.oflag,
                    _ => &mut t.lflag,
                };
                if cmd == "set" {
                    *w |= bit;
                } else {
                    *w &= !bit;
                }
                p.ldisc_mut().set_termios(t);
            }
            "cc" => {
                let (name, v) = arg.split_once(' ').unwrap();
                let idx = CC_NAMES.iter().position(|n| *n == name).unwrap();
                t.cc[idx] = v.parse().unwrap();
                debug_assert!(idx < cc::NCCS);
                p.ldisc_mut().set_termios(t);
            }
            "in" => {
                let data = unescape(arg);
                if p.master_write(&data, &mut signals) != Ok(data.len()) {
                    writeln!(out, "short master write").unwrap();
                }
            }
            "out" => {
                let data = unescape(arg);
                match p.slave_write(&data) {
                    Ok(n) if n == data.len() => {}
                    Ok(n) => writeln!(out, "slave write {n}").unwrap(),
                    Err(_) => writeln!(out, "slave write -1").unwrap(),
                }
            }
            "read" => {
                for _ in 0..16 {
                    match p.slave_read_nonblocking(&mut buf) {
                        Ok(n) => {
                            writeln!(out, "S: {}", escape(&buf[..n])).unwrap();
                            if n == 0 {
                                break;
                            }
                        }
                        Err(PtyError::WouldBlock { .. } | PtyError::Io) => break,
                    }
                }
            }
            "winsz" => {
                let (r, c) = arg.split_once(' ').unwrap();
                let ws = WinSize {
                    rows: r.parse().unwrap(),
                    cols: c.parse().unwrap(),
                    ..WinSize::default()
                };
                signals.extend(p.set_winsize(ws));
            }
            _ => panic!("unknown command {cmd}"),
        }
        // All the master can read (at most 16 KiB, as tty_script.c).
        let mut seen = Vec::new();
        while seen.len() < 16384 {
            let room = (16384 - seen.len()).min(buf.len());
            match p.master_read(&mut buf[..room]) {
                Ok(n) => seen.extend_from_slice(&buf[..n]),
                Err(_) => break,
            }
        }
        if !seen.is_empty() {
            writeln!(out, "M: {}", escape(&seen)).unwrap();
        }
        // Distinct and sorted, as tty_script.c prints them (see there).
        signals.sort_by_key(|s| s.0);
        signals.dedup();
        for s in signals.drain(..) {
            writeln!(out, "SIG: {}", s.0).unwrap();
        }
    }
    out
}

/// A random script (xorshift32 from `seed`): mode flips, typed bytes heavy
/// in control characters and UTF-8, program output, reads, resets.
fn random_script(seed: u32) -> String {
    const FLAGS: [&str; 26] = [
        "ICRNL", "INLCR", "IGNCR", "ISTRIP", "IXON", "IXANY", "IUTF8", "IUCLC", "OPOST", "ONLCR",
        "OCRNL", "ONOCR", "ONLRET", "XTABS", "OLCUC", "ICANON", "ECHO", "ECHOE", "ECHOK", "ECHONL",
        "ECHOCTL", "ECHOPRT", "ECHOKE", "ISIG", "NOFLSH", "IEXTEN",
    ];
    const TYPED: [&str; 21] = [
        "a",
        "b",
        "c",
        "_",
        " ",
        "-",
        "\\t",
        "\\r",
        "\\n",
        "\\x13",
        "\\x11",
        "\\x04",
        "\\x7f",
        "\\x15",
        "\\x17",
        "\\x16",
        "\\x12",
        "\\x01",
        "\\xc3\\xa9",
        "\\xe2\\x82\\xac",
        "\\x08",
    ];
    const OUT: [&str; 7] = ["x", "yz", "\\t", "\\n", "\\r", "\\x08", "\\xc3\\xa9"];
    let mut state = seed.max(1);
    let mut rng = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let mut script = String::new();
    for _ in 0..150 {
        match rng() % 12 {
            0..=2 => {
                let verb = if rng() % 2 == 0 { "set" } else { "clear" };
                writeln!(script, "{verb} {}", FLAGS[rng() as usize % FLAGS.len()]).unwrap();
            }
            3 => {
                let (name, v) = match rng() % 4 {
                    0 => ("VMIN", rng() % 3),
                    1 => ("VTIME", rng() % 2),
                    2 => ("VEOL", [0, 59][rng() as usize % 2]),
                    _ => ("VERASE", [127, 8][rng() as usize % 2]),
                };
                writeln!(script, "cc {name} {v}").unwrap();
            }
            4..=7 => {
                // A signal character only starts a write: after output
                // echoed within the same write (at VSTART or an IXANY
                // restart), whether Linux's flush drops it races with the
                // master's worker, so such scripts would not be repeatable.
                let sig = ["", "", "\\x03", "\\x1c", "\\x1a"][rng() as usize % 5];
                // Now and then a long burst: past the 256-entry echo
                // watermark, echoes are written in the middle of the batch.
                let n = if rng() % 8 == 0 {
                    200 + rng() % 300
                } else {
                    1 + rng() % 10
                };
                let text: String = (0..n)
                    .map(|_| TYPED[rng() as usize % TYPED.len()])
                    .collect();
                writeln!(script, "in {sig}{text}").unwrap();
            }
            8 => {
                let n = 1 + rng() % 5;
                let text: String = (0..n).map(|_| OUT[rng() as usize % OUT.len()]).collect();
                writeln!(script, "out {text}").unwrap();
            }
            9 => writeln!(script, "read").unwrap(),
            10 => {
                if rng() % 4 == 0 {
                    writeln!(script, "winsz {} {}", 20 + rng() % 3, 80).unwrap();
                } else {
                    writeln!(script, "read").unwrap();
                }
            }
            _ => writeln!(script, "reset").unwrap(),
        }
    }
    script
}

#[test]
fn line_discipline_matches_recorded_linux_output() {
    let script = std::fs::read_to_string(manifest("tests/tty_script.txt")).unwrap();
    let want = std::fs::read_to_string(manifest("tests/tty_script.expected")).unwrap();
    let got = run_script(&script);
    assert!(got == want, "{}", diff(&want, &got));
}

/// Compiles tests/c/tty_script.c in the tree and runs it on each script.
fn run_native(scripts: &[String]) -> Vec<String> {
    run_native_scripts("tty_script", scripts)
        .into_iter()
        .map(|run| String::from_utf8(run.stdout).expect("utf-8 output"))
        .collect()
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn random_scripts_match_a_live_linux_pty() {
    // TABVM_TTY_SEEDS=n runs n more seeds, for a deeper search.
    let extra: u32 = std::env::var("TABVM_TTY_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut seeds = vec![1u32, 0xdead_beef, 12345, 777, 4242];
    seeds.extend((1..=extra).map(|i| i.wrapping_mul(0x9e37_79b9)));
    let scripts: Vec<String> = seeds.iter().map(|&s| random_script(s)).collect();
    let linux = run_native(&scripts);
    for ((seed, script), linux) in seeds.iter().zip(&scripts).zip(&linux) {
        let ours = run_script(script);
        if ours != *linux {
            let base = std::env::temp_dir().join(format!("tabvm-tty-seed-{seed:x}"));
            let _ = std::fs::write(base.with_extension("linux"), linux);
            let _ = std::fs::write(base.with_extension("tabvm"), &ours);
            panic!(
                "seed {seed:#x} (outputs in {}.*): {}",
                base.display(),
                diff(linux, &ours)
            );
        }
    }
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn line_discipline_matches_a_live_linux_pty() {
    let root = PathBuf::from(std::env::var_os("TABVM_ROOTFS").expect(
        "TABVM_ROOTFS is not set: point it at the Debian i386 tree (cargo xtask test sets it)",
    ));
    let dir = format!("/tmp/tabvm-tty-{}", std::process::id());
    let host_dir = root.join(dir.trim_start_matches('/'));
    std::fs::create_dir_all(&host_dir).unwrap();
    std::fs::copy(
        manifest("tests/c/tty_script.c"),
        host_dir.join("tty_script.c"),
    )
    .unwrap();
    let cc = Command::new("chroot")
        .arg(&root)
        .args(["gcc", "-static", "-O1", "-o"])
        .arg(format!("{dir}/prog"))
        .arg(format!("{dir}/tty_script.c"))
        .output()
        .expect("run chroot gcc");
    let run = cc.status.success().then(|| {
        let script = std::fs::File::open(manifest("tests/tty_script.txt")).unwrap();
        Command::new(host_dir.join("prog"))
            .stdin(Stdio::from(script))
            .output()
            .expect("run tty_script")
    });
    let _ = std::fs::remove_dir_all(&host_dir);
    assert!(
        cc.status.success(),
        "gcc failed: {}",
        String::from_utf8_lossy(&cc.stderr)
    );
    let run = run.unwrap();
    assert!(
        run.status.success(),
        "tty_script failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let linux = String::from_utf8(run.stdout).unwrap();
    let expected = manifest("tests/tty_script.expected");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&expected, &linux).unwrap();
    }
    let recorded = std::fs::read_to_string(&expected).unwrap_or_default();
    assert!(
        recorded == linux,
        "tests/tty_script.expected is stale (BLESS=1 to refresh): {}",
        diff(&linux, &recorded)
    );
    let script = std::fs::read_to_string(manifest("tests/tty_script.txt")).unwrap();
    let ours = run_script(&script);
    assert!(ours == linux, "{}", diff(&linux, &ours));
}
