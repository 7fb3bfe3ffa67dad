//! Where blocks come from and where changed blocks go.
//!
//! * [`BlockSource`]: the read-only base image. Reads are poll-style: a
//!   source that does not hold the bytes yet (the browser fetches chunks over
//!   HTTP) starts the fetch and answers [`Poll::Pending`]. The operation that
//!   needed the block is rolled back and fails with
//!   [`FsError::Pending`](crate::FsError::Pending); the host gives the arrived
//!   bytes to its source (for the chunked image,
//!   [`ChunkedSource::supply`](crate::chunk::ChunkedSource::supply), reached
//!   through [`Ext2Fs::source_mut`](crate::Ext2Fs::source_mut)) and then retries
//!   the operation. Nothing is cached about a `Pending` answer, so the retry
//!   simply asks again. The cache never blocks and never spins.
//! * [`OverlayStore`]: the blocks that committed transactions changed. Reads
//!   are synchronous (the browser loads its overlay index before mounting);
//!   [`OverlayStore::commit`] receives each committed [`Transaction`] whole
//!   and in sequence order, and must apply it atomically. A transaction also
//!   names the blocks it freed, so a store can forget them (tmpfs gives the
//!   memory back; a persistent overlay stops storing deleted files).
//!
//! Test doubles that inject `Pending` answers and failures live here too
//! (STYLE 11), so every run exercises the retry and rollback paths.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::task::Poll;

/// A failure reading or writing backing storage, with a message a person can
/// act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SourceError(pub String);

/// The read-only base image.
pub trait BlockSource {
    /// Size of the image in bytes.
    fn size(&self) -> u64;

    /// Reads `buf.len()` bytes at byte `offset`. `Poll::Pending` means the
    /// bytes are not here yet and their fetch has been requested; the caller
    /// retries later. Reads past [`BlockSource::size`] are an error.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Poll<Result<(), SourceError>>;
}

/// One committed transaction: its sequence number, the full new contents of
/// every block it changed, and the blocks it freed.
///
/// `blocks` and `freed` never share a block: the last thing the transaction
/// did to a block decides (written after its last free: in `blocks`; freed
/// after its last write: only in `freed`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    /// Sequence number, increasing by one per commit.
    pub seq: u64,
    /// File-system block size of the blocks below.
    pub block_size: u32,
    /// Changed blocks, by block number.
    pub blocks: BTreeMap<u64, Vec<u8>>,
    /// Data and indirect blocks the file system freed (never metadata:
    /// superblock, descriptors, bitmaps, inode tables). Their contents are
    /// unused from now on: a store may drop its copy, and a later read may
    /// then see the base image's bytes, which is correct because the file
    /// system writes every block it allocates (zeros at least) before it
    /// reads it. A store may also ignore this set.
    pub freed: BTreeSet<u64>,
}

/// The persistent overlay of changed blocks. Blocks here win over the base.
pub trait OverlayStore {
    /// Copies the overlay's version of `block` into `buf` and returns `true`,
    /// or returns `false` if the overlay does not hold it.
    fn read(&mut self, block: u64, buf: &mut [u8]) -> Result<bool, SourceError>;

    /// Applies `txn` atomically: after a crash either all or none of its
    /// blocks are visible. Called in sequence order. The store may forget
    /// the blocks in [`Transaction::freed`] (and should, to save space);
    /// after that [`OverlayStore::read`] of one answers `false`.
    fn commit(&mut self, txn: &Transaction) -> Result<(), SourceError>;
}

