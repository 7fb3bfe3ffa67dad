//! Advisory file locks: `flock(2)` here, POSIX record and open file
//! description locks (`fcntl(2)`) in [`record`], and `/proc/locks`, which
//! lists both kinds ([`proc_locks`]). On Linux the two kinds never
//! conflict with each other, and here they live in separate tables.
//!
//! `flock(2)`:
//! A lock belongs to an open file description (every descriptor `dup`ed or
//! inherited from it shares it) and is released by `LOCK_UN` or when the
//! description's last descriptor closes. The table holds a weak reference
//! to each holder's description, so a closed description holds nothing:
//! `close` and process exit wake `Wait::Io` waiters, and a waiting `flock`
//! re-runs and finds the lock free.
//!
//! Linux semantics kept (man flock(2), `fs/locks.c` `flock_lock_inode`):
//! converting a lock first drops the old one, so a conversion that has to
//! wait (or fails under `LOCK_NB`) leaves the caller unlocked; a shared
//! lock conflicts only with exclusive ones.

mod record;

pub(crate) use record::{Records, closed, exited, fcntl};

use super::{Args, fd_file};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::fcntl::{LOCK_EX, LOCK_NB, LOCK_SH, LOCK_UN};
use crate::error::{SysErr, SysResult, Wait};
use crate::file::OpenFile;
use crate::task::Pid;
use crate::vfs::Fid;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

/// One description's lock on an inode.
struct Holder {
    file: Weak<RefCell<OpenFile>>,
    exclusive: bool,
    /// The process that took it, and when (for /proc/locks).
    pid: Pid,
    seq: u64,
}

/// The `flock` locks of every inode.
#[derive(Default)]
pub(crate) struct Flocks {
    locks: BTreeMap<Fid, Vec<Holder>>,
}

impl Flocks {
    /// Forgets the locks of closed descriptions (and inodes left with none).
    fn prune(&mut self) {
        self.locks.retain(|_, holders| {
            holders.retain(|h| h.file.strong_count() > 0);
            !holders.is_empty()
        });
    }

    /// Drops `file`'s lock on `fid`; whether it had one.
    fn unlock(&mut self, fid: Fid, file: &Rc<RefCell<OpenFile>>) -> bool {
        let Some(holders) = self.locks.get_mut(&fid) else {
            return false;
        };
        let before = holders.len();
        holders.retain(|h| !std::ptr::eq(h.file.as_ptr(), Rc::as_ptr(file)));
        let dropped = holders.len() != before;
        if holders.is_empty() {
            self.locks.remove(&fid);
        }
        dropped
    }

    /// Whether a lock of this kind by `file` would conflict with another
    /// description's.
    fn conflicts(&self, fid: Fid, file: &Rc<RefCell<OpenFile>>, exclusive: bool) -> bool {
        self.locks.get(&fid).is_some_and(|holders| {
            holders.iter().any(|h| {
                !std::ptr::eq(h.file.as_ptr(), Rc::as_ptr(file)) && (exclusive || h.exclusive)
            })
        })
    }

    /// The kind of lock `file` holds on `fid`, if any.
    fn held(&self, fid: Fid, file: &Rc<RefCell<OpenFile>>) -> Option<bool> {
        self.locks.get(&fid).and_then(|holders| {
            holders
                .iter()
                .find(|h| std::ptr::eq(h.file.as_ptr(), Rc::as_ptr(file)))
                .map(|h| h.exclusive)
        })
    }
}

/// Implements Linux syscall flock(2).
pub(super) fn flock(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let file = fd_file(k, tid, a[0])?;
    let op = a[1] & !LOCK_NB;
    let exclusive = match op {
        LOCK_SH => false,
        LOCK_EX => true,
        LOCK_UN => false,
        _ => return Err(Errno::EINVAL.into()),
    };
    let ops = Rc::clone(&file.borrow().ops);
    // Files without an inode here (pipes, sockets) cannot be reached by
    // another description: nothing can conflict.
    let Some((fid, _)) = ops.inode() else {
        return Ok(0);
    };
    k.flocks.prune();
    if op == LOCK_UN {
        if k.flocks.unlock(fid, &file) {
            k.wake(|w| w == Wait::Io);
        }
        return Ok(0);
    }
    if k.flocks.held(fid, &file) == Some(exclusive) {
        return Ok(0);
    }
    if k.flocks.conflicts(fid, &file, exclusive) {
        // A conversion drops the old lock before it waits (flock_lock_inode).
        if k.flocks.unlock(fid, &file) {
            k.wake(|w| w == Wait::Io);
        }
        return Err(if a[1] & LOCK_NB != 0 {
            Errno::EWOULDBLOCK.into()
        } else {
            SysErr::Block(Wait::Io)
        });
    }
    k.flocks.unlock(fid, &file);
    let pid = k.task(tid)?.tgid;
    let seq = k.records.next_seq();
    k.flocks.locks.entry(fid).or_default().push(Holder {
        file: Rc::downgrade(&file),
        exclusive,
        pid,
        seq,
    });
    Ok(0)
}

