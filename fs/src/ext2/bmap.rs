//! Block maps (12 direct, indirect, double and triple indirect pointers;
//! ext2-doc §3.5.13 "i_block"), file data, truncation, and freeing inodes.
//!
//! `i_blocks` counts 512-byte sectors of every block an inode holds,
//! indirect blocks and its extended attribute block included; it is kept
//! exact, as e2fsck checks it.
//!
//! Freed blocks are discarded (`free_block` tells the cache; the overlay may
//! forget them and later reads of them see the base image's old bytes).
//! That is safe because nothing reads a block between its allocation and
//! its first write: `bmap_alloc` zeroes every data and indirect block it
//! allocates in the allocating transaction (so partial writes and the
//! pointers of a new indirect block start from zeros), holes are never
//! allocated (they read as zeros without touching a block), truncation
//! zeroes the tail of the block it keeps (`zero_tail`), and a directory's
//! new block is zeroed before its entries are written
//! (`Ext2Fs::init_dir_block`, `add_entry`). Tests: `tests/discard.rs` and
//! the model runs over a base with garbage in its free blocks.

use super::{Ext2Fs, Geo, InodeRec, corrupt_err as corrupt};
use crate::source::{BlockSource, OverlayStore};
use crate::{FileType, FsError, Ino, Time};

/// The path through the block map to file block `fb`: the `i_block` slot,
/// then an index per indirection level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Path {
    pub slot: usize,
    pub depth: usize,
    pub idx: [u64; 3],
}

pub(crate) fn path(geo: &Geo, fb: u64) -> Option<Path> {
    let p = geo.ptrs();
    if fb < 12 {
        return Some(Path {
            slot: fb as usize,
            depth: 0,
            idx: [0; 3],
        });
    }
    let mut r = fb - 12;
    if r < p {
        return Some(Path {
            slot: 12,
            depth: 1,
            idx: [r, 0, 0],
        });
    }
    r -= p;
    if r < p * p {
        return Some(Path {
            slot: 13,
            depth: 2,
            idx: [r / p, r % p, 0],
        });
    }
    r -= p * p;
    if r < p * p * p {
        return Some(Path {
            slot: 14,
            depth: 3,
            idx: [r / (p * p), (r / p) % p, r % p],
        });
    }
    None
}

/// Largest file size the block map can address.
pub(crate) fn max_file_size(geo: &Geo) -> u64 {
    if geo.rev0 {
        return 0x7FFF_FFFF;
    }
    let p = geo.ptrs();
    (12 + p + p * p + p * p * p) * u64::from(geo.bs)
}

/// True if the inode keeps data in `i_block` rather than block pointers
/// (devices, fifos, sockets, fast symlinks; e2fsprogs
/// `ext2fs_inode_data_blocks2` / `ext2fs_is_fast_symlink`).
pub(crate) fn has_block_map(rec: &InodeRec) -> bool {
    match FileType::from_mode(rec.mode()) {
        FileType::Regular | FileType::Directory => true,
        FileType::Symlink => rec.size() >= 60,
        _ => false,
    }
}

fn read_ptr(blk: &[u8], i: u64) -> u32 {
    let o = (i as usize) * 4;
    u32::from_le_bytes([blk[o], blk[o + 1], blk[o + 2], blk[o + 3]])
}

fn write_ptr(blk: &mut [u8], i: u64, v: u32) {
    let o = (i as usize) * 4;
    blk[o..o + 4].copy_from_slice(&v.to_le_bytes());
}

impl<S: BlockSource, O: OverlayStore> Ext2Fs<S, O> {
    fn check_block(geo: &Geo, b: u32) -> Result<u32, FsError> {
        if b != 0 && (b < geo.first_data_block || b >= geo.blocks_count) {
            return Err(corrupt(format!("block pointer {b} out of range")));
        }
        Ok(b)
    }

    /// Physical block of file block `fb`, 0 for a hole.
    pub(crate) fn bmap(&mut self, geo: &Geo, rec: &InodeRec, fb: u64) -> Result<u32, FsError> {
        let Some(p) = path(geo, fb) else { return Ok(0) };
        let mut b = Self::check_block(geo, rec.block(p.slot))?;
        for d in 0..p.depth {
            if b == 0 {
                return Ok(0);
            }
            let blk = self.cache.get(u64::from(b))?;
            b = Self::check_block(geo, read_ptr(blk, p.idx[d]))?;
        }
        Ok(b)
    }

