//! Signals and the ends of tasks.
//!
//! Delivery runs when a task is about to return to user mode: a pending,
//! unblocked signal takes its disposition. Default actions (terminate,
//! core, ignore) are carried out here; user handlers need i386 signal
//! frames, which arrive in the next layer of the kernel — until then a
//! caught signal is logged once and left undelivered.

use crate::Kernel;
use crate::abi::signal::{self as sig, DefaultAction, SIG_DFL, SIG_IGN, SigSet};
use crate::error::Wait;
use crate::task::{Pid, State};
use std::rc::Rc;

/// Marks `signo` pending for `tid` and interrupts a wait it is in.
pub(crate) fn send_to_task(k: &mut Kernel, tid: Pid, signo: u32) {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return;
    };
    if matches!(task.state, State::Zombie(_)) {
        return;
    }
    let action = task.sighand.borrow()[signo as usize - 1];
    let ignored = action.handler == SIG_IGN
        || (action.handler == SIG_DFL && sig::default_action(signo) == DefaultAction::Ignore);
    if ignored && signo != sig::SIGKILL {
        return;
    }
    task.pending.add(signo);
    if !task.sigmask.contains(signo) || signo == sig::SIGKILL {
        interrupt(k, tid);
    }
}

/// Wakes `tid` from an interruptible wait so that it sees its signals.
fn interrupt(k: &mut Kernel, tid: Pid) {
    if let Some(task) = k.tasks.get_mut(&tid)
        && let State::Blocked { wait, .. } = task.state
        && !matches!(wait, Wait::Disk(_) | Wait::Vfork(_))
    {
        task.state = State::Runnable;
    }
}

/// A signal caused by the instruction `tid` just ran (a fault): it cannot be
/// blocked or ignored; without a handler the process dies of it.
pub(crate) fn force(k: &mut Kernel, tid: Pid, signo: u32) {
    let Some(task) = k.tasks.get(&tid) else {
        return;
    };
    let action = task.sighand.borrow()[signo as usize - 1];
    if action.handler > SIG_IGN && signo != sig::SIGKILL {
        k.log_once(
            0x5100_0000 | signo,
            &format!("tabvm: signal {signo} has a handler, but handler frames are not delivered yet: terminating"),
        );
    }
    kill_process(k, tid, signo);
}

/// Acts on the lowest pending, unblocked signal of `tid`, if any.
pub(crate) fn deliver_pending(k: &mut Kernel, tid: Pid) {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return;
    };
    if matches!(task.state, State::Zombie(_)) {
        return;
    }
    let deliverable = SigSet(task.pending.0 & !task.sigmask.blockable().0);
    let Some(signo) = deliverable.lowest() else {
        return;
    };
    task.pending.remove(signo);
    let action = task.sighand.borrow()[signo as usize - 1];
    match action.handler {
        SIG_IGN => {}
        SIG_DFL => match sig::default_action(signo) {
            DefaultAction::Ignore | DefaultAction::Cont | DefaultAction::Stop => {}
            DefaultAction::Term | DefaultAction::Core => kill_process(k, tid, signo),
        },
        _ => k.log_once(
            0x5200_0000 | signo,
            &format!("tabvm: signal {signo} has a handler, but handler frames are not delivered yet: dropped"),
        ),
    }
}

/// The wait status of a death by `signo` (`WTERMSIG`, with the core flag
/// for signals whose default action dumps core).
fn killed_status(signo: u32) -> u32 {
    let core = if sig::default_action(signo) == DefaultAction::Core {
        0x80
    } else {
        0
    };
    signo | core
}

fn kill_process(k: &mut Kernel, tid: Pid, signo: u32) {
    exit_group(k, tid, killed_status(signo));
}

/// Ends every thread of `tid`'s process with wait status `status`.
pub(crate) fn exit_group(k: &mut Kernel, tid: Pid, status: u32) {
    let Some(tgid) = k.tasks.get(&tid).map(|t| t.tgid) else {
        return;
    };
    let threads: Vec<Pid> = k
        .tasks
        .values()
        .filter(|t| t.tgid == tgid && t.tid != tgid)
        .map(|t| t.tid)
        .collect();
    for thread in threads {
        release_thread(k, thread);
        k.tasks.remove(&thread);
    }
    if tid != tgid || k.tasks.contains_key(&tgid) {
        end_process(k, tgid, status);
    }
}

