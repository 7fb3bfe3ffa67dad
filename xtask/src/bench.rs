//! `cargo xtask bench`: speed as ratios against native and `qemu-i386`,
//! measured in the same run. Benchmarks measure; they never assert.
//!
//! Each workload runs natively (the host runs i386 binaries; programs from
//! the image run in a chroot of its tree), under `qemu-i386` where that is a
//! fair comparison (it emulates one program and does not follow `exec`, so
//! exec-heavy workloads are n/a), and under tabvm. Each is timed as the best
//! of a few runs, to filter out a busy machine.

use crate::util::{Result, Run, cargo, repo_root, step};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How many times each measurement runs; the fastest counts. A run slower
/// than [`ONE_RUN_IS_ENOUGH`] is measured once: noise is small beside it.
const RUNS: usize = 3;
const ONE_RUN_IS_ENOUGH: Duration = Duration::from_secs(10);

/// One way to run a workload: a command line and what it reads on stdin.
struct Cmd {
    argv: Vec<String>,
    stdin: Vec<u8>,
}

fn cmd(argv: &[&str]) -> Cmd {
    Cmd {
        argv: argv.iter().map(|s| (*s).to_owned()).collect(),
        stdin: Vec::new(),
    }
}

struct Workload {
    name: &'static str,
    native: Cmd,
    qemu: Option<Cmd>,
    tabvm: Cmd,
}

