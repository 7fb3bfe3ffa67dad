//! The ext2 file system over a [`BlockCache`] (revision 0 and 1; 1/2/4 KiB
//! blocks; filetype, sparse_super, large_file; ext_attr blocks kept,
//! resize_inode respected, dir_index read as linear directories).
//!
//! Source of truth: "The Second Extended File System", Dave Poirier
//! (nongnu.org/ext2-doc), and e2fsprogs' `lib/ext2fs/ext2_fs.h`.
//!
//! All persistent state lives in cache blocks (superblock, group
//! descriptors, bitmaps, inodes); [`Ext2Fs`] keeps only the immutable
//! geometry and the set of pinned (open) inodes, so rolling back a
//! transaction needs nothing beyond dropping its blocks.
//!
//! Submodules: `alloc` (bitmaps and free counts), `bmap` (block maps, file
//! data, truncate), `dir` (directory entries), `ops` (the public operations),
//! `format` (making an empty volume in memory, for tmpfs).

mod alloc;
mod bmap;
mod dir;
mod format;
mod ops;

pub use format::{FORMAT_INODE_SIZE, FormatOptions, MAX_FORMAT_METADATA, MIN_INODES, format};

use std::collections::HashSet;

use crate::cache::BlockCache;
use crate::layout::{
    GROUP_DESC_SIZE, GroupDesc, INODE_LARGE_SIZE, Inode, SUPERBLOCK_OFFSET, Superblock, feature,
};
use crate::source::{BlockSource, OverlayStore};
use crate::{FsError, Ino, MountError, MountOptions};

/// The base inode record we read and write (the first 128 bytes).
pub(crate) type InodeRec = Inode<[u8; INODE_LARGE_SIZE]>;

/// `i_flags` bit: hashed-index directory (`EXT2_INDEX_FL`).
pub(crate) const INDEX_FL: u32 = 0x1000;

/// The geometry read from the superblock at mount; never changes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geo {
    pub bs: u32,
    pub blocks_count: u32,
    pub inodes_count: u32,
    pub first_data_block: u32,
    pub bpg: u32,
    pub ipg: u32,
    pub inode_size: u32,
    pub first_ino: u32,
    pub groups: u32,
    pub gdt_block: u32,
    pub filetype: bool,
    /// Revision 0 has no large_file feature: files stay under 2 GiB.
    pub rev0: bool,
    pub read_only: bool,
    /// Block holding the primary superblock, and its offset there.
    pub sb_block: u64,
    pub sb_off: usize,
}

impl Geo {
    /// Pointers per indirect block.
    pub fn ptrs(&self) -> u64 {
        u64::from(self.bs / 4)
    }
}

/// An ext2 file system. Operations take inode numbers; each is one
/// transaction against the cache (see the crate docs).
#[derive(Debug)]
pub struct Ext2Fs<S, O> {
    pub(crate) cache: BlockCache<S, O>,
    pub(crate) geo: Option<Geo>,
    pub(crate) opts: MountOptions,
    pub(crate) pinned: HashSet<Ino>,
    /// Pinned inodes made without a name ([`Ext2Fs::tmpfile`]) that
    /// [`Ext2Fs::link`] may still name (Linux's `I_LINKABLE`).
    pub(crate) linkable: HashSet<Ino>,
}

pub(crate) fn corrupt(msg: impl Into<String>) -> FsError {
    FsError::Io(format!("corrupt file system: {}", msg.into()))
}
pub(crate) use corrupt as corrupt_err;

impl<S: BlockSource, O: OverlayStore> Ext2Fs<S, O> {
    /// An unmounted file system over `source` and `overlay`; call
    /// [`Ext2Fs::mount`] (again after each `MountError::Pending`).
    pub fn new(source: S, overlay: O, opts: MountOptions) -> Self {
        Self {
            cache: BlockCache::new(source, overlay, opts.cache_bytes),
            geo: None,
            opts,
            pinned: HashSet::new(),
            linkable: HashSet::new(),
        }
    }

    /// [`Ext2Fs::new`] then [`Ext2Fs::mount`] (for sources that never pend).
    pub fn open(source: S, overlay: O, opts: MountOptions) -> Result<Self, MountError> {
        let mut fs = Self::new(source, overlay, opts);
        fs.mount()?;
        Ok(fs)
    }

