//! Socket system calls: the direct i386 calls (socket 359 .. shutdown 373,
//! sendmmsg/recvmmsg) and the `socketcall(2)` multiplexer (102) glibc also
//! uses. Thin: decode `sockaddr`s, `msghdr`s and control messages, find the
//! socket behind the descriptor, call [`SocketOps`] (family-independent:
//! see `file/socket/mod.rs` for where AF_INET plugs in).

use super::Args;
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::open::{O_NONBLOCK, O_RDWR};
use crate::abi::socket::{
    CmsgHdr, MMsgHdr, MSG_CMSG_CLOEXEC, MSG_CTRUNC, MSG_DONTWAIT, MSG_TRUNC, MSG_WAITFORONE,
    MsgHdr, SCM_CREDENTIALS, SCM_RIGHTS, SOCK_CLOEXEC, SOCK_NONBLOCK, SOCK_TYPE_MASK, SOL_SOCKET,
    UCred, call, cmsg_align,
};
use crate::abi::structs::UIO_MAXIOV;
use crate::error::{SysErr, SysResult};
use crate::file::socket::{self, Ancillary, Cred, SocketOps};
use crate::file::{FileOps, FileRef, OpenFile};
use crate::task::{Fd, Pid};
use std::cell::RefCell;
use std::rc::Rc;

/// `sizeof(struct sockaddr_storage)`: longer addresses are EINVAL.
const SOCKADDR_MAX: u32 = 128;
/// Most descriptors in one `SCM_RIGHTS` message (`SCM_MAX_FD`).
const SCM_MAX_FD: usize = 253;
/// Largest control buffer read (`sysctl_optmem_max`).
const OPTMEM_MAX: u32 = 20_480;
/// Largest single send or receive (`MAX_RW_COUNT` is larger; a short
/// count is always allowed).
const RW_MAX: usize = 1 << 20;

/// The socket behind descriptor `fd`, and its description's flags.
fn sock(k: &Kernel, tid: Pid, fd: u32) -> SysResult<(Rc<dyn FileOps>, u32)> {
    let task = k.task(tid)?;
    let files = task.files.borrow();
    let file = files.get(fd).ok_or(SysErr::Errno(Errno::EBADF))?;
    let f = file.file.borrow();
    if f.ops.socket().is_none() {
        return Err(Errno::ENOTSOCK.into());
    }
    Ok((Rc::clone(&f.ops), f.flags))
}

/// Runs `body` on descriptor `fd`'s socket.
fn with_sock<T>(
    k: &mut Kernel,
    tid: Pid,
    fd: u32,
    body: impl FnOnce(&mut Kernel, &dyn SocketOps, bool) -> SysResult<T>,
) -> SysResult<T> {
    let (ops, flags) = sock(k, tid, fd)?;
    let s = ops.socket().ok_or(SysErr::Errno(Errno::ENOTSOCK))?;
    body(k, s, flags & O_NONBLOCK != 0)
}

/// Installs `file` as a new descriptor.
fn install(k: &mut Kernel, tid: Pid, file: FileRef, cloexec: bool) -> SysResult {
    k.task(tid)?
        .files
        .borrow_mut()
        .insert(Fd { file, cloexec }, 0)
        .ok_or(SysErr::Errno(Errno::EMFILE))
}

fn new_file(ops: Rc<dyn FileOps>, flags: u32) -> FileRef {
    Rc::new(RefCell::new(OpenFile::new(
        ops,
        O_RDWR | (flags & O_NONBLOCK),
        b"socket:",
    )))
}

/// Reads a `sockaddr` of `len` bytes (`move_addr_to_kernel`).
fn addr_in(k: &mut Kernel, tid: Pid, addr: u32, len: u32) -> SysResult<Vec<u8>> {
    if len > SOCKADDR_MAX {
        return Err(Errno::EINVAL.into());
    }
    if len == 0 {
        return Ok(Vec::new());
    }
    k.read_user(tid, addr, len as usize)
}

