//! `AF_UNIX` sockets (unix(7)): stream, datagram and seqpacket, socket
//! pairs, names on the disk and in the abstract namespace, descriptor and
//! credential passing.
//!
//! Modelled on Linux `net/unix/af_unix.c`. Each socket keeps its receive
//! queue of [`Message`]s; a sender appends to its peer's queue. Peers see
//! each other through `Weak` links, so a socket dies exactly when its last
//! reference goes (descriptors, files in flight in `SCM_RIGHTS`, a
//! listener's queue of unaccepted connections); its `Drop` then shuts its
//! stream peer down both ways (`unix_release_sock`), which the peer reads as
//! end of file and writes as `EPIPE`. A `connect` to a listener creates the
//! server's end at once and queues it on the listener (`unix_stream_connect`);
//! `accept` dequeues it.
//!
//! The pure state machine (`pair`, `connect_to`, `listen_on`, `accept_one`,
//! `send_to`, `recv_from`, `shut`, `poll_bits`) needs no kernel and is unit
//! tested below; the [`SocketOps`] implementation adds name lookup, the
//! disk, signals and wake-ups.

use super::{
    Ancillary, Cred, Received, SocketOps, end_timeout, format_timeval, int_bytes, parse_timeval,
    timed,
};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::poll::{
    POLLHUP, POLLIN, POLLOUT, POLLRDHUP, POLLRDNORM, POLLWRBAND, POLLWRNORM,
};
use crate::abi::signal::SIGPIPE;
use crate::abi::socket::{
    AF_UNIX, MSG_NOSIGNAL, MSG_PEEK, MSG_WAITALL, SHUT_RDWR, SO_ACCEPTCONN, SO_BROADCAST, SO_DEBUG,
    SO_DOMAIN, SO_DONTROUTE, SO_ERROR, SO_KEEPALIVE, SO_LINGER, SO_OOBINLINE, SO_PASSCRED,
    SO_PEERCRED, SO_PRIORITY, SO_PROTOCOL, SO_RCVBUF, SO_RCVBUFFORCE, SO_RCVLOWAT, SO_RCVTIMEO,
    SO_RCVTIMEO_NEW, SO_REUSEADDR, SO_REUSEPORT, SO_SNDBUF, SO_SNDBUFFORCE, SO_SNDLOWAT,
    SO_SNDTIMEO, SO_SNDTIMEO_NEW, SO_TYPE, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, SOL_SOCKET,
    UCred,
};
use crate::abi::termios::ioctl::{FIONREAD, TIOCOUTQ};
use crate::error::{SysErr, SysResult, Wait};
use crate::file::{FileOps, FileRef};
use crate::task::Pid;
use crate::vfs;
use crate::vfs::Fid;
use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::{Rc, Weak};
use tabvm_fs::{DevNum, FileType, FsError, Metadata, NewNode};

/// Receive-queue limit in bytes (`net.core.rmem_default`/`wmem_default`:
/// Linux limits the sender's memory; one limit per queue is the same for
/// one writer).
pub const QUEUE_BYTES: usize = 212_992;
/// Datagrams queued on a socket that is not connected back to the sender
/// (`net.unix.max_dgram_qlen`).
pub const MAX_DGRAM_QLEN: usize = 10;
/// Largest `SO_SNDBUF`/`SO_RCVBUF` request honoured (`wmem_max`), doubled.
const BUF_MAX: u32 = 212_992;
/// Floors of the doubled buffer sizes (`SOCK_MIN_SNDBUF`, `SOCK_MIN_RCVBUF`
/// on 32-bit x86).
const MIN_SNDBUF: u32 = 4608;
const MIN_RCVBUF: u32 = 2304;
/// `sizeof(sun_path)`.
const PATH_LEN: usize = 108;
/// `shutdown` bits (`RCV_SHUTDOWN`, `SEND_SHUTDOWN`).
const RCV: u8 = 1;
const SEND: u8 = 2;
const BOTH: u8 = RCV | SEND;

/// A socket's name (unix(7) "Address format").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum UnixAddr {
    #[default]
    Unnamed,
    /// A filesystem path, as the binder gave it.
    Path(Vec<u8>),
    /// An abstract name (the bytes after the leading NUL).
    Abstract(Vec<u8>),
}

impl UnixAddr {
    /// Parses a `sockaddr_un` of `addr.len()` bytes (`unix_validate_addr`,
    /// `unix_mkname_bsd`): `EINVAL` for a short or foreign address; just
    /// the family is [`UnixAddr::Unnamed`].
    pub fn parse(addr: &[u8]) -> Result<UnixAddr, Errno> {
        if addr.len() < 2 || addr.len() > 2 + PATH_LEN {
            return Err(Errno::EINVAL);
        }
        if u16::from_le_bytes([addr[0], addr[1]]) != AF_UNIX {
            return Err(Errno::EINVAL);
        }
        let path = &addr[2..];
        match path.first() {
            None => Ok(UnixAddr::Unnamed),
            Some(0) => Ok(UnixAddr::Abstract(path[1..].to_vec())),
            Some(_) => {
                let end = path.iter().position(|b| *b == 0).unwrap_or(path.len());
                Ok(UnixAddr::Path(path[..end].to_vec()))
            }
        }
    }

    /// The sender's address as `recvfrom`/`recvmsg` report it
    /// (`unix_copy_addr`): nothing at all for an unnamed sender.
    #[must_use]
    pub fn sender_bytes(&self) -> Vec<u8> {
        if *self == UnixAddr::Unnamed {
            Vec::new()
        } else {
            self.to_bytes()
        }
    }

    /// The `sockaddr_un` bytes `getsockname` returns (its length is the
    /// address length: family, then the path and its NUL, or NUL and the
    /// abstract name).
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = AF_UNIX.to_le_bytes().to_vec();
        match self {
            UnixAddr::Unnamed => {}
            UnixAddr::Path(p) => {
                out.extend_from_slice(p);
                out.push(0);
            }
            UnixAddr::Abstract(n) => {
                out.push(0);
                out.extend_from_slice(n);
            }
        }
        out
    }
}

/// The kernel's table of bound names: filesystem socket inodes and
/// abstract names, each to the socket bound there (`unix_socket_table`).
/// Entries of closed sockets are dead `Weak`s and count as absent.
#[derive(Default)]
pub struct UnixNamespace {
    paths: BTreeMap<Fid, Weak<UnixSocket>>,
    names: BTreeMap<Vec<u8>, Weak<UnixSocket>>,
    /// Next autobind name (`unix_autobind`: five hex digits).
    next_auto: u32,
}

