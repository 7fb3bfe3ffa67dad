/* A debugger's requests: PTRACE_SINGLESTEP through a known instruction
 * sequence (a jump, a call, a loop, a system call) from a breakpoint
 * (int3), GETSIGINFO of the traps, GETFPREGS/SETFPREGS (the fnsave image:
 * x87 stack contents the tracee then stores), POKEUSER of a register,
 * SETREGSET, PTRACE_O_EXITKILL-free exit, and the exit status. Prints
 * offsets and relations, never addresses or pids. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

extern char step_begin[], step_end[];

static double stored;

static void child(void) {
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    raise(SIGSTOP);
    /* The tracer steps from step_begin to step_end. */
    __asm__ volatile("int3\n"
                     "step_begin:\n"
                     "xorl %%ecx, %%ecx\n"
                     "movl $1, %%eax\n"
                     "addl $2, %%eax\n"
                     "jmp 1f\n"
                     "nop\n"
                     "1: movl $3, %%ecx\n"
                     "2: imull $3, %%eax\n"
                     "loop 2b\n"
                     "call 3f\n"
                     "3: popl %%edx\n"
                     "pushl %%ebx\n"
                     "movl $20, %%eax\n" /* getpid */
                     "int $0x80\n"
                     "popl %%ebx\n"
                     "step_end:\n"
                     "nop\n"
                     :
                     :
                     : "eax", "ecx", "edx", "memory", "cc");
    /* The tracer reads the x87 stack here and replaces st(0). */
    double d;
    __asm__ volatile("fld1\n"
                     "fldpi\n"
                     "int3\n"
                     "fstpl %0\n"
                     "fstp %%st(0)\n"
                     : "=m"(d)
                     :
                     : "memory", "st");
    stored = d;
    char line[64];
    int n = snprintf(line, sizeof line, "child: st(0) after the tracer: %g\n", stored);
    write(1, line, n);
    /* The tracer sets ebx (the status) of this exit_group at its entry. */
    syscall(SYS_exit_group, 1);
}

static int wait_for(pid_t pid) {
    int st;
    if (waitpid(pid, &st, __WALL) != pid) {
        printf("waitpid: %s\n", strerror(errno));
        exit(1);
    }
    return st;
}

static void trap_info(pid_t pid, const char *what) {
    siginfo_t si;
    ptrace(PTRACE_GETSIGINFO, pid, 0, &si);
    printf("%s: signo %d code %#x\n", what, si.si_signo, si.si_code);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t pid = fork();
    if (pid == 0)
        child();
    int st = wait_for(pid);
    printf("first stop by %s\n", sigabbrev_np(WSTOPSIG(st)));
    ptrace(PTRACE_CONT, pid, 0, 0);
    st = wait_for(pid);
    printf("breakpoint: %s\n", sigabbrev_np(WSTOPSIG(st)));
    trap_info(pid, "breakpoint");
    struct user_regs_struct r;
    ptrace(PTRACE_GETREGS, pid, 0, &r);
    printf("at step_begin %d\n", r.eip == (unsigned long)step_begin);
    int steps = 0;
    while (r.eip != (unsigned long)step_end && steps < 100) {
        ptrace(PTRACE_SINGLESTEP, pid, 0, 0);
        st = wait_for(pid);
        if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP) {
            printf("step %d: status %#x\n", steps, st);
            break;
        }
        if (steps == 0)
            trap_info(pid, "step");
        ptrace(PTRACE_GETREGS, pid, 0, &r);
        steps++;
        long eax = r.eax == (unsigned long)pid ? -1 : (long)r.eax;
        printf("step %d: +%ld eax %ld ecx %ld%s\n", steps, (long)(r.eip - (unsigned long)step_begin),
               eax, (long)r.ecx, r.orig_eax == SYS_getpid ? " (after getpid: eax is its pid)" : "");
    }

    /* The x87 stack at the second breakpoint: pi over 1. */
    ptrace(PTRACE_CONT, pid, 0, 0);
    st = wait_for(pid);
    printf("second breakpoint: %s\n", sigabbrev_np(WSTOPSIG(st)));
    struct user_fpregs_struct fp;
    printf("getfpregs: %ld\n", ptrace(PTRACE_GETFPREGS, pid, 0, &fp));
    printf("  cwd %#lx swd %#lx twd %#lx\n", fp.cwd & 0xffff, fp.swd & 0xffff, fp.twd & 0xffff);
    const unsigned char *s = (const unsigned char *)fp.st_space;
    for (int i = 0; i < 2; i++) {
        printf("  st(%d):", i);
        for (int j = 9; j >= 0; j--)
            printf(" %02x", s[10 * i + j]);
        printf("\n");
    }
    /* st(0) = 2.0: exponent 0x4000, integer bit set. */
    unsigned char two[10] = {0, 0, 0, 0, 0, 0, 0, 0x80, 0x00, 0x40};
    memcpy(fp.st_space, two, 10);
    printf("setfpregs: %ld\n", ptrace(PTRACE_SETFPREGS, pid, 0, &fp));
    struct iovec iov = {&fp, sizeof fp};
    memset(&fp, 0, sizeof fp);
    long got = ptrace(PTRACE_GETREGSET, pid, NT_PRFPREG, &iov);
    printf("getregset NT_PRFPREG: %ld, length %zu, st(0) now %02x%02x\n", got, iov.iov_len,
           ((unsigned char *)fp.st_space)[9], ((unsigned char *)fp.st_space)[8]);

    /* The exit_group: its status changed at the entry through POKEUSER. */
    ptrace(PTRACE_SYSCALL, pid, 0, 0);
    for (;;) {
        st = wait_for(pid);
        if (!WIFSTOPPED(st))
            break;
        long orig = ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user, regs.orig_eax), 0);
        if (orig == SYS_exit_group) {
            printf("exit_group entry, ebx %ld\n",
                   ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user, regs.ebx), 0));
            printf("pokeuser ebx: %ld\n",
                   ptrace(PTRACE_POKEUSER, pid, offsetof(struct user, regs.ebx), 42));
            struct user_regs_struct regs;
            struct iovec riov = {&regs, sizeof regs};
            ptrace(PTRACE_GETREGSET, pid, NT_PRSTATUS, &riov);
            regs.ecx = 77;
            printf("setregset: %ld\n", ptrace(PTRACE_SETREGSET, pid, NT_PRSTATUS, &riov));
            printf("ecx now %ld\n",
                   ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user, regs.ecx), 0));
            ptrace(PTRACE_CONT, pid, 0, 0);
        } else {
            ptrace(PTRACE_SYSCALL, pid, 0, 0);
        }
    }
    printf("child exited %d, status %d\n", WIFEXITED(st), WEXITSTATUS(st));
    return 0;
}
