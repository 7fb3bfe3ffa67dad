//! `signalfd(2)`: pending signals read as `signalfd_siginfo` records.
//!
//! A read dequeues the reading task's pending signals that are in the
//! descriptor's mask, lowest first, then those sent to its whole process
//! (waiting on the leader), one 128-byte record each, and waits while
//! there is none. The signals are usually blocked, so nothing else consumes
//! them; `signal::send` wakes I/O waiters for a blocked signal.

use super::{FileOps, synthetic};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::poll::{POLLIN, POLLRDNORM};
use crate::abi::signal::{SigFields, SigInfo, SigSet};
use crate::abi::structs::SignalfdSiginfo;
use crate::error::{SysErr, SysResult, Wait};
use crate::task::Pid;
use std::cell::Cell;
use tabvm_fs::Metadata;

pub struct SignalFd {
    /// The signals it reports (never SIGKILL or SIGSTOP).
    pub mask: Cell<SigSet>,
    /// The task that created it: `poll` without a caller looks at its
    /// signals.
    pub owner: Pid,
}

impl SignalFd {
    /// Readiness for `tid`'s pending signals.
    #[must_use]
    pub fn readiness(&self, k: &Kernel, tid: Pid) -> u16 {
        let mask = self.mask.get();
        let Ok(task) = k.task(tid) else {
            return 0;
        };
        // Signals sent to the process wait on its leader (`signal::send_process`).
        let shared = k
            .tasks
            .get(&task.tgid)
            .is_some_and(|leader| leader.siginfo.has_shared(SigSet(leader.pending.0 & mask.0)));
        if task.pending.0 & mask.0 != 0 || shared {
            POLLIN | POLLRDNORM
        } else {
            0
        }
    }
}

/// The record for one dequeued signal (`signalfd_copyinfo`).
#[must_use]
pub fn record(info: &SigInfo) -> SignalfdSiginfo {
    let mut r = SignalfdSiginfo {
        signo: info.signo,
        errno: info.errno,
        code: info.code,
        ..SignalfdSiginfo::default()
    };
    match info.fields {
        SigFields::Kill { pid, uid } => {
            r.pid = pid;
            r.uid = uid;
        }
        SigFields::Timer {
            tid,
            overrun,
            value,
        } => {
            r.tid = tid;
            r.overrun = overrun;
            r.int = value as i32;
            r.ptr = u64::from(value);
        }
        SigFields::Rt { pid, uid, value } => {
            r.pid = pid;
            r.uid = uid;
            r.int = value as i32;
            r.ptr = u64::from(value);
        }
        SigFields::Chld {
            pid,
            uid,
            status,
            utime,
            stime,
        } => {
            r.pid = pid;
            r.uid = uid;
            r.status = status;
            r.utime = u64::from(utime);
            r.stime = u64::from(stime);
        }
        SigFields::Fault { addr } => r.addr = u64::from(addr),
        SigFields::Poll { band, fd } => {
            r.band = band;
            r.fd = fd;
        }
        SigFields::Sys {
            call_addr,
            syscall,
            arch,
        } => {
            r.call_addr = u64::from(call_addr);
            r.syscall = syscall;
            r.arch = arch;
        }
        SigFields::Raw(words) => {
            r.pid = words[0];
            r.uid = words[1];
        }
    }
    r
}

impl FileOps for SignalFd {
    fn read(&self, k: &mut Kernel, tid: Pid, len: usize, _: u64) -> SysResult<Vec<u8>> {
        if len < SignalfdSiginfo::SIZE {
            return Err(Errno::EINVAL.into());
        }
        let task = k.task_mut(tid)?;
        let mut out = Vec::new();
        while out.len() + SignalfdSiginfo::SIZE <= len {
            let Some(signo) = SigSet(task.pending.0 & self.mask.get().0).lowest() else {
                break;
            };
            let info = task.siginfo.remove(&signo).unwrap_or(SigInfo::new(
                signo,
                crate::signal::SI_USER,
                SigFields::Kill { pid: 0, uid: 0 },
            ));
            // Queued real-time instances come one record each.
            if !task.siginfo.contains(signo) {
                task.pending.remove(signo);
            }
            out.extend_from_slice(&record(&info).to_bytes());
        }
        // Then signals sent to the whole process, waiting on its leader
        // (Linux's shared pending queue).
        let tgid = task.tgid;
        while tgid != tid && out.len() + SignalfdSiginfo::SIZE <= len {
            let Some(leader) = k.tasks.get_mut(&tgid) else {
                break;
            };
            let Some(info) = leader
                .siginfo
                .take_shared(SigSet(leader.pending.0 & self.mask.get().0))
            else {
                break;
            };
            if !leader.siginfo.contains(info.signo) {
                leader.pending.remove(info.signo);
            }
            out.extend_from_slice(&record(&info).to_bytes());
        }
        if out.is_empty() {
            return Err(SysErr::Block(Wait::Io));
        }
        Ok(out)
    }

    fn write(&self, _: &mut Kernel, _: Pid, _: &[u8], _: u64, _: bool) -> SysResult<(usize, u64)> {
        Err(Errno::EINVAL.into())
    }

    fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
        Ok(synthetic(0o600, 0))
    }

    fn poll(&self, k: &Kernel) -> u16 {
        self.readiness(k, self.owner)
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_carry_the_sender() {
        let info = SigInfo::new(10, 0, SigFields::Kill { pid: 42, uid: 7 });
        let bytes = record(&info).to_bytes();
        assert_eq!(&bytes[..4], &10u32.to_le_bytes());
        assert_eq!(&bytes[12..16], &42u32.to_le_bytes());
        assert_eq!(&bytes[16..20], &7u32.to_le_bytes());
        let chld = SigInfo::new(
            17,
            1,
            SigFields::Chld {
                pid: 5,
                uid: 0,
                status: 3,
                utime: 1,
                stime: 2,
            },
        );
        let r = record(&chld);
        assert_eq!((r.pid, r.status, r.utime, r.stime), (5, 3, 1, 2));
    }
}
