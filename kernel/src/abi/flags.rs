//! Flag and command constants of the i386 ABI, grouped by the system calls
//! that take them. x86 uses the asm-generic values unless noted.
//!
//! Sources: Linux `include/uapi/asm-generic/fcntl.h`, `linux/fcntl.h`,
//! `asm-generic/mman-common.h`, `asm/mman.h` (x86), `linux/sched.h`,
//! `linux/wait.h`, `linux/stat.h`, `asm-generic/poll.h`,
//! `linux/eventpoll.h`, `linux/auxvec.h` + `asm/auxvec.h`,
//! `asm-generic/resource.h`, `linux/time.h`, `linux/futex.h`.

/// `open(2)` / `openat(2)` flags (`asm-generic/fcntl.h`, octal as there).
pub mod open {
    pub const O_ACCMODE: u32 = 0o3;
    pub const O_RDONLY: u32 = 0o0;
    pub const O_WRONLY: u32 = 0o1;
    pub const O_RDWR: u32 = 0o2;
    pub const O_CREAT: u32 = 0o100;
    pub const O_EXCL: u32 = 0o200;
    pub const O_NOCTTY: u32 = 0o400;
    pub const O_TRUNC: u32 = 0o1000;
    pub const O_APPEND: u32 = 0o2000;
    pub const O_NONBLOCK: u32 = 0o4000;
    pub const O_DSYNC: u32 = 0o10000;
    pub const FASYNC: u32 = 0o20000;
    pub const O_DIRECT: u32 = 0o40000;
    pub const O_LARGEFILE: u32 = 0o100000;
    pub const O_DIRECTORY: u32 = 0o200000;
    pub const O_NOFOLLOW: u32 = 0o400000;
    pub const O_NOATIME: u32 = 0o1000000;
    pub const O_CLOEXEC: u32 = 0o2000000;
    pub const __O_SYNC: u32 = 0o4000000;
    pub const O_SYNC: u32 = __O_SYNC | O_DSYNC;
    pub const O_PATH: u32 = 0o10000000;
    pub const __O_TMPFILE: u32 = 0o20000000;
    pub const O_TMPFILE: u32 = __O_TMPFILE | O_DIRECTORY;
    pub const O_NDELAY: u32 = O_NONBLOCK;
    /// Every flag Linux's `open` accepts (`VALID_OPEN_FLAGS`).
    pub const VALID: u32 = O_RDONLY
        | O_WRONLY
        | O_RDWR
        | O_CREAT
        | O_EXCL
        | O_NOCTTY
        | O_TRUNC
        | O_APPEND
        | O_NDELAY
        | O_DSYNC
        | FASYNC
        | O_DIRECT
        | O_LARGEFILE
        | O_DIRECTORY
        | O_NOFOLLOW
        | O_NOATIME
        | O_CLOEXEC
        | O_PATH
        | O_SYNC
        | __O_TMPFILE;
}

