//! execve(2): replacing a task's program with an ELF file (or a `#!`
//! script's interpreter), as Linux's `fs/exec.c`, `fs/binfmt_elf.c` and
//! `fs/binfmt_script.c` do.
//!
//! Everything that can fail or wait (path lookup, reading headers from the
//! disk) happens before anything of the task changes, so a parked or failed
//! execve leaves the old program intact. Segments are mapped as file-backed
//! VMAs and paged in on first touch.

use crate::abi::errno::Errno;
use crate::abi::flags::auxv::*;
use crate::abi::flags::mman::{PROT_EXEC, PROT_READ, PROT_WRITE};
use crate::abi::flags::mode::{S_ISGID, S_ISUID};
use crate::elf::{ElfError, LoadPlan, MAX_INTERP_DEPTH, StackExec, parse_shebang};
use crate::error::{SysErr, SysResult};
use crate::mm::{
    Backing, MMAP_BASE, Mm, STACK_EXPAND, STACK_MAX, STACK_TOP, TASK_SIZE, Vma, page_down, page_up,
};
use crate::task::{Pid, SigAction, State};
use crate::{Kernel, vfs};
use std::cell::RefCell;
use std::rc::Rc;
use tabvm_cpu::Cpu;
use tabvm_cpu::mmu::{Memory, pte};
use tabvm_fs::FileType;

/// Total bytes of argument and environment strings accepted (`ARG_MAX`
/// as Linux computes it from the default 8 MiB stack: a quarter of it).
const ARG_MAX: usize = 2 << 20;
/// Longest single argument (`MAX_ARG_STRLEN`).
const MAX_ARG_STRLEN: usize = 32 * 4096;
/// The most header bytes read to find the program headers.
const HEADER_MAX: usize = 64 * 1024;

/// An executable file read far enough to load it.
struct Image {
    hold: Rc<crate::vfs::InodeRef>,
    plan: LoadPlan,
    /// The absolute path, symlinks resolved (`/proc/<pid>/maps`, `exe`).
    path: Vec<u8>,
}

