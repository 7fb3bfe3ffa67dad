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
        }
    }
}

/// Whether `task` is in a ptrace-stop (the scheduler skips it).
pub(crate) fn is_stopped(task: &Task) -> bool {
    task.ptrace.as_ref().is_some_and(|t| t.stop.is_some())
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
    for task in k.tasks.values_mut() {
        if task.tgid == tracer_tgid
            && matches!(
                task.state,
                State::Blocked {
                    wait: Wait::Child,
                    ..
                }
            )
        {
            task.state = State::Runnable;
        }
    }
}

// ---- hooks the rest of the kernel calls --------------------------------

/// `deliver_pending` took `info` for `tid`: a tracee stops instead
/// (signal-delivery-stop); `parked` is the wait of the call the signal
/// interrupted, kept for when the tracer's signal is delivered.
pub(crate) fn signal_stop(k: &mut Kernel, tid: Pid, info: SigInfo, parked: Option<Wait>) -> bool {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return false;
    };
    if info.signo == sig::SIGKILL || task.ptrace.is_none() {
        return false;
    }
    if let Some(wait) = parked {
        task.state = State::Runnable;
        task.restart_wait = Some(wait);
        // The call the signal interrupts ends first: under PTRACE_SYSCALL
        // its exit stop shows `-ERESTART*`, then the signal stops it (the
        // signal stays pending until then); a restart is a new entry.
        let Some(t) = task.ptrace.as_deref_mut() else {
            return false;
        };
        // Its registers show the call returning `-ERESTART*`.
        t.interrupted = Some(restart_code(wait));
        if std::mem::take(&mut t.in_syscall) && t.resume == Resume::Syscall {
            let status = syscall_status(t.options);
            task.siginfo.insert(info.signo, info);
            task.pending.add(info.signo);
            enter_stop(k, tid, StopKind::SyscallExit, status, None);
            return true;
        }
    }
    enter_stop(
        k,
        tid,
        StopKind::Signal,
        stop_status(info.signo, 0),
        Some(info),
    );
    true
}

/// What an interrupted call returns before the kernel restarts it or
/// turns it into EINTR (`include/linux/errno.h`): `ERESTART_RESTARTBLOCK`
/// for sleeps, `ERESTARTNOHAND` for poll and select, else `ERESTARTSYS`.
fn restart_code(wait: Wait) -> u32 {
    let code: u32 = match wait {
        Wait::Sleep => 516,
        Wait::Poll => 514,
        _ => 512,
    };
    code.wrapping_neg()
}

/// The signal the tracer resumed `tid` with, to be acted on now (`None`
/// if none, or if it is blocked: then it is queued again, as
/// `ptrace_signal` does).
pub(crate) fn take_injected(k: &mut Kernel, tid: Pid) -> Option<SigInfo> {
    let task = k.tasks.get_mut(&tid)?;
    let info = task.ptrace.as_deref_mut()?.inject.take()?;
    if task.sigmask.contains(info.signo) {
        task.siginfo.insert(info.signo, info);
        task.pending.add(info.signo);
        return None;
    }
    Some(info)
}

/// Before signals are delivered to `tid`: none while it is in a
/// ptrace-stop; a trap stop asked while it could not stop is entered now.
/// True if the task is (now) stopped.
pub(crate) fn before_delivery(k: &mut Kernel, tid: Pid) -> bool {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return false;
    };
    let runnable = task.state == State::Runnable;
    let Some(t) = task.ptrace.as_deref_mut() else {
        return false;
    };
    if t.stop.is_some() {
        return true;
    }
    if !t.trap_pending || !runnable {
        return false;
    }
    t.trap_pending = false;
    enter_stop(
        k,
        tid,
        StopKind::Trap,
        stop_status(sig::SIGTRAP, PTRACE_EVENT_STOP),
        None,
    );
    true
}