    /// Reads and checks the superblock and group descriptors. Overlay blocks
    /// win over the base image. Refuses unknown incompat features; mounts
    /// read-only if there are unknown ro_compat features.
    pub fn mount(&mut self) -> Result<(), MountError> {
        let mut raw = vec![0u8; 1024];
        self.cache.read_base(SUPERBLOCK_OFFSET, &mut raw)?;
        let sb0 = Superblock::new_checked(&raw[..])
            .map_err(|_| MountError::Corrupt("short superblock".into()))?;
        let bs = if sb0.magic() == Superblock::<&[u8]>::MAGIC {
            sb0.block_size().filter(|b| *b <= 32768).ok_or_else(|| {
                MountError::Corrupt(format!(
                    "block size 1024<<{} is not supported",
                    sb0.log_block_size()
                ))
            })?
        } else {
            self.overlay_only_block_size()
                .ok_or(MountError::BadMagic(sb0.magic()))?
        };
        self.cache.set_block_size(bs as usize);
        let sb_block = SUPERBLOCK_OFFSET / u64::from(bs);
        let sb_off = (SUPERBLOCK_OFFSET % u64::from(bs)) as usize;
        // The overlay may hold a newer superblock.
        let blk = self.cache.get(sb_block)?;
        let sb = Superblock::new_checked(&blk[sb_off..])
            .map_err(|_| MountError::Corrupt("short superblock".into()))?;
        if sb.magic() != Superblock::<&[u8]>::MAGIC {
            return Err(MountError::BadMagic(sb.magic()));
        }
        let incompat = sb.feature_incompat();
        if incompat & feature::INCOMPAT_RECOVER != 0 {
            return Err(MountError::NeedsRecovery);
        }
        let unsupported = incompat & !feature::INCOMPAT_SUPPORTED;
        if sb.rev_level() > 0 && unsupported != 0 {
            let names: Vec<String> = (0..32)
                .map(|i| 1u32 << i)
                .filter(|b| unsupported & b != 0)
                .map(|b| format!("{} ({b:#x})", feature::incompat_name(b)))
                .collect();
            return Err(MountError::UnsupportedFeature(names.join(", ")));
        }
        let rev = sb.rev_level();
        if rev > 1 {
            return Err(MountError::UnsupportedFeature(format!("revision {rev}")));
        }
        let ro_unknown = rev > 0 && sb.feature_ro_compat() & !feature::RO_COMPAT_SUPPORTED != 0;
        let bpg = sb.blocks_per_group();
        let ipg = sb.inodes_per_group();
        let inode_size = u32::from(sb.effective_inode_size());
        let blocks_count = sb.blocks_count();
        let fdb = sb.first_data_block();
        let bad = |m: String| Err(MountError::Corrupt(m));
        if bpg < 8 || bpg % 8 != 0 || bpg > 8 * bs {
            return bad(format!("blocks per group {bpg}"));
        }
        if ipg == 0 || ipg > 8 * bs {
            return bad(format!("inodes per group {ipg}"));
        }
        if inode_size < 128 || inode_size > bs || !inode_size.is_power_of_two() {
            return bad(format!("inode size {inode_size}"));
        }
        if fdb != u32::from(bs == 1024) || blocks_count <= fdb {
            return bad(format!("first data block {fdb} with {blocks_count} blocks"));
        }
        let groups = (blocks_count - fdb).div_ceil(bpg);
        let inodes_count = sb.inodes_count();
        if inodes_count == 0 || u64::from(inodes_count) > u64::from(groups) * u64::from(ipg) {
            return bad(format!("{inodes_count} inodes in {groups} groups of {ipg}"));
        }
        let first_ino = sb.effective_first_ino();
        if first_ino < 11 || first_ino > inodes_count {
            return bad(format!("first inode {first_ino}"));
        }
        let need = u64::from(blocks_count) * u64::from(bs);
        let have = self.cache.source().size();
        if have < need {
            return Err(MountError::Truncated { need, have });
        }
        let gdt_block = fdb + 1;
        let gdt_blocks = (u64::from(groups) * GROUP_DESC_SIZE as u64).div_ceil(u64::from(bs));
        if u64::from(gdt_block) + gdt_blocks > u64::from(blocks_count) {
            return bad("group descriptor table past the end".into());
        }
        let geo = Geo {
            bs,
            blocks_count,
            inodes_count,
            first_data_block: fdb,
            bpg,
            ipg,
            inode_size,
            first_ino,
            groups,
            gdt_block,
            filetype: rev > 0 && incompat & feature::INCOMPAT_FILETYPE != 0,
            rev0: rev == 0,
            read_only: self.opts.read_only || ro_unknown,
            sb_block,
            sb_off,
        };
        // Check every group descriptor points inside the volume.
        let itable_blocks = (u64::from(ipg) * u64::from(inode_size)).div_ceil(u64::from(bs));
        for g in 0..groups {
            let gd = read_gd(&mut self.cache, &geo, g)?;
            let ok = |b: u64, n: u64| b >= u64::from(fdb) && b + n <= u64::from(blocks_count);
            if !ok(gd.block_bitmap().into(), 1)
                || !ok(gd.inode_bitmap().into(), 1)
                || !ok(gd.inode_table().into(), itable_blocks)
            {
                return bad(format!("group {g} descriptor points outside the volume"));
            }
        }
        self.geo = Some(geo);
        Ok(())
    }

