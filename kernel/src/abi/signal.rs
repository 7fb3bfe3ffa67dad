//! Signals: numbers, default actions, `sigset_t`, `sigaction`, `stack_t`,
//! `siginfo_t`, and the i386 signal frames.
//!
//! Sources: Linux `arch/x86/include/uapi/asm/signal.h` (numbers, `SA_*`,
//! `SS_*`), `include/uapi/asm-generic/siginfo.h` (`siginfo_t`, `si_code`),
//! `arch/x86/include/uapi/asm/sigcontext.h` (`sigcontext_32`, `_fpstate_32`),
//! `arch/x86/include/asm/sigframe.h` (`sigframe_ia32`, `rt_sigframe_ia32`),
//! `arch/x86/kernel/signal_32.c` (frame contents, `retcode`), signal(7)
//! (default actions).

use super::layout::{Field, abi_struct};

pub const SIGHUP: u32 = 1;
pub const SIGINT: u32 = 2;
pub const SIGQUIT: u32 = 3;
pub const SIGILL: u32 = 4;
pub const SIGTRAP: u32 = 5;
pub const SIGABRT: u32 = 6;
pub const SIGIOT: u32 = 6;
pub const SIGBUS: u32 = 7;
pub const SIGFPE: u32 = 8;
pub const SIGKILL: u32 = 9;
pub const SIGUSR1: u32 = 10;
pub const SIGSEGV: u32 = 11;
pub const SIGUSR2: u32 = 12;
pub const SIGPIPE: u32 = 13;
pub const SIGALRM: u32 = 14;
pub const SIGTERM: u32 = 15;
pub const SIGSTKFLT: u32 = 16;
pub const SIGCHLD: u32 = 17;
pub const SIGCONT: u32 = 18;
pub const SIGSTOP: u32 = 19;
pub const SIGTSTP: u32 = 20;
pub const SIGTTIN: u32 = 21;
pub const SIGTTOU: u32 = 22;
pub const SIGURG: u32 = 23;
pub const SIGXCPU: u32 = 24;
pub const SIGXFSZ: u32 = 25;
pub const SIGVTALRM: u32 = 26;
pub const SIGPROF: u32 = 27;
pub const SIGWINCH: u32 = 28;
pub const SIGIO: u32 = 29;
pub const SIGPOLL: u32 = SIGIO;
pub const SIGPWR: u32 = 30;
pub const SIGSYS: u32 = 31;
/// First real-time signal (the kernel's; glibc reserves 32 and 33).
pub const SIGRTMIN: u32 = 32;
/// Last signal number (`_NSIG`).
pub const SIGRTMAX: u32 = 64;
/// Number of signals (`_NSIG`).
pub const NSIG: u32 = 64;

/// Names of the standard signals, index = number (0 unused).
const NAMES: [&str; 32] = [
    "",
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGBUS",
    "SIGFPE",
    "SIGKILL",
    "SIGUSR1",
    "SIGSEGV",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGSTKFLT",
    "SIGCHLD",
    "SIGCONT",
    "SIGSTOP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGVTALRM",
    "SIGPROF",
    "SIGWINCH",
    "SIGIO",
    "SIGPWR",
    "SIGSYS",
];

/// The name of a standard signal (`"SIGINT"`); `None` for 0, real-time or invalid numbers.
#[must_use]
pub fn name(sig: u32) -> Option<&'static str> {
    NAMES.get(sig as usize).copied().filter(|n| !n.is_empty())
}

/// Whether `sig` is a valid signal number (1..=64).
#[must_use]
pub const fn is_valid(sig: u32) -> bool {
    sig >= 1 && sig <= NSIG
}

/// What happens to a process when a signal with `SIG_DFL` disposition arrives (signal(7)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultAction {
    /// Terminate the process.
    Term,
    /// Terminate and dump core (wait status has the 0x80 bit).
    Core,
    /// Stop the process.
    Stop,
    /// Continue the process if stopped.
    Cont,
    /// Ignore the signal.
    Ignore,
}

