//! The interpreter: runs decoded blocks against the CPU state and the MMU.
//!
//! Handlers are selected once per instruction at decode time
//! ([`select`]) and named after the iced-x86 mnemonic in lower case
//! (`add`, `shld`, `movs`...), with the operand size in bits as a const
//! generic parameter (`alu::<ADD, 32>`); they read their operands through
//! [`Ctx`], whose memory accessors take the page-table fast path (one table
//! load, one mask test) and fall back to [`AddressSpace`] for page crossings,
//! copy-on-write, code invalidation and faults.
//!
//! Precision: a handler commits nothing before the last access that can
//! fault, so a returned [`Fault`] leaves the state of before the instruction
//! (string instructions with `rep` commit whole iterations, as hardware does).

// Every handler has the `Handler` signature, even those that cannot fail.
#![allow(clippy::unnecessary_wraps)]

mod alu;
mod data;
mod misc;
pub(crate) use misc::cpuid_leaf;
mod mmx;
mod shift;
mod string;

use crate::block::{self, Op};
use crate::fault::{Access, Fault};
use crate::mmu::{AddressSpace, Frame, Memory, pte};
use crate::state::Cpu;
use iced_x86::{Instruction, Mnemonic, OpKind, Register};

/// Why [`run`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The instruction budget is used up; call [`run`] again.
    Budget,
    /// `int 0x80`: `eip` is already past it. The kernel reads the syscall
    /// number and arguments from eax, ebx, ecx, edx, esi, edi, ebp and writes
    /// the result to eax; to restart the syscall it sets `eip -= 2`.
    Syscall,
    /// `sysenter`: `eip` is past it (the kernel returns to the vDSO's
    /// landing address itself, as Linux's `sysexit` does).
    Sysenter,
    /// A precise fault: `eip` addresses the faulting instruction, except for
    /// the traps `Breakpoint` and `Overflow`, where it is past it.
    Fault(Fault),
}

/// What a handler tells the block loop.
pub(crate) enum Step {
    /// Continue with the next instruction of the block.
    Next,
    /// `cpu.eip` was set: leave the block.
    Jump,
    /// Stop running with [`Ctx::exit`]; `cpu.eip` was set by the handler.
    Exit,
}

pub(crate) type R = Result<Step, Fault>;
pub(crate) type Handler = fn(&mut Ctx, &Op) -> R;

/// Everything a handler may touch.
pub(crate) struct Ctx<'a> {
    pub cpu: &'a mut Cpu,
    pub mem: &'a mut Memory,
    pub aspace: &'a mut AddressSpace,
    /// Why the run stops after a handler returned [`Step::Exit`] (kept out
    /// of the return value so that it fits in a register).
    pub exit: Exit,
}

/// Runs guest code from `cpu.eip` until about `budget` instructions have
/// retired (checked at block boundaries), a syscall or a fault.
pub fn run(cpu: &mut Cpu, mem: &mut Memory, aspace: &mut AddressSpace, budget: u64) -> Exit {
    let stop = cpu.icount.wrapping_add(budget);
    let mut current: Option<std::rc::Rc<block::Block>> = None;
    loop {
        if cpu.icount >= stop {
            return Exit::Budget;
        }
        let generation = mem.code_cache.generation;
        // Block chaining: the block just run remembers its recent
        // successors, so a loop (itself) or a hot edge runs without a
        // cache lookup, as long as no code was written since.
        let eip = cpu.eip;
        let blk = match current.take() {
            Some(prev) => {
                if prev.runs_at(eip, aspace) {
                    prev
                } else if let Some(b) = prev.chained(eip, generation, aspace) {
                    b
                } else {
                    match block::lookup(mem, aspace, eip) {
                        Ok(b) => {
                            prev.link(&b, mem.code_cache.generation);
                            b
                        }
                        Err(f) => return Exit::Fault(f),
                    }
                }
            }
            None => match block::lookup(mem, aspace, eip) {
                Ok(b) => b,
                Err(f) => return Exit::Fault(f),
            },
        };
        let generation = mem.code_cache.generation;
        let mut ctx = Ctx {
            cpu,
            mem,
            aspace,
            exit: Exit::Budget,
        };
        let mut done = 0u64;
        let mut left_block = false;
        for (k, op) in blk.ops.iter().enumerate() {
            match (op.handler)(&mut ctx, op) {
                Ok(Step::Next) => {
                    done += 1;
                    if ctx.mem.code_cache.generation != generation {
                        // Code was written: continue from a fresh decode at
                        // the next op's address (ops are in execution order;
                        // after a followed call that is the call's target).
                        ctx.cpu.eip = blk
                            .ops
                            .get(k + 1)
                            .map_or(op.insn.next_ip32(), |n| n.insn.ip32());
                        left_block = true;
                        break;
                    }
                }
                Ok(Step::Jump) => {
                    done += 1;
                    left_block = true;
                    break;
                }
                Ok(Step::Exit) => {
                    ctx.cpu.icount += done + 1;
                    return ctx.exit;
                }
                Err(f) => {
                    ctx.cpu.eip = op.insn.ip32();
                    ctx.cpu.icount += done;
                    return Exit::Fault(f);
                }
            }
        }
        if !left_block && let Some(last) = blk.ops.last() {
            cpu.eip = last.insn.next_ip32();
        }
        cpu.icount += done;
        if mem.code_cache.generation == generation {
            current = Some(blk);
        }
    }
}

