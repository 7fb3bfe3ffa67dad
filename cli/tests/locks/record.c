/* POSIX record locks and open file description locks (fcntl(2)
 * "Advisory record locking", "Open file description locks") between
 * processes: split/merge/convert seen from another process, conflicts,
 * F_SETLKW waiting for the holder, EDEADLK for a two-process cycle, the
 * close-any-descriptor rule, fork and exec, OFD locks shared by dup and
 * fork and released at the last close, OFD vs POSIX, bad arguments.
 * Processes are sequenced with pipes and waitpid; pids print as who they
 * are (parent, child, -1). The system calls are made directly, so the
 * structure and command each test names are the ones the kernel sees.
 *
 * Usage: record [DIR] (the lock files go in DIR, /tmp by default).
 * Internal: record exec-hold FD1 FD2 RFD WFD (the program after exec). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

/* i386 struct flock and struct flock64, as the kernel reads them. */
struct fl32 { short type, whence; int32_t start, len; int32_t pid; };
struct fl64 { short type, whence; int64_t start, len; int32_t pid; };

enum { GETLK = 5, SETLK = 6, SETLKW = 7, GETLK64 = 12, SETLK64 = 13, SETLKW64 = 14,
       OFD_GETLK = 36, OFD_SETLK = 37, OFD_SETLKW = 38 };

static pid_t parent_pid, child_pid;
static char path1[256], path2[256];
static const char *self_path;

static const char *who(int pid) {
    static char buf[32];
    if (pid == -1) return "-1";
    if (pid == 0) return "0";
    if (pid == parent_pid) return "parent";
    if (pid == child_pid) return "child";
    if (pid == getpid()) return "self";
    snprintf(buf, sizeof buf, "other");
    return buf;
}

static const char *tname(int t) {
    return t == F_RDLCK ? "R" : t == F_WRLCK ? "W" : t == F_UNLCK ? "U" : "?";
}

static const char *res(long r) {
    static char buf[64];
    if (r != -1) return "ok";
    snprintf(buf, sizeof buf, "%s", strerrorname_np(errno));
    return buf;
}

/* fcntl64 with struct flock64. */
static long lk(int fd, int cmd, short type, short whence, int64_t start, int64_t len) {
    struct fl64 f = {type, whence, start, len, 0};
    return syscall(SYS_fcntl64, fd, cmd, &f);
}

/* Prints what F_GETLK64 (or F_OFD_GETLK) says about a range. */
static void test(const char *what, int fd, int cmd, short type, int64_t start, int64_t len) {
    struct fl64 f = {type, SEEK_SET, start, len, 0};
    long r = syscall(SYS_fcntl64, fd, cmd, &f);
    if (r == -1) printf("  %s: %s\n", what, res(r));
    else if (f.type == F_UNLCK)
        printf("  %s: unlocked (whence %d start %lld len %lld pid %d)\n", what, f.whence,
               (long long)f.start, (long long)f.len, f.pid);
    else
        printf("  %s: %s whence %d start %lld len %lld pid %s\n", what, tname(f.type), f.whence,
               (long long)f.start, (long long)f.len, who(f.pid));
}

/* A map of bytes 0..47 of `path` as another process sees them: '.' free,
 * 'r' read-locked, 'w' write-locked; then the first lock over the whole
 * file. */
static void show(const char *label, const char *path) {
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        int fd = open(path, O_RDWR);
        char map[49] = {0};
        for (int i = 0; i < 48; i++) {
            struct fl64 f = {F_WRLCK, SEEK_SET, i, 1, 0};
            if (syscall(SYS_fcntl64, fd, GETLK64, &f) == -1) map[i] = 'E';
            else map[i] = f.type == F_UNLCK ? '.' : f.type == F_RDLCK ? 'r' : 'w';
        }
        printf("%-24s %s\n", label, map);
        test("whole file", fd, GETLK64, F_WRLCK, 0, 0);
        test("from 48", fd, GETLK64, F_WRLCK, 48, 0);
        fflush(stdout);
        _exit(0);
    }
    waitpid(p, NULL, 0);
}

