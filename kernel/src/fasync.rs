//! Signal-driven I/O (fcntl(2), "Managing signals"): a file description
//! with `O_ASYNC` set signals its owner when it becomes ready.
//!
//! The owner is what `F_SETOWN`/`F_SETOWN_EX` named: a thread, a process,
//! or a process group. The signal is `SIGIO` with a kernel `siginfo`, or
//! what `F_SETSIG` chose, with `si_code` the `POLL_*` reason, `si_band`
//! the poll bits and `si_fd` the descriptor `O_ASYNC` was set through
//! (`send_sigio_to_task` in Linux's `fs/fcntl.c`).
//!
//! Linux raises the signal from each driver's events (`kill_fasync`). This
//! kernel has one event for every kind of file: a `Wait::Io` wake-up. At
//! each, every watched description is polled, and one whose readiness
//! gained a bit since it was last polled signals its owner. A program that
//! reads until EAGAIN and then waits for the next signal (the way O_ASYNC
//! is used) sees what it would see on Linux.

use crate::abi::flags::open::FASYNC;
use crate::abi::flags::poll::{POLLERR, POLLHUP, POLLIN, POLLOUT, POLLPRI, POLLRDNORM};
use crate::abi::signal::code::{SI_KERNEL, SI_SIGIO};
use crate::abi::signal::{self as sig, SigFields, SigInfo};
use crate::file::FileRef;
use crate::task::{Pid, State};
use crate::{Kernel, signal};
use std::cell::RefCell;
use std::rc::Weak;

/// Who a description signals (`struct fown_struct`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Owner {
    #[default]
    None,
    /// `F_OWNER_TID`: one thread.
    Thread(Pid),
    /// `F_OWNER_PID` (and `F_SETOWN` with a positive id): a process.
    Process(Pid),
    /// `F_OWNER_PGRP` (and `F_SETOWN` with a negative id): a process group.
    Group(Pid),
}

/// A description with `O_ASYNC` set, and its readiness when last polled.
struct Watch {
    file: Weak<RefCell<crate::file::OpenFile>>,
    fd: u32,
    last: u16,
}

/// The descriptions being watched for signal-driven I/O.
#[derive(Default)]
pub(crate) struct Watches(Vec<Watch>);

impl Watches {
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The readiness bits that raise a signal, with their `POLL_*` reasons
/// and `si_band`s (`band_table` in `fs/fcntl.c`), most urgent first.
const REASONS: [(u16, i32, u32); 4] = [
    (POLLHUP | POLLERR, 6, 0x18),   // POLL_HUP: EPOLLHUP | EPOLLERR
    (POLLPRI, 5, 0x82),             // POLL_PRI: EPOLLPRI | EPOLLRDBAND
    (POLLIN | POLLRDNORM, 1, 0x41), // POLL_IN: EPOLLIN | EPOLLRDNORM
    (POLLOUT, 2, 0x304),            // POLL_OUT: EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND
];

impl Kernel {
    /// Turns `O_ASYNC` on or off for `file`, set through descriptor `fd`
    /// (`F_SETFL`, `FIOASYNC`). A file that cannot signal never has it.
    pub(crate) fn set_async(&mut self, file: &FileRef, fd: u32, on: bool) {
        if !file.borrow().ops.signals_io() {
            return;
        }
        let was = file.borrow().flags & FASYNC != 0;
        {
            let mut f = file.borrow_mut();
            f.flags = if on {
                f.flags | FASYNC
            } else {
                f.flags & !FASYNC
            };
        }
        let watched = |w: &Watch| std::ptr::eq(w.file.as_ptr(), std::rc::Rc::as_ptr(file));
        if on && !was {
            let last = file.borrow().ops.poll(self);
            self.io_watches.0.push(Watch {
                file: std::rc::Rc::downgrade(file),
                fd,
                last,
            });
        } else if !on {
            self.io_watches.0.retain(|w| !watched(w));
        }
    }

    /// Polls the watched descriptions and signals the owners of those
    /// that became ready (see the module comment).
    pub(crate) fn signal_io(&mut self) {
        let mut watches = std::mem::take(&mut self.io_watches.0);
        let mut sends = Vec::new();
        watches.retain_mut(|w| {
            let Some(file) = w.file.upgrade() else {
                return false;
            };
            let (ops, owner, signo) = {
                let f = file.borrow();
                if f.flags & FASYNC == 0 {
                    return false;
                }
                (std::rc::Rc::clone(&f.ops), f.owner, f.io_signal)
            };
            let now = ops.poll(self);
            let gained = now & !w.last;
            w.last = now;
            if let Some(&(_, reason, band)) = REASONS.iter().find(|(bits, ..)| gained & bits != 0)
                && owner != Owner::None
            {
                sends.push((owner, signo, reason, band, w.fd));
            }
            true
        });
        // Descriptions made async while signalling come after the others.
        watches.append(&mut self.io_watches.0);
        self.io_watches.0 = watches;
        for (owner, signo, reason, band, fd) in sends {
            self.send_io_signal(owner, signo, reason, band, fd);
        }
    }

    fn send_io_signal(&mut self, owner: Owner, signo: u32, reason: i32, band: u32, fd: u32) {
        let info = if signo == 0 {
            SigInfo {
                signo: sig::SIGIO,
                errno: 0,
                code: SI_KERNEL,
                fields: SigFields::Kill { pid: 0, uid: 0 },
            }
        } else {
            // Codes that are this signal's own would be ambiguous.
            let own_codes = [
                sig::SIGILL,
                sig::SIGFPE,
                sig::SIGSEGV,
                sig::SIGBUS,
                sig::SIGTRAP,
                sig::SIGCHLD,
                sig::SIGSYS,
            ];
            SigInfo {
                signo,
                errno: 0,
                code: if own_codes.contains(&signo) {
                    SI_SIGIO
                } else {
                    reason
                },
                fields: SigFields::Poll {
                    band,
                    fd: fd as i32,
                },
            }
        };
        let live = |k: &Kernel, tid: Pid| {
            k.tasks
                .get(&tid)
                .is_some_and(|t| !matches!(t.state, State::Zombie(_)))
        };
        match owner {
            Owner::None => {}
            Owner::Thread(tid) => {
                if live(self, tid) {
                    signal::send(self, tid, info.signo, info);
                }
            }
            Owner::Process(pid) => {
                if live(self, pid) {
                    signal::send_process(self, pid, info.signo, info);
                }
            }
            Owner::Group(pgid) => {
                let members: Vec<Pid> = self
                    .tasks
                    .values()
                    .filter(|t| t.is_leader() && t.pgid == pgid)
                    .filter(|t| !matches!(t.state, State::Zombie(_)))
                    .map(|t| t.tid)
                    .collect();
                for pid in members {
                    signal::send_process(self, pid, info.signo, info);
                }
            }
        }
    }
}
