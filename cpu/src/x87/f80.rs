//! A soft 80-bit extended-precision float with exact IEEE 754 rounding in
//! all four rounding modes and the three x87 precisions (SDM Vol. 1, 4.2
//! "Floating-point data types", 4.8 "Real numbers and floating-point formats",
//! 8.1.5 "x87 FPU control word").
//!
//! Every operation returns its result plus the x87 status bits it raises
//! (`sw::IE`..`sw::PE` and `sw::C1`, the round-up indicator). Exception
//! responses here are the masked ones; `exec` decides what an unmasked
//! exception does to the destination.

/// Status-word bits (SDM Vol. 1, figure 8-4).
pub mod sw {
    pub const IE: u16 = 1 << 0;
    pub const DE: u16 = 1 << 1;
    pub const ZE: u16 = 1 << 2;
    pub const OE: u16 = 1 << 3;
    pub const UE: u16 = 1 << 4;
    pub const PE: u16 = 1 << 5;
    pub const SF: u16 = 1 << 6;
    pub const ES: u16 = 1 << 7;
    pub const C0: u16 = 1 << 8;
    pub const C1: u16 = 1 << 9;
    pub const C2: u16 = 1 << 10;
    pub const C3: u16 = 1 << 14;
    pub const B: u16 = 1 << 15;
    /// The six exception flags.
    pub const EXC: u16 = 0x3F;
    /// Internal only (never stored in the status word; TOP lives there): the
    /// result was tiny, exact or not. An unmasked UE reports tininess alone.
    pub const TINY: u16 = 1 << 11;
}

const BIAS: i32 = 16383;
const INT_BIT: u64 = 1 << 63;
const QUIET_BIT: u64 = 1 << 62;

/// x87 rounding control (FCW bits 10-11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    Nearest,
    Down,
    Up,
    Zero,
}

/// How a result is rounded: the mode, the significand width and the exponent
/// range of the destination (80-bit biased exponents).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    pub rc: Rounding,
    /// Significand bits kept: 24, 53 or 64.
    pub prec: u32,
    /// Smallest normal biased exponent of the destination.
    pub emin: i32,
    /// Largest finite biased exponent of the destination.
    pub emax: i32,
    /// The unmasked overflow/underflow response for register results
    /// (SDM Vol. 1, 8.5.4 and 8.5.5): no denormalization; an out-of-range
    /// exponent is brought back into range by subtracting (overflow) or
    /// adding (underflow) 24576.
    pub wrap: bool,
}

impl Mode {
    /// The mode a control word selects for register results (PC applies,
    /// exponent range stays the full 15 bits: SDM Vol. 1, 8.1.5.2).
    #[must_use]
    pub fn from_cw(cw: u16) -> Self {
        let prec = match (cw >> 8) & 3 {
            0 => 24,
            2 => 53,
            _ => 64, // 1 is reserved; hardware treats it as extended
        };
        Self {
            rc: rounding(cw),
            prec,
            emin: 1,
            emax: 0x7FFE,
            wrap: false,
        }
    }
    /// Full extended precision with the control word's rounding.
    #[must_use]
    pub fn ext(cw: u16) -> Self {
        Self {
            prec: 64,
            ..Self::from_cw(cw)
        }
    }
    /// IEEE single destination (fst m32).
    #[must_use]
    pub fn single(cw: u16) -> Self {
        Self {
            rc: rounding(cw),
            prec: 24,
            emin: BIAS - 126,
            emax: BIAS + 127,
            wrap: false,
        }
    }
    /// IEEE double destination (fst m64).
    #[must_use]
    pub fn double(cw: u16) -> Self {
        Self {
            rc: rounding(cw),
            prec: 53,
            emin: BIAS - 1022,
            emax: BIAS + 1023,
            wrap: false,
        }
    }
}

#[must_use]
pub fn rounding(cw: u16) -> Rounding {
    match (cw >> 10) & 3 {
        0 => Rounding::Nearest,
        1 => Rounding::Down,
        2 => Rounding::Up,
        _ => Rounding::Zero,
    }
}

/// An x87 80-bit register value: explicit-integer-bit significand and
/// sign+15-bit exponent, exactly as stored in memory by `fstp m80`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct F80 {
    pub signif: u64,
    pub se: u16,
}

