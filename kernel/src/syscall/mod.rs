//! The system-call table (STYLE 4: data, not a match statement) and the
//! dispatcher. Handlers live in `fs.rs`, `proc.rs`, `mem.rs`, `time.rs` by
//! area; each is thin: decode arguments, reject bad flags, call the kernel.
//! A number with no row logs once and returns `ENOSYS`.

// Handlers share one signature, so some return `Ok` unconditionally.
#![allow(clippy::unnecessary_wraps)]

mod extra;
mod fs;
mod futex;
mod ipc;
mod lock;
mod mem;
mod misc;
mod mqueue;
mod net;
mod pidfd;
mod poll;
mod proc;
pub(crate) mod ptrace;
mod splice;
mod time;
mod tty;
mod uid16;
mod xattr;
mod xfer;

use crate::Kernel;
use crate::abi::errno::Errno;
use crate::error::{SysErr, SysResult};
use crate::task::Pid;

pub(crate) use fs::install;
pub(crate) use futex::{exit_robust_list, futex_wake_at_exit};
pub(crate) use lock::{Flocks, Records, closed as lock_closed, exited as locks_exited, proc_locks};
pub(crate) use proc::task_rlimit;

/// The six argument registers: ebx, ecx, edx, esi, edi, ebp.
pub(crate) type Args = [u32; 6];
type Handler = fn(&mut Kernel, Pid, Args) -> SysResult;

/// How completely a row implements its system call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Support {
    Full,
    /// Works for what real programs ask; the note says what is missing.
    Partial(&'static str),
}

/// One row: the number, the name (as `syscall_32.tbl` spells it), the
/// handler and how complete it is.
pub(crate) struct Row {
    pub nr: u32,
    pub name: &'static str,
    pub handler: Handler,
    pub support: Support,
}

const fn row(nr: u32, name: &'static str, handler: Handler) -> Row {
    Row {
        nr,
        name,
        handler,
        support: Support::Full,
    }
}

const fn partial(nr: u32, name: &'static str, handler: Handler, note: &'static str) -> Row {
    Row {
        nr,
        name,
        handler,
        support: Support::Partial(note),
    }
}

