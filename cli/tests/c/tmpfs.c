/* /tmp, /run and /dev/shm as tmpfs mounts: their type, modes and device,
 * files, directories and holes on them, crossing the mount point both ways
 * (getcwd, ".."), what cannot cross it (rename and link are EXDEV, the
 * mount point is EBUSY), unlinked-but-open files, shared mappings,
 * sockets and POSIX shared memory, and space given back on unlink.
 * Prints only what is the same on every run and on any tmpfs size. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHOW(label, expr)                                                   \
    do {                                                                    \
        errno = 0;                                                          \
        long r_ = (long)(expr);                                             \
        int e_ = errno;                                                     \
        printf("%s %ld errno %s\n", label, r_, r_ < 0 ? strerror(e_) : "-"); \
    } while (0)

static const char *fs_name(long type) {
    switch (type) {
    case 0x01021994: return "tmpfs";
    case 0xef53: return "ext2";
    default: return "other";
    }
}

static void mounts(void) {
    const char *paths[] = {"/", "/tmp", "/run", "/dev/shm"};
    struct stat root;
    stat("/", &root);
    for (int i = 0; i < 4; i++) {
        struct statfs f;
        struct stat s;
        statfs(paths[i], &f);
        stat(paths[i], &s);
        printf("%s: %s mode %o uid %d own device %d\n", paths[i], fs_name(f.f_type),
               s.st_mode & 07777, (int)s.st_uid, s.st_dev != root.st_dev);
    }
    struct stat a, b;
    stat("/tmp/..", &a);
    printf("/tmp/.. is / %d\n", a.st_ino == root.st_ino && a.st_dev == root.st_dev);
    stat("/tmp", &a);
    stat("/tmp/.", &b);
    printf("/tmp/. is /tmp %d\n", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
}

static void files(void) {
    int fd = open("/tmp/f", O_CREAT | O_RDWR | O_EXCL, 0640);
    printf("write %zd\n", write(fd, "hello tmpfs\n", 12));
    char buf[64] = {0};
    printf("pread %zd %s", pread(fd, buf, sizeof buf - 1, 0), buf);
    /* A hole: reads as zeros, takes no blocks. */
    printf("pwrite far %zd\n", pwrite(fd, "!", 1, 1 << 20));
    struct stat s;
    fstat(fd, &s);
    printf("size %lld sparse %d\n", (long long)s.st_size, s.st_blocks < 64);
    memset(buf, 1, sizeof buf);
    pread(fd, buf, 8, 4096);
    printf("hole zeros %d\n", buf[0] == 0 && buf[7] == 0);
    close(fd);
    SHOW("exclusive again", open("/tmp/f", O_CREAT | O_EXCL | O_RDWR, 0600));
    SHOW("chmod", chmod("/tmp/f", 0600));
    SHOW("chown", chown("/tmp/f", 1000, 1000));
    stat("/tmp/f", &s);
    printf("mode %o uid %d gid %d\n", s.st_mode & 07777, (int)s.st_uid, (int)s.st_gid);
    SHOW("link inside", link("/tmp/f", "/tmp/f2"));
    stat("/tmp/f", &s);
    printf("nlink %d\n", (int)s.st_nlink);
    SHOW("rename inside", rename("/tmp/f2", "/tmp/f3"));
    SHOW("symlink", symlink("f3", "/tmp/l"));
    char target[32] = {0};
    printf("readlink %zd %s\n", readlink("/tmp/l", target, sizeof target - 1), target);
    SHOW("open through link", open("/tmp/l", O_RDONLY));
    /* Across the mount point. */
    SHOW("rename out", rename("/tmp/f3", "/f3"));
    SHOW("rename in", rename("/etc/hostname", "/tmp/hostname"));
    SHOW("link out", link("/tmp/f3", "/f3"));
    SHOW("rmdir mount point", rmdir("/tmp"));
    SHOW("rename mount point", rename("/run", "/run2"));
    SHOW("unlink", unlink("/tmp/f3"));
    SHOW("unlink first name", unlink("/tmp/f"));
    SHOW("unlink link", unlink("/tmp/l"));
}