/// `fcntl(2)` commands and arguments (`asm-generic/fcntl.h`, `linux/fcntl.h`).
pub mod fcntl {
    pub const F_DUPFD: u32 = 0;
    pub const F_GETFD: u32 = 1;
    pub const F_SETFD: u32 = 2;
    pub const F_GETFL: u32 = 3;
    pub const F_SETFL: u32 = 4;
    pub const F_GETLK: u32 = 5;
    pub const F_SETLK: u32 = 6;
    pub const F_SETLKW: u32 = 7;
    pub const F_SETOWN: u32 = 8;
    pub const F_GETOWN: u32 = 9;
    pub const F_SETSIG: u32 = 10;
    pub const F_GETSIG: u32 = 11;
    /// i386 only: `struct flock64` variants (`fcntl64`).
    pub const F_GETLK64: u32 = 12;
    pub const F_SETLK64: u32 = 13;
    pub const F_SETLKW64: u32 = 14;
    pub const F_SETOWN_EX: u32 = 15;
    pub const F_GETOWN_EX: u32 = 16;
    /// `struct f_owner_ex` types.
    pub const F_OWNER_TID: u32 = 0;
    pub const F_OWNER_PID: u32 = 1;
    pub const F_OWNER_PGRP: u32 = 2;
    pub const F_OFD_GETLK: u32 = 36;
    pub const F_OFD_SETLK: u32 = 37;
    pub const F_OFD_SETLKW: u32 = 38;
    pub const F_SETLEASE: u32 = 1024;
    pub const F_GETLEASE: u32 = 1025;
    pub const F_NOTIFY: u32 = 1026;
    pub const F_DUPFD_CLOEXEC: u32 = 1030;
    pub const F_SETPIPE_SZ: u32 = 1031;
    pub const F_GETPIPE_SZ: u32 = 1032;
    pub const F_ADD_SEALS: u32 = 1033;
    pub const F_GET_SEALS: u32 = 1034;
    pub const FD_CLOEXEC: u32 = 1;
    pub const F_RDLCK: i16 = 0;
    pub const F_WRLCK: i16 = 1;
    pub const F_UNLCK: i16 = 2;
    pub const LOCK_SH: u32 = 1;
    pub const LOCK_EX: u32 = 2;
    pub const LOCK_NB: u32 = 4;
    pub const LOCK_UN: u32 = 8;
}

/// `lseek(2)` whence values.
pub mod seek {
    pub const SEEK_SET: u32 = 0;
    pub const SEEK_CUR: u32 = 1;
    pub const SEEK_END: u32 = 2;
    pub const SEEK_DATA: u32 = 3;
    pub const SEEK_HOLE: u32 = 4;
}

/// `access(2)` modes.
pub mod access {
    pub const F_OK: u32 = 0;
    pub const X_OK: u32 = 1;
    pub const W_OK: u32 = 2;
    pub const R_OK: u32 = 4;
}

/// File mode bits (`linux/stat.h`) and `d_type` values (`linux/fs.h`).
pub mod mode {
    pub const S_IFMT: u32 = 0o170000;
    pub const S_IFSOCK: u32 = 0o140000;
    pub const S_IFLNK: u32 = 0o120000;
    pub const S_IFREG: u32 = 0o100000;
    pub const S_IFBLK: u32 = 0o060000;
    pub const S_IFDIR: u32 = 0o040000;
    pub const S_IFCHR: u32 = 0o020000;
    pub const S_IFIFO: u32 = 0o010000;
    pub const S_ISUID: u32 = 0o4000;
    pub const S_ISGID: u32 = 0o2000;
    pub const S_ISVTX: u32 = 0o1000;
    pub const DT_UNKNOWN: u8 = 0;
    pub const DT_FIFO: u8 = 1;
    pub const DT_CHR: u8 = 2;
    pub const DT_DIR: u8 = 4;
    pub const DT_BLK: u8 = 6;
    pub const DT_REG: u8 = 8;
    pub const DT_LNK: u8 = 10;
    pub const DT_SOCK: u8 = 12;

    /// The `d_type` for a mode (`S_DT` in `linux/fs_types.h`: `(mode >> 12) & 15`).
    #[must_use]
    pub const fn dt_from_mode(mode: u32) -> u8 {
        ((mode >> 12) & 15) as u8
    }
}