    /// Maps file block `fb`, allocating it (zeroed in the transaction) and
    /// any missing indirect blocks. Returns the block and whether it is new.
    pub(crate) fn bmap_alloc(
        &mut self,
        geo: &Geo,
        ino: Ino,
        rec: &mut InodeRec,
        fb: u64,
        goal: u32,
    ) -> Result<(u32, bool), FsError> {
        let p = path(geo, fb).ok_or(FsError::FileTooBig)?;
        let sectors = geo.bs / 512;
        let goal = if goal == 0 {
            Self::group_goal(geo, ino)
        } else {
            goal
        };
        let mut b = Self::check_block(geo, rec.block(p.slot))?;
        let mut fresh = false;
        if b == 0 {
            b = self.alloc_block(geo, goal)?;
            self.cache.zeroed_mut(u64::from(b));
            rec.set_block(p.slot, b);
            rec.set_blocks(rec.blocks().wrapping_add(sectors));
            fresh = true;
        }
        for d in 0..p.depth {
            let next = Self::check_block(geo, read_ptr(self.cache.get(u64::from(b))?, p.idx[d]))?;
            if next == 0 {
                let nb = self.alloc_block(geo, b.wrapping_add(1))?;
                self.cache.zeroed_mut(u64::from(nb));
                write_ptr(self.cache.get_mut(u64::from(b))?, p.idx[d], nb);
                rec.set_blocks(rec.blocks().wrapping_add(sectors));
                b = nb;
                fresh = true;
            } else {
                b = next;
                fresh = false;
            }
        }
        Ok((b, fresh))
    }

    /// Reads file data at `offset` into `buf`; returns bytes read (0 at EOF).
    pub(crate) fn read_data(
        &mut self,
        geo: &Geo,
        rec: &InodeRec,
        offset: u64,
        buf: &mut [u8],
    ) -> Result<usize, FsError> {
        let size = rec.size();
        if offset >= size || !has_block_map(rec) {
            return Ok(0);
        }
        let n = (size - offset).min(buf.len() as u64) as usize;
        let bs = u64::from(geo.bs);
        let mut done = 0;
        // A missing block does not stop the scan: every block of the read
        // is asked for at once, so the host fetches them in parallel and
        // the retry finds them all (DESIGN §4).
        let mut first_pending = None;
        while done < n {
            let pos = offset + done as u64;
            let in_blk = (pos % bs) as usize;
            let len = (bs as usize - in_blk).min(n - done);
            let b = match self.bmap(geo, rec, pos / bs) {
                Err(FsError::Pending(p)) => {
                    first_pending.get_or_insert(p);
                    done += len;
                    continue;
                }
                r => r?,
            };
            let dst = &mut buf[done..done + len];
            if b == 0 {
                dst.fill(0);
            } else {
                match self.cache.get(u64::from(b)) {
                    Ok(blk) => dst.copy_from_slice(&blk[in_blk..in_blk + len]),
                    Err(FsError::Pending(p)) => {
                        first_pending.get_or_insert(p);
                    }
                    Err(e) => return Err(e),
                }
            }
            done += len;
        }
        if let Some(p) = first_pending {
            return Err(FsError::Pending(p));
        }
        Ok(n)
    }

    /// Zeroes the bytes of the block holding `from` that lie at or after it,
    /// so a later extension reads zeros there.
    fn zero_tail(&mut self, geo: &Geo, rec: &InodeRec, from: u64) -> Result<(), FsError> {
        let bs = u64::from(geo.bs);
        let off = (from % bs) as usize;
        if off == 0 {
            return Ok(());
        }
        let b = self.bmap(geo, rec, from / bs)?;
        if b != 0 {
            self.cache.get_mut(u64::from(b))?[off..].fill(0);
        }
        Ok(())
    }

