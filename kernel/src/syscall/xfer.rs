//! Data moved or space reserved without a user buffer: `sendfile(2)`,
//! `sendfile64`, `copy_file_range(2)` and `fallocate(2)`.
//!
//! `sendfile` is one read and one write of at most [`CHUNK`] bytes through
//! the files' operations (a short count is allowed; `cp`, Python's
//! `shutil` and others loop). The input must be seekable (Linux needs a
//! file it can read pages of: regular files, block devices); it is read
//! at an explicit position, so a write that must wait leaves nothing
//! consumed and the whole call re-runs. `fallocate` extends a regular
//! file's size (mode 0) or accepts `FALLOC_FL_KEEP_SIZE`; the disk is
//! allocated on write, as for a sparse file. Other modes are EOPNOTSUPP,
//! as on Linux's ext2, which has no `fallocate` at all (glibc's
//! `posix_fallocate` then writes zeros itself).

use super::{Args, fd_file};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::open::{O_ACCMODE, O_APPEND, O_NONBLOCK, O_PATH, O_RDONLY, O_WRONLY};
use crate::error::{SysErr, SysResult, Wait};
use crate::file::FileRef;
use crate::task::Pid;
use std::rc::Rc;
use tabvm_fs::{FileType, SetAttr};

/// Most bytes one `sendfile` moves (Linux moves up to `MAX_RW_COUNT`; a
/// short count is allowed and bounds the work one call does).
const CHUNK: usize = 1 << 20;

/// `fallocate` mode bits (`linux/falloc.h`).
const FALLOC_FL_KEEP_SIZE: u32 = 0x01;

/// Largest file size ext2 with 4 KiB blocks allows (`s_maxbytes` as
/// `ext2_max_size` computes it, rounded down to 2 TiB): past it, EFBIG.
const MAX_FILE_SIZE: u64 = 1 << 41;

/// Where `sendfile` reads: at `*offset` (a user `off_t` or `loff_t`) or at
/// the input's position.
enum Offset {
    File,
    User { addr: u32, wide: bool },
}

/// Implements Linux syscall sendfile(2) (a 32-bit `off_t *offset`).
pub(super) fn sendfile(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    send(k, tid, a, false)
}

/// Implements Linux syscall sendfile64(2) (a 64-bit `loff_t *offset`).
pub(super) fn sendfile64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    send(k, tid, a, true)
}

/// `sendfile(out_fd, in_fd, offset, count)`, in the order of checks of
/// `do_sendfile` (fs/read_write.c): both descriptors and their modes
/// (EBADF), the offset (EFAULT, ESPIPE for an unseekable input), O_APPEND
/// on the output (EINVAL).
fn send(k: &mut Kernel, tid: Pid, a: Args, wide: bool) -> SysResult {
    let (out_fd, in_fd, offset_addr, count) = (a[0], a[1], a[2], a[3]);
    let file_in = fd_file(k, tid, in_fd)?;
    let file_out = fd_file(k, tid, out_fd)?;
    let readable = |f: &FileRef| {
        let flags = f.borrow().flags;
        flags & O_PATH == 0 && flags & O_ACCMODE != O_WRONLY
    };
    let writable = |f: &FileRef| {
        let flags = f.borrow().flags;
        flags & O_PATH == 0 && flags & O_ACCMODE != O_RDONLY
    };
    if !readable(&file_in) || !writable(&file_out) {
        return Err(Errno::EBADF.into());
    }
    let ops_in = Rc::clone(&file_in.borrow().ops);
    let ops_out = Rc::clone(&file_out.borrow().ops);
    let seekable_in = ops_in.size(k)?.is_some();
    let (offset, mut pos) = if offset_addr == 0 {
        (Offset::File, file_in.borrow().pos)
    } else {
        let pos = if wide {
            let raw = k.read_user(tid, offset_addr, 8)?;
            let bytes: [u8; 8] = raw.try_into().map_err(|_| SysErr::Errno(Errno::EFAULT))?;
            i64::from_le_bytes(bytes)
        } else {
            i64::from(k.read_user_u32(tid, offset_addr)? as i32)
        };
        if !seekable_in {
            return Err(Errno::ESPIPE.into());
        }
        let pos = u64::try_from(pos).map_err(|_| SysErr::Errno(Errno::EINVAL))?;
        (
            Offset::User {
                addr: offset_addr,
                wide,
            },
            pos,
        )
    };
    // Only inputs read at a position can be read without consuming them.
    if !seekable_in {
        return Err(Errno::EINVAL.into());
    }
    let flags_out = file_out.borrow().flags;
    if flags_out & O_APPEND != 0 {
        return Err(Errno::EINVAL.into());
    }
    let count = (count as usize).min(CHUNK);
    if count == 0 {
        return Ok(0);
    }
    let data = ops_in.read(k, tid, count, pos)?;
    if data.is_empty() {
        return Ok(0);
    }
    let seekable_out = ops_out.size(k)?.is_some();
    let out_pos = file_out.borrow().pos;
    let (n, end) = match ops_out.write(k, tid, &data, out_pos, false) {
        Err(SysErr::Block(Wait::Io)) if flags_out & O_NONBLOCK != 0 => {
            return Err(Errno::EAGAIN.into());
        }
        other => other?,
    };
    if seekable_out {
        file_out.borrow_mut().pos = end;
    }
    pos = pos.wrapping_add(n as u64);
    match offset {
        Offset::File => file_in.borrow_mut().pos = pos,
        Offset::User { addr, wide: true } => k.write_user(tid, addr, &pos.to_le_bytes())?,
        Offset::User { addr, wide: false } => k.write_user_u32(tid, addr, pos as u32)?,
    }
    Ok(n as u32)
}

