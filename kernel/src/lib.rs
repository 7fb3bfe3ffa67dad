//! tabvm-kernel: the Linux i386 system-call layer.
//!
//! Layer: above `cpu` and `fs` (and `netstack`, through traits); below the
//! hosts (`cli`, `vm-worker`). Event-driven and single-threaded: nothing here
//! blocks; a task that must wait parks ([`task::State::Blocked`]) and its
//! system call is restarted from the start when it is woken (DESIGN.md,
//! decision 3), so a handler that parks must not have changed anything yet.
//!
//! The host drives the machine: [`Kernel::run`] executes a slice and says
//! whether the machine is busy, idle until a deadline, or finished; between
//! slices the host feeds input ([`Kernel::feed_stdin`]) and collects output
//! ([`Kernel::take_output`]).
//!
//! Modules: [`abi`] is the guest ABI (numbers, flags, struct layouts);
//! [`mm`] address spaces; [`vfs`] files and paths; [`task`] tasks;
//! `loader` execve's ELF loading; `syscall` the table and its handlers;
//! `signal` delivery; [`pipe`], [`tty`] and [`elf`] the pieces those use.

pub mod abi;
pub mod devpts;
pub mod elf;
pub mod error;
pub mod fasync;
pub mod file;
pub mod host;
pub mod ipc;
mod loader;
pub mod mm;
pub mod mounts;
pub mod pipe;
pub mod proc;
mod signal;
mod syscall;

pub use syscall::table as syscalls;
pub mod task;
pub mod tty;
mod vdso;
pub mod vfs;

use crate::abi::errno::Errno;
use crate::abi::signal::{SIGBUS, SIGFPE, SIGILL, SIGKILL, SIGSEGV, SIGTRAP, SigSet};
use crate::error::{SysErr, SysResult, Wait};
use crate::file::{HostFile, OpenFile, Stream};
use crate::host::Host;
use crate::mm::{FaultError, Mm, PageCache};
use crate::task::{Creds, Fd, FdTable, FsContext, Pid, SigAction, State, Task};
use crate::vfs::{Disk, Fid, Mounts};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::rc::Rc;
use tabvm_cpu::mmu::Memory;
use tabvm_cpu::{Access, Cpu, Exit, Fault};

/// The most pages one kernel copy from or to user memory may span (1 MiB
/// plus a page, enough for any single read or write the handlers move).
const USER_COPY_MAX_PAGES: usize = 257;

/// Limits of one machine.
#[derive(Clone, Debug)]
pub struct Config {
    /// Guest memory (frames) in bytes; past it, allocation fails with ENOMEM.
    pub memory_limit: u64,
    /// Most tasks at once; `fork` past it fails with EAGAIN.
    pub max_tasks: usize,
    /// Instructions a task runs before the scheduler moves on.
    pub slice: u64,
    /// Address space one process may map (like `RLIMIT_AS`): past it,
    /// `mmap`, `brk` and `mremap` fail with ENOMEM rather than the machine
    /// running out of frames when the pages are touched.
    pub address_space_limit: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            memory_limit: 1 << 30,
            max_tasks: 512,
            slice: 100_000,
            address_space_limit: 1 << 30,
        }
    }
}

/// What [`Kernel::run`] left the machine doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Tasks are runnable: call `run` again soon.
    Busy,
    /// Every task waits for input or time; `deadline` is the earliest timer
    /// (monotonic ns), if any.
    Idle { deadline: Option<u64> },
    /// The first process ended with this shell-style status (its exit code,
    /// or 128 + the signal that killed it).
    Exited(i32),
}

/// Why the first program could not be started.
#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    #[error("{path}: {message}")]
    Exec { path: String, message: String },
}

