//! Moving data through pipes without a user buffer: `splice(2)`, `tee(2)`
//! and `vmsplice(2)`, with the checks and waits of Linux's fs/splice.c.
//!
//! A call parks and runs again from the start when it must wait, so it
//! consumes nothing before it knows the data has somewhere to go: a pipe
//! is peeked and drained by what the output took, a seekable input is
//! read at a position, and another input (a socket, a terminal) is read
//! for no more than the output pipe has room for, which a pipe write then
//! takes whole.

use super::{Args, fd_file};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::open::{O_ACCMODE, O_APPEND, O_NONBLOCK, O_PATH, O_RDONLY, O_WRONLY};
use crate::abi::signal::SIGPIPE;
use crate::error::{SysErr, SysResult, Wait};
use crate::file::FileRef;
use crate::pipe::Pipe;
use crate::task::Pid;
use std::cell::RefCell;
use std::rc::Rc;

/// `SPLICE_F_NONBLOCK`: do not wait (the pipes; a file may still block).
const SPLICE_F_NONBLOCK: u32 = 2;
/// `SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT`.
const SPLICE_F_ALL: u32 = 15;
/// Most bytes one call moves (a short count is allowed).
const CHUNK: usize = 1 << 20;

type PipeRef = Rc<RefCell<Pipe>>;

fn pipe_of(file: &FileRef) -> Option<PipeRef> {
    file.borrow().ops.pipe().cloned()
}

fn readable(file: &FileRef) -> bool {
    let flags = file.borrow().flags;
    flags & O_PATH == 0 && flags & O_ACCMODE != O_WRONLY
}

fn writable(file: &FileRef) -> bool {
    let flags = file.borrow().flags;
    flags & O_PATH == 0 && flags & O_ACCMODE != O_RDONLY
}

fn nonblocking(file: &FileRef) -> bool {
    file.borrow().flags & O_NONBLOCK != 0
}

/// A wait, or EAGAIN when the caller will not wait.
fn wait_or_again(nonblock: bool) -> SysErr {
    if nonblock {
        Errno::EAGAIN.into()
    } else {
        SysErr::Block(Wait::Io)
    }
}

/// Waits for data in `pipe` (`splice_from_pipe_next`, `ipipe_prep`):
/// `Ok(false)` when it is empty for good (no writers).
fn wait_for_data(pipe: &PipeRef, nonblock: bool) -> SysResult<bool> {
    let pipe = pipe.borrow();
    if pipe.available() > 0 {
        Ok(true)
    } else if pipe.writers() == 0 {
        Ok(false)
    } else {
        Err(wait_or_again(nonblock))
    }
}

/// Waits for room in `pipe` (`wait_for_space`, `opipe_prep`): no reader
/// is SIGPIPE and EPIPE. The room, in bytes.
fn wait_for_room(k: &mut Kernel, tid: Pid, pipe: &PipeRef, nonblock: bool) -> SysResult<usize> {
    let (readers, room) = {
        let pipe = pipe.borrow();
        (pipe.readers(), pipe.room())
    };
    if readers == 0 {
        crate::signal::send_to_task(k, tid, SIGPIPE);
        return Err(Errno::EPIPE.into());
    }
    if room == 0 {
        return Err(wait_or_again(nonblock));
    }
    Ok(room)
}

/// Takes `n` bytes off the front of `pipe`, already copied elsewhere.
fn drain(k: &mut Kernel, pipe: &PipeRef, n: usize) {
    let mut scratch = vec![0; n];
    // The bytes were peeked a moment ago: they are there.
    let _ = pipe.borrow_mut().read(&mut scratch);
    k.wake(|w| w == Wait::Io);
}

/// Puts `data` (at most the room [`wait_for_room`] found) into `pipe`.
fn fill(k: &mut Kernel, pipe: &PipeRef, data: &[u8]) -> usize {
    let n = pipe.borrow_mut().write(data).unwrap_or(0);
    k.wake(|w| w == Wait::Io);
    n
}

/// Reads the `loff_t` at `addr`: EINVAL if negative.
fn read_offset(k: &mut Kernel, tid: Pid, addr: u32) -> SysResult<u64> {
    let raw = k.read_user(tid, addr, 8)?;
    let bytes: [u8; 8] = raw.try_into().map_err(|_| SysErr::Errno(Errno::EFAULT))?;
    u64::try_from(i64::from_le_bytes(bytes)).map_err(|_| Errno::EINVAL.into())
}

