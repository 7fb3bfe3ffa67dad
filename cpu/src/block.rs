//! Decoded basic blocks and their cache.
//!
//! A block is decoded once (iced-x86, 32-bit mode) from the first byte
//! executed, in execution order: it runs on past conditional branches (a
//! taken one leaves the block), follows direct `jmp`/`call` targets inside
//! the same page, and ends at any other control transfer, after
//! [`MAX_BLOCK`] instructions, or at the end of its page; only one last
//! instruction may straddle into the next page (exec permission is checked
//! on both). Each instruction is stored with its pre-selected handler and
//! pre-resolved memory operand, so executing a block never decodes or
//! re-dispatches on the opcode.
//!
//! Blocks live in [`CodeCache`] inside [`Memory`], keyed by (frame, eip):
//! processes sharing a frame at the same address share its blocks, and a
//! lookup through a different page-table entry never finds a stale block.
//! Every frame a block was decoded from is marked as a code frame; any write
//! to such a frame (guest store, kernel write, COW copy source is untouched so
//! needs nothing, frame freed) drops all its blocks and bumps `generation`, so
//! the interpreter stops the block it is running after the writing instruction.

use crate::fault::{Access, Fault};
use crate::interp::{self, Handler};
use crate::mmu::{AddressSpace, Frame, Memory, PAGE_SHIFT, PAGE_SIZE};
use iced_x86::{Decoder, DecoderError, DecoderOptions, FlowControl, Instruction};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

/// Longest block, in instructions.
pub const MAX_BLOCK: usize = 64;
/// Entries of the direct-mapped table in front of the block map.
const FAST_SLOTS: usize = 1 << 14;

/// The fast-table slot of a block starting at `eip`.
#[inline(always)]
fn fast_slot(eip: u32) -> usize {
    (eip as usize ^ (eip as usize >> 14)) & (FAST_SLOTS - 1)
}

/// Hashes the cache's integer keys with a multiply-xorshift mix (the
/// default SipHash costs more than the lookup it serves; the keys come from
/// guest addresses, but a collision only costs a slower probe).
#[derive(Clone, Copy, Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 29;
        h
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type KeyMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// One decoded instruction, its handler and its pre-resolved memory operand.
pub(crate) struct Op {
    pub insn: Instruction,
    pub handler: Handler,
    pub mem: MemOperand,
}

impl std::ops::Deref for Op {
    type Target = Instruction;
    fn deref(&self) -> &Instruction {
        &self.insn
    }
}

/// A memory operand resolved at decode time: `disp + regs[base] +
/// (regs[index] << shift)`, truncated to 16 bits when `a16`, plus the base
/// of segment `seg`. Register numbers >= 8 mean "none". `fast` is false for
/// forms only the general path handles.
#[derive(Clone, Copy, Default)]
pub(crate) struct MemOperand {
    pub disp: u32,
    pub base: u8,
    pub index: u8,
    pub shift: u8,
    pub seg: u8,
    pub a16: bool,
    pub fast: bool,
}

impl MemOperand {
    fn resolve(i: &Instruction) -> MemOperand {
        use iced_x86::Register;
        fn gpr(r: Register) -> Option<(u8, bool)> {
            let n = r as u32;
            match n {
                0 => Some((8, false)),
                37..=44 => Some(((n - 37) as u8, false)),
                21..=28 => Some(((n - 21) as u8, true)),
                _ => None,
            }
        }
        let seg = (i.memory_segment() as u32).wrapping_sub(71).min(6) as u8;
        let (Some((base, b16)), Some((index, x16))) = (gpr(i.memory_base()), gpr(i.memory_index()))
        else {
            return MemOperand {
                seg,
                ..MemOperand::default()
            };
        };
        let a16 = b16 || x16 || (base == 8 && index == 8 && i.memory_displ_size() == 2);
        MemOperand {
            disp: i.memory_displacement32(),
            base,
            index,
            shift: i.memory_index_scale().trailing_zeros() as u8,
            seg,
            a16,
            fast: true,
        }
    }
}

/// A decoded basic block.
pub(crate) struct Block {
    /// The address of its first instruction.
    pub start: u32,
    /// The frame its first page was decoded from (its cache key).
    pub frame: u32,
    pub ops: Box<[Op]>,
    /// For a block whose last instruction straddles into the next page:
    /// that page's address and the frame it was decoded from. The lookup
    /// re-checks both (and exec permission), since the block is keyed by its
    /// first page only.
    pub tail: Option<(u32, u32)>,
    /// The blocks run after this one most recently (block chaining), most
    /// recent first: the run loop tries them before the cache lookup.
    links: RefCell<[Link; 2]>,
}

/// A chained successor: valid while the cache's generation is `generation`
/// (no code was invalidated since it was looked up, so it is still cached
/// and `Weak` upgrades) and the page at its start still maps its frame.
#[derive(Clone, Default)]
struct Link {
    generation: u64,
    block: Weak<Block>,
}

