//! tabvm-netstack: the guest's TCP/IP stack.
//!
//! Layer: below the kernel (`kernel/src/file/socket/inet.rs` turns its
//! results into errnos, parking and readiness bits); depends on smoltcp
//! only, and knows nothing of tasks, descriptors or the guest ABI. It owns
//! one [`smoltcp::iface::Interface`] over a loopback device (`Medium::Ip`)
//! carrying `127.0.0.1/8` and `::1/128`, the smoltcp socket set, and the
//! socket objects guest sockets stand on, addressed by [`SockId`]. Linux's
//! socket semantics the stack gives (tcp(7), udp(7), ip(7), ipv6(7)):
//! listen backlogs (a pool of smoltcp listening sockets per listener, as
//! one smoltcp socket takes one connection), ephemeral ports
//! (32768-60999, `ip_local_port_range`), `EADDRINUSE` with `SO_REUSEADDR`/
//! `SO_REUSEPORT` (TIME-WAIT lasts no time: loopback has nothing in
//! flight), dual-stack `::` listeners, refused and
//! reset connections, half-close, datagram boundaries. The host tunnel
//! ([`Stack::host_connect`]) opens connections into guest listeners for
//! the preview Service Worker (DESIGN.md, decision 8).
//!
//! Invariants: every operation runs the interface until it is quiescent
//! (loopback delivers at once), so a local connect, send or close has
//! reached its peer when the call returns; time comes from the caller
//! ([`Stack::set_now`], nanoseconds of a monotonic clock), never from the
//! host's clock (this builds for wasm32); the number of sockets and each
//! socket's buffers are bounded ([`MAX_SOCKETS`], [`TCP_BUFFER`]), so guest
//! input cannot grow memory without limit; no operation panics on any
//! argument (a stale [`SockId`] is [`NetError::BadId`]).

mod udp;

pub use udp::{Datagram, UDP_MAX};

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use smoltcp::iface::{Config, Interface, PollResult, SocketHandle, SocketSet};
use smoltcp::phy::{Loopback, Medium};
use smoltcp::socket::tcp::{self, State as TcpState};
use smoltcp::time::Instant;
use smoltcp::wire::{HardwareAddress, IpAddress, IpCidr, IpEndpoint, IpListenEndpoint};
use std::collections::{BTreeMap, VecDeque};

/// Receive and send buffer of each TCP connection, in bytes.
pub const TCP_BUFFER: usize = 64 * 1024;
/// Most socket objects (guest sockets and host streams) at once; past it
/// creating one fails with [`NetError::NoBufs`].
pub const MAX_SOCKETS: usize = 256;
/// Most smoltcp sockets at once (connections, listening spares, and closed
/// connections finishing their FIN exchange or TIME-WAIT).
pub const MAX_HANDLES: usize = 512;
/// The ephemeral port range (`/proc/sys/net/ipv4/ip_local_port_range`).
pub const EPHEMERAL_FIRST: u16 = 32768;
pub const EPHEMERAL_LAST: u16 = 60999;
/// Largest listen backlog (`SOMAXCONN`).
pub const SOMAXCONN: usize = 4096;
/// Listening smoltcp sockets kept ready per listener.
const LISTEN_SPARES: usize = 2;
/// Bound on the interface polls one operation runs (each delivers every
/// queued packet; loopback traffic settles in a few).
const POLL_ROUNDS: usize = 64;

/// Why an operation failed; each is one Linux errno (named in its doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetError {
    /// `EAGAIN`: nothing to do now; retry when the stack changed.
    WouldBlock,
    /// `EINPROGRESS`: a connect started and has not finished.
    InProgress,
    /// `EALREADY`: a connect is already in progress.
    Already,
    /// `EISCONN`.
    IsConn,
    /// `EADDRINUSE`.
    AddrInUse,
    /// `EADDRNOTAVAIL`: not an address of this machine, or no free
    /// ephemeral port.
    AddrNotAvail,
    /// `ECONNREFUSED`.
    ConnRefused,
    /// `ECONNRESET`.
    ConnReset,
    /// `ECONNABORTED`: a failed connect whose error was already taken.
    ConnAborted,
    /// `ENOTCONN`.
    NotConn,
    /// `EPIPE` (the caller also raises `SIGPIPE` unless `MSG_NOSIGNAL`).
    Pipe,
    /// `EINVAL`.
    Inval,
    /// `ENETUNREACH`: no route (only loopback exists).
    NetUnreach,
    /// `ENOBUFS`: the socket limits are reached.
    NoBufs,
    /// `EMSGSIZE`: a datagram too long.
    MsgSize,
    /// `EDESTADDRREQ`: a datagram with no destination.
    DestAddrReq,
    /// `EOPNOTSUPP`.
    OpNotSupp,
    /// `EAFNOSUPPORT`: an address of the wrong family.
    AfNoSupport,
    /// `EBADF`: the id names no socket (a caller bug, never the guest's).
    BadId,
}

/// Result of a stack operation.
pub type Result<T> = core::result::Result<T, NetError>;

/// A socket object of the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SockId(u32);

/// A host tunnel stream ([`Stack::host_connect`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamId(SockId);

/// The transport of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    Tcp,
    Udp,
}

/// Readiness of a socket, as tcp_poll/udp_poll compute it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ready {
    /// POLLIN: data, a connection to accept, end of file or an error.
    pub readable: bool,
    /// POLLOUT.
    pub writable: bool,
    /// POLLHUP: both directions are shut, or the connection is closed.
    pub hup: bool,
    /// POLLRDHUP: the receive direction is shut (peer's FIN, SHUT_RD).
    pub rdhup: bool,
    /// POLLERR: an error is pending (`SO_ERROR`).
    pub error: bool,
}

/// One socket as `/proc/net/tcp` and its kin list it (`tcp4_seq_show`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: SockId,
    pub proto: Proto,
    /// An `AF_INET6` socket (listed in `tcp6`/`udp6`).
    pub v6: bool,
    pub local: SocketAddr,
    /// The peer, or the unspecified address and port 0.
    pub peer: SocketAddr,
    /// Linux's state number: 1 ESTABLISHED, 2 SYN_SENT, ... 7 CLOSE (an
    /// unconnected UDP socket), ... 10 LISTEN.
    pub state: u8,
    /// Bytes waiting to go and to be read; for a listener, the backlog and
    /// the connections waiting to be accepted.
    pub tx_queue: usize,
    pub rx_queue: usize,
}

