/* More of what strace and gdb see: a blocked read(2) interrupted by a
 * signal under PTRACE_SYSCALL (its exit stop with -ERESTARTSYS, the
 * signal-delivery-stop, the handler's calls, then EINTR or, with
 * SA_RESTART, a new entry), PTRACE_O_TRACECLONE (the event, the new
 * thread's first stop, its detach), PTRACE_O_TRACEEXIT (the event and its message),
 * and PTRACE_O_EXITKILL (the tracee dies with its tracer). Prints
 * relations, never pids or addresses. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static int in_pipe[2];

static void on_usr1(int s) {
    (void)s;
    write(1, "child: handler\n", 15);
}

static volatile int thread_ran;

/* A thread made by clone(2) itself (glibc's pthread_create tries clone3
 * first). */
static int thread_main(void *arg) {
    (void)arg;
    thread_ran = 1;
    syscall(SYS_exit, 0);
    return 0;
}

static void say(const char *what, long r) {
    char line[80];
    int n = snprintf(line, sizeof line, "child: %s %ld %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
    write(1, line, n);
}

static void child(void) {
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    raise(SIGSTOP);
    char c;
    struct sigaction sa = {.sa_handler = on_usr1};
    sigaction(SIGUSR1, &sa, 0);
    say("read", read(in_pipe[0], &c, 1));
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, 0);
    say("read", read(in_pipe[0], &c, 1));
    static char stack[16384] __attribute__((aligned(16)));
    clone(thread_main, stack + sizeof stack,
          CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM, 0);
    while (!thread_ran)
        sched_yield();
    write(1, "child: the thread ran\n", 22);
    syscall(SYS_exit_group, 5);
}

static int wait_for(pid_t pid) {
    int st;
    if (waitpid(pid, &st, __WALL) != pid) {
        printf("waitpid: %s\n", strerror(errno));
        exit(1);
    }
    return st;
}

static const char *name(long nr) {
    switch (nr) {
    case SYS_read: return "read";
    case SYS_write: return "write";
    case SYS_rt_sigreturn: return "rt_sigreturn";
    case SYS_clone: return "clone";
    case SYS_clone3: return "clone3";
    case SYS_exit_group: return "exit_group";
    }
    return 0;
}

/* A tracer that dies with PTRACE_O_EXITKILL set: its tracee dies too
 * (else it would pause forever); the pipe's end it holds closes. */
static void exitkill(void) {
    int p[2];
    if (pipe(p))
        exit(1);
    pid_t tracer = fork();
    if (tracer == 0) {
        pid_t tracee = fork();
        if (tracee == 0) {
            close(p[0]);
            ptrace(PTRACE_TRACEME, 0, 0, 0);
            raise(SIGSTOP);
            for (;;)
                pause();
        }
        close(p[1]);
        int st;
        waitpid(tracee, &st, 0);
        ptrace(PTRACE_SETOPTIONS, tracee, 0, PTRACE_O_EXITKILL);
        _exit(0);
    }
    close(p[1]);
    waitpid(tracer, 0, 0);
    alarm(10);
    char c;
    printf("exitkill: the tracee's end of the pipe closed %d\n", read(p[0], &c, 1) == 0);
    alarm(0);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (pipe(in_pipe))
        return 1;
    pid_t pid = fork();
    if (pid == 0)
        child();
    int st = wait_for(pid);
    ptrace(PTRACE_SETOPTIONS, pid, 0,
           PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXIT);
    int reads = 0, in_call = 0, sig = 0;
    long clone_tid = 0;
    for (;;) {
        ptrace(PTRACE_SYSCALL, pid, 0, sig);
        sig = 0;
        st = wait_for(pid);
        if (WIFEXITED(st)) {
            printf("exited %d\n", WEXITSTATUS(st));
            break;
        }
        if (!WIFSTOPPED(st)) {
            printf("status %#x\n", st);
            break;
        }
        struct user_regs_struct r;
        ptrace(PTRACE_GETREGS, pid, 0, &r);
        int event = st >> 16;
        if (event == PTRACE_EVENT_CLONE) {
            unsigned long msg;
            ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
            clone_tid = (long)msg;
            int ts = wait_for((pid_t)msg);
            printf("clone event; the new thread stops with %s, detached: %ld\n",
                   sigabbrev_np(WSTOPSIG(ts)), ptrace(PTRACE_DETACH, (pid_t)msg, 0, 0));
            continue;
        }
        if (event == PTRACE_EVENT_EXIT) {
            unsigned long msg;
            ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
            printf("exit event: message %#lx, orig_eax is exit_group %d\n", msg,
                   r.orig_eax == SYS_exit_group);
            continue;
        }
        if (WSTOPSIG(st) != (SIGTRAP | 0x80)) {
            printf("signal %s\n", sigabbrev_np(WSTOPSIG(st)));
            sig = WSTOPSIG(st);
            continue;
        }
        in_call = !in_call;
        const char *n = name(r.orig_eax);
        if (!n)
            continue;
        if (in_call) {
            printf("enter %s\n", n);
            if (r.orig_eax == SYS_read && reads++ < 3) {
                /* Let it block, then signal it; the third one gets data. */
                ptrace(PTRACE_SYSCALL, pid, 0, 0);
                usleep(50000);
                if (reads == 3) {
                    write(in_pipe[1], "x", 1);
                } else {
                    kill(pid, SIGUSR1);
                }
                st = wait_for(pid);
                ptrace(PTRACE_GETREGS, pid, 0, &r);
                in_call = 0;
                printf("exit %s = %ld\n", n, (long)r.eax);
            }
        } else if (r.orig_eax == SYS_clone || r.orig_eax == SYS_clone3) {
            printf("exit %s = the event's tid %d\n", n, (long)r.eax == clone_tid);
        } else {
            printf("exit %s = %ld\n", n, (long)r.eax);
        }
    }
    exitkill();
    return 0;
}
