//! Differential tests against the host's real x87: each case runs the same
//! instruction bytes on the hardware (inline asm, 64-bit mode) and through
//! [`super::execute`], from the same control word and stack, and compares
//! ST0, ST1, the status word, the tag word and (for fcomi) EFLAGS bit for bit.
//!
//! Diagnostics: `SHOW=n` prints the first n mismatches of a failing case;
//! `SHOW_TYPICAL=1` prints the in-domain mismatches of the transcendental
//! agreement tests.

use super::f80::F80;
use super::{X87, X87Env};
use crate::Fault;
use iced_x86::{Decoder, DecoderOptions};

/// What one run leaves behind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Out {
    pub st0: [u8; 10],
    pub st1: [u8; 10],
    pub sw: u16,
    pub tw: u16,
    pub flags: u32,
    pub mem: [u8; 16],
}

/// Runs `fninit; fldcw cw; fld b; fld a; <insn>; fnstenv; fstp; fstp` on
/// the host. `$insn` is an Intel-syntax template that may use `{m}`, a
/// pointer to the 16-byte memory operand.
macro_rules! host_fn {
    ($name:ident, $insn:expr) => {
        fn $name(cw: u16, a: &[u8; 10], b: &[u8; 10], m: &[u8; 16]) -> Out {
            let mut o = Out {
                mem: *m,
                ..Out::default()
            };
            let mut env = [0u8; 28];
            let fl: u64;
            // SAFETY: every pointer is to a live local buffer of the size the
            // instruction accesses (2, 10, 10, <=16, 28, 10, 10 bytes); the
            // sequence starts and ends with fninit, so the x87 stack is empty
            // on exit as the ABI requires, and all exceptions stay masked
            // (the tests only vary RC and PC), so no #MF can fire.
            unsafe {
                core::arch::asm!(
                    "fninit",
                    "fldcw word ptr [{cw}]",
                    "fld tbyte ptr [{b}]",
                    "fld tbyte ptr [{a}]",
                    $insn,
                    "pushfq",
                    "pop {fl}",
                    "fnstenv [{env}]",
                    "fstp tbyte ptr [{r0}]",
                    "fstp tbyte ptr [{r1}]",
                    "fninit",
                    "# {m}",
                    cw = in(reg) &cw,
                    a = in(reg) a.as_ptr(),
                    b = in(reg) b.as_ptr(),
                    m = in(reg) o.mem.as_mut_ptr(),
                    env = in(reg) env.as_mut_ptr(),
                    r0 = in(reg) o.st0.as_mut_ptr(),
                    r1 = in(reg) o.st1.as_mut_ptr(),
                    fl = out(reg) fl,
                    out("st(0)") _, out("st(1)") _, out("st(2)") _, out("st(3)") _,
                    out("st(4)") _, out("st(5)") _, out("st(6)") _, out("st(7)") _,
                );
            }
            o.sw = u16::from_le_bytes([env[4], env[5]]);
            o.tw = u16::from_le_bytes([env[8], env[9]]);
            o.flags = fl as u32;
            o
        }
    };
}

struct Mock {
    mem: Vec<u8>,
    eflags: u32,
    ax: u16,
}

impl X87Env for Mock {
    fn read(&mut self, addr: u32, buf: &mut [u8]) -> Result<(), Fault> {
        let a = addr as usize;
        match self.mem.get(a..a + buf.len()) {
            Some(s) => {
                buf.copy_from_slice(s);
                Ok(())
            }
            None => Err(Fault::Page {
                addr,
                access: crate::Access::Read,
                present: false,
            }),
        }
    }
    fn write(&mut self, addr: u32, data: &[u8]) -> Result<(), Fault> {
        let a = addr as usize;
        match self.mem.get_mut(a..a + data.len()) {
            Some(s) => {
                s.copy_from_slice(data);
                Ok(())
            }
            None => Err(Fault::Page {
                addr,
                access: crate::Access::Write,
                present: false,
            }),
        }
    }
    fn eflags(&self) -> u32 {
        self.eflags
    }
    fn set_zf_pf_cf(&mut self, zf: bool, pf: bool, cf: bool) {
        self.eflags = (self.eflags & !0x8D5)
            | if zf { 0x40 } else { 0 }
            | if pf { 4 } else { 0 }
            | u32::from(cf);
    }
    fn set_ax(&mut self, ax: u16) {
        self.ax = ax;
    }
}

const CW: u32 = 0x100;
const A: u32 = 0x110;
const B: u32 = 0x120;
const ENV: u32 = 0x140;
const R0: u32 = 0x180;
const R1: u32 = 0x190;
/// The memory operand of the instruction under test (disp32 0x200).
pub const M: u32 = 0x200;

fn d32(op: &[u8], modrm_reg: u8, addr: u32) -> Vec<u8> {
    let mut v = op.to_vec();
    v.push((modrm_reg << 3) | 5);
    v.extend_from_slice(&addr.to_le_bytes());
    v
}

/// Runs the same sequence through the emulator; `insn` is the instruction
/// under test, with any memory operand at [`M`].
pub fn emu(cw: u16, a: &[u8; 10], b: &[u8; 10], m: &[u8; 16], insn: &[u8]) -> Out {
    let mut env = Mock {
        mem: vec![0; 0x400],
        eflags: 0x202,
        ax: 0,
    };
    let c = CW as usize;
    env.mem[c..c + 2].copy_from_slice(&cw.to_le_bytes());
    env.mem[A as usize..A as usize + 10].copy_from_slice(a);
    env.mem[B as usize..B as usize + 10].copy_from_slice(b);
    env.mem[M as usize..M as usize + 16].copy_from_slice(m);
    let mut code = vec![0xDB, 0xE3];
    code.extend(d32(&[0xD9], 5, CW));
    code.extend(d32(&[0xDB], 5, B));
    code.extend(d32(&[0xDB], 5, A));
    code.extend_from_slice(insn);
    code.extend(d32(&[0xD9], 6, ENV));
    code.extend(d32(&[0xDB], 7, R0));
    code.extend(d32(&[0xDB], 7, R1));
    let mut x = X87::default();
    let mut dec = Decoder::with_ip(32, &code, 0x1000, DecoderOptions::NONE);
    while dec.can_decode() {
        let i = dec.decode();
        let ea = if i.op_count() > 0
            && (0..i.op_count()).any(|k| i.op_kind(k) == iced_x86::OpKind::Memory)
        {
            i.memory_displacement32()
        } else {
            0
        };
        if let Err(e) = super::execute(&mut x, &i, ea, &mut env) {
            panic!("emulator fault {e:?} at {:?}", i.code());
        }
    }
    let mut o = Out {
        flags: env.eflags,
        ..Out::default()
    };
    let g = |a: u32, n: usize| env.mem[a as usize..a as usize + n].to_vec();
    o.st0.copy_from_slice(&g(R0, 10));
    o.st1.copy_from_slice(&g(R1, 10));
    o.mem.copy_from_slice(&g(M, 16));
    let e = g(ENV, 28);
    o.sw = u16::from_le_bytes([e[4], e[5]]);
    o.tw = u16::from_le_bytes([e[8], e[9]]);
    o
}

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn sig_pattern(r: &mut Rng) -> u64 {
    match r.below(8) {
        0 => 1 << 63,
        1 => u64::MAX,
        2 => (1 << 63) | r.below(1 << 12),
        3 => u64::MAX ^ r.below(1 << 12),
        4 => (1 << 63) | (r.next() & 0xFFFF_FF00_0000_0000),
        5 => (1 << 63) | (1 << r.below(63)),
        _ => r.next() | (1 << 63),
    }
}

