//! Waiting on many descriptors (`poll`, `select` and their signal-mask
//! variants, `epoll`) and the event descriptors (`eventfd`, `timerfd`,
//! `signalfd`).
//!
//! Every call evaluates each descriptor's readiness from the start; if
//! nothing is ready it parks with `Wait::Io` (every readiness change wakes
//! I/O waiters) and, for a timeout, a deadline in `task.sleep_deadline` that
//! survives the restarts. Timers fire nowhere by themselves: a waiter that
//! watches a timerfd parks no later than the timer's expiry. Man pages:
//! poll(2), select(2), epoll_wait(2), epoll_ctl(2), eventfd(2),
//! timerfd_create(2), signalfd(2).

use super::{Args, fd_file, fd_ops, read_itimerspec, read_timespec};
use crate::abi::errno::Errno;
use crate::abi::flags::open::{O_NONBLOCK, O_RDWR};
use crate::abi::flags::poll::*;
use crate::abi::signal::SigSet;
use crate::abi::structs::{EpollEvent, Itimerspec32, Itimerspec64, PollFd};
use crate::error::{SysErr, SysResult, Wait};
use crate::file::{EpollFile, EventFd, FileOps, Interest, OpenFile, SignalFd, TimerFd};
use crate::task::{MAX_FDS, Pid};
use crate::{Kernel, abi};
use std::cell::Cell;
use std::rc::Rc;
use tabvm_fs::FileType;

const NANOS: u64 = 1_000_000_000;
/// How deep epoll instances may nest (`EP_MAX_NESTS`).
const EPOLL_MAX_NESTS: u32 = 4;

/// Installs a new anonymous file (`anon_inode:[name]`) at the lowest free
/// descriptor.
fn install(k: &mut Kernel, tid: Pid, ops: Rc<dyn FileOps>, flags: u32, name: &[u8]) -> SysResult {
    let cloexec = flags & abi::flags::open::O_CLOEXEC != 0;
    let mut path = b"anon_inode:".to_vec();
    path.extend_from_slice(name);
    let file = OpenFile::new(ops, O_RDWR | (flags & O_NONBLOCK), &path);
    super::install(k, tid, file, cloexec)
}

fn downcast<T: 'static>(ops: &Rc<dyn FileOps>) -> Option<&T> {
    ops.as_any().and_then(|a| a.downcast_ref::<T>())
}

/// Readiness of `ops` for `tid` at `now`, as `poll` bits: what `poll()`
/// says, plus what needs the time (timers) or the caller (signalfd), also
/// inside epoll instances.
fn readiness(k: &Kernel, tid: Pid, now: u64, ops: &Rc<dyn FileOps>) -> u16 {
    if let Some(t) = downcast::<TimerFd>(ops) {
        return t.readiness(now);
    }
    if let Some(s) = downcast::<SignalFd>(ops) {
        return s.readiness(k, tid);
    }
    if let Some(e) = downcast::<EpollFile>(ops) {
        return if e.has_ready(&|inner| readiness(k, tid, now, inner)) {
            POLLIN | POLLRDNORM
        } else {
            0
        };
    }
    ops.poll(k)
}

/// When `ops` becomes readable by itself (an armed timer, maybe in an
/// epoll instance).
fn ready_at(ops: &Rc<dyn FileOps>) -> Option<u64> {
    if let Some(t) = downcast::<TimerFd>(ops) {
        return t.ready_at();
    }
    downcast::<EpollFile>(ops).and_then(|e| e.ready_at(&ready_at))
}

/// A wait's timeout: `None` waits forever, `Some(0)` not at all.
type Timeout = Option<u64>;

/// The absolute deadline of this (possibly restarted) call.
fn deadline(k: &mut Kernel, tid: Pid, timeout: Timeout, now: u64) -> SysResult<Option<u64>> {
    Ok(match timeout {
        None => None,
        Some(0) => Some(now),
        Some(ns) => Some(
            k.task(tid)?
                .sleep_deadline
                .unwrap_or_else(|| now.saturating_add(ns)),
        ),
    })
}

/// The call is over: forget its deadline and, if it swapped the signal
/// mask, put the caller's mask back.
fn finish(k: &mut Kernel, tid: Pid, swapped: bool) -> SysResult<()> {
    let task = k.task_mut(tid)?;
    task.sleep_deadline = None;
    if swapped && let Some(mask) = task.saved_sigmask.take() {
        task.sigmask = mask;
    }
    Ok(())
}

