//! `epoll(7)`: an interest list evaluated on demand.
//!
//! Nothing pushes events here: `epoll_wait` re-evaluates every registered
//! file's readiness each time it runs (it runs again whenever an I/O waiter
//! is woken), so level-triggered entries are exact. An edge-triggered entry
//! (`EPOLLET`) on a file that counts its wake-ups (`FileOps::wakeups`:
//! pipes and FIFOs) is exact too: it reports what is ready once per wake-up
//! of its direction since the last evaluation, as Linux's wait-queue
//! callback queues it once per wake-up. On other files it is approximated
//! by comparing what successive evaluations saw: an output edge
//! (`EPOLLOUT`) is reported when writability appears after an evaluation
//! that saw none; input bits are reported while they hold, since new data
//! arriving behind data already reported leaves no trace to compare (a
//! spurious report is harmless to an edge-triggered reader, which reads
//! until `EAGAIN`; a missed one would hang it).
//! `EPOLLONESHOT` entries are disarmed once reported until `EPOLL_CTL_MOD`.
//!
//! Entries hold their file description weakly: as in Linux, closing the last
//! descriptor of a file removes it from every interest list.

use super::{FileOps, OpenFile};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::poll::{
    EPOLLERR, EPOLLET, EPOLLHUP, EPOLLIN, EPOLLONESHOT, EPOLLOUT, POLLIN,
};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

/// One registered descriptor.
pub struct Interest {
    pub file: Weak<RefCell<OpenFile>>,
    /// The requested events and flags (`EPOLLET`, `EPOLLONESHOT`, ...).
    pub events: u32,
    /// Returned verbatim with each event.
    pub data: u64,
    /// The readiness the last evaluation saw (edge detection).
    seen: u32,
    /// The file's wake-up counts at the last evaluation (`None`: none yet,
    /// or not counted).
    woken: [Option<u64>; 2],
    /// A one-shot entry already reported.
    disarmed: bool,
}

impl Interest {
    #[must_use]
    pub fn new(file: &Rc<RefCell<OpenFile>>, events: u32, data: u64) -> Self {
        Interest {
            file: Rc::downgrade(file),
            events,
            data,
            seen: 0,
            woken: [None; 2],
            disarmed: false,
        }
    }

    /// What of `ready` this entry reports (before edge filtering).
    fn wanted(&self, ready: u32) -> u32 {
        if self.disarmed {
            return 0;
        }
        ready & (self.events | EPOLLERR | EPOLLHUP) & !(EPOLLET | EPOLLONESHOT)
    }

    /// What of `ready` an evaluation reports now, the file having been
    /// woken `wakeups` times (see the module doc).
    fn report(&self, ready: u32, wakeups: [Option<u64>; 2]) -> u32 {
        use crate::abi::flags::poll::{
            EPOLLPRI, EPOLLRDBAND, EPOLLRDHUP, EPOLLRDNORM, EPOLLWRBAND, EPOLLWRNORM,
        };
        const INPUT: u32 = EPOLLIN | EPOLLRDNORM | EPOLLRDBAND | EPOLLPRI | EPOLLRDHUP;
        const OUTPUT: u32 = EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
        let wanted = self.wanted(ready);
        if self.events & EPOLLET == 0 {
            return wanted;
        }
        // Each side: what a wake-up since the last evaluation lets through;
        // where not counted, input while it holds and writability on an
        // edge (see the module doc).
        let side =
            |now: Option<u64>, then: Option<u64>, bits: u32, uncounted: u32| match (now, then) {
                (Some(now), Some(then)) if now == then => 0,
                (Some(_), _) => bits | EPOLLHUP | EPOLLERR,
                (None, _) => uncounted | EPOLLHUP | EPOLLERR,
            };
        let output_edge = if self.seen & EPOLLOUT == 0 { OUTPUT } else { 0 };
        let woken = side(wakeups[0], self.woken[0], INPUT, INPUT)
            | side(wakeups[1], self.woken[1], OUTPUT, output_edge);
        wanted & woken
    }
}

/// An epoll instance.
#[derive(Default)]
pub struct EpollFile {
    /// The interest list, by descriptor number.
    pub interest: RefCell<BTreeMap<u32, Interest>>,
    /// Where the next evaluation starts (round-robin when `maxevents` cuts
    /// a scan short).
    next: Cell<u32>,
    /// Set while this instance is being evaluated: an instance nested in
    /// itself reads as not ready instead of recursing forever.
    busy: Cell<bool>,
}

