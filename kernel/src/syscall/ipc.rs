//! System V IPC calls (svipc(7)): the `ipc(2)` multiplexer glibc uses on
//! i386 and the direct calls 393–402 and 420, over one implementation
//! (`crate::ipc` holds the objects).
//!
//! Blocking `semop`, `msgsnd` and `msgrcv` park as [`Wait::Poll`]: woken
//! by every I/O wake-up (each change of a set or a queue wakes them) and
//! never restarted after a signal handler (signal(7): System V IPC calls
//! fail with EINTR whatever `SA_RESTART` says). A parked caller is recorded
//! in `ipc.waiters`, so GETNCNT/GETZCNT count it and it sees EIDRM if its
//! object is removed meanwhile.

use super::{Args, read_timespec};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::mman::{PROT_EXEC, PROT_READ, PROT_WRITE};
use crate::abi::ipc::{
    self as abi, IPC_64, IPC_CREAT, IPC_EXCL, IPC_INFO, IPC_NOWAIT, IPC_PRIVATE, IPC_RMID, IPC_SET,
    IPC_STAT, IpcKludge, MsgInfo, Msqid64Ds, OldMsqidDs, OldSemidDs, OldShmidDs, SemBuf, SemInfo,
    Semid64Ds, ShmInfo, ShmInfo64, Shmid64Ds, call, msg, sem, shm,
};
use crate::error::{SysErr, SysResult, Wait};
use crate::ipc::{self as objects, Kind, Message, Perm, SemStop, Waiter};
use crate::mm::{MMAP_BASE, MMAP_MIN, TASK_SIZE, Vma, page_up};
use crate::task::{Creds, Pid};
use std::rc::Rc;
use tabvm_cpu::mmu::pte;

/// Which struct layouts a `*ctl` call reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// `*id64_ds` (`IPC_64`; always for the direct calls).
    New,
    /// The old 16-bit `*id_ds` of `ipc(2)` without `IPC_64`.
    Old,
}

/// Splits `IPC_64` off a command (`ipc_parse_version`).
fn parse_version(cmd: u32) -> (u32, Layout) {
    if cmd & IPC_64 != 0 {
        (cmd & !IPC_64, Layout::New)
    } else {
        (cmd, Layout::Old)
    }
}

/// Seconds since the epoch (the `*_time` fields).
fn now(k: &mut Kernel) -> u32 {
    (k.host.realtime_ns() / 1_000_000_000) as u32
}

fn creds(k: &Kernel, tid: Pid) -> SysResult<(Creds, Pid)> {
    let task = k.task(tid)?;
    Ok((task.creds.clone(), task.tgid))
}

/// The id (`EIDRM` if `tid` was parked on it and it went, else EINVAL).
fn gone(prev: Option<Waiter>, kind: Kind, id: i32) -> SysErr {
    match prev {
        Some(w) if w.kind == kind && i64::from(w.id) == i64::from(id) => Errno::EIDRM.into(),
        _ => Errno::EINVAL.into(),
    }
}

/// Parks `tid` in the current call, recording what it waits for.
fn park(k: &mut Kernel, tid: Pid, kind: Kind, id: u32, sem: Option<(u16, bool)>) -> SysErr {
    if let Ok(task) = k.task(tid) {
        let waiter = Waiter {
            kind,
            id,
            sem,
            nr: task.cpu.regs[0],
            eip: task.cpu.eip,
        };
        k.ipc.waiters.insert(tid, waiter);
    }
    SysErr::Block(Wait::Poll)
}

/// Wakes every parked caller to check its object again.
fn changed(k: &mut Kernel) {
    k.wake(|w| w == Wait::Io);
}

/// The common part of the three `*get` calls for an existing key, or
/// ENOENT (`ipcget_public`).
fn existing(
    found: Option<u32>,
    flags: u32,
    perm: impl Fn(u32) -> Option<(Perm, bool)>,
    creds: &Creds,
) -> Option<SysResult> {
    let Some(id) = found else {
        return (flags & IPC_CREAT == 0).then_some(Err(Errno::ENOENT.into()));
    };
    if flags & IPC_CREAT != 0 && flags & IPC_EXCL != 0 {
        return Some(Err(Errno::EEXIST.into()));
    }
    let (perm, fits) = perm(id)?;
    if !fits {
        return Some(Err(Errno::EINVAL.into()));
    }
    if !perm.allows(creds, flags) {
        return Some(Err(Errno::EACCES.into()));
    }
    Some(Ok(id))
}

// ---- shared memory ----------------------------------------------------