static void msg(int fd, char c) { if (write(fd, &c, 1) != 1) _exit(99); }
static char get(int fd) { char c = 0; if (read(fd, &c, 1) != 1) return 0; return c; }

/* The program after exec in exec_keeps_locks: reports, then waits. */
static int exec_hold(char **argv) {
    int rfd = atoi(argv[4]), wfd = atoi(argv[5]);
    int fd1 = atoi(argv[2]), fd2 = atoi(argv[3]);
    printf("  after exec: fd1 open %d, cloexec fd2 open %d\n", fcntl(fd1, F_GETFD) != -1,
           fcntl(fd2, F_GETFD) != -1);
    fflush(stdout);
    msg(wfd, 'e');
    get(rfd);
    return 0;
}

static void ranges(int fd) {
    printf("ranges: split, merge, convert, whence, negative lengths\n");
    printf("  R 0+40: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 0, 40)));
    show("read 0..39", path1);
    printf("  W 10+10: %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 10, 10)));
    show("write inside", path1);
    printf("  R 10+10: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 10, 10)));
    show("read again (merged)", path1);
    printf("  U 5+10: %s\n", res(lk(fd, SETLK64, F_UNLCK, SEEK_SET, 5, 10)));
    show("hole 5..14", path1);
    printf("  W 40+4 (adjacent): %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 40, 4)));
    printf("  W 44+2 (adjacent): %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 44, 2)));
    show("writes 40..45", path1);
    printf("  W 30-5 (negative): %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 30, -5)));
    show("write 25..29", path1);
    lseek(fd, 3, SEEK_SET);
    printf("  R cur+0 len 2: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_CUR, 0, 2)));
    printf("  R cur-3 len 1: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_CUR, -3, 1)));
    if (ftruncate(fd, 47) != 0) perror("ftruncate");
    printf("  W end+0 len 0: %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_END, 0, 0)));
    printf("  R end-1 len 1: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_END, -1, 1)));
    show("end and cur", path1);
    printf("  U all: %s\n", res(lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0)));
    show("unlocked", path1);
    printf("  W 1000+0: %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 1000, 0)));
    printf("  W 100+10: %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 100, 10)));
    printf("  R 2+2: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 2, 2)));
    printf("  W 50+1: %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 50, 1)));
    show("scattered", path1);
    printf("  U all: %s\n", res(lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0)));
}

static void conflicts(int fd) {
    printf("conflicts\n");
    lk(fd, SETLK64, F_RDLCK, SEEK_SET, 0, 10);
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 20, 10);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        int fd = open(path1, O_RDWR);
        printf("  child R 0+10: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 0, 10)));
        printf("  child W 5+1: %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 5, 1)));
        printf("  child R 25+1: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 25, 1)));
        printf("  child W 10+10: %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 10, 10)));
        printf("  child U 0+0 (own only): %s\n", res(lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0)));
        test("child test R 0+0", fd, GETLK64, F_RDLCK, 0, 0);
        test("child test W 0+0", fd, GETLK64, F_WRLCK, 0, 0);
        test("child test W 12+3", fd, GETLK64, F_WRLCK, 12, 3);
        fflush(stdout);
        _exit(0);
    }
    waitpid(p, NULL, 0);
    test("parent tests its own", fd, GETLK64, F_WRLCK, 0, 0);
    show("parent's locks remain", path1);
    lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0);
}

static void waiting(int fd) {
    printf("F_SETLKW waits for the holder\n");
    int go[2], ready[2];
    if (pipe(go) || pipe(ready)) exit(1);
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 10);
    fflush(stdout);
    pid_t p = child_pid = fork();
    if (p == 0) {
        int fd = open(path1, O_RDWR);
        printf("  child SETLK: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 5, 1)));
        fflush(stdout);
        msg(ready[1], 'r');
        long r = lk(fd, SETLKW64, F_RDLCK, SEEK_SET, 5, 1);
        printf("  child SETLKW: %s\n", res(r));
        test("child sees", fd, GETLK64, F_WRLCK, 0, 0);
        fflush(stdout);
        msg(ready[1], 'd');
        get(go[0]);
        _exit(0);
    }
    get(ready[0]);
    /* Not synchronisation: a pause so the child is most likely parked
     * when the lock goes (the output is the same either way). */
    usleep(100000);
    printf("  parent converts to read then unlocks\n");
    fflush(stdout);
    lk(fd, SETLK64, F_RDLCK, SEEK_SET, 0, 10);
    get(ready[0]);
    test("parent sees", fd, GETLK64, F_WRLCK, 0, 0);
    lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0);
    msg(go[1], 'g');
    waitpid(p, NULL, 0);
    child_pid = 0;
    close(go[0]); close(go[1]); close(ready[0]); close(ready[1]);
}

static int alarm_fd = -1;
static volatile sig_atomic_t alarms;
static void on_alarm(int sig) {
    (void)sig;
    alarms++;
    if (alarm_fd != -1) msg(alarm_fd, 'a');
}

static void interrupted(int fd) {
    printf("a signal interrupts F_SETLKW (EINTR), or it restarts (SA_RESTART)\n");
    int ready[2];
    if (pipe(ready)) exit(1);
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 10);
    fflush(stdout);
    pid_t p = child_pid = fork();
    if (p == 0) {
        int fd = open(path1, O_RDWR);
        struct sigaction sa = {0};
        sa.sa_handler = on_alarm;
        sigaction(SIGALRM, &sa, NULL);
        struct itimerval it = {{0, 0}, {0, 50000}};
        setitimer(ITIMER_REAL, &it, NULL);
        long r = lk(fd, SETLKW64, F_WRLCK, SEEK_SET, 5, 1);
        printf("  child SETLKW without SA_RESTART: %s, handler ran %d\n", res(r), (int)alarms);
        fflush(stdout);
        sa.sa_flags = SA_RESTART;
        sigaction(SIGALRM, &sa, NULL);
        alarm_fd = ready[1];
        setitimer(ITIMER_REAL, &it, NULL);
        r = lk(fd, SETLKW64, F_WRLCK, SEEK_SET, 5, 1);
        printf("  child SETLKW with SA_RESTART: %s, handler ran %d\n", res(r), (int)alarms);
        test("child waited for", fd, GETLK64, F_WRLCK, 0, 0);
        fflush(stdout);
        _exit(0);
    }
    get(ready[0]);
    printf("  parent unlocks after the child's handler ran\n");
    fflush(stdout);
    lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0);
    waitpid(p, NULL, 0);
    child_pid = 0;
    close(ready[0]); close(ready[1]);
}

static void deadlock(int fd) {
    printf("EDEADLK for a two-process cycle\n");
    int ready[2];
    if (pipe(ready)) exit(1);
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 1);
    fflush(stdout);
    pid_t p = child_pid = fork();
    if (p == 0) {
        int fd = open(path1, O_RDWR);
        lk(fd, SETLK64, F_WRLCK, SEEK_SET, 1, 1);
        msg(ready[1], 'r');
        long r = lk(fd, SETLKW64, F_WRLCK, SEEK_SET, 0, 1);
        /* If the parent was the one refused, it let go of byte 0. */
        _exit(r == -1 ? (errno == EDEADLK ? 1 : 2) : 0);
    }
    get(ready[0]);
    usleep(100000); /* as above: the outcome is printed either way */
    long r = lk(fd, SETLKW64, F_WRLCK, SEEK_SET, 1, 1);
    int mine = r == -1 ? (errno == EDEADLK ? 1 : 2) : 0;
    if (mine == 1) lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 1);
    int status;
    waitpid(p, &status, 0);
    int theirs = WIFEXITED(status) ? WEXITSTATUS(status) : 3;
    printf("  exactly one got EDEADLK: %d; the other got its lock: %d\n",
           (mine == 1) + (theirs == 1) == 1, (mine == 0) + (theirs == 0) == 1);
    lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0);
    child_pid = 0;
    close(ready[0]); close(ready[1]);
}

/* A cycle of three: the parent holds byte 0, child B byte 1, child C
 * byte 2; B waits for 0, C for 1, the parent for 2. Whoever closes the
 * cycle gets EDEADLK, lets go, and the others get their locks. */
static void deadlock3(int fd) {
    printf("EDEADLK for a three-process cycle\n");
    int ready[2], go[2];
    if (pipe(ready) || pipe(go)) exit(1);
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 1);
    fflush(stdout);
    pid_t kids[2];
    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            int fd = open(path1, O_RDWR);
            lk(fd, SETLK64, F_WRLCK, SEEK_SET, i + 1, 1);
            msg(ready[1], 'r');
            get(go[0]);
            long r = lk(fd, SETLKW64, F_WRLCK, SEEK_SET, i, 1);
            _exit(r == -1 ? (errno == EDEADLK ? 1 : 2) : 0);
        }
    }
    get(ready[0]);
    get(ready[0]);
    msg(go[1], 'b');
    usleep(50000); /* B most likely parks before C: the outcome prints either way */
    msg(go[1], 'c');
    usleep(100000);
    long r = lk(fd, SETLKW64, F_WRLCK, SEEK_SET, 2, 1);
    int mine = r == -1 ? (errno == EDEADLK ? 1 : 2) : 0;
    lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0);
    int refused = mine == 1, granted = mine == 0;
    for (int i = 0; i < 2; i++) {
        int status;
        waitpid(kids[i], &status, 0);
        int theirs = WIFEXITED(status) ? WEXITSTATUS(status) : 3;
        refused += theirs == 1;
        granted += theirs == 0;
    }
    printf("  refused %d, granted %d\n", refused, granted);
    close(ready[0]); close(ready[1]); close(go[0]); close(go[1]);
}

static void close_rule(int fd) {
    printf("closing any descriptor of the file drops the process's locks\n");
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 4);
    int other = open(path1, O_RDONLY);
    lk(other, SETLK64, F_RDLCK, SEEK_SET, 8, 4);
    int other2 = open(path2, O_RDWR);
    lk(other2, SETLK64, F_WRLCK, SEEK_SET, 0, 4);
    show("two descriptors", path1);
    close(other);
    show("after closing one", path1);
    show("the other file kept", path2);
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 4);
    int d = dup(fd);
    close(d);
    show("after closing a dup", path1);
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 4);
    d = dup(other2);
    dup2(d, 100); /* nothing was open at 100 */
    dup2(other2, d); /* the same description: stays open */
    show("after dup2 onto other", path1);
    int f = open(path1, O_RDONLY);
    dup2(other2, f); /* closes f */
    show("after dup2 over it", path1);
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 4);
    f = open(path1, O_RDONLY);
    syscall(SYS_close_range, f, f, 0);
    show("after close_range", path1);
    close(d); close(100);
    close(other2);
    show("second file", path2);
}

