/* CPU-bound integer workload for `cargo xtask bench`: a prime sieve, an
 * FNV-1a/xorshift hash loop, and sorting (insertion sort of small runs plus
 * a hand-written quicksort and a merge pass), with a checksum printed at the
 * end so the work cannot be optimised away. Takes a few seconds natively at
 * -O2; pass a scale factor as argv[1] (default 30). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t rng = 2463534242u;
static uint32_t xorshift(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static uint32_t sieve(int n) {
    uint8_t *composite = calloc(n + 1, 1);
    uint32_t count = 0, sum = 0;
    for (int i = 2; i <= n; i++) {
        if (composite[i])
            continue;
        count++;
        sum += i;
        if (i > n / i)
            continue;
        for (int j = i * i; j <= n; j += i)
            composite[j] = 1;
    }
    free(composite);
    return count * 31 + sum;
}

static uint32_t hash_loop(int rounds) {
    uint8_t buf[4096];
    for (int i = 0; i < (int)sizeof buf; i++)
        buf[i] = (uint8_t)xorshift();
    uint32_t h = 2166136261u;
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < (int)sizeof buf; i++) {
            h ^= buf[i];
            h *= 16777619u;
        }
        buf[r & 4095] ^= (uint8_t)h;
    }
    return h;
}

static void quicksort(int32_t *a, int lo, int hi) {
    while (hi - lo > 16) {
        int32_t p = a[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) {
                int32_t t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    for (int i = lo + 1; i <= hi; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static int cmp32(const void *x, const void *y) {
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static uint32_t sorting(int n) {
    int32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    for (int i = 0; i < n; i++)
        a[i] = b[i] = (int32_t)xorshift();
    quicksort(a, 0, n - 1);
    qsort(b, n, sizeof *b, cmp32);
    uint32_t h = 0;
    for (int i = 0; i < n; i++) {
        if (a[i] != b[i])
            return 0xbad;
        h = h * 33 + (uint32_t)a[i];
    }
    free(a);
    free(b);
    return h;
}

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 30;
    uint32_t check = 0;
    for (int k = 0; k < scale; k++) {
        check = check * 7 + sieve(2000000);
        check = check * 7 + hash_loop(2000);
        check = check * 7 + sorting(300000);
    }
    printf("int bench: scale %d checksum %08x\n", scale, check);
    return 0;
}
