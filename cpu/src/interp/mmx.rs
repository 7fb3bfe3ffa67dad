//! MMX: the 64-bit packed-integer instructions of the P55C/Pentium II (Intel
//! SDM Vol. 1, chapter 9 "Programming with Intel MMX Technology"; Vol. 2 for
//! each instruction). Only the `NP 0F xx` forms on `mm` registers: the
//! 66/F2/F3-prefixed SSE2 forms on `xmm` registers and the SSE/SSE2 additions
//! on `mm` registers (pmulhuw, paddq, pmuludq, psubq, pshufw...) stay #UD, as
//! CPUID advertises neither SSE nor SSE2.
//!
//! State (SDM Vol. 1, 9.5 "Compatibility with x87 FPU Architecture" and
//! Vol. 3A, 12.2 "The MMX State and MMX Register Aliasing"): MMi is the
//! 64-bit significand of *physical* x87 register Ri (`x87.regs[i]`, not
//! ST(i)). Every MMX instruction but EMMS sets TOP to 0 and every tag to
//! valid; one that writes MMi also sets Ri's sign and exponent to all ones;
//! EMMS sets every tag empty (and TOP to 0, "each time an MMX instruction is
//! executed, the TOS value is set to 000B", Vol. 3A 12.2). The control word,
//! FIP/FDP/FOP and the other status bits are untouched. A pending unmasked
//! x87 exception (FSW.ES) raises #MF before the instruction does anything
//! (Vol. 3A, 12.5.1).
//!
//! Precision: every handler reads (and checks for writing) all the memory it
//! touches before it changes any state, so a page fault leaves the CPU and
//! FPU as they were.

use super::{Ctx, Handler, Op, R, Step};
use crate::fault::{Access, Fault};
use crate::x87::F80;
use crate::x87::f80::sw;
use iced_x86::{Code, Instruction, OpKind, Register};

/// The binary operations `mm <- f(mm, mm/m64)`, one const per handler.
mod k {
    pub const PADDB: u8 = 0;
    pub const PADDW: u8 = 1;
    pub const PADDD: u8 = 2;
    pub const PADDSB: u8 = 3;
    pub const PADDSW: u8 = 4;
    pub const PADDUSB: u8 = 5;
    pub const PADDUSW: u8 = 6;
    pub const PSUBB: u8 = 7;
    pub const PSUBW: u8 = 8;
    pub const PSUBD: u8 = 9;
    pub const PSUBSB: u8 = 10;
    pub const PSUBSW: u8 = 11;
    pub const PSUBUSB: u8 = 12;
    pub const PSUBUSW: u8 = 13;
    pub const PMULHW: u8 = 14;
    pub const PMULLW: u8 = 15;
    pub const PMADDWD: u8 = 16;
    pub const PCMPEQB: u8 = 17;
    pub const PCMPEQW: u8 = 18;
    pub const PCMPEQD: u8 = 19;
    pub const PCMPGTB: u8 = 20;
    pub const PCMPGTW: u8 = 21;
    pub const PCMPGTD: u8 = 22;
    pub const PAND: u8 = 23;
    pub const PANDN: u8 = 24;
    pub const POR: u8 = 25;
    pub const PXOR: u8 = 26;
    pub const PACKSSWB: u8 = 27;
    pub const PACKSSDW: u8 = 28;
    pub const PACKUSWB: u8 = 29;
    pub const PUNPCKHBW: u8 = 30;
    pub const PUNPCKHWD: u8 = 31;
    pub const PUNPCKHDQ: u8 = 32;
    pub const PUNPCKLBW: u8 = 33;
    pub const PUNPCKLWD: u8 = 34;
    pub const PUNPCKLDQ: u8 = 35;
    pub const PSLLW: u8 = 36;
    pub const PSLLD: u8 = 37;
    pub const PSLLQ: u8 = 38;
    pub const PSRLW: u8 = 39;
    pub const PSRLD: u8 = 40;
    pub const PSRLQ: u8 = 41;
    pub const PSRAW: u8 = 42;
    pub const PSRAD: u8 = 43;
}