static void fork_and_exec(int fd) {
    printf("fork does not inherit locks; exec keeps them\n");
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 10);
    fflush(stdout);
    pid_t p = child_pid = fork();
    if (p == 0) {
        test("child tests", fd, GETLK64, F_WRLCK, 0, 0);
        printf("  child W 0+1 on the inherited descriptor: %s\n",
               res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 1)));
        printf("  child U 0+0: %s\n", res(lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0)));
        close(fd); /* the child's close is not the parent's */
        fflush(stdout);
        _exit(0);
    }
    waitpid(p, NULL, 0);
    show("parent still holds", path1);
    lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0);

    int go[2], ready[2];
    if (pipe(go) || pipe(ready)) exit(1);
    fflush(stdout);
    p = child_pid = fork();
    if (p == 0) {
        int fd1 = open(path1, O_RDWR);
        int fd2 = open(path2, O_RDWR | O_CLOEXEC);
        lk(fd1, SETLK64, F_WRLCK, SEEK_SET, 20, 5);
        lk(fd2, SETLK64, F_RDLCK, SEEK_SET, 0, 5);
        char a[4][16];
        snprintf(a[0], 16, "%d", fd1);
        snprintf(a[1], 16, "%d", fd2);
        snprintf(a[2], 16, "%d", go[0]);
        snprintf(a[3], 16, "%d", ready[1]);
        msg(ready[1], 'l');
        get(go[0]);
        execl(self_path, "record", "exec-hold", a[0], a[1], a[2], a[3], (char *)NULL);
        perror("exec");
        _exit(1);
    }
    get(ready[0]);
    show("child's locks", path1);
    show("child's cloexec file", path2);
    msg(go[1], 'x');
    get(ready[0]);
    show("after exec", path1);
    show("cloexec file after exec", path2);
    msg(go[1], 'q');
    waitpid(p, NULL, 0);
    show("after the child exits", path1);

    /* An OFD lock on a close-on-exec descriptor goes at exec: a waiter
     * gets it then, while the new program still runs. */
    p = child_pid = fork();
    if (p == 0) {
        int keep = open(path1, O_RDWR);
        int fd2 = open(path2, O_RDWR | O_CLOEXEC);
        lk(fd2, OFD_SETLK, F_WRLCK, SEEK_SET, 0, 0);
        char a[4][16];
        snprintf(a[0], 16, "%d", keep);
        snprintf(a[1], 16, "%d", fd2);
        snprintf(a[2], 16, "%d", go[0]);
        snprintf(a[3], 16, "%d", ready[1]);
        msg(ready[1], 'l');
        execl(self_path, "record", "exec-hold", a[0], a[1], a[2], a[3], (char *)NULL);
        perror("exec");
        _exit(1);
    }
    get(ready[0]);
    int other = open(path2, O_RDWR);
    printf("  OFD SETLKW on the child's cloexec file: %s\n",
           res(lk(other, OFD_SETLKW, F_WRLCK, SEEK_SET, 0, 0)));
    get(ready[0]);
    close(other);
    msg(go[1], 'q');
    waitpid(p, NULL, 0);
    child_pid = 0;
    close(go[0]); close(go[1]); close(ready[0]); close(ready[1]);
}

