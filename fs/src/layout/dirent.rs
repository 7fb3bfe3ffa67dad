//! Linked directory entries (ext2-doc §4.1 "Linked Directories";
//! `struct ext2_dir_entry_2`).

use super::Truncated;

/// The on-disk length a name of `name_len` bytes needs: 8-byte header plus
/// the name, rounded up to 4.
#[must_use]
pub const fn dirent_len(name_len: usize) -> usize {
    (8 + name_len + 3) & !3
}

/// A view of one directory entry at the start of `buf`.
///
/// `new_checked` verifies the header fits; `name` clamps to the buffer, so a
/// corrupt `name_len` cannot index out of range (callers validate
/// `rec_len`/`name_len` against the block with [`DirEntry::check`]).
#[derive(Debug, Clone)]
pub struct DirEntry<T: AsRef<[u8]>> {
    buf: T,
}

impl<T: AsRef<[u8]>> DirEntry<T> {
    /// Wraps `buf`, which must hold the 8-byte header.
    pub fn new_checked(buf: T) -> Result<Self, Truncated> {
        let have = buf.as_ref().len();
        if have < 8 {
            return Err(Truncated { need: 8, have });
        }
        Ok(Self { buf })
    }

    /// `inode`: 0 for an unused entry.
    #[must_use]
    pub fn inode(&self) -> u32 {
        let b = self.buf.as_ref();
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }

    /// `rec_len`: distance to the next entry.
    #[must_use]
    pub fn rec_len(&self) -> u16 {
        let b = self.buf.as_ref();
        u16::from_le_bytes([b[4], b[5]])
    }

    /// `name_len` (one byte when the filetype feature is on, which is how
    /// every image since 1999 is made; without it the high byte is 0 for
    /// names under 256 bytes anyway).
    #[must_use]
    pub fn name_len(&self) -> u8 {
        self.buf.as_ref()[6]
    }

    /// `file_type` (filetype feature).
    #[must_use]
    pub fn file_type(&self) -> u8 {
        self.buf.as_ref()[7]
    }

    /// The name bytes, clamped to the buffer.
    #[must_use]
    pub fn name(&self) -> &[u8] {
        let b = self.buf.as_ref();
        let end = (8 + usize::from(self.name_len())).min(b.len());
        &b[8..end]
    }

    /// Checks the entry against the ext2 rules for an entry that starts
    /// `remaining` bytes before the end of its block: `rec_len` a multiple of
    /// 4, at least 8, fits in the block, and holds the name.
    #[must_use]
    pub fn check(&self, remaining: usize) -> bool {
        let rl = usize::from(self.rec_len());
        rl >= 8 && rl % 4 == 0 && rl <= remaining && 8 + usize::from(self.name_len()) <= rl
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> DirEntry<T> {
    /// Sets `inode`.
    pub fn set_inode(&mut self, v: u32) {
        self.buf.as_mut()[0..4].copy_from_slice(&v.to_le_bytes());
    }

    /// Sets `rec_len`.
    pub fn set_rec_len(&mut self, v: u16) {
        self.buf.as_mut()[4..6].copy_from_slice(&v.to_le_bytes());
    }

    /// Sets `file_type`.
    pub fn set_file_type(&mut self, v: u8) {
        self.buf.as_mut()[7] = v;
    }

    /// Writes `name_len` and the name; the buffer must hold `8 + name.len()`
    /// bytes and `name.len() <= 255` (returns `false`, writing nothing, if
    /// not).
    pub fn set_name(&mut self, name: &[u8]) -> bool {
        let b = self.buf.as_mut();
        if name.len() > 255 || b.len() < 8 + name.len() {
            return false;
        }
        b[6] = name.len() as u8;
        b[8..8 + name.len()].copy_from_slice(name);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(dirent_len(1), 12);
        assert_eq!(dirent_len(4), 12);
        assert_eq!(dirent_len(5), 16);
        assert_eq!(dirent_len(255), 264);
    }

    #[test]
    fn corrupt_name_len_is_clamped() {
        let mut raw = [0u8; 12];
        raw[4] = 12;
        raw[6] = 200;
        let d = DirEntry::new_checked(&raw[..]).unwrap();
        assert_eq!(d.name().len(), 4);
        assert!(!d.check(12));
    }

    #[test]
    fn write_entry() {
        let mut d = DirEntry::new_checked([0u8; 16]).unwrap();
        d.set_inode(12);
        d.set_rec_len(16);
        assert!(d.set_name(b"hello"));
        d.set_file_type(1);
        assert!(d.check(16));
        assert_eq!(d.name(), b"hello");
        assert!(!d.set_name(b"much too long"));
    }
}
