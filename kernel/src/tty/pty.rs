//! A pseudo-terminal pair: `/dev/ptmx` (master) and `/dev/pts/N` (slave).
//!
//! Bytes written to the master are terminal input: they go through the
//! slave's line discipline and the slave reads the result. Bytes the slave
//! writes go through output processing and the master reads them (Linux
//! `drivers/tty/pty.c`; the master's own line discipline is raw and is not
//! modelled). Nothing blocks: "would block" results tell the caller to park
//! the task, and signals come back as [`Signal`]s for the slave's
//! foreground process group, which this object records but does not own.

use super::ldisc::{LineDiscipline, ReadBlock, Signal, WriteBlock};
use crate::abi::Errno;
use crate::abi::termios::{KTermios, WinSize, cflag};

/// The status bits a packet-mode master reads (`TIOCPKT_*`,
/// include/uapi/asm-generic/ioctls.h; tty_ioctl(4)).
pub mod pkt {
    /// A data packet follows.
    pub const DATA: u8 = 0;
    /// The slave's input queue was flushed.
    pub const FLUSHREAD: u8 = 1;
    /// The slave's output queue was flushed.
    pub const FLUSHWRITE: u8 = 2;
    /// Output was stopped (`^S`, `TCOOFF`).
    pub const STOP: u8 = 4;
    /// Output was restarted.
    pub const START: u8 = 8;
    /// `IXON` flow control went off, or `VSTOP`/`VSTART` are not `^S`/`^Q`.
    pub const NOSTOP: u8 = 16;
    /// Flow control by `^S`/`^Q` came into effect.
    pub const DOSTOP: u8 = 32;
}

/// Why a pty operation returned no data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PtyError {
    /// Nothing to transfer now: park, or `EAGAIN` with `O_NONBLOCK`.
    /// For slave reads, `timeout` is the `VTIME` to wait (see [`ReadBlock`]).
    WouldBlock { timeout: Option<u8> },
    /// The other side is gone (`EIO`).
    Io,
}

impl From<PtyError> for Errno {
    fn from(e: PtyError) -> Errno {
        match e {
            PtyError::WouldBlock { .. } => Errno::EAGAIN,
            PtyError::Io => Errno::EIO,
        }
    }
}

impl From<ReadBlock> for PtyError {
    fn from(b: ReadBlock) -> PtyError {
        PtyError::WouldBlock { timeout: b.timeout }
    }
}

impl From<WriteBlock> for PtyError {
    fn from(_: WriteBlock) -> PtyError {
        PtyError::WouldBlock { timeout: None }
    }
}

/// The termios a new pty slave starts with: `tty_std_termios` with
/// `c_cflag = B38400 | CS8 | CREAD` (`pty.c`, `unix98_pty_init`). As a real
/// Linux pty shows (`tests/tty_native.rs`), `IUTF8` is not set.
#[must_use]
pub fn default_termios() -> KTermios {
    let mut t = KTermios::std();
    t.cflag = cflag::B38400 | cflag::CS8 | cflag::CREAD;
    t
}

/// One pty pair.
#[derive(Debug, Clone)]
pub struct Pty {
    /// The `N` of `/dev/pts/N`.
    pub index: u32,
    ldisc: LineDiscipline,
    master_open: bool,
    slave_opens: u32,
    /// `TIOCSPTLCK`: a new pair is locked until `unlockpt`.
    locked: bool,
    /// Foreground process group (`TIOCSPGRP`), if any.
    pub foreground: Option<u32>,
    /// Session that has this terminal as its controlling terminal (`TIOCSCTTY`).
    pub session: Option<u32>,
    /// `TIOCPKT` on the master.
    packet: bool,
    /// How many times the slave was hung up by `vhangup`: slave files
    /// opened before the last one are hung up.
    hangups: u32,
    /// Status bits for the next packet-mode master read (`ctrl.pktstatus`),
    /// besides the line discipline's pending stop/start and signal flush.
    pktstatus: u8,
}

