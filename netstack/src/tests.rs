//! The stack against Linux's socket semantics, all on loopback.

use super::*;

const T: u64 = 1_000_000_000;

fn v4(port: u16) -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)
}

fn v6(port: u16) -> SocketAddr {
    SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), port)
}

fn any4(port: u16) -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), port)
}

fn any6(port: u16) -> SocketAddr {
    SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), port)
}

fn listener(st: &mut Stack, addr: SocketAddr, backlog: i32) -> SockId {
    let l = st.socket(Proto::Tcp, addr.is_ipv6()).unwrap();
    st.bind(l, addr).unwrap();
    st.listen(l, backlog).unwrap();
    l
}

fn connected(st: &mut Stack, to: SocketAddr) -> SockId {
    let c = st.socket(Proto::Tcp, to.is_ipv6()).unwrap();
    assert_eq!(st.connect(c, to), Ok(()));
    c
}

/// Reads everything until end of file.
fn drain(st: &mut Stack, id: SockId) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        match st.recv(id, 70_000, false) {
            Ok(d) if d.is_empty() => return out,
            Ok(d) => out.extend(d),
            Err(e) => panic!("recv: {e:?}"),
        }
    }
}

#[test]
fn connect_accept_echo() {
    let mut st = Stack::new(T, 1);
    let l = listener(&mut st, v4(41000), 5);
    let c = connected(&mut st, v4(41000));
    assert!(st.ready(l).readable);
    let (s, peer) = st.accept(l).unwrap();
    assert_eq!(Some(peer), st.local_addr(c).unwrap());
    assert_eq!(st.peer_addr(c), Ok(v4(41000)));
    assert_eq!(st.local_addr(s).unwrap(), Some(v4(41000)));
    assert!((EPHEMERAL_FIRST..=EPHEMERAL_LAST).contains(&peer.port()));
    assert_eq!(st.send(c, b"hello"), Ok(5));
    assert!(st.ready(s).readable);
    assert_eq!(st.recv(s, 3, true).unwrap(), b"hel");
    assert_eq!(st.recv(s, 100, false).unwrap(), b"hello");
    assert_eq!(st.recv(s, 100, false), Err(NetError::WouldBlock));
    assert_eq!(st.send(s, b"world"), Ok(5));
    assert_eq!(st.recv(c, 100, false).unwrap(), b"world");
    assert_eq!(st.accept(l), Err(NetError::WouldBlock));
}

#[test]
fn backlog_holds_several_connections_in_order() {
    let mut st = Stack::new(T, 2);
    let l = listener(&mut st, any4(41001), 4);
    let clients: Vec<SockId> = (0..4).map(|_| connected(&mut st, v4(41001))).collect();
    for &c in &clients {
        let (_, peer) = st.accept(l).unwrap();
        assert_eq!(Some(peer), st.local_addr(c).unwrap());
    }
    // Past the backlog (5 = backlog + 1 queued), a connect waits.
    let more: Vec<SockId> = (0..6)
        .map(|_| {
            let c = st.socket(Proto::Tcp, false).unwrap();
            let _ = st.connect(c, v4(41001));
            c
        })
        .collect();
    let done = more
        .iter()
        .filter(|&&c| st.connect_status(c) == Ok(true))
        .count();
    assert_eq!(done, 5);
    for _ in 0..5 {
        st.accept(l).unwrap();
    }
    st.poll(2 * T);
    assert_eq!(st.connect_status(more[5]), Ok(true));
    st.accept(l).unwrap();
}

#[test]
fn refused_and_unreachable() {
    let mut st = Stack::new(T, 3);
    let c = st.socket(Proto::Tcp, false).unwrap();
    assert_eq!(st.connect(c, v4(41002)), Err(NetError::InProgress));
    let r = st.ready(c);
    assert!(r.error && r.writable && r.hup);
    assert_eq!(st.connect_status(c), Err(NetError::ConnRefused));
    assert_eq!(st.take_error(c), Ok(None));
    let d = st.socket(Proto::Tcp, false).unwrap();
    let far = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3)), 80);
    assert_eq!(st.connect(d, far), Err(NetError::NetUnreach));
    // A v4-only listener does not take IPv6 connections.
    listener(&mut st, any4(41003), 1);
    let e = st.socket(Proto::Tcp, true).unwrap();
    assert_eq!(st.connect(e, v6(41003)), Err(NetError::InProgress));
    assert_eq!(st.connect_status(e), Err(NetError::ConnRefused));
}

