/* splice(2) and tee(2): file to pipe and back at offsets and at the file
 * position, a copy of a large file through a pipe, tee between two pipes,
 * sockets, and the errors of do_splice's checks. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

static void show(const char *what, long r) {
    printf("%s = %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

int main(void) {
    static char buf[300000];
    signal(SIGPIPE, SIG_IGN);
    int p[2], q[2];
    int f = open("/tmp/splice-in", O_RDWR | O_CREAT | O_TRUNC, 0644);
    for (int i = 0; i < (int)sizeof buf; i++)
        buf[i] = 'a' + i % 26;
    if (write(f, buf, sizeof buf) != sizeof buf)
        return 1;
    lseek(f, 5, SEEK_SET);
    pipe(p);
    pipe(q);

    loff_t off = 10;
    show("file to pipe at an offset", splice(f, &off, p[1], NULL, 7, 0));
    printf("offset %lld, position %lld\n", (long long)off, (long long)lseek(f, 0, SEEK_CUR));
    show("file to pipe at the position", splice(f, NULL, p[1], NULL, 3, 0));
    printf("position %lld\n", (long long)lseek(f, 0, SEEK_CUR));
    show("tee", tee(p[0], q[1], 100, 0));
    int n = read(q[0], buf, sizeof buf);
    printf("tee'd %.*s\n", n, buf);
    int g = open("/tmp/splice-out", O_RDWR | O_CREAT | O_TRUNC, 0644);
    show("pipe to file", splice(p[0], NULL, g, NULL, 100, 0));
    off = 2;
    show("nothing left, nonblocking", splice(p[0], NULL, g, &off, 100, SPLICE_F_NONBLOCK));
    pread(g, buf, 20, 0);
    printf("file %.10s, position %lld\n", buf, (long long)lseek(g, 0, SEEK_CUR));

    /* A large copy through the pipe, as a copying tool loops. */
    long total = 0;
    off = 0;
    ftruncate(g, 0);
    lseek(g, 0, SEEK_SET);
    for (;;) {
        long in = splice(f, &off, p[1], NULL, 65536, 0);
        if (in <= 0)
            break;
        while (in > 0) {
            long out = splice(p[0], NULL, g, NULL, in, 0);
            if (out <= 0)
                return 2;
            in -= out;
            total += out;
        }
    }
    static char copy[300000];
    pread(g, copy, sizeof copy, 0);
    pread(f, buf, sizeof buf, 0);
    printf("copied %ld, same %d\n", total, memcmp(buf, copy, sizeof buf) == 0);

    /* Sockets on either side. */
    int s[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, s);
    write(s[0], "from a socket", 13);
    show("socket to pipe", splice(s[1], NULL, p[1], NULL, 100, 0));
    show("pipe to socket", splice(p[0], NULL, s[1], NULL, 100, 0));
    n = read(s[0], buf, 100);
    printf("socket got %.*s\n", n, buf);

    /* Errors. */
    show("file to file", splice(f, NULL, g, NULL, 10, 0));
    off = 0;
    show("offset on a pipe", splice(p[0], &off, g, NULL, 10, 0));
    show("one pipe both ends", splice(p[0], NULL, p[1], NULL, 10, 0));
    show("tee of one pipe", tee(p[0], p[1], 10, 0));
    show("bad flags", splice(f, NULL, p[1], NULL, 10, 0x100));
    show("write-only input", splice(p[1], NULL, g, NULL, 10, 0));
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    show("empty nonblocking pipe", splice(p[0], NULL, g, NULL, 10, 0));
    close(p[1]);
    show("empty pipe without writers", splice(p[0], NULL, g, NULL, 10, 0));
    int h = open("/tmp/splice-out", O_WRONLY | O_APPEND);
    write(q[1], "x", 1);
    show("into an appending file", splice(q[0], NULL, h, NULL, 10, 0));
    close(q[0]);
    show("into a pipe without readers", splice(f, NULL, q[1], NULL, 10, 0));
    return 0;
}
