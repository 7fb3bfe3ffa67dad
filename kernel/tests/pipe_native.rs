//! The pipe module against a real Linux pipe.
//!
//! `tests/pipe_script.txt` lists non-blocking pipe operations;
//! `tests/c/pipe_script.c`, compiled in the Debian i386 tree and run
//! natively, performs them on a real pipe, and [`run_script`] performs them
//! on `tabvm_kernel::pipe::Pipe`. `tests/pipe_script.expected` is the
//! native output (refreshed with `BLESS=1` by the ignored test, which also
//! checks it against a live run).

mod support;

use std::fmt::Write as _;
use support::{diff, manifest, run_native_scripts};

use tabvm_kernel::abi::Errno;
use tabvm_kernel::abi::flags::poll::{POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM};
use tabvm_kernel::pipe::Pipe;

fn neg(e: Errno) -> i64 {
    -i64::from(e.0)
}

fn run_script(script: &str) -> String {
    let mut out = String::new();
    let mut pipe = Pipe::new();
    let (mut have_r, mut have_w) = (true, true);
    let mut counter: u32 = 0;
    let mut buf = vec![0u8; 1 << 20];
    let requested = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
    for line in script.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        writeln!(out, "> {line}").unwrap();
        let (cmd, arg) = line.split_once(' ').unwrap_or((line, "0"));
        let n: usize = arg.parse().unwrap();
        match cmd {
            "w" if !have_w => writeln!(out, "= {}", neg(Errno::EBADF)).unwrap(),
            "r" | "nread" if !have_r => writeln!(out, "= {}", neg(Errno::EBADF)).unwrap(),
            "getsz" | "setsz" if !have_w => writeln!(out, "= {}", neg(Errno::EBADF)).unwrap(),
            "w" => {
                let data: Vec<u8> = (0..n)
                    .map(|i| counter.wrapping_add(i as u32) as u8)
                    .collect();
                let r = match pipe.write(&data) {
                    Ok(k) => {
                        counter = counter.wrapping_add(k as u32);
                        k as i64
                    }
                    Err(e) => neg(e.into()),
                };
                writeln!(out, "= {r}").unwrap();
            }
            "r" => match pipe.read(&mut buf[..n]) {
                Ok(k) => {
                    let sum = buf[..k]
                        .iter()
                        .fold(0u32, |s, &b| (s * 31 + u32::from(b)) & 0xffff);
                    writeln!(out, "= {k} sum {sum}").unwrap();
                }
                Err(e) => writeln!(out, "= {}", neg(e.into())).unwrap(),
            },
            "nread" => writeln!(out, "= {}", pipe.available()).unwrap(),
            "getsz" => writeln!(out, "= {}", pipe.capacity()).unwrap(),
            "setsz" => match pipe.set_capacity(n as u32, true) {
                Ok(k) => writeln!(out, "= {k}").unwrap(),
                Err(e) => writeln!(out, "= {}", neg(e)).unwrap(),
            },
            "poll" => {
                // poll(2) reports the requested events plus POLLERR/POLLHUP;
                // the harness passes -1 for a closed end, which poll skips.
                let r = if have_r { pipe.poll_reader() } else { 0 };
                let w = if have_w { pipe.poll_writer() } else { 0 };
                let mask = requested | 0x18;
                writeln!(out, "= {:x} {:x}", r & mask, w & mask).unwrap();
            }
            "closer" => {
                if have_r {
                    pipe.close_reader();
                }
                have_r = false;
                writeln!(out, "= 0").unwrap();
            }
            "closew" => {
                if have_w {
                    pipe.close_writer();
                }
                have_w = false;
                writeln!(out, "= 0").unwrap();
            }
            "new" => {
                pipe = Pipe::new();
                (have_r, have_w) = (true, true);
                counter = 0;
                writeln!(out, "= 0").unwrap();
            }
            _ => panic!("unknown command {cmd}"),
        }
    }
    out
}

#[test]
fn pipe_matches_recorded_linux_output() {
    let script = std::fs::read_to_string(manifest("tests/pipe_script.txt")).unwrap();
    let want = std::fs::read_to_string(manifest("tests/pipe_script.expected")).unwrap();
    let got = run_script(&script);
    assert!(got == want, "{}", diff(&want, &got));
}

/// A random script (xorshift32 from `seed`) of writes and reads around
/// page boundaries, resizes, polls and closes.
fn random_script(seed: u32) -> String {
    const SIZES: [u32; 12] = [
        0, 1, 7, 100, 3000, 4095, 4096, 4097, 5000, 12288, 65536, 100_000,
    ];
    let mut state = seed.max(1);
    let mut rng = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let mut script = String::new();
    for _ in 0..200 {
        let size = SIZES[rng() as usize % SIZES.len()];
        match rng() % 20 {
            0..=7 => writeln!(script, "w {size}").unwrap(),
            8..=13 => writeln!(script, "r {size}").unwrap(),
            14 => writeln!(script, "nread").unwrap(),
            15 => writeln!(
                script,
                "setsz {}",
                [0, 4096, 5000, 8192, 16384, 65536, 262_144][rng() as usize % 7]
            )
            .unwrap(),
            16 => writeln!(script, "getsz").unwrap(),
            17 => writeln!(script, "poll").unwrap(),
            18 => writeln!(
                script,
                "{}",
                ["closer", "closew", "new"][rng() as usize % 3]
            )
            .unwrap(),
            _ => writeln!(script, "new").unwrap(),
        }
    }
    script
}

/// Compiles tests/c/pipe_script.c in the tree and runs it on each script.
fn run_native(scripts: &[String]) -> Vec<String> {
    run_native_scripts("pipe_script", scripts)
        .into_iter()
        .map(|run| {
            assert!(
                run.status.success(),
                "pipe_script failed: {}",
                String::from_utf8_lossy(&run.stderr)
            );
            String::from_utf8(run.stdout).expect("utf-8 output")
        })
        .collect()
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn pipe_matches_a_live_linux_pipe() {
    let script = std::fs::read_to_string(manifest("tests/pipe_script.txt")).unwrap();
    let linux = run_native(std::slice::from_ref(&script)).remove(0);
    let expected = manifest("tests/pipe_script.expected");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&expected, &linux).unwrap();
    }
    let recorded = std::fs::read_to_string(&expected).unwrap_or_default();
    assert!(
        recorded == linux,
        "tests/pipe_script.expected is stale (BLESS=1 to refresh): {}",
        diff(&linux, &recorded)
    );
    let ours = run_script(&script);
    assert!(ours == linux, "{}", diff(&linux, &ours));
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn random_scripts_match_a_live_linux_pipe() {
    let seeds = [1u32, 0xdead_beef, 12345, 777, 4242, 99, 2024, 31337];
    let scripts: Vec<String> = seeds.iter().map(|&s| random_script(s)).collect();
    let linux = run_native(&scripts);
    for ((seed, script), linux) in seeds.iter().zip(&scripts).zip(&linux) {
        let ours = run_script(script);
        assert!(
            ours == *linux,
            "seed {seed:#x}: {}\nscript:\n{script}",
            diff(linux, &ours)
        );
    }
}
