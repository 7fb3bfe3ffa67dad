//! The host terminal, when `tabvm run`'s stdin is one: raw mode while the
//! guest runs (the guest's console pty does the line editing, echo and
//! `^C`), restored on exit and on panic, and the window size the guest's
//! console follows (polled: a size change reaches the guest as SIGWINCH
//! within one poll interval, without a host signal handler).
//!
//! termios(3) `cfmakeraw`; tty_ioctl(4) `TIOCGWINSZ`. Uses rustix's safe
//! wrappers (no `unsafe` here).

use rustix::termios::{self, OptionalActions, Termios};
use std::sync::Mutex;

/// The host's settings before raw mode, for the panic hook.
static SAVED: Mutex<Option<Termios>> = Mutex::new(None);

/// Raw mode on the host's stdin until dropped.
pub struct RawTerminal {
    saved: Termios,
}

/// Whether the host's stdin and stdout are both terminals.
pub fn is_terminal() -> bool {
    termios::isatty(rustix::stdio::stdin()) && termios::isatty(rustix::stdio::stdout())
}

/// The host window's (rows, cols), or 24x80 if it cannot say.
pub fn window_size() -> (u16, u16) {
    match termios::tcgetwinsize(rustix::stdio::stdout()) {
        Ok(ws) if ws.ws_row > 0 && ws.ws_col > 0 => (ws.ws_row, ws.ws_col),
        _ => (24, 80),
    }
}

fn restore(t: &Termios) {
    let _ = termios::tcsetattr(rustix::stdio::stdin(), OptionalActions::Now, t);
}

impl RawTerminal {
    /// Puts the host's stdin in raw mode (`cfmakeraw`), keeping the old
    /// settings to restore; a panic restores them too.
    pub fn enter() -> Result<RawTerminal, String> {
        let saved = termios::tcgetattr(rustix::stdio::stdin())
            .map_err(|e| format!("cannot read the terminal's settings: {e}"))?;
        let mut raw = saved.clone();
        raw.make_raw();
        termios::tcsetattr(rustix::stdio::stdin(), OptionalActions::Now, &raw)
            .map_err(|e| format!("cannot put the terminal in raw mode: {e}"))?;
        if let Ok(mut s) = SAVED.lock() {
            *s = Some(saved.clone());
        }
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Ok(s) = SAVED.lock()
                && let Some(t) = s.as_ref()
            {
                restore(t);
            }
            previous(info);
        }));
        Ok(RawTerminal { saved })
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        restore(&self.saved);
        if let Ok(mut s) = SAVED.lock() {
            *s = None;
        }
    }
}
