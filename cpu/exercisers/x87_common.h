/* Shared helpers of the x87 exercisers (tabvm-cpu differential tests).
 * Each exerciser loads edge-case 80-bit operands (zeros, denormals,
 * pseudo-denormals, unnormals, infinities, QNaN/SNaN, extremes, values near
 * rounding boundaries), runs one instruction under each rounding mode and
 * precision, and prints the results as hex bit patterns with the status
 * word (and EFLAGS for fcomi). The output must be identical natively and
 * under tabvm. All exceptions stay masked, as Linux sets them. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef struct { uint64_t sig; uint16_t se; } __attribute__((packed)) f80;

static const f80 vals[] = {
    {0, 0}, {0, 0x8000},                                   /* +-0 */
    {0x8000000000000000ull, 0x3fff},                       /* 1 */
    {0x8000000000000000ull, 0xbfff},                       /* -1 */
    {0xc000000000000000ull, 0x4000},                       /* 3 */
    {0xaaaaaaaaaaaaaaabull, 0x3ffd},                       /* ~1/3 */
    {0xc90fdaa22168c235ull, 0x4000},                       /* pi */
    {0xffffffffffffffffull, 0x3ffe},                       /* 1 - ulp */
    {0x8000000000000001ull, 0x3fff},                       /* 1 + ulp */
    {0x8000000000000400ull, 0x4034},                       /* tie at 53 bits */
    {0x8000008000000000ull, 0xc01f},                       /* tie at 24 bits */
    {0xfffffffffffff800ull, 0x43fe},                       /* near DBL_MAX */
    {0xffffffffffffffffull, 0x7ffe},                       /* max */
    {0xffffffffffffffffull, 0xfffe},                       /* -max */
    {0x8000000000000000ull, 0x0001},                       /* min normal */
    {0x4000000000000000ull, 0x0000},                       /* denormal */
    {0x0000000000000001ull, 0x8000},                       /* -min denormal */
    {0x8000000000000000ull, 0x0000},                       /* pseudo-denormal */
    {0x4000000000000000ull, 0x3fff},                       /* unnormal */
    {0x8000000000000000ull, 0x7fff},                       /* +inf */
    {0x8000000000000000ull, 0xffff},                       /* -inf */
    {0xc000000000000000ull, 0xffff},                       /* indefinite */
    {0xc000000000001234ull, 0x7fff},                       /* QNaN */
    {0xa000000000000000ull, 0xffff},                       /* SNaN */
    {0x8000000000000000ull, 0x3c01},                       /* 2^-1022 */
    {0x8000000000000000ull, 0x3f81},                       /* 2^-126 */
    {0x9d3c2b46f1e58a07ull, 0x401c},                       /* large */
    {0xe3a4b5c6d7e8f901ull, 0xbfe8},                       /* small */
};
#define NV (int)(sizeof vals / sizeof vals[0])

/* RC x PC: 12 control words, all exceptions masked. */
static const uint16_t cws[] = {
    0x037f, 0x077f, 0x0b7f, 0x0f7f, 0x027f, 0x067f,
    0x0a7f, 0x0e7f, 0x007f, 0x047f, 0x087f, 0x0c7f,
};
#define NCW 12
/* The 4 rounding modes at extended precision. */
static const uint16_t rcs[] = { 0x037f, 0x077f, 0x0b7f, 0x0f7f };
#define NRC 4

static void pf80(const f80 *v)
{
    printf(" %04x:%016llx", v->se, (unsigned long long)v->sig);
}

/* Two operands: ST0 = a, ST1 = b; then INSN; prints ST0, ST1 and the
 * status word. INSN is raw bytes, so no assembler operand-order quirks. */
#define OP2(fn, insn)                                                        \
    static void fn(uint16_t cw, const f80 *a, const f80 *b, f80 *r0, f80 *r1, \
                   uint16_t *sw)                                             \
    {                                                                        \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" \
                         insn "\n\tfnstsw %[sw]\n\tfstpt %[r0]\n\tfstpt %[r1]\n\tfninit" \
                         : [r0] "=m"(*r0), [r1] "=m"(*r1), [sw] "=m"(*sw)     \
                         : [cw] "m"(cw), [a] "m"(*a), [b] "m"(*b)            \
                         : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",  \
                           "st(6)", "st(7)", "memory");                     \
    }

static __attribute__((unused)) void show2(const char *name, uint16_t cw, const f80 *a, const f80 *b,
                  const f80 *r0, const f80 *r1, uint16_t sw)
{
    printf("%s %04x", name, cw);
    pf80(a);
    pf80(b);
    printf(" ->");
    pf80(r0);
    pf80(r1);
    printf(" sw=%04x\n", sw);
}
