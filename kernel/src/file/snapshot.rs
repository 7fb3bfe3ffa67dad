//! Contents generated when the file was opened (files under `/proc`).

use super::{FileOps, synthetic};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::poll::{POLLIN, POLLOUT};
use crate::error::SysResult;
use crate::task::Pid;
use tabvm_fs::Metadata;

pub struct Snapshot(pub Vec<u8>);

impl FileOps for Snapshot {
    fn read(&self, _: &mut Kernel, _: Pid, len: usize, pos: u64) -> SysResult<Vec<u8>> {
        let start = usize::try_from(pos).unwrap_or(usize::MAX).min(self.0.len());
        Ok(self.0[start..(start.saturating_add(len)).min(self.0.len())].to_vec())
    }

    fn write(&self, _: &mut Kernel, _: Pid, _: &[u8], _: u64, _: bool) -> SysResult<(usize, u64)> {
        Err(Errno::EACCES.into())
    }

    fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
        // Like procfs: a regular file that reports size 0.
        Ok(synthetic(0o100_444, 0))
    }

    fn poll(&self, _: &Kernel) -> u16 {
        POLLIN | POLLOUT
    }

    fn size(&self, _: &mut Kernel) -> SysResult<Option<u64>> {
        Ok(Some(self.0.len() as u64))
    }
}
