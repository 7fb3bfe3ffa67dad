//! The soft MMU (DESIGN.md, decision 5): physical frames and address spaces.
//!
//! [`Memory`] owns every host frame of the machine: 4 KiB each, reference
//! counted, allocated on demand up to a configurable limit (running out is
//! [`Fault::OutOfMemory`], never a host abort). Frame `n` lives at byte
//! `n * 4096` of one contiguous buffer; frame 0 is reserved so that a zero
//! page-table entry means "not mapped".
//!
//! [`AddressSpace`] is a flat table of 2^20 `u32` entries, one per guest page.
//! **Entry format** (the JIT inlines it):
//!
//! | bits   | meaning |
//! |--------|---------|
//! | 31..12 | frame number; `entry & 0xffff_f000` is the frame's byte offset in [`Memory::bytes`] |
//! | 11..8  | free for the kernel ([`pte::KERNEL_MASK`]), ignored by the MMU |
//! | 5      | [`pte::SHARED`]: a `MAP_SHARED` page, `fork` shares it for real |
//! | 4      | [`pte::COW`]: the frame is shared copy-on-write; copy before writing |
//! | 3      | [`pte::EXEC`] |
//! | 2      | [`pte::WRITE`] (logical permission; a write needs COW clear too) |
//! | 1      | [`pte::READ`] |
//! | 0      | [`pte::PRESENT`] |
//!
//! Fast path: an access of `n` bytes at `addr` that stays inside one page is
//! allowed when `entry & (PRESENT | READ) == PRESENT | READ` (reads) or
//! `entry & (PRESENT | WRITE | COW) == PRESENT | WRITE` (writes); a write also
//! needs the frame not to hold decoded code ([`Memory::is_code_frame`]),
//! otherwise the slow path invalidates that code first. Everything else (page
//! crossing, copy-on-write, faults) goes through the slow path here.

use crate::block::CodeCache;
use crate::fault::{Access, Fault};

/// Page size in bytes.
pub const PAGE_SIZE: usize = 4096;
/// log2 of [`PAGE_SIZE`].
pub const PAGE_SHIFT: u32 = 12;
/// Number of pages in the 32-bit address space.
pub const PAGES: usize = 1 << 20;

/// Page-table entry bits (see the module documentation).
pub mod pte {
    pub const PRESENT: u32 = 1 << 0;
    pub const READ: u32 = 1 << 1;
    pub const WRITE: u32 = 1 << 2;
    pub const EXEC: u32 = 1 << 3;
    pub const COW: u32 = 1 << 4;
    pub const SHARED: u32 = 1 << 5;
    /// Bits the kernel may use for its own bookkeeping.
    pub const KERNEL_MASK: u32 = 0xf00;
    /// The frame number field (already shifted: the frame's byte offset).
    pub const FRAME_MASK: u32 = 0xffff_f000;
    /// The permission bits `protect` changes.
    pub const PROT_MASK: u32 = READ | WRITE | EXEC;
    /// The bits a mapping call accepts.
    pub const MAP_MASK: u32 = PROT_MASK | COW | SHARED | KERNEL_MASK;
}

/// A host frame number (index of a 4 KiB frame in [`Memory`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Frame(pub u32);

/// All physical memory of the machine.
pub struct Memory {
    bytes: Vec<u8>,
    refcount: Vec<u32>,
    code: Vec<bool>,
    free: Vec<u32>,
    max_frames: u32,
    in_use: usize,
    pub(crate) code_cache: CodeCache,
}

impl Memory {
    /// Creates an empty machine memory that may grow to `limit_bytes`
    /// (rounded down to whole frames, at most 4 GiB).
    #[must_use]
    pub fn new(limit_bytes: u64) -> Self {
        let max = (limit_bytes / PAGE_SIZE as u64).min(PAGES as u64 - 1) as u32;
        Memory {
            bytes: vec![0; PAGE_SIZE],
            refcount: vec![0],
            code: vec![false],
            free: Vec::new(),
            max_frames: max,
            in_use: 0,
            code_cache: CodeCache::default(),
        }
    }

