//! ELF32 executables and `#!` scripts: validation and load plans.
//!
//! Pure: bytes in, a [`LoadPlan`] (or a [`Shebang`]) out. The kernel core
//! maps the plan's segments, builds the stack and auxv, and loads the
//! interpreter named by `PT_INTERP` with a second plan.
//!
//! Sources: the System V ABI (gABI, "ELF Header", "Program Header") and its
//! Intel386 supplement; Linux `fs/binfmt_elf.c` (`load_elf_binary`,
//! `load_elf_phdrs`, `elf_map`, `padzero`) for what Linux accepts and
//! which errno it gives; `fs/binfmt_script.c` for `#!` lines; elf(5).
//!
//! Malformed input is never a panic: every offset and address is checked
//! with checked arithmetic, and each failure is an [`ElfError`] that maps to
//! the errno Linux returns ([`ElfError::errno`]).

use core::fmt;

use crate::abi::Errno;
use crate::abi::layout::abi_struct;

/// Guest page size.
pub const PAGE: u32 = 4096;
/// Largest `PT_INTERP` accepted (`PATH_MAX`, `load_elf_binary`).
pub const PATH_MAX: u32 = 4096;
/// Where an x86-64 kernel loads an i386 PIE program before randomisation
/// (`COMPAT_ELF_ET_DYN_BASE`: `TASK_UNMAPPED_BASE`, a third of the 32-bit
/// address space, plus 16 MiB; `arch/x86/include/asm/elf.h`).
pub const ELF_ET_DYN_BASE: u32 = 0x5655_5000;

pub const ET_EXEC: u16 = 2;
pub const ET_DYN: u16 = 3;
pub const EM_386: u16 = 3;
/// Also accepted by i386 Linux (`elf_check_arch_ia32`).
pub const EM_486: u16 = 6;
pub const ELFCLASS32: u8 = 1;
pub const ELFDATA2LSB: u8 = 1;
pub const EV_CURRENT: u8 = 1;
pub const PT_NULL: u32 = 0;
pub const PT_LOAD: u32 = 1;
pub const PT_DYNAMIC: u32 = 2;
pub const PT_INTERP: u32 = 3;
pub const PT_NOTE: u32 = 4;
pub const PT_PHDR: u32 = 6;
pub const PT_TLS: u32 = 7;
pub const PT_GNU_EH_FRAME: u32 = 0x6474_e550;
pub const PT_GNU_STACK: u32 = 0x6474_e551;
pub const PT_GNU_RELRO: u32 = 0x6474_e552;
pub const PF_X: u32 = 1;
pub const PF_W: u32 = 2;
pub const PF_R: u32 = 4;

abi_struct! {
    /// `Elf32_Ehdr` (gABI "ELF Header"), 52 bytes.
    pub struct Ehdr: 52 {
        ident: [u8; 16] = 0,
        kind: u16 = 16,
        machine: u16 = 18,
        version: u32 = 20,
        entry: u32 = 24,
        phoff: u32 = 28,
        shoff: u32 = 32,
        flags: u32 = 36,
        ehsize: u16 = 40,
        phentsize: u16 = 42,
        phnum: u16 = 44,
        shentsize: u16 = 46,
        shnum: u16 = 48,
        shstrndx: u16 = 50,
    }
}

abi_struct! {
    /// `Elf32_Phdr` (gABI "Program Header"), 32 bytes.
    pub struct Phdr: 32 {
        kind: u32 = 0,
        offset: u32 = 4,
        vaddr: u32 = 8,
        paddr: u32 = 12,
        filesz: u32 = 16,
        memsz: u32 = 20,
        flags: u32 = 24,
        align: u32 = 28,
    }
}

/// Why an executable was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ElfError {
    /// Shorter than an ELF header, or no `\x7fELF` magic.
    NotElf,
    /// Not ELFCLASS32 / little-endian / version 1.
    BadIdent,
    /// `e_machine` is not EM_386 (or EM_486).
    BadMachine(u16),
    /// `e_type` is not ET_EXEC or ET_DYN.
    BadType(u16),
    /// `e_phentsize` is not 32.
    BadPhentsize(u16),
    /// `e_phnum` is 0 or above 65536/32.
    BadPhnum(u16),
    /// The program headers or the interpreter path lie past the end of the file.
    Truncated,
    /// The caller passed only a prefix of the file: parse again with at least
    /// `len` bytes (never more than the file size).
    NeedMore { len: usize },
    /// `PT_INTERP` shorter than 2 or longer than `PATH_MAX`, or not NUL-terminated.
    BadInterp,
    /// No `PT_LOAD` segment.
    NoLoad,
    /// `p_filesz > p_memsz`.
    FileszOverMemsz,
    /// `p_offset % PAGE != p_vaddr % PAGE`: the segment cannot be mmapped.
    Misaligned,
    /// A segment's address range wraps or passes the task size.
    BadAddress,
    /// A segment's file range ends past the end of the file.
    SegmentOutsideFile,
}

