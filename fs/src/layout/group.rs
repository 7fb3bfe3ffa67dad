//! Block group descriptors: 32 bytes each, in the blocks following the
//! superblock (ext2-doc §3.2 "Block Group Descriptor Table").

use super::{Truncated, le_fields};

/// Size of one ext2 group descriptor.
pub const GROUP_DESC_SIZE: usize = 32;

/// A view of one group descriptor.
#[derive(Debug, Clone)]
pub struct GroupDesc<T: AsRef<[u8]>> {
    buf: T,
}

impl<T: AsRef<[u8]>> GroupDesc<T> {
    /// Wraps `buf`, which must hold at least 32 bytes.
    pub fn new_checked(buf: T) -> Result<Self, Truncated> {
        let have = buf.as_ref().len();
        if have < GROUP_DESC_SIZE {
            return Err(Truncated {
                need: GROUP_DESC_SIZE,
                have,
            });
        }
        Ok(Self { buf })
    }
}

le_fields!(GroupDesc {
    /// `bg_block_bitmap`
    block_bitmap / set_block_bitmap: u32 = 0;
    /// `bg_inode_bitmap`
    inode_bitmap / set_inode_bitmap: u32 = 4;
    /// `bg_inode_table`
    inode_table / set_inode_table: u32 = 8;
    /// `bg_free_blocks_count`
    free_blocks_count / set_free_blocks_count: u16 = 12;
    /// `bg_free_inodes_count`
    free_inodes_count / set_free_inodes_count: u16 = 14;
    /// `bg_used_dirs_count`
    used_dirs_count / set_used_dirs_count: u16 = 16;
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let mut g = GroupDesc::new_checked([0u8; 32]).unwrap();
        g.set_inode_table(77);
        g.set_used_dirs_count(3);
        assert_eq!(g.inode_table(), 77);
        assert_eq!(g.used_dirs_count(), 3);
        assert!(GroupDesc::new_checked([0u8; 31]).is_err());
    }
}
