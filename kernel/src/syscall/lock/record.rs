//! Advisory byte-range locks: POSIX record locks (`F_GETLK`, `F_SETLK`,
//! `F_SETLKW` and their `64` forms) and open file description locks
//! (`F_OFD_GETLK`, `F_OFD_SETLK`, `F_OFD_SETLKW`).
//!
//! Linux semantics kept (man fcntl(2) "Advisory record locking" and "Open
//! file description locks", `fs/locks.c`):
//! - A POSIX lock belongs to the process (its thread group): it is not
//!   inherited by `fork`, survives `execve`, and every lock a process
//!   holds on an inode goes when it closes *any* descriptor of that inode
//!   (`locks_remove_posix` from `filp_flush`) or exits.
//! - An OFD lock belongs to the open file description: descriptors
//!   `dup`ed or inherited from it share it, and it goes when the last one
//!   closes. As for `flock`, the table holds a weak reference to the
//!   description, so a closed one holds nothing.
//! - Both kinds live in one list per inode and conflict with each other
//!   (`posix_lock_inode`): a read lock conflicts with another owner's
//!   write lock, a write lock with any. An owner's own locks never
//!   conflict: a request replaces the part of its locks it covers, and
//!   same-type neighbours coalesce. The list keeps each owner's locks
//!   together, sorted by start, owners in the order they first locked, so
//!   `F_GETLK` reports the same "first" conflicting lock as Linux.
//! - `F_SETLKW` parks on `Wait::Io` and re-runs when woken: releasing or
//!   changing a lock, closing a descriptor and exiting wake the waiters.
//!   A POSIX waiter whose wait would close a cycle of POSIX owners waiting
//!   for each other gets `EDEADLK` (`posix_locks_deadlock`); parked
//!   requests are recorded for that and checked against the parked task's
//!   state, so one a signal interrupted counts no more.
//! - `F_GETLK`/`F_SETLK`/`F_SETLKW` (5/6/7) take the 32-bit `struct
//!   flock`, the `64` and OFD commands `struct flock64`, through `fcntl`
//!   (55) and `fcntl64` (221) alike: the x86-64 kernel serves both with
//!   `compat_sys_fcntl64` (`syscall_32.tbl`). A lock reported through a
//!   `struct flock` must start below 2^31 (`EOVERFLOW`) and has its length
//!   clamped to 2^31-1 (`fixup_compat_flock`).

use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::fcntl::{
    F_GETLK, F_GETLK64, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW, F_RDLCK, F_SETLK, F_SETLKW,
    F_SETLKW64, F_UNLCK, F_WRLCK,
};
use crate::abi::flags::open::{O_ACCMODE, O_PATH, O_RDONLY, O_RDWR, O_WRONLY};
use crate::abi::flags::seek::{SEEK_CUR, SEEK_END, SEEK_SET};
use crate::abi::structs::{Flock, Flock64};
use crate::error::{SysErr, SysResult, Wait};
use crate::file::{FileRef, OpenFile};
use crate::task::{Pid, State};
use crate::vfs::Fid;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

/// `OFFSET_MAX`: the end of a lock that runs to the end of the file.
const OFFSET_MAX: i64 = i64::MAX;

/// `MAX_DEADLK_ITERATIONS` (fs/locks.c): how far the deadlock detector
/// follows a chain of waiting owners.
const MAX_DEADLK_ITERATIONS: usize = 10;

/// The i386 system-call number of the 32-bit `fcntl`.
const NR_FCNTL: u32 = 55;
/// The i386 system-call number of `fcntl64`.
const NR_FCNTL64: u32 = 221;

/// Who holds a lock.
#[derive(Clone, Debug)]
enum Owner {
    /// A POSIX lock: the process (thread group id).
    Process(Pid),
    /// An OFD lock: the open file description.
    File(Weak<RefCell<OpenFile>>),
}

impl Owner {
    fn same(&self, other: &Owner) -> bool {
        match (self, other) {
            (Owner::Process(a), Owner::Process(b)) => a == b,
            (Owner::File(a), Owner::File(b)) => a.ptr_eq(b),
            _ => false,
        }
    }

    fn alive(&self) -> bool {
        match self {
            Owner::Process(_) => true,
            Owner::File(f) => f.strong_count() > 0,
        }
    }
}

