//! Calls real programs reach for beyond the core: rt_sigtimedwait,
//! preadv/pwritev, splice/tee/vmsplice, inotify, memfd_create and the small process-attribute
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
        "unblocked USR1: 10 code 0 same-uid 1\nhandler ran: 0\nUSR1 blocked after: 0\n",
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
fn c_splice_tee_and_vmsplice() {
    let program = Program::compile("c/splice.c", &[]);
    for dir in ["/tmp", "/root"] {
        let out = program.guest(&[dir]).same();
        no_missing_syscall(&out);
        let stdout = text(&out.stdout);
        for line in [
            "  file                           ABC3456789DEFdefghij (offset 13)\n",
            "tee                              6 \n  read q                         copied\n  read p                         copied\n",
            "  got                            vm|splice\n",
            "pipe to socket                   11 \n  socket read                    socket data\n",
            "pipe to pipe, waits              4 \n",
            "empty pipe without writers       -1 EAGAIN\n",
        ] {
            assert!(stdout.contains(line), "{line:?} missing from {stdout}");
        }
    }
}

/// The 16-bit id calls an old C library makes (`c/uid16.c`): ids cross as
/// 16 bits, -1 as 0xffff, and ids past 65535 read back as 65534.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_sixteen_bit_id_calls() {
    let out = Program::compile("c/uid16.c", &[]).guest(&[]).same();
    no_missing_syscall(&out);
    let stdout = text(&out.stdout);
    for line in [
        "setgroups with -1              -1 EINVAL\n",
        "getgroups32                    4: 7 8 9 65534\n",
        "chown through the link         0 \n  file                         3:4\n",
        "getuid                         65534 \n",
    ] {
        assert!(stdout.contains(line), "{line:?} missing from {stdout}");
    }
}

/// Process descriptors (`c/pidfd.c`): pidfd_open, a descriptor readable
/// once its process exits, pidfd_send_signal with a queued value, and
/// signals to a zombie (which `kill` accepts too).
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_process_descriptors() {
    let out = Program::compile("c/pidfd.c", &["-pthread"])
        .guest(&[])
        .same();
    no_missing_syscall(&out);
    let stdout = text(&out.stdout);
    for line in [
        "  handler                          value 7, queued 1\n",
        "poll while it runs                 0 \nSIGTERM through it                 0 \npoll until it exits                1 \n",
        "  kill the zombie                  0 \n",
        "signal after the reap              -1 ESRCH\n",
    ] {
        assert!(stdout.contains(line), "{line:?} missing from {stdout}");
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
            "-- opened before the watch\ndir MODIFY len 16 name pre\ndir ACCESS len 16 name pre\ndir CLOSE_WRITE len 16 name pre\ndir DELETE len 16 name pre\n",
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
    let program = Program::compile("c/smallcalls.c", &[]);
    let out = program.guest(&[]).same();
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
    // An unprivileged user holds no capabilities.
    let out = program.guest(&[]).user("user").same();
    assert!(
        text(&out.stdout).contains("root: chown 0 kill 0 checkpoint_restore 0 inheritable 0\n"),
        "{}",
        text(&out.stdout)
    );
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

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_watches_a_directory_others_change() {
    // A watchdog-style reader: other processes create, write, rename,
    // read, touch, delete; the reader prints every event in order.
    let script = r#"
import ctypes, os, select, struct, subprocess, sys
libc = ctypes.CDLL(None, use_errno=True)
names = ["ACCESS", "MODIFY", "ATTRIB", "CLOSE_WRITE", "CLOSE_NOWRITE", "OPEN",
         "MOVED_FROM", "MOVED_TO", "CREATE", "DELETE", "DELETE_SELF", "MOVE_SELF"]
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
wd = libc.inotify_add_watch(fd, d.encode(), 0xfff)
subprocess.run(["bash", "-c", f"cd {d}; echo hi > a; mv a b; cat b > /dev/null; touch b; rm b; mkdir s; rmdir s; echo x > c; sleep 0.1; rm c"])
cookies = {}
while select.select([fd], [], [], 0.5)[0]:
    buf = os.read(fd, 65536)
    i = 0
    while i < len(buf):
        w, mask, cookie, n = struct.unpack_from("iIII", buf, i)
        name = buf[i + 16:i + 16 + n].rstrip(b"\0").decode()
        i += 16 + n
        what = [names[b] for b in range(12) if mask & (1 << b)]
        if mask & 0x8000: what.append("IGNORED")
        if mask & 0x40000000: what.append("ISDIR")
        c = cookies.setdefault(cookie, len(cookies)) if cookie else ""
        print(w == wd, " ".join(what), name, c)
os.rmdir(d)
"#;
    for dir in ["/tmp/pywatch", "/root/pywatch"] {
        let out = guest(&["python3", "-c", script, dir]).same();
        no_missing_syscall(&out);
        let stdout = text(&out.stdout);
        assert!(stdout.contains("True CLOSE_WRITE a"), "{stdout}");
        assert!(stdout.contains("True MOVED_TO b 0"), "{stdout}");
    }
}

/// The machine name an x86-64 kernel gives a 32-bit process, and the
/// personality calls `linux32`/`setarch` make (the old value back, the
/// new one kept across exec and fork).
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn uname_machine_follows_the_personality() {
    let script = r"uname -m; arch; linux32 uname -m; setarch i686 -R uname -m
linux32 bash -c 'uname -m; (uname -m)'
python3 -c '
import ctypes, platform
libc = ctypes.CDLL(None)
print(platform.machine(), hex(libc.personality(0xffffffff)))
print(hex(libc.personality(8)), hex(libc.personality(0xffffffff)), platform.uname().machine)
'";
    let out = guest(&["bash", "-c", script]).same();
    assert!(text(&out.stdout).starts_with("x86_64\nx86_64\ni686\n"));
}

/// A user may not signal another user's processes (`check_kill_permission`):
/// `kill` gets EPERM for a root process; its own are fine.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_user_cannot_signal_roots_processes() {
    // sudo's own process keeps the user's real uid (the user may signal
    // it); the command it runs is root through and through.
    let script = r"sudo -n sh -c 'echo $$ > /tmp/root.pid; exec sleep 20' &
for i in $(seq 100); do [ -s /tmp/root.pid ] && break; sleep 0.1; done
p=$(cat /tmp/root.pid)
kill -0 $p; echo kill-0 $?
kill -TERM $p; echo kill-TERM $?
kill -0 $$; echo own $?
python3 -c 'import os, sys
try:
    os.kill(int(sys.argv[1]), 0)
except OSError as e:
    print(e.errno)' $p
sudo -n kill $p; wait; echo done";
    let out = guest(&["bash", "-c", script]).user("user").same();
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("kill-0 1\nkill-TERM 1\nown 0\n1\n"),
        "{stdout}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn signal_driven_io_signals_the_owner_with_the_chosen_signal() {
    let out = text(&Program::compile("c/sigio.c", &[]).guest(&[]).same().stdout);
    assert!(
        out.contains("pipe written           RTMIN code 1 band 0x41 fd ok\n"),
        "{out}"
    );
    assert!(out.contains("handler ran 1\n"), "{out}");
    assert!(
        out.contains("fioasync file          -1 Inappropriate ioctl"),
        "{out}"
    );
}
