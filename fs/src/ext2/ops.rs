//! The public file-system operations, each one transaction. POSIX semantics
//! follow the Linux man pages (rename(2), link(2), unlink(2), rmdir(2),
//! symlink(2), mknod(2), truncate(2), statfs(2)).

use super::bmap::has_block_map;
use super::dir::check_name;
use super::{Ext2Fs, Geo, InodeRec, corrupt_err as corrupt};
use crate::source::{BlockSource, OverlayStore};
use crate::{
    DevNum, DirEntryInfo, FileType, FsError, Ino, LINK_MAX, Metadata, NAME_MAX, NewNode, ROOT_INO,
    SetAttr, StatFs, Time,
};

/// Decodes `i_block[0..2]` of a device inode (Linux `old_decode_dev` /
/// `new_decode_dev`, fs/ext2/inode.c).
fn decode_dev(rec: &InodeRec) -> DevNum {
    let old = rec.block(0);
    if old != 0 {
        DevNum {
            major: (old >> 8) & 0xFF,
            minor: old & 0xFF,
        }
    } else {
        let new = rec.block(1);
        DevNum {
            major: (new & 0xFFF00) >> 8,
            minor: (new & 0xFF) | ((new >> 12) & 0xFFF00),
        }
    }
}

fn encode_dev(rec: &mut InodeRec, dev: DevNum) {
    if dev.major < 256 && dev.minor < 256 {
        rec.set_block(0, dev.major << 8 | dev.minor);
        rec.set_block(1, 0);
    } else {
        rec.set_block(0, 0);
        rec.set_block(
            1,
            (dev.minor & 0xFF) | (dev.major & 0xFFF) << 8 | (dev.minor & !0xFF) << 12,
        );
    }
}

fn is_dir(rec: &InodeRec) -> bool {
    FileType::from_mode(rec.mode()) == FileType::Directory
}

impl<S: BlockSource, O: OverlayStore> Ext2Fs<S, O> {
    fn metadata(geo: &Geo, ino: Ino, rec: &InodeRec) -> Metadata {
        let ft = FileType::from_mode(rec.mode());
        let size = if ft == FileType::Directory {
            u64::from(rec.size_low())
        } else {
            rec.size()
        };
        Metadata {
            ino,
            mode: rec.mode(),
            nlink: rec.links_count(),
            uid: rec.uid(),
            gid: rec.gid(),
            size,
            atime: rec.atime_t(),
            mtime: rec.mtime_t(),
            ctime: rec.ctime_t(),
            crtime: rec.crtime_t(),
            blocks: u64::from(rec.blocks()),
            rdev: if matches!(ft, FileType::CharDevice | FileType::BlockDevice) {
                decode_dev(rec)
            } else {
                DevNum::default()
            },
            blksize: geo.bs,
        }
    }

    /// Looks `name` up in directory `dir`.
    pub fn lookup(&mut self, dir: Ino, name: &[u8]) -> Result<Ino, FsError> {
        if name.len() > NAME_MAX {
            return Err(FsError::NameTooLong);
        }
        self.txn(false, |fs, geo| {
            let rec = fs.dir_rec(&geo, dir)?;
            let f = fs
                .find_entry(&geo, dir, &rec, name)?
                .ok_or(FsError::NotFound)?;
            if f.ino == 0 || f.ino > geo.inodes_count {
                return Err(corrupt(format!(
                    "directory {dir}: entry points at inode {}",
                    f.ino
                )));
            }
            Ok(f.ino)
        })
    }

    /// The attributes of inode `ino` (`stat`).
    pub fn getattr(&mut self, ino: Ino) -> Result<Metadata, FsError> {
        self.txn(false, |fs, geo| {
            Ok(Self::metadata(&geo, ino, &fs.read_inode(&geo, ino)?))
        })
    }

    /// Reads at `offset` into `buf`; returns the bytes read (0 at end of
    /// file). Holes read as zeros. Directories give `IsDir`.
    pub fn read(&mut self, ino: Ino, offset: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        self.txn(false, |fs, geo| {
            let rec = fs.read_inode(&geo, ino)?;
            if is_dir(&rec) {
                return Err(FsError::IsDir);
            }
            fs.read_data(&geo, &rec, offset, buf)
        })
    }

