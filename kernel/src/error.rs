//! How a system call ends short of success.

use crate::abi::errno::Errno;
use tabvm_cpu::Fault;
use tabvm_fs::FsError;

/// Why a task cannot continue now. The task parks; when the reason goes away
/// its system call (or faulting instruction) runs again from the start, so a
/// handler that returns [`SysErr::Block`] must not have changed anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// A base-image block is being fetched.
    Disk(u64),
    /// Data or space in a pipe, or a console read.
    Io,
    /// A child changed state (wait4/waitid).
    Child,
    /// A futex word.
    Futex(FutexKey),
    /// A priority-inheritance lock's futex word (FUTEX_LOCK_PI): unlike a
    /// futex wait, restarted after any signal handler (`ERESTARTNOINTR`).
    PiLock(FutexKey),
    /// Nothing but time (nanosleep) or a signal (pause, sigsuspend).
    Sleep,
    /// Readiness of several descriptors (poll, select, epoll_wait): woken
    /// by every I/O wake-up, and never restarted after a signal handler —
    /// Linux returns EINTR for these whatever SA_RESTART says.
    Poll,
    /// A `vfork` parent, until its child (this pid) execs or exits. The
    /// parent's `vfork` already returned; it is not restarted.
    Vfork(u32),
}

/// What identifies a futex word (futex(2)): a private futex is an address
/// in one address space; a shared one in a `MAP_SHARED` page is its
/// physical page and offset, so waiters in other processes find it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FutexKey {
    /// The address space (its `Mm` identity) and the address.
    Private { mm: usize, addr: u32 },
    /// The frame and the offset in it.
    Shared { frame: u32, offset: u32 },
}

/// The failure of a system call: an errno for the guest, or a wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SysErr {
    Errno(Errno),
    Block(Wait),
}

pub type SysResult<T = u32> = Result<T, SysErr>;

impl From<Errno> for SysErr {
    fn from(e: Errno) -> Self {
        SysErr::Errno(e)
    }
}

impl From<FsError> for SysErr {
    fn from(e: FsError) -> Self {
        match e {
            FsError::Pending(block) => SysErr::Block(Wait::Disk(block)),
            other => SysErr::Errno(Errno(u16::try_from(other.errno()).unwrap_or(Errno::EIO.0))),
        }
    }
}

impl From<Fault> for SysErr {
    /// A bad user pointer seen by the kernel is EFAULT, not a signal.
    fn from(_: Fault) -> Self {
        SysErr::Errno(Errno::EFAULT)
    }
}
