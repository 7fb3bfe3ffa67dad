//! Pseudo-terminal files: the master (`/dev/ptmx`) and the slave
//! (`/dev/pts/N`), over the pure [`crate::tty::Pty`] state machine.
//!
//! This module adds what the state machine leaves to the kernel: parking
//! (`Wait::Io`, `VTIME` deadlines), signals for the foreground process
//! group (`^C`, `^Z`, `^\`, SIGWINCH), job control on background access
//! (`tty::jobctl`), controlling terminals and the tty `ioctl`s. Sources:
//! Linux `drivers/tty/tty_io.c` (`tty_ioctl`, `tiocsctty`, `tiocspgrp`),
//! `tty_jobctrl.c`, `tty_ioctl.c` (`set_termios`), `pty.c` (`pty_unix98_ioctl`),
//! tty_ioctl(4), termios(3).

use super::{FileOps, synthetic};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::signal::{SIG_IGN, SIGCONT, SIGHUP, SIGTTOU};
use crate::abi::termios::{KTermio, KTermios, KTermios2, WinSize, cflag, ioctl, lflag};
use crate::error::{SysErr, SysResult, Wait};
use crate::task::{Pid, State};
use crate::tty::jobctl::{self, Caller, Verdict};
use crate::tty::{Pty, PtyError, Signal};
use std::cell::RefCell;
use std::rc::Rc;
use tabvm_fs::{DevNum, Metadata};

/// A shared pty pair.
pub type PtyRef = Rc<RefCell<Pty>>;

/// The device number of slave `n` (`/dev/pts/N`: major 136, devices.txt).
#[must_use]
pub fn slave_rdev(n: u32) -> DevNum {
    DevNum {
        major: 136 + n / 256,
        minor: n % 256,
    }
}

/// Largest single read or write moved through a terminal at once.
const IO_MAX: usize = 64 * 1024;

/// Sends `signo` to every process of group `pgrp`.
pub(crate) fn signal_group(k: &mut Kernel, pgrp: Pid, signo: u32) {
    let targets: Vec<Pid> = k
        .tasks
        .values()
        .filter(|t| t.is_leader() && t.pgid == pgrp && !matches!(t.state, State::Zombie(_)))
        .map(|t| t.tid)
        .collect();
    for t in targets {
        crate::signal::send_to_task(k, t, signo);
    }
}

/// Delivers the signals the line discipline raised to the foreground group.
fn raise(k: &mut Kernel, pty: &PtyRef, signals: &[Signal]) {
    if signals.is_empty() {
        return;
    }
    let Some(fg) = pty.borrow().foreground else {
        return;
    };
    for Signal(s) in signals {
        signal_group(k, fg, *s);
    }
}

/// Terminal input (a master write, or the host console): returns the bytes
/// consumed, raises signals and wakes readers.
pub(crate) fn input(k: &mut Kernel, pty: &PtyRef, data: &[u8]) -> Result<usize, PtyError> {
    let mut signals = Vec::new();
    let r = pty.borrow_mut().master_write(data, &mut signals);
    raise(k, pty, &signals);
    if r.is_ok() || !signals.is_empty() {
        k.wake(|w| w == Wait::Io);
    }
    r
}

/// Sets the window size; SIGWINCH to the foreground group on a change.
pub(crate) fn resize(k: &mut Kernel, pty: &PtyRef, ws: WinSize) {
    let sig = pty.borrow_mut().set_winsize(ws);
    if let Some(s) = sig {
        raise(k, pty, &[s]);
    }
}

/// Whether process group `pgrp` is orphaned (POSIX: no member has a
/// parent in another group of the same session).
fn orphaned(k: &Kernel, pgrp: Pid, sid: Pid) -> bool {
    !k.tasks.values().any(|t| {
        t.is_leader()
            && t.pgid == pgrp
            && !matches!(t.state, State::Zombie(_))
            && k.tasks
                .get(&t.ppid)
                .is_some_and(|p| p.pgid != pgrp && p.sid == sid)
    })
}

