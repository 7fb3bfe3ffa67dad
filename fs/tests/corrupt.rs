//! Corrupt images: random bit flips in metadata, truncated images, bad
//! superblocks, directory loops, out-of-range and cyclic block pointers.
//! Every case must end in a clear error (or a consistent answer), never a
//! panic or a hang; and an operation failing on corruption commits nothing.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::*;
use tabvm_fs::*;

fn populated(t: &Path, bs: u32) -> Vec<u8> {
    let src = t.join(format!("src-{bs}"));
    std::fs::create_dir_all(src.join("d/e/f")).unwrap();
    std::fs::write(src.join("small"), b"small file\n").unwrap();
    let big: Vec<u8> = (0..400_000u32).map(|i| (i % 241) as u8).collect();
    std::fs::write(src.join("d/big"), &big).unwrap();
    std::os::unix::fs::symlink("../small", src.join("d/fast")).unwrap();
    std::os::unix::fs::symlink("x".repeat(300), src.join("d/slow")).unwrap();
    for i in 0..60 {
        std::fs::write(
            src.join(format!("d/e/file{i:03}")),
            format!("{i}").repeat(i),
        )
        .unwrap();
    }
    mkfs(t, bs, 1, 4096, &[], Some(&src))
}

/// Walks everything reachable, reading every file; bounded. Returns the
/// number of errors seen (which is fine) and never panics on its own.
fn walk<S: BlockSource, O: OverlayStore>(fs: &mut Ext2Fs<S, O>) -> usize {
    let mut errors = 0;
    let mut seen = BTreeSet::new();
    let mut stack = vec![ROOT_INO];
    let mut buf = vec![0u8; 64 << 10];
    while let Some(d) = stack.pop() {
        if !seen.insert(d) || seen.len() > 5000 {
            continue;
        }
        let mut cookie = 0;
        for _ in 0..10_000 {
            match fs.readdir(d, cookie) {
                Ok(es) if es.is_empty() => break,
                Ok(es) => {
                    assert!(
                        es.iter().all(|e| e.next > cookie),
                        "readdir cookies must advance"
                    );
                    cookie = es.last().map_or(cookie, |e| e.next);
                    for e in es {
                        if e.name == b"." || e.name == b".." {
                            continue;
                        }
                        let _ = fs.lookup(d, &e.name);
                        match fs.getattr(e.ino) {
                            Ok(md) if md.file_type() == FileType::Directory => stack.push(e.ino),
                            Ok(md) if md.file_type() == FileType::Symlink => {
                                errors += usize::from(fs.readlink(e.ino).is_err());
                            }
                            Ok(md) => {
                                let mut off = 0;
                                while off < md.size.min(2 << 20) {
                                    match fs.read(e.ino, off, &mut buf) {
                                        Ok(0) => break,
                                        Ok(n) => off += n as u64,
                                        Err(_) => {
                                            errors += 1;
                                            break;
                                        }
                                    }
                                }
                            }
                            Err(_) => errors += 1,
                        }
                    }
                }
                Err(_) => {
                    errors += 1;
                    break;
                }
            }
        }
    }
    errors
}

/// Some writes on a possibly corrupt file system: must not panic.
fn scribble<S: BlockSource, O: OverlayStore>(fs: &mut Ext2Fs<S, O>) {
    let node = NewNode {
        perm: 0o644,
        uid: 0,
        gid: 0,
        now: Time::from_secs(1),
    };
    if let Ok(i) = fs.create(ROOT_INO, b"new", &node) {
        let _ = fs.write(i, 5000, &[1; 3000], Time::from_secs(2));
        let _ = fs.truncate(i, 100, Time::from_secs(3));
    }
    let _ = fs.mkdir(ROOT_INO, b"newdir", &node);
    if let Ok(d) = fs.lookup(ROOT_INO, b"d") {
        if let Ok(b) = fs.lookup(d, b"big") {
            let _ = fs.truncate(b, 10, Time::from_secs(4));
        }
        let _ = fs.rename(d, b"e", ROOT_INO, b"moved", Time::from_secs(5));
        let _ = fs.unlink(d, b"slow", Time::from_secs(6));
    }
    let _ = fs.unlink(ROOT_INO, b"small", Time::from_secs(7));
    let _ = fs.statfs();
}