static void ofd(int fd) {
    printf("OFD locks\n");
    int a = open(path1, O_RDWR);
    printf("  OFD W 0+10: %s\n", res(lk(a, OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10)));
    printf("  own POSIX W 0+10 (another owner): %s\n",
           res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 10)));
    printf("  own POSIX R 20+5: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 20, 5)));
    printf("  OFD W 22+1 over POSIX read: %s\n", res(lk(a, OFD_SETLK, F_WRLCK, SEEK_SET, 22, 1)));
    test("OFD test from a", a, OFD_GETLK, F_WRLCK, 0, 0);
    test("POSIX test from the parent", fd, GETLK64, F_WRLCK, 0, 0);
    int b = open(path1, O_RDWR);
    test("OFD test from b", b, OFD_GETLK, F_WRLCK, 0, 0);
    printf("  OFD W 5+1 from b: %s\n", res(lk(b, OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1)));
    int d = dup(a);
    printf("  OFD R 0+10 via a dup: %s\n", res(lk(d, OFD_SETLK, F_RDLCK, SEEK_SET, 0, 10)));
    show("read through the dup", path1);
    lk(d, OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10);
    close(d);
    show("after closing the dup", path1);
    lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0);
    int go[2], ready[2];
    if (pipe(go) || pipe(ready)) exit(1);
    fflush(stdout);
    pid_t p = child_pid = fork();
    if (p == 0) {
        printf("  child OFD W 0+10 on the inherited description: %s\n",
               res(lk(a, OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10)));
        printf("  child POSIX W 0+1 on it: %s\n", res(lk(a, SETLK64, F_WRLCK, SEEK_SET, 0, 1)));
        int c = open(path1, O_RDWR);
        printf("  child OFD W 0+1 on its own: %s\n", res(lk(c, OFD_SETLK, F_WRLCK, SEEK_SET, 0, 1)));
        close(a); /* the parent's copy is the last */
        fflush(stdout);
        msg(ready[1], 'r');
        long r = lk(c, OFD_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
        printf("  child OFD SETLKW: %s\n", res(r));
        test("child OFD test from another", b, OFD_GETLK, F_WRLCK, 0, 0);
        fflush(stdout);
        _exit(0);
    }
    get(ready[0]);
    show("the child closed its a", path1);
    usleep(100000); /* as above */
    printf("  the parent closes the last descriptor of a\n");
    fflush(stdout);
    close(a);
    waitpid(p, NULL, 0);
    child_pid = 0;
    show("after the child", path1);
    close(b);
    close(go[0]); close(go[1]); close(ready[0]); close(ready[1]);
}

