/* Exerciser: shl/sal/shr/sar/rol/ror/rcl/rcr/shld/shrd in 8/16/32 bits for
 * every count 0..33 (masked to 5 bits by the CPU), carry in 0 and 1, by cl
 * and by immediate. Printed flags follow the SDM's definitions: a masked
 * count of 0 changes nothing (all flags printed), OF only for count 1, CF
 * of shl/shr undefined when count >= width, AF always undefined; rotates
 * leave SF/ZF/AF/PF alone (printed). */
#include "int_common.h"

static uint32_t shift_mask(int rot, int count, int width, int is_shlr) {
    int c = count & 31;
    if (c == 0)
        return ALL;
    uint32_t m = rot ? ALL : (CF | PF | ZF | SF | OF);
    if (c != 1)
        m &= ~OF;
    if (is_shlr && c >= width)
        m &= ~CF;
    return m;
}

#define SH(NAME, INSN, T, W, ROT, SHLR)                                             \
    static void NAME(void) {                                                        \
        for (int i = 0; i < NV; i++)                                                \
            for (int c = 0; c <= 33; c++)                                           \
                for (int k = 0; k < 2; k++) {                                       \
                    T a = (T)vals[i], r = a, m = a;                                 \
                    uint32_t f, g, fin = fins[k];                                   \
                    __asm__ volatile("push %[fin]\n\tpopf\n\t" INSN " %%cl, %[r]\n\tpushf\n\tpop %[f]" \
                                     : [r] "+q"(r), [f] "=&r"(f) : "c"(c), [fin] "r"(fin) : "cc"); \
                    __asm__ volatile("push %[fin]\n\tpopf\n\t" INSN " %%cl, %[m]\n\tpushf\n\tpop %[g]" \
                                     : [m] "+m"(m), [g] "=&r"(g) : "c"(c), [fin] "r"(fin) : "cc"); \
                    uint32_t mk = shift_mask(ROT, c, W, SHLR);                      \
                    printf(#NAME " %x %d %03x -> %x %03x | %x %03x\n", (unsigned)a, c, fin, \
                           (unsigned)r, f & mk, (unsigned)m, g & mk);               \
                }                                                                   \
    }

#define SH3(OP, ROT, SHLR)                       \
    SH(OP##b, #OP "b", uint8_t, 8, ROT, SHLR)    \
    SH(OP##w, #OP "w", uint16_t, 16, ROT, SHLR)  \
    SH(OP##l, #OP "l", uint32_t, 32, ROT, SHLR)

SH3(shl, 0, 1)
SH3(shr, 0, 1)
SH3(sar, 0, 0)
SH3(rol, 1, 0)
SH3(ror, 1, 0)
SH3(rcl, 1, 0)
SH3(rcr, 1, 0)

/* Immediate-count and by-one forms. */
static void imm_forms(void) {
    for (int i = 0; i < NV; i++)
        for (int k = 0; k < 2; k++) {
            uint32_t a = vals[i], fin = fins[k], r[6], f[6];
            for (int n = 0; n < 6; n++) r[n] = a;
            __asm__ volatile("push %2\n\tpopf\n\tshll $1, %0\n\tpushf\n\tpop %1" : "+r"(r[0]), "=&r"(f[0]) : "r"(fin) : "cc");
            __asm__ volatile("push %2\n\tpopf\n\tsarl $1, %0\n\tpushf\n\tpop %1" : "+r"(r[1]), "=&r"(f[1]) : "r"(fin) : "cc");
            __asm__ volatile("push %2\n\tpopf\n\trcrl $1, %0\n\tpushf\n\tpop %1" : "+r"(r[2]), "=&r"(f[2]) : "r"(fin) : "cc");
            __asm__ volatile("push %2\n\tpopf\n\trolw $1, %w0\n\tpushf\n\tpop %1" : "+r"(r[3]), "=&r"(f[3]) : "r"(fin) : "cc");
            __asm__ volatile("push %2\n\tpopf\n\tshrl $7, %0\n\tpushf\n\tpop %1" : "+r"(r[4]), "=&r"(f[4]) : "r"(fin) : "cc");
            __asm__ volatile("push %2\n\tpopf\n\trclb $3, %b0\n\tpushf\n\tpop %1" : "+q"(r[5]), "=&r"(f[5]) : "r"(fin) : "cc");
            printf("shimm %x %03x -> %x %03x %x %03x %x %03x %x %03x %x %03x %x %03x\n", a, fin,
                   r[0], f[0] & (CF | PF | ZF | SF | OF), r[1], f[1] & (CF | PF | ZF | SF | OF),
                   r[2], f[2] & ALL, r[3], f[3] & ALL, r[4], f[4] & (CF | PF | ZF | SF),
                   r[5], f[5] & (ALL & ~OF));
        }
}

/* shld/shrd: counts above the width leave result and flags undefined
 * (16-bit forms), so they are skipped. */
#define DSH(NAME, INSN, T, W)                                                       \
    static void NAME(void) {                                                        \
        for (int i = 0; i < NV; i += 1)                                             \
            for (int j = 0; j < NV; j += 3)                                         \
                for (int c = 0; c <= 33; c++) {                                     \
                    int mc = c & 31;                                                \
                    if (mc > W)                                                     \
                        continue;                                                   \
                    T a = (T)vals[i], b = (T)vals[j], r = a;                         \
                    uint32_t f, fin = (i & 1) ? ALL : 0;                             \
                    __asm__ volatile("push %[fin]\n\tpopf\n\t" INSN " %%cl, %[b], %[r]\n\tpushf\n\tpop %[f]" \
                                     : [r] "+r"(r), [f] "=&r"(f) : [b] "r"(b), "c"(c), [fin] "r"(fin) : "cc"); \
                    uint32_t mk = mc == 0 ? ALL : mc == 1 ? (CF | PF | ZF | SF | OF) : (CF | PF | ZF | SF); \
                    if (mc == W && W == 16) mk &= ~CF;                             \
                    printf(#NAME " %x %x %d -> %x %03x\n", (unsigned)a, (unsigned)b, c, (unsigned)r, f & mk); \
                }                                                                   \
    }
DSH(shldw, "shldw", uint16_t, 16)
DSH(shldl, "shldl", uint32_t, 32)
DSH(shrdw, "shrdw", uint16_t, 16)
DSH(shrdl, "shrdl", uint32_t, 32)

static void dsh_mem_imm(void) {
    for (int i = 0; i < NV; i++) {
        uint32_t m = vals[i], b = vals[NV - 1 - i], f;
        __asm__ volatile("shldl $5, %2, %0\n\tpushf\n\tpop %1" : "+m"(m), "=r"(f) : "r"(b) : "cc");
        uint32_t n = vals[i], g;
        __asm__ volatile("shrdl $31, %2, %0\n\tpushf\n\tpop %1" : "+m"(n), "=r"(g) : "r"(b) : "cc");
        printf("dshimm %x %x -> %x %03x %x %03x\n", vals[i], b, m, f & (CF | PF | ZF | SF), n, g & (CF | PF | ZF | SF));
    }
}

int main(void) {
    shlb(); shlw(); shll(); shrb(); shrw(); shrl(); sarb(); sarw(); sarl();
    rolb(); rolw(); roll(); rorb(); rorw(); rorl(); rclb(); rclw(); rcll();
    rcrb(); rcrw(); rcrl();
    imm_forms();
    shldw(); shldl(); shrdw(); shrdl();
    dsh_mem_imm();
    return 0;
}
