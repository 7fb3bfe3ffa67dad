//! The transactional block cache (DESIGN §4).
//!
//! Every file-system operation runs between [`BlockCache::begin`] and
//! [`BlockCache::commit`] / [`BlockCache::rollback`]. Reads see, in order,
//! the open transaction's own writes, the clean cache, the overlay store and
//! the base source. Writes go to private copies held by the transaction, so a
//! rollback (a `Pending` block, an error half way, a failed overlay commit)
//! leaves no visible change. A commit hands the changed blocks to the
//! [`OverlayStore`] as one [`Transaction`] with the next sequence number, and
//! only once the store has accepted it do they enter the clean cache.
//!
//! The clean cache is bounded (FIFO eviction); evicting costs at most a
//! re-read. Nothing here blocks: a missing base block is reported as
//! [`FsError::Pending`] and the caller retries after the host has supplied it.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::task::Poll;

use crate::FsError;
use crate::source::{BlockSource, OverlayStore, SourceError, Transaction};

/// A cache of file-system blocks over a base source and an overlay store.
#[derive(Debug)]
pub struct BlockCache<S, O> {
    source: S,
    overlay: O,
    block_size: usize,
    capacity: usize,
    clean: HashMap<u64, Box<[u8]>>,
    order: VecDeque<u64>,
    txn: HashMap<u64, Vec<u8>>,
    seq: u64,
    /// Blocks fetched from the source or overlay (misses), for measurements.
    pub misses: u64,
}

fn io(e: &SourceError) -> FsError {
    FsError::Io(e.0.clone())
}

impl<S: BlockSource, O: OverlayStore> BlockCache<S, O> {
    /// A cache of at most `capacity_bytes` of clean blocks. The block size is
    /// set by [`BlockCache::set_block_size`] once the superblock is known.
    pub fn new(source: S, overlay: O, capacity_bytes: usize) -> Self {
        Self {
            source,
            overlay,
            block_size: 1024,
            capacity: capacity_bytes,
            clean: HashMap::new(),
            order: VecDeque::new(),
            txn: HashMap::new(),
            seq: 0,
            misses: 0,
        }
    }

    /// Sets the block size (drops everything cached).
    pub fn set_block_size(&mut self, block_size: usize) {
        self.block_size = block_size;
        self.clean.clear();
        self.order.clear();
        self.txn.clear();
    }

    /// The block size in use.
    #[must_use]
    pub fn block_size(&self) -> usize {
        self.block_size
    }

    /// The base source.
    pub fn source_mut(&mut self) -> &mut S {
        &mut self.source
    }

    /// The base source.
    pub fn source(&self) -> &S {
        &self.source
    }

    /// The overlay store.
    pub fn overlay(&self) -> &O {
        &self.overlay
    }

    /// The overlay store.
    pub fn overlay_mut(&mut self) -> &mut O {
        &mut self.overlay
    }

    /// Gives back the source and the overlay.
    pub fn into_parts(self) -> (S, O) {
        (self.source, self.overlay)
    }

    /// Sequence number of the last committed transaction.
    #[must_use]
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Reads raw bytes from the base source, bypassing cache and overlay
    /// (used before the block size is known). `Pending` reports the
    /// 1 KiB unit at `offset`.
    pub fn read_base(&mut self, offset: u64, buf: &mut [u8]) -> Result<(), FsError> {
        match self.source.read_at(offset, buf) {
            Poll::Ready(Ok(())) => Ok(()),
            Poll::Ready(Err(e)) => Err(io(&e)),
            Poll::Pending => Err(FsError::Pending(offset / 1024)),
        }
    }

    /// Starts a transaction (discarding any stale uncommitted one).
    pub fn begin(&mut self) {
        self.txn.clear();
    }

    /// Drops the open transaction's writes.
    pub fn rollback(&mut self) {
        self.txn.clear();
    }

    /// Commits the open transaction: the changed blocks go to the overlay as
    /// one [`Transaction`]; on a store failure everything is rolled back.
    pub fn commit(&mut self) -> Result<(), FsError> {
        if self.txn.is_empty() {
            return Ok(());
        }
        let mut blocks = BTreeMap::new();
        for (b, data) in self.txn.drain() {
            let unchanged = self.clean.get(&b).is_some_and(|c| **c == *data);
            if !unchanged {
                blocks.insert(b, data);
            }
        }
        if blocks.is_empty() {
            return Ok(());
        }
        let t = Transaction {
            seq: self.seq + 1,
            block_size: self.block_size as u32,
            blocks,
        };
        if let Err(e) = self.overlay.commit(&t) {
            return Err(io(&e));
        }
        self.seq = t.seq;
        for (b, data) in t.blocks {
            self.insert_clean(b, data.into_boxed_slice());
        }
        Ok(())
    }