/// `/proc/locks` (proc(5), `locks_show` in fs/locks.c): every `flock`,
/// POSIX and OFD lock, newest first, with its pid (-1 for an OFD lock),
/// the inode's device as `stat` reports it, and its range.
pub(crate) fn proc_locks(k: &Kernel) -> String {
    use std::fmt::Write;
    struct Line {
        seq: u64,
        kind: &'static str,
        write: bool,
        pid: i32,
        fid: Fid,
        range: String,
    }
    let mut lines: Vec<Line> = k
        .records
        .list()
        .into_iter()
        .map(|l| Line {
            seq: l.seq,
            kind: if l.ofd { "OFDLCK" } else { "POSIX " },
            write: l.write,
            pid: l.pid,
            fid: l.fid,
            range: match l.end {
                Some(end) => format!("{} {end}", l.start),
                None => format!("{} EOF", l.start),
            },
        })
        .collect();
    for (fid, holders) in &k.flocks.locks {
        for h in holders.iter().filter(|h| h.file.strong_count() > 0) {
            lines.push(Line {
                seq: h.seq,
                kind: "FLOCK ",
                write: h.exclusive,
                pid: h.pid as i32,
                fid: *fid,
                range: "0 EOF".into(),
            });
        }
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.seq));
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        let (major, minor) = k.fs.mount(l.fid).dev;
        let _ = writeln!(
            out,
            "{}: {} ADVISORY  {} {} {major:02x}:{minor:02x}:{} {}",
            i + 1,
            l.kind,
            if l.write { "WRITE" } else { "READ" },
            l.pid,
            l.fid.ino,
            l.range
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::{FileOps, synthetic};
    use tabvm_fs::Metadata;

    struct Dummy;
    impl FileOps for Dummy {
        fn read(&self, _: &mut Kernel, _: Pid, _: usize, _: u64) -> SysResult<Vec<u8>> {
            Ok(Vec::new())
        }
        fn write(
            &self,
            _: &mut Kernel,
            _: Pid,
            d: &[u8],
            p: u64,
            _: bool,
        ) -> SysResult<(usize, u64)> {
            Ok((d.len(), p))
        }
        fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
            Ok(synthetic(0o100_644, 0))
        }
        fn poll(&self, _: &Kernel) -> u16 {
            0
        }
    }

    fn open() -> Rc<RefCell<OpenFile>> {
        Rc::new(RefCell::new(OpenFile::new(Rc::new(Dummy), 0, b"f")))
    }

    fn lock(t: &mut Flocks, fid: Fid, f: &Rc<RefCell<OpenFile>>, exclusive: bool) {
        t.locks.entry(fid).or_default().push(Holder {
            file: Rc::downgrade(f),
            exclusive,
            pid: 1,
            seq: 0,
        });
    }

    #[test]
    fn shared_locks_coexist_and_exclusive_ones_conflict() {
        let fid = Fid::ROOT;
        let (a, b) = (open(), open());
        let mut t = Flocks::default();
        lock(&mut t, fid, &a, false);
        assert!(!t.conflicts(fid, &b, false));
        assert!(t.conflicts(fid, &b, true));
        // Its own lock never conflicts (a conversion).
        assert!(!t.conflicts(fid, &a, true));
        assert_eq!(t.held(fid, &a), Some(false));
        assert_eq!(t.held(fid, &b), None);
    }

    #[test]
    fn a_closed_description_holds_nothing() {
        let fid = Fid::ROOT;
        let (a, b) = (open(), open());
        let mut t = Flocks::default();
        lock(&mut t, fid, &a, true);
        assert!(t.conflicts(fid, &b, false));
        drop(a);
        t.prune();
        assert!(!t.conflicts(fid, &b, true));
        assert!(t.locks.is_empty());
    }

    #[test]
    fn unlock_drops_only_its_own_lock() {
        let fid = Fid::ROOT;
        let (a, b) = (open(), open());
        let mut t = Flocks::default();
        lock(&mut t, fid, &a, false);
        lock(&mut t, fid, &b, false);
        assert!(t.unlock(fid, &a));
        assert!(!t.unlock(fid, &a));
        assert_eq!(t.held(fid, &b), Some(false));
    }
}
