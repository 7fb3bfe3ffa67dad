//! Unit tests of the interpreter on hand-assembled code: fault precision,
//! traps, code invalidation, segments, CPUID.

use crate::fault::Access;
use crate::{AddressSpace, Cpu, Exit, Fault, Memory, pte, reg};

const CODE: u32 = 0x1000;
const DATA: u32 = 0x8000;
const RWX: u32 = pte::READ | pte::WRITE | pte::EXEC;

fn machine(code: &[u8]) -> (Cpu, Memory, AddressSpace) {
    let mut mem = Memory::new(16 << 20);
    let mut a = AddressSpace::new();
    a.map_zeroed(&mut mem, CODE, 0x2000, RWX).unwrap();
    a.map_zeroed(&mut mem, DATA, 0x1000, pte::READ | pte::WRITE)
        .unwrap();
    a.map_zeroed(&mut mem, 0x10000, 0x1000, pte::READ | pte::WRITE)
        .unwrap();
    a.write(&mut mem, CODE, code).unwrap();
    let mut cpu = Cpu::new();
    cpu.eip = CODE;
    cpu.regs[reg::ESP] = 0x11000;
    (cpu, mem, a)
}

fn run(code: &[u8]) -> (Exit, Cpu, Memory, AddressSpace) {
    let (mut cpu, mut mem, mut a) = machine(code);
    let e = crate::run(&mut cpu, &mut mem, &mut a, 1000);
    (e, cpu, mem, a)
}

#[test]
fn syscall_exit_leaves_eip_after_int80() {
    let (e, cpu, ..) = run(&[0xb8, 4, 0, 0, 0, 0xcd, 0x80]);
    assert_eq!(e, Exit::Syscall);
    assert_eq!(cpu.eip, CODE + 7);
    assert_eq!(cpu.regs[reg::EAX], 4);
}

#[test]
fn sysenter_exit() {
    let (e, cpu, ..) = run(&[0x0f, 0x34]);
    assert_eq!(e, Exit::Sysenter);
    assert_eq!(cpu.eip, CODE + 2);
}

#[test]
fn store_fault_is_precise() {
    // inc eax; mov [0x9000], eax (unmapped); the add must not have happened twice.
    let (e, cpu, ..) = run(&[0x40, 0xa3, 0x00, 0x90, 0x00, 0x00, 0x40]);
    assert_eq!(
        e,
        Exit::Fault(Fault::Page {
            addr: 0x9000,
            access: Access::Write,
            present: false
        })
    );
    assert_eq!(cpu.eip, CODE + 1);
    assert_eq!(cpu.regs[reg::EAX], 1);
}

#[test]
fn read_modify_write_fault_keeps_flags() {
    // stc; add dword [0x9000], 1 -> fault; CF still set, nothing written.
    let (e, cpu, ..) = run(&[0xf9, 0x83, 0x05, 0x00, 0x90, 0x00, 0x00, 0x01]);
    assert!(matches!(e, Exit::Fault(Fault::Page { .. })));
    assert_eq!(cpu.eip, CODE + 1);
    assert!(cpu.flags.cf());
}

#[test]
fn push_fault_leaves_esp() {
    let (mut cpu, mut mem, mut a) = machine(&[0x50]);
    cpu.regs[reg::ESP] = 0x10000; // below is unmapped
    let e = crate::run(&mut cpu, &mut mem, &mut a, 100);
    assert!(matches!(e, Exit::Fault(Fault::Page { addr: 0xfffc, .. })));
    assert_eq!(cpu.regs[reg::ESP], 0x10000);
}

#[test]
fn divide_errors() {
    // xor edx, edx; xor ecx, ecx; div ecx
    let (e, cpu, ..) = run(&[0x31, 0xd2, 0x31, 0xc9, 0xf7, 0xf1]);
    assert_eq!(e, Exit::Fault(Fault::Divide));
    assert_eq!(cpu.eip, CODE + 4);
    // mov eax, 0x80000000; cdq; mov ecx, -1; idiv ecx -> overflow
    let (e, ..) = run(&[
        0xb8, 0, 0, 0, 0x80, 0x99, 0xb9, 0xff, 0xff, 0xff, 0xff, 0xf7, 0xf9,
    ]);
    assert_eq!(e, Exit::Fault(Fault::Divide));
    // aam 0
    let (e, ..) = run(&[0xd4, 0x00]);
    assert_eq!(e, Exit::Fault(Fault::Divide));
}