    fn insert_clean(&mut self, b: u64, data: Box<[u8]>) {
        if let Some(slot) = self.clean.get_mut(&b) {
            *slot = data;
            return;
        }
        let max = (self.capacity / self.block_size.max(1)).max(16);
        while self.clean.len() >= max {
            match self.order.pop_front() {
                Some(old) => {
                    self.clean.remove(&old);
                }
                None => break,
            }
        }
        self.clean.insert(b, data);
        self.order.push_back(b);
    }

    fn load(&mut self, b: u64) -> Result<(), FsError> {
        let mut buf = vec![0u8; self.block_size].into_boxed_slice();
        if !self.overlay.read(b, &mut buf).map_err(|e| io(&e))? {
            let off = b
                .checked_mul(self.block_size as u64)
                .ok_or(FsError::Io(format!(
                    "block number {b} is out of range: the image is corrupt"
                )))?;
            match self.source.read_at(off, &mut buf) {
                Poll::Ready(Ok(())) => {}
                Poll::Ready(Err(e)) => return Err(io(&e)),
                Poll::Pending => return Err(FsError::Pending(b)),
            }
        }
        self.misses += 1;
        self.insert_clean(b, buf);
        Ok(())
    }

    /// The current contents of block `b`.
    pub fn get(&mut self, b: u64) -> Result<&[u8], FsError> {
        if self.txn.contains_key(&b) {
            return Ok(&self.txn[&b]);
        }
        if !self.clean.contains_key(&b) {
            self.load(b)?;
        }
        Ok(&self.clean[&b])
    }

    /// Block `b`, writable within the open transaction.
    pub fn get_mut(&mut self, b: u64) -> Result<&mut [u8], FsError> {
        if !self.txn.contains_key(&b) {
            let copy = self.get(b)?.to_vec();
            self.txn.insert(b, copy);
        }
        Ok(self
            .txn
            .get_mut(&b)
            .map(Vec::as_mut_slice)
            .unwrap_or_default())
    }

    /// Block `b` with all-zero contents, writable within the open transaction
    /// (for freshly allocated blocks: nothing is read).
    pub fn zeroed_mut(&mut self, b: u64) -> &mut [u8] {
        let bs = self.block_size;
        let v = self.txn.entry(b).or_insert_with(|| vec![0; bs]);
        v.fill(0);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FlakyOverlay, MemOverlay, MemSource, PendingOnce};

    fn cache() -> BlockCache<MemSource, MemOverlay> {
        let mut img = vec![0u8; 8 * 1024];
        img[1024] = 1;
        let mut c = BlockCache::new(MemSource::new(img), MemOverlay::default(), 1 << 20);
        c.set_block_size(1024);
        c
    }

    #[test]
    fn rollback_discards_writes() {
        let mut c = cache();
        c.begin();
        c.get_mut(1).unwrap()[0] = 9;
        assert_eq!(c.get(1).unwrap()[0], 9);
        c.rollback();
        assert_eq!(c.get(1).unwrap()[0], 1);
        assert_eq!(c.overlay().commits, 0);
    }

    #[test]
    fn commit_reaches_overlay_in_order() {
        let mut c = cache();
        for i in 0..3u8 {
            c.begin();
            c.get_mut(2).unwrap()[0] = i + 1;
            c.commit().unwrap();
        }
        assert_eq!(c.overlay().last_seq, 3);
        assert_eq!(c.overlay().blocks[&2][0], 3);
        // An unchanged block is not sent.
        c.begin();
        let _ = c.get_mut(3).unwrap();
        c.commit().unwrap();
        assert_eq!(c.overlay().commits, 3);
    }

    #[test]
    fn overlay_wins_over_base() {
        let mut o = MemOverlay::default();
        o.blocks.insert(1, vec![5; 1024]);
        let mut c = BlockCache::new(MemSource::new(vec![0; 4096]), o, 1 << 20);
        c.set_block_size(1024);
        assert_eq!(c.get(1).unwrap()[0], 5);
    }

    #[test]
    fn pending_then_ready() {
        let src = PendingOnce::new(MemSource::new(vec![3; 4096]), 1024);
        let mut c = BlockCache::new(src, MemOverlay::default(), 1 << 20);
        c.set_block_size(1024);
        assert_eq!(c.get(2).unwrap_err(), FsError::Pending(2));
        assert_eq!(c.get(2).unwrap()[0], 3);
    }

    #[test]
    fn failed_commit_leaves_nothing() {
        let mut c = BlockCache::new(MemSource::new(vec![0; 4096]), FlakyOverlay::new(1), 1 << 20);
        c.set_block_size(1024);
        c.begin();
        c.get_mut(1).unwrap()[0] = 1;
        assert!(matches!(c.commit(), Err(FsError::Io(_))));
        assert_eq!(c.get(1).unwrap()[0], 0);
        assert_eq!(c.seq(), 0);
    }

    #[test]
    fn eviction_keeps_bound() {
        let mut c = BlockCache::new(
            MemSource::new(vec![0; 64 * 1024]),
            MemOverlay::default(),
            16 * 1024,
        );
        c.set_block_size(1024);
        for b in 0..64 {
            c.get(b).unwrap();
        }
        assert!(c.clean.len() <= 16);
    }
}
