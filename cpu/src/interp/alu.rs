//! Integer arithmetic and logic: add/or/adc/sbb/and/sub/xor/cmp/test,
//! inc/dec/neg/not, mul/imul/div/idiv, bt/bts/btr/btc, bsf/bsr, xadd,
//! cmpxchg and the BCD adjustments (SDM Vol. 2, one section per mnemonic).

use super::{Ctx, Handler, Loc, Op, R, Step, mask, op_bits, sext, sized};
use crate::fault::Fault;
use crate::flags::{LazyOp, bit};
use crate::state::reg;
use iced_x86::{Instruction, Mnemonic, OpKind};

const ADD: u8 = 0;
const OR: u8 = 1;
const ADC: u8 = 2;
const SBB: u8 = 3;
const AND: u8 = 4;
const SUB: u8 = 5;
const XOR: u8 = 6;
const CMP: u8 = 7;
const TEST: u8 = 8;

/// Operand forms with a specialised handler (32-bit only).
const GENERIC: u8 = 0;
const RR: u8 = 1;
const RI: u8 = 2;
const RI8: u8 = 3;
const RM: u8 = 4;
const MR: u8 = 5;
const MI: u8 = 6;
const MI8: u8 = 7;

fn form(i: &Instruction) -> u8 {
    if op_bits(i, 0) != 32 {
        return GENERIC;
    }
    match (i.op0_kind(), i.op1_kind()) {
        (OpKind::Register, OpKind::Register) => RR,
        (OpKind::Register, OpKind::Immediate32) => RI,
        (OpKind::Register, OpKind::Immediate8to32) => RI8,
        (OpKind::Register, OpKind::Memory) => RM,
        (OpKind::Memory, OpKind::Register) => MR,
        (OpKind::Memory, OpKind::Immediate32) => MI,
        (OpKind::Memory, OpKind::Immediate8to32) => MI8,
        _ => GENERIC,
    }
}

macro_rules! alu_form {
    ($i:expr, $s:expr, $op:expr) => {
        match form($i) {
            RR => alu::<$op, RR, 32> as Handler,
            RI => alu::<$op, RI, 32> as Handler,
            RI8 => alu::<$op, RI8, 32> as Handler,
            RM => alu::<$op, RM, 32> as Handler,
            MR => alu::<$op, MR, 32> as Handler,
            MI => alu::<$op, MI, 32> as Handler,
            MI8 => alu::<$op, MI8, 32> as Handler,
            _ => sized!($s, alu, $op, GENERIC),
        }
    };
}

pub(super) fn select(i: &Instruction) -> Option<Handler> {
    let s = op_bits(i, 0);
    Some(match i.mnemonic() {
        Mnemonic::Add => alu_form!(i, s, ADD),
        Mnemonic::Or => alu_form!(i, s, OR),
        Mnemonic::Adc => alu_form!(i, s, ADC),
        Mnemonic::Sbb => alu_form!(i, s, SBB),
        Mnemonic::And => alu_form!(i, s, AND),
        Mnemonic::Sub => alu_form!(i, s, SUB),
        Mnemonic::Xor => alu_form!(i, s, XOR),
        Mnemonic::Cmp => alu_form!(i, s, CMP),
        Mnemonic::Test => alu_form!(i, s, TEST),
        Mnemonic::Inc if s == 32 && i.op0_kind() == OpKind::Register => {
            incdec_r32::<{ LazyOp::INC }>
        }
        Mnemonic::Dec if s == 32 && i.op0_kind() == OpKind::Register => {
            incdec_r32::<{ LazyOp::DEC }>
        }
        Mnemonic::Inc => sized!(s, inc),
        Mnemonic::Dec => sized!(s, dec),
        Mnemonic::Neg => sized!(s, neg),
        Mnemonic::Not => sized!(s, not),
        Mnemonic::Mul => sized!(s, mul),
        Mnemonic::Imul => match i.op_count() {
            1 => sized!(s, imul1),
            _ => sized!(s, imul),
        },
        Mnemonic::Div => sized!(s, div),
        Mnemonic::Idiv => sized!(s, idiv),
        Mnemonic::Bt => sized!(s, bt, 0),
        Mnemonic::Bts => sized!(s, bt, 1),
        Mnemonic::Btr => sized!(s, bt, 2),
        Mnemonic::Btc => sized!(s, bt, 3),
        // `rep bsf`/`rep bsr` (F3 0F BC/BD) decode as tzcnt/lzcnt, which a
        // CPU without BMI1/LZCNT (CPUID says so) executes as bsf/bsr: gcc
        // emits `rep bsf` for __builtin_ctz relying on exactly that.
        Mnemonic::Bsf | Mnemonic::Tzcnt => sized!(s, bsf),
        Mnemonic::Bsr | Mnemonic::Lzcnt => sized!(s, bsr),
        Mnemonic::Xadd => sized!(s, xadd),
        Mnemonic::Cmpxchg => sized!(s, cmpxchg),
        Mnemonic::Daa => daa,
        Mnemonic::Das => das,
        Mnemonic::Aaa => aaa,
        Mnemonic::Aas => aas,
        Mnemonic::Aam => aam,
        Mnemonic::Aad => aad,
        _ => return None,
    })
}

