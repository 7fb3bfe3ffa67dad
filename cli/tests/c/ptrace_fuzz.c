/* Random ptrace requests at stopped tracees: the machine must survive
 * them. Each child stops (TRACEME + SIGSTOP, or SEIZE + INTERRUPT); the
 * tracer makes random requests with random addresses and values, data
 * pointing into its own scratch buffer (an iovec there for the regsets),
 * then kills the child and checks it died of SIGKILL. Requests that
 * resume the child are left out: random registers would send it anywhere.
 * Usage: ptrace_fuzz SEED CHILDREN REQUESTS. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static uint32_t state;
static uint32_t next(void) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

static unsigned char scratch[8192] __attribute__((aligned(16)));
static volatile uint32_t target_word = 0x1234;

static const long requests[] = {
    PTRACE_PEEKTEXT,  PTRACE_PEEKDATA,      PTRACE_PEEKUSER,      PTRACE_POKETEXT,
    PTRACE_POKEDATA,  PTRACE_POKEUSER,      PTRACE_GETREGS,       PTRACE_SETREGS,
    PTRACE_GETFPREGS, PTRACE_SETFPREGS,     PTRACE_GETFPXREGS,    PTRACE_SETFPXREGS,
    25 /* GET_THREAD_AREA */, 26 /* SET_THREAD_AREA */, PTRACE_SETOPTIONS,
    PTRACE_GETEVENTMSG, PTRACE_GETSIGINFO,  PTRACE_SETSIGINFO,    PTRACE_GETREGSET,
    PTRACE_SETREGSET, PTRACE_PEEKSIGINFO,   PTRACE_GETSIGMASK,    PTRACE_SETSIGMASK,
    PTRACE_INTERRUPT, PTRACE_ATTACH,        PTRACE_SEIZE,         0x4210, 99,
};

static uint32_t value(void) {
    switch (next() % 6) {
    case 0: return next();
    case 1: return next() % 300;
    case 2: return (uint32_t)(uintptr_t)&target_word;
    case 3: return (uint32_t)(uintptr_t)&next + next() % 64;
    case 4: return 0;
    default: return (uint32_t)-(int32_t)(next() % 8);
    }
}

int main(int argc, char **argv) {
    if (argc < 4)
        return 2;
    state = (uint32_t)atoi(argv[1]) * 2654435761u + 1;
    int children = atoi(argv[2]), count = atoi(argv[3]), killed = 0;
    long made = 0;
    for (int c = 0; c < children; c++) {
        int seize = c % 2;
        pid_t pid = fork();
        if (pid == 0) {
            if (!seize) {
                ptrace(PTRACE_TRACEME, 0, 0, 0);
                raise(SIGSTOP);
            }
            for (;;)
                pause();
        }
        int st;
        if (seize) {
            ptrace(PTRACE_SEIZE, pid, 0, 0);
            ptrace(PTRACE_INTERRUPT, pid, 0, 0);
        }
        waitpid(pid, &st, __WALL);
        for (int i = 0; i < count; i++) {
            for (unsigned j = 0; j < sizeof scratch / 4; j += 1 + next() % 64)
                ((uint32_t *)scratch)[j] = next() % 3 ? value() : next();
            long request = requests[next() % (sizeof requests / sizeof *requests)];
            uint32_t off = next() % 4096 & ~3u;
            uint32_t data = (uint32_t)(uintptr_t)(scratch + off);
            if (request == PTRACE_GETREGSET || request == PTRACE_SETREGSET) {
                struct iovec *iov = (struct iovec *)(scratch + off);
                iov->iov_base = scratch + 4096;
                iov->iov_len = next() % 700;
            } else if (request == PTRACE_POKETEXT || request == PTRACE_POKEDATA ||
                       request == PTRACE_POKEUSER || request == PTRACE_SETOPTIONS) {
                data = value();
            } else if (request == PTRACE_ATTACH || request == PTRACE_SEIZE) {
                data = next() % 2 ? 0 : next();
            }
            ptrace(request, pid, value(), data);
            made++;
        }
        kill(pid, SIGKILL);
        /* A PTRACE_O_TRACEEXIT set at random may stop it once more. */
        while (waitpid(pid, &st, __WALL) == pid && WIFSTOPPED(st))
            ptrace(PTRACE_CONT, pid, 0, 0);
        if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
            killed++;
        else
            printf("child %d: status %#x\n", c, st);
    }
    printf("%d children killed after %ld requests\n", killed, made);
    return 0;
}
