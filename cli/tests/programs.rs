//! Real Debian programs under `tabvm run`, compared with the same command
//! run natively (chroot into the Debian tree the image was made from): the
//! kernel's acceptance tests (issue: "the commands above, on the default
//! image, give the native output").
//!
//! They need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`), which
//! `cargo xtask test` provides.

mod common;

use common::{Program, guest, text, twice};

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn bash_pipeline_with_coreutils() {
    let out = guest(&[
        "bash",
        "-c",
        "echo hello | tr a-z A-Z; ls /usr/bin | wc -l; seq 1 1000 | sort -rn | head -3",
    ])
    .same();
    assert!(text(&out.stdout).starts_with("HELLO\n"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn expr_arithmetic_through_gmp() {
    // expr uses GMP, whose fat binary picks its code by the CPU model.
    let out = guest(&[
        "sh",
        "-c",
        "expr 6 \\* 7; expr 123456789 \\* 987654321; expr 2 + 3 \\* 4",
    ])
    .same();
    assert_eq!(text(&out.stdout), "42\n121932631112635269\n14\n");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn proc_fd_links_lead_to_the_open_file_itself() {
    // Process substitution, /dev/stdin on a pipe, a deleted file reopened,
    // and the cwd link: /proc/<pid>/fd/N reaches the object, not its name.
    let script = "diff <(printf 'a\\nb\\n') <(printf 'a\\nc\\n'); echo rc=$?; \
        echo piped | cat /dev/stdin; mapfile -t L < <(seq 3); echo ${L[@]}; \
        while read l; do echo got $l; done < <(echo one; echo two); \
        echo x | stat -L -c %F /dev/stdin; echo note > /dev/stdout; \
        f=/tmp/gone; echo kept > $f; exec 4<$f; rm $f; cat /proc/self/fd/4; \
        cd /tmp && readlink /proc/self/cwd; \
        [ \"$(stat -L -c %i /dev/fd/0)\" = \"$(stat -L -c %i /proc/self/fd/0)\" ] && echo same";
    let out = guest(&["bash", "-c", script]).with_proc().same();
    let out = text(&out.stdout);
    assert!(
        out.starts_with("2c2\n< b\n---\n> c\nrc=1\npiped\n1 2 3\n"),
        "{out}"
    );
    assert!(out.contains("fifo\nnote\nkept\n/tmp\n"), "{out}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn open_files_and_programs_show_their_absolute_resolved_paths() {
    // /proc/<pid>/fd, exe and maps name what was opened by its absolute
    // path, symlinks (/lib -> usr/lib, /bin/sh -> dash), `.` and `..`
    // resolved; AT_EXECFN and the process name keep the path as given.
    let script = r#"cd /tmp; exec 3>x; readlink /proc/self/fd/3
        cd /usr/../etc; exec 4<./passwd; readlink /proc/self/fd/4
        exec 5<../lib/os-release; readlink /proc/self/fd/5
        exec 6</lib/i386-linux-gnu/libc.so.6; readlink /proc/self/fd/6
        mkdir -p /tmp/d/e; ln -s d/e /tmp/l; cd -P /tmp/l/..; exec 7>./f; readlink /proc/self/fd/7
        cd /bin; LD_SHOW_AUXV=1 ./true | grep EXECFN
        printf '#!/bin/sh
cat /proc/$$/comm; readlink /proc/$$/exe
' > /tmp/s.sh
        chmod +x /tmp/s.sh; cd /tmp; ./s.sh
        exec -a foo /bin/sh -c 'readlink /proc/$$/exe; cat /proc/$$/comm
            grep -o "/[^ ]*ld-linux.so.2" /proc/$$/maps | sort -u'"#;
    let out = guest(&["bash", "-c", script]).with_proc().same();
    let out = text(&out.stdout);
    assert!(
        out.starts_with("/tmp/x\n/etc/passwd\n/usr/lib/os-release\n"),
        "{out}"
    );
    assert!(
        out.contains("/tmp/d/f\nAT_EXECFN:            ./true\ns.sh\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn the_address_space_is_laid_out_as_on_x86_64() {
    // Without randomization (setarch -R): the PIE program at 0x56555000,
    // its heap after it, the stack under 4 GiB with 128 KiB below the
    // strings; then a deep recursion grows the stack.
    let script = r"setarch i686 -R cat /proc/self/maps | grep -E '/usr/bin/cat|\[heap\]|\[stack\]' | awk '{print $1, $2, $6}'";
    let out = guest(&["bash", "-c", script]).with_proc().same();
    assert!(
        text(&out.stdout).starts_with("56555000-56556000 r--p /usr/bin/cat\n"),
        "{}",
        text(&out.stdout)
    );
    let out = Program::compile("c/stack_growth.c", &[])
        .guest(&[])
        .with_proc()
        .same();
    assert!(text(&out.stdout).ends_with("grew by 4 MiB or more: 1\n"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn address_sanitizer_runs_and_reports_a_heap_overflow() {
    // The report names pids and addresses: its kind and the exit status
    // are compared.
    let program = Program::compile("c/asan.c", &["-g", "-fsanitize=address"]);
    let script = "$P; echo \"clean $?\"
        $P overflow 2> /tmp/report; echo \"overflow $?\"
        grep -o 'ERROR: AddressSanitizer: [a-z-]*' /tmp/report
        grep -c 'is located 2 bytes to the right of 16-byte region' /tmp/report";
    let out = text(&program.shell(script).with_proc().same().stdout);
    // The report ends the program with _exit: its buffered output is lost.
    assert_eq!(
        out,
        "in bounds\nclean 0\noverflow 1\n\
         ERROR: AddressSanitizer: heap-buffer-overflow\n1\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn proc_lists_a_processs_threads_under_task() {
    let script = r#"
import os, threading, time
ev = threading.Event()
threads = [threading.Thread(target=ev.wait) for _ in range(3)]
for t in threads:
    t.start()
me = os.getpid()
tids = sorted(int(x) for x in os.listdir("/proc/self/task"))
print(len(tids), tids[0] == me, "task" in os.listdir("/proc/self"))
for tid in tids[1:]:
    status = dict(l.split(":	", 1) for l in open(f"/proc/{me}/task/{tid}/status").read().splitlines())
    print(status["Tgid"] == str(me), status["Pid"] == str(tid), status["Name"],
          open(f"/proc/{tid}/comm").read().strip(), str(tid) in os.listdir("/proc"),
          {"comm", "stat", "status", "fd", "maps"} <= set(os.listdir(f"/proc/self/task/{tid}")))
ev.set()
for t in threads:
    t.join()
# A joined thread may still be leaving the kernel for a moment.
for _ in range(500):
    if os.listdir("/proc/self/task") == [str(me)]:
        break
    time.sleep(0.01)
print(os.listdir("/proc/self/task") == [str(me)])
"#;
    let out = guest(&["python3", "-c", script]).with_proc().same();
    assert!(text(&out.stdout).starts_with("4 True True\nTrue True python3 python3 False"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn processor_time_is_accounted_to_processes_and_children() {
    let script = "import os, resource, time
t = time.process_time(); sum(range(300000)); print('process clock', time.process_time() > t)
print('thread clock', time.clock_gettime(time.CLOCK_THREAD_CPUTIME_ID) > 0)
print('self', resource.getrusage(resource.RUSAGE_SELF).ru_utime > 0)
before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
os.system('python3 -c \"sum(range(300000))\"')
print('children after', resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime > before)
print('times agree', abs(os.times().user - resource.getrusage(resource.RUSAGE_SELF).ru_utime) < 0.05)";
    // Linux samples processor time at clock ticks: on a loaded host a
    // short native run can miss one, so a mismatch is run again.
    let stdout = twice("processor time", || {
        text(&guest(&["python3", "-c", script]).same().stdout)
    });
    assert!(
        stdout.ends_with("children after True\ntimes agree True\n"),
        "{stdout}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_lowered_open_file_limit_bounds_new_descriptors() {
    let script = r#"ulimit -n 16
        for i in $(seq 3 20); do eval "exec $i</dev/null" 2>/dev/null || { echo "stopped at $i"; break; }; done
        python3 -c '
import fcntl, os
fds = []
try:
    while True: fds.append(os.open("/dev/null", os.O_RDONLY))
except OSError as e: print("open", e.errno, len(fds))
try: fcntl.fcntl(0, fcntl.F_DUPFD, 20)
except OSError as e: print("F_DUPFD", e.errno)
try: os.dup2(0, 16)
except OSError as e: print("dup2", e.errno)
'"#;
    let out = guest(&["bash", "-c", script]).same();
    assert_eq!(
        text(&out.stdout),
        "stopped at 15\nopen 24 1\nF_DUPFD 22\ndup2 9\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_runs_the_fibonacci_example() {
    let out = guest(&["python3", "python3/fibonacci.py"])
        .cwd("/home/user/examples")
        .same();
    assert!(text(&out.stdout).contains("fib(19) = 4181"));
}

/// dpkg-deb builds a package and dpkg installs, lists and removes it, in
/// a scratch admin and install directory (the tree's own database stays
/// as it is). dpkg syncs what it unpacks with sync_file_range.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn dpkg_builds_installs_and_removes_a_package() {
    let script = r#"set -e; cd /tmp; rm -rf dpkg-test; mkdir dpkg-test; cd dpkg-test
        mkdir -p pkg/DEBIAN pkg/usr/bin adm/info adm/updates adm/triggers inst
        touch adm/status adm/available
        printf 'Package: hello-tabvm\nVersion: 1.0\nArchitecture: all\nMaintainer: t <t@example.com>\nDescription: a test\n' > pkg/DEBIAN/control
        printf '#!/bin/sh\necho hello from the package\n' > pkg/usr/bin/hello-tabvm
        chmod 755 pkg/usr/bin/hello-tabvm
        SOURCE_DATE_EPOCH=0 dpkg-deb --root-owner-group --build pkg h.deb
        dpkg-deb -c h.deb; md5sum h.deb
        dpkg() { command dpkg --admindir=$PWD/adm --instdir=$PWD/inst --force-script-chrootless --force-not-root "$@"; }
        dpkg -i h.deb; inst/usr/bin/hello-tabvm
        dpkg -l | tail -1; dpkg -L hello-tabvm; dpkg -r hello-tabvm; ls -A inst
        cd /tmp; rm -rf dpkg-test"#;
    let out = guest(&["bash", "-c", script]).same();
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("is not implemented"), "{stderr}");
    assert!(text(&out.stdout).contains("hello from the package\nii  hello-tabvm"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_imports_the_standard_library() {
    let script = "import json, hashlib, sqlite3\n\
        print(json.dumps({'a': [1, 2.5, None]}, sort_keys=True))\n\
        print(hashlib.sha256(b'tabvm').hexdigest())\n\
        db = sqlite3.connect(':memory:')\n\
        db.execute('create table t (x)')\n\
        db.executemany('insert into t values (?)', [(i,) for i in range(100)])\n\
        print(db.execute('select sum(x), avg(x) from t').fetchone())\n\
        print(sum(i * i for i in range(10**5)), 2 ** 0.5, 10 / 3)\n";
    guest(&["python3", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn stdin_passes_through() {
    guest(&["sort"]).stdin(b"pear\napple\nfig\n").same();
    guest(&["wc", "-c"]).stdin(&vec![b'x'; 100_000]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn files_created_in_the_guest_read_back() {
    let script = "set -e; d=tabvm-test-$$; mkdir $d; cd $d; seq 1 5000 > a; cp a b; mv b c; ln -s c d; \
        cat d | md5sum; ls -l | wc -l; \
        touch -d '2001-02-03 04:05:06 UTC' a; stat -c %Y a; \
        python3 -c \"import os; os.utime('a', (1, 2)); s = os.stat('a'); print(s.st_atime, s.st_mtime)\"; \
        rm -r ../$d; echo done";
    guest(&["bash", "-c", script]).cwd("/tmp").same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn touching_unmapped_memory_is_sigsegv() {
    let out = guest(&["python3", "-c", "import ctypes; ctypes.string_at(0)"]).same_status();
    assert_eq!(out.status.code(), Some(139), "128 + SIGSEGV");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_malformed_elf_is_enoexec() {
    let script = "f=bad-elf-$$; printf '\\177ELF\\1\\1\\1garbage' > $f; chmod +x $f; ./$f 2>/dev/null; echo rc=$?; rm $f";
    let out = guest(&["bash", "-c", script]).cwd("/tmp").same();
    assert_eq!(text(&out.stdout), "rc=126\n");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn exit_status_is_the_guests() {
    let out = guest(&["bash", "-c", "exit 42"]).same_status();
    assert_eq!(out.status.code(), Some(42));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn signal_handlers_run_and_return() {
    let script = "import signal, os\n\
        def handler(signo, frame): print('handler', signo, flush=True)\n\
        signal.signal(signal.SIGUSR1, handler)\n\
        os.kill(os.getpid(), signal.SIGUSR1)\n\
        signal.signal(signal.SIGALRM, handler)\n\
        signal.setitimer(signal.ITIMER_REAL, 0.05)\n\
        signal.pause()\n\
        print('after', flush=True)\n";
    guest(&["python3", "-c", script]).same();
    let script = "trap 'echo trapped' USR1; kill -USR1 $$; echo after; (exit 3); echo sub=$?; sleep 0.1 & wait; echo waited";
    guest(&["bash", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_signal_kills_with_its_status() {
    let out = guest(&["bash", "-c", "kill -TERM $$; echo not reached"]).same_status();
    assert_eq!(out.status.code(), Some(143), "128 + SIGTERM");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn proc_describes_the_running_processes() {
    assert_eq!(
        guest(&["readlink", "/proc/self/exe"]).tabvm_ok(),
        "/usr/bin/readlink\n"
    );
    // The shell's own argv, NUL-separated.
    assert_eq!(
        guest(&["bash", "-c", "cat /proc/$$/cmdline | tr '\\0' '|'"]).tabvm_ok(),
        "bash|-c|cat /proc/$$/cmdline | tr '\\0' '|'|"
    );
    let fds = guest(&[
        "bash",
        "-c",
        "exec 7</etc/hostname; ls /proc/self/fd | sort -n | tr '\\n' ' '",
    ])
    .tabvm_ok();
    assert!(fds.contains(" 7 "), "fd 7 listed: {fds}");
    assert_eq!(
        guest(&["bash", "-c", "readlink /proc/self/fd/7 7</etc/hostname"]).tabvm_ok(),
        "/etc/hostname\n"
    );
    let ps = guest(&[
        "bash",
        "-c",
        "sleep 1 & ps -e -o comm= | sort | tr '\\n' ' '",
    ])
    .tabvm_ok();
    assert!(
        ps.contains("bash") && ps.contains("ps") && ps.contains("sleep"),
        "ps sees bash, ps and sleep: {ps}"
    );
    assert_eq!(
        guest(&["python3", "-c", "import os; print(os.cpu_count())"]).tabvm_ok(),
        "1\n"
    );
    assert_eq!(
        guest(&[
            "bash",
            "-c",
            "cd /proc/self && pwd -P >/dev/null && cd /proc && pwd"
        ])
        .tabvm_ok(),
        "/proc\n"
    );
    assert_eq!(
        guest(&[
            "bash",
            "-c",
            "df -P / | tail -1 | awk '{print $1, $6}'; findmnt -n -o TARGET,FSTYPE /proc"
        ])
        .tabvm_ok(),
        "/dev/root /\n/proc  proc\n"
    );
    let maps = guest(&["cat", "/proc/self/maps"]).tabvm_ok();
    assert!(
        maps.contains("/usr/bin/cat") && maps.contains("[stack]") && maps.contains("ld-linux.so.2"),
        "{maps}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn shared_mappings_unlinked_files_and_multiprocessing() {
    let script = "import mmap, os, multiprocessing\n\
        path = '/tmp/tabvm-shared-map-%d' % os.getpid()\n\
        with open(path, 'wb') as f: f.write(b'.' * 8192)\n\
        fd = os.open(path, os.O_RDWR)\n\
        m = mmap.mmap(fd, 8192, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)\n\
        pid = os.fork()\n\
        if pid == 0:\n    m[0:5] = b'child'; m.flush(); os._exit(0)\n\
        os.waitpid(pid, 0)\n\
        print('parent sees', m[0:5])\n\
        m[4096:4102] = b'parent'; m.close(); os.close(fd)\n\
        data = open(path, 'rb').read()\n\
        print('file has', data[0:5], data[4096:4102], len(data))\n\
        f = open(path, 'rb'); os.unlink(path)\n\
        print('after unlink', f.read(5), os.path.exists(path)); f.close()\n\
        with multiprocessing.Pool(2) as pool: print(pool.map(abs, [-1, -2, -3]))\n";
    guest(&["python3", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn closerange_closes_exactly_its_range() {
    let script = "import os\n\
        fds = [os.open('/etc/hostname', os.O_RDONLY) for _ in range(5)]\n\
        os.closerange(fds[1], fds[3] + 1)\n\
        for fd in fds:\n    try:\n        os.fstat(fd); print(fd - fds[0], 'open')\n    except OSError as e:\n        print(fd - fds[0], e.errno)\n";
    guest(&["python3", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn sa_restart_restarts_reads_but_not_poll_select_or_sleep() {
    let out = Program::compile("c/poll_eintr.c", &[]).guest(&[]).same();
    let text = text(&out.stdout);
    assert!(
        text.contains("poll: -1 Interrupted system call") && text.contains("read: 1 x"),
        "{text}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn shared_anonymous_memory_is_shared_across_fork() {
    // The page is first touched after the fork, by the child.
    let script = "import mmap, os\n\
        m = mmap.mmap(-1, 3 * 4096, mmap.MAP_SHARED)\n\
        pid = os.fork()\n\
        if pid == 0:\n    m[8192] = 43; m[0] = 7; os._exit(0)\n\
        os.waitpid(pid, 0)\n\
        print(m[0], m[4096], m[8192])\n";
    guest(&["python3", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn the_fpu_is_saved_in_the_signal_frame_and_fresh_in_the_handler() {
    let out = Program::compile("c/signal_fpu.c", &[]).guest(&[]).same();
    let text = text(&out.stdout);
    assert!(
        text.contains("own cw 0x37f, saved cw 0x27f")
            && text.contains("cw after the handler 0x27f"),
        "{text}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn an_unprivileged_user_can_create_posix_semaphores() {
    // /dev/shm is world-writable (sticky), as the tmpfs of a running Debian is.
    let script =
        "import multiprocessing as m; l = m.Lock(); l.acquire(); l.release(); print('lock ok')";
    let out = guest(&["python3", "-c", script]).user("user").tabvm_ok();
    assert_eq!(out, "lock ok\n");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn tmp_run_and_dev_shm_are_tmpfs_as_on_linux() {
    // Natively the harness mounts a fresh tmpfs on each (common::Guest::native).
    let out = Program::compile("c/tmpfs.c", &[]).guest(&[]).same();
    let out = text(&out.stdout);
    assert!(
        out.contains("/tmp: tmpfs mode 1777 uid 0 own device 1\n"),
        "{out}"
    );
    assert!(
        out.contains("rename out -1 errno Invalid cross-device link\n"),
        "{out}"
    );
    assert!(
        out.contains("rmdir mount point -1 errno Device or resource busy\n"),
        "{out}"
    );
    assert!(out.contains("getcwd /tmp/a/b\n"), "{out}");
    assert!(out.contains("mapped: written by the child\n"), "{out}");
    assert!(out.contains("given back 1\n"), "{out}");
    // What the chroot cannot show: the mount table, and that a fresh /run
    // has the image's skeleton (/run/lock for lock files).
    let mounts = guest(&["sh", "-c", "grep tmpfs /proc/mounts; ls -ld /run/lock"]).tabvm_ok();
    assert!(
        mounts.starts_with(
            "tmpfs /dev/shm tmpfs rw,nosuid,nodev,relatime 0 0\n\
             tmpfs /run tmpfs rw,nosuid,nodev,relatime 0 0\n\
             tmpfs /tmp tmpfs rw,nosuid,nodev,relatime 0 0\n\
             drwxrwxrwt 2 root root "
        ),
        "{mounts}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn waitid_and_the_siginfo_of_sigchld() {
    let out = Program::compile("c/waitid.c", &[]).guest(&[]).same();
    let out = text(&out.stdout);
    assert!(
        out.contains("exited: 0 errno - signo 17 code 1 pid-is-child 1 status 7 uid 0\n"),
        "{out}"
    );
    assert!(
        out.contains("handler: code 2 status 9 pid-is-child 1\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn posix_timers_signal_with_their_value() {
    let out = Program::compile("c/posix_timers.c", &[]).guest(&[]).same();
    assert!(text(&out.stdout).contains("bad 0; interval 20000000 ns; armed 1"));
    // coreutils timeout arms a POSIX timer for its deadline.
    let out = guest(&["bash", "-c", "timeout 0.2 sleep 5; echo $?"]).same();
    assert_eq!(text(&out.stdout), "124\n");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn compilers_binutils_make_and_tar() {
    // The greeting names the host and machine, which differ natively (a
    // chroot on the x86_64 host): only its first words are compared.
    let script = "set -e; d=$(mktemp -d); cp /home/user/examples/c/* $d; cd $d; \
        gcc -O2 -o h1 helloworld.c; ./h1 | cut -c1-13; \
        clang -O2 -o h2 helloworld.c; ./h2 | cut -c1-13; \
        make -s; ./hello | cut -c1-13; \
        objdump -d h1 | grep -c '<main>:'; \
        tar czf x.tgz helloworld.c Makefile; mkdir y; tar xzf x.tgz -C y; cmp y/helloworld.c helloworld.c; \
        gzip -9 < helloworld.c | gzip -d | md5sum; md5sum < helloworld.c; \
        cd /; rm -rf $d; echo done";
    let out = guest(&["bash", "-c", script]).same();
    assert!(text(&out.stdout).starts_with("Hello, world!\nHello, world!\nHello, world!\n1\n"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn too_many_arguments_are_e2big() {
    // 600,000 empty arguments: their pointers alone pass a quarter of the
    // 8 MiB stack, so execve fails with E2BIG as on Linux.
    let script = "import subprocess\n\
        try:\n    subprocess.run(['/bin/true'] + [''] * 600000); print('ran')\n\
        except OSError as e:\n    print(e.errno)\n\
        print(subprocess.run(['/bin/echo'] + ['x'] * 1000, capture_output=True).stdout.count(b'x'))\n";
    let out = guest(&["python3", "-c", script]).same();
    assert_eq!(text(&out.stdout), "7\n1000\n");
}

/// Processor exceptions as a handler sees them (`c/fault_frames.c`): the
/// signal, si_code, si_addr and sigcontext's trapno and err.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn fault_signals_carry_the_trap_number_and_error_code() {
    let out = Program::compile("c/fault_frames.c", &[]).guest(&[]).same();
    let stdout = text(&out.stdout);
    for line in [
        "cs 0x23 ds 0x2b es 0x2b ss 0x2b gs 0x63\nfnstenv fcs 0x23 fds 0x2b\n",
        "int3\n  sig 5 code 128 trapno 3 err 0 cs 0x23 ss 0x2b addr 0\n",
        "write read-only\n  sig 11 code 2 trapno 14 err 0x6 cs 0x23 ss 0x2b addr expected\n",
        "write read-only, now present\n  sig 11 code 2 trapno 14 err 0x7 cs 0x23 ss 0x2b addr expected\n",
        "smsw\n  low word 0x33\n",
    ] {
        assert!(stdout.contains(line), "{line:?} in\n{stdout}");
    }
}

/// The vDSO is an ELF object the loader lists (`c/vdso.c`, `ldd`).
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn the_vdso_is_an_object_the_loader_lists() {
    let out = Program::compile("c/vdso.c", &["-ldl"]).guest(&[]).same();
    assert!(
        text(&out.stdout).contains("object [linux-gate.so.1] has PT_LOAD 1 PT_DYNAMIC 1\n"),
        "{}",
        text(&out.stdout)
    );
    guest(&["bash", "-c", "ldd /bin/ls | sed 's/ (0x[0-9a-f]*)$//'"]).same();
}
