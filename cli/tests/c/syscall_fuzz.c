/* Random system calls with random arguments, for the rule that no guest
 * input crashes the machine. Run only under tabvm: natively it would be a
 * hazard to the host.
 *
 * usage: syscall_fuzz FIRST_SEED CHILDREN CALLS
 *
 * Each child (one seed each) starts a session of its own, puts /dev/null on
 * 0-2 and a spread of descriptor kinds on 3-14, and then makes CALLS
 * system calls with arguments drawn from small numbers, -1, random words,
 * pointers into a scratch buffer (some at its end, before a guard page),
 * paths, descriptors and kernel addresses. Calls that would leave the child
 * (fork, exec) or reach another process (kill -1, ptrace, prlimit of a pid)
 * are skipped or aimed at the child itself. The parent kills a child that
 * runs longer than a deadline, and prints one line per child's end and a
 * closing line: the test checks that tabvm survives and reports them all.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SCRATCH 65536

static uint64_t state;

static uint32_t next(void)
{
    /* splitmix64 */
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static unsigned char *scratch;
/* Calls made by the running child, in a page shared with the parent. */
static volatile int *progress;
static const char *const paths[] = {
    "/tmp/fz", "/tmp", "/dev/null", ".", "/proc/self/maps", "/etc/passwd",
    "/tmp/fz/a", "/dev/ptmx", "/proc/self/fd/3", "", "/dev/shm/fz", "..",
};

static uint32_t arg(void)
{
    switch (next() % 14) {
    case 0: return 0;
    case 1: return next() % 4;
    case 2: return next() % 64;
    case 3: return (uint32_t)-1;
    case 4: return next();
    case 5: return (uint32_t)(uintptr_t)(scratch + next() % SCRATCH);
    case 6: return (uint32_t)(uintptr_t)(scratch + SCRATCH - next() % 32);
    case 7: {
        /* a path, copied into the scratch buffer (calls may write there) */
        const char *p = paths[next() % (sizeof paths / sizeof *paths)];
        unsigned char *at = scratch + (next() % 64) * 512;
        memcpy(at, p, strlen(p) + 1);
        return (uint32_t)(uintptr_t)at;
    }
    case 8: return 3 + next() % 14;
    case 9: return 0xc0000000u + (next() % 16) * 0x1000;
    case 10: return 0xffffe000u + next() % 0x2000;
    case 11: return 1u << (next() % 32);
    case 12: return next() % 2 ? 0x5400 + next() % 0x60 : next() % 0x10000;
    default: return (uint32_t)(uintptr_t)scratch + (next() % 16) * 4096;
    }
}

static void open_kinds(void)
{
    int fd;
    int p[2], s[2];
    mkdir("/tmp/fz", 0777);
    fd = open("/tmp/fz/a", O_RDWR | O_CREAT, 0644);
    if (fd >= 0)
        (void)!write(fd, "hello fuzz\n", 11);
    (void)!pipe(p);
    (void)!socketpair(AF_UNIX, SOCK_STREAM, 0, s);
    socket(AF_INET, SOCK_STREAM, 0);
    socket(AF_INET, SOCK_DGRAM, 0);
    socket(AF_INET6, SOCK_STREAM, 0);
    eventfd(1, 0);
    timerfd_create(CLOCK_MONOTONIC, 0);
    epoll_create1(0);
    open("/dev/ptmx", O_RDWR | O_NOCTTY);
    open("/tmp", O_RDONLY | O_DIRECTORY);
    open("/proc/self/maps", O_RDONLY);
    socket(AF_UNIX, SOCK_DGRAM, 0);
}

