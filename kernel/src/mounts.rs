//! The mounted file systems: the image's ext2 at `/`, and a tmpfs on
//! `/dev/shm`, `/run` and `/tmp` (Linux's `tmpfs(5)`, as Debian mounts them
//! on a running system).
//!
//! A tmpfs here is our ext2 ([`tabvm_fs::Ext2Fs`]) over a fresh, formatted
//! volume that lives only in memory ([`tabvm_fs::ZeroSource`] below a
//! [`MemOverlay`]): never fetched, never persisted, empty at every boot
//! (but for the directory skeleton of the covered image directory, as
//! `systemd-tmpfiles` would recreate it). Reusing ext2 gives every tmpfs
//! the semantics the disk already has and tests (links, renames, sticky
//! directories, holes, sockets and fifos).
//!
//! Objects are named by [`Fid`]: which mount, which inode. [`Mounts`]
//! offers the file-system operations by `Fid`; `lookup` crosses mount
//! points both ways (into a mounted root, and `..` out of one), so the path
//! walker ([`crate::vfs`]) never sees them. Operations naming two objects
//! on different mounts (`link`, `rename`) are `EXDEV`.

use crate::abi::errno::Errno;
use crate::error::SysResult;
use tabvm_fs::{
    BlockSource, DirEntryInfo, Ext2Fs, FileType, FsError, Ino, Metadata, MountOptions, NewNode,
    OverlayStore, ROOT_INO, SetAttr, StatFs, Time,
};

/// A file system over any base-image source and overlay store.
pub type Disk = Ext2Fs<Box<dyn BlockSource>, Box<dyn OverlayStore>>;

/// A file-system object: the mount it lives on (an index into [`Mounts`];
/// 0 is the image) and its inode there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fid {
    pub fs: u8,
    pub ino: Ino,
}

impl Fid {
    /// `/`: the image's root directory.
    pub const ROOT: Fid = Fid {
        fs: 0,
        ino: ROOT_INO,
    };
}

/// What kind of file system a mount is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsKind {
    /// The image.
    Ext2,
    /// In memory, gone at power-off.
    Tmpfs,
}

/// One mounted file system.
pub struct Mount {
    pub fs: Disk,
    pub kind: FsKind,
    /// Where it is mounted, as `/proc/mounts` shows it.
    pub path: Vec<u8>,
    /// The directory it covers.
    covers: Covers,
    /// Its device number (`st_dev`), major and minor.
    pub dev: (u32, u32),
    /// Blocks a fresh volume spends on its own structures: a tmpfs hides
    /// them from `statfs`, so that an empty one is 0% used, as on Linux.
    metadata_blocks: u64,
}

/// Where a mount sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Covers {
    /// `/`.
    Nothing,
    /// A directory of the image.
    Dir(Fid),
    /// Not looked up yet; `now` is the mount's time.
    Unresolved { now: Time },
    /// The image has no such directory: the mount is unreachable.
    Missing,
}

/// A directory or symlink to recreate in a fresh tmpfs.
struct Skeleton {
    name: Vec<u8>,
    meta: Metadata,
    kind: SkeletonKind,
}

enum SkeletonKind {
    Dir(Vec<Skeleton>),
    Symlink(Vec<u8>),
}

/// Where tmpfs is mounted, with the mode of its root (`tmpfs(5)`: `/tmp`
/// and `/dev/shm` are world-writable and sticky).
pub const TMPFS_MOUNTS: &[(&[u8], u16)] =
    &[(b"/dev/shm", 0o1777), (b"/run", 0o755), (b"/tmp", 0o1777)];

/// A change to a file system, for `inotify(7)` ([`crate::file::inotify`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FsEvent {
    /// Contents changed (write, truncate).
    Modify(Fid),
    /// Metadata changed (mode, owner, both times, link count).
    Attrib(Fid),
    /// Only the access time was set.
    Access(Fid),
    /// A new hard link (`fsnotify_link_count`: the inode alone hears it).
    LinkCount(Fid),
    Created {
        dir: Fid,
        name: Vec<u8>,
        child: Fid,
        is_dir: bool,
    },
    /// A name was unlinked or a directory removed.
    Removed {
        dir: Fid,
        name: Vec<u8>,
        child: Fid,
        is_dir: bool,
    },
    Moved {
        from: Fid,
        from_name: Vec<u8>,
        to: Fid,
        to_name: Vec<u8>,
        child: Fid,
        is_dir: bool,
        /// The inode the rename replaced.
        replaced: Option<Fid>,
    },
    /// The last hold on an inode went (it is freed if unlinked).
    Unpinned(Fid),
}