#[test]
fn traps_and_invalid_opcodes() {
    let (e, cpu, ..) = run(&[0x90, 0xcc]);
    assert_eq!(e, Exit::Fault(Fault::Breakpoint));
    assert_eq!(cpu.eip, CODE + 2, "int3 is a trap: eip after it");
    let (e, cpu, ..) = run(&[0x0f, 0x0b]);
    assert_eq!(e, Exit::Fault(Fault::InvalidOpcode));
    assert_eq!(cpu.eip, CODE);
    for code in [
        &[0xf4][..],
        &[0xfa],
        &[0xfb],
        &[0xe4, 0x60],
        &[0xee],
        &[0x6c],
        &[0xcd, 0x21],
    ] {
        let (e, ..) = run(code);
        assert_eq!(e, Exit::Fault(Fault::GeneralProtection), "{code:x?}");
    }
    // mov eax, cr0 / mov dr7, eax: privileged.
    for code in [&[0x0f, 0x20, 0xc0][..], &[0x0f, 0x23, 0xf8]] {
        let (e, ..) = run(code);
        assert_eq!(e, Exit::Fault(Fault::GeneralProtection), "{code:x?}");
    }
    // SSE (not advertised) is #UD: addps xmm0, xmm1.
    let (e, ..) = run(&[0x0f, 0x58, 0xc1]);
    assert_eq!(e, Exit::Fault(Fault::InvalidOpcode));
    // endbr32 and a multi-byte nop run as nops.
    let (e, cpu, ..) = run(&[
        0xf3, 0x0f, 0x1e, 0xfb, 0x0f, 0x1f, 0x44, 0x00, 0x00, 0xcd, 0x80,
    ]);
    assert_eq!(e, Exit::Syscall);
    assert_eq!(cpu.eip, CODE + 11);
    // rep bsf = tzcnt encoding: bsf on this CPU (no BMI1). ecx = 8 -> 3.
    let (_, cpu, ..) = run(&[0xb9, 8, 0, 0, 0, 0xf3, 0x0f, 0xbc, 0xc1, 0xcd, 0x80]);
    assert_eq!(cpu.regs[reg::EAX], 3);
    // prefetchnta [eax] with eax pointing nowhere: a hint, never a fault.
    let (e, cpu, ..) = run(&[0x0f, 0x18, 0x00, 0xcd, 0x80]);
    assert_eq!(e, Exit::Syscall);
    assert_eq!(cpu.eip, CODE + 5);
}

#[test]
fn cpuid_reports_exactly_the_implemented_features() {
    // xor eax, eax; cpuid; int 0x80
    let (_, cpu, ..) = run(&[0x31, 0xc0, 0x0f, 0xa2, 0xcd, 0x80]);
    let mut v = Vec::new();
    for r in [reg::EBX, reg::EDX, reg::ECX] {
        v.extend(cpu.regs[r].to_le_bytes());
    }
    assert_eq!(v, b"GenuineIntel");
    let [a, _, c, d] = crate::cpuid(1);
    assert_eq!((a >> 8) & 0xf, 6, "family 6");
    assert_eq!(c, 0);
    assert_eq!(
        d,
        1 | 1 << 4 | 1 << 8 | 1 << 15 | 1 << 23,
        "fpu tsc cx8 cmov mmx"
    );
}

#[test]
fn rdtsc_is_monotonic() {
    // rdtsc; mov ebx, eax; nop; rdtsc; int 0x80
    let (_, cpu, ..) = run(&[0x0f, 0x31, 0x89, 0xc3, 0x90, 0x0f, 0x31, 0xcd, 0x80]);
    assert!(cpu.regs[reg::EAX] > cpu.regs[reg::EBX]);
}

