//! Data movement: mov/movzx/movsx/lea/xchg, the stack (push/pop/pusha/popa/
//! pushf/popf/enter/leave), conversions (cbw/cwde/cwd/cdq), bswap, xlat,
//! lahf/sahf, cmovcc/setcc, cmpxchg8b and segment register loads.

use super::{Ctx, Handler, Loc, Op, R, Step, mask, op_bits, reg_bits, sext, sized};
use crate::fault::{Access, Fault};
use crate::flags::bit;
use crate::state::{reg, seg};
use iced_x86::{Code, Instruction, Mnemonic, OpKind, Register};

/// Instantiates a handler per condition code (so the condition is a
/// constant in it), optionally per operand size.
macro_rules! by_cc {
    ($cc:expr, $f:ident) => {
        match $cc {
            0 => $f::<0> as Handler,
            1 => $f::<1>,
            2 => $f::<2>,
            3 => $f::<3>,
            4 => $f::<4>,
            5 => $f::<5>,
            6 => $f::<6>,
            7 => $f::<7>,
            8 => $f::<8>,
            9 => $f::<9>,
            10 => $f::<10>,
            11 => $f::<11>,
            12 => $f::<12>,
            13 => $f::<13>,
            14 => $f::<14>,
            _ => $f::<15>,
        }
    };
    ($cc:expr, $f:ident, $s:expr) => {
        match ($cc, $s) {
            (0, 16) => $f::<0, 16> as Handler,
            (1, 16) => $f::<1, 16>,
            (2, 16) => $f::<2, 16>,
            (3, 16) => $f::<3, 16>,
            (4, 16) => $f::<4, 16>,
            (5, 16) => $f::<5, 16>,
            (6, 16) => $f::<6, 16>,
            (7, 16) => $f::<7, 16>,
            (8, 16) => $f::<8, 16>,
            (9, 16) => $f::<9, 16>,
            (10, 16) => $f::<10, 16>,
            (11, 16) => $f::<11, 16>,
            (12, 16) => $f::<12, 16>,
            (13, 16) => $f::<13, 16>,
            (14, 16) => $f::<14, 16>,
            (_, 16) => $f::<15, 16>,
            (0, _) => $f::<0, 32>,
            (1, _) => $f::<1, 32>,
            (2, _) => $f::<2, 32>,
            (3, _) => $f::<3, 32>,
            (4, _) => $f::<4, 32>,
            (5, _) => $f::<5, 32>,
            (6, _) => $f::<6, 32>,
            (7, _) => $f::<7, 32>,
            (8, _) => $f::<8, 32>,
            (9, _) => $f::<9, 32>,
            (10, _) => $f::<10, 32>,
            (11, _) => $f::<11, 32>,
            (12, _) => $f::<12, 32>,
            (13, _) => $f::<13, 32>,
            (14, _) => $f::<14, 32>,
            _ => $f::<15, 32>,
        }
    };
}