/// Readiness of a file as the poll calls compute it (with the time and the
/// polling task), as `poll` bits.
pub type Readiness<'a> = dyn Fn(&Rc<dyn FileOps>) -> u16 + 'a;

impl EpollFile {
    /// Whether `epoll_wait` would report anything now (the instance's own
    /// readiness), without changing any entry.
    pub fn has_ready(&self, ready: &Readiness) -> bool {
        if self.busy.replace(true) {
            return false;
        }
        let found = self.interest.borrow().values().any(|entry| {
            entry.file.upgrade().is_some_and(|f| {
                let ops = Rc::clone(&f.borrow().ops);
                entry.report(u32::from(ready(&ops)), ops.wakeups()) != 0
            })
        });
        self.busy.set(false);
        found
    }

    /// The earliest time a registered file becomes ready by itself.
    pub fn ready_at(&self, at: &dyn Fn(&Rc<dyn FileOps>) -> Option<u64>) -> Option<u64> {
        if self.busy.replace(true) {
            return None;
        }
        let earliest = self
            .interest
            .borrow()
            .values()
            .filter(|e| !e.disarmed && e.events & EPOLLIN != 0)
            .filter_map(|e| e.file.upgrade())
            .filter_map(|f| at(&Rc::clone(&f.borrow().ops)))
            .min();
        self.busy.set(false);
        earliest
    }

    /// One `epoll_wait` evaluation: up to `max` (events, data) pairs,
    /// starting after the last entry reported. Records what it saw (edge
    /// detection), disarms reported one-shot entries and drops entries
    /// whose file is closed.
    pub fn collect(&self, max: usize, ready: &Readiness) -> Vec<(u32, u64)> {
        if self.busy.replace(true) {
            return Vec::new();
        }
        let start = self.next.get();
        let mut out = Vec::new();
        let mut interest = self.interest.borrow_mut();
        interest.retain(|_, e| e.file.strong_count() > 0);
        let keys: Vec<u32> = interest
            .range(start..)
            .chain(interest.range(..start))
            .map(|(fd, _)| *fd)
            .collect();
        for fd in keys {
            let Some(entry) = interest.get_mut(&fd) else {
                continue;
            };
            let Some(file) = entry.file.upgrade() else {
                continue;
            };
            let ops = Rc::clone(&file.borrow().ops);
            let now = u32::from(ready(&ops));
            let wakeups = ops.wakeups();
            let report = entry.report(now, wakeups);
            if report != 0 && out.len() == max {
                self.next.set(fd);
                break;
            }
            entry.seen = now;
            entry.woken = wakeups;
            if report == 0 {
                continue;
            }
            out.push((report, entry.data));
            if entry.events & EPOLLONESHOT != 0 {
                entry.disarmed = true;
            }
        }
        drop(interest);
        self.busy.set(false);
        out
    }

    /// Whether `other` (an instance) is this one or nested in it, at most
    /// `depth` levels down (`epoll_ctl`'s loop check).
    pub fn contains(&self, other: &EpollFile, depth: u32) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        if depth == 0 || self.busy.replace(true) {
            return true;
        }
        let found = self.interest.borrow().values().any(|e| {
            e.file.upgrade().is_some_and(|f| {
                let ops = Rc::clone(&f.borrow().ops);
                ops.as_any()
                    .and_then(|a| a.downcast_ref::<EpollFile>())
                    .is_some_and(|inner| inner.contains(other, depth - 1))
            })
        });
        self.busy.set(false);
        found
    }

    /// `EPOLL_CTL_MOD`: new events and data, rearmed.
    pub fn modify(&self, fd: u32, events: u32, data: u64) -> Result<(), Errno> {
        let mut interest = self.interest.borrow_mut();
        let entry = interest.get_mut(&fd).ok_or(Errno::ENOENT)?;
        entry.events = events;
        entry.data = data;
        entry.disarmed = false;
        entry.seen = 0;
        entry.woken = [None; 2];
        Ok(())
    }
}

impl FileOps for EpollFile {
    super::unreadable_anon_inode!();

