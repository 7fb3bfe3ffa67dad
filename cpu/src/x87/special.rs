//! fprem/fprem1, fscale, fxtract, the load-constant instructions and packed
//! BCD (SDM Vol. 2, FPREM, FPREM1, FSCALE, FXTRACT, FLD1/FLDL2T/..., FBLD,
//! FBSTP; Vol. 1, 4.7 "BCD and packed BCD integers").

use super::f80::{self, Class, F80, Mode, Rounding, sw};
use iced_x86::Code;

const BIAS: i32 = 16383;

/// The packed BCD integer indefinite (SDM Vol. 1, table 4-4).
pub const BCD_INDEFINITE: [u8; 10] = [0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF];

/// The constants' significands to 128 bits and their biased exponents.
/// The x87 keeps them to 66 bits and rounds with the current RC (SDM Vol. 1,
/// 8.3.8 "Load constant instructions").
fn constant_bits(code: Code) -> (u128, u16) {
    match code {
        // pi
        Code::Fldpi => (0xC90FDAA2_2168C234_C4C6628B_80DC1CD1, 0x4000),
        // log2(10)
        Code::Fldl2t => (0xD49A784B_CD1B8AFE_492BF6FF_4DAFDB4C, 0x4000),
        // log2(e)
        Code::Fldl2e => (0xB8AA3B29_5C17F0BB_BE87FED0_691D3E89, 0x3FFF),
        // log10(2)
        Code::Fldlg2 => (0x9A209A84_FBCFF798_8F8959AC_0B7C9178, 0x3FFD),
        // ln(2)
        _ => (0xB17217F7_D1CF79AB_C9E3B398_03F2F6AF, 0x3FFE),
    }
}

/// The value a load-constant instruction pushes under rounding `rc`.
#[must_use]
pub fn constant(code: Code, rc: Rounding) -> F80 {
    let (sig, exp) = constant_bits(code);
    let m = Mode {
        rc,
        prec: 64,
        emin: 1,
        emax: 0x7FFE,
        wrap: false,
    };
    f80::round_pack(false, i32::from(exp), sig, m).0
}

fn nan_or_invalid(a: F80, b: F80) -> Option<(F80, u16)> {
    let (ca, cb) = (a.class(), b.class());
    if ca == Class::Unsupported || cb == Class::Unsupported {
        return Some((F80::INDEFINITE, sw::IE));
    }
    if ca == Class::Nan || cb == Class::Nan {
        // Reuse the two-operand propagation of `add`.
        return Some(f80::add(a, b, Mode::from_cw(0x37F)));
    }
    None
}

fn denormal_flag(a: F80, b: F80) -> u16 {
    if a.class() == Class::Denormal || b.class() == Class::Denormal {
        sw::DE
    } else {
        0
    }
}

fn unpack(x: F80) -> (i32, u64) {
    let mut e = i32::from(x.exp()).max(1);
    let s = x.signif;
    let lz = s.leading_zeros();
    e -= lz as i32;
    (e, s << lz)
}

/// FPREM (`ieee` false: truncating quotient) and FPREM1 (`ieee` true:
/// round-to-nearest quotient) of ST0 by ST1. Returns the result, flags, the
/// low three quotient bits and whether the reduction is partial (C2).
#[must_use]
pub fn prem(a: F80, b: F80, ieee: bool) -> (F80, u16, u64, bool) {
    let (r, f, q, p) = prem_raw(a, b, ieee);
    let (r, f) = f80::de_priority((r, f));
    (r, f, q, p)
}

fn prem_raw(a: F80, b: F80, ieee: bool) -> (F80, u16, u64, bool) {
    if let Some((r, f)) = nan_or_invalid(a, b) {
        return (r, f, 0, false);
    }
    let de = denormal_flag(a, b);
    let (ca, cb) = (a.class(), b.class());
    if ca == Class::Infinity || cb == Class::Zero {
        return (F80::INDEFINITE, de | sw::IE, 0, false);
    }
    if ca == Class::Zero || cb == Class::Infinity {
        // A pseudo-denormal comes back in canonical form (exponent 1).
        let a = if ca == Class::Denormal && a.signif >> 63 == 1 {
            F80 { se: a.se | 1, ..a }
        } else {
            a
        };
        return (a, de, 0, false);
    }
    let (ea, ma) = unpack(a);
    let (eb0, mb) = unpack(b);
    let mut eb = eb0;
    let mut d = ea - eb;
    let mut partial = false;
    if d >= 64 {
        // Partial reduction (SDM: N between 32 and 63).
        let n = 32 + (d & 31);
        eb += d - n;
        d = n;
        partial = true;
    }
    let sign = a.sign();
    if d < 0 {
        if ieee && d == -1 && ma > mb {
            // |a| in (|b|/2, |b|): quotient 1, remainder a - b with flipped sign.
            let diff = (u128::from(mb) << 1) - u128::from(ma);
            let (r, f) = norm(!sign, eb + 63, diff);
            return (r, f | de, 1, false);
        }
        let (r, f) = norm(sign, ea + 64, u128::from(ma));
        return (r, f | de, 0, false);
    }
    let n = u128::from(ma) << d;
    let m = u128::from(mb);
    let mut q = n / m;
    let mut r = n % m;
    let mut rsign = sign;
    if ieee && !partial && (2 * r > m || (2 * r == m && q & 1 == 1)) {
        q += 1;
        r = m - r;
        rsign = !sign;
    }
    if r == 0 {
        return (F80::zero(sign), de, q as u64 & 7, partial);
    }
    let (res, f) = norm(rsign, eb + 64, r);
    (res, f | de, q as u64 & 7, partial)
}

