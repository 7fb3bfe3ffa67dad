/* Exerciser: string instructions (movs/cmps/scas/lods/stos, 8/16/32 bits,
 * rep/repe/repne, both directions, counts 0..n), stack instructions
 * (push/pop forms, pusha/popa, pushf/popf incl. AC and ID toggling,
 * enter/leave with nesting levels), lahf/sahf, cbw/cwde/cwd/cdq, xlat,
 * xchg, lea (16-bit operand and address size), loop/jcxz, flag
 * instructions, and gs-relative memory (glibc's TLS). Only values that do
 * not depend on where the kernel placed the stack are printed. */
#include "int_common.h"

/* Room after the arrays so that long scans stay inside them. */
static uint8_t src[256], dst[256];

static uint32_t sum(const uint8_t *p, int n) {
    uint32_t s = 0;
    for (int i = 0; i < n; i++) s = s * 131 + p[i];
    return s;
}

static void fill(void) {
    for (int i = 0; i < 256; i++) {
        src[i] = (uint8_t)(i * 7 + 3);
        dst[i] = (uint8_t)(i % 64 < 32 ? i * 7 + 3 : 0xee);
    }
    dst[20] = 0x55;
    dst[190] = 0x55;
}

static void strings(void) {
    for (int dir = 0; dir < 2; dir++)
        for (int cnt = 0; cnt < 12; cnt++)
            for (int w = 0; w < 3; w++) {
                int sz = 1 << w;
                int start = dir ? 200 : 8;
                uint32_t f;
                /* rep movs */
                fill();
                uint8_t *s = src + start, *d = dst + start;
                uint32_t c = cnt;
                if (dir) __asm__ volatile("std");
                if (w == 0) __asm__ volatile("rep movsb" : "+S"(s), "+D"(d), "+c"(c) :: "memory");
                if (w == 1) __asm__ volatile("rep movsw" : "+S"(s), "+D"(d), "+c"(c) :: "memory");
                if (w == 2) __asm__ volatile("rep movsl" : "+S"(s), "+D"(d), "+c"(c) :: "memory");
                __asm__ volatile("cld");
                printf("movs %d %d %d -> %d %d %u %x\n", dir, cnt, sz, (int)(s - src), (int)(d - dst), c, sum(dst, 256));
                /* rep stos */
                fill();
                d = dst + start;
                c = cnt;
                uint32_t a = 0x11223344;
                if (dir) __asm__ volatile("std");
                if (w == 0) __asm__ volatile("rep stosb" : "+D"(d), "+c"(c) : "a"(a) : "memory");
                if (w == 1) __asm__ volatile("rep stosw" : "+D"(d), "+c"(c) : "a"(a) : "memory");
                if (w == 2) __asm__ volatile("rep stosl" : "+D"(d), "+c"(c) : "a"(a) : "memory");
                __asm__ volatile("cld");
                printf("stos %d %d %d -> %d %u %x\n", dir, cnt, sz, (int)(d - dst), c, sum(dst, 256));
                /* lods (no rep: last element wins) */
                s = src + start;
                a = 0xffffffff;
                if (dir) __asm__ volatile("std");
                if (w == 0) __asm__ volatile("lodsb\n\tlodsb" : "+S"(s), "+a"(a));
                if (w == 1) __asm__ volatile("lodsw\n\tlodsw" : "+S"(s), "+a"(a));
                if (w == 2) __asm__ volatile("lodsl\n\tlodsl" : "+S"(s), "+a"(a));
                __asm__ volatile("cld");
                printf("lods %d %d -> %d %x\n", dir, sz, (int)(s - src), a);
                /* repe cmps / repne cmps: src and dst differ at 20 and from 32 */
                for (int ne = 0; ne < 2; ne++) {
                    fill();
                    s = src + start;
                    d = dst + start;
                    c = cnt * 3;
                    if (dir) __asm__ volatile("std");
                    if (!ne) {
                        if (w == 0) __asm__ volatile("repe cmpsb\n\tpushf\n\tpop %3" : "+S"(s), "+D"(d), "+c"(c), "=r"(f) :: "cc");
                        if (w == 1) __asm__ volatile("repe cmpsw\n\tpushf\n\tpop %3" : "+S"(s), "+D"(d), "+c"(c), "=r"(f) :: "cc");
                        if (w == 2) __asm__ volatile("repe cmpsl\n\tpushf\n\tpop %3" : "+S"(s), "+D"(d), "+c"(c), "=r"(f) :: "cc");
                    } else {
                        if (w == 0) __asm__ volatile("repne cmpsb\n\tpushf\n\tpop %3" : "+S"(s), "+D"(d), "+c"(c), "=r"(f) :: "cc");
                        if (w == 1) __asm__ volatile("repne cmpsw\n\tpushf\n\tpop %3" : "+S"(s), "+D"(d), "+c"(c), "=r"(f) :: "cc");
                        if (w == 2) __asm__ volatile("repne cmpsl\n\tpushf\n\tpop %3" : "+S"(s), "+D"(d), "+c"(c), "=r"(f) :: "cc");
                    }
                    __asm__ volatile("cld");
                    /* With a zero count the flags are those of before: mask them out. */
                    printf("cmps %d %d %d %d -> %d %d %u %03x\n", ne, dir, cnt * 3, sz, (int)(s - src),
                           (int)(d - dst), c, cnt ? f & ALL : 0);
                    /* scas for the byte value at src[30] / not equal to it */
                    d = src + start;
                    c = cnt * 3;
                    a = 0x01010101u * src[30];
                    if (dir) __asm__ volatile("std");
                    if (!ne) {
                        if (w == 0) __asm__ volatile("repe scasb\n\tpushf\n\tpop %2" : "+D"(d), "+c"(c), "=r"(f) : "a"(a) : "cc");
                        if (w == 1) __asm__ volatile("repe scasw\n\tpushf\n\tpop %2" : "+D"(d), "+c"(c), "=r"(f) : "a"(a) : "cc");
                        if (w == 2) __asm__ volatile("repe scasl\n\tpushf\n\tpop %2" : "+D"(d), "+c"(c), "=r"(f) : "a"(a) : "cc");
                    } else {
                        if (w == 0) __asm__ volatile("repne scasb\n\tpushf\n\tpop %2" : "+D"(d), "+c"(c), "=r"(f) : "a"(a) : "cc");
                        if (w == 1) __asm__ volatile("repne scasw\n\tpushf\n\tpop %2" : "+D"(d), "+c"(c), "=r"(f) : "a"(a) : "cc");
                        if (w == 2) __asm__ volatile("repne scasl\n\tpushf\n\tpop %2" : "+D"(d), "+c"(c), "=r"(f) : "a"(a) : "cc");
                    }
                    __asm__ volatile("cld");
                    printf("scas %d %d %d %d -> %d %u %03x\n", ne, dir, cnt * 3, sz, (int)(d - src), c, cnt ? f & ALL : 0);
                }
            }
    /* Non-rep movs/stos/cmps, and a 16-bit operand-size rep. */
    fill();
    uint8_t *s = src, *d = dst;
    uint32_t f;
    __asm__ volatile("movsl\n\tmovsw\n\tmovsb\n\tcmpsb\n\tpushf\n\tpop %2" : "+S"(s), "+D"(d), "=r"(f) :: "memory", "cc");
    printf("movs1 -> %d %d %03x %x\n", (int)(s - src), (int)(d - dst), f & ALL, sum(dst, 256));
}