    /// Writes `data` at `offset` of a regular file, extending it (a gap past
    /// the old end becomes a hole); sets mtime and ctime to `now`. Returns
    /// the bytes written (all of them, or an error and nothing).
    pub fn write(
        &mut self,
        ino: Ino,
        offset: u64,
        data: &[u8],
        now: Time,
    ) -> Result<usize, FsError> {
        self.txn(true, |fs, geo| {
            let mut rec = fs.read_inode(&geo, ino)?;
            match FileType::from_mode(rec.mode()) {
                FileType::Regular => {}
                FileType::Directory => return Err(FsError::IsDir),
                _ => return Err(FsError::InvalidArgument),
            }
            if data.is_empty() {
                return Ok(0);
            }
            fs.write_data(&geo, ino, &mut rec, offset, data)?;
            rec.set_mtime_t(now);
            rec.set_ctime_t(now);
            fs.write_inode(&geo, ino, &rec)?;
            Ok(data.len())
        })
    }

    /// Sets a regular file's size (`truncate(2)`): shrinking frees blocks,
    /// growing adds a hole.
    pub fn truncate(&mut self, ino: Ino, size: u64, now: Time) -> Result<(), FsError> {
        self.setattr(
            ino,
            &SetAttr {
                size: Some(size),
                ..SetAttr::default()
            },
            now,
        )
        .map(|_| ())
    }

    /// Changes attributes (chmod, chown, utimes, truncate). ctime becomes
    /// `now`; a size change also sets mtime to `now` unless `attr.mtime`
    /// says otherwise.
    pub fn setattr(&mut self, ino: Ino, attr: &SetAttr, now: Time) -> Result<Metadata, FsError> {
        self.txn(true, |fs, geo| {
            let mut rec = fs.read_inode(&geo, ino)?;
            if let Some(size) = attr.size {
                match FileType::from_mode(rec.mode()) {
                    FileType::Regular => {}
                    FileType::Directory => return Err(FsError::IsDir),
                    _ => return Err(FsError::InvalidArgument),
                }
                if size != rec.size() {
                    fs.truncate_rec(&geo, &mut rec, size)?;
                }
                rec.set_mtime_t(now);
            }
            if let Some(p) = attr.perm {
                rec.set_mode((rec.mode() & 0xF000) | (p & 0o7777));
            }
            if let Some(u) = attr.uid {
                rec.set_uid(u);
            }
            if let Some(g) = attr.gid {
                rec.set_gid(g);
            }
            if let Some(t) = attr.atime {
                rec.set_atime_t(t);
            }
            if let Some(t) = attr.mtime {
                rec.set_mtime_t(t);
            }
            rec.set_ctime_t(now);
            fs.write_inode(&geo, ino, &rec)?;
            Ok(Self::metadata(&geo, ino, &rec))
        })
    }

    /// Common part of every creation: checks, allocates and initialises the
    /// inode, links it into `dir`. Returns the inode and its record (written).
    fn new_node(
        &mut self,
        geo: &Geo,
        dir: Ino,
        name: &[u8],
        ft: FileType,
        node: &NewNode,
        fill: impl FnOnce(&mut Self, Ino, &mut InodeRec) -> Result<(), FsError>,
    ) -> Result<Ino, FsError> {
        check_name(name)?;
        let mut drec = self.dir_rec(geo, dir)?;
        if drec.links_count() == 0 {
            return Err(FsError::NotFound);
        }
        if self.find_entry(geo, dir, &drec, name)?.is_some() {
            return Err(FsError::Exists);
        }
        let is_dir = ft == FileType::Directory;
        if is_dir && drec.links_count() >= LINK_MAX {
            return Err(FsError::TooManyLinks);
        }
        let ino = self.alloc_inode(geo, dir, is_dir)?;
        self.init_inode_record(geo, ino)?;
        let mut rec = self.read_inode(geo, ino)?;
        rec.set_mode(ft.mode_bits() | (node.perm & 0o7777));
        rec.set_uid(node.uid);
        rec.set_gid(node.gid);
        rec.set_atime_t(node.now);
        rec.set_mtime_t(node.now);
        rec.set_ctime_t(node.now);
        rec.set_crtime_t(node.now);
        rec.set_links_count(1);
        fill(self, ino, &mut rec)?;
        self.write_inode(geo, ino, &rec)?;
        // The directory may have been changed by `fill` (mkdir's link count).
        let mut drec2 = self.read_inode(geo, dir)?;
        drec2.set_mtime_t(node.now);
        drec2.set_ctime_t(node.now);
        self.add_entry(geo, dir, &mut drec2, name, ino, ft)?;
        self.write_inode(geo, dir, &drec2)?;
        drec = drec2;
        let _ = drec;
        Ok(ino)
    }

