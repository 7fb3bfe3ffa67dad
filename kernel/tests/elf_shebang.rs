//! `#!` parsing against Linux: scripts with awkward first lines are run
//! natively with a real interpreter (`tests/c/printargs.c`, which prints
//! its argv) and what the interpreter receives, or the error `execve`
//! gives, is compared with `tabvm_kernel::elf::parse_shebang`.

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use tabvm_kernel::elf::parse_shebang;

fn escape(bytes: &[u8]) -> String {
    let mut s = String::new();
    for &b in bytes {
        if (0x20..0x7f).contains(&b) && b != b'\\' {
            s.push(b as char);
        } else {
            write!(s, "\\x{b:02x}").unwrap();
        }
    }
    s
}

/// First lines to try; `@` stands for the interpreter's absolute path.
fn cases() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = [
        &b"#!@\n"[..],
        b"#!@ \n",
        b"#! \t @ \t \n",
        b"#!@ -x\n",
        b"#!@ -x -y  z \t\n",
        b"#!@\t-x\n",
        b"#!@ \t \n",
        b"#!@\r\n",
        b"#!@ a\rb\n",
        b"#!@",
        b"#!@ arg",
        b"#!@ \0 -x\n",
        b"#!@ -x\0-y\n",
        b"#!\n",
        b"#!   \n",
        b"#!",
    ]
    .iter()
    .map(|l| l.to_vec())
    .collect();
    // Lines longer than the 256-byte buffer.
    let mut long_arg = b"#!@ ".to_vec();
    long_arg.extend(std::iter::repeat_n(b'x', 300));
    long_arg.push(b'\n');
    v.push(long_arg);
    let mut long_spaces = b"#!@".to_vec();
    long_spaces.extend(std::iter::repeat_n(b' ', 300));
    long_spaces.extend(b"-x\n");
    v.push(long_spaces);
    v
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn shebang_lines_match_linux() {
    let root = PathBuf::from(std::env::var_os("TABVM_ROOTFS").expect(
        "TABVM_ROOTFS is not set: point it at the Debian i386 tree (cargo xtask test sets it)",
    ));
    let dir = format!("/tmp/tabvm-sb-{}", std::process::id());
    let host_dir = root.join(dir.trim_start_matches('/'));
    std::fs::create_dir_all(&host_dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c/printargs.c");
    std::fs::copy(src, host_dir.join("printargs.c")).unwrap();
    let cc = Command::new("chroot")
        .arg(&root)
        .args(["gcc", "-static", "-O1", "-o"])
        .arg(format!("{dir}/printargs"))
        .arg(format!("{dir}/printargs.c"))
        .output()
        .expect("run chroot gcc");
    assert!(
        cc.status.success(),
        "gcc failed: {}",
        String::from_utf8_lossy(&cc.stderr)
    );
    // The script runs on the host kernel, so the interpreter path is the host's.
    let interp = host_dir.join("printargs");
    let interp = interp.to_str().unwrap().as_bytes().to_vec();
    let mut failures = Vec::new();
    for (i, case) in cases().into_iter().enumerate() {
        let mut line = Vec::new();
        for &b in &case {
            if b == b'@' {
                line.extend_from_slice(&interp);
            } else {
                line.push(b);
            }
        }
        let script = host_dir.join(format!("script{i}"));
        let mut body = line.clone();
        body.extend_from_slice(b"\necho not reached\n");
        std::fs::write(&script, &body).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let linux = match Command::new(&script).arg("extra").output() {
            Ok(out) => String::from_utf8(out.stdout).unwrap(),
            Err(e) => format!("errno {}\n", e.raw_os_error().unwrap_or(-1)),
        };
        let ours = match parse_shebang(&body) {
            None => "not a script\n".to_string(),
            Some(Err(errno)) => format!("errno {}\n", errno.0),
            // The kernel then opens the interpreter: a name that does not
            // exist ("printargs\r" from a CRLF line) is ENOENT.
            Some(Ok(sb)) if !Path::new(std::str::from_utf8(&sb.interpreter).unwrap()).exists() => {
                "errno 2\n".to_string()
            }
            Some(Ok(sb)) => {
                let mut argv = vec![sb.interpreter];
                argv.extend(sb.arg);
                argv.push(script.to_str().unwrap().as_bytes().to_vec());
                argv.push(b"extra".to_vec());
                let mut text = String::new();
                for (i, a) in argv.iter().enumerate() {
                    writeln!(text, "argv[{i}]={}", escape(a)).unwrap();
                }
                text
            }
        };
        if ours != linux {
            failures.push(format!(
                "case {i} {:?}:\n  linux: {linux:?}\n  tabvm: {ours:?}",
                escape(&line)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&host_dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