impl Pty {
    /// A new pair as `open("/dev/ptmx")` creates it: master open, slave
    /// not yet opened and locked.
    #[must_use]
    pub fn new(index: u32) -> Pty {
        Pty {
            index,
            ldisc: LineDiscipline::new(default_termios()),
            master_open: true,
            slave_opens: 0,
            locked: true,
            foreground: None,
            session: None,
            packet: false,
            pktstatus: 0,
            hangups: 0,
        }
    }

    /// `vhangup` of the slave (`__tty_hangup`): files open now are hung
    /// up, the input is flushed and the termios goes back to the
    /// driver's (`TTY_DRIVER_RESET_TERMIOS`); the caller forgets the
    /// session. New opens work as before.
    pub fn hang_up_slave(&mut self) {
        self.hangups = self.hangups.wrapping_add(1);
        // The slave's output already sits in the master's read buffer:
        // `pty_flush_buffer` only drops what the master has not processed.
        self.ldisc.flush_input();
        self.ldisc.set_termios(default_termios());
        self.ldisc.set_stopped(false);
    }

    /// The count of `vhangup`s so far (a slave file remembers it at open).
    #[must_use]
    pub fn hangup_count(&self) -> u32 {
        self.hangups
    }

    /// `TIOCPKT`: turning packet mode on forgets older status
    /// (`pty_set_pktmode`).
    pub fn set_packet(&mut self, on: bool) {
        if on && !self.packet {
            self.pktstatus = 0;
            self.ldisc.take_flow_change();
            self.ldisc.take_sig_flush();
        }
        self.packet = on;
    }

    /// `TIOCGPKT`.
    #[must_use]
    pub fn packet(&self) -> bool {
        self.packet
    }

    /// The status byte a packet-mode master read would return now (0: none).
    #[must_use]
    pub fn packet_status(&self) -> u8 {
        if !self.packet {
            return 0;
        }
        let mut st = self.pktstatus;
        match self.ldisc.flow_change() {
            Some(true) => st = (st & !pkt::START) | pkt::STOP,
            Some(false) => st = (st & !pkt::STOP) | pkt::START,
            None => {}
        }
        if self.ldisc.sig_flush_pending() {
            st |= pkt::FLUSHREAD | pkt::FLUSHWRITE;
        }
        st
    }

    fn take_packet_status(&mut self) -> u8 {
        let st = self.packet_status();
        self.pktstatus = 0;
        self.ldisc.take_flow_change();
        self.ldisc.take_sig_flush();
        st
    }

    /// Whether output flow control is `^S`/`^Q` (`pty_set_termios`).
    fn ctrl_flow(t: &KTermios) -> bool {
        use crate::abi::termios::{cc, iflag};
        t.iflag & iflag::IXON != 0 && t.cc[cc::VSTOP] == 0x13 && t.cc[cc::VSTART] == 0x11
    }

    /// `TCSETS*` from either side (they act on the slave: `tty_mode_ioctl`
    /// takes the master's link), flushing the input first for `TCSETSF`.
    /// In packet mode a change of flow control is reported
    /// (`TIOCPKT_DOSTOP`/`NOSTOP`, `pty_set_termios`).
    pub fn set_termios(&mut self, t: KTermios, flush: bool) {
        if flush {
            self.flush_input();
        }
        let old = Self::ctrl_flow(self.ldisc.termios());
        let new = Self::ctrl_flow(&t);
        self.ldisc.set_termios(t);
        if self.packet && old != new {
            self.pktstatus &= !(pkt::DOSTOP | pkt::NOSTOP);
            self.pktstatus |= if new { pkt::DOSTOP } else { pkt::NOSTOP };
        }
    }

    /// `TCFLSH` `TCIFLUSH` on the slave (`n_tty_packet_mode_flush`).
    pub fn flush_input(&mut self) {
        self.ldisc.flush_input();
        if self.packet {
            self.pktstatus |= pkt::FLUSHREAD;
        }
    }