/// Nothing is ready: time out (`Ok`: the call returns its empty result),
/// fail with EINTR for a signal already deliverable, or park until
/// `deadline` or the earliest `timer`.
fn park(
    k: &mut Kernel,
    tid: Pid,
    deadline: Option<u64>,
    timer: Option<u64>,
    now: u64,
    swapped: bool,
) -> SysResult<()> {
    if deadline.is_some_and(|d| now >= d) {
        return finish(k, tid, swapped);
    }
    let task = k.task_mut(tid)?;
    if interrupting_signal(task) {
        // The handler's frame keeps the saved mask (sigreturn restores it).
        task.sleep_deadline = None;
        return Err(Errno::EINTR.into());
    }
    task.sleep_deadline = match (deadline, timer) {
        (Some(d), Some(t)) => Some(d.min(t)),
        (d, t) => d.or(t),
    };
    Err(SysErr::Block(Wait::Poll))
}

/// Whether a pending, unblocked signal would run a handler or end the
/// process (ignored ones are discarded without interrupting anything).
fn interrupting_signal(task: &crate::task::Task) -> bool {
    use crate::abi::signal::{DefaultAction, SIG_DFL, SIG_IGN, default_action};
    let deliverable = SigSet(task.pending.0 & !task.sigmask.blockable().0);
    if deliverable.is_empty() {
        return false;
    }
    let handlers = task.sighand.borrow();
    handlers.iter().zip(1u32..).any(|(action, signo)| {
        deliverable.contains(signo)
            && (action.handler > SIG_IGN
                || (action.handler == SIG_DFL
                    && matches!(
                        default_action(signo),
                        DefaultAction::Term | DefaultAction::Core
                    )))
    })
}

/// Installs a temporary signal mask read from `addr` (`size` must be 8).
fn swap_mask(k: &mut Kernel, tid: Pid, addr: u32, size: u32) -> SysResult<bool> {
    if addr == 0 {
        return Ok(false);
    }
    if size != 8 {
        return Err(Errno::EINVAL.into());
    }
    let raw = k.read_user(tid, addr, 8)?;
    let mask = SigSet(u64::from_le_bytes(
        raw.try_into().map_err(|_| SysErr::Errno(Errno::EFAULT))?,
    ))
    .blockable();
    let task = k.task_mut(tid)?;
    if task.saved_sigmask.is_none() {
        task.saved_sigmask = Some(task.sigmask);
    }
    task.sigmask = mask;
    Ok(true)
}

/// A call that swapped the mask failed before waiting (a bad argument):
/// the caller's mask comes back at once. EINTR keeps it for the handler's
/// frame, and a wait keeps it while parked.
fn unswap_on_error(k: &mut Kernel, tid: Pid, swapped: bool, result: SysResult) -> SysResult {
    if swapped
        && let Err(SysErr::Errno(e)) = result
        && e != Errno::EINTR
    {
        finish(k, tid, true)?;
    }
    result
}

fn write_timespec(k: &mut Kernel, tid: Pid, addr: u32, ns: u64, time64: bool) -> SysResult<()> {
    if time64 {
        let t = abi::structs::Timespec64 {
            sec: (ns / NANOS) as i64,
            nsec: (ns % NANOS) as i64,
        };
        k.write_user(tid, addr, &t.to_bytes())
    } else {
        let t = abi::structs::Timespec32 {
            sec: (ns / NANOS) as i32,
            nsec: (ns % NANOS) as i32,
        };
        k.write_user(tid, addr, &t.to_bytes())
    }
}

// ---- poll ----------------------------------------------------------------