/* Globals: the asm below moves esp, so esp-relative operands are unusable. */
uint32_t g_slots[8], g_out[8], g_enter[3];

static void stack(void) {
    for (int i = 0; i < NV; i++) {
        uint32_t a = vals[i], r1, r2, r3;
        uint16_t w;
        __asm__ volatile("push %3\n\tpushw %w3\n\tpopw %w1\n\tpop %0\n\tpush $-5\n\tpop %2"
                         : "=r"(r1), "=r"(w), "=r"(r2) : "r"(a));
        __asm__ volatile("pushl $0x12345678\n\tpush %1\n\tpopl (%%esp)\n\tpop %0" : "=r"(r3) : "r"(a));
        printf("push %x -> %x %x %x %x\n", a, r1, w, r2, r3);
    }
    /* pusha/popa round trip; the pushed esp slot is printed relative. */
    __asm__ volatile("push %%ebx\n\tpush %%ebp\n\tpush %%esi\n\tpush %%edi\n\t"
                     "mov $1, %%eax\n\tmov $2, %%ecx\n\tmov $3, %%edx\n\tmov $4, %%ebx\n\t"
                     "mov $6, %%ebp\n\tmov $7, %%esi\n\tmov $8, %%edi\n\t"
                     "pusha\n\t"
                     "mov 12(%%esp), %%eax\n\tsub %%esp, %%eax\n\tmov %%eax, 12(%%esp)\n\t"
                     "mov %%esp, %%esi\n\tmov $g_slots, %%edi\n\tmov $8, %%ecx\n\tcld\n\trep movsl\n\t"
                     "movl $0x99, 12(%%esp)\n\tmovl $0x77, 0(%%esp)\n\t"
                     "popa\n\t"
                     "mov %%eax, g_out\n\tmov %%ecx, g_out+4\n\tmov %%edx, g_out+8\n\tmov %%ebx, g_out+12\n\t"
                     "mov %%ebp, g_out+16\n\tmov %%esi, g_out+20\n\tmov %%edi, g_out+24\n\t"
                     "pop %%edi\n\tpop %%esi\n\tpop %%ebp\n\tpop %%ebx"
                     ::: "eax", "ecx", "edx", "memory");
    uint32_t *slots = g_slots, *out = g_out;
    printf("pusha %x %x %x %x %x %x %x %x\n", slots[0], slots[1], slots[2], slots[3], slots[4], slots[5], slots[6], slots[7]);
    printf("popa %x %x %x %x %x %x %x\n", out[0], out[1], out[2], out[3], out[4], out[5], out[6]);
    /* popf: user-writable flags (AC and ID toggle on a 486+), others kept. */
    uint32_t tries[] = { 0, 0xfffffeff /* all but TF */, 0x00040000, 0x00200000, 0x00000cd5, 0x00004000, 0x00003000, 0x00000200 };
    for (int i = 0; i < 8; i++) {
        uint32_t got, got16;
        __asm__ volatile("pushf\n\tpush %2\n\tpopf\n\tpushf\n\tpop %0\n\tpushw $0xfeff\n\tpopfw\n\tpushf\n\tpop %1\n\tpopf"
                         : "=r"(got), "=r"(got16) : "r"(tries[i]) : "cc");
        printf("popf %x -> %x %x\n", tries[i], got & 0x00247fd7, got16 & 0x00247fd7);
    }
    /* lahf/sahf */
    for (uint32_t v = 0; v < 256; v += 5) {
        uint32_t a = v << 8, f;
        __asm__ volatile("sahf\n\tpushf\n\tpop %1\n\tmov $0, %%ah\n\tlahf" : "+a"(a), "=r"(f) :: "cc");
        printf("sahf %x -> %x %03x\n", v, a >> 8, f & ALL);
    }
    /* enter/leave with nesting: print frame-relative results. */
    for (int level = 0; level < 5; level++) {
        uint32_t d_esp = 0, d_ebp = 0, copied = 0;
        uint32_t lv = level;
#define ENTER(L)                                                                                   \
        do { __asm__ volatile("push %%ebp\n\tmov %%esp, %%ecx\n\tmov $0x1000, %%ebp\n\tsub $64, %%esp\n\t" \
                         "lea 32(%%esp), %%ebp\n\tmovl $0xaaaa0001, -4(%%ebp)\n\tmovl $0xaaaa0002, -8(%%ebp)\n\t" \
                         "movl $0xaaaa0003, -12(%%ebp)\n\tmovl $0xaaaa0004, -16(%%ebp)\n\t"           \
                         "mov %%esp, %%edx\n\tenter $24, $" #L "\n\tmov %%edx, %%eax\n\tsub %%esp, %%eax\n\t" \
                         "mov %%eax, g_enter\n\tmov %%edx, %%eax\n\tsub %%ebp, %%eax\n\tmov %%eax, g_enter+4\n\t"  \
                         "mov -4(%%ebp), %%eax\n\tmov %%eax, g_enter+8\n\tleave\n\tmov %%ecx, %%esp\n\tpop %%ebp" \
                         ::: "eax", "ecx", "edx", "memory");                               \
        d_esp = g_enter[0], d_ebp = g_enter[1], copied = g_enter[2]; } while (0)
        if (lv == 0) ENTER(0);
        if (lv == 1) ENTER(1);
        if (lv == 2) ENTER(2);
        if (lv == 3) ENTER(3);
        if (lv == 4) ENTER(4);
        printf("enter %d -> %x %x %x\n", level, d_esp, d_ebp, level >= 2 ? copied : 0);
    }
}

