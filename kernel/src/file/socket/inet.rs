//! `AF_INET` and `AF_INET6` sockets (ip(7), ipv6(7), tcp(7), udp(7)) on
//! the netstack (`tabvm-netstack`, smoltcp over loopback).
//!
//! This layer speaks the guest ABI: it parses and prints `sockaddr_in`/
//! `sockaddr_in6` (ports and addresses in network byte order; an
//! `AF_INET6` socket sees IPv4 peers as `::ffff:a.b.c.d`), turns
//! [`NetError`]s into errnos, waits the restartable way (a call that would
//! wait returns `Wait::Io` having changed nothing; the stack's state
//! changes wake every `Wait::Io` waiter), raises `SIGPIPE`, and stores the
//! socket options that only have to be reported back. A file's `Drop`
//! queues its socket for closing; the stack closes it before the next
//! operation or at the next [`poll`] (graceful FIN, or RST with unread
//! data or `SO_LINGER` of zero).

use super::{Ancillary, Received, SocketOps, format_timeval, int_bytes, parse_timeval, timed};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::poll::{
    POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDHUP, POLLRDNORM, POLLWRNORM,
};
use crate::abi::signal::SIGPIPE;
use crate::abi::socket::{
    AF_INET, AF_INET6, AF_UNSPEC, IP_MULTICAST_LOOP, IP_MULTICAST_TTL, IP_RECVERR, IP_TOS, IP_TTL,
    IPPROTO_TCP, IPPROTO_UDP, IPV6_V6ONLY, MSG_NOSIGNAL, MSG_OOB, MSG_PEEK, MSG_TRUNC, MSG_WAITALL,
    SO_ACCEPTCONN, SO_BROADCAST, SO_DEBUG, SO_DOMAIN, SO_DONTROUTE, SO_ERROR, SO_KEEPALIVE,
    SO_LINGER, SO_OOBINLINE, SO_PRIORITY, SO_PROTOCOL, SO_RCVBUF, SO_RCVLOWAT, SO_RCVTIMEO,
    SO_RCVTIMEO_NEW, SO_REUSEADDR, SO_REUSEPORT, SO_SNDBUF, SO_SNDLOWAT, SO_SNDTIMEO,
    SO_SNDTIMEO_NEW, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOL_IP, SOL_IPV6, SOL_SOCKET, SOL_TCP,
    SOL_UDP, SockAddrIn, SockAddrIn6, TCP_CORK, TCP_DEFER_ACCEPT, TCP_KEEPCNT, TCP_KEEPIDLE,
    TCP_KEEPINTVL, TCP_LINGER2, TCP_MAXSEG, TCP_NODELAY, TCP_QUICKACK, TCP_SYNCNT,
    TCP_USER_TIMEOUT, TCP_WINDOW_CLAMP,
};
use crate::abi::termios::ioctl::{FIONREAD, TIOCOUTQ};
use crate::error::{SysErr, SysResult, Wait};
use crate::file::FileOps;
use crate::task::Pid;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};
use std::cell::{Cell, Ref, RefCell, RefMut};
use std::collections::BTreeMap;
use std::rc::Rc;
use tabvm_netstack::{NetError, Options, Proto, SockId, Stack};

/// `IPV6_UNICAST_HOPS` and `IPV6_TCLASS` (`linux/in6.h`).
const IPV6_UNICAST_HOPS: u32 = 16;
const IPV6_RECVERR: u32 = 25;
const IPV6_TCLASS: u32 = 67;
/// Largest `SO_RCVBUF`/`SO_SNDBUF` a process may ask for
/// (`net.core.rmem_max`/`wmem_max`); the kernel doubles what it stores.
const BUF_MAX: u32 = 212_992;

/// Sockets whose file was dropped while the stack was in use (never in
/// practice: files are not dropped inside a stack call), closed at the
/// stack's next use.
type Closed = Rc<RefCell<Vec<(SockId, bool)>>>;

/// The kernel's network: the stack, shared with the sockets so that the
/// last close of one closes it in the stack at once (its peer sees the FIN
/// or RST before the closer's next call).
pub struct Net {
    stack: Rc<RefCell<Stack>>,
    closed: Closed,
}

impl Net {
    /// A stack whose clock starts at `now_ns`.
    #[must_use]
    pub fn new(now_ns: u64, seed: u64) -> Net {
        Net {
            stack: Rc::new(RefCell::new(Stack::new(now_ns, seed))),
            closed: Rc::default(),
        }
    }

    /// The stack, for the host tunnel (the preview's connections).
    #[must_use]
    pub fn stack(&self) -> Rc<RefCell<Stack>> {
        Rc::clone(&self.stack)
    }
}

