/* PTRACE_LISTEN (what strace does at a seized tracee's group-stop): the
 * tracee leaves the ptrace-stop but stays stopped (/proc still shows the
 * tracing stop, register requests are ESRCH); SIGCONT brings it back as a
 * PTRACE_EVENT_STOP trap, then the SIGCONT's own signal-delivery-stop.
 * Only a group-stop can listen. Prints relations, never pids. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, int st) {
    printf("%s: stopped %d sig %s event %d\n", what, WIFSTOPPED(st), sigabbrev_np(WSTOPSIG(st)),
           st >> 16);
}

static void result(const char *what, long r) {
    printf("%s: %ld %s\n", what, r, r == -1 ? strerrorname_np(errno) : "");
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    int st;
    ptrace(PTRACE_SEIZE, pid, 0, 0);
    kill(pid, SIGSTOP);
    waitpid(pid, &st, __WALL);
    show("signal", st);
    result("listen in signal-delivery-stop", ptrace(PTRACE_LISTEN, pid, 0, 0));
    ptrace(PTRACE_CONT, pid, 0, SIGSTOP);
    waitpid(pid, &st, __WALL);
    show("group", st);
    result("listen", ptrace(PTRACE_LISTEN, pid, 0, 0));
    usleep(50000);
    printf("waitpid WNOHANG: %d\n", waitpid(pid, &st, WNOHANG | __WALL));
    result("getregs while listening", ptrace(PTRACE_GETREGS, pid, 0, 0));
    char path[64], line[128];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "State", 5))
            printf("%s", line);
    if (f)
        fclose(f);
    kill(pid, SIGCONT);
    waitpid(pid, &st, __WALL);
    show("after SIGCONT", st);
    siginfo_t si;
    ptrace(PTRACE_GETSIGINFO, pid, 0, &si);
    printf("siginfo signo %d code %#x\n", si.si_signo, si.si_code);
    ptrace(PTRACE_CONT, pid, 0, 0);
    waitpid(pid, &st, __WALL);
    show("next", st);
    ptrace(PTRACE_CONT, pid, 0, SIGCONT);
    usleep(50000);
    printf("waitpid WNOHANG: %d\n", waitpid(pid, &st, WNOHANG | __WALL));
    kill(pid, SIGKILL);
    waitpid(pid, &st, __WALL);
    printf("killed %d\n", WIFSIGNALED(st));
    return 0;
}
