//! ptrace(2): one task (the tracer) stops, inspects and resumes another
//! (the tracee), as Linux's `kernel/ptrace.c` and `arch/x86/kernel/ptrace.c`
//! do; man ptrace(2) is the contract.
//!
//! A tracee carries a [`Tracee`] in `Task::ptrace`. A ptrace-stop is
//! `Tracee::stop`: the scheduler skips the task (see [`is_stopped`]) until
//! a restarting request (CONT, SYSCALL, SINGLESTEP, DETACH) or SIGKILL. Each
//! stop leaves a wait status in `Tracee::report` for the tracer's
//! wait4/waitid ([`wait_report`], called by `proc.rs`'s `reap`), sends the
//! tracer SIGCHLD (`CLD_TRAPPED`) and wakes its waits.
//!
//! The stops are entered from hooks the rest of the kernel calls:
//! - signal-delivery-stop: [`signal_stop`], when `deliver_pending` takes a
//!   signal (not SIGKILL); the signal the tracer resumes with comes back
//!   through [`take_injected`] and is acted on without a second stop;
//! - group-stop: [`group_stop`], when a stop signal's default action runs;
//! - syscall-enter/exit-stops: [`syscall_enter`] and [`syscall_exit`]
//!   around the dispatcher. The entry stop rewinds `eip` to the `int 0x80`
//!   and shows `eax = -ENOSYS` (the number is in `orig_eax`); the resume
//!   puts `orig_eax` back in `eax` and the call runs when the instruction
//!   re-executes. `Tracee::in_syscall` marks a call whose entry was
//!   reported, so a call that parks and restarts reports it once;
//! - `PTRACE_EVENT` stops: fork/vfork/clone ([`on_clone`]) and exec
//!   ([`on_exec`]) record an event that [`syscall_exit`] reports before the
//!   exit stop, which then waits for the resume (`Tracee::exit_due`);
//! - `PTRACE_INTERRUPT` / the first stop of a seized child: a trap stop.
//!
//! Single-stepping runs one instruction (`tabvm_cpu::step`; the CPU has no
//! trap flag), then reports SIGTRAP ([`stepped`]).

use super::Args;
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::wait::{__WALL, __WCLONE, WNOWAIT};
use crate::abi::ptrace::{
    EFLAGS_SETTABLE, PeekSiginfoArgs, RegsetIovec, USER_DEBUGREG, USER_FXSR_SIZE, USER_I387_SIZE,
    USER_SIZE, UserRegs, event::*, note::*, opt::*, req::*,
};
use crate::abi::signal::{self as sig, SigFields, SigInfo, SigSet};
use crate::error::{SysErr, SysResult, Wait};
use crate::task::{Pid, State, Task};
use std::rc::Rc;
use tabvm_cpu::state::{USER_CS, USER_DS, reg, seg};

mod hooks;
mod regs;

pub(crate) use hooks::*;
use hooks::{restart_code, rewound};
use regs::*;

/// `si_code` of SIGTRAP after a single step (`TRAP_TRACE`).
const TRAP_TRACE: i32 = 2;
/// `si_code` of a signal sent by a process (`SI_USER`).
const SI_USER: i32 = 0;
/// `si_code` of a kernel-made signal (`SI_KERNEL`).
const SI_KERNEL: i32 = 0x80;

/// The kind of ptrace-stop a tracee is in (ptrace(2), "Stopped states").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StopKind {
    /// signal-delivery-stop: the tracer decides what is delivered.
    Signal,
    /// group-stop (a stop signal's default action).
    Group,
    SyscallEntry,
    SyscallExit,
    /// A `PTRACE_EVENT_*` stop.
    Event,
    /// `PTRACE_INTERRUPT`, or a seized child's first stop
    /// (`PTRACE_EVENT_STOP`).
    Trap,
    /// After a single step.
    Step,
}

/// How the tracer last resumed the tracee.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Resume {
    #[default]
    Cont,
    /// `PTRACE_SYSCALL`: stop at the next syscall entry or exit.
    Syscall,
    /// `PTRACE_SINGLESTEP`.
    Step,
}