impl UnixNamespace {
    fn find(&self, addr: &Key) -> Option<Rc<UnixSocket>> {
        match addr {
            Key::Fid(ino) => self.paths.get(ino).and_then(Weak::upgrade),
            Key::Name(n) => self.names.get(n).and_then(Weak::upgrade),
        }
    }

    /// Forgets dead entries (called on every bind, so the table stays as
    /// small as the set of live bound sockets).
    fn sweep(&mut self) {
        self.paths.retain(|_, w| w.strong_count() > 0);
        self.names.retain(|_, w| w.strong_count() > 0);
    }
}

/// Where an address points in [`UnixNamespace`].
enum Key {
    Fid(Fid),
    Name(Vec<u8>),
}

/// A queued message: stream bytes from one send, or one datagram.
pub struct Message {
    data: Vec<u8>,
    /// Bytes of `data` already read (streams read messages piecemeal).
    off: usize,
    from: UnixAddr,
    rights: Vec<FileRef>,
    cred: Cred,
}

impl Message {
    fn left(&self) -> usize {
        self.data.len().saturating_sub(self.off)
    }
}

/// A pending connection on a listener.
struct Listen {
    backlog: usize,
    queue: VecDeque<Rc<UnixSocket>>,
}

#[derive(Default)]
struct State {
    addr: UnixAddr,
    /// The inode of a path this socket is bound to.
    bound_ino: Option<Fid>,
    /// The connected peer (streams: the other end; datagrams: the default
    /// destination). `None` if never connected.
    peer: Option<Weak<UnixSocket>>,
    peer_addr: UnixAddr,
    /// `SO_PEERCRED`.
    peer_cred: Option<Cred>,
    /// Credentials recorded at `listen`, handed to connecting peers.
    listen_cred: Option<Cred>,
    listening: Option<Listen>,
    rx: VecDeque<Message>,
    rx_bytes: usize,
    /// Wake-ups given to readers (data, a connection, a shutdown): what an
    /// edge-triggered epoll entry reports once each.
    read_wakeups: u64,
    shutdown: u8,
    passcred: bool,
    flags: BTreeMap<u32, u32>,
    /// `SO_RCVTIMEO`/`SO_SNDTIMEO` in ns (0: wait forever).
    rcvtimeo: u64,
    sndtimeo: u64,
    sndbuf: u32,
    rcvbuf: u32,
}

/// Why a state-machine operation did not complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fail {
    /// Would wait (park, or `EAGAIN` when non-blocking).
    Block,
    /// An error; `EPIPE` asks the caller for `SIGPIPE` too.
    Err(Errno),
}

impl From<Errno> for Fail {
    fn from(e: Errno) -> Fail {
        Fail::Err(e)
    }
}

fn lift<T>(r: Result<T, Fail>, nonblock: bool) -> SysResult<T> {
    match r {
        Ok(v) => Ok(v),
        Err(Fail::Block) if nonblock => Err(Errno::EAGAIN.into()),
        Err(Fail::Block) => Err(SysErr::Block(Wait::Io)),
        Err(Fail::Err(e)) => Err(e.into()),
    }
}

/// One `AF_UNIX` socket.
pub struct UnixSocket {
    me: Weak<UnixSocket>,
    kind: u32,
    /// Who created it (`SO_PEERCRED` of the other end of a pair or an
    /// accepted connection).
    owner: Cred,
    st: RefCell<State>,
}

impl Drop for UnixSocket {
    /// `unix_release_sock`: a stream peer is shut down both ways.
    fn drop(&mut self) {
        if !self.connection_based() {
            return;
        }
        let peer = self.st.get_mut().peer.as_ref().and_then(Weak::upgrade);
        if let Some(peer) = peer
            && let Ok(mut st) = peer.st.try_borrow_mut()
        {
            st.shutdown = BOTH;
            st.read_wakeups = st.read_wakeups.wrapping_add(1);
        }
    }
}

impl UnixSocket {
    fn build(kind: u32, owner: Cred) -> Rc<UnixSocket> {
        Rc::new_cyclic(|me| UnixSocket {
            me: me.clone(),
            kind,
            owner,
            st: RefCell::new(State {
                sndbuf: BUF_MAX,
                rcvbuf: BUF_MAX,
                ..State::default()
            }),
        })
    }

    /// A new unconnected socket of `kind` (`SOCK_STREAM`, `SOCK_DGRAM` or
    /// `SOCK_SEQPACKET`).
    #[must_use]
    pub fn unconnected(kind: u32, owner: Cred) -> Rc<dyn FileOps> {
        Self::build(kind, owner)
    }

    /// `socketpair`: two sockets connected to each other.
    #[must_use]
    pub fn pair(kind: u32, owner: Cred) -> (Rc<dyn FileOps>, Rc<dyn FileOps>) {
        let (a, b) = Self::pair_raw(kind, owner);
        (a, b)
    }

    fn pair_raw(kind: u32, owner: Cred) -> (Rc<UnixSocket>, Rc<UnixSocket>) {
        let a = Self::build(kind, owner);
        let b = Self::build(kind, owner);
        for (x, y) in [(&a, &b), (&b, &a)] {
            let mut st = x.st.borrow_mut();
            st.peer = Some(Rc::downgrade(y));
            st.peer_cred = Some(owner);
        }
        (a, b)
    }

    fn connection_based(&self) -> bool {
        self.kind != SOCK_DGRAM
    }

    fn peer(&self) -> Option<Rc<UnixSocket>> {
        self.st.borrow().peer.as_ref().and_then(Weak::upgrade)
    }

    /// `listen`: needs a name and no connection (`EINVAL`); datagram
    /// sockets cannot (`EOPNOTSUPP`). A second call changes the backlog.
    pub fn listen_on(&self, backlog: i32, cred: Cred) -> Result<(), Errno> {
        if !self.connection_based() {
            return Err(Errno::EOPNOTSUPP);
        }
        let mut st = self.st.borrow_mut();
        if st.addr == UnixAddr::Unnamed || st.peer.is_some() {
            return Err(Errno::EINVAL);
        }
        // SOMAXCONN is 4096; a negative backlog is treated as the maximum.
        let backlog = usize::try_from(backlog).map_or(4096, |b| b.min(4096));
        if let Some(l) = &mut st.listening {
            l.backlog = backlog;
        } else {
            st.listening = Some(Listen {
                backlog,
                queue: VecDeque::new(),
            });
            st.listen_cred = Some(cred);
        }
        Ok(())
    }

