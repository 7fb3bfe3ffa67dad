//! Process and thread calls: fork/clone/execve/exit/wait, ids, limits,
//! signals' bookkeeping, TLS.

use super::Args;
use crate::abi::errno::Errno;
use crate::abi::flags::clone::*;
use crate::abi::flags::rlimit::*;
use crate::abi::flags::wait::*;
use crate::abi::signal::{self as sig, SigSet};
use crate::abi::structs::{Rlimit, Rlimit64, Sysinfo, Utsname, uts_field};
use crate::error::{SysErr, SysResult, Wait};
use crate::task::{Pid, SigAction, State, Task};
use crate::{Kernel, loader, signal};
use std::cell::RefCell;
use std::rc::Rc;

/// Implements Linux syscall exit(2): ends the calling thread.
pub(super) fn exit(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    signal::exit_thread(k, tid, (a[0] & 0xff) << 8);
    Ok(0)
}

/// Implements Linux syscall exit_group(2): ends every thread of the process.
pub(super) fn exit_group(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    signal::exit_group(k, tid, (a[0] & 0xff) << 8);
    Ok(0)
}

/// Implements Linux syscall fork(2).
pub(super) fn fork(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    do_clone(k, tid, sig::SIGCHLD, 0, 0, 0, 0)
}

/// Implements Linux syscall vfork(2).
pub(super) fn vfork(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    do_clone(k, tid, CLONE_VM | CLONE_VFORK | sig::SIGCHLD, 0, 0, 0, 0)
}

/// Implements Linux syscall clone(2) (i386 argument order: flags, stack,
/// parent_tid, tls, child_tid).
pub(super) fn clone(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    do_clone(k, tid, a[0], a[1], a[2], a[3], a[4])
}

fn do_clone(
    k: &mut Kernel,
    tid: Pid,
    flags: u32,
    stack: u32,
    ptid: u32,
    tls: u32,
    ctid: u32,
) -> SysResult {
    let namespaces = CLONE_NEWNS
        | CLONE_NEWCGROUP
        | CLONE_NEWUTS
        | CLONE_NEWIPC
        | CLONE_NEWUSER
        | CLONE_NEWPID
        | CLONE_NEWNET;
    if flags & namespaces != 0 {
        return Err(Errno::EPERM.into());
    }
    if (flags & CLONE_THREAD != 0 && flags & CLONE_SIGHAND == 0)
        || (flags & CLONE_SIGHAND != 0 && flags & CLONE_VM == 0)
    {
        return Err(Errno::EINVAL.into());
    }
    if k.tasks.len() >= k.config.max_tasks {
        return Err(Errno::EAGAIN.into());
    }
    let tls_desc = if flags & CLONE_SETTLS != 0 {
        Some(read_user_desc(k, tid, tls)?)
    } else {
        None
    };
    let child_tid = k.alloc_pid();
    let parent = k.task(tid)?;
    let mm = if flags & CLONE_VM != 0 {
        Rc::clone(&parent.mm)
    } else {
        let mm = Rc::clone(&parent.mm);
        let forked = mm.borrow_mut().fork(&mut k.mem);
        Rc::new(RefCell::new(forked))
    };
    let parent = k.task(tid)?;
    let files = if flags & CLONE_FILES != 0 {
        Rc::clone(&parent.files)
    } else {
        Rc::new(RefCell::new(parent.files.borrow().copy()))
    };
    let fs = if flags & CLONE_FS != 0 {
        Rc::clone(&parent.fs)
    } else {
        Rc::new(RefCell::new(parent.fs.borrow().clone()))
    };
    let sighand = if flags & CLONE_SIGHAND != 0 {
        Rc::clone(&parent.sighand)
    } else {
        Rc::new(RefCell::new(*parent.sighand.borrow()))
    };
    let thread = flags & CLONE_THREAD != 0;
    let mut cpu = parent.cpu.clone();
    cpu.regs[0] = 0;
    if stack != 0 {
        cpu.regs[tabvm_cpu::state::reg::ESP] = stack;
    }
    if let Some((index, base, limit, bits)) = tls_desc {
        cpu.set_tls_descriptor(index as usize, base, limit, bits)
            .map_err(|_| SysErr::Errno(Errno::EINVAL))?;
    }
    let child = Task {
        tid: child_tid,
        tgid: if thread { parent.tgid } else { child_tid },
        ppid: if thread || flags & CLONE_PARENT != 0 {
            parent.ppid
        } else {
            parent.tgid
        },
        pgid: parent.pgid,
        sid: parent.sid,
        cpu,
        state: State::Runnable,
        mm,
        files,
        fs,
        sighand,
        creds: parent.creds.clone(),
        sigmask: parent.sigmask,
        pending: SigSet::EMPTY,
        siginfo: crate::task::SigQueue::default(),
        saved_sigmask: None,
        itimer_real: None,
        // POSIX timers are not inherited; threads share the leader's.
        timers: Vec::new(),
        restart_wait: None,
        write_progress: None,
        exit_signal: if thread { 0 } else { flags & 0xff },
        clear_child_tid: if flags & CLONE_CHILD_CLEARTID != 0 {
            ctid
        } else {
            0
        },
        comm: parent.comm.clone(),
        exe: parent.exe.clone(),
        sleep_deadline: None,
        futex_woken: false,
        robust_list: 0,
        vfork_parent: (flags & CLONE_VFORK != 0).then_some(tid),
        altstack: if flags & CLONE_VM != 0 && flags & CLONE_VFORK == 0 {
            None
        } else {
            parent.altstack
        },
        ctty: parent.ctty.clone(),
        stopped: false,
        wait_report: None,
        rlimits: if thread {
            Rc::clone(&parent.rlimits)
        } else {
            Rc::new(RefCell::new(*parent.rlimits.borrow()))
        },
        nice: parent.nice,
        usage: crate::task::CpuTimes::default(),
        trap: parent.trap,
        personality: parent.personality,
        ptrace: None,
    };
    k.tasks.insert(child_tid, child);
    super::ptrace::on_clone(k, tid, child_tid, flags);
    if flags & CLONE_PARENT_SETTID != 0 {
        k.write_user_u32(tid, ptid, child_tid)?;
    }
    if flags & CLONE_CHILD_SETTID != 0 {
        k.write_user_u32(child_tid, ctid, child_tid)?;
    }
    if flags & CLONE_VFORK != 0 {
        // The parent's clone has returned the child's pid; the parent
        // itself waits until the child execs or exits.
        let parent = k.task_mut(tid)?;
        parent.cpu.regs[0] = child_tid;
        parent.state = State::Blocked {
            wait: Wait::Vfork(child_tid),
            deadline: None,
        };
    }
    Ok(child_tid)
}