#[test]
fn self_modifying_code_is_seen() {
    // mov byte [CODE+9], 0x41 (inc ecx) ; jmp +0 ; then at CODE+9: nop -> inc ecx ; int 0x80
    let code = [
        0xc6, 0x05, 0x09, 0x10, 0x00, 0x00, 0x41, 0xeb, 0x00, 0x90, 0xcd, 0x80,
    ];
    let (mut cpu, mut mem, mut a) = machine(&code);
    // Run once with the nop to get the block cached.
    cpu.eip = CODE + 9;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!(cpu.regs[reg::ECX], 0);
    cpu.eip = CODE;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!(cpu.regs[reg::ECX], 1, "the rewritten instruction ran");
}

#[test]
fn store_into_the_running_block_takes_effect() {
    // mov byte [CODE+7], 0x41 ; (CODE+7:) nop -> inc ecx ; int 0x80, in one block.
    let code = [0xc6, 0x05, 0x07, 0x10, 0x00, 0x00, 0x41, 0x90, 0xcd, 0x80];
    let (e, cpu, ..) = run(&code);
    assert_eq!(e, Exit::Syscall);
    assert_eq!(cpu.regs[reg::ECX], 1);
}

#[test]
fn kernel_writes_invalidate_code() {
    let (mut cpu, mut mem, mut a) = machine(&[0x90, 0xcd, 0x80]);
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    a.write(&mut mem, CODE, &[0x41]).unwrap(); // copy_to_user: inc ecx
    cpu.eip = CODE;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!(cpu.regs[reg::ECX], 1);
    // Remapping the page to other bytes is seen too.
    let f = mem.alloc_frame().unwrap();
    mem.frame_mut(f)[..3].copy_from_slice(&[0x42, 0xcd, 0x80]); // inc edx
    a.map_frame(&mut mem, CODE, f, RWX);
    mem.frame_unref(f);
    cpu.eip = CODE;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!(cpu.regs[reg::EDX], 1);
    // And writing the frame directly (page cache) invalidates as well.
    mem.frame_mut(f)[0] = 0x43; // inc ebx
    cpu.eip = CODE;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!(cpu.regs[reg::EBX], 1);
}

#[test]
fn exec_permission_is_checked_per_page() {
    let (mut cpu, mut mem, mut a) = machine(&[]);
    // Last byte of the page starts a 5-byte mov; the next page is not executable.
    a.write(&mut mem, CODE + 0xfff, &[0xb8]).unwrap();
    a.protect(CODE + 0x1000, 0x1000, pte::READ | pte::WRITE);
    cpu.eip = CODE + 0xfff;
    let e = crate::run(&mut cpu, &mut mem, &mut a, 100);
    assert_eq!(
        e,
        Exit::Fault(Fault::Page {
            addr: CODE + 0x1000,
            access: Access::Execute,
            present: true
        })
    );
    // Data pages are not executable.
    cpu.eip = DATA;
    let e = crate::run(&mut cpu, &mut mem, &mut a, 100);
    assert_eq!(
        e,
        Exit::Fault(Fault::Page {
            addr: DATA,
            access: Access::Execute,
            present: true
        })
    );
    // A straddling instruction runs when both pages allow it, and a write to
    // the second page invalidates it.
    a.protect(CODE + 0x1000, 0x1000, RWX);
    a.write(&mut mem, CODE + 0x1000, &[1, 0, 0, 0, 0xcd, 0x80])
        .unwrap();
    cpu.eip = CODE + 0xfff;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!(cpu.regs[reg::EAX], 1);
    a.write(&mut mem, CODE + 0x1000, &[2]).unwrap();
    cpu.eip = CODE + 0xfff;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!(cpu.regs[reg::EAX], 2);
    // Remapping the second page to a frame that stays alive elsewhere (a
    // shared mapping) must not leave the straddling block stale.
    let keep = a.frame_of(CODE + 0x1000).unwrap();
    mem.frame_ref(keep);
    let f = mem.alloc_frame().unwrap();
    mem.frame_mut(f)[..6].copy_from_slice(&[3, 0, 0, 0, 0xcd, 0x80]);
    a.map_frame(&mut mem, CODE + 0x1000, f, RWX);
    mem.frame_unref(f);
    cpu.eip = CODE + 0xfff;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!(cpu.regs[reg::EAX], 3);
    // And making it non-executable faults again.
    a.protect(CODE + 0x1000, 0x1000, pte::READ);
    cpu.eip = CODE + 0xfff;
    assert!(matches!(
        crate::run(&mut cpu, &mut mem, &mut a, 100),
        Exit::Fault(Fault::Page { .. })
    ));
    mem.frame_unref(keep);
}

