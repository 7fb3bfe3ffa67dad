//! Lazy arithmetic flags.
//!
//! Most instructions that write CF/PF/AF/ZF/SF/OF are followed by one that
//! overwrites them before anyone reads them, so the CPU records the last
//! flag-setting operation (its kind, size, operands and result) and computes
//! the six status flags only when read (`jcc`, `setcc`, `pushf`, ...). The
//! formulas are the carry/overflow identities of two's-complement addition
//! (Intel SDM Vol. 1, 3.4.3.1 "Status Flags").
//!
//! Layout (`#[repr(C)]`, read by the JIT): `bits` holds the materialised
//! EFLAGS image; when `op` is not [`LazyOp::NONE`], its six status bits are
//! stale and derive from `op`/`dst`/`src`/`res`, except CF for `INC`/`DEC`,
//! which is kept in `bits` (those instructions preserve CF).

/// EFLAGS bit positions (SDM Vol. 1, figure 3-8).
pub mod bit {
    pub const CF: u32 = 1 << 0;
    pub const FIXED1: u32 = 1 << 1;
    pub const PF: u32 = 1 << 2;
    pub const AF: u32 = 1 << 4;
    pub const ZF: u32 = 1 << 6;
    pub const SF: u32 = 1 << 7;
    pub const TF: u32 = 1 << 8;
    pub const IF: u32 = 1 << 9;
    pub const DF: u32 = 1 << 10;
    pub const OF: u32 = 1 << 11;
    pub const NT: u32 = 1 << 14;
    pub const AC: u32 = 1 << 18;
    pub const ID: u32 = 1 << 21;
    /// The six arithmetic status flags.
    pub const STATUS: u32 = CF | PF | AF | ZF | SF | OF;
    /// The flags `popf` may change at CPL 3 with IOPL 0 (SDM Vol. 2B, POPF):
    /// IF and IOPL are silently kept; TF is left out because tabvm does not
    /// single-step.
    pub const USER_WRITABLE: u32 = STATUS | DF | NT | AC | ID;
}

/// The kind and operand size of the last lazy flag-setting operation:
/// `kind | size << 8` where size is 8, 16 or 32.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LazyOp(pub u32);

impl LazyOp {
    /// Flags are materialised in [`Flags::bits`].
    pub const NONE: u32 = 0;
    /// `res = dst + src (+ carry)`: add, adc, xadd.
    pub const ADD: u32 = 1;
    /// `res = dst - src (- borrow)`: sub, sbb, cmp, neg, cmpxchg, scas, cmps.
    pub const SUB: u32 = 2;
    /// and, or, xor, test: CF = OF = AF = 0.
    pub const LOGIC: u32 = 3;
    /// inc: like ADD with src = 1, CF preserved in `bits`.
    pub const INC: u32 = 4;
    /// dec: like SUB with src = 1, CF preserved in `bits`.
    pub const DEC: u32 = 5;
}

/// The flags register, lazily evaluated.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flags {
    /// Materialised EFLAGS; status bits stale while `op != NONE`.
    pub bits: u32,
    /// `LazyOp` kind | size << 8.
    pub op: u32,
    pub dst: u32,
    pub src: u32,
    pub res: u32,
}

impl Default for Flags {
    /// What Linux gives a new i386 process: IF set, bit 1 set, rest clear.
    fn default() -> Self {
        Flags {
            bits: bit::FIXED1 | bit::IF,
            op: LazyOp::NONE,
            dst: 0,
            src: 0,
            res: 0,
        }
    }
}

#[inline(always)]
fn parity(v: u32) -> bool {
    (v as u8).count_ones() & 1 == 0
}

#[inline(always)]
const fn sign_shift(op: u32) -> u32 {
    (op >> 8).wrapping_sub(1) & 31
}

#[inline(always)]
const fn size_mask(op: u32) -> u32 {
    match op >> 8 {
        8 => 0xff,
        16 => 0xffff,
        _ => 0xffff_ffff,
    }
}

impl Flags {
    /// Records a lazy operation of `size` bits (8, 16, 32).
    #[inline(always)]
    pub fn set_lazy(&mut self, kind: u32, size: u32, dst: u32, src: u32, res: u32) {
        if kind == LazyOp::INC || kind == LazyOp::DEC {
            let cf = self.cf();
            self.bits = (self.bits & !bit::CF) | u32::from(cf);
        }
        self.op = kind | size << 8;
        self.dst = dst;
        self.src = src;
        self.res = res;
    }

    /// Sets the six status flags eagerly from `status` (only its status bits
    /// are used).
    #[inline(always)]
    pub fn set_status(&mut self, status: u32) {
        self.bits = (self.bits & !bit::STATUS) | (status & bit::STATUS);
        self.op = LazyOp::NONE;
    }

    /// Materialises the lazy state into `bits`.
    #[inline]
    pub fn materialise(&mut self) {
        if self.op != LazyOp::NONE {
            let s = self.status();
            self.set_status(s);
        }
    }