/// The mount table.
pub struct Mounts {
    list: Vec<Mount>,
    /// Some mount point has not been looked up yet.
    unresolved: bool,
    /// Changes made since the kernel last took them; `None` (the usual
    /// case: nothing is recording) while no inotify watch exists.
    pub events: Option<Vec<FsEvent>>,
}

impl Mounts {
    /// The image alone, at `/`.
    #[must_use]
    pub fn new(root: Disk) -> Self {
        Self {
            list: vec![Mount {
                fs: root,
                kind: FsKind::Ext2,
                path: b"/".to_vec(),
                covers: Covers::Nothing,
                dev: (8, 1),
                metadata_blocks: 0,
            }],
            unresolved: false,
            events: None,
        }
    }

    /// Records `event` if someone listens (cheap when nobody does: callers
    /// check `self.events.is_some()` before building an event).
    fn note(&mut self, event: FsEvent) {
        if let Some(events) = &mut self.events {
            events.push(event);
        }
    }

    /// The inode `name` names in `dir` and whether it is a directory, when
    /// events are recorded.
    fn child_for_event(&mut self, dir: Fid, name: &[u8]) -> Option<(Fid, bool)> {
        self.events.as_ref()?;
        let ino = self.fs(dir.fs).lookup(dir.ino, name).ok()?;
        let fid = Fid { fs: dir.fs, ino };
        let is_dir = self
            .fs(dir.fs)
            .getattr(ino)
            .is_ok_and(|m| u32::from(m.mode) & 0o170_000 == 0o040_000);
        Some((fid, is_dir))
    }

    /// Records a new name in `dir`.
    fn note_created(&mut self, dir: Fid, name: &[u8], child: Fid, is_dir: bool) {
        if self.events.is_some() {
            self.note(FsEvent::Created {
                dir,
                name: name.to_vec(),
                child,
                is_dir,
            });
        }
    }

    /// The image's file system (the host hands it fetched blocks).
    pub fn root_mut(&mut self) -> &mut Disk {
        &mut self.list[0].fs
    }

    /// Every mount, `/` first.
    #[must_use]
    pub fn list(&self) -> &[Mount] {
        &self.list
    }

    /// The mount holding `fid`. Fids come only from this table, and mounts
    /// are never removed, so the index is in range.
    #[must_use]
    pub fn mount(&self, fid: Fid) -> &Mount {
        &self.list[usize::from(fid.fs)]
    }

    fn fs(&mut self, id: u8) -> &mut Disk {
        &mut self.list[usize::from(id)].fs
    }

    /// Mounts a fresh tmpfs of up to `bytes` with its root at `mode` on the
    /// image's directory `path`. The mount point is found on first use
    /// ([`Mounts::lookup`]): the image may still be arriving over the
    /// network now. A path the image lacks leaves the mount unreachable.
    pub fn mount_tmpfs(
        &mut self,
        path: &[u8],
        mode: u16,
        bytes: u64,
        now: Time,
    ) -> Result<(), String> {
        let block_size = 4096u32;
        let blocks = u32::try_from(bytes / u64::from(block_size)).unwrap_or(u32::MAX);
        let options = tabvm_fs::FormatOptions {
            block_size,
            blocks,
            inodes: (blocks / 4).max(1024),
            root_mode: mode,
            root_uid: 0,
            root_gid: 0,
            now: now.secs,
            uuid: [0; 16],
            label: *b"tmpfs\0\0\0\0\0\0\0\0\0\0\0",
        };
        let overlay = tabvm_fs::format(&options).map_err(|e| e.to_string())?;
        let source = tabvm_fs::ZeroSource::new(u64::from(blocks) * u64::from(block_size));
        let mut fs = Ext2Fs::open(
            Box::new(source) as Box<dyn BlockSource>,
            Box::new(overlay) as Box<dyn OverlayStore>,
            MountOptions {
                read_only: false,
                // The overlay is memory already; the cache only saves copies.
                cache_bytes: 256 << 10,
            },
        )
        .map_err(|e| e.to_string())?;
        let fresh = fs.statfs().map_err(|e| e.to_string())?;
        let id = u8::try_from(self.list.len()).map_err(|_| "too many mounts".to_owned())?;
        self.list.push(Mount {
            fs,
            kind: FsKind::Tmpfs,
            path: path.to_vec(),
            covers: Covers::Unresolved { now },
            dev: (0, 23 + u32::from(id)),
            metadata_blocks: fresh.blocks - fresh.free_blocks,
        });
        self.unresolved = true;
        Ok(())
    }

