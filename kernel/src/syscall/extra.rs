//! Calls that complete what programs expect around the core areas:
//! waiting for a signal synchronously (`rt_sigtimedwait`), queueing one
//! with its value (`rt_sigqueueinfo`, `rt_tgsigqueueinfo`), positional
//! vectored I/O (`preadv`, `pwritev` and their `2` forms), and the small
//! process-attribute calls (`personality`, `mlock`, `capget`, ...).
//! Each follows its man page; the sources are cited at each handler.

use super::{Args, fd_file, fs};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::signal::{SigFields, SigInfo, SigSet};
use crate::error::{SysErr, SysResult, Wait};
use crate::task::Pid;

// ---- rt_sigtimedwait (sigtimedwait(2)) -------------------------------

/// Takes the lowest pending signal of `set` from `tid`, with its siginfo
/// (as a signalfd read does: `dequeue_signal`); failing that, a signal of
/// `set` sent to the whole process and pending on its leader (Linux's
/// shared pending queue).
fn dequeue(k: &mut Kernel, tid: Pid, set: SigSet) -> SysResult<Option<SigInfo>> {
    let task = k.task_mut(tid)?;
    let tgid = task.tgid;
    let Some(signo) = SigSet(task.pending.0 & set.0).lowest() else {
        let Some(leader) = k.tasks.get_mut(&tgid).filter(|_| tgid != tid) else {
            return Ok(None);
        };
        let info = leader.siginfo.take_shared(SigSet(leader.pending.0 & set.0));
        if let Some(info) = &info
            && !leader.siginfo.contains(info.signo)
        {
            leader.pending.remove(info.signo);
        }
        return Ok(info);
    };
    let info = task.siginfo.remove(&signo).unwrap_or(SigInfo::new(
        signo,
        crate::signal::SI_USER,
        SigFields::Kill { pid: 0, uid: 0 },
    ));
    // A real-time signal stays pending while more instances are queued.
    if !task.siginfo.contains(signo) {
        task.pending.remove(signo);
    }
    Ok(Some(info))
}

/// `rt_sigtimedwait(set, info, timeout, sigsetsize)`: returns a pending
/// signal of `set` (lowest first), waits for one until the timeout
/// (EAGAIN; a zero timeout only polls), or fails with EINTR when a signal
/// outside `set` runs a handler meanwhile (sigtimedwait(2)). The wait is a
/// `Wait::Poll`: woken by the I/O wake-up `signal::send` makes for a
/// blocked signal, and never restarted after a handler.
fn sigtimedwait(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    if a[3] != 8 {
        return Err(Errno::EINVAL.into());
    }
    let raw = k.read_user(tid, a[0], 8)?;
    let set = SigSet(u64::from_le_bytes(
        raw.try_into().map_err(|_| SysErr::Errno(Errno::EFAULT))?,
    ))
    .blockable();
    let now = k.host.monotonic_ns();
    // The deadline is set once and survives restarts of the call.
    let deadline = match k.task(tid)?.sleep_deadline {
        Some(d) => Some(d),
        None if a[2] != 0 => {
            let span = super::read_timespec(k, tid, a[2], time64)?;
            Some(now.saturating_add(span))
        }
        None => None,
    };
    if let Some(info) = dequeue(k, tid, set)? {
        restore_mask(k, tid)?;
        if a[1] != 0 {
            // Linux has already taken the signal when the copy-out fails.
            k.write_user(tid, a[1], &info.to_bytes())?;
        }
        return Ok(info.signo);
    }
    if deadline.is_some_and(|d| now >= d) {
        restore_mask(k, tid)?;
        return Err(Errno::EAGAIN.into());
    }
    let task = k.task_mut(tid)?;
    task.sleep_deadline = deadline;
    // While waiting, the set is blocked so that its signals stay pending
    // for this call instead of running their handlers (Linux unblocks
    // only what is outside the set: `real_blocked`). A handler run for
    // another signal saves the caller's own mask in its frame, as for
    // pselect; a plain wake-up puts it back (`signal::deliver_pending`).
    if task.saved_sigmask.is_none() {
        task.saved_sigmask = Some(task.sigmask);
    }
    task.sigmask = SigSet(task.sigmask.0 | set.0);
    Err(SysErr::Block(Wait::Poll))
}

