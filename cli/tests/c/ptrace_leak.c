/* A program for LeakSanitizer (gcc -fsanitize=address, leak detection on
   by default): with an argument it loses two allocations, one of them
   through a thread, and LSan's exit-time check (which stops the threads
   with ptrace) reports them; without one it frees everything. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;

static void *lose(void *arg) {
    sink = malloc(24);
    sink = 0;
    return arg;
}

int main(int argc, char **argv) {
    char *kept = malloc(16);
    strcpy(kept, "no leak");
    if (argc > 1) {
        pthread_t t;
        pthread_create(&t, 0, lose, 0);
        pthread_join(t, 0);
        sink = malloc(7);
        sink = 0;
        strcpy(kept, "two leaks");
    }
    puts(kept);
    free(kept);
    return 0;
}