/// The shared body of `poll` and `ppoll`.
fn do_poll(
    k: &mut Kernel,
    tid: Pid,
    fds_addr: u32,
    nfds: u32,
    timeout: Timeout,
    swapped: bool,
) -> SysResult {
    if nfds as usize > MAX_FDS {
        return Err(Errno::EINVAL.into());
    }
    let raw = k.read_user(tid, fds_addr, nfds as usize * PollFd::SIZE)?;
    let now = k.host.monotonic_ns();
    let mut out = Vec::with_capacity(raw.len());
    let mut count = 0;
    let mut timer = None;
    for chunk in raw.chunks_exact(PollFd::SIZE) {
        let mut p = PollFd::parse(chunk).map_err(Errno::from)?;
        p.revents = 0;
        if p.fd >= 0 {
            match fd_ops(k, tid, p.fd as u32) {
                Ok(ops) => {
                    p.revents = readiness(k, tid, now, &ops) & (p.events | POLLERR | POLLHUP);
                    if p.events & (POLLIN | POLLRDNORM) != 0 {
                        timer = min_opt(timer, ready_at(&ops));
                    }
                }
                Err(_) => p.revents = POLLNVAL,
            }
        }
        if p.revents != 0 {
            count += 1;
        }
        out.extend_from_slice(&p.to_bytes());
    }
    let deadline = deadline(k, tid, timeout, now)?;
    if count == 0 {
        park(k, tid, deadline, timer, now, swapped)?;
    }
    k.write_user(tid, fds_addr, &out)?;
    finish(k, tid, swapped)?;
    Ok(count)
}

fn min_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// Implements Linux syscall poll(2).
pub(super) fn poll(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ms = a[2] as i32;
    let timeout = (ms >= 0).then(|| u64::from(ms.unsigned_abs()) * 1_000_000);
    do_poll(k, tid, a[0], a[1], timeout, false)
}

fn do_ppoll(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    let timeout = if a[2] == 0 {
        None
    } else {
        Some(read_timespec(k, tid, a[2], time64)?)
    };
    let swapped = swap_mask(k, tid, a[3], a[4])?;
    let deadline_before = k.task(tid)?.sleep_deadline;
    let result = do_poll(k, tid, a[0], a[1], timeout, swapped);
    let result = unswap_on_error(k, tid, swapped, result);
    if let (Ok(_), Some(total)) = (&result, timeout)
        && a[2] != 0
    {
        // Linux writes back the time left.
        let now = k.host.monotonic_ns();
        let left = deadline_before.map_or(total, |d| d.saturating_sub(now));
        write_timespec(k, tid, a[2], left, time64)?;
    }
    result
}

/// Implements Linux syscall ppoll(2).
pub(super) fn ppoll(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_ppoll(k, tid, a, false)
}

/// Implements Linux syscall ppoll_time64(2).
pub(super) fn ppoll_time64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_ppoll(k, tid, a, true)
}

// ---- select --------------------------------------------------------------

/// `select`'s readiness classes (`fs/select.c`).
const SELECT_IN: u16 = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
const SELECT_OUT: u16 = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
const SELECT_EX: u16 = POLLPRI;

/// The shared body of the `select` family: three `fd_set`s of `nfds` bits
/// (read and written back in 32-bit words), and the timeout.
fn do_select(
    k: &mut Kernel,
    tid: Pid,
    nfds: u32,
    sets: [u32; 3],
    timeout: Timeout,
    swapped: bool,
) -> SysResult {
    if (nfds as i32) < 0 {
        return Err(Errno::EINVAL.into());
    }
    // Linux looks no further than its descriptor table's size: a set bit
    // past it is neither EBADF nor written back.
    let nfds = nfds.min(k.task(tid)?.files.borrow().size());
    let bytes = (nfds as usize).div_ceil(32) * 4;
    let mut input = [vec![0u8; bytes], vec![0u8; bytes], vec![0u8; bytes]];
    for (set, addr) in input.iter_mut().zip(sets) {
        if addr != 0 && bytes > 0 {
            *set = k.read_user(tid, addr, bytes)?;
        }
    }
    let now = k.host.monotonic_ns();
    let mut output = [vec![0u8; bytes], vec![0u8; bytes], vec![0u8; bytes]];
    let mut count = 0u32;
    let mut timer = None;
    for fd in 0..nfds {
        let (byte, bit) = ((fd / 8) as usize, 1u8 << (fd % 8));
        let asked: Vec<bool> = input
            .iter()
            .map(|s| s.get(byte).is_some_and(|b| b & bit != 0))
            .collect();
        if !asked.iter().any(|&x| x) {
            continue;
        }
        let ops = fd_ops(k, tid, fd)?;
        let ready = readiness(k, tid, now, &ops);
        if asked.first() == Some(&true) {
            timer = min_opt(timer, ready_at(&ops));
        }
        for (i, class) in [SELECT_IN, SELECT_OUT, SELECT_EX].into_iter().enumerate() {
            if asked.get(i) == Some(&true)
                && ready & class != 0
                && let Some(b) = output.get_mut(i).and_then(|s| s.get_mut(byte))
            {
                *b |= bit;
                count += 1;
            }
        }
    }
    let deadline = deadline(k, tid, timeout, now)?;
    if count == 0 {
        park(k, tid, deadline, timer, now, swapped)?;
    }
    for (set, addr) in output.iter().zip(sets) {
        if addr != 0 && bytes > 0 {
            k.write_user(tid, addr, set)?;
        }
    }
    finish(k, tid, swapped)?;
    Ok(count)
}

