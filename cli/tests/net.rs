//! AF_INET/AF_INET6 sockets under `tabvm run` (the netstack, smoltcp on
//! loopback), compared with the same programs run natively (chroot into
//! the Debian tree, which shares the host's loopback): python TCP and UDP
//! over 127.0.0.1 and ::1, errors and options (`net/*.py`),
//! `python3 -m http.server` with curl, and nginx serving curl
//! (`net/*.sh`), and a C program for poll bits, SIGPIPE, MSG_WAITALL,
//! SO_LINGER and refused connects (`net/edges.c`), and `ip` over
//! rtnetlink (under tabvm only). Each test has its own
//! unusual ports (41101-41122); every server exits by itself or is killed
//! by its script.
//!
//! They need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`), which
//! `cargo xtask test` provides.

mod common;

use common::{Program, guest};

/// A python3 script, natively and under tabvm.
fn same_python(script: &str) {
    guest(&["python3", "-c", script]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_tcp_echo_backlog_large_transfer_half_close() {
    same_python(include_str!("net/echo.py"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_refused_nonblocking_connect_options_reset_epipe() {
    same_python(include_str!("net/errors.py"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_udp_datagrams() {
    same_python(include_str!("net/udp.py"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn python_ipv6_and_dual_stack() {
    same_python(include_str!("net/ipv6.py"));
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn http_server_and_curl() {
    guest(&["bash", "-c", include_str!("net/http.sh")]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn nginx_serves_curl() {
    guest(&["bash", "-c", include_str!("net/nginx.sh")]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn c_poll_bits_sigpipe_waitall_linger_refused() {
    Program::compile("net/edges.c", &[]).guest(&[]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn nginx_checks_the_default_config() {
    guest(&["bash", "-c", "nginx -t 2>&1; echo status $?"]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn nginx_proxies_to_a_python_backend() {
    guest(&["bash", "-c", include_str!("net/proxy.sh")]).same();
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn nginx_runs_as_a_daemon_with_a_master_and_workers() {
    let out = guest(&["bash", "-c", include_str!("net/nginx_daemon.sh")])
        .with_proc()
        .same();
    let out = common::text(&out.stdout);
    assert!(out.contains("www-data nginx: worker process\n"), "{out}");
    assert!(
        out.contains("root     nginx: master process nginx -c"),
        "{out}"
    );
}

/// The machine's interfaces through rtnetlink: `ip` lists the loopback
/// interface and its two addresses as Linux's `lo` has them, `ip link
/// show` finds it by name and not a missing one, and glibc's
/// `if_nameindex` sees it. Under tabvm only: natively the chroot sees the
/// host's interfaces.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn ip_and_glibc_see_the_loopback_interface() {
    let script = r#"ip addr; ip -4 -o addr; ip link show lo; ip route; echo "route $?"
        ip link show eth0 2>&1; echo "eth0 $?"
        python3 -c 'import socket; print(socket.if_nameindex())'"#;
    let out = guest(&["bash", "-c", script]).tabvm_ok();
    for line in [
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n    inet6 ::1/128 scope host \n",
        "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n",
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n",
        "route 0\nDevice \"eth0\" does not exist.\neth0 1\n[(1, 'lo')]\n",
    ] {
        assert!(out.contains(line), "{line:?} missing from {out}");
    }
}

/// `/proc/net/tcp`, `tcp6` and `udp` list the stack's listeners,
/// connections and bound datagram sockets as Linux prints them, so `ss`
/// (through its /proc fallback) shows what listens. Under tabvm only:
/// natively the chroot has no /proc.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn proc_net_and_ss_list_the_sockets() {
    let script = r#"
import socket, subprocess
a = socket.socket(); a.bind(("127.0.0.1", 41121)); a.listen(5)
b = socket.socket(socket.AF_INET6); b.bind(("::", 41122)); b.listen(7)
c = socket.create_connection(("127.0.0.1", 41121)); d, _ = a.accept(); c.send(b"hello")
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 41121))
for name in ("tcp", "tcp6", "udp"):
    print(open("/proc/net/" + name).read(), end="")
print(subprocess.run(["ss", "-tln"], capture_output=True, text=True).stdout, end="")
"#;
    let out = guest(&["python3", "-c", script]).tabvm_ok();
    for line in [
        "   0: 0100007F:A0A1 00000000:0000 0A 00000005:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 100 0 0 10 0",
        " 0100007F:A0A1 0100007F:",
        " 01 00000000:00000005 ",
        "   0: 00000000000000000000000000000000:A0A2 00000000000000000000000000000000:0000 0A 00000007:00000000 ",
        "   0: 0100007F:A0A1 00000000:0000 07 00000000:00000000 ",
        "127.0.0.1:41121",
        "*:41122",
    ] {
        assert!(out.contains(line), "{line:?} missing from {out}");
    }
}
