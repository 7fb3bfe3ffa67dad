/* The 16-bit id calls (setuid, chown, getgroups... numbers 16-182 on
 * i386) as an old C library makes them: ids cross as 16 bits, 0xffff
 * meaning -1, and ids past 65535 read back as 65534. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    printf("%-30s %ld %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
}

static void owner(const char *what, const char *path)
{
    struct stat st;
    lstat(path, &st);
    printf("%-30s %u:%u\n", what, st.st_uid, st.st_gid);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    show("getuid", syscall(SYS_getuid));
    show("getegid", syscall(SYS_getegid));
    uint16_t list[4] = { 7, 8, 0xffff, 9 };
    show("setgroups with -1", syscall(SYS_setgroups, 4, list));
    gid_t none[2] = { 5, (gid_t)-1 };
    show("setgroups32 with -1", setgroups(2, none));
    list[2] = 65535 - 1;
    show("setgroups", syscall(SYS_setgroups, 4, list));
    gid_t wide[8];
    int n = getgroups(8, wide);
    printf("%-30s %d: %u %u %u %u\n", "getgroups32", n, wide[0], wide[1], wide[2], wide[3]);
    uint16_t back[8] = { 0 };
    show("getgroups count", syscall(SYS_getgroups, 0, NULL));
    show("getgroups too small", syscall(SYS_getgroups, 2, back));
    show("getgroups", syscall(SYS_getgroups, 8, back));
    printf("%-30s %u %u %u %u\n", "  16-bit", back[0], back[1], back[2], back[3]);

    char path[] = "/tmp/uid16-XXXXXX", link[64];
    int fd = mkstemp(path);
    snprintf(link, sizeof link, "%s.l", path);
    symlink(path, link);
    show("chown 1000:-1", syscall(SYS_chown, path, 1000, 0xffff));
    owner("  file", path);
    show("lchown 5:6", syscall(SYS_lchown, link, 5, 6));
    owner("  link", link);
    owner("  file", path);
    show("fchown -1:2000", syscall(SYS_fchown, fd, 0xffff, 2000));
    owner("  file", path);
    show("chown through the link", syscall(SYS_chown, link, 0x10003, 4));
    owner("  file", path);

    pid_t child = fork();
    if (child == 0) {
        show("setresgid 100", syscall(SYS_setresgid, 100, 100, 0xffff));
        show("setgroups 0", syscall(SYS_setgroups, 0, NULL));
        show("setreuid -1, 1000", syscall(SYS_setreuid, 0xffff, 1000));
        uint16_t r, e, s;
        show("getresuid", syscall(SYS_getresuid, &r, &e, &s));
        printf("%-30s %u %u %u\n", "  ids", r, e, s);
        show("setfsuid -1 (query)", syscall(SYS_setfsuid, 0xffff));
        show("setuid 0 as 1000", syscall(SYS_setuid, 0));
        show("setuid 1000", syscall(SYS_setuid, 1000));
        show("getuid", syscall(SYS_getuid));
        show("getuid32", getuid());
        _exit(0);
    }
    waitpid(child, NULL, 0);
    child = fork();
    if (child == 0) {
        /* Ids past 16 bits read back as the overflow id. */
        show("setresuid32 70000", setresuid(70000, 70000, 70000));
        show("getuid", syscall(SYS_getuid));
        show("geteuid", syscall(SYS_geteuid));
        show("getuid32", getuid());
        uint16_t r, e, s;
        syscall(SYS_getresuid, &r, &e, &s);
        printf("%-30s %u %u %u\n", "getresuid", r, e, s);
        show("getresgid bad address", syscall(SYS_getresgid, (void *)8, (void *)8, (void *)8));
        _exit(0);
    }
    waitpid(child, NULL, 0);
    unlink(link);
    unlink(path);
    return 0;
}
