/* Runs a pipe script (tests/pipe_script.txt on stdin) against a real Linux
 * pipe and prints each result, for tests/pipe_native.rs to compare with
 * tabvm-kernel's pipe module. Commands:
 *   w N      nonblocking write of N bytes (a running byte counter)
 *   r N      nonblocking read of up to N bytes: count and byte sum
 *   nread    FIONREAD          getsz / setsz N   F_GETPIPE_SZ / F_SETPIPE_SZ
 *   poll     revents of the read end and of the write end
 *   closer / closew   close one end      new   a fresh pipe
 * Each prints "> command" then "= result" (negative: -errno). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static unsigned char buf[1 << 20];

int main(void) {
    int fds[2];
    signal(SIGPIPE, SIG_IGN);
    if (pipe2(fds, O_NONBLOCK)) { perror("pipe2"); return 1; }
    unsigned counter = 0;
    char line[256];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        printf("> %s\n", line);
        long n = 0;
        char cmd[32] = "";
        sscanf(line, "%31s %ld", cmd, &n);
        if (!strcmp(cmd, "w")) {
            for (long i = 0; i < n; i++) buf[i] = (unsigned char)(counter + i);
            ssize_t r = write(fds[1], buf, n);
            if (r > 0) counter += r;
            printf("= %ld\n", r < 0 ? -(long)errno : (long)r);
        } else if (!strcmp(cmd, "r")) {
            ssize_t r = read(fds[0], buf, n);
            unsigned sum = 0;
            for (ssize_t i = 0; i < r; i++) sum = (sum * 31 + buf[i]) & 0xffff;
            if (r < 0) printf("= %ld\n", -(long)errno);
            else printf("= %ld sum %u\n", (long)r, sum);
        } else if (!strcmp(cmd, "nread")) {
            int v = -1;
            int r = ioctl(fds[0], FIONREAD, &v);
            printf("= %d\n", r < 0 ? -errno : v);
        } else if (!strcmp(cmd, "getsz")) {
            int r = fcntl(fds[1], F_GETPIPE_SZ);
            printf("= %d\n", r < 0 ? -errno : r);
        } else if (!strcmp(cmd, "setsz")) {
            int r = fcntl(fds[1], F_SETPIPE_SZ, (int)n);
            printf("= %d\n", r < 0 ? -errno : r);
        } else if (!strcmp(cmd, "poll")) {
            struct pollfd p[2] = {{fds[0], POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM, 0},
                                  {fds[1], POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM, 0}};
            poll(p, 2, 0);
            printf("= %x %x\n", p[0].revents, p[1].revents);
        } else if (!strcmp(cmd, "closer")) {
            close(fds[0]);
            fds[0] = -1;
            printf("= 0\n");
        } else if (!strcmp(cmd, "closew")) {
            close(fds[1]);
            fds[1] = -1;
            printf("= 0\n");
        } else if (!strcmp(cmd, "new")) {
            if (fds[0] >= 0) close(fds[0]);
            if (fds[1] >= 0) close(fds[1]);
            if (pipe2(fds, O_NONBLOCK)) { perror("pipe2"); return 1; }
            counter = 0;
            printf("= 0\n");
        } else { printf("unknown %s\n", cmd); return 1; }
    }
    return 0;
}
