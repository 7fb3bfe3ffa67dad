//! `inotify(7)`: file-system events read as `struct inotify_event` records.
//!
//! The file systems report what changed through [`crate::mounts::FsEvent`]s
//! (queued only while some watch exists, so the common path costs one
//! branch); after each system call the dispatcher hands them, with the
//! open/read/close events it sees itself, to [`after_syscall`], which turns
//! them into records on every instance whose watches match: the watched
//! inode itself (no name), and a watched directory for events on its
//! children (with the child's name), in Linux's order (fsnotify.h).
//!
//! Closes are seen lazily: opens made while watches exist are tracked by a
//! weak reference to their description, and one that has died was closed
//! (by close, dup2, exec or exit), as Linux sends IN_CLOSE at the last
//! `fput`.

use super::{FileOps, FileRef, OpenFile, synthetic};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::open::{O_ACCMODE, O_RDONLY};
use crate::abi::flags::poll::{POLLIN, POLLRDNORM};
use crate::abi::termios::ioctl::FIONREAD;
use crate::error::{SysErr, SysResult, Wait};
use crate::mounts::FsEvent;
use crate::task::Pid;
use crate::vfs::Fid;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use tabvm_fs::{FileType, Metadata};

/// Event and flag bits (`uapi/linux/inotify.h`).
pub mod bits {
    pub const IN_ACCESS: u32 = 0x1;
    pub const IN_MODIFY: u32 = 0x2;
    pub const IN_ATTRIB: u32 = 0x4;
    pub const IN_CLOSE_WRITE: u32 = 0x8;
    pub const IN_CLOSE_NOWRITE: u32 = 0x10;
    pub const IN_OPEN: u32 = 0x20;
    pub const IN_MOVED_FROM: u32 = 0x40;
    pub const IN_MOVED_TO: u32 = 0x80;
    pub const IN_CREATE: u32 = 0x100;
    pub const IN_DELETE: u32 = 0x200;
    pub const IN_DELETE_SELF: u32 = 0x400;
    pub const IN_MOVE_SELF: u32 = 0x800;
    pub const IN_ALL_EVENTS: u32 = 0xfff;
    pub const IN_Q_OVERFLOW: u32 = 0x4000;
    pub const IN_IGNORED: u32 = 0x8000;
    pub const IN_ONLYDIR: u32 = 0x0100_0000;
    pub const IN_DONT_FOLLOW: u32 = 0x0200_0000;
    pub const IN_EXCL_UNLINK: u32 = 0x0400_0000;
    pub const IN_MASK_CREATE: u32 = 0x1000_0000;
    pub const IN_MASK_ADD: u32 = 0x2000_0000;
    pub const IN_ISDIR: u32 = 0x4000_0000;
    pub const IN_ONESHOT: u32 = 0x8000_0000;
    /// `inotify_init1` flags (= `O_NONBLOCK`, `O_CLOEXEC`).
    pub const IN_NONBLOCK: u32 = 0o4000;
    pub const IN_CLOEXEC: u32 = 0o2000000;
}
use bits::*;

/// Events a directory watch also sees for its children.
const CHILD_EVENTS: u32 = IN_ALL_EVENTS & !(IN_DELETE_SELF | IN_MOVE_SELF);
/// Events about a name in a directory: only the directory's watches hear
/// them (`fsnotify_name`), never the child's own.
const DIR_EVENTS: u32 = IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE;
/// `/proc/sys/fs/inotify/max_queued_events`.
const MAX_QUEUED: usize = 16384;
/// `sizeof(struct inotify_event)`.
const HEADER: usize = 16;

/// One queued record.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Event {
    wd: i32,
    mask: u32,
    cookie: u32,
    name: Vec<u8>,
}

impl Event {
    /// The padded name length (`len`): the name and a NUL, rounded up to
    /// 16 bytes; 0 without a name.
    fn name_len(&self) -> usize {
        if self.name.is_empty() {
            0
        } else {
            (self.name.len() + 1).next_multiple_of(HEADER)
        }
    }

    fn size(&self) -> usize {
        HEADER + self.name_len()
    }

    fn emit(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.wd.to_le_bytes());
        out.extend_from_slice(&self.mask.to_le_bytes());
        out.extend_from_slice(&self.cookie.to_le_bytes());
        out.extend_from_slice(&(self.name_len() as u32).to_le_bytes());
        out.extend_from_slice(&self.name);
        out.resize(out.len() + self.name_len() - self.name.len(), 0);
    }
}

