//! x87 instruction dispatch: one arm per iced-x86 `Code` (SDM Vol. 2 for each
//! instruction; Vol. 1, 8.5 "x87 FPU floating-point exception conditions"
//! for the masked responses).
//!
//! Every instruction first computes its results and flags, then performs its
//! memory write (which may fault), and only then commits registers, TOP and
//! the status word, so a faulting store leaves the FPU untouched.

use super::f80::{self, Class, F80, Mode, Order, sw};
use super::{X87, X87Env, env, special, transcendental as tr};
use crate::Fault;
use iced_x86::{Code, Instruction, Register};

/// The user selectors as fnstenv/fnsave images show them (FCS, FDS).
pub const USER_CS: u16 = crate::state::USER_CS;
pub const USER_DS: u16 = crate::state::USER_DS;

/// The sentinel bit in `X87::fop` meaning "decode the opcode lazily from
/// the instruction bytes at `fip`" (real FOP values have 11 bits).
pub const FOP_LAZY: u16 = 0x8000;

impl X87 {
    fn phys(&self, i: usize) -> usize {
        (usize::from(self.top) + i) & 7
    }
    fn is_empty(&self, i: usize) -> bool {
        self.valid & (1 << self.phys(i)) == 0
    }
    /// ST(i), or `None` when the register is empty.
    #[must_use]
    pub fn st(&self, i: usize) -> Option<F80> {
        if self.is_empty(i) {
            None
        } else {
            Some(self.regs[self.phys(i)])
        }
    }
    fn set_st(&mut self, i: usize, v: F80) {
        let p = self.phys(i);
        self.regs[p] = v;
        self.valid |= 1 << p;
    }
    fn pop(&mut self) {
        let p = self.phys(0);
        self.valid &= !(1 << p);
        self.top = (self.top + 1) & 7;
    }
    fn push_raw(&mut self, v: F80) {
        self.top = self.top.wrapping_sub(1) & 7;
        self.set_st(0, v);
    }
    fn masks(&self) -> u16 {
        self.control & sw::EXC
    }
    /// Replaces C0..C3 with `cc` (a combination of `sw::C0`..`sw::C3`).
    fn set_cc(&mut self, cc: u16) {
        let all = sw::C0 | sw::C1 | sw::C2 | sw::C3;
        self.status = (self.status & !all) | (cc & all);
    }
    /// Records exception flags (and C1 from the round-up indicator when
    /// `set_c1`); sets ES/B when any raised exception is unmasked. Returns
    /// true when the destination must not be written (an unmasked invalid,
    /// denormal or zero-divide exception: SDM Vol. 1, 8.5).
    fn raise(&mut self, flags: u16, set_c1: bool) -> bool {
        let pre = sw::IE | sw::DE | sw::ZE;
        if flags & pre & !self.masks() != 0 {
            // An unmasked pre-computation exception: the operation is not
            // performed, so only those flags are recorded (host behaviour).
            self.status |= flags & (pre | sw::SF);
            self.update_es();
            return true;
        }
        if set_c1 {
            self.status = (self.status & !sw::C1) | (flags & sw::C1);
        }
        self.status |= flags & (sw::EXC | sw::SF);
        self.update_es();
        false
    }
    /// Whether a result with flags `f` must be redone with the unmasked
    /// overflow/underflow response ([`Mode::wrap`]).
    fn wants_wrap(&self, f: u16) -> bool {
        let unmasked = !self.masks();
        (f & sw::OE != 0 && unmasked & sw::OE != 0) || (f & sw::TINY != 0 && unmasked & sw::UE != 0)
    }
    /// ES and B follow the unmasked pending exceptions.
    pub(super) fn update_es(&mut self) {
        if self.status & sw::EXC & !self.masks() != 0 {
            self.status |= sw::ES | sw::B;
        } else {
            self.status &= !(sw::ES | sw::B);
        }
    }
    fn mode(&self) -> Mode {
        Mode::from_cw(self.control)
    }
}

fn cc_if(on: bool, bit: u16) -> u16 {
    if on { bit } else { 0 }
}

fn st_index(r: Register) -> usize {
    (r as usize).wrapping_sub(Register::ST0 as usize) & 7
}