/// The call is over: no deadline, and the caller's mask if the wait
/// changed it.
fn restore_mask(k: &mut Kernel, tid: Pid) -> SysResult<()> {
    let task = k.task_mut(tid)?;
    task.sleep_deadline = None;
    if let Some(mask) = task.saved_sigmask.take() {
        task.sigmask = mask;
    }
    Ok(())
}

/// Implements Linux syscall rt_sigtimedwait(2).
pub(super) fn rt_sigtimedwait(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    sigtimedwait(k, tid, a, false)
}

/// Implements Linux syscall rt_sigtimedwait_time64(2).
pub(super) fn rt_sigtimedwait_time64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    sigtimedwait(k, tid, a, true)
}

// ---- rt_sigqueueinfo (rt_sigqueueinfo(2), sigqueue(3)) --------------

/// The caller's `siginfo` for `signo` to `target` (read as the member
/// its `si_code` selects): only a process
/// signalling itself may claim a kernel or kill() origin (`si_code` >= 0
/// or `SI_TKILL`), else EPERM (`do_rt_sigqueueinfo`).
fn queued_info(k: &mut Kernel, tid: Pid, target: Pid, signo: u32, addr: u32) -> SysResult<SigInfo> {
    let raw = k.read_user(tid, addr, SigInfo::SIZE)?;
    let mut info = SigInfo::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
    // Linux compares the caller's thread id with the target's.
    if (info.code >= 0 || info.code == crate::signal::SI_TKILL) && tid != target {
        return Err(Errno::EPERM.into());
    }
    info.signo = signo;
    // The union member its code names, as Linux's `siginfo_layout` reads
    // it (other words are not kept).
    if let SigFields::Raw(w) = info.fields {
        info.fields = match info.code {
            code if code >= 0 => SigFields::Kill {
                pid: w[0],
                uid: w[1],
            },
            crate::abi::signal::code::SI_TIMER => SigFields::Timer {
                tid: w[0],
                overrun: w[1],
                value: w[2],
            },
            _ => SigFields::Rt {
                pid: w[0],
                uid: w[1],
                value: w[2],
            },
        };
    }
    Ok(info)
}

/// Implements Linux syscall rt_sigqueueinfo(2): `kill` with the caller's
/// `siginfo` (its `si_value` reaches an SA_SIGINFO handler, sigwaitinfo
/// and signalfd); EAGAIN when a real-time signal's queue is full.
pub(super) fn rt_sigqueueinfo(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (pid, signo) = (a[0], a[1]);
    let info = queued_info(k, tid, pid, signo, a[2])?;
    // A zombie is still there to be signalled, to no effect.
    let (exists, zombie) = k
        .tasks
        .get(&pid)
        .filter(|t| t.tgid == pid)
        .map_or((false, false), |t| {
            (true, matches!(t.state, crate::task::State::Zombie(_)))
        });
    if (pid as i32) <= 0 || !exists {
        return Err(Errno::ESRCH.into());
    }
    if signo > crate::abi::signal::NSIG {
        return Err(Errno::EINVAL.into());
    }
    if !super::proc::may_signal(k, tid, pid, signo) {
        return Err(Errno::EPERM.into());
    }
    if signo != 0 && !zombie && !crate::signal::send_process(k, pid, signo, info) {
        return Err(Errno::EAGAIN.into());
    }
    Ok(0)
}

