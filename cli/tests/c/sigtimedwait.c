/* sigtimedwait(2), sigwaitinfo and sigwait: a signal pending before the
 * call, one sent by a child while waiting, a timeout (EAGAIN), a zero
 * timeout that only polls, EINTR when a handled signal outside the set
 * arrives, EINVAL for a bad sigsetsize, and the time64 entry point. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int sig)
{
    (void)sig;
}

static volatile sig_atomic_t usr1_handled;

static void on_usr1(int sig)
{
    (void)sig;
    usr1_handled = 1;
}

static void show(const char *what, int r, const siginfo_t *si)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, strerror(errno));
    else
        printf("%s: %d code %d same-uid %d\n", what, r, si->si_code,
               si->si_uid == getuid());
}

int main(void)
{
    sigset_t set, old;
    siginfo_t si;
    struct timespec ts = { 0, 0 };
    int r;

    setvbuf(stdout, NULL, _IONBF, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &set, &old);

    /* Pending before the call: the lowest number comes first. */
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR1);
    memset(&si, 0, sizeof si);
    r = sigtimedwait(&set, &si, &ts);
    show("pending USR1", r, &si);
    printf("pid matches: %d\n", si.si_pid == getpid());
    memset(&si, 0, sizeof si);
    r = sigwaitinfo(&set, &si);
    show("pending USR2", r, &si);

    /* A zero timeout with nothing pending polls. */
    r = sigtimedwait(&set, &si, &ts);
    show("zero timeout", r, &si);

    /* A short timeout expires. */
    ts.tv_nsec = 30 * 1000 * 1000;
    r = sigtimedwait(&set, &si, &ts);
    show("30ms timeout", r, &si);

    /* A real-time signal. */
    kill(getpid(), SIGRTMIN + 1);
    memset(&si, 0, sizeof si);
    r = sigwaitinfo(&set, &si);
    printf("real-time: %d code %d\n", r - SIGRTMIN, si.si_code);

    /* A child sends while we wait. */
    pid_t child = fork();
    if (child == 0) {
        usleep(50000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    int sig = 0;
    r = sigwait(&set, &sig);
    printf("sigwait from child: %d sig %d\n", r, sig);
    waitpid(child, NULL, 0);

    /* A handled signal outside the set interrupts the wait, even with
     * SA_RESTART. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval t = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &t, NULL);
    ts.tv_sec = 5;
    ts.tv_nsec = 0;
    r = sigtimedwait(&set, &si, &ts);
    show("alarm meanwhile", r, &si);

    /* A signal of the set that is not blocked, with a handler: the wait
     * takes it and the handler does not run. */
    sigprocmask(SIG_SETMASK, &old, NULL);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    child = fork();
    if (child == 0) {
        usleep(50000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    ts.tv_sec = 5;
    ts.tv_nsec = 0;
    r = sigtimedwait(&set, &si, &ts);
    show("unblocked USR1", r, &si);
    waitpid(child, NULL, 0);
    printf("handler ran: %d\n", usr1_handled);
    sigprocmask(SIG_BLOCK, NULL, &old);
    printf("USR1 blocked after: %d\n", sigismember(&old, SIGUSR1));
    sigprocmask(SIG_BLOCK, &set, NULL);

    /* Bad arguments. */
    r = syscall(SYS_rt_sigtimedwait, &set, &si, &ts, 4);
    show("sigsetsize 4", r, &si);
    ts.tv_nsec = 2000000000;
    r = sigtimedwait(&set, &si, &ts);
    show("bad timespec", r, &si);

#ifdef SYS_rt_sigtimedwait_time64
    struct { long long sec; long nsec; long pad; } ts64 = { 0, 10000000, 0 };
    r = syscall(SYS_rt_sigtimedwait_time64, &set, &si, &ts64, 8);
    show("time64 timeout", r, &si);
    kill(getpid(), SIGUSR2);
    r = syscall(SYS_rt_sigtimedwait_time64, &set, &si, &ts64, 8);
    show("time64 pending", r, &si);
#endif
    return 0;
}
