//! TEST AND BENCH SCAFFOLDING, not the kernel: a minimal runner for static
//! i386 ELF programs, so the CPU can run real glibc binaries before the
//! kernel exists. It loads PT_LOAD segments, builds the initial stack
//! (argv, envp, auxv with AT_PHDR/AT_PHENT/AT_PHNUM/AT_PAGESZ/AT_ENTRY/
//! AT_RANDOM; System V i386 ABI, "Process Initialization") and implements
//! the handful of syscalls a static glibc program needs to print and exit.
//! Everything else returns ENOSYS. The real kernel (kernel/) replaces it.

#![allow(dead_code)]

use std::io::Write;
use tabvm_cpu::{AddressSpace, Cpu, Exit, Fault, Memory, pte, reg};

const STACK_TOP: u32 = 0xc000_0000;
const STACK_SIZE: u32 = 8 << 20;
const MMAP_TOP: u32 = 0xb000_0000;
const RWX: u32 = pte::READ | pte::WRITE | pte::EXEC;

const ENOENT: i32 = 2;
const EBADF: i32 = 9;
const ENOMEM: i32 = 12;
const EFAULT: i32 = 14;
const EINVAL: i32 = 22;
const ENOTTY: i32 = 25;
const ENOSYS: i32 = 38;

/// A loaded static program.
pub struct Machine {
    pub cpu: Cpu,
    pub mem: Memory,
    pub aspace: AddressSpace,
    brk_start: u32,
    brk: u32,
    mmap_next: u32,
    /// Bytes the guest wrote to fd 1.
    pub stdout: Vec<u8>,
    /// Forward fd 1 to the host's stdout instead of capturing it.
    pub passthrough: bool,
    /// Instructions executed (from the CPU's counter).
    pub exit_code: Option<i32>,
}

fn rd16(b: &[u8], o: usize) -> u16 {
    u16::from_le_bytes([b[o], b[o + 1]])
}
fn rd32(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]])
}

impl Machine {
    /// Loads an ELF image and builds its stack.
    pub fn load(elf: &[u8], argv: &[&str], envp: &[&str]) -> Result<Machine, String> {
        if elf.len() < 52 || &elf[..4] != b"\x7fELF" || elf[4] != 1 || rd16(elf, 18) != 3 {
            return Err("not an i386 ELF32 file".into());
        }
        // ET_EXEC, or ET_DYN for static-pie (it relocates itself); programs
        // with an interpreter (PT_INTERP) need the real kernel.
        let base = match rd16(elf, 16) {
            2 => 0,
            3 => 0x5655_5000,
            _ => return Err("not an executable".into()),
        };
        let entry = rd32(elf, 24).wrapping_add(base);
        let phoff = rd32(elf, 28) as usize;
        let phentsize = rd16(elf, 42) as usize;
        let phnum = rd16(elf, 44) as usize;
        let mut mem = Memory::new(2 << 30);
        let mut aspace = AddressSpace::new();
        let mut end = 0u32;
        let mut phdr_addr = 0u32;
        for k in 0..phnum {
            let o = phoff + k * phentsize;
            let h = elf.get(o..o + 32).ok_or("truncated program headers")?;
            let (ty, off, filesz, memsz) = (rd32(h, 0), rd32(h, 4), rd32(h, 16), rd32(h, 20));
            let vaddr = rd32(h, 8).wrapping_add(base);
            if ty == 3 {
                return Err("dynamically linked (PT_INTERP): build with -static".into());
            }
            if ty != 1 {
                continue;
            }
            let start = vaddr & !0xfff;
            let stop = vaddr.checked_add(memsz).ok_or("segment wraps")?;
            for page in (start..stop).step_by(4096) {
                if aspace.frame_of(page).is_none() {
                    aspace
                        .map_zeroed(&mut mem, page, 4096, RWX)
                        .map_err(|f| format!("{f:?}"))?;
                }
            }
            let data = elf
                .get(off as usize..(off + filesz) as usize)
                .ok_or("truncated segment")?;
            aspace
                .write(&mut mem, vaddr, data)
                .map_err(|f| format!("{f:?}"))?;
            if phoff as u32 >= off && (phoff as u32) < off + filesz {
                phdr_addr = vaddr + (phoff as u32 - off);
            }
            end = end.max(stop);
        }
        let brk = (end + 0xfff) & !0xfff;
        let mut m = Machine {
            cpu: Cpu::new(),
            mem,
            aspace,
            brk_start: brk,
            brk,
            mmap_next: MMAP_TOP,
            stdout: Vec::new(),
            passthrough: false,
            exit_code: None,
        };
        m.aspace
            .map_zeroed(
                &mut m.mem,
                STACK_TOP - STACK_SIZE,
                STACK_SIZE,
                pte::READ | pte::WRITE,
            )
            .map_err(|f| format!("{f:?}"))?;
        m.build_stack(argv, envp, entry, phdr_addr, phnum as u32)
            .map_err(|f| format!("{f:?}"))?;
        m.cpu.eip = entry;
        Ok(m)
    }