/// Every implemented system call, sorted by number.
pub(crate) static TABLE: &[Row] = &[
    row(1, "exit", proc::exit),
    row(2, "fork", proc::fork),
    row(3, "read", fs::read),
    row(4, "write", fs::write),
    row(5, "open", fs::open),
    row(6, "close", fs::close),
    row(7, "waitpid", proc::waitpid),
    row(8, "creat", fs::creat),
    row(9, "link", fs::link),
    row(10, "unlink", fs::unlink),
    row(11, "execve", proc::execve),
    row(12, "chdir", fs::chdir),
    row(13, "time", time::time),
    row(14, "mknod", fs::mknod),
    row(15, "chmod", fs::chmod),
    row(16, "lchown", uid16::lchown16),
    row(19, "lseek", fs::lseek),
    row(20, "getpid", proc::getpid),
    row(23, "setuid", uid16::setuid16),
    row(24, "getuid", uid16::getuid16),
    partial(
        26,
        "ptrace",
        ptrace::ptrace,
        "no PTRACE_EVENT_EXIT or exit reports for threads that exit_group or a fatal signal ends, PEEKSIGINFO entries, FPX registers or hardware breakpoints",
    ),
    row(27, "alarm", time::alarm),
    row(29, "pause", proc::pause),
    row(33, "access", fs::access),
    row(36, "sync", fs::sync),
    row(37, "kill", proc::kill),
    row(38, "rename", fs::rename),
    row(39, "mkdir", fs::mkdir),
    row(40, "rmdir", fs::rmdir),
    row(41, "dup", fs::dup),
    row(42, "pipe", fs::pipe),
    row(43, "times", time::times),
    row(45, "brk", mem::brk),
    row(46, "setgid", uid16::setgid16),
    row(47, "getgid", uid16::getgid16),
    row(49, "geteuid", uid16::geteuid16),
    row(50, "getegid", uid16::getegid16),
    partial(
        54,
        "ioctl",
        fs::ioctl,
        "terminals (ptys and the console), sockets and interface queries (SIOCGIF*); no block-device ioctls",
    ),
    row(55, "fcntl", fs::fcntl),
    row(57, "setpgid", proc::setpgid),
    row(60, "umask", fs::umask),
    row(63, "dup2", fs::dup2),
    row(64, "getppid", proc::getppid),
    row(65, "getpgrp", proc::getpgrp),
    row(66, "setsid", proc::setsid),
    row(70, "setreuid", uid16::setreuid16),
    row(71, "setregid", uid16::setregid16),
    row(77, "getrusage", misc::getrusage),
    row(78, "gettimeofday", time::gettimeofday),
    row(80, "getgroups", uid16::getgroups16),
    row(81, "setgroups", uid16::setgroups16),
    row(82, "select", poll::old_select),
    row(83, "symlink", fs::symlink),
    row(85, "readlink", fs::readlink),
    row(91, "munmap", mem::munmap),
    row(92, "truncate", fs::truncate),
    row(93, "ftruncate", fs::ftruncate),
    row(94, "fchmod", fs::fchmod),
    row(95, "fchown", uid16::fchown16),
    row(96, "getpriority", misc::getpriority),
    row(97, "setpriority", misc::setpriority),
    partial(
        102,
        "socketcall",
        net::socketcall,
        "AF_UNIX, AF_INET/AF_INET6 on the loopback netstack, and AF_NETLINK's routing protocol; no other families",
    ),
    row(103, "syslog", misc::syslog),
    partial(
        104,
        "setitimer",
        time::setitimer,
        "ITIMER_VIRTUAL and ITIMER_PROF never fire",
    ),
    row(105, "getitimer", time::getitimer),
    row(111, "vhangup", tty::vhangup),
    row(114, "wait4", proc::wait4),
    row(116, "sysinfo", proc::sysinfo),
    row(117, "ipc", ipc::ipc),
    row(118, "fsync", fs::fsync),
    row(119, "sigreturn", proc::sigreturn),
    partial(
        120,
        "clone",
        proc::clone,
        "no CLONE_NEWNS and other namespaces",
    ),
    row(122, "uname", proc::uname),
    row(125, "mprotect", mem::mprotect),
    row(132, "getpgid", proc::getpgid),
    row(133, "fchdir", fs::fchdir),
    row(136, "personality", extra::personality),
    partial(
        138,
        "setfsuid",
        uid16::setfsuid16,
        "the file-system uid stays the effective uid",
    ),
    partial(
        139,
        "setfsgid",
        uid16::setfsgid16,
        "the file-system gid stays the effective gid",
    ),
    row(140, "_llseek", fs::llseek),
    row(141, "getdents", fs::getdents),
    row(142, "_newselect", poll::newselect),
    row(143, "flock", lock::flock),
    row(144, "msync", mem::msync),
    row(145, "readv", fs::readv),
    row(146, "writev", fs::writev),
    row(147, "getsid", proc::getsid),
    row(148, "fdatasync", fs::fsync),
    row(150, "mlock", extra::mlock),
    row(151, "munlock", extra::munlock),
    row(152, "mlockall", extra::mlockall),
    row(153, "munlockall", extra::munlockall),
    row(154, "sched_setparam", misc::sched_setparam),
    row(155, "sched_getparam", misc::sched_getparam),
    partial(
        156,
        "sched_setscheduler",
        misc::sched_setscheduler,
        "real-time policies are refused (EPERM)",
    ),
    row(157, "sched_getscheduler", misc::sched_getscheduler),
    row(158, "sched_yield", proc::sched_yield),
    row(159, "sched_get_priority_max", misc::sched_get_priority_max),
    row(160, "sched_get_priority_min", misc::sched_get_priority_min),
    row(162, "nanosleep", time::nanosleep),
    row(163, "mremap", mem::mremap),
    row(164, "setresuid", uid16::setresuid16),
    row(165, "getresuid", uid16::getresuid16),
    row(168, "poll", poll::poll),
    row(170, "setresgid", uid16::setresgid16),
    row(171, "getresgid", uid16::getresgid16),
    partial(
        172,
        "prctl",
        misc::prctl,
        "the death signal, dumpable and no_new_privs flags are accepted, not kept",
    ),
    row(173, "rt_sigreturn", proc::rt_sigreturn),
    row(174, "rt_sigaction", proc::rt_sigaction),
    row(175, "rt_sigprocmask", proc::rt_sigprocmask),
    row(176, "rt_sigpending", misc::rt_sigpending),
    row(177, "rt_sigtimedwait", extra::rt_sigtimedwait),
    row(178, "rt_sigqueueinfo", extra::rt_sigqueueinfo),
    partial(
        179,
        "rt_sigsuspend",
        proc::rt_sigsuspend,
        "the temporary mask holds only while a signal is pending",
    ),
    row(180, "pread64", fs::pread64),
    row(181, "pwrite64", fs::pwrite64),
    row(182, "chown", uid16::chown16),
    row(183, "getcwd", fs::getcwd),
    row(184, "capget", extra::capget),
    partial(185, "capset", extra::capset, "checked, not kept"),
    row(186, "sigaltstack", proc::sigaltstack),
    row(187, "sendfile", xfer::sendfile),
    row(190, "vfork", proc::vfork),
    row(191, "ugetrlimit", proc::ugetrlimit),
    row(192, "mmap2", mem::mmap2),
    row(193, "truncate64", fs::truncate64),
    row(194, "ftruncate64", fs::ftruncate64),
    row(195, "stat64", fs::stat64),
    row(196, "lstat64", fs::lstat64),
    row(197, "fstat64", fs::fstat64),
    row(198, "lchown32", fs::lchown),
    row(199, "getuid32", proc::getuid),
    row(200, "getgid32", proc::getgid),
    row(201, "geteuid32", proc::geteuid),
    row(202, "getegid32", proc::getegid),
    row(203, "setreuid32", misc::setreuid),
    row(204, "setregid32", misc::setregid),
    row(205, "getgroups32", proc::getgroups),
    row(206, "setgroups32", proc::setgroups),
    row(207, "fchown32", fs::fchown),
    row(208, "setresuid32", proc::setresuid),
    row(209, "getresuid32", proc::getresuid),
    row(210, "setresgid32", proc::setresgid),
    row(211, "getresgid32", proc::getresgid),
    row(212, "chown32", fs::chown),
    row(213, "setuid32", proc::setuid),
    row(214, "setgid32", proc::setgid),
    partial(
        215,
        "setfsuid32",
        extra::setfsuid32,
        "the file-system uid stays the effective uid",
    ),
    partial(
        216,
        "setfsgid32",
        extra::setfsgid32,
        "the file-system gid stays the effective gid",
    ),
    row(218, "mincore", misc::mincore),
    row(219, "madvise", mem::madvise),
    row(220, "getdents64", fs::getdents64),
    row(221, "fcntl64", fs::fcntl),
    row(224, "gettid", proc::gettid),
    partial(
        226,
        "setxattr",
        xattr::setxattr,
        "no attributes are stored: EOPNOTSUPP, as tmpfs before Linux 6.6",
    ),
    partial(
        227,
        "lsetxattr",
        xattr::lsetxattr,
        "no attributes are stored: EOPNOTSUPP, as tmpfs before Linux 6.6",
    ),
    partial(
        228,
        "fsetxattr",
        xattr::fsetxattr,
        "no attributes are stored: EOPNOTSUPP, as tmpfs before Linux 6.6",
    ),
    row(229, "getxattr", xattr::getxattr),
    row(230, "lgetxattr", xattr::lgetxattr),
    row(231, "fgetxattr", xattr::fgetxattr),
    row(232, "listxattr", xattr::listxattr),
    row(233, "llistxattr", xattr::llistxattr),
    row(234, "flistxattr", xattr::flistxattr),
    row(235, "removexattr", xattr::removexattr),
    row(236, "lremovexattr", xattr::lremovexattr),
    row(237, "fremovexattr", xattr::fremovexattr),
    row(238, "tkill", proc::tkill),
    row(239, "sendfile64", xfer::sendfile64),
    partial(
        240,
        "futex",
        futex::futex,
        "no WAIT_REQUEUE_PI/CMP_REQUEUE_PI; bitsets wake every waiter; PI locks inherit no priority",
    ),
    row(241, "sched_setaffinity", misc::sched_setaffinity),
    row(242, "sched_getaffinity", proc::sched_getaffinity),
    row(243, "set_thread_area", proc::set_thread_area),
    row(244, "get_thread_area", proc::get_thread_area),
    partial(
        250,
        "fadvise64",
        fs::fadvise64,
        "advice is checked and ignored",
    ),
    row(252, "exit_group", proc::exit_group),
    row(254, "epoll_create", poll::epoll_create),
    row(255, "epoll_ctl", poll::epoll_ctl),
    partial(
        256,
        "epoll_wait",
        poll::epoll_wait,
        "EPOLLET is exact on pipes, FIFOs and unix sockets' input; on TCP input and unix writers, events are reported while they hold",
    ),
    row(258, "set_tid_address", proc::set_tid_address),
    row(259, "timer_create", time::timer_create),
    row(260, "timer_settime", time::timer_settime),
    row(261, "timer_gettime", time::timer_gettime),
    row(262, "timer_getoverrun", time::timer_getoverrun),
    row(263, "timer_delete", time::timer_delete),
    row(264, "clock_settime", time::clock_settime),
    row(265, "clock_gettime", time::clock_gettime),
    row(266, "clock_getres", time::clock_getres),
    row(267, "clock_nanosleep", time::clock_nanosleep),
    row(268, "statfs64", fs::statfs64),
    row(269, "fstatfs64", fs::fstatfs64),
    row(270, "tgkill", proc::tgkill),
    row(271, "utimes", fs::utimes),
    partial(
        272,
        "fadvise64_64",
        fs::fadvise64_64,
        "advice is checked and ignored",
    ),
    row(277, "mq_open", mqueue::mq_open),
    row(278, "mq_unlink", mqueue::mq_unlink),
    row(279, "mq_timedsend", mqueue::mq_timedsend),
    row(280, "mq_timedreceive", mqueue::mq_timedreceive),
    partial(
        281,
        "mq_notify",
        mqueue::mq_notify,
        "SIGEV_NONE and SIGEV_SIGNAL; no SIGEV_THREAD (no netlink sockets)",
    ),
    row(282, "mq_getsetattr", mqueue::mq_getsetattr),
    row(284, "waitid", proc::waitid),
    partial(
        286,
        "add_key",
        unsupported,
        "ENOSYS without a log line: no kernel keyrings, as without CONFIG_KEYS (PAM and sudo carry on)",
    ),
    partial(
        287,
        "request_key",
        unsupported,
        "ENOSYS without a log line: no kernel keyrings, as without CONFIG_KEYS",
    ),
    partial(
        288,
        "keyctl",
        unsupported,
        "ENOSYS without a log line: no kernel keyrings, as without CONFIG_KEYS (PAM and sudo carry on)",
    ),
    partial(
        289,
        "ioprio_set",
        misc::ioprio_set,
        "checked and accepted, not kept: ioprio_get answers the default",
    ),
    row(290, "ioprio_get", misc::ioprio_get),
    row(291, "inotify_init", extra::inotify_init),
    row(292, "inotify_add_watch", extra::inotify_add_watch),
    row(293, "inotify_rm_watch", extra::inotify_rm_watch),
    row(295, "openat", fs::openat),
    row(296, "mkdirat", fs::mkdirat),
    row(297, "mknodat", fs::mknodat),
    row(298, "fchownat", fs::fchownat),
    row(300, "fstatat64", fs::fstatat64),
    row(301, "unlinkat", fs::unlinkat),
    row(302, "renameat", fs::renameat),
    row(303, "linkat", fs::linkat),
    row(304, "symlinkat", fs::symlinkat),
    row(305, "readlinkat", fs::readlinkat),
    row(306, "fchmodat", fs::fchmodat),
    row(307, "faccessat", fs::faccessat),
    row(308, "pselect6", poll::pselect6),
    row(309, "ppoll", poll::ppoll),
    row(311, "set_robust_list", futex::set_robust_list),
    row(312, "get_robust_list", futex::get_robust_list),
    row(313, "splice", splice::splice),
    row(314, "sync_file_range", fs::sync_file_range),
    row(315, "tee", splice::tee),
    row(316, "vmsplice", splice::vmsplice),
    row(318, "getcpu", extra::getcpu),
    row(319, "epoll_pwait", poll::epoll_pwait),
    row(320, "utimensat", fs::utimensat),
    row(321, "signalfd", poll::signalfd),
    row(322, "timerfd_create", poll::timerfd_create),
    row(323, "eventfd", poll::eventfd),
    row(324, "fallocate", xfer::fallocate),
    partial(
        325,
        "timerfd_settime",
        poll::timerfd_settime,
        "TFD_TIMER_CANCEL_ON_SET never cancels",
    ),
    row(326, "timerfd_gettime", poll::timerfd_gettime),
    row(327, "signalfd4", poll::signalfd4),
    row(328, "eventfd2", poll::eventfd2),
    row(329, "epoll_create1", poll::epoll_create1),
    row(330, "dup3", fs::dup3),
    row(331, "pipe2", fs::pipe2),
    row(332, "inotify_init1", extra::inotify_init1),
    row(333, "preadv", extra::preadv),
    row(334, "pwritev", extra::pwritev),
    row(335, "rt_tgsigqueueinfo", extra::rt_tgsigqueueinfo),
    partial(337, "recvmmsg", net::recvmmsg, "the timeout is ignored"),
    row(340, "prlimit64", proc::prlimit64),
    row(344, "syncfs", extra::syncfs),
    row(345, "sendmmsg", net::sendmmsg),
    row(351, "sched_setattr", misc::sched_setattr),
    row(352, "sched_getattr", misc::sched_getattr),
    row(353, "renameat2", fs::renameat2),
    row(355, "getrandom", proc::getrandom),
    partial(
        356,
        "memfd_create",
        extra::memfd_create,
        "a file on the /dev/shm tmpfs; seals are not kept",
    ),
    partial(
        359,
        "socket",
        net::socket,
        "AF_UNIX, AF_INET/AF_INET6 on the loopback netstack, and AF_NETLINK's routing protocol; no other families",
    ),
    row(360, "socketpair", net::socketpair),
    row(361, "bind", net::bind),
    row(362, "connect", net::connect),
    row(363, "listen", net::listen),
    row(364, "accept4", net::accept4),
    row(365, "getsockopt", net::getsockopt),
    row(366, "setsockopt", net::setsockopt),
    row(367, "getsockname", net::getsockname),
    row(368, "getpeername", net::getpeername),
    row(369, "sendto", net::sendto),
    row(370, "sendmsg", net::sendmsg),
    row(371, "recvfrom", net::recvfrom),
    row(372, "recvmsg", net::recvmsg),
    row(373, "shutdown", net::shutdown),
    row(376, "mlock2", extra::mlock2),
    row(377, "copy_file_range", xfer::copy_file_range),
    row(378, "preadv2", extra::preadv2),
    row(379, "pwritev2", extra::pwritev2),
    row(383, "statx", fs::statx),
    partial(
        386,
        "rseq",
        unsupported,
        "ENOSYS without a log line: glibc falls back",
    ),
    row(393, "semget", ipc::sys_semget),
    row(394, "semctl", ipc::sys_semctl),
    row(395, "shmget", ipc::sys_shmget),
    row(396, "shmctl", ipc::sys_shmctl),
    row(397, "shmat", ipc::sys_shmat),
    row(398, "shmdt", ipc::sys_shmdt),
    row(399, "msgget", ipc::sys_msgget),
    row(400, "msgsnd", ipc::sys_msgsnd),
    row(401, "msgrcv", ipc::sys_msgrcv),
    row(402, "msgctl", ipc::sys_msgctl),
    row(403, "clock_gettime64", time::clock_gettime64),
    row(406, "clock_getres_time64", time::clock_getres64),
    row(407, "clock_nanosleep_time64", time::clock_nanosleep64),
    row(408, "timer_gettime64", time::timer_gettime64),
    row(409, "timer_settime64", time::timer_settime64),
    row(410, "timerfd_gettime64", poll::timerfd_gettime64),
    partial(
        411,
        "timerfd_settime64",
        poll::timerfd_settime64,
        "TFD_TIMER_CANCEL_ON_SET never cancels",
    ),
    row(412, "utimensat_time64", fs::utimensat64),
    row(413, "pselect6_time64", poll::pselect6_time64),
    row(414, "ppoll_time64", poll::ppoll_time64),
    row(418, "mq_timedsend_time64", mqueue::mq_timedsend_time64),
    row(
        419,
        "mq_timedreceive_time64",
        mqueue::mq_timedreceive_time64,
    ),
    row(420, "semtimedop_time64", ipc::sys_semtimedop_time64),
    row(421, "rt_sigtimedwait_time64", extra::rt_sigtimedwait_time64),
    row(422, "futex_time64", futex::futex_time64),
    row(424, "pidfd_send_signal", pidfd::pidfd_send_signal),
    row(434, "pidfd_open", pidfd::pidfd_open),
    partial(
        435,
        "clone3",
        unsupported,
        "ENOSYS without a log line: glibc falls back to clone",
    ),
    row(436, "close_range", fs::close_range),
    row(439, "faccessat2", fs::faccessat2),
    row(441, "epoll_pwait2", poll::epoll_pwait2),
];