/// The default action of `sig` (signal(7), "Standard signals"); real-time
/// signals terminate.
#[must_use]
pub const fn default_action(sig: u32) -> DefaultAction {
    use DefaultAction::*;
    match sig {
        SIGQUIT | SIGILL | SIGTRAP | SIGABRT | SIGBUS | SIGFPE | SIGSEGV | SIGXCPU | SIGXFSZ
        | SIGSYS => Core,
        SIGCHLD | SIGURG | SIGWINCH => Ignore,
        SIGCONT => Cont,
        SIGSTOP | SIGTSTP | SIGTTIN | SIGTTOU => Stop,
        _ => Term,
    }
}

/// A kernel `sigset_t`: 64 bits, bit `n-1` for signal `n`, stored as two
/// little-endian words (i386 `_NSIG_WORDS == 2`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SigSet(pub u64);

impl SigSet {
    /// The empty set.
    pub const EMPTY: SigSet = SigSet(0);
    /// Signals that can never be blocked or caught.
    pub const UNBLOCKABLE: SigSet = SigSet((1 << (SIGKILL - 1)) | (1 << (SIGSTOP - 1)));

    /// The set holding only `sig` (empty for an invalid number).
    #[must_use]
    pub const fn of(sig: u32) -> SigSet {
        if is_valid(sig) {
            SigSet(1 << (sig - 1))
        } else {
            SigSet(0)
        }
    }
    /// Whether `sig` is in the set.
    #[must_use]
    pub const fn contains(self, sig: u32) -> bool {
        is_valid(sig) && self.0 & (1 << (sig - 1)) != 0
    }
    /// Adds `sig` (ignored if invalid).
    pub fn add(&mut self, sig: u32) {
        self.0 |= SigSet::of(sig).0;
    }
    /// Removes `sig`.
    pub fn remove(&mut self, sig: u32) {
        self.0 &= !SigSet::of(sig).0;
    }
    /// The set with SIGKILL and SIGSTOP removed, as `sigprocmask` stores it.
    #[must_use]
    pub const fn blockable(self) -> SigSet {
        SigSet(self.0 & !SigSet::UNBLOCKABLE.0)
    }
    /// Whether the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The lowest-numbered signal in the set (Linux delivers synchronous
    /// signals first, then the lowest number).
    #[must_use]
    pub const fn lowest(self) -> Option<u32> {
        if self.0 == 0 {
            None
        } else {
            Some(self.0.trailing_zeros() + 1)
        }
    }
}

impl Field for SigSet {
    const WIDTH: usize = 8;
    const ZERO: Self = SigSet(0);
    fn read(buf: &[u8], off: usize) -> Self {
        SigSet(u64::read(buf, off))
    }
    fn write(self, buf: &mut [u8], off: usize) {
        self.0.write(buf, off);
    }
}

/// `rt_sigprocmask` `how` values.
pub const SIG_BLOCK: u32 = 0;
pub const SIG_UNBLOCK: u32 = 1;
pub const SIG_SETMASK: u32 = 2;
/// Handler values.
pub const SIG_DFL: u32 = 0;
pub const SIG_IGN: u32 = 1;
pub const SIG_ERR: u32 = u32::MAX;

/// `sa_flags` bits (x86 `asm/signal.h`, `asm-generic/signal-defs.h`).
pub const SA_NOCLDSTOP: u32 = 0x0000_0001;
pub const SA_NOCLDWAIT: u32 = 0x0000_0002;
pub const SA_SIGINFO: u32 = 0x0000_0004;
pub const SA_UNSUPPORTED: u32 = 0x0000_0400;
pub const SA_EXPOSE_TAGBITS: u32 = 0x0000_0800;
pub const SA_RESTORER: u32 = 0x0400_0000;
pub const SA_ONSTACK: u32 = 0x0800_0000;
pub const SA_RESTART: u32 = 0x1000_0000;
pub const SA_NODEFER: u32 = 0x4000_0000;
pub const SA_RESETHAND: u32 = 0x8000_0000;
pub const SA_NOMASK: u32 = SA_NODEFER;
pub const SA_ONESHOT: u32 = SA_RESETHAND;

