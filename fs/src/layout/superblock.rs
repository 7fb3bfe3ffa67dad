//! The ext2 superblock: 1024 bytes at byte 1024 of the volume
//! (ext2-doc §3.1 "Superblock").

use super::{Truncated, le_fields};

/// Byte offset of the primary superblock from the start of the volume.
pub const SUPERBLOCK_OFFSET: u64 = 1024;
/// Size of the superblock structure.
pub const SUPERBLOCK_SIZE: usize = 1024;

/// Feature flags (ext2-doc §3.1.39-41, `ext2_fs.h` EXT2_FEATURE_*).
pub mod feature {
    /// compat: extended attribute blocks (`i_file_acl`).
    pub const COMPAT_EXT_ATTR: u32 = 0x0008;
    /// compat: reserved GDT blocks for online resize, owned by inode 7.
    pub const COMPAT_RESIZE_INODE: u32 = 0x0010;
    /// compat: hashed b-tree directories.
    pub const COMPAT_DIR_INDEX: u32 = 0x0020;
    /// incompat: directory entries carry a file type byte.
    pub const INCOMPAT_FILETYPE: u32 = 0x0002;
    /// incompat: the journal needs recovery.
    pub const INCOMPAT_RECOVER: u32 = 0x0004;
    /// ro_compat: superblock backups only in groups 0, 1 and powers of 3, 5, 7.
    pub const RO_COMPAT_SPARSE_SUPER: u32 = 0x0001;
    /// ro_compat: files may exceed 2 GiB (`i_size_high`).
    pub const RO_COMPAT_LARGE_FILE: u32 = 0x0002;
    /// The incompat features this implementation understands.
    pub const INCOMPAT_SUPPORTED: u32 = INCOMPAT_FILETYPE;
    /// The ro_compat features this implementation can write safely.
    pub const RO_COMPAT_SUPPORTED: u32 = RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE;

    /// Names of incompat bits, for error messages.
    #[must_use]
    pub fn incompat_name(bit: u32) -> &'static str {
        match bit {
            0x0001 => "compression",
            0x0002 => "filetype",
            0x0004 => "needs_recovery",
            0x0008 => "journal_dev",
            0x0010 => "meta_bg",
            0x0040 => "extent",
            0x0080 => "64bit",
            0x0100 => "mmp",
            0x0200 => "flex_bg",
            0x0400 => "ea_inode",
            0x1000 => "dirdata",
            0x2000 => "metadata_csum_seed",
            0x4000 => "large_dir",
            0x8000 => "inline_data",
            0x10000 => "encrypt",
            0x20000 => "casefold",
            _ => "unknown",
        }
    }
}

/// A view of the superblock.
#[derive(Debug, Clone)]
pub struct Superblock<T: AsRef<[u8]>> {
    buf: T,
}

impl<T: AsRef<[u8]>> Superblock<T> {
    /// The magic number in `s_magic`.
    pub const MAGIC: u16 = 0xEF53;

    /// Wraps `buf`, which must hold at least the 1024-byte superblock.
    pub fn new_checked(buf: T) -> Result<Self, Truncated> {
        let have = buf.as_ref().len();
        if have < SUPERBLOCK_SIZE {
            return Err(Truncated {
                need: SUPERBLOCK_SIZE,
                have,
            });
        }
        Ok(Self { buf })
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buf
    }

    /// Block size in bytes, `1024 << s_log_block_size`, or `None` if absurd.
    #[must_use]
    pub fn block_size(&self) -> Option<u32> {
        let log = self.log_block_size();
        if log > 6 { None } else { Some(1024 << log) }
    }

    /// Inode record size: 128 for revision 0, `s_inode_size` after.
    #[must_use]
    pub fn effective_inode_size(&self) -> u16 {
        if self.rev_level() == 0 {
            128
        } else {
            self.inode_size()
        }
    }

    /// First non-reserved inode: 11 for revision 0, `s_first_ino` after.
    #[must_use]
    pub fn effective_first_ino(&self) -> u32 {
        if self.rev_level() == 0 {
            11
        } else {
            self.first_ino()
        }
    }
}

impl<T: AsRef<[u8]>> Superblock<T> {
    /// `s_uuid`: the volume's 128-bit id.
    #[must_use]
    pub fn uuid(&self) -> [u8; 16] {
        let mut a = [0u8; 16];
        // In range: `new_checked` verified 1024 bytes.
        a.copy_from_slice(&self.buf.as_ref()[104..120]);
        a
    }