/// Decodes a `struct user_desc` (set_thread_area, CLONE_SETTLS):
/// entry_number, base, limit, then the flag bits.
fn read_user_desc(k: &mut Kernel, tid: Pid, addr: u32) -> SysResult<(u32, u32, u32, u32)> {
    let raw = k.read_user(tid, addr, 16)?;
    let w = |i: usize| u32::from_le_bytes([raw[i], raw[i + 1], raw[i + 2], raw[i + 3]]);
    Ok((w(0), w(4), w(8), w(12)))
}

/// Implements Linux syscall set_thread_area(2).
pub(super) fn set_thread_area(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (mut index, base, limit, bits) = read_user_desc(k, tid, a[0])?;
    let first = tabvm_cpu::state::TLS_FIRST as u32;
    let count = tabvm_cpu::state::TLS_COUNT as u32;
    if index == u32::MAX {
        let task = k.task(tid)?;
        let free = task
            .cpu
            .tls
            .iter()
            .position(|d| !d.present)
            .ok_or(SysErr::Errno(Errno::ESRCH))?;
        index = first + free as u32;
        k.write_user_u32(tid, a[0], index)?;
    }
    if !(first..first + count).contains(&index) {
        return Err(Errno::EINVAL.into());
    }
    let task = k.task_mut(tid)?;
    task.cpu
        .set_tls_descriptor(index as usize, base, limit, bits)
        .map_err(|_| SysErr::Errno(Errno::EINVAL))?;
    Ok(0)
}

/// Implements Linux syscall get_thread_area(2).
pub(super) fn get_thread_area(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let index = k.read_user_u32(tid, a[0])?;
    let first = tabvm_cpu::state::TLS_FIRST as u32;
    let slot = index
        .checked_sub(first)
        .filter(|i| (*i as usize) < tabvm_cpu::state::TLS_COUNT)
        .ok_or(SysErr::Errno(Errno::EINVAL))?;
    let d = k.task(tid)?.cpu.tls[slot as usize];
    let mut raw = [0u8; 16];
    raw[0..4].copy_from_slice(&index.to_le_bytes());
    raw[4..8].copy_from_slice(&d.base.to_le_bytes());
    raw[8..12].copy_from_slice(&d.limit.to_le_bytes());
    raw[12..16].copy_from_slice(&d.flags.to_le_bytes());
    k.write_user(tid, a[0], &raw)?;
    Ok(0)
}

fn read_string_array(k: &mut Kernel, tid: Pid, mut addr: u32) -> SysResult<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    if addr == 0 {
        return Ok(out);
    }
    loop {
        let ptr = k.read_user_u32(tid, addr)?;
        if ptr == 0 {
            return Ok(out);
        }
        if out.len() >= 0x7fff_ffff / 4 || out.len() > 1 << 17 {
            return Err(Errno::E2BIG.into());
        }
        out.push(k.read_user_cstr(tid, ptr, 32 * 4096)?);
        addr = addr.checked_add(4).ok_or(SysErr::Errno(Errno::EFAULT))?;
    }
}

/// Implements Linux syscall execve(2).
pub(super) fn execve(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let path = k.read_user_cstr(tid, a[0], crate::vfs::PATH_MAX - 1)?;
    let argv = read_string_array(k, tid, a[1])?;
    let envp = read_string_array(k, tid, a[2])?;
    // Other threads of the process end (de_thread); this one carries on.
    let tgid = k.task(tid)?.tgid;
    let others: Vec<Pid> = k
        .tasks
        .values()
        .filter(|t| t.tgid == tgid && t.tid != tid)
        .map(|t| t.tid)
        .collect();
    loader::execve(k, tid, &path, argv, &envp)?;
    for other in others {
        k.tasks.remove(&other);
    }
    super::ptrace::on_exec(k, tid, tid);
    // The new program starts with eax = 0.
    Ok(0)
}