/// Where a file end of a splice reads or writes: the `loff_t` at a user
/// address, or the file's own position.
struct Position {
    addr: u32,
    at: u64,
}

impl Position {
    /// The position for `file`; a user offset needs a seekable file.
    fn of(k: &mut Kernel, tid: Pid, file: &FileRef, addr: u32) -> SysResult<(Position, bool)> {
        let ops = Rc::clone(&file.borrow().ops);
        let seekable = ops.size(k)?.is_some();
        if addr == 0 {
            let at = file.borrow().pos;
            return Ok((Position { addr, at }, seekable));
        }
        if !seekable {
            return Err(Errno::EINVAL.into());
        }
        let at = read_offset(k, tid, addr)?;
        Ok((Position { addr, at }, seekable))
    }

    /// Moves on by `n` bytes, where the position came from.
    fn advance(
        self,
        k: &mut Kernel,
        tid: Pid,
        file: &FileRef,
        seekable: bool,
        n: usize,
    ) -> SysResult<()> {
        let at = self.at.wrapping_add(n as u64);
        if self.addr != 0 {
            k.write_user(tid, self.addr, &at.to_le_bytes())
        } else {
            if seekable {
                file.borrow_mut().pos = at;
            }
            Ok(())
        }
    }
}

/// Implements Linux syscall splice(2): `splice(fd_in, off_in, fd_out,
/// off_out, len, flags)`, one end a pipe.
pub(super) fn splice(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (off_in, off_out, len, flags) = (a[1], a[3], a[4] as usize, a[5]);
    if len == 0 {
        return Ok(0);
    }
    if flags & !SPLICE_F_ALL != 0 {
        return Err(Errno::EINVAL.into());
    }
    let file_in = fd_file(k, tid, a[0])?;
    let file_out = fd_file(k, tid, a[2])?;
    let (pipe_in, pipe_out) = (pipe_of(&file_in), pipe_of(&file_out));
    if (pipe_in.is_some() && off_in != 0) || (pipe_out.is_some() && off_out != 0) {
        return Err(Errno::ESPIPE.into());
    }
    if !readable(&file_in) || !writable(&file_out) {
        return Err(Errno::EBADF.into());
    }
    let len = len.min(CHUNK);
    let nonblock = flags & SPLICE_F_NONBLOCK != 0;
    match (pipe_in, pipe_out) {
        (Some(from), Some(to)) => {
            if Rc::ptr_eq(&from, &to) {
                return Err(Errno::EINVAL.into());
            }
            let nonblock = nonblock || nonblocking(&file_in) || nonblocking(&file_out);
            // Both pipes are readied before an input at its end says 0
            // (`ipipe_prep`, `opipe_prep`).
            let more = wait_for_data(&from, nonblock)?;
            let room = wait_for_room(k, tid, &to, nonblock)?;
            if !more {
                return Ok(0);
            }
            let mut data = vec![0; len.min(room)];
            let n = from.borrow().peek(&mut data);
            let n = fill(k, &to, &data[..n]);
            drain(k, &from, n);
            Ok(n as u32)
        }
        (Some(from), None) => {
            if file_out.borrow().flags & O_APPEND != 0 {
                return Err(Errno::EINVAL.into());
            }
            let (pos, seekable) = Position::of(k, tid, &file_out, off_out)?;
            if !wait_for_data(&from, nonblock || nonblocking(&file_in))? {
                return Ok(0);
            }
            let mut data = vec![0; len.min(from.borrow().available())];
            let n = from.borrow().peek(&mut data);
            let ops = Rc::clone(&file_out.borrow().ops);
            let (n, _) = match ops.write(k, tid, &data[..n], pos.at, false) {
                Err(SysErr::Block(Wait::Io)) if nonblocking(&file_out) => {
                    return Err(Errno::EAGAIN.into());
                }
                other => other?,
            };
            drain(k, &from, n);
            pos.advance(k, tid, &file_out, seekable, n)?;
            Ok(n as u32)
        }
        (None, Some(to)) => {
            let (pos, seekable) = Position::of(k, tid, &file_in, off_in)?;
            let room = wait_for_room(k, tid, &to, nonblock || nonblocking(&file_out))?;
            let ops = Rc::clone(&file_in.borrow().ops);
            let data = match ops.read(k, tid, len.min(room), pos.at) {
                Err(SysErr::Block(Wait::Io)) if nonblock || nonblocking(&file_in) => {
                    return Err(Errno::EAGAIN.into());
                }
                other => other?,
            };
            let n = fill(k, &to, &data);
            pos.advance(k, tid, &file_in, seekable, n)?;
            Ok(n as u32)
        }
        (None, None) => Err(Errno::EINVAL.into()),
    }
}