pub(super) fn select(i: &Instruction) -> Option<Handler> {
    let s = op_bits(i, 0);
    if i.mnemonic() == Mnemonic::Mov
        && (0..2).any(|n| i.op_kind(n) == OpKind::Register && !is_user_reg(i.op_register(n)))
    {
        return Some(privileged);
    }
    Some(match i.mnemonic() {
        Mnemonic::Mov if is_sreg(i.op0_register()) && i.op0_kind() == OpKind::Register => mov_sreg,
        Mnemonic::Mov if i.op1_kind() == OpKind::Register && is_sreg(i.op1_register()) => {
            sized!(s, mov_from_sreg)
        }
        Mnemonic::Mov => match (i.op0_kind(), i.op1_kind(), s) {
            (OpKind::Register, OpKind::Register, 32) => mov_r32_r32,
            (OpKind::Register, OpKind::Memory, 32) => mov_r32_m32,
            (OpKind::Memory, OpKind::Register, 32) => mov_m32_r32,
            (OpKind::Register, OpKind::Immediate32, 32) => mov_r32_i32,
            (OpKind::Memory, OpKind::Immediate32, 32) => mov_m32_i32,
            _ => sized!(s, mov),
        },
        Mnemonic::Movzx => match op_bits(i, 1) {
            8 => sized!(s, movzx, 8),
            _ => sized!(s, movzx, 16),
        },
        Mnemonic::Movsx => match op_bits(i, 1) {
            8 => sized!(s, movsx, 8),
            _ => sized!(s, movsx, 16),
        },
        Mnemonic::Lea if s == 32 => lea_r32,
        Mnemonic::Lea => sized!(s, lea),
        Mnemonic::Xchg => sized!(s, xchg),
        Mnemonic::Push if i.op0_kind() == OpKind::Register && is_sreg(i.op0_register()) => {
            match i.code() {
                Code::Pushw_ES
                | Code::Pushw_CS
                | Code::Pushw_SS
                | Code::Pushw_DS
                | Code::Pushw_FS
                | Code::Pushw_GS => push_sreg::<16>,
                _ => push_sreg::<32>,
            }
        }
        Mnemonic::Pop if i.op0_kind() == OpKind::Register && is_sreg(i.op0_register()) => {
            match i.code() {
                Code::Popw_ES | Code::Popw_SS | Code::Popw_DS | Code::Popw_FS | Code::Popw_GS => {
                    pop_sreg::<16>
                }
                _ => pop_sreg::<32>,
            }
        }
        Mnemonic::Push => {
            let s = if i.stack_pointer_increment() == -2 {
                16
            } else {
                32
            };
            match (i.op0_kind(), s) {
                (OpKind::Register, 32) => push_r32,
                (OpKind::Immediate32 | OpKind::Immediate8to32, 32) => push_i32,
                _ => sized!(s, push),
            }
        }
        Mnemonic::Pop => {
            if i.op0_kind() == OpKind::Register && s == 32 {
                pop_r32
            } else {
                sized!(s, pop)
            }
        }
        Mnemonic::Pushad => pusha::<32>,
        Mnemonic::Pusha => pusha::<16>,
        Mnemonic::Popad => popa::<32>,
        Mnemonic::Popa => popa::<16>,
        Mnemonic::Pushfd => pushf::<32>,
        Mnemonic::Pushf => pushf::<16>,
        Mnemonic::Popfd => popf::<32>,
        Mnemonic::Popf => popf::<16>,
        Mnemonic::Enter => {
            if i.stack_pointer_increment() == -2 || i.code() == Code::Enterw_imm16_imm8 {
                enter::<16>
            } else {
                enter::<32>
            }
        }
        Mnemonic::Leave => {
            if i.code() == Code::Leavew {
                leave::<16>
            } else {
                leave::<32>
            }
        }
        Mnemonic::Cbw => cbw,
        Mnemonic::Cwde => cwde,
        Mnemonic::Cwd => cwd,
        Mnemonic::Cdq => cdq,
        Mnemonic::Bswap => sized!(s, bswap),
        Mnemonic::Xlatb => xlatb,
        Mnemonic::Lahf => lahf,
        Mnemonic::Sahf => sahf,
        Mnemonic::Cmpxchg8b => cmpxchg8b,
        Mnemonic::Lds => sized!(s, lfp, { seg::DS as u8 }),
        Mnemonic::Les => sized!(s, lfp, { seg::ES as u8 }),
        Mnemonic::Lfs => sized!(s, lfp, { seg::FS as u8 }),
        Mnemonic::Lgs => sized!(s, lfp, { seg::GS as u8 }),
        Mnemonic::Lss => sized!(s, lfp, { seg::SS as u8 }),
        Mnemonic::Cmove
        | Mnemonic::Cmovne
        | Mnemonic::Cmovo
        | Mnemonic::Cmovno
        | Mnemonic::Cmovb
        | Mnemonic::Cmovae
        | Mnemonic::Cmovbe
        | Mnemonic::Cmova
        | Mnemonic::Cmovs
        | Mnemonic::Cmovns
        | Mnemonic::Cmovp
        | Mnemonic::Cmovnp
        | Mnemonic::Cmovl
        | Mnemonic::Cmovge
        | Mnemonic::Cmovle
        | Mnemonic::Cmovg => by_cc!(cc(i), cmov, s),
        Mnemonic::Sete
        | Mnemonic::Setne
        | Mnemonic::Seto
        | Mnemonic::Setno
        | Mnemonic::Setb
        | Mnemonic::Setae
        | Mnemonic::Setbe
        | Mnemonic::Seta
        | Mnemonic::Sets
        | Mnemonic::Setns
        | Mnemonic::Setp
        | Mnemonic::Setnp
        | Mnemonic::Setl
        | Mnemonic::Setge
        | Mnemonic::Setle
        | Mnemonic::Setg => by_cc!(cc(i), setcc),
        _ => return None,
    })
}

