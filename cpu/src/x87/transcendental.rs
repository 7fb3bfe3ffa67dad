//! fsin/fcos/fsincos/fptan/fpatan/f2xm1/fyl2x/fyl2xp1 (SDM Vol. 2 for each;
//! Vol. 1, 8.3.10 "Transcendental instruction accuracy").
//!
//! Each result is computed to ~125 bits with [`Bf`] and rounded once with
//! the control word's RC (PC does not apply), so results are correctly
//! rounded except within ~2^-60 of a rounding boundary. Trigonometric
//! arguments are reduced modulo pi/2 exactly (Payne-Hanek with 320 bits of
//! 2/pi); |x| >= 2^63 leaves ST0 unchanged and sets C2.

use super::X87;
use super::bigf::Bf;
use super::f80::{self, Class, F80, sw};
use iced_x86::Code;

const BIAS: i32 = 16383;

/// pi/2 as the x87 keeps it for argument reduction: 66 bits,
/// `PI2_66 * 2^-65` (measured on the host: results match a 66-bit pi
/// exactly and differ from a correctly reduced argument).
const PI2_66: u128 = 0x3_243F_6A88_85A3_08D3;

/// A 256-bit unsigned integer as (high, low) halves.
type U256 = (u128, u128);

fn shl256((hi, lo): U256, n: u32) -> U256 {
    match n {
        0 => (hi, lo),
        1..=127 => ((hi << n) | (lo >> (128 - n)), lo << n),
        128..=255 => (lo << (n - 128), 0),
        _ => (0, 0),
    }
}

fn sub256(a: U256, b: U256) -> U256 {
    let (lo, borrow) = a.1.overflowing_sub(b.1);
    (a.0.wrapping_sub(b.0).wrapping_sub(u128::from(borrow)), lo)
}

fn add256(a: U256, b: U256) -> U256 {
    let (lo, carry) = a.1.overflowing_add(b.1);
    (a.0.wrapping_add(b.0).wrapping_add(u128::from(carry)), lo)
}

/// k * p for p < 2^128.
fn mul256(p: u128, k: u64) -> U256 {
    let k = u128::from(k);
    let lo = (p & u128::from(u64::MAX)) * k;
    let hi = (p >> 64) * k;
    add256((hi >> 64, hi << 64), (0, lo))
}

/// Reduces finite |x| < 2^63 to `r` in about [-pi/4, pi/4] and the quadrant
/// `q` (mod 4) with |x| = q*pi66/2 + r, exactly.
fn reduce(x: Bf) -> (u32, Bf) {
    let ax = x.abs();
    if ax.is_zero() || (ax.e, ax.m) <= (Bf::PI_4.e, Bf::PI_4.m) {
        return (0, ax);
    }
    let kx = ax.e - BIAS; // |x| in [2^kx, 2^(kx+1)), kx in [-1, 62]
    let mx = (ax.m >> 64) as u64;
    // Integers at scale 2^(kx - 128): X = mx * 2^65, P = pi66/2 * 2^(128-kx).
    let xs: U256 = shl256((0, u128::from(mx)), 65);
    let sh = (63 - kx) as u32;
    // Estimate the quotient, then correct it to the nearest.
    let est = ax.over(Bf::PI_2);
    let mut k: u64 = if est.e < BIAS {
        0
    } else {
        (est.m >> (127 - (est.e - BIAS).min(63))) as u64
    };
    let half = shl256((0, PI2_66), sh - 1);
    let ge = |a: U256, b: U256| a >= b;
    let kp = |k: u64| shl256(mul256(PI2_66, k), sh);
    // r = X - kP, kept as (negative?, magnitude).
    let mut guard = 0;
    let (neg, mag) = loop {
        let prod = kp(k);
        let (neg, mag) = if ge(xs, prod) {
            (false, sub256(xs, prod))
        } else {
            (true, sub256(prod, xs))
        };
        guard += 1;
        if guard > 4 {
            break (neg, mag);
        }
        if !neg && mag > half {
            k += 1;
        } else if neg && mag > half {
            k = k.saturating_sub(1);
        } else {
            break (neg, mag);
        }
    };
    let (hi, lo) = mag;
    let (e, m) = if hi != 0 {
        let lz = hi.leading_zeros();
        let m = if lz == 0 {
            hi
        } else {
            (hi << lz) | (lo >> (128 - lz))
        };
        // value = mag * 2^(kx - 128) = m * 2^(kx - lz).
        (BIAS + 127 + kx - lz as i32, m)
    } else if lo != 0 {
        let lz = lo.leading_zeros();
        (BIAS - 1 + kx - lz as i32, lo << lz)
    } else {
        return ((k & 3) as u32, Bf::ZERO);
    };
    ((k & 3) as u32, Bf { neg, e, m })
}

