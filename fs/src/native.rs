//! Host-only storage over files (not built for wasm32).
//!
//! * [`FileSource`]: an image file as the base [`BlockSource`].
//! * [`FileWriteBack`]: the overlay store of `tabvm run --write`: committed
//!   transactions are written into the image file in place, in batches of
//!   `sync_every`, each batch atomic through a redo journal and fsync'd.
//! * [`chunk_file`]: chunks an image file into a directory (manifest plus
//!   `chunks/<name>`), for `cargo xtask image`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::task::Poll;

use sha2::{Digest, Sha256};

use crate::chunk::{Chunker, Compression, Manifest};
use crate::source::{BlockSource, OverlayStore, SourceError, Transaction};

/// An image file read with positioned reads.
#[derive(Debug)]
pub struct FileSource {
    file: File,
    size: u64,
}

impl FileSource {
    /// Opens `path` read-only.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let file = File::open(path)?;
        let size = file.metadata()?.len();
        Ok(Self { file, size })
    }
}

impl BlockSource for FileSource {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Poll<Result<(), SourceError>> {
        if offset
            .checked_add(buf.len() as u64)
            .is_none_or(|e| e > self.size)
        {
            return Poll::Ready(Err(SourceError(format!(
                "read at {offset} past the end of the {}-byte image file: the image is truncated or corrupt",
                self.size
            ))));
        }
        Poll::Ready(
            self.file
                .read_exact_at(buf, offset)
                .map_err(|e| SourceError(format!("reading the image file: {e}"))),
        )
    }
}

/// Writes committed blocks back into the image file, atomically per batch
/// of transactions through a small redo journal beside it
/// (`<image>.journal`): the batch is written to the journal and fsync'd,
/// then written in place and fsync'd, then the journal is removed. Opening
/// replays a complete journal left by a crash and discards a torn one (its
/// in-place writes had not begun). Blocks of a batch not yet written back
/// are served by [`OverlayStore::read`].
#[derive(Debug)]
pub struct FileWriteBack {
    file: File,
    journal: PathBuf,
    sync_every: u64,
    batch: BTreeMap<u64, Vec<u8>>,
    batched: u64,
    block_size: u32,
    /// True if opening replayed a journal left by a crash.
    pub replayed: bool,
}

const JOURNAL_MAGIC: &[u8; 8] = b"TABVMJ01";

/// Journal bytes: magic, block size (u32 LE), count (u32 LE), then per
/// block its number (u64 LE) and contents, then the SHA-256 of all that.
fn encode_journal(block_size: u32, blocks: &BTreeMap<u64, Vec<u8>>) -> Vec<u8> {
    let mut j = Vec::with_capacity(16 + blocks.len() * (8 + block_size as usize) + 32);
    j.extend_from_slice(JOURNAL_MAGIC);
    j.extend_from_slice(&block_size.to_le_bytes());
    j.extend_from_slice(&(blocks.len() as u32).to_le_bytes());
    for (b, data) in blocks {
        j.extend_from_slice(&b.to_le_bytes());
        j.extend_from_slice(data);
    }
    let sum = Sha256::digest(&j);
    j.extend_from_slice(&sum);
    j
}

/// Block number and contents of each journal record.
type JournalBlocks<'a> = Vec<(u64, &'a [u8])>;

/// The blocks of a complete, intact journal; `None` if torn or foreign.
fn decode_journal(j: &[u8]) -> Option<(u32, JournalBlocks<'_>)> {
    if j.len() < 48 || &j[..8] != JOURNAL_MAGIC {
        return None;
    }
    let (body, sum) = j.split_at(j.len() - 32);
    if Sha256::digest(body).as_slice() != sum {
        return None;
    }
    let bs = u32::from_le_bytes(body[8..12].try_into().ok()?);
    let count = u32::from_le_bytes(body[12..16].try_into().ok()?) as usize;
    let rec = 8 + bs as usize;
    if body.len() != 16 + count.checked_mul(rec)? {
        return None;
    }
    let blocks = body[16..]
        .chunks_exact(rec)
        .map(|r| {
            (
                u64::from_le_bytes(r[..8].try_into().unwrap_or_default()),
                &r[8..],
            )
        })
        .collect();
    Some((bs, blocks))
}

impl FileWriteBack {
    /// Opens `path` for writing back, first replaying or discarding a
    /// journal left by a crash; fsyncs after every `sync_every` transactions
    /// (1: each one) and on [`FileWriteBack::flush`] and drop.
    pub fn open(path: &Path, sync_every: u64) -> std::io::Result<Self> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)?;
        let mut journal = path.as_os_str().to_owned();
        journal.push(".journal");
        let journal = PathBuf::from(journal);
        let mut replayed = false;
        match std::fs::read(&journal) {
            Ok(j) => {
                if let Some((bs, blocks)) = decode_journal(&j) {
                    for (b, data) in blocks {
                        file.write_all_at(data, b.saturating_mul(u64::from(bs)))?;
                    }
                    file.sync_data()?;
                    replayed = true;
                }
                std::fs::remove_file(&journal)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        Ok(Self {
            file,
            journal,
            sync_every: sync_every.max(1),
            batch: BTreeMap::new(),
            batched: 0,
            block_size: 0,
            replayed,
        })
    }

    /// Writes the pending batch back (journal, in place, fsync).
    pub fn flush(&mut self) -> Result<(), SourceError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let err = |what: &str, e: std::io::Error| {
            SourceError(format!("{what}: {e} (is the disk full or read-only?)"))
        };
        let j = encode_journal(self.block_size, &self.batch);
        {
            let mut jf = File::create(&self.journal)
                .map_err(|e| err("creating the write-back journal", e))?;
            jf.write_all(&j)
                .map_err(|e| err("writing the write-back journal", e))?;
            jf.sync_all()
                .map_err(|e| err("fsync of the write-back journal", e))?;
        }
        for (b, data) in &self.batch {
            let off = b.saturating_mul(u64::from(self.block_size));
            self.file
                .write_all_at(data, off)
                .map_err(|e| err(&format!("writing block {b} to the image file"), e))?;
        }
        self.file
            .sync_data()
            .map_err(|e| err("fsync of the image file", e))?;
        std::fs::remove_file(&self.journal)
            .map_err(|e| err("removing the write-back journal", e))?;
        self.batch.clear();
        self.batched = 0;
        Ok(())
    }

    #[cfg(test)]
    fn crash_after_journal(mut self) {
        let j = encode_journal(self.block_size, &self.batch);
        std::fs::write(&self.journal, j).unwrap();
        self.batch.clear();
    }
}