/// An operand biased towards edge cases, with exponent near `near` when
/// given (so additions and comparisons interact).
pub fn operand(r: &mut Rng, near: Option<u16>) -> F80 {
    let sign = if r.below(2) == 0 { 0 } else { 0x8000 };
    let (sig, exp) = match r.below(24) {
        0 => (0, 0),
        1 => (r.next() >> (1 + r.below(63)), 0),
        2 => (r.next() | (1 << 63), 0),
        3 => (1 << 63, 0x7FFF),
        4 => ((3 << 62) | (r.next() >> 2 >> r.below(60)), 0x7FFF),
        5 => ((1 << 63) | (r.next() >> 2 >> r.below(60)) | 1, 0x7FFF),
        6 => (r.next() >> 1, 1 + r.below(0x7FFE) as u16),
        7..=9 => (sig_pattern(r), 1 + r.below(0x7FFE) as u16),
        10 | 11 => (sig_pattern(r), 1 + r.below(80) as u16),
        12 => (sig_pattern(r), 0x7FFE - r.below(80) as u16),
        _ => {
            let base = near.unwrap_or(0x3FFF);
            let e = i32::from(base) + r.below(140) as i32 - 70;
            (sig_pattern(r), e.clamp(1, 0x7FFE) as u16)
        }
    };
    F80 {
        signif: sig,
        se: exp | sign,
    }
}

/// A random control word with all exceptions masked.
pub fn control(r: &mut Rng) -> u16 {
    let pc = [0u16, 2, 3][r.below(3) as usize];
    0x007F | (pc << 8) | ((r.below(4) as u16) << 10)
}

pub fn show(o: &Out) -> String {
    format!(
        "st0={} st1={} sw={:04x} tw={:04x} fl={:x} mem={:02x?}",
        hex(&o.st0),
        hex(&o.st1),
        o.sw,
        o.tw,
        o.flags & 0x8D5,
        &o.mem[..10]
    )
}

pub fn hex(b: &[u8; 10]) -> String {
    let f = F80::from_bytes(*b);
    format!("{:04x}:{:016x}", f.se, f.signif)
}

/// Runs `n` random cases of one instruction both ways; returns mismatches.
pub fn differ(
    name: &str,
    host: fn(u16, &[u8; 10], &[u8; 10], &[u8; 16]) -> Out,
    insn: &[u8],
    n: usize,
    seed: u64,
    mem: &mut dyn FnMut(&mut Rng) -> [u8; 16],
    check_flags: bool,
) -> Vec<String> {
    let mut r = Rng::new(seed);
    let mut bad = Vec::new();
    for _ in 0..n {
        let cw = control(&mut r);
        let a = operand(&mut r, None);
        let near = if r.below(2) == 0 { Some(a.exp()) } else { None };
        let b = operand(&mut r, near);
        let m = mem(&mut r);
        let (ab, bb) = (a.to_bytes(), b.to_bytes());
        let h = host(cw, &ab, &bb, &m);
        let e = emu(cw, &ab, &bb, &m, insn);
        let same = h.st0 == e.st0
            && h.st1 == e.st1
            && h.sw == e.sw
            && h.tw == e.tw
            && h.mem == e.mem
            && (!check_flags || (h.flags & 0x45) == (e.flags & 0x45));
        if !same {
            bad.push(format!(
                "{name} cw={cw:04x} a={} b={} m={:02x?}\n  host {}\n  emu  {}",
                hex(&ab),
                hex(&bb),
                &m[..10],
                show(&h),
                show(&e)
            ));
        }
    }
    bad
}

fn no_mem(_: &mut Rng) -> [u8; 16] {
    [0; 16]
}

macro_rules! reg_case {
    ($test:ident, $host:ident, [$($b:expr),*], $n:expr, $flags:expr) => {
        host_fn!($host, concat!(".byte ", stringify!($($b),*)));
        #[test]
        fn $test() {
            let bad = differ(stringify!($test), $host, &[$($b),*], $n, 0x1234_5678 ^ line!() as u64, &mut no_mem, $flags);
            assert!(bad.is_empty(), "{} mismatches, first:\n{}", bad.len(), bad.iter().take(std::env::var("SHOW").ok().and_then(|s| s.parse().ok()).unwrap_or(6)).cloned().collect::<Vec<_>>().join("\n"));
        }
    };
}

reg_case!(fadd_st0_st1, h_fadd, [0xD8, 0xC1], 20000, false);
reg_case!(fsub_st0_st1, h_fsub, [0xD8, 0xE1], 20000, false);
reg_case!(fsubr_st0_st1, h_fsubr, [0xD8, 0xE9], 5000, false);
reg_case!(fmul_st0_st1, h_fmul, [0xD8, 0xC9], 20000, false);
reg_case!(fdiv_st0_st1, h_fdiv, [0xD8, 0xF1], 20000, false);
reg_case!(fdivr_st0_st1, h_fdivr, [0xD8, 0xF9], 5000, false);
reg_case!(faddp_st1, h_faddp, [0xDE, 0xC1], 3000, false);
reg_case!(fsubp_st1, h_fsubp, [0xDE, 0xE9], 3000, false);
reg_case!(fsubrp_st1, h_fsubrp, [0xDE, 0xE1], 3000, false);
reg_case!(fdivp_st1, h_fdivp, [0xDE, 0xF9], 3000, false);
reg_case!(fdivrp_st1, h_fdivrp, [0xDE, 0xF1], 3000, false);
reg_case!(fmul_st1_st0, h_fmul10, [0xDC, 0xC9], 3000, false);
reg_case!(fcom_st1, h_fcom, [0xD8, 0xD1], 10000, false);
reg_case!(fcomp_st1, h_fcomp, [0xD8, 0xD9], 3000, false);
reg_case!(fcompp, h_fcompp, [0xDE, 0xD9], 3000, false);
reg_case!(fucom_st1, h_fucom, [0xDD, 0xE1], 10000, false);
reg_case!(fucompp, h_fucompp, [0xDA, 0xE9], 3000, false);
reg_case!(fcomi_st1, h_fcomi, [0xDB, 0xF1], 10000, true);
reg_case!(fucomi_st1, h_fucomi, [0xDB, 0xE9], 10000, true);
reg_case!(fucomip_st1, h_fucomip, [0xDF, 0xE9], 3000, true);
reg_case!(fsqrt, h_fsqrt, [0xD9, 0xFA], 20000, false);
reg_case!(frndint, h_frndint, [0xD9, 0xFC], 20000, false);
reg_case!(fprem, h_fprem, [0xD9, 0xF8], 20000, false);
reg_case!(fprem1, h_fprem1, [0xD9, 0xF5], 20000, false);
reg_case!(fscale, h_fscale, [0xD9, 0xFD], 20000, false);
reg_case!(fxtract, h_fxtract, [0xD9, 0xF4], 5000, false);
reg_case!(ftst, h_ftst, [0xD9, 0xE4], 5000, false);
reg_case!(fxam, h_fxam, [0xD9, 0xE5], 5000, false);
reg_case!(fchs, h_fchs, [0xD9, 0xE0], 1000, false);
reg_case!(fabs, h_fabs, [0xD9, 0xE1], 1000, false);
reg_case!(fxch, h_fxch, [0xD9, 0xC9], 1000, false);
reg_case!(fld_st1, h_fld_st1, [0xD9, 0xC1], 1000, false);
reg_case!(fst_st1, h_fst_st1, [0xDD, 0xD1], 1000, false);
reg_case!(fstp_st1, h_fstp_st1, [0xDD, 0xD9], 1000, false);
reg_case!(ffree_st1, h_ffree, [0xDD, 0xC1], 200, false);
reg_case!(fincstp, h_fincstp, [0xD9, 0xF7], 200, false);
reg_case!(fdecstp, h_fdecstp, [0xD9, 0xF6], 200, false);
reg_case!(fldpi, h_fldpi, [0xD9, 0xEB], 400, false);
reg_case!(fldl2t, h_fldl2t, [0xD9, 0xE9], 400, false);
reg_case!(fldl2e, h_fldl2e, [0xD9, 0xEA], 400, false);
reg_case!(fldlg2, h_fldlg2, [0xD9, 0xEC], 400, false);
reg_case!(fldln2, h_fldln2, [0xD9, 0xED], 400, false);
reg_case!(fld1, h_fld1, [0xD9, 0xE8], 100, false);
reg_case!(fldz, h_fldz, [0xD9, 0xEE], 100, false);