    /// `s_volume_name`: the label, NUL-padded.
    #[must_use]
    pub fn volume_name(&self) -> [u8; 16] {
        let mut a = [0u8; 16];
        a.copy_from_slice(&self.buf.as_ref()[120..136]);
        a
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Superblock<T> {
    /// Sets `s_uuid`.
    pub fn set_uuid(&mut self, v: [u8; 16]) {
        self.buf.as_mut()[104..120].copy_from_slice(&v);
    }

    /// Sets `s_volume_name`.
    pub fn set_volume_name(&mut self, v: [u8; 16]) {
        self.buf.as_mut()[120..136].copy_from_slice(&v);
    }
}

le_fields!(Superblock {
    /// `s_inodes_count`
    inodes_count / set_inodes_count: u32 = 0;
    /// `s_blocks_count`
    blocks_count / set_blocks_count: u32 = 4;
    /// `s_r_blocks_count`: blocks reserved for the superuser.
    r_blocks_count / set_r_blocks_count: u32 = 8;
    /// `s_free_blocks_count`
    free_blocks_count / set_free_blocks_count: u32 = 12;
    /// `s_free_inodes_count`
    free_inodes_count / set_free_inodes_count: u32 = 16;
    /// `s_first_data_block`: 1 for 1 KiB blocks, else 0.
    first_data_block / set_first_data_block: u32 = 20;
    /// `s_log_block_size`
    log_block_size / set_log_block_size: u32 = 24;
    /// `s_log_frag_size` (fragments were never implemented: equals the block size's)
    log_frag_size / set_log_frag_size: u32 = 28;
    /// `s_blocks_per_group`
    blocks_per_group / set_blocks_per_group: u32 = 32;
    /// `s_frags_per_group` (equals `s_blocks_per_group`)
    frags_per_group / set_frags_per_group: u32 = 36;
    /// `s_inodes_per_group`
    inodes_per_group / set_inodes_per_group: u32 = 40;
    /// `s_mtime`: last mount time.
    mtime / set_mtime: u32 = 44;
    /// `s_wtime`
    wtime / set_wtime: u32 = 48;
    /// `s_mnt_count`: mounts since the last check.
    mnt_count / set_mnt_count: u16 = 52;
    /// `s_max_mnt_count`: mounts before a check is due (`0xFFFF`: never).
    max_mnt_count / set_max_mnt_count: u16 = 54;
    /// `s_magic`
    magic / set_magic: u16 = 56;
    /// `s_state`: 1 clean, 2 errors.
    state / set_state: u16 = 58;
    /// `s_errors`: what to do on errors (1 continue, 2 remount read-only, 3 panic).
    errors / set_errors: u16 = 60;
    /// `s_minor_rev_level`
    minor_rev_level / set_minor_rev_level: u16 = 62;
    /// `s_lastcheck`: time of the last check.
    lastcheck / set_lastcheck: u32 = 64;
    /// `s_checkinterval`: seconds between forced checks (0: none).
    checkinterval / set_checkinterval: u32 = 68;
    /// `s_creator_os` (0 Linux)
    creator_os / set_creator_os: u32 = 72;
    /// `s_rev_level`: 0 good old, 1 dynamic.
    rev_level / set_rev_level: u32 = 76;
    /// `s_def_resuid`: user allowed to use the reserved blocks.
    def_resuid / set_def_resuid: u16 = 80;
    /// `s_def_resgid`: group allowed to use the reserved blocks.
    def_resgid / set_def_resgid: u16 = 82;
    /// `s_first_ino` (rev 1)
    first_ino / set_first_ino: u32 = 84;
    /// `s_inode_size` (rev 1)
    inode_size / set_inode_size: u16 = 88;
    /// `s_block_group_nr`: the group holding this copy of the superblock.
    block_group_nr / set_block_group_nr: u16 = 90;
    /// `s_feature_compat`
    feature_compat / set_feature_compat: u32 = 92;
    /// `s_feature_incompat`
    feature_incompat / set_feature_incompat: u32 = 96;
    /// `s_feature_ro_compat`
    feature_ro_compat / set_feature_ro_compat: u32 = 100;
    /// `s_reserved_gdt_blocks`
    reserved_gdt_blocks / set_reserved_gdt_blocks: u16 = 206;
    /// `s_desc_size` (only meaningful with the 64bit feature)
    desc_size / set_desc_size: u16 = 254;
    /// `s_mkfs_time`: when the file system was made.
    mkfs_time / set_mkfs_time: u32 = 264;
    /// `s_min_extra_isize`: `i_extra_isize` every large inode has at least.
    min_extra_isize / set_min_extra_isize: u16 = 348;
    /// `s_want_extra_isize`: `i_extra_isize` new large inodes get.
    want_extra_isize / set_want_extra_isize: u16 = 350;
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_buffer_is_rejected() {
        assert_eq!(
            Superblock::new_checked(&[0u8; 100][..]).unwrap_err(),
            Truncated {
                need: 1024,
                have: 100
            }
        );
    }

    #[test]
    fn fields_round_trip() {
        let mut sb = Superblock::new_checked(vec![0u8; 1024]).unwrap();
        sb.set_magic(0xEF53);
        sb.set_log_block_size(2);
        sb.set_free_blocks_count(0x1234_5678);
        assert_eq!(sb.magic(), Superblock::<Vec<u8>>::MAGIC);
        assert_eq!(sb.block_size(), Some(4096));
        assert_eq!(sb.free_blocks_count(), 0x1234_5678);
        let raw = sb.into_inner();
        assert_eq!(&raw[12..16], &[0x78, 0x56, 0x34, 0x12]);
        sb = Superblock::new_checked(raw).unwrap();
        sb.set_uuid([3; 16]);
        sb.set_volume_name(*b"label\0\0\0\0\0\0\0\0\0\0\0");
        sb.set_want_extra_isize(32);
        assert_eq!(sb.uuid(), [3; 16]);
        assert_eq!(&sb.volume_name()[..5], b"label");
        assert_eq!(&sb.as_bytes()[104..106], &[3, 3]);
        assert_eq!(&sb.as_bytes()[350..352], &[32, 0]);
        sb.set_log_block_size(40);
        assert_eq!(sb.block_size(), None);
    }
}