/// Operand classes (SDM Vol. 1, 8.3.2 and table 8-3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Zero,
    /// exponent 0, non-zero significand (pseudo-denormals included).
    Denormal,
    Normal,
    Infinity,
    Nan,
    /// Unnormals, pseudo-NaNs, pseudo-infinities: invalid operands.
    Unsupported,
}

impl F80 {
    pub const ZERO: F80 = F80 { signif: 0, se: 0 };
    pub const ONE: F80 = F80 {
        signif: INT_BIT,
        se: 0x3FFF,
    };
    /// The real indefinite (SDM Vol. 1, 4.8.3.7).
    pub const INDEFINITE: F80 = F80 {
        signif: 0xC000_0000_0000_0000,
        se: 0xFFFF,
    };
    pub const INF: F80 = F80 {
        signif: INT_BIT,
        se: 0x7FFF,
    };

    #[must_use]
    pub fn from_bytes(b: [u8; 10]) -> Self {
        let mut s = [0u8; 8];
        s.copy_from_slice(&b[..8]);
        Self {
            signif: u64::from_le_bytes(s),
            se: u16::from_le_bytes([b[8], b[9]]),
        }
    }
    #[must_use]
    pub fn to_bytes(self) -> [u8; 10] {
        let mut b = [0u8; 10];
        b[..8].copy_from_slice(&self.signif.to_le_bytes());
        b[8..].copy_from_slice(&self.se.to_le_bytes());
        b
    }
    #[must_use]
    pub fn sign(self) -> bool {
        self.se & 0x8000 != 0
    }
    #[must_use]
    pub fn exp(self) -> u16 {
        self.se & 0x7FFF
    }
    #[must_use]
    pub fn abs(self) -> Self {
        Self {
            se: self.se & 0x7FFF,
            ..self
        }
    }
    #[must_use]
    pub fn negate(self) -> Self {
        Self {
            se: self.se ^ 0x8000,
            ..self
        }
    }
    #[must_use]
    pub fn with_sign(self, s: bool) -> Self {
        Self {
            se: (self.se & 0x7FFF) | if s { 0x8000 } else { 0 },
            ..self
        }
    }
    #[must_use]
    pub fn zero(sign: bool) -> Self {
        Self::ZERO.with_sign(sign)
    }
    #[must_use]
    pub fn inf(sign: bool) -> Self {
        Self::INF.with_sign(sign)
    }
    #[must_use]
    pub fn class(self) -> Class {
        let e = self.exp();
        let s = self.signif;
        if e == 0 {
            if s == 0 { Class::Zero } else { Class::Denormal }
        } else if s & INT_BIT == 0 {
            Class::Unsupported
        } else if e == 0x7FFF {
            if s << 1 == 0 {
                Class::Infinity
            } else {
                Class::Nan
            }
        } else {
            Class::Normal
        }
    }
    #[must_use]
    pub fn is_nan(self) -> bool {
        self.class() == Class::Nan
    }
    #[must_use]
    pub fn is_snan(self) -> bool {
        self.is_nan() && self.signif & QUIET_BIT == 0
    }
    #[must_use]
    pub fn quiet(self) -> Self {
        Self {
            signif: self.signif | QUIET_BIT,
            ..self
        }
    }
    /// Finite non-zero operand as (exponent, normalized significand) with
    /// value `sig * 2^(exp - BIAS - 63)`. Denormals and pseudo-denormals use
    /// exponent 1 before normalization.
    fn unpack(self) -> (i32, u64) {
        let mut e = i32::from(self.exp()).max(1);
        let mut s = self.signif;
        if s == 0 {
            return (e, 0);
        }
        let lz = s.leading_zeros();
        s <<= lz;
        e -= lz as i32;
        (e, s)
    }
}

/// Shift right, OR-ing every bit shifted out into bit 0 ("jamming").
#[must_use]
pub fn shr_jam128(x: u128, n: u32) -> u128 {
    if n == 0 {
        x
    } else if n >= 128 {
        u128::from(x != 0)
    } else {
        (x >> n) | u128::from(x & ((1u128 << n) - 1) != 0)
    }
}

