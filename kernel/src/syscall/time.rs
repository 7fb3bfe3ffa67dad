//! Clocks and sleeping.

use super::{Args, read_itimerspec, read_timespec};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::clock::*;
use crate::error::{SysErr, SysResult, Wait};
use crate::task::Pid;

const NANOS: u64 = 1_000_000_000;

/// The value of clock `id` in nanoseconds.
fn clock_ns(k: &mut Kernel, tid: Pid, id: u32) -> SysResult<u64> {
    match id {
        CLOCK_REALTIME | CLOCK_REALTIME_COARSE | CLOCK_TAI => Ok(k.host.realtime_ns()),
        CLOCK_MONOTONIC | CLOCK_MONOTONIC_RAW | CLOCK_MONOTONIC_COARSE | CLOCK_BOOTTIME => {
            Ok(k.host.monotonic_ns().saturating_sub(k.boot_ns))
        }
        CLOCK_PROCESS_CPUTIME_ID => {
            let leader = k.task(tid)?.tgid;
            Ok(k.task(leader)?.usage.process_ns)
        }
        CLOCK_THREAD_CPUTIME_ID => Ok(k.task(tid)?.usage.thread_ns),
        _ => Err(Errno::EINVAL.into()),
    }
}

fn timespec32(ns: u64) -> [u8; 8] {
    let mut out = [0u8; 8];
    out[..4].copy_from_slice(&((ns / NANOS) as u32).to_le_bytes());
    out[4..].copy_from_slice(&((ns % NANOS) as u32).to_le_bytes());
    out
}

fn timespec64(ns: u64) -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&(ns / NANOS).to_le_bytes());
    out[8..12].copy_from_slice(&((ns % NANOS) as u32).to_le_bytes());
    out
}

/// Implements Linux syscall clock_gettime(2).
pub(super) fn clock_gettime(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ns = clock_ns(k, tid, a[0])?;
    k.write_user(tid, a[1], &timespec32(ns))?;
    Ok(0)
}

/// Implements Linux syscall clock_gettime64(2).
pub(super) fn clock_gettime64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ns = clock_ns(k, tid, a[0])?;
    k.write_user(tid, a[1], &timespec64(ns))?;
    Ok(0)
}

/// Implements Linux syscall clock_getres(2): 1 ns, as high-resolution timers report.
pub(super) fn clock_getres(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    clock_ns(k, tid, a[0])?;
    if a[1] != 0 {
        k.write_user(tid, a[1], &timespec32(1))?;
    }
    Ok(0)
}

/// Implements Linux syscall clock_getres_time64(2).
pub(super) fn clock_getres64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    clock_ns(k, tid, a[0])?;
    if a[1] != 0 {
        k.write_user(tid, a[1], &timespec64(1))?;
    }
    Ok(0)
}

/// Implements Linux syscall clock_settime(2): the guest may not set the
/// host's clock.
pub(super) fn clock_settime(_: &mut Kernel, _: Pid, _: Args) -> SysResult {
    Err(Errno::EPERM.into())
}

/// Implements Linux syscall gettimeofday(2).
pub(super) fn gettimeofday(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ns = k.host.realtime_ns();
    if a[0] != 0 {
        let mut tv = [0u8; 8];
        tv[..4].copy_from_slice(&((ns / NANOS) as u32).to_le_bytes());
        tv[4..].copy_from_slice(&(((ns % NANOS) / 1000) as u32).to_le_bytes());
        k.write_user(tid, a[0], &tv)?;
    }
    if a[1] != 0 {
        k.write_user(tid, a[1], &[0u8; 8])?;
    }
    Ok(0)
}

/// Implements Linux syscall time(2).
pub(super) fn time(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let secs = (k.host.realtime_ns() / NANOS) as u32;
    if a[0] != 0 {
        k.write_user_u32(tid, a[0], secs)?;
    }
    Ok(secs)
}

