//! Signals and the ends of tasks.
//!
//! Delivery runs when a task is about to return to user mode: the lowest
//! pending, unblocked signal takes its disposition. Default actions
//! (terminate, core, ignore) are carried out here; a handler gets an i386
//! signal frame (`sigframe`, or `rt_sigframe` with `SA_SIGINFO`) built as
//! Linux's `arch/x86/kernel/signal_32.c` builds it, and returns through the
//! vDSO trampoline (or `sa_restorer`) to `sigreturn`/`rt_sigreturn`.
//!
//! A task parked in a system call when a handler runs either restarts the
//! call after the handler (`SA_RESTART`, for calls Linux restarts) or sees
//! `EINTR`. The FPU state goes into the frame's `_fpstate` (the fnsave
//! image, `magic` 0xffff: no FXSR) and the handler starts with a fresh FPU,
//! as Linux does; sigreturn restores it from the frame.

use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::signal::{
    self as sig, DefaultAction, FpState, RT_SIGFRAME_RETCODE, RtSigFrame, SA_NODEFER, SA_ONSTACK,
    SA_RESETHAND, SA_RESTART, SA_RESTORER, SA_SIGINFO, SIG_DFL, SIG_IGN, SIGFRAME_RETCODE,
    SigContext, SigFields, SigFrame, SigInfo, SigSet, UContext, place_frame,
};
use crate::error::Wait;
use crate::task::{Pid, SigAction, State};
use std::rc::Rc;
use tabvm_cpu::state::{USER_CS, USER_DS, reg};

/// `si_code` values (`asm-generic/siginfo.h`).
pub(crate) const SI_USER: i32 = 0;
pub(crate) const SI_KERNEL: i32 = 0x80;
pub(crate) const SI_TKILL: i32 = -6;
/// EFLAGS bits sigreturn restores from the frame (`FIX_EFLAGS`).
const FIX_EFLAGS: u32 = 0x0005_0dd5;

/// Marks `signo` pending for `tid` with `info`, and interrupts a wait it is
/// in. Unblocked signals whose disposition is to ignore them are dropped
/// at once.
pub(crate) fn send(k: &mut Kernel, tid: Pid, signo: u32, info: SigInfo) {
    queue(k, tid, signo, info, false);
}

/// [`send`] for a signal sent to the whole process whose leader is
/// `tgid` (kill, sigqueue): it goes to a thread that does not block it,
/// the leader first; blocked everywhere, it waits on the leader, where
/// any thread's `sigtimedwait` may take it. `false` if a real-time
/// signal found the queue full.
pub(crate) fn send_process(k: &mut Kernel, tgid: Pid, signo: u32, info: SigInfo) -> bool {
    // `complete_signal`: the leader takes it unless it blocks it and
    // another live thread does not.
    let leader_blocks = k
        .tasks
        .get(&tgid)
        .is_some_and(|t| t.sigmask.contains(signo) && signo != sig::SIGKILL);
    let target = if leader_blocks {
        k.tasks
            .values()
            .find(|t| {
                t.tgid == tgid
                    && t.tid != tgid
                    && !matches!(t.state, State::Zombie(_))
                    && !t.sigmask.contains(signo)
            })
            .map_or(tgid, |t| t.tid)
    } else {
        tgid
    };
    queue(k, target, signo, info, true)
}

fn queue(k: &mut Kernel, tid: Pid, signo: u32, info: SigInfo, shared: bool) -> bool {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return true;
    };
    if matches!(task.state, State::Zombie(_)) || !sig::is_valid(signo) {
        return true;
    }
    job_control_on_send(k, tid, signo);
    let Some(task) = k.tasks.get_mut(&tid) else {
        return true;
    };
    let action = task.sighand.borrow()[signo as usize - 1];
    // A blocked signal stays pending even if ignored (Linux's sig_ignored):
    // signalfd and sigwait readers take it.
    let ignored = !task.sigmask.contains(signo)
        && (action.handler == SIG_IGN
            || (action.handler == SIG_DFL && sig::default_action(signo) == DefaultAction::Ignore));
    // A tracer sees even ignored signals (`sig_ignored`).
    if ignored && signo != sig::SIGKILL && task.ptrace.is_none() {
        return true;
    }
    if !task.siginfo.push(signo, info, shared) {
        return false;
    }
    task.pending.add(signo);
    if !task.sigmask.contains(signo) || signo == sig::SIGKILL {
        interrupt(k, tid);
    } else {
        // A blocked signal is news for signalfd readers and pollers.
        k.wake(|w| w == Wait::Io);
    }
    true
}