/// Writes `value` to `addr` for a caller whose buffer length is at
/// `len_addr` (`move_addr_to_user`): truncated to it, the full length
/// written back. A NULL `addr` writes nothing.
fn addr_out(k: &mut Kernel, tid: Pid, addr: u32, len_addr: u32, value: &[u8]) -> SysResult<()> {
    if addr == 0 {
        return Ok(());
    }
    let room = k.read_user_u32(tid, len_addr)?;
    if (room as i32) < 0 {
        return Err(Errno::EINVAL.into());
    }
    let n = value.len().min(room as usize);
    k.write_user(tid, addr, &value[..n])?;
    k.write_user_u32(tid, len_addr, value.len() as u32)
}

/// Implements Linux syscall socket(2).
pub(super) fn socket(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (family, ty, protocol) = (a[0], a[1], a[2]);
    if ty & !(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC) != 0 {
        return Err(Errno::EINVAL.into());
    }
    let ops = socket::create(k, tid, family, ty & SOCK_TYPE_MASK, protocol)?;
    install(k, tid, new_file(ops, ty), ty & SOCK_CLOEXEC != 0)
}

/// Implements Linux syscall socketpair(2).
pub(super) fn socketpair(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (family, ty, protocol, out) = (a[0], a[1], a[2], a[3]);
    if ty & !(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC) != 0 {
        return Err(Errno::EINVAL.into());
    }
    // The result pointer faults before anything is created.
    k.write_user(tid, out, &[0; 8])?;
    let (x, y) = socket::pair(k, tid, family, ty & SOCK_TYPE_MASK, protocol)?;
    let cloexec = ty & SOCK_CLOEXEC != 0;
    let fd0 = install(k, tid, new_file(x, ty), cloexec)?;
    let fd1 = match install(k, tid, new_file(y, ty), cloexec) {
        Ok(fd) => fd,
        Err(e) => {
            k.task(tid)?.files.borrow_mut().remove(fd0);
            return Err(e);
        }
    };
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&fd0.to_le_bytes());
    bytes[4..].copy_from_slice(&fd1.to_le_bytes());
    k.write_user(tid, out, &bytes)?;
    Ok(0)
}

/// Implements Linux syscall bind(2).
pub(super) fn bind(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    sock(k, tid, a[0])?;
    let addr = addr_in(k, tid, a[1], a[2])?;
    with_sock(k, tid, a[0], |k, s, _| s.bind(k, tid, &addr))?;
    Ok(0)
}

/// Implements Linux syscall connect(2).
pub(super) fn connect(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    sock(k, tid, a[0])?;
    let addr = addr_in(k, tid, a[1], a[2])?;
    with_sock(k, tid, a[0], |k, s, nb| s.connect(k, tid, &addr, nb))?;
    Ok(0)
}

/// Implements Linux syscall listen(2).
pub(super) fn listen(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    with_sock(k, tid, a[0], |k, s, _| s.listen(k, tid, a[1] as i32))?;
    Ok(0)
}

fn do_accept(k: &mut Kernel, tid: Pid, fd: u32, addr: u32, len: u32, flags: u32) -> SysResult {
    if flags & !(SOCK_NONBLOCK | SOCK_CLOEXEC) != 0 {
        return Err(Errno::EINVAL.into());
    }
    if addr != 0 {
        // Check the length word before taking the connection.
        let room = k.read_user_u32(tid, len)?;
        if (room as i32) < 0 {
            return Err(Errno::EINVAL.into());
        }
    }
    let (conn, peer) = with_sock(k, tid, fd, |k, s, nb| s.accept(k, tid, nb))?;
    let newfd = install(k, tid, new_file(conn, flags), flags & SOCK_CLOEXEC != 0)?;
    if let Err(e) = addr_out(k, tid, addr, len, &peer) {
        k.task(tid)?.files.borrow_mut().remove(newfd);
        return Err(e);
    }
    Ok(newfd)
}

/// Implements Linux syscall accept4(2).
pub(super) fn accept4(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_accept(k, tid, a[0], a[1], a[2], a[3])
}

/// Implements Linux syscall getsockname(2).
pub(super) fn getsockname(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let name = with_sock(k, tid, a[0], |_, s, _| Ok(s.sockname()))?;
    if a[1] == 0 {
        return Err(Errno::EFAULT.into());
    }
    addr_out(k, tid, a[1], a[2], &name)?;
    Ok(0)
}