/// The binary ALU group (SDM Vol. 2A "ADD", "ADC", ...).
fn alu<const OP: u8, const FORM: u8, const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let (loc, a) = match FORM {
        GENERIC => c.load::<S>(i, 0)?,
        MR | MI | MI8 => {
            let addr = c.ea(i);
            (Loc::Mem(addr), c.rd::<32>(addr)?)
        }
        _ => {
            let r = i.op0_register();
            (Loc::Reg(r), c.cpu.regs[(r as usize).wrapping_sub(37) & 7])
        }
    };
    let b = match FORM {
        RR | MR => c.cpu.regs[(i.op1_register() as usize).wrapping_sub(37) & 7],
        RI | MI => i.immediate32(),
        RI8 | MI8 => i.immediate8to32() as u32,
        RM => {
            let addr = c.ea(i);
            c.rd::<32>(addr)?
        }
        _ => c.get::<S>(i, 1)? & mask(S),
    };
    let m = mask(S);
    let (r, kind) = match OP {
        ADD => (a.wrapping_add(b), LazyOp::ADD),
        ADC => (
            a.wrapping_add(b).wrapping_add(u32::from(c.cpu.flags.cf())),
            LazyOp::ADD,
        ),
        SUB | CMP => (a.wrapping_sub(b), LazyOp::SUB),
        SBB => (
            a.wrapping_sub(b).wrapping_sub(u32::from(c.cpu.flags.cf())),
            LazyOp::SUB,
        ),
        OR => (a | b, LazyOp::LOGIC),
        AND | TEST => (a & b, LazyOp::LOGIC),
        _ => (a ^ b, LazyOp::LOGIC),
    };
    let r = r & m;
    if OP != CMP && OP != TEST {
        match (FORM, loc) {
            (GENERIC, _) => c.store::<S>(loc, r)?,
            (MR | MI | MI8, Loc::Mem(addr)) => c.wr::<32>(addr, r)?,
            _ => c.cpu.regs[(i.op0_register() as usize).wrapping_sub(37) & 7] = r,
        }
    }
    c.cpu.flags.set_lazy(kind, S, a, b, r);
    Ok(Step::Next)
}

/// inc/dec of a 32-bit register (loop counters).
fn incdec_r32<const K: u32>(c: &mut Ctx, i: &Op) -> R {
    let n = (i.op0_register() as usize).wrapping_sub(37) & 7;
    let a = c.cpu.regs[n];
    let r = if K == LazyOp::INC {
        a.wrapping_add(1)
    } else {
        a.wrapping_sub(1)
    };
    c.cpu.regs[n] = r;
    c.cpu.flags.set_lazy(K, 32, a, 1, r);
    Ok(Step::Next)
}

fn inc<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let (loc, a) = c.load::<S>(i, 0)?;
    let r = a.wrapping_add(1) & mask(S);
    c.store::<S>(loc, r)?;
    c.cpu.flags.set_lazy(LazyOp::INC, S, a, 1, r);
    Ok(Step::Next)
}

fn dec<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let (loc, a) = c.load::<S>(i, 0)?;
    let r = a.wrapping_sub(1) & mask(S);
    c.store::<S>(loc, r)?;
    c.cpu.flags.set_lazy(LazyOp::DEC, S, a, 1, r);
    Ok(Step::Next)
}

fn neg<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let (loc, a) = c.load::<S>(i, 0)?;
    let r = 0u32.wrapping_sub(a) & mask(S);
    c.store::<S>(loc, r)?;
    c.cpu.flags.set_lazy(LazyOp::SUB, S, 0, a, r);
    Ok(Step::Next)
}

fn not<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let (loc, a) = c.load::<S>(i, 0)?;
    c.store::<S>(loc, !a & mask(S))?;
    Ok(Step::Next)
}

