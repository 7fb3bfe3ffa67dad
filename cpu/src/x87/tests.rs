//! Behaviour tests that need no host oracle: unmasked exceptions and #MF
//! delivery, precise faults, and guest garbage never panicking.

use super::f80::sw;
use super::{X87, X87Env, execute};
use crate::{Access, Fault};
use iced_x86::{Decoder, DecoderOptions, Instruction};

struct Mem {
    bytes: Vec<u8>,
    eflags: u32,
    ax: u16,
}

impl X87Env for Mem {
    fn read(&mut self, addr: u32, buf: &mut [u8]) -> Result<(), Fault> {
        let a = addr as usize;
        let s = self.bytes.get(a..a + buf.len()).ok_or(Fault::Page {
            addr,
            access: Access::Read,
            present: false,
        })?;
        buf.copy_from_slice(s);
        Ok(())
    }
    fn write(&mut self, addr: u32, data: &[u8]) -> Result<(), Fault> {
        let a = addr as usize;
        let s = self.bytes.get_mut(a..a + data.len()).ok_or(Fault::Page {
            addr,
            access: Access::Write,
            present: false,
        })?;
        s.copy_from_slice(data);
        Ok(())
    }
    fn eflags(&self) -> u32 {
        self.eflags
    }
    fn set_zf_pf_cf(&mut self, zf: bool, pf: bool, cf: bool) {
        self.eflags = u32::from(cf) | (u32::from(pf) << 2) | (u32::from(zf) << 6);
    }
    fn set_ax(&mut self, ax: u16) {
        self.ax = ax;
    }
}

fn mem() -> Mem {
    Mem {
        bytes: vec![0; 0x1000],
        eflags: 0,
        ax: 0,
    }
}

fn decode(bytes: &[u8]) -> Instruction {
    Decoder::with_ip(32, bytes, 0x8000, DecoderOptions::NONE).decode()
}

/// Executes one instruction; memory operands are disp32 absolute.
fn run(x: &mut X87, m: &mut Mem, bytes: &[u8]) -> Result<(), Fault> {
    let i = decode(bytes);
    execute(x, &i, i.memory_displacement32(), m)
}

#[test]
fn unmasked_zero_divide_raises_mf_on_next_waiting_insn() {
    let mut x = X87::default();
    let mut m = mem();
    m.bytes[0x100..0x102].copy_from_slice(&0x037Bu16.to_le_bytes()); // ZE unmasked
    run(&mut x, &mut m, &[0xD9, 0x2D, 0, 1, 0, 0]).unwrap(); // fldcw [0x100]
    run(&mut x, &mut m, &[0xD9, 0xE8]).unwrap(); // fld1
    run(&mut x, &mut m, &[0xD9, 0xEE]).unwrap(); // fldz
    run(&mut x, &mut m, &[0xDE, 0xF9]).unwrap(); // fdivp st1, st0: 1/0
    assert_eq!(
        x.status & (sw::ZE | sw::ES | sw::B),
        sw::ZE | sw::ES | sw::B
    );
    // The destination and the stack are untouched (SDM Vol. 1, 8.5.3).
    assert_eq!(x.st(0), Some(super::F80::ZERO));
    assert_eq!(x.st(1), Some(super::F80::ONE));
    let before = x;
    assert_eq!(run(&mut x, &mut m, &[0xD8, 0xC1]), Err(Fault::X87)); // fadd
    assert_eq!(run(&mut x, &mut m, &[0x9B]), Err(Fault::X87)); // fwait
    assert_eq!(x, before);
    // Non-waiting control instructions still run; fnclex clears the state.
    run(&mut x, &mut m, &[0xDF, 0xE0]).unwrap(); // fnstsw ax
    assert_eq!(m.ax & sw::ES, sw::ES);
    run(&mut x, &mut m, &[0xDB, 0xE2]).unwrap(); // fnclex
    run(&mut x, &mut m, &[0xD8, 0xC1]).unwrap();
}