// ---- job control: stopping and continuing processes (signal(7)) ------

/// What sending `signo` does at once, whatever its disposition
/// (`prepare_signal`): SIGCONT and SIGKILL continue a stopped process and
/// discard its pending stop signals; a stop signal discards a pending SIGCONT.
fn job_control_on_send(k: &mut Kernel, tid: Pid, signo: u32) {
    let Some(tgid) = k.tasks.get(&tid).map(|t| t.tgid) else {
        return;
    };
    if signo == sig::SIGCONT || signo == sig::SIGKILL {
        let mut was_stopped = false;
        for t in k.tasks.values_mut().filter(|t| t.tgid == tgid) {
            for s in [sig::SIGSTOP, sig::SIGTSTP, sig::SIGTTIN, sig::SIGTTOU] {
                t.pending.remove(s);
                t.siginfo.clear(s);
            }
            was_stopped |= t.stopped;
            t.stopped = false;
            // A call parked when the stop came checks again.
            if let State::Blocked { wait: Wait::Io, .. } = t.state {
                t.state = State::Runnable;
            }
        }
        if was_stopped && signo == sig::SIGCONT {
            notify_parent_of_stop(k, tgid, 0xffff);
        }
        if signo == sig::SIGKILL {
            crate::syscall::ptrace::killed(k, tgid);
        }
    } else if sig::default_action(signo) == DefaultAction::Stop {
        for t in k.tasks.values_mut().filter(|t| t.tgid == tgid) {
            t.pending.remove(sig::SIGCONT);
            t.siginfo.clear(sig::SIGCONT);
        }
    }
}

/// A stop signal's default action: every thread of the process stops
/// until SIGCONT; the parent learns it through SIGCHLD and `wait4(WUNTRACED)`.
fn stop_process(k: &mut Kernel, tid: Pid, signo: u32) {
    if crate::syscall::ptrace::group_stop(k, tid, signo) {
        return;
    }
    let Some(tgid) = k.tasks.get(&tid).map(|t| t.tgid) else {
        return;
    };
    for t in k.tasks.values_mut().filter(|t| t.tgid == tgid) {
        t.stopped = true;
    }
    notify_parent_of_stop(k, tgid, (signo << 8) | 0x7f);
}

/// Records a stop or continue report on the leader, sends SIGCHLD to the
/// parent (unless it set `SA_NOCLDSTOP`) and wakes its `wait4` callers.
pub(crate) fn notify_parent_of_stop(k: &mut Kernel, tgid: Pid, report: u32) {
    let Some(leader) = k.tasks.get_mut(&tgid) else {
        return;
    };
    leader.wait_report = Some(report);
    let parent = leader.ppid;
    let nocldstop = k.tasks.get(&parent).is_none_or(|p| {
        p.sighand.borrow()[sig::SIGCHLD as usize - 1].flags & sig::SA_NOCLDSTOP != 0
    });
    if parent != 0 && !nocldstop {
        let uid = k.tasks.get(&tgid).map_or(0, |t| t.creds.uid);
        send(
            k,
            parent,
            sig::SIGCHLD,
            child_info(sig::SIGCHLD, tgid, uid, report),
        );
    }
    wake_waiters(k, parent);
}