/// sin r and cos r for |r| <= pi/4 by their Taylor series.
fn sin_cos(r: Bf) -> (Bf, Bf) {
    let r2 = r.times(r);
    let mut s = r;
    let mut t = r;
    let mut c = Bf::ONE;
    let mut u = Bf::ONE;
    for n in 1..40u64 {
        t = t.times(r2).div_small((2 * n) * (2 * n + 1)).negate();
        u = u.times(r2).div_small((2 * n - 1) * (2 * n)).negate();
        s = s.plus(t);
        c = c.plus(u);
        if t.is_zero() || (t.e < s.e - 130 && u.e < c.e - 130) {
            break;
        }
    }
    (s, c)
}

/// (sin x, cos x) of a finite |x| < 2^63.
fn sin_cos_x(x: Bf) -> (Bf, Bf) {
    let (q, r) = reduce(x);
    let (s, c) = sin_cos(r);
    let (s, c) = match q {
        0 => (s, c),
        1 => (c, s.negate()),
        2 => (s.negate(), c.negate()),
        _ => (c.negate(), s),
    };
    if x.neg { (s.negate(), c) } else { (s, c) }
}

/// atan(t) for 0 <= t <= 1: two argument halvings, then the series.
fn atan01(t: Bf) -> Bf {
    let mut u = t;
    for _ in 0..2 {
        let d = Bf::ONE.plus(Bf::ONE.plus(u.times(u)).sqrt());
        u = u.over(d);
    }
    let u2 = u.times(u);
    let mut sum = u;
    let mut p = u;
    for n in 1..80u64 {
        p = p.times(u2).negate();
        let term = p.div_small(2 * n + 1);
        sum = sum.plus(term);
        if term.is_zero() || term.e < sum.e - 130 {
            break;
        }
    }
    sum.e += 2;
    sum
}

/// ln(m) for m in [sqrt(1/2), sqrt(2)] as 2 atanh((m-1)/(m+1)).
fn ln_near1(num: Bf, den: Bf) -> Bf {
    let t = num.over(den);
    let t2 = t.times(t);
    let mut sum = t;
    let mut p = t;
    for n in 1..80u64 {
        p = p.times(t2);
        let term = p.div_small(2 * n + 1);
        sum = sum.plus(term);
        if term.is_zero() || term.e < sum.e - 130 {
            break;
        }
    }
    sum.e += 1;
    sum
}

/// log2(x) for finite x > 0.
fn log2(x: Bf) -> Bf {
    let mut m = Bf { e: BIAS, ..x };
    let mut e = x.e - BIAS;
    // Center the significand on 1: m in [sqrt(1/2), sqrt(2)).
    if m.m > 0xB504_F333_F9DE_6484_597D_89B3_754A_BE9F {
        m.e -= 1;
        e += 1;
    }
    let ln = ln_near1(m.minus(Bf::ONE), m.plus(Bf::ONE));
    Bf::from_int(i64::from(e)).plus(ln.times(Bf::LOG2E))
}

/// 2^x - 1 for finite |x| <= 1 (extended with the same series beyond).
fn exp2m1(x: Bf) -> Bf {
    let z = x.times(Bf::LN2);
    let mut sum = z;
    let mut t = z;
    for n in 2..200u64 {
        t = t.times(z).div_small(n);
        sum = sum.plus(t);
        if t.is_zero() || t.e < sum.e - 130 {
            break;
        }
    }
    sum
}

/// Flags for a one-operand instruction's special operands: `Err` is the
/// final (result, flags).
fn screen(v: F80) -> Result<u16, (F80, u16)> {
    match v.class() {
        Class::Unsupported | Class::Infinity => Err((F80::INDEFINITE, sw::IE)),
        Class::Nan => Err((v.quiet(), if v.is_snan() { sw::IE } else { 0 })),
        Class::Denormal => Ok(sw::DE),
        _ => Ok(0),
    }
}

fn tiny(x: Bf) -> bool {
    x.e < BIAS - 62
}

