//! File system calls: open/read/write and friends, paths, metadata,
//! descriptors, pipes.

use super::{Args, fd_file, fd_ops};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::at::{
    AT_EACCESS, AT_EMPTY_PATH, AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, AT_SYMLINK_NOFOLLOW,
};
use crate::abi::flags::fcntl::*;
use crate::abi::flags::magic;
use crate::abi::flags::mode::{
    S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK,
};
use crate::abi::flags::open::*;
use crate::abi::flags::seek::{SEEK_CUR, SEEK_END, SEEK_SET};
use crate::abi::structs::{Dirent, Dirent64, Stat64, Statfs64, Statx};
use crate::error::{SysErr, SysResult, Wait};
use crate::file::{Device, DiskFile, FileOps, FileRef, OpenFile, PipeEnd};
use crate::mounts::FsKind;
use crate::pipe::Pipe;
use crate::task::{Fd, Pid};
use crate::vfs::{self, Fid, Node, PATH_MAX};
use std::cell::RefCell;
use std::rc::Rc;
use tabvm_fs::{FileType, Metadata, NewNode, SetAttr};

/// Largest single read or write moved in one call (Linux's `MAX_RW_COUNT`
/// is larger; a short count is always allowed).
const RW_MAX: usize = 1 << 20;

fn path_arg(k: &mut Kernel, tid: Pid, addr: u32) -> SysResult<Vec<u8>> {
    k.read_user_cstr(tid, addr, PATH_MAX - 1)
}

/// Where a relative path starts: the cwd, or the directory `dirfd` names.
fn start_dir(k: &mut Kernel, tid: Pid, dirfd: u32, path: &[u8]) -> SysResult<Node> {
    if path.starts_with(b"/") {
        return Ok(Node::Disk(Fid::ROOT));
    }
    if dirfd as i32 == AT_FDCWD {
        return Ok(k.task(tid)?.fs.borrow().cwd);
    }
    fd_ops(k, tid, dirfd)?
        .dir_node()
        .ok_or(SysErr::Errno(Errno::ENOTDIR))
}

/// Resolves `path` against `dirfd` as the process sees the tree; an empty
/// path with `AT_EMPTY_PATH` names `dirfd` itself.
fn resolve_at(
    k: &mut Kernel,
    tid: Pid,
    dirfd: u32,
    path: &[u8],
    follow: bool,
    flags: u32,
) -> SysResult<Node> {
    if path.is_empty() {
        if flags & AT_EMPTY_PATH == 0 {
            return Err(Errno::ENOENT.into());
        }
        let ops = fd_ops(k, tid, dirfd)?;
        return ops
            .dir_node()
            .or(ops.inode().map(|(ino, _)| Node::Disk(ino)))
            .ok_or(SysErr::Errno(Errno::EBADF));
    }
    let start = start_dir(k, tid, dirfd, path)?;
    vfs::resolve(k, tid, start, path, follow)
}

/// [`resolve_at`] for a non-empty `path`, with the absolute path of what
/// it reached, every symlink resolved (`vfs::resolve_with_path`).
fn resolve_at_with_path(
    k: &mut Kernel,
    tid: Pid,
    dirfd: u32,
    path: &[u8],
    follow: bool,
) -> SysResult<(Node, Option<Vec<u8>>)> {
    let start = start_dir(k, tid, dirfd, path)?;
    let start_path = if path.starts_with(b"/") {
        None
    } else {
        vfs::node_path(k, start).ok()
    };
    vfs::resolve_with_path(k, tid, start, start_path.as_deref(), path, follow)
}

/// The metadata of a node.
fn node_meta(k: &mut Kernel, node: Node) -> SysResult<Metadata> {
    match node {
        Node::Disk(ino) => Ok(k.fs.getattr(ino)?),
        Node::Proc(p) => Ok(crate::proc::metadata(p)),
        Node::Pts(p) => Ok(crate::devpts::metadata(p)),
        Node::Open(pid, fd) => crate::proc::fd_ops(k, pid, fd)?.stat(k),
    }
}

fn parent_at(k: &mut Kernel, tid: Pid, dirfd: u32, path: &[u8]) -> SysResult<vfs::Parent> {
    let start = start_dir(k, tid, dirfd, path)?.disk()?;
    let parent = vfs::lookup_parent(&mut k.fs, start, path)?;
    if parent.name.is_empty() || parent.name == b"." || parent.name == b".." {
        return Err(Errno::EEXIST.into());
    }
    Ok(parent)
}

/// Classic permission check: `want` is a mask of 4 (read), 2 (write), 1 (exec).
fn permitted(k: &Kernel, tid: Pid, meta: &Metadata, want: u32, real_ids: bool) -> SysResult<bool> {
    let creds = &k.task(tid)?.creds;
    let (uid, gid) = if real_ids {
        (creds.uid, creds.gid)
    } else {
        (creds.euid, creds.egid)
    };
    let mode = u32::from(meta.mode);
    if uid == 0 {
        // Root may do anything but execute a file with no execute bit.
        return Ok(want & 1 == 0 || meta.file_type() == FileType::Directory || mode & 0o111 != 0);
    }
    let bits = if uid == meta.uid {
        (mode >> 6) & 7
    } else if gid == meta.gid || creds.groups.contains(&meta.gid) {
        (mode >> 3) & 7
    } else {
        mode & 7
    };
    Ok(bits & want == want)
}

fn new_node(k: &mut Kernel, tid: Pid, mode: u32) -> SysResult<NewNode> {
    let now = k.now_time();
    let task = k.task(tid)?;
    let umask = task.fs.borrow().umask;
    Ok(NewNode {
        perm: (mode & !umask & 0o7777) as u16,
        uid: task.creds.euid,
        gid: task.creds.egid,
        now,
    })
}

/// Gives `tid` a descriptor for `file`: the lowest free one (EMFILE when
/// none is left under the limit).
pub(crate) fn install(k: &mut Kernel, tid: Pid, file: OpenFile, cloexec: bool) -> SysResult {
    let task = k.task(tid)?;
    let fd = Fd {
        file: Rc::new(RefCell::new(file)),
        cloexec,
    };
    task.files
        .borrow_mut()
        .insert(fd, 0)
        .ok_or(SysErr::Errno(Errno::EMFILE))
}

