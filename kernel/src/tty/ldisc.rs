//! The N_TTY line discipline as a pure state machine.
//!
//! Modelled on Linux `drivers/tty/n_tty.c`: input processing
//! (`n_tty_receive_char_special`, `eraser`, `isig`), echo (`echo_char`,
//! `__process_echoes`), output processing (`do_output_char`), canonical
//! and `VMIN`/`VTIME` reads (`n_tty_read`, `canon_copy_from_read_buf`).
//! Differences are noted where they are; `tests/tty_native.rs` compares
//! this module with a real Linux pty over `tests/tty_script.txt`.
//!
//! Nothing blocks: operations that would wait return a `WouldBlock` value
//! and signals are returned to the caller as [`Signal`] values addressed to
//! the terminal's foreground process group.

use std::collections::VecDeque;

use crate::abi::signal::{SIGINT, SIGQUIT, SIGTSTP};
use crate::abi::termios::{KTermios, WinSize, cc, iflag, lflag, oflag};

/// Input buffer size (`N_TTY_BUF_SIZE`): at most this minus one bytes wait to be read.
pub const INPUT_CAPACITY: usize = 4096;
/// Bytes the slave may write before the master must read (the pty's flip
/// buffer plus the master's own input buffer, roughly).
pub const OUTPUT_CAPACITY: usize = 16 * 1024;

/// A signal the line discipline raises for the terminal's foreground process group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signal(pub u32);

/// A read that cannot complete now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadBlock {
    /// `Some(deciseconds)`: wait at most this long (`VTIME`), then call
    /// [`LineDiscipline::read_expired`]. `None`: wait for input.
    pub timeout: Option<u8>,
}

/// A write that cannot proceed now (output stopped by `^S`, or the master
/// is not reading).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteBlock;

/// Linux's `iscntrl` for the echo and column logic: C0 controls and DEL.
const fn is_cntrl(c: u8) -> bool {
    c < 0x20 || c == 0x7f
}

/// The kernel's `<linux/ctype.h>` on bytes: ASCII plus Latin-1 letters
/// (`lib/ctype.c`: 0xc0..=0xde upper and 0xdf..=0xff lower, except × and
/// ÷; 0x80..=0x9f are not control characters there). It decides WERASE
/// word boundaries and `IUCLC`/`OLCUC` case mapping, on UTF-8 bytes too.
const fn is_upper(c: u8) -> bool {
    c.is_ascii_uppercase() || (c >= 0xc0 && c <= 0xde && c != 0xd7)
}

const fn is_lower(c: u8) -> bool {
    c.is_ascii_lowercase() || (c >= 0xdf && c != 0xf7)
}

/// `isalnum` for `WERASE` word boundaries.
const fn is_alnum(c: u8) -> bool {
    c.is_ascii_digit() || is_upper(c) || is_lower(c)
}

/// `tolower` (`IUCLC`).
const fn to_lower(c: u8) -> u8 {
    if is_upper(c) { c + 32 } else { c }
}

/// `toupper` (`OLCUC`): Latin-1 "lower" bytes move down by 32, as in Linux.
const fn to_upper(c: u8) -> u8 {
    if is_lower(c) { c - 32 } else { c }
}

/// The line discipline of one terminal.
#[derive(Debug, Clone)]
pub struct LineDiscipline {
    termios: KTermios,
    winsize: WinSize,
    /// Cooked input; `flags[i]` marks a line delimiter (canonical mode).
    input: VecDeque<u8>,
    flags: VecDeque<bool>,
    /// Bytes of `input` that are complete lines (the rest is being edited).
    canon_head: usize,
    /// Output column, for tab expansion and erasing.
    column: u32,
    /// Column where the line being edited started.
    canon_column: u32,
    /// Inside an `ECHOPRT` `\...` erase sequence.
    erasing: bool,
    /// The previous character was `VLNEXT`.
    lnext: bool,
    /// Output stopped by `VSTOP` (`IXON`).
    stopped: bool,
    /// The last change of `stopped` not yet taken by the pty (its
    /// `TIOCPKT_STOP`/`TIOCPKT_START` status: `stop_tty`/`start_tty` call
    /// `pty_stop`/`pty_start` only on a real change).
    flow_change: Option<bool>,
    /// A signal character flushed the buffers since the pty last looked
    /// (`isig` calls `n_tty_packet_mode_flush` and `pty_flush_buffer`).
    sig_flushed: bool,
    /// Echoes not yet written (`echo_buf`): processed at the end of each
    /// [`LineDiscipline::receive`], dropped by an input-flushing signal.
    echoes: VecDeque<EchoOp>,
    /// Bytes for the other side (the pty master) to read.
    output: VecDeque<u8>,
    /// `output.len()` when the current [`LineDiscipline::receive`] began:
    /// output produced since then has not reached the master yet.
    batch_start: usize,
}

/// One entry of the echo buffer (n_tty's `ECHO_OP_*` and echo bytes).
/// Column bookkeeping happens when the ops are processed, as in
/// `__process_echoes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EchoOp {
    /// A byte through output processing (`echo_char_raw`).
    Raw(u8),
    /// A control character shown as `^X`.
    Ctrl(u8),
    /// `ECHO_OP_SET_CANON_COL`.
    SetCanonCol,
    /// `ECHO_OP_MOVE_BACK_COL`.
    MoveBackCol,
    /// `ECHO_OP_ERASE_TAB`: columns used since the line start or the previous tab.
    EraseTab { num_chars: u32, after_tab: bool },
}