static void flock_apart(int fd) {
    printf("flock locks are apart from record locks\n");
    printf("  parent flock EX: %s\n", res(flock(fd, LOCK_EX)));
    printf("  parent POSIX W 0+0: %s\n", res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 0, 0)));
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        int c = open(path1, O_RDWR);
        printf("  child flock SH nb: %s\n", res(flock(c, LOCK_SH | LOCK_NB)));
        printf("  child OFD W 0+0: %s\n", res(lk(c, OFD_SETLK, F_WRLCK, SEEK_SET, 0, 0)));
        fflush(stdout);
        _exit(0);
    }
    waitpid(p, NULL, 0);
    printf("  parent U: %s\n", res(lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0)));
    fflush(stdout);
    p = fork();
    if (p == 0) {
        int c = open(path1, O_RDWR);
        printf("  child OFD W 0+0: %s\n", res(lk(c, OFD_SETLK, F_WRLCK, SEEK_SET, 0, 0)));
        printf("  child flock SH nb: %s\n", res(flock(c, LOCK_SH | LOCK_NB)));
        fflush(stdout);
        _exit(0);
    }
    waitpid(p, NULL, 0);
    printf("  parent flock UN: %s\n", res(flock(fd, LOCK_UN)));
}

static void bad_args(int fd) {
    printf("bad arguments\n");
    int ro = open(path1, O_RDONLY), wo = open(path1, O_WRONLY);
    printf("  type 7: %s\n", res(lk(fd, SETLK64, 7, SEEK_SET, 0, 1)));
    printf("  test U: %s\n", res(lk(fd, GETLK64, F_UNLCK, SEEK_SET, 0, 1)));
    printf("  test type 7: %s\n", res(lk(fd, GETLK64, 7, SEEK_SET, 0, 1)));
    printf("  whence 3: %s\n", res(lk(fd, SETLK64, F_RDLCK, 3, 0, 1)));
    printf("  start -1: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, -1, 1)));
    printf("  start 5 len -6: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 5, -6)));
    printf("  start 5 len -5: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 5, -5)));
    printf("  start max len 2: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, INT64_MAX, 2)));
    lseek(fd, 10, SEEK_SET);
    printf("  cur+max: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_CUR, INT64_MAX, 1)));
    printf("  U with bad whence: %s\n", res(lk(fd, SETLK64, F_UNLCK, 9, 0, 0)));
    printf("  R on O_WRONLY: %s\n", res(lk(wo, SETLK64, F_RDLCK, SEEK_SET, 0, 1)));
    printf("  W on O_RDONLY: %s\n", res(lk(ro, SETLK64, F_WRLCK, SEEK_SET, 0, 1)));
    printf("  U on O_RDONLY: %s\n", res(lk(ro, SETLK64, F_UNLCK, SEEK_SET, 0, 1)));
    printf("  test W on O_RDONLY: %s\n", res(lk(ro, GETLK64, F_WRLCK, SEEK_SET, 0, 1)));
    printf("  bad fd: %s\n", res(lk(77, SETLK64, F_RDLCK, SEEK_SET, 0, 1)));
    struct fl64 f = {F_WRLCK, SEEK_SET, 0, 1, 1};
    printf("  OFD set pid 1: %s\n", res(syscall(SYS_fcntl64, fd, OFD_SETLK, &f)));
    printf("  OFD test pid 1: %s\n", res(syscall(SYS_fcntl64, fd, OFD_GETLK, &f)));
    f.pid = 12345;
    printf("  POSIX set pid 12345: %s\n", res(syscall(SYS_fcntl64, fd, SETLK64, &f)));
    printf("  unlock: %s\n", res(lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0)));
    printf("  NULL: %s\n", res(syscall(SYS_fcntl64, fd, SETLK64, NULL)));
    printf("  bad pointer: %s\n", res(syscall(SYS_fcntl64, fd, GETLK64, (void *)16)));
    int pfd[2];
    if (pipe(pfd)) exit(1);
    printf("  W on a pipe's write end: %s\n", res(lk(pfd[1], SETLK64, F_WRLCK, SEEK_SET, 0, 0)));
    test("test on a pipe", pfd[1], GETLK64, F_WRLCK, 0, 0);
    close(pfd[0]); close(pfd[1]);
    int op = open(path1, O_PATH);
    printf("  O_PATH test: %s\n", res(lk(op, GETLK64, F_WRLCK, SEEK_SET, 0, 1)));
    printf("  O_PATH U: %s\n", res(lk(op, SETLK64, F_UNLCK, SEEK_SET, 0, 1)));
    close(op); close(ro); close(wo);
}

static void struct_flock(int fd) {
    printf("32-bit struct flock, fcntl and fcntl64\n");
    struct fl32 f = {F_WRLCK, SEEK_SET, 4, 4, 0};
    printf("  fcntl SETLK: %s\n", res(syscall(SYS_fcntl, fd, SETLK, &f)));
    struct fl64 g = {F_WRLCK, SEEK_SET, 0, 1, 0};
    printf("  fcntl SETLK64: %s\n", res(syscall(SYS_fcntl, fd, SETLK64, &g)));
    printf("  fcntl OFD_GETLK: %s\n", res(syscall(SYS_fcntl, fd, OFD_GETLK, &g)));
    printf("  fcntl64 W 3000000000+10 (flock64): %s\n",
           res(lk(fd, SETLK64, F_WRLCK, SEEK_SET, 3000000000LL, 10)));
    printf("  fcntl64 R 0x7ffffff0+0 (flock64): %s\n",
           res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 0x7ffffff0LL, 0x20)));
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        int fd = open(path1, O_RDWR);
        struct fl32 t = {F_WRLCK, SEEK_SET, 0, 0, 0};
        long r = syscall(SYS_fcntl, fd, GETLK, &t);
        printf("  child fcntl GETLK: %s %s start %d len %d pid %s\n", res(r), tname(t.type),
               t.start, t.len, who(t.pid));
        t = (struct fl32){F_WRLCK, SEEK_SET, 100, 0, 0};
        r = syscall(SYS_fcntl, fd, GETLK, &t);
        printf("  child fcntl GETLK from 100: %s %s start %d len %d\n", res(r), tname(t.type),
               t.start, t.len);
        t = (struct fl32){F_WRLCK, SEEK_SET, 0x7ffffff8, 0, 0};
        r = syscall(SYS_fcntl64, fd, GETLK, &t);
        printf("  child fcntl64 GETLK near 2G: %s %s start %d len %d\n", res(r), tname(t.type),
               t.start, t.len);
        struct fl64 u = {F_RDLCK, SEEK_SET, 0x80000000LL, 0, 0};
        r = syscall(SYS_fcntl64, fd, GETLK64, &u);
        printf("  child GETLK64 past 2G: %s %s start %lld len %lld\n", res(r), tname(u.type),
               (long long)u.start, (long long)u.len);
        t = (struct fl32){F_RDLCK, SEEK_SET, 0, 0, 0};
        r = syscall(SYS_fcntl, fd, SETLK, &t);
        printf("  child fcntl SETLK R 0+0: %s\n", res(r));
        t = (struct fl32){F_WRLCK, SEEK_SET, 0x10, 0, 0};
        r = syscall(SYS_fcntl, fd, GETLK, &t);
        printf("  child fcntl GETLK W 16+0: %s %s start %d len %d\n", res(r), tname(t.type),
               t.start, t.len);
        fflush(stdout);
        _exit(0);
    }
    waitpid(p, NULL, 0);
    lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0);
    lk(fd, SETLK64, F_WRLCK, SEEK_SET, 3000000000LL, 10);
    lk(fd, SETLK64, F_RDLCK, SEEK_SET, 2000, 0x90000000LL);
    fflush(stdout);
    p = fork();
    if (p == 0) {
        int fd = open(path1, O_RDWR);
        struct fl32 t = {F_RDLCK, SEEK_SET, 0, 0, 0};
        long r = syscall(SYS_fcntl, fd, GETLK, &t);
        printf("  child fcntl GETLK of a lock past 2G: %s\n", res(r));
        t = (struct fl32){F_WRLCK, SEEK_SET, 0, 3000, 0};
        r = syscall(SYS_fcntl, fd, GETLK, &t);
        printf("  child fcntl GETLK of a lock longer than 2G: %s %s start %d len %d\n", res(r),
               tname(t.type), t.start, t.len);
        fflush(stdout);
        _exit(0);
    }
    waitpid(p, NULL, 0);
    lk(fd, SETLK64, F_UNLCK, SEEK_SET, 0, 0);
}

