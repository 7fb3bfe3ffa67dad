/* memfd_create, mlock/munlock/mlockall/munlockall/mlock2, personality,
 * getcpu, syncfs, setfsuid/setfsgid, capget/capset: the results a program
 * can rely on, identical on Linux and under tabvm. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void show(const char *what, long r)
{
    if (r == -1)
        printf("%s: -1 %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, r);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);

    int fd = memfd_create("hello", MFD_CLOEXEC);
    printf("memfd: %d cloexec %d\n", fd >= 0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
    show("write", write(fd, "memfd data", 10));
    struct stat st;
    fstat(fd, &st);
    printf("mode %o size %ld nlink %ld\n", st.st_mode, (long)st.st_size, (long)st.st_nlink);
    char buf[16] = { 0 };
    show("pread", pread(fd, buf, sizeof buf - 1, 6));
    printf("read back: %s\n", buf);
    show("ftruncate", ftruncate(fd, 8192));
    char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("mapped: %d first %.5s\n", map != MAP_FAILED, map);
    int fd2 = memfd_create("other", MFD_ALLOW_SEALING);
    printf("second memfd differs: %d cloexec %d\n", fd2 != fd, fcntl(fd2, F_GETFD) & FD_CLOEXEC);
    show("bad flags", memfd_create("x", 0x100));
    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    show("long name", memfd_create(longname, 0));

    int local = 0;
    show("mlock stack", mlock(&local, sizeof local));
    show("munlock stack", munlock(&local, sizeof local));
    show("mlock unmapped", mlock((void *)0x1000, 4096));
    show("mlock wrapping", mlock((void *)0xfffff000, 0x2000));
    show("mlock2 onfault", syscall(SYS_mlock2, &local, sizeof local, 1));
    show("mlock2 bad flag", syscall(SYS_mlock2, &local, sizeof local, 2));
    show("mlockall current", mlockall(MCL_CURRENT));
    show("mlockall none", mlockall(0));
    show("mlockall onfault alone", mlockall(MCL_ONFAULT));
    show("munlockall", munlockall());

    show("personality query", personality(0xffffffff));
    show("personality linux", personality(PER_LINUX));

    unsigned cpu = 99, node = 99;
    show("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
    printf("node %u\n", node);

    show("syncfs", syncfs(fd));
    show("syncfs bad fd", syncfs(99));

    printf("setfsuid query: %d\n", setfsuid(-1) == (int)geteuid());
    printf("setfsgid query: %d\n", setfsgid(-1) == (int)getegid());

    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    show("capget v3", syscall(SYS_capget, &hdr, data));
    printf("root: chown %d kill %d checkpoint_restore %d inheritable %u\n",
           data[0].effective & 1, (data[0].permitted >> 5) & 1,
           (data[1].effective >> 8) & 1, data[0].inheritable | data[1].inheritable);
    show("capset same", syscall(SYS_capset, &hdr, data));
    hdr.version = 0x12345678;
    show("capget probe", syscall(SYS_capget, &hdr, NULL));
    printf("version now %#x\n", hdr.version);
    hdr.version = 0x12345678;
    show("capget bad version", syscall(SYS_capget, &hdr, data));
    hdr.version = _LINUX_CAPABILITY_VERSION_3;
    hdr.pid = -1;
    show("capget negative pid", syscall(SYS_capget, &hdr, data));
    return 0;
}