impl Block {
    /// Whether this block may run at `eip` in `aspace`: it starts there, the
    /// page still maps the frame it was decoded from, executable, and so
    /// does the page its last instruction straddles into.
    #[inline(always)]
    pub fn runs_at(&self, eip: u32, aspace: &AddressSpace) -> bool {
        let e = aspace.pte(eip);
        let want = crate::mmu::pte::PRESENT | crate::mmu::pte::EXEC;
        self.start == eip
            && e & want == want
            && e >> PAGE_SHIFT == self.frame
            && self.tail_valid(aspace)
    }

    /// The chained successor starting at `eip`, if one is still valid.
    #[inline(always)]
    pub fn chained(&self, eip: u32, generation: u64, aspace: &AddressSpace) -> Option<Rc<Block>> {
        let links = self.links.borrow();
        for l in links.iter() {
            if l.generation == generation
                && let Some(b) = l.block.upgrade()
                && b.runs_at(eip, aspace)
            {
                return Some(b);
            }
        }
        None
    }

    /// Records `next` (looked up at cache generation `generation`) as the
    /// most recent successor.
    pub fn link(&self, next: &Rc<Block>, generation: u64) {
        let mut links = self.links.borrow_mut();
        links[1] = std::mem::take(&mut links[0]);
        links[0] = Link {
            generation,
            block: Rc::downgrade(next),
        };
    }

    /// Whether the page the block straddles into still maps the same frame,
    /// executable.
    #[inline(always)]
    fn tail_valid(&self, aspace: &AddressSpace) -> bool {
        match self.tail {
            None => true,
            Some((addr, frame)) => {
                let e = aspace.pte(addr);
                let want = crate::mmu::pte::PRESENT | crate::mmu::pte::EXEC;
                e & want == want && e >> PAGE_SHIFT == frame
            }
        }
    }
}

/// The decoded-block cache of a machine.
pub(crate) struct CodeCache {
    map: KeyMap<u64, Rc<Block>>,
    by_frame: KeyMap<u32, Vec<u64>>,
    fast: Vec<(u64, Option<Rc<Block>>)>,
    /// Instructions held by all cached blocks (bounded by [`MAX_CACHED_OPS`]).
    ops: usize,
    /// [`MAX_CACHED_OPS`], lowered by tests.
    pub limit: usize,
    /// Bumped on every invalidation.
    pub generation: u64,
}

/// The most decoded instructions kept (about 128 MiB): a guest jumping to
/// every byte of a huge executable mapping must not exhaust host memory, so
/// beyond this the whole cache is dropped and refilled on demand.
pub const MAX_CACHED_OPS: usize = 2 << 20;

impl Default for CodeCache {
    fn default() -> Self {
        CodeCache {
            map: KeyMap::default(),
            by_frame: KeyMap::default(),
            fast: vec![(u64::MAX, None); FAST_SLOTS],
            ops: 0,
            limit: MAX_CACHED_OPS,
            generation: 0,
        }
    }
}

#[inline(always)]
fn key(frame: u32, eip: u32) -> u64 {
    u64::from(frame) << 32 | u64::from(eip)
}

impl CodeCache {
    pub fn invalidate_frame(&mut self, f: Frame) {
        if let Some(keys) = self.by_frame.remove(&f.0) {
            for k in keys {
                if let Some(b) = self.map.remove(&k) {
                    self.ops -= b.ops.len();
                }
                // Only a block of this frame can sit in its start's slot
                // under this key.
                let slot = &mut self.fast[fast_slot(k as u32)];
                if slot.0 == k {
                    *slot = (u64::MAX, None);
                }
            }
        }
        self.generation = self.generation.wrapping_add(1);
    }

    /// Drops every block (the caller clears the frames' code marks).
    pub fn clear(&mut self) {
        self.map.clear();
        self.by_frame.clear();
        for slot in &mut self.fast {
            *slot = (u64::MAX, None);
        }
        self.ops = 0;
        self.generation = self.generation.wrapping_add(1);
    }

    /// Instructions held by the cache (tests).
    #[cfg(test)]
    pub fn ops(&self) -> usize {
        self.ops
    }

    /// Number of cached blocks (tests).
    #[cfg(test)]
    #[allow(dead_code)]
    pub fn len(&self) -> usize {
        self.map.len()
    }
}