/// Sets the status flags from a result: SF/ZF/PF from `r`, CF/OF as given,
/// AF clear.
pub(super) fn status_szp<const S: u32>(r: u32, cf: bool, of: bool) -> u32 {
    let r = r & mask(S);
    let mut f = 0;
    if cf {
        f |= bit::CF;
    }
    if of {
        f |= bit::OF;
    }
    if r == 0 {
        f |= bit::ZF;
    }
    if r >> (S - 1) & 1 != 0 {
        f |= bit::SF;
    }
    if (r as u8).count_ones() & 1 == 0 {
        f |= bit::PF;
    }
    f
}

/// mul: CF = OF = upper half non-zero; SF/ZF/AF/PF undefined (computed from
/// the low half here).
fn mul<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let b = u64::from(c.get::<S>(i, 0)?);
    let r = &mut c.cpu.regs;
    let (lo, hi) = match S {
        8 => {
            let p = u64::from(r[reg::EAX] & 0xff) * b;
            r[reg::EAX] = (r[reg::EAX] & !0xffff) | (p as u32 & 0xffff);
            (p as u32 & 0xff, (p >> 8) as u32)
        }
        16 => {
            let p = u64::from(r[reg::EAX] & 0xffff) * b;
            r[reg::EAX] = (r[reg::EAX] & !0xffff) | (p as u32 & 0xffff);
            r[reg::EDX] = (r[reg::EDX] & !0xffff) | ((p >> 16) as u32 & 0xffff);
            (p as u32 & 0xffff, (p >> 16) as u32)
        }
        _ => {
            let p = u64::from(r[reg::EAX]) * b;
            r[reg::EAX] = p as u32;
            r[reg::EDX] = (p >> 32) as u32;
            (p as u32, (p >> 32) as u32)
        }
    };
    let f = status_szp::<S>(lo, hi != 0, hi != 0);
    c.cpu.flags.set_status(f);
    Ok(Step::Next)
}

/// One-operand imul: CF = OF = the product does not fit the low half.
fn imul1<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let b = i64::from(sext(c.get::<S>(i, 0)?, S) as i32);
    let r = &mut c.cpu.regs;
    let a = i64::from(sext(r[reg::EAX] & mask(S), S) as i32);
    let p = a * b;
    let lo = p as u32 & mask(S);
    match S {
        8 => r[reg::EAX] = (r[reg::EAX] & !0xffff) | (p as u32 & 0xffff),
        16 => {
            r[reg::EAX] = (r[reg::EAX] & !0xffff) | (p as u32 & 0xffff);
            r[reg::EDX] = (r[reg::EDX] & !0xffff) | ((p >> 16) as u32 & 0xffff);
        }
        _ => {
            r[reg::EAX] = p as u32;
            r[reg::EDX] = (p >> 32) as u32;
        }
    }
    let over = i64::from(sext(lo, S) as i32) != p;
    c.cpu.flags.set_status(status_szp::<S>(lo, over, over));
    Ok(Step::Next)
}

/// Two- and three-operand imul: dest = truncated product.
fn imul<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let (a, b) = if i.op_count() == 3 {
        (c.get::<S>(i, 1)?, i.immediate(2) as u32)
    } else {
        (c.get::<S>(i, 0)?, c.get::<S>(i, 1)?)
    };
    let p = i64::from(sext(a & mask(S), S) as i32) * i64::from(sext(b & mask(S), S) as i32);
    let lo = p as u32 & mask(S);
    let over = i64::from(sext(lo, S) as i32) != p;
    c.set_reg(i.op0_register(), lo);
    c.cpu.flags.set_status(status_szp::<S>(lo, over, over));
    Ok(Step::Next)
}

fn div<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let d = u64::from(c.get::<S>(i, 0)?);
    if d == 0 {
        return Err(Fault::Divide);
    }
    let r = &mut c.cpu.regs;
    let n = match S {
        8 => u64::from(r[reg::EAX] & 0xffff),
        16 => u64::from((r[reg::EDX] & 0xffff) << 16 | (r[reg::EAX] & 0xffff)),
        _ => u64::from(r[reg::EDX]) << 32 | u64::from(r[reg::EAX]),
    };
    let q = n / d;
    let m = n % d;
    if q > u64::from(mask(S)) {
        return Err(Fault::Divide);
    }
    write_divmod::<S>(r, q as u32, m as u32);
    Ok(Step::Next)
}

fn write_divmod<const S: u32>(r: &mut [u32; 8], q: u32, m: u32) {
    match S {
        8 => r[reg::EAX] = (r[reg::EAX] & !0xffff) | (q & 0xff) | (m & 0xff) << 8,
        16 => {
            r[reg::EAX] = (r[reg::EAX] & !0xffff) | (q & 0xffff);
            r[reg::EDX] = (r[reg::EDX] & !0xffff) | (m & 0xffff);
        }
        _ => {
            r[reg::EAX] = q;
            r[reg::EDX] = m;
        }
    }
}