/// The machine: every task, the memory, the mounted file systems.
pub struct Kernel {
    config: Config,
    host: Box<dyn Host>,
    mem: Memory,
    cache: PageCache,
    fs: Mounts,
    tasks: BTreeMap<Pid, Task>,
    next_pid: Pid,
    /// The process `spawn` started; the machine is done when it exits.
    init: Pid,
    init_status: Option<i32>,
    stdin: VecDeque<u8>,
    stdin_closed: bool,
    output: Vec<(Stream, Vec<u8>)>,
    /// Holds on inodes (open files, mappings), and the holds dropped since
    /// they were last processed (`vfs::release_inodes`).
    holds: std::collections::HashMap<Fid, u32>,
    released: Rc<RefCell<Vec<Fid>>>,
    /// The last inode number given to a pipe (`Kernel::next_anon_ino`).
    anon_inos: u32,
    /// Unsupported system calls already logged (log once each).
    logged: HashSet<u32>,
    boot_ns: u64,
    /// Bound `AF_UNIX` names (`file::socket::unix`).
    sockets: file::socket::UnixNamespace,
    /// Live pseudo-terminals (`/dev/ptmx`, `/dev/pts`).
    ptys: devpts::PtyTable,
    /// Named pipes opened or being opened (`file::fifo`).
    fifos: file::fifo::Fifos,
    /// The console pty when the host is a terminal ([`Kernel::use_terminal`]):
    /// the host drives its master, the first process gets its slave.
    console: Option<file::tty::PtyRef>,
    /// `flock(2)` locks (`syscall::lock`).
    flocks: syscall::Flocks,
    /// POSIX record and OFD locks (`fcntl`).
    records: syscall::Records,
    /// inotify instances and the opens they follow (`file::inotify`).
    inotify: file::inotify::Registry,
    /// The TCP/IP stack behind `AF_INET`/`AF_INET6` (`file::socket::inet`).
    net: file::socket::inet::Net,
    /// System V shared memory, semaphores and message queues (`ipc`).
    ipc: ipc::Ipc,
    /// Descriptions with `O_ASYNC` set (`fasync`).
    io_watches: fasync::Watches,
}

impl Kernel {
    /// A machine with `disk` at `/` and a fresh tmpfs on `/dev/shm`, `/run`
    /// and `/tmp` (each up to half the memory limit, as on Linux).
    #[must_use]
    pub fn new(disk: Disk, mut host: Box<dyn Host>, config: Config) -> Self {
        let boot_ns = host.monotonic_ns();
        let mut seed = [0u8; 8];
        host.random(&mut seed);
        let net_seed = u64::from_le_bytes(seed);
        let mut fs = Mounts::new(disk);
        let now = tabvm_fs::Time::from_nanos(host.realtime_ns());
        let mut complaints = Vec::new();
        for (path, mode) in mounts::TMPFS_MOUNTS {
            if let Err(e) = fs.mount_tmpfs(path, *mode, config.memory_limit / 2, now) {
                complaints.push(format!(
                    "tabvm: tmpfs not mounted on {}: {e}\n",
                    String::from_utf8_lossy(path)
                ));
            }
        }
        let mut kernel = Kernel {
            mem: Memory::new(config.memory_limit),
            config,
            host,
            cache: PageCache::default(),
            fs,
            tasks: BTreeMap::new(),
            next_pid: 1,
            init: 0,
            init_status: None,
            stdin: VecDeque::new(),
            stdin_closed: false,
            output: Vec::new(),
            holds: std::collections::HashMap::new(),
            released: Rc::new(RefCell::new(Vec::new())),
            anon_inos: 0,
            logged: HashSet::new(),
            boot_ns,
            sockets: file::socket::UnixNamespace::default(),
            ptys: devpts::PtyTable::default(),
            fifos: file::fifo::Fifos::default(),
            console: None,
            flocks: syscall::Flocks::default(),
            records: syscall::Records::default(),
            inotify: file::inotify::Registry::default(),
            net: file::socket::inet::Net::new(boot_ns, net_seed),
            ipc: ipc::Ipc::default(),
            io_watches: fasync::Watches::default(),
        };
        for complaint in complaints {
            kernel.host_output(Stream::Stderr, complaint.as_bytes());
        }
        kernel
    }

    /// Says that the host's input and output are a terminal of `rows` x
    /// `cols`: before [`Kernel::spawn`], makes a console pty (`/dev/pts/0`,
    /// also `/dev/console`) whose slave the first process gets as fds 0-2
    /// and controlling terminal. [`Kernel::feed_stdin`] is then typed at
    /// the terminal (echo, `^C`...), [`Kernel::take_output`] returns what
    /// the terminal shows, and [`Kernel::resize`] follows the host window.
    pub fn use_terminal(&mut self, rows: u16, cols: u16) {
        let Ok(pty) = self.ptys.alloc() else {
            return;
        };
        {
            let mut p = pty.borrow_mut();
            p.set_locked(false);
            p.set_winsize(abi::termios::WinSize {
                rows,
                cols,
                ..abi::termios::WinSize::default()
            });
        }
        self.console = Some(pty);
    }

