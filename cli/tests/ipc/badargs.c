/* Every *ctl command (with and without IPC_64 through ipc(2), and
 * through the direct calls) against a live object with a bad buffer,
 * plus out-of-range ids, sizes and counts: the errno of each, compared
 * with Linux. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BAD ((void *)16)

static const char *res(long r) { return r == -1 ? strerror(errno) : "ok"; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int shm = shmget(IPC_PRIVATE, 4096, 0600);
    int sem = semget(IPC_PRIVATE, 2, 0600);
    int msq = msgget(IPC_PRIVATE, 0600);
    if (shm == -1 || sem == -1 || msq == -1) { perror("get"); return 1; }
    for (int cmd = 1; cmd <= 21; cmd++) {
        if (cmd == 16) continue; /* SETVAL's argument is a value */
        printf("cmd %2d: shm %s / %s, sem %s / %s, msg %s / %s\n", cmd,
               res(syscall(SYS_ipc, 24, shm, cmd | 0x100, 0, BAD, 0)),
               res(syscall(SYS_shmctl, shm, cmd, BAD)),
               res(syscall(SYS_ipc, 3, sem, 0, cmd | 0x100, (long[]){16}, 0)),
               res(syscall(SYS_semctl, sem, 0, cmd, BAD)),
               res(syscall(SYS_ipc, 14, msq, cmd | 0x100, 0, BAD, 0)),
               res(syscall(SYS_msgctl, msq, cmd, BAD)));
        printf("        old layouts: shm %s, sem %s, msg %s\n",
               res(syscall(SYS_ipc, 24, shm, cmd, 0, BAD, 0)),
               res(syscall(SYS_ipc, 3, sem, 0, cmd, (long[]){16}, 0)),
               res(syscall(SYS_ipc, 14, msq, cmd, 0, BAD, 0)));
    }
    printf("ipc call 99: %s, call 0: %s\n", res(syscall(SYS_ipc, 99, 0, 0, 0, 0, 0)),
           res(syscall(SYS_ipc, 0, 0, 0, 0, 0, 0)));
    printf("SHMAT version 1: %s\n", res(syscall(SYS_ipc, 21 | (1 << 16), shm, 0, BAD, 0, 0)));
    printf("SHMAT bad result pointer: %s\n", res(syscall(SYS_ipc, 21, shm, 0, BAD, 0, 0)));
    printf("MSGRCV no kludge: %s\n", res(syscall(SYS_ipc, 12, msq, 8, IPC_NOWAIT, 0, 0)));
    printf("MSGRCV bad kludge: %s\n", res(syscall(SYS_ipc, 12, msq, 8, IPC_NOWAIT, BAD, 0)));
    int huge = shmget(IPC_PRIVATE, 0xffffffffu, 0600);
    printf("shmget huge: %s\n", res(huge));
    if (huge != -1) shmctl(huge, IPC_RMID, NULL);
    printf("shmat at page zero with SHM_RND: %s\n",
           shmat(shm, (void *)100, SHM_RND | SHM_REMAP) == (void *)-1 ? strerror(errno) : "ok");
    printf("shmdt of nothing: %s\n", res(shmdt((void *)0x10000000)));
    printf("semop bad pointer: %s\n", res(semop(sem, BAD, 1)));
    printf("semop negative id: %s\n", res(semop(-1, BAD, 1)));
    struct sembuf one = {0, 1, 0};
    printf("semop negative id, good ops: %s\n", res(semop(-1, &one, 1)));
    printf("semop 0 ops, bad pointer: %s\n", res(semop(sem, BAD, 0)));
    printf("semop 600 ops, bad pointer: %s\n", res(semop(sem, BAD, 600)));
    printf("semtimedop bad timeout, 600 ops: %s\n",
           res(syscall(SYS_ipc, 4, sem, 600, 0, &one, BAD)));
    struct timespec neg = {-1, 0};
    printf("semtimedop negative timeout, bad id: %s\n", res(semtimedop(-1, &one, 1, &neg)));
    printf("semtimedop negative timeout: %s\n", res(semtimedop(sem, &one, 1, &neg)));
    printf("msgsnd negative id: %s\n", res(msgsnd(-1, BAD, 1, 0)));
    printf("msgrcv stale id: %s\n", res(msgrcv(msq + 32768, BAD, 1, 0, IPC_NOWAIT)));
    printf("semget nsems -1: %s\n", res(semget(IPC_PRIVATE, -1, 0600)));
    printf("MSG_COPY without IPC_NOWAIT: %s\n", res(msgrcv(msq, BAD, 1, 0, 040000)));
    printf("rmid: %s %s %s\n", res(shmctl(shm, IPC_RMID, NULL)), res(semctl(sem, 0, IPC_RMID)),
           res(msgctl(msq, IPC_RMID, NULL)));
    return 0;
}