/// What a parent learns of its child `pid` (real uid `uid`) from the wait
/// status `status` (exit, kill, stop or continue): the `_sigchld` siginfo
/// of SIGCHLD and `waitid` (`kernel/exit.c`, `wait_task_*`).
pub(crate) fn child_info(signo: u32, pid: Pid, uid: u32, status: u32) -> SigInfo {
    let (code, value) = if status == 0xffff {
        (sig::code::CLD_CONTINUED, sig::SIGCONT as i32)
    } else if status & 0xff == 0x7f {
        (sig::code::CLD_STOPPED, ((status >> 8) & 0xff) as i32)
    } else if status & 0x7f == 0 {
        (sig::code::CLD_EXITED, ((status >> 8) & 0xff) as i32)
    } else if status & 0x80 != 0 {
        (sig::code::CLD_DUMPED, (status & 0x7f) as i32)
    } else {
        (sig::code::CLD_KILLED, (status & 0x7f) as i32)
    };
    SigInfo::new(
        signo,
        code,
        SigFields::Chld {
            pid,
            uid,
            status: value,
            utime: 0,
            stime: 0,
        },
    )
}

/// Sends `signo` from the kernel (SIGPIPE, SIGCHLD, ...).
pub(crate) fn send_to_task(k: &mut Kernel, tid: Pid, signo: u32) {
    send(
        k,
        tid,
        signo,
        SigInfo::new(signo, SI_KERNEL, SigFields::Kill { pid: 0, uid: 0 }),
    );
}

/// Wakes `tid` from an interruptible wait so that it sees its signals.
fn interrupt(k: &mut Kernel, tid: Pid) {
    if let Some(task) = k.tasks.get_mut(&tid)
        && let State::Blocked { wait, .. } = task.state
        && !matches!(wait, Wait::Disk(_) | Wait::Vfork(_))
    {
        task.wake_from(wait);
    }
}

/// A signal caused by the instruction `tid` just ran (a fault). It cannot
/// be blocked or ignored: if it is, the disposition reverts to the default
/// (Linux's `force_sig_info`), which kills the process.
pub(crate) fn force(k: &mut Kernel, tid: Pid, signo: u32, code: i32, addr: u32) {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return;
    };
    let mut handlers = task.sighand.borrow_mut();
    let action = &mut handlers[signo as usize - 1];
    if action.handler == SIG_IGN || task.sigmask.contains(signo) {
        action.handler = SIG_DFL;
    }
    let has_handler = action.handler > SIG_IGN && signo != sig::SIGKILL;
    drop(handlers);
    // A tracee's fault stops it first (signal-delivery-stop): its tracer
    // decides.
    if !has_handler && task.ptrace.is_none() {
        kill_process(k, tid, signo);
        return;
    }
    task.sigmask.remove(signo);
    task.pending.add(signo);
    task.siginfo
        .insert(signo, SigInfo::new(signo, code, SigFields::Fault { addr }));
}