    /// The host terminal's window changed size: SIGWINCH for the
    /// foreground process group (no-op without [`Kernel::use_terminal`]).
    pub fn resize(&mut self, rows: u16, cols: u16) {
        if let Some(pty) = self.console.clone() {
            let old = pty.borrow().ldisc().winsize();
            let ws = abi::termios::WinSize { rows, cols, ..old };
            file::tty::resize(self, &pty, ws);
        }
    }

    /// Moves host input queued in `stdin` into the console pty, as much as
    /// its input buffer takes.
    fn feed_console(&mut self) {
        let Some(pty) = self.console.clone() else {
            return;
        };
        while !self.stdin.is_empty() {
            let chunk: Vec<u8> = self.stdin.iter().take(4096).copied().collect();
            match file::tty::input(self, &pty, &chunk) {
                Ok(n) if n > 0 => {
                    self.stdin.drain(..n.min(self.stdin.len()));
                }
                _ => break,
            }
        }
    }

    /// Starts the first process: `argv[0]` resolved from `cwd` (a path on the
    /// disk), with the host streams as descriptors 0, 1 and 2.
    pub fn spawn(
        &mut self,
        argv: &[Vec<u8>],
        envp: &[Vec<u8>],
        cwd: &[u8],
        creds: Creds,
    ) -> Result<Pid, SpawnError> {
        let fail = |message: String| SpawnError::Exec {
            path: String::from_utf8_lossy(argv.first().map_or(&b""[..], |a| a)).into_owned(),
            message,
        };
        let cwd_ino = vfs::lookup(&mut self.fs, Fid::ROOT, cwd, true).map_err(|e| {
            fail(format!(
                "working directory {}: {e:?}",
                String::from_utf8_lossy(cwd)
            ))
        })?;
        let mut files = FdTable::default();
        let pid = self.alloc_pid();
        if let Some(pty) = self.console.clone() {
            let slave = file::tty::PtyFile::open_slave(&pty).map_err(|_| fail("console".into()))?;
            let slave: Rc<dyn file::FileOps> = Rc::new(slave);
            let path = format!("/dev/pts/{}", pty.borrow().index).into_bytes();
            let file = Rc::new(RefCell::new(OpenFile::new(
                slave,
                abi::flags::open::O_RDWR,
                &path,
            )));
            for fd in 0..3 {
                files.insert_at(
                    fd,
                    Fd {
                        file: Rc::clone(&file),
                        cloexec: false,
                    },
                );
            }
            let mut p = pty.borrow_mut();
            p.session = Some(pid);
            p.foreground = Some(pid);
        }
        for (fd, stream, flags) in [
            (0, Stream::Stdin, abi::flags::open::O_RDONLY),
            (1, Stream::Stdout, abi::flags::open::O_WRONLY),
            (2, Stream::Stderr, abi::flags::open::O_WRONLY),
        ] {
            if self.console.is_some() {
                break;
            }
            let file = OpenFile::new(Rc::new(HostFile(stream)), flags, b"/dev/console");
            files.insert_at(
                fd,
                Fd {
                    file: Rc::new(RefCell::new(file)),
                    cloexec: false,
                },
            );
        }
        let task = Task {
            tid: pid,
            tgid: pid,
            ppid: 0,
            pgid: pid,
            sid: pid,
            cpu: Cpu::new(),
            state: State::Runnable,
            mm: Rc::new(RefCell::new(Mm::new())),
            files: Rc::new(RefCell::new(files)),
            fs: Rc::new(RefCell::new(FsContext {
                cwd: vfs::Node::Disk(cwd_ino),
                umask: 0o022,
            })),
            sighand: Rc::new(RefCell::new(
                [SigAction::default(); abi::signal::NSIG as usize],
            )),
            creds,
            sigmask: SigSet::EMPTY,
            pending: SigSet::EMPTY,
            siginfo: crate::task::SigQueue::default(),
            saved_sigmask: None,
            itimer_real: None,
            timers: Vec::new(),
            restart_wait: None,
            write_progress: None,
            exit_signal: abi::signal::SIGCHLD,
            clear_child_tid: 0,
            comm: Vec::new(),
            exe: Vec::new(),
            sleep_deadline: None,
            futex_woken: false,
            robust_list: 0,
            altstack: None,
            vfork_parent: None,
            ctty: self.console.clone(),
            stopped: false,
            wait_report: None,
            rlimits: Rc::default(),
            nice: 0,
            usage: task::CpuTimes::default(),
            trap: (0, 0),
            personality: abi::flags::misc::PER_LINUX,
            ptrace: None,
        };
        self.tasks.insert(pid, task);
        self.init = pid;
        let path = self.search_path(argv.first().map_or(&b""[..], |a| a), envp, cwd_ino);
        match loader::execve(self, pid, &path, argv.to_vec(), envp) {
            Ok(()) => Ok(pid),
            Err(e) => {
                self.tasks.remove(&pid);
                let message = match e {
                    SysErr::Errno(errno) => errno.message().unwrap_or("cannot execute").to_owned(),
                    SysErr::Block(_) => "the disk is not ready".to_owned(),
                };
                Err(fail(message))
            }
        }
    }

