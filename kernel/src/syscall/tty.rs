//! Terminal system calls that are not `ioctl`s; the terminals themselves
//! are `crate::file::tty` and `crate::tty`.

use super::Args;
use crate::Kernel;
use crate::error::SysResult;
use crate::task::Pid;

/// Implements Linux syscall vhangup(2).
pub(super) fn vhangup(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    crate::file::tty::vhangup(k, tid)
}