/// Implements Linux syscall times(2): the process's and its waited-for
/// children's processor time, all of it user time, in USER_HZ (100) ticks;
/// the result is the ticks since boot.
pub(super) fn times(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let tick = |ns: u64| (ns / (NANOS / 100)) as u32;
    let ticks = tick(k.host.monotonic_ns().saturating_sub(k.boot_ns));
    if a[0] != 0 {
        let usage = k.task(k.task(tid)?.tgid)?.usage;
        let mut tms = [0u8; 16];
        tms[..4].copy_from_slice(&tick(usage.process_ns).to_le_bytes());
        tms[8..12].copy_from_slice(&tick(usage.children_ns).to_le_bytes());
        k.write_user(tid, a[0], &tms)?;
    }
    Ok(ticks)
}

/// Parks until the monotonic deadline; the deadline lives in the task so
/// that the restarted call keeps it.
fn sleep_until(k: &mut Kernel, tid: Pid, deadline: u64) -> SysResult {
    let now = k.host.monotonic_ns();
    let task = k.task_mut(tid)?;
    let deadline = *task.sleep_deadline.get_or_insert(deadline);
    if now >= deadline {
        task.sleep_deadline = None;
        return Ok(0);
    }
    Err(SysErr::Block(Wait::Sleep))
}

fn relative_sleep(k: &mut Kernel, tid: Pid, addr: u32, time64: bool) -> SysResult {
    if k.task(tid)?.sleep_deadline.is_none() {
        let span = read_timespec(k, tid, addr, time64)?;
        let deadline = k.host.monotonic_ns().saturating_add(span);
        return sleep_until(k, tid, deadline);
    }
    sleep_until(k, tid, 0)
}

/// Implements Linux syscall nanosleep(2).
pub(super) fn nanosleep(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    relative_sleep(k, tid, a[0], false)
}

fn clock_sleep(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    const TIMER_ABSTIME: u32 = 1;
    let (clock, flags, request) = (a[0], a[1], a[2]);
    clock_ns(k, tid, clock)?;
    if flags & TIMER_ABSTIME == 0 {
        return relative_sleep(k, tid, request, time64);
    }
    if k.task(tid)?.sleep_deadline.is_none() {
        let target = read_timespec(k, tid, request, time64)?;
        let now_on_clock = clock_ns(k, tid, clock)?;
        let span = target.saturating_sub(now_on_clock);
        let deadline = k.host.monotonic_ns().saturating_add(span);
        return sleep_until(k, tid, deadline);
    }
    sleep_until(k, tid, 0)
}

/// Implements Linux syscall clock_nanosleep(2).
pub(super) fn clock_nanosleep(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    clock_sleep(k, tid, a, false)
}

/// Implements Linux syscall clock_nanosleep_time64(2).
pub(super) fn clock_nanosleep64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    clock_sleep(k, tid, a, true)
}

/// The calling process's `ITIMER_REAL` as (remaining, interval) ns.
fn itimer_now(k: &mut Kernel, tid: Pid) -> SysResult<(Pid, u64, u64)> {
    let leader = k.task(tid)?.tgid;
    let now = k.host.monotonic_ns();
    let timer = k.task(leader)?.itimer_real;
    Ok(timer.map_or((leader, 0, 0), |(at, interval)| {
        (leader, at.saturating_sub(now).max(1), interval)
    }))
}

fn itimerval(remaining: u64, interval: u64) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (i, ns) in [interval, remaining].into_iter().enumerate() {
        out[i * 8..i * 8 + 4].copy_from_slice(&((ns / NANOS) as u32).to_le_bytes());
        out[i * 8 + 4..i * 8 + 8].copy_from_slice(&(((ns % NANOS) / 1000) as u32).to_le_bytes());
    }
    out
}

/// `ITIMER_REAL`; the virtual and profiling timers are not kept.
const ITIMER_REAL: u32 = 0;