    /// `TCFLSH` `TCOFLUSH` on the slave (`pty_flush_buffer`).
    pub fn flush_output(&mut self) {
        self.ldisc.flush_output();
        if self.packet {
            self.pktstatus |= pkt::FLUSHWRITE;
        }
    }

    /// The slave's line discipline (termios, window size...).
    #[must_use]
    pub fn ldisc(&self) -> &LineDiscipline {
        &self.ldisc
    }

    /// Mutable access for ioctls (`TCSETS`, `TCFLSH`, `TCXONC`...).
    pub fn ldisc_mut(&mut self) -> &mut LineDiscipline {
        &mut self.ldisc
    }

    /// `TIOCSPTLCK`.
    pub fn set_locked(&mut self, locked: bool) {
        self.locked = locked;
    }

    /// `TIOCGPTLCK`.
    #[must_use]
    pub fn is_locked(&self) -> bool {
        self.locked
    }

    /// Opening `/dev/pts/N`: `EIO` while locked or after the master closed.
    pub fn open_slave(&mut self) -> Result<(), Errno> {
        if self.locked || !self.master_open {
            return Err(Errno::EIO);
        }
        self.slave_opens = self.slave_opens.saturating_add(1);
        Ok(())
    }

    /// The last reference to one slave open file went away.
    pub fn close_slave(&mut self) {
        self.slave_opens = self.slave_opens.saturating_sub(1);
    }

    /// The master was closed: the slave is hung up. Returns the signals
    /// for the session (SIGHUP then SIGCONT, `tty_signal_session_leader`);
    /// the caller delivers them to the session leader and foreground group.
    pub fn close_master(&mut self) -> [Signal; 2] {
        self.master_open = false;
        [
            Signal(crate::abi::signal::SIGHUP),
            Signal(crate::abi::signal::SIGCONT),
        ]
    }

    /// Whether the master is still open (the pair lives while either side is).
    #[must_use]
    pub fn master_open(&self) -> bool {
        self.master_open
    }

    /// Open slave files.
    #[must_use]
    pub fn slave_opens(&self) -> u32 {
        self.slave_opens
    }

    /// Write to the master: terminal input. Returns bytes consumed;
    /// `WouldBlock` if the slave's input buffer is full.
    pub fn master_write(
        &mut self,
        data: &[u8],
        signals: &mut Vec<Signal>,
    ) -> Result<usize, PtyError> {
        if data.is_empty() {
            return Ok(0);
        }
        match self.ldisc.receive(data, signals) {
            0 => Err(PtyError::WouldBlock { timeout: None }),
            n => Ok(n),
        }
    }

    /// Read from the master: what the slave wrote, and echoes. `EIO` once
    /// drained with no slave open (after at least one open), as Linux does.
    /// In packet mode a read returns a pending status byte alone, else
    /// `TIOCPKT_DATA` and then the data (`n_tty_read`).
    pub fn master_read(&mut self, out: &mut [u8]) -> Result<usize, PtyError> {
        if out.is_empty() {
            return Ok(0);
        }
        if self.packet {
            let st = self.take_packet_status();
            if let Some((first, rest)) = out.split_first_mut() {
                if st != 0 {
                    *first = st;
                    return Ok(1);
                }
                if self.ldisc.output_len() > 0 {
                    *first = pkt::DATA;
                    return Ok(1 + self.ldisc.take_output(rest));
                }
            }
        }
        match self.ldisc.take_output(out) {
            0 if self.slave_opens == 0 && !self.locked => Err(PtyError::Io),
            0 => Err(PtyError::WouldBlock { timeout: None }),
            n => Ok(n),
        }
    }

    /// Read from the slave. After a hang-up, end of file.
    pub fn slave_read(&mut self, out: &mut [u8]) -> Result<usize, PtyError> {
        if !self.master_open {
            return Ok(0);
        }
        Ok(self.ldisc.read(out)?)
    }

