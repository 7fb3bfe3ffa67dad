/* Named pipes and mknod: node types and their errors, FIFO opens that wait
 * for a partner (reader first, writer first, a partner that comes and goes
 * at once), O_NONBLOCK, end of file, EPIPE and SIGPIPE, poll, O_RDWR, two
 * writers, data left in a FIFO nobody has open, signals interrupting a
 * waiting open (EINTR, SA_RESTART) without leaving a count behind, and a
 * FIFO on the disk (/var/tmp) as well as on tmpfs (/tmp). Only the parent
 * prints; children report through their exit status. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[128];

static const char *path(const char *name)
{
    static char buf[4][256];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

static void show(const char *what, int r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, strerror(errno));
    else
        printf("%s: %d\n", what, r);
}

static const char *kind(mode_t m)
{
    if (S_ISREG(m))
        return "regular";
    if (S_ISFIFO(m))
        return "fifo";
    if (S_ISSOCK(m))
        return "socket";
    if (S_ISCHR(m))
        return "char";
    if (S_ISBLK(m))
        return "block";
    if (S_ISDIR(m))
        return "dir";
    return "other";
}

static void stat_of(const char *name)
{
    struct stat st;
    if (lstat(path(name), &st) < 0) {
        printf("stat %s: %s\n", name, strerror(errno));
        return;
    }
    printf("stat %s: %s %04o size %lld", name, kind(st.st_mode),
           (unsigned)(st.st_mode & 07777), (long long)st.st_size);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        printf(" rdev %u:%u", major(st.st_rdev), minor(st.st_rdev));
    printf("\n");
}

static int wait_child(pid_t pid)
{
    int status;
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

static void pause_ms(int ms)
{
    usleep(ms * 1000);
}

static void mknod_cases(void)
{
    umask(022);
    show("mknod fifo", mknod(path("f"), S_IFIFO | 0666, 0));
    stat_of("f");
    show("mknod regular", mknod(path("r"), S_IFREG | 0640, 0));
    stat_of("r");
    show("mknod type 0", mknod(path("r0"), 0600, 0));
    stat_of("r0");
    show("mknod socket", mknod(path("s"), S_IFSOCK | 0777, 0));
    stat_of("s");
    show("mknod char as root", mknod(path("c"), S_IFCHR | 0600, makedev(1, 3)));
    stat_of("c");
    show("mknod block as root", mknod(path("b"), S_IFBLK | 0600, makedev(7, 300)));
    stat_of("b");
    show("mknod dir", mknod(path("d"), S_IFDIR | 0755, 0));
    show("mknod bad type", mknod(path("x"), 0150000 | 0644, 0));
    show("mknod existing", mknod(path("f"), S_IFIFO | 0644, 0));
    show("mknod existing dir type", mknod(path("f"), S_IFDIR | 0644, 0));
    show("mknod no parent", mknod(path("none/x"), S_IFIFO | 0644, 0));
    show("mknod trailing slash", mknod(path("t/"), S_IFIFO | 0644, 0));
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    show("mknodat fifo", mknodat(dfd, "af", S_IFIFO | 0600, 0));
    stat_of("af");
    close(dfd);
    umask(0);
    show("mknod fifo umask 0", mknod(path("f0"), S_IFIFO | 0666, 0));
    stat_of("f0");
    umask(022);
    show("open socket node", open(path("s"), O_RDONLY));
    show("mkdir shared", mkdir(path("shared"), 0777));
    chmod(path("shared"), 0777);
    show("mkdir closed", mkdir(path("closed"), 0755));

    /* As nobody: FIFOs yes, devices no (EACCES before EPERM). */
    pid_t pid = fork();
    if (pid == 0) {
        if (setgid(65534) < 0 || setuid(65534) < 0)
            _exit(99);
        int code = 0;
        if (mknod(path("shared/f"), S_IFIFO | 0644, 0) != 0)
            code |= 1;
        if (!(mknod(path("shared/c"), S_IFCHR | 0644, makedev(1, 3)) < 0 && errno == EPERM))
            code |= 2;
        if (!(mknod(path("shared/b"), S_IFBLK | 0644, makedev(1, 3)) < 0 && errno == EPERM))
            code |= 4;
        if (!(mknod(path("closed/f"), S_IFIFO | 0644, 0) < 0 && errno == EACCES))
            code |= 8;
        if (!(mknod(path("closed/c"), S_IFCHR | 0644, 0) < 0 && errno == EACCES))
            code |= 16;
        if (mknod(path("shared/r"), S_IFREG | 0644, 0) != 0)
            code |= 32;
        _exit(code);
    }
    printf("mknod as nobody: %d\n", wait_child(pid));
    stat_of("shared/f");
}