fn idiv<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let d = i64::from(sext(c.get::<S>(i, 0)?, S) as i32);
    if d == 0 {
        return Err(Fault::Divide);
    }
    let r = &mut c.cpu.regs;
    let n: i64 = match S {
        8 => i64::from(r[reg::EAX] as u16 as i16),
        16 => i64::from(((r[reg::EDX] & 0xffff) << 16 | (r[reg::EAX] & 0xffff)) as i32),
        _ => (u64::from(r[reg::EDX]) << 32 | u64::from(r[reg::EAX])) as i64,
    };
    let (Some(q), Some(m)) = (n.checked_div(d), n.checked_rem(d)) else {
        return Err(Fault::Divide);
    };
    let lim = 1i64 << (S - 1);
    if q >= lim || q < -lim {
        return Err(Fault::Divide);
    }
    write_divmod::<S>(r, q as u32, m as u32);
    Ok(Step::Next)
}

/// bt/bts/btr/btc (SDM Vol. 2A "BT"): with a register bit offset and a memory
/// operand, the offset is signed and selects an operand-sized word anywhere
/// relative to the address. Only CF is defined (ZF unchanged).
fn bt<const OP: u8, const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let off = c.get::<S>(i, 1)?;
    let (loc, bitn) = if i.op0_kind() == OpKind::Register {
        (Loc::Reg(i.op0_register()), off & (S - 1))
    } else if i.op1_kind() == OpKind::Register {
        let so = sext(off, S) as i32;
        let words = so >> if S == 16 { 4 } else { 5 };
        let a = c.ea(i).wrapping_add((words as u32).wrapping_mul(S / 8));
        (Loc::Mem(a), off & (S - 1))
    } else {
        (Loc::Mem(c.ea(i)), off & (S - 1))
    };
    let v = match loc {
        Loc::Reg(r) => c.reg(r),
        Loc::Mem(a) => c.rd::<S>(a)?,
    };
    let cf = v >> bitn & 1 != 0;
    let nv = match OP {
        1 => v | 1 << bitn,
        2 => v & !(1 << bitn),
        3 => v ^ 1 << bitn,
        _ => v,
    };
    if OP != 0 {
        c.store::<S>(loc, nv)?;
    }
    c.cpu.flags.materialise();
    let b = &mut c.cpu.flags.bits;
    *b = (*b & !bit::CF) | u32::from(cf);
    Ok(Step::Next)
}

/// bsf/bsr: ZF = source is zero (destination then unchanged, as on Intel
/// and documented by AMD); CF/OF/SF/AF/PF undefined (cleared here).
fn bsf<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = c.get::<S>(i, 1)? & mask(S);
    bs_finish::<S>(c, i, v, v.trailing_zeros())
}

fn bsr<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let v = c.get::<S>(i, 1)? & mask(S);
    bs_finish::<S>(c, i, v, 31u32.wrapping_sub(v.leading_zeros()))
}

fn bs_finish<const S: u32>(c: &mut Ctx, i: &Op, v: u32, idx: u32) -> R {
    if v == 0 {
        c.cpu.flags.set_status(bit::ZF);
    } else {
        c.set_reg(i.op0_register(), idx);
        c.cpu.flags.set_status(0);
    }
    Ok(Step::Next)
}

fn xadd<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let (loc, a) = c.load::<S>(i, 0)?;
    let src = i.op1_register();
    let b = c.reg(src);
    let r = a.wrapping_add(b) & mask(S);
    // SRC <- DEST, then DEST <- SUM (SDM "XADD"): with the same register
    // on both sides the sum wins. A memory destination is written first so
    // that a fault leaves the register untouched.
    match loc {
        Loc::Mem(_) => {
            c.store::<S>(loc, r)?;
            c.set_reg(src, a);
        }
        Loc::Reg(_) => {
            c.set_reg(src, a);
            c.store::<S>(loc, r)?;
        }
    }
    c.cpu.flags.set_lazy(LazyOp::ADD, S, a, b, r);
    Ok(Step::Next)
}

/// cmpxchg: the destination is always written (with itself when unequal),
/// as the SDM's operation section says.
fn cmpxchg<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let (loc, d) = c.load::<S>(i, 0)?;
    let acc = c.cpu.regs[reg::EAX] & mask(S);
    let eq = acc == d;
    let nv = if eq { c.reg(i.op1_register()) } else { d };
    c.store::<S>(loc, nv)?;
    if !eq {
        let r = &mut c.cpu.regs[reg::EAX];
        *r = (*r & !mask(S)) | d;
    }
    c.cpu
        .flags
        .set_lazy(LazyOp::SUB, S, acc, d, acc.wrapping_sub(d) & mask(S));
    Ok(Step::Next)
}

