//! Shifts and rotates: rol/ror/rcl/rcr/shl/sal/shr/sar/shld/shrd (SDM Vol. 2B
//! "RCL/RCR/ROL/ROR", "SAL/SAR/SHL/SHR", "SHLD", "SHRD").
//!
//! The count is masked to 5 bits; a masked count of 0 changes nothing, not
//! even flags. Rotates change only CF and OF. OF is defined only for a count
//! of 1 and undefined flags get the values a modern Intel core shows where
//! known, the natural formula otherwise.

use super::{Ctx, Handler, Op, R, Step, mask, op_bits, sized};
use crate::flags::bit;
use iced_x86::{Instruction, Mnemonic};

const ROL: u8 = 0;
const ROR: u8 = 1;
const RCL: u8 = 2;
const RCR: u8 = 3;
const SHL: u8 = 4;
const SHR: u8 = 5;
const SAR: u8 = 7;

pub(super) fn select(i: &Instruction) -> Option<Handler> {
    let s = op_bits(i, 0);
    Some(match i.mnemonic() {
        Mnemonic::Rol => sized!(s, rot, ROL),
        Mnemonic::Ror => sized!(s, rot, ROR),
        Mnemonic::Rcl => sized!(s, rot, RCL),
        Mnemonic::Rcr => sized!(s, rot, RCR),
        Mnemonic::Shl | Mnemonic::Sal => sized!(s, sh, SHL),
        Mnemonic::Shr => sized!(s, sh, SHR),
        Mnemonic::Sar => sized!(s, sh, SAR),
        Mnemonic::Shld => sized!(s, shld),
        Mnemonic::Shrd => sized!(s, shrd),
        _ => return None,
    })
}

/// The count operand: cl or an immediate (1 for the D0/D1 forms).
fn count(c: &Ctx, i: &Instruction, n: u32) -> u32 {
    let v = match i.op_kind(n) {
        iced_x86::OpKind::Register => c.reg(i.op_register(n)),
        _ => i.immediate(n) as u32,
    };
    v & 0x1f
}

fn sh<const OP: u8, const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let n = count(c, i, 1);
    if n == 0 {
        // Still an access: a memory operand must be readable.
        c.load::<S>(i, 0)?;
        return Ok(Step::Next);
    }
    let (loc, a) = c.load::<S>(i, 0)?;
    let m = mask(S);
    let (r, cf, of) = match OP {
        SHL => {
            let wide = u64::from(a) << n;
            let r = wide as u32 & m;
            let cf = wide >> S & 1 != 0;
            (r, cf, (r >> (S - 1) & 1 != 0) != cf)
        }
        SHR => {
            let r = if n >= S { 0 } else { a >> n };
            let cf = if n > S { false } else { a >> (n - 1) & 1 != 0 };
            (r, cf, a >> (S - 1) & 1 != 0)
        }
        _ => {
            let sa = i64::from(super::sext(a, S) as i32);
            let r = (sa >> n.min(63)) as u32 & m;
            let cf = (sa >> (n - 1).min(63)) & 1 != 0;
            (r, cf, false)
        }
    };
    c.store::<S>(loc, r)?;
    let mut f = super::alu::status_szp::<S>(r, cf, of);
    let _ = &mut f;
    c.cpu.flags.set_status(f);
    Ok(Step::Next)
}

