//! Address spaces as Linux sees them: virtual memory areas (VMAs) over the
//! CPU's page table, demand paging from the page cache, brk and mmap.
//!
//! Pages are mapped lazily: `mmap` only records a [`Vma`]; the first access
//! faults ([`tabvm_cpu::Fault::Page`] with `present: false`) and [`Mm::fault`]
//! maps a frame. File pages come from the [`PageCache`], so code in shared
//! libraries occupies one frame however many processes map it; private file
//! pages are mapped copy-on-write, so a write copies them.
//!
//! Layout of an i386 process as an x86-64 kernel gives it (ASLR off): user
//! space ends at [`TASK_SIZE`], just under 4 GiB; the stack sits below it
//! and grows down on demand, `mmap` allocates top-down below [`MMAP_BASE`],
//! a PIE program is loaded at `elf::ELF_ET_DYN_BASE`, and the heap (`brk`)
//! grows up after the program's bss.

use crate::abi::flags::mman::{PROT_EXEC, PROT_READ, PROT_WRITE};
use crate::vfs::{Fid, Mounts};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use tabvm_cpu::Access;
use tabvm_cpu::mmu::{AddressSpace, Frame, Memory, PAGE_SIZE, pte};
use tabvm_fs::FsError;

/// End of user space for a 32-bit task (`IA32_PAGE_OFFSET`).
pub const TASK_SIZE: u32 = 0xffff_e000;
/// Highest address of the main thread's stack.
pub const STACK_TOP: u32 = TASK_SIZE;
/// How far the main stack may grow (the default `RLIMIT_STACK`, 8 MiB).
pub const STACK_MAX: u32 = 8 << 20;
/// What execve maps of the stack below the strings (`setup_arg_pages`).
pub const STACK_EXPAND: u32 = 128 << 10;
/// Room kept between a growing stack and the mapping below it
/// (`stack_guard_gap`, 256 pages).
const STACK_GUARD_GAP: u32 = 256 * 4096;
/// `mmap` allocates top-down below this address: the stack's top less the
/// smallest gap Linux leaves for it, 128 MiB (`mmap_base`).
pub const MMAP_BASE: u32 = STACK_TOP - (128 << 20);
/// Lowest address `mmap` hands out without `MAP_FIXED` (`mmap_min_addr`).
pub const MMAP_MIN: u32 = 0x0001_0000;

const PAGE: u32 = PAGE_SIZE as u32;

/// Rounds up to a page boundary (saturating at the last page).
#[must_use]
pub fn page_up(x: u32) -> u32 {
    x.checked_add(PAGE - 1)
        .map_or(!(PAGE - 1), |x| x & !(PAGE - 1))
}

/// Rounds down to a page boundary.
#[must_use]
pub fn page_down(x: u32) -> u32 {
    x & !(PAGE - 1)
}

/// What backs the pages of a VMA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backing {
    /// Zero-filled memory.
    Anon,
    /// A file: the page at `vma.start` holds file bytes from `offset`;
    /// addresses at or past `file_end` read as zeros (a segment's bss).
    /// `hold` keeps the inode alive while mapped, even if unlinked.
    File {
        ino: Fid,
        offset: u64,
        file_end: u32,
        hold: Rc<crate::vfs::InodeRef>,
    },
}

/// One virtual memory area: `[start, end)` with one protection and backing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vma {
    pub start: u32,
    pub end: u32,
    /// `PROT_READ | PROT_WRITE | PROT_EXEC` as the guest gave them.
    pub prot: u32,
    /// `MAP_SHARED`: writes are seen by every mapper (and reach the file).
    pub shared: bool,
    pub backing: Backing,
    /// What `/proc/<pid>/maps` shows in the last column.
    pub name: String,
}