/// `*at(2)` constants (`linux/fcntl.h`), `renameat2` flags (`linux/fs.h`)
/// and `statx` masks (`linux/stat.h`).
pub mod at {
    /// The "current directory" pseudo-descriptor, as a guest `int`.
    pub const AT_FDCWD: i32 = -100;
    pub const AT_SYMLINK_NOFOLLOW: u32 = 0x100;
    /// `faccessat` only.
    pub const AT_EACCESS: u32 = 0x200;
    /// `unlinkat` only.
    pub const AT_REMOVEDIR: u32 = 0x200;
    pub const AT_SYMLINK_FOLLOW: u32 = 0x400;
    pub const AT_NO_AUTOMOUNT: u32 = 0x800;
    pub const AT_EMPTY_PATH: u32 = 0x1000;
    pub const AT_STATX_SYNC_TYPE: u32 = 0x6000;
    pub const AT_STATX_SYNC_AS_STAT: u32 = 0x0000;
    pub const AT_STATX_FORCE_SYNC: u32 = 0x2000;
    pub const AT_STATX_DONT_SYNC: u32 = 0x4000;
    pub const AT_RECURSIVE: u32 = 0x8000;
    pub const RENAME_NOREPLACE: u32 = 1;
    pub const RENAME_EXCHANGE: u32 = 2;
    pub const RENAME_WHITEOUT: u32 = 4;
    pub const STATX_TYPE: u32 = 0x1;
    pub const STATX_MODE: u32 = 0x2;
    pub const STATX_NLINK: u32 = 0x4;
    pub const STATX_UID: u32 = 0x8;
    pub const STATX_GID: u32 = 0x10;
    pub const STATX_ATIME: u32 = 0x20;
    pub const STATX_MTIME: u32 = 0x40;
    pub const STATX_CTIME: u32 = 0x80;
    pub const STATX_INO: u32 = 0x100;
    pub const STATX_SIZE: u32 = 0x200;
    pub const STATX_BLOCKS: u32 = 0x400;
    pub const STATX_BASIC_STATS: u32 = 0x7ff;
    pub const STATX_BTIME: u32 = 0x800;
    pub const STATX_MNT_ID: u32 = 0x1000;
    /// `utimensat` special nanosecond values.
    pub const UTIME_NOW: u32 = (1 << 30) - 1;
    pub const UTIME_OMIT: u32 = (1 << 30) - 2;
}

/// `mmap2(2)`, `mprotect(2)`, `mremap(2)`, `msync(2)`, `madvise(2)`
/// (`asm-generic/mman-common.h`, x86 `asm/mman.h`).
pub mod mman {
    pub const PROT_NONE: u32 = 0x0;
    pub const PROT_READ: u32 = 0x1;
    pub const PROT_WRITE: u32 = 0x2;
    pub const PROT_EXEC: u32 = 0x4;
    pub const PROT_GROWSDOWN: u32 = 0x0100_0000;
    pub const PROT_GROWSUP: u32 = 0x0200_0000;
    pub const MAP_SHARED: u32 = 0x01;
    pub const MAP_PRIVATE: u32 = 0x02;
    pub const MAP_SHARED_VALIDATE: u32 = 0x03;
    pub const MAP_TYPE: u32 = 0x0f;
    pub const MAP_FIXED: u32 = 0x10;
    pub const MAP_ANONYMOUS: u32 = 0x20;
    /// x86 only.
    pub const MAP_32BIT: u32 = 0x40;
    pub const MAP_GROWSDOWN: u32 = 0x0100;
    pub const MAP_DENYWRITE: u32 = 0x0800;
    pub const MAP_EXECUTABLE: u32 = 0x1000;
    pub const MAP_LOCKED: u32 = 0x2000;
    pub const MAP_NORESERVE: u32 = 0x4000;
    pub const MAP_POPULATE: u32 = 0x8000;
    pub const MAP_NONBLOCK: u32 = 0x10000;
    pub const MAP_STACK: u32 = 0x20000;
    pub const MAP_HUGETLB: u32 = 0x40000;
    pub const MAP_SYNC: u32 = 0x80000;
    pub const MAP_FIXED_NOREPLACE: u32 = 0x10_0000;
    /// `mmap` returns this (as -errno words) on failure; `(void *)-1`.
    pub const MAP_FAILED: u32 = u32::MAX;
    pub const MREMAP_MAYMOVE: u32 = 1;
    pub const MREMAP_FIXED: u32 = 2;
    pub const MREMAP_DONTUNMAP: u32 = 4;
    pub const MS_ASYNC: u32 = 1;
    pub const MS_INVALIDATE: u32 = 2;
    pub const MS_SYNC: u32 = 4;
    pub const MADV_NORMAL: u32 = 0;
    pub const MADV_RANDOM: u32 = 1;
    pub const MADV_SEQUENTIAL: u32 = 2;
    pub const MADV_WILLNEED: u32 = 3;
    pub const MADV_DONTNEED: u32 = 4;
    pub const MADV_FREE: u32 = 8;
    pub const MADV_REMOVE: u32 = 9;
    pub const MADV_DONTFORK: u32 = 10;
    pub const MADV_DOFORK: u32 = 11;
    pub const MADV_MERGEABLE: u32 = 12;
    pub const MADV_UNMERGEABLE: u32 = 13;
    pub const MADV_HUGEPAGE: u32 = 14;
    pub const MADV_NOHUGEPAGE: u32 = 15;
    pub const MADV_DONTDUMP: u32 = 16;
    pub const MADV_DODUMP: u32 = 17;
    /// The guest page size (`AT_PAGESZ`); `mmap2` offsets are in these units.
    pub const PAGE_SIZE: u32 = 4096;
}