/// Acts on the lowest pending, unblocked signal of `tid`, if any.
pub(crate) fn deliver_pending(k: &mut Kernel, tid: Pid) {
    // A tracee: a trap stop to enter, or the signal its tracer resumed it
    // with (acted on without stopping again).
    if crate::syscall::ptrace::before_delivery(k, tid) {
        return;
    }
    let injected = crate::syscall::ptrace::take_injected(k, tid);
    let Some(task) = k.tasks.get_mut(&tid) else {
        return;
    };
    if matches!(task.state, State::Zombie(_)) {
        return;
    }
    let deliverable = SigSet(task.pending.0 & !task.sigmask.blockable().0);
    let Some(signo) = injected.map(|i| i.signo).or_else(|| deliverable.lowest()) else {
        // rt_sigsuspend returned without a handler to run: its caller's
        // mask comes back now.
        if task.state == State::Runnable
            && task.restart_wait.is_none()
            && let Some(mask) = task.saved_sigmask.take()
        {
            task.sigmask = mask;
        }
        return;
    };
    let action = task.sighand.borrow()[signo as usize - 1];
    let parked = match task.state {
        State::Blocked { wait, .. } if !matches!(wait, Wait::Disk(_) | Wait::Vfork(_)) => {
            Some(wait)
        }
        State::Blocked { .. } => return,
        _ => task.restart_wait.take(),
    };
    let info = if let Some(info) = injected {
        info
    } else {
        let info = task.siginfo.remove(&signo).unwrap_or(SigInfo::new(
            signo,
            SI_KERNEL,
            SigFields::Kill { pid: 0, uid: 0 },
        ));
        // A real-time signal stays pending while more instances are queued.
        if !task.siginfo.contains(signo) {
            task.pending.remove(signo);
        }
        // A tracee stops instead (signal-delivery-stop).
        if crate::syscall::ptrace::signal_stop(k, tid, info, parked) {
            return;
        }
        info
    };
    match action.handler {
        SIG_IGN => {}
        SIG_DFL => match sig::default_action(signo) {
            DefaultAction::Ignore | DefaultAction::Cont => {}
            DefaultAction::Stop => stop_process(k, tid, signo),
            DefaultAction::Term | DefaultAction::Core => kill_process(k, tid, signo),
        },
        _ => {
            if let Some(wait) = parked {
                end_parked_syscall(k, tid, wait, action);
            }
            if setup_frame(k, tid, signo, action, info).is_err() {
                // The stack cannot hold the frame: SIGSEGV, as Linux does.
                kill_process(k, tid, sig::SIGSEGV);
            }
        }
    }
}

/// A handler is about to run in a task parked in a system call: the call
/// restarts after the handler (SA_RESTART and a restartable call) or fails
/// with EINTR. The parked task's `eip` addresses its `int 0x80`.
fn end_parked_syscall(k: &mut Kernel, tid: Pid, wait: Wait, action: SigAction) {
    let Some(task) = k.tasks.get_mut(&tid) else {
        return;
    };
    task.state = State::Runnable;
    // A write that moved some bytes returns how many.
    if let Some((_, _, done)) = task.write_progress.take() {
        task.cpu.regs[reg::EAX] = done as u32;
        task.cpu.eip = task.cpu.eip.wrapping_add(2);
        return;
    }
    // Sleeps and readiness waits (Wait::Poll) never restart with a handler.
    let restartable = matches!(wait, Wait::PiLock(_))
        || matches!(wait, Wait::Io | Wait::Child | Wait::Futex(_))
            && action.flags & SA_RESTART != 0;
    if !restartable {
        task.cpu.regs[reg::EAX] = Errno::EINTR.as_neg();
        task.cpu.eip = task.cpu.eip.wrapping_add(2);
        task.sleep_deadline = None;
    }
}

