//! The pipe buffer: a pure data structure behind `pipe2(2)` and FIFOs.
//!
//! Nothing here blocks or knows about tasks: operations that would block
//! return [`PipeError::WouldBlock`] and the caller parks the task on the
//! pipe's wait queue and restarts the system call when woken (DESIGN.md,
//! decision 3). A write with no reader returns [`PipeError::BrokenPipe`]:
//! the caller raises SIGPIPE on the writer and returns EPIPE.
//!
//! Semantics from pipe(7) and Linux `fs/pipe.c`: capacity 64 KiB by default
//! (16 pages), writes of at most `PIPE_BUF` bytes are atomic (all or
//! nothing), larger writes may be partial, reads return what is there,
//! end of file when the buffer is empty and no writer remains.

use std::collections::VecDeque;

use crate::abi::Errno;
use crate::abi::flags::poll::{POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM};

/// Writes up to this many bytes are atomic (pipe(7)).
pub const PIPE_BUF: usize = 4096;
/// Default capacity: 16 pages (`PIPE_DEF_BUFFERS`).
pub const DEFAULT_CAPACITY: usize = 16 * 4096;
/// Largest capacity an unprivileged `F_SETPIPE_SZ` may ask for
/// (`/proc/sys/fs/pipe-max-size` default).
pub const MAX_CAPACITY: usize = 1 << 20;
/// Largest capacity even a privileged `F_SETPIPE_SZ` gets (`EPERM` past
/// it, as when Linux's per-user pipe page limit is hit): pipe contents are
/// host memory outside the guest's memory limit.
pub const HARD_MAX_CAPACITY: usize = 16 << 20;

/// Why a pipe operation did not transfer data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PipeError {
    /// Nothing can be transferred now; park (or EAGAIN for O_NONBLOCK).
    WouldBlock,
    /// Write with no reader left: SIGPIPE and EPIPE.
    BrokenPipe,
}

impl From<PipeError> for Errno {
    fn from(e: PipeError) -> Errno {
        match e {
            PipeError::WouldBlock => Errno::EAGAIN,
            PipeError::BrokenPipe => Errno::EPIPE,
        }
    }
}

/// A pipe: a ring of page buffers, and the number of open read and write ends.
///
/// Like Linux (`struct pipe_inode_info`), the buffer is a ring of up to
/// `slots` pages: a write first merges its tail (`len % 4096` bytes) into
/// the last page if that fits, then fills fresh pages; a page is freed
/// when read empty. So "full" means no free slot, and how much a write
/// takes depends on page boundaries exactly as on Linux.
#[derive(Debug)]
pub struct Pipe {
    pages: VecDeque<Vec<u8>>,
    /// Read offset into the first page.
    head_off: usize,
    slots: usize,
    readers: u32,
    writers: u32,
    /// Wake-ups given to readers and to writers so far (see
    /// [`Pipe::wakeups`]).
    wakeups: [u64; 2],
}

impl Default for Pipe {
    fn default() -> Self {
        Pipe::new()
    }
}

const PAGE: usize = 4096;

impl Pipe {
    /// A new pipe with one reader and one writer, as `pipe2` creates it.
    #[must_use]
    pub fn new() -> Pipe {
        Pipe {
            pages: VecDeque::new(),
            head_off: 0,
            slots: DEFAULT_CAPACITY / PAGE,
            readers: 1,
            writers: 1,
            wakeups: [0; 2],
        }
    }

    /// A FIFO's pipe before anyone opened it: no readers, no writers.
    #[must_use]
    pub fn new_fifo() -> Pipe {
        Pipe {
            readers: 0,
            writers: 0,
            ..Pipe::new()
        }
    }

    /// Reads up to `out.len()` bytes. `Ok(0)` is end of file (empty, no
    /// writers) or a zero-length read.
    pub fn read(&mut self, out: &mut [u8]) -> Result<usize, PipeError> {
        if out.is_empty() {
            return Ok(0);
        }
        if self.pages.is_empty() {
            return if self.writers == 0 {
                Ok(0)
            } else {
                Err(PipeError::WouldBlock)
            };
        }
        let was_full = !self.has_free_slot();
        let mut n = 0;
        while n < out.len() {
            let Some(page) = self.pages.front() else {
                break;
            };
            let chunk = &page[self.head_off..];
            let take = chunk.len().min(out.len() - n);
            out[n..n + take].copy_from_slice(&chunk[..take]);
            n += take;
            self.head_off += take;
            if self.head_off == page.len() {
                self.pages.pop_front();
                self.head_off = 0;
            }
        }
        if was_full && self.has_free_slot() {
            self.wake_writers();
        }
        Ok(n)
    }

