//! Memory calls: brk, mmap2, munmap, mprotect, mremap, madvise.

use super::Args;
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::mman::*;
use crate::abi::flags::open::{O_ACCMODE, O_RDONLY, O_WRONLY};
use crate::error::{SysErr, SysResult};
use crate::mm::{Backing, MMAP_BASE, MMAP_MIN, TASK_SIZE, Vma, page_up};
use crate::task::Pid;
use crate::vfs;
use std::rc::Rc;
use tabvm_fs::FileType;

/// Implements Linux syscall brk(2).
pub(super) fn brk(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let mm = Rc::clone(&k.task(tid)?.mm);
    let mut mm = mm.borrow_mut();
    if a[0] == 0 {
        return Ok(mm.brk);
    }
    let grow = u64::from(page_up(a[0]).saturating_sub(page_up(mm.brk)));
    if mm.mapped_bytes_outside(0, 0) + grow > k.config.address_space_limit {
        return Ok(mm.brk);
    }
    Ok(mm.set_brk(&mut k.mem, a[0]))
}

/// Whether mapping `len` more bytes over `[start, start + len)` keeps the
/// process within the address-space limit.
fn within_limit(k: &Kernel, mm: &crate::mm::Mm, start: u32, len: u32) -> SysResult<()> {
    let after = mm.mapped_bytes_outside(start, start.saturating_add(len)) + u64::from(len);
    if after > k.config.address_space_limit {
        Err(Errno::ENOMEM.into())
    } else {
        Ok(())
    }
}

/// Implements Linux syscall mmap2(2): the offset is in 4096-byte pages.
pub(super) fn mmap2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (addr, len, prot, flags, fd, pgoff) = (a[0], a[1], a[2], a[3], a[4], a[5]);
    if len == 0 || addr & 4095 != 0 || prot & !(PROT_READ | PROT_WRITE | PROT_EXEC) != 0 {
        return Err(Errno::EINVAL.into());
    }
    let shared = match flags & MAP_TYPE {
        MAP_SHARED | MAP_SHARED_VALIDATE => true,
        MAP_PRIVATE => false,
        _ => return Err(Errno::EINVAL.into()),
    };
    let len = page_up(len);
    if len == 0 || len > TASK_SIZE {
        return Err(Errno::ENOMEM.into());
    }
    let mut name = String::new();
    let backing = if flags & MAP_ANONYMOUS != 0 {
        Backing::Anon
    } else {
        let file = k
            .task(tid)?
            .files
            .borrow()
            .get(fd)
            .map(|f| Rc::clone(&f.file));
        let file = file.ok_or(SysErr::Errno(Errno::EBADF))?;
        let file = file.borrow();
        let ino = match file.ops.inode() {
            Some((ino, FileType::Regular)) => ino,
            Some((_, FileType::CharDevice)) => return Err(Errno::ENODEV.into()),
            _ => return Err(Errno::EACCES.into()),
        };
        let mode = file.flags & O_ACCMODE;
        if mode == O_WRONLY || (shared && prot & PROT_WRITE != 0 && mode == O_RDONLY) {
            return Err(Errno::EACCES.into());
        }
        name = String::from_utf8_lossy(&file.path).into_owned();
        drop(file);
        Backing::File {
            ino,
            offset: u64::from(pgoff) * 4096,
            file_end: u32::MAX,
            hold: vfs::hold(k, ino),
        }
    };
    let mm = Rc::clone(&k.task(tid)?.mm);
    let mut mm = mm.borrow_mut();
    let start = if flags & MAP_FIXED != 0 {
        if u64::from(addr) + u64::from(len) > u64::from(TASK_SIZE) || addr < MMAP_MIN {
            return Err(Errno::EINVAL.into());
        }
        addr
    } else {
        let hint_fits = addr >= MMAP_MIN
            && u64::from(addr) + u64::from(len) <= u64::from(MMAP_BASE)
            && mm.vmas().all(|v| v.end <= addr || v.start >= addr + len);
        if hint_fits {
            addr
        } else {
            mm.find_free(len, MMAP_BASE)
                .ok_or(SysErr::Errno(Errno::ENOMEM))?
        }
    };
    let backing = match backing {
        Backing::File {
            ino, offset, hold, ..
        } => Backing::File {
            ino,
            offset,
            file_end: start.saturating_add(len),
            hold,
        },
        Backing::Anon => Backing::Anon,
    };
    within_limit(k, &mm, start, len)?;
    let shared_anon = shared && backing == Backing::Anon;
    mm.map(
        &mut k.mem,
        Vma {
            start,
            end: start + len,
            prot,
            shared,
            backing,
            name,
        },
    );
    if shared_anon && mm.populate_shared_anon(&mut k.mem, start).is_err() {
        mm.unmap(&mut k.mem, start, start + len);
        return Err(Errno::ENOMEM.into());
    }
    Ok(start)
}