/// Executes a transcendental instruction.
pub fn execute(x: &mut X87, code: Code) {
    match code {
        Code::Fsin | Code::Fcos | Code::Fptan | Code::Fsincos => trig(x, code),
        Code::Fpatan | Code::Fyl2x | Code::Fyl2xp1 => two_operand(x, code),
        _ => {
            // F2XM1
            let Some(v) = x.st(0) else {
                x.store_or_fault(0, F80::INDEFINITE, UNDERFLOW);
                return;
            };
            let (r, f) = match screen(v) {
                Err((r, f)) if v.class() == Class::Infinity => {
                    let _ = (r, f);
                    if v.sign() {
                        (F80::ONE.negate(), 0)
                    } else {
                        (v, 0)
                    }
                }
                Err(rf) => rf,
                Ok(_) if v.class() == Class::Zero => (v, 0),
                // Outside the defined domain |x| <= 1 the host returns x
                // unchanged, signalling only PE.
                Ok(_) if (Bf::from_f80(v).e, Bf::from_f80(v).m) > (Bf::ONE.e, Bf::ONE.m) => {
                    (v, sw::PE)
                }
                Ok(de) => {
                    let (r, f) = exp2m1(Bf::from_f80(v)).round(x.control);
                    (r, f | de)
                }
            };
            x.store_or_fault(0, r, f);
        }
    }
}

const UNDERFLOW: u16 = sw::IE | sw::SF;
const OVERFLOW: u16 = sw::IE | sw::SF | sw::C1;

fn trig(x: &mut X87, code: Code) {
    let two = matches!(code, Code::Fptan | Code::Fsincos);
    let Some(v) = x.st(0) else {
        x.status &= !sw::C2;
        x.store_or_fault(0, F80::INDEFINITE, UNDERFLOW);
        if two && !x.unmasked(UNDERFLOW) {
            x.push_value(F80::INDEFINITE);
        }
        return;
    };
    let de = match screen(v) {
        Ok(de) => de,
        Err((r, f)) => {
            x.status &= !sw::C2;
            x.store_or_fault(0, r, f);
            if two && !x.unmasked(f) {
                x.push_value(r);
            }
            return;
        }
    };
    if v.class() != Class::Zero && i32::from(v.exp()) >= BIAS + 63 {
        x.status |= sw::C2;
        return;
    }
    x.status &= !sw::C2;
    if two && x.st(7).is_some() {
        x.store_or_fault(0, F80::INDEFINITE, OVERFLOW);
        if !x.unmasked(OVERFLOW) {
            x.push_value(F80::INDEFINITE);
        }
        return;
    }
    let b = Bf::from_f80(v);
    let zero = v.class() == Class::Zero;
    let cw = x.control;
    let (s, c) = sin_cos_x(b);
    let sin = || -> (F80, u16) {
        if zero {
            (v, 0)
        } else if tiny(b) {
            b.round_below(cw)
        } else {
            s.round(cw)
        }
    };
    let cos = || -> (F80, u16) {
        if zero {
            (F80::ONE, 0)
        } else if tiny(b) {
            Bf::ONE.round_below(cw)
        } else {
            c.round(cw)
        }
    };
    match code {
        Code::Fsin => {
            let (r, f) = sin();
            x.store_or_fault(0, r, f | de);
        }
        Code::Fcos => {
            let (r, f) = cos();
            x.store_or_fault(0, r, f | de);
        }
        Code::Fptan => {
            let (r, f) = if zero {
                (v, 0)
            } else if tiny(b) {
                // tan x = x + x^3/3: a hair above |x|.
                let up = Bf { m: b.m | 1, ..b };
                up.round(cw)
            } else {
                s.over(c).round(cw)
            };
            if x.store_or_fault(0, r, f | de) {
                x.push_value(F80::ONE);
            }
        }
        _ => {
            let (sr, sf) = sin();
            let (cr, cf) = cos();
            // C1 reflects the last rounding (the cosine's).
            if x.store_or_fault(0, sr, (sf | cf | de) & !sw::C1 | (sf & sw::C1)) {
                x.push_value(cr);
            }
        }
    }
}

fn two_operand(x: &mut X87, code: Code) {
    let (Some(a), Some(b)) = (x.st(0), x.st(1)) else {
        if x.store_or_fault(1, F80::INDEFINITE, UNDERFLOW) {
            x.pop_value();
        }
        return;
    };
    let (r, f) = match code {
        Code::Fpatan => patan(b, a, x.control),
        Code::Fyl2x => yl2x(a, b, x.control, false),
        _ => yl2x(a, b, x.control, true),
    };
    let f = f80::de_priority((r, f)).1;
    if x.store_or_fault(1, r, f) {
        x.pop_value();
    }
}

fn denormal_flag(a: F80, b: F80) -> u16 {
    if a.class() == Class::Denormal || b.class() == Class::Denormal {
        sw::DE
    } else {
        0
    }
}

fn nan2(a: F80, b: F80) -> Option<(F80, u16)> {
    let odd = |v: F80| matches!(v.class(), Class::Nan | Class::Unsupported);
    if odd(a) || odd(b) {
        // The two-operand NaN rules of the arithmetic instructions.
        Some(f80::add(a, b, f80::Mode::from_cw(0x37F)))
    } else {
        None
    }
}