    /// The block size of a superblock that only the overlay holds: a volume
    /// made by [`format`] over a [`ZeroSource`](crate::ZeroSource) (tmpfs).
    /// Tries each block size the mount accepts for the block holding byte
    /// 1024; `None` if no overlay block there is a superblock of that size.
    fn overlay_only_block_size(&mut self) -> Option<u32> {
        (0..=5).map(|log| 1024u32 << log).find(|&bs| {
            let mut buf = vec![0u8; bs as usize];
            let block = SUPERBLOCK_OFFSET / u64::from(bs);
            let off = (SUPERBLOCK_OFFSET % u64::from(bs)) as usize;
            matches!(self.cache.overlay_mut().read(block, &mut buf), Ok(true))
                && Superblock::new_checked(&buf[off..]).is_ok_and(|sb| {
                    sb.magic() == Superblock::<&[u8]>::MAGIC && sb.block_size() == Some(bs)
                })
        })
    }

    /// True if mounted read-only (asked for, or unknown ro_compat features).
    #[must_use]
    pub fn is_read_only(&self) -> bool {
        self.geo.is_none_or(|g| g.read_only)
    }

    /// Block size (0 before mount).
    #[must_use]
    pub fn block_size(&self) -> u32 {
        self.geo.map_or(0, |g| g.bs)
    }

    /// The base source, e.g. to hand it fetched chunks.
    pub fn source_mut(&mut self) -> &mut S {
        self.cache.source_mut()
    }

    /// The overlay store.
    pub fn overlay(&self) -> &O {
        self.cache.overlay()
    }

    /// The overlay store (e.g. to flush a [`FileWriteBack`](crate::native)).
    pub fn overlay_mut(&mut self) -> &mut O {
        self.cache.overlay_mut()
    }

    /// The cache (statistics, sequence number).
    pub fn cache(&self) -> &BlockCache<S, O> {
        &self.cache
    }

    /// Unmounts, giving back the source and the overlay.
    pub fn into_parts(self) -> (S, O) {
        self.cache.into_parts()
    }

    pub(crate) fn geo(&self) -> Result<Geo, FsError> {
        self.geo
            .ok_or_else(|| FsError::Io("the file system is not mounted".into()))
    }

    /// Runs `f` as one transaction: commit on success, roll back on error.
    pub(crate) fn txn<T>(
        &mut self,
        write: bool,
        f: impl FnOnce(&mut Self, Geo) -> Result<T, FsError>,
    ) -> Result<T, FsError> {
        let geo = self.geo()?;
        if write && geo.read_only {
            return Err(FsError::ReadOnly);
        }
        self.cache.begin();
        match f(self, geo) {
            Ok(v) => {
                self.cache.commit()?;
                Ok(v)
            }
            Err(e) => {
                self.cache.rollback();
                Err(e)
            }
        }
    }

    /// Block and byte offset of inode `ino`'s record.
    fn inode_loc(&mut self, geo: &Geo, ino: Ino) -> Result<(u64, usize), FsError> {
        if ino == 0 || ino > geo.inodes_count {
            return Err(corrupt(format!("inode number {ino} out of range")));
        }
        let g = (ino - 1) / geo.ipg;
        let idx = u64::from((ino - 1) % geo.ipg);
        let gd = read_gd(&mut self.cache, geo, g)?;
        let byte = idx * u64::from(geo.inode_size);
        let block = u64::from(gd.inode_table()) + byte / u64::from(geo.bs);
        Ok((block, (byte % u64::from(geo.bs)) as usize))
    }

