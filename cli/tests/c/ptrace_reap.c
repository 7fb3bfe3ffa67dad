/* A tracer that is not the tracee's parent sees its exit first: the
 * parent's wait for it returns only after the tracer collected the exit
 * (ptrace(2): "the real parent ... is notified ... after the tracer").
 * Here the program seizes its grandchild, lets a SIGTERM kill it, and
 * checks that the child (its parent) had not reaped it before. Prints
 * relations, never pids. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int to_us[2];
    if (pipe(to_us))
        return 1;
    pid_t child = fork();
    if (child == 0) {
        /* The parent of the tracee: reports its pid, then its status. */
        pid_t grandchild = fork();
        if (grandchild == 0) {
            for (;;)
                pause();
        }
        write(to_us[1], &grandchild, sizeof grandchild);
        int st;
        pid_t r = waitpid(grandchild, &st, 0);
        int report[2] = {r == grandchild, WIFSIGNALED(st) ? WTERMSIG(st) : -1};
        write(to_us[1], report, sizeof report);
        _exit(0);
    }
    pid_t grandchild;
    if (read(to_us[0], &grandchild, sizeof grandchild) != sizeof grandchild)
        return 1;
    printf("seize the grandchild: %ld\n", ptrace(PTRACE_SEIZE, grandchild, 0, 0));
    kill(grandchild, SIGTERM);
    int st;
    waitpid(grandchild, &st, __WALL);
    printf("its signal-delivery-stop: %s\n", sigabbrev_np(WSTOPSIG(st)));
    printf("cont with it: %ld\n", ptrace(PTRACE_CONT, grandchild, 0, SIGTERM));
    /* It dies now; its parent is waiting for it. */
    usleep(100000);
    fcntl(to_us[0], F_SETFL, O_NONBLOCK);
    int report[2];
    errno = 0;
    ssize_t n = read(to_us[0], report, sizeof report);
    printf("the parent reaped it before the tracer: %d (%s)\n", n > 0, strerrorname_np(errno));
    pid_t r = waitpid(grandchild, &st, __WALL);
    printf("the tracer collects it: %d, killed by %s\n", r == grandchild,
           WIFSIGNALED(st) ? sigabbrev_np(WTERMSIG(st)) : "nothing");
    errno = 0;
    r = waitpid(grandchild, &st, __WALL | WNOHANG);
    printf("again: %ld %s\n", (long)r, strerrorname_np(errno));
    fcntl(to_us[0], F_SETFL, 0);
    if (read(to_us[0], report, sizeof report) != sizeof report)
        return 1;
    printf("then the parent reaps it: %d, killed by %s\n", report[0], sigabbrev_np(report[1]));
    waitpid(child, &st, 0);
    printf("the child exited %d\n", WEXITSTATUS(st));
    return 0;
}
