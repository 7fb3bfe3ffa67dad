//! A 128-bit-significand float used inside the transcendental instructions:
//! results are computed to about 125 bits and rounded once into the 80-bit
//! format, which gives the correctly rounded result except within ~2^-60 of
//! a rounding boundary.

use super::f80::{self, F80, Mode};

const BIAS: i32 = 16383;

/// `m * 2^(e - BIAS - 127)`; `m` has bit 127 set, or is 0 for zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bf {
    pub neg: bool,
    pub e: i32,
    pub m: u128,
}

impl Bf {
    pub const ZERO: Bf = Bf {
        neg: false,
        e: 0,
        m: 0,
    };
    pub const ONE: Bf = Bf {
        neg: false,
        e: BIAS,
        m: 1 << 127,
    };
    /// pi/2 to 128 bits.
    pub const PI_2: Bf = Bf {
        neg: false,
        e: BIAS,
        m: 0xC90FDAA2_2168C234_C4C6628B_80DC1CD1,
    };
    pub const PI: Bf = Bf {
        neg: false,
        e: BIAS + 1,
        m: 0xC90FDAA2_2168C234_C4C6628B_80DC1CD1,
    };
    pub const PI_4: Bf = Bf {
        neg: false,
        e: BIAS - 1,
        m: 0xC90FDAA2_2168C234_C4C6628B_80DC1CD1,
    };
    pub const LN2: Bf = Bf {
        neg: false,
        e: BIAS - 1,
        m: 0xB17217F7_D1CF79AB_C9E3B398_03F2F6AF,
    };
    pub const LOG2E: Bf = Bf {
        neg: false,
        e: BIAS,
        m: 0xB8AA3B29_5C17F0BB_BE87FED0_691D3E88,
    };

    /// Exact conversion of a finite register value (denormals normalized).
    #[must_use]
    pub fn from_f80(x: F80) -> Bf {
        if x.signif == 0 {
            return Bf {
                neg: x.sign(),
                ..Bf::ZERO
            };
        }
        let e = i32::from(x.exp()).max(1);
        let lz = x.signif.leading_zeros();
        Bf {
            neg: x.sign(),
            e: e - lz as i32,
            m: u128::from(x.signif << lz) << 64,
        }
    }

    #[must_use]
    pub fn from_int(v: i64) -> Bf {
        Bf::from_f80(f80::from_i64(v))
    }

    #[must_use]
    pub fn is_zero(self) -> bool {
        self.m == 0
    }

    fn norm(neg: bool, e: i32, m: u128) -> Bf {
        if m == 0 {
            return Bf { neg, ..Bf::ZERO };
        }
        let lz = m.leading_zeros();
        Bf {
            neg,
            e: e - lz as i32,
            m: m << lz,
        }
    }

    #[must_use]
    pub fn negate(self) -> Bf {
        Bf {
            neg: !self.neg,
            ..self
        }
    }
    #[must_use]
    pub fn abs(self) -> Bf {
        Bf { neg: false, ..self }
    }

    #[must_use]
    pub fn times(self, o: Bf) -> Bf {
        if self.is_zero() || o.is_zero() {
            return Bf {
                neg: self.neg ^ o.neg,
                ..Bf::ZERO
            };
        }
        let (ah, al) = (self.m >> 64, self.m & u128::from(u64::MAX));
        let (bh, bl) = (o.m >> 64, o.m & u128::from(u64::MAX));
        let hh = ah * bh;
        let hl = ah * bl;
        let lh = al * bh;
        let ll = al * bl;
        let mid = (hl & u128::from(u64::MAX)) + (lh & u128::from(u64::MAX)) + (ll >> 64);
        let hi = hh + (hl >> 64) + (lh >> 64) + (mid >> 64);
        let lo_top = mid << 64;
        // hi:lo is the 256-bit product; the value is (hi*2^128) * 2^(ea+eb-2BIAS-254).
        let (m, e) = if hi >> 127 == 1 {
            (hi, self.e + o.e - BIAS + 1)
        } else {
            ((hi << 1) | (lo_top >> 127), self.e + o.e - BIAS)
        };
        Bf {
            neg: self.neg ^ o.neg,
            e,
            m,
        }
    }

    #[must_use]
    pub fn plus(self, o: Bf) -> Bf {
        if o.is_zero() {
            return self;
        }
        if self.is_zero() {
            return o;
        }
        let (big, small) = if (self.e, self.m) >= (o.e, o.m) {
            (self, o)
        } else {
            (o, self)
        };
        let d = (big.e - small.e) as u32;
        if d >= 127 {
            return big;
        }
        // One guard bit of headroom for the carry.
        let x = big.m >> 1;
        let y = (small.m >> 1) >> d;
        if big.neg == small.neg {
            Bf::norm(big.neg, big.e + 1, x + y)
        } else {
            Bf::norm(big.neg, big.e + 1, x - y)
        }
    }

