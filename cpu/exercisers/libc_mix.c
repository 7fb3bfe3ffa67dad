/* Differential smoke test: a mix of glibc paths (qsort, printf of floats
 * with every conversion, strtod extremes, setjmp/longjmp, ctype, 64-bit
 * division helpers, large malloc/memcpy, long double) whose output must be
 * the same natively and under tabvm. Found gcc's `rep bsf` (tzcnt encoding)
 * in __printf_fp. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <math.h>
#include <ctype.h>
#include <stdint.h>
#include <time.h>
static jmp_buf jb;
static int cmpi(const void *a, const void *b) { return *(int*)a - *(int*)b; }
static void deep(int n) { if (n == 0) longjmp(jb, 42); deep(n - 1); }
int main(void) {
    char buf[256];
    int arr[100];
    for (int i = 0; i < 100; i++) arr[i] = (i * 7919) % 101 - 50;
    qsort(arr, 100, sizeof arr[0], cmpi);
    for (int i = 0; i < 100; i += 9) printf("%d ", arr[i]);
    printf("\n");
    snprintf(buf, sizeof buf, "%g %e %.10f %a %Lf", 3.14159, 1e-300, 2.0/3, 0.1, (long double)1/3);
    puts(buf);
    printf("%f %f %f %f\n", sqrt(2.0), sin(1.0), exp(1.5), log10(12345.0));
    printf("%.17g %.17g\n", strtod("1.7976931348623157e308", NULL), strtod("4.9e-324", NULL));
    int r = setjmp(jb);
    if (r == 0) deep(50); else printf("longjmp %d\n", r);
    char s[] = "The Quick Brown Fox";
    for (char *p = s; *p; p++) *p = toupper((unsigned char)*p);
    printf("%s %zu %s %d\n", s, strlen(s), strstr(s, "BROWN"), strcmp(s, "THE"));
    uint64_t a = 0x123456789abcdefULL, b = 0xfedcba987ULL;
    printf("%llu %llu %lld %llx\n", (unsigned long long)(a / b), (unsigned long long)(a % b), (long long)(-a / 3), (unsigned long long)(a * b));
    char *m = malloc(1 << 20); memset(m, 'x', 1 << 20); m[(1 << 20) - 1] = 0;
    printf("%zu\n", strlen(m));
    char *big = malloc(10 << 20); memcpy(big, m, 1 << 20); printf("%d\n", memcmp(big, m, 1 << 20));
    free(m); free(big);
    long double ld = 1.0L; for (int i = 0; i < 70; i++) ld *= 2.5L; printf("%Lg\n", ld);
    printf("%d %d\n", abs(-5), (int)lround(2.5));
    return 0;
}