/// The handler of an MMX instruction, or `None` for anything else (the SSE
/// forms included: they fall through to #UD).
pub(super) fn select(i: &Instruction) -> Option<Handler> {
    use Code as C;
    macro_rules! bin {
        ($k:ident) => {
            binop::<{ k::$k }> as Handler
        };
    }
    macro_rules! imm {
        ($k:ident) => {
            shift_imm::<{ k::$k }> as Handler
        };
    }
    Some(match i.code() {
        C::Emms => emms,
        C::Movd_mm_rm32 => movd_mm_rm32,
        C::Movd_rm32_mm => movd_rm32_mm,
        C::Movq_mm_mmm64 => movq_mm_mmm64,
        C::Movq_mmm64_mm => movq_mmm64_mm,
        C::Paddb_mm_mmm64 => bin!(PADDB),
        C::Paddw_mm_mmm64 => bin!(PADDW),
        C::Paddd_mm_mmm64 => bin!(PADDD),
        C::Paddsb_mm_mmm64 => bin!(PADDSB),
        C::Paddsw_mm_mmm64 => bin!(PADDSW),
        C::Paddusb_mm_mmm64 => bin!(PADDUSB),
        C::Paddusw_mm_mmm64 => bin!(PADDUSW),
        C::Psubb_mm_mmm64 => bin!(PSUBB),
        C::Psubw_mm_mmm64 => bin!(PSUBW),
        C::Psubd_mm_mmm64 => bin!(PSUBD),
        C::Psubsb_mm_mmm64 => bin!(PSUBSB),
        C::Psubsw_mm_mmm64 => bin!(PSUBSW),
        C::Psubusb_mm_mmm64 => bin!(PSUBUSB),
        C::Psubusw_mm_mmm64 => bin!(PSUBUSW),
        C::Pmulhw_mm_mmm64 => bin!(PMULHW),
        C::Pmullw_mm_mmm64 => bin!(PMULLW),
        C::Pmaddwd_mm_mmm64 => bin!(PMADDWD),
        C::Pcmpeqb_mm_mmm64 => bin!(PCMPEQB),
        C::Pcmpeqw_mm_mmm64 => bin!(PCMPEQW),
        C::Pcmpeqd_mm_mmm64 => bin!(PCMPEQD),
        C::Pcmpgtb_mm_mmm64 => bin!(PCMPGTB),
        C::Pcmpgtw_mm_mmm64 => bin!(PCMPGTW),
        C::Pcmpgtd_mm_mmm64 => bin!(PCMPGTD),
        C::Pand_mm_mmm64 => bin!(PAND),
        C::Pandn_mm_mmm64 => bin!(PANDN),
        C::Por_mm_mmm64 => bin!(POR),
        C::Pxor_mm_mmm64 => bin!(PXOR),
        C::Packsswb_mm_mmm64 => bin!(PACKSSWB),
        C::Packssdw_mm_mmm64 => bin!(PACKSSDW),
        C::Packuswb_mm_mmm64 => bin!(PACKUSWB),
        C::Punpckhbw_mm_mmm64 => bin!(PUNPCKHBW),
        C::Punpckhwd_mm_mmm64 => bin!(PUNPCKHWD),
        C::Punpckhdq_mm_mmm64 => bin!(PUNPCKHDQ),
        // The low unpacks read only 32 bits from memory (mm/m32).
        C::Punpcklbw_mm_mmm32 => bin!(PUNPCKLBW),
        C::Punpcklwd_mm_mmm32 => bin!(PUNPCKLWD),
        C::Punpckldq_mm_mmm32 => bin!(PUNPCKLDQ),
        C::Psllw_mm_mmm64 => bin!(PSLLW),
        C::Pslld_mm_mmm64 => bin!(PSLLD),
        C::Psllq_mm_mmm64 => bin!(PSLLQ),
        C::Psrlw_mm_mmm64 => bin!(PSRLW),
        C::Psrld_mm_mmm64 => bin!(PSRLD),
        C::Psrlq_mm_mmm64 => bin!(PSRLQ),
        C::Psraw_mm_mmm64 => bin!(PSRAW),
        C::Psrad_mm_mmm64 => bin!(PSRAD),
        // 0F 71/72/73 groups: shift by imm8.
        C::Psllw_mm_imm8 => imm!(PSLLW),
        C::Pslld_mm_imm8 => imm!(PSLLD),
        C::Psllq_mm_imm8 => imm!(PSLLQ),
        C::Psrlw_mm_imm8 => imm!(PSRLW),
        C::Psrld_mm_imm8 => imm!(PSRLD),
        C::Psrlq_mm_imm8 => imm!(PSRLQ),
        C::Psraw_mm_imm8 => imm!(PSRAW),
        C::Psrad_mm_imm8 => imm!(PSRAD),
        _ => return None,
    })
}