/// Builds the signal frame on the user stack and points the task at the
/// handler. Err if the stack is unusable.
fn setup_frame(
    k: &mut Kernel,
    tid: Pid,
    signo: u32,
    action: SigAction,
    info: SigInfo,
) -> Result<(), ()> {
    let fpstate = fpstate_image(k, tid)?;
    let task = k.tasks.get_mut(&tid).ok_or(())?;
    let cpu = &task.cpu;
    let esp = cpu.regs[reg::ESP];
    let on_altstack = task
        .altstack
        .is_some_and(|(base, size)| esp.wrapping_sub(base) < size);
    let sp = match task.altstack {
        Some((base, size)) if action.flags & SA_ONSTACK != 0 && !on_altstack => {
            base.wrapping_add(size)
        }
        _ => esp,
    };
    let old_mask = task.saved_sigmask.take().unwrap_or(task.sigmask);
    let context = SigContext {
        gs: cpu.seg_sel[tabvm_cpu::state::seg::GS],
        fs: cpu.seg_sel[tabvm_cpu::state::seg::FS],
        es: cpu.seg_sel[tabvm_cpu::state::seg::ES],
        ds: cpu.seg_sel[tabvm_cpu::state::seg::DS],
        edi: cpu.regs[reg::EDI],
        esi: cpu.regs[reg::ESI],
        ebp: cpu.regs[reg::EBP],
        esp,
        ebx: cpu.regs[reg::EBX],
        edx: cpu.regs[reg::EDX],
        ecx: cpu.regs[reg::ECX],
        eax: cpu.regs[reg::EAX],
        trapno: task.trap.0,
        err: task.trap.1,
        eip: cpu.eip,
        cs: USER_CS,
        eflags: cpu.eflags(),
        esp_at_signal: esp,
        ss: USER_DS,
        fpstate: place_frame(sp, frame_size(action), FpState::SIZE as u32).fpstate,
        oldmask: old_mask.0 as u32,
        cr2: if let SigFields::Fault { addr } = info.fields {
            addr
        } else {
            0
        },
    };
    let vdso = task
        .mm
        .borrow()
        .vmas()
        .find(|v| v.name == "[vdso]")
        .map_or(0, |v| v.start);
    let rt = action.flags & SA_SIGINFO != 0;
    let pretcode = if action.flags & SA_RESTORER != 0 {
        action.restorer
    } else if rt {
        vdso + crate::vdso::RT_SIGRETURN
    } else {
        vdso + crate::vdso::SIGRETURN
    };
    let (frame, bytes, edx, ecx) = if rt {
        let frame = place_frame(sp, frame_size(action), FpState::SIZE as u32).frame;
        let stack = task.altstack.map_or((0, 2, 0), |(base, size)| {
            (base, u32::from(on_altstack), size)
        });
        let uc = UContext {
            flags: 0,
            link: 0,
            stack_sp: stack.0,
            stack_flags: stack.1,
            stack_size: stack.2,
            mcontext: context.to_bytes(),
            sigmask: old_mask,
        };
        let body = RtSigFrame {
            pretcode,
            sig: signo,
            pinfo: frame + sig::RT_SIGFRAME_INFO,
            puc: frame + sig::RT_SIGFRAME_UC,
            info: info.to_bytes(),
            uc: uc.to_bytes(),
            retcode: RT_SIGFRAME_RETCODE,
        };
        (
            frame,
            body.to_bytes().to_vec(),
            frame + sig::RT_SIGFRAME_INFO,
            frame + sig::RT_SIGFRAME_UC,
        )
    } else {
        let frame = place_frame(sp, frame_size(action), FpState::SIZE as u32).frame;
        let body = SigFrame {
            pretcode,
            sig: signo,
            sc: context.to_bytes(),
            fpstate_unused: [0; 624],
            extramask: (old_mask.0 >> 32) as u32,
            retcode: SIGFRAME_RETCODE,
        };
        (frame, body.to_bytes().to_vec(), 0, 0)
    };
    k.write_user(tid, frame, &bytes).map_err(|_| ())?;
    k.write_user(tid, context.fpstate, &fpstate)
        .map_err(|_| ())?;
    let task = k.tasks.get_mut(&tid).ok_or(())?;
    let cpu = &mut task.cpu;
    // The handler runs with the FPU as FNINIT leaves it.
    cpu.x87 = tabvm_cpu::x87::X87::default();
    cpu.regs[reg::ESP] = frame;
    cpu.eip = action.handler;
    cpu.regs[reg::EAX] = signo;
    cpu.regs[reg::EDX] = edx;
    cpu.regs[reg::ECX] = ecx;
    // The handler starts with DF, TF and RF clear (Linux's setup_rt_frame).
    cpu.set_eflags(cpu.eflags() & !0x0001_0500);
    for s in [
        tabvm_cpu::state::seg::DS,
        tabvm_cpu::state::seg::ES,
        tabvm_cpu::state::seg::SS,
    ] {
        cpu.seg_sel[s] = USER_DS;
        cpu.seg_base[s] = 0;
    }
    let mut mask = SigSet(old_mask.0 | action.mask);
    if action.flags & SA_NODEFER == 0 {
        mask.add(signo);
    }
    task.sigmask = mask.blockable();
    if action.flags & SA_RESETHAND != 0 {
        task.sighand.borrow_mut()[signo as usize - 1] = SigAction::default();
    }
    Ok(())
}

