//! Futexes (futex(2)): waits and wakes keyed by the word's address (or its
//! page, when shared), requeues, `FUTEX_WAKE_OP`, the priority-inheritance
//! locks glibc's `PTHREAD_PRIO_INHERIT` mutexes take, and the robust list
//! a dying thread leaves (`set_robust_list(2)`), as Linux's
//! `kernel/futex/` does them.
//!
//! The kernel is single-threaded, so reading a futex word and writing it
//! back is as atomic as Linux's `futex_cmpxchg_value_locked`. A waiter
//! parks on [`Wait::Futex`]; its call runs again from the start when it is
//! woken, and [`Task::futex_woken`](crate::task::Task) tells the rerun why.
//! There are no priorities to inherit: a PI lock here is a lock whose
//! owner's tid is in the word, handed to the first waiter on unlock.

use super::{Args, read_timespec};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::futex::*;
use crate::abi::signal::RobustListHead;
use crate::error::{FutexKey, SysErr, SysResult, Wait};
use crate::task::{Pid, State};
use std::rc::Rc;

/// At most this many robust-list entries are walked at exit, so a cyclic
/// list cannot hold the exit up (`ROBUST_LIST_LIMIT`).
const ROBUST_LIST_LIMIT: u32 = 2048;

/// The key of the futex word at `uaddr` for `tid` (see [`FutexKey`]).
fn futex_key(k: &mut Kernel, tid: Pid, uaddr: u32, op: u32) -> SysResult<FutexKey> {
    if !uaddr.is_multiple_of(4) {
        return Err(Errno::EINVAL.into());
    }
    let mm = Rc::clone(&k.task(tid)?.mm);
    if op & FUTEX_PRIVATE_FLAG == 0 {
        // Page the word in, then see whether it lives in a shared page.
        k.read_user_u32(tid, uaddr)?;
        let mm = mm.borrow();
        if mm.space.pte(uaddr) & tabvm_cpu::mmu::pte::SHARED != 0
            && let Some(frame) = mm.space.frame_of(uaddr)
        {
            return Ok(FutexKey::Shared {
                frame: frame.0,
                offset: uaddr & 0xfff,
            });
        }
    }
    Ok(FutexKey::Private {
        mm: Rc::as_ptr(&mm).cast::<()>() as usize,
        addr: uaddr,
    })
}

/// Implements Linux syscall futex(2), with a 32-bit `struct timespec`.
pub(super) fn futex(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    futex_call(k, tid, a, false)
}

/// Implements Linux syscall futex_time64(2): futex with a `timespec64`.
pub(super) fn futex_time64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    futex_call(k, tid, a, true)
}

fn futex_call(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    let (uaddr, op, val, timeout, uaddr2, val3) = (a[0], a[1], a[2], a[3], a[4], a[5]);
    let cmd = op & FUTEX_CMD_MASK;
    // Only the absolute waits take a clock (`do_futex`, `FLAGS_CLOCKRT`).
    if op & FUTEX_CLOCK_REALTIME != 0
        && ![FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI, FUTEX_LOCK_PI2].contains(&cmd)
    {
        return Err(Errno::ENOSYS.into());
    }
    // An empty bitset matches no waiter or waker (`futex_wait`, `futex_wake`).
    if matches!(cmd, FUTEX_WAIT_BITSET | FUTEX_WAKE_BITSET) && val3 == 0 {
        return Err(Errno::EINVAL.into());
    }
    let r = match cmd {
        FUTEX_WAIT | FUTEX_WAIT_BITSET => wait(k, tid, uaddr, op, val, timeout, time64),
        FUTEX_WAKE | FUTEX_WAKE_BITSET => {
            let key = futex_key(k, tid, uaddr, op)?;
            Ok(futex_wake(k, key, val))
        }
        FUTEX_REQUEUE | FUTEX_CMP_REQUEUE => {
            if cmd == FUTEX_CMP_REQUEUE && k.read_user_u32(tid, uaddr)? != val3 {
                return Err(Errno::EAGAIN.into());
            }
            let key = futex_key(k, tid, uaddr, op)?;
            let key2 = futex_key(k, tid, uaddr2, op)?;
            let woken = futex_wake(k, key, val);
            Ok(woken + requeue(k, key, key2, timeout))
        }
        FUTEX_WAKE_OP => wake_op(k, tid, a),
        FUTEX_LOCK_PI | FUTEX_LOCK_PI2 | FUTEX_TRYLOCK_PI => {
            // LOCK_PI's deadline is on CLOCK_REALTIME whatever the flag
            // says; LOCK_PI2's follows it (`futex_init_timeout`).
            let realtime = cmd == FUTEX_LOCK_PI || op & FUTEX_CLOCK_REALTIME != 0;
            let timeout = (cmd != FUTEX_TRYLOCK_PI && timeout != 0).then_some(timeout);
            lock_pi(k, tid, uaddr, op, timeout.map(|t| (t, realtime)), time64)
        }
        FUTEX_UNLOCK_PI => unlock_pi(k, tid, uaddr, op),
        _ => {
            k.log_once(
                240 + (cmd << 16),
                &format!("tabvm: futex op {cmd} is not implemented: ENOSYS"),
            );
            Err(Errno::ENOSYS.into())
        }
    };
    if !matches!(r, Err(SysErr::Block(_))) {
        // Whatever ended the call, a deadline it set ends with it.
        if let Ok(task) = k.task_mut(tid) {
            task.sleep_deadline = None;
        }
    }
    r
}