impl ElfError {
    /// The errno `execve` returns, as `load_elf_binary` would.
    #[must_use]
    pub fn errno(&self) -> Errno {
        match self {
            // elf_read: a short read of the phdrs or interpreter is -EIO.
            ElfError::Truncated | ElfError::NeedMore { .. } => Errno::EIO,
            // set_brk / mmap failures and BAD_ADDR checks are -EINVAL.
            ElfError::FileszOverMemsz | ElfError::Misaligned | ElfError::BadAddress => {
                Errno::EINVAL
            }
            // Linux maps such a segment and the program gets SIGBUS on first
            // touch; tabvm refuses it up front.
            _ => Errno::ENOEXEC,
        }
    }
}

impl fmt::Display for ElfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ElfError::NotElf => f.write_str("not an ELF file"),
            ElfError::BadIdent => f.write_str("not a 32-bit little-endian ELF file"),
            ElfError::BadMachine(m) => write!(f, "ELF machine {m} is not i386"),
            ElfError::BadType(t) => write!(f, "ELF type {t} is not an executable or shared object"),
            ElfError::BadPhentsize(s) => write!(f, "program header size {s} is not 32"),
            ElfError::BadPhnum(n) => write!(f, "bad program header count {n}"),
            ElfError::Truncated => {
                f.write_str("program headers or interpreter path past the end of the file")
            }
            ElfError::NeedMore { len } => write!(f, "need the first {len} bytes of the file"),
            ElfError::BadInterp => f.write_str("bad PT_INTERP path"),
            ElfError::NoLoad => f.write_str("no loadable segment"),
            ElfError::FileszOverMemsz => f.write_str("segment file size exceeds its memory size"),
            ElfError::Misaligned => {
                f.write_str("segment offset and address disagree modulo the page size")
            }
            ElfError::BadAddress => f.write_str("segment address out of range"),
            ElfError::SegmentOutsideFile => f.write_str("segment extends past the end of the file"),
        }
    }
}

impl From<ElfError> for Errno {
    fn from(e: ElfError) -> Errno {
        e.errno()
    }
}

/// Access rights of a segment (`PF_R`/`PF_W`/`PF_X`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prot {
    pub read: bool,
    pub write: bool,
    pub exec: bool,
}

impl Prot {
    fn from_flags(flags: u32) -> Prot {
        Prot {
            read: flags & PF_R != 0,
            write: flags & PF_W != 0,
            exec: flags & PF_X != 0,
        }
    }
    /// As `mmap` `PROT_*` bits.
    #[must_use]
    pub fn as_mmap(self) -> u32 {
        use crate::abi::flags::mman::{PROT_EXEC, PROT_READ, PROT_WRITE};
        (if self.read { PROT_READ } else { 0 })
            | (if self.write { PROT_WRITE } else { 0 })
            | (if self.exec { PROT_EXEC } else { 0 })
    }
}

/// One `PT_LOAD` segment, ready to map (addresses include the load bias).
///
/// Map the file range `[file_offset, file_offset + file_len)` at
/// `map_start` (rounding the length up to whole pages), zero the bytes from
/// `data_end` to the end of its page (Linux `padzero`: the file's bytes
/// past `p_filesz` must not show), and map anonymous zero pages from
/// `round_up(data_end)` to `map_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Page-aligned start address.
    pub map_start: u32,
    /// Page-aligned end of the memory image (`round_up(p_vaddr + p_memsz)`).
    pub map_end: u32,
    /// Page-aligned file offset mapped at `map_start`.
    pub file_offset: u32,
    /// File bytes to map from `file_offset` (`p_filesz` + the page offset).
    pub file_len: u32,
    /// Address where the file data ends (`p_vaddr + p_filesz`).
    pub data_end: u32,
    /// Address where the memory image ends (`p_vaddr + p_memsz`).
    pub mem_end: u32,
    pub prot: Prot,
}

