//! Typed views over the on-disk bytes of ext2 (STYLE 2).
//!
//! Each view wraps a buffer (`T: AsRef<[u8]>`), checks its length once in
//! `new_checked`, and then never panics: every accessor reads a fixed field
//! inside the checked length. Field offsets come from "The Second Extended
//! File System" (Dave Poirier, nongnu.org/ext2-doc) and e2fsprogs'
//! `lib/ext2fs/ext2_fs.h`; the values in these views are guest data and are
//! validated by the code that uses them, not here.

mod dirent;
mod group;
mod inode;
mod superblock;

pub use dirent::{DirEntry, dirent_len};
pub use group::{GROUP_DESC_SIZE, GroupDesc};
pub use inode::{INODE_BASE_SIZE, INODE_LARGE_SIZE, Inode, N_BLOCKS};
pub use superblock::{SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE, Superblock, feature};

/// The buffer given to a view is shorter than the structure it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truncated {
    /// Bytes the structure needs.
    pub need: usize,
    /// Bytes the buffer has.
    pub have: usize,
}

/// Generates little-endian getters (and setters on `AsMut` buffers) for
/// fixed fields of a view whose length was checked against `$min`.
macro_rules! le_fields {
    ($view:ident { $( $(#[$doc:meta])* $get:ident / $set:ident : $ty:ty = $off:expr ; )* }) => {
        impl<T: AsRef<[u8]>> $view<T> {
            /// The underlying bytes.
            #[must_use]
            pub fn as_bytes(&self) -> &[u8] {
                self.buf.as_ref()
            }
            $(
                $(#[$doc])*
                #[must_use]
                pub fn $get(&self) -> $ty {
                    const N: usize = core::mem::size_of::<$ty>();
                    let b = self.buf.as_ref();
                    let mut a = [0u8; N];
                    // In range: `new_checked` verified the length covers every field.
                    a.copy_from_slice(&b[$off..$off + N]);
                    <$ty>::from_le_bytes(a)
                }
            )*
        }
        impl<T: AsRef<[u8]> + AsMut<[u8]>> $view<T> {
            $(
                #[allow(missing_docs)]
                pub fn $set(&mut self, v: $ty) {
                    const N: usize = core::mem::size_of::<$ty>();
                    self.buf.as_mut()[$off..$off + N].copy_from_slice(&v.to_le_bytes());
                }
            )*
        }
    };
}
pub(crate) use le_fields;