/// Replaces `tid`'s program. On success the task starts at the new entry
/// point when it next runs.
pub(crate) fn execve(
    k: &mut Kernel,
    tid: Pid,
    path: &[u8],
    mut argv: Vec<Vec<u8>>,
    envp: &[Vec<u8>],
) -> SysResult<()> {
    // The strings and the pointers to them must fit the stack's quarter.
    let strings: usize = argv.iter().chain(envp).map(|s| s.len() + 1).sum::<usize>()
        + 4 * (argv.len() + envp.len() + 2);
    if strings > ARG_MAX || argv.iter().chain(envp).any(|s| s.len() >= MAX_ARG_STRLEN) {
        return Err(Errno::E2BIG.into());
    }
    let cwd = k.task(tid)?.fs.borrow().cwd;
    let cwd_path = vfs::node_path(k, cwd).ok();
    // AT_EXECFN and the process name: the path as given (a script's own).
    let filename = path.to_vec();
    let mut path = path.to_vec();
    let mut depth = 0;
    let (ino, head, size, canonical) = loop {
        let (node, canonical) =
            vfs::resolve_with_path(k, tid, cwd, cwd_path.as_deref(), &path, true)?;
        let ino = node.disk()?;
        let meta = k.fs.getattr(ino)?;
        check_executable(k, tid, &meta)?;
        let mut head = vec![
            0;
            usize::try_from(meta.size)
                .unwrap_or(usize::MAX)
                .min(HEADER_MAX)
        ];
        let n = k.fs.read(ino, 0, &mut head)?;
        head.truncate(n);
        match parse_shebang(&head) {
            None => break (ino, head, meta.size, canonical),
            Some(Err(errno)) => return Err(errno.into()),
            Some(Ok(script)) => {
                depth += 1;
                if depth > MAX_INTERP_DEPTH {
                    return Err(Errno::ELOOP.into());
                }
                // argv[0] is replaced by: interpreter, [arg], script path.
                let mut new_argv = vec![script.interpreter.clone()];
                new_argv.extend(script.arg);
                new_argv.push(path.clone());
                new_argv.extend(argv.drain(..).skip(1));
                argv = new_argv;
                path = script.interpreter;
            }
        }
    };
    let plan = parse_plan(&head, size)?;
    let main = Image {
        hold: vfs::hold(k, ino),
        plan,
        path: match canonical {
            Some(path) => path,
            None => absolute(k, cwd, &path)?,
        },
    };
    let interp = match &main.plan.interp {
        Some(interp_path) => {
            let (node, canonical) =
                vfs::resolve_with_path(k, tid, cwd, cwd_path.as_deref(), interp_path, true)?;
            let ino = node.disk()?;
            let meta = k.fs.getattr(ino)?;
            if meta.file_type() != FileType::Regular {
                return Err(Errno::EACCES.into());
            }
            let mut head = vec![
                0;
                usize::try_from(meta.size)
                    .unwrap_or(usize::MAX)
                    .min(HEADER_MAX)
            ];
            let n = k.fs.read(ino, 0, &mut head)?;
            head.truncate(n);
            let plan = parse_plan(&head, meta.size)?;
            if plan.interp.is_some() {
                return Err(Errno::ELIBBAD.into());
            }
            Some(Image {
                hold: vfs::hold(k, ino),
                plan,
                path: canonical.unwrap_or_else(|| interp_path.clone()),
            })
        }
        None => None,
    };
    let meta = k.fs.getattr(main.hold.ino)?;
    let exe = main.path.clone();

    // Nothing can fail past this point but running out of memory.
    let mut random = [0u8; 16];
    k.host.random(&mut random);
    let task = k.task(tid)?;
    let creds = {
        let mut creds = task.creds.clone();
        if u32::from(meta.mode) & S_ISUID != 0 {
            creds.euid = meta.uid;
            creds.suid = meta.uid;
        }
        if u32::from(meta.mode) & S_ISGID != 0 {
            creds.egid = meta.gid;
            creds.sgid = meta.gid;
        }
        creds
    };
    let mut mm = Mm::new();
    let (entry, sp) = build(
        &mut k.mem,
        &mut mm,
        &main,
        interp.as_ref(),
        &filename,
        &argv,
        envp,
        &creds,
        &random,
    )
    .map_err(|()| {
        mm.clear(&mut k.mem);
        SysErr::Errno(Errno::ENOMEM)
    })?;
    // The robust futexes the old program held die with it (`futex_exec_release`).
    crate::syscall::exit_robust_list(k, tid);

    let task = k.task_mut(tid)?;
    let old = std::mem::replace(&mut task.mm, Rc::new(RefCell::new(mm)));
    let mut cpu = Cpu::new();
    cpu.eip = entry;
    cpu.regs[tabvm_cpu::state::reg::ESP] = sp;
    task.cpu = cpu;
    task.creds = creds;
    // A table shared with another process (clone's CLONE_FILES) is not
    // closed under it: the new program gets a copy (`unshare_files`).
    if Rc::strong_count(&task.files) > 1 {
        let copy = task.files.borrow().copy();
        task.files = Rc::new(RefCell::new(copy));
    }
    let closed = task.files.borrow_mut().close_on_exec();
    // Handlers point into the old program: back to the default action.
    let handlers: Vec<SigAction> = task.sighand.borrow().to_vec();
    let mut fresh = [SigAction::default(); crate::abi::signal::NSIG as usize];
    for (new, old) in fresh.iter_mut().zip(handlers) {
        if old.handler == crate::abi::signal::SIG_IGN {
            new.handler = old.handler;
        }
    }
    task.sighand = Rc::new(RefCell::new(fresh));
    let name = filename.rsplit(|b| *b == b'/').next().unwrap_or(&filename);
    task.comm = name[..name.len().min(15)].to_vec();
    task.exe = exe;
    task.sleep_deadline = None;
    let vfork_parent = task.vfork_parent.take();
    if Rc::strong_count(&old) == 1 {
        old.borrow_mut().clear(&mut k.mem);
    }
    for fd in &closed {
        crate::syscall::lock_closed(k, tid, &fd.file);
    }
    // Closed pipe ends and descriptions' locks may let waiters on.
    if !closed.is_empty() {
        drop(closed);
        k.wake(|w| w == crate::error::Wait::Io);
    }
    if let Some(parent) = vfork_parent
        && let Some(parent) = k.tasks.get_mut(&parent)
        && matches!(
            parent.state,
            State::Blocked {
                wait: crate::error::Wait::Vfork(_),
                ..
            }
        )
    {
        parent.state = State::Runnable;
    }
    Ok(())
}

fn parse_plan(head: &[u8], size: u64) -> SysResult<LoadPlan> {
    match LoadPlan::parse(head, size) {
        Ok(plan) => Ok(plan),
        Err(ElfError::NeedMore { .. }) => Err(Errno::ENOEXEC.into()),
        Err(e) => Err(e.errno().into()),
    }
}

/// Regular file with an execute bit the caller may use (root needs any one).
fn check_executable(k: &Kernel, tid: Pid, meta: &tabvm_fs::Metadata) -> SysResult<()> {
    if meta.file_type() != FileType::Regular {
        return Err(Errno::EACCES.into());
    }
    let creds = &k.task(tid)?.creds;
    let mode = u32::from(meta.mode);
    let allowed = if creds.euid == 0 {
        mode & 0o111 != 0
    } else if creds.euid == meta.uid {
        mode & 0o100 != 0
    } else if creds.egid == meta.gid || creds.groups.contains(&meta.gid) {
        mode & 0o010 != 0
    } else {
        mode & 0o001 != 0
    };
    if allowed {
        Ok(())
    } else {
        Err(Errno::EACCES.into())
    }
}

