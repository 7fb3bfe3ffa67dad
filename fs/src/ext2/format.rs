//! Making an empty ext2 volume in memory: what `mke2fs -t ext2 -O
//! none,filetype,sparse_super,large_file -I 256 -m 0` makes, without mke2fs.
//! It is the base of the kernel's tmpfs mounts (`/tmp`, `/run`, `/dev/shm`),
//! formatted at boot and never persisted.
//!
//! [`format`] returns a [`MemOverlay`] holding exactly the volume's non-zero
//! blocks; over a [`ZeroSource`](crate::source::ZeroSource) of
//! [`FormatOptions::volume_bytes`] bytes it is the whole volume. Empty
//! inode-table blocks are zeros and are not stored, so the overlay costs
//! about two blocks (a bitmap pair) per block group: 1/16384 of the volume
//! with 4 KiB blocks (32 KiB for 512 MiB), never the volume itself.
//!
//! Layout (ext2-doc §2 "Disk Organization", §3.1 to §3.5; e2fsprogs'
//! `lib/ext2fs/initialize.c` and `alloc_tables.c` for the choices mke2fs
//! makes): every group of `8 * block_size` blocks begins with, if it keeps a
//! superblock copy (groups 0, 1 and powers of 3, 5 and 7: sparse_super), the
//! superblock and the group descriptor table; then its block bitmap, inode
//! bitmap and inode table. The root directory's one block follows group 0's
//! inode table. Bitmap bits past the end of a group are set, as e2fsck's
//! pass 5 requires. Inodes 1 to 10 are reserved and zero but for the root
//! (2). There is no lost+found: `e2fsck -fn` accepts its absence and a tmpfs
//! has none. No blocks are reserved for root (`s_r_blocks_count` 0).

use std::collections::HashMap;

use crate::layout::{
    DirEntry, GROUP_DESC_SIZE, GroupDesc, INODE_BASE_SIZE, Inode, SUPERBLOCK_OFFSET,
    SUPERBLOCK_SIZE, Superblock, dirent_len, feature,
};
use crate::source::MemOverlay;
use crate::{FileType, FsError, ROOT_INO};

/// Inode record size of formatted volumes: 256, as mke2fs makes them (room
/// for `i_extra_isize` and the extra time fields; the mount code and e2fsck
/// both take it).
pub const FORMAT_INODE_SIZE: u32 = 256;

/// Fewest inodes [`format`](fn@format) accepts.
pub const MIN_INODES: u32 = 16;

/// Most bytes of metadata [`format`](fn@format) will hold in memory (64 MiB: a 1 TiB
/// volume with 4 KiB blocks); a larger volume is refused with
/// [`FsError::InvalidArgument`] rather than allocated.
pub const MAX_FORMAT_METADATA: u64 = 64 << 20;

/// `s_first_ino`: inodes below it are reserved (ext2-doc §3.1.24).
const FIRST_INO: u32 = 11;
/// `i_extra_isize`'s offset in `struct ext2_inode_large` (`ext2_fs.h`), and
/// the value mke2fs and Linux give it: the extra fields up to `i_crtime_extra`.
const EXTRA_ISIZE_OFFSET: usize = INODE_BASE_SIZE;
const EXTRA_ISIZE: u16 = 32;

/// What volume to make. Sizes count blocks of `block_size` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatOptions {
    /// 1024, 2048 or 4096.
    pub block_size: u32,
    /// Blocks in the volume. Exact, unless the last group would be too
    /// short for its own bitmaps and inode table: that partial group is then
    /// dropped, as mke2fs does (`s_blocks_count` shrinks by under one
    /// group).
    pub blocks: u32,
    /// Inodes wanted (at least [`MIN_INODES`]). Rounded up so every group
    /// has the same number, filling whole inode-table blocks, in multiples
    /// of 8 (ext2-doc §3.1.11); at least 16 per group.
    pub inodes: u32,
    /// The root directory's permission bits including the sticky bit (e.g.
    /// `0o1777`); type bits are ignored (`& 0o7777`).
    pub root_mode: u16,
    /// The root directory's owner.
    pub root_uid: u16,
    /// The root directory's group.
    pub root_gid: u16,
    /// The time of formatting (seconds since the epoch): the root's times,
    /// `s_mkfs_time`, `s_wtime`, `s_lastcheck`.
    pub now: u32,
    /// `s_uuid`.
    pub uuid: [u8; 16],
    /// `s_volume_name` (NUL-padded).
    pub label: [u8; 16],
}

