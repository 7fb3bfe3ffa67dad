//! Process attributes programs query or set in passing: `prctl`,
//! `getrusage`, `mincore`, priorities and scheduling policies, the pending
//! signal set.
//!
//! tabvm has one CPU and one scheduling class. It keeps each task's nice
//! value (which changes no timing), but no death signal or dumpable flag
//! yet: those setters validate their arguments as Linux does and succeed,
//! the getters answer the defaults.
//! Man pages: prctl(2), getrusage(2), mincore(2), getpriority(2),
//! sched_setaffinity(2), sched_setscheduler(2), sched_getparam(2).

use super::Args;
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::misc::*;
use crate::abi::flags::rlimit::{
    PRIO_PGRP, PRIO_PROCESS, PRIO_USER, RUSAGE_CHILDREN, RUSAGE_SELF, RUSAGE_THREAD,
};
use crate::abi::signal::NSIG;
use crate::abi::structs::{Rusage, SchedAttr};
use crate::error::{SysErr, SysResult};
use crate::task::Pid;
use std::rc::Rc;

const PAGE: u32 = 4096;

/// The task a `pid` argument names: 0 is the caller.
fn target(k: &Kernel, tid: Pid, pid: u32) -> SysResult<Pid> {
    match pid as i32 {
        0 => Ok(tid),
        p if p < 0 => Err(Errno::EINVAL.into()),
        _ => k.task(pid).map(|t| t.tid),
    }
}

/// Implements Linux syscall prctl(2) for the options programs use at start.
pub(super) fn prctl(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (option, arg2) = (a[0], a[1]);
    match option {
        PR_SET_NAME => {
            // Linux copies at most TASK_COMM_LEN - 1 bytes, terminated or not.
            let name = match k.read_user_cstr(tid, arg2, 15) {
                Err(SysErr::Errno(Errno::ENAMETOOLONG)) => k.read_user(tid, arg2, 15)?,
                other => other?,
            };
            k.task_mut(tid)?.comm = name[..name.len().min(15)].to_vec();
            Ok(0)
        }
        PR_GET_NAME => {
            let mut name = [0u8; 16];
            let comm = &k.task(tid)?.comm;
            let n = comm.len().min(15);
            name[..n].copy_from_slice(&comm[..n]);
            k.write_user(tid, arg2, &name)?;
            Ok(0)
        }
        PR_SET_PDEATHSIG => {
            if arg2 > NSIG {
                return Err(Errno::EINVAL.into());
            }
            Ok(0)
        }
        PR_GET_PDEATHSIG => {
            k.write_user_u32(tid, arg2, 0)?;
            Ok(0)
        }
        PR_GET_DUMPABLE => Ok(1),
        PR_SET_DUMPABLE | PR_SET_KEEPCAPS | PR_SET_THP_DISABLE => {
            if arg2 > 1 {
                return Err(Errno::EINVAL.into());
            }
            Ok(0)
        }
        PR_GET_KEEPCAPS | PR_GET_SECCOMP | PR_GET_NO_NEW_PRIVS | PR_GET_THP_DISABLE => Ok(0),
        PR_SET_NO_NEW_PRIVS => {
            if arg2 != 1 || a[2] != 0 || a[3] != 0 || a[4] != 0 {
                return Err(Errno::EINVAL.into());
            }
            Ok(0)
        }
        PR_CAPBSET_READ => {
            if arg2 > CAP_LAST_CAP {
                return Err(Errno::EINVAL.into());
            }
            // The bounding set is full, as for any process Linux starts.
            Ok(1)
        }
        PR_CAP_AMBIENT => match arg2 {
            PR_CAP_AMBIENT_IS_SET if a[2] <= CAP_LAST_CAP => Ok(0),
            PR_CAP_AMBIENT_CLEAR_ALL if a[2] == 0 => Ok(0),
            PR_CAP_AMBIENT_RAISE | PR_CAP_AMBIENT_LOWER => Err(Errno::EPERM.into()),
            _ => Err(Errno::EINVAL.into()),
        },
        PR_SET_CHILD_SUBREAPER | PR_SET_TIMERSLACK | PR_SET_VMA => Ok(0),
        PR_GET_CHILD_SUBREAPER => {
            k.write_user_u32(tid, arg2, 0)?;
            Ok(0)
        }
        // The default slack (50 µs) in ns.
        PR_GET_TIMERSLACK => Ok(50_000),
        _ => Err(Errno::EINVAL.into()),
    }
}

