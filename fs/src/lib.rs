//! tabvm-fs: the machine's disk.
//!
//! Layer: storage, below the kernel's VFS; depends on no other tabvm crate
//! (only `thiserror`, `sha2`, `miniz_oxide`). Invariants: nothing reachable
//! from image bytes panics, overflows or allocates without bound (a corrupt
//! image gives [`FsError::Io`] or a [`MountError`]); every file-system
//! operation is one transaction, so it either commits whole or changes
//! nothing; the file system never reads a clock (callers pass `now`,
//! STYLE 11); library code builds for wasm32 (host file access lives in
//! [`native`], compiled only off wasm).
//!
//! The modules, bottom up:
//!
//! * [`layout`]: typed views over ext2's on-disk bytes (superblock, group
//!   descriptor, inode, directory entry).
//! * [`source`]: [`BlockSource`] (the read-only base image; poll-style reads
//!   that may be `Pending`), [`OverlayStore`] (committed changed blocks), the
//!   in-memory implementations and fault-injecting test doubles.
//! * [`cache`]: the transactional [`BlockCache`].
//! * [`ext2`]: [`Ext2Fs`], the file system: operations by inode number; and
//!   [`format`](fn@format), which makes an empty volume in memory (tmpfs).
//! * [`chunk`]: the image chunker, its manifest, and [`chunk::ChunkedSource`],
//!   the reader the browser uses.
//! * `native` (not on wasm): an image file as a source, and a store writing
//!   committed blocks back into the image (`tabvm run --write`).
//!
//! # Using it from the kernel
//!
//! ```no_run
//! use tabvm_fs::{Ext2Fs, FsError, MemOverlay, MemSource, MountOptions, ROOT_INO};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let image = std::fs::read("rootfs.ext2")?;
//! let mut fs = Ext2Fs::open(MemSource::new(image), MemOverlay::default(), MountOptions::default())?;
//! let etc = fs.lookup(ROOT_INO, b"etc")?;
//! let hostname = fs.lookup(etc, b"hostname")?;
//! let mut buf = [0u8; 64];
//! match fs.read(hostname, 0, &mut buf) {
//!     Ok(n) => println!("{}", String::from_utf8_lossy(&buf[..n])),
//!     // Nothing changed; park the task until the source has block `b`, then retry.
//!     Err(FsError::Pending(b)) => println!("waiting for block {b}"),
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(()) }
//! ```
//!
//! Times are seconds since the epoch as ext2 stores them (`u32`). Errors map
//! to errno one to one ([`FsError::errno`]).
//!
//! # The kernel's API ([`Ext2Fs`], by inode number; each call one transaction)
//!
//! | call | POSIX |
//! |---|---|
//! | `lookup(dir, name) -> Ino` | path walk step |
//! | `getattr(ino) -> Metadata` | stat |
//! | `read(ino, off, buf) -> usize` | read, pread, mmap page-in (holes read as zeros) |
//! | `write(ino, off, data, now) -> usize` | write, pwrite (extends; gaps become holes) |
//! | `truncate(ino, size, now)`, `setattr(ino, &SetAttr, now)` | truncate, chmod, chown, utimes |
//! | `create`, `mknod`, `mkdir`, `symlink` (`&NewNode` holds perm, uid, gid, now) | open(O_CREAT), mknod, mkdir, symlink |
//! | `link`, `unlink`, `rmdir`, `rename` | link, unlink, rmdir, rename (replaces atomically, fixes `..`) |
//! | `readlink(ino)` | readlink |
//! | `readdir(dir, cookie) -> Vec<DirEntryInfo>` | getdents64 (`next` is `d_off`; empty at the end) |
//! | `statfs()` | statfs |
//! | `pin(ino)` / `unpin(ino, now)` | keep an open file alive after its last unlink; free it on last close |
//!
//! Any call may fail with [`FsError::Pending`]: nothing changed, the source
//! has queued the fetch; park the task and restart the syscall when the host
//! reports new data (retrying after any arrival is correct, just possibly
//! early). Reads ask for every missing block of the range at once.
//!
//! # Hosts
//!
//! * Native, read-only base plus memory overlay (`tabvm run`):
//!   `Ext2Fs::open(native::FileSource::open(path)?, MemOverlay::default(), opts)`.
//! * Native with `--write`: `native::FileWriteBack::open(path, n)` as the
//!   overlay; committed transactions go into the image file, batch by batch,
//!   atomically through a redo journal (`<image>.journal`).
//! * Browser: `chunk::Manifest::parse` the fetched manifest, then
//!   `Ext2Fs::new(chunk::ChunkedSource::new(manifest, cap).with_readahead(2),
//!   idb_overlay, opts)` and `mount()` until it stops answering
//!   `MountError::Pending`. After each `Pending`, drain
//!   `fs.source_mut().take_requests()`, fetch `chunks/<name>` for each in
//!   parallel, and hand the bytes to `supply(index, bytes)` (which checks the
//!   SHA-256 and inflates) or `fail(index, why)`; then wake the parked tasks.
//!   The IndexedDB overlay implements [`OverlayStore`]: load every stored
//!   block into memory before mounting (reads are synchronous) and write each
//!   [`Transaction`] in one IndexedDB transaction, keyed by block number,
//!   with the sequence number stored alongside, deleting the keys in
//!   [`Transaction::freed`] in the same IndexedDB transaction (blocks of
//!   deleted files are not kept).
//! * tmpfs (`/tmp`, `/run`, `/dev/shm`): `let o = format(&FormatOptions {
//!   .. })?;` then `Ext2Fs::open(ZeroSource::new(opts.volume_bytes()), o,
//!   MountOptions::default())`: a fresh volume whose memory is its
//!   metadata and the blocks in use ([`MemOverlay`] drops freed blocks, so
//!   deleting or truncating a file gives its memory back).
//! * Building the chunked image: `native::chunk_file(image, out_dir,
//!   chunk::DEFAULT_CHUNK_SIZE, Compression::Deflate)` writes `manifest` and
//!   `chunks/<sha256>`.