    /// Finds the mount points not found yet, on the image (the mounts are
    /// all on it), and gives each mounted root the covered directory's
    /// owner and skeleton. `Pending` if the image has not got the blocks.
    fn resolve_mount_points(&mut self) -> Result<(), FsError> {
        if !self.unresolved {
            return Ok(());
        }
        for i in 1..self.list.len() {
            let Covers::Unresolved { now } = self.list[i].covers else {
                continue;
            };
            let path = self.list[i].path.clone();
            let mut dir = ROOT_INO;
            let mut found = true;
            for part in path.split(|b| *b == b'/').filter(|p| !p.is_empty()) {
                match self.list[0].fs.lookup(dir, part) {
                    Ok(ino) => dir = ino,
                    Err(FsError::Pending(b)) => return Err(FsError::Pending(b)),
                    Err(_) => {
                        found = false;
                        break;
                    }
                }
            }
            let covered = Fid { fs: 0, ino: dir };
            let meta = match found.then(|| self.getattr(covered)) {
                Some(Ok(meta)) if meta.file_type() == FileType::Directory => meta,
                Some(Err(FsError::Pending(b))) => return Err(FsError::Pending(b)),
                // Not a directory, or damaged: nothing is mounted there.
                _ => {
                    self.list[i].covers = Covers::Missing;
                    continue;
                }
            };
            // All reads of the image first: they may pend, and then nothing
            // is written yet. Writes to a tmpfs never pend.
            let skeleton = match self.skeleton(covered, 0) {
                Ok(skeleton) => skeleton,
                Err(FsError::Pending(b)) => return Err(FsError::Pending(b)),
                // A damaged directory in the image: the tmpfs starts empty.
                Err(_) => Vec::new(),
            };
            let root = Fid {
                fs: i as u8,
                ino: ROOT_INO,
            };
            let owner = SetAttr {
                uid: Some(meta.uid),
                gid: Some(meta.gid),
                ..SetAttr::default()
            };
            // A fresh volume: these succeed, but for a damaged image's
            // skeleton (a name twice), whose rest is still planted.
            let _ = self.setattr(root, &owner, now);
            self.plant(root, &skeleton, now);
            self.list[i].covers = Covers::Dir(covered);
        }
        self.unresolved = false;
        Ok(())
    }

    /// The directories and symlinks under `dir`, recursively (a few levels).
    fn skeleton(&mut self, dir: Fid, depth: u32) -> Result<Vec<Skeleton>, FsError> {
        let mut out = Vec::new();
        let mut cookie = 0;
        loop {
            let entries = self.readdir(dir, cookie)?;
            let Some(last) = entries.last() else {
                return Ok(out);
            };
            cookie = last.next;
            for entry in entries {
                if entry.name == b"." || entry.name == b".." {
                    continue;
                }
                let child = Fid {
                    fs: dir.fs,
                    ino: entry.ino,
                };
                let meta = self.getattr(child)?;
                let kind = match meta.file_type() {
                    FileType::Directory if depth < 8 => {
                        SkeletonKind::Dir(self.skeleton(child, depth + 1)?)
                    }
                    FileType::Symlink => SkeletonKind::Symlink(self.readlink(child)?),
                    _ => continue,
                };
                out.push(Skeleton {
                    name: entry.name,
                    meta,
                    kind,
                });
            }
        }
    }

    /// Creates `skeleton` in `dir`, skipping what cannot be made.
    fn plant(&mut self, dir: Fid, skeleton: &[Skeleton], now: Time) {
        for entry in skeleton {
            let node = NewNode {
                perm: entry.meta.mode & 0o7777,
                uid: entry.meta.uid,
                gid: entry.meta.gid,
                now,
            };
            match &entry.kind {
                SkeletonKind::Dir(children) => {
                    if let Ok(made) = self.mkdir(dir, &entry.name, &node) {
                        self.plant(made, children, now);
                    }
                }
                SkeletonKind::Symlink(target) => {
                    let _ = self.symlink(dir, &entry.name, target, &node);
                }
            }
        }
    }

