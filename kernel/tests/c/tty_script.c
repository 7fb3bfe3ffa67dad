/* Runs a line-discipline script (tests/tty_script.txt on stdin) against a
 * real Linux pty and prints what happens, for tests/tty_native.rs to
 * compare with tabvm-kernel's tty module.
 *
 * The child makes itself a session leader with the pty slave as its
 * controlling terminal (so ISIG signals reach it), then for each command:
 *   reset | set FLAG | clear FLAG | cc VNAME N | in TEXT | out TEXT | read | winsz R C
 * prints "> command", then "M: <text>" for bytes the master can read,
 * "S: <text>" for each slave read() (stopping at EAGAIN or a 0-byte read)
 * and "SIG: <n>" for each signal caught. TEXT uses \n \r \t \\ \" \xHH. */
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

static volatile sig_atomic_t sigs[64];
static volatile sig_atomic_t nsigs;
static void on_sig(int s) { if (nsigs < 64) sigs[nsigs++] = s; }

struct flag { const char *name; int field; tcflag_t bit; };
static const struct flag flags[] = {
    {"IGNBRK", 0, IGNBRK}, {"BRKINT", 0, BRKINT}, {"ISTRIP", 0, ISTRIP}, {"INLCR", 0, INLCR},
    {"IGNCR", 0, IGNCR}, {"ICRNL", 0, ICRNL}, {"IUCLC", 0, IUCLC}, {"IXON", 0, IXON},
    {"IXANY", 0, IXANY}, {"IXOFF", 0, IXOFF}, {"IMAXBEL", 0, IMAXBEL}, {"IUTF8", 0, IUTF8},
    {"OPOST", 1, OPOST}, {"OLCUC", 1, OLCUC}, {"ONLCR", 1, ONLCR}, {"OCRNL", 1, OCRNL},
    {"ONOCR", 1, ONOCR}, {"ONLRET", 1, ONLRET}, {"XTABS", 1, XTABS},
    {"ISIG", 3, ISIG}, {"ICANON", 3, ICANON}, {"ECHO", 3, ECHO}, {"ECHOE", 3, ECHOE},
    {"ECHOK", 3, ECHOK}, {"ECHONL", 3, ECHONL}, {"NOFLSH", 3, NOFLSH}, {"TOSTOP", 3, TOSTOP},
    {"ECHOCTL", 3, ECHOCTL}, {"ECHOPRT", 3, ECHOPRT}, {"ECHOKE", 3, ECHOKE}, {"IEXTEN", 3, IEXTEN},
};
static const char *ccnames[] = {"VINTR", "VQUIT", "VERASE", "VKILL", "VEOF", "VTIME", "VMIN",
    "VSWTC", "VSTART", "VSTOP", "VSUSP", "VEOL", "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2"};

static void put_escaped(const unsigned char *p, size_t n) {
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '\n') fputs("\\n", stdout);
        else if (c == '\r') fputs("\\r", stdout);
        else if (c == '\t') fputs("\\t", stdout);
        else if (c == '\\') fputs("\\\\", stdout);
        else if (c == '"') fputs("\\\"", stdout);
        else if (c >= 0x20 && c < 0x7f) putchar(c);
        else printf("\\x%02x", c);
    }
    putchar('"');
}

static size_t unescape(const char *s, unsigned char *out) {
    size_t n = 0;
    while (*s) {
        if (*s == '\\' && s[1]) {
            s++;
            if (*s == 'n') out[n++] = '\n';
            else if (*s == 'r') out[n++] = '\r';
            else if (*s == 't') out[n++] = '\t';
            else if (*s == 'x') { unsigned v; sscanf(s + 1, "%2x", &v); out[n++] = v; s += 2; }
            else out[n++] = *s;
            s++;
        } else out[n++] = *s++;
    }
    return n;
}

static tcflag_t *field(struct termios *t, int f) {
    return f == 0 ? &t->c_iflag : f == 1 ? &t->c_oflag : f == 2 ? &t->c_cflag : &t->c_lflag;
}

/* Linux processes pty input in a workqueue; poll() on either side runs
 * pending work now (n_tty_poll calls tty_buffer_flush_work), so after a
 * short sleep two rounds of polls leave nothing in flight. */
static int fd_master = -1, fd_slave = -1;
static void settle(void) {
    usleep(10000);
    for (int i = 0; i < 2; i++) {
        struct pollfd p[2] = {{fd_slave, POLLIN, 0}, {fd_master, POLLIN, 0}};
        poll(p, 2, 0);
    }
}