/// One lock: a byte range `start..=end` (`end` is [`OFFSET_MAX`] for "to
/// the end of the file") of an inode.
#[derive(Clone, Debug)]
struct Lock {
    owner: Owner,
    write: bool,
    start: i64,
    end: i64,
    /// When it was made, for /proc/locks (newest first, as Linux's
    /// `file_lock_list`): a lock merged into keeps its number, a new
    /// piece gets a new one.
    seq: u64,
}

impl Lock {
    fn overlaps(&self, start: i64, end: i64) -> bool {
        self.start <= end && start <= self.end
    }

    /// Whether this lock stands in the way of `owner`'s request.
    fn conflicts(&self, owner: &Owner, write: bool, start: i64, end: i64) -> bool {
        !self.owner.same(owner) && self.overlaps(start, end) && (write || self.write)
    }

    /// `l_pid` as `F_GETLK` reports it: -1 for an OFD lock.
    fn pid(&self) -> i32 {
        match self.owner {
            Owner::Process(pid) => pid as i32,
            Owner::File(_) => -1,
        }
    }
}

/// An `F_SETLKW` request parked on a conflicting lock.
#[derive(Clone, Copy, Debug)]
struct Waiter {
    tgid: Pid,
    fid: Fid,
    write: bool,
    start: i64,
    end: i64,
}

/// The record locks of every inode, and the POSIX requests waiting.
#[derive(Default)]
pub(crate) struct Records {
    locks: BTreeMap<Fid, Vec<Lock>>,
    waiting: BTreeMap<Pid, Waiter>,
    /// The last number given to a lock (here or a `flock` one).
    seq: u64,
}

impl Records {
    /// A new number for a lock made now.
    pub(super) fn next_seq(&mut self) -> u64 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    /// Forgets the locks of closed descriptions on `fid`.
    fn prune(&mut self, fid: Fid) {
        if let Some(list) = self.locks.get_mut(&fid) {
            list.retain(|l| l.owner.alive());
            if list.is_empty() {
                self.locks.remove(&fid);
            }
        }
    }

    /// The first lock on `fid` in the way of `owner`'s request
    /// (`posix_test_lock`).
    fn first_conflict(
        &self,
        fid: Fid,
        owner: &Owner,
        write: bool,
        start: i64,
        end: i64,
    ) -> Option<&Lock> {
        self.locks
            .get(&fid)?
            .iter()
            .find(|l| l.owner.alive() && l.conflicts(owner, write, start, end))
    }

    /// Replaces `owner`'s locks over `start..=end` with one of the given
    /// kind (`None`: unlocks), splitting the locks it cuts and coalescing
    /// same-kind neighbours. Returns whether any lock was released or
    /// changed kind (waiters may now proceed).
    fn apply(
        &mut self,
        fid: Fid,
        owner: &Owner,
        write: Option<bool>,
        start: i64,
        end: i64,
    ) -> bool {
        let list = self.locks.entry(fid).or_default();
        let at = list
            .iter()
            .position(|l| l.owner.same(owner))
            .unwrap_or(list.len());
        let mut mine = Vec::new();
        let mut others = Vec::with_capacity(list.len());
        let mut index = 0;
        for (i, l) in list.drain(..).enumerate() {
            if l.owner.same(owner) {
                mine.push(l);
            } else {
                if i < at {
                    index += 1;
                }
                others.push(l);
            }
        }
        let mut released = false;
        // The request gets its number before a lock it splits in two
        // gets one for its left piece (posix_lock_inode).
        let fresh = self.seq.wrapping_add(1);
        self.seq = fresh;
        let mut kept = Vec::with_capacity(mine.len() + 2);
        for l in mine {
            if !l.overlaps(start, end) {
                kept.push((l, false));
                continue;
            }
            released |= write != Some(l.write);
            // A different-kind request inside a lock cuts it in two.
            let split = write != Some(l.write) && l.start < start && l.end > end;
            if l.start < start {
                let seq = if split {
                    self.seq = self.seq.wrapping_add(1);
                    self.seq
                } else {
                    l.seq
                };
                kept.push((
                    Lock {
                        end: start.wrapping_sub(1),
                        seq,
                        ..l.clone()
                    },
                    false,
                ));
            }
            if l.end > end {
                kept.push((
                    Lock {
                        start: end.wrapping_add(1),
                        ..l
                    },
                    false,
                ));
            }
        }
        if let Some(write) = write {
            let lock = Lock {
                owner: owner.clone(),
                write,
                start,
                end,
                seq: fresh,
            };
            kept.push((lock, true));
        }
        kept.sort_by_key(|(l, _)| l.start);
        // Same-kind neighbours become one lock: the first old one, grown.
        let mut merged: Vec<(Lock, bool)> = Vec::with_capacity(kept.len());
        for (l, new) in kept {
            match merged.last_mut() {
                Some((prev, prev_new))
                    if prev.write == l.write && prev.end.checked_add(1) == Some(l.start) =>
                {
                    prev.end = l.end;
                    if *prev_new {
                        prev.seq = l.seq;
                        *prev_new = new;
                    }
                }
                _ => merged.push((l, new)),
            }
        }
        let merged = merged.into_iter().map(|(l, _)| l);
        others.splice(index..index, merged);
        if others.is_empty() {
            self.locks.remove(&fid);
        } else {
            *list = others;
        }
        released
    }

