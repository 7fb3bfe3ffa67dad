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

/// Hundreds of children each making hundreds of system calls with random
/// arguments (`c/syscall_fuzz.c`; its seeds are fixed, so a failure
/// repeats): the machine must survive them all and see every child end.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn random_system_calls_never_crash_the_machine() {
    const CHILDREN: u64 = 200;
    let program = Program::compile("c/syscall_fuzz.c", &[]);
    let out = program
        .guest(&["1", &CHILDREN.to_string(), "400"])
        .tabvm_ok();
    let last = out.lines().last().unwrap_or_default();
    let (ended, calls) = last
        .strip_suffix(" calls")
        .and_then(|l| l.split_once(" children ended after "))
        .unwrap_or_else(|| panic!("no closing line in:\n{out}"));
    assert_eq!(ended, CHILDREN.to_string(), "{out}");
    let calls: u64 = calls.parse().unwrap();
    assert!(
        calls > CHILDREN * 100,
        "the children made only {calls} calls: they die too early to test much\n{out}"
    );
}