/// Implements Linux syscall getrusage(2): processor time (all of it user
/// time, `crate::task::CpuTimes`); `ru_maxrss` is the caller's resident set
/// now, a lower bound of its peak.
pub(super) fn getrusage(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let who = a[0] as i32;
    let mut usage = Rusage::default();
    let times = k.task(k.task(tid)?.tgid)?.usage;
    let ns = match who {
        RUSAGE_SELF => times.process_ns,
        RUSAGE_THREAD => k.task(tid)?.usage.thread_ns,
        RUSAGE_CHILDREN => times.children_ns,
        _ => 0,
    };
    usage.utime_sec = i32::try_from(ns / 1_000_000_000).unwrap_or(i32::MAX);
    usage.utime_usec = (ns % 1_000_000_000 / 1000) as i32;
    match who {
        RUSAGE_SELF | RUSAGE_THREAD => {
            let mm = Rc::clone(&k.task(tid)?.mm);
            let mm = mm.borrow();
            let pages: u64 = mm
                .vmas()
                .map(|v| {
                    (v.start..v.end)
                        .step_by(PAGE as usize)
                        .filter(|&p| mm.space.frame_of(p).is_some())
                        .count() as u64
                })
                .sum();
            usage.maxrss = i32::try_from(pages * u64::from(PAGE / 1024)).unwrap_or(i32::MAX);
        }
        RUSAGE_CHILDREN => {}
        _ => return Err(Errno::EINVAL.into()),
    }
    k.write_user(tid, a[1], &usage.to_bytes())?;
    Ok(0)
}

/// Implements Linux syscall mincore(2): a page is resident when the page
/// table maps a frame for it.
pub(super) fn mincore(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (start, len, vec) = (a[0], a[1], a[2]);
    if start % PAGE != 0 {
        return Err(Errno::EINVAL.into());
    }
    let pages = len.div_ceil(PAGE);
    let end = u64::from(start) + u64::from(pages) * u64::from(PAGE);
    if end > 1 << 32 {
        return Err(Errno::ENOMEM.into());
    }
    let mm = Rc::clone(&k.task(tid)?.mm);
    let mut out = Vec::with_capacity(pages as usize);
    {
        let mm = mm.borrow();
        for i in 0..pages {
            let page = start + i * PAGE;
            if mm.vma_at(page).is_none() {
                return Err(Errno::ENOMEM.into());
            }
            out.push(u8::from(mm.space.frame_of(page).is_some()));
        }
    }
    k.write_user(tid, vec, &out)?;
    Ok(0)
}

fn check_priority_target(k: &Kernel, which: u32, who: u32) -> SysResult<()> {
    match which {
        PRIO_PROCESS if who != 0 && k.task(who).is_err() => Err(Errno::ESRCH.into()),
        PRIO_PGRP if who != 0 && !k.tasks.values().any(|t| t.pgid == who) => {
            Err(Errno::ESRCH.into())
        }
        PRIO_PROCESS | PRIO_PGRP | PRIO_USER => Ok(()),
        _ => Err(Errno::EINVAL.into()),
    }
}

/// The tasks `which`/`who` name (`getpriority(2)`): a task (0: the
/// caller), a process group (0: the caller's) or a user's tasks (0: the
/// caller's real uid). ESRCH if none.
fn priority_targets(k: &Kernel, tid: Pid, which: u32, who: u32) -> SysResult<Vec<Pid>> {
    check_priority_target(k, which, who)?;
    let caller = k.task(tid)?;
    let found: Vec<Pid> = match which {
        PRIO_PROCESS => vec![if who == 0 { tid } else { k.task(who)?.tid }],
        PRIO_PGRP => {
            let pgid = if who == 0 { caller.pgid } else { who };
            k.tasks
                .values()
                .filter(|t| t.pgid == pgid && !matches!(t.state, crate::task::State::Zombie(_)))
                .map(|t| t.tid)
                .collect()
        }
        _ => {
            let uid = if who == 0 { caller.creds.uid } else { who };
            k.tasks
                .values()
                .filter(|t| t.creds.uid == uid && !matches!(t.state, crate::task::State::Zombie(_)))
                .map(|t| t.tid)
                .collect()
        }
    };
    if found.is_empty() {
        return Err(Errno::ESRCH.into());
    }
    Ok(found)
}

/// Implements Linux syscall getpriority(2): the highest priority (lowest
/// nice value) among the targets, as `20 - nice` (the raw call's form).
pub(super) fn getpriority(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let targets = priority_targets(k, tid, a[0], a[1])?;
    let nice = targets
        .iter()
        .filter_map(|t| k.task(*t).ok().map(|t| t.nice))
        .min()
        .unwrap_or(0);
    Ok((20 - i32::from(nice)) as u32)
}

