//! Directories: linked entries in whole blocks (ext2-doc §4.1).
//!
//! Hash-indexed (dir_index) directories are read as linear ones, which the
//! format guarantees works: the htree's internal nodes look like blocks
//! holding one unused entry. Adding an entry clears `EXT2_INDEX_FL`, since a
//! linear insertion would break the tree; e2fsck accepts an unindexed
//! directory, and Linux rebuilds nothing it needs.
//!
//! Entries never move once written (insertion splits free space after an
//! entry; removal merges into the previous entry), so a readdir cookie, the
//! byte offset of an entry in the directory, stays valid across unrelated
//! changes.

use super::{Ext2Fs, Geo, INDEX_FL, InodeRec, corrupt_err as corrupt};
use crate::layout::{DirEntry, dirent_len};
use crate::source::{BlockSource, OverlayStore};
use crate::{DirEntryInfo, FileType, FsError, Ino, NAME_MAX};

/// A located directory entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    pub ino: Ino,
    /// Physical block and byte offset in it.
    pub block: u32,
    pub off: usize,
    /// Offset of the previous entry in the same block, if any.
    pub prev: Option<usize>,
}

/// Checks a name for a new entry.
pub(crate) fn check_name(name: &[u8]) -> Result<(), FsError> {
    if name.is_empty() || name.contains(&b'/') || name.contains(&0) {
        return Err(FsError::InvalidArgument);
    }
    if name.len() > NAME_MAX {
        return Err(FsError::NameTooLong);
    }
    Ok(())
}

/// Iterates the entries of one directory block: (offset, inode, rec_len,
/// name_len, file_type), or a corruption error.
fn entries(
    blk: &[u8],
    dir: Ino,
    mut f: impl FnMut(usize, &DirEntry<&[u8]>) -> bool,
) -> Result<(), FsError> {
    let mut off = 0;
    while off < blk.len() {
        let e = DirEntry::new_checked(&blk[off..])
            .map_err(|_| corrupt(format!("directory {dir}: entry header past the block end")))?;
        if !e.check(blk.len() - off) {
            return Err(corrupt(format!(
                "directory {dir}: bad entry at offset {off} in a block"
            )));
        }
        if !f(off, &e) {
            return Ok(());
        }
        off += usize::from(e.rec_len());
    }
    Ok(())
}

impl<S: BlockSource, O: OverlayStore> Ext2Fs<S, O> {
    /// A directory's inode record, or NotDir.
    pub(crate) fn dir_rec(&mut self, geo: &Geo, dir: Ino) -> Result<InodeRec, FsError> {
        let rec = self.read_inode(geo, dir)?;
        if FileType::from_mode(rec.mode()) != FileType::Directory {
            return Err(FsError::NotDir);
        }
        Ok(rec)
    }

    fn dir_blocks(geo: &Geo, rec: &InodeRec) -> u64 {
        // Directories never use i_size_high (it is i_dir_acl).
        u64::from(rec.size_low()) / u64::from(geo.bs)
    }