/// A stop signal's default action on a tracee: a group-stop reported to
/// the tracer (with `PTRACE_EVENT_STOP` when seized). True if traced.
pub(crate) fn group_stop(k: &mut Kernel, tid: Pid, signo: u32) -> bool {
    let Some(seized) = k
        .tasks
        .get(&tid)
        .and_then(|t| t.ptrace.as_ref())
        .map(|t| t.seized)
    else {
        return false;
    };
    let event = if seized { PTRACE_EVENT_STOP } else { 0 };
    let info = SigInfo::new(signo, SI_KERNEL, SigFields::Kill { pid: 0, uid: 0 });
    enter_stop(
        k,
        tid,
        StopKind::Group,
        stop_status(signo, event),
        Some(info),
    );
    true
}

/// What the dispatcher does with a tracee's system call.
pub(crate) enum Enter {
    /// Run the handler.
    Run,
    /// The task stopped at the entry: nothing more now.
    Stopped,
    /// The tracer cancelled the call: it returns this `eax`.
    Skip(u32),
}

/// A tracee is entering a system call (`eip` past its `int 0x80`).
pub(crate) fn syscall_enter(k: &mut Kernel, tid: Pid) -> Enter {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return Enter::Run;
    };
    let eax = task.cpu.regs[reg::EAX];
    let Some(t) = task.ptrace.as_deref_mut() else {
        return Enter::Run;
    };
    if t.in_syscall {
        if std::mem::take(&mut t.skip_syscall) {
            return Enter::Skip(eax);
        }
        t.orig_eax = eax;
        return exit_event(k, tid, eax);
    }
    t.in_syscall = true;
    t.orig_eax = eax;
    if t.resume != Resume::Syscall {
        return exit_event(k, tid, eax);
    }
    let status = syscall_status(t.options);
    task.cpu.regs[reg::EAX] = Errno::ENOSYS.as_neg();
    task.cpu.eip = task.cpu.eip.wrapping_sub(2);
    enter_stop(k, tid, StopKind::SyscallEntry, status, None);
    Enter::Stopped
}

/// exit and exit_group (`nr`) under `PTRACE_O_TRACEEXIT`: a
/// `PTRACE_EVENT_EXIT` stop, its message the exit status, before the task
/// goes (`do_exit`); the call runs when the tracer resumes it.
fn exit_event(k: &mut Kernel, tid: Pid, nr: u32) -> Enter {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return Enter::Run;
    };
    let code = task.cpu.regs[reg::EBX] & 0xff;
    let Some(t) = task.ptrace.as_deref_mut() else {
        return Enter::Run;
    };
    if !matches!(nr, 1 | 252) || t.options & PTRACE_O_TRACEEXIT == 0 || t.exit_reported {
        return Enter::Run;
    }
    t.exit_reported = true;
    t.event_msg = code << 8;
    task.cpu.eip = task.cpu.eip.wrapping_sub(2);
    enter_stop(
        k,
        tid,
        StopKind::Event,
        stop_status(sig::SIGTRAP, PTRACE_EVENT_EXIT),
        None,
    );
    Enter::Stopped
}

/// Whether `t`'s stop has `eip` back on the `int 0x80` of a call that has
/// not run yet (an entry stop, an exit event): the tracer sees it past.
fn rewound(t: &Tracee) -> bool {
    t.stop == Some(StopKind::SyscallEntry) || (t.stop == Some(StopKind::Event) && t.exit_reported)
}

/// A tracee's system call finished (its result is in `eax`): an event it
/// recorded, then the exit stop under `PTRACE_SYSCALL`.
pub(crate) fn syscall_exit(k: &mut Kernel, tid: Pid) {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return;
    };
    if matches!(task.state, State::Zombie(_)) {
        return;
    }
    let Some(t) = task.ptrace.as_deref_mut() else {
        return;
    };
    t.in_syscall = false;
    t.skip_syscall = false;
    // sigreturn and rt_sigreturn (119, 173) restore `orig_eax = -1`
    // with the frame (`restore_sigcontext`).
    if matches!(t.orig_eax, 119 | 173) {
        t.orig_eax = u32::MAX;
    }
    if let Some((event, msg)) = t.event.take() {
        t.event_msg = msg;
        t.exit_due = true;
        enter_stop(
            k,
            tid,
            StopKind::Event,
            stop_status(sig::SIGTRAP, event),
            None,
        );
        return;
    }
    if t.resume == Resume::Syscall {
        let status = syscall_status(t.options);
        enter_stop(k, tid, StopKind::SyscallExit, status, None);
    }
}

