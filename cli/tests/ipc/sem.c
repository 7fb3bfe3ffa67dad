/* System V semaphores between processes: a producer/consumer over a
 * shared ring with blocking semop, GETNCNT/GETZCNT of parked callers,
 * SEM_UNDO at exit, IPC_NOWAIT, timeouts, EINTR despite SA_RESTART, EIDRM,
 * and the semctl commands. Prints no ids, keys or pids. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun { int val; struct semid_ds *buf; unsigned short *array; struct seminfo *__buf; };

static int sets[4] = {-1, -1, -1, -1}, ring = -1;

static const char *res(long r) { return r == -1 ? strerror(errno) : "ok"; }

static void cleanup(void) {
    for (int i = 0; i < 4; i++)
        if (sets[i] != -1) semctl(sets[i], 0, IPC_RMID);
    if (ring != -1) shmctl(ring, IPC_RMID, NULL);
}

static int op(int id, unsigned short num, short delta, short flg) {
    struct sembuf b = {num, delta, flg};
    return semop(id, &b, 1);
}

/* Waits (bounded) until `cmd` of semaphore `num` reads `want`. */
static int wait_count(int id, int num, int cmd, int want) {
    for (int i = 0; i < 2000; i++) {
        if (semctl(id, num, cmd) == want) return 1;
        usleep(1000);
    }
    return 0;
}