    fn build_stack(
        &mut self,
        argv: &[&str],
        envp: &[&str],
        entry: u32,
        phdr: u32,
        phnum: u32,
    ) -> Result<(), Fault> {
        let mut sp = STACK_TOP;
        let mut push_bytes = |m: &mut Machine, b: &[u8]| -> Result<u32, Fault> {
            sp -= b.len() as u32;
            m.aspace.write(&mut m.mem, sp, b)?;
            Ok(sp)
        };
        let mut strs = Vec::new();
        for s in argv.iter().chain(envp) {
            let mut b = s.as_bytes().to_vec();
            b.push(0);
            strs.push(push_bytes(self, &b)?);
        }
        let platform = push_bytes(self, b"i686\0")?;
        let random = push_bytes(
            self,
            &[
                0x5a, 0x13, 0x77, 0x42, 0x01, 0x99, 0xee, 0x10, 0x33, 0x21, 0x64, 0x08, 0x7b, 0xc4,
                0x2d, 0x6e,
            ],
        )?;
        let auxv: [(u32, u32); 14] = [
            (3, phdr),    // AT_PHDR
            (4, 32),      // AT_PHENT
            (5, phnum),   // AT_PHNUM
            (6, 4096),    // AT_PAGESZ
            (7, 0),       // AT_BASE
            (8, 0),       // AT_FLAGS
            (9, entry),   // AT_ENTRY
            (11, 0),      // AT_UID
            (12, 0),      // AT_EUID
            (13, 0),      // AT_GID
            (14, 0),      // AT_EGID
            (17, 100),    // AT_CLKTCK
            (25, random), // AT_RANDOM
            (15, platform),
        ];
        let mut words: Vec<u32> = vec![argv.len() as u32];
        words.extend(&strs[..argv.len()]);
        words.push(0);
        words.extend(&strs[argv.len()..]);
        words.push(0);
        for (k, v) in auxv {
            words.push(k);
            words.push(v);
        }
        words.push(0);
        words.push(0);
        sp = (sp - words.len() as u32 * 4) & !15;
        let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        self.aspace.write(&mut self.mem, sp, &bytes)?;
        self.cpu.regs[reg::ESP] = sp;
        Ok(())
    }

    /// Runs until the program exits; returns its exit status (or 128 + signal
    /// number for a fatal fault, printing a line to stderr).
    pub fn run(&mut self) -> i32 {
        let trace = std::env::var_os("TABVM_TRACE").is_some();
        loop {
            if trace {
                let r = &self.cpu.regs;
                eprintln!(
                    "eip {:08x} eax {:08x} ecx {:08x} edx {:08x} ebx {:08x} esp {:08x} ebp {:08x} esi {:08x} edi {:08x} fl {:08x}",
                    self.cpu.eip,
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    self.cpu.eflags()
                );
            }
            match tabvm_cpu::run(
                &mut self.cpu,
                &mut self.mem,
                &mut self.aspace,
                if trace { 1 } else { 1 << 20 },
            ) {
                Exit::Budget => {}
                Exit::Syscall | Exit::Sysenter => {
                    self.syscall();
                    if let Some(c) = self.exit_code {
                        return c;
                    }
                }
                Exit::Fault(f) => {
                    self.flush();
                    eprintln!("run_static: {f:?} at eip {:#010x}", self.cpu.eip);
                    let sig = match f {
                        Fault::InvalidOpcode => 4,
                        Fault::Divide | Fault::X87 => 8,
                        Fault::Breakpoint => 5,
                        _ => 11,
                    };
                    return 128 + sig;
                }
            }
        }
    }

