/* Queued signals: sigqueue's value reaches an SA_SIGINFO handler,
 * sigwaitinfo and signalfd; real-time signals queue in order while
 * standard ones coalesce (keeping the first siginfo); rt_sigqueueinfo's
 * EPERM rule; rt_tgsigqueueinfo; a thread's sigtimedwait takes a signal
 * sent to the process. Prints no pids. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *res(long r) { return r == -1 ? strerror(errno) : "ok"; }

static int got_sig[16], got_val[16], got_code[16], got_mine[16], ngot;

static void handler(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    if (ngot < 16) {
        got_sig[ngot] = sig;
        got_val[ngot] = si->si_value.sival_int;
        got_code[ngot] = si->si_code;
        got_mine[ngot] = si->si_pid == getpid();
        ngot++;
    }
}

static void block(int sig, int how) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(how, &s, NULL);
}

static volatile pid_t handled_by;
static volatile int worker_ready;

static void note_tid(int sig) {
    (void)sig;
    handled_by = gettid();
}

static void *worker(void *arg) {
    (void)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGHUP);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    *(pid_t *)arg = gettid();
    worker_ready = 1;
    for (int i = 0; i < 5000 && !handled_by; i++) usleep(1000);
    return NULL;
}

static long thread_result;
static int thread_errno;

static void *claim_user(void *arg) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    info.si_code = SI_USER;
    thread_result = syscall(SYS_rt_sigqueueinfo, getpid(), *(int *)arg, &info);
    thread_errno = errno;
    return NULL;
}

static void *fd_reader(void *arg) {
    struct signalfd_siginfo r;
    ssize_t n = read(*(int *)arg, &r, sizeof r);
    printf("thread signalfd: %zd bytes sig %u value %d\n", n, r.ssi_signo, r.ssi_int);
    return NULL;
}

static void *waiter(void *arg) {
    (void)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    struct timespec ts = {5, 0};
    siginfo_t si;
    int r = sigtimedwait(&s, &si, &ts);
    printf("thread sigtimedwait: %s sig %d code %d value %d\n", r == -1 ? strerror(errno) : "ok",
           r, si.si_code, si.si_value.sival_int);
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa = {0};
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigfillset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGRTMIN + 1, &sa, NULL);

    printf("sigqueue to self: %s\n", res(sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 42})));
    printf("  handler: sig %d value %d code %d (SI_QUEUE %d) from me %d\n", got_sig[0],
           got_val[0], got_code[0], SI_QUEUE, got_mine[0]);

    ngot = 0;
    block(SIGUSR1, SIG_BLOCK);
    block(SIGRTMIN + 1, SIG_BLOCK);
    for (int i = 1; i <= 3; i++) sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = i});
    sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 10});
    sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 11});
    sigset_t pending;
    sigpending(&pending);
    printf("pending USR1 %d RTMIN+1 %d\n", sigismember(&pending, SIGUSR1),
           sigismember(&pending, SIGRTMIN + 1));
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    printf("delivered %d:", ngot);
    for (int i = 0; i < ngot; i++) printf(" %s=%d", got_sig[i] == SIGUSR1 ? "USR1" : "RT", got_val[i]);
    printf("\n");

    /* sigwaitinfo takes the instances one by one, in order. */
    block(SIGRTMIN, SIG_BLOCK);
    for (int i = 5; i <= 7; i++) sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = i});
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    for (int i = 0; i < 3; i++) {
        siginfo_t si;
        int r = sigwaitinfo(&rt, &si);
        printf("sigwaitinfo: %d value %d code %d\n", r - SIGRTMIN, si.si_value.sival_int, si.si_code);
    }
    struct timespec zero = {0, 0};
    printf("then: %s\n", res(sigtimedwait(&rt, NULL, &zero)));

    /* signalfd reads one record per instance. */
    for (int i = 20; i <= 21; i++) sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = i});
    int fd = signalfd(-1, &rt, SFD_NONBLOCK);
    struct signalfd_siginfo rec[4];
    ssize_t n = read(fd, rec, sizeof rec);
    printf("signalfd: %zd records:", n / (ssize_t)sizeof rec[0]);
    for (int i = 0; i < n / (ssize_t)sizeof rec[0]; i++) printf(" %d", rec[i].ssi_int);
    printf("\n");
    close(fd);

    /* Only a process signalling itself may claim a kill() origin. */
    siginfo_t info;
    memset(&info, 0, sizeof info);
    info.si_signo = SIGRTMIN;
    info.si_code = SI_USER;
    info.si_value.sival_int = 99;
    printf("SI_USER to self: %s\n", res(syscall(SYS_rt_sigqueueinfo, getpid(), SIGRTMIN, &info)));
    siginfo_t si;
    sigwaitinfo(&rt, &si);
    printf("  got value %d code %d\n", si.si_value.sival_int, si.si_code);
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    printf("SI_USER to another: %s\n", res(syscall(SYS_rt_sigqueueinfo, child, SIGTERM, &info)));
    info.si_code = SI_QUEUE;
    printf("SI_QUEUE to another: %s\n", res(syscall(SYS_rt_sigqueueinfo, child, SIGTERM, &info)));
    int status;
    waitpid(child, &status, 0);
    printf("  child killed by %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    printf("no such process: %s\n", res(sigqueue(0x3ffffff0, SIGRTMIN, (union sigval){0})));
    printf("bad signal: %s\n", res(sigqueue(getpid(), 65, (union sigval){0})));
    printf("signal 0: %s\n", res(sigqueue(getpid(), 0, (union sigval){0})));
    printf("bad info: %s\n", res(syscall(SYS_rt_sigqueueinfo, getpid(), SIGRTMIN, (void *)16)));

    /* rt_tgsigqueueinfo to a thread of this process. */
    info.si_value.sival_int = 77;
    printf("tgsigqueueinfo: %s\n",
           res(syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGRTMIN, &info)));
    sigwaitinfo(&rt, &si);
    printf("  got value %d\n", si.si_value.sival_int);
    printf("tgsigqueueinfo bad tid: %s\n",
           res(syscall(SYS_rt_tgsigqueueinfo, getpid(), 0x3ffffff0, SIGRTMIN, &info)));
    printf("tgsigqueueinfo tgid 0: %s\n",
           res(syscall(SYS_rt_tgsigqueueinfo, 0, gettid(), SIGRTMIN, &info)));

    /* A signal sent to the process, blocked everywhere, reaches the
     * thread waiting for it. */
    block(SIGUSR2, SIG_BLOCK);
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    usleep(50000);
    const char *sent = res(sigqueue(getpid(), SIGUSR2, (union sigval){.sival_int = 5}));
    pthread_join(t, NULL);
    printf("sigqueue to the process: %s\n", sent);
    sigpending(&pending);
    printf("left pending: %d\n", sigismember(&pending, SIGUSR2));

    /* Linux compares thread ids: another thread may not claim SI_USER. */
    int sig = SIGRTMIN;
    pthread_create(&t, NULL, claim_user, &sig);
    pthread_join(t, NULL);
    errno = thread_errno;
    printf("SI_USER from another thread: %s\n", res(thread_result));

    /* Blocked everywhere: a thread's signalfd reads it from the process. */
    block(SIGWINCH, SIG_BLOCK);
    sigset_t w;
    sigemptyset(&w);
    sigaddset(&w, SIGWINCH);
    int wfd = signalfd(-1, &w, 0);
    pthread_create(&t, NULL, fd_reader, &wfd);
    usleep(50000);
    sent = res(sigqueue(getpid(), SIGWINCH, (union sigval){.sival_int = 8}));
    pthread_join(t, NULL);
    printf("sigqueue for the signalfd: %s\n", sent);
    close(wfd);

    /* Blocked by the main thread only: a thread that takes it runs the handler. */
    signal(SIGHUP, note_tid);
    block(SIGHUP, SIG_BLOCK);
    pid_t worker_tid = 0;
    pthread_create(&t, NULL, worker, &worker_tid);
    while (!worker_ready) usleep(1000);
    kill(getpid(), SIGHUP);
    pthread_join(t, NULL);
    printf("kill to the process: handled by the unblocking thread %d\n",
           handled_by == worker_tid);

    /* Between processes: the child gets both instances, from its parent. */
    block(SIGRTMIN + 2, SIG_BLOCK);
    child = fork();
    if (child == 0) {
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGRTMIN + 2);
        for (int i = 0; i < 2; i++) {
            siginfo_t ci;
            sigwaitinfo(&s, &ci);
            printf("child got value %d from parent %d\n", ci.si_value.sival_int,
                   ci.si_pid == getppid());
        }
        _exit(0);
    }
    sigqueue(child, SIGRTMIN + 2, (union sigval){.sival_int = 1});
    sigqueue(child, SIGRTMIN + 2, (union sigval){.sival_int = 2});
    waitpid(child, &status, 0);
    return 0;
}
