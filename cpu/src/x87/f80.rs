//! A soft 80-bit extended-precision float.

/// An x87 80-bit register value: explicit-integer-bit significand and
/// sign+15-bit exponent, exactly as stored in memory by `fstp m80`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct F80 {
    pub signif: u64,
    pub se: u16,
}

impl F80 {
    pub const ZERO: F80 = F80 { signif: 0, se: 0 };
}
