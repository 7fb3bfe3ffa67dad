//! tabvm-cpu: the i386 CPU of the machine.
//!
//! Layer: the bottom of the execution stack; depends on no other tabvm crate
//! (only iced-x86 for decoding). The kernel drives it, the JIT compiles the
//! same semantics to wasm and falls back to it.
//!
//! - [`state`]: [`Cpu`], the architectural registers, `#[repr(C)]` with
//!   exported field offsets; segment registers and the TLS descriptors of
//!   `set_thread_area`.
//! - [`flags`]: lazy EFLAGS.
//! - [`mmu`]: [`Memory`] (reference-counted 4 KiB frames, limited, allocation
//!   failure is a value) and [`AddressSpace`] (flat 2^20-entry page table,
//!   copy-on-write, kernel-side copy in/out).
//! - `block`: iced-x86 decoding into cached basic blocks keyed by (frame,
//!   eip), invalidated when their bytes are written through any mapping.
//! - `interp`: the interpreter; [`run`] executes until a budget, syscall or
//!   fault and returns an [`Exit`].
//! - [`x87`]: the FPU (its own engineer; called through `x87::execute`).
//!
//! Invariants: no guest input panics or aborts the host; faults are values
//! ([`Fault`]) and precise; no global state; nothing here uses host files,
//! threads, processes or clocks, so it builds for wasm32.
//!
//! Driving it (the kernel's loop):
//! ```
//! use tabvm_cpu::{AddressSpace, Cpu, Exit, Memory, pte};
//! let mut mem = Memory::new(64 << 20);
//! let mut as_ = AddressSpace::new();
//! as_.map_zeroed(&mut mem, 0x1000, 0x1000, pte::READ | pte::WRITE | pte::EXEC).unwrap();
//! // mov eax, 1 ; int 0x80
//! as_.write(&mut mem, 0x1000, &[0xb8, 1, 0, 0, 0, 0xcd, 0x80]).unwrap();
//! let mut cpu = Cpu::new();
//! cpu.eip = 0x1000;
//! assert_eq!(tabvm_cpu::run(&mut cpu, &mut mem, &mut as_, 10_000), Exit::Syscall);
//! assert_eq!(cpu.regs[0], 1);
//! assert_eq!(cpu.eip, 0x1007);
//! ```

pub mod fault;
pub mod flags;
pub mod mmu;
pub mod state;
pub mod x87;

mod block;
mod interp;

pub use fault::{Access, Fault};
pub use flags::Flags;
pub use interp::{Exit, run};
pub use mmu::{AddressSpace, Frame, Memory, PAGE_SIZE, pte};
pub use state::{Cpu, TlsDescriptor, USER_CS, USER_DS, reg, seg};

/// The CPUID leaves the CPU reports: `[eax, ebx, ecx, edx]` for leaf `eax`.
#[must_use]
pub fn cpuid(leaf: u32) -> [u32; 4] {
    interp::cpuid_leaf(leaf)
}
