//! A sweep of the programs a user of a Debian machine runs: python's
//! asyncio, process pools, mmap, selectors and ctypes; gcc and clang with
//! threads, shared objects and sanitizers, make and binutils; perl with
//! fork and pipes; a git workflow; the shell's job-control tools; the
//! admin tools. Each group is one guest shell (or python) run, natively
//! (chroot of the Debian tree) and under `tabvm run`, and compared; what
//! differs between two native runs (pids, times, sizes) is reduced to its
//! shape in the script itself. The /proc tools (which the chroot lacks)
//! run under tabvm only, with sanity checks.
//!
//! Servers bind 127.0.0.1 on 41202..41209; every wait is bounded.
//!
//! They need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`),
//! which `cargo xtask test` provides.

mod common;

use common::{Program, guest, text};

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_asyncio_echo_server_and_clients() {
    let out = guest(&["python3", "-c", include_str!("apps/py_async.py")]).same();
    let out = text(&out.stdout);
    assert!(out.starts_with("serving ('127.0.0.1', 41202)\n"), "{out}");
    assert!(
        out.contains("60001 b'XXX'\ntimed out\nb'from child\\n' 4\n"),
        "{out}"
    );
    assert!(out.ends_with("server closed\n"), "{out}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_pools_mmap_selectors_ctypes_and_decimals() {
    let out = guest(&["python3", "-c", include_str!("apps/py_runtime.py")]).same();
    let out = text(&out.stdout);
    assert!(out.contains("\n[0, 1, 2, 3, 5, 7, 8, 9] True\n"), "{out}");
    assert!(out.ends_with("\n275295799/77597520\n"), "{out}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_unittest_compileall_and_importtime() {
    let script = concat!(
        "set -e; mkdir /tmp/t; cd /tmp/t; cat > test_arith.py <<'EOF'\n",
        include_str!("apps/py_test.py"),
        "EOF\n",
        r#"python3 -m unittest -v test_arith 2>&1 | sed 's/ in [0-9.]*s$/ in Ts/' || echo "unittest $?"
        python3 -m unittest discover -q -s . -p 'test_*.py' 2>&1 | tail -3 | sed 's/ in [0-9.]*s$/ in Ts/'
        python3 -m compileall -q . ; ls __pycache__ | sort
        python3 -m compileall -f . | sed 's/^Listing .*/Listing/'
        python3 -c 'import py_compile; print(py_compile.compile("test_arith.py", cfile="x.pyc"))'
        python3 -X importtime -c 'import json' 2>&1 | awk -F'|' 'NR==1{print} NR>1{gsub(/ /,"",$3); print $3}' | sort | head -40
        python3 -X importtime -c 'import json' 2>&1 | awk -F'|' 'NR>1 && ($1+0 < 0 || $2+0 < $1+0){print "bad", $0}'
    "#
    );
    let out = guest(&["bash", "-c", script]).same();
    let out = text(&out.stdout);
    assert!(out.contains("FAILED (failures=2, skipped=1)\n"), "{out}");
    assert!(out.contains("json.decoder\n"), "{out}");
}

/// `cat > NAME <<'CEOF'` of a source file from `cli/tests/c/`, for a
/// script that builds in the guest.
macro_rules! source {
    ($name:literal, $file:literal) => {
        concat!(
            "cat > ",
            $name,
            " <<'CEOF'\n",
            include_str!(concat!("c/", $file)),
            "CEOF\n"
        )
    };
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_threads_shared_objects_sanitizers_make_and_binutils() {
    let script = concat!(
        "set -e; mkdir /tmp/c; cd /tmp/c\n",
        source!("threads.c", "apps_threads.c"),
        source!("plugin.c", "apps_plugin.c"),
        source!("dlopen.c", "apps_dlopen.c"),
        source!("ubsan.c", "apps_ubsan.c"),
        include_str!("apps/c_tools.sh")
    );
    let out = guest(&["bash", "-c", script]).same();
    let out = text(&out.stdout);
    assert!(out.contains("counter 80000, main's own 0\n"), "{out}");
    assert!(
        out.contains("dladdr ./libplugin.so plugin_add\nplugin unloaded\n"),
        "{out}"
    );
    assert!(out.contains("runtime error: shift exponent 33"), "{out}");
    assert!(out.contains("trap 132\napp 11\nup to date\n"), "{out}");
    assert!(
        out.contains("stripped smaller\nnm: app: no symbols\nstripped app 11\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn perl_fork_pipes_sockets_and_signals() {
    let out = guest(&["perl", "-e", include_str!("apps/perl_fork.pl")]).same();
    let out = text(&out.stdout);
    assert!(out.starts_with("child 1 says 11\n"), "{out}");
    assert!(out.contains("signal 15\ncherry\nbanana\napple\n"), "{out}");
    assert!(
        out.ends_with("kid done 7\nchild got USR1\nsleeper 5\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn git_clone_branch_merge_rebase_gc_and_bisect() {
    let out = guest(&["bash", "-c", include_str!("apps/git_flow.sh")]).same();
    let out = text(&out.stdout);
    assert!(
        out.contains("*   1317367 Merge branch 'feature'\n|\\  \n"),
        "{out}"
    );
    assert!(
        out.contains("is the first bad commit\n    spell five\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn shell_tools_time_lock_and_run_in_parallel() {
    let out = guest(&["bash", "-c", include_str!("apps/shell_tools.sh")]).same();
    let out = text(&out.stdout);
    assert!(
        out.starts_with("timeout 124\ngot INT\ntimeout INT 124\ntimeout -k 137\n"),
        "{out}"
    );
    assert!(
        out.contains("held\ngot it after the holder\nfree 0\n"),
        "{out}"
    );
    assert!(out.ends_with("watch -g 0\n"), "{out}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn users_packages_loader_cache_and_locale() {
    let out = guest(&["bash", "-c", include_str!("apps/admin.sh")]).same();
    let out = text(&out.stdout);
    assert!(
        out.contains("newbie:New Person:/home/newbie:/bin/bash\n"),
        "{out}"
    );
    assert!(
        out.contains("newbie\n/home/newbie\nnewbie newbie\n"),
        "{out}"
    );
    assert!(out.contains("newbie gone\nhome gone\n"), "{out}");
    assert!(out.contains("bash install ok installed\n"), "{out}");
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn process_tools_under_tabvm() {
    // The chroot has no /proc: tabvm only; the script checks each answer
    // against the pids it knows and prints what must hold.
    let out = guest(&["bash", "-c", include_str!("apps/proc_tools.sh")]).tabvm_ok();
    let sections: Vec<&str> = out.split("---\n").collect();
    assert_eq!(sections.len(), 3, "{out}");
    assert!(
        sections[0].starts_with("pgrep 2 1 1 1\npidof 1 1 1\n"),
        "{out}"
    );
    assert!(
        sections[0].contains("bash(N)-+-pstree(N)\n        |-sed(N)\n"),
        "{out}"
    );
    assert!(
        sections[0].ends_with(
            "pkill -> 143\npkill -USR1 -> 138\nKilled zzsnapc(N) with signal 15\nkillall -> 143\n\
             none left\nkillall nothing 1\n"
        ),
        "{out}"
    );
    // Every /proc and /sys directory has an inode number of its own, or
    // find(1) takes each for a file system loop; statfs tells proc, sysfs
    // and devpts from the disk, and df -a finds each on its own device.
    assert_eq!(
        sections[1],
        "/proc/sys\n/proc/sys/kernel\n/proc/sys/vm\n/sys\n/sys/devices\n/sys/devices/system\n\
         /sys/devices/system/cpu\ndu 0\npid and fd dirs differ\n\
         ext2/ext3\nproc\nproc\nsysfs\nsysfs\ndevpts\ntmpfs\n\
         proc 0 /proc\nsysfs 0 /sys\ndevpts 0 /dev/pts\n"
    );
    assert_eq!(
        sections[2],
        "ext2\nproc\ntmpfs\n1\nsized\ninodes\nMem: fits\nup \n/\n/tmp\n128\n256\n5\n  3\nfuser finds it\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn network_listing_tools_under_tabvm() {
    // Natively these list the host's interfaces: tabvm only. The machine
    // has lo alone; iproute2 renders rtnetlink's answers as on any Linux
    // machine whose only interface is lo, and glibc's if_nametoindex asks
    // through the interface ioctls.
    let script = r#"ip address; echo "ip $?"; ip -br link; ip -4 -o addr | cut -d'\' -f1; ip route; echo "route $?"
        ip link show eth0 2>&1; echo "eth0 $?"; ip addr add 10.0.0.1/24 dev lo 2>&1; echo "add $?"
        hostname -I; echo "hostname -I $?"
        python3 -c 'import socket; print(socket.if_nameindex(), socket.if_nametoindex("lo"), socket.if_indextoname(1))'
        python3 -c 'import socket; socket.if_nametoindex("eth0")' 2>&1 | tail -1
        python3 -c 'import socket; socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 9)' 2>&1 | tail -1"#;
    let out = guest(&["bash", "-c", script]).tabvm_ok();
    assert_eq!(
        out,
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n\
         \x20   link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n\
         \x20   inet 127.0.0.1/8 scope host lo\n\
         \x20      valid_lft forever preferred_lft forever\n\
         \x20   inet6 ::1/128 scope host \n\
         \x20      valid_lft forever preferred_lft forever\n\
         ip 0\n\
         lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n\
         1: lo    inet 127.0.0.1/8 scope host lo\n\
         route 0\n\
         Device \"eth0\" does not exist.\neth0 1\n\
         RTNETLINK answers: Operation not supported\nadd 2\n\
         \nhostname -I 0\n\
         [(1, 'lo')] 1 lo\n\
         OSError: no interface with this name\n\
         OSError: [Errno 93] Protocol not supported\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn splice_and_tee_move_data_through_pipes() {
    let program = Program::compile("c/apps_splice.c", &[]);
    let out = program.guest(&[]).same();
    let out = text(&out.stdout);
    assert!(out.contains("copied 300000, same 1\n"), "{out}");
    assert!(
        out.ends_with("into a pipe without readers = -1 Broken pipe\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn perl_threads_and_sockets_python_shared_memory() {
    let out = guest(&["bash", "-c", include_str!("apps/modules.sh")]).same();
    let out = text(&out.stdout);
    assert!(
        out.starts_with("2,4,6,8\ndgram\nhi from child\nb'abc'\n$6$saltsalt$"),
        "{out}"
    );
}
