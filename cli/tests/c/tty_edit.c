/* Pseudo-terminal odds and ends compared with Linux (n_tty.c, pty.c,
 * tty_io.c; termios(3), tty_ioctl(4), pty(7)): line editing (^V, VEOL and
 * VEOL2, VWERASE and VREPRINT under IEXTEN, IUTF8 erase, ECHOCTL, ECHOK and
 * ECHOKE), TIOCSTI, master-side ioctls (TIOCGPGRP, TIOCGSID, TIOCGPTN,
 * TIOCSPTLCK, TIOCGPTPEER), FIONREAD on both sides, tcdrain, tcsendbreak,
 * and hang-ups in both directions. Output must not depend on pty numbers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

static void show_bytes(const char *what, ssize_t n, const char *buf) {
    if (n < 0) {
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    } else {
        printf("%s: %zd [", what, n);
        for (ssize_t i = 0; i < n; i++) {
            unsigned char c = buf[i];
            if (c >= 32 && c < 127) putchar(c);
            else printf("\\x%02x", c);
        }
        printf("]\n");
    }
}

static void rd(const char *what, int fd) {
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf);
    show_bytes(what, n, buf);
}

static void show(const char *what, int r) {
    if (r < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else printf("%s: %d\n", what, r);
}

/* Types `in` at the master, then shows the echo and the slave's lines. */
static void type(int m, int s, const char *what, const char *in, size_t len) {
    write(m, in, len);
    usleep(20000);
    char buf[256];
    printf("%s\n", what);
    ssize_t n = read(m, buf, sizeof buf);
    show_bytes("  echo", n, buf);
    for (int i = 0; i < 4; i++) {
        n = read(s, buf, sizeof buf);
        if (n < 0 && errno == EAGAIN) break;
        show_bytes("  line", n, buf);
    }
}

static struct termios base;

static void mode(int s, void (*f)(struct termios *)) {
    struct termios t = base;
    if (f) f(&t);
    tcsetattr(s, TCSAFLUSH, &t);
}

static void eol(struct termios *t) { t->c_cc[VEOL] = '@'; t->c_cc[VEOL2] = '#'; }
static void noiexten(struct termios *t) { t->c_lflag &= ~IEXTEN; }
static void utf8(struct termios *t) { t->c_iflag |= IUTF8; }
static void noechoctl(struct termios *t) { t->c_lflag &= ~ECHOCTL; }
static void nokill(struct termios *t) { t->c_lflag &= ~(ECHOKE); }
static void nokill2(struct termios *t) { t->c_lflag &= ~(ECHOKE | ECHOK); }
static void noecho(struct termios *t) { t->c_lflag &= ~ECHO; }
static void echoprt(struct termios *t) { t->c_lflag |= ECHOPRT; t->c_lflag &= ~ECHOE; }