    /// Drops every POSIX lock `tgid` holds on `fid` (or on every inode);
    /// whether it held any.
    fn release_process(&mut self, tgid: Pid, fid: Option<Fid>) -> bool {
        let mut released = false;
        let mut drop_from = |list: &mut Vec<Lock>| {
            let before = list.len();
            list.retain(|l| !matches!(l.owner, Owner::Process(p) if p == tgid));
            released |= list.len() != before;
            !list.is_empty()
        };
        match fid {
            // A close: one inode, looked up rather than every one scanned.
            Some(fid) => {
                if let Some(list) = self.locks.get_mut(&fid)
                    && !drop_from(list)
                {
                    self.locks.remove(&fid);
                }
            }
            None => self.locks.retain(|_, list| drop_from(list)),
        }
        released
    }
}

/// One lock as /proc/locks lists it.
pub(super) struct Listed {
    pub seq: u64,
    pub ofd: bool,
    pub write: bool,
    pub pid: i32,
    pub fid: Fid,
    pub start: i64,
    /// `None`: to the end of the file.
    pub end: Option<i64>,
}

impl Records {
    /// Every live record lock.
    pub(super) fn list(&self) -> Vec<Listed> {
        self.locks
            .iter()
            .flat_map(|(fid, list)| {
                list.iter().filter(|l| l.owner.alive()).map(|l| Listed {
                    seq: l.seq,
                    ofd: matches!(l.owner, Owner::File(_)),
                    write: l.write,
                    pid: l.pid(),
                    fid: *fid,
                    start: l.start,
                    end: (l.end != OFFSET_MAX).then_some(l.end),
                })
            })
            .collect()
    }
}

/// Whether `tid` is parked in the `F_SETLKW` it recorded (a signal or a
/// wake-up that let it run since makes it no longer wait).
fn still_waiting(k: &Kernel, tid: Pid) -> bool {
    k.tasks.get(&tid).is_some_and(|t| {
        matches!(t.state, State::Blocked { wait: Wait::Io, .. })
            && matches!(t.cpu.regs[0], NR_FCNTL | NR_FCNTL64)
            && matches!(t.cpu.regs[1], F_SETLKW | F_SETLKW64)
    })
}

/// `posix_locks_deadlock`: whether `tgid` waiting for `blocker` closes a
/// cycle of POSIX owners each waiting for a lock the next holds.
fn deadlock(k: &Kernel, tgid: Pid, blocker: &Lock) -> bool {
    let mut holder = match blocker.owner {
        Owner::Process(p) => p,
        Owner::File(_) => return false,
    };
    for _ in 0..=MAX_DEADLK_ITERATIONS {
        let Some(w) = k
            .records
            .waiting
            .iter()
            .find(|(tid, w)| w.tgid == holder && still_waiting(k, **tid))
            .map(|(_, w)| *w)
        else {
            return false;
        };
        let next =
            k.records
                .first_conflict(w.fid, &Owner::Process(holder), w.write, w.start, w.end);
        match next.map(|l| &l.owner) {
            Some(Owner::Process(p)) if *p == tgid => return true,
            Some(Owner::Process(p)) => holder = *p,
            _ => return false,
        }
    }
    false
}

/// A `struct flock` or `struct flock64` as read from the guest.
#[derive(Clone, Copy, Debug)]
struct Request {
    kind: i16,
    whence: i16,
    start: i64,
    len: i64,
    pid: i32,
}

