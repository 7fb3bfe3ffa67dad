/* The main stack grows down on demand from the 128 KiB execve maps below
   the strings, up to RLIMIT_STACK. */
#include <stdio.h>
#include <string.h>

static unsigned long stack_start(void) {
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[256];
    unsigned long start = 0, end = 0;
    while (fgets(line, sizeof line, maps))
        if (strstr(line, "[stack]")) sscanf(line, "%lx-%lx", &start, &end);
    fclose(maps);
    return start;
}

/* Each frame's buffer is still needed after the call below it. */
__attribute__((noinline)) static int last(const char *buf) { return buf[1023]; }

static int deep(int n) {
    char buf[1024];
    memset(buf, n, sizeof buf);
    int below = n == 0 ? 0 : deep(n - 1);
    return below + last(buf);
}

int main(void) {
    unsigned long before = stack_start();
    printf("under 4 GiB, above 3 GiB: %d\n", before > 0xc0000000ul);
    printf("sum %d\n", deep(5000));
    unsigned long after = stack_start();
    printf("grew by 4 MiB or more: %d\n", before - after >= 4u << 20);
    return 0;
}