/// After a single step of `tid` ran: SIGTRAP (`TRAP_TRACE`), which stops
/// it at once (signal-delivery-stop).
pub(crate) fn stepped(k: &mut Kernel, tid: Pid) {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return;
    };
    let eip = task.cpu.eip;
    // A call that parked, a fault's signal or an exit is not a finished step.
    if task.state != State::Runnable || task.pending.0 & !task.sigmask.blockable().0 != 0 {
        return;
    }
    let Some(t) = task.ptrace.as_deref_mut() else {
        return;
    };
    if t.resume != Resume::Step || t.stop.is_some() {
        return;
    }
    t.resume = Resume::Cont;
    let info = SigInfo::new(sig::SIGTRAP, TRAP_TRACE, SigFields::Fault { addr: eip });
    enter_stop(
        k,
        tid,
        StopKind::Step,
        stop_status(sig::SIGTRAP, 0),
        Some(info),
    );
}

/// `parent` made `child` with clone `flags`: under `PTRACE_O_TRACEFORK`
/// (VFORK, CLONE) the child is traced too, starting stopped, and the
/// parent reports the event with the child's pid (`ptrace_init_task`,
/// `ptrace_event_pid`).
pub(crate) fn on_clone(k: &mut Kernel, parent: Pid, child: Pid, flags: u32) {
    use crate::abi::flags::clone::{CLONE_UNTRACED, CLONE_VFORK};
    let Some(t) = k.tasks.get(&parent).and_then(|t| t.ptrace.as_deref()) else {
        return;
    };
    let (event, option) = if flags & CLONE_VFORK != 0 {
        (PTRACE_EVENT_VFORK, PTRACE_O_TRACEVFORK)
    } else if flags & 0xff == sig::SIGCHLD {
        (PTRACE_EVENT_FORK, PTRACE_O_TRACEFORK)
    } else {
        (PTRACE_EVENT_CLONE, PTRACE_O_TRACECLONE)
    };
    if flags & CLONE_UNTRACED != 0 || t.options & option == 0 {
        return;
    }
    let mut traced = Tracee::new(t.tracer, t.seized, t.options);
    let seized = t.seized;
    if seized {
        traced.trap_pending = true;
    }
    if let Some(task) = k.tasks.get_mut(&child) {
        task.ptrace = Some(Box::new(traced));
        if !seized {
            let info = SigInfo::new(sig::SIGSTOP, SI_KERNEL, SigFields::Kill { pid: 0, uid: 0 });
            task.siginfo.insert(sig::SIGSTOP, info);
            task.pending.add(sig::SIGSTOP);
        }
    }
    if let Some(t) = k
        .tasks
        .get_mut(&parent)
        .and_then(|t| t.ptrace.as_deref_mut())
    {
        t.event = Some((event, child));
    }
}

/// `tid` (formerly `old_tid`) completed an execve: `PTRACE_EVENT_EXEC`
/// under `PTRACE_O_TRACEEXEC`, else a SIGTRAP unless seized
/// (`ptrace_event(PTRACE_EVENT_EXEC, ..)`).
pub(crate) fn on_exec(k: &mut Kernel, tid: Pid, old_tid: Pid) {
    let Some(t) = k.tasks.get_mut(&tid).and_then(|t| t.ptrace.as_deref_mut()) else {
        return;
    };
    if t.options & PTRACE_O_TRACEEXEC != 0 {
        t.event = Some((PTRACE_EVENT_EXEC, old_tid));
    } else if !t.seized {
        let info = SigInfo::new(sig::SIGTRAP, SI_USER, SigFields::Kill { pid: 0, uid: 0 });
        crate::signal::send(k, tid, sig::SIGTRAP, info);
    }
}