impl FormatOptions {
    /// Bytes the base source must hold: `blocks * block_size`.
    #[must_use]
    pub fn volume_bytes(&self) -> u64 {
        u64::from(self.blocks) * u64::from(self.block_size)
    }
}

/// The geometry [`format`] lays out (ext2-doc §3.1's counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plan {
    bs: u32,
    /// `s_blocks_count`.
    blocks: u32,
    /// `s_first_data_block`: 1 with 1 KiB blocks (block 0 is the boot
    /// block), else 0.
    fdb: u32,
    bpg: u32,
    groups: u32,
    ipg: u32,
    /// Inode-table blocks per group.
    itb: u32,
    /// Group descriptor table blocks.
    gdt_blocks: u32,
}

/// The error for options that cannot make a volume; `why` documents the
/// call site (`FsError::InvalidArgument` carries no text: it is EINVAL).
fn invalid(why: &'static str) -> FsError {
    let _ = why;
    FsError::InvalidArgument
}

/// True if group `g` keeps a superblock copy: 0, 1, and the powers of 3, 5
/// and 7 (sparse_super, ext2-doc §3.1.41 `EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER`).
fn has_super(g: u32) -> bool {
    if g <= 1 {
        return true;
    }
    [3u32, 5, 7].iter().any(|&p| {
        let mut x = p;
        while x < g {
            x = x.saturating_mul(p);
        }
        x == g
    })
}

/// Sets bits `from..to` of `bitmap` (bit `i` is bit `i % 8` of byte `i / 8`,
/// ext2-doc §3.4); bits past the buffer are ignored.
fn set_bits(bitmap: &mut [u8], from: u32, to: u32) {
    for i in from..to {
        if let Some(b) = bitmap.get_mut((i / 8) as usize) {
            *b |= 1 << (i % 8);
        }
    }
}

impl Plan {
    fn new(opts: &FormatOptions) -> Result<Self, FsError> {
        let bs = opts.block_size;
        if !matches!(bs, 1024 | 2048 | 4096) {
            return Err(invalid("block size must be 1024, 2048 or 4096"));
        }
        if opts.inodes < MIN_INODES {
            return Err(invalid("fewer than 16 inodes"));
        }
        let fdb = u32::from(bs == 1024);
        let bpg = 8 * bs;
        let ipb = bs / FORMAT_INODE_SIZE;
        let mut blocks = opts.blocks;
        // Twice at most: dropping a short last group leaves a full one.
        for _ in 0..2 {
            if blocks <= fdb {
                return Err(invalid("no blocks"));
            }
            let groups = (blocks - fdb).div_ceil(bpg);
            // Two bitmaps per group are always stored: bound the memory first.
            if u64::from(groups) * 2 * u64::from(bs) > MAX_FORMAT_METADATA {
                return Err(invalid("volume too large to format in memory"));
            }
            let want = opts.inodes.div_ceil(groups).max(MIN_INODES);
            if want > bpg {
                return Err(invalid("more inodes per group than a bitmap block holds"));
            }
            // 8 * bs is a multiple of both 8 and ipb, so this stays <= bpg.
            let ipg = want.next_multiple_of(ipb.max(8));
            let gdt_blocks = (groups * GROUP_DESC_SIZE as u32).div_ceil(bs);
            let plan = Plan {
                bs,
                blocks,
                fdb,
                bpg,
                groups,
                ipg,
                itb: ipg / ipb,
                gdt_blocks,
            };
            u32::try_from(u64::from(ipg) * u64::from(groups))
                .map_err(|_| invalid("more than 2^32 inodes"))?;
            // Every full group must hold the largest overhead (with a
            // superblock copy), and group 0 the root directory's block too.
            if 1 + gdt_blocks + 2 + plan.itb + 1 > bpg {
                return Err(invalid("metadata does not fit in a block group"));
            }
            let last = groups - 1;
            let need = plan.overhead(last) + u32::from(last == 0);
            if plan.group_blocks(last) >= need {
                plan.check_metadata_size()?;
                return Ok(plan);
            }
            if last == 0 {
                return Err(invalid("too few blocks for the metadata"));
            }
            blocks = fdb + last * bpg;
        }
        Err(invalid("no geometry fits"))
    }

    fn inodes(&self) -> u32 {
        self.ipg * self.groups
    }

    fn group_start(&self, g: u32) -> u32 {
        self.fdb + g * self.bpg
    }

    /// Blocks in group `g`; the last may be short.
    fn group_blocks(&self, g: u32) -> u32 {
        (self.blocks - self.group_start(g)).min(self.bpg)
    }