    /// Creates a regular file (`open(O_CREAT)`); `Exists` if the name is taken.
    pub fn create(&mut self, dir: Ino, name: &[u8], node: &NewNode) -> Result<Ino, FsError> {
        self.txn(true, |fs, geo| {
            fs.new_node(&geo, dir, name, FileType::Regular, node, |_, _, _| Ok(()))
        })
    }

    /// Creates a device, fifo, socket or regular inode (`mknod(2)`).
    pub fn mknod(
        &mut self,
        dir: Ino,
        name: &[u8],
        ft: FileType,
        rdev: DevNum,
        node: &NewNode,
    ) -> Result<Ino, FsError> {
        if !matches!(
            ft,
            FileType::Regular
                | FileType::CharDevice
                | FileType::BlockDevice
                | FileType::Fifo
                | FileType::Socket
        ) {
            return Err(FsError::InvalidArgument);
        }
        self.txn(true, |fs, geo| {
            fs.new_node(&geo, dir, name, ft, node, |_, _, rec| {
                if matches!(ft, FileType::CharDevice | FileType::BlockDevice) {
                    encode_dev(rec, rdev);
                }
                Ok(())
            })
        })
    }

    /// Creates a directory with `.` and `..` (`mkdir(2)`).
    pub fn mkdir(&mut self, dir: Ino, name: &[u8], node: &NewNode) -> Result<Ino, FsError> {
        self.txn(true, |fs, geo| {
            fs.new_node(
                &geo,
                dir,
                name,
                FileType::Directory,
                node,
                |fs, ino, rec| {
                    let b = fs.alloc_block(&geo, Self::group_goal(&geo, ino))?;
                    fs.init_dir_block(&geo, b, ino, dir)?;
                    rec.set_block(0, b);
                    rec.set_blocks(geo.bs / 512);
                    rec.set_size(u64::from(geo.bs));
                    rec.set_links_count(2);
                    let mut drec = fs.read_inode(&geo, dir)?;
                    drec.set_links_count(drec.links_count() + 1);
                    fs.write_inode(&geo, dir, &drec)
                },
            )
        })
    }

    /// Creates a symbolic link to `target` (`symlink(2)`): targets under 60
    /// bytes live in the inode ("fast"), longer ones in a block.
    pub fn symlink(
        &mut self,
        dir: Ino,
        name: &[u8],
        target: &[u8],
        node: &NewNode,
    ) -> Result<Ino, FsError> {
        if target.is_empty() {
            return Err(FsError::NotFound);
        }
        self.txn(true, |fs, geo| {
            if target.len() >= geo.bs as usize {
                return Err(FsError::NameTooLong);
            }
            let node = NewNode {
                perm: 0o777,
                ..*node
            };
            fs.new_node(&geo, dir, name, FileType::Symlink, &node, |fs, ino, rec| {
                if target.len() < 60 {
                    rec.block_bytes_mut()[..target.len()].copy_from_slice(target);
                    rec.set_size(target.len() as u64);
                    Ok(())
                } else {
                    fs.write_data(&geo, ino, rec, 0, target)
                }
            })
        })
    }

    /// A symbolic link's target (`readlink(2)`).
    pub fn readlink(&mut self, ino: Ino) -> Result<Vec<u8>, FsError> {
        self.txn(false, |fs, geo| {
            let rec = fs.read_inode(&geo, ino)?;
            if FileType::from_mode(rec.mode()) != FileType::Symlink {
                return Err(FsError::NotSymlink);
            }
            let size = rec.size();
            if size > u64::from(geo.bs) {
                return Err(corrupt(format!("symlink {ino} is {size} bytes long")));
            }
            if !has_block_map(&rec) {
                return Ok(rec.block_bytes()[..size as usize].to_vec());
            }
            let mut buf = vec![0u8; size as usize];
            let n = fs.read_data(&geo, &rec, 0, &mut buf)?;
            buf.truncate(n);
            Ok(buf)
        })
    }