/// Whether `tid` ignores or blocks `signo`.
fn sig_ignored(k: &Kernel, tid: Pid, signo: u32) -> bool {
    k.tasks.get(&tid).is_some_and(|t| {
        t.sigmask.contains(signo) || t.sighand.borrow()[signo as usize - 1].handler == SIG_IGN
    })
}

/// The caller's relation to `pty`, for `jobctl`.
fn caller(k: &Kernel, tid: Pid, pty: &PtyRef) -> SysResult<Caller> {
    let task = k.task(tid)?;
    Ok(Caller {
        is_ctty: task.ctty.as_ref().is_some_and(|c| Rc::ptr_eq(c, pty)),
        pgrp: task.pgid,
        orphaned: orphaned(k, task.pgid, task.sid),
    })
}

/// Acts on a job-control verdict: the stop signal goes to the caller's
/// group and the call parks (`-ERESTARTSYS` in `__tty_check_change`). With
/// a handler, the handler runs and the call fails with `EINTR`, or under
/// `SA_RESTART` runs again (and signals again, as on Linux). With the
/// default action the group stops; SIGCONT (or a `tcsetpgrp`) wakes the
/// call to check again.
fn enforce(k: &mut Kernel, tid: Pid, v: Verdict) -> SysResult<()> {
    match v {
        Verdict::Allow => Ok(()),
        Verdict::Eio => Err(Errno::EIO.into()),
        Verdict::Stop(sig) => {
            let pgrp = k.task(tid)?.pgid;
            signal_group(k, pgrp, sig);
            Err(SysErr::Block(Wait::Io))
        }
    }
}

/// `tty_check_change` for a change to `pty` by `tid` (SIGTTOU).
fn check_change(k: &mut Kernel, tid: Pid, pty: &PtyRef) -> SysResult<()> {
    let c = caller(k, tid, pty)?;
    let fg = pty.borrow().foreground;
    let v = jobctl::check_change(c, fg, sig_ignored(k, tid, SIGTTOU));
    enforce(k, tid, v)
}

/// Makes `pty` the controlling terminal of `tid`'s session if `tid` leads a
/// session without one and the terminal has no session (`tty_open_proc_set_tty`).
pub(crate) fn maybe_acquire(k: &mut Kernel, tid: Pid, pty: &PtyRef) {
    let Some(task) = k.tasks.get(&tid) else {
        return;
    };
    let (tgid, sid, pgid) = (task.tgid, task.sid, task.pgid);
    if tgid != sid || task.ctty.is_some() || pty.borrow().session.is_some() {
        return;
    }
    set_ctty(k, tgid, sid, pgid, pty);
}

fn set_ctty(k: &mut Kernel, tgid: Pid, sid: Pid, pgid: Pid, pty: &PtyRef) {
    {
        let mut p = pty.borrow_mut();
        p.session = Some(sid);
        p.foreground = Some(pgid);
    }
    for t in k.tasks.values_mut().filter(|t| t.tgid == tgid) {
        t.ctty = Some(Rc::clone(pty));
    }
}

/// `setsid`/`TIOCNOTTY` by a session leader: every process of session `sid`
/// loses its controlling terminal (`disassociate_ctty`); the terminal
/// forgets the session and its foreground group.
pub(crate) fn disassociate(k: &mut Kernel, sid: Pid) {
    let mut ttys: Vec<PtyRef> = Vec::new();
    for t in k.tasks.values_mut().filter(|t| t.sid == sid) {
        if let Some(c) = t.ctty.take()
            && !ttys.iter().any(|x| Rc::ptr_eq(x, &c))
        {
            ttys.push(c);
        }
    }
    for pty in ttys {
        let mut p = pty.borrow_mut();
        if p.session == Some(sid) {
            p.session = None;
            p.foreground = None;
        }
    }
}