#[test]
fn unmasking_a_pending_exception_with_fldcw_sets_es() {
    let mut x = X87::default();
    let mut m = mem();
    run(&mut x, &mut m, &[0xD9, 0xEE]).unwrap(); // fldz
    run(&mut x, &mut m, &[0xD9, 0xEE]).unwrap(); // fldz
    run(&mut x, &mut m, &[0xDE, 0xF9]).unwrap(); // 0/0: IE, masked
    assert_eq!(x.status & (sw::IE | sw::ES), sw::IE);
    m.bytes[0x100..0x102].copy_from_slice(&0x037Eu16.to_le_bytes());
    run(&mut x, &mut m, &[0xD9, 0x2D, 0, 1, 0, 0]).unwrap(); // fldcw: IE unmasked
    assert_ne!(x.status & sw::ES, 0);
    assert_eq!(run(&mut x, &mut m, &[0xD9, 0xE8]), Err(Fault::X87));
}

#[test]
fn faulting_store_changes_nothing() {
    let mut x = X87::default();
    let mut m = mem();
    run(&mut x, &mut m, &[0xD9, 0xEB]).unwrap(); // fldpi
    let before = x;
    // fstp qword [0x10000]: outside the mock memory.
    let r = run(&mut x, &mut m, &[0xDD, 0x1D, 0, 0, 1, 0]);
    assert!(matches!(r, Err(Fault::Page { .. })));
    assert_eq!(x, before);
    // fnsave to a bad address does not reinitialize.
    let r = run(&mut x, &mut m, &[0xDD, 0x35, 0, 0, 1, 0]);
    assert!(matches!(r, Err(Fault::Page { .. })));
    assert_eq!(x, before);
}

#[test]
fn fnstenv_records_linux_pointers() {
    let mut x = X87::default();
    let mut m = mem();
    // Instruction bytes at the linear eip so FOP can be decoded.
    let code = [0xDD, 0x05, 0x40, 0, 0, 0]; // fld qword [0x40]
    m.bytes[0x800..0x806].copy_from_slice(&code);
    let i = Decoder::with_ip(32, &code, 0x800, DecoderOptions::NONE).decode();
    execute(&mut x, &i, 0x40, &mut m).unwrap();
    run(&mut x, &mut m, &[0xD9, 0x35, 0, 2, 0, 0]).unwrap(); // fnstenv [0x200]
    let e = super::env::EnvRepr::parse(&m.bytes[0x200..0x21C], true);
    assert_eq!(
        (e.fip, e.fcs, e.fop, e.fdp, e.fds),
        (0x800, 0x23, 0x505, 0x40, 0x2B)
    );
    assert_eq!(e.cw, 0x037F);
    // fnstenv masked all exceptions afterwards.
    assert_eq!(x.control & 0x3F, 0x3F);
}

#[test]
fn fcomi_and_fcmov() {
    let mut x = X87::default();
    let mut m = mem();
    run(&mut x, &mut m, &[0xD9, 0xE8]).unwrap(); // fld1
    run(&mut x, &mut m, &[0xD9, 0xEE]).unwrap(); // fldz: st0=0, st1=1
    run(&mut x, &mut m, &[0xDB, 0xF1]).unwrap(); // fcomi st0, st1
    assert_eq!(m.eflags, 1); // 0 < 1: CF
    run(&mut x, &mut m, &[0xDA, 0xC1]).unwrap(); // fcmovb st0, st1
    assert_eq!(x.st(0), Some(super::F80::ONE));
    run(&mut x, &mut m, &[0xDB, 0xE9]).unwrap(); // fucomi st0, st1: equal
    assert_eq!(m.eflags, 0x40);
    run(&mut x, &mut m, &[0xDA, 0xD1]).unwrap(); // fcmovu: PF clear, no move
}

#[test]
fn garbage_never_panics() {
    // Every x87 opcode byte with many ModR/M bytes, over random state and
    // memory: any result is fine, a panic is not.
    let mut seed = 0x1234_5678_9ABC_DEF1u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut m = mem();
    for b in &mut m.bytes {
        *b = next() as u8;
    }
    let mut x = X87::default();
    for round in 0..20_000u32 {
        let op = 0xD8 + (round % 8) as u8;
        let modrm = next() as u8;
        let bytes = [op, modrm, 0x10, 0x01, 0, 0, 0, 0];
        let i = decode(&bytes);
        if round % 97 == 0 {
            // Scramble the state as frstor of garbage would.
            for r in &mut x.regs {
                r.signif = next();
                r.se = next() as u16;
            }
            x.valid = next() as u8;
            x.top = next() as u8 & 7;
        }
        let ea = (next() % 0x1100) as u32;
        x.control |= 0x3F; // keep going past exceptions
        x.status &= !(sw::ES | sw::B);
        let _ = execute(&mut x, &i, ea, &mut m);
    }
}
