/* What a signal handler learns about a processor exception, compared with
 * Linux: the signal, si_code, si_addr relative to the faulting
 * instruction or the address touched, and sigcontext's trapno and err
 * (SDM Vol. 3A 6.15; Linux's do_trap, do_general_protection,
 * do_user_addr_fault). Also the UMIP-guarded instructions whose results do
 * not depend on the host (smsw's low word, str, sldt), and rdpmc, which
 * faults while CR4.PCE is clear. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <ucontext.h>

static sigjmp_buf back;
static uintptr_t expect_addr;

static void on_fault(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    uintptr_t addr = (uintptr_t)si->si_addr;
    printf("  sig %d code %d trapno %d err %#x cs %#x ss %#x addr %s\n", sig, si->si_code,
           (int)g[REG_TRAPNO], (unsigned)g[REG_ERR], (unsigned)g[REG_CS] & 0xffff,
           (unsigned)g[REG_SS] & 0xffff,
           addr == 0 ? "0" : addr == expect_addr ? "expected" : addr == (uintptr_t)g[REG_EIP] ? "eip" : "other");
    siglongjmp(back, 1);
}

#define TRY(name, ...)                                  \
    do {                                                \
        printf("%s\n", name);                           \
        fflush(stdout);                                 \
        if (!sigsetjmp(back, 1)) {                      \
            __VA_ARGS__;                                \
            printf("  no fault\n");                     \
        }                                               \
    } while (0)

int main(void) {
    struct sigaction sa = {.sa_sigaction = on_fault, .sa_flags = SA_SIGINFO | SA_NODEFER};
    for (int s = 1; s < 32; s++) sigaction(s, &sa, 0);
    int bounds[2] = {1, 5};
    /* The selectors an x86-64 kernel gives a 32-bit process, as the
     * segment registers and the x87 environment show them. */
    unsigned short cs, ds, es, ss, gs;
    asm("mov %%cs, %0; mov %%ds, %1; mov %%es, %2; mov %%ss, %3; mov %%gs, %4"
        : "=r"(cs), "=r"(ds), "=r"(es), "=r"(ss), "=r"(gs));
    printf("cs %#x ds %#x es %#x ss %#x gs %#x\n", cs, ds, es, ss, gs);
    unsigned env[7];
    double one = 1;
    asm volatile("fldl %1; fnstenv %0; fstp %%st(0)" : "=m"(env) : "m"(one));
    printf("fnstenv fcs %#x fds %#x\n", env[4] & 0xffff, env[6] & 0xffff);
    TRY("ud2", asm volatile("ud2"));
    TRY("int3", asm volatile("int3"));
    TRY("hlt", asm volatile("hlt"));
    TRY("cli", asm volatile("cli"));
    TRY("out", asm volatile("out %%al, $0x80" ::: "memory"));
    TRY("into without OF", asm volatile("xor %%eax, %%eax; into" ::: "eax", "cc"));
    TRY("into with OF", asm volatile("mov $0x7fffffff, %%eax; add $1, %%eax; into" ::: "eax", "cc"));
    TRY("bound inside", asm volatile("mov $3, %%eax; bound %%eax, %0" ::"m"(*(long long *)bounds) : "eax"));
    TRY("bound outside", asm volatile("mov $9, %%eax; bound %%eax, %0" ::"m"(*(long long *)bounds) : "eax"));
    TRY("divide by zero",
        asm volatile("xor %%edx, %%edx; xor %%ecx, %%ecx; mov $1, %%eax; div %%ecx" ::: "eax", "ecx", "edx"));
    TRY("quotient overflow",
        asm volatile("mov $0x80000000, %%eax; cltd; mov $-1, %%ecx; idiv %%ecx" ::: "eax", "ecx", "edx"));
    TRY("aam 0", asm volatile(".byte 0xd4, 0x00" ::: "eax", "cc"));
    TRY("rdpmc", asm volatile("xor %%ecx, %%ecx; rdpmc" ::: "eax", "ecx", "edx"));
    TRY("mov from cr0", asm volatile("mov %%cr0, %%eax" ::: "eax"));
    TRY("lock on a register", asm volatile(".byte 0xf0, 0x01, 0xc0" ::: "eax", "cc"));
    TRY("smsw", {
        unsigned short w;
        asm volatile("smsw %0" : "=m"(w));
        printf("  low word %#x\n", w);
    });
    TRY("str and sldt", {
        unsigned tr = 1, ldt = 1;
        asm volatile("str %0; sldt %1" : "=r"(tr), "=r"(ldt));
        printf("  tr %#x ldt %#x\n", tr, ldt);
    });

    /* Page faults: not present, write to read-only, execute without exec. */
    expect_addr = 16;
    TRY("read null+16", (void)*(volatile int *)16);
    char *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expect_addr = (uintptr_t)ro + 8;
    TRY("write read-only", *(volatile char *)(ro + 8) = 1);
    TRY("read read-only", (void)*(volatile char *)(ro + 8));
    TRY("write read-only, now present", *(volatile char *)(ro + 8) = 1);
    char *none = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expect_addr = (uintptr_t)none;
    TRY("read PROT_NONE", (void)*(volatile char *)none);
    munmap(none, 4096);
    TRY("write unmapped", *(volatile char *)none = 1);
    /* A stale trapno: a signal that is not a fault reports the last one. */
    TRY("raise after a fault", raise(SIGUSR1));
    return 0;
}