static void editing(int m, int s) {
    puts("== editing");
    fcntl(m, F_SETFL, O_NONBLOCK);
    fcntl(s, F_SETFL, O_NONBLOCK);
    tcgetattr(s, &base);
    mode(s, NULL);
    type(m, s, "lnext", "a\x16\x03" "b\x16\x7f" "c\n", 8);
    type(m, s, "lnext eof", "\x16\x04x\n", 4);
    type(m, s, "werase", "one two  three\x17\x17" "X\n", 18);
    type(m, s, "reprint", "abc\x12" "d\n", 6);
    mode(s, noiexten);
    type(m, s, "no iexten", "ab\x17\x12\x16z\n", 7);
    mode(s, eol);
    type(m, s, "veol", "ab@cd#ef\n", 9);
    mode(s, NULL);
    type(m, s, "utf8 off", "x\xc3\xa9\x7fy\n", 6);
    mode(s, utf8);
    type(m, s, "utf8 on", "x\xc3\xa9\x7fy\n", 6);
    type(m, s, "utf8 3-byte", "\xe2\x82\xac\x7f!\n", 6);
    mode(s, NULL);
    type(m, s, "echoctl", "\x01\x1b[\t\n", 5);
    mode(s, noechoctl);
    type(m, s, "no echoctl", "\x01q\n", 3);
    mode(s, NULL);
    type(m, s, "kill echoke", "abc\x15" "d\n", 6);
    mode(s, nokill);
    type(m, s, "kill echok", "abc\x15" "d\n", 6);
    mode(s, nokill2);
    type(m, s, "kill plain", "abc\x15" "d\n", 6);
    mode(s, echoprt);
    type(m, s, "echoprt", "abc\x7f\x7f" "d\n", 7);
    mode(s, noecho);
    type(m, s, "noecho", "ab\x7f" "c\n", 5);
    mode(s, NULL);
    char c = 'Q';
    show("TIOCSTI master", ioctl(m, TIOCSTI, &c));
    c = '\n';
    ioctl(m, TIOCSTI, &c);
    type(m, s, "after TIOCSTI", "", 0);
    int n = -1;
    write(m, "abc", 3);
    usleep(20000);
    ioctl(s, FIONREAD, &n);
    printf("FIONREAD slave, canonical partial: %d\n", n);
    write(m, "\n", 1);
    usleep(20000);
    ioctl(s, FIONREAD, &n);
    printf("FIONREAD slave, line: %d\n", n);
    ioctl(m, FIONREAD, &n);
    printf("FIONREAD master: %d\n", n);
    tcflush(s, TCIOFLUSH);
    tcflush(m, TCIFLUSH);
    usleep(20000);
    ioctl(m, FIONREAD, &n);
    printf("FIONREAD master after flush: %d\n", n);
    show("tcdrain slave", tcdrain(s));
    show("tcdrain master", tcdrain(m));
    show("tcsendbreak", tcsendbreak(s, 0));
    fcntl(m, F_SETFL, 0);
    fcntl(s, F_SETFL, 0);
}

static void ioctls(int m, int s) {
    puts("== ioctls");
    int v = -1;
    show("TIOCGPGRP master (no ctty)", ioctl(m, TIOCGPGRP, &v));
    printf("  pgrp 0: %d\n", v == 0);
    show("TIOCGPGRP slave (no ctty)", ioctl(s, TIOCGPGRP, &v));
    show("TIOCGSID master (no session)", ioctl(m, TIOCGSID, &v));
    show("TIOCGSID slave (no session)", ioctl(s, TIOCGSID, &v));
    show("TIOCGPTN slave", ioctl(s, TIOCGPTN, &v));
    show("TIOCSPTLCK slave", ioctl(s, TIOCSPTLCK, &v));
    show("TIOCGPKT slave", ioctl(s, TIOCGPKT, &v));
    int peer = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    printf("TIOCGPTPEER: %s\n", peer >= 0 ? "fd" : strerrorname_np(errno));
    if (peer >= 0) {
        write(peer, "via peer\n", 9);
        usleep(20000);
        rd("  master reads", m);
        close(peer);
    }
    show("TIOCGPTPEER slave", ioctl(s, TIOCGPTPEER, O_RDWR));
    int lock = 1;
    show("TIOCSPTLCK 1", ioctl(m, TIOCSPTLCK, &lock));
    int again = open(ptsname(m), O_RDWR | O_NOCTTY);
    printf("open locked slave: %s\n", again >= 0 ? "fd" : strerrorname_np(errno));
    peer = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    printf("TIOCGPTPEER locked: %s\n", peer >= 0 ? "fd" : strerrorname_np(errno));
    if (peer >= 0) close(peer);
    lock = 0;
    ioctl(m, TIOCSPTLCK, &lock);
    ioctl(m, TIOCGPTLCK, &lock);
    printf("TIOCGPTLCK: %d\n", lock);
    struct pollfd p = {.fd = m, .events = POLLIN | POLLOUT};
    poll(&p, 1, 0);
    printf("master poll: in=%d out=%d hup=%d\n", !!(p.revents & POLLIN), !!(p.revents & POLLOUT),
           !!(p.revents & POLLHUP));
}

