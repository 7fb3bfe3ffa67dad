//! The guest ABI in one place (STYLE 3): every i386 Linux constant and
//! struct layout the kernel uses, apart from the code that implements
//! them. Nothing here touches tasks, memory or files; it is data, typed
//! views over guest bytes, and small pure helpers.
//!
//! - [`syscalls`]: the i386 system-call table (number → name), as data.
//! - [`errno`]: [`Errno`], with names, messages and `as_neg`.
//! - [`flags`]: open/fcntl/mmap/clone/wait/AT_/poll/auxv/rlimit/clock/futex constants.
//! - [`signal`]: signal numbers and default actions, [`signal::SigSet`],
//!   `sigaction`, `siginfo_t`, `sigcontext`, `ucontext`, the i386 signal frames.
//! - [`ipc`]: System V IPC calls, flags, limits and `*id64_ds` layouts.
//! - [`termios`]: tty ioctls, termios bits, `struct termios`, `winsize`.
//! - [`socket`]: socket constants and `sockaddr_*`/`msghdr` layouts.
//! - [`structs`]: `stat64`, `statx`, `statfs64`, time structs, `rusage`,
//!   `utsname`, `sysinfo`, `iovec`, dirents, `pollfd`, `epoll_event`...
//!
//! Layouts are declared with [`layout::abi_struct!`]: size and field offsets
//! written once, `parse`/`emit` generated, layouts tested. Values are never
//! taken from the host's libc (the host may be x86-64 or wasm32).

pub mod errno;
pub mod flags;
pub mod ipc;
pub mod layout;
pub mod ptrace;
pub mod signal;
pub mod socket;
pub mod structs;
pub mod syscalls;
pub mod termios;

pub use errno::Errno;
pub use layout::ShortBuffer;
