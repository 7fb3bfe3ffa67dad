/* Edge-triggered epoll on a pipe: an entry reports once per wake-up of its
   side (every write wakes readers; a read that frees a page of a full pipe
   wakes writers; closing an end wakes both), not while the data stays.
   Then the reading side of a stream socket pair. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static int ep, p[2], s[2];

static void wait_and_show(const char *what) {
    struct epoll_event ev[4];
    int n = epoll_wait(ep, ev, 4, 0);
    printf("%-28s %d:", what, n);
    for (int i = 0; i < n; i++)
        printf(" %s %#x",
               ev[i].data.fd == p[0]   ? "read-end"
               : ev[i].data.fd == s[0] ? "socket"
                                       : "write-end",
               ev[i].events);
    printf("\n");
}

int main(void) {
    char buf[65536];
    pipe2(p, O_NONBLOCK);
    ep = epoll_create1(0);
    struct epoll_event in = {.events = EPOLLIN | EPOLLET, .data.fd = p[0]};
    struct epoll_event out = {.events = EPOLLOUT | EPOLLET, .data.fd = p[1]};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &in);
    epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &out);
    wait_and_show("added");
    wait_and_show("again");
    write(p[1], "a", 1);
    wait_and_show("one byte written");
    wait_and_show("data still there");
    write(p[1], "b", 1);
    wait_and_show("another byte");
    read(p[0], buf, 1);
    wait_and_show("one byte read");
    int total = 0, n;
    memset(buf, 'x', sizeof buf);
    while ((n = write(p[1], buf, 1000)) > 0) total += n;
    printf("filled with %d more (%s)\n", total, strerror(errno));
    wait_and_show("filled");
    wait_and_show("full, nothing new");
    read(p[0], buf, 100);
    wait_and_show("100 bytes read");
    read(p[0], buf, 8000);
    wait_and_show("a page freed");
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &in);
    wait_and_show("read end modified");
    close(p[1]);
    wait_and_show("write end closed");
    wait_and_show("after the close");

    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], 0);
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, s);
    struct epoll_event sock = {.events = EPOLLIN | EPOLLET, .data.fd = s[0]};
    epoll_ctl(ep, EPOLL_CTL_ADD, s[0], &sock);
    wait_and_show("socket added");
    send(s[1], "a", 1, 0);
    wait_and_show("socket sent to");
    wait_and_show("socket data still there");
    send(s[1], "b", 1, 0);
    wait_and_show("socket sent to again");
    recv(s[0], buf, 1, 0);
    wait_and_show("socket one byte read");
    recv(s[0], buf, 1, 0);
    shutdown(s[1], SHUT_WR);
    wait_and_show("socket peer shut down");
    return 0;
}
