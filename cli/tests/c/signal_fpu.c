/* The FPU across a signal handler, as Linux does it: the frame's fpstate
 * holds the interrupted code's FPU, the handler starts with a fresh FPU,
 * and sigreturn restores the interrupted one. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static unsigned short get_cw(void)
{
    unsigned short cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    return cw;
}

static void set_cw(unsigned short cw)
{
    __asm__ volatile("fldcw %0" : : "m"(cw));
}

static volatile double sink;

static void handler(int sig, siginfo_t *info, void *ctx)
{
    ucontext_t *uc = ctx;
    (void)info;
    printf("handler: signal %d, own cw %#x, saved cw %#lx\n", sig, get_cw(),
           uc->uc_mcontext.fpregs ? (unsigned long)(uc->uc_mcontext.fpregs->cw & 0xffff) : 0ul);
    /* Use the FPU in the handler. */
    double x = 1.0;
    for (int i = 0; i < 10; i++)
        x = x * 1.5 + 0.25;
    sink = x;
    printf("handler computed %.6f\n", x);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    set_cw(0x027f); /* 53-bit precision */
    double before = 2.0 / 3.0;
    raise(SIGUSR1);
    printf("main: cw after the handler %#x, value %.17g\n", get_cw(), before);
    return 0;
}
