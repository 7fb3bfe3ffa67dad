//! `timerfd_create(2)`: a timer read through a descriptor.
//!
//! The timer keeps its next expiry in host monotonic nanoseconds whatever
//! its clock (`timerfd_settime` converts absolute `CLOCK_REALTIME` times when
//! it is armed) and counts expirations lazily: whoever looks at it passes the
//! current time ([`TimerFd::advance`]). Nothing fires on its own, so a task
//! that waits for a timer parks with the expiry as its deadline
//! ([`TimerFd::ready_at`]); `poll` callers do the same.

use super::{FileOps, synthetic};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::open::O_NONBLOCK;
use crate::abi::flags::poll::{POLLIN, POLLRDNORM};
use crate::error::{SysErr, SysResult, Wait};
use crate::task::Pid;
use std::cell::Cell;
use tabvm_fs::Metadata;

pub struct TimerFd {
    /// The clock it was created on (for `timerfd_settime`'s absolute times).
    pub clock: u32,
    /// Next expiry (host monotonic ns), if armed.
    expiry: Cell<Option<u64>>,
    /// Reload interval in ns (0: one-shot).
    interval: Cell<u64>,
    /// Expirations not read yet.
    count: Cell<u64>,
}

impl TimerFd {
    #[must_use]
    pub fn new(clock: u32) -> Self {
        TimerFd {
            clock,
            expiry: Cell::new(None),
            interval: Cell::new(0),
            count: Cell::new(0),
        }
    }

    /// Counts the expirations up to `now`, rearming an interval timer.
    pub fn advance(&self, now: u64) {
        let Some(at) = self.expiry.get() else {
            return;
        };
        if at > now {
            return;
        }
        let interval = self.interval.get();
        if let Some(periods) = (now - at).checked_div(interval) {
            let n = periods + 1;
            self.count.set(self.count.get().saturating_add(n));
            self.expiry
                .set(Some(at.saturating_add(n.saturating_mul(interval))));
        } else {
            // One-shot.
            self.count.set(self.count.get().saturating_add(1));
            self.expiry.set(None);
        }
    }

    /// Arms (or with `value` 0, disarms) the timer: first expiry at `at`
    /// (host monotonic ns), then every `interval` ns. Unread expirations are
    /// dropped, as Linux does.
    pub fn arm(&self, at: Option<u64>, interval: u64) {
        self.expiry.set(at);
        self.interval.set(if at.is_some() { interval } else { 0 });
        self.count.set(0);
    }

    /// (time to the next expiry, interval) in ns at `now`, after counting.
    pub fn remaining(&self, now: u64) -> (u64, u64) {
        self.advance(now);
        let left = self
            .expiry
            .get()
            .map_or(0, |at| at.saturating_sub(now).max(1));
        (left, self.interval.get())
    }

    /// When the timer becomes readable by itself, if armed.
    #[must_use]
    pub fn ready_at(&self) -> Option<u64> {
        if self.count.get() > 0 {
            Some(0)
        } else {
            self.expiry.get()
        }
    }

    /// Readiness at `now`.
    pub fn readiness(&self, now: u64) -> u16 {
        self.advance(now);
        if self.count.get() > 0 {
            POLLIN | POLLRDNORM
        } else {
            0
        }
    }

    /// Whether the description of this timer, open in `tid`, is non-blocking.
    fn nonblocking(&self, k: &Kernel, tid: Pid) -> bool {
        let Ok(task) = k.task(tid) else {
            return false;
        };
        let me = std::ptr::from_ref(self).cast::<()>();
        task.files.borrow().iter().any(|(_, fd)| {
            let file = fd.file.borrow();
            std::ptr::eq(std::rc::Rc::as_ptr(&file.ops).cast::<()>(), me)
                && file.flags & O_NONBLOCK != 0
        })
    }
}

impl FileOps for TimerFd {
    /// Reads the expiration count (8 bytes); waits, with the expiry as the
    /// task's deadline, while it is 0.
    fn read(&self, k: &mut Kernel, tid: Pid, len: usize, _: u64) -> SysResult<Vec<u8>> {
        if len < 8 {
            return Err(Errno::EINVAL.into());
        }
        let now = k.host.monotonic_ns();
        self.advance(now);
        let count = self.count.replace(0);
        if count > 0 {
            k.task_mut(tid)?.sleep_deadline = None;
            return Ok(count.to_le_bytes().to_vec());
        }
        // The generic read path turns the wait into EAGAIN under
        // O_NONBLOCK; then no deadline may be left behind.
        if !self.nonblocking(k, tid) {
            k.task_mut(tid)?.sleep_deadline = self.expiry.get();
        }
        Err(SysErr::Block(Wait::Io))
    }

    fn write(&self, _: &mut Kernel, _: Pid, _: &[u8], _: u64, _: bool) -> SysResult<(usize, u64)> {
        Err(Errno::EINVAL.into())
    }

    fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
        Ok(synthetic(0o600, 0))
    }

    /// Expirations already counted; callers that know the time also ask
    /// [`TimerFd::readiness`].
    fn poll(&self, _: &Kernel) -> u16 {
        if self.count.get() > 0 {
            POLLIN | POLLRDNORM
        } else {
            0
        }
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shot_counts_once() {
        let t = TimerFd::new(1);
        t.arm(Some(100), 0);
        assert_eq!(t.readiness(99), 0);
        assert_eq!(t.ready_at(), Some(100));
        assert_eq!(t.readiness(500), POLLIN | POLLRDNORM);
        assert_eq!(t.count.get(), 1);
        assert_eq!(t.remaining(500), (0, 0));
    }

    #[test]
    fn interval_counts_every_period_passed() {
        let t = TimerFd::new(1);
        t.arm(Some(100), 50);
        t.advance(260);
        assert_eq!(t.count.get(), 4, "100, 150, 200, 250");
        assert_eq!(t.remaining(260), (40, 50));
        t.arm(None, 50);
        assert_eq!(t.remaining(300), (0, 0));
        assert_eq!(t.ready_at(), None);
    }
}
