//! The vDSO: one page every process gets, an ELF shared object named
//! `linux-gate.so.1` (AT_SYSINFO_EHDR) whose code is the system-call entry
//! `__kernel_vsyscall` (AT_SYSINFO) and the signal-return trampolines
//! (arch/x86/entry/vdso/vdso32: `int80.S`, `sigreturn.S`).
//!
//! glibc's dynamic loader adds the object to its link map (so `ldd` and
//! `dl_iterate_phdr` see it, as on Linux) and looks up `__vdso_*` time
//! functions in it; there are none here, so time calls are system calls.
//! The image is built, not shipped: an ELF header, a PT_LOAD and a
//! PT_DYNAMIC program header, and the dynamic section with its symbol,
//! string, hash and version tables (System V gABI, "Dynamic Section";
//! the LSB's symbol versioning), linked at address 0 as Linux's is.
//! The trampolines keep the exact bytes libgcc's unwinder recognises
//! (`x86_fallback_frame_state`), since there is no unwind table.

/// The page's size.
pub const SIZE: usize = 4096;
/// `__kernel_vsyscall`: `int $0x80; ret`.
pub const VSYSCALL: u32 = 0x400;
/// `__kernel_sigreturn`: `pop %eax; mov $__NR_sigreturn, %eax; int $0x80`.
pub const SIGRETURN: u32 = 0x420;
/// `__kernel_rt_sigreturn`: `mov $__NR_rt_sigreturn, %eax; int $0x80`.
pub const RT_SIGRETURN: u32 = 0x440;

const CODE: [(u32, &[u8]); 3] = [
    (VSYSCALL, &[0xcd, 0x80, 0xc3]),
    (SIGRETURN, &[0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80]),
    (RT_SIGRETURN, &[0xb8, 173, 0, 0, 0, 0xcd, 0x80]),
];

/// The exported functions, all of version LINUX_2.5 as on Linux.
const SYMBOLS: [(&str, u32, u32); 3] = [
    ("__kernel_vsyscall", VSYSCALL, 3),
    ("__kernel_sigreturn", SIGRETURN, 8),
    ("__kernel_rt_sigreturn", RT_SIGRETURN, 7),
];
const SONAME: &str = "linux-gate.so.1";
const VERSION: &str = "LINUX_2.5";

/// Where each table lives in the page.
const PHDRS: usize = 0x34;
const DYNSYM: usize = 0x80;
const DYNSTR: usize = 0xc0;
const HASH: usize = 0x120;
const VERSYM: usize = 0x140;
const VERDEF: usize = 0x150;
const DYNAMIC: usize = 0x190;

// ELF constants (elf.h).
const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;
const DT_NULL: u32 = 0;
const DT_HASH: u32 = 4;
const DT_STRTAB: u32 = 5;
const DT_SYMTAB: u32 = 6;
const DT_STRSZ: u32 = 10;
const DT_SYMENT: u32 = 11;
const DT_SONAME: u32 = 14;
const DT_VERSYM: u32 = 0x6fff_fff0;
const DT_VERDEF: u32 = 0x6fff_fffc;
const DT_VERDEFNUM: u32 = 0x6fff_fffd;
const VER_FLG_BASE: u16 = 1;

/// The System V ELF hash (`elf_hash`), which DT_HASH and verdefs use.
fn elf_hash(name: &str) -> u32 {
    let mut h: u32 = 0;
    for &b in name.as_bytes() {
        h = (h << 4).wrapping_add(u32::from(b));
        let g = h & 0xf000_0000;
        if g != 0 {
            h ^= g >> 24;
        }
        h &= !g;
    }
    h
}

/// A little-endian writer over the page.
struct Page([u8; SIZE]);