/// Linux's number for a smoltcp TCP state (`include/net/tcp_states.h`).
fn linux_state(state: TcpState) -> u8 {
    match state {
        TcpState::Established => 1,
        TcpState::SynSent => 2,
        TcpState::SynReceived => 3,
        TcpState::FinWait1 => 4,
        TcpState::FinWait2 => 5,
        TcpState::TimeWait => 6,
        TcpState::Closed => 7,
        TcpState::CloseWait => 8,
        TcpState::LastAck => 9,
        TcpState::Listen => 10,
        TcpState::Closing => 11,
    }
}

/// Socket options the stack's semantics depend on (the rest are stored
/// by the caller).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `SO_REUSEADDR`.
    pub reuse_addr: bool,
    /// `SO_REUSEPORT`.
    pub reuse_port: bool,
    /// `IPV6_V6ONLY` (an `AF_INET6` `::` socket takes IPv4 without it).
    pub v6only: bool,
}

/// One TCP connection (a smoltcp socket) owned by a socket object.
struct Conn {
    handle: SocketHandle,
    local: SocketAddr,
    peer: SocketAddr,
    /// The connection got past SYN-SENT.
    established: bool,
    /// The peer's FIN arrived (CLOSE-WAIT or later).
    fin_in: bool,
    /// shutdown(SHUT_WR) or close: our FIN is queued.
    shut_wr: bool,
    /// shutdown(SHUT_RD).
    shut_rd: bool,
    /// Closed by the peer's RST (or refused).
    reset: bool,
}

/// What a TCP socket object is doing.
enum Tcp {
    /// Fresh or bound.
    Idle,
    /// listen(2): `spares` wait in LISTEN, `queue` holds connections that
    /// left it, oldest first (the accept queue).
    Listening {
        backlog: usize,
        spares: Vec<SocketHandle>,
        queue: VecDeque<SocketHandle>,
    },
    /// connect(2) to a listener whose backlog is full: the SYN goes out
    /// once it has room (Linux retransmits the dropped SYN).
    Queued { peer: SocketAddr },
    /// A connection (connecting, established or closing).
    Conn(Conn),
    /// A connect that was refused.
    Refused,
}

enum Kind {
    Tcp(Tcp),
    Udp(udp::Udp),
}

/// A socket object.
struct Sock {
    /// Whether it is an `AF_INET6` socket (wildcard semantics).
    v6: bool,
    opts: Options,
    /// The bound address (unspecified address for a wildcard bind).
    local: Option<SocketAddr>,
    /// The pending error (`SO_ERROR`).
    err: Option<NetError>,
    kind: Kind,
}

impl Sock {
    fn proto(&self) -> Proto {
        match self.kind {
            Kind::Tcp(_) => Proto::Tcp,
            Kind::Udp(_) => Proto::Udp,
        }
    }

    fn listening(&self) -> bool {
        matches!(self.kind, Kind::Tcp(Tcp::Listening { .. }))
    }
}

/// The addresses a binding claims in one family: all, or one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Claim {
    Any,
    One(IpAddr),
}

/// What one binding claims: (IPv4 part, IPv6 part).
fn claims(addr: IpAddr, v6only: bool) -> (Option<Claim>, Option<Claim>) {
    match addr {
        IpAddr::V4(a) if a.is_unspecified() => (Some(Claim::Any), None),
        IpAddr::V4(_) => (Some(Claim::One(addr)), None),
        IpAddr::V6(a) if a.is_unspecified() => (
            if v6only { None } else { Some(Claim::Any) },
            Some(Claim::Any),
        ),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => (Some(Claim::One(IpAddr::V4(v4))), None),
            None => (None, Some(Claim::One(addr))),
        },
    }
}

fn claim_overlap(a: Option<Claim>, b: Option<Claim>) -> bool {
    match (a, b) {
        (Some(Claim::Any), Some(_)) | (Some(_), Some(Claim::Any)) => true,
        (Some(Claim::One(x)), Some(Claim::One(y))) => x == y,
        _ => false,
    }
}

/// Whether two bindings' addresses overlap (`inet_bind_conflict`).
fn overlap(a: IpAddr, a_v6only: bool, b: IpAddr, b_v6only: bool) -> bool {
    let (a4, a6) = claims(a, a_v6only);
    let (b4, b6) = claims(b, b_v6only);
    claim_overlap(a4, b4) || claim_overlap(a6, b6)
}

/// Whether `addr` is an address of this machine (the loopback interface;
/// the unspecified address means it too, as on Linux).
fn is_local(addr: IpAddr) -> bool {
    match addr {
        IpAddr::V4(a) => a == Ipv4Addr::LOCALHOST || a.is_unspecified(),
        IpAddr::V6(a) => a == Ipv6Addr::LOCALHOST || a.is_unspecified(),
    }
}

/// The address a connection to `addr` really goes to (`0.0.0.0` and `::`
/// mean this machine).
fn dest(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(a) if a.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(a) if a.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

fn loopback_of(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
    }
}

pub(crate) fn to_ip(addr: IpAddr) -> IpAddress {
    match addr {
        IpAddr::V4(a) => IpAddress::Ipv4(a),
        IpAddr::V6(a) => IpAddress::Ipv6(a),
    }
}

pub(crate) fn from_ip(addr: IpAddress) -> IpAddr {
    match addr {
        IpAddress::Ipv4(a) => IpAddr::V4(a),
        IpAddress::Ipv6(a) => IpAddr::V6(a),
    }
}

pub(crate) fn to_endpoint(addr: SocketAddr) -> IpEndpoint {
    IpEndpoint::new(to_ip(addr.ip()), addr.port())
}

pub(crate) fn from_endpoint(ep: IpEndpoint) -> SocketAddr {
    SocketAddr::new(from_ip(ep.addr), ep.port)
}

/// The smoltcp listen endpoint of a bound address. smoltcp's wildcard
/// (no address) matches both families, which only a dual-stack `::`
/// binding claims; `0.0.0.0` and a v6-only `::` each claim their family's
/// one local address, so that `listen 80; listen [::]:80 ipv6only=on`
/// (nginx's default) sends each connection to its own family's listener.
pub(crate) fn listen_endpoint(addr: SocketAddr, v6only: bool) -> IpListenEndpoint {
    let ip = match addr.ip() {
        IpAddr::V6(a) if a.is_unspecified() && !v6only => None,
        ip if ip.is_unspecified() => Some(to_ip(dest(ip))),
        ip => Some(to_ip(ip)),
    };
    IpListenEndpoint {
        addr: ip,
        port: addr.port(),
    }
}