    /// All frame bytes; frame `n` starts at `n * 4096` (for the JIT).
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The configured limit in bytes.
    #[must_use]
    pub fn limit(&self) -> u64 {
        u64::from(self.max_frames) * PAGE_SIZE as u64
    }

    /// Changes the limit (frames already allocated stay allocated).
    pub fn set_limit(&mut self, limit_bytes: u64) {
        self.max_frames = (limit_bytes / PAGE_SIZE as u64).min(PAGES as u64 - 1) as u32;
    }

    /// Frames currently allocated.
    #[must_use]
    pub fn frames_in_use(&self) -> usize {
        self.in_use
    }

    /// Allocates a zeroed frame with reference count 1.
    pub fn alloc_frame(&mut self) -> Result<Frame, Fault> {
        if self.in_use >= self.max_frames as usize {
            return Err(Fault::OutOfMemory);
        }
        if let Some(n) = self.free.pop() {
            let o = n as usize * PAGE_SIZE;
            self.bytes[o..o + PAGE_SIZE].fill(0);
            self.refcount[n as usize] = 1;
            self.in_use += 1;
            return Ok(Frame(n));
        }
        let n = self.refcount.len() as u32;
        if n > self.max_frames {
            return Err(Fault::OutOfMemory);
        }
        // Grow geometrically, but never past the limit, and settle for one
        // frame when the host cannot give more.
        let len = self.bytes.len();
        let cap_limit = (self.max_frames as usize + 1) * PAGE_SIZE;
        let want = len
            .max(16 * PAGE_SIZE)
            .min(cap_limit.saturating_sub(len))
            .max(PAGE_SIZE);
        if self.bytes.capacity() < len + PAGE_SIZE
            && self.bytes.try_reserve_exact(want).is_err()
            && self.bytes.try_reserve_exact(PAGE_SIZE).is_err()
        {
            return Err(Fault::OutOfMemory);
        }
        if self.refcount.try_reserve(1).is_err() || self.code.try_reserve(1).is_err() {
            return Err(Fault::OutOfMemory);
        }
        self.bytes.resize(self.bytes.len() + PAGE_SIZE, 0);
        self.refcount.push(1);
        self.code.push(false);
        self.in_use += 1;
        Ok(Frame(n))
    }

    /// Adds a reference to an allocated frame.
    pub fn frame_ref(&mut self, f: Frame) {
        if let Some(c) = self.refcount.get_mut(f.0 as usize).filter(|c| **c > 0) {
            *c = c.saturating_add(1);
        }
    }

    /// Drops a reference; the frame is freed (and any code decoded from it
    /// forgotten) when the count reaches zero.
    pub fn frame_unref(&mut self, f: Frame) {
        let Some(c) = self.refcount.get_mut(f.0 as usize).filter(|c| **c > 0) else {
            return;
        };
        *c -= 1;
        if *c == 0 {
            self.invalidate_code(f);
            self.free.push(f.0);
            self.in_use -= 1;
        }
    }

    /// The reference count of a frame (0 = free).
    #[must_use]
    pub fn refcount(&self, f: Frame) -> u32 {
        self.refcount.get(f.0 as usize).copied().unwrap_or(0)
    }

    /// Whether decoded code depends on this frame's bytes.
    #[inline(always)]
    #[must_use]
    pub fn is_code_frame(&self, f: Frame) -> bool {
        self.code.get(f.0 as usize).copied().unwrap_or(false)
    }

    pub(crate) fn mark_code(&mut self, f: Frame) {
        if let Some(c) = self.code.get_mut(f.0 as usize) {
            *c = true;
        }
    }

    /// Forgets every decoded block (the code cache hit its size limit).
    pub(crate) fn forget_all_code(&mut self) {
        self.code.fill(false);
        self.code_cache.clear();
    }

    /// Forgets every decoded block that depends on frame `f`.
    pub fn invalidate_code(&mut self, f: Frame) {
        if let Some(c) = self.code.get_mut(f.0 as usize)
            && *c
        {
            *c = false;
            self.code_cache.invalidate_frame(f);
        }
    }