/// A task's tracing state, on the tracee.
#[derive(Clone, Debug)]
pub(crate) struct Tracee {
    /// The task that attached (requests are accepted from its thread group).
    pub tracer: Pid,
    seized: bool,
    options: u32,
    stop: Option<StopKind>,
    /// The wait status not yet collected by the tracer.
    report: Option<u32>,
    event_msg: u32,
    /// The `siginfo` of the current stop (`last_siginfo`).
    last_siginfo: Option<SigInfo>,
    resume: Resume,
    /// The entry of the call in progress was reported (or the call began
    /// under tracing): a restart does not report it again.
    in_syscall: bool,
    orig_eax: u32,
    /// The tracer set `orig_eax` to -1 at the entry stop: skip the call.
    skip_syscall: bool,
    /// The signal the tracer resumed a signal-delivery-stop with.
    inject: Option<SigInfo>,
    /// A `PTRACE_EVENT` recorded during a system call: (event, message).
    event: Option<(u32, u32)>,
    /// Stopped for an event inside a system call: its exit stop comes
    /// when resumed with `PTRACE_SYSCALL`.
    exit_due: bool,
    /// A trap stop asked while the tracee could not stop at once.
    trap_pending: bool,
    /// Stopped in a call a signal or `PTRACE_INTERRUPT` interrupted: the
    /// `-ERESTART*` code the tracer sees in `eax` (the call itself
    /// restarts or fails when the signal is acted on).
    interrupted: Option<u32>,
    /// The `PTRACE_EVENT_EXIT` stop of this exit was reported.
    exit_reported: bool,
    /// Left its group-stop by `PTRACE_LISTEN`: still stopped, but SIGCONT
    /// brings it back to the tracer with a `PTRACE_EVENT_STOP` trap.
    listening: bool,
    /// A vfork child (this pid) to report `PTRACE_EVENT_VFORK_DONE` for
    /// once it releases the tracee.
    vfork_done: Option<Pid>,
}

impl Tracee {
    fn new(tracer: Pid, seized: bool, options: u32) -> Tracee {
        Tracee {
            tracer,
            seized,
            options,
            stop: None,
            report: None,
            event_msg: 0,
            last_siginfo: None,
            resume: Resume::Cont,
            in_syscall: false,
            orig_eax: u32::MAX,
            skip_syscall: false,
            inject: None,
            event: None,
            exit_due: false,
            trap_pending: false,
            interrupted: None,
            exit_reported: false,
            listening: false,
            vfork_done: None,
        }
    }
}

/// Whether `task` is in a ptrace-stop (the scheduler skips it).
pub(crate) fn is_stopped(task: &Task) -> bool {
    task.ptrace
        .as_ref()
        .is_some_and(|t| t.stop.is_some() || (t.listening && task.stopped))
}

/// `task` runs user code: a stop from here on is outside a system call,
/// where Linux's register frame has `orig_eax = -1` (exceptions and
/// interrupts push it), until the next call sets it.
pub(crate) fn user_mode(task: &mut Task) {
    if let Some(t) = task.ptrace.as_deref_mut() {
        t.orig_eax = u32::MAX;
    }
}

/// Whether `task` is being single-stepped (it runs one instruction at a
/// time).
pub(crate) fn is_stepping(task: &Task) -> bool {
    task.ptrace
        .as_ref()
        .is_some_and(|t| t.resume == Resume::Step && t.stop.is_none())
}

/// The tracer's pid for `/proc/PID/status` (`TracerPid`), 0 if untraced.
pub(crate) fn tracer_pid(k: &Kernel, task: &Task) -> Pid {
    task.ptrace
        .as_ref()
        .map_or(0, |t| k.tasks.get(&t.tracer).map_or(0, |tr| tr.tgid))
}

/// Wait status of a stop for `signo` with `event` (`signo << 8 | 0x7f`,
/// the event in bits 16..23).
fn stop_status(signo: u32, event: u32) -> u32 {
    (event << 16) | (signo << 8) | 0x7f
}

/// The status of a syscall stop: `SIGTRAP`, `| 0x80` with TRACESYSGOOD.
fn syscall_status(options: u32) -> u32 {
    let signo = if options & PTRACE_O_TRACESYSGOOD != 0 {
        sig::SIGTRAP | 0x80
    } else {
        sig::SIGTRAP
    };
    stop_status(signo, 0)
}

