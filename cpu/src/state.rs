//! The architectural state of one i386 CPU (one guest thread).
//!
//! `#[repr(C)]` with field offsets exported as `OFFSET_*` constants: the JIT
//! reads and writes guest registers at those offsets.

use crate::fault::Fault;
use crate::flags::Flags;
use crate::x87::X87;
use core::mem::offset_of;

/// General-purpose register numbers, in the encoding order of the ModRM
/// `reg` field (SDM Vol. 2A, table 2-2).
pub mod reg {
    pub const EAX: usize = 0;
    pub const ECX: usize = 1;
    pub const EDX: usize = 2;
    pub const EBX: usize = 3;
    pub const ESP: usize = 4;
    pub const EBP: usize = 5;
    pub const ESI: usize = 6;
    pub const EDI: usize = 7;
}

/// Segment register numbers (SDM Vol. 2A, 3.1.1.3, `Sreg` encoding).
pub mod seg {
    pub const ES: usize = 0;
    pub const CS: usize = 1;
    pub const SS: usize = 2;
    pub const DS: usize = 3;
    pub const FS: usize = 4;
    pub const GS: usize = 5;
}

/// The flat 32-bit user code selector an x86-64 Linux kernel gives 32-bit
/// processes (`__USER32_CS`, GDT entry 4, RPL 3): what programs see on
/// today's PCs (a 32-bit kernel's would be 0x73).
pub const USER_CS: u16 = 0x23;
/// The flat user data selector (`__USER_DS`, GDT entry 5, RPL 3).
pub const USER_DS: u16 = 0x2b;
/// First GDT entry of the TLS descriptors (x86-64's `GDT_ENTRY_TLS_MIN`,
/// selector 0x63), which `set_thread_area` hands out from.
pub const TLS_FIRST: usize = 12;
/// Number of TLS descriptors (`GDT_ENTRY_TLS_ENTRIES`).
pub const TLS_COUNT: usize = 3;

/// A TLS segment descriptor as `set_thread_area(2)` describes it
/// (`struct user_desc`): `flags` holds the user_desc bit fields
/// (seg_32bit, contents, read_exec_only, limit_in_pages, seg_not_present,
/// useable) packed as Linux packs them, bit 0 = seg_32bit.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TlsDescriptor {
    pub base: u32,
    pub limit: u32,
    pub flags: u32,
    /// False for an empty (cleared) entry: loading it faults.
    pub present: bool,
}

/// `user_desc` flag: `seg_not_present` (bit 5 in Linux's packing).
pub const TLS_SEG_NOT_PRESENT: u32 = 1 << 5;

/// The CPU state.
#[repr(C)]
#[derive(Clone, Debug)]
pub struct Cpu {
    /// eax, ecx, edx, ebx, esp, ebp, esi, edi (see [`reg`]).
    pub regs: [u32; 8],
    pub eip: u32,
    /// EFLAGS, lazily evaluated.
    pub flags: Flags,
    /// Segment selectors es, cs, ss, ds, fs, gs (see [`seg`]).
    pub seg_sel: [u16; 6],
    /// Segment bases, added to every memory operand of that segment.
    pub seg_base: [u32; 6],
    /// GDT entries 6..8 (`set_thread_area`).
    pub tls: [TlsDescriptor; TLS_COUNT],
    /// Instructions retired (drives `rdtsc` together with `tsc_offset`).
    pub icount: u64,
    /// Added to `icount` by `rdtsc` (the kernel may inject a clock here).
    pub tsc_offset: u64,
    /// The x87 FPU.
    pub x87: X87,
}

/// Byte offsets of [`Cpu`] fields for the JIT.
pub const OFFSET_REGS: usize = offset_of!(Cpu, regs);
pub const OFFSET_EIP: usize = offset_of!(Cpu, eip);
pub const OFFSET_FLAGS_BITS: usize = offset_of!(Cpu, flags) + offset_of!(Flags, bits);
pub const OFFSET_FLAGS_OP: usize = offset_of!(Cpu, flags) + offset_of!(Flags, op);
pub const OFFSET_FLAGS_DST: usize = offset_of!(Cpu, flags) + offset_of!(Flags, dst);
pub const OFFSET_FLAGS_SRC: usize = offset_of!(Cpu, flags) + offset_of!(Flags, src);
pub const OFFSET_FLAGS_RES: usize = offset_of!(Cpu, flags) + offset_of!(Flags, res);
pub const OFFSET_SEG_SEL: usize = offset_of!(Cpu, seg_sel);
pub const OFFSET_SEG_BASE: usize = offset_of!(Cpu, seg_base);
pub const OFFSET_ICOUNT: usize = offset_of!(Cpu, icount);
pub const OFFSET_X87: usize = offset_of!(Cpu, x87);

