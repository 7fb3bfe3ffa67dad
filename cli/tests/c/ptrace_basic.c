/* A tracer and a PTRACE_TRACEME child: syscall stops with TRACESYSGOOD,
 * PEEKDATA/POKEDATA, GETREGS/SETREGS changing a syscall argument,
 * PEEKUSER of orig_eax, GETSIGINFO, a signal delivered and one suppressed,
 * PTRACE_O_TRACEFORK following a grandchild (its exec event and exit), the
 * exec SIGTRAP without TRACEEXEC, and the exit status. Prints relations,
 * never pids or addresses. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static char buffer[16] = "hello, tracer!\n";

static void on_usr1(int s) {
    (void)s;
    static const char m[] = "child: usr1 handled\n";
    write(1, m, sizeof m - 1);
}

static void child(void) {
    signal(SIGUSR1, on_usr1);
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    raise(SIGSTOP);
    syscall(SYS_getpid);
    write(1, buffer, 15);
    write(999, "child: to fd 999\n", 17);
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR2);
    pid_t gc = fork();
    if (gc == 0) {
        execl("/bin/true", "true", (char *)0);
        _exit(127);
    }
    int st;
    waitpid(gc, &st, 0);
    char line[64];
    int n = snprintf(line, sizeof line, "child: grandchild exited %d\n", WEXITSTATUS(st));
    write(1, line, n);
    execl("/bin/sh", "sh", "-c", "exit 3", (char *)0);
    _exit(126);
}

static const char *name(long nr) {
    switch (nr) {
    case SYS_getpid: return "getpid";
    case SYS_write: return "write";
    case SYS_kill: return "kill";
    case SYS_clone: return "clone";
    case SYS_wait4: return "wait4";
    case SYS_execve: return "execve";
    case SYS_sigreturn: return "sigreturn";
    case SYS_rt_sigreturn: return "rt_sigreturn";
    case SYS_rt_sigprocmask: return "rt_sigprocmask";
    case SYS_exit_group: return "exit_group";
    }
    return "other";
}

static void expect_stop(pid_t pid, int *st, const char *what) {
    if (waitpid(pid, st, __WALL) != pid) {
        printf("%s: waitpid failed: %s\n", what, strerror(errno));
        exit(1);
    }
}

static void follow_grandchild(pid_t child) {
    unsigned long msg = 0;
    ptrace(PTRACE_GETEVENTMSG, child, 0, &msg);
    pid_t gc = (pid_t)msg;
    int st;
    expect_stop(gc, &st, "grandchild");
    printf("grandchild: first stop %s, pid is the event message\n",
           WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP ? "SIGSTOP" : "other");
    ptrace(PTRACE_CONT, gc, 0, 0);
    expect_stop(gc, &st, "grandchild exec");
    printf("grandchild: exec event %d\n", WIFSTOPPED(st) && st >> 8 == (SIGTRAP | PTRACE_EVENT_EXEC << 8));
    ptrace(PTRACE_GETEVENTMSG, gc, 0, &msg);
    printf("grandchild: exec message is its pid %d\n", (pid_t)msg == gc);
    ptrace(PTRACE_CONT, gc, 0, 0);
    expect_stop(gc, &st, "grandchild exit");
    printf("grandchild: tracer sees exit %d code %d\n", WIFEXITED(st), WEXITSTATUS(st));
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t pid = fork();
    if (pid == 0)
        child();
    int st;
    expect_stop(pid, &st, "first stop");
    printf("first stop: stopped %d by %s\n", WIFSTOPPED(st), strsignal(WSTOPSIG(st)));
    ptrace(PTRACE_SETOPTIONS, pid, 0,
           PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEFORK);
    int sig = 0, in_call = 0, writes = 0, traced = 1;
    for (;;) {
        ptrace(traced ? PTRACE_SYSCALL : PTRACE_CONT, pid, 0, sig);
        sig = 0;
        expect_stop(pid, &st, "loop");
        if (WIFEXITED(st)) {
            printf("child exited with %d\n", WEXITSTATUS(st));
            break;
        }
        if (WIFSIGNALED(st)) {
            printf("child killed by %s\n", strsignal(WTERMSIG(st)));
            break;
        }
        if (!WIFSTOPPED(st)) {
            printf("unexpected status %#x\n", st);
            break;
        }
        int s = WSTOPSIG(st);
        if (s == (SIGTRAP | 0x80)) {
            struct user_regs_struct r;
            ptrace(PTRACE_GETREGS, pid, 0, &r);
            in_call = !in_call;
            const char *n = name(r.orig_eax);
            if (in_call) {
                long orig = ptrace(PTRACE_PEEKUSER, pid, offsetof(struct user, regs.orig_eax), 0);
                printf("enter %s (eax %ld, peekuser orig_eax agrees %d)\n", n, r.eax, orig == r.orig_eax);
                if (r.orig_eax == SYS_write && writes++ == 0) {
                    errno = 0;
                    long word = ptrace(PTRACE_PEEKDATA, pid, r.ecx, 0);
                    printf("  peekdata: %.4s (errno %d)\n", (char *)&word, errno);
                    memcpy(&word, "HELL", 4);
                    printf("  pokedata: %ld\n", ptrace(PTRACE_POKEDATA, pid, r.ecx, word));
                } else if (r.orig_eax == SYS_write && (int)r.ebx == 999) {
                    r.ebx = 1;
                    printf("  setregs fd 999 -> 1: %ld\n", ptrace(PTRACE_SETREGS, pid, 0, &r));
                } else if (r.orig_eax == SYS_execve) {
                    siginfo_t si;
                    ptrace(PTRACE_GETSIGINFO, pid, 0, &si);
                    printf("  siginfo at a syscall stop: signo %d code %#x\n", si.si_signo, si.si_code);
                    ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD);
                }
            } else if (r.orig_eax == SYS_getpid) {
                printf("exit %s = the child's pid %d\n", n, r.eax == pid);
            } else if (r.orig_eax == SYS_write || r.orig_eax == SYS_kill || r.orig_eax == SYS_execve) {
                printf("exit %s = %ld\n", n, r.eax);
            } else if (r.orig_eax == SYS_wait4 || r.orig_eax == SYS_clone) {
                printf("exit %s = %s\n", n, r.eax > 0 ? "a pid" : "error");
            } else {
                printf("exit %s\n", n);
            }
        } else if (st >> 16 == PTRACE_EVENT_FORK) {
            printf("event fork\n");
            follow_grandchild(pid);
        } else if (s == SIGTRAP) {
            siginfo_t si;
            ptrace(PTRACE_GETSIGINFO, pid, 0, &si);
            printf("SIGTRAP after exec (si_code %d, in a call %d); following no more calls\n", si.si_code, in_call);
            traced = 0;
        } else {
            siginfo_t si;
            ptrace(PTRACE_GETSIGINFO, pid, 0, &si);
            printf("signal %s, si_code %d, from the child %d\n", strsignal(s), si.si_code, si.si_pid == pid);
            sig = s == SIGUSR1 ? s : 0;
            printf("  %s\n", sig ? "delivered" : "suppressed");
        }
    }
    errno = 0;
    long r = ptrace(PTRACE_CONT, pid, 0, 0);
    printf("ptrace on the reaped child: %ld %s\n", r, strerror(errno));
    return 0;
}
