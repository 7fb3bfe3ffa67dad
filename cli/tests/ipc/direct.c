/* The direct System V IPC calls (393-402, semtimedop_time64 420) that
 * glibc does not use on i386, and ipc(2)'s old 16-bit layouts (a *ctl
 * command without IPC_64), each checked against the values set. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define IPCOP_SEMCTL 3
#define IPCOP_MSGCTL 14
#define IPCOP_SHMAT 21
#define IPCOP_SHMCTL 24

struct old_perm { int32_t key; uint16_t uid, gid, cuid, cgid, mode, seq; };
struct old_shmid { struct old_perm perm; int32_t segsz; int32_t atime, dtime, ctime;
                   uint16_t cpid, lpid; int16_t nattch; uint16_t unused; uint32_t u2, u3; };
struct old_semid { struct old_perm perm; int32_t otime, ctime; uint32_t base, pending,
                   pending_last, undo; uint16_t nsems; };
struct old_msqid { struct old_perm perm; uint32_t first, last; int32_t stime, rtime, ctime;
                   uint32_t lcbytes, lqbytes; uint16_t cbytes, qnum, qbytes, lspid, lrpid; };
struct ts64 { int64_t sec; int32_t nsec, pad; };

static const char *res(long r) { return r == -1 ? strerror(errno) : "ok"; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int shm = syscall(SYS_shmget, IPC_PRIVATE, 5000, 0640);
    int sem = syscall(SYS_semget, IPC_PRIVATE, 3, 0604);
    int msq = syscall(SYS_msgget, IPC_PRIVATE, 0620);
    printf("direct gets: %s %s %s\n", res(shm), res(sem), res(msq));
    if (shm == -1 || sem == -1 || msq == -1) goto out;

    char *p = (char *)syscall(SYS_shmat, shm, 0, 0);
    printf("shmat: %s\n", p == (char *)-1 ? strerror(errno) : "ok");
    strcpy(p, "direct");
    struct shmid_ds ds;
    syscall(SYS_shmctl, shm, IPC_STAT, &ds);
    printf("shmctl: size %zu nattch %lu mode %o\n", ds.shm_segsz, (unsigned long)ds.shm_nattch,
           ds.shm_perm.mode & 0777);

    /* ipc(SHMAT) returns the address through its third argument. */
    unsigned long addr = 0;
    long r = syscall(SYS_ipc, IPCOP_SHMAT, shm, 0, &addr, 0, 0);
    printf("ipc SHMAT: %ld, same bytes %d\n", r, strcmp((char *)addr, "direct") == 0);
    struct old_shmid old;
    memset(&old, 0xff, sizeof old);
    r = syscall(SYS_ipc, IPCOP_SHMCTL, shm, IPC_STAT, 0, &old, 0);
    printf("old shmid_ds: %s size %d nattch %d mode %o key %d uid %u cpid-is-me %d\n", res(r),
           old.segsz, old.nattch, old.perm.mode & 0777, old.perm.key, old.perm.uid,
           old.cpid == (uint16_t)getpid());
    syscall(SYS_shmdt, (void *)addr);
    printf("shmdt: %s\n", res(syscall(SYS_shmdt, p)));

    unsigned short vals[3] = {1, 2, 3};
    printf("semctl SETALL: %s\n", res(syscall(SYS_semctl, sem, 0, SETALL, vals)));
    struct sembuf ops[2] = {{0, -1, 0}, {2, 4, 0}};
    struct ts64 t = {0, 1000000, 0};
    printf("semtimedop_time64: %s\n", res(syscall(412 + 8, sem, ops, 2, &t)));
    printf("values %ld %ld %ld\n", syscall(SYS_semctl, sem, 0, GETVAL, 0),
           syscall(SYS_semctl, sem, 1, GETVAL, 0), syscall(SYS_semctl, sem, 2, GETVAL, 0));
    printf("semtimedop_time64 times out: %s\n", res(syscall(412 + 8, sem, ops, 2, &t)));
    t.nsec = -1;
    printf("bad timespec: %s\n", res(syscall(412 + 8, sem, ops, 2, &t)));
    struct old_semid olds;
    union { struct old_semid *buf; } arg = {&olds};
    r = syscall(SYS_ipc, IPCOP_SEMCTL, sem, 0, IPC_STAT, &arg, 0);
    printf("old semid_ds: %s nsems %u mode %o otime set %d\n", res(r), olds.nsems,
           olds.perm.mode & 0777, olds.otime != 0);
    r = syscall(SYS_ipc, IPCOP_SEMCTL, sem, 0, IPC_STAT, 0, 0);
    printf("ipc SEMCTL without an argument: %s\n", res(r));

    struct { long type; char text[8]; } m = {3, "direct"};
    printf("msgsnd: %s\n", res(syscall(SYS_msgsnd, msq, &m, 7, 0)));
    struct old_msqid oldm;
    r = syscall(SYS_ipc, IPCOP_MSGCTL, msq, IPC_STAT, 0, &oldm, 0);
    printf("old msqid_ds: %s qnum %u cbytes %u qbytes %u lcbytes %u lqbytes %u lspid-is-me %d\n",
           res(r), oldm.qnum, oldm.cbytes, oldm.qbytes, oldm.lcbytes, oldm.lqbytes,
           oldm.lspid == (uint16_t)getpid());
    memset(&m, 0, sizeof m);
    r = syscall(SYS_msgrcv, msq, &m, sizeof m.text, 0, 0);
    printf("msgrcv: %ld type %ld %s\n", r, m.type, m.text);
    struct msqid_ds mds;
    syscall(SYS_msgctl, msq, IPC_STAT, &mds);
    printf("msgctl: qnum %lu lrpid-is-me %d\n", (unsigned long)mds.msg_qnum,
           mds.msg_lrpid == getpid());
out:
    if (shm != -1) syscall(SYS_shmctl, shm, IPC_RMID, 0);
    if (sem != -1) syscall(SYS_semctl, sem, 0, IPC_RMID, 0);
    if (msq != -1) syscall(SYS_msgctl, msq, IPC_RMID, 0);
    printf("removed: %s\n", res(syscall(SYS_msgctl, msq, IPC_STAT, &mds)));
    return 0;
}
