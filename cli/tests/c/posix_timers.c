/* POSIX timers: a periodic SIGEV_SIGNAL timer carrying a value, its
 * settings read back, and deletion. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int ticks;
static volatile int bad;

static void on_tick(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    if (si->si_code == SI_TIMER && si->si_value.sival_int == 42)
        ticks++;
    else
        bad++;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_tick;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);

    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN;
    ev.sigev_value.sival_int = 42;
    timer_t t;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t) != 0) {
        perror("timer_create");
        return 1;
    }
    struct itimerspec its = { { 0, 20000000 }, { 0, 20000000 } };
    timer_settime(t, 0, &its, NULL);
    while (ticks < 5)
        pause();
    struct itimerspec cur;
    timer_gettime(t, &cur);
    printf("ticks: at least 5, bad %d; interval %ld ns; armed %d\n", bad, cur.it_interval.tv_nsec,
           cur.it_value.tv_sec != 0 || cur.it_value.tv_nsec != 0);

    struct itimerspec off = { { 0, 0 }, { 0, 0 } };
    timer_settime(t, 0, &off, NULL);
    timer_gettime(t, &cur);
    printf("disarmed: armed %d\n", cur.it_value.tv_sec != 0 || cur.it_value.tv_nsec != 0);
    printf("delete: %d\n", timer_delete(t));
    int r = timer_delete(t);
    printf("delete again: %d %s\n", r, r ? strerror(errno) : "");
    return 0;
}