/// Memory-operand forms: host template and the emulator's bytes (the
/// operand at disp32 [`M`]).
macro_rules! mem_case {
    ($test:ident, $host:ident, $asm:expr, [$($b:expr),*], $reg:expr, $n:expr, $gen:expr) => {
        host_fn!($host, $asm);
        #[test]
        fn $test() {
            let insn = d32(&[$($b),*], $reg, M);
            let bad = differ(stringify!($test), $host, &insn, $n, 0x9876_5432 ^ line!() as u64, &mut $gen, false);
            assert!(bad.is_empty(), "{} mismatches, first:\n{}", bad.len(), bad.iter().take(std::env::var("SHOW").ok().and_then(|s| s.parse().ok()).unwrap_or(6)).cloned().collect::<Vec<_>>().join("\n"));
        }
    };
}

fn mem_f32(r: &mut Rng) -> [u8; 16] {
    let mut m = [0u8; 16];
    let v: u32 = match r.below(6) {
        0 => r.next() as u32 & 0x807F_FFFF,
        1 => (r.next() as u32 & 0x807F_FFFF) | 0x7F80_0000,
        2 => (r.next() as u32 & 0x8000_0000) | 0x7F80_0000,
        _ => r.next() as u32,
    };
    m[..4].copy_from_slice(&v.to_le_bytes());
    m
}
fn mem_f64(r: &mut Rng) -> [u8; 16] {
    let mut m = [0u8; 16];
    let v: u64 = match r.below(6) {
        0 => r.next() & 0x800F_FFFF_FFFF_FFFF,
        1 => (r.next() & 0x800F_FFFF_FFFF_FFFF) | 0x7FF0_0000_0000_0000,
        2 => (r.next() & 0x8000_0000_0000_0000) | 0x7FF0_0000_0000_0000,
        3 => (r.next() & 0x800F_FFFF_FFFF_FFFF) | (0x3F0 + r.below(32)) << 52,
        _ => r.next(),
    };
    m[..8].copy_from_slice(&v.to_le_bytes());
    m
}
fn mem_int(r: &mut Rng) -> [u8; 16] {
    let mut m = [0u8; 16];
    let v: u64 = match r.below(4) {
        0 => r.next() >> r.below(64),
        1 => (r.next() >> r.below(64)).wrapping_neg(),
        2 => [0, 1, u64::MAX, 0x8000, 0x8000_0000, 1 << 63][r.below(6) as usize],
        _ => r.next(),
    };
    m[..8].copy_from_slice(&v.to_le_bytes());
    m
}
fn mem_bcd(r: &mut Rng) -> [u8; 16] {
    let mut m = [0u8; 16];
    for b in m.iter_mut().take(9) {
        *b = if r.below(16) == 0 {
            r.next() as u8
        } else {
            ((r.below(10) as u8) << 4) | r.below(10) as u8
        };
    }
    m[9] = if r.below(2) == 0 { 0 } else { 0x80 };
    m
}

mem_case!(
    fadd_m32,
    h_fadd_m32,
    "fadd dword ptr [{m}]",
    [0xD8],
    0,
    5000,
    mem_f32
);
mem_case!(
    fsub_m64,
    h_fsub_m64,
    "fsub qword ptr [{m}]",
    [0xDC],
    4,
    5000,
    mem_f64
);
mem_case!(
    fdivr_m64,
    h_fdivr_m64,
    "fdivr qword ptr [{m}]",
    [0xDC],
    7,
    3000,
    mem_f64
);
mem_case!(
    fcom_m64,
    h_fcom_m64,
    "fcom qword ptr [{m}]",
    [0xDC],
    2,
    3000,
    mem_f64
);
mem_case!(
    fiadd_m16,
    h_fiadd_m16,
    "fiadd word ptr [{m}]",
    [0xDE],
    0,
    3000,
    mem_int
);
mem_case!(
    fimul_m32,
    h_fimul_m32,
    "fimul dword ptr [{m}]",
    [0xDA],
    1,
    3000,
    mem_int
);
mem_case!(
    ficom_m32,
    h_ficom_m32,
    "ficom dword ptr [{m}]",
    [0xDA],
    2,
    3000,
    mem_int
);
mem_case!(
    fld_m32,
    h_fld_m32,
    "fld dword ptr [{m}]",
    [0xD9],
    0,
    5000,
    mem_f32
);
mem_case!(
    fld_m64,
    h_fld_m64,
    "fld qword ptr [{m}]",
    [0xDD],
    0,
    5000,
    mem_f64
);
mem_case!(
    fild_m16,
    h_fild_m16,
    "fild word ptr [{m}]",
    [0xDF],
    0,
    1000,
    mem_int
);
mem_case!(
    fild_m32,
    h_fild_m32,
    "fild dword ptr [{m}]",
    [0xDB],
    0,
    1000,
    mem_int
);
mem_case!(
    fild_m64,
    h_fild_m64,
    "fild qword ptr [{m}]",
    [0xDF],
    5,
    1000,
    mem_int
);
mem_case!(
    fbld,
    h_fbld,
    "fbld tbyte ptr [{m}]",
    [0xDF],
    4,
    3000,
    mem_bcd
);
mem_case!(
    fst_m32,
    h_fst_m32,
    "fst dword ptr [{m}]",
    [0xD9],
    2,
    20000,
    no_mem
);
mem_case!(
    fstp_m64,
    h_fstp_m64,
    "fstp qword ptr [{m}]",
    [0xDD],
    3,
    20000,
    no_mem
);
mem_case!(
    fistp_m16,
    h_fistp_m16,
    "fistp word ptr [{m}]",
    [0xDF],
    3,
    5000,
    no_mem
);
mem_case!(
    fist_m32,
    h_fist_m32,
    "fist dword ptr [{m}]",
    [0xDB],
    2,
    5000,
    no_mem
);
mem_case!(
    fistp_m64,
    h_fistp_m64,
    "fistp qword ptr [{m}]",
    [0xDF],
    7,
    5000,
    no_mem
);
mem_case!(
    fbstp,
    h_fbstp,
    "fbstp tbyte ptr [{m}]",
    [0xDF],
    6,
    5000,
    no_mem
);
mem_case!(
    fstp_m80,
    h_fstp_m80,
    "fstp tbyte ptr [{m}]",
    [0xDB],
    7,
    1000,
    no_mem
);
mem_case!(
    fnstsw_m,
    h_fnstsw,
    "fnstsw word ptr [{m}]",
    [0xDD],
    7,
    200,
    no_mem
);
mem_case!(
    fnstcw_m,
    h_fnstcw,
    "fnstcw word ptr [{m}]",
    [0xD9],
    7,
    200,
    no_mem
);