/// Puts `tid` in a ptrace-stop of `kind` reporting `status`, and tells
/// the tracer (`ptrace_stop`, `do_notify_parent_cldstop(.., true, ..)`).
fn enter_stop(k: &mut Kernel, tid: Pid, kind: StopKind, status: u32, info: Option<SigInfo>) {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return;
    };
    let (tgid, uid) = (task.tgid, task.creds.uid);
    let Some(t) = task.ptrace.as_deref_mut() else {
        return;
    };
    t.stop = Some(kind);
    t.report = Some(status);
    t.listening = false;
    if kind == StopKind::Trap {
        t.trap_pending = false;
    }
    // Syscall and event stops describe themselves in si_code
    // (`ptrace_do_notify`).
    t.last_siginfo = Some(info.unwrap_or(SigInfo::new(
        sig::SIGTRAP,
        ((status >> 8) & 0xffff) as i32,
        SigFields::Kill { pid: tgid, uid },
    )));
    let tracer = t.tracer;
    notify_tracer(
        k,
        tracer,
        tid,
        uid,
        sig::code::CLD_TRAPPED,
        (status >> 8) & 0x7f,
    );
}

/// SIGCHLD (unless `SA_NOCLDSTOP` for a stop) to the tracer's process, and
/// its threads' waits woken.
fn notify_tracer(k: &mut Kernel, tracer: Pid, tid: Pid, uid: u32, code: i32, value: u32) {
    let Some(tracer_tgid) = k.tasks.get(&tracer).map(|t| t.tgid) else {
        return;
    };
    let quiet = code == sig::code::CLD_TRAPPED
        && k.tasks.get(&tracer_tgid).is_none_or(|p| {
            p.sighand.borrow()[sig::SIGCHLD as usize - 1].flags & sig::SA_NOCLDSTOP != 0
        });
    if !quiet {
        let info = SigInfo::new(
            sig::SIGCHLD,
            code,
            SigFields::Chld {
                pid: tid,
                uid,
                status: value as i32,
                utime: 0,
                stime: 0,
            },
        );
        crate::signal::send_process(k, tracer_tgid, sig::SIGCHLD, info);
    }
    crate::signal::wake_waiters(k, tracer_tgid);
}

// ---- the system call ---------------------------------------------------

/// Implements Linux syscall ptrace(2).
pub(super) fn ptrace(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (request, pid, addr, data) = (a[0], a[1], a[2], a[3]);
    match request {
        PTRACE_TRACEME => traceme(k, tid),
        PTRACE_ATTACH => attach(k, tid, pid, false, 0),
        PTRACE_SEIZE => {
            if addr != 0 || data & !PTRACE_O_MASK != 0 {
                return Err(Errno::EIO.into());
            }
            attach(k, tid, pid, true, data)
        }
        PTRACE_KILL => {
            tracee(k, tid, pid, false)?;
            let info = SigInfo::new(sig::SIGKILL, SI_KERNEL, SigFields::Kill { pid: 0, uid: 0 });
            crate::signal::send(k, pid, sig::SIGKILL, info);
            Ok(0)
        }
        PTRACE_INTERRUPT => interrupt(k, tid, pid),
        _ => {
            tracee(k, tid, pid, true)?;
            stopped_request(k, tid, request, pid, addr, data)
        }
    }
}