/* Numbers never called: they leave the child or outlive it. */
static int skipped(uint32_t nr)
{
    switch (nr) {
    case SYS_exit: case SYS_exit_group: case SYS_fork: case SYS_vfork:
    case SYS_clone: case SYS_execve: case SYS_reboot: case SYS_pause:
    case SYS_sigsuspend: case SYS_rt_sigsuspend:
#ifdef SYS_clone3
    case SYS_clone3:
#endif
#ifdef SYS_execveat
    case SYS_execveat:
#endif
        return 1;
    /* Most calls that take the child's memory or control flow away from
     * it are skipped, or few children would live past a dozen calls. */
    case SYS_munmap: case SYS_mremap: case SYS_mprotect: case SYS_brk:
    case SYS_mmap: case SYS_mmap2: case SYS_madvise: case SYS_sigreturn:
    case SYS_rt_sigreturn: case SYS_signal: case SYS_sigaction:
    case SYS_rt_sigaction: case SYS_set_thread_area: case SYS_modify_ldt:
    case SYS_shmdt: case SYS_remap_file_pages:
        return next() % 8 != 0;
    }
    return 0;
}

static void child(void)
{
    int fd = open("/dev/null", O_RDWR);
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2)
        close(fd);
    setsid();
    open_kinds();
    scratch = mmap(0, SCRATCH + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (scratch == MAP_FAILED)
        _exit(2);
    mprotect(scratch + SCRATCH, 4096, PROT_NONE);
    for (int i = 0; i < SCRATCH / 4; i++)
        ((uint32_t *)scratch)[i] = next() % 3 ? next() % 256 : next();
}

static void fuzz(int calls)
{
    pid_t me = getpid();
    for (int i = 0; i < calls; i++) {
        uint32_t nr = next() % 460;
        uint32_t a[6];
        for (int j = 0; j < 6; j++)
            a[j] = arg();
        if (skipped(nr))
            continue;
        switch (nr) {
        case SYS_kill:
            a[0] = next() % 2 ? 0 : (uint32_t)me;
            break;
        case SYS_tkill: case SYS_rt_sigqueueinfo: case SYS_ptrace:
        case SYS_prlimit64: case SYS_process_vm_readv: case SYS_process_vm_writev:
        case SYS_pidfd_open: case SYS_sched_setaffinity: case SYS_setpriority:
        case SYS_kcmp: case SYS_migrate_pages: case SYS_move_pages:
            if (nr == SYS_ptrace || nr == SYS_setpriority)
                a[1] = (uint32_t)me;
            else
                a[0] = (uint32_t)me;
            if (nr == SYS_kcmp)
                a[1] = (uint32_t)me;
            break;
        case SYS_tgkill: case SYS_rt_tgsigqueueinfo:
            a[0] = a[1] = (uint32_t)me;
            break;
        case SYS_setpgid:
            a[0] = 0;
            a[1] = 0;
            break;
        case SYS_pidfd_send_signal:
            /* only through a pidfd of our own */
            a[0] = (uint32_t)syscall(SYS_pidfd_open, me, 0);
            break;
        }
        syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
        *progress = i + 1;
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s FIRST_SEED CHILDREN CALLS\n", argv[0]);
        return 2;
    }
    unsigned long first = strtoul(argv[1], 0, 0);
    int children = atoi(argv[2]);
    int calls = atoi(argv[3]);
    int ended = 0;
    long made = 0;
    progress = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (progress == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    for (int c = 0; c < children; c++) {
        fflush(stdout);
        *progress = 0;
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            state = first + (uint64_t)c;
            child();
            fuzz(calls);
            _exit(0);
        }
        int status = 0;
        int waited = 0;
        for (;;) {
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid)
                break;
            if (w < 0) {
                perror("waitpid");
                return 1;
            }
            if (waited == 100)
                kill(pid, SIGKILL);
            struct timespec ts = {0, 5000000};
            nanosleep(&ts, 0);
            waited++;
        }
        ended++;
        made += *progress;
        if (WIFSIGNALED(status))
            printf("seed %lu: signal %d after %d calls%s\n", first + c, WTERMSIG(status),
                   *progress, waited > 100 ? " (deadline)" : "");
        else
            printf("seed %lu: exit %d after %d calls\n", first + c, WEXITSTATUS(status),
                   *progress);
    }
    printf("%d children ended after %ld calls\n", ended, made);
    return 0;
}
