//! The chunked image: how the base image travels to the browser.
//!
//! The chunker cuts an image into fixed-size chunks, omits the all-zero
//! ones, names each by the SHA-256 of its (uncompressed) content, optionally
//! deflates it, and writes a manifest listing image size, chunk size,
//! compression and the chunk of every non-zero index. Identical chunks share
//! one name, so they are stored and fetched once. [`ChunkedSource`] is the
//! reader side: a [`BlockSource`] that answers `Pending` for chunks it does
//! not hold yet and queues their fetch; the host drains the queue with
//! [`ChunkedSource::take_requests`], fetches `chunks/<name>` and hands the
//! bytes to [`ChunkedSource::supply`], which checks the hash.
//!
//! Chunk size: [`DEFAULT_CHUNK_SIZE`] is 128 KiB, chosen by measurement on
//! the default Debian image (`tests/debian.rs`, `chunk_size_measurement`,
//! replaying the reads of the files a shell start and `python3 -c pass`
//! open, from strace):
//!
//! | workload | 64 KiB | 128 KiB | 256 KiB |
//! |---|---|---|---|
//! | shell (4.4 MiB of blocks) | 99 chunks, 6.2 MiB | 62 chunks, 7.8 MiB | 41 chunks, 10.2 MiB |
//! | python3 (10.6 MiB) | 212 chunks, 13.2 MiB | 124 chunks, 15.5 MiB | 76 chunks, 19.0 MiB |
//!
//! Going from 64 to 128 KiB saves ~40% of the requests for ~20% more bytes;
//! going on to 256 KiB saves ~35% of the remaining requests but costs ~25%
//! more bytes again. With parallel HTTP/2 fetches the latency of one more
//! round of requests costs about what 20% more bytes do on a typical link,
//! so 128 KiB (also CheerpX's choice) sits at the knee.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt::Write as _;
use std::task::Poll;

use sha2::{Digest, Sha256};

use crate::source::{BlockSource, SourceError};

/// The chunk size the image build uses (see the module docs).
pub const DEFAULT_CHUNK_SIZE: u32 = 128 * 1024;

/// How chunk files are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Raw bytes.
    None,
    /// Raw deflate (RFC 1951), via miniz_oxide.
    Deflate,
}

/// Errors of the chunk manifest and chunk files (host-facing).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    /// The manifest text is malformed.
    #[error("image manifest line {line}: {msg}; rebuild the image with `cargo xtask image`")]
    Manifest {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        msg: String,
    },
    /// A fetched chunk does not match its name.
    #[error(
        "image chunk {index:#x} ({name}) is corrupt: {msg}; the server holds a stale or damaged file: rebuild and redeploy the image"
    )]
    BadChunk {
        /// Chunk index.
        index: u64,
        /// Expected name.
        name: String,
        /// What is wrong.
        msg: String,
    },
    /// A chunk index that the manifest does not list.
    #[error("image chunk {0:#x} is not in the manifest (an all-zero chunk needs no fetch)")]
    NotInManifest(u64),
}

/// The manifest of a chunked image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Image size in bytes.
    pub image_size: u64,
    /// Chunk size in bytes (the last chunk may be shorter).
    pub chunk_size: u32,
    /// Chunk file encoding.
    pub compression: Compression,
    /// Name (hex SHA-256) of every non-zero chunk, by index.
    pub chunks: std::collections::BTreeMap<u64, String>,
}

/// Hex SHA-256 of `data`: a chunk's name.
#[must_use]
pub fn chunk_name(data: &[u8]) -> String {
    let d = Sha256::digest(data);
    let mut s = String::with_capacity(64);
    for b in &d {
        let _ = write!(s, "{b:02x}");
    }
    s
}

impl Manifest {
    /// Number of chunk indexes the image spans.
    #[must_use]
    pub fn chunk_count(&self) -> u64 {
        self.image_size.div_ceil(u64::from(self.chunk_size.max(1)))
    }

    /// Length of chunk `index` (the last one may be short).
    #[must_use]
    pub fn chunk_len(&self, index: u64) -> usize {
        let start = index.saturating_mul(u64::from(self.chunk_size));
        self.image_size
            .saturating_sub(start)
            .min(u64::from(self.chunk_size)) as usize
    }