/// Implements Linux syscall getpeername(2).
pub(super) fn getpeername(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let name = with_sock(k, tid, a[0], |_, s, _| s.peername())?;
    if a[1] == 0 {
        return Err(Errno::EFAULT.into());
    }
    addr_out(k, tid, a[1], a[2], &name)?;
    Ok(0)
}

/// Implements Linux syscall getsockopt(2).
pub(super) fn getsockopt(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (fd, level, name, val, len_addr) = (a[0], a[1], a[2], a[3], a[4]);
    let room = k.read_user_u32(tid, len_addr)?;
    if (room as i32) < 0 {
        return Err(Errno::EINVAL.into());
    }
    let value = with_sock(k, tid, fd, |k, s, _| s.getsockopt(k, level, name))?;
    let n = value.len().min(room as usize);
    k.write_user(tid, val, &value[..n])?;
    k.write_user_u32(tid, len_addr, n as u32)?;
    Ok(0)
}

/// Implements Linux syscall setsockopt(2).
pub(super) fn setsockopt(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (fd, level, name, val, len) = (a[0], a[1], a[2], a[3], a[4]);
    sock(k, tid, fd)?;
    if (len as i32) < 0 {
        return Err(Errno::EINVAL.into());
    }
    let value = k.read_user(tid, val, (len as usize).min(4096))?;
    with_sock(k, tid, fd, |k, s, _| s.setsockopt(k, level, name, &value))?;
    Ok(0)
}

/// Implements Linux syscall shutdown(2).
pub(super) fn shutdown(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    with_sock(k, tid, a[0], |k, s, _| s.shutdown(k, a[1]))?;
    Ok(0)
}

/// One send: data, destination and control messages already read.
fn send_common(
    k: &mut Kernel,
    tid: Pid,
    fd: u32,
    data: &[u8],
    to: &[u8],
    ancillary: Ancillary,
    flags: u32,
) -> SysResult {
    let (ops, file_flags) = sock(k, tid, fd)?;
    let s = ops.socket().ok_or(SysErr::Errno(Errno::ENOTSOCK))?;
    let nonblock = file_flags & O_NONBLOCK != 0 || flags & MSG_DONTWAIT != 0;
    let plain = ancillary.rights.is_empty() && ancillary.cred.is_none() && to.is_empty();
    if nonblock || !plain {
        return Ok(s.send(k, tid, data, to, ancillary, flags, nonblock)? as u32);
    }
    // A blocking stream send finishes before it returns (tcp_sendmsg,
    // unix_stream_sendmsg); a datagram goes whole or not at all.
    let key = Rc::as_ptr(&ops).cast::<u8>() as usize;
    let n = super::complete_write(k, tid, key, data.len(), |k, done| {
        s.send(
            k,
            tid,
            &data[done..],
            &[],
            Ancillary::default(),
            flags,
            false,
        )
    })?;
    Ok(n as u32)
}

/// Implements Linux syscall sendto(2) (and `send`).
pub(super) fn sendto(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (fd, buf, len, flags, to, tolen) = (a[0], a[1], a[2], a[3], a[4], a[5]);
    sock(k, tid, fd)?;
    let data = k.read_user(tid, buf, (len as usize).min(RW_MAX))?;
    let to = if to == 0 {
        Vec::new()
    } else {
        addr_in(k, tid, to, tolen)?
    };
    send_common(k, tid, fd, &data, &to, Ancillary::default(), flags)
}

/// Implements Linux syscall recvfrom(2) (and `recv`).
pub(super) fn recvfrom(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (fd, buf, len, flags, from, fromlen) = (a[0], a[1], a[2], a[3], a[4], a[5]);
    sock(k, tid, fd)?;
    let len = (len as usize).min(RW_MAX);
    k.with_user_memory(tid, |mm, mem| {
        mm.space
            .check_range(mem, buf, len as u32, tabvm_cpu::Access::Write)
    })?;
    let got = with_sock(k, tid, fd, |k, s, nb| {
        s.recv(k, tid, len, flags, nb || flags & MSG_DONTWAIT != 0)
    })?;
    k.write_user(tid, buf, &got.data)?;
    if from != 0 && !got.from.is_empty() {
        addr_out(k, tid, from, fromlen, &got.from)?;
    } else if from != 0 {
        k.write_user_u32(tid, fromlen, 0)?;
    }
    Ok(if flags & MSG_TRUNC != 0 {
        got.full_len
    } else {
        got.data.len()
    } as u32)
}