/// Index of a 32-bit general register (masked: never out of bounds).
#[inline(always)]
fn gpr32(r: Register) -> usize {
    (r as usize).wrapping_sub(37) & 7
}

/// Whether an operand register is one the user-mode integer core knows
/// (general or segment); control, debug and test registers are privileged.
fn is_user_reg(r: Register) -> bool {
    matches!(r as u32, 1..=8 | 21..=28 | 37..=44 | 71..=76)
}

fn is_sreg(r: Register) -> bool {
    (71..=76).contains(&(r as u32))
}

/// The condition number (0..15, SDM appendix B) of a Jcc/SETcc/CMOVcc.
pub(super) fn cc(i: &Instruction) -> u32 {
    use iced_x86::ConditionCode as C;
    match i.condition_code() {
        C::o => 0,
        C::no => 1,
        C::b => 2,
        C::ae => 3,
        C::e => 4,
        C::ne => 5,
        C::be => 6,
        C::a => 7,
        C::s => 8,
        C::ns => 9,
        C::p => 10,
        C::np => 11,
        C::l => 12,
        C::ge => 13,
        C::le => 14,
        _ => 15,
    }
}

/// mov to or from a control/debug/test register: #GP at CPL 3.
fn privileged(_: &mut Ctx, _: &Op) -> R {
    Err(Fault::GeneralProtection)
}

fn mov_r32_r32(c: &mut Ctx, i: &Op) -> R {
    let v = c.cpu.regs[gpr32(i.op1_register())];
    c.cpu.regs[gpr32(i.op0_register())] = v;
    Ok(Step::Next)
}

fn mov_r32_m32(c: &mut Ctx, i: &Op) -> R {
    let a = c.ea(i);
    let v = c.rd::<32>(a)?;
    c.cpu.regs[gpr32(i.op0_register())] = v;
    Ok(Step::Next)
}

fn mov_m32_r32(c: &mut Ctx, i: &Op) -> R {
    let a = c.ea(i);
    let v = c.cpu.regs[gpr32(i.op1_register())];
    c.wr::<32>(a, v)?;
    Ok(Step::Next)
}

fn mov_r32_i32(c: &mut Ctx, i: &Op) -> R {
    c.cpu.regs[gpr32(i.op0_register())] = i.immediate32();
    Ok(Step::Next)
}

fn mov_m32_i32(c: &mut Ctx, i: &Op) -> R {
    let a = c.ea(i);
    c.wr::<32>(a, i.immediate32())?;
    Ok(Step::Next)
}

fn mov<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = c.get::<S>(i, 1)?;
    c.put::<S>(i, 0, v)?;
    Ok(Step::Next)
}

/// mov r/m, sreg: a 32-bit register destination gets the zero-extended
/// selector; memory destinations are always 16 bits.
fn mov_from_sreg<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = c.reg(i.op1_register());
    if i.op0_kind() == OpKind::Register {
        c.set_reg(i.op0_register(), v);
    } else {
        let a = c.ea(i);
        c.wr::<16>(a, v)?;
    }
    Ok(Step::Next)
}

