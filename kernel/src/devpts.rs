//! `/dev/pts`: the synthetic directory of pty slaves (Linux's devpts,
//! `fs/devpts/inode.c`), mounted over the image's `/dev/pts`, and the
//! table of live pty pairs `/dev/ptmx` allocates from.
//!
//! A slave `N` is listed while its pair lives (a master or slave file is
//! open); opening it while locked (`unlockpt` not called) fails with `EIO`.

use crate::Kernel;
use crate::abi::errno::Errno;
use crate::error::{SysErr, SysResult};
use crate::file::tty::{PtyFile, PtyRef, slave_rdev};
use crate::file::{FileOps, synthetic};
use crate::task::Pid;
use crate::tty::Pty;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};
use tabvm_fs::{DirEntryInfo, FileType, Metadata};

/// Most ptys at once (`/proc/sys/kernel/pty/max` is 4096).
const PTY_MAX: u32 = 4096;

/// A node of `/dev/pts`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PtsNode {
    Root,
    /// `/dev/pts/ptmx` (5:2, as the image's `/dev/ptmx`).
    Ptmx,
    Slave(u32),
}

/// The live pty pairs, by index.
#[derive(Default)]
pub struct PtyTable {
    ptys: BTreeMap<u32, Weak<RefCell<Pty>>>,
    /// Pairs whose master closed and whose hang-up has been delivered.
    hung_up: std::collections::BTreeSet<u32>,
}

impl PtyTable {
    /// A new pair at the lowest free index (`ENOSPC` past [`PTY_MAX`]).
    pub fn alloc(&mut self) -> SysResult<PtyRef> {
        self.ptys.retain(|_, w| w.strong_count() > 0);
        let live = &self.ptys;
        self.hung_up.retain(|i| live.contains_key(i));
        let index = (0..PTY_MAX)
            .find(|i| !self.ptys.contains_key(i))
            .ok_or(SysErr::Errno(Errno::ENOSPC))?;
        let pty = Rc::new(RefCell::new(Pty::new(index)));
        self.ptys.insert(index, Rc::downgrade(&pty));
        Ok(pty)
    }

    /// The live pair `index`.
    #[must_use]
    pub fn get(&self, index: u32) -> Option<PtyRef> {
        self.ptys.get(&index).and_then(Weak::upgrade)
    }

    /// The pair `index` if `/dev/pts` lists it: its master's close removes
    /// the node, though the slave may stay open (`devpts_pty_kill`).
    #[must_use]
    pub fn listed(&self, index: u32) -> Option<PtyRef> {
        self.get(index).filter(|pty| pty.borrow().master_open())
    }

    /// Live pairs whose master closed since the last call (each once).
    pub fn take_hangups(&mut self) -> Vec<PtyRef> {
        let mut out = Vec::new();
        for (i, w) in &self.ptys {
            if let Some(p) = w.upgrade()
                && !p.borrow().master_open()
                && self.hung_up.insert(*i)
            {
                out.push(p);
            }
        }
        out
    }

    /// Live pairs whose session's leader has exited (`disassociate_ctty`
    /// at the leader's exit); their sessions are forgotten as they are returned.
    pub fn take_orphaned(&mut self, leader_alive: impl Fn(u32) -> bool) -> Vec<(PtyRef, u32)> {
        let mut out = Vec::new();
        for w in self.ptys.values() {
            if let Some(p) = w.upgrade() {
                let session = p.borrow().session;
                if let Some(sid) = session
                    && !leader_alive(sid)
                {
                    let fg = p.borrow().foreground;
                    {
                        let mut q = p.borrow_mut();
                        q.session = None;
                        q.foreground = None;
                    }
                    out.push((p, fg.unwrap_or(0)));
                }
            }
        }
        out
    }

    /// Indices of the pairs `/dev/pts` lists, in order.
    #[must_use]
    pub fn indices(&self) -> Vec<u32> {
        self.ptys
            .keys()
            .copied()
            .filter(|i| self.listed(*i).is_some())
            .collect()
    }
}

/// Whether `dir` is the image's `/dev` (so that its `pts` is the mount).
pub fn is_dev_dir(k: &mut Kernel, dir: crate::vfs::Fid) -> bool {
    k.fs.lookup(crate::vfs::Fid::ROOT, b"dev")
        .is_ok_and(|dev| dev == dir)
}

/// `name` in the directory `node`: `None` for `..` (the caller goes to `/dev`).
pub fn lookup(k: &Kernel, node: PtsNode, name: &[u8]) -> SysResult<Option<PtsNode>> {
    if node != PtsNode::Root {
        return Err(Errno::ENOTDIR.into());
    }
    match name {
        b"." => Ok(Some(PtsNode::Root)),
        b".." => Ok(None),
        b"ptmx" => Ok(Some(PtsNode::Ptmx)),
        _ => {
            let n = std::str::from_utf8(name)
                .ok()
                .filter(|s| !(s.starts_with('+') || s.len() > 1 && s.starts_with('0')))
                .and_then(|s| s.parse::<u32>().ok())
                .ok_or(SysErr::Errno(Errno::ENOENT))?;
            if k.ptys.listed(n).is_some() {
                Ok(Some(PtsNode::Slave(n)))
            } else {
                Err(Errno::ENOENT.into())
            }
        }
    }
}