/// Reads a `struct timespec` (`timespec64` when `time64`) as nanoseconds.
/// Of a time64 `tv_nsec` only the low 32 bits count (the i386 layout pads
/// it; Linux ignores the padding); EINVAL for a negative or unnormalised
/// value.
pub(super) fn read_timespec(k: &mut Kernel, tid: Pid, addr: u32, time64: bool) -> SysResult<u64> {
    const NANOS: u64 = 1_000_000_000;
    let raw = k.read_user(tid, addr, if time64 { 16 } else { 8 })?;
    let word = |at: usize| {
        raw.get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .ok_or(crate::error::SysErr::Errno(Errno::EFAULT))
    };
    let (secs, nanos) = if time64 {
        let secs = (u64::from(word(4)?) << 32 | u64::from(word(0)?)) as i64;
        (secs, u64::from(word(8)?))
    } else {
        (i64::from(word(0)? as i32), u64::from(word(4)?))
    };
    if secs < 0 || nanos >= NANOS {
        return Err(Errno::EINVAL.into());
    }
    Ok((secs as u64).saturating_mul(NANOS).saturating_add(nanos))
}

/// Reads a `struct itimerspec` (interval, then value) as nanoseconds.
pub(super) fn read_itimerspec(
    k: &mut Kernel,
    tid: Pid,
    addr: u32,
    time64: bool,
) -> SysResult<(u64, u64)> {
    let half = if time64 { 16 } else { 8 };
    Ok((
        read_timespec(k, tid, addr, time64)?,
        // Past the end of memory is EFAULT from the read, not an overflow.
        read_timespec(k, tid, addr.wrapping_add(half), time64)?,
    ))
}