impl Vma {
    fn pte_prot(&self) -> u32 {
        let mut bits = 0;
        if self.prot & PROT_READ != 0 {
            bits |= pte::READ;
        }
        if self.prot & PROT_WRITE != 0 {
            bits |= pte::WRITE | pte::READ;
        }
        if self.prot & PROT_EXEC != 0 {
            bits |= pte::EXEC | pte::READ;
        }
        bits
    }

    fn allows(&self, access: Access) -> bool {
        match access {
            Access::Read => self.prot & (PROT_READ | PROT_WRITE | PROT_EXEC) != 0,
            Access::Write => self.prot & PROT_WRITE != 0,
            Access::Execute => self.prot & (PROT_EXEC | PROT_READ) != 0,
        }
    }

    /// The part of `self` inside `[start, end)`, with the file offset moved.
    fn slice(&self, start: u32, end: u32) -> Vma {
        let mut part = self.clone();
        part.start = start;
        part.end = end;
        if let Backing::File { offset, .. } = &mut part.backing {
            *offset += u64::from(start - self.start);
        }
        part
    }
}

/// Why a page fault could not be resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultError {
    /// No VMA: SIGSEGV (`SEGV_MAPERR`).
    Segv,
    /// A VMA that forbids the access: SIGSEGV (`SEGV_ACCERR`).
    Denied,
    /// The file page is not available yet (the disk block is being fetched):
    /// park the task and retry the instruction.
    Pending(u64),
    /// The file could not be read: SIGBUS.
    Bus,
    /// No frame could be allocated.
    OutOfMemory,
}

/// File pages shared by every mapping: `(inode, page index) → frame`. The
/// cache holds one reference to each frame it lists.
#[derive(Default)]
pub struct PageCache {
    pages: HashMap<(Fid, u64), Frame>,
}

impl PageCache {
    /// The frame holding page `index` of `ino`, reading it on first use.
    fn get(
        &mut self,
        mem: &mut Memory,
        disk: &mut Mounts,
        ino: Fid,
        index: u64,
    ) -> Result<Frame, FaultError> {
        if let Some(frame) = self.pages.get(&(ino, index)) {
            return Ok(*frame);
        }
        let mut page = [0u8; PAGE_SIZE];
        read_file_page(disk, ino, index * PAGE_SIZE as u64, &mut page)?;
        let frame = mem.alloc_frame().map_err(|_| FaultError::OutOfMemory)?;
        mem.frame_mut(frame).copy_from_slice(&page);
        self.pages.insert((ino, index), frame);
        Ok(frame)
    }

    /// The cached pages of `ino` overlapping `len` bytes at `offset`: for
    /// each, its frame, where in the range its bytes start, where in the
    /// frame, and how many.
    fn spans(&self, ino: Fid, offset: u64, len: usize) -> Vec<(Frame, usize, usize, usize)> {
        let page = PAGE_SIZE as u64;
        let end = offset + len as u64;
        let mut out = Vec::new();
        let mut index = offset / page;
        while index * page < end {
            if let Some(frame) = self.pages.get(&(ino, index)) {
                let from = offset.max(index * page);
                let to = end.min((index + 1) * page);
                out.push((
                    *frame,
                    (from - offset) as usize,
                    (from - index * page) as usize,
                    (to - from) as usize,
                ));
            }
            index += 1;
        }
        out
    }

    /// Copies bytes just written to `ino` at `offset` into the pages the
    /// cache holds, so mappings of the file see them as they would on Linux.
    pub fn write_through(&mut self, mem: &mut Memory, ino: Fid, offset: u64, data: &[u8]) {
        for (frame, at, in_frame, len) in self.spans(ino, offset, data.len()) {
            mem.frame_mut(frame)[in_frame..in_frame + len].copy_from_slice(&data[at..at + len]);
        }
    }

    /// Copies the cached pages' bytes of `ino` at `offset` over `buf` (just
    /// read from the file): shared mappings store into these pages, so
    /// they are newer than the file until written back.
    pub fn read_through(&self, mem: &Memory, ino: Fid, offset: u64, buf: &mut [u8]) {
        for (frame, at, in_frame, len) in self.spans(ino, offset, buf.len()) {
            buf[at..at + len].copy_from_slice(&mem.frame(frame)[in_frame..in_frame + len]);
        }
    }