/// `ECHO_COMMIT_WATERMARK`: echoes are written early once this many wait.
const ECHO_COMMIT_WATERMARK: usize = 256;
/// The echo ring holds this many entries (`N_TTY_BUF_SIZE`); when it is
/// full (the master is not reading, or output is stopped) the oldest echo
/// is dropped, as `add_echo_byte` does. Keeps a flood of `^R` bounded.
const ECHO_CAPACITY: usize = 4096;

impl LineDiscipline {
    /// A line discipline in the given mode.
    #[must_use]
    pub fn new(termios: KTermios) -> LineDiscipline {
        LineDiscipline {
            termios,
            winsize: WinSize::default(),
            input: VecDeque::new(),
            flags: VecDeque::new(),
            canon_head: 0,
            column: 0,
            canon_column: 0,
            erasing: false,
            lnext: false,
            stopped: false,
            flow_change: None,
            sig_flushed: false,
            echoes: VecDeque::new(),
            output: VecDeque::new(),
            batch_start: 0,
        }
    }

    fn i(&self, f: u32) -> bool {
        self.termios.iflag & f != 0
    }
    fn o(&self, f: u32) -> bool {
        self.termios.oflag & f != 0
    }
    fn l(&self, f: u32) -> bool {
        self.termios.lflag & f != 0
    }
    /// `c` is the enabled control character `idx` (a 0 slot is disabled
    /// and NUL is never special: `clear_bit(__DISABLED_CHAR, char_map)`).
    fn is(&self, c: u8, idx: usize) -> bool {
        c != cc::VDISABLE && self.termios.cc[idx] == c
    }
    fn icanon(&self) -> bool {
        self.l(lflag::ICANON)
    }
    fn is_continuation(&self, c: u8) -> bool {
        self.i(iflag::IUTF8) && c & 0xc0 == 0x80
    }

    /// The current termios.
    #[must_use]
    pub fn termios(&self) -> &KTermios {
        &self.termios
    }

    /// `TCSETS`: installs a new termios (`n_tty_set_termios`). Switching
    /// canonical mode off makes the line being edited readable; switching
    /// it on pushes pending raw input as one line. Turning `IXON` off
    /// restarts stopped output. (`TCSETSF` is `flush_input` then this.)
    pub fn set_termios(&mut self, t: KTermios) {
        let was_canon = self.icanon();
        let had_ixon = self.i(iflag::IXON);
        self.termios = t;
        if was_canon != self.icanon() {
            self.erasing = false;
            self.lnext = false;
            // n_tty_set_termios: every line mark is cleared; entering
            // canonical mode with input pending makes it all one line.
            for f in &mut self.flags {
                *f = false;
            }
            if self.icanon()
                && let Some(last) = self.flags.back_mut()
            {
                *last = true;
            }
            self.canon_head = self.input.len();
        }
        if had_ixon && !self.i(iflag::IXON) {
            self.set_flow(false);
            self.flush_echoes();
        }
    }

    /// The window size (`TIOCGWINSZ`).
    #[must_use]
    pub fn winsize(&self) -> WinSize {
        self.winsize
    }

    /// `TIOCSWINSZ`: returns the SIGWINCH to raise if the size changed
    /// (`tty_do_resize` does nothing for an identical size).
    pub fn set_winsize(&mut self, ws: WinSize) -> Option<Signal> {
        if ws == self.winsize {
            return None;
        }
        self.winsize = ws;
        Some(Signal(crate::abi::signal::SIGWINCH))
    }