/* Reader opens first and waits; a writer comes later. */
static void reader_first(const char *fifo)
{
    pid_t pid = fork();
    if (pid == 0) {
        pause_ms(100);
        int fd = open(fifo, O_WRONLY);
        if (fd < 0)
            _exit(1);
        if (write(fd, "hello", 5) != 5)
            _exit(2);
        close(fd);
        _exit(0);
    }
    int fd = open(fifo, O_RDONLY);
    printf("reader first: open %s\n", fd >= 0 ? "ok" : strerror(errno));
    char buf[64];
    int total = 0, n;
    while ((n = read(fd, buf + total, sizeof buf - total)) > 0)
        total += n;
    printf("reader first: read %d '%.*s', then %d\n", total, total, buf, n);
    close(fd);
    printf("reader first: writer %d\n", wait_child(pid));
}

/* Writer opens first and waits; a reader comes later and reads to EOF. */
static void writer_first(const char *fifo)
{
    pid_t pid = fork();
    if (pid == 0) {
        pause_ms(100);
        int fd = open(fifo, O_RDONLY);
        if (fd < 0)
            _exit(1);
        char buf[64];
        int total = 0, n;
        while ((n = read(fd, buf + total, sizeof buf - total)) > 0)
            total += n;
        if (n < 0)
            _exit(2);
        _exit(total == 11 && memcmp(buf, "hello world", 11) == 0 ? 0 : 3);
    }
    int fd = open(fifo, O_WRONLY);
    printf("writer first: open %s\n", fd >= 0 ? "ok" : strerror(errno));
    show("writer first: write", write(fd, "hello world", 11));
    close(fd);
    printf("writer first: reader %d\n", wait_child(pid));
}

/* A writer that opens and closes at once still releases a waiting reader. */
static void fleeting_writer(const char *fifo)
{
    pid_t pid = fork();
    if (pid == 0) {
        pause_ms(100);
        int fd = open(fifo, O_WRONLY);
        _exit(fd < 0 ? 1 : 0);
    }
    int fd = open(fifo, O_RDONLY);
    printf("fleeting writer: open %s\n", fd >= 0 ? "ok" : strerror(errno));
    printf("fleeting writer: writer %d\n", wait_child(pid));
    char c;
    show("fleeting writer: read", read(fd, &c, 1));
    close(fd);
}

/* A reader waiting in open counts as a reader: a non-blocking writer gets
 * in (no ENXIO), sees no POLLERR, and its data reaches the reader. */
static void waiting_reader_counts(const char *fifo)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(fifo, O_RDONLY);
        if (fd < 0)
            _exit(1);
        char buf[8];
        int n = read(fd, buf, sizeof buf);
        _exit(n == 2 && memcmp(buf, "nb", 2) == 0 && read(fd, buf, 1) == 0 ? 0 : 2);
    }
    int w = -1;
    for (int i = 0; i < 500 && w < 0; i++) {
        w = open(fifo, O_WRONLY | O_NONBLOCK);
        if (w < 0 && errno != ENXIO)
            break;
        if (w < 0)
            pause_ms(10);
    }
    printf("nonblock writer, reader waiting: %s\n", w >= 0 ? "ok" : strerror(errno));
    struct pollfd pw = { w, POLLOUT, 0 };
    poll(&pw, 1, 0);
    printf("  poll %#x\n", pw.revents);
    show("  write", write(w, "nb", 2));
    close(w);
    printf("  reader %d\n", wait_child(pid));
}

static void on_signal(int sig)
{
    (void)sig;
}

static int sigpipes;
static void on_sigpipe(int sig)
{
    (void)sig;
    sigpipes++;
}