    /// A fresh inode number for an object of no file system (a pipe), as
    /// Linux's pipefs numbers them.
    fn next_anon_ino(&mut self) -> u32 {
        self.anon_inos = self.anon_inos.wrapping_add(1).max(1);
        self.anon_inos
    }

    /// Writes `bytes` to the file at the absolute `path` (made with `mode`
    /// and owned by root, or truncated), through the mounts: a file the
    /// host puts in `/tmp` lands in the tmpfs there. For a host placing
    /// files before [`Kernel::spawn`] (`tabvm run --add`). A
    /// [`SysErr::Block`] means the disk is still fetching: retry after
    /// [`Kernel::disk_ready`].
    pub fn put_file(&mut self, path: &[u8], bytes: &[u8], mode: u16) -> SysResult<()> {
        if !path.starts_with(b"/") {
            return Err(Errno::EINVAL.into());
        }
        let parent = vfs::lookup_parent(&mut self.fs, Fid::ROOT, path)?;
        let now = self.now_time();
        let file = match self.fs.lookup(parent.dir, &parent.name) {
            Ok(existing) => {
                self.fs.truncate(existing, 0, now)?;
                existing
            }
            Err(tabvm_fs::FsError::NotFound) => {
                let node = tabvm_fs::NewNode {
                    perm: mode & 0o7777,
                    uid: 0,
                    gid: 0,
                    now,
                };
                self.fs.create(parent.dir, &parent.name, &node)?
            }
            Err(e) => return Err(e.into()),
        };
        self.fs.write(file, 0, bytes, now)?;
        Ok(())
    }

    /// `program` as `execvp` finds it: a name without a slash is looked up
    /// in the `PATH` of `envp` (or the default path); the first regular
    /// file wins. Anything else is returned as given.
    fn search_path(&mut self, program: &[u8], envp: &[Vec<u8>], cwd: Fid) -> Vec<u8> {
        if program.is_empty() || program.contains(&b'/') {
            return program.to_vec();
        }
        let path = envp
            .iter()
            .find_map(|e| e.strip_prefix(b"PATH="))
            .unwrap_or(b"/usr/local/bin:/usr/bin:/bin");
        for dir in path.split(|b| *b == b':') {
            let mut candidate = if dir.is_empty() {
                b".".to_vec()
            } else {
                dir.to_vec()
            };
            candidate.push(b'/');
            candidate.extend_from_slice(program);
            let found = vfs::lookup(&mut self.fs, cwd, &candidate, true)
                .ok()
                .and_then(|ino| self.fs.getattr(ino).ok())
                .is_some_and(|meta| meta.file_type() == tabvm_fs::FileType::Regular);
            if found {
                return candidate;
            }
        }
        program.to_vec()
    }

    /// Bytes typed on the host's stdin.
    pub fn feed_stdin(&mut self, bytes: &[u8]) {
        self.stdin.extend(bytes);
        self.feed_console();
        self.wake(|w| w == Wait::Io);
    }

    /// The host's stdin reached its end.
    pub fn close_stdin(&mut self) {
        self.stdin_closed = true;
        self.wake(|w| w == Wait::Io);
    }

    /// Output written to the host streams since the last call, in order.
    pub fn take_output(&mut self) -> Vec<(Stream, Vec<u8>)> {
        if let Some(pty) = self.console.clone() {
            let mut buf = vec![0; 64 * 1024];
            let mut moved = false;
            loop {
                let r = pty.borrow_mut().master_read(&mut buf);
                match r {
                    Ok(n) if n > 0 => {
                        self.host_output(Stream::Stdout, &buf[..n]);
                        moved = true;
                    }
                    _ => break,
                }
            }
            if moved {
                // Room for the slave's writers again.
                self.wake(|w| w == Wait::Io);
            }
        }
        std::mem::take(&mut self.output)
    }

