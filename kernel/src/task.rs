//! Tasks (Linux threads), and the per-process state they share.
//!
//! A task owns its CPU state; what `clone` flags share between tasks (the
//! address space, the descriptor table, the cwd, the signal handlers) sits
//! behind `Rc<RefCell<_>>`, shared or copied as the flags say.

use crate::abi::signal::{NSIG, SigInfo, SigSet};
use crate::error::Wait;
use crate::file::FileRef;
use crate::mm::Mm;
use std::cell::RefCell;
use std::rc::Rc;
use tabvm_cpu::Cpu;

/// A task or process id.
pub type Pid = u32;

/// Most open descriptors per process (the default `RLIMIT_NOFILE`).
pub const MAX_FDS: usize = 1024;

/// One descriptor slot.
#[derive(Clone)]
pub struct Fd {
    pub file: FileRef,
    pub cloexec: bool,
}

/// A process's descriptor table.
#[derive(Default)]
pub struct FdTable {
    slots: Vec<Option<Fd>>,
    /// `RLIMIT_NOFILE`'s soft limit when lowered below [`MAX_FDS`]:
    /// descriptors at or above it cannot be made.
    limit: Option<u32>,
    /// The size Linux's table has grown to, past its first
    /// [`FdTable::FIRST_SIZE`] (0 until then); see [`FdTable::size`].
    grown: u32,
}

impl FdTable {
    /// The slots a new table has (`NR_OPEN_DEFAULT` on a 64-bit kernel).
    const FIRST_SIZE: u32 = 64;

    /// How many descriptors the table has room for, as Linux sizes it
    /// (`FDSize` in /proc/PID/status). Visible to a program through
    /// select(2), which ignores the bits of its sets past this size.
    #[must_use]
    pub fn size(&self) -> u32 {
        self.grown.max(Self::FIRST_SIZE)
    }

    /// The size Linux grows a table to so that `fd` fits
    /// (`alloc_fdtable`): a power of two of 1 KiB of pointers.
    fn size_for(fd: u32) -> u32 {
        const PER_KIB: u32 = 1024 / 8;
        ((fd / PER_KIB + 1).next_power_of_two() * PER_KIB).min(MAX_FDS as u32)
    }

    fn grow_to_fit(&mut self, fd: u32) {
        if fd >= self.size() {
            self.grown = Self::size_for(fd);
        }
    }

    /// The copy fork(2) and unshare give the new process (`dup_fd`): the
    /// same descriptors, in a table sized anew for the highest one open.
    #[must_use]
    pub fn copy(&self) -> FdTable {
        let last = self.iter().last().map_or(0, |(fd, _)| fd);
        let needed = (last + 1).next_multiple_of(Self::FIRST_SIZE);
        FdTable {
            slots: self.slots.clone(),
            limit: self.limit,
            grown: if needed > Self::FIRST_SIZE {
                Self::size_for(needed - 1)
            } else {
                0
            },
        }
    }

    /// One past the highest descriptor that may be made.
    #[must_use]
    pub fn limit(&self) -> u32 {
        self.limit.map_or(MAX_FDS as u32, |l| l.min(MAX_FDS as u32))
    }

    /// Applies a new `RLIMIT_NOFILE` soft limit (open descriptors above it
    /// stay open, as on Linux).
    pub fn set_limit(&mut self, soft: u64) {
        self.limit = u32::try_from(soft).ok().filter(|l| (*l as usize) < MAX_FDS);
    }

    #[must_use]
    pub fn get(&self, fd: u32) -> Option<&Fd> {
        self.slots.get(fd as usize).and_then(Option::as_ref)
    }

    pub fn get_mut(&mut self, fd: u32) -> Option<&mut Fd> {
        self.slots.get_mut(fd as usize).and_then(Option::as_mut)
    }

    /// Installs `file` at the lowest free descriptor `>= min`.
    pub fn insert(&mut self, file: Fd, min: u32) -> Option<u32> {
        let min = min as usize;
        let limit = self.limit() as usize;
        let free = (min..limit).find(|&i| self.slots.get(i).is_none_or(Option::is_none))?;
        if free >= self.slots.len() {
            self.slots.resize(free + 1, None);
        }
        self.grow_to_fit(free as u32);
        self.slots[free] = Some(file);
        Some(free as u32)
    }

    /// Installs `file` at exactly `fd`, returning what was there.
    pub fn insert_at(&mut self, fd: u32, file: Fd) -> Option<Fd> {
        let i = fd as usize;
        if fd >= self.limit() {
            return None;
        }
        if i >= self.slots.len() {
            self.slots.resize(i + 1, None);
        }
        self.grow_to_fit(fd);
        self.slots[i].replace(file)
    }