    /// The text form.
    #[must_use]
    pub fn emit(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "tabvm-chunks 1");
        let _ = writeln!(s, "image-size {}", self.image_size);
        let _ = writeln!(s, "chunk-size {}", self.chunk_size);
        let c = match self.compression {
            Compression::None => "none",
            Compression::Deflate => "deflate",
        };
        let _ = writeln!(s, "compression {c}");
        for (i, n) in &self.chunks {
            let _ = writeln!(s, "chunk {i} {n}");
        }
        s
    }

    /// Parses the text form.
    pub fn parse(text: &str) -> Result<Self, ChunkError> {
        let err = |line: usize, msg: &str| ChunkError::Manifest {
            line,
            msg: msg.to_string(),
        };
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
        match lines.next() {
            Some((_, "tabvm-chunks 1")) => {}
            _ => return Err(err(1, "expected `tabvm-chunks 1`")),
        }
        let mut image_size = None;
        let mut chunk_size = None;
        let mut compression = Compression::None;
        let mut chunks = std::collections::BTreeMap::new();
        for (n, l) in lines {
            let mut w = l.split_ascii_whitespace();
            match (w.next(), w.next(), w.next(), w.next()) {
                (None, ..) => {}
                (Some("image-size"), Some(v), None, _) => {
                    image_size = Some(v.parse::<u64>().map_err(|_| err(n, "bad image size"))?);
                }
                (Some("chunk-size"), Some(v), None, _) => {
                    let v = v.parse::<u32>().map_err(|_| err(n, "bad chunk size"))?;
                    if v == 0 || v % 512 != 0 {
                        return Err(err(n, "chunk size must be a non-zero multiple of 512"));
                    }
                    chunk_size = Some(v);
                }
                (Some("compression"), Some("none"), None, _) => compression = Compression::None,
                (Some("compression"), Some("deflate"), None, _) => {
                    compression = Compression::Deflate;
                }
                (Some("chunk"), Some(i), Some(h), None) => {
                    let i = i.parse::<u64>().map_err(|_| err(n, "bad chunk index"))?;
                    if h.len() != 64 || !h.bytes().all(|c| c.is_ascii_hexdigit()) {
                        return Err(err(n, "chunk name is not a hex SHA-256"));
                    }
                    chunks.insert(i, h.to_ascii_lowercase());
                }
                _ => return Err(err(n, "unknown line")),
            }
        }
        let m = Manifest {
            image_size: image_size.ok_or_else(|| err(0, "no image-size"))?,
            chunk_size: chunk_size.ok_or_else(|| err(0, "no chunk-size"))?,
            compression,
            chunks,
        };
        if m.chunks
            .keys()
            .next_back()
            .is_some_and(|&i| i >= m.chunk_count())
        {
            return Err(err(0, "chunk index past the image end"));
        }
        Ok(m)
    }
}

/// Builds a manifest chunk by chunk, streaming (the image need not fit in
/// memory).
#[derive(Debug)]
pub struct Chunker {
    chunk_size: u32,
    compression: Compression,
    chunks: std::collections::BTreeMap<u64, String>,
    seen: BTreeSet<String>,
}

/// One chunk file to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkFile {
    /// File name: the content hash.
    pub name: String,
    /// Encoded bytes.
    pub bytes: Vec<u8>,
}

impl Chunker {
    /// A chunker for `chunk_size`-byte chunks.
    #[must_use]
    pub fn new(chunk_size: u32, compression: Compression) -> Self {
        Self {
            chunk_size,
            compression,
            chunks: std::collections::BTreeMap::new(),
            seen: BTreeSet::new(),
        }
    }

    /// Adds chunk `index` (`data` is at most one chunk long). Returns the
    /// file to store, or `None` if it is all zeros or already stored.
    pub fn push(&mut self, index: u64, data: &[u8]) -> Option<ChunkFile> {
        if data.iter().all(|&b| b == 0) {
            return None;
        }
        let name = chunk_name(data);
        self.chunks.insert(index, name.clone());
        if !self.seen.insert(name.clone()) {
            return None;
        }
        let bytes = match self.compression {
            Compression::None => data.to_vec(),
            Compression::Deflate => miniz_oxide::deflate::compress_to_vec(data, 6),
        };
        Some(ChunkFile { name, bytes })
    }

