//! Tests on the default Debian image (`TABVM_IMAGE`, made by
//! `mke2fs -t ext2 -d` from the debootstrapped i386 tree): every file reads
//! back exactly as `debugfs rdump` dumps it, and a measurement of chunk
//! sizes for the chunked image.

#![allow(clippy::too_many_lines)]

mod common;

use std::collections::BTreeSet;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::task::Poll;

use common::*;
use tabvm_fs::native::FileSource;
use tabvm_fs::*;

fn image_path() -> PathBuf {
    PathBuf::from(std::env::var_os("TABVM_IMAGE").expect(
        "TABVM_IMAGE is not set: point it at the Debian ext2 image (cargo xtask test sets it; one is made by cargo xtask image)",
    ))
}

fn open(path: &Path) -> Ext2Fs<FileSource, MemOverlay> {
    let src =
        FileSource::open(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    Ext2Fs::open(
        src,
        MemOverlay::default(),
        MountOptions {
            read_only: true,
            cache_bytes: 16 << 20,
        },
    )
    .unwrap()
}

fn read_all<S: BlockSource, O: OverlayStore>(
    fs: &mut Ext2Fs<S, O>,
    ino: Ino,
    size: u64,
) -> Vec<u8> {
    let mut out = vec![0u8; size as usize];
    let mut done = 0;
    while done < out.len() {
        let end = (done + (1 << 20)).min(out.len());
        let n = fs.read(ino, done as u64, &mut out[done..end]).unwrap();
        assert!(n > 0, "inode {ino}: short read at {done} of {size}");
        done += n;
    }
    out
}

fn list<S: BlockSource, O: OverlayStore>(fs: &mut Ext2Fs<S, O>, dir: Ino) -> Vec<DirEntryInfo> {
    let mut out = Vec::new();
    let mut cookie = 0;
    loop {
        let es = fs.readdir(dir, cookie).unwrap();
        let Some(last) = es.last() else { break };
        cookie = last.next;
        out.extend(es.into_iter().filter(|e| e.name != b"." && e.name != b".."));
    }
    out
}

/// How many file bytes `debugfs` dumps at a time: the comparison works
/// through the image in batches of about this much, so the disk it needs
/// stays small whatever the image's size.
const DUMP_BATCH: u64 = 64 << 20;

/// A piece of the tree dumped and compared as one: a whole directory where
/// its files fit in a batch, else a single entry of a directory that does
/// not.
struct Piece {
    ino: Ino,
    path: PathBuf,
    bytes: u64,
}

/// Splits the tree under `dir` into pieces of at most [`DUMP_BATCH`] bytes
/// (a larger file is a piece of its own); returns the tree's file bytes.
fn split<S: BlockSource, O: OverlayStore>(
    fs: &mut Ext2Fs<S, O>,
    dir: Ino,
    path: &Path,
    seen: &mut BTreeSet<Ino>,
    out: &mut Vec<Piece>,
) -> u64 {
    assert!(seen.insert(dir), "directory loop at {}", path.display());
    let mut inner = Vec::new();
    let mut total = 0;
    for e in list(fs, dir) {
        let p = path.join(std::ffi::OsStr::from_bytes(&e.name));
        let bytes = match e.file_type {
            FileType::Directory => split(fs, e.ino, &p, seen, &mut inner),
            FileType::Regular => {
                let size = fs.getattr(e.ino).unwrap().size;
                inner.push(Piece {
                    ino: e.ino,
                    path: p,
                    bytes: size,
                });
                size
            }
            _ => {
                inner.push(Piece {
                    ino: e.ino,
                    path: p,
                    bytes: 0,
                });
                0
            }
        };
        total += bytes;
    }
    if total <= DUMP_BATCH {
        out.push(Piece {
            ino: dir,
            path: path.to_owned(),
            bytes: total,
        });
    } else {
        out.extend(inner);
    }
    total
}

#[derive(Default)]
struct Compared {
    files: u64,
    links: u64,
    dirs: u64,
    bytes: u64,
}

/// Compares inode `ino` (shown as `shown`) with what `debugfs rdump` made
/// of it at `dumped`, and a directory's whole tree below it.
fn compare<S: BlockSource, O: OverlayStore>(
    fs: &mut Ext2Fs<S, O>,
    ino: Ino,
    dumped: &Path,
    shown: &Path,
    n: &mut Compared,
) {
    let md = fs.getattr(ino).unwrap();
    let kind = md.file_type();
    if !matches!(
        kind,
        FileType::Regular | FileType::Directory | FileType::Symlink
    ) {
        // rdump skips device, fifo and socket inodes.
        assert!(
            std::fs::symlink_metadata(dumped).is_err(),
            "debugfs dumped {}",
            shown.display()
        );
        return;
    }
    let st = std::fs::symlink_metadata(dumped)
        .unwrap_or_else(|e| panic!("debugfs dumped no {}: {e}", shown.display()));
    assert_eq!(
        (st.uid(), st.gid()),
        (md.uid, md.gid),
        "owner of {}",
        shown.display()
    );
    // rdump's chown after chmod drops setuid/setgid, and it does not
    // restore the sticky bit: compare the rwx bits.
    if kind != FileType::Symlink {
        assert_eq!(
            st.mode() & 0o777,
            u32::from(md.mode & 0o777),
            "mode of {}",
            shown.display()
        );
    }
    match kind {
        FileType::Directory => {
            n.dirs += 1;
            let entries = list(fs, ino);
            let ours: BTreeSet<Vec<u8>> = entries
                .iter()
                .filter(|e| {
                    matches!(
                        e.file_type,
                        FileType::Regular | FileType::Directory | FileType::Symlink
                    )
                })
                .map(|e| e.name.clone())
                .collect();
            let theirs: BTreeSet<Vec<u8>> = std::fs::read_dir(dumped)
                .unwrap()
                .map(|e| e.unwrap().file_name().as_bytes().to_vec())
                .collect();
            assert!(ours == theirs, "the entries of {} differ", shown.display());
            for e in entries {
                let name = std::ffi::OsStr::from_bytes(&e.name);
                assert_eq!(
                    fs.getattr(e.ino).unwrap().file_type(),
                    e.file_type,
                    "{}",
                    shown.join(name).display()
                );
                compare(fs, e.ino, &dumped.join(name), &shown.join(name), n);
            }
        }
        FileType::Regular => {
            let ours = read_all(fs, ino, md.size);
            let theirs = std::fs::read(dumped).unwrap();
            assert!(ours == theirs, "contents of {} differ", shown.display());
            n.files += 1;
            n.bytes += md.size;
        }
        _ => {
            let target = fs.readlink(ino).unwrap();
            assert_eq!(
                std::fs::read_link(dumped).unwrap().as_os_str().as_bytes(),
                &target[..],
                "{}",
                shown.display()
            );
            n.links += 1;
        }
    }
}

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn debian_image_matches_debugfs() {
    let img = image_path();
    let t = TempDir::new("debian");
    let mut fs = open(&img);
    let mut pieces = Vec::new();
    split(
        &mut fs,
        ROOT_INO,
        Path::new("/"),
        &mut BTreeSet::new(),
        &mut pieces,
    );
    let mut n = Compared::default();
    let mut rest = &pieces[..];
    while !rest.is_empty() {
        let mut take = 1;
        let mut bytes = rest[0].bytes;
        while take < rest.len() && bytes + rest[take].bytes <= DUMP_BATCH {
            bytes += rest[take].bytes;
            take += 1;
        }
        let (batch, after) = rest.split_at(take);
        rest = after;
        let dump = t.path().join("dump");
        std::fs::create_dir_all(&dump).unwrap();
        // Inodes by number (`<ino>`), so no name needs quoting; rdump names
        // each one's copy after the argument.
        let inodes: Vec<String> = batch.iter().map(|p| format!("<{}>", p.ino)).collect();
        let cmd = format!("rdump {} {}", inodes.join(" "), dump.display());
        let out = std::process::Command::new(tool("debugfs"))
            .arg("-R")
            .arg(&cmd)
            .arg(&img)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "debugfs rdump failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for p in batch {
            compare(
                &mut fs,
                p.ino,
                &dump.join(format!("<{}>", p.ino)),
                &p.path,
                &mut n,
            );
        }
        std::fs::remove_dir_all(&dump).unwrap();
    }
    eprintln!(
        "compared {} files ({} bytes), {} symlinks, {} directories in {} pieces",
        n.files,
        n.bytes,
        n.links,
        n.dirs,
        pieces.len()
    );
    assert!(
        n.files > 5000 && n.links > 500,
        "the image looks too small to be the Debian image"
    );
}

