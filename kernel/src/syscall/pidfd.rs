//! Process descriptors (`pidfd_open(2)`, `pidfd_send_signal(2)`): a
//! descriptor naming a process, readable once the process has exited, and
//! a way to signal it through that name.
//!
//! The name is the pid. Linux pins a `struct pid` so that a pid reused
//! after the process is reaped cannot be reached through an old
//! descriptor; this kernel reuses a pid only after 32,767 others were
//! given out, and does not tell that case apart.

use super::Args;
use super::proc::Recipients;
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::open::{O_NONBLOCK, O_RDWR};
use crate::abi::flags::poll::{POLLIN, POLLRDNORM};
use crate::error::{SysErr, SysResult};
use crate::file::{FileOps, OpenFile};
use crate::proc::ProcNode;
use crate::task::{Pid, State};
use crate::vfs::Node;
use std::rc::Rc;

/// A process descriptor: the process's thread-group id.
pub struct PidFd {
    pid: Pid,
}

/// Whether process `pid` has not yet exited (a zombie has).
fn running(k: &Kernel, pid: Pid) -> bool {
    k.tasks
        .get(&pid)
        .is_some_and(|t| t.tgid == pid && !matches!(t.state, State::Zombie(_)))
}

impl FileOps for PidFd {
    crate::file::unreadable_anon_inode!();

    /// Readable once the process has exited (`pidfd_poll`).
    fn poll(&self, k: &Kernel) -> u16 {
        if running(k, self.pid) {
            0
        } else {
            POLLIN | POLLRDNORM
        }
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// Implements Linux syscall pidfd_open(2): a close-on-exec descriptor for
/// process `pid` (a thread-group leader); `PIDFD_NONBLOCK` is O_NONBLOCK.
pub(super) fn pidfd_open(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (pid, flags) = (a[0], a[1]);
    if flags & !O_NONBLOCK != 0 || (pid as i32) <= 0 {
        return Err(Errno::EINVAL.into());
    }
    let task = k.tasks.get(&pid).ok_or(SysErr::Errno(Errno::ESRCH))?;
    if task.tgid != pid {
        return Err(Errno::EINVAL.into());
    }
    let file = OpenFile::new(
        Rc::new(PidFd { pid }),
        O_RDWR | (flags & O_NONBLOCK),
        b"anon_inode:[pidfd]",
    );
    // Always close-on-exec (`pidfd_create` passes O_CLOEXEC).
    super::install(k, tid, file, true)
}

/// Implements Linux syscall pidfd_send_signal(2): `kill` (or, with a
/// `siginfo`, `rt_sigqueueinfo`) aimed through a process descriptor, at
/// the process, or with a flag at its leader thread or its process group
/// (`PIDFD_SIGNAL_THREAD`, `_THREAD_GROUP`, `_PROCESS_GROUP`, one at most).
/// A `/proc/<pid>` directory descriptor names its process too.
/// A zombie can still be signalled (to no effect), as with `kill`.
pub(super) fn pidfd_send_signal(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    const THREAD: u32 = 1;
    const THREAD_GROUP: u32 = 2;
    const PROCESS_GROUP: u32 = 4;
    let (fd, signo, info, flags) = (a[0], a[1], a[2], a[3]);
    if flags & !(THREAD | THREAD_GROUP | PROCESS_GROUP) != 0 || flags.count_ones() > 1 {
        return Err(Errno::EINVAL.into());
    }
    let file = super::fd_file(k, tid, fd)?;
    // A process descriptor, or a `/proc/<pid>` directory open (psmisc's
    // killall signals through those, as Linux allows).
    let pid = {
        let f = file.borrow();
        let pidfd = f.ops.as_any().and_then(|a| a.downcast_ref::<PidFd>());
        match (pidfd, f.ops.dir_node()) {
            (Some(p), _) => p.pid,
            (None, Some(Node::Proc(ProcNode::Pid(pid)))) => pid,
            _ => return Err(Errno::EBADF.into()),
        }
    };
    let Some(task) = k.tasks.get(&pid).filter(|t| t.tgid == pid) else {
        return Err(Errno::ESRCH.into());
    };
    let pgid = task.pgid;
    match (flags, info) {
        (THREAD, 0) => super::proc::tgkill(k, tid, [pid, pid, signo, 0, 0, 0]),
        (THREAD, info) => super::extra::rt_tgsigqueueinfo(k, tid, [pid, pid, signo, info, 0, 0]),
        // A value for each member of a group is not queued here.
        (PROCESS_GROUP, _) => {
            super::proc::signal_recipients(k, tid, Recipients::Group(pgid), signo)
        }
        (_, 0) => super::proc::kill(k, tid, [pid, signo, 0, 0, 0, 0]),
        (_, info) => super::extra::rt_sigqueueinfo(k, tid, [pid, signo, info, 0, 0, 0]),
    }
}