    /// Copies up to `out.len()` bytes without consuming them (`tee`, peeking).
    #[must_use]
    pub fn peek(&self, out: &mut [u8]) -> usize {
        let mut n = 0;
        let mut off = self.head_off;
        for page in &self.pages {
            let chunk = &page[off..];
            let take = chunk.len().min(out.len() - n);
            out[n..n + take].copy_from_slice(&chunk[..take]);
            n += take;
            off = 0;
            if n == out.len() {
                break;
            }
        }
        n
    }

    /// Writes `data` (`pipe_write`). At most `PIPE_BUF` bytes: all or
    /// [`PipeError::WouldBlock`] (they fit in the last page or one free
    /// slot). More: as many pages as there are free slots (a partial
    /// count), or `WouldBlock` if nothing fits; a blocking caller writes
    /// the rest after waking, as Linux does.
    pub fn write(&mut self, data: &[u8]) -> Result<usize, PipeError> {
        // "Null write succeeds" comes first in pipe_write, even without readers.
        if data.is_empty() {
            return Ok(0);
        }
        if self.readers == 0 {
            return Err(PipeError::BrokenPipe);
        }
        let mut n = 0;
        // Merge the sub-page tail of the write into the last page if it fits.
        let chars = data.len() % PAGE;
        if chars != 0
            && let Some(last) = self.pages.back_mut()
            && last.len() + chars <= PAGE
        {
            last.extend_from_slice(&data[..chars]);
            n = chars;
        }
        while n < data.len() && self.pages.len() < self.slots {
            let take = (data.len() - n).min(PAGE);
            self.pages.push_back(data[n..n + take].to_vec());
            n += take;
        }
        if n == 0 {
            Err(PipeError::WouldBlock)
        } else {
            self.wake_readers();
            Ok(n)
        }
    }

    /// Bytes waiting to be read (`FIONREAD`).
    #[must_use]
    pub fn available(&self) -> usize {
        self.pages.iter().map(Vec::len).sum::<usize>() - self.head_off
    }

    /// Whether a page slot is free (Linux's `!pipe_full`): the write end polls writable.
    #[must_use]
    pub fn has_free_slot(&self) -> bool {
        self.pages.len() < self.slots
    }

    /// Bytes a write is sure to take whole: a page per free slot.
    #[must_use]
    pub fn room(&self) -> usize {
        (self.slots - self.pages.len()) * PAGE
    }

