/* Exerciser: mul/imul (1, 2 and 3 operands)/div/idiv (cases that do not
 * raise #DE), bt/bts/btr/btc (register, immediate and memory forms with
 * bit offsets beyond the operand, negative included), bsf/bsr, bswap,
 * movzx/movsx, setcc/cmovcc over every status-flag combination, and the
 * BCD adjustments daa/das/aaa/aas/aam/aad. */
#include "int_common.h"

static void muls(void) {
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++) {
            uint32_t a = vals[i], b = vals[j], lo, hi, f;
            __asm__ volatile("mull %3\n\tpushf\n\tpop %2" : "=a"(lo), "=d"(hi), "=r"(f) : "r"(b), "a"(a) : "cc");
            printf("mull %x %x -> %x %x %03x\n", a, b, lo, hi, f & (CF | OF));
            __asm__ volatile("imull %3\n\tpushf\n\tpop %2" : "=a"(lo), "=d"(hi), "=r"(f) : "r"(b), "a"(a) : "cc");
            printf("imull1 %x %x -> %x %x %03x\n", a, b, lo, hi, f & (CF | OF));
            uint32_t ax = a;
            __asm__ volatile("mulb %b2\n\tpushf\n\tpop %1" : "+a"(ax), "=r"(f) : "q"(b) : "cc");
            printf("mulb %x %x -> %x %03x\n", a, b & 0xff, ax & 0xffff, f & (CF | OF));
            ax = a;
            __asm__ volatile("imulb %b2\n\tpushf\n\tpop %1" : "+a"(ax), "=r"(f) : "q"(b) : "cc");
            printf("imulb %x %x -> %x %03x\n", a, b & 0xff, ax & 0xffff, f & (CF | OF));
            uint32_t dx = 0xaaaa5555;
            ax = a;
            __asm__ volatile("mulw %w3\n\tpushf\n\tpop %2" : "+a"(ax), "+d"(dx), "=r"(f) : "r"(b) : "cc");
            printf("mulw %x %x -> %x %x %03x\n", a, b & 0xffff, ax, dx, f & (CF | OF));
            ax = a;
            __asm__ volatile("imulw %w3\n\tpushf\n\tpop %2" : "+a"(ax), "+d"(dx), "=r"(f) : "r"(b) : "cc");
            printf("imulw %x %x -> %x %x %03x\n", a, b & 0xffff, ax, dx, f & (CF | OF));
            uint32_t r = a;
            __asm__ volatile("imull %2, %0\n\tpushf\n\tpop %1" : "+r"(r), "=r"(f) : "r"(b) : "cc");
            printf("imul2 %x %x -> %x %03x\n", a, b, r, f & (CF | OF));
            uint16_t rw = (uint16_t)a;
            __asm__ volatile("imulw %2, %0\n\tpushf\n\tpop %1" : "+r"(rw), "=r"(f) : "r"((uint16_t)b) : "cc");
            printf("imul2w %x %x -> %x %03x\n", a & 0xffff, b & 0xffff, rw, f & (CF | OF));
        }
    for (int i = 0; i < NV; i++) {
        uint32_t a = vals[i], r1, r2, f1, f2;
        __asm__ volatile("imull $-3, %2, %0\n\tpushf\n\tpop %1" : "=r"(r1), "=r"(f1) : "r"(a) : "cc");
        __asm__ volatile("imull $0x12345, %2, %0\n\tpushf\n\tpop %1" : "=r"(r2), "=r"(f2) : "r"(a) : "cc");
        printf("imul3 %x -> %x %03x %x %03x\n", a, r1, f1 & (CF | OF), r2, f2 & (CF | OF));
    }
}