// ---- state ----------------------------------------------------------------

/// The physical register number of MMi.
#[inline(always)]
fn mm(r: Register) -> usize {
    (r as usize).wrapping_sub(Register::MM0 as usize) & 7
}

/// #MF when an unmasked x87 exception is pending (Vol. 3A, 12.5.1).
#[inline(always)]
fn pending(c: &Ctx) -> Result<(), Fault> {
    if c.cpu.x87.status & sw::ES != 0 {
        return Err(Fault::X87);
    }
    Ok(())
}

/// What every MMX instruction but EMMS does to the x87 state: TOP = 0, all
/// tags valid.
#[inline(always)]
fn touch(c: &mut Ctx) {
    c.cpu.x87.top = 0;
    c.cpu.x87.valid = 0xff;
}

/// Reads MMi: the significand, whatever the tag says.
#[inline(always)]
fn get_mm(c: &Ctx, r: Register) -> u64 {
    c.cpu.x87.regs[mm(r)].signif
}

/// Writes MMi: the significand, with sign and exponent all ones; then
/// [`touch`].
#[inline(always)]
fn set_mm(c: &mut Ctx, r: Register, v: u64) {
    c.cpu.x87.regs[mm(r)] = F80 {
        signif: v,
        se: 0xffff,
    };
    touch(c);
}

/// Reads a 64-bit little-endian value from linear address `a`.
#[inline(always)]
fn rd64(c: &mut Ctx, a: u32) -> Result<u64, Fault> {
    let lo = c.rd::<32>(a)?;
    let hi = c.rd::<32>(a.wrapping_add(4))?;
    Ok(u64::from(lo) | u64::from(hi) << 32)
}

/// Writes a 64-bit value, both halves checked before either is written.
#[inline(always)]
fn wr64(c: &mut Ctx, a: u32, v: u64) -> Result<(), Fault> {
    c.check(a, 8, Access::Write)?;
    c.wr::<32>(a, v as u32)?;
    c.wr::<32>(a.wrapping_add(4), (v >> 32) as u32)
}

/// The source operand `n`: an MMX register, or memory of the size the
/// instruction reads (8 bytes, 4 for the low unpacks, zero-extended).
#[inline(always)]
fn source(c: &mut Ctx, i: &Op, n: u32) -> Result<u64, Fault> {
    if i.op_kind(n) == OpKind::Register {
        return Ok(get_mm(c, i.op_register(n)));
    }
    let a = c.ea(i);
    if i.memory_size().size() == 4 {
        Ok(u64::from(c.rd::<32>(a)?))
    } else {
        rd64(c, a)
    }
}

// ---- handlers ---------------------------------------------------------------

/// EMMS: every tag empty (x87FPUTagWord := FFFFH).
fn emms(c: &mut Ctx, _: &Op) -> R {
    pending(c)?;
    c.cpu.x87.valid = 0;
    c.cpu.x87.top = 0;
    Ok(Step::Next)
}

/// MOVD mm, r/m32: zero-extends into MMi.
fn movd_mm_rm32(c: &mut Ctx, i: &Op) -> R {
    pending(c)?;
    let v = c.get::<32>(i, 1)?;
    set_mm(c, i.op0_register(), u64::from(v));
    Ok(Step::Next)
}

/// MOVD r/m32, mm: the low doubleword.
fn movd_rm32_mm(c: &mut Ctx, i: &Op) -> R {
    pending(c)?;
    let v = get_mm(c, i.op1_register()) as u32;
    c.put::<32>(i, 0, v)?;
    touch(c);
    Ok(Step::Next)
}

/// MOVQ mm, mm/m64 (0F 6F).
fn movq_mm_mmm64(c: &mut Ctx, i: &Op) -> R {
    pending(c)?;
    let v = source(c, i, 1)?;
    set_mm(c, i.op0_register(), v);
    Ok(Step::Next)
}