#[test]
fn tls_segments() {
    // mov eax, 0x63 ; mov gs, eax ; mov eax, gs:[4] ; int 0x80
    let code = [
        0xb8, 0x63, 0, 0, 0, 0x8e, 0xe8, 0x65, 0xa1, 4, 0, 0, 0, 0xcd, 0x80,
    ];
    let (mut cpu, mut mem, mut a) = machine(&code);
    let e = crate::run(&mut cpu, &mut mem, &mut a, 100);
    assert_eq!(e, Exit::Fault(Fault::GeneralProtection), "empty TLS entry");
    cpu.set_tls_descriptor(12, DATA, 0xfffff, 0x51).unwrap();
    a.write_u32(&mut mem, DATA + 4, 0xdead_beef).unwrap();
    cpu.eip = CODE;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!(cpu.regs[reg::EAX], 0xdead_beef);
    assert_eq!(cpu.seg_sel[crate::seg::GS], 0x63);
    assert_eq!(cpu.tls_descriptor(12).unwrap().base, DATA);
    // Other selectors fault; the flat ones load.
    let mut c2 = Cpu::new();
    assert_eq!(
        c2.load_segment(crate::seg::DS, 0x7b),
        Err(Fault::GeneralProtection)
    );
    assert_eq!(c2.load_segment(crate::seg::DS, 0x2b), Ok(()));
    assert_eq!(c2.load_segment(crate::seg::FS, 0), Ok(()));
    assert_eq!(
        c2.load_segment(crate::seg::SS, 0),
        Err(Fault::GeneralProtection)
    );
    assert!(c2.set_tls_descriptor(11, 0, 0, 0).is_err());
    assert!(c2.set_tls_descriptor(15, 0, 0, 0).is_err());
}

#[test]
fn rep_string_is_interruptible_and_resumes() {
    // mov ecx, 20000 ; mov edi, 0x10000 ; xor eax,eax ; rep stosb -> faults at 0x11000
    let code = [
        0xb9, 0x20, 0x4e, 0, 0, 0xbf, 0, 0, 1, 0, 0x31, 0xc0, 0xf3, 0xaa,
    ];
    let (mut cpu, mut mem, mut a) = machine(&code);
    let mut exits = 0;
    let e = loop {
        match crate::run(&mut cpu, &mut mem, &mut a, 10) {
            Exit::Budget => exits += 1,
            other => break other,
        }
        assert!(exits < 100);
    };
    assert_eq!(
        e,
        Exit::Fault(Fault::Page {
            addr: 0x11000,
            access: Access::Write,
            present: false
        })
    );
    assert_eq!(cpu.eip, CODE + 12);
    assert_eq!(cpu.regs[reg::EDI], 0x11000);
    assert_eq!(cpu.regs[reg::ECX], 20000 - 4096);
}

#[test]
fn budget_returns_and_resumes() {
    // loop: inc eax ; jmp loop (the decoder follows the jmp, so blocks hold
    // up to MAX_BLOCK instructions; the budget is checked between blocks).
    let (mut cpu, mut mem, mut a) = machine(&[0x40, 0xeb, 0xfd]);
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 1000), Exit::Budget);
    let n = cpu.regs[reg::EAX];
    assert!(
        (500..=500 + crate::block::MAX_BLOCK as u32 / 2).contains(&n),
        "{n}"
    );
    assert_eq!(cpu.icount, u64::from(n) * 2);
    assert_eq!(cpu.eip, CODE, "stopped between two iterations");
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 1000), Exit::Budget);
    assert!(cpu.regs[reg::EAX] > n);
}