    /// Forgets the cached pages of `ino` after its contents changed through
    /// `truncate` or its inode went away; existing mappings keep the frames
    /// they have.
    pub fn invalidate(&mut self, mem: &mut Memory, ino: Fid) {
        self.pages.retain(|(i, _), frame| {
            if *i == ino {
                mem.frame_unref(*frame);
                false
            } else {
                true
            }
        });
    }
}

fn read_file_page(
    disk: &mut Mounts,
    ino: Fid,
    offset: u64,
    page: &mut [u8],
) -> Result<(), FaultError> {
    match disk.read(ino, offset, page) {
        Ok(_) => Ok(()),
        Err(FsError::Pending(block)) => Err(FaultError::Pending(block)),
        Err(_) => Err(FaultError::Bus),
    }
}

/// A process's memory: the page table and the VMAs that explain it.
pub struct Mm {
    pub space: AddressSpace,
    vmas: BTreeMap<u32, Vma>,
    /// Start of the heap (page after the program's bss).
    pub brk_start: u32,
    /// Current program break (`brk(0)`).
    pub brk: u32,
    /// Where execve put the argument and environment strings
    /// (`/proc/<pid>/cmdline`, `environ`): [start, end).
    pub args: (u32, u32),
    pub env: (u32, u32),
}

impl Default for Mm {
    fn default() -> Self {
        Self::new()
    }
}

impl Mm {
    #[must_use]
    pub fn new() -> Self {
        Mm {
            space: AddressSpace::new(),
            vmas: BTreeMap::new(),
            brk_start: 0,
            brk: 0,
            args: (0, 0),
            env: (0, 0),
        }
    }

    /// The VMAs in address order.
    pub fn vmas(&self) -> impl Iterator<Item = &Vma> {
        self.vmas.values()
    }

    /// Bytes of address space mapped, all VMAs together, less what lies in
    /// `[start, end)` (a range about to be replaced).
    #[must_use]
    pub fn mapped_bytes_outside(&self, start: u32, end: u32) -> u64 {
        self.vmas
            .values()
            .map(|v| {
                let overlap = v.end.min(end).saturating_sub(v.start.max(start));
                u64::from(v.end - v.start) - u64::from(overlap)
            })
            .sum()
    }

    /// The VMA containing `addr`.
    #[must_use]
    pub fn vma_at(&self, addr: u32) -> Option<&Vma> {
        self.vmas
            .range(..=addr)
            .next_back()
            .map(|(_, v)| v)
            .filter(|v| addr < v.end)
    }

    /// A `fork` copy: the VMAs, and every page shared copy-on-write.
    #[must_use]
    pub fn fork(&mut self, mem: &mut Memory) -> Mm {
        Mm {
            space: self.space.fork(mem),
            vmas: self.vmas.clone(),
            brk_start: self.brk_start,
            brk: self.brk,
            args: self.args,
            env: self.env,
        }
    }

    /// Drops every mapping (exit, execve).
    pub fn clear(&mut self, mem: &mut Memory) {
        self.space.clear(mem);
        self.vmas.clear();
        self.brk_start = 0;
        self.brk = 0;
    }

    /// Whether `[start, end)` overlaps no VMA.
    fn is_free(&self, start: u32, end: u32) -> bool {
        self.vmas
            .range(..end)
            .next_back()
            .is_none_or(|(_, v)| v.end <= start)
    }

    /// A free range of `len` bytes (page multiple), top-down below `below`.
    #[must_use]
    pub fn find_free(&self, len: u32, below: u32) -> Option<u32> {
        let mut top = below;
        for vma in self.vmas.range(..below).rev().map(|(_, v)| v) {
            if vma.end <= top && top - vma.end >= len {
                return Some(top - len).filter(|s| *s >= MMAP_MIN);
            }
            top = top.min(vma.start);
        }
        top.checked_sub(len).filter(|s| *s >= MMAP_MIN)
    }