    /// A frame's bytes (page cache reads). Out-of-range frames read as the
    /// reserved zero frame.
    #[must_use]
    pub fn frame(&self, f: Frame) -> &[u8] {
        let o = self.offset(f);
        &self.bytes[o..o + PAGE_SIZE]
    }

    /// A frame's bytes for writing; code decoded from it is invalidated first.
    pub fn frame_mut(&mut self, f: Frame) -> &mut [u8] {
        self.invalidate_code(f);
        let o = self.offset(f);
        &mut self.bytes[o..o + PAGE_SIZE]
    }

    fn offset(&self, f: Frame) -> usize {
        let n = f.0 as usize;
        if n < self.refcount.len() {
            n * PAGE_SIZE
        } else {
            0
        }
    }

    #[inline(always)]
    pub(crate) fn raw(&self) -> &[u8] {
        &self.bytes
    }

    #[inline(always)]
    pub(crate) fn raw_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    /// Copies frame `f` into a fresh frame (for copy-on-write).
    fn copy_frame(&mut self, f: Frame) -> Result<Frame, Fault> {
        let n = self.alloc_frame()?;
        let (src, dst) = (self.offset(f), self.offset(n));
        self.bytes.copy_within(src..src + PAGE_SIZE, dst);
        Ok(n)
    }
}

/// One guest address space: the flat page table.
pub struct AddressSpace {
    /// A fixed-size array: indexing by `addr >> 12` needs no bounds check.
    table: Box<[u32; PAGES]>,
    /// One bit per [`CHUNK`] entries of the table: set when an entry of the
    /// chunk may be non-zero (set on every store of a non-zero entry into a
    /// zero one, cleared only by [`AddressSpace::clear`]), so that `fork`
    /// and `clear` skip the empty 4 MiB regions instead of scanning all
    /// 2^20 entries.
    used: [u64; PAGES / CHUNK / 64],
}

/// Table entries per bit of [`AddressSpace::used`] (4 MiB of guest space).
const CHUNK: usize = 1024;

impl Default for AddressSpace {
    fn default() -> Self {
        Self::new()
    }
}

fn pages(addr: u32, len: u32) -> impl Iterator<Item = u32> {
    let first = addr >> PAGE_SHIFT;
    let last = if len == 0 {
        first
    } else {
        (u64::from(addr) + u64::from(len) - 1).min(u64::from(u32::MAX)) as u32 >> PAGE_SHIFT
    };
    let n = if len == 0 { 0 } else { last - first + 1 };
    (0..n).map(move |i| first + i)
}

impl AddressSpace {
    /// An empty address space (nothing mapped).
    #[must_use]
    pub fn new() -> Self {
        AddressSpace {
            table: vec![0; PAGES]
                .into_boxed_slice()
                .try_into()
                .unwrap_or_else(|_| unreachable!()),
            used: [0; PAGES / CHUNK / 64],
        }
    }

    /// Records that the entry of page `p` may be non-zero.
    #[inline(always)]
    fn mark_used(&mut self, p: u32) {
        let c = p as usize / CHUNK;
        if let Some(w) = self.used.get_mut(c / 64) {
            *w |= 1 << (c % 64);
        }
    }

    /// The table indices of the chunks that may hold non-zero entries.
    fn used_pages(&self) -> impl Iterator<Item = std::ops::Range<usize>> + use<> {
        let used = self.used;
        (0..PAGES / CHUNK)
            .filter(move |c| used[c / 64] >> (c % 64) & 1 != 0)
            .map(|c| c * CHUNK..(c + 1) * CHUNK)
    }

    /// The page table (for the JIT and the kernel's /proc views).
    #[must_use]
    pub fn table(&self) -> &[u32] {
        &self.table[..]
    }

    /// The entry of the page holding `addr`.
    #[inline(always)]
    #[must_use]
    pub fn pte(&self, addr: u32) -> u32 {
        self.table[(addr >> PAGE_SHIFT) as usize]
    }

