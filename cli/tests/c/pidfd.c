/* Process descriptors: pidfd_open and pidfd_send_signal with their
 * errors, a descriptor that turns readable when its process exits, and a
 * queued signal's value through one. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    printf("%-34s %ld %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
}

static int pidfd_open(pid_t pid, unsigned flags)
{
    return syscall(SYS_pidfd_open, pid, flags);
}

static long send(int fd, int sig, siginfo_t *info, unsigned flags)
{
    return syscall(SYS_pidfd_send_signal, fd, sig, info, flags);
}

static volatile sig_atomic_t got_value = -1, got_code;
static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
    got_value = si->si_value.sival_int;
    got_code = si->si_code;
}

static long thread_tid;
static void *report_tid(void *arg)
{
    thread_tid = syscall(SYS_gettid);
    return arg;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int self = pidfd_open(getpid(), 0);
    show("pidfd_open self", self >= 0);
    show("  close-on-exec", fcntl(self, F_GETFD) & FD_CLOEXEC);
    show("  O_NONBLOCK", fcntl(self, F_GETFL) & O_NONBLOCK);
    int nb = pidfd_open(getpid(), O_NONBLOCK);
    show("PIDFD_NONBLOCK", fcntl(nb, F_GETFL) & O_NONBLOCK);
    show("bad flags", pidfd_open(getpid(), 1));
    show("pid 0", pidfd_open(0, 0));
    show("no such process", pidfd_open(0x3ffff000, 0));
    pthread_t t;
    pthread_create(&t, NULL, report_tid, NULL);
    pthread_join(t, NULL);
    show("a thread, not a process", pidfd_open(thread_tid, 0) >= 0 ? 0 : (errno == EINVAL || errno == ESRCH) ? -2 : -3);
    char c;
    show("read", read(self, &c, 1));

    struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
    sigaction(SIGUSR1, &sa, NULL);
    siginfo_t info = { .si_signo = SIGUSR1, .si_code = SI_QUEUE, .si_pid = getpid(), .si_uid = getuid() };
    info.si_value.sival_int = 7;
    show("send a queued signal to itself", send(self, SIGUSR1, &info, 0));
    printf("%-34s value %d, queued %d\n", "  handler", got_value, got_code == SI_QUEUE);
    show("signal 0", send(self, 0, NULL, 0));
    show("to the thread", send(self, 0, NULL, 1));
    show("to the process group", send(self, 0, NULL, 4));
    show("two scopes", send(self, 0, NULL, 3));
    show("unknown flag", send(self, 0, NULL, 8));
    show("not a pidfd", send(1, 0, NULL, 0));
    show("bad signal", send(self, 99, NULL, 0));

    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(1);
    }
    int fd = pidfd_open(child, 0);
    struct pollfd p = { .fd = fd, .events = POLLIN };
    show("poll while it runs", poll(&p, 1, 0));
    show("SIGTERM through it", send(fd, SIGTERM, NULL, 0));
    show("poll until it exits", poll(&p, 1, 5000));
    printf("%-34s %#x\n", "  revents", p.revents);
    show("signal the zombie", send(fd, 0, NULL, 0));
    show("  kill the zombie", kill(child, SIGTERM));
    info.si_signo = SIGTERM;
    show("  sigqueue the zombie", syscall(SYS_rt_sigqueueinfo, child, SIGTERM, &info));
    int status;
    waitpid(child, &status, 0);
    printf("%-34s %d\n", "  killed by", WTERMSIG(status));
    show("signal after the reap", send(fd, SIGTERM, NULL, 0));
    return 0;
}