fn wait_status_matches(k: &Kernel, waiter: &Task, child: &Task, pid: i32, options: u32) -> bool {
    let _ = k;
    child.ppid == waiter.tgid
        && child.is_leader()
        // `eligible_child`: a clone child (no SIGCHLD at exit) needs
        // __WCLONE, any other its absence; __WALL takes both.
        && (options & __WALL != 0 || (child.exit_signal != sig::SIGCHLD) == (options & __WCLONE != 0))
        && match pid {
            -1 => true,
            0 => child.pgid == waiter.pgid,
            p if p > 0 => child.tgid == p as u32,
            p => child.pgid == p.unsigned_abs(),
        }
}

/// Finds a child with something to report for `wait4`/`waitid`: an exit
/// (`WEXITED`), a stop (`WUNTRACED`) or a continue (`WCONTINUED`); its pid,
/// wait status and real uid. `Ok(None)` if there are children but none has.
fn reap(k: &mut Kernel, tid: Pid, pid: i32, options: u32) -> SysResult<Option<(Pid, u32, u32)>> {
    // Tracees report their ptrace-stops to the tracer (ptrace(2)).
    let (traced, report) = super::ptrace::wait_report(k, tid, pid, options);
    if report.is_some() {
        return Ok(report);
    }
    let waiter = k.task(tid)?;
    let mut any = traced;
    let mut found = None;
    for child in k.tasks.values() {
        if wait_status_matches(k, waiter, child, pid, options) {
            if let State::Zombie(status) = child.state {
                // A tracer collects the exit first (ptrace(2)).
                if super::ptrace::exit_unreported(child) {
                    any = true;
                    continue;
                }
                // Without WEXITED a zombie is nothing to wait for: alone,
                // it gives ECHILD (`wait_task_zombie`).
                if options & WEXITED != 0 {
                    any = true;
                    found = Some((child.tid, status, child.creds.uid, true));
                    break;
                }
                continue;
            }
            any = true;
            // Job control: a stop (WUNTRACED) or continue (WCONTINUED)
            // not yet reported, reported once (wait_task_stopped/continued).
            let wanted = match child.wait_report {
                Some(0xffff) => options & WCONTINUED != 0,
                Some(_) => options & WUNTRACED != 0,
                None => false,
            };
            if wanted && let Some(status) = child.wait_report {
                found = Some((child.tid, status, child.creds.uid, false));
                break;
            }
        }
    }
    if !any {
        return Err(Errno::ECHILD.into());
    }
    if let Some((child, _, _, zombie)) = found
        && options & WNOWAIT == 0
    {
        if zombie {
            // Its processor time, and its children's, become the waiter's
            // children's time (`wait_task_zombie`).
            let spent = k.tasks.remove(&child).map_or(0, |c| {
                c.usage.process_ns.saturating_add(c.usage.children_ns)
            });
            let tgid = k.task(tid)?.tgid;
            if let Some(leader) = k.tasks.get_mut(&tgid) {
                leader.usage.children_ns = leader.usage.children_ns.saturating_add(spent);
            }
        } else if let Some(t) = k.tasks.get_mut(&child) {
            t.wait_report = None;
        }
    }
    Ok(found.map(|(child, status, uid, _)| (child, status, uid)))
}

/// Implements Linux syscall wait4(2).
pub(super) fn wait4(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (pid, status_addr, options) = (a[0] as i32, a[1], a[2]);
    let wanted = WEXITED | options & (WNOWAIT | WUNTRACED | WCONTINUED | __WALL | __WCLONE);
    match reap(k, tid, pid, wanted)? {
        Some((child, status, _)) => {
            if status_addr != 0 {
                k.write_user_u32(tid, status_addr, status)?;
            }
            if a[3] != 0 {
                k.write_user(tid, a[3], &[0u8; crate::abi::structs::Rusage::SIZE])?;
            }
            Ok(child)
        }
        None if options & WNOHANG != 0 => Ok(0),
        None => Err(SysErr::Block(Wait::Child)),
    }
}

/// Implements Linux syscall waitid(2).
pub(super) fn waitid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (idtype, id, info_addr, options, rusage) = (a[0], a[1], a[2], a[3], a[4]);
    let known =
        WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | __WNOTHREAD | __WALL | __WCLONE;
    let pid = match idtype {
        _ if options & !known != 0 || options & (WEXITED | WSTOPPED | WCONTINUED) == 0 => None,
        P_ALL => Some(-1),
        P_PID => i32::try_from(id).ok().filter(|id| *id != 0),
        // P_PGID 0 is the caller's group (Linux 5.4).
        P_PGID => i32::try_from(id).ok().map(|id| -id),
        _ => None,
    };
    let found = match pid {
        None => Err(Errno::EINVAL),
        Some(pid) => match reap(
            k,
            tid,
            pid,
            options & (WNOWAIT | WSTOPPED | WCONTINUED | WEXITED | __WALL | __WCLONE),
        ) {
            Ok(None) if options & WNOHANG == 0 => return Err(SysErr::Block(Wait::Child)),
            Ok(found) => Ok(found),
            Err(SysErr::Errno(e)) => Err(e),
            Err(other) => return Err(other),
        },
    };
    // The siginfo is written whatever the outcome: zeros unless a child is
    // reported (`SYSCALL_DEFINE5(waitid)`).
    let info = match found {
        Ok(Some((child, status, uid))) => {
            signal::child_info(sig::SIGCHLD, child, uid, status).to_bytes()
        }
        _ => [0; sig::SigInfo::SIZE],
    };
    if info_addr != 0 {
        k.write_user(tid, info_addr, &info)?;
    }
    found?;
    if rusage != 0 {
        k.write_user(tid, rusage, &[0u8; crate::abi::structs::Rusage::SIZE])?;
    }
    Ok(0)
}

