/* MMX exerciser (tabvm-cpu differential tests): every MMX instruction
 * (Intel SDM Vol. 2; the NP 0F xx forms on mm registers) over edge-case
 * operands, in register, memory and same-register forms, every shift count
 * 0..65 and beyond in the mm/m64 and imm8 forms, and the aliasing of the MMX
 * registers with the x87 state (SDM Vol. 1, 9.5; Vol. 3A, 12.2): TOP, the tag
 * word, the register bytes in fnsave images, emms, and x87 code after MMX
 * code with and without emms. Prints hex; the output must be identical
 * natively and under tabvm. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define CLOB "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)", "memory"

static const uint64_t vals[] = {
    0, 1, 0xffffffffffffffffull, 0x0101010101010101ull,
    0x7f7f7f7f7f7f7f7full, 0x8080808080808080ull, 0xfefefefefefefefeull,
    0x7f80ff0001fe817eull, 0x0001000100010001ull, 0x7fff7fff7fff7fffull,
    0x8000800080008000ull, 0xffff0000fffe0001ull, 0x7fff8000ffff0001ull,
    0x0000000100000001ull, 0x7fffffff80000000ull, 0x80000000ffffffffull,
    0x7fffffff7fffffffull, 0x123456789abcdef0ull, 0xfedcba9876543210ull,
    0x00ff00ff00ff00ffull, 0x8000000000000000ull, 0x4000c0003fff8001ull,
    0x00000000ffffffffull, 0xff7f0180c0403f01ull,
};
#define NV (int)(sizeof vals / sizeof vals[0])

typedef uint64_t (*bin_fn)(uint64_t, uint64_t);
typedef uint64_t (*un_fn)(uint64_t);

/* Three forms per binary op: mm1 <- mm6 (registers), mm5 <- m64, and the
 * same register as both operands (mm3). */
#define BIN(name, insn)                                                       \
    static uint64_t name##_rr(uint64_t a, uint64_t b)                         \
    {                                                                         \
        uint64_t r;                                                           \
        __asm__ volatile("movq %1, %%mm1\n\tmovq %2, %%mm6\n\t" insn          \
                         " %%mm6, %%mm1\n\tmovq %%mm1, %0\n\temms"            \
                         : "=m"(r) : "m"(a), "m"(b) : CLOB);                  \
        return r;                                                             \
    }                                                                         \
    static uint64_t name##_rm(uint64_t a, uint64_t b)                         \
    {                                                                         \
        uint64_t r;                                                           \
        __asm__ volatile("movq %1, %%mm5\n\t" insn                            \
                         " %2, %%mm5\n\tmovq %%mm5, %0\n\temms"               \
                         : "=m"(r) : "m"(a), "m"(b) : CLOB);                  \
        return r;                                                             \
    }                                                                         \
    static uint64_t name##_same(uint64_t a)                                   \
    {                                                                         \
        uint64_t r;                                                           \
        __asm__ volatile("movq %1, %%mm3\n\t" insn                            \
                         " %%mm3, %%mm3\n\tmovq %%mm3, %0\n\temms"            \
                         : "=m"(r) : "m"(a) : CLOB);                          \
        return r;                                                             \
    }

/* The low unpacks read 32 bits from memory. */
#define BIN32(name, insn)                                                     \
    BIN(name, insn)                                                           \
    static uint64_t name##_rm32(uint64_t a, uint64_t b)                       \
    {                                                                         \
        uint64_t r;                                                           \
        uint32_t lo = (uint32_t)b;                                            \
        __asm__ volatile("movq %1, %%mm0\n\t" insn                            \
                         " %2, %%mm0\n\tmovq %%mm0, %0\n\temms"               \
                         : "=m"(r) : "m"(a), "m"(lo) : CLOB);                 \
        return r;                                                             \
    }

