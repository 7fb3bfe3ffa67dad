//! Test support shared by the integration tests.
pub mod harness;
pub mod static_runner;
