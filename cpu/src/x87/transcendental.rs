//! fsin/fcos/fsincos/fptan/fpatan/f2xm1/fyl2x/fyl2xp1 (SDM Vol. 2 for each;
//! Vol. 1, 8.3.10 "Transcendental instruction accuracy").

use super::X87;
use super::f80::{self, Class, F80, sw};
use iced_x86::Code;

/// The transcendental instructions operate on ST0 (and ST1).
pub fn execute(x: &mut X87, code: Code) {
    let _ = (x, code, f80::from_i64(0), Class::Zero, F80::ZERO, sw::IE);
}
