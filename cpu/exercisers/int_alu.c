/* Exerciser: add/adc/sub/sbb/cmp/and/or/xor/test, inc/dec/neg/not, xadd,
 * cmpxchg, in 8/16/32 bits, register and memory destinations. */
#include "int_common.h"

#define BIN(NAME, INSN, T, MASK)                                                \
    static void NAME(void) {                                                    \
        for (int i = 0; i < NV; i++)                                            \
            for (int j = 0; j < NV; j++)                                        \
                for (int k = 0; k < 2; k++) {                                   \
                    T a = (T)vals[i], b = (T)vals[j], r = a, m = a;             \
                    uint32_t f, g, fin = fins[k];                               \
                    __asm__ volatile("push %[fin]\n\tpopf\n\t" INSN " %[b], %[r]\n\t" \
                                     "pushf\n\tpop %[f]"                        \
                                     : [r] "+q"(r), [f] "=&r"(f)                \
                                     : [b] "q"(b), [fin] "r"(fin) : "cc");      \
                    __asm__ volatile("push %[fin]\n\tpopf\n\t" INSN " %[b], %[m]\n\t" \
                                     "pushf\n\tpop %[g]"                        \
                                     : [m] "+m"(m), [g] "=&r"(g)                \
                                     : [b] "q"(b), [fin] "r"(fin) : "cc");      \
                    printf(#NAME " %x %x %03x -> %x %03x | %x %03x\n", (unsigned)a, \
                           (unsigned)b, fin, (unsigned)r, f & (MASK), (unsigned)m, g & (MASK)); \
                }                                                               \
    }

#define UN(NAME, INSN, T, MASK)                                                 \
    static void NAME(void) {                                                    \
        for (int i = 0; i < NV; i++)                                            \
            for (int k = 0; k < 2; k++) {                                       \
                T a = (T)vals[i], r = a, m = a;                                 \
                uint32_t f, g, fin = fins[k];                                   \
                __asm__ volatile("push %[fin]\n\tpopf\n\t" INSN " %[r]\n\tpushf\n\tpop %[f]" \
                                 : [r] "+q"(r), [f] "=&r"(f) : [fin] "r"(fin) : "cc"); \
                __asm__ volatile("push %[fin]\n\tpopf\n\t" INSN " %[m]\n\tpushf\n\tpop %[g]" \
                                 : [m] "+m"(m), [g] "=&r"(g) : [fin] "r"(fin) : "cc"); \
                printf(#NAME " %x %03x -> %x %03x | %x %03x\n", (unsigned)a, fin,    \
                       (unsigned)r, f & (MASK), (unsigned)m, g & (MASK));        \
            }                                                                   \
    }