/// What `stat` shows (devpts defaults: slaves `crw--w----`, ptmx `c---------`).
#[must_use]
pub fn metadata(node: PtsNode) -> Metadata {
    let mut m = match node {
        PtsNode::Root => synthetic(0o040_755, 0),
        PtsNode::Ptmx => {
            let mut m = synthetic(0o020_000, 0);
            m.rdev = tabvm_fs::DevNum { major: 5, minor: 2 };
            m
        }
        PtsNode::Slave(n) => {
            let mut m = synthetic(0o020_620, 0);
            m.rdev = slave_rdev(n);
            m
        }
    };
    m.ino = match node {
        PtsNode::Root => 1,
        PtsNode::Ptmx => 2,
        PtsNode::Slave(n) => n.saturating_add(3),
    };
    m.nlink = if node == PtsNode::Root { 2 } else { 1 };
    m
}

/// The path of a node.
#[must_use]
pub fn path(node: PtsNode) -> Vec<u8> {
    match node {
        PtsNode::Root => b"/dev/pts".to_vec(),
        PtsNode::Ptmx => b"/dev/pts/ptmx".to_vec(),
        PtsNode::Slave(n) => format!("/dev/pts/{n}").into_bytes(),
    }
}

/// Opens a node: the directory lists, `ptmx` makes a pair, a slave opens
/// its pair's slave (and may become the caller's controlling terminal).
pub fn open(k: &mut Kernel, tid: Pid, node: PtsNode, flags: u32) -> SysResult<Rc<dyn FileOps>> {
    match node {
        PtsNode::Root => Ok(Rc::new(PtsDir)),
        PtsNode::Ptmx => open_ptmx(k),
        PtsNode::Slave(n) => {
            let pty = k.ptys.listed(n).ok_or(SysErr::Errno(Errno::ENOENT))?;
            open_slave(k, tid, &pty, flags)
        }
    }
}

/// `open("/dev/ptmx")`: a new, locked pair; the file is its master.
pub fn open_ptmx(k: &mut Kernel) -> SysResult<Rc<dyn FileOps>> {
    let pty = k.ptys.alloc()?;
    Ok(Rc::new(PtyFile::master(pty)))
}

/// Opens the slave of `pty` as `tid`; without `O_NOCTTY` a session leader
/// with no controlling terminal acquires it.
pub fn open_slave(
    k: &mut Kernel,
    tid: Pid,
    pty: &PtyRef,
    flags: u32,
) -> SysResult<Rc<dyn FileOps>> {
    open_slave_via(k, tid, pty, flags, None)
}

/// [`open_slave`] through a device inode (`/dev/tty`, `/dev/console`).
pub fn open_slave_via(
    k: &mut Kernel,
    tid: Pid,
    pty: &PtyRef,
    flags: u32,
    via: Option<crate::vfs::Fid>,
) -> SysResult<Rc<dyn FileOps>> {
    let mut file = PtyFile::open_slave(pty)?;
    file.via = via;
    if flags & crate::abi::flags::open::O_NOCTTY == 0 {
        crate::file::tty::maybe_acquire(k, tid, pty);
    }
    Ok(Rc::new(file))
}

/// An open `/dev/pts` directory.
pub struct PtsDir;

impl FileOps for PtsDir {
    fn read(&self, _: &mut Kernel, _: Pid, _: usize, _: u64) -> SysResult<Vec<u8>> {
        Err(Errno::EISDIR.into())
    }
    fn write(&self, _: &mut Kernel, _: Pid, _: &[u8], _: u64, _: bool) -> SysResult<(usize, u64)> {
        Err(Errno::EISDIR.into())
    }
    fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
        Ok(metadata(PtsNode::Root))
    }
    fn poll(&self, _: &Kernel) -> u16 {
        0
    }
    fn size(&self, _: &mut Kernel) -> SysResult<Option<u64>> {
        Ok(Some(0))
    }
    fn dir_node(&self) -> Option<crate::vfs::Node> {
        Some(crate::vfs::Node::Pts(PtsNode::Root))
    }
    fn readdir(&self, k: &mut Kernel, cookie: u64) -> SysResult<Vec<DirEntryInfo>> {
        let mut entries = vec![
            (b".".to_vec(), FileType::Directory, 1),
            (b"..".to_vec(), FileType::Directory, 1),
            (b"ptmx".to_vec(), FileType::CharDevice, 2),
        ];
        for n in k.ptys.indices() {
            entries.push((
                n.to_string().into_bytes(),
                FileType::CharDevice,
                n.saturating_add(3),
            ));
        }
        Ok(entries
            .into_iter()
            .enumerate()
            .skip(usize::try_from(cookie).unwrap_or(usize::MAX))
            .map(|(i, (name, file_type, ino))| DirEntryInfo {
                ino,
                name,
                file_type,
                pos: i as u64,
                next: i as u64 + 1,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_reuses_free_indices() {
        let mut t = PtyTable::default();
        let a = t.alloc().unwrap();
        let b = t.alloc().unwrap();
        assert_eq!((a.borrow().index, b.borrow().index), (0, 1));
        drop(a);
        assert_eq!(t.indices(), [1]);
        let c = t.alloc().unwrap();
        assert_eq!(c.borrow().index, 0);
        assert!(t.get(1).is_some());
        drop(b);
        assert!(t.get(1).is_none());
    }

    #[test]
    fn slave_metadata() {
        let m = metadata(PtsNode::Slave(3));
        assert_eq!(m.file_type(), FileType::CharDevice);
        assert_eq!((m.rdev.major, m.rdev.minor), (136, 3));
        assert_eq!(metadata(PtsNode::Root).file_type(), FileType::Directory);
        assert_eq!(path(PtsNode::Slave(12)), b"/dev/pts/12");
    }
}