fn shmget(k: &mut Kernel, tid: Pid, key: i32, size: u32, flags: u32) -> SysResult {
    objects::collect(k);
    let (creds, pid) = creds(k, tid)?;
    if key != IPC_PRIVATE {
        let found = k.ipc.shm.find_key(key);
        let ipc = &k.ipc;
        if let Some(done) = existing(
            found,
            flags,
            |id| {
                let seg = ipc.shm.get(id as i32).ok()?;
                Some((seg.perm.clone(), seg.size >= size))
            },
            &creds,
        ) {
            return done;
        }
    }
    let now = now(k);
    Ok(k.ipc.new_segment(key, size, flags, &creds, pid, now)?)
}

fn shmat(k: &mut Kernel, tid: Pid, id: i32, addr: u32, flags: u32) -> SysResult {
    objects::collect(k);
    let mut addr = addr;
    if id < 0 {
        return Err(Errno::EINVAL.into());
    }
    if addr != 0 && !addr.is_multiple_of(shm::SHMLBA) {
        if flags & shm::SHM_RND == 0 {
            return Err(Errno::EINVAL.into());
        }
        addr -= addr % shm::SHMLBA;
        if addr == 0 && flags & shm::SHM_REMAP != 0 {
            return Err(Errno::EINVAL.into());
        }
    } else if addr == 0 && flags & shm::SHM_REMAP != 0 {
        return Err(Errno::EINVAL.into());
    }
    let (mut prot, mut access) = if flags & shm::SHM_RDONLY != 0 {
        (PROT_READ, 0o444)
    } else {
        (PROT_READ | PROT_WRITE, 0o666)
    };
    if flags & shm::SHM_EXEC != 0 {
        prot |= PROT_EXEC;
        access |= 0o111;
    }
    let (creds, pid) = creds(k, tid)?;
    let seg = k.ipc.shm.get(id)?;
    if !seg.perm.allows(&creds, access) {
        return Err(Errno::EACCES.into());
    }
    let (key, len) = (seg.perm.key, page_up(seg.size));
    let mm = Rc::clone(&k.task(tid)?.mm);
    let start = {
        let mm = mm.borrow();
        if addr == 0 {
            mm.find_free(len, MMAP_BASE)
                .ok_or(SysErr::Errno(Errno::ENOMEM))?
        } else {
            let end = u64::from(addr) + u64::from(len);
            if end > u64::from(TASK_SIZE) || addr < MMAP_MIN {
                return Err(Errno::EINVAL.into());
            }
            let overlaps = mm.vmas().any(|v| v.start < addr + len && v.end > addr);
            if overlaps && flags & shm::SHM_REMAP == 0 {
                return Err(Errno::EINVAL.into());
            }
            addr
        }
    };
    let after = mm
        .borrow()
        .mapped_bytes_outside(start, start.saturating_add(len))
        + u64::from(len);
    if after > k.config.address_space_limit {
        return Err(Errno::ENOMEM.into());
    }
    let seg = k.ipc.shm.get_mut(id)?;
    seg.populate(&mut k.mem)?;
    let frames = seg.frames.clone();
    let mut bits = pte::SHARED | pte::READ;
    if prot & PROT_WRITE != 0 {
        bits |= pte::WRITE;
    }
    if prot & PROT_EXEC != 0 {
        bits |= pte::EXEC;
    }
    let mut mm = mm.borrow_mut();
    mm.map(
        &mut k.mem,
        Vma {
            start,
            end: start + len,
            prot,
            shared: true,
            backing: crate::mm::Backing::Anon,
            name: objects::vma_name(key),
        },
    );
    for (i, frame) in frames.into_iter().enumerate() {
        let page = start + (i as u32) * 4096;
        mm.space.map_frame(&mut k.mem, page, frame, bits);
    }
    drop(mm);
    let now = now(k);
    let seg = k.ipc.shm.get_mut(id)?;
    seg.atime = now;
    seg.lpid = pid;
    Ok(start)
}

fn shmdt(k: &mut Kernel, tid: Pid, addr: u32) -> SysResult {
    objects::collect(k);
    if !addr.is_multiple_of(4096) {
        return Err(Errno::EINVAL.into());
    }
    let pid = k.task(tid)?.tgid;
    let mm = Rc::clone(&k.task(tid)?.mm);
    let (id, ranges) = {
        let mm = mm.borrow();
        objects::attach_at(k, &mm, addr).ok_or(SysErr::Errno(Errno::EINVAL))?
    };
    for (start, end) in ranges {
        mm.borrow_mut().unmap(&mut k.mem, start, end);
    }
    let now = now(k);
    if let Ok(seg) = k.ipc.shm.get_mut(id as i32) {
        seg.dtime = now;
        seg.lpid = pid;
    }
    objects::collect(k);
    Ok(0)
}