/// Decodes the control messages of a `sendmsg` (`__scm_send`).
fn parse_control(k: &mut Kernel, tid: Pid, ctl: &[u8]) -> SysResult<Ancillary> {
    let mut out = Ancillary::default();
    let mut off = 0usize;
    while ctl.len().saturating_sub(off) >= CmsgHdr::SIZE {
        let h = CmsgHdr::parse(&ctl[off..]).map_err(|_| SysErr::Errno(Errno::EINVAL))?;
        let len = h.len as usize;
        if len < CmsgHdr::SIZE || len > ctl.len() - off {
            return Err(Errno::EINVAL.into());
        }
        let data = &ctl[off + CmsgHdr::SIZE..off + len];
        if h.level == SOL_SOCKET {
            match h.kind {
                SCM_RIGHTS => {
                    let fds: Vec<u32> = data
                        .chunks_exact(4)
                        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                        .collect();
                    if fds.is_empty() || out.rights.len() + fds.len() > SCM_MAX_FD {
                        return Err(Errno::EINVAL.into());
                    }
                    let task = k.task(tid)?;
                    let files = task.files.borrow();
                    for fd in fds {
                        let f = files.get(fd).ok_or(SysErr::Errno(Errno::EBADF))?;
                        out.rights.push(Rc::clone(&f.file));
                    }
                }
                SCM_CREDENTIALS => {
                    let c = UCred::parse(data).map_err(|_| SysErr::Errno(Errno::EINVAL))?;
                    if data.len() != UCred::SIZE {
                        return Err(Errno::EINVAL.into());
                    }
                    let me = Cred::of(k, tid)?;
                    let root = k.task(tid)?.creds.euid == 0;
                    if !root && (c.pid != me.pid || c.uid != me.uid || c.gid != me.gid) {
                        return Err(Errno::EPERM.into());
                    }
                    out.cred = Some(Cred {
                        pid: c.pid,
                        uid: c.uid,
                        gid: c.gid,
                    });
                }
                _ => return Err(Errno::EINVAL.into()),
            }
        }
        off = off.saturating_add(cmsg_align(h.len) as usize);
    }
    Ok(out)
}

fn do_sendmsg(k: &mut Kernel, tid: Pid, fd: u32, msg_addr: u32, flags: u32) -> SysResult {
    sock(k, tid, fd)?;
    let raw = k.read_user(tid, msg_addr, MsgHdr::SIZE)?;
    let m = MsgHdr::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
    let to = if m.name == 0 {
        Vec::new()
    } else {
        addr_in(k, tid, m.name, m.namelen)?
    };
    let iov = super::read_iovecs(k, tid, m.iov, m.iovlen, Errno::EMSGSIZE)?;
    let mut data = Vec::new();
    for v in &iov {
        let room = RW_MAX - data.len();
        data.extend(k.read_user(tid, v.base, (v.len as usize).min(room))?);
    }
    if m.controllen > OPTMEM_MAX {
        return Err(Errno::ENOBUFS.into());
    }
    let ancillary = if m.controllen as usize >= CmsgHdr::SIZE && m.control != 0 {
        let ctl = k.read_user(tid, m.control, m.controllen as usize)?;
        parse_control(k, tid, &ctl)?
    } else {
        Ancillary::default()
    };
    send_common(k, tid, fd, &data, &to, ancillary, flags)
}

/// Implements Linux syscall sendmsg(2).
pub(super) fn sendmsg(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_sendmsg(k, tid, a[0], a[1], a[2])
}