    /// The frame mapped at `addr`, if any.
    #[must_use]
    pub fn frame_of(&self, addr: u32) -> Option<Frame> {
        let e = self.pte(addr);
        (e & pte::PRESENT != 0).then_some(Frame(e >> PAGE_SHIFT))
    }

    /// Sets the kernel bookkeeping bits ([`pte::KERNEL_MASK`]) of a page.
    pub fn set_kernel_bits(&mut self, addr: u32, bits: u32) {
        self.mark_used(addr >> PAGE_SHIFT);
        let e = &mut self.table[(addr >> PAGE_SHIFT) as usize];
        *e = (*e & !pte::KERNEL_MASK) | (bits & pte::KERNEL_MASK);
    }

    fn drop_page(&mut self, mem: &mut Memory, page: u32) {
        let e = std::mem::replace(&mut self.table[page as usize], 0);
        if e & pte::PRESENT != 0 {
            mem.frame_unref(Frame(e >> PAGE_SHIFT));
        }
    }

    fn make_entry(frame: Frame, prot: u32) -> u32 {
        frame.0 << PAGE_SHIFT | pte::PRESENT | (prot & pte::MAP_MASK)
    }

    /// Maps every page of `[addr, addr+len)` to a fresh zeroed frame with
    /// permissions `prot` (`pte::READ | WRITE | EXEC`), replacing (and
    /// unreferencing) what was there. On `OutOfMemory`, pages mapped so far
    /// stay mapped.
    pub fn map_zeroed(
        &mut self,
        mem: &mut Memory,
        addr: u32,
        len: u32,
        prot: u32,
    ) -> Result<(), Fault> {
        for p in pages(addr, len) {
            let f = mem.alloc_frame()?;
            self.drop_page(mem, p);
            self.table[p as usize] = Self::make_entry(f, prot);
            self.mark_used(p);
        }
        Ok(())
    }

    /// Maps the page holding `addr` to an existing frame (shared mappings,
    /// page-cache pages), taking a new reference. `prot` is `READ | WRITE |
    /// EXEC`, plus [`pte::COW`] for a private file mapping (written pages get
    /// copied) or [`pte::SHARED`] for `MAP_SHARED`, plus kernel bits.
    ///
    /// `frame` must be allocated (reference count above zero); a free frame
    /// is a kernel bug and maps nothing.
    pub fn map_frame(&mut self, mem: &mut Memory, addr: u32, frame: Frame, prot: u32) {
        debug_assert!(
            mem.refcount(frame) > 0,
            "map_frame of a free frame {frame:?}"
        );
        if mem.refcount(frame) == 0 {
            return;
        }
        mem.frame_ref(frame);
        let p = addr >> PAGE_SHIFT;
        self.drop_page(mem, p);
        self.table[p as usize] = frame.0 << PAGE_SHIFT | pte::PRESENT | (prot & pte::MAP_MASK);
        self.mark_used(p);
    }

    /// Unmaps `[addr, addr+len)`.
    pub fn unmap(&mut self, mem: &mut Memory, addr: u32, len: u32) {
        for p in pages(addr, len) {
            self.drop_page(mem, p);
        }
    }

    /// Changes the permissions (`READ | WRITE | EXEC`) of the mapped pages of
    /// `[addr, addr+len)` (mprotect); COW and SHARED state is kept.
    pub fn protect(&mut self, addr: u32, len: u32, prot: u32) {
        for p in pages(addr, len) {
            let e = &mut self.table[p as usize];
            if *e & pte::PRESENT != 0 {
                *e = (*e & !pte::PROT_MASK) | (prot & pte::PROT_MASK);
            }
        }
    }

    /// A `fork` copy: every frame is shared; every private page becomes
    /// copy-on-write in both spaces, `SHARED` pages stay shared for real.
    #[must_use]
    pub fn fork(&mut self, mem: &mut Memory) -> AddressSpace {
        let mut child = AddressSpace::new();
        child.used = self.used;
        for range in self.used_pages() {
            for i in range {
                let e = &mut self.table[i];
                if *e & pte::PRESENT == 0 {
                    continue;
                }
                if *e & pte::SHARED == 0 {
                    *e |= pte::COW;
                }
                mem.frame_ref(Frame(*e >> PAGE_SHIFT));
                child.table[i] = *e;
            }
        }
        child
    }