/// `clone(2)` flags (`linux/sched.h`). The low byte (`CSIGNAL`) is the exit signal.
pub mod clone {
    pub const CSIGNAL: u32 = 0x0000_00ff;
    pub const CLONE_VM: u32 = 0x0000_0100;
    pub const CLONE_FS: u32 = 0x0000_0200;
    pub const CLONE_FILES: u32 = 0x0000_0400;
    pub const CLONE_SIGHAND: u32 = 0x0000_0800;
    pub const CLONE_PIDFD: u32 = 0x0000_1000;
    pub const CLONE_PTRACE: u32 = 0x0000_2000;
    pub const CLONE_VFORK: u32 = 0x0000_4000;
    pub const CLONE_PARENT: u32 = 0x0000_8000;
    pub const CLONE_THREAD: u32 = 0x0001_0000;
    pub const CLONE_NEWNS: u32 = 0x0002_0000;
    pub const CLONE_SYSVSEM: u32 = 0x0004_0000;
    pub const CLONE_SETTLS: u32 = 0x0008_0000;
    pub const CLONE_PARENT_SETTID: u32 = 0x0010_0000;
    pub const CLONE_CHILD_CLEARTID: u32 = 0x0020_0000;
    pub const CLONE_DETACHED: u32 = 0x0040_0000;
    pub const CLONE_UNTRACED: u32 = 0x0080_0000;
    pub const CLONE_CHILD_SETTID: u32 = 0x0100_0000;
    pub const CLONE_NEWCGROUP: u32 = 0x0200_0000;
    pub const CLONE_NEWUTS: u32 = 0x0400_0000;
    pub const CLONE_NEWIPC: u32 = 0x0800_0000;
    pub const CLONE_NEWUSER: u32 = 0x1000_0000;
    pub const CLONE_NEWPID: u32 = 0x2000_0000;
    pub const CLONE_NEWNET: u32 = 0x4000_0000;
    pub const CLONE_IO: u32 = 0x8000_0000;
}

/// `wait4(2)` / `waitid(2)` options and id types (`linux/wait.h`).
pub mod wait {
    pub const WNOHANG: u32 = 0x0000_0001;
    pub const WUNTRACED: u32 = 0x0000_0002;
    pub const WSTOPPED: u32 = WUNTRACED;
    pub const WEXITED: u32 = 0x0000_0004;
    pub const WCONTINUED: u32 = 0x0000_0008;
    pub const WNOWAIT: u32 = 0x0100_0000;
    pub const __WNOTHREAD: u32 = 0x2000_0000;
    pub const __WALL: u32 = 0x4000_0000;
    pub const __WCLONE: u32 = 0x8000_0000;
    pub const P_ALL: u32 = 0;
    pub const P_PID: u32 = 1;
    pub const P_PGID: u32 = 2;
    pub const P_PIDFD: u32 = 3;