/// MOVQ mm/m64, mm (0F 7F).
fn movq_mmm64_mm(c: &mut Ctx, i: &Op) -> R {
    pending(c)?;
    let v = get_mm(c, i.op1_register());
    if i.op0_kind() == OpKind::Register {
        set_mm(c, i.op0_register(), v);
    } else {
        let a = c.ea(i);
        wr64(c, a, v)?;
        touch(c);
    }
    Ok(Step::Next)
}

/// `mm <- op(mm, mm/m64)`.
fn binop<const K: u8>(c: &mut Ctx, i: &Op) -> R {
    pending(c)?;
    let s = source(c, i, 1)?;
    let d = i.op0_register();
    let r = compute(K, get_mm(c, d), s);
    set_mm(c, d, r);
    Ok(Step::Next)
}

/// `mm <- shift(mm, imm8)` (0F 71/72/73 groups).
fn shift_imm<const K: u8>(c: &mut Ctx, i: &Op) -> R {
    pending(c)?;
    let d = i.op0_register();
    let r = compute(K, get_mm(c, d), u64::from(i.immediate8()));
    set_mm(c, d, r);
    Ok(Step::Next)
}

// ---- the arithmetic ---------------------------------------------------------

/// Applies `f` to each `W`-bit lane pair of `a` and `b` (the result is
/// truncated to the lane).
#[inline(always)]
fn lanes<const W: u32>(a: u64, b: u64, f: impl Fn(u64, u64) -> u64) -> u64 {
    let m = if W >= 64 { u64::MAX } else { (1u64 << W) - 1 };
    let mut r = 0;
    let mut s = 0;
    while s < 64 {
        r |= (f((a >> s) & m, (b >> s) & m) & m) << s;
        s += W;
    }
    r
}

/// Sign-extends a `W`-bit lane.
#[inline(always)]
const fn sx<const W: u32>(x: u64) -> i64 {
    ((x << (64 - W)) as i64) >> (64 - W)
}

/// Saturates to a signed `W`-bit lane.
#[inline(always)]
fn sat_s<const W: u32>(v: i64) -> u64 {
    let max = (1i64 << (W - 1)) - 1;
    v.clamp(-max - 1, max) as u64
}

/// Saturates to an unsigned `W`-bit lane.
#[inline(always)]
fn sat_u<const W: u32>(v: i64) -> u64 {
    v.clamp(0, (1i64 << W) - 1) as u64
}

/// PACKSS*/PACKUS*: the `W`-bit lanes of `a`, then of `b`, narrowed to
/// `W/2` bits by `narrow`.
#[inline(always)]
fn pack<const W: u32>(a: u64, b: u64, narrow: impl Fn(i64) -> u64) -> u64 {
    let h = W / 2;
    let n = 64 / W;
    let hm = (1u64 << h) - 1;
    let mut r = 0;
    for k in 0..n {
        r |= (narrow(sx::<W>(a >> (k * W))) & hm) << (k * h);
        r |= (narrow(sx::<W>(b >> (k * W))) & hm) << ((k + n) * h);
    }
    r
}

/// PUNPCK*: interleaves the `W`-bit lanes of the low (`HIGH` false) or high
/// halves of `a` and `b`, `a`'s first.
#[inline(always)]
fn unpack<const W: u32>(a: u64, b: u64, high: bool) -> u64 {
    let m = if W >= 64 { u64::MAX } else { (1u64 << W) - 1 };
    let (a, b) = if high { (a >> 32, b >> 32) } else { (a, b) };
    let mut r = 0;
    for k in 0..32 / W {
        r |= ((a >> (k * W)) & m) << (2 * k * W);
        r |= ((b >> (k * W)) & m) << ((2 * k + 1) * W);
    }
    r
}

/// Logical shifts of `W`-bit lanes by the whole 64-bit count: counts past
/// the lane width give zero.
#[inline(always)]
fn shl<const W: u32>(a: u64, n: u64) -> u64 {
    if n >= u64::from(W) {
        return 0;
    }
    lanes::<W>(a, 0, |x, _| x << n)
}

#[inline(always)]
fn shr<const W: u32>(a: u64, n: u64) -> u64 {
    if n >= u64::from(W) {
        return 0;
    }
    lanes::<W>(a, 0, |x, _| x >> n)
}