/// `sigaltstack` flags.
pub const SS_ONSTACK: u32 = 1;
pub const SS_DISABLE: u32 = 2;
pub const SS_AUTODISARM: u32 = 1 << 31;
/// Minimum and default alternate stack sizes (x86 `asm/signal.h`).
pub const MINSIGSTKSZ: u32 = 2048;
pub const SIGSTKSZ: u32 = 8192;

/// `si_code` values (`asm-generic/siginfo.h`), as the guest's `int`.
pub mod code {
    pub const SI_USER: i32 = 0;
    pub const SI_KERNEL: i32 = 0x80;
    pub const SI_QUEUE: i32 = -1;
    pub const SI_TIMER: i32 = -2;
    pub const SI_MESGQ: i32 = -3;
    pub const SI_ASYNCIO: i32 = -4;
    pub const SI_SIGIO: i32 = -5;
    pub const SI_TKILL: i32 = -6;
    pub const ILL_ILLOPC: i32 = 1;
    pub const ILL_ILLOPN: i32 = 2;
    pub const ILL_ILLADR: i32 = 3;
    pub const ILL_ILLTRP: i32 = 4;
    pub const ILL_PRVOPC: i32 = 5;
    pub const ILL_PRVREG: i32 = 6;
    pub const ILL_COPROC: i32 = 7;
    pub const ILL_BADSTK: i32 = 8;
    pub const FPE_INTDIV: i32 = 1;
    pub const FPE_INTOVF: i32 = 2;
    pub const FPE_FLTDIV: i32 = 3;
    pub const FPE_FLTOVF: i32 = 4;
    pub const FPE_FLTUND: i32 = 5;
    pub const FPE_FLTRES: i32 = 6;
    pub const FPE_FLTINV: i32 = 7;
    pub const FPE_FLTSUB: i32 = 8;
    pub const SEGV_MAPERR: i32 = 1;
    pub const SEGV_ACCERR: i32 = 2;
    pub const BUS_ADRALN: i32 = 1;
    pub const BUS_ADRERR: i32 = 2;
    pub const BUS_OBJERR: i32 = 3;
    pub const TRAP_BRKPT: i32 = 1;
    pub const TRAP_TRACE: i32 = 2;
    pub const CLD_EXITED: i32 = 1;
    pub const CLD_KILLED: i32 = 2;
    pub const CLD_DUMPED: i32 = 3;
    pub const CLD_TRAPPED: i32 = 4;
    pub const CLD_STOPPED: i32 = 5;
    pub const CLD_CONTINUED: i32 = 6;
    pub const POLL_IN: i32 = 1;
    pub const POLL_OUT: i32 = 2;
    pub const POLL_MSG: i32 = 3;
    pub const POLL_ERR: i32 = 4;
    pub const POLL_PRI: i32 = 5;
    pub const POLL_HUP: i32 = 6;
}

abi_struct! {
    /// The i386 kernel `struct sigaction` used by `rt_sigaction(2)`
    /// (`arch/x86/include/asm/signal.h`, `CONFIG_X86_32`: handler, flags,
    /// restorer, mask). The size passed to `rt_sigaction` is `sizeof(sigset_t)` = 8.
    pub struct KSigAction: 20 {
        handler: u32 = 0,
        flags: u32 = 4,
        restorer: u32 = 8,
        mask: SigSet = 12,
    }
}

abi_struct! {
    /// `struct old_sigaction` of the legacy `sigaction(2)` (syscall 67):
    /// handler, 32-bit mask, flags, restorer.
    pub struct OldSigAction: 16 {
        handler: u32 = 0,
        mask: u32 = 4,
        flags: u32 = 8,
        restorer: u32 = 12,
    }
}

