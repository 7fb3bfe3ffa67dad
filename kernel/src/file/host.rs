//! The host's standard streams (`tabvm run`'s stdin, stdout and stderr):
//! stdin bytes arrive through `Kernel::feed_stdin`, output leaves through
//! `Kernel::take_output`.

use super::{FileOps, synthetic};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::poll::{POLLHUP, POLLIN, POLLOUT};
use crate::abi::termios::ioctl::FIONREAD;
use crate::error::{SysErr, SysResult, Wait};
use crate::task::Pid;
use tabvm_fs::Metadata;

/// One of the host's standard streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdin,
    Stdout,
    Stderr,
}

pub struct HostFile(pub Stream);

impl FileOps for HostFile {
    fn signals_io(&self) -> bool {
        true
    }

    fn read(&self, k: &mut Kernel, _: Pid, len: usize, _: u64) -> SysResult<Vec<u8>> {
        if self.0 != Stream::Stdin {
            return Err(Errno::EBADF.into());
        }
        if k.stdin.is_empty() {
            if k.stdin_closed || len == 0 {
                return Ok(Vec::new());
            }
            return Err(SysErr::Block(Wait::Io));
        }
        let n = len.min(k.stdin.len());
        Ok(k.stdin.drain(..n).collect())
    }

    fn write(
        &self,
        k: &mut Kernel,
        _: Pid,
        data: &[u8],
        pos: u64,
        _: bool,
    ) -> SysResult<(usize, u64)> {
        if self.0 == Stream::Stdin {
            return Err(Errno::EBADF.into());
        }
        k.host_output(self.0, data);
        Ok((data.len(), pos))
    }

    fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
        // A pipe, as the stream looks to a program when the host's is one.
        Ok(synthetic(0o010_600, 0))
    }

    fn poll(&self, k: &Kernel) -> u16 {
        match self.0 {
            Stream::Stdin if !k.stdin.is_empty() => POLLIN,
            Stream::Stdin if k.stdin_closed => POLLIN | POLLHUP,
            Stream::Stdin => 0,
            _ => POLLOUT,
        }
    }

    fn ioctl(&self, k: &mut Kernel, tid: Pid, cmd: u32, arg: u32) -> SysResult {
        if cmd == FIONREAD && self.0 == Stream::Stdin {
            k.write_user_u32(tid, arg, k.stdin.len() as u32)?;
            return Ok(0);
        }
        Err(Errno::ENOTTY.into())
    }
}