/// Rounds `(hi:lo) * 2^(exp - BIAS - 127)` (a 128-bit significand, bit 127
/// set) to the destination `m`. Returns the packed register form (for
/// narrower destinations the caller repacks it: see [`to_f64`]) and flags.
#[must_use]
pub fn round_pack(sign: bool, exp: i32, sig: u128, m: Mode) -> (F80, u16) {
    debug_assert!(sig >> 127 == 1);
    let mut flags = 0;
    let discard = 64 + (64 - m.prec);
    let unit = 1u128 << discard;
    let half = unit >> 1;
    let inc_of = |full: u128| -> bool {
        let rem = full & (unit - 1);
        match m.rc {
            Rounding::Nearest => rem > half || (rem == half && (full >> discard) & 1 == 1),
            Rounding::Zero => false,
            Rounding::Up => !sign && rem != 0,
            Rounding::Down => sign && rem != 0,
        }
    };
    let mut e = exp;
    let mut full = sig;
    let mut tiny = false;
    if e < m.emin {
        // Tininess is detected after rounding (as if the exponent range were
        // unbounded), like SSE; checked against the host x87 in the tests.
        let carries = inc_of(full) && (full >> discard) == (u128::MAX >> discard);
        tiny = !(e == m.emin - 1 && carries);
        if !m.wrap {
            full = shr_jam128(full, (m.emin - e).unsigned_abs().min(200));
            e = m.emin;
        }
    }
    let rem = full & (unit - 1);
    let inc = inc_of(full);
    let mut kept = full >> discard;
    if inc {
        kept += 1;
    }
    let mut s = kept << (64 - m.prec);
    if s >> 64 != 0 {
        s >>= 1;
        e += 1;
    }
    let s = s as u64;
    if tiny {
        flags |= sw::TINY;
    }
    if rem != 0 {
        flags |= sw::PE;
        if tiny {
            flags |= sw::UE;
        }
        if inc {
            flags |= sw::C1;
        }
    }
    if m.wrap {
        return wrap_pack(sign, e, s, flags, tiny, m);
    }
    if e > m.emax {
        flags |= sw::OE | sw::PE;
        let to_inf = match m.rc {
            Rounding::Nearest => true,
            Rounding::Zero => false,
            Rounding::Up => !sign,
            Rounding::Down => sign,
        };
        let r = if to_inf {
            flags |= sw::C1;
            F80::inf(sign)
        } else {
            flags &= !sw::C1;
            F80 {
                signif: !0u64 << (64 - m.prec),
                se: m.emax as u16,
            }
            .with_sign(sign)
        };
        return (r, flags);
    }
    let mut ebits = e as u16;
    if s & INT_BIT == 0 {
        // denormal (or zero) in the destination format: 80-bit encoding uses
        // exponent 0 when the destination is the register format.
        if m.emin == 1 {
            ebits = 0;
        } else {
            ebits = (m.emin - 1) as u16;
        }
    }
    (
        F80 {
            signif: s,
            se: ebits | if sign { 0x8000 } else { 0 },
        },
        flags,
    )
}

/// The unmasked overflow/underflow result: the exponent rebiased by 24576
/// (SDM Vol. 1, 8.5.4, 8.5.5). Out of range even then: infinity or zero.
fn wrap_pack(sign: bool, e: i32, s: u64, mut flags: u16, tiny: bool, m: Mode) -> (F80, u16) {
    const ADJ: i32 = 24576;
    let e = if e > m.emax {
        flags |= sw::OE;
        e - ADJ
    } else if tiny {
        flags |= sw::UE;
        e + ADJ
    } else {
        e
    };
    if e > m.emax {
        return (F80::inf(sign), flags | sw::PE | sw::C1);
    }
    if e < m.emin {
        return (F80::zero(sign), (flags | sw::PE) & !sw::C1);
    }
    (
        F80 {
            signif: s,
            se: e as u16 | if sign { 0x8000 } else { 0 },
        },
        flags,
    )
}

/// The unmasked-underflow form of an exact tiny register value (fprem):
/// normalized with its exponent raised by 24576.
#[must_use]
pub fn rebias_tiny(x: F80) -> F80 {
    let (e, s) = x.unpack();
    F80 {
        signif: s,
        se: (e + 24576).clamp(0, 0x7FFF) as u16 | (x.se & 0x8000),
    }
}