/// Packs an exact value `sig * 2^(exp - BIAS - 127)` (sig non-zero).
fn norm(sign: bool, exp: i32, sig: u128) -> (F80, u16) {
    let lz = sig.leading_zeros();
    let m = Mode {
        rc: Rounding::Nearest,
        prec: 64,
        emin: 1,
        emax: 0x7FFE,
        wrap: false,
    };
    f80::round_pack(sign, exp - lz as i32, sig << lz, m)
}

/// FSCALE: ST0 * 2^trunc(ST1), rounded to 64 bits with `rc` (`wrap`: the
/// unmasked overflow/underflow response).
#[must_use]
pub fn scale(a: F80, b: F80, rc: Rounding, wrap: bool) -> (F80, u16) {
    f80::de_priority(scale_raw(a, b, rc, wrap))
}

fn scale_raw(a: F80, b: F80, rc: Rounding, wrap: bool) -> (F80, u16) {
    if let Some(r) = nan_or_invalid(a, b) {
        return r;
    }
    let de = denormal_flag(a, b);
    let (ca, cb) = (a.class(), b.class());
    match (ca, cb) {
        (Class::Zero, Class::Infinity) if !b.sign() => return (F80::INDEFINITE, de | sw::IE),
        (Class::Infinity, Class::Infinity) if b.sign() => return (F80::INDEFINITE, de | sw::IE),
        (Class::Zero | Class::Infinity, _) => return (a, de),
        (_, Class::Infinity) => {
            return if b.sign() {
                (F80::zero(a.sign()), de)
            } else {
                (F80::inf(a.sign()), de)
            };
        }
        _ => {}
    }
    let n: i32 = if cb == Class::Zero {
        0
    } else {
        let (e, s) = unpack(b);
        let shift = BIAS + 63 - e;
        let mag: i64 = if shift < 44 {
            // |b| >= 2^20: saturate; any such scale over- or underflows.
            1 << 20
        } else if shift >= 64 {
            0
        } else {
            (s >> shift) as i64
        };
        let mag = mag.min(1 << 20) as i32;
        if b.sign() { -mag } else { mag }
    };
    let (e, s) = unpack(a);
    let m = Mode {
        rc,
        prec: 64,
        emin: 1,
        emax: 0x7FFE,
        wrap,
    };
    let (r, f) = f80::round_pack(a.sign(), e + n, u128::from(s) << 64, m);
    (r, f | de)
}

/// FXTRACT: (exponent as a real, significand with exponent 0x3FFF, flags).
#[must_use]
pub fn xtract(v: F80) -> (F80, F80, u16) {
    match v.class() {
        Class::Unsupported => (F80::INDEFINITE, F80::INDEFINITE, sw::IE),
        Class::Nan => {
            let f = if v.is_snan() { sw::IE } else { 0 };
            (v.quiet(), v.quiet(), f)
        }
        Class::Infinity => (F80::INF, v, 0),
        Class::Zero => (F80::inf(true), v, sw::ZE),
        c => {
            let (e, s) = unpack(v);
            let sig = F80 {
                signif: s,
                se: 0x3FFF,
            }
            .with_sign(v.sign());
            let de = if c == Class::Denormal { sw::DE } else { 0 };
            (f80::from_i64(i64::from(e - BIAS)), sig, de)
        }
    }
}

/// FBLD: 18 packed BCD digits and a sign byte. Invalid digits are
/// undefined on hardware; here they weigh as their nibble value.
#[must_use]
pub fn from_bcd(b: [u8; 10]) -> (F80, u16) {
    let mut v: i64 = 0;
    for i in (0..9).rev() {
        let hi = i64::from(b[i] >> 4);
        let lo = i64::from(b[i] & 15);
        v = v.wrapping_mul(100).wrapping_add(hi * 10 + lo);
    }
    let neg = b[9] & 0x80 != 0;
    let r = f80::from_i64(v.wrapping_abs());
    (r.with_sign(neg), 0)
}

/// FBSTP: rounds with `rc` and stores 18 BCD digits.
#[must_use]
pub fn to_bcd(v: F80, rc: Rounding) -> ([u8; 10], u16) {
    match v.class() {
        Class::Unsupported | Class::Nan | Class::Infinity => return (BCD_INDEFINITE, sw::IE),
        _ => {}
    }
    let (r, f) = f80::round_int(v, rc);
    let f = f & !sw::DE;
    let mag: u64 = if r.class() == Class::Zero {
        0
    } else {
        let (e, s) = unpack(r);
        let shift = BIAS + 63 - e;
        if !(0..64).contains(&shift) {
            return (BCD_INDEFINITE, sw::IE);
        }
        s >> shift
    };
    if mag >= 1_000_000_000_000_000_000 {
        return (BCD_INDEFINITE, sw::IE);
    }
    let mut out = [0u8; 10];
    let mut m = mag;
    for byte in out.iter_mut().take(9) {
        let lo = (m % 10) as u8;
        m /= 10;
        let hi = (m % 10) as u8;
        m /= 10;
        *byte = (hi << 4) | lo;
    }
    if v.sign() {
        out[9] = 0x80;
    }
    (out, f)
}