/// Implements Linux syscall tee(2): copies up to `len` bytes from one pipe
/// to another without consuming them.
pub(super) fn tee(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (len, flags) = (a[2] as usize, a[3]);
    if flags & !SPLICE_F_ALL != 0 {
        return Err(Errno::EINVAL.into());
    }
    if len == 0 {
        return Ok(0);
    }
    let file_in = fd_file(k, tid, a[0])?;
    let file_out = fd_file(k, tid, a[1])?;
    if !readable(&file_in) || !writable(&file_out) {
        return Err(Errno::EBADF.into());
    }
    let (Some(from), Some(to)) = (pipe_of(&file_in), pipe_of(&file_out)) else {
        return Err(Errno::EINVAL.into());
    };
    if Rc::ptr_eq(&from, &to) {
        return Err(Errno::EINVAL.into());
    }
    let nonblock =
        flags & SPLICE_F_NONBLOCK != 0 || nonblocking(&file_in) || nonblocking(&file_out);
    let more = wait_for_data(&from, nonblock)?;
    let room = wait_for_room(k, tid, &to, nonblock)?;
    if !more {
        return Ok(0);
    }
    let mut data = vec![0; len.min(room).min(CHUNK)];
    let n = from.borrow().peek(&mut data);
    Ok(fill(k, &to, &data[..n]) as u32)
}

/// Implements Linux syscall vmsplice(2): user memory into a pipe's write
/// end, or out of its read end, like `writev`/`readv` on it.
pub(super) fn vmsplice(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let flags = a[3];
    if flags & !SPLICE_F_ALL != 0 {
        return Err(Errno::EINVAL.into());
    }
    let file = fd_file(k, tid, a[0])?;
    let into_pipe = writable(&file);
    if !into_pipe && !readable(&file) {
        return Err(Errno::EBADF.into());
    }
    let iov = super::read_iovecs(k, tid, a[1], a[2], Errno::EINVAL)?;
    // Saturating: a 32-bit host's usize holds no sum of 1024 lengths.
    let total = iov
        .iter()
        .fold(0usize, |sum, v| sum.saturating_add(v.len as usize))
        .min(CHUNK);
    if total == 0 {
        return Ok(0);
    }
    let pipe = pipe_of(&file).ok_or(SysErr::Errno(Errno::EBADF))?;
    // Only the flag says not to wait: vmsplice clears the file's
    // FMODE_NOWAIT (`pipe_clear_nowait`) and never looks at O_NONBLOCK.
    let nonblock = flags & SPLICE_F_NONBLOCK != 0;
    if into_pipe {
        let room = wait_for_room(k, tid, &pipe, nonblock)?;
        let mut data = Vec::new();
        for v in &iov {
            let want = (v.len as usize).min(total.min(room) - data.len());
            data.extend(k.read_user(tid, v.base, want)?);
        }
        return Ok(fill(k, &pipe, &data) as u32);
    }
    if !wait_for_data(&pipe, nonblock)? {
        return Ok(0);
    }
    let mut data = vec![0; total.min(pipe.borrow().available())];
    let n = pipe.borrow().peek(&mut data);
    let mut done = 0;
    for v in &iov {
        if done == n {
            break;
        }
        let take = (v.len as usize).min(n - done);
        if let Err(e) = k.write_user(tid, v.base, &data[done..done + take]) {
            if done == 0 {
                return Err(e);
            }
            break;
        }
        done += take;
    }
    drain(k, &pipe, done);
    Ok(done as u32)
}