/// The requests for a tracee in a ptrace-stop.
fn stopped_request(
    k: &mut Kernel,
    tid: Pid,
    request: u32,
    pid: Pid,
    addr: u32,
    data: u32,
) -> SysResult {
    match request {
        PTRACE_PEEKTEXT | PTRACE_PEEKDATA => {
            let word = k
                .read_user_u32(pid, addr)
                .map_err(|_| SysErr::Errno(Errno::EIO))?;
            k.write_user_u32(tid, data, word)?;
            Ok(0)
        }
        PTRACE_POKETEXT | PTRACE_POKEDATA => {
            poke(k, pid, addr, data)?;
            Ok(0)
        }
        PTRACE_PEEKUSR => {
            let word = peek_user(k, pid, addr)?;
            k.write_user_u32(tid, data, word)?;
            Ok(0)
        }
        PTRACE_POKEUSR => poke_user(k, pid, addr, data),
        PTRACE_CONT => resume(k, pid, Some(Resume::Cont), data),
        PTRACE_SYSCALL => resume(k, pid, Some(Resume::Syscall), data),
        PTRACE_SINGLESTEP => resume(k, pid, Some(Resume::Step), data),
        PTRACE_DETACH => resume(k, pid, None, data),
        PTRACE_GETREGS => {
            let regs = user_regs(k.task(pid)?);
            k.write_user(tid, data, &regs.to_bytes())?;
            Ok(0)
        }
        PTRACE_SETREGS => {
            let raw = k.read_user(tid, data, UserRegs::SIZE)?;
            let regs = UserRegs::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
            set_user_regs(k, pid, &regs)
        }
        PTRACE_GETFPREGS => {
            let image = fp_image(k, pid)?;
            k.write_user(tid, data, &image)?;
            Ok(0)
        }
        PTRACE_SETFPREGS => {
            let raw = k.read_user(tid, data, USER_I387_SIZE)?;
            let task = k.task_mut(pid)?;
            tabvm_cpu::x87::env::restore_image(&mut task.cpu.x87, true, &raw);
            Ok(0)
        }
        // No FXSR: Linux's xfpregs_get is -ENODEV without it.
        PTRACE_GETFPXREGS | PTRACE_SETFPXREGS => {
            let _ = USER_FXSR_SIZE;
            Err(Errno::ENODEV.into())
        }
        PTRACE_GETREGSET | PTRACE_SETREGSET => regset(k, tid, pid, request, addr, data),
        PTRACE_GET_THREAD_AREA => get_thread_area(k, tid, pid, addr, data),
        PTRACE_SET_THREAD_AREA => set_thread_area(k, tid, pid, addr, data),
        PTRACE_LISTEN => listen(k, pid),
        PTRACE_SETOPTIONS => {
            if data & !PTRACE_O_MASK != 0 {
                return Err(Errno::EINVAL.into());
            }
            with_tracee(k, pid, |t| t.options = data)?;
            Ok(0)
        }
        PTRACE_GETEVENTMSG => {
            let msg = with_tracee(k, pid, |t| t.event_msg)?;
            k.write_user_u32(tid, data, msg)?;
            Ok(0)
        }
        PTRACE_GETSIGINFO => {
            let info = with_tracee(k, pid, |t| t.last_siginfo)?.ok_or(Errno::EINVAL)?;
            k.write_user(tid, data, &info.to_bytes())?;
            Ok(0)
        }
        PTRACE_SETSIGINFO => {
            let raw = k.read_user(tid, data, SigInfo::SIZE)?;
            let info = SigInfo::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
            let had = with_tracee(k, pid, |t| {
                let had = t.last_siginfo.is_some();
                if had {
                    t.last_siginfo = Some(info);
                }
                had
            })?;
            if had {
                Ok(0)
            } else {
                Err(Errno::EINVAL.into())
            }
        }
        PTRACE_PEEKSIGINFO => {
            let raw = k.read_user(tid, addr, PeekSiginfoArgs::SIZE)?;
            let args = PeekSiginfoArgs::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
            if args.nr < 0 || args.flags & !crate::abi::ptrace::PTRACE_PEEKSIGINFO_SHARED != 0 {
                return Err(Errno::EINVAL.into());
            }
            // The queue's entries are not listed one by one here: none.
            Ok(0)
        }
        PTRACE_GETSIGMASK => {
            if addr != 8 {
                return Err(Errno::EINVAL.into());
            }
            let mask = k.task(pid)?.sigmask.0;
            k.write_user(tid, data, &mask.to_le_bytes())?;
            Ok(0)
        }
        PTRACE_SETSIGMASK => {
            if addr != 8 {
                return Err(Errno::EINVAL.into());
            }
            let raw = k.read_user(tid, data, 8)?;
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(&raw);
            k.task_mut(pid)?.sigmask = SigSet(u64::from_le_bytes(bytes)).blockable();
            Ok(0)
        }
        _ => Err(Errno::EIO.into()),
    }
}

/// Runs `f` on `pid`'s tracing state.
fn with_tracee<T>(k: &mut Kernel, pid: Pid, f: impl FnOnce(&mut Tracee) -> T) -> SysResult<T> {
    let t = k
        .task_mut(pid)?
        .ptrace
        .as_deref_mut()
        .ok_or(SysErr::Errno(Errno::ESRCH))?;
    Ok(f(t))
}

/// Checks that `pid` is traced by `tid`'s process and, if `stopped`, in a
/// ptrace-stop (`ptrace_check_attach`): ESRCH otherwise.
fn tracee(k: &Kernel, tid: Pid, pid: Pid, stopped: bool) -> SysResult<()> {
    let me = k.task(tid)?.tgid;
    let task = k.tasks.get(&pid).ok_or(Errno::ESRCH)?;
    let t = task.ptrace.as_deref().ok_or(Errno::ESRCH)?;
    let tracer = k.tasks.get(&t.tracer).map(|tr| tr.tgid);
    if tracer != Some(me) || (stopped && t.stop.is_none()) || matches!(task.state, State::Zombie(_))
    {
        return Err(Errno::ESRCH.into());
    }
    Ok(())
}

