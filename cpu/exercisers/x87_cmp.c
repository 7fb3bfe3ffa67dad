/* x87 compares and classification (fcom, fucom, fcomi, fucomi and their
 * popping forms, ftst, fxam, with EFLAGS from fcomi), fxtract, fchs/fabs/fxch,
 * fcmovcc, the constants under each rounding mode, and stack faults with
 * the tag word. */
#include "x87_common.h"

/* ST0 = a, ST1 = b; INSN; then fnstenv (status and tag words) and EFLAGS
 * (ZF, PF, CF; fcomi clears OF, SF, AF), then ST0 and ST1. EFLAGS are set
 * to `fin` before INSN (for fcmovcc). */
#define OPE(fn, insn)                                                          \
    static void fn(uint32_t fin, const f80 *a, const f80 *b, f80 *r0, f80 *r1, \
                   uint16_t env[14], uint32_t *fl)                             \
    {                                                                          \
        __asm__ volatile("fninit\n\tfldt %[b]\n\tfldt %[a]\n\t"                \
                         "pushl %[fin]\n\tpopfl\n\t" insn "\n\t"               \
                         "pushfl\n\tpopl %[fl]\n\tfnstenv %[env]\n\t"          \
                         "fstpt %[r0]\n\tfstpt %[r1]\n\tfninit"                \
                         : [r0] "=m"(*r0), [r1] "=m"(*r1), [fl] "=m"(*fl),     \
                           [env] "=m"(*(uint16_t(*)[14])env)                   \
                         : [a] "m"(*a), [b] "m"(*b), [fin] "r"(fin)            \
                         : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",    \
                           "st(6)", "st(7)", "memory", "cc");                 \
    }

OPE(fcom, ".byte 0xd8, 0xd1")
OPE(fcomp, ".byte 0xd8, 0xd9")
OPE(fcompp, ".byte 0xde, 0xd9")
OPE(fucom, ".byte 0xdd, 0xe1")
OPE(fucompp, ".byte 0xda, 0xe9")
OPE(fcomi, ".byte 0xdb, 0xf1")
OPE(fucomi, ".byte 0xdb, 0xe9")
OPE(fcomip, ".byte 0xdf, 0xf1")
OPE(fucomip, ".byte 0xdf, 0xe9")
OPE(ftst, ".byte 0xd9, 0xe4")
OPE(fxam, ".byte 0xd9, 0xe5")
OPE(fxtract, ".byte 0xd9, 0xf4")
OPE(fchs, ".byte 0xd9, 0xe0")
OPE(fabs_, ".byte 0xd9, 0xe1")
OPE(fxch, ".byte 0xd9, 0xc9")
OPE(fcmovb, ".byte 0xda, 0xc1")
OPE(fcmove, ".byte 0xda, 0xc9")
OPE(fcmovbe, ".byte 0xda, 0xd1")
OPE(fcmovu, ".byte 0xda, 0xd9")
OPE(fcmovnb, ".byte 0xdb, 0xc1")
OPE(fcmovne, ".byte 0xdb, 0xc9")
OPE(fcmovnbe, ".byte 0xdb, 0xd1")
OPE(fcmovnu, ".byte 0xdb, 0xd9")
/* Stack faults: a ninth push, operations on empty registers. */
OPE(overflow, "fld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1")
OPE(empty_add, "ffree %%st(1)\n\t.byte 0xd8, 0xc1")
OPE(empty_xch, "ffree %%st(1)\n\t.byte 0xd9, 0xc9")
OPE(empty_xam, "ffree %%st(0)\n\t.byte 0xd9, 0xe5")
OPE(empty_com, "ffree %%st(1)\n\t.byte 0xdb, 0xf1")
OPE(empty_st, "ffree %%st(0)\n\tfst %%st(1)")
OPE(incdec, "fincstp\n\tfincstp\n\tfdecstp\n\tffree %%st(2)\n\tfdecstp")

typedef void (*ope_fn)(uint32_t, const f80 *, const f80 *, f80 *, f80 *, uint16_t *, uint32_t *);

static void show(const char *name, uint32_t fin, const f80 *a, const f80 *b, ope_fn fn)
{
    f80 r0, r1;
    uint16_t env[14];
    uint32_t fl;
    fn(fin, a, b, &r0, &r1, env, &fl);
    printf("%s", name);
    pf80(a);
    pf80(b);
    printf(" ->");
    pf80(&r0);
    pf80(&r1);
    printf(" sw=%04x tw=%04x fl=%03x\n", env[2], env[4], fl & 0x8d5);
}

/* The constants under each rounding mode. */
#define CONST(fn, insn)                                                        \
    static void fn(uint16_t cw, f80 *r)                                        \
    {                                                                          \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\t" insn "\n\tfstpt %[r]\n\tfninit" \
                         : [r] "=m"(*r)                                        \
                         : [cw] "m"(cw)                                        \
                         : "st", "memory");                                   \
    }
CONST(ldpi, "fldpi")
CONST(ldl2t, "fldl2t")
CONST(ldl2e, "fldl2e")
CONST(ldlg2, "fldlg2")
CONST(ldln2, "fldln2")
CONST(ld1, "fld1")
CONST(ldz, "fldz")

int main(void)
{
    static const struct { const char *name; ope_fn fn; } pairs[] = {
        {"fcom", fcom},     {"fcomp", fcomp},   {"fcompp", fcompp},
        {"fucom", fucom},   {"fucompp", fucompp}, {"fcomi", fcomi},
        {"fucomi", fucomi}, {"fcomip", fcomip}, {"fucomip", fucomip},
    };
    static const struct { const char *name; ope_fn fn; } singles[] = {
        {"ftst", ftst},   {"fxam", fxam}, {"fxtract", fxtract}, {"fchs", fchs},
        {"fabs", fabs_},  {"fxch", fxch}, {"overflow", overflow},
        {"empty_add", empty_add}, {"empty_xch", empty_xch},
        {"empty_xam", empty_xam}, {"empty_com", empty_com},
        {"empty_st", empty_st}, {"incdec", incdec},
    };
    static const struct { const char *name; ope_fn fn; } cmovs[] = {
        {"fcmovb", fcmovb},   {"fcmove", fcmove},   {"fcmovbe", fcmovbe},
        {"fcmovu", fcmovu},   {"fcmovnb", fcmovnb}, {"fcmovne", fcmovne},
        {"fcmovnbe", fcmovnbe}, {"fcmovnu", fcmovnu},
    };
    for (unsigned p = 0; p < sizeof pairs / sizeof pairs[0]; p++)
        for (int i = 0; i < NV; i++)
            for (int j = 0; j < NV; j++)
                show(pairs[p].name, 0x8d5, &vals[i], &vals[j], pairs[p].fn);
    for (unsigned s = 0; s < sizeof singles / sizeof singles[0]; s++)
        for (int i = 0; i < NV; i++)
            show(singles[s].name, 0, &vals[i], &vals[(i + 5) % NV], singles[s].fn);
    for (unsigned c = 0; c < sizeof cmovs / sizeof cmovs[0]; c++)
        for (uint32_t f = 0; f < 8; f++) {
            /* CF, PF, ZF combinations. */
            uint32_t fin = (f & 1) | ((f & 2) << 1) | ((f & 4) << 4);
            show(cmovs[c].name, fin, &vals[6], &vals[2], cmovs[c].fn);
        }
    static const struct { const char *name; void (*fn)(uint16_t, f80 *); } consts[] = {
        {"fldpi", ldpi}, {"fldl2t", ldl2t}, {"fldl2e", ldl2e}, {"fldlg2", ldlg2},
        {"fldln2", ldln2}, {"fld1", ld1}, {"fldz", ldz},
    };
    for (unsigned c = 0; c < sizeof consts / sizeof consts[0]; c++)
        for (int k = 0; k < NCW; k++) {
            f80 r;
            consts[c].fn(cws[k], &r);
            printf("%s %04x ->", consts[c].name, cws[k]);
            pf80(&r);
            printf("\n");
        }
    return 0;
}