static void nonblocking(const char *fifo)
{
    show("nonblock writer, no reader", open(fifo, O_WRONLY | O_NONBLOCK));
    int r = open(fifo, O_RDONLY | O_NONBLOCK);
    printf("nonblock reader: %s\n", r >= 0 ? "ok" : strerror(errno));
    char buf[16];
    show("nonblock reader, no writer: read", read(r, buf, sizeof buf));
    struct pollfd p = { r, POLLIN, 0 };
    show("poll reader before any writer", poll(&p, 1, 0));
    printf("  revents %#x\n", p.revents);
    int w = open(fifo, O_WRONLY | O_NONBLOCK);
    printf("nonblock writer, reader there: %s\n", w >= 0 ? "ok" : strerror(errno));
    p.revents = 0;
    show("poll reader, writer open, empty", poll(&p, 1, 0));
    printf("  revents %#x\n", p.revents);
    show("read, writer open, empty", read(r, buf, sizeof buf));
    struct pollfd pw = { w, POLLOUT, 0 };
    show("poll writer", poll(&pw, 1, 0));
    printf("  revents %#x\n", pw.revents);
    show("write", write(w, "abc", 3));
    p.revents = 0;
    show("poll reader with data", poll(&p, 1, 0));
    printf("  revents %#x\n", p.revents);
    int n = -1;
    ioctl(r, FIONREAD, &n);
    printf("FIONREAD %d\n", n);
    close(w);
    p.revents = 0;
    show("poll reader, data, writer gone", poll(&p, 1, 0));
    printf("  revents %#x\n", p.revents);
    show("read rest", read(r, buf, sizeof buf));
    show("read at EOF", read(r, buf, sizeof buf));
    p.revents = 0;
    show("poll reader after writer left", poll(&p, 1, 0));
    printf("  revents %#x\n", p.revents);

    /* EPIPE and SIGPIPE once the reader is gone. */
    w = open(fifo, O_WRONLY | O_NONBLOCK);
    printf("writer again: %s\n", w >= 0 ? "ok" : strerror(errno));
    close(r);
    pw.revents = 0;
    show("poll writer, reader gone", poll(&pw, 1, 0));
    printf("  revents %#x\n", pw.revents);
    signal(SIGPIPE, on_sigpipe);
    show("write, reader gone", write(w, "x", 1));
    printf("SIGPIPE count %d\n", sigpipes);
    signal(SIGPIPE, SIG_DFL);
    close(w);

    /* Unhandled SIGPIPE kills the writer. */
    pid_t pid = fork();
    if (pid == 0) {
        int rr = open(fifo, O_RDONLY | O_NONBLOCK);
        int ww = open(fifo, O_WRONLY | O_NONBLOCK);
        close(rr);
        write(ww, "x", 1);
        _exit(0);
    }
    printf("writer without handler: %d\n", wait_child(pid));
}

static void rdwr(const char *fifo)
{
    int fd = open(fifo, O_RDWR);
    printf("O_RDWR: %s\n", fd >= 0 ? "ok" : strerror(errno));
    struct stat st, lst;
    fstat(fd, &st);
    stat(fifo, &lst);
    printf("fstat: %s %04o size %lld same inode %d\n", kind(st.st_mode),
           (unsigned)(st.st_mode & 07777), (long long)st.st_size,
           st.st_ino == lst.st_ino && st.st_dev == lst.st_dev);
    show("O_RDWR write", write(fd, "round trip", 10));
    char buf[32];
    int n = read(fd, buf, sizeof buf);
    printf("O_RDWR read %d '%.*s'\n", n, n > 0 ? n : 0, buf);
    struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
    poll(&p, 1, 0);
    printf("O_RDWR poll %#x\n", p.revents);
    int w = open(fifo, O_WRONLY | O_NONBLOCK);
    printf("O_RDWR then nonblock writer: %s\n", w >= 0 ? "ok" : strerror(errno));
    show("O_RDWR write again", write(fd, "left", 4));
    close(w);
    close(fd);
    /* Nobody has it open now: what was in it is gone. */
    fd = open(fifo, O_RDWR | O_NONBLOCK);
    n = -1;
    ioctl(fd, FIONREAD, &n);
    printf("after last close: FIONREAD %d\n", n);
    show("after last close: read", read(fd, buf, sizeof buf));
    close(fd);
}