#[derive(Clone, Copy, Debug)]
struct Watch {
    wd: i32,
    fid: Fid,
    mask: u32,
}

/// One inotify instance.
#[derive(Default)]
pub struct Inotify {
    watches: RefCell<Vec<Watch>>,
    queue: RefCell<VecDeque<Event>>,
    last_wd: Cell<i32>,
}

impl Inotify {
    /// Queues `event`, merging it into an identical last one and ending
    /// with IN_Q_OVERFLOW when the queue is full (inotify(7)).
    fn push(&self, event: Event) {
        let mut q = self.queue.borrow_mut();
        if q.back() == Some(&event) {
            return;
        }
        if q.len() >= MAX_QUEUED {
            let overflow = Event {
                wd: -1,
                mask: IN_Q_OVERFLOW,
                cookie: 0,
                name: Vec::new(),
            };
            if q.back() != Some(&overflow) {
                q.push_back(overflow);
            }
            return;
        }
        q.push_back(event);
    }

    fn queued_bytes(&self) -> usize {
        self.queue.borrow().iter().map(Event::size).sum()
    }

    /// Adds or updates the watch on `fid`; its descriptor.
    fn add(&self, fid: Fid, mask: u32) -> SysResult<i32> {
        let events = mask & (IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK);
        let mut watches = self.watches.borrow_mut();
        if let Some(w) = watches.iter_mut().find(|w| w.fid == fid) {
            if mask & IN_MASK_CREATE != 0 {
                return Err(Errno::EEXIST.into());
            }
            w.mask = if mask & IN_MASK_ADD != 0 {
                w.mask | events
            } else {
                events
            };
            return Ok(w.wd);
        }
        let wd = self.last_wd.get().checked_add(1).ok_or(Errno::ENOSPC)?;
        self.last_wd.set(wd);
        watches.push(Watch {
            wd,
            fid,
            mask: events,
        });
        Ok(wd)
    }

    /// Removes watch `wd` and queues its IN_IGNORED.
    fn remove(&self, wd: i32) -> bool {
        let mut watches = self.watches.borrow_mut();
        let Some(i) = watches.iter().position(|w| w.wd == wd) else {
            return false;
        };
        watches.remove(i);
        drop(watches);
        self.push(Event {
            wd,
            mask: IN_IGNORED,
            cookie: 0,
            name: Vec::new(),
        });
        true
    }
}

impl FileOps for Inotify {
    fn signals_io(&self) -> bool {
        true
    }

    fn read(&self, _: &mut Kernel, _: Pid, len: usize, _: u64) -> SysResult<Vec<u8>> {
        let mut q = self.queue.borrow_mut();
        let Some(first) = q.front() else {
            return Err(SysErr::Block(Wait::Io));
        };
        if first.size() > len {
            return Err(Errno::EINVAL.into());
        }
        let mut out = Vec::new();
        while let Some(e) = q.front() {
            if out.len() + e.size() > len {
                break;
            }
            e.emit(&mut out);
            q.pop_front();
        }
        Ok(out)
    }

    fn write(&self, _: &mut Kernel, _: Pid, _: &[u8], _: u64, _: bool) -> SysResult<(usize, u64)> {
        Err(Errno::EINVAL.into())
    }

    fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
        Ok(synthetic(0o600, 0))
    }

    fn poll(&self, _: &Kernel) -> u16 {
        if self.queue.borrow().is_empty() {
            0
        } else {
            POLLIN | POLLRDNORM
        }
    }

    fn ioctl(&self, k: &mut Kernel, tid: Pid, cmd: u32, arg: u32) -> SysResult {
        if cmd != FIONREAD {
            return Err(Errno::ENOTTY.into());
        }
        let n = u32::try_from(self.queued_bytes()).unwrap_or(u32::MAX);
        k.write_user_u32(tid, arg, n)?;
        Ok(0)
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// A directory and a name in it.
type Place = (Fid, Vec<u8>);

/// An open made while watches existed.
struct Tracked {
    file: Weak<RefCell<OpenFile>>,
    fid: Fid,
    is_dir: bool,
    write: bool,
    /// The directory and name it was opened by, if that directory is
    /// watched (kept across renames, and after an unlink, as the dentry's).
    parent: Option<(Fid, Vec<u8>)>,
}

/// Every instance and tracked open (a field of the kernel).
#[derive(Default)]
pub struct Registry {
    instances: Vec<Weak<Inotify>>,
    opens: Vec<Tracked>,
    cookie: u32,
}

/// Creates an instance (`inotify_init1`).
pub fn create(k: &mut Kernel) -> Rc<Inotify> {
    let ino = Rc::new(Inotify::default());
    k.inotify.instances.retain(|w| w.strong_count() > 0);
    k.inotify.instances.push(Rc::downgrade(&ino));
    ino
}

/// `inotify_add_watch` on `fid` (already resolved).
pub fn add_watch(k: &mut Kernel, ino: &Inotify, fid: Fid, mask: u32) -> SysResult<i32> {
    let wd = ino.add(fid, mask)?;
    if k.fs.events.is_none() {
        k.fs.events = Some(Vec::new());
    }
    Ok(wd)
}

/// `inotify_rm_watch`.
pub fn rm_watch(k: &mut Kernel, ino: &Inotify, wd: i32) -> SysResult<()> {
    if !ino.remove(wd) {
        return Err(Errno::EINVAL.into());
    }
    k.wake(|w| w == Wait::Io);
    Ok(())
}

fn instances(k: &Kernel) -> Vec<Rc<Inotify>> {
    k.inotify
        .instances
        .iter()
        .filter_map(Weak::upgrade)
        .collect()
}

/// The name of `fid` in a watched directory, found by reading each
/// watched directory (only done while watches exist).
fn find_parent(k: &mut Kernel, all: &[Rc<Inotify>], fid: Fid) -> Option<(Fid, Vec<u8>)> {
    let mut dirs: Vec<Fid> = all
        .iter()
        .flat_map(|i| i.watches.borrow().iter().map(|w| w.fid).collect::<Vec<_>>())
        .filter(|d| d.fs == fid.fs && *d != fid)
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    for dir in dirs {
        let mut cookie = 0;
        // Bounded: each round advances the cookie or ends.
        for _ in 0..100_000 {
            let Ok(entries) = k.fs.readdir(dir, cookie) else {
                break;
            };
            let Some(last) = entries.last() else {
                break;
            };
            cookie = last.next;
            if let Some(e) = entries
                .iter()
                .find(|e| e.ino == fid.ino && e.name != b"." && e.name != b"..")
            {
                return Some((dir, e.name.clone()));
            }
        }
    }
    None
}

/// Sends `mask` about `fid` (a directory if `is_dir`): to watches of its
/// directory `parent` with its name, then to watches of `fid` itself.
fn notify(
    all: &[Rc<Inotify>],
    fid: Fid,
    is_dir: bool,
    mask: u32,
    cookie: u32,
    parent: Option<&(Fid, Vec<u8>)>,
) {
    let flag = if is_dir { IN_ISDIR } else { 0 };
    for ino in all {
        let mut oneshots = Vec::new();
        let watches = ino.watches.borrow().clone();
        if let Some((dir, name)) = parent {
            for w in watches.iter().filter(|w| w.fid == *dir) {
                if w.mask & mask & CHILD_EVENTS != 0 {
                    ino.push(Event {
                        wd: w.wd,
                        mask: mask | flag,
                        cookie,
                        name: name.clone(),
                    });
                    if w.mask & IN_ONESHOT != 0 {
                        oneshots.push(w.wd);
                    }
                }
            }
        }
        for w in watches.iter().filter(|w| w.fid == fid) {
            if w.mask & mask & !DIR_EVENTS != 0 {
                ino.push(Event {
                    wd: w.wd,
                    mask: mask | flag,
                    cookie: 0,
                    name: Vec::new(),
                });
                if w.mask & IN_ONESHOT != 0 {
                    oneshots.push(w.wd);
                }
            }
        }
        for wd in oneshots {
            ino.remove(wd);
        }
    }
}

/// `fid` is gone: IN_DELETE_SELF and IN_IGNORED on its watches.
fn gone(all: &[Rc<Inotify>], fid: Fid, is_dir: bool) {
    notify(all, fid, is_dir, IN_DELETE_SELF, 0, None);
    for ino in all {
        let wds: Vec<i32> = ino
            .watches
            .borrow()
            .iter()
            .filter(|w| w.fid == fid)
            .map(|w| w.wd)
            .collect();
        for wd in wds {
            ino.remove(wd);
        }
    }
}

/// An event on an inode alone (no name given): its watched parent comes
/// from a tracked open, or a search.
fn inode_event(k: &mut Kernel, all: &[Rc<Inotify>], fid: Fid, mask: u32) {
    let is_dir = matches!(
        k.fs.getattr(fid),
        Ok(m) if u32::from(m.mode) & 0o170_000 == 0o040_000
    );
    let parent = match k.inotify.opens.iter().find(|t| t.fid == fid) {
        Some(t) => t.parent.clone(),
        None => find_parent(k, all, fid),
    };
    notify(all, fid, is_dir, mask, 0, parent.as_ref());
}

fn next_cookie(k: &mut Kernel) -> u32 {
    k.inotify.cookie = k.inotify.cookie.wrapping_add(1).max(1);
    k.inotify.cookie
}

fn fd_file(k: &Kernel, tid: Pid, fd: u32) -> Option<FileRef> {
    let task = k.task(tid).ok()?;
    let files = task.files.borrow();
    files.get(fd).map(|f| Rc::clone(&f.file))
}

/// Open-file system calls whose result names a new descriptor.
const OPENS: [u32; 4] = [5, 8, 295, 437];
/// Reads that fire IN_ACCESS: read, readv, pread64, getdents64, preadv,
/// preadv2.
const READS: [u32; 6] = [3, 145, 180, 220, 333, 378];
/// Writes: write, writev, pwrite64, pwritev, pwritev2.
const WRITES: [u32; 5] = [4, 146, 181, 334, 379];

/// Runs after every system call while watches exist: closes seen since,
/// the file systems' events, then this call's open or read.
pub fn after_syscall(k: &mut Kernel, tid: Pid, nr: u32, args: [u32; 6], result: &SysResult) {
    let all = instances(k);
    if all.iter().all(|i| i.watches.borrow().is_empty()) {
        // The last watch went: stop recording.
        k.fs.events = None;
        k.inotify.opens.clear();
        k.inotify.instances.retain(|w| w.strong_count() > 0);
        return;
    }
    let before: usize = all.iter().map(|i| i.queue.borrow().len()).sum();
    // A descriptor opened before the watches that reads or writes now is
    // followed from here on: its close is reported, as on Linux, and its
    // name is found once.
    if (READS.contains(&nr) || WRITES.contains(&nr))
        && matches!(result, Ok(n) if *n > 0)
        && let Some(file) = fd_file(k, tid, args[0])
        && !k
            .inotify
            .opens
            .iter()
            .any(|t| std::ptr::eq(t.file.as_ptr(), Rc::as_ptr(&file)))
    {
        follow(k, &all, &file);
    }
    // Closes.
    let (closed, open): (Vec<Tracked>, Vec<Tracked>) = std::mem::take(&mut k.inotify.opens)
        .into_iter()
        .partition(|t| t.file.strong_count() == 0);
    k.inotify.opens = open;
    for t in closed {
        let mask = if t.write {
            IN_CLOSE_WRITE
        } else {
            IN_CLOSE_NOWRITE
        };
        notify(&all, t.fid, t.is_dir, mask, 0, t.parent.as_ref());
    }
    // What the file systems saw.
    let events = k.fs.events.as_mut().map(std::mem::take).unwrap_or_default();
    for event in events {
        fs_event(k, &all, event);
    }
    // This call's own open or read.
    if let Ok(value) = *result {
        if OPENS.contains(&nr) {
            if let Some(file) = fd_file(k, tid, value) {
                track(k, &all, &file);
            }
        } else if READS.contains(&nr)
            && value > 0
            && let Some(file) = fd_file(k, tid, args[0])
            && let Some((fid, _)) = file.borrow().ops.inode()
        {
            inode_event(k, &all, fid, IN_ACCESS);
        }
    }
    let after: usize = all.iter().map(|i| i.queue.borrow().len()).sum();
    if after != before {
        k.wake(|w| w == Wait::Io);
    }
}

/// Tracks a new open and sends its IN_OPEN.
fn track(k: &mut Kernel, all: &[Rc<Inotify>], file: &FileRef) {
    if let Some(t) = follow(k, all, file) {
        notify(all, t.0, t.1, IN_OPEN, 0, t.2.as_ref());
    }
}

/// Starts following `file` (an inode's open description); its inode,
/// whether a directory, and its name in a watched directory.
fn follow(
    k: &mut Kernel,
    all: &[Rc<Inotify>],
    file: &FileRef,
) -> Option<(Fid, bool, Option<Place>)> {
    let (inode, flags) = {
        let f = file.borrow();
        (f.ops.inode(), f.flags)
    };
    let (fid, ftype) = inode?;
    let is_dir = ftype == FileType::Directory;
    let parent = find_parent(k, all, fid);
    k.inotify.opens.push(Tracked {
        file: Rc::downgrade(file),
        fid,
        is_dir,
        write: flags & O_ACCMODE != O_RDONLY,
        parent: parent.clone(),
    });
    Some((fid, is_dir, parent))
}

/// Whether `fid` is still linked somewhere or held open.
fn alive(k: &mut Kernel, fid: Fid) -> bool {
    k.holds.contains_key(&fid) || k.fs.getattr(fid).is_ok_and(|m| m.nlink > 0)
}

fn fs_event(k: &mut Kernel, all: &[Rc<Inotify>], event: FsEvent) {
    match event {
        FsEvent::Modify(fid) => inode_event(k, all, fid, IN_MODIFY),
        FsEvent::Attrib(fid) => inode_event(k, all, fid, IN_ATTRIB),
        FsEvent::Access(fid) => inode_event(k, all, fid, IN_ACCESS),
        FsEvent::LinkCount(fid) => notify(all, fid, false, IN_ATTRIB, 0, None),
        FsEvent::Created {
            dir,
            name,
            child,
            is_dir,
        } => notify(all, child, is_dir, IN_CREATE, 0, Some(&(dir, name))),
        FsEvent::Removed {
            dir,
            name,
            child,
            is_dir,
        } => {
            if !is_dir {
                // The link count changed (fsnotify_link_count).
                notify(all, child, false, IN_ATTRIB, 0, None);
            }
            if !alive(k, child) {
                gone(all, child, is_dir);
            }
            notify(all, child, is_dir, IN_DELETE, 0, Some(&(dir, name)));
        }
        FsEvent::Moved {
            from,
            from_name,
            to,
            to_name,
            child,
            is_dir,
            replaced,
        } => {
            let cookie = next_cookie(k);
            notify(
                all,
                child,
                is_dir,
                IN_MOVED_FROM,
                cookie,
                Some(&(from, from_name)),
            );
            let target = (to, to_name);
            notify(all, child, is_dir, IN_MOVED_TO, cookie, Some(&target));
            if let Some(old) = replaced {
                notify(all, old, false, IN_ATTRIB, 0, None);
                if !alive(k, old) {
                    gone(all, old, false);
                }
            }
            notify(all, child, is_dir, IN_MOVE_SELF, 0, None);
            let watched = all
                .iter()
                .any(|i| i.watches.borrow().iter().any(|w| w.fid == to));
            for t in k.inotify.opens.iter_mut().filter(|t| t.fid == child) {
                t.parent = watched.then(|| target.clone());
            }
        }
        FsEvent::Unpinned(fid) => {
            if !alive(k, fid) {
                gone(all, fid, false);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(wd: i32, name: &[u8]) -> Event {
        Event {
            wd,
            mask: IN_CREATE,
            cookie: 0,
            name: name.to_vec(),
        }
    }

    #[test]
    fn records_pad_names_to_sixteen() {
        let mut out = Vec::new();
        event(1, b"").emit(&mut out);
        assert_eq!(out.len(), 16);
        event(1, b"a").emit(&mut out);
        assert_eq!(out.len(), 48);
        assert_eq!(&out[28..32], &16u32.to_le_bytes());
        assert_eq!(&out[32..34], b"a\0");
        assert_eq!(event(1, &[b'x'; 16]).size(), 48);
    }

    #[test]
    fn identical_events_coalesce_and_watches_reuse_descriptors() {
        let ino = Inotify::default();
        ino.push(event(1, b"x"));
        ino.push(event(1, b"x"));
        ino.push(event(1, b"y"));
        assert_eq!(ino.queue.borrow().len(), 2);
        let fid = Fid { fs: 0, ino: 12 };
        assert_eq!(ino.add(fid, IN_MODIFY), Ok(1));
        assert_eq!(ino.add(fid, IN_ATTRIB | IN_MASK_ADD), Ok(1));
        assert_eq!(ino.watches.borrow()[0].mask, IN_MODIFY | IN_ATTRIB);
        assert_eq!(
            ino.add(fid, IN_ATTRIB | IN_MASK_CREATE),
            Err(Errno::EEXIST.into())
        );
        assert!(ino.remove(1));
        assert!(!ino.remove(1));
        assert_eq!(ino.queue.borrow().back().map(|e| e.mask), Some(IN_IGNORED));
    }
}