    /// Adds a hard link `newdir/newname` to `ino` (`link(2)`).
    pub fn link(
        &mut self,
        ino: Ino,
        newdir: Ino,
        newname: &[u8],
        now: Time,
    ) -> Result<(), FsError> {
        self.txn(true, |fs, geo| {
            check_name(newname)?;
            let mut rec = fs.read_inode(&geo, ino)?;
            if is_dir(&rec) {
                return Err(FsError::NotPermitted);
            }
            if rec.links_count() >= LINK_MAX {
                return Err(FsError::TooManyLinks);
            }
            if rec.links_count() == 0 && !fs.linkable.contains(&ino) {
                return Err(FsError::NotFound);
            }
            let mut drec = fs.dir_rec(&geo, newdir)?;
            if fs.find_entry(&geo, newdir, &drec, newname)?.is_some() {
                return Err(FsError::Exists);
            }
            fs.add_entry(
                &geo,
                newdir,
                &mut drec,
                newname,
                ino,
                FileType::from_mode(rec.mode()),
            )?;
            drec.set_mtime_t(now);
            drec.set_ctime_t(now);
            fs.write_inode(&geo, newdir, &drec)?;
            rec.set_links_count(rec.links_count() + 1);
            rec.set_ctime_t(now);
            fs.write_inode(&geo, ino, &rec)
        })?;
        // Named once, it is an ordinary file (vfs_link clears I_LINKABLE).
        self.linkable.remove(&ino);
        Ok(())
    }

    /// Makes a regular file with no name and no links (`O_TMPFILE`), its
    /// inode allocated near `dir`: it is pinned, so it lives until
    /// [`Ext2Fs::unpin`] frees it, unless it is `linkable` and
    /// [`Ext2Fs::link`] names it first.
    pub fn tmpfile(&mut self, dir: Ino, node: &NewNode, linkable: bool) -> Result<Ino, FsError> {
        let ino = self.txn(true, |fs, geo| {
            if fs.dir_rec(&geo, dir)?.links_count() == 0 {
                return Err(FsError::NotFound);
            }
            let ino = fs.alloc_inode(&geo, dir, false)?;
            fs.init_inode_record(&geo, ino)?;
            let mut rec = fs.read_inode(&geo, ino)?;
            rec.set_mode(FileType::Regular.mode_bits() | (node.perm & 0o7777));
            rec.set_uid(node.uid);
            rec.set_gid(node.gid);
            rec.set_atime_t(node.now);
            rec.set_mtime_t(node.now);
            rec.set_ctime_t(node.now);
            rec.set_crtime_t(node.now);
            fs.write_inode(&geo, ino, &rec)?;
            Ok(ino)
        })?;
        self.pinned.insert(ino);
        if linkable {
            self.linkable.insert(ino);
        }
        Ok(ino)
    }

    /// Drops one link of `ino`; frees it when none remain and it is not
    /// pinned. `dir_link` is the extra link a directory's `.` holds.
    fn drop_link(&mut self, geo: &Geo, ino: Ino, now: Time) -> Result<(), FsError> {
        let mut rec = self.read_inode(geo, ino)?;
        let dir = is_dir(&rec);
        let left = if dir {
            0
        } else {
            rec.links_count().saturating_sub(1)
        };
        rec.set_links_count(left);
        rec.set_ctime_t(now);
        self.write_inode(geo, ino, &rec)?;
        if left == 0 && !self.pinned.contains(&ino) {
            self.release_inode(geo, ino, now)?;
        }
        Ok(())
    }

    /// Removes the non-directory `dir/name` (`unlink(2)`).
    pub fn unlink(&mut self, dir: Ino, name: &[u8], now: Time) -> Result<(), FsError> {
        self.txn(true, |fs, geo| {
            let mut drec = fs.dir_rec(&geo, dir)?;
            let f = fs
                .find_entry(&geo, dir, &drec, name)?
                .ok_or(FsError::NotFound)?;
            if is_dir(&fs.read_inode(&geo, f.ino)?) {
                return Err(FsError::IsDir);
            }
            fs.remove_entry(&f)?;
            drec.set_mtime_t(now);
            drec.set_ctime_t(now);
            fs.write_inode(&geo, dir, &drec)?;
            fs.drop_link(&geo, f.ino, now)
        })
    }