/// Operands in the instructions' documented domains, spread like real
/// arguments: |x| in [2^-12, 2^12) for the trigonometric functions and
/// fpatan, |x| <= 1 for f2xm1, |x| < 1 - sqrt(2)/2 for fyl2xp1, x > 0 for
/// fyl2x.
fn typical(r: &mut Rng, lo: u16, hi: u16, positive: bool) -> F80 {
    let sign = if positive || r.below(2) == 0 {
        0
    } else {
        0x8000
    };
    F80 {
        signif: r.next() | (1 << 63),
        se: (lo + r.below(u64::from(hi - lo)) as u16) | sign,
    }
}

/// Agreement of one transcendental instruction with the host over `n`
/// cases: (edge-case agreement, in-domain agreement) as fractions.
fn agreement(
    host: fn(u16, &[u8; 10], &[u8; 10], &[u8; 16]) -> Out,
    insn: &[u8],
    n: usize,
    domain: (u16, u16, bool),
) -> (f64, f64) {
    let edge = n - differ("edge", host, insn, n, 0xABCD ^ n as u64, &mut no_mem, false).len();
    let mut r = Rng::new(0x5EED ^ u64::from(insn[1]));
    let mut ok = 0;
    for _ in 0..n {
        let cw = 0x037F | ((r.below(4) as u16) << 10);
        let a = typical(&mut r, domain.0, domain.1, domain.2).to_bytes();
        let b = typical(&mut r, 0x3FF0, 0x4010, false).to_bytes();
        let m = [0u8; 16];
        let (h, e) = (host(cw, &a, &b, &m), emu(cw, &a, &b, &m, insn));
        if h == e {
            ok += 1;
        } else if std::env::var_os("SHOW_TYPICAL").is_some() {
            eprintln!(
                "cw={cw:04x} a={} b={}\n  host {}\n  emu  {}",
                hex(&a),
                hex(&b),
                show(&h),
                show(&e)
            );
        }
    }
    (edge as f64 / n as f64, f64::from(ok) / n as f64)
}

/// Transcendentals are not correctly rounded on hardware; these tests
/// measure bit-exact agreement (result, status word, tags) and fail when it
/// drops below what was measured when the test was written.
macro_rules! rate_case {
    ($test:ident, $host:ident, [$($b:expr),*], $domain:expr, $edge_min:expr, $typ_min:expr) => {
        host_fn!($host, concat!(".byte ", stringify!($($b),*)));
        #[test]
        fn $test() {
            let (edge, typ) = agreement($host, &[$($b),*], 4000, $domain);
            eprintln!("{}: edge cases {:.2}%, in-domain {:.2}%", stringify!($test), edge * 100.0, typ * 100.0);
            assert!(edge >= $edge_min && typ >= $typ_min, "agreement fell: {edge} {typ}");
        }
    };
}

rate_case!(
    fsin_rate,
    h_fsin,
    [0xD9, 0xFE],
    (0x3FF3, 0x400B, false),
    0.99,
    0.985
);
rate_case!(
    fcos_rate,
    h_fcos,
    [0xD9, 0xFF],
    (0x3FF3, 0x400B, false),
    0.99,
    0.985
);
rate_case!(
    fsincos_rate,
    h_fsincos,
    [0xD9, 0xFB],
    (0x3FF3, 0x400B, false),
    0.985,
    0.98
);
rate_case!(
    fptan_rate,
    h_fptan,
    [0xD9, 0xF2],
    (0x3FF3, 0x400B, false),
    0.8,
    0.955
);
rate_case!(
    fpatan_rate,
    h_fpatan,
    [0xD9, 0xF3],
    (0x3FF3, 0x400B, false),
    0.98,
    0.965
);
rate_case!(
    f2xm1_rate,
    h_f2xm1,
    [0xD9, 0xF0],
    (0x3FF3, 0x3FFF, false),
    0.985,
    0.955
);
rate_case!(
    fyl2x_rate,
    h_fyl2x,
    [0xD9, 0xF1],
    (0x3FF3, 0x400B, true),
    0.975,
    0.96
);
rate_case!(
    fyl2xp1_rate,
    h_fyl2xp1,
    [0xD9, 0xF9],
    (0x3FF3, 0x3FFD, false),
    0.955,
    0.945
);

/// Runs a raw program (whose memory operands are all `[ebx+disp8]`, which
/// encode the same in 32- and 64-bit mode) on the host with rbx pointing at
/// a 256-byte buffer, then `fnsave [rbx+0x80]`; returns the buffer.
macro_rules! host_prog {
    ($name:ident, [$($b:expr),*]) => {
        fn $name(init: &[u8; 256]) -> [u8; 256] {
            let mut buf = *init;
            // SAFETY: rbx is saved and restored around the program and points
            // at `buf` (256 bytes) while it runs; every memory operand of the
            // program is [rbx+disp8] with disp8 + size <= 0x80, and fnsave
            // writes 108 bytes at +0x80. The program never unmasks an
            // exception before a waiting instruction, and the trailing fninit
            // leaves the x87 stack empty as the ABI requires.
            unsafe {
                core::arch::asm!(
                    "push rbx",
                    "mov rbx, {p}",
                    "fninit",
                    $(concat!(".byte ", stringify!($b)),)*
                    "fnsave [rbx + 0x80]",
                    "fninit",
                    "pop rbx",
                    p = in(reg) buf.as_mut_ptr(),
                    out("st(0)") _, out("st(1)") _, out("st(2)") _, out("st(3)") _,
                    out("st(4)") _, out("st(5)") _, out("st(6)") _, out("st(7)") _,
                );
            }
            buf
        }
    };
}

/// The same program through the emulator (ebx = 0x100).
fn emu_prog(init: &[u8; 256], prog: &[u8]) -> [u8; 256] {
    let mut env = Mock {
        mem: vec![0; 0x400],
        eflags: 0x202,
        ax: 0,
    };
    env.mem[0x100..0x200].copy_from_slice(init);
    let mut code = vec![0xDB, 0xE3];
    code.extend_from_slice(prog);
    code.extend_from_slice(&[0xDD, 0xB3, 0x80, 0, 0, 0]); // fnsave [ebx+0x80]
    let mut x = X87::default();
    let mut dec = Decoder::with_ip(32, &code, 0x1000, DecoderOptions::NONE);
    while dec.can_decode() {
        let i = dec.decode();
        let ea = 0x100u32.wrapping_add(i.memory_displacement32());
        if let Err(e) = super::execute(&mut x, &i, ea, &mut env) {
            panic!("emulator fault {e:?} at {:?}", i.code());
        }
    }
    let mut out = [0u8; 256];
    out.copy_from_slice(&env.mem[0x100..0x200]);
    out
}