pub mod cache;
pub mod chunk;
pub mod ext2;
pub mod layout;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
pub mod source;

pub use cache::BlockCache;
pub use ext2::{Ext2Fs, FormatOptions, format};
pub use source::{
    BlockSource, MemOverlay, MemSource, OverlayStore, SourceError, Transaction, ZeroSource,
};

/// An inode number.
pub type Ino = u32;

/// The root directory's inode number.
pub const ROOT_INO: Ino = 2;

/// Longest file name (ext2's `EXT2_NAME_LEN`).
pub const NAME_MAX: usize = 255;

/// Most hard links an inode may have (`EXT2_LINK_MAX`).
pub const LINK_MAX: u16 = 32000;

/// What a file-system operation can fail with. The kernel maps each variant
/// to an errno ([`FsError::errno`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FsError {
    /// ENOENT
    #[error("no such file or directory")]
    NotFound,
    /// EEXIST
    #[error("file exists")]
    Exists,
    /// ENOTDIR
    #[error("not a directory")]
    NotDir,
    /// EISDIR
    #[error("is a directory")]
    IsDir,
    /// ENOTEMPTY
    #[error("directory not empty")]
    NotEmpty,
    /// ENOSPC
    #[error("no space left on device")]
    NoSpace,
    /// ENAMETOOLONG
    #[error("file name too long")]
    NameTooLong,
    /// EINVAL
    #[error("invalid argument")]
    InvalidArgument,
    /// EMLINK
    #[error("too many links")]
    TooManyLinks,
    /// EROFS
    #[error("read-only file system")]
    ReadOnly,
    /// EPERM (hard link to a directory)
    #[error("operation not permitted")]
    NotPermitted,
    /// EFBIG
    #[error("file too large")]
    FileTooBig,
    /// EINVAL for readlink on a non-symlink
    #[error("not a symbolic link")]
    NotSymlink,
    /// Block not yet available: the operation was rolled back and nothing
    /// changed; the block's fetch has been requested from the source; retry
    /// the operation after the source reports it ready.
    #[error("block {0} is not available yet; retry when it has been fetched")]
    Pending(u64),
    /// EIO: a source or overlay failure, or a corrupt image; the message says
    /// which. The operation was rolled back.
    #[error("I/O error: {0}")]
    Io(String),
}

impl FsError {
    /// The Linux errno for this error (`Pending` has none: the kernel parks
    /// the task instead; it reports EAGAIN here).
    #[must_use]
    pub fn errno(&self) -> i32 {
        match self {
            FsError::NotFound => 2,
            FsError::Exists => 17,
            FsError::NotDir => 20,
            FsError::IsDir => 21,
            FsError::NotEmpty => 39,
            FsError::NoSpace => 28,
            FsError::NameTooLong => 36,
            FsError::InvalidArgument | FsError::NotSymlink => 22,
            FsError::TooManyLinks => 31,
            FsError::ReadOnly => 30,
            FsError::NotPermitted => 1,
            FsError::FileTooBig => 27,
            FsError::Pending(_) => 11,
            FsError::Io(_) => 5,
        }
    }
}

