/* Loads ./libplugin.so with dlopen, calls into it, then unloads it. */
#define _GNU_SOURCE /* dladdr and Dl_info */
#include <dlfcn.h>
#include <stdio.h>

int main(void) {
    if (!dlopen("./libmissing.so", RTLD_NOW))
        printf("missing: %s\n", dlerror());
    void *h = dlopen("./libplugin.so", RTLD_NOW);
    if (!h) {
        printf("dlopen: %s\n", dlerror());
        return 1;
    }
    int (*add)(int, int) = (int (*)(int, int))dlsym(h, "plugin_add");
    int *calls = dlsym(h, "plugin_calls");
    printf("add %d %d, calls %d\n", add(2, 3), add(40, 2), *calls);
    printf("nothing: %s\n", dlsym(h, "nothing") ? "found" : dlerror());
    Dl_info info;
    if (dladdr((void *)add, &info))
        printf("dladdr %s %s\n", info.dli_fname, info.dli_sname);
    fflush(stdout);
    printf("dlclose %d\n", dlclose(h));
    return 0;
}
