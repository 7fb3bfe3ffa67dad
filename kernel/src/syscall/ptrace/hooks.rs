//! The hooks the rest of the kernel calls for ptrace-stops: signal
//! delivery, stop signals, the system call dispatcher, clone, execve, exit
//! and wait (see the module above for the whole picture).

use super::*;

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
pub(super) fn restart_code(wait: Wait) -> u32 {
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
    if !runnable {
        return false;
    }
    // A vfork parent its child let go (it was parked until then).
    if let Some(child) = t.vfork_done.take() {
        t.event_msg = child;
        enter_stop(
            k,
            tid,
            StopKind::Event,
            stop_status(sig::SIGTRAP, PTRACE_EVENT_VFORK_DONE),
            None,
        );
        return true;
    }
    if !t.trap_pending {
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
    let Some(task) = k.tasks.get(&tid) else {
        return false;
    };
    let Some(tracer) = task.ptrace.as_ref().map(|t| t.tracer) else {
        return false;
    };
    let tgid = task.tgid;
    // Every thread of the process stops (`do_signal_stop`): untraced ones
    // as job control has them, traced ones in a group-stop their tracer
    // sees; a tracer's PTRACE_CONT lets one run on.
    let threads: Vec<(Pid, Option<bool>)> = k
        .tasks
        .values()
        .filter(|t| t.tgid == tgid && !matches!(t.state, State::Zombie(_)))
        .map(|t| (t.tid, t.ptrace.as_ref().map(|p| p.seized)))
        .collect();
    let info = SigInfo::new(signo, SI_KERNEL, SigFields::Kill { pid: 0, uid: 0 });
    for (thread, traced) in threads {
        let Some(task) = k.tasks.get_mut(&thread) else {
            continue;
        };
        task.stopped = true;
        if let Some(seized) = traced
            && (thread == tid || !is_stopped(task))
        {
            let event = if seized { PTRACE_EVENT_STOP } else { 0 };
            let status = stop_status(signo, event);
            enter_stop(k, thread, StopKind::Group, status, Some(info));
        }
    }
    // Its parent learns of the stop too, unless it is the tracer
    // (`ptrace_reparented`).
    let tracer_tgid = k.tasks.get(&tracer).map(|t| t.tgid);
    let parent = k.tasks.get(&tgid).map(|t| t.ppid);
    if parent.is_some() && parent != tracer_tgid {
        crate::signal::notify_parent_of_stop(k, tgid, (signo << 8) | 0x7f);
    }
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
pub(super) fn exit_event(k: &mut Kernel, tid: Pid, nr: u32) -> Enter {
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
pub(super) fn rewound(t: &Tracee) -> bool {
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
    let Some(t) = k
        .tasks
        .get_mut(&parent)
        .and_then(|t| t.ptrace.as_deref_mut())
    else {
        return;
    };
    // The vfork parent reports when its child lets it go (`kernel_clone`).
    if flags & CLONE_VFORK != 0 && t.options & PTRACE_O_TRACEVFORKDONE != 0 {
        t.vfork_done = Some(child);
    }
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

/// A thread `tid`, not its process's leader, exited with `status`: if
/// traced, it stays a zombie until its tracer collects the exit (a wait
/// with `__WALL` or `__WCLONE`), as `exit_notify` keeps a traced thread.
/// True if kept.
pub(crate) fn thread_exited(k: &mut Kernel, tid: Pid, status: u32) -> bool {
    let Some(task) = k.tasks.get(&tid) else {
        return false;
    };
    let Some(tracer) = task.ptrace.as_ref().map(|t| t.tracer) else {
        return false;
    };
    if !k.tasks.contains_key(&tracer) {
        return false;
    }
    let Some(task) = k.tasks.get_mut(&tid) else {
        return false;
    };
    let uid = task.creds.uid;
    task.state = State::Zombie(status);
    // What it shared with its process is not held by the zombie.
    task.files = std::rc::Rc::default();
    task.mm = Rc::new(std::cell::RefCell::new(crate::mm::Mm::new()));
    if let Some(t) = task.ptrace.as_deref_mut() {
        t.stop = None;
        t.report = Some(status);
    }
    let info = crate::signal::child_info(sig::SIGCHLD, tid, uid, status);
    let value = match info.fields {
        SigFields::Chld { status: v, .. } => v as u32,
        _ => 0,
    };
    notify_tracer(k, tracer, tid, uid, info.code, value);
    true
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
        if zombie && task.tid != task.tgid {
            // A thread: nobody else waits for it.
            k.tasks.remove(&child);
        } else if zombie {
            // Collected: now its parent may reap it (`__ptrace_unlink`).
            task.ptrace = None;
            let parent = task.ppid;
            crate::signal::wake_waiters(k, parent);
        } else if let Some(t) = task.ptrace.as_deref_mut() {
            t.report = None;
        }
    }
    (any, found)
}

/// Whether `task` is a zombie whose exit its tracer (not its parent) has
/// not collected yet: its parent cannot reap it before (`wait_task_zombie`
/// skips a traced child for its real parent).
pub(crate) fn exit_unreported(task: &Task) -> bool {
    matches!(task.state, State::Zombie(_))
        && task.ptrace.as_ref().is_some_and(|t| t.report.is_some())
}