    /// The disk: the image's file system at `/` (a host tells its source
    /// that blocks arrived, then calls [`Kernel::disk_ready`]).
    pub fn disk_mut(&mut self) -> &mut Disk {
        self.fs.root_mut()
    }

    /// Blocks being fetched arrived: tasks waiting for the disk retry.
    pub fn disk_ready(&mut self) {
        self.wake(|w| matches!(w, Wait::Disk(_)));
    }

    /// Runs every runnable task for one slice.
    pub fn run(&mut self) -> Status {
        if let Some(status) = self.init_status {
            return Status::Exited(status);
        }
        self.feed_console();
        let now = self.host.monotonic_ns();
        self.fire_timers(now);
        file::socket::inet::poll(self);
        for task in self.tasks.values_mut() {
            if let State::Blocked {
                wait,
                deadline: Some(d),
            } = task.state
                && d <= now
            {
                task.wake_from(wait);
            }
        }
        let runnable: Vec<Pid> = self
            .tasks
            .values()
            .filter(|t| t.state == State::Runnable && !t.stopped && !syscall::ptrace::is_stopped(t))
            .map(|t| t.tid)
            .collect();
        if runnable.is_empty() {
            let net_timer = file::socket::inet::next_timer(self);
            let deadline = self
                .tasks
                .values()
                .filter_map(|t| match t.state {
                    State::Blocked { deadline, .. } => deadline,
                    _ => None,
                })
                .chain(
                    self.tasks
                        .values()
                        .filter_map(|t| t.itimer_real.map(|(at, _)| at))
                        .chain(
                            self.tasks
                                .values()
                                .flat_map(|t| t.timers.iter().filter_map(|timer| timer.next)),
                        ),
                )
                .chain(net_timer)
                .min();
            return Status::Idle { deadline };
        }
        for tid in runnable {
            self.run_task(tid);
            if let Some(status) = self.init_status {
                return Status::Exited(status);
            }
        }
        Status::Busy
    }

    /// Sends SIGALRM for every expired `ITIMER_REAL`, rearming periodic ones.
    fn fire_timers(&mut self, now: u64) {
        let expired: Vec<Pid> = self
            .tasks
            .values_mut()
            .filter_map(|t| match t.itimer_real {
                Some((at, interval)) if at <= now => {
                    t.itimer_real =
                        (interval > 0).then(|| (now.saturating_add(interval), interval));
                    Some(t.tid)
                }
                _ => None,
            })
            .collect();
        for tid in expired {
            signal::send_to_task(self, tid, abi::signal::SIGALRM);
        }
        self.fire_posix_timers(now);
    }

    /// Signals every expired POSIX timer (`SI_TIMER`, its id, value and
    /// overrun), rearming periodic ones past `now`.
    fn fire_posix_timers(&mut self, now: u64) {
        let mut sends = Vec::new();
        for task in self.tasks.values_mut() {
            for timer in &mut task.timers {
                let Some(at) = timer.next.filter(|at| *at <= now) else {
                    continue;
                };
                let missed = (now - at).checked_div(timer.interval).unwrap_or(0);
                timer.next = (timer.interval > 0)
                    .then(|| at.saturating_add((missed + 1).saturating_mul(timer.interval)));
                timer.overrun = u32::try_from(missed).unwrap_or(u32::MAX);
                let target = if timer.notify == abi::flags::clock::SIGEV_THREAD_ID {
                    timer.thread
                } else {
                    task.tid
                };
                if timer.notify != abi::flags::clock::SIGEV_NONE {
                    let fields = abi::signal::SigFields::Timer {
                        tid: timer.id,
                        overrun: timer.overrun,
                        value: timer.value,
                    };
                    sends.push((
                        target,
                        abi::signal::SigInfo::new(timer.signo, abi::signal::code::SI_TIMER, fields),
                    ));
                }
            }
        }
        for (target, info) in sends {
            signal::send(self, target, info.signo, info);
        }
    }

