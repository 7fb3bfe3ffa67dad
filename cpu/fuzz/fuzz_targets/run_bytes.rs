//! Executes fuzzer-provided bytes as guest code: the first 32 bytes set the
//! registers, the rest is the code page. Nothing may panic; every exit must
//! be a value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tabvm_cpu::{AddressSpace, Cpu, Exit, Memory, pte, reg};

fuzz_target!(|data: &[u8]| {
    if data.len() < 33 {
        return;
    }
    let (regs, code) = data.split_at(32);
    let code = &code[..code.len().min(0x2000)];
    let mut mem = Memory::new(1 << 20);
    let mut aspace = AddressSpace::new();
    let rwx = pte::READ | pte::WRITE | pte::EXEC;
    aspace.map_zeroed(&mut mem, 0x1000, 0x2000, rwx).unwrap();
    aspace.map_zeroed(&mut mem, 0x8000, 0x1000, pte::READ | pte::WRITE).unwrap();
    aspace.write(&mut mem, 0x1000, code).unwrap();
    let mut cpu = Cpu::new();
    for (k, c) in regs.chunks(4).enumerate() {
        cpu.regs[k] = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    cpu.regs[reg::ESP] = 0x8f00;
    cpu.eip = 0x1000;
    for _ in 0..16 {
        match tabvm_cpu::run(&mut cpu, &mut mem, &mut aspace, 1000) {
            Exit::Budget | Exit::Syscall | Exit::Sysenter => {}
            Exit::Fault(_) => break,
        }
    }
    aspace.unmap(&mut mem, 0x1000, 0x2000);
    aspace.unmap(&mut mem, 0x8000, 0x1000);
    assert_eq!(mem.frames_in_use(), 0);
});
