//! The i386 system-call numbers, as data.
//!
//! Source of truth: Linux `arch/x86/entry/syscalls/syscall_32.tbl` (numbers
//! 0..=450 as in Debian bookworm's `asm/unistd_32.h`, 451..=465 from the
//! table in Linux 6.12). Numbers absent from the table (222, 223, 251, 285,
//! 387..=392, 415) were never assigned or are reserved; [`name`] returns
//! `None` for them. The dispatcher attaches handlers to these numbers; this
//! module only names them (STYLE 4: the syscall table is data).

/// One row of the i386 system-call table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Syscall {
    /// The number the guest puts in `eax` before `int 0x80`.
    pub nr: u32,
    /// The name in `syscall_32.tbl` (also the `__NR_` suffix).
    pub name: &'static str,
}

/// Highest assigned i386 system-call number known to this table.
pub const MAX_NR: u32 = 465;

/// Every assigned i386 system call, sorted by number.
#[rustfmt::skip]
pub const TABLE: &[Syscall] = &[
    Syscall { nr: 0, name: "restart_syscall" },
    Syscall { nr: 1, name: "exit" },
    Syscall { nr: 2, name: "fork" },
    Syscall { nr: 3, name: "read" },
    Syscall { nr: 4, name: "write" },
    Syscall { nr: 5, name: "open" },
    Syscall { nr: 6, name: "close" },
    Syscall { nr: 7, name: "waitpid" },
    Syscall { nr: 8, name: "creat" },
    Syscall { nr: 9, name: "link" },
    Syscall { nr: 10, name: "unlink" },
    Syscall { nr: 11, name: "execve" },
    Syscall { nr: 12, name: "chdir" },
    Syscall { nr: 13, name: "time" },
    Syscall { nr: 14, name: "mknod" },
    Syscall { nr: 15, name: "chmod" },
    Syscall { nr: 16, name: "lchown" },
    Syscall { nr: 17, name: "break" },
    Syscall { nr: 18, name: "oldstat" },
    Syscall { nr: 19, name: "lseek" },
    Syscall { nr: 20, name: "getpid" },
    Syscall { nr: 21, name: "mount" },
    Syscall { nr: 22, name: "umount" },
    Syscall { nr: 23, name: "setuid" },
    Syscall { nr: 24, name: "getuid" },
    Syscall { nr: 25, name: "stime" },
    Syscall { nr: 26, name: "ptrace" },
    Syscall { nr: 27, name: "alarm" },
    Syscall { nr: 28, name: "oldfstat" },
    Syscall { nr: 29, name: "pause" },
    Syscall { nr: 30, name: "utime" },
    Syscall { nr: 31, name: "stty" },
    Syscall { nr: 32, name: "gtty" },
    Syscall { nr: 33, name: "access" },
    Syscall { nr: 34, name: "nice" },
    Syscall { nr: 35, name: "ftime" },
    Syscall { nr: 36, name: "sync" },
    Syscall { nr: 37, name: "kill" },
    Syscall { nr: 38, name: "rename" },
    Syscall { nr: 39, name: "mkdir" },
    Syscall { nr: 40, name: "rmdir" },
    Syscall { nr: 41, name: "dup" },
    Syscall { nr: 42, name: "pipe" },
    Syscall { nr: 43, name: "times" },
    Syscall { nr: 44, name: "prof" },
    Syscall { nr: 45, name: "brk" },
    Syscall { nr: 46, name: "setgid" },
    Syscall { nr: 47, name: "getgid" },
    Syscall { nr: 48, name: "signal" },
    Syscall { nr: 49, name: "geteuid" },
    Syscall { nr: 50, name: "getegid" },
    Syscall { nr: 51, name: "acct" },
    Syscall { nr: 52, name: "umount2" },
    Syscall { nr: 53, name: "lock" },
    Syscall { nr: 54, name: "ioctl" },
    Syscall { nr: 55, name: "fcntl" },
    Syscall { nr: 56, name: "mpx" },
    Syscall { nr: 57, name: "setpgid" },
    Syscall { nr: 58, name: "ulimit" },
    Syscall { nr: 59, name: "oldolduname" },
    Syscall { nr: 60, name: "umask" },
    Syscall { nr: 61, name: "chroot" },
    Syscall { nr: 62, name: "ustat" },
    Syscall { nr: 63, name: "dup2" },
    Syscall { nr: 64, name: "getppid" },
    Syscall { nr: 65, name: "getpgrp" },
    Syscall { nr: 66, name: "setsid" },
    Syscall { nr: 67, name: "sigaction" },
    Syscall { nr: 68, name: "sgetmask" },
    Syscall { nr: 69, name: "ssetmask" },
    Syscall { nr: 70, name: "setreuid" },
    Syscall { nr: 71, name: "setregid" },
    Syscall { nr: 72, name: "sigsuspend" },
    Syscall { nr: 73, name: "sigpending" },
    Syscall { nr: 74, name: "sethostname" },
    Syscall { nr: 75, name: "setrlimit" },
    Syscall { nr: 76, name: "getrlimit" },
    Syscall { nr: 77, name: "getrusage" },
    Syscall { nr: 78, name: "gettimeofday" },
    Syscall { nr: 79, name: "settimeofday" },
    Syscall { nr: 80, name: "getgroups" },
    Syscall { nr: 81, name: "setgroups" },
    Syscall { nr: 82, name: "select" },
    Syscall { nr: 83, name: "symlink" },
    Syscall { nr: 84, name: "oldlstat" },
    Syscall { nr: 85, name: "readlink" },
    Syscall { nr: 86, name: "uselib" },
    Syscall { nr: 87, name: "swapon" },
    Syscall { nr: 88, name: "reboot" },
    Syscall { nr: 89, name: "readdir" },
    Syscall { nr: 90, name: "mmap" },
    Syscall { nr: 91, name: "munmap" },
    Syscall { nr: 92, name: "truncate" },
    Syscall { nr: 93, name: "ftruncate" },
    Syscall { nr: 94, name: "fchmod" },
    Syscall { nr: 95, name: "fchown" },
    Syscall { nr: 96, name: "getpriority" },
    Syscall { nr: 97, name: "setpriority" },
    Syscall { nr: 98, name: "profil" },
    Syscall { nr: 99, name: "statfs" },
    Syscall { nr: 100, name: "fstatfs" },
    Syscall { nr: 101, name: "ioperm" },
    Syscall { nr: 102, name: "socketcall" },
    Syscall { nr: 103, name: "syslog" },
    Syscall { nr: 104, name: "setitimer" },
    Syscall { nr: 105, name: "getitimer" },
    Syscall { nr: 106, name: "stat" },
    Syscall { nr: 107, name: "lstat" },
    Syscall { nr: 108, name: "fstat" },
    Syscall { nr: 109, name: "olduname" },
    Syscall { nr: 110, name: "iopl" },
    Syscall { nr: 111, name: "vhangup" },
    Syscall { nr: 112, name: "idle" },
    Syscall { nr: 113, name: "vm86old" },
    Syscall { nr: 114, name: "wait4" },
    Syscall { nr: 115, name: "swapoff" },
    Syscall { nr: 116, name: "sysinfo" },
    Syscall { nr: 117, name: "ipc" },
    Syscall { nr: 118, name: "fsync" },
    Syscall { nr: 119, name: "sigreturn" },
    Syscall { nr: 120, name: "clone" },
    Syscall { nr: 121, name: "setdomainname" },
    Syscall { nr: 122, name: "uname" },
    Syscall { nr: 123, name: "modify_ldt" },
    Syscall { nr: 124, name: "adjtimex" },
    Syscall { nr: 125, name: "mprotect" },
    Syscall { nr: 126, name: "sigprocmask" },
    Syscall { nr: 127, name: "create_module" },
    Syscall { nr: 128, name: "init_module" },
    Syscall { nr: 129, name: "delete_module" },
    Syscall { nr: 130, name: "get_kernel_syms" },
    Syscall { nr: 131, name: "quotactl" },
    Syscall { nr: 132, name: "getpgid" },
    Syscall { nr: 133, name: "fchdir" },
    Syscall { nr: 134, name: "bdflush" },
    Syscall { nr: 135, name: "sysfs" },
    Syscall { nr: 136, name: "personality" },
    Syscall { nr: 137, name: "afs_syscall" },
    Syscall { nr: 138, name: "setfsuid" },
    Syscall { nr: 139, name: "setfsgid" },
    Syscall { nr: 140, name: "_llseek" },
    Syscall { nr: 141, name: "getdents" },
    Syscall { nr: 142, name: "_newselect" },
    Syscall { nr: 143, name: "flock" },
    Syscall { nr: 144, name: "msync" },
    Syscall { nr: 145, name: "readv" },
    Syscall { nr: 146, name: "writev" },
    Syscall { nr: 147, name: "getsid" },
    Syscall { nr: 148, name: "fdatasync" },
    Syscall { nr: 149, name: "_sysctl" },
    Syscall { nr: 150, name: "mlock" },
    Syscall { nr: 151, name: "munlock" },
    Syscall { nr: 152, name: "mlockall" },
    Syscall { nr: 153, name: "munlockall" },
    Syscall { nr: 154, name: "sched_setparam" },
    Syscall { nr: 155, name: "sched_getparam" },
    Syscall { nr: 156, name: "sched_setscheduler" },
    Syscall { nr: 157, name: "sched_getscheduler" },
    Syscall { nr: 158, name: "sched_yield" },
    Syscall { nr: 159, name: "sched_get_priority_max" },
    Syscall { nr: 160, name: "sched_get_priority_min" },
    Syscall { nr: 161, name: "sched_rr_get_interval" },
    Syscall { nr: 162, name: "nanosleep" },
    Syscall { nr: 163, name: "mremap" },
    Syscall { nr: 164, name: "setresuid" },
    Syscall { nr: 165, name: "getresuid" },
    Syscall { nr: 166, name: "vm86" },
    Syscall { nr: 167, name: "query_module" },
    Syscall { nr: 168, name: "poll" },
    Syscall { nr: 169, name: "nfsservctl" },
    Syscall { nr: 170, name: "setresgid" },
    Syscall { nr: 171, name: "getresgid" },
    Syscall { nr: 172, name: "prctl" },
    Syscall { nr: 173, name: "rt_sigreturn" },
    Syscall { nr: 174, name: "rt_sigaction" },
    Syscall { nr: 175, name: "rt_sigprocmask" },
    Syscall { nr: 176, name: "rt_sigpending" },
    Syscall { nr: 177, name: "rt_sigtimedwait" },
    Syscall { nr: 178, name: "rt_sigqueueinfo" },
    Syscall { nr: 179, name: "rt_sigsuspend" },
    Syscall { nr: 180, name: "pread64" },
    Syscall { nr: 181, name: "pwrite64" },
    Syscall { nr: 182, name: "chown" },
    Syscall { nr: 183, name: "getcwd" },
    Syscall { nr: 184, name: "capget" },
    Syscall { nr: 185, name: "capset" },
    Syscall { nr: 186, name: "sigaltstack" },
    Syscall { nr: 187, name: "sendfile" },
    Syscall { nr: 188, name: "getpmsg" },
    Syscall { nr: 189, name: "putpmsg" },
    Syscall { nr: 190, name: "vfork" },
    Syscall { nr: 191, name: "ugetrlimit" },
    Syscall { nr: 192, name: "mmap2" },
    Syscall { nr: 193, name: "truncate64" },
    Syscall { nr: 194, name: "ftruncate64" },
    Syscall { nr: 195, name: "stat64" },
    Syscall { nr: 196, name: "lstat64" },
    Syscall { nr: 197, name: "fstat64" },
    Syscall { nr: 198, name: "lchown32" },
    Syscall { nr: 199, name: "getuid32" },
    Syscall { nr: 200, name: "getgid32" },
    Syscall { nr: 201, name: "geteuid32" },
    Syscall { nr: 202, name: "getegid32" },
    Syscall { nr: 203, name: "setreuid32" },
    Syscall { nr: 204, name: "setregid32" },
    Syscall { nr: 205, name: "getgroups32" },
    Syscall { nr: 206, name: "setgroups32" },
    Syscall { nr: 207, name: "fchown32" },
    Syscall { nr: 208, name: "setresuid32" },
    Syscall { nr: 209, name: "getresuid32" },
    Syscall { nr: 210, name: "setresgid32" },
    Syscall { nr: 211, name: "getresgid32" },
    Syscall { nr: 212, name: "chown32" },
    Syscall { nr: 213, name: "setuid32" },
    Syscall { nr: 214, name: "setgid32" },
    Syscall { nr: 215, name: "setfsuid32" },
    Syscall { nr: 216, name: "setfsgid32" },
    Syscall { nr: 217, name: "pivot_root" },
    Syscall { nr: 218, name: "mincore" },
    Syscall { nr: 219, name: "madvise" },
    Syscall { nr: 220, name: "getdents64" },
    Syscall { nr: 221, name: "fcntl64" },
    Syscall { nr: 224, name: "gettid" },
    Syscall { nr: 225, name: "readahead" },
    Syscall { nr: 226, name: "setxattr" },
    Syscall { nr: 227, name: "lsetxattr" },
    Syscall { nr: 228, name: "fsetxattr" },
    Syscall { nr: 229, name: "getxattr" },
    Syscall { nr: 230, name: "lgetxattr" },
    Syscall { nr: 231, name: "fgetxattr" },
    Syscall { nr: 232, name: "listxattr" },
    Syscall { nr: 233, name: "llistxattr" },
    Syscall { nr: 234, name: "flistxattr" },
    Syscall { nr: 235, name: "removexattr" },
    Syscall { nr: 236, name: "lremovexattr" },
    Syscall { nr: 237, name: "fremovexattr" },
    Syscall { nr: 238, name: "tkill" },
    Syscall { nr: 239, name: "sendfile64" },
    Syscall { nr: 240, name: "futex" },
    Syscall { nr: 241, name: "sched_setaffinity" },
    Syscall { nr: 242, name: "sched_getaffinity" },
    Syscall { nr: 243, name: "set_thread_area" },
    Syscall { nr: 244, name: "get_thread_area" },
    Syscall { nr: 245, name: "io_setup" },
    Syscall { nr: 246, name: "io_destroy" },
    Syscall { nr: 247, name: "io_getevents" },
    Syscall { nr: 248, name: "io_submit" },
    Syscall { nr: 249, name: "io_cancel" },
    Syscall { nr: 250, name: "fadvise64" },
    Syscall { nr: 252, name: "exit_group" },
    Syscall { nr: 253, name: "lookup_dcookie" },
    Syscall { nr: 254, name: "epoll_create" },
    Syscall { nr: 255, name: "epoll_ctl" },
    Syscall { nr: 256, name: "epoll_wait" },
    Syscall { nr: 257, name: "remap_file_pages" },
    Syscall { nr: 258, name: "set_tid_address" },
    Syscall { nr: 259, name: "timer_create" },
    Syscall { nr: 260, name: "timer_settime" },
    Syscall { nr: 261, name: "timer_gettime" },
    Syscall { nr: 262, name: "timer_getoverrun" },
    Syscall { nr: 263, name: "timer_delete" },
    Syscall { nr: 264, name: "clock_settime" },
    Syscall { nr: 265, name: "clock_gettime" },
    Syscall { nr: 266, name: "clock_getres" },
    Syscall { nr: 267, name: "clock_nanosleep" },
    Syscall { nr: 268, name: "statfs64" },
    Syscall { nr: 269, name: "fstatfs64" },
    Syscall { nr: 270, name: "tgkill" },
    Syscall { nr: 271, name: "utimes" },
    Syscall { nr: 272, name: "fadvise64_64" },
    Syscall { nr: 273, name: "vserver" },
    Syscall { nr: 274, name: "mbind" },
    Syscall { nr: 275, name: "get_mempolicy" },
    Syscall { nr: 276, name: "set_mempolicy" },
    Syscall { nr: 277, name: "mq_open" },
    Syscall { nr: 278, name: "mq_unlink" },
    Syscall { nr: 279, name: "mq_timedsend" },
    Syscall { nr: 280, name: "mq_timedreceive" },
    Syscall { nr: 281, name: "mq_notify" },
    Syscall { nr: 282, name: "mq_getsetattr" },
    Syscall { nr: 283, name: "kexec_load" },
    Syscall { nr: 284, name: "waitid" },
    Syscall { nr: 286, name: "add_key" },
    Syscall { nr: 287, name: "request_key" },
    Syscall { nr: 288, name: "keyctl" },
    Syscall { nr: 289, name: "ioprio_set" },
    Syscall { nr: 290, name: "ioprio_get" },
    Syscall { nr: 291, name: "inotify_init" },
    Syscall { nr: 292, name: "inotify_add_watch" },
    Syscall { nr: 293, name: "inotify_rm_watch" },
    Syscall { nr: 294, name: "migrate_pages" },
    Syscall { nr: 295, name: "openat" },
    Syscall { nr: 296, name: "mkdirat" },
    Syscall { nr: 297, name: "mknodat" },
    Syscall { nr: 298, name: "fchownat" },
    Syscall { nr: 299, name: "futimesat" },
    Syscall { nr: 300, name: "fstatat64" },
    Syscall { nr: 301, name: "unlinkat" },
    Syscall { nr: 302, name: "renameat" },
    Syscall { nr: 303, name: "linkat" },
    Syscall { nr: 304, name: "symlinkat" },
    Syscall { nr: 305, name: "readlinkat" },
    Syscall { nr: 306, name: "fchmodat" },
    Syscall { nr: 307, name: "faccessat" },
    Syscall { nr: 308, name: "pselect6" },
    Syscall { nr: 309, name: "ppoll" },
    Syscall { nr: 310, name: "unshare" },
    Syscall { nr: 311, name: "set_robust_list" },
    Syscall { nr: 312, name: "get_robust_list" },
    Syscall { nr: 313, name: "splice" },
    Syscall { nr: 314, name: "sync_file_range" },
    Syscall { nr: 315, name: "tee" },
    Syscall { nr: 316, name: "vmsplice" },
    Syscall { nr: 317, name: "move_pages" },
    Syscall { nr: 318, name: "getcpu" },
    Syscall { nr: 319, name: "epoll_pwait" },
    Syscall { nr: 320, name: "utimensat" },
    Syscall { nr: 321, name: "signalfd" },
    Syscall { nr: 322, name: "timerfd_create" },
    Syscall { nr: 323, name: "eventfd" },
    Syscall { nr: 324, name: "fallocate" },
    Syscall { nr: 325, name: "timerfd_settime" },
    Syscall { nr: 326, name: "timerfd_gettime" },
    Syscall { nr: 327, name: "signalfd4" },
    Syscall { nr: 328, name: "eventfd2" },
    Syscall { nr: 329, name: "epoll_create1" },
    Syscall { nr: 330, name: "dup3" },
    Syscall { nr: 331, name: "pipe2" },
    Syscall { nr: 332, name: "inotify_init1" },
    Syscall { nr: 333, name: "preadv" },
    Syscall { nr: 334, name: "pwritev" },
    Syscall { nr: 335, name: "rt_tgsigqueueinfo" },
    Syscall { nr: 336, name: "perf_event_open" },
    Syscall { nr: 337, name: "recvmmsg" },
    Syscall { nr: 338, name: "fanotify_init" },
    Syscall { nr: 339, name: "fanotify_mark" },
    Syscall { nr: 340, name: "prlimit64" },
    Syscall { nr: 341, name: "name_to_handle_at" },
    Syscall { nr: 342, name: "open_by_handle_at" },
    Syscall { nr: 343, name: "clock_adjtime" },
    Syscall { nr: 344, name: "syncfs" },
    Syscall { nr: 345, name: "sendmmsg" },
    Syscall { nr: 346, name: "setns" },
    Syscall { nr: 347, name: "process_vm_readv" },
    Syscall { nr: 348, name: "process_vm_writev" },
    Syscall { nr: 349, name: "kcmp" },
    Syscall { nr: 350, name: "finit_module" },
    Syscall { nr: 351, name: "sched_setattr" },
    Syscall { nr: 352, name: "sched_getattr" },
    Syscall { nr: 353, name: "renameat2" },
    Syscall { nr: 354, name: "seccomp" },
    Syscall { nr: 355, name: "getrandom" },
    Syscall { nr: 356, name: "memfd_create" },
    Syscall { nr: 357, name: "bpf" },
    Syscall { nr: 358, name: "execveat" },
    Syscall { nr: 359, name: "socket" },
    Syscall { nr: 360, name: "socketpair" },
    Syscall { nr: 361, name: "bind" },
    Syscall { nr: 362, name: "connect" },
    Syscall { nr: 363, name: "listen" },
    Syscall { nr: 364, name: "accept4" },
    Syscall { nr: 365, name: "getsockopt" },
    Syscall { nr: 366, name: "setsockopt" },
    Syscall { nr: 367, name: "getsockname" },
    Syscall { nr: 368, name: "getpeername" },
    Syscall { nr: 369, name: "sendto" },
    Syscall { nr: 370, name: "sendmsg" },
    Syscall { nr: 371, name: "recvfrom" },
    Syscall { nr: 372, name: "recvmsg" },
    Syscall { nr: 373, name: "shutdown" },
    Syscall { nr: 374, name: "userfaultfd" },
    Syscall { nr: 375, name: "membarrier" },
    Syscall { nr: 376, name: "mlock2" },
    Syscall { nr: 377, name: "copy_file_range" },
    Syscall { nr: 378, name: "preadv2" },
    Syscall { nr: 379, name: "pwritev2" },
    Syscall { nr: 380, name: "pkey_mprotect" },
    Syscall { nr: 381, name: "pkey_alloc" },
    Syscall { nr: 382, name: "pkey_free" },
    Syscall { nr: 383, name: "statx" },
    Syscall { nr: 384, name: "arch_prctl" },
    Syscall { nr: 385, name: "io_pgetevents" },
    Syscall { nr: 386, name: "rseq" },
    Syscall { nr: 393, name: "semget" },
    Syscall { nr: 394, name: "semctl" },
    Syscall { nr: 395, name: "shmget" },
    Syscall { nr: 396, name: "shmctl" },
    Syscall { nr: 397, name: "shmat" },
    Syscall { nr: 398, name: "shmdt" },
    Syscall { nr: 399, name: "msgget" },
    Syscall { nr: 400, name: "msgsnd" },
    Syscall { nr: 401, name: "msgrcv" },
    Syscall { nr: 402, name: "msgctl" },
    Syscall { nr: 403, name: "clock_gettime64" },
    Syscall { nr: 404, name: "clock_settime64" },
    Syscall { nr: 405, name: "clock_adjtime64" },
    Syscall { nr: 406, name: "clock_getres_time64" },
    Syscall { nr: 407, name: "clock_nanosleep_time64" },
    Syscall { nr: 408, name: "timer_gettime64" },
    Syscall { nr: 409, name: "timer_settime64" },
    Syscall { nr: 410, name: "timerfd_gettime64" },
    Syscall { nr: 411, name: "timerfd_settime64" },
    Syscall { nr: 412, name: "utimensat_time64" },
    Syscall { nr: 413, name: "pselect6_time64" },
    Syscall { nr: 414, name: "ppoll_time64" },
    Syscall { nr: 416, name: "io_pgetevents_time64" },
    Syscall { nr: 417, name: "recvmmsg_time64" },
    Syscall { nr: 418, name: "mq_timedsend_time64" },
    Syscall { nr: 419, name: "mq_timedreceive_time64" },
    Syscall { nr: 420, name: "semtimedop_time64" },
    Syscall { nr: 421, name: "rt_sigtimedwait_time64" },
    Syscall { nr: 422, name: "futex_time64" },
    Syscall { nr: 423, name: "sched_rr_get_interval_time64" },
    Syscall { nr: 424, name: "pidfd_send_signal" },
    Syscall { nr: 425, name: "io_uring_setup" },
    Syscall { nr: 426, name: "io_uring_enter" },
    Syscall { nr: 427, name: "io_uring_register" },
    Syscall { nr: 428, name: "open_tree" },
    Syscall { nr: 429, name: "move_mount" },
    Syscall { nr: 430, name: "fsopen" },
    Syscall { nr: 431, name: "fsconfig" },
    Syscall { nr: 432, name: "fsmount" },
    Syscall { nr: 433, name: "fspick" },
    Syscall { nr: 434, name: "pidfd_open" },
    Syscall { nr: 435, name: "clone3" },
    Syscall { nr: 436, name: "close_range" },
    Syscall { nr: 437, name: "openat2" },
    Syscall { nr: 438, name: "pidfd_getfd" },
    Syscall { nr: 439, name: "faccessat2" },
    Syscall { nr: 440, name: "process_madvise" },
    Syscall { nr: 441, name: "epoll_pwait2" },
    Syscall { nr: 442, name: "mount_setattr" },
    Syscall { nr: 443, name: "quotactl_fd" },
    Syscall { nr: 444, name: "landlock_create_ruleset" },
    Syscall { nr: 445, name: "landlock_add_rule" },
    Syscall { nr: 446, name: "landlock_restrict_self" },
    Syscall { nr: 447, name: "memfd_secret" },
    Syscall { nr: 448, name: "process_mrelease" },
    Syscall { nr: 449, name: "futex_waitv" },
    Syscall { nr: 450, name: "set_mempolicy_home_node" },
    Syscall { nr: 451, name: "cachestat" },
    Syscall { nr: 452, name: "fchmodat2" },
    Syscall { nr: 453, name: "map_shadow_stack" },
    Syscall { nr: 454, name: "futex_wake" },
    Syscall { nr: 455, name: "futex_wait" },
    Syscall { nr: 456, name: "futex_requeue" },
    Syscall { nr: 457, name: "statmount" },
    Syscall { nr: 458, name: "listmount" },
    Syscall { nr: 459, name: "lsm_get_self_attr" },
    Syscall { nr: 460, name: "lsm_set_self_attr" },
    Syscall { nr: 461, name: "lsm_list_modules" },
    Syscall { nr: 462, name: "mseal" },
    Syscall { nr: 463, name: "process_ksm_enable" },
    Syscall { nr: 464, name: "process_ksm_disable" },
    Syscall { nr: 465, name: "process_ksm_status" },
];

