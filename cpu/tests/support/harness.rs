//! The differential harness: compile an exerciser inside the Debian i386
//! tree, run it natively (the host executes i386 binaries) and under the
//! interpreter, and compare the outputs byte for byte.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn rootfs() -> PathBuf {
    PathBuf::from(std::env::var_os("TABVM_ROOTFS").expect(
        "TABVM_ROOTFS is not set: point it at the debootstrapped Debian i386 tree (cargo xtask test sets it)",
    ))
}

/// Compiles `exercisers/<name>.c` (plus the shared headers) inside the tree
/// and returns the static binary's bytes.
#[must_use]
pub fn compile(name: &str) -> Vec<u8> {
    let root = rootfs();
    let src_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercisers");
    let unique = format!("tmp/tabvm-cpu-{}-{name}", std::process::id());
    let work = root.join(&unique);
    std::fs::create_dir_all(&work).expect("create a work dir inside the tree");
    for entry in std::fs::read_dir(&src_dir).expect("read exercisers/") {
        let p = entry.expect("dir entry").path();
        if p.extension().is_some_and(|e| e == "h") || p.file_stem().is_some_and(|s| s == name) {
            std::fs::copy(&p, work.join(p.file_name().expect("file name")))
                .expect("copy source into the tree");
        }
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

pub fn run_native(bin: &[u8], name: &str) -> Vec<u8> {
    let path = std::env::temp_dir().join(format!("tabvm-cpu-native-{}-{name}", std::process::id()));
    std::fs::write(&path, bin).expect("write binary");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    // Another test thread forking while the binary was being written holds
    // a copy of the writable descriptor until its child execs: ETXTBSY
    // (errno 26) for a moment, so try again.
    let mut tries = 0;
    let out = loop {
        match Command::new(&path).output() {
            Err(e) if e.raw_os_error() == Some(26) && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            result => break result.expect("run the exerciser natively"),
        }
    };
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{name} failed natively: {:?}",
        out.status
    );
    out.stdout
}

pub fn run_emulated(bin: &[u8], name: &str) -> Vec<u8> {
    let mut m =
        super::static_runner::Machine::load(bin, &[name], &["LANG=C"]).expect("load the exerciser");
    let code = m.run();
    assert_eq!(code, 0, "{name} exited with {code} under the interpreter");
    m.stdout
}

/// Asserts equality, showing the first differing lines.
pub fn assert_same(name: &str, native: &[u8], emulated: &[u8]) {
    if native == emulated {
        return;
    }
    let n = String::from_utf8_lossy(native);
    let e = String::from_utf8_lossy(emulated);
    let mut shown = 0;
    let mut report = String::new();
    for (k, (a, b)) in n.lines().zip(e.lines()).enumerate() {
        if a != b && shown < 20 {
            let _ = writeln!(report, "line {}:\n  native: {a}\n  tabvm:  {b}", k + 1);
            shown += 1;
        }
    }
    let (ln, le) = (n.lines().count(), e.lines().count());
    panic!("{name}: output differs ({ln} native lines, {le} under tabvm)\n{report}");
}

/// Compiles, runs both ways and compares `exercisers/<name>.c`; a native
/// output shorter than `min_len` bytes means the exerciser is broken.
pub fn differential(name: &str, min_len: usize) {
    let bin = compile(name);
    let native = run_native(&bin, name);
    let emulated = run_emulated(&bin, name);
    assert!(
        native.len() > min_len,
        "{name}: suspiciously short native output"
    );
    assert_same(name, &native, &emulated);
}

/// Asserts that every `exercisers/<prefix>*.c` program is in `listed`.
pub fn assert_all_listed(prefix: &str, listed: &[&str]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercisers");
    for e in std::fs::read_dir(dir).expect("read exercisers/") {
        let p = e.expect("entry").path();
        let stem = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        if p.extension().is_some_and(|x| x == "c") && stem.starts_with(prefix) {
            assert!(
                listed.contains(&stem.as_str()),
                "exerciser {stem} has no test"
            );
        }
    }
}