impl Request {
    fn read(k: &mut Kernel, tid: Pid, addr: u32, wide: bool) -> SysResult<Request> {
        if wide {
            let b = k.read_user(tid, addr, Flock64::SIZE)?;
            let f = Flock64::parse(&b).map_err(|_| Errno::EFAULT)?;
            Ok(Request {
                kind: f.kind,
                whence: f.whence,
                start: f.start,
                len: f.len,
                pid: f.pid,
            })
        } else {
            let b = k.read_user(tid, addr, Flock::SIZE)?;
            let f = Flock::parse(&b).map_err(|_| Errno::EFAULT)?;
            Ok(Request {
                kind: f.kind,
                whence: f.whence,
                start: i64::from(f.start),
                len: i64::from(f.len),
                pid: f.pid,
            })
        }
    }

    /// Writes the structure back (`put_compat_flock`/`put_compat_flock64`);
    /// a 32-bit `flock` cannot hold a start past 2^31-1 (`EOVERFLOW`) and
    /// gets its length clamped (`fixup_compat_flock`).
    fn write(self, k: &mut Kernel, tid: Pid, addr: u32, wide: bool) -> SysResult<()> {
        if wide {
            let f = Flock64 {
                kind: self.kind,
                whence: self.whence,
                start: self.start,
                len: self.len,
                pid: self.pid,
            };
            k.write_user(tid, addr, &f.to_bytes())?;
        } else {
            let start = i32::try_from(self.start).map_err(|_| Errno::EOVERFLOW)?;
            let len = i32::try_from(self.len).unwrap_or(i32::MAX);
            let f = Flock {
                kind: self.kind,
                whence: self.whence,
                start,
                len,
                pid: self.pid,
            };
            k.write_user(tid, addr, &f.to_bytes())?;
        }
        Ok(())
    }

    /// The byte range `start..=end` the request names (`flock_to_posix_lock`):
    /// `EINVAL` for a bad `l_whence` or a range before offset 0,
    /// `EOVERFLOW` past `OFFSET_MAX`.
    fn range(self, k: &mut Kernel, file: &FileRef) -> SysResult<(i64, i64)> {
        let base = match u32::try_from(self.whence) {
            Ok(SEEK_SET) => 0,
            Ok(SEEK_CUR) => i64::try_from(file.borrow().pos).unwrap_or(OFFSET_MAX),
            Ok(SEEK_END) => {
                let ops = Rc::clone(&file.borrow().ops);
                i64::try_from(ops.stat(k)?.size).unwrap_or(OFFSET_MAX)
            }
            _ => return Err(Errno::EINVAL.into()),
        };
        if self.start > OFFSET_MAX - base {
            return Err(Errno::EOVERFLOW.into());
        }
        let start = base + self.start;
        if start < 0 {
            return Err(Errno::EINVAL.into());
        }
        match self.len {
            0 => Ok((start, OFFSET_MAX)),
            len if len > 0 => {
                if len - 1 > OFFSET_MAX - start {
                    return Err(Errno::EOVERFLOW.into());
                }
                Ok((start, start + (len - 1)))
            }
            len => {
                // start >= 0 and len < 0: no overflow.
                if start + len < 0 {
                    return Err(Errno::EINVAL.into());
                }
                Ok((start + len, start - 1))
            }
        }
    }
}