fn al_status(al: u32, cf: bool, af: bool) -> u32 {
    let mut f = status_szp::<8>(al, cf, false);
    if af {
        f |= bit::AF;
    }
    f
}

/// daa (SDM Vol. 2A "DAA", operation section).
fn daa(c: &mut Ctx, _: &Op) -> R {
    let old_al = c.cpu.regs[reg::EAX] & 0xff;
    let old_cf = c.cpu.flags.cf();
    let mut al = old_al;
    // The carry of the first step is overwritten by the second (SDM).
    let af = if al & 0xf > 9 || c.cpu.flags.af() {
        al = (al + 6) & 0xff;
        true
    } else {
        false
    };
    let cf = old_al > 0x99 || old_cf;
    if cf {
        al = (al + 0x60) & 0xff;
    }
    set_al(c, al);
    c.cpu.flags.set_status(al_status(al, cf, af));
    Ok(Step::Next)
}

fn das(c: &mut Ctx, _: &Op) -> R {
    let old_al = c.cpu.regs[reg::EAX] & 0xff;
    let old_cf = c.cpu.flags.cf();
    let mut al = old_al;
    let mut cf = false;
    let af = if al & 0xf > 9 || c.cpu.flags.af() {
        cf = old_cf || al < 6;
        al = al.wrapping_sub(6) & 0xff;
        true
    } else {
        false
    };
    if old_al > 0x99 || old_cf {
        al = al.wrapping_sub(0x60) & 0xff;
        cf = true;
    }
    set_al(c, al);
    c.cpu.flags.set_status(al_status(al, cf, af));
    Ok(Step::Next)
}

fn set_al(c: &mut Ctx, al: u32) {
    let r = &mut c.cpu.regs[reg::EAX];
    *r = (*r & !0xff) | (al & 0xff);
}

/// aaa: AX += 0x106 when adjusting (SDM "AAA"); only AF and CF defined.
fn aaa(c: &mut Ctx, _: &Op) -> R {
    let r = c.cpu.regs[reg::EAX];
    let adj = r & 0xf > 9 || c.cpu.flags.af();
    let mut ax = r & 0xffff;
    if adj {
        ax = ax.wrapping_add(0x106) & 0xffff;
    }
    ax &= 0xff0f;
    c.cpu.regs[reg::EAX] = (r & !0xffff) | ax;
    let f =
        if adj { bit::AF | bit::CF } else { 0 } | (status_szp::<8>(ax, false, false) & !bit::CF);
    c.cpu.flags.set_status(f);
    Ok(Step::Next)
}

fn aas(c: &mut Ctx, _: &Op) -> R {
    let r = c.cpu.regs[reg::EAX];
    let adj = r & 0xf > 9 || c.cpu.flags.af();
    let mut ax = r & 0xffff;
    if adj {
        // AX -= 6 (the borrow reaches AH), then AH -= 1 (SDM "AAS").
        ax = ax.wrapping_sub(6) & 0xffff;
        ax = ax.wrapping_sub(0x100) & 0xffff;
    }
    ax &= 0xff0f;
    c.cpu.regs[reg::EAX] = (r & !0xffff) | ax;
    let f =
        if adj { bit::AF | bit::CF } else { 0 } | (status_szp::<8>(ax, false, false) & !bit::CF);
    c.cpu.flags.set_status(f);
    Ok(Step::Next)
}

fn aam(c: &mut Ctx, i: &Op) -> R {
    let base = u32::from(i.immediate8());
    if base == 0 {
        return Err(Fault::Divide);
    }
    let r = c.cpu.regs[reg::EAX];
    let al = r & 0xff;
    let (ah, al) = (al / base, al % base);
    c.cpu.regs[reg::EAX] = (r & !0xffff) | ah << 8 | al;
    c.cpu.flags.set_status(status_szp::<8>(al, false, false));
    Ok(Step::Next)
}

fn aad(c: &mut Ctx, i: &Op) -> R {
    let base = u32::from(i.immediate8());
    let r = c.cpu.regs[reg::EAX];
    let al = ((r & 0xff) + ((r >> 8) & 0xff) * base) & 0xff;
    c.cpu.regs[reg::EAX] = (r & !0xffff) | al;
    c.cpu.flags.set_status(status_szp::<8>(al, false, false));
    Ok(Step::Next)
}