    /// The six status flags as EFLAGS bits.
    #[inline]
    #[must_use]
    pub fn status(&self) -> u32 {
        if self.op == LazyOp::NONE {
            return self.bits & bit::STATUS;
        }
        let mut s = 0;
        if self.cf() {
            s |= bit::CF;
        }
        if self.pf() {
            s |= bit::PF;
        }
        if self.af() {
            s |= bit::AF;
        }
        if self.zf() {
            s |= bit::ZF;
        }
        if self.sf() {
            s |= bit::SF;
        }
        if self.of() {
            s |= bit::OF;
        }
        s
    }

    /// The full EFLAGS image (SDM Vol. 1, 3.4.3).
    #[must_use]
    pub fn eflags(&self) -> u32 {
        (self.bits & !bit::STATUS) | self.status() | bit::FIXED1
    }

    /// Replaces the whole EFLAGS image (the kernel's sigreturn, ptrace).
    pub fn set_eflags(&mut self, v: u32) {
        self.bits = v | bit::FIXED1;
        self.op = LazyOp::NONE;
    }

    #[inline(always)]
    #[must_use]
    pub fn cf(&self) -> bool {
        let op = self.op;
        let sh = sign_shift(op);
        match op & 0xff {
            LazyOp::NONE | LazyOp::INC | LazyOp::DEC => self.bits & bit::CF != 0,
            LazyOp::ADD => {
                let (a, b, r) = (self.dst, self.src, self.res);
                ((a & b) | ((a | b) & !r)) >> sh & 1 != 0
            }
            LazyOp::SUB => {
                let (a, b, r) = (self.dst, self.src, self.res);
                ((!a & b) | ((!a | b) & r)) >> sh & 1 != 0
            }
            _ => false,
        }
    }

    #[inline(always)]
    #[must_use]
    pub fn zf(&self) -> bool {
        if self.op == LazyOp::NONE {
            self.bits & bit::ZF != 0
        } else {
            self.res & size_mask(self.op) == 0
        }
    }

    #[inline(always)]
    #[must_use]
    pub fn sf(&self) -> bool {
        if self.op == LazyOp::NONE {
            self.bits & bit::SF != 0
        } else {
            self.res >> sign_shift(self.op) & 1 != 0
        }
    }

    #[inline(always)]
    #[must_use]
    pub fn pf(&self) -> bool {
        if self.op == LazyOp::NONE {
            self.bits & bit::PF != 0
        } else {
            parity(self.res)
        }
    }

    #[inline(always)]
    #[must_use]
    pub fn af(&self) -> bool {
        match self.op & 0xff {
            LazyOp::NONE => self.bits & bit::AF != 0,
            LazyOp::LOGIC => false,
            _ => (self.dst ^ self.src ^ self.res) & 0x10 != 0,
        }
    }

    #[inline(always)]
    #[must_use]
    pub fn of(&self) -> bool {
        let op = self.op;
        let sh = sign_shift(op);
        let (a, b, r) = (self.dst, self.src, self.res);
        match op & 0xff {
            LazyOp::NONE => self.bits & bit::OF != 0,
            LazyOp::ADD | LazyOp::INC => ((a ^ r) & (b ^ r)) >> sh & 1 != 0,
            LazyOp::SUB | LazyOp::DEC => ((a ^ b) & (a ^ r)) >> sh & 1 != 0,
            _ => false,
        }
    }

    #[inline(always)]
    #[must_use]
    pub fn df(&self) -> bool {
        self.bits & bit::DF != 0
    }

    /// Evaluates condition code `cc` (the low nibble of `Jcc`/`SETcc`/
    /// `CMOVcc`, SDM Vol. 1, appendix B): o, no, b, ae, e, ne, be, a, s, ns,
    /// p, np, l, ge, le, g.
    #[inline]
    #[must_use]
    pub fn cond(&self, cc: u32) -> bool {
        let r = match cc >> 1 {
            0 => self.of(),
            1 => self.cf(),
            2 => self.zf(),
            3 => self.cf() || self.zf(),
            4 => self.sf(),
            5 => self.pf(),
            6 => self.sf() != self.of(),
            _ => self.zf() || (self.sf() != self.of()),
        };
        r ^ (cc & 1 != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_and_sub_flags() {
        let mut f = Flags::default();
        f.set_lazy(LazyOp::ADD, 8, 0x7f, 1, 0x80);
        assert_eq!(f.status(), bit::OF | bit::SF | bit::AF);
        f.set_lazy(LazyOp::ADD, 8, 0xff, 1, 0x100);
        assert_eq!(f.status(), bit::CF | bit::ZF | bit::AF | bit::PF);
        f.set_lazy(LazyOp::SUB, 32, 0, 1, 0xffff_ffff);
        assert_eq!(f.status(), bit::CF | bit::SF | bit::AF | bit::PF);
        assert!(f.cond(2)); // b
        assert!(f.cond(12)); // l
    }

    #[test]
    fn inc_preserves_carry() {
        let mut f = Flags::default();
        f.set_lazy(LazyOp::SUB, 32, 0, 1, 0xffff_ffff);
        f.set_lazy(LazyOp::INC, 32, 0xffff_ffff, 1, 0);
        assert!(f.cf() && f.zf());
    }
}