    /// Finds `name` in directory `dir`.
    pub(crate) fn find_entry(
        &mut self,
        geo: &Geo,
        dir: Ino,
        rec: &InodeRec,
        name: &[u8],
    ) -> Result<Option<Found>, FsError> {
        for fb in 0..Self::dir_blocks(geo, rec) {
            let b = self.bmap(geo, rec, fb)?;
            if b == 0 {
                continue;
            }
            let blk = self.cache.get(u64::from(b))?;
            let mut found = None;
            let mut prev = None;
            entries(blk, dir, |off, e| {
                if e.inode() != 0 && e.name() == name {
                    found = Some(Found {
                        ino: e.inode(),
                        block: b,
                        off,
                        prev,
                    });
                    return false;
                }
                prev = Some(off);
                true
            })?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Entries from `cookie` to the end of the first block holding any.
    pub(crate) fn read_dir_from(
        &mut self,
        geo: &Geo,
        dir: Ino,
        cookie: u64,
    ) -> Result<Vec<DirEntryInfo>, FsError> {
        let rec = self.dir_rec(geo, dir)?;
        let bs = u64::from(geo.bs);
        let mut out = Vec::new();
        let mut fb = cookie / bs;
        let nblocks = Self::dir_blocks(geo, &rec);
        while fb < nblocks && out.is_empty() {
            let b = self.bmap(geo, &rec, fb)?;
            if b != 0 {
                let base = fb * bs;
                let blk = self.cache.get(u64::from(b))?;
                let filetype = geo.filetype;
                entries(blk, dir, |off, e| {
                    let pos = base + off as u64;
                    if pos >= cookie && e.inode() != 0 {
                        out.push(DirEntryInfo {
                            ino: e.inode(),
                            name: e.name().to_vec(),
                            file_type: if filetype {
                                FileType::from_dirent_code(e.file_type())
                            } else {
                                FileType::Unknown
                            },
                            pos,
                            next: pos + u64::from(e.rec_len()),
                        });
                    }
                    true
                })?;
            }
            fb += 1;
        }
        Ok(out)
    }

    /// True if the directory holds nothing but `.` and `..`.
    pub(crate) fn dir_is_empty(
        &mut self,
        geo: &Geo,
        dir: Ino,
        rec: &InodeRec,
    ) -> Result<bool, FsError> {
        for fb in 0..Self::dir_blocks(geo, rec) {
            let b = self.bmap(geo, rec, fb)?;
            if b == 0 {
                continue;
            }
            let blk = self.cache.get(u64::from(b))?;
            let mut empty = true;
            entries(blk, dir, |_, e| {
                if e.inode() != 0 && e.name() != b"." && e.name() != b".." {
                    empty = false;
                }
                empty
            })?;
            if !empty {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn ft_code(geo: &Geo, ft: FileType) -> u8 {
        if geo.filetype { ft.dirent_code() } else { 0 }
    }

    /// Adds entry `name` → `ino` to directory `dir` (whose record `rec` is
    /// updated in place and must be written back by the caller).
    pub(crate) fn add_entry(
        &mut self,
        geo: &Geo,
        dir: Ino,
        rec: &mut InodeRec,
        name: &[u8],
        ino: Ino,
        ft: FileType,
    ) -> Result<(), FsError> {
        let need = dirent_len(name.len());
        let code = Self::ft_code(geo, ft);
        if rec.flags() & INDEX_FL != 0 {
            rec.set_flags(rec.flags() & !INDEX_FL);
        }
        let nblocks = Self::dir_blocks(geo, rec);
        for fb in 0..nblocks {
            let b = self.bmap(geo, rec, fb)?;
            if b == 0 {
                continue;
            }
            let blk = self.cache.get(u64::from(b))?;
            let mut slot = None;
            entries(blk, dir, |off, e| {
                let used = if e.inode() == 0 {
                    0
                } else {
                    dirent_len(usize::from(e.name_len()))
                };
                if usize::from(e.rec_len()) >= used + need {
                    slot = Some((off, used, usize::from(e.rec_len())));
                    return false;
                }
                true
            })?;
            if let Some((off, used, rl)) = slot {
                let blk = self.cache.get_mut(u64::from(b))?;
                let at = if used == 0 {
                    off
                } else {
                    let mut prev =
                        DirEntry::new_checked(&mut blk[off..]).map_err(|_| corrupt("entry"))?;
                    prev.set_rec_len(used as u16);
                    off + used
                };
                let mut e = DirEntry::new_checked(&mut blk[at..]).map_err(|_| corrupt("entry"))?;
                e.set_inode(ino);
                e.set_rec_len((rl - used) as u16);
                e.set_name(name);
                e.set_file_type(code);
                return Ok(());
            }
        }
        // No room: append a block.
        if u64::from(rec.size_low()) + u64::from(geo.bs) > u64::from(u32::MAX) {
            return Err(FsError::NoSpace);
        }
        let goal = if nblocks > 0 {
            self.bmap(geo, rec, nblocks - 1)?.wrapping_add(1)
        } else {
            0
        };
        let (b, _) = self.bmap_alloc(geo, dir, rec, nblocks, goal)?;
        let blk = self.cache.zeroed_mut(u64::from(b));
        let mut e = DirEntry::new_checked(&mut blk[..]).map_err(|_| corrupt("entry"))?;
        e.set_inode(ino);
        e.set_rec_len(geo.bs as u16);
        e.set_name(name);
        e.set_file_type(code);
        rec.set_size_low(rec.size_low() + geo.bs);
        Ok(())
    }

    /// Removes a located entry: merged into the previous entry of its block,
    /// or marked unused if it is the block's first.
    pub(crate) fn remove_entry(&mut self, f: &Found) -> Result<(), FsError> {
        let blk = self.cache.get_mut(u64::from(f.block))?;
        let rl = DirEntry::new_checked(&blk[f.off..])
            .map_err(|_| corrupt("entry"))?
            .rec_len();
        if let Some(p) = f.prev {
            let mut prev = DirEntry::new_checked(&mut blk[p..]).map_err(|_| corrupt("entry"))?;
            prev.set_rec_len(prev.rec_len().wrapping_add(rl));
        } else {
            let mut e = DirEntry::new_checked(&mut blk[f.off..]).map_err(|_| corrupt("entry"))?;
            e.set_inode(0);
        }
        Ok(())
    }

    /// Points a located entry at another inode (rename over a target).
    pub(crate) fn retarget_entry(
        &mut self,
        geo: &Geo,
        f: &Found,
        ino: Ino,
        ft: FileType,
    ) -> Result<(), FsError> {
        let code = Self::ft_code(geo, ft);
        let blk = self.cache.get_mut(u64::from(f.block))?;
        let mut e = DirEntry::new_checked(&mut blk[f.off..]).map_err(|_| corrupt("entry"))?;
        e.set_inode(ino);
        e.set_file_type(code);
        Ok(())
    }

    /// Writes the `.` and `..` entries of a new directory's first block.
    pub(crate) fn init_dir_block(
        &mut self,
        geo: &Geo,
        b: u32,
        me: Ino,
        parent: Ino,
    ) -> Result<(), FsError> {
        let code = Self::ft_code(geo, FileType::Directory);
        let blk = self.cache.zeroed_mut(u64::from(b));
        let mut d = DirEntry::new_checked(&mut blk[..]).map_err(|_| corrupt("entry"))?;
        d.set_inode(me);
        d.set_rec_len(12);
        d.set_name(b".");
        d.set_file_type(code);
        let mut dd = DirEntry::new_checked(&mut blk[12..]).map_err(|_| corrupt("entry"))?;
        dd.set_inode(parent);
        dd.set_rec_len((geo.bs - 12) as u16);
        dd.set_name(b"..");
        dd.set_file_type(code);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(check_name(b""), Err(FsError::InvalidArgument));
        assert_eq!(check_name(b"a/b"), Err(FsError::InvalidArgument));
        assert_eq!(check_name(&[b'x'; 256]), Err(FsError::NameTooLong));
        assert_eq!(check_name(&[b'x'; 255]), Ok(()));
    }

    #[test]
    fn zero_rec_len_is_an_error_not_a_loop() {
        let blk = [0u8; 1024];
        assert!(entries(&blk, 2, |_, _| true).is_err());
    }
}
