//! String instructions movs/cmps/scas/lods/stos with rep/repe/repne, both
//! directions, 8/16/32-bit elements and 16/32-bit addressing (SDM Vol. 2B
//! "REP/REPE/REPZ/REPNE/REPNZ", "MOVS", ...).
//!
//! Each iteration is committed as a whole (registers updated after its
//! memory accesses), so a fault leaves ecx/esi/edi saying how far it got and
//! eip at the instruction, as on hardware. A long `rep` yields after
//! [`CHUNK`] iterations by leaving eip at the instruction, so the run loop's
//! budget keeps the machine responsive.

use super::{Ctx, Handler, Op, R, Step, mask};
use crate::flags::LazyOp;
use crate::state::reg;
use iced_x86::{Code, Instruction, OpKind};

/// Iterations of one `rep` before yielding to the block loop.
const CHUNK: u32 = 4096;

const MOVS: u8 = 0;
const CMPS: u8 = 1;
const SCAS: u8 = 2;
const LODS: u8 = 3;
const STOS: u8 = 4;

pub(super) fn select(i: &Instruction) -> Option<Handler> {
    use Code::*;
    let (op, s) = match i.code() {
        Movsb_m8_m8 => (MOVS, 8),
        Movsw_m16_m16 => (MOVS, 16),
        Movsd_m32_m32 => (MOVS, 32),
        Cmpsb_m8_m8 => (CMPS, 8),
        Cmpsw_m16_m16 => (CMPS, 16),
        Cmpsd_m32_m32 => (CMPS, 32),
        Scasb_AL_m8 => (SCAS, 8),
        Scasw_AX_m16 => (SCAS, 16),
        Scasd_EAX_m32 => (SCAS, 32),
        Lodsb_AL_m8 => (LODS, 8),
        Lodsw_AX_m16 => (LODS, 16),
        Lodsd_EAX_m32 => (LODS, 32),
        Stosb_m8_AL => (STOS, 8),
        Stosw_m16_AX => (STOS, 16),
        Stosd_m32_EAX => (STOS, 32),
        _ => return None,
    };
    let a16 = (0..i.op_count()).any(|n| {
        matches!(
            i.op_kind(n),
            OpKind::MemorySegSI | OpKind::MemoryESDI | OpKind::MemorySegDI
        )
    });
    Some(match (op, s, a16) {
        (MOVS, 8, false) => string::<MOVS, 8, 32>,
        (MOVS, 16, false) => string::<MOVS, 16, 32>,
        (MOVS, _, false) => string::<MOVS, 32, 32>,
        (CMPS, 8, false) => string::<CMPS, 8, 32>,
        (CMPS, 16, false) => string::<CMPS, 16, 32>,
        (CMPS, _, false) => string::<CMPS, 32, 32>,
        (SCAS, 8, false) => string::<SCAS, 8, 32>,
        (SCAS, 16, false) => string::<SCAS, 16, 32>,
        (SCAS, _, false) => string::<SCAS, 32, 32>,
        (LODS, 8, false) => string::<LODS, 8, 32>,
        (LODS, 16, false) => string::<LODS, 16, 32>,
        (LODS, _, false) => string::<LODS, 32, 32>,
        (STOS, 8, false) => string::<STOS, 8, 32>,
        (STOS, 16, false) => string::<STOS, 16, 32>,
        (STOS, _, false) => string::<STOS, 32, 32>,
        (MOVS, 8, true) => string::<MOVS, 8, 16>,
        (MOVS, 16, true) => string::<MOVS, 16, 16>,
        (MOVS, _, true) => string::<MOVS, 32, 16>,
        (CMPS, 8, true) => string::<CMPS, 8, 16>,
        (CMPS, 16, true) => string::<CMPS, 16, 16>,
        (CMPS, _, true) => string::<CMPS, 32, 16>,
        (SCAS, 8, true) => string::<SCAS, 8, 16>,
        (SCAS, 16, true) => string::<SCAS, 16, 16>,
        (SCAS, _, true) => string::<SCAS, 32, 16>,
        (LODS, 8, true) => string::<LODS, 8, 16>,
        (LODS, 16, true) => string::<LODS, 16, 16>,
        (LODS, _, true) => string::<LODS, 32, 16>,
        (STOS, 8, true) => string::<STOS, 8, 16>,
        (STOS, 16, true) => string::<STOS, 16, 16>,
        (_, _, true) => string::<STOS, 32, 16>,
        _ => return None,
    })
}