    fn flush(&mut self) {
        if self.passthrough {
            let _ = std::io::stdout().flush();
        }
    }

    fn out(&mut self, fd: u32, b: &[u8]) -> i32 {
        match fd {
            1 if self.passthrough => {
                let _ = std::io::stdout().write_all(b);
            }
            1 => self.stdout.extend_from_slice(b),
            2 => {
                let _ = std::io::stderr().write_all(b);
            }
            _ => return -EBADF,
        }
        b.len() as i32
    }

    fn write_stat64(&mut self, addr: u32) -> i32 {
        let mut st = [0u8; 96];
        st[12..16].copy_from_slice(&1u32.to_le_bytes());
        st[16..20].copy_from_slice(&0o010_600u32.to_le_bytes()); // S_IFIFO | 0600
        st[20..24].copy_from_slice(&1u32.to_le_bytes());
        st[52..56].copy_from_slice(&4096u32.to_le_bytes());
        st[88..96].copy_from_slice(&1u64.to_le_bytes());
        if self.aspace.write(&mut self.mem, addr, &st).is_err() {
            -EFAULT
        } else {
            0
        }
    }

    fn syscall(&mut self) {
        let r = self.cpu.regs;
        let (nr, a, b, c, d) = (
            r[reg::EAX],
            r[reg::EBX],
            r[reg::ECX],
            r[reg::EDX],
            r[reg::ESI],
        );
        let ret: i32 = match nr {
            1 | 252 => {
                self.flush();
                self.exit_code = Some((a & 0xff) as i32);
                0
            }
            4 => {
                let mut buf = vec![0u8; c.min(1 << 24) as usize];
                match self.aspace.read(&mut self.mem, b, &mut buf) {
                    Ok(()) => self.out(a, &buf),
                    Err(_) => -EFAULT,
                }
            }
            146 => {
                let mut total = 0i32;
                for k in 0..c.min(1024) {
                    let (Ok(base), Ok(len)) = (
                        self.aspace.read_u32(&mut self.mem, b + k * 8),
                        self.aspace.read_u32(&mut self.mem, b + k * 8 + 4),
                    ) else {
                        total = -EFAULT;
                        break;
                    };
                    let mut buf = vec![0u8; len.min(1 << 24) as usize];
                    if self.aspace.read(&mut self.mem, base, &mut buf).is_err() {
                        total = -EFAULT;
                        break;
                    }
                    let n = self.out(a, &buf);
                    if n < 0 {
                        total = n;
                        break;
                    }
                    total += n;
                }
                total
            }
            45 => {
                if a > self.brk {
                    let from = (self.brk + 0xfff) & !0xfff;
                    let to = (a + 0xfff) & !0xfff;
                    if to > from
                        && self
                            .aspace
                            .map_zeroed(&mut self.mem, from, to - from, RWX)
                            .is_err()
                    {
                        self.cpu.regs[reg::EAX] = self.brk;
                        return;
                    }
                    self.brk = a;
                } else if a >= self.brk_start {
                    self.brk = a;
                }
                self.brk as i32
            }
            192 => {
                // mmap2(addr, len, prot, flags, fd, pgoff): anonymous only.
                let len = b.wrapping_add(0xfff) & !0xfff;
                if d & 0x20 == 0 || len == 0 {
                    -ENOSYS
                } else {
                    let at = if d & 0x10 != 0 {
                        a & !0xfff
                    } else {
                        self.mmap_next = self.mmap_next.wrapping_sub(len);
                        self.mmap_next
                    };
                    match self.aspace.map_zeroed(&mut self.mem, at, len, RWX) {
                        Ok(()) => at as i32,
                        Err(_) => -ENOMEM,
                    }
                }
            }
            91 => {
                self.aspace
                    .unmap(&mut self.mem, a & !0xfff, (b + 0xfff) & !0xfff);
                0
            }
            125 => 0, // mprotect: everything stays RWX here
            243 => self.set_thread_area(a),
            122 => {
                let mut u = [0u8; 390];
                for (k, s) in ["Linux", "tabvm", "6.1.0", "#1 SMP", "i686", "(none)"]
                    .iter()
                    .enumerate()
                {
                    u[k * 65..k * 65 + s.len()].copy_from_slice(s.as_bytes());
                }
                if self.aspace.write(&mut self.mem, a, &u).is_err() {
                    -EFAULT
                } else {
                    0
                }
            }
            85 | 305 => -ENOENT, // readlink, readlinkat
            54 => -ENOTTY,
            197 => {
                if a <= 2 {
                    self.write_stat64(b)
                } else {
                    -EBADF
                }
            }
            300 => {
                if a <= 2 {
                    self.write_stat64(c)
                } else {
                    -EBADF
                }
            }
            383 => {
                // statx(dirfd, path, flags, mask, buf): only fds 0..2 via
                // AT_EMPTY_PATH, described as a pipe.
                let buf = r[reg::EDI];
                if a <= 2 && d & 0x1000 != 0 {
                    let mut st = [0u8; 256];
                    st[0..4].copy_from_slice(&0x7ffu32.to_le_bytes()); // STATX_BASIC_STATS
                    st[4..8].copy_from_slice(&4096u32.to_le_bytes()); // blksize
                    st[16..20].copy_from_slice(&1u32.to_le_bytes()); // nlink
                    st[28..30].copy_from_slice(&0o010_600u16.to_le_bytes()); // S_IFIFO | 0600
                    st[32..40].copy_from_slice(&1u64.to_le_bytes()); // ino
                    if self.aspace.write(&mut self.mem, buf, &st).is_err() {
                        -EFAULT
                    } else {
                        0
                    }
                } else {
                    -ENOENT
                }
            }
            355 => {
                let bytes: Vec<u8> = (0..b.min(1 << 16))
                    .map(|k| (k.wrapping_mul(2_654_435_761) >> 13) as u8)
                    .collect();
                if self.aspace.write(&mut self.mem, a, &bytes).is_err() {
                    -EFAULT
                } else {
                    bytes.len() as i32
                }
            }
            174 | 175 => 0,
            240 => 0, // futex: one thread, nothing ever waits

            265 | 403 => {
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                let ok = if nr == 265 {
                    self.aspace
                        .write_u32(&mut self.mem, b, t.as_secs() as u32)
                        .is_ok()
                        && self
                            .aspace
                            .write_u32(&mut self.mem, b + 4, t.subsec_nanos())
                            .is_ok()
                } else {
                    let mut v = t.as_secs().to_le_bytes().to_vec();
                    v.extend((u64::from(t.subsec_nanos())).to_le_bytes());
                    self.aspace.write(&mut self.mem, b, &v).is_ok()
                };
                if ok { 0 } else { -EFAULT }
            }
            258 | 20 | 224 => 1000, // set_tid_address, getpid, gettid
            _ => -ENOSYS,
        };
        self.cpu.regs[reg::EAX] = ret as u32;
    }

    /// set_thread_area(2): `struct user_desc { entry_number, base_addr,
    /// limit, flags }`; entry -1 picks the first TLS entry.
    fn set_thread_area(&mut self, addr: u32) -> i32 {
        let mut u = [0u8; 16];
        if self.aspace.read(&mut self.mem, addr, &mut u).is_err() {
            return -EFAULT;
        }
        let mut entry = rd32(&u, 0);
        if entry == u32::MAX {
            entry = tabvm_cpu::state::TLS_FIRST as u32;
            if self.aspace.write_u32(&mut self.mem, addr, entry).is_err() {
                return -EFAULT;
            }
        }
        match self
            .cpu
            .set_tls_descriptor(entry as usize, rd32(&u, 4), rd32(&u, 8), rd32(&u, 12))
        {
            Ok(()) => 0,
            Err(_) => -EINVAL,
        }
    }
}
