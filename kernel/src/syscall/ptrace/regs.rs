//! The tracee's registers and memory as a tracer reads and writes them:
//! i386 `struct user_regs_struct` and `struct user` offsets, the fnsave
//! image, TLS entries and the regsets (`arch/x86/kernel/ptrace.c`,
//! `arch/x86/kernel/tls.c`).

use super::*;

/// POKETEXT/POKEDATA: writes a word even into read-only (text) pages, as
/// `access_process_vm` with `FOLL_FORCE` does; copy-on-write keeps it
/// private. EIO where nothing is mapped.
pub(super) fn poke(k: &mut Kernel, pid: Pid, addr: u32, word: u32) -> SysResult<()> {
    // Faults the pages in (reading is allowed wherever writing is forced).
    k.read_user(pid, addr, 4)
        .map_err(|_| SysErr::Errno(Errno::EIO))?;
    let bytes = word.to_le_bytes();
    k.with_user_memory(pid, |mm, mem| mm.space.write_force(mem, addr, &bytes))
        .map_err(|_| SysErr::Errno(Errno::EIO))
}

/// The registers as `struct user_regs_struct` (`getreg`): at a syscall
/// entry stop `eip` is past the `int 0x80`, as Linux shows it.
pub(super) fn user_regs(task: &Task) -> UserRegs {
    let c = &task.cpu;
    let t = task.ptrace.as_deref();
    let entry = t.is_some_and(rewound);
    let interrupted = t.and_then(|t| t.interrupted);
    UserRegs {
        ebx: c.regs[reg::EBX],
        ecx: c.regs[reg::ECX],
        edx: c.regs[reg::EDX],
        esi: c.regs[reg::ESI],
        edi: c.regs[reg::EDI],
        ebp: c.regs[reg::EBP],
        eax: interrupted.unwrap_or(c.regs[reg::EAX]),
        ds: u32::from(c.seg_sel[seg::DS]),
        es: u32::from(c.seg_sel[seg::ES]),
        fs: u32::from(c.seg_sel[seg::FS]),
        gs: u32::from(c.seg_sel[seg::GS]),
        orig_eax: t.map_or(u32::MAX, |t| t.orig_eax),
        eip: if entry || interrupted.is_some() {
            c.eip.wrapping_add(2)
        } else {
            c.eip
        },
        cs: u32::from(USER_CS),
        eflags: c.eflags(),
        esp: c.regs[reg::ESP],
        ss: u32::from(USER_DS),
    }
}

/// Writes one register at `struct user` offset `off` (`putreg`).
pub(super) fn put_reg(k: &mut Kernel, pid: Pid, off: u32, value: u32) -> SysResult {
    let task = k.task_mut(pid)?;
    let entry = task.ptrace.as_deref().is_some_and(rewound);
    let cpu = &mut task.cpu;
    let segment = |cpu: &mut tabvm_cpu::Cpu, s: usize| -> SysResult {
        // `set_segment`: a null or RPL-3 selector the CPU accepts.
        let sel = (value & 0xffff) as u16;
        if sel != 0 && sel & 3 != 3 {
            return Err(Errno::EIO.into());
        }
        cpu.load_segment(s, sel)
            .map_err(|_| SysErr::Errno(Errno::EIO))?;
        Ok(0)
    };
    match off {
        0 => cpu.regs[reg::EBX] = value,
        4 => cpu.regs[reg::ECX] = value,
        8 => cpu.regs[reg::EDX] = value,
        12 => cpu.regs[reg::ESI] = value,
        16 => cpu.regs[reg::EDI] = value,
        20 => cpu.regs[reg::EBP] = value,
        24 => cpu.regs[reg::EAX] = value,
        28 => return segment(cpu, seg::DS),
        32 => return segment(cpu, seg::ES),
        36 => return segment(cpu, seg::FS),
        40 => return segment(cpu, seg::GS),
        44 => {
            if let Some(t) = task.ptrace.as_deref_mut() {
                t.orig_eax = value;
            }
        }
        48 => cpu.eip = if entry { value.wrapping_sub(2) } else { value },
        // cs and ss: only the flat user selectors exist here.
        52 | 64 if value & 0xffff == 0 => return Err(Errno::EIO.into()),
        56 => {
            let flags = (cpu.eflags() & !EFLAGS_SETTABLE) | (value & EFLAGS_SETTABLE);
            cpu.set_eflags(flags);
        }
        60 => cpu.regs[reg::ESP] = value,
        _ => {}
    }
    Ok(0)
}

