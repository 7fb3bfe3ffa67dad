/* The vDSO as glibc sees it: AT_SYSINFO_EHDR names an ELF object that
 * the dynamic loader lists (dl_iterate_phdr, dlopen by soname) and
 * AT_SYSINFO its system-call entry inside it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <time.h>
#include <unistd.h>

static int show(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    (void)data;
    const char *name = strrchr(info->dlpi_name, '/');
    name = name ? name + 1 : info->dlpi_name;
    int loads = 0, dynamic = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        loads += info->dlpi_phdr[i].p_type == PT_LOAD;
        dynamic += info->dlpi_phdr[i].p_type == PT_DYNAMIC;
    }
    printf("object [%s] has PT_LOAD %d PT_DYNAMIC %d\n", name, loads > 0, dynamic);
    return 0;
}

int main(void) {
    unsigned long ehdr = getauxval(AT_SYSINFO_EHDR), entry = getauxval(AT_SYSINFO);
    printf("AT_SYSINFO_EHDR set %d, is ELF %d\n", ehdr != 0, ehdr && memcmp((void *)ehdr, ELFMAG, 4) == 0);
    printf("AT_SYSINFO inside it %d\n", entry > ehdr && entry < ehdr + 4096);
    dl_iterate_phdr(show, 0);
    void *h = dlopen("linux-gate.so.1", RTLD_NOW | RTLD_NOLOAD);
    printf("dlopen by soname %d\n", h != 0);
    printf("__kernel_vsyscall found %d\n", h && dlsym(h, "__kernel_vsyscall") != 0);
    struct timespec ts;
    printf("clock_gettime %d getpid %d\n", clock_gettime(CLOCK_REALTIME, &ts), getpid() > 0);
    return 0;
}