    /// Records a new VMA, replacing whatever was mapped in its range.
    pub fn map(&mut self, mem: &mut Memory, vma: Vma) {
        self.unmap(mem, vma.start, vma.end);
        self.vmas.insert(vma.start, vma);
    }

    /// Unmaps `[start, end)` (page-aligned), splitting VMAs at the edges.
    pub fn unmap(&mut self, mem: &mut Memory, start: u32, end: u32) {
        if start >= end {
            return;
        }
        let overlapping: Vec<Vma> = self.overlapping(start, end);
        for vma in overlapping {
            self.vmas.remove(&vma.start);
            if vma.start < start {
                self.vmas.insert(vma.start, vma.slice(vma.start, start));
            }
            if vma.end > end {
                self.vmas.insert(end, vma.slice(end, vma.end));
            }
        }
        self.space.unmap(mem, start, end - start);
    }

    fn overlapping(&self, start: u32, end: u32) -> Vec<Vma> {
        let first = self
            .vmas
            .range(..=start)
            .next_back()
            .filter(|(_, v)| v.end > start)
            .map(|(k, _)| *k);
        let from = first.unwrap_or(start);
        self.vmas.range(from..end).map(|(_, v)| v.clone()).collect()
    }

    /// mprotect: every page of `[start, end)` must be mapped (else `false`).
    pub fn protect(&mut self, start: u32, end: u32, prot: u32) -> bool {
        let overlapping = self.overlapping(start, end);
        let mut covered = start;
        for vma in &overlapping {
            if vma.start > covered {
                return false;
            }
            covered = vma.end;
        }
        if covered < end {
            return false;
        }
        for vma in overlapping {
            self.vmas.remove(&vma.start);
            if vma.start < start {
                self.vmas.insert(vma.start, vma.slice(vma.start, start));
            }
            if vma.end > end {
                self.vmas.insert(end, vma.slice(end, vma.end));
            }
            let mut middle = vma.slice(vma.start.max(start), vma.end.min(end));
            middle.prot = prot;
            let bits = middle.pte_prot();
            self.space
                .protect(middle.start, middle.end - middle.start, bits);
            self.vmas.insert(middle.start, middle);
        }
        true
    }

    /// Grows `[old, old + old_len)`, a range inside one VMA, to `new_len`
    /// bytes as mremap(2) does: in place when it ends its VMA and the
    /// addresses after it are free, else, if `may_move`, at a free range
    /// below [`MMAP_BASE`] with its present pages moved, frames and all (a
    /// shared page stays shared, a page-cache page stays the file's). A
    /// file mapping that reached its end maps the file further; a shared
    /// anonymous one gets its new pages at once, as mmap gives them
    /// ([`Mm::populate_shared_anon`]). The new start, or `None` for ENOMEM.
    pub fn grow(
        &mut self,
        mem: &mut Memory,
        old: u32,
        old_len: u32,
        new_len: u32,
        may_move: bool,
    ) -> Option<u32> {
        let vma = self.vma_at(old)?.clone();
        let old_end = old.checked_add(old_len).filter(|e| *e <= vma.end)?;
        let grow_in_place = old_end == vma.end
            && old
                .checked_add(new_len)
                .is_some_and(|e| e <= TASK_SIZE && self.is_free(old_end, e));
        let start = if grow_in_place {
            old
        } else if may_move {
            self.find_free(new_len, MMAP_BASE)?
        } else {
            return None;
        };
        let end = start + new_len;
        let mut grown = if grow_in_place {
            vma.clone()
        } else {
            vma.slice(old, old_end)
        };
        let from = grown.start;
        grown.start = if grow_in_place { vma.start } else { start };
        grown.end = end;
        if let Backing::File { file_end, .. } = &mut grown.backing {
            // `file_end` is an address: it moves with the pages.
            *file_end = if *file_end >= old_end {
                end
            } else {
                grown.start.saturating_add(file_end.saturating_sub(from))
            };
        }
        if grow_in_place {
            self.vmas.insert(grown.start, grown.clone());
        } else {
            self.map(mem, grown.clone());
            for offset in (0..old_len).step_by(PAGE_SIZE) {
                if let Some(frame) = self.space.frame_of(old + offset) {
                    let bits = self.space.pte(old + offset) & pte::MAP_MASK;
                    self.space.map_frame(mem, start + offset, frame, bits);
                }
            }
            self.unmap(mem, old, old_end);
        }
        if grown.shared && grown.backing == Backing::Anon {
            let bits = grown.pte_prot() | pte::SHARED;
            if self
                .space
                .map_zeroed(mem, start + old_len, new_len - old_len, bits)
                .is_err()
            {
                self.unmap(mem, start + old_len, end);
                return None;
            }
        }
        Some(start)
    }

