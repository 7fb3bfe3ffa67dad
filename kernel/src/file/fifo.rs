//! Named pipes (fifo(7)): one [`Pipe`] per FIFO inode, shared by every
//! process that opens it.
//!
//! Opening follows Linux `fs/pipe.c::fifo_open`: `O_RDONLY` waits until a
//! writer has opened, `O_WRONLY` until a reader has (`O_NONBLOCK`: a reader
//! succeeds at once, a writer fails with `ENXIO` when no reader is there),
//! `O_RDWR` never waits. Linux counts a waiting opener as a reader or writer
//! while it waits and keeps per-side open counters (`r_counter`,
//! `w_counter`), so that a partner that opens and closes at once still
//! releases the waiter.
//!
//! Here a waiting open is a parked system call that reruns from the start
//! when woken (DESIGN.md, decision 3), so a waiter is not a count but a
//! record of the parked call ([`Call`]: the task and its registers at the
//! `int 0x80`). It counts for the other side only while that task is still
//! parked in that very call: a signal handler running in it (its `eip`
//! moves) or an `EINTR` return (its `eax` changes) or its death end the
//! count without anyone having to undo it, exactly when Linux's
//! `wait_for_partner` would have dropped it. When the call reruns it finds
//! its own record (no second count) and the counter it saw first.
//!
//! The buffer's data lives as long as someone has the FIFO open or waits
//! to; the next opener after that finds it empty (Linux frees the pipe
//! with its last file).

use super::FileOps;
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::open::{O_ACCMODE, O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY};
use crate::abi::flags::poll::{POLLERR, POLLHUP};
use crate::abi::termios::ioctl::FIONREAD;
use crate::error::{SysErr, SysResult, Wait};
use crate::pipe::Pipe;
use crate::task::{Pid, State};
use crate::vfs::{Fid, InodeRef};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use tabvm_fs::{FileType, Metadata};

/// The FIFOs opened or being opened, by inode ([`Kernel`] owns one).
#[derive(Default)]
pub struct Fifos(BTreeMap<Fid, Rc<Fifo>>);

/// One FIFO: its pipe, how often each side was opened, and the opens
/// waiting for a partner.
pub struct Fifo {
    pipe: Rc<RefCell<Pipe>>,
    /// Opens so far of the read side and of the write side (Linux's
    /// `r_counter` and `w_counter`; they wrap).
    opened: Cell<[u32; 2]>,
    waiters: RefCell<Vec<Waiter>>,
}

/// One side of a FIFO, as an index into [`Fifo::opened`].
const READ: usize = 0;
const WRITE: usize = 1;

/// A system call in progress: the task, and its registers and `eip` as
/// the handler sees them (`eip` past the `int 0x80`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Call {
    tid: Pid,
    regs: [u32; 8],
    eip: u32,
}

impl Call {
    /// The call `tid` is making now.
    fn current(k: &Kernel, tid: Pid) -> SysResult<Call> {
        let task = k.task(tid)?;
        Ok(Call {
            tid,
            regs: task.cpu.regs,
            eip: task.cpu.eip,
        })
    }

    /// Whether the task is still in this call, parked or woken but not yet
    /// rerun: a parked call's `eip` is back on its `int 0x80` (two bytes),
    /// the registers untouched. A handler frame, a return (EINTR) or an
    /// exit changes them.
    fn in_progress(&self, k: &Kernel) -> bool {
        k.tasks.get(&self.tid).is_some_and(|t| {
            !matches!(t.state, State::Zombie(_))
                && t.cpu.regs == self.regs
                && t.cpu.eip.wrapping_add(2) == self.eip
        })
    }
}

/// An open parked until a partner comes.
#[derive(Clone, Copy, Debug)]
struct Waiter {
    call: Call,
    /// Which side it opens ([`READ`] or [`WRITE`]).
    side: usize,
    /// The other side's open counter when the call first ran.
    seen: u32,
}

