//! x87 instruction dispatch.

use super::{X87, X87Env};
use crate::Fault;

pub fn execute(
    _x87: &mut X87,
    _insn: &iced_x86::Instruction,
    _ea: u32,
    _env: &mut impl X87Env,
) -> Result<(), Fault> {
    Err(Fault::InvalidOpcode)
}
