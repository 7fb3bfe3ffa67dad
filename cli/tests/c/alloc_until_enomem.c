/* Allocates and touches 1 MiB blocks until malloc fails: under tabvm the
 * address-space limit must make malloc return NULL (ENOMEM), and the
 * program must be able to carry on and exit normally. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    size_t mib = 0;

    for (;;) {
        char *p = malloc(1 << 20);
        if (p == NULL)
            break;
        memset(p, 0x5a, 1 << 20);
        mib++;
    }
    int err = errno;
    /* Still alive: allocate something small and use it. */
    char *small = malloc(64);
    snprintf(small, 64, "%s", "still running");
    printf("malloc failed with %s after %s MiB; %s\n", err == ENOMEM ? "ENOMEM" : strerror(err),
           mib > 100 ? "hundreds of" : "few", small);
    return 0;
}
