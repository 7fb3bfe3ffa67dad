//! The two ends of a pipe (`pipe2`); the buffer is [`crate::pipe::Pipe`].

use super::{FileOps, synthetic};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::signal::SIGPIPE;
use crate::abi::termios::ioctl::FIONREAD;
use crate::error::{SysErr, SysResult, Wait};
use crate::pipe::{Pipe, PipeError};
use crate::task::Pid;
use std::cell::RefCell;
use std::rc::Rc;
use tabvm_fs::Metadata;

pub struct PipeEnd {
    pub pipe: Rc<RefCell<Pipe>>,
    pub write: bool,
    /// The pipe's inode number on Linux's pipefs: both ends share it, each
    /// pipe has its own (`diff <(a) <(b)` compares them), and
    /// `/proc/<pid>/fd` shows it as `pipe:[ino]`.
    pub ino: u32,
}

impl Drop for PipeEnd {
    fn drop(&mut self) {
        let mut pipe = self.pipe.borrow_mut();
        if self.write {
            pipe.close_writer();
        } else {
            pipe.close_reader();
        }
    }
}

/// The end of a read from a pipe's buffer (also a FIFO's): the bytes, with
/// room made for writers; an empty pipe with writers parks the reader.
pub(super) fn read_done(
    k: &mut Kernel,
    mut buf: Vec<u8>,
    result: Result<usize, PipeError>,
) -> SysResult<Vec<u8>> {
    match result {
        Ok(n) => {
            buf.truncate(n);
            k.wake(|w| w == Wait::Io);
            Ok(buf)
        }
        Err(_) => Err(SysErr::Block(Wait::Io)),
    }
}

/// The end of a write into a pipe's buffer (also a FIFO's): readers are
/// woken; no reader left is SIGPIPE and EPIPE; a full pipe parks the writer.
pub(super) fn write_done(
    k: &mut Kernel,
    tid: Pid,
    pos: u64,
    result: Result<usize, PipeError>,
) -> SysResult<(usize, u64)> {
    match result {
        Ok(n) => {
            k.wake(|w| w == Wait::Io);
            Ok((n, pos))
        }
        Err(PipeError::BrokenPipe) => {
            crate::signal::send_to_task(k, tid, SIGPIPE);
            Err(Errno::EPIPE.into())
        }
        Err(PipeError::WouldBlock) => Err(SysErr::Block(Wait::Io)),
    }
}

impl FileOps for PipeEnd {
    fn signals_io(&self) -> bool {
        true
    }

    fn read(&self, k: &mut Kernel, _: Pid, len: usize, _: u64) -> SysResult<Vec<u8>> {
        if self.write {
            return Err(Errno::EBADF.into());
        }
        let mut buf = vec![0; len.min(crate::pipe::MAX_CAPACITY)];
        let result = self.pipe.borrow_mut().read(&mut buf);
        read_done(k, buf, result)
    }

    fn write(
        &self,
        k: &mut Kernel,
        tid: Pid,
        data: &[u8],
        pos: u64,
        _: bool,
    ) -> SysResult<(usize, u64)> {
        if !self.write {
            return Err(Errno::EBADF.into());
        }
        let result = self.pipe.borrow_mut().write(data);
        write_done(k, tid, pos, result)
    }

    fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
        let mut meta = synthetic(0o010_600, 0);
        meta.ino = self.ino;
        Ok(meta)
    }

    fn poll(&self, _: &Kernel) -> u16 {
        let pipe = self.pipe.borrow();
        if self.write {
            pipe.poll_writer()
        } else {
            pipe.poll_reader()
        }
    }

    fn ioctl(&self, k: &mut Kernel, tid: Pid, cmd: u32, arg: u32) -> SysResult {
        if cmd == FIONREAD {
            let n = self.pipe.borrow().available() as u32;
            k.write_user_u32(tid, arg, n)?;
            return Ok(0);
        }
        Err(Errno::ENOTTY.into())
    }

    fn pipe(&self) -> Option<&Rc<RefCell<Pipe>>> {
        Some(&self.pipe)
    }
}