/// A 64-bit file offset or length passed as two words (low, high), as
/// i386's pread64, pwrite64, truncate64 and ftruncate64 take it; negative
/// is EINVAL, as each of them checks.
pub(super) fn offset64(low: u32, high: u32) -> SysResult<u64> {
    let offset = u64::from(low) | (u64::from(high) << 32);
    if (offset as i64) < 0 {
        return Err(Errno::EINVAL.into());
    }
    Ok(offset)
}

/// A 32-bit call's `long` offset or length (truncate, ftruncate): signed,
/// so negative is EINVAL as in [`offset64`].
pub(super) fn offset32(word: u32) -> SysResult<u64> {
    offset64(word, if (word as i32) < 0 { u32::MAX } else { 0 })
}

/// Reads `count` iovecs at `addr`; more than `UIO_MAXIOV` is `too_many`
/// (EINVAL for readv and its kin, EMSGSIZE for sendmsg).
pub(super) fn read_iovecs(
    k: &mut Kernel,
    tid: Pid,
    addr: u32,
    count: u32,
    too_many: Errno,
) -> SysResult<Vec<crate::abi::structs::Iovec>> {
    use crate::abi::structs::{Iovec, UIO_MAXIOV};
    if count > UIO_MAXIOV {
        return Err(too_many.into());
    }
    let raw = k.read_user(tid, addr, count as usize * Iovec::SIZE)?;
    raw.chunks_exact(Iovec::SIZE)
        .map(|c| Iovec::parse(c).map_err(|_| crate::error::SysErr::Errno(Errno::EFAULT)))
        .collect()
}