/// Implements Linux syscall munmap(2).
pub(super) fn munmap(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (addr, len) = (a[0], a[1]);
    if addr & 4095 != 0 || len == 0 || u64::from(addr) + u64::from(len) > u64::from(TASK_SIZE) {
        return Err(Errno::EINVAL.into());
    }
    let mm = Rc::clone(&k.task(tid)?.mm);
    let end = addr.saturating_add(page_up(len));
    let now = k.now_time();
    mm.borrow().writeback(&k.mem, &mut k.fs, addr, end, now)?;
    mm.borrow_mut().unmap(&mut k.mem, addr, end);
    Ok(0)
}

/// Implements Linux syscall msync(2): shared file pages reach the file.
pub(super) fn msync(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    const MS_ASYNC: u32 = 1;
    const MS_INVALIDATE: u32 = 2;
    const MS_SYNC: u32 = 4;
    let (addr, len, flags) = (a[0], page_up(a[1]), a[2]);
    if addr & 4095 != 0
        || flags & !(MS_ASYNC | MS_INVALIDATE | MS_SYNC) != 0
        || flags & (MS_ASYNC | MS_SYNC) == (MS_ASYNC | MS_SYNC)
    {
        return Err(Errno::EINVAL.into());
    }
    let mm = Rc::clone(&k.task(tid)?.mm);
    let end = addr.saturating_add(len);
    let mut covered = addr;
    for vma in mm.borrow().vmas().filter(|v| v.end > addr && v.start < end) {
        if vma.start > covered {
            return Err(Errno::ENOMEM.into());
        }
        covered = vma.end;
    }
    if covered < end {
        return Err(Errno::ENOMEM.into());
    }
    let now = k.now_time();
    mm.borrow().writeback(&k.mem, &mut k.fs, addr, end, now)?;
    Ok(0)
}

/// Implements Linux syscall mprotect(2).
pub(super) fn mprotect(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (addr, len, prot) = (a[0], a[1], a[2] & !(PROT_GROWSDOWN | PROT_GROWSUP));
    if addr & 4095 != 0 || prot & !(PROT_READ | PROT_WRITE | PROT_EXEC) != 0 {
        return Err(Errno::EINVAL.into());
    }
    if len == 0 {
        return Ok(0);
    }
    let end = addr
        .checked_add(page_up(len))
        .ok_or(SysErr::Errno(Errno::ENOMEM))?;
    let mm = Rc::clone(&k.task(tid)?.mm);
    if mm.borrow_mut().protect(addr, end, prot) {
        Ok(0)
    } else {
        Err(Errno::ENOMEM.into())
    }
}

/// Implements Linux syscall mremap(2): shrinking in place; growing in
/// place when the addresses after the mapping are free, else by moving it
/// (MREMAP_MAYMOVE), file and shared mappings too (Python's `mmap.resize`
/// grows a shared file mapping).
pub(super) fn mremap(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (old, old_len, new_len, flags) = (a[0], page_up(a[1]), page_up(a[2]), a[3]);
    const MREMAP_MAYMOVE: u32 = 1;
    if old & 4095 != 0 || new_len == 0 || flags & !MREMAP_MAYMOVE != 0 {
        return Err(Errno::EINVAL.into());
    }
    let mm = Rc::clone(&k.task(tid)?.mm);
    let mut mm = mm.borrow_mut();
    let vma = mm
        .vma_at(old)
        .cloned()
        .ok_or(SysErr::Errno(Errno::EFAULT))?;
    if old.saturating_add(old_len) > vma.end {
        return Err(Errno::EFAULT.into());
    }
    if new_len <= old_len {
        mm.unmap(&mut k.mem, old + new_len, old + old_len);
        return Ok(old);
    }
    within_limit(k, &mm, old, new_len)?;
    mm.grow(
        &mut k.mem,
        old,
        old_len,
        new_len,
        flags & MREMAP_MAYMOVE != 0,
    )
    .ok_or(SysErr::Errno(Errno::ENOMEM))
}

/// Implements Linux syscall madvise(2): advice is accepted; MADV_DONTNEED
/// drops private anonymous pages so they read back as zeros.
pub(super) fn madvise(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    const MADV_DONTNEED: u32 = 4;
    let (addr, len, advice) = (a[0], page_up(a[1]), a[2]);
    if addr & 4095 != 0 {
        return Err(Errno::EINVAL.into());
    }
    if advice == MADV_DONTNEED && len > 0 {
        let mm = Rc::clone(&k.task(tid)?.mm);
        let mut mm = mm.borrow_mut();
        let end = addr.saturating_add(len);
        let private: Vec<(u32, u32)> = mm
            .vmas()
            .filter(|v| v.end > addr && v.start < end && !v.shared)
            .map(|v| (v.start.max(addr), v.end.min(end)))
            .collect();
        for (s, e) in private {
            mm.space.unmap(&mut k.mem, s, e - s);
        }
    }
    Ok(0)
}