/// The machine's stack, for the host tunnel (the preview's connections
/// into guest listeners: [`Stack::host_connect`] and the `host_*` calls).
/// The host uses it between [`Kernel::run`] slices; the next slice sees
/// the change and wakes the guest's waiters.
#[must_use]
pub fn host_stack(k: &Kernel) -> Rc<RefCell<Stack>> {
    k.net.stack()
}

/// Closes the sockets queued in `closed`.
fn flush(stack: &mut Stack, closed: &Closed) {
    let list = std::mem::take(&mut *closed.borrow_mut());
    for (id, abort) in list {
        stack.close(id, abort);
    }
}

/// Runs the stack's timers and queued packets (each slice of
/// `Kernel::run`) and wakes I/O waiters if a socket changed.
pub(crate) fn poll(k: &mut Kernel) {
    let now = k.host.monotonic_ns();
    let changed = {
        let mut stack = k.net.stack.borrow_mut();
        flush(&mut stack, &k.net.closed);
        stack.poll(now)
    };
    if changed {
        k.wake(|w| w == Wait::Io);
    }
}

/// When the stack next needs [`poll`] (a host monotonic time in ns), for
/// the machine's idle deadline; never in the past, so an idle host does
/// not spin.
pub(crate) fn next_timer(k: &mut Kernel) -> Option<u64> {
    let now = k.host.monotonic_ns();
    let at = k.net.stack.borrow_mut().poll_at()?;
    Some(at.max(now.saturating_add(1_000_000)))
}

/// The stack with its clock advanced and dropped sockets closed (held
/// for one statement: it borrows the kernel).
fn net(k: &mut Kernel) -> RefMut<'_, Stack> {
    let now = k.host.monotonic_ns();
    let mut stack = k.net.stack.borrow_mut();
    flush(&mut stack, &k.net.closed);
    stack.set_now(now);
    stack
}

/// `/proc/net/tcp`, `tcp6`, `udp` or `udp6` (`tcp4_seq_show`,
/// `udp4_seq_printf` and their v6 forms): the stack's sockets of that
/// transport and family, one padded line each. The owner, timers and
/// inode are 0 here: the stack keeps none of them.
pub fn proc_net(k: &mut Kernel, udp: bool, v6: bool) -> String {
    use std::fmt::Write as _;
    // An address as the kernel prints its bytes: each 32-bit word of the
    // network-order address read as a little-endian number.
    let hex = |addr: SocketAddr| -> String {
        let words: Vec<u8> = match (addr.ip(), v6) {
            (IpAddr::V4(a), false) => a.octets().to_vec(),
            (IpAddr::V4(a), true) => a.to_ipv6_mapped().octets().to_vec(),
            (IpAddr::V6(a), _) => a.octets().to_vec(),
        };
        let mut out = String::new();
        for w in words.chunks_exact(4) {
            let _ = write!(out, "{:08X}", u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
        }
        let _ = write!(out, ":{:04X}", addr.port());
        out
    };
    let (head, width) = match (udp, v6) {
        (false, false) => (
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            149,
        ),
        (true, false) => (
            "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
            127,
        ),
        (false, true) => (
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            0,
        ),
        (true, true) => (
            "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
            0,
        ),
    };
    let mut out = format!("{head:<width$}\n");
    let proto = if udp {
        tabvm_netstack::Proto::Udp
    } else {
        tabvm_netstack::Proto::Tcp
    };
    let listed = net(k).list();
    for (i, s) in listed
        .iter()
        .filter(|s| s.proto == proto && s.v6 == v6)
        .enumerate()
    {
        let mut line = format!(
            "{i:>4}: {} {} {:02X} {:08X}:{:08X} 00:00000000 00000000 {:>5} {:>8} 0 ",
            hex(s.local),
            hex(s.peer),
            s.state,
            s.tx_queue,
            s.rx_queue,
            0,
            0
        );
        line.push_str(if udp {
            "2 0000000000000000 0"
        } else {
            "1 0000000000000000 100 0 0 10 0"
        });
        let _ = writeln!(out, "{line:<width$}");
    }
    out
}

/// The stack for reading (readiness, addresses).
fn view(k: &Kernel) -> Ref<'_, Stack> {
    k.net.stack.borrow()
}

/// Wakes I/O waiters if the last operations changed the stack.
fn settle(k: &mut Kernel) {
    let changed = k.net.stack.borrow_mut().take_changed();
    if changed {
        k.wake(|w| w == Wait::Io);
    }
}

