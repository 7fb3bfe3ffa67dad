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

/// Host byte offset of `len` bytes at `addr` if they lie in one page that
/// the fast path may access (`write`: writable, not copy-on-write, holding
/// no decoded code).
fn fast_span(c: &Ctx, addr: u32, len: u32, write: bool) -> Option<usize> {
    use crate::mmu::{Frame, pte};
    let e = c.aspace.pte(addr);
    let ok = if write {
        e & (pte::PRESENT | pte::WRITE | pte::COW) == (pte::PRESENT | pte::WRITE)
            && !c.mem.is_code_frame(Frame(e >> 12))
    } else {
        e & (pte::PRESENT | pte::READ) == (pte::PRESENT | pte::READ)
    };
    let off = addr & 0xfff;
    (ok && len > 0 && off + len <= 0x1000).then_some((e & pte::FRAME_MASK) as usize | off as usize)
}

/// Forward `rep movs`/`rep stos` with 32-bit addressing, a page at a time
/// through the fast path. Stops (leaving the rest to the element loop) at
/// anything unusual: page crossings of an element, slow-path pages, a
/// fault, or [`CHUNK`] elements. Returns the elements done; registers are
/// updated as if they had been done one by one.
fn bulk<const OP: u8, const S: u32>(c: &mut Ctx, src_base: u32, es: u32) -> u32 {
    let size = S / 8;
    let mut done = 0u32;
    while done < CHUNK {
        let count = c.cpu.regs[reg::ECX];
        if count == 0 {
            break;
        }
        let di = c.cpu.regs[reg::EDI];
        let dst = es.wrapping_add(di);
        let mut elems = ((0x1000 - (dst & 0xfff)) / size)
            .min(count)
            .min(CHUNK - done);
        let src = src_base.wrapping_add(c.cpu.regs[reg::ESI]);
        if OP == MOVS {
            elems = elems.min((0x1000 - (src & 0xfff)) / size);
        }
        let len = elems * size;
        let Some(d) = fast_span(c, dst, len, true) else {
            break;
        };
        if OP == STOS {
            let v = c.cpu.regs[reg::EAX].to_le_bytes();
            let bytes = c.mem.raw_mut();
            for (k, b) in bytes[d..d + len as usize].iter_mut().enumerate() {
                *b = v[k % size as usize];
            }
        } else {
            let Some(s) = fast_span(c, src, len, false) else {
                break;
            };
            let bytes = c.mem.raw_mut();
            if d > s && d < s + len as usize {
                // Overlap with the destination ahead: element order matters.
                for k in 0..len as usize {
                    bytes[d + k] = bytes[s + k];
                }
            } else {
                bytes.copy_within(s..s + len as usize, d);
            }
            c.cpu.regs[reg::ESI] = c.cpu.regs[reg::ESI].wrapping_add(len);
        }
        c.cpu.regs[reg::EDI] = di.wrapping_add(len);
        c.cpu.regs[reg::ECX] = count - elems;
        done += elems;
    }
    done
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
    if rep && A == 32 && (OP == MOVS || OP == STOS) && !c.cpu.flags.df() {
        n = bulk::<OP, S>(c, src_base, es);
    }
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
