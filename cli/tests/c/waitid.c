/* waitid(2) and the siginfo of SIGCHLD: exits, kills, stops and continues,
 * WNOHANG, WNOWAIT, the id types, and the errors. Prints only what is the
 * same on every run (pids as "is the child"). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;

static void show(const char *what, int r, const siginfo_t *si) {
    printf("%s: %d errno %s signo %d code %d pid-is-child %d status %d uid %d\n", what, r,
           r < 0 ? strerror(errno) : "-", si->si_signo, si->si_code, si->si_pid == child,
           si->si_status, (int)si->si_uid);
}

static volatile int got_code, got_status, got_pid_ok;
static void on_chld(int sig, siginfo_t *si, void *ctx) {
    (void)sig;
    (void)ctx;
    got_code = si->si_code;
    got_status = si->si_status;
    got_pid_ok = si->si_pid == child;
}

static pid_t spawn(int code) {
    pid_t p = fork();
    if (p == 0) {
        if (code < 0)
            pause();
        _exit(code);
    }
    return p;
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    siginfo_t si;
    /* An exit, waited for by pid. */
    child = spawn(7);
    memset(&si, 0xff, sizeof si);
    show("exited", waitid(P_PID, child, &si, WEXITED), &si);
    /* WNOHANG with nothing to report zeroes the siginfo. */
    child = spawn(-1);
    memset(&si, 0xff, sizeof si);
    show("nohang", waitid(P_ALL, 0, &si, WEXITED | WNOHANG), &si);
    /* Stopped, continued, killed: each reported once. */
    kill(child, SIGSTOP);
    show("stopped", waitid(P_PID, child, &si, WSTOPPED), &si);
    kill(child, SIGCONT);
    show("continued", waitid(P_PID, child, &si, WCONTINUED), &si);
    kill(child, SIGTERM);
    /* WNOWAIT leaves it waitable. */
    show("killed, nowait", waitid(P_PID, child, &si, WEXITED | WNOWAIT), &si);
    show("killed", waitid(P_ALL, 0, &si, WEXITED), &si);
    /* By process group (0: the caller's). */
    child = spawn(3);
    show("by group", waitid(P_PGID, 0, &si, WEXITED), &si);
    /* Only stops asked for: an exit is not reported (WNOHANG). */
    child = spawn(4);
    usleep(50000);
    memset(&si, 0, sizeof si);
    show("stops only", waitid(P_PID, child, &si, WSTOPPED | WNOHANG), &si);
    show("then the exit", waitid(P_PID, child, &si, WEXITED), &si);
    /* Errors. */
    show("no children", waitid(P_ALL, 0, &si, WEXITED), &si);
    show("no options", waitid(P_ALL, 0, &si, 0), &si);
    show("bad idtype", waitid(7, 0, &si, WEXITED), &si);
    show("pid 0", waitid(P_PID, 0, &si, WEXITED), &si);
    /* The siginfo a SIGCHLD handler gets. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGCHLD, &sa, 0);
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    child = spawn(42);
    sigsuspend(&old);
    printf("handler: code %d status %d pid-is-child %d\n", got_code, got_status, got_pid_ok);
    waitpid(child, 0, 0);
    child = spawn(-1);
    kill(child, SIGKILL);
    sigsuspend(&old);
    printf("handler: code %d status %d pid-is-child %d\n", got_code, got_status, got_pid_ok);
    waitpid(child, 0, 0);
    return 0;
}
