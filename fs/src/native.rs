//! Host-only storage over files (not built for wasm32).
//!
//! * [`FileSource`]: an image file as the base [`BlockSource`].
//! * [`FileWriteBack`]: the overlay store of `tabvm run --write`: every
//!   committed transaction is written into the image file in place and
//!   fsync'd (after every transaction, or every `sync_every`, and on
//!   [`FileWriteBack::flush`]). Like Linux ext2 without a journal, a crash
//!   in the middle of a write-back can leave the image needing `e2fsck`.
//! * [`chunk_file`]: chunks an image file into a directory (manifest plus
//!   `chunks/<name>`), for `cargo xtask image`.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::task::Poll;

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

/// Writes committed blocks back into the image file.
#[derive(Debug)]
pub struct FileWriteBack {
    file: File,
    sync_every: u64,
    unsynced: u64,
}

impl FileWriteBack {
    /// Opens `path` for writing; fsync after every `sync_every` transactions
    /// (1: each one).
    pub fn open(path: &Path, sync_every: u64) -> std::io::Result<Self> {
        let file = std::fs::OpenOptions::new().write(true).open(path)?;
        Ok(Self {
            file,
            sync_every: sync_every.max(1),
            unsynced: 0,
        })
    }

    /// fsyncs outstanding writes.
    pub fn flush(&mut self) -> Result<(), SourceError> {
        if self.unsynced > 0 {
            self.file
                .sync_data()
                .map_err(|e| SourceError(format!("fsync of the image file: {e}")))?;
            self.unsynced = 0;
        }
        Ok(())
    }
}

impl Drop for FileWriteBack {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

impl OverlayStore for FileWriteBack {
    /// The image file itself holds every committed block, and the base
    /// source reads it: nothing is kept apart.
    fn read(&mut self, _block: u64, _buf: &mut [u8]) -> Result<bool, SourceError> {
        Ok(false)
    }

    fn commit(&mut self, txn: &Transaction) -> Result<(), SourceError> {
        for (b, data) in &txn.blocks {
            let off = b.saturating_mul(u64::from(txn.block_size));
            self.file
                .write_all_at(data, off)
                .map_err(|e| SourceError(format!("writing block {b} to the image file: {e}")))?;
        }
        self.unsynced += 1;
        if self.unsynced >= self.sync_every {
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
        })
        .unwrap();
        let mut src = FileSource::open(&p).unwrap();
        let mut b = [0u8; 4];
        assert_eq!(src.read_at(3 * 1024, &mut b), Poll::Ready(Ok(())));
        assert_eq!(b, [7; 4]);
        assert!(matches!(src.read_at(8190, &mut b), Poll::Ready(Err(_))));
        let out = dir.join("chunks-out");
        let m = chunk_file(&p, &out, 4096, Compression::Deflate).unwrap();
        assert_eq!(m.chunks.len(), 1);
        assert_eq!(
            Manifest::parse(&std::fs::read_to_string(out.join("manifest")).unwrap()).unwrap(),
            m
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