/// Arithmetic right shift: counts past the lane width fill with the sign.
#[inline(always)]
fn sar<const W: u32>(a: u64, n: u64) -> u64 {
    let n = n.min(u64::from(W) - 1);
    lanes::<W>(a, 0, |x, _| (sx::<W>(x) >> n) as u64)
}

/// One MMX operation on the destination `a` and the source `b` (for shifts,
/// the count).
#[inline(always)]
fn compute(op: u8, a: u64, b: u64) -> u64 {
    let eq = |x: u64, y: u64| if x == y { u64::MAX } else { 0 };
    match op {
        k::PADDB => lanes::<8>(a, b, u64::wrapping_add),
        k::PADDW => lanes::<16>(a, b, u64::wrapping_add),
        k::PADDD => lanes::<32>(a, b, u64::wrapping_add),
        k::PADDSB => lanes::<8>(a, b, |x, y| sat_s::<8>(sx::<8>(x) + sx::<8>(y))),
        k::PADDSW => lanes::<16>(a, b, |x, y| sat_s::<16>(sx::<16>(x) + sx::<16>(y))),
        k::PADDUSB => lanes::<8>(a, b, |x, y| (x + y).min(0xff)),
        k::PADDUSW => lanes::<16>(a, b, |x, y| (x + y).min(0xffff)),
        k::PSUBB => lanes::<8>(a, b, u64::wrapping_sub),
        k::PSUBW => lanes::<16>(a, b, u64::wrapping_sub),
        k::PSUBD => lanes::<32>(a, b, u64::wrapping_sub),
        k::PSUBSB => lanes::<8>(a, b, |x, y| sat_s::<8>(sx::<8>(x) - sx::<8>(y))),
        k::PSUBSW => lanes::<16>(a, b, |x, y| sat_s::<16>(sx::<16>(x) - sx::<16>(y))),
        k::PSUBUSB => lanes::<8>(a, b, u64::saturating_sub),
        k::PSUBUSW => lanes::<16>(a, b, u64::saturating_sub),
        k::PMULHW => lanes::<16>(a, b, |x, y| ((sx::<16>(x) * sx::<16>(y)) >> 16) as u64),
        k::PMULLW => lanes::<16>(a, b, u64::wrapping_mul),
        k::PMADDWD => lanes::<32>(a, b, |x, y| {
            let lo = sx::<16>(x) * sx::<16>(y);
            let hi = sx::<16>(x >> 16) * sx::<16>(y >> 16);
            // 0x8000 * 0x8000 twice is 2^31: it wraps to 0x80000000.
            (lo + hi) as u64
        }),
        k::PCMPEQB => lanes::<8>(a, b, eq),
        k::PCMPEQW => lanes::<16>(a, b, eq),
        k::PCMPEQD => lanes::<32>(a, b, eq),
        k::PCMPGTB => lanes::<8>(a, b, |x, y| gt(sx::<8>(x), sx::<8>(y))),
        k::PCMPGTW => lanes::<16>(a, b, |x, y| gt(sx::<16>(x), sx::<16>(y))),
        k::PCMPGTD => lanes::<32>(a, b, |x, y| gt(sx::<32>(x), sx::<32>(y))),
        k::PAND => a & b,
        k::PANDN => !a & b,
        k::POR => a | b,
        k::PXOR => a ^ b,
        k::PACKSSWB => pack::<16>(a, b, sat_s::<8>),
        k::PACKSSDW => pack::<32>(a, b, sat_s::<16>),
        k::PACKUSWB => pack::<16>(a, b, sat_u::<8>),
        k::PUNPCKHBW => unpack::<8>(a, b, true),
        k::PUNPCKHWD => unpack::<16>(a, b, true),
        k::PUNPCKHDQ => unpack::<32>(a, b, true),
        k::PUNPCKLBW => unpack::<8>(a, b, false),
        k::PUNPCKLWD => unpack::<16>(a, b, false),
        k::PUNPCKLDQ => unpack::<32>(a, b, false),
        k::PSLLW => shl::<16>(a, b),
        k::PSLLD => shl::<32>(a, b),
        k::PSLLQ => shl::<64>(a, b),
        k::PSRLW => shr::<16>(a, b),
        k::PSRLD => shr::<32>(a, b),
        k::PSRLQ => shr::<64>(a, b),
        k::PSRAW => sar::<16>(a, b),
        _ => sar::<32>(a, b),
    }
}

