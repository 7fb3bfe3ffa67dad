//! Control transfer (jmp/jcc/loop/call/ret/int), flag instructions,
//! cpuid/rdtsc, the privileged and I/O instructions that fault in user mode,
//! and the bridge to the x87 unit.

use super::{Ctx, Exit, Handler, Op, R, Step, data::cc, op_bits};
use crate::fault::{Access, Fault};
use crate::flags::{Flags, bit};
use crate::mmu::{AddressSpace, Memory};
use crate::state::reg;
use crate::x87::{self, X87Env};
use iced_x86::{Instruction, Mnemonic, OpKind};

pub(super) fn select(i: &Instruction) -> Handler {
    use Mnemonic as M;
    let m = i.mnemonic();
    if is_x87(m) {
        return fpu;
    }
    match m {
        M::Jmp => match i.op0_kind() {
            OpKind::NearBranch16 | OpKind::NearBranch32 => jmp_rel,
            OpKind::Register | OpKind::Memory => match op_bits(i, 0) {
                16 => jmp_rm::<16>,
                32 => jmp_rm::<32>,
                _ => gp,
            },
            _ => gp,
        },
        M::Jo
        | M::Jno
        | M::Jb
        | M::Jae
        | M::Je
        | M::Jne
        | M::Jbe
        | M::Ja
        | M::Js
        | M::Jns
        | M::Jp
        | M::Jnp
        | M::Jl
        | M::Jge
        | M::Jle
        | M::Jg => match cc(i) {
            0 => jcc::<0>,
            1 => jcc::<1>,
            2 => jcc::<2>,
            3 => jcc::<3>,
            4 => jcc::<4>,
            5 => jcc::<5>,
            6 => jcc::<6>,
            7 => jcc::<7>,
            8 => jcc::<8>,
            9 => jcc::<9>,
            10 => jcc::<10>,
            11 => jcc::<11>,
            12 => jcc::<12>,
            13 => jcc::<13>,
            14 => jcc::<14>,
            _ => jcc::<15>,
        },
        M::Jcxz => jcxz::<16>,
        M::Jecxz => jcxz::<32>,
        M::Loop => loop_::<0>,
        M::Loope => loop_::<1>,
        M::Loopne => loop_::<2>,
        M::Call => match i.op0_kind() {
            OpKind::NearBranch16 => call_rel::<16>,
            OpKind::NearBranch32 => call_rel::<32>,
            OpKind::Register | OpKind::Memory => match op_bits(i, 0) {
                16 => call_rm::<16>,
                32 => call_rm::<32>,
                _ => gp,
            },
            _ => gp,
        },
        M::Ret => {
            if i.code() == iced_x86::Code::Retnw || i.code() == iced_x86::Code::Retnw_imm16 {
                ret::<16>
            } else {
                ret::<32>
            }
        }
        M::Int => int,
        M::Int3 => int3,
        M::Into => into,
        M::Int1 => int1,
        M::Salc => salc,
        M::Arpl => arpl,
        M::Ud0 | M::Ud1 | M::Ud2 => ud,
        M::Sysenter => sysenter,
        M::Hlt
        | M::Cli
        | M::Sti
        | M::In
        | M::Out
        | M::Insb
        | M::Insw
        | M::Insd
        | M::Outsb
        | M::Outsw
        | M::Outsd => gp,
        M::Iret
        | M::Iretd
        | M::Retf
        | M::Sysexit
        | M::Lgdt
        | M::Lidt
        | M::Lldt
        | M::Ltr
        | M::Clts
        | M::Invd
        | M::Wbinvd
        | M::Invlpg
        | M::Rdmsr
        | M::Wrmsr
        | M::Lmsw => gp,
        // rdpmc faults unless CR4.PCE, which Linux leaves clear.
        M::Rdpmc => gp,
        M::Smsw => umip::<UMIP_SMSW>,
        M::Str => umip::<UMIP_STR>,
        M::Sldt => umip::<UMIP_SLDT>,
        M::Sgdt if i.op0_kind() == OpKind::Memory => umip::<UMIP_SGDT>,
        M::Sidt if i.op0_kind() == OpKind::Memory => umip::<UMIP_SIDT>,
        M::Cpuid => cpuid,
        M::Rdtsc => rdtsc,
        M::Nop | M::Pause | M::Endbr32 | M::Reservednop => nop,
        // 0F 18 /0..3 and 0F 0D are hint NOPs on every P6-family core: they
        // never fault, whatever CPUID says (SDM Vol. 2B "PREFETCHh").
        M::Prefetchnta | M::Prefetcht0 | M::Prefetcht1 | M::Prefetcht2 | M::Prefetchw => nop,
        M::Cmc => flag_op::<0>,
        M::Clc => flag_op::<1>,
        M::Stc => flag_op::<2>,
        M::Cld => flag_op::<3>,
        M::Std => flag_op::<4>,
        M::Bound => match op_bits(i, 0) {
            16 => bound::<16>,
            _ => bound::<32>,
        },
        _ => ud,
    }
}

