/* sendfile, fallocate and flock as cp, Python's shutil, flock(1) and
 * package tools use them: results, errno values and file positions, to
 * compare with the same program run natively. Run in /tmp. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    printf("%-28s %ld %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
}

static long size_of(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? (long)st.st_size : -1;
}

int main(void)
{
    char buf[256];
    /* Unbuffered: forked children print too. */
    setvbuf(stdout, NULL, _IONBF, 0);
    int src = open("xfer-src", O_RDWR | O_CREAT | O_TRUNC, 0644);
    for (int i = 0; i < 1000; i++)
        dprintf(src, "line %04d\n", i);
    int dst = open("xfer-dst", O_RDWR | O_CREAT | O_TRUNC, 0644);

    /* At the input's position, which advances. */
    lseek(src, 100, SEEK_SET);
    show("sendfile pos", sendfile(dst, src, NULL, 50));
    show("  src pos", lseek(src, 0, SEEK_CUR));
    show("  dst pos", lseek(dst, 0, SEEK_CUR));
    /* At an explicit offset: the position stays, the offset advances. */
    off_t off = 5000;
    show("sendfile off", sendfile(dst, src, &off, 1000000));
    show("  off", off);
    show("  src pos", lseek(src, 0, SEEK_CUR));
    off = 20000;
    show("sendfile past end", sendfile(dst, src, &off, 10));
    show("sendfile count 0", sendfile(dst, src, NULL, 0));
    show("  dst size", size_of(dst));
    pread(dst, buf, 20, 45);
    printf("  bytes 45..65 %.20s\n", buf);

    /* Into a pipe. */
    int p[2];
    pipe(p);
    off = 0;
    show("sendfile to pipe", sendfile(p[1], src, &off, 30));
    show("  read back", read(p[0], buf, sizeof buf));
    printf("  %.10s\n", buf);
    /* From a pipe: an input must be seekable here. */
    write(p[1], "xyz", 3);
    off = 0;
    show("sendfile from pipe off", sendfile(dst, p[0], &off, 3));

    /* Modes and descriptors. */
    int ro = open("xfer-src", O_RDONLY);
    int wo = open("xfer-src", O_WRONLY);
    int app = open("xfer-dst", O_WRONLY | O_APPEND);
    show("sendfile to rdonly", sendfile(ro, src, NULL, 1));
    show("sendfile from wronly", sendfile(dst, wo, NULL, 1));
    show("sendfile to append", sendfile(app, src, NULL, 1));
    show("sendfile bad fd", sendfile(dst, 99, NULL, 1));
    show("sendfile bad off", sendfile(dst, src, (off_t *)8, 1));

    /* fallocate: extend, keep size, inside the file, bad arguments. */
    int fa = open("xfer-fa", O_RDWR | O_CREAT | O_TRUNC, 0644);
    show("fallocate 0..64k", fallocate(fa, 0, 0, 65536));
    show("  size", size_of(fa));
    show("fallocate inside", fallocate(fa, 0, 100, 100));
    show("  size", size_of(fa));
    show("fallocate keep size", fallocate(fa, FALLOC_FL_KEEP_SIZE, 0, 1 << 20));
    show("  size", size_of(fa));
    show("fallocate offset 1M", fallocate(fa, 0, 1 << 20, 10));
    show("  size", size_of(fa));
    pread(fa, buf, 10, 70000);
    show("  zeros", buf[0] == 0 && buf[9] == 0);
    show("fallocate len 0", fallocate(fa, 0, 0, 0));
    show("fallocate neg off", fallocate(fa, 0, -1, 10));
    show("fallocate rdonly", fallocate(ro, 0, 0, 10));
    show("fallocate pipe", fallocate(p[1], 0, 0, 10));
    show("posix_fallocate", posix_fallocate(fa, 0, 2 << 20));
    show("  size", size_of(fa));

    /* sync_file_range (dpkg's) and posix_fadvise: checked, then no-ops
     * here. posix_fadvise returns its error rather than setting errno. */
    show("sync_file_range", sync_file_range(fa, 0, 4096, SYNC_FILE_RANGE_WRITE));
    show("sync_file_range all", sync_file_range(fa, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER));
    show("sync_file_range bad flags", sync_file_range(fa, 0, 0, 8));
    show("sync_file_range neg off", sync_file_range(fa, -1, 0, 0));
    show("sync_file_range wraps", sync_file_range(fa, 1, -1, 0));
    show("sync_file_range pipe", sync_file_range(p[1], 0, 0, 0));
    show("sync_file_range bad fd", sync_file_range(99, -1, 0, 8));
    show("sync_file_range dir", sync_file_range(open(".", O_RDONLY | O_DIRECTORY), 0, 0, 0));
    show("fadvise", posix_fadvise(fa, 0, 0, POSIX_FADV_SEQUENTIAL));
    show("fadvise bad advice", posix_fadvise(fa, 0, 0, 99));
    show("fadvise neg len", posix_fadvise(fa, 0, -1, POSIX_FADV_DONTNEED));
    show("fadvise neg off", posix_fadvise(fa, -4096, 10, POSIX_FADV_WILLNEED));
    show("fadvise64 neg len", posix_fadvise64(fa, 0, -1, POSIX_FADV_NOREUSE));
    show("fadvise pipe", posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL));
    show("fadvise bad fd", posix_fadvise(99, 0, 0, 99));

    /* flock: shared and exclusive between descriptions, conversions,
     * inheritance across fork, release on close. */
    int a = open("xfer-lock", O_RDWR | O_CREAT, 0644);
    int b = open("xfer-lock", O_RDWR);
    show("flock a sh", flock(a, LOCK_SH));
    show("flock b sh nb", flock(b, LOCK_SH | LOCK_NB));
    show("flock b ex nb", flock(b, LOCK_EX | LOCK_NB));
    show("  b lost its sh: a ex nb", flock(a, LOCK_EX | LOCK_NB));
    show("flock b sh nb", flock(b, LOCK_SH | LOCK_NB));
    int c = dup(a);
    show("flock dup un", flock(c, LOCK_UN));
    show("flock b ex nb", flock(b, LOCK_EX | LOCK_NB));
    show("flock bad op", flock(b, 3));
    show("flock bad fd", flock(77, LOCK_SH));
    pid_t child = fork();
    if (child == 0) {
        /* The child shares b's description, so b's lock. */
        show("child: a sh nb", flock(a, LOCK_SH | LOCK_NB));
        show("child: b ex nb", flock(b, LOCK_EX | LOCK_NB));
        _exit(0);
    }
    waitpid(child, NULL, 0);
    close(b);
    show("after close: a ex nb", flock(a, LOCK_EX | LOCK_NB));
    /* A waiter in another process gets the lock when it is released. */
    child = fork();
    if (child == 0) {
        int d = open("xfer-lock", O_RDWR);
        show("child: d ex nb", flock(d, LOCK_EX | LOCK_NB));
        show("child: d ex (waits)", flock(d, LOCK_EX));
        _exit(0);
    }
    usleep(200000);
    flock(a, LOCK_UN);
    waitpid(child, NULL, 0);
    show("flock pipe", flock(p[0], LOCK_EX));
    return 0;
}