#[test]
fn random_bit_flips_never_panic() {
    let t = TempDir::new("flips");
    for bs in [1024u32, 4096] {
        let img = populated(t.path(), bs);
        // Metadata lives in the first blocks of group 0 (superblock, GDT,
        // reserved GDT, bitmaps, inode table) and in directory and indirect
        // blocks right after: flip bits there.
        let meta_end = (img.len()).min(if bs == 1024 { 600 << 10 } else { 1200 << 10 });
        let mut rng = Rng(0xF11B_0000 ^ u64::from(bs));
        let (mut mounted, mut refused) = (0, 0);
        for round in 0..400 {
            let mut bad = img.clone();
            let flips = 1 + rng.below(20);
            for _ in 0..flips {
                let at = rng.below(meta_end as u64) as usize;
                bad[at] ^= 1 << rng.below(8);
            }
            // Half the rounds hit the superblock and group descriptors only.
            if round % 2 == 0 {
                let at = 1024 + rng.below(u64::from(bs) + 1024) as usize;
                bad[at] ^= 1 << rng.below(8);
            }
            match Ext2Fs::open(
                MemSource::new(bad),
                MemOverlay::default(),
                MountOptions::default(),
            ) {
                Ok(mut fs) => {
                    mounted += 1;
                    walk(&mut fs);
                    scribble(&mut fs);
                    walk(&mut fs);
                }
                Err(e) => {
                    refused += 1;
                    assert!(!e.to_string().is_empty());
                }
            }
        }
        assert!(
            mounted > 10 && refused > 0,
            "bs {bs}: mounted {mounted} refused {refused}: the flips should sometimes matter"
        );
    }
}

#[test]
fn truncated_images_are_refused() {
    let t = TempDir::new("trunc");
    let img = populated(t.path(), 1024);
    for len in [
        0usize,
        500,
        1024,
        1500,
        2048,
        8192,
        img.len() / 2,
        img.len() - 1,
    ] {
        let r = Ext2Fs::open(
            MemSource::new(img[..len].to_vec()),
            MemOverlay::default(),
            MountOptions::default(),
        );
        let e = r
            .err()
            .unwrap_or_else(|| panic!("a {len}-byte prefix mounted"));
        let msg = e.to_string();
        assert!(
            matches!(e, MountError::Truncated { .. } | MountError::Io(_)),
            "{len}: unexpected {e:?}"
        );
        assert!(
            msg.contains("truncated") || msg.contains("past the end"),
            "{len}: unclear message {msg}"
        );
    }
}