static void two_writers(const char *fifo)
{
    int r = open(fifo, O_RDONLY | O_NONBLOCK);
    int w1 = open(fifo, O_WRONLY);
    int w2 = open(fifo, O_WRONLY);
    printf("two writers: %d %d %d\n", r >= 0, w1 >= 0, w2 >= 0);
    char buf[16];
    write(w1, "a", 1);
    close(w1);
    int n = read(r, buf, sizeof buf);
    printf("read %d '%.*s'\n", n, n > 0 ? n : 0, buf);
    show("read, one writer left", read(r, buf, sizeof buf));
    write(w2, "b", 1);
    close(w2);
    n = read(r, buf, sizeof buf);
    printf("read %d '%.*s'\n", n, n > 0 ? n : 0, buf);
    show("read, no writer left", read(r, buf, sizeof buf));
    close(r);
}

static void arm_ms(int ms)
{
    struct itimerval t = { { 0, 0 }, { 0, ms * 1000 } };
    setitimer(ITIMER_REAL, &t, NULL);
}

static void interrupted(const char *fifo)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGALRM, &sa, NULL);

    /* A waiting reader interrupted: EINTR, and no reader is left counted. */
    arm_ms(50);
    show("reader open interrupted", open(fifo, O_RDONLY));
    show("then nonblock writer", open(fifo, O_WRONLY | O_NONBLOCK));

    /* A waiting writer interrupted: a reader then sees EOF, not EAGAIN. */
    arm_ms(50);
    show("writer open interrupted", open(fifo, O_WRONLY));
    int r = open(fifo, O_RDONLY | O_NONBLOCK);
    char c;
    show("then read", read(r, &c, 1));
    close(r);

    /* SA_RESTART: the open goes on waiting after the handler. */
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        pause_ms(200);
        int fd = open(fifo, O_WRONLY);
        if (fd < 0)
            _exit(1);
        write(fd, "late", 4);
        _exit(0);
    }
    arm_ms(50);
    int fd = open(fifo, O_RDONLY);
    printf("restarted open: %s\n", fd >= 0 ? "ok" : strerror(errno));
    char buf[8];
    int n = read(fd, buf, sizeof buf);
    printf("restarted read %d '%.*s'\n", n, n > 0 ? n : 0, buf);
    close(fd);
    printf("restarted: writer %d\n", wait_child(pid));
    signal(SIGALRM, SIG_DFL);
}

static void fifo_cases(const char *where)
{
    char fifo[256];
    snprintf(fifo, sizeof fifo, "%s/p", where);
    printf("== FIFO in %s\n", strncmp(where, "/tmp", 4) == 0 ? "/tmp" : "/var/tmp");
    if (mkfifo(fifo, 0600) < 0) {
        printf("mkfifo: %s\n", strerror(errno));
        return;
    }
    reader_first(fifo);
    writer_first(fifo);
    fleeting_writer(fifo);
    waiting_reader_counts(fifo);
    nonblocking(fifo);
    rdwr(fifo);
    two_writers(fifo);
    interrupted(fifo);
    unlink(fifo);
}

static void cleanup(const char *d)
{
    static const char *names[] = { "f", "r", "r0", "s", "c", "b", "af", "f0",
                                   "shared/f", "shared/r", "p", NULL };
    char buf[512];
    for (int i = 0; names[i]; i++) {
        snprintf(buf, sizeof buf, "%s/%s", d, names[i]);
        unlink(buf);
    }
    snprintf(buf, sizeof buf, "%s/shared", d);
    rmdir(buf);
    snprintf(buf, sizeof buf, "%s/closed", d);
    rmdir(buf);
    rmdir(d);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(dir, sizeof dir, "/tmp/fifo-test-%d", (int)getpid());
    mkdir(dir, 0755);
    mknod_cases();
    fifo_cases(dir);
    cleanup(dir);

    char disk[128];
    snprintf(disk, sizeof disk, "/var/tmp/fifo-test-%d", (int)getpid());
    mkdir(disk, 0755);
    fifo_cases(disk);
    cleanup(disk);
    return 0;
}