/// Handles fcntl(2)'s lock commands (`cmd` is one of `F_GETLK`..,
/// `F_SETLK`.., `F_OFD_*`) on the open file `file`.
pub(crate) fn fcntl(k: &mut Kernel, tid: Pid, file: &FileRef, cmd: u32, arg: u32) -> SysResult {
    let tgid = k.task(tid)?.tgid;
    let ofd = matches!(cmd, F_OFD_GETLK | F_OFD_SETLK | F_OFD_SETLKW);
    let wide = !matches!(cmd, F_GETLK | F_SETLK | F_SETLKW);
    // An O_PATH descriptor takes no lock command (check_fcntl_cmd).
    let flags = file.borrow().flags;
    if flags & O_PATH != 0 {
        return Err(Errno::EBADF.into());
    }
    k.records.waiting.remove(&tid);
    let mut req = Request::read(k, tid, arg, wide)?;
    let get = matches!(cmd, F_GETLK | F_GETLK64 | F_OFD_GETLK);
    // fcntl_getlk: only a lock can be tested for.
    if get && req.kind != F_RDLCK && req.kind != F_WRLCK {
        return Err(Errno::EINVAL.into());
    }
    let (start, end) = req.range(k, file)?;
    // assign_type
    let write = match req.kind {
        F_RDLCK => Some(false),
        F_WRLCK => Some(true),
        F_UNLCK => None,
        _ => return Err(Errno::EINVAL.into()),
    };
    // check_fmode_for_setlk
    if !get {
        let mode = flags & O_ACCMODE;
        let allowed = match write {
            Some(false) => matches!(mode, O_RDONLY | O_RDWR),
            Some(true) => matches!(mode, O_WRONLY | O_RDWR),
            None => true,
        };
        if !allowed {
            return Err(Errno::EBADF.into());
        }
    }
    if ofd && req.pid != 0 {
        return Err(Errno::EINVAL.into());
    }
    let owner = if ofd {
        Owner::File(Rc::downgrade(file))
    } else {
        Owner::Process(tgid)
    };
    let fid = file.borrow().ops.inode().map(|(fid, _)| fid);
    if let Some(fid) = fid {
        k.records.prune(fid);
    }
    if get {
        let found = fid.and_then(|fid| {
            k.records
                .first_conflict(fid, &owner, write == Some(true), start, end)
                .cloned()
        });
        match found {
            None => req.kind = F_UNLCK,
            Some(l) => {
                req = Request {
                    kind: if l.write { F_WRLCK } else { F_RDLCK },
                    whence: SEEK_SET as i16,
                    start: l.start,
                    len: if l.end == OFFSET_MAX {
                        0
                    } else {
                        l.end - l.start + 1
                    },
                    pid: l.pid(),
                };
            }
        }
        req.write(k, tid, arg, wide)?;
        return Ok(0);
    }
    // A file with no inode here (pipe, socket) is reached by no other
    // description through a path: nothing to conflict with.
    let Some(fid) = fid else {
        return Ok(0);
    };
    if let Some(write) = write
        && let Some(blocker) = k
            .records
            .first_conflict(fid, &owner, write, start, end)
            .cloned()
    {
        let waits = matches!(cmd, F_SETLKW | F_SETLKW64 | F_OFD_SETLKW);
        if !waits {
            return Err(Errno::EAGAIN.into());
        }
        if !ofd {
            if deadlock(k, tgid, &blocker) {
                return Err(Errno::EDEADLK.into());
            }
            k.records.waiting.insert(
                tid,
                Waiter {
                    tgid,
                    fid,
                    write,
                    start,
                    end,
                },
            );
        }
        return Err(SysErr::Block(Wait::Io));
    }
    if k.records.apply(fid, &owner, write, start, end) {
        k.wake(|w| w == Wait::Io);
    }
    Ok(0)
}

/// The POSIX-lock rule of close(2): the closing process loses every lock
/// it holds on the inode of `file`, whichever descriptor took them.
/// Called for each descriptor closed (close, dup2 over it, close_range,
/// close-on-exec).
pub(crate) fn closed(k: &mut Kernel, tid: Pid, file: &FileRef) {
    let Some(tgid) = k.tasks.get(&tid).map(|t| t.tgid) else {
        return;
    };
    let Some((fid, _)) = file.borrow().ops.inode() else {
        return;
    };
    k.records.prune(fid);
    if k.records.release_process(tgid, Some(fid)) {
        k.wake(|w| w == Wait::Io);
    }
}

