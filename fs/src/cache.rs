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
//! Blocks the file system frees are recorded with [`BlockCache::discard`]
//! and committed as [`Transaction::freed`]: the store may forget them, and
//! the clean cache drops its copies, so the cache never holds anything but
//! what the overlay or, below it, the base would answer. Writing a block
//! again in the same transaction (it was reallocated) cancels its discard.
//!
//! The clean cache is bounded (FIFO eviction); evicting costs at most a
//! re-read. Nothing here blocks: a missing base block is reported as
//! [`FsError::Pending`] and the caller retries after the host has supplied it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
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
    /// Clean blocks, each with the stamp of its entry in `order`.
    clean: HashMap<u64, (u64, Box<[u8]>)>,
    /// Insertion order for eviction: (block, stamp). An entry whose stamp
    /// is not its block's current one is stale (the block was dropped, then
    /// perhaps cached again) and is skipped; stale entries are compacted
    /// away so the queue stays within twice the cache's size.
    order: VecDeque<(u64, u64)>,
    stamp: u64,
    txn: HashMap<u64, Vec<u8>>,
    /// Blocks the open transaction freed and has not written since.
    freed: HashSet<u64>,
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
            stamp: 0,
            txn: HashMap::new(),
            freed: HashSet::new(),
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
        self.freed.clear();
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
        self.freed.clear();
    }

    /// Drops the open transaction's writes and discards.
    pub fn rollback(&mut self) {
        self.txn.clear();
        self.freed.clear();
    }

    /// Records that the file system freed block `b` in the open transaction:
    /// the commit names `b` in [`Transaction::freed`] instead of sending its
    /// contents, unless the transaction writes it again ([`Self::get_mut`],
    /// [`Self::zeroed_mut`]). Until the commit, reads still see the
    /// transaction's view of `b`. Only for data and indirect blocks: after
    /// the commit their contents may be whatever the base holds.
    pub fn discard(&mut self, b: u64) {
        self.freed.insert(b);
    }

    /// Commits the open transaction: the changed blocks and the freed ones
    /// go to the overlay as one [`Transaction`]; on a store failure
    /// everything is rolled back.
    pub fn commit(&mut self) -> Result<(), FsError> {
        if self.txn.is_empty() && self.freed.is_empty() {
            return Ok(());
        }
        let mut blocks = BTreeMap::new();
        for (b, data) in self.txn.drain() {
            let unchanged = self.clean.get(&b).is_some_and(|(_, c)| **c == *data);
            if !unchanged && !self.freed.contains(&b) {
                blocks.insert(b, data);
            }
        }
        let freed: BTreeSet<u64> = self.freed.drain().collect();
        if blocks.is_empty() && freed.is_empty() {
            return Ok(());
        }
        let t = Transaction {
            seq: self.seq + 1,
            block_size: self.block_size as u32,
            blocks,
            freed,
        };
        if let Err(e) = self.overlay.commit(&t) {
            return Err(io(&e));
        }
        self.seq = t.seq;
        for b in &t.freed {
            // The store may have forgotten it: the next read must ask again.
            self.clean.remove(b);
        }
        for (b, data) in t.blocks {
            self.insert_clean(b, data.into_boxed_slice());
        }
        self.compact_order();
        Ok(())
    }

    fn insert_clean(&mut self, b: u64, data: Box<[u8]>) {
        if let Some((_, slot)) = self.clean.get_mut(&b) {
            *slot = data;
            return;
        }
        let max = (self.capacity / self.block_size.max(1)).max(16);
        while self.clean.len() >= max {
            match self.order.pop_front() {
                Some((old, stamp)) => {
                    if self.clean.get(&old).is_some_and(|(s, _)| *s == stamp) {
                        self.clean.remove(&old);
                    }
                }
                None => break,
            }
        }
        self.stamp = self.stamp.wrapping_add(1);
        self.clean.insert(b, (self.stamp, data));
        self.order.push_back((b, self.stamp));
    }

    /// Drops stale entries from the eviction queue once they outnumber the
    /// live ones (amortised: each pass at least halves the queue).
    fn compact_order(&mut self) {
        if self.order.len() > 2 * self.clean.len() + 64 {
            let clean = &self.clean;
            self.order
                .retain(|(b, stamp)| clean.get(b).is_some_and(|(s, _)| s == stamp));
        }
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
        Ok(&self.clean[&b].1)
    }

    /// Block `b`, writable within the open transaction (cancels a discard
    /// of `b` in it).
    pub fn get_mut(&mut self, b: u64) -> Result<&mut [u8], FsError> {
        if !self.txn.contains_key(&b) {
            let copy = self.get(b)?.to_vec();
            self.txn.insert(b, copy);
        }
        self.freed.remove(&b);
        Ok(self
            .txn
            .get_mut(&b)
            .map(Vec::as_mut_slice)
            .unwrap_or_default())
    }

    /// Block `b` with all-zero contents, writable within the open transaction
    /// (for freshly allocated blocks: nothing is read; cancels a discard of
    /// `b` in it).
    pub fn zeroed_mut(&mut self, b: u64) -> &mut [u8] {
        self.freed.remove(&b);
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

    /// The transaction the overlay received last.
    #[derive(Debug, Default)]
    struct Recorder {
        inner: MemOverlay,
        last: Option<Transaction>,
    }

    impl OverlayStore for Recorder {
        fn read(&mut self, block: u64, buf: &mut [u8]) -> Result<bool, SourceError> {
            self.inner.read(block, buf)
        }
        fn commit(&mut self, txn: &Transaction) -> Result<(), SourceError> {
            self.inner.commit(txn)?;
            self.last = Some(txn.clone());
            Ok(())
        }
    }

    fn recorder() -> BlockCache<MemSource, Recorder> {
        let mut c = BlockCache::new(
            MemSource::new(vec![0xA5; 16 * 1024]),
            Recorder::default(),
            1 << 20,
        );
        c.set_block_size(1024);
        c
    }

    fn last(c: &BlockCache<MemSource, Recorder>) -> &Transaction {
        c.overlay().last.as_ref().unwrap()
    }

    #[test]
    fn freed_blocks_are_committed_and_forgotten() {
        let mut c = recorder();
        c.begin();
        c.zeroed_mut(3)[0] = 1;
        c.zeroed_mut(4)[0] = 2;
        c.commit().unwrap();
        assert_eq!(c.get(3).unwrap()[0], 1);
        c.begin();
        c.discard(3);
        c.get_mut(5).unwrap()[0] = 9;
        c.commit().unwrap();
        let t = last(&c);
        assert_eq!(t.freed.iter().copied().collect::<Vec<_>>(), [3]);
        assert_eq!(t.blocks.keys().copied().collect::<Vec<_>>(), [5]);
        assert!(!c.overlay().inner.blocks.contains_key(&3));
        // The clean copy went too: the block reads as the base has it.
        assert_eq!(c.get(3).unwrap()[0], 0xA5);
        assert_eq!(c.get(4).unwrap()[0], 2);
    }

    #[test]
    fn written_then_freed_is_only_freed() {
        let mut c = recorder();
        c.begin();
        c.zeroed_mut(6)[0] = 1;
        c.get_mut(7).unwrap()[0] = 1;
        c.discard(6);
        c.discard(7);
        c.get_mut(8).unwrap()[0] = 1;
        c.commit().unwrap();
        let t = last(&c);
        assert_eq!(t.freed.iter().copied().collect::<Vec<_>>(), [6, 7]);
        assert_eq!(t.blocks.keys().copied().collect::<Vec<_>>(), [8]);
        assert_eq!(c.get(6).unwrap()[0], 0xA5);
    }

    #[test]
    fn freed_then_rewritten_is_only_written() {
        let mut c = recorder();
        c.begin();
        c.zeroed_mut(3)[0] = 1;
        c.zeroed_mut(4)[0] = 1;
        c.commit().unwrap();
        c.begin();
        c.discard(3);
        c.discard(4);
        c.zeroed_mut(3)[1] = 7;
        c.get_mut(4).unwrap()[1] = 8;
        c.commit().unwrap();
        let t = last(&c);
        assert!(t.freed.is_empty(), "{t:?}");
        assert_eq!(t.blocks.keys().copied().collect::<Vec<_>>(), [3, 4]);
        assert_eq!(&c.get(3).unwrap()[..2], [0, 7]);
        assert_eq!(c.overlay().inner.blocks[&4][1], 8);
    }

    #[test]
    fn rewriting_a_freed_block_with_its_old_bytes_reaches_the_overlay() {
        // Were the clean copy kept, the rewrite would look unchanged and
        // never reach the store, which has forgotten the block.
        let mut c = recorder();
        c.begin();
        c.zeroed_mut(3)[0] = 1;
        c.commit().unwrap();
        c.begin();
        c.discard(3);
        c.commit().unwrap();
        c.begin();
        c.zeroed_mut(3)[0] = 1;
        c.commit().unwrap();
        assert_eq!(c.overlay().inner.blocks[&3][0], 1);
        assert_eq!(c.seq(), 3);
    }

    #[test]
    fn a_transaction_that_only_frees_still_commits() {
        let mut c = recorder();
        c.begin();
        c.zeroed_mut(3)[0] = 1;
        c.commit().unwrap();
        c.begin();
        c.discard(3);
        c.commit().unwrap();
        assert_eq!(c.seq(), 2);
        assert!(last(&c).blocks.is_empty());
        assert!(c.overlay().inner.blocks.is_empty());
    }

    #[test]
    fn rolled_back_discards_change_nothing() {
        let mut c = recorder();
        c.begin();
        c.zeroed_mut(3)[0] = 1;
        c.commit().unwrap();
        c.begin();
        c.discard(3);
        c.rollback();
        c.begin();
        c.commit().unwrap();
        assert_eq!(c.seq(), 1);
        assert_eq!(c.get(3).unwrap()[0], 1);
        // A failed store commit keeps the block too.
        let mut f = BlockCache::new(MemSource::new(vec![0; 8192]), FlakyOverlay::new(2), 1 << 20);
        f.set_block_size(1024);
        f.begin();
        f.zeroed_mut(3)[0] = 1;
        f.commit().unwrap();
        f.begin();
        f.discard(3);
        assert!(f.commit().is_err());
        assert_eq!(f.get(3).unwrap()[0], 1);
        assert!(f.overlay().inner.blocks.contains_key(&3));
    }

    #[test]
    fn discard_cycles_keep_the_eviction_queue_bounded() {
        let mut c = recorder();
        for i in 0..10_000u32 {
            c.begin();
            c.zeroed_mut(3)[0] = i as u8 | 1;
            c.commit().unwrap();
            c.begin();
            c.discard(3);
            c.commit().unwrap();
            c.get(3).unwrap();
        }
        assert!(c.order.len() <= 2 * c.clean.len() + 64, "{}", c.order.len());
    }

    #[test]
    fn eviction_skips_stale_entries() {
        let mut c = BlockCache::new(
            MemSource::new(vec![0; 64 * 1024]),
            MemOverlay::default(),
            16 * 1024,
        );
        c.set_block_size(1024);
        for b in 0..16 {
            c.begin();
            c.zeroed_mut(b)[0] = 1;
            c.commit().unwrap();
        }
        c.begin();
        for b in 0..8 {
            c.discard(b);
        }
        c.commit().unwrap();
        for b in 16..64 {
            c.get(b).unwrap();
            assert!(c.clean.len() <= 16);
        }
        // Every block still reads what the overlay or base holds.
        for b in 0..64 {
            let want = u8::from((8..16).contains(&b));
            assert_eq!(c.get(b).unwrap()[0], want, "block {b}");
        }
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