    /// Writes `data` at `offset`, allocating blocks; updates the size.
    pub(crate) fn write_data(
        &mut self,
        geo: &Geo,
        ino: Ino,
        rec: &mut InodeRec,
        offset: u64,
        data: &[u8],
    ) -> Result<(), FsError> {
        let end = offset
            .checked_add(data.len() as u64)
            .ok_or(FsError::FileTooBig)?;
        if end > max_file_size(geo) {
            return Err(FsError::FileTooBig);
        }
        let size = rec.size();
        if offset > size {
            self.zero_tail(geo, rec, size)?;
        }
        let bs = u64::from(geo.bs);
        let mut done = 0usize;
        let mut goal = 0u32;
        if offset >= bs {
            let prev = self.bmap(geo, rec, offset / bs - 1)?;
            if prev != 0 {
                goal = prev.wrapping_add(1);
            }
        }
        while done < data.len() {
            let pos = offset + done as u64;
            let in_blk = (pos % bs) as usize;
            let len = (bs as usize - in_blk).min(data.len() - done);
            let (b, _) = self.bmap_alloc(geo, ino, rec, pos / bs, goal)?;
            let dst = if len == bs as usize {
                // Overwritten whole: no need to read (or fetch) the old bytes.
                self.cache.zeroed_mut(u64::from(b))
            } else {
                self.cache.get_mut(u64::from(b))?
            };
            dst[in_blk..in_blk + len].copy_from_slice(&data[done..done + len]);
            goal = b.wrapping_add(1);
            done += len;
        }
        if end > size {
            rec.set_size(end);
            if end > 0x7FFF_FFFF {
                let mut sb = self.sb_mut(geo)?;
                if sb.rev_level() > 0 {
                    let f = sb.feature_ro_compat();
                    sb.set_feature_ro_compat(f | crate::layout::feature::RO_COMPAT_LARGE_FILE);
                }
            }
        }
        Ok(())
    }

    /// Frees pointers `from..` of indirect block `blk` at `level` (1: it
    /// holds data block pointers). Returns true if the block is now empty.
    fn free_ind(
        &mut self,
        geo: &Geo,
        rec: &mut InodeRec,
        blk: u32,
        level: u32,
        from: u64,
    ) -> Result<bool, FsError> {
        let p = geo.ptrs();
        let span = p.pow(level - 1);
        let first = from / span;
        for i in first..p {
            let child = Self::check_block(geo, read_ptr(self.cache.get(u64::from(blk))?, i))?;
            if child == 0 {
                continue;
            }
            let child_from = if i == first { from % span } else { 0 };
            let free_child = if level == 1 {
                true
            } else {
                self.free_ind(geo, rec, child, level - 1, child_from)?
            };
            if free_child {
                self.free_block(geo, child)?;
                rec.set_blocks(rec.blocks().wrapping_sub(geo.bs / 512));
                write_ptr(self.cache.get_mut(u64::from(blk))?, i, 0);
            }
        }
        Ok(self.cache.get(u64::from(blk))?.iter().all(|&x| x == 0))
    }

    /// Frees every data block at file block `first_fb` and beyond, and
    /// indirect blocks left empty.
    pub(crate) fn free_from(
        &mut self,
        geo: &Geo,
        rec: &mut InodeRec,
        first_fb: u64,
    ) -> Result<(), FsError> {
        let sectors = geo.bs / 512;
        for slot in (first_fb.min(12) as usize)..12 {
            let b = Self::check_block(geo, rec.block(slot))?;
            if b != 0 {
                self.free_block(geo, b)?;
                rec.set_block(slot, 0);
                rec.set_blocks(rec.blocks().wrapping_sub(sectors));
            }
        }
        let p = geo.ptrs();
        let mut start = 12u64;
        for (level, slot) in [(1u32, 12usize), (2, 13), (3, 14)] {
            let span = p.pow(level);
            let b = Self::check_block(geo, rec.block(slot))?;
            if b != 0 && first_fb < start + span {
                let from = first_fb.saturating_sub(start);
                if self.free_ind(geo, rec, b, level, from)? {
                    self.free_block(geo, b)?;
                    rec.set_block(slot, 0);
                    rec.set_blocks(rec.blocks().wrapping_sub(sectors));
                }
            }
            start += span;
        }
        Ok(())
    }