#[test]
fn bad_superblocks_are_refused_clearly() {
    let t = TempDir::new("badsb");
    let img = populated(t.path(), 1024);
    let patch = |off: usize, bytes: &[u8]| {
        let mut v = img.clone();
        v[1024 + off..1024 + off + bytes.len()].copy_from_slice(bytes);
        Ext2Fs::open(
            MemSource::new(v),
            MemOverlay::default(),
            MountOptions::default(),
        )
        .err()
    };
    assert!(matches!(patch(56, &[0, 0]), Some(MountError::BadMagic(0))));
    assert!(matches!(
        patch(24, &[30, 0, 0, 0]),
        Some(MountError::Corrupt(_))
    ));
    assert!(matches!(
        patch(32, &[0, 0, 0, 0]),
        Some(MountError::Corrupt(_))
    ));
    assert!(matches!(
        patch(40, &[0, 0, 0, 0]),
        Some(MountError::Corrupt(_))
    ));
    assert!(matches!(
        patch(0, &[0, 0, 0, 0]),
        Some(MountError::Corrupt(_))
    ));
    assert!(matches!(patch(88, &[100, 0]), Some(MountError::Corrupt(_))));
    assert!(matches!(
        patch(4, &[0xFF, 0xFF, 0xFF, 0x0F]),
        Some(MountError::Truncated { .. })
    ));
    // extents (0x40) and 64bit (0x80): refused, named.
    let e = patch(96, &[0xC2, 0, 0, 0]).unwrap();
    assert!(
        e.to_string().contains("extent") && e.to_string().contains("64bit"),
        "{e}"
    );
    assert!(matches!(
        patch(96, &[0x06, 0, 0, 0]),
        Some(MountError::NeedsRecovery)
    ));
    // Unknown ro_compat feature: mounted read-only.
    let mut v = img.clone();
    v[1024 + 100] |= 0x80;
    let mut fs = Ext2Fs::open(
        MemSource::new(v),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .unwrap();
    assert!(fs.is_read_only());
    let node = NewNode {
        perm: 0o644,
        uid: 0,
        gid: 0,
        now: Time::from_secs(1),
    };
    assert_eq!(fs.create(ROOT_INO, b"x", &node), Err(FsError::ReadOnly));
    assert!(fs.lookup(ROOT_INO, b"small").is_ok());
}

fn debugfs_w(img: &Path, cmd: &str) {
    let out = Command::new(tool("debugfs"))
        .arg("-w")
        .arg("-R")
        .arg(cmd)
        .arg(img)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "debugfs -w {cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn stat_field(img: &Path, file: &str, field: &str) -> u32 {
    let text = String::from_utf8(debugfs_file(img, &format!("stat {file}"))).unwrap();
    // "(IND):1234" style entries in the BLOCKS list.
    let key = format!("({field}):");
    let at = text
        .find(&key)
        .unwrap_or_else(|| panic!("no {field} in stat {file}:\n{text}"))
        + key.len();
    text[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn bad_block_pointers_give_errors_and_commit_nothing() {
    let t = TempDir::new("ptrs");
    let img = populated(t.path(), 1024);
    let p = t.path().join("p.ext2");

    // Out-of-range direct pointer.
    std::fs::write(&p, &img).unwrap();
    debugfs_w(&p, "sif /d/big block[0] 4000000000");
    let mut fs = Ext2Fs::open(
        MemSource::new(std::fs::read(&p).unwrap()),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .unwrap();
    let d = fs.lookup(ROOT_INO, b"d").unwrap();
    let big = fs.lookup(d, b"big").unwrap();
    let mut buf = [0u8; 16];
    assert!(matches!(fs.read(big, 0, &mut buf), Err(FsError::Io(m)) if m.contains("out of range")));
    assert!(matches!(
        fs.truncate(big, 0, Time::from_secs(1)),
        Err(FsError::Io(_))
    ));
    assert_eq!(fs.cache().seq(), 0, "a failed operation committed");

    // The double-indirect slot points at the indirect block: every block
    // is then reachable twice (shared/cyclic pointers).
    std::fs::write(&p, &img).unwrap();
    let ind = stat_field(&p, "/d/big", "IND");
    debugfs_w(&p, &format!("sif /d/big block[DIND] {ind}"));
    let mut fs = Ext2Fs::open(
        MemSource::new(std::fs::read(&p).unwrap()),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .unwrap();
    let d = fs.lookup(ROOT_INO, b"d").unwrap();
    let big = fs.lookup(d, b"big").unwrap();
    let before = fs.statfs().unwrap();
    assert!(
        matches!(fs.truncate(big, 0, Time::from_secs(1)), Err(FsError::Io(m)) if m.contains("twice"))
    );
    assert!(matches!(
        fs.unlink(d, b"big", Time::from_secs(1)),
        Err(FsError::Io(_))
    ));
    assert_eq!(
        fs.statfs().unwrap(),
        before,
        "a failed operation changed the counts"
    );
    assert_eq!(fs.cache().seq(), 0);
    walk(&mut fs);
}

#[test]
fn directory_loops_are_bounded() {
    let t = TempDir::new("loop");
    let img = populated(t.path(), 1024);
    let p = t.path().join("l.ext2");
    std::fs::write(&p, &img).unwrap();
    // /d/e/f/up -> /d (a hard link to an ancestor directory).
    debugfs_w(&p, "link /d /d/e/f/up");
    let mut fs = Ext2Fs::open(
        MemSource::new(std::fs::read(&p).unwrap()),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .unwrap();
    walk(&mut fs);
    let d = fs.lookup(ROOT_INO, b"d").unwrap();
    let e = fs.lookup(d, b"e").unwrap();
    let f = fs.lookup(e, b"f").unwrap();
    assert_eq!(fs.lookup(f, b"up"), Ok(d));
    // Moving d under its own descendant is refused, loop or not.
    assert_eq!(
        fs.rename(ROOT_INO, b"d", f, b"x", Time::from_secs(1)),
        Err(FsError::InvalidArgument)
    );
    scribble(&mut fs);
}

#[test]
fn corrupt_directory_entries_are_errors() {
    let t = TempDir::new("dirent");
    let img = populated(t.path(), 1024);
    let p = t.path().join("de.ext2");
    std::fs::write(&p, &img).unwrap();
    // Zero the first directory block of /d/e: rec_len 0 everywhere.
    let blk = stat_field(&p, "/d/e", "0");
    let mut bad = img.clone();
    bad[blk as usize * 1024..blk as usize * 1024 + 1024].fill(0);
    let mut fs = Ext2Fs::open(
        MemSource::new(bad),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .unwrap();
    let d = fs.lookup(ROOT_INO, b"d").unwrap();
    let e = fs.lookup(d, b"e").unwrap();
    assert!(matches!(fs.lookup(e, b"file001"), Err(FsError::Io(m)) if m.contains("bad entry")));
    assert!(matches!(fs.readdir(e, 0), Err(FsError::Io(_))));
    let node = NewNode {
        perm: 0o644,
        uid: 0,
        gid: 0,
        now: Time::from_secs(1),
    };
    assert!(matches!(fs.create(e, b"x", &node), Err(FsError::Io(_))));
    assert_eq!(fs.cache().seq(), 0);
}