/// The segment's `shmid64_ds` (or old `shmid_ds`).
fn shm_stat(k: &Kernel, seg: &objects::Segment, layout: Layout) -> Vec<u8> {
    let nattch = objects::attach_counts(k)
        .get(&seg.perm.id)
        .copied()
        .unwrap_or(0);
    match layout {
        Layout::New => Shmid64Ds {
            perm: seg.perm.to_abi64(),
            segsz: seg.size,
            atime: seg.atime,
            dtime: seg.dtime,
            ctime: seg.ctime,
            cpid: seg.cpid,
            lpid: seg.lpid,
            nattch,
            ..Shmid64Ds::default()
        }
        .to_bytes()
        .to_vec(),
        Layout::Old => OldShmidDs {
            perm: seg.perm.to_abi_old(),
            segsz: seg.size,
            atime: seg.atime,
            dtime: seg.dtime,
            ctime: seg.ctime,
            cpid: seg.cpid as u16,
            lpid: seg.lpid as u16,
            nattch: nattch as u16,
        }
        .to_bytes()
        .to_vec(),
    }
}

/// The owner and mode IPC_SET reads from the buffer at `buf`.
fn read_set(k: &mut Kernel, tid: Pid, buf: u32, layout: Layout) -> SysResult<(u32, u32, u16)> {
    Ok(match layout {
        Layout::New => {
            let p = abi::Ipc64Perm::parse(&k.read_user(tid, buf, abi::Ipc64Perm::SIZE)?)
                .map_err(Errno::from)?;
            (p.uid, p.gid, p.mode)
        }
        Layout::Old => {
            let p = abi::OldIpcPerm::parse(&k.read_user(tid, buf, abi::OldIpcPerm::SIZE)?)
                .map_err(Errno::from)?;
            (u32::from(p.uid), u32::from(p.gid), p.mode)
        }
    })
}

fn shmctl(k: &mut Kernel, tid: Pid, id: i32, cmd: u32, buf: u32, layout: Layout) -> SysResult {
    objects::collect(k);
    let (creds, _) = creds(k, tid)?;
    match cmd {
        IPC_INFO => {
            let info = ShmInfo64 {
                shmmax: shm::SHMMAX.min(i32::MAX as u64) as u32,
                shmmin: shm::SHMMIN,
                shmmni: shm::SHMMNI,
                shmseg: shm::SHMMNI,
                shmall: shm::SHMALL as u32,
            }
            .to_bytes();
            let len = if layout == Layout::New {
                info.len()
            } else {
                20
            };
            k.write_user(tid, buf, &info[..len])?;
            Ok(k.ipc.shm.max_index())
        }
        shm::SHM_INFO => {
            let info = ShmInfo {
                used_ids: k.ipc.shm.count(),
                shm_tot: k.ipc.shm.iter().map(objects::Segment::pages).sum(),
                shm_rss: k.ipc.shm.iter().map(|s| s.frames.len() as u32).sum(),
                ..ShmInfo::default()
            };
            k.write_user(tid, buf, &info.to_bytes())?;
            Ok(k.ipc.shm.max_index())
        }
        shm::SHM_STAT | shm::SHM_STAT_ANY | IPC_STAT => {
            let (seg, ret) =
                k.ipc
                    .shm
                    .stat(id, cmd == IPC_STAT, cmd == shm::SHM_STAT_ANY, &creds)?;
            let bytes = shm_stat(k, seg, layout);
            k.write_user(tid, buf, &bytes)?;
            Ok(ret)
        }
        IPC_SET => {
            let (uid, gid, mode) = read_set(k, tid, buf, layout)?;
            let now = now(k);
            let seg = k.ipc.shm.get_mut(id)?;
            if !seg.perm.may_control(&creds) {
                return Err(Errno::EPERM.into());
            }
            seg.perm.update(uid, gid, mode);
            seg.ctime = now;
            Ok(0)
        }
        IPC_RMID => {
            let seg = k.ipc.shm.get_mut(id)?;
            if !seg.perm.may_control(&creds) {
                return Err(Errno::EPERM.into());
            }
            // Marked, and private from now on; freed at its last detach.
            seg.perm.mode |= shm::SHM_DEST;
            seg.perm.key = IPC_PRIVATE;
            objects::collect(k);
            Ok(0)
        }
        shm::SHM_LOCK | shm::SHM_UNLOCK => {
            let seg = k.ipc.shm.get_mut(id)?;
            if !seg.perm.may_control(&creds) {
                return Err(Errno::EPERM.into());
            }
            if cmd == shm::SHM_LOCK {
                seg.perm.mode |= shm::SHM_LOCKED;
            } else {
                seg.perm.mode &= !shm::SHM_LOCKED;
            }
            Ok(0)
        }
        _ => Err(Errno::EINVAL.into()),
    }
}

// ---- semaphores --------------------------------------------------------

