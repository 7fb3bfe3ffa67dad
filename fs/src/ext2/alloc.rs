//! Block and inode allocation: bitmaps plus exact free counts in the group
//! descriptors and the superblock (ext2-doc §3.2, §3.4, §3.5).
//!
//! Locality: a new block is searched from a goal (the block after the
//! previous one of the file, or the start of the inode's group); a new
//! inode goes in its parent's group, except directories, which go to the
//! group with the most free inodes among those above average in free blocks
//! (a simplified Orlov allocator, as in Linux `find_group_orlov`).
//! Reserved GDT blocks (resize_inode) and all other metadata are marked in
//! use in the bitmaps by mke2fs, so honouring the bitmap never hands them out.

use super::{Ext2Fs, Geo, corrupt_err as corrupt};
use crate::layout::GROUP_DESC_SIZE;
use crate::source::{BlockSource, OverlayStore};
use crate::{FsError, Ino};

fn find_zero(bitmap: &[u8], start: u32, end: u32) -> Option<u32> {
    let mut i = start;
    while i < end {
        let byte = bitmap.get((i / 8) as usize).copied()?;
        if byte == 0xFF && i.is_multiple_of(8) {
            i += 8;
            continue;
        }
        if byte & (1 << (i % 8)) == 0 {
            return Some(i);
        }
        i += 1;
    }
    None
}

impl<S: BlockSource, O: OverlayStore> Ext2Fs<S, O> {
    /// Blocks in group `g` (the last group may be short).
    fn group_blocks(geo: &Geo, g: u32) -> u32 {
        let start = geo.first_data_block + g * geo.bpg;
        (geo.blocks_count - start).min(geo.bpg)
    }

    /// First block of inode `ino`'s group: the default allocation goal.
    pub(crate) fn group_goal(geo: &Geo, ino: Ino) -> u32 {
        let g = (ino.saturating_sub(1) / geo.ipg).min(geo.groups - 1);
        geo.first_data_block + g * geo.bpg
    }

    /// Adds `db` to the superblock's free block count and `di` to its free
    /// inode count.
    fn sb_counts(&mut self, geo: &Geo, db: i32, di: i32) -> Result<(), FsError> {
        let mut sb = self.sb_mut(geo)?;
        let b = sb.free_blocks_count().wrapping_add_signed(db);
        let i = sb.free_inodes_count().wrapping_add_signed(di);
        sb.set_free_blocks_count(b);
        sb.set_free_inodes_count(i);
        Ok(())
    }

    /// Allocates one block near `goal`.
    pub(crate) fn alloc_block(&mut self, geo: &Geo, goal: u32) -> Result<u32, FsError> {
        let goal = if goal < geo.first_data_block || goal >= geo.blocks_count {
            geo.first_data_block
        } else {
            goal
        };
        let g0 = (goal - geo.first_data_block) / geo.bpg;
        for k in 0..geo.groups {
            let g = (g0 + k) % geo.groups;
            let mut gd = self.read_gd(geo, g)?;
            if gd.free_blocks_count() == 0 {
                continue;
            }
            let n = Self::group_blocks(geo, g);
            let start = if k == 0 {
                (goal - geo.first_data_block) % geo.bpg
            } else {
                0
            };
            let bm_block = u64::from(gd.block_bitmap());
            let bitmap = self.cache.get(bm_block)?;
            let Some(bit) =
                find_zero(bitmap, start, n).or_else(|| find_zero(bitmap, 0, start.min(n)))
            else {
                return Err(corrupt(format!(
                    "group {g} claims free blocks but its bitmap is full"
                )));
            };
            let bm = self.cache.get_mut(bm_block)?;
            bm[(bit / 8) as usize] |= 1 << (bit % 8);
            gd.set_free_blocks_count(gd.free_blocks_count() - 1);
            self.write_gd(geo, g, &gd)?;
            self.sb_counts(geo, -1, 0)?;
            return Ok(geo.first_data_block + g * geo.bpg + bit);
        }
        Err(FsError::NoSpace)
    }

    /// Frees data or indirect block `b` and tells the cache it is free
    /// ([`BlockCache::discard`](crate::BlockCache::discard): the overlay
    /// may forget it). An error if `b` is out of range, already free, or
    /// metadata the overlay must keep: the primary superblock and group
    /// descriptors, or its group's bitmaps and inode table (Linux refuses
    /// the same in `ext2_free_blocks`, fs/ext2/balloc.c: "Freeing blocks in
    /// system zones"). Only a corrupt block map can ask for those.
    pub(crate) fn free_block(&mut self, geo: &Geo, b: u32) -> Result<(), FsError> {
        if b < geo.first_data_block || b >= geo.blocks_count {
            return Err(corrupt(format!("freeing block {b} out of range")));
        }
        let g = (b - geo.first_data_block) / geo.bpg;
        let bit = (b - geo.first_data_block) % geo.bpg;
        let mut gd = self.read_gd(geo, g)?;
        let gdt_end = u64::from(geo.gdt_block)
            + (u64::from(geo.groups) * GROUP_DESC_SIZE as u64).div_ceil(u64::from(geo.bs));
        let itable = u64::from(gd.inode_table());
        let itable_end =
            itable + (u64::from(geo.ipg) * u64::from(geo.inode_size)).div_ceil(u64::from(geo.bs));
        let b64 = u64::from(b);
        if b64 < gdt_end
            || b == gd.block_bitmap()
            || b == gd.inode_bitmap()
            || (itable..itable_end).contains(&b64)
        {
            return Err(corrupt(format!(
                "freeing block {b}, which holds file-system metadata (a block pointer into a system zone)"
            )));
        }
        let bm = self.cache.get_mut(u64::from(gd.block_bitmap()))?;
        let byte = &mut bm[(bit / 8) as usize];
        if *byte & (1 << (bit % 8)) == 0 {
            return Err(corrupt(format!(
                "block {b} freed twice (shared or cyclic block pointers)"
            )));
        }
        *byte &= !(1 << (bit % 8));
        gd.set_free_blocks_count(gd.free_blocks_count().wrapping_add(1));
        self.write_gd(geo, g, &gd)?;
        self.sb_counts(geo, 1, 0)?;
        self.cache.discard(b64);
        Ok(())
    }