    /// Sets a regular file's size, freeing or (as a hole) adding blocks.
    pub(crate) fn truncate_rec(
        &mut self,
        geo: &Geo,
        rec: &mut InodeRec,
        size: u64,
    ) -> Result<(), FsError> {
        if size > max_file_size(geo) {
            return Err(FsError::FileTooBig);
        }
        let old = rec.size();
        let bs = u64::from(geo.bs);
        if size < old {
            self.free_from(geo, rec, size.div_ceil(bs))?;
            self.zero_tail(geo, rec, size)?;
        } else if size > old {
            self.zero_tail(geo, rec, old)?;
        }
        rec.set_size(size);
        Ok(())
    }

    /// Releases an inode whose last link is gone: its blocks, its extended
    /// attribute block (shared blocks: refcount decremented), its bitmap bit.
    pub(crate) fn release_inode(&mut self, geo: &Geo, ino: Ino, now: Time) -> Result<(), FsError> {
        let mut rec = self.read_inode(geo, ino)?;
        let dir = FileType::from_mode(rec.mode()) == FileType::Directory;
        if has_block_map(&rec) {
            self.free_from(geo, &mut rec, 0)?;
        }
        let acl = rec.file_acl();
        if acl != 0 {
            Self::check_block(geo, acl)?;
            let blk = self.cache.get_mut(u64::from(acl))?;
            // ext2-doc §5.1 / ext2_fs.h `struct ext2_ext_attr_header`:
            // h_magic 0xEA020000 at 0, h_refcount at 4.
            let magic = u32::from_le_bytes([blk[0], blk[1], blk[2], blk[3]]);
            let refs = u32::from_le_bytes([blk[4], blk[5], blk[6], blk[7]]);
            if magic != 0xEA02_0000 {
                return Err(corrupt(format!(
                    "inode {ino}: extended attribute block {acl} has a bad magic"
                )));
            }
            if refs > 1 {
                blk[4..8].copy_from_slice(&(refs - 1).to_le_bytes());
            } else {
                self.free_block(geo, acl)?;
            }
            rec.set_file_acl(0);
        }
        rec.set_links_count(0);
        // e2fsck reads a dtime below s_inodes_count as an orphan-list link
        // (pass1 "part of a corrupted orphan linked list"); a clock that
        // early can only be a test's or a broken guest's, so clamp.
        rec.set_dtime(now.secs.max(geo.inodes_count));
        rec.set_size(0);
        rec.set_blocks(0);
        self.write_inode(geo, ino, &rec)?;
        self.free_inode_bit(geo, ino, dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geo(bs: u32) -> Geo {
        Geo {
            bs,
            blocks_count: 1000,
            inodes_count: 100,
            first_data_block: 1,
            bpg: 8192,
            ipg: 100,
            inode_size: 128,
            first_ino: 11,
            groups: 1,
            gdt_block: 2,
            filetype: true,
            rev0: false,
            read_only: false,
            sb_block: 1,
            sb_off: 0,
        }
    }

    #[test]
    fn paths() {
        let g = geo(1024);
        assert_eq!(path(&g, 11).unwrap().slot, 11);
        assert_eq!(
            path(&g, 12).unwrap(),
            Path {
                slot: 12,
                depth: 1,
                idx: [0, 0, 0]
            }
        );
        assert_eq!(
            path(&g, 12 + 255).unwrap(),
            Path {
                slot: 12,
                depth: 1,
                idx: [255, 0, 0]
            }
        );
        assert_eq!(
            path(&g, 12 + 256).unwrap(),
            Path {
                slot: 13,
                depth: 2,
                idx: [0, 0, 0]
            }
        );
        assert_eq!(
            path(&g, 12 + 256 + 65536).unwrap(),
            Path {
                slot: 14,
                depth: 3,
                idx: [0, 0, 0]
            }
        );
        let last = 12 + 256 + 65536 + 256 * 256 * 256 - 1;
        assert_eq!(
            path(&g, last).unwrap(),
            Path {
                slot: 14,
                depth: 3,
                idx: [255, 255, 255]
            }
        );
        assert_eq!(path(&g, last + 1), None);
        assert_eq!(max_file_size(&g), (last + 1) * 1024);
    }
}
