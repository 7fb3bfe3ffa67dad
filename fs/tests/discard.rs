//! Freed blocks go back to the overlay store (`Transaction::freed`): a
//! tmpfs volume's memory shrinks again when files go, reallocated blocks
//! read what was written to them even when the base under a forgotten block
//! holds garbage, freed blocks are never read again before being rewritten,
//! and metadata blocks are never freed.

mod common;

use std::collections::BTreeSet;
use std::task::Poll;

use common::*;
use tabvm_fs::layout::{GroupDesc, Superblock};
use tabvm_fs::*;

const NOW: u32 = 1_700_000_000;
const NODE: NewNode = NewNode {
    perm: 0o644,
    uid: 1000,
    gid: 100,
    now: Time::from_secs(NOW),
};

fn tmpfs_opts(block_size: u32, blocks: u32, inodes: u32) -> FormatOptions {
    FormatOptions {
        block_size,
        blocks,
        inodes,
        root_mode: 0o1777,
        root_uid: 0,
        root_gid: 0,
        now: NOW,
        uuid: [9; 16],
        label: [0; 16],
    }
}

fn mount_tmpfs(o: &FormatOptions) -> Ext2Fs<ZeroSource, MemOverlay> {
    Ext2Fs::open(
        ZeroSource::new(o.volume_bytes()),
        format(o).unwrap(),
        MountOptions::default(),
    )
    .unwrap()
}

fn pattern(seed: u32, len: usize) -> Vec<u8> {
    (0..len as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) ^ seed).to_le_bytes()[1] | 1)
        .collect()
}

fn read_all<S: BlockSource, O: OverlayStore>(fs: &mut Ext2Fs<S, O>, ino: Ino) -> Vec<u8> {
    let size = fs.getattr(ino).unwrap().size as usize;
    let mut buf = vec![0x77u8; size + 1];
    let mut done = 0;
    while done < buf.len() {
        let end = (done + (1 << 20)).min(buf.len());
        let n = fs.read(ino, done as u64, &mut buf[done..end]).unwrap();
        if n == 0 {
            break;
        }
        done += n;
    }
    assert_eq!(done, size, "read stopped early");
    buf.truncate(done);
    buf
}

/// Writes a large file on a fresh tmpfs volume, deletes it, and checks the
/// overlay (the volume's memory) is back to its fresh size.
fn memory_comes_back(tag: &str, o: &FormatOptions, file_bytes: usize) {
    let t = TempDir::new(tag);
    let mut fs = mount_tmpfs(o);
    let fresh_blocks = fs.overlay().blocks.len();
    let fresh = fs.statfs().unwrap();
    let f = fs.create(ROOT_INO, b"big", &NODE).unwrap();
    let chunk = pattern(1, 1 << 20);
    let mut off = 0;
    while off < file_bytes {
        let n = chunk.len().min(file_bytes - off);
        fs.write(f, off as u64, &chunk[..n], Time::from_secs(NOW))
            .unwrap();
        off += n;
    }
    let data_blocks = file_bytes / o.block_size as usize;
    let full = fs.overlay().blocks.len();
    assert!(
        full >= fresh_blocks + data_blocks,
        "{tag}: {full} overlay blocks after writing {data_blocks} data blocks over {fresh_blocks}"
    );
    fs.unlink(ROOT_INO, b"big", Time::from_secs(NOW + 1))
        .unwrap();
    let after = fs.overlay().blocks.len();
    // The file's inode record may have brought one more inode-table block
    // into the overlay; everything else it wrote is gone.
    assert!(
        after <= fresh_blocks + 1,
        "{tag}: {after} overlay blocks after the delete, {fresh_blocks} fresh"
    );
    assert_eq!(fs.statfs().unwrap(), fresh);
    let p = write_sparse(t.path(), "after.ext2", o, fs.overlay());
    let (clean, text) = fsck_file(&p);
    assert!(clean, "{tag}: {text}");
}

#[test]
fn tmpfs_memory_comes_back_after_a_large_file_is_deleted_4k() {
    // 48 MiB over a 128 MiB volume of 4 groups: the file crosses groups.
    memory_comes_back("mem-4k", &tmpfs_opts(4096, 32768, 1024), 48 << 20);
}