fn do_open(k: &mut Kernel, tid: Pid, dirfd: u32, path: &[u8], flags: u32, mode: u32) -> SysResult {
    let accmode = flags & O_ACCMODE;
    let writes = accmode == O_WRONLY || accmode == O_RDWR;
    // A file this call made may be opened whatever its mode says (Linux
    // skips may_open's permission check for FMODE_CREATED).
    let mut created = false;
    let tmpfile = flags & O_TMPFILE == O_TMPFILE;
    // What /proc/<pid>/fd shows: the absolute path, symlinks resolved.
    let shown: Option<Vec<u8>>;
    let ino = if tmpfile {
        // open(2): O_TMPFILE needs write access and names a directory.
        if !writes {
            return Err(Errno::EINVAL.into());
        }
        let (dir, dir_path) = resolve_at_with_path(k, tid, dirfd, path, true)?;
        let dir = dir.disk()?;
        shown = dir_path;
        if k.fs.getattr(dir)?.file_type() != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        writable_dir(k, tid, dir)?;
        let node = new_node(k, tid, mode)?;
        created = true;
        // O_EXCL: it may never be linked into the file system.
        k.fs.tmpfile(dir, &node, flags & O_EXCL == 0)?
    } else if flags & O_CREAT != 0 {
        let parent = {
            let start = start_dir(k, tid, dirfd, path)?.disk()?;
            vfs::lookup_parent(&mut k.fs, start, path)?
        };
        if path.ends_with(b"/") {
            return Err(Errno::EISDIR.into());
        }
        match k.fs.lookup(parent.dir, &parent.name) {
            Ok(_) => {
                if flags & O_EXCL != 0 {
                    return Err(Errno::EEXIST.into());
                }
                // `> /dev/stdout`: an existing name may lead anywhere.
                let follow = flags & O_NOFOLLOW == 0;
                match resolve_at_with_path(k, tid, dirfd, path, follow)? {
                    (Node::Open(pid, fd), _) => return reopen(k, tid, pid, fd, flags, path),
                    (node, canonical) => {
                        shown = canonical;
                        node.disk()?
                    }
                }
            }
            Err(tabvm_fs::FsError::NotFound) => {
                let dir_meta = k.fs.getattr(parent.dir)?;
                if !permitted(k, tid, &dir_meta, 3, false)? {
                    return Err(Errno::EACCES.into());
                }
                let node = new_node(k, tid, mode)?;
                created = true;
                let ino = k.fs.create(parent.dir, &parent.name, &node)?;
                shown = vfs::dir_path(&mut k.fs, parent.dir).ok().map(|mut dir| {
                    if dir != b"/" {
                        dir.push(b'/');
                    }
                    dir.extend_from_slice(&parent.name);
                    dir
                });
                ino
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        let (node, canonical) = resolve_at_with_path(k, tid, dirfd, path, flags & O_NOFOLLOW == 0)?;
        let shown_path = canonical.as_deref().unwrap_or(path);
        match node {
            Node::Disk(ino) => {
                shown = canonical;
                ino
            }
            Node::Proc(node) => {
                if writes {
                    return Err(Errno::EACCES.into());
                }
                if flags & O_DIRECTORY != 0
                    && crate::proc::metadata(node).file_type() != FileType::Directory
                {
                    return Err(Errno::ENOTDIR.into());
                }
                let ops = crate::proc::open(k, tid, node)?;
                let file = OpenFile::new(ops, flags & !(O_CLOEXEC | O_NOCTTY), shown_path);
                return install(k, tid, file, flags & O_CLOEXEC != 0);
            }
            Node::Open(pid, fd) => return reopen(k, tid, pid, fd, flags, path),
            Node::Pts(node) => {
                let is_dir = node == crate::devpts::PtsNode::Root;
                if flags & O_DIRECTORY != 0 && !is_dir {
                    return Err(Errno::ENOTDIR.into());
                }
                if is_dir && writes {
                    return Err(Errno::EISDIR.into());
                }
                let ops = crate::devpts::open(k, tid, node, flags)?;
                let file = OpenFile::new(ops, flags & !(O_CLOEXEC | O_NOCTTY), shown_path);
                return install(k, tid, file, flags & O_CLOEXEC != 0);
            }
        }
    };
    let meta = k.fs.getattr(ino)?;
    let ftype = meta.file_type();
    if flags & O_PATH == 0 {
        if ftype == FileType::Symlink {
            return Err(Errno::ELOOP.into());
        }
        if flags & O_DIRECTORY != 0 && ftype != FileType::Directory && !tmpfile {
            return Err(Errno::ENOTDIR.into());
        }
        if ftype == FileType::Directory && writes {
            return Err(Errno::EISDIR.into());
        }
        let want = match accmode {
            O_RDONLY => 4,
            O_WRONLY => 2,
            _ => 6,
        };
        if !created && !permitted(k, tid, &meta, want, false)? {
            return Err(Errno::EACCES.into());
        }
    }
    let ops: Rc<dyn FileOps> = match ftype {
        FileType::CharDevice if flags & O_PATH == 0 => {
            let device = Device::from_rdev(meta.rdev.major, meta.rdev.minor)
                .ok_or(SysErr::Errno(Errno::ENXIO))?;
            crate::file::open_device(k, tid, ino, device, flags)?
        }
        FileType::Regular | FileType::Directory | FileType::Symlink => {
            let hold = (ftype == FileType::Regular).then(|| vfs::hold(k, ino));
            Rc::new(DiskFile { ino, ftype, hold })
        }
        // fifo(7): may park until the other side opens (file::fifo).
        FileType::Fifo if flags & O_PATH == 0 => crate::file::fifo::open(k, tid, ino, flags)?,
        _ if flags & O_PATH != 0 => Rc::new(DiskFile {
            ino,
            ftype,
            hold: None,
        }),
        _ => return Err(Errno::ENXIO.into()),
    };
    if flags & O_TRUNC != 0 && writes && ftype == FileType::Regular && meta.size != 0 {
        let now = k.now_time();
        k.fs.truncate(ino, 0, now)?;
        k.cache.invalidate(&mut k.mem, ino);
    }
    // An unnamed file shows as Linux's d_path gives it: `dir/#ino (deleted)`.
    let path = shown.as_deref().unwrap_or(path);
    let shown = if tmpfile {
        let dir = path.strip_suffix(b"/").unwrap_or(path);
        format!("{}/#{} (deleted)", String::from_utf8_lossy(dir), ino.ino).into_bytes()
    } else {
        path.to_vec()
    };
    let file = OpenFile::new(
        ops,
        flags & !(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOCTTY),
        &shown,
    );
    install(k, tid, file, flags & O_CLOEXEC != 0)
}

/// Opens, through `/proc/<pid>/fd/<fd>`, an open file that has no inode (a
/// pipe, a socket): a new open file description of the same object, as
/// Linux's magic links give (`cat /dev/stdin`, bash's `<(...)`).
fn reopen(k: &mut Kernel, tid: Pid, pid: Pid, fd: u32, flags: u32, path: &[u8]) -> SysResult {
    if flags & O_DIRECTORY != 0 {
        return Err(Errno::ENOTDIR.into());
    }
    let ops = crate::proc::fd_ops(k, pid, fd)?;
    let kept = flags & !(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOCTTY);
    install(
        k,
        tid,
        OpenFile::new(ops, kept, path),
        flags & O_CLOEXEC != 0,
    )
}

/// Implements Linux syscall open(2).
pub(super) fn open(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let path = path_arg(k, tid, a[0])?;
    do_open(k, tid, AT_FDCWD as u32, &path, a[1], a[2])
}

/// Implements Linux syscall openat(2).
pub(super) fn openat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let path = path_arg(k, tid, a[1])?;
    do_open(k, tid, a[0], &path, a[2], a[3])
}

/// Implements Linux syscall creat(2).
pub(super) fn creat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let path = path_arg(k, tid, a[0])?;
    do_open(
        k,
        tid,
        AT_FDCWD as u32,
        &path,
        O_CREAT | O_WRONLY | O_TRUNC,
        a[1],
    )
}

/// Implements Linux syscall close(2).
pub(super) fn close(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let task = k.task(tid)?;
    let closed = task
        .files
        .borrow_mut()
        .remove(a[0])
        .ok_or(SysErr::Errno(Errno::EBADF))?;
    super::lock_closed(k, tid, &closed.file);
    drop(closed);
    // A closed pipe end may let a reader see EOF or a writer EPIPE.
    k.wake(|w| w == Wait::Io);
    Ok(0)
}

/// Reads up to `len` bytes from `file`, at `at` or at (and advancing) its
/// position. Blocking becomes EAGAIN under O_NONBLOCK.
fn read_file(
    k: &mut Kernel,
    tid: Pid,
    file: &FileRef,
    len: usize,
    at: Option<u64>,
) -> SysResult<Vec<u8>> {
    let (ops, flags, pos) = {
        let f = file.borrow();
        (Rc::clone(&f.ops), f.flags, at.unwrap_or(f.pos))
    };
    if flags & O_ACCMODE == O_WRONLY || flags & O_PATH != 0 {
        return Err(Errno::EBADF.into());
    }
    let seekable = ops.size(k)?.is_some();
    if seekable {
        verify_area(pos, len)?;
    }
    let len = len.min(RW_MAX);
    let bytes = if flags & O_NONBLOCK == 0 {
        ops.read(k, tid, len, pos)?
    } else {
        nonblocking(flags, ops.read_nonblocking(k, tid, len, pos))?
    };
    if at.is_none() && seekable {
        file.borrow_mut().pos = pos + bytes.len() as u64;
    }
    Ok(bytes)
}

/// A transfer on a seekable file must end at an offset `loff_t` can hold
/// (`rw_verify_area`): EINVAL past it.
fn verify_area(pos: u64, len: usize) -> SysResult<()> {
    match pos.checked_add(len as u64) {
        Some(end) if i64::try_from(end).is_ok() => Ok(()),
        _ => Err(Errno::EINVAL.into()),
    }
}

/// Writes `data` to `file`, at `at` or at (and advancing) its position.
fn write_file(
    k: &mut Kernel,
    tid: Pid,
    file: &FileRef,
    data: &[u8],
    at: Option<u64>,
) -> SysResult<usize> {
    let (ops, flags, pos) = {
        let f = file.borrow();
        (Rc::clone(&f.ops), f.flags, at.unwrap_or(f.pos))
    };
    if flags & O_ACCMODE == O_RDONLY || flags & O_PATH != 0 {
        return Err(Errno::EBADF.into());
    }
    let append = flags & O_APPEND != 0 && at.is_none();
    let seekable = ops.size(k)?.is_some();
    if seekable {
        verify_area(pos, data.len())?;
    }
    if !seekable && flags & O_NONBLOCK == 0 {
        // A stream: a blocking write finishes (pipe_write, n_tty_write).
        let key = Rc::as_ptr(file) as usize;
        return super::complete_write(k, tid, key, data.len(), |k, done| {
            Ok(ops.write(k, tid, &data[done..], pos, append)?.0)
        });
    }
    let (n, end) = nonblocking(flags, ops.write(k, tid, data, pos, append))?;
    if at.is_none() && seekable {
        file.borrow_mut().pos = end;
    }
    Ok(n)
}

