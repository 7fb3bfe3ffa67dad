/* Readiness and event descriptors: eventfd, timerfd, signalfd, epoll
 * (level, edge, one-shot), poll on closed pipe ends, select and pselect
 * timeouts. Prints only what is the same on every run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Evaluates first, then prints (printf's arguments have no order). */
#define SHOW(label, expr)                                                   \
    do {                                                                    \
        errno = 0;                                                          \
        long r_ = (long)(expr);                                             \
        int e_ = errno;                                                     \
        printf("%s %ld errno %s\n", label, r_, r_ < 0 ? strerror(e_) : "-"); \
    } while (0)

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void test_eventfd(void) {
    int e = eventfd(3, EFD_NONBLOCK);
    uint64_t v = 0;
    struct pollfd p = {e, POLLIN | POLLOUT, 0};
    int pr = poll(&p, 1, 0);
    printf("eventfd poll %d revents %#x\n", pr, p.revents);
    ssize_t rn = read(e, &v, 8);
    printf("read %zd v %llu\n", rn, (unsigned long long)v);
    SHOW("read again", read(e, &v, 8));
    SHOW("short read", read(e, &v, 4));
    v = 5;
    printf("write %zd\n", write(e, &v, 8));
    v = UINT64_MAX;
    SHOW("write max", write(e, &v, 8));
    v = UINT64_MAX - 6;
    SHOW("write overflow", write(e, &v, 8));
    close(e);
    int s = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
    for (int i = 0; i < 3; i++) {
        ssize_t n = read(s, &v, 8);
        printf("sem read %zd v %llu\n", n, n > 0 ? (unsigned long long)v : 0ULL);
    }
    printf("cloexec %d\n", fcntl(s, F_GETFD) & FD_CLOEXEC);
    close(s);
    SHOW("bad flags", eventfd(0, 0x40));
    /* A child wakes a parent blocked in read. */
    int b = eventfd(0, 0);
    pid_t c = fork();
    if (c == 0) {
        usleep(20000);
        uint64_t one = 7;
        write(b, &one, 8);
        _exit(0);
    }
    ssize_t bn = read(b, &v, 8);
    printf("blocking read %zd v %llu\n", bn, (unsigned long long)v);
    waitpid(c, 0, 0);
    close(b);
}