/// Runs the one instruction at `cpu.eip`, as the trap flag makes the
/// processor do (SDM Vol. 3A §17.3.1.4, single-step exception): for
/// ptrace's `PTRACE_SINGLESTEP`. [`Exit::Budget`] when it retired; a
/// repeated string instruction runs all its iterations.
pub fn step(cpu: &mut Cpu, mem: &mut Memory, aspace: &mut AddressSpace) -> Exit {
    let blk = match block::lookup(mem, aspace, cpu.eip) {
        Ok(b) => b,
        Err(f) => return Exit::Fault(f),
    };
    let Some(op) = blk.ops.first() else {
        return Exit::Budget;
    };
    let mut ctx = Ctx {
        cpu,
        mem,
        aspace,
        exit: Exit::Budget,
    };
    match (op.handler)(&mut ctx, op) {
        Ok(Step::Next) => {
            // The next op is where execution goes (after a followed
            // branch, its target).
            ctx.cpu.eip = blk
                .ops
                .get(1)
                .map_or(op.insn.next_ip32(), |n| n.insn.ip32());
            ctx.cpu.icount += 1;
            Exit::Budget
        }
        Ok(Step::Jump) => {
            ctx.cpu.icount += 1;
            Exit::Budget
        }
        Ok(Step::Exit) => {
            ctx.cpu.icount += 1;
            ctx.exit
        }
        Err(f) => {
            ctx.cpu.eip = op.insn.ip32();
            Exit::Fault(f)
        }
    }
}

/// For a direct `jmp rel`/`call rel32` whose target the decoder follows
/// inside the block: a handler that does the branch's side effects but
/// returns [`Step::Next`] (the block continues at the target).
pub(crate) fn inline_branch(i: &Instruction) -> Option<Handler> {
    use iced_x86::Code;
    match i.code() {
        Code::Jmp_rel8_32 | Code::Jmp_rel32_32 => Some(misc::jmp_inline),
        Code::Call_rel32_32 => Some(misc::call_inline),
        _ => None,
    }
}

/// Handler for bytes iced-x86 could not decode.
pub(crate) fn invalid_opcode(_: &mut Ctx, _: &Op) -> R {
    Err(Fault::InvalidOpcode)
}

/// Instructions after which a block must end even though iced-x86 calls
/// their flow "Next" (they may leave the block or exit the run loop).
pub(crate) fn ends_block(i: &Instruction) -> bool {
    i.has_rep_prefix()
        || i.has_repne_prefix()
        || matches!(
            i.mnemonic(),
            Mnemonic::Sysenter | Mnemonic::Cpuid | Mnemonic::Rdtsc
        )
}

#[inline(always)]
pub(crate) const fn mask(s: u32) -> u32 {
    if s >= 32 { u32::MAX } else { (1 << s) - 1 }
}

#[inline(always)]
pub(crate) const fn sext(v: u32, s: u32) -> u32 {
    match s {
        8 => v as u8 as i8 as i32 as u32,
        16 => v as u16 as i16 as i32 as u32,
        _ => v,
    }
}

/// Size in bits of a general register (0 for others).
pub(crate) fn reg_bits(r: Register) -> u32 {
    match r as u32 {
        1..=8 => 8,
        21..=28 => 16,
        37..=44 => 32,
        71..=76 => 16,
        _ => 0,
    }
}

/// Size in bits of operand `n`.
pub(crate) fn op_bits(i: &Instruction, n: u32) -> u32 {
    match i.op_kind(n) {
        OpKind::Register => reg_bits(i.op_register(n)),
        OpKind::Immediate8 | OpKind::Immediate8_2nd => 8,
        OpKind::Immediate16 | OpKind::Immediate8to16 => 16,
        OpKind::Immediate32 | OpKind::Immediate8to32 => 32,
        _ => i.memory_size().size() as u32 * 8,
    }
}

/// Where an r/m operand lives.
#[derive(Clone, Copy)]
pub(crate) enum Loc {
    Reg(Register),
    Mem(u32),
}