/// Implements Linux syscall waitpid(2).
pub(super) fn waitpid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    wait4(k, tid, [a[0], a[1], a[2], 0, 0, 0])
}

/// Implements Linux syscall getpid(2).
pub(super) fn getpid(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(k.task(tid)?.tgid)
}

/// Implements Linux syscall gettid(2).
pub(super) fn gettid(_: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(tid)
}

/// Implements Linux syscall getppid(2).
pub(super) fn getppid(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(k.task(tid)?.ppid)
}

/// Implements Linux syscall getuid(2).
pub(super) fn getuid(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(k.task(tid)?.creds.uid)
}

/// Implements Linux syscall geteuid(2).
pub(super) fn geteuid(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(k.task(tid)?.creds.euid)
}

/// Implements Linux syscall getgid(2).
pub(super) fn getgid(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(k.task(tid)?.creds.gid)
}

/// Implements Linux syscall getegid(2).
pub(super) fn getegid(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(k.task(tid)?.creds.egid)
}

/// Implements Linux syscall getresuid(2).
pub(super) fn getresuid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let c = k.task(tid)?.creds.clone();
    k.write_user_u32(tid, a[0], c.uid)?;
    k.write_user_u32(tid, a[1], c.euid)?;
    k.write_user_u32(tid, a[2], c.suid)?;
    Ok(0)
}

/// Implements Linux syscall getresgid(2).
pub(super) fn getresgid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let c = k.task(tid)?.creds.clone();
    k.write_user_u32(tid, a[0], c.gid)?;
    k.write_user_u32(tid, a[1], c.egid)?;
    k.write_user_u32(tid, a[2], c.sgid)?;
    Ok(0)
}

/// Applies setres[ug]id's rule: unprivileged callers may only pick values
/// among their current real, effective and saved ids; -1 keeps a value.
fn set_ids(privileged: bool, current: [u32; 3], want: [u32; 3]) -> SysResult<[u32; 3]> {
    let mut out = current;
    for (slot, w) in out.iter_mut().zip(want) {
        if w == u32::MAX {
            continue;
        }
        if !privileged && !current.contains(&w) {
            return Err(Errno::EPERM.into());
        }
        *slot = w;
    }
    Ok(out)
}

/// Implements Linux syscall setresuid(2).
pub(super) fn setresuid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let task = k.task_mut(tid)?;
    let c = &mut task.creds;
    [c.uid, c.euid, c.suid] = set_ids(c.euid == 0, [c.uid, c.euid, c.suid], [a[0], a[1], a[2]])?;
    Ok(0)
}

/// Implements Linux syscall setresgid(2).
pub(super) fn setresgid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let task = k.task_mut(tid)?;
    let c = &mut task.creds;
    [c.gid, c.egid, c.sgid] = set_ids(c.euid == 0, [c.gid, c.egid, c.sgid], [a[0], a[1], a[2]])?;
    Ok(0)
}

/// Implements Linux syscall setuid(2): root sets all three ids.
pub(super) fn setuid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let task = k.task_mut(tid)?;
    let c = &mut task.creds;
    if c.euid == 0 {
        [c.uid, c.euid, c.suid] = [a[0]; 3];
    } else if a[0] == c.uid || a[0] == c.suid {
        c.euid = a[0];
    } else {
        return Err(Errno::EPERM.into());
    }
    Ok(0)
}

/// Implements Linux syscall setgid(2).
pub(super) fn setgid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let task = k.task_mut(tid)?;
    let c = &mut task.creds;
    if c.euid == 0 {
        [c.gid, c.egid, c.sgid] = [a[0]; 3];
    } else if a[0] == c.gid || a[0] == c.sgid {
        c.egid = a[0];
    } else {
        return Err(Errno::EPERM.into());
    }
    Ok(0)
}

/// Implements Linux syscall getgroups(2).
pub(super) fn getgroups(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    groups_out(k, tid, a, |g| g.to_le_bytes().to_vec())
}

/// getgroups with each id written as `encode` gives it (the 16-bit call
/// writes two bytes).
pub(super) fn groups_out(
    k: &mut Kernel,
    tid: Pid,
    a: Args,
    encode: impl Fn(u32) -> Vec<u8>,
) -> SysResult {
    let groups = k.task(tid)?.creds.groups.clone();
    if a[0] == 0 {
        return Ok(groups.len() as u32);
    }
    if (a[0] as usize) < groups.len() {
        return Err(Errno::EINVAL.into());
    }
    let bytes: Vec<u8> = groups.iter().flat_map(|g| encode(*g)).collect();
    k.write_user(tid, a[1], &bytes)?;
    Ok(groups.len() as u32)
}