static void divs(void) {
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++)
            for (int h = 0; h < 3; h++) {
                uint32_t lo = vals[i], d = vals[j], hi = h == 0 ? 0 : h == 1 ? (d ? d - 1 : 0) : 0xffffffff;
                if (d == 0)
                    continue;
                if (hi < d) {
                    uint32_t q = lo, r = hi;
                    __asm__ volatile("divl %2" : "+a"(q), "+d"(r) : "r"(d) : "cc");
                    printf("divl %x %x %x -> %x %x\n", hi, lo, d, q, r);
                }
                int64_t n = (int64_t)(((uint64_t)hi << 32) | lo);
                int64_t sd = (int32_t)d;
                if (!(n == INT64_MIN && sd == -1)) {
                    int64_t q = n / sd;
                    if (q >= INT32_MIN && q <= INT32_MAX) {
                        uint32_t qq = lo, rr = hi;
                        __asm__ volatile("idivl %2" : "+a"(qq), "+d"(rr) : "r"(d) : "cc");
                        printf("idivl %x %x %x -> %x %x\n", hi, lo, d, qq, rr);
                    }
                }
                uint32_t ax = lo & 0xffff, d8 = d & 0xff;
                if (d8 && (ax / d8) <= 0xff) {
                    uint32_t x = ax;
                    __asm__ volatile("divb %b1" : "+a"(x) : "q"(d8) : "cc");
                    printf("divb %x %x -> %x\n", ax, d8, x & 0xffff);
                }
                int16_t sa = (int16_t)ax;
                int8_t s8 = (int8_t)d8;
                if (s8 && sa / s8 >= -128 && sa / s8 <= 127) {
                    uint32_t x = ax;
                    __asm__ volatile("idivb %b1" : "+a"(x) : "q"(d8) : "cc");
                    printf("idivb %x %x -> %x\n", ax, d8, x & 0xffff);
                }
                uint32_t d16 = d & 0xffff, hw = hi & 0xffff;
                if (d16 && hw < d16) {
                    uint32_t x = lo & 0xffff, y = hw;
                    __asm__ volatile("divw %w2" : "+a"(x), "+d"(y) : "r"(d16) : "cc");
                    printf("divw %x %x %x -> %x %x\n", hw, lo & 0xffff, d16, x & 0xffff, y & 0xffff);
                }
                int32_t n32 = (int32_t)((hw << 16) | (lo & 0xffff));
                int16_t s16 = (int16_t)d16;
                if (s16 && !(n32 == INT32_MIN && s16 == -1) && n32 / s16 >= -32768 && n32 / s16 <= 32767) {
                    uint32_t x = lo & 0xffff, y = hw;
                    __asm__ volatile("idivw %w2" : "+a"(x), "+d"(y) : "r"(d16) : "cc");
                    printf("idivw %x %x %x -> %x %x\n", hw, lo & 0xffff, d16, x & 0xffff, y & 0xffff);
                }
            }
}