#[inline(always)]
fn get_r<const A: u32>(c: &Ctx, r: usize) -> u32 {
    c.cpu.regs[r] & mask(A)
}

#[inline(always)]
fn set_r<const A: u32>(c: &mut Ctx, r: usize, v: u32) {
    let x = &mut c.cpu.regs[r];
    *x = (*x & !mask(A)) | (v & mask(A));
}

/// One string instruction; `S` element bits, `A` address bits.
fn string<const OP: u8, const S: u32, const A: u32>(c: &mut Ctx, i: &Op) -> R {
    let rep = i.has_rep_prefix() || i.has_repne_prefix();
    let repne = i.has_repne_prefix();
    let step = if c.cpu.flags.df() {
        0u32.wrapping_sub(S / 8)
    } else {
        S / 8
    };
    let src_base = c.seg_base(i.memory_segment());
    let es = c.cpu.seg_base[crate::state::seg::ES];
    let mut n = 0u32;
    loop {
        if rep {
            if get_r::<A>(c, reg::ECX) == 0 {
                return Ok(Step::Next);
            }
            if n == CHUNK {
                c.cpu.eip = i.ip32();
                return Ok(Step::Jump);
            }
        }
        let si = get_r::<A>(c, reg::ESI);
        let di = get_r::<A>(c, reg::EDI);
        match OP {
            MOVS => {
                let v = c.rd::<S>(src_base.wrapping_add(si))?;
                c.wr::<S>(es.wrapping_add(di), v)?;
                set_r::<A>(c, reg::ESI, si.wrapping_add(step));
                set_r::<A>(c, reg::EDI, di.wrapping_add(step));
            }
            LODS => {
                let v = c.rd::<S>(src_base.wrapping_add(si))?;
                let r = &mut c.cpu.regs[reg::EAX];
                *r = (*r & !mask(S)) | v;
                set_r::<A>(c, reg::ESI, si.wrapping_add(step));
            }
            STOS => {
                let v = c.cpu.regs[reg::EAX] & mask(S);
                c.wr::<S>(es.wrapping_add(di), v)?;
                set_r::<A>(c, reg::EDI, di.wrapping_add(step));
            }
            CMPS => {
                let a = c.rd::<S>(src_base.wrapping_add(si))?;
                let b = c.rd::<S>(es.wrapping_add(di))?;
                c.cpu
                    .flags
                    .set_lazy(LazyOp::SUB, S, a, b, a.wrapping_sub(b) & mask(S));
                set_r::<A>(c, reg::ESI, si.wrapping_add(step));
                set_r::<A>(c, reg::EDI, di.wrapping_add(step));
            }
            _ => {
                let a = c.cpu.regs[reg::EAX] & mask(S);
                let b = c.rd::<S>(es.wrapping_add(di))?;
                c.cpu
                    .flags
                    .set_lazy(LazyOp::SUB, S, a, b, a.wrapping_sub(b) & mask(S));
                set_r::<A>(c, reg::EDI, di.wrapping_add(step));
            }
        }
        if !rep {
            return Ok(Step::Next);
        }
        let cx = get_r::<A>(c, reg::ECX).wrapping_sub(1);
        set_r::<A>(c, reg::ECX, cx);
        n += 1;
        if (OP == CMPS || OP == SCAS) && c.cpu.flags.zf() == repne {
            return Ok(Step::Next);
        }
    }
}