    /// Readable when an entry is ready by its plain `poll` bits (callers
    /// that know the time and the task use [`EpollFile::has_ready`]).
    fn poll(&self, k: &Kernel) -> u16 {
        if self.has_ready(&|ops| ops.poll(k)) {
            POLLIN
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
    use crate::abi::flags::poll::POLLOUT;
    use crate::error::SysResult;
    use crate::file::synthetic;
    use crate::task::Pid;
    use tabvm_fs::Metadata;

    /// A file whose readiness the test sets.
    struct Ready(Cell<u16>);

    impl FileOps for Ready {
        fn read(&self, _: &mut Kernel, _: Pid, _: usize, _: u64) -> SysResult<Vec<u8>> {
            Ok(Vec::new())
        }
        fn write(
            &self,
            _: &mut Kernel,
            _: Pid,
            _: &[u8],
            _: u64,
            _: bool,
        ) -> SysResult<(usize, u64)> {
            Ok((0, 0))
        }
        fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
            Ok(synthetic(0, 0))
        }
        fn poll(&self, _: &Kernel) -> u16 {
            self.0.get()
        }
        fn as_any(&self) -> Option<&dyn std::any::Any> {
            Some(self)
        }
    }

    fn level(ops: &Rc<dyn FileOps>) -> u16 {
        ops.as_any()
            .and_then(|a| a.downcast_ref::<Ready>())
            .map_or(0, |r| r.0.get())
    }

    fn file(ready: u16) -> (Rc<Ready>, Rc<RefCell<OpenFile>>) {
        let r = Rc::new(Ready(Cell::new(ready)));
        let ops: Rc<dyn FileOps> = r.clone();
        (r, Rc::new(RefCell::new(OpenFile::new(ops, 2, b"t"))))
    }

    #[test]
    fn level_triggered_reports_while_ready() {
        let ep = EpollFile::default();
        let (r, f) = file(POLLIN);
        ep.interest
            .borrow_mut()
            .insert(3, Interest::new(&f, EPOLLIN, 33));
        assert_eq!(ep.collect(8, &level), vec![(EPOLLIN, 33)]);
        assert_eq!(ep.collect(8, &level), vec![(EPOLLIN, 33)]);
        r.0.set(0);
        assert!(ep.collect(8, &level).is_empty());
        assert!(!ep.has_ready(&level));
    }

    #[test]
    fn edge_triggered_output_needs_a_new_edge() {
        let ep = EpollFile::default();
        let (r, f) = file(POLLOUT);
        ep.interest
            .borrow_mut()
            .insert(4, Interest::new(&f, EPOLLOUT | EPOLLET, 4));
        assert_eq!(ep.collect(8, &level), vec![(EPOLLOUT, 4)]);
        assert!(ep.collect(8, &level).is_empty(), "no edge since");
        r.0.set(0);
        assert!(ep.collect(8, &level).is_empty());
        r.0.set(POLLOUT);
        assert_eq!(ep.collect(8, &level), vec![(EPOLLOUT, 4)]);
    }

    #[test]
    fn oneshot_disarms_until_modified() {
        let ep = EpollFile::default();
        let (_r, f) = file(POLLIN);
        ep.interest
            .borrow_mut()
            .insert(5, Interest::new(&f, EPOLLIN | EPOLLONESHOT, 1));
        assert_eq!(ep.collect(8, &level).len(), 1);
        assert!(ep.collect(8, &level).is_empty());
        ep.modify(5, EPOLLIN, 2).unwrap();
        assert_eq!(ep.collect(8, &level), vec![(EPOLLIN, 2)]);
    }

    #[test]
    fn closed_files_leave_and_maxevents_rotates() {
        let ep = EpollFile::default();
        let (_a, fa) = file(POLLIN);
        let (_b, fb) = file(POLLIN);
        ep.interest
            .borrow_mut()
            .insert(1, Interest::new(&fa, EPOLLIN, 1));
        ep.interest
            .borrow_mut()
            .insert(2, Interest::new(&fb, EPOLLIN, 2));
        assert_eq!(ep.collect(1, &level), vec![(EPOLLIN, 1)]);
        assert_eq!(ep.collect(1, &level), vec![(EPOLLIN, 2)], "round robin");
        drop(fa);
        assert_eq!(ep.collect(8, &level), vec![(EPOLLIN, 2)]);
        assert_eq!(ep.interest.borrow().len(), 1);
    }

    #[test]
    fn nesting_is_detected() {
        let outer = Rc::new(EpollFile::default());
        let ops: Rc<dyn FileOps> = outer.clone();
        let of = Rc::new(RefCell::new(OpenFile::new(ops, 2, b"e")));
        let inner = EpollFile::default();
        inner
            .interest
            .borrow_mut()
            .insert(7, Interest::new(&of, EPOLLIN, 0));
        assert!(inner.contains(&outer, 4));
        assert!(!outer.contains(&inner, 4));
    }
}
