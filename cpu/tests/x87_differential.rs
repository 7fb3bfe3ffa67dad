//! x87 differential tests against real hardware: every `exercisers/x87_*.c`
//! program is compiled static inside the Debian i386 tree, run natively on
//! the host and under the interpreter (the integer engineer's static-ELF
//! runner in `support/`), and the outputs must be identical byte for byte.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn rootfs() -> PathBuf {
    PathBuf::from(std::env::var_os("TABVM_ROOTFS").expect(
        "TABVM_ROOTFS is not set: point it at the debootstrapped Debian i386 tree (cargo xtask test sets it)",
    ))
}

/// Compiles `exercisers/<name>.c` with the shared header inside the tree
/// (linked with libm).
fn compile(name: &str) -> Vec<u8> {
    let root = rootfs();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercisers");
    let unique = format!("tmp/tabvm-x87-{}-{name}", std::process::id());
    let work = root.join(&unique);
    std::fs::create_dir_all(&work).expect("create a work dir inside the tree");
    for file in ["x87_common.h".to_owned(), format!("{name}.c")] {
        std::fs::copy(src.join(&file), work.join(&file)).expect("copy source into the tree");
    }
    let out = Command::new("chroot")
        .arg(&root)
        .args(["gcc", "-static", "-O1", "-o"])
        .arg(format!("/{unique}/{name}"))
        .arg(format!("/{unique}/{name}.c"))
        .arg("-lm")
        .output()
        .expect("run chroot gcc (needs root and the tree)");
    let bin = std::fs::read(work.join(name));
    let _ = std::fs::remove_dir_all(&work);
    assert!(
        out.status.success(),
        "gcc failed for {name}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    bin.expect("compiled binary")
}

fn run_native(bin: &[u8], name: &str) -> Vec<u8> {
    let path = std::env::temp_dir().join(format!("tabvm-x87-native-{}-{name}", std::process::id()));
    std::fs::write(&path, bin).expect("write binary");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let out = Command::new(&path)
        .output()
        .expect("run the exerciser natively");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{name} failed natively: {:?}",
        out.status
    );
    out.stdout
}

fn run_emulated(bin: &[u8], name: &str) -> Vec<u8> {
    let mut m = support::static_runner::Machine::load(bin, &[name], &["LANG=C"])
        .expect("load the exerciser");
    let code = m.run();
    assert_eq!(code, 0, "{name} exited with {code} under the interpreter");
    m.stdout
}

fn differential(name: &str) {
    let bin = compile(name);
    let native = run_native(&bin, name);
    let emulated = run_emulated(&bin, name);
    assert!(
        native.len() > 1000,
        "{name}: suspiciously short native output"
    );
    if native == emulated {
        return;
    }
    let (n, e) = (
        String::from_utf8_lossy(&native),
        String::from_utf8_lossy(&emulated),
    );
    let mut report = String::new();
    let mut shown = 0;
    for (k, (a, b)) in n.lines().zip(e.lines()).enumerate() {
        if a != b && shown < 20 {
            let _ = writeln!(report, "line {}:\n  native: {a}\n  tabvm:  {b}", k + 1);
            shown += 1;
        }
    }
    panic!(
        "{name}: output differs ({} native lines, {} under tabvm)\n{report}",
        n.lines().count(),
        e.lines().count()
    );
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_x87_arith() {
    differential("x87_arith");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_x87_conv() {
    differential("x87_conv");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_x87_cmp() {
    differential("x87_cmp");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_x87_trans() {
    differential("x87_trans");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_x87_libm() {
    differential("x87_libm");
}

/// Every x87 exerciser in the folder has a test above.
#[test]
fn every_x87_exerciser_is_listed() {
    let listed = ["x87_arith", "x87_conv", "x87_cmp", "x87_trans", "x87_libm"];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercisers");
    for e in std::fs::read_dir(dir).expect("read exercisers/") {
        let p = e.expect("entry").path();
        let stem = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        if p.extension().is_some_and(|x| x == "c") && stem.starts_with("x87_") {
            assert!(
                listed.contains(&stem.as_str()),
                "exerciser {stem} has no test"
            );
        }
    }
}
