/* LeakSanitizer's StopTheWorld, by hand: the process clones a tracer with
 * CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_UNTRACED (not a thread: Linux
 * forbids tracing your own thread group) and waits for it with __WALL; the
 * tracer lists /proc/<parent>/task with the old getdents(2), attaches to
 * every thread (one spinning, one in a futex wait, one in nanosleep, and
 * the main thread in wait4), waits for each stop, reads registers with
 * GETREGS and GETREGSET, sees the tracing stop in /proc, and detaches;
 * the threads go on. Prints relations, never pids or addresses. */
#define _GNU_SOURCE
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX 16

static volatile int stop_spinning;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int released;
static volatile int started;

static char out[4096];
static int used;

/* The tracer shares our memory: it reports into `out`, printed later. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out + used, sizeof out - used, fmt, ap);
    va_end(ap);
    if (n > 0 && used + n < (int)sizeof out)
        used += n;
}

static void *spinner(void *arg) {
    (void)arg;
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    while (!stop_spinning)
        ;
    return 0;
}

static void *waiter(void *arg) {
    (void)arg;
    pthread_mutex_lock(&lock);
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    while (!released)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    return 0;
}

static void *sleeper(void *arg) {
    (void)arg;
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    struct timespec ts = {0, 300 * 1000 * 1000};
    /* A stop interrupts the sleep; it restarts for what is left. */
    int r = nanosleep(&ts, 0);
    return (void *)(long)(r == 0 ? 1 : 2);
}

struct linux_dirent {
    unsigned long d_ino, d_off;
    unsigned short d_reclen;
    char d_name[];
};

static int tracer(void *arg) {
    pid_t target = *(pid_t *)arg;
    char path[64], buf[1024];
    pid_t tids[MAX];
    int n = 0;
    snprintf(path, sizeof path, "/proc/%d/task", target);
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    for (;;) {
        long got = syscall(SYS_getdents, fd, buf, sizeof buf);
        if (got <= 0)
            break;
        for (long off = 0; off < got;) {
            struct linux_dirent *d = (struct linux_dirent *)(buf + off);
            if (d->d_name[0] != '.' && n < MAX)
                tids[n++] = atoi(d->d_name);
            off += d->d_reclen;
        }
    }
    close(fd);
    say("tracer: %d threads listed, the first is the process %d\n", n, n > 0 && tids[0] == target);
    int stopped = 0, tracing_stop = 0, regs_ok = 0, regset_ok = 0, detached = 0;
    for (int i = 0; i < n; i++) {
        if (ptrace(PTRACE_ATTACH, tids[i], 0, 0)) {
            say("tracer: attach: %s\n", strerrorname_np(errno));
            continue;
        }
        int st;
        for (;;) {
            if (waitpid(tids[i], &st, __WALL) != tids[i]) {
                say("tracer: waitpid: %s\n", strerrorname_np(errno));
                break;
            }
            if (WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP) {
                stopped++;
                break;
            }
            /* Another signal came first: let it through, as LSan does. */
            say("tracer: passing on %s\n", sigabbrev_np(WSTOPSIG(st)));
            ptrace(PTRACE_CONT, tids[i], 0, WSTOPSIG(st));
        }
    }
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "/proc/%d/task/%d/status", target, tids[i]);
        FILE *f = fopen(path, "r");
        char line[128];
        while (f && fgets(line, sizeof line, f))
            if (!strcmp(line, "State:\tt (tracing stop)\n"))
                tracing_stop++;
        if (f)
            fclose(f);
        struct user_regs_struct r, s;
        memset(&s, 0, sizeof s);
        struct iovec iov = {&s, sizeof s + 100};
        if (ptrace(PTRACE_GETREGS, tids[i], 0, &r) == 0 && r.esp != 0 && r.xcs == 0x23)
            regs_ok++;
        if (ptrace(PTRACE_GETREGSET, tids[i], NT_PRSTATUS, &iov) == 0 &&
            iov.iov_len == sizeof s && s.esp == r.esp && s.eip == r.eip)
            regset_ok++;
    }
    for (int i = 0; i < n; i++)
        if (ptrace(PTRACE_DETACH, tids[i], 0, 0) == 0)
            detached++;
    say("tracer: %d stopped by SIGSTOP, %d in tracing stop, %d GETREGS, %d GETREGSET, %d detached\n",
        stopped, tracing_stop, regs_ok, regset_ok, detached);
    return 0;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_t t[3];
    pthread_create(&t[0], 0, spinner, 0);
    pthread_create(&t[1], 0, waiter, 0);
    pthread_create(&t[2], 0, sleeper, 0);
    while (started < 3)
        sched_yield();
    /* The waiter holds the lock until it waits on the condition. */
    pthread_mutex_lock(&lock);
    pthread_mutex_unlock(&lock);
    usleep(20000);

    /* A thread of our own group cannot be traced. */
    pid_t self_thread = getpid();
    errno = 0;
    long r = ptrace(PTRACE_ATTACH, self_thread, 0, 0);
    printf("attach to our own process: %ld %s\n", r, strerrorname_np(errno));

    static char stack[64 * 1024] __attribute__((aligned(16)));
    pid_t me = getpid();
    pid_t pid = clone(tracer, stack + sizeof stack, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_UNTRACED,
                      &me);
    if (pid < 0) {
        printf("clone: %s\n", strerror(errno));
        return 1;
    }
    int st;
    errno = 0;
    r = waitpid(pid, &st, WNOHANG);
    printf("waitpid without __WALL: %ld %s\n", r, strerrorname_np(errno));
    if (waitpid(pid, &st, __WALL) != pid) {
        printf("waitpid: %s\n", strerror(errno));
        return 1;
    }
    fputs(out, stdout);
    printf("tracer exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

    stop_spinning = 1;
    pthread_mutex_lock(&lock);
    released = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    void *ret[3];
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], &ret[i]);
    printf("threads joined; the sleep %s\n", ret[2] == (void *)1 ? "completed" : "failed");
    return 0;
}
