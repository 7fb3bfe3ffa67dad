//! ptrace(2): requests, options, events and the i386 register layouts a
//! tracer reads (`include/uapi/linux/ptrace.h`,
//! `arch/x86/include/uapi/asm/ptrace-abi.h`, `arch/x86/include/asm/user_32.h`,
//! `include/uapi/linux/elf.h` for the regset notes).

use super::layout::abi_struct;

/// Requests (the first argument of ptrace).
pub mod req {
    pub const PTRACE_TRACEME: u32 = 0;
    pub const PTRACE_PEEKTEXT: u32 = 1;
    pub const PTRACE_PEEKDATA: u32 = 2;
    pub const PTRACE_PEEKUSR: u32 = 3;
    pub const PTRACE_POKETEXT: u32 = 4;
    pub const PTRACE_POKEDATA: u32 = 5;
    pub const PTRACE_POKEUSR: u32 = 6;
    pub const PTRACE_CONT: u32 = 7;
    pub const PTRACE_KILL: u32 = 8;
    pub const PTRACE_SINGLESTEP: u32 = 9;
    pub const PTRACE_GETREGS: u32 = 12;
    pub const PTRACE_SETREGS: u32 = 13;
    pub const PTRACE_GETFPREGS: u32 = 14;
    pub const PTRACE_SETFPREGS: u32 = 15;
    pub const PTRACE_ATTACH: u32 = 16;
    pub const PTRACE_DETACH: u32 = 17;
    pub const PTRACE_GETFPXREGS: u32 = 18;
    pub const PTRACE_SETFPXREGS: u32 = 19;
    pub const PTRACE_SYSCALL: u32 = 24;
    pub const PTRACE_GET_THREAD_AREA: u32 = 25;
    pub const PTRACE_SET_THREAD_AREA: u32 = 26;
    pub const PTRACE_SYSEMU: u32 = 31;
    pub const PTRACE_SYSEMU_SINGLESTEP: u32 = 32;
    pub const PTRACE_SETOPTIONS: u32 = 0x4200;
    pub const PTRACE_GETEVENTMSG: u32 = 0x4201;
    pub const PTRACE_GETSIGINFO: u32 = 0x4202;
    pub const PTRACE_SETSIGINFO: u32 = 0x4203;
    pub const PTRACE_GETREGSET: u32 = 0x4204;
    pub const PTRACE_SETREGSET: u32 = 0x4205;
    pub const PTRACE_SEIZE: u32 = 0x4206;
    pub const PTRACE_INTERRUPT: u32 = 0x4207;
    pub const PTRACE_LISTEN: u32 = 0x4208;
    pub const PTRACE_PEEKSIGINFO: u32 = 0x4209;
    pub const PTRACE_GETSIGMASK: u32 = 0x420a;
    pub const PTRACE_SETSIGMASK: u32 = 0x420b;
}

/// `PTRACE_SETOPTIONS` bits.
pub mod opt {
    pub const PTRACE_O_TRACESYSGOOD: u32 = 1;
    pub const PTRACE_O_TRACEFORK: u32 = 1 << 1;
    pub const PTRACE_O_TRACEVFORK: u32 = 1 << 2;
    pub const PTRACE_O_TRACECLONE: u32 = 1 << 3;
    pub const PTRACE_O_TRACEEXEC: u32 = 1 << 4;
    pub const PTRACE_O_TRACEVFORKDONE: u32 = 1 << 5;
    pub const PTRACE_O_TRACEEXIT: u32 = 1 << 6;
    pub const PTRACE_O_TRACESECCOMP: u32 = 1 << 7;
    pub const PTRACE_O_EXITKILL: u32 = 1 << 20;
    pub const PTRACE_O_SUSPEND_SECCOMP: u32 = 1 << 21;
    /// Every option Linux knows (`PTRACE_O_MASK`).
    pub const PTRACE_O_MASK: u32 = 0xff | PTRACE_O_EXITKILL | PTRACE_O_SUSPEND_SECCOMP;
}