    /// `connect` of a stream or seqpacket socket to `listener`: creates the
    /// server's end, links it with this one and queues it for `accept`.
    pub fn connect_to(&self, listener: &UnixSocket, cred: Cred) -> Result<(), Fail> {
        {
            let st = self.st.borrow();
            if st.listening.is_some() {
                return Err(Errno::EINVAL.into());
            }
            if st.peer.is_some() {
                return Err(Errno::EISCONN.into());
            }
        }
        if listener.kind != self.kind {
            return Err(Errno::EPROTOTYPE.into());
        }
        let (listen_addr, listen_cred) = {
            let l = listener.st.borrow();
            let Some(listen) = &l.listening else {
                return Err(Errno::ECONNREFUSED.into());
            };
            if l.shutdown & RCV != 0 {
                return Err(Errno::ECONNREFUSED.into());
            }
            // unix_recvq_full: more than the backlog already waiting.
            if listen.queue.len() > listen.backlog {
                return Err(Fail::Block);
            }
            (l.addr.clone(), l.listen_cred.unwrap_or(listener.owner))
        };
        let server = Self::build(self.kind, listen_cred);
        let my_addr = {
            let mut st = self.st.borrow_mut();
            st.peer = Some(Rc::downgrade(&server));
            st.peer_addr = listen_addr.clone();
            st.peer_cred = Some(listen_cred);
            st.addr.clone()
        };
        {
            let mut s = server.st.borrow_mut();
            s.addr = listen_addr;
            s.peer = Some(self.me.clone());
            s.peer_addr = my_addr;
            s.peer_cred = Some(cred);
        }
        let mut listener_st = listener.st.borrow_mut();
        if let Some(l) = &mut listener_st.listening {
            l.queue.push_back(server);
            listener_st.read_wakeups = listener_st.read_wakeups.wrapping_add(1);
        }
        Ok(())
    }

    /// `accept`: the oldest pending connection and its peer's address.
    pub fn accept_one(&self) -> Result<(Rc<UnixSocket>, UnixAddr), Fail> {
        let mut st = self.st.borrow_mut();
        let Some(l) = &mut st.listening else {
            return Err(Errno::EINVAL.into());
        };
        let server = l.queue.pop_front().ok_or(Fail::Block)?;
        let addr = server.st.borrow().peer_addr.clone();
        Ok((server, addr))
    }

    /// `connect` of a datagram socket: sets (or with `None`, clears) the
    /// default destination.
    fn set_dgram_peer(&self, target: Option<&Rc<UnixSocket>>) {
        let mut st = self.st.borrow_mut();
        st.peer = target.map(Rc::downgrade);
        st.peer_addr = target
            .map(|t| t.st.borrow().addr.clone())
            .unwrap_or_default();
        st.peer_cred = target.map(|t| t.owner);
    }

    /// Sends `data`: to `to` (a datagram socket's explicit destination,
    /// already looked up) or the peer. Datagrams and seqpackets go whole
    /// or not at all. A blocking stream send waits until all of `data`
    /// fits when it could ever fit (Linux's `unix_stream_sendmsg` loops
    /// until everything is sent; a restarted call cannot keep a partial
    /// count, so it waits for room first); larger or non-blocking sends
    /// take what fits.
    pub fn send_to(
        &self,
        data: &[u8],
        to: Option<Rc<UnixSocket>>,
        ancillary: Ancillary,
        cred: Cred,
        nonblock: bool,
    ) -> Result<usize, Fail> {
        let (target, from) = {
            let mut st = self.st.borrow_mut();
            if st.shutdown & SEND != 0 {
                return Err(Errno::EPIPE.into());
            }
            let target = match to {
                Some(t) => t,
                None => match st.peer.as_ref().map(Weak::upgrade) {
                    Some(Some(p)) => p,
                    Some(None) if !self.connection_based() => {
                        // unix_dgram_sendmsg: the peer died; disconnect.
                        st.peer = None;
                        return Err(Errno::ECONNREFUSED.into());
                    }
                    Some(None) => return Err(Errno::EPIPE.into()),
                    None => return Err(Errno::ENOTCONN.into()),
                },
            };
            if !self.connection_based() && data.len() > st.sndbuf.saturating_sub(32) as usize {
                return Err(Errno::EMSGSIZE.into());
            }
            (target, st.addr.clone())
        };
        if self.kind == SOCK_DGRAM {
            if target.kind != SOCK_DGRAM {
                return Err(Errno::EPROTOTYPE.into());
            }
            // unix_may_send: a socket connected elsewhere takes nothing from us.
            if target
                .peer()
                .is_some_and(|p| !std::ptr::eq(Rc::as_ptr(&p), self))
            {
                return Err(Errno::EPERM.into());
            }
        }
        if self.kind == SOCK_STREAM && data.is_empty() {
            return Ok(0);
        }
        let mut t = target.st.borrow_mut();
        if t.shutdown & RCV != 0 {
            return Err(if self.connection_based() {
                Errno::EPIPE
            } else {
                Errno::ECONNREFUSED
            }
            .into());
        }
        let room = QUEUE_BYTES.saturating_sub(t.rx_bytes);
        let n = if self.kind == SOCK_STREAM {
            if room == 0 || (!nonblock && data.len() <= QUEUE_BYTES && room < data.len()) {
                return Err(Fail::Block);
            }
            data.len().min(room)
        } else {
            if self.kind == SOCK_SEQPACKET && data.len() > QUEUE_BYTES {
                return Err(Errno::EMSGSIZE.into());
            }
            let crowded = !self.is_peer_of(&t) && t.rx.len() >= MAX_DGRAM_QLEN;
            if data.len() > room || crowded {
                return Err(Fail::Block);
            }
            data.len()
        };
        t.rx_bytes += n;
        t.read_wakeups = t.read_wakeups.wrapping_add(1);
        t.rx.push_back(Message {
            data: data[..n].to_vec(),
            off: 0,
            from,
            rights: ancillary.rights,
            cred: ancillary.cred.unwrap_or(cred),
        });
        Ok(n)
    }

