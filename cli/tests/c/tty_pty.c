/* Pseudo-terminals compared with Linux: posix_openpt/grantpt/unlockpt/
 * ptsname, the locked slave, termios defaults and round trips (termios,
 * termios2, termio), canonical and raw input through the line discipline,
 * echo, FIONREAD/TIOCOUTQ, window sizes, a child session that acquires the
 * slave as its controlling terminal (tcgetpgrp, tcgetsid, /dev/tty,
 * ttyname, SIGWINCH, ^C as SIGINT), tcsetpgrp rules (ENOTTY, EPERM),
 * a background writer under TOSTOP (SIGTTOU), a background reader with
 * SIGTTIN ignored (EIO), and hang-ups. Output must not depend on pty numbers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* The kernel's struct termios2 and struct termio (asm-generic/termbits.h,
 * asm-generic/termios.h): glibc's headers clash with <asm/termbits.h>. */
struct ktermios2 {
    unsigned c_iflag, c_oflag, c_cflag, c_lflag;
    unsigned char c_line, c_cc[19];
    unsigned c_ispeed, c_ospeed;
};
struct ktermio {
    unsigned short c_iflag, c_oflag, c_cflag, c_lflag;
    unsigned char c_line, c_cc[8];
};
#define KTCGETS2 _IOR('T', 0x2A, struct ktermios2)
#define KTCSETS2 _IOW('T', 0x2B, struct ktermios2)

static void show(const char *what, long r) {
    if (r < 0)
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s: %ld\n", what, r);
    fflush(stdout);
}

/* Reads what is there now from a master (after a short settle). */
static void drain(const char *what, int fd) {
    char buf[256];
    usleep(20000);
    int avail = 0;
    ioctl(fd, FIONREAD, &avail);
    ssize_t n = avail > 0 ? read(fd, buf, sizeof buf) : 0;
    printf("%s: %zd [", what, n);
    for (ssize_t i = 0; i < n; i++) {
        unsigned char c = buf[i];
        if (c >= 32 && c < 127) putchar(c);
        else printf("\\x%02x", c);
    }
    printf("]\n");
    fflush(stdout);
}

static void readslave(const char *what, int fd) {
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf);
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

static volatile sig_atomic_t got[65];
static void on_sig(int s) { got[s]++; }

static int open_pair(int *slave) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) || unlockpt(m)) return -1;
    *slave = open(ptsname(m), O_RDWR | O_NOCTTY);
    return m;
}