fn semget(k: &mut Kernel, tid: Pid, key: i32, nsems: u32, flags: u32) -> SysResult {
    if nsems > sem::SEMMSL {
        return Err(Errno::EINVAL.into());
    }
    let (creds, _) = creds(k, tid)?;
    if key != IPC_PRIVATE {
        let found = k.ipc.sem.find_key(key);
        let ipc = &k.ipc;
        if let Some(done) = existing(
            found,
            flags,
            |id| {
                let set = ipc.sem.get(id as i32).ok()?;
                Some((set.perm.clone(), nsems as usize <= set.sems.len()))
            },
            &creds,
        ) {
            return done;
        }
    }
    let now = now(k);
    Ok(k.ipc.new_set(key, nsems, flags, &creds, now)?)
}

/// `semtimedop`: `timeout` is the address of a timespec (time64 or not),
/// 0 for none.
fn semtimedop(
    k: &mut Kernel,
    tid: Pid,
    id: i32,
    sops: u32,
    nsops: u32,
    timeout: u32,
    time64: bool,
) -> SysResult {
    // Taken before `collect`, which would see this re-run as a caller
    // that left.
    let prev = k.ipc.waiters.remove(&tid);
    objects::collect(k);
    let result = semtimedop_inner(k, tid, id, sops, nsops, timeout, time64, prev);
    if !matches!(result, Err(SysErr::Block(_))) {
        k.task_mut(tid)?.sleep_deadline = None;
    }
    result
}

#[allow(clippy::too_many_arguments)]
fn semtimedop_inner(
    k: &mut Kernel,
    tid: Pid,
    id: i32,
    sops: u32,
    nsops: u32,
    timeout: u32,
    time64: bool,
    prev: Option<Waiter>,
) -> SysResult {
    // Linux's order (`ksys_semtimedop`, `do_semtimedop`): the timeout is
    // copied first, the counts checked, the operations copied, then the
    // id and the timeout's value checked.
    let now_ns = k.host.monotonic_ns();
    let span = match (timeout, k.task(tid)?.sleep_deadline) {
        (0, _) | (_, Some(_)) => Ok(0),
        _ => match read_timespec(k, tid, timeout, time64) {
            Err(SysErr::Errno(e)) if e == Errno::EFAULT => return Err(e.into()),
            other => other,
        },
    };
    if nsops > sem::SEMOPM {
        return Err(Errno::E2BIG.into());
    }
    if (nsops as i32) < 1 {
        return Err(Errno::EINVAL.into());
    }
    let raw = k.read_user(tid, sops, nsops as usize * SemBuf::SIZE)?;
    let ops: Vec<SemBuf> = raw
        .chunks_exact(SemBuf::SIZE)
        .filter_map(|c| SemBuf::parse(c).ok())
        .collect();
    if id < 0 {
        return Err(Errno::EINVAL.into());
    }
    let deadline = match (timeout, k.task(tid)?.sleep_deadline) {
        (0, _) => None,
        (_, Some(d)) => Some(d),
        _ => Some(now_ns.saturating_add(span?)),
    };
    let (creds, pid) = creds(k, tid)?;
    let set = k.ipc.sem.get(id).map_err(|_| gone(prev, Kind::Sem, id))?;
    let max = ops.iter().map(|o| usize::from(o.num)).max().unwrap_or(0);
    if max >= set.sems.len() {
        return Err(Errno::EFBIG.into());
    }
    let alter = ops.iter().any(|o| o.op != 0);
    if !set.perm.allows(&creds, if alter { 0o222 } else { 0o444 }) {
        return Err(Errno::EACCES.into());
    }
    let set_id = set.perm.id;
    let undo = ops.iter().any(|o| o.flg & sem::SEM_UNDO != 0);
    let adj = k.ipc.undo.get(&(pid, set_id)).cloned().unwrap_or_default();
    match objects::try_semop(&set.sems, &ops, &adj) {
        Ok((vals, adj)) => {
            let now = now(k);
            let set = k.ipc.sem.get_mut(id)?;
            for (sem, val) in set.sems.iter_mut().zip(vals) {
                sem.val = val;
            }
            for op in &ops {
                if let Some(sem) = set.sems.get_mut(usize::from(op.num)) {
                    sem.pid = pid;
                }
            }
            set.otime = now;
            if undo {
                k.ipc.undo.insert((pid, set_id), adj);
            }
            if alter {
                changed(k);
            }
            Ok(0)
        }
        Err(SemStop::Range) => Err(Errno::ERANGE.into()),
        Err(SemStop::Block { nowait: true, .. }) => Err(Errno::EAGAIN.into()),
        Err(SemStop::Block { semnum, zero, .. }) => {
            if let Some(d) = deadline {
                if now_ns >= d {
                    return Err(Errno::EAGAIN.into());
                }
                k.task_mut(tid)?.sleep_deadline = Some(d);
            }
            Err(park(k, tid, Kind::Sem, set_id, Some((semnum, zero))))
        }
    }
}