/// A wait under O_NONBLOCK is EAGAIN instead.
fn nonblocking<T>(flags: u32, result: SysResult<T>) -> SysResult<T> {
    match result {
        Err(SysErr::Block(Wait::Io)) if flags & O_NONBLOCK != 0 => Err(Errno::EAGAIN.into()),
        other => other,
    }
}

/// Implements Linux syscall read(2).
pub(super) fn read(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let file = fd_file(k, tid, a[0])?;
    // Copy-out faults are checked before anything is consumed.
    k.with_user_memory(tid, |mm, mem| {
        mm.space
            .check_range(mem, a[1], a[2].min(RW_MAX as u32), tabvm_cpu::Access::Write)
    })?;
    let buf = read_file(k, tid, &file, a[2] as usize, None)?;
    k.write_user(tid, a[1], &buf)?;
    Ok(buf.len() as u32)
}

/// Implements Linux syscall write(2).
pub(super) fn write(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let file = fd_file(k, tid, a[0])?;
    let data = k.read_user(tid, a[1], (a[2] as usize).min(RW_MAX))?;
    Ok(write_file(k, tid, &file, &data, None)? as u32)
}

/// Implements Linux syscall pread64(2).
pub(super) fn pread64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let offset = super::offset64(a[3], a[4])?;
    let file = fd_file(k, tid, a[0])?;
    let ops = Rc::clone(&file.borrow().ops);
    if ops.size(k)?.is_none() {
        return Err(Errno::ESPIPE.into());
    }
    let buf = read_file(k, tid, &file, a[2] as usize, Some(offset))?;
    k.write_user(tid, a[1], &buf)?;
    Ok(buf.len() as u32)
}

/// Implements Linux syscall pwrite64(2).
pub(super) fn pwrite64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let offset = super::offset64(a[3], a[4])?;
    let file = fd_file(k, tid, a[0])?;
    let ops = Rc::clone(&file.borrow().ops);
    if ops.size(k)?.is_none() {
        return Err(Errno::ESPIPE.into());
    }
    let data = k.read_user(tid, a[1], (a[2] as usize).min(RW_MAX))?;
    Ok(write_file(k, tid, &file, &data, Some(offset))? as u32)
}

/// Implements Linux syscall readv(2).
pub(super) fn readv(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let file = fd_file(k, tid, a[0])?;
    let iov = super::read_iovecs(k, tid, a[1], a[2], Errno::EINVAL)?;
    // Saturating: a 32-bit host's usize holds no sum of 1024 lengths.
    let total: usize = iov
        .iter()
        .fold(0usize, |sum, v| sum.saturating_add(v.len as usize))
        .min(RW_MAX);
    for v in &iov {
        let len = v.len.min(total as u32);
        k.with_user_memory(tid, |mm, mem| {
            mm.space
                .check_range(mem, v.base, len, tabvm_cpu::Access::Write)
        })?;
    }
    let buf = read_file(k, tid, &file, total, None)?;
    let mut done = 0;
    for v in &iov {
        if done == buf.len() {
            break;
        }
        let n = (v.len as usize).min(buf.len() - done);
        k.write_user(tid, v.base, &buf[done..done + n])?;
        done += n;
    }
    Ok(done as u32)
}

/// Implements Linux syscall writev(2).
pub(super) fn writev(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let file = fd_file(k, tid, a[0])?;
    let iov = super::read_iovecs(k, tid, a[1], a[2], Errno::EINVAL)?;
    let mut data = Vec::new();
    for v in &iov {
        let room = RW_MAX - data.len();
        data.extend(k.read_user(tid, v.base, (v.len as usize).min(room))?);
    }
    Ok(write_file(k, tid, &file, &data, None)? as u32)
}

fn seek(k: &mut Kernel, tid: Pid, fd: u32, offset: i64, whence: u32) -> SysResult<u64> {
    let file = fd_file(k, tid, fd)?;
    let (ops, pos) = {
        let f = file.borrow();
        (Rc::clone(&f.ops), f.pos)
    };
    let size = ops.size(k)?.ok_or(SysErr::Errno(Errno::ESPIPE))?;
    let base = match whence {
        SEEK_SET => 0,
        SEEK_CUR => pos as i64,
        SEEK_END => size as i64,
        _ => return Err(Errno::EINVAL.into()),
    };
    let new = base
        .checked_add(offset)
        .filter(|p| *p >= 0)
        .ok_or(SysErr::Errno(Errno::EINVAL))? as u64;
    file.borrow_mut().pos = new;
    Ok(new)
}

/// Implements Linux syscall lseek(2).
pub(super) fn lseek(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let pos = seek(k, tid, a[0], i64::from(a[1] as i32), a[2])?;
    u32::try_from(pos).map_err(|_| Errno::EOVERFLOW.into())
}

/// Implements Linux syscall _llseek(2).
pub(super) fn llseek(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let offset = ((u64::from(a[1]) << 32) | u64::from(a[2])) as i64;
    let pos = seek(k, tid, a[0], offset, a[4])?;
    k.write_user(tid, a[3], &pos.to_le_bytes())?;
    Ok(0)
}

/// A device number, major and minor.
type Dev = (u32, u32);

/// The device of the file system `node` is on (`st_dev`).
fn node_dev(k: &Kernel, node: Node) -> Dev {
    match node {
        Node::Disk(fid) => k.fs.mount(fid).dev,
        // As `/proc/self/mountinfo` lists them (`proc::mount_table`).
        Node::Proc(p) if crate::proc::in_sysfs(p) => (0, 21),
        Node::Proc(_) => (0, 20),
        Node::Pts(_) => (0, 22),
        Node::Open(pid, fd) => crate::proc::fd_ops(k, pid, fd).map_or((0, 12), |ops| ops.st_dev(k)),
    }
}

/// Linux's `new_encode_dev` as glibc's 64-bit `dev_t` carries it.
fn encode_dev((major, minor): Dev) -> u64 {
    u64::from(minor & 0xff)
        | u64::from(major & 0xfff) << 8
        | u64::from(minor & !0xff) << 12
        | u64::from(major & !0xfff) << 32
}

fn stat64_of(meta: &Metadata, dev: Dev) -> Stat64 {
    Stat64 {
        dev: encode_dev(dev),
        ino32: meta.ino,
        mode: u32::from(meta.mode),
        nlink: u32::from(meta.nlink),
        uid: meta.uid,
        gid: meta.gid,
        rdev: encode_dev((meta.rdev.major, meta.rdev.minor)),
        size: meta.size as i64,
        blksize: meta.blksize,
        blocks: meta.blocks,
        atime: meta.atime.secs,
        atime_nsec: meta.atime.nsec,
        mtime: meta.mtime.secs,
        mtime_nsec: meta.mtime.nsec,
        ctime: meta.ctime.secs,
        ctime_nsec: meta.ctime.nsec,
        ino: u64::from(meta.ino),
    }
}

/// Metadata of an open file (devices and pipes report what Linux reports)
/// and the device of its file system.
fn file_meta(k: &mut Kernel, file: &FileRef) -> SysResult<(Metadata, Dev)> {
    let ops = Rc::clone(&file.borrow().ops);
    Ok((ops.stat(k)?, ops.st_dev(k)))
}

fn stat_at(
    k: &mut Kernel,
    tid: Pid,
    dirfd: u32,
    path_addr: u32,
    flags: u32,
) -> SysResult<(Metadata, Dev)> {
    let path = path_arg(k, tid, path_addr)?;
    if path.is_empty() && flags & AT_EMPTY_PATH != 0 {
        let file = fd_file(k, tid, dirfd)?;
        return file_meta(k, &file);
    }
    let node = resolve_at(
        k,
        tid,
        dirfd,
        &path,
        flags & AT_SYMLINK_NOFOLLOW == 0,
        flags,
    )?;
    Ok((node_meta(k, node)?, node_dev(k, node)))
}