/// The TCP/IP stack: a loopback interface and its sockets.
pub struct Stack {
    iface: Interface,
    device: Loopback,
    set: SocketSet<'static>,
    socks: BTreeMap<SockId, Sock>,
    /// smoltcp sockets whose owner closed them, finishing their FIN
    /// exchange (they still hold their port).
    orphans: Vec<SocketHandle>,
    next_id: u32,
    next_port: u16,
    now: Instant,
    /// Something changed since [`Stack::take_changed`] last looked.
    changed: bool,
}

impl Stack {
    /// A stack whose clock reads `now_ns`; `seed` varies initial sequence
    /// numbers and the first ephemeral port.
    #[must_use]
    pub fn new(now_ns: u64, seed: u64) -> Stack {
        let now = instant(now_ns);
        let mut device = Loopback::new(Medium::Ip);
        let mut config = Config::new(HardwareAddress::Ip);
        config.random_seed = seed;
        let mut iface = Interface::new(config, &mut device, now);
        iface.update_ip_addrs(|addrs| {
            // Two addresses fit the default capacity (iface-max-addr-count-2).
            let _ = addrs.push(IpCidr::new(IpAddress::v4(127, 0, 0, 1), 8));
            let _ = addrs.push(IpCidr::new(IpAddress::v6(0, 0, 0, 0, 0, 0, 0, 1), 128));
        });
        let span = u64::from(EPHEMERAL_LAST - EPHEMERAL_FIRST) + 1;
        Stack {
            iface,
            device,
            set: SocketSet::new(Vec::new()),
            socks: BTreeMap::new(),
            orphans: Vec::new(),
            next_id: 1,
            next_port: EPHEMERAL_FIRST + (seed % span) as u16,
            now,
            changed: false,
        }
    }

    /// Advances the stack's clock (nanoseconds of the caller's monotonic
    /// clock; a clock going back is ignored).
    pub fn set_now(&mut self, now_ns: u64) {
        let t = instant(now_ns);
        if t > self.now {
            self.now = t;
        }
    }

    /// Runs timers and delivers queued packets at `now_ns`; returns
    /// whether any socket may have changed (waiters should re-check).
    pub fn poll(&mut self, now_ns: u64) -> bool {
        self.set_now(now_ns);
        self.pump();
        self.take_changed()
    }

    /// When [`Stack::poll`] must run next (nanoseconds), if a timer is set.
    pub fn poll_at(&mut self) -> Option<u64> {
        let at = self.iface.poll_at(self.now, &self.set)?;
        Some(
            u64::try_from(at.total_micros())
                .unwrap_or(0)
                .saturating_mul(1000),
        )
    }

    /// Whether anything changed since the last call (then clears it).
    pub fn take_changed(&mut self) -> bool {
        core::mem::take(&mut self.changed)
    }

    /// Polls the interface until no packet moves, then updates the socket
    /// objects from their smoltcp sockets.
    fn pump(&mut self) {
        for _ in 0..POLL_ROUNDS {
            let r = self.iface.poll(self.now, &mut self.device, &mut self.set);
            if r == PollResult::None {
                break;
            }
            self.changed = true;
        }
        self.sync();
    }

    /// Follows state changes: refused and reset connections, accept
    /// queues and their spares, queued connects, finished orphans.
    fn sync(&mut self) {
        let ids: Vec<SockId> = self.socks.keys().copied().collect();
        let mut again = false;
        for id in ids {
            again |= self.sync_one(id);
        }
        let set = &mut self.set;
        let before = self.orphans.len();
        self.orphans.retain(|&h| {
            let s = set.get_mut::<tcp::Socket>(h);
            if s.recv_queue() > 0 {
                // Data for a closed socket: nobody will read it, so the
                // peer gets a RST (tcp_rcv_state_process on an orphan).
                s.abort();
                again = true;
                return true;
            }
            // TIME-WAIT ends at once: on loopback no segment of the old
            // connection can still be in flight, and a closed connection
            // per request must not pin a socket for its 2*MSL.
            let done = s.state() == TcpState::TimeWait
                || (s.state() == TcpState::Closed && s.remote_endpoint().is_none());
            if done {
                set.remove(h);
            }
            !done
        });
        if self.orphans.len() != before {
            self.changed = true;
        }
        if again {
            // A queued connect sent its SYN, or an orphan its RST: deliver it.
            for _ in 0..POLL_ROUNDS {
                if self.iface.poll(self.now, &mut self.device, &mut self.set) == PollResult::None {
                    break;
                }
            }
            for id in self.socks.keys().copied().collect::<Vec<_>>() {
                self.sync_one(id);
            }
        }
    }

    /// Updates one socket object; true if it sent a packet.
    fn sync_one(&mut self, id: SockId) -> bool {
        let Some(sock) = self.socks.get_mut(&id) else {
            return false;
        };
        match &mut sock.kind {
            Kind::Tcp(Tcp::Conn(c)) => {
                let s = self.set.get::<tcp::Socket>(c.handle);
                let state = s.state();
                if state != TcpState::SynSent && state != TcpState::Closed {
                    c.established = true;
                }
                if matches!(state, TcpState::CloseWait | TcpState::LastAck) {
                    c.fin_in = true;
                }
                if state == TcpState::Closed && !c.reset && !c.shut_wr {
                    // Closed without our FIN: the peer's RST (tcp_reset:
                    // EPIPE in CLOSE-WAIT, refused in SYN-SENT).
                    c.reset = true;
                    sock.err = Some(if c.fin_in {
                        NetError::Pipe
                    } else if c.established {
                        NetError::ConnReset
                    } else {
                        NetError::ConnRefused
                    });
                    self.changed = true;
                }
                false
            }
            Kind::Tcp(Tcp::Queued { peer }) => {
                let peer = *peer;
                match self.listener_room(peer) {
                    Some(true) => match self.start_connect(id, peer) {
                        Ok(()) => true,
                        Err(e) => {
                            self.refuse(id, e);
                            false
                        }
                    },
                    Some(false) => false,
                    None => {
                        self.refuse(id, NetError::ConnRefused);
                        false
                    }
                }
            }
            Kind::Tcp(Tcp::Listening { .. }) => {
                self.refill(id);
                false
            }
            _ => false,
        }
    }

    fn refuse(&mut self, id: SockId, e: NetError) {
        if let Some(sock) = self.socks.get_mut(&id) {
            sock.kind = Kind::Tcp(Tcp::Refused);
            sock.err = Some(e);
            self.changed = true;
        }
    }