fn errno(e: NetError) -> Errno {
    match e {
        NetError::WouldBlock => Errno::EAGAIN,
        NetError::InProgress => Errno::EINPROGRESS,
        NetError::Already => Errno::EALREADY,
        NetError::IsConn => Errno::EISCONN,
        NetError::AddrInUse => Errno::EADDRINUSE,
        NetError::AddrNotAvail => Errno::EADDRNOTAVAIL,
        NetError::ConnRefused => Errno::ECONNREFUSED,
        NetError::ConnReset => Errno::ECONNRESET,
        NetError::ConnAborted => Errno::ECONNABORTED,
        NetError::NotConn => Errno::ENOTCONN,
        NetError::Pipe => Errno::EPIPE,
        NetError::Inval => Errno::EINVAL,
        NetError::NetUnreach => Errno::ENETUNREACH,
        NetError::NoBufs => Errno::ENOBUFS,
        NetError::MsgSize => Errno::EMSGSIZE,
        NetError::DestAddrReq => Errno::EDESTADDRREQ,
        NetError::OpNotSupp => Errno::EOPNOTSUPP,
        NetError::AfNoSupport => Errno::EAFNOSUPPORT,
        NetError::BadId => Errno::EBADF,
    }
}

/// A stack result as a system-call result: `WouldBlock` parks on
/// `Wait::Io` (or is `EAGAIN` under `nonblock`).
fn lift<T>(r: Result<T, NetError>, nonblock: bool) -> SysResult<T> {
    match r {
        Ok(v) => Ok(v),
        Err(NetError::WouldBlock) if nonblock => Err(Errno::EAGAIN.into()),
        Err(NetError::WouldBlock) => Err(SysErr::Block(Wait::Io)),
        Err(e) => Err(errno(e).into()),
    }
}

/// Parses the guest's `sockaddr` for a socket of family `v6`
/// (`inet_bind`/`inet6_bind` checks). `None` is `AF_UNSPEC` (connect's
/// "dissolve the association").
fn parse_addr(v6: bool, raw: &[u8], v6only: bool, datagram: bool) -> SysResult<Option<SocketAddr>> {
    let family = raw
        .get(..2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .ok_or(SysErr::Errno(Errno::EINVAL))?;
    if family == AF_UNSPEC && !v6 {
        // inet_bind takes AF_UNSPEC with INADDR_ANY as AF_INET.
        let a = SockAddrIn::parse(raw).map_err(|_| SysErr::Errno(Errno::EINVAL))?;
        if a.addr == [0; 4] {
            return Ok(Some(SocketAddr::new(
                IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                a.port(),
            )));
        }
        return Ok(None);
    }
    if family == AF_UNSPEC {
        return Ok(None);
    }
    if v6 && family == AF_INET && datagram {
        // An AF_INET6 datagram socket takes IPv4 addresses for connect and
        // sendto (ip6_datagram_connect, udpv6_sendmsg); glibc's
        // getaddrinfo probes source addresses that way.
        if v6only {
            return Err(Errno::EINVAL.into());
        }
        return parse_addr(false, raw, false, false);
    }
    if v6 {
        // SIN6_LEN_RFC2133: the scope id is optional.
        if raw.len() < 24 {
            return Err(Errno::EINVAL.into());
        }
        let mut full = [0u8; SockAddrIn6::SIZE];
        let n = raw.len().min(SockAddrIn6::SIZE);
        full[..n].copy_from_slice(&raw[..n]);
        let a = SockAddrIn6::parse(&full).map_err(|_| SysErr::Errno(Errno::EINVAL))?;
        if a.family != AF_INET6 {
            return Err(Errno::EAFNOSUPPORT.into());
        }
        let ip = Ipv6Addr::from(a.addr);
        let port = u16::from_be_bytes(a.port_be);
        if let Some(v4) = ip.to_ipv4_mapped() {
            if v6only {
                return Err(Errno::ENETUNREACH.into());
            }
            return Ok(Some(SocketAddr::new(IpAddr::V4(v4), port)));
        }
        Ok(Some(SocketAddr::new(IpAddr::V6(ip), port)))
    } else {
        if raw.len() < SockAddrIn::SIZE {
            return Err(Errno::EINVAL.into());
        }
        let a = SockAddrIn::parse(raw).map_err(|_| SysErr::Errno(Errno::EINVAL))?;
        if a.family != AF_INET {
            return Err(Errno::EAFNOSUPPORT.into());
        }
        Ok(Some(SocketAddr::new(
            IpAddr::V4(Ipv4Addr::from(a.addr)),
            a.port(),
        )))
    }
}

/// The guest's `sockaddr` for `addr` on a socket of family `v6` (IPv4
/// addresses v4-mapped on `AF_INET6`).
fn format_addr(v6: bool, addr: SocketAddr) -> Vec<u8> {
    if v6 {
        let (ip, scope) = match addr {
            SocketAddr::V4(a) => (a.ip().to_ipv6_mapped(), 0),
            SocketAddr::V6(a) => (*a.ip(), a.scope_id()),
        };
        SockAddrIn6 {
            family: AF_INET6,
            port_be: addr.port().to_be_bytes(),
            flowinfo: 0,
            addr: ip.octets(),
            scope_id: scope,
        }
        .to_bytes()
        .to_vec()
    } else {
        let ip = match addr.ip() {
            IpAddr::V4(a) => a,
            IpAddr::V6(a) => a.to_ipv4_mapped().unwrap_or(Ipv4Addr::UNSPECIFIED),
        };
        SockAddrIn {
            family: AF_INET,
            port_be: addr.port().to_be_bytes(),
            addr: ip.octets(),
        }
        .to_bytes()
        .to_vec()
    }
}

/// The unspecified address of a family, port 0 (an unbound socket's name).
fn unspecified(v6: bool) -> SocketAddr {
    if v6 {
        SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, 0, 0, 0))
    } else {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0)
    }
}

