//! ptrace(2) under `tabvm run`, compared with the host kernel: C tracers
//! that follow a child's system calls and signals, attach to running
//! processes and threads, and LeakSanitizer, whose leak check stops the
//! program's threads with ptrace.
//!
//! They need the tree and the image (`TABVM_ROOTFS`, `TABVM_IMAGE`), which
//! `cargo xtask test` provides.

mod common;

use common::{Program, text};

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_tracer_follows_syscalls_signals_fork_and_exec_of_its_child() {
    let out = Program::compile("c/ptrace_basic.c", &[]).guest(&[]).same();
    let out = text(&out.stdout);
    assert!(
        out.starts_with("first stop: stopped 1 by Stopped (signal)\n"),
        "{out}"
    );
    assert!(out.contains("  setregs fd 999 -> 1: 0\n"), "{out}");
    assert!(out.contains("HELLo, tracer!\n"), "{out}");
    assert!(out.contains("event fork\n"), "{out}");
    assert!(
        out.ends_with("child exited with 3\nptrace on the reaped child: -1 No such process\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_tracer_attaches_to_running_and_blocked_children_and_detaches() {
    let out = Program::compile("c/ptrace_attach.c", &[])
        .guest(&[])
        .with_proc()
        .same();
    let out = text(&out.stdout);
    assert!(out.starts_with("attach to self: -1 EPERM\n"), "{out}");
    assert!(
        out.contains(
            "spinner: stopped by TRAP, event 128\n  State:\tt (tracing stop)\n  TracerPid: us\n"
        ),
        "{out}"
    );
    assert!(out.contains("spinner: exited 7\n"), "{out}");
    assert!(out.contains("reader: exited 5\n"), "{out}");
    assert!(out.contains("third: killed by KILL\n"), "{out}");
    assert!(out.ends_with("nobody exited 0\n"), "{out}");
}
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_clone_of_the_process_stops_each_of_its_threads_like_leak_sanitizer() {
    let out = Program::compile("c/ptrace_threads.c", &["-pthread"])
        .guest(&[])
        .with_proc()
        .same();
    assert_eq!(
        text(&out.stdout),
        "attach to our own process: -1 EPERM\n\
         waitpid without __WALL: -1 ECHILD\n\
         tracer: 4 threads listed, the first is the process 1\n\
         tracer: 4 stopped by SIGSTOP, 4 in tracing stop, 4 GETREGS, 4 GETREGSET, 4 detached\n\
         tracer exited 0\n\
         threads joined; the sleep completed\n"
    );
}
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn leak_sanitizer_reports_leaks_at_exit() {
    // Default ASAN_OPTIONS: leak detection on. The report's pids,
    // addresses and frames differ: its leak lines and summary are compared.
    // The check ends the program (status 1) before stdio is flushed.
    let program = Program::compile("c/ptrace_leak.c", &["-g", "-fsanitize=address", "-pthread"]);
    let script = "$P 2> /tmp/clean; echo \"clean $?\"; wc -c < /tmp/clean
        $P leak 2> /tmp/report; echo \"leak $?\"
        grep -E '^(Direct|Indirect) leak|^SUMMARY|ERROR: LeakSanitizer' /tmp/report \
            | sed 's/^==[0-9]*==//' | sort";
    let out = text(&program.shell(script).with_proc().same().stdout);
    assert_eq!(
        out,
        "no leak\nclean 0\n0\nleak 1\n\
         Direct leak of 24 byte(s) in 1 object(s) allocated from:\n\
         Direct leak of 7 byte(s) in 1 object(s) allocated from:\n\
         ERROR: LeakSanitizer: detected memory leaks\n\
         SUMMARY: AddressSanitizer: 31 byte(s) leaked in 2 allocation(s).\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_debugger_single_steps_and_sets_x87_and_general_registers() {
    let out = Program::compile("c/ptrace_step.c", &[]).guest(&[]).same();
    let out = text(&out.stdout);
    assert!(
        out.contains("step: signo 5 code 0x2\nstep 1: +2 eax 0 ecx 0\n"),
        "{out}"
    );
    assert!(
        out.contains("step 17: +38 eax -1 ecx 0\nsecond breakpoint: TRAP\n"),
        "{out}"
    );
    assert!(
        out.contains("  st(0): 40 00 c9 0f da a2 21 68 c2 35\n"),
        "{out}"
    );
    assert!(out.contains("child: st(0) after the tracer: 2\n"), "{out}");
    assert!(
        out.ends_with("ecx now 77\nchild exited 1, status 42\n"),
        "{out}"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn interrupted_calls_clone_and_exit_events_and_exitkill() {
    let out = Program::compile("c/ptrace_events.c", &[]).guest(&[]).same();
    let out = text(&out.stdout);
    assert!(
        out.starts_with("enter read\nexit read = -512\nsignal USR1\n"),
        "{out}"
    );
    assert!(out.contains("child: read -1 EINTR\n"), "{out}");
    assert!(out.contains("enter read\nexit read = 1\n"), "{out}");
    assert!(
        out.contains("clone event; the new thread stops with STOP, detached: 0\n"),
        "{out}"
    );
    assert!(
        out.ends_with(
            "exit event: message 0x500, orig_eax is exit_group 1\nexited 5\n\
             exitkill: the tracee's end of the pipe closed 1\n"
        ),
        "{out}"
    );
}

/// Random requests with random addresses and values at stopped tracees
/// (under tabvm only: their effects need not match): the machine survives
/// and each tracee still dies of SIGKILL.
#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn random_ptrace_requests_never_crash_the_machine() {
    let program = Program::compile("c/ptrace_fuzz.c", &[]);
    for seed in ["1", "2"] {
        let out = program.guest(&[seed, "30", "600"]).tabvm_ok();
        assert_eq!(out, "30 children killed after 18000 requests\n");
    }
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn the_tracer_collects_an_exit_before_the_real_parent() {
    let out = Program::compile("c/ptrace_reap.c", &[]).guest(&[]).same();
    assert_eq!(
        text(&out.stdout),
        "seize the grandchild: 0\nits signal-delivery-stop: TERM\ncont with it: 0\n\
         the parent reaped it before the tracer: 0 (EAGAIN)\n\
         the tracer collects it: 1, killed by TERM\nagain: -1 ECHILD\n\
         then the parent reaps it: 1, killed by TERM\nthe child exited 0\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_group_stop_shows_to_the_tracer_and_to_the_real_parent() {
    let out = Program::compile("c/ptrace_group.c", &["-pthread"])
        .guest(&[])
        .with_proc()
        .same();
    assert_eq!(
        text(&out.stdout),
        "tracer: seize 0\ntracer: signal-delivery-stop by SIGSTOP 1\n\
         tracer: group-stop (SIGSTOP, PTRACE_EVENT_STOP) 1\nparent: sees the stop 1 by STOP\n\
         parent: State:\tT (stopped)\nparent: State:\tt (tracing stop)\n\
         tracer: detach in the group-stop 0\nparent: after the detach State:\tT (stopped)\n\
         parent: sees it continue 1\nparent: killed by KILL\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_listening_tracee_stays_stopped_until_sigcont() {
    let out = Program::compile("c/ptrace_listen.c", &[])
        .guest(&[])
        .with_proc()
        .same();
    assert_eq!(
        text(&out.stdout),
        "signal: stopped 1 sig STOP event 0\nlisten in signal-delivery-stop: -1 EIO\n\
         group: stopped 1 sig STOP event 128\nlisten: 0 \nwaitpid WNOHANG: 0\n\
         getregs while listening: -1 ESRCH\nState:\tt (tracing stop)\n\
         after SIGCONT: stopped 1 sig TRAP event 128\nsiginfo signo 5 code 0x8005\n\
         next: stopped 1 sig CONT event 0\nwaitpid WNOHANG: 0\nkilled 1\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn vfork_and_vfork_done_events() {
    let out = Program::compile("c/ptrace_vfork.c", &[]).guest(&[]).same();
    assert_eq!(
        text(&out.stdout),
        "first stop: stopped by STOP, event 0\nparent: stopped by TRAP, event 2\n\
         child's first stop: 1, stopped by STOP, event 0\nparent: stopped by TRAP, event 5\n\
         vfork-done message is the child 1\nparent: stopped by CHLD, event 0\nparent: exited 14\n"
    );
}

#[test]
#[ignore = "needs the Debian i386 tree and image: run by cargo xtask test"]
fn a_traced_threads_exit_goes_to_its_tracer() {
    let out = Program::compile("c/ptrace_thread_exit.c", &[])
        .guest(&[])
        .same();
    assert_eq!(
        text(&out.stdout),
        "process: stopped by TRAP, event 3\nthread: 1, stopped by STOP, event 0\n\
         thread: 1, exited 3\nthread again: -1 ECHILD\nprocess: 1, exited 5\n"
    );
}
