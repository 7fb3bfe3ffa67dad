/* FP-heavy workload for `cargo xtask bench` (the x87 unit: i386 Debian is
 * built without SSE, so every double below is x87 code): an n-body
 * simulation (fadd/fmul/fdiv/fsqrt), a Simpson integration of libm
 * functions (sin, exp, log, atan: fsin, f2xm1, fyl2x, fpatan inside glibc),
 * and a long-double Horner/Newton loop. Prints a checksum so the work
 * cannot be optimised away. Takes a few seconds natively at -O2; pass a
 * scale factor as argv[1] (default 100). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NB 5
struct body { double x, y, z, vx, vy, vz, m; };

static double energy(const struct body *b)
{
    double e = 0;
    for (int i = 0; i < NB; i++) {
        e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < NB; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static double nbody(int steps)
{
    const double pi = 3.141592653589793, days = 365.24, sm = 4 * pi * pi;
    struct body b[NB] = {
        {0, 0, 0, 0, 0, 0, sm},
        {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03 * days, 7.69901118419740425e-03 * days,
         -6.90460016972063023e-05 * days, 9.54791938424326609e-04 * sm},
        {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03 * days, 4.99852801234917238e-03 * days,
         2.30417297573763929e-05 * days, 2.85885980666130812e-04 * sm},
        {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03 * days, 2.37847173959480950e-03 * days,
         -2.96589568540237556e-05 * days, 4.36624404335156298e-05 * sm},
        {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03 * days, 1.62824170038242295e-03 * days,
         -9.51592254519715870e-05 * days, 5.15138902046611451e-05 * sm},
    };
    double dt = 0.01;
    for (int s = 0; s < steps; s++) {
        for (int i = 0; i < NB; i++)
            for (int j = i + 1; j < NB; j++) {
                double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * sqrt(d2));
                b[i].vx -= dx * b[j].m * mag; b[i].vy -= dy * b[j].m * mag; b[i].vz -= dz * b[j].m * mag;
                b[j].vx += dx * b[i].m * mag; b[j].vy += dy * b[i].m * mag; b[j].vz += dz * b[i].m * mag;
            }
        for (int i = 0; i < NB; i++) {
            b[i].x += dt * b[i].vx; b[i].y += dt * b[i].vy; b[i].z += dt * b[i].vz;
        }
    }
    return energy(b);
}

static double f(double x) { return sin(x) * exp(-x / 4) + log(1 + x) * atan(x); }

static double simpson(int n)
{
    double a = 0, bnd = 10, h = (bnd - a) / n, s = f(a) + f(bnd);
    for (int i = 1; i < n; i++)
        s += f(a + i * h) * (i & 1 ? 4 : 2);
    return s * h / 3;
}

static long double newton(int n)
{
    long double acc = 0;
    for (int i = 1; i <= n; i++) {
        long double x = i, r = x;
        for (int k = 0; k < 6; k++)
            r = (r + x / r) / 2;              /* sqrt by Newton */
        long double p = ((0.25L * r - 1.5L) * r + 3.0L) * r - 0.125L;
        acc += p / (x + 1);
    }
    return acc;
}

int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 100;
    double e = nbody(50000 * scale);
    double s = simpson(20000 * scale);
    long double n = newton(20000 * scale);
    printf("nbody %.9f simpson %.12f newton %.12Lf\n", e, s, n);
    return 0;
}