/// Records every byte range read from the image.
struct Tracing {
    inner: FileSource,
    reads: Vec<(u64, u64)>,
}

impl BlockSource for Tracing {
    fn size(&self) -> u64 {
        self.inner.size()
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Poll<Result<(), SourceError>> {
        self.reads.push((offset, buf.len() as u64));
        self.inner.read_at(offset, buf)
    }
}

fn resolve<S: BlockSource, O: OverlayStore>(fs: &mut Ext2Fs<S, O>, path: &[u8]) -> Option<Ino> {
    let mut todo: Vec<Vec<u8>> = path
        .split(|&c| c == b'/')
        .filter(|c| !c.is_empty())
        .map(<[u8]>::to_vec)
        .rev()
        .collect();
    let mut cur = ROOT_INO;
    let mut stack = vec![ROOT_INO];
    let mut hops = 0;
    while let Some(c) = todo.pop() {
        let next = fs.lookup(cur, &c).ok()?;
        let md = fs.getattr(next).ok()?;
        if md.file_type() == FileType::Symlink {
            hops += 1;
            assert!(
                hops < 40,
                "symlink loop in {}",
                String::from_utf8_lossy(path)
            );
            let t = fs.readlink(next).ok()?;
            if t.starts_with(b"/") {
                cur = ROOT_INO;
                stack = vec![ROOT_INO];
            }
            todo.extend(
                t.split(|&c| c == b'/')
                    .filter(|c| !c.is_empty())
                    .map(<[u8]>::to_vec)
                    .rev(),
            );
            continue;
        }
        stack.push(next);
        cur = next;
    }
    Some(cur)
}

/// The files a shell start and `python3 -c pass` open, from
/// `strace -f -e trace=openat` of those commands chrooted into the tree,
/// plus the ELF interpreter the kernel loads.
const SHELL_FILES: &[&str] = &[
    "/bin/bash",
    "/lib/ld-linux.so.2",
    "/etc/bash.bashrc",
    "/etc/ld.so.cache",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/lib/i386-linux-gnu/libc.so.6",
    "/lib/i386-linux-gnu/libtinfo.so.6",
    "/root/.bashrc",
    "/usr/lib/i386-linux-gnu/gconv/gconv-modules.cache",
    "/usr/lib/locale/C.utf8/LC_CTYPE",
    "/usr/lib/locale/C.utf8/LC_COLLATE",
    "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES",
    "/usr/lib/locale/C.utf8/LC_NUMERIC",
    "/usr/lib/locale/C.utf8/LC_TIME",
];
const PYTHON_FILES: &[&str] = &[
    "/usr/bin/python3",
    "/lib/ld-linux.so.2",
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/lib/i386-linux-gnu/libc.so.6",
    "/lib/i386-linux-gnu/libexpat.so.1",
    "/lib/i386-linux-gnu/libm.so.6",
    "/lib/i386-linux-gnu/libz.so.1",
    "/usr/lib/i386-linux-gnu/gconv/gconv-modules.cache",
    "/usr/lib/locale/C.utf8/LC_CTYPE",
    "/usr/lib/python3.11/__pycache__/sitecustomize.cpython-311.pyc",
    "/usr/lib/python3.11/encodings/__pycache__/__init__.cpython-311.pyc",
    "/usr/lib/python3.11/encodings/__pycache__/aliases.cpython-311.pyc",
    "/usr/lib/python3.11/encodings/__pycache__/utf_8.cpython-311.pyc",
];

#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn chunk_size_measurement() {
    let img = image_path();
    for (label, files) in [("shell", SHELL_FILES), ("python3", PYTHON_FILES)] {
        let src = Tracing {
            inner: FileSource::open(&img).unwrap(),
            reads: Vec::new(),
        };
        let mut fs = Ext2Fs::open(
            src,
            MemOverlay::default(),
            MountOptions {
                read_only: true,
                cache_bytes: 64 << 20,
            },
        )
        .unwrap();
        let mut file_bytes = 0u64;
        for f in files {
            let ino = resolve(&mut fs, f.as_bytes())
                .unwrap_or_else(|| panic!("{f} is missing from the image"));
            let md = fs.getattr(ino).unwrap();
            file_bytes += read_all(&mut fs, ino, md.size).len() as u64;
        }
        let (src, _) = fs.into_parts();
        let touched: u64 = {
            let blocks: BTreeSet<u64> = src.reads.iter().map(|(o, _)| o / 4096).collect();
            blocks.len() as u64 * 4096
        };
        assert!(touched >= file_bytes, "{label}: the trace missed reads");
        let mut prev_count = u64::MAX;
        for cs in [64u64 << 10, 128 << 10, 256 << 10] {
            let chunks: BTreeSet<u64> = src
                .reads
                .iter()
                .flat_map(|(o, l)| (o / cs)..=((o + l.max(&1) - 1) / cs))
                .collect();
            let n = chunks.len() as u64;
            eprintln!(
                "{label}\tchunk {} KiB\t{n} chunks\t{:.1} MiB fetched\t({:.1} MiB of file data, {:.1} MiB of blocks)",
                cs >> 10,
                (n * cs) as f64 / f64::from(1 << 20),
                file_bytes as f64 / f64::from(1 << 20),
                touched as f64 / f64::from(1 << 20)
            );
            assert!(n <= prev_count, "bigger chunks cannot need more of them");
            assert!(
                n * cs >= touched,
                "{label}: chunks must cover every block read"
            );
            prev_count = n;
        }
    }
}