BIN(paddb, "paddb") BIN(paddw, "paddw") BIN(paddd, "paddd")
BIN(paddsb, "paddsb") BIN(paddsw, "paddsw")
BIN(paddusb, "paddusb") BIN(paddusw, "paddusw")
BIN(psubb, "psubb") BIN(psubw, "psubw") BIN(psubd, "psubd")
BIN(psubsb, "psubsb") BIN(psubsw, "psubsw")
BIN(psubusb, "psubusb") BIN(psubusw, "psubusw")
BIN(pmulhw, "pmulhw") BIN(pmullw, "pmullw") BIN(pmaddwd, "pmaddwd")
BIN(pcmpeqb, "pcmpeqb") BIN(pcmpeqw, "pcmpeqw") BIN(pcmpeqd, "pcmpeqd")
BIN(pcmpgtb, "pcmpgtb") BIN(pcmpgtw, "pcmpgtw") BIN(pcmpgtd, "pcmpgtd")
BIN(pand, "pand") BIN(pandn, "pandn") BIN(por, "por") BIN(pxor, "pxor")
BIN(packsswb, "packsswb") BIN(packssdw, "packssdw") BIN(packuswb, "packuswb")
BIN(punpckhbw, "punpckhbw") BIN(punpckhwd, "punpckhwd") BIN(punpckhdq, "punpckhdq")
BIN32(punpcklbw, "punpcklbw") BIN32(punpcklwd, "punpcklwd") BIN32(punpckldq, "punpckldq")
/* Shifts by mm/m64: the count is the whole quadword. */
BIN(psllw, "psllw") BIN(pslld, "pslld") BIN(psllq, "psllq")
BIN(psrlw, "psrlw") BIN(psrld, "psrld") BIN(psrlq, "psrlq")
BIN(psraw, "psraw") BIN(psrad, "psrad")

struct bin { const char *name; bin_fn rr, rm; un_fn same; };
#define B(n) { #n, n##_rr, n##_rm, n##_same }
static const struct bin bins[] = {
    B(paddb), B(paddw), B(paddd), B(paddsb), B(paddsw), B(paddusb), B(paddusw),
    B(psubb), B(psubw), B(psubd), B(psubsb), B(psubsw), B(psubusb), B(psubusw),
    B(pmulhw), B(pmullw), B(pmaddwd),
    B(pcmpeqb), B(pcmpeqw), B(pcmpeqd), B(pcmpgtb), B(pcmpgtw), B(pcmpgtd),
    B(pand), B(pandn), B(por), B(pxor),
    B(packsswb), B(packssdw), B(packuswb),
    B(punpckhbw), B(punpckhwd), B(punpckhdq),
    B(punpcklbw), B(punpcklwd), B(punpckldq),
};
static const struct bin shifts[] = {
    B(psllw), B(pslld), B(psllq), B(psrlw), B(psrld), B(psrlq), B(psraw), B(psrad),
};
#define NB (int)(sizeof bins / sizeof bins[0])
#define NS (int)(sizeof shifts / sizeof shifts[0])

static void hex(const char *tag, uint64_t v)
{
    printf(" %s%016llx", tag, (unsigned long long)v);
}

static void test_binary(void)
{
    for (int o = 0; o < NB; o++)
        for (int i = 0; i < NV; i++) {
            for (int j = 0; j < NV; j++) {
                printf("%s", bins[o].name);
                hex("", vals[i]);
                hex("", vals[j]);
                hex("rr=", bins[o].rr(vals[i], vals[j]));
                hex("rm=", bins[o].rm(vals[i], vals[j]));
                printf("\n");
            }
            printf("%s same", bins[o].name);
            hex("", vals[i]);
            hex("=", bins[o].same(vals[i]));
            printf("\n");
        }
    static const struct { const char *n; bin_fn f; } m32[] = {
        { "punpcklbw", punpcklbw_rm32 }, { "punpcklwd", punpcklwd_rm32 },
        { "punpckldq", punpckldq_rm32 },
    };
    for (int o = 0; o < 3; o++)
        for (int i = 0; i < NV; i++)
            for (int j = 0; j < NV; j += 3) {
                printf("%s m32", m32[o].n);
                hex("", vals[i]);
                hex("", vals[j]);
                hex("=", m32[o].f(vals[i], vals[j]));
                printf("\n");
            }
}