/// PTRACE_SETREGS / NT_PRSTATUS: every register, in `struct` order.
pub(super) fn set_user_regs(k: &mut Kernel, pid: Pid, regs: &UserRegs) -> SysResult {
    let words = [
        regs.ebx,
        regs.ecx,
        regs.edx,
        regs.esi,
        regs.edi,
        regs.ebp,
        regs.eax,
        regs.ds,
        regs.es,
        regs.fs,
        regs.gs,
        regs.orig_eax,
        regs.eip,
        regs.cs,
        regs.eflags,
        regs.esp,
        regs.ss,
    ];
    for (i, word) in words.into_iter().enumerate() {
        put_reg(k, pid, 4 * i as u32, word)?;
    }
    Ok(0)
}

/// PTRACE_PEEKUSER: a register, a debug register (all zero: none are
/// set), or 0 elsewhere in `struct user`; EIO past it or unaligned.
pub(super) fn peek_user(k: &Kernel, pid: Pid, off: u32) -> SysResult<u32> {
    if off & 3 != 0 || off >= USER_SIZE {
        return Err(Errno::EIO.into());
    }
    if (off as usize) < UserRegs::SIZE {
        let regs = user_regs(k.task(pid)?).to_bytes();
        let i = off as usize;
        return Ok(u32::from_le_bytes([
            regs[i],
            regs[i + 1],
            regs[i + 2],
            regs[i + 3],
        ]));
    }
    let _ = USER_DEBUGREG;
    Ok(0)
}

/// PTRACE_POKEUSER: a register; debug registers take only 0 (no hardware
/// breakpoints here); the rest of `struct user` is ignored.
pub(super) fn poke_user(k: &mut Kernel, pid: Pid, off: u32, value: u32) -> SysResult {
    if off & 3 != 0 || off >= USER_SIZE {
        return Err(Errno::EIO.into());
    }
    if (off as usize) < UserRegs::SIZE {
        return put_reg(k, pid, off, value);
    }
    if off >= USER_DEBUGREG && value != 0 {
        return Err(Errno::EIO.into());
    }
    Ok(0)
}

/// `struct user_i387_struct`: the fnsave image of `pid`'s FPU.
pub(super) fn fp_image(k: &mut Kernel, pid: Pid) -> SysResult<[u8; USER_I387_SIZE]> {
    let (image, _) = crate::signal::fnsave_image(k, pid).ok_or(SysErr::Errno(Errno::ESRCH))?;
    Ok(image)
}

/// The `user_desc` of TLS entry `index` (12..=14).
pub(super) fn tls_desc(task: &Task, index: u32) -> SysResult<[u8; 16]> {
    let first = tabvm_cpu::state::TLS_FIRST as u32;
    let slot = index
        .checked_sub(first)
        .filter(|i| (*i as usize) < tabvm_cpu::state::TLS_COUNT)
        .ok_or(SysErr::Errno(Errno::EIO))?;
    let d = task.cpu.tls[slot as usize];
    let mut raw = [0u8; 16];
    raw[0..4].copy_from_slice(&index.to_le_bytes());
    raw[4..8].copy_from_slice(&d.base.to_le_bytes());
    raw[8..12].copy_from_slice(&d.limit.to_le_bytes());
    raw[12..16].copy_from_slice(&d.flags.to_le_bytes());
    Ok(raw)
}

/// PTRACE_GET_THREAD_AREA: entry `index` as a `user_desc` at `data`.
pub(super) fn get_thread_area(
    k: &mut Kernel,
    tid: Pid,
    pid: Pid,
    index: u32,
    data: u32,
) -> SysResult {
    let raw = tls_desc(k.task(pid)?, index)?;
    k.write_user(tid, data, &raw)?;
    Ok(0)
}