abi_struct! {
    /// `stack_t` for `sigaltstack(2)` (`asm-generic/signal.h`): sp, flags, size.
    pub struct StackT: 12 {
        sp: u32 = 0,
        flags: u32 = 4,
        size: u32 = 8,
    }
}

/// `siginfo_t` (128 bytes on i386): the common header and the union
/// members the kernel fills, by kind (`asm-generic/siginfo.h`, union at offset 12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigInfo {
    pub signo: u32,
    pub errno: i32,
    pub code: i32,
    pub fields: SigFields,
}

/// The union part of `siginfo_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigFields {
    /// `_kill`: kill(2), tkill(2), SI_USER / SI_TKILL / SI_KERNEL.
    Kill { pid: u32, uid: u32 },
    /// `_timer`: POSIX timers (SI_TIMER).
    Timer { tid: u32, overrun: u32, value: u32 },
    /// `_rt`: sigqueue(3) and rt_sigqueueinfo (SI_QUEUE, SI_MESGQ).
    Rt { pid: u32, uid: u32, value: u32 },
    /// `_sigchld`: SIGCHLD with clock_t times in USER_HZ ticks.
    Chld {
        pid: u32,
        uid: u32,
        status: i32,
        utime: u32,
        stime: u32,
    },
    /// `_sigfault`: SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP; the faulting address.
    Fault { addr: u32 },
    /// `_sigpoll`: SIGIO.
    Poll { band: u32, fd: i32 },
    /// `_sigsys`: seccomp.
    Sys {
        call_addr: u32,
        syscall: i32,
        arch: u32,
    },
    /// The raw union words, as parsed from the guest (the kernel, not the
    /// bytes, decides which member is live).
    Raw([u32; 5]),
}

impl SigInfo {
    /// Size of `siginfo_t` (`SI_MAX_SIZE`).
    pub const SIZE: usize = 128;

    /// A `siginfo` with all union words zero.
    #[must_use]
    pub const fn new(signo: u32, code: i32, fields: SigFields) -> SigInfo {
        SigInfo {
            signo,
            errno: 0,
            code,
            fields,
        }
    }

    /// Parses the header and the first five union words.
    pub fn parse(buf: &[u8]) -> Result<SigInfo, super::layout::ShortBuffer> {
        if buf.len() < Self::SIZE {
            return Err(super::layout::ShortBuffer {
                needed: Self::SIZE,
                got: buf.len(),
            });
        }
        Ok(SigInfo {
            signo: u32::read(buf, 0),
            errno: i32::read(buf, 4),
            code: i32::read(buf, 8),
            fields: SigFields::Raw(<[u32; 5]>::read(buf, 12)),
        })
    }

    /// Writes all 128 bytes (unused bytes zero).
    pub fn emit(&self, buf: &mut [u8]) -> Result<(), super::layout::ShortBuffer> {
        let Some(out) = buf.get_mut(..Self::SIZE) else {
            return Err(super::layout::ShortBuffer {
                needed: Self::SIZE,
                got: buf.len(),
            });
        };
        out.fill(0);
        self.signo.write(out, 0);
        self.errno.write(out, 4);
        self.code.write(out, 8);
        let words: [u32; 5] = match self.fields {
            SigFields::Kill { pid, uid } => [pid, uid, 0, 0, 0],
            SigFields::Timer {
                tid,
                overrun,
                value,
            } => [tid, overrun, value, 0, 0],
            SigFields::Rt { pid, uid, value } => [pid, uid, value, 0, 0],
            SigFields::Chld {
                pid,
                uid,
                status,
                utime,
                stime,
            } => [pid, uid, status as u32, utime, stime],
            SigFields::Fault { addr } => [addr, 0, 0, 0, 0],
            SigFields::Poll { band, fd } => [band, fd as u32, 0, 0, 0],
            SigFields::Sys {
                call_addr,
                syscall,
                arch,
            } => [call_addr, syscall as u32, arch, 0, 0],
            SigFields::Raw(w) => w,
        };
        words.write(out, 12);
        Ok(())
    }