/// `PTRACE_EVENT_*`: in bits 16..23 of a stop's wait status.
pub mod event {
    pub const PTRACE_EVENT_FORK: u32 = 1;
    pub const PTRACE_EVENT_VFORK: u32 = 2;
    pub const PTRACE_EVENT_CLONE: u32 = 3;
    pub const PTRACE_EVENT_EXEC: u32 = 4;
    pub const PTRACE_EVENT_VFORK_DONE: u32 = 5;
    pub const PTRACE_EVENT_EXIT: u32 = 6;
    pub const PTRACE_EVENT_STOP: u32 = 128;
}

/// `PTRACE_PEEKSIGINFO` flag: peek the process's shared queue.
pub const PTRACE_PEEKSIGINFO_SHARED: u32 = 1;

/// Regset note types (`NT_*`, `include/uapi/linux/elf.h`).
pub mod note {
    pub const NT_PRSTATUS: u32 = 1;
    pub const NT_PRFPREG: u32 = 2;
    pub const NT_PRXFPREG: u32 = 0x46e6_2b7f;
    pub const NT_386_TLS: u32 = 0x200;
}

abi_struct! {
    /// i386 `struct user_regs_struct` (`asm/user_32.h`): what
    /// `PTRACE_GETREGS` copies and `NT_PRSTATUS` holds; the first member of
    /// `struct user`, so `PTRACE_PEEKUSER` offsets below 68 name these.
    pub struct UserRegs: 68 {
        ebx: u32 = 0,
        ecx: u32 = 4,
        edx: u32 = 8,
        esi: u32 = 12,
        edi: u32 = 16,
        ebp: u32 = 20,
        eax: u32 = 24,
        ds: u32 = 28,
        es: u32 = 32,
        fs: u32 = 36,
        gs: u32 = 40,
        orig_eax: u32 = 44,
        eip: u32 = 48,
        cs: u32 = 52,
        eflags: u32 = 56,
        esp: u32 = 60,
        ss: u32 = 64,
    }
}

abi_struct! {
    /// `struct iovec` as `PTRACE_GETREGSET` takes it.
    pub struct RegsetIovec: 8 {
        base: u32 = 0,
        len: u32 = 4,
    }
}

abi_struct! {
    /// `struct ptrace_peeksiginfo_args` (`linux/ptrace.h`).
    pub struct PeekSiginfoArgs: 16 {
        off: u64 = 0,
        flags: u32 = 8,
        nr: i32 = 12,
    }
}

/// Size of i386 `struct user` (`asm/user_32.h`): PEEKUSER/POKEUSER
/// offsets at or past it are EIO.
pub const USER_SIZE: u32 = 284;
/// `offsetof(struct user, u_debugreg)`: eight debug registers.
pub const USER_DEBUGREG: u32 = 252;
/// Size of `struct user_i387_struct` (the fnsave image).
pub const USER_I387_SIZE: usize = 108;
/// Size of `struct user_fxsr_struct` (the fxsave image).
pub const USER_FXSR_SIZE: usize = 512;

/// The EFLAGS bits a tracer may change (`FLAG_MASK`, arch/x86/kernel/ptrace.c):
/// CF PF AF ZF SF TF DF OF RF AC NT.
pub const EFLAGS_SETTABLE: u32 = 0x0005_4dd5;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::layout::check_layout;

    #[test]
    fn layouts() {
        check_layout("UserRegs", UserRegs::SIZE, UserRegs::OFFSETS);
        check_layout("RegsetIovec", RegsetIovec::SIZE, RegsetIovec::OFFSETS);
        check_layout(
            "PeekSiginfoArgs",
            PeekSiginfoArgs::SIZE,
            PeekSiginfoArgs::OFFSETS,
        );
        // struct user: regs (68), u_fpvalid (4), i387 (108), five longs,
        // signal, reserved, u_ar0, u_fpstate, magic, u_comm[32], then the
        // debug registers.
        assert_eq!(68 + 4 + USER_I387_SIZE as u32 + 4 * 10 + 32, USER_DEBUGREG);
        assert_eq!(USER_DEBUGREG + 8 * 4, USER_SIZE);
    }
}