    /// Blocks of the superblock copy and descriptor table at the start of
    /// group `g` (0 without a copy).
    fn super_blocks(&self, g: u32) -> u32 {
        if has_super(g) { 1 + self.gdt_blocks } else { 0 }
    }

    /// Metadata blocks at the start of group `g`.
    fn overhead(&self, g: u32) -> u32 {
        self.super_blocks(g) + 2 + self.itb
    }

    fn block_bitmap(&self, g: u32) -> u32 {
        self.group_start(g) + self.super_blocks(g)
    }

    fn inode_table(&self, g: u32) -> u32 {
        self.block_bitmap(g) + 2
    }

    /// The root directory's block: the first after group 0's inode table.
    fn root_block(&self) -> u32 {
        self.inode_table(0) + self.itb
    }

    /// Blocks used at the start of group `g`.
    fn used(&self, g: u32) -> u32 {
        self.overhead(g) + u32::from(g == 0)
    }

    /// Refuses geometries whose stored metadata would pass
    /// [`MAX_FORMAT_METADATA`].
    fn check_metadata_size(&self) -> Result<(), FsError> {
        let supers = (0..self.groups).filter(|&g| has_super(g)).count() as u64;
        // Per group two bitmaps; per copy the superblock and descriptors;
        // plus the root's inode-table block and directory block.
        let blocks = u64::from(self.groups) * 2 + supers * u64::from(1 + self.gdt_blocks) + 2;
        if blocks * u64::from(self.bs) > MAX_FORMAT_METADATA {
            return Err(invalid("volume too large to format in memory"));
        }
        Ok(())
    }
}

/// The block `b` of the volume being made, zeroed on first use.
fn block(out: &mut HashMap<u64, Vec<u8>>, b: u32, bs: u32) -> &mut Vec<u8> {
    out.entry(u64::from(b))
        .or_insert_with(|| vec![0; bs as usize])
}