/// Implements Linux syscall getitimer(2).
pub(super) fn getitimer(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[0] > 2 {
        return Err(Errno::EINVAL.into());
    }
    let (_, remaining, interval) = if a[0] == ITIMER_REAL {
        itimer_now(k, tid)?
    } else {
        (0, 0, 0)
    };
    k.write_user(tid, a[1], &itimerval(remaining, interval))?;
    Ok(0)
}

/// Implements Linux syscall setitimer(2) (`ITIMER_REAL`; the CPU-time
/// timers are accepted and never fire).
pub(super) fn setitimer(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[0] > 2 {
        return Err(Errno::EINVAL.into());
    }
    let raw = k.read_user(tid, a[1], 16)?;
    let w = |i: usize| {
        u64::from(u32::from_le_bytes([
            raw[i],
            raw[i + 1],
            raw[i + 2],
            raw[i + 3],
        ]))
    };
    if w(4) >= 1_000_000 || w(12) >= 1_000_000 {
        return Err(Errno::EINVAL.into());
    }
    let interval = w(0) * NANOS + w(4) * 1000;
    let value = w(8) * NANOS + w(12) * 1000;
    let (leader, remaining, old_interval) = if a[0] == ITIMER_REAL {
        itimer_now(k, tid)?
    } else {
        (0, 0, 0)
    };
    if a[2] != 0 {
        k.write_user(tid, a[2], &itimerval(remaining, old_interval))?;
    }
    if a[0] == ITIMER_REAL {
        let now = k.host.monotonic_ns();
        k.task_mut(leader)?.itimer_real =
            (value > 0).then(|| (now.saturating_add(value), interval));
    }
    Ok(0)
}

/// Implements Linux syscall alarm(2).
pub(super) fn alarm(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (leader, remaining, _) = itimer_now(k, tid)?;
    let now = k.host.monotonic_ns();
    let secs = u64::from(a[0]);
    k.task_mut(leader)?.itimer_real = (secs > 0).then(|| (now.saturating_add(secs * NANOS), 0));
    Ok(remaining.div_ceil(NANOS) as u32)
}

/// Timers one process may hold (Linux bounds them by RLIMIT_SIGPENDING).
const MAX_POSIX_TIMERS: usize = 256;

/// Writes a `struct itimerspec` (32-bit, or time64).
fn write_itimerspec(
    k: &mut Kernel,
    tid: Pid,
    addr: u32,
    interval: u64,
    value: u64,
    time64: bool,
) -> SysResult<()> {
    let mut bytes = Vec::with_capacity(32);
    for ns in [interval, value] {
        if time64 {
            bytes.extend_from_slice(&timespec64(ns));
        } else {
            bytes.extend_from_slice(&timespec32(ns));
        }
    }
    k.write_user(tid, addr, &bytes)
}

/// Implements Linux syscall timer_create(2).
pub(super) fn timer_create(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    use crate::abi::flags::clock::{SIGEV_NONE, SIGEV_SIGNAL, SIGEV_THREAD_ID};
    let (clock, sevp, id_out) = (a[0], a[1], a[2]);
    clock_ns(k, tid, clock)?;
    let (notify, signo, value, thread) = if sevp == 0 {
        (SIGEV_SIGNAL, crate::abi::signal::SIGALRM, None, tid)
    } else {
        let raw = k.read_user(tid, sevp, crate::abi::signal::SigEvent::SIZE)?;
        let ev =
            crate::abi::signal::SigEvent::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
        (ev.notify, ev.signo, Some(ev.value), ev.tid_or_function)
    };
    let leader = k.task(tid)?.tgid;
    match notify {
        SIGEV_NONE => {}
        SIGEV_SIGNAL | SIGEV_THREAD_ID if crate::abi::signal::is_valid(signo) => {}
        _ => return Err(Errno::EINVAL.into()),
    }
    if notify == SIGEV_THREAD_ID && k.tasks.get(&thread).is_none_or(|t| t.tgid != leader) {
        return Err(Errno::EINVAL.into());
    }
    let timers = &k.task(leader)?.timers;
    if timers.len() >= MAX_POSIX_TIMERS {
        return Err(Errno::EAGAIN.into());
    }
    let id = (0..=MAX_POSIX_TIMERS as u32)
        .find(|id| !timers.iter().any(|t| t.id == *id))
        .unwrap_or(0);
    k.write_user_u32(tid, id_out, id)?;
    let timer = crate::task::PosixTimer {
        id,
        clock,
        notify,
        signo,
        thread,
        value: value.unwrap_or(id),
        next: None,
        interval: 0,
        overrun: 0,
    };
    k.task_mut(leader)?.timers.push(timer);
    Ok(0)
}