    #[must_use]
    pub fn minus(self, o: Bf) -> Bf {
        self.plus(o.negate())
    }

    /// Division by a small positive integer.
    #[must_use]
    pub fn div_small(self, k: u64) -> Bf {
        let k = u128::from(k.max(1));
        let q1 = self.m / k;
        let r = self.m % k;
        let q2 = (r << 64) / k;
        // q1:q2 is a 192-bit quotient (q1 has up to 128 bits); keep 128.
        let lz = q1.leading_zeros();
        let m = if lz == 0 {
            q1
        } else if lz >= 64 {
            (q1 << 64 | q2) << (lz - 64)
        } else {
            (q1 << lz) | (q2 >> (64 - lz))
        };
        Bf {
            neg: self.neg,
            e: self.e - lz as i32,
            m,
        }
    }

    /// self / o (o non-zero): a reciprocal from a 53-bit estimate refined
    /// by two Newton steps (each doubles the correct bits, up to ~125).
    #[must_use]
    pub fn over(self, o: Bf) -> Bf {
        if self.is_zero() || o.is_zero() {
            return Bf {
                neg: self.neg ^ o.neg,
                ..Bf::ZERO
            };
        }
        // o = m * 2^(e - BIAS - 127) with m/2^127 in [1, 2): estimate 1/(m/2^127).
        let d = (o.m >> 75) as f64 / (1u64 << 52) as f64;
        let est = 1.0 / d; // in (0.5, 1]
        let bits = (est * (1u64 << 63) as f64) as u64;
        let mut r = Bf::norm(false, BIAS + 64, u128::from(bits.max(1)));
        // o scaled to [1, 2).
        let unit = Bf {
            neg: false,
            e: BIAS,
            m: o.m,
        };
        let two = Bf {
            neg: false,
            e: BIAS + 1,
            m: 1 << 127,
        };
        for _ in 0..2 {
            r = r.times(two.minus(unit.times(r)));
        }
        // 1/o = r * 2^-(o.e - BIAS).
        r.e -= o.e - BIAS;
        let mut q = self.times(r);
        q.neg = self.neg ^ o.neg;
        q
    }

    /// Square root of a non-negative value (Newton on the quotient).
    #[must_use]
    pub fn sqrt(self) -> Bf {
        if self.is_zero() {
            return self;
        }
        let f = F80 {
            signif: (self.m >> 64) as u64,
            se: 0x3FFF,
        };
        let (s, _) = f80::sqrt(f, Mode::from_cw(0x37F));
        // Initial guess from the 64-bit root, scaled by 2^((e - BIAS)/2).
        let k = self.e - BIAS;
        let half = k.div_euclid(2);
        let mut g = Bf::from_f80(s);
        if k.rem_euclid(2) == 1 {
            g = g.times(Bf {
                neg: false,
                e: BIAS,
                m: 0xB504F333_F9DE6484_597D89B3_754ABE9F,
            });
        }
        g.e += half;
        for _ in 0..2 {
            g = g.plus(self.over(g));
            g.e -= 1;
        }
        g
    }

    /// Rounds into the register format with the control word's rounding,
    /// treating the value as inexact (`below`: the true value lies just below
    /// `self` in magnitude, else just above).
    #[must_use]
    pub fn round(self, cw: u16) -> (F80, u16) {
        if self.is_zero() {
            return (F80::zero(self.neg), 0);
        }
        f80::round_pack(self.neg, self.e, self.m | 1, Mode::ext(cw))
    }

    /// Rounds a value known to be a hair below (in magnitude) `self`.
    #[must_use]
    pub fn round_below(self, cw: u16) -> (F80, u16) {
        // m - 1 keeps bit 127 set for any normalized m other than 2^127;
        // for 2^127 the value just below lies in the binade under it.
        let (e, m) = if self.m == 1 << 127 {
            (self.e - 1, u128::MAX)
        } else {
            (self.e, self.m - 1)
        };
        f80::round_pack(self.neg, e, m, Mode::ext(cw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn val(b: Bf) -> f64 {
        let (f, _) = b.round(0x37F);
        let (bits, _) = f80::to_f64(f, 0x37F);
        f64::from_bits(bits)
    }

    #[test]
    #[allow(clippy::float_cmp)]
    fn arithmetic() {
        let two = Bf::ONE.plus(Bf::ONE);
        assert_eq!(val(two), 2.0);
        assert_eq!(val(two.times(two).plus(Bf::ONE)), 5.0);
        assert_eq!(
            val(Bf::ONE.over(two.plus(Bf::ONE)).times(two.plus(Bf::ONE))),
            1.0
        );
        assert_eq!(val(two.sqrt().times(two.sqrt())), 2.0);
        assert_eq!(val(Bf::from_int(9).sqrt()), 3.0);
        assert_eq!(val(Bf::ONE.div_small(3).times(Bf::from_int(3))), 1.0);
        assert_eq!(val(Bf::ONE.minus(two)), -1.0);
    }
}