/// Delivers the hang-ups of ptys whose master closed (`pty_close` →
/// `tty_vhangup`, `tty_signal_session_leader`): the session leader gets
/// SIGHUP then SIGCONT and the session loses its controlling terminal;
/// slave reads then see end of file and writes `EIO`. Run after each
/// system call (a `Drop` cannot reach the tasks).
pub(crate) fn process_hangups(k: &mut Kernel) {
    for pty in k.ptys.take_hangups() {
        hang_up_session(k, &pty);
    }
}

/// The session side of a hang-up (`tty_signal_session_leader`): the
/// session's processes lose the terminal, which forgets the session and
/// its foreground group; the leader gets SIGHUP then SIGCONT.
fn hang_up_session(k: &mut Kernel, pty: &PtyRef) {
    {
        let Some(sid) = pty.borrow().session else {
            return;
        };
        for t in k.tasks.values_mut().filter(|t| t.sid == sid) {
            if t.ctty.as_ref().is_some_and(|c| Rc::ptr_eq(c, pty)) {
                t.ctty = None;
            }
        }
        {
            let mut p = pty.borrow_mut();
            p.session = None;
            p.foreground = None;
        }
        let leader = k
            .tasks
            .values()
            .find(|t| t.tgid == sid && t.is_leader() && !matches!(t.state, State::Zombie(_)))
            .map(|t| t.tid);
        if let Some(leader) = leader {
            crate::signal::send_to_task(k, leader, SIGHUP);
            crate::signal::send_to_task(k, leader, SIGCONT);
        }
        k.wake(|w| w == Wait::Io);
    }
}

/// `vhangup(2)`: hangs up the caller's controlling terminal (`EPERM`
/// without `CAP_SYS_TTY_CONFIG`, root here; nothing without a terminal).
pub(crate) fn vhangup(k: &mut Kernel, tid: Pid) -> SysResult {
    let task = k.task(tid)?;
    if task.creds.euid != 0 {
        return Err(Errno::EPERM.into());
    }
    let Some(pty) = task.ctty.clone() else {
        return Ok(0);
    };
    pty.borrow_mut().hang_up_slave();
    hang_up_session(k, &pty);
    k.wake(|w| w == Wait::Io);
    Ok(0)
}

/// A session leader with a controlling terminal exited (`disassociate_ctty(1)`
/// in `do_exit`): the terminal's foreground group gets SIGHUP, and the
/// session's processes lose the terminal. Run after each system call.
pub(crate) fn process_leader_exits(k: &mut Kernel) {
    let tasks = &k.tasks;
    let orphaned = k.ptys.take_orphaned(|sid| {
        tasks
            .get(&sid)
            .is_some_and(|t| t.tgid == sid && !matches!(t.state, State::Zombie(_)))
    });
    for (pty, fg) in orphaned {
        for t in k.tasks.values_mut() {
            if t.ctty.as_ref().is_some_and(|c| Rc::ptr_eq(c, &pty)) {
                t.ctty = None;
            }
        }
        // On exit a pty's group gets SIGHUP only (no SIGCONT: `on_exit`).
        if fg != 0 {
            signal_group(k, fg, SIGHUP);
        }
    }
}

/// One side of a pty pair.
pub struct PtyFile {
    pub pty: PtyRef,
    pub master: bool,
    /// Opened through this device inode (`/dev/tty`, `/dev/console`):
    /// `fstat` shows it, as Linux shows the inode the file was opened by.
    pub via: Option<crate::vfs::Fid>,
    /// The pty's `vhangup` count when this file was opened: a later one
    /// hangs the file up.
    opened_at: u32,
}

impl PtyFile {
    /// A new master (`open("/dev/ptmx")`).
    #[must_use]
    pub fn master(pty: PtyRef) -> PtyFile {
        PtyFile {
            pty,
            master: true,
            via: None,
            opened_at: 0,
        }
    }

    /// Opens the slave of `pty` (`EIO` while locked or hung up).
    pub fn open_slave(pty: &PtyRef) -> SysResult<PtyFile> {
        pty.borrow_mut().open_slave()?;
        Ok(PtyFile {
            pty: Rc::clone(pty),
            master: false,
            via: None,
            opened_at: pty.borrow().hangup_count(),
        })
    }