/// FPATAN: atan2(y, x) with the special values of SDM Vol. 2, table 3-49.
fn patan(y: F80, xv: F80, cw: u16) -> (F80, u16) {
    if let Some(r) = nan2(xv, y) {
        return r;
    }
    let de = denormal_flag(xv, y);
    let (cy, cx) = (y.class(), xv.class());
    let quarter = |n: u64| -> Bf {
        // n * pi/4
        let v = Bf::PI_4.times(Bf::from_int(n as i64));
        Bf { neg: y.sign(), ..v }
    };
    let (res, exact_zero) = match (cy, cx) {
        (Class::Infinity, Class::Infinity) => (quarter(if xv.sign() { 3 } else { 1 }), false),
        (Class::Infinity, _) => (quarter(2), false),
        (_, Class::Infinity) | (Class::Zero, _) => {
            if xv.sign() {
                (quarter(4), false)
            } else {
                (Bf::ZERO, true)
            }
        }
        (_, Class::Zero) => (quarter(2), false),
        _ => {
            let by = Bf::from_f80(y).abs();
            let bx = Bf::from_f80(xv).abs();
            let ratio_small = (by.e, by.m) <= (bx.e, bx.m);
            let base = if ratio_small {
                atan01(by.over(bx))
            } else {
                Bf::PI_2.minus(atan01(bx.over(by)))
            };
            let v = if xv.sign() { Bf::PI.minus(base) } else { base };
            if !xv.sign() && ratio_small && tiny(by.over(bx)) {
                let t = Bf {
                    neg: y.sign(),
                    ..by.over(bx)
                };
                let (r, f) = t.round_below(cw);
                return (r, f | de);
            }
            (Bf { neg: y.sign(), ..v }, false)
        }
    };
    if exact_zero {
        return (F80::zero(y.sign()), de);
    }
    let (r, f) = res.round(cw);
    (r, f | de)
}

/// FYL2X (`p1` false): y * log2(x); FYL2XP1: y * log2(x + 1).
fn yl2x(xv: F80, y: F80, cw: u16, p1: bool) -> (F80, u16) {
    if let Some(r) = nan2(xv, y) {
        return r;
    }
    let de = denormal_flag(xv, y);
    let (cx, cy) = (xv.class(), y.class());
    let bx = Bf::from_f80(xv);
    // The logarithm's sign and whether it is zero or infinite.
    let log = if p1 {
        if cx == Class::Infinity && !xv.sign() {
            return if cy == Class::Zero {
                (F80::INDEFINITE, sw::IE)
            } else {
                (F80::inf(y.sign()), de)
            };
        }
        if cx == Class::Zero {
            None
        } else if xv.sign() && (bx.e, bx.m) >= (Bf::ONE.e, Bf::ONE.m) {
            // x <= -1 is outside the domain: the host hands back x (or a
            // signed zero when y is zero), signalling PE.
            if cy == Class::Zero {
                return (F80::zero(xv.sign() ^ y.sign()), de);
            }
            return (xv, sw::PE | de);
        } else if bx.e < BIAS - 3 {
            let den = Bf::ONE.plus(Bf::ONE).plus(bx);
            Some(ln_near1(bx, den).times(Bf::LOG2E))
        } else {
            Some(log2(Bf::ONE.plus(bx)))
        }
    } else {
        if xv.sign() && cx != Class::Zero {
            return (F80::INDEFINITE, sw::IE);
        }
        match cx {
            Class::Zero => {
                return if cy == Class::Zero {
                    (F80::INDEFINITE, sw::IE)
                } else if cy == Class::Infinity {
                    (F80::inf(!y.sign()), de)
                } else {
                    (F80::inf(!y.sign()), sw::ZE)
                };
            }
            Class::Infinity => {
                return if cy == Class::Zero {
                    (F80::INDEFINITE, sw::IE)
                } else {
                    (F80::inf(y.sign()), de)
                };
            }
            _ => {
                if bx == Bf::ONE {
                    None
                } else {
                    Some(log2(bx))
                }
            }
        }
    };
    match (log, cy) {
        (None, Class::Infinity) => (F80::INDEFINITE, sw::IE),
        (None, _) => {
            // log is +-0 exactly (x == 1, or x == +-0 for fyl2xp1).
            let lsign = p1 && xv.sign();
            (F80::zero(lsign ^ y.sign()), de)
        }
        (Some(l), Class::Infinity) => (F80::inf(l.neg ^ y.sign()), de),
        (Some(l), Class::Zero) => (F80::zero(l.neg ^ y.sign()), de),
        (Some(l), _) => {
            let (r, f) = l.times(Bf::from_f80(y)).round(cw);
            (r, f | de)
        }
    }
}