/// Why an image could not be mounted (host-facing).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MountError {
    /// No ext2 magic.
    #[error(
        "not an ext2 image (superblock magic {0:#06x}, expected 0xef53): check the image path, or rebuild it with `cargo xtask image`"
    )]
    BadMagic(u16),
    /// Incompatible features this implementation cannot handle.
    #[error(
        "the image uses ext2/3/4 features tabvm does not support: {0}; make it with `mke2fs -t ext2` (no extents, 64bit, flex_bg, metadata_csum)"
    )]
    UnsupportedFeature(String),
    /// The journal needs recovery.
    #[error("the image's journal needs recovery: run `e2fsck -f` on it first")]
    NeedsRecovery,
    /// The image is shorter than its superblock says.
    #[error(
        "the image is truncated: its superblock describes {need} bytes but it has {have}; rebuild or re-download it"
    )]
    Truncated {
        /// Bytes described.
        need: u64,
        /// Bytes present.
        have: u64,
    },
    /// Inconsistent superblock or group descriptors.
    #[error("corrupt superblock or group descriptors: {0}; run `e2fsck -f` on the image")]
    Corrupt(String),
    /// A block is not fetched yet: retry `mount` once the source has it.
    #[error("block {0} is not available yet; retry the mount when it has been fetched")]
    Pending(u64),
    /// The source failed.
    #[error("reading the image failed: {0}")]
    Io(String),
}

impl From<FsError> for MountError {
    fn from(e: FsError) -> Self {
        match e {
            FsError::Pending(b) => MountError::Pending(b),
            FsError::Io(m) => MountError::Io(m),
            other => MountError::Corrupt(other.to_string()),
        }
    }
}

/// How to mount.
#[derive(Debug, Clone, Copy)]
pub struct MountOptions {
    /// Refuse every change.
    pub read_only: bool,
    /// Bytes of clean blocks the cache keeps.
    pub cache_bytes: usize,
}

impl Default for MountOptions {
    fn default() -> Self {
        Self {
            read_only: false,
            cache_bytes: 32 << 20,
        }
    }
}

/// The type of a file, from `i_mode` or a directory entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileType {
    /// S_IFREG
    Regular,
    /// S_IFDIR
    Directory,
    /// S_IFCHR
    CharDevice,
    /// S_IFBLK
    BlockDevice,
    /// S_IFIFO
    Fifo,
    /// S_IFSOCK
    Socket,
    /// S_IFLNK
    Symlink,
    /// Anything else (a corrupt mode, or no filetype feature).
    Unknown,
}

impl FileType {
    /// From the `S_IFMT` bits of a mode.
    #[must_use]
    pub fn from_mode(mode: u16) -> Self {
        match mode & 0xF000 {
            0x8000 => FileType::Regular,
            0x4000 => FileType::Directory,
            0x2000 => FileType::CharDevice,
            0x6000 => FileType::BlockDevice,
            0x1000 => FileType::Fifo,
            0xC000 => FileType::Socket,
            0xA000 => FileType::Symlink,
            _ => FileType::Unknown,
        }
    }

    /// The `S_IFMT` bits.
    #[must_use]
    pub fn mode_bits(self) -> u16 {
        match self {
            FileType::Regular => 0x8000,
            FileType::Directory => 0x4000,
            FileType::CharDevice => 0x2000,
            FileType::BlockDevice => 0x6000,
            FileType::Fifo => 0x1000,
            FileType::Socket => 0xC000,
            FileType::Symlink => 0xA000,
            FileType::Unknown => 0,
        }
    }

    /// ext2's directory-entry file type code (`EXT2_FT_*`).
    #[must_use]
    pub fn dirent_code(self) -> u8 {
        match self {
            FileType::Unknown => 0,
            FileType::Regular => 1,
            FileType::Directory => 2,
            FileType::CharDevice => 3,
            FileType::BlockDevice => 4,
            FileType::Fifo => 5,
            FileType::Socket => 6,
            FileType::Symlink => 7,
        }
    }

    /// From a directory-entry file type code.
    #[must_use]
    pub fn from_dirent_code(c: u8) -> Self {
        match c {
            1 => FileType::Regular,
            2 => FileType::Directory,
            3 => FileType::CharDevice,
            4 => FileType::BlockDevice,
            5 => FileType::Fifo,
            6 => FileType::Socket,
            7 => FileType::Symlink,
            _ => FileType::Unknown,
        }
    }