fn sem_stat(set: &objects::SemSet, layout: Layout) -> Vec<u8> {
    match layout {
        Layout::New => Semid64Ds {
            perm: set.perm.to_abi64(),
            otime: set.otime,
            ctime: set.ctime,
            nsems: set.sems.len() as u32,
            ..Semid64Ds::default()
        }
        .to_bytes()
        .to_vec(),
        Layout::Old => OldSemidDs {
            perm: set.perm.to_abi_old(),
            otime: set.otime,
            ctime: set.ctime,
            nsems: set.sems.len() as u16,
        }
        .to_bytes()
        .to_vec(),
    }
}

/// `semctl(id, semnum, cmd, arg)`: `arg` is `union semun` by value.
#[allow(clippy::too_many_lines)]
fn semctl(
    k: &mut Kernel,
    tid: Pid,
    id: i32,
    semnum: u32,
    cmd: u32,
    arg: u32,
    layout: Layout,
) -> SysResult {
    let (creds, pid) = creds(k, tid)?;
    let one = |set: &objects::SemSet| -> SysResult<usize> {
        usize::try_from(semnum)
            .ok()
            .filter(|n| *n < set.sems.len())
            .ok_or(SysErr::Errno(Errno::EINVAL))
    };
    match cmd {
        IPC_INFO | sem::SEM_INFO => {
            let mut info = SemInfo {
                semmap: sem::SEMMAP,
                semmni: sem::SEMMNI,
                semmns: sem::SEMMNS,
                semmnu: sem::SEMMNU,
                semmsl: sem::SEMMSL,
                semopm: sem::SEMOPM,
                semume: sem::SEMUME,
                semusz: sem::SEMUSZ,
                semvmx: sem::SEMVMX as u32,
                semaem: sem::SEMAEM as u32,
            };
            if cmd == sem::SEM_INFO {
                info.semusz = k.ipc.sem.count();
                info.semaem = k.ipc.sem.iter().map(|s| s.sems.len() as u32).sum();
            }
            k.write_user(tid, arg, &info.to_bytes())?;
            Ok(k.ipc.sem.max_index())
        }
        sem::SEM_STAT | sem::SEM_STAT_ANY | IPC_STAT => {
            let (set, ret) =
                k.ipc
                    .sem
                    .stat(id, cmd == IPC_STAT, cmd == sem::SEM_STAT_ANY, &creds)?;
            let bytes = sem_stat(set, layout);
            k.write_user(tid, arg, &bytes)?;
            Ok(ret)
        }
        IPC_SET => {
            let (uid, gid, mode) = read_set(k, tid, arg, layout)?;
            let now = now(k);
            let set = k.ipc.sem.get_mut(id)?;
            if !set.perm.may_control(&creds) {
                return Err(Errno::EPERM.into());
            }
            set.perm.update(uid, gid, mode);
            set.ctime = now;
            Ok(0)
        }
        IPC_RMID => {
            let set = k.ipc.sem.get(id)?;
            if !set.perm.may_control(&creds) {
                return Err(Errno::EPERM.into());
            }
            let set_id = set.perm.id;
            k.ipc.sem.remove(id);
            k.ipc.undo.retain(|(_, s), _| *s != set_id);
            changed(k);
            Ok(0)
        }
        sem::GETVAL | sem::GETPID | sem::GETNCNT | sem::GETZCNT => {
            let set = k.ipc.sem.get(id)?;
            if !set.perm.allows(&creds, 0o444) {
                return Err(Errno::EACCES.into());
            }
            let n = one(set)?;
            let sem = set.sems.get(n).copied().unwrap_or_default();
            let set_id = set.perm.id;
            Ok(match cmd {
                sem::GETVAL => sem.val as u32,
                sem::GETPID => sem.pid,
                sem::GETNCNT => objects::sem_waiters(k, set_id, n as u16, false),
                _ => objects::sem_waiters(k, set_id, n as u16, true),
            })
        }
        sem::GETALL => {
            let set = k.ipc.sem.get(id)?;
            if !set.perm.allows(&creds, 0o444) {
                return Err(Errno::EACCES.into());
            }
            let bytes: Vec<u8> = set
                .sems
                .iter()
                .flat_map(|s| (s.val as u16).to_le_bytes())
                .collect();
            k.write_user(tid, arg, &bytes)?;
            Ok(0)
        }
        sem::SETVAL => {
            let val = arg as i32;
            if !(0..=sem::SEMVMX).contains(&val) {
                return Err(Errno::ERANGE.into());
            }
            let now = now(k);
            let set = k.ipc.sem.get_mut(id)?;
            let n = one(set)?;
            if !set.perm.allows(&creds, 0o222) {
                return Err(Errno::EACCES.into());
            }
            if let Some(s) = set.sems.get_mut(n) {
                *s = objects::Sem { val, pid };
            }
            set.ctime = now;
            let set_id = set.perm.id;
            k.ipc.clear_undo(set_id, Some(n));
            changed(k);
            Ok(0)
        }
        sem::SETALL => {
            let set = k.ipc.sem.get(id)?;
            if !set.perm.allows(&creds, 0o222) {
                return Err(Errno::EACCES.into());
            }
            let count = set.sems.len();
            let raw = k.read_user(tid, arg, count * 2)?;
            let vals: Vec<i32> = raw
                .chunks_exact(2)
                .map(|c| i32::from(u16::from_le_bytes([c[0], c[1]])))
                .collect();
            if vals.iter().any(|v| *v > sem::SEMVMX) {
                return Err(Errno::ERANGE.into());
            }
            let now = now(k);
            let set = k.ipc.sem.get_mut(id)?;
            for (s, val) in set.sems.iter_mut().zip(vals) {
                *s = objects::Sem { val, pid };
            }
            set.ctime = now;
            let set_id = set.perm.id;
            k.ipc.clear_undo(set_id, None);
            changed(k);
            Ok(0)
        }
        _ => Err(Errno::EINVAL.into()),
    }
}