fn rot<const OP: u8, const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let n = count(c, i, 1);
    let (loc, a) = c.load::<S>(i, 0)?;
    if n == 0 {
        return Ok(Step::Next);
    }
    let m = mask(S);
    let cf_in = c.cpu.flags.cf();
    let (r, cf, of) = match OP {
        ROL => {
            let k = n % S;
            let r = if k == 0 {
                a
            } else {
                (a << k | a >> (S - k)) & m
            };
            let cf = r & 1 != 0;
            (r, cf, (r >> (S - 1) & 1 != 0) != cf)
        }
        ROR => {
            let k = n % S;
            let r = if k == 0 {
                a
            } else {
                (a >> k | a << (S - k)) & m
            };
            let cf = r >> (S - 1) & 1 != 0;
            (r, cf, ((r >> (S - 1)) ^ (r >> (S - 2))) & 1 != 0)
        }
        RCL => {
            let k = if S == 32 { n } else { n % (S + 1) };
            // (S+1)-bit value: carry above the operand.
            let v = u64::from(a) | u64::from(cf_in) << S;
            let full = (1u64 << (S + 1)) - 1;
            let rv = if k == 0 {
                v
            } else {
                ((v << k) | (v >> (S + 1 - k))) & full
            };
            let r = rv as u32 & m;
            let cf = rv >> S & 1 != 0;
            (r, cf, (r >> (S - 1) & 1 != 0) != cf)
        }
        _ => {
            let k = if S == 32 { n } else { n % (S + 1) };
            let v = u64::from(a) | u64::from(cf_in) << S;
            let full = (1u64 << (S + 1)) - 1;
            let rv = if k == 0 {
                v
            } else {
                ((v >> k) | (v << (S + 1 - k))) & full
            };
            let r = rv as u32 & m;
            let cf = rv >> S & 1 != 0;
            (r, cf, ((r >> (S - 1)) ^ (r >> (S - 2))) & 1 != 0)
        }
    };
    c.store::<S>(loc, r)?;
    c.cpu.flags.materialise();
    let b = &mut c.cpu.flags.bits;
    *b = (*b & !(bit::CF | bit::OF)) | u32::from(cf) | if of { bit::OF } else { 0 };
    Ok(Step::Next)
}

/// shld: shifts `dst` left, filling from the top of `src`. For 16-bit counts
/// above 16 the result is undefined; this computes it through the 48-bit
/// dst:src:dst concatenation Intel cores use.
fn shld<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let n = count(c, i, 2);
    let (loc, a) = c.load::<S>(i, 0)?;
    if n == 0 {
        return Ok(Step::Next);
    }
    let b = c.reg(i.op1_register());
    let m = mask(S);
    let (r, cf) = if S == 32 {
        let v = u64::from(a) << 32 | u64::from(b);
        ((v << n >> 32) as u32, (v << (n - 1)) >> 63 != 0)
    } else {
        // 48 bits: a:b:a, shifted left by n, top 16 bits taken.
        let v = u64::from(a) << 32 | u64::from(b) << 16 | u64::from(a);
        let r = ((v << n) >> 32) as u32 & m;
        (r, (v << (n - 1)) >> 47 & 1 != 0)
    };
    c.store::<S>(loc, r)?;
    let of = ((r ^ a) >> (S - 1)) & 1 != 0;
    c.cpu
        .flags
        .set_status(super::alu::status_szp::<S>(r, cf, of));
    Ok(Step::Next)
}

fn shrd<const S: u32>(c: &mut Ctx, i: &Op) -> R {
    let n = count(c, i, 2);
    let (loc, a) = c.load::<S>(i, 0)?;
    if n == 0 {
        return Ok(Step::Next);
    }
    let b = c.reg(i.op1_register());
    let m = mask(S);
    let (r, cf) = if S == 32 {
        let v = u64::from(b) << 32 | u64::from(a);
        ((v >> n) as u32, (v >> (n - 1)) & 1 != 0)
    } else {
        // 48 bits: a:b:a with the destination in the low 16 bits.
        let v = u64::from(a) << 32 | u64::from(b) << 16 | u64::from(a);
        ((v >> n) as u32 & m, (v >> (n - 1)) & 1 != 0)
    };
    c.store::<S>(loc, r)?;
    let of = ((r ^ a) >> (S - 1)) & 1 != 0;
    c.cpu
        .flags
        .set_status(super::alu::status_szp::<S>(r, cf, of));
    Ok(Step::Next)
}