/// Rounds an exact 64-bit-significand value (`sig` normalized) to `m`.
fn round64(sign: bool, exp: i32, sig: u64, m: Mode) -> (F80, u16) {
    round_pack(sign, exp, u128::from(sig) << 64, m)
}

/// Normalizes a non-zero u128 significand and rounds it. `exp` is for a value
/// `sig * 2^(exp - BIAS - 127)`.
fn norm_round(sign: bool, exp: i32, sig: u128, m: Mode) -> (F80, u16) {
    let lz = sig.leading_zeros();
    round_pack(sign, exp - lz as i32, sig << lz, m)
}

/// NaN propagation for two operands (SDM Vol. 1, table 4-7): an SNaN raises
/// IE; the result is the quieted NaN with the larger significand.
fn propagate(a: F80, b: F80) -> (F80, u16) {
    let flags = if a.is_snan() || b.is_snan() {
        sw::IE
    } else {
        0
    };
    let r = match (a.is_nan(), b.is_nan()) {
        (true, true) if a.is_snan() != b.is_snan() => {
            // One SNaN and one QNaN: the QNaN wins.
            if a.is_snan() { b } else { a }
        }
        (true, true) => {
            let (qa, qb) = (a.quiet(), b.quiet());
            // Equal significands: the positive one.
            if qb.signif > qa.signif || (qb.signif == qa.signif && a.sign()) {
                qb
            } else {
                qa
            }
        }
        (true, false) => a.quiet(),
        _ => b.quiet(),
    };
    (r, flags)
}

/// Common operand screening for two-operand arithmetic: NaNs, unsupported
/// encodings and the denormal-operand flag. `Err` carries the final result.
fn screen2(a: F80, b: F80) -> Result<u16, (F80, u16)> {
    let (ca, cb) = (a.class(), b.class());
    if ca == Class::Unsupported || cb == Class::Unsupported {
        return Err((F80::INDEFINITE, sw::IE));
    }
    if ca == Class::Nan || cb == Class::Nan {
        return Err(propagate(a, b));
    }
    Ok(if ca == Class::Denormal || cb == Class::Denormal {
        sw::DE
    } else {
        0
    })
}

fn screen1(a: F80) -> Result<u16, (F80, u16)> {
    match a.class() {
        Class::Unsupported => Err((F80::INDEFINITE, sw::IE)),
        Class::Nan => {
            let f = if a.is_snan() { sw::IE } else { 0 };
            Err((a.quiet(), f))
        }
        Class::Denormal => Ok(sw::DE),
        _ => Ok(0),
    }
}

fn is_zero(x: F80) -> bool {
    x.class() == Class::Zero
}
fn is_inf(x: F80) -> bool {
    x.class() == Class::Infinity
}

/// a + b (fadd); subtraction is `add(a, b.negate())`.
#[must_use]
pub fn add(a: F80, b: F80, m: Mode) -> (F80, u16) {
    if both_normal(a, b) {
        let zero_sum_sign = if a.sign() == b.sign() {
            a.sign()
        } else {
            m.rc == Rounding::Down
        };
        return add_finite(a, b, m, zero_sum_sign);
    }
    de_priority(add_raw(a, b, m))
}

fn add_raw(a: F80, b: F80, m: Mode) -> (F80, u16) {
    let de = match screen2(a, b) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (sa, sb) = (a.sign(), b.sign());
    match (is_inf(a), is_inf(b)) {
        (true, true) => {
            return if sa == sb {
                (a, de)
            } else {
                (F80::INDEFINITE, de | sw::IE)
            };
        }
        (true, false) => return (a, de),
        (false, true) => return (b, de),
        _ => {}
    }
    let zero_sum_sign = if sa == sb { sa } else { m.rc == Rounding::Down };
    match (is_zero(a), is_zero(b)) {
        (true, true) => return (F80::zero(zero_sum_sign), de),
        (true, false) => return with_flags(round64_of(b, m), de),
        (false, true) => return with_flags(round64_of(a, m), de),
        _ => {}
    }
    with_flags(add_finite(a, b, m, zero_sum_sign), de)
}