    /// The wait status of a normal exit (`WIFEXITED`).
    #[must_use]
    pub const fn status_exited(code: u8) -> u32 {
        (code as u32) << 8
    }
    /// The wait status of a death by signal, with the core-dump bit.
    #[must_use]
    pub const fn status_signaled(sig: u8, core: bool) -> u32 {
        (sig as u32 & 0x7f) | if core { 0x80 } else { 0 }
    }
    /// The wait status of a stop (`WIFSTOPPED`).
    #[must_use]
    pub const fn status_stopped(sig: u8) -> u32 {
        ((sig as u32) << 8) | 0x7f
    }
    /// The wait status of a continue (`WIFCONTINUED`).
    pub const STATUS_CONTINUED: u32 = 0xffff;
}

/// `poll(2)` and `epoll(7)` event bits (`asm-generic/poll.h`, `linux/eventpoll.h`),
/// `eventfd`/`timerfd`/`signalfd` flags.
pub mod poll {
    pub const POLLIN: u16 = 0x0001;
    pub const POLLPRI: u16 = 0x0002;
    pub const POLLOUT: u16 = 0x0004;
    pub const POLLERR: u16 = 0x0008;
    pub const POLLHUP: u16 = 0x0010;
    pub const POLLNVAL: u16 = 0x0020;
    pub const POLLRDNORM: u16 = 0x0040;
    pub const POLLRDBAND: u16 = 0x0080;
    pub const POLLWRNORM: u16 = 0x0100;
    pub const POLLWRBAND: u16 = 0x0200;
    pub const POLLMSG: u16 = 0x0400;
    pub const POLLREMOVE: u16 = 0x1000;
    pub const POLLRDHUP: u16 = 0x2000;
    pub const EPOLLIN: u32 = 0x0001;
    pub const EPOLLPRI: u32 = 0x0002;
    pub const EPOLLOUT: u32 = 0x0004;
    pub const EPOLLERR: u32 = 0x0008;
    pub const EPOLLHUP: u32 = 0x0010;
    pub const EPOLLNVAL: u32 = 0x0020;
    pub const EPOLLRDNORM: u32 = 0x0040;
    pub const EPOLLRDBAND: u32 = 0x0080;
    pub const EPOLLWRNORM: u32 = 0x0100;
    pub const EPOLLWRBAND: u32 = 0x0200;
    pub const EPOLLMSG: u32 = 0x0400;
    pub const EPOLLRDHUP: u32 = 0x2000;
    pub const EPOLLEXCLUSIVE: u32 = 1 << 28;
    pub const EPOLLWAKEUP: u32 = 1 << 29;
    pub const EPOLLONESHOT: u32 = 1 << 30;
    pub const EPOLLET: u32 = 1 << 31;
    pub const EPOLL_CTL_ADD: u32 = 1;
    pub const EPOLL_CTL_DEL: u32 = 2;
    pub const EPOLL_CTL_MOD: u32 = 3;
    pub const EPOLL_CLOEXEC: u32 = super::open::O_CLOEXEC;
    pub const EFD_SEMAPHORE: u32 = 1;
    pub const EFD_CLOEXEC: u32 = super::open::O_CLOEXEC;
    pub const EFD_NONBLOCK: u32 = super::open::O_NONBLOCK;
    pub const TFD_TIMER_ABSTIME: u32 = 1;
    pub const TFD_TIMER_CANCEL_ON_SET: u32 = 2;
    pub const TFD_CLOEXEC: u32 = super::open::O_CLOEXEC;
    pub const TFD_NONBLOCK: u32 = super::open::O_NONBLOCK;
    pub const SFD_CLOEXEC: u32 = super::open::O_CLOEXEC;
    pub const SFD_NONBLOCK: u32 = super::open::O_NONBLOCK;
}