static void on_alarm(int sig) { (void)sig; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    /* Producer/consumer: sems 0 = free slots, 1 = filled slots, 2 = mutex. */
    int pc = sets[0] = semget(IPC_PRIVATE, 3, 0600);
    ring = shmget(IPC_PRIVATE, 4096, 0600);
    if (pc == -1 || ring == -1) { perror("get"); cleanup(); return 1; }
    int *buf = shmat(ring, NULL, 0);
    unsigned short init[3] = {4, 0, 1};
    printf("SETALL: %s\n", res(semctl(pc, 0, SETALL, (union semun){.array = init})));
    pid_t producer = fork();
    if (producer == 0) {
        for (int i = 1; i <= 50; i++) {
            op(pc, 0, -1, 0);
            op(pc, 2, -1, 0);
            buf[i % 4] = i * i;
            op(pc, 2, 1, 0);
            op(pc, 1, 1, 0);
        }
        _exit(0);
    }
    long sum = 0;
    int in_order = 1;
    for (int i = 1; i <= 50; i++) {
        op(pc, 1, -1, 0);
        op(pc, 2, -1, 0);
        in_order &= buf[i % 4] == i * i;
        sum += buf[i % 4];
        op(pc, 2, 1, 0);
        op(pc, 0, 1, 0);
    }
    int status;
    waitpid(producer, &status, 0);
    unsigned short vals[3];
    semctl(pc, 0, GETALL, (union semun){.array = vals});
    printf("consumed sum %ld in order %d; values %u %u %u; last op by producer or me %d\n",
           sum, in_order, vals[0], vals[1], vals[2],
           semctl(pc, 0, GETPID) == producer || semctl(pc, 0, GETPID) == getpid());

    /* Parked callers are counted. */
    int s = sets[1] = semget(IPC_PRIVATE, 2, 0600);
    pid_t waiter = fork();
    if (waiter == 0) {
        int r = op(s, 0, -1, 0);
        printf("decrementer woke: %s, value %d\n", res(r), semctl(s, 0, GETVAL));
        _exit(0);
    }
    printf("GETNCNT reaches 1: %d, GETZCNT %d\n", wait_count(s, 0, GETNCNT, 1),
           semctl(s, 0, GETZCNT));
    const char *set = res(semctl(s, 0, SETVAL, (union semun){.val = 1}));
    waitpid(waiter, &status, 0);
    printf("SETVAL 1: %s\n", set);
    printf("GETNCNT after %d\n", semctl(s, 0, GETNCNT));
    semctl(s, 1, SETVAL, (union semun){.val = 2});
    waiter = fork();
    if (waiter == 0) {
        int r = op(s, 1, 0, 0);
        printf("zero waiter woke: %s\n", res(r));
        _exit(0);
    }
    printf("GETZCNT reaches 1: %d\n", wait_count(s, 1, GETZCNT, 1));
    op(s, 1, -2, 0);
    waitpid(waiter, &status, 0);
    printf("GETPID is the zero waiter: %d\n", semctl(s, 1, GETPID) == waiter);

    /* SEM_UNDO: a process's adjustments are undone when it exits. */
    semctl(s, 0, SETVAL, (union semun){.val = 2});
    pid_t c = fork();
    if (c == 0) {
        op(s, 0, 3, SEM_UNDO);
        op(s, 0, -1, SEM_UNDO);
        op(s, 1, 5, 0);
        printf("child sees %d\n", semctl(s, 0, GETVAL));
        _exit(0);
    }
    waitpid(c, &status, 0);
    printf("after exit with SEM_UNDO: %d (without: %d), GETPID is the child %d\n",
           semctl(s, 0, GETVAL), semctl(s, 1, GETVAL), semctl(s, 0, GETPID) == c);
    c = fork();
    if (c == 0) {
        op(s, 0, -2, SEM_UNDO);
        semctl(s, 0, SETVAL, (union semun){.val = 32767});
        _exit(0);
    }
    waitpid(c, &status, 0);
    printf("SETVAL clears undo: %d\n", semctl(s, 0, GETVAL));
    semctl(s, 0, SETVAL, (union semun){.val = 32000});
    c = fork();
    if (c == 0) {
        op(s, 0, -1000, SEM_UNDO);
        op(s, 0, 1767, 0);
        _exit(0);
    }
    waitpid(c, &status, 0);
    printf("undo clamps at SEMVMX: %d\n", semctl(s, 0, GETVAL));

    /* No waiting. */
    semctl(s, 0, SETVAL, (union semun){.val = 0});
    printf("IPC_NOWAIT: %s\n", res(op(s, 0, -1, IPC_NOWAIT)));
    struct timespec ts = {0, 50 * 1000 * 1000}, t0, t1;
    struct sembuf dec = {0, -1, 0};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = semtimedop(s, &dec, 1, &ts);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("semtimedop 50ms: %s, waited at least 40ms %d\n", res(r), ms >= 40);
    ts.tv_nsec = 2000000000;
    printf("bad timeout: %s\n", res(semtimedop(s, &dec, 1, &ts)));
    struct sembuf both[2] = {{0, 1, 0}, {1, -100, IPC_NOWAIT}};
    printf("all or nothing: %s, value still %d\n", res(semop(s, both, 2)), semctl(s, 0, GETVAL));

    /* A signal interrupts a blocked semop even with SA_RESTART. */
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 0}, {0, 100000}};
    setitimer(ITIMER_REAL, &it, NULL);
    printf("interrupted semop: %s\n", res(op(s, 0, -1, 0)));
    printf("GETNCNT after EINTR %d\n", semctl(s, 0, GETNCNT));

    /* Removal wakes waiters with EIDRM. */
    int gone = sets[2] = semget(IPC_PRIVATE, 1, 0600);
    c = fork();
    if (c == 0) {
        int r2 = op(gone, 0, -1, 0);
        printf("waiter of a removed set: %s\n", res(r2));
        _exit(r2 == -1 && errno == EIDRM ? 7 : 1);
    }
    wait_count(gone, 0, GETNCNT, 1);
    /* Shown after the waiter's line, which would otherwise race it. */
    const char *removed = res(semctl(gone, 0, IPC_RMID));
    sets[2] = -1;
    waitpid(c, &status, 0);
    printf("IPC_RMID: %s\n", removed);
    printf("waiter exit %d; removed id: %s\n", WEXITSTATUS(status), res(op(gone, 0, 1, 0)));

    /* Errors and limits. */
    printf("SETVAL 40000: %s\n", res(semctl(s, 0, SETVAL, (union semun){.val = 40000})));
    printf("SETVAL -1: %s\n", res(semctl(s, 0, SETVAL, (union semun){.val = -1})));
    semctl(s, 0, SETVAL, (union semun){.val = 1});
    printf("over SEMVMX: %s\n", res(op(s, 0, 32767, 0)));
    printf("sem_num past the set: %s\n", res(op(s, 5, 1, 0)));
    printf("GETVAL past the set: %s\n", res(semctl(s, 2, GETVAL)));
    struct sembuf many[501];
    memset(many, 0, sizeof many);
    printf("501 ops: %s\n", res(semop(s, many, 501)));
    printf("0 ops: %s\n", res(semop(s, many, 0)));
    printf("nsems 0 new: %s\n", res(semget(IPC_PRIVATE, 0, 0600)));
    printf("nsems too many: %s\n", res(semget(IPC_PRIVATE, 32001, 0600)));
    int keyed = sets[3] = semget(0x7ab00201, 2, IPC_CREAT | IPC_EXCL | 0600);
    printf("keyed: %s; more sems than it has: %s; fewer: %d\n", res(keyed),
           res(semget(0x7ab00201, 3, 0)), semget(0x7ab00201, 1, 0) == keyed);
    printf("absent key: %s\n", res(semget(0x7ab00202, 1, 0)));
    struct semid_ds ds;
    semctl(keyed, 0, IPC_STAT, (union semun){.buf = &ds});
    printf("IPC_STAT: nsems %lu mode %o otime %d\n", (unsigned long)ds.sem_nsems,
           ds.sem_perm.mode & 0777, ds.sem_otime != 0);
    op(keyed, 1, 1, 0);
    semctl(keyed, 0, IPC_STAT, (union semun){.buf = &ds});
    printf("otime after op %d\n", ds.sem_otime != 0);
    ds.sem_perm.mode = 0640;
    printf("IPC_SET: %s\n", res(semctl(keyed, 0, IPC_SET, (union semun){.buf = &ds})));
    semctl(keyed, 0, IPC_STAT, (union semun){.buf = &ds});
    printf("mode %o\n", ds.sem_perm.mode & 0777);
    struct seminfo si;
    semctl(0, 0, IPC_INFO, (union semun){.__buf = &si});
    printf("IPC_INFO: semmsl %d semopm %d semvmx %d semmni %d semmns %d\n", si.semmsl,
           si.semopm, si.semvmx, si.semmni, si.semmns);
    printf("bad cmd: %s\n", res(semctl(keyed, 0, 99)));
    cleanup();
    return 0;
}