    /// Picks the group for a new inode.
    fn pick_inode_group(&mut self, geo: &Geo, parent: Ino, dir: bool) -> Result<u32, FsError> {
        let pg = ((parent.saturating_sub(1)) / geo.ipg).min(geo.groups - 1);
        if dir && geo.groups > 1 {
            let (free_b, free_i) = {
                let sb = self.sb(geo)?;
                (sb.free_blocks_count(), sb.free_inodes_count())
            };
            let avg_b = free_b / geo.groups;
            let avg_i = free_i / geo.groups;
            let mut best: Option<(u32, u16)> = None;
            for k in 0..geo.groups {
                let g = (pg + k) % geo.groups;
                let gd = self.read_gd(geo, g)?;
                let fi = gd.free_inodes_count();
                if fi == 0 || u32::from(fi) < avg_i || u32::from(gd.free_blocks_count()) < avg_b {
                    continue;
                }
                if best.is_none_or(|(_, f)| fi > f) {
                    best = Some((g, fi));
                }
            }
            if let Some((g, _)) = best {
                return Ok(g);
            }
        }
        for k in 0..geo.groups {
            let g = (pg + k) % geo.groups;
            if self.read_gd(geo, g)?.free_inodes_count() > 0 {
                return Ok(g);
            }
        }
        Err(FsError::NoSpace)
    }

    /// Allocates an inode for a child of `parent`.
    pub(crate) fn alloc_inode(
        &mut self,
        geo: &Geo,
        parent: Ino,
        dir: bool,
    ) -> Result<Ino, FsError> {
        let g0 = self.pick_inode_group(geo, parent, dir)?;
        for k in 0..geo.groups {
            let g = (g0 + k) % geo.groups;
            let mut gd = self.read_gd(geo, g)?;
            if gd.free_inodes_count() == 0 {
                continue;
            }
            let base = g * geo.ipg;
            // Inodes below first_ino are reserved.
            let start = geo
                .first_ino
                .saturating_sub(1)
                .saturating_sub(base)
                .min(geo.ipg);
            let n = geo.ipg.min(geo.inodes_count - base);
            let bm_block = u64::from(gd.inode_bitmap());
            let Some(bit) = find_zero(self.cache.get(bm_block)?, start, n) else {
                return Err(corrupt(format!(
                    "group {g} claims free inodes but its bitmap is full"
                )));
            };
            let bm = self.cache.get_mut(bm_block)?;
            bm[(bit / 8) as usize] |= 1 << (bit % 8);
            gd.set_free_inodes_count(gd.free_inodes_count() - 1);
            if dir {
                gd.set_used_dirs_count(gd.used_dirs_count().wrapping_add(1));
            }
            self.write_gd(geo, g, &gd)?;
            self.sb_counts(geo, 0, -1)?;
            return Ok(base + bit + 1);
        }
        Err(FsError::NoSpace)
    }

    /// Marks inode `ino` free in its bitmap and counts.
    pub(crate) fn free_inode_bit(&mut self, geo: &Geo, ino: Ino, dir: bool) -> Result<(), FsError> {
        if ino < geo.first_ino || ino > geo.inodes_count {
            return Err(corrupt(format!(
                "freeing reserved or out-of-range inode {ino}"
            )));
        }
        let g = (ino - 1) / geo.ipg;
        let bit = (ino - 1) % geo.ipg;
        let mut gd = self.read_gd(geo, g)?;
        let bm = self.cache.get_mut(u64::from(gd.inode_bitmap()))?;
        let byte = &mut bm[(bit / 8) as usize];
        if *byte & (1 << (bit % 8)) == 0 {
            return Err(corrupt(format!("inode {ino} freed twice")));
        }
        *byte &= !(1 << (bit % 8));
        gd.set_free_inodes_count(gd.free_inodes_count().wrapping_add(1));
        if dir {
            gd.set_used_dirs_count(gd.used_dirs_count().wrapping_sub(1));
        }
        self.write_gd(geo, g, &gd)?;
        self.sb_counts(geo, 0, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::find_zero;

    #[test]
    fn find_zero_bits() {
        assert_eq!(find_zero(&[0xFF, 0x0F], 0, 16), Some(12));
        assert_eq!(find_zero(&[0xFF, 0xFF], 0, 16), None);
        assert_eq!(find_zero(&[0xFE], 3, 8), None);
        assert_eq!(find_zero(&[0x00], 3, 8), Some(3));
        assert_eq!(find_zero(&[0xFF], 0, 100), None);
    }
}