impl Ctx<'_> {
    /// Reads a general register of any size, zero-extended.
    #[inline(always)]
    pub fn reg(&self, r: Register) -> u32 {
        let n = r as usize;
        match n {
            37..=44 => self.cpu.regs[n - 37],
            21..=28 => self.cpu.regs[n - 21] & 0xffff,
            1..=4 => self.cpu.regs[n - 1] & 0xff,
            5..=8 => (self.cpu.regs[n - 5] >> 8) & 0xff,
            71..=76 => u32::from(self.cpu.seg_sel[n - 71]),
            _ => 0,
        }
    }

    /// Writes a general register of any size (8/16-bit writes keep the
    /// other bits).
    #[inline(always)]
    pub fn set_reg(&mut self, r: Register, v: u32) {
        let n = r as usize;
        match n {
            37..=44 => self.cpu.regs[n - 37] = v,
            21..=28 => {
                let x = &mut self.cpu.regs[n - 21];
                *x = (*x & 0xffff_0000) | (v & 0xffff);
            }
            1..=4 => {
                let x = &mut self.cpu.regs[n - 1];
                *x = (*x & !0xff) | (v & 0xff);
            }
            5..=8 => {
                let x = &mut self.cpu.regs[n - 5];
                *x = (*x & !0xff00) | ((v & 0xff) << 8);
            }
            _ => {}
        }
    }

    /// The offset (without segment base) of the memory operand, from the
    /// form pre-resolved at decode time.
    #[inline(always)]
    pub fn offset(&self, o: &Op) -> u32 {
        let m = &o.mem;
        if !m.fast {
            return self.offset_slow(&o.insn);
        }
        let r = &self.cpu.regs;
        let mut a = m.disp;
        if let Some(b) = r.get(m.base as usize) {
            a = a.wrapping_add(*b);
        }
        if let Some(x) = r.get(m.index as usize) {
            a = a.wrapping_add(x.wrapping_shl(u32::from(m.shift)));
        }
        if m.a16 {
            a &= 0xffff;
        }
        a
    }

    /// The general form, for operands the fast form does not cover (xlat's
    /// AL index).
    #[cold]
    #[inline(never)]
    fn offset_slow(&self, i: &Instruction) -> u32 {
        let base = i.memory_base();
        let index = i.memory_index();
        let mut a = i.memory_displacement32();
        if base != Register::None {
            a = a.wrapping_add(self.reg(base));
        }
        if index != Register::None {
            a = a.wrapping_add(
                self.reg(index)
                    .wrapping_shl(i.memory_index_scale().trailing_zeros()),
            );
        }
        if reg_bits(base) == 16
            || reg_bits(index) == 16
            || (base == Register::None && index == Register::None && i.memory_displ_size() == 2)
        {
            a &= 0xffff;
        }
        a
    }

    /// The base of segment register `r` (ES..GS).
    #[inline(always)]
    pub fn seg_base(&self, r: Register) -> u32 {
        let n = (r as usize).wrapping_sub(71);
        self.cpu.seg_base.get(n).copied().unwrap_or(0)
    }

    /// The linear address of the memory operand.
    #[inline(always)]
    pub fn ea(&self, o: &Op) -> u32 {
        let base = self
            .cpu
            .seg_base
            .get(o.mem.seg as usize)
            .copied()
            .unwrap_or(0);
        self.offset(o).wrapping_add(base)
    }

    #[inline(always)]
    pub fn rd<const S: u32>(&mut self, addr: u32) -> Result<u32, Fault> {
        let e = self.aspace.pte(addr);
        let n = S as usize / 8;
        if e & (pte::PRESENT | pte::READ) == (pte::PRESENT | pte::READ)
            && (addr & 0xfff) as usize + n <= 0x1000
        {
            let o = (e & pte::FRAME_MASK) as usize | (addr & 0xfff) as usize;
            if let Some(b) = self.mem.raw().get(o..o + n) {
                return Ok(match S {
                    8 => u32::from(b[0]),
                    16 => u32::from(u16::from_le_bytes([b[0], b[1]])),
                    _ => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
                });
            }
        }
        self.rd_slow(addr, n)
    }

    /// The general read: page crossings and faults (kept out of line so
    /// that the handlers' fast paths stay small).
    #[cold]
    #[inline(never)]
    fn rd_slow(&mut self, addr: u32, n: usize) -> Result<u32, Fault> {
        let mut buf = [0u8; 4];
        self.aspace.read(self.mem, addr, &mut buf[..n.min(4)])?;
        Ok(u32::from_le_bytes(buf))
    }

    #[inline(always)]
    pub fn wr<const S: u32>(&mut self, addr: u32, v: u32) -> Result<(), Fault> {
        let e = self.aspace.pte(addr);
        let n = S as usize / 8;
        if e & (pte::PRESENT | pte::WRITE | pte::COW) == (pte::PRESENT | pte::WRITE)
            && (addr & 0xfff) as usize + n <= 0x1000
            && !self.mem.is_code_frame(Frame(e >> 12))
        {
            let o = (e & pte::FRAME_MASK) as usize | (addr & 0xfff) as usize;
            if let Some(b) = self.mem.raw_mut().get_mut(o..o + n) {
                b.copy_from_slice(&v.to_le_bytes()[..n]);
                return Ok(());
            }
        }
        self.wr_slow(addr, v, n)
    }

    /// The general write: page crossings, copy-on-write, code invalidation
    /// and faults (out of line, as [`Ctx::rd_slow`]).
    #[cold]
    #[inline(never)]
    fn wr_slow(&mut self, addr: u32, v: u32, n: usize) -> Result<(), Fault> {
        self.aspace
            .write(self.mem, addr, &v.to_le_bytes()[..n.min(4)])
    }

    /// Checks that `[addr, addr+len)` may be accessed (multi-part writes).
    pub fn check(&mut self, addr: u32, len: u32, access: Access) -> Result<(), Fault> {
        self.aspace.check_range(self.mem, addr, len, access)
    }

    /// Reads operand `n` (register, memory or immediate) of size `S`.
    #[inline(always)]
    pub fn get<const S: u32>(&mut self, i: &Op, n: u32) -> Result<u32, Fault> {
        match i.op_kind(n) {
            OpKind::Register => Ok(self.reg(i.op_register(n))),
            OpKind::Memory => {
                let a = self.ea(i);
                self.rd::<S>(a)
            }
            _ => Ok(i.immediate(n) as u32 & mask(S)),
        }
    }

    /// Resolves r/m operand `n` and reads it.
    #[inline(always)]
    pub fn load<const S: u32>(&mut self, i: &Op, n: u32) -> Result<(Loc, u32), Fault> {
        if i.op_kind(n) == OpKind::Register {
            let r = i.op_register(n);
            Ok((Loc::Reg(r), self.reg(r)))
        } else {
            let a = self.ea(i);
            Ok((Loc::Mem(a), self.rd::<S>(a)?))
        }
    }

    /// Writes an r/m location.
    #[inline(always)]
    pub fn store<const S: u32>(&mut self, l: Loc, v: u32) -> Result<(), Fault> {
        match l {
            Loc::Reg(r) => {
                self.set_reg(r, v);
                Ok(())
            }
            Loc::Mem(a) => self.wr::<S>(a, v),
        }
    }

    /// Writes operand `n` (register or memory).
    #[inline(always)]
    pub fn put<const S: u32>(&mut self, i: &Op, n: u32, v: u32) -> Result<(), Fault> {
        if i.op_kind(n) == OpKind::Register {
            self.set_reg(i.op_register(n), v);
            Ok(())
        } else {
            let a = self.ea(i);
            self.wr::<S>(a, v)
        }
    }

    /// Pushes an `S`-bit value (the stack is flat 32-bit: Linux's ss).
    #[inline(always)]
    pub fn push<const S: u32>(&mut self, v: u32) -> Result<(), Fault> {
        let sp = self.cpu.regs[crate::state::reg::ESP].wrapping_sub(S / 8);
        self.wr::<S>(sp.wrapping_add(self.cpu.seg_base[crate::state::seg::SS]), v)?;
        self.cpu.regs[crate::state::reg::ESP] = sp;
        Ok(())
    }

    /// Reads the top of the stack without popping it.
    #[inline(always)]
    pub fn peek<const S: u32>(&mut self, off: u32) -> Result<u32, Fault> {
        let sp = self.cpu.regs[crate::state::reg::ESP].wrapping_add(off);
        self.rd::<S>(sp.wrapping_add(self.cpu.seg_base[crate::state::seg::SS]))
    }

    /// Pops an `S`-bit value.
    #[inline(always)]
    pub fn pop<const S: u32>(&mut self) -> Result<u32, Fault> {
        let v = self.peek::<S>(0)?;
        let sp = &mut self.cpu.regs[crate::state::reg::ESP];
        *sp = sp.wrapping_add(S / 8);
        Ok(v)
    }
}

macro_rules! sized {
    ($s:expr, $f:ident $(, $c:expr)*) => {
        match $s {
            8 => $f::<$($c,)* 8> as Handler,
            16 => $f::<$($c,)* 16> as Handler,
            _ => $f::<$($c,)* 32> as Handler,
        }
    };
}
pub(crate) use sized;

/// Picks the handler of a decoded instruction.
pub(crate) fn select(i: &Instruction) -> Handler {
    if let Some(h) = mmx::select(i) {
        return h;
    }
    if let Some(h) = alu::select(i) {
        return h;
    }
    if let Some(h) = shift::select(i) {
        return h;
    }
    if let Some(h) = data::select(i) {
        return h;
    }
    if let Some(h) = string::select(i) {
        return h;
    }
    misc::select(i)
}

#[cfg(test)]
mod tests;