/// Both operands normal: no special case or flag can arise before rounding.
fn both_normal(a: F80, b: F80) -> bool {
    let n = |x: F80| x.exp().wrapping_sub(1) < 0x7FFE && x.signif >> 63 == 1;
    n(a) && n(b)
}

/// The sum of two finite non-zero operands.
fn add_finite(a: F80, b: F80, m: Mode, zero_sum_sign: bool) -> (F80, u16) {
    let (sa, sb) = (a.sign(), b.sign());
    let (ea, ma) = a.unpack();
    let (eb, mb) = b.unpack();
    // Put the larger magnitude first.
    let (big_s, big_e, big_m, sm_s, sm_e, sm_m) = if (ea, ma) >= (eb, mb) {
        (sa, ea, ma, sb, eb, mb)
    } else {
        (sb, eb, mb, sa, ea, ma)
    };
    // 128-bit significands with the integer bit at 126 (one guard bit for
    // the carry of an addition).
    let x = u128::from(big_m) << 63;
    let y = shr_jam128(u128::from(sm_m) << 63, (big_e - sm_e) as u32);
    let (sum, sign) = if big_s == sm_s {
        (x + y, big_s)
    } else {
        (x - y, big_s)
    };
    if sum == 0 {
        return (F80::zero(zero_sum_sign), 0);
    }
    norm_round(sign, big_e + 1, sum, m)
}

/// Adds the denormal-operand flag to a result's flags. A result that raised
/// invalid or zero-divide does not also report DE (as the host x87 does).
fn with_flags(r: (F80, u16), f: u16) -> (F80, u16) {
    (r.0, r.1 | f)
}

/// Drops DE when the operation raised IE or ZE.
#[must_use]
pub fn de_priority((r, f): (F80, u16)) -> (F80, u16) {
    if f & (sw::IE | sw::ZE) != 0 {
        (r, f & !sw::DE)
    } else {
        (r, f)
    }
}

/// Rounds a finite non-zero register value to `m` (a single operand passing
/// through an arithmetic instruction still obeys PC).
fn round64_of(x: F80, m: Mode) -> (F80, u16) {
    let (e, s) = x.unpack();
    round64(x.sign(), e, s, m)
}

/// a * b (fmul).
#[must_use]
pub fn mul(a: F80, b: F80, m: Mode) -> (F80, u16) {
    if both_normal(a, b) {
        return mul_finite(a, b, m);
    }
    de_priority(mul_raw(a, b, m))
}

fn mul_raw(a: F80, b: F80, m: Mode) -> (F80, u16) {
    let de = match screen2(a, b) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let sign = a.sign() ^ b.sign();
    if (is_inf(a) && is_zero(b)) || (is_zero(a) && is_inf(b)) {
        return (F80::INDEFINITE, de | sw::IE);
    }
    if is_inf(a) || is_inf(b) {
        return (F80::inf(sign), de);
    }
    if is_zero(a) || is_zero(b) {
        return (F80::zero(sign), de);
    }
    with_flags(mul_finite(a, b, m), de)
}

/// The product of two finite non-zero operands.
fn mul_finite(a: F80, b: F80, m: Mode) -> (F80, u16) {
    let sign = a.sign() ^ b.sign();
    let (ea, ma) = a.unpack();
    let (eb, mb) = b.unpack();
    let p = u128::from(ma) * u128::from(mb);
    // p = ma*mb, value p * 2^(ea+eb-2*BIAS-126); as (exp - BIAS - 127): exp = ea+eb-BIAS+1
    norm_round(sign, ea + eb - BIAS + 1, p, m)
}

/// a / b (fdiv).
#[must_use]
pub fn div(a: F80, b: F80, m: Mode) -> (F80, u16) {
    if both_normal(a, b) {
        return div_finite(a, b, m);
    }
    de_priority(div_raw(a, b, m))
}

fn div_raw(a: F80, b: F80, m: Mode) -> (F80, u16) {
    let de = match screen2(a, b) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let sign = a.sign() ^ b.sign();
    if (is_inf(a) && is_inf(b)) || (is_zero(a) && is_zero(b)) {
        return (F80::INDEFINITE, de | sw::IE);
    }
    if is_inf(a) {
        return (F80::inf(sign), de);
    }
    if is_inf(b) {
        return (F80::zero(sign), de);
    }
    if is_zero(b) {
        return (F80::inf(sign), de | sw::ZE);
    }
    if is_zero(a) {
        return (F80::zero(sign), de);
    }
    with_flags(div_finite(a, b, m), de)
}

