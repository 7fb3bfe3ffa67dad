//! tabvm-cpu: the i386 CPU of the machine.
//!
//! Layer: the bottom of the execution stack; depends on no other tabvm crate.
//! The kernel drives it, the JIT compiles the same semantics to wasm.

pub mod fault;

pub use fault::{Access, Fault};
pub mod x87;