static void directories(void) {
    SHOW("mkdir", mkdir("/tmp/a", 0755));
    SHOW("mkdir nested", mkdir("/tmp/a/b", 0700));
    SHOW("chdir", chdir("/tmp/a/b"));
    char cwd[256];
    printf("getcwd %s\n", getcwd(cwd, sizeof cwd));
    SHOW("chdir up", chdir("../../.."));
    printf("getcwd %s\n", getcwd(cwd, sizeof cwd));
    chdir("/dev/shm");
    printf("getcwd %s\n", getcwd(cwd, sizeof cwd));
    chdir("/");
    SHOW("rmdir not empty", rmdir("/tmp/a"));
    SHOW("rmdir", rmdir("/tmp/a/b"));
    SHOW("rmdir", rmdir("/tmp/a"));
    /* What /tmp lists now (made fresh: nothing of the image's /tmp). */
    int fd = open("/tmp/z", O_CREAT | O_WRONLY, 0600);
    close(fd);
    mkdir("/tmp/y", 0700);
    FILE *ls = popen("ls -A /tmp", "r");
    char line[128];
    printf("ls /tmp:");
    while (fgets(line, sizeof line, ls)) {
        line[strcspn(line, "\n")] = 0;
        printf(" %s", line);
    }
    printf("\n");
    pclose(ls);
    unlink("/tmp/z");
    rmdir("/tmp/y");
}

static void open_unlinked(void) {
    int fd = open("/tmp/gone", O_CREAT | O_RDWR, 0600);
    unlink("/tmp/gone");
    write(fd, "still here", 10);
    char buf[16] = {0};
    pread(fd, buf, 10, 0);
    struct stat s;
    fstat(fd, &s);
    printf("unlinked: %s nlink %d\n", buf, (int)s.st_nlink);
    SHOW("access", access("/tmp/gone", F_OK));
    close(fd);
}

static void mapping(void) {
    int fd = open("/tmp/map", O_CREAT | O_RDWR | O_TRUNC, 0600);
    ftruncate(fd, 8192);
    char *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    pid_t c = fork();
    if (c == 0) {
        strcpy(p + 4096, "written by the child");
        _exit(0);
    }
    waitpid(c, 0, 0);
    msync(p, 8192, MS_SYNC);
    char buf[32] = {0};
    pread(fd, buf, 20, 4096);
    printf("mapped: %s\n", buf);
    pwrite(fd, "WRITTEN", 7, 4096);
    printf("seen in the map: %.20s\n", p + 4096);
    munmap(p, 8192);
    close(fd);
    unlink("/tmp/map");
}

static void sockets(void) {
    char buf[32] = {0};
    struct sockaddr_un addr = {AF_UNIX, "/tmp/sock"};
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    SHOW("bind", bind(s, (struct sockaddr *)&addr, sizeof addr));
    listen(s, 1);
    int cl = socket(AF_UNIX, SOCK_STREAM, 0);
    SHOW("connect", connect(cl, (struct sockaddr *)&addr, sizeof addr));
    int a = accept(s, 0, 0);
    write(cl, "over the socket", 15);
    memset(buf, 0, sizeof buf);
    read(a, buf, sizeof buf - 1);
    printf("socket: %s\n", buf);
    close(a);
    close(cl);
    close(s);
    struct stat st;
    stat("/tmp/sock", &st);
    printf("socket node %d\n", S_ISSOCK(st.st_mode));
    unlink("/tmp/sock");
}

static void shared_memory(void) {
    int fd = shm_open("/tabvm-test", O_CREAT | O_RDWR, 0600);
    printf("shm_open %d\n", fd >= 0);
    ftruncate(fd, 4096);
    struct stat s;
    printf("in /dev/shm %d\n", stat("/dev/shm/tabvm-test", &s) == 0 && s.st_size == 4096);
    shm_unlink("/tabvm-test");
    close(fd);
    sem_t *sem = sem_open("/tabvm-sem", O_CREAT, 0600, 2);
    int v = -1;
    sem_getvalue(sem, &v);
    printf("sem %d value %d\n", sem != SEM_FAILED, v);
    sem_close(sem);
    sem_unlink("/tabvm-sem");
}

static void space(void) {
    struct statvfs before, full, after;
    statvfs("/tmp", &before);
    int fd = open("/tmp/big", O_CREAT | O_WRONLY, 0600);
    char *chunk = calloc(1, 1 << 20);
    memset(chunk, 'x', 1 << 20);
    for (int i = 0; i < 4; i++) write(fd, chunk, 1 << 20);
    close(fd);
    statvfs("/tmp", &full);
    unlink("/tmp/big");
    statvfs("/tmp", &after);
    unsigned long mib = (1 << 20) / before.f_bsize;
    printf("4 MiB used %d\n", before.f_bfree - full.f_bfree >= 4 * mib);
    printf("given back %d\n", after.f_bfree == before.f_bfree);
    printf("name max %lu\n", before.f_namemax);
    free(chunk);
}

int main(void) {
    setvbuf(stdout, 0, _IONBF, 0);
    mounts();
    files();
    directories();
    open_unlinked();
    mapping();
    sockets();
    shared_memory();
    space();
    return 0;
}
