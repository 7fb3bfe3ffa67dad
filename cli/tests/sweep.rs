//! A sweep of what a user runs on the image beyond the other suites:
//! coreutils and friends, archives, shells, perl, python's runtime
//! modules, locks, copies and the process tools, each group run natively
//! (chroot of the Debian tree) and under `tabvm run` and compared; the
//! /proc tools (which the chroot lacks) under tabvm only, with sanity
//! checks on their output.
//!
//! They need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`),
//! which `cargo xtask test` provides.

mod common;

use common::{Program, guest, text};

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn text_tools_agree() {
    let script = r#"set -e
        printf 'b 2\na 10\nc 1\n' | sort -k2n; printf 'x:3\ny:1\n' | sort -t: -k2
        awk -F: '$3<5{print $1, $3}' /etc/passwd
        seq 10 | awk '{s+=$1} END{printf "%d %.2f\n", s, s/NR}'
        seq 1 20 | xargs -n 3 echo; printf 'a b\0c\0' | xargs -0 -I{} echo '<{}>'
        find /etc -name '*.conf' | sort | head
        grep -r '^root' /etc/passwd /etc/group; grep -rl bash /etc/skel | sort
        cd /tmp; seq 5 > f; sed -i 's/3/three/' f; sed -i.bak 2d f; cat f f.bak
        seq 10 > a; seq 11 > b; sed -i 5d b; diff a b || echo "diff $?"; cmp a b || echo "cmp $?"
        diff -u a b | tail -n +3 || true
        printf 'b\na\nb\nc\n' | sort | uniq -c; printf 'a\nb\n' > c1; printf 'b\nc\n' > c2; comm c1 c2
        printf '1 a\n2 b\n' > j1; printf '1 x\n2 y\n' > j2; join j1 j2
        echo hello | od -c; echo hello | base64; echo aGVsbG8K | base64 -d
        printf 'caf\xc3\xa9\n' | iconv -f UTF-8 -t LATIN1 | od -An -tx1
        echo 1234567 | numfmt --to=iec; factor 1234567890; echo abc | rev; seq 5 | tac
        seq 6 | paste - -; fold -w 10 /etc/passwd | head -3
        seq 1 100000 > n; sort -S 64k -R --random-source=/etc/services n | sort -n -S 64k -T /tmp | cmp - n
        split -l 30000 n part-; wc -l part-*
    "#;
    guest(&["bash", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn archives_checksums_and_dd() {
    let script = "set -e; cd /tmp; mkdir d; seq 10000 > d/a; cp /etc/services d/
        tar cJf x.txz d; tar tJf x.txz | sort; xz -dc x.txz | tar t | wc -l
        bzip2 -k d/a; bzip2 -dc d/a.bz2 | md5sum; xz -9 -k d/services; xz -l d/services.xz | wc -l
        echo hi | gzip > h.gz; gzip -t h.gz; zcat h.gz; seq 1000 | xz | xzcat | tail -1
        sha256sum /etc/services /bin/ls; md5sum /etc/passwd; sha1sum /bin/true; b2sum /etc/hostname
        dd if=/dev/zero bs=4k count=10 2>/dev/null | wc -c
        dd if=/etc/services bs=100 skip=2 count=3 2>/dev/null | md5sum
        dd if=/dev/urandom of=r bs=1M count=2 status=none; stat -c %s r
        dd if=/dev/urandom bs=100000 count=3 2>&1 >/dev/null | head -2
        dd if=/etc/passwd of=p conv=ucase status=none; head -1 p";
    guest(&["bash", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn file_attributes_and_dates() {
    let script = "set -e; cd /tmp
        stat -c '%n %s %F %a %U %G' /etc/passwd /bin /dev/null
        touch -d '2001-02-03 04:05:06 UTC' f; stat -c '%y %Y' f
        TZ=UTC ls -l --time-style=long-iso f | cut -d' ' -f6-
        date -u -d @0; date -u -d '2020-02-29 12:00' +%s; TZ=UTC date -d @1234567890 '+%F %T %a %j'
        mkdir -p a/b/c; touch a/b/c/f a/x; find a -type f | sort
        find a -name f -exec echo found {} \\;; find a -type f -print0 | xargs -0 -P2 -n1 basename | sort
        realpath a/b/../x; ln -sr a/x a/b/l; readlink a/b/l; readlink -f a/b/l
        chmod -R go-rwx a; stat -c '%a %n' a a/b a/x; install -m 640 /etc/hostname a/h; stat -c %a a/h
        umask 077; touch z; stat -c %a z; truncate -s 1M big; stat -c %s big
        fallocate -l 64k fa; stat -c %s fa; shred -n1 -u z; ls z 2>&1 || true
        du -s --apparent-size -B1 a/h; df -h / /tmp | wc -l";
    guest(&["bash", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn shell_features() {
    let script = r#"
        cat <<E
a $((1+2))
E
        cat <<"E"
$HOME
E
        cat < <(echo in)
        coproc tr a-z A-Z; echo hello >&${COPROC[1]}; exec {COPROC[1]}>&-; read -u ${COPROC[0]} l; echo $l; wait
        (sleep 0.3; exit 3) & (sleep 0.1; exit 5) & wait -n; echo "first $?"; wait -n; echo "second $?"
        (trap 'echo bye' EXIT; trap 'echo int' INT; kill -INT $BASHPID; echo after; exit 2); echo "trap $?"
        read -t 0.2 x < <(sleep 1); echo "read -t $?"; read -t 1 x < <(echo val); echo "$? $x"
        timeout 1 sleep 5; echo "timeout $?"; timeout -s INT 1 sleep 5; echo "timeout INT $?"
        cd /tmp && nohup sh -c 'echo nohup $(trap)' 2>&1
        env -i A=1 env; env -i /bin/sh -c 'echo $PATH' | wc -c
        dash -c 'x=5; echo $((x*3)); f() { echo f$1; }; f 9'
        bash -l -c 'echo $0 $HOME; shopt -q login_shell && echo login'
        sleep 10 & p=$!; kill -STOP $p; kill -CONT $p; kill -TERM $p; wait $p; echo "term $?"
        (trap '' TERM; kill -TERM $BASHPID; echo survived); timeout -s KILL 0.5 sleep 5; echo "kill $?"
        seq 1000000 | head -1; echo "${PIPESTATUS[@]}"; bash -c 'kill -SEGV $$'; echo "segv $?"
        perl -e '$SIG{USR1} = sub { print "usr1\n" }; kill USR1 => $$; print "after\n"'
        python3 -c 'import signal; signal.signal(signal.SIGALRM, lambda *a: print("alrm")); signal.setitimer(signal.ITIMER_REAL, 0.1); signal.pause()'
    "#;
    // `<(...)` needs /proc (/dev/fd) natively too.
    guest(&["bash", "-c", script]).with_proc().same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn users_and_identities() {
    guest(&[
        "bash",
        "-c",
        "id; id -gn; groups; whoami; sudo -u user id; su user -c id; getent passwd root user; \
         getent group sudo; uname -s; getconf PAGESIZE",
    ])
    .same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn perl_runtime() {
    let script = r#"
        my $p = fork(); if ($p == 0) { print "child\n"; exit 7 } waitpid($p, 0); print "st=", $? >> 8, "\n";
        open(my $f, '-|', 'echo piped') or die; print <$f>;
        open(my $o, '|-', 'tr a-z A-Z') or die; print $o "upper\n"; close $o;
        my $s = 'hello world'; $s =~ s/(\w+)/\u$1/g; print "$s\n";
        printf("%05.2f|%x|%s\n", 3.14159, 255, scalar reverse 'abc');
        opendir(D, '/etc'); print join(' ', sort grep { /^pass/ } readdir(D)), "\n";
        print scalar(gmtime(0)), "\n";
        use POSIX qw(floor strftime); print floor(3.7), ' ', strftime('%Y-%m-%d', gmtime(86400)), "\n";
        use Fcntl qw(:flock); open(L, '>', '/tmp/perl-lock') or die;
        print flock(L, LOCK_EX | LOCK_NB) ? "locked\n" : "no lock: $!\n";
        $SIG{ALRM} = sub { print "alarm\n" }; alarm 1; sleep 2;
    "#;
    guest(&["perl", "-e", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_runtime_modules() {
    let script = r"
import os, signal, resource, mmap, tempfile, shutil, glob, zlib, decimal, unicodedata, locale, ctypes, fcntl
pid = os.fork()
if pid == 0:
    os.execv('/bin/echo', ['echo', 'from exec'])
print('exit', os.WEXITSTATUS(os.waitpid(pid, 0)[1]))
got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
os.kill(os.getpid(), signal.SIGUSR1); print('sig', got)
m = mmap.mmap(-1, 8192); m[0:5] = b'hello'; print(m[:5]); m.close()
with tempfile.TemporaryDirectory() as d:
    os.makedirs(d + '/a/b'); open(d + '/a/b/f', 'w').write('x' * 100000)
    with open(d + '/mm', 'w+b') as f:
        f.write(b'\0' * 4096); f.flush()
        mm = mmap.mmap(f.fileno(), 4096); mm[10:13] = b'abc'; mm.flush(); mm.close()
        f.seek(10); print(f.read(3))
    shutil.copytree(d + '/a', d + '/c')
    print(sorted(os.path.relpath(p, d) for p in glob.glob(d + '/**', recursive=True)))
    shutil.copyfile(d + '/a/b/f', d + '/g'); print(os.path.getsize(d + '/g'))
    fd = os.open(d + '/h', os.O_CREAT | os.O_RDWR)
    os.posix_fallocate(fd, 0, 5000); print(os.fstat(fd).st_size)
    fcntl.flock(fd, fcntl.LOCK_EX); fcntl.flock(fd, fcntl.LOCK_UN); print('flock ok')
    src = os.open(d + '/g', os.O_RDONLY)
    print(os.sendfile(fd, src, 10, 50), os.lseek(src, 0, os.SEEK_CUR), os.lseek(fd, 0, os.SEEK_CUR))
    shutil.rmtree(d + '/c'); print(sorted(os.listdir(d)))
print(zlib.crc32(b'abc'), len(zlib.compress(b'a' * 10000)), zlib.decompress(zlib.compress(b'xyz')))
import ssl; print('ssl', ssl.OPENSSL_VERSION.split()[0])
decimal.getcontext().prec = 30; print(decimal.Decimal(1) / decimal.Decimal(7))
print(unicodedata.name('\u00e9'), unicodedata.normalize('NFD', '\u00e9').encode())
print(locale.setlocale(locale.LC_ALL, 'C'), locale.localeconv()['decimal_point'])
print(ctypes.CDLL('libc.so.6').getpid() == os.getpid())
import multiprocessing
with multiprocessing.Pool(2) as p: print(p.map(abs, [-1, -2, 3]))
import subprocess; print(subprocess.run(['sh', '-c', 'echo $0; exit 3'], capture_output=True))
import asyncio; print(asyncio.run(asyncio.sleep(0.01, result='async')))
";
    guest(&["python3", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_venv_and_tools() {
    let script = "set -e; python3 -m venv --without-pip /tmp/v; /tmp/v/bin/python -c 'import sys; print(sys.prefix)'
        ls /tmp/v/bin | sort; mkdir /tmp/p; echo 'x=1' > /tmp/p/m.py; python3 -m compileall -q /tmp/p
        ls /tmp/p/__pycache__
        curl -s file:///etc/hostname; openssl sha256 /etc/hostname
        echo '{\"b\":1,\"a\":[1,2]}' | json_pp -json_opt canonical,pretty";
    guest(&["bash", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn git_repository() {
    let script =
        "set -e; cd /tmp; git init -q r; cd r; git config user.name T; git config user.email t@e
        export GIT_AUTHOR_DATE=2001-01-01T00:00:00Z GIT_COMMITTER_DATE=2001-01-01T00:00:00Z
        echo a > f; git add f; git commit -qm first; echo b >> f; git diff; git commit -qam second
        git log --format='%an %s %ad %H' --date=iso-strict-local; git status --short
        git log --stat -1 --format=%s; git branch -M main; git branch; git show HEAD~1:f";
    guest(&["bash", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn flock_waits_for_the_holder() {
    // fd 8's lock, then flock(1) on another description: a conflict under
    // -n, a wait released by the subshell's unlock (the same description)
    // without it; shared locks coexist.
    let script = "cd /tmp; exec 8>lk; flock -x 8; flock -n lk -c 'echo not reached'; echo \"nb $?\"
        (sleep 0.3; flock -u 8) & flock lk -c 'echo waited'; wait
        flock -s 8; flock -s lk -c 'echo shared'; flock -n -x lk -c 'echo not reached'; echo \"ex $?\"
        exec 8>&-; flock -n -x lk -c 'echo closed frees it'";
    guest(&["bash", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn sendfile_fallocate_and_flock_calls() {
    let program = Program::compile("sweep/xfer.c", &[]);
    let out = program.guest(&[]).cwd("/tmp").same();
    assert!(text(&out.stdout).contains("child: d ex (waits)          0"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn limits_and_priorities_are_kept() {
    let script = r#"ulimit -n 100; ulimit -n; ulimit -Hn; ulimit -c 0; ulimit -c
        ulimit -v 500000; ulimit -v; bash -c 'ulimit -v; ulimit -n'; (ulimit -n 50; ulimit -n); ulimit -n
        ulimit -Hn 90; ulimit -n 95 2>&1; echo "raise $?"; ulimit -n 80; ulimit -Sn; ulimit -Hn; su user -c 'ulimit -n; ulimit -Hn'
        nice -n 5 nice; nice -n 5 nice -n 3 nice; nice -n -5 nice
        su user -c 'nice -n 2 nice; nice -n 3 nice -n -1 nice' 2>&1
        renice -n 4 -p $$ >/dev/null; nice; renice -n 2 -p $$ >/dev/null; nice
        python3 -c '
import resource, os
resource.setrlimit(resource.RLIMIT_CORE, (0, 0)); print(resource.getrlimit(resource.RLIMIT_CORE))
resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64)); print(resource.getrlimit(resource.RLIMIT_NOFILE))
try: resource.setrlimit(resource.RLIMIT_NOFILE, (64, 2000000))
except (ValueError, OSError) as e: print(type(e).__name__)
print(resource.prlimit(os.getpid(), resource.RLIMIT_STACK)[0])
print(os.nice(0), os.nice(3), os.getpriority(os.PRIO_PROCESS, 0))
'"#;
    guest(&["bash", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn sched_attr_and_ioprio_calls() {
    let program = Program::compile("sweep/sched.c", &[]);
    let out = program.guest(&[]).same();
    assert!(text(&out.stdout).contains("set nice 7               0"));
    guest(&["bash", "-c", "ionice -p $$; ionice -c3 true; echo $?; chrt -p 0 | cut -d: -f2; nice -n 4 chrt -p 0 | cut -d: -f2"]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn files_have_no_extended_attributes() {
    let program = Program::compile("sweep/xattr.c", &[]);
    let out = program.guest(&[]).cwd("/tmp").same();
    assert!(text(&out.stdout).contains("getxattr user.x            -1 ENODATA"));
    let script = "cd /tmp; echo a > f; tar --xattrs -cf x.tar f 2>&1; echo \"tar $?\"
        cp -a --preserve=xattr f g 2>&1; echo \"cp $?\"
        python3 -c 'import os, shutil; print(os.listxattr(\"/tmp\")); shutil.copy2(\"f\", \"h\")'";
    guest(&["bash", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn process_tools_under_tabvm() {
    // The chroot has no /proc: tabvm only, checked for sanity.
    let out = guest(&[
        "bash",
        "-c",
        "sleep 5 & ps aux; echo ---; ps -ef; echo ---; top -bn1 | head -5; echo ---; free; \
         echo ---; uptime; pgrep -l sleep; kill $!; echo ---; \
         script -qc 'echo in script; tty >/dev/null && echo on a tty' /dev/null; \
         echo ---; wc -w < /proc/self/stat; ps -o psr= -p $$; vmstat | wc -l; \
         echo ---; dmesg; echo \"dmesg $?\"; su user -c dmesg 2>&1; echo \"user $?\"; \
         echo ---; sleep 10 & kill -STOP $!; ps -o stat= -p $!; grep State /proc/$!/status; kill -KILL $!; \
         echo ---; ulimit -n 99; grep -E '^(Limit|Max open files|Max nice)' /proc/self/limits",
    ])
    .tabvm_ok();
    let sections: Vec<&str> = out.split("---\n").collect();
    assert_eq!(sections.len(), 10, "{out}");
    assert!(sections[0].starts_with("USER"), "{out}");
    assert!(sections[0].contains("sleep 5"), "{out}");
    assert!(sections[1].starts_with("UID"), "{out}");
    assert!(sections[2].starts_with("top - "), "{out}");
    assert!(sections[2].contains("Tasks:"), "{out}");
    assert!(sections[3].contains("Mem:"), "{out}");
    assert!(sections[4].contains("load average"), "{out}");
    assert!(sections[4].contains(" sleep"), "{out}");
    // script(1) on a pty, which waits for its child through signalfd's
    // SIGCHLD record.
    assert_eq!(sections[5], "in script\r\non a tty\r\n", "{out}");
    // proc(5)'s 52 stat fields, the CPU (field 39) 0; vmstat finds
    // /proc/vmstat.
    assert_eq!(sections[6], "52\n  0\n3\n", "{out}");
    // An empty kernel log for root; Debian's dmesg_restrict for others.
    assert_eq!(
        sections[7], "dmesg 0\ndmesg: read kernel buffer failed: Operation not permitted\nuser 1\n",
        "{out}"
    );
    // A stopped process (ps reads /proc/<pid>/stat, grep its status).
    assert_eq!(sections[8], "T\nState:\tT (stopped)\n", "{out}");
    // /proc/<pid>/limits, as fs/proc/base.c lays it out.
    assert_eq!(
        sections[9],
        "Limit                     Soft Limit           Hard Limit           Units     \n\
         Max open files            99                   99                   files     \n\
         Max nice priority         0                    0                    \n",
        "{out}"
    );
}