/// What `PT_GNU_STACK` says about the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StackExec {
    /// No `PT_GNU_STACK`: i386 Linux then sets READ_IMPLIES_EXEC.
    Default,
    Executable,
    NonExecutable,
}

/// How to load one ELF file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadPlan {
    /// `ET_EXEC` or `ET_DYN`.
    pub kind: u16,
    /// Entry point (`e_entry` + bias).
    pub entry: u32,
    /// The `PT_LOAD` segments in file order.
    pub segments: Vec<Segment>,
    /// The `PT_INTERP` path without its NUL (first `PT_INTERP` wins, as in Linux).
    pub interp: Option<Vec<u8>>,
    /// Address of the program headers in memory (`AT_PHDR`): `e_phoff`
    /// translated through the `PT_LOAD` containing it, as Linux ≥ 6.0 does,
    /// else `PT_PHDR`'s `p_vaddr`; `None` if neither exists.
    pub phdr: Option<u32>,
    /// `AT_PHENT`.
    pub phent: u32,
    /// `AT_PHNUM`.
    pub phnum: u32,
    pub stack: StackExec,
    /// Lowest page-aligned address of any segment.
    pub min_addr: u32,
    /// Highest page-aligned end of any segment (the initial `brk` of an executable).
    pub max_addr: u32,
    /// The load bias applied (0 until [`LoadPlan::relocate`]).
    pub bias: u32,
}

const fn page_down(x: u32) -> u32 {
    x & !(PAGE - 1)
}

fn page_up(x: u32) -> Option<u32> {
    x.checked_add(PAGE - 1).map(page_down)
}

impl LoadPlan {
    /// Parses a whole ELF file.
    pub fn parse_file(file: &[u8]) -> Result<LoadPlan, ElfError> {
        Self::parse(file, file.len() as u64)
    }

    /// Parses an ELF file given a prefix of it and its size. Typically the
    /// caller reads the first page; if the program headers or the
    /// interpreter path lie beyond the prefix the result is
    /// [`ElfError::NeedMore`] and the caller retries with more bytes.
    pub fn parse(prefix: &[u8], file_size: u64) -> Result<LoadPlan, ElfError> {
        let file_size = file_size.max(prefix.len() as u64);
        let eh = Ehdr::parse(prefix).map_err(|_| ElfError::NotElf)?;
        if eh.ident[..4] != *b"\x7fELF" {
            return Err(ElfError::NotElf);
        }
        if eh.ident[4] != ELFCLASS32 || eh.ident[5] != ELFDATA2LSB || eh.ident[6] != EV_CURRENT {
            return Err(ElfError::BadIdent);
        }
        if eh.kind != ET_EXEC && eh.kind != ET_DYN {
            return Err(ElfError::BadType(eh.kind));
        }
        if eh.machine != EM_386 && eh.machine != EM_486 {
            return Err(ElfError::BadMachine(eh.machine));
        }
        if usize::from(eh.phentsize) != Phdr::SIZE {
            return Err(ElfError::BadPhentsize(eh.phentsize));
        }
        if eh.phnum == 0 || usize::from(eh.phnum) > 65536 / Phdr::SIZE {
            return Err(ElfError::BadPhnum(eh.phnum));
        }
        let ph_len = usize::from(eh.phnum) * Phdr::SIZE;
        let table = slice(prefix, file_size, u64::from(eh.phoff), ph_len as u64)?;
        let phdrs: Vec<Phdr> = table
            .chunks_exact(Phdr::SIZE)
            .filter_map(|c| Phdr::parse(c).ok())
            .collect();

        let mut interp = None;
        let mut stack = StackExec::Default;
        let mut pt_phdr = None;
        for ph in &phdrs {
            match ph.kind {
                PT_INTERP if interp.is_none() => {
                    if ph.filesz < 2 || ph.filesz > PATH_MAX {
                        return Err(ElfError::BadInterp);
                    }
                    let path = slice(
                        prefix,
                        file_size,
                        u64::from(ph.offset),
                        u64::from(ph.filesz),
                    )?;
                    let Some((&0, name)) = path.split_last() else {
                        return Err(ElfError::BadInterp);
                    };
                    // Linux passes the path to open_exec as a C string: it
                    // ends at the first NUL.
                    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
                    if end == 0 {
                        return Err(ElfError::BadInterp);
                    }
                    interp = Some(name[..end].to_vec());
                }
                PT_GNU_STACK => {
                    stack = if ph.flags & PF_X != 0 {
                        StackExec::Executable
                    } else {
                        StackExec::NonExecutable
                    };
                }
                PT_PHDR if pt_phdr.is_none() => pt_phdr = Some(ph.vaddr),
                _ => {}
            }
        }

        let mut segments = Vec::new();
        let mut phdr = None;
        for ph in phdrs.iter().filter(|p| p.kind == PT_LOAD) {
            if ph.filesz > ph.memsz {
                return Err(ElfError::FileszOverMemsz);
            }
            if ph.offset % PAGE != ph.vaddr % PAGE {
                return Err(ElfError::Misaligned);
            }
            if u64::from(ph.offset) + u64::from(ph.filesz) > file_size {
                return Err(ElfError::SegmentOutsideFile);
            }
            let page_off = ph.vaddr % PAGE;
            let mem_end = ph.vaddr.checked_add(ph.memsz).ok_or(ElfError::BadAddress)?;
            let map_end = page_up(mem_end).ok_or(ElfError::BadAddress)?;
            segments.push(Segment {
                map_start: page_down(ph.vaddr),
                map_end,
                file_offset: ph.offset - page_off,
                file_len: ph.filesz + page_off,
                data_end: ph.vaddr + ph.filesz,
                mem_end,
                prot: Prot::from_flags(ph.flags),
            });
            if phdr.is_none()
                && ph.offset <= eh.phoff
                && u64::from(eh.phoff) < u64::from(ph.offset) + u64::from(ph.filesz)
            {
                phdr = Some(eh.phoff - ph.offset + ph.vaddr);
            }
        }
        if segments.is_empty() {
            return Err(ElfError::NoLoad);
        }
        let min_addr = segments.iter().map(|s| s.map_start).min().unwrap_or(0);
        let max_addr = segments.iter().map(|s| s.map_end).max().unwrap_or(0);
        Ok(LoadPlan {
            kind: eh.kind,
            entry: eh.entry,
            segments,
            interp,
            phdr: phdr.or(pt_phdr),
            phent: u32::from(eh.phentsize),
            phnum: u32::from(eh.phnum),
            stack,
            min_addr,
            max_addr,
            bias: 0,
        })
    }

