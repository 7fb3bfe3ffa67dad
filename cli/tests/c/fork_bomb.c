/* Forks until fork fails, then reports why and cleans up: under tabvm the
 * process limit must stop it with EAGAIN and the machine must keep going. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX 100000

static pid_t children[MAX];

int main(void)
{
    int n = 0;
    int err = 0;

    while (n < MAX) {
        pid_t pid = fork();
        if (pid < 0) {
            err = errno;
            break;
        }
        if (pid == 0) {
            pause();
            _exit(0);
        }
        children[n++] = pid;
    }
    for (int i = 0; i < n; i++)
        kill(children[i], SIGKILL);
    int reaped = 0;
    while (wait(NULL) > 0)
        reaped++;
    printf("fork failed with %s after %s children; reaped %s\n", err == EAGAIN ? "EAGAIN" : strerror(err),
           n > 10 ? "many" : "few", reaped == n ? "all" : "not all");
    return 0;
}