    /// Runs `tid` for a slice, charging the host time it took to the
    /// thread and its process.
    fn run_task(&mut self, tid: Pid) {
        let start = self.host.monotonic_ns();
        self.run_task_slice(tid);
        let spent = self.host.monotonic_ns().saturating_sub(start);
        let Some(task) = self.tasks.get_mut(&tid) else {
            return;
        };
        task.usage.thread_ns = task.usage.thread_ns.saturating_add(spent);
        let tgid = task.tgid;
        if let Some(leader) = self.tasks.get_mut(&tgid) {
            leader.usage.process_ns = leader.usage.process_ns.saturating_add(spent);
        }
    }

    fn run_task_slice(&mut self, tid: Pid) {
        let mut budget = self.config.slice;
        while budget > 0 {
            signal::deliver_pending(self, tid);
            let Some(task) = self.tasks.get_mut(&tid) else {
                return;
            };
            if task.state != State::Runnable || task.stopped || syscall::ptrace::is_stopped(task) {
                return;
            }
            syscall::ptrace::user_mode(task);
            let mm = Rc::clone(&task.mm);
            let before = task.cpu.icount;
            // A single-stepped tracee runs one instruction, then traps.
            if syscall::ptrace::is_stepping(task) {
                let exit =
                    tabvm_cpu::step(&mut task.cpu, &mut self.mem, &mut mm.borrow_mut().space);
                match exit {
                    Exit::Budget => {}
                    Exit::Syscall | Exit::Sysenter => self.syscall(tid),
                    Exit::Fault(fault) => self.fault(tid, fault),
                }
                syscall::ptrace::stepped(self, tid);
                return;
            }
            let exit = tabvm_cpu::run(
                &mut task.cpu,
                &mut self.mem,
                &mut mm.borrow_mut().space,
                budget,
            );
            budget = budget.saturating_sub(task.cpu.icount.wrapping_sub(before).max(1));
            match exit {
                Exit::Budget => return,
                Exit::Syscall | Exit::Sysenter => self.syscall(tid),
                Exit::Fault(fault) => self.fault(tid, fault),
            }
        }
    }

    fn syscall(&mut self, tid: Pid) {
        let Some(task) = self.tasks.get(&tid) else {
            return;
        };
        let r = task.cpu.regs;
        let nr = r[0];
        let args = [r[3], r[1], r[2], r[6], r[7], r[5]];
        if let Some(task) = self.tasks.get_mut(&tid) {
            task.restart_wait = None;
        }
        // A tracee may stop at the entry (ptrace's syscall-enter-stop).
        let result = match syscall::ptrace::syscall_enter(self, tid) {
            syscall::ptrace::Enter::Run => syscall::dispatch(self, tid, nr, args),
            syscall::ptrace::Enter::Skip(eax) => Ok(eax),
            syscall::ptrace::Enter::Stopped => return,
        };
        vfs::release_inodes(self);
        file::tty::process_hangups(self);
        file::tty::process_leader_exits(self);
        let Some(task) = self.tasks.get_mut(&tid) else {
            return;
        };
        match result {
            Ok(value) => task.cpu.regs[0] = value,
            Err(SysErr::Errno(errno)) => task.cpu.regs[0] = errno.as_neg(),
            Err(SysErr::Block(wait)) => {
                task.cpu.eip = task.cpu.eip.wrapping_sub(2);
                task.state = State::Blocked {
                    wait,
                    deadline: task.sleep_deadline,
                };
                return;
            }
        }
        syscall::ptrace::syscall_exit(self, tid);
    }