/// The quotient of two finite non-zero operands.
fn div_finite(a: F80, b: F80, m: Mode) -> (F80, u16) {
    let sign = a.sign() ^ b.sign();
    let (ea, ma) = a.unpack();
    let (eb, mb) = b.unpack();
    let n = u128::from(ma) << 64;
    let d = u128::from(mb);
    let q1 = n / d;
    let r1 = n % d;
    let n2 = r1 << 64;
    let q2 = n2 / d;
    let r2 = n2 % d;
    // q1 in (2^63, 2^65); full quotient = q1 + q2/2^64 (+ sticky).
    let (hi, lo, sticky) = if q1 >> 64 != 0 {
        (
            q1 >> 1,
            ((q1 & 1) << 63) | (q2 >> 1),
            (q2 & 1) | u128::from(r2 != 0),
        )
    } else {
        (q1, q2, u128::from(r2 != 0))
    };
    let shifted = i32::from(q1 >> 64 != 0);
    let sig = (hi << 64) | lo | sticky;
    // value = (ma/mb) * 2^(ea-eb); ma/mb = q1/2^64*... with q1 ~ 2^64 * ma/mb.
    // sig has its top at bit 127 and equals (ma/mb) * 2^127 / 2^shifted.
    round_pack(sign, ea - eb + BIAS - 1 + shifted, sig, m)
}

fn isqrt128(n: u128) -> u128 {
    if n == 0 {
        return 0;
    }
    // Newton's method from an over-estimate; decreasing until fixed point.
    let bits = 128 - n.leading_zeros();
    let mut x = 1u128 << bits.div_ceil(2);
    loop {
        let y = (x + n / x) >> 1;
        if y >= x {
            return x;
        }
        x = y;
    }
}

/// sqrt(a) (fsqrt).
#[must_use]
pub fn sqrt(a: F80, m: Mode) -> (F80, u16) {
    de_priority(sqrt_raw(a, m))
}

fn sqrt_raw(a: F80, m: Mode) -> (F80, u16) {
    let de = match screen1(a) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if is_zero(a) {
        return (a, de);
    }
    if a.sign() {
        return (F80::INDEFINITE, de | sw::IE);
    }
    if is_inf(a) {
        return (a, de);
    }
    let (e, s) = a.unpack();
    // value = s * 2^(e - BIAS - 63). N = s << k with (e - BIAS - 63 - k) even.
    let k: i32 = if (e - BIAS - 63 - 64).rem_euclid(2) == 0 {
        64
    } else {
        63
    };
    let n = u128::from(s) << k;
    let r = isqrt128(n);
    let rem = n - r * r;
    let extra: u128 = if rem > r {
        (1u128 << 63) | 1
    } else {
        u128::from(rem != 0)
    };
    // sqrt = r * 2^((e - BIAS - 63 - k)/2); r in [2^63, 2^64).
    let half = (e - BIAS - 63 - k) / 2;
    let sig = (r << 64) | extra;
    with_flags(round_pack(false, half + BIAS + 127 - 64, sig, m), de)
}

/// Compare result: C3/C2/C0 pattern (SDM Vol. 2, FCOM table 3-21).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Less,
    Equal,
    Greater,
    Unordered,
}

/// Compares a with b. `quiet`: fucom semantics (only SNaN raises IE).
#[must_use]
pub fn compare(a: F80, b: F80, quiet: bool) -> (Order, u16) {
    let (ca, cb) = (a.class(), b.class());
    if ca == Class::Unsupported || cb == Class::Unsupported {
        return (Order::Unordered, sw::IE);
    }
    if ca == Class::Nan || cb == Class::Nan {
        let ie = !quiet || a.is_snan() || b.is_snan();
        return (Order::Unordered, if ie { sw::IE } else { 0 });
    }
    let de = if ca == Class::Denormal || cb == Class::Denormal {
        sw::DE
    } else {
        0
    };
    let key = |x: F80| -> (i8, i32, u64) {
        if is_zero(x) {
            return (0, 0, 0);
        }
        let (e, s) = if is_inf(x) { (i32::MAX, 0) } else { x.unpack() };
        if x.sign() { (-1, -e, !s) } else { (1, e, s) }
    };
    let o = match key(a).cmp(&key(b)) {
        core::cmp::Ordering::Less => Order::Less,
        core::cmp::Ordering::Equal => Order::Equal,
        core::cmp::Ordering::Greater => Order::Greater,
    };
    (o, de)
}