/// The process `tgid` became a zombie with `status`: a tracer that is not
/// its parent collects the exit once (then the tracee is detached); a
/// tracing parent finds it among its children.
pub(crate) fn exited(k: &mut Kernel, tgid: Pid, status: u32) {
    let Some(task) = k.tasks.get_mut(&tgid) else {
        return;
    };
    let (ppid, uid) = (task.ppid, task.creds.uid);
    let Some(tracer) = task.ptrace.as_ref().map(|t| t.tracer) else {
        return;
    };
    let tracer_tgid = k.tasks.get(&tracer).map(|t| t.tgid);
    let Some(task) = k.tasks.get_mut(&tgid) else {
        return;
    };
    if tracer_tgid.is_none() || tracer_tgid == Some(ppid) {
        task.ptrace = None;
        return;
    }
    if let Some(t) = task.ptrace.as_deref_mut() {
        t.stop = None;
        t.report = Some(status);
    }
    let info = crate::signal::child_info(sig::SIGCHLD, tgid, uid, status);
    let value = match info.fields {
        SigFields::Chld { status: v, .. } => v as u32,
        _ => 0,
    };
    let code = info.code;
    notify_tracer(k, tracer, tgid, uid, code, value);
}

/// The task `tid` is going away: its tracees are detached, or killed
/// under `PTRACE_O_EXITKILL` (`exit_ptrace`).
pub(crate) fn tracer_gone(k: &mut Kernel, tid: Pid) {
    let tracees: Vec<(Pid, bool)> = k
        .tasks
        .values()
        .filter_map(|t| {
            let p = t.ptrace.as_deref()?;
            (p.tracer == tid && t.tid != tid).then_some((t.tid, p.options & PTRACE_O_EXITKILL != 0))
        })
        .collect();
    for (tracee, kill) in tracees {
        if kill {
            let info = SigInfo::new(sig::SIGKILL, SI_KERNEL, SigFields::Kill { pid: 0, uid: 0 });
            crate::signal::send(k, tracee, sig::SIGKILL, info);
        }
        detach(k, tracee);
    }
}

/// SIGKILL for the process `tgid`: its threads leave any ptrace-stop so
/// that they die.
pub(crate) fn killed(k: &mut Kernel, tgid: Pid) {
    for task in k.tasks.values_mut().filter(|t| t.tgid == tgid) {
        if let Some(t) = task.ptrace.as_deref_mut() {
            t.stop = None;
            t.trap_pending = false;
        }
    }
}

/// For `reap` (wait4/waitid): the tracees of `tid`'s process that `pid`
/// and `options` select; whether there is any, and the first with an
/// uncollected stop (or exit): its tid, wait status and uid. The report is
/// consumed unless `WNOWAIT`.
pub(crate) fn wait_report(
    k: &mut Kernel,
    tid: Pid,
    pid: i32,
    options: u32,
) -> (bool, Option<(Pid, u32, u32)>) {
    let Some(waiter) = k.tasks.get(&tid) else {
        return (false, None);
    };
    let (tgid, pgid) = (waiter.tgid, waiter.pgid);
    let mut any = false;
    let mut found = None;
    for task in k.tasks.values() {
        let Some(t) = task.ptrace.as_deref() else {
            continue;
        };
        if k.tasks.get(&t.tracer).map(|tr| tr.tgid) != Some(tgid) {
            continue;
        }
        let selected = match pid {
            -1 => true,
            0 => task.pgid == pgid,
            p if p > 0 => task.tid == p.unsigned_abs(),
            p => task.pgid == p.unsigned_abs(),
        };
        // `eligible_child`: a clone child (not signalling SIGCHLD at exit)
        // needs __WCLONE, a normal one its absence; __WALL takes both.
        let clone_child = task.exit_signal != sig::SIGCHLD;
        if !selected || (options & __WALL == 0 && clone_child != (options & __WCLONE != 0)) {
            continue;
        }
        any = true;
        if let Some(status) = t.report {
            found = Some((task.tid, status, task.creds.uid));
            break;
        }
    }
    if let Some((child, _, _)) = found
        && options & WNOWAIT == 0
        && let Some(task) = k.tasks.get_mut(&child)
    {
        let zombie = matches!(task.state, State::Zombie(_));
        if zombie {
            task.ptrace = None;
        } else if let Some(t) = task.ptrace.as_deref_mut() {
            t.report = None;
        }
    }
    (any, found)
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
    // A tracee resumed from a group-stop runs again (ptrace(2), "Group-stop").
    task.stopped = false;
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
}

