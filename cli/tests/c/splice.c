/* splice(2), tee(2) and vmsplice(2): files (in the directory argv[1]),
 * pipes and sockets moved into and out of pipes, offsets and positions,
 * waits, and the errors Linux gives, in the order it checks them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    printf("%-32s %ld %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
}

static void drain(const char *what, int fd)
{
    char buf[256];
    int n = read(fd, buf, sizeof buf);
    printf("%-32s %.*s\n", what, n > 0 ? n : 0, buf);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGPIPE, SIG_IGN);
    char path[64];
    snprintf(path, sizeof path, "%s/splice-XXXXXX", argc > 1 ? argv[1] : "/tmp");
    int f = mkstemp(path);
    write(f, "0123456789abcdefghij", 20);
    int p[2], q[2];
    pipe(p);
    pipe(q);

    /* A file into a pipe at an offset: the offset moves, the position not. */
    loff_t off = 5;
    show("file to pipe at 5", splice(f, &off, p[1], NULL, 7, 0));
    printf("%-32s %lld, position %ld\n", "  offset", (long long)off, (long)lseek(f, 0, SEEK_CUR));
    drain("  read", p[0]);
    lseek(f, 2, SEEK_SET);
    show("file to pipe at its position", splice(f, NULL, p[1], NULL, 4, 0));
    printf("%-32s %ld\n", "  position", (long)lseek(f, 0, SEEK_CUR));
    show("file to pipe at the end", splice(f, NULL, p[1], NULL, 100, SPLICE_F_MOVE));
    show("file to pipe past the end", splice(f, NULL, p[1], NULL, 100, 0));
    drain("  read", p[0]);

    /* A pipe into a file, at its position and at an offset. */
    write(p[1], "ABCDEF", 6);
    lseek(f, 0, SEEK_SET);
    show("pipe to file", splice(p[0], NULL, f, NULL, 3, 0));
    printf("%-32s %ld\n", "  position", (long)lseek(f, 0, SEEK_CUR));
    off = 10;
    show("pipe to file at 10", splice(p[0], NULL, f, &off, 100, 0));
    char buf[64] = { 0 };
    pread(f, buf, 20, 0);
    printf("%-32s %s (offset %lld)\n", "  file", buf, (long long)off);

    /* Pipe to pipe, tee, vmsplice both ways. */
    write(p[1], "through", 7);
    show("pipe to pipe", splice(p[0], NULL, q[1], NULL, 4, 0));
    drain("  read q", q[0]);
    drain("  read p", p[0]);
    write(p[1], "copied", 6);
    show("tee", tee(p[0], q[1], 100, 0));
    drain("  read q", q[0]);
    drain("  read p", p[0]);
    struct iovec iov[2] = { { "vm", 2 }, { "splice", 6 } };
    show("vmsplice into a pipe", vmsplice(p[1], iov, 2, 0));
    char a[3] = { 0 }, b[10] = { 0 };
    struct iovec out[2] = { { a, 2 }, { b, 9 } };
    show("vmsplice out of a pipe", vmsplice(p[0], out, 2, 0));
    printf("%-32s %s|%s\n", "  got", a, b);

    /* A socket into a pipe and a pipe into a socket. */
    int s[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, s);
    write(s[0], "socket data", 11);
    show("socket to pipe", splice(s[1], NULL, p[1], NULL, 100, 0));
    show("pipe to socket", splice(p[0], NULL, s[1], NULL, 100, 0));
    drain("  socket read", s[0]);

    /* Waiting for a writer. */
    if (fork() == 0) {
        usleep(20000);
        write(p[1], "late", 4);
        _exit(0);
    }
    show("pipe to pipe, waits", splice(p[0], NULL, q[1], NULL, 100, 0));
    wait(NULL);
    drain("  read q", q[0]);

    /* Errors. */
    show("len 0 with bad fds", splice(99, NULL, 98, NULL, 0, 0));
    show("bad flags", splice(p[0], NULL, q[1], NULL, 1, 0x100));
    show("bad fd", splice(99, NULL, q[1], NULL, 1, 0));
    show("offset on a pipe", splice(p[0], &off, f, NULL, 1, 0));
    show("offset on the output pipe", splice(f, NULL, p[1], &off, 1, 0));
    show("read end as output", splice(f, NULL, p[0], NULL, 1, 0));
    show("write end as input", splice(p[1], NULL, q[1], NULL, 1, 0));
    show("no pipe", splice(f, NULL, f, NULL, 1, 0));
    show("same pipe", splice(p[0], NULL, p[1], NULL, 1, 0));
    show("empty pipe, nonblock", splice(p[0], NULL, q[1], NULL, 1, SPLICE_F_NONBLOCK));
    off = -1;
    show("negative offset", splice(f, &off, p[1], NULL, 1, 0));
    int app = open(path, O_WRONLY | O_APPEND);
    write(p[1], "x", 1);
    show("to an O_APPEND file", splice(p[0], NULL, app, NULL, 1, 0));
    show("tee to a file", tee(p[0], f, 1, 0));
    show("tee same pipe", tee(p[0], p[1], 1, 0));
    show("tee bad flags", tee(p[0], q[1], 1, 64));
    show("vmsplice to a file", vmsplice(f, iov, 2, 0));
    show("vmsplice nothing to a file", vmsplice(f, iov, 0, 0));
    /* A full pipe, and one without readers. */
    int full[2];
    pipe2(full, O_NONBLOCK);
    char page[4096] = { 0 };
    while (write(full[1], page, sizeof page) > 0)
        ;
    show("into a full pipe, nonblock", splice(p[0], NULL, full[1], NULL, 1, 0));
    show("tee into a full pipe", tee(p[0], full[1], 1, 0));
    show("vmsplice into a full pipe", vmsplice(full[1], iov, 2, SPLICE_F_NONBLOCK));
    show("vmsplice from an empty pipe", vmsplice(q[0], out, 2, SPLICE_F_NONBLOCK));
    close(q[0]);
    show("into a pipe without readers", splice(p[0], NULL, q[1], NULL, 1, 0));
    close(p[1]);
    drain("  rest of p", p[0]);
    show("empty pipe without writers", splice(p[0], NULL, full[1], NULL, 1, 0));
    show("  into a pipe with room", splice(p[0], NULL, q[1], NULL, 1, 0));
    show("  tee into a full pipe", tee(p[0], full[1], 1, 0));
    int r[2];
    pipe(r);
    show("  tee into a pipe with room", tee(p[0], r[1], 1, 0));
    show("  to a file", splice(p[0], NULL, f, NULL, 1, 0));
    unlink(path);
    return 0;
}
