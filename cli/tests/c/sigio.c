/* Signal-driven I/O (fcntl(2) "Managing signals"): F_SETOWN, F_GETOWN and
   their _EX forms, F_SETSIG, O_ASYNC through F_SETFL and FIOASYNC, and the
   siginfo a readiness signal carries, on a pipe and a socket pair. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHOW(what, expr)                                                         \
    do {                                                                         \
        errno = 0;                                                               \
        long r_ = (long)(expr);                                                  \
        printf("%-22s %ld %s\n", what, r_, r_ < 0 ? strerror(errno) : "");       \
    } while (0)

static volatile sig_atomic_t handled;
static void on_io(int signo) {
    (void)signo;
    handled++;
}

static void take(const char *what, const sigset_t *set, int fd) {
    struct timespec zero = {0, 0};
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int s = sigtimedwait(set, &si, &zero);
    if (s < 0) {
        printf("%-22s none\n", what);
        return;
    }
    printf("%-22s %s code %d", what, s == SIGIO ? "SIGIO" : s == SIGRTMIN ? "RTMIN" : "other", si.si_code);
    if (s != SIGIO) printf(" band %#lx fd %s", si.si_band, si.si_fd == fd ? "ok" : "wrong");
    printf("\n");
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2];
    pipe(p);
    struct f_owner_ex ex = {9, 9};
    SHOW("getown fresh", fcntl(p[0], F_GETOWN));
    SHOW("getown_ex fresh", fcntl(p[0], F_GETOWN_EX, &ex));
    printf("  type %d pid %d\n", ex.type, ex.pid);
    SHOW("setown nobody", fcntl(p[0], F_SETOWN, 999999));
    SHOW("setown self", fcntl(p[0], F_SETOWN, getpid()));
    printf("getown is self %d\n", fcntl(p[0], F_GETOWN) == getpid());
    SHOW("setown group", fcntl(p[0], F_SETOWN, -getpgrp()));
    printf("getown is -pgrp %d\n", fcntl(p[0], F_GETOWN) == -getpgrp());
    fcntl(p[0], F_GETOWN_EX, &ex);
    printf("ex type %d is pgrp %d\n", ex.type, ex.pid == getpgrp());
    ex.type = 7;
    SHOW("setown_ex bad type", fcntl(p[0], F_SETOWN_EX, &ex));
    ex.type = F_OWNER_TID;
    ex.pid = getpid();
    SHOW("setown_ex thread", fcntl(p[0], F_SETOWN_EX, &ex));
    SHOW("getown of thread", fcntl(p[0], F_GETOWN) == getpid());
    SHOW("setsig 65", fcntl(p[0], F_SETSIG, 65));
    SHOW("setsig rtmin", fcntl(p[0], F_SETSIG, SIGRTMIN));
    SHOW("getsig is rtmin", fcntl(p[0], F_GETSIG) == SIGRTMIN);

    int file = open("/etc/passwd", O_RDONLY), on = 1, off = 0;
    SHOW("fioasync file", ioctl(file, FIOASYNC, &on));
    SHOW("setfl async file", fcntl(file, F_SETFL, O_ASYNC));
    printf("file async %d\n", !!(fcntl(file, F_GETFL) & O_ASYNC));

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    sigaddset(&set, SIGIO);
    sigprocmask(SIG_BLOCK, &set, 0);
    fcntl(p[0], F_SETOWN, getpid());
    SHOW("fioasync pipe", ioctl(p[0], FIOASYNC, &on));
    printf("pipe async %d\n", !!(fcntl(p[0], F_GETFL) & O_ASYNC));
    take("before any write", &set, p[0]);
    write(p[1], "ab", 2);
    take("pipe written", &set, p[0]);
    char buf[8];
    read(p[0], buf, sizeof buf);
    fcntl(p[0], F_SETSIG, 0);
    write(p[1], "c", 1);
    take("plain sigio", &set, p[0]);
    read(p[0], buf, sizeof buf);

    /* A child writes; the owner's handler runs. */
    signal(SIGIO, on_io);
    sigprocmask(SIG_UNBLOCK, &set, 0);
    pid_t child = fork();
    if (child == 0) {
        write(p[1], "d", 1);
        _exit(0);
    }
    waitpid(child, 0, 0);
    printf("handler ran %d\n", handled);
    read(p[0], buf, sizeof buf);
    SHOW("fioasync off", ioctl(p[0], FIOASYNC, &off));
    write(p[1], "e", 1);
    printf("off: handler ran %d\n", handled);
    read(p[0], buf, sizeof buf);

    /* A socket pair: O_ASYNC through F_SETFL, F_SETSIG, an owner by
       F_SETOWN_EX process. */
    sigprocmask(SIG_BLOCK, &set, 0);
    int s[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, s);
    ex.type = F_OWNER_PID;
    ex.pid = getpid();
    SHOW("sock setown_ex", fcntl(s[0], F_SETOWN_EX, &ex));
    fcntl(s[0], F_SETSIG, SIGRTMIN);
    SHOW("sock setfl async", fcntl(s[0], F_SETFL, O_ASYNC | O_NONBLOCK));
    take("sock idle", &set, s[0]);
    send(s[1], "hi", 2, 0);
    take("sock sent", &set, s[0]);
    recv(s[0], buf, sizeof buf, 0);
    send(s[1], "again", 5, 0);
    take("sock sent again", &set, s[0]);
    take("sock nothing more", &set, s[0]);
    return 0;
}