/* Shift operands: a few lane patterns. */
static const uint64_t svals[] = {
    0xffffffffffffffffull, 0x8000800080008000ull, 0x7fff7fff7fff7fffull,
    0x8000000180000001ull, 0x123456789abcdef0ull, 0x0001000100010001ull,
    0xfedcba9876543210ull, 0x4000c0003fff8001ull,
};
#define NSV (int)(sizeof svals / sizeof svals[0])

static const uint64_t big_counts[] = {
    0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
    0xffffffff, 0x100000000ull, 0x100000001ull, 0x1000000000000010ull,
    0x8000000000000000ull, 0xffffffffffffffffull,
};

static void test_shift_counts(void)
{
    for (int o = 0; o < NS; o++)
        for (int i = 0; i < NSV; i++) {
            for (uint64_t n = 0; n <= 65; n++) {
                printf("%s", shifts[o].name);
                hex("", svals[i]);
                printf(" %llu", (unsigned long long)n);
                hex("rr=", shifts[o].rr(svals[i], n));
                hex("rm=", shifts[o].rm(svals[i], n));
                printf("\n");
            }
            for (unsigned k = 0; k < sizeof big_counts / sizeof big_counts[0]; k++) {
                printf("%s", shifts[o].name);
                hex("", svals[i]);
                hex("n=", big_counts[k]);
                hex("rr=", shifts[o].rr(svals[i], big_counts[k]));
                hex("rm=", shifts[o].rm(svals[i], big_counts[k]));
                printf("\n");
            }
            printf("%s same", shifts[o].name);
            hex("", svals[i]);
            hex("=", shifts[o].same(svals[i]));
            printf("\n");
        }
}

/* The imm8 forms (0F 71/72/73 groups), one asm per immediate. */
#define SI(insn, n)                                                           \
    case n:                                                                   \
        __asm__ volatile("movq %1, %%mm2\n\t" insn " $" #n                    \
                         ", %%mm2\n\tmovq %%mm2, %0\n\temms"                  \
                         : "=m"(r) : "m"(a) : CLOB);                          \
        break;
#define SI_ALL(insn)                                                          \
    SI(insn, 0) SI(insn, 1) SI(insn, 2) SI(insn, 3) SI(insn, 7) SI(insn, 8)   \
    SI(insn, 9) SI(insn, 14) SI(insn, 15) SI(insn, 16) SI(insn, 17)           \
    SI(insn, 31) SI(insn, 32) SI(insn, 33) SI(insn, 47) SI(insn, 63)          \
    SI(insn, 64) SI(insn, 65) SI(insn, 127) SI(insn, 128) SI(insn, 200)       \
    SI(insn, 255)
static const int imms[] = { 0, 1, 2, 3, 7, 8, 9, 14, 15, 16, 17, 31, 32, 33,
                            47, 63, 64, 65, 127, 128, 200, 255 };
#define IMM_FN(name, insn)                                                    \
    static uint64_t name##_imm(uint64_t a, int n)                             \
    {                                                                         \
        uint64_t r = 0;                                                       \
        switch (n) { SI_ALL(insn) }                                           \
        return r;                                                             \
    }
IMM_FN(psllw, "psllw") IMM_FN(pslld, "pslld") IMM_FN(psllq, "psllq")
IMM_FN(psrlw, "psrlw") IMM_FN(psrld, "psrld") IMM_FN(psrlq, "psrlq")
IMM_FN(psraw, "psraw") IMM_FN(psrad, "psrad")