/// The time left of a select-family call that ran from `before` (its
/// stored deadline, if it had parked) with `total` ns of timeout.
fn time_left(k: &mut Kernel, before: Option<u64>, total: u64) -> u64 {
    let now = k.host.monotonic_ns();
    before.map_or(total, |d| d.saturating_sub(now))
}

fn select_timeval(k: &mut Kernel, tid: Pid, nfds: u32, sets: [u32; 3], tvp: u32) -> SysResult {
    let timeout = if tvp == 0 {
        None
    } else {
        let tv = abi::structs::Timeval32::parse(&k.read_user(tid, tvp, 8)?).map_err(Errno::from)?;
        if tv.sec < 0 || tv.usec < 0 {
            return Err(Errno::EINVAL.into());
        }
        // Linux normalises microseconds past a second.
        Some(
            (tv.sec as u64)
                .saturating_mul(NANOS)
                .saturating_add((tv.usec as u64).saturating_mul(1000)),
        )
    };
    let before = k.task(tid)?.sleep_deadline;
    let result = do_select(k, tid, nfds, sets, timeout, false);
    if let (Ok(_), Some(total)) = (&result, timeout) {
        let left = time_left(k, before, total);
        let tv = abi::structs::Timeval32 {
            sec: (left / NANOS) as i32,
            usec: ((left % NANOS) / 1000) as i32,
        };
        k.write_user(tid, tvp, &tv.to_bytes())?;
    }
    result
}

/// Implements Linux syscall _newselect(2).
pub(super) fn newselect(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    select_timeval(k, tid, a[0], [a[1], a[2], a[3]], a[4])
}

/// Implements Linux syscall select(2) (i386 `old_select`: one pointer to
/// the five arguments).
pub(super) fn old_select(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let raw = k.read_user(tid, a[0], 20)?;
    let w = |i: usize| {
        raw.get(i * 4..i * 4 + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_le_bytes)
    };
    select_timeval(k, tid, w(0), [w(1), w(2), w(3)], w(4))
}

fn do_pselect(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    let timeout = if a[4] == 0 {
        None
    } else {
        Some(read_timespec(k, tid, a[4], time64)?)
    };
    // The sixth argument points to { const sigset_t *ss; size_t ss_len; }.
    let swapped = if a[5] == 0 {
        false
    } else {
        let ss = k.read_user_u32(tid, a[5])?;
        let len = k.read_user_u32(tid, a[5].wrapping_add(4))?;
        swap_mask(k, tid, ss, len)?
    };
    let before = k.task(tid)?.sleep_deadline;
    let result = do_select(k, tid, a[0], [a[1], a[2], a[3]], timeout, swapped);
    let result = unswap_on_error(k, tid, swapped, result);
    if let (Ok(_), Some(total)) = (&result, timeout) {
        let left = time_left(k, before, total);
        write_timespec(k, tid, a[4], left, time64)?;
    }
    result
}

/// Implements Linux syscall pselect6(2).
pub(super) fn pselect6(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_pselect(k, tid, a, false)
}

/// Implements Linux syscall pselect6_time64(2).
pub(super) fn pselect6_time64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_pselect(k, tid, a, true)
}

// ---- epoll ---------------------------------------------------------------

fn epoll_new(k: &mut Kernel, tid: Pid, flags: u32) -> SysResult {
    install(k, tid, Rc::new(EpollFile::default()), flags, b"[eventpoll]")
}

/// Implements Linux syscall epoll_create(2).
pub(super) fn epoll_create(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[0] as i32 <= 0 {
        return Err(Errno::EINVAL.into());
    }
    epoll_new(k, tid, 0)
}