    /// Removes the empty directory `dir/name` (`rmdir(2)`).
    pub fn rmdir(&mut self, dir: Ino, name: &[u8], now: Time) -> Result<(), FsError> {
        if name == b"." {
            return Err(FsError::InvalidArgument);
        }
        if name == b".." {
            return Err(FsError::NotEmpty);
        }
        self.txn(true, |fs, geo| {
            let mut drec = fs.dir_rec(&geo, dir)?;
            let f = fs
                .find_entry(&geo, dir, &drec, name)?
                .ok_or(FsError::NotFound)?;
            let crec = fs.read_inode(&geo, f.ino)?;
            if !is_dir(&crec) {
                return Err(FsError::NotDir);
            }
            if !fs.dir_is_empty(&geo, f.ino, &crec)? {
                return Err(FsError::NotEmpty);
            }
            fs.remove_entry(&f)?;
            drec.set_links_count(drec.links_count().saturating_sub(1));
            drec.set_mtime_t(now);
            drec.set_ctime_t(now);
            fs.write_inode(&geo, dir, &drec)?;
            fs.drop_link(&geo, f.ino, now)
        })
    }

    /// True if `anc` is `ino` or one of its ancestors (following `..`).
    fn is_ancestor(&mut self, geo: &Geo, anc: Ino, mut ino: Ino) -> Result<bool, FsError> {
        for _ in 0..4096 {
            if ino == anc {
                return Ok(true);
            }
            if ino == ROOT_INO {
                return Ok(false);
            }
            let rec = self.dir_rec(geo, ino)?;
            let Some(f) = self.find_entry(geo, ino, &rec, b"..")? else {
                return Ok(false);
            };
            ino = f.ino;
        }
        Err(corrupt("directory tree deeper than 4096 levels or cyclic"))
    }

    /// Renames `olddir/oldname` to `newdir/newname` (`rename(2)`): an
    /// existing target is replaced atomically; a directory moved to another
    /// parent gets its `..` and both parents' link counts fixed. Moving a
    /// directory into itself gives `InvalidArgument`.
    pub fn rename(
        &mut self,
        olddir: Ino,
        oldname: &[u8],
        newdir: Ino,
        newname: &[u8],
        now: Time,
    ) -> Result<(), FsError> {
        self.txn(true, |fs, geo| {
            check_name(newname)?;
            if matches!(oldname, b"." | b"..") || matches!(newname, b"." | b"..") {
                return Err(FsError::InvalidArgument);
            }
            let odrec = fs.dir_rec(&geo, olddir)?;
            let src = fs
                .find_entry(&geo, olddir, &odrec, oldname)?
                .ok_or(FsError::NotFound)?;
            let srec = fs.read_inode(&geo, src.ino)?;
            let sdir = is_dir(&srec);
            let ndrec = fs.dir_rec(&geo, newdir)?;
            let dst = fs.find_entry(&geo, newdir, &ndrec, newname)?;
            if let Some(d) = &dst
                && d.ino == src.ino
            {
                return Ok(());
            }
            if sdir && olddir != newdir && fs.is_ancestor(&geo, src.ino, newdir)? {
                return Err(FsError::InvalidArgument);
            }
            if let Some(d) = &dst {
                let drec = fs.read_inode(&geo, d.ino)?;
                match (sdir, is_dir(&drec)) {
                    (true, false) => return Err(FsError::NotDir),
                    (false, true) => return Err(FsError::IsDir),
                    (true, true) if !fs.dir_is_empty(&geo, d.ino, &drec)? => {
                        return Err(FsError::NotEmpty);
                    }
                    _ => {}
                }
            } else if sdir && olddir != newdir && ndrec.links_count() >= LINK_MAX {
                return Err(FsError::TooManyLinks);
            }
            let ft = FileType::from_mode(srec.mode());
            // Take the name away first, so a rename within one directory
            // finds the freed space.
            let src_now = fs
                .find_entry(&geo, olddir, &odrec, oldname)?
                .ok_or(FsError::NotFound)?;
            fs.remove_entry(&src_now)?;
            let mut ndrec = fs.read_inode(&geo, newdir)?;
            if let Some(d) = &dst {
                // The target entry may have shifted if it followed the removed
                // one in the same block: look it up again.
                let d2 = fs
                    .find_entry(&geo, newdir, &ndrec, newname)?
                    .ok_or(FsError::NotFound)?;
                fs.retarget_entry(&geo, &d2, src.ino, ft)?;
                let ddir = is_dir(&fs.read_inode(&geo, d.ino)?);
                if ddir {
                    ndrec = fs.read_inode(&geo, newdir)?;
                    ndrec.set_links_count(ndrec.links_count().saturating_sub(1));
                    fs.write_inode(&geo, newdir, &ndrec)?;
                }
                fs.drop_link(&geo, d.ino, now)?;
                ndrec = fs.read_inode(&geo, newdir)?;
            } else {
                fs.add_entry(&geo, newdir, &mut ndrec, newname, src.ino, ft)?;
            }
            ndrec.set_mtime_t(now);
            ndrec.set_ctime_t(now);
            if sdir && olddir != newdir {
                ndrec.set_links_count(ndrec.links_count() + 1);
            }
            fs.write_inode(&geo, newdir, &ndrec)?;
            let mut odrec = fs.read_inode(&geo, olddir)?;
            odrec.set_mtime_t(now);
            odrec.set_ctime_t(now);
            if sdir && olddir != newdir {
                odrec.set_links_count(odrec.links_count().saturating_sub(1));
            }
            fs.write_inode(&geo, olddir, &odrec)?;
            let mut srec = fs.read_inode(&geo, src.ino)?;
            srec.set_ctime_t(now);
            fs.write_inode(&geo, src.ino, &srec)?;
            if sdir && olddir != newdir {
                let dd = fs
                    .find_entry(&geo, src.ino, &srec, b"..")?
                    .ok_or_else(|| corrupt(format!("directory {} has no ..", src.ino)))?;
                fs.retarget_entry(&geo, &dd, newdir, FileType::Directory)?;
            }
            Ok(())
        })
    }