fn mov_sreg(c: &mut Ctx, i: &Op) -> R {
    let v = c.get::<16>(i, 1)?;
    let s = i.op0_register() as usize - 71;
    if s == seg::CS {
        return Err(Fault::InvalidOpcode);
    }
    c.cpu.load_segment(s, v as u16)?;
    Ok(Step::Next)
}

fn push_sreg<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = c.reg(i.op0_register());
    if S == 32 {
        // A 32-bit push of a segment register writes only the low 16 bits
        // on recent Intel cores; the upper half of the slot is unchanged.
        let sp = c.cpu.regs[reg::ESP].wrapping_sub(4);
        c.check(sp, 4, Access::Write)?;
        c.wr::<16>(sp, v)?;
        c.cpu.regs[reg::ESP] = sp;
        Ok(Step::Next)
    } else {
        c.push::<16>(v)?;
        Ok(Step::Next)
    }
}

fn pop_sreg<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = c.peek::<S>(0)?;
    c.cpu
        .load_segment(i.op0_register() as usize - 71, v as u16)?;
    c.cpu.regs[reg::ESP] = c.cpu.regs[reg::ESP].wrapping_add(S / 8);
    Ok(Step::Next)
}

fn movzx<const F: u32, const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = if i.op1_kind() == OpKind::Memory {
        let a = c.ea(i);
        c.rd::<F>(a)?
    } else {
        c.get::<F>(i, 1)?
    } & mask(F);
    c.set_reg(i.op0_register(), v);
    Ok(Step::Next)
}

fn movsx<const F: u32, const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = sext(
        if i.op1_kind() == OpKind::Memory {
            let a = c.ea(i);
            c.rd::<F>(a)?
        } else {
            c.get::<F>(i, 1)?
        },
        F,
    );
    c.set_reg(i.op0_register(), v & mask(S));
    Ok(Step::Next)
}

fn lea_r32(c: &mut Ctx, i: &Op) -> R {
    let v = c.offset(i);
    c.cpu.regs[gpr32(i.op0_register())] = v;
    Ok(Step::Next)
}

fn push_i32(c: &mut Ctx, i: &Op) -> R {
    c.push::<32>(i.immediate(0) as u32)?;
    Ok(Step::Next)
}

fn lea<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = c.offset(i);
    c.set_reg(i.op0_register(), v & mask(S));
    Ok(Step::Next)
}

fn xchg<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let (l0, a) = c.load::<S>(i, 0)?;
    let (l1, b) = c.load::<S>(i, 1)?;
    // At most one operand is memory: write it first.
    if let Loc::Mem(_) = l1 {
        c.store::<S>(l1, a)?;
        c.store::<S>(l0, b)?;
    } else {
        c.store::<S>(l0, b)?;
        c.store::<S>(l1, a)?;
    }
    Ok(Step::Next)
}

fn push_r32(c: &mut Ctx, i: &Op) -> R {
    let v = c.cpu.regs[gpr32(i.op0_register())];
    c.push::<32>(v)?;
    Ok(Step::Next)
}

fn push<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = c.get::<S>(i, 0)?;
    c.push::<S>(v)?;
    Ok(Step::Next)
}

fn pop_r32(c: &mut Ctx, i: &Op) -> R {
    let v = c.pop::<32>()?;
    c.cpu.regs[gpr32(i.op0_register())] = v;
    Ok(Step::Next)
}

/// pop r/m: a memory destination's address is computed with esp already
/// incremented (SDM Vol. 2B "POP").
fn pop<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = c.peek::<S>(0)?;
    let old = c.cpu.regs[reg::ESP];
    c.cpu.regs[reg::ESP] = old.wrapping_add(S / 8);
    if i.op0_kind() == OpKind::Register {
        c.set_reg(i.op0_register(), v);
        return Ok(Step::Next);
    }
    let a = c.ea(i);
    if let Err(f) = c.wr::<S>(a, v) {
        c.cpu.regs[reg::ESP] = old;
        return Err(f);
    }
    Ok(Step::Next)
}