#[test]
fn flags_round_trip() {
    let mut cpu = Cpu::new();
    cpu.set_eflags(0x8d5 | 0x400);
    assert_eq!(cpu.eflags(), 0x8d5 | 0x400 | 2);
    assert!(cpu.flags.cond(0) && cpu.flags.cond(2) && cpu.flags.cond(4));
}

#[test]
fn lock_prefix_rules() {
    // lock add ebx, eax (register destination): #UD on hardware.
    let (e, ..) = run(&[0xf0, 0x01, 0xc3]);
    assert_eq!(e, Exit::Fault(Fault::InvalidOpcode));
    // lock add [DATA], eax is fine.
    let (e, _, mut mem, mut a) = run(&[
        0xb8, 5, 0, 0, 0, 0xf0, 0x01, 0x05, 0x00, 0x80, 0x00, 0x00, 0xcd, 0x80,
    ]);
    assert_eq!(e, Exit::Syscall);
    assert_eq!(a.read_u32(&mut mem, DATA).unwrap(), 5);
}

#[test]
fn rep_movs_overlap_and_page_crossing() {
    // esi = DATA, edi = DATA+1, ecx = 5000 (crosses into 0x9000, unmapped
    // for writes after DATA's page): rep movsb replicates byte 0.
    // mov esi, DATA ; mov edi, DATA+1 ; mov ecx, 100 ; rep movsb ; int 0x80
    let code = [
        0xbe, 0x00, 0x80, 0, 0, 0xbf, 0x01, 0x80, 0, 0, 0xb9, 100, 0, 0, 0, 0xf3, 0xa4, 0xcd, 0x80,
    ];
    let (mut cpu, mut mem, mut a) = machine(&code);
    a.write(&mut mem, DATA, &[0xab]).unwrap();
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    let mut buf = [0u8; 102];
    a.read(&mut mem, DATA, &mut buf).unwrap();
    assert!(buf[..101].iter().all(|&b| b == 0xab) && buf[101] == 0);
    // rep stosd from DATA+0xff0 for 8 dwords: the page after DATA is not
    // mapped, so it faults after 4 with the registers saying so.
    // mov edi, DATA+0xff0 ; mov ecx, 8 ; mov eax, 0x11223344 ; rep stosd
    let code = [
        0xbf, 0xf0, 0x8f, 0, 0, 0xb9, 8, 0, 0, 0, 0xb8, 0x44, 0x33, 0x22, 0x11, 0xf3, 0xab,
    ];
    let (mut cpu, mut mem, mut a) = machine(&code);
    let e = crate::run(&mut cpu, &mut mem, &mut a, 100);
    assert_eq!(
        e,
        Exit::Fault(Fault::Page {
            addr: 0x9000,
            access: Access::Write,
            present: false
        })
    );
    assert_eq!(
        (cpu.regs[reg::ECX], cpu.regs[reg::EDI], cpu.eip),
        (4, 0x9000, CODE + 15)
    );
    assert_eq!(a.read_u32(&mut mem, DATA + 0xffc).unwrap(), 0x1122_3344);
}

#[test]
fn rep_stos_over_code_invalidates_it() {
    // Code at CODE+0x100: inc ecx ; int 0x80. Run it, then overwrite the
    // first byte with rep stosb (0x42 = inc edx) and run it again.
    let (mut cpu, mut mem, mut a) = machine(&[]);
    a.write(&mut mem, CODE + 0x100, &[0x41, 0xcd, 0x80])
        .unwrap();
    cpu.eip = CODE + 0x100;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    // mov edi, CODE+0x100 ; mov ecx, 1 ; mov al, 0x42 ; rep stosb ; jmp CODE+0x100
    let code = [
        0xbf, 0x00, 0x11, 0, 0, 0xb9, 1, 0, 0, 0, 0xb0, 0x42, 0xf3, 0xaa, 0xe9, 0xed, 0x00, 0x00,
        0x00,
    ];
    a.write(&mut mem, CODE, &code).unwrap();
    cpu.eip = CODE;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!((cpu.regs[reg::ECX], cpu.regs[reg::EDX]), (0, 1));
}

