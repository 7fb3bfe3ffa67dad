/* POSIX message queues (mq_overview(7)): opening and its errors, priority
 * order, limits, waits and timeouts, O_NONBLOCK through mq_setattr,
 * notification by signal, a receiver in another process, the descriptor
 * itself (close-on-exec, poll, its status line), and unlinking. The queue
 * names carry the pid, so runs at once do not meet (the host's IPC
 * namespace is shared with the chroot). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    printf("%-34s %ld %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
}

static struct timespec in_ms(long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += ms * 1000000;
    ts.tv_sec += ts.tv_nsec / 1000000000;
    ts.tv_nsec %= 1000000000;
    return ts;
}

static volatile sig_atomic_t notified, notified_code, notified_value;
static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
    notified++;
    notified_code = si->si_code;
    notified_value = si->si_value.sival_int;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    umask(022);
    char name[64], other[64];
    snprintf(name, sizeof name, "/tabvm-mq-%d", getpid());
    snprintf(other, sizeof other, "/tabvm-mq-%d-b", getpid());
    mq_unlink(name);
    mq_unlink(other);

    struct mq_attr attr = { .mq_maxmsg = 3, .mq_msgsize = 16 };
    mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0644, &attr);
    show("open a new queue", q >= 0);
    show("again with O_EXCL", mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0644, &attr));
    show("a missing one", mq_open(other, O_RDWR));
    show("a name without a slash", mq_open("nope", O_RDWR | O_CREAT, 0600, NULL));
    show("just a slash", mq_open("/", O_RDWR | O_CREAT, 0600, NULL));
    show("a slash inside", mq_open("/a/b", O_RDWR | O_CREAT, 0600, NULL));
    show("O_ACCMODE", mq_open(name, O_ACCMODE));
    struct mq_attr bad = { .mq_maxmsg = 0, .mq_msgsize = 16 };
    show("maxmsg 0", mq_open(other, O_RDWR | O_CREAT, 0600, &bad));
    /* 10 messages of 8 KiB with their bookkeeping pass a 64 KiB limit
     * (root is not exempt). */
    struct rlimit rl;
    getrlimit(RLIMIT_MSGQUEUE, &rl);
    printf("%-34s %ld\n", "RLIMIT_MSGQUEUE", (long)rl.rlim_cur);
    rlim_t was = rl.rlim_cur;
    rl.rlim_cur = 65536;
    setrlimit(RLIMIT_MSGQUEUE, &rl);
    show("past RLIMIT_MSGQUEUE", mq_open(other, O_RDWR | O_CREAT, 0600, NULL));
    rl.rlim_cur = was;
    setrlimit(RLIMIT_MSGQUEUE, &rl);
    bad.mq_maxmsg = 100000, bad.mq_msgsize = 1;
    show("past the hard maxmsg", mq_open(other, O_RDWR | O_CREAT, 0600, &bad));

    struct stat st;
    fstat(q, &st);
    printf("%-34s %o %ld, cloexec %d\n", "mode, size", st.st_mode, (long)st.st_size, fcntl(q, F_GETFD) & FD_CLOEXEC);

    show("send low", mq_send(q, "low", 3, 1));
    show("send high", mq_send(q, "high", 4, 9));
    show("send low again", mq_send(q, "low2", 4, 1));
    struct mq_attr now;
    mq_getattr(q, &now);
    printf("%-34s max %ld size %ld cur %ld flags %ld\n", "attributes", now.mq_maxmsg, now.mq_msgsize, now.mq_curmsgs, now.mq_flags);
    char status[128] = { 0 };
    show("read the descriptor", read(q, status, sizeof status - 1));
    printf("%s", status);
    struct pollfd pfd = { .fd = q, .events = POLLIN | POLLOUT };
    show("poll a full queue", poll(&pfd, 1, 0));
    printf("%-34s %#x\n", "  revents", pfd.revents);

    struct timespec soon = in_ms(20);
    show("timedsend to a full queue", mq_timedsend(q, "x", 1, 0, &soon));
    struct timespec badts = { 0, 1000000000 };
    show("timedsend, bad timespec", mq_timedsend(q, "x", 1, 0, &badts));
    show("send too long", mq_send(q, "0123456789abcdefg", 17, 0));
    show("send priority 32768", mq_send(q, "x", 1, 32768));
    show("send to a pipe", mq_send(1, "x", 1, 0));

    char buf[32];
    unsigned prio;
    show("receive, short buffer", mq_receive(q, buf, 8, &prio));
    for (int i = 0; i < 3; i++) {
        ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
        printf("%-34s %.*s prio %u\n", "receive", (int)n, buf, prio);
    }
    soon = in_ms(20);
    show("timedreceive, empty", mq_timedreceive(q, buf, sizeof buf, &prio, &soon));
    struct mq_attr nb = { .mq_flags = O_NONBLOCK }, old;
    show("setattr O_NONBLOCK", mq_setattr(q, &nb, &old));
    printf("%-34s %ld\n", "  old flags", old.mq_flags);
    show("receive, nonblocking", mq_receive(q, buf, sizeof buf, &prio));
    for (int i = 0; i < 3; i++)
        mq_send(q, "f", 1, 0);
    show("send, nonblocking and full", mq_send(q, "x", 1, 0));
    nb.mq_flags = O_APPEND;
    show("setattr O_APPEND", mq_setattr(q, &nb, NULL));
    nb.mq_flags = 0;
    mq_setattr(q, &nb, NULL);
    while (mq_timedreceive(q, buf, sizeof buf, NULL, &soon) > 0)
        ;

    mqd_t ro = mq_open(name, O_RDONLY), wo = mq_open(name, O_WRONLY);
    show("send on a read-only descriptor", mq_send(ro, "x", 1, 0));
    show("receive on a write-only one", mq_receive(wo, buf, sizeof buf, NULL));

    /* A receiver in another process, waiting until the message comes. */
    pid_t child = fork();
    if (child == 0) {
        ssize_t n = mq_receive(ro, buf, sizeof buf, &prio);
        printf("%-34s %.*s prio %u\n", "child received", (int)n, buf, prio);
        _exit(0);
    }
    usleep(30000);
    /* Shown once the child has printed what it got. */
    long sent = mq_send(wo, "hello", 5, 4);
    waitpid(child, NULL, 0);
    show("sent to the waiting child", sent);

    /* Notification: one signal when a message comes to the empty queue. */
    struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
    sigaction(SIGUSR1, &sa, NULL);
    struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
    ev.sigev_value.sival_int = 42;
    show("notify", mq_notify(q, &ev));
    child = fork();
    if (child == 0) {
        show("  notify from another process", mq_notify(q, &ev));
        _exit(0);
    }
    waitpid(child, NULL, 0);
    mq_send(q, "one", 3, 0);
    mq_send(q, "two", 3, 0);
    printf("%-34s %d, code %d, value %d\n", "notified", notified, notified_code == SI_MESGQ, notified_value);
    show("notify again", mq_notify(q, &ev));
    show("  unregister", mq_notify(q, NULL));
    while (mq_timedreceive(q, buf, sizeof buf, NULL, &soon) > 0)
        ;
    mq_send(q, "three", 5, 0);
    printf("%-34s %d\n", "after unregistering", notified);
    ev.sigev_notify = 99;
    show("notify with a bad kind", mq_notify(q, &ev));
    show("notify on a pipe", mq_notify(1, NULL));

    show("unlink", mq_unlink(name));
    show("unlink again", mq_unlink(name));
    show("open after unlink", mq_open(name, O_RDWR));
    show("receive after unlink", mq_receive(q, buf, sizeof buf, NULL));
    mq_close(ro);
    mq_close(wo);
    show("close", mq_close(q));
    show("close again", mq_close(q));
    return 0;
}