/// `path` made absolute against the cwd (for `/proc/self/exe`, AT_EXECFN is
/// the path as given).
fn absolute(k: &mut Kernel, cwd: vfs::Node, path: &[u8]) -> SysResult<Vec<u8>> {
    if path.starts_with(b"/") {
        return Ok(path.to_vec());
    }
    let mut full = vfs::node_path(k, cwd)?;
    if full != b"/" {
        full.push(b'/');
    }
    full.extend_from_slice(path.strip_prefix(b"./").unwrap_or(path));
    Ok(full)
}

fn prot_of(s: &crate::elf::Segment) -> u32 {
    (if s.prot.read { PROT_READ } else { 0 })
        | (if s.prot.write { PROT_WRITE } else { 0 })
        | (if s.prot.exec { PROT_EXEC } else { 0 })
}

/// Records the VMAs of one ELF image's segments.
fn map_image(
    mem: &mut Memory,
    mm: &mut Mm,
    hold: &Rc<crate::vfs::InodeRef>,
    plan: &LoadPlan,
    name: &[u8],
) {
    let ino = hold.ino;
    let name = String::from_utf8_lossy(name).into_owned();
    for s in &plan.segments {
        let prot = prot_of(s);
        let file_top = page_up(s.data_end).min(s.map_end).max(s.map_start);
        if s.file_len > 0 && file_top > s.map_start {
            mm.map(
                mem,
                Vma {
                    start: s.map_start,
                    end: file_top,
                    prot,
                    shared: false,
                    backing: Backing::File {
                        ino,
                        offset: u64::from(s.file_offset),
                        file_end: s.data_end,
                        hold: Rc::clone(hold),
                    },
                    name: name.clone(),
                },
            );
        }
        let bss_start = if s.file_len > 0 {
            file_top
        } else {
            s.map_start
        };
        if s.map_end > bss_start {
            mm.map(
                mem,
                Vma {
                    start: bss_start,
                    end: s.map_end,
                    prot,
                    shared: false,
                    backing: Backing::Anon,
                    name: String::new(),
                },
            );
        }
    }
}

