//! File, time, process and memory structs of the i386 ABI.
//!
//! Sources (Linux uapi headers unless noted): `arch/x86/include/uapi/asm/stat.h`
//! (`stat`, `stat64`), `linux/stat.h` (`statx`), `asm-generic/statfs.h` with
//! x86's `ARCH_PACK_STATFS64` (packed, aligned 4), `linux/time_types.h`
//! (`__kernel_timespec`), `linux/time.h`, `linux/times.h`,
//! `linux/resource.h` (`rusage`), `linux/utsname.h`, `linux/sysinfo.h`,
//! `linux/uio.h`, `fs/readdir.c` (`linux_dirent`, `linux_dirent64`),
//! `asm-generic/poll.h`, `linux/eventpoll.h` (`EPOLL_PACKED` on x86),
//! `linux/signalfd.h`,
//! `asm-generic/fcntl.h` (`flock`, `flock64`), `linux/sched.h` (`clone_args`).

use super::layout::abi_struct;

abi_struct! {
    /// i386 `struct stat64` (`fstat64`, `stat64`, `lstat64`, `fstatat64`).
    pub struct Stat64: 96 {
        dev: u64 = 0,
        /// Truncated inode number (`__st_ino`).
        ino32: u32 = 12,
        mode: u32 = 16,
        nlink: u32 = 20,
        uid: u32 = 24,
        gid: u32 = 28,
        rdev: u64 = 32,
        size: i64 = 44,
        blksize: u32 = 52,
        blocks: u64 = 56,
        atime: u32 = 64,
        atime_nsec: u32 = 68,
        mtime: u32 = 72,
        mtime_nsec: u32 = 76,
        ctime: u32 = 80,
        ctime_nsec: u32 = 84,
        ino: u64 = 88,
    }
}

abi_struct! {
    /// The old i386 `struct stat` (`stat`, `fstat`, `lstat`: syscalls
    /// 106..108); 16-bit mode/nlink/uid/gid, 32-bit size (`EOVERFLOW` beyond).
    pub struct OldStat: 64 {
        dev: u32 = 0,
        ino: u32 = 4,
        mode: u16 = 8,
        nlink: u16 = 10,
        uid: u16 = 12,
        gid: u16 = 14,
        rdev: u32 = 16,
        size: u32 = 20,
        blksize: u32 = 24,
        blocks: u32 = 28,
        atime: u32 = 32,
        atime_nsec: u32 = 36,
        mtime: u32 = 40,
        mtime_nsec: u32 = 44,
        ctime: u32 = 48,
        ctime_nsec: u32 = 52,
    }
}

abi_struct! {
    /// `struct statx` (`linux/stat.h`), with each `statx_timestamp`
    /// (i64 seconds, u32 nanoseconds, i32 reserved) flattened.
    pub struct Statx: 256 {
        mask: u32 = 0,
        blksize: u32 = 4,
        attributes: u64 = 8,
        nlink: u32 = 16,
        uid: u32 = 20,
        gid: u32 = 24,
        mode: u16 = 28,
        ino: u64 = 32,
        size: u64 = 40,
        blocks: u64 = 48,
        attributes_mask: u64 = 56,
        atime_sec: i64 = 64,
        atime_nsec: u32 = 72,
        btime_sec: i64 = 80,
        btime_nsec: u32 = 88,
        ctime_sec: i64 = 96,
        ctime_nsec: u32 = 104,
        mtime_sec: i64 = 112,
        mtime_nsec: u32 = 120,
        rdev_major: u32 = 128,
        rdev_minor: u32 = 132,
        dev_major: u32 = 136,
        dev_minor: u32 = 140,
        mnt_id: u64 = 144,
        dio_mem_align: u32 = 152,
        dio_offset_align: u32 = 156,
    }
}