static void basics(void) {
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    show("posix_openpt", m >= 0);
    const char *name = ptsname(m);
    show("ptsname is /dev/pts/N", name && strncmp(name, "/dev/pts/", 9) == 0);
    show("open locked slave", open(name, O_RDWR | O_NOCTTY));
    int lock = -1;
    show("TIOCGPTLCK", ioctl(m, TIOCGPTLCK, &lock));
    printf("locked %d\n", lock);
    show("grantpt", grantpt(m));
    show("unlockpt", unlockpt(m));
    int s = open(name, O_RDWR | O_NOCTTY);
    show("open slave", s >= 0);
    show("isatty(master)", isatty(m));
    show("isatty(slave)", isatty(s));
    show("isatty(0 of /dev/null)", isatty(open("/dev/null", O_RDONLY)));
    printf("ENOTTY %s\n", strerrorname_np(errno));
    struct stat st;
    fstat(s, &st);
    show("slave is chr", S_ISCHR(st.st_mode));
    show("slave major 136", major(st.st_rdev) == 136);
    struct stat st2;
    show("stat(ptsname) same rdev", stat(name, &st2) == 0 && st2.st_rdev == st.st_rdev);
    char tn[64] = "";
    show("ttyname_r", ttyname_r(s, tn, sizeof tn));
    show("ttyname == ptsname", strcmp(tn, name) == 0);

    struct termios t;
    tcgetattr(s, &t);
    printf("defaults iflag %#o oflag %#o cflag %#o lflag %#o\n", t.c_iflag, t.c_oflag,
           t.c_cflag, t.c_lflag);
    printf("cc:");
    for (int i = 0; i < 17; i++) printf(" %d", t.c_cc[i]);
    printf("\nspeed %u %u\n", (unsigned)cfgetispeed(&t), (unsigned)cfgetospeed(&t));

    /* Canonical input with echo and editing. */
    write(m, "helo\x7fo\r", 7);
    drain("echo", m);
    int n = 0;
    ioctl(s, FIONREAD, &n);
    printf("slave FIONREAD %d\n", n);
    readslave("canonical line", s);
    write(m, "a b\x17x\x15yz\x04", 10);
    drain("echo2", m);
    readslave("after werase/kill/eof", s);
    write(m, "\x04", 1);
    readslave("eof on empty line", s);

    /* Output processing. */
    write(s, "one\ntwo\t|\n", 10);
    ioctl(s, TIOCOUTQ, &n);
    printf("TIOCOUTQ %d\n", n);
    drain("onlcr", m);

    /* Raw mode round trip. */
    struct termios raw = t;
    cfmakeraw(&raw);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    show("tcsetattr raw", tcsetattr(s, TCSANOW, &raw));
    struct termios back;
    tcgetattr(s, &back);
    printf("raw iflag %#o oflag %#o cflag %#o lflag %#o same %d\n", back.c_iflag,
           back.c_oflag, back.c_cflag, back.c_lflag,
           memcmp(back.c_cc, raw.c_cc, sizeof raw.c_cc) == 0);
    write(m, "x\r\x03", 3);
    drain("raw echo", m);
    readslave("raw read", s);
    write(s, "a\nb", 3);
    drain("raw output", m);

    /* VMIN 0 VTIME 2: times out with nothing. */
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 2;
    tcsetattr(s, TCSANOW, &raw);
    readslave("vtime timeout", s);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(s, TCSAFLUSH, &raw);

    /* termios2 and termio. */
    struct ktermios2 t2;
    show("TCGETS2", ioctl(s, KTCGETS2, &t2));
    printf("t2 ispeed %u ospeed %u lflag %#o\n", t2.c_ispeed, t2.c_ospeed, t2.c_lflag);
    t2.c_lflag |= ECHO;
    show("TCSETS2", ioctl(s, KTCSETS2, &t2));
    struct ktermio old;
    show("TCGETA", ioctl(s, TCGETA, &old));
    printf("termio lflag %#o\n", old.c_lflag);
    show("tcsetattr restore", tcsetattr(s, TCSANOW, &t));

    /* Window size on either side. */
    struct winsize ws = {0};
    show("TIOCGWINSZ", ioctl(s, TIOCGWINSZ, &ws));
    printf("ws %d %d\n", ws.ws_row, ws.ws_col);
    ws.ws_row = 33;
    ws.ws_col = 101;
    show("TIOCSWINSZ master", ioctl(m, TIOCSWINSZ, &ws));
    memset(&ws, 0, sizeof ws);
    ioctl(s, TIOCGWINSZ, &ws);
    printf("ws %d %d\n", ws.ws_row, ws.ws_col);

    /* Not our controlling terminal. */
    pid_t pg;
    show("tcgetpgrp not ctty", tcgetpgrp(s));
    pg = getpgrp();
    show("tcsetpgrp not ctty", tcsetpgrp(s, pg));
    show("TIOCNOTTY not ctty", ioctl(s, TIOCNOTTY));
    show("tcflush", tcflush(s, TCIOFLUSH));
    show("tcflush bad", tcflush(s, 7));
    show("tcflow", tcflow(s, TCOON));
    show("bad ioctl", ioctl(s, 0x54ff, 0));

    /* Hang-ups. */
    close(s);
    write(m, "", 0);
    char c;
    show("master read after slave closed", read(m, &c, 1));
    int s2 = open(name, O_RDWR | O_NOCTTY);
    show("reopen slave", s2 >= 0);
    close(m);
    show("slave read after master closed", read(s2, &c, 1));
    show("slave write after master closed", write(s2, "x", 1));
    close(s2);
}