/// Ends one thread; the last thread's exit ends the process.
pub(crate) fn exit_thread(k: &mut Kernel, tid: Pid, status: u32) {
    let Some(tgid) = k.tasks.get(&tid).map(|t| t.tgid) else {
        return;
    };
    let others = k
        .tasks
        .values()
        .any(|t| t.tgid == tgid && t.tid != tid && !matches!(t.state, State::Zombie(_)));
    if !others {
        exit_group(k, tid, status);
        return;
    }
    release_thread(k, tid);
    if tid == tgid {
        // A leader that exits before its threads stays as a zombie-to-be
        // until the last thread goes; park it where nothing wakes it.
        if let Some(task) = k.tasks.get_mut(&tid) {
            task.state = State::Blocked {
                wait: Wait::Vfork(tid),
                deadline: None,
            };
        }
    } else {
        k.tasks.remove(&tid);
    }
}

/// What a dying thread does for others: `clear_child_tid`, a vfork parent.
fn release_thread(k: &mut Kernel, tid: Pid) {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return;
    };
    let clear = std::mem::take(&mut task.clear_child_tid);
    let vfork_parent = task.vfork_parent.take();
    if clear != 0 && k.write_user_u32(tid, clear, 0).is_ok() {
        crate::syscall::futex_wake_at_exit(k, tid, clear);
    }
    if let Some(parent) = vfork_parent
        && let Some(parent) = k.tasks.get_mut(&parent)
        && matches!(
            parent.state,
            State::Blocked {
                wait: Wait::Vfork(_),
                ..
            }
        )
    {
        parent.state = State::Runnable;
    }
}

/// The process `tgid` is gone: free what it held, make it a zombie for its
/// parent (or reap it), hand its children to init.
fn end_process(k: &mut Kernel, tgid: Pid, status: u32) {
    release_thread(k, tgid);
    let Some(task) = k.tasks.get_mut(&tgid) else {
        return;
    };
    task.state = State::Zombie(status);
    let files = std::mem::take(&mut *task.files.borrow_mut());
    let mm = Rc::clone(&task.mm);
    let parent = task.ppid;
    let exit_signal = task.exit_signal;
    drop(files);
    if Rc::strong_count(&mm) <= 2 {
        mm.borrow_mut().clear(&mut k.mem);
    }
    if let Some(task) = k.tasks.get_mut(&tgid) {
        task.mm = Rc::new(std::cell::RefCell::new(crate::mm::Mm::new()));
    }
    for child in k.tasks.values_mut().filter(|t| t.ppid == tgid) {
        child.ppid = if k.init == tgid { 0 } else { k.init };
    }
    // Orphans nobody will wait for.
    let orphans: Vec<Pid> = k
        .tasks
        .values()
        .filter(|t| t.ppid == 0 && t.tgid != k.init && matches!(t.state, State::Zombie(_)))
        .map(|t| t.tid)
        .collect();
    for orphan in orphans {
        k.tasks.remove(&orphan);
    }
    if tgid == k.init {
        let code = if status & 0x7f == 0 {
            ((status >> 8) & 0xff) as i32
        } else {
            128 + (status & 0x7f) as i32
        };
        k.init_status = Some(code);
        return;
    }
    let parent_ignores = k.tasks.get(&parent).is_none_or(|p| {
        let action = p.sighand.borrow()[sig::SIGCHLD as usize - 1];
        action.handler == SIG_IGN || action.flags & sig::SA_NOCLDWAIT != 0
    });
    if parent == 0 || parent_ignores {
        k.tasks.remove(&tgid);
    }
    if exit_signal != 0 && parent != 0 {
        send_to_task(k, parent, exit_signal);
    }
    // Every task of the parent process may be in wait4.
    for task in k.tasks.values_mut() {
        if task.tgid == parent
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
    k.wake(|w| w == Wait::Io);
}