    /// Extends the main stack down to `addr`, if it lies under it within
    /// `RLIMIT_STACK` and clear of the guard gap above the next mapping
    /// down (`expand_stack`).
    fn grow_stack(&mut self, addr: u32) {
        let Some(stack) = self
            .vmas
            .range(addr..)
            .next()
            .map(|(_, v)| v)
            .filter(|v| v.name == "[stack]" && v.end == STACK_TOP)
        else {
            return;
        };
        let start = page_down(addr);
        let below_clear = self
            .vmas
            .range(..start)
            .next_back()
            .is_none_or(|(_, v)| v.end <= start.saturating_sub(STACK_GUARD_GAP));
        if start < STACK_TOP - STACK_MAX || !below_clear {
            return;
        }
        let mut grown = stack.clone();
        self.vmas.remove(&grown.start);
        grown.start = start;
        self.vmas.insert(start, grown);
    }

    /// Resolves a page fault at `addr` by mapping the page its VMA describes.
    pub fn fault(
        &mut self,
        mem: &mut Memory,
        cache: &mut PageCache,
        disk: &mut Mounts,
        addr: u32,
        access: Access,
    ) -> Result<(), FaultError> {
        if self.vma_at(addr).is_none() {
            self.grow_stack(addr);
        }
        let vma = self.vma_at(addr).ok_or(FaultError::Segv)?;
        if !vma.allows(access) {
            return Err(FaultError::Denied);
        }
        if self.space.pte(addr) & pte::PRESENT != 0 {
            // Mapped, and the VMA allows the access, yet the MMU refused it:
            // the page's bits are stale (cannot happen) — treat as SIGSEGV.
            return Err(FaultError::Segv);
        }
        let page = page_down(addr);
        let prot = vma.pte_prot();
        match vma.backing.clone() {
            Backing::Anon => {
                let frame = mem.alloc_frame().map_err(|_| FaultError::OutOfMemory)?;
                let shared = if vma.shared { pte::SHARED } else { 0 };
                self.space.map_frame(mem, page, frame, prot | shared);
                mem.frame_unref(frame);
            }
            Backing::File {
                ino,
                offset,
                file_end,
                ..
            } => {
                let file_offset = offset + u64::from(page - vma.start);
                if page >= file_end {
                    let frame = mem.alloc_frame().map_err(|_| FaultError::OutOfMemory)?;
                    self.space.map_frame(mem, page, frame, prot);
                    mem.frame_unref(frame);
                } else if page + PAGE > file_end || file_offset % PAGE_SIZE as u64 != 0 {
                    // A page only partly from the file (the end of a segment),
                    // or an unaligned offset: a private copy.
                    let mut bytes = [0u8; PAGE_SIZE];
                    let from_file = (file_end - page).min(PAGE) as usize;
                    read_file_page(disk, ino, file_offset, &mut bytes[..from_file])?;
                    let frame = mem.alloc_frame().map_err(|_| FaultError::OutOfMemory)?;
                    mem.frame_mut(frame).copy_from_slice(&bytes);
                    self.space.map_frame(mem, page, frame, prot);
                    mem.frame_unref(frame);
                } else {
                    let frame = cache.get(mem, disk, ino, file_offset / PAGE_SIZE as u64)?;
                    let sharing = if vma.shared { pte::SHARED } else { pte::COW };
                    self.space.map_frame(mem, page, frame, prot | sharing);
                }
            }
        }
        Ok(())
    }