/// POKETEXT/POKEDATA: writes a word even into read-only (text) pages, as
/// `access_process_vm` with `FOLL_FORCE` does; copy-on-write keeps it
/// private. EIO where nothing is mapped.
fn poke(k: &mut Kernel, pid: Pid, addr: u32, word: u32) -> SysResult<()> {
    // Faults the pages in (reading is allowed wherever writing is forced).
    k.read_user(pid, addr, 4)
        .map_err(|_| SysErr::Errno(Errno::EIO))?;
    let bytes = word.to_le_bytes();
    k.with_user_memory(pid, |mm, mem| mm.space.write_force(mem, addr, &bytes))
        .map_err(|_| SysErr::Errno(Errno::EIO))
}

/// The registers as `struct user_regs_struct` (`getreg`): at a syscall
/// entry stop `eip` is past the `int 0x80`, as Linux shows it.
fn user_regs(task: &Task) -> UserRegs {
    let c = &task.cpu;
    let t = task.ptrace.as_deref();
    let entry = t.is_some_and(rewound);
    let interrupted = t.and_then(|t| t.interrupted);
    UserRegs {
        ebx: c.regs[reg::EBX],
        ecx: c.regs[reg::ECX],
        edx: c.regs[reg::EDX],
        esi: c.regs[reg::ESI],
        edi: c.regs[reg::EDI],
        ebp: c.regs[reg::EBP],
        eax: interrupted.unwrap_or(c.regs[reg::EAX]),
        ds: u32::from(c.seg_sel[seg::DS]),
        es: u32::from(c.seg_sel[seg::ES]),
        fs: u32::from(c.seg_sel[seg::FS]),
        gs: u32::from(c.seg_sel[seg::GS]),
        orig_eax: t.map_or(u32::MAX, |t| t.orig_eax),
        eip: if entry || interrupted.is_some() {
            c.eip.wrapping_add(2)
        } else {
            c.eip
        },
        cs: u32::from(USER_CS),
        eflags: c.eflags(),
        esp: c.regs[reg::ESP],
        ss: u32::from(USER_DS),
    }
}

/// Writes one register at `struct user` offset `off` (`putreg`).
fn put_reg(k: &mut Kernel, pid: Pid, off: u32, value: u32) -> SysResult {
    let task = k.task_mut(pid)?;
    let entry = task.ptrace.as_deref().is_some_and(rewound);
    let cpu = &mut task.cpu;
    let segment = |cpu: &mut tabvm_cpu::Cpu, s: usize| -> SysResult {
        // `set_segment`: a null or RPL-3 selector the CPU accepts.
        let sel = (value & 0xffff) as u16;
        if sel != 0 && sel & 3 != 3 {
            return Err(Errno::EIO.into());
        }
        cpu.load_segment(s, sel)
            .map_err(|_| SysErr::Errno(Errno::EIO))?;
        Ok(0)
    };
    match off {
        0 => cpu.regs[reg::EBX] = value,
        4 => cpu.regs[reg::ECX] = value,
        8 => cpu.regs[reg::EDX] = value,
        12 => cpu.regs[reg::ESI] = value,
        16 => cpu.regs[reg::EDI] = value,
        20 => cpu.regs[reg::EBP] = value,
        24 => cpu.regs[reg::EAX] = value,
        28 => return segment(cpu, seg::DS),
        32 => return segment(cpu, seg::ES),
        36 => return segment(cpu, seg::FS),
        40 => return segment(cpu, seg::GS),
        44 => {
            if let Some(t) = task.ptrace.as_deref_mut() {
                t.orig_eax = value;
            }
        }
        48 => cpu.eip = if entry { value.wrapping_sub(2) } else { value },
        // cs and ss: only the flat user selectors exist here.
        52 | 64 if value & 0xffff == 0 => return Err(Errno::EIO.into()),
        56 => {
            let flags = (cpu.eflags() & !EFLAGS_SETTABLE) | (value & EFLAGS_SETTABLE);
            cpu.set_eflags(flags);
        }
        60 => cpu.regs[reg::ESP] = value,
        _ => {}
    }
    Ok(0)
}

