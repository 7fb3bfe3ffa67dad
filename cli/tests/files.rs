//! Special files and copies, compared with Linux: `mknod` and named pipes
//! (`c/fifo.c`: node types and errors, opens that wait for a partner,
//! O_NONBLOCK, EOF, EPIPE/SIGPIPE, poll, O_RDWR, signals during a waiting
//! open, on tmpfs and on the disk), `copy_file_range` (`c/copy_range.c`),
//! and the shell tools that use them (`mkfifo`, `cp`, `mv`, `cat`). Each
//! runs natively in a chroot of the Debian tree and under `tabvm run`;
//! stdout and exit status must match, and tabvm must not complain about a
//! missing system call.

mod common;

use common::{Program, guest, text};
use std::process::Output;

/// Fails if tabvm said a system call is missing.
fn no_missing_syscall(out: &Output) {
    let err = text(&out.stderr);
    assert!(!err.contains("is not implemented"), "{err}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_mknod_and_fifos() {
    let program = Program::compile("c/fifo.c", &[]);
    let out = program.guest(&[]).same();
    no_missing_syscall(&out);
    let stdout = text(&out.stdout);
    for line in [
        "stat c: char 0600 size 0 rdev 1:3\n",
        "mknod dir: -1 Operation not permitted\n",
        "mknod as nobody: 0\n",
        "reader first: read 5 'hello', then 0\n",
        "writer first: reader 0\n",
        "fleeting writer: read: 0\n",
        "nonblock writer, reader waiting: ok\n",
        "nonblock writer, no reader: -1 No such device or address\n",
        "write, reader gone: -1 Broken pipe\n",
        "writer without handler: 141\n",
        "after last close: FIONREAD 0\n",
        "then nonblock writer: -1 No such device or address\n",
        "restarted read 4 'late'\n",
        "== FIFO in /var/tmp\n",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in\n{stdout}");
    }
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_copy_file_range() {
    let program = Program::compile("c/copy_range.c", &[]);
    let out = program.guest(&[]).same();
    no_missing_syscall(&out);
    let stdout = text(&out.stdout);
    for line in [
        "no offsets, rest: 6000\n",
        "  offsets now 10000 9050; positions 123 0; size 9050\n",
        "flags 1: -1 Invalid argument\n",
        "out O_APPEND: -1 Bad file descriptor\n",
        "across file systems: -1 Invalid cross-device link\n",
        "== within /var/tmp\n",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in\n{stdout}");
    }
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn shell_mkfifo_pipes_between_processes() {
    let out = guest(&[
        "bash",
        "-c",
        "mkfifo /tmp/f && ls -l /tmp/f | cut -c1 && (echo hi > /tmp/f &); cat /tmp/f; \
         cat /tmp/f > /tmp/got & seq 3 > /tmp/f; wait; cat /tmp/got; rm /tmp/f",
    ])
    .same();
    no_missing_syscall(&out);
    assert_eq!(text(&out.stdout), "p\nhi\n1\n2\n3\n");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn shell_cp_mv_and_cat_copy_files() {
    let out = guest(&[
        "bash",
        "-c",
        "set -e; d=/var/tmp/files-test-$$; mkdir $d; \
         cp /etc/services /tmp/s; cmp /etc/services /tmp/s; \
         cp /tmp/s /tmp/s2; cmp /etc/services /tmp/s2; \
         mv /tmp/s $d/m; cmp /etc/services $d/m; test ! -e /tmp/s; \
         cp $d/m $d/c; mv $d/c $d/c2; cmp /etc/services $d/c2; \
         printf 'one\\n' > /tmp/a; seq 2000 > /tmp/b; cat /tmp/a /tmp/b > /tmp/c; \
         cat $d/m /tmp/a > $d/cat; \
         md5sum /tmp/s2 $d/m $d/c2 /tmp/c $d/cat | sed 's| /.*/| |'; wc -c < /tmp/c; \
         rm -r $d",
    ])
    .same();
    no_missing_syscall(&out);
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 6, "{stdout}");
    assert!(stdout.ends_with("8897\n"), "{stdout}");
}

/// Two threads of one process meet at a FIFO; epoll sees its data and its
/// hang-up; fstat says S_IFIFO.
const PYTHON_FIFO: &str = r#"
import os, threading, select
p = "/tmp/pyfifo"
os.mkfifo(p)
got = []
def reader():
    with open(p, "rb") as f:
        got.append(f.read())
t = threading.Thread(target=reader)
t.start()
with open(p, "wb") as f:
    f.write(b"from a thread\n")
t.join()
print(got)
r = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
w = os.open(p, os.O_WRONLY | os.O_NONBLOCK)
ep = select.epoll()
ep.register(r, select.EPOLLIN)
print("epoll empty", ep.poll(0))
os.write(w, b"x")
print("epoll data", ep.poll(0))
os.close(w)
print("epoll hup", sorted(ep.poll(0)))
print(os.read(r, 10), os.read(r, 10))
print(oct(os.fstat(r).st_mode))
os.unlink(p)
"#;

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_threads_and_epoll_on_a_fifo() {
    let out = guest(&["python3", "-c", PYTHON_FIFO]).same();
    no_missing_syscall(&out);
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("[b'from a thread\\n']\n"), "{stdout}");
    assert!(stdout.contains("epoll hup [(3, 17)]\n"), "{stdout}");
    assert!(stdout.ends_with("0o10644\n"), "{stdout}");
}

/// File times keep nanoseconds (large ext2 inodes, as Linux's ext4 driver
/// reads them) on the disk and on tmpfs: `touch -d` with a fraction,
/// `touch -r`, `utimensat` validation through python, statx's birth time
/// (`stat %W` is 0 natively only on file systems without one), and the
/// edit-and-rebuild loop: `make` must rebuild after a `touch` within the
/// same second.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn file_times_keep_nanoseconds() {
    let script = r#"
for d in /tmp /var/tmp/nsec-$$; do
    mkdir -p "$d" && cd "$d"
    touch -d '2020-02-03 04:05:06.123456789' f
    stat -c '%y %x' f
    touch -r f g && stat -c '%y' g
    touch -m -d '@1600000000.5' f && stat -c '%Y %y' f
    python3 -c '
import os
os.utime("f", ns=(1, 2_000_000_001))
print(os.stat("f").st_mtime_ns, os.stat("f").st_atime_ns)
try:
    os.utime("f", (0, 1), ns=None) or os.utime("f", ns=(0, -1))
except OSError as e:
    print("bad", e.errno)
'
    printf 'int main(void) { return 0; }\n' > p.c
    printf 'p: p.c\n\t@echo build; gcc -o p p.c\n' > Makefile
    make -s && touch p.c && make -s && make -s && echo made
    a=$(stat -c %Y.%y p.c); sleep 0.01; echo x >> p.c
    [ "$(stat -c %Y.%y p.c)" != "$a" ] && echo mtime moved
    cd / && rm -rf /var/tmp/nsec-$$
done
"#;
    let out = guest(&["bash", "-c", script]).same();
    no_missing_syscall(&out);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("2020-02-03 04:05:06.123456789"), "{stdout}");
    assert_eq!(
        stdout.matches("build\nbuild\nmade\n").count(),
        2,
        "{stdout}"
    );
}

