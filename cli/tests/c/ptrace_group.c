/* Group-stop of a traced process whose tracer is not its parent: SIGSTOP
 * first stops it for the tracer (signal-delivery-stop); the tracer lets
 * it through and sees the group-stop, and the real parent sees the stop
 * too (wait with WUNTRACED); a detach in the group-stop leaves it stopped
 * until SIGCONT (WCONTINUED). A second thread of the tracee stops with it.
 * Prints relations, never pids. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile unsigned long ticks;

static void *ticker(void *arg) {
    for (;;)
        ticks++;
    return arg;
}

/* The tracee: a second thread counts; the main thread waits. */
static void tracee(void) {
    pthread_t t;
    pthread_create(&t, 0, ticker, 0);
    for (;;)
        pause();
}

static void say(int fd, const char *fmt, int value) {
    char line[128];
    int n = snprintf(line, sizeof line, fmt, value);
    write(fd, line, n);
}

/* The tracer, a sibling: reports through stdout (unbuffered writes). */
static void tracer(pid_t pid, int go_fd, int done_fd) {
    int st;
    char c;
    say(1, "tracer: seize %d\n", (int)ptrace(PTRACE_SEIZE, pid, 0, 0));
    write(done_fd, "s", 1);
    waitpid(pid, &st, __WALL);
    say(1, "tracer: signal-delivery-stop by SIGSTOP %d\n", WSTOPSIG(st) == SIGSTOP && st >> 16 == 0);
    ptrace(PTRACE_CONT, pid, 0, SIGSTOP);
    waitpid(pid, &st, __WALL);
    say(1, "tracer: group-stop (SIGSTOP, PTRACE_EVENT_STOP) %d\n",
        WSTOPSIG(st) == SIGSTOP && st >> 16 == PTRACE_EVENT_STOP);
    write(done_fd, "g", 1);
    if (read(go_fd, &c, 1) != 1)
        _exit(1);
    say(1, "tracer: detach in the group-stop %d\n", (int)ptrace(PTRACE_DETACH, pid, 0, 0));
    write(done_fd, "d", 1);
    _exit(0);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int go[2], done[2];
    if (pipe(go) || pipe(done))
        return 1;
    pid_t pid = fork();
    if (pid == 0)
        tracee();
    pid_t tr = fork();
    if (tr == 0)
        tracer(pid, go[0], done[1]);
    char c;
    read(done[0], &c, 1);
    usleep(50000);
    kill(pid, SIGSTOP);
    read(done[0], &c, 1);
    int st;
    pid_t r = waitpid(pid, &st, WUNTRACED);
    printf("parent: sees the stop %d by %s\n", r == pid && WIFSTOPPED(st), sigabbrev_np(WSTOPSIG(st)));
    /* Both threads: the leader in a tracing stop, the other stopped. */
    char path[64], line[128], cmd[128];
    snprintf(cmd, sizeof cmd, "cat /proc/%d/task/*/status | grep '^State' | sort", pid);
    FILE *p = popen(cmd, "r");
    while (p && fgets(line, sizeof line, p))
        printf("parent: %s", line);
    if (p)
        pclose(p);
    write(go[1], "x", 1);
    read(done[0], &c, 1);
    waitpid(tr, &st, 0);
    usleep(50000);
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "State:", 6))
            printf("parent: after the detach %s", line);
    if (f)
        fclose(f);
    kill(pid, SIGCONT);
    r = waitpid(pid, &st, WCONTINUED);
    printf("parent: sees it continue %d\n", r == pid && WIFCONTINUED(st));
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    printf("parent: killed by %s\n", sigabbrev_np(WTERMSIG(st)));
    return 0;
}