abi_struct! {
    /// i386 `struct statfs64` (`statfs64`, `fstatfs64`): packed, 84 bytes.
    pub struct Statfs64: 84 {
        kind: u32 = 0,
        bsize: u32 = 4,
        blocks: u64 = 8,
        bfree: u64 = 16,
        bavail: u64 = 24,
        files: u64 = 32,
        ffree: u64 = 40,
        fsid: [u32; 2] = 48,
        namelen: u32 = 56,
        frsize: u32 = 60,
        flags: u32 = 64,
    }
}

abi_struct! {
    /// i386 `struct statfs` (`statfs`, `fstatfs`): all words 32-bit, 64 bytes.
    pub struct Statfs: 64 {
        kind: u32 = 0,
        bsize: u32 = 4,
        blocks: u32 = 8,
        bfree: u32 = 12,
        bavail: u32 = 16,
        files: u32 = 20,
        ffree: u32 = 24,
        fsid: [u32; 2] = 28,
        namelen: u32 = 36,
        frsize: u32 = 40,
        flags: u32 = 44,
    }
}

abi_struct! {
    /// `struct old_timespec32`: 32-bit seconds and nanoseconds.
    pub struct Timespec32: 8 {
        sec: i32 = 0,
        nsec: i32 = 4,
    }
}

abi_struct! {
    /// `struct __kernel_timespec` (time64 calls): 64-bit seconds and
    /// nanoseconds (the upper half of `nsec` is ignored for 32-bit callers).
    pub struct Timespec64: 16 {
        sec: i64 = 0,
        nsec: i64 = 8,
    }
}

abi_struct! {
    /// `struct old_timeval32`.
    pub struct Timeval32: 8 {
        sec: i32 = 0,
        usec: i32 = 4,
    }
}

abi_struct! {
    /// `struct old_itimerval32` (`setitimer`, `getitimer`).
    pub struct Itimerval32: 16 {
        interval_sec: i32 = 0,
        interval_usec: i32 = 4,
        value_sec: i32 = 8,
        value_usec: i32 = 12,
    }
}

abi_struct! {
    /// `struct old_itimerspec32` (`timer_settime`, `timerfd_settime`).
    pub struct Itimerspec32: 16 {
        interval_sec: i32 = 0,
        interval_nsec: i32 = 4,
        value_sec: i32 = 8,
        value_nsec: i32 = 12,
    }
}

abi_struct! {
    /// `struct __kernel_itimerspec` (time64 timer calls).
    pub struct Itimerspec64: 32 {
        interval_sec: i64 = 0,
        interval_nsec: i64 = 8,
        value_sec: i64 = 16,
        value_nsec: i64 = 24,
    }
}

abi_struct! {
    /// `struct timezone` (`gettimeofday`).
    pub struct Timezone: 8 {
        minuteswest: i32 = 0,
        dsttime: i32 = 4,
    }
}

abi_struct! {
    /// `struct tms` (`times`): four 32-bit `clock_t` in USER_HZ ticks.
    pub struct Tms: 16 {
        utime: u32 = 0,
        stime: u32 = 4,
        cutime: u32 = 8,
        cstime: u32 = 12,
    }
}

abi_struct! {
    /// i386 `struct rusage` (`getrusage`, `wait4`): two timevals, 14 longs.
    pub struct Rusage: 72 {
        utime_sec: i32 = 0,
        utime_usec: i32 = 4,
        stime_sec: i32 = 8,
        stime_usec: i32 = 12,
        maxrss: i32 = 16,
        ixrss: i32 = 20,
        idrss: i32 = 24,
        isrss: i32 = 28,
        minflt: i32 = 32,
        majflt: i32 = 36,
        nswap: i32 = 40,
        inblock: i32 = 44,
        oublock: i32 = 48,
        msgsnd: i32 = 52,
        msgrcv: i32 = 56,
        nsignals: i32 = 60,
        nvcsw: i32 = 64,
        nivcsw: i32 = 68,
    }
}