    /// The 128 guest bytes.
    #[must_use]
    pub fn to_bytes(self) -> [u8; 128] {
        let mut out = [0; 128];
        let _ = self.emit(&mut out);
        out
    }
}

abi_struct! {
    /// `struct sigcontext_32` (`asm/sigcontext.h`): the registers saved in a
    /// signal frame. Segment registers are 16-bit with a 16-bit pad.
    pub struct SigContext: 88 {
        gs: u16 = 0,
        fs: u16 = 4,
        es: u16 = 8,
        ds: u16 = 12,
        edi: u32 = 16,
        esi: u32 = 20,
        ebp: u32 = 24,
        esp: u32 = 28,
        ebx: u32 = 32,
        edx: u32 = 36,
        ecx: u32 = 40,
        eax: u32 = 44,
        trapno: u32 = 48,
        err: u32 = 52,
        eip: u32 = 56,
        cs: u16 = 60,
        eflags: u32 = 64,
        esp_at_signal: u32 = 68,
        ss: u16 = 72,
        /// Guest address of the `_fpstate_32` (0 if none).
        fpstate: u32 = 76,
        /// The first word of the blocked mask (legacy `sigframe` only).
        oldmask: u32 = 80,
        cr2: u32 = 84,
    }
}

abi_struct! {
    /// The legacy `fnsave` part of `struct _fpstate_32` (`asm/sigcontext.h`):
    /// environment, eight 80-bit registers, then `status` and `magic`.
    /// The full struct is [`FPSTATE_SIZE`] bytes with the FXSR area after
    /// `magic`; without FXSR the kernel sets `magic` to [`FP_MAGIC_NOFXSR`].
    pub struct FpState: 112 {
        cw: u32 = 0,
        sw: u32 = 4,
        tag: u32 = 8,
        ipoff: u32 = 12,
        cssel: u32 = 16,
        dataoff: u32 = 20,
        datasel: u32 = 24,
        /// `_st[8]`: eight `struct _fpreg` of 10 bytes (64-bit significand, 16-bit sign+exponent).
        st: [u8; 80] = 28,
        status: u16 = 108,
        magic: u16 = 110,
    }
}

/// `sizeof(struct _fpstate_32)` including the FXSR and padding areas.
pub const FPSTATE_SIZE: usize = 624;
/// `_fpstate_32.magic` for "fnsave data only" (`X86_FXSR_MAGIC` is 0).
pub const FP_MAGIC_NOFXSR: u16 = 0xffff;

abi_struct! {
    /// `struct ucontext` (i386 `ucontext_ia32`): flags, link, `stack_t`,
    /// `sigcontext`, the 64-bit blocked mask.
    pub struct UContext: 116 {
        flags: u32 = 0,
        link: u32 = 4,
        stack_sp: u32 = 8,
        stack_flags: u32 = 12,
        stack_size: u32 = 16,
        mcontext: [u8; 88] = 20,
        sigmask: SigSet = 108,
    }
}

/// `retcode` of a legacy `sigframe`: `popl %eax; movl $__NR_sigreturn,%eax; int $0x80`
/// (`signal_32.c`, `retcode` in `__setup_frame`; kept for gdb, the handler
/// returns through the vDSO's `__kernel_sigreturn`).
pub const SIGFRAME_RETCODE: [u8; 8] = [0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80];
/// `retcode` of an `rt_sigframe`: `movl $__NR_rt_sigreturn,%eax; int $0x80`, padded.
pub const RT_SIGFRAME_RETCODE: [u8; 8] = [0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0];