    /// Whether output is stopped by `^S`.
    #[must_use]
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }

    fn set_flow(&mut self, stopped: bool) {
        if self.stopped != stopped {
            self.stopped = stopped;
            self.flow_change = Some(stopped);
        }
    }

    /// The last stop (`true`) or start (`false`) of output since the
    /// previous call, if any (for the pty's packet-mode status byte).
    pub fn take_flow_change(&mut self) -> Option<bool> {
        self.flow_change.take()
    }

    /// The pending stop/start without taking it.
    #[must_use]
    pub fn flow_change(&self) -> Option<bool> {
        self.flow_change
    }

    /// Whether a signal character flushed the buffers since the last
    /// [`LineDiscipline::take_sig_flush`].
    #[must_use]
    pub fn sig_flush_pending(&self) -> bool {
        self.sig_flushed
    }

    /// As [`LineDiscipline::sig_flush_pending`], and forgets it.
    pub fn take_sig_flush(&mut self) -> bool {
        std::mem::take(&mut self.sig_flushed)
    }

    /// Bytes for the master to read as they are, with no output
    /// processing: `TIOCSTI` on the master feeds the master's own raw line
    /// discipline. Returns how many fit under [`OUTPUT_CAPACITY`].
    pub fn inject_output(&mut self, bytes: &[u8]) -> usize {
        let room = OUTPUT_CAPACITY.saturating_sub(self.output.len());
        let n = bytes.len().min(room);
        self.output.extend(bytes.iter().take(n));
        n
    }

    /// `TCXONC` `TCOOFF`/`TCOON`.
    pub fn set_stopped(&mut self, stopped: bool) {
        self.set_flow(stopped);
        self.flush_echoes();
    }

    // ---- input -------------------------------------------------------

    /// Processes bytes typed at the terminal (written to the pty master,
    /// or `TIOCSTI`). Returns how many were consumed: fewer than
    /// `bytes.len()` when the input buffer is full (the writer waits for
    /// the reader). Signals to raise are pushed to `signals`.
    pub fn receive(&mut self, bytes: &[u8], signals: &mut Vec<Signal>) -> usize {
        let mut used = 0;
        self.batch_start = self.output.len();
        for &b in bytes {
            if self.input.len() >= INPUT_CAPACITY - 1 {
                if self.icanon() && self.canon_head == 0 {
                    // A full line with no delimiter: like n_tty, drop the
                    // last byte so a newline can still end the line.
                    self.input.pop_back();
                    self.flags.pop_back();
                } else {
                    break;
                }
            }
            self.receive_byte(b, signals);
            self.commit_echoes();
            used += 1;
        }
        self.flush_echoes();
        used
    }

    fn put(&mut self, c: u8, delim: bool) {
        self.input.push_back(c);
        self.flags.push_back(delim);
    }

    fn receive_byte(&mut self, mut c: u8, signals: &mut Vec<Signal>) {
        if self.lnext {
            // n_tty_receive_char_lnext: the quoted character is data.
            self.lnext = false;
            if self.i(iflag::ISTRIP) {
                c &= 0x7f;
            }
            if self.i(iflag::IUCLC) && self.l(lflag::IEXTEN) {
                c = to_lower(c);
            }
            self.receive_plain(c, false);
            return;
        }
        if self.i(iflag::ISTRIP) {
            c &= 0x7f;
        }
        if self.i(iflag::IUCLC) && self.l(lflag::IEXTEN) {
            c = to_lower(c);
        }
        if self.l(lflag::EXTPROC) {
            self.put(c, false);
            return;
        }
        let special = self.char_map(c);
        // n_tty_receive_char_special, in its order.
        if self.i(iflag::IXON) {
            if self.is(c, cc::VSTART) {
                // start_tty + process_echoes: pending echoes go out now.
                self.set_flow(false);
                self.flush_echoes();
                return;
            }
            if self.is(c, cc::VSTOP) {
                self.set_flow(true);
                return;
            }
        }
        if self.l(lflag::ISIG) {
            let sig = if self.is(c, cc::VINTR) {
                Some(SIGINT)
            } else if self.is(c, cc::VQUIT) {
                Some(SIGQUIT)
            } else if self.is(c, cc::VSUSP) {
                Some(SIGTSTP)
            } else {
                None
            };
            if let Some(sig) = sig {
                self.isig(sig, c, signals);
                return;
            }
        }
        if self.stopped && self.i(iflag::IXON) && self.i(iflag::IXANY) {
            self.set_flow(false);
            self.flush_echoes();
        }
        if c == b'\r' {
            if self.i(iflag::IGNCR) {
                return;
            }
            if self.i(iflag::ICRNL) {
                c = b'\n';
            }
        } else if c == b'\n' && self.i(iflag::INLCR) {
            c = b'\r';
        }
        if self.icanon() {
            let iexten = self.l(lflag::IEXTEN);
            if self.is(c, cc::VERASE)
                || self.is(c, cc::VKILL)
                || (iexten && self.is(c, cc::VWERASE))
            {
                self.eraser(c);
                return;
            }
            if iexten && self.is(c, cc::VLNEXT) {
                self.lnext = true;
                if self.l(lflag::ECHO) {
                    self.finish_erasing();
                    if self.l(lflag::ECHOCTL) {
                        self.echo_raw(b'^');
                        self.echo_raw(b'\x08');
                    }
                }
                return;
            }
            if iexten && self.l(lflag::ECHO) && self.is(c, cc::VREPRINT) {
                self.finish_erasing();
                self.echo_char(c);
                self.echo_raw(b'\n');
                let line: Vec<u8> = self.input.range(self.canon_head..).copied().collect();
                for b in line {
                    self.echo_char(b);
                }
                return;
            }
            if c == b'\n' {
                if self.l(lflag::ECHO) || self.l(lflag::ECHONL) {
                    self.echo_raw(b'\n');
                }
                self.put(c, true);
                self.canon_head = self.input.len();
                return;
            }
            if self.is(c, cc::VEOF) {
                // The EOF character is stored as a disabled (0) delimiter
                // that reads never copy.
                self.put(cc::VDISABLE, true);
                self.canon_head = self.input.len();
                return;
            }
            if self.is(c, cc::VEOL) || (iexten && self.is(c, cc::VEOL2)) {
                if self.l(lflag::ECHO) {
                    if self.canon_head == self.input.len() {
                        self.echo_op(EchoOp::SetCanonCol);
                    }
                    self.echo_char(c);
                }
                self.put(c, true);
                self.canon_head = self.input.len();
                return;
            }
        }
        self.receive_plain(c, special);
    }

    /// Whether `c` is in n_tty's `char_map` (`n_tty_set_termios`): the
    /// bytes that get special handling in the current mode. NUL never is.
    fn char_map(&self, c: u8) -> bool {
        if c == cc::VDISABLE {
            return false;
        }
        let cc = &self.termios.cc;
        let is = |idx: usize| cc[idx] == c;
        (c == b'\r' && (self.i(iflag::IGNCR) || self.i(iflag::ICRNL)))
            || (c == b'\n' && self.i(iflag::INLCR))
            || (self.icanon()
                && (is(cc::VERASE)
                    || is(cc::VKILL)
                    || is(cc::VEOF)
                    || c == b'\n'
                    || is(cc::VEOL)
                    || (self.l(lflag::IEXTEN)
                        && (is(cc::VWERASE)
                            || is(cc::VLNEXT)
                            || is(cc::VEOL2)
                            || (self.l(lflag::ECHO) && is(cc::VREPRINT))))))
            || (self.i(iflag::IXON) && (is(cc::VSTART) || is(cc::VSTOP)))
            || (self.l(lflag::ISIG) && (is(cc::VINTR) || is(cc::VQUIT) || is(cc::VSUSP)))
    }

    /// `n_tty_receive_char`: echo and queue an ordinary character.
    /// `special`: the byte went through `n_tty_receive_char_special`, whose
    /// tail echoes a newline raw; plain bytes (`n_tty_receive_char`, also
    /// used after `VLNEXT`) echo it through `echo_char`, so `^J` under `ECHOCTL`.
    fn receive_plain(&mut self, c: u8, special: bool) {
        if self.l(lflag::ECHO) {
            self.finish_erasing();
            if special && c == b'\n' {
                self.echo_raw(b'\n');
            } else {
                if self.canon_head == self.input.len() {
                    self.echo_op(EchoOp::SetCanonCol);
                }
                self.echo_char(c);
            }
        }
        self.put(c, false);
        if !self.icanon() {
            self.canon_head = self.input.len();
        }
    }

    /// `n_tty_receive_signal_char` and `isig`.
    fn isig(&mut self, sig: u32, c: u8, signals: &mut Vec<Signal>) {
        signals.push(Signal(sig));
        if !self.l(lflag::NOFLSH) {
            // Flush the input (the line being edited included) and the echo
            // buffer: echoes of this same batch of input are lost, as in
            // Linux.
            self.flush_input();
            self.echoes.clear();
            self.sig_flushed = true;
            // isig also flushes the driver (pty_flush_buffer): what this
            // batch already echoed (at VSTART, or past the watermark) sits
            // in the master's unprocessed buffer and is dropped with it.
            let keep = self.batch_start.min(self.output.len());
            self.output.truncate(keep);
        }
        if self.i(iflag::IXON) {
            self.set_flow(false);
        }
        if self.l(lflag::ECHO) {
            self.echo_char(c);
        } else {
            self.flush_echoes();
        }
    }

    /// `eraser`: ERASE, WERASE and KILL in canonical mode.
    fn eraser(&mut self, c: u8) {
        #[derive(PartialEq)]
        enum Kind {
            Erase,
            Werase,
            Kill,
        }
        if self.input.len() == self.canon_head {
            return;
        }
        let kind = if self.is(c, cc::VERASE) {
            Kind::Erase
        } else if self.is(c, cc::VWERASE) {
            Kind::Werase
        } else {
            if !self.l(lflag::ECHO) {
                self.truncate_input(self.canon_head);
                return;
            }
            if !self.l(lflag::ECHOK) || !self.l(lflag::ECHOKE) || !self.l(lflag::ECHOE) {
                self.truncate_input(self.canon_head);
                self.finish_erasing();
                self.echo_char(self.termios.cc[cc::VKILL]);
                if self.l(lflag::ECHOK) {
                    self.echo_raw(b'\n');
                }
                return;
            }
            Kind::Kill
        };
        let mut seen_alnums = 0u32;
        while self.input.len() > self.canon_head {
            let end = self.input.len();
            // Erase one possibly multi-byte character.
            let mut head = end;
            let mut ch;
            loop {
                head -= 1;
                ch = self.input[head];
                if !(self.is_continuation(ch) && head != self.canon_head) {
                    break;
                }
            }
            if self.is_continuation(ch) {
                break; // do not partially erase
            }
            if kind == Kind::Werase {
                if is_alnum(ch) || ch == b'_' {
                    seen_alnums += 1;
                } else if seen_alnums > 0 {
                    break;
                }
            }
            let erased: Vec<u8> = self.input.range(head..end).copied().collect();
            self.truncate_input(head);
            if self.l(lflag::ECHO) {
                if self.l(lflag::ECHOPRT) {
                    if !self.erasing {
                        self.echo_raw(b'\\');
                        self.erasing = true;
                    }
                    // A multi-byte character: its first byte through
                    // echo_char, the rest raw without moving the column.
                    self.echo_char(ch);
                    for &b in &erased[1..] {
                        self.echo_raw(b);
                        self.echo_op(EchoOp::MoveBackCol);
                    }
                } else if kind == Kind::Erase && !self.l(lflag::ECHOE) {
                    self.echo_char(self.termios.cc[cc::VERASE]);
                } else if ch == b'\t' {
                    let mut num_chars = 0u32;
                    let mut after_tab = false;
                    for &b in self.input.range(self.canon_head..).rev() {
                        if b == b'\t' {
                            after_tab = true;
                            break;
                        } else if is_cntrl(b) {
                            if self.l(lflag::ECHOCTL) {
                                num_chars += 2;
                            }
                        } else if !self.is_continuation(b) {
                            num_chars += 1;
                        }
                    }
                    self.echo_erase_tab(num_chars, after_tab);
                } else {
                    if is_cntrl(ch) && self.l(lflag::ECHOCTL) {
                        self.echo_bytes_raw(b"\x08 \x08");
                    }
                    if !is_cntrl(ch) || self.l(lflag::ECHOCTL) {
                        self.echo_bytes_raw(b"\x08 \x08");
                    }
                }
            }
            if kind == Kind::Erase {
                break;
            }
        }
        if self.input.len() == self.canon_head && self.l(lflag::ECHO) {
            self.finish_erasing();
        }
    }

    fn truncate_input(&mut self, len: usize) {
        self.input.truncate(len);
        self.flags.truncate(len);
    }

    // ---- echo and output -----------------------------------------------

    fn finish_erasing(&mut self) {
        if self.erasing {
            self.echo_raw(b'/');
            self.erasing = false;
        }
    }

    /// `echo_char`: control characters other than TAB echo as `^X` under `ECHOCTL`.
    fn echo_char(&mut self, c: u8) {
        if self.l(lflag::ECHOCTL) && is_cntrl(c) && c != b'\t' {
            self.echo_op(EchoOp::Ctrl(c));
        } else {
            self.echo_raw(c);
        }
    }

    /// `echo_char_raw`: through output processing like any written byte.
    fn echo_raw(&mut self, c: u8) {
        self.echo_op(EchoOp::Raw(c));
    }

    fn echo_bytes_raw(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.echo_raw(b);
        }
    }

    /// `ECHO_OP_ERASE_TAB`: back up over a tab.
    fn echo_erase_tab(&mut self, num_chars: u32, after_tab: bool) {
        self.echo_op(EchoOp::EraseTab {
            num_chars: num_chars & 7,
            after_tab,
        });
    }

    /// Queues one echo entry, dropping the oldest when the ring is full.
    fn echo_op(&mut self, op: EchoOp) {
        if self.echoes.len() >= ECHO_CAPACITY {
            self.echoes.pop_front();
        }
        self.echoes.push_back(op);
    }

    /// `commit_echoes`: write the echoes early once enough have piled up.
    fn commit_echoes(&mut self) {
        if self.echoes.len() >= ECHO_COMMIT_WATERMARK {
            self.flush_echoes();
        }
    }

    /// `__process_echoes`: turn pending echo ops into output (not while
    /// output is stopped: they wait for `VSTART`; not past
    /// [`OUTPUT_CAPACITY`]: they wait for the master to read).
    fn flush_echoes(&mut self) {
        if self.stopped {
            return;
        }
        // Like process_echoes, write only while the other side has room;
        // the rest waits in the ring for the master to read.
        while self.output.len() < OUTPUT_CAPACITY {
            let Some(op) = self.echoes.pop_front() else {
                break;
            };
            match op {
                EchoOp::Raw(c) => {
                    if self.o(oflag::OPOST) {
                        self.output_char(c);
                    } else {
                        self.output.push_back(c);
                    }
                }
                EchoOp::Ctrl(c) => {
                    self.output.push_back(b'^');
                    self.output.push_back(c ^ 0o100);
                    self.column = self.column.wrapping_add(2);
                }
                EchoOp::SetCanonCol => self.canon_column = self.column,
                EchoOp::MoveBackCol => self.column = self.column.saturating_sub(1),
                EchoOp::EraseTab {
                    num_chars,
                    after_tab,
                } => {
                    let n = if after_tab {
                        num_chars
                    } else {
                        num_chars.wrapping_add(self.canon_column)
                    };
                    for _ in 0..8 - (n & 7) {
                        self.output.push_back(b'\x08');
                        self.column = self.column.saturating_sub(1);
                    }
                }
            }
        }
    }

    /// `do_output_char` (with `OPOST` set).
    fn output_char(&mut self, mut c: u8) {
        match c {
            b'\n' => {
                if self.o(oflag::ONLRET) {
                    self.column = 0;
                }
                if self.o(oflag::ONLCR) {
                    self.column = 0;
                    self.canon_column = 0;
                    self.output.extend(b"\r\n");
                    return;
                }
                self.canon_column = self.column;
            }
            b'\r' => {
                if self.o(oflag::ONOCR) && self.column == 0 {
                    return;
                }
                if self.o(oflag::OCRNL) {
                    c = b'\n';
                    if self.o(oflag::ONLRET) {
                        self.column = 0;
                        self.canon_column = 0;
                    }
                } else {
                    self.column = 0;
                    self.canon_column = 0;
                }
            }
            b'\t' => {
                let spaces = 8 - (self.column & 7);
                self.column += spaces;
                if self.termios.oflag & oflag::TABDLY == oflag::XTABS {
                    self.output
                        .extend(core::iter::repeat_n(b' ', spaces as usize));
                    return;
                }
            }
            b'\x08' => self.column = self.column.saturating_sub(1),
            _ => {
                if !is_cntrl(c) {
                    if self.o(oflag::OLCUC) {
                        c = to_upper(c);
                    }
                    if !self.is_continuation(c) {
                        self.column = self.column.wrapping_add(1);
                    }
                }
            }
        }
        self.output.push_back(c);
    }

    /// A program writes to the terminal (`n_tty_write`): output processing
    /// under `OPOST`. Returns the bytes accepted; [`WriteBlock`] when output
    /// is stopped or the output buffer is full.
    pub fn write(&mut self, data: &[u8]) -> Result<usize, WriteBlock> {
        if data.is_empty() {
            return Ok(0);
        }
        self.flush_echoes();
        if self.stopped || self.output.len() >= OUTPUT_CAPACITY {
            return Err(WriteBlock);
        }
        let mut n = 0;
        for &b in data {
            // Stop at the capacity (one byte may expand to 8 under XTABS).
            if self.output.len() >= OUTPUT_CAPACITY {
                break;
            }
            if self.o(oflag::OPOST) {
                self.output_char(b);
            } else {
                self.output.push_back(b);
            }
            n += 1;
        }
        Ok(n)
    }

    /// The other side reads processed output (the pty master's `read`).
    pub fn take_output(&mut self, out: &mut [u8]) -> usize {
        let n = out.len().min(self.output.len());
        for (o, b) in out.iter_mut().zip(self.output.drain(..n)) {
            *o = b;
        }
        self.flush_echoes();
        n
    }

    /// Bytes of output waiting (`TIOCOUTQ`; the master's `FIONREAD`).
    #[must_use]
    pub fn output_len(&self) -> usize {
        self.output.len()
    }

    // ---- reading -------------------------------------------------------

    /// Whether a read would return now (`input_available_p`; for `poll`,
    /// `VMIN` counts only when `VTIME` is 0).
    #[must_use]
    pub fn readable(&self) -> bool {
        if self.icanon() {
            return self.canon_head > 0;
        }
        let min = usize::from(self.termios.cc[cc::VMIN]);
        let need = if self.termios.cc[cc::VTIME] == 0 && min > 0 {
            min
        } else {
            1
        };
        self.input.len() >= need
    }

    /// Bytes a read could return now (`FIONREAD`/`TIOCINQ` on the slave:
    /// complete lines without EOF markers in canonical mode).
    #[must_use]
    pub fn input_len(&self) -> usize {
        if self.icanon() {
            (0..self.canon_head)
                .filter(|&i| !(self.flags[i] && self.input[i] == cc::VDISABLE))
                .count()
        } else {
            self.input.len()
        }
    }

    /// `read(2)` on the terminal. Canonical: at most one line, its
    /// delimiter included except an EOF character; `Ok(0)` for EOF on an
    /// empty line. Non-canonical: `VMIN`/`VTIME` as termios(3) describes;
    /// with `VMIN == VTIME == 0` it never blocks.
    pub fn read(&mut self, out: &mut [u8]) -> Result<usize, ReadBlock> {
        if self.icanon() {
            if self.canon_head == 0 {
                return Err(ReadBlock { timeout: None });
            }
            return Ok(self.read_line(out));
        }
        let min = usize::from(self.termios.cc[cc::VMIN]);
        let time = self.termios.cc[cc::VTIME];
        let avail = self.input.len();
        if min == 0 {
            if avail > 0 || time == 0 {
                return Ok(self.read_raw(out));
            }
            return Err(ReadBlock {
                timeout: Some(time),
            });
        }
        if avail >= min.min(out.len()) {
            return Ok(self.read_raw(out));
        }
        Err(ReadBlock {
            timeout: if time > 0 && avail > 0 {
                Some(time)
            } else {
                None
            },
        })
    }

    /// `read(2)` with `O_NONBLOCK`: never waits for `VMIN` bytes or for
    /// `VTIME`. Non-canonical reads return whatever is there (`n_tty_read`
    /// copies what is available, then stops instead of sleeping); nothing
    /// there is `WouldBlock` (EAGAIN), except that `VMIN == VTIME == 0`
    /// reads 0. Canonical reads are as [`LineDiscipline::read`].
    pub fn read_nonblocking(&mut self, out: &mut [u8]) -> Result<usize, ReadBlock> {
        if self.icanon() || self.input.is_empty() {
            return self.read(out);
        }
        Ok(self.read_raw(out))
    }

    /// The `VTIME` timer of a blocked read expired: return what is there (maybe 0 bytes).
    pub fn read_expired(&mut self, out: &mut [u8]) -> usize {
        if self.icanon() {
            if self.canon_head == 0 {
                0
            } else {
                self.read_line(out)
            }
        } else {
            self.read_raw(out)
        }
    }

    fn read_raw(&mut self, out: &mut [u8]) -> usize {
        let n = out.len().min(self.input.len());
        for (o, b) in out.iter_mut().zip(self.input.drain(..n)) {
            *o = b;
        }
        self.flags.drain(..n);
        self.canon_head = self.canon_head.saturating_sub(n);
        n
    }

    fn read_line(&mut self, out: &mut [u8]) -> usize {
        let eol = (0..self.canon_head)
            .find(|&i| self.flags[i])
            .unwrap_or(self.canon_head - 1);
        let is_eof = self.flags[eol] && self.input[eol] == cc::VDISABLE;
        let line_len = if is_eof { eol } else { eol + 1 };
        let n = out.len().min(line_len);
        for (o, b) in out.iter_mut().zip(self.input.drain(..n)) {
            *o = b;
        }
        self.flags.drain(..n);
        self.canon_head -= n;
        if n == line_len && is_eof {
            // Consume the EOF marker too.
            self.input.pop_front();
            self.flags.pop_front();
            self.canon_head -= 1;
        }
        n
    }

    /// `TCFLSH` `TCIFLUSH`: discard typed input (and the line being edited).
    pub fn flush_input(&mut self) {
        self.input.clear();
        self.flags.clear();
        self.canon_head = 0;
        // reset_buffer_flags leaves a pending VLNEXT pending.
        self.erasing = false;
    }

    /// `TCFLSH` `TCOFLUSH`: discard output the master has not read.
    pub fn flush_output(&mut self) {
        self.output.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::termios::cflag;

    fn pty_tty() -> LineDiscipline {
        let mut t = KTermios::std();
        t.cflag = cflag::B38400 | cflag::CS8 | cflag::CREAD;
        LineDiscipline::new(t)
    }

    fn typed(l: &mut LineDiscipline, s: &[u8]) -> Vec<Signal> {
        let mut sig = Vec::new();
        assert_eq!(l.receive(s, &mut sig), s.len());
        sig
    }

    fn echo(l: &mut LineDiscipline) -> Vec<u8> {
        let mut out = vec![0; 4096];
        let n = l.take_output(&mut out);
        out.truncate(n);
        out
    }

    fn read(l: &mut LineDiscipline) -> Option<Vec<u8>> {
        let mut out = vec![0; 4096];
        let n = l.read(&mut out).ok()?;
        out.truncate(n);
        Some(out)
    }

    #[test]
    fn canonical_line_with_erase() {
        let mut l = pty_tty();
        typed(&mut l, b"abcd\x7f\x7fx");
        assert!(!l.readable());
        assert_eq!(read(&mut l), None);
        typed(&mut l, b"\r");
        assert_eq!(echo(&mut l), b"abcd\x08 \x08\x08 \x08x\r\n");
        assert_eq!(l.input_len(), 4);
        assert_eq!(read(&mut l).unwrap(), b"abx\n");
    }

    #[test]
    fn eof_and_short_reads() {
        let mut l = pty_tty();
        typed(&mut l, b"hello\n\x04");
        let mut two = [0u8; 2];
        assert_eq!(l.read(&mut two), Ok(2));
        assert_eq!(&two, b"he");
        assert_eq!(read(&mut l).unwrap(), b"llo\n");
        assert_eq!(read(&mut l).unwrap(), b"", "EOF on an empty line reads 0");
        assert_eq!(read(&mut l), None);
        typed(&mut l, b"ab\x04");
        assert_eq!(l.input_len(), 2);
        assert_eq!(read(&mut l).unwrap(), b"ab");
        assert_eq!(read(&mut l), None, "the marker went with the line");
    }

    #[test]
    fn isig_flushes_and_signals() {
        let mut l = pty_tty();
        let sig = typed(&mut l, b"abc\x03");
        assert_eq!(sig, [Signal(SIGINT)]);
        assert_eq!(
            echo(&mut l),
            b"^C",
            "echoes of the same batch are flushed with the input"
        );
        typed(&mut l, b"abc");
        typed(&mut l, b"\x03");
        assert_eq!(echo(&mut l), b"abc^C", "echoes already written stay");
        typed(&mut l, b"\n");
        assert_eq!(read(&mut l).unwrap(), b"\n");
        assert_eq!(
            typed(&mut l, b"\x1c\x1a"),
            [Signal(SIGQUIT), Signal(SIGTSTP)]
        );
    }

    #[test]
    fn vmin_vtime() {
        let mut l = pty_tty();
        let mut t = *l.termios();
        t.lflag &= !(lflag::ICANON | lflag::ECHO);
        t.cc[cc::VMIN] = 3;
        t.cc[cc::VTIME] = 0;
        l.set_termios(t);
        typed(&mut l, b"ab");
        assert!(!l.readable());
        assert_eq!(read(&mut l), None);
        typed(&mut l, b"c");
        assert_eq!(read(&mut l).unwrap(), b"abc");
        t.cc[cc::VMIN] = 0;
        l.set_termios(t);
        assert_eq!(read(&mut l).unwrap(), b"", "MIN 0 TIME 0 returns at once");
        t.cc[cc::VTIME] = 5;
        l.set_termios(t);
        let mut buf = [0u8; 8];
        assert_eq!(l.read(&mut buf), Err(ReadBlock { timeout: Some(5) }));
        assert_eq!(l.read_expired(&mut buf), 0);
        t.cc[cc::VMIN] = 2;
        l.set_termios(t);
        assert_eq!(
            l.read(&mut buf),
            Err(ReadBlock { timeout: None }),
            "inter-byte timer starts with the first byte"
        );
        typed(&mut l, b"x");
        assert_eq!(l.read(&mut buf), Err(ReadBlock { timeout: Some(5) }));
        assert_eq!(l.read_expired(&mut buf), 1);
        // Non-blocking: what is there, even below VMIN.
        typed(&mut l, b"y");
        assert_eq!(l.read(&mut buf), Err(ReadBlock { timeout: Some(5) }));
        assert_eq!(l.read_nonblocking(&mut buf), Ok(1));
        assert_eq!(
            l.read_nonblocking(&mut buf),
            Err(ReadBlock { timeout: None }),
            "EAGAIN"
        );
        t.cc[cc::VMIN] = 0;
        t.cc[cc::VTIME] = 0;
        l.set_termios(t);
        assert_eq!(l.read_nonblocking(&mut buf), Ok(0));
    }

    #[test]
    fn output_processing_and_stop() {
        let mut l = pty_tty();
        assert_eq!(l.write(b"a\nb"), Ok(3));
        assert_eq!(echo(&mut l), b"a\r\nb");
        typed(&mut l, b"\x13");
        assert!(l.is_stopped());
        assert_eq!(l.write(b"x"), Err(WriteBlock));
        typed(&mut l, b"\x11");
        assert_eq!(l.write(b"x"), Ok(1));
        assert_eq!(l.write(b""), Ok(0));
    }

    #[test]
    fn full_input_buffer_throttles() {
        let mut l = pty_tty();
        let mut t = *l.termios();
        t.lflag &= !(lflag::ICANON | lflag::ECHO);
        l.set_termios(t);
        let mut sig = Vec::new();
        let big = vec![b'x'; 5000];
        assert_eq!(l.receive(&big, &mut sig), INPUT_CAPACITY - 1);
        // Canonical: an over-long line keeps accepting, dropping the last byte.
        let mut c = pty_tty();
        assert_eq!(c.receive(&big, &mut sig), 5000);
        assert_eq!(c.receive(b"\n", &mut sig), 1);
        assert_eq!(read(&mut c).unwrap().len(), INPUT_CAPACITY - 1);
    }

    #[test]
    fn echo_floods_stay_bounded() {
        let mut l = pty_tty();
        let mut sig = Vec::new();
        l.receive(&[b'x'; 4000], &mut sig);
        // 2000 reprints of a 4000-byte line: far more echo than fits.
        for _ in 0..20 {
            l.receive(&[0x12; 100], &mut sig);
        }
        assert!(l.output_len() <= OUTPUT_CAPACITY + 8);
        assert!(l.echoes.len() <= ECHO_CAPACITY);
        // Reading the master lets the pending echoes through.
        let mut buf = vec![0u8; OUTPUT_CAPACITY];
        assert_eq!(l.take_output(&mut buf), OUTPUT_CAPACITY.min(buf.len()));
        assert!(l.output_len() > 0);
        // Stopped output: echoes wait in the ring, still bounded.
        let mut s = pty_tty();
        s.receive(b"\x13", &mut sig);
        s.receive(&[b'y'; 3000], &mut sig);
        s.receive(&[0x12; 50], &mut sig);
        assert!(s.echoes.len() <= ECHO_CAPACITY);
        assert_eq!(s.output_len(), 0);
    }

    /// xorshift32: deterministic, no dependency.
    fn rng(state: &mut u32) -> u32 {
        *state ^= *state << 13;
        *state ^= *state >> 17;
        *state ^= *state << 5;
        *state
    }

    #[test]
    fn random_input_and_modes_keep_invariants() {
        let flags: [(u8, u32); 20] = [
            (0, iflag::ICRNL),
            (0, iflag::INLCR),
            (0, iflag::IGNCR),
            (0, iflag::ISTRIP),
            (0, iflag::IXON),
            (0, iflag::IXANY),
            (0, iflag::IUTF8),
            (0, iflag::IUCLC),
            (1, oflag::OPOST),
            (1, oflag::ONLCR),
            (1, oflag::OCRNL),
            (1, oflag::XTABS),
            (3, lflag::ICANON),
            (3, lflag::ECHO),
            (3, lflag::ECHOE),
            (3, lflag::ECHOK),
            (3, lflag::ECHOCTL),
            (3, lflag::ECHOPRT),
            (3, lflag::ISIG),
            (3, lflag::NOFLSH),
        ];
        let mut state = 0x9e37_79b9;
        let mut sig = Vec::new();
        for _ in 0..300 {
            let mut l = pty_tty();
            for _ in 0..60 {
                match rng(&mut state) % 6 {
                    0 => {
                        let (field, bit) = flags[rng(&mut state) as usize % flags.len()];
                        let mut t = *l.termios();
                        let w = match field {
                            0 => &mut t.iflag,
                            1 => &mut t.oflag,
                            _ => &mut t.lflag,
                        };
                        *w ^= bit;
                        t.cc[cc::VMIN] = (rng(&mut state) % 3) as u8;
                        t.cc[cc::VTIME] = (rng(&mut state) % 2) as u8;
                        l.set_termios(t);
                    }
                    1 | 2 => {
                        // Mostly control characters and UTF-8 pieces.
                        let len = rng(&mut state) as usize % 40;
                        let bytes: Vec<u8> = (0..len)
                            .map(|_| match rng(&mut state) % 4 {
                                0 => (rng(&mut state) % 32) as u8,
                                1 => 0x80 | (rng(&mut state) % 64) as u8,
                                2 => 0x7f,
                                _ => b'a' + (rng(&mut state) % 26) as u8,
                            })
                            .collect();
                        let n = l.receive(&bytes, &mut sig);
                        assert!(n <= bytes.len());
                    }
                    3 => {
                        let mut buf = vec![0u8; rng(&mut state) as usize % 64];
                        if let Ok(n) = l.read(&mut buf) {
                            assert!(n <= buf.len());
                        }
                        let _ = l.read_expired(&mut buf);
                    }
                    4 => {
                        let _ = l.write(b"out\t\r\n\x08x");
                    }
                    _ => {
                        let mut buf = vec![0u8; 512];
                        let _ = l.take_output(&mut buf);
                    }
                }
                assert!(l.canon_head <= l.input.len());
                assert_eq!(l.input.len(), l.flags.len());
                assert!(l.input.len() < INPUT_CAPACITY);
                assert!(l.echoes.len() <= ECHO_CAPACITY);
                assert!(l.output_len() <= OUTPUT_CAPACITY + 8);
                assert!(l.input_len() <= l.input.len());
            }
        }
    }

    #[test]
    fn winsize_changes_signal_once() {
        let mut l = pty_tty();
        let ws = WinSize {
            rows: 24,
            cols: 80,
            ..WinSize::default()
        };
        assert_eq!(
            l.set_winsize(ws),
            Some(Signal(crate::abi::signal::SIGWINCH))
        );
        assert_eq!(l.set_winsize(ws), None);
        assert_eq!(l.winsize(), ws);
    }
}