/// Implements Linux syscall epoll_create1(2).
pub(super) fn epoll_create1(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[0] & !EPOLL_CLOEXEC != 0 {
        return Err(Errno::EINVAL.into());
    }
    epoll_new(k, tid, a[0])
}

/// Implements Linux syscall epoll_ctl(2).
pub(super) fn epoll_ctl(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (epfd, op, fd, event) = (a[0], a[1], a[2], a[3]);
    let ep_ops = fd_ops(k, tid, epfd)?;
    let target = fd_file(k, tid, fd)?;
    let ev = if op == EPOLL_CTL_DEL {
        EpollEvent::default()
    } else {
        EpollEvent::parse(&k.read_user(tid, event, EpollEvent::SIZE)?).map_err(Errno::from)?
    };
    let target_ops = Rc::clone(&target.borrow().ops);
    if matches!(
        target_ops.inode(),
        Some((_, FileType::Regular | FileType::Directory))
    ) {
        return Err(Errno::EPERM.into());
    }
    let ep = downcast::<EpollFile>(&ep_ops).ok_or(SysErr::Errno(Errno::EINVAL))?;
    if Rc::ptr_eq(&fd_file(k, tid, epfd)?, &target) {
        return Err(Errno::EINVAL.into());
    }
    let events = ev.events | EPOLLERR | EPOLLHUP;
    match op {
        EPOLL_CTL_ADD => {
            if let Some(inner) = downcast::<EpollFile>(&target_ops)
                && inner.contains(ep, EPOLL_MAX_NESTS)
            {
                return Err(Errno::ELOOP.into());
            }
            let mut interest = ep.interest.borrow_mut();
            if interest
                .get(&fd)
                .is_some_and(|e| e.file.upgrade().is_some_and(|f| Rc::ptr_eq(&f, &target)))
            {
                return Err(Errno::EEXIST.into());
            }
            interest.insert(fd, Interest::new(&target, events, ev.data));
        }
        EPOLL_CTL_MOD => {
            if ev.events & EPOLLEXCLUSIVE != 0 {
                return Err(Errno::EINVAL.into());
            }
            ep.modify(fd, events, ev.data)?;
        }
        EPOLL_CTL_DEL => {
            ep.interest
                .borrow_mut()
                .remove(&fd)
                .ok_or(SysErr::Errno(Errno::ENOENT))?;
        }
        _ => return Err(Errno::EINVAL.into()),
    }
    // Waiters on this instance re-evaluate.
    k.wake(|w| w == Wait::Io);
    Ok(0)
}

/// The shared body of the `epoll_wait` family.
fn do_epoll_wait(k: &mut Kernel, tid: Pid, a: Args, timeout: Timeout, swapped: bool) -> SysResult {
    let (epfd, events, max) = (a[0], a[1], a[2] as i32);
    let max_events = (i32::MAX as usize) / EpollEvent::SIZE;
    if max <= 0 || max as usize > max_events {
        return Err(Errno::EINVAL.into());
    }
    let ep_ops = fd_ops(k, tid, epfd)?;
    let ep = downcast::<EpollFile>(&ep_ops).ok_or(SysErr::Errno(Errno::EINVAL))?;
    // A bad buffer fails before any event is consumed (the first slot
    // only: Linux checks the range, not that it is mapped).
    k.with_user_memory(tid, |mm, mem| {
        mm.space.check_range(
            mem,
            events,
            EpollEvent::SIZE as u32,
            tabvm_cpu::Access::Write,
        )
    })?;
    let now = k.host.monotonic_ns();
    let kernel: &Kernel = k;
    let ready = ep.collect(max as usize, &|ops| readiness(kernel, tid, now, ops));
    let timer = ep.ready_at(&ready_at);
    let deadline = deadline(k, tid, timeout, now)?;
    if ready.is_empty() {
        park(k, tid, deadline, timer, now, swapped)?;
    }
    let mut out = Vec::with_capacity(ready.len() * EpollEvent::SIZE);
    for (events, data) in &ready {
        out.extend_from_slice(
            &EpollEvent {
                events: *events,
                data: *data,
            }
            .to_bytes(),
        );
    }
    k.write_user(tid, events, &out)?;
    finish(k, tid, swapped)?;
    Ok(ready.len() as u32)
}

