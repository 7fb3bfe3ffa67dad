//! The fnstenv/fldenv/fnsave/frstor memory images in protected mode (SDM
//! Vol. 1, 8.1.10 "Saving the x87 FPU's state", figures 8-9 and 8-10): a
//! typed view over the 28-byte (32-bit operand size) and 14-byte (16-bit)
//! environment. fnsave/frstor append ST(0)..ST(7), 10 bytes each.

use super::exec::FOP_LAZY;
use super::f80::{Class, F80};
use super::{X87, X87Env};

/// Byte ranges of the 32-bit protected-mode environment.
mod field32 {
    pub const CW: usize = 0;
    pub const SW: usize = 4;
    pub const TW: usize = 8;
    pub const FIP: usize = 12;
    pub const FCS: usize = 16;
    pub const FOP: usize = 18;
    pub const FDP: usize = 20;
    pub const FDS: usize = 24;
}

/// Byte ranges of the 16-bit protected-mode environment.
mod field16 {
    pub const CW: usize = 0;
    pub const SW: usize = 2;
    pub const TW: usize = 4;
    pub const FIP: usize = 6;
    pub const FCS: usize = 8;
    pub const FDP: usize = 10;
    pub const FDS: usize = 12;
}

/// The environment as plain fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EnvRepr {
    pub cw: u16,
    pub sw: u16,
    pub tw: u16,
    pub fip: u32,
    pub fcs: u16,
    pub fop: u16,
    pub fdp: u32,
    pub fds: u16,
}

/// The value hardware writes in the reserved upper halves of the 32-bit
/// image's CW/SW/TW/FDS words.
const RESERVED: u16 = 0xFFFF;

fn get16(b: &[u8], at: usize) -> u16 {
    match b.get(at..at + 2) {
        Some(s) => u16::from_le_bytes([s[0], s[1]]),
        None => 0,
    }
}
fn get32(b: &[u8], at: usize) -> u32 {
    match b.get(at..at + 4) {
        Some(s) => u32::from_le_bytes([s[0], s[1], s[2], s[3]]),
        None => 0,
    }
}
fn put(b: &mut [u8], at: usize, v: &[u8]) {
    if let Some(s) = b.get_mut(at..at + v.len()) {
        s.copy_from_slice(v);
    }
}

impl EnvRepr {
    /// Parses an image; a short buffer reads as zeros (never panics).
    #[must_use]
    pub fn parse(b: &[u8], wide: bool) -> Self {
        if wide {
            use field32::*;
            Self {
                cw: get16(b, CW),
                sw: get16(b, SW),
                tw: get16(b, TW),
                fip: get32(b, FIP),
                fcs: get16(b, FCS),
                fop: get16(b, FOP) & 0x7FF,
                fdp: get32(b, FDP),
                fds: get16(b, FDS),
            }
        } else {
            use field16::*;
            Self {
                cw: get16(b, CW),
                sw: get16(b, SW),
                tw: get16(b, TW),
                fip: get16(b, FIP).into(),
                fcs: get16(b, FCS),
                fop: 0,
                fdp: get16(b, FDP).into(),
                fds: get16(b, FDS),
            }
        }
    }
    /// Writes the image into `b` (28 or 14 bytes).
    pub fn emit(&self, b: &mut [u8], wide: bool) {
        if wide {
            use field32::*;
            put(b, CW, &self.cw.to_le_bytes());
            put(b, CW + 2, &RESERVED.to_le_bytes());
            put(b, SW, &self.sw.to_le_bytes());
            put(b, SW + 2, &RESERVED.to_le_bytes());
            put(b, TW, &self.tw.to_le_bytes());
            put(b, TW + 2, &RESERVED.to_le_bytes());
            put(b, FIP, &self.fip.to_le_bytes());
            put(b, FCS, &self.fcs.to_le_bytes());
            put(b, FOP, &(self.fop & 0x7FF).to_le_bytes());
            put(b, FDP, &self.fdp.to_le_bytes());
            put(b, FDS, &self.fds.to_le_bytes());
            put(b, FDS + 2, &RESERVED.to_le_bytes());
        } else {
            use field16::*;
            put(b, CW, &self.cw.to_le_bytes());
            put(b, SW, &self.sw.to_le_bytes());
            put(b, TW, &self.tw.to_le_bytes());
            put(b, FIP, &(self.fip as u16).to_le_bytes());
            put(b, FCS, &self.fcs.to_le_bytes());
            put(b, FDP, &(self.fdp as u16).to_le_bytes());
            put(b, FDS, &self.fds.to_le_bytes());
        }
    }
}

/// An environment image ready to be written (28 or 14 bytes).
pub struct EnvImage {
    buf: [u8; 28],
    len: usize,
}