/// Builds the new address space: segments, interpreter, vDSO, stack.
/// Returns the entry point and the initial stack pointer.
#[allow(clippy::too_many_arguments)]
fn build(
    mem: &mut Memory,
    mm: &mut Mm,
    main: &Image,
    interp: Option<&Image>,
    filename: &[u8],
    argv: &[Vec<u8>],
    envp: &[Vec<u8>],
    creds: &crate::task::Creds,
    random: &[u8; 16],
) -> Result<(u32, u32), ()> {
    let main_plan = if main.plan.is_dyn() {
        main.plan
            .relocate(
                crate::elf::ELF_ET_DYN_BASE.wrapping_sub(main.plan.min_addr),
                TASK_SIZE,
            )
            .map_err(|_| ())?
    } else {
        main.plan.clone()
    };
    map_image(mem, mm, &main.hold, &main_plan, &main.path);
    mm.brk_start = page_up(main_plan.max_addr);
    mm.brk = mm.brk_start;

    let stack_exec = main_plan.stack != StackExec::NonExecutable;
    let stack_prot = PROT_READ | PROT_WRITE | if stack_exec { PROT_EXEC } else { 0 };
    let stack_bottom = STACK_TOP - STACK_MAX;
    mm.map(
        mem,
        Vma {
            start: stack_bottom,
            end: STACK_TOP,
            prot: stack_prot,
            shared: false,
            backing: Backing::Anon,
            name: "[stack]".into(),
        },
    );

    let (entry, base) = match interp {
        Some(interp) => {
            let at = mm
                .find_free(page_up(interp.plan.span()), MMAP_BASE)
                .ok_or(())?;
            let plan = interp
                .plan
                .relocate(at.wrapping_sub(interp.plan.min_addr), TASK_SIZE)
                .map_err(|_| ())?;
            map_image(mem, mm, &interp.hold, &plan, &interp.path);
            (plan.entry, plan.bias)
        }
        None => (main_plan.entry, 0),
    };

    let vdso = mm.find_free(4096, MMAP_BASE).ok_or(())?;
    mm.map(
        mem,
        Vma {
            start: vdso,
            end: vdso + 4096,
            prot: PROT_READ | PROT_EXEC,
            shared: false,
            backing: Backing::Anon,
            name: "[vdso]".into(),
        },
    );
    let frame = mem.alloc_frame().map_err(|_| ())?;
    mem.frame_mut(frame)[..crate::vdso::SIZE].copy_from_slice(&crate::vdso::image());
    mm.space.map_frame(mem, vdso, frame, pte::READ | pte::EXEC);
    mem.frame_unref(frame);

    // The strings, top down: exec filename, then argv and envp (argv lowest).
    let mut stack = StackWriter {
        mm,
        mem,
        sp: STACK_TOP - 4,
    };
    let execfn = stack.push_bytes(filename)?;
    let mut env_ptrs = Vec::with_capacity(envp.len());
    let mut arg_ptrs = Vec::with_capacity(argv.len());
    for s in envp.iter().rev() {
        env_ptrs.push(stack.push_bytes(s)?);
    }
    for s in argv.iter().rev() {
        arg_ptrs.push(stack.push_bytes(s)?);
    }
    let strings_low = stack.sp;
    env_ptrs.reverse();
    arg_ptrs.reverse();
    // Strings lie argv first, then envp, then the exec name, upwards.
    let env_start = env_ptrs.first().copied().unwrap_or(execfn);
    stack.mm.args = (arg_ptrs.first().copied().unwrap_or(env_start), env_start);
    stack.mm.env = (env_start, execfn);
    let platform = stack.push_bytes(b"i686")?;
    stack.sp &= !15;
    stack.sp -= 16;
    let random_at = stack.sp;
    stack.write(random_at, random)?;

    let hwcap = tabvm_cpu::cpuid(1)[3];
    let phdr = main_plan.phdr.unwrap_or(0);
    let auxv: [(u32, u32); 20] = [
        (AT_SYSINFO, vdso + crate::vdso::VSYSCALL),
        (AT_SYSINFO_EHDR, vdso),
        (AT_HWCAP, hwcap),
        (AT_PAGESZ, 4096),
        (AT_CLKTCK, 100),
        (AT_PHDR, phdr),
        (AT_PHENT, main_plan.phent),
        (AT_PHNUM, main_plan.phnum),
        (AT_BASE, base),
        (AT_FLAGS, 0),
        (AT_ENTRY, main_plan.entry),
        (AT_UID, creds.uid),
        (AT_EUID, creds.euid),
        (AT_GID, creds.gid),
        (AT_EGID, creds.egid),
        (
            AT_SECURE,
            u32::from(creds.euid != creds.uid || creds.egid != creds.gid),
        ),
        (AT_RANDOM, random_at),
        (AT_HWCAP2, 0),
        (AT_EXECFN, execfn),
        (AT_PLATFORM, platform),
    ];
    let words = 1 + argv.len() + 1 + envp.len() + 1 + 2 * (auxv.len() + 1);
    let sp = (stack.sp - 4 * words as u32) & !15;
    let mut table: Vec<u32> = Vec::with_capacity(words);
    table.push(argv.len() as u32);
    table.extend(&arg_ptrs);
    table.push(0);
    table.extend(&env_ptrs);
    table.push(0);
    for (key, value) in auxv {
        table.extend([key, value]);
    }
    table.extend([AT_NULL, 0]);
    let bytes: Vec<u8> = table.iter().flat_map(|w| w.to_le_bytes()).collect();
    stack.write(sp, &bytes)?;
    // The stack keeps 128 KiB below the strings, and grows down from there
    // on demand (`setup_arg_pages`, `Mm::fault`).
    let low = page_down(strings_low)
        .saturating_sub(STACK_EXPAND)
        .min(page_down(sp));
    stack.mm.unmap(stack.mem, STACK_TOP - STACK_MAX, low);
    Ok((entry, sp))
}

/// Writes the initial stack into a fresh address space, paging in its
/// anonymous pages as it goes.
struct StackWriter<'a> {
    mm: &'a mut Mm,
    mem: &'a mut Memory,
    sp: u32,
}

impl StackWriter<'_> {
    fn write(&mut self, at: u32, data: &[u8]) -> Result<(), ()> {
        let end = at.checked_add(data.len() as u32).ok_or(())?;
        let mut page = at & !4095;
        while page < end {
            if self.mm.space.pte(page) & pte::PRESENT == 0 {
                self.mm
                    .space
                    .map_zeroed(self.mem, page, 4096, pte::READ | pte::WRITE)
                    .map_err(|_| ())?;
            }
            page += 4096;
        }
        self.mm.space.write(self.mem, at, data).map_err(|_| ())
    }

    /// Pushes a NUL-terminated copy of `s`; returns its address.
    fn push_bytes(&mut self, s: &[u8]) -> Result<u32, ()> {
        let len = s.len() as u32 + 1;
        let at = self
            .sp
            .checked_sub(len)
            .filter(|a| *a >= STACK_TOP - STACK_MAX)
            .ok_or(())?;
        let mut bytes = s.to_vec();
        bytes.push(0);
        self.write(at, &bytes)?;
        self.sp = at;
        Ok(at)
    }
}
