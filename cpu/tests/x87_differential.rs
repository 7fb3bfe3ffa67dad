//! x87 differential tests against real hardware: every `exercisers/x87_*.c`
//! program is compiled static inside the Debian i386 tree, run natively on
//! the host and under the interpreter (the integer engineer's static-ELF
//! runner in `support/`), and the outputs must be identical byte for byte.

mod support;

use support::harness::{assert_all_listed, differential};

fn differential_x87(name: &str) {
    differential(name, 1000);
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_x87_arith() {
    differential_x87("x87_arith");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_x87_conv() {
    differential_x87("x87_conv");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_x87_cmp() {
    differential_x87("x87_cmp");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_x87_trans() {
    differential_x87("x87_trans");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_x87_libm() {
    differential_x87("x87_libm");
}

/// Every x87 exerciser in the folder has a test above.
#[test]
fn every_x87_exerciser_is_listed() {
    assert_all_listed(
        "x87_",
        &["x87_arith", "x87_conv", "x87_cmp", "x87_trans", "x87_libm"],
    );
}