    /// Entries of `dir` from `cookie` (0 to start) to the end of the first
    /// directory block that has any; empty at the end. Each entry's `next`
    /// is the cookie to continue after it (`d_off` for getdents64).
    pub fn readdir(&mut self, dir: Ino, cookie: u64) -> Result<Vec<DirEntryInfo>, FsError> {
        self.txn(false, |fs, geo| fs.read_dir_from(&geo, dir, cookie))
    }

    /// File-system totals (`statfs(2)`).
    pub fn statfs(&mut self) -> Result<StatFs, FsError> {
        self.txn(false, |fs, geo| {
            let sb = fs.sb(&geo)?;
            let free = u64::from(sb.free_blocks_count());
            Ok(StatFs {
                block_size: geo.bs,
                blocks: u64::from(geo.blocks_count),
                free_blocks: free,
                avail_blocks: free.saturating_sub(u64::from(sb.r_blocks_count())),
                inodes: u64::from(geo.inodes_count),
                free_inodes: u64::from(sb.free_inodes_count()),
                name_max: NAME_MAX as u32,
            })
        })
    }

    /// Keeps `ino` alive while it is open even if its last link goes
    /// (POSIX: an unlinked open file stays readable). Not persistent.
    pub fn pin(&mut self, ino: Ino) {
        self.pinned.insert(ino);
    }

    /// Ends a [`Ext2Fs::pin`]; frees the inode if it has no links left.
    /// On `Pending` the pin stays: retry.
    pub fn unpin(&mut self, ino: Ino, now: Time) -> Result<(), FsError> {
        if !self.pinned.contains(&ino) {
            return Ok(());
        }
        self.linkable.remove(&ino);
        let linked = self.txn(false, |fs, geo| {
            Ok(fs.read_inode(&geo, ino)?.links_count() > 0)
        })?;
        if linked || self.is_read_only() {
            self.pinned.remove(&ino);
            return Ok(());
        }
        self.pinned.remove(&ino);
        let r = self.txn(true, |fs, geo| fs.release_inode(&geo, ino, now));
        if r.is_err() {
            self.pinned.insert(ino);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{INODE_LARGE_SIZE, Inode};

    #[test]
    fn device_numbers_round_trip() {
        for dev in [
            DevNum { major: 1, minor: 3 },
            DevNum {
                major: 254,
                minor: 255,
            },
            DevNum {
                major: 259,
                minor: 70000,
            },
            DevNum {
                major: 4095,
                minor: 0xFFFFF,
            },
        ] {
            let mut rec = Inode::new_checked([0u8; INODE_LARGE_SIZE]).unwrap();
            encode_dev(&mut rec, dev);
            assert_eq!(decode_dev(&rec), dev);
        }
        // Linux's old encoding for small numbers: (major << 8) | minor in i_block[0].
        let mut rec = Inode::new_checked([0u8; INODE_LARGE_SIZE]).unwrap();
        encode_dev(
            &mut rec,
            DevNum {
                major: 4,
                minor: 64,
            },
        );
        assert_eq!((rec.block(0), rec.block(1)), (0x0440, 0));
    }
}
