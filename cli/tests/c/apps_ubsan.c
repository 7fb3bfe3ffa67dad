/* Undefined behaviour the sanitizer reports: a signed overflow, an
 * over-wide shift, an out-of-bounds index. */
#include <limits.h>
#include <stdio.h>

int main(int argc, char **argv) {
    (void)argv;
    int big = INT_MAX - 1 + argc;
    int shift = 30 + argc * 3;
    int a[4] = {1, 2, 3, 4};
    volatile int i = 3 + argc;
    printf("%d\n", big + 1);
    printf("%d\n", 1 << shift);
    printf("%d\n", a[i] * 0);
    return 0;
}