/// Finds or decodes the block starting at `eip`.
#[inline]
pub(crate) fn lookup(
    mem: &mut Memory,
    aspace: &mut AddressSpace,
    eip: u32,
) -> Result<Rc<Block>, Fault> {
    let e = aspace.pte(eip);
    let want = crate::mmu::pte::PRESENT | crate::mmu::pte::EXEC;
    if e & want == want {
        let k = key(e >> PAGE_SHIFT, eip);
        let slot = fast_slot(eip);
        let c = &mut mem.code_cache;
        if c.fast[slot].0 == k
            && let Some(b) = &c.fast[slot].1
            && b.tail_valid(aspace)
        {
            return Ok(b.clone());
        }
        if let Some(b) = c.map.get(&k)
            && b.tail_valid(aspace)
        {
            let b = b.clone();
            c.fast[slot] = (k, Some(b.clone()));
            return Ok(b);
        }
    }
    let (block, frames) = decode(mem, aspace, eip)?;
    let b = Rc::new(block);
    let k = key(frames[0].map_or(0, |f| f.0), eip);
    for f in frames.iter().flatten() {
        mem.mark_code(*f);
    }
    if mem.code_cache.ops + b.ops.len() > mem.code_cache.limit {
        mem.forget_all_code();
    }
    let c = &mut mem.code_cache;
    c.ops += b.ops.len();
    if let Some(old) = c.map.insert(k, b.clone()) {
        c.ops -= old.ops.len();
    }
    for f in frames.iter().flatten() {
        c.by_frame.entry(f.0).or_default().push(k);
    }
    Ok(b)
}

/// Decodes the block at `eip`; returns it and the frames it depends on.
fn decode(
    mem: &mut Memory,
    aspace: &mut AddressSpace,
    eip: u32,
) -> Result<(Block, [Option<Frame>; 2]), Fault> {
    let off = aspace.translate(mem, eip, Access::Execute)?;
    let f0 = Frame(aspace.pte(eip) >> PAGE_SHIFT);
    let start = eip as usize & (PAGE_SIZE - 1);
    let page = eip & !(PAGE_SIZE as u32 - 1);
    // The whole page (direct jumps inside it are followed) plus up to 15
    // bytes of the next one for an instruction that straddles.
    let mut buf = [0u8; PAGE_SIZE + 16];
    buf[..PAGE_SIZE].copy_from_slice(&mem.bytes()[off - start..off - start + PAGE_SIZE]);
    let next_page = page.wrapping_add(PAGE_SIZE as u32);
    let mut avail = PAGE_SIZE;
    let mut f1 = None;
    let next_fault = if next_page == 0 {
        Some(Fault::Page {
            addr: 0,
            access: Access::Execute,
            present: false,
        })
    } else {
        match aspace.translate(mem, next_page, Access::Execute) {
            Ok(o) => {
                buf[PAGE_SIZE..PAGE_SIZE + 15].copy_from_slice(&mem.bytes()[o..o + 15]);
                avail += 15;
                f1 = Some(Frame(aspace.pte(next_page) >> PAGE_SHIFT));
                None
            }
            Err(f) => Some(f),
        }
    };
    let mut dec = Decoder::with_ip(32, &buf[..avail], u64::from(page), DecoderOptions::NONE);
    let _ = dec.set_position(start);
    dec.set_ip(u64::from(eip));
    let mut ops: Vec<Op> = Vec::new();
    let mut straddled = false;
    // Whether the last op is a jump or call that decoding followed.
    let mut followed = false;
    let mut insn = Instruction::default();
    while ops.len() < MAX_BLOCK && dec.position() < PAGE_SIZE {
        dec.decode_out(&mut insn);
        if insn.is_invalid() {
            if dec.last_error() == DecoderError::NoMoreBytes {
                if ops.is_empty() {
                    return Err(next_fault.unwrap_or(Fault::InvalidOpcode));
                }
                break;
            }
            ops.push(Op {
                insn,
                handler: interp::invalid_opcode,
                mem: MemOperand::default(),
            });
            followed = false;
            break;
        }
        if dec.position() > PAGE_SIZE {
            straddled = true;
        }
        // A direct jmp/call to the same page continues the block at its
        // target (its handler then returns `Step::Next`); the block still
        // depends on this page only.
        let target = insn.near_branch_target() as u32;
        let inline = if !straddled && target & !(PAGE_SIZE as u32 - 1) == page {
            interp::inline_branch(&insn)
        } else {
            None
        };
        if let Some(handler) = inline {
            ops.push(Op {
                insn,
                handler,
                mem: MemOperand::default(),
            });
            followed = true;
            let _ = dec.set_position((target - page) as usize);
            dec.set_ip(u64::from(target));
            continue;
        }
        followed = false;
        let handler = interp::select(&insn);
        // A not-taken conditional branch falls through inside the block
        // (its handler returns `Step::Next`), so blocks span several
        // branches and the run loop looks up fewer of them.
        let ends = !matches!(
            insn.flow_control(),
            FlowControl::Next | FlowControl::ConditionalBranch
        ) || interp::ends_block(&insn);
        ops.push(Op {
            insn,
            handler,
            mem: MemOperand::resolve(&insn),
        });
        if ends || straddled {
            break;
        }
    }
    if followed && let Some(last) = ops.last_mut() {
        // Nothing was decoded at the target: the branch must transfer.
        last.handler = interp::select(&last.insn);
    }
    let frames = [Some(f0), if straddled { f1 } else { None }];
    let tail = if straddled {
        f1.map(|f| (next_page, f.0))
    } else {
        None
    };
    Ok((
        Block {
            start: eip,
            frame: f0.0,
            ops: ops.into_boxed_slice(),
            tail,
            links: RefCell::default(),
        },
        frames,
    ))
}