/// Implements Linux syscall stat64(2).
pub(super) fn stat64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (meta, dev) = stat_at(k, tid, AT_FDCWD as u32, a[0], 0)?;
    k.write_user(tid, a[1], &stat64_of(&meta, dev).to_bytes())?;
    Ok(0)
}

/// Implements Linux syscall lstat64(2).
pub(super) fn lstat64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (meta, dev) = stat_at(k, tid, AT_FDCWD as u32, a[0], AT_SYMLINK_NOFOLLOW)?;
    k.write_user(tid, a[1], &stat64_of(&meta, dev).to_bytes())?;
    Ok(0)
}

/// Implements Linux syscall fstat64(2).
pub(super) fn fstat64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let file = fd_file(k, tid, a[0])?;
    let (meta, dev) = file_meta(k, &file)?;
    k.write_user(tid, a[1], &stat64_of(&meta, dev).to_bytes())?;
    Ok(0)
}

/// Implements Linux syscall fstatat64(2).
pub(super) fn fstatat64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (meta, dev) = stat_at(k, tid, a[0], a[1], a[3])?;
    k.write_user(tid, a[2], &stat64_of(&meta, dev).to_bytes())?;
    Ok(0)
}

/// Implements Linux syscall statx(2).
pub(super) fn statx(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (meta, dev) = stat_at(k, tid, a[0], a[1], a[2])?;
    let s = stat64_of(&meta, dev);
    // STATX_BASIC_STATS, and STATX_BTIME where the inode keeps one.
    let (mask, btime) = match meta.crtime {
        Some(t) => (0xfff, t),
        None => (0x7ff, tabvm_fs::Time::default()),
    };
    let statx = Statx {
        mask,
        blksize: s.blksize,
        nlink: s.nlink,
        uid: s.uid,
        gid: s.gid,
        mode: s.mode as u16,
        ino: s.ino,
        size: s.size as u64,
        blocks: s.blocks,
        atime_sec: i64::from(s.atime),
        atime_nsec: s.atime_nsec,
        btime_sec: i64::from(btime.secs),
        btime_nsec: btime.nsec,
        ctime_sec: i64::from(s.ctime),
        ctime_nsec: s.ctime_nsec,
        mtime_sec: i64::from(s.mtime),
        mtime_nsec: s.mtime_nsec,
        rdev_major: meta.rdev.major,
        rdev_minor: meta.rdev.minor,
        dev_major: dev.0,
        dev_minor: dev.1,
        ..Statx::default()
    };
    k.write_user(tid, a[4], &statx.to_bytes())?;
    Ok(0)
}

/// `statfs` of the file system holding `fid`.
fn statfs_bytes(k: &mut Kernel, fid: Fid) -> SysResult<[u8; Statfs64::SIZE]> {
    let s = k.fs.statfs(fid)?;
    let out = Statfs64 {
        kind: match k.fs.mount(fid).kind {
            FsKind::Ext2 => magic::EXT2_SUPER_MAGIC,
            FsKind::Tmpfs => magic::TMPFS_MAGIC,
        },
        bsize: s.block_size,
        blocks: s.blocks,
        bfree: s.free_blocks,
        bavail: s.avail_blocks,
        files: s.inodes,
        ffree: s.free_inodes,
        namelen: s.name_max,
        frsize: s.block_size,
        ..Statfs64::default()
    };
    Ok(out.to_bytes())
}

/// `statfs` of what `node` lies on: proc, sysfs and devpts give their own
/// magic and, as Linux's `simple_statfs`, no blocks or inodes (`stat -f
/// /proc` says `proc`, not the disk's `ext2/ext3`).
fn node_statfs(k: &mut Kernel, node: Node) -> SysResult<[u8; Statfs64::SIZE]> {
    let kind = match node {
        Node::Proc(p) if crate::proc::in_sysfs(p) => magic::SYSFS_MAGIC,
        Node::Proc(_) => magic::PROC_SUPER_MAGIC,
        Node::Pts(_) => magic::DEVPTS_SUPER_MAGIC,
        Node::Disk(fid) => return statfs_bytes(k, fid),
        Node::Open(..) => return statfs_bytes(k, Fid::ROOT),
    };
    let out = Statfs64 {
        kind,
        bsize: 4096,
        namelen: 255,
        frsize: 4096,
        ..Statfs64::default()
    };
    Ok(out.to_bytes())
}

/// Implements Linux syscall statfs64(2).
pub(super) fn statfs64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let path = path_arg(k, tid, a[0])?;
    let node = resolve_at(k, tid, AT_FDCWD as u32, &path, true, 0)?;
    let bytes = node_statfs(k, node)?;
    k.write_user(tid, a[2], &bytes[..(a[1] as usize).min(bytes.len())])?;
    Ok(0)
}

/// Implements Linux syscall fstatfs64(2).
pub(super) fn fstatfs64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ops = fd_ops(k, tid, a[0])?;
    let node = match (ops.inode(), ops.dir_node()) {
        (Some((fid, _)), _) => Node::Disk(fid),
        (None, Some(dir)) => dir,
        (None, None) => Node::Disk(Fid::ROOT),
    };
    let bytes = node_statfs(k, node)?;
    k.write_user(tid, a[2], &bytes[..(a[1] as usize).min(bytes.len())])?;
    Ok(0)
}

/// Implements Linux syscall getdents(2): the old `struct linux_dirent`
/// records (LeakSanitizer lists `/proc/PID/task` with it); an offset past
/// 32 bits is EOVERFLOW (`filldir`).
pub(super) fn getdents(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    fill_dirents(k, tid, a, |entry, out, room| {
        let off = u32::try_from(entry.next).map_err(|_| Errno::EOVERFLOW)?;
        let record = Dirent {
            ino: entry.ino,
            off,
            kind: entry.file_type.dt(),
            name: &entry.name,
        };
        Ok(record.emit(out, room))
    })
}

/// Implements Linux syscall getdents64(2).
pub(super) fn getdents64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    fill_dirents(k, tid, a, |entry, out, room| {
        let record = Dirent64 {
            ino: u64::from(entry.ino),
            off: entry.next as i64,
            kind: entry.file_type.dt(),
            name: &entry.name,
        };
        Ok(record.emit(out, room))
    })
}

/// Fills the getdents buffer of `a` (fd, buffer, size) with the records
/// `emit` makes of the directory's next entries: each in the room left,
/// 0 when it does not fit. The first record failing to fit is EINVAL, and
/// the first failing at all is its error; a later one ends the buffer.
fn fill_dirents(
    k: &mut Kernel,
    tid: Pid,
    a: Args,
    mut emit: impl FnMut(&tabvm_fs::DirEntryInfo, &mut Vec<u8>, usize) -> Result<usize, Errno>,
) -> SysResult {
    let file = fd_file(k, tid, a[0])?;
    let (ops, cookie) = {
        let f = file.borrow();
        (Rc::clone(&f.ops), f.pos)
    };
    let space = (a[2] as usize).min(RW_MAX);
    let entries = ops.readdir(k, cookie)?;
    let mut out = Vec::new();
    let mut next = cookie;
    for entry in &entries {
        let room = space - out.len();
        match emit(entry, &mut out, room) {
            Ok(0) if out.is_empty() => return Err(Errno::EINVAL.into()),
            Err(e) if out.is_empty() => return Err(e.into()),
            Ok(0) | Err(_) => break,
            Ok(_) => next = entry.next,
        }
    }
    k.write_user(tid, a[1], &out)?;
    file.borrow_mut().pos = next;
    Ok(out.len() as u32)
}

fn readlink_at(
    k: &mut Kernel,
    tid: Pid,
    dirfd: u32,
    path_addr: u32,
    buf: u32,
    size: u32,
) -> SysResult {
    let path = path_arg(k, tid, path_addr)?;
    if size as i32 <= 0 {
        return Err(Errno::EINVAL.into());
    }
    let node = resolve_at(k, tid, dirfd, &path, false, 0)?;
    if node_meta(k, node)?.file_type() != FileType::Symlink {
        return Err(Errno::EINVAL.into());
    }
    let target = match node {
        Node::Disk(ino) => k.fs.readlink(ino)?,
        Node::Proc(p) => crate::proc::readlink(k, tid, p)?,
        Node::Pts(_) | Node::Open(..) => return Err(Errno::EINVAL.into()),
    };
    let n = target.len().min(size as usize);
    k.write_user(tid, buf, &target[..n])?;
    Ok(n as u32)
}