static void convert(void) {
    static const uint8_t table[256] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, [0x7f] = 0x42, [0x80] = 0x43, [0xff] = 0x44 };
    for (int i = 0; i < NV; i++) {
        uint32_t a = vals[i], r1 = a, r2 = a, r3 = a, d3 = 0x5555, r4 = a, d4 = 0x6666, r5 = a;
        __asm__ volatile("cbtw" : "+a"(r1));
        __asm__ volatile("cwtl" : "+a"(r2));
        __asm__ volatile("cwtd" : "+a"(r3), "+d"(d3));
        __asm__ volatile("cltd" : "+a"(r4), "+d"(d4));
        __asm__ volatile("xlat" : "+a"(r5) : "b"(table));
        uint32_t x = a, y = ~a;
        __asm__ volatile("xchg %0, %1\n\txchgw %w0, %w1\n\txchgb %b0, %b1" : "+q"(x), "+q"(y));
        uint32_t l1, l2, l3;
        __asm__ volatile("lea 0x10(%2,%2,4), %0\n\tleaw -1(%2), %w1" : "=r"(l1), "=r"(l2) : "r"(a));
        l2 &= 0xffff;
        __asm__ volatile("addr16 lea 0x7fff(%%bx,%%si), %0" : "=r"(l3) : "b"(a), "S"(a * 3));
        printf("conv %x -> %x %x %x %x %x %x %x %x %x %x %x %x\n", a, r1, r2, r3, d3, r4, d4, r5, x, y, l1, l2, l3);
    }
    /* loop, loope, loopne, jecxz */
    for (int n = 0; n < 6; n++) {
        uint32_t c = n, it = 0, c2 = n + 3, it2 = 0, z;
        __asm__ volatile("jecxz 2f\n1:\tinc %1\n\tloop 1b\n2:" : "+c"(c), "+r"(it) :: "cc");
        __asm__ volatile("1:\tinc %1\n\tcmp $3, %1\n\tloopne 1b\n\tsetz %b2" : "+c"(c2), "+r"(it2), "=q"(z) :: "cc");
        printf("loop %d -> %u %u %u %u %u\n", n, c, it, c2, it2, z & 1);
    }
    /* cmc/clc/stc/std/cld and the flags they leave. */
    uint32_t f1, f2, f3, f4;
    __asm__ volatile("stc\n\tcmc\n\tpushf\n\tpop %0\n\tclc\n\tcmc\n\tpushf\n\tpop %1\n\tstd\n\tpushf\n\tpop %2\n\tcld\n\tpushf\n\tpop %3"
                     : "=r"(f1), "=r"(f2), "=r"(f3), "=r"(f4) :: "cc");
    printf("flags %x %x %x %x\n", f1 & (CF | DF), f2 & (CF | DF), f3 & (CF | DF), f4 & (CF | DF));
}

