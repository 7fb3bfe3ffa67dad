//! Calls that complete what programs expect around the core areas:
//! waiting for a signal synchronously (`rt_sigtimedwait`), positional
//! vectored I/O (`preadv`, `pwritev` and their `2` forms), and the small
//! process-attribute calls (`personality`, `mlock`, `capget`, ...).
//! Each follows its man page; the sources are cited at each handler.

use super::{Args, fd_file, fs};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::signal::{SigFields, SigInfo, SigSet};
use crate::abi::structs::Iovec;
use crate::error::{SysErr, SysResult, Wait};
use crate::task::Pid;

/// Nanoseconds per second.
const NANOS: u64 = 1_000_000_000;

// ---- rt_sigtimedwait (sigtimedwait(2)) -------------------------------

/// Reads a `struct timespec` (`timespec64` when `time64`) as nanoseconds;
/// EINVAL for a negative or unnormalised value (sigtimedwait(2)).
fn timespec_ns(k: &mut Kernel, tid: Pid, addr: u32, time64: bool) -> SysResult<u64> {
    let (secs, nanos) = if time64 {
        let raw = k.read_user(tid, addr, 16)?;
        let secs = raw
            .get(..8)
            .and_then(|b| b.try_into().ok())
            .map(i64::from_le_bytes);
        let nanos = raw
            .get(8..12)
            .and_then(|b| b.try_into().ok())
            .map(i32::from_le_bytes);
        (secs, nanos.map(i64::from))
    } else {
        let raw = k.read_user(tid, addr, 8)?;
        let secs = raw
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .map(|b| i64::from(i32::from_le_bytes(b)));
        let nanos = raw
            .get(4..8)
            .and_then(|b| b.try_into().ok())
            .map(|b| i64::from(i32::from_le_bytes(b)));
        (secs, nanos)
    };
    let (Some(secs), Some(nanos)) = (secs, nanos) else {
        return Err(Errno::EFAULT.into());
    };
    if secs < 0 || !(0..NANOS as i64).contains(&nanos) {
        return Err(Errno::EINVAL.into());
    }
    Ok((secs as u64)
        .saturating_mul(NANOS)
        .saturating_add(nanos as u64))
}

/// Takes the lowest pending signal of `set` from `tid`, with its siginfo
/// (as a signalfd read does: `dequeue_signal`).
fn dequeue(k: &mut Kernel, tid: Pid, set: SigSet) -> SysResult<Option<SigInfo>> {
    let task = k.task_mut(tid)?;
    let Some(signo) = SigSet(task.pending.0 & set.0).lowest() else {
        return Ok(None);
    };
    task.pending.remove(signo);
    Ok(Some(task.siginfo.remove(&signo).unwrap_or(SigInfo::new(
        signo,
        crate::signal::SI_USER,
        SigFields::Kill { pid: 0, uid: 0 },
    ))))
}

/// `rt_sigtimedwait(set, info, timeout, sigsetsize)`: returns a pending
/// signal of `set` (lowest first), waits for one until the timeout
/// (EAGAIN; a zero timeout only polls), or fails with EINTR when a signal
/// outside `set` runs a handler meanwhile (sigtimedwait(2)). The wait is a
/// `Wait::Poll`: woken by the I/O wake-up `signal::send` makes for a
/// blocked signal, and never restarted after a handler.
fn sigtimedwait(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    if a[3] != 8 {
        return Err(Errno::EINVAL.into());
    }
    let raw = k.read_user(tid, a[0], 8)?;
    let set = SigSet(u64::from_le_bytes(
        raw.try_into().map_err(|_| SysErr::Errno(Errno::EFAULT))?,
    ))
    .blockable();
    let now = k.host.monotonic_ns();
    // The deadline is set once and survives restarts of the call.
    let deadline = match k.task(tid)?.sleep_deadline {
        Some(d) => Some(d),
        None if a[2] != 0 => {
            let span = timespec_ns(k, tid, a[2], time64)?;
            Some(now.saturating_add(span))
        }
        None => None,
    };
    if let Some(info) = dequeue(k, tid, set)? {
        k.task_mut(tid)?.sleep_deadline = None;
        if a[1] != 0 {
            // Linux has already taken the signal when the copy-out fails.
            k.write_user(tid, a[1], &info.to_bytes())?;
        }
        return Ok(info.signo);
    }
    let task = k.task_mut(tid)?;
    if deadline.is_some_and(|d| now >= d) {
        task.sleep_deadline = None;
        return Err(Errno::EAGAIN.into());
    }
    task.sleep_deadline = deadline;
    Err(SysErr::Block(Wait::Poll))
}

/// Implements Linux syscall rt_sigtimedwait(2).
pub(super) fn rt_sigtimedwait(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    sigtimedwait(k, tid, a, false)
}

/// Implements Linux syscall rt_sigtimedwait_time64(2).
pub(super) fn rt_sigtimedwait_time64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    sigtimedwait(k, tid, a, true)
}