/// The open file behind descriptor `fd` of `tid` (EBADF if none).
/// A blocking write of `len` bytes to a stream (pipe, socket, terminal)
/// finishes before it returns, as Linux's do: `attempt(k, done)` writes
/// from byte `done` and says how many it moved; when it must wait after
/// some progress, the progress is kept on the task (keyed by `file` and
/// `len`) for the restarted call, and a signal handler ends the call with
/// the bytes done. An error after some progress returns the progress.
pub(super) fn complete_write(
    k: &mut Kernel,
    tid: Pid,
    file: usize,
    len: usize,
    mut attempt: impl FnMut(&mut Kernel, usize) -> SysResult<usize>,
) -> SysResult<usize> {
    let mut done = match k.task_mut(tid)?.write_progress.take() {
        Some((f, l, d)) if f == file && l == len && d < len => d,
        _ => 0,
    };
    loop {
        match attempt(k, done) {
            Ok(n) => {
                done += n;
                if n == 0 || done >= len {
                    return Ok(done);
                }
            }
            Err(SysErr::Block(wait)) if done > 0 => {
                k.task_mut(tid)?.write_progress = Some((file, len, done));
                return Err(SysErr::Block(wait));
            }
            Err(_) if done > 0 => return Ok(done),
            Err(e) => return Err(e),
        }
    }
}