    /// Maps every page of the shared anonymous VMA at `start` now. Its
    /// frames must exist before any `fork`, so that parent and child share
    /// them (a page first touched after the fork would be each one's own).
    pub fn populate_shared_anon(&mut self, mem: &mut Memory, start: u32) -> Result<(), FaultError> {
        let vma = self.vma_at(start).cloned().ok_or(FaultError::Segv)?;
        let bits = vma.pte_prot() | pte::SHARED;
        self.space
            .map_zeroed(mem, vma.start, vma.end - vma.start, bits)
            .map_err(|_| FaultError::OutOfMemory)
    }

    /// Writes the pages of shared file mappings in `[start, end)` back to
    /// their files (msync, munmap, exit). Pages never touched are not
    /// present and have nothing to write; the file is never extended.
    pub fn writeback(
        &self,
        mem: &Memory,
        disk: &mut Mounts,
        start: u32,
        end: u32,
        now: tabvm_fs::Time,
    ) -> Result<(), FsError> {
        for vma in self
            .vmas
            .values()
            .filter(|v| v.shared && v.prot & PROT_WRITE != 0 && v.end > start && v.start < end)
        {
            let Backing::File { ino, offset, .. } = &vma.backing else {
                continue;
            };
            let size = disk.getattr(*ino)?.size;
            let mut page = vma.start.max(page_down(start));
            while page < vma.end.min(end) {
                if let Some(frame) = self.space.frame_of(page) {
                    let at = offset + u64::from(page - vma.start);
                    if at < size {
                        let len = (size - at).min(PAGE_SIZE as u64) as usize;
                        disk.write(*ino, at, &mem.frame(frame)[..len], now)?;
                    }
                }
                page += PAGE;
            }
        }
        Ok(())
    }

