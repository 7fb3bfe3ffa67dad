/* AF_UNIX edge cases, printed for comparison with Linux (unix(7)). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <poll.h>

static void show(const char *what, long r) {
    if (r < 0)
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s: %ld\n", what, r);
}

static socklen_t path_addr(struct sockaddr_un *a, const char *path) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strcpy(a->sun_path, path);
    return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    memcpy(a->sun_path + 1, name, strlen(name));
    return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
}

static void print_name(const char *what, struct sockaddr_un *a, socklen_t len) {
    printf("%s: len %u family %d ", what, (unsigned)len, a->sun_family);
    for (socklen_t i = offsetof(struct sockaddr_un, sun_path); i < len; i++)
        putchar(a->sun_path[i - 2] ? a->sun_path[i - 2] : '@');
    putchar('\n');
}

static int sigpipes;
static void on_pipe(int sig) { (void)sig; sigpipes++; }

int main(void) {
    /* A fixed name, so both runs print the same addresses. */
    const char *dir = "/tmp/tabvm-sockets-edge";
    char path[128];
    snprintf(path, sizeof path, "%s/s", dir);
    unlink(path);
    rmdir(dir);
    if (mkdir(dir, 0700) != 0) return 1;
    struct sockaddr_un a, b;
    socklen_t len;
    signal(SIGPIPE, on_pipe);

    /* Families and types. */
    show("socket AF_UNIX bad type", socket(AF_UNIX, 9, 0));
    show("socket AF_UNIX bad protocol", socket(AF_UNIX, SOCK_STREAM, 7));
    show("socket AF_UNIX bad flags", socket(AF_UNIX, SOCK_STREAM | 0x100000, 0));
    show("socketpair AF_UNIX bad type", socketpair(AF_UNIX, 9, 0, (int[2]){0}));
    show("getsockopt on a pipe", getsockopt(0, SOL_SOCKET, SO_TYPE, &(int){0}, &(socklen_t){4}));

    /* Filesystem names. */
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    len = path_addr(&a, path);
    show("bind path", bind(l, (struct sockaddr *)&a, len));
    struct stat st;
    show("stat is a socket", stat(path, &st) == 0 && S_ISSOCK(st.st_mode));
    int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind same path", bind(l2, (struct sockaddr *)&a, len));
    show("bind twice", bind(l, (struct sockaddr *)&a, len));
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect before listen", connect(c, (struct sockaddr *)&a, len));
    show("listen", listen(l, 4));
    show("listen again", listen(l, 8));
    show("listen unbound", listen(l2, 1));
    int v; socklen_t vl = sizeof v;
    getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl);
    printf("SO_ACCEPTCONN %d\n", v);
    show("connect", connect(c, (struct sockaddr *)&a, len));
    show("connect again", connect(c, (struct sockaddr *)&a, len));
    struct pollfd p = {l, POLLIN, 0};
    show("poll listener", poll(&p, 1, 0));
    printf("listener revents %#x\n", p.revents);
    len = sizeof b;
    int s = accept(l, (struct sockaddr *)&b, &len);
    show("accept", s >= 0);
    print_name("accepted peer", &b, len);
    len = sizeof b;
    getsockname(s, (struct sockaddr *)&b, &len);
    print_name("accepted name", &b, len);
    len = sizeof b;
    getpeername(c, (struct sockaddr *)&b, &len);
    print_name("client peer", &b, len);
    len = sizeof b;
    show("getpeername listener", getpeername(l, (struct sockaddr *)&b, &len));
    fcntl(l, F_SETFL, O_NONBLOCK);
    show("accept nonblocking, nothing pending", accept4(l, NULL, NULL, SOCK_NONBLOCK));
    fcntl(l, F_SETFL, 0);
    struct ucred cr; socklen_t crl = sizeof cr;
    getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &crl);
    printf("peercred pid ok %d uid %d gid %d len %u\n", cr.pid == getpid(), cr.uid, cr.gid, crl);
    vl = sizeof v;
    getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &vl);
    printf("SO_TYPE %d len %u\n", v, vl);
    vl = sizeof v;
    getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &vl);
    printf("SO_ERROR %d\n", v);
    show("setsockopt SO_REUSEADDR", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &(int){1}, 4));
    vl = sizeof v;
    getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, &vl);
    printf("SO_REUSEADDR %d\n", v);
    show("setsockopt short", setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &(int){1}, 2));
    show("getsockopt unknown", getsockopt(s, SOL_SOCKET, 999, &v, &vl));

    /* Data, FIONREAD, shutdown, EPIPE and SIGPIPE. */
    show("send", send(c, "hello", 5, 0));
    show("FIONREAD", ioctl(s, FIONREAD, &v) == 0 ? v : -1);
    char buf[64] = {0};
    show("recv peek", recv(s, buf, sizeof buf, MSG_PEEK));
    show("read", read(s, buf, sizeof buf));
    printf("got %.5s\n", buf);
    show("recv dontwait empty", recv(s, buf, sizeof buf, MSG_DONTWAIT));
    show("shutdown bad", shutdown(c, 5));
    show("shutdown wr", shutdown(c, SHUT_WR));
    show("send after shut wr", send(c, "x", 1, MSG_NOSIGNAL));
    show("eof after peer shut wr", recv(s, buf, sizeof buf, 0));
    p = (struct pollfd){s, POLLIN | POLLOUT | POLLRDHUP, 0};
    poll(&p, 1, 0);
    printf("half-closed revents %#x\n", p.revents);
    show("sendto on connected stream with address",
         sendto(s, "x", 1, 0, (struct sockaddr *)&a, path_addr(&a, path)));
    close(c);
    show("write to closed peer", write(s, "x", 1));
    printf("sigpipes %d\n", sigpipes);
    show("send nosignal to closed peer", send(s, "x", 1, MSG_NOSIGNAL));
    printf("sigpipes %d\n", sigpipes);
    p = (struct pollfd){s, POLLIN | POLLOUT, 0};
    poll(&p, 1, 0);
    printf("closed-peer revents %#x\n", p.revents);
    close(s);
    close(l);
    close(l2);
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    show("connect to closed listener", connect(c, (struct sockaddr *)&a, path_addr(&a, path)));
    unlink(path);
    show("connect to missing path", connect(c, (struct sockaddr *)&a, path_addr(&a, path)));
    show("connect to a regular file", connect(c, (struct sockaddr *)&a, path_addr(&a, "/etc/passwd")));
    show("read unconnected stream", read(c, buf, 1));
    show("write unconnected stream", send(c, "x", 1, MSG_NOSIGNAL));
    close(c);

    /* Abstract names. */
    l = socket(AF_UNIX, SOCK_STREAM, 0);
    len = abstract_addr(&a, "tabvm-test-abstract");
    show("bind abstract", bind(l, (struct sockaddr *)&a, len));
    l2 = socket(AF_UNIX, SOCK_STREAM, 0);
    show("bind same abstract", bind(l2, (struct sockaddr *)&a, len));
    listen(l, 1);
    len = sizeof b;
    getsockname(l, (struct sockaddr *)&b, &len);
    print_name("abstract name", &b, len);
    c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    show("connect abstract nonblock", connect(c, (struct sockaddr *)&a, abstract_addr(&a, "tabvm-test-abstract")));
    s = accept4(l, NULL, NULL, SOCK_CLOEXEC);
    show("accept4 cloexec", fcntl(s, F_GETFD));
    close(l);
    show("bind abstract after close", bind(l2, (struct sockaddr *)&a, abstract_addr(&a, "tabvm-test-abstract")));
    close(l2); close(s); close(c);
    l = socket(AF_UNIX, SOCK_DGRAM, 0);
    show("autobind", bind(l, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path)));
    len = sizeof b;
    getsockname(l, (struct sockaddr *)&b, &len);
    printf("autobind len %u first %d\n", (unsigned)len, b.sun_path[0]);
    close(l);

    /* Datagrams. */
    int d1 = socket(AF_UNIX, SOCK_DGRAM, 0), d2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    bind(d1, (struct sockaddr *)&a, abstract_addr(&a, "tabvm-d1"));
    bind(d2, (struct sockaddr *)&b, abstract_addr(&b, "tabvm-d2"));
    show("dgram send unconnected", send(d2, "x", 1, 0));
    show("sendto d1", sendto(d2, "datagram", 8, 0, (struct sockaddr *)&a, abstract_addr(&a, "tabvm-d1")));
    show("sendto d1 empty", sendto(d2, "", 0, 0, (struct sockaddr *)&a, abstract_addr(&a, "tabvm-d1")));
    show("FIONREAD dgram", ioctl(d1, FIONREAD, &v) == 0 ? v : -1);
    struct sockaddr_un from; socklen_t fl = sizeof from;
    show("recvfrom truncating", recvfrom(d1, buf, 4, 0, (struct sockaddr *)&from, &fl));
    print_name("from", &from, fl);
    show("recv empty datagram", recv(d1, buf, 4, 0));
    show("sendto nowhere", sendto(d2, "x", 1, 0, (struct sockaddr *)&a, abstract_addr(&a, "tabvm-none")));
    int d3 = socket(AF_UNIX, SOCK_DGRAM, 0);
    connect(d1, (struct sockaddr *)&b, abstract_addr(&b, "tabvm-d2"));
    show("sendto a socket connected elsewhere", sendto(d3, "x", 1, 0, (struct sockaddr *)&a, abstract_addr(&a, "tabvm-d1")));
    struct msghdr mh = {0};
    struct iovec io = {buf, 5};
    memcpy(buf, "trunc", 5);
    mh.msg_iov = &io; mh.msg_iovlen = 1;
    sendmsg(d2, &(struct msghdr){.msg_name = &a, .msg_namelen = abstract_addr(&a, "tabvm-d1"), .msg_iov = &io, .msg_iovlen = 1}, 0);
    io.iov_len = 2;
    show("recvmsg truncated", recvmsg(d1, &mh, 0));
    printf("msg_flags MSG_TRUNC %d\n", !!(mh.msg_flags & MSG_TRUNC));
    show("MSG_TRUNC returns the real length", (sendto(d2, "12345", 5, 0, (struct sockaddr *)&a, abstract_addr(&a, "tabvm-d1")), recv(d1, buf, 1, MSG_TRUNC)));
    show("listen on dgram", listen(d1, 1));
    show("accept on dgram", accept(d1, NULL, NULL));
    close(d2);
    show("send to closed dgram peer", send(d1, "x", 1, 0));
    show("send again", send(d1, "x", 1, 0));
    close(d1); close(d3);

    /* SCM_RIGHTS and SCM_CREDENTIALS over a socketpair. */
    int sv[2];
    show("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int pfd[2];
    pipe(pfd);
    write(pfd[1], "through the pipe", 16);
    close(pfd[1]);
    char cbuf[CMSG_SPACE(sizeof(int) * 2)];
    memset(cbuf, 0, sizeof cbuf);
    io = (struct iovec){"F", 1};
    mh = (struct msghdr){.msg_iov = &io, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = CMSG_SPACE(sizeof(int) * 2)};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET; cm->cmsg_type = SCM_RIGHTS; cm->cmsg_len = CMSG_LEN(sizeof(int) * 2);
    memcpy(CMSG_DATA(cm), (int[2]){pfd[0], 1}, sizeof(int) * 2);
    show("sendmsg rights", sendmsg(sv[0], &mh, 0));
    close(pfd[0]);
    char rbuf[4];
    io = (struct iovec){rbuf, sizeof rbuf};
    memset(cbuf, 0, sizeof cbuf);
    mh = (struct msghdr){.msg_iov = &io, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
    show("recvmsg rights", recvmsg(sv[1], &mh, MSG_CMSG_CLOEXEC));
    cm = CMSG_FIRSTHDR(&mh);
    printf("controllen %u level %d type %d len %u flags %d\n", (unsigned)mh.msg_controllen, cm->cmsg_level, cm->cmsg_type, (unsigned)cm->cmsg_len, mh.msg_flags);
    int got[2];
    memcpy(got, CMSG_DATA(cm), sizeof got);
    printf("passed fd cloexec %d\n", fcntl(got[0], F_GETFD));
    memset(buf, 0, sizeof buf);
    show("read passed pipe", read(got[0], buf, sizeof buf));
    printf("%s\n", buf);
    close(got[0]); close(got[1]);
    /* Rights that do not fit: MSG_CTRUNC. */
    int pfd2[2];
    pipe(pfd2);
    io = (struct iovec){"G", 1};
    mh = (struct msghdr){.msg_iov = &io, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = CMSG_SPACE(sizeof(int) * 2)};
    cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET; cm->cmsg_type = SCM_RIGHTS; cm->cmsg_len = CMSG_LEN(sizeof(int) * 2);
    memcpy(CMSG_DATA(cm), pfd2, sizeof pfd2);
    sendmsg(sv[0], &mh, 0);
    close(pfd2[0]); close(pfd2[1]);
    char small[CMSG_SPACE(sizeof(int))];
    io = (struct iovec){rbuf, sizeof rbuf};
    mh = (struct msghdr){.msg_iov = &io, .msg_iovlen = 1, .msg_control = small, .msg_controllen = sizeof small};
    show("recvmsg small control", recvmsg(sv[1], &mh, 0));
    printf("controllen %u ctrunc %d\n", (unsigned)mh.msg_controllen, !!(mh.msg_flags & MSG_CTRUNC));
    close(*(int *)CMSG_DATA(CMSG_FIRSTHDR(&mh)));
    /* Bad descriptors in SCM_RIGHTS. */
    mh = (struct msghdr){.msg_iov = &io, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = CMSG_SPACE(sizeof(int))};
    cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET; cm->cmsg_type = SCM_RIGHTS; cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &(int){999}, sizeof(int));
    io = (struct iovec){"H", 1};
    show("sendmsg bad fd", sendmsg(sv[0], &mh, 0));
    /* Credentials. */
    show("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &(int){1}, 4));
    send(sv[0], "C", 1, 0);
    char cc[CMSG_SPACE(sizeof(struct ucred))];
    io = (struct iovec){rbuf, sizeof rbuf};
    mh = (struct msghdr){.msg_iov = &io, .msg_iovlen = 1, .msg_control = cc, .msg_controllen = sizeof cc};
    show("recvmsg creds", recvmsg(sv[1], &mh, 0));
    cm = CMSG_FIRSTHDR(&mh);
    memcpy(&cr, CMSG_DATA(cm), sizeof cr);
    printf("cred type %d len %u pid ok %d uid %d gid %d\n", cm->cmsg_type, (unsigned)cm->cmsg_len, cr.pid == getpid(), cr.uid, cr.gid);
    send(sv[0], "A", 1, 0);
    fl = 200; /* longer than any address: fine */
    show("recvfrom unnamed sender", recvfrom(sv[1], rbuf, 1, 0, (struct sockaddr *)&from, &fl));
    printf("fromlen %u\n", (unsigned)fl);
    fl = 200;
    show("getsockname unnamed", getsockname(sv[0], (struct sockaddr *)&from, &fl));
    printf("namelen %u\n", (unsigned)fl);
    close(sv[0]); close(sv[1]);

    /* A blocking accept woken by a child's connect; SEQPACKET boundaries. */
    l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    bind(l, (struct sockaddr *)&a, path_addr(&a, path));
    listen(l, 1);
    pid_t pid = fork();
    if (pid == 0) {
        c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
        connect(c, (struct sockaddr *)&a, path_addr(&a, path));
        send(c, "one", 3, 0);
        send(c, "two!", 4, 0);
        _exit(0);
    }
    s = accept(l, NULL, NULL);
    show("seqpacket recv", recv(s, buf, sizeof buf, 0));
    show("seqpacket recv", recv(s, buf, sizeof buf, 0));
    show("seqpacket eof", recv(s, buf, sizeof buf, 0));
    waitpid(pid, NULL, 0);
    close(s); close(l);

    /* Permissions: connecting needs write permission on the socket. */
    l = socket(AF_UNIX, SOCK_STREAM, 0);
    umask(022);
    unlink(path);
    show("bind again", bind(l, (struct sockaddr *)&a, path_addr(&a, path)));
    show("listen again", listen(l, 4));
    chmod(dir, 0755);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        if (setgid(65534) || setuid(65534)) _exit(9);
        c = socket(AF_UNIX, SOCK_STREAM, 0);
        show("connect without write permission", connect(c, (struct sockaddr *)&a, path_addr(&a, path)));
        int u = socket(AF_UNIX, SOCK_STREAM, 0);
        show("bind in a directory without write permission", bind(u, (struct sockaddr *)&b, path_addr(&b, "/tmp/tabvm-sockets-edge/u")));
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    chmod(path, 0777);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        if (setgid(65534) || setuid(65534)) _exit(9);
        c = socket(AF_UNIX, SOCK_STREAM, 0);
        show("connect with write permission", connect(c, (struct sockaddr *)&a, path_addr(&a, path)));
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    close(l);
    unlink(path);

    /* The socketcall(2) multiplexer (linux/net.h call numbers). */
    unsigned long pargs[4] = {AF_UNIX, SOCK_STREAM, 0, (unsigned long)sv};
    show("socketcall SYS_SOCKETPAIR", syscall(SYS_socketcall, 8, pargs));
    unsigned long sargs[4] = {sv[0], (unsigned long)"sc", 2, 0};
    show("socketcall SYS_SEND", syscall(SYS_socketcall, 9, sargs));
    unsigned long rargs[4] = {sv[1], (unsigned long)buf, sizeof buf, 0};
    show("socketcall SYS_RECV", syscall(SYS_socketcall, 10, rargs));
    show("socketcall bad call", syscall(SYS_socketcall, 99, rargs));
    show("socketcall bad pointer", syscall(SYS_socketcall, 10, (void *)8));
    close(sv[0]); close(sv[1]);

    /* Receive timeouts. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct timeval tv = {0, 200000};
    show("SO_RCVTIMEO", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    show("SO_RCVTIMEO bad usec", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){0, 2000000}, sizeof tv));
    tv = (struct timeval){0};
    socklen_t tvl = sizeof tv;
    getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, &tvl);
    printf("timeout %ld.%06ld len %u\n", (long)tv.tv_sec, (long)tv.tv_usec, (unsigned)tvl);
    show("recv times out", recv(sv[0], buf, 1, 0));
    send(sv[1], "t", 1, 0);
    show("recv in time", recv(sv[0], buf, 1, 0));
    close(sv[0]); close(sv[1]);

    /* A big blocking write is written whole (the reader drains it). */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid_t pid2 = fork();
    if (pid2 == 0) {
        static char big[150000];
        memset(big, 'b', sizeof big);
        close(sv[1]);
        long w = write(sv[0], big, sizeof big);
        _exit(w == (long)sizeof big ? 0 : 1);
    }
    close(sv[0]);
    long total = 0, r;
    static char sink[4096];
    while ((r = read(sv[1], sink, sizeof sink)) > 0)
        total += r;
    int status;
    waitpid(pid2, &status, 0);
    printf("big write: read %ld, writer status %d\n", total, WEXITSTATUS(status));
    close(sv[1]);
    unlink(path);
    rmdir(dir);
    return 0;
}