#[inline(always)]
fn gt(x: i64, y: i64) -> u64 {
    if x > y { u64::MAX } else { 0 }
}

#[cfg(test)]
mod tests {
    //! Precision, #MF, the #UD of the forms CPUID does not advertise, and
    //! CPUID itself; the arithmetic is compared with hardware by
    //! `exercisers/mmx.c` (tests/differential.rs).

    use crate::fault::Access;
    use crate::x87::f80::sw;
    use crate::{AddressSpace, Cpu, Exit, Fault, Memory, pte};

    const CODE: u32 = 0x1000;
    const DATA: u32 = 0x8000;
    const INT80: [u8; 2] = [0xcd, 0x80];

    /// Code at 0x1000, data at 0x8000..0x9000, nothing at 0x9000.
    fn run_with(code: &[u8], setup: impl FnOnce(&mut Cpu)) -> (Exit, Cpu, Memory, AddressSpace) {
        let mut mem = Memory::new(16 << 20);
        let mut a = AddressSpace::new();
        a.map_zeroed(&mut mem, CODE, 0x1000, pte::READ | pte::WRITE | pte::EXEC)
            .unwrap();
        a.map_zeroed(&mut mem, DATA, 0x1000, pte::READ | pte::WRITE)
            .unwrap();
        a.write(&mut mem, CODE, code).unwrap();
        let fill: Vec<u8> = (0..0x1000u32).map(|k| k as u8).collect();
        a.write(&mut mem, DATA, &fill).unwrap();
        let mut cpu = Cpu::new();
        cpu.eip = CODE;
        setup(&mut cpu);
        let e = crate::run(&mut cpu, &mut mem, &mut a, 1000);
        (e, cpu, mem, a)
    }

    fn code(parts: &[&[u8]]) -> Vec<u8> {
        parts.concat()
    }

    const FLD1: &[u8] = &[0xd9, 0xe8];

    #[test]
    fn load_fault_changes_nothing() {
        // fld1; movq mm0, [0x8ffc] (straddles into the unmapped page)
        let c = code(&[FLD1, &[0x0f, 0x6f, 0x05, 0xfc, 0x8f, 0, 0], &INT80]);
        let (e, cpu, ..) = run_with(&c, |_| {});
        assert_eq!(
            e,
            Exit::Fault(Fault::Page {
                addr: 0x9000,
                access: Access::Read,
                present: false
            })
        );
        assert_eq!(cpu.eip, CODE + 2);
        assert_eq!((cpu.x87.top, cpu.x87.valid), (7, 0x80));
        assert_eq!(cpu.x87.regs[0].se, 0);
    }

    #[test]
    fn straddling_store_fault_writes_nothing() {
        // fld1; movq [0x8ffc], mm7 (the high half is unmapped); movd [0x9000], mm7
        for insn in [
            &[0x0f, 0x7f, 0x3d, 0xfc, 0x8f, 0, 0][..],
            &[0x0f, 0x7e, 0x3d, 0, 0x90, 0, 0][..],
        ] {
            let c = code(&[FLD1, insn, &INT80]);
            let (e, cpu, mut mem, mut a) = run_with(&c, |_| {});
            assert!(
                matches!(
                    e,
                    Exit::Fault(Fault::Page {
                        addr: 0x9000,
                        access: Access::Write,
                        ..
                    })
                ),
                "{e:?}"
            );
            assert_eq!(cpu.eip, CODE + 2);
            assert_eq!((cpu.x87.top, cpu.x87.valid), (7, 0x80));
            let mut b = [0u8; 4];
            a.read(&mut mem, 0x8ffc, &mut b).unwrap();
            assert_eq!(b, [0xfc, 0xfd, 0xfe, 0xff]);
        }
    }

    #[test]
    fn low_unpack_reads_only_a_doubleword() {
        // punpcklbw mm0, [0x8ffc]: the last 4 bytes of the page, no fault.
        let c = code(&[&[0x0f, 0x60, 0x05, 0xfc, 0x8f, 0, 0], &INT80]);
        let (e, cpu, ..) = run_with(&c, |cpu| cpu.x87.regs[0].signif = 0x0706_0504_0302_0100);
        assert_eq!(e, Exit::Syscall);
        assert_eq!(cpu.x87.regs[0].signif, 0xff03_fe02_fd01_fc00);
        assert_eq!(cpu.x87.regs[0].se, 0xffff);
        assert_eq!((cpu.x87.top, cpu.x87.valid), (0, 0xff));
    }