/// PTRACE_TRACEME: the parent becomes the tracer.
fn traceme(k: &mut Kernel, tid: Pid) -> SysResult {
    let task = k.task(tid)?;
    if task.ptrace.is_some() {
        return Err(Errno::EPERM.into());
    }
    let parent = task.ppid;
    if !k.tasks.contains_key(&parent) {
        return Err(Errno::EPERM.into());
    }
    k.task_mut(tid)?.ptrace = Some(Box::new(Tracee::new(parent, false, 0)));
    Ok(0)
}

/// `__ptrace_may_access` for attaching: root, or the same real uid and gid
/// as the target's real, effective and saved ids.
fn may_attach(tracer: &Task, target: &Task) -> bool {
    let (me, them) = (&tracer.creds, &target.creds);
    me.euid == 0
        || (me.uid == them.uid
            && me.uid == them.euid
            && me.uid == them.suid
            && me.gid == them.gid
            && me.gid == them.egid
            && me.gid == them.sgid)
}

/// PTRACE_ATTACH / PTRACE_SEIZE (`ptrace_attach`).
fn attach(k: &mut Kernel, tid: Pid, pid: Pid, seize: bool, options: u32) -> SysResult {
    let me = k.task(tid)?;
    let target = k.tasks.get(&pid).ok_or(Errno::ESRCH)?;
    if target.tgid == me.tgid || !may_attach(me, target) {
        return Err(Errno::EPERM.into());
    }
    if matches!(target.state, State::Zombie(_)) || target.ptrace.is_some() {
        return Err(Errno::EPERM.into());
    }
    let job_stopped = target.stopped;
    let task = k.task_mut(pid)?;
    let mut tracee = Tracee::new(tid, seize, options);
    // Parked in a system call (its number still in eax): the call is in
    // progress, as `orig_eax` shows.
    if let State::Blocked { wait, .. } = task.state
        && !matches!(wait, Wait::Disk(_) | Wait::Vfork(_))
    {
        tracee.in_syscall = true;
        tracee.orig_eax = task.cpu.regs[reg::EAX];
    }
    task.ptrace = Some(Box::new(tracee));
    if job_stopped {
        // Already stopped: it turns into a ptrace-stop and reports
        // (JOBCTL_TRAP_STOP | JOBCTL_TRAPPING).
        let event = if seize { PTRACE_EVENT_STOP } else { 0 };
        let info = SigInfo::new(sig::SIGSTOP, SI_KERNEL, SigFields::Kill { pid: 0, uid: 0 });
        enter_stop(
            k,
            pid,
            StopKind::Group,
            stop_status(sig::SIGSTOP, event),
            Some(info),
        );
    } else if !seize {
        let info = SigInfo::new(sig::SIGSTOP, SI_KERNEL, SigFields::Kill { pid: 0, uid: 0 });
        crate::signal::send(k, pid, sig::SIGSTOP, info);
    }
    Ok(0)
}

/// PTRACE_INTERRUPT: a seized tracee stops (`PTRACE_EVENT_STOP`); a call
/// it is parked in restarts after it is resumed.
fn interrupt(k: &mut Kernel, tid: Pid, pid: Pid) -> SysResult {
    tracee(k, tid, pid, false)?;
    let task = k.task_mut(pid)?;
    let Some(t) = task.ptrace.as_deref_mut() else {
        return Err(Errno::ESRCH.into());
    };
    if !t.seized {
        return Err(Errno::EIO.into());
    }
    if t.stop.is_some() {
        return Ok(0);
    }
    match task.state {
        State::Blocked {
            wait: Wait::Disk(_) | Wait::Vfork(_),
            ..
        } => {
            if let Some(t) = task.ptrace.as_deref_mut() {
                t.trap_pending = true;
            }
            return Ok(0);
        }
        State::Blocked { wait, .. } => {
            task.state = State::Runnable;
            task.restart_wait = None;
            // The parked call shows `-ERESTART*` and runs again on resume.
            if let Some(t) = task.ptrace.as_deref_mut() {
                t.interrupted = Some(restart_code(wait));
            }
        }
        _ => {}
    }
    enter_stop(
        k,
        pid,
        StopKind::Trap,
        stop_status(sig::SIGTRAP, PTRACE_EVENT_STOP),
        None,
    );
    Ok(0)
}