fn pusha<const S: u32>(c: &mut Ctx, _: &Op) -> R {
    let sp = c.cpu.regs[reg::ESP];
    let n = S / 8;
    let base = sp.wrapping_sub(8 * n);
    c.check(base, 8 * n, Access::Write)?;
    for k in 0..8 {
        let v = if k == reg::ESP { sp } else { c.cpu.regs[k] };
        c.wr::<S>(sp.wrapping_sub((k as u32 + 1) * n), v & mask(S))?;
    }
    c.cpu.regs[reg::ESP] = base;
    Ok(Step::Next)
}

fn popa<const S: u32>(c: &mut Ctx, _: &Op) -> R {
    let n = S / 8;
    let mut vals = [0u32; 8];
    for (k, v) in vals.iter_mut().enumerate() {
        *v = c.peek::<S>((7 - k as u32) * n)?;
    }
    let sp = c.cpu.regs[reg::ESP].wrapping_add(8 * n);
    for (k, v) in vals.iter().enumerate() {
        if k != reg::ESP {
            let r = &mut c.cpu.regs[k];
            *r = (*r & !mask(S)) | v;
        }
    }
    c.cpu.regs[reg::ESP] = sp;
    Ok(Step::Next)
}

/// pushf: VM and RF read as 0 in the image (SDM "PUSHF").
fn pushf<const S: u32>(c: &mut Ctx, _: &Op) -> R {
    let f = c.cpu.flags.eflags() & 0x00fc_ffff;
    c.push::<S>(f & mask(S))?;
    Ok(Step::Next)
}

/// popf at CPL 3: only the user-writable flags change.
fn popf<const S: u32>(c: &mut Ctx, _: &Op) -> R {
    let v = c.pop::<S>()?;
    let w = bit::USER_WRITABLE & mask(S);
    let old = c.cpu.flags.eflags();
    c.cpu.flags.set_eflags((old & !w) | (v & w));
    Ok(Step::Next)
}

/// enter (SDM Vol. 2A "ENTER"), nesting level masked to 5 bits.
fn enter<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let alloc = u32::from(i.immediate16());
    let level = u32::from(i.immediate8_2nd()) & 31;
    let n = S / 8;
    let mut sp = c.cpu.regs[reg::ESP];
    let mut bp = c.cpu.regs[reg::EBP];
    sp = sp.wrapping_sub(n);
    c.wr::<S>(sp, bp & mask(S))?;
    let frame = sp;
    if level > 0 {
        for _ in 1..level {
            bp = bp.wrapping_sub(n);
            let v = c.rd::<S>(bp)?;
            sp = sp.wrapping_sub(n);
            c.wr::<S>(sp, v)?;
        }
        sp = sp.wrapping_sub(n);
        c.wr::<S>(sp, frame & mask(S))?;
    }
    let new_sp = sp.wrapping_sub(alloc);
    if S == 16 {
        c.set_reg(Register::BP, frame);
    } else {
        c.cpu.regs[reg::EBP] = frame;
    }
    c.cpu.regs[reg::ESP] = new_sp;
    Ok(Step::Next)
}

fn leave<const S: u32>(c: &mut Ctx, _: &Op) -> R {
    let bp = c.cpu.regs[reg::EBP];
    let v = c.rd::<S>(bp)?;
    c.cpu.regs[reg::ESP] = bp.wrapping_add(S / 8);
    if S == 16 {
        c.set_reg(Register::BP, v);
    } else {
        c.cpu.regs[reg::EBP] = v;
    }
    Ok(Step::Next)
}

fn cbw(c: &mut Ctx, _: &Op) -> R {
    let r = &mut c.cpu.regs[reg::EAX];
    *r = (*r & !0xffff) | (sext(*r & 0xff, 8) & 0xffff);
    Ok(Step::Next)
}

fn cwde(c: &mut Ctx, _: &Op) -> R {
    let r = &mut c.cpu.regs[reg::EAX];
    *r = sext(*r & 0xffff, 16);
    Ok(Step::Next)
}

