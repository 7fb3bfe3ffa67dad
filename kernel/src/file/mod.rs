//! Open files: what every kind of file can do ([`FileOps`], Linux's
//! `file_operations`), one module per kind.
//!
//! An open file description ([`OpenFile`]) holds its operations behind an
//! `Rc`, its status flags and its position; descriptors share it (`dup`,
//! `fork`). Operations take `&self` and keep their own state in cells, so a
//! caller clones the `Rc` out of the description and releases every borrow
//! before calling them with the whole kernel.

mod device;
mod disk;
mod epoll;
mod eventfd;
pub mod fifo;
mod host;
pub mod inotify;
pub mod mqueue;
mod pipe;
mod signalfd;
mod snapshot;
pub mod socket;
mod timerfd;
pub mod tty;

pub use device::{Device, DeviceFile, open_device};
pub use disk::DiskFile;
pub use epoll::{EpollFile, Interest};
pub use eventfd::EventFd;
pub use host::{HostFile, Stream};
pub use pipe::PipeEnd;
pub use signalfd::SignalFd;
pub use snapshot::Snapshot;
pub use timerfd::TimerFd;

use crate::Kernel;
use crate::abi::errno::Errno;
use crate::error::SysResult;
use crate::pipe::Pipe;
use crate::task::Pid;
use crate::vfs::Fid;
use std::cell::RefCell;
use std::rc::Rc;
use tabvm_fs::{DirEntryInfo, FileType, Metadata};

/// What an open file does. Reads and writes that would wait return
/// `SysErr::Block` (the caller turns that into EAGAIN under O_NONBLOCK).
pub trait FileOps {
    /// Reads up to `len` bytes at `pos` (ignored by unseekable files).
    fn read(&self, k: &mut Kernel, tid: Pid, len: usize, pos: u64) -> SysResult<Vec<u8>>;

    /// `read` under `O_NONBLOCK`, for files whose reads differ beyond a
    /// wait becoming EAGAIN (a terminal's `VMIN` read returns what is
    /// there: `n_tty_read`).
    fn read_nonblocking(
        &self,
        k: &mut Kernel,
        tid: Pid,
        len: usize,
        pos: u64,
    ) -> SysResult<Vec<u8>> {
        self.read(k, tid, len, pos)
    }

    /// Writes `data` at `pos` (or at the end with `append`); returns the
    /// count written and the position after it.
    fn write(
        &self,
        k: &mut Kernel,
        tid: Pid,
        data: &[u8],
        pos: u64,
        append: bool,
    ) -> SysResult<(usize, u64)>;

    /// `fstat`.
    fn stat(&self, k: &mut Kernel) -> SysResult<Metadata>;

    /// Readiness as `poll` bits (POLLIN, POLLOUT, POLLHUP, POLLERR).
    fn poll(&self, k: &Kernel) -> u16;

    /// Whether `lseek`, `pread` and `pwrite` apply; the size for SEEK_END.
    fn size(&self, _k: &mut Kernel) -> SysResult<Option<u64>> {
        Ok(None)
    }

    /// `ioctl`; files that are not terminals answer ENOTTY.
    fn ioctl(&self, _k: &mut Kernel, _tid: Pid, _cmd: u32, _arg: u32) -> SysResult {
        Err(Errno::ENOTTY.into())
    }

    /// The inode behind the file, and its type (fchdir, mmap, `*at`).
    fn inode(&self) -> Option<(Fid, FileType)> {
        None
    }

    /// The device of the file system the file is on (`st_dev`): its
    /// inode's mount, else an anonymous device, as Linux gives pipes and
    /// sockets.
    fn st_dev(&self, k: &Kernel) -> (u32, u32) {
        self.inode().map_or((0, 12), |(fid, _)| k.fs.mount(fid).dev)
    }

    /// Directory entries from `cookie` (empty at the end); ENOTDIR for
    /// files that are not directories.
    fn readdir(&self, _k: &mut Kernel, _cookie: u64) -> SysResult<Vec<DirEntryInfo>> {
        Err(Errno::ENOTDIR.into())
    }