impl Page {
    fn put(&mut self, at: usize, bytes: &[u8]) {
        self.0[at..at + bytes.len()].copy_from_slice(bytes);
    }
    fn u16(&mut self, at: usize, v: u16) {
        self.put(at, &v.to_le_bytes());
    }
    fn u32(&mut self, at: usize, v: u32) {
        self.put(at, &v.to_le_bytes());
    }
}

/// The page's bytes.
#[must_use]
pub fn image() -> [u8; SIZE] {
    let mut p = Page([0; SIZE]);

    // The string table: "", the symbol names, the soname, the version.
    let mut strtab = vec![0u8];
    let mut name_at = |s: &str| {
        let at = strtab.len() as u32;
        strtab.extend_from_slice(s.as_bytes());
        strtab.push(0);
        at
    };
    let names: Vec<u32> = SYMBOLS.iter().map(|(n, ..)| name_at(n)).collect();
    let soname = name_at(SONAME);
    let version = name_at(VERSION);
    debug_assert!(DYNSTR + strtab.len() <= HASH);
    p.put(DYNSTR, &strtab);

    // Symbols: the null one, then each function (global, STT_FUNC, in a
    // section of its own: anything but SHN_UNDEF and SHN_ABS).
    for (i, ((_, value, size), name)) in SYMBOLS.iter().zip(&names).enumerate() {
        let at = DYNSYM + 16 * (i + 1);
        p.u32(at, *name);
        p.u32(at + 4, *value);
        p.u32(at + 8, *size);
        p.0[at + 12] = 0x12;
        p.u16(at + 14, 1);
    }
    let nsyms = SYMBOLS.len() as u32 + 1;

    // DT_HASH with one bucket chaining every symbol.
    p.u32(HASH, 1);
    p.u32(HASH + 4, nsyms);
    p.u32(HASH + 8, 1);
    for i in 1..nsyms {
        let next = if i + 1 < nsyms { i + 1 } else { 0 };
        p.u32(HASH + 12 + 4 * i as usize, next);
    }

    // Versions: index 1 is the object itself, 2 is LINUX_2.5.
    for i in 1..nsyms as usize {
        p.u16(VERSYM + 2 * i, 2);
    }
    for (i, (flags, ndx, name, text)) in
        [(VER_FLG_BASE, 1, soname, SONAME), (0, 2, version, VERSION)]
            .into_iter()
            .enumerate()
    {
        let at = VERDEF + 28 * i;
        p.u16(at, 1);
        p.u16(at + 2, flags);
        p.u16(at + 4, ndx);
        p.u16(at + 6, 1);
        p.u32(at + 8, elf_hash(text));
        p.u32(at + 12, 20);
        p.u32(at + 16, if i == 0 { 28 } else { 0 });
        p.u32(at + 20, name);
        p.u32(at + 24, 0);
    }

    let dynamic = [
        (DT_HASH, HASH as u32),
        (DT_STRTAB, DYNSTR as u32),
        (DT_SYMTAB, DYNSYM as u32),
        (DT_STRSZ, strtab.len() as u32),
        (DT_SYMENT, 16),
        (DT_SONAME, soname),
        (DT_VERSYM, VERSYM as u32),
        (DT_VERDEF, VERDEF as u32),
        (DT_VERDEFNUM, 2),
        (DT_NULL, 0),
    ];
    for (i, (tag, value)) in dynamic.iter().enumerate() {
        p.u32(DYNAMIC + 8 * i, *tag);
        p.u32(DYNAMIC + 8 * i + 4, *value);
    }
    let dynamic_size = (8 * dynamic.len()) as u32;

    // The ELF header: a 32-bit little-endian i386 shared object.
    p.put(0, b"\x7fELF\x01\x01\x01");
    p.u16(16, 3); // ET_DYN
    p.u16(18, 3); // EM_386
    p.u32(20, 1); // EV_CURRENT
    p.u32(24, VSYSCALL); // e_entry
    p.u32(28, PHDRS as u32); // e_phoff
    p.u16(40, 52); // e_ehsize
    p.u16(42, 32); // e_phentsize
    p.u16(44, 2); // e_phnum
    p.u16(46, 40); // e_shentsize
    // Program headers: the page, readable and executable; the dynamic
    // section within it.
    for (i, (kind, offset, size, flags, align)) in [
        (PT_LOAD, 0, SIZE as u32, 5, SIZE as u32),
        (PT_DYNAMIC, DYNAMIC as u32, dynamic_size, 4, 4),
    ]
    .into_iter()
    .enumerate()
    {
        let at = PHDRS + 32 * i;
        p.u32(at, kind);
        p.u32(at + 4, offset);
        p.u32(at + 8, offset);
        p.u32(at + 12, offset);
        p.u32(at + 16, size);
        p.u32(at + 20, size);
        p.u32(at + 24, flags);
        p.u32(at + 28, align);
    }

    for (at, code) in CODE {
        p.put(at as usize, code);
    }
    p.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(page: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(page[at..at + 4].try_into().unwrap())
    }

    fn cstr(page: &[u8], at: usize) -> &str {
        let end = page[at..].iter().position(|&b| b == 0).unwrap();
        std::str::from_utf8(&page[at..at + end]).unwrap()
    }

    #[test]
    fn elf_hash_matches_the_gabi_examples() {
        // Values from glibc's and binutils' own tables.
        assert_eq!(elf_hash(""), 0);
        assert_eq!(elf_hash("printf"), 0x077905a6);
        assert_eq!(elf_hash("exit"), 0x0006cf04);
    }

    #[test]
    fn the_image_is_an_elf_object_whose_tables_name_the_code() {
        let page = image();
        assert_eq!(&page[..4], b"\x7fELF");
        // Walk it as a loader does: PT_DYNAMIC → DT_SYMTAB, DT_STRTAB,
        // DT_HASH; every hashed symbol names its code.
        let phoff = u32_at(&page, 28) as usize;
        let dynamic = (0..2)
            .map(|i| phoff + 32 * i)
            .find(|&at| u32_at(&page, at) == PT_DYNAMIC)
            .map(|at| u32_at(&page, at + 8) as usize)
            .unwrap();
        let tag = |t: u32| {
            (0..16)
                .map(|i| dynamic + 8 * i)
                .take_while(|&at| u32_at(&page, at) != DT_NULL)
                .find(|&at| u32_at(&page, at) == t)
                .map(|at| u32_at(&page, at + 4) as usize)
        };
        let (symtab, strtab, hash) = (
            tag(DT_SYMTAB).unwrap(),
            tag(DT_STRTAB).unwrap(),
            tag(DT_HASH).unwrap(),
        );
        assert_eq!(cstr(&page, strtab + tag(DT_SONAME).unwrap()), SONAME);
        let nbucket = u32_at(&page, hash) as usize;
        let mut found = Vec::new();
        let mut sym = u32_at(&page, hash + 8) as usize;
        while sym != 0 {
            let at = symtab + 16 * sym;
            let name = cstr(&page, strtab + u32_at(&page, at) as usize);
            let value = u32_at(&page, at + 4);
            found.push((name.to_string(), value));
            sym = u32_at(&page, hash + 8 + 4 * nbucket + 4 * sym) as usize;
        }
        assert_eq!(
            found,
            SYMBOLS
                .iter()
                .map(|(n, v, _)| ((*n).to_string(), *v))
                .collect::<Vec<_>>()
        );
        assert_eq!(&page[VSYSCALL as usize..][..3], [0xcd, 0x80, 0xc3]);
        // The second version definition is LINUX_2.5 and all symbols use it.
        let verdef2 = VERDEF + 28;
        assert_eq!(
            cstr(&page, strtab + u32_at(&page, verdef2 + 20) as usize),
            VERSION
        );
        assert_eq!(u32_at(&page, verdef2 + 8), elf_hash(VERSION));
    }
}
