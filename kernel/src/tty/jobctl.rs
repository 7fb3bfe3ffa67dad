//! Job control checks on terminal access: may this process group read
//! from, write to, or reconfigure its controlling terminal now?
//!
//! Linux `drivers/tty/tty_jobctrl.c` (`__tty_check_change`, `job_control`)
//! and `n_tty.c` (`n_tty_read`, `n_tty_write` with `TOSTOP`); credentials(7)
//! and termios(3) "Job control". The caller supplies the facts it owns
//! (process groups, whether the signal is ignored or blocked, whether the
//! group is orphaned) and acts on the verdict.

use crate::abi::signal::{SIGTTIN, SIGTTOU};

/// What the caller must do before (or instead of) the terminal operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Go ahead.
    Allow,
    /// Send this signal (SIGTTIN or SIGTTOU) to the caller's whole process
    /// group and restart the system call (`-ERESTARTSYS`): it stops the
    /// group by default; if a handler runs, the call is retried.
    Stop(u32),
    /// Fail with `EIO` (background read with SIGTTIN ignored or blocked, or
    /// an orphaned process group).
    Eio,
}

/// The caller's relation to the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    /// Whether this terminal is the caller's controlling terminal.
    pub is_ctty: bool,
    /// The caller's process group.
    pub pgrp: u32,
    /// Whether the caller's process group is orphaned.
    pub orphaned: bool,
}

/// `__tty_check_change(tty, sig)`: the check shared by reads (SIGTTIN) and
/// writes/`tcsetattr`/`tcsetpgrp`/`tcflush` (SIGTTOU). `sig_ignored` is
/// whether the caller ignores or blocks `sig`.
#[must_use]
pub fn check(caller: Caller, foreground: Option<u32>, sig: u32, sig_ignored: bool) -> Verdict {
    if !caller.is_ctty {
        return Verdict::Allow;
    }
    match foreground {
        Some(fg) if fg != caller.pgrp => {
            if sig_ignored {
                // A background write with SIGTTOU ignored just proceeds; a
                // background read with SIGTTIN ignored fails.
                if sig == SIGTTIN {
                    Verdict::Eio
                } else {
                    Verdict::Allow
                }
            } else if caller.orphaned {
                Verdict::Eio
            } else {
                Verdict::Stop(sig)
            }
        }
        _ => Verdict::Allow,
    }
}

/// A `read` on the terminal (`job_control`).
#[must_use]
pub fn check_read(caller: Caller, foreground: Option<u32>, sigttin_ignored: bool) -> Verdict {
    check(caller, foreground, SIGTTIN, sigttin_ignored)
}

/// A `write` on the terminal: checked only under `TOSTOP` (`n_tty_write`).
#[must_use]
pub fn check_write(
    caller: Caller,
    foreground: Option<u32>,
    tostop: bool,
    sigttou_ignored: bool,
) -> Verdict {
    if !tostop {
        return Verdict::Allow;
    }
    check(caller, foreground, SIGTTOU, sigttou_ignored)
}

/// `tcsetattr`, `tcsetpgrp`, `tcflush`, `tcflow` and the like (`tty_check_change`).
#[must_use]
pub fn check_change(caller: Caller, foreground: Option<u32>, sigttou_ignored: bool) -> Verdict {
    check(caller, foreground, SIGTTOU, sigttou_ignored)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FG: Caller = Caller {
        is_ctty: true,
        pgrp: 10,
        orphaned: false,
    };
    const BG: Caller = Caller {
        is_ctty: true,
        pgrp: 20,
        orphaned: false,
    };

    #[test]
    fn foreground_and_other_terminals_pass() {
        assert_eq!(check_read(FG, Some(10), false), Verdict::Allow);
        assert_eq!(check_change(FG, Some(10), false), Verdict::Allow);
        let elsewhere = Caller {
            is_ctty: false,
            ..BG
        };
        assert_eq!(check_read(elsewhere, Some(10), false), Verdict::Allow);
        assert_eq!(
            check_read(BG, None, false),
            Verdict::Allow,
            "no foreground group"
        );
    }

    #[test]
    fn background_reads_stop_or_fail() {
        assert_eq!(check_read(BG, Some(10), false), Verdict::Stop(SIGTTIN));
        assert_eq!(check_read(BG, Some(10), true), Verdict::Eio);
        let orphan = Caller {
            orphaned: true,
            ..BG
        };
        assert_eq!(check_read(orphan, Some(10), false), Verdict::Eio);
    }

    #[test]
    fn background_writes_depend_on_tostop() {
        assert_eq!(check_write(BG, Some(10), false, false), Verdict::Allow);
        assert_eq!(
            check_write(BG, Some(10), true, false),
            Verdict::Stop(SIGTTOU)
        );
        assert_eq!(
            check_write(BG, Some(10), true, true),
            Verdict::Allow,
            "SIGTTOU ignored: write"
        );
        assert_eq!(check_change(BG, Some(10), false), Verdict::Stop(SIGTTOU));
        let orphan = Caller {
            orphaned: true,
            ..BG
        };
        assert_eq!(check_change(orphan, Some(10), false), Verdict::Eio);
        assert_eq!(check_change(orphan, Some(10), true), Verdict::Allow);
    }
}
