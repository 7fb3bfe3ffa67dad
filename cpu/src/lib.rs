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
//! # The kernel's view
//!
//! - One [`Memory`] per machine, one [`AddressSpace`] per process, one [`Cpu`]
//!   per thread. `Cpu` is `Clone` (fork, clone); `AddressSpace::fork` shares
//!   frames copy-on-write; `AddressSpace::clear` releases a dead process.
//! - Mapping: `map_zeroed` (anonymous memory, brk, stacks), `map_frame`
//!   (page-cache or shared frames, `pte::COW` for private file mappings,
//!   `pte::SHARED` for `MAP_SHARED`), `unmap`, `protect`, `frame_of`.
//!   The page-table entry format is documented in [`mmu`]; bits 8..11 are the
//!   kernel's (`set_kernel_bits`).
//! - User memory from syscalls: `read`/`write`/`read_cstr`/`read_u32`/
//!   `write_u32` check permissions exactly like the CPU and return the same
//!   [`Fault::Page`] (turn it into EFAULT); `write_force` ignores permissions
//!   (ELF loading). Every write path invalidates decoded code.
//! - Frames directly: `Memory::alloc_frame`/`frame_ref`/`frame_unref`/
//!   `frame`/`frame_mut` (page cache; `frame_mut` invalidates code).
//! - Running: [`run`]`(cpu, mem, aspace, budget)` returns an [`Exit`]:
//!   `Budget` (call again), `Syscall` (`int 0x80`, eip past it: read eax/ebx/
//!   ecx/edx/esi/edi/ebp, write eax; restart with `eip -= 2`), `Sysenter`,
//!   or `Fault` (eip at the faulting instruction, except the traps
//!   `Breakpoint`/`Overflow`). A [`Fault::Page`] may be fixed (demand paging)
//!   and `run` called again: the instruction restarts from scratch.
//! - Segments: `set_tls_descriptor(6..=8, base, limit, flags)` implements
//!   `set_thread_area`; the guest then loads 0x63/0x6b/0x73 into gs/fs.
//!   `eflags()`/`set_eflags()` for signal frames; `Cpu::x87` for FPU state.
//! - `cpuid(leaf)` is what the guest sees (for /proc/cpuinfo and AT_HWCAP).
//!
//! # Tests and measurements
//!
//! `exercisers/int_*.c` run natively and under the interpreter must print
//! the same (`tests/differential.rs`, about 200,000 lines of results and
//! SDM-defined flags); `tests/random_code.rs` runs random bytes; `fuzz/`
//! holds a cargo-fuzz target. `cargo run --release -p tabvm-cpu --example
//! run_static -- prog` runs a static i386 program (test scaffolding with a
//! minimal syscall layer): on `bench/int.c` the interpreter is about 22-27x
//! slower than native.
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
pub use interp::{Exit, run, step};
pub use mmu::{AddressSpace, Frame, Memory, PAGE_SIZE, pte};
pub use state::{Cpu, TlsDescriptor, USER_CS, USER_DS, reg, seg};

/// The CPUID leaves the CPU reports: `[eax, ebx, ecx, edx]` for leaf `eax`.
#[must_use]
pub fn cpuid(leaf: u32) -> [u32; 4] {
    interp::cpuid_leaf(leaf)
}
