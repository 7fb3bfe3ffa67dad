/* Compile and run me:  gcc -O2 -o hello helloworld.c && ./hello */
#include <stdio.h>
#include <sys/utsname.h>

int main(void)
{
    struct utsname machine;

    if (uname(&machine) == 0)
        printf("Hello, world! from %s on %s\n", machine.nodename, machine.machine);
    else
        printf("Hello, world!\n");
    return 0;
}
