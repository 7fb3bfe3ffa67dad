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
use std::collections::HashMap;
use std::rc::Rc;

/// Longest block, in instructions.
pub const MAX_BLOCK: usize = 64;
const FAST_SLOTS: usize = 4096;

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
    pub ops: Box<[Op]>,
    /// For a block whose last instruction straddles into the next page:
    /// that page's address and the frame it was decoded from. The lookup
    /// re-checks both (and exec permission), since the block is keyed by its
    /// first page only.
    pub tail: Option<(u32, u32)>,
}

impl Block {
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
    map: HashMap<u64, Rc<Block>>,
    by_frame: HashMap<u32, Vec<u64>>,
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
            map: HashMap::new(),
            by_frame: HashMap::new(),
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
            }
        }
        for slot in &mut self.fast {
            *slot = (u64::MAX, None);
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
        let slot = (eip as usize ^ (eip as usize >> 12)) & (FAST_SLOTS - 1);
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
            ops: ops.into_boxed_slice(),
            tail,
        },
        frames,
    ))
}