// ---- message queues ----------------------------------------------------

fn msgget(k: &mut Kernel, tid: Pid, key: i32, flags: u32) -> SysResult {
    let (creds, _) = creds(k, tid)?;
    if key != IPC_PRIVATE {
        let found = k.ipc.msg.find_key(key);
        let ipc = &k.ipc;
        if let Some(done) = existing(
            found,
            flags,
            |id| Some((ipc.msg.get(id as i32).ok()?.perm.clone(), true)),
            &creds,
        ) {
            return done;
        }
    }
    let now = now(k);
    Ok(k.ipc.new_queue(key, flags, &creds, now)?)
}

fn msgsnd(k: &mut Kernel, tid: Pid, id: i32, msgp: u32, size: u32, flags: u32) -> SysResult {
    // Taken before `collect`, which would see this re-run as a caller
    // that left.
    let prev = k.ipc.waiters.remove(&tid);
    objects::collect(k);
    let mtype = k.read_user_u32(tid, msgp)? as i32;
    if size > msg::MSGMAX || id < 0 || mtype < 1 {
        return Err(Errno::EINVAL.into());
    }
    let text = k.read_user(tid, msgp.wrapping_add(4), size as usize)?;
    let (creds, pid) = creds(k, tid)?;
    let queue = k.ipc.msg.get(id).map_err(|_| gone(prev, Kind::Msg, id))?;
    if !queue.perm.allows(&creds, 0o222) {
        return Err(Errno::EACCES.into());
    }
    let room = k.ipc.message_bytes() + u64::from(size) + objects::MESSAGE_COST
        <= objects::MESSAGE_BYTES_MAX;
    let queue = k.ipc.msg.get(id)?;
    if !queue.fits(size) || !room {
        if flags & IPC_NOWAIT != 0 {
            return Err(Errno::EAGAIN.into());
        }
        let qid = queue.perm.id;
        return Err(park(k, tid, Kind::Msg, qid, None));
    }
    let now = now(k);
    let queue = k.ipc.msg.get_mut(id)?;
    queue.msgs.push_back(Message { mtype, text });
    queue.cbytes = queue.cbytes.saturating_add(size);
    queue.lspid = pid;
    queue.stime = now;
    changed(k);
    Ok(0)
}

#[allow(clippy::too_many_arguments)]
fn msgrcv(
    k: &mut Kernel,
    tid: Pid,
    id: i32,
    msgp: u32,
    size: u32,
    msgtyp: i32,
    flags: u32,
) -> SysResult {
    // Taken before `collect`, which would see this re-run as a caller
    // that left.
    let prev = k.ipc.waiters.remove(&tid);
    objects::collect(k);
    if id < 0 || (size as i32) < 0 {
        return Err(Errno::EINVAL.into());
    }
    let copy = flags & msg::MSG_COPY != 0;
    if copy && (flags & msg::MSG_EXCEPT != 0 || flags & IPC_NOWAIT == 0) {
        return Err(Errno::EINVAL.into());
    }
    let (creds, pid) = creds(k, tid)?;
    let queue = k.ipc.msg.get(id).map_err(|_| gone(prev, Kind::Msg, id))?;
    if !queue.perm.allows(&creds, 0o444) {
        return Err(Errno::EACCES.into());
    }
    let found = if copy {
        usize::try_from(msgtyp)
            .ok()
            .filter(|i| *i < queue.msgs.len())
    } else {
        queue.find(msgtyp, flags & msg::MSG_EXCEPT != 0)
    };
    let Some(index) = found else {
        if flags & IPC_NOWAIT != 0 {
            return Err(Errno::ENOMSG.into());
        }
        let qid = queue.perm.id;
        return Err(park(k, tid, Kind::Msg, qid, None));
    };
    let message = queue.msgs.get(index).cloned().ok_or(Errno::ENOMSG)?;
    if message.text.len() > size as usize && flags & msg::MSG_NOERROR == 0 {
        return Err(Errno::E2BIG.into());
    }
    let n = message.text.len().min(size as usize);
    let mut out = Vec::with_capacity(4 + n);
    out.extend_from_slice(&message.mtype.to_le_bytes());
    out.extend_from_slice(&message.text[..n]);
    if !copy {
        let now = now(k);
        let queue = k.ipc.msg.get_mut(id)?;
        queue.msgs.remove(index);
        queue.cbytes = queue.cbytes.saturating_sub(message.text.len() as u32);
        queue.lrpid = pid;
        queue.rtime = now;
        changed(k);
    }
    // After it left the queue: a bad buffer loses it, as on Linux.
    k.write_user(tid, msgp, &out)?;
    Ok(n as u32)
}