/// PTRACE_SETREGS / NT_PRSTATUS: every register, in `struct` order.
fn set_user_regs(k: &mut Kernel, pid: Pid, regs: &UserRegs) -> SysResult {
    let words = [
        regs.ebx,
        regs.ecx,
        regs.edx,
        regs.esi,
        regs.edi,
        regs.ebp,
        regs.eax,
        regs.ds,
        regs.es,
        regs.fs,
        regs.gs,
        regs.orig_eax,
        regs.eip,
        regs.cs,
        regs.eflags,
        regs.esp,
        regs.ss,
    ];
    for (i, word) in words.into_iter().enumerate() {
        put_reg(k, pid, 4 * i as u32, word)?;
    }
    Ok(0)
}

/// PTRACE_PEEKUSER: a register, a debug register (all zero: none are
/// set), or 0 elsewhere in `struct user`; EIO past it or unaligned.
fn peek_user(k: &Kernel, pid: Pid, off: u32) -> SysResult<u32> {
    if off & 3 != 0 || off >= USER_SIZE {
        return Err(Errno::EIO.into());
    }
    if (off as usize) < UserRegs::SIZE {
        let regs = user_regs(k.task(pid)?).to_bytes();
        let i = off as usize;
        return Ok(u32::from_le_bytes([
            regs[i],
            regs[i + 1],
            regs[i + 2],
            regs[i + 3],
        ]));
    }
    let _ = USER_DEBUGREG;
    Ok(0)
}

/// PTRACE_POKEUSER: a register; debug registers take only 0 (no hardware
/// breakpoints here); the rest of `struct user` is ignored.
fn poke_user(k: &mut Kernel, pid: Pid, off: u32, value: u32) -> SysResult {
    if off & 3 != 0 || off >= USER_SIZE {
        return Err(Errno::EIO.into());
    }
    if (off as usize) < UserRegs::SIZE {
        return put_reg(k, pid, off, value);
    }
    if off >= USER_DEBUGREG && value != 0 {
        return Err(Errno::EIO.into());
    }
    Ok(0)
}

/// Guest memory as the x87 unit sees it, for the fnsave image's opcode.
struct FpuMemory<'a> {
    mm: &'a mut crate::mm::Mm,
    mem: &'a mut tabvm_cpu::mmu::Memory,
}

impl tabvm_cpu::x87::X87Env for FpuMemory<'_> {
    fn read(&mut self, addr: u32, buf: &mut [u8]) -> Result<(), tabvm_cpu::Fault> {
        self.mm.space.read(self.mem, addr, buf)
    }
    fn write(&mut self, _: u32, _: &[u8]) -> Result<(), tabvm_cpu::Fault> {
        Ok(())
    }
    fn eflags(&self) -> u32 {
        0
    }
    fn set_zf_pf_cf(&mut self, _: bool, _: bool, _: bool) {}
    fn set_ax(&mut self, _: u16) {}
}

/// `struct user_i387_struct`: the fnsave image of `pid`'s FPU.
fn fp_image(k: &mut Kernel, pid: Pid) -> SysResult<[u8; USER_I387_SIZE]> {
    let task = k.task(pid)?;
    let (x87, mm) = (task.cpu.x87, Rc::clone(&task.mm));
    let mut mm = mm.borrow_mut();
    let mut env = FpuMemory {
        mm: &mut mm,
        mem: &mut k.mem,
    };
    let (image, _) = tabvm_cpu::x87::env::save_image(&x87, true, &mut env);
    Ok(image)
}

/// The `user_desc` of TLS entry `index` (12..=14).
fn tls_desc(task: &Task, index: u32) -> SysResult<[u8; 16]> {
    let first = tabvm_cpu::state::TLS_FIRST as u32;
    let slot = index
        .checked_sub(first)
        .filter(|i| (*i as usize) < tabvm_cpu::state::TLS_COUNT)
        .ok_or(SysErr::Errno(Errno::EIO))?;
    let d = task.cpu.tls[slot as usize];
    let mut raw = [0u8; 16];
    raw[0..4].copy_from_slice(&index.to_le_bytes());
    raw[4..8].copy_from_slice(&d.base.to_le_bytes());
    raw[8..12].copy_from_slice(&d.limit.to_le_bytes());
    raw[12..16].copy_from_slice(&d.flags.to_le_bytes());
    Ok(raw)
}

