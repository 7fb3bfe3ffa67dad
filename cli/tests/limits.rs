//! The machine's limits: what a runaway guest hits is an errno, never the
//! host. These run under tabvm only: natively they would exhaust the host.

mod common;

use common::Program;

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_fork_bomb_gets_eagain() {
    let program = Program::compile("c/fork_bomb.c", &[]);
    assert_eq!(
        program.guest(&[]).tabvm_ok(),
        "fork failed with EAGAIN after many children; reaped all\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn allocating_until_failure_gets_enomem() {
    let program = Program::compile("c/alloc_until_enomem.c", &[]);
    assert_eq!(
        program.guest(&[]).tabvm_ok(),
        "malloc failed with ENOMEM after hundreds of MiB; still running\n"
    );
}
