/* copy_file_range(2): with and without offset pointers (only a NULL pointer
 * moves the descriptor's position), short at the end of the input and 0
 * past it, the error cases of the man page (flags, EBADF, EISDIR, EINVAL
 * for pipes and overlaps, EXDEV across file systems), within /tmp (tmpfs)
 * and within /var/tmp (the disk), and across the two. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

static unsigned sum(const char *file)
{
    int fd = open(file, O_RDONLY);
    if (fd < 0)
        return 0;
    unsigned h = 5381;
    unsigned char buf[4096];
    long n, total = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (long i = 0; i < n; i++)
            h = h * 33 + buf[i];
        total += n;
    }
    close(fd);
    return h ^ (unsigned)total;
}

static long size_of(const char *file)
{
    struct stat st;
    return stat(file, &st) < 0 ? -1 : (long)st.st_size;
}

static void make_source(const char *file, int len)
{
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    char *buf = malloc(len);
    for (int i = 0; i < len; i++)
        buf[i] = 'a' + (i * 7 + i / 26) % 26;
    write(fd, buf, len);
    free(buf);
    close(fd);
}

static void same_fs(const char *dir)
{
    char src[256], dst[256], dst2[256];
    snprintf(src, sizeof src, "%s/src", dir);
    snprintf(dst, sizeof dst, "%s/dst", dir);
    snprintf(dst2, sizeof dst2, "%s/dst2", dir);
    printf("== within %s\n", strncmp(dir, "/tmp", 4) == 0 ? "/tmp" : "/var/tmp");
    make_source(src, 10000);

    int in = open(src, O_RDONLY);
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    show("no offsets, 4000", copy_file_range(in, NULL, out, NULL, 4000, 0));
    show("  in position", lseek(in, 0, SEEK_CUR));
    show("  out position", lseek(out, 0, SEEK_CUR));
    show("no offsets, rest", copy_file_range(in, NULL, out, NULL, 100000, 0));
    show("  in position", lseek(in, 0, SEEK_CUR));
    show("at EOF", copy_file_range(in, NULL, out, NULL, 100, 0));
    show("  out position", lseek(out, 0, SEEK_CUR));
    printf("  dst matches src: %d, size %ld\n", sum(src) == sum(dst), size_of(dst));

    int out2 = open(dst2, O_RDWR | O_CREAT | O_TRUNC, 0644);
    loff_t off_in = 1000, off_out = 50;
    lseek(in, 123, SEEK_SET);
    show("offsets 1000 -> 50", copy_file_range(in, &off_in, out2, &off_out, 100000, 0));
    printf("  offsets now %lld %lld; positions %ld %ld; size %ld\n", (long long)off_in,
           (long long)off_out, (long)lseek(in, 0, SEEK_CUR), (long)lseek(out2, 0, SEEK_CUR),
           size_of(dst2));
    char head[60];
    pread(out2, head, sizeof head, 0);
    printf("  hole then data: %d %d '%.10s'\n", head[0], head[49], head + 50);
    show("offset at EOF", copy_file_range(in, &off_in, out2, &off_out, 10, 0));
    printf("  offsets unchanged: %lld %lld\n", (long long)off_in, (long long)off_out);
    off_in = 20000;
    show("offset past EOF", copy_file_range(in, &off_in, out2, NULL, 10, 0));
    off_in = 0;
    show("only in offset", copy_file_range(in, &off_in, out2, NULL, 5, 0));
    printf("  in offset %lld, out position %ld\n", (long long)off_in,
           (long)lseek(out2, 0, SEEK_CUR));
    off_in = 0;
    show("length 0", copy_file_range(in, &off_in, out2, NULL, 0, 0));
    show("flags 1", copy_file_range(in, NULL, out2, NULL, 10, 1));
    off_in = -1;
    show("offset -1", copy_file_range(in, &off_in, out2, NULL, 10, 0));
    off_in = -20;
    show("offset -20", copy_file_range(in, &off_in, out2, NULL, 10, 0));
    loff_t off_out2 = -20;
    show("out offset -20", copy_file_range(in, NULL, out2, &off_out2, 10, 0));
    show("bad fd", copy_file_range(99, NULL, out2, NULL, 10, 0));
    show("in write-only", copy_file_range(out, NULL, out2, NULL, 10, 0));
    show("out read-only", copy_file_range(in, NULL, in, NULL, 10, 0));
    int app = open(dst, O_WRONLY | O_APPEND);
    show("out O_APPEND", copy_file_range(in, NULL, app, NULL, 10, 0));
    close(app);
    int d = open(dir, O_RDONLY | O_DIRECTORY);
    show("in a directory", copy_file_range(d, NULL, out2, NULL, 10, 0));
    close(d);
    int p[2];
    pipe(p);
    write(p[1], "xyz", 3);
    show("in a pipe", copy_file_range(p[0], NULL, out2, NULL, 3, 0));
    show("out a pipe", copy_file_range(in, NULL, p[1], NULL, 3, 0));
    close(p[0]);
    close(p[1]);
    loff_t a = 0, b = 100;
    show("overlap in one file", copy_file_range(out2, &a, out2, &b, 200, 0));
    a = 0;
    b = 20000;
    show("same file, apart", copy_file_range(out2, &a, out2, &b, 200, 0));
    printf("  size %ld\n", size_of(dst2));
    close(in);
    close(out);
    close(out2);
    unlink(dst);
    unlink(dst2);
}

static void across(const char *from_dir, const char *to_dir)
{
    char src[256], dst[256];
    snprintf(src, sizeof src, "%s/src", from_dir);
    snprintf(dst, sizeof dst, "%s/x", to_dir);
    int in = open(src, O_RDONLY);
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    printf("== %s to %s\n", strncmp(from_dir, "/tmp", 4) == 0 ? "/tmp" : "/var/tmp",
           strncmp(to_dir, "/tmp", 4) == 0 ? "/tmp" : "/var/tmp");
    show("across file systems", copy_file_range(in, NULL, out, NULL, 100, 0));
    show("  in position", lseek(in, 0, SEEK_CUR));
    show("across, length 0", copy_file_range(in, NULL, out, NULL, 0, 0));
    close(in);
    close(out);
    unlink(dst);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    char tmp[128], disk[128];
    snprintf(tmp, sizeof tmp, "/tmp/cfr-%d", (int)getpid());
    snprintf(disk, sizeof disk, "/var/tmp/cfr-%d", (int)getpid());
    mkdir(tmp, 0755);
    mkdir(disk, 0755);
    same_fs(tmp);
    same_fs(disk);
    across(tmp, disk);
    across(disk, tmp);
    char f[256];
    snprintf(f, sizeof f, "%s/src", tmp);
    unlink(f);
    snprintf(f, sizeof f, "%s/src", disk);
    unlink(f);
    rmdir(tmp);
    rmdir(disk);
    return 0;
}
