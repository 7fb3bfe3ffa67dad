//! Calls real programs reach for beyond the core: rt_sigtimedwait,
//! preadv/pwritev, inotify, memfd_create and the small process-attribute
//! calls, each a C program (or a shell command) run natively and under
//! `tabvm run` with the outputs compared byte for byte.
//!
//! They need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`), which
//! `cargo xtask test` provides.

mod common;

use common::{Program, guest, text};
use std::process::Output;

/// tabvm's stderr names no missing system call.
fn no_missing_syscall(out: &Output) {
    let err = text(&out.stderr);
    assert!(!err.contains("is not implemented"), "{err}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_sigtimedwait() {
    let out = Program::compile("c/sigtimedwait.c", &[]).guest(&[]).same();
    no_missing_syscall(&out);
    let stdout = text(&out.stdout);
    for line in [
        "pending USR1: 10 code 0 same-uid 1\n",
        "zero timeout: -1 Resource temporarily unavailable\n",
        "sigwait from child: 0 sig 10\n",
        "alarm meanwhile: -1 Interrupted system call\n",
        "sigsetsize 4: -1 Invalid argument\n",
    ] {
        assert!(stdout.contains(line), "{line:?} missing from {stdout}");
    }
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_preadv_pwritev() {
    let program = Program::compile("c/preadv.c", &[]);
    for path in ["/tmp/preadv-test", "/root/preadv-test"] {
        let out = program.guest(&[path]).same();
        no_missing_syscall(&out);
        let stdout = text(&out.stdout);
        for line in [
            "pwritev at 10: 11\n",
            "x=00006865 y=llo world\n",
            "preadv2 at -1: 3\n",
            "preadv pipe: -1 Illegal seek\n",
            "y=hello\n",
        ] {
            assert!(stdout.contains(line), "{line:?} missing from {stdout}");
        }
    }
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_inotify() {
    let program = Program::compile("c/inotify.c", &[]);
    // tmpfs and the disk alike.
    for dir in ["/tmp/inotify-test", "/root/inotify-test"] {
        let out = program.guest(&[dir]).same();
        no_missing_syscall(&out);
        let stdout = text(&out.stdout);
        for line in [
            "dir CREATE len 16 name f\n",
            "file MODIFY\n",
            "dir MOVED_FROM cookie new len 16 name f\n",
            "dir MOVED_TO cookie same len 16 name g\n",
            "file DELETE_SELF\n",
            "dir IGNORED\n",
        ] {
            assert!(stdout.contains(line), "{line:?} missing from {stdout}");
        }
    }
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn tail_follows_with_inotify() {
    // tail's stderr goes to stdout: Linux's says nothing about inotify.
    for dir in ["/tmp", "/root"] {
        let script = format!(
            "f={dir}/tail-test; echo one > $f; \
             (sleep 0.4; echo two >> $f; sleep 0.4; echo three >> $f) & \
             timeout 2 tail -f $f 2>&1; echo status $?; wait; rm -f $f"
        );
        let out = guest(&["bash", "-c", &script]).same();
        assert_eq!(text(&out.stdout), "one\ntwo\nthree\nstatus 124\n");
        let err = text(&out.stderr);
        assert!(
            !err.contains("inotify") && !err.contains("is not implemented"),
            "{err}"
        );
    }
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_memfd_and_small_calls() {
    let out = Program::compile("c/smallcalls.c", &[]).guest(&[]).same();
    no_missing_syscall(&out);
    let stdout = text(&out.stdout);
    for line in [
        "memfd: 1 cloexec 1\n",
        "mode 100777 size 10 nlink 0\n",
        "read back: data\n",
        "mapped: 1 first memfd\n",
        "mlock unmapped: -1 Cannot allocate memory\n",
        "personality query: 0\n",
        "root: chown 1 kill 1 checkpoint_restore 1 inheritable 0\n",
    ] {
        assert!(stdout.contains(line), "{line:?} missing from {stdout}");
    }
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn memfd_shows_in_proc_fd() {
    // The chroot has no /proc: tabvm alone, against Linux's known form.
    let script =
        "import os\nfd = os.memfd_create('hello')\nprint(os.readlink(f'/proc/self/fd/{fd}'))\n";
    assert_eq!(
        guest(&["python3", "-c", script]).tabvm_ok(),
        "/memfd:hello (deleted)\n"
    );
}