static void bits(void) {
    static uint32_t arr[16];
    for (int i = 0; i < NV; i++)
        for (int b = -70; b < 70; b += 3) {
            uint32_t a = vals[i], r, f;
            r = a;
            __asm__ volatile("btl %2, %0\n\tpushf\n\tpop %1" : "+r"(r), "=r"(f) : "r"(b) : "cc");
            uint32_t r2 = a, f2, r3 = a, f3, r4 = a, f4;
            __asm__ volatile("btsl %2, %0\n\tpushf\n\tpop %1" : "+r"(r2), "=r"(f2) : "r"(b) : "cc");
            __asm__ volatile("btrl %2, %0\n\tpushf\n\tpop %1" : "+r"(r3), "=r"(f3) : "r"(b) : "cc");
            __asm__ volatile("btcw %w2, %w0\n\tpushf\n\tpop %1" : "+r"(r4), "=r"(f4) : "r"(b) : "cc");
            printf("bt %x %d -> %03x %x %03x %x %03x %x %03x\n", a, b, f & (CF | ZF), r2, f2 & (CF | ZF),
                   r3, f3 & (CF | ZF), r4, f4 & (CF | ZF));
            /* Memory forms: the offset selects a dword relative to arr[8]. */
            for (int k = 0; k < 16; k++) arr[k] = vals[(i + k) % NV];
            uint32_t fm;
            __asm__ volatile("btcl %1, %0\n\tpushf\n\tpop %2" : "+m"(arr[8]), "+r"(b), "=r"(fm) :: "cc", "memory");
            uint32_t fw;
            __asm__ volatile("btsw %w1, %0\n\tpushf\n\tpop %2" : "+m"(arr[8]), "+r"(b), "=r"(fw) :: "cc", "memory");
            uint32_t sum = 0;
            for (int k = 0; k < 16; k++) sum = sum * 31 + arr[k];
            printf("btm %x %d -> %03x %03x %x\n", a, b, fm & CF, fw & CF, sum);
        }
    for (int i = 0; i < NV; i++) {
        uint32_t a = vals[i], r1 = 0x1111, r2 = 0x2222, f1, f2, r3 = a, r4 = a, f3;
        __asm__ volatile("bsfl %2, %0\n\tpushf\n\tpop %1" : "+r"(r1), "=r"(f1) : "r"(a) : "cc");
        __asm__ volatile("bsrl %2, %0\n\tpushf\n\tpop %1" : "+r"(r2), "=r"(f2) : "r"(a) : "cc");
        if (a == 0)
            r1 = r2 = 0;
        uint16_t w1 = 0x3333;
        __asm__ volatile("bsrw %w2, %0\n\tpushf\n\tpop %1" : "+r"(w1), "=r"(f3) : "r"(a) : "cc");
        if ((a & 0xffff) == 0)
            w1 = 0;
        uint32_t m = a;
        __asm__ volatile("btl $31, %1\n\tpushf\n\tpop %0" : "=r"(f3), "+m"(m) :: "cc");
        __asm__ volatile("bswap %0" : "+r"(r3));
        __asm__ volatile("notl %0\n\tbswap %0" : "+r"(r4));
        printf("bs %x -> %x %03x %x %03x %x %03x %x %x\n", a, r1, f1 & ZF, r2, f2 & ZF, w1, f3 & CF, r3, r4);
        uint32_t z1, z2, s1, s2;
        __asm__ volatile("movzbl %b1, %0" : "=r"(z1) : "q"(a));
        __asm__ volatile("movzwl %w1, %0" : "=r"(z2) : "r"(a));
        __asm__ volatile("movsbl %b1, %0" : "=r"(s1) : "q"(a));
        __asm__ volatile("movswl %w1, %0" : "=r"(s2) : "r"(a));
        uint16_t sw = 0xeeee;
        __asm__ volatile("movsbw %b1, %0" : "+r"(sw) : "q"(a));
        printf("mov %x -> %x %x %x %x %x\n", a, z1, z2, s1, s2, sw);
    }
}

static void conds(void) {
    /* Every combination of OF SF ZF PF CF (AF does not matter to any cc). */
    for (uint32_t n = 0; n < 32; n++) {
        uint32_t fl = ((n & 1) ? CF : 0) | ((n & 2) ? PF : 0) | ((n & 4) ? ZF : 0) | ((n & 8) ? SF : 0) | ((n & 16) ? OF : 0);
        uint8_t s[16];
        __asm__ volatile("push %16\n\tpopf\n\t"
                         "seto %0\n\tsetno %1\n\tsetb %2\n\tsetae %3\n\tsete %4\n\tsetne %5\n\tsetbe %6\n\tseta %7\n\t"
                         "sets %8\n\tsetns %9\n\tsetp %10\n\tsetnp %11\n\tsetl %12\n\tsetge %13\n\tsetle %14\n\tsetg %15"
                         : "=m"(s[0]), "=m"(s[1]), "=m"(s[2]), "=m"(s[3]), "=m"(s[4]), "=m"(s[5]), "=m"(s[6]), "=m"(s[7]),
                           "=m"(s[8]), "=m"(s[9]), "=m"(s[10]), "=m"(s[11]), "=m"(s[12]), "=m"(s[13]), "=m"(s[14]), "=m"(s[15])
                         : "r"(fl) : "cc");
        printf("setcc %03x ->", fl);
        for (int k = 0; k < 16; k++) printf(" %d", s[k]);
        uint32_t c1 = 1, c2 = 2, c3 = 3, c4 = 4, src = 0x99;
        __asm__ volatile("push %5\n\tpopf\n\tcmovl %4, %0\n\tcmovbe %4, %1\n\tcmovp %4, %2\n\tcmovno %4, %3"
                         : "+r"(c1), "+r"(c2), "+r"(c3), "+r"(c4) : "r"(src), "r"(fl) : "cc");
        uint16_t w = 7;
        __asm__ volatile("push %2\n\tpopf\n\tcmovgw %1, %0" : "+r"(w) : "r"((uint16_t)0x55), "r"(fl) : "cc");
        printf(" | %x %x %x %x %x\n", c1, c2, c3, c4, w);
    }
    /* Conditions after real arithmetic: lazily evaluated flags. */
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++) {
            uint32_t a = vals[i], b = vals[j];
            uint8_t l, g, be, o, s, p;
            __asm__ volatile("cmpl %7, %6\n\tsetl %0\n\tsetg %1\n\tsetbe %2\n\tseto %3\n\tsets %4\n\tsetp %5"
                             : "=m"(l), "=m"(g), "=m"(be), "=m"(o), "=m"(s), "=m"(p) : "r"(a), "r"(b) : "cc");
            uint8_t l2, c2;
            __asm__ volatile("addb %b3, %b2\n\tsetl %0\n\tsetc %1" : "=m"(l2), "=m"(c2), "+q"(a) : "q"(b) : "cc");
            printf("cmpcc %x %x -> %d%d%d%d%d%d %d%d\n", vals[i], b, l, g, be, o, s, p, l2, c2);
        }
}