static void test_timerfd(void) {
    int t = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec its = {{0, 0}, {0, 50 * 1000000}}, cur;
    uint64_t n = 0;
    double t0 = now();
    printf("settime %d\n", timerfd_settime(t, 0, &its, 0));
    timerfd_gettime(t, &cur);
    printf("armed %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 &&
                             cur.it_value.tv_nsec <= 50 * 1000000);
    ssize_t rn = read(t, &n, 8);
    printf("one-shot read %zd n %llu waited %d\n", rn, (unsigned long long)n, now() - t0 >= 0.045);
    timerfd_gettime(t, &cur);
    printf("disarmed %ld %ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
    /* Interval: 30 ms, watched through poll. */
    struct itimerspec iv = {{0, 30 * 1000000}, {0, 30 * 1000000}};
    timerfd_settime(t, 0, &iv, 0);
    struct pollfd p = {t, POLLIN, 0};
    t0 = now();
    int pr = poll(&p, 1, 5000);
    printf("poll timer %d revents %#x waited %d\n", pr, p.revents, now() - t0 >= 0.025);
    usleep(100000);
    read(t, &n, 8);
    printf("interval count >= 3: %d\n", n >= 3);
    timerfd_gettime(t, &cur);
    printf("interval %ld %ld\n", (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
    /* Absolute time in the past fires at once. */
    struct timespec nowts;
    clock_gettime(CLOCK_REALTIME, &nowts);
    int r = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
    struct itimerspec abs = {{0, 0}, {nowts.tv_sec - 1, 0}};
    timerfd_settime(r, TFD_TIMER_ABSTIME, &abs, 0);
    rn = read(r, &n, 8);
    printf("abs past read %zd n %llu\n", rn, (unsigned long long)n);
    SHOW("nonblock read", read(r, &n, 8));
    SHOW("bad clock", timerfd_create(99, 0));
    SHOW("settime on eventfd", timerfd_settime(0, 0, &its, 0));
    close(t);
    close(r);
}

static void test_signalfd(void) {
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    sigaddset(&m, SIGUSR2);
    sigprocmask(SIG_BLOCK, &m, 0);
    int s = signalfd(-1, &m, SFD_NONBLOCK);
    struct signalfd_siginfo si[2];
    SHOW("empty read", read(s, si, sizeof si));
    struct pollfd p = {s, POLLIN, 0};
    printf("poll before %d\n", poll(&p, 1, 0));
    kill(getpid(), SIGUSR2);
    raise(SIGUSR1);
    int pr = poll(&p, 1, 0);
    printf("poll after %d revents %#x\n", pr, p.revents);
    ssize_t n = read(s, si, sizeof si);
    printf("read %zd", n);
    for (int i = 0; i < n / (ssize_t)sizeof si[0]; i++)
        printf(" [signo %u code %d pid_ok %d uid %u]", si[i].ssi_signo, si[i].ssi_code,
               si[i].ssi_pid == (uint32_t)getpid(), si[i].ssi_uid);
    printf("\n");
    SHOW("short read", read(s, si, 64));
    /* A child signals a parent blocked in a signalfd read. */
    int b = signalfd(-1, &m, 0);
    pid_t c = fork();
    if (c == 0) {
        usleep(20000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    n = read(b, si, sizeof si[0]);
    printf("blocking read %zd signo %u code %d\n", n, si[0].ssi_signo, si[0].ssi_code);
    waitpid(c, 0, 0);
    printf("update mask %d\n", signalfd(b, &m, 0) == b);
    SHOW("not a signalfd", signalfd(0, &m, 0));
    close(s);
    close(b);
    sigprocmask(SIG_UNBLOCK, &m, 0);
}

static void show(const char *what, int n, struct epoll_event *ev) {
    printf("%s %d", what, n);
    for (int i = 0; i < n; i++)
        printf(" [%#x %llu]", ev[i].events, (unsigned long long)ev[i].data.u64);
    printf("\n");
}

static void test_epoll(void) {
    int fds[2];
    pipe(fds);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {EPOLLIN, {.u64 = 11}}, out[8];
    printf("add %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev));
    SHOW("add again", epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev));
    show("empty", epoll_wait(ep, out, 8, 0), out);
    write(fds[1], "ab", 2);
    show("level", epoll_wait(ep, out, 8, 0), out);
    show("level again", epoll_wait(ep, out, 8, 0), out);
    /* Edge-triggered output on the write end. */
    struct epoll_event wo = {EPOLLOUT | EPOLLET, {.u64 = 22}};
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[1], &wo);
    show("edge", epoll_wait(ep, out, 8, 0), out);
    show("edge again", epoll_wait(ep, out, 8, 0), out);
    ev.events = EPOLLIN | EPOLLONESHOT;
    ev.data.u64 = 33;
    printf("mod %d\n", epoll_ctl(ep, EPOLL_CTL_MOD, fds[0], &ev));
    show("after mod", epoll_wait(ep, out, 8, 0), out);
    show("oneshot spent", epoll_wait(ep, out, 8, 0), out);
    epoll_ctl(ep, EPOLL_CTL_MOD, fds[0], &ev);
    show("rearmed", epoll_wait(ep, out, 1, 0), out);
    printf("del %d\n", epoll_ctl(ep, EPOLL_CTL_DEL, fds[0], 0));
    SHOW("del again", epoll_ctl(ep, EPOLL_CTL_DEL, fds[0], 0));
    int f = open("/etc/hostname", O_RDONLY);
    SHOW("regular file", epoll_ctl(ep, EPOLL_CTL_ADD, f, &ev));
    SHOW("self", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
    SHOW("maxevents 0", epoll_wait(ep, out, 0, 0));
    SHOW("not epoll", epoll_wait(fds[0], out, 1, 0));
    /* Nested: an epoll fd is pollable. */
    int outer = epoll_create(1);
    struct epoll_event ie = {EPOLLIN, {.u64 = 44}};
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &(struct epoll_event){EPOLLIN, {.u64 = 55}});
    printf("nest %d\n", epoll_ctl(outer, EPOLL_CTL_ADD, ep, &ie));
    SHOW("loop", epoll_ctl(ep, EPOLL_CTL_ADD, outer, &ie));
    show("outer", epoll_wait(outer, out, 8, 0), out);
    char buf[4];
    read(fds[0], buf, 2);
    show("outer drained", epoll_wait(outer, out, 8, 0), out);
    /* A child writes while the parent waits. */
    pid_t c = fork();
    if (c == 0) {
        usleep(20000);
        write(fds[1], "z", 1);
        _exit(0);
    }
    show("waited", epoll_wait(ep, out, 8, 5000), out);
    waitpid(c, 0, 0);
    double t0 = now();
    read(fds[0], buf, 1);
    show("timeout", epoll_wait(ep, out, 8, 50), out);
    printf("waited %d\n", now() - t0 >= 0.045);
    /* Closing the last descriptor removes the entry; HUP on the reader. */
    close(fds[1]);
    show("hup", epoll_wait(ep, out, 8, 0), out);
    close(fds[0]);
    show("closed", epoll_wait(ep, out, 8, 0), out);
    close(ep);
    close(outer);
    close(f);
}

static void test_poll_pipes(void) {
    int a[2], b[2];
    pipe(a);
    pipe(b);
    close(a[1]);
    close(b[0]);
    signal(SIGPIPE, SIG_IGN);
    struct pollfd p[4] = {{a[0], POLLIN, 0}, {b[1], POLLOUT, 0}, {99, POLLIN, 0}, {-1, POLLIN, 0}};
    int pr = poll(p, 4, 0);
    printf("poll %d:", pr);
    for (int i = 0; i < 4; i++) printf(" %#x", p[i].revents);
    printf("\n");
    fd_set r, w;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(a[0], &r);
    FD_SET(b[1], &w);
    pr = select(b[1] + 1, &r, &w, 0, 0);
    printf("select %d r %d w %d\n", pr, FD_ISSET(a[0], &r), FD_ISSET(b[1], &w));
    int c[2];
    pipe(c);
    FD_ZERO(&r);
    FD_SET(c[0], &r);
    struct timeval tv = {0, 60000};
    double t0 = now();
    pr = select(c[0] + 1, &r, 0, 0, &tv);
    printf("select timeout %d set %d left %ld.%06ld waited %d\n", pr, FD_ISSET(c[0], &r),
           (long)tv.tv_sec, (long)tv.tv_usec, now() - t0 >= 0.055);
    /* Under 64: select ignores bits past the descriptor table's size, and
       a table may have only 64 slots. */
    FD_ZERO(&r);
    FD_SET(60, &r);
    SHOW("select bad fd", select(61, &r, 0, 0, 0));
    tv.tv_usec = -1;
    SHOW("select bad timeout", select(1, 0, 0, 0, &tv));
    FD_ZERO(&r);
    FD_SET(c[0], &r);
    struct timespec ts = {0, 30000000};
    sigset_t none;
    sigemptyset(&none);
    printf("pselect %d\n", pselect(c[0] + 1, &r, 0, 0, &ts, &none));
    struct pollfd q = {c[0], POLLIN, 0};
    printf("ppoll %d\n", ppoll(&q, 1, &ts, &none));
    /* A child writes while the parent sits in poll without timeout. */
    pid_t k = fork();
    if (k == 0) {
        usleep(20000);
        write(c[1], "x", 1);
        _exit(0);
    }
    pr = poll(&q, 1, -1);
    printf("poll woken %d revents %#x\n", pr, q.revents);
    waitpid(k, 0, 0);
    /* Closing the write end wakes a reader in poll. */
    char ch;
    read(c[0], &ch, 1);
    k = fork();
    if (k == 0) {
        usleep(20000);
        _exit(0);
    }
    close(c[1]);
    waitpid(k, 0, 0);
    pr = poll(&q, 1, 1000);
    printf("poll hup %d revents %#x\n", pr, q.revents);
}

static volatile int got;
static void on_usr1(int sig) { got = sig; }

/* ppoll and pselect swap the signal mask for the call only. */
static void test_sigmask(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, 0);
    sigset_t block, empty, after;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigemptyset(&empty);
    sigprocmask(SIG_BLOCK, &block, 0);
    int c[2];
    pipe(c);
    struct pollfd q = {c[0], POLLIN, 0};
    pid_t k = fork();
    if (k == 0) {
        usleep(20000);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    SHOW("ppoll interrupted", ppoll(&q, 1, 0, &empty));
    printf("handler ran %d\n", got);
    sigprocmask(SIG_BLOCK, 0, &after);
    printf("still blocked %d\n", sigismember(&after, SIGUSR1));
    waitpid(k, 0, 0);
    got = 0;
    kill(getpid(), SIGUSR1);
    struct timespec ts = {0, 10000000};
    fd_set r;
    FD_ZERO(&r);
    FD_SET(c[0], &r);
    SHOW("pselect with pending", pselect(c[0] + 1, &r, 0, 0, &ts, &empty));
    printf("handler ran %d\n", got);
    got = 0;
    SHOW("ppoll keeps it blocked", ppoll(&q, 1, &ts, &block));
    printf("handler ran %d\n", got);
    sigprocmask(SIG_UNBLOCK, &block, 0);
    printf("handler ran after unblock %d\n", got);
    /* An ignored signal that the call's mask unblocks interrupts nothing. */
    sigset_t winch, pending;
    sigemptyset(&winch);
    sigaddset(&winch, SIGWINCH);
    sigprocmask(SIG_BLOCK, &winch, 0);
    raise(SIGWINCH);
    sigpending(&pending);
    printf("ignored but blocked: pending %d\n", sigismember(&pending, SIGWINCH));
    SHOW("ppoll with an ignored signal", ppoll(&q, 1, &ts, &empty));
    sigpending(&pending);
    printf("pending after %d\n", sigismember(&pending, SIGWINCH));
    sigprocmask(SIG_UNBLOCK, &winch, 0);
    /* SIGCHLD with its default (ignore) disposition, blocked, read through
     * a signalfd. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, 0);
    int sfd = signalfd(-1, &chld, 0);
    k = fork();
    if (k == 0)
        _exit(3);
    struct signalfd_siginfo si;
    ssize_t n = read(sfd, &si, sizeof si);
    printf("sigchld read %zd signo %u\n", n, si.ssi_signo);
    waitpid(k, 0, 0);
    close(sfd);
    sigprocmask(SIG_UNBLOCK, &chld, 0);
    close(c[0]);
    close(c[1]);
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    test_eventfd();
    test_timerfd();
    test_signalfd();
    test_epoll();
    test_poll_pipes();
    test_sigmask();
    return 0;
}