/// Implements Linux syscall setpriority(2), as `set_one_prio` (kernel/sys.c):
/// the nice value is clamped to -20..=19; another user's task is EPERM and
/// lowering a nice value EACCES without privilege (RLIMIT_NICE is 0). The
/// value is kept (getpriority, /proc); with one CPU it changes no timing.
pub(super) fn setpriority(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let targets = priority_targets(k, tid, a[0], a[1])?;
    let nice = (a[2] as i32).clamp(-20, 19) as i8;
    let creds = k.task(tid)?.creds.clone();
    let root = creds.euid == 0;
    for target in targets {
        let task = k.task_mut(target)?;
        if !root && task.creds.uid != creds.euid && task.creds.euid != creds.euid {
            return Err(Errno::EPERM.into());
        }
        if nice < task.nice && !root {
            return Err(Errno::EACCES.into());
        }
        task.nice = nice;
    }
    Ok(0)
}

/// Implements Linux syscall sched_getattr(2): the normal policy with the
/// task's nice value, `min(size, SCHED_ATTR_SIZE_VER1)` bytes written.
pub(super) fn sched_getattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (pid, addr, size, flags) = (a[0], a[1], a[2], a[3]);
    if addr == 0 || (pid as i32) < 0 || !(SCHED_ATTR_SIZE_VER0..=PAGE).contains(&size) || flags != 0
    {
        return Err(Errno::EINVAL.into());
    }
    let target = target(k, tid, pid)?;
    let len = size.min(SCHED_ATTR_SIZE_VER1);
    let attr = SchedAttr {
        size: len,
        policy: SCHED_OTHER,
        nice: i32::from(k.task(target)?.nice),
        ..SchedAttr::default()
    };
    k.write_user(tid, addr, &attr.to_bytes()[..len as usize])?;
    Ok(0)
}

/// `sched_attr.sched_flags` Linux knows (`SCHED_FLAG_ALL`).
const SCHED_FLAG_ALL: u64 = 0x7f;
const SCHED_FLAG_KEEP_POLICY: u64 = 0x08;
const SCHED_FLAG_KEEP_PARAMS: u64 = 0x10;
const SCHED_DEADLINE: u32 = 6;

/// Implements Linux syscall sched_setattr(2), as `sched_copy_attr` and
/// `__sched_setscheduler` check it: the normal policies set the nice
/// value (lowering it needs privilege: EPERM); real-time and deadline
/// policies are refused (EPERM), as `sched_setscheduler` does here.
pub(super) fn sched_setattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (pid, addr, flags) = (a[0], a[1], a[2]);
    if addr == 0 || (pid as i32) < 0 || flags != 0 {
        return Err(Errno::EINVAL.into());
    }
    let size = match k.read_user_u32(tid, addr)? {
        0 => SCHED_ATTR_SIZE_VER0,
        n => n,
    };
    let too_big = |k: &mut Kernel| -> SysResult {
        k.write_user_u32(tid, addr, SCHED_ATTR_SIZE_VER1)?;
        Err(Errno::E2BIG.into())
    };
    if !(SCHED_ATTR_SIZE_VER0..=PAGE).contains(&size) {
        return too_big(k);
    }
    let raw = k.read_user(tid, addr, size as usize)?;
    if raw
        .iter()
        .skip(SCHED_ATTR_SIZE_VER1 as usize)
        .any(|&b| b != 0)
    {
        return too_big(k);
    }
    let mut full = [0u8; SchedAttr::SIZE];
    let n = raw.len().min(SchedAttr::SIZE);
    full[..n].copy_from_slice(&raw[..n]);
    let attr = SchedAttr::parse(&full).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
    if attr.flags & !SCHED_FLAG_ALL != 0 {
        return Err(Errno::EINVAL.into());
    }
    let target = target(k, tid, pid)?;
    let policy = if attr.flags & SCHED_FLAG_KEEP_POLICY != 0 {
        SCHED_OTHER
    } else {
        attr.policy
    };
    match policy {
        SCHED_OTHER | SCHED_BATCH | SCHED_IDLE if attr.priority == 0 => {}
        SCHED_FIFO | SCHED_RR if (1..=99).contains(&attr.priority) => {
            return Err(Errno::EPERM.into());
        }
        SCHED_DEADLINE => return Err(Errno::EPERM.into()),
        _ => return Err(Errno::EINVAL.into()),
    }
    if attr.flags & SCHED_FLAG_KEEP_PARAMS == 0 {
        let nice = attr.nice.clamp(-20, 19) as i8;
        let root = k.task(tid)?.creds.euid == 0;
        let task = k.task_mut(target)?;
        if nice < task.nice && !root {
            return Err(Errno::EPERM.into());
        }
        task.nice = nice;
    }
    Ok(0)
}