impl Fifo {
    fn new() -> Fifo {
        Fifo {
            pipe: Rc::new(RefCell::new(Pipe::new_fifo())),
            opened: Cell::new([0, 0]),
            waiters: RefCell::new(Vec::new()),
        }
    }

    /// Drops the records of calls no longer waiting, but `me` (the call
    /// running now, which does not look parked to [`Call::in_progress`]).
    fn prune(&self, k: &Kernel, me: Option<&Call>) {
        self.waiters
            .borrow_mut()
            .retain(|w| Some(&w.call) == me || w.call.in_progress(k));
    }

    /// Opens of `side` waiting now, other than the running call.
    fn waiting(&self, k: &Kernel, side: usize) -> u32 {
        let count = self
            .waiters
            .borrow()
            .iter()
            .filter(|w| w.side == side && w.call.in_progress(k))
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// Open ends of `side` plus the opens of it waiting (what Linux's
    /// `pipe->readers` / `pipe->writers` count).
    fn count(&self, k: &Kernel, side: usize) -> u32 {
        let pipe = self.pipe.borrow();
        let open = if side == READ {
            pipe.readers()
        } else {
            pipe.writers()
        };
        open.saturating_add(self.waiting(k, side))
    }

    fn bump(&self, side: usize) {
        let mut opened = self.opened.get();
        opened[side] = opened[side].wrapping_add(1);
        self.opened.set(opened);
    }

    /// The other side's counter as the open of `side` first saw it: a
    /// rerun's record has it; a first run counts itself and reads it.
    fn start(&self, rerun: Option<Waiter>, side: usize) -> u32 {
        if let Some(w) = rerun {
            return w.seen;
        }
        self.bump(side);
        self.opened.get()[1 - side]
    }

    fn find(&self, call: &Call, side: usize) -> Option<Waiter> {
        self.waiters
            .borrow()
            .iter()
            .find(|w| w.call == *call && w.side == side)
            .copied()
    }

    fn forget(&self, call: &Call) {
        self.waiters.borrow_mut().retain(|w| w.call != *call);
    }
}

/// Opens the FIFO `fid` with the open(2) `flags` for `tid` (fifo(7)):
/// the open end, or a wait for a partner (`SysErr::Block(Wait::Io)`).
pub fn open(k: &mut Kernel, tid: Pid, fid: Fid, flags: u32) -> SysResult<Rc<dyn FileOps>> {
    let call = Call::current(k, tid)?;
    let fifo = lookup(k, fid, &call);
    let nonblock = flags & O_NONBLOCK != 0;
    let (read, write, hup_after) = match flags & O_ACCMODE {
        O_RDONLY => {
            let seen = fifo.start(fifo.find(&call, READ), READ);
            let writers = fifo.count(k, WRITE);
            let partner_came = fifo.opened.get()[WRITE] != seen;
            if writers == 0 && !nonblock && !partner_came {
                park(&fifo, call, READ, seen);
                return Err(SysErr::Block(Wait::Io));
            }
            // A non-blocking reader that found no writer sees no hang-up
            // until one has come (`pipe_poll`'s `f_pipe` check).
            let hup_after = (writers == 0 && !partner_came).then_some(seen);
            (true, false, hup_after)
        }
        O_WRONLY => {
            let waiting = fifo.find(&call, WRITE);
            let readers = fifo.count(k, READ);
            if waiting.is_none() && nonblock && readers == 0 {
                return Err(Errno::ENXIO.into());
            }
            let seen = fifo.start(waiting, WRITE);
            if readers == 0 && fifo.opened.get()[READ] == seen {
                park(&fifo, call, WRITE, seen);
                return Err(SysErr::Block(Wait::Io));
            }
            (false, true, None)
        }
        O_RDWR => {
            fifo.bump(READ);
            fifo.bump(WRITE);
            (true, true, None)
        }
        _ => return Err(Errno::EINVAL.into()),
    };
    fifo.forget(&call);
    {
        let mut pipe = fifo.pipe.borrow_mut();
        if read {
            pipe.open_reader();
        }
        if write {
            pipe.open_writer();
        }
    }
    let hold = crate::vfs::hold(k, fid);
    // A partner parked in its own open may go on now.
    k.wake(|w| w == Wait::Io);
    Ok(Rc::new(FifoEnd {
        fifo,
        fid,
        read,
        write,
        hup_after,
        _hold: hold,
    }))
}

/// Records `call` as waiting to open `side` (once: a rerun finds it).
fn park(fifo: &Fifo, call: Call, side: usize, seen: u32) {
    if fifo.find(&call, side).is_none() {
        fifo.waiters.borrow_mut().push(Waiter { call, side, seen });
    }
}

/// The FIFO of `fid`, made afresh if nobody has it open or waits to (its
/// old data is gone); FIFOs left unused are dropped on the way.
fn lookup(k: &mut Kernel, fid: Fid, call: &Call) -> Rc<Fifo> {
    let mut fifos = std::mem::take(&mut k.fifos.0);
    for fifo in fifos.values() {
        fifo.prune(k, Some(call));
    }
    fifos.retain(|f, fifo| {
        *f == fid || Rc::strong_count(fifo) > 1 || !fifo.waiters.borrow().is_empty()
    });
    let fifo = match fifos.get(&fid) {
        Some(fifo) if Rc::strong_count(fifo) > 1 || !fifo.waiters.borrow().is_empty() => {
            Rc::clone(fifo)
        }
        _ => {
            let fifo = Rc::new(Fifo::new());
            fifos.insert(fid, Rc::clone(&fifo));
            fifo
        }
    };
    k.fifos.0 = fifos;
    fifo
}

/// An open FIFO: a read end, a write end, or both (`O_RDWR`).
pub struct FifoEnd {
    fifo: Rc<Fifo>,
    fid: Fid,
    read: bool,
    write: bool,
    /// No POLLHUP while the write-side counter is still this.
    hup_after: Option<u32>,
    /// Keeps the inode alive while open, even if unlinked.
    _hold: Rc<InodeRef>,
}

impl Drop for FifoEnd {
    fn drop(&mut self) {
        let mut pipe = self.fifo.pipe.borrow_mut();
        if self.read {
            pipe.close_reader();
        }
        if self.write {
            pipe.close_writer();
        }
    }
}

impl FileOps for FifoEnd {
    fn signals_io(&self) -> bool {
        true
    }