/// FUTEX_WAIT(_BITSET): parks while the word holds `val`. FUTEX_WAIT's
/// timeout is relative; WAIT_BITSET's absolute, on CLOCK_MONOTONIC or,
/// with FUTEX_CLOCK_REALTIME, CLOCK_REALTIME.
fn wait(
    k: &mut Kernel,
    tid: Pid,
    uaddr: u32,
    op: u32,
    val: u32,
    timeout: u32,
    time64: bool,
) -> SysResult {
    if std::mem::take(&mut k.task_mut(tid)?.futex_woken) {
        return Ok(0);
    }
    let key = futex_key(k, tid, uaddr, op)?;
    if k.read_user_u32(tid, uaddr)? != val {
        return Err(Errno::EAGAIN.into());
    }
    let relative = op & FUTEX_CMD_MASK == FUTEX_WAIT;
    let realtime = op & FUTEX_CLOCK_REALTIME != 0;
    let timeout = (timeout != 0).then_some(timeout);
    park(
        k,
        tid,
        Wait::Futex(key),
        timeout,
        relative,
        realtime,
        time64,
    )
}

/// Parks `tid` in `wait` (on a futex key) until woken or the deadline in
/// the timespec at `timeout` (if any) passes: ETIMEDOUT then. The deadline, kept on the
/// task, survives the call's reruns.
fn park(
    k: &mut Kernel,
    tid: Pid,
    wait: Wait,
    timeout: Option<u32>,
    relative: bool,
    realtime: bool,
    time64: bool,
) -> SysResult {
    let now = k.host.monotonic_ns();
    match (k.task(tid)?.sleep_deadline, timeout) {
        (Some(deadline), _) if now >= deadline => return Err(Errno::ETIMEDOUT.into()),
        (Some(_), _) | (None, None) => {}
        (None, Some(addr)) => {
            let span = read_timespec(k, tid, addr, time64)?;
            let deadline = if relative {
                now.saturating_add(span)
            } else if realtime {
                // An absolute CLOCK_REALTIME time, as the same distance
                // from now on the monotonic clock the deadlines run on.
                let wall = k.host.realtime_ns();
                now.saturating_add(span.saturating_sub(wall))
            } else {
                span.max(now)
            };
            k.task_mut(tid)?.sleep_deadline = Some(deadline);
        }
    }
    Err(SysErr::Block(wait))
}

/// Moves up to `count` waiters from `from` to `to` (FUTEX_REQUEUE).
fn requeue(k: &mut Kernel, from: FutexKey, to: FutexKey, count: u32) -> u32 {
    let mut moved = 0;
    for task in k.tasks.values_mut() {
        if moved >= count {
            break;
        }
        if let State::Blocked {
            wait: Wait::Futex(waiting),
            deadline,
        } = task.state
            && waiting == from
        {
            task.state = State::Blocked {
                wait: Wait::Futex(to),
                deadline,
            };
            moved += 1;
        }
    }
    moved
}

/// FUTEX_WAKE_OP: changes the word at `uaddr2` by the operation encoded in
/// `val3`, wakes `val` waiters on `uaddr`, and as many as the `timeout`
/// argument says on `uaddr2` when the old value passes the encoded
/// comparison (`futex_atomic_op_inuser`).
fn wake_op(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (uaddr, op, count, count2, uaddr2, encoded) = (a[0], a[1], a[2], a[3], a[4], a[5]);
    let key = futex_key(k, tid, uaddr, op)?;
    let key2 = futex_key(k, tid, uaddr2, op)?;
    // op:4 (with OPARG_SHIFT in its top bit), cmp:4, oparg:12, cmparg:12,
    // both arguments sign-extended.
    let sext12 = |v: u32| ((v << 20) as i32) >> 20;
    let mut oparg = sext12(encoded >> 12);
    let cmparg = sext12(encoded);
    if encoded & (8 << 28) != 0 {
        oparg = 1i32.wrapping_shl(oparg as u32 & 31);
    }
    let old = k.read_user_u32(tid, uaddr2)?;
    let new = match (encoded >> 28) & 7 {
        0 => oparg as u32,
        1 => old.wrapping_add(oparg as u32),
        2 => old | oparg as u32,
        3 => old & !(oparg as u32),
        4 => old ^ oparg as u32,
        _ => return Err(Errno::ENOSYS.into()),
    };
    // The word changes even when the comparison is unknown (ENOSYS then).
    k.write_user_u32(tid, uaddr2, new)?;
    let old = old as i32;
    let passes = match (encoded >> 24) & 15 {
        0 => old == cmparg,
        1 => old != cmparg,
        2 => old < cmparg,
        3 => old <= cmparg,
        4 => old > cmparg,
        5 => old >= cmparg,
        _ => return Err(Errno::ENOSYS.into()),
    };
    let mut woken = futex_wake(k, key, count);
    if passes {
        woken += futex_wake(k, key2, count2);
    }
    Ok(woken)
}

