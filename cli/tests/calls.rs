//! Calls real programs reach for beyond the core: rt_sigtimedwait,
//! preadv/pwritev, inotify, memfd_create and the small process-attribute
//! calls, each a C program (or a shell command) run natively and under
//! `tabvm run` with the outputs compared byte for byte.
//!
//! They need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`), which
//! `cargo xtask test` provides.

mod common;

use common::{Program, text};
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