    /// Capacity in bytes (`F_GETPIPE_SZ`).
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.slots * PAGE
    }

    /// `F_SETPIPE_SZ` (`pipe_set_size`): rounds `size` up to a power of two
    /// (at least a page; `EINVAL` past 2^31), `EPERM` above
    /// [`MAX_CAPACITY`] unless `privileged` and always above
    /// [`HARD_MAX_CAPACITY`], `EBUSY` if the pages in use
    /// would not fit. Returns the new size.
    pub fn set_capacity(&mut self, size: u32, privileged: bool) -> Result<usize, Errno> {
        if size > 1 << 31 {
            return Err(Errno::EINVAL);
        }
        let bytes = (size as usize).max(PAGE).next_power_of_two();
        if (bytes > MAX_CAPACITY && !privileged) || bytes > HARD_MAX_CAPACITY {
            return Err(Errno::EPERM);
        }
        let slots = bytes / PAGE;
        if self.pages.len() > slots {
            return Err(Errno::EBUSY);
        }
        self.slots = slots;
        Ok(bytes)
    }

    /// Open read ends.
    #[must_use]
    pub fn readers(&self) -> u32 {
        self.readers
    }

    /// Open write ends.
    #[must_use]
    pub fn writers(&self) -> u32 {
        self.writers
    }

    /// A read end was opened (FIFO open, or `dup`/`fork` of a descriptor
    /// is not this: those share one open file).
    pub fn open_reader(&mut self) {
        if self.readers == 0 {
            // `fifo_open` wakes the other side when a first reader comes.
            self.wake_readers();
            self.wake_writers();
        }
        self.readers = self.readers.saturating_add(1);
    }

    /// A write end was opened.
    pub fn open_writer(&mut self) {
        if self.writers == 0 {
            self.wake_readers();
            self.wake_writers();
        }
        self.writers = self.writers.saturating_add(1);
    }

    /// The last reference to a read end was closed. Writers should be woken
    /// (they now get EPIPE).
    pub fn close_reader(&mut self) {
        self.readers = self.readers.saturating_sub(1);
        self.wake_readers();
        self.wake_writers();
    }

    /// The last reference to a write end was closed. Readers should be
    /// woken (they now see end of file once the buffer drains).
    pub fn close_writer(&mut self) {
        self.writers = self.writers.saturating_sub(1);
        self.wake_readers();
        self.wake_writers();
    }

    /// How many times readers and writers have been woken, as `pipe_write`
    /// (every write, since an epoll watches), `pipe_read` (a page freed in
    /// a full pipe) and `pipe_release` wake them: what an edge-triggered
    /// epoll entry reports once each.
    #[must_use]
    pub fn wakeups(&self) -> [u64; 2] {
        self.wakeups
    }

    fn wake_readers(&mut self) {
        self.wakeups[0] = self.wakeups[0].wrapping_add(1);
    }

    fn wake_writers(&mut self) {
        self.wakeups[1] = self.wakeups[1].wrapping_add(1);
    }

    /// `poll` events for a read end (`pipe_poll`): readable when data is
    /// there, hang-up when no writer remains.
    #[must_use]
    pub fn poll_reader(&self) -> u16 {
        let mut ev = 0;
        if !self.pages.is_empty() {
            ev |= POLLIN | POLLRDNORM;
        }
        if self.writers == 0 {
            ev |= POLLHUP;
        }
        ev
    }

    /// `poll` events for a write end: writable when a page slot is free,
    /// error when no reader remains.
    #[must_use]
    pub fn poll_writer(&self) -> u16 {
        let mut ev = 0;
        if self.has_free_slot() {
            ev |= POLLOUT | POLLWRNORM;
        }
        if self.readers == 0 {
            ev |= POLLERR;
        }
        ev
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_what_was_written() {
        let mut p = Pipe::new();
        assert_eq!(p.write(b"hello "), Ok(6));
        assert_eq!(p.write(b"world"), Ok(5));
        assert_eq!(p.available(), 11);
        let mut out = [0u8; 8];
        assert_eq!(p.read(&mut out), Ok(8));
        assert_eq!(&out, b"hello wo");
        let mut peek = [0u8; 8];
        assert_eq!(p.peek(&mut peek), 3);
        assert_eq!(p.read(&mut out), Ok(3));
        assert_eq!(&out[..3], b"rld");
        assert_eq!(p.read(&mut out), Err(PipeError::WouldBlock));
        assert_eq!(p.read(&mut []), Ok(0));
    }

    #[test]
    fn eof_and_epipe() {
        let mut p = Pipe::new();
        p.write(b"x").unwrap();
        p.close_writer();
        let mut out = [0u8; 4];
        assert_eq!(p.read(&mut out), Ok(1), "data before EOF");
        assert_eq!(p.read(&mut out), Ok(0), "EOF: no writers, empty");
        assert_eq!(p.poll_reader(), POLLHUP);
        let mut q = Pipe::new();
        q.close_reader();
        assert_eq!(q.write(b"x"), Err(PipeError::BrokenPipe));
        assert_eq!(
            q.write(b""),
            Ok(0),
            "a null write succeeds even without readers"
        );
        assert_eq!(Errno::from(PipeError::BrokenPipe), Errno::EPIPE);
        assert_eq!(q.poll_writer() & POLLERR, POLLERR);
    }

    #[test]
    fn small_writes_are_atomic() {
        let mut p = Pipe::new();
        let big = vec![1u8; DEFAULT_CAPACITY - 100];
        assert_eq!(p.write(&big), Ok(DEFAULT_CAPACITY - 100));
        assert_eq!(
            p.write(&[2u8; 101]),
            Err(PipeError::WouldBlock),
            "101 > 100 free: nothing written"
        );
        assert_eq!(p.available(), DEFAULT_CAPACITY - 100);
        assert_eq!(p.write(&[2u8; 100]), Ok(100));
        assert!(!p.has_free_slot());
        assert_eq!(p.write(&[3u8; 1]), Err(PipeError::WouldBlock));
        assert_eq!(p.poll_writer(), 0);
    }

    #[test]
    fn large_writes_may_be_partial() {
        let mut p = Pipe::new();
        let data = vec![7u8; 100_000];
        assert_eq!(p.write(&data), Ok(DEFAULT_CAPACITY));
        assert_eq!(
            p.write(&data[DEFAULT_CAPACITY..]),
            Err(PipeError::WouldBlock)
        );
        let mut out = vec![0u8; 5000];
        assert_eq!(p.read(&mut out), Ok(5000));
        // Reading 5000 bytes freed one page (the second is part-read): one
        // slot, so one page of the write goes in.
        assert_eq!(
            p.write(&data[DEFAULT_CAPACITY..]),
            Ok(4096),
            "PIPE_BUF < len: partial"
        );
        assert_eq!(p.poll_writer(), 0, "no free slot");
        assert_eq!(p.poll_reader(), POLLIN | POLLRDNORM);
    }

    #[test]
    fn capacity_changes() {
        let mut p = Pipe::new();
        assert_eq!(p.capacity(), 65536);
        assert_eq!(p.set_capacity(0, false), Ok(4096));
        assert_eq!(p.set_capacity(5000, false), Ok(8192));
        assert_eq!(p.set_capacity(1 << 20, false), Ok(1 << 20));
        assert_eq!(p.set_capacity((1 << 20) + 1, false), Err(Errno::EPERM));
        assert_eq!(p.set_capacity(u32::MAX, true), Err(Errno::EINVAL));
        assert_eq!(
            p.set_capacity(32 << 20, true),
            Err(Errno::EPERM),
            "hard cap"
        );
        p.set_capacity(8192, false).unwrap();
        assert_eq!(p.write(&[0u8; 4097]), Ok(4097));
        assert_eq!(p.write(&[0u8; 4096]), Err(PipeError::WouldBlock));
        assert_eq!(p.write(&[0u8; 4095]), Ok(4095));
        assert_eq!(p.set_capacity(4096, false), Err(Errno::EBUSY));
    }

    #[test]
    fn random_operations_keep_bytes_in_order() {
        let mut state: u32 = 0x2545_f491;
        let mut rng = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let mut p = Pipe::new();
        let (mut written, mut read) = (0u32, 0u32);
        for _ in 0..20_000 {
            match rng() % 4 {
                0 | 1 => {
                    let len = rng() as usize % 9000;
                    let data: Vec<u8> = (0..len)
                        .map(|i| written.wrapping_add(i as u32) as u8)
                        .collect();
                    match p.write(&data) {
                        Ok(n) => {
                            assert!(n <= len);
                            if len <= PIPE_BUF {
                                assert_eq!(n, len, "atomic");
                            }
                            written = written.wrapping_add(n as u32);
                        }
                        Err(e) => assert_eq!(e, PipeError::WouldBlock),
                    }
                }
                2 => {
                    let mut buf = vec![0u8; rng() as usize % 9000 + 1];
                    if let Ok(n) = p.read(&mut buf) {
                        for &b in &buf[..n] {
                            assert_eq!(b, read as u8, "bytes come out in order");
                            read = read.wrapping_add(1);
                        }
                    }
                }
                _ => {
                    let size = 4096u32 << (rng() % 6);
                    let _ = p.set_capacity(size, false);
                }
            }
            assert_eq!(p.available(), written.wrapping_sub(read) as usize);
            assert!(p.available() <= p.capacity());
        }
    }

    #[test]
    fn fifo_counts() {
        let mut f = Pipe::new_fifo();
        assert_eq!(f.write(b"x"), Err(PipeError::BrokenPipe));
        let mut out = [0u8; 1];
        assert_eq!(f.read(&mut out), Ok(0));
        f.open_reader();
        f.open_writer();
        f.open_writer();
        assert_eq!((f.readers(), f.writers()), (1, 2));
        f.close_writer();
        assert_eq!(
            f.read(&mut out),
            Err(PipeError::WouldBlock),
            "one writer left"
        );
        f.close_writer();
        f.close_writer();
        assert_eq!(f.writers(), 0, "saturates");
    }
}