/// Named constants for the numbers (`nr::READ == 3`).
pub mod nr {
    pub const RESTART_SYSCALL: u32 = 0;
    pub const EXIT: u32 = 1;
    pub const FORK: u32 = 2;
    pub const READ: u32 = 3;
    pub const WRITE: u32 = 4;
    pub const OPEN: u32 = 5;
    pub const CLOSE: u32 = 6;
    pub const WAITPID: u32 = 7;
    pub const CREAT: u32 = 8;
    pub const LINK: u32 = 9;
    pub const UNLINK: u32 = 10;
    pub const EXECVE: u32 = 11;
    pub const CHDIR: u32 = 12;
    pub const TIME: u32 = 13;
    pub const MKNOD: u32 = 14;
    pub const CHMOD: u32 = 15;
    pub const LCHOWN: u32 = 16;
    pub const BREAK: u32 = 17;
    pub const OLDSTAT: u32 = 18;
    pub const LSEEK: u32 = 19;
    pub const GETPID: u32 = 20;
    pub const MOUNT: u32 = 21;
    pub const UMOUNT: u32 = 22;
    pub const SETUID: u32 = 23;
    pub const GETUID: u32 = 24;
    pub const STIME: u32 = 25;
    pub const PTRACE: u32 = 26;
    pub const ALARM: u32 = 27;
    pub const OLDFSTAT: u32 = 28;
    pub const PAUSE: u32 = 29;
    pub const UTIME: u32 = 30;
    pub const STTY: u32 = 31;
    pub const GTTY: u32 = 32;
    pub const ACCESS: u32 = 33;
    pub const NICE: u32 = 34;
    pub const FTIME: u32 = 35;
    pub const SYNC: u32 = 36;
    pub const KILL: u32 = 37;
    pub const RENAME: u32 = 38;
    pub const MKDIR: u32 = 39;
    pub const RMDIR: u32 = 40;
    pub const DUP: u32 = 41;
    pub const PIPE: u32 = 42;
    pub const TIMES: u32 = 43;
    pub const PROF: u32 = 44;
    pub const BRK: u32 = 45;
    pub const SETGID: u32 = 46;
    pub const GETGID: u32 = 47;
    pub const SIGNAL: u32 = 48;
    pub const GETEUID: u32 = 49;
    pub const GETEGID: u32 = 50;
    pub const ACCT: u32 = 51;
    pub const UMOUNT2: u32 = 52;
    pub const LOCK: u32 = 53;
    pub const IOCTL: u32 = 54;
    pub const FCNTL: u32 = 55;
    pub const MPX: u32 = 56;
    pub const SETPGID: u32 = 57;
    pub const ULIMIT: u32 = 58;
    pub const OLDOLDUNAME: u32 = 59;
    pub const UMASK: u32 = 60;
    pub const CHROOT: u32 = 61;
    pub const USTAT: u32 = 62;
    pub const DUP2: u32 = 63;
    pub const GETPPID: u32 = 64;
    pub const GETPGRP: u32 = 65;
    pub const SETSID: u32 = 66;
    pub const SIGACTION: u32 = 67;
    pub const SGETMASK: u32 = 68;
    pub const SSETMASK: u32 = 69;
    pub const SETREUID: u32 = 70;
    pub const SETREGID: u32 = 71;
    pub const SIGSUSPEND: u32 = 72;
    pub const SIGPENDING: u32 = 73;
    pub const SETHOSTNAME: u32 = 74;
    pub const SETRLIMIT: u32 = 75;
    pub const GETRLIMIT: u32 = 76;
    pub const GETRUSAGE: u32 = 77;
    pub const GETTIMEOFDAY: u32 = 78;
    pub const SETTIMEOFDAY: u32 = 79;
    pub const GETGROUPS: u32 = 80;
    pub const SETGROUPS: u32 = 81;
    pub const SELECT: u32 = 82;
    pub const SYMLINK: u32 = 83;
    pub const OLDLSTAT: u32 = 84;
    pub const READLINK: u32 = 85;
    pub const USELIB: u32 = 86;
    pub const SWAPON: u32 = 87;
    pub const REBOOT: u32 = 88;
    pub const READDIR: u32 = 89;
    pub const MMAP: u32 = 90;
    pub const MUNMAP: u32 = 91;
    pub const TRUNCATE: u32 = 92;
    pub const FTRUNCATE: u32 = 93;
    pub const FCHMOD: u32 = 94;
    pub const FCHOWN: u32 = 95;
    pub const GETPRIORITY: u32 = 96;
    pub const SETPRIORITY: u32 = 97;
    pub const PROFIL: u32 = 98;
    pub const STATFS: u32 = 99;
    pub const FSTATFS: u32 = 100;
    pub const IOPERM: u32 = 101;
    pub const SOCKETCALL: u32 = 102;
    pub const SYSLOG: u32 = 103;
    pub const SETITIMER: u32 = 104;
    pub const GETITIMER: u32 = 105;
    pub const STAT: u32 = 106;
    pub const LSTAT: u32 = 107;
    pub const FSTAT: u32 = 108;
    pub const OLDUNAME: u32 = 109;
    pub const IOPL: u32 = 110;
    pub const VHANGUP: u32 = 111;
    pub const IDLE: u32 = 112;
    pub const VM86OLD: u32 = 113;
    pub const WAIT4: u32 = 114;
    pub const SWAPOFF: u32 = 115;
    pub const SYSINFO: u32 = 116;
    pub const IPC: u32 = 117;
    pub const FSYNC: u32 = 118;
    pub const SIGRETURN: u32 = 119;
    pub const CLONE: u32 = 120;
    pub const SETDOMAINNAME: u32 = 121;
    pub const UNAME: u32 = 122;
    pub const MODIFY_LDT: u32 = 123;
    pub const ADJTIMEX: u32 = 124;
    pub const MPROTECT: u32 = 125;
    pub const SIGPROCMASK: u32 = 126;
    pub const CREATE_MODULE: u32 = 127;
    pub const INIT_MODULE: u32 = 128;
    pub const DELETE_MODULE: u32 = 129;
    pub const GET_KERNEL_SYMS: u32 = 130;
    pub const QUOTACTL: u32 = 131;
    pub const GETPGID: u32 = 132;
    pub const FCHDIR: u32 = 133;
    pub const BDFLUSH: u32 = 134;
    pub const SYSFS: u32 = 135;
    pub const PERSONALITY: u32 = 136;
    pub const AFS_SYSCALL: u32 = 137;
    pub const SETFSUID: u32 = 138;
    pub const SETFSGID: u32 = 139;
    pub const _LLSEEK: u32 = 140;
    pub const GETDENTS: u32 = 141;
    pub const _NEWSELECT: u32 = 142;
    pub const FLOCK: u32 = 143;
    pub const MSYNC: u32 = 144;
    pub const READV: u32 = 145;
    pub const WRITEV: u32 = 146;
    pub const GETSID: u32 = 147;
    pub const FDATASYNC: u32 = 148;
    pub const _SYSCTL: u32 = 149;
    pub const MLOCK: u32 = 150;
    pub const MUNLOCK: u32 = 151;
    pub const MLOCKALL: u32 = 152;
    pub const MUNLOCKALL: u32 = 153;
    pub const SCHED_SETPARAM: u32 = 154;
    pub const SCHED_GETPARAM: u32 = 155;
    pub const SCHED_SETSCHEDULER: u32 = 156;
    pub const SCHED_GETSCHEDULER: u32 = 157;
    pub const SCHED_YIELD: u32 = 158;
    pub const SCHED_GET_PRIORITY_MAX: u32 = 159;
    pub const SCHED_GET_PRIORITY_MIN: u32 = 160;
    pub const SCHED_RR_GET_INTERVAL: u32 = 161;
    pub const NANOSLEEP: u32 = 162;
    pub const MREMAP: u32 = 163;
    pub const SETRESUID: u32 = 164;
    pub const GETRESUID: u32 = 165;
    pub const VM86: u32 = 166;
    pub const QUERY_MODULE: u32 = 167;
    pub const POLL: u32 = 168;
    pub const NFSSERVCTL: u32 = 169;
    pub const SETRESGID: u32 = 170;
    pub const GETRESGID: u32 = 171;
    pub const PRCTL: u32 = 172;
    pub const RT_SIGRETURN: u32 = 173;
    pub const RT_SIGACTION: u32 = 174;
    pub const RT_SIGPROCMASK: u32 = 175;
    pub const RT_SIGPENDING: u32 = 176;
    pub const RT_SIGTIMEDWAIT: u32 = 177;
    pub const RT_SIGQUEUEINFO: u32 = 178;
    pub const RT_SIGSUSPEND: u32 = 179;
    pub const PREAD64: u32 = 180;
    pub const PWRITE64: u32 = 181;
    pub const CHOWN: u32 = 182;
    pub const GETCWD: u32 = 183;
    pub const CAPGET: u32 = 184;
    pub const CAPSET: u32 = 185;
    pub const SIGALTSTACK: u32 = 186;
    pub const SENDFILE: u32 = 187;
    pub const GETPMSG: u32 = 188;
    pub const PUTPMSG: u32 = 189;
    pub const VFORK: u32 = 190;
    pub const UGETRLIMIT: u32 = 191;
    pub const MMAP2: u32 = 192;
    pub const TRUNCATE64: u32 = 193;
    pub const FTRUNCATE64: u32 = 194;
    pub const STAT64: u32 = 195;
    pub const LSTAT64: u32 = 196;
    pub const FSTAT64: u32 = 197;
    pub const LCHOWN32: u32 = 198;
    pub const GETUID32: u32 = 199;
    pub const GETGID32: u32 = 200;
    pub const GETEUID32: u32 = 201;
    pub const GETEGID32: u32 = 202;
    pub const SETREUID32: u32 = 203;
    pub const SETREGID32: u32 = 204;
    pub const GETGROUPS32: u32 = 205;
    pub const SETGROUPS32: u32 = 206;
    pub const FCHOWN32: u32 = 207;
    pub const SETRESUID32: u32 = 208;
    pub const GETRESUID32: u32 = 209;
    pub const SETRESGID32: u32 = 210;
    pub const GETRESGID32: u32 = 211;
    pub const CHOWN32: u32 = 212;
    pub const SETUID32: u32 = 213;
    pub const SETGID32: u32 = 214;
    pub const SETFSUID32: u32 = 215;
    pub const SETFSGID32: u32 = 216;
    pub const PIVOT_ROOT: u32 = 217;
    pub const MINCORE: u32 = 218;
    pub const MADVISE: u32 = 219;
    pub const GETDENTS64: u32 = 220;
    pub const FCNTL64: u32 = 221;
    pub const GETTID: u32 = 224;
    pub const READAHEAD: u32 = 225;
    pub const SETXATTR: u32 = 226;
    pub const LSETXATTR: u32 = 227;
    pub const FSETXATTR: u32 = 228;
    pub const GETXATTR: u32 = 229;
    pub const LGETXATTR: u32 = 230;
    pub const FGETXATTR: u32 = 231;
    pub const LISTXATTR: u32 = 232;
    pub const LLISTXATTR: u32 = 233;
    pub const FLISTXATTR: u32 = 234;
    pub const REMOVEXATTR: u32 = 235;
    pub const LREMOVEXATTR: u32 = 236;
    pub const FREMOVEXATTR: u32 = 237;
    pub const TKILL: u32 = 238;
    pub const SENDFILE64: u32 = 239;
    pub const FUTEX: u32 = 240;
    pub const SCHED_SETAFFINITY: u32 = 241;
    pub const SCHED_GETAFFINITY: u32 = 242;
    pub const SET_THREAD_AREA: u32 = 243;
    pub const GET_THREAD_AREA: u32 = 244;
    pub const IO_SETUP: u32 = 245;
    pub const IO_DESTROY: u32 = 246;
    pub const IO_GETEVENTS: u32 = 247;
    pub const IO_SUBMIT: u32 = 248;
    pub const IO_CANCEL: u32 = 249;
    pub const FADVISE64: u32 = 250;
    pub const EXIT_GROUP: u32 = 252;
    pub const LOOKUP_DCOOKIE: u32 = 253;
    pub const EPOLL_CREATE: u32 = 254;
    pub const EPOLL_CTL: u32 = 255;
    pub const EPOLL_WAIT: u32 = 256;
    pub const REMAP_FILE_PAGES: u32 = 257;
    pub const SET_TID_ADDRESS: u32 = 258;
    pub const TIMER_CREATE: u32 = 259;
    pub const TIMER_SETTIME: u32 = 260;
    pub const TIMER_GETTIME: u32 = 261;
    pub const TIMER_GETOVERRUN: u32 = 262;
    pub const TIMER_DELETE: u32 = 263;
    pub const CLOCK_SETTIME: u32 = 264;
    pub const CLOCK_GETTIME: u32 = 265;
    pub const CLOCK_GETRES: u32 = 266;
    pub const CLOCK_NANOSLEEP: u32 = 267;
    pub const STATFS64: u32 = 268;
    pub const FSTATFS64: u32 = 269;
    pub const TGKILL: u32 = 270;
    pub const UTIMES: u32 = 271;
    pub const FADVISE64_64: u32 = 272;
    pub const VSERVER: u32 = 273;
    pub const MBIND: u32 = 274;
    pub const GET_MEMPOLICY: u32 = 275;
    pub const SET_MEMPOLICY: u32 = 276;
    pub const MQ_OPEN: u32 = 277;
    pub const MQ_UNLINK: u32 = 278;
    pub const MQ_TIMEDSEND: u32 = 279;
    pub const MQ_TIMEDRECEIVE: u32 = 280;
    pub const MQ_NOTIFY: u32 = 281;
    pub const MQ_GETSETATTR: u32 = 282;
    pub const KEXEC_LOAD: u32 = 283;
    pub const WAITID: u32 = 284;
    pub const ADD_KEY: u32 = 286;
    pub const REQUEST_KEY: u32 = 287;
    pub const KEYCTL: u32 = 288;
    pub const IOPRIO_SET: u32 = 289;
    pub const IOPRIO_GET: u32 = 290;
    pub const INOTIFY_INIT: u32 = 291;
    pub const INOTIFY_ADD_WATCH: u32 = 292;
    pub const INOTIFY_RM_WATCH: u32 = 293;
    pub const MIGRATE_PAGES: u32 = 294;
    pub const OPENAT: u32 = 295;
    pub const MKDIRAT: u32 = 296;
    pub const MKNODAT: u32 = 297;
    pub const FCHOWNAT: u32 = 298;
    pub const FUTIMESAT: u32 = 299;
    pub const FSTATAT64: u32 = 300;
    pub const UNLINKAT: u32 = 301;
    pub const RENAMEAT: u32 = 302;
    pub const LINKAT: u32 = 303;
    pub const SYMLINKAT: u32 = 304;
    pub const READLINKAT: u32 = 305;
    pub const FCHMODAT: u32 = 306;
    pub const FACCESSAT: u32 = 307;
    pub const PSELECT6: u32 = 308;
    pub const PPOLL: u32 = 309;
    pub const UNSHARE: u32 = 310;
    pub const SET_ROBUST_LIST: u32 = 311;
    pub const GET_ROBUST_LIST: u32 = 312;
    pub const SPLICE: u32 = 313;
    pub const SYNC_FILE_RANGE: u32 = 314;
    pub const TEE: u32 = 315;
    pub const VMSPLICE: u32 = 316;
    pub const MOVE_PAGES: u32 = 317;
    pub const GETCPU: u32 = 318;
    pub const EPOLL_PWAIT: u32 = 319;
    pub const UTIMENSAT: u32 = 320;
    pub const SIGNALFD: u32 = 321;
    pub const TIMERFD_CREATE: u32 = 322;
    pub const EVENTFD: u32 = 323;
    pub const FALLOCATE: u32 = 324;
    pub const TIMERFD_SETTIME: u32 = 325;
    pub const TIMERFD_GETTIME: u32 = 326;
    pub const SIGNALFD4: u32 = 327;
    pub const EVENTFD2: u32 = 328;
    pub const EPOLL_CREATE1: u32 = 329;
    pub const DUP3: u32 = 330;
    pub const PIPE2: u32 = 331;
    pub const INOTIFY_INIT1: u32 = 332;
    pub const PREADV: u32 = 333;
    pub const PWRITEV: u32 = 334;
    pub const RT_TGSIGQUEUEINFO: u32 = 335;
    pub const PERF_EVENT_OPEN: u32 = 336;
    pub const RECVMMSG: u32 = 337;
    pub const FANOTIFY_INIT: u32 = 338;
    pub const FANOTIFY_MARK: u32 = 339;
    pub const PRLIMIT64: u32 = 340;
    pub const NAME_TO_HANDLE_AT: u32 = 341;
    pub const OPEN_BY_HANDLE_AT: u32 = 342;
    pub const CLOCK_ADJTIME: u32 = 343;
    pub const SYNCFS: u32 = 344;
    pub const SENDMMSG: u32 = 345;
    pub const SETNS: u32 = 346;
    pub const PROCESS_VM_READV: u32 = 347;
    pub const PROCESS_VM_WRITEV: u32 = 348;
    pub const KCMP: u32 = 349;
    pub const FINIT_MODULE: u32 = 350;
    pub const SCHED_SETATTR: u32 = 351;
    pub const SCHED_GETATTR: u32 = 352;
    pub const RENAMEAT2: u32 = 353;
    pub const SECCOMP: u32 = 354;
    pub const GETRANDOM: u32 = 355;
    pub const MEMFD_CREATE: u32 = 356;
    pub const BPF: u32 = 357;
    pub const EXECVEAT: u32 = 358;
    pub const SOCKET: u32 = 359;
    pub const SOCKETPAIR: u32 = 360;
    pub const BIND: u32 = 361;
    pub const CONNECT: u32 = 362;
    pub const LISTEN: u32 = 363;
    pub const ACCEPT4: u32 = 364;
    pub const GETSOCKOPT: u32 = 365;
    pub const SETSOCKOPT: u32 = 366;
    pub const GETSOCKNAME: u32 = 367;
    pub const GETPEERNAME: u32 = 368;
    pub const SENDTO: u32 = 369;
    pub const SENDMSG: u32 = 370;
    pub const RECVFROM: u32 = 371;
    pub const RECVMSG: u32 = 372;
    pub const SHUTDOWN: u32 = 373;
    pub const USERFAULTFD: u32 = 374;
    pub const MEMBARRIER: u32 = 375;
    pub const MLOCK2: u32 = 376;
    pub const COPY_FILE_RANGE: u32 = 377;
    pub const PREADV2: u32 = 378;
    pub const PWRITEV2: u32 = 379;
    pub const PKEY_MPROTECT: u32 = 380;
    pub const PKEY_ALLOC: u32 = 381;
    pub const PKEY_FREE: u32 = 382;
    pub const STATX: u32 = 383;
    pub const ARCH_PRCTL: u32 = 384;
    pub const IO_PGETEVENTS: u32 = 385;
    pub const RSEQ: u32 = 386;
    pub const SEMGET: u32 = 393;
    pub const SEMCTL: u32 = 394;
    pub const SHMGET: u32 = 395;
    pub const SHMCTL: u32 = 396;
    pub const SHMAT: u32 = 397;
    pub const SHMDT: u32 = 398;
    pub const MSGGET: u32 = 399;
    pub const MSGSND: u32 = 400;
    pub const MSGRCV: u32 = 401;
    pub const MSGCTL: u32 = 402;
    pub const CLOCK_GETTIME64: u32 = 403;
    pub const CLOCK_SETTIME64: u32 = 404;
    pub const CLOCK_ADJTIME64: u32 = 405;
    pub const CLOCK_GETRES_TIME64: u32 = 406;
    pub const CLOCK_NANOSLEEP_TIME64: u32 = 407;
    pub const TIMER_GETTIME64: u32 = 408;
    pub const TIMER_SETTIME64: u32 = 409;
    pub const TIMERFD_GETTIME64: u32 = 410;
    pub const TIMERFD_SETTIME64: u32 = 411;
    pub const UTIMENSAT_TIME64: u32 = 412;
    pub const PSELECT6_TIME64: u32 = 413;
    pub const PPOLL_TIME64: u32 = 414;
    pub const IO_PGETEVENTS_TIME64: u32 = 416;
    pub const RECVMMSG_TIME64: u32 = 417;
    pub const MQ_TIMEDSEND_TIME64: u32 = 418;
    pub const MQ_TIMEDRECEIVE_TIME64: u32 = 419;
    pub const SEMTIMEDOP_TIME64: u32 = 420;
    pub const RT_SIGTIMEDWAIT_TIME64: u32 = 421;
    pub const FUTEX_TIME64: u32 = 422;
    pub const SCHED_RR_GET_INTERVAL_TIME64: u32 = 423;
    pub const PIDFD_SEND_SIGNAL: u32 = 424;
    pub const IO_URING_SETUP: u32 = 425;
    pub const IO_URING_ENTER: u32 = 426;
    pub const IO_URING_REGISTER: u32 = 427;
    pub const OPEN_TREE: u32 = 428;
    pub const MOVE_MOUNT: u32 = 429;
    pub const FSOPEN: u32 = 430;
    pub const FSCONFIG: u32 = 431;
    pub const FSMOUNT: u32 = 432;
    pub const FSPICK: u32 = 433;
    pub const PIDFD_OPEN: u32 = 434;
    pub const CLONE3: u32 = 435;
    pub const CLOSE_RANGE: u32 = 436;
    pub const OPENAT2: u32 = 437;
    pub const PIDFD_GETFD: u32 = 438;
    pub const FACCESSAT2: u32 = 439;
    pub const PROCESS_MADVISE: u32 = 440;
    pub const EPOLL_PWAIT2: u32 = 441;
    pub const MOUNT_SETATTR: u32 = 442;
    pub const QUOTACTL_FD: u32 = 443;
    pub const LANDLOCK_CREATE_RULESET: u32 = 444;
    pub const LANDLOCK_ADD_RULE: u32 = 445;
    pub const LANDLOCK_RESTRICT_SELF: u32 = 446;
    pub const MEMFD_SECRET: u32 = 447;
    pub const PROCESS_MRELEASE: u32 = 448;
    pub const FUTEX_WAITV: u32 = 449;
    pub const SET_MEMPOLICY_HOME_NODE: u32 = 450;
    pub const CACHESTAT: u32 = 451;
    pub const FCHMODAT2: u32 = 452;
    pub const MAP_SHADOW_STACK: u32 = 453;
    pub const FUTEX_WAKE: u32 = 454;
    pub const FUTEX_WAIT: u32 = 455;
    pub const FUTEX_REQUEUE: u32 = 456;
    pub const STATMOUNT: u32 = 457;
    pub const LISTMOUNT: u32 = 458;
    pub const LSM_GET_SELF_ATTR: u32 = 459;
    pub const LSM_SET_SELF_ATTR: u32 = 460;
    pub const LSM_LIST_MODULES: u32 = 461;
    pub const MSEAL: u32 = 462;
    pub const PROCESS_KSM_ENABLE: u32 = 463;
    pub const PROCESS_KSM_DISABLE: u32 = 464;
    pub const PROCESS_KSM_STATUS: u32 = 465;
}

