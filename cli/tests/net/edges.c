/* TCP edge cases on 127.0.0.1 compared with Linux: poll bits through a
 * connection's life (POLLOUT, POLLIN, POLLRDHUP, POLLHUP, POLLERR), SIGPIPE
 * killing a writer, MSG_NOSIGNAL, MSG_WAITALL across several writes,
 * MSG_PEEK, FIONREAD, SO_LINGER {1, 0} resetting the peer, accept4 with
 * SOCK_NONBLOCK, getsockname's byte order, SO_ERROR after a refused
 * nonblocking connect. Port 41110-41111. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static struct sockaddr_in addr(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static void bits(const char *what, int fd) {
    struct pollfd p = {fd, POLLIN | POLLOUT | POLLRDHUP, 0};
    int n = poll(&p, 1, 0);
    printf("%-28s n=%d%s%s%s%s%s\n", what, n, p.revents & POLLIN ? " IN" : "",
           p.revents & POLLOUT ? " OUT" : "", p.revents & POLLRDHUP ? " RDHUP" : "",
           p.revents & POLLHUP ? " HUP" : "", p.revents & POLLERR ? " ERR" : "");
}

static int pair(int lfd, int *server) {
    struct sockaddr_in a = addr(41110);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(c, (struct sockaddr *)&a, sizeof a) < 0)
        perror("connect");
    *server = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
    return c;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int one = 1;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = addr(41110);
    if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 4) < 0) {
        perror("listen");
        return 1;
    }
    struct sockaddr_in got;
    socklen_t len = sizeof got;
    getsockname(l, (struct sockaddr *)&got, &len);
    printf("sockname len %u family %d port bytes %02x %02x addr %08x\n", len,
           got.sin_family, ((unsigned char *)&got.sin_port)[0],
           ((unsigned char *)&got.sin_port)[1], got.sin_addr.s_addr);
    bits("fresh socket", socket(AF_INET, SOCK_STREAM, 0));
    bits("listener, nothing queued", l);

    int s, c = pair(l, &s);
    printf("accepted nonblocking: %d\n", (fcntl(s, F_GETFL) & O_NONBLOCK) != 0);
    bits("connected", c);
    write(c, "abc", 3);
    bits("server with data", s);
    int q = -1;
    ioctl(s, FIONREAD, &q);
    char buf[64];
    int n = recv(s, buf, sizeof buf, MSG_PEEK);
    printf("FIONREAD %d peek %d\n", q, n);
    n = recv(s, buf, sizeof buf, 0);
    n = recv(s, buf, sizeof buf, 0);
    printf("drained, then %d %s\n", n, n < 0 ? strerror(errno) : "");
    shutdown(c, SHUT_WR);
    bits("server after peer SHUT_WR", s);
    bits("client after SHUT_WR", c);
    printf("read at eof %zd\n", read(s, buf, sizeof buf));
    close(s);
    bits("client after both closed", c);
    close(c);

    /* Writing to a closed peer: the first write is taken and answered by
     * a RST; then MSG_NOSIGNAL gets EPIPE, and a writer with the default
     * SIGPIPE dies. */
    c = pair(l, &s);
    close(s);
    usleep(50000);
    n = send(c, "x", 1, MSG_NOSIGNAL);
    printf("first write after peer closed: %d\n", n);
    usleep(50000);
    bits("after the RST", c);
    n = send(c, "x", 1, MSG_NOSIGNAL);
    printf("MSG_NOSIGNAL: %d %s\n", n, n < 0 ? strerror(errno) : "");
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        write(c, "x", 1);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("writer: signaled %d sig %d\n", WIFSIGNALED(status), WTERMSIG(status));
    close(c);

    /* MSG_WAITALL gathers several writes. */
    c = pair(l, &s);
    pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 4; i++) {
            write(c, "0123456789", 10);
            usleep(20000);
        }
        _exit(0);
    }
    int fl = fcntl(s, F_GETFL);
    fcntl(s, F_SETFL, fl & ~O_NONBLOCK);
    n = recv(s, buf, 40, MSG_WAITALL);
    printf("MSG_WAITALL got %d: %.40s\n", n, buf);
    waitpid(pid, &status, 0);
    close(c);
    close(s);

    /* SO_LINGER {1, 0}: close resets the peer. */
    c = pair(l, &s);
    struct linger lg = {1, 0};
    setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(s);
    bits("peer after linger-0 close", c);
    n = recv(c, buf, sizeof buf, 0);
    printf("recv after RST: %d %s\n", n, n < 0 ? strerror(errno) : "");
    n = recv(c, buf, sizeof buf, 0);
    printf("then: %d\n", n);
    close(c);

    /* A refused nonblocking connect. */
    c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in closed = addr(41111);
    n = connect(c, (struct sockaddr *)&closed, sizeof closed);
    printf("nonblocking connect: %d %s\n", n, strerror(errno));
    struct pollfd p = {c, POLLOUT, 0};
    poll(&p, 1, 1000);
    bits("after refusal", c);
    int err = 0;
    len = sizeof err;
    getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
    printf("SO_ERROR %s\n", strerror(err));
    n = connect(c, (struct sockaddr *)&closed, sizeof closed);
    printf("connect again: %d %s\n", n, n < 0 ? strerror(errno) : "");
    close(c);
    close(l);
    return 0;
}