    /// Bytes of address space the segments span (`total_mapping_size`).
    #[must_use]
    pub fn span(&self) -> u32 {
        self.max_addr - self.min_addr
    }

    /// Whether the file is position-independent (`ET_DYN`).
    #[must_use]
    pub fn is_dyn(&self) -> bool {
        self.kind == ET_DYN
    }

    /// The plan with `bias` added to every address, checking that every
    /// segment and the entry stay below `task_size`. An `ET_EXEC` file
    /// only accepts a bias of 0; for `ET_DYN` the caller picks a
    /// page-aligned bias (e.g. `ELF_ET_DYN_BASE`, or where `mmap` found
    /// `span()` free bytes, minus `min_addr`).
    pub fn relocate(&self, bias: u32, task_size: u32) -> Result<LoadPlan, ElfError> {
        if !bias.is_multiple_of(PAGE) || (self.kind == ET_EXEC && bias != 0) {
            return Err(ElfError::BadAddress);
        }
        let add = |a: u32| {
            a.checked_add(bias)
                .filter(|&a| a <= task_size)
                .ok_or(ElfError::BadAddress)
        };
        let mut out = self.clone();
        for s in &mut out.segments {
            s.map_start = add(s.map_start)?;
            s.map_end = add(s.map_end)?;
            s.data_end = add(s.data_end)?;
            s.mem_end = add(s.mem_end)?;
        }
        out.entry = add(self.entry)?;
        if out.entry >= task_size {
            return Err(ElfError::BadAddress);
        }
        out.phdr = self.phdr.map(add).transpose()?;
        out.min_addr = add(self.min_addr)?;
        out.max_addr = add(self.max_addr)?;
        out.bias = bias;
        Ok(out)
    }
}

/// `len` bytes at `off` of a file of which `prefix` is the beginning.
fn slice(prefix: &[u8], file_size: u64, off: u64, len: u64) -> Result<&[u8], ElfError> {
    let end = off.checked_add(len).ok_or(ElfError::Truncated)?;
    if end > file_size {
        return Err(ElfError::Truncated);
    }
    let (Ok(off), Ok(end)) = (usize::try_from(off), usize::try_from(end)) else {
        return Err(ElfError::Truncated);
    };
    prefix.get(off..end).ok_or(ElfError::NeedMore { len: end })
}