/// Blanks the instruction and operand pointers of an environment image at
/// `at` (they hold host addresses on the host).
fn mask_pointers(b: &mut [u8; 256], at: usize) {
    for byte in &mut b[at + 12..at + 28] {
        *byte = 0;
    }
}

/// Blanks the pointers of a 16-bit environment image at `at`.
fn mask_pointers16(b: &mut [u8; 256], at: usize) {
    for byte in &mut b[at + 6..at + 14] {
        *byte = 0;
    }
}

macro_rules! prog_case {
    ($test:ident, $host:ident, [$($b:expr),*], $envs:expr) => {
        prog_case!($test, $host, [$($b),*], $envs, []);
    };
    ($test:ident, $host:ident, [$($b:expr),*], $envs:expr, $envs16:expr) => {
        host_prog!($host, [$($b),*]);
        #[test]
        fn $test() {
            let mut r = Rng::new(0x77 ^ line!() as u64);
            for round in 0..50 {
                let mut init = [0u8; 256];
                for (i, b) in init.iter_mut().enumerate() {
                    *b = if round == 0 { i as u8 } else { r.next() as u8 };
                }
                // Keep any control word the program loads from +0x10 fully
                // masked, so no #MF can reach the host.
                init[0x10] |= 0x3F;
                init[0x00] |= 0x3F;
                let mut h = $host(&init);
                let mut e = emu_prog(&init, &[$($b),*]);
                for at in core::iter::once(0x80).chain($envs) {
                    mask_pointers(&mut h, at);
                    mask_pointers(&mut e, at);
                }
                for at in $envs16 {
                    mask_pointers16(&mut h, at);
                    mask_pointers16(&mut e, at);
                }
                assert_eq!(h.to_vec(), e.to_vec(), "round {round}\n host {:02x?}\n emu  {:02x?}", &h[..], &e[..]);
            }
        }
    };
}

// Nine pushes: the ninth overflows the stack.
prog_case!(
    stack_overflow,
    h_p_overflow,
    [
        0xD9, 0xE8, 0xD9, 0xEB, 0xD9, 0xE8, 0xD9, 0xEB, 0xD9, 0xE8, 0xD9, 0xEB, 0xD9, 0xE8, 0xD9,
        0xEB, 0xD9, 0xEA
    ],
    []
);
// Arithmetic, stores and compares on empty registers.
prog_case!(
    stack_underflow,
    h_p_underflow,
    [
        0xD8, 0xC1, 0xD9, 0xE8, 0xDC, 0xC2, 0xDD, 0x5B, 0x20, 0xDF, 0x5B, 0x28, 0xD9, 0xE4, 0xD9,
        0xE5, 0xDE, 0xD9, 0xD9, 0xC9
    ],
    []
);
// fld m80 of arbitrary bytes, fstp m80: every bit kept.
prog_case!(
    m80_round_trip,
    h_p_m80,
    [
        0xDB, 0x6B, 0x00, 0xDB, 0x6B, 0x0A, 0xDB, 0x7B, 0x30, 0xDB, 0x7B, 0x3A
    ],
    []
);
// fldcw of arbitrary bits (masks forced on), fnstcw, fnstsw, fnstenv.
prog_case!(
    control_words,
    h_p_cw,
    [
        0xD9, 0x6B, 0x10, 0xD9, 0xE8, 0xD9, 0x7B, 0x20, 0xDD, 0x7B, 0x22, 0xD9, 0x73, 0x40
    ],
    [0x40]
);
// fnstenv then fldenv of the image, with values and an empty slot.
prog_case!(
    env_round_trip,
    h_p_env,
    [
        0xD9, 0xE8, 0xD9, 0xEB, 0xDD, 0xC1, 0xD9, 0x73, 0x40, 0xD9, 0xE8, 0xD9, 0x63, 0x40
    ],
    [0x40]
);
// fnsave/frstor round trip; fnsave reinitializes.
prog_case!(
    save_restore,
    h_p_save,
    [
        0xDB, 0x6B, 0x00, 0xD9, 0xEB, 0xDD, 0x73, 0x10, 0xD9, 0xE8, 0xDD, 0x63, 0x10, 0xD9, 0xF7
    ],
    [0x10]
);
// ffree, fincstp, fdecstp, fxch with an empty register, ffreep.
prog_case!(
    tags_and_top,
    h_p_tags,
    [
        0xD9, 0xE8, 0xD9, 0xEE, 0xDD, 0xC1, 0xD9, 0xF6, 0xD9, 0xC9, 0xD9, 0xF7, 0xDF, 0xC0, 0xD9,
        0xE8
    ],
    []
);
// fldenv of arbitrary bytes (masks forced on), then fnstenv.
prog_case!(
    fldenv_garbage,
    h_p_fldenv,
    [0xD9, 0x63, 0x00, 0xD9, 0x73, 0x40],
    [0x00, 0x40]
);
// frstor of arbitrary bytes: tags recomputed, registers kept bit for bit.
prog_case!(frstor_garbage, h_p_frstor, [0xDD, 0x63, 0x00], [0x00]);
// fbstp/fbld and fistp/fild round trips of arbitrary m80 bytes.
prog_case!(
    bcd_and_int,
    h_p_bcd,
    [
        0xDB, 0x6B, 0x00, 0xD9, 0xC0, 0xDF, 0x73, 0x20, 0xDF, 0x63, 0x20, 0xDF, 0x7B, 0x30, 0xDF,
        0x6B, 0x30
    ],
    []
);

/// Programs run with exceptions unmasked: `fldcw [ebx+0x18]` (random masks,
/// RC and PC), `fldt [ebx+0x0a]`, `fldt [ebx+0x00]`, the instruction under
/// test, then only non-waiting instructions (fnsave, fninit), so the host
/// never takes #MF while the pending state is compared.
macro_rules! unmasked_case {
    ($test:ident, $host:ident, [$($b:expr),*]) => {
        host_prog!($host, [0xD9, 0x6B, 0x18, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x00, $($b),*]);
        #[test]
        fn $test() {
            let mut r = Rng::new(0x99 ^ line!() as u64);
            let mut bad = Vec::new();
            for round in 0..3000 {
                let mut init = [0u8; 256];
                for b in &mut init {
                    *b = r.next() as u8;
                }
                let a = operand(&mut r, None);
                let b = operand(&mut r, Some(a.exp()));
                init[..10].copy_from_slice(&a.to_bytes());
                init[10..20].copy_from_slice(&b.to_bytes());
                let cw = (control(&mut r) & !0x3F) | (r.next() as u16 & 0x3F);
                init[0x18..0x1A].copy_from_slice(&cw.to_le_bytes());
                let mut h = $host(&init);
                let mut e = emu_prog(&init, &[0xD9, 0x6B, 0x18, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x00, $($b),*]);
                mask_pointers(&mut h, 0x80);
                mask_pointers(&mut e, 0x80);
                // A suppressed operation may leave scratch bits in an empty
                // register on the host; empty registers hold no value.
                for v in [&mut h, &mut e] {
                    let tw = u16::from_le_bytes([v[0x88], v[0x89]]);
                    let top = (v[0x85] >> 3) & 7;
                    for i in 0..8usize {
                        let phys = (usize::from(top) + i) & 7;
                        if (tw >> (2 * phys)) & 3 == 3 {
                            v[0x9C + 10 * i..0xA6 + 10 * i].fill(0);
                        }
                    }
                }
                if h != e {
                    let f = |v: &[u8; 256]| format!("sw={:02x}{:02x} tw={:02x}{:02x} st0={} st1={} m={:02x?}",
                        v[0x85], v[0x84], v[0x89], v[0x88],
                        hex(&v[0x9C..0xA6].try_into().unwrap()), hex(&v[0xA6..0xB0].try_into().unwrap()), &v[0x20..0x2A]);
                    let diff: Vec<usize> = (0..256).filter(|&k| h[k] != e[k]).collect();
                    let st7 = |v: &[u8; 256]| hex(&v[0xE2..0xEC].try_into().unwrap());
                    bad.push(format!("round {round} cw={cw:04x} a={} b={} differing bytes {diff:x?}\n  host {} st7={}\n  emu  {} st7={}", hex(&a.to_bytes()), hex(&b.to_bytes()), f(&h), st7(&h), f(&e), st7(&e)));
                }
            }
            assert!(bad.is_empty(), "{} mismatches:\n{}", bad.len(), bad.iter().take(8).cloned().collect::<Vec<_>>().join("\n"));
        }
    };
}