    /// Moves a listener's spares that took a connection to its accept
    /// queue and tops the spares up while the backlog has room.
    fn refill(&mut self, id: SockId) {
        let Some(sock) = self.socks.get_mut(&id) else {
            return;
        };
        let Some(local) = sock.local else {
            return;
        };
        let v6only = sock.opts.v6only;
        let Kind::Tcp(Tcp::Listening {
            backlog,
            spares,
            queue,
        }) = &mut sock.kind
        else {
            return;
        };
        let set = &mut self.set;
        let mut moved = false;
        spares.retain(|&h| {
            let s = set.get_mut::<tcp::Socket>(h);
            match s.state() {
                TcpState::Listen => true,
                TcpState::Closed => {
                    // A half-open connection that was reset: listen again.
                    if s.listen(listen_endpoint(local, v6only)).is_ok() {
                        true
                    } else {
                        set.remove(h);
                        false
                    }
                }
                _ => {
                    queue.push_back(h);
                    moved = true;
                    false
                }
            }
        });
        // Connections reset before accept(2) leave the queue.
        queue.retain(|&h| {
            let s = set.get::<tcp::Socket>(h);
            let dead = s.state() == TcpState::Closed;
            if dead {
                set.remove(h);
            }
            !dead
        });
        let room = (*backlog + 1).saturating_sub(queue.len());
        let want = room.min(LISTEN_SPARES);
        while spares.len() < want && set.iter().count() < MAX_HANDLES {
            let mut s = new_tcp();
            if s.listen(listen_endpoint(local, v6only)).is_err() {
                break;
            }
            spares.push(set.add(s));
        }
        if moved {
            self.changed = true;
        }
    }

    fn sock(&self, id: SockId) -> Result<&Sock> {
        self.socks.get(&id).ok_or(NetError::BadId)
    }

    fn sock_mut(&mut self, id: SockId) -> Result<&mut Sock> {
        self.socks.get_mut(&id).ok_or(NetError::BadId)
    }

    fn add_sock(&mut self, v6: bool, kind: Kind) -> Result<SockId> {
        if self.socks.len() >= MAX_SOCKETS {
            return Err(NetError::NoBufs);
        }
        let mut id = self.next_id;
        while self.socks.contains_key(&SockId(id)) || id == 0 {
            id = id.wrapping_add(1);
        }
        self.next_id = id.wrapping_add(1);
        self.socks.insert(
            SockId(id),
            Sock {
                v6,
                opts: Options::default(),
                local: None,
                err: None,
                kind,
            },
        );
        Ok(SockId(id))
    }

    /// A new socket (`socket(2)`): `v6` for `AF_INET6`.
    pub fn socket(&mut self, proto: Proto, v6: bool) -> Result<SockId> {
        let kind = match proto {
            Proto::Tcp => Kind::Tcp(Tcp::Idle),
            Proto::Udp => Kind::Udp(udp::Udp::default()),
        };
        self.add_sock(v6, kind)
    }

    /// The socket's options.
    pub fn options(&self, id: SockId) -> Result<Options> {
        Ok(self.sock(id)?.opts)
    }

    /// Sets the socket's options (`IPV6_V6ONLY` only before bind/connect:
    /// `EINVAL` after, as on Linux).
    pub fn set_options(&mut self, id: SockId, opts: Options) -> Result<()> {
        let sock = self.sock_mut(id)?;
        if opts.v6only != sock.opts.v6only && sock.local.is_some() {
            return Err(NetError::Inval);
        }
        sock.opts = opts;
        Ok(())
    }

    /// Takes the pending error (`SO_ERROR`).
    pub fn take_error(&mut self, id: SockId) -> Result<Option<NetError>> {
        Ok(self.sock_mut(id)?.err.take())
    }

    /// Whether `addr:port` (of `proto`) is free for a socket `me` with
    /// `opts` (`inet_csk_bind_conflict`/`udp_lib_lport_inuse`).
    fn port_free(
        &self,
        me: Option<SockId>,
        proto: Proto,
        addr: IpAddr,
        port: u16,
        opts: Options,
    ) -> bool {
        for (id, s) in &self.socks {
            if Some(*id) == me || s.proto() != proto {
                continue;
            }
            let Some(l) = s.local else { continue };
            if l.port() != port || !overlap(addr, opts.v6only, l.ip(), s.opts.v6only) {
                continue;
            }
            let reuse = opts.reuse_addr && s.opts.reuse_addr && !s.listening();
            let reuse_port = opts.reuse_port && s.opts.reuse_port;
            if !reuse && !reuse_port {
                return false;
            }
        }
        if proto == Proto::Tcp && !opts.reuse_addr {
            // Closed connections still finishing (TIME-WAIT) hold the port.
            for &h in &self.orphans {
                let s = self.set.get::<tcp::Socket>(h);
                if let Some(ep) = s.local_endpoint()
                    && ep.port == port
                    && overlap(addr, opts.v6only, from_ip(ep.addr), false)
                {
                    return false;
                }
            }
        }
        true
    }

    /// Picks a free ephemeral port for `addr` (`inet_hash_connect`).
    fn ephemeral(&mut self, proto: Proto, addr: IpAddr, opts: Options) -> Result<u16> {
        let span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
        for _ in 0..span {
            let port = self.next_port;
            self.next_port = if port >= EPHEMERAL_LAST {
                EPHEMERAL_FIRST
            } else {
                port + 1
            };
            let plain = Options {
                reuse_addr: false,
                reuse_port: false,
                v6only: opts.v6only,
            };
            if self.port_free(None, proto, addr, port, plain) {
                return Ok(port);
            }
        }
        Err(NetError::AddrNotAvail)
    }

    /// `bind(2)` to `addr` (port 0: an ephemeral one).
    pub fn bind(&mut self, id: SockId, addr: SocketAddr) -> Result<()> {
        let sock = self.sock(id)?;
        if sock.local.is_some() {
            return Err(NetError::Inval);
        }
        if !is_local(addr.ip()) && addr.ip().to_canonical() != IpAddr::V4(Ipv4Addr::LOCALHOST) {
            return Err(NetError::AddrNotAvail);
        }
        let (proto, opts) = (sock.proto(), sock.opts);
        let port = if addr.port() == 0 {
            self.ephemeral(proto, addr.ip(), opts)?
        } else if self.port_free(Some(id), proto, addr.ip(), addr.port(), opts) {
            addr.port()
        } else {
            return Err(NetError::AddrInUse);
        };
        let local = SocketAddr::new(addr.ip(), port);
        if proto == Proto::Udp {
            self.udp_bind(id, local)?;
        }
        self.sock_mut(id)?.local = Some(local);
        Ok(())
    }