    /// The directory this file is, for `fchdir` and `*at` calls.
    fn dir_node(&self) -> Option<crate::vfs::Node> {
        None
    }

    /// The pipe behind the file (F_GETPIPE_SZ, FIONREAD).
    fn pipe(&self) -> Option<&Rc<RefCell<Pipe>>> {
        None
    }

    /// The socket behind the file (the socket system calls; `ENOTSOCK`
    /// for files without one).
    fn socket(&self) -> Option<&dyn socket::SocketOps> {
        None
    }

    /// How many times the file has woken its readers and its writers:
    /// an edge-triggered epoll entry reports once per wake-up (`None`:
    /// not counted; epoll then approximates, see `file::epoll`).
    fn wakeups(&self) -> [Option<u64>; 2] {
        match self.pipe() {
            Some(pipe) => pipe.borrow().wakeups().map(Some),
            None => [None; 2],
        }
    }

    /// Whether the file signals its owner when it becomes ready under
    /// `O_ASYNC` (Linux: it has an `f_op->fasync`); `FIOASYNC` on any
    /// other file is ENOTTY.
    fn signals_io(&self) -> bool {
        false
    }

    /// The concrete type, for calls that act on one kind of file only
    /// (`epoll_ctl`, `timerfd_settime`, `signalfd` on an existing fd).
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }
}

/// An open file description.
pub struct OpenFile {
    pub ops: Rc<dyn FileOps>,
    /// Access mode and status flags (`O_APPEND`, `O_NONBLOCK`, ...).
    pub flags: u32,
    /// The file position (for directories: the readdir cookie).
    pub pos: u64,
    /// The path it was opened by (for `/proc/<pid>/fd`).
    pub path: Vec<u8>,
    /// Who `O_ASYNC` signals (`F_SETOWN`), and with what (`F_SETSIG`; 0
    /// for `SIGIO`): see `crate::fasync`.
    pub owner: crate::fasync::Owner,
    pub io_signal: u32,
}

impl OpenFile {
    pub fn new(ops: Rc<dyn FileOps>, flags: u32, path: &[u8]) -> Self {
        OpenFile {
            ops,
            flags,
            pos: 0,
            path: path.to_vec(),
            owner: crate::fasync::Owner::None,
            io_signal: 0,
        }
    }
}

pub type FileRef = Rc<RefCell<OpenFile>>;

/// The [`FileOps`] methods of an anonymous inode that is neither read nor
/// written (epoll, pidfd): EINVAL for both, and a mode-0600 `stat`.
macro_rules! unreadable_anon_inode {
    () => {
        fn read(
            &self,
            _: &mut $crate::Kernel,
            _: $crate::task::Pid,
            _: usize,
            _: u64,
        ) -> $crate::error::SysResult<Vec<u8>> {
            Err($crate::abi::errno::Errno::EINVAL.into())
        }

        fn write(
            &self,
            _: &mut $crate::Kernel,
            _: $crate::task::Pid,
            _: &[u8],
            _: u64,
            _: bool,
        ) -> $crate::error::SysResult<(usize, u64)> {
            Err($crate::abi::errno::Errno::EINVAL.into())
        }

        fn stat(&self, _: &mut $crate::Kernel) -> $crate::error::SysResult<tabvm_fs::Metadata> {
            Ok($crate::file::synthetic(0o600, 0))
        }
    };
}
pub(crate) use unreadable_anon_inode;

/// Metadata for a file that lives nowhere on the disk (pipes, streams).
#[must_use]
pub fn synthetic(mode: u32, size: u64) -> Metadata {
    Metadata {
        ino: 0,
        mode: mode as u16,
        nlink: 1,
        uid: 0,
        gid: 0,
        size,
        atime: tabvm_fs::Time::default(),
        mtime: tabvm_fs::Time::default(),
        ctime: tabvm_fs::Time::default(),
        crtime: None,
        blocks: 0,
        rdev: tabvm_fs::DevNum::default(),
        blksize: 4096,
    }
}