    /// Whether the socket whose state is `st` is connected back to us.
    fn is_peer_of(&self, st: &State) -> bool {
        st.peer
            .as_ref()
            .and_then(Weak::upgrade)
            .is_some_and(|p| std::ptr::eq(Rc::as_ptr(&p), self))
    }

    /// Receives up to `len` bytes (`MSG_PEEK`, `MSG_WAITALL`, `MSG_TRUNC`
    /// in `flags`). End of file is an empty [`Received`].
    pub fn recv_from(&self, len: usize, flags: u32) -> Result<Received, Fail> {
        let mut st = self.st.borrow_mut();
        if st.listening.is_some() {
            return Err(Errno::EINVAL.into());
        }
        if self.kind == SOCK_SEQPACKET && st.peer.is_none() {
            return Err(Errno::ENOTCONN.into());
        }
        if st.rx.is_empty() {
            if st.shutdown & RCV != 0 {
                return Ok(Received::default());
            }
            if self.kind == SOCK_STREAM && st.peer.is_none() {
                // A stream socket never connected (unix_stream_read_generic).
                return Err(Errno::EINVAL.into());
            }
            return Err(Fail::Block);
        }
        let peek = flags & MSG_PEEK != 0;
        if self.kind != SOCK_STREAM {
            let msg = if peek { st.rx.front() } else { None };
            let mut out = Received::default();
            if let Some(m) = msg {
                out.data = m.data[..len.min(m.data.len())].to_vec();
                out.full_len = m.data.len();
                out.from = m.from.sender_bytes();
                out.ancillary.rights.clone_from(&m.rights);
                out.ancillary.cred = Some(m.cred);
                return Ok(out);
            }
            let Some(m) = st.rx.pop_front() else {
                return Err(Fail::Block);
            };
            st.rx_bytes = st.rx_bytes.saturating_sub(m.data.len());
            out.full_len = m.data.len();
            let mut data = m.data;
            data.truncate(len);
            out.data = data;
            out.from = m.from.sender_bytes();
            out.ancillary.rights = m.rights;
            out.ancillary.cred = Some(m.cred);
            return Ok(out);
        }
        let available: usize = st.rx.iter().map(Message::left).sum();
        if flags & MSG_WAITALL != 0
            && !peek
            && available < len.min(QUEUE_BYTES)
            && st.shutdown & RCV == 0
        {
            return Err(Fail::Block);
        }
        let mut out = Received::default();
        let mut taken = 0;
        let mut consumed = 0;
        for m in &mut st.rx {
            if taken == len {
                break;
            }
            let n = m.left().min(len - taken);
            out.data.extend_from_slice(&m.data[m.off..m.off + n]);
            taken += n;
            if out.ancillary.cred.is_none() {
                out.ancillary.cred = Some(m.cred);
                out.from = m.from.sender_bytes();
            }
            let had_rights = !m.rights.is_empty();
            if peek {
                out.ancillary.rights.clone_from(&m.rights);
            } else {
                out.ancillary.rights = std::mem::take(&mut m.rights);
                m.off += n;
                consumed += n;
            }
            if had_rights {
                break;
            }
        }
        if !peek {
            st.rx_bytes = st.rx_bytes.saturating_sub(consumed);
            while st
                .rx
                .front()
                .is_some_and(|m| m.left() == 0 && m.rights.is_empty())
            {
                st.rx.pop_front();
            }
        }
        out.full_len = out.data.len();
        Ok(out)
    }

    /// `shutdown(how)` (`unix_shutdown`): this side's bits, and the mirror
    /// bits on a stream peer.
    pub fn shut(&self, how: u32) -> Result<(), Errno> {
        if how > SHUT_RDWR {
            return Err(Errno::EINVAL);
        }
        let mode = (how + 1) as u8;
        {
            let mut st = self.st.borrow_mut();
            st.shutdown |= mode;
            st.read_wakeups = st.read_wakeups.wrapping_add(1);
        }
        if self.connection_based()
            && let Some(peer) = self.peer()
        {
            let mut mirror = 0;
            if mode & RCV != 0 {
                mirror |= SEND;
            }
            if mode & SEND != 0 {
                mirror |= RCV;
            }
            let mut st = peer.st.borrow_mut();
            st.shutdown |= mirror;
            st.read_wakeups = st.read_wakeups.wrapping_add(1);
        }
        Ok(())
    }

    /// Readiness (`unix_poll`, `unix_dgram_poll`).
    #[must_use]
    pub fn poll_bits(&self) -> u16 {
        let st = self.st.borrow();
        let mut ev = 0;
        if st.shutdown == BOTH {
            ev |= POLLHUP;
        }
        if st.shutdown & RCV != 0 {
            ev |= POLLRDHUP | POLLIN | POLLRDNORM;
        }
        let pending = st.listening.as_ref().is_some_and(|l| !l.queue.is_empty());
        if !st.rx.is_empty() || pending {
            ev |= POLLIN | POLLRDNORM;
        }
        if self.connection_based() && st.peer.is_none() && st.listening.is_none() {
            ev |= POLLHUP;
        }
        if st.listening.is_some() {
            return ev;
        }
        let writable = match st.peer.as_ref().and_then(Weak::upgrade) {
            Some(peer) => {
                let p = peer.st.borrow();
                let full = p.rx_bytes.saturating_mul(4) > QUEUE_BYTES
                    || (!self.connection_based()
                        && !self.is_peer_of(&p)
                        && p.rx.len() >= MAX_DGRAM_QLEN);
                !full
            }
            None => true,
        };
        if writable {
            ev |= POLLOUT | POLLWRNORM | POLLWRBAND;
        }
        ev
    }

    /// Bytes waiting (`SIOCINQ`): the next datagram's size, or every
    /// queued stream byte.
    fn inq(&self) -> usize {
        let st = self.st.borrow();
        if self.kind == SOCK_STREAM {
            st.rx.iter().map(Message::left).sum()
        } else {
            st.rx.front().map_or(0, |m| m.data.len())
        }
    }