fn msq_stat(q: &objects::Queue, layout: Layout) -> Vec<u8> {
    let qnum = q.msgs.len() as u32;
    match layout {
        Layout::New => Msqid64Ds {
            perm: q.perm.to_abi64(),
            stime: q.stime,
            rtime: q.rtime,
            ctime: q.ctime,
            cbytes: q.cbytes,
            qnum,
            qbytes: q.qbytes,
            lspid: q.lspid,
            lrpid: q.lrpid,
            ..Msqid64Ds::default()
        }
        .to_bytes()
        .to_vec(),
        Layout::Old => OldMsqidDs {
            perm: q.perm.to_abi_old(),
            stime: q.stime,
            rtime: q.rtime,
            ctime: q.ctime,
            // A native i386 kernel fills these two; x86-64's compat layer
            // (the reference the tests compare with) leaves them zero.
            lcbytes: 0,
            lqbytes: 0,
            cbytes: q.cbytes.min(u32::from(u16::MAX)) as u16,
            qnum: qnum.min(u32::from(u16::MAX)) as u16,
            qbytes: q.qbytes.min(u32::from(u16::MAX)) as u16,
            lspid: q.lspid as u16,
            lrpid: q.lrpid as u16,
        }
        .to_bytes()
        .to_vec(),
    }
}

fn msgctl(k: &mut Kernel, tid: Pid, id: i32, cmd: u32, buf: u32, layout: Layout) -> SysResult {
    let (creds, _) = creds(k, tid)?;
    match cmd {
        IPC_INFO | msg::MSG_INFO => {
            let mut info = MsgInfo {
                msgpool: msg::MSGPOOL,
                msgmap: msg::MSGMAP,
                msgmax: msg::MSGMAX,
                msgmnb: msg::MSGMNB,
                msgmni: msg::MSGMNI,
                msgssz: msg::MSGSSZ,
                msgtql: msg::MSGTQL,
                msgseg: msg::MSGSEG,
            };
            if cmd == msg::MSG_INFO {
                info.msgpool = k.ipc.msg.count();
                info.msgmap = k.ipc.msg.iter().map(|q| q.msgs.len() as u32).sum();
                info.msgtql = k.ipc.msg.iter().map(|q| q.cbytes).sum();
            }
            k.write_user(tid, buf, &info.to_bytes())?;
            Ok(k.ipc.msg.max_index())
        }
        msg::MSG_STAT | msg::MSG_STAT_ANY | IPC_STAT => {
            let (q, ret) = k
                .ipc
                .msg
                .stat(id, cmd == IPC_STAT, cmd == msg::MSG_STAT_ANY, &creds)?;
            let bytes = msq_stat(q, layout);
            k.write_user(tid, buf, &bytes)?;
            Ok(ret)
        }
        IPC_SET => {
            let (uid, gid, mode) = read_set(k, tid, buf, layout)?;
            let qbytes = match layout {
                Layout::New => {
                    let raw = k.read_user(tid, buf, Msqid64Ds::SIZE)?;
                    Msqid64Ds::parse(&raw).map_err(Errno::from)?.qbytes
                }
                Layout::Old => {
                    let raw = k.read_user(tid, buf, OldMsqidDs::SIZE)?;
                    let old = OldMsqidDs::parse(&raw).map_err(Errno::from)?;
                    if old.qbytes == 0 {
                        old.lqbytes
                    } else {
                        u32::from(old.qbytes)
                    }
                }
            };
            let now = now(k);
            let q = k.ipc.msg.get_mut(id)?;
            if !q.perm.may_control(&creds) {
                return Err(Errno::EPERM.into());
            }
            if qbytes > msg::MSGMNB && creds.euid != 0 {
                return Err(Errno::EPERM.into());
            }
            q.qbytes = qbytes;
            q.perm.update(uid, gid, mode);
            q.ctime = now;
            changed(k);
            Ok(0)
        }
        IPC_RMID => {
            let q = k.ipc.msg.get(id)?;
            if !q.perm.may_control(&creds) {
                return Err(Errno::EPERM.into());
            }
            k.ipc.msg.remove(id);
            changed(k);
            Ok(0)
        }
        _ => Err(Errno::EINVAL.into()),
    }
}