    /// The root of the mount covering `fid`, if one does.
    fn mounted_on(&self, fid: Fid) -> Option<Fid> {
        self.list
            .iter()
            .position(|m| m.covers == Covers::Dir(fid))
            .map(|i| Fid {
                fs: i as u8,
                ino: ROOT_INO,
            })
    }

    /// The directory a mount's root covers: `fid` itself unless it is the
    /// root of a mount other than `/`.
    #[must_use]
    pub fn covered(&self, fid: Fid) -> Fid {
        match self.mount(fid).covers {
            Covers::Dir(dir) if fid.ino == ROOT_INO => dir,
            _ => fid,
        }
    }

    /// `name` in directory `dir`, crossing into a mounted file system, and
    /// out of one for `..` at its root (`/..` is `/`).
    pub fn lookup(&mut self, dir: Fid, name: &[u8]) -> Result<Fid, FsError> {
        self.resolve_mount_points()?;
        if name == b".." && dir.ino == ROOT_INO {
            return match self.mount(dir).covers {
                Covers::Dir(covered) => self.lookup(covered, b".."),
                _ => Ok(dir),
            };
        }
        let ino = self.fs(dir.fs).lookup(dir.ino, name)?;
        let found = Fid { fs: dir.fs, ino };
        Ok(self.mounted_on(found).unwrap_or(found))
    }

    pub fn getattr(&mut self, fid: Fid) -> Result<Metadata, FsError> {
        self.fs(fid.fs).getattr(fid.ino)
    }

    pub fn read(&mut self, fid: Fid, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        self.fs(fid.fs).read(fid.ino, offset, buf)
    }

    pub fn write(
        &mut self,
        fid: Fid,
        offset: u64,
        data: &[u8],
        now: Time,
    ) -> Result<usize, FsError> {
        let n = self.fs(fid.fs).write(fid.ino, offset, data, now)?;
        if n > 0 {
            self.note(FsEvent::Modify(fid));
        }
        Ok(n)
    }

    pub fn truncate(&mut self, fid: Fid, size: u64, now: Time) -> Result<(), FsError> {
        self.fs(fid.fs).truncate(fid.ino, size, now)?;
        self.note(FsEvent::Modify(fid));
        Ok(())
    }

    /// Sets attributes; the event follows `fsnotify_change`: a size is a
    /// modification, mode, owner or both times are attributes, a lone
    /// access or modification time is an access or a modification.
    pub fn setattr(&mut self, fid: Fid, attr: &SetAttr, now: Time) -> Result<Metadata, FsError> {
        let meta = self.fs(fid.fs).setattr(fid.ino, attr, now)?;
        if self.events.is_some() {
            if attr.size.is_some() {
                self.note(FsEvent::Modify(fid));
            }
            let times = (attr.atime.is_some(), attr.mtime.is_some());
            if attr.perm.is_some()
                || attr.uid.is_some()
                || attr.gid.is_some()
                || times == (true, true)
            {
                self.note(FsEvent::Attrib(fid));
            } else if times.0 {
                self.note(FsEvent::Access(fid));
            } else if times.1 && attr.size.is_none() {
                self.note(FsEvent::Modify(fid));
            }
        }
        Ok(meta)
    }

    pub fn create(&mut self, dir: Fid, name: &[u8], node: &NewNode) -> Result<Fid, FsError> {
        let ino = self.fs(dir.fs).create(dir.ino, name, node)?;
        let fid = Fid { fs: dir.fs, ino };
        self.note_created(dir, name, fid, false);
        Ok(fid)
    }

    /// An unnamed regular file in `dir`'s file system (`O_TMPFILE`), pinned.
    pub fn tmpfile(&mut self, dir: Fid, node: &NewNode, linkable: bool) -> Result<Fid, FsError> {
        let ino = self.fs(dir.fs).tmpfile(dir.ino, node, linkable)?;
        Ok(Fid { fs: dir.fs, ino })
    }

    pub fn mknod(
        &mut self,
        dir: Fid,
        name: &[u8],
        ftype: FileType,
        rdev: tabvm_fs::DevNum,
        node: &NewNode,
    ) -> Result<Fid, FsError> {
        let ino = self.fs(dir.fs).mknod(dir.ino, name, ftype, rdev, node)?;
        let fid = Fid { fs: dir.fs, ino };
        self.note_created(dir, name, fid, false);
        Ok(fid)
    }

