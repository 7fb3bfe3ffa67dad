//! tabvm-kernel: the Linux i386 system-call layer.
//!
//! Layer: above `cpu` and `fs` (and `netstack`, through traits); below the
//! hosts (`cli`, `vm-worker`). Event-driven and single-threaded: nothing here
//! blocks; a task that must wait parks on a wait queue and its system call is
//! restarted when it is woken (DESIGN.md, decision 3).

pub mod abi;
pub mod elf;
pub mod pipe;
pub mod tty;