/// Options only stored and reported back.
#[derive(Clone, Default)]
struct Stored {
    /// Integer options by (level, name).
    ints: BTreeMap<(u32, u32), u32>,
    linger: [u8; 8],
    rcvtimeo: u64,
    sndtimeo: u64,
}

/// One `AF_INET`/`AF_INET6` socket.
pub struct InetSocket {
    id: SockId,
    v6: bool,
    /// `SOCK_STREAM` or `SOCK_DGRAM`.
    kind: u32,
    stack: Rc<RefCell<Stack>>,
    closed: Closed,
    st: RefCell<Stored>,
    /// A blocking connect parked on the handshake (its restart must
    /// report the outcome, not `EALREADY`).
    connecting: Cell<bool>,
    /// The local and peer addresses as of the last call (getsockname and
    /// getpeername get no kernel to ask the stack).
    names: RefCell<(Option<SocketAddr>, Option<SocketAddr>)>,
}

impl Drop for InetSocket {
    fn drop(&mut self) {
        // SO_LINGER on with a zero timeout: close with RST.
        let st = self.st.borrow();
        let onoff = u32::from_le_bytes([st.linger[0], st.linger[1], st.linger[2], st.linger[3]]);
        let secs = u32::from_le_bytes([st.linger[4], st.linger[5], st.linger[6], st.linger[7]]);
        let abort = onoff != 0 && secs == 0;
        match self.stack.try_borrow_mut() {
            Ok(mut stack) => stack.close(self.id, abort),
            Err(_) => self.closed.borrow_mut().push((self.id, abort)),
        }
    }
}

/// The transport of an inet socket of `kind` and `protocol` (inet_create's
/// protocol switch; raw sockets need privileges nobody has here).
pub fn check(kind: u32, protocol: u32) -> SysResult<Proto> {
    match (kind, protocol) {
        (SOCK_STREAM, 0 | IPPROTO_TCP) => Ok(Proto::Tcp),
        (SOCK_DGRAM, 0 | IPPROTO_UDP) => Ok(Proto::Udp),
        (SOCK_STREAM | SOCK_DGRAM, _) => Err(Errno::EPROTONOSUPPORT.into()),
        _ => Err(Errno::ESOCKTNOSUPPORT.into()),
    }
}

/// `socket(2)` for `AF_INET` (`v6` false) or `AF_INET6`.
pub fn create(k: &mut Kernel, v6: bool, kind: u32, protocol: u32) -> SysResult<Rc<dyn FileOps>> {
    let proto = check(kind, protocol)?;
    let id = net(k).socket(proto, v6).map_err(errno)?;
    Ok(Rc::new(InetSocket::wrap(
        k,
        id,
        v6,
        kind,
        Stored::default(),
    )))
}

impl InetSocket {
    fn wrap(k: &Kernel, id: SockId, v6: bool, kind: u32, st: Stored) -> InetSocket {
        InetSocket {
            id,
            v6,
            kind,
            stack: Rc::clone(&k.net.stack),
            closed: Rc::clone(&k.net.closed),
            st: RefCell::new(st),
            connecting: Cell::new(false),
            names: RefCell::new((
                view(k).local_addr(id).ok().flatten(),
                view(k).peer_addr(id).ok(),
            )),
        }
    }

    /// Re-reads the addresses from the stack after a call that may have
    /// bound or connected the socket.
    fn refresh(&self, k: &Kernel) {
        let stack = view(k);
        *self.names.borrow_mut() = (
            stack.local_addr(self.id).ok().flatten(),
            stack.peer_addr(self.id).ok(),
        );
    }