/// Implements Linux syscall fallocate(2): `fallocate(fd, mode, offset,
/// len)` with the 64-bit offset and length split in register pairs
/// (`ia32_fallocate`), checked as `vfs_fallocate` does (fs/open.c).
pub(super) fn fallocate(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (fd, mode) = (a[0], a[1]);
    let offset = (u64::from(a[3]) << 32 | u64::from(a[2])) as i64;
    let len = (u64::from(a[5]) << 32 | u64::from(a[4])) as i64;
    let file = fd_file(k, tid, fd)?;
    if offset < 0 || len <= 0 {
        return Err(Errno::EINVAL.into());
    }
    let flags = file.borrow().flags;
    if flags & O_PATH != 0 || flags & O_ACCMODE == O_RDONLY {
        return Err(Errno::EBADF.into());
    }
    let ops = Rc::clone(&file.borrow().ops);
    let fid = match ops.inode() {
        Some((_, FileType::Directory)) => return Err(Errno::EISDIR.into()),
        Some((fid, FileType::Regular)) => fid,
        Some((_, FileType::Fifo)) => return Err(Errno::ESPIPE.into()),
        _ if ops.pipe().is_some() => return Err(Errno::ESPIPE.into()),
        _ => return Err(Errno::ENODEV.into()),
    };
    let end = (offset as u64)
        .checked_add(len as u64)
        .filter(|&end| end <= MAX_FILE_SIZE)
        .ok_or(SysErr::Errno(Errno::EFBIG))?;
    if mode & !FALLOC_FL_KEEP_SIZE != 0 {
        return Err(Errno::EOPNOTSUPP.into());
    }
    let size = k.fs.getattr(fid)?.size;
    if mode & FALLOC_FL_KEEP_SIZE != 0 || end <= size {
        return Ok(0);
    }
    let now = k.now_time();
    k.fs.setattr(
        fid,
        &SetAttr {
            size: Some(end),
            ..SetAttr::default()
        },
        now,
    )?;
    // Pages past the old end are zeros now; none may be cached stale.
    k.cache.invalidate(&mut k.mem, fid);
    Ok(0)
}

/// A `loff_t` the guest passes by pointer, or the file's position.
fn offset_arg(k: &mut Kernel, tid: Pid, addr: u32, file: &FileRef) -> SysResult<i64> {
    if addr == 0 {
        return Ok(file.borrow().pos as i64);
    }
    let raw = k.read_user(tid, addr, 8)?;
    let bytes: [u8; 8] = raw.try_into().map_err(|_| SysErr::Errno(Errno::EFAULT))?;
    Ok(i64::from_le_bytes(bytes))
}