/// `ioprio_get`/`ioprio_set`'s `which` as `getpriority`'s.
fn ioprio_which(which: u32) -> SysResult<u32> {
    match which {
        IOPRIO_WHO_PROCESS => Ok(PRIO_PROCESS),
        IOPRIO_WHO_PGRP => Ok(PRIO_PGRP),
        IOPRIO_WHO_USER => Ok(PRIO_USER),
        _ => Err(Errno::EINVAL.into()),
    }
}

/// Implements Linux syscall ioprio_get(2): every task has the default
/// I/O priority (class `IOPRIO_CLASS_NONE`, level 0: 0).
pub(super) fn ioprio_get(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    priority_targets(k, tid, ioprio_which(a[0])?, a[1])?;
    Ok(0)
}

/// Implements Linux syscall ioprio_set(2): checked as `ioprio_check_cap`
/// (the real-time class needs privilege; the level is the low 3 bits, the
/// bits above it hints, Linux 6.5+; class none takes level 0 only) and
/// accepted; there is no disk queue to order.
pub(super) fn ioprio_set(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (class, level) = (a[2] >> 13, a[2] & 0x7);
    match class {
        IOPRIO_CLASS_RT if k.task(tid)?.creds.euid != 0 => return Err(Errno::EPERM.into()),
        IOPRIO_CLASS_RT | IOPRIO_CLASS_BE | IOPRIO_CLASS_IDLE => {}
        IOPRIO_CLASS_NONE if level == 0 => {}
        _ => return Err(Errno::EINVAL.into()),
    }
    priority_targets(k, tid, ioprio_which(a[0])?, a[1])?;
    Ok(0)
}

/// Implements Linux syscall syslog(2) (`klogctl`): the kernel log is
/// empty (tabvm's own messages go to the host). Reading it needs
/// privilege, as with Debian's `dmesg_restrict`; asking its size does not.
pub(super) fn syslog(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    // SYSLOG_ACTION_* (include/linux/syslog.h).
    const SIZE_BUFFER: u32 = 10;
    const CONSOLE_LEVEL: u32 = 8;
    let (action, len) = (a[0], a[2] as i32);
    if action > SIZE_BUFFER {
        return Err(Errno::EINVAL.into());
    }
    if action != SIZE_BUFFER && k.task(tid)?.creds.euid != 0 {
        return Err(Errno::EPERM.into());
    }
    match action {
        // READ, READ_ALL, READ_CLEAR: a buffer and a length are needed.
        2..=4 if a[1] == 0 || len < 0 => Err(Errno::EINVAL.into()),
        CONSOLE_LEVEL if !(1..=8).contains(&len) => Err(Errno::EINVAL.into()),
        // log_buf_len with Debian's CONFIG_LOG_BUF_SHIFT=18.
        SIZE_BUFFER => Ok(1 << 18),
        _ => Ok(0),
    }
}

/// `setreuid`/`setregid` on `[real, effective, saved]` (`__sys_setreuid`
/// in kernel/sys.c): -1 leaves an id; without privilege the real id may
/// become the real or effective one, the effective id any of the three;
/// the saved id follows the new effective id when the real id is set or
/// the effective id becomes other than the old real one.
fn set_re_ids(privileged: bool, old: [u32; 3], real: u32, effective: u32) -> SysResult<[u32; 3]> {
    let [r, e, s] = old;
    let mut new = old;
    if real != u32::MAX {
        if !privileged && real != r && real != e {
            return Err(Errno::EPERM.into());
        }
        new[0] = real;
    }
    if effective != u32::MAX {
        if !privileged && effective != r && effective != e && effective != s {
            return Err(Errno::EPERM.into());
        }
        new[1] = effective;
    }
    if real != u32::MAX || (effective != u32::MAX && effective != r) {
        new[2] = new[1];
    }
    Ok(new)
}

/// Implements Linux syscall setreuid32(2) (`setreuid`).
pub(super) fn setreuid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let c = &mut k.task_mut(tid)?.creds;
    [c.uid, c.euid, c.suid] = set_re_ids(c.euid == 0, [c.uid, c.euid, c.suid], a[0], a[1])?;
    Ok(0)
}

/// Implements Linux syscall setregid32(2) (`setregid`).
pub(super) fn setregid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let c = &mut k.task_mut(tid)?.creds;
    [c.gid, c.egid, c.sgid] = set_re_ids(c.euid == 0, [c.gid, c.egid, c.sgid], a[0], a[1])?;
    Ok(0)
}