static void report(int master) {
    /* Everything the master can read, gathered over two settles: under load
     * an echo can still be on its way when the first read runs. */
    static unsigned char buf[16384];
    size_t n = 0;
    for (int round = 0; round < 2; round++) {
        if (round) settle();
        ssize_t r;
        while (n < sizeof buf && (r = read(master, buf + n, sizeof buf - n)) > 0) n += r;
    }
    if (n > 0) { fputs("M: ", stdout); put_escaped(buf, n); putchar('\n'); }
    /* Several signals reach the handlers in an order that depends on how
     * frames stack, and a standard signal raised twice arrives once or
     * twice depending on when the process runs: print each distinct
     * signal once, sorted. */
    for (int i = 1; i < nsigs; i++)
        for (int j = i; j > 0 && sigs[j - 1] > sigs[j]; j--) {
            int t = sigs[j]; sigs[j] = sigs[j - 1]; sigs[j - 1] = t;
        }
    for (int i = 0; i < nsigs; i++)
        if (i == 0 || sigs[i] != sigs[i - 1]) printf("SIG: %d\n", sigs[i]);
    nsigs = 0;
}

static int run(void) {
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) || unlockpt(master)) { perror("ptmx"); return 1; }
    if (setsid() < 0) { perror("setsid"); return 1; }
    int slave = open(ptsname(master), O_RDWR);
    if (slave < 0) { perror("slave"); return 1; }
    fd_master = master;
    fd_slave = slave;
    fcntl(master, F_SETFL, O_NONBLOCK);
    fcntl(slave, F_SETFL, O_NONBLOCK);
    struct sigaction sa = {0};
    sa.sa_handler = on_sig;
    sigaction(SIGINT, &sa, 0); sigaction(SIGQUIT, &sa, 0); sigaction(SIGTSTP, &sa, 0);
    sigaction(SIGWINCH, &sa, 0); sigaction(SIGTTOU, &sa, 0); sigaction(SIGTTIN, &sa, 0);
    struct termios init;
    tcgetattr(slave, &init);
    printf("init iflag=%x oflag=%x cflag=%x lflag=%x cc=", init.c_iflag, init.c_oflag,
           init.c_cflag, init.c_lflag);
    for (int i = 0; i < 17; i++) printf("%s%d", i ? "," : "", init.c_cc[i]);
    putchar('\n');
    char line[4096];
    unsigned char data[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        printf("> %s\n", line);
        char *arg = strchr(line, ' ');
        if (arg) *arg++ = 0; else arg = line + strlen(line);
        struct termios t;
        tcgetattr(slave, &t);
        if (!strcmp(line, "reset")) {
            tcsetattr(slave, TCSANOW, &init);
            tcflush(slave, TCIOFLUSH);
            settle();
            while (read(master, data, sizeof data) > 0) {}
            while (read(slave, data, sizeof data) > 0) {}
            nsigs = 0;
            continue;
        } else if (!strcmp(line, "set") || !strcmp(line, "clear")) {
            const struct flag *f = 0;
            for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
                if (!strcmp(flags[i].name, arg)) f = &flags[i];
            if (!f) { printf("unknown flag %s\n", arg); return 1; }
            if (line[0] == 's') *field(&t, f->field) |= f->bit;
            else *field(&t, f->field) &= ~f->bit;
            tcsetattr(slave, TCSANOW, &t);
        } else if (!strcmp(line, "cc")) {
            char name[16]; int v, idx = -1;
            sscanf(arg, "%15s %d", name, &v);
            for (int i = 0; i < 17; i++) if (!strcmp(ccnames[i], name)) idx = i;
            if (idx < 0) { printf("unknown cc %s\n", name); return 1; }
            t.c_cc[idx] = v;
            tcsetattr(slave, TCSANOW, &t);
        } else if (!strcmp(line, "in")) {
            size_t n = unescape(arg, data);
            if (write(master, data, n) != (ssize_t)n) printf("short master write\n");
        } else if (!strcmp(line, "out")) {
            size_t n = unescape(arg, data);
            ssize_t w = write(slave, data, n);
            if (w != (ssize_t)n) printf("slave write %zd\n", w);
        } else if (!strcmp(line, "read")) {
            settle();
            for (int i = 0; i < 16; i++) {
                ssize_t n = read(slave, data, sizeof data);
                if (n < 0) break;
                fputs("S: ", stdout); put_escaped(data, n); putchar('\n');
                if (n == 0) break;
            }
        } else if (!strcmp(line, "winsz")) {
            struct winsize ws = {0};
            sscanf(arg, "%hu %hu", &ws.ws_row, &ws.ws_col);
            ioctl(master, TIOCSWINSZ, &ws);
        } else { printf("unknown command %s\n", line); return 1; }
        settle();
        report(master);
        fflush(stdout);
    }
    return 0;
}

int main(void) {
    setvbuf(stdout, 0, _IOFBF, 1 << 16);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) { int r = run(); fflush(stdout); _exit(r); }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
