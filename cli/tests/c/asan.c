/* AddressSanitizer in a Debian gcc build: libasan's MMX moves, its shadow
   memory (hundreds of MiB reserved with MAP_NORESERVE), and a report on a
   heap overflow when given an argument. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    char *p = malloc(16);
    strcpy(p, "in bounds");
    printf("%s\n", p);
    if (argc > 1) p[16 + argc] = 'x';
    free(p);
    return 0;
}
