/* Pseudo-terminal details compared with Linux (n_tty.c, pty.c; termios(3),
 * tty_ioctl(4)): non-canonical reads under the four VMIN/VTIME cases with
 * and without O_NONBLOCK, TIOCPKT packet mode on the master (the status
 * byte for flushes, ^S/^Q and IXON changes; poll's POLLPRI), termios and
 * window size through the master (SIGWINCH to the slave's foreground group,
 * its TIOCGPGRP and TIOCGSID), and a background writer under TOSTOP
 * whose SIGTTOU handler runs with and without SA_RESTART (and a reader
 * with a SIGTTIN handler), ignored, blocked and orphaned. Timed waits are
 * compared only as "waited at least". Output must not depend on pty numbers. */
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
#include <time.h>
#include <unistd.h>

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
    fflush(stdout);
}

static void rd(const char *what, int fd, size_t len) {
    char buf[256];
    ssize_t n = read(fd, buf, len < sizeof buf ? len : sizeof buf);
    show_bytes(what, n, buf);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* A timed read: the bytes, and whether it waited at least `min` seconds. */
static void timed(const char *what, int fd, double min) {
    double t0 = now();
    char buf[64];
    ssize_t n = read(fd, buf, sizeof buf);
    double dt = now() - t0;
    show_bytes(what, n, buf);
    printf("  waited >= %.2fs: %d, < 2s: %d\n", min, dt >= min, dt < 2.0);
    fflush(stdout);
}

static void set_raw(int s, int vmin, int vtime) {
    struct termios t;
    tcgetattr(s, &t);
    t.c_lflag &= ~(ICANON | ECHO);
    t.c_cc[VMIN] = vmin;
    t.c_cc[VTIME] = vtime;
    tcsetattr(s, TCSANOW, &t);
}

static void nonblock(int fd, int on) {
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

static void pollm(const char *what, int m) {
    struct pollfd p = {.fd = m, .events = POLLIN | POLLPRI | POLLOUT};
    int r = poll(&p, 1, 0);
    printf("%s: %d in=%d pri=%d out=%d hup=%d\n", what, r, !!(p.revents & POLLIN),
           !!(p.revents & POLLPRI), !!(p.revents & POLLOUT), !!(p.revents & POLLHUP));
    fflush(stdout);
}

static void vmin_vtime(int m, int s) {
    puts("== VMIN/VTIME");
    set_raw(s, 5, 0);
    write(m, "ab", 2);
    usleep(20000);
    nonblock(s, 1);
    rd("vmin5 nonblock with 2", s, 64);
    rd("vmin5 nonblock empty", s, 64);
    set_raw(s, 0, 0);
    rd("vmin0 vtime0 nonblock empty", s, 64);
    set_raw(s, 0, 3);
    rd("vmin0 vtime3 nonblock empty", s, 64);
    set_raw(s, 2, 3);
    rd("vmin2 vtime3 nonblock empty", s, 64);
    write(m, "c", 1);
    usleep(20000);
    rd("vmin2 vtime3 nonblock with 1", s, 64);
    nonblock(s, 0);

    set_raw(s, 0, 3);
    timed("vmin0 vtime3 empty", s, 0.25);
    write(m, "d", 1);
    usleep(20000);
    timed("vmin0 vtime3 with 1", s, 0.0);
    set_raw(s, 5, 3);
    write(m, "xy", 2);
    usleep(20000);
    timed("vmin5 vtime3 with 2", s, 0.25);
    set_raw(s, 2, 0);
    write(m, "pqr", 3);
    usleep(20000);
    timed("vmin2 vtime0 with 3", s, 0.0);
    set_raw(s, 2, 0);
    write(m, "z", 1);
    usleep(20000);
    int avail = -1;
    ioctl(s, FIONREAD, &avail);
    printf("FIONREAD slave: %d\n", avail);
    rd("vmin2 read(1) with 1", s, 1);
    set_raw(s, 1, 0);
}

static void packet(int m, int s) {
    puts("== TIOCPKT");
    int on = 1, got = -1;
    printf("TIOCPKT on: %d\n", ioctl(m, TIOCPKT, &on));
    ioctl(m, TIOCGPKT, &got);
    printf("TIOCGPKT: %d\n", got);
    nonblock(m, 1);
    pollm("poll idle", m);
    rd("read idle", m, 64);
    write(s, "hi", 2);
    usleep(20000);
    pollm("poll data", m);
    rd("read data", m, 64);
    write(s, "k", 1);
    rd("read(1) data", m, 1);
    rd("read rest", m, 64);

    tcflush(s, TCIFLUSH);
    pollm("poll after TCIFLUSH", m);
    rd("read after TCIFLUSH", m, 64);
    rd("read again", m, 64);
    tcflush(s, TCOFLUSH);
    pollm("poll after TCOFLUSH", m);
    rd("read after TCOFLUSH", m, 64);
    tcflush(s, TCIOFLUSH);
    rd("read after TCIOFLUSH", m, 64);
    write(s, "q", 1);
    tcflush(s, TCIFLUSH);
    rd("status before data", m, 64);
    rd("then data", m, 64);

    struct termios t;
    tcgetattr(s, &t);
    t.c_iflag |= IXON;
    tcsetattr(s, TCSANOW, &t);
    rd("IXON on", m, 64);
    tcsetattr(s, TCSANOW, &t);
    rd("IXON unchanged", m, 64);
    write(m, "\x13", 1);
    usleep(20000);
    pollm("poll after ^S", m);
    rd("after ^S", m, 64);
    nonblock(s, 1);
    ssize_t w = write(s, "w", 1);
    printf("write while stopped: %zd %s\n", w, w < 0 ? strerrorname_np(errno) : "ok");
    nonblock(s, 0);
    rd("nothing while stopped", m, 64);
    write(m, "\x11", 1);
    usleep(20000);
    rd("after ^Q", m, 64);
    rd("then", m, 64);
    write(m, "\x13", 1);
    usleep(20000);
    write(m, "\x11", 1);
    usleep(20000);
    rd("^S^Q", m, 64);
    tcflow(s, TCOOFF);
    rd("TCOOFF", m, 64);
    tcflow(s, TCOON);
    rd("TCOON", m, 64);
    t.c_cc[VSTOP] = 'S';
    tcsetattr(s, TCSANOW, &t);
    rd("VSTOP changed", m, 64);
    t.c_cc[VSTOP] = 0x13;
    tcsetattr(s, TCSANOW, &t);
    rd("VSTOP back", m, 64);
    t.c_iflag &= ~IXON;
    tcsetattr(s, TCSAFLUSH, &t);
    rd("IXON off, TCSAFLUSH", m, 64);
    write(m, "\x03", 1);
    usleep(20000);
    pollm("poll after ^C", m);
    rd("after ^C", m, 64);
    on = 0;
    ioctl(m, TIOCPKT, &on);
    write(s, "x", 1);
    rd("packet off", m, 64);
    write(s, "ab", 2);
    tcflush(m, TCIFLUSH);
    rd("master TCIFLUSH", m, 64);
    write(s, "cd", 2);
    tcflush(m, TCOFLUSH);
    rd("master TCOFLUSH", m, 64);
    nonblock(m, 0);
}

static void master_side(int m, int s) {
    puts("== master termios");
    struct termios t, tm;
    tcgetattr(s, &t);
    t.c_lflag |= ICANON | ECHO;
    tcsetattr(s, TCSANOW, &t);
    tcgetattr(m, &tm);
    printf("master sees ICANON %d ECHO %d\n", !!(tm.c_lflag & ICANON), !!(tm.c_lflag & ECHO));
    tm.c_lflag &= ~ECHO;
    printf("tcsetattr master: %d\n", tcsetattr(m, TCSANOW, &tm));
    tcgetattr(s, &t);
    printf("slave sees ECHO %d\n", !!(t.c_lflag & ECHO));
    struct winsize ws = {.ws_row = 33, .ws_col = 99}, w2 = {0};
    printf("TIOCSWINSZ master: %d\n", ioctl(m, TIOCSWINSZ, &ws));
    ioctl(s, TIOCGWINSZ, &w2);
    printf("slave winsize %dx%d\n", w2.ws_row, w2.ws_col);
    int n = -1;
    printf("TIOCGPTN: %d\n", ioctl(m, TIOCGPTN, &n));
    int r = ioctl(s, TIOCGPTN, &n);
    printf("TIOCGPTN slave: %d %s\n", r, strerrorname_np(errno));
    t.c_lflag |= ECHO;
    tcsetattr(s, TCSANOW, &t);
}

static volatile sig_atomic_t ttou;
static void on_ttou(int sig) {
    /* Restarted calls stop again: the third run lets the call proceed. */
    if (++ttou == 3)
        signal(sig, SIG_IGN);
}

/* A session on the slave; a background child writes under TOSTOP. */
static void ttou_case(int m, int restart) {
    pid_t leader = fork();
    if (leader == 0) {
        setsid();
        char *name = ptsname(m);
        int s = open(name, O_RDWR);
        struct termios t;
        tcgetattr(s, &t);
        t.c_lflag |= TOSTOP;
        tcsetattr(s, TCSANOW, &t);
        pid_t bg = fork();
        if (bg == 0) {
            setpgid(0, 0);
            struct sigaction sa = {.sa_handler = on_ttou, .sa_flags = restart ? SA_RESTART : 0};
            sigaction(SIGTTOU, &sa, NULL);
            ssize_t r = write(s, "bg\n", 3);
            printf("bg write (%s): %zd %s, handler ran %d\n", restart ? "SA_RESTART" : "no restart",
                   r, r < 0 ? strerrorname_np(errno) : "ok", (int)ttou);
            ttou = 0;
            sigaction(SIGTTOU, &sa, NULL);
            struct termios t2;
            tcgetattr(s, &t2);
            r = tcsetattr(s, TCSANOW, &t2);
            printf("bg tcsetattr: %zd %s, handler ran %d\n", r, r < 0 ? strerrorname_np(errno) : "ok",
                   (int)ttou);
            signal(SIGTTOU, SIG_IGN);
            t2.c_lflag |= TOSTOP;
            r = tcsetattr(s, TCSANOW, &t2);
            printf("bg tcsetattr ignored: %zd\n", r);
            r = write(s, "ig\n", 3);
            printf("bg write ignored: %zd\n", r);
            ttou = 0;
            sigaction(SIGTTIN, &sa, NULL);
            sa.sa_handler = SIG_DFL;
            char buf[8];
            r = read(s, buf, sizeof buf);
            printf("bg read: %zd %s, handler ran %d\n", r, r < 0 ? strerrorname_np(errno) : "ok",
                   (int)ttou);
            signal(SIGTTOU, SIG_DFL);
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, SIGTTOU);
            sigprocmask(SIG_BLOCK, &set, NULL);
            r = write(s, "bl\n", 3);
            printf("bg write blocked: %zd\n", r);
            fflush(stdout);
            _exit(0);
        }
        int st;
        waitpid(bg, &st, 0);
        printf("bg exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        fflush(stdout);
        _exit(0);
    }
    int st;
    waitpid(leader, &st, 0);
    char buf[256];
    usleep(20000);
    int avail = 0;
    ioctl(m, FIONREAD, &avail);
    ssize_t n = avail > 0 ? read(m, buf, sizeof buf) : 0;
    show_bytes("master got", n, buf);
}

/* An orphaned background group writing under TOSTOP: EIO. */
static void orphan_case(int m) {
    int go[2], done[2];
    pipe(go);
    pipe(done);
    pid_t leader = fork();
    if (leader == 0) {
        setsid();
        int s = open(ptsname(m), O_RDWR);
        struct termios t;
        tcgetattr(s, &t);
        t.c_lflag |= TOSTOP;
        tcsetattr(s, TCSANOW, &t);
        pid_t mid = fork();
        if (mid == 0) {
            setpgid(0, 0);
            pid_t gc = fork();
            if (gc == 0) {
                char c;
                read(go[0], &c, 1);
                /* Our group's only link outside was `mid`: orphaned now. */
                ssize_t r = write(s, "or\n", 3);
                printf("orphan write: %zd %s\n", r, r < 0 ? strerrorname_np(errno) : "ok");
                struct termios t2;
                tcgetattr(s, &t2);
                r = tcsetattr(s, TCSANOW, &t2);
                printf("orphan tcsetattr: %zd %s\n", r, r < 0 ? strerrorname_np(errno) : "ok");
                fflush(stdout);
                write(done[1], "x", 1);
                _exit(0);
            }
            _exit(0);
        }
        int st;
        waitpid(mid, &st, 0);
        write(go[1], "x", 1);
        char c;
        read(done[0], &c, 1);
        _exit(0);
    }
    int st;
    waitpid(leader, &st, 0);
    usleep(20000);
    char buf[256];
    int avail = 0;
    ioctl(m, FIONREAD, &avail);
    ssize_t n = avail > 0 ? read(m, buf, sizeof buf) : 0;
    show_bytes("master got", n, buf);
}

static volatile sig_atomic_t winch;
static void on_winch(int sig) { (void)sig; winch++; }

/* TIOCSWINSZ on the master signals the slave's foreground group; the
 * master's TIOCGPGRP and TIOCGSID show the slave's. */
static void winch_case(int m) {
    puts("== master TIOCSWINSZ");
    int ready[2], go[2];
    pipe(ready);
    pipe(go);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGWINCH, on_winch);
        setsid();
        int s = open(ptsname(m), O_RDWR);
        (void)s;
        write(ready[1], "r", 1);
        char c;
        read(go[0], &c, 1);
        printf("child SIGWINCH: %d\n", (int)winch);
        _exit(0);
    }
    char c;
    read(ready[0], &c, 1);
    int v = -1;
    ioctl(m, TIOCGPGRP, &v);
    printf("master TIOCGPGRP is the child: %d\n", v == pid);
    v = -1;
    ioctl(m, TIOCGSID, &v);
    printf("master TIOCGSID is the child: %d\n", v == pid);
    struct winsize ws = {.ws_row = 40, .ws_col = 120};
    ioctl(m, TIOCSWINSZ, &ws);
    ioctl(m, TIOCSWINSZ, &ws); /* same size: no signal */
    write(go[1], "g", 1);
    int st;
    waitpid(pid, &st, 0);
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
    vmin_vtime(m, s);
    packet(m, s);
    master_side(m, s);
    winch_case(m);
    puts("== SIGTTOU");
    ttou_case(m, 1);
    ttou_case(m, 0);
    orphan_case(m);
    puts("done");
    return 0;
}