impl<S: BlockSource + ?Sized> BlockSource for Box<S> {
    fn size(&self) -> u64 {
        (**self).size()
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Poll<Result<(), SourceError>> {
        (**self).read_at(offset, buf)
    }
}

impl<O: OverlayStore + ?Sized> OverlayStore for Box<O> {
    fn read(&mut self, block: u64, buf: &mut [u8]) -> Result<bool, SourceError> {
        (**self).read(block, buf)
    }
    fn commit(&mut self, txn: &Transaction) -> Result<(), SourceError> {
        (**self).commit(txn)
    }
}

fn range_check(offset: u64, len: usize, size: u64) -> Result<(), SourceError> {
    match offset.checked_add(len as u64) {
        Some(end) if end <= size => Ok(()),
        _ => Err(SourceError(format!(
            "read of {len} bytes at offset {offset} is past the end of the {size}-byte image: \
             the image is truncated or its metadata is corrupt (run e2fsck on it)"
        ))),
    }
}

/// A base image held in memory.
#[derive(Debug, Clone, Default)]
pub struct MemSource {
    /// The image bytes.
    pub bytes: Vec<u8>,
}

impl MemSource {
    /// Wraps image bytes.
    #[must_use]
    pub fn new(bytes: Vec<u8>) -> Self {
        Self { bytes }
    }
}

impl BlockSource for MemSource {
    fn size(&self) -> u64 {
        self.bytes.len() as u64
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Poll<Result<(), SourceError>> {
        if let Err(e) = range_check(offset, buf.len(), self.size()) {
            return Poll::Ready(Err(e));
        }
        let o = offset as usize;
        buf.copy_from_slice(&self.bytes[o..o + buf.len()]);
        Poll::Ready(Ok(()))
    }
}

/// A base image of zeros that takes no memory: the base under a volume made
/// by [`format`](crate::ext2::format) (tmpfs), whose overlay holds every
/// non-zero block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ZeroSource {
    /// Size of the image in bytes.
    pub size: u64,
}

impl ZeroSource {
    /// A zero image of `size` bytes.
    #[must_use]
    pub fn new(size: u64) -> Self {
        Self { size }
    }
}

impl BlockSource for ZeroSource {
    fn size(&self) -> u64 {
        self.size
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Poll<Result<(), SourceError>> {
        if let Err(e) = range_check(offset, buf.len(), self.size) {
            return Poll::Ready(Err(e));
        }
        buf.fill(0);
        Poll::Ready(Ok(()))
    }
}

/// An overlay held in memory (tests, tmpfs, and `tabvm run` without
/// `--write`). Freed blocks are dropped, so it holds only blocks in use.
#[derive(Debug, Clone, Default)]
pub struct MemOverlay {
    /// Current contents of every changed block.
    pub blocks: HashMap<u64, Vec<u8>>,
    /// Sequence number of the last commit.
    pub last_seq: u64,
    /// Number of commits received.
    pub commits: u64,
}

impl OverlayStore for MemOverlay {
    fn read(&mut self, block: u64, buf: &mut [u8]) -> Result<bool, SourceError> {
        match self.blocks.get(&block) {
            Some(b) if b.len() == buf.len() => {
                buf.copy_from_slice(b);
                Ok(true)
            }
            Some(b) => Err(SourceError(format!(
                "overlay block {block} is {} bytes but the file system uses {}-byte blocks: \
                 the overlay belongs to another image; discard it",
                b.len(),
                buf.len()
            ))),
            None => Ok(false),
        }
    }
    fn commit(&mut self, txn: &Transaction) -> Result<(), SourceError> {
        if self.commits > 0 && txn.seq != self.last_seq + 1 {
            return Err(SourceError(format!(
                "overlay commit out of order: got {} after {}",
                txn.seq, self.last_seq
            )));
        }
        for (b, data) in &txn.blocks {
            self.blocks.insert(*b, data.clone());
        }
        for b in &txn.freed {
            self.blocks.remove(b);
        }
        self.last_seq = txn.seq;
        self.commits += 1;
        Ok(())
    }
}

impl MemOverlay {
    /// Writes every overlay block into `image` (a full image of the same
    /// geometry), e.g. to check the result with e2fsck.
    pub fn apply_to(&self, image: &mut [u8], block_size: u32) {
        for (b, data) in &self.blocks {
            let o = (*b as usize).saturating_mul(block_size as usize);
            if let Some(dst) = image.get_mut(o..o + data.len()) {
                dst.copy_from_slice(data);
            }
        }
    }
}

/// Test double: answers `Pending` the first time each aligned unit of
/// `granule` bytes is read, then serves it from the inner source.
#[derive(Debug)]
pub struct PendingOnce<S> {
    /// The wrapped source.
    pub inner: S,
    granule: u64,
    seen: HashSet<u64>,
    /// How many reads answered `Pending`.
    pub pendings: u64,
}

impl<S> PendingOnce<S> {
    /// Wraps `inner`; `granule` is the unit (e.g. 1024) that becomes
    /// available after its first request.
    #[must_use]
    pub fn new(inner: S, granule: u64) -> Self {
        Self {
            inner,
            granule: granule.max(1),
            seen: HashSet::new(),
            pendings: 0,
        }
    }
}

impl<S: BlockSource> BlockSource for PendingOnce<S> {
    fn size(&self) -> u64 {
        self.inner.size()
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Poll<Result<(), SourceError>> {
        let first = offset / self.granule;
        let last = (offset + buf.len().max(1) as u64 - 1) / self.granule;
        let mut missing = false;
        for g in first..=last {
            if self.seen.insert(g) {
                missing = true;
            }
        }
        if missing {
            self.pendings += 1;
            return Poll::Pending;
        }
        self.inner.read_at(offset, buf)
    }
}

/// Test double: fails every `period`-th read (deterministically), otherwise
/// passes reads through.
#[derive(Debug)]
pub struct FailEvery<S> {
    /// The wrapped source.
    pub inner: S,
    period: u64,
    count: u64,
    /// How many reads were failed.
    pub failures: u64,
}

impl<S> FailEvery<S> {
    /// Wraps `inner`, failing reads number `period`, `2*period`, ...
    #[must_use]
    pub fn new(inner: S, period: u64) -> Self {
        Self {
            inner,
            period: period.max(1),
            count: 0,
            failures: 0,
        }
    }
}

impl<S: BlockSource> BlockSource for FailEvery<S> {
    fn size(&self) -> u64 {
        self.inner.size()
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Poll<Result<(), SourceError>> {
        self.count += 1;
        if self.count.is_multiple_of(self.period) {
            self.failures += 1;
            return Poll::Ready(Err(SourceError(format!(
                "injected read failure at {offset}"
            ))));
        }
        self.inner.read_at(offset, buf)
    }
}

/// Test double: an overlay whose every `period`-th commit fails without
/// applying anything.
#[derive(Debug, Default)]
pub struct FlakyOverlay {
    /// The wrapped in-memory overlay.
    pub inner: MemOverlay,
    /// Fail commits number `period`, `2*period`, ... (0: never).
    pub period: u64,
    count: u64,
}

impl FlakyOverlay {
    /// A flaky overlay failing every `period`-th commit.
    #[must_use]
    pub fn new(period: u64) -> Self {
        Self {
            inner: MemOverlay::default(),
            period,
            count: 0,
        }
    }
}

impl OverlayStore for FlakyOverlay {
    fn read(&mut self, block: u64, buf: &mut [u8]) -> Result<bool, SourceError> {
        self.inner.read(block, buf)
    }
    fn commit(&mut self, txn: &Transaction) -> Result<(), SourceError> {
        self.count += 1;
        if self.period != 0 && self.count.is_multiple_of(self.period) {
            return Err(SourceError("injected overlay commit failure".into()));
        }
        self.inner.commit(txn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mem_source_bounds() {
        let mut s = MemSource::new(vec![7; 100]);
        let mut b = [0u8; 10];
        assert_eq!(s.read_at(90, &mut b), Poll::Ready(Ok(())));
        assert!(matches!(s.read_at(91, &mut b), Poll::Ready(Err(_))));
        assert!(matches!(s.read_at(u64::MAX, &mut b), Poll::Ready(Err(_))));
    }

    #[test]
    fn zero_source_reads_zeros_in_range() {
        let mut s = ZeroSource::new(4096);
        let mut b = [9u8; 16];
        assert_eq!(s.size(), 4096);
        assert_eq!(s.read_at(4080, &mut b), Poll::Ready(Ok(())));
        assert_eq!(b, [0; 16]);
        b = [9; 16];
        assert!(matches!(s.read_at(4081, &mut b), Poll::Ready(Err(_))));
        assert!(matches!(s.read_at(u64::MAX, &mut b), Poll::Ready(Err(_))));
        assert_eq!(b, [9; 16], "a failed read leaves the buffer alone");
        assert_eq!(s.read_at(4096, &mut []), Poll::Ready(Ok(())));
    }

    #[test]
    fn pending_once_then_ready() {
        let mut s = PendingOnce::new(MemSource::new(vec![1; 4096]), 1024);
        let mut b = [0u8; 8];
        assert_eq!(s.read_at(1020, &mut b), Poll::Pending);
        assert_eq!(s.read_at(1020, &mut b), Poll::Ready(Ok(())));
        assert_eq!(s.pendings, 1);
    }

    #[test]
    fn overlay_rejects_out_of_order() {
        let mut o = MemOverlay::default();
        let t = |seq| Transaction {
            seq,
            block_size: 1024,
            blocks: BTreeMap::new(),
            freed: BTreeSet::new(),
        };
        o.commit(&t(1)).unwrap();
        o.commit(&t(2)).unwrap();
        assert!(o.commit(&t(4)).is_err());
    }

    #[test]
    fn mem_overlay_forgets_freed_blocks() {
        let mut o = MemOverlay::default();
        let mut blocks = BTreeMap::new();
        blocks.insert(3, vec![7u8; 1024]);
        blocks.insert(4, vec![8u8; 1024]);
        o.commit(&Transaction {
            seq: 1,
            block_size: 1024,
            blocks,
            freed: BTreeSet::new(),
        })
        .unwrap();
        let mut blocks = BTreeMap::new();
        blocks.insert(5, vec![9u8; 1024]);
        o.commit(&Transaction {
            seq: 2,
            block_size: 1024,
            blocks,
            freed: [3, 6].into_iter().collect(),
        })
        .unwrap();
        let mut buf = [0u8; 1024];
        assert!(!o.read(3, &mut buf).unwrap(), "a freed block is forgotten");
        assert!(!o.read(6, &mut buf).unwrap());
        assert!(o.read(4, &mut buf).unwrap());
        assert_eq!(buf[0], 8);
        assert!(o.read(5, &mut buf).unwrap());
        assert_eq!(buf[0], 9);
        assert_eq!(o.blocks.len(), 2);
        // An out-of-order commit changes nothing, its freed set included.
        assert!(
            o.commit(&Transaction {
                seq: 9,
                block_size: 1024,
                blocks: BTreeMap::new(),
                freed: [4].into_iter().collect(),
            })
            .is_err()
        );
        assert!(o.read(4, &mut buf).unwrap());
    }
}