static void test_shift_imm(void)
{
    static const struct { const char *n; uint64_t (*f)(uint64_t, int); } fs[] = {
        { "psllw", psllw_imm }, { "pslld", pslld_imm }, { "psllq", psllq_imm },
        { "psrlw", psrlw_imm }, { "psrld", psrld_imm }, { "psrlq", psrlq_imm },
        { "psraw", psraw_imm }, { "psrad", psrad_imm },
    };
    for (int o = 0; o < 8; o++)
        for (int i = 0; i < NSV; i++)
            for (unsigned k = 0; k < sizeof imms / sizeof imms[0]; k++) {
                printf("%s imm", fs[o].n);
                hex("", svals[i]);
                printf(" %d", imms[k]);
                hex("=", fs[o].f(svals[i], imms[k]));
                printf("\n");
            }
}

/* movd/movq in every form; the destination starts as all ones so that
 * zero-extension shows. */
static void test_moves(void)
{
    for (int i = 0; i < NV; i++) {
        uint64_t v = vals[i], ones = ~0ull, r1, r2, r3, r4, r5;
        uint32_t lo = (uint32_t)v, d1, d2 = 0x5a5a5a5a;
        /* movd mm, r32 and mm, m32 */
        __asm__ volatile("movq %2, %%mm4\n\tmovd %3, %%mm4\n\tmovq %%mm4, %0\n\t"
                         "movq %2, %%mm7\n\tmovd %4, %%mm7\n\tmovq %%mm7, %1\n\temms"
                         : "=m"(r1), "=m"(r2) : "m"(ones), "r"(lo), "m"(lo) : CLOB);
        /* movd r32, mm and m32, mm */
        __asm__ volatile("movq %2, %%mm2\n\tmovd %%mm2, %0\n\tmovd %%mm2, %1\n\temms"
                         : "=r"(d1), "+m"(d2) : "m"(v) : CLOB);
        /* movq mm, mm (0F 6F), mm, mm (0F 7F: 0f 7f c8 = movq mm0 <- mm1),
         * m64, mm */
        __asm__ volatile("movq %3, %%mm1\n\tmovq %%mm1, %%mm6\n\tmovq %%mm6, %0\n\t"
                         "movq %4, %%mm0\n\t.byte 0x0f, 0x7f, 0xc8\n\tmovq %%mm0, %1\n\t"
                         "movq %%mm1, %2\n\temms"
                         : "=m"(r3), "=m"(r4), "=m"(r5) : "m"(v), "m"(ones) : CLOB);
        printf("mov");
        hex("", v);
        hex("d_r=", r1);
        hex("d_m=", r2);
        printf(" r32=%08x m32=%08x", d1, d2);
        hex("q6f=", r3);
        hex("q7f=", r4);
        hex("qm=", r5);
        printf("\n");
    }
    /* movd/movq through other registers and addressing forms. */
    uint64_t arr[4] = { 0x1111111122222222ull, 0x3333333344444444ull,
                        0x5555555566666666ull, 0x7777777788888888ull };
    for (int idx = 0; idx < 4; idx++) {
        uint64_t r;
        uint32_t d;
        __asm__ volatile("movq (%2,%3,8), %%mm3\n\tpaddw 8(%2), %%mm3\n\t"
                         "movq %%mm3, %0\n\tmovd 4(%2,%3,8), %%mm5\n\tmovd %%mm5, %1\n\temms"
                         : "=m"(r), "=r"(d) : "r"(arr), "r"(idx) : CLOB);
        printf("addr %d", idx);
        hex("", r);
        printf(" %08x\n", d);
    }
}

/* Memory operands that cross a page boundary, at several misalignments. */
static uint8_t page2[8192] __attribute__((aligned(4096)));