    fn read(&self, k: &mut Kernel, _: Pid, len: usize, _: u64) -> SysResult<Vec<u8>> {
        if !self.read {
            return Err(Errno::EBADF.into());
        }
        // A writer parked in its open counts: no end of file yet.
        let parked_writer =
            self.fifo.pipe.borrow().writers() == 0 && self.fifo.waiting(k, WRITE) > 0;
        let mut buf = vec![0; len.min(crate::pipe::MAX_CAPACITY)];
        let result = {
            let mut pipe = self.fifo.pipe.borrow_mut();
            if parked_writer {
                pipe.open_writer();
            }
            let result = pipe.read(&mut buf);
            if parked_writer {
                pipe.close_writer();
            }
            result
        };
        super::pipe::read_done(k, buf, result)
    }

    fn write(
        &self,
        k: &mut Kernel,
        tid: Pid,
        data: &[u8],
        pos: u64,
        _: bool,
    ) -> SysResult<(usize, u64)> {
        if !self.write {
            return Err(Errno::EBADF.into());
        }
        // A reader parked in its open counts: no EPIPE.
        let parked_reader =
            self.fifo.pipe.borrow().readers() == 0 && self.fifo.waiting(k, READ) > 0;
        let result = {
            let mut pipe = self.fifo.pipe.borrow_mut();
            if parked_reader {
                pipe.open_reader();
            }
            let result = pipe.write(data);
            if parked_reader {
                pipe.close_reader();
            }
            result
        };
        super::pipe::write_done(k, tid, pos, result)
    }

