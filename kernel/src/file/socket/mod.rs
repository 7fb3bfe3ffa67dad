//! Sockets: the family-independent interface ([`SocketOps`]) the socket
//! system calls (`syscall/net.rs`) drive, and the families behind it.
//!
//! `AF_UNIX` is [`unix`]; `AF_INET`/`AF_INET6` are [`inet`], on the TCP/IP
//! stack (`netstack/`, smoltcp); `AF_NETLINK` is [`netlink`]'s routing
//! protocol. Each socket object has [`FileOps`] (read, write, poll) and
//! [`SocketOps`] (the rest); nothing in the system-call layer knows which
//! family it talks to. Every other family (`AF_PACKET`, ...) is
//! `EAFNOSUPPORT`, as on kernels without them.
//!
//! Addresses cross this interface as the raw `sockaddr` bytes the guest
//! passed (each family parses its own, socket(7)); control messages as
//! decoded values ([`Ancillary`]), so descriptor passing stays in the
//! system-call layer's hands.

pub mod inet;
pub mod netdevice;
pub mod netlink;
pub mod unix;

pub use inet::InetSocket;
pub use unix::{UnixNamespace, UnixSocket};

use super::{FileOps, FileRef};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::socket::{
    AF_INET, AF_INET6, AF_NETLINK, AF_UNIX, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET, SOCK_STREAM,
};
use crate::error::{SysErr, SysResult, Wait};
use crate::task::Pid;
use std::rc::Rc;

/// `struct ucred`: who sent a message or connected (unix(7)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cred {
    pub pid: u32,
    pub uid: u32,
    pub gid: u32,
}

impl Cred {
    /// What `SO_PEERCRED` reports with no peer: pid 0 and the overflow ids
    /// (`cred_to_ucred` with no credentials).
    pub const NOBODY: Cred = Cred {
        pid: 0,
        uid: 65534,
        gid: 65534,
    };

    /// The calling task's credentials (thread-group id, real... effective
    /// ids as `cred_to_ucred` takes them).
    pub fn of(k: &Kernel, tid: Pid) -> SysResult<Cred> {
        let task = k.task(tid)?;
        Ok(Cred {
            pid: task.tgid,
            uid: task.creds.euid,
            gid: task.creds.egid,
        })
    }
}

/// Control messages of one `sendmsg`/`recvmsg` (cmsg(3)).
#[derive(Default)]
pub struct Ancillary {
    /// `SCM_RIGHTS`: open files in flight.
    pub rights: Vec<FileRef>,
    /// `SCM_CREDENTIALS`: the sender's credentials.
    pub cred: Option<Cred>,
}

/// A received message (or stream bytes) as `recvmsg` returns it.
#[derive(Default)]
pub struct Received {
    pub data: Vec<u8>,
    /// The message's full length (datagrams longer than the buffer:
    /// `MSG_TRUNC`).
    pub full_len: usize,
    /// The sender's address (`recvfrom`), `sockaddr` bytes; empty if none.
    pub from: Vec<u8>,
    pub ancillary: Ancillary,
}

/// What a socket does beyond [`FileOps`]: the socket(2) family of calls.
/// `nonblock` is the descriptor's `O_NONBLOCK` (or `MSG_DONTWAIT`); a call
/// that would wait returns `SysErr::Block(Wait::Io)` having changed nothing,
/// or `EAGAIN` under `nonblock`.
pub trait SocketOps {
    /// `bind(2)`; `addr` is the guest's `sockaddr`.
    fn bind(&self, k: &mut Kernel, tid: Pid, addr: &[u8]) -> SysResult<()>;
    /// `connect(2)`.
    fn connect(&self, k: &mut Kernel, tid: Pid, addr: &[u8], nonblock: bool) -> SysResult<()>;
    /// `listen(2)`.
    fn listen(&self, k: &mut Kernel, tid: Pid, backlog: i32) -> SysResult<()>;
    /// `accept4(2)`: the new connection and its peer's address.
    fn accept(
        &self,
        k: &mut Kernel,
        tid: Pid,
        nonblock: bool,
    ) -> SysResult<(Rc<dyn FileOps>, Vec<u8>)>;
    /// `sendmsg(2)`: bytes sent. `to` is empty when no address was given.
    #[allow(clippy::too_many_arguments)] // sendmsg(2)'s own arguments
    fn send(
        &self,
        k: &mut Kernel,
        tid: Pid,
        data: &[u8],
        to: &[u8],
        ancillary: Ancillary,
        flags: u32,
        nonblock: bool,
    ) -> SysResult<usize>;
    /// `recvmsg(2)` of up to `len` bytes.
    fn recv(
        &self,
        k: &mut Kernel,
        tid: Pid,
        len: usize,
        flags: u32,
        nonblock: bool,
    ) -> SysResult<Received>;
    /// `shutdown(2)`.
    fn shutdown(&self, k: &mut Kernel, how: u32) -> SysResult<()>;
    /// `getsockname(2)`: the bound address.
    fn sockname(&self) -> Vec<u8>;
    /// `getpeername(2)`: the peer's address (`ENOTCONN` without one).
    fn peername(&self) -> SysResult<Vec<u8>>;
    /// `getsockopt(2)`: the option's value bytes (before truncation to
    /// the caller's length).
    fn getsockopt(&self, k: &mut Kernel, level: u32, name: u32) -> SysResult<Vec<u8>>;
    /// `setsockopt(2)`.
    fn setsockopt(&self, k: &mut Kernel, level: u32, name: u32, value: &[u8]) -> SysResult<()>;
    /// Whether received control messages carry credentials (`SO_PASSCRED`).
    fn passcred(&self) -> bool {
        false
    }
}