    /// Unmaps everything (exit, execve); frames go back to `mem`.
    pub fn clear(&mut self, mem: &mut Memory) {
        for range in self.used_pages() {
            for p in range {
                if self.table[p] != 0 {
                    self.drop_page(mem, p as u32);
                }
            }
        }
        self.used = [0; PAGES / CHUNK / 64];
    }

    /// Translates `addr` for an access, resolving copy-on-write on writes.
    /// Returns the byte offset in [`Memory::bytes`].
    pub fn translate(
        &mut self,
        mem: &mut Memory,
        addr: u32,
        access: Access,
    ) -> Result<usize, Fault> {
        let p = (addr >> PAGE_SHIFT) as usize;
        let e = self.table[p];
        let need = match access {
            Access::Read => pte::READ,
            Access::Write => pte::WRITE,
            Access::Execute => pte::EXEC,
        };
        if e & pte::PRESENT == 0 {
            return Err(Fault::Page {
                addr,
                access,
                present: false,
            });
        }
        if e & need == 0 {
            return Err(Fault::Page {
                addr,
                access,
                present: true,
            });
        }
        if access == Access::Write && e & pte::COW != 0 {
            let f = Frame(e >> PAGE_SHIFT);
            let nf = if mem.refcount(f) > 1 {
                let nf = mem.copy_frame(f)?;
                mem.frame_unref(f);
                nf
            } else {
                f
            };
            self.table[p] = (e & !(pte::COW | pte::FRAME_MASK)) | nf.0 << PAGE_SHIFT;
            return self.translate(mem, addr, access);
        }
        let f = Frame(e >> PAGE_SHIFT);
        if access == Access::Write && mem.is_code_frame(f) {
            mem.invalidate_code(f);
        }
        Ok((e & pte::FRAME_MASK) as usize | (addr as usize & (PAGE_SIZE - 1)))
    }

    /// Checks (and prepares, for writes) every page of `[addr, addr+len)`
    /// so that a following multi-page access cannot fail half-way.
    pub fn check_range(
        &mut self,
        mem: &mut Memory,
        addr: u32,
        len: u32,
        access: Access,
    ) -> Result<(), Fault> {
        let mut first = true;
        for p in pages(addr, len) {
            let a = if first { addr } else { p << PAGE_SHIFT };
            first = false;
            self.translate(mem, a, access)?;
        }
        Ok(())
    }

    /// `copy_from_user`: reads guest memory with the CPU's permission checks.
    pub fn read(&mut self, mem: &mut Memory, addr: u32, buf: &mut [u8]) -> Result<(), Fault> {
        let mut a = addr;
        let mut done = 0;
        while done < buf.len() {
            let o = self.translate(mem, a, Access::Read)?;
            let n = (PAGE_SIZE - (a as usize & (PAGE_SIZE - 1))).min(buf.len() - done);
            buf[done..done + n].copy_from_slice(&mem.raw()[o..o + n]);
            done += n;
            a = a.wrapping_add(n as u32);
        }
        Ok(())
    }

    /// `copy_to_user`: writes guest memory with the CPU's permission checks
    /// (copy-on-write resolved, decoded code invalidated). Nothing is written
    /// unless every page is writable.
    pub fn write(&mut self, mem: &mut Memory, addr: u32, data: &[u8]) -> Result<(), Fault> {
        self.check_range(mem, addr, data.len() as u32, Access::Write)?;
        let mut a = addr;
        let mut done = 0;
        while done < data.len() {
            let o = self.translate(mem, a, Access::Write)?;
            let n = (PAGE_SIZE - (a as usize & (PAGE_SIZE - 1))).min(data.len() - done);
            mem.raw_mut()[o..o + n].copy_from_slice(&data[done..done + n]);
            done += n;
            a = a.wrapping_add(n as u32);
        }
        Ok(())
    }

