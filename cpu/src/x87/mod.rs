//! The x87 floating-point unit (Intel SDM Vol. 1, chapter 8 "Programming with
//! the x87 FPU"; Vol. 2 for each instruction).
//!
//! The integer core decodes an instruction with iced-x86, computes the
//! effective linear address of its memory operand and calls [`execute`].
//! The files, by concern:
//! - [`f80`]: the soft 80-bit float: exact IEEE rounding in the 4 rounding
//!   modes and the 3 precisions, add/mul/div/sqrt, compares, conversions to
//!   and from m32/m64/integers, NaN propagation and the x87 flag rules;
//! - [`special`]: fprem/fprem1, fscale, fxtract, the constants, packed BCD;
//! - [`bigf`] and [`transcendental`]: fsin..fyl2xp1 evaluated to ~125 bits
//!   and rounded once, with the hardware's 66-bit pi reduction;
//! - [`exec`]: the dispatch over iced-x86 `Code`s: stack, tags, status word,
//!   masked and unmasked exception responses, FIP/FDP/FOP;
//! - [`env`](mod@env): typed views of the fnstenv/fnsave images (28/14 bytes);
//! - `oracle` (tests, x86_64 hosts only): the same instruction bytes on the
//!   host's x87 and here, compared bit for bit; `tests`: #MF delivery,
//!   precise faults, garbage.
//!
//! Where the SDM leaves a result undefined or implementation-specific
//! (partial-remainder N, out-of-domain f2xm1/fyl2xp1, DE with invalid
//! operands, tininess), the behaviour follows what the tests measured on the
//! host x87.
//!
//! Invariants: guest input never panics; faults are precise (a faulting
//! memory access leaves the FPU state untouched); values moved in 80-bit form
//! keep every bit; no global state.

pub mod bigf;
pub mod env;
pub mod exec;
pub mod f80;
pub mod special;
pub mod transcendental;

#[cfg(all(test, target_arch = "x86_64"))]
#[allow(unsafe_code)]
mod oracle;
#[cfg(test)]
mod tests;

use crate::Fault;
pub use f80::F80;

/// The architectural x87 state. `repr(C)` with fixed field order: the JIT
/// reads it directly.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct X87 {
    /// The 8 data registers R0..R7, indexed physically (ST(i) is
    /// `regs[(top + i) & 7]`).
    pub regs: [F80; 8],
    /// Control word (FCW): exception masks, PC (bits 8-9), RC (bits 10-11).
    pub control: u16,
    /// Status word (FSW) without TOP: bits 11-13 are kept zero here and
    /// composed from `top` when read.
    pub status: u16,
    /// Bit i set when physical register Ri is not empty. The full 2-bit tag
    /// word is computed from the register contents when stored, as hardware
    /// does (SDM Vol. 1, 8.1.7 "x87 FPU Tag Word").
    pub valid: u8,
    /// Top-of-stack pointer, 0..=7.
    pub top: u8,
    /// Last non-control instruction's opcode, low 11 bits (SDM Vol. 1, 8.1.9),
    /// or [`exec::FOP_LAZY`]: decode it from the instruction bytes at `fip`
    /// when an environment image is stored (keeps the hot path free of it).
    pub fop: u16,
    /// Last non-control instruction's linear address and code selector.
    pub fip: u32,
    pub fcs: u16,
    /// Last memory operand's linear address and data selector.
    pub fds: u16,
    pub fdp: u32,
}

impl Default for X87 {
    /// The FNINIT state, with control word 0x037F: what Linux gives a new
    /// process (all exceptions masked, 64-bit precision, round to nearest).
    fn default() -> Self {
        Self {
            regs: [F80::ZERO; 8],
            control: 0x037F,
            status: 0,
            valid: 0,
            top: 0,
            fop: 0,
            fip: 0,
            fcs: 0,
            fds: 0,
            fdp: 0,
        }
    }
}

// The JIT addresses fields by offset: keep the layout fixed.
const _: () = assert!(core::mem::size_of::<X87>() == 152);
const _: () = assert!(core::mem::offset_of!(X87, control) == 128);
const _: () = assert!(core::mem::offset_of!(X87, top) == 133);

impl X87 {
    /// FNINIT: the default state, the data registers kept.
    pub fn reinit(&mut self) {
        *self = X87 {
            regs: self.regs,
            ..X87::default()
        };
    }

    /// The status word as fnstsw stores it (TOP in bits 11-13).
    #[must_use]
    pub fn status_word(&self) -> u16 {
        (self.status & !0x3800) | (u16::from(self.top & 7) << 11)
    }
}

/// What the x87 unit needs from the rest of the machine.
pub trait X87Env {
    /// Reads guest memory at a linear address (segment base already applied).
    fn read(&mut self, addr: u32, buf: &mut [u8]) -> Result<(), Fault>;
    /// Writes guest memory at a linear address.
    fn write(&mut self, addr: u32, data: &[u8]) -> Result<(), Fault>;
    /// The current EFLAGS (fcmovcc reads CF, ZF, PF).
    fn eflags(&self) -> u32;
    /// fcomi/fucomi set ZF, PF, CF (the core also clears OF, SF, AF).
    fn set_zf_pf_cf(&mut self, zf: bool, pf: bool, cf: bool);
    /// fnstsw ax.
    fn set_ax(&mut self, ax: u16);
}

/// Executes one x87 instruction. `ea` is the linear address of the memory
/// operand (0 when there is none); `insn.ip32()` must be the instruction's
/// linear address.
pub fn execute(
    x87: &mut X87,
    insn: &iced_x86::Instruction,
    ea: u32,
    env: &mut impl X87Env,
) -> Result<(), Fault> {
    exec::execute(x87, insn, ea, env)
}