#[test]
fn code_cache_is_bounded() {
    // 16 KiB of `nop`s ending in int 0x80, entered at every offset: the
    // cache never holds more than its limit.
    let mut mem = Memory::new(64 << 20);
    let mut a = AddressSpace::new();
    let base = 0x100_0000;
    a.map_zeroed(&mut mem, base, 0x4000, RWX).unwrap();
    let mut code = vec![0x90u8; 0x4000];
    code[0x3ffe] = 0xcd;
    code[0x3fff] = 0x80;
    a.write(&mut mem, base, &code).unwrap();
    mem.code_cache.limit = 10_000;
    let mut cpu = Cpu::new();
    let mut peak = 0;
    for off in 0..0x3000 {
        cpu.eip = base + off;
        let _ = crate::run(&mut cpu, &mut mem, &mut a, 64);
        peak = peak.max(mem.code_cache.ops());
        assert!(mem.code_cache.ops() <= 10_000);
    }
    assert!(peak > 9_000, "the cache filled up to its limit ({peak})");
    // Still correct after flushes: code is re-decoded.
    cpu.eip = base + 0x3ff0;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 64), Exit::Syscall);
    a.write(&mut mem, base + 0x3ffe, &[0x0f, 0x0b]).unwrap();
    cpu.eip = base + 0x3ff0;
    assert_eq!(
        crate::run(&mut cpu, &mut mem, &mut a, 64),
        Exit::Fault(Fault::InvalidOpcode)
    );
}

#[test]
fn rarely_used_legal_instructions() {
    // stc ; salc ; mov ebx, eax ; clc ; salc ; int 0x80
    let (_, cpu, ..) = run(&[0xf9, 0xd6, 0x89, 0xc3, 0xf8, 0xd6, 0xcd, 0x80]);
    assert_eq!(
        (cpu.regs[reg::EBX] & 0xff, cpu.regs[reg::EAX] & 0xff),
        (0xff, 0)
    );
    // mov eax, 0x78 ; mov ecx, 0x0b ; arpl ax, cx ; int 0x80: RPL 0 -> 3, ZF.
    let (_, cpu, ..) = run(&[
        0xb8, 0x78, 0, 0, 0, 0xb9, 0x0b, 0, 0, 0, 0x63, 0xc8, 0xcd, 0x80,
    ]);
    assert_eq!(cpu.regs[reg::EAX], 0x7b);
    assert!(cpu.flags.zf());
    // icebp traps with eip after it.
    let (e, cpu, ..) = run(&[0xf1]);
    assert_eq!((e, cpu.eip), (Exit::Fault(Fault::Breakpoint), CODE + 1));
    // bound eax, [DATA] with bounds [0, 10]: 11 is out of range (#BR, eip at it).
    let (mut cpu, mut mem, mut a) = machine(&[0x62, 0x05, 0x00, 0x80, 0x00, 0x00, 0xcd, 0x80]);
    a.write_u32(&mut mem, DATA + 4, 10).unwrap();
    cpu.regs[reg::EAX] = 11;
    assert_eq!(
        crate::run(&mut cpu, &mut mem, &mut a, 10),
        Exit::Fault(Fault::Bound)
    );
    assert_eq!(cpu.eip, CODE);
    cpu.regs[reg::EAX] = 10;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 10), Exit::Syscall);
}