fn ms_timeout(ms: u32) -> Timeout {
    let ms = ms as i32;
    (ms >= 0).then(|| u64::from(ms.unsigned_abs()) * 1_000_000)
}

/// Implements Linux syscall epoll_wait(2).
pub(super) fn epoll_wait(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_epoll_wait(k, tid, a, ms_timeout(a[3]), false)
}

/// Implements Linux syscall epoll_pwait(2).
pub(super) fn epoll_pwait(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let swapped = swap_mask(k, tid, a[4], a[5])?;
    let result = do_epoll_wait(k, tid, a, ms_timeout(a[3]), swapped);
    unswap_on_error(k, tid, swapped, result)
}

/// Implements Linux syscall epoll_pwait2(2): the timeout is a time64
/// `timespec` (NULL: forever).
pub(super) fn epoll_pwait2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let timeout = if a[3] == 0 {
        None
    } else {
        Some(read_timespec(k, tid, a[3], true)?)
    };
    let swapped = swap_mask(k, tid, a[4], a[5])?;
    let result = do_epoll_wait(k, tid, a, timeout, swapped);
    unswap_on_error(k, tid, swapped, result)
}

// ---- eventfd -------------------------------------------------------------

/// Implements Linux syscall eventfd(2).
pub(super) fn eventfd(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    install(k, tid, Rc::new(EventFd::new(a[0], false)), 0, b"[eventfd]")
}

/// Implements Linux syscall eventfd2(2).
pub(super) fn eventfd2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[1] & !(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK) != 0 {
        return Err(Errno::EINVAL.into());
    }
    let ops = Rc::new(EventFd::new(a[0], a[1] & EFD_SEMAPHORE != 0));
    install(k, tid, ops, a[1], b"[eventfd]")
}

// ---- timerfd -------------------------------------------------------------

/// Implements Linux syscall timerfd_create(2).
pub(super) fn timerfd_create(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    use abi::flags::clock::{CLOCK_BOOTTIME, CLOCK_MONOTONIC, CLOCK_REALTIME};
    const CLOCK_REALTIME_ALARM: u32 = 8;
    const CLOCK_BOOTTIME_ALARM: u32 = 9;
    let clock = a[0];
    if ![
        CLOCK_REALTIME,
        CLOCK_MONOTONIC,
        CLOCK_BOOTTIME,
        CLOCK_REALTIME_ALARM,
        CLOCK_BOOTTIME_ALARM,
    ]
    .contains(&clock)
    {
        return Err(Errno::EINVAL.into());
    }
    if a[1] & !(TFD_CLOEXEC | TFD_NONBLOCK) != 0 {
        return Err(Errno::EINVAL.into());
    }
    install(k, tid, Rc::new(TimerFd::new(clock)), a[1], b"[timerfd]")
}

fn timer_of(k: &Kernel, tid: Pid, fd: u32) -> SysResult<Rc<dyn FileOps>> {
    let ops = fd_ops(k, tid, fd)?;
    if downcast::<TimerFd>(&ops).is_none() {
        return Err(Errno::EINVAL.into());
    }
    Ok(ops)
}

fn write_itimerspec(
    k: &mut Kernel,
    tid: Pid,
    addr: u32,
    (value, interval): (u64, u64),
    time64: bool,
) -> SysResult<()> {
    let split = |ns: u64| (ns / NANOS, ns % NANOS);
    let ((vs, vn), (is, inn)) = (split(value), split(interval));
    if time64 {
        let t = Itimerspec64 {
            interval_sec: is as i64,
            interval_nsec: inn as i64,
            value_sec: vs as i64,
            value_nsec: vn as i64,
        };
        k.write_user(tid, addr, &t.to_bytes())
    } else {
        let t = Itimerspec32 {
            interval_sec: is as i32,
            interval_nsec: inn as i32,
            value_sec: vs as i32,
            value_nsec: vn as i32,
        };
        k.write_user(tid, addr, &t.to_bytes())
    }
}