/// PTRACE_SET_THREAD_AREA: entry `index` from the `user_desc` at `data`.
pub(super) fn set_thread_area(
    k: &mut Kernel,
    tid: Pid,
    pid: Pid,
    index: u32,
    data: u32,
) -> SysResult {
    let raw = k.read_user(tid, data, 16)?;
    let w = |i: usize| u32::from_le_bytes([raw[i], raw[i + 1], raw[i + 2], raw[i + 3]]);
    let first = tabvm_cpu::state::TLS_FIRST as u32;
    if !(first..first + tabvm_cpu::state::TLS_COUNT as u32).contains(&index) {
        return Err(Errno::EIO.into());
    }
    k.task_mut(pid)?
        .cpu
        .set_tls_descriptor(index as usize, w(4), w(8), w(12))
        .map_err(|_| SysErr::Errno(Errno::EINVAL))?;
    Ok(0)
}

/// PTRACE_GETREGSET / SETREGSET: NT_PRSTATUS (the registers), NT_PRFPREG
/// (the fnsave image) and NT_386_TLS (the three TLS entries), through the
/// `iovec` at `data`, whose length is trimmed to what was moved.
pub(super) fn regset(
    k: &mut Kernel,
    tid: Pid,
    pid: Pid,
    request: u32,
    note: u32,
    data: u32,
) -> SysResult {
    let raw = k.read_user(tid, data, RegsetIovec::SIZE)?;
    let iov = RegsetIovec::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
    let (full, unit) = match note {
        NT_PRSTATUS => (UserRegs::SIZE, 4),
        NT_PRFPREG => (USER_I387_SIZE, 4),
        NT_386_TLS => (16 * tabvm_cpu::state::TLS_COUNT, 16),
        _ => return Err(Errno::EINVAL.into()),
    };
    if !(iov.len as usize).is_multiple_of(unit) {
        return Err(Errno::EINVAL.into());
    }
    let len = (iov.len as usize).min(full);
    let current: Vec<u8> = match note {
        NT_PRSTATUS => user_regs(k.task(pid)?).to_bytes().to_vec(),
        NT_PRFPREG => fp_image(k, pid)?.to_vec(),
        _ => {
            let task = k.task(pid)?;
            let first = tabvm_cpu::state::TLS_FIRST as u32;
            let mut out = Vec::new();
            for i in 0..tabvm_cpu::state::TLS_COUNT as u32 {
                out.extend_from_slice(&tls_desc(task, first + i)?);
            }
            out
        }
    };
    if request == PTRACE_GETREGSET {
        k.write_user(tid, iov.base, current.get(..len).unwrap_or_default())?;
    } else {
        let mut new = current.clone();
        let given = k.read_user(tid, iov.base, len)?;
        new[..len].copy_from_slice(&given);
        match note {
            NT_PRSTATUS => {
                let regs = UserRegs::parse(&new).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
                set_user_regs(k, pid, &regs)?;
            }
            NT_PRFPREG => {
                let task = k.task_mut(pid)?;
                tabvm_cpu::x87::env::restore_image(&mut task.cpu.x87, true, &new);
            }
            _ => {
                let first = tabvm_cpu::state::TLS_FIRST as u32;
                for (i, d) in new.chunks_exact(16).enumerate() {
                    let w = |j: usize| u32::from_le_bytes([d[j], d[j + 1], d[j + 2], d[j + 3]]);
                    k.task_mut(pid)?
                        .cpu
                        .set_tls_descriptor((first + i as u32) as usize, w(4), w(8), w(12))
                        .map_err(|_| SysErr::Errno(Errno::EINVAL))?;
                }
            }
        }
    }
    let trimmed = RegsetIovec {
        base: iov.base,
        len: len as u32,
    };
    k.write_user(tid, data, &trimmed.to_bytes())?;
    Ok(0)
}
