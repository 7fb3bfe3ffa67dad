/* vfork under a tracer (what gdb sets up): PTRACE_O_TRACEVFORK reports the
 * vfork with the child's pid and traces the child (its first stop is
 * SIGSTOP), PTRACE_O_TRACEVFORKDONE reports when the child's exec lets
 * the parent go, with the same pid; then the exec'd child and the parent
 * exit. Prints relations, never pids. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

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
        pid_t c = vfork();
        if (c == 0) {
            execl("/bin/sh", "sh", "-c", "exit 4", (char *)0);
            _exit(127);
        }
        int st;
        waitpid(c, &st, 0);
        _exit(WEXITSTATUS(st) + 10);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("first stop: %s\n", describe(st));
    ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACEVFORK | PTRACE_O_TRACEVFORKDONE);
    ptrace(PTRACE_CONT, pid, 0, 0);
    waitpid(pid, &st, 0);
    printf("parent: %s\n", describe(st));
    unsigned long child = 0, done = 0;
    ptrace(PTRACE_GETEVENTMSG, pid, 0, &child);
    int cst;
    pid_t r = waitpid((pid_t)child, &cst, __WALL);
    printf("child's first stop: %d, %s\n", r == (pid_t)child, describe(cst));
    /* The child runs on untraced; the parent waits for it to exec. */
    ptrace(PTRACE_DETACH, (pid_t)child, 0, 0);
    ptrace(PTRACE_CONT, pid, 0, 0);
    waitpid(pid, &st, 0);
    printf("parent: %s\n", describe(st));
    ptrace(PTRACE_GETEVENTMSG, pid, 0, &done);
    printf("vfork-done message is the child %d\n", done == child);
    ptrace(PTRACE_CONT, pid, 0, 0);
    for (;;) {
        waitpid(pid, &st, 0);
        printf("parent: %s\n", describe(st));
        if (!WIFSTOPPED(st))
            break;
        /* SIGCHLD of the child's exit: let it through. */
        ptrace(PTRACE_CONT, pid, 0, WSTOPSIG(st));
    }
    return 0;
}