/// Implements Linux syscall rt_tgsigqueueinfo(2): the same to one thread
/// `a[1]` of process `a[0]`.
pub(super) fn rt_tgsigqueueinfo(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (tgid, target, signo) = (a[0], a[1], a[2]);
    if (tgid as i32) <= 0 || (target as i32) <= 0 {
        return Err(Errno::EINVAL.into());
    }
    let info = queued_info(k, tid, target, signo, a[3])?;
    let live = k
        .tasks
        .get(&target)
        .is_some_and(|t| t.tgid == tgid && !matches!(t.state, crate::task::State::Zombie(_)));
    if !live {
        return Err(Errno::ESRCH.into());
    }
    if signo > crate::abi::signal::NSIG {
        return Err(Errno::EINVAL.into());
    }
    if !super::proc::may_signal(k, tid, target, signo) {
        return Err(Errno::EPERM.into());
    }
    if signo != 0 {
        let full = signo >= crate::abi::signal::SIGRTMIN
            && k.task(target)?.siginfo.len() >= crate::task::SigQueue::MAX_QUEUED;
        if full {
            return Err(Errno::EAGAIN.into());
        }
        crate::signal::send(k, target, signo, info);
    }
    Ok(0)
}

// ---- preadv, pwritev (preadv(2)) -------------------------------------

/// `RWF_*` flags of `preadv2`/`pwritev2` (`uapi/linux/fs.h`).
const RWF_HIPRI: u32 = 0x1;
const RWF_DSYNC: u32 = 0x2;
const RWF_SYNC: u32 = 0x4;

/// Reads (or writes) each iovec at the running offset through
/// `pread64`/`pwrite64`, stopping at a short transfer; an error after some
/// bytes moved reports the bytes instead (preadv(2)). Positional transfers
/// are idempotent, so a restart after a disk wait redoes them harmlessly.
fn positional(k: &mut Kernel, tid: Pid, a: Args, offset: u64, write: bool) -> SysResult {
    let file = fd_file(k, tid, a[0])?;
    drop(file);
    if (offset as i64) < 0 {
        return Err(Errno::EINVAL.into());
    }
    let iov = super::read_iovecs(k, tid, a[1], a[2], Errno::EINVAL)?;
    let mut done: u32 = 0;
    let mut at = offset;
    for v in iov.iter().filter(|v| v.len != 0) {
        let len = v.len.min(0x7fff_f000 - done);
        let args = [a[0], v.base, len, at as u32, (at >> 32) as u32, 0];
        let result = if write {
            fs::pwrite64(k, tid, args)
        } else {
            fs::pread64(k, tid, args)
        };
        let n = match result {
            Ok(n) => n,
            Err(SysErr::Errno(_)) if done > 0 => break,
            Err(e) => return Err(e),
        };
        done = done.saturating_add(n);
        at = at.saturating_add(u64::from(n));
        if n < len || done >= 0x7fff_f000 {
            break;
        }
    }
    Ok(done)
}

/// The 64-bit offset of `preadv`/`pwritev`: low word in `a[3]`, high in
/// `a[4]` (`compat_sys_preadv` on i386 takes `pos_l`, `pos_h`).
fn offset_arg(a: Args) -> u64 {
    u64::from(a[3]) | (u64::from(a[4]) << 32)
}

/// Checks the `RWF_*` flags: the synchronous and priority hints are
/// accepted (writes are already durable in the page cache's terms);
/// `RWF_NOWAIT`, `RWF_APPEND` and unknown flags are EOPNOTSUPP.
fn check_rwf(flags: u32) -> SysResult<()> {
    if flags & !(RWF_HIPRI | RWF_DSYNC | RWF_SYNC) != 0 {
        return Err(Errno::EOPNOTSUPP.into());
    }
    Ok(())
}

/// Implements Linux syscall preadv(2).
pub(super) fn preadv(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    positional(k, tid, a, offset_arg(a), false)
}

/// Implements Linux syscall pwritev(2).
pub(super) fn pwritev(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    positional(k, tid, a, offset_arg(a), true)
}

