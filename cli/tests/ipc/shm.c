#define _GNU_SOURCE
/* System V shared memory between processes: attach counts, fork, detach,
 * removal while attached, SHM_RDONLY, SHM_RND, keys. Prints only values
 * and relations that are the same on every run (no ids, keys, addresses). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEY 0x7ab00101
static int seg = -1, keyed = -1;

static const char *res(long r) { return r == -1 ? strerror(errno) : "ok"; }

static void cleanup(void) {
    if (seg != -1) shmctl(seg, IPC_RMID, NULL);
    if (keyed != -1) shmctl(keyed, IPC_RMID, NULL);
}

static long nattch(int id) {
    struct shmid_ds ds;
    if (shmctl(id, IPC_STAT, &ds) == -1) return -errno;
    return (long)ds.shm_nattch;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    seg = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
    if (seg == -1) { perror("shmget"); return 1; }
    struct shmid_ds ds;
    shmctl(seg, IPC_STAT, &ds);
    printf("size %zu nattch %lu mode %o key %d cpid-is-me %d lpid %d atime %d\n",
           ds.shm_segsz, (unsigned long)ds.shm_nattch, ds.shm_perm.mode & 0777,
           ds.shm_perm.__key, ds.shm_cpid == getpid(), ds.shm_lpid, ds.shm_atime != 0);

    char *p = shmat(seg, NULL, 0);
    if (p == (void *)-1) { perror("shmat"); cleanup(); return 1; }
    printf("page aligned %d, zero filled %d\n", ((unsigned long)p & 4095) == 0,
           p[0] == 0 && p[9999] == 0);
    strcpy(p, "from parent");
    shmctl(seg, IPC_STAT, &ds);
    printf("after attach: nattch %lu lpid-is-me %d atime set %d\n",
           (unsigned long)ds.shm_nattch, ds.shm_lpid == getpid(), ds.shm_atime != 0);

    pid_t child = fork();
    if (child == 0) {
        printf("child sees: %s; nattch %ld\n", p, nattch(seg));
        char *q = shmat(seg, NULL, 0);
        printf("second attach: different address %d, same bytes %d, nattch %ld\n",
               q != p, strcmp(q, "from parent") == 0, nattch(seg));
        strcpy(q + 5000, "written by the child");
        const char *dt = res(shmdt(q));
        printf("detach second: %s, nattch %ld\n", dt, nattch(seg));
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    printf("parent reads: %s; nattch after child exit %ld\n", p + 5000, nattch(seg));
    shmctl(seg, IPC_STAT, &ds);
    printf("exit detaches: lpid is the child %d, dtime set %d\n", ds.shm_lpid == child,
           ds.shm_dtime != 0);

    /* Read-only attach: writing faults. */
    child = fork();
    if (child == 0) {
        char *r = shmat(seg, NULL, SHM_RDONLY);
        printf("read-only attach reads: %s\n", r);
        r[0] = 'X';
        _exit(0);
    }
    waitpid(child, &status, 0);
    printf("write to read-only: signaled %d sig %d; data %s\n", WIFSIGNALED(status),
           WIFSIGNALED(status) ? WTERMSIG(status) : 0, p);

    /* A chosen address: rounded down with SHM_RND, EINVAL without. */
    char *spot = mmap(NULL, 5 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(spot, 5 * 4096);
    char *odd = shmat(seg, spot + 123, 0);
    printf("unaligned without SHM_RND: %s\n", odd == (void *)-1 ? strerror(errno) : "attached");
    char *rnd = shmat(seg, spot + 123, SHM_RND);
    printf("SHM_RND: at the rounded address %d, same bytes %d\n", rnd == spot,
           rnd != (void *)-1 && strcmp(rnd, "from parent") == 0);
    char *over = shmat(seg, spot, 0);
    printf("over an attach: %s\n", over == (void *)-1 ? strerror(errno) : "attached");
    printf("shmdt inside, not at the start: %s\n", res(shmdt(rnd + 4096)));
    printf("shmdt at the start: %s\n", res(shmdt(rnd)));
    printf("shmdt again: %s\n", res(shmdt(rnd)));
    printf("shmdt unaligned: %s\n", res(shmdt(p + 1)));

    /* Keys. */
    keyed = shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0640);
    printf("keyed create: %s\n", res(keyed));
    printf("again with IPC_EXCL: %s\n", res(shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0640)));
    printf("same key finds it: %d\n", shmget(KEY, 0, 0) == keyed);
    printf("bigger than the segment: %s\n", res(shmget(KEY, 8192, 0)));
    printf("size 0 new: %s\n", res(shmget(IPC_PRIVATE, 0, 0600)));
    shmctl(keyed, IPC_STAT, &ds);
    printf("keyed mode %o key matches %d\n", ds.shm_perm.mode & 0777, ds.shm_perm.__key == KEY);

    /* IPC_SET changes the mode. */
    ds.shm_perm.mode = 0604;
    printf("IPC_SET: %s\n", res(shmctl(keyed, IPC_SET, &ds)));
    shmctl(keyed, IPC_STAT, &ds);
    printf("mode now %o\n", ds.shm_perm.mode & 0777);

    /* Removed while attached: stays until the last detach, key gone. */
    char *k = shmat(keyed, NULL, 0);
    strcpy(k, "still here");
    printf("IPC_RMID attached: %s\n", res(shmctl(keyed, IPC_RMID, NULL)));
    shmctl(keyed, IPC_STAT, &ds);
    printf("after RMID: nattch %lu dest %d key %d\n", (unsigned long)ds.shm_nattch,
           (ds.shm_perm.mode & 01000) != 0, ds.shm_perm.__key);
    printf("key lookup: %s\n", res(shmget(KEY, 0, 0)));
    printf("data: %s\n", k);
    shmdt(k);
    printf("after last detach: %s\n", res(shmctl(keyed, IPC_STAT, &ds)));
    keyed = -1;

    struct shminfo info;
    long maxidx = shmctl(0, IPC_INFO, (struct shmid_ds *)&info);
    printf("IPC_INFO: %s shmmax %lu shmall %lu shmmin %lu shmmni %lu shmseg %lu\n",
           res(maxidx), info.shmmax, info.shmall, info.shmmin, info.shmmni, info.shmseg);
    printf("unknown cmd: %s\n", res(shmctl(seg, 99, &ds)));
    printf("bad id: %s\n", res(shmctl(-1, IPC_STAT, &ds)));

    shmdt(p);
    printf("final nattch %ld\n", nattch(seg));
    cleanup();
    printf("after RMID: %s\n", res(shmctl(seg, IPC_STAT, &ds)));
    return 0;
}