/// PTRACE_GET_THREAD_AREA: entry `index` as a `user_desc` at `data`.
fn get_thread_area(k: &mut Kernel, tid: Pid, pid: Pid, index: u32, data: u32) -> SysResult {
    let raw = tls_desc(k.task(pid)?, index)?;
    k.write_user(tid, data, &raw)?;
    Ok(0)
}

/// PTRACE_SET_THREAD_AREA: entry `index` from the `user_desc` at `data`.
fn set_thread_area(k: &mut Kernel, tid: Pid, pid: Pid, index: u32, data: u32) -> SysResult {
    let raw = k.read_user(tid, data, 16)?;
    let w = |i: usize| u32::from_le_bytes([raw[i], raw[i + 1], raw[i + 2], raw[i + 3]]);
    let first = tabvm_cpu::state::TLS_FIRST as u32;
    if !(first..first + tabvm_cpu::state::TLS_COUNT as u32).contains(&index) {
        return Err(Errno::EIO.into());
    }
    k.task_mut(pid)?
        .cpu
        .set_tls_descriptor(index as usize, w(4), w(8), w(12))
        .map_err(|_| SysErr::Errno(Errno::EINVAL))?;
    Ok(0)
}

/// PTRACE_GETREGSET / SETREGSET: NT_PRSTATUS (the registers), NT_PRFPREG
/// (the fnsave image) and NT_386_TLS (the three TLS entries), through the
/// `iovec` at `data`, whose length is trimmed to what was moved.
fn regset(k: &mut Kernel, tid: Pid, pid: Pid, request: u32, note: u32, data: u32) -> SysResult {
    let raw = k.read_user(tid, data, RegsetIovec::SIZE)?;
    let iov = RegsetIovec::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
    let (full, unit) = match note {
        NT_PRSTATUS => (UserRegs::SIZE, 4),
        NT_PRFPREG => (USER_I387_SIZE, 4),
        NT_386_TLS => (16 * tabvm_cpu::state::TLS_COUNT, 16),
        _ => return Err(Errno::EINVAL.into()),
    };
    if !(iov.len as usize).is_multiple_of(unit) {
        return Err(Errno::EINVAL.into());
    }
    let len = (iov.len as usize).min(full);
    let current: Vec<u8> = match note {
        NT_PRSTATUS => user_regs(k.task(pid)?).to_bytes().to_vec(),
        NT_PRFPREG => fp_image(k, pid)?.to_vec(),
        _ => {
            let task = k.task(pid)?;
            let first = tabvm_cpu::state::TLS_FIRST as u32;
            let mut out = Vec::new();
            for i in 0..tabvm_cpu::state::TLS_COUNT as u32 {
                out.extend_from_slice(&tls_desc(task, first + i)?);
            }
            out
        }
    };
    if request == PTRACE_GETREGSET {
        k.write_user(tid, iov.base, current.get(..len).unwrap_or_default())?;
    } else {
        let mut new = current.clone();
        let given = k.read_user(tid, iov.base, len)?;
        new[..len].copy_from_slice(&given);
        match note {
            NT_PRSTATUS => {
                let regs = UserRegs::parse(&new).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
                set_user_regs(k, pid, &regs)?;
            }
            NT_PRFPREG => {
                let task = k.task_mut(pid)?;
                tabvm_cpu::x87::env::restore_image(&mut task.cpu.x87, true, &new);
            }
            _ => {
                let first = tabvm_cpu::state::TLS_FIRST as u32;
                for (i, d) in new.chunks_exact(16).enumerate() {
                    let w = |j: usize| u32::from_le_bytes([d[j], d[j + 1], d[j + 2], d[j + 3]]);
                    k.task_mut(pid)?
                        .cpu
                        .set_tls_descriptor((first + i as u32) as usize, w(4), w(8), w(12))
                        .map_err(|_| SysErr::Errno(Errno::EINVAL))?;
                }
            }
        }
    }
    let trimmed = RegsetIovec {
        base: iov.base,
        len: len as u32,
    };
    k.write_user(tid, data, &trimmed.to_bytes())?;
    Ok(0)
}