/// Whether a task other than `tid` waits for the PI lock at `key`.
fn others_wait(k: &Kernel, tid: Pid, key: FutexKey) -> bool {
    k.tasks.iter().any(|(&t, task)| {
        t != tid && matches!(task.state, State::Blocked { wait: Wait::PiLock(w), .. } if w == key)
    })
}

/// FUTEX_LOCK_PI, LOCK_PI2 and (without a `timeout`) TRYLOCK_PI: takes the
/// lock word for `tid` when it holds no owner (keeping FUTEX_OWNER_DIED),
/// else marks it FUTEX_WAITERS and parks until [`unlock_pi`] hands it over
/// or its owner dies. TRYLOCK_PI fails with EAGAIN instead of parking.
fn lock_pi(
    k: &mut Kernel,
    tid: Pid,
    uaddr: u32,
    op: u32,
    timeout: Option<(u32, bool)>,
    time64: bool,
) -> SysResult {
    let handed = std::mem::take(&mut k.task_mut(tid)?.futex_woken);
    let word = k.read_user_u32(tid, uaddr)?;
    let owner = word & FUTEX_TID_MASK;
    if owner == tid {
        // A rerun after unlock_pi made us the owner has the lock.
        return if handed {
            Ok(0)
        } else {
            Err(Errno::EDEADLK.into())
        };
    }
    let key = futex_key(k, tid, uaddr, op)?;
    if owner == 0 {
        let waiters = if others_wait(k, tid, key) {
            FUTEX_WAITERS
        } else {
            0
        };
        k.write_user_u32(tid, uaddr, tid | (word & FUTEX_OWNER_DIED) | waiters)?;
        return Ok(0);
    }
    if !k.tasks.contains_key(&owner) {
        // The word names a thread that is gone and no robust list cleaned
        // it up (`handle_exit_race`).
        return Err(Errno::ESRCH.into());
    }
    let Some((timeout, realtime)) = timeout else {
        if op & FUTEX_CMD_MASK == FUTEX_TRYLOCK_PI {
            return Err(Errno::EAGAIN.into());
        }
        k.write_user_u32(tid, uaddr, word | FUTEX_WAITERS)?;
        return park(k, tid, Wait::PiLock(key), None, false, false, time64);
    };
    k.write_user_u32(tid, uaddr, word | FUTEX_WAITERS)?;
    park(
        k,
        tid,
        Wait::PiLock(key),
        Some(timeout),
        false,
        realtime,
        time64,
    )
}

/// FUTEX_UNLOCK_PI: the owner `tid` gives the lock to its first waiter
/// (the word then names that waiter, with FUTEX_WAITERS, as
/// `wake_futex_pi` leaves it), or frees it.
fn unlock_pi(k: &mut Kernel, tid: Pid, uaddr: u32, op: u32) -> SysResult {
    let word = k.read_user_u32(tid, uaddr)?;
    if word & FUTEX_TID_MASK != tid {
        return Err(Errno::EPERM.into());
    }
    let key = futex_key(k, tid, uaddr, op)?;
    let next = k.tasks.iter().find_map(|(&t, task)| {
        matches!(task.state, State::Blocked { wait: Wait::PiLock(w), .. } if w == key).then_some(t)
    });
    match next {
        Some(next) => {
            k.write_user_u32(tid, uaddr, next | FUTEX_WAITERS)?;
            let task = k.task_mut(next)?;
            task.state = State::Runnable;
            task.futex_woken = true;
        }
        None => k.write_user_u32(tid, uaddr, 0)?,
    }
    Ok(0)
}

/// Wakes up to `count` tasks waiting on the futex `key` (or for the PI
/// lock there: a woken locker tries again).
fn futex_wake(k: &mut Kernel, key: FutexKey, count: u32) -> u32 {
    let mut woken = 0;
    for task in k.tasks.values_mut() {
        if woken >= count {
            break;
        }
        if let State::Blocked {
            wait: Wait::Futex(waiting) | Wait::PiLock(waiting),
            ..
        } = task.state
            && waiting == key
        {
            task.state = State::Runnable;
            task.futex_woken = true;
            woken += 1;
        }
    }
    woken
}