abi_struct! {
    /// `struct new_utsname` (`uname`, syscall 122): six NUL-padded 65-byte strings.
    pub struct Utsname: 390 {
        sysname: [u8; 65] = 0,
        nodename: [u8; 65] = 65,
        release: [u8; 65] = 130,
        version: [u8; 65] = 195,
        machine: [u8; 65] = 260,
        domainname: [u8; 65] = 325,
    }
}

/// Copies `s` into a 65-byte `utsname` field, truncated so a NUL always ends it.
#[must_use]
pub fn uts_field(s: &str) -> [u8; 65] {
    let mut out = [0u8; 65];
    let n = s.len().min(64);
    out[..n].copy_from_slice(&s.as_bytes()[..n]);
    out
}

abi_struct! {
    /// i386 `struct sysinfo` (`linux/sysinfo.h`): 64 bytes.
    pub struct Sysinfo: 64 {
        uptime: i32 = 0,
        loads: [u32; 3] = 4,
        totalram: u32 = 16,
        freeram: u32 = 20,
        sharedram: u32 = 24,
        bufferram: u32 = 28,
        totalswap: u32 = 32,
        freeswap: u32 = 36,
        procs: u16 = 40,
        totalhigh: u32 = 44,
        freehigh: u32 = 48,
        mem_unit: u32 = 52,
    }
}

abi_struct! {
    /// i386 `struct mq_attr` (`linux/mqueue.h`): four `long`s, then four
    /// reserved ones.
    pub struct MqAttr: 32 {
        flags: u32 = 0,
        maxmsg: i32 = 4,
        msgsize: i32 = 8,
        curmsgs: i32 = 12,
    }
}

abi_struct! {
    /// i386 `struct iovec` (`readv`, `writev`, `msghdr.msg_iov`).
    pub struct Iovec: 8 {
        base: u32 = 0,
        len: u32 = 4,
    }
}

/// Largest `iovcnt` accepted by `readv`/`writev` (`UIO_MAXIOV`).
pub const UIO_MAXIOV: u32 = 1024;

abi_struct! {
    /// `struct rlimit` (`getrlimit`/`setrlimit`): 32-bit current and maximum.
    pub struct Rlimit: 8 {
        cur: u32 = 0,
        max: u32 = 4,
    }
}

abi_struct! {
    /// `struct rlimit64` (`prlimit64`).
    pub struct Rlimit64: 16 {
        cur: u64 = 0,
        max: u64 = 8,
    }
}

abi_struct! {
    /// `struct sched_attr` (`sched_getattr`/`sched_setattr`,
    /// `uapi/linux/sched/types.h`), `SCHED_ATTR_SIZE_VER1` long.
    pub struct SchedAttr: 56 {
        size: u32 = 0,
        policy: u32 = 4,
        flags: u64 = 8,
        nice: i32 = 16,
        priority: u32 = 20,
        runtime: u64 = 24,
        deadline: u64 = 32,
        period: u64 = 40,
        util_min: u32 = 48,
        util_max: u32 = 52,
    }
}

abi_struct! {
    /// `struct pollfd` (`poll`, `ppoll`).
    pub struct PollFd: 8 {
        fd: i32 = 0,
        events: u16 = 4,
        revents: u16 = 6,
    }
}

abi_struct! {
    /// `struct epoll_event`: packed on x86 (`EPOLL_PACKED`), so 12 bytes
    /// with `data` at offset 4.
    pub struct EpollEvent: 12 {
        events: u32 = 0,
        data: u64 = 4,
    }
}

abi_struct! {
    /// `struct signalfd_siginfo` (`linux/signalfd.h`): what a read of a
    /// signalfd returns per signal, 128 bytes on every architecture.
    pub struct SignalfdSiginfo: 128 {
        signo: u32 = 0,
        errno: i32 = 4,
        code: i32 = 8,
        pid: u32 = 12,
        uid: u32 = 16,
        fd: i32 = 20,
        tid: u32 = 24,
        band: u32 = 28,
        overrun: u32 = 32,
        trapno: u32 = 36,
        status: i32 = 40,
        int: i32 = 44,
        ptr: u64 = 48,
        utime: u64 = 56,
        stime: u64 = 64,
        addr: u64 = 72,
        addr_lsb: u16 = 80,
        syscall: i32 = 84,
        call_addr: u64 = 88,
        arch: u32 = 96,
    }
}