#[test]
fn eof_half_close_and_large_transfer() {
    let mut st = Stack::new(T, 4);
    let l = listener(&mut st, v4(41004), 1);
    let c = connected(&mut st, v4(41004));
    let (s, _) = st.accept(l).unwrap();
    let data: Vec<u8> = (0..1_048_576u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut sent = 0;
    let mut got = Vec::new();
    let mut rounds = 0;
    while got.len() < data.len() {
        rounds += 1;
        assert!(rounds < 10_000, "transfer stalled at {}", got.len());
        if sent < data.len() {
            match st.send(c, &data[sent..]) {
                Ok(n) => sent += n,
                Err(NetError::WouldBlock) => {}
                Err(e) => panic!("send: {e:?}"),
            }
        }
        match st.recv(s, 65536, false) {
            Ok(d) => got.extend(d),
            Err(NetError::WouldBlock) => {}
            Err(e) => panic!("recv: {e:?}"),
        }
    }
    assert!(got == data);
    // Half-close: the server reads EOF and can still answer.
    st.shutdown(c, false, true).unwrap();
    assert_eq!(st.send(c, b"x"), Err(NetError::Pipe));
    assert!(st.ready(s).rdhup);
    assert_eq!(st.recv(s, 10, false).unwrap(), b"");
    st.send(s, b"bye").unwrap();
    st.close(s, false);
    assert_eq!(drain(&mut st, c), b"bye");
    assert!(st.ready(c).hup);
}

#[test]
fn close_with_unread_data_resets() {
    let mut st = Stack::new(T, 5);
    let l = listener(&mut st, v4(41005), 1);
    let c = connected(&mut st, v4(41005));
    let (s, _) = st.accept(l).unwrap();
    st.send(c, b"unread").unwrap();
    st.close(s, false);
    let r = st.ready(c);
    assert!(r.error && r.hup, "{r:?}");
    assert_eq!(st.recv(c, 10, false), Err(NetError::ConnReset));
    assert_eq!(st.recv(c, 10, false).unwrap(), b"");
    assert_eq!(st.send(c, b"x"), Err(NetError::Pipe));
}

#[test]
fn write_after_peer_closed_is_broken_pipe() {
    let mut st = Stack::new(T, 6);
    let l = listener(&mut st, v4(41006), 1);
    let c = connected(&mut st, v4(41006));
    let (s, _) = st.accept(l).unwrap();
    st.close(s, false);
    assert_eq!(st.recv(c, 10, false).unwrap(), b"");
    // The first write reaches a closed socket, which answers RST.
    let first = st.send(c, b"x");
    assert_eq!(first, Ok(1));
    assert!(matches!(
        st.send(c, b"y"),
        Err(NetError::ConnReset | NetError::Pipe)
    ));
}

#[test]
fn address_in_use_and_reuse() {
    let mut st = Stack::new(T, 7);
    let l = listener(&mut st, any4(41007), 1);
    let b = st.socket(Proto::Tcp, false).unwrap();
    assert_eq!(st.bind(b, v4(41007)), Err(NetError::AddrInUse));
    // A dual-stack :: overlaps 0.0.0.0; a v6-only one does not.
    let d = st.socket(Proto::Tcp, true).unwrap();
    assert_eq!(st.bind(d, any6(41007)), Err(NetError::AddrInUse));
    st.set_options(
        d,
        Options {
            v6only: true,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(st.bind(d, any6(41007)), Ok(()));
    // A connection left after the listener closed keeps the port unless
    // SO_REUSEADDR.
    let c = connected(&mut st, v4(41007));
    let (s, _) = st.accept(l).unwrap();
    st.close(l, false);
    let again = st.socket(Proto::Tcp, false).unwrap();
    assert_eq!(st.bind(again, any4(41007)), Err(NetError::AddrInUse));
    st.close(c, false);
    st.close(s, false);
    let reuse = Options {
        reuse_addr: true,
        ..Options::default()
    };
    st.set_options(again, reuse).unwrap();
    assert_eq!(st.bind(again, any4(41007)), Ok(()));
    st.listen(again, 1).unwrap();
}

#[test]
fn ephemeral_ports_differ_and_stay_in_range() {
    let mut st = Stack::new(T, 8);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..20 {
        let u = st.socket(Proto::Udp, false).unwrap();
        st.bind(u, any4(0)).unwrap();
        let p = st.local_addr(u).unwrap().unwrap().port();
        assert!((EPHEMERAL_FIRST..=EPHEMERAL_LAST).contains(&p));
        assert!(seen.insert(p));
    }
}

#[test]
fn dual_stack_listener_takes_v4_and_v6() {
    let mut st = Stack::new(T, 9);
    let l = listener(&mut st, any6(41009), 2);
    let c4 = connected(&mut st, v4(41009));
    let (_, p4) = st.accept(l).unwrap();
    assert_eq!(Some(p4), st.local_addr(c4).unwrap());
    let c6 = connected(&mut st, v6(41009));
    let (s6, p6) = st.accept(l).unwrap();
    assert_eq!(Some(p6), st.local_addr(c6).unwrap());
    assert_eq!(st.local_addr(s6).unwrap(), Some(v6(41009)));
}

#[test]
fn v4_and_v6_only_wildcard_listeners_on_one_port_take_their_own_family() {
    // nginx's `listen 80; listen [::]:80;` (ipv6only=on): each connection
    // reaches the listener of its family, whichever listened first.
    for v6_first in [true, false] {
        let mut st = Stack::new(T, 10);
        let only6 = Options {
            v6only: true,
            ..Options::default()
        };
        let l6 = st.socket(Proto::Tcp, true).unwrap();
        st.set_options(l6, only6).unwrap();
        let l4 = st.socket(Proto::Tcp, false).unwrap();
        let order = if v6_first { [l6, l4] } else { [l4, l6] };
        for l in order {
            let addr = if l == l6 { any6(41010) } else { any4(41010) };
            st.bind(l, addr).unwrap();
            st.listen(l, 4).unwrap();
        }
        for _ in 0..3 {
            let c4 = connected(&mut st, v4(41010));
            let c6 = connected(&mut st, v6(41010));
            let (_, p4) = st.accept(l4).unwrap();
            assert_eq!(Some(p4), st.local_addr(c4).unwrap(), "v6 first: {v6_first}");
            let (_, p6) = st.accept(l6).unwrap();
            assert_eq!(Some(p6), st.local_addr(c6).unwrap(), "v6 first: {v6_first}");
        }
        assert_eq!(st.accept(l4).err(), Some(NetError::WouldBlock));
        assert_eq!(st.accept(l6).err(), Some(NetError::WouldBlock));
    }
}

#[test]
fn udp_datagrams_keep_boundaries() {
    let mut st = Stack::new(T, 10);
    let a = st.socket(Proto::Udp, false).unwrap();
    st.bind(a, v4(41010)).unwrap();
    let b = st.socket(Proto::Udp, false).unwrap();
    assert_eq!(st.send_to(b, b"one", Some(v4(41010))), Ok(3));
    assert_eq!(st.send_to(b, b"two!", Some(v4(41010))), Ok(4));
    let from = st.local_addr(b).unwrap().unwrap();
    let d = st.recv_from(a, 2, false).unwrap();
    assert_eq!((d.data.as_slice(), d.full_len), (&b"on"[..], 3));
    assert_eq!(d.from.port(), from.port());
    let d = st.recv_from(a, 100, true).unwrap();
    assert_eq!(d.data, b"two!");
    let d = st.recv_from(a, 100, false).unwrap();
    assert_eq!(d.data, b"two!");
    assert_eq!(st.recv_from(a, 100, false), Err(NetError::WouldBlock));
    assert_eq!(st.send(a, b"x"), Err(NetError::DestAddrReq));
    // A connected socket sends to and only hears from its peer.
    st.connect(a, d.from).unwrap();
    st.send(a, b"back").unwrap();
    assert_eq!(st.recv_from(b, 100, false).unwrap().data, b"back");
    let c = st.socket(Proto::Udp, false).unwrap();
    st.send_to(c, b"stranger", Some(v4(41010))).unwrap();
    assert_eq!(st.recv_from(a, 100, false), Err(NetError::WouldBlock));
    assert_eq!(
        st.send_to(c, &vec![0; UDP_MAX + 1], Some(v4(41010))),
        Err(NetError::MsgSize)
    );
    // A connected socket hears of a closed port (ICMP port unreachable).
    st.connect(c, v4(41011)).unwrap();
    assert_eq!(st.send(c, b"anyone?"), Ok(7));
    assert!(st.ready(c).error);
    assert_eq!(st.recv_from(c, 10, false), Err(NetError::ConnRefused));
    assert_eq!(st.recv_from(c, 10, false), Err(NetError::WouldBlock));
}

#[test]
fn socket_count_is_bounded() {
    let mut st = Stack::new(T, 11);
    for _ in 0..MAX_SOCKETS {
        st.socket(Proto::Tcp, false).unwrap();
    }
    assert_eq!(st.socket(Proto::Tcp, false), Err(NetError::NoBufs));
}

#[test]
fn closed_connections_free_their_sockets_without_time_wait() {
    let mut st = Stack::new(T, 12);
    let l = listener(&mut st, v4(41012), 1);
    for _ in 0..300 {
        let c = connected(&mut st, v4(41012));
        let (s, _) = st.accept(l).unwrap();
        st.send(c, b"request").unwrap();
        assert_eq!(st.recv(s, 100, false).unwrap(), b"request");
        st.close(s, false);
        assert_eq!(st.recv(c, 100, false).unwrap(), b"");
        st.close(c, false);
    }
    assert!(st.orphans.is_empty());
    assert_eq!(st.set.iter().count(), 2); // the listener's spares
    assert_eq!(st.poll_at(), None);
}

#[test]
fn host_tunnel_reaches_a_guest_listener() {
    let mut st = Stack::new(T, 13);
    assert_eq!(st.host_connect(41013), Err(NetError::ConnRefused));
    let l = listener(&mut st, any6(41013), 8);
    let h = st.host_connect(41013).unwrap();
    let (g, _) = st.accept(l).unwrap();
    assert_eq!(st.host_write(h, b"GET / HTTP/1.1\r\n\r\n"), Ok(18));
    assert_eq!(st.recv(g, 100, false).unwrap(), b"GET / HTTP/1.1\r\n\r\n");
    st.send(g, b"HTTP/1.1 200 OK\r\n\r\nhi").unwrap();
    st.close(g, false);
    assert!(st.host_ready(h).readable);
    let mut got = Vec::new();
    loop {
        let d = st.host_read(h, 7).unwrap();
        if d.is_empty() {
            break;
        }
        got.extend(d);
    }
    assert_eq!(got, b"HTTP/1.1 200 OK\r\n\r\nhi");
    st.host_close(h);
    assert_eq!(st.host_read(h, 1), Err(NetError::BadId));
}

#[test]
fn stale_ids_are_errors_not_panics() {
    let mut st = Stack::new(T, 14);
    let s = st.socket(Proto::Tcp, false).unwrap();
    st.close(s, false);
    assert_eq!(st.send(s, b"x"), Err(NetError::BadId));
    assert_eq!(st.listen(s, 1), Err(NetError::BadId));
    st.close(s, true);
    assert!(st.ready(s).hup);
}

#[test]
fn an_idle_stack_reports_no_change() {
    let mut st = Stack::new(T, 15);
    let l = listener(&mut st, v4(41015), 4);
    let c = connected(&mut st, v4(41015));
    let (_s, _) = st.accept(l).unwrap();
    let _ = st.take_changed();
    for i in 1..20 {
        assert!(!st.poll(T + i * 1_000_000), "poll {i} reported a change");
    }
    let _ = c;
}

/// Random operations on random (also stale) ids and addresses: nothing
/// panics, and the stack's bookkeeping stays bounded.
#[test]
fn random_operations_never_panic() {
    for seed in [0x2545_f491_4f6c_dd1d, 1, 0xdead_beef, 0x1234_5678_9abc, 42] {
        random_run(seed);
    }
}

fn random_run(mut seed: u64) {
    let mut st = Stack::new(T, seed);
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut ids: Vec<SockId> = Vec::new();
    let ports = [0u16, 41016, 41017, 41018];
    for step in 0..20_000u64 {
        let r = next();
        let pick = |n: u64| ids.get((n as usize) % ids.len().max(1)).copied();
        let port = ports[(r >> 8) as usize % ports.len()];
        let addr = match (r >> 12) % 5 {
            0 => v4(port),
            1 => v6(port),
            2 => any4(port),
            3 => any6(port),
            _ => SocketAddr::new(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)), port),
        };
        let id = pick(r >> 20).unwrap_or(SockId(7));
        match r % 14 {
            0 | 1 => {
                let proto = if r & 0x100 == 0 {
                    Proto::Tcp
                } else {
                    Proto::Udp
                };
                if let Ok(id) = st.socket(proto, r & 0x200 != 0) {
                    ids.push(id);
                }
            }
            2 => drop(st.bind(id, addr)),
            3 => drop(st.listen(id, (r >> 30) as i32 % 6 - 1)),
            4 => drop(st.connect(id, addr)),
            5 => drop(st.accept(id).map(|(n, _)| ids.push(n))),
            6 => drop(st.send_to(id, &[7; 3000], Some(addr))),
            7 => drop(st.recv_from(id, (r >> 40) as usize % 70_000, r & 0x400 != 0)),
            8 => drop(st.shutdown(id, r & 0x800 != 0, r & 0x1000 != 0)),
            9 => {
                st.close(id, r & 0x2000 != 0);
                ids.retain(|&x| x != id);
            }
            10 => drop(st.set_options(
                id,
                Options {
                    reuse_addr: r & 0x4000 != 0,
                    reuse_port: r & 0x8000 != 0,
                    v6only: r & 0x1_0000 != 0,
                },
            )),
            11 => drop((st.ready(id), st.local_addr(id), st.peer_addr(id))),
            12 => drop((st.connect_status(id), st.take_error(id), st.recv_queue(id))),
            _ => drop(st.poll(T + step * 1_000_000)),
        }
        assert!(st.socks.len() <= MAX_SOCKETS);
        assert!(st.set.iter().count() <= MAX_HANDLES + LISTEN_SPARES);
    }
    for id in ids {
        st.close(id, false);
    }
    st.poll(T + 30 * T);
    assert!(st.socks.is_empty());
}

#[test]
fn the_listing_has_listeners_connections_and_bound_datagram_sockets() {
    let mut st = Stack::new(0, 1);
    let l = listener(&mut st, v4(7000), 3);
    let idle = st.socket(Proto::Tcp, false).unwrap();
    st.bind(idle, v4(7001)).unwrap();
    let c = connected(&mut st, v4(7000));
    st.send(c, b"abc").unwrap();
    let u = st.socket(Proto::Udp, true).unwrap();
    st.bind(u, any6(7002)).unwrap();
    let listed = st.list();
    let of = |id| listed.iter().find(|s| s.id == id).copied();
    let listening = of(l).unwrap();
    assert_eq!(
        (listening.state, listening.tx_queue, listening.rx_queue),
        (10, 3, 1)
    );
    assert!(
        of(idle).is_none(),
        "a socket only bound is in no listed table"
    );
    let conn = of(c).unwrap();
    assert_eq!((conn.state, conn.peer), (1, v4(7000)));
    let datagram = of(u).unwrap();
    assert_eq!(
        (datagram.proto, datagram.v6, datagram.state, datagram.local),
        (Proto::Udp, true, 7, any6(7002))
    );
}