/// Implements Linux syscall readlink(2).
pub(super) fn readlink(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    readlink_at(k, tid, AT_FDCWD as u32, a[0], a[1], a[2])
}

/// Implements Linux syscall readlinkat(2).
pub(super) fn readlinkat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    readlink_at(k, tid, a[0], a[1], a[2], a[3])
}

fn access_at(
    k: &mut Kernel,
    tid: Pid,
    dirfd: u32,
    path_addr: u32,
    mode: u32,
    flags: u32,
) -> SysResult {
    if mode & !7 != 0 {
        return Err(Errno::EINVAL.into());
    }
    let path = path_arg(k, tid, path_addr)?;
    let node = resolve_at(
        k,
        tid,
        dirfd,
        &path,
        flags & AT_SYMLINK_NOFOLLOW == 0,
        flags,
    )?;
    let meta = node_meta(k, node)?;
    if mode == 0 || permitted(k, tid, &meta, mode, flags & AT_EACCESS == 0)? {
        Ok(0)
    } else {
        Err(Errno::EACCES.into())
    }
}

/// Implements Linux syscall access(2).
pub(super) fn access(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    access_at(k, tid, AT_FDCWD as u32, a[0], a[1], 0)
}

/// Implements Linux syscall faccessat(2).
pub(super) fn faccessat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    access_at(k, tid, a[0], a[1], a[2], 0)
}

/// Implements Linux syscall faccessat2(2).
pub(super) fn faccessat2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    access_at(k, tid, a[0], a[1], a[2], a[3])
}

/// Implements Linux syscall getcwd(2).
pub(super) fn getcwd(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let cwd = k.task(tid)?.fs.borrow().cwd;
    let mut path = vfs::node_path(k, cwd)?;
    path.push(0);
    if path.len() > a[1] as usize {
        return Err(Errno::ERANGE.into());
    }
    k.write_user(tid, a[0], &path)?;
    Ok(path.len() as u32)
}

fn change_dir(k: &mut Kernel, tid: Pid, node: Node) -> SysResult {
    let meta = node_meta(k, node)?;
    if meta.file_type() != FileType::Directory {
        return Err(Errno::ENOTDIR.into());
    }
    if !permitted(k, tid, &meta, 1, false)? {
        return Err(Errno::EACCES.into());
    }
    k.task(tid)?.fs.borrow_mut().cwd = node;
    Ok(0)
}

/// Implements Linux syscall chdir(2).
pub(super) fn chdir(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let path = path_arg(k, tid, a[0])?;
    let node = resolve_at(k, tid, AT_FDCWD as u32, &path, true, 0)?;
    change_dir(k, tid, node)
}

/// Implements Linux syscall fchdir(2).
pub(super) fn fchdir(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let file = fd_file(k, tid, a[0])?;
    let Some(node) = file.borrow().ops.dir_node() else {
        return Err(Errno::ENOTDIR.into());
    };
    change_dir(k, tid, node)
}

fn writable_dir(k: &mut Kernel, tid: Pid, dir: Fid) -> SysResult<()> {
    let meta = k.fs.getattr(dir)?;
    if permitted(k, tid, &meta, 3, false)? {
        Ok(())
    } else {
        Err(Errno::EACCES.into())
    }
}

fn mkdir_at(k: &mut Kernel, tid: Pid, dirfd: u32, path_addr: u32, mode: u32) -> SysResult {
    let path = path_arg(k, tid, path_addr)?;
    let parent = parent_at(k, tid, dirfd, &path)?;
    writable_dir(k, tid, parent.dir)?;
    let node = new_node(k, tid, mode)?;
    k.fs.mkdir(parent.dir, &parent.name, &node)?;
    Ok(0)
}

/// Implements Linux syscall mkdir(2).
pub(super) fn mkdir(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    mkdir_at(k, tid, AT_FDCWD as u32, a[0], a[1])
}

/// Implements Linux syscall mkdirat(2).
pub(super) fn mkdirat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    mkdir_at(k, tid, a[0], a[1], a[2])
}

fn unlink_at(k: &mut Kernel, tid: Pid, dirfd: u32, path_addr: u32, flags: u32) -> SysResult {
    if flags & !AT_REMOVEDIR != 0 {
        return Err(Errno::EINVAL.into());
    }
    let path = path_arg(k, tid, path_addr)?;
    let start = start_dir(k, tid, dirfd, &path)?.disk()?;
    let parent = vfs::lookup_parent(&mut k.fs, start, &path)?;
    writable_dir(k, tid, parent.dir)?;
    let now = k.now_time();
    if flags & AT_REMOVEDIR != 0 {
        if parent.name == b"." {
            return Err(Errno::EINVAL.into());
        }
        if parent.name == b".." {
            return Err(Errno::ENOTEMPTY.into());
        }
        k.fs.rmdir(parent.dir, &parent.name, now)?;
    } else {
        if path.ends_with(b"/") {
            return Err(Errno::EISDIR.into());
        }
        let ino = k.fs.lookup(parent.dir, &parent.name)?;
        if k.fs.getattr(ino)?.file_type() == FileType::Directory {
            return Err(Errno::EISDIR.into());
        }
        k.fs.unlink(parent.dir, &parent.name, now)?;
        k.cache.invalidate(&mut k.mem, ino);
    }
    Ok(0)
}

/// Implements Linux syscall unlink(2).
pub(super) fn unlink(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    unlink_at(k, tid, AT_FDCWD as u32, a[0], 0)
}

/// Implements Linux syscall unlinkat(2).
pub(super) fn unlinkat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    unlink_at(k, tid, a[0], a[1], a[2])
}

/// Implements Linux syscall rmdir(2).
pub(super) fn rmdir(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    unlink_at(k, tid, AT_FDCWD as u32, a[0], AT_REMOVEDIR)
}

fn rename_at(
    k: &mut Kernel,
    tid: Pid,
    olddir: u32,
    old: u32,
    newdir: u32,
    new: u32,
    flags: u32,
) -> SysResult {
    if flags != 0 {
        return Err(Errno::EINVAL.into());
    }
    let old_path = path_arg(k, tid, old)?;
    let new_path = path_arg(k, tid, new)?;
    let from = parent_at(k, tid, olddir, &old_path)?;
    let to = parent_at(k, tid, newdir, &new_path)?;
    writable_dir(k, tid, from.dir)?;
    writable_dir(k, tid, to.dir)?;
    let moving = k.fs.lookup(from.dir, &from.name)?;
    if k.fs.getattr(moving)?.file_type() == FileType::Directory {
        // A directory may not move below itself.
        let mut dir = to.dir;
        for _ in 0..PATH_MAX {
            if dir == moving {
                return Err(Errno::EINVAL.into());
            }
            if dir == Fid::ROOT {
                break;
            }
            dir = k.fs.lookup(dir, b"..")?;
        }
    }
    let now = k.now_time();
    k.fs.rename(from.dir, &from.name, to.dir, &to.name, now)?;
    Ok(0)
}

/// Implements Linux syscall rename(2).
pub(super) fn rename(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    rename_at(k, tid, AT_FDCWD as u32, a[0], AT_FDCWD as u32, a[1], 0)
}

/// Implements Linux syscall renameat(2).
pub(super) fn renameat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    rename_at(k, tid, a[0], a[1], a[2], a[3], 0)
}

/// Implements Linux syscall renameat2(2).
pub(super) fn renameat2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    rename_at(k, tid, a[0], a[1], a[2], a[3], a[4])
}

fn link_at(
    k: &mut Kernel,
    tid: Pid,
    olddir: u32,
    old: u32,
    newdir: u32,
    new: u32,
    flags: u32,
) -> SysResult {
    let old_path = path_arg(k, tid, old)?;
    let new_path = path_arg(k, tid, new)?;
    let ino = resolve_at(
        k,
        tid,
        olddir,
        &old_path,
        flags & AT_SYMLINK_FOLLOW != 0,
        flags,
    )?
    .disk()?;
    if k.fs.getattr(ino)?.file_type() == FileType::Directory {
        return Err(Errno::EPERM.into());
    }
    let to = parent_at(k, tid, newdir, &new_path)?;
    writable_dir(k, tid, to.dir)?;
    let now = k.now_time();
    k.fs.link(ino, to.dir, &to.name, now)?;
    Ok(0)
}

/// Implements Linux syscall link(2).
pub(super) fn link(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    link_at(k, tid, AT_FDCWD as u32, a[0], AT_FDCWD as u32, a[1], 0)
}