    pub fn remove(&mut self, fd: u32) -> Option<Fd> {
        self.slots.get_mut(fd as usize).and_then(Option::take)
    }

    /// Closes every close-on-exec descriptor (execve); returns them.
    pub fn close_on_exec(&mut self) -> Vec<Fd> {
        let mut closed = Vec::new();
        for slot in &mut self.slots {
            if slot.as_ref().is_some_and(|fd| fd.cloexec) {
                closed.extend(slot.take());
            }
        }
        closed
    }

    /// The open descriptors in order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &Fd)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|fd| (i as u32, fd)))
    }
}

/// Where a process is in the file tree.
#[derive(Clone, Debug)]
pub struct FsContext {
    pub cwd: crate::vfs::Node,
    pub umask: u32,
}

/// User and group ids (real, effective, saved) and supplementary groups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Creds {
    pub uid: u32,
    pub euid: u32,
    pub suid: u32,
    pub gid: u32,
    pub egid: u32,
    pub sgid: u32,
    pub groups: Vec<u32>,
}

/// A signal disposition as `rt_sigaction` sets it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigAction {
    /// `SIG_DFL` (0), `SIG_IGN` (1) or the handler's address.
    pub handler: u32,
    pub flags: u32,
    pub restorer: u32,
    pub mask: u64,
}

/// The signal handlers a process's threads share.
pub type SigHandlers = [SigAction; NSIG as usize];

/// The `siginfo`s of a task's pending signals (signal(7)): a standard
/// signal pending again keeps its first `siginfo`; real-time signals
/// (`SIGRTMIN`..) queue, each instance delivered in order with its own.
/// Entries sent to the whole process (kill, sigqueue) are marked shared,
/// so that another thread's `sigtimedwait` may take them.
#[derive(Clone, Debug, Default)]
pub struct SigQueue {
    entries: std::collections::BTreeMap<u32, std::collections::VecDeque<(SigInfo, bool)>>,
}

impl SigQueue {
    /// Real-time instances one task may have queued (`RLIMIT_SIGPENDING`
    /// in spirit); past it more are dropped (sigqueue: EAGAIN).
    pub const MAX_QUEUED: usize = 4096;

    /// Records a signal sent (`shared`: to the process); `false` if a
    /// real-time instance found the queue full.
    pub fn push(&mut self, signo: u32, info: SigInfo, shared: bool) -> bool {
        let realtime = signo >= crate::abi::signal::SIGRTMIN;
        if realtime && self.len() >= Self::MAX_QUEUED {
            return false;
        }
        let queue = self.entries.entry(signo).or_default();
        if realtime || queue.is_empty() {
            queue.push_back((info, shared));
        }
        true
    }

    /// Records a thread-directed signal (see [`SigQueue::push`]).
    pub fn insert(&mut self, signo: u32, info: SigInfo) {
        self.push(signo, info, false);
    }

    /// Takes the oldest instance of `signo`; the signal stays pending while
    /// [`SigQueue::contains`] says so.
    pub fn remove(&mut self, signo: &u32) -> Option<SigInfo> {
        let queue = self.entries.get_mut(signo)?;
        let info = queue.pop_front().map(|(info, _)| info);
        if queue.is_empty() {
            self.entries.remove(signo);
        }
        info
    }

    /// Forgets every instance of `signo`.
    pub fn clear(&mut self, signo: u32) {
        self.entries.remove(&signo);
    }

    #[must_use]
    pub fn contains(&self, signo: u32) -> bool {
        self.entries.contains_key(&signo)
    }

    /// Instances queued, all signals together.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries
            .values()
            .map(std::collections::VecDeque::len)
            .sum()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether a process-directed instance of a signal of `set` is queued.
    #[must_use]
    pub fn has_shared(&self, set: SigSet) -> bool {
        self.entries
            .iter()
            .any(|(signo, queue)| set.contains(*signo) && queue.iter().any(|(_, shared)| *shared))
    }

    /// Takes the oldest process-directed instance of the lowest signal of
    /// `set` that has one.
    pub fn take_shared(&mut self, set: SigSet) -> Option<SigInfo> {
        let (signo, index) = self.entries.iter().find_map(|(signo, queue)| {
            if !set.contains(*signo) {
                return None;
            }
            queue
                .iter()
                .position(|(_, shared)| *shared)
                .map(|i| (*signo, i))
        })?;
        let queue = self.entries.get_mut(&signo)?;
        let info = queue.remove(index).map(|(info, _)| info);
        if queue.is_empty() {
            self.entries.remove(&signo);
        }
        info
    }
}

