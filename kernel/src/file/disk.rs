//! Regular files and directories on the ext2 disk (and O_PATH handles).

use super::FileOps;
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::poll::{POLLIN, POLLOUT};
use crate::error::SysResult;
use crate::task::Pid;
use crate::vfs::Fid;
use tabvm_fs::{DirEntryInfo, FileType, Metadata};

pub struct DiskFile {
    pub ino: Fid,
    pub ftype: FileType,
    /// Keeps a regular file alive while open, even if unlinked.
    pub hold: Option<std::rc::Rc<crate::vfs::InodeRef>>,
}

impl FileOps for DiskFile {
    fn read(&self, k: &mut Kernel, _: Pid, len: usize, pos: u64) -> SysResult<Vec<u8>> {
        if self.ftype == FileType::Directory {
            return Err(Errno::EISDIR.into());
        }
        let mut buf = vec![0; len];
        let n = k.fs.read(self.ino, pos, &mut buf)?;
        buf.truncate(n);
        // Stores through shared mappings are in the cached pages before
        // any writeback: a read sees them, as on Linux.
        k.cache.read_through(&k.mem, self.ino, pos, &mut buf);
        Ok(buf)
    }

    fn write(
        &self,
        k: &mut Kernel,
        _: Pid,
        data: &[u8],
        pos: u64,
        append: bool,
    ) -> SysResult<(usize, u64)> {
        let pos = if append {
            k.fs.getattr(self.ino)?.size
        } else {
            pos
        };
        let now = k.now_time();
        let n = k.fs.write(self.ino, pos, data, now)?;
        // Cached pages (and so every mapping of them) see the new bytes.
        k.cache.write_through(&mut k.mem, self.ino, pos, &data[..n]);
        Ok((n, pos + n as u64))
    }

    fn stat(&self, k: &mut Kernel) -> SysResult<Metadata> {
        Ok(k.fs.getattr(self.ino)?)
    }

    fn poll(&self, _: &Kernel) -> u16 {
        // Regular files are always ready (poll(2)).
        POLLIN | POLLOUT
    }

    fn size(&self, k: &mut Kernel) -> SysResult<Option<u64>> {
        Ok(Some(k.fs.getattr(self.ino)?.size))
    }

    fn inode(&self) -> Option<(Fid, FileType)> {
        Some((self.ino, self.ftype))
    }

    fn readdir(&self, k: &mut Kernel, cookie: u64) -> SysResult<Vec<DirEntryInfo>> {
        if self.ftype != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        Ok(k.fs.readdir(self.ino, cookie)?)
    }

    fn dir_node(&self) -> Option<crate::vfs::Node> {
        (self.ftype == FileType::Directory).then_some(crate::vfs::Node::Disk(self.ino))
    }
}
