//! No guest input panics the interpreter (DESIGN.md, decision 2): random
//! bytes are executed in a sandbox address space for a bounded number of
//! steps, and every exit must be a well-formed value consistent with the
//! page table. Deterministic (fixed xorshift seed), bounded (a fixed number
//! of programs, a fixed budget each).

use tabvm_cpu::{Access, AddressSpace, Cpu, Exit, Fault, Memory, pte, reg};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

const CODE: u32 = 0x40_0000;
const DATA: u32 = 0x50_0000;
const STACK: u32 = 0x60_0000;

/// Random bytes with a bias towards common one-byte opcodes and prefixes,
/// so that more decodable instruction streams get executed.
fn program(rng: &mut Rng, len: usize) -> Vec<u8> {
    const COMMON: &[u8] = &[
        0x01, 0x03, 0x29, 0x31, 0x39, 0x66, 0x67, 0x0f, 0x83, 0x89, 0x8b, 0x8d, 0xf7, 0xd1, 0xd3,
        0xc1, 0xa4, 0xa5, 0xaa, 0xab, 0xf3, 0xf2, 0x20, 0x22, 0x21, 0x23, 0x8c, 0x8e, 0x50, 0x58,
        0x64, 0x65, 0xe8, 0xc3, 0x74, 0x75, 0xeb, 0x9c, 0x9d, 0xd8, 0xd9, 0xdd,
    ];
    (0..len)
        .map(|_| {
            let r = rng.next();
            if r.is_multiple_of(3) {
                COMMON[(r >> 8) as usize % COMMON.len()]
            } else {
                (r >> 16) as u8
            }
        })
        .collect()
}

fn check_exit(e: Exit, cpu: &Cpu, aspace: &AddressSpace) {
    match e {
        Exit::Budget | Exit::Syscall | Exit::Sysenter => {}
        Exit::Fault(Fault::Page {
            addr,
            access,
            present,
        }) => {
            let entry = aspace.pte(addr);
            assert_eq!(
                entry & pte::PRESENT != 0,
                present,
                "present flag of a fault at {addr:#x}"
            );
            if present {
                let need = match access {
                    Access::Read => pte::READ,
                    Access::Write => pte::WRITE,
                    Access::Execute => pte::EXEC,
                };
                assert_eq!(
                    entry & need,
                    0,
                    "fault at {addr:#x} on a page that allows {access:?}"
                );
            }
        }
        Exit::Fault(
            Fault::GeneralProtection
            | Fault::InvalidOpcode
            | Fault::Divide
            | Fault::X87
            | Fault::Breakpoint
            | Fault::Overflow
            | Fault::Bound
            | Fault::OutOfMemory,
        ) => {}
    }
    let _ = cpu.eflags();
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut mem = Memory::new(8 << 20);
    let mut aspace = AddressSpace::new();
    let mut faults = 0;
    let mut syscalls = 0;
    for _ in 0..3000 {
        aspace
            .map_zeroed(&mut mem, CODE, 0x2000, pte::READ | pte::WRITE | pte::EXEC)
            .unwrap();
        aspace
            .map_zeroed(&mut mem, DATA, 0x1000, pte::READ | pte::WRITE)
            .unwrap();
        aspace
            .map_zeroed(&mut mem, DATA + 0x1000, 0x1000, pte::READ)
            .unwrap();
        aspace
            .map_zeroed(&mut mem, STACK - 0x1000, 0x1000, pte::READ | pte::WRITE)
            .unwrap();
        let len = 0x1800 + rng.byte() as usize * 8;
        let code = program(&mut rng, len);
        aspace.write(&mut mem, CODE, &code).unwrap();
        let mut cpu = Cpu::new();
        cpu.eip = CODE + u32::from(rng.byte());
        for (k, r) in cpu.regs.iter_mut().enumerate() {
            *r = match rng.next() % 4 {
                0 => DATA + (rng.next() as u32 & 0x1fff),
                1 => rng.next() as u32,
                2 => rng.next() as u32 & 0xff,
                _ => k as u32,
            };
        }
        cpu.regs[reg::ESP] = STACK - 0x100;
        cpu.set_eflags(rng.next() as u32 & 0xcd5);
        // A fork half of the time, so copy-on-write runs under random code.
        let mut child = rng.next().is_multiple_of(2).then(|| aspace.fork(&mut mem));
        let target = child.as_mut().unwrap_or(&mut aspace);
        for _ in 0..8 {
            let e = tabvm_cpu::run(&mut cpu, &mut mem, target, 300);
            check_exit(e, &cpu, target);
            match e {
                Exit::Budget => {}
                Exit::Syscall | Exit::Sysenter => {
                    syscalls += 1;
                    cpu.regs[reg::EAX] = (-38i32) as u32;
                }
                Exit::Fault(Fault::Breakpoint | Fault::Overflow) => {}
                Exit::Fault(_) => {
                    faults += 1;
                    break;
                }
            }
        }
        // Unmapping the known ranges (instead of `clear`, which walks the
        // whole table) keeps the test fast; the leak check proves nothing
        // else got mapped.
        for s in [&mut aspace].into_iter().chain(child.as_mut()) {
            s.unmap(&mut mem, CODE, 0x2000);
            s.unmap(&mut mem, DATA, 0x2000);
            s.unmap(&mut mem, STACK - 0x1000, 0x1000);
        }
        assert_eq!(mem.frames_in_use(), 0, "frames leaked");
    }
    assert!(faults > 100, "random code should fault often ({faults})");
    let _ = syscalls;
}

#[test]
fn random_bytes_in_every_page_position() {
    // Blocks that run off the end of the code page into unmapped memory.
    let mut rng = Rng(12345);
    let mut mem = Memory::new(1 << 20);
    let mut aspace = AddressSpace::new();
    for _ in 0..500 {
        aspace
            .map_zeroed(&mut mem, CODE, 0x1000, pte::READ | pte::EXEC)
            .unwrap();
        let tail: Vec<u8> = (0..16).map(|_| rng.byte()).collect();
        let f = aspace.frame_of(CODE).unwrap();
        mem.frame_mut(f)[0x1000 - 16..].copy_from_slice(&tail);
        let mut cpu = Cpu::new();
        cpu.eip = CODE + 0x1000 - 1 - (rng.byte() as u32 % 16);
        cpu.regs[reg::ESP] = DATA;
        let e = tabvm_cpu::run(&mut cpu, &mut mem, &mut aspace, 50);
        check_exit(e, &cpu, &aspace);
        aspace.unmap(&mut mem, CODE, 0x1000);
    }
    assert_eq!(mem.frames_in_use(), 0);
}
