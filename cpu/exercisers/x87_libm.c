/* glibc's libm on the x87 (i386 Debian has no SSE): double-precision
 * functions over a sweep of arguments, and the rounding functions under
 * each rounding mode set with fesetround. The output is the bit patterns of
 * the results, so natively and under tabvm they must be identical. */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned long long b(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return (unsigned long long)u;
}

static double (*const f1[])(double) = {
    sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, exp, exp2, expm1,
    log, log2, log10, log1p, sqrt, cbrt, erf, erfc, lgamma, tgamma, asinh,
    atanh,
};
static const char *const n1[] = {
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp",
    "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt", "erf",
    "erfc", "lgamma", "tgamma", "asinh", "atanh",
};
static double (*const f2[])(double, double) = { pow, atan2, hypot, fmod, remainder };
static const char *const n2[] = { "pow", "atan2", "hypot", "fmod", "remainder" };
static double (*const fr[])(double) = { rint, nearbyint, floor, ceil, trunc, round };
static const char *const nr[] = { "rint", "nearbyint", "floor", "ceil", "trunc", "round" };
static const int modes[] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };

int main(void)
{
    for (unsigned f = 0; f < sizeof f1 / sizeof f1[0]; f++)
        for (int k = -120; k <= 120; k++) {
            double x = k * 0.0731 + 0.003;
            printf("%s %016llx %016llx\n", n1[f], b(x), b(f1[f](x)));
        }
    for (unsigned f = 0; f < sizeof f2 / sizeof f2[0]; f++)
        for (int k = -40; k <= 40; k++)
            for (int j = -6; j <= 6; j++) {
                double x = k * 0.173 + 0.01, y = j * 0.77 + 0.05;
                if (f == 0)
                    x = fabs(x);
                printf("%s %016llx %016llx %016llx\n", n2[f], b(x), b(y), b(f2[f](x, y)));
            }
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        for (unsigned f = 0; f < sizeof fr / sizeof fr[0]; f++)
            for (int k = -30; k <= 30; k++) {
                double x = k * 0.25 + (k & 1 ? 0.0 : 1e-9);
                printf("%s %d %016llx %016llx %ld\n", nr[f], m, b(x), b(fr[f](x)), lrint(x));
            }
        for (int k = -30; k <= 30; k++) {
            double x = k * 0.37;
            printf("arith %d %016llx %016llx %016llx %016llx\n", m, b(x / 3.0), b(x * 1.1),
                   b(x + 1e-17), b(sqrt(fabs(x) + 0.5)));
        }
    }
    fesetround(FE_TONEAREST);
    return 0;
}