    /// Resolves a `sockaddr_un` to a bound socket (`unix_find_other`).
    fn find(k: &mut Kernel, tid: Pid, addr: &UnixAddr) -> SysResult<Rc<UnixSocket>> {
        let key = match addr {
            UnixAddr::Unnamed => return Err(Errno::EINVAL.into()),
            UnixAddr::Abstract(n) => Key::Name(n.clone()),
            UnixAddr::Path(p) => {
                let cwd = start_dir(k, tid, p)?;
                let ino = vfs::lookup(&mut k.fs, cwd, p, true)?;
                let meta = k.fs.getattr(ino)?;
                // unix_find_bsd: writing to a socket needs write permission.
                may(k, tid, &meta, 2)?;
                if meta.file_type() != FileType::Socket {
                    return Err(Errno::ECONNREFUSED.into());
                }
                Key::Fid(ino)
            }
        };
        k.sockets
            .find(&key)
            .ok_or(SysErr::Errno(Errno::ECONNREFUSED))
    }
}

/// Where a socket path starts: `/` or the working directory (which must
/// be on the disk: sockets are not bound inside synthetic trees).
fn start_dir(k: &Kernel, tid: Pid, path: &[u8]) -> SysResult<Fid> {
    if path.starts_with(b"/") {
        return Ok(Fid::ROOT);
    }
    let cwd = k.task(tid)?.fs.borrow().cwd;
    cwd.disk()
}

/// The classic permission check (`generic_permission`; `want` is a mask
/// of 4 read, 2 write, 1 search): EACCES unless the effective ids allow it.
fn may(k: &Kernel, tid: Pid, meta: &Metadata, want: u32) -> SysResult<()> {
    let c = &k.task(tid)?.creds;
    if c.euid == 0 {
        return Ok(());
    }
    let mode = u32::from(meta.mode);
    let bits = if c.euid == meta.uid {
        mode >> 6
    } else if c.egid == meta.gid || c.groups.contains(&meta.gid) {
        mode >> 3
    } else {
        mode
    } & 7;
    if bits & want == want {
        Ok(())
    } else {
        Err(Errno::EACCES.into())
    }
}

impl SocketOps for UnixSocket {
    fn bind(&self, k: &mut Kernel, tid: Pid, addr: &[u8]) -> SysResult<()> {
        let addr = UnixAddr::parse(addr)?;
        // unix_bind_bsd creates the inode before checking for a second
        // bind (an existing path is EADDRINUSE either way).
        let bound = self.st.borrow().addr != UnixAddr::Unnamed;
        if bound && !matches!(addr, UnixAddr::Path(_)) {
            return Err(Errno::EINVAL.into());
        }
        k.sockets.sweep();
        let (addr, key) = match addr {
            UnixAddr::Unnamed => {
                // unix_autobind: an unused abstract name of five hex digits.
                let mut found = None;
                for _ in 0..0x10_0000 {
                    let n = k.sockets.next_auto & 0xf_ffff;
                    k.sockets.next_auto = n.wrapping_add(1);
                    let name = format!("{n:05x}").into_bytes();
                    if !k.sockets.names.contains_key(&name) {
                        found = Some(name);
                        break;
                    }
                }
                let name = found.ok_or(SysErr::Errno(Errno::ENOSPC))?;
                (UnixAddr::Abstract(name.clone()), Key::Name(name))
            }
            UnixAddr::Abstract(n) => {
                if k.sockets.names.contains_key(&n) {
                    return Err(Errno::EADDRINUSE.into());
                }
                (UnixAddr::Abstract(n.clone()), Key::Name(n))
            }
            UnixAddr::Path(p) => {
                if p.is_empty() {
                    return Err(Errno::ENOENT.into());
                }
                let cwd = start_dir(k, tid, &p)?;
                let umask = k.task(tid)?.fs.borrow().umask;
                let parent = vfs::lookup_parent(&mut k.fs, cwd, &p)?;
                let dir = k.fs.getattr(parent.dir)?;
                may(k, tid, &dir, 3)?;
                let (uid, gid) = {
                    let c = &k.task(tid)?.creds;
                    (c.euid, c.egid)
                };
                let node = NewNode {
                    perm: (0o777 & !umask) as u16,
                    uid,
                    gid,
                    now: k.now_time(),
                };
                let ino = match k.fs.mknod(
                    parent.dir,
                    &parent.name,
                    FileType::Socket,
                    DevNum::default(),
                    &node,
                ) {
                    Ok(ino) => ino,
                    Err(FsError::Exists) => return Err(Errno::EADDRINUSE.into()),
                    Err(e) => return Err(e.into()),
                };
                if bound {
                    let now = k.now_time();
                    k.fs.unlink(parent.dir, &parent.name, now)?;
                    return Err(Errno::EINVAL.into());
                }
                self.st.borrow_mut().bound_ino = Some(ino);
                (UnixAddr::Path(p), Key::Fid(ino))
            }
        };
        match key {
            Key::Fid(ino) => {
                k.sockets.paths.insert(ino, self.me.clone());
            }
            Key::Name(n) => {
                k.sockets.names.insert(n, self.me.clone());
            }
        }
        self.st.borrow_mut().addr = addr;
        Ok(())
    }

    fn connect(&self, k: &mut Kernel, tid: Pid, addr: &[u8], nonblock: bool) -> SysResult<()> {
        // A datagram socket "connects" to AF_UNSPEC to disconnect.
        if !self.connection_based() && addr.len() >= 2 && addr[..2] == [0, 0] {
            self.set_dgram_peer(None);
            return Ok(());
        }
        let target = UnixAddr::parse(addr)?;
        let other = Self::find(k, tid, &target)?;
        if self.connection_based() {
            let cred = Cred::of(k, tid)?;
            lift(self.connect_to(&other, cred), nonblock)?;
            k.wake(|w| w == Wait::Io);
        } else {
            if other.kind != self.kind {
                return Err(Errno::EPROTOTYPE.into());
            }
            self.set_dgram_peer(Some(&other));
        }
        Ok(())
    }

    fn listen(&self, k: &mut Kernel, tid: Pid, backlog: i32) -> SysResult<()> {
        let cred = Cred::of(k, tid)?;
        Ok(self.listen_on(backlog, cred)?)
    }

    fn accept(
        &self,
        k: &mut Kernel,
        tid: Pid,
        nonblock: bool,
    ) -> SysResult<(Rc<dyn FileOps>, Vec<u8>)> {
        if !self.connection_based() {
            return Err(Errno::EOPNOTSUPP.into());
        }
        let timeout = self.st.borrow().rcvtimeo;
        let (sock, addr) = timed(k, tid, lift(self.accept_one(), nonblock), timeout)?;
        k.wake(|w| w == Wait::Io);
        Ok((sock, addr.to_bytes()))
    }

