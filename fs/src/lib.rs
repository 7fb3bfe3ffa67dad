//! tabvm-fs: the machine's disk.
//!
//! Layer: storage; depends on no other tabvm crate.