    fn stat(&self, k: &mut Kernel) -> SysResult<Metadata> {
        Ok(k.fs.getattr(self.fid)?)
    }

    /// `pipe_poll`: a reader sees data and, once no writer is left, a
    /// hang-up; a writer sees room and, with no reader, an error.
    fn poll(&self, k: &Kernel) -> u16 {
        let pipe = self.fifo.pipe.borrow();
        let mut ev = 0;
        if self.read {
            ev |= pipe.poll_reader() & !POLLHUP;
            let no_writer = self.fifo.count(k, WRITE) == 0;
            if no_writer && self.hup_after != Some(self.fifo.opened.get()[WRITE]) {
                ev |= POLLHUP;
            }
        }
        if self.write {
            ev |= pipe.poll_writer() & !POLLERR;
            if self.fifo.count(k, READ) == 0 {
                ev |= POLLERR;
            }
        }
        ev
    }

    fn ioctl(&self, k: &mut Kernel, tid: Pid, cmd: u32, arg: u32) -> SysResult {
        if cmd == FIONREAD {
            let n = self.fifo.pipe.borrow().available() as u32;
            k.write_user_u32(tid, arg, n)?;
            return Ok(0);
        }
        Err(Errno::ENOTTY.into())
    }

    fn inode(&self) -> Option<(Fid, FileType)> {
        Some((self.fid, FileType::Fifo))
    }

    fn pipe(&self) -> Option<&Rc<RefCell<Pipe>>> {
        Some(&self.fifo.pipe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(tid: Pid, ebx: u32) -> Call {
        Call {
            tid,
            regs: [5, 0, 0, ebx, 0, 0, 0, 0],
            eip: 0x1002,
        }
    }

    #[test]
    fn a_first_run_counts_itself_and_a_rerun_does_not() {
        let fifo = Fifo::new();
        let reader = call(2, 0x100);
        let seen = fifo.start(fifo.find(&reader, READ), READ);
        assert_eq!((seen, fifo.opened.get()), (0, [1, 0]));
        park(&fifo, reader, READ, seen);
        // A writer opens and leaves again before the reader reruns.
        let seen_w = fifo.start(None, WRITE);
        assert_eq!((seen_w, fifo.opened.get()), (1, [1, 1]));
        let rerun = fifo.find(&reader, READ);
        assert_eq!(rerun.map(|w| w.seen), Some(0), "the counter it saw first");
        assert_eq!(fifo.start(rerun, READ), 0);
        assert_eq!(fifo.opened.get(), [1, 1], "no second count");
        assert_ne!(
            fifo.opened.get()[WRITE],
            0,
            "so the partner is seen to have come"
        );
    }

    #[test]
    fn a_call_is_recorded_once_per_side_and_forgotten() {
        let fifo = Fifo::new();
        let a = call(2, 0x100);
        let b = call(2, 0x200);
        park(&fifo, a, READ, 0);
        park(&fifo, a, READ, 7);
        park(&fifo, b, WRITE, 0);
        assert_eq!(fifo.waiters.borrow().len(), 2);
        assert_eq!(fifo.find(&a, READ).map(|w| w.seen), Some(0));
        assert!(fifo.find(&a, WRITE).is_none(), "other side");
        assert!(fifo.find(&b, WRITE).is_some());
        fifo.forget(&a);
        assert!(fifo.find(&a, READ).is_none());
        assert_eq!(fifo.waiters.borrow().len(), 1);
    }

    #[test]
    fn counters_wrap() {
        let fifo = Fifo::new();
        fifo.opened.set([u32::MAX, 0]);
        fifo.bump(READ);
        assert_eq!(fifo.opened.get(), [0, 0]);
    }
}