/// Implements Linux syscall linkat(2).
pub(super) fn linkat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    link_at(k, tid, a[0], a[1], a[2], a[3], a[4])
}

fn symlink_at(k: &mut Kernel, tid: Pid, target: u32, dirfd: u32, path: u32) -> SysResult {
    let target = path_arg(k, tid, target)?;
    if target.is_empty() {
        return Err(Errno::ENOENT.into());
    }
    let path = path_arg(k, tid, path)?;
    let parent = parent_at(k, tid, dirfd, &path)?;
    writable_dir(k, tid, parent.dir)?;
    let node = new_node(k, tid, 0o777)?;
    let node = NewNode {
        perm: 0o777,
        ..node
    };
    k.fs.symlink(parent.dir, &parent.name, &target, &node)?;
    Ok(0)
}

/// Implements Linux syscall symlink(2).
pub(super) fn symlink(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    symlink_at(k, tid, a[0], AT_FDCWD as u32, a[1])
}

/// Implements Linux syscall symlinkat(2).
pub(super) fn symlinkat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    symlink_at(k, tid, a[0], a[1], a[2])
}

fn set_attr(k: &mut Kernel, tid: Pid, ino: Fid, attr: SetAttr) -> SysResult {
    let meta = k.fs.getattr(ino)?;
    let creds = k.task(tid)?.creds.clone();
    if creds.euid != 0 {
        let owner = creds.euid == meta.uid;
        if attr.uid.is_some_and(|u| u != meta.uid)
            || (attr.gid.is_some() && !owner)
            || (attr.perm.is_some() && !owner)
        {
            return Err(Errno::EPERM.into());
        }
        if (attr.atime.is_some() || attr.mtime.is_some())
            && !owner
            && !permitted(k, tid, &meta, 2, false)?
        {
            return Err(Errno::EACCES.into());
        }
    }
    let now = k.now_time();
    k.fs.setattr(ino, &attr, now)?;
    if attr.size.is_some() {
        k.cache.invalidate(&mut k.mem, ino);
    }
    Ok(0)
}

fn fd_ino(k: &Kernel, tid: Pid, fd: u32) -> SysResult<Fid> {
    fd_ops(k, tid, fd)?
        .inode()
        .map(|(ino, _)| ino)
        .ok_or(SysErr::Errno(Errno::EINVAL))
}

fn path_ino(
    k: &mut Kernel,
    tid: Pid,
    dirfd: u32,
    addr: u32,
    follow: bool,
    flags: u32,
) -> SysResult<Fid> {
    let path = path_arg(k, tid, addr)?;
    resolve_at(k, tid, dirfd, &path, follow, flags)?.disk()
}

fn perm(mode: u32) -> SetAttr {
    SetAttr {
        perm: Some((mode & 0o7777) as u16),
        ..SetAttr::default()
    }
}

/// Implements Linux syscall chmod(2).
pub(super) fn chmod(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ino = path_ino(k, tid, AT_FDCWD as u32, a[0], true, 0)?;
    set_attr(k, tid, ino, perm(a[1]))
}

/// Implements Linux syscall fchmod(2).
pub(super) fn fchmod(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ino = fd_ino(k, tid, a[0])?;
    set_attr(k, tid, ino, perm(a[1]))
}

/// Implements Linux syscall fchmodat(2).
pub(super) fn fchmodat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ino = path_ino(k, tid, a[0], a[1], true, 0)?;
    set_attr(k, tid, ino, perm(a[2]))
}

fn owner(uid: u32, gid: u32) -> SetAttr {
    SetAttr {
        uid: (uid != u32::MAX).then_some(uid),
        gid: (gid != u32::MAX).then_some(gid),
        ..SetAttr::default()
    }
}

/// Implements Linux syscall chown32(2).
pub(super) fn chown(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ino = path_ino(k, tid, AT_FDCWD as u32, a[0], true, 0)?;
    set_attr(k, tid, ino, owner(a[1], a[2]))
}

/// Implements Linux syscall lchown32(2).
pub(super) fn lchown(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ino = path_ino(k, tid, AT_FDCWD as u32, a[0], false, 0)?;
    set_attr(k, tid, ino, owner(a[1], a[2]))
}

/// Implements Linux syscall fchown32(2).
pub(super) fn fchown(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ino = fd_ino(k, tid, a[0])?;
    set_attr(k, tid, ino, owner(a[1], a[2]))
}

/// Implements Linux syscall fchownat(2).
pub(super) fn fchownat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ino = path_ino(k, tid, a[0], a[1], a[4] & AT_SYMLINK_NOFOLLOW == 0, a[4])?;
    set_attr(k, tid, ino, owner(a[2], a[3]))
}

/// `UTIME_NOW` and `UTIME_OMIT` (`linux/stat.h`).
const UTIME_NOW: u32 = (1 << 30) - 1;
const UTIME_OMIT: u32 = (1 << 30) - 2;

fn utimens(k: &mut Kernel, tid: Pid, a: Args, times: Option<[(u32, u32); 2]>) -> SysResult {
    let ino = if a[1] == 0 {
        fd_ino(k, tid, a[0])?
    } else {
        path_ino(k, tid, a[0], a[1], a[3] & AT_SYMLINK_NOFOLLOW == 0, a[3])?
    };
    let now = k.now_time();
    let pick = |(sec, nsec): (u32, u32)| match nsec {
        UTIME_OMIT => Ok(None),
        UTIME_NOW => Ok(Some(now)),
        0..1_000_000_000 => Ok(Some(tabvm_fs::Time::new(sec, nsec))),
        _ => Err(Errno::EINVAL),
    };
    let [atime, mtime] = match times {
        None => [Some(now), Some(now)],
        Some([at, mt]) => [pick(at)?, pick(mt)?],
    };
    set_attr(
        k,
        tid,
        ino,
        SetAttr {
            atime,
            mtime,
            ..SetAttr::default()
        },
    )
}

/// The layouts a pair of (access, modification) times comes in.
#[derive(Clone, Copy)]
enum TimePair {
    /// `struct timespec[2]` with 32-bit seconds.
    Timespec32,
    /// `struct __kernel_timespec[2]` (time64).
    Timespec64,
    /// `struct timeval[2]` (microseconds).
    Timeval,
}

/// Reads a pair of times as (seconds, nanoseconds); `None` for a NULL
/// pointer ("now" for both).
fn read_times(
    k: &mut Kernel,
    tid: Pid,
    addr: u32,
    layout: TimePair,
) -> SysResult<Option<[(u32, u32); 2]>> {
    if addr == 0 {
        return Ok(None);
    }
    let (stride, sub_at, scale) = match layout {
        TimePair::Timespec32 => (8, 4, 1),
        TimePair::Timespec64 => (16, 8, 1),
        TimePair::Timeval => (8, 4, 1000),
    };
    let raw = k.read_user(tid, addr, 2 * stride)?;
    let w = |i: usize| u32::from_le_bytes([raw[i], raw[i + 1], raw[i + 2], raw[i + 3]]);
    Ok(Some([0, stride].map(|base| {
        (w(base), w(base + sub_at).saturating_mul(scale))
    })))
}

/// Implements Linux syscall utimensat(2) (32-bit `timespec`).
pub(super) fn utimensat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let times = read_times(k, tid, a[2], TimePair::Timespec32)?;
    utimens(k, tid, a, times)
}

/// Implements Linux syscall utimensat_time64(2).
pub(super) fn utimensat64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let times = read_times(k, tid, a[2], TimePair::Timespec64)?;
    utimens(k, tid, a, times)
}

/// Implements Linux syscall utimes(2).
pub(super) fn utimes(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let times = read_times(k, tid, a[1], TimePair::Timeval)?;
    utimens(k, tid, [AT_FDCWD as u32, a[0], a[1], 0, 0, 0], times)
}

fn truncate_ino(k: &mut Kernel, tid: Pid, ino: Fid, size: u64) -> SysResult {
    let meta = k.fs.getattr(ino)?;
    match meta.file_type() {
        FileType::Directory => return Err(Errno::EISDIR.into()),
        FileType::Regular => {}
        _ => return Err(Errno::EINVAL.into()),
    }
    set_attr(
        k,
        tid,
        ino,
        SetAttr {
            size: Some(size),
            ..SetAttr::default()
        },
    )
}

/// Implements Linux syscall truncate(2).
pub(super) fn truncate(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let size = super::offset32(a[1])?;
    let ino = path_ino(k, tid, AT_FDCWD as u32, a[0], true, 0)?;
    truncate_ino(k, tid, ino, size)
}

