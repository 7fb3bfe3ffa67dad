//! Why execution stopped short of the next instruction.
//!
//! Faults are values, never panics (DESIGN.md, decision 2). When the CPU
//! returns a fault, architectural state is precise: `eip` still addresses the
//! faulting instruction and no part of it has been committed (for string
//! instructions with a `rep` prefix, the iterations already done are committed
//! and `ecx`/`esi`/`edi` say so, exactly as on hardware). The kernel decides
//! what a fault means for the guest: fix the mapping and retry, or deliver a
//! signal.

/// The kind of memory access that faulted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    Read,
    Write,
    Execute,
}

/// A precise CPU exception, named after the x86 vector it models (Intel SDM
/// Vol. 3A, chapter 6.15, "Exception and Interrupt Reference").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// #PF: `addr` is the linear address that could not be accessed;
    /// `present` is true when a page was mapped but forbade the access.
    Page {
        addr: u32,
        access: Access,
        present: bool,
    },
    /// #GP: a privileged or malformed operation (Linux delivers SIGSEGV).
    GeneralProtection,
    /// #UD: an opcode the CPU does not implement (SIGILL).
    InvalidOpcode,
    /// #DE: division by zero or quotient overflow (SIGFPE, FPE_INTDIV).
    Divide,
    /// #MF: an unmasked x87 exception was pending at an FP instruction
    /// (SIGFPE); the status word says which.
    X87,
    /// #BP: `int3` (SIGTRAP). `eip` is already past the instruction.
    Breakpoint,
    /// #OF: `into` with OF set (SIGSEGV on Linux i386).
    Overflow,
    /// #BR: `bound` found the index out of range (SIGSEGV).
    Bound,
    /// Not a CPU exception: a copy-on-write copy or a frame allocation hit
    /// [`crate::Memory`]'s limit. The kernel returns ENOMEM or kills the task
    /// (Linux's OOM killer); state is precise as for any fault.
    OutOfMemory,
}