impl Drop for FileWriteBack {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

impl OverlayStore for FileWriteBack {
    /// Blocks of the batch not yet written back; everything else is in the
    /// image file, which the base source reads.
    fn read(&mut self, block: u64, buf: &mut [u8]) -> Result<bool, SourceError> {
        match self.batch.get(&block) {
            Some(d) if d.len() == buf.len() => {
                buf.copy_from_slice(d);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Queues the changed blocks for write-back. `txn.freed` is ignored:
    /// the image file keeps a freed block's old bytes, which the file
    /// system never reads before writing the block again.
    fn commit(&mut self, txn: &Transaction) -> Result<(), SourceError> {
        if self.block_size != 0 && self.block_size != txn.block_size {
            self.flush()?;
        }
        self.block_size = txn.block_size;
        for (b, data) in &txn.blocks {
            self.batch.insert(*b, data.clone());
        }
        self.batched += 1;
        if self.batched >= self.sync_every {
            self.flush()?;
        }
        Ok(())
    }
}

/// Chunks the image at `image` into `out_dir` (`manifest` plus
/// `chunks/<name>`); returns the manifest.
pub fn chunk_file(
    image: &Path,
    out_dir: &Path,
    chunk_size: u32,
    compression: Compression,
) -> std::io::Result<Manifest> {
    use std::io::Read;
    let mut f = File::open(image)?;
    let size = f.metadata()?.len();
    let chunks = out_dir.join("chunks");
    std::fs::create_dir_all(&chunks)?;
    let mut c = Chunker::new(chunk_size, compression);
    let mut buf = vec![0u8; chunk_size as usize];
    let mut index = 0u64;
    let mut left = size;
    while left > 0 {
        let n = left.min(u64::from(chunk_size)) as usize;
        f.read_exact(&mut buf[..n])?;
        if let Some(file) = c.push(index, &buf[..n]) {
            std::fs::write(chunks.join(&file.name), &file.bytes)?;
        }
        left -= n as u64;
        index += 1;
    }
    let m = c.finish(size);
    std::fs::write(out_dir.join("manifest"), m.emit())?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_back_lands_in_the_file() {
        let dir = std::env::temp_dir().join(format!("tabvm-fs-native-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("img");
        std::fs::write(&p, vec![0u8; 8192]).unwrap();
        let mut wb = FileWriteBack::open(&p, 1).unwrap();
        let mut blocks = std::collections::BTreeMap::new();
        blocks.insert(3, vec![7u8; 1024]);
        wb.commit(&Transaction {
            seq: 1,
            block_size: 1024,
            blocks,
            freed: std::collections::BTreeSet::new(),
        })
        .unwrap();
        let mut src = FileSource::open(&p).unwrap();
        let mut b = [0u8; 4];
        assert_eq!(src.read_at(3 * 1024, &mut b), Poll::Ready(Ok(())));
        assert_eq!(b, [7; 4]);
        assert!(matches!(src.read_at(8190, &mut b), Poll::Ready(Err(_))));
        drop(wb);
        // A crash after the journal was written: the next open replays it.
        let mut wb = FileWriteBack::open(&p, 100).unwrap();
        let mut blocks = std::collections::BTreeMap::new();
        blocks.insert(5, vec![9u8; 1024]);
        wb.commit(&Transaction {
            seq: 2,
            block_size: 1024,
            blocks,
            freed: std::collections::BTreeSet::new(),
        })
        .unwrap();
        let mut got = [0u8; 1024];
        assert!(
            wb.read(5, &mut got).unwrap(),
            "batched blocks are readable before write-back"
        );
        wb.crash_after_journal();
        assert_eq!(
            std::fs::read(&p).unwrap()[5 * 1024],
            0,
            "nothing in place yet"
        );
        let wb = FileWriteBack::open(&p, 1).unwrap();
        assert!(wb.replayed);
        assert_eq!(std::fs::read(&p).unwrap()[5 * 1024], 9);
        drop(wb);
        // A torn journal is discarded.
        let mut j = dir.join("img").into_os_string();
        j.push(".journal");
        std::fs::write(&j, b"TABVMJ01 torn").unwrap();
        let wb = FileWriteBack::open(&p, 1).unwrap();
        assert!(!wb.replayed);
        assert!(!Path::new(&j).exists());
        drop(wb);
        let out = dir.join("chunks-out");
        let m = chunk_file(&p, &out, 4096, Compression::Deflate).unwrap();
        assert_eq!(m.chunks.len(), 2);
        assert_eq!(
            Manifest::parse(&std::fs::read_to_string(out.join("manifest")).unwrap()).unwrap(),
            m
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