/// The calling process's timer `id`, as (leader, index).
fn find_timer(k: &Kernel, tid: Pid, id: u32) -> SysResult<(Pid, usize)> {
    let leader = k.task(tid)?.tgid;
    let index = k
        .task(leader)?
        .timers
        .iter()
        .position(|t| t.id == id)
        .ok_or(SysErr::Errno(Errno::EINVAL))?;
    Ok((leader, index))
}

/// (interval, remaining) of a timer now.
fn timer_now(k: &mut Kernel, leader: Pid, index: usize) -> SysResult<(u64, u64)> {
    let now = k.host.monotonic_ns();
    let timer = &k.task(leader)?.timers[index];
    Ok((
        timer.interval,
        timer.next.map_or(0, |at| at.saturating_sub(now).max(1)),
    ))
}

fn timer_settime_any(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    use crate::abi::flags::clock::TIMER_ABSTIME;
    let (id, flags, new, old) = (a[0], a[1], a[2], a[3]);
    let (leader, index) = find_timer(k, tid, id)?;
    let (interval, value) = read_itimerspec(k, tid, new, time64)?;
    if old != 0 {
        let (old_interval, remaining) = timer_now(k, leader, index)?;
        write_itimerspec(k, tid, old, old_interval, remaining, time64)?;
    }
    let clock = k.task(leader)?.timers[index].clock;
    let now = k.host.monotonic_ns();
    let next = if value == 0 {
        None
    } else if flags & TIMER_ABSTIME != 0 {
        let on_clock = clock_ns(k, tid, clock)?;
        Some(now.saturating_add(value.saturating_sub(on_clock)))
    } else {
        Some(now.saturating_add(value))
    };
    let timer = &mut k.task_mut(leader)?.timers[index];
    timer.next = next;
    timer.interval = if next.is_some() { interval } else { 0 };
    timer.overrun = 0;
    Ok(0)
}

/// Implements Linux syscall timer_settime(2).
pub(super) fn timer_settime(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    timer_settime_any(k, tid, a, false)
}

/// Implements Linux syscall timer_settime64(2).
pub(super) fn timer_settime64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    timer_settime_any(k, tid, a, true)
}

fn timer_gettime_any(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    let (leader, index) = find_timer(k, tid, a[0])?;
    let (interval, remaining) = timer_now(k, leader, index)?;
    write_itimerspec(k, tid, a[1], interval, remaining, time64)?;
    Ok(0)
}

/// Implements Linux syscall timer_gettime(2).
pub(super) fn timer_gettime(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    timer_gettime_any(k, tid, a, false)
}

/// Implements Linux syscall timer_gettime64(2).
pub(super) fn timer_gettime64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    timer_gettime_any(k, tid, a, true)
}

/// Implements Linux syscall timer_getoverrun(2).
pub(super) fn timer_getoverrun(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (leader, index) = find_timer(k, tid, a[0])?;
    Ok(k.task(leader)?.timers[index].overrun)
}

/// Implements Linux syscall timer_delete(2).
pub(super) fn timer_delete(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (leader, index) = find_timer(k, tid, a[0])?;
    k.task_mut(leader)?.timers.remove(index);
    Ok(0)
}