    pub fn mkdir(&mut self, dir: Fid, name: &[u8], node: &NewNode) -> Result<Fid, FsError> {
        let ino = self.fs(dir.fs).mkdir(dir.ino, name, node)?;
        let fid = Fid { fs: dir.fs, ino };
        self.note_created(dir, name, fid, true);
        Ok(fid)
    }

    pub fn symlink(
        &mut self,
        dir: Fid,
        name: &[u8],
        target: &[u8],
        node: &NewNode,
    ) -> Result<Fid, FsError> {
        let ino = self.fs(dir.fs).symlink(dir.ino, name, target, node)?;
        let fid = Fid { fs: dir.fs, ino };
        self.note_created(dir, name, fid, false);
        Ok(fid)
    }

    pub fn readlink(&mut self, fid: Fid) -> Result<Vec<u8>, FsError> {
        self.fs(fid.fs).readlink(fid.ino)
    }

    /// A hard link; `EXDEV` across mounts (`link(2)`).
    pub fn link(&mut self, fid: Fid, dir: Fid, name: &[u8], now: Time) -> SysResult<()> {
        if fid.fs != dir.fs {
            return Err(Errno::EXDEV.into());
        }
        self.fs(fid.fs).link(fid.ino, dir.ino, name, now)?;
        // fsnotify_link: the link count, then the new name.
        self.note(FsEvent::LinkCount(fid));
        self.note_created(dir, name, fid, false);
        Ok(())
    }

    pub fn unlink(&mut self, dir: Fid, name: &[u8], now: Time) -> Result<(), FsError> {
        let child = self.child_for_event(dir, name);
        self.fs(dir.fs).unlink(dir.ino, name, now)?;
        self.note_removed(dir, name, child);
        Ok(())
    }

    fn note_removed(&mut self, dir: Fid, name: &[u8], child: Option<(Fid, bool)>) {
        if let Some((child, is_dir)) = child {
            self.note(FsEvent::Removed {
                dir,
                name: name.to_vec(),
                child,
                is_dir,
            });
        }
    }

    /// Removes an empty directory; `EBUSY` for a mount point.
    pub fn rmdir(&mut self, dir: Fid, name: &[u8], now: Time) -> SysResult<()> {
        self.not_a_mount_point(dir, name)?;
        let child = self.child_for_event(dir, name);
        self.fs(dir.fs).rmdir(dir.ino, name, now)?;
        self.note_removed(dir, name, child);
        Ok(())
    }

    /// Renames; `EXDEV` across mounts and `EBUSY` for a mount point
    /// (`rename(2)`).
    pub fn rename(
        &mut self,
        from: Fid,
        from_name: &[u8],
        to: Fid,
        to_name: &[u8],
        now: Time,
    ) -> SysResult<()> {
        if from.fs != to.fs {
            return Err(Errno::EXDEV.into());
        }
        self.not_a_mount_point(from, from_name)?;
        self.not_a_mount_point(to, to_name)?;
        let moved = self.child_for_event(from, from_name);
        let replaced = self
            .child_for_event(to, to_name)
            .map(|(fid, _)| fid)
            .filter(|fid| moved.is_none_or(|(m, _)| m != *fid));
        self.fs(from.fs)
            .rename(from.ino, from_name, to.ino, to_name, now)?;
        if let Some((child, is_dir)) = moved {
            self.note(FsEvent::Moved {
                from,
                from_name: from_name.to_vec(),
                to,
                to_name: to_name.to_vec(),
                child,
                is_dir,
                replaced,
            });
        }
        Ok(())
    }

    /// `EBUSY` if `name` in `dir` has a file system mounted on it.
    fn not_a_mount_point(&mut self, dir: Fid, name: &[u8]) -> SysResult<()> {
        match self.fs(dir.fs).lookup(dir.ino, name) {
            Ok(ino) if self.mounted_on(Fid { fs: dir.fs, ino }).is_some() => {
                Err(Errno::EBUSY.into())
            }
            _ => Ok(()),
        }
    }