/// Implements Linux syscall setgroups(2).
pub(super) fn setgroups(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    groups_in(k, tid, a, 4, |c| {
        u32::from_le_bytes([c[0], c[1], c[2], c[3]])
    })
}

/// setgroups with ids of `width` bytes, each read as `decode` gives it.
pub(super) fn groups_in(
    k: &mut Kernel,
    tid: Pid,
    a: Args,
    width: usize,
    decode: impl Fn(&[u8]) -> u32,
) -> SysResult {
    if k.task(tid)?.creds.euid != 0 {
        return Err(Errno::EPERM.into());
    }
    if a[0] > 65536 {
        return Err(Errno::EINVAL.into());
    }
    let raw = k.read_user(tid, a[1], a[0] as usize * width)?;
    let mut groups: Vec<u32> = raw.chunks_exact(width).map(decode).collect();
    // -1 is no group (`gid_valid`).
    if groups.contains(&u32::MAX) {
        return Err(Errno::EINVAL.into());
    }
    // Kept sorted, as `groups_sort` keeps them.
    groups.sort_unstable();
    k.task_mut(tid)?.creds.groups = groups;
    Ok(0)
}

/// Implements Linux syscall setpgid(2).
pub(super) fn setpgid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let caller = k.task(tid)?.tgid;
    let target = if a[0] == 0 { caller } else { a[0] };
    let pgid = if a[1] == 0 { target } else { a[1] };
    if (a[1] as i32) < 0 {
        return Err(Errno::EINVAL.into());
    }
    let task = k
        .tasks
        .values_mut()
        .find(|t| t.tgid == target && t.is_leader())
        .ok_or(SysErr::Errno(Errno::ESRCH))?;
    if task.tgid != caller && task.ppid != caller {
        return Err(Errno::ESRCH.into());
    }
    task.pgid = pgid;
    Ok(0)
}

/// Implements Linux syscall getpgid(2).
pub(super) fn getpgid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let target = if a[0] == 0 { k.task(tid)?.tgid } else { a[0] };
    k.tasks
        .values()
        .find(|t| t.tgid == target)
        .map(|t| t.pgid)
        .ok_or(SysErr::Errno(Errno::ESRCH))
}

/// Implements Linux syscall getpgrp(2).
pub(super) fn getpgrp(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(k.task(tid)?.pgid)
}

/// Implements Linux syscall getsid(2).
pub(super) fn getsid(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let target = if a[0] == 0 { k.task(tid)?.tgid } else { a[0] };
    k.tasks
        .values()
        .find(|t| t.tgid == target)
        .map(|t| t.sid)
        .ok_or(SysErr::Errno(Errno::ESRCH))
}

/// Implements Linux syscall setsid(2).
pub(super) fn setsid(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    let tgid = k.task(tid)?.tgid;
    if k.tasks.values().any(|t| t.pgid == tgid && t.tgid != tgid)
        || k.task(tid)?.pgid == tgid && k.task(tid)?.sid != tgid && tgid != k.init
    {
        return Err(Errno::EPERM.into());
    }
    for t in k.tasks.values_mut().filter(|t| t.tgid == tgid) {
        t.sid = tgid;
        t.pgid = tgid;
        // A new session starts without a controlling terminal (`proc_clear_tty`).
        t.ctty = None;
    }
    Ok(tgid)
}

/// Implements Linux syscall set_tid_address(2).
pub(super) fn set_tid_address(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    k.task_mut(tid)?.clear_child_tid = a[0];
    Ok(tid)
}

/// Implements Linux syscall uname(2). The machine is what an x86-64
/// kernel tells a 32-bit process: x86_64, or i686 under the PER_LINUX32
/// persona (`override_architecture`), as Debian i386 on today's PCs sees.
pub(super) fn uname(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    use crate::abi::flags::misc::{PER_LINUX32, PER_MASK};
    let linux32 = k.task(tid)?.personality & PER_MASK == PER_LINUX32;
    let uts = Utsname {
        sysname: uts_field("Linux"),
        nodename: uts_field("tabvm"),
        release: uts_field("6.1.0-tabvm"),
        version: uts_field("#1 SMP PREEMPT_DYNAMIC tabvm"),
        machine: uts_field(if linux32 { "i686" } else { "x86_64" }),
        domainname: uts_field("(none)"),
    };
    k.write_user(tid, a[0], &uts.to_bytes())?;
    Ok(0)
}

/// Implements Linux syscall sysinfo(2).
pub(super) fn sysinfo(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let uptime = (k.host.monotonic_ns().saturating_sub(k.boot_ns) / 1_000_000_000) as i32;
    let total = k.config.memory_limit.min(u64::from(u32::MAX)) as u32;
    let used = (k.mem.frames_in_use() as u64 * 4096).min(u64::from(total)) as u32;
    let info = Sysinfo {
        uptime,
        totalram: total,
        freeram: total - used,
        procs: k.tasks.len().min(usize::from(u16::MAX)) as u16,
        mem_unit: 1,
        ..Sysinfo::default()
    };
    k.write_user(tid, a[0], &info.to_bytes())?;
    Ok(0)
}