/// The size of the frame for `action`'s kind of handler.
fn frame_size(action: SigAction) -> u32 {
    if action.flags & SA_SIGINFO != 0 {
        RtSigFrame::SIZE as u32
    } else {
        SigFrame::SIZE as u32
    }
}

/// Guest memory as the x87 unit sees it, to build an fnsave image (which
/// may read the opcode at the last FPU instruction's address).
struct FpuMemory<'a> {
    mm: &'a mut crate::mm::Mm,
    mem: &'a mut tabvm_cpu::mmu::Memory,
}

impl tabvm_cpu::x87::X87Env for FpuMemory<'_> {
    fn read(&mut self, addr: u32, buf: &mut [u8]) -> Result<(), tabvm_cpu::Fault> {
        self.mm.space.read(self.mem, addr, buf)
    }
    fn write(&mut self, addr: u32, data: &[u8]) -> Result<(), tabvm_cpu::Fault> {
        self.mm.space.write(self.mem, addr, data)
    }
    fn eflags(&self) -> u32 {
        0
    }
    fn set_zf_pf_cf(&mut self, _: bool, _: bool, _: bool) {}
    fn set_ax(&mut self, _: u16) {}
}

/// The 32-bit fnsave image of `tid`'s FPU and its length (a signal
/// frame's `_fpstate`, ptrace's `user_i387_struct`).
pub(crate) fn fnsave_image(k: &mut Kernel, tid: Pid) -> Option<([u8; 108], usize)> {
    let task = k.tasks.get(&tid)?;
    let (x87, mm) = (task.cpu.x87, Rc::clone(&task.mm));
    let mut mm = mm.borrow_mut();
    let mut env = FpuMemory {
        mm: &mut mm,
        mem: &mut k.mem,
    };
    Some(tabvm_cpu::x87::env::save_image(&x87, true, &mut env))
}

/// The `_fpstate` of a signal frame: the fnsave image, the status word and
/// `magic` = 0xffff ("no FXSR data follows", `asm/sigcontext.h`).
fn fpstate_image(k: &mut Kernel, tid: Pid) -> Result<[u8; FpState::SIZE], ()> {
    let (image, len) = fnsave_image(k, tid).ok_or(())?;
    let x87 = k.tasks.get(&tid).ok_or(())?.cpu.x87;
    let mut out = [0u8; FpState::SIZE];
    out[..len].copy_from_slice(&image[..len]);
    out[108..110].copy_from_slice(&x87.status_word().to_le_bytes());
    out[110..112].copy_from_slice(&sig::FP_MAGIC_NOFXSR.to_le_bytes());
    Ok(out)
}

