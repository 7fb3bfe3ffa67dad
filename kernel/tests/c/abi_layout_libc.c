/* The signal-delivery layouts as glibc sees them, for abi_layout.c: where a
 * handler finds each siginfo_t field and the saved registers and mask in
 * its ucontext_t, which must be where the kernel's frames put them. */
#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <ucontext.h>

#define S(name, type) printf(#name " SIZE %u\n", (unsigned)sizeof(type))
#define F(name, type, ours, c) printf(#name "." #ours " %u\n", (unsigned)offsetof(type, c))
/* A register slot of mcontext_t.gregs, as an offset in struct sigcontext. */
#define G(ours, reg) printf("SigContext." #ours " %u\n", (unsigned)(reg * 4))

void libc_layout(void) {
    S(SigInfo, siginfo_t);
    F(SigInfo, siginfo_t, signo, si_signo); F(SigInfo, siginfo_t, errno, si_errno);
    F(SigInfo, siginfo_t, code, si_code);
    F(SigInfo, siginfo_t, pid, si_pid); F(SigInfo, siginfo_t, uid, si_uid);
    F(SigInfo, siginfo_t, status, si_status); F(SigInfo, siginfo_t, utime, si_utime);
    F(SigInfo, siginfo_t, stime, si_stime); F(SigInfo, siginfo_t, addr, si_addr);
    F(SigInfo, siginfo_t, value, si_value); F(SigInfo, siginfo_t, overrun, si_overrun);
    F(SigInfo, siginfo_t, tid, si_timerid); F(SigInfo, siginfo_t, band, si_band);
    F(SigInfo, siginfo_t, fd, si_fd);
    S(StackT, stack_t);
    F(StackT, stack_t, sp, ss_sp); F(StackT, stack_t, flags, ss_flags); F(StackT, stack_t, size, ss_size);
    F(UContext, ucontext_t, flags, uc_flags); F(UContext, ucontext_t, link, uc_link);
    F(UContext, ucontext_t, stack_sp, uc_stack.ss_sp); F(UContext, ucontext_t, stack_size, uc_stack.ss_size);
    F(UContext, ucontext_t, mcontext, uc_mcontext); F(UContext, ucontext_t, sigmask, uc_sigmask);
    G(gs, REG_GS); G(fs, REG_FS); G(es, REG_ES); G(ds, REG_DS); G(edi, REG_EDI); G(esi, REG_ESI);
    G(ebp, REG_EBP); G(esp, REG_ESP); G(ebx, REG_EBX); G(edx, REG_EDX); G(ecx, REG_ECX);
    G(eax, REG_EAX); G(trapno, REG_TRAPNO); G(err, REG_ERR); G(eip, REG_EIP); G(cs, REG_CS);
    G(eflags, REG_EFL); G(esp_at_signal, REG_UESP); G(ss, REG_SS);
    printf("SigContext.fpstate %u\n", (unsigned)offsetof(mcontext_t, fpregs));
    printf("SigContext.oldmask %u\n", (unsigned)offsetof(mcontext_t, oldmask));
    printf("SigContext.cr2 %u\n", (unsigned)offsetof(mcontext_t, cr2));
}
