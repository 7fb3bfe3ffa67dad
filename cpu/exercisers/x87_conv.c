/* x87 loads and stores in every memory format: fld m32/m64/m80,
 * fild m16/m32/m64, fbld; fst/fstp m32/m64/m80, fist/fistp m16/m32/m64,
 * fbstp, under each rounding mode. Values loaded and stored in 80-bit
 * form must keep every bit. */
#include "x87_common.h"

static const uint32_t f32s[] = {
    0, 0x80000000, 0x3f800000, 0xbf800000, 0x00000001, 0x807fffff, 0x00400000,
    0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001,
    0x7f800001, 0xffa00000, 0x3eaaaaab, 0x4b800000, 0xcf000000,
};
static const uint64_t f64s[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0x0000000000000001ull,
    0x800fffffffffffffull, 0x0008000000000000ull, 0x7fefffffffffffffull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0x7ff0000000000001ull, 0xfff4000000000000ull, 0x3fd5555555555555ull,
    0x4330000000000000ull, 0xc3e0000000000000ull, 0x0010000000000000ull,
};
static const uint64_t ints[] = {
    0, 1, 0xffffffffffffffffull, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
    0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x123456789abcdefull,
};
static const uint8_t bcds[][10] = {
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80},
    {0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0},
    {0x21, 0x43, 0x65, 0x87, 0x09, 0, 0, 0, 0, 0x80},
    {0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f},
};

/* Each loader: fninit; fldcw; load; fnstsw; fstpt. */
#define LOAD(fn, insn, T)                                                      \
    static void fn(uint16_t cw, const T *m, f80 *r, uint16_t *sw)              \
    {                                                                          \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\t" insn " %[m]\n\tfnstsw %[sw]\n\t" \
                         "fstpt %[r]\n\tfninit"                                \
                         : [r] "=m"(*r), [sw] "=m"(*sw)                         \
                         : [cw] "m"(cw), [m] "m"(*m)                           \
                         : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",    \
                           "st(6)", "st(7)", "memory");                       \
    }
LOAD(ld32, "flds", uint32_t)
LOAD(ld64, "fldl", uint64_t)
LOAD(ild16, "filds", uint64_t)
LOAD(ild32, "fildl", uint64_t)
LOAD(ild64, "fildll", uint64_t)
LOAD(bld, "fbld", uint8_t)

/* Each store: fninit; fldcw; fldt a; store to m (pops or not); fnstsw; then
 * fstpt of whatever is left on top (an empty register stores the
 * indefinite and sets IE, after the status word was taken). */
#define STORE(fn, insn)                                                        \
    static void fn(uint16_t cw, const f80 *a, uint8_t *m, f80 *r, uint16_t *sw) \
    {                                                                          \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfld1\n\tfldt %[a]\n\t" insn " %[m]\n\t" \
                         "fnstsw %[sw]\n\tfstpt %[r]\n\tfninit"                \
                         : [r] "=m"(*r), [sw] "=m"(*sw), [m] "=m"(*(uint8_t(*)[10])m) \
                         : [cw] "m"(cw), [a] "m"(*a)                           \
                         : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",    \
                           "st(6)", "st(7)", "memory");                       \
    }
STORE(st32, "fsts")
STORE(stp64, "fstpl")
STORE(stp80, "fstpt")
STORE(ist16, "fists")
STORE(istp32, "fistpl")
STORE(istp64, "fistpll")
STORE(bstp, "fbstp")

static void pbytes(const uint8_t *m, int n)
{
    printf(" m=");
    for (int i = n - 1; i >= 0; i--)
        printf("%02x", m[i]);
}

int main(void)
{
    f80 r;
    uint16_t sw;
    for (int k = 0; k < NRC; k++) {
        for (unsigned i = 0; i < sizeof f32s / sizeof f32s[0]; i++) {
            ld32(rcs[k], &f32s[i], &r, &sw);
            printf("flds %04x %08x ->", rcs[k], f32s[i]);
            pf80(&r);
            printf(" sw=%04x\n", sw);
        }
        for (unsigned i = 0; i < sizeof f64s / sizeof f64s[0]; i++) {
            ld64(rcs[k], &f64s[i], &r, &sw);
            printf("fldl %04x %016llx ->", rcs[k], (unsigned long long)f64s[i]);
            pf80(&r);
            printf(" sw=%04x\n", sw);
        }
    }
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        ild16(0x037f, &ints[i], &r, &sw);
        printf("filds %016llx ->", (unsigned long long)ints[i]);
        pf80(&r);
        printf(" sw=%04x\n", sw);
        ild32(0x037f, &ints[i], &r, &sw);
        printf("fildl %016llx ->", (unsigned long long)ints[i]);
        pf80(&r);
        printf(" sw=%04x\n", sw);
        ild64(0x037f, &ints[i], &r, &sw);
        printf("fildll %016llx ->", (unsigned long long)ints[i]);
        pf80(&r);
        printf(" sw=%04x\n", sw);
    }
    for (unsigned i = 0; i < sizeof bcds / sizeof bcds[0]; i++) {
        bld(0x037f, bcds[i], &r, &sw);
        printf("fbld %u ->", i);
        pf80(&r);
        printf(" sw=%04x\n", sw);
    }
    static const struct {
        const char *name;
        void (*fn)(uint16_t, const f80 *, uint8_t *, f80 *, uint16_t *);
        int len;
    } stores[] = {
        {"fsts", st32, 4},      {"fstpl", stp64, 8},     {"fstpt", stp80, 10},
        {"fists", ist16, 2},    {"fistpl", istp32, 4},   {"fistpll", istp64, 8},
        {"fbstp", bstp, 10},
    };
    /* Extra operands for the integer and BCD stores: halves and range edges. */
    static const f80 more[] = {
        {0xc000000000000000ull, 0x3fff}, {0xa000000000000000ull, 0x4000},
        {0xe000000000000000ull, 0xc000}, {0x8000000000000000ull, 0x3ffe},
        {0xfffe000000000000ull, 0x400d}, {0x8000000000000000ull, 0xc00e},
        {0x8000800000000000ull, 0xc00e}, {0xffffffff00000000ull, 0x401d},
        {0x8000000000000000ull, 0xc01e}, {0xffffffffffffffffull, 0x403d},
        {0x8000000000000000ull, 0xc03e}, {0xde0b6b3a763fffffull, 0x403a},
        {0xde0b6b3a76400000ull, 0x403a}, {0xc000000000000000ull, 0xbffe},
    };
    for (unsigned s = 0; s < sizeof stores / sizeof stores[0]; s++)
        for (int k = 0; k < NRC; k++)
            for (int i = 0; i < NV + (int)(sizeof more / sizeof more[0]); i++) {
                const f80 *a = i < NV ? &vals[i] : &more[i - NV];
                uint8_t m[10];
                memset(m, 0xa5, sizeof m);
                stores[s].fn(rcs[k], a, m, &r, &sw);
                printf("%s %04x", stores[s].name, rcs[k]);
                pf80(a);
                pbytes(m, stores[s].len);
                pf80(&r);
                printf(" sw=%04x\n", sw);
            }
    return 0;
}