abi_struct! {
    /// i386 `struct flock` (`fcntl` `F_GETLK`/`F_SETLK`): 32-bit start and length.
    pub struct Flock: 16 {
        kind: i16 = 0,
        whence: i16 = 2,
        start: i32 = 4,
        len: i32 = 8,
        pid: i32 = 12,
    }
}

abi_struct! {
    /// i386 `struct flock64` (`fcntl64` `F_GETLK64`...): `long long` is
    /// 4-aligned on i386, so `start` sits at offset 4; 24 bytes.
    pub struct Flock64: 24 {
        kind: i16 = 0,
        whence: i16 = 2,
        start: i64 = 4,
        len: i64 = 12,
        pid: i32 = 20,
    }
}

abi_struct! {
    /// `struct clone_args` (`clone3`), version 2 (88 bytes). tabvm answers
    /// `clone3` with `ENOSYS`, which glibc handles by falling back to `clone`.
    pub struct CloneArgs: 88 {
        flags: u64 = 0,
        pidfd: u64 = 8,
        child_tid: u64 = 16,
        parent_tid: u64 = 24,
        exit_signal: u64 = 32,
        stack: u64 = 40,
        stack_size: u64 = 48,
        tls: u64 = 56,
        set_tid: u64 = 64,
        set_tid_size: u64 = 72,
        cgroup: u64 = 80,
    }
}

/// `getdents64(2)`: one `struct linux_dirent64` (`fs/readdir.c`).
///
/// Layout: `d_ino` u64 @0, `d_off` i64 @8, `d_reclen` u16 @16, `d_type` u8
/// @18, `d_name` @19 NUL-terminated, record padded to a multiple of 8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dirent64<'a> {
    pub ino: u64,
    /// Position of the next entry (what `lseek` to resume at).
    pub off: i64,
    pub kind: u8,
    pub name: &'a [u8],
}

/// Offset of `d_name` in `linux_dirent64`.
pub const DIRENT64_NAME: usize = 19;

impl Dirent64<'_> {
    /// The record length: header + name + NUL, rounded up to 8.
    #[must_use]
    pub const fn reclen(&self) -> usize {
        (DIRENT64_NAME + self.name.len() + 1 + 7) & !7
    }

    /// Appends the record to `out` if it fits in `space` more bytes;
    /// returns the bytes written (0 if it does not fit: the caller stops,
    /// and returns `EINVAL` if nothing at all fit).
    pub fn emit(&self, out: &mut Vec<u8>, space: usize) -> usize {
        let reclen = self.reclen();
        if reclen > space || reclen > usize::from(u16::MAX) {
            return 0;
        }
        let start = out.len();
        out.extend_from_slice(&self.ino.to_le_bytes());
        out.extend_from_slice(&self.off.to_le_bytes());
        out.extend_from_slice(&(reclen as u16).to_le_bytes());
        out.push(self.kind);
        out.extend_from_slice(self.name);
        out.resize(start + reclen, 0);
        reclen
    }
}

/// `getdents(2)`: one old `struct linux_dirent` (`fs/readdir.c`).
///
/// Layout: `d_ino` u32 @0, `d_off` u32 @4, `d_reclen` u16 @8, `d_name` @10
/// NUL-terminated, padding, and `d_type` in the record's last byte; record
/// padded to a multiple of 4 (`sizeof(long)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dirent<'a> {
    pub ino: u32,
    pub off: u32,
    pub kind: u8,
    pub name: &'a [u8],
}

