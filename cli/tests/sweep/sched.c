/* sched_getattr/sched_setattr and ioprio_get/ioprio_set as chrt, ionice
 * and schedtool use them: sizes, errno values and the nice value they
 * share with getpriority, to compare with the same program run natively
 * (as root). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>
struct attr { uint32_t size, policy; uint64_t flags; int32_t nice; uint32_t prio; uint64_t rt, dl, per; uint32_t umin, umax; char pad[16]; };
static void show(const char *w, long r) { printf("%-24s %ld %s\n", w, r, r < 0 ? strerrorname_np(errno) : ""); }
int main(void) {
  struct attr a; memset(&a, 0x55, sizeof a);
  show("get 48", syscall(SYS_sched_getattr, 0, &a, 48, 0)); printf("  size %u policy %u nice %d prio %u\n", a.size, a.policy, a.nice, a.prio);
  memset(&a, 0, sizeof a);
  show("get 72", syscall(SYS_sched_getattr, 0, &a, 72, 0)); printf("  size %u umax %u\n", a.size, a.umax);
  show("get 40", syscall(SYS_sched_getattr, 0, &a, 40, 0));
  show("get flags", syscall(SYS_sched_getattr, 0, &a, 56, 1));
  show("get bad pid", syscall(SYS_sched_getattr, 99999, &a, 56, 0));
  memset(&a, 0, sizeof a); a.size = 56; a.nice = 7;
  show("set nice 7", syscall(SYS_sched_setattr, 0, &a, 0)); show("  getpriority", syscall(SYS_getpriority, 0, 0));
  a.nice = 3; show("set nice 3 (root)", syscall(SYS_sched_setattr, 0, &a, 0));
  a.policy = 1; a.prio = 0; show("set fifo prio 0", syscall(SYS_sched_setattr, 0, &a, 0));
  a.policy = 9; show("set policy 9", syscall(SYS_sched_setattr, 0, &a, 0));
  a.policy = 0; a.size = 20; show("set size 20", syscall(SYS_sched_setattr, 0, &a, 0)); printf("  size now %u\n", a.size);
  a.size = 72; a.pad[0] = 1; show("set size 72 dirty", syscall(SYS_sched_setattr, 0, &a, 0)); printf("  size now %u\n", a.size);
  a.size = 0; a.pad[0] = 0; a.nice = 1; show("set size 0", syscall(SYS_sched_setattr, 0, &a, 0));
  show("  getpriority", syscall(SYS_getpriority, 0, 0));
  a.flags = 0x1000; show("set bad flags", syscall(SYS_sched_setattr, 0, &a, 0));
  show("ioprio_get", syscall(SYS_ioprio_get, 1, 0));
  show("ioprio_set be 4", syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 4));
  show("ioprio_set be 9", syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 9));
  show("ioprio_set class 5", syscall(SYS_ioprio_set, 1, 0, (5 << 13)));
  show("ioprio_set none 1", syscall(SYS_ioprio_set, 1, 0, 1));
  show("ioprio_get who 7", syscall(SYS_ioprio_get, 7, 0));
  show("ioprio_get pid bad", syscall(SYS_ioprio_get, 1, 99999));
  show("ioprio_get pgrp", syscall(SYS_ioprio_get, 2, 0) >= 0);
  show("ioprio_get user", syscall(SYS_ioprio_get, 3, 0) >= 0);
  return 0;
}