pub(super) fn fd_file(k: &Kernel, tid: Pid, fd: u32) -> SysResult<crate::file::FileRef> {
    let task = k.task(tid)?;
    let files = task.files.borrow();
    files
        .get(fd)
        .map(|f| std::rc::Rc::clone(&f.file))
        .ok_or(crate::error::SysErr::Errno(Errno::EBADF))
}

/// The operations of descriptor `fd`'s open file.
pub(super) fn fd_ops(
    k: &Kernel,
    tid: Pid,
    fd: u32,
) -> SysResult<std::rc::Rc<dyn crate::file::FileOps>> {
    Ok(std::rc::Rc::clone(&fd_file(k, tid, fd)?.borrow().ops))
}

/// For calls whose absence programs handle quietly.
fn unsupported(_: &mut Kernel, _: Pid, _: Args) -> SysResult {
    Err(Errno::ENOSYS.into())
}

/// Every implemented system call: number, name, and `None` if complete or
/// a note on what is missing (for documentation and `tabvm syscalls`).
pub fn table() -> impl Iterator<Item = (u32, &'static str, Option<&'static str>)> {
    TABLE.iter().map(|row| {
        let note = match row.support {
            Support::Full => None,
            Support::Partial(note) => Some(note),
        };
        (row.nr, row.name, note)
    })
}