/// Changes on the real image (in an overlay), then e2fsck on a copy of its
/// metadata with the overlay applied.
#[test]
#[ignore = "needs the Debian i386 tree: run by cargo xtask test"]
fn debian_image_stays_clean_after_changes() {
    use std::io::{Seek, SeekFrom, Write};
    let img = image_path();
    let src = FileSource::open(&img).unwrap();
    let mut fs = Ext2Fs::open(src, MemOverlay::default(), MountOptions::default()).unwrap();
    let node = NewNode {
        perm: 0o644,
        uid: 1000,
        gid: 1000,
        now: Time::from_secs(1_800_000_000),
    };
    let now = 1_800_000_001;
    let tmp = resolve(&mut fs, b"/tmp").unwrap();
    let w = fs.mkdir(tmp, b"tabvm-fs-test", &node).unwrap();
    for i in 0..50u32 {
        let f = fs.create(w, format!("f{i}").as_bytes(), &node).unwrap();
        fs.write(
            f,
            u64::from(i) * 10_000,
            &vec![i as u8 + 1; 5000 + i as usize * 700],
            Time::from_secs(now),
        )
        .unwrap();
    }
    fs.symlink(w, b"fast", b"/etc/passwd", &node).unwrap();
    fs.symlink(w, b"slow", &[b'y'; 200], &node).unwrap();
    let etc = resolve(&mut fs, b"/etc").unwrap();
    fs.rename(etc, b"motd", w, b"motd-moved", Time::from_secs(now))
        .unwrap();
    let passwd = fs.lookup(etc, b"passwd").unwrap();
    fs.link(passwd, w, b"passwd-link", Time::from_secs(now))
        .unwrap();
    let doc = resolve(&mut fs, b"/usr/share/doc").unwrap();
    let mut removed = 0;
    for e in list(&mut fs, doc)
        .into_iter()
        .filter(|e| e.file_type == FileType::Directory)
        .take(40)
    {
        let Ok(sub) = fs.lookup(doc, &e.name) else {
            continue;
        };
        for f in list(&mut fs, sub) {
            if f.file_type == FileType::Regular {
                fs.unlink(sub, &f.name, Time::from_secs(now)).unwrap();
                removed += 1;
            }
        }
        if fs.rmdir(doc, &e.name, Time::from_secs(now)).is_ok() {
            removed += 1;
        }
    }
    assert!(removed > 20);
    let py = resolve(&mut fs, b"/usr/bin/python3").unwrap();
    let size = fs.getattr(py).unwrap().size;
    fs.truncate(py, size / 2, Time::from_secs(now)).unwrap();
    // The freed half of python3 keeps its real bytes in the base image while
    // the overlay forgets the blocks: write just past the kept block, so the
    // allocator's goal (the block after the file's last) reuses a freed one,
    // and check the gap and the new block read as zeros plus what was
    // written, not as old machine code.
    let half = size / 2;
    let bs = u64::from(fs.block_size());
    let at = half.next_multiple_of(bs) + 100;
    fs.write(py, at, b"tail", Time::from_secs(now)).unwrap();
    let mut buf = vec![0xEEu8; (at + 4 - half) as usize];
    assert_eq!(fs.read(py, half, &mut buf).unwrap(), buf.len());
    let (gap, tail) = buf.split_at(buf.len() - 4);
    assert!(gap.iter().all(|&b| b == 0), "stale bytes after a reuse");
    assert_eq!(tail, b"tail");
    let usr = resolve(&mut fs, b"/usr").unwrap();
    let share = resolve(&mut fs, b"/usr/share").unwrap();
    fs.rename(usr, b"share", w, b"share", Time::from_secs(now))
        .unwrap();
    fs.rename(w, b"share", usr, b"share", Time::from_secs(now))
        .unwrap();
    let _ = share;

    // e2fsck reads only metadata, so a copy of the image's metadata (a
    // sparse raw e2image, tens of MiB where a whole copy needs a GiB of
    // disk) with the overlay's blocks written over it shows what a copy of
    // the changed image would.
    let t = TempDir::new("debian-rw");
    let copy = t.path().join("copy.ext2");
    let out = std::process::Command::new(tool("e2image"))
        .arg("-r")
        .arg(&img)
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "e2image -r: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bs = u64::from(fs.block_size());
    let overlay = fs.into_parts().1;
    let mut f = std::fs::OpenOptions::new().write(true).open(&copy).unwrap();
    for (b, data) in &overlay.blocks {
        f.seek(SeekFrom::Start(b * bs)).unwrap();
        f.write_all(data).unwrap();
    }
    drop(f);
    let out = std::process::Command::new(tool("e2fsck"))
        .arg("-fn")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "e2fsck -fn:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let cat = debugfs_file(&copy, "cat /tmp/tabvm-fs-test/f7");
    assert_eq!(cat.len(), 70_000 + 5000 + 7 * 700);
    assert!(cat[70_000..].iter().all(|&b| b == 8) && cat[..70_000].iter().all(|&b| b == 0));
    let py = debugfs_file(&copy, &format!("cat <{py}>"));
    assert_eq!(py.len() as u64, at + 4);
    assert!(py[half as usize..at as usize].iter().all(|&b| b == 0));
    assert_eq!(&py[at as usize..], b"tail");
    let stat = String::from_utf8_lossy(&debugfs_file(&copy, "stat /etc/passwd")).into_owned();
    assert!(stat.contains("Links: 2"), "{stat}");
}