/// `preadv2`/`pwritev2`: offset -1 uses (and advances) the file position,
/// as `readv`/`writev` do.
fn vectored2(k: &mut Kernel, tid: Pid, a: Args, write: bool) -> SysResult {
    check_rwf(a[5])?;
    let offset = offset_arg(a);
    if offset == u64::MAX {
        fd_file(k, tid, a[0])?;
        return if write {
            fs::writev(k, tid, a)
        } else {
            fs::readv(k, tid, a)
        };
    }
    positional(k, tid, a, offset, write)
}

/// Implements Linux syscall preadv2(2).
pub(super) fn preadv2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    vectored2(k, tid, a, false)
}

/// Implements Linux syscall pwritev2(2).
pub(super) fn pwritev2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    vectored2(k, tid, a, true)
}

// ---- inotify (inotify(7)) --------------------------------------------

/// Installs `ops` as a new anonymous-inode descriptor named `name`.
fn install_anon(
    k: &mut Kernel,
    tid: Pid,
    ops: std::rc::Rc<dyn crate::file::FileOps>,
    flags: u32,
    name: &[u8],
) -> SysResult {
    use crate::abi::flags::open::{O_CLOEXEC, O_NONBLOCK, O_RDONLY};
    let mut path = b"anon_inode:".to_vec();
    path.extend_from_slice(name);
    let file = crate::file::OpenFile::new(ops, O_RDONLY | (flags & O_NONBLOCK), &path);
    super::install(k, tid, file, flags & O_CLOEXEC != 0)
}

/// Implements Linux syscall inotify_init1(2).
pub(super) fn inotify_init1(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    use crate::file::inotify::bits::{IN_CLOEXEC, IN_NONBLOCK};
    if a[0] & !(IN_CLOEXEC | IN_NONBLOCK) != 0 {
        return Err(Errno::EINVAL.into());
    }
    let ops = crate::file::inotify::create(k);
    install_anon(k, tid, ops, a[0], b"inotify")
}

/// Implements Linux syscall inotify_init(2).
pub(super) fn inotify_init(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    inotify_init1(k, tid, [0; 6])
}

/// The inotify instance behind descriptor `fd` (EINVAL for another kind of
/// file, EBADF for none).
fn inotify_of(k: &Kernel, tid: Pid, fd: u32) -> SysResult<std::rc::Rc<dyn crate::file::FileOps>> {
    let ops = std::rc::Rc::clone(&fd_file(k, tid, fd)?.borrow().ops);
    if ops
        .as_any()
        .and_then(|a| a.downcast_ref::<crate::file::inotify::Inotify>())
        .is_some()
    {
        Ok(ops)
    } else {
        Err(Errno::EINVAL.into())
    }
}

/// Implements Linux syscall inotify_add_watch(2).
pub(super) fn inotify_add_watch(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    use crate::file::inotify::bits::{
        IN_ALL_EVENTS, IN_DONT_FOLLOW, IN_MASK_ADD, IN_MASK_CREATE, IN_ONLYDIR,
    };
    let ops = inotify_of(k, tid, a[0])?;
    let mask = a[2];
    if mask & IN_ALL_EVENTS == 0
        || mask & (IN_MASK_ADD | IN_MASK_CREATE) == (IN_MASK_ADD | IN_MASK_CREATE)
    {
        return Err(Errno::EINVAL.into());
    }
    let path = k.read_user_cstr(tid, a[1], 4095)?;
    if path.is_empty() {
        return Err(Errno::ENOENT.into());
    }
    let start = if path.starts_with(b"/") {
        crate::vfs::Node::Disk(crate::vfs::Fid::ROOT)
    } else {
        k.task(tid)?.fs.borrow().cwd
    };
    let node = crate::vfs::resolve(k, tid, start, &path, mask & IN_DONT_FOLLOW == 0)?;
    // Only the mounted file systems report changes; /proc is EINVAL here
    // as it would only ever be silent.
    let fid = node.disk().map_err(|_| SysErr::Errno(Errno::EINVAL))?;
    let meta = k.fs.getattr(fid)?;
    if mask & IN_ONLYDIR != 0 && u32::from(meta.mode) & 0o170_000 != 0o040_000 {
        return Err(Errno::ENOTDIR.into());
    }
    let Some(ino) = ops
        .as_any()
        .and_then(|a| a.downcast_ref::<crate::file::inotify::Inotify>())
    else {
        return Err(Errno::EINVAL.into());
    };
    let wd = crate::file::inotify::add_watch(k, ino, fid, mask)?;
    Ok(wd as u32)
}

