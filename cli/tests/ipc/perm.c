/* System V IPC permissions: mode bits against the caller (root passes
 * them, CAP_IPC_OWNER), owner-only IPC_SET/IPC_RMID (EPERM). Run as root
 * and as an unprivileged user; prints no ids or keys. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEY 0x7ab00401
static int shm = -1, sem = -1, msq = -1, keyed = -1;

static const char *res(long r) { return r == -1 ? strerror(errno) : "ok"; }

static void cleanup(void) {
    if (shm != -1) shmctl(shm, IPC_RMID, NULL);
    if (sem != -1) semctl(sem, 0, IPC_RMID);
    if (msq != -1) msgctl(msq, IPC_RMID, NULL);
    if (keyed != -1) shmctl(keyed, IPC_RMID, NULL);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("root %d\n", geteuid() == 0);
    shm = shmget(IPC_PRIVATE, 4096, 0);
    sem = semget(IPC_PRIVATE, 1, 0);
    msq = msgget(IPC_PRIVATE, 0);
    if (shm == -1 || sem == -1 || msq == -1) { perror("get"); cleanup(); return 1; }
    void *p = shmat(shm, NULL, 0);
    printf("mode 0: shmat %s\n", p == (void *)-1 ? strerror(errno) : "ok");
    if (p != (void *)-1) shmdt(p);
    struct shmid_ds sds;
    printf("mode 0: shm IPC_STAT %s\n", res(shmctl(shm, IPC_STAT, &sds)));
    struct sembuf up = {0, 1, IPC_NOWAIT};
    printf("mode 0: semop %s\n", res(semop(sem, &up, 1)));
    printf("mode 0: GETVAL %s\n", res(semctl(sem, 0, GETVAL)));
    struct { long t; char c[4]; } m = {1, "abc"};
    printf("mode 0: msgsnd %s\n", res(msgsnd(msq, &m, 4, IPC_NOWAIT)));
    printf("mode 0: msgrcv %s\n", res(msgrcv(msq, &m, 4, 0, IPC_NOWAIT)));

    /* The owner may still change the mode. */
    shmctl(shm, IPC_STAT, &sds);
    sds.shm_perm.mode = 0400;
    printf("owner IPC_SET: %s\n", res(shmctl(shm, IPC_SET, &sds)));
    p = shmat(shm, NULL, SHM_RDONLY);
    printf("0400: read-only attach %s\n", p == (void *)-1 ? strerror(errno) : "ok");
    if (p != (void *)-1) shmdt(p);
    p = shmat(shm, NULL, 0);
    printf("0400: read-write attach %s\n", p == (void *)-1 ? strerror(errno) : "ok");
    if (p != (void *)-1) shmdt(p);

    keyed = shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0400);
    printf("keyed 0400: ask 0600 %s, ask 0400 %s\n", res(shmget(KEY, 0, 0600)),
           res(shmget(KEY, 0, 0400)));

    /* Another user against objects of mode 0666 it does not own. */
    struct msqid_ds mds;
    msgctl(msq, IPC_STAT, &mds);
    mds.msg_perm.mode = 0666;
    msgctl(msq, IPC_SET, &mds);
    pid_t c = fork();
    if (c == 0) {
        if (setuid(65534) == -1) {
            printf("not root: cannot become nobody\n");
            _exit(0);
        }
        printf("nobody: msgsnd %s\n", res(msgsnd(msq, &m, 4, IPC_NOWAIT)));
        printf("nobody: msgrcv %s\n", res(msgrcv(msq, &m, 4, 0, IPC_NOWAIT)));
        printf("nobody: IPC_SET %s\n", res(msgctl(msq, IPC_SET, &mds)));
        printf("nobody: IPC_RMID %s\n", res(msgctl(msq, IPC_RMID, NULL)));
        printf("nobody: shm IPC_RMID %s\n", res(shmctl(shm, IPC_RMID, NULL)));
        printf("nobody: sem SETVAL %s\n", res(semctl(sem, 0, SETVAL, 1)));
        _exit(0);
    }
    int status;
    waitpid(c, &status, 0);
    printf("owner IPC_RMID: %s %s %s\n", res(shmctl(shm, IPC_RMID, NULL)),
           res(semctl(sem, 0, IPC_RMID)), res(msgctl(msq, IPC_RMID, NULL)));
    shm = sem = msq = -1;
    cleanup();
    return 0;
}