    /// A slave file hung up by the master's close or a `vhangup`: reads
    /// see end of file, writes and ioctls `EIO` (`hung_up_tty_fops`).
    fn hung_up(&self) -> bool {
        let p = self.pty.borrow();
        !self.master && (!p.master_open() || p.hangup_count() != self.opened_at)
    }

    /// A slave read; `nonblock`: under `O_NONBLOCK` (no `VMIN`/`VTIME` wait).
    fn read_slave(
        &self,
        k: &mut Kernel,
        tid: Pid,
        len: usize,
        nonblock: bool,
    ) -> SysResult<Vec<u8>> {
        if self.hung_up() {
            return Ok(Vec::new());
        }
        let c = caller(k, tid, &self.pty)?;
        let fg = self.pty.borrow().foreground;
        let v = jobctl::check_read(c, fg, sig_ignored(k, tid, crate::abi::signal::SIGTTIN));
        enforce(k, tid, v)?;
        let mut buf = vec![0; len.min(IO_MAX)];
        let r = if nonblock {
            self.pty.borrow_mut().slave_read_nonblocking(&mut buf)
        } else {
            self.pty.borrow_mut().slave_read(&mut buf)
        };
        match r {
            Ok(n) => {
                k.task_mut(tid)?.sleep_deadline = None;
                buf.truncate(n);
                // Room in the input buffer (a master writer may wait).
                k.wake(|w| w == Wait::Io);
                Ok(buf)
            }
            Err(PtyError::WouldBlock { timeout: Some(_) }) if nonblock => {
                Err(SysErr::Block(Wait::Io))
            }
            Err(PtyError::WouldBlock { timeout: Some(ds) }) => {
                // VTIME: wait at most ds tenths of a second (termios(3)).
                let now = k.host.monotonic_ns();
                let task = k.task_mut(tid)?;
                let deadline = *task
                    .sleep_deadline
                    .get_or_insert(now.saturating_add(u64::from(ds) * 100_000_000));
                if now < deadline {
                    return Err(SysErr::Block(Wait::Io));
                }
                task.sleep_deadline = None;
                let n = self.pty.borrow_mut().ldisc_mut().read_expired(&mut buf);
                buf.truncate(n);
                Ok(buf)
            }
            Err(PtyError::WouldBlock { timeout: None }) => Err(SysErr::Block(Wait::Io)),
            Err(PtyError::Io) => Err(Errno::EIO.into()),
        }
    }

    fn write_slave(&self, k: &mut Kernel, tid: Pid, data: &[u8]) -> SysResult<usize> {
        if self.hung_up() {
            return Err(Errno::EIO.into());
        }
        let c = caller(k, tid, &self.pty)?;
        let (fg, tostop) = {
            let p = self.pty.borrow();
            (p.foreground, p.ldisc().termios().lflag & lflag::TOSTOP != 0)
        };
        let v = jobctl::check_write(c, fg, tostop, sig_ignored(k, tid, SIGTTOU));
        enforce(k, tid, v)?;
        let r = self.pty.borrow_mut().slave_write(data);
        match r {
            Ok(n) => {
                k.wake(|w| w == Wait::Io);
                Ok(n)
            }
            Err(PtyError::WouldBlock { .. }) => Err(SysErr::Block(Wait::Io)),
            Err(PtyError::Io) => Err(Errno::EIO.into()),
        }
    }

    fn set_termios(&self, k: &mut Kernel, tid: Pid, t: KTermios, flush: bool) -> SysResult {
        check_change(k, tid, &self.pty)?;
        self.pty.borrow_mut().set_termios(t, flush);
        k.wake(|w| w == Wait::Io);
        Ok(0)
    }