/// Implements Linux syscall inotify_rm_watch(2).
pub(super) fn inotify_rm_watch(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let ops = inotify_of(k, tid, a[0])?;
    let Some(ino) = ops
        .as_any()
        .and_then(|a| a.downcast_ref::<crate::file::inotify::Inotify>())
    else {
        return Err(Errno::EINVAL.into());
    };
    crate::file::inotify::rm_watch(k, ino, a[1] as i32)?;
    Ok(0)
}

// ---- memfd_create (memfd_create(2)) ----------------------------------

/// `memfd_create(name, flags)`: an anonymous regular file, made on the
/// `/dev/shm` tmpfs under a unique name and unlinked while held open; its
/// `/proc/self/fd` link reads `/memfd:NAME (deleted)`. Sealing is accepted
/// at creation (F_ADD_SEALS is then EINVAL).
pub(super) fn memfd_create(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    use crate::abi::flags::misc::{MFD_ALLOW_SEALING, MFD_CLOEXEC};
    use crate::abi::flags::open::{O_LARGEFILE, O_RDWR};
    // "The name ... is limited to 249 bytes" (memfd_create(2)).
    const NAME_MAX: usize = 249;
    const MFD_NOEXEC_SEAL: u32 = 8;
    const MFD_EXEC: u32 = 0x10;
    if a[1] & !(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL | MFD_EXEC) != 0 {
        return Err(Errno::EINVAL.into());
    }
    let name = k.read_user_cstr(tid, a[0], 4096)?;
    if name.len() > NAME_MAX {
        return Err(Errno::EINVAL.into());
    }
    let shm = crate::vfs::lookup(&mut k.fs, crate::vfs::Fid::ROOT, b"/dev/shm", true)?;
    let (uid, gid) = {
        let task = k.task(tid)?;
        (task.creds.euid, task.creds.egid)
    };
    let now = k.now_time();
    let node = tabvm_fs::NewNode {
        perm: 0o777,
        uid,
        gid,
        now,
    };
    // A name no one else uses: the creating task and a counter.
    let mut made = None;
    for n in 0..64u32 {
        let unique = format!(".memfd-{tid}-{n}").into_bytes();
        match k.fs.create(shm, &unique, &node) {
            Ok(fid) => {
                made = Some((fid, unique));
                break;
            }
            Err(tabvm_fs::FsError::Exists) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let (fid, unique) = made.ok_or(SysErr::Errno(Errno::EMFILE))?;
    let hold = crate::vfs::hold(k, fid);
    k.fs.unlink(shm, &unique, now)?;
    let ops = std::rc::Rc::new(crate::file::DiskFile {
        ino: fid,
        ftype: tabvm_fs::FileType::Regular,
        hold: Some(hold),
    });
    let mut path = b"/memfd:".to_vec();
    path.extend_from_slice(&name);
    path.extend_from_slice(b" (deleted)");
    let file = crate::file::OpenFile::new(ops, O_RDWR | O_LARGEFILE, &path);
    super::install(k, tid, file, a[1] & MFD_CLOEXEC != 0)
}

// ---- small process calls ---------------------------------------------

/// Checks that `[addr, addr + len)` is mapped, page-rounded (mlock(2):
/// ENOMEM for an unmapped page; past 4 GiB nothing is mapped, as a
/// 64-bit Linux running i386 programs answers).
fn mapped_range(k: &Kernel, tid: Pid, addr: u32, len: u32) -> SysResult<()> {
    let start = crate::mm::page_down(addr);
    let end = u64::from(addr) + u64::from(len);
    let end = end.next_multiple_of(4096);
    if end > 1 << 32 {
        return Err(Errno::ENOMEM.into());
    }
    let mm = k.task(tid)?.mm.borrow();
    let mut at = u64::from(start);
    // Each step moves past one VMA.
    while at < end {
        let vma = mm.vma_at(at as u32).ok_or(SysErr::Errno(Errno::ENOMEM))?;
        at = u64::from(vma.end).max(at + 1);
    }
    Ok(())
}

/// Implements Linux syscall mlock(2): nothing is ever swapped out, so a
/// mapped range is as locked as it gets.
pub(super) fn mlock(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    mapped_range(k, tid, a[0], a[1])?;
    Ok(0)
}

/// Implements Linux syscall munlock(2).
pub(super) fn munlock(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    mapped_range(k, tid, a[0], a[1])?;
    Ok(0)
}

/// Implements Linux syscall mlock2(2): `MLOCK_ONFAULT` is the only flag.
pub(super) fn mlock2(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    const MLOCK_ONFAULT: u32 = 1;
    if a[2] & !MLOCK_ONFAULT != 0 {
        return Err(Errno::EINVAL.into());
    }
    mapped_range(k, tid, a[0], a[1])?;
    Ok(0)
}

/// Implements Linux syscall mlockall(2): MCL_CURRENT and/or MCL_FUTURE,
/// optionally with MCL_ONFAULT.
pub(super) fn mlockall(_: &mut Kernel, _: Pid, a: Args) -> SysResult {
    const MCL_CURRENT: u32 = 1;
    const MCL_FUTURE: u32 = 2;
    const MCL_ONFAULT: u32 = 4;
    let flags = a[0];
    if flags & (MCL_CURRENT | MCL_FUTURE) == 0
        || flags & !(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) != 0
    {
        return Err(Errno::EINVAL.into());
    }
    Ok(0)
}

/// Implements Linux syscall munlockall(2).
pub(super) fn munlockall(_: &mut Kernel, _: Pid, _: Args) -> SysResult {
    Ok(0)
}

/// Implements Linux syscall personality(2): returns the old value and,
/// unless querying (0xffffffff), sets the new one. Only the persona's
/// name matters here: PER_LINUX32 makes uname say i686 (`linux32`); the
/// flags (ADDR_NO_RANDOMIZE, ...) are kept and reported back.
pub(super) fn personality(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    use crate::abi::flags::misc::PER_QUERY;
    let task = k.task_mut(tid)?;
    let old = task.personality;
    if a[0] != PER_QUERY {
        task.personality = a[0];
    }
    Ok(old)
}

/// Implements Linux syscall getcpu(2): one CPU (0) on one node (0).
pub(super) fn getcpu(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    for addr in [a[0], a[1]] {
        if addr != 0 {
            k.write_user_u32(tid, addr, 0)?;
        }
    }
    Ok(0)
}

/// Implements Linux syscall syncfs(2): everything is already as durable
/// as it will be; EBADF for a bad descriptor.
pub(super) fn syncfs(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    fd_file(k, tid, a[0])?;
    Ok(0)
}

/// `setfsuid`/`setfsgid`: the file-system id always equals the effective
/// one here, so the call returns it (setfsuid(2): "the previous value");
/// a change is not kept.
fn fsid(k: &mut Kernel, tid: Pid, group: bool) -> SysResult {
    let creds = &k.task(tid)?.creds;
    Ok(if group { creds.egid } else { creds.euid })
}

/// Implements Linux syscall setfsuid32(2).
pub(super) fn setfsuid32(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    fsid(k, tid, false)
}

/// Implements Linux syscall setfsgid32(2).
pub(super) fn setfsgid32(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    fsid(k, tid, true)
}

/// `_LINUX_CAPABILITY_VERSION_1` (one 32-bit set), `_2` and `_3` (two).
const CAP_V1: u32 = 0x1998_0330;
const CAP_V2: u32 = 0x2007_1026;
const CAP_V3: u32 = 0x2008_0522;

/// The header's version: how many 32-bit words each set has, or EINVAL
/// after writing the preferred version back (capget(2)).
fn cap_words(k: &mut Kernel, tid: Pid, header: u32) -> SysResult<Result<usize, ()>> {
    let version = k.read_user_u32(tid, header)?;
    Ok(match version {
        CAP_V1 => Ok(1),
        CAP_V2 | CAP_V3 => Ok(2),
        _ => {
            k.write_user_u32(tid, header, CAP_V3)?;
            Err(())
        }
    })
}

/// The capability sets of `pid`'s credentials: root holds every
/// capability up to CAP_LAST_CAP, others none.
fn caps_of(k: &Kernel, tid: Pid, pid: u32) -> SysResult<u64> {
    use crate::abi::flags::misc::CAP_LAST_CAP;
    let target = if pid == 0 { tid } else { pid };
    let creds = &k
        .task(target)
        .map_err(|_| SysErr::Errno(Errno::ESRCH))?
        .creds;
    Ok(if creds.euid == 0 {
        (1u64 << (CAP_LAST_CAP + 1)) - 1
    } else {
        0
    })
}

/// Implements Linux syscall capget(2).
pub(super) fn capget(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let words = cap_words(k, tid, a[0])?;
    let Ok(words) = words else {
        // Probing with a null data pointer succeeds.
        return if a[1] == 0 {
            Ok(0)
        } else {
            Err(Errno::EINVAL.into())
        };
    };
    let pid = k.read_user_u32(tid, a[0].wrapping_add(4))?;
    if (pid as i32) < 0 {
        return Err(Errno::EINVAL.into());
    }
    if a[1] == 0 {
        return Ok(0);
    }
    let caps = caps_of(k, tid, pid)?;
    // struct __user_cap_data_struct { effective, permitted, inheritable }.
    let mut out = Vec::new();
    for word in 0..words {
        let part = (caps >> (32 * word)) as u32;
        for value in [part, part, 0] {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    k.write_user(tid, a[1], &out)?;
    Ok(0)
}

/// Implements Linux syscall capset(2): nothing is kept; a set that would
/// raise a capability the caller lacks is EPERM.
pub(super) fn capset(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let Ok(words) = cap_words(k, tid, a[0])? else {
        return Err(Errno::EINVAL.into());
    };
    let pid = k.read_user_u32(tid, a[0].wrapping_add(4))?;
    if pid != 0 && pid != k.task(tid)?.tgid && pid != tid {
        return Err(Errno::EPERM.into());
    }
    let raw = k.read_user(tid, a[1], words * 12)?;
    let have = caps_of(k, tid, 0)?;
    let mut want = [0u64; 3];
    for (word, chunk) in raw.chunks_exact(12).enumerate() {
        for (set, bytes) in chunk.chunks_exact(4).enumerate() {
            let value = bytes
                .try_into()
                .map(u32::from_le_bytes)
                .map_err(|_| SysErr::Errno(Errno::EFAULT))?;
            want[set] |= u64::from(value) << (32 * word);
        }
    }
    if want.iter().any(|set| set & !have != 0) {
        return Err(Errno::EPERM.into());
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rwf_flags_accept_hints_only() {
        assert!(check_rwf(0).is_ok());
        assert!(check_rwf(RWF_HIPRI | RWF_DSYNC | RWF_SYNC).is_ok());
        assert_eq!(check_rwf(0x8), Err(Errno::EOPNOTSUPP.into()));
        assert_eq!(check_rwf(0x100), Err(Errno::EOPNOTSUPP.into()));
    }

    #[test]
    fn offsets_join_low_and_high_words() {
        assert_eq!(offset_arg([0, 0, 0, 5, 1, 0]), (1 << 32) | 5);
        assert_eq!(offset_arg([0, 0, 0, u32::MAX, u32::MAX, 0]), u64::MAX);
    }
}