/// PTRACE_LISTEN: a seized tracee in a group-stop leaves the ptrace-stop
/// but stays stopped; its next event (SIGCONT) is a `PTRACE_EVENT_STOP`
/// trap. Other stops are EIO (Linux also takes an INTERRUPT's trap).
fn listen(k: &mut Kernel, pid: Pid) -> SysResult {
    let task = k.task_mut(pid)?;
    let Some(t) = task.ptrace.as_deref_mut() else {
        return Err(Errno::ESRCH.into());
    };
    if !t.seized || t.stop != Some(StopKind::Group) {
        return Err(Errno::EIO.into());
    }
    t.stop = None;
    t.report = None;
    t.listening = true;
    t.trap_pending = true;
    task.stopped = true;
    Ok(0)
}

/// PTRACE_CONT/SYSCALL/SINGLESTEP (`mode`) or DETACH (`None`) with signal
/// `data` (`ptrace_resume`, `ptrace_detach`).
fn resume(k: &mut Kernel, pid: Pid, mode: Option<Resume>, data: u32) -> SysResult {
    if data > sig::NSIG {
        return Err(Errno::EIO.into());
    }
    let tracer_tgid = {
        let t = k.task(pid)?.ptrace.as_deref().ok_or(Errno::ESRCH)?;
        k.tasks.get(&t.tracer).map_or(0, |tr| tr.tgid)
    };
    let tracer_uid = k.tasks.get(&tracer_tgid).map_or(0, |t| t.creds.uid);
    let task = k.task_mut(pid)?;
    let Some(t) = task.ptrace.as_deref_mut() else {
        return Err(Errno::ESRCH.into());
    };
    let kind = t.stop.take();
    t.report = None;
    t.interrupted = None;
    if kind == Some(StopKind::SyscallEntry) {
        if t.orig_eax == u32::MAX {
            t.skip_syscall = true;
        } else {
            task.cpu.regs[reg::EAX] = t.orig_eax;
        }
    }
    let mut queue = None;
    if data != 0 {
        match kind {
            Some(StopKind::Signal | StopKind::Step) => {
                let info = match t.last_siginfo {
                    Some(info) if info.signo == data => info,
                    // A different signal comes from the tracer
                    // (`ptrace_signal`).
                    _ => SigInfo::new(
                        data,
                        SI_USER,
                        SigFields::Kill {
                            pid: tracer_tgid,
                            uid: tracer_uid,
                        },
                    ),
                };
                if mode.is_some() {
                    t.inject = Some(info);
                } else {
                    queue = Some(info);
                }
            }
            Some(StopKind::SyscallEntry | StopKind::SyscallExit) => {
                queue = Some(SigInfo::new(
                    data,
                    SI_USER,
                    SigFields::Kill {
                        pid: tracer_tgid,
                        uid: tracer_uid,
                    },
                ));
            }
            _ => {}
        }
    }
    // A tracee resumed from a group-stop runs again (ptrace(2),
    // "Group-stop"); one detached there stays stopped with its process.
    task.stopped = mode.is_none() && kind == Some(StopKind::Group);
    match mode {
        Some(mode) => {
            t.resume = mode;
            if std::mem::take(&mut t.exit_due) && mode == Resume::Syscall {
                let status = syscall_status(t.options);
                enter_stop(k, pid, StopKind::SyscallExit, status, None);
            }
        }
        None => {
            task.ptrace = None;
        }
    }
    if let Some(info) = queue {
        crate::signal::send(k, pid, info.signo, info);
    }
    Ok(0)
}

/// Ends the tracing of `pid` (the tracer went away): it leaves any stop.
fn detach(k: &mut Kernel, pid: Pid) {
    let Some(task) = k.tasks.get_mut(&pid) else {
        return;
    };
    if let Some(t) = task.ptrace.take()
        && t.stop == Some(StopKind::SyscallEntry)
    {
        task.cpu.regs[reg::EAX] = t.orig_eax;
    }
    // An exit the tracer did not collect goes to the parent now; a
    // thread's goes nowhere.
    if matches!(task.state, State::Zombie(_)) && task.tid != task.tgid {
        k.tasks.remove(&pid);
    } else if matches!(task.state, State::Zombie(_)) {
        let parent = task.ppid;
        crate::signal::wake_waiters(k, parent);
    }
}