/// Whether a mnemonic belongs to the x87 unit (everything `F*` except the
/// SSE/3DNow! state instructions, plus `wait`).
fn is_x87(m: Mnemonic) -> bool {
    let n = m as u32;
    m == Mnemonic::Wait
        || ((Mnemonic::F2xm1 as u32..=Mnemonic::Fyl2xp1 as u32).contains(&n)
            && !matches!(
                m,
                Mnemonic::Femms
                    | Mnemonic::Fxsave
                    | Mnemonic::Fxrstor
                    | Mnemonic::Fxsave64
                    | Mnemonic::Fxrstor64
            ))
}

fn nop(_: &mut Ctx, _: &Op) -> R {
    Ok(Step::Next)
}

fn ud(_: &mut Ctx, _: &Op) -> R {
    Err(Fault::InvalidOpcode)
}

fn gp(_: &mut Ctx, _: &Op) -> R {
    Err(Fault::GeneralProtection)
}

/// jmp rel followed by the decoder: nothing left to do.
pub(super) fn jmp_inline(_: &mut Ctx, _: &Op) -> R {
    Ok(Step::Next)
}

/// call rel32 followed by the decoder: only the push remains.
pub(super) fn call_inline(c: &mut Ctx, i: &Op) -> R {
    c.push::<32>(i.next_ip32())?;
    Ok(Step::Next)
}

fn jmp_rel(c: &mut Ctx, i: &Op) -> R {
    c.cpu.eip = i.near_branch_target() as u32;
    Ok(Step::Jump)
}

fn jmp_rm<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    c.cpu.eip = c.get::<S>(i, 0)?;
    Ok(Step::Jump)
}

fn jcc<const CC: u32>(c: &mut Ctx, i: &Op) -> R {
    if c.cpu.flags.cond(CC) {
        c.cpu.eip = i.near_branch_target() as u32;
        Ok(Step::Jump)
    } else {
        Ok(Step::Next)
    }
}

fn jcxz<const A: u32>(c: &mut Ctx, i: &Op) -> R {
    if c.cpu.regs[reg::ECX] & super::mask(A) == 0 {
        c.cpu.eip = i.near_branch_target() as u32;
        Ok(Step::Jump)
    } else {
        Ok(Step::Next)
    }
}

/// loop/loope/loopne; the counter is cx or ecx by address size.
fn loop_<const K: u8>(c: &mut Ctx, i: &Op) -> R {
    let a16 = i.code() == iced_x86::Code::Loop_rel8_16_CX
        || i.code() == iced_x86::Code::Loop_rel8_32_CX
        || i.code() == iced_x86::Code::Loope_rel8_16_CX
        || i.code() == iced_x86::Code::Loope_rel8_32_CX
        || i.code() == iced_x86::Code::Loopne_rel8_16_CX
        || i.code() == iced_x86::Code::Loopne_rel8_32_CX;
    let r = &mut c.cpu.regs[reg::ECX];
    let cx = if a16 {
        *r = (*r & !0xffff) | (r.wrapping_sub(1) & 0xffff);
        *r & 0xffff
    } else {
        *r = r.wrapping_sub(1);
        *r
    };
    let take = cx != 0
        && match K {
            1 => c.cpu.flags.zf(),
            2 => !c.cpu.flags.zf(),
            _ => true,
        };
    c.cpu.eip = if take {
        i.near_branch_target() as u32
    } else {
        i.next_ip32()
    };
    Ok(Step::Jump)
}

fn call_rel<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    c.push::<S>(i.next_ip32())?;
    c.cpu.eip = i.near_branch_target() as u32;
    Ok(Step::Jump)
}

fn call_rm<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let t = c.get::<S>(i, 0)?;
    c.push::<S>(i.next_ip32())?;
    c.cpu.eip = t;
    Ok(Step::Jump)
}

