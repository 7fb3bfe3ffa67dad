/* poll, select and nanosleep interrupted by a handler installed with
 * SA_RESTART: Linux never restarts these (they fail with EINTR), while a
 * read on a pipe is restarted. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int fds[2];

static void on_alarm(int sig)
{
    (void)sig;
}

static void arm(void)
{
    struct itimerval t = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &t, NULL);
}

static void on_alarm_write(int sig)
{
    (void)sig;
    write(fds[1], "x", 1);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    pipe(fds);

    struct pollfd p = { fds[0], POLLIN, 0 };
    arm();
    int r = poll(&p, 1, 5000);
    printf("poll: %d %s\n", r, r < 0 ? strerror(errno) : "");

    fd_set set;
    FD_ZERO(&set);
    FD_SET(fds[0], &set);
    struct timeval tv = { 5, 0 };
    arm();
    r = select(fds[0] + 1, &set, NULL, NULL, &tv);
    printf("select: %d %s\n", r, r < 0 ? strerror(errno) : "");

    struct timespec ts = { 5, 0 };
    arm();
    r = nanosleep(&ts, &ts);
    printf("nanosleep: %d %s\n", r, r < 0 ? strerror(errno) : "");

    /* A read is restarted: the handler writes the byte it then reads. */
    sa.sa_handler = on_alarm_write;
    sigaction(SIGALRM, &sa, NULL);
    char c = 0;
    arm();
    r = (int)read(fds[0], &c, 1);
    printf("read: %d %c\n", r, c);
    return 0;
}
