//! The ext2 inode record (ext2-doc §3.3 "Inode Table"; `struct ext2_inode`
//! and `ext2_inode_large` in e2fsprogs' `ext2_fs.h`).

use super::{Truncated, le_fields};
use crate::Time;

/// Size of the revision-0 inode; larger records append `i_extra_isize` etc.
pub const INODE_BASE_SIZE: usize = 128;
/// Entries in `i_block`: 12 direct, 1 indirect, 1 double, 1 triple.
pub const N_BLOCKS: usize = 15;
/// The part of a large record (`ext2_inode_large`) tabvm reads and writes:
/// the base, `i_extra_isize` and the extra time fields up to
/// `i_crtime_extra`. Longer records keep their remaining bytes untouched.
pub const INODE_LARGE_SIZE: usize = 160;

/// Offsets in `ext2_inode_large`: `i_extra_isize` counts the bytes used
/// past the base record, so a field exists when it ends within them.
const EXTRA_ISIZE: usize = 128;
const CTIME_EXTRA: usize = 132;
const MTIME_EXTRA: usize = 136;
const ATIME_EXTRA: usize = 140;
const CRTIME: usize = 144;
const CRTIME_EXTRA: usize = 148;
/// The low two bits of a `*_extra` time field extend the seconds past 2038
/// (`EXT4_EPOCH_BITS`); the rest hold the nanoseconds.
const EPOCH_BITS: u32 = 2;

/// A view of one inode record.
#[derive(Debug, Clone)]
pub struct Inode<T: AsRef<[u8]>> {
    buf: T,
}

impl<T: AsRef<[u8]>> Inode<T> {
    /// Wraps `buf`, which must hold at least the 128-byte base record.
    pub fn new_checked(buf: T) -> Result<Self, Truncated> {
        let have = buf.as_ref().len();
        if have < INODE_BASE_SIZE {
            return Err(Truncated {
                need: INODE_BASE_SIZE,
                have,
            });
        }
        Ok(Self { buf })
    }