#[test]
fn tmpfs_memory_comes_back_after_a_large_file_is_deleted_1k() {
    // 1 KiB blocks: 12 MiB needs double-indirect blocks, freed as well.
    memory_comes_back("mem-1k", &tmpfs_opts(1024, 40000, 256), 12 << 20);
}

#[test]
fn tmpfs_truncate_and_last_close_give_memory_back() {
    let o = tmpfs_opts(1024, 40000, 256);
    let mut fs = mount_tmpfs(&o);
    let fresh_blocks = fs.overlay().blocks.len();
    let f = fs.create(ROOT_INO, b"f", &NODE).unwrap();
    let data = pattern(2, 3 << 20);
    fs.write(f, 0, &data, Time::from_secs(NOW)).unwrap();
    // A sparse tail far out: triple-indirect blocks.
    let far = (12 + 256 + 65536 + 3) * 1024;
    fs.write(f, far, b"far", Time::from_secs(NOW)).unwrap();
    let grown = fs.overlay().blocks.len();
    assert!(grown > fresh_blocks + 3000, "{grown}");

    // Shrinking to 5000 bytes keeps 5 data blocks.
    fs.truncate(f, 5000, Time::from_secs(NOW)).unwrap();
    let n = fs.overlay().blocks.len();
    assert!(n <= fresh_blocks + 1 + 5, "{n} vs {fresh_blocks}");
    assert_eq!(read_all(&mut fs, f), data[..5000]);

    // An open (pinned) file keeps its blocks past its last unlink; the
    // last close frees them.
    fs.write(f, 0, &data, Time::from_secs(NOW)).unwrap();
    fs.pin(f);
    fs.unlink(ROOT_INO, b"f", Time::from_secs(NOW)).unwrap();
    assert!(fs.overlay().blocks.len() > fresh_blocks + 3000);
    assert_eq!(read_all(&mut fs, f), data);
    fs.unpin(f, Time::from_secs(NOW)).unwrap();
    let n = fs.overlay().blocks.len();
    assert!(n <= fresh_blocks + 1, "{n} vs {fresh_blocks}");
}

/// A base source that records every block read from it.
struct Spy<S> {
    inner: S,
    block_size: u64,
    read: BTreeSet<u64>,
}