/// `BINPRM_BUF_SIZE`: how much of a file `execve` looks at for `#!`.
pub const BINPRM_BUF_SIZE: usize = 256;
/// How many levels of interpreters (`#!` → `#!` → ELF) `execve` follows
/// before `ELOOP` (`fs/exec.c`, `search_binary_handler` depth > 5).
pub const MAX_INTERP_DEPTH: u32 = 5;

/// A parsed `#!` line: the interpreter and its optional single argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shebang {
    pub interpreter: Vec<u8>,
    /// Everything after the interpreter's first blank, trailing blanks
    /// trimmed (Linux passes it as one argument, spaces included).
    pub arg: Option<Vec<u8>>,
}

/// Parses the `#!` line of a script from the first bytes of the file, as
/// `load_script` in `fs/binfmt_script.c`: `None` if the file does not start
/// with `#!` (not a script: try the next format), `Some(Err(ENOEXEC))` for
/// a line with no interpreter or one truncated by the 256-byte buffer.
#[must_use]
pub fn parse_shebang(head: &[u8]) -> Option<Result<Shebang, Errno>> {
    if !head.starts_with(b"#!") {
        return None;
    }
    // bprm->buf: the first 256 bytes, zero-filled past the end of the file.
    let mut buf = [0u8; BINPRM_BUF_SIZE];
    let n = head.len().min(BINPRM_BUF_SIZE);
    buf[..n].copy_from_slice(&head[..n]);
    let is_spacetab = |c: u8| c == b' ' || c == b'\t';
    let is_terminator = |c: u8| c == b' ' || c == b'\t' || c == 0;
    let next_non_spacetab = |from: usize, to: usize| (from..to).find(|&i| !is_spacetab(buf[i]));
    let next_terminator = |from: usize, to: usize| (from..to).find(|&i| is_terminator(buf[i]));
    let buf_end = BINPRM_BUF_SIZE - 1;

    let mut i_end = if let Some(i) = buf.iter().position(|&c| c == b'\n') {
        i
    } else {
        // No newline in the buffer: fine only if the interpreter name is
        // followed by a blank or NUL within it.
        let Some(first) = next_non_spacetab(2, buf_end) else {
            return Some(Err(Errno::ENOEXEC));
        };
        if next_terminator(first, buf_end).is_none() {
            return Some(Err(Errno::ENOEXEC));
        }
        buf_end
    };
    while i_end > 2 && is_spacetab(buf[i_end - 1]) {
        i_end -= 1;
    }
    let Some(i_name) = next_non_spacetab(2, i_end) else {
        return Some(Err(Errno::ENOEXEC));
    };
    let i_sep = next_terminator(i_name, i_end);
    let name_end = i_sep.unwrap_or(i_end);
    let arg = match i_sep {
        Some(sep) if buf[sep] != 0 => next_non_spacetab(sep, i_end).map(|a| {
            // The argument runs to i_end but, being a C string, stops at a NUL.
            let end = (a..i_end).find(|&i| buf[i] == 0).unwrap_or(i_end);
            buf[a..end].to_vec()
        }),
        _ => None,
    };
    if name_end == i_name {
        // "#!" followed by NUL: Linux calls open_exec("") and fails with ENOENT.
        return Some(Err(Errno::ENOENT));
    }
    Some(Ok(Shebang {
        interpreter: buf[i_name..name_end].to_vec(),
        arg,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::layout::check_layout;

    /// A minimal valid static executable: one RX segment at 0x08048000.
    fn tiny_exec() -> Vec<u8> {
        let mut f = vec![0u8; 0x2000];
        let eh = Ehdr {
            ident: *b"\x7fELF\x01\x01\x01\0\0\0\0\0\0\0\0\0",
            kind: ET_EXEC,
            machine: EM_386,
            version: 1,
            entry: 0x0804_8080,
            phoff: 52,
            ehsize: 52,
            phentsize: 32,
            phnum: 3,
            ..Ehdr::default()
        };
        eh.emit(&mut f).unwrap();
        let text = Phdr {
            kind: PT_LOAD,
            offset: 0,
            vaddr: 0x0804_8000,
            filesz: 0x1000,
            memsz: 0x1000,
            flags: PF_R | PF_X,
            align: PAGE,
            ..Phdr::default()
        };
        let data = Phdr {
            kind: PT_LOAD,
            offset: 0x1f00,
            vaddr: 0x0804_af00,
            filesz: 0x100,
            memsz: 0x3000,
            flags: PF_R | PF_W,
            align: PAGE,
            ..Phdr::default()
        };
        let stack = Phdr {
            kind: PT_GNU_STACK,
            flags: PF_R | PF_W,
            ..Phdr::default()
        };
        text.emit(&mut f[52..]).unwrap();
        data.emit(&mut f[84..]).unwrap();
        stack.emit(&mut f[116..]).unwrap();
        f
    }

    #[test]
    fn layouts() {
        check_layout("Ehdr", Ehdr::SIZE, Ehdr::OFFSETS);
        check_layout("Phdr", Phdr::SIZE, Phdr::OFFSETS);
    }

    #[test]
    fn plan_of_a_static_executable() {
        let f = tiny_exec();
        let p = LoadPlan::parse_file(&f).unwrap();
        assert_eq!(p.entry, 0x0804_8080);
        assert_eq!(p.interp, None);
        assert_eq!(p.phdr, Some(0x0804_8034));
        assert_eq!(p.stack, StackExec::NonExecutable);
        assert_eq!(p.segments.len(), 2);
        let d = p.segments[1];
        assert_eq!(
            (d.map_start, d.file_offset, d.file_len),
            (0x0804_a000, 0x1000, 0xf00 + 0x100)
        );
        assert_eq!(
            (d.data_end, d.mem_end, d.map_end),
            (0x0804_b000, 0x0804_df00, 0x0804_e000)
        );
        assert!(d.prot.write && !d.prot.exec);
        assert_eq!(p.segments[0].prot.as_mmap(), 5);
        assert_eq!((p.min_addr, p.max_addr), (0x0804_8000, 0x0804_e000));
        assert_eq!(p.relocate(0, 0xc000_0000), Ok(p.clone()));
        assert_eq!(
            p.relocate(0x1000, 0xc000_0000),
            Err(ElfError::BadAddress),
            "ET_EXEC cannot move"
        );
    }

    #[test]
    fn rejects_malformed_headers_with_linux_errnos() {
        let good = tiny_exec();
        type Case = (Box<dyn Fn(&mut Vec<u8>)>, ElfError, Errno);
        let cases: Vec<Case> = vec![
            (Box::new(|f| f[0] = 0), ElfError::NotElf, Errno::ENOEXEC),
            (
                Box::new(|f| f.truncate(51)),
                ElfError::NotElf,
                Errno::ENOEXEC,
            ),
            (Box::new(|f| f[4] = 2), ElfError::BadIdent, Errno::ENOEXEC),
            (
                Box::new(|f| f[18] = 62),
                ElfError::BadMachine(62),
                Errno::ENOEXEC,
            ),
            (
                Box::new(|f| f[16] = 4),
                ElfError::BadType(4),
                Errno::ENOEXEC,
            ),
            (
                Box::new(|f| f[42] = 56),
                ElfError::BadPhentsize(56),
                Errno::ENOEXEC,
            ),
            (
                Box::new(|f| f[44] = 0),
                ElfError::BadPhnum(0),
                Errno::ENOEXEC,
            ),
            (
                Box::new(|f| f[28..32].copy_from_slice(&0x1ff0u32.to_le_bytes())),
                ElfError::Truncated,
                Errno::EIO,
            ),
            (
                Box::new(|f| f[28..32].copy_from_slice(&u32::MAX.to_le_bytes())),
                ElfError::Truncated,
                Errno::EIO,
            ),
            // data segment: filesz > memsz
            (
                Box::new(|f| f[84 + 16..84 + 20].copy_from_slice(&0x4000u32.to_le_bytes())),
                ElfError::FileszOverMemsz,
                Errno::EINVAL,
            ),
            // data segment: offset 0x1f01 vs vaddr ...f00
            (
                Box::new(|f| f[84 + 4] = 0x01),
                ElfError::Misaligned,
                Errno::EINVAL,
            ),
            // data segment: memsz wraps the address space
            (
                Box::new(|f| f[84 + 20..84 + 24].copy_from_slice(&0xf800_0000u32.to_le_bytes())),
                ElfError::BadAddress,
                Errno::EINVAL,
            ),
            // text segment: filesz grows past memsz
            (
                Box::new(|f| f[52 + 16..52 + 20].copy_from_slice(&0x3000u32.to_le_bytes())),
                ElfError::FileszOverMemsz,
                Errno::EINVAL,
            ),
            (
                Box::new(|f| f.truncate(0x1fff)),
                ElfError::SegmentOutsideFile,
                Errno::ENOEXEC,
            ),
            // no PT_LOAD: turn both into PT_NOTE
            (
                Box::new(|f| {
                    f[52] = 4;
                    f[84] = 4;
                }),
                ElfError::NoLoad,
                Errno::ENOEXEC,
            ),
        ];
        for (i, (mutate, err, errno)) in cases.into_iter().enumerate() {
            let mut f = good.clone();
            mutate(&mut f);
            let got = LoadPlan::parse_file(&f);
            assert_eq!(got, Err(err.clone()), "case {i}");
            assert_eq!(err.errno(), errno, "case {i}");
        }
    }

    #[test]
    fn interp_rules() {
        let mut f = tiny_exec();
        // Third phdr becomes PT_INTERP at 0x200.
        let ip = Phdr {
            kind: PT_INTERP,
            offset: 0x200,
            filesz: 19,
            memsz: 19,
            flags: PF_R,
            ..Phdr::default()
        };
        ip.emit(&mut f[116..]).unwrap();
        f[0x200..0x213].copy_from_slice(b"/lib/ld-linux.so.2\0");
        let p = LoadPlan::parse_file(&f).unwrap();
        assert_eq!(p.interp.as_deref(), Some(&b"/lib/ld-linux.so.2"[..]));
        assert_eq!(p.stack, StackExec::Default);
        // Not NUL-terminated.
        f[0x212] = b'x';
        assert_eq!(LoadPlan::parse_file(&f), Err(ElfError::BadInterp));
        // Too long.
        f[116 + 16..116 + 20].copy_from_slice(&4097u32.to_le_bytes());
        assert_eq!(LoadPlan::parse_file(&f), Err(ElfError::BadInterp));
        // Past the end of the file.
        f[116 + 16..116 + 20].copy_from_slice(&19u32.to_le_bytes());
        f[116 + 4..116 + 8].copy_from_slice(&0x1ff0u32.to_le_bytes());
        assert_eq!(LoadPlan::parse_file(&f), Err(ElfError::Truncated));
    }

    #[test]
    fn prefix_parsing_asks_for_more() {
        let f = tiny_exec();
        assert_eq!(
            LoadPlan::parse(&f[..100], f.len() as u64),
            Err(ElfError::NeedMore { len: 148 })
        );
        assert_eq!(
            LoadPlan::parse(&f[..148], f.len() as u64),
            LoadPlan::parse_file(&f)
        );
    }

    #[test]
    fn pie_relocation() {
        let mut f = tiny_exec();
        f[16] = ET_DYN as u8;
        // Move the segments to 0 like a PIE.
        f[52 + 8..52 + 12].copy_from_slice(&0u32.to_le_bytes());
        f[84 + 8..84 + 12].copy_from_slice(&0x2f00u32.to_le_bytes());
        f[24..28].copy_from_slice(&0x80u32.to_le_bytes());
        let p = LoadPlan::parse_file(&f).unwrap();
        assert!(p.is_dyn());
        assert_eq!(p.span(), 0x6000);
        let r = p.relocate(ELF_ET_DYN_BASE, 0xc000_0000).unwrap();
        assert_eq!(r.entry, 0x5655_5080);
        assert_eq!(r.phdr, Some(0x5655_5034));
        assert_eq!(r.segments[1].map_start, 0x5655_7000);
        assert_eq!(r.bias, ELF_ET_DYN_BASE);
        assert_eq!(
            p.relocate(0xbfff_f000, 0xc000_0000),
            Err(ElfError::BadAddress)
        );
        assert_eq!(p.relocate(0x123, 0xc000_0000), Err(ElfError::BadAddress));
    }

    /// xorshift32: deterministic, no dependency.
    fn rng(state: &mut u32) -> u32 {
        *state ^= *state << 13;
        *state ^= *state >> 17;
        *state ^= *state << 5;
        *state
    }

    fn check_invariants(p: &LoadPlan, len: usize) {
        for s in &p.segments {
            assert_eq!(s.map_start % PAGE, 0);
            assert_eq!(s.map_end % PAGE, 0);
            assert_eq!(s.file_offset % PAGE, 0);
            assert!(s.map_start <= s.data_end && s.data_end <= s.mem_end && s.mem_end <= s.map_end);
            assert!(u64::from(s.file_offset) + u64::from(s.file_len) <= len as u64);
            assert_eq!(s.data_end - s.map_start, s.file_len);
        }
        assert!(p.min_addr <= p.max_addr);
        if let Some(i) = &p.interp {
            assert!(!i.is_empty() && i.len() < PATH_MAX as usize && !i.contains(&0));
        }
    }

    #[test]
    fn random_mutations_never_panic() {
        let good = tiny_exec();
        let mut state = 0x1234_5678;
        let mut ok = 0;
        for round in 0..20_000 {
            let mut f = good.clone();
            let flips = 1 + rng(&mut state) % 8;
            for _ in 0..flips {
                // Mostly the header and phdrs, sometimes anywhere.
                let span = if round % 4 == 0 { f.len() } else { 148 };
                let i = rng(&mut state) as usize % span;
                f[i] = rng(&mut state) as u8;
            }
            if round % 7 == 0 {
                f.truncate(rng(&mut state) as usize % f.len());
            }
            if let Ok(p) = LoadPlan::parse_file(&f) {
                ok += 1;
                check_invariants(&p, f.len());
                let _ = p.relocate(rng(&mut state) & !(PAGE - 1), 0xc000_0000);
            }
            let _ = parse_shebang(&f);
        }
        assert!(
            ok > 100,
            "the mutations should leave some files valid ({ok})"
        );
        // Fully random buffers.
        for _ in 0..2000 {
            let len = rng(&mut state) as usize % 400;
            let mut f: Vec<u8> = (0..len).map(|_| rng(&mut state) as u8).collect();
            if len > 4 {
                f[..4].copy_from_slice(b"\x7fELF");
            }
            let _ = LoadPlan::parse_file(&f);
        }
    }

    fn sb(line: &[u8]) -> Option<Result<Shebang, Errno>> {
        parse_shebang(line)
    }

    #[allow(clippy::unnecessary_wraps)]
    fn ok(interp: &str, arg: Option<&str>) -> Option<Result<Shebang, Errno>> {
        Some(Ok(Shebang {
            interpreter: interp.as_bytes().to_vec(),
            arg: arg.map(|a| a.as_bytes().to_vec()),
        }))
    }

    #[test]
    fn shebang_lines_follow_binfmt_script() {
        assert_eq!(sb(b"\x7fELF"), None);
        assert_eq!(sb(b"#!/bin/sh\necho hi\n"), ok("/bin/sh", None));
        assert_eq!(sb(b"#! /bin/sh  \t\n"), ok("/bin/sh", None));
        assert_eq!(
            sb(b"#!/usr/bin/env python3\n"),
            ok("/usr/bin/env", Some("python3"))
        );
        // One argument, internal blanks kept, trailing blanks trimmed.
        assert_eq!(
            sb(b"#!/bin/awk  -f  -v x \t\nBEGIN"),
            ok("/bin/awk", Some("-f  -v x"))
        );
        assert_eq!(
            sb(b"#!/bin/sh\r\n"),
            ok("/bin/sh\r", None),
            "CR is part of the name"
        );
        assert_eq!(
            sb(b"#!"),
            Some(Err(Errno::ENOENT)),
            "empty name: open_exec(\"\")"
        );
        assert_eq!(sb(b"#!   \n"), Some(Err(Errno::ENOEXEC)));
        assert_eq!(sb(b"#!\n/bin/sh"), Some(Err(Errno::ENOEXEC)));
        // No newline: the file ends (NUL padding terminates the name).
        assert_eq!(sb(b"#!/bin/true"), ok("/bin/true", None));
        // A name longer than the buffer with no terminator is truncated: ENOEXEC.
        let mut long = b"#!/".to_vec();
        long.extend(std::iter::repeat_n(b'a', 300));
        assert_eq!(sb(&long), Some(Err(Errno::ENOEXEC)));
        // A long line whose name ends inside the buffer: the argument is cut at 255.
        let mut long_arg = b"#!/bin/sh ".to_vec();
        long_arg.extend(std::iter::repeat_n(b'x', 300));
        let Some(Ok(s)) = sb(&long_arg) else { panic!() };
        assert_eq!(s.interpreter, b"/bin/sh");
        assert_eq!(s.arg.map(|a| a.len()), Some(255 - 10));
        // NUL inside the name ends it and drops the argument.
        assert_eq!(sb(b"#!/bin/sh\0 -x\n"), ok("/bin/sh", None));
    }
}