static void hangups(void) {
    puts("== hang-ups");
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    unlockpt(m);
    int s = open(ptsname(m), O_RDWR | O_NOCTTY);
    write(s, "left\n", 5);
    close(s);
    usleep(20000);
    struct pollfd p = {.fd = m, .events = POLLIN | POLLOUT};
    poll(&p, 1, 0);
    printf("master poll, slave closed: in=%d out=%d hup=%d\n", !!(p.revents & POLLIN),
           !!(p.revents & POLLOUT), !!(p.revents & POLLHUP));
    rd("master read, slave closed", m);
    rd("master read again", m);
    show("master write, slave closed", write(m, "x\n", 2));
    int s2 = open(ptsname(m), O_RDWR | O_NOCTTY);
    printf("reopen slave: %s\n", s2 >= 0 ? "fd" : strerrorname_np(errno));
    usleep(20000);
    if (s2 >= 0) {
        fcntl(s2, F_SETFL, O_NONBLOCK);
        rd("slave reads what was written meanwhile", s2);
        close(s2);
    }
    close(m);

    m = posix_openpt(O_RDWR | O_NOCTTY);
    unlockpt(m);
    s = open(ptsname(m), O_RDWR | O_NOCTTY);
    write(m, "typed\n", 6);
    usleep(20000);
    char name[64];
    snprintf(name, sizeof name, "%s", ptsname(m));
    close(m);
    p.fd = s;
    poll(&p, 1, 0);
    printf("slave poll, master closed: in=%d out=%d hup=%d err=%d\n", !!(p.revents & POLLIN),
           !!(p.revents & POLLOUT), !!(p.revents & POLLHUP), !!(p.revents & POLLERR));
    rd("slave read, master closed", s);
    rd("slave read again", s);
    show("slave write, master closed", write(s, "x", 1));
    struct termios t;
    show("tcgetattr, master closed", tcgetattr(s, &t));
    show("TIOCSPGRP, master closed", ioctl(s, TIOCSPGRP, &(int){1}));
    /* The master's close removed the slave's node (devpts_pty_kill). */
    int again = open(name, O_RDWR | O_NOCTTY);
    printf("open slave, master closed: %s\n", again >= 0 ? "fd" : strerrorname_np(errno));
    close(s);
}

static volatile sig_atomic_t cont;
static void on_cont(int sig) { (void)sig; cont++; }

/* vhangup(2) by a session leader on its controlling terminal: its open
 * files of the terminal are hung up; a new open works. */
static void vhangup_case(void) {
    puts("== vhangup");
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    unlockpt(m);
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        int s = open(ptsname(m), O_RDWR);
        signal(SIGHUP, SIG_IGN);
        signal(SIGCONT, on_cont);
        write(s, "before\n", 7);
        usleep(20000);
        struct termios t;
        tcgetattr(s, &t);
        t.c_lflag &= ~ECHO;
        tcsetattr(s, TCSANOW, &t);
        show("vhangup", vhangup());
        printf("SIGCONT: %d\n", (int)cont);
        show("write after", write(s, "x", 1));
        char buf[8];
        show("read after", read(s, buf, sizeof buf));
        show("tcgetattr after", tcgetattr(s, &t));
        int v;
        show("TIOCGPGRP on the master", ioctl(m, TIOCGPGRP, &v));
        printf("  pgrp 0: %d\n", v == 0);
        show("TIOCGSID on the master", ioctl(m, TIOCGSID, &v));
        int s2 = open(ptsname(m), O_RDWR | O_NOCTTY);
        printf("reopen: %s\n", s2 >= 0 ? "fd" : strerrorname_np(errno));
        show("write reopened", write(s2, "after\n", 6));
        tcgetattr(s2, &t);
        printf("termios reset: ECHO %d\n", !!(t.c_lflag & ECHO));
        show("ctty gone: open /dev/tty", open("/dev/tty", O_RDWR));
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    usleep(20000);
    fcntl(m, F_SETFL, O_NONBLOCK);
    rd("master got", m);
    close(m);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    grantpt(m);
    unlockpt(m);
    int s = open(ptsname(m), O_RDWR | O_NOCTTY);
    if (m < 0 || s < 0) {
        perror("pty");
        return 1;
    }
    editing(m, s);
    ioctls(m, s);
    close(s);
    close(m);
    hangups();
    vhangup_case();
    puts("done");
    return 0;
}