/// The limits every process starts with (Debian's defaults).
fn rlimit(resource: u32, k: &Kernel) -> Option<(u64, u64)> {
    let inf = u64::MAX;
    Some(match resource {
        RLIMIT_STACK => (8 << 20, inf),
        RLIMIT_NOFILE => (crate::task::MAX_FDS as u64, crate::task::MAX_FDS as u64),
        RLIMIT_NPROC => (k.config.max_tasks as u64, k.config.max_tasks as u64),
        RLIMIT_CORE => (0, inf),
        RLIMIT_MEMLOCK => (8 << 20, 8 << 20),
        RLIMIT_SIGPENDING => (63_000, 63_000),
        // `MQ_BYTES_MAX`.
        RLIMIT_MSGQUEUE => (819_200, 819_200),
        RLIMIT_NICE | RLIMIT_RTPRIO => (0, 0),
        r if r <= RLIMIT_RTTIME => (inf, inf),
        _ => return None,
    })
}

/// `resource`'s limit for task `tid`: what its process set, else the
/// built-in one. EINVAL for an unknown resource.
pub(crate) fn task_rlimit(k: &Kernel, tid: Pid, resource: u32) -> SysResult<(u64, u64)> {
    let builtin = rlimit(resource, k).ok_or(SysErr::Errno(Errno::EINVAL))?;
    let set = k
        .task(tid)?
        .rlimits
        .borrow()
        .get(resource as usize)
        .copied()
        .flatten();
    Ok(set.unwrap_or(builtin))
}

/// Implements Linux syscall ugetrlimit(2).
pub(super) fn ugetrlimit(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (cur, max) = task_rlimit(k, tid, a[0])?;
    let clamp = |v: u64| u32::try_from(v).unwrap_or(RLIM_INFINITY);
    k.write_user(
        tid,
        a[1],
        &Rlimit {
            cur: clamp(cur),
            max: clamp(max),
        }
        .to_bytes(),
    )?;
    Ok(0)
}

/// Largest `RLIMIT_NOFILE` (`fs.nr_open`'s default).
const NR_OPEN: u64 = 1 << 20;

/// Implements Linux syscall prlimit64(2): reads and sets the limits of the
/// caller's or another process (root, or the same real uid), checked as
/// `do_prlimit` (kernel/sys.c) does; the values are kept and inherited;
/// `RLIMIT_NOFILE` bounds new descriptors, the others are not enforced
/// beyond the built-in limits.
pub(super) fn prlimit64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let target = if a[0] == 0 {
        tid
    } else {
        let target = k
            .tasks
            .values()
            .find(|t| t.tgid == a[0] && t.is_leader())
            .ok_or(SysErr::Errno(Errno::ESRCH))?;
        let (caller, owner) = (&k.task(tid)?.creds, &target.creds);
        if caller.euid != 0 && (caller.uid != owner.uid || caller.uid != owner.euid) {
            return Err(Errno::EPERM.into());
        }
        target.tid
    };
    let (cur, max) = task_rlimit(k, target, a[1])?;
    if a[2] != 0 {
        let raw = k.read_user(tid, a[2], Rlimit64::SIZE)?;
        let new = Rlimit64::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
        if new.cur > new.max {
            return Err(Errno::EINVAL.into());
        }
        let root = k.task(tid)?.creds.euid == 0;
        if (a[1] == RLIMIT_NOFILE && new.max > NR_OPEN) || (new.max > max && !root) {
            return Err(Errno::EPERM.into());
        }
        if let Some(slot) = k.task(target)?.rlimits.borrow_mut().get_mut(a[1] as usize) {
            *slot = Some((new.cur, new.max));
        }
        if a[1] == RLIMIT_NOFILE {
            k.task(target)?.files.borrow_mut().set_limit(new.cur);
        }
    }
    if a[3] != 0 {
        k.write_user(tid, a[3], &Rlimit64 { cur, max }.to_bytes())?;
    }
    Ok(0)
}

/// Implements Linux syscall sched_yield(2).
pub(super) fn sched_yield(_: &mut Kernel, _: Pid, _: Args) -> SysResult {
    Ok(0)
}

/// Implements Linux syscall sched_getaffinity(2): one CPU.
pub(super) fn sched_getaffinity(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[1] < 4 {
        return Err(Errno::EINVAL.into());
    }
    k.write_user(tid, a[2], &1u32.to_le_bytes())?;
    Ok(4)
}

/// Implements Linux syscall getrandom(2).
pub(super) fn getrandom(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let mut buf = vec![0u8; (a[1] as usize).min(1 << 20)];
    k.host.random(&mut buf);
    k.write_user(tid, a[0], &buf)?;
    Ok(buf.len() as u32)
}

/// Implements Linux syscall kill(2).
pub(super) fn kill(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (pid, signo) = (a[0] as i32, a[1]);
    let caller_pgid = k.task(tid)?.pgid;
    let caller_tgid = k.task(tid)?.tgid;
    let to = match pid {
        0 => Recipients::Group(caller_pgid),
        -1 => Recipients::AllBut(caller_tgid),
        p if p > 0 => Recipients::Process(p as u32),
        p => Recipients::Group(p.unsigned_abs()),
    };
    signal_recipients(k, tid, to, signo)
}