    fn ctty_ioctl(&self, k: &mut Kernel, tid: Pid, cmd: u32, arg: u32) -> SysResult {
        let task = k.task(tid)?;
        let is_ctty = task.ctty.as_ref().is_some_and(|c| Rc::ptr_eq(c, &self.pty));
        let (tgid, sid, pgid) = (task.tgid, task.sid, task.pgid);
        match cmd {
            ioctl::TIOCGPGRP => {
                if !is_ctty && !self.master {
                    return Err(Errno::ENOTTY.into());
                }
                let fg = self.pty.borrow().foreground.unwrap_or(0);
                k.write_user_u32(tid, arg, fg)?;
                Ok(0)
            }
            ioctl::TIOCSPGRP => {
                if !is_ctty || self.pty.borrow().session != Some(sid) {
                    return Err(Errno::ENOTTY.into());
                }
                let want = k.read_user_u32(tid, arg)?;
                check_change(k, tid, &self.pty)?;
                if (want as i32) < 0 {
                    return Err(Errno::EINVAL.into());
                }
                let group: Vec<Pid> = k
                    .tasks
                    .values()
                    .filter(|t| t.pgid == want && !matches!(t.state, State::Zombie(_)))
                    .map(|t| t.sid)
                    .collect();
                if group.is_empty() {
                    return Err(Errno::ESRCH.into());
                }
                if group.iter().any(|s| *s != sid) {
                    return Err(Errno::EPERM.into());
                }
                self.pty.borrow_mut().foreground = Some(want);
                k.wake(|w| w == Wait::Io);
                Ok(0)
            }
            ioctl::TIOCGSID => {
                if !is_ctty && !self.master {
                    return Err(Errno::ENOTTY.into());
                }
                let s = self
                    .pty
                    .borrow()
                    .session
                    .ok_or(SysErr::Errno(Errno::ENOTTY))?;
                k.write_user_u32(tid, arg, s)?;
                Ok(0)
            }
            ioctl::TIOCSCTTY => {
                if is_ctty {
                    return Ok(0);
                }
                if tgid != sid || k.task(tid)?.ctty.is_some() {
                    return Err(Errno::EPERM.into());
                }
                let owner = self.pty.borrow().session;
                if let Some(other) = owner {
                    // Stealing needs arg 1 and CAP_SYS_ADMIN (root here).
                    if arg != 1 || k.task(tid)?.creds.euid != 0 {
                        return Err(Errno::EPERM.into());
                    }
                    for t in k.tasks.values_mut().filter(|t| t.sid == other) {
                        if t.ctty.as_ref().is_some_and(|c| Rc::ptr_eq(c, &self.pty)) {
                            t.ctty = None;
                        }
                    }
                }
                set_ctty(k, tgid, sid, pgid, &self.pty);
                Ok(0)
            }
            ioctl::TIOCNOTTY => {
                if !is_ctty {
                    return Err(Errno::ENOTTY.into());
                }
                if tgid == sid {
                    let fg = self.pty.borrow().foreground;
                    if let Some(fg) = fg {
                        signal_group(k, fg, SIGHUP);
                        signal_group(k, fg, SIGCONT);
                    }
                    disassociate(k, sid);
                } else {
                    for t in k.tasks.values_mut().filter(|t| t.tgid == tgid) {
                        t.ctty = None;
                    }
                }
                Ok(0)
            }
            _ => Err(Errno::ENOTTY.into()),
        }
    }
}

impl PtyFile {
    /// `TIOCGPTPEER` (`ptm_open_peer`): a new descriptor for the slave,
    /// opened with `flags` (access mode, `O_NOCTTY`, `O_NONBLOCK`,
    /// `O_CLOEXEC`); `EIO` while the pair is locked.
    fn open_peer(&self, k: &mut Kernel, tid: Pid, flags: u32) -> SysResult {
        use crate::abi::flags::open::{O_ACCMODE, O_CLOEXEC, O_NOCTTY, O_NONBLOCK};
        let file = PtyFile::open_slave(&self.pty)?;
        if flags & O_NOCTTY == 0 {
            maybe_acquire(k, tid, &self.pty);
        }
        let path = format!("/dev/pts/{}", self.pty.borrow().index).into_bytes();
        let open = super::OpenFile::new(
            Rc::new(file),
            flags & (O_ACCMODE | O_NONBLOCK | O_NOCTTY),
            &path,
        );
        crate::syscall::install(k, tid, open, flags & O_CLOEXEC != 0)
    }
}

