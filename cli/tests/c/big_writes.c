/* A blocking write to a pipe or a stream socket finishes before it
 * returns, however much more it holds than the buffer (pipe_write,
 * unix_stream_sendmsg, tcp_sendmsg); a signal handler interrupting it
 * after some progress makes it return the bytes moved. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG (1 << 20)

/* A child that reads `fd` to the end, slowly at first, and reports;
 * it closes its copy of the writer `w`. */
static pid_t drain(int fd, int w) {
    pid_t pid = fork();
    if (pid == 0) {
        close(w);
        static char buf[8192];
        long total = 0, sum = 0;
        ssize_t n;
        usleep(100000);
        while ((n = read(fd, buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < n; i++) sum += (unsigned char)buf[i];
            total += n;
        }
        printf("  reader got %ld bytes, sum %ld\n", total, sum);
        fflush(stdout);
        _exit(0);
    }
    return pid;
}

static void one(const char *what, int w, int r, char *data) {
    printf("%s\n", what);
    fflush(stdout);
    pid_t pid = drain(r, w);
    close(r);
    ssize_t n = write(w, data, BIG);
    printf("  write returned %zd\n", n);
    fflush(stdout);
    close(w);
    waitpid(pid, 0, 0);
}

static void on_alarm(int sig) { (void)sig; }

int main(void) {
    char *data = malloc(BIG);
    for (int i = 0; i < BIG; i++) data[i] = (char)(i * 7);
    int p[2];
    pipe(p);
    one("pipe", p[1], p[0], data);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    one("unix stream", sv[0], sv[1], data);

    int l = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(41170)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (void *)&a, sizeof a) || listen(l, 1)) {
        perror("bind");
        return 1;
    }
    int c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (void *)&a, sizeof a);
    int s = accept(l, 0, 0);
    close(l);
    one("tcp", c, s, data);

    /* Nobody reads: the handler ends the write with what fitted. */
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, 0);
    pipe(p);
    alarm(1);
    ssize_t n = write(p[1], data, BIG);
    printf("interrupted pipe write: %zd (partial %d) errno %s\n", n, n > 0 && n < BIG,
           n < 0 ? strerror(errno) : "-");
    /* Nothing moved: EINTR. */
    alarm(1);
    n = write(p[1], data, BIG);
    printf("full pipe write: %zd %s\n", n, n < 0 ? strerror(errno) : "");
    return 0;
}