fn do_timerfd_settime(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    use abi::flags::clock::{CLOCK_REALTIME, CLOCK_REALTIME_COARSE};
    const CLOCK_REALTIME_ALARM: u32 = 8;
    let (fd, flags, new, old) = (a[0], a[1], a[2], a[3]);
    if flags & !(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET) != 0 {
        return Err(Errno::EINVAL.into());
    }
    let ops = timer_of(k, tid, fd)?;
    let (interval, value) = read_itimerspec(k, tid, new, time64)?;
    let now = k.host.monotonic_ns();
    let Some(timer) = downcast::<TimerFd>(&ops) else {
        return Err(Errno::EINVAL.into());
    };
    if old != 0 {
        let before = timer.remaining(now);
        write_itimerspec(k, tid, old, before, time64)?;
    }
    let at = if value == 0 {
        None
    } else if flags & TFD_TIMER_ABSTIME == 0 {
        Some(now.saturating_add(value))
    } else if [CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_REALTIME_ALARM].contains(&timer.clock) {
        let real = k.host.realtime_ns();
        Some(now.saturating_add(value.saturating_sub(real)))
    } else {
        // The guest's monotonic clocks count from boot.
        Some(value.saturating_add(k.boot_ns).max(1))
    };
    timer.arm(at, interval);
    // Waiters recompute their deadlines.
    k.wake(|w| w == Wait::Io);
    Ok(0)
}

/// Implements Linux syscall timerfd_settime(2).
pub(super) fn timerfd_settime(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_timerfd_settime(k, tid, a, false)
}

/// Implements Linux syscall timerfd_settime64(2).
pub(super) fn timerfd_settime64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_timerfd_settime(k, tid, a, true)
}

fn do_timerfd_gettime(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    let ops = timer_of(k, tid, a[0])?;
    let now = k.host.monotonic_ns();
    let current = downcast::<TimerFd>(&ops).map_or((0, 0), |t| t.remaining(now));
    write_itimerspec(k, tid, a[1], current, time64)?;
    Ok(0)
}

/// Implements Linux syscall timerfd_gettime(2).
pub(super) fn timerfd_gettime(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_timerfd_gettime(k, tid, a, false)
}

/// Implements Linux syscall timerfd_gettime64(2).
pub(super) fn timerfd_gettime64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_timerfd_gettime(k, tid, a, true)
}

// ---- signalfd ------------------------------------------------------------

fn do_signalfd(k: &mut Kernel, tid: Pid, fd: u32, mask: u32, size: u32, flags: u32) -> SysResult {
    if size != 8 || flags & !(SFD_CLOEXEC | SFD_NONBLOCK) != 0 {
        return Err(Errno::EINVAL.into());
    }
    let raw = k.read_user(tid, mask, 8)?;
    let set = SigSet(u64::from_le_bytes(
        raw.try_into().map_err(|_| SysErr::Errno(Errno::EFAULT))?,
    ))
    .blockable();
    if fd as i32 == -1 {
        let ops = Rc::new(SignalFd {
            mask: Cell::new(set),
            owner: tid,
        });
        return install(k, tid, ops, flags, b"[signalfd]");
    }
    let ops = fd_ops(k, tid, fd)?;
    let sfd = downcast::<SignalFd>(&ops).ok_or(SysErr::Errno(Errno::EINVAL))?;
    sfd.mask.set(set);
    k.wake(|w| w == Wait::Io);
    Ok(fd)
}

/// Implements Linux syscall signalfd(2).
pub(super) fn signalfd(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_signalfd(k, tid, a[0], a[1], a[2], 0)
}

/// Implements Linux syscall signalfd4(2).
pub(super) fn signalfd4(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_signalfd(k, tid, a[0], a[1], a[2], a[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_classes_follow_fs_select() {
        // A hung-up pipe is readable for select (EOF), an errored one both.
        assert_ne!(POLLHUP & SELECT_IN, 0);
        assert_eq!(POLLHUP & SELECT_OUT, 0);
        assert_ne!(POLLERR & SELECT_OUT, 0);
        assert_eq!(POLLIN & SELECT_EX, 0);
    }

    #[test]
    fn earliest_of_two_optional_deadlines() {
        assert_eq!(min_opt(None, None), None);
        assert_eq!(min_opt(Some(5), None), Some(5));
        assert_eq!(min_opt(Some(5), Some(3)), Some(3));
    }

    #[test]
    fn poll_timeouts_in_milliseconds() {
        assert_eq!(ms_timeout(u32::MAX), None, "-1 waits forever");
        assert_eq!(ms_timeout(0), Some(0));
        assert_eq!(ms_timeout(1500), Some(1_500_000_000));
    }
}
