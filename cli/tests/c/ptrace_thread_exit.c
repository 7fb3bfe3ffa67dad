/* A traced thread's exit goes to its tracer: with PTRACE_O_TRACECLONE the
 * new thread is traced from its first stop (SIGSTOP); when it exits its
 * tracer's wait (__WALL) reports the exit status, then the thread is gone
 * (ECHILD); the process goes on and exits. Prints relations, never pids. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int thread_ran;

static int thread_main(void *arg) {
    (void)arg;
    thread_ran = 1;
    syscall(SYS_exit, 3);
    return 0;
}

static const char *describe(int st) {
    static char buf[64];
    if (WIFEXITED(st))
        snprintf(buf, sizeof buf, "exited %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        snprintf(buf, sizeof buf, "killed by %s", sigabbrev_np(WTERMSIG(st)));
    else
        snprintf(buf, sizeof buf, "stopped by %s, event %d", sigabbrev_np(WSTOPSIG(st)), st >> 16);
    return buf;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t pid = fork();
    if (pid == 0) {
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        raise(SIGSTOP);
        static char stack[16384] __attribute__((aligned(16)));
        clone(thread_main, stack + sizeof stack,
              CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM, 0);
        while (!thread_ran)
            sched_yield();
        syscall(SYS_exit_group, 5);
    }
    int st;
    waitpid(pid, &st, 0);
    ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACECLONE);
    ptrace(PTRACE_CONT, pid, 0, 0);
    waitpid(pid, &st, 0);
    printf("process: %s\n", describe(st));
    unsigned long msg = 0;
    ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
    pid_t tid = (pid_t)msg;
    pid_t r = waitpid(tid, &st, __WALL);
    printf("thread: %d, %s\n", r == tid, describe(st));
    ptrace(PTRACE_CONT, tid, 0, 0);
    r = waitpid(tid, &st, __WALL);
    printf("thread: %d, %s\n", r == tid, describe(st));
    errno = 0;
    r = waitpid(tid, &st, __WALL | WNOHANG);
    printf("thread again: %ld %s\n", (long)r, strerrorname_np(errno));
    ptrace(PTRACE_CONT, pid, 0, 0);
    r = waitpid(pid, &st, __WALL);
    printf("process: %d, %s\n", r == pid, describe(st));
    return 0;
}