    /// The bound (or connected) local address: `None` before bind.
    pub fn local_addr(&self, id: SockId) -> Result<Option<SocketAddr>> {
        let sock = self.sock(id)?;
        Ok(match &sock.kind {
            Kind::Tcp(Tcp::Conn(c)) => Some(c.local),
            // A connected datagram socket's source address is chosen
            // (ip4_datagram_connect sets the saddr of a wildcard bind).
            Kind::Udp(udp::Udp {
                peer: Some(peer), ..
            }) => sock.local.map(|l| {
                if l.ip().is_unspecified() {
                    SocketAddr::new(loopback_of(peer.ip()), l.port())
                } else {
                    l
                }
            }),
            _ => sock.local,
        })
    }

    /// The connected peer's address (`ENOTCONN` without one).
    pub fn peer_addr(&self, id: SockId) -> Result<SocketAddr> {
        let sock = self.sock(id)?;
        match &sock.kind {
            Kind::Tcp(Tcp::Conn(c)) if !c.reset || c.established => Ok(c.peer),
            Kind::Udp(u) => u.peer.ok_or(NetError::NotConn),
            Kind::Tcp(_) => Err(NetError::NotConn),
        }
    }

    /// Whether the socket is listening (`SO_ACCEPTCONN`).
    pub fn is_listening(&self, id: SockId) -> Result<bool> {
        Ok(self.sock(id)?.listening())
    }

    /// `listen(2)`: binds an ephemeral port if unbound; a second call
    /// changes the backlog.
    pub fn listen(&mut self, id: SockId, backlog: i32) -> Result<()> {
        let sock = self.sock(id)?;
        if sock.proto() != Proto::Tcp {
            return Err(NetError::OpNotSupp);
        }
        let backlog = usize::try_from(backlog).unwrap_or(0).min(SOMAXCONN);
        match &sock.kind {
            Kind::Tcp(Tcp::Idle | Tcp::Refused) => {}
            Kind::Tcp(Tcp::Listening { .. }) => {
                if let Some(Kind::Tcp(Tcp::Listening { backlog: b, .. })) =
                    self.socks.get_mut(&id).map(|s| &mut s.kind)
                {
                    *b = backlog;
                }
                self.refill(id);
                return Ok(());
            }
            _ => return Err(NetError::Inval),
        }
        if sock.local.is_none() {
            let any = if sock.v6 {
                IpAddr::V6(Ipv6Addr::UNSPECIFIED)
            } else {
                IpAddr::V4(Ipv4Addr::UNSPECIFIED)
            };
            self.bind(id, SocketAddr::new(any, 0))?;
        }
        let sock = self.sock(id)?;
        let local = sock.local.ok_or(NetError::Inval)?;
        // Two listeners on one address need SO_REUSEPORT on both.
        for (other, s) in &self.socks {
            if *other != id
                && s.listening()
                && s.local.is_some_and(|l| {
                    l.port() == local.port()
                        && overlap(local.ip(), sock.opts.v6only, l.ip(), s.opts.v6only)
                })
                && !(sock.opts.reuse_port && s.opts.reuse_port)
            {
                return Err(NetError::AddrInUse);
            }
        }
        self.sock_mut(id)?.kind = Kind::Tcp(Tcp::Listening {
            backlog,
            spares: Vec::new(),
            queue: VecDeque::new(),
        });
        self.refill(id);
        Ok(())
    }

    /// Whether a listener takes connections to `peer`: `Some(true)` with
    /// room in its backlog, `Some(false)` when full, `None` if none.
    fn listener_room(&self, peer: SocketAddr) -> Option<bool> {
        let mut found = None;
        for s in self.socks.values() {
            let Kind::Tcp(Tcp::Listening { spares, .. }) = &s.kind else {
                continue;
            };
            let Some(l) = s.local else { continue };
            if l.port() != peer.port() || !overlap(l.ip(), s.opts.v6only, peer.ip(), false) {
                continue;
            }
            let ready = spares
                .iter()
                .any(|&h| self.set.get::<tcp::Socket>(h).state() == TcpState::Listen);
            if ready {
                return Some(true);
            }
            found = Some(false);
        }
        found
    }

    /// `connect(2)` for TCP: `Ok` once established, `InProgress` while the
    /// handshake runs (follow with [`Stack::connect_status`]), an error
    /// for an address that cannot be reached. A refused connection is
    /// `InProgress` with the error pending, as on Linux, where the RST
    /// comes back after the call returned.
    pub fn connect(&mut self, id: SockId, peer: SocketAddr) -> Result<()> {
        let sock = self.sock(id)?;
        if sock.proto() == Proto::Udp {
            return self.udp_connect(id, Some(peer));
        }
        match &sock.kind {
            Kind::Tcp(Tcp::Idle | Tcp::Refused) => {}
            Kind::Tcp(Tcp::Queued { .. }) => return Err(NetError::Already),
            Kind::Tcp(Tcp::Conn(c)) => {
                return Err(if c.established || c.reset {
                    NetError::IsConn
                } else {
                    NetError::Already
                });
            }
            // __inet_stream_connect: a listener is not TCP_CLOSE.
            _ => return Err(NetError::IsConn),
        }
        if !is_local(peer.ip()) {
            return Err(NetError::NetUnreach);
        }
        let peer = SocketAddr::new(dest(peer.ip()), peer.port());
        if peer.port() == 0 {
            self.refuse(id, NetError::ConnRefused);
            return Err(NetError::InProgress);
        }
        self.sock_mut(id)?.err = None;
        match self.listener_room(peer) {
            None => {
                self.refuse(id, NetError::ConnRefused);
                Err(NetError::InProgress)
            }
            Some(false) => {
                self.bind_for_connect(id, peer)?;
                self.sock_mut(id)?.kind = Kind::Tcp(Tcp::Queued { peer });
                Err(NetError::InProgress)
            }
            Some(true) => {
                self.bind_for_connect(id, peer)?;
                self.start_connect(id, peer)?;
                self.pump();
                match self.connect_status(id) {
                    Ok(true) => Ok(()),
                    _ => Err(NetError::InProgress),
                }
            }
        }
    }