/// `read(2)` on any socket: `recv` with no flags (files in flight are
/// dropped, as Linux does without a control buffer).
fn read(s: &dyn SocketOps, k: &mut Kernel, tid: Pid, len: usize) -> SysResult<Vec<u8>> {
    Ok(s.recv(k, tid, len, 0, false)?.data)
}

/// `write(2)` on any socket: `send` with no flags, address or control
/// messages; the position is untouched.
fn write(
    s: &dyn SocketOps,
    k: &mut Kernel,
    tid: Pid,
    data: &[u8],
    pos: u64,
) -> SysResult<(usize, u64)> {
    let n = s.send(k, tid, data, &[], Ancillary::default(), 0, false)?;
    Ok((n, pos))
}

/// The [`FileOps`] methods every socket family shares, for its `impl
/// FileOps`: `read` and `write` as `recv` and `send` without flags or
/// address, the socket's `stat`, and the socket itself.
macro_rules! socket_file_ops {
    () => {
        fn read(
            &self,
            k: &mut $crate::Kernel,
            tid: $crate::task::Pid,
            len: usize,
            _: u64,
        ) -> $crate::error::SysResult<Vec<u8>> {
            $crate::file::socket::read(self, k, tid, len)
        }

        fn write(
            &self,
            k: &mut $crate::Kernel,
            tid: $crate::task::Pid,
            data: &[u8],
            pos: u64,
            _: bool,
        ) -> $crate::error::SysResult<(usize, u64)> {
            $crate::file::socket::write(self, k, tid, data, pos)
        }

        fn stat(&self, _: &mut $crate::Kernel) -> $crate::error::SysResult<tabvm_fs::Metadata> {
            Ok($crate::file::synthetic(0o140_777, 0))
        }

        fn socket(&self) -> Option<&dyn $crate::file::socket::SocketOps> {
            Some(self)
        }
    };
}
pub(crate) use socket_file_ops;

/// `socket(2)` for `family`, `kind` (`SOCK_*` without flags) and
/// `protocol`: the new socket's file operations.
pub fn create(
    k: &mut Kernel,
    tid: Pid,
    family: u32,
    kind: u32,
    protocol: u32,
) -> SysResult<Rc<dyn FileOps>> {
    match u16::try_from(family) {
        Ok(AF_UNIX) => {
            // unix_create: protocol 0 or PF_UNIX; SOCK_RAW is a datagram socket.
            if protocol != 0 && protocol != u32::from(AF_UNIX) {
                return Err(Errno::EPROTONOSUPPORT.into());
            }
            let kind = match kind {
                SOCK_STREAM | SOCK_DGRAM | SOCK_SEQPACKET => kind,
                SOCK_RAW => SOCK_DGRAM,
                _ => return Err(Errno::ESOCKTNOSUPPORT.into()),
            };
            let cred = Cred::of(k, tid)?;
            Ok(UnixSocket::unconnected(kind, cred))
        }
        Ok(AF_INET) => inet::create(k, false, kind, protocol),
        Ok(AF_INET6) => inet::create(k, true, kind, protocol),
        Ok(AF_NETLINK) => netlink::NetlinkSocket::create(kind, protocol),
        _ => Err(Errno::EAFNOSUPPORT.into()),
    }
}