impl Drop for PtyFile {
    fn drop(&mut self) {
        // The closing syscall wakes waiters (`close` wakes `Wait::Io`).
        let mut p = self.pty.borrow_mut();
        if self.master {
            // Hang-up signals need the kernel; readers see EOF/EIO instead.
            let _ = p.close_master();
        } else {
            p.close_slave();
        }
    }
}

impl FileOps for PtyFile {
    fn signals_io(&self) -> bool {
        true
    }

    fn read(&self, k: &mut Kernel, tid: Pid, len: usize, _: u64) -> SysResult<Vec<u8>> {
        if len == 0 {
            return Ok(Vec::new());
        }
        if !self.master {
            return self.read_slave(k, tid, len, false);
        }
        let mut buf = vec![0; len.min(IO_MAX)];
        let r = self.pty.borrow_mut().master_read(&mut buf);
        match r {
            Ok(n) => {
                buf.truncate(n);
                k.wake(|w| w == Wait::Io);
                Ok(buf)
            }
            Err(PtyError::WouldBlock { .. }) => Err(SysErr::Block(Wait::Io)),
            Err(PtyError::Io) => Err(Errno::EIO.into()),
        }
    }

    fn read_nonblocking(
        &self,
        k: &mut Kernel,
        tid: Pid,
        len: usize,
        pos: u64,
    ) -> SysResult<Vec<u8>> {
        if len == 0 || self.master {
            return self.read(k, tid, len, pos);
        }
        self.read_slave(k, tid, len, true)
    }

    fn write(
        &self,
        k: &mut Kernel,
        tid: Pid,
        data: &[u8],
        pos: u64,
        _: bool,
    ) -> SysResult<(usize, u64)> {
        if data.is_empty() {
            return Ok((0, pos));
        }
        let data = &data[..data.len().min(IO_MAX)];
        if !self.master {
            return Ok((self.write_slave(k, tid, data)?, pos));
        }
        match input(k, &self.pty, data) {
            Ok(n) => Ok((n, pos)),
            Err(PtyError::WouldBlock { .. }) => Err(SysErr::Block(Wait::Io)),
            Err(PtyError::Io) => Err(Errno::EIO.into()),
        }
    }

    fn st_dev(&self, k: &Kernel) -> (u32, u32) {
        // devpts (`crate::syscall::fs::node_dev`), unless opened by a node
        // of a real file system (`/dev/tty`, `/dev/console`).
        self.via.map_or((0, 22), |fid| k.fs.mount(fid).dev)
    }

    fn stat(&self, k: &mut Kernel) -> SysResult<Metadata> {
        if let Some(ino) = self.via {
            return Ok(k.fs.getattr(ino)?);
        }
        let index = self.pty.borrow().index;
        // As `stat("/dev/pts/N")` shows it: `ttyname` compares the two.
        let mut m = if self.master {
            let mut m = synthetic(0o020_666, 0);
            m.rdev = DevNum { major: 5, minor: 2 };
            m
        } else {
            crate::devpts::metadata(crate::devpts::PtsNode::Slave(index))
        };
        m.blksize = 1024;
        Ok(m)
    }

    fn poll(&self, _: &Kernel) -> u16 {
        use crate::abi::flags::poll::{POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM};
        if self.hung_up() {
            return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLHUP | POLLERR;
        }
        let p = self.pty.borrow();
        if self.master {
            p.master_poll_events()
        } else {
            p.slave_poll_events()
        }
    }