/// Builds the control messages a `recvmsg` returns in `room` bytes
/// (`scm_recv`: credentials, then as many descriptors as fit; the rest are
/// closed and `MSG_CTRUNC` set). Returns the bytes and the added flags.
fn build_control(
    k: &mut Kernel,
    tid: Pid,
    room: usize,
    cred: Option<Cred>,
    rights: Vec<FileRef>,
    cloexec: bool,
) -> SysResult<(Vec<u8>, u32)> {
    let mut out = Vec::new();
    let mut flags = 0;
    if let Some(c) = cred {
        let len = CmsgHdr::SIZE + UCred::SIZE;
        if out.len() + len <= room {
            let h = CmsgHdr {
                len: len as u32,
                level: SOL_SOCKET,
                kind: SCM_CREDENTIALS,
            };
            out.extend_from_slice(&h.to_bytes());
            out.extend_from_slice(
                &UCred {
                    pid: c.pid,
                    uid: c.uid,
                    gid: c.gid,
                }
                .to_bytes(),
            );
            out.resize(cmsg_align(out.len() as u32) as usize, 0);
        } else {
            flags |= MSG_CTRUNC;
        }
    }
    if !rights.is_empty() {
        let space = room.saturating_sub(out.len());
        let fit = space.saturating_sub(CmsgHdr::SIZE) / 4;
        let n = if space < CmsgHdr::SIZE {
            0
        } else {
            fit.min(rights.len())
        };
        if n < rights.len() {
            flags |= MSG_CTRUNC;
        }
        let mut fds = Vec::new();
        for file in rights.into_iter().take(n) {
            if let Ok(fd) = install(k, tid, file, cloexec) {
                fds.push(fd);
            } else {
                flags |= MSG_CTRUNC;
                break;
            }
        }
        if !fds.is_empty() {
            let len = CmsgHdr::SIZE + 4 * fds.len();
            let h = CmsgHdr {
                len: len as u32,
                level: SOL_SOCKET,
                kind: SCM_RIGHTS,
            };
            out.extend_from_slice(&h.to_bytes());
            for fd in fds {
                out.extend_from_slice(&fd.to_le_bytes());
            }
            let aligned = (cmsg_align(out.len() as u32) as usize).min(room);
            out.resize(aligned.max(out.len()), 0);
        }
    }
    Ok((out, flags))
}

fn do_recvmsg(k: &mut Kernel, tid: Pid, fd: u32, msg_addr: u32, flags: u32) -> SysResult {
    sock(k, tid, fd)?;
    let raw = k.read_user(tid, msg_addr, MsgHdr::SIZE)?;
    let mut m = MsgHdr::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
    let iov = super::read_iovecs(k, tid, m.iov, m.iovlen, Errno::EMSGSIZE)?;
    let total = iov
        .iter()
        .fold(0usize, |t, v| t.saturating_add(v.len as usize))
        .min(RW_MAX);
    let mut left = total;
    for v in &iov {
        let len = (v.len as usize).min(left);
        k.with_user_memory(tid, |mm, mem| {
            mm.space
                .check_range(mem, v.base, len as u32, tabvm_cpu::Access::Write)
        })?;
        left -= len;
    }
    let got = with_sock(k, tid, fd, |k, s, nb| {
        s.recv(k, tid, total, flags, nb || flags & MSG_DONTWAIT != 0)
    })?;
    let passcred = with_sock(k, tid, fd, |_, s, _| Ok(s.passcred()))?;
    let mut done = 0;
    for v in &iov {
        if done == got.data.len() {
            break;
        }
        let n = (v.len as usize).min(got.data.len() - done);
        k.write_user(tid, v.base, &got.data[done..done + n])?;
        done += n;
    }
    // ___sys_recvmsg reports MSG_CMSG_CLOEXEC back in msg_flags.
    let mut out_flags = flags & MSG_CMSG_CLOEXEC;
    if got.full_len > got.data.len() {
        out_flags |= MSG_TRUNC;
    }
    if m.name != 0 {
        let n = got.from.len().min(m.namelen as usize);
        k.write_user(tid, m.name, &got.from[..n])?;
        m.namelen = got.from.len() as u32;
    } else {
        m.namelen = 0;
    }
    let cred = if passcred { got.ancillary.cred } else { None };
    let room = if m.control == 0 {
        0
    } else {
        m.controllen as usize
    };
    let (ctl, ctl_flags) = build_control(
        k,
        tid,
        room,
        cred,
        got.ancillary.rights,
        flags & MSG_CMSG_CLOEXEC != 0,
    )?;
    if !ctl.is_empty() {
        k.write_user(tid, m.control, &ctl)?;
    }
    m.controllen = ctl.len() as u32;
    m.flags = out_flags | ctl_flags;
    k.write_user(tid, msg_addr, &m.to_bytes())?;
    Ok(if flags & MSG_TRUNC != 0 {
        got.full_len
    } else {
        got.data.len()
    } as u32)
}