/// Whom `kill` signals.
#[derive(Clone, Copy)]
pub(super) enum Recipients {
    /// One process.
    Process(Pid),
    /// A process group.
    Group(Pid),
    /// Every process but init and the caller's (`kill(-1, ...)`).
    AllBut(Pid),
}

/// Sends `signo` as `kill` does (`kill_something_info`): EINVAL for a bad
/// signal, ESRCH when nobody matches, EPERM when one process (or every
/// member of a group) may not be signalled; `AllBut` skips those silently.
/// A zombie is still there to be signalled, to no effect (its pid lives
/// until it is reaped).
pub(super) fn signal_recipients(k: &mut Kernel, tid: Pid, to: Recipients, signo: u32) -> SysResult {
    if signo > sig::NSIG {
        return Err(Errno::EINVAL.into());
    }
    let targets: Vec<Pid> = k
        .tasks
        .values()
        .filter(|t| t.is_leader())
        .filter(|t| match to {
            Recipients::Process(p) => t.tgid == p,
            Recipients::Group(g) => t.pgid == g,
            Recipients::AllBut(me) => t.tgid != 1 && t.tgid != me,
        })
        .map(|t| t.tid)
        .collect();
    if targets.is_empty() {
        return Err(Errno::ESRCH.into());
    }
    let allowed: Vec<Pid> = targets
        .iter()
        .copied()
        .filter(|&t| may_signal(k, tid, t, signo))
        .collect();
    if allowed.is_empty() && !matches!(to, Recipients::AllBut(_)) {
        return Err(Errno::EPERM.into());
    }
    if signo != 0 {
        let info = sender_info(k, tid, signo, signal::SI_USER)?;
        for target in allowed {
            if !k
                .tasks
                .get(&target)
                .is_some_and(|t| matches!(t.state, State::Zombie(_)))
            {
                signal::send_process(k, target, signo, info);
            }
        }
    }
    Ok(0)
}

/// Whether `tid` may send `signo` to `target` (`check_kill_permission`):
/// root may signal anyone; others need their real or effective uid to be
/// the target's real or saved uid (`kill_ok_by_cred`), except SIGCONT
/// within a session.
pub(super) fn may_signal(k: &Kernel, tid: Pid, target: Pid, signo: u32) -> bool {
    let (Some(from), Some(to)) = (k.tasks.get(&tid), k.tasks.get(&target)) else {
        return false;
    };
    let (c, t) = (&from.creds, &to.creds);
    c.euid == 0
        || from.tgid == to.tgid
        || [c.euid, c.uid].iter().any(|u| *u == t.uid || *u == t.suid)
        || (signo == sig::SIGCONT && from.sid == to.sid)
}

/// The `siginfo` of a signal sent by `tid` (`_kill`: its pid and uid).
fn sender_info(k: &Kernel, tid: Pid, signo: u32, code: i32) -> SysResult<sig::SigInfo> {
    let task = k.task(tid)?;
    Ok(sig::SigInfo::new(
        signo,
        code,
        sig::SigFields::Kill {
            pid: task.tgid,
            uid: task.creds.uid,
        },
    ))
}

/// Implements Linux syscall tkill(2).
pub(super) fn tkill(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[1] > sig::NSIG {
        return Err(Errno::EINVAL.into());
    }
    if !k.tasks.contains_key(&a[0]) {
        return Err(Errno::ESRCH.into());
    }
    if !may_signal(k, tid, a[0], a[1]) {
        return Err(Errno::EPERM.into());
    }
    if a[1] != 0 {
        let info = sender_info(k, tid, a[1], signal::SI_TKILL)?;
        signal::send(k, a[0], a[1], info);
    }
    Ok(0)
}

/// Implements Linux syscall tgkill(2).
pub(super) fn tgkill(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if k.tasks.get(&a[1]).is_none_or(|t| t.tgid != a[0]) {
        return Err(Errno::ESRCH.into());
    }
    tkill(k, tid, [a[1], a[2], 0, 0, 0, 0])
}

/// Implements Linux syscall rt_sigaction(2).
pub(super) fn rt_sigaction(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (signo, new, old, size) = (a[0], a[1], a[2], a[3]);
    if size != 8 || !sig::is_valid(signo) {
        return Err(Errno::EINVAL.into());
    }
    let new_action = if new == 0 {
        None
    } else {
        if signo == sig::SIGKILL || signo == sig::SIGSTOP {
            return Err(Errno::EINVAL.into());
        }
        let raw = k.read_user(tid, new, 20)?;
        let w = |i: usize| u32::from_le_bytes([raw[i], raw[i + 1], raw[i + 2], raw[i + 3]]);
        Some(SigAction {
            handler: w(0),
            flags: w(4),
            restorer: w(8),
            mask: u64::from(w(12)) | (u64::from(w(16)) << 32),
        })
    };
    let task = k.task(tid)?;
    let previous = task.sighand.borrow()[signo as usize - 1];
    if let Some(action) = new_action {
        task.sighand.borrow_mut()[signo as usize - 1] = action;
    }
    if old != 0 {
        let mut raw = [0u8; 20];
        raw[0..4].copy_from_slice(&previous.handler.to_le_bytes());
        raw[4..8].copy_from_slice(&previous.flags.to_le_bytes());
        raw[8..12].copy_from_slice(&previous.restorer.to_le_bytes());
        raw[12..20].copy_from_slice(&previous.mask.to_le_bytes());
        k.write_user(tid, old, &raw)?;
    }
    Ok(0)
}