/// Wakes futex waiters on `uaddr` after a thread exits (CLONE_CHILD_CLEARTID).
pub(crate) fn futex_wake_at_exit(k: &mut Kernel, tid: Pid, uaddr: u32) {
    // glibc's pthread_join waits with a shared futex op on the tid word.
    futex_wake_at(k, tid, uaddr, u32::MAX);
}

/// Implements Linux syscall set_robust_list(2): the head of the list of
/// robust futexes `tid` holds, walked when it exits or execs.
pub(super) fn set_robust_list(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[1] != RobustListHead::SIZE as u32 {
        return Err(Errno::EINVAL.into());
    }
    k.task_mut(tid)?.robust_list = a[0];
    Ok(0)
}

/// Implements Linux syscall get_robust_list(2): the head registered by
/// `pid` (0: the caller), for its owner or a caller allowed to trace it.
pub(super) fn get_robust_list(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let target = if a[0] == 0 { tid } else { a[0] };
    let head = k
        .tasks
        .get(&target)
        .ok_or(SysErr::Errno(Errno::ESRCH))?
        .robust_list;
    let (me, them) = (&k.task(tid)?.creds, &k.task(target)?.creds);
    // `ptrace_may_access(PTRACE_MODE_READ_REALCREDS)`, without capabilities
    // beyond root's.
    if me.euid != 0 && (me.uid != them.uid || me.uid != them.euid || me.uid != them.suid) {
        return Err(Errno::EPERM.into());
    }
    k.write_user_u32(tid, a[1], head)?;
    k.write_user_u32(tid, a[2], RobustListHead::SIZE as u32)?;
    Ok(0)
}

/// Marks each robust futex `tid` still holds as its owner's death leaves
/// it, waking a waiter on each (`exit_robust_list`): at exit and at exec,
/// while the task's memory is still its own. A list that cannot be read
/// ends the walk, as Linux's does.
pub(crate) fn exit_robust_list(k: &mut Kernel, tid: Pid) {
    let Ok(task) = k.task_mut(tid) else {
        return;
    };
    let head = std::mem::take(&mut task.robust_list);
    if head == 0 {
        return;
    }
    let Ok(raw) = k.read_user(tid, head, RobustListHead::SIZE) else {
        return;
    };
    let Ok(list) = RobustListHead::parse(&raw) else {
        return;
    };
    let (offset, pending) = (list.futex_offset, list.list_op_pending);
    // Each pointer's bit 0 marks a PI futex.
    let (mut entry, mut pi) = (list.list_next & !1, list.list_next & 1 != 0);
    let (pending, pending_pi) = (pending & !1, pending & 1 != 0);
    let mut limit = ROBUST_LIST_LIMIT;
    while entry != head {
        let next = k.read_user_u32(tid, entry);
        if entry != pending {
            futex_death(k, tid, entry.wrapping_add_signed(offset), pi, false);
        }
        let Ok(next) = next else {
            return;
        };
        (entry, pi) = (next & !1, next & 1 != 0);
        limit -= 1;
        if limit == 0 {
            break;
        }
    }
    if pending != 0 {
        futex_death(
            k,
            tid,
            pending.wrapping_add_signed(offset),
            pending_pi,
            true,
        );
    }
}

/// One robust futex of the dying `tid` (`handle_futex_death`): if `tid`
/// owns it, it gets FUTEX_OWNER_DIED (keeping FUTEX_WAITERS) and a waiter
/// is woken to take it. A `pending` lock the thread was taking wakes a
/// waiter if it is free, in case the thread was woken for it.
fn futex_death(k: &mut Kernel, tid: Pid, uaddr: u32, pi: bool, pending: bool) {
    if !uaddr.is_multiple_of(4) {
        return;
    }
    let Ok(word) = k.read_user_u32(tid, uaddr) else {
        return;
    };
    if pending && !pi && word == 0 {
        futex_wake_at(k, tid, uaddr, 1);
        return;
    }
    if word & FUTEX_TID_MASK != tid {
        return;
    }
    let died = (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    if k.write_user_u32(tid, uaddr, died).is_ok() && word & FUTEX_WAITERS != 0 {
        // A PI waiter, woken, takes the ownerless lock with the died bit.
        futex_wake_at(k, tid, uaddr, 1);
    }
}

/// Wakes `count` waiters on the word at `uaddr` as `tid` sees it, keyed as
/// a shared futex would be (a private page keys the same either way).
fn futex_wake_at(k: &mut Kernel, tid: Pid, uaddr: u32, count: u32) {
    if let Ok(key) = futex_key(k, tid, uaddr, 0) {
        futex_wake(k, key, count);
    }
}