    fn send(
        &self,
        k: &mut Kernel,
        tid: Pid,
        data: &[u8],
        to: &[u8],
        ancillary: Ancillary,
        flags: u32,
        nonblock: bool,
    ) -> SysResult<usize> {
        let target = if self.connection_based() {
            // unix_stream_sendmsg refuses an address; seqpacket ignores it.
            if !to.is_empty() && self.kind == SOCK_STREAM {
                let connected = self.st.borrow().peer.is_some();
                return Err(if connected {
                    Errno::EISCONN
                } else {
                    Errno::EOPNOTSUPP
                }
                .into());
            }
            None
        } else if to.is_empty() {
            None
        } else {
            let addr = UnixAddr::parse(to)?;
            Some(Self::find(k, tid, &addr)?)
        };
        let cred = Cred::of(k, tid)?;
        match self.send_to(data, target, ancillary, cred, nonblock) {
            Ok(n) => {
                end_timeout(k, tid);
                k.wake(|w| w == Wait::Io);
                Ok(n)
            }
            Err(Fail::Err(e)) if e == Errno::EPIPE && self.connection_based() => {
                if flags & MSG_NOSIGNAL == 0 {
                    crate::signal::send_to_task(k, tid, SIGPIPE);
                }
                Err(e.into())
            }
            Err(other) => {
                let timeout = self.st.borrow().sndtimeo;
                timed(k, tid, lift(Err(other), nonblock), timeout)
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
        let timeout = self.st.borrow().rcvtimeo;
        let got = timed(k, tid, lift(self.recv_from(len, flags), nonblock), timeout)?;
        if flags & MSG_PEEK == 0 {
            k.wake(|w| w == Wait::Io);
        }
        Ok(got)
    }

    fn shutdown(&self, k: &mut Kernel, how: u32) -> SysResult<()> {
        self.shut(how)?;
        k.wake(|w| w == Wait::Io);
        Ok(())
    }

    fn sockname(&self) -> Vec<u8> {
        self.st.borrow().addr.to_bytes()
    }

    fn peername(&self) -> SysResult<Vec<u8>> {
        let st = self.st.borrow();
        if st.peer.is_none() {
            return Err(Errno::ENOTCONN.into());
        }
        Ok(st.peer_addr.to_bytes())
    }

    fn getsockopt(&self, _k: &mut Kernel, level: u32, name: u32) -> SysResult<Vec<u8>> {
        if level != SOL_SOCKET {
            return Err(Errno::EOPNOTSUPP.into());
        }
        let st = self.st.borrow();
        let flag = |n: u32| int_bytes(u32::from(st.flags.get(&n).is_some_and(|v| *v != 0)));
        Ok(match name {
            SO_TYPE => int_bytes(self.kind),
            SO_ERROR => int_bytes(0),
            SO_DOMAIN => int_bytes(u32::from(AF_UNIX)),
            SO_PROTOCOL => int_bytes(0),
            SO_ACCEPTCONN => int_bytes(u32::from(st.listening.is_some())),
            SO_PASSCRED => int_bytes(u32::from(st.passcred)),
            SO_SNDBUF => int_bytes(st.sndbuf),
            SO_RCVBUF => int_bytes(st.rcvbuf),
            SO_RCVLOWAT | SO_SNDLOWAT => int_bytes(1),
            SO_REUSEADDR | SO_REUSEPORT | SO_KEEPALIVE | SO_BROADCAST | SO_DEBUG | SO_DONTROUTE
            | SO_OOBINLINE => flag(name),
            SO_PRIORITY => int_bytes(st.flags.get(&name).copied().unwrap_or(0)),
            SO_LINGER => vec![0; 8],
            SO_RCVTIMEO | SO_SNDTIMEO | SO_RCVTIMEO_NEW | SO_SNDTIMEO_NEW => {
                let ns = if matches!(name, SO_RCVTIMEO | SO_RCVTIMEO_NEW) {
                    st.rcvtimeo
                } else {
                    st.sndtimeo
                };
                format_timeval(ns, name == SO_RCVTIMEO || name == SO_SNDTIMEO)
            }
            SO_PEERCRED => {
                let c = st.peer_cred.unwrap_or(Cred::NOBODY);
                UCred {
                    pid: c.pid,
                    uid: c.uid,
                    gid: c.gid,
                }
                .to_bytes()
                .to_vec()
            }
            _ => return Err(Errno::ENOPROTOOPT.into()),
        })
    }

    fn setsockopt(&self, _k: &mut Kernel, level: u32, name: u32, value: &[u8]) -> SysResult<()> {
        if level != SOL_SOCKET {
            return Err(Errno::EOPNOTSUPP.into());
        }
        let int = || -> SysResult<u32> {
            value
                .get(..4)
                .and_then(|b| b.try_into().ok())
                .map(u32::from_le_bytes)
                .ok_or(SysErr::Errno(Errno::EINVAL))
        };
        let mut st = self.st.borrow_mut();
        match name {
            SO_PASSCRED => st.passcred = int()? != 0,
            SO_SNDBUF | SO_SNDBUFFORCE => {
                st.sndbuf = (int()?.min(BUF_MAX).saturating_mul(2)).max(MIN_SNDBUF);
            }
            SO_RCVBUF | SO_RCVBUFFORCE => {
                st.rcvbuf = (int()?.min(BUF_MAX).saturating_mul(2)).max(MIN_RCVBUF);
            }
            SO_REUSEADDR | SO_REUSEPORT | SO_KEEPALIVE | SO_BROADCAST | SO_DEBUG | SO_DONTROUTE
            | SO_OOBINLINE | SO_PRIORITY | SO_RCVLOWAT | SO_SNDLOWAT => {
                let v = int()?;
                st.flags.insert(name, v);
            }
            SO_LINGER => {
                if value.len() < 8 {
                    return Err(Errno::EINVAL.into());
                }
            }
            SO_RCVTIMEO | SO_SNDTIMEO | SO_RCVTIMEO_NEW | SO_SNDTIMEO_NEW => {
                let ns = parse_timeval(value, name == SO_RCVTIMEO || name == SO_SNDTIMEO)?;
                if matches!(name, SO_RCVTIMEO | SO_RCVTIMEO_NEW) {
                    st.rcvtimeo = ns;
                } else {
                    st.sndtimeo = ns;
                }
            }
            _ => return Err(Errno::ENOPROTOOPT.into()),
        }
        Ok(())
    }

    fn passcred(&self) -> bool {
        self.st.borrow().passcred
    }
}

impl FileOps for UnixSocket {
    super::socket_file_ops!();

    fn signals_io(&self) -> bool {
        true
    }

    fn wakeups(&self) -> [Option<u64>; 2] {
        [Some(self.st.borrow().read_wakeups), None]
    }

    fn poll(&self, _: &Kernel) -> u16 {
        self.poll_bits()
    }

    fn ioctl(&self, k: &mut Kernel, tid: Pid, cmd: u32, arg: u32) -> SysResult {
        match cmd {
            FIONREAD => {
                if self.st.borrow().listening.is_some() {
                    return Err(Errno::EINVAL.into());
                }
                k.write_user_u32(tid, arg, self.inq() as u32)?;
                Ok(0)
            }
            TIOCOUTQ => {
                let out = self.peer().map_or(0, |p| p.st.borrow().rx_bytes);
                k.write_user_u32(tid, arg, out as u32)?;
                Ok(0)
            }
            _ => super::netdevice::device_ioctl(k, tid, cmd, arg),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: Cred = Cred {
        pid: 7,
        uid: 1000,
        gid: 1000,
    };

    fn bound(kind: u32, name: &[u8]) -> Rc<UnixSocket> {
        let s = UnixSocket::build(kind, ME);
        s.st.borrow_mut().addr = UnixAddr::Abstract(name.to_vec());
        s
    }

    fn send(s: &UnixSocket, data: &[u8]) -> Result<usize, Fail> {
        s.send_to(data, None, Ancillary::default(), ME, true)
    }

    fn recv(s: &UnixSocket, len: usize) -> Result<Vec<u8>, Fail> {
        s.recv_from(len, 0).map(|r| r.data)
    }

    #[test]
    fn addresses_parse_and_print_like_linux() {
        assert_eq!(UnixAddr::parse(&[1, 0]), Ok(UnixAddr::Unnamed));
        assert_eq!(UnixAddr::parse(&[1]), Err(Errno::EINVAL));
        assert_eq!(UnixAddr::parse(&[2, 0, b'a']), Err(Errno::EINVAL));
        assert_eq!(
            UnixAddr::parse(&[1, 0, 0, b'x', 0]),
            Ok(UnixAddr::Abstract(b"x\0".to_vec()))
        );
        let p = UnixAddr::parse(&[1, 0, b'/', b't', 0, b'j', b'u', b'n', b'k']).unwrap();
        assert_eq!(p, UnixAddr::Path(b"/t".to_vec()));
        assert_eq!(p.to_bytes(), [1, 0, b'/', b't', 0]);
        assert_eq!(
            UnixAddr::Abstract(b"ab".to_vec()).to_bytes(),
            [1, 0, 0, b'a', b'b']
        );
        assert_eq!(
            UnixAddr::parse(&[1u8; 111]),
            Err(Errno::EINVAL),
            "longer than sun_path"
        );
    }

    #[test]
    fn stream_pair_moves_bytes_and_sees_eof() {
        let (a, b) = UnixSocket::pair_raw(SOCK_STREAM, ME);
        assert_eq!(recv(&b, 10), Err(Fail::Block));
        assert_eq!(send(&a, b"hello "), Ok(6));
        assert_eq!(send(&a, b"world"), Ok(5));
        assert_eq!(b.poll_bits() & POLLIN, POLLIN);
        assert_eq!(b.inq(), 11);
        let peek = b.recv_from(5, MSG_PEEK).unwrap();
        assert_eq!(peek.data, b"hello");
        assert_eq!(
            recv(&b, 8).unwrap(),
            b"hello wo",
            "a stream read spans sends"
        );
        assert_eq!(recv(&b, 8).unwrap(), b"rld");
        drop(a);
        assert_eq!(recv(&b, 8).unwrap(), b"", "peer closed: end of file");
        assert_eq!(b.poll_bits() & (POLLHUP | POLLRDHUP), POLLHUP | POLLRDHUP);
        assert_eq!(send(&b, b"x"), Err(Fail::Err(Errno::EPIPE)));
    }

    #[test]
    fn shutdown_mirrors_on_the_peer() {
        let (a, b) = UnixSocket::pair_raw(SOCK_STREAM, ME);
        send(&a, b"last").unwrap();
        a.shut(1).unwrap(); // SHUT_WR
        assert_eq!(send(&a, b"x"), Err(Fail::Err(Errno::EPIPE)));
        assert_eq!(recv(&b, 10).unwrap(), b"last", "queued data first");
        assert_eq!(recv(&b, 10).unwrap(), b"", "then end of file");
        assert_eq!(send(&b, b"reply"), Ok(5), "the other way still works");
        assert_eq!(recv(&a, 10).unwrap(), b"reply");
        b.shut(0).unwrap(); // SHUT_RD: a may no longer send... it already can't
        assert_eq!(a.shut(7), Err(Errno::EINVAL));
        a.shut(2).unwrap();
        assert_eq!(a.poll_bits() & POLLHUP, POLLHUP);
    }

    #[test]
    fn stream_sends_are_partial_when_the_queue_fills() {
        let (a, b) = UnixSocket::pair_raw(SOCK_STREAM, ME);
        let big = vec![1u8; QUEUE_BYTES + 100];
        assert_eq!(send(&a, &big), Ok(QUEUE_BYTES));
        assert_eq!(send(&a, b"x"), Err(Fail::Block));
        assert_eq!(a.poll_bits() & POLLOUT, 0);
        assert_eq!(recv(&b, 1000).unwrap().len(), 1000);
        assert_eq!(send(&a, &big), Ok(1000));
        // A blocking send that could fit waits for room for all of it.
        assert_eq!(recv(&b, 10).unwrap().len(), 10);
        assert_eq!(
            a.send_to(&[2; 20], None, Ancillary::default(), ME, false),
            Err(Fail::Block)
        );
        assert_eq!(
            a.send_to(&[2; 10], None, Ancillary::default(), ME, false),
            Ok(10)
        );
        // MSG_WAITALL waits for the whole length (or end of file).
        let (c, d) = UnixSocket::pair_raw(SOCK_STREAM, ME);
        send(&c, b"abc").unwrap();
        assert!(matches!(d.recv_from(5, MSG_WAITALL), Err(Fail::Block)));
        send(&c, b"de").unwrap();
        assert_eq!(d.recv_from(5, MSG_WAITALL).unwrap().data, b"abcde");
    }

    #[test]
    fn datagrams_keep_boundaries_and_truncate() {
        let (a, b) = UnixSocket::pair_raw(SOCK_DGRAM, ME);
        send(&a, b"one").unwrap();
        send(&a, b"second").unwrap();
        send(&a, b"").unwrap();
        let r = b.recv_from(3, 0).unwrap();
        assert_eq!((r.data.as_slice(), r.full_len), (&b"one"[..], 3));
        let r = b.recv_from(3, 0).unwrap();
        assert_eq!(
            (r.data.as_slice(), r.full_len),
            (&b"sec"[..], 6),
            "truncated"
        );
        assert_eq!(b.recv_from(3, 0).unwrap().full_len, 0, "an empty datagram");
        assert!(matches!(b.recv_from(3, 0), Err(Fail::Block)));
        drop(a);
        assert!(
            matches!(b.recv_from(3, 0), Err(Fail::Block)),
            "datagram sockets see no end of file"
        );
        assert_eq!(send(&b, b"x"), Err(Fail::Err(Errno::ECONNREFUSED)));
        assert_eq!(
            send(&b, b"x"),
            Err(Fail::Err(Errno::ENOTCONN)),
            "disconnected"
        );
    }

    #[test]
    fn unconnected_datagrams_respect_the_queue_length_and_peers() {
        let server = bound(SOCK_DGRAM, b"srv");
        let client = bound(SOCK_DGRAM, b"cli");
        for _ in 0..MAX_DGRAM_QLEN {
            client
                .send_to(
                    b"m",
                    Some(Rc::clone(&server)),
                    Ancillary::default(),
                    ME,
                    true,
                )
                .unwrap();
        }
        assert_eq!(
            client.send_to(
                b"m",
                Some(Rc::clone(&server)),
                Ancillary::default(),
                ME,
                true
            ),
            Err(Fail::Block)
        );
        let r = server.recv_from(10, 0).unwrap();
        assert_eq!(r.from, UnixAddr::Abstract(b"cli".to_vec()).to_bytes());
        // A socket connected elsewhere refuses strangers.
        let third = bound(SOCK_DGRAM, b"3rd");
        third.set_dgram_peer(Some(&client));
        assert_eq!(
            server.send_to(
                b"m",
                Some(Rc::clone(&third)),
                Ancillary::default(),
                ME,
                true
            ),
            Err(Fail::Err(Errno::EPERM))
        );
    }

    #[test]
    fn listen_connect_accept() {
        let client = UnixSocket::build(SOCK_STREAM, ME);
        let unnamed = UnixSocket::build(SOCK_STREAM, ME);
        assert_eq!(
            unnamed.listen_on(5, ME),
            Err(Errno::EINVAL),
            "listen needs a name"
        );
        let listener = bound(SOCK_STREAM, b"l");
        assert_eq!(
            client.connect_to(&listener, ME),
            Err(Fail::Err(Errno::ECONNREFUSED)),
            "not listening yet"
        );
        let root = Cred {
            pid: 1,
            uid: 0,
            gid: 0,
        };
        listener.listen_on(0, root).unwrap();
        assert_eq!(listener.poll_bits() & POLLIN, 0);
        assert_eq!(listener.accept_one().err(), Some(Fail::Block));
        client.connect_to(&listener, ME).unwrap();
        assert_eq!(
            client.connect_to(&listener, ME),
            Err(Fail::Err(Errno::EISCONN))
        );
        // Backlog 0 admits one pending connection (queue length > backlog is full).
        let second = UnixSocket::build(SOCK_STREAM, ME);
        assert_eq!(second.connect_to(&listener, ME), Err(Fail::Block));
        assert_eq!(listener.poll_bits() & POLLIN, POLLIN);
        // The client can send before the server accepts.
        assert_eq!(send(&client, b"early"), Ok(5));
        let (server, peer) = listener.accept_one().unwrap();
        assert_eq!(peer, UnixAddr::Unnamed);
        assert_eq!(server.st.borrow().addr, UnixAddr::Abstract(b"l".to_vec()));
        assert_eq!(server.st.borrow().peer_cred, Some(ME));
        assert_eq!(
            client.st.borrow().peer_cred,
            Some(root),
            "credentials at listen"
        );
        assert_eq!(recv(&server, 10).unwrap(), b"early");
        let dgram = UnixSocket::build(SOCK_DGRAM, ME);
        assert_eq!(
            dgram.connect_to(&listener, ME),
            Err(Fail::Err(Errno::EPROTOTYPE))
        );
        assert_eq!(recv(&listener, 1), Err(Fail::Err(Errno::EINVAL)));
    }

    #[test]
    fn closing_a_listener_resets_queued_clients() {
        let listener = bound(SOCK_STREAM, b"l");
        listener.listen_on(4, ME).unwrap();
        let client = UnixSocket::build(SOCK_STREAM, ME);
        client.connect_to(&listener, ME).unwrap();
        drop(listener);
        assert_eq!(
            recv(&client, 4).unwrap(),
            b"",
            "the embryo died: end of file"
        );
        assert_eq!(send(&client, b"x"), Err(Fail::Err(Errno::EPIPE)));
    }

    #[test]
    fn seqpacket_is_connection_based_with_boundaries() {
        let lone = UnixSocket::build(SOCK_SEQPACKET, ME);
        assert_eq!(recv(&lone, 1), Err(Fail::Err(Errno::ENOTCONN)));
        assert_eq!(send(&lone, b"x"), Err(Fail::Err(Errno::ENOTCONN)));
        let (a, b) = UnixSocket::pair_raw(SOCK_SEQPACKET, ME);
        send(&a, b"first").unwrap();
        send(&a, b"2nd").unwrap();
        assert_eq!(recv(&b, 100).unwrap(), b"first");
        assert_eq!(recv(&b, 100).unwrap(), b"2nd");
        drop(a);
        assert_eq!(recv(&b, 100).unwrap(), b"", "end of file");
    }

    #[test]
    fn credentials_travel_with_messages() {
        let (a, b) = UnixSocket::pair_raw(SOCK_STREAM, ME);
        send(&a, b"x").unwrap();
        let r = b.recv_from(1, 0).unwrap();
        assert_eq!(r.ancillary.cred, Some(ME));
        assert_eq!(r.from, b"", "an unnamed sender has no address at all");
    }
}