/// The name of system call `nr`, or `None` if the number is unassigned.
#[must_use]
pub fn name(nr: u32) -> Option<&'static str> {
    TABLE
        .binary_search_by_key(&nr, |s| s.nr)
        .ok()
        .map(|i| TABLE[i].name)
}

/// The number of the system call called `name`, if any.
#[must_use]
pub fn number(name: &str) -> Option<u32> {
    TABLE.iter().find(|s| s.name == name).map(|s| s.nr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        for w in TABLE.windows(2) {
            assert!(w[0].nr < w[1].nr, "{:?} before {:?}", w[0], w[1]);
        }
        let mut names: Vec<&str> = TABLE.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TABLE.len(), "duplicate names");
        assert_eq!(TABLE.last().map(|s| s.nr), Some(MAX_NR));
    }

    #[test]
    fn well_known_numbers() {
        // Spot checks against syscall_32.tbl.
        assert_eq!(nr::EXIT, 1);
        assert_eq!(nr::READ, 3);
        assert_eq!(nr::EXECVE, 11);
        assert_eq!(nr::IOCTL, 54);
        assert_eq!(nr::SOCKETCALL, 102);
        assert_eq!(nr::CLONE, 120);
        assert_eq!(nr::RT_SIGRETURN, 173);
        assert_eq!(nr::MMAP2, 192);
        assert_eq!(nr::SET_THREAD_AREA, 243);
        assert_eq!(nr::EXIT_GROUP, 252);
        assert_eq!(nr::STATX, 383);
        assert_eq!(nr::CLOCK_GETTIME64, 403);
        assert_eq!(nr::CLONE3, 435);
        assert_eq!(name(222), None);
        assert_eq!(name(415), None);
        assert_eq!(name(4), Some("write"));
        assert_eq!(number("getdents64"), Some(220));
        assert_eq!(name(u32::MAX), None);
    }
}