/// `socketpair(2)`: two connected sockets (only `AF_UNIX` has pairs).
pub fn pair(
    k: &mut Kernel,
    tid: Pid,
    family: u32,
    kind: u32,
    protocol: u32,
) -> SysResult<(Rc<dyn FileOps>, Rc<dyn FileOps>)> {
    if family == u32::from(AF_INET) || family == u32::from(AF_INET6) {
        // inet_create checks the type and protocol first; then
        // sock_no_socketpair.
        inet::check(kind, protocol)?;
        return Err(Errno::EOPNOTSUPP.into());
    }
    if family != u32::from(AF_UNIX) {
        // Linux: families without socketpair answer EOPNOTSUPP, unknown
        // ones EAFNOSUPPORT.
        return Err(Errno::EAFNOSUPPORT.into());
    }
    create(k, tid, family, kind, protocol)?;
    let cred = Cred::of(k, tid)?;
    let kind = if kind == SOCK_RAW { SOCK_DGRAM } else { kind };
    Ok(UnixSocket::pair(kind, cred))
}

/// A `SO_RCVTIMEO`/`SO_SNDTIMEO` value (`sock_set_timeout`): a 32-bit
/// `timeval` for the old options, a 64-bit one for the `_NEW` ones. EDOM for
/// microseconds out of range; a negative time is no wait at all (1 ns here),
/// zero is forever.
pub(super) fn parse_timeval(value: &[u8], old: bool) -> SysResult<u64> {
    let word = |i: usize, w: usize| -> SysResult<i64> {
        let b = value
            .get(i * w..(i + 1) * w)
            .ok_or(SysErr::Errno(Errno::EINVAL))?;
        let mut raw = [0u8; 8];
        raw[..w].copy_from_slice(b);
        Ok(if w == 4 {
            i64::from(i32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]))
        } else {
            i64::from_le_bytes(raw)
        })
    };
    let w = if old { 4 } else { 8 };
    let (sec, usec) = (word(0, w)?, word(1, w)?);
    if !(0..1_000_000).contains(&usec) {
        return Err(Errno::EDOM.into());
    }
    if sec < 0 {
        return Ok(1);
    }
    Ok((sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(usec as u64 * 1000))
}

/// Applies a socket timeout to a result: a wait parks with a deadline
/// (kept in `sleep_deadline` across restarts, as `nanosleep` does) and
/// ends in EAGAIN when it passes; any other end clears the deadline.
pub(super) fn timed<T>(k: &mut Kernel, tid: Pid, r: SysResult<T>, timeout: u64) -> SysResult<T> {
    if timeout == 0 {
        return r;
    }
    match r {
        Err(SysErr::Block(Wait::Io)) => {
            let now = k.host.monotonic_ns();
            let task = k.task_mut(tid)?;
            let deadline = *task
                .sleep_deadline
                .get_or_insert(now.saturating_add(timeout));
            if now >= deadline {
                task.sleep_deadline = None;
                Err(Errno::EAGAIN.into())
            } else {
                Err(SysErr::Block(Wait::Io))
            }
        }
        Err(SysErr::Block(other)) => Err(SysErr::Block(other)),
        other => {
            end_timeout(k, tid);
            other
        }
    }
}

/// A socket call completed: its timeout deadline, if any, is spent.
pub(super) fn end_timeout(k: &mut Kernel, tid: Pid) {
    if let Ok(task) = k.task_mut(tid) {
        task.sleep_deadline = None;
    }
}

pub(super) fn int_bytes(v: u32) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

/// A timeout of `ns` as `getsockopt` gives it back (`sock_get_timeout`):
/// a 32-bit `timeval` for the old options (`old`), a 64-bit one for the
/// `_NEW` ones; 0 is forever.
pub(super) fn format_timeval(ns: u64, old: bool) -> Vec<u8> {
    let (sec, usec) = (ns / 1_000_000_000, ns % 1_000_000_000 / 1000);
    if old {
        let mut v = (sec.min(i32::MAX as u64) as u32).to_le_bytes().to_vec();
        v.extend_from_slice(&(usec as u32).to_le_bytes());
        v
    } else {
        let mut v = sec.to_le_bytes().to_vec();
        v.extend_from_slice(&usec.to_le_bytes());
        v
    }
}