impl Dirent<'_> {
    /// The record length: `ALIGN(10 + namelen + 2, 4)`.
    #[must_use]
    pub const fn reclen(&self) -> usize {
        (10 + self.name.len() + 2 + 3) & !3
    }

    /// Appends the record to `out` if it fits in `space`; returns its length or 0.
    pub fn emit(&self, out: &mut Vec<u8>, space: usize) -> usize {
        let reclen = self.reclen();
        if reclen > space || reclen > usize::from(u16::MAX) {
            return 0;
        }
        let start = out.len();
        out.extend_from_slice(&self.ino.to_le_bytes());
        out.extend_from_slice(&self.off.to_le_bytes());
        out.extend_from_slice(&(reclen as u16).to_le_bytes());
        out.extend_from_slice(self.name);
        out.resize(start + reclen, 0);
        if let Some(last) = out.last_mut() {
            *last = self.kind;
        }
        reclen
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::check_layout;
    use super::*;

    #[test]
    fn layouts() {
        macro_rules! check {
            ($($t:ident = $size:literal),*) => {$(
                check_layout(stringify!($t), $t::SIZE, $t::OFFSETS);
                assert_eq!($t::SIZE, $size, stringify!($t));
            )*};
        }
        // Sizes from the i386 headers cited in the module doc.
        check!(
            Stat64 = 96,
            OldStat = 64,
            Statx = 256,
            Statfs64 = 84,
            Statfs = 64,
            Timespec32 = 8,
            Timespec64 = 16,
            Timeval32 = 8,
            Itimerval32 = 16,
            Itimerspec32 = 16,
            Itimerspec64 = 32,
            Timezone = 8,
            Tms = 16,
            Rusage = 72,
            Utsname = 390,
            Sysinfo = 64,
            Iovec = 8,
            MqAttr = 32,
            Rlimit = 8,
            Rlimit64 = 16,
            SchedAttr = 56,
            PollFd = 8,
            EpollEvent = 12,
            SignalfdSiginfo = 128,
            Flock = 16,
            Flock64 = 24,
            CloneArgs = 88
        );
    }

    #[test]
    fn stat64_fields_land_where_glibc_reads_them() {
        let s = Stat64 {
            ino: 0x1_0000_0002,
            ino32: 2,
            size: 0x1234_5678_9abc,
            mode: 0o100644,
            ..Stat64::default()
        };
        let b = s.to_bytes();
        assert_eq!(&b[16..20], &0o100644u32.to_le_bytes());
        assert_eq!(&b[44..52], &0x1234_5678_9abci64.to_le_bytes());
        assert_eq!(&b[88..96], &0x1_0000_0002u64.to_le_bytes());
        assert_eq!(Stat64::parse(&b), Ok(s));
    }

    #[test]
    fn dirents() {
        let mut out = Vec::new();
        let d = Dirent64 {
            ino: 12,
            off: 1,
            kind: 4,
            name: b"usr",
        };
        assert_eq!(d.reclen(), 24);
        assert_eq!(d.emit(&mut out, 23), 0);
        assert_eq!(d.emit(&mut out, 100), 24);
        assert_eq!(&out[16..24], &[24, 0, 4, b'u', b's', b'r', 0, 0]);
        let long = Dirent64 {
            ino: 1,
            off: 2,
            kind: 8,
            name: b"abcde",
        };
        assert_eq!(long.reclen(), 32, "19 + 5 + 1 = 25 -> 32");
        let mut old = Vec::new();
        let o = Dirent {
            ino: 12,
            off: 1,
            kind: 4,
            name: b"usr",
        };
        assert_eq!(o.reclen(), 16);
        assert_eq!(o.emit(&mut old, 16), 16);
        assert_eq!(&old[8..16], &[16, 0, b'u', b's', b'r', 0, 0, 4]);
        assert_eq!(uts_field("i686")[..5], *b"i686\0");
        assert_eq!(uts_field(&"x".repeat(100))[64], 0);
    }
}