#[test]
fn address_size_16_wraps_at_64k() {
    // 67 8b 40 04 = mov eax, [bx+si+4] with 16-bit addressing.
    let (mut cpu, mut mem, mut a) = machine(&[0x67, 0x8b, 0x40, 0x04, 0xcd, 0x80]);
    a.map_zeroed(&mut mem, 0, 0x1000, pte::READ | pte::WRITE)
        .unwrap();
    a.write_u32(&mut mem, 0x14, 0xcafe_babe).unwrap();
    cpu.regs[reg::EBX] = 0x1234_fff0;
    cpu.regs[reg::ESI] = 0x20;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 10), Exit::Syscall);
    assert_eq!(cpu.regs[reg::EAX], 0xcafe_babe);
    // 67 a4 = movsb with si/di, 66 67 f3 a5 = rep movsw with cx/si/di.
    let (mut cpu, mut mem, mut a) = machine(&[0x67, 0xa4, 0x66, 0x67, 0xf3, 0xa5, 0xcd, 0x80]);
    a.map_zeroed(&mut mem, 0, 0x1000, pte::READ | pte::WRITE)
        .unwrap();
    a.write(&mut mem, 0x100, &[1, 2, 3, 4, 5]).unwrap();
    cpu.regs[reg::ESI] = 0xabcd_0100;
    cpu.regs[reg::EDI] = 0x5555_0200;
    cpu.regs[reg::ECX] = 0x7777_0002;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 10), Exit::Syscall);
    let mut b = [0u8; 5];
    a.read(&mut mem, 0x200, &mut b).unwrap();
    assert_eq!(b, [1, 2, 3, 4, 5]);
    assert_eq!(
        (cpu.regs[reg::ESI], cpu.regs[reg::EDI], cpu.regs[reg::ECX]),
        (0xabcd_0105, 0x5555_0205, 0x7777_0000)
    );
}

#[test]
fn followed_jumps_and_calls() {
    // call f ; int 0x80 ; f: inc ebx ; jmp g ; (junk) ; g: ret
    // 0: e8 03 00 00 00   call 8
    // 5: cd 80            int 0x80
    // 7: 90               (never run)
    // 8: 43               inc ebx
    // 9: eb 01            jmp 0xc
    // b: 0f               (junk: #UD if run)
    // c: c3               ret
    let code = [
        0xe8, 3, 0, 0, 0, 0xcd, 0x80, 0x90, 0x43, 0xeb, 0x01, 0x0f, 0xc3,
    ];
    let (e, cpu, mut mem, mut a) = run(&code);
    assert_eq!(e, Exit::Syscall);
    assert_eq!(
        (cpu.regs[reg::EBX], cpu.eip, cpu.regs[reg::ESP]),
        (1, CODE + 7, 0x11000)
    );
    assert_eq!(
        a.read_u32(&mut mem, 0x11000 - 4).unwrap(),
        CODE + 5,
        "return address pushed"
    );
    // A fault in the followed callee reports the callee's eip.
    let code = [0xe8, 3, 0, 0, 0, 0xcd, 0x80, 0x90, 0x0f, 0x0b];
    let (e, cpu, ..) = run(&code);
    assert_eq!((e, cpu.eip), (Exit::Fault(Fault::InvalidOpcode), CODE + 8));
    // A jump to the last bytes of the page, where the next page is not
    // executable: the branch itself transfers, the fault comes from there.
    let (mut cpu, mut mem, mut a) = machine(&[]);
    a.protect(CODE + 0x1000, 0x1000, pte::READ);
    // jmp CODE+0xfff ; (at 0xfff) b8 = mov eax, imm32 straddling.
    a.write(&mut mem, CODE, &[0xe9, 0xfa, 0x0f, 0x00, 0x00])
        .unwrap();
    a.write(&mut mem, CODE + 0xfff, &[0xb8]).unwrap();
    assert_eq!(
        crate::run(&mut cpu, &mut mem, &mut a, 100),
        Exit::Fault(Fault::Page {
            addr: CODE + 0x1000,
            access: Access::Execute,
            present: true
        })
    );
    assert_eq!(cpu.eip, CODE + 0xfff);
}