/* A child in its own session acquires the slave as controlling terminal. */
static void session(void) {
    int s = -1;
    int m = open_pair(&s);
    /* The parent keeps the slave open: master reads wait instead of EIO. */
    pid_t pid = fork();
    if (pid == 0) {
        close(s);
        setsid();
        show("/dev/tty without ctty", open("/dev/tty", O_RDWR));
        int fd = open(ptsname(m), O_RDWR); /* no O_NOCTTY: acquires it */
        show("tcgetpgrp is me", tcgetpgrp(fd) == getpid());
        show("tcgetsid is me", tcgetsid(fd) == getpid());
        int t = open("/dev/tty", O_RDWR);
        show("/dev/tty opens", t >= 0);
        char tn[64] = "";
        ttyname_r(t, tn, sizeof tn);
        show("ttyname(/dev/tty) == ptsname", strcmp(tn, ptsname(m)) == 0);
        show("TIOCSCTTY again", ioctl(fd, TIOCSCTTY, 0));
        show("tcsetpgrp no such group", tcsetpgrp(fd, 30000));
        show("tcsetpgrp bad", tcsetpgrp(fd, -5));
        signal(SIGWINCH, on_sig);
        signal(SIGINT, on_sig);
        struct winsize ws = {.ws_row = 10, .ws_col = 20};
        ioctl(fd, TIOCSWINSZ, &ws);
        ioctl(fd, TIOCSWINSZ, &ws); /* same size: no signal */
        usleep(20000);
        printf("SIGWINCH %d\n", got[SIGWINCH]);
        fflush(stdout);
        write(1, "", 0);
        /* The parent types ^C. */
        write(fd, "ready\n", 6);
        while (!got[SIGINT]) pause();
        printf("SIGINT %d\n", got[SIGINT]);
        fflush(stdout);

        /* A background group: TOSTOP writes get SIGTTOU (handled: EINTR). */
        struct termios tio;
        tcgetattr(fd, &tio);
        tio.c_lflag |= TOSTOP;
        tcsetattr(fd, TCSANOW, &tio);
        pid_t bg = fork();
        if (bg == 0) {
            setpgid(0, 0);
            struct sigaction sa = {.sa_handler = on_sig};
            sigaction(SIGTTOU, &sa, 0);
            show("bg write under TOSTOP", write(fd, "bg\n", 3));
            printf("SIGTTOU %d\n", got[SIGTTOU]);
            show("bg tcsetattr", tcsetattr(fd, TCSANOW, &tio));
            signal(SIGTTOU, SIG_IGN);
            show("bg write, SIGTTOU ignored", write(fd, "ok\n", 3));
            signal(SIGTTIN, SIG_IGN);
            char c;
            show("bg read, SIGTTIN ignored", read(fd, &c, 1));
            show("bg tcsetpgrp (ignored SIGTTOU)", tcsetpgrp(fd, getpgrp()));
            show("now foreground", tcgetpgrp(fd) == getpgrp());
            fflush(stdout);
            _exit(0);
        }
        int st;
        waitpid(bg, &st, 0);
        show("bg status", st);
        /* The foreground moved to bg's (now dead) group; take it back. */
        signal(SIGTTOU, SIG_IGN);
        show("tcsetpgrp back", tcsetpgrp(fd, getpgrp()));
        /* A background writer with SIGTTOU at its default stops; brought
         * to the foreground and continued, it writes. */
        pid_t bg2 = fork();
        if (bg2 == 0) {
            setpgid(0, 0);
            signal(SIGTTOU, SIG_DFL);
            show("bg2 write after SIGCONT", write(fd, "bg2\n", 4));
            _exit(3);
        }
        setpgid(bg2, bg2);
        show("waitpid WUNTRACED", waitpid(bg2, &st, WUNTRACED) == bg2);
        printf("stopped %d sig %d\n", WIFSTOPPED(st), WSTOPSIG(st));
        show("tcsetpgrp bg2", tcsetpgrp(fd, bg2));
        int killed = kill(bg2, SIGCONT);
        /* Printed after bg2 exits: bg2 prints meanwhile. */
        int cont = waitpid(bg2, &st, WCONTINUED | WUNTRACED) == bg2 && WIFCONTINUED(st);
        int done = waitpid(bg2, &st, 0) == bg2;
        printf("SIGCONT %d continued %d waited %d\n", killed, cont, done);
        printf("bg2 exit %d\n", WEXITSTATUS(st));
        show("tcsetpgrp back again", tcsetpgrp(fd, getpgrp()));
        show("TIOCNOTTY", ioctl(fd, TIOCNOTTY));
        show("/dev/tty after TIOCNOTTY", open("/dev/tty", O_RDWR));
        _exit(0);
    }
    char buf[64];
    int got_ready = 0;
    /* Wait for "ready" (the child's echo-free output) then type ^C. */
    for (int i = 0; i < 500 && !got_ready; i++) {
        ssize_t n = read(m, buf, sizeof buf - 1);
        if (n > 0) {
            buf[n] = 0;
            if (strstr(buf, "ready")) got_ready = 1;
        }
    }
    write(m, "\x03", 1);
    int st;
    waitpid(pid, &st, 0);
    show("child status", st);
    drain("master after child", m);
    close(s);
    close(m);
}