/// sigreturn/rt_sigreturn: restores the registers and mask a handler's
/// frame saved. Returns the restored eax (the dispatcher writes it back).
pub(crate) fn sigreturn(k: &mut Kernel, tid: Pid, rt: bool) -> Result<u32, ()> {
    let esp = k.tasks.get(&tid).ok_or(())?.cpu.regs[reg::ESP];
    let (context, mask) = if rt {
        // `ret` popped pretcode: the frame starts one word below esp.
        let frame = esp.wrapping_sub(4);
        let raw = k.read_user(tid, frame, RtSigFrame::SIZE).map_err(|_| ())?;
        let body = RtSigFrame::parse(&raw).map_err(|_| ())?;
        let uc = UContext::parse(&body.uc).map_err(|_| ())?;
        (SigContext::parse(&uc.mcontext).map_err(|_| ())?, uc.sigmask)
    } else {
        // ... and the trampoline's `popl %eax` popped the signal number.
        let frame = esp.wrapping_sub(8);
        let raw = k.read_user(tid, frame, SigFrame::SIZE).map_err(|_| ())?;
        let body = SigFrame::parse(&raw).map_err(|_| ())?;
        let context = SigContext::parse(&body.sc).map_err(|_| ())?;
        let mask = SigSet(u64::from(context.oldmask) | (u64::from(body.extramask) << 32));
        (context, mask)
    };
    let fp = if context.fpstate == 0 {
        None
    } else {
        Some(
            k.read_user(tid, context.fpstate, FpState::SIZE)
                .map_err(|_| ())?,
        )
    };
    let task = k.tasks.get_mut(&tid).ok_or(())?;
    let mut x87 = tabvm_cpu::x87::X87::default();
    if let Some(image) = fp {
        tabvm_cpu::x87::env::restore_image(&mut x87, true, &image);
    }
    task.cpu.x87 = x87;
    let cpu = &mut task.cpu;
    for (s, sel) in [
        (tabvm_cpu::state::seg::GS, context.gs),
        (tabvm_cpu::state::seg::FS, context.fs),
        (tabvm_cpu::state::seg::ES, context.es),
        (tabvm_cpu::state::seg::DS, context.ds),
    ] {
        if cpu.load_segment(s, sel).is_err() {
            return Err(());
        }
    }
    cpu.regs[reg::EDI] = context.edi;
    cpu.regs[reg::ESI] = context.esi;
    cpu.regs[reg::EBP] = context.ebp;
    cpu.regs[reg::ESP] = context.esp;
    cpu.regs[reg::EBX] = context.ebx;
    cpu.regs[reg::EDX] = context.edx;
    cpu.regs[reg::ECX] = context.ecx;
    cpu.eip = context.eip;
    let eflags = (cpu.eflags() & !FIX_EFLAGS) | (context.eflags & FIX_EFLAGS);
    cpu.set_eflags(eflags);
    task.sigmask = mask.blockable();
    Ok(context.eax)
}

/// The wait status of a death by `signo` (`WTERMSIG`). Linux adds the
/// core flag (0x80, `WCOREDUMP`) only when a core file was written
/// (`coredump_finish`); tabvm writes none, so a shell reports no
/// "(core dumped)", as Linux does under Debian's default `ulimit -c 0`.
fn killed_status(signo: u32) -> u32 {
    signo
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
    } else if !crate::syscall::ptrace::thread_exited(k, tid, status) {
        k.tasks.remove(&tid);
    }
}

/// Wakes the threads of process `tgid` parked in wait4/waitid: a child
/// (or a tracee) of theirs changed state.
pub(crate) fn wake_waiters(k: &mut Kernel, tgid: Pid) {
    for task in k.tasks.values_mut() {
        if task.tgid == tgid
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

/// What a dying thread does for others: its robust futexes,
/// `clear_child_tid`, a vfork parent (`mm_release`).
fn release_thread(k: &mut Kernel, tid: Pid) {
    crate::syscall::exit_robust_list(k, tid);
    crate::syscall::ptrace::tracer_gone(k, tid);
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
    crate::syscall::ptrace::exited(k, tgid, status);
    let Some(task) = k.tasks.get_mut(&tgid) else {
        return;
    };
    // Its reference to the descriptor table: a table shared with another
    // process (clone's CLONE_FILES, as LeakSanitizer's tracer has) stays.
    let files = std::mem::take(&mut task.files);
    let mm = Rc::clone(&task.mm);
    let parent = task.ppid;
    let exit_signal = task.exit_signal;
    let uid = task.creds.uid;
    drop(files);
    crate::syscall::locks_exited(k, tgid);
    if Rc::strong_count(&mm) <= 2 {
        crate::ipc::detach_all(k, tgid, &mm.borrow());
        mm.borrow_mut().clear(&mut k.mem);
    }
    if let Some(task) = k.tasks.get_mut(&tgid) {
        task.mm = Rc::new(std::cell::RefCell::new(crate::mm::Mm::new()));
    }
    // SEM_UNDO adjustments apply; removed segments it mapped last go.
    crate::ipc::exit_process(k, tgid);
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
        send(
            k,
            parent,
            exit_signal,
            child_info(exit_signal, tgid, uid, status),
        );
    }
    // Every task of the parent process may be in wait4.
    wake_waiters(k, parent);
    k.wake(|w| w == Wait::Io);
}