/// Implements Linux syscall sched_setaffinity(2): the one CPU must be in
/// the mask.
pub(super) fn sched_setaffinity(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    target(k, tid, a[0])?;
    if a[1] == 0 {
        return Err(Errno::EINVAL.into());
    }
    let first = k.read_user(tid, a[2], 1)?;
    if first.first().is_none_or(|b| b & 1 == 0) {
        return Err(Errno::EINVAL.into());
    }
    Ok(0)
}

/// Implements Linux syscall sched_getscheduler(2).
pub(super) fn sched_getscheduler(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    target(k, tid, a[0])?;
    Ok(SCHED_OTHER)
}

/// Implements Linux syscall sched_setscheduler(2): the normal policies
/// (priority 0); real-time ones are refused.
pub(super) fn sched_setscheduler(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    target(k, tid, a[0])?;
    let priority = k.read_user_u32(tid, a[2])?;
    match a[1] & !SCHED_RESET_ON_FORK {
        SCHED_OTHER | SCHED_BATCH | SCHED_IDLE if priority == 0 => Ok(0),
        SCHED_FIFO | SCHED_RR if (1..=99).contains(&priority) => Err(Errno::EPERM.into()),
        _ => Err(Errno::EINVAL.into()),
    }
}

/// Implements Linux syscall sched_getparam(2): priority 0 (`SCHED_OTHER`).
pub(super) fn sched_getparam(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    target(k, tid, a[0])?;
    if a[1] == 0 {
        return Err(Errno::EINVAL.into());
    }
    k.write_user_u32(tid, a[1], 0)?;
    Ok(0)
}

/// Implements Linux syscall sched_setparam(2): priority 0 only.
pub(super) fn sched_setparam(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    target(k, tid, a[0])?;
    if a[1] == 0 {
        return Err(Errno::EINVAL.into());
    }
    if k.read_user_u32(tid, a[1])? != 0 {
        return Err(Errno::EINVAL.into());
    }
    Ok(0)
}

/// Implements Linux syscall rt_sigpending(2): the pending signals that are
/// blocked (the others are being delivered).
pub(super) fn rt_sigpending(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[1] > 8 {
        return Err(Errno::EINVAL.into());
    }
    let task = k.task(tid)?;
    let set = (task.pending.0 & task.sigmask.0).to_le_bytes();
    k.write_user(tid, a[0], &set[..a[1] as usize])?;
    Ok(0)
}

/// Priority range of a policy (`sched_get_priority_max`/`min`).
fn priority_range(policy: u32) -> SysResult<(u32, u32)> {
    match policy {
        SCHED_FIFO | SCHED_RR => Ok((1, 99)),
        SCHED_OTHER | SCHED_BATCH | SCHED_IDLE => Ok((0, 0)),
        _ => Err(Errno::EINVAL.into()),
    }
}

/// Implements Linux syscall sched_get_priority_max(2).
pub(super) fn sched_get_priority_max(_: &mut Kernel, _: Pid, a: Args) -> SysResult {
    Ok(priority_range(a[0])?.1)
}

/// Implements Linux syscall sched_get_priority_min(2).
pub(super) fn sched_get_priority_min(_: &mut Kernel, _: Pid, a: Args) -> SysResult {
    Ok(priority_range(a[0])?.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setreuid_rules_match_linux() {
        let none = u32::MAX;
        // Unprivileged: swap real and effective; the saved id follows.
        assert_eq!(set_re_ids(false, [1, 2, 3], 2, 1), Ok([2, 1, 1]));
        // The effective id may become the saved one; real unchanged and
        // the new effective equal to the real id keeps the saved id.
        assert_eq!(set_re_ids(false, [1, 2, 3], none, 3), Ok([1, 3, 3]));
        assert_eq!(set_re_ids(false, [1, 2, 3], none, 1), Ok([1, 1, 3]));
        assert_eq!(
            set_re_ids(false, [1, 2, 3], 3, none),
            Err(Errno::EPERM.into())
        );
        assert_eq!(
            set_re_ids(false, [1, 2, 3], none, 4),
            Err(Errno::EPERM.into())
        );
        assert_eq!(set_re_ids(true, [0, 0, 0], 5, 6), Ok([5, 6, 6]));
        assert_eq!(set_re_ids(false, [1, 2, 3], none, none), Ok([1, 2, 3]));
    }

    #[test]
    fn priority_ranges_match_linux() {
        assert_eq!(priority_range(SCHED_FIFO), Ok((1, 99)));
        assert_eq!(priority_range(SCHED_OTHER), Ok((0, 0)));
        assert_eq!(priority_range(4), Err(Errno::EINVAL.into()));
    }
}
