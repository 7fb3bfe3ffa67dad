//! The machine's limits: what a runaway guest hits is an errno, never the
//! host. These run under tabvm only: natively they would exhaust the host.

mod common;

use common::{compile, run_in_tabvm};

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_fork_bomb_gets_eagain() {
    let binary = compile("fork_bomb");
    assert_eq!(
        run_in_tabvm(&binary),
        "fork failed with EAGAIN after many children; reaped all\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn allocating_until_failure_gets_enomem() {
    let binary = compile("alloc_until_enomem");
    assert_eq!(
        run_in_tabvm(&binary),
        "malloc failed with ENOMEM after hundreds of MiB; still running\n"
    );
}
