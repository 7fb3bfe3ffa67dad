/* System V message queues between processes: type selection, blocking
 * receive and send, truncation, limits, IPC_SET, EIDRM. Prints no ids,
 * keys or pids. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>

struct m { long type; char text[64]; };
static int queues[3] = {-1, -1, -1};

static const char *res(long r) { return r == -1 ? strerror(errno) : "ok"; }

static void cleanup(void) {
    for (int i = 0; i < 3; i++)
        if (queues[i] != -1) msgctl(queues[i], IPC_RMID, NULL);
}

static int send(int q, long type, const char *text, int flags) {
    struct m msg = {type, ""};
    strncpy(msg.text, text, sizeof msg.text - 1);
    return msgsnd(q, &msg, strlen(text) + 1, flags);
}

static void recv(int q, long type, int flags) {
    struct m msg = {0, ""};
    ssize_t n = msgrcv(q, &msg, sizeof msg.text, type, flags);
    if (n == -1)
        printf("  recv %ld: %s\n", type, strerror(errno));
    else
        printf("  recv %ld: type %ld, %zd bytes, %s\n", type, msg.type, n, msg.text);
}

static int wait_qnum(int q, unsigned long want) {
    struct msqid_ds ds;
    for (int i = 0; i < 2000; i++) {
        if (msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == want) return 1;
        usleep(1000);
    }
    return 0;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int q = queues[0] = msgget(IPC_PRIVATE, 0600);
    if (q == -1) { perror("msgget"); return 1; }
    send(q, 3, "three", 0);
    send(q, 1, "one-a", 0);
    send(q, 2, "two", 0);
    send(q, 1, "one-b", 0);
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    printf("qnum %lu cbytes %lu qbytes %lu mode %o lspid-is-me %d lrpid %d\n",
           (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes,
           (unsigned long)ds.msg_qbytes, ds.msg_perm.mode & 0777, ds.msg_lspid == getpid(),
           ds.msg_lrpid);
    printf("type selection:\n");
    recv(q, -2, 0);
    recv(q, 2, 0);
    recv(q, 1, MSG_EXCEPT);
    recv(q, 0, 0);
    recv(q, 0, IPC_NOWAIT);
    recv(q, 7, IPC_NOWAIT);

    printf("too long for the buffer:\n");
    send(q, 4, "a rather long message", 0);
    struct m small = {0, ""};
    printf("  small buffer: %s\n", res(msgrcv(q, &small, 4, 0, IPC_NOWAIT)));
    ssize_t n = msgrcv(q, &small, 4, 0, IPC_NOWAIT | MSG_NOERROR);
    printf("  MSG_NOERROR: %zd bytes, %.4s\n", n, small.text);
    msgctl(q, IPC_STAT, &ds);
    printf("  then qnum %lu cbytes %lu lrpid-is-me %d\n", (unsigned long)ds.msg_qnum,
           (unsigned long)ds.__msg_cbytes, ds.msg_lrpid == getpid());

    printf("blocking receive:\n");
    pid_t c = fork();
    if (c == 0) {
        recv(q, 5, 0);
        _exit(0);
    }
    usleep(20000);
    send(q, 6, "not this one", 0);
    send(q, 5, "wake up", 0);
    int status;
    waitpid(c, &status, 0);
    recv(q, 0, IPC_NOWAIT);

    printf("blocking send:\n");
    msgctl(q, IPC_STAT, &ds);
    ds.msg_qbytes = 20;
    printf("  lower qbytes: %s\n", res(msgctl(q, IPC_SET, &ds)));
    printf("  12 bytes: %s\n", res(send(q, 1, "eleven char", 0)));
    printf("  12 more, IPC_NOWAIT: %s\n", res(send(q, 1, "eleven chaR", IPC_NOWAIT)));
    c = fork();
    if (c == 0) {
        int r = send(q, 2, "eleven chaR", 0);
        printf("  blocked sender: %s\n", res(r));
        _exit(0);
    }
    wait_qnum(q, 1);
    usleep(20000);
    recv(q, 1, 0);
    waitpid(c, &status, 0);
    recv(q, 0, IPC_NOWAIT);

    printf("removal:\n");
    int gone = queues[1] = msgget(IPC_PRIVATE, 0600);
    int ready[2];
    pipe(ready);
    c = fork();
    if (c == 0) {
        struct m msg;
        write(ready[1], "r", 1);
        int r = msgrcv(gone, &msg, sizeof msg.text, 0, 0);
        printf("  blocked receiver: %s\n", res(r));
        _exit(0);
    }
    /* The child is about to wait; give it time to, then remove the queue
     * and show the result after the child's line (their order would
     * otherwise race). */
    char byte;
    read(ready[0], &byte, 1);
    usleep(50000);
    const char *removed = res(msgctl(gone, IPC_RMID, NULL));
    queues[1] = -1;
    waitpid(c, &status, 0);
    printf("  IPC_RMID: %s\n", removed);
    printf("  removed id: %s\n", res(send(gone, 1, "x", IPC_NOWAIT)));

    printf("errors:\n");
    printf("  type 0: %s\n", res(send(q, 0, "x", 0)));
    printf("  negative type: %s\n", res(send(q, -3, "x", 0)));
    static struct { long type; char text[9000]; } big = {1, ""};
    printf("  8193 bytes: %s\n", res(msgsnd(q, &big, 8193, IPC_NOWAIT)));
    printf("  8192 bytes: %s\n", res(msgsnd(q, &big, 8192, IPC_NOWAIT)));
    printf("  bad buffer: %s\n", res(msgsnd(q, (void *)16, 4, IPC_NOWAIT)));
    send(q, 9, "lost", 0);
    printf("  receive into a bad buffer: %s\n", res(msgrcv(q, (void *)16, 8192, 0, IPC_NOWAIT)));
    msgctl(q, IPC_STAT, &ds);
    printf("  message lost: qnum %lu\n", (unsigned long)ds.msg_qnum);
    printf("  negative size: %s\n", res(msgrcv(q, &big, -1, 0, IPC_NOWAIT)));
    int keyed = queues[2] = msgget(0x7ab00301, IPC_CREAT | IPC_EXCL | 0600);
    printf("  keyed: %s, again IPC_EXCL: %s, found %d\n", res(keyed),
           res(msgget(0x7ab00301, IPC_CREAT | IPC_EXCL | 0600)), msgget(0x7ab00301, 0) == keyed);
    printf("  absent key: %s\n", res(msgget(0x7ab00302, 0)));
    printf("  bad id: %s\n", res(msgctl(-5, IPC_STAT, &ds)));
    printf("  bad cmd: %s\n", res(msgctl(q, 77, &ds)));
    struct msginfo mi;
    msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
    printf("  IPC_INFO: msgmax %d msgmnb %d msgmni %d msgssz %d msgseg %d\n", mi.msgmax,
           mi.msgmnb, mi.msgmni, mi.msgssz, mi.msgseg);
    cleanup();
    return 0;
}