/// O_TMPFILE on tmpfs and on the disk (`c/tmpfile.c`): linkat by
/// AT_EMPTY_PATH and through /proc/self/fd, O_EXCL, freeing at close.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_o_tmpfile() {
    let program = Program::compile("c/tmpfile.c", &[]);
    let out = program.guest(&[]).with_proc().same();
    no_missing_syscall(&out);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("read back [hidden data]"), "{stdout}");
    assert!(stdout.contains("inodes back: 1"), "{stdout}");
}

/// tmpfs lists `.`, `..`, then the newest entry first, as Linux's does:
/// what `find`, `ls -U`, `os.listdir` and `tar` show unsorted.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn tmpfs_directories_list_the_newest_first() {
    let script = r#"
for top in /tmp /dev/shm; do
    mkdir "$top/d" && cd "$top/d" || exit 1
    touch b a c && mkdir sub && touch sub/x sub/y z
    ls -U; ls -Ua sub; find .
    python3 -c 'import os; print(os.listdir("."), [e.name for e in os.scandir("sub")])'
    tar cf ../t.tar . && tar tf ../t.tar
    cd / && rm -rf "$top/d" "$top/t.tar" && ls -A "$top" && echo removed
done
"#;
    guest(&["bash", "-c", script]).same();
}

/// One blocking write of 1 MiB to a pipe, a unix stream socket and a TCP
/// connection moves it all (`c/big_writes.c`); a handler interrupting a
/// partly done write makes it return the bytes moved.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn blocking_stream_writes_finish() {
    let out = Program::compile("c/big_writes.c", &[]).guest(&[]).same();
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.matches("write returned 1048576\n").count(),
        3,
        "{stdout}"
    );
    assert!(stdout.contains("(partial 1)"), "{stdout}");
}