    /// Wakes waiters if the stack changed; refreshes the addresses.
    fn settle(&self, k: &mut Kernel) {
        settle(k);
        self.refresh(k);
    }

    fn stream(&self) -> bool {
        self.kind == SOCK_STREAM
    }

    fn opts(&self, k: &Kernel) -> Options {
        view(k).options(self.id).unwrap_or_default()
    }

    fn int_opt(&self, level: u32, name: u32) -> Option<u32> {
        if let Some(v) = self.st.borrow().ints.get(&(level, name)) {
            return Some(*v);
        }
        // Linux's defaults (tcp(7), ip(7), socket(7)).
        let tcp = self.stream();
        Some(match (level, name) {
            (SOL_SOCKET, SO_KEEPALIVE | SO_BROADCAST | SO_DEBUG | SO_DONTROUTE | SO_OOBINLINE) => 0,
            (SOL_SOCKET, SO_PRIORITY) => 0,
            (SOL_SOCKET, SO_RCVLOWAT | SO_SNDLOWAT) => 1,
            (SOL_SOCKET, SO_RCVBUF) => {
                if tcp {
                    131_072
                } else {
                    BUF_MAX
                }
            }
            (SOL_SOCKET, SO_SNDBUF) => {
                if tcp {
                    16_384
                } else {
                    BUF_MAX
                }
            }
            (SOL_TCP, TCP_NODELAY | TCP_CORK | TCP_DEFER_ACCEPT | TCP_USER_TIMEOUT) if tcp => 0,
            (SOL_TCP, TCP_WINDOW_CLAMP) if tcp => 0,
            (SOL_TCP, TCP_QUICKACK) if tcp => 1,
            (SOL_TCP, TCP_KEEPIDLE) if tcp => 7200,
            (SOL_TCP, TCP_KEEPINTVL) if tcp => 75,
            (SOL_TCP, TCP_KEEPCNT) if tcp => 9,
            (SOL_TCP, TCP_SYNCNT) if tcp => 6,
            (SOL_TCP, TCP_LINGER2) if tcp => 60,
            (SOL_TCP, TCP_MAXSEG) if tcp => 536,
            (SOL_IP, IP_TOS | IP_RECVERR) => 0,
            (SOL_IP, IP_TTL) => 64,
            (SOL_IP, IP_MULTICAST_TTL | IP_MULTICAST_LOOP) => 1,
            (SOL_IPV6, IPV6_UNICAST_HOPS) if self.v6 => 64,
            (SOL_IPV6, IPV6_TCLASS | IPV6_RECVERR) if self.v6 => 0,
            (SOL_UDP, _) if !tcp => 0,
            _ => return None,
        })
    }

    fn poll_bits(&self, k: &Kernel) -> u16 {
        let Ok(stack) = k.net.stack.try_borrow() else {
            return POLLERR | POLLHUP;
        };
        let r = stack.ready(self.id);
        let mut ev = 0;
        if r.readable {
            ev |= POLLIN | POLLRDNORM;
        }
        if r.writable {
            ev |= POLLOUT | POLLWRNORM;
        }
        if r.hup {
            ev |= POLLHUP;
        }
        if r.rdhup {
            ev |= POLLRDHUP;
        }
        if r.error {
            ev |= POLLERR;
        }
        ev
    }
}

impl SocketOps for InetSocket {
    fn bind(&self, k: &mut Kernel, _tid: Pid, addr: &[u8]) -> SysResult<()> {
        let v6only = self.opts(k).v6only;
        let addr =
            parse_addr(self.v6, addr, v6only, false)?.ok_or(SysErr::Errno(Errno::EAFNOSUPPORT))?;
        let r = net(k).bind(self.id, addr);
        self.settle(k);
        r.map_err(|e| errno(e).into())
    }