#[test]
fn code_write_by_a_followed_call_resumes_at_its_target() {
    // The stack is in the code page: the push of a followed call writes
    // code (invalidating the block) and execution must go on at the callee.
    // call f ; (5:) ud2 ; f (7:) inc ecx ; int 0x80
    let code = [0xe8, 0x02, 0, 0, 0, 0x0f, 0x0b, 0x41, 0xcd, 0x80];
    let (mut cpu, mut mem, mut a) = machine(&code);
    cpu.regs[reg::ESP] = CODE + 0x800;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 100), Exit::Syscall);
    assert_eq!(cpu.regs[reg::ECX], 1);
    assert_eq!(a.read_u32(&mut mem, CODE + 0x7fc).unwrap(), CODE + 5);
}

#[test]
fn umip_instructions_give_linuxs_emulated_values() {
    // mov edx, 0x1234; smsw ebx; str ecx; sldt edx; int3
    let (e, cpu, ..) = run(&[
        0xba, 0x34, 0x12, 0, 0, 0x0f, 0x01, 0xe3, 0x0f, 0x00, 0xc9, 0x0f, 0x00, 0xc2, 0xcc,
    ]);
    assert_eq!(e, Exit::Fault(Fault::Breakpoint));
    assert_eq!(
        [cpu.regs[reg::EBX], cpu.regs[reg::ECX], cpu.regs[reg::EDX]],
        [0x8005_0033, 0x40, 0]
    );
    // rdpmc faults while CR4.PCE is clear.
    let (e, ..) = run(&[0x0f, 0x33]);
    assert_eq!(e, Exit::Fault(Fault::GeneralProtection));
}

#[test]
fn chained_block_is_rechecked_against_the_page_table() {
    // 0x1000: mov eax, 1; jmp 0x2000 (another page: the block ends there)
    // 0x2000: mov ebx, 2; int 0x80
    let (mut cpu, mut mem, mut a) = machine(&[0xb8, 1, 0, 0, 0, 0xe9, 0xf6, 0x0f, 0, 0]);
    a.write(&mut mem, 0x2000, &[0xbb, 2, 0, 0, 0, 0xcd, 0x80])
        .unwrap();
    // A forked space shares both frames; its copy-on-write store to the
    // second page gives it a new frame without touching the old one's code.
    let mut child = a.fork(&mut mem);
    child.write(&mut mem, 0x2001, &[3]).unwrap();
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 1000), Exit::Syscall);
    assert_eq!(cpu.regs[reg::EBX], 2);
    // The first block is shared and now chained to the parent's second
    // block; the child must run its own.
    let mut cpu = Cpu::new();
    cpu.eip = CODE;
    assert_eq!(
        crate::run(&mut cpu, &mut mem, &mut child, 1000),
        Exit::Syscall
    );
    assert_eq!(cpu.regs[reg::EBX], 3);
    // And the parent still runs its own after that.
    let mut cpu = Cpu::new();
    cpu.eip = CODE;
    assert_eq!(crate::run(&mut cpu, &mut mem, &mut a, 1000), Exit::Syscall);
    assert_eq!(cpu.regs[reg::EBX], 2);
}

#[test]
fn step_runs_one_instruction_at_a_time() {
    // inc eax; jmp +1 (over a nop, followed inside the block); nop;
    // call +0 (followed); pop ecx; int 0x80.
    let code = [0x40, 0xeb, 0x01, 0x90, 0xe8, 0, 0, 0, 0, 0x59, 0xcd, 0x80];
    let (mut cpu, mut mem, mut a) = machine(&code);
    let mut trail = Vec::new();
    for _ in 0..5 {
        let e = crate::step(&mut cpu, &mut mem, &mut a);
        trail.push((e, cpu.eip - CODE, cpu.regs[reg::EAX]));
    }
    assert_eq!(
        trail,
        [
            (Exit::Budget, 1, 1),
            (Exit::Budget, 4, 1),
            (Exit::Budget, 9, 1),
            (Exit::Budget, 10, 1),
            (Exit::Syscall, 12, 1),
        ]
    );
    assert_eq!(cpu.regs[reg::ECX], CODE + 9);
    assert_eq!(cpu.icount, 5);
}