    /// Directory entries from `cookie`; their inode numbers are on `dir`'s
    /// mount (a mount point lists the covered inode, as on Linux).
    /// Directory entries from `cookie` (0: the start); each entry's `next`
    /// continues after it. tmpfs lists as Linux's does: `.` and `..`, then
    /// the newest entry first (new names take the end of an ext2
    /// directory, so that is the highest offset first).
    pub fn readdir(&mut self, dir: Fid, cookie: u64) -> Result<Vec<DirEntryInfo>, FsError> {
        if self.mount(dir).kind == FsKind::Ext2 {
            return self.fs(dir.fs).readdir(dir.ino, cookie);
        }
        let mut all = Vec::new();
        let mut at = 0;
        loop {
            let entries = self.fs(dir.fs).readdir(dir.ino, at)?;
            let Some(last) = entries.last() else { break };
            at = last.next;
            all.extend(entries);
        }
        Ok(newest_first(all, cookie))
    }

    pub fn statfs(&mut self, fid: Fid) -> Result<StatFs, FsError> {
        let hidden = self.mount(fid).metadata_blocks;
        let mut s = self.fs(fid.fs).statfs()?;
        s.blocks = s.blocks.saturating_sub(hidden);
        Ok(s)
    }

    pub fn pin(&mut self, fid: Fid) {
        self.fs(fid.fs).pin(fid.ino);
    }

    pub fn unpin(&mut self, fid: Fid, now: Time) -> Result<(), FsError> {
        self.fs(fid.fs).unpin(fid.ino, now)?;
        self.note(FsEvent::Unpinned(fid));
        Ok(())
    }
}