    /// Read from the slave with `O_NONBLOCK` ([`LineDiscipline::read_nonblocking`]).
    pub fn slave_read_nonblocking(&mut self, out: &mut [u8]) -> Result<usize, PtyError> {
        if !self.master_open {
            return Ok(0);
        }
        Ok(self.ldisc.read_nonblocking(out)?)
    }

    /// Write to the slave. `EIO` after a hang-up.
    pub fn slave_write(&mut self, data: &[u8]) -> Result<usize, PtyError> {
        if !self.master_open {
            return Err(PtyError::Io);
        }
        Ok(self.ldisc.write(data)?)
    }

    /// `TIOCSWINSZ` on either side.
    pub fn set_winsize(&mut self, ws: WinSize) -> Option<Signal> {
        self.ldisc.set_winsize(ws)
    }

    /// `poll` events of the master (`n_tty_poll` on the master side):
    /// readable with output waiting, always writable (input is throttled
    /// by [`Pty::master_write`] instead), hang-up once no slave is open.
    #[must_use]
    pub fn master_poll_events(&self) -> u16 {
        use crate::abi::flags::poll::POLLPRI;
        use crate::abi::flags::poll::{POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM};
        let mut ev = POLLOUT | POLLWRNORM;
        if self.ldisc.output_len() > 0 {
            ev |= POLLIN | POLLRDNORM;
        }
        if self.packet_status() != 0 {
            ev |= POLLPRI | POLLIN | POLLRDNORM;
        }
        if self.slave_opens == 0 && !self.locked {
            ev |= POLLHUP;
        }
        ev
    }

    /// `poll` events of the slave: readable as a read would return
    /// (`VMIN` counted when `VTIME` is 0), writable unless output is
    /// stopped or full, and readable plus hang-up once the master is gone.
    #[must_use]
    pub fn slave_poll_events(&self) -> u16 {
        use crate::abi::flags::poll::{POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM};
        if !self.master_open {
            // hung_up_tty_poll.
            return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLHUP | POLLERR;
        }
        let (readable, writable) = self.slave_poll();
        (if readable { POLLIN | POLLRDNORM } else { 0 })
            | (if writable { POLLOUT | POLLWRNORM } else { 0 })
    }

    /// `poll` readiness of the master: (readable, writable).
    #[must_use]
    pub fn master_poll(&self) -> (bool, bool) {
        (
            self.ldisc.output_len() > 0 || self.packet_status() != 0,
            true,
        )
    }