/// Implements Linux syscall truncate64(2).
pub(super) fn truncate64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let size = super::offset64(a[1], a[2])?;
    let ino = path_ino(k, tid, AT_FDCWD as u32, a[0], true, 0)?;
    truncate_ino(k, tid, ino, size)
}

fn ftruncate_to(k: &mut Kernel, tid: Pid, fd: u32, size: u64) -> SysResult {
    let file = fd_file(k, tid, fd)?;
    if file.borrow().flags & O_ACCMODE == O_RDONLY {
        return Err(Errno::EINVAL.into());
    }
    let ino = fd_ino(k, tid, fd)?;
    truncate_ino(k, tid, ino, size)
}

/// Implements Linux syscall ftruncate(2).
pub(super) fn ftruncate(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    ftruncate_to(k, tid, a[0], super::offset32(a[1])?)
}

/// Implements Linux syscall ftruncate64(2).
pub(super) fn ftruncate64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    ftruncate_to(k, tid, a[0], super::offset64(a[1], a[2])?)
}

/// Implements Linux syscall umask(2).
pub(super) fn umask(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let task = k.task(tid)?;
    let mut fs = task.fs.borrow_mut();
    Ok(std::mem::replace(&mut fs.umask, a[0] & 0o777))
}

/// Implements Linux syscalls fsync(2) and fdatasync(2): every committed
/// transaction has already reached the overlay store.
pub(super) fn fsync(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    fd_file(k, tid, a[0])?;
    Ok(0)
}

/// Implements Linux syscall sync(2).
pub(super) fn sync(_: &mut Kernel, _: Pid, _: Args) -> SysResult {
    Ok(0)
}

fn dup_to(k: &mut Kernel, tid: Pid, old: u32, min: u32, cloexec: bool) -> SysResult {
    let file = fd_file(k, tid, old)?;
    let task = k.task(tid)?;
    if min >= task.files.borrow().limit() {
        return Err(Errno::EINVAL.into());
    }
    task.files
        .borrow_mut()
        .insert(Fd { file, cloexec }, min)
        .ok_or(SysErr::Errno(Errno::EMFILE))
}

/// Implements Linux syscall dup(2).
pub(super) fn dup(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    dup_to(k, tid, a[0], 0, false)
}

fn dup_exact(k: &mut Kernel, tid: Pid, old: u32, new: u32, cloexec: bool) -> SysResult {
    let file = fd_file(k, tid, old)?;
    if new >= k.task(tid)?.files.borrow().limit() {
        return Err(Errno::EBADF.into());
    }
    let task = k.task(tid)?;
    let replaced = task.files.borrow_mut().insert_at(new, Fd { file, cloexec });
    if let Some(old) = &replaced {
        super::lock_closed(k, tid, &old.file);
    }
    drop(replaced);
    k.wake(|w| w == Wait::Io);
    Ok(new)
}

/// Implements Linux syscall dup2(2).
pub(super) fn dup2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[0] == a[1] {
        fd_file(k, tid, a[0])?;
        return Ok(a[1]);
    }
    dup_exact(k, tid, a[0], a[1], false)
}

/// Implements Linux syscall dup3(2).
pub(super) fn dup3(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[0] == a[1] || a[2] & !O_CLOEXEC != 0 {
        return Err(Errno::EINVAL.into());
    }
    dup_exact(k, tid, a[0], a[1], a[2] & O_CLOEXEC != 0)
}

/// Implements Linux syscalls fcntl(2) and fcntl64(2).
pub(super) fn fcntl(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (fd, cmd, arg) = (a[0], a[1], a[2]);
    let file = fd_file(k, tid, fd)?;
    match cmd {
        F_DUPFD => dup_to(k, tid, fd, arg, false),
        F_DUPFD_CLOEXEC => dup_to(k, tid, fd, arg, true),
        F_GETFD => {
            let task = k.task(tid)?;
            let files = task.files.borrow();
            Ok(u32::from(files.get(fd).is_some_and(|f| f.cloexec)))
        }
        F_SETFD => {
            let task = k.task(tid)?;
            if let Some(slot) = task.files.borrow_mut().get_mut(fd) {
                slot.cloexec = arg & FD_CLOEXEC != 0;
            }
            Ok(0)
        }
        F_GETFL => Ok(file.borrow().flags),
        F_SETFL => {
            let settable = O_APPEND | O_NONBLOCK | O_NOATIME | O_DIRECT;
            {
                let mut f = file.borrow_mut();
                f.flags = (f.flags & !settable) | (arg & settable);
            }
            k.set_async(&file, fd, arg & FASYNC != 0);
            Ok(0)
        }
        F_GETOWN | F_SETOWN | F_GETOWN_EX | F_SETOWN_EX | F_GETSIG | F_SETSIG => {
            io_owner(k, tid, &file, cmd, arg)
        }
        F_GETLK | F_SETLK | F_SETLKW | F_GETLK64 | F_SETLK64 | F_SETLKW64 | F_OFD_GETLK
        | F_OFD_SETLK | F_OFD_SETLKW => super::lock::fcntl(k, tid, &file, cmd, arg),
        F_GETPIPE_SZ => match file.borrow().ops.pipe() {
            Some(pipe) => Ok(pipe.borrow().capacity() as u32),
            None => Err(Errno::EBADF.into()),
        },
        _ => Err(Errno::EINVAL.into()),
    }
}

/// fcntl(2)'s commands for who `O_ASYNC` signals, and with what signal.
fn io_owner(k: &mut Kernel, tid: Pid, file: &FileRef, cmd: u32, arg: u32) -> SysResult {
    use crate::fasync::Owner;
    let exists = |k: &Kernel, owner: Owner| match owner {
        Owner::None => true,
        Owner::Thread(id) | Owner::Process(id) => k.tasks.contains_key(&id),
        Owner::Group(id) => k.tasks.values().any(|t| t.pgid == id),
    };
    let (kind, id) = match file.borrow().owner {
        Owner::None => (F_OWNER_TID, 0),
        Owner::Thread(id) => (F_OWNER_TID, id),
        Owner::Process(id) => (F_OWNER_PID, id),
        Owner::Group(id) => (F_OWNER_PGRP, id),
    };
    let owner = match cmd {
        F_GETOWN if kind == F_OWNER_PGRP => return Ok((id as i32).wrapping_neg() as u32),
        F_GETOWN => return Ok(id),
        F_GETOWN_EX => {
            let mut ex = [0u8; 8];
            ex[..4].copy_from_slice(&kind.to_le_bytes());
            ex[4..].copy_from_slice(&id.to_le_bytes());
            k.write_user(tid, arg, &ex)?;
            return Ok(0);
        }
        F_GETSIG => return Ok(file.borrow().io_signal),
        F_SETSIG if arg > crate::abi::signal::NSIG => return Err(Errno::EINVAL.into()),
        F_SETSIG => {
            file.borrow_mut().io_signal = arg;
            return Ok(0);
        }
        F_SETOWN => match arg as i32 {
            0 => Owner::None,
            i32::MIN => return Err(Errno::EINVAL.into()),
            who if who < 0 => Owner::Group(who.unsigned_abs()),
            who => Owner::Process(who as u32),
        },
        _ => {
            let ex = k.read_user(tid, arg, 8)?;
            let word = |i: usize| u32::from_le_bytes([ex[i], ex[i + 1], ex[i + 2], ex[i + 3]]);
            match (word(0), word(4)) {
                (F_OWNER_TID | F_OWNER_PID | F_OWNER_PGRP, 0) => Owner::None,
                (F_OWNER_TID, id) => Owner::Thread(id),
                (F_OWNER_PID, id) => Owner::Process(id),
                (F_OWNER_PGRP, id) => Owner::Group(id),
                _ => return Err(Errno::EINVAL.into()),
            }
        }
    };
    if !exists(k, owner) {
        return Err(Errno::ESRCH.into());
    }
    file.borrow_mut().owner = owner;
    Ok(0)
}