/// A POSIX timer (`timer_create(2)`): what it sends, to whom, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PosixTimer {
    pub id: u32,
    pub clock: u32,
    /// `SIGEV_SIGNAL`, `SIGEV_NONE` or `SIGEV_THREAD_ID`.
    pub notify: i32,
    pub signo: u32,
    /// The thread a `SIGEV_THREAD_ID` timer signals.
    pub thread: Pid,
    /// `sigev_value`, handed back as `si_value`.
    pub value: u32,
    /// Next expiry (monotonic ns), if armed, and the reload interval.
    pub next: Option<u64>,
    pub interval: u64,
    /// Expirations beyond the one signalled (`timer_getoverrun`).
    pub overrun: u32,
}

/// What a task is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Runnable,
    /// Parked until `Wait` is satisfied or `deadline` (monotonic ns) passes.
    Blocked {
        wait: Wait,
        deadline: Option<u64>,
    },
    /// Exited; the wait status its parent will collect.
    Zombie(u32),
}

/// One thread of execution.
/// Processor time, in host nanoseconds spent running guest code and its
/// system calls (the machine has no other processor time to give).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuTimes {
    /// By this thread.
    pub thread_ns: u64,
    /// On a process's leader: by all the process's threads.
    pub process_ns: u64,
    /// On a process's leader: by its children it has waited for, and
    /// theirs (`RUSAGE_CHILDREN`, `tms_cutime`).
    pub children_ns: u64,
}

pub struct Task {
    pub tid: Pid,
    /// Thread-group id: the process id.
    pub tgid: Pid,
    /// The parent process.
    pub ppid: Pid,
    pub pgid: Pid,
    pub sid: Pid,
    pub cpu: Cpu,
    pub state: State,
    pub mm: Rc<RefCell<Mm>>,
    pub files: Rc<RefCell<FdTable>>,
    pub fs: Rc<RefCell<FsContext>>,
    pub sighand: Rc<RefCell<SigHandlers>>,
    pub creds: Creds,
    /// Blocked signals.
    pub sigmask: SigSet,
    /// Signals pending for this task.
    pub pending: SigSet,
    /// POSIX timers (`timer_create`), kept on the thread-group leader.
    pub timers: Vec<PosixTimer>,
    /// `ITIMER_REAL` (setitimer, alarm): next expiry (monotonic ns) and
    /// reload interval (0: one-shot). Kept on the thread-group leader.
    pub itimer_real: Option<(u64, u64)>,
    /// The mask to restore after `rt_sigsuspend` (its temporary mask is in
    /// force meanwhile); a handler's frame records this one.
    pub saved_sigmask: Option<SigSet>,
    /// Set when a signal woke the task from a wait in a system call that
    /// has not run again yet: a handler delivered now interrupts that call.
    pub restart_wait: Option<Wait>,
    /// A blocking write to a pipe, socket or terminal that moved part of
    /// its bytes and parked for room: `(file, length, bytes done)`. The
    /// restarted call goes on from there; a handler interrupting it makes
    /// the call return the bytes done (`pipe_write`, `tcp_sendmsg`).
    pub write_progress: Option<(usize, usize, usize)>,
    /// The `siginfo` of each pending signal (standard signals coalesce,
    /// real-time ones queue: [`SigQueue`]).
    pub siginfo: SigQueue,
    /// Signal sent to the parent on exit (`SIGCHLD` for processes).
    pub exit_signal: u32,
    /// `set_tid_address`/`CLONE_CHILD_CLEARTID`: zeroed and futex-woken at exit.
    pub clear_child_tid: u32,
    /// The command name (`/proc/<pid>/comm`, 15 bytes at most).
    pub comm: Vec<u8>,
    /// The executable's path (`/proc/<pid>/exe`).
    pub exe: Vec<u8>,
    /// A sleep in progress: its deadline survives the syscall's restarts.
    pub sleep_deadline: Option<u64>,
    /// Set by a futex wake; the restarted `futex(WAIT)` then returns 0.
    pub futex_woken: bool,
    /// `set_robust_list`: the head of the robust futexes this thread holds
    /// (0: none), walked at exit and exec; a new task starts without one.
    pub robust_list: u32,
    /// A `vfork` child: its parent waits until it execs or exits.
    pub vfork_parent: Option<Pid>,
    /// `sigaltstack`: the alternate signal stack (base, size), if any.
    pub altstack: Option<(u32, u32)>,
    /// The controlling terminal of the process (kept on every thread;
    /// inherited by `fork`, kept by `execve`, dropped by `setsid`).
    pub ctty: Option<crate::file::tty::PtyRef>,
    /// Stopped by a stop signal (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU) until
    /// SIGCONT or SIGKILL: the scheduler skips the task (set on every
    /// thread of the process).
    pub stopped: bool,
    /// A stop (`sig << 8 | 0x7f`) or continue (`0xffff`) not yet reported
    /// to the parent's `wait4(WUNTRACED/WCONTINUED)` (on the leader).
    pub wait_report: Option<u32>,
    /// The limits the process set (`setrlimit`, `prlimit64`): shared by
    /// its threads, copied by `fork`, kept by `execve`.
    pub rlimits: Rc<RefCell<Rlimits>>,
    /// The nice value (-20..=19), per thread as in Linux; inherited.
    pub nice: i8,
    /// Processor time used (`times`, `getrusage`, the CPU-time clocks).
    pub usage: CpuTimes,
    /// The last processor exception: its vector and error code, which
    /// signal frames report (`sigcontext.trapno`, `.err`) like Linux's
    /// `thread.trap_nr`/`error_code`, stale until the next one.
    pub trap: (u32, u32),
    /// The execution domain (`personality(2)`), inherited by children
    /// and kept across execve.
    pub personality: u32,
    /// Tracing state when a tracer is attached (ptrace(2)).
    pub(crate) ptrace: Option<Box<crate::syscall::ptrace::Tracee>>,
}

