/* A shared object for dlopen: a constructor, a function and a variable. */
#include <stdio.h>

int plugin_calls;

__attribute__((constructor)) static void loaded(void) { puts("plugin loaded"); }
__attribute__((destructor)) static void unloaded(void) { puts("plugin unloaded"); }

int plugin_add(int a, int b) {
    plugin_calls++;
    return a + b;
}
