/* O_TMPFILE (open(2)): an unnamed file in a directory's file system,
 * named later with linkat (AT_EMPTY_PATH, or /proc/self/fd with
 * AT_SYMLINK_FOLLOW) unless opened O_EXCL; freed at the last close
 * otherwise. On tmpfs (/tmp) and on the disk (/var/tmp). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static void show(const char *what, long r) {
    printf("%s: %ld %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
}

static unsigned long free_inodes(const char *dir) {
    struct statvfs s;
    statvfs(dir, &s);
    return s.f_ffree;
}

static void in(const char *dir) {
    char named[256], proc[64], buf[32] = "";
    printf("-- %s\n", dir);
    unsigned long before = free_inodes(dir);
    int fd = open(dir, O_TMPFILE | O_RDWR, 0640);
    show("open", fd >= 0);
    struct stat st;
    fstat(fd, &st);
    printf("nlink %lu mode %o size %lld\n", (unsigned long)st.st_nlink, st.st_mode, (long long)st.st_size);
    show("write", write(fd, "hidden data", 11));
    snprintf(named, sizeof named, "%s/named", dir);
    show("linkat empty path", linkat(fd, "", AT_FDCWD, named, AT_EMPTY_PATH));
    stat(named, &st);
    printf("named nlink %lu size %lld\n", (unsigned long)st.st_nlink, (long long)st.st_size);
    int r = open(named, O_RDONLY);
    buf[read(r, buf, sizeof buf - 1)] = 0;
    printf("read back [%s]\n", buf);
    close(r);
    close(fd);
    unlink(named);

    fd = open(dir, O_TMPFILE | O_WRONLY, 0600);
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    snprintf(named, sizeof named, "%s/via-proc", dir);
    show("linkat via /proc", linkat(AT_FDCWD, proc, AT_FDCWD, named, AT_SYMLINK_FOLLOW));
    show("stat via-proc", stat(named, &st));
    unlink(named);
    close(fd);

    fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL, 0600);
    show("O_EXCL open", fd >= 0);
    snprintf(named, sizeof named, "%s/excl", dir);
    show("O_EXCL linkat", linkat(fd, "", AT_FDCWD, named, AT_EMPTY_PATH));
    close(fd);

    fd = open(dir, O_TMPFILE | O_RDWR, 0);
    show("mode 0 still writable", write(fd, "x", 1));
    char big[8192];
    memset(big, 'z', sizeof big);
    for (int i = 0; i < 16; i++) write(fd, big, sizeof big);
    close(fd);
    if (strcmp(dir, "/tmp") == 0) printf("inodes back: %d\n", free_inodes(dir) == before);

    show("read-only", open(dir, O_TMPFILE | O_RDONLY, 0600));
    snprintf(named, sizeof named, "%s/plain", dir);
    close(open(named, O_CREAT | O_WRONLY, 0600));
    show("on a file", open(named, O_TMPFILE | O_RDWR, 0600));
    unlink(named);
    snprintf(named, sizeof named, "%s/missing/x", dir);
    show("missing dir", open(named, O_TMPFILE | O_RDWR, 0600));
}

int main(void) {
    umask(022);
    in("/tmp");
    mkdir("/var/tmp/tmpfile-test", 0755);
    in("/var/tmp/tmpfile-test");
    rmdir("/var/tmp/tmpfile-test");
    return 0;
}
