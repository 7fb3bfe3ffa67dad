/* prctl, getrusage, mincore, priorities and scheduling policies: the
 * answers that do not depend on the machine. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define SHOW(label, expr)                                                   \
    do {                                                                    \
        errno = 0;                                                          \
        long r_ = (long)(expr);                                             \
        int e_ = errno;                                                     \
        printf("%s %ld errno %s\n", label, r_, r_ < 0 ? strerror(e_) : "-"); \
    } while (0)

int main(void) {
    char name[32] = {0};
    SHOW("set name", prctl(PR_SET_NAME, "a-rather-long-thread-name"));
    SHOW("get name", prctl(PR_GET_NAME, name));
    printf("name '%s'\n", name);
    SHOW("get dumpable", prctl(PR_GET_DUMPABLE));
    SHOW("set dumpable 2", prctl(PR_SET_DUMPABLE, 2));
    SHOW("set dumpable 1", prctl(PR_SET_DUMPABLE, 1));
    SHOW("set pdeathsig", prctl(PR_SET_PDEATHSIG, 15));
    SHOW("set pdeathsig bad", prctl(PR_SET_PDEATHSIG, 99));
    SHOW("no_new_privs bad", prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0));
    SHOW("capbset sys_admin", prctl(PR_CAPBSET_READ, 21));
    SHOW("capbset 63", prctl(PR_CAPBSET_READ, 63));
    SHOW("get seccomp", prctl(PR_GET_SECCOMP));
    SHOW("unknown option", prctl(9999));

    struct rusage ru;
    SHOW("getrusage self", getrusage(RUSAGE_SELF, &ru));
    printf("maxrss > 0: %d\n", ru.ru_maxrss > 0);
    SHOW("getrusage children", getrusage(RUSAGE_CHILDREN, &ru));
    SHOW("getrusage bad", getrusage(5, &ru));

    long page = sysconf(_SC_PAGESIZE);
    unsigned char *m = mmap(0, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m[0] = 1;
    m[2 * page] = 1;
    unsigned char vec[3];
    SHOW("mincore", mincore(m, 3 * page - 100, vec));
    printf("resident %d %d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1);
    SHOW("mincore unaligned", mincore(m + 1, page, vec));
    munmap(m + page, page);
    SHOW("mincore hole", mincore(m, 3 * page, vec));

    SHOW("getpriority", getpriority(PRIO_PROCESS, 0));
    SHOW("getpriority bad which", getpriority(7, 0));
    SHOW("getscheduler", sched_getscheduler(0));
    struct sched_param sp = {42};
    SHOW("getparam", sched_getparam(0, &sp));
    printf("priority %d\n", sp.sched_priority);
    SHOW("setscheduler other", sched_setscheduler(0, SCHED_OTHER, &(struct sched_param){0}));
    SHOW("setscheduler other prio 5", sched_setscheduler(0, SCHED_OTHER, &(struct sched_param){5}));
    SHOW("fifo max", sched_get_priority_max(SCHED_FIFO));
    SHOW("fifo min", sched_get_priority_min(SCHED_FIFO));
    SHOW("other max", sched_get_priority_max(SCHED_OTHER));
    SHOW("bad policy max", sched_get_priority_max(42));
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    SHOW("setaffinity cpu0", sched_setaffinity(0, sizeof set, &set));
    CPU_ZERO(&set);
    SHOW("setaffinity empty", sched_setaffinity(0, sizeof set, &set));
    return 0;
}