static int thread_fd;
static void *thread_locks(void *arg) {
    (void)arg;
    printf("  thread W 0+10: %s\n", res(lk(thread_fd, SETLK64, F_WRLCK, SEEK_SET, 0, 10)));
    return NULL;
}

static void *thread_closes(void *arg) {
    (void)arg;
    close(dup(thread_fd));
    return NULL;
}

static void threads(int fd) {
    printf("a thread's locks are its process's\n");
    thread_fd = fd;
    pthread_t t;
    pthread_create(&t, NULL, thread_locks, NULL);
    pthread_join(t, NULL);
    test("main thread tests", fd, GETLK64, F_WRLCK, 0, 0);
    printf("  main thread R 0+5: %s\n", res(lk(fd, SETLK64, F_RDLCK, SEEK_SET, 0, 5)));
    show("as another process sees", path1);
    pthread_create(&t, NULL, thread_closes, NULL);
    pthread_join(t, NULL);
    show("a thread closed a dup", path1);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "exec-hold") == 0 && argc == 6) return exec_hold(argv);
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    parent_pid = getpid();
    self_path = argv[0];
    snprintf(path1, sizeof path1, "%s/record-lock-1.%d", dir, (int)parent_pid);
    snprintf(path2, sizeof path2, "%s/record-lock-2.%d", dir, (int)parent_pid);
    int fd = open(path1, O_RDWR | O_CREAT | O_TRUNC, 0644);
    int fd2 = open(path2, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || fd2 < 0) { perror("open"); return 1; }
    close(fd2);
    ranges(fd);
    conflicts(fd);
    waiting(fd);
    interrupted(fd);
    deadlock(fd);
    deadlock3(fd);
    close_rule(fd);
    fork_and_exec(fd);
    ofd(fd);
    flock_apart(fd);
    bad_args(fd);
    struct_flock(fd);
    threads(fd);
    unlink(path1);
    unlink(path2);
    printf("done\n");
    return 0;
}