    /// Writes guest memory ignoring the page permissions (the ELF loader
    /// filling read-only segments, ptrace's POKE): pages must be present;
    /// copy-on-write is still resolved (the write stays private) and decoded
    /// code is invalidated.
    pub fn write_force(&mut self, mem: &mut Memory, addr: u32, data: &[u8]) -> Result<(), Fault> {
        for p in pages(addr, data.len() as u32) {
            let e = self.table[p as usize];
            if e & pte::PRESENT == 0 {
                return Err(Fault::Page {
                    addr: (p << PAGE_SHIFT).max(addr),
                    access: Access::Write,
                    present: false,
                });
            }
        }
        let mut a = addr;
        let mut done = 0;
        while done < data.len() {
            let p = (a >> PAGE_SHIFT) as usize;
            let e = self.table[p];
            let mut f = Frame(e >> PAGE_SHIFT);
            if e & pte::COW != 0 {
                if mem.refcount(f) > 1 {
                    let nf = mem.copy_frame(f)?;
                    mem.frame_unref(f);
                    f = nf;
                }
                self.table[p] = (e & !(pte::COW | pte::FRAME_MASK)) | f.0 << PAGE_SHIFT;
            }
            let off = a as usize & (PAGE_SIZE - 1);
            let n = (PAGE_SIZE - off).min(data.len() - done);
            mem.frame_mut(f)[off..off + n].copy_from_slice(&data[done..done + n]);
            done += n;
            a = a.wrapping_add(n as u32);
        }
        Ok(())
    }

    /// Reads a NUL-terminated string of at most `max` bytes (without the NUL).
    pub fn read_cstr(&mut self, mem: &mut Memory, addr: u32, max: usize) -> Result<Vec<u8>, Fault> {
        let mut out = Vec::new();
        let mut a = addr;
        while out.len() < max {
            let o = self.translate(mem, a, Access::Read)?;
            let b = mem.raw()[o];
            if b == 0 {
                return Ok(out);
            }
            out.push(b);
            a = a.wrapping_add(1);
        }
        Ok(out)
    }