fn ret<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let t = c.pop::<S>()?;
    if i.op_count() == 1 {
        let sp = &mut c.cpu.regs[reg::ESP];
        *sp = sp.wrapping_add(u32::from(i.immediate16()));
    }
    c.cpu.eip = t;
    Ok(Step::Jump)
}

/// int n: only 0x80 is a gate user mode may use on Linux; others are #GP.
fn int(c: &mut Ctx, i: &Op) -> R {
    if i.immediate8() == 0x80 {
        c.cpu.eip = i.next_ip32();
        {
            c.exit = Exit::Syscall;
            Ok(Step::Exit)
        }
    } else {
        Err(Fault::GeneralProtection)
    }
}

fn int3(c: &mut Ctx, i: &Op) -> R {
    c.cpu.eip = i.next_ip32();
    {
        c.exit = Exit::Fault(Fault::Breakpoint);
        Ok(Step::Exit)
    }
}

/// int1 (icebp, F1): a #DB trap; Linux delivers SIGTRAP like int3.
fn int1(c: &mut Ctx, i: &Op) -> R {
    c.cpu.eip = i.next_ip32();
    c.exit = Exit::Fault(Fault::Breakpoint);
    Ok(Step::Exit)
}

/// salc (D6, undocumented but executed by every Intel core in 32-bit mode):
/// AL = CF ? 0xff : 0, flags unchanged.
fn salc(c: &mut Ctx, _: &Op) -> R {
    let v = if c.cpu.flags.cf() { 0xff } else { 0 };
    let r = &mut c.cpu.regs[reg::EAX];
    *r = (*r & !0xff) | v;
    Ok(Step::Next)
}

/// arpl r/m16, r16 (SDM Vol. 2A "ARPL"): raises the destination selector's
/// RPL to the source's; ZF says whether it changed. Legal at CPL 3.
fn arpl(c: &mut Ctx, i: &Op) -> R {
    let (loc, d) = c.load::<16>(i, 0)?;
    let s = c.reg(i.op1_register());
    let changed = d & 3 < s & 3;
    if changed {
        c.store::<16>(loc, (d & !3) | (s & 3))?;
    }
    c.cpu.flags.materialise();
    let b = &mut c.cpu.flags.bits;
    *b = (*b & !bit::ZF) | if changed { bit::ZF } else { 0 };
    Ok(Step::Next)
}

fn into(c: &mut Ctx, i: &Op) -> R {
    if c.cpu.flags.of() {
        c.cpu.eip = i.next_ip32();
        return {
            c.exit = Exit::Fault(Fault::Overflow);
            Ok(Step::Exit)
        };
    }
    Ok(Step::Next)
}

fn sysenter(c: &mut Ctx, i: &Op) -> R {
    c.cpu.eip = i.next_ip32();
    {
        c.exit = Exit::Sysenter;
        Ok(Step::Exit)
    }
}

/// The CPUID leaves tabvm implements: vendor GenuineIntel, family 6, and
/// exactly the features fpu, tsc, cx8, cmov, mmx (DESIGN.md, decision 1).
#[must_use]
pub fn cpuid_leaf(leaf: u32) -> [u32; 4] {
    match leaf {
        // "GenuineIntel" in ebx, edx, ecx.
        0 => [1, 0x756e_6547, 0x6c65_746e, 0x4965_6e69],
        1 => {
            let fpu = 1 << 0;
            let tsc = 1 << 4;
            let cx8 = 1 << 8;
            let cmov = 1 << 15;
            // interp/mmx.rs, compared with hardware by exercisers/mmx.c.
            let mmx = 1 << 23;
            // Family 6, model 1, stepping 1: the P6 core. Libraries that
            // pick code by model alone (GMP's fat binary, used by `expr`)
            // must not take a later model's SSE or SSE2 paths.
            [0x0000_0611, 0, 0, fpu | tsc | cx8 | cmov | mmx]
        }
        _ => [0; 4],
    }
}

fn cpuid(c: &mut Ctx, _: &Op) -> R {
    let [a, b, cx, d] = cpuid_leaf(c.cpu.regs[reg::EAX]);
    let r = &mut c.cpu.regs;
    r[reg::EAX] = a;
    r[reg::EBX] = b;
    r[reg::ECX] = cx;
    r[reg::EDX] = d;
    Ok(Step::Next)
}

/// The descriptor-table instructions UMIP guards. On a CPU with UMIP they
/// fault in user mode and Linux emulates them with fixed values
/// (`arch/x86/kernel/umip.c`), which is what a program sees on a current
/// x86-64 host: machine state stays hidden.
const UMIP_SMSW: u8 = 0;
const UMIP_STR: u8 = 1;
const UMIP_SLDT: u8 = 2;
const UMIP_SGDT: u8 = 3;
const UMIP_SIDT: u8 = 4;