/// ELF auxiliary vector tags (`linux/auxvec.h`, x86 `asm/auxvec.h`).
pub mod auxv {
    pub const AT_NULL: u32 = 0;
    pub const AT_IGNORE: u32 = 1;
    pub const AT_EXECFD: u32 = 2;
    pub const AT_PHDR: u32 = 3;
    pub const AT_PHENT: u32 = 4;
    pub const AT_PHNUM: u32 = 5;
    pub const AT_PAGESZ: u32 = 6;
    pub const AT_BASE: u32 = 7;
    pub const AT_FLAGS: u32 = 8;
    pub const AT_ENTRY: u32 = 9;
    pub const AT_NOTELF: u32 = 10;
    pub const AT_UID: u32 = 11;
    pub const AT_EUID: u32 = 12;
    pub const AT_GID: u32 = 13;
    pub const AT_EGID: u32 = 14;
    pub const AT_PLATFORM: u32 = 15;
    pub const AT_HWCAP: u32 = 16;
    pub const AT_CLKTCK: u32 = 17;
    pub const AT_SECURE: u32 = 23;
    pub const AT_BASE_PLATFORM: u32 = 24;
    pub const AT_RANDOM: u32 = 25;
    pub const AT_HWCAP2: u32 = 26;
    pub const AT_EXECFN: u32 = 31;
    /// x86-32: entry of `__kernel_vsyscall` in the vDSO.
    pub const AT_SYSINFO: u32 = 32;
    /// Address of the vDSO's ELF header.
    pub const AT_SYSINFO_EHDR: u32 = 33;
    pub const AT_MINSIGSTKSZ: u32 = 51;
}

/// Resource limits (`asm-generic/resource.h`).
pub mod rlimit {
    pub const RLIMIT_CPU: u32 = 0;
    pub const RLIMIT_FSIZE: u32 = 1;
    pub const RLIMIT_DATA: u32 = 2;
    pub const RLIMIT_STACK: u32 = 3;
    pub const RLIMIT_CORE: u32 = 4;
    pub const RLIMIT_RSS: u32 = 5;
    pub const RLIMIT_NPROC: u32 = 6;
    pub const RLIMIT_NOFILE: u32 = 7;
    pub const RLIMIT_MEMLOCK: u32 = 8;
    pub const RLIMIT_AS: u32 = 9;
    pub const RLIMIT_LOCKS: u32 = 10;
    pub const RLIMIT_SIGPENDING: u32 = 11;
    pub const RLIMIT_MSGQUEUE: u32 = 12;
    pub const RLIMIT_NICE: u32 = 13;
    pub const RLIMIT_RTPRIO: u32 = 14;
    pub const RLIMIT_RTTIME: u32 = 15;
    pub const RLIM_NLIMITS: u32 = 16;
    /// "No limit" in `struct rlimit` (`ugetrlimit`, 32-bit words).
    pub const RLIM_INFINITY: u32 = u32::MAX;
    /// "No limit" for the old `getrlimit` (syscall 76), which clamps to `LONG_MAX`.
    pub const RLIM_INFINITY_OLD: u32 = 0x7fff_ffff;
    /// "No limit" in `struct rlimit64` (`prlimit64`).
    pub const RLIM64_INFINITY: u64 = u64::MAX;
    pub const RUSAGE_SELF: i32 = 0;
    pub const RUSAGE_CHILDREN: i32 = -1;
    pub const RUSAGE_THREAD: i32 = 1;
    pub const PRIO_PROCESS: u32 = 0;
    pub const PRIO_PGRP: u32 = 1;
    pub const PRIO_USER: u32 = 2;
}

/// Clock ids and timer flags (`linux/time.h`).
pub mod clock {
    pub const CLOCK_REALTIME: u32 = 0;
    pub const CLOCK_MONOTONIC: u32 = 1;
    pub const CLOCK_PROCESS_CPUTIME_ID: u32 = 2;
    pub const CLOCK_THREAD_CPUTIME_ID: u32 = 3;
    pub const CLOCK_MONOTONIC_RAW: u32 = 4;
    pub const CLOCK_REALTIME_COARSE: u32 = 5;
    pub const CLOCK_MONOTONIC_COARSE: u32 = 6;
    pub const CLOCK_BOOTTIME: u32 = 7;
    pub const CLOCK_REALTIME_ALARM: u32 = 8;
    pub const CLOCK_BOOTTIME_ALARM: u32 = 9;
    pub const CLOCK_TAI: u32 = 11;
    pub const TIMER_ABSTIME: u32 = 1;
    pub const ITIMER_REAL: u32 = 0;
    pub const ITIMER_VIRTUAL: u32 = 1;
    pub const ITIMER_PROF: u32 = 2;
    /// `sigevent.sigev_notify` values (`asm-generic/siginfo.h`).
    pub const SIGEV_SIGNAL: i32 = 0;
    pub const SIGEV_NONE: i32 = 1;
    pub const SIGEV_THREAD: i32 = 2;
    pub const SIGEV_THREAD_ID: i32 = 4;
    /// Clock ticks per second reported by `times(2)` and `AT_CLKTCK`.
    pub const USER_HZ: u32 = 100;
}