/* Closing the master hangs up the session: its leader gets SIGHUP and
 * SIGCONT and loses the controlling terminal; slave reads see EOF. */
static void hangup(void) {
    int s = -1;
    int m = open_pair(&s);
    pid_t pid = fork();
    if (pid == 0) {
        char name[64];
        snprintf(name, sizeof name, "%s", ptsname(m));
        close(s);
        close(m); /* the parent holds the only master */
        signal(SIGHUP, on_sig);
        signal(SIGCONT, on_sig);
        got[SIGHUP] = got[SIGCONT] = 0;
        setsid();
        int fd = open(name, O_RDWR);
        write(fd, "r\n", 2);
        while (!got[SIGHUP]) pause();
        char c;
        printf("hangup: SIGHUP %d SIGCONT %d\n", got[SIGHUP], got[SIGCONT]);
        show("read after hangup", read(fd, &c, 1));
        show("write after hangup", write(fd, "x", 1));
        show("/dev/tty after hangup", open("/dev/tty", O_RDWR));
        _exit(0);
    }
    char buf[16];
    read(m, buf, sizeof buf); /* s stays open meanwhile: no EIO */
    close(s);
    close(m);
    int st;
    waitpid(pid, &st, 0);
    show("hangup child status", st);
}

/* A session leader exits: its terminal's foreground group gets SIGHUP
 * and SIGCONT, and the session's processes lose the terminal. */
static void leader_exit(void) {
    int s = -1;
    int m = open_pair(&s);
    int done[2];
    pipe(done);
    pid_t pid = fork();
    if (pid == 0) {
        close(done[0]);
        char name[64];
        snprintf(name, sizeof name, "%s", ptsname(m));
        close(s);
        close(m);
        setsid();
        int fd = open(name, O_RDWR);
        int ready[2];
        pipe(ready);
        if (fork() == 0) {
            close(ready[0]);
            got[SIGHUP] = got[SIGCONT] = 0;
            signal(SIGHUP, on_sig);
            signal(SIGCONT, on_sig);
            close(ready[1]);
            while (!got[SIGHUP]) pause();
            printf("leader exit: SIGHUP %d SIGCONT %d\n", got[SIGHUP], got[SIGCONT]);
            show("tcgetpgrp after leader exit", tcgetpgrp(fd));
            show("/dev/tty after leader exit", open("/dev/tty", O_RDWR));
            _exit(0);
        }
        close(ready[1]);
        char c;
        read(ready[0], &c, 1); /* EOF once the handlers are set */
        _exit(0);
    }
    close(done[1]);
    int st;
    waitpid(pid, &st, 0);
    char c;
    read(done[0], &c, 1); /* EOF when the grandchild is gone */
    close(done[0]);
    close(s);
    close(m);
}

int main(void) {
    setvbuf(stdout, 0, _IOLBF, 0);
    alarm(20);
    basics();
    session();
    hangup();
    leader_exit();
    return 0;
}