static void test_page_cross(void)
{
    for (int i = 0; i < 8192; i++)
        page2[i] = (uint8_t)(i * 37 + 11);
    static const int offs[] = { 4088, 4089, 4090, 4092, 4093, 4095, 4096 };
    for (unsigned k = 0; k < sizeof offs / sizeof offs[0]; k++) {
        uint8_t *p = page2 + offs[k];
        uint64_t a = vals[k + 5], r1, r2, r3, r4;
        uint32_t d;
        __asm__ volatile("movq %5, %%mm2\n\tpaddb (%4), %%mm2\n\tmovq %%mm2, %0\n\t"
                         "movq (%4), %%mm3\n\tmovq %%mm3, %1\n\t"
                         "movq %5, %%mm4\n\tpunpcklbw 1(%4), %%mm4\n\tmovq %%mm4, %2\n\t"
                         "movq %5, %%mm5\n\tmovq %%mm5, (%4)\n\tmovq (%4), %%mm6\n\tmovq %%mm6, %3\n\t"
                         "movd %%mm2, 2(%4)\n\tmovd 1(%4), %%mm7\n\tmovd %%mm7, %%eax\n\temms"
                         : "=m"(r1), "=m"(r2), "=m"(r3), "=m"(r4), "+r"(p) : "m"(a)
                         : CLOB, "eax");
        memcpy(&d, p + 1, 4);
        printf("cross %d", offs[k]);
        hex("", r1);
        hex("", r2);
        hex("", r3);
        hex("", r4);
        printf(" %08x\n", d);
    }
}

/* A chain over all eight registers without emms in between. */
static void test_chain(void)
{
    for (int i = 0; i + 8 <= NV; i++) {
        uint64_t m[8];
        memcpy(m, vals + i, sizeof m);
        __asm__ volatile(
            "movq 0(%0), %%mm0\n\tmovq 8(%0), %%mm1\n\tmovq 16(%0), %%mm2\n\t"
            "movq 24(%0), %%mm3\n\tmovq 32(%0), %%mm4\n\tmovq 40(%0), %%mm5\n\t"
            "movq 48(%0), %%mm6\n\tmovq 56(%0), %%mm7\n\t"
            "paddsw %%mm1, %%mm0\n\tpmaddwd %%mm0, %%mm2\n\tpsubusb %%mm7, %%mm3\n\t"
            "packsswb %%mm3, %%mm4\n\tpunpckhwd %%mm4, %%mm5\n\tpsraw $3, %%mm5\n\t"
            "pcmpgtw %%mm5, %%mm6\n\tpandn %%mm2, %%mm6\n\tpmulhw %%mm6, %%mm7\n\t"
            "psllq %%mm1, %%mm1\n\tpackuswb %%mm0, %%mm1\n\tpunpckldq %%mm7, %%mm0\n\t"
            "paddusw %%mm0, %%mm3\n\tpsrlq $17, %%mm2\n\tpxor %%mm2, %%mm4\n\t"
            "packssdw %%mm4, %%mm5\n\tpsubd %%mm5, %%mm6\n\tpcmpeqb %%mm6, %%mm6\n\t"
            "pmullw %%mm3, %%mm7\n\tpor %%mm7, %%mm1\n\tpsrad %%mm1, %%mm2\n\t"
            "movq %%mm0, 0(%0)\n\tmovq %%mm1, 8(%0)\n\tmovq %%mm2, 16(%0)\n\t"
            "movq %%mm3, 24(%0)\n\tmovq %%mm4, 32(%0)\n\tmovq %%mm5, 40(%0)\n\t"
            "movq %%mm6, 48(%0)\n\tmovq %%mm7, 56(%0)\n\temms"
            : : "r"(m) : CLOB);
        printf("chain %d", i);
        for (int k = 0; k < 8; k++)
            hex("", m[k]);
        printf("\n");
    }
}

/* ---- aliasing with the x87 state ---- */

struct env28 { uint16_t cw, p0, sw, p1, tw, p2; uint32_t fip, fcs, fdp, fds; };
struct save108 { struct env28 e; uint8_t st[8][10]; };

static void show_env(const char *what, const struct env28 *e)
{
    printf("%s cw=%04x sw=%04x top=%d tw=%04x\n", what, e->cw, e->sw, (e->sw >> 11) & 7, e->tw);
}

static void show_save(const char *what, const struct save108 *s)
{
    show_env(what, &s->e);
    for (int k = 0; k < 8; k++) {
        uint16_t se;
        uint64_t sig;
        memcpy(&sig, s->st[k], 8);
        memcpy(&se, s->st[k] + 8, 2);
        printf("  st%d %04x:%016llx\n", k, se, (unsigned long long)sig);
    }
}

