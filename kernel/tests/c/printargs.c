/* Prints its argv, one escaped argument per line, for tests/elf_shebang.rs:
 * used as the interpreter of #! scripts run natively. */
#include <stdio.h>

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=", i);
        for (unsigned char *p = (unsigned char *)argv[i]; *p; p++) {
            if (*p >= 0x20 && *p < 0x7f && *p != '\\') putchar(*p);
            else printf("\\x%02x", *p);
        }
        putchar('\n');
    }
    return 0;
}