fn make_pipe(k: &mut Kernel, tid: Pid, addr: u32, flags: u32) -> SysResult {
    if flags & !(O_CLOEXEC | O_NONBLOCK | O_DIRECT) != 0 {
        return Err(Errno::EINVAL.into());
    }
    let pipe = Rc::new(RefCell::new(Pipe::new()));
    let status = flags & O_NONBLOCK;
    let cloexec = flags & O_CLOEXEC != 0;
    let ino = k.next_anon_ino();
    let path = format!("pipe:[{ino}]");
    let end = |write: bool| {
        let ops: Rc<dyn FileOps> = Rc::new(PipeEnd {
            pipe: Rc::clone(&pipe),
            write,
            ino,
        });
        OpenFile::new(
            ops,
            status | if write { O_WRONLY } else { O_RDONLY },
            path.as_bytes(),
        )
    };
    let read_fd = install(k, tid, end(false), cloexec)?;
    let write_fd = match install(k, tid, end(true), cloexec) {
        Ok(fd) => fd,
        Err(e) => {
            k.task(tid)?.files.borrow_mut().remove(read_fd);
            return Err(e);
        }
    };
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&read_fd.to_le_bytes());
    bytes[4..].copy_from_slice(&write_fd.to_le_bytes());
    if let Err(e) = k.write_user(tid, addr, &bytes) {
        let task = k.task(tid)?;
        task.files.borrow_mut().remove(read_fd);
        task.files.borrow_mut().remove(write_fd);
        return Err(e);
    }
    Ok(0)
}

/// Implements Linux syscall pipe(2).
pub(super) fn pipe(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    make_pipe(k, tid, a[0], 0)
}

/// Implements Linux syscall pipe2(2).
pub(super) fn pipe2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    make_pipe(k, tid, a[0], a[1])
}

/// Implements Linux syscall ioctl(2) for the requests files other than
/// terminals answer; terminals arrive with the tty layer.
pub(super) fn ioctl(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    use crate::abi::termios::ioctl::{FIOASYNC, FIONBIO};
    let file = fd_file(k, tid, a[0])?;
    match a[1] {
        FIOASYNC => {
            let on = k.read_user_u32(tid, a[2])? != 0;
            let was = file.borrow().flags & FASYNC != 0;
            if on != was && !file.borrow().ops.signals_io() {
                return Err(Errno::ENOTTY.into());
            }
            k.set_async(&file, a[0], on);
            Ok(0)
        }
        FIONBIO => {
            let on = k.read_user_u32(tid, a[2])? != 0;
            let mut f = file.borrow_mut();
            f.flags = if on {
                f.flags | O_NONBLOCK
            } else {
                f.flags & !O_NONBLOCK
            };
            Ok(0)
        }
        cmd => {
            let ops = Rc::clone(&file.borrow().ops);
            ops.ioctl(k, tid, cmd, a[2])
        }
    }
}

/// Implements Linux syscall fadvise64(2) (i386: fd, offset as two words,
/// a 32-bit length, advice).
pub(super) fn fadvise64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    fadvise(k, tid, a[0], u64::from(a[3]), a[4])
}

/// Implements Linux syscall fadvise64_64(2) (i386: fd, offset and length
/// as two words each, advice).
pub(super) fn fadvise64_64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let length = u64::from(a[3]) | u64::from(a[4]) << 32;
    fadvise(k, tid, a[0], length, a[5])
}

/// posix_fadvise's advice, checked as `generic_fadvise` checks it (any
/// offset will do) and otherwise ignored, as advice may be.
fn fadvise(k: &mut Kernel, tid: Pid, fd: u32, length: u64, advice: u32) -> SysResult {
    const POSIX_FADV_NOREUSE: u32 = 5;
    let file = fd_file(k, tid, fd)?;
    let ops = Rc::clone(&file.borrow().ops);
    if u32::from(ops.stat(k)?.mode) & S_IFMT == S_IFIFO {
        return Err(Errno::ESPIPE.into());
    }
    if (length as i64) < 0 || advice > POSIX_FADV_NOREUSE {
        return Err(Errno::EINVAL.into());
    }
    Ok(0)
}

/// Implements Linux syscall sync_file_range(2) (i386: fd, offset and
/// length as two words each, flags), checked as Linux checks it. Each
/// call's changes reached the overlay store when it committed, so there is
/// no write-back to start or wait for.
pub(super) fn sync_file_range(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    // SYNC_FILE_RANGE_WAIT_BEFORE | _WRITE | _WAIT_AFTER.
    const VALID_FLAGS: u32 = 7;
    let file = fd_file(k, tid, a[0])?;
    let offset = u64::from(a[1]) | u64::from(a[2]) << 32;
    let length = u64::from(a[3]) | u64::from(a[4]) << 32;
    let end = offset.wrapping_add(length);
    if a[5] & !VALID_FLAGS != 0 || (offset as i64) < 0 || (end as i64) < 0 || end < offset {
        return Err(Errno::EINVAL.into());
    }
    let ops = Rc::clone(&file.borrow().ops);
    match u32::from(ops.stat(k)?.mode) & S_IFMT {
        S_IFREG | S_IFBLK | S_IFDIR | S_IFLNK => Ok(0),
        _ => Err(Errno::ESPIPE.into()),
    }
}

/// Implements Linux syscall close_range(2).
pub(super) fn close_range(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    const CLOSE_RANGE_UNSHARE: u32 = 2;
    const CLOSE_RANGE_CLOEXEC: u32 = 4;
    let (first, last, flags) = (a[0], a[1], a[2]);
    if first > last || flags & !(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC) != 0 {
        return Err(Errno::EINVAL.into());
    }
    let task = k.task_mut(tid)?;
    if flags & CLOSE_RANGE_UNSHARE != 0 {
        let copy = task.files.borrow().copy();
        task.files = Rc::new(RefCell::new(copy));
    }
    let files = Rc::clone(&task.files);
    let open: Vec<u32> = files
        .borrow()
        .iter()
        .map(|(fd, _)| fd)
        .filter(|fd| (first..=last).contains(fd))
        .collect();
    let mut closed = Vec::new();
    for fd in open {
        if flags & CLOSE_RANGE_CLOEXEC != 0 {
            if let Some(slot) = files.borrow_mut().get_mut(fd) {
                slot.cloexec = true;
            }
        } else {
            closed.extend(files.borrow_mut().remove(fd));
        }
    }
    for fd in &closed {
        super::lock_closed(k, tid, &fd.file);
    }
    drop(closed);
    k.wake(|w| w == Wait::Io);
    Ok(0)
}

/// Linux's `new_decode_dev`: the 32-bit device number mknod(2) takes.
fn decode_dev(dev: u32) -> tabvm_fs::DevNum {
    tabvm_fs::DevNum {
        major: (dev & 0xfff00) >> 8,
        minor: (dev & 0xff) | ((dev >> 12) & 0xfff00),
    }
}

/// `do_mknodat` (fs/namei.c): the type is checked first (`may_mknod`),
/// then the name (EEXIST), the directory (EACCES), and devices need
/// privilege (`CAP_MKNOD`, EPERM).
fn mknod_at(
    k: &mut Kernel,
    tid: Pid,
    dirfd: u32,
    path_addr: u32,
    mode: u32,
    dev: u32,
) -> SysResult {
    let ftype = match mode & S_IFMT {
        0 | S_IFREG => FileType::Regular,
        S_IFIFO => FileType::Fifo,
        S_IFSOCK => FileType::Socket,
        S_IFCHR => FileType::CharDevice,
        S_IFBLK => FileType::BlockDevice,
        S_IFDIR => return Err(Errno::EPERM.into()),
        _ => return Err(Errno::EINVAL.into()),
    };
    let path = path_arg(k, tid, path_addr)?;
    let parent = parent_at(k, tid, dirfd, &path)?;
    match k.fs.lookup(parent.dir, &parent.name) {
        Ok(_) => return Err(Errno::EEXIST.into()),
        Err(tabvm_fs::FsError::NotFound) if path.ends_with(b"/") => {
            return Err(Errno::ENOENT.into());
        }
        Err(tabvm_fs::FsError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    writable_dir(k, tid, parent.dir)?;
    let device = matches!(ftype, FileType::CharDevice | FileType::BlockDevice);
    if device && k.task(tid)?.creds.euid != 0 {
        return Err(Errno::EPERM.into());
    }
    let node = new_node(k, tid, mode)?;
    let rdev = if device {
        decode_dev(dev)
    } else {
        tabvm_fs::DevNum::default()
    };
    k.fs.mknod(parent.dir, &parent.name, ftype, rdev, &node)?;
    Ok(0)
}

/// Implements Linux syscall mknod(2).
pub(super) fn mknod(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    mknod_at(k, tid, AT_FDCWD as u32, a[0], a[1], a[2])
}

/// Implements Linux syscall mknodat(2).
pub(super) fn mknodat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    mknod_at(k, tid, a[0], a[1], a[2], a[3])
}