static void bcd(void) {
    for (uint32_t v = 0; v < 256; v++)
        for (uint32_t fl = 0; fl < 4; fl++) {
            uint32_t fin = ((fl & 1) ? CF : 0) | ((fl & 2) ? AF : 0);
            uint32_t a1 = v | 0x1200, f1, a2 = v | 0x3400, f2, a3 = v | 0x0500, f3, a4 = v | 0x0700, f4;
            __asm__ volatile("push %2\n\tpopf\n\tdaa\n\tpushf\n\tpop %1" : "+a"(a1), "=r"(f1) : "r"(fin) : "cc");
            __asm__ volatile("push %2\n\tpopf\n\tdas\n\tpushf\n\tpop %1" : "+a"(a2), "=r"(f2) : "r"(fin) : "cc");
            __asm__ volatile("push %2\n\tpopf\n\taaa\n\tpushf\n\tpop %1" : "+a"(a3), "=r"(f3) : "r"(fin) : "cc");
            __asm__ volatile("push %2\n\tpopf\n\taas\n\tpushf\n\tpop %1" : "+a"(a4), "=r"(f4) : "r"(fin) : "cc");
            printf("bcd %x %03x -> %x %03x %x %03x %x %03x %x %03x\n", v, fin, a1, f1 & (CF | AF | SF | ZF | PF),
                   a2, f2 & (CF | AF | SF | ZF | PF), a3, f3 & (CF | AF), a4, f4 & (CF | AF));
        }
    for (uint32_t v = 0; v < 256; v += 3) {
        uint32_t a1 = v | 0x5500, f1, a2 = v | (v << 8), f2, a3 = v, a4 = (v << 8) | 0x42, f4;
        __asm__ volatile("aam\n\tpushf\n\tpop %1" : "+a"(a1), "=r"(f1) :: "cc");
        __asm__ volatile("aad\n\tpushf\n\tpop %1" : "+a"(a2), "=r"(f2) :: "cc");
        __asm__ volatile("aam $7" : "+a"(a3) :: "cc");
        __asm__ volatile("aad $16\n\tpushf\n\tpop %1" : "+a"(a4), "=r"(f4) :: "cc");
        printf("aam %x -> %x %03x %x %03x %x %x %03x\n", v, a1, f1 & (SF | ZF | PF), a2, f2 & (SF | ZF | PF), a3, a4, f4 & (SF | ZF | PF));
    }
}

int main(void) {
    muls();
    divs();
    bits();
    conds();
    bcd();
    return 0;
}