/// `futex(2)` operations (`linux/futex.h`).
pub mod futex {
    pub const FUTEX_WAIT: u32 = 0;
    pub const FUTEX_WAKE: u32 = 1;
    pub const FUTEX_FD: u32 = 2;
    pub const FUTEX_REQUEUE: u32 = 3;
    pub const FUTEX_CMP_REQUEUE: u32 = 4;
    pub const FUTEX_WAKE_OP: u32 = 5;
    pub const FUTEX_LOCK_PI: u32 = 6;
    pub const FUTEX_UNLOCK_PI: u32 = 7;
    pub const FUTEX_TRYLOCK_PI: u32 = 8;
    pub const FUTEX_WAIT_BITSET: u32 = 9;
    pub const FUTEX_WAKE_BITSET: u32 = 10;
    pub const FUTEX_WAIT_REQUEUE_PI: u32 = 11;
    pub const FUTEX_CMP_REQUEUE_PI: u32 = 12;
    pub const FUTEX_LOCK_PI2: u32 = 13;
    pub const FUTEX_PRIVATE_FLAG: u32 = 128;
    pub const FUTEX_CLOCK_REALTIME: u32 = 256;
    /// The operation without the flag bits.
    pub const FUTEX_CMD_MASK: u32 = !(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    pub const FUTEX_BITSET_MATCH_ANY: u32 = u32::MAX;
    /// Robust-futex word bits.
    pub const FUTEX_WAITERS: u32 = 0x8000_0000;
    pub const FUTEX_OWNER_DIED: u32 = 0x4000_0000;
    pub const FUTEX_TID_MASK: u32 = 0x3fff_ffff;
}

/// Miscellaneous: `getrandom`, `prctl` (`linux/prctl.h`), `sched_*`,
/// `arch_prctl`, `personality`, `reboot`.
pub mod misc {
    pub const GRND_NONBLOCK: u32 = 1;
    pub const GRND_RANDOM: u32 = 2;
    pub const GRND_INSECURE: u32 = 4;
    pub const PR_SET_PDEATHSIG: u32 = 1;
    pub const PR_GET_PDEATHSIG: u32 = 2;
    pub const PR_GET_DUMPABLE: u32 = 3;
    pub const PR_SET_DUMPABLE: u32 = 4;
    pub const PR_SET_NAME: u32 = 15;
    pub const PR_GET_NAME: u32 = 16;
    pub const PR_SET_NO_NEW_PRIVS: u32 = 38;
    pub const PR_GET_NO_NEW_PRIVS: u32 = 39;
    pub const PR_SET_CHILD_SUBREAPER: u32 = 36;
    pub const PR_GET_CHILD_SUBREAPER: u32 = 37;
    pub const PR_GET_KEEPCAPS: u32 = 7;
    pub const PR_SET_KEEPCAPS: u32 = 8;
    pub const PR_GET_SECCOMP: u32 = 21;
    pub const PR_CAPBSET_READ: u32 = 23;
    pub const PR_SET_TIMERSLACK: u32 = 29;
    pub const PR_GET_TIMERSLACK: u32 = 30;
    pub const PR_SET_THP_DISABLE: u32 = 41;
    pub const PR_GET_THP_DISABLE: u32 = 42;
    pub const PR_CAP_AMBIENT: u32 = 47;
    pub const PR_CAP_AMBIENT_IS_SET: u32 = 1;
    pub const PR_CAP_AMBIENT_RAISE: u32 = 2;
    pub const PR_CAP_AMBIENT_LOWER: u32 = 3;
    pub const PR_CAP_AMBIENT_CLEAR_ALL: u32 = 4;
    /// `PR_SET_VMA` (Linux 5.17+): names anonymous mappings.
    pub const PR_SET_VMA: u32 = 0x5356_4d41;
    /// The highest capability number (`CAP_CHECKPOINT_RESTORE`, Linux 5.9+).
    pub const CAP_LAST_CAP: u32 = 40;
    /// Scheduling policies (`linux/sched.h`).
    pub const SCHED_OTHER: u32 = 0;
    pub const SCHED_FIFO: u32 = 1;
    pub const SCHED_RR: u32 = 2;
    pub const SCHED_BATCH: u32 = 3;
    pub const SCHED_IDLE: u32 = 5;
    pub const SCHED_RESET_ON_FORK: u32 = 0x4000_0000;
    /// `sched_attr` sizes (`SCHED_ATTR_SIZE_VER0`, `_VER1`).
    pub const SCHED_ATTR_SIZE_VER0: u32 = 48;
    pub const SCHED_ATTR_SIZE_VER1: u32 = 56;
    /// `ioprio_get`/`ioprio_set` targets and classes (`uapi/linux/ioprio.h`).
    pub const IOPRIO_WHO_PROCESS: u32 = 1;
    pub const IOPRIO_WHO_PGRP: u32 = 2;
    pub const IOPRIO_WHO_USER: u32 = 3;
    pub const IOPRIO_CLASS_NONE: u32 = 0;
    pub const IOPRIO_CLASS_RT: u32 = 1;
    pub const IOPRIO_CLASS_BE: u32 = 2;
    pub const IOPRIO_CLASS_IDLE: u32 = 3;
    /// `personality(0xffffffff)` queries.
    pub const PER_LINUX: u32 = 0;
    pub const PER_QUERY: u32 = 0xffff_ffff;
    /// The persona `linux32`/`setarch i686` asks for: uname says i686.
    pub const PER_LINUX32: u32 = 0x0008;
    /// The persona bits of a personality value (`PER_MASK`).
    pub const PER_MASK: u32 = 0x00ff;
    pub const ADDR_NO_RANDOMIZE: u32 = 0x0004_0000;
    pub const CLOSE_RANGE_UNSHARE: u32 = 1 << 1;
    pub const CLOSE_RANGE_CLOEXEC: u32 = 1 << 2;
    pub const MFD_CLOEXEC: u32 = 1;
    pub const MFD_ALLOW_SEALING: u32 = 2;
}

/// File system magic numbers, as statfs(2) reports them (`uapi/linux/magic.h`).
pub mod magic {
    pub const EXT2_SUPER_MAGIC: u32 = 0xef53;
    pub const TMPFS_MAGIC: u32 = 0x0102_1994;
    pub const PROC_SUPER_MAGIC: u32 = 0x9fa0;
    pub const SYSFS_MAGIC: u32 = 0x6265_6572;
    pub const DEVPTS_SUPER_MAGIC: u32 = 0x1cd1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_values() {
        assert_eq!(open::O_SYNC, 0o4010000);
        assert_eq!(open::O_TMPFILE, 0o20200000);
        assert_eq!(at::AT_FDCWD as u32, 0xffff_ff9c);
        assert_eq!(futex::FUTEX_WAIT_BITSET | futex::FUTEX_PRIVATE_FLAG, 137);
        assert_eq!(
            (futex::FUTEX_WAKE | futex::FUTEX_PRIVATE_FLAG) & futex::FUTEX_CMD_MASK,
            futex::FUTEX_WAKE
        );
        assert_eq!(mode::dt_from_mode(mode::S_IFDIR | 0o755), mode::DT_DIR);
        assert_eq!(mode::dt_from_mode(mode::S_IFLNK), mode::DT_LNK);
        assert_eq!(wait::status_exited(3), 0x300);
        assert_eq!(wait::status_signaled(11, true), 139);
        assert_eq!(wait::status_stopped(19), 0x137f);
    }
}
