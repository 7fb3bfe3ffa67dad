//! The abi module against the Linux headers of the Debian i386 tree:
//! system-call numbers and errno values parsed from the uapi headers, and
//! struct sizes/offsets printed by a C program compiled in the tree and run
//! natively (`tests/c/abi_layout.c`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tabvm_kernel::abi::{self, signal, socket, structs, termios};

fn rootfs() -> PathBuf {
    let root = std::env::var_os("TABVM_ROOTFS").expect(
        "TABVM_ROOTFS is not set: point it at the Debian i386 tree (cargo xtask test sets it)",
    );
    PathBuf::from(root)
}

/// `#define NAME VALUE` lines of a header, VALUE as written.
fn defines(path: &Path) -> HashMap<String, String> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut out = HashMap::new();
    for line in text.lines() {
        let mut it = line.split_whitespace();
        if it.next() == Some("#define")
            && let (Some(name), Some(value)) = (it.next(), it.next())
        {
            out.insert(name.to_string(), value.to_string());
        }
    }
    out
}

fn parse_c_int(v: &str) -> Option<u64> {
    let v = v.trim_end_matches(['U', 'L', 'u', 'l']);
    if let Some(h) = v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()
    } else if v.len() > 1 && v.starts_with('0') {
        u64::from_str_radix(&v[1..], 8).ok()
    } else {
        v.parse().ok()
    }
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn syscall_numbers_match_unistd_32_h() {
    let defs = defines(&rootfs().join("usr/include/i386-linux-gnu/asm/unistd_32.h"));
    let mut checked = 0;
    for (name, value) in &defs {
        let Some(sys) = name.strip_prefix("__NR_") else {
            continue;
        };
        let nr = parse_c_int(value).unwrap_or_else(|| panic!("{name} = {value}"));
        assert_eq!(abi::syscalls::number(sys), Some(nr as u32), "{sys}");
        checked += 1;
    }
    assert!(checked > 400, "only {checked} syscalls in the header");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn errno_values_match_asm_generic() {
    let root = rootfs();
    let mut defs = defines(&root.join("usr/include/asm-generic/errno-base.h"));
    defs.extend(defines(&root.join("usr/include/asm-generic/errno.h")));
    let mut checked = 0;
    for (name, value) in &defs {
        if !name.starts_with('E') {
            continue;
        }
        // Aliases (`#define EWOULDBLOCK EAGAIN`) resolve through the table.
        let v = parse_c_int(value).or_else(|| defs.get(value).and_then(|v| parse_c_int(v)));
        let v = v.unwrap_or_else(|| panic!("{name} = {value}"));
        let ours = abi::errno::TABLE
            .iter()
            .find(|e| e.1 == name)
            .map(|e| u64::from(e.0));
        match ours {
            Some(o) => assert_eq!(o, v, "{name}"),
            None => assert!(
                ["EWOULDBLOCK", "EDEADLOCK"].contains(&name.as_str()),
                "{name} missing from abi::errno::TABLE"
            ),
        }
        checked += 1;
    }
    assert!(checked > 120);
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn tty_constants_match_headers() {
    let root = rootfs();
    let mut defs = defines(&root.join("usr/include/asm-generic/ioctls.h"));
    defs.extend(defines(&root.join("usr/include/asm-generic/termbits.h")));
    defs.extend(defines(
        &root.join("usr/include/asm-generic/termbits-common.h"),
    ));
    let num =
        |n: &str| parse_c_int(defs.get(n).unwrap_or_else(|| panic!("{n} not in headers"))).unwrap();
    use termios::{cc, cflag, iflag, ioctl, lflag, oflag};
    let ours: &[(&str, u64)] = &[
        ("TCGETS", ioctl::TCGETS.into()),
        ("TCSETS", ioctl::TCSETS.into()),
        ("TCSETSW", ioctl::TCSETSW.into()),
        ("TCSETSF", ioctl::TCSETSF.into()),
        ("TIOCGWINSZ", ioctl::TIOCGWINSZ.into()),
        ("TIOCSWINSZ", ioctl::TIOCSWINSZ.into()),
        ("TIOCGPGRP", ioctl::TIOCGPGRP.into()),
        ("TIOCSPGRP", ioctl::TIOCSPGRP.into()),
        ("TIOCSCTTY", ioctl::TIOCSCTTY.into()),
        ("TIOCNOTTY", ioctl::TIOCNOTTY.into()),
        ("FIONREAD", ioctl::FIONREAD.into()),
        ("FIONBIO", ioctl::FIONBIO.into()),
        ("TIOCGSID", ioctl::TIOCGSID.into()),
        ("FIOCLEX", ioctl::FIOCLEX.into()),
        ("FIONCLEX", ioctl::FIONCLEX.into()),
        ("TCFLSH", ioctl::TCFLSH.into()),
        ("TCXONC", ioctl::TCXONC.into()),
        ("TIOCSTI", ioctl::TIOCSTI.into()),
        ("TIOCVHANGUP", ioctl::TIOCVHANGUP.into()),
        ("VINTR", cc::VINTR as u64),
        ("VEOF", cc::VEOF as u64),
        ("VMIN", cc::VMIN as u64),
        ("VTIME", cc::VTIME as u64),
        ("VEOL", cc::VEOL as u64),
        ("VWERASE", cc::VWERASE as u64),
        ("VLNEXT", cc::VLNEXT as u64),
        ("VEOL2", cc::VEOL2 as u64),
        ("VREPRINT", cc::VREPRINT as u64),
        ("IGNBRK", iflag::IGNBRK.into()),
        ("ICRNL", iflag::ICRNL.into()),
        ("IXON", iflag::IXON.into()),
        ("IXOFF", iflag::IXOFF.into()),
        ("IUTF8", iflag::IUTF8.into()),
        ("IMAXBEL", iflag::IMAXBEL.into()),
        ("INLCR", iflag::INLCR.into()),
        ("IGNCR", iflag::IGNCR.into()),
        ("ISTRIP", iflag::ISTRIP.into()),
        ("OPOST", oflag::OPOST.into()),
        ("ONLCR", oflag::ONLCR.into()),
        ("OCRNL", oflag::OCRNL.into()),
        ("ONOCR", oflag::ONOCR.into()),
        ("ONLRET", oflag::ONLRET.into()),
        ("XTABS", oflag::XTABS.into()),
        ("TABDLY", oflag::TABDLY.into()),
        ("CBAUD", cflag::CBAUD.into()),
        ("B38400", cflag::B38400.into()),
        ("CS8", cflag::CS8.into()),
        ("CREAD", cflag::CREAD.into()),
        ("HUPCL", cflag::HUPCL.into()),
        ("B115200", cflag::B115200.into()),
        ("ISIG", lflag::ISIG.into()),
        ("ICANON", lflag::ICANON.into()),
        ("ECHO", lflag::ECHO.into()),
        ("ECHOE", lflag::ECHOE.into()),
        ("ECHOK", lflag::ECHOK.into()),
        ("ECHONL", lflag::ECHONL.into()),
        ("NOFLSH", lflag::NOFLSH.into()),
        ("TOSTOP", lflag::TOSTOP.into()),
        ("ECHOCTL", lflag::ECHOCTL.into()),
        ("ECHOPRT", lflag::ECHOPRT.into()),
        ("ECHOKE", lflag::ECHOKE.into()),
        ("IEXTEN", lflag::IEXTEN.into()),
        ("NCCS", cc::NCCS as u64),
    ];
    for &(name, v) in ours {
        assert_eq!(num(name), v, "{name}");
    }
}

/// Our (SIZE, OFFSETS) for a struct named as in abi_layout.c.
/// `(name, offset, width)` rows, as `abi_struct!` generates them.
type Offsets = &'static [(&'static str, usize, usize)];

