/* preadv, pwritev, preadv2 and pwritev2 (preadv(2)): positional vectored
 * I/O that leaves the file position alone, offset -1 for the current
 * position, RWF flags, ESPIPE on a pipe, EINVAL for a negative offset. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

static void show(const char *what, ssize_t r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, strerror(errno));
    else
        printf("%s: %zd\n", what, r);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/tmp/preadv-test";
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    char a[5] = "hello", b[6] = " world", c[3];
    struct iovec w[2] = { { a, 5 }, { b, 6 } };
    show("pwritev at 10", pwritev(fd, w, 2, 10));
    printf("position: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    char x[4], y[20];
    memset(y, 0, sizeof y);
    struct iovec r[2] = { { x, 4 }, { y, 20 } };
    show("preadv at 8", preadv(fd, r, 2, 8));
    printf("x=%02x%02x%02x%02x y=%s\n", x[0], x[1], x[2], x[3], y);
    show("preadv past end", preadv(fd, r, 2, 100));
    show("pwritev2 at -1", pwritev2(fd, w, 1, -1, 0));
    printf("position: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    lseek(fd, 12, SEEK_SET);
    struct iovec one = { c, 3 };
    show("preadv2 at -1", preadv2(fd, &one, 1, -1, 0));
    printf("c=%.3s position %ld\n", c, (long)lseek(fd, 0, SEEK_CUR));
    show("preadv2 RWF_HIPRI", preadv2(fd, &one, 1, 0, RWF_HIPRI));
    show("pwritev2 RWF_DSYNC", pwritev2(fd, &one, 1, 30, RWF_DSYNC));
    show("preadv2 bad flag", preadv2(fd, &one, 1, 0, 0x40000000));
    show("preadv negative", preadv(fd, &one, 1, -5));
    struct iovec empty[2] = { { c, 0 }, { c, 0 } };
    show("preadv empty", preadv(fd, empty, 2, 0));
    show("preadv bad fd", preadv(99, &one, 1, 0));
    /* pread64, pwrite64 and the truncates check for a negative offset or
     * length before the descriptor or path; the 32-bit truncates take a
     * signed length too. */
    show("pread negative", pread(fd, c, 1, -1));
    show("pread64 most negative", pread64(fd, c, 0, (off64_t)-0x7fffffffffffffffLL - 1));
    show("pwrite64 negative", pwrite64(fd, c, 1, -4096));
    show("pread64 negative bad fd", pread64(99, c, 1, -1));
    show("pread64 at the largest offset", pread64(fd, c, 1, 0x7fffffffffffffffLL));
    show("ftruncate negative", ftruncate(fd, -1));
    show("ftruncate64 negative", ftruncate64(fd, -0x100000000LL));
    show("truncate negative", truncate("/nonexistent/x", -1));
    show("truncate64 negative", truncate64("/nonexistent/x", -1));
    show("ftruncate to 2G-1", ftruncate(fd, 0x7fffffff));
    printf("size: %lld\n", (long long)lseek64(fd, 0, SEEK_END));
    int p[2];
    pipe(p);
    show("preadv pipe", preadv(p[0], &one, 1, 0));
    /* A large offset needs both halves of the split argument. */
    show("pwritev at 4G+1", pwritev(fd, w, 1, 0x100000001LL));
    printf("size: %ld\n", (long)lseek(fd, 0, SEEK_END));
    memset(y, 0, sizeof y);
    struct iovec big = { y, 5 };
    show("preadv at 4G+1", preadv(fd, &big, 1, 0x100000001LL));
    printf("y=%s\n", y);
    unlink(path);
    return 0;
}