    /// The manifest for an image of `image_size` bytes.
    #[must_use]
    pub fn finish(self, image_size: u64) -> Manifest {
        Manifest {
            image_size,
            chunk_size: self.chunk_size,
            compression: self.compression,
            chunks: self.chunks,
        }
    }
}

/// Chunks a whole in-memory image.
#[must_use]
pub fn chunk_bytes(
    image: &[u8],
    chunk_size: u32,
    compression: Compression,
) -> (Manifest, Vec<ChunkFile>) {
    let mut c = Chunker::new(chunk_size, compression);
    let files = image
        .chunks(chunk_size.max(1) as usize)
        .enumerate()
        .filter_map(|(i, d)| c.push(i as u64, d))
        .collect();
    (c.finish(image.len() as u64), files)
}

/// A chunk the host should fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkRequest {
    /// Chunk index.
    pub index: u64,
    /// File name to fetch (`chunks/<name>`).
    pub name: String,
}

/// The reader side: a [`BlockSource`] over chunks supplied by the host.
#[derive(Debug)]
pub struct ChunkedSource {
    manifest: Manifest,
    present: HashMap<u64, Box<[u8]>>,
    order: VecDeque<u64>,
    capacity: usize,
    in_flight: BTreeSet<u64>,
    queue: Vec<u64>,
    failed: HashMap<u64, String>,
    readahead: u64,
    /// Chunks supplied so far and their encoded bytes (for measurements).
    pub fetched_chunks: u64,
    /// Encoded bytes supplied so far.
    pub fetched_bytes: u64,
}

impl ChunkedSource {
    /// A source over `manifest`, keeping at most `capacity_chunks` decoded
    /// chunks (older ones are dropped and fetched again if needed). A single
    /// read must span fewer chunks than that (the cache reads one block at a
    /// time, so any capacity of 4 or more works).
    #[must_use]
    pub fn new(manifest: Manifest, capacity_chunks: usize) -> Self {
        Self {
            manifest,
            present: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity_chunks.max(4),
            in_flight: BTreeSet::new(),
            queue: Vec::new(),
            failed: HashMap::new(),
            readahead: 0,
            fetched_chunks: 0,
            fetched_bytes: 0,
        }
    }

    /// On a miss, also request the next `chunks` chunks (sequential reads
    /// of large files then overlap their fetches). Default 0.
    #[must_use]
    pub fn with_readahead(mut self, chunks: u64) -> Self {
        self.readahead = chunks;
        self
    }

    /// The manifest.
    #[must_use]
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Chunks to fetch, each reported once until supplied or failed.
    pub fn take_requests(&mut self) -> Vec<ChunkRequest> {
        let q = std::mem::take(&mut self.queue);
        q.into_iter()
            .filter_map(|index| {
                self.manifest.chunks.get(&index).map(|n| ChunkRequest {
                    index,
                    name: n.clone(),
                })
            })
            .collect()
    }

    /// Hands over a fetched chunk file; checks and decodes it.
    pub fn supply(&mut self, index: u64, bytes: &[u8]) -> Result<(), ChunkError> {
        let name = self
            .manifest
            .chunks
            .get(&index)
            .ok_or(ChunkError::NotInManifest(index))?
            .clone();
        let len = self.manifest.chunk_len(index);
        let bad = |msg: String| ChunkError::BadChunk {
            index,
            name: name.clone(),
            msg,
        };
        let data = match self.manifest.compression {
            Compression::None => bytes.to_vec(),
            Compression::Deflate => miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, len)
                .map_err(|e| bad(format!("inflate failed: {e:?}")))?,
        };
        self.in_flight.remove(&index);
        if data.len() != len {
            return Err(bad(format!("{} bytes, expected {len}", data.len())));
        }
        if chunk_name(&data) != name {
            return Err(bad("content hash mismatch".into()));
        }
        self.fetched_chunks += 1;
        self.fetched_bytes += bytes.len() as u64;
        while self.present.len() >= self.capacity {
            match self.order.pop_front() {
                Some(old) => {
                    self.present.remove(&old);
                }
                None => break,
            }
        }
        if self
            .present
            .insert(index, data.into_boxed_slice())
            .is_none()
        {
            self.order.push_back(index);
        }
        Ok(())
    }

    /// Reports that fetching chunk `index` failed: the next read touching
    /// it fails with `msg` (and a later one asks for it again).
    pub fn fail(&mut self, index: u64, msg: &str) {
        self.in_flight.remove(&index);
        self.failed.insert(index, msg.to_string());
    }

    /// True if chunk `index` is present (or needs no fetch).
    #[must_use]
    pub fn has_chunk(&self, index: u64) -> bool {
        self.present.contains_key(&index) || !self.manifest.chunks.contains_key(&index)
    }
}