    fn fault(&mut self, tid: Pid, fault: Fault) {
        // si_code values from asm-generic/siginfo.h.
        const SEGV_MAPERR: i32 = 1;
        const SEGV_ACCERR: i32 = 2;
        const BUS_ADRERR: i32 = 2;
        const ILL_ILLOPN: i32 = 2;
        const FPE_INTDIV: i32 = 1;
        let eip = self.tasks.get(&tid).map_or(0, |t| t.cpu.eip);
        let (signo, code, addr) = match fault {
            Fault::Page {
                addr,
                access,
                present: false,
            } => match self.handle_page_fault(tid, addr, access) {
                Ok(()) => return,
                Err(SysErr::Block(wait)) => {
                    if let Some(task) = self.tasks.get_mut(&tid) {
                        task.state = State::Blocked {
                            wait,
                            deadline: None,
                        };
                    }
                    return;
                }
                Err(SysErr::Errno(e)) if e == Errno::ENOMEM => (SIGKILL, 0, addr),
                Err(SysErr::Errno(e)) if e == Errno::EIO => (SIGBUS, BUS_ADRERR, addr),
                Err(SysErr::Errno(e)) if e == Errno::EACCES => (SIGSEGV, SEGV_ACCERR, addr),
                Err(SysErr::Errno(_)) => (SIGSEGV, SEGV_MAPERR, addr),
            },
            Fault::Page { addr, .. } => (SIGSEGV, SEGV_ACCERR, addr),
            Fault::GeneralProtection | Fault::Overflow | Fault::Bound => {
                (SIGSEGV, signal::SI_KERNEL, 0)
            }
            Fault::InvalidOpcode => (SIGILL, ILL_ILLOPN, eip),
            Fault::Divide => (SIGFPE, FPE_INTDIV, eip),
            Fault::X87 => (SIGFPE, 0, eip),
            // do_int3 → do_trap: a kernel-made SIGTRAP.
            Fault::Breakpoint => (SIGTRAP, signal::SI_KERNEL, 0),
            Fault::OutOfMemory => (SIGKILL, 0, 0),
        };
        let bytes = if signo == SIGILL {
            self.read_user(tid, eip, 8).unwrap_or_default()
        } else {
            Vec::new()
        };
        // ud0/ud1/ud2 are invalid on purpose.
        let deliberate = matches!(bytes[..], [0x0f, 0x0b | 0xb9 | 0xff, ..]);
        if signo == SIGILL && !deliberate {
            // An instruction the CPU lacks: name it once, it is our gap.
            let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
            self.log_once(
                0x5300_0000,
                &format!("tabvm: SIGILL at eip {eip:#010x}, bytes {} (an instruction tabvm does not implement?)", hex.join(" ")),
            );
        }
        // Only a fault that becomes a signal is recorded (Linux's
        // set_signal_archinfo and do_trap).
        if let Some(task) = self.tasks.get_mut(&tid) {
            task.trap = trap_record(fault);
        }
        signal::force(self, tid, signo, code, addr);
    }

    /// Maps the page at `addr` for `tid` if a VMA covers it.
    fn handle_page_fault(&mut self, tid: Pid, addr: u32, access: Access) -> SysResult<()> {
        let mm = Rc::clone(&self.task(tid)?.mm);
        let result =
            mm.borrow_mut()
                .fault(&mut self.mem, &mut self.cache, &mut self.fs, addr, access);
        match result {
            Ok(()) => Ok(()),
            Err(FaultError::Pending(block)) => Err(SysErr::Block(Wait::Disk(block))),
            Err(FaultError::Segv) => Err(Errno::EFAULT.into()),
            // Told apart only for the signal's si_code.
            Err(FaultError::Denied) => Err(Errno::EACCES.into()),
            Err(FaultError::Bus) => Err(Errno::EIO.into()),
            Err(FaultError::OutOfMemory) => Err(Errno::ENOMEM.into()),
        }
    }

    fn task(&self, tid: Pid) -> SysResult<&Task> {
        self.tasks.get(&tid).ok_or(SysErr::Errno(Errno::ESRCH))
    }

    fn task_mut(&mut self, tid: Pid) -> SysResult<&mut Task> {
        self.tasks.get_mut(&tid).ok_or(SysErr::Errno(Errno::ESRCH))
    }

    fn alloc_pid(&mut self) -> Pid {
        loop {
            let pid = self.next_pid;
            self.next_pid = if self.next_pid >= 32767 {
                2
            } else {
                self.next_pid + 1
            };
            if !self
                .tasks
                .values()
                .any(|t| t.tid == pid || t.tgid == pid || t.pgid == pid)
            {
                return pid;
            }
        }
    }

    /// Makes every task whose wait `matches` runnable again.
    fn wake(&mut self, matches: impl Fn(Wait) -> bool) {
        for task in self.tasks.values_mut() {
            if let State::Blocked { wait, .. } = task.state
                && (matches(wait) || (wait == Wait::Poll && matches(Wait::Io)))
            {
                task.wake_from(wait);
            }
        }
        if matches(Wait::Io) && !self.io_watches.is_empty() {
            self.signal_io();
        }
    }