unmasked_case!(unmasked_fadd, h_u_fadd, [0xD8, 0xC1]);
unmasked_case!(unmasked_fmul, h_u_fmul, [0xD8, 0xC9]);
unmasked_case!(unmasked_fdiv, h_u_fdiv, [0xD8, 0xF1]);
unmasked_case!(unmasked_fsqrt, h_u_fsqrt, [0xD9, 0xFA]);
unmasked_case!(unmasked_fscale, h_u_fscale, [0xD9, 0xFD]);
unmasked_case!(unmasked_fcom, h_u_fcom, [0xD8, 0xD1]);
unmasked_case!(unmasked_fstp_m64, h_u_fstp64, [0xDD, 0x5B, 0x20]);
unmasked_case!(unmasked_fst_m32, h_u_fst32, [0xD9, 0x53, 0x20]);
unmasked_case!(unmasked_fistp_m16, h_u_fistp16, [0xDF, 0x5B, 0x20]);
unmasked_case!(unmasked_fprem, h_u_fprem, [0xD9, 0xF8]);
unmasked_case!(unmasked_fsubr, h_u_fsubr, [0xD8, 0xE9]);
unmasked_case!(unmasked_fadd_m32, h_u_fadd_m32, [0xD8, 0x43, 0x20]);
unmasked_case!(unmasked_fdiv_m64, h_u_fdiv_m64, [0xDC, 0x73, 0x20]);
unmasked_case!(unmasked_fld_m32, h_u_fld_m32, [0xD9, 0x43, 0x20]);
unmasked_case!(unmasked_fld_m64, h_u_fld_m64, [0xDD, 0x43, 0x20]);
unmasked_case!(unmasked_fist_m32, h_u_fist32, [0xDB, 0x53, 0x20]);
unmasked_case!(unmasked_fbstp, h_u_fbstp, [0xDF, 0x73, 0x20]);
unmasked_case!(unmasked_frndint, h_u_frndint, [0xD9, 0xFC]);
unmasked_case!(unmasked_fxtract, h_u_fxtract, [0xD9, 0xF4]);
unmasked_case!(unmasked_fprem1, h_u_fprem1, [0xD9, 0xF5]);
unmasked_case!(unmasked_fucomi, h_u_fucomi, [0xDB, 0xE9]);
unmasked_case!(unmasked_fcompp, h_u_fcompp, [0xDE, 0xD9]);
unmasked_case!(unmasked_fstp_m80, h_u_fstp80, [0xDB, 0x7B, 0x20]);
unmasked_case!(unmasked_fld_st1, h_u_fld_st1, [0xD9, 0xC1]);
// The 16-bit (o16) forms: fnstenv/fldenv m14, fnsave/frstor m94.
prog_case!(
    env16_round_trip,
    h_p_env16,
    [
        0xD9, 0xE8, 0xD9, 0xEB, 0xDD, 0xC1, 0x66, 0xD9, 0x73, 0x40, 0xD9, 0xE8, 0x66, 0xD9, 0x63,
        0x40
    ],
    [],
    [0x40]
);
prog_case!(
    save16_restore,
    h_p_save16,
    [
        0xDB, 0x6B, 0x00, 0xD9, 0xEB, 0x66, 0xDD, 0x73, 0x10, 0xD9, 0xE8, 0x66, 0xDD, 0x63, 0x10,
        0xD9, 0xF7
    ],
    [],
    [0x10]
);
prog_case!(
    fldenv16_garbage,
    h_p_fldenv16,
    [0x66, 0xD9, 0x63, 0x00, 0x66, 0xD9, 0x73, 0x40],
    [],
    [0x00, 0x40]
);