    fn ioctl(&self, k: &mut Kernel, tid: Pid, cmd: u32, arg: u32) -> SysResult {
        if self.hung_up() {
            // A hung-up file (`hung_up_tty_ioctl`).
            return Err(if cmd == ioctl::TIOCSPGRP {
                Errno::ENOTTY
            } else {
                Errno::EIO
            }
            .into());
        }
        match cmd {
            ioctl::TCGETS => {
                let t = *self.pty.borrow().ldisc().termios();
                k.write_user(tid, arg, &t.to_bytes())?;
                Ok(0)
            }
            ioctl::TCSETS | ioctl::TCSETSW | ioctl::TCSETSF => {
                let bytes = k.read_user(tid, arg, KTermios::SIZE)?;
                let t = KTermios::parse(&bytes).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
                self.set_termios(k, tid, t, cmd == ioctl::TCSETSF)
            }
            ioctl::TCGETS2 => {
                let t = *self.pty.borrow().ldisc().termios();
                let speed = cflag::baud_rate(t.cflag);
                let t2 = KTermios2 {
                    iflag: t.iflag,
                    oflag: t.oflag,
                    cflag: t.cflag,
                    lflag: t.lflag,
                    line: t.line,
                    cc: t.cc,
                    ispeed: speed,
                    ospeed: speed,
                };
                k.write_user(tid, arg, &t2.to_bytes())?;
                Ok(0)
            }
            ioctl::TCSETS2 | ioctl::TCSETSW2 | ioctl::TCSETSF2 => {
                let bytes = k.read_user(tid, arg, KTermios2::SIZE)?;
                let t2 = KTermios2::parse(&bytes).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
                let t = KTermios {
                    iflag: t2.iflag,
                    oflag: t2.oflag,
                    cflag: t2.cflag,
                    lflag: t2.lflag,
                    line: t2.line,
                    cc: t2.cc,
                };
                self.set_termios(k, tid, t, cmd == ioctl::TCSETSF2)
            }
            ioctl::TCGETA => {
                let t = KTermio::from_termios(self.pty.borrow().ldisc().termios());
                k.write_user(tid, arg, &t.to_bytes())?;
                Ok(0)
            }
            ioctl::TCSETA | ioctl::TCSETAW | ioctl::TCSETAF => {
                let bytes = k.read_user(tid, arg, KTermio::SIZE)?;
                let old = KTermio::parse(&bytes).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
                let t = old.apply(self.pty.borrow().ldisc().termios());
                self.set_termios(k, tid, t, cmd == ioctl::TCSETAF)
            }
            ioctl::TIOCGWINSZ => {
                let ws = self.pty.borrow().ldisc().winsize();
                k.write_user(tid, arg, &ws.to_bytes())?;
                Ok(0)
            }
            ioctl::TIOCSWINSZ => {
                let bytes = k.read_user(tid, arg, WinSize::SIZE)?;
                let ws = WinSize::parse(&bytes).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
                resize(k, &self.pty, ws);
                Ok(0)
            }
            ioctl::FIONREAD => {
                let p = self.pty.borrow();
                let n = if self.master {
                    p.ldisc().output_len()
                } else {
                    p.ldisc().input_len()
                };
                drop(p);
                k.write_user_u32(tid, arg, u32::try_from(n).unwrap_or(u32::MAX))?;
                Ok(0)
            }
            ioctl::TIOCOUTQ => {
                // A pty's output goes straight to the other side's buffer:
                // nothing waits in the driver (`pty_chars_in_buffer`).
                k.write_user_u32(tid, arg, 0)?;
                Ok(0)
            }
            ioctl::TCFLSH => {
                if !self.master {
                    check_change(k, tid, &self.pty)?;
                }
                let mut p = self.pty.borrow_mut();
                let (input, output) = match arg {
                    crate::abi::termios::TCIFLUSH => (true, false),
                    crate::abi::termios::TCOFLUSH => (false, true),
                    crate::abi::termios::TCIOFLUSH => (true, true),
                    _ => return Err(Errno::EINVAL.into()),
                };
                if self.master {
                    // `tty_perform_flush` on the master itself: its input
                    // is what the slave wrote; its output goes straight
                    // into the slave's line discipline (nothing to drop).
                    if input {
                        p.ldisc_mut().flush_output();
                    }
                } else {
                    if input {
                        p.flush_input();
                    }
                    if output {
                        p.flush_output();
                    }
                }
                drop(p);
                k.wake(|w| w == Wait::Io);
                Ok(0)
            }
            ioctl::TCXONC => {
                if !self.master {
                    check_change(k, tid, &self.pty)?;
                }
                match arg {
                    crate::abi::termios::TCOOFF => {
                        self.pty.borrow_mut().ldisc_mut().set_stopped(true);
                    }
                    crate::abi::termios::TCOON => {
                        self.pty.borrow_mut().ldisc_mut().set_stopped(false);
                    }
                    // Input flow control sends STOP/START characters a pty ignores.
                    crate::abi::termios::TCIOFF | crate::abi::termios::TCION => {}
                    _ => return Err(Errno::EINVAL.into()),
                }
                k.wake(|w| w == Wait::Io);
                Ok(0)
            }
            ioctl::TCSBRK | ioctl::TCSBRKP | ioctl::TIOCSBRK | ioctl::TIOCCBRK => Ok(0),
            ioctl::TIOCGPTN if self.master => {
                let n = self.pty.borrow().index;
                k.write_user_u32(tid, arg, n)?;
                Ok(0)
            }
            ioctl::TIOCSPTLCK if self.master => {
                let v = k.read_user_u32(tid, arg)?;
                self.pty.borrow_mut().set_locked(v != 0);
                Ok(0)
            }
            ioctl::TIOCGPTLCK if self.master => {
                let v = u32::from(self.pty.borrow().is_locked());
                k.write_user_u32(tid, arg, v)?;
                Ok(0)
            }
            ioctl::TIOCGPKT if self.master => {
                let v = u32::from(self.pty.borrow().packet());
                k.write_user_u32(tid, arg, v)?;
                Ok(0)
            }
            ioctl::TIOCPKT if self.master => {
                let on = k.read_user_u32(tid, arg)? != 0;
                self.pty.borrow_mut().set_packet(on);
                Ok(0)
            }
            ioctl::TIOCSTI if self.master => {
                // `tiocsti` feeds the master's own line discipline, which
                // is raw: the master reads the byte back.
                let c = k.read_user(tid, arg, 1)?;
                self.pty.borrow_mut().ldisc_mut().inject_output(&c);
                k.wake(|w| w == Wait::Io);
                Ok(0)
            }
            ioctl::TIOCGPTPEER if self.master => self.open_peer(k, tid, arg),
            ioctl::TIOCGPTPEER => Err(Errno::EIO.into()),
            ioctl::TIOCSTI => {
                let c = k.read_user(tid, arg, 1)?;
                if !k
                    .task(tid)?
                    .ctty
                    .as_ref()
                    .is_some_and(|x| Rc::ptr_eq(x, &self.pty))
                    && k.task(tid)?.creds.euid != 0
                {
                    return Err(Errno::EPERM.into());
                }
                let mut signals = Vec::new();
                self.pty.borrow_mut().ldisc_mut().receive(&c, &mut signals);
                raise(k, &self.pty, &signals);
                k.wake(|w| w == Wait::Io);
                Ok(0)
            }
            ioctl::TIOCGETD => {
                k.write_user_u32(tid, arg, 0)?;
                Ok(0)
            }
            ioctl::TIOCSETD => {
                if k.read_user_u32(tid, arg)? == 0 {
                    Ok(0)
                } else {
                    Err(Errno::EINVAL.into())
                }
            }
            ioctl::TIOCEXCL | ioctl::TIOCNXCL => Ok(0),
            ioctl::TIOCGPGRP
            | ioctl::TIOCSPGRP
            | ioctl::TIOCGSID
            | ioctl::TIOCSCTTY
            | ioctl::TIOCNOTTY => self.ctty_ioctl(k, tid, cmd, arg),
            _ => Err(Errno::ENOTTY.into()),
        }
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}