/// Resource limits set by the guest, by resource number (`RLIMIT_*`,
/// `asm-generic/resource.h`): `(soft, hard)`, or `None` for the built-in
/// limit.
pub type Rlimits = [Option<(u64, u64)>; RLIM_NLIMITS];

/// The number of resources (`RLIM_NLIMITS`).
pub const RLIM_NLIMITS: usize = 16;

impl Task {
    /// Makes a task parked on `wait` runnable: its system call runs again.
    /// Until it does, it is still inside that call, so a signal arriving
    /// meanwhile interrupts it (EINTR or a restart, by the call's rules) as
    /// it would a parked one; disk and vfork waits are not interruptible.
    pub fn wake_from(&mut self, wait: Wait) {
        self.state = State::Runnable;
        if !matches!(wait, Wait::Disk(_) | Wait::Vfork(_)) {
            self.restart_wait = Some(wait);
        }
    }

    /// Whether this task is a thread-group leader (a process).
    #[must_use]
    pub fn is_leader(&self) -> bool {
        self.tid == self.tgid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::signal::{SIGRTMIN, SigFields};

    fn info(signo: u32, value: u32) -> SigInfo {
        SigInfo::new(
            signo,
            -1,
            SigFields::Rt {
                pid: 1,
                uid: 0,
                value,
            },
        )
    }

    #[test]
    fn realtime_signals_queue_standard_ones_keep_the_first() {
        let mut q = SigQueue::default();
        q.insert(10, info(10, 1));
        q.insert(10, info(10, 2));
        q.insert(SIGRTMIN, info(SIGRTMIN, 3));
        q.insert(SIGRTMIN, info(SIGRTMIN, 4));
        assert_eq!(q.len(), 3);
        assert_eq!(q.remove(&10), Some(info(10, 1)));
        assert!(!q.contains(10));
        assert_eq!(q.remove(&SIGRTMIN), Some(info(SIGRTMIN, 3)));
        assert!(q.contains(SIGRTMIN), "one more instance");
        assert_eq!(q.remove(&SIGRTMIN), Some(info(SIGRTMIN, 4)));
        assert!(q.is_empty());
    }

    #[test]
    fn shared_instances_are_taken_by_set_and_the_queue_is_bounded() {
        let mut q = SigQueue::default();
        q.insert(12, info(12, 1));
        q.push(SIGRTMIN, info(SIGRTMIN, 2), false);
        q.push(SIGRTMIN, info(SIGRTMIN, 3), true);
        let mut set = SigSet::EMPTY;
        set.add(12);
        assert_eq!(q.take_shared(set), None, "thread-directed only");
        set.add(SIGRTMIN);
        assert_eq!(q.take_shared(set), Some(info(SIGRTMIN, 3)));
        assert_eq!(q.len(), 2);
        while q.push(SIGRTMIN + 1, info(SIGRTMIN + 1, 0), true) {}
        assert_eq!(q.len(), SigQueue::MAX_QUEUED);
        q.clear(SIGRTMIN + 1);
        assert_eq!(q.len(), 2);
    }
}