/// tmpfs's order of ext2 `entries` (in offset order), from `cookie`: 0
/// starts at `.`, 1 at `..`, 2 at the newest; `3 + p` continues below the
/// entry at offset `p`, so a cookie survives entries coming and going
/// (`rm -rf` removing what it has read).
fn newest_first(entries: Vec<DirEntryInfo>, cookie: u64) -> Vec<DirEntryInfo> {
    let (mut dots, mut rest): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|e| e.name == b"." || e.name == b"..");
    dots.sort_by_key(|e| e.name.len());
    for (i, e) in dots.iter_mut().enumerate() {
        e.pos = i as u64;
        e.next = i as u64 + 1;
    }
    rest.reverse();
    let below = cookie.checked_sub(3);
    let rest = rest
        .into_iter()
        .filter(|e| below.is_none_or(|p| e.pos < p))
        .map(|e| DirEntryInfo {
            pos: e.pos + 4,
            next: e.pos + 3,
            ..e
        });
    let dots = dots
        .into_iter()
        .skip(usize::try_from(cookie.min(2)).unwrap_or(2));
    dots.chain(rest).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tabvm_fs::{FormatOptions, ZeroSource};

    fn node(perm: u16) -> NewNode {
        NewNode {
            perm,
            uid: 0,
            gid: 0,
            now: Time::from_secs(0),
        }
    }

    /// A small image: `/tmp` (holding `old`), `/run/lock`, and `/srv` as a
    /// regular file.
    fn image() -> Disk {
        let options = FormatOptions {
            block_size: 1024,
            blocks: 2048,
            inodes: 128,
            root_mode: 0o755,
            root_uid: 0,
            root_gid: 0,
            now: 0,
            uuid: [0; 16],
            label: [0; 16],
        };
        let mut disk: Disk = Ext2Fs::open(
            Box::new(ZeroSource::new(options.volume_bytes())) as Box<dyn BlockSource>,
            Box::new(tabvm_fs::format(&options).expect("format")) as Box<dyn OverlayStore>,
            MountOptions::default(),
        )
        .expect("mount");
        let tmp = disk.mkdir(ROOT_INO, b"tmp", &node(0o1777)).expect("tmp");
        disk.create(tmp, b"old", &node(0o644)).expect("old");
        let run = disk.mkdir(ROOT_INO, b"run", &node(0o755)).expect("run");
        disk.mkdir(run, b"lock", &node(0o1777)).expect("lock");
        disk.create(ROOT_INO, b"srv", &node(0o644)).expect("srv");
        disk
    }

    fn mounts() -> Mounts {
        let mut m = Mounts::new(image());
        for path in [&b"/tmp"[..], b"/run", b"/srv", b"/none"] {
            m.mount_tmpfs(path, 0o1777, 1 << 20, Time::from_secs(0))
                .expect("mount");
        }
        m
    }

    #[test]
    fn lookups_cross_into_a_fresh_tmpfs_and_back_out() {
        let mut m = mounts();
        let tmp = m.lookup(Fid::ROOT, b"tmp").unwrap();
        assert_eq!(
            tmp,
            Fid {
                fs: 1,
                ino: ROOT_INO
            }
        );
        assert_eq!(m.lookup(tmp, b"old"), Err(FsError::NotFound), "covered");
        assert_eq!(m.lookup(tmp, b"..").unwrap(), Fid::ROOT);
        assert_eq!(m.getattr(tmp).unwrap().mode & 0o7777, 0o1777);
        let run = m.lookup(Fid::ROOT, b"run").unwrap();
        let lock = m.lookup(run, b"lock").unwrap();
        assert_eq!(
            (lock.fs, m.getattr(lock).unwrap().mode & 0o7777),
            (2, 0o1777)
        );
        assert_eq!(m.covered(tmp).fs, 0);
        assert_eq!(
            m.statfs(tmp).unwrap().free_blocks,
            m.statfs(tmp).unwrap().blocks
        );
    }

    #[test]
    fn what_cannot_cross_a_mount_point() {
        let mut m = mounts();
        let tmp = m.lookup(Fid::ROOT, b"tmp").unwrap();
        let file = m.create(tmp, b"f", &node(0o644)).unwrap();
        assert_eq!(
            m.rename(tmp, b"f", Fid::ROOT, b"f", Time::from_secs(0)),
            Err(Errno::EXDEV.into())
        );
        assert_eq!(
            m.link(file, Fid::ROOT, b"f", Time::from_secs(0)),
            Err(Errno::EXDEV.into())
        );
        assert_eq!(
            m.rmdir(Fid::ROOT, b"tmp", Time::from_secs(0)),
            Err(Errno::EBUSY.into())
        );
        assert_eq!(
            m.rename(Fid::ROOT, b"tmp", Fid::ROOT, b"x", Time::from_secs(0)),
            Err(Errno::EBUSY.into())
        );
        assert!(m.rename(tmp, b"f", tmp, b"g", Time::from_secs(0)).is_ok());
    }

    #[test]
    fn a_mount_point_that_is_no_directory_mounts_nothing() {
        let mut m = mounts();
        let srv = m.lookup(Fid::ROOT, b"srv").unwrap();
        assert_eq!(srv.fs, 0);
        assert_eq!(m.getattr(srv).unwrap().file_type(), FileType::Regular);
        assert_eq!(m.lookup(Fid::ROOT, b"none"), Err(FsError::NotFound));
    }

    /// Names of `dir` listed `batch` entries per call, as getdents does
    /// with a small buffer; `between` gets each batch's names.
    fn listed(
        m: &mut Mounts,
        dir: Fid,
        batch: usize,
        mut between: impl FnMut(&mut Mounts, &[String]),
    ) -> Vec<String> {
        let mut names = Vec::new();
        let mut cookie = 0;
        loop {
            let entries = m.readdir(dir, cookie).unwrap();
            let taken = &entries[..batch.min(entries.len())];
            let Some(last) = taken.last() else {
                return names;
            };
            cookie = last.next;
            let got: Vec<String> = taken
                .iter()
                .map(|e| String::from_utf8_lossy(&e.name).into_owned())
                .collect();
            between(m, &got);
            names.extend(got);
        }
    }

    #[test]
    fn tmpfs_lists_dots_then_the_newest_first_and_cookies_survive_removals() {
        let mut m = mounts();
        let tmp = m.lookup(Fid::ROOT, b"tmp").unwrap();
        for name in ["b", "a", "c", "z", "d"] {
            m.create(tmp, name.as_bytes(), &node(0o644)).unwrap();
        }
        let order = [".", "..", "d", "z", "c", "a", "b"];
        assert_eq!(listed(&mut m, tmp, 100, |_, _| ()), order);
        assert_eq!(listed(&mut m, tmp, 1, |_, _| ()), order);
        // rm -rf: each batch is removed before the next is read.
        let seen = listed(&mut m, tmp, 2, |m, names| {
            for name in names.iter().filter(|n| !n.starts_with('.')) {
                m.unlink(tmp, name.as_bytes(), Time::from_secs(1)).unwrap();
            }
        });
        assert_eq!(seen, order);
        assert_eq!(listed(&mut m, tmp, 100, |_, _| ()), [".", ".."]);
        // The image's directories keep ext2's order.
        for name in ["y", "x"] {
            m.create(Fid::ROOT, name.as_bytes(), &node(0o644)).unwrap();
        }
        let root = listed(&mut m, Fid::ROOT, 100, |_, _| ());
        let at = |n: &str| root.iter().position(|x| x == n).unwrap();
        assert!(at("y") < at("x"), "{root:?}");
    }
}
