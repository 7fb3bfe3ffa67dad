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

impl FileOps for PipeEnd {
    fn read(&self, k: &mut Kernel, _: Pid, len: usize, _: u64) -> SysResult<Vec<u8>> {
        if self.write {
            return Err(Errno::EBADF.into());
        }
        let mut buf = vec![0; len.min(crate::pipe::MAX_CAPACITY)];
        let result = self.pipe.borrow_mut().read(&mut buf);
        match result {
            Ok(n) => {
                buf.truncate(n);
                k.wake(|w| w == Wait::Io);
                Ok(buf)
            }
            Err(_) => Err(SysErr::Block(Wait::Io)),
        }
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