/// Implements Linux syscall copy_file_range(2): one read and one write of
/// at most [`CHUNK`] bytes through the files' operations (a short count is
/// allowed), in the order of checks of `vfs_copy_file_range`
/// (fs/read_write.c): flags, then `generic_file_rw_checks` (EISDIR, EINVAL
/// for other than regular files, EBADF for modes and O_APPEND), EXDEV
/// across file systems, the copy shortened to the end of the input, EINVAL
/// for an overlap within one file or a negative offset.
pub(super) fn copy_file_range(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (in_ptr, out_ptr, flags) = (a[1], a[3], a[5]);
    let file_in = fd_file(k, tid, a[0])?;
    let file_out = fd_file(k, tid, a[2])?;
    if file_in.borrow().flags & O_PATH != 0 || file_out.borrow().flags & O_PATH != 0 {
        return Err(Errno::EBADF.into());
    }
    let pos_in = offset_arg(k, tid, in_ptr, &file_in)?;
    let pos_out = offset_arg(k, tid, out_ptr, &file_out)?;
    if flags != 0 {
        return Err(Errno::EINVAL.into());
    }
    let (ops_in, mode_in) = {
        let f = file_in.borrow();
        (Rc::clone(&f.ops), f.flags)
    };
    let (ops_out, mode_out) = {
        let f = file_out.borrow();
        (Rc::clone(&f.ops), f.flags)
    };
    let (fid_in, fid_out) = match (ops_in.inode(), ops_out.inode()) {
        (Some((_, FileType::Directory)), _) | (_, Some((_, FileType::Directory))) => {
            return Err(Errno::EISDIR.into());
        }
        (Some((i, FileType::Regular)), Some((o, FileType::Regular))) => (i, o),
        _ => return Err(Errno::EINVAL.into()),
    };
    if mode_in & O_ACCMODE == O_WRONLY
        || mode_out & O_ACCMODE == O_RDONLY
        || mode_out & O_APPEND != 0
    {
        return Err(Errno::EBADF.into());
    }
    if fid_in.fs != fid_out.fs {
        return Err(Errno::EXDEV.into());
    }
    // Linux adds the (64-bit) size_t length to the offsets as unsigned
    // numbers: a wrap is EOVERFLOW (so is -1); other negatives are EINVAL below.
    let len = i64::from(a[4]);
    if (pos_in as u64).checked_add(a[4].into()).is_none()
        || (pos_out as u64).checked_add(a[4].into()).is_none()
    {
        return Err(Errno::EOVERFLOW.into());
    }
    let size_in = i64::try_from(k.fs.getattr(fid_in)?.size).unwrap_or(i64::MAX);
    let count = if pos_in >= size_in {
        0
    } else {
        len.min(size_in.wrapping_sub(pos_in))
    };
    let overlap = fid_in == fid_out
        && pos_out.saturating_add(count) > pos_in
        && pos_out < pos_in.saturating_add(count);
    if overlap || pos_in < 0 || pos_out < 0 {
        return Err(Errno::EINVAL.into());
    }
    if count == 0 {
        return Ok(0);
    }
    let count = usize::try_from(count).map_or(CHUNK, |c| c.min(CHUNK));
    let data = ops_in.read(k, tid, count, pos_in as u64)?;
    let (n, _) = ops_out.write(k, tid, &data, pos_out as u64, false)?;
    let (new_in, new_out) = (
        pos_in.wrapping_add(n as i64),
        pos_out.wrapping_add(n as i64),
    );
    if n > 0 {
        if in_ptr == 0 {
            file_in.borrow_mut().pos = new_in as u64;
        } else {
            k.write_user(tid, in_ptr, &new_in.to_le_bytes())?;
        }
        if out_ptr == 0 {
            file_out.borrow_mut().pos = new_out as u64;
        } else {
            k.write_user(tid, out_ptr, &new_out.to_le_bytes())?;
        }
    }
    Ok(n as u32)
}