/// Implements Linux syscall rt_sigprocmask(2).
pub(super) fn rt_sigprocmask(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (how, new, old, size) = (a[0], a[1], a[2], a[3]);
    if size != 8 {
        return Err(Errno::EINVAL.into());
    }
    let current = k.task(tid)?.sigmask;
    let updated = if new == 0 {
        current
    } else {
        let raw = k.read_user(tid, new, 8)?;
        let set = SigSet(u64::from_le_bytes(
            raw.try_into().map_err(|_| SysErr::Errno(Errno::EFAULT))?,
        ));
        match how {
            sig::SIG_BLOCK => SigSet(current.0 | set.0),
            sig::SIG_UNBLOCK => SigSet(current.0 & !set.0),
            sig::SIG_SETMASK => set,
            _ => return Err(Errno::EINVAL.into()),
        }
        .blockable()
    };
    if old != 0 {
        k.write_user(tid, old, &current.0.to_le_bytes())?;
    }
    k.task_mut(tid)?.sigmask = updated;
    Ok(0)
}

/// Implements Linux syscall sigaltstack(2).
pub(super) fn sigaltstack(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    const SS_ONSTACK: u32 = 1;
    const SS_DISABLE: u32 = 2;
    const MINSIGSTKSZ: u32 = 2048;
    let task = k.task(tid)?;
    let current = task.altstack;
    let esp = task.cpu.regs[tabvm_cpu::state::reg::ESP];
    let on_stack = current.is_some_and(|(base, size)| esp.wrapping_sub(base) < size);
    if a[0] != 0 {
        let raw = k.read_user(tid, a[0], 12)?;
        let w = |i: usize| u32::from_le_bytes([raw[i], raw[i + 1], raw[i + 2], raw[i + 3]]);
        let (sp, flags, size) = (w(0), w(4), w(8));
        if on_stack {
            return Err(Errno::EPERM.into());
        }
        let new = match flags {
            SS_DISABLE => None,
            0 | SS_ONSTACK => {
                if size < MINSIGSTKSZ {
                    return Err(Errno::ENOMEM.into());
                }
                Some((sp, size))
            }
            _ => return Err(Errno::EINVAL.into()),
        };
        k.task_mut(tid)?.altstack = new;
    }
    if a[1] != 0 {
        let (sp, size) = current.unwrap_or((0, 0));
        let flags = if current.is_none() {
            SS_DISABLE
        } else if on_stack {
            SS_ONSTACK
        } else {
            0
        };
        let mut raw = [0u8; 12];
        raw[0..4].copy_from_slice(&sp.to_le_bytes());
        raw[4..8].copy_from_slice(&flags.to_le_bytes());
        raw[8..12].copy_from_slice(&size.to_le_bytes());
        k.write_user(tid, a[1], &raw)?;
    }
    Ok(0)
}

/// Implements Linux syscall sigreturn(2).
pub(super) fn sigreturn(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    signal::sigreturn(k, tid, false).map_err(|()| {
        signal::force(k, tid, sig::SIGSEGV, signal::SI_KERNEL, 0);
        SysErr::Errno(Errno::EFAULT)
    })
}

/// Implements Linux syscall rt_sigreturn(2).
pub(super) fn rt_sigreturn(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    signal::sigreturn(k, tid, true).map_err(|()| {
        signal::force(k, tid, sig::SIGSEGV, signal::SI_KERNEL, 0);
        SysErr::Errno(Errno::EFAULT)
    })
}

/// Implements Linux syscall rt_sigsuspend(2): waits with a temporary mask
/// until a signal is delivered (then EINTR, with the old mask restored by
/// the handler's sigreturn).
pub(super) fn rt_sigsuspend(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    if a[1] != 8 {
        return Err(Errno::EINVAL.into());
    }
    let raw = k.read_user(tid, a[0], 8)?;
    let mask = SigSet(u64::from_le_bytes(
        raw.try_into().map_err(|_| SysErr::Errno(Errno::EFAULT))?,
    ))
    .blockable();
    let task = k.task_mut(tid)?;
    if task.saved_sigmask.is_none() {
        task.saved_sigmask = Some(task.sigmask);
    }
    task.sigmask = mask;
    if SigSet(task.pending.0 & !mask.0).is_empty() {
        return Err(SysErr::Block(Wait::Sleep));
    }
    // A signal is deliverable under the temporary mask: its handler's frame
    // records the caller's own mask, which sigreturn restores.
    Err(Errno::EINTR.into())
}

/// Implements Linux syscall pause(2).
pub(super) fn pause(_: &mut Kernel, _: Pid, _: Args) -> SysResult {
    Err(SysErr::Block(Wait::Sleep))
}