abi_struct! {
    /// The legacy i386 signal frame (`struct sigframe_ia32`), used when the
    /// handler lacks `SA_SIGINFO`. The FP state follows the frame.
    pub struct SigFrame: 732 {
        /// Return address of the handler (`sa_restorer` or vDSO `__kernel_sigreturn`).
        pretcode: u32 = 0,
        sig: u32 = 4,
        sc: [u8; 88] = 8,
        /// Unused legacy `_fpstate_32` (keeps `extramask` at its historical offset).
        fpstate_unused: [u8; 624] = 96,
        /// The second word of the blocked mask.
        extramask: u32 = 720,
        retcode: [u8; 8] = 724,
    }
}

abi_struct! {
    /// The i386 `SA_SIGINFO` frame (`struct rt_sigframe_ia32`). The FP state follows.
    pub struct RtSigFrame: 268 {
        pretcode: u32 = 0,
        sig: u32 = 4,
        /// Guest address of `info` (frame + 16).
        pinfo: u32 = 8,
        /// Guest address of `uc` (frame + 144).
        puc: u32 = 12,
        info: [u8; 128] = 16,
        uc: [u8; 116] = 144,
        retcode: [u8; 8] = 260,
    }
}

/// Offset of `info` in an [`RtSigFrame`].
pub const RT_SIGFRAME_INFO: u32 = 16;
/// Offset of `uc` in an [`RtSigFrame`].
pub const RT_SIGFRAME_UC: u32 = 144;
/// Offset of `uc.uc_mcontext` in an [`RtSigFrame`].
pub const RT_SIGFRAME_MCONTEXT: u32 = 144 + 20;

/// Where a signal frame goes on the stack: the frame address and the
/// address of its FP state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FramePlacement {
    /// The handler's `esp` on entry (points at `pretcode`).
    pub frame: u32,
    /// Where the FP state (`_fpstate_32`) is written.
    pub fpstate: u32,
}

/// Places a frame of `frame_size` bytes below `sp` with the FP state
/// (`fp_size` bytes, [`FpState::SIZE`] for fnsave) above it, as
/// `get_sigframe` does on i386: FP state below `sp`, aligned down to 64
/// (`fpu__alloc_mathframe`), then the frame, aligned so that
/// `(esp + 4) % 16 == 0` on handler entry (`align_sigframe`, the i386 ABI's
/// view of a call). Wrapping arithmetic: a bad `sp` faults when written.
#[must_use]
pub const fn place_frame(sp: u32, frame_size: u32, fp_size: u32) -> FramePlacement {
    let fpstate = sp.wrapping_sub(fp_size) & !63;
    let frame = (fpstate.wrapping_sub(frame_size).wrapping_add(4) & !15).wrapping_sub(4);
    FramePlacement { frame, fpstate }
}

abi_struct! {
    /// `struct user_desc` for `set_thread_area(2)` / `get_thread_area(2)`
    /// (`asm/ldt.h`); the flags word holds the bitfields, see [`UserDesc`] methods.
    pub struct UserDesc: 16 {
        /// GDT entry; `u32::MAX` (-1) asks the kernel to pick one.
        entry_number: u32 = 0,
        base_addr: u32 = 4,
        limit: u32 = 8,
        /// seg_32bit:1, contents:2, read_exec_only:1, limit_in_pages:1,
        /// seg_not_present:1, useable:1 (bits 0..=6).
        flags: u32 = 12,
    }
}

impl UserDesc {
    #[must_use]
    pub const fn seg_32bit(&self) -> bool {
        self.flags & 1 != 0
    }
    #[must_use]
    pub const fn contents(&self) -> u32 {
        (self.flags >> 1) & 3
    }
    #[must_use]
    pub const fn read_exec_only(&self) -> bool {
        self.flags & (1 << 3) != 0
    }
    #[must_use]
    pub const fn limit_in_pages(&self) -> bool {
        self.flags & (1 << 4) != 0
    }
    #[must_use]
    pub const fn seg_not_present(&self) -> bool {
        self.flags & (1 << 5) != 0
    }
    #[must_use]
    pub const fn useable(&self) -> bool {
        self.flags & (1 << 6) != 0
    }
    /// The "empty" descriptor that clears an entry (`LDT_empty`: base,
    /// limit, contents... all zero, read_exec_only and seg_not_present set).
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.base_addr == 0
            && self.limit == 0
            && self.contents() == 0
            && self.read_exec_only()
            && !self.seg_32bit()
            && !self.limit_in_pages()
            && self.seg_not_present()
            && !self.useable()
    }
}

