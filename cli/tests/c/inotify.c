/* inotify(7): a watch on a directory and one on a file in it, through a
 * create/write/close/attrib/rename/link/delete sequence; events printed in
 * order (cookies as "same"/"differ"); IN_IGNORED after rm_watch and after
 * the watched file goes; EAGAIN on an empty nonblocking instance, EINVAL
 * for a buffer too small, FIONREAD, IN_ONLYDIR, IN_MASK_CREATE. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static int wd_dir, wd_file;
static unsigned last_cookie;

static const char *names[] = { "ACCESS", "MODIFY", "ATTRIB", "CLOSE_WRITE",
    "CLOSE_NOWRITE", "OPEN", "MOVED_FROM", "MOVED_TO", "CREATE", "DELETE",
    "DELETE_SELF", "MOVE_SELF" };

static void drain(int fd, const char *step)
{
    char buf[4096] __attribute__((aligned(8)));
    printf("-- %s\n", step);
    for (;;) {
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, 0) <= 0)
            break;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (char *q = buf; q < buf + n;) {
            struct inotify_event *e = (struct inotify_event *)q;
            printf("%s", e->wd == wd_dir ? "dir" : e->wd == wd_file ? "file" : "?");
            for (int i = 0; i < 12; i++)
                if (e->mask & (1u << i))
                    printf(" %s", names[i]);
            if (e->mask & IN_IGNORED)
                printf(" IGNORED");
            if (e->mask & IN_ISDIR)
                printf(" ISDIR");
            if (e->cookie) {
                printf(" cookie %s", e->cookie == last_cookie ? "same" : "new");
                last_cookie = e->cookie;
            }
            if (e->len)
                printf(" len %u name %s", e->len, e->name);
            printf("\n");
            q += sizeof *e + e->len;
        }
    }
}

int main(int argc, char **argv)
{
    const char *base = argc > 1 ? argv[1] : "/tmp/inotify-test";
    char dir[256], f[256], g[256], h[256], sub[256];
    snprintf(dir, sizeof dir, "%s", base);
    snprintf(f, sizeof f, "%s/f", base);
    snprintf(g, sizeof g, "%s/g", base);
    snprintf(h, sizeof h, "%s/h", base);
    snprintf(sub, sizeof sub, "%s/sub", base);
    setvbuf(stdout, NULL, _IONBF, 0);
    mkdir(dir, 0755);

    char pre_path[256];
    snprintf(pre_path, sizeof pre_path, "%s/pre", base);
    int pre = open(pre_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    char small[8];
    ssize_t got = read(in, small, sizeof small);
    printf("empty read: %zd %s\n", got, strerror(errno));
    wd_dir = inotify_add_watch(in, dir, IN_ALL_EVENTS);
    printf("dir wd %d\n", wd_dir);
    printf("same again: %d\n", inotify_add_watch(in, dir, IN_ALL_EVENTS) == wd_dir);
    int r = inotify_add_watch(in, dir, IN_MODIFY | IN_MASK_CREATE);
    printf("mask create: %d %s\n", r, strerror(errno));

    int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    drain(in, "create");
    write(fd, "hello\n", 6);
    write(fd, "again\n", 6);
    drain(in, "write twice");
    close(fd);
    drain(in, "close");

    wd_file = inotify_add_watch(in, f, IN_ALL_EVENTS);
    r = inotify_add_watch(in, f, IN_ALL_EVENTS | IN_ONLYDIR);
    printf("onlydir on a file: %d %s\n", r, strerror(errno));
    fd = open(f, O_RDONLY);
    char rbuf[64];
    read(fd, rbuf, sizeof rbuf);
    close(fd);
    drain(in, "read");
    chmod(f, 0600);
    drain(in, "chmod");
    fd = open(f, O_WRONLY | O_APPEND);
    write(fd, "more\n", 5);
    int pending = 0;
    ioctl(in, FIONREAD, &pending);
    printf("FIONREAD: %d\n", pending);
    got = read(in, small, sizeof small);
    printf("small buffer: %zd %s\n", got, strerror(errno));
    close(fd);
    drain(in, "append");
    truncate(f, 2);
    drain(in, "truncate");
    rename(f, g);
    drain(in, "rename");
    link(g, h);
    drain(in, "link");
    unlink(h);
    drain(in, "unlink one link");
    mkdir(sub, 0700);
    rmdir(sub);
    drain(in, "mkdir rmdir");
    unlink(g);
    drain(in, "unlink last");
    /* A descriptor opened before the watch: written, read, closed. */
    write(pre, "early", 5);
    pread(pre, rbuf, 5, 0);
    close(pre);
    unlink(pre_path);
    drain(in, "opened before the watch");
    printf("rm_watch: %d\n", inotify_rm_watch(in, wd_dir));
    r = inotify_rm_watch(in, wd_dir);
    printf("rm_watch again: %d %s\n", r, strerror(errno));
    drain(in, "rm_watch");
    rmdir(dir);
    close(in);
    return 0;
}