static __thread uint32_t tls_var = 0x600df00d;

static void segments(void) {
    uint32_t self, val, gs;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(self));
    __asm__ volatile("mov %%gs, %0" : "=r"(gs));
    uint32_t off = (uint32_t)&tls_var - self;
    __asm__ volatile("mov %%gs:(%1), %0" : "=r"(val) : "r"(off));
    __asm__ volatile("addl $1, %%gs:(%0)" :: "r"(off) : "memory", "cc");
    /* Selector values differ under a 64-bit host kernel: print the RPL only. */
    printf("gs %x %x %x %x\n", gs & 3, val, tls_var, off);
    uint16_t ds;
    __asm__ volatile("mov %%ds, %0" : "=r"(ds));
    __asm__ volatile("push %%gs\n\tpop %%fs\n\tmov %%fs:(%1), %0\n\tmov %%ds, %%ax\n\tmov %%ax, %%fs" : "=r"(val) : "r"(off) : "eax");
    printf("seg %x %x\n", ds & 3, val);
    /* String source with a gs override: lods and movs read TLS memory. */
    uint32_t got, copy = 0, *dstp = &copy, si = off;
    __asm__ volatile("gs lodsl" : "=a"(got), "+S"(si) :: "memory");
    si = off;
    __asm__ volatile("gs movsl" : "+S"(si), "+D"(dstp) :: "memory");
    printf("gs-string %x %x %x\n", got, copy, si - off);
}

int main(void) {
    strings();
    stack();
    convert();
    segments();
    return 0;
}
