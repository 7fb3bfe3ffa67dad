/* Shared helpers of the integer exercisers (tabvm-cpu differential tests).
 * Each exerciser runs instructions over edge-case operands and prints the
 * results and only the flags the Intel SDM defines for that instruction, so
 * the output is the same on any x86 host and must be the same under tabvm. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define CF 0x001u
#define PF 0x004u
#define AF 0x010u
#define ZF 0x040u
#define SF 0x080u
#define DF 0x400u
#define OF 0x800u
#define ALL (CF | PF | AF | ZF | SF | OF)
#define LOGIC (CF | PF | ZF | SF | OF)

static const uint32_t vals[] = {
    0, 1, 2, 3, 0x0f, 0x10, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x100,
    0x7ffe, 0x7fff, 0x8000, 0x8001, 0xfffe, 0xffff, 0x10000,
    0x7ffffffe, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
    0x12345678, 0xdeadbeef, 0x00ff00ff, 0x99, 0x09, 0x0a,
};
#define NV (int)(sizeof vals / sizeof vals[0])

/* Input flag patterns: all status flags clear, all set. */
static const uint32_t fins[] = { 0, ALL };