/// Runs system call `nr` for `tid`.
pub(crate) fn dispatch(k: &mut Kernel, tid: Pid, nr: u32, args: Args) -> SysResult {
    if let Ok(i) = TABLE.binary_search_by_key(&nr, |row| row.nr) {
        let result = (TABLE[i].handler)(k, tid, args);
        // One branch unless an inotify watch exists.
        if k.fs.events.is_some() {
            crate::file::inotify::after_syscall(k, tid, nr, args, &result);
        }
        result
    } else {
        {
            let name = crate::abi::syscalls::name(nr).unwrap_or("unassigned");
            k.log_once(
                nr,
                &format!("tabvm: system call {nr} ({name}) is not implemented: ENOSYS"),
            );
            Err(Errno::ENOSYS.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        for pair in TABLE.windows(2) {
            assert!(
                pair[0].nr < pair[1].nr,
                "{} must come before {}",
                pair[0].name,
                pair[1].name
            );
        }
    }

    #[test]
    fn names_match_the_i386_table() {
        for row in TABLE {
            assert_eq!(
                crate::abi::syscalls::name(row.nr),
                Some(row.name),
                "number {}",
                row.nr
            );
        }
    }

    #[test]
    fn partial_rows_say_what_is_missing() {
        for row in TABLE {
            if let Support::Partial(note) = row.support {
                assert!(!note.is_empty(), "{} is partial without a note", row.name);
            }
        }
    }
}
