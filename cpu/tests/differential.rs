//! Differential tests against real hardware (DESIGN.md, "CPU against real
//! hardware"): every `exercisers/int_*.c` program is compiled static inside
//! the Debian i386 tree, run natively on the host (which executes i386
//! binaries) and under the interpreter (through the static-ELF test runner),
//! and the two outputs must be identical byte for byte.

mod support;

use support::harness::{assert_all_listed, differential};

fn differential_int(name: &str) {
    differential(name, 200);
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_int_alu() {
    differential_int("int_alu");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_int_shift() {
    differential_int("int_shift");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_int_muldiv_bits() {
    differential_int("int_muldiv_bits");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn program_libc_mix() {
    differential_int("libc_mix");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_int_random_seq() {
    differential_int("int_random_seq");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_int_forms() {
    differential_int("int_forms");
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_int_string_misc() {
    differential_int("int_string_misc");
}

/// Every exerciser in the folder has a test above.
#[test]
fn every_int_exerciser_is_listed() {
    assert_all_listed(
        "int_",
        &[
            "int_alu",
            "int_shift",
            "int_muldiv_bits",
            "int_string_misc",
            "int_forms",
            "int_random_seq",
        ],
    );
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn exerciser_mmx() {
    differential("mmx", 100_000);
}

/// Every MMX exerciser in the folder has a test above.
#[test]
fn every_mmx_exerciser_is_listed() {
    assert_all_listed("mmx", &["mmx"]);
}