/// Converts a signed integer to the register format (exact).
#[must_use]
pub fn from_i64(v: i64) -> F80 {
    if v == 0 {
        return F80::ZERO;
    }
    let sign = v < 0;
    let mag = v.unsigned_abs();
    let lz = mag.leading_zeros();
    F80 {
        signif: mag << lz,
        se: (BIAS + 63 - lz as i32) as u16 | if sign { 0x8000 } else { 0 },
    }
}

/// Rounds `a` to an integer value in the same format (frndint); the
/// precision is always 64 bits.
#[must_use]
pub fn round_int(a: F80, rc: Rounding) -> (F80, u16) {
    let de = match screen1(a) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if is_zero(a) || is_inf(a) {
        return (a, de);
    }
    let (e, s) = a.unpack();
    let frac_bits = BIAS + 63 - e; // bits below the binary point
    if frac_bits <= 0 {
        return (a, de);
    }
    let sign = a.sign();
    let full = shr_jam128(u128::from(s) << 64, frac_bits.unsigned_abs());
    // full: the value as a 64.64 fixed-point number, integer part in the high half.
    let int = (full >> 64) as u64;
    let frac = full as u64;
    let inc = match rc {
        Rounding::Nearest => frac > (1 << 63) || (frac == 1 << 63 && int & 1 == 1),
        Rounding::Zero => false,
        Rounding::Up => !sign && frac != 0,
        Rounding::Down => sign && frac != 0,
    };
    let mut flags = de;
    if frac != 0 {
        flags |= sw::PE;
        if inc {
            flags |= sw::C1;
        }
    }
    let v = u128::from(int) + u128::from(inc);
    if v == 0 {
        return (F80::zero(sign), flags);
    }
    let lz = v.leading_zeros();
    let r = F80 {
        signif: (v << lz >> 64) as u64,
        se: (BIAS + 127 - lz as i32) as u16 | if sign { 0x8000 } else { 0 },
    };
    (r, flags)
}

/// Converts to a signed integer of `bits` (16, 32, 64) with the control
/// word's rounding (fist). Out of range or NaN: IE and the integer indefinite.
#[must_use]
pub fn to_int(a: F80, rc: Rounding, bits: u32) -> (i64, u16) {
    let indefinite = i64::MIN >> (64 - bits);
    let (r, flags) = match a.class() {
        Class::Unsupported | Class::Nan | Class::Infinity => return (indefinite, sw::IE),
        Class::Zero => return (0, 0),
        _ => round_int(a, rc),
    };
    // FIST does not report denormal operands (SDM Vol. 2, FIST exceptions).
    let flags = flags & !sw::DE;
    if is_zero(r) {
        return (0, flags);
    }
    let (e, s) = r.unpack();
    let shift = BIAS + 63 - e;
    if shift < 0 {
        return (indefinite, sw::IE);
    }
    let mag = if shift >= 64 { 0 } else { s >> shift };
    let limit = 1u64 << (bits - 1);
    let v = if r.sign() {
        if mag > limit {
            return (indefinite, sw::IE);
        }
        (mag as i64).wrapping_neg()
    } else {
        if mag >= limit {
            return (indefinite, sw::IE);
        }
        mag as i64
    };
    (v, flags)
}

/// Loads an IEEE double (fld m64): exact; SNaN raises IE and is quieted;
/// denormals raise DE.
#[must_use]
pub fn from_f64(bits: u64) -> (F80, u16) {
    let sign = bits >> 63 != 0;
    let e = ((bits >> 52) & 0x7FF) as i32;
    let f = bits & ((1 << 52) - 1);
    widen(sign, e, f, 52, 1023, 0x7FF)
}

