//! `eventfd(2)`: a 64-bit counter behind a descriptor.
//!
//! A write adds its 8-byte value (waiting while the sum would pass
//! 0xffff_ffff_ffff_fffe); a read returns the counter and zeroes it, or with
//! `EFD_SEMAPHORE` returns 1 and decrements it; it waits while the counter is
//! 0. Readable when the counter is non-zero, writable while 1 more fits.

use super::{FileOps, synthetic};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::poll::{POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM};
use crate::error::{SysErr, SysResult, Wait};
use crate::task::Pid;
use std::cell::Cell;
use tabvm_fs::Metadata;

/// The largest value the counter may hold (`ULLONG_MAX - 1`).
const MAX: u64 = u64::MAX - 1;

pub struct EventFd {
    count: Cell<u64>,
    semaphore: bool,
}

impl EventFd {
    #[must_use]
    pub fn new(initial: u32, semaphore: bool) -> Self {
        EventFd {
            count: Cell::new(u64::from(initial)),
            semaphore,
        }
    }

    /// Takes what a read returns, if the counter is not zero.
    fn take(&self) -> Option<u64> {
        let count = self.count.get();
        if count == 0 {
            return None;
        }
        let taken = if self.semaphore { 1 } else { count };
        self.count.set(count - taken);
        Some(taken)
    }

    /// Adds `value`, if it fits.
    fn add(&self, value: u64) -> Result<(), Errno> {
        if value == u64::MAX {
            return Err(Errno::EINVAL);
        }
        match self.count.get().checked_add(value) {
            Some(sum) if sum <= MAX => {
                self.count.set(sum);
                Ok(())
            }
            _ => Err(Errno::EAGAIN),
        }
    }

    fn readiness(&self) -> u16 {
        let count = self.count.get();
        let mut ev = 0;
        if count > 0 {
            ev |= POLLIN | POLLRDNORM;
        }
        if count < MAX {
            ev |= POLLOUT | POLLWRNORM;
        }
        ev
    }
}

impl FileOps for EventFd {
    fn read(&self, k: &mut Kernel, _: Pid, len: usize, _: u64) -> SysResult<Vec<u8>> {
        if len < 8 {
            return Err(Errno::EINVAL.into());
        }
        let value = self.take().ok_or(SysErr::Block(Wait::Io))?;
        // Room for writers that waited on a full counter.
        k.wake(|w| w == Wait::Io);
        Ok(value.to_le_bytes().to_vec())
    }

    fn write(
        &self,
        k: &mut Kernel,
        _: Pid,
        data: &[u8],
        pos: u64,
        _: bool,
    ) -> SysResult<(usize, u64)> {
        let bytes: [u8; 8] = data
            .get(..8)
            .and_then(|b| b.try_into().ok())
            .ok_or(SysErr::Errno(Errno::EINVAL))?;
        match self.add(u64::from_le_bytes(bytes)) {
            Ok(()) => {
                k.wake(|w| w == Wait::Io);
                Ok((8, pos))
            }
            Err(e) if e == Errno::EAGAIN => Err(SysErr::Block(Wait::Io)),
            Err(e) => Err(e.into()),
        }
    }

    fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
        Ok(synthetic(0o600, 0))
    }

    fn poll(&self, _: &Kernel) -> u16 {
        self.readiness()
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_reads_whole_or_one_at_a_time() {
        let e = EventFd::new(3, false);
        assert_eq!(e.take(), Some(3));
        assert_eq!(e.take(), None);
        let s = EventFd::new(2, true);
        assert_eq!(s.take(), Some(1));
        assert_eq!(s.take(), Some(1));
        assert_eq!(s.take(), None);
    }

    #[test]
    fn writes_saturate_below_the_maximum() {
        let e = EventFd::new(0, false);
        assert_eq!(e.readiness(), POLLOUT | POLLWRNORM);
        assert_eq!(e.add(u64::MAX), Err(Errno::EINVAL));
        assert_eq!(e.add(MAX - 1), Ok(()));
        assert_eq!(e.add(2), Err(Errno::EAGAIN), "would pass the maximum");
        assert_eq!(e.add(1), Ok(()));
        assert_eq!(e.readiness(), POLLIN | POLLRDNORM, "full: not writable");
        assert_eq!(e.take(), Some(MAX));
    }
}
