//! `cargo xtask bench`: speed as ratios against native (and `qemu-i386`),
//! measured in the same run. Benchmarks measure; they never assert.

use crate::util::Result;

pub fn run(args: &[String]) -> Result {
    if let Some(unknown) = args.first() {
        return Err(format!(
            "`cargo xtask bench` takes no arguments (got `{unknown}`)"
        ));
    }
    Err("no benchmark workloads yet: they arrive with the cpu issue".into())
}