/// Loads an IEEE single (fld m32).
#[must_use]
pub fn from_f32(bits: u32) -> (F80, u16) {
    let sign = bits >> 31 != 0;
    let e = ((bits >> 23) & 0xFF) as i32;
    let f = u64::from(bits & ((1 << 23) - 1));
    widen(sign, e, f, 23, 127, 0xFF)
}

fn widen(sign: bool, e: i32, f: u64, fbits: u32, bias: i32, emax: i32) -> (F80, u16) {
    if e == emax {
        if f == 0 {
            return (F80::inf(sign), 0);
        }
        let r = F80 {
            signif: INT_BIT | (f << (63 - fbits)),
            se: 0x7FFF,
        }
        .with_sign(sign);
        let flags = if r.is_snan() { sw::IE } else { 0 };
        return (r.quiet(), flags);
    }
    if e == 0 {
        if f == 0 {
            return (F80::zero(sign), 0);
        }
        let lz = f.leading_zeros();
        let sig = f << lz;
        // value = f * 2^(1 - bias - fbits)
        let exp = 1 - bias - fbits as i32 + 63 - lz as i32 + BIAS;
        return (
            F80 {
                signif: sig,
                se: exp as u16,
            }
            .with_sign(sign),
            sw::DE,
        );
    }
    (
        F80 {
            signif: INT_BIT | (f << (63 - fbits)),
            se: (e - bias + BIAS) as u16,
        }
        .with_sign(sign),
        0,
    )
}

/// Stores as an IEEE double (fst m64) with the control word's rounding.
#[must_use]
pub fn to_f64(a: F80, cw: u16) -> (u64, u16) {
    narrow(a, Mode::double(cw), 52, 1023, 0x7FF)
}

/// Stores as an IEEE single (fst m32).
#[must_use]
pub fn to_f32(a: F80, cw: u16) -> (u32, u16) {
    let (v, f) = narrow(a, Mode::single(cw), 23, 127, 0xFF);
    (v as u32, f)
}

fn narrow(a: F80, m: Mode, fbits: u32, bias: i32, emax: u64) -> (u64, u16) {
    let total = fbits + 1 + if fbits == 52 { 11 } else { 8 };
    let sign_bit = u64::from(a.sign()) << (total - 1);
    let pack = |e: u64, f: u64| sign_bit | (e << fbits) | f;
    match a.class() {
        Class::Unsupported => {
            // indefinite: sign 1, quiet bit only
            return (pack(emax, 1 << (fbits - 1)) | (1 << (total - 1)), sw::IE);
        }
        Class::Nan => {
            let flags = if a.is_snan() { sw::IE } else { 0 };
            let f = ((a.signif | QUIET_BIT) << 1) >> (64 - fbits);
            return (pack(emax, f), flags);
        }
        Class::Infinity => return (pack(emax, 0), 0),
        Class::Zero => return (pack(0, 0), 0),
        _ => {}
    }
    // FST does not report denormal operands on this hardware.
    let (e, s) = a.unpack();
    let (r, flags) = round64(a.sign(), e, s, m);
    if r.exp() == 0x7FFF {
        return (pack(emax, 0), flags);
    }
    let re = i32::from(r.exp());
    if r.signif & INT_BIT == 0 {
        // destination denormal: exponent field 0, r.signif holds the bits
        // aligned at the destination's minimum exponent.
        let f = (r.signif << 1) >> (64 - fbits);
        return (pack(0, f), flags);
    }
    let de_field = (re - BIAS + bias) as u64;
    let f = (r.signif << 1) >> (64 - fbits);
    (pack(de_field, f), flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_plus_one_is_two() {
        let (r, f) = add(F80::ONE, F80::ONE, Mode::from_cw(0x37F));
        assert_eq!(r.se, 0x4000);
        assert_eq!(r.signif, INT_BIT);
        assert_eq!(f, 0);
    }

    #[test]
    fn f64_round_trip() {
        for bits in [
            0x3FF0_0000_0000_0000u64,
            1,
            0x8000_0000_0000_0001,
            0x7FEF_FFFF_FFFF_FFFF,
        ] {
            let (x, _) = from_f64(bits);
            assert_eq!(to_f64(x, 0x37F).0, bits);
        }
    }
}
