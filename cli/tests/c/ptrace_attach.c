/* Attaching to running processes: PTRACE_ATTACH to a spinning child and to
 * one blocked in read(2), PTRACE_SEIZE + PTRACE_INTERRUPT, what
 * /proc/PID/status shows of a tracee, GETREGS, POKEDATA, DETACH (the child
 * goes on and exits normally), PTRACE_KILL, and the EPERM/ESRCH cases.
 * Prints relations, never pids or addresses. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

extern char __executable_start[], etext[];

static volatile int flag;

static void spin(void) {
    while (!flag)
        ;
    _exit(7);
}

/* "-1 EPERM" style: the result and errno's name. */
static void show(const char *what, long r) {
    printf("%s: %ld %s\n", what, r, r == -1 ? strerrorname_np(errno) : "");
}

/* The State line and whether TracerPid is us, from /proc/PID/status. */
static void status(pid_t pid) {
    char path[64], line[128];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("  no %s\n", "status");
        return;
    }
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "State:", 6))
            printf("  %s", line);
        if (!strncmp(line, "TracerPid:", 10)) {
            int t = atoi(line + 10);
            printf("  TracerPid: %s\n", t == getpid() ? "us" : t == 0 ? "0" : "other");
        }
    }
    fclose(f);
}

static void wait_stop(pid_t pid, const char *what) {
    int st;
    pid_t r = waitpid(pid, &st, __WALL);
    if (r != pid) {
        printf("%s: waitpid %s\n", what, strerror(errno));
        exit(1);
    }
    if (WIFSTOPPED(st))
        printf("%s: stopped by %s, event %d\n", what, sigabbrev_np(WSTOPSIG(st)), st >> 16);
    else if (WIFEXITED(st))
        printf("%s: exited %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by %s\n", what, sigabbrev_np(WTERMSIG(st)));
}

/* The registers; where the tracee is only if it surely reached spin(). */
static void regs(pid_t pid, int spinning) {
    struct user_regs_struct r;
    show("  getregs", ptrace(PTRACE_GETREGS, pid, 0, &r));
    printf("  cs %#lx ss %#lx\n", r.xcs, r.xss);
    if (spinning)
        printf("  eip in the text %d, orig_eax %ld\n",
               r.eip >= (unsigned long)__executable_start && r.eip < (unsigned long)etext,
               r.orig_eax);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);

    show("attach to self", ptrace(PTRACE_ATTACH, getpid(), 0, 0));
    show("attach to a missing pid", ptrace(PTRACE_ATTACH, 0x3ffffff0, 0, 0));
    show("seize with a bad option", ptrace(PTRACE_SEIZE, getppid(), 0, 1 << 30));

    /* A spinning child: ATTACH stops it with SIGSTOP. */
    pid_t pid = fork();
    if (pid == 0)
        spin();
    show("cont, not traced", ptrace(PTRACE_CONT, pid, 0, 0));
    show("attach", ptrace(PTRACE_ATTACH, pid, 0, 0));
    show("attach again", ptrace(PTRACE_ATTACH, pid, 0, 0));
    wait_stop(pid, "spinner");
    status(pid);
    regs(pid, 0);
    errno = 0;
    long word = ptrace(PTRACE_PEEKDATA, pid, &flag, 0);
    printf("  peekdata flag: %ld %s\n", word, strerrorname_np(errno));
    show("  peekdata at 0", ptrace(PTRACE_PEEKDATA, pid, 0, 0));
    show("  peekuser past struct user", ptrace(PTRACE_PEEKUSER, pid, 4096, 0));
    show("  detach", ptrace(PTRACE_DETACH, pid, 0, 0));
    show("  cont after detach", ptrace(PTRACE_CONT, pid, 0, 0));
    usleep(20000);
    status(pid);
    int st;
    printf("  still running: %d\n", waitpid(pid, &st, WNOHANG) == 0);

    /* SEIZE does not stop it; INTERRUPT does, with PTRACE_EVENT_STOP. */
    show("seize", ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD));
    show("  cont while running", ptrace(PTRACE_CONT, pid, 0, 0));
    show("  getregs while running", ptrace(PTRACE_GETREGS, pid, 0, 0));
    printf("  waitpid WNOHANG: %d\n", waitpid(pid, &st, WNOHANG | __WALL));
    show("  interrupt", ptrace(PTRACE_INTERRUPT, pid, 0, 0));
    wait_stop(pid, "spinner");
    status(pid);
    regs(pid, 1);
    show("  pokedata flag", ptrace(PTRACE_POKEDATA, pid, &flag, 1));
    show("  detach", ptrace(PTRACE_DETACH, pid, 0, 0));
    wait_stop(pid, "spinner");

    /* A child blocked in read: the stop interrupts it and it restarts
     * after the detach. */
    int p[2];
    if (pipe(p))
        return 1;
    pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        if (read(p[0], &c, 1) != 1)
            _exit(100);
        _exit(c - '0');
    }
    close(p[0]);
    usleep(20000);
    show("attach to a reader", ptrace(PTRACE_ATTACH, pid, 0, 0));
    wait_stop(pid, "reader");
    status(pid);
    struct user_regs_struct r;
    ptrace(PTRACE_GETREGS, pid, 0, &r);
    printf("  eax %ld, orig_eax is read %d\n", (long)r.eax, r.orig_eax == 3);
    show("  cont", ptrace(PTRACE_CONT, pid, 0, 0));
    usleep(20000);
    show("  interrupt an attached tracee", ptrace(PTRACE_INTERRUPT, pid, 0, 0));
    printf("  waitpid WNOHANG: %d\n", waitpid(pid, &st, WNOHANG | __WALL));
    kill(pid, SIGSTOP);
    wait_stop(pid, "reader");
    show("  detach", ptrace(PTRACE_DETACH, pid, 0, 0));
    if (write(p[1], "5", 1) != 1)
        return 1;
    wait_stop(pid, "reader");

    /* PTRACE_KILL ends a stopped tracee. */
    pid = fork();
    if (pid == 0)
        spin();
    show("seize a third", ptrace(PTRACE_SEIZE, pid, 0, 0));
    show("  interrupt", ptrace(PTRACE_INTERRUPT, pid, 0, 0));
    wait_stop(pid, "third");
    show("  kill", ptrace(PTRACE_KILL, pid, 0, 0));
    wait_stop(pid, "third");

    /* Without privileges: the root parent and init are out of reach. */
    pid = fork();
    if (pid == 0) {
        if (setgid(65534) || setuid(65534))
            _exit(99);
        show("nobody attaches to its root parent", ptrace(PTRACE_ATTACH, getppid(), 0, 0));
        show("nobody attaches to init", ptrace(PTRACE_ATTACH, 1, 0, 0));
        show("nobody traceme", ptrace(PTRACE_TRACEME, 0, 0, 0));
        show("nobody traceme again", ptrace(PTRACE_TRACEME, 0, 0, 0));
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("nobody exited %d\n", WEXITSTATUS(st));
    return 0;
}