    pub(crate) fn read_inode(&mut self, geo: &Geo, ino: Ino) -> Result<InodeRec, FsError> {
        let (b, off) = self.inode_loc(geo, ino)?;
        let blk = self.cache.get(b)?;
        let mut rec = [0u8; INODE_LARGE_SIZE];
        let n = record_len(geo);
        rec[..n].copy_from_slice(&blk[off..off + n]);
        Inode::new_checked(rec).map_err(|_| corrupt("short inode"))
    }

    pub(crate) fn write_inode(
        &mut self,
        geo: &Geo,
        ino: Ino,
        rec: &InodeRec,
    ) -> Result<(), FsError> {
        let (b, off) = self.inode_loc(geo, ino)?;
        let blk = self.cache.get_mut(b)?;
        let n = record_len(geo);
        blk[off..off + n].copy_from_slice(&rec.as_bytes()[..n]);
        Ok(())
    }

    /// Zeroes the whole on-disk record of a new inode and sets
    /// `i_extra_isize` for large inodes (as mke2fs and Linux do).
    pub(crate) fn init_inode_record(&mut self, geo: &Geo, ino: Ino) -> Result<(), FsError> {
        let (b, off) = self.inode_loc(geo, ino)?;
        let size = geo.inode_size as usize;
        let blk = self.cache.get_mut(b)?;
        blk[off..off + size].fill(0);
        if size >= 160 {
            blk[off + 128..off + 130].copy_from_slice(&32u16.to_le_bytes());
        }
        Ok(())
    }

    pub(crate) fn read_gd(
        &mut self,
        geo: &Geo,
        g: u32,
    ) -> Result<GroupDesc<[u8; GROUP_DESC_SIZE]>, FsError> {
        read_gd(&mut self.cache, geo, g)
    }

    pub(crate) fn write_gd(
        &mut self,
        geo: &Geo,
        g: u32,
        gd: &GroupDesc<[u8; GROUP_DESC_SIZE]>,
    ) -> Result<(), FsError> {
        let (b, off) = gd_loc(geo, g);
        let blk = self.cache.get_mut(b)?;
        blk[off..off + GROUP_DESC_SIZE].copy_from_slice(gd.as_bytes());
        Ok(())
    }

    /// The superblock inside the open transaction, writable.
    pub(crate) fn sb_mut(&mut self, geo: &Geo) -> Result<Superblock<&mut [u8]>, FsError> {
        let blk = self.cache.get_mut(geo.sb_block)?;
        Superblock::new_checked(&mut blk[geo.sb_off..])
            .map_err(|_| corrupt("short superblock block"))
    }

    pub(crate) fn sb(&mut self, geo: &Geo) -> Result<Superblock<&[u8]>, FsError> {
        let blk = self.cache.get(geo.sb_block)?;
        Superblock::new_checked(&blk[geo.sb_off..]).map_err(|_| corrupt("short superblock block"))
    }
}

fn gd_loc(geo: &Geo, g: u32) -> (u64, usize) {
    let byte = u64::from(g) * GROUP_DESC_SIZE as u64;
    (
        u64::from(geo.gdt_block) + byte / u64::from(geo.bs),
        (byte % u64::from(geo.bs)) as usize,
    )
}

fn read_gd<S: BlockSource, O: OverlayStore>(
    cache: &mut BlockCache<S, O>,
    geo: &Geo,
    g: u32,
) -> Result<GroupDesc<[u8; GROUP_DESC_SIZE]>, FsError> {
    if g >= geo.groups {
        return Err(corrupt(format!("group {g} out of range")));
    }
    let (b, off) = gd_loc(geo, g);
    let blk = cache.get(b)?;
    let mut raw = [0u8; GROUP_DESC_SIZE];
    raw.copy_from_slice(&blk[off..off + GROUP_DESC_SIZE]);
    GroupDesc::new_checked(raw).map_err(|_| corrupt("short group descriptor"))
}

/// The bytes of an inode record tabvm reads and writes: the base record,
/// plus the large-inode fields it knows where the records are large.
fn record_len(geo: &Geo) -> usize {
    (geo.inode_size as usize).min(INODE_LARGE_SIZE)
}