/// Process `tgid` exited: its POSIX locks and parked requests go.
pub(crate) fn exited(k: &mut Kernel, tgid: Pid) {
    k.records.waiting.retain(|_, w| w.tgid != tgid);
    if k.records.release_process(tgid, None) {
        k.wake(|w| w == Wait::Io);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(t: &Records, fid: Fid) -> Vec<(i64, i64, bool, i32)> {
        t.locks
            .get(&fid)
            .map(|l| {
                l.iter()
                    .map(|l| (l.start, l.end, l.write, l.pid()))
                    .collect()
            })
            .unwrap_or_default()
    }

    const P1: Owner = Owner::Process(1);
    const P2: Owner = Owner::Process(2);

    #[test]
    fn a_write_inside_a_read_lock_splits_it() {
        let fid = Fid::ROOT;
        let mut t = Records::default();
        assert!(!t.apply(fid, &P1, Some(false), 0, 99));
        assert!(t.apply(fid, &P1, Some(true), 10, 19));
        assert_eq!(
            ranges(&t, fid),
            [(0, 9, false, 1), (10, 19, true, 1), (20, 99, false, 1)]
        );
        // Back to read: the three coalesce.
        assert!(t.apply(fid, &P1, Some(false), 10, 19));
        assert_eq!(ranges(&t, fid), [(0, 99, false, 1)]);
    }

    #[test]
    fn adjacent_same_kind_locks_coalesce_and_unlock_punches_holes() {
        let fid = Fid::ROOT;
        let mut t = Records::default();
        t.apply(fid, &P1, Some(true), 0, 9);
        t.apply(fid, &P1, Some(true), 10, OFFSET_MAX);
        assert_eq!(ranges(&t, fid), [(0, OFFSET_MAX, true, 1)]);
        assert!(t.apply(fid, &P1, None, 5, 14));
        assert_eq!(
            ranges(&t, fid),
            [(0, 4, true, 1), (15, OFFSET_MAX, true, 1)]
        );
        assert!(t.apply(fid, &P1, None, 0, OFFSET_MAX));
        assert!(t.locks.is_empty());
    }

    #[test]
    fn conflicts_need_another_owner_an_overlap_and_a_writer() {
        let fid = Fid::ROOT;
        let mut t = Records::default();
        t.apply(fid, &P1, Some(false), 0, 9);
        t.apply(fid, &P2, Some(false), 5, 20);
        assert!(t.first_conflict(fid, &P2, false, 0, 9).is_none());
        assert_eq!(
            t.first_conflict(fid, &P2, true, 9, 9).map(Lock::pid),
            Some(1)
        );
        assert!(t.first_conflict(fid, &P2, true, 10, 30).is_none());
        assert!(t.first_conflict(fid, &P1, true, 0, 4).is_none());
        assert_eq!(
            t.first_conflict(fid, &P1, true, 0, 30).map(Lock::pid),
            Some(2)
        );
    }

    #[test]
    fn owners_keep_their_place_in_the_list() {
        let fid = Fid::ROOT;
        let mut t = Records::default();
        t.apply(fid, &P1, Some(true), 50, 59);
        t.apply(fid, &P2, Some(true), 0, 9);
        t.apply(fid, &P1, Some(true), 20, 29);
        let pids: Vec<i32> = ranges(&t, fid).iter().map(|r| r.3).collect();
        assert_eq!(pids, [1, 1, 2]);
        // The first conflict over everything is P1's lowest lock.
        let p3 = Owner::Process(3);
        assert_eq!(
            t.first_conflict(fid, &p3, false, 0, 99).map(|l| l.start),
            Some(20)
        );
    }

    fn seqs(t: &Records, fid: Fid) -> Vec<(i64, u64)> {
        t.locks
            .get(&fid)
            .map(|l| l.iter().map(|l| (l.start, l.seq)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn lock_numbers_follow_posix_lock_inode() {
        let fid = Fid::ROOT;
        let mut t = Records::default();
        t.apply(fid, &P1, Some(false), 0, 99); // 1
        // A write inside: the request is 2, the left piece new (3), the
        // right piece the old lock.
        t.apply(fid, &P1, Some(true), 10, 19);
        assert_eq!(seqs(&t, fid), [(0, 3), (10, 2), (20, 1)]);
        // Growing a lock of the same kind keeps its number.
        t.apply(fid, &P1, Some(true), 15, 24);
        assert_eq!(seqs(&t, fid), [(0, 3), (10, 2), (25, 1)]);
        // So does a same-kind request inside it.
        t.apply(fid, &P1, Some(false), 30, 31);
        assert_eq!(seqs(&t, fid), [(0, 3), (10, 2), (25, 1)]);
        // Coalescing keeps the lowest old one's.
        t.apply(fid, &P1, Some(false), 10, 24);
        assert_eq!(seqs(&t, fid), [(0, 3)]);
    }

    #[test]
    fn a_closed_description_holds_nothing_and_a_process_lets_go_of_all() {
        let fid = Fid::ROOT;
        let mut t = Records::default();
        let file = Rc::new(RefCell::new(OpenFile::new(
            Rc::new(crate::file::Snapshot(Vec::new())),
            0,
            b"f",
        )));
        let ofd = Owner::File(Rc::downgrade(&file));
        t.apply(fid, &ofd, Some(true), 0, 0);
        t.apply(fid, &P1, Some(true), 5, 5);
        assert_eq!(
            t.first_conflict(fid, &P2, false, 0, 9).map(Lock::pid),
            Some(-1)
        );
        drop(file);
        assert_eq!(
            t.first_conflict(fid, &P2, false, 0, 9).map(Lock::pid),
            Some(1)
        );
        t.prune(fid);
        assert!(t.release_process(1, Some(fid)));
        assert!(t.locks.is_empty());
    }
}