// ---- entry points -------------------------------------------------------

/// Implements Linux syscall ipc(2): the multiplexer (`ipc/syscall.c`).
/// `a` = call (version in the high 16 bits), first, second, third, ptr,
/// fifth.
pub(super) fn ipc(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (call, version) = (a[0] & 0xffff, a[0] >> 16);
    let (first, second, third, ptr, fifth) = (a[1], a[2], a[3], a[4], a[5]);
    let id = first as i32;
    match call {
        call::SEMOP => semtimedop(k, tid, id, ptr, second, 0, false),
        call::SEMTIMEDOP => semtimedop(k, tid, id, ptr, second, fifth, false),
        call::SEMGET => semget(k, tid, id, second, third),
        call::SEMCTL => {
            if ptr == 0 {
                return Err(Errno::EINVAL.into());
            }
            let arg = k.read_user_u32(tid, ptr)?;
            let (cmd, layout) = parse_version(third);
            semctl(k, tid, id, second, cmd, arg, layout)
        }
        call::MSGSND => msgsnd(k, tid, id, ptr, second, third),
        call::MSGRCV => {
            let (msgp, msgtyp) = if version == 0 {
                if ptr == 0 {
                    return Err(Errno::EINVAL.into());
                }
                let raw = k.read_user(tid, ptr, IpcKludge::SIZE)?;
                let kludge = IpcKludge::parse(&raw).map_err(Errno::from)?;
                (kludge.msgp, kludge.msgtyp)
            } else {
                (ptr, fifth as i32)
            };
            msgrcv(k, tid, id, msgp, second, msgtyp, third)
        }
        call::MSGGET => msgget(k, tid, id, second),
        call::MSGCTL => {
            let (cmd, layout) = parse_version(second);
            msgctl(k, tid, id, cmd, ptr, layout)
        }
        call::SHMAT => {
            if version == 1 {
                return Err(Errno::EINVAL.into());
            }
            let addr = shmat(k, tid, id, ptr, second)?;
            k.write_user_u32(tid, third, addr)?;
            Ok(0)
        }
        call::SHMDT => shmdt(k, tid, ptr),
        call::SHMGET => shmget(k, tid, id, second, third),
        call::SHMCTL => {
            let (cmd, layout) = parse_version(second);
            shmctl(k, tid, id, cmd, ptr, layout)
        }
        _ => Err(Errno::ENOSYS.into()),
    }
}

/// Implements Linux syscall semget(2).
pub(super) fn sys_semget(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    semget(k, tid, a[0] as i32, a[1], a[2])
}

/// Implements Linux syscall semctl(2) (the `*64_ds` layouts).
pub(super) fn sys_semctl(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    semctl(k, tid, a[0] as i32, a[1], a[2] & !IPC_64, a[3], Layout::New)
}

/// Implements Linux syscall semtimedop_time64(2).
pub(super) fn sys_semtimedop_time64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    semtimedop(k, tid, a[0] as i32, a[1], a[2], a[3], true)
}

/// Implements Linux syscall shmget(2).
pub(super) fn sys_shmget(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    shmget(k, tid, a[0] as i32, a[1], a[2])
}

/// Implements Linux syscall shmctl(2) (the `*64_ds` layouts).
pub(super) fn sys_shmctl(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    shmctl(k, tid, a[0] as i32, a[1] & !IPC_64, a[2], Layout::New)
}

/// Implements Linux syscall shmat(2).
pub(super) fn sys_shmat(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    shmat(k, tid, a[0] as i32, a[1], a[2])
}

/// Implements Linux syscall shmdt(2).
pub(super) fn sys_shmdt(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    shmdt(k, tid, a[0])
}

/// Implements Linux syscall msgget(2).
pub(super) fn sys_msgget(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    msgget(k, tid, a[0] as i32, a[1])
}

/// Implements Linux syscall msgsnd(2).
pub(super) fn sys_msgsnd(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    msgsnd(k, tid, a[0] as i32, a[1], a[2], a[3])
}

/// Implements Linux syscall msgrcv(2).
pub(super) fn sys_msgrcv(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    msgrcv(k, tid, a[0] as i32, a[1], a[2], a[3] as i32, a[4])
}

/// Implements Linux syscall msgctl(2) (the `*64_ds` layouts).
pub(super) fn sys_msgctl(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    msgctl(k, tid, a[0] as i32, a[1] & !IPC_64, a[2], Layout::New)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipc_64_selects_the_new_layouts() {
        assert_eq!(parse_version(IPC_STAT | IPC_64), (IPC_STAT, Layout::New));
        assert_eq!(parse_version(IPC_STAT), (IPC_STAT, Layout::Old));
    }
}