// ---- preadv, pwritev (preadv(2)) -------------------------------------

/// `RWF_*` flags of `preadv2`/`pwritev2` (`uapi/linux/fs.h`).
const RWF_HIPRI: u32 = 0x1;
const RWF_DSYNC: u32 = 0x2;
const RWF_SYNC: u32 = 0x4;

fn iovecs(k: &mut Kernel, tid: Pid, addr: u32, count: u32) -> SysResult<Vec<Iovec>> {
    if count > crate::abi::structs::UIO_MAXIOV {
        return Err(Errno::EINVAL.into());
    }
    let raw = k.read_user(tid, addr, count as usize * Iovec::SIZE)?;
    raw.chunks_exact(Iovec::SIZE)
        .map(|c| Iovec::parse(c).map_err(|_| SysErr::Errno(Errno::EFAULT)))
        .collect()
}

/// Reads (or writes) each iovec at the running offset through
/// `pread64`/`pwrite64`, stopping at a short transfer; an error after some
/// bytes moved reports the bytes instead (preadv(2)). Positional transfers
/// are idempotent, so a restart after a disk wait redoes them harmlessly.
fn positional(k: &mut Kernel, tid: Pid, a: Args, offset: u64, write: bool) -> SysResult {
    let file = fd_file(k, tid, a[0])?;
    drop(file);
    if (offset as i64) < 0 {
        return Err(Errno::EINVAL.into());
    }
    let iov = iovecs(k, tid, a[1], a[2])?;
    let mut done: u32 = 0;
    let mut at = offset;
    for v in iov.iter().filter(|v| v.len != 0) {
        let len = v.len.min(0x7fff_f000 - done);
        let args = [a[0], v.base, len, at as u32, (at >> 32) as u32, 0];
        let result = if write {
            fs::pwrite64(k, tid, args)
        } else {
            fs::pread64(k, tid, args)
        };
        let n = match result {
            Ok(n) => n,
            Err(SysErr::Errno(_)) if done > 0 => break,
            Err(e) => return Err(e),
        };
        done = done.saturating_add(n);
        at = at.saturating_add(u64::from(n));
        if n < len || done >= 0x7fff_f000 {
            break;
        }
    }
    Ok(done)
}

/// The 64-bit offset of `preadv`/`pwritev`: low word in `a[3]`, high in
/// `a[4]` (`compat_sys_preadv` on i386 takes `pos_l`, `pos_h`).
fn offset_arg(a: Args) -> u64 {
    u64::from(a[3]) | (u64::from(a[4]) << 32)
}

/// Checks the `RWF_*` flags: the synchronous and priority hints are
/// accepted (writes are already durable in the page cache's terms);
/// `RWF_NOWAIT`, `RWF_APPEND` and unknown flags are EOPNOTSUPP.
fn check_rwf(flags: u32) -> SysResult<()> {
    if flags & !(RWF_HIPRI | RWF_DSYNC | RWF_SYNC) != 0 {
        return Err(Errno::EOPNOTSUPP.into());
    }
    Ok(())
}

/// Implements Linux syscall preadv(2).
pub(super) fn preadv(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    positional(k, tid, a, offset_arg(a), false)
}

/// Implements Linux syscall pwritev(2).
pub(super) fn pwritev(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    positional(k, tid, a, offset_arg(a), true)
}

/// `preadv2`/`pwritev2`: offset -1 uses (and advances) the file position,
/// as `readv`/`writev` do.
fn vectored2(k: &mut Kernel, tid: Pid, a: Args, write: bool) -> SysResult {
    check_rwf(a[5])?;
    let offset = offset_arg(a);
    if offset == u64::MAX {
        fd_file(k, tid, a[0])?;
        return if write {
            fs::writev(k, tid, a)
        } else {
            fs::readv(k, tid, a)
        };
    }
    positional(k, tid, a, offset, write)
}

/// Implements Linux syscall preadv2(2).
pub(super) fn preadv2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    vectored2(k, tid, a, false)
}

/// Implements Linux syscall pwritev2(2).
pub(super) fn pwritev2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    vectored2(k, tid, a, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rwf_flags_accept_hints_only() {
        assert!(check_rwf(0).is_ok());
        assert!(check_rwf(RWF_HIPRI | RWF_DSYNC | RWF_SYNC).is_ok());
        assert_eq!(check_rwf(0x8), Err(Errno::EOPNOTSUPP.into()));
        assert_eq!(check_rwf(0x100), Err(Errno::EOPNOTSUPP.into()));
    }

    #[test]
    fn offsets_join_low_and_high_words() {
        assert_eq!(offset_arg([0, 0, 0, 5, 1, 0]), (1 << 32) | 5);
        assert_eq!(offset_arg([0, 0, 0, u32::MAX, u32::MAX, 0]), u64::MAX);
    }
}
