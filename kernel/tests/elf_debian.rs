//! The ELF load plan of real Debian i386 binaries against `readelf -lW`
//! from the host's binutils, and `#!` parsing of real scripts.

use std::path::PathBuf;
use std::process::Command;

use tabvm_kernel::elf::{self, LoadPlan, StackExec};

fn rootfs() -> PathBuf {
    let root = std::env::var_os("TABVM_ROOTFS").expect(
        "TABVM_ROOTFS is not set: point it at the Debian i386 tree (cargo xtask test sets it)",
    );
    PathBuf::from(root)
}

fn hex(s: &str) -> u32 {
    u32::from_str_radix(s.trim_start_matches("0x"), 16).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// What readelf says about a file.
#[derive(Debug, Default)]
struct Readelf {
    dyn_: bool,
    entry: u32,
    /// (offset, vaddr, filesz, memsz, flags "RWE")
    loads: Vec<(u32, u32, u32, u32, String)>,
    interp: Option<String>,
    stack: Option<String>,
}

fn readelf(path: &PathBuf) -> Readelf {
    let out = Command::new("readelf")
        .arg("-lW")
        .arg(path)
        .output()
        .expect("run readelf (binutils)");
    assert!(
        out.status.success(),
        "readelf {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut r = Readelf::default();
    for line in text.lines() {
        let line = line.trim();
        if let Some(t) = line.strip_prefix("Elf file type is ") {
            r.dyn_ = t.starts_with("DYN");
        } else if let Some(e) = line.strip_prefix("Entry point ") {
            r.entry = hex(e);
        } else if let Some(i) = line.strip_prefix("[Requesting program interpreter: ") {
            r.interp = Some(i.trim_end_matches(']').to_string());
        } else {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg... Align
            if cols.len() >= 8 && (cols[0] == "LOAD" || cols[0] == "GNU_STACK") {
                let flags: String = cols[6..cols.len() - 1].concat();
                if cols[0] == "LOAD" {
                    r.loads.push((
                        hex(cols[1]),
                        hex(cols[2]),
                        hex(cols[4]),
                        hex(cols[5]),
                        flags,
                    ));
                } else {
                    r.stack = Some(flags);
                }
            }
        }
    }
    r
}

fn check(rel: &str) {
    let path = rootfs().join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let want = readelf(&path);
    let plan = LoadPlan::parse_file(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(plan.is_dyn(), want.dyn_, "{rel}: type");
    assert_eq!(plan.entry, want.entry, "{rel}: entry");
    assert_eq!(
        plan.interp
            .as_deref()
            .map(|i| String::from_utf8(i.to_vec()).unwrap()),
        want.interp,
        "{rel}: interp"
    );
    let stack = match want.stack.as_deref() {
        None => StackExec::Default,
        Some(f) if f.contains('E') => StackExec::Executable,
        Some(_) => StackExec::NonExecutable,
    };
    assert_eq!(plan.stack, stack, "{rel}: stack");
    assert_eq!(
        plan.segments.len(),
        want.loads.len(),
        "{rel}: PT_LOAD count"
    );
    for (s, (off, vaddr, filesz, memsz, flags)) in plan.segments.iter().zip(&want.loads) {
        assert_eq!(s.map_start, vaddr & !0xfff, "{rel}");
        assert_eq!(s.file_offset, off & !0xfff, "{rel}");
        assert_eq!(s.file_len, filesz + (vaddr & 0xfff), "{rel}");
        assert_eq!(s.data_end, vaddr + filesz, "{rel}");
        assert_eq!(s.mem_end, vaddr + memsz, "{rel}");
        assert_eq!(s.map_end, (vaddr + memsz + 0xfff) & !0xfff, "{rel}");
        assert_eq!(
            (s.prot.read, s.prot.write, s.prot.exec),
            (
                flags.contains('R'),
                flags.contains('W'),
                flags.contains('E')
            ),
            "{rel}"
        );
    }
    // AT_PHDR lies inside the first segment for these files (e_phoff 52).
    if let Some(phdr) = plan.phdr {
        assert_eq!(phdr, want.loads[0].1 + 52 - want.loads[0].0, "{rel}: phdr");
    }
    // Parsing from the first page, reading more when asked (libc.so.6 keeps
    // its PT_INTERP string deep in the file), gives the same plan.
    let mut have = bytes.len().min(4096);
    let from_prefix = loop {
        match LoadPlan::parse(&bytes[..have], bytes.len() as u64) {
            Err(elf::ElfError::NeedMore { len }) => {
                assert!(len > have && len <= bytes.len(), "{rel}: asked for {len}");
                have = len;
            }
            other => break other,
        }
    };
    assert_eq!(from_prefix.as_ref(), Ok(&plan), "{rel}: from a prefix");
    if plan.is_dyn() {
        let r = plan.relocate(elf::ELF_ET_DYN_BASE, 0xc000_0000).unwrap();
        assert_eq!(r.entry, want.entry + elf::ELF_ET_DYN_BASE);
    }
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn plans_match_readelf() {
    for rel in [
        "usr/bin/python3.11",
        "usr/bin/bash",
        "lib/ld-linux.so.2",
        "usr/bin/ls",
        "usr/lib/i386-linux-gnu/libc.so.6",
        "usr/sbin/ldconfig",
    ] {
        check(rel);
    }
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn static_ldconfig_has_no_interpreter() {
    let bytes = std::fs::read(rootfs().join("usr/sbin/ldconfig")).unwrap();
    let plan = LoadPlan::parse_file(&bytes).unwrap();
    assert_eq!(plan.interp, None);
    // Truncating a real binary inside its segments is refused, not a panic.
    let cut = &bytes[..bytes.len() / 2];
    assert_eq!(
        LoadPlan::parse_file(cut).map(|_| ()).unwrap_err().errno(),
        tabvm_kernel::abi::Errno::ENOEXEC
    );
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn real_scripts_parse() {
    let bytes = std::fs::read(rootfs().join("usr/bin/ldd")).unwrap();
    let sb = elf::parse_shebang(&bytes)
        .expect("ldd is a script")
        .unwrap();
    assert_eq!(sb.interpreter, b"/bin/bash");
    assert_eq!(sb.arg, None);
    // An ELF file is not a script.
    let bash = std::fs::read(rootfs().join("usr/bin/bash")).unwrap();
    assert!(elf::parse_shebang(&bash).is_none());
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn every_binary_and_library_matches_readelf() {
    let root = rootfs();
    let mut checked = 0;
    for dir in ["usr/bin", "usr/sbin", "usr/lib/i386-linux-gnu"] {
        let mut entries: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        entries.sort();
        for name in entries {
            let rel = format!("{dir}/{name}");
            let mut magic = [0u8; 4];
            let is_elf = std::fs::File::open(root.join(&rel))
                .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
                .is_ok()
                && magic == *b"\x7fELF";
            if !is_elf {
                continue;
            }
            let bytes = std::fs::read(root.join(&rel)).unwrap();
            match u16::from_le_bytes([bytes[16], bytes[17]]) {
                // Relocatable objects (crt1.o...): execve refuses them.
                1 => {
                    let err = LoadPlan::parse_file(&bytes).unwrap_err();
                    assert_eq!(err, elf::ElfError::BadType(1), "{rel}");
                    assert_eq!(err.errno(), tabvm_kernel::abi::Errno::ENOEXEC);
                }
                _ => check(&rel),
            }
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} ELF files found");
}