    /// Binds an ephemeral port for a connect from an unbound socket.
    fn bind_for_connect(&mut self, id: SockId, peer: SocketAddr) -> Result<()> {
        let sock = self.sock(id)?;
        if sock.local.is_some() {
            return Ok(());
        }
        let (proto, opts) = (sock.proto(), sock.opts);
        let port = self.ephemeral(proto, loopback_of(peer.ip()), opts)?;
        let unspec = match peer.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        };
        let local = SocketAddr::new(unspec, port);
        if proto == Proto::Udp {
            self.udp_bind(id, local)?;
        }
        self.sock_mut(id)?.local = Some(local);
        Ok(())
    }

    /// Sends the SYN of a bound socket to `peer`.
    fn start_connect(&mut self, id: SockId, peer: SocketAddr) -> Result<()> {
        let bound = self.sock(id)?.local.ok_or(NetError::Inval)?;
        let ip = if bound.ip().is_unspecified() {
            loopback_of(peer.ip())
        } else {
            bound.ip()
        };
        if core::mem::discriminant(&ip) != core::mem::discriminant(&peer.ip()) {
            return Err(NetError::NetUnreach);
        }
        let local = SocketAddr::new(ip, bound.port());
        if self.set.iter().count() >= MAX_HANDLES {
            return Err(NetError::NoBufs);
        }
        let mut s = new_tcp();
        s.connect(
            self.iface.context(),
            to_endpoint(peer),
            IpListenEndpoint {
                addr: Some(to_ip(local.ip())),
                port: local.port(),
            },
        )
        .map_err(|_| NetError::AddrNotAvail)?;
        let handle = self.set.add(s);
        self.sock_mut(id)?.kind = Kind::Tcp(Tcp::Conn(Conn {
            handle,
            local,
            peer,
            established: false,
            fin_in: false,
            shut_wr: false,
            shut_rd: false,
            reset: false,
        }));
        self.changed = true;
        Ok(())
    }

    /// How a connect is going: `Ok(true)` connected, `Ok(false)` still
    /// in progress, or its error (taken from `SO_ERROR`).
    pub fn connect_status(&mut self, id: SockId) -> Result<bool> {
        let sock = self.sock_mut(id)?;
        match &sock.kind {
            Kind::Tcp(Tcp::Queued { .. }) => Ok(false),
            Kind::Tcp(Tcp::Conn(c)) if c.established => Ok(true),
            Kind::Tcp(Tcp::Conn(c)) if !c.reset => Ok(false),
            Kind::Udp(_) => Ok(true),
            Kind::Tcp(_) => Err(sock.err.take().unwrap_or(NetError::ConnAborted)),
        }
    }

    /// `accept(2)`: the oldest established connection (a new socket of
    /// the listener's family and options) and its peer's address.
    pub fn accept(&mut self, id: SockId) -> Result<(SockId, SocketAddr)> {
        let sock = self.sock(id)?;
        let (v6, opts) = (sock.v6, sock.opts);
        let Kind::Tcp(Tcp::Listening { queue, .. }) = &sock.kind else {
            return Err(NetError::Inval);
        };
        let pos = queue
            .iter()
            .position(|&h| {
                let s = self.set.get::<tcp::Socket>(h);
                !matches!(
                    s.state(),
                    TcpState::SynReceived | TcpState::Listen | TcpState::Closed
                )
            })
            .ok_or(NetError::WouldBlock)?;
        if self.socks.len() >= MAX_SOCKETS {
            return Err(NetError::NoBufs);
        }
        let Some(Kind::Tcp(Tcp::Listening { queue, .. })) =
            self.socks.get_mut(&id).map(|s| &mut s.kind)
        else {
            return Err(NetError::Inval);
        };
        let handle = queue.remove(pos).ok_or(NetError::WouldBlock)?;
        let s = self.set.get_mut::<tcp::Socket>(handle);
        let (Some(local), Some(peer)) = (s.local_endpoint(), s.remote_endpoint()) else {
            s.abort();
            self.orphans.push(handle);
            return Err(NetError::WouldBlock);
        };
        let (local, peer) = (from_endpoint(local), from_endpoint(peer));
        let new = self.add_sock(
            v6,
            Kind::Tcp(Tcp::Conn(Conn {
                handle,
                local,
                peer,
                established: true,
                fin_in: false,
                shut_wr: false,
                shut_rd: false,
                reset: false,
            })),
        )?;
        if let Some(s) = self.socks.get_mut(&new) {
            s.opts = opts;
            s.local = Some(local);
        }
        self.refill(id);
        self.pump();
        Ok((new, peer))
    }

    fn conn(&self, id: SockId) -> Result<&Conn> {
        match &self.sock(id)?.kind {
            Kind::Tcp(Tcp::Conn(c)) => Ok(c),
            _ => Err(NetError::NotConn),
        }
    }

    /// Sends stream bytes (TCP) or one datagram to the connected peer
    /// (UDP): the count taken, `WouldBlock` when no room.
    pub fn send(&mut self, id: SockId, data: &[u8]) -> Result<usize> {
        self.send_to(id, data, None)
    }

    /// Sends to `to` (UDP; TCP ignores it, as Linux does for a connected
    /// stream).
    pub fn send_to(&mut self, id: SockId, data: &[u8], to: Option<SocketAddr>) -> Result<usize> {
        let sock = self.sock_mut(id)?;
        let conn = match &sock.kind {
            Kind::Udp(_) => return self.udp_send(id, data, to),
            Kind::Tcp(Tcp::Conn(c)) => c,
            Kind::Tcp(Tcp::Queued { .. }) => return Err(NetError::WouldBlock),
            Kind::Tcp(_) => {
                return Err(sock.err.take().unwrap_or(NetError::Pipe));
            }
        };
        if conn.shut_wr {
            return Err(NetError::Pipe);
        }
        if let Some(e) = sock.err.take() {
            return Err(e);
        }
        if conn.reset {
            return Err(NetError::Pipe);
        }
        let handle = conn.handle;
        let s = self.set.get_mut::<tcp::Socket>(handle);
        match s.state() {
            TcpState::SynSent | TcpState::SynReceived => return Err(NetError::WouldBlock),
            _ if !s.may_send() => return Err(NetError::Pipe),
            _ => {}
        }
        if data.is_empty() {
            return Ok(0);
        }
        let n = s.send_slice(data).map_err(|_| NetError::Pipe)?;
        if n == 0 {
            return Err(NetError::WouldBlock);
        }
        self.changed = true;
        self.pump();
        Ok(n)
    }

    /// Receives up to `len` stream bytes (`peek`: leaving them queued);
    /// empty at end of file; `WouldBlock` when nothing has arrived.
    pub fn recv(&mut self, id: SockId, len: usize, peek: bool) -> Result<Vec<u8>> {
        let sock = self.sock_mut(id)?;
        let conn = match &sock.kind {
            Kind::Tcp(Tcp::Conn(c)) => c,
            Kind::Tcp(Tcp::Queued { .. }) => return Err(NetError::WouldBlock),
            Kind::Tcp(_) => return Err(sock.err.take().unwrap_or(NetError::NotConn)),
            Kind::Udp(_) => {
                return self.udp_recv(id, len, peek).map(|d| d.data);
            }
        };
        let (handle, shut_rd, reset) = (conn.handle, conn.shut_rd, conn.reset);
        // After the peer's FIN a read is end of file, the error stays
        // for the next write (tcp_recvmsg checks SOCK_DONE first).
        if !peek
            && !conn.fin_in
            && let Some(e) = sock.err.take()
        {
            return Err(e);
        }
        let s = self.set.get_mut::<tcp::Socket>(handle);
        if len > 0 && s.can_recv() {
            let mut buf = vec![0; len.min(TCP_BUFFER)];
            let n = if peek {
                s.peek_slice(&mut buf)
            } else {
                s.recv_slice(&mut buf)
            }
            .unwrap_or(0);
            buf.truncate(n);
            if !peek {
                self.changed = true;
                self.pump();
            }
            return Ok(buf);
        }
        let eof = shut_rd
            || reset
            || matches!(
                s.state(),
                TcpState::CloseWait
                    | TcpState::LastAck
                    | TcpState::Closing
                    | TcpState::TimeWait
                    | TcpState::Closed
            );
        if eof || len == 0 {
            Ok(Vec::new())
        } else {
            Err(NetError::WouldBlock)
        }
    }

    /// Bytes queued for reading (`FIONREAD`).
    pub fn recv_queue(&self, id: SockId) -> Result<usize> {
        match &self.sock(id)?.kind {
            Kind::Tcp(Tcp::Conn(c)) => Ok(self.set.get::<tcp::Socket>(c.handle).recv_queue()),
            Kind::Udp(u) => Ok(self.udp_next_len(u)),
            Kind::Tcp(_) => Err(NetError::Inval),
        }
    }

    /// The sockets `/proc/net/{tcp,tcp6,udp,udp6}` list, in creation order:
    /// TCP listeners and connections, and bound UDP sockets (a TCP socket
    /// that is only bound is in no table Linux lists either).
    #[must_use]
    pub fn list(&self) -> Vec<Listed> {
        let unspecified = |v6: bool| {
            SocketAddr::new(
                if v6 {
                    IpAddr::V6(Ipv6Addr::UNSPECIFIED)
                } else {
                    IpAddr::V4(Ipv4Addr::UNSPECIFIED)
                },
                0,
            )
        };
        let mut out = Vec::new();
        for (&id, sock) in &self.socks {
            let listed = |proto, local, peer, state, tx_queue, rx_queue| Listed {
                id,
                proto,
                v6: sock.v6,
                local,
                peer,
                state,
                tx_queue,
                rx_queue,
            };
            match &sock.kind {
                Kind::Tcp(Tcp::Listening { backlog, queue, .. }) => {
                    let local = sock.local.unwrap_or(unspecified(sock.v6));
                    let peer = unspecified(sock.v6);
                    out.push(listed(Proto::Tcp, local, peer, 10, *backlog, queue.len()));
                }
                Kind::Tcp(Tcp::Conn(c)) => {
                    let socket = self.set.get::<tcp::Socket>(c.handle);
                    let state = linux_state(socket.state());
                    let (tx, rx) = (socket.send_queue(), socket.recv_queue());
                    out.push(listed(Proto::Tcp, c.local, c.peer, state, tx, rx));
                }
                Kind::Tcp(Tcp::Queued { peer }) => {
                    let local = sock.local.unwrap_or(unspecified(sock.v6));
                    out.push(listed(Proto::Tcp, local, *peer, 2, 0, 0));
                }
                Kind::Udp(u) => {
                    let Some(local) = sock.local else { continue };
                    let (peer, state) = u.peer.map_or((unspecified(sock.v6), 7), |p| (p, 1));
                    out.push(listed(
                        Proto::Udp,
                        local,
                        peer,
                        state,
                        0,
                        self.udp_next_len(u),
                    ));
                }
                Kind::Tcp(Tcp::Idle | Tcp::Refused) => {}
            }
        }
        out
    }

    /// Bytes sent but not yet acknowledged (`TIOCOUTQ`).
    pub fn send_queue(&self, id: SockId) -> Result<usize> {
        match &self.sock(id)?.kind {
            Kind::Tcp(Tcp::Conn(c)) => Ok(self.set.get::<tcp::Socket>(c.handle).send_queue()),
            _ => Ok(0),
        }
    }

    /// `shutdown(2)`: `read` stops receiving, `write` sends our FIN.
    pub fn shutdown(&mut self, id: SockId, read: bool, write: bool) -> Result<()> {
        let sock = self.sock_mut(id)?;
        match &mut sock.kind {
            Kind::Tcp(Tcp::Conn(c)) => {
                if read {
                    c.shut_rd = true;
                }
                if write && !c.shut_wr {
                    c.shut_wr = true;
                    let h = c.handle;
                    self.set.get_mut::<tcp::Socket>(h).close();
                }
                self.changed = true;
                self.pump();
                Ok(())
            }
            Kind::Tcp(Tcp::Listening { .. }) if read => {
                // inet_shutdown: a listener shut for reading stops listening.
                self.close_listener(id);
                if let Some(s) = self.socks.get_mut(&id) {
                    s.kind = Kind::Tcp(Tcp::Idle);
                }
                self.pump();
                Ok(())
            }
            Kind::Udp(u) if u.peer.is_some() => Ok(()),
            _ => Err(NetError::NotConn),
        }
    }

    /// Aborts a listener's pending connections (RST) and closes its spares.
    fn close_listener(&mut self, id: SockId) {
        let Some(Kind::Tcp(Tcp::Listening { spares, queue, .. })) =
            self.socks.get_mut(&id).map(|s| &mut s.kind)
        else {
            return;
        };
        let spares = core::mem::take(spares);
        let queue = core::mem::take(queue);
        for h in spares {
            self.set.remove(h);
        }
        for h in queue {
            self.set.get_mut::<tcp::Socket>(h).abort();
            self.orphans.push(h);
        }
        self.changed = true;
    }

    /// Closes the socket (the last descriptor went): a graceful FIN, or a
    /// RST when unread data is left or `abort` (`SO_LINGER` of 0).
    pub fn close(&mut self, id: SockId, abort: bool) {
        if self.socks.get(&id).is_some_and(Sock::listening) {
            self.close_listener(id);
        }
        let Some(sock) = self.socks.remove(&id) else {
            return;
        };
        match sock.kind {
            Kind::Tcp(Tcp::Conn(c)) => {
                let s = self.set.get_mut::<tcp::Socket>(c.handle);
                if abort || s.recv_queue() > 0 {
                    s.abort();
                } else {
                    s.close();
                }
                self.orphans.push(c.handle);
            }
            Kind::Udp(u) => {
                if let Some(h) = u.handle {
                    self.set.remove(h);
                }
            }
            Kind::Tcp(_) => {}
        }
        self.changed = true;
        self.pump();
    }

    /// Readiness of the socket (tcp_poll, udp_poll); a stale id reads as
    /// hung up.
    #[must_use]
    pub fn ready(&self, id: SockId) -> Ready {
        let Ok(sock) = self.sock(id) else {
            return Ready {
                hup: true,
                error: true,
                ..Ready::default()
            };
        };
        let error = sock.err.is_some();
        match &sock.kind {
            Kind::Tcp(Tcp::Idle) => Ready {
                // An unconnected stream socket polls as hung up (tcp_poll:
                // TCP_CLOSE).
                hup: true,
                writable: true,
                error,
                ..Ready::default()
            },
            Kind::Tcp(Tcp::Queued { .. }) => Ready {
                error,
                ..Ready::default()
            },
            Kind::Tcp(Tcp::Refused) => Ready {
                readable: true,
                writable: true,
                hup: true,
                rdhup: true,
                error,
            },
            Kind::Tcp(Tcp::Listening { queue, .. }) => Ready {
                readable: queue.iter().any(|&h| {
                    !matches!(
                        self.set.get::<tcp::Socket>(h).state(),
                        TcpState::SynReceived | TcpState::Listen | TcpState::Closed
                    )
                }),
                error,
                ..Ready::default()
            },
            Kind::Tcp(Tcp::Conn(c)) => {
                let s = self.set.get::<tcp::Socket>(c.handle);
                let state = s.state();
                let closed = state == TcpState::Closed;
                let fin_in = matches!(
                    state,
                    TcpState::CloseWait
                        | TcpState::LastAck
                        | TcpState::Closing
                        | TcpState::TimeWait
                );
                let rcv_shut = fin_in || c.shut_rd || closed;
                let snd_shut = c.shut_wr || closed;
                let mut r = Ready {
                    hup: (rcv_shut && snd_shut) || closed,
                    rdhup: rcv_shut,
                    readable: rcv_shut,
                    error,
                    ..Ready::default()
                };
                if !matches!(state, TcpState::SynSent | TcpState::SynReceived) {
                    r.readable |= s.can_recv();
                    r.writable = snd_shut || s.can_send();
                }
                r
            }
            Kind::Udp(u) => Ready {
                readable: u
                    .handle
                    .is_some_and(|h| self.set.get::<smoltcp::socket::udp::Socket>(h).can_recv()),
                writable: true,
                error,
                ..Ready::default()
            },
        }
    }

    /// The transport and family of a socket.
    pub fn kind(&self, id: SockId) -> Result<(Proto, bool)> {
        let s = self.sock(id)?;
        Ok((s.proto(), s.v6))
    }

    // The host tunnel (DESIGN.md, decision 8): the host side opens a TCP
    // connection to a guest listener and moves bytes through it.

    /// Connects from the host to the guest listener on `port` (tried on
    /// 127.0.0.1, then ::1): the stream, connected or still connecting.
    pub fn host_connect(&mut self, port: u16) -> Result<StreamId> {
        let mut last = NetError::ConnRefused;
        for ip in [
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(Ipv6Addr::LOCALHOST),
        ] {
            let peer = SocketAddr::new(ip, port);
            if self.listener_room(peer).is_none() {
                continue;
            }
            let id = self.socket(Proto::Tcp, ip.is_ipv6())?;
            match self.connect(id, peer) {
                Ok(()) | Err(NetError::InProgress) if self.sock(id)?.err.is_none() => {
                    return Ok(StreamId(id));
                }
                Ok(()) | Err(NetError::InProgress) => {
                    last = self.take_error(id)?.unwrap_or(NetError::ConnRefused);
                }
                Err(e) => last = e,
            }
            self.close(id, false);
        }
        Err(last)
    }

    /// Writes to a host stream: the count taken (`WouldBlock` when the
    /// guest has not read enough yet).
    pub fn host_write(&mut self, stream: StreamId, data: &[u8]) -> Result<usize> {
        self.send(stream.0, data)
    }

    /// Reads up to `len` bytes from a host stream: empty at the guest's
    /// end of stream, `WouldBlock` when nothing is there yet.
    pub fn host_read(&mut self, stream: StreamId, len: usize) -> Result<Vec<u8>> {
        self.recv(stream.0, len, false)
    }

    /// Half-closes a host stream (our FIN): the guest reads end of file.
    pub fn host_shutdown(&mut self, stream: StreamId) -> Result<()> {
        self.shutdown(stream.0, false, true)
    }

    /// Closes a host stream.
    pub fn host_close(&mut self, stream: StreamId) {
        self.close(stream.0, false);
    }

    /// Readiness of a host stream.
    #[must_use]
    pub fn host_ready(&self, stream: StreamId) -> Ready {
        self.ready(stream.0)
    }
}

/// A smoltcp TCP socket with the stack's buffers and loopback settings:
/// no delayed ACK and no Nagle (on loopback they only add latency).
fn new_tcp() -> tcp::Socket<'static> {
    let mut s = tcp::Socket::new(
        tcp::SocketBuffer::new(vec![0; TCP_BUFFER]),
        tcp::SocketBuffer::new(vec![0; TCP_BUFFER]),
    );
    s.set_ack_delay(None);
    s.set_nagle_enabled(false);
    s
}

/// A smoltcp instant from nanoseconds.
fn instant(ns: u64) -> Instant {
    Instant::from_micros(i64::try_from(ns / 1000).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests;