    fn connect(&self, k: &mut Kernel, _tid: Pid, addr: &[u8], nonblock: bool) -> SysResult<()> {
        if self.connecting.get() {
            // SS_CONNECTING: the restart of a parked blocking connect, or
            // a connect after a nonblocking one (__inet_stream_connect:
            // 0 once it completed, EALREADY while it runs).
            let r = net(k).connect_status(self.id);
            self.refresh(k);
            return match r {
                Ok(true) => {
                    self.connecting.set(false);
                    Ok(())
                }
                Ok(false) if nonblock => Err(Errno::EALREADY.into()),
                Ok(false) => Err(SysErr::Block(Wait::Io)),
                Err(e) => {
                    self.connecting.set(false);
                    Err(errno(e).into())
                }
            };
        }
        let v6only = self.opts(k).v6only;
        let Some(peer) = parse_addr(self.v6, addr, v6only, !self.stream())? else {
            if !self.stream() {
                net(k).disconnect(self.id).map_err(errno)?;
            }
            return Ok(());
        };
        let r = net(k).connect(self.id, peer);
        self.settle(k);
        match r {
            // Linux answers a nonblocking stream connect before the
            // handshake's reply is processed, even on loopback.
            Ok(()) | Err(NetError::InProgress) if nonblock && self.stream() => {
                self.connecting.set(true);
                Err(Errno::EINPROGRESS.into())
            }
            Ok(()) => Ok(()),
            Err(NetError::InProgress) => match net(k).connect_status(self.id) {
                Ok(true) => Ok(()),
                Ok(false) => {
                    self.connecting.set(true);
                    Err(SysErr::Block(Wait::Io))
                }
                Err(e) => Err(errno(e).into()),
            },
            Err(e) => Err(errno(e).into()),
        }
    }

    fn listen(&self, k: &mut Kernel, _tid: Pid, backlog: i32) -> SysResult<()> {
        let r = net(k).listen(self.id, backlog);
        self.settle(k);
        r.map_err(|e| errno(e).into())
    }

    fn accept(
        &self,
        k: &mut Kernel,
        tid: Pid,
        nonblock: bool,
    ) -> SysResult<(Rc<dyn FileOps>, Vec<u8>)> {
        if !self.stream() {
            return Err(Errno::EOPNOTSUPP.into());
        }
        if !net(k).is_listening(self.id).unwrap_or(false) {
            return Err(Errno::EINVAL.into());
        }
        let timeout = self.st.borrow().rcvtimeo;
        let r = lift(net(k).accept(self.id), nonblock);
        let (id, peer) = timed(k, tid, r, timeout)?;
        self.settle(k);
        // Accepted sockets inherit the listener's options (sk_clone_lock).
        let st = self.st.borrow().clone();
        let sock = InetSocket::wrap(k, id, self.v6, self.kind, st);
        Ok((Rc::new(sock), format_addr(self.v6, peer)))
    }

    fn send(
        &self,
        k: &mut Kernel,
        tid: Pid,
        data: &[u8],
        to: &[u8],
        _ancillary: Ancillary,
        flags: u32,
        nonblock: bool,
    ) -> SysResult<usize> {
        if flags & MSG_OOB != 0 && !self.stream() {
            return Err(Errno::EOPNOTSUPP.into());
        }
        let to = if to.is_empty() || self.stream() {
            None
        } else {
            let v6only = self.opts(k).v6only;
            parse_addr(self.v6, to, v6only, true)?
        };
        let r = net(k).send_to(self.id, data, to);
        self.settle(k);
        match r {
            Err(NetError::Pipe) => {
                if flags & MSG_NOSIGNAL == 0 {
                    crate::signal::send_to_task(k, tid, SIGPIPE);
                }
                Err(Errno::EPIPE.into())
            }
            other => {
                let timeout = self.st.borrow().sndtimeo;
                timed(k, tid, lift(other, nonblock), timeout)
            }
        }
    }

    fn recv(
        &self,
        k: &mut Kernel,
        tid: Pid,
        len: usize,
        flags: u32,
        nonblock: bool,
    ) -> SysResult<Received> {
        if flags & MSG_OOB != 0 {
            // No urgent data is ever queued (tcp_recv_urg).
            return Err(Errno::EINVAL.into());
        }
        let peek = flags & MSG_PEEK != 0;
        let timeout = self.st.borrow().rcvtimeo;
        let wait_all = self.stream() && flags & MSG_WAITALL != 0 && !nonblock && !peek && {
            let stack = net(k);
            let ready = stack.ready(self.id);
            stack
                .recv_queue(self.id)
                .is_ok_and(|q| q < len && q < tabvm_netstack::TCP_BUFFER)
                && !ready.rdhup
                && !ready.error
        };
        if wait_all {
            // MSG_WAITALL: wait until the whole length (or as much as the
            // receive buffer holds) is there, or the stream ends.
            return timed(k, tid, Err(SysErr::Block(Wait::Io)), timeout);
        }
        let r = net(k).recv_from(self.id, len, peek);
        let r = timed(k, tid, lift(r, nonblock), timeout);
        self.settle(k);
        let d = r?;
        let from = if self.stream() {
            Vec::new()
        } else {
            format_addr(self.v6, d.from)
        };
        let full_len = if self.stream() && flags & MSG_TRUNC != 0 {
            d.data.len()
        } else {
            d.full_len
        };
        Ok(Received {
            data: d.data,
            full_len,
            from,
            ancillary: Ancillary::default(),
        })
    }