fn ours(wanted: &str) -> Option<(usize, Offsets)> {
    macro_rules! table {
        ($($t:path),*) => {
            match wanted {
                $( n if n == stringify!($t).rsplit("::").next().unwrap() => Some((<$t>::SIZE, <$t>::OFFSETS)), )*
                _ => None,
            }
        };
    }
    use signal::*;
    use socket::*;
    use structs::*;
    use termios::*;
    table!(
        Stat64,
        OldStat,
        Statx,
        Statfs64,
        Statfs,
        Timespec64,
        Timespec32,
        Timeval32,
        Itimerspec64,
        Tms,
        Rusage,
        Utsname,
        Sysinfo,
        Iovec,
        PollFd,
        EpollEvent,
        Rlimit64,
        KTermios,
        KTermios2,
        KTermio,
        WinSize,
        UserDesc,
        SigContext,
        FpState,
        StackT,
        UContext,
        RobustListHead,
        CloneArgs,
        SockAddrIn,
        SockAddrIn6,
        SockAddrUn
    )
}

/// Where `SigInfo::emit` puts `field`: emit a siginfo whose `field` holds a
/// marker and find it (siginfo_t is a union, so it has no `OFFSETS`).
fn siginfo_offset(field: &str) -> usize {
    use signal::{SigFields, SigInfo};
    const M: u32 = 0x5a5a_5a5a;
    let info = match field {
        "signo" => SigInfo::new(M, 0, SigFields::Raw([0; 5])),
        "errno" => SigInfo {
            errno: M as i32,
            ..SigInfo::new(0, 0, SigFields::Raw([0; 5]))
        },
        "code" => SigInfo::new(0, M as i32, SigFields::Raw([0; 5])),
        "pid" => SigInfo::new(0, 0, SigFields::Kill { pid: M, uid: 0 }),
        "uid" => SigInfo::new(0, 0, SigFields::Kill { pid: 0, uid: M }),
        "status" => SigInfo::new(
            0,
            0,
            SigFields::Chld {
                pid: 0,
                uid: 0,
                status: M as i32,
                utime: 0,
                stime: 0,
            },
        ),
        "utime" => SigInfo::new(
            0,
            0,
            SigFields::Chld {
                pid: 0,
                uid: 0,
                status: 0,
                utime: M,
                stime: 0,
            },
        ),
        "stime" => SigInfo::new(
            0,
            0,
            SigFields::Chld {
                pid: 0,
                uid: 0,
                status: 0,
                utime: 0,
                stime: M,
            },
        ),
        "addr" => SigInfo::new(0, 0, SigFields::Fault { addr: M }),
        "value" => SigInfo::new(
            0,
            0,
            SigFields::Rt {
                pid: 0,
                uid: 0,
                value: M,
            },
        ),
        "tid" => SigInfo::new(
            0,
            0,
            SigFields::Timer {
                tid: M,
                overrun: 0,
                value: 0,
            },
        ),
        "overrun" => SigInfo::new(
            0,
            0,
            SigFields::Timer {
                tid: 0,
                overrun: M,
                value: 0,
            },
        ),
        "band" => SigInfo::new(0, 0, SigFields::Poll { band: M, fd: 0 }),
        "fd" => SigInfo::new(
            0,
            0,
            SigFields::Poll {
                band: 0,
                fd: M as i32,
            },
        ),
        _ => panic!("siginfo field {field}"),
    };
    let bytes = info.to_bytes();
    bytes
        .windows(4)
        .position(|w| w == M.to_le_bytes())
        .unwrap_or_else(|| panic!("{field} not emitted"))
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn struct_layouts_match_native_i386() {
    let root = rootfs();
    let dir_in_tree = format!("/tmp/tabvm-abi-{}", std::process::id());
    let host_dir = root.join(dir_in_tree.trim_start_matches('/'));
    std::fs::create_dir_all(&host_dir).unwrap();
    let c = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c");
    for f in ["abi_layout.c", "abi_layout_libc.c"] {
        std::fs::copy(c.join(f), host_dir.join(f)).unwrap();
    }
    let cc = Command::new("chroot")
        .arg(&root)
        .args(["gcc", "-static", "-O1", "-o"])
        .arg(format!("{dir_in_tree}/prog"))
        .arg(format!("{dir_in_tree}/abi_layout.c"))
        .arg(format!("{dir_in_tree}/abi_layout_libc.c"))
        .output()
        .expect("run chroot gcc");
    let run = cc.status.success().then(|| {
        Command::new(host_dir.join("prog"))
            .output()
            .expect("run prog")
    });
    let _ = std::fs::remove_dir_all(&host_dir);
    assert!(
        cc.status.success(),
        "gcc failed: {}",
        String::from_utf8_lossy(&cc.stderr)
    );
    let out = String::from_utf8(run.unwrap().stdout).unwrap();
    let mut lines = 0;
    for line in out.lines() {
        let (key, value) = line.rsplit_once(' ').unwrap();
        let value: usize = value.parse().unwrap();
        if let Some((name, "SIZE")) = key.split_once(' ') {
            if name == "FPSTATE_SIZE" {
                assert_eq!(signal::FPSTATE_SIZE, value);
            } else if name == "SigInfo" {
                assert_eq!(signal::SigInfo::SIZE, value);
            } else {
                let (size, _) = ours(name).unwrap_or_else(|| panic!("no abi struct {name}"));
                assert_eq!(size, value, "sizeof {name}");
            }
        } else {
            let (name, field) = key.split_once('.').unwrap();
            if name == "SigInfo" {
                assert_eq!(siginfo_offset(field), value, "siginfo_t {field}");
                lines += 1;
                continue;
            }
            let (_, offsets) = ours(name).unwrap();
            let off = offsets
                .iter()
                .find(|f| f.0 == field)
                .unwrap_or_else(|| panic!("{name}.{field}"))
                .1;
            assert_eq!(off, value, "offsetof {name}.{field}");
        }
        lines += 1;
    }
    assert!(lines > 100, "{out}");
}