impl BlockSource for ChunkedSource {
    fn size(&self) -> u64 {
        self.manifest.image_size
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Poll<Result<(), SourceError>> {
        let size = self.manifest.image_size;
        let end = match offset.checked_add(buf.len() as u64) {
            Some(e) if e <= size => e,
            _ => {
                return Poll::Ready(Err(SourceError(format!(
                    "read at {offset} past the {size}-byte image"
                ))));
            }
        };
        if buf.is_empty() {
            return Poll::Ready(Ok(()));
        }
        let cs = u64::from(self.manifest.chunk_size);
        let (first, last) = (offset / cs, (end - 1) / cs);
        let mut missing = false;
        for i in first..=last {
            if let Some(msg) = self.failed.remove(&i) {
                return Poll::Ready(Err(SourceError(format!(
                    "fetching image chunk {i:#x} failed: {msg}"
                ))));
            }
            if !self.has_chunk(i) {
                missing = true;
                if self.in_flight.insert(i) {
                    self.queue.push(i);
                }
            }
        }
        if missing {
            for i in last + 1
                ..=last
                    .saturating_add(self.readahead)
                    .min(self.manifest.chunk_count().saturating_sub(1))
            {
                if !self.has_chunk(i) && self.in_flight.insert(i) {
                    self.queue.push(i);
                }
            }
            return Poll::Pending;
        }
        for i in first..=last {
            let cstart = i * cs;
            let from = offset.max(cstart);
            let to = end.min(cstart + cs);
            let dst = &mut buf[(from - offset) as usize..(to - offset) as usize];
            match self.present.get(&i) {
                Some(c) => {
                    dst.copy_from_slice(&c[(from - cstart) as usize..(to - cstart) as usize]);
                }
                None => dst.fill(0),
            }
        }
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> Vec<u8> {
        let mut v = vec![0u8; 10 * 4096 + 100];
        for (i, b) in v.iter_mut().enumerate().take(4096 * 3) {
            *b = (i % 253) as u8;
        }
        v[4096 * 7 + 5] = 9;
        v[10 * 4096 + 99] = 1;
        // Chunk 8 duplicates chunk 0.
        let c0 = v[..4096].to_vec();
        v[8 * 4096..9 * 4096].copy_from_slice(&c0);
        v
    }

    fn round_trip(comp: Compression) {
        let img = image();
        let (m, files) = chunk_bytes(&img, 4096, comp);
        assert_eq!(m.chunk_count(), 11);
        // Zero chunks 3,4,5,6,9 omitted; chunk 8 shares chunk 0's file.
        assert_eq!(
            m.chunks.keys().copied().collect::<Vec<_>>(),
            vec![0, 1, 2, 7, 8, 10]
        );
        assert_eq!(files.len(), 5);
        assert_eq!(m.chunks[&8], m.chunks[&0]);
        let m2 = Manifest::parse(&m.emit()).unwrap();
        assert_eq!(m2, m);
        let store: HashMap<String, Vec<u8>> =
            files.into_iter().map(|f| (f.name, f.bytes)).collect();
        let mut src = ChunkedSource::new(m2, 16);
        let mut out = vec![0u8; img.len()];
        let mut rounds = 0;
        loop {
            match src.read_at(0, &mut out) {
                Poll::Ready(Ok(())) => break,
                Poll::Ready(Err(e)) => panic!("{e}"),
                Poll::Pending => {
                    for r in src.take_requests() {
                        src.supply(r.index, &store[&r.name]).unwrap();
                    }
                }
            }
            rounds += 1;
            assert!(rounds < 10);
        }
        assert_eq!(out, img);
        // Chunk by chunk with only 4 kept: eviction, then fetched again.
        let mut src2 = ChunkedSource::new(Manifest::parse(&m.emit()).unwrap(), 4);
        for i in 0..11u64 {
            let mut b = vec![0u8; src2.manifest().chunk_len(i)];
            let off = i * 4096;
            if src2.read_at(off, &mut b).is_pending() {
                for r in src2.take_requests() {
                    src2.supply(r.index, &store[&r.name]).unwrap();
                }
                assert_eq!(src2.read_at(off, &mut b), Poll::Ready(Ok(())));
            }
            assert_eq!(&b[..], &img[off as usize..off as usize + b.len()]);
        }
    }

    #[test]
    fn round_trip_plain() {
        round_trip(Compression::None);
    }

    #[test]
    fn round_trip_deflate() {
        round_trip(Compression::Deflate);
    }

    #[test]
    fn bad_chunk_is_rejected() {
        let img = image();
        let (m, files) = chunk_bytes(&img, 4096, Compression::None);
        let mut src = ChunkedSource::new(m, 8);
        let mut wrong = files[1].bytes.clone();
        wrong[0] ^= 1;
        assert!(matches!(
            src.supply(1, &wrong),
            Err(ChunkError::BadChunk { .. })
        ));
        assert!(matches!(
            src.supply(3, &wrong),
            Err(ChunkError::NotInManifest(3))
        ));
        assert!(src.supply(0, &files[0].bytes[..100]).is_err());
    }

    #[test]
    fn fetch_failure_is_reported_once() {
        let (m, _) = chunk_bytes(&image(), 4096, Compression::None);
        let mut src = ChunkedSource::new(m, 8);
        let mut b = [0u8; 10];
        assert!(src.read_at(0, &mut b).is_pending());
        assert_eq!(src.take_requests().len(), 1);
        assert!(src.read_at(0, &mut b).is_pending());
        assert!(src.take_requests().is_empty(), "in flight: not asked twice");
        src.fail(0, "HTTP 404");
        assert!(matches!(src.read_at(0, &mut b), Poll::Ready(Err(_))));
        assert!(src.read_at(0, &mut b).is_pending());
        // Zero chunks read without a fetch.
        assert_eq!(src.read_at(4 * 4096, &mut b), Poll::Ready(Ok(())));
        assert_eq!(b, [0; 10]);
    }

    #[test]
    fn readahead_requests_following_chunks() {
        let (m, _) = chunk_bytes(&image(), 4096, Compression::None);
        let mut src = ChunkedSource::new(m, 8).with_readahead(2);
        let mut b = [0u8; 10];
        assert!(src.read_at(0, &mut b).is_pending());
        // Chunk 0 plus read-ahead of 1 and 2 (3 is all zeros: never asked).
        let idx: Vec<u64> = src.take_requests().iter().map(|r| r.index).collect();
        assert_eq!(idx, vec![0, 1, 2]);
        assert!(src.read_at(4096 * 10, &mut b).is_pending());
        assert_eq!(
            src.take_requests()
                .iter()
                .map(|r| r.index)
                .collect::<Vec<_>>(),
            vec![10]
        );
    }

    #[test]
    fn manifest_errors() {
        assert!(Manifest::parse("nope").is_err());
        assert!(Manifest::parse("tabvm-chunks 1\nimage-size 10\n").is_err());
        assert!(
            Manifest::parse("tabvm-chunks 1\nimage-size 10\nchunk-size 512\nchunk 5 00\n").is_err()
        );
        let h = "a".repeat(64);
        assert!(
            Manifest::parse(&format!(
                "tabvm-chunks 1\nimage-size 10\nchunk-size 512\nchunk 5 {h}\n"
            ))
            .is_err()
        );
        assert!(
            Manifest::parse(&format!(
                "tabvm-chunks 1\nimage-size 10\nchunk-size 512\nchunk 0 {h}\n"
            ))
            .is_ok()
        );
    }
}