    /// Reads a little-endian u32 (for the kernel's argument structs).
    pub fn read_u32(&mut self, mem: &mut Memory, addr: u32) -> Result<u32, Fault> {
        let mut b = [0; 4];
        self.read(mem, addr, &mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    /// Writes a little-endian u32.
    pub fn write_u32(&mut self, mem: &mut Memory, addr: u32, v: u32) -> Result<(), Fault> {
        self.write(mem, addr, &v.to_le_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RW: u32 = pte::READ | pte::WRITE;

    #[test]
    fn cow_after_fork_copies_on_first_write() {
        let mut mem = Memory::new(1 << 20);
        let mut a = AddressSpace::new();
        a.map_zeroed(&mut mem, 0x1000, 0x2000, RW).unwrap();
        a.write(&mut mem, 0x1ffe, &[1, 2, 3, 4]).unwrap();
        let mut b = a.fork(&mut mem);
        let f = a.frame_of(0x1000).unwrap();
        assert_eq!(mem.refcount(f), 2);
        assert_eq!(b.frame_of(0x1000), Some(f));
        b.write(&mut mem, 0x1000, &[9]).unwrap();
        let g = b.frame_of(0x1000).unwrap();
        assert_ne!(f, g, "the child's write copied the frame");
        assert_eq!(mem.refcount(f), 1);
        let mut x = [0u8; 4];
        a.read(&mut mem, 0x1ffe, &mut x).unwrap();
        assert_eq!(x, [1, 2, 3, 4]);
        let mut y = [0u8; 1];
        a.read(&mut mem, 0x1000, &mut y).unwrap();
        assert_eq!(y, [0], "the parent does not see the child's write");
        // The parent is now the only user: its write just drops COW.
        a.write(&mut mem, 0x1000, &[7]).unwrap();
        assert_eq!(a.frame_of(0x1000), Some(f));
        assert_eq!(a.pte(0x1000) & pte::COW, 0);
    }

    #[test]
    fn fork_and_clear_reach_every_region() {
        // Pages in the first and last 4 MiB, one straddling two regions,
        // one mapped by frame, and kernel bits on an unmapped page.
        let mut mem = Memory::new(1 << 20);
        let mut a = AddressSpace::new();
        let f = mem.alloc_frame().unwrap();
        a.map_zeroed(&mut mem, 0, 0x1000, RW).unwrap();
        a.map_zeroed(&mut mem, 0x003f_f000, 0x2000, RW).unwrap();
        a.map_frame(&mut mem, 0x8000_0000, f, RW);
        a.map_zeroed(&mut mem, 0xffff_f000, 0x1000, RW).unwrap();
        a.set_kernel_bits(0x9000_0000, 0x100);
        let mut b = a.fork(&mut mem);
        for addr in [0, 0x003f_f000, 0x0040_0000, 0x8000_0000, 0xffff_f000] {
            assert_eq!(b.frame_of(addr), a.frame_of(addr), "{addr:#x}");
            assert!(b.frame_of(addr).is_some(), "{addr:#x}");
            assert_ne!(a.pte(addr) & pte::COW, 0, "{addr:#x}");
        }
        assert_eq!(mem.refcount(f), 3);
        let before = mem.frames_in_use();
        b.clear(&mut mem);
        a.clear(&mut mem);
        assert_eq!(mem.refcount(f), 1);
        assert_eq!(mem.frames_in_use(), before - 4);
        assert_eq!(a.pte(0x9000_0000), 0);
        assert!(a.table().iter().chain(b.table()).all(|e| *e == 0));
        // A cleared space maps again, and forks what it maps.
        a.map_zeroed(&mut mem, 0x0040_0000, 0x1000, RW).unwrap();
        assert!(a.fork(&mut mem).frame_of(0x0040_0000).is_some());
    }

    #[test]
    fn shared_pages_stay_shared_across_fork() {
        let mut mem = Memory::new(1 << 20);
        let mut a = AddressSpace::new();
        let f = mem.alloc_frame().unwrap();
        a.map_frame(&mut mem, 0x5000, f, RW | pte::SHARED);
        mem.frame_unref(f);
        let mut b = a.fork(&mut mem);
        b.write(&mut mem, 0x5000, &[42]).unwrap();
        let mut x = [0u8];
        a.read(&mut mem, 0x5000, &mut x).unwrap();
        assert_eq!(x, [42]);
    }

    #[test]
    fn permission_faults() {
        let mut mem = Memory::new(1 << 20);
        let mut a = AddressSpace::new();
        a.map_zeroed(&mut mem, 0x1000, 0x1000, pte::READ).unwrap();
        assert_eq!(
            a.write(&mut mem, 0x1004, &[1]),
            Err(Fault::Page {
                addr: 0x1004,
                access: Access::Write,
                present: true
            })
        );
        let mut x = [0u8; 2];
        assert_eq!(
            a.read(&mut mem, 0x1fff, &mut x),
            Err(Fault::Page {
                addr: 0x2000,
                access: Access::Read,
                present: false
            })
        );
        assert_eq!(
            a.translate(&mut mem, 0x1000, Access::Execute),
            Err(Fault::Page {
                addr: 0x1000,
                access: Access::Execute,
                present: true
            })
        );
        // A write straddling into a read-only page writes nothing.
        a.map_zeroed(&mut mem, 0x0000, 0x1000, RW).unwrap();
        assert!(a.write(&mut mem, 0x0ffe, &[1, 2, 3, 4]).is_err());
        let mut y = [0u8; 2];
        a.read(&mut mem, 0x0ffe, &mut y).unwrap();
        assert_eq!(y, [0, 0]);
        a.protect(0x1000, 0x1000, RW);
        a.write(&mut mem, 0x0ffe, &[1, 2, 3, 4]).unwrap();
    }

    #[test]
    fn frame_refcounts_return_to_zero() {
        let mut mem = Memory::new(1 << 20);
        let mut a = AddressSpace::new();
        a.map_zeroed(&mut mem, 0x10000, 0x8000, RW).unwrap();
        let mut b = a.fork(&mut mem);
        b.write(&mut mem, 0x10000, &[1; 0x3000]).unwrap();
        assert_eq!(mem.frames_in_use(), 8 + 3);
        a.unmap(&mut mem, 0x10000, 0x4000);
        a.clear(&mut mem);
        b.clear(&mut mem);
        assert_eq!(mem.frames_in_use(), 0);
    }

    #[test]
    fn memory_limit_is_an_error_value() {
        let mut mem = Memory::new(4 * 4096);
        let mut a = AddressSpace::new();
        assert_eq!(
            a.map_zeroed(&mut mem, 0, 16 * 4096, RW),
            Err(Fault::OutOfMemory)
        );
        assert_eq!(mem.frames_in_use(), 4);
        a.clear(&mut mem);
        assert_eq!(mem.frames_in_use(), 0);
        // Freed frames are reused, zeroed.
        a.map_zeroed(&mut mem, 0, 4096, RW).unwrap();
        assert_eq!(a.read_u32(&mut mem, 0).unwrap(), 0);
        // A lowered limit also applies to recycled frames.
        mem.set_limit(4096);
        assert_eq!(mem.limit(), 4096);
        assert_eq!(
            a.map_zeroed(&mut mem, 0x1000, 4096, RW),
            Err(Fault::OutOfMemory)
        );
        a.clear(&mut mem);
    }

    #[test]
    fn cow_copy_failure_is_out_of_memory() {
        let mut mem = Memory::new(2 * 4096);
        let mut a = AddressSpace::new();
        a.map_zeroed(&mut mem, 0, 2 * 4096, RW).unwrap();
        let mut b = a.fork(&mut mem);
        assert_eq!(b.write(&mut mem, 0, &[1]), Err(Fault::OutOfMemory));
        a.clear(&mut mem);
        b.clear(&mut mem);
        assert_eq!(mem.frames_in_use(), 0);
    }

    #[test]
    fn write_force_ignores_permissions_but_keeps_cow() {
        let mut mem = Memory::new(1 << 20);
        let mut a = AddressSpace::new();
        a.map_zeroed(&mut mem, 0x1000, 0x2000, pte::READ).unwrap();
        let mut b = a.fork(&mut mem);
        b.write_force(&mut mem, 0x1ffe, &[1, 2, 3, 4]).unwrap();
        assert_eq!(b.read_u32(&mut mem, 0x1ffe).unwrap(), 0x0403_0201);
        assert_eq!(
            a.read_u32(&mut mem, 0x1ffe).unwrap(),
            0,
            "the parent keeps its frames"
        );
        assert!(
            b.write(&mut mem, 0x1000, &[1]).is_err(),
            "still read-only for the guest"
        );
        assert!(b.write_force(&mut mem, 0x2ffe, &[1, 2, 3]).is_err());
        a.clear(&mut mem);
        b.clear(&mut mem);
        assert_eq!(mem.frames_in_use(), 0);
    }

    #[test]
    fn page_cache_frames_read_and_written_directly() {
        let mut mem = Memory::new(1 << 20);
        let f = mem.alloc_frame().unwrap();
        mem.frame_mut(f)[..3].copy_from_slice(b"abc");
        let mut a = AddressSpace::new();
        a.map_frame(&mut mem, 0x7000, f, pte::READ | pte::COW);
        assert_eq!(a.read_cstr(&mut mem, 0x7000, 16).unwrap(), b"abc");
        // Read-only private mapping: writing faults even though COW is set.
        assert!(a.write(&mut mem, 0x7000, b"x").is_err());
        a.protect(0x7000, 4096, pte::READ | pte::WRITE);
        a.write(&mut mem, 0x7000, b"x").unwrap();
        assert_eq!(
            &mem.frame(f)[..3],
            b"abc",
            "the page-cache frame is untouched"
        );
        assert_eq!(mem.refcount(f), 1);
    }
}