mem_case!(
    fmul_m64,
    h_fmul_m64,
    "fmul qword ptr [{m}]",
    [0xDC],
    1,
    3000,
    mem_f64
);
mem_case!(
    fdiv_m32,
    h_fdiv_m32,
    "fdiv dword ptr [{m}]",
    [0xD8],
    6,
    3000,
    mem_f32
);
mem_case!(
    fsubr_m32,
    h_fsubr_m32,
    "fsubr dword ptr [{m}]",
    [0xD8],
    5,
    3000,
    mem_f32
);
mem_case!(
    fcomp_m32,
    h_fcomp_m32,
    "fcomp dword ptr [{m}]",
    [0xD8],
    3,
    3000,
    mem_f32
);
mem_case!(
    ficomp_m16,
    h_ficomp_m16,
    "ficomp word ptr [{m}]",
    [0xDE],
    3,
    2000,
    mem_int
);
mem_case!(
    fisub_m32,
    h_fisub_m32,
    "fisub dword ptr [{m}]",
    [0xDA],
    4,
    2000,
    mem_int
);
mem_case!(
    fidivr_m16,
    h_fidivr_m16,
    "fidivr word ptr [{m}]",
    [0xDE],
    7,
    2000,
    mem_int
);
mem_case!(
    fidiv_m32,
    h_fidiv_m32,
    "fidiv dword ptr [{m}]",
    [0xDA],
    6,
    2000,
    mem_int
);
mem_case!(
    fst_m64,
    h_fst_m64,
    "fst qword ptr [{m}]",
    [0xDD],
    2,
    5000,
    no_mem
);
mem_case!(
    fstp_m32,
    h_fstp_m32,
    "fstp dword ptr [{m}]",
    [0xD9],
    3,
    5000,
    no_mem
);
mem_case!(
    fist_m16,
    h_fist_m16,
    "fist word ptr [{m}]",
    [0xDF],
    2,
    3000,
    no_mem
);
mem_case!(
    fistp_m32,
    h_fistp_m32,
    "fistp dword ptr [{m}]",
    [0xDB],
    3,
    3000,
    no_mem
);
mem_case!(
    fld_m80,
    h_fld_m80,
    "fld tbyte ptr [{m}]",
    [0xDB],
    5,
    2000,
    mem_f64
);
reg_case!(fxch_st1_alias, h_fxch_dd, [0xDD, 0xC9], 300, false);
reg_case!(fcomip_st1, h_fcomip, [0xDF, 0xF1], 3000, true);
reg_case!(fucomp_st1, h_fucomp, [0xDD, 0xE9], 3000, false);
reg_case!(fmulp_st1, h_fmulp, [0xDE, 0xC9], 3000, false);
reg_case!(fsub_st1_st0, h_fsub10, [0xDC, 0xE9], 3000, false);
reg_case!(fsubr_st1_st0, h_fsubr10, [0xDC, 0xE1], 3000, false);
reg_case!(fdiv_st1_st0, h_fdiv10, [0xDC, 0xF9], 3000, false);
reg_case!(fdivr_st1_st0, h_fdivr10, [0xDC, 0xF1], 3000, false);
reg_case!(fcom_dcd0_alias, h_fcom_dc, [0xDC, 0xD1], 1000, false);
reg_case!(fcomp_ded0_alias, h_fcomp_de, [0xDE, 0xD1], 1000, false);
reg_case!(fstp_dfd0_alias, h_fstp_df, [0xDF, 0xD1], 300, false);
reg_case!(ffreep_st0, h_ffreep, [0xDF, 0xC0], 300, false);
reg_case!(fnop, h_fnop, [0xD9, 0xD0], 100, false);
reg_case!(fld_st0, h_fld_st0, [0xD9, 0xC0], 300, false);
reg_case!(fadd_st0_st0, h_fadd00, [0xD8, 0xC0], 3000, false);
// Random register/stack instruction sequences (generated, seed 87).
prog_case!(
    seq_00,
    h_seq_00,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x00, 0xDE, 0xEF, 0xD9, 0xCD, 0xD8, 0xFD,
        0xD8, 0xC4, 0xDD, 0xC1, 0xDD, 0x5B, 0x70, 0xDF, 0x7B, 0x78, 0xD8, 0xE3, 0xDE, 0xE2, 0xD8,
        0xEC, 0xD8, 0xCC, 0xDB, 0xEE, 0xD9, 0xC7, 0xDC, 0xFD
    ],
    []
);
prog_case!(
    seq_01,
    h_seq_01,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x14, 0xD8, 0xD4, 0xD8, 0xF4, 0xD9, 0xC8,
        0xDE, 0xE4, 0xD8, 0xD8, 0xD8, 0xF8, 0xDE, 0xFC, 0xDC, 0xF6, 0xDE, 0xE9, 0xD9, 0xC2, 0xDD,
        0xC4, 0xDE, 0xFC, 0xDE, 0xC5, 0xDE, 0xC7
    ],
    []
);
prog_case!(
    seq_02,
    h_seq_02,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x14, 0xDB, 0x6B, 0x0A, 0xD8, 0xF8, 0xDE,
        0xE3, 0xDD, 0xD3, 0xDE, 0xC5, 0xDF, 0xF4, 0xDC, 0xCE, 0xDF, 0x7B, 0x78, 0xDE, 0xCD, 0xD9,
        0xC8, 0xDC, 0xFD, 0xDC, 0xC8, 0xD8, 0xC2, 0xD8, 0xC0, 0xDD, 0x5B, 0x70
    ],
    []
);
prog_case!(
    seq_03,
    h_seq_03,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x14, 0xDB, 0x6B, 0x14, 0xDE, 0xC5, 0xDD, 0xD0, 0xDD, 0xD6,
        0xD9, 0xC8, 0xDC, 0xED, 0xDC, 0xE6, 0xDC, 0xF6, 0xDE, 0xFB, 0xDB, 0x7B, 0x4A, 0xDC, 0xCC,
        0xDD, 0xE4, 0xDC, 0xF7, 0xDE, 0xE6, 0xDC, 0xE9
    ],
    []
);
prog_case!(
    seq_04,
    h_seq_04,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x00, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x00, 0xDD, 0xDE, 0xD8,
        0xF4, 0xD8, 0xE9, 0xDD, 0x5B, 0x70, 0xDB, 0x6B, 0x14, 0xD8, 0xC1, 0xDC, 0xEB, 0xDC, 0xCB,
        0xD8, 0xF5, 0xD8, 0xCF, 0xDE, 0xF7, 0xDC, 0xE8, 0xDF, 0xF1, 0xDD, 0xDB
    ],
    []
);
prog_case!(
    seq_05,
    h_seq_05,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x14, 0xDB, 0x6B, 0x00,
        0xDE, 0xE7, 0xDC, 0xE8, 0xDE, 0xCC, 0xD8, 0xFA, 0xD8, 0xE6, 0xD8, 0xED, 0xD8, 0xD3, 0xDD,
        0x5B, 0x70, 0xDC, 0xC1, 0xD9, 0xC3, 0xD8, 0xF3, 0xDE, 0xE4, 0xD8, 0xC3, 0xDB, 0x7B, 0x4A
    ],
    []
);
prog_case!(
    seq_06,
    h_seq_06,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x00, 0xDB, 0x6B, 0x1E,
        0xDF, 0x7B, 0x78, 0xDF, 0xF7, 0xD8, 0xFD, 0xDE, 0xE1, 0xDD, 0xC4, 0xDD, 0xE3, 0xD8, 0xCF,
        0xDF, 0x7B, 0x78, 0xD8, 0xC7, 0xDE, 0xEE, 0xDE, 0xF9, 0xD8, 0xEA, 0xD8, 0xCD, 0xDC, 0xE1
    ],
    []
);
prog_case!(
    seq_07,
    h_seq_07,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x00, 0xDB, 0x6B, 0x14, 0xDB, 0x6B, 0x0A, 0xDC, 0xE3, 0xDC,
        0xE9, 0xDC, 0xF7, 0xDB, 0x7B, 0x40, 0xDD, 0xD6, 0xDD, 0x5B, 0x70, 0xDC, 0xCF, 0xDC, 0xE3,
        0xDE, 0xEF, 0xDB, 0x7B, 0x40, 0xDB, 0x6B, 0x1E, 0xD8, 0xC0, 0xDC, 0xF5, 0xDE, 0xFB
    ],
    []
);
prog_case!(
    seq_08,
    h_seq_08,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x14, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x14, 0xD9, 0xC2, 0xDD,
        0xD8, 0xD9, 0xCC, 0xDC, 0xCC, 0xD9, 0xE5, 0xDE, 0xE5, 0xDF, 0x7B, 0x78, 0xDC, 0xF5, 0xD8,
        0xF5, 0xD8, 0xEE, 0xDF, 0xF6, 0xDB, 0xE8, 0xDD, 0x5B, 0x70, 0xD8, 0xEE
    ],
    []
);
prog_case!(
    seq_09,
    h_seq_09,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x14, 0xDE, 0xC6, 0xDF, 0x7B, 0x78, 0xDB,
        0x7B, 0x40, 0xD8, 0xF8, 0xDE, 0xFE, 0xDE, 0xF9, 0xD8, 0xF8, 0xDE, 0xF7, 0xDD, 0x5B, 0x70,
        0xD8, 0xD5, 0xDD, 0xE7, 0xD8, 0xFE, 0xD8, 0xFB, 0xDE, 0xE1
    ],
    []
);
prog_case!(
    seq_10,
    h_seq_10,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x14, 0xDB, 0x6B, 0x0A, 0xDF, 0x7B, 0x78, 0xDC, 0xE6, 0xDB,
        0xEC, 0xDE, 0xF2, 0xDC, 0xCB, 0xDE, 0xED, 0xD8, 0xE9, 0xDE, 0xF7, 0xDB, 0x6B, 0x1E, 0xDC,
        0xC2, 0xDC, 0xF2, 0xDE, 0xE1, 0xDF, 0xF7, 0xDB, 0x6B, 0x0A
    ],
    []
);
prog_case!(
    seq_11,
    h_seq_11,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x14, 0xDB, 0x6B, 0x14, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x1E,
        0xD9, 0xC3, 0xDC, 0xC9, 0xDD, 0xC4, 0xDD, 0xDD, 0xDC, 0xE5, 0xD8, 0xD0, 0xD9, 0xCA, 0xDC,
        0xC9, 0xD9, 0xF4, 0xDD, 0xE2, 0xDC, 0xFD, 0xDE, 0xEB, 0xDD, 0x5B, 0x70, 0xD9, 0xCA
    ],
    []
);
prog_case!(
    seq_12,
    h_seq_12,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x00, 0xDC, 0xF2, 0xDD, 0xD2, 0xDE, 0xE9,
        0xD8, 0xCE, 0xDF, 0x7B, 0x78, 0xD8, 0xD5, 0xDF, 0x7B, 0x78, 0xDE, 0xCA, 0xD8, 0xFC, 0xD8,
        0xD8, 0xDD, 0xD2, 0xD8, 0xED, 0xDD, 0x5B, 0x70, 0xDF, 0xF6
    ],
    []
);
prog_case!(
    seq_13,
    h_seq_13,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x14, 0xDB, 0x6B, 0x00, 0xDB, 0x6B, 0x00, 0xDB, 0x6B, 0x14,
        0xDC, 0xFE, 0xD9, 0xC9, 0xDD, 0xC1, 0xD8, 0xD4, 0xDC, 0xEF, 0xDD, 0xC0, 0xD8, 0xC6, 0xDD,
        0xC7, 0xDB, 0x7B, 0x4A, 0xDE, 0xC2, 0xDD, 0xD7, 0xDE, 0xF3, 0xDC, 0xC3, 0xD8, 0xD5
    ],
    []
);
prog_case!(
    seq_14,
    h_seq_14,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x14, 0xDC, 0xCF, 0xDB, 0x7B, 0x4A, 0xDE,
        0xFD, 0xDE, 0xFE, 0xDC, 0xF8, 0xDD, 0xC4, 0xD8, 0xC3, 0xD8, 0xD3, 0xD8, 0xC2, 0xDD, 0xD8,
        0xDE, 0xE1, 0xDC, 0xFC, 0xD9, 0xC6, 0xD9, 0xCB
    ],
    []
);
prog_case!(
    seq_15,
    h_seq_15,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x00, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x00, 0xD8, 0xC0, 0xDE,
        0xFE, 0xD8, 0xF6, 0xDD, 0xD1, 0xDD, 0xE3, 0xDF, 0xF0, 0xDE, 0xC9, 0xDF, 0x7B, 0x78, 0xD9,
        0xCA, 0xDE, 0xFD, 0xDE, 0xC9, 0xDC, 0xE3, 0xDF, 0xF1, 0xDE, 0xE2
    ],
    []
);
prog_case!(
    seq_16,
    h_seq_16,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x14, 0xDD, 0xE3, 0xDC, 0xC2, 0xDE, 0xEA,
        0xDC, 0xE3, 0xDF, 0x7B, 0x78, 0xDB, 0x7B, 0x4A, 0xD9, 0xCF, 0xDE, 0xF1, 0xD8, 0xEB, 0xDF,
        0xF7, 0xDD, 0xDB, 0xD9, 0xC6, 0xD8, 0xCA, 0xD8, 0xF1
    ],
    []
);
prog_case!(
    seq_17,
    h_seq_17,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x1E, 0xDE, 0xCC, 0xDE, 0xF1, 0xDE, 0xE3,
        0xDB, 0x6B, 0x1E, 0xDC, 0xE2, 0xDC, 0xC0, 0xDD, 0xD4, 0xDC, 0xC8, 0xDD, 0xD9, 0xD8, 0xD8,
        0xD8, 0xF5, 0xDC, 0xE9, 0xD8, 0xF6, 0xDC, 0xEE
    ],
    []
);
prog_case!(
    seq_18,
    h_seq_18,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x14, 0xD8, 0xE8, 0xDE, 0xE3, 0xD8, 0xF5,
        0xD9, 0xF4, 0xDE, 0xC4, 0xD8, 0xE6, 0xDE, 0xEA, 0xDB, 0x6B, 0x0A, 0xDD, 0xDF, 0xD9, 0xC7,
        0xDE, 0xC3, 0xDC, 0xC0, 0xDE, 0xCB, 0xDC, 0xE0
    ],
    []
);
prog_case!(
    seq_19,
    h_seq_19,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x00, 0xDB, 0x6B, 0x0A,
        0xDC, 0xF3, 0xDF, 0x7B, 0x78, 0xD8, 0xF1, 0xDC, 0xED, 0xDB, 0xEB, 0xDD, 0xC6, 0xD8, 0xDA,
        0xD9, 0xC7, 0xDF, 0x7B, 0x78, 0xD9, 0xFA, 0xD9, 0xCB, 0xDE, 0xCF, 0xD8, 0xF8, 0xDC, 0xEE
    ],
    []
);
prog_case!(
    seq_20,
    h_seq_20,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x14, 0xDD, 0xC5, 0xDD,
        0x5B, 0x70, 0xD8, 0xFB, 0xDE, 0xE7, 0xDB, 0xEA, 0xD9, 0xCB, 0xDB, 0xEB, 0xDE, 0xC6, 0xDD,
        0xE1, 0xDD, 0xE1, 0xDE, 0xF9, 0xD8, 0xE9, 0xDC, 0xFB, 0xDE, 0xF2
    ],
    []
);
prog_case!(
    seq_21,
    h_seq_21,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x14, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x00, 0xDB, 0x6B, 0x00,
        0xD9, 0xFC, 0xD8, 0xDD, 0xD9, 0xC1, 0xDB, 0x7B, 0x4A, 0xDE, 0xF6, 0xD8, 0xD5, 0xD8, 0xF1,
        0xDD, 0xC3, 0xDC, 0xF6, 0xDE, 0xC7, 0xD8, 0xCD, 0xD8, 0xDB, 0xD8, 0xCC, 0xDF, 0xF7
    ],
    []
);
prog_case!(
    seq_22,
    h_seq_22,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x1E, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x00, 0xDB, 0x6B, 0x0A,
        0xD8, 0xE9, 0xD8, 0xCA, 0xD8, 0xF9, 0xDE, 0xEC, 0xD9, 0xEB, 0xD8, 0xFE, 0xD8, 0xE5, 0xDE,
        0xFB, 0xD8, 0xC8, 0xDE, 0xC5, 0xDD, 0xE1, 0xDE, 0xF9, 0xD8, 0xCB, 0xDC, 0xC2
    ],
    []
);
prog_case!(
    seq_23,
    h_seq_23,
    [
        0xD9, 0x6B, 0x10, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x0A, 0xDB, 0x6B, 0x00, 0xDC, 0xCF, 0xD8,
        0xC2, 0xDD, 0xE6, 0xD8, 0xFA, 0xDD, 0xC4, 0xDE, 0xF2, 0xDD, 0xDD, 0xD8, 0xC1, 0xDD, 0xC1,
        0xD8, 0xC3, 0xDC, 0xF8, 0xDC, 0xCF, 0xDC, 0xE5, 0xDE, 0xEC
    ],
    []
);