impl<S: BlockSource> BlockSource for Spy<S> {
    fn size(&self) -> u64 {
        self.inner.size()
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Poll<Result<(), SourceError>> {
        if !buf.is_empty() {
            let last = offset.saturating_add(buf.len() as u64 - 1);
            self.read
                .extend(offset / self.block_size..=last / self.block_size);
        }
        self.inner.read_at(offset, buf)
    }
}

/// A file system over `image` with garbage in its free blocks.
fn stale(image: &[u8], bs: u32) -> Ext2Fs<Spy<MemSource>, MemOverlay> {
    let mut image = image.to_vec();
    assert!(fill_free_blocks(&mut image) > 1000);
    let spy = Spy {
        inner: MemSource::new(image),
        block_size: u64::from(bs),
        read: BTreeSet::new(),
    };
    Ext2Fs::open(spy, MemOverlay::default(), MountOptions::default()).unwrap()
}

/// Writes `data` at `off` in both the file and the model.
fn put<S: BlockSource, O: OverlayStore>(
    fs: &mut Ext2Fs<S, O>,
    model: &mut Vec<u8>,
    ino: Ino,
    off: u64,
    data: &[u8],
) {
    assert_eq!(
        fs.write(ino, off, data, Time::from_secs(NOW)).unwrap(),
        data.len()
    );
    let end = off as usize + data.len();
    if model.len() < end {
        model.resize(end, 0);
    }
    model[off as usize..end].copy_from_slice(data);
    assert_eq!(read_all(fs, ino), *model, "after writing at {off}");
}

fn resize<S: BlockSource, O: OverlayStore>(
    fs: &mut Ext2Fs<S, O>,
    model: &mut Vec<u8>,
    ino: Ino,
    size: u64,
) {
    fs.truncate(ino, size, Time::from_secs(NOW)).unwrap();
    model.resize(size as usize, 0);
    assert_eq!(read_all(fs, ino), *model, "after truncating to {size}");
}

/// Deletes a file so its blocks are discarded, then reuses them every way a
/// block is allocated: partial writes, holes, indirect blocks, truncate then
/// extend, directory blocks, a long symlink. Everything must read back as
/// written although the base under the forgotten blocks is garbage, and no
/// forgotten block may be read from the base before it is rewritten.
fn reuse_over_stale_base(bs: u32) {
    let t = TempDir::new(&format!("reuse-{bs}"));
    let image = mkfs(t.path(), bs, 1, 16 * 1024, &[], None);
    let mut fs = stale(&image, bs);
    let a = fs.create(ROOT_INO, b"a", &NODE).unwrap();
    let big = pattern(3, 600 << 10);
    fs.write(a, 0, &big, Time::from_secs(NOW)).unwrap();
    let with_a: BTreeSet<u64> = fs.overlay().blocks.keys().copied().collect();
    fs.unlink(ROOT_INO, b"a", Time::from_secs(NOW)).unwrap();
    let without_a: BTreeSet<u64> = fs.overlay().blocks.keys().copied().collect();
    let forgotten: BTreeSet<u64> = with_a.difference(&without_a).copied().collect();
    assert!(
        forgotten.len() as u64 >= (600 << 10) / u64::from(bs),
        "only {} blocks forgotten",
        forgotten.len()
    );
    fs.source_mut().read.clear();

    let b = fs.create(ROOT_INO, b"b", &NODE).unwrap();
    let mut model = Vec::new();
    let bs64 = u64::from(bs);
    put(&mut fs, &mut model, b, 100, b"0123456789");
    put(&mut fs, &mut model, b, 20 * bs64 + 3, b"indirect");
    put(&mut fs, &mut model, b, 5 * bs64 + bs64 - 1, b"ab");
    resize(&mut fs, &mut model, b, 50);
    resize(&mut fs, &mut model, b, 3 * bs64 + 10);
    put(&mut fs, &mut model, b, 2 * bs64 + 7, b"mid");
    let double = (12 + bs64 / 4 + 5) * bs64 + 11;
    put(&mut fs, &mut model, b, double, b"double indirect");
    resize(&mut fs, &mut model, b, double - 3);
    resize(&mut fs, &mut model, b, double + 2 * bs64);
    put(
        &mut fs,
        &mut model,
        b,
        9 * bs64,
        &pattern(4, 3 * bs as usize + 17),
    );

    // Directory blocks and a long symlink on reused blocks.
    let d = fs.mkdir(ROOT_INO, b"d", &NODE).unwrap();
    let names: BTreeSet<Vec<u8>> = (0..150)
        .map(|i| format!("{i:03}-{}", "n".repeat(40)).into_bytes())
        .collect();
    for n in &names {
        fs.create(d, n, &NODE).unwrap();
    }
    let mut listed = BTreeSet::new();
    let mut cookie = 0;
    loop {
        let es = fs.readdir(d, cookie).unwrap();
        let Some(last) = es.last() else { break };
        cookie = last.next;
        listed.extend(
            es.into_iter()
                .map(|e| e.name)
                .filter(|n| n != b"." && n != b".."),
        );
    }
    assert_eq!(listed, names);
    let target: Vec<u8> = pattern(5, 300).iter().map(|c| b'a' + c % 26).collect();
    let l = fs.symlink(ROOT_INO, b"l", &target, &NODE).unwrap();
    assert_eq!(fs.readlink(l).unwrap(), target);

    let now_in: BTreeSet<u64> = fs.overlay().blocks.keys().copied().collect();
    assert!(
        now_in.intersection(&forgotten).count() > 5,
        "the test did not reuse the forgotten blocks"
    );
    let read_back: Vec<u64> = fs
        .source_mut()
        .read
        .intersection(&forgotten)
        .copied()
        .collect();
    assert!(
        read_back.is_empty(),
        "forgotten blocks were read from the base before being rewritten: {read_back:?}"
    );
    assert_eq!(read_all(&mut fs, b), model);

    // The same bytes again on the same blocks (truncate, rewrite): the
    // rewrite must reach the overlay although it equals what the blocks
    // held before they were freed.
    let c = fs.create(ROOT_INO, b"c", &NODE).unwrap();
    let again = pattern(6, 40 * bs as usize + 5);
    fs.write(c, 0, &again, Time::from_secs(NOW)).unwrap();
    fs.truncate(c, 0, Time::from_secs(NOW)).unwrap();
    fs.write(c, 0, &again, Time::from_secs(NOW)).unwrap();

    // A fresh mount (nothing cached) of base plus overlay reads the same.
    let (spy, overlay) = fs.into_parts();
    let mut fs = Ext2Fs::open(spy, overlay, MountOptions::default()).unwrap();
    assert_eq!(read_all(&mut fs, b), model);
    assert_eq!(read_all(&mut fs, c), again);
    assert_eq!(fs.readlink(l).unwrap(), target);

    // Linux agrees.
    let (spy, overlay) = fs.into_parts();
    let mut out = spy.inner.bytes;
    overlay.apply_to(&mut out, bs);
    let (clean, text) = fsck(t.path(), &out);
    assert!(clean, "{text}");
    check_overlay_holds_only_used_blocks(&out, &overlay).unwrap();
    assert_eq!(debugfs(t.path(), &out, "cat /b"), model);
    assert_eq!(debugfs(t.path(), &out, "cat /c"), again);
    assert_eq!(
        debugfs(t.path(), &out, "ls -p /d")
            .split(|&c| c == b'\n')
            .filter(|l| !l.is_empty())
            .count(),
        names.len() + 2
    );
}

#[test]
fn reused_blocks_read_correctly_over_a_stale_base_1k() {
    reuse_over_stale_base(1024);
}

#[test]
fn reused_blocks_read_correctly_over_a_stale_base_4k() {
    reuse_over_stale_base(4096);
}

/// A block pointer aimed at metadata (corruption) must not free it: the
/// overlay would forget a bitmap or an inode table block.
#[test]
fn metadata_blocks_are_never_freed() {
    let t = TempDir::new("meta");
    let src = t.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("f"), b"one block").unwrap();
    let image = mkfs(t.path(), 1024, 1, 4096, &[], Some(&src));
    let sb = Superblock::new_checked(&image[1024..2048]).unwrap();
    let gd = GroupDesc::new_checked(&image[2048..2080]).unwrap();
    let inode_size = usize::from(sb.effective_inode_size());
    let targets = [
        1, // the superblock
        2, // the group descriptors
        gd.block_bitmap(),
        gd.inode_bitmap(),
        gd.inode_table(),
        gd.inode_table() + 3,
    ];
    // Find f's inode once.
    let ino = {
        let mut fs = Ext2Fs::open(
            MemSource::new(image.clone()),
            MemOverlay::default(),
            MountOptions::default(),
        )
        .unwrap();
        fs.lookup(ROOT_INO, b"f").unwrap()
    };
    for target in targets {
        let mut img = image.clone();
        // i_block[0] at byte 40 of the inode (ext2-doc §3.5).
        let at = gd.inode_table() as usize * 1024 + (ino as usize - 1) * inode_size + 40;
        img[at..at + 4].copy_from_slice(&target.to_le_bytes());
        let mut fs = Ext2Fs::open(
            MemSource::new(img),
            MemOverlay::default(),
            MountOptions::default(),
        )
        .unwrap();
        let before = fs.statfs().unwrap();
        let r = fs.unlink(ROOT_INO, b"f", Time::from_secs(NOW));
        assert!(
            matches!(&r, Err(FsError::Io(m)) if m.contains("metadata")),
            "freeing block {target}: {r:?}"
        );
        assert_eq!(fs.cache().seq(), 0, "a failed unlink committed");
        assert!(fs.overlay().blocks.is_empty());
        assert_eq!(fs.statfs().unwrap(), before);
        assert_eq!(
            fs.truncate(ino, 0, Time::from_secs(NOW))
                .map_err(|e| e.errno()),
            Err(5)
        );
    }
}