    fn shutdown(&self, k: &mut Kernel, how: u32) -> SysResult<()> {
        let (read, write) = match how {
            0 => (true, false),
            1 => (false, true),
            2 => (true, true),
            _ => return Err(Errno::EINVAL.into()),
        };
        let r = net(k).shutdown(self.id, read, write);
        self.settle(k);
        r.map_err(|e| errno(e).into())
    }

    fn sockname(&self) -> Vec<u8> {
        let local = self
            .names
            .borrow()
            .0
            .unwrap_or_else(|| unspecified(self.v6));
        format_addr(self.v6, local)
    }

    fn peername(&self) -> SysResult<Vec<u8>> {
        let peer = self
            .names
            .borrow()
            .1
            .ok_or(SysErr::Errno(Errno::ENOTCONN))?;
        Ok(format_addr(self.v6, peer))
    }

    fn getsockopt(&self, k: &mut Kernel, level: u32, name: u32) -> SysResult<Vec<u8>> {
        let opts = self.opts(k);
        let family = if self.v6 { AF_INET6 } else { AF_INET };
        let tcp = self.stream();
        Ok(match (level, name) {
            (SOL_SOCKET, SO_TYPE) => int_bytes(self.kind),
            (SOL_SOCKET, SO_DOMAIN) => int_bytes(u32::from(family)),
            (SOL_SOCKET, SO_PROTOCOL) => int_bytes(if tcp { IPPROTO_TCP } else { IPPROTO_UDP }),
            (SOL_SOCKET, SO_ACCEPTCONN) => {
                int_bytes(u32::from(net(k).is_listening(self.id).unwrap_or(false)))
            }
            (SOL_SOCKET, SO_ERROR) => {
                let e = net(k).take_error(self.id).ok().flatten();
                int_bytes(e.map_or(0, |e| errno(e).as_neg().wrapping_neg()))
            }
            (SOL_SOCKET, SO_REUSEADDR) => int_bytes(u32::from(opts.reuse_addr)),
            (SOL_SOCKET, SO_REUSEPORT) => int_bytes(u32::from(opts.reuse_port)),
            (SOL_SOCKET, SO_LINGER) => self.st.borrow().linger.to_vec(),
            (SOL_SOCKET, SO_RCVTIMEO | SO_SNDTIMEO | SO_RCVTIMEO_NEW | SO_SNDTIMEO_NEW) => {
                let st = self.st.borrow();
                let ns = if matches!(name, SO_RCVTIMEO | SO_RCVTIMEO_NEW) {
                    st.rcvtimeo
                } else {
                    st.sndtimeo
                };
                format_timeval(ns, name == SO_RCVTIMEO || name == SO_SNDTIMEO)
            }
            (SOL_IPV6, IPV6_V6ONLY) if self.v6 => int_bytes(u32::from(opts.v6only)),
            (SOL_TCP, _) if !tcp => return Err(Errno::EOPNOTSUPP.into()),
            _ => int_bytes(
                self.int_opt(level, name)
                    .ok_or(SysErr::Errno(Errno::ENOPROTOOPT))?,
            ),
        })
    }