    #[test]
    fn physical_registers_and_tags() {
        // fld1 (R7); paddb mm7, mm7; movd eax, mm7; emms
        let c = code(&[FLD1, &[0x0f, 0xfc, 0xff, 0x0f, 0x7e, 0xf8], &INT80]);
        let (e, cpu, ..) = run_with(&c, |_| {});
        assert_eq!(e, Exit::Syscall);
        assert_eq!(cpu.x87.regs[7].signif, 0);
        assert_eq!(cpu.x87.regs[7].se, 0xffff);
        assert_eq!((cpu.x87.top, cpu.x87.valid), (0, 0xff));
        let c = code(&[FLD1, &[0x0f, 0x77], &INT80]);
        let (_, cpu, ..) = run_with(&c, |_| {});
        assert_eq!((cpu.x87.top, cpu.x87.valid), (0, 0));
        assert_eq!(cpu.x87.regs[7].se, 0x3fff);
    }

    #[test]
    fn pending_x87_exception_raises_mf_first() {
        for insn in [
            &[0x0f, 0xfc, 0xc1][..],                // paddb mm0, mm1
            &[0x0f, 0x77][..],                      // emms
            &[0x0f, 0x7e, 0x05, 0, 0x80, 0, 0][..], // movd [0x8000], mm0
            &[0x0f, 0x6f, 0x05, 0, 0x90, 0, 0][..], // movq mm0, [0x9000] (unmapped)
            &[0x0f, 0x71, 0xd0, 0x03][..],          // psrlw mm0, 3
        ] {
            let c = code(&[insn, &INT80]);
            let (e, cpu, ..) = run_with(&c, |cpu| {
                cpu.x87.status = sw::ZE | sw::ES | sw::B;
                cpu.x87.control = 0x037b;
                cpu.x87.top = 5;
                cpu.x87.valid = 0x20;
            });
            assert_eq!(e, Exit::Fault(Fault::X87), "{insn:02x?}");
            assert_eq!(cpu.eip, CODE);
            assert_eq!((cpu.x87.top, cpu.x87.valid), (5, 0x20));
            assert_eq!(cpu.x87.regs[0].se, 0);
        }
    }

    #[test]
    fn sse_forms_stay_invalid() {
        for insn in [
            &[0x66, 0x0f, 0xfc, 0xc1][..],                // paddb xmm0, xmm1
            &[0x66, 0x0f, 0x6f, 0xc1][..],                // movdqa
            &[0xf3, 0x0f, 0x7e, 0xc1][..],                // movq xmm0, xmm1
            &[0x66, 0x0f, 0x6e, 0xc0][..],                // movd xmm0, eax
            &[0x0f, 0xd4, 0xc1][..],                      // paddq mm (SSE2)
            &[0x0f, 0xfb, 0xc1][..],                      // psubq mm (SSE2)
            &[0x0f, 0xf4, 0xc1][..],                      // pmuludq mm (SSE2)
            &[0x0f, 0xe4, 0xc1][..],                      // pmulhuw mm (SSE)
            &[0x0f, 0x70, 0xc1, 0x1b][..],                // pshufw (SSE)
            &[0x0f, 0xda, 0xc1][..],                      // pminub (SSE)
            &[0x0f, 0xe7, 0x05, 0, 0x80, 0, 0][..],       // movntq (SSE)
            &[0x66, 0x0f, 0x73, 0xd8, 0x01][..],          // psrldq xmm0, 1
            &[0x0f, 0x73, 0xd8, 0x01][..],                // 0F 73 /3 without 66
            &[0xf0, 0x0f, 0xfc, 0x05, 0, 0x80, 0, 0][..], // lock paddb
        ] {
            let c = code(&[insn, &INT80]);
            let (e, cpu, ..) = run_with(&c, |_| {});
            assert_eq!(e, Exit::Fault(Fault::InvalidOpcode), "{insn:02x?}");
            assert_eq!((cpu.x87.top, cpu.x87.valid), (0, 0));
        }
    }
}
