//! Terminals: the N_TTY line discipline and pseudo-terminal pairs.
//!
//! Pure state machines with no CPU, tasks or files: the kernel core owns
//! the wait queues, process groups and descriptors, and calls in here.
//!
//! - [`ldisc`]: [`LineDiscipline`], termios input processing (canonical
//!   editing, echo, ISIG), output processing, `VMIN`/`VTIME` reads.
//! - [`pty`]: [`Pty`], a master/slave pair built on a line discipline,
//!   with `TIOCPKT` packet mode and `vhangup`.
//! - [`jobctl`]: SIGTTIN/SIGTTOU decisions for background access.
//!
//! Reference behaviour is Linux's `drivers/tty/n_tty.c` and `pty.c`;
//! `tests/tty_native.rs` replays `tests/tty_script.txt` on a real Linux pty
//! and on this module and compares the two outputs byte for byte.

pub mod jobctl;
pub mod ldisc;
pub mod pty;

pub use ldisc::{LineDiscipline, ReadBlock, Signal, WriteBlock};
pub use pty::{Pty, PtyError};