    fn setsockopt(&self, k: &mut Kernel, level: u32, name: u32, value: &[u8]) -> SysResult<()> {
        let int = || -> SysResult<u32> {
            value
                .get(..4)
                .and_then(|b| b.try_into().ok())
                .map(u32::from_le_bytes)
                .ok_or(SysErr::Errno(Errno::EINVAL))
        };
        let tcp = self.stream();
        let mut opts = self.opts(k);
        match (level, name) {
            (SOL_SOCKET, SO_REUSEADDR) => opts.reuse_addr = int()? != 0,
            (SOL_SOCKET, SO_REUSEPORT) => opts.reuse_port = int()? != 0,
            (SOL_IPV6, IPV6_V6ONLY) if self.v6 => opts.v6only = int()? != 0,
            (SOL_SOCKET, SO_LINGER) => {
                let v: [u8; 8] = value
                    .get(..8)
                    .and_then(|b| b.try_into().ok())
                    .ok_or(SysErr::Errno(Errno::EINVAL))?;
                self.st.borrow_mut().linger = v;
                return Ok(());
            }
            (SOL_SOCKET, SO_RCVTIMEO | SO_SNDTIMEO | SO_RCVTIMEO_NEW | SO_SNDTIMEO_NEW) => {
                let ns = parse_timeval(value, name == SO_RCVTIMEO || name == SO_SNDTIMEO)?;
                let mut st = self.st.borrow_mut();
                if matches!(name, SO_RCVTIMEO | SO_RCVTIMEO_NEW) {
                    st.rcvtimeo = ns;
                } else {
                    st.sndtimeo = ns;
                }
                return Ok(());
            }
            (SOL_SOCKET, SO_RCVBUF | SO_SNDBUF) => {
                // sock_setsockopt: doubled, clamped to rmem_max/wmem_max
                // and a minimum.
                let v = int()?.min(BUF_MAX).saturating_mul(2);
                let min = if name == SO_RCVBUF { 2304 } else { 4608 };
                self.st.borrow_mut().ints.insert((level, name), v.max(min));
                return Ok(());
            }
            (SOL_TCP, _) if !tcp => return Err(Errno::EOPNOTSUPP.into()),
            (SOL_TCP, TCP_KEEPIDLE | TCP_KEEPINTVL) => {
                let v = int()?;
                if !(1..=32767).contains(&v) {
                    return Err(Errno::EINVAL.into());
                }
                self.st.borrow_mut().ints.insert((level, name), v);
                return Ok(());
            }
            (SOL_TCP, TCP_KEEPCNT) => {
                let v = int()?;
                if !(1..=127).contains(&v) {
                    return Err(Errno::EINVAL.into());
                }
                self.st.borrow_mut().ints.insert((level, name), v);
                return Ok(());
            }
            (SOL_IP, IP_TOS) => {
                // ip_setsockopt keeps the DSCP/ECN byte, ECN bits of a
                // stream socket left to the stack.
                let v = int()? & 0xff;
                let v = if tcp { v & !3 } else { v };
                self.st.borrow_mut().ints.insert((level, name), v);
                return Ok(());
            }
            _ => {
                if self.int_opt(level, name).is_none() {
                    return Err(Errno::ENOPROTOOPT.into());
                }
                let v = int()?;
                let boolean = matches!(
                    (level, name),
                    (
                        SOL_SOCKET,
                        SO_KEEPALIVE | SO_BROADCAST | SO_DEBUG | SO_DONTROUTE | SO_OOBINLINE
                    ) | (SOL_TCP, TCP_NODELAY | TCP_CORK | TCP_QUICKACK)
                );
                let v = if boolean { u32::from(v != 0) } else { v };
                self.st.borrow_mut().ints.insert((level, name), v);
                return Ok(());
            }
        }
        net(k).set_options(self.id, opts).map_err(errno)?;
        Ok(())
    }
}

impl FileOps for InetSocket {
    super::socket_file_ops!();

    fn signals_io(&self) -> bool {
        true
    }

    fn poll(&self, k: &Kernel) -> u16 {
        self.poll_bits(k)
    }

    fn ioctl(&self, k: &mut Kernel, tid: Pid, cmd: u32, arg: u32) -> SysResult {
        match cmd {
            FIONREAD => {
                let n = net(k).recv_queue(self.id).map_err(errno)?;
                k.write_user_u32(tid, arg, n as u32)?;
                Ok(0)
            }
            TIOCOUTQ => {
                let n = net(k).send_queue(self.id).map_err(errno)?;
                k.write_user_u32(tid, arg, n as u32)?;
                Ok(0)
            }
            _ => super::netdevice::device_ioctl(k, tid, cmd, arg),
        }
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_network_order_and_v4_mapped_on_inet6() {
        let a = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0x1234);
        let b = format_addr(false, a);
        assert_eq!(b[..8], [2, 0, 0x12, 0x34, 127, 0, 0, 1]);
        assert_eq!(parse_addr(false, &b, false, false), Ok(Some(a)));
        let m = format_addr(true, a);
        assert_eq!(m.len(), 28);
        assert_eq!(m[..4], [10, 0, 0x12, 0x34]);
        assert_eq!(m[8..24], Ipv4Addr::LOCALHOST.to_ipv6_mapped().octets());
        assert_eq!(parse_addr(true, &m, false, false), Ok(Some(a)));
        assert_eq!(
            parse_addr(true, &m, true, false),
            Err(SysErr::Errno(Errno::ENETUNREACH))
        );
        assert_eq!(
            parse_addr(false, &m, false, false),
            Err(SysErr::Errno(Errno::EAFNOSUPPORT))
        );
        assert_eq!(
            parse_addr(true, &b[..16], false, false),
            Err(SysErr::Errno(Errno::EINVAL))
        );
        assert_eq!(
            parse_addr(false, &b[..8], false, false),
            Err(SysErr::Errno(Errno::EINVAL))
        );
        // A datagram AF_INET6 socket takes an AF_INET address.
        assert_eq!(parse_addr(true, &b[..16], false, true), Ok(Some(a)));
        assert_eq!(
            parse_addr(true, &b[..16], true, true),
            Err(SysErr::Errno(Errno::EINVAL))
        );
    }
}