static const uint64_t m8[8] = {
    0x0123456789abcdefull, 0, 1, 0x8000000000000000ull, 0xffffffffffffffffull,
    0x7ff0000000000000ull, 0xc000000000000000ull, 0x3fff800000000000ull,
};

/* FNINIT leaves the data registers as they are (SDM Vol. 2A "FINIT"), so
 * each case starts from known contents: eight zeros loaded, then FNINIT.
 * The last case of test_alias reads what FNINIT and FNSAVE left. */
#define RESET "fninit\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfldz\n\tfninit\n\t"

static void test_alias(void)
{
    struct env28 e;
    struct save108 s;
    uint64_t q[8];
    double d;
    uint16_t sw;

    /* Load every MMX register, then look at the x87 state. */
    __asm__ volatile(RESET "fld1\n\tfldpi\n\tfldz\n\t"
                     "movq 0(%1), %%mm0\n\tmovq 8(%1), %%mm1\n\tmovq 16(%1), %%mm2\n\t"
                     "movq 24(%1), %%mm3\n\tmovq 32(%1), %%mm4\n\tmovq 40(%1), %%mm5\n\t"
                     "movq 48(%1), %%mm6\n\tmovq 56(%1), %%mm7\n\tfnstenv %0\n\tfldcw %0"
                     : "=m"(e) : "r"(m8) : CLOB);
    show_env("movq all: fnstenv", &e);
    __asm__ volatile(RESET "fld1\n\tfldpi\n\t"
                     "movq 0(%1), %%mm0\n\tmovq 8(%1), %%mm1\n\tmovq 16(%1), %%mm2\n\t"
                     "movq 24(%1), %%mm3\n\tmovq 32(%1), %%mm4\n\tmovq 40(%1), %%mm5\n\t"
                     "movq 48(%1), %%mm6\n\tmovq 56(%1), %%mm7\n\tfnsave %0\n\tfninit"
                     : "=m"(s) : "r"(m8) : CLOB);
    show_save("movq all: fnsave", &s);

    /* After emms: tags empty, TOP? */
    __asm__ volatile(RESET "fld1\n\tfldpi\n\tmovq (%1), %%mm2\n\temms\n\tfnstenv %0\n\tfldcw %0\n\tfninit"
                     : "=m"(e) : "r"(m8) : CLOB);
    show_env("movq emms: fnstenv", &e);
    __asm__ volatile(RESET "fld1\n\tfldpi\n\temms\n\tfnstenv %0\n\tfldcw %0\n\tfninit"
                     : "=m"(e) : : CLOB);
    show_env("fld fld emms: fnstenv", &e);

    /* An MMX read (movd r32, mm) after x87 loads: TOP 0, all tags valid,
     * registers unchanged. */
    for (int k = 0; k < 8; k++) {
        uint32_t d1 = 0;
        static const char *const rd[8] = { "mm0", "mm1", "mm2", "mm3", "mm4", "mm5", "mm6", "mm7" };
        uint64_t v = 0;
        switch (k) {
#define RD(n)                                                                 \
        case n:                                                               \
            __asm__ volatile(RESET "fld1\n\tfldpi\n\tfldl2e\n\tfldz\n\t"  \
                             "movd %%mm" #n ", %1\n\tmovq %%mm" #n ", %2\n\t" \
                             "fnsave %0\n\tfninit"                            \
                             : "=m"(s), "=r"(d1), "=m"(v) : : CLOB);          \
            break;
        RD(0) RD(1) RD(2) RD(3) RD(4) RD(5) RD(6) RD(7)
        }
        printf("read %s: %08x", rd[k], d1);
        hex("", v);
        printf("\n");
        show_save("  fnsave", &s);
    }

    /* x87 after movq and emms works. */
    __asm__ volatile(RESET "movq (%2), %%mm0\n\temms\n\tfld1\n\tfldpi\n\tfaddp\n\t"
                     "fnstsw %1\n\tfstpl %0\n\tfninit"
                     : "=m"(d), "=m"(sw) : "r"(m8) : CLOB);
    memcpy(q, &d, 8);
    printf("emms then fld:");
    hex("", q[0]);
    printf(" sw=%04x\n", sw);

    /* Without emms: every tag valid, TOP 0: fld overflows the stack (IE, SF,
     * C1; masked response: the indefinite is pushed). */
    __asm__ volatile(RESET "movq 8(%1), %%mm0\n\tfld1\n\tfnsave %0\n\tfninit"
                     : "=m"(s) : "r"(m8) : CLOB);
    show_save("no emms then fld1: fnsave", &s);
    __asm__ volatile(RESET "movq 8(%2), %%mm0\n\tfldpi\n\tfnstsw %1\n\tfstpl %0\n\tfninit"
                     : "=m"(d), "=m"(sw) : "r"(m8) : CLOB);
    memcpy(q, &d, 8);
    printf("no emms then fldpi, fstp:");
    hex("", q[0]);
    printf(" sw=%04x\n", sw);

    /* x87 registers read as MMX: R7 = ST0 after one push from TOP 0. */
    __asm__ volatile(RESET "fld1\n\tfldpi\n\tfldln2\n\tfldz\n\tfld1\n\tfchs\n\t"
                     "movq %%mm7, 0(%0)\n\tmovq %%mm6, 8(%0)\n\tmovq %%mm5, 16(%0)\n\t"
                     "movq %%mm4, 24(%0)\n\tmovq %%mm3, 32(%0)\n\temms\n\tfninit"
                     : : "r"(q) : CLOB);
    printf("x87 as mmx:");
    for (int k = 0; k < 5; k++)
        hex("", q[k]);
    printf("\n");

    /* An MMX op, then fnstenv: exponent 0xffff makes the full tag "special";
     * an arithmetic result too. */
    __asm__ volatile(RESET "fldz\n\tfldz\n\tpxor %%mm3, %%mm3\n\tpcmpeqb %%mm7, %%mm7\n\t"
                     "fnsave %0\n\tfninit"
                     : "=m"(s) : : CLOB);
    show_save("fldz fldz pxor pcmpeqb: fnsave", &s);

    /* MMX values survive fnsave/frstor. */
    __asm__ volatile(RESET "movq 0(%1), %%mm1\n\tmovq 32(%1), %%mm6\n\tfnsave %0\n\t"
                     "pxor %%mm1, %%mm1\n\tpxor %%mm6, %%mm6\n\tfrstor %0\n\t"
                     "movq %%mm1, 0(%2)\n\tmovq %%mm6, 8(%2)\n\temms"
                     : "+m"(s) : "r"(m8), "r"(q) : CLOB);
    printf("frstor:");
    hex("", q[0]);
    hex("", q[1]);
    printf("\n");

    /* Control word and the other status bits are untouched by MMX. */
    uint16_t cw = 0x0e7f;
    __asm__ volatile(RESET "fldcw %1\n\tfldz\n\tfld1\n\tfdivp\n\tfld1\n\tfldz\n\tfdivp\n\tmovq (%2), %%mm3\n\t"
                     "fnstenv %0\n\tfninit"
                     : "=m"(e) : "m"(cw), "r"(m8) : CLOB);
    show_env("status kept", &e);

    /* FNINIT and FNSAVE keep the data registers: an MMX read sees them. */
    __asm__ volatile(RESET "fld1\n\tfninit\n\tmovq %%mm7, 0(%1)\n\temms\n\t"
                     "fldpi\n\tfnsave %0\n\tmovq %%mm7, 8(%1)\n\temms\n\tfninit"
                     : "=m"(s) : "r"(q) : CLOB);
    printf("kept by fninit, fnsave:");
    hex("", q[0]);
    hex("", q[1]);
    printf("\n");
}

int main(void)
{
    test_binary();
    test_shift_counts();
    test_shift_imm();
    test_moves();
    test_page_cross();
    test_chain();
    test_alias();
    return 0;
}