#define BIN3(OP, MASK)                                 \
    BIN(OP##b, #OP "b", uint8_t, MASK)                 \
    BIN(OP##w, #OP "w", uint16_t, MASK)                \
    BIN(OP##l, #OP "l", uint32_t, MASK)
#define UN3(OP, MASK)                                  \
    UN(OP##b, #OP "b", uint8_t, MASK)                  \
    UN(OP##w, #OP "w", uint16_t, MASK)                 \
    UN(OP##l, #OP "l", uint32_t, MASK)

BIN3(add, ALL)
BIN3(adc, ALL)
BIN3(sub, ALL)
BIN3(sbb, ALL)
BIN3(cmp, ALL)
BIN3(and, LOGIC)
BIN3(or, LOGIC)
BIN3(xor, LOGIC)
BIN3(test, LOGIC)
UN3(inc, ALL)
UN3(dec, ALL)
UN3(neg, ALL)
UN3(not, ALL)

/* Immediate forms, sign-extended imm8 included. */
static void imm_forms(void) {
    for (int i = 0; i < NV; i++) {
        uint32_t a = vals[i], r1 = a, r2 = a, r3 = a, f1, f2, f3;
        uint16_t w = (uint16_t)a;
        __asm__ volatile("addl $-1, %0\n\tpushf\n\tpop %1" : "+r"(r1), "=r"(f1) :: "cc");
        __asm__ volatile("subl $0x7f, %0\n\tpushf\n\tpop %1" : "+r"(r2), "=r"(f2) :: "cc");
        __asm__ volatile("andl $0x80000001, %0\n\tpushf\n\tpop %1" : "+r"(r3), "=r"(f3) :: "cc");
        __asm__ volatile("addw $-128, %0" : "+r"(w) :: "cc");
        printf("imm %x -> %x %03x %x %03x %x %03x %x\n", a, r1, f1 & ALL, r2, f2 & ALL, r3, f3 & LOGIC, w);
    }
}

static void xadd_cmpxchg(void) {
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j += 3) {
            uint32_t a = vals[i], b = vals[j], f;
            uint32_t m = a, r = b;
            __asm__ volatile("lock xaddl %1, %0\n\tpushf\n\tpop %2" : "+m"(m), "+r"(r), "=r"(f) :: "cc");
            printf("xaddl %x %x -> %x %x %03x\n", a, b, m, r, f & ALL);
            uint8_t mb = (uint8_t)a, rb = (uint8_t)b;
            __asm__ volatile("xaddb %1, %0\n\tpushf\n\tpop %2" : "+m"(mb), "+q"(rb), "=r"(f) :: "cc");
            printf("xaddb %x %x -> %x %x %03x\n", a & 0xff, b & 0xff, mb, rb, f & ALL);
            /* cmpxchg: eax compared with the destination. */
            uint32_t acc = (j & 1) ? a : b, d = a, src = 0x5555aaaa;
            __asm__ volatile("lock cmpxchgl %2, %0\n\tpushf\n\tpop %3"
                             : "+m"(d), "+a"(acc) : "r"(src), "r"(0) : "cc");
            __asm__ volatile("pushf\n\tpop %0" : "=r"(f));
            printf("cmpxchgl %x %x -> %x %x\n", a, b, d, acc);
            uint16_t dw = (uint16_t)a, accw = (uint16_t)((j & 1) ? a : b), sw = 0x1234;
            __asm__ volatile("cmpxchgw %2, %0\n\tpushf\n\tpop %%ecx"
                             : "+r"(dw), "+a"(accw) : "r"(sw) : "cc", "ecx");
            printf("cmpxchgw %x %x -> %x %x\n", a & 0xffff, b & 0xffff, dw, accw);
        }
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++) {
            uint32_t acc = vals[i], d = vals[j], src = 7, f;
            __asm__ volatile("cmpxchgl %3, %1\n\tpushf\n\tpop %2" : "+a"(acc), "+r"(d), "=r"(f) : "r"(src) : "cc");
            printf("cmpxchg-flags %x %x -> %x %x %03x\n", vals[i], vals[j], acc, d, f & ALL);
        }
}

static void cmpxchg8b_test(void) {
    for (int i = 0; i < NV; i += 2)
        for (int j = 0; j < 4; j++) {
            uint64_t m = ((uint64_t)vals[i] << 32) | vals[NV - 1 - i];
            uint32_t lo = (j & 1) ? (uint32_t)m : 1, hi = (j & 2) ? (uint32_t)(m >> 32) : 2, f;
            __asm__ volatile("lock cmpxchg8b %0\n\tpushf\n\tpop %3"
                             : "+m"(m), "+a"(lo), "+d"(hi), "=r"(f)
                             : "b"(0xcafef00d), "c"(0x0badf00d) : "cc");
            printf("cmpxchg8b %d %d -> %llx %x %x %03x\n", i, j, (unsigned long long)m, lo, hi, f & ZF);
        }
}

int main(void) {
    addb(); addw(); addl(); adcb(); adcw(); adcl(); subb(); subw(); subl();
    sbbb(); sbbw(); sbbl(); cmpb(); cmpw(); cmpl(); andb(); andw(); andl();
    orb(); orw(); orl(); xorb(); xorw(); xorl(); testb(); testw(); testl();
    incb(); incw(); incl(); decb(); decw(); decl(); negb(); negw(); negl();
    notb(); notw(); notl();
    imm_forms();
    xadd_cmpxchg();
    cmpxchg8b_test();
    return 0;
}