/// Makes an empty, clean, revision-1 ext2 volume (features filetype,
/// sparse_super, large_file; 256-byte inodes) whose root directory (inode 2)
/// holds only `.` and `..`. Returns the overlay of its non-zero blocks: mount
/// it with `Ext2Fs::open(ZeroSource::new(opts.volume_bytes()), overlay,
/// MountOptions::default())`.
///
/// Fails with [`FsError::InvalidArgument`] for a block size other than
/// 1024, 2048 or 4096, fewer than [`MIN_INODES`] inodes, more inodes than
/// the groups' bitmaps hold, too few blocks for the metadata and the root
/// directory, or metadata over [`MAX_FORMAT_METADATA`].
pub fn format(opts: &FormatOptions) -> Result<MemOverlay, FsError> {
    let p = Plan::new(opts)?;
    let bs = p.bs;
    let mut out: HashMap<u64, Vec<u8>> = HashMap::new();

    // Group descriptors (ext2-doc §3.2) and the bitmaps (§3.4, §3.5).
    let mut gdt = vec![0u8; (p.gdt_blocks * bs) as usize];
    let mut free_blocks: u32 = 0;
    for g in 0..p.groups {
        let n = p.group_blocks(g);
        let used = p.used(g);
        let free = n - used;
        free_blocks += free;
        let reserved_inodes = if g == 0 { FIRST_INO - 1 } else { 0 };
        let o = g as usize * GROUP_DESC_SIZE;
        let mut gd = GroupDesc::new_checked(&mut gdt[o..o + GROUP_DESC_SIZE])
            .map_err(|_| invalid("descriptor table too short"))?;
        gd.set_block_bitmap(p.block_bitmap(g));
        gd.set_inode_bitmap(p.block_bitmap(g) + 1);
        gd.set_inode_table(p.inode_table(g));
        // Both fit: a group has at most 8 * 4096 = 32768 blocks and inodes.
        gd.set_free_blocks_count(free as u16);
        gd.set_free_inodes_count((p.ipg - reserved_inodes) as u16);
        gd.set_used_dirs_count(u16::from(g == 0));

        let bb = block(&mut out, p.block_bitmap(g), bs);
        set_bits(bb, 0, used);
        set_bits(bb, n, p.bpg);
        let mut ib = vec![0u8; bs as usize];
        set_bits(&mut ib, 0, reserved_inodes);
        set_bits(&mut ib, p.ipg, p.bpg);
        if ib.iter().any(|&b| b != 0) {
            out.insert(u64::from(p.block_bitmap(g) + 1), ib);
        }
    }

    // The superblock (ext2-doc §3.1), written to every copy.
    let mut raw = [0u8; SUPERBLOCK_SIZE];
    let mut sb = Superblock::new_checked(&mut raw[..]).map_err(|_| invalid("short superblock"))?;
    let log = bs.trailing_zeros() - 10;
    sb.set_inodes_count(p.inodes());
    sb.set_blocks_count(p.blocks);
    sb.set_r_blocks_count(0);
    sb.set_free_blocks_count(free_blocks);
    sb.set_free_inodes_count(p.inodes() - (FIRST_INO - 1));
    sb.set_first_data_block(p.fdb);
    sb.set_log_block_size(log);
    sb.set_log_frag_size(log);
    sb.set_blocks_per_group(p.bpg);
    sb.set_frags_per_group(p.bpg);
    sb.set_inodes_per_group(p.ipg);
    sb.set_wtime(opts.now);
    sb.set_max_mnt_count(0xFFFF);
    sb.set_magic(Superblock::<&[u8]>::MAGIC);
    sb.set_state(1);
    sb.set_errors(1);
    sb.set_lastcheck(opts.now);
    sb.set_rev_level(1);
    sb.set_first_ino(FIRST_INO);
    sb.set_inode_size(FORMAT_INODE_SIZE as u16);
    sb.set_feature_incompat(feature::INCOMPAT_FILETYPE);
    sb.set_feature_ro_compat(feature::RO_COMPAT_SPARSE_SUPER | feature::RO_COMPAT_LARGE_FILE);
    sb.set_uuid(opts.uuid);
    sb.set_volume_name(opts.label);
    sb.set_mkfs_time(opts.now);
    sb.set_min_extra_isize(EXTRA_ISIZE);
    sb.set_want_extra_isize(EXTRA_ISIZE);
    for g in (0..p.groups).filter(|&g| has_super(g)) {
        sb.set_block_group_nr(g as u16);
        // The primary sits at byte 1024 whatever the block size; the
        // copies at the start of their group's first block.
        let (b, off) = if g == 0 {
            (
                (SUPERBLOCK_OFFSET / u64::from(bs)) as u32,
                (SUPERBLOCK_OFFSET % u64::from(bs)) as usize,
            )
        } else {
            (p.group_start(g), 0)
        };
        block(&mut out, b, bs)[off..off + SUPERBLOCK_SIZE].copy_from_slice(sb.as_bytes());
        let d = p.group_start(g) + 1;
        for (i, chunk) in gdt.chunks(bs as usize).enumerate() {
            out.insert(u64::from(d) + i as u64, chunk.to_vec());
        }
    }

    // The root inode (ext2-doc §3.3) and its directory block (§4.1).
    let root_block = p.root_block();
    let it = block(&mut out, p.inode_table(0), bs);
    let off = (ROOT_INO - 1) as usize * FORMAT_INODE_SIZE as usize;
    let rec = &mut it[off..off + FORMAT_INODE_SIZE as usize];
    let mut ino = Inode::new_checked(&mut rec[..]).map_err(|_| invalid("short inode"))?;
    ino.set_mode(FileType::Directory.mode_bits() | (opts.root_mode & 0o7777));
    ino.set_uid(u32::from(opts.root_uid));
    ino.set_gid(u32::from(opts.root_gid));
    ino.set_size(u64::from(bs));
    ino.set_atime(opts.now);
    ino.set_ctime(opts.now);
    ino.set_mtime(opts.now);
    ino.set_links_count(2);
    ino.set_blocks(bs / 512);
    ino.set_block(0, root_block);
    rec[EXTRA_ISIZE_OFFSET..EXTRA_ISIZE_OFFSET + 2].copy_from_slice(&EXTRA_ISIZE.to_le_bytes());

    let dir = block(&mut out, root_block, bs);
    let dot = dirent_len(1);
    for (at, name, len) in [(0, &b"."[..], dot), (dot, &b".."[..], bs as usize - dot)] {
        let mut e = DirEntry::new_checked(&mut dir[at..]).map_err(|_| invalid("short block"))?;
        e.set_inode(ROOT_INO);
        e.set_rec_len(len as u16);
        e.set_name(name);
        e.set_file_type(FileType::Directory.dirent_code());
    }

    Ok(MemOverlay {
        blocks: out,
        ..MemOverlay::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(block_size: u32, blocks: u32, inodes: u32) -> FormatOptions {
        FormatOptions {
            block_size,
            blocks,
            inodes,
            root_mode: 0o1777,
            root_uid: 0,
            root_gid: 0,
            now: 1_700_000_000,
            uuid: [7; 16],
            label: *b"tmpfs\0\0\0\0\0\0\0\0\0\0\0",
        }
    }

    #[test]
    fn sparse_super_groups() {
        let with: Vec<u32> = (0..400).filter(|&g| has_super(g)).collect();
        assert_eq!(with, [0, 1, 3, 5, 7, 9, 25, 27, 49, 81, 125, 243, 343]);
    }

    #[test]
    fn plan_matches_mke2fs() {
        // `mke2fs -t ext2 -b 1024 -I 256 -N 64 img 4000k`: one group,
        // inode table at 5-20, first free block 22 after the root's.
        let p = Plan::new(&opts(1024, 4000, 64)).unwrap();
        assert_eq!((p.groups, p.ipg, p.itb, p.gdt_blocks), (1, 64, 16, 1));
        assert_eq!(
            (p.block_bitmap(0), p.inode_table(0), p.root_block()),
            (3, 5, 21)
        );
        // 4 KiB x 200,000 blocks: 7 groups, copies in 0, 1, 3, 5.
        let p = Plan::new(&opts(4096, 200_000, 50_000)).unwrap();
        assert_eq!(p.groups, 7);
        assert_eq!(p.ipg, 7152);
        assert_eq!(p.block_bitmap(2), 2 * 32768);
        assert_eq!(p.block_bitmap(3), 3 * 32768 + 2);
        assert_eq!(p.blocks, 200_000);
    }

    #[test]
    fn short_last_group_is_dropped() {
        // 2 KiB blocks, 16384 per group; a last group of 10 blocks cannot
        // hold two bitmaps and its inode table.
        let p = Plan::new(&opts(2048, 16384 + 10, 4096)).unwrap();
        assert_eq!((p.groups, p.blocks), (1, 16384));
        assert_eq!(p.ipg, 4096);
        // A group 1 long enough for its metadata stays.
        let q = Plan::new(&opts(2048, 16384 + 600, 4096)).unwrap();
        assert_eq!((q.groups, q.blocks), (2, 16984));
    }

    #[test]
    fn nonsense_is_refused() {
        for (bs, blocks, inodes) in [
            (512, 4096, 64),
            (8192, 4096, 64),
            (3000, 4096, 64),
            (1024, 4096, 15),
            (1024, 4096, 0),
            (1024, 0, 64),
            (1024, 1, 64),
            (1024, 20, 64),
            (4096, 4, 16),
            (1024, 4096, 8193),
            (4096, 100, 100_000),
            (1024, u32::MAX, 1 << 20),
            (4096, u32::MAX, u32::MAX),
        ] {
            assert_eq!(
                format(&opts(bs, blocks, inodes)).unwrap_err(),
                FsError::InvalidArgument,
                "{bs} {blocks} {inodes}"
            );
        }
    }

    #[test]
    fn mounts_over_zeros_at_every_block_size() {
        use crate::source::ZeroSource;
        use crate::{Ext2Fs, MountError, MountOptions};
        for bs in [1024, 2048, 4096] {
            let o = opts(bs, 40_000, 1000);
            let p = Plan::new(&o).unwrap();
            let mut fs = Ext2Fs::open(
                ZeroSource::new(o.volume_bytes()),
                format(&o).unwrap(),
                MountOptions::default(),
            )
            .unwrap();
            let st = fs.statfs().unwrap();
            assert_eq!(st.block_size, bs);
            assert_eq!(st.inodes, u64::from(p.inodes()));
            let meta: u32 = (0..p.groups).map(|g| p.used(g)).sum();
            assert_eq!(st.free_blocks, u64::from(p.blocks - p.fdb - meta));
            assert_eq!(fs.getattr(ROOT_INO).unwrap().mode, 0o41777);
        }
        // Zeros and an empty overlay are no volume.
        let e = Ext2Fs::open(
            ZeroSource::new(1 << 20),
            MemOverlay::default(),
            MountOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e, MountError::BadMagic(0));
    }

    #[test]
    fn only_metadata_is_stored() {
        // 512 MiB: 4 groups; copies in 0, 1, 3.
        let o = format(&opts(4096, 131_072, 32768)).unwrap();
        // 3 superblocks, 3 descriptor blocks, 4 block bitmaps, 4 inode
        // bitmaps (padded), the root's inode-table block and directory.
        assert_eq!(o.blocks.len(), 3 + 3 + 4 + 4 + 2);
        assert!(o.blocks.values().all(|b| b.len() == 4096));
        assert!(o.blocks.values().all(|b| b.iter().any(|&x| x != 0)));
    }
}