/// Implements Linux syscall recvmsg(2).
pub(super) fn recvmsg(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_recvmsg(k, tid, a[0], a[1], a[2])
}

/// Implements Linux syscall sendmmsg(2): messages in order until one
/// fails; the count sent, or the first error if none was.
pub(super) fn sendmmsg(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (fd, vec, vlen, flags) = (a[0], a[1], a[2].min(UIO_MAXIOV), a[3]);
    let mut sent = 0u32;
    while sent < vlen {
        let at = vec.wrapping_add(sent.wrapping_mul(MMsgHdr::SIZE as u32));
        let dontwait = if sent > 0 { MSG_DONTWAIT } else { 0 };
        match do_sendmsg(k, tid, fd, at, flags | dontwait) {
            Ok(n) => {
                k.write_user_u32(tid, at.wrapping_add(28), n)?;
                sent += 1;
            }
            Err(e) if sent == 0 => return Err(e),
            Err(_) => break,
        }
    }
    Ok(sent)
}

/// Implements Linux syscall recvmmsg(2): the first message as `recvmsg`
/// would wait for it, the rest only if already queued (no timeout).
pub(super) fn recvmmsg(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (fd, vec, vlen, flags) = (a[0], a[1], a[2].min(UIO_MAXIOV), a[3]);
    let mut got = 0u32;
    while got < vlen {
        let at = vec.wrapping_add(got.wrapping_mul(MMsgHdr::SIZE as u32));
        let more = if got > 0 { MSG_DONTWAIT } else { 0 };
        match do_recvmsg(k, tid, fd, at, (flags & !MSG_WAITFORONE) | more) {
            Ok(n) => {
                k.write_user_u32(tid, at.wrapping_add(28), n)?;
                got += 1;
            }
            Err(e) if got == 0 => return Err(e),
            Err(_) => break,
        }
    }
    Ok(got)
}

/// Implements Linux syscall socketcall(2): `a[0]` names the call,
/// `a[1]` points at its argument words (`nargs[]` in `net/socket.c`).
pub(super) fn socketcall(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let nr = a[0];
    let count = call::NARGS
        .get(nr as usize)
        .copied()
        .filter(|n| *n > 0)
        .ok_or(SysErr::Errno(Errno::EINVAL))?;
    let raw = k.read_user(tid, a[1], usize::from(count) * 4)?;
    let mut w = [0u32; 6];
    for (slot, c) in w.iter_mut().zip(raw.chunks_exact(4)) {
        *slot = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    match nr {
        call::SYS_SOCKET => socket(k, tid, w),
        call::SYS_BIND => bind(k, tid, w),
        call::SYS_CONNECT => connect(k, tid, w),
        call::SYS_LISTEN => listen(k, tid, w),
        call::SYS_ACCEPT => do_accept(k, tid, w[0], w[1], w[2], 0),
        call::SYS_GETSOCKNAME => getsockname(k, tid, w),
        call::SYS_GETPEERNAME => getpeername(k, tid, w),
        call::SYS_SOCKETPAIR => socketpair(k, tid, w),
        call::SYS_SEND => sendto(k, tid, [w[0], w[1], w[2], w[3], 0, 0]),
        call::SYS_RECV => recvfrom(k, tid, [w[0], w[1], w[2], w[3], 0, 0]),
        call::SYS_SENDTO => sendto(k, tid, w),
        call::SYS_RECVFROM => recvfrom(k, tid, w),
        call::SYS_SHUTDOWN => shutdown(k, tid, w),
        call::SYS_SETSOCKOPT => setsockopt(k, tid, w),
        call::SYS_GETSOCKOPT => getsockopt(k, tid, w),
        call::SYS_SENDMSG => sendmsg(k, tid, w),
        call::SYS_RECVMSG => recvmsg(k, tid, w),
        call::SYS_ACCEPT4 => accept4(k, tid, w),
        call::SYS_RECVMMSG => recvmmsg(k, tid, w),
        call::SYS_SENDMMSG => sendmmsg(k, tid, w),
        _ => Err(Errno::EINVAL.into()),
    }
}
