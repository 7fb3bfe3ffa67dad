//! Advisory record locks (fcntl(2) "Advisory record locking" and "Open file
//! description locks") between processes: a C program run natively and
//! under `tabvm run` with the outputs compared byte for byte, on the tmpfs
//! (/tmp) and on the disk (/var/tmp); python's `fcntl.lockf` and
//! `fcntl.fcntl`, and sqlite3 locking a database between two processes.
//! Also the futex-backed locks of threads: robust and priority-inheritance
//! mutexes, and timed waits on either clock.
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

fn expect(out: &Output, lines: &[&str]) {
    let stdout = text(&out.stdout);
    for line in lines {
        assert!(stdout.contains(line), "{line:?} missing from {stdout}");
    }
}

/// Both runs use one compiled program: two tests compiling the same
/// source at once would share its scratch directory in the tree.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn record_locks_between_processes_on_tmpfs_and_the_disk() {
    let program = Program::compile("locks/record.c", &[]);
    for dir in ["/tmp", "/var/tmp"] {
        let out = program.guest(&[dir]).same();
        no_missing_syscall(&out);
        expect(
            &out,
            &[
                "write inside             rrrrrrrrrrwwwwwwwwwwrrrrrrrrrrrrrrrrrrrr........\n",
                "  child SETLKW: ok\n",
                "  exactly one got EDEADLK: 1; the other got its lock: 1\n",
                "  refused 1, granted 2\n",
                "after closing one        ................................................\n",
                "  after exec: fd1 open 1, cloexec fd2 open 0\n",
                "  OFD SETLKW on the child's cloexec file: ok\n",
                "  child OFD SETLKW: ok\n",
                "  child SETLKW without SA_RESTART: EINTR, handler ran 1\n",
                "  child SETLKW with SA_RESTART: ok, handler ran 2\n",
                "a thread closed a dup    ................................................\n",
                "  child fcntl GETLK of a lock past 2G: EOVERFLOW\n",
                "  parent U: ok\n  child OFD W 0+0: ok\n  child flock SH nb: EAGAIN\n",
                "done\n",
            ],
        );
    }
}

/// Robust mutexes whose owner thread or process dies (or execs),
/// priority-inheritance mutexes under contention and with a timeout, timed
/// waits on CLOCK_REALTIME and CLOCK_MONOTONIC, and the futex operations
/// behind them called directly (`locks/futex.c`).
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn robust_and_priority_inheritance_mutexes_and_timed_waits() {
    let out = Program::compile("locks/futex.c", &["-pthread"])
        .guest(&[])
        .same();
    no_missing_syscall(&out);
    expect(
        &out,
        &[
            "robust, waited for: lock after the owner ended: Owner died\n",
            "robust pi, waited for: lock after the owner ended: Owner died\n",
            "robust shared, killed: lock after the owner process ended: Owner died\n",
            "robust shared, exec: lock after the owner process ended: Owner died\n",
            "pi counter: 600\npi trylock held by another thread: Device or resource busy\n",
            "pi timedlock: Connection timed out\npi lock once it is free: ok\n",
            "pi lock with a handler run meanwhile: ok\n  handler ran 1\n",
            "cond timedwait on CLOCK_REALTIME: Connection timed out\n",
            "sem_timedwait: -1 Connection timed out\n",
            "wake_op: 0\n  other is now 8\n",
            "lock_pi held by itself: -1 Resource deadlock avoided\n",
            "get_robust_list: 0\n  len 12, head is glibc's: 1\n",
        ],
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_lockf_and_fcntl_between_processes() {
    let script = include_str!("locks/lockf.py");
    let out = guest(&["python3", "-c", script, "/tmp/lockf.dat"]).same();
    no_missing_syscall(&out);
    expect(
        &out,
        &[
            "child lockf EX 0..4: EAGAIN\n",
            "child lockf EX 0..9 after waiting: ok\n",
            "parent F_GETLK W 0..: W start 0 len 10 pid child\n",
        ],
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn sqlite_database_is_locked_until_commit() {
    let script = include_str!("locks/sqlite.py");
    for db in ["/tmp/locks.db", "/var/tmp/locks.db"] {
        let out = guest(&["python3", "-c", script, db]).same();
        no_missing_syscall(&out);
        expect(
            &out,
            &[
                "child begin immediate -> database is locked\n",
                "child after commit: [(1,)]\n",
                "parent reads after the child: [(1,), (2,)]\n",
            ],
        );
    }
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn proc_locks_lists_flock_posix_and_ofd_locks() {
    let script = include_str!("locks/proc_locks.py");
    for dir in ["/tmp", "/var/tmp"] {
        let out = guest(&["python3", "-c", script, dir]).with_proc().same();
        no_missing_syscall(&out);
        expect(
            &out,
            &[
                "FLOCK  ADVISORY  WRITE parent b 0 EOF\n",
                "OFDLCK ADVISORY  WRITE -1 a 50 59\n",
                "POSIX  ADVISORY  READ parent a 203 EOF\n",
            ],
        );
    }
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn sqlite_wal_readers_and_a_second_writer() {
    let script = include_str!("locks/sqlite_wal.py");
    for db in ["/tmp/wal.db", "/var/tmp/wal.db"] {
        let out = guest(&["python3", "-c", script, db]).same();
        no_missing_syscall(&out);
        expect(
            &out,
            &[
                "child reads during the writer's transaction: [(0,)]\n",
                "child begin immediate -> database is locked\n",
                "[(1,), (2,)]\n",
            ],
        );
    }
}