    /// Runs `access` against `tid`'s memory, demand-paging as needed: a
    /// fault inside a VMA maps the page and retries.
    fn with_user_memory<T>(
        &mut self,
        tid: Pid,
        mut access: impl FnMut(&mut Mm, &mut Memory) -> Result<T, Fault>,
    ) -> SysResult<T> {
        let mm = Rc::clone(&self.task(tid)?.mm);
        // Each retry maps one more page; a range of N pages needs N + 1 tries.
        for _ in 0..=(USER_COPY_MAX_PAGES + 1) {
            let result = access(&mut mm.borrow_mut(), &mut self.mem);
            match result {
                Ok(value) => return Ok(value),
                Err(Fault::Page {
                    addr,
                    access,
                    present: false,
                }) => {
                    let fixed = mm.borrow_mut().fault(
                        &mut self.mem,
                        &mut self.cache,
                        &mut self.fs,
                        addr,
                        access,
                    );
                    match fixed {
                        Ok(()) => {}
                        Err(FaultError::Pending(block)) => {
                            return Err(SysErr::Block(Wait::Disk(block)));
                        }
                        Err(FaultError::OutOfMemory) => return Err(Errno::ENOMEM.into()),
                        Err(_) => return Err(Errno::EFAULT.into()),
                    }
                }
                Err(Fault::OutOfMemory) => return Err(Errno::ENOMEM.into()),
                Err(_) => return Err(Errno::EFAULT.into()),
            }
        }
        Err(Errno::EFAULT.into())
    }

    /// `copy_from_user`.
    fn read_user(&mut self, tid: Pid, addr: u32, len: usize) -> SysResult<Vec<u8>> {
        if len > USER_COPY_MAX_PAGES * 4096 {
            return Err(Errno::EINVAL.into());
        }
        let mut buf = vec![0; len];
        self.with_user_memory(tid, |mm, mem| mm.space.read(mem, addr, &mut buf))?;
        Ok(buf)
    }

    /// `copy_to_user`.
    fn write_user(&mut self, tid: Pid, addr: u32, data: &[u8]) -> SysResult<()> {
        self.with_user_memory(tid, |mm, mem| mm.space.write(mem, addr, data))
    }

    fn read_user_u32(&mut self, tid: Pid, addr: u32) -> SysResult<u32> {
        self.with_user_memory(tid, |mm, mem| mm.space.read_u32(mem, addr))
    }

    fn write_user_u32(&mut self, tid: Pid, addr: u32, value: u32) -> SysResult<()> {
        self.with_user_memory(tid, |mm, mem| mm.space.write_u32(mem, addr, value))
    }

    /// A NUL-terminated string of at most `max` bytes (ENAMETOOLONG past it).
    fn read_user_cstr(&mut self, tid: Pid, addr: u32, max: usize) -> SysResult<Vec<u8>> {
        let s = self.with_user_memory(tid, |mm, mem| mm.space.read_cstr(mem, addr, max + 1))?;
        if s.len() > max {
            Err(Errno::ENAMETOOLONG.into())
        } else {
            Ok(s)
        }
    }

    /// The time of day as file timestamps keep it.
    fn now_time(&mut self) -> tabvm_fs::Time {
        tabvm_fs::Time::from_nanos(self.host.realtime_ns())
    }

    /// Writes to a host stream.
    fn host_output(&mut self, stream: Stream, data: &[u8]) {
        match self.output.last_mut() {
            Some((last, bytes)) if *last == stream => bytes.extend_from_slice(data),
            _ => self.output.push((stream, data.to_vec())),
        }
    }

    /// Logs `message` about system call `nr` once per machine.
    fn log_once(&mut self, nr: u32, message: &str) {
        if self.logged.insert(nr) {
            self.host.log(message);
        }
    }
}

/// The exception vector and error code of `fault` as the processor reports
/// them (SDM Vol. 3A, 6.3.1 and 6.13; a page fault's code has P, W/R and
/// U/S: always a user access; #GP's is 0 for the faults tabvm raises).
fn trap_record(fault: Fault) -> (u32, u32) {
    match fault {
        Fault::Divide => (0, 0),
        Fault::Breakpoint => (3, 0),
        Fault::Overflow => (4, 0),
        Fault::Bound => (5, 0),
        Fault::InvalidOpcode => (6, 0),
        Fault::GeneralProtection => (13, 0),
        Fault::Page {
            access, present, ..
        } => {
            let write = if access == Access::Write { 2 } else { 0 };
            let fetch = if access == Access::Execute { 0x10 } else { 0 };
            (14, u32::from(present) | write | 4 | fetch)
        }
        Fault::X87 => (16, 0),
        Fault::OutOfMemory => (14, 4),
    }
}