impl EnvImage {
    #[must_use]
    pub fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// The full tag word, computed from register contents (SDM Vol. 1, 8.1.7):
/// 00 valid, 01 zero, 10 special, 11 empty; two bits per physical register.
#[must_use]
pub fn tag_word(x: &X87) -> u16 {
    let mut tw = 0u16;
    for (p, r) in x.regs.iter().enumerate() {
        let t = if x.valid & (1 << p) == 0 {
            3
        } else {
            match r.class() {
                Class::Normal => 0,
                Class::Zero => 1,
                _ => 2,
            }
        };
        tw |= t << (2 * p);
    }
    tw
}

/// FOP: the low 11 bits of the opcode (first opcode byte's low 3 bits, then
/// the ModR/M byte), decoded from the instruction bytes at FIP when it was
/// recorded lazily.
fn fop(x: &X87, env: &mut impl X87Env) -> u16 {
    if x.fop & FOP_LAZY == 0 {
        return x.fop;
    }
    let mut b = [0u8; 16];
    let mut n = 16;
    while n > 0 && env.read(x.fip, &mut b[..n]).is_err() {
        n /= 2;
    }
    let mut i = 0;
    while i + 1 < n
        && matches!(
            b[i],
            0x66 | 0x67 | 0x26 | 0x2E | 0x36 | 0x3E | 0x64 | 0x65 | 0xF0 | 0xF2 | 0xF3 | 0x9B
        )
    {
        i += 1;
    }
    if i + 1 < n && (0xD8..=0xDF).contains(&b[i]) {
        (u16::from(b[i] & 7) << 8) | u16::from(b[i + 1])
    } else {
        0
    }
}

/// The environment image of `x` (fnstenv, and the head of fnsave).
pub fn store_env(x: &X87, wide: bool, env: &mut impl X87Env) -> EnvImage {
    let repr = EnvRepr {
        cw: x.control,
        sw: x.status_word(),
        tw: tag_word(x),
        fip: x.fip,
        fcs: x.fcs,
        fop: fop(x, env),
        fdp: x.fdp,
        fds: x.fds,
    };
    let mut img = EnvImage {
        buf: [0; 28],
        len: if wide { 28 } else { 14 },
    };
    repr.emit(&mut img.buf, wide);
    img
}

/// Loads an environment image (fldenv, the head of frstor). Any bit
/// pattern is accepted: tags other than "empty" are recomputed from the
/// register contents, as hardware does.
pub fn load_env(x: &mut X87, wide: bool, b: &[u8]) {
    let r = EnvRepr::parse(b, wide);
    x.control = canonical_cw(r.cw);
    x.top = ((r.sw >> 11) & 7) as u8;
    x.status = r.sw & !0x3800;
    x.valid = 0;
    for p in 0..8 {
        if (r.tw >> (2 * p)) & 3 != 3 {
            x.valid |= 1 << p;
        }
    }
    x.fip = r.fip;
    x.fcs = r.fcs;
    x.fop = r.fop;
    x.fdp = r.fdp;
    x.fds = r.fds;
    x.update_es();
}

/// The control word as the FPU keeps it: bit 6 reads as 1, bits 7 and
/// 13-15 as 0 (measured on the host; SDM Vol. 1, figure 8-6 marks them
/// reserved).
#[must_use]
pub fn canonical_cw(cw: u16) -> u16 {
    (cw & 0x1F3F) | 0x0040
}

/// The fnsave image of `x` (94 or 108 bytes, the length is returned): the
/// environment, then ST(0)..ST(7). Also what a signal frame's `_fpstate`
/// starts with (Linux `arch/x86/include/uapi/asm/sigcontext.h`).
pub fn save_image(x: &X87, wide: bool, env: &mut impl X87Env) -> ([u8; 108], usize) {
    let img = store_env(x, wide, env);
    let n = img.as_slice().len();
    let mut buf = [0u8; 108];
    buf[..n].copy_from_slice(img.as_slice());
    for i in 0..8 {
        let r = x.regs[(usize::from(x.top) + i) & 7].to_bytes();
        buf[n + 10 * i..n + 10 * i + 10].copy_from_slice(&r);
    }
    (buf, n + 80)
}

/// Loads an frstor image (any bytes are accepted; a short buffer reads as
/// zeros).
pub fn restore_image(x: &mut X87, wide: bool, b: &[u8]) {
    let n = if wide { 28 } else { 14 };
    load_env(x, wide, b.get(..n).unwrap_or(b));
    for i in 0..8 {
        let mut r = [0u8; 10];
        if let Some(src) = b.get(n + 10 * i..n + 10 * i + 10) {
            r.copy_from_slice(src);
        }
        x.regs[(usize::from(x.top) + i) & 7] = F80::from_bytes(r);
    }
}
