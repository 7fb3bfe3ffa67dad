//! System V IPC (svipc(7)): shared memory, semaphores and message queues
//! between processes, and POSIX message queues (mq_overview(7)), each a C
//! program run natively and under `tabvm run` with the outputs compared
//! byte for byte; `ipcs` under tabvm. Also
//! queued signals (sigqueue(3), rt_sigqueueinfo(2)), the other way
//! processes pass values.
//!
//! Natively the chroot shares the host's IPC namespace: the programs use
//! IPC_PRIVATE or keys from 0x7ab0xxxx and remove what they create. They
//! need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`), which
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

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn shared_memory_across_fork() {
    let out = Program::compile("ipc/shm.c", &[]).guest(&[]).same();
    no_missing_syscall(&out);
    expect(
        &out,
        &[
            "second attach: different address 1, same bytes 1, nattch 3\n",
            "parent reads: written by the child; nattch after child exit 1\n",
            "write to read-only: signaled 1 sig 11; data from parent\n",
            "SHM_RND: at the rounded address 1, same bytes 1\n",
            "after RMID: nattch 1 dest 1 key 0\n",
            "after last detach: Invalid argument\n",
        ],
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn semaphores_between_processes() {
    let out = Program::compile("ipc/sem.c", &[]).guest(&[]).same();
    no_missing_syscall(&out);
    expect(
        &out,
        &[
            "consumed sum 42925 in order 1; values 4 0 1",
            "GETNCNT reaches 1: 1, GETZCNT 0\n",
            "after exit with SEM_UNDO: 2 (without: 5), GETPID is the child 1\n",
            "semtimedop 50ms: Resource temporarily unavailable, waited at least 40ms 1\n",
            "interrupted semop: Interrupted system call\n",
            "waiter of a removed set: Identifier removed\n",
        ],
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn message_queues_between_processes() {
    let out = Program::compile("ipc/msg.c", &[]).guest(&[]).same();
    no_missing_syscall(&out);
    expect(
        &out,
        &[
            "  recv -2: type 1, 6 bytes, one-a\n",
            "  recv 5: type 5, 8 bytes, wake up\n",
            "  blocked sender: ok\n",
            "  blocked receiver: Identifier removed\n",
        ],
    );
}

/// POSIX message queues (`ipc/mqueue.c`): opening and its errors,
/// priorities, limits, timeouts, O_NONBLOCK, a receiver in another process
/// and notification by signal.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn posix_message_queues() {
    let out = Program::compile("ipc/mqueue.c", &[]).guest(&[]).same();
    no_missing_syscall(&out);
    expect(
        &out,
        &[
            "past RLIMIT_MSGQUEUE               -1 EMFILE\n",
            "QSIZE:11         NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n",
            "receive                            high prio 9\nreceive                            low prio 1\n",
            "timedsend to a full queue          -1 ETIMEDOUT\n",
            "child received                     hello prio 4\nsent to the waiting child          0 \n",
            "  notify from another process      -1 EBUSY\nnotified                           1, code 1, value 42\n",
            "receive after unlink               5 \n",
        ],
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn permissions_as_root_and_as_a_user() {
    let program = Program::compile("ipc/perm.c", &[]);
    let root = program.guest(&[]).same();
    no_missing_syscall(&root);
    expect(&root, &["nobody: IPC_RMID Operation not permitted\n"]);
    let user = program.guest(&[]).user("user").same();
    expect(
        &user,
        &[
            "mode 0: shmat Permission denied\n",
            "keyed 0400: ask 0600 Permission denied, ask 0400 ok\n",
        ],
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn ipcs_lists_what_ipcmk_made() {
    let out = guest(&[
        "bash",
        "-c",
        "ipcmk -M 8192 -p 0640 && ipcmk -S 3 && ipcmk -Q && ipcs && ipcs -l && \
         cat /proc/sysvipc/shm && ipcrm -a && ipcs -m",
    ])
    .tabvm_ok();
    for line in [
        "Shared memory id: 0\n",
        "------ Shared Memory Segments --------\n",
        "max semaphores per array = 32000\n",
        "max size of message (bytes) = 8192\n",
        "       key      shmid perms       size  cpid  lpid nattch",
    ] {
        assert!(out.contains(line), "{line:?} missing from {out}");
    }
    let segment = out
        .lines()
        .find(|l| l.starts_with("0x") && l.contains(" 8192 "))
        .unwrap_or_else(|| panic!("no segment row in {out}"));
    let fields: Vec<&str> = segment.split_whitespace().collect();
    assert_eq!(
        fields.get(2..6),
        Some(&["root", "640", "8192", "0"][..]),
        "{segment}"
    );
    let listed = out.matches(" 8192 ").count();
    assert_eq!(
        listed, 2,
        "ipcs and /proc list it once each, ipcrm -a removes it: {out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn queued_signals_carry_their_values_in_order() {
    let out = Program::compile("ipc/sigqueue.c", &["-pthread"])
        .guest(&[])
        .same();
    no_missing_syscall(&out);
    expect(
        &out,
        &[
            "  handler: sig 10 value 42 code -1 (SI_QUEUE -1) from me 1\n",
            "delivered 4: USR1=10 RT=1 RT=2 RT=3\n",
            "sigwaitinfo: 0 value 7 code -1\nthen: Resource temporarily unavailable\n",
            "signalfd: 2 records: 20 21\n",
            "SI_USER to another: Operation not permitted\n",
            "thread sigtimedwait: ok sig 12 code -1 value 5\n",
            "kill to the process: handled by the unblocking thread 1\n",
            "SI_USER from another thread: Operation not permitted\n",
            "thread signalfd: 128 bytes sig 28 value 8\n",
            "child got value 2 from parent 1\n",
        ],
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn direct_calls_and_old_layouts() {
    let out = Program::compile("ipc/direct.c", &[]).guest(&[]).same();
    no_missing_syscall(&out);
    expect(
        &out,
        &[
            "shmctl: size 5000 nattch 1 mode 640\n",
            "ipc SHMAT: 0, same bytes 1\n",
            "old shmid_ds: ok size 5000 nattch 2 mode 640 key 0 uid 0 cpid-is-me 1\n",
            "values 0 2 7\n",
            "semtimedop_time64 times out: Resource temporarily unavailable\n",
            "old semid_ds: ok nsems 3 mode 604 otime set 1\n",
            "msgrcv: 7 type 3 direct\n",
        ],
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn bad_arguments_fail_as_on_linux() {
    let out = Program::compile("ipc/badargs.c", &[]).guest(&[]).same();
    no_missing_syscall(&out);
    expect(
        &out,
        &[
            "cmd 14: shm Bad address / Bad address, sem ok / ok, msg Invalid argument / Invalid argument\n",
            "MSGRCV bad kludge: Bad address\n",
            "semtimedop bad timeout, 600 ops: Bad address\n",
            "semtimedop negative timeout, bad id: Invalid argument\n",
            "rmid: ok ok ok\n",
        ],
    );
}

/// Perl's core IPC::Msg, IPC::Semaphore and shmread/shmwrite between a
/// parent and its child.
const PERL_IPC: &str = r#"use strict; use warnings;
use IPC::SysV qw(IPC_PRIVATE IPC_RMID IPC_NOWAIT S_IRUSR S_IWUSR);
use IPC::Msg; use IPC::Semaphore;
my $q = IPC::Msg->new(IPC_PRIVATE, S_IRUSR | S_IWUSR) or die "msg: $!";
my $s = IPC::Semaphore->new(IPC_PRIVATE, 2, S_IRUSR | S_IWUSR) or die "sem: $!";
my $id = shmget(IPC_PRIVATE, 1024, S_IRUSR | S_IWUSR) // die "shm: $!";
$s->setall(0, 0);
if (my $pid = fork) {
    $s->op(0, -1, 0);
    my $buf; $q->rcv($buf, 64, 0, 0);
    my $text; shmread($id, $text, 0, 11) or die;
    print "parent got message '$buf' and memory '$text'\n";
    waitpid $pid, 0;
    my $st = $q->stat; print "qnum ", $st->qnum, " mode ", sprintf("%o", $st->mode & 0777), "\n";
    print "sem values ", join(",", $s->getall), "\n";
} else {
    shmwrite($id, "hello shmem", 0, 11) or die;
    $q->snd(7, "from child", 0);
    $s->op(0, 1, 0, 1, 3, 0);
    exit 0;
}
$q->remove; $s->remove; shmctl($id, IPC_RMID, 0);
print "removed\n";
"#;

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn perl_sysv_ipc_modules() {
    let out = guest(&["perl", "-e", PERL_IPC]).same();
    no_missing_syscall(&out);
    assert_eq!(
        text(&out.stdout),
        "parent got message 'from child' and memory 'hello shmem'\nqnum 0 mode 600\n\
         sem values 0,3\nremoved\n"
    );
}