fn cwd(c: &mut Ctx, _: &Op) -> R {
    let hi = if c.cpu.regs[reg::EAX] & 0x8000 != 0 {
        0xffff
    } else {
        0
    };
    let d = &mut c.cpu.regs[reg::EDX];
    *d = (*d & !0xffff) | hi;
    Ok(Step::Next)
}

fn cdq(c: &mut Ctx, _: &Op) -> R {
    c.cpu.regs[reg::EDX] = ((c.cpu.regs[reg::EAX] as i32) >> 31) as u32;
    Ok(Step::Next)
}

/// bswap; the 16-bit form is undefined and zeroes the register on Intel.
fn bswap<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let r = i.op0_register();
    let v = c.reg(r);
    c.set_reg(r, if S == 32 { v.swap_bytes() } else { 0 });
    Ok(Step::Next)
}

fn xlatb(c: &mut Ctx, i: &Op) -> R {
    let a = c.ea(i);
    let v = c.rd::<8>(a)?;
    let r = &mut c.cpu.regs[reg::EAX];
    *r = (*r & !0xff) | v;
    Ok(Step::Next)
}

fn lahf(c: &mut Ctx, _: &Op) -> R {
    let f = c.cpu.flags.eflags() & (bit::SF | bit::ZF | bit::AF | bit::PF | bit::CF | bit::FIXED1);
    let r = &mut c.cpu.regs[reg::EAX];
    *r = (*r & !0xff00) | f << 8;
    Ok(Step::Next)
}

fn sahf(c: &mut Ctx, _: &Op) -> R {
    let ah = (c.cpu.regs[reg::EAX] >> 8) & 0xff;
    let m = bit::SF | bit::ZF | bit::AF | bit::PF | bit::CF;
    let old = c.cpu.flags.eflags();
    c.cpu.flags.set_eflags((old & !m) | (ah & m));
    Ok(Step::Next)
}

/// cmovcc: a memory source is read whatever the condition (SDM "CMOVcc").
fn cmov<const CC: u32, const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = c.get::<S>(i, 1)?;
    if c.cpu.flags.cond(CC) {
        c.set_reg(i.op0_register(), v);
    }
    Ok(Step::Next)
}

fn setcc<const CC: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = u32::from(c.cpu.flags.cond(CC));
    c.put::<8>(i, 0, v)?;
    Ok(Step::Next)
}

/// cmpxchg8b m64: only ZF is changed; the destination is always written.
fn cmpxchg8b(c: &mut Ctx, i: &Op) -> R {
    let a = c.ea(i);
    c.check(a, 8, Access::Write)?;
    let lo = c.rd::<32>(a)?;
    let hi = c.rd::<32>(a.wrapping_add(4))?;
    let r = c.cpu.regs;
    let eq = lo == r[reg::EAX] && hi == r[reg::EDX];
    if eq {
        c.wr::<32>(a, r[reg::EBX])?;
        c.wr::<32>(a.wrapping_add(4), r[reg::ECX])?;
    } else {
        c.wr::<32>(a, lo)?;
        c.wr::<32>(a.wrapping_add(4), hi)?;
        c.cpu.regs[reg::EAX] = lo;
        c.cpu.regs[reg::EDX] = hi;
    }
    c.cpu.flags.materialise();
    let b = &mut c.cpu.flags.bits;
    *b = (*b & !bit::ZF) | if eq { bit::ZF } else { 0 };
    Ok(Step::Next)
}

/// lds/les/lfs/lgs/lss r, m16:16/32: offset then selector.
fn lfp<const SG: u8, const S: u32>(c: &mut Ctx, i: &Op) -> R {
    if i.op1_kind() != OpKind::Memory {
        return Err(Fault::InvalidOpcode);
    }
    let a = c.ea(i);
    let off = c.rd::<S>(a)?;
    let sel = c.rd::<16>(a.wrapping_add(S / 8))?;
    c.cpu.load_segment(usize::from(SG), sel as u16)?;
    let _ = reg_bits;
    c.set_reg(i.op0_register(), off);
    Ok(Step::Next)
}