    /// `poll` readiness of the slave: (readable, writable).
    #[must_use]
    pub fn slave_poll(&self) -> (bool, bool) {
        if !self.master_open {
            return (true, true);
        }
        (
            self.ldisc.readable(),
            !self.ldisc.is_stopped() && self.ldisc.output_len() < super::ldisc::OUTPUT_CAPACITY,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::signal::{SIGINT, SIGWINCH};

    fn opened() -> Pty {
        let mut p = Pty::new(0);
        assert_eq!(p.open_slave(), Err(Errno::EIO), "locked until unlockpt");
        p.set_locked(false);
        p.open_slave().unwrap();
        p
    }

    #[test]
    fn defaults_match_a_linux_pty() {
        let t = default_termios();
        assert_eq!(
            (t.iflag, t.oflag, t.cflag, t.lflag),
            (0x500, 0x5, 0xbf, 0x8a3b)
        );
    }

    #[test]
    fn master_to_slave_and_back() {
        let mut p = opened();
        let mut sig = Vec::new();
        assert_eq!(p.master_write(b"ls\r", &mut sig), Ok(3));
        let mut buf = [0u8; 64];
        assert_eq!(p.master_read(&mut buf), Ok(4));
        assert_eq!(&buf[..4], b"ls\r\n");
        assert_eq!(p.slave_read(&mut buf), Ok(3));
        assert_eq!(&buf[..3], b"ls\n");
        assert_eq!(
            p.slave_read(&mut buf),
            Err(PtyError::WouldBlock { timeout: None })
        );
        assert_eq!(p.slave_write(b"out\n"), Ok(4));
        assert_eq!(p.master_read(&mut buf), Ok(5));
        assert_eq!(
            p.master_read(&mut buf),
            Err(PtyError::WouldBlock { timeout: None })
        );
        assert_eq!(p.master_write(b"\x03", &mut sig), Ok(1));
        assert_eq!(sig, [Signal(SIGINT)]);
        assert_eq!(
            p.set_winsize(WinSize {
                rows: 1,
                cols: 2,
                ..WinSize::default()
            }),
            Some(Signal(SIGWINCH))
        );
    }

    #[test]
    fn poll_events() {
        use crate::abi::flags::poll::{POLLHUP, POLLIN, POLLOUT};
        let mut p = opened();
        assert_eq!(p.slave_poll_events() & (POLLIN | POLLOUT), POLLOUT);
        assert_eq!(p.master_poll_events() & (POLLIN | POLLHUP), 0);
        let mut sig = Vec::new();
        p.master_write(b"x\n", &mut sig).unwrap();
        assert_eq!(p.slave_poll_events() & POLLIN, POLLIN);
        assert_eq!(p.master_poll_events() & POLLIN, POLLIN, "the echo");
        p.close_slave();
        assert_eq!(p.master_poll_events() & POLLHUP, POLLHUP);
        let mut q = opened();
        q.close_master();
        assert_eq!(q.slave_poll_events() & POLLHUP, POLLHUP);
    }

    #[test]
    fn hangups() {
        let mut p = opened();
        p.slave_write(b"bye").unwrap();
        p.close_slave();
        let mut buf = [0u8; 8];
        assert_eq!(p.master_read(&mut buf), Ok(3), "data first");
        assert_eq!(p.master_read(&mut buf), Err(PtyError::Io));
        let mut q = opened();
        q.close_master();
        assert_eq!(q.slave_read(&mut buf), Ok(0));
        assert_eq!(q.slave_write(b"x"), Err(PtyError::Io));
        assert_eq!(Errno::from(PtyError::Io), Errno::EIO);
        assert_eq!(q.open_slave(), Err(Errno::EIO));
    }

    #[test]
    fn packet_mode_status_bytes() {
        let mut p = opened();
        p.set_packet(true);
        let mut buf = [0u8; 8];
        let mut sig = Vec::new();
        p.slave_write(b"hi").unwrap();
        assert_eq!(p.master_read(&mut buf), Ok(3));
        assert_eq!(&buf[..3], b"\0hi");
        p.flush_input();
        p.flush_output();
        assert_eq!(p.master_read(&mut buf), Ok(1));
        assert_eq!(buf[0], pkt::FLUSHREAD | pkt::FLUSHWRITE);
        // ^S then ^Q: the last change wins (pty_start clears STOP).
        p.master_write(b"\x13\x11", &mut sig).unwrap();
        assert_eq!(p.master_read(&mut buf), Ok(1));
        assert_eq!(buf[0], pkt::START);
        let mut t = *p.ldisc().termios();
        t.iflag &= !crate::abi::termios::iflag::IXON;
        p.set_termios(t, false);
        assert_eq!(
            p.master_poll_events() & crate::abi::flags::poll::POLLPRI,
            crate::abi::flags::poll::POLLPRI
        );
        assert_eq!(p.master_read(&mut buf), Ok(1));
        assert_eq!(buf[0], pkt::NOSTOP);
        assert_eq!(
            p.master_read(&mut buf),
            Err(PtyError::WouldBlock { timeout: None })
        );
        p.set_packet(false);
        p.flush_input();
        p.set_packet(true);
        assert_eq!(p.packet_status(), 0, "turning packet mode on forgets");
    }
}