/// Stack underflow: IE|SF with C1=0 (SDM Vol. 1, 8.5.1.1).
const UNDERFLOW: u16 = sw::IE | sw::SF;
/// Stack overflow: IE|SF with C1=1.
const OVERFLOW: u16 = sw::IE | sw::SF | sw::C1;

fn read_mem<const N: usize>(env: &mut impl X87Env, addr: u32) -> Result<[u8; N], Fault> {
    let mut b = [0u8; N];
    env.read(addr, &mut b)?;
    Ok(b)
}

/// A source operand read from memory, converted to the register format.
fn load_operand(code: Code, ea: u32, env: &mut impl X87Env) -> Result<(F80, u16), Fault> {
    use iced_x86::MemorySize as M;
    let _ = M::Unknown;
    Ok(match mem_kind(code) {
        Mem::F32 => f80::from_f32(u32::from_le_bytes(read_mem(env, ea)?)),
        Mem::F64 => f80::from_f64(u64::from_le_bytes(read_mem(env, ea)?)),
        Mem::I16 => (
            f80::from_i64(i16::from_le_bytes(read_mem(env, ea)?).into()),
            0,
        ),
        Mem::I32 => (
            f80::from_i64(i32::from_le_bytes(read_mem(env, ea)?).into()),
            0,
        ),
        Mem::I64 => (f80::from_i64(i64::from_le_bytes(read_mem(env, ea)?)), 0),
        Mem::F80 => (F80::from_bytes(read_mem(env, ea)?), 0),
        Mem::Bcd => special::from_bcd(read_mem(env, ea)?),
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mem {
    F32,
    F64,
    F80,
    I16,
    I32,
    I64,
    Bcd,
}

fn mem_kind(code: Code) -> Mem {
    use Code::*;
    match code {
        Fadd_m32fp | Fmul_m32fp | Fcom_m32fp | Fcomp_m32fp | Fsub_m32fp | Fsubr_m32fp
        | Fdiv_m32fp | Fdivr_m32fp | Fld_m32fp | Fst_m32fp | Fstp_m32fp => Mem::F32,
        Fadd_m64fp | Fmul_m64fp | Fcom_m64fp | Fcomp_m64fp | Fsub_m64fp | Fsubr_m64fp
        | Fdiv_m64fp | Fdivr_m64fp | Fld_m64fp | Fst_m64fp | Fstp_m64fp => Mem::F64,
        Fiadd_m16int | Fimul_m16int | Ficom_m16int | Ficomp_m16int | Fisub_m16int
        | Fisubr_m16int | Fidiv_m16int | Fidivr_m16int | Fild_m16int | Fist_m16int
        | Fistp_m16int => Mem::I16,
        Fiadd_m32int | Fimul_m32int | Ficom_m32int | Ficomp_m32int | Fisub_m32int
        | Fisubr_m32int | Fidiv_m32int | Fidivr_m32int | Fild_m32int | Fist_m32int
        | Fistp_m32int => Mem::I32,
        Fild_m64int | Fistp_m64int => Mem::I64,
        Fbld_m80bcd | Fbstp_m80bcd => Mem::Bcd,
        _ => Mem::F80,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Arith {
    Add,
    Mul,
    Com,
    Comp,
    Sub,
    Subr,
    Div,
    Divr,
}

/// Instructions that do not wait for pending exceptions and do not update
/// FIP/FOP/FDP (SDM Vol. 1, 8.1.8 and 8.3.12).
fn is_control(code: Code) -> bool {
    use Code::*;
    matches!(
        code,
        Fninit
            | Finit
            | Fnclex
            | Fclex
            | Fldcw_m2byte
            | Fnstcw_m2byte
            | Fstcw_m2byte
            | Fnstsw_m2byte
            | Fstsw_m2byte
            | Fnstsw_AX
            | Fstsw_AX
            | Fnstenv_m14byte
            | Fstenv_m14byte
            | Fnstenv_m28byte
            | Fstenv_m28byte
            | Fldenv_m14byte
            | Fldenv_m28byte
            | Fnsave_m94byte
            | Fsave_m94byte
            | Fnsave_m108byte
            | Fsave_m108byte
            | Frstor_m94byte
            | Frstor_m108byte
            | Wait
            | Fneni
            | Feni
            | Fndisi
            | Fdisi
            | Fnsetpm
            | Fsetpm
    )
}

/// The non-waiting forms (fn*), which never raise a pending #MF.
fn is_no_wait(code: Code) -> bool {
    use Code::*;
    matches!(
        code,
        Fninit
            | Fnclex
            | Fnstcw_m2byte
            | Fnstsw_m2byte
            | Fnstsw_AX
            | Fnstenv_m14byte
            | Fnstenv_m28byte
            | Fnsave_m94byte
            | Fnsave_m108byte
            | Fneni
            | Fndisi
            | Fnsetpm
    )
}

pub fn execute(
    x: &mut X87,
    insn: &Instruction,
    ea: u32,
    env: &mut impl X87Env,
) -> Result<(), Fault> {
    use Code::*;
    let code = insn.code();
    if matches!(
        code,
        Fisttp_m16int | Fisttp_m32int | Fisttp_m64int | Frstpm | Fstdw_AX | Fstsg_AX
    ) || !is_x87(code)
    {
        return Err(Fault::InvalidOpcode);
    }
    if x.status & sw::ES != 0 && !is_no_wait(code) {
        return Err(Fault::X87);
    }
    if is_control(code) {
        return control(x, code, insn, ea, env);
    }
    let saved = (x.fip, x.fcs, x.fop, x.fdp, x.fds);
    x.fip = insn.ip32();
    x.fcs = USER_CS;
    x.fop = FOP_LAZY;
    if insn.op_count() > 0 && insn.op_kind(0) == iced_x86::OpKind::Memory
        || insn.op_count() > 1 && insn.op_kind(1) == iced_x86::OpKind::Memory
    {
        x.fdp = ea;
        x.fds = USER_DS;
    }
    let r = data(x, code, insn, ea, env);
    if r.is_err() {
        (x.fip, x.fcs, x.fop, x.fdp, x.fds) = saved;
    }
    r
}

fn is_x87(code: Code) -> bool {
    let c = code as u32;
    (Code::Fadd_m32fp as u32..=Code::Fcomip_st0_sti as u32).contains(&c) || code == Code::Wait
}

fn control(
    x: &mut X87,
    code: Code,
    insn: &Instruction,
    ea: u32,
    env: &mut impl X87Env,
) -> Result<(), Fault> {
    use Code::*;
    match code {
        // FNINIT (and FNSAVE after saving) leaves the data registers as
        // they were (SDM Vol. 2, FINIT: "the contents of the data registers
        // are not changed"): an MMX read after it still sees them.
        Fninit | Finit => x.reinit(),
        Fnclex | Fclex => x.status &= !(sw::EXC | sw::SF | sw::ES | sw::B),
        Fldcw_m2byte => {
            x.control = super::env::canonical_cw(u16::from_le_bytes(read_mem(env, ea)?));
            x.update_es();
        }
        Fnstcw_m2byte | Fstcw_m2byte => env.write(ea, &x.control.to_le_bytes())?,
        Fnstsw_m2byte | Fstsw_m2byte => env.write(ea, &x.status_word().to_le_bytes())?,
        Fnstsw_AX | Fstsw_AX => env.set_ax(x.status_word()),
        Fnstenv_m14byte | Fstenv_m14byte | Fnstenv_m28byte | Fstenv_m28byte => {
            let wide = matches!(code, Fnstenv_m28byte | Fstenv_m28byte);
            let img = env::store_env(x, wide, env);
            env.write(ea, img.as_slice())?;
            // FNSTENV masks all exceptions after saving (SDM Vol. 2, FSTENV).
            x.control |= sw::EXC;
            x.update_es();
        }
        Fldenv_m14byte | Fldenv_m28byte => {
            let wide = code == Fldenv_m28byte;
            let mut buf = [0u8; 28];
            let len = if wide { 28 } else { 14 };
            env.read(ea, &mut buf[..len])?;
            env::load_env(x, wide, &buf[..len]);
        }
        Fnsave_m94byte | Fsave_m94byte | Fnsave_m108byte | Fsave_m108byte => {
            let wide = matches!(code, Fnsave_m108byte | Fsave_m108byte);
            let (buf, n) = env::save_image(x, wide, env);
            env.write(ea, &buf[..n])?;
            x.reinit();
        }
        Frstor_m94byte | Frstor_m108byte => {
            let wide = code == Frstor_m108byte;
            let mut buf = [0u8; 108];
            let n = if wide { 108 } else { 94 };
            env.read(ea, &mut buf[..n])?;
            env::restore_image(x, wide, &buf[..n]);
        }
        _ => {
            // fwait (pending exceptions were checked above), feni/fdisi/fsetpm:
            // no-ops on the 387 and later.
            let _ = insn;
        }
    }
    Ok(())
}

fn arith_of(code: Code) -> Option<Arith> {
    use Code::*;
    Some(match code {
        Fadd_m32fp | Fadd_m64fp | Fiadd_m16int | Fiadd_m32int | Fadd_st0_sti | Fadd_sti_st0
        | Faddp_sti_st0 => Arith::Add,
        Fmul_m32fp | Fmul_m64fp | Fimul_m16int | Fimul_m32int | Fmul_st0_sti | Fmul_sti_st0
        | Fmulp_sti_st0 => Arith::Mul,
        Fcom_m32fp | Fcom_m64fp | Ficom_m16int | Ficom_m32int | Fcom_st0_sti
        | Fcom_st0_sti_DCD0 => Arith::Com,
        Fcomp_m32fp | Fcomp_m64fp | Ficomp_m16int | Ficomp_m32int | Fcomp_st0_sti
        | Fcomp_st0_sti_DCD8 | Fcomp_st0_sti_DED0 => Arith::Comp,
        Fsub_m32fp | Fsub_m64fp | Fisub_m16int | Fisub_m32int | Fsub_st0_sti | Fsub_sti_st0
        | Fsubp_sti_st0 => Arith::Sub,
        Fsubr_m32fp | Fsubr_m64fp | Fisubr_m16int | Fisubr_m32int | Fsubr_st0_sti
        | Fsubr_sti_st0 | Fsubrp_sti_st0 => Arith::Subr,
        Fdiv_m32fp | Fdiv_m64fp | Fidiv_m16int | Fidiv_m32int | Fdiv_st0_sti | Fdiv_sti_st0
        | Fdivp_sti_st0 => Arith::Div,
        Fdivr_m32fp | Fdivr_m64fp | Fidivr_m16int | Fidivr_m32int | Fdivr_st0_sti
        | Fdivr_sti_st0 | Fdivrp_sti_st0 => Arith::Divr,
        _ => return None,
    })
}

fn binop(op: Arith, a: F80, b: F80, m: Mode) -> (F80, u16) {
    match op {
        Arith::Add => f80::add(a, b, m),
        Arith::Mul => f80::mul(a, b, m),
        Arith::Sub => f80::add(a, b.neg_keep_nan(), m),
        Arith::Subr => f80::add(b, a.neg_keep_nan(), m),
        Arith::Div => f80::div(a, b, m),
        Arith::Divr => f80::div(b, a, m),
        Arith::Com | Arith::Comp => (a, 0),
    }
}

impl F80 {
    /// Negation for subtraction: NaN operands keep their sign, so NaN
    /// propagation sees the original operand.
    fn neg_keep_nan(self) -> F80 {
        if matches!(self.class(), Class::Nan | Class::Unsupported) {
            self
        } else {
            self.negate()
        }
    }
}

/// Adds the flags of loading a memory operand (DE for a denormal m32/m64,
/// IE for an SNaN) to an operation's flags. A NaN or unsupported operand,
/// or an invalid/zero-divide result, suppresses DE (host behaviour).
fn merge_load_flags(f: u16, lflags: u16, a: F80, b: F80) -> u16 {
    let odd = |v: F80| matches!(v.class(), Class::Nan | Class::Unsupported);
    let all = f | lflags;
    if odd(a) || odd(b) || all & (sw::IE | sw::ZE) != 0 {
        all & !sw::DE
    } else {
        all
    }
}

fn set_compare(x: &mut X87, o: Order) {
    x.set_cc(match o {
        Order::Greater => 0,
        Order::Less => sw::C0,
        Order::Equal => sw::C3,
        Order::Unordered => sw::C3 | sw::C2 | sw::C0,
    });
}

fn data(
    x: &mut X87,
    code: Code,
    insn: &Instruction,
    ea: u32,
    env: &mut impl X87Env,
) -> Result<(), Fault> {
    use Code::*;
    let has_mem = insn.op_count() > 0 && insn.op_kind(0) == iced_x86::OpKind::Memory;
    if let Some(op) = arith_of(code) {
        // Operand order: dest is ST0 (memory and st0_sti forms) or ST(i).
        let (dst, src_i, pop) = match code {
            Fadd_sti_st0 | Fmul_sti_st0 | Fsub_sti_st0 | Fsubr_sti_st0 | Fdiv_sti_st0
            | Fdivr_sti_st0 => (st_index(insn.op0_register()), Some(0), false),
            Faddp_sti_st0 | Fmulp_sti_st0 | Fsubp_sti_st0 | Fsubrp_sti_st0 | Fdivp_sti_st0
            | Fdivrp_sti_st0 => (st_index(insn.op0_register()), Some(0), true),
            _ if has_mem => (0, None, op == Arith::Comp),
            _ => (0, Some(st_index(insn.op1_register())), op == Arith::Comp),
        };
        let (src, lflags) = if let Some(i) = src_i {
            (x.st(i), 0)
        } else {
            {
                let (mut v, f) = load_operand(code, ea, env)?;
                if f & sw::IE != 0 && v.is_nan() {
                    // An SNaN m32/m64 operand stays signaling for the NaN
                    // propagation rules of the operation.
                    v.signif &= !(1 << 62);
                }
                (Some(v), f)
            }
        };
        let d = x.st(dst);
        if matches!(op, Arith::Com | Arith::Comp) {
            let (o, f) = match (d, src) {
                (Some(a), Some(b)) => {
                    let (o, f) = f80::compare(a, b, false);
                    (o, merge_load_flags(f, lflags, a, b))
                }
                _ => (Order::Unordered, UNDERFLOW),
            };
            // The condition codes are set even when an unmasked exception
            // is raised (host behaviour).
            let suppressed = x.raise(f, false);
            x.status &= !sw::C1;
            set_compare(x, o);
            if pop && !suppressed {
                x.pop();
            }
            return Ok(());
        }
        let (a, b) = (d, src);
        // Destination of the ST(i) forms is ST(i) op ST0 (a = ST(i), b = ST0).
        let (r, f) = match (a, b) {
            (Some(a), Some(b)) => {
                let (mut r, mut f) = binop(op, a, b, x.mode());
                if x.wants_wrap(f) {
                    (r, f) = binop(
                        op,
                        a,
                        b,
                        Mode {
                            wrap: true,
                            ..x.mode()
                        },
                    );
                }
                (r, merge_load_flags(f, lflags, a, b))
            }
            _ => (F80::INDEFINITE, UNDERFLOW),
        };
        let skip = x.raise(f, true);
        if !skip {
            x.set_st(dst, r);
        }
        if pop && !skip {
            x.pop();
        }
        return Ok(());
    }
    match code {
        Fld_m32fp | Fld_m64fp | Fld_m80fp | Fild_m16int | Fild_m32int | Fild_m64int
        | Fbld_m80bcd => {
            let (v, f) = load_operand(code, ea, env)?;
            push(x, Some(v), f);
        }
        Fld_sti => {
            let v = x.st(st_index(insn.op0_register()));
            push(x, v, 0);
        }
        Fld1 => push(x, Some(F80::ONE), 0),
        Fldz => push(x, Some(F80::ZERO), 0),
        Fldpi | Fldl2t | Fldl2e | Fldlg2 | Fldln2 => {
            let v = special::constant(code, f80::rounding(x.control));
            push(x, Some(v), 0);
        }
        Fst_m32fp | Fstp_m32fp | Fst_m64fp | Fstp_m64fp | Fstp_m80fp | Fist_m16int
        | Fistp_m16int | Fist_m32int | Fistp_m32int | Fistp_m64int | Fbstp_m80bcd => {
            store(x, code, ea, env)?;
        }
        Fst_sti | Fstp_sti | Fstpnce_sti | Fstp_sti_DFD0 | Fstp_sti_DFD8 => {
            let i = st_index(insn.op0_register());
            let pop = code != Fst_sti;
            if let Some(v) = x.st(0) {
                x.status &= !sw::C1;
                x.set_st(i, v);
            } else {
                if x.raise(UNDERFLOW, true) {
                    return Ok(());
                }
                x.set_st(i, F80::INDEFINITE);
            }
            if pop {
                x.pop();
            }
        }
        Fxch_st0_sti | Fxch_st0_sti_DDC8 | Fxch_st0_sti_DFC8 => {
            let i = st_index(insn.op1_register());
            let (a, b) = (x.st(0), x.st(i));
            if a.is_none() || b.is_none() {
                if x.raise(UNDERFLOW, true) {
                    return Ok(());
                }
            } else {
                x.status &= !sw::C1;
            }
            x.set_st(0, b.unwrap_or(F80::INDEFINITE));
            x.set_st(i, a.unwrap_or(F80::INDEFINITE));
        }
        Fchs | Fabs => match x.st(0) {
            Some(v) => {
                x.status &= !sw::C1;
                x.set_st(0, if code == Fchs { v.negate() } else { v.abs() });
            }
            None => {
                if !x.raise(UNDERFLOW, true) {
                    x.set_st(0, F80::INDEFINITE);
                }
            }
        },
        Ftst | Fxam => {
            if code == Fxam {
                fxam(x);
                return Ok(());
            }
            let (o, f) = match x.st(0) {
                Some(v) => f80::compare(v, F80::ZERO, false),
                None => (Order::Unordered, UNDERFLOW),
            };
            // The condition codes are set even when an unmasked exception
            // is raised (host behaviour).
            x.raise(f, false);
            x.status &= !sw::C1;
            set_compare(x, o);
        }
        Fucom_st0_sti | Fucomp_st0_sti | Fucompp | Fcompp => {
            let i = if matches!(code, Fucompp | Fcompp) {
                1
            } else {
                st_index(insn.op1_register())
            };
            let quiet = code != Fcompp;
            let (o, f) = match (x.st(0), x.st(i)) {
                (Some(a), Some(b)) => f80::compare(a, b, quiet),
                _ => (Order::Unordered, UNDERFLOW),
            };
            // The condition codes are set even when an unmasked exception
            // is raised (host behaviour).
            let suppressed = x.raise(f, false);
            x.status &= !sw::C1;
            set_compare(x, o);
            match code {
                _ if suppressed => {}
                Fucomp_st0_sti => x.pop(),
                Fucompp | Fcompp => {
                    x.pop();
                    x.pop();
                }
                _ => {}
            }
        }
        Fcomi_st0_sti | Fcomip_st0_sti | Fucomi_st0_sti | Fucomip_st0_sti => {
            let i = st_index(insn.op1_register());
            let quiet = matches!(code, Fucomi_st0_sti | Fucomip_st0_sti);
            let (o, f) = match (x.st(0), x.st(i)) {
                (Some(a), Some(b)) => f80::compare(a, b, quiet),
                _ => (Order::Unordered, UNDERFLOW),
            };
            x.status &= !sw::C1;
            let suppressed = x.raise(f, false);
            {
                let (zf, pf, cf) = match o {
                    Order::Greater => (false, false, false),
                    Order::Less => (false, false, true),
                    Order::Equal => (true, false, false),
                    Order::Unordered => (true, true, true),
                };
                env.set_zf_pf_cf(zf, pf, cf);
            }
            if matches!(code, Fcomip_st0_sti | Fucomip_st0_sti) && !suppressed {
                x.pop();
            }
        }
        Fcmovb_st0_sti | Fcmove_st0_sti | Fcmovbe_st0_sti | Fcmovu_st0_sti | Fcmovnb_st0_sti
        | Fcmovne_st0_sti | Fcmovnbe_st0_sti | Fcmovnu_st0_sti => {
            let fl = env.eflags();
            let (cf, pf, zf) = (fl & 1 != 0, fl & 4 != 0, fl & 0x40 != 0);
            let cond = match code {
                Fcmovb_st0_sti => cf,
                Fcmove_st0_sti => zf,
                Fcmovbe_st0_sti => cf || zf,
                Fcmovu_st0_sti => pf,
                Fcmovnb_st0_sti => !cf,
                Fcmovne_st0_sti => !zf,
                Fcmovnbe_st0_sti => !cf && !zf,
                _ => !pf,
            };
            let i = st_index(insn.op1_register());
            match (x.st(0), x.st(i)) {
                (Some(_), Some(v)) => {
                    x.status &= !sw::C1;
                    if cond {
                        x.set_st(0, v);
                    }
                }
                _ => {
                    if !x.raise(UNDERFLOW, true) {
                        x.set_st(0, F80::INDEFINITE);
                    }
                }
            }
        }
        Fincstp => {
            x.status &= !sw::C1;
            x.top = (x.top + 1) & 7;
        }
        Fdecstp => {
            x.status &= !sw::C1;
            x.top = x.top.wrapping_sub(1) & 7;
        }
        Ffree_sti | Ffreep_sti => {
            let p = x.phys(st_index(insn.op0_register()));
            x.valid &= !(1 << p);
            if code == Ffreep_sti {
                x.top = (x.top + 1) & 7;
            }
        }
        Fnop => {}
        Fsqrt | Frndint => {
            let Some(v) = x.st(0) else {
                if !x.raise(UNDERFLOW, true) {
                    x.set_st(0, F80::INDEFINITE);
                }
                return Ok(());
            };
            let (r, f) = if code == Fsqrt {
                f80::sqrt(v, x.mode())
            } else {
                f80::round_int(v, f80::rounding(x.control))
            };
            if !x.raise(f, true) {
                x.set_st(0, r);
            }
        }
        Fprem | Fprem1 => {
            if let (Some(a), Some(b)) = (x.st(0), x.st(1)) {
                let (mut r, mut f, q, partial) = special::prem(a, b, code == Fprem1);
                // The remainder is exact; a tiny one with UE unmasked comes
                // back rebiased (SDM Vol. 1, 8.5.5).
                if r.class() == Class::Denormal && x.masks() & sw::UE == 0 {
                    r = f80::rebias_tiny(r);
                    f |= sw::UE;
                }
                if !x.raise(f, false) {
                    x.set_st(0, r);
                    if partial {
                        // Partial remainder: C2 set, C0/C1/C3 cleared (host).
                        x.set_cc(sw::C2);
                    } else if f & sw::IE == 0 {
                        // C0 = Q2, C3 = Q1, C1 = Q0 (SDM Vol. 2, FPREM).
                        x.set_cc(
                            cc_if(q & 2 != 0, sw::C3)
                                | cc_if(q & 1 != 0, sw::C1)
                                | cc_if(q & 4 != 0, sw::C0),
                        );
                    } else {
                        x.status &= !(sw::C1 | sw::C2);
                    }
                }
            } else {
                x.status &= !sw::C2;
                if !x.raise(UNDERFLOW, true) {
                    x.set_st(0, F80::INDEFINITE);
                }
            }
        }
        Fscale => match (x.st(0), x.st(1)) {
            (Some(a), Some(b)) => {
                let rc = f80::rounding(x.control);
                let (mut r, mut f) = special::scale(a, b, rc, false);
                if x.wants_wrap(f) {
                    (r, f) = special::scale(a, b, rc, true);
                }
                if !x.raise(f, true) {
                    x.set_st(0, r);
                }
            }
            _ => {
                if !x.raise(UNDERFLOW, true) {
                    x.set_st(0, F80::INDEFINITE);
                }
            }
        },
        Fxtract => match x.st(0) {
            Some(v) => {
                if x.st(7).is_some() {
                    if !x.raise(OVERFLOW, true) {
                        x.set_st(0, F80::INDEFINITE);
                        x.push_raw(F80::INDEFINITE);
                    }
                    return Ok(());
                }
                let (e, s, f) = special::xtract(v);
                if !x.raise(f, true) {
                    x.set_st(0, e);
                    x.push_raw(s);
                }
            }
            None => {
                if !x.raise(UNDERFLOW, true) {
                    x.set_st(0, F80::INDEFINITE);
                    x.push_raw(F80::INDEFINITE);
                }
            }
        },
        Fsin | Fcos | Fptan | Fsincos | Fpatan | F2xm1 | Fyl2x | Fyl2xp1 => {
            tr::execute(x, code);
        }
        _ => return Err(Fault::InvalidOpcode),
    }
    Ok(())
}

/// Pushes a value; `None` (an empty source) is stack underflow, a full
/// stack is stack overflow (SDM Vol. 1, 8.5.1.1).
fn push(x: &mut X87, v: Option<F80>, flags: u16) {
    if x.st(7).is_some() {
        if !x.raise(OVERFLOW, true) {
            x.push_raw(F80::INDEFINITE);
        }
        return;
    }
    let (v, f) = match v {
        Some(v) => (v, flags),
        None => (F80::INDEFINITE, UNDERFLOW),
    };
    // A denormal m32/m64 source is loaded even when DE is unmasked (host
    // behaviour); only an unmasked invalid operation suppresses the push.
    let suppressed = if f & sw::IE != 0 {
        x.raise(f, true)
    } else {
        x.raise(f & !sw::DE, true);
        x.status |= f & sw::DE;
        x.update_es();
        false
    };
    if !suppressed {
        x.push_raw(v);
    }
}

/// Helpers for the transcendental instructions.
impl X87 {
    /// Raises `f` and writes ST(i) unless an unmasked exception suppresses
    /// the result; returns whether it was written.
    pub(super) fn store_or_fault(&mut self, i: usize, v: F80, f: u16) -> bool {
        if self.raise(f, true) {
            false
        } else {
            self.set_st(i, v);
            true
        }
    }
    /// Whether `f` holds an unmasked invalid, denormal or zero-divide flag.
    pub(super) fn unmasked(&self, f: u16) -> bool {
        f & (sw::IE | sw::DE | sw::ZE) & !self.masks() != 0
    }
    pub(super) fn push_value(&mut self, v: F80) {
        self.push_raw(v);
    }
    pub(super) fn pop_value(&mut self) {
        self.pop();
    }
}

fn store(x: &mut X87, code: Code, ea: u32, env: &mut impl X87Env) -> Result<(), Fault> {
    use Code::*;
    let pop = !matches!(code, Fst_m32fp | Fst_m64fp | Fist_m16int | Fist_m32int);
    let v = x.st(0);
    let rc = f80::rounding(x.control);
    let mut buf = [0u8; 10];
    let (len, f) = match mem_kind(code) {
        Mem::F32 => {
            let (b, f) = v.map_or((0xFFC0_0000, UNDERFLOW), |v| f80::to_f32(v, x.control));
            buf[..4].copy_from_slice(&b.to_le_bytes());
            (4, f)
        }
        Mem::F64 => {
            let (b, f) = v.map_or((0xFFF8_0000_0000_0000, UNDERFLOW), |v| {
                f80::to_f64(v, x.control)
            });
            buf[..8].copy_from_slice(&b.to_le_bytes());
            (8, f)
        }
        Mem::F80 => {
            let (b, f) = v.map_or((F80::INDEFINITE, UNDERFLOW), |v| (v, 0));
            buf = b.to_bytes();
            (10, f)
        }
        Mem::I16 | Mem::I32 | Mem::I64 => {
            let bits = match mem_kind(code) {
                Mem::I16 => 16,
                Mem::I32 => 32,
                _ => 64,
            };
            let (i, f) = v.map_or((i64::MIN >> (64 - bits), UNDERFLOW), |v| {
                f80::to_int(v, rc, bits)
            });
            buf[..8].copy_from_slice(&i.to_le_bytes());
            ((bits / 8) as usize, f)
        }
        Mem::Bcd => {
            let (b, f) = v.map_or((special::BCD_INDEFINITE, UNDERFLOW), |v| {
                special::to_bcd(v, rc)
            });
            buf = b;
            (10, f)
        }
    };
    // Unmasked overflow or underflow on a memory destination: nothing is
    // stored or popped and only OE or UE is reported (SDM Vol. 1, 8.5.4).
    if matches!(mem_kind(code), Mem::F32 | Mem::F64) && x.wants_wrap(f) {
        let only = if f & sw::OE != 0 { sw::OE } else { sw::UE };
        x.status |= only;
        x.update_es();
        return Ok(());
    }
    // An unmasked exception that suppresses the store leaves memory alone.
    let unmasked = f & (sw::IE | sw::DE | sw::ZE) & !x.masks() != 0;
    if !unmasked {
        env.write(ea, &buf[..len])?;
    }
    if x.raise(f, true) {
        return Ok(());
    }
    if pop {
        x.pop();
    }
    Ok(())
}

/// FXAM (SDM Vol. 2, table 3-44): C1 = sign; C3,C2,C0 = class.
fn fxam(x: &mut X87) {
    let p = x.phys(0);
    let v = x.regs[p];
    let class = if x.is_empty(0) {
        sw::C3 | sw::C0
    } else {
        match v.class() {
            Class::Unsupported => 0,
            Class::Nan => sw::C0,
            Class::Normal => sw::C2,
            Class::Infinity => sw::C2 | sw::C0,
            Class::Zero => sw::C3,
            Class::Denormal => sw::C3 | sw::C2,
        }
    };
    x.set_cc(class | cc_if(v.sign(), sw::C1));
}