impl Default for Cpu {
    fn default() -> Self {
        Self::new()
    }
}

impl Cpu {
    /// A CPU as Linux starts a new i386 process: registers zero, flat user
    /// segments (cs 0x23, ds/es/ss 0x2b, fs/gs null), EFLAGS 0x202, FPU after
    /// FNINIT with control word 0x037F.
    #[must_use]
    pub fn new() -> Self {
        Cpu {
            regs: [0; 8],
            eip: 0,
            flags: Flags::default(),
            seg_sel: [USER_DS, USER_CS, USER_DS, USER_DS, 0, 0],
            seg_base: [0; 6],
            tls: [TlsDescriptor::default(); TLS_COUNT],
            icount: 0,
            tsc_offset: 0,
            x87: X87::default(),
        }
    }

    /// The materialised EFLAGS register.
    #[must_use]
    pub fn eflags(&self) -> u32 {
        self.flags.eflags()
    }

    /// Replaces EFLAGS (signal delivery and sigreturn).
    pub fn set_eflags(&mut self, v: u32) {
        self.flags.set_eflags(v);
    }

    /// Installs GDT entry `index` (12..=14) as `set_thread_area(2)` does, and
    /// reloads the base of any segment register holding its selector (Linux
    /// reloads segment registers on the way back to user mode).
    pub fn set_tls_descriptor(
        &mut self,
        index: usize,
        base: u32,
        limit: u32,
        flags: u32,
    ) -> Result<(), Fault> {
        let slot = index
            .checked_sub(TLS_FIRST)
            .filter(|i| *i < TLS_COUNT)
            .ok_or(Fault::GeneralProtection)?;
        let empty = base == 0 && limit == 0 && flags & TLS_SEG_NOT_PRESENT != 0;
        self.tls[slot] = TlsDescriptor {
            base,
            limit,
            flags,
            present: !empty && flags & TLS_SEG_NOT_PRESENT == 0,
        };
        for s in 0..6 {
            if usize::from(self.seg_sel[s] >> 3) == index && self.seg_sel[s] & 4 == 0 {
                self.seg_base[s] = if self.tls[slot].present { base } else { 0 };
            }
        }
        Ok(())
    }

    /// GDT entry `index` (12..=14), if it is a TLS entry.
    #[must_use]
    pub fn tls_descriptor(&self, index: usize) -> Option<TlsDescriptor> {
        self.tls.get(index.checked_sub(TLS_FIRST)?).copied()
    }

    /// Loads segment register `s` (see [`seg`]) with `selector`, as
    /// `mov sreg, r/m16` / `pop sreg` do at CPL 3 (SDM Vol. 2A, MOV): the flat
    /// user selectors, the TLS selectors and (except for cs/ss) the null
    /// selector are accepted; anything else is #GP.
    pub fn load_segment(&mut self, s: usize, selector: u16) -> Result<(), Fault> {
        let index = usize::from(selector >> 3);
        let base = if selector & !3 == 0 {
            if s == seg::SS || s == seg::CS {
                return Err(Fault::GeneralProtection);
            }
            0
        } else if selector & 3 != 3 || selector & 4 != 0 {
            return Err(Fault::GeneralProtection);
        } else if selector == USER_DS || (selector == USER_CS && s != seg::SS) {
            0
        } else if (TLS_FIRST..TLS_FIRST + TLS_COUNT).contains(&index) {
            let d = self.tls[index - TLS_FIRST];
            if !d.present {
                return Err(Fault::GeneralProtection);
            }
            d.base
        } else {
            return Err(Fault::GeneralProtection);
        };
        if s >= 6 {
            return Err(Fault::GeneralProtection);
        }
        self.seg_sel[s] = selector;
        self.seg_base[s] = base;
        Ok(())
    }
}