    /// Moves the program break (brk(2)); returns the new break, which is the
    /// old one when the request cannot be met.
    pub fn set_brk(&mut self, mem: &mut Memory, want: u32) -> u32 {
        if want < self.brk_start {
            return self.brk;
        }
        let old_end = page_up(self.brk);
        let new_end = page_up(want);
        if new_end > old_end {
            if new_end > MMAP_BASE || !self.is_free(old_end, new_end) {
                return self.brk;
            }
            let heap = self
                .vma_at(old_end.wrapping_sub(1))
                .filter(|v| v.name == "[heap]")
                .cloned();
            if let Some(mut heap) = heap {
                self.vmas.remove(&heap.start);
                heap.end = new_end;
                self.vmas.insert(heap.start, heap);
            } else {
                let heap = Vma {
                    start: old_end,
                    end: new_end,
                    prot: PROT_READ | PROT_WRITE,
                    shared: false,
                    backing: Backing::Anon,
                    name: "[heap]".into(),
                };
                self.vmas.insert(heap.start, heap);
            }
        } else if new_end < old_end {
            self.unmap(mem, new_end, old_end);
        }
        self.brk = want;
        want
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anon(start: u32, end: u32) -> Vma {
        Vma {
            start,
            end,
            prot: PROT_READ | PROT_WRITE,
            shared: false,
            backing: Backing::Anon,
            name: String::new(),
        }
    }

    #[test]
    fn unmap_splits_vmas() {
        let mut mem = Memory::new(1 << 24);
        let mut mm = Mm::new();
        mm.map(&mut mem, anon(0x1000_0000, 0x1000_4000));
        mm.unmap(&mut mem, 0x1000_1000, 0x1000_2000);
        let ranges: Vec<(u32, u32)> = mm.vmas().map(|v| (v.start, v.end)).collect();
        assert_eq!(
            ranges,
            [(0x1000_0000, 0x1000_1000), (0x1000_2000, 0x1000_4000)]
        );
    }

    #[test]
    fn find_free_goes_top_down_around_vmas() {
        let mut mem = Memory::new(1 << 24);
        let mut mm = Mm::new();
        mm.map(&mut mem, anon(MMAP_BASE - 0x2000, MMAP_BASE));
        assert_eq!(mm.find_free(0x1000, MMAP_BASE), Some(MMAP_BASE - 0x3000));
        assert_eq!(mm.find_free(0x1000, 0x2_0000), Some(0x1_f000));
        assert_eq!(mm.find_free(0x2_0000, 0x2_0000), None);
    }

    #[test]
    fn protect_needs_every_page_mapped_and_splits() {
        let mut mem = Memory::new(1 << 24);
        let mut mm = Mm::new();
        mm.map(&mut mem, anon(0x1000_0000, 0x1000_3000));
        assert!(!mm.protect(0x1000_0000, 0x1000_4000, PROT_READ));
        assert!(mm.protect(0x1000_1000, 0x1000_2000, PROT_READ));
        let prots: Vec<u32> = mm.vmas().map(|v| v.prot).collect();
        assert_eq!(
            prots,
            [PROT_READ | PROT_WRITE, PROT_READ, PROT_READ | PROT_WRITE]
        );
    }

    #[test]
    fn grow_extends_in_place_or_moves_the_pages() {
        let mut mem = Memory::new(1 << 24);
        let mut mm = Mm::new();
        let (a, b) = (0x1000_0000, 0x1000_2000);
        mm.map(&mut mem, anon(a, b));
        mm.space
            .map_zeroed(&mut mem, a + 0x1000, 0x1000, pte::READ | pte::WRITE)
            .expect("a frame");
        let frame = mm.space.frame_of(a + 0x1000).expect("mapped");
        mem.frame_mut(frame)[0] = 7;
        // Free after it: the VMA grows where it is.
        assert_eq!(mm.grow(&mut mem, a, 0x2000, 0x3000, false), Some(a));
        assert_eq!(mm.vma_at(a).map(|v| v.end), Some(b + 0x1000));
        // Blocked: refused without MREMAP_MAYMOVE, else moved, data and all.
        mm.map(&mut mem, anon(b + 0x1000, b + 0x2000));
        assert_eq!(mm.grow(&mut mem, a, 0x3000, 0x5000, false), None);
        let moved = mm.grow(&mut mem, a, 0x3000, 0x5000, true).expect("moved");
        assert_eq!(moved, MMAP_BASE - 0x5000);
        assert!(mm.vma_at(a).is_none());
        assert_eq!(mm.vma_at(moved).map(|v| v.end), Some(MMAP_BASE));
        assert_eq!(mm.space.frame_of(moved + 0x1000), Some(frame));
        assert_eq!(mem.frame(frame)[0], 7);
        assert_eq!(mm.space.frame_of(moved), None, "untouched stays untouched");
    }

    #[test]
    fn brk_grows_and_shrinks_the_heap() {
        let mut mem = Memory::new(1 << 24);
        let mut mm = Mm::new();
        mm.brk_start = 0x0805_0000;
        mm.brk = 0x0805_0000;
        assert_eq!(mm.set_brk(&mut mem, 0x0805_2345), 0x0805_2345);
        assert_eq!(mm.vma_at(0x0805_2000).map(|v| v.end), Some(0x0805_3000));
        assert_eq!(
            mm.set_brk(&mut mem, 0x0804_0000),
            0x0805_2345,
            "below the start is refused"
        );
        assert_eq!(mm.set_brk(&mut mem, 0x0805_0000), 0x0805_0000);
        assert!(mm.vma_at(0x0805_0000).is_none());
    }
}