    /// `i_block[i]` for `i < 15` (0 for any other `i`).
    #[must_use]
    pub fn block(&self, i: usize) -> u32 {
        if i >= N_BLOCKS {
            return 0;
        }
        let b = self.buf.as_ref();
        let o = 40 + 4 * i;
        u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]])
    }

    /// The 60 raw bytes of `i_block` (fast symlink target, device numbers).
    #[must_use]
    pub fn block_bytes(&self) -> &[u8] {
        &self.buf.as_ref()[40..100]
    }

    /// Full 32-bit owner: `i_uid | l_i_uid_high << 16`.
    #[must_use]
    pub fn uid(&self) -> u32 {
        u32::from(self.uid_low()) | u32::from(self.uid_high()) << 16
    }

    /// Full 32-bit group: `i_gid | l_i_gid_high << 16`.
    #[must_use]
    pub fn gid(&self) -> u32 {
        u32::from(self.gid_low()) | u32::from(self.gid_high()) << 16
    }

    /// 64-bit size: `i_size | i_size_high << 32` (`i_size_high` is
    /// `i_dir_acl` for directories, which ext2 never sets).
    #[must_use]
    pub fn size(&self) -> u64 {
        u64::from(self.size_low()) | u64::from(self.size_high()) << 32
    }

    /// `i_extra_isize`: bytes in use past the base record (0 in a 128-byte
    /// record).
    #[must_use]
    pub fn extra_isize(&self) -> u16 {
        match self.buf.as_ref().get(EXTRA_ISIZE..EXTRA_ISIZE + 2) {
            Some(b) => u16::from_le_bytes([b[0], b[1]]),
            None => 0,
        }
    }

    /// Whether the large-inode field at `offset` exists in this record.
    fn has_extra(&self, offset: usize) -> bool {
        offset + 4 <= self.buf.as_ref().len()
            && offset + 4 <= INODE_BASE_SIZE + usize::from(self.extra_isize())
    }

    /// The nanoseconds of the `*_extra` field at `offset` (0 without one;
    /// a corrupt value saturates below a second).
    fn nsec_at(&self, offset: usize) -> u32 {
        if !self.has_extra(offset) {
            return 0;
        }
        let b = &self.buf.as_ref()[offset..offset + 4];
        (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) >> EPOCH_BITS).min(999_999_999)
    }

    /// Access time with nanoseconds.
    #[must_use]
    pub fn atime_t(&self) -> Time {
        Time::new(self.atime(), self.nsec_at(ATIME_EXTRA))
    }

    /// Modification time with nanoseconds.
    #[must_use]
    pub fn mtime_t(&self) -> Time {
        Time::new(self.mtime(), self.nsec_at(MTIME_EXTRA))
    }

    /// Status change time with nanoseconds.
    #[must_use]
    pub fn ctime_t(&self) -> Time {
        Time::new(self.ctime(), self.nsec_at(CTIME_EXTRA))
    }

    /// Creation time (`i_crtime`), if the record has one.
    #[must_use]
    pub fn crtime_t(&self) -> Option<Time> {
        self.has_extra(CRTIME).then(|| {
            let b = &self.buf.as_ref()[CRTIME..CRTIME + 4];
            Time::new(
                u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
                self.nsec_at(CRTIME_EXTRA),
            )
        })
    }

    /// The file type bits of `i_mode` (`S_IFMT`).
    #[must_use]
    pub fn file_type_bits(&self) -> u16 {
        self.mode() & 0xF000
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Inode<T> {
    /// Sets `i_block[i]` for `i < 15` (ignored otherwise).
    pub fn set_block(&mut self, i: usize, v: u32) {
        if i < N_BLOCKS {
            let o = 40 + 4 * i;
            self.buf.as_mut()[o..o + 4].copy_from_slice(&v.to_le_bytes());
        }
    }

    /// The 60 raw bytes of `i_block`, writable.
    pub fn block_bytes_mut(&mut self) -> &mut [u8] {
        &mut self.buf.as_mut()[40..100]
    }

    /// Writes the `*_extra` field at `offset` for `t`, if the record has it:
    /// the nanoseconds, and epoch bits that make Linux's signed reading of
    /// the seconds field come out as tabvm's unsigned one.
    fn set_extra_at(&mut self, offset: usize, t: Time) {
        if self.has_extra(offset) {
            let v = (t.nsec << EPOCH_BITS) | (t.secs >> 31);
            self.buf.as_mut()[offset..offset + 4].copy_from_slice(&v.to_le_bytes());
        }
    }

    /// Sets the access time, nanoseconds where the record keeps them.
    pub fn set_atime_t(&mut self, t: Time) {
        self.set_atime(t.secs);
        self.set_extra_at(ATIME_EXTRA, t);
    }

    /// Sets the modification time, nanoseconds where the record keeps them.
    pub fn set_mtime_t(&mut self, t: Time) {
        self.set_mtime(t.secs);
        self.set_extra_at(MTIME_EXTRA, t);
    }

    /// Sets the status change time, nanoseconds where the record keeps them.
    pub fn set_ctime_t(&mut self, t: Time) {
        self.set_ctime(t.secs);
        self.set_extra_at(CTIME_EXTRA, t);
    }

    /// Sets the creation time, where the record has one.
    pub fn set_crtime_t(&mut self, t: Time) {
        if self.has_extra(CRTIME) {
            self.buf.as_mut()[CRTIME..CRTIME + 4].copy_from_slice(&t.secs.to_le_bytes());
            self.set_extra_at(CRTIME_EXTRA, t);
        }
    }

    /// Sets both halves of the owner.
    pub fn set_uid(&mut self, uid: u32) {
        self.set_uid_low(uid as u16);
        self.set_uid_high((uid >> 16) as u16);
    }

    /// Sets both halves of the group.
    pub fn set_gid(&mut self, gid: u32) {
        self.set_gid_low(gid as u16);
        self.set_gid_high((gid >> 16) as u16);
    }

    /// Sets both halves of the size.
    pub fn set_size(&mut self, size: u64) {
        self.set_size_low(size as u32);
        self.set_size_high((size >> 32) as u32);
    }
}

le_fields!(Inode {
    /// `i_mode`: type and permission bits.
    mode / set_mode: u16 = 0;
    /// `i_uid` (low 16 bits)
    uid_low / set_uid_low: u16 = 2;
    /// `i_size` (low 32 bits)
    size_low / set_size_low: u32 = 4;
    /// `i_atime`
    atime / set_atime: u32 = 8;
    /// `i_ctime`
    ctime / set_ctime: u32 = 12;
    /// `i_mtime`
    mtime / set_mtime: u32 = 16;
    /// `i_dtime`
    dtime / set_dtime: u32 = 20;
    /// `i_gid` (low 16 bits)
    gid_low / set_gid_low: u16 = 24;
    /// `i_links_count`
    links_count / set_links_count: u16 = 26;
    /// `i_blocks`: 512-byte sectors held, metadata blocks included.
    blocks / set_blocks: u32 = 28;
    /// `i_flags`
    flags / set_flags: u32 = 32;
    /// `i_generation`
    generation / set_generation: u32 = 100;
    /// `i_file_acl`: the extended attribute block.
    file_acl / set_file_acl: u32 = 104;
    /// `i_size_high` / `i_dir_acl`
    size_high / set_size_high: u32 = 108;
    /// `l_i_uid_high`
    uid_high / set_uid_high: u16 = 120;
    /// `l_i_gid_high`
    gid_high / set_gid_high: u16 = 122;
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_fields_join() {
        let mut i = Inode::new_checked([0u8; 128]).unwrap();
        i.set_uid(0x0001_0002);
        i.set_gid(70000);
        i.set_size(5 << 32 | 7);
        i.set_block(14, 99);
        i.set_block(15, 1);
        assert_eq!(i.uid(), 0x0001_0002);
        assert_eq!(i.gid(), 70000);
        assert_eq!(i.size(), 5 << 32 | 7);
        assert_eq!(i.block(14), 99);
        assert_eq!(i.block(15), 0);
        assert!(Inode::new_checked([0u8; 127]).is_err());
    }
}