pub fn run(args: &[String]) -> Result {
    if let Some(unknown) = args.first() {
        return Err(format!(
            "`cargo xtask bench` takes no arguments (got `{unknown}`)"
        ));
    }
    crate::setup::run()?;
    let image = crate::image::run()?;
    let root = repo_root();
    step(
        "bench",
        "building tabvm, the static runner and fsbench (release)",
    );
    cargo()
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "tabvm-cli",
            "-p",
            "tabvm-cpu",
            "-p",
            "tabvm-fs",
            "--examples",
            "--bins",
        ])
        .current_dir(&root)
        .status()?;
    let target = target_dir(&root);
    let run_static = target
        .join("release/examples/run_static")
        .display()
        .to_string();
    let tabvm = target.join("release/tabvm").display().to_string();
    let tree = image.tree.display().to_string();
    let image_path = image.path.display().to_string();

    step(
        "bench",
        "compiling the CPU workloads in the Debian tree (gcc -O2 -static)",
    );
    let scratch = tempdir()?;
    let int = compile_static(&image.tree, &root.join("cpu/bench/int.c"), &scratch, "int")?;
    let x87 = compile_static(&image.tree, &root.join("cpu/bench/x87.c"), &scratch, "x87")?;
    let source = std::fs::read(root.join("cpu/bench/int.c"))
        .map_err(|e| format!("reading cpu/bench/int.c: {e}"))?;

    let in_tree = |argv: &[&str]| {
        let mut full = vec![
            "chroot",
            tree.as_str(),
            "/usr/bin/env",
            "-i",
            "PATH=/usr/bin:/bin",
            "LC_ALL=C",
        ];
        full.extend_from_slice(argv);
        cmd(&full)
    };
    let in_tabvm = |argv: &[&str]| {
        let mut full = vec![
            tabvm.as_str(),
            "run",
            "--image",
            image_path.as_str(),
            "--env",
            "LC_ALL=C",
            "--",
        ];
        full.extend_from_slice(argv);
        cmd(&full)
    };
    let with_stdin = |mut c: Cmd, stdin: &[u8]| {
        c.stdin = stdin.to_vec();
        c
    };
    let cc1 = "/usr/lib/gcc/i686-linux-gnu/12/cc1";
    // What the gcc driver passes cc1 for the i386 multiarch headers.
    let qemu_cc1 = format!("{tree}{cc1}");
    let cc1_args = [
        "-quiet",
        "-imultiarch",
        "i386-linux-gnu",
        "-O2",
        "-",
        "-o",
        "/dev/null",
    ];
    let gcc_script = "cat > /tmp/bench.c && gcc -O2 -c /tmp/bench.c -o /tmp/bench.o && rm /tmp/bench.c /tmp/bench.o";
    let loop_script = "for i in $(seq 200); do /bin/true; done";
    let workloads = vec![
        Workload {
            name: "integer (cpu/bench/int.c)",
            native: cmd(&[&int]),
            qemu: Some(cmd(&["qemu-i386", &int])),
            tabvm: cmd(&[&run_static, &int]),
        },
        Workload {
            name: "x87 (cpu/bench/x87.c)",
            native: cmd(&[&x87]),
            qemu: Some(cmd(&["qemu-i386", &x87])),
            tabvm: cmd(&[&run_static, &x87]),
        },
        Workload {
            name: "python3 -c pass",
            native: in_tree(&["python3", "-c", "pass"]),
            qemu: Some(cmd(&[
                "qemu-i386",
                "-L",
                &tree,
                &format!("{tree}/usr/bin/python3.11"),
                "-c",
                "pass",
            ])),
            tabvm: in_tabvm(&["python3", "-c", "pass"]),
        },
        Workload {
            name: "bash: 200 x /bin/true",
            native: in_tree(&["bash", "-c", loop_script]),
            qemu: None,
            tabvm: in_tabvm(&["bash", "-c", loop_script]),
        },
        Workload {
            name: "cc1 -O2 of int.c",
            native: with_stdin(in_tree(&[&[cc1][..], &cc1_args[..]].concat()), &source),
            qemu: Some(with_stdin(
                cmd(&[&["qemu-i386", "-L", &tree, &qemu_cc1][..], &cc1_args[..]].concat()),
                &source,
            )),
            tabvm: with_stdin(in_tabvm(&[&[cc1][..], &cc1_args[..]].concat()), &source),
        },
        Workload {
            name: "gcc -O2 -c int.c (driver, cc1, as)",
            native: with_stdin(in_tree(&["bash", "-c", gcc_script]), &source),
            qemu: None,
            tabvm: with_stdin(in_tabvm(&["bash", "-c", gcc_script]), &source),
        },
    ];

    println!();
    println!(
        "{:<36} {:>10} {:>10} {:>10} {:>12} {:>12}",
        "workload", "native", "qemu-i386", "tabvm", "tabvm/native", "qemu/native"
    );
    for w in &workloads {
        step("bench", w.name);
        let native = best(&w.native)?;
        let qemu = w.qemu.as_ref().map(best).transpose()?;
        let ours = best(&w.tabvm)?;
        let secs = |d: Duration| format!("{:.3}s", d.as_secs_f64());
        let ratio =
            |d: Duration| format!("{:.1}x", d.as_secs_f64() / native.as_secs_f64().max(1e-6));
        println!(
            "{:<36} {:>10} {:>10} {:>10} {:>12} {:>12}",
            w.name,
            secs(native),
            qemu.map_or("n/a".into(), secs),
            secs(ours),
            ratio(ours),
            qemu.map_or("n/a".into(), ratio),
        );
    }

    println!();
    step("bench", "file system (native, fs/examples/fsbench)");
    let out = Run::new(target.join("release/examples/fsbench")).output()?;
    for line in out.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        if let [name, value, unit] = fields[..] {
            println!("{name:<36} {value:>10} {unit}");
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// The fastest of [`RUNS`] runs of `c`; a failing run is an error.
fn best(c: &Cmd) -> Result<Duration> {
    let mut fastest = Duration::MAX;
    for _ in 0..RUNS {
        let mut child = Command::new(&c.argv[0])
            .args(&c.argv[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", c.argv[0]))?;
        let start = Instant::now();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin is piped");
            // A program that does not read its stdin closes the pipe early.
            let _ = stdin.write_all(&c.stdin);
        }
        let out = child
            .wait_with_output()
            .map_err(|e| format!("waiting for {}: {e}", c.argv[0]))?;
        let elapsed = start.elapsed();
        if !out.status.success() {
            return Err(format!(
                "benchmark command `{}` failed ({}): {}",
                c.argv.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        fastest = fastest.min(elapsed);
        if elapsed > ONE_RUN_IS_ENOUGH {
            break;
        }
    }
    Ok(fastest)
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn tempdir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("tabvm-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    Ok(dir)
}

/// Compiles `source` with the tree's gcc (`-O2 -static`, libm) and returns
/// the binary's host path.
fn compile_static(tree: &Path, source: &Path, out_dir: &Path, name: &str) -> Result<String> {
    let work = format!("tmp/tabvm-bench-{}-{name}", std::process::id());
    let inside = tree.join(&work);
    std::fs::create_dir_all(&inside).map_err(|e| format!("creating {}: {e}", inside.display()))?;
    std::fs::copy(source, inside.join("prog.c"))
        .map_err(|e| format!("copying {}: {e}", source.display()))?;
    let result = Run::privileged("chroot")
        .arg(tree)
        .args(["gcc", "-O2", "-static", "-o"])
        .arg(format!("/{work}/prog"))
        .arg(format!("/{work}/prog.c"))
        .arg("-lm")
        .output();
    let binary = out_dir.join(name);
    let copied = result.and_then(|_| {
        std::fs::copy(inside.join("prog"), &binary)
            .map_err(|e| format!("copying the {name} binary: {e}"))
    });
    let _ = std::fs::remove_dir_all(&inside);
    copied?;
    Ok(binary.display().to_string())
}