    /// The `DT_*` value for getdents64 (`d_type`).
    #[must_use]
    pub fn dt(self) -> u8 {
        match self {
            FileType::Unknown => 0,
            FileType::Fifo => 1,
            FileType::CharDevice => 2,
            FileType::Directory => 4,
            FileType::BlockDevice => 6,
            FileType::Regular => 8,
            FileType::Symlink => 10,
            FileType::Socket => 12,
        }
    }
}

/// A device number, split as Linux does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct DevNum {
    /// Major number (12 bits on disk).
    pub major: u32,
    /// Minor number (20 bits on disk).
    pub minor: u32,
}

/// A file time as ext2 keeps it: seconds since the epoch (`i_mtime` and
/// friends, read unsigned) and nanoseconds, which only large inode records
/// hold (`i_mtime_extra`; 0 in 128-byte records).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Time {
    /// Seconds since 1970-01-01 00:00 UTC.
    pub secs: u32,
    /// Nanoseconds, below 1,000,000,000.
    pub nsec: u32,
}

impl Time {
    /// `secs` and `nsec` (saturated below a second).
    #[must_use]
    pub const fn new(secs: u32, nsec: u32) -> Time {
        Time {
            secs,
            nsec: if nsec > 999_999_999 {
                999_999_999
            } else {
                nsec
            },
        }
    }

    /// A whole second.
    #[must_use]
    pub const fn from_secs(secs: u32) -> Time {
        Time { secs, nsec: 0 }
    }

    /// `ns` nanoseconds since the epoch (seconds past 2106 wrap, as the
    /// on-disk field does).
    #[must_use]
    pub const fn from_nanos(ns: u64) -> Time {
        Time {
            secs: (ns / 1_000_000_000) as u32,
            nsec: (ns % 1_000_000_000) as u32,
        }
    }
}

/// What `getattr` reports (the fields of `stat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metadata {
    /// Inode number.
    pub ino: Ino,
    /// Type and permission bits (`st_mode`).
    pub mode: u16,
    /// Hard links.
    pub nlink: u16,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Size in bytes.
    pub size: u64,
    /// Access time.
    pub atime: Time,
    /// Modification time.
    pub mtime: Time,
    /// Status change time.
    pub ctime: Time,
    /// Creation time, in large inode records (statx's `stx_btime`).
    pub crtime: Option<Time>,
    /// 512-byte sectors allocated (`st_blocks`).
    pub blocks: u64,
    /// Device number for device inodes.
    pub rdev: DevNum,
    /// Preferred I/O size (`st_blksize`): the block size.
    pub blksize: u32,
}

impl Metadata {
    /// The file type.
    #[must_use]
    pub fn file_type(&self) -> FileType {
        FileType::from_mode(self.mode)
    }
}

/// One directory entry from `readdir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntryInfo {
    /// Inode number.
    pub ino: Ino,
    /// Name bytes.
    pub name: Vec<u8>,
    /// Type from the entry (Unknown without the filetype feature).
    pub file_type: FileType,
    /// Where the entry starts: the cookie that reads it again (its byte
    /// offset in an ext2 directory; an entry never moves while it lives).
    pub pos: u64,
    /// Cookie that continues after this entry (`d_off`).
    pub next: u64,
}

/// Owner, permissions and time of a new inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewNode {
    /// Permission bits (`& 0o7777`; the type comes from the operation).
    pub perm: u16,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Creation time: atime, mtime, ctime and crtime.
    pub now: Time,
}

/// Attribute changes for `setattr`; `None` leaves a field alone. The ctime
/// becomes `now` whenever anything changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SetAttr {
    /// New permission bits (`& 0o7777`).
    pub perm: Option<u16>,
    /// New owner.
    pub uid: Option<u32>,
    /// New group.
    pub gid: Option<u32>,
    /// New size (regular files): truncates or extends with a hole.
    pub size: Option<u64>,
    /// New access time.
    pub atime: Option<Time>,
    /// New modification time.
    pub mtime: Option<Time>,
}

/// What `statfs` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatFs {
    /// Block size.
    pub block_size: u32,
    /// Total blocks.
    pub blocks: u64,
    /// Free blocks.
    pub free_blocks: u64,
    /// Free blocks available to unprivileged users.
    pub avail_blocks: u64,
    /// Total inodes.
    pub inodes: u64,
    /// Free inodes.
    pub free_inodes: u64,
    /// Longest name.
    pub name_max: u32,
}