/// First and last GDT slots for TLS (`GDT_ENTRY_TLS_MIN`.. `MAX`) of an
/// x86-64 kernel, which 32-bit processes get there.
pub const GDT_ENTRY_TLS_MIN: u32 = 12;
pub const GDT_ENTRY_TLS_MAX: u32 = 14;

abi_struct! {
    /// `struct robust_list_head` (`linux/futex.h`, 32-bit pointers).
    pub struct RobustListHead: 12 {
        list_next: u32 = 0,
        futex_offset: i32 = 4,
        list_op_pending: u32 = 8,
    }
}

abi_struct! {
    /// `struct sigevent` (`asm-generic/siginfo.h`, `SIGEV_MAX_SIZE` 64):
    /// value, signo, notify, then the union (`_tid` for `SIGEV_THREAD_ID`,
    /// or `_function`/`_attribute`).
    pub struct SigEvent: 64 {
        value: u32 = 0,
        signo: u32 = 4,
        notify: i32 = 8,
        tid_or_function: u32 = 12,
        attribute: u32 = 16,
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::check_layout;
    use super::*;

    #[test]
    fn layouts() {
        check_layout("KSigAction", KSigAction::SIZE, KSigAction::OFFSETS);
        check_layout("OldSigAction", OldSigAction::SIZE, OldSigAction::OFFSETS);
        check_layout("StackT", StackT::SIZE, StackT::OFFSETS);
        check_layout("SigContext", SigContext::SIZE, SigContext::OFFSETS);
        check_layout("FpState", FpState::SIZE, FpState::OFFSETS);
        check_layout("UContext", UContext::SIZE, UContext::OFFSETS);
        check_layout("SigFrame", SigFrame::SIZE, SigFrame::OFFSETS);
        check_layout("RtSigFrame", RtSigFrame::SIZE, RtSigFrame::OFFSETS);
        check_layout("UserDesc", UserDesc::SIZE, UserDesc::OFFSETS);
        check_layout(
            "RobustListHead",
            RobustListHead::SIZE,
            RobustListHead::OFFSETS,
        );
        check_layout("SigEvent", SigEvent::SIZE, SigEvent::OFFSETS);
        // Sizes from the headers cited above.
        assert_eq!(SigContext::SIZE, 88);
        assert_eq!(UContext::SIZE, 4 + 4 + StackT::SIZE + SigContext::SIZE + 8);
        assert_eq!(
            SigFrame::SIZE,
            4 + 4 + SigContext::SIZE + FPSTATE_SIZE + 4 + 8
        );
        assert_eq!(RtSigFrame::SIZE, 16 + SigInfo::SIZE + UContext::SIZE + 8);
        assert_eq!(RT_SIGFRAME_MCONTEXT as usize, RtSigFrame::OFFSETS[5].1 + 20);
    }

    #[test]
    fn default_actions_follow_signal_7() {
        assert_eq!(default_action(SIGINT), DefaultAction::Term);
        assert_eq!(default_action(SIGSEGV), DefaultAction::Core);
        assert_eq!(default_action(SIGCHLD), DefaultAction::Ignore);
        assert_eq!(default_action(SIGWINCH), DefaultAction::Ignore);
        assert_eq!(default_action(SIGTSTP), DefaultAction::Stop);
        assert_eq!(default_action(SIGCONT), DefaultAction::Cont);
        assert_eq!(default_action(SIGPIPE), DefaultAction::Term);
        assert_eq!(default_action(SIGRTMIN + 3), DefaultAction::Term);
        assert_eq!(name(SIGWINCH), Some("SIGWINCH"));
        assert_eq!(name(0), None);
        assert_eq!(name(40), None);
    }

    #[test]
    fn sigset_bits() {
        let mut s = SigSet::EMPTY;
        s.add(SIGINT);
        s.add(SIGRTMAX);
        s.add(0);
        s.add(65);
        assert_eq!(s.0, (1 << 1) | (1 << 63));
        assert!(s.contains(SIGINT) && s.contains(64) && !s.contains(0) && !s.contains(65));
        assert_eq!(s.lowest(), Some(SIGINT));
        s.remove(SIGINT);
        assert_eq!(s.lowest(), Some(64));
        let all = SigSet(u64::MAX).blockable();
        assert!(!all.contains(SIGKILL) && !all.contains(SIGSTOP) && all.contains(SIGTERM));
        let a = KSigAction {
            handler: 0x0804_8000,
            flags: SA_SIGINFO | SA_RESTART,
            restorer: 0,
            mask: s,
        };
        let b = a.to_bytes();
        assert_eq!(&b[12..20], &(1u64 << 63).to_le_bytes());
        assert_eq!(KSigAction::parse(&b), Ok(a));
    }

    #[test]
    fn siginfo_union_offsets() {
        let si = SigInfo::new(
            SIGCHLD,
            code::CLD_EXITED,
            SigFields::Chld {
                pid: 42,
                uid: 1000,
                status: 3,
                utime: 7,
                stime: 8,
            },
        );
        let b = si.to_bytes();
        assert_eq!(&b[0..12], &[17, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
        assert_eq!(u32::read(&b, 12), 42);
        assert_eq!(u32::read(&b, 16), 1000);
        assert_eq!(i32::read(&b, 20), 3);
        assert_eq!(u32::read(&b, 28), 8);
        assert!(b[32..].iter().all(|&x| x == 0));
        let p = SigInfo::parse(&b).unwrap();
        assert_eq!(p.fields, SigFields::Raw([42, 1000, 3, 7, 8]));
        let f = SigInfo::new(
            SIGSEGV,
            code::SEGV_MAPERR,
            SigFields::Fault { addr: 0xdead_0000 },
        )
        .to_bytes();
        assert_eq!(u32::read(&f, 12), 0xdead_0000);
        assert!(SigInfo::parse(&f[..127]).is_err());
    }

    #[test]
    fn frame_placement_is_aligned() {
        for sp in [0xbfff_f000u32, 0xbfff_effc, 0xbfff_e123, 0x1000] {
            let p = place_frame(sp, RtSigFrame::SIZE as u32, FpState::SIZE as u32);
            assert_eq!((p.frame + 4) % 16, 0, "sp {sp:#x}");
            assert!(p.frame + RtSigFrame::SIZE as u32 <= p.fpstate);
            assert!(p.fpstate + FpState::SIZE as u32 <= sp);
            assert_eq!(p.fpstate % 64, 0);
        }
        // A wrapped stack pointer does not panic.
        let _ = place_frame(0, 732, 112);
    }

    #[test]
    fn user_desc_bits() {
        // glibc's TLS descriptor: seg_32bit, limit_in_pages, useable, limit 0xfffff.
        let d = UserDesc {
            entry_number: u32::MAX,
            base_addr: 0x1000,
            limit: 0xfffff,
            flags: 0x51,
        };
        assert!(d.seg_32bit() && d.limit_in_pages() && d.useable() && !d.seg_not_present());
        assert_eq!(d.contents(), 0);
        assert!(!d.is_empty());
        let e = UserDesc {
            entry_number: 6,
            base_addr: 0,
            limit: 0,
            flags: (1 << 3) | (1 << 5),
        };
        assert!(e.is_empty());
        assert_eq!(UserDesc::parse(&d.to_bytes()), Ok(d));
    }
}
