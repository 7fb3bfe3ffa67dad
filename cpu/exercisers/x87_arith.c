/* x87 arithmetic: fadd/fsub/fsubr/fmul/fdiv/fdivr (all rounding modes and
 * precisions), faddp/fsubrp/fdivp, fsqrt, frndint, fprem, fprem1, fscale. */
#include "x87_common.h"

OP2(fadd, ".byte 0xd8, 0xc1")
OP2(fsub, ".byte 0xd8, 0xe1")
OP2(fsubr, ".byte 0xd8, 0xe9")
OP2(fmul, ".byte 0xd8, 0xc9")
OP2(fdiv, ".byte 0xd8, 0xf1")
OP2(fdivr, ".byte 0xd8, 0xf9")
OP2(faddp, ".byte 0xde, 0xc1")
OP2(fsubrp, ".byte 0xde, 0xe1")
OP2(fdivp, ".byte 0xde, 0xf9")
OP2(fsqrt, ".byte 0xd9, 0xfa")
OP2(frndint, ".byte 0xd9, 0xfc")
OP2(fprem, ".byte 0xd9, 0xf8")
OP2(fprem1, ".byte 0xd9, 0xf5")
OP2(fscale, ".byte 0xd9, 0xfd")

typedef void (*op2_fn)(uint16_t, const f80 *, const f80 *, f80 *, f80 *, uint16_t *);

static void all_pairs(const char *name, op2_fn fn, const uint16_t *modes, int nmodes)
{
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++)
            for (int k = 0; k < nmodes; k++) {
                f80 r0, r1;
                uint16_t sw;
                fn(modes[k], &vals[i], &vals[j], &r0, &r1, &sw);
                show2(name, modes[k], &vals[i], &vals[j], &r0, &r1, sw);
            }
}

static void singles(const char *name, op2_fn fn, const uint16_t *modes, int nmodes)
{
    for (int i = 0; i < NV; i++)
        for (int k = 0; k < nmodes; k++) {
            f80 r0, r1;
            uint16_t sw;
            fn(modes[k], &vals[i], &vals[2], &r0, &r1, &sw);
            show2(name, modes[k], &vals[i], &vals[2], &r0, &r1, sw);
        }
}

int main(void)
{
    all_pairs("fadd", fadd, cws, NCW);
    all_pairs("fsub", fsub, cws, NCW);
    all_pairs("fsubr", fsubr, rcs, NRC);
    all_pairs("fmul", fmul, cws, NCW);
    all_pairs("fdiv", fdiv, cws, NCW);
    all_pairs("fdivr", fdivr, rcs, NRC);
    all_pairs("faddp", faddp, rcs, 1);
    all_pairs("fsubrp", fsubrp, rcs, 1);
    all_pairs("fdivp", fdivp, rcs, 1);
    singles("fsqrt", fsqrt, cws, NCW);
    singles("frndint", frndint, cws, NCW);
    all_pairs("fprem", fprem, rcs, 1);
    all_pairs("fprem1", fprem1, rcs, 1);
    all_pairs("fscale", fscale, rcs, NRC);
    return 0;
}