/// umip.c's values: `CR0_STATE` for smsw, the TSS selector of x86-64's
/// GDT (entry 8) for str, no LDT for sldt; a zero limit and the dummy
/// bases (low 32 bits) for sgdt and sidt.
fn umip<const K: u8>(c: &mut Ctx, i: &Op) -> R {
    let value: u32 = match K {
        UMIP_SMSW => 0x8005_0033,
        UMIP_STR => 8 * 8,
        UMIP_SLDT => 0,
        UMIP_SGDT => 0xfffe_0000,
        _ => 0xffff_0000,
    };
    if K == UMIP_SGDT || K == UMIP_SIDT {
        let a = c.ea(i);
        c.check(a, 6, Access::Write)?;
        c.wr::<16>(a, 0)?;
        return c.wr::<32>(a.wrapping_add(2), value).map(|()| Step::Next);
    }
    // A register gets the operand size, memory two bytes.
    if i.op0_kind() == OpKind::Register && op_bits(i, 0) == 32 {
        c.put::<32>(i, 0, value)?;
    } else {
        c.put::<16>(i, 0, value & 0xffff)?;
    }
    Ok(Step::Next)
}

fn rdtsc(c: &mut Ctx, _: &Op) -> R {
    let t = c.cpu.icount.wrapping_add(c.cpu.tsc_offset);
    c.cpu.regs[reg::EAX] = t as u32;
    c.cpu.regs[reg::EDX] = (t >> 32) as u32;
    Ok(Step::Next)
}

fn flag_op<const K: u8>(c: &mut Ctx, _: &Op) -> R {
    let f = &mut c.cpu.flags;
    match K {
        0..=2 => {
            let cf = match K {
                0 => !f.cf(),
                1 => false,
                _ => true,
            };
            f.materialise();
            f.bits = (f.bits & !bit::CF) | u32::from(cf);
        }
        3 => f.bits &= !bit::DF,
        _ => f.bits |= bit::DF,
    }
    Ok(Step::Next)
}

/// bound r, m: #BR when the signed index is outside [lower, upper].
fn bound<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    if i.op1_kind() != OpKind::Memory {
        return Err(Fault::InvalidOpcode);
    }
    let a = c.ea(i);
    let lo = super::sext(c.rd::<S>(a)?, S) as i32;
    let hi = super::sext(c.rd::<S>(a.wrapping_add(S / 8))?, S) as i32;
    let v = super::sext(c.reg(i.op0_register()), S) as i32;
    if v < lo || v > hi {
        return Err(Fault::Bound);
    }
    Ok(Step::Next)
}

/// What the x87 unit sees of the rest of the machine.
struct Bridge<'a> {
    regs: &'a mut [u32; 8],
    flags: &'a mut Flags,
    mem: &'a mut Memory,
    aspace: &'a mut AddressSpace,
}

impl X87Env for Bridge<'_> {
    fn read(&mut self, addr: u32, buf: &mut [u8]) -> Result<(), Fault> {
        self.aspace.read(self.mem, addr, buf)
    }
    fn write(&mut self, addr: u32, data: &[u8]) -> Result<(), Fault> {
        self.aspace.write(self.mem, addr, data)
    }
    fn eflags(&self) -> u32 {
        self.flags.eflags()
    }
    fn set_zf_pf_cf(&mut self, zf: bool, pf: bool, cf: bool) {
        let mut s = 0;
        if zf {
            s |= bit::ZF;
        }
        if pf {
            s |= bit::PF;
        }
        if cf {
            s |= bit::CF;
        }
        self.flags.set_status(s);
    }
    fn set_ax(&mut self, ax: u16) {
        let r = &mut self.regs[reg::EAX];
        *r = (*r & !0xffff) | u32::from(ax);
    }
}

fn fpu(c: &mut Ctx, i: &Op) -> R {
    let ea = if (0..i.op_count()).any(|n| i.op_kind(n) == OpKind::Memory) {
        c.ea(i)
    } else {
        0
    };
    let cpu = &mut *c.cpu;
    let mut env = Bridge {
        regs: &mut cpu.regs,
        flags: &mut cpu.flags,
        mem: c.mem,
        aspace: c.aspace,
    };
    x87::execute(&mut cpu.x87, i, ea, &mut env)?;
    Ok(Step::Next)
}
