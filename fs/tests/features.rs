//! Feature-specific tests against e2fsprogs: htree directories, extended
//! attribute blocks, large_file, readdir cookies, pinned (open) inodes.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::*;
use tabvm_fs::*;

const NODE: NewNode = NewNode {
    perm: 0o644,
    uid: 1000,
    gid: 1000,
    now: Time::from_secs(1_700_000_000),
};

/// `img` mounted read-write with its changes kept in memory.
fn mount_mem(img: &[u8]) -> Ext2Fs<MemSource, MemOverlay> {
    Ext2Fs::open(
        MemSource::new(img.to_vec()),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .unwrap()
}

fn image_after(img: &[u8], fs: &Ext2Fs<MemSource, MemOverlay>) -> Vec<u8> {
    let mut out = img.to_vec();
    fs.overlay().apply_to(&mut out, fs.block_size());
    out
}

fn assert_clean(t: &Path, img: &[u8]) {
    let (clean, text) = fsck(t, img);
    assert!(clean, "e2fsck -fn:\n{text}");
    check_superblock_counts(img).unwrap();
}

fn stat_text(t: &Path, img: &[u8], path: &str) -> String {
    String::from_utf8_lossy(&debugfs(t, img, &format!("stat {path}"))).into_owned()
}

#[test]
fn htree_directories_read_and_unindex_on_insert() {
    let t = TempDir::new("htree");
    let src = t.path().join("src");
    std::fs::create_dir_all(src.join("big")).unwrap();
    for i in 0..3000 {
        std::fs::write(
            src.join(format!("big/entry-with-a-longish-name-{i:05}")),
            format!("{i}"),
        )
        .unwrap();
    }
    let img0 = mkfs(t.path(), 1024, 1, 16384, &["-N", "4096"], Some(&src));
    // Let e2fsck build the hash index.
    let p = t.path().join("h.ext2");
    std::fs::write(&p, &img0).unwrap();
    let st = Command::new(tool("e2fsck"))
        .arg("-fyD")
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        st.status.code().unwrap_or(8) <= 1,
        "{}",
        String::from_utf8_lossy(&st.stdout)
    );
    let img = std::fs::read(&p).unwrap();
    assert!(
        stat_text(t.path(), &img, "/big").contains("Flags: 0x1000"),
        "e2fsck did not index /big"
    );

    let mut fs = mount_mem(&img);
    let big = fs.lookup(ROOT_INO, b"big").unwrap();
    let mut names = BTreeSet::new();
    let mut cookie = 0;
    loop {
        let es = fs.readdir(big, cookie).unwrap();
        let Some(l) = es.last() else { break };
        cookie = l.next;
        for e in es {
            assert!(
                names.insert(e.name.clone()),
                "duplicate {:?}",
                String::from_utf8_lossy(&e.name)
            );
        }
    }
    assert_eq!(names.len(), 3002);
    for i in (0..3000).step_by(97) {
        let f = fs
            .lookup(big, format!("entry-with-a-longish-name-{i:05}").as_bytes())
            .unwrap();
        let mut b = [0u8; 8];
        let n = fs.read(f, 0, &mut b).unwrap();
        assert_eq!(&b[..n], i.to_string().as_bytes());
    }
    // Removing keeps the index valid.
    fs.unlink(big, b"entry-with-a-longish-name-00007", Time::from_secs(5))
        .unwrap();
    let after = image_after(&img, &fs);
    assert!(stat_text(t.path(), &after, "/big").contains("Flags: 0x1000"));
    assert_clean(t.path(), &after);
    // Inserting clears it.
    fs.create(big, b"newcomer", &NODE).unwrap();
    let after = image_after(&img, &fs);
    assert!(!stat_text(t.path(), &after, "/big").contains("Flags: 0x1000"));
    assert_clean(t.path(), &after);
    assert_eq!(
        String::from_utf8_lossy(&debugfs(
            t.path(),
            &after,
            "cat /big/entry-with-a-longish-name-02999"
        )),
        "2999"
    );
}

#[test]
fn xattr_blocks_are_released_with_their_inode() {
    let t = TempDir::new("xattr");
    let src = t.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("a"), b"with attrs").unwrap();
    std::fs::write(src.join("b"), b"also").unwrap();
    let img0 = mkfs(t.path(), 1024, 1, 4096, &["-I", "128"], Some(&src));
    let p = t.path().join("x.ext2");
    std::fs::write(&p, &img0).unwrap();
    for f in ["/a", "/b"] {
        let out = Command::new(tool("debugfs"))
            .args(["-w", "-R", &format!("ea_set {f} user.note hello")])
            .arg(&p)
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    let img = std::fs::read(&p).unwrap();
    assert!(
        stat_text(t.path(), &img, "/a").contains("File ACL: "),
        "no xattr block"
    );
    assert_clean(t.path(), &img);
    let mut fs = mount_mem(&img);
    let before = fs.statfs().unwrap();
    let a = fs.lookup(ROOT_INO, b"a").unwrap();
    let blocks = fs.getattr(a).unwrap().blocks;
    assert_eq!(
        blocks, 4,
        "one data block and the attribute block, in sectors"
    );
    fs.unlink(ROOT_INO, b"a", Time::from_secs(9)).unwrap();
    let after_stat = fs.statfs().unwrap();
    assert_eq!(after_stat.free_inodes, before.free_inodes + 1);
    // Its own attribute block is freed unless shared with b.
    assert!(
        after_stat.free_blocks == before.free_blocks + 2
            || after_stat.free_blocks == before.free_blocks + 1
    );
    let after = image_after(&img, &fs);
    assert_clean(t.path(), &after);
    let out =
        String::from_utf8_lossy(&debugfs(t.path(), &after, "ea_get /b user.note")).into_owned();
    assert!(out.contains("hello"), "b lost its attribute: {out}");
}

#[test]
fn large_file_feature_is_set_when_needed() {
    let t = TempDir::new("large");
    let img = mkfs(t.path(), 4096, 1, 16384, &["-O", "^large_file"], None);
    let mut fs = mount_mem(&img);
    let f = fs.create(ROOT_INO, b"huge", &NODE).unwrap();
    let off = 5u64 << 30;
    fs.write(f, off, b"tail", Time::from_secs(2)).unwrap();
    assert_eq!(fs.getattr(f).unwrap().size, off + 4);
    let mut b = [9u8; 8];
    assert_eq!(fs.read(f, off - 4, &mut b).unwrap(), 8);
    assert_eq!(&b, b"\0\0\0\0tail");
    let after = image_after(&img, &fs);
    assert_clean(t.path(), &after);
    let feats = String::from_utf8_lossy(&debugfs(t.path(), &after, "features")).into_owned();
    assert!(feats.contains("large_file"), "{feats}");
    // Shrink back to nothing: all blocks return.
    let free0 = fs.statfs().unwrap().free_blocks;
    fs.truncate(f, 0, Time::from_secs(3)).unwrap();
    assert!(fs.statfs().unwrap().free_blocks > free0);
    assert_clean(t.path(), &image_after(&img, &fs));
}

#[test]
fn readdir_cookies_survive_unrelated_changes() {
    let t = TempDir::new("cookies");
    let img = mkfs(t.path(), 1024, 1, 4096, &[], None);
    let mut fs = Ext2Fs::open(
        MemSource::new(img),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .unwrap();
    let d = fs.mkdir(ROOT_INO, b"d", &NODE).unwrap();
    let keep: Vec<String> = (0..200).map(|i| format!("keep{i:03}")).collect();
    for (i, n) in keep.iter().enumerate() {
        fs.create(d, n.as_bytes(), &NODE).unwrap();
        fs.create(d, format!("tmp{i:03}").as_bytes(), &NODE)
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut cookie = 0;
    let mut round = 0;
    loop {
        let es = fs.readdir(d, cookie).unwrap();
        let Some(first) = es.first() else { break };
        // Take one entry at a time, changing the directory in between.
        seen.push(String::from_utf8(first.name.clone()).unwrap());
        cookie = first.next;
        round += 1;
        let _ = fs.unlink(
            d,
            format!("tmp{:03}", round % 200).as_bytes(),
            Time::from_secs(1),
        );
        let _ = fs.create(d, format!("new{round:03}").as_bytes(), &NODE);
    }
    for k in &keep {
        assert_eq!(
            seen.iter().filter(|s| *s == k).count(),
            1,
            "{k} seen {} times",
            seen.iter().filter(|s| *s == k).count()
        );
    }
}

#[test]
fn pinned_inodes_outlive_their_last_link() {
    let t = TempDir::new("pin");
    let img = mkfs(t.path(), 2048, 1, 4096, &[], None);
    let mut fs = mount_mem(&img);
    let free0 = fs.statfs().unwrap();
    let f = fs.create(ROOT_INO, b"open", &NODE).unwrap();
    fs.write(f, 0, &[7; 10000], Time::from_secs(1)).unwrap();
    fs.pin(f);
    fs.unlink(ROOT_INO, b"open", Time::from_secs(2)).unwrap();
    assert_eq!(fs.lookup(ROOT_INO, b"open"), Err(FsError::NotFound));
    let mut b = [0u8; 4];
    assert_eq!(fs.read(f, 9996, &mut b).unwrap(), 4);
    assert_eq!(b, [7; 4]);
    assert_eq!(fs.getattr(f).unwrap().nlink, 0);
    fs.unpin(f, Time::from_secs(3)).unwrap();
    assert_eq!(fs.statfs().unwrap(), free0);
    assert_clean(t.path(), &image_after(&img, &fs));
}

#[test]
fn no_space_rolls_back_whole_write() {
    let t = TempDir::new("nospc");
    let img = mkfs(t.path(), 1024, 1, 1024, &[], None);
    let mut fs = mount_mem(&img);
    let f = fs.create(ROOT_INO, b"fill", &NODE).unwrap();
    let before = fs.statfs().unwrap();
    let seq = fs.cache().seq();
    assert_eq!(
        fs.write(f, 0, &vec![1u8; 2 << 20], Time::from_secs(2)),
        Err(FsError::NoSpace)
    );
    assert_eq!(fs.statfs().unwrap(), before);
    assert_eq!(fs.cache().seq(), seq);
    assert_eq!(fs.getattr(f).unwrap().size, 0);
    assert_clean(t.path(), &image_after(&img, &fs));
}

#[test]
fn statfs_and_errors() {
    let t = TempDir::new("statfs");
    let img = mkfs(t.path(), 4096, 1, 8192, &[], None);
    let mut fs = Ext2Fs::open(
        MemSource::new(img),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .unwrap();
    let s = fs.statfs().unwrap();
    assert_eq!((s.block_size, s.blocks, s.name_max), (4096, 2048, 255));
    assert!(s.free_blocks > 1900 && s.avail_blocks < s.free_blocks);
    assert_eq!(fs.lookup(ROOT_INO, &[b'a'; 256]), Err(FsError::NameTooLong));
    assert_eq!(
        fs.create(ROOT_INO, &[b'a'; 256], &NODE),
        Err(FsError::NameTooLong)
    );
    assert_eq!(
        fs.create(ROOT_INO, b"lost+found", &NODE),
        Err(FsError::Exists)
    );
    let f = fs.create(ROOT_INO, b"f", &NODE).unwrap();
    assert_eq!(fs.lookup(f, b"x"), Err(FsError::NotDir));
    assert_eq!(
        fs.link(ROOT_INO, ROOT_INO, b"rootlink", Time::from_secs(1)),
        Err(FsError::NotPermitted)
    );
    assert_eq!(
        fs.rmdir(ROOT_INO, b"f", Time::from_secs(1)),
        Err(FsError::NotDir)
    );
    assert_eq!(
        fs.unlink(ROOT_INO, b"lost+found", Time::from_secs(1)),
        Err(FsError::IsDir)
    );
    assert_eq!(fs.readlink(f), Err(FsError::NotSymlink));
    assert_eq!(fs.read(ROOT_INO, 0, &mut [0; 4]), Err(FsError::IsDir));
    assert_eq!(
        fs.rmdir(ROOT_INO, b".", Time::from_secs(1)),
        Err(FsError::InvalidArgument)
    );
    assert_eq!(
        fs.rename(ROOT_INO, b"f", ROOT_INO, b"a/b", Time::from_secs(1)),
        Err(FsError::InvalidArgument)
    );
    assert_eq!(FsError::NotEmpty.errno(), 39);
}

#[test]
fn revision_0_files_stay_under_2_gib() {
    let t = TempDir::new("rev0big");
    let img = mkfs(t.path(), 1024, 0, 4096, &[], None);
    let mut fs = mount_mem(&img);
    let f = fs.create(ROOT_INO, b"f", &NODE).unwrap();
    assert_eq!(
        fs.write(f, 0x7FFF_FFFE, b"xy", Time::from_secs(1)),
        Err(FsError::FileTooBig)
    );
    assert_eq!(
        fs.truncate(f, 1 << 31, Time::from_secs(1)),
        Err(FsError::FileTooBig)
    );
    assert_eq!(fs.write(f, 0x7FFF_FFFD, b"xy", Time::from_secs(1)), Ok(2));
    assert_clean(t.path(), &image_after(&img, &fs));
}

/// `debugfs stat`'s `<name>: 0x<secs>:<extra> -- ...` line, parsed into
/// seconds and the raw `*_extra` field (nanoseconds << 2 | epoch bits).
fn debugfs_time(stat: &str, name: &str) -> Option<(u32, u32)> {
    let line = stat
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{name}: 0x")))?;
    let hex = line.trim_start().strip_prefix(name)?.strip_prefix(": 0x")?;
    let (secs, rest) = hex.split_once(':')?;
    let extra = rest.split_whitespace().next()?;
    Some((
        u32::from_str_radix(secs, 16).ok()?,
        u32::from_str_radix(extra, 16).ok()?,
    ))
}

#[test]
fn large_inodes_keep_nanoseconds_as_linux_does() {
    let t = TempDir::new("nsec");
    let img = mkfs(t.path(), 1024, 1, 4096, &[], None);
    let mut fs = mount_mem(&img);
    let born = Time::new(1_700_000_000, 123_456_789);
    let f = fs
        .create(ROOT_INO, b"f", &NewNode { now: born, ..NODE })
        .unwrap();
    let written = Time::new(1_700_000_001, 999_999_999);
    fs.write(f, 0, b"x", written).unwrap();
    // utimensat: an access time of its own, ctime from the change.
    let touched = Time::new(1_600_000_000, 5);
    let changed = Time::new(1_700_000_002, 42);
    let meta = fs
        .setattr(
            f,
            &SetAttr {
                atime: Some(touched),
                ..SetAttr::default()
            },
            changed,
        )
        .unwrap();
    assert_eq!(
        (meta.atime, meta.mtime, meta.ctime, meta.crtime),
        (touched, written, changed, Some(born))
    );
    // A time past 2038 as an unsigned count: Linux reads the seconds
    // signed, so the epoch bits must carry it.
    let late = Time::new(0x8000_0010, 7);
    let g = fs
        .create(ROOT_INO, b"g", &NewNode { now: late, ..NODE })
        .unwrap();
    assert_eq!(fs.getattr(g).unwrap().mtime, late);

    let after = image_after(&img, &fs);
    assert_clean(t.path(), &after);
    let stat = stat_text(t.path(), &after, "/f");
    let extra = |t: Time| t.nsec << 2;
    assert_eq!(
        debugfs_time(&stat, "atime"),
        Some((touched.secs, extra(touched))),
        "{stat}"
    );
    assert_eq!(
        debugfs_time(&stat, "mtime"),
        Some((written.secs, extra(written))),
        "{stat}"
    );
    assert_eq!(
        debugfs_time(&stat, "ctime"),
        Some((changed.secs, extra(changed))),
        "{stat}"
    );
    assert_eq!(
        debugfs_time(&stat, "crtime"),
        Some((born.secs, extra(born))),
        "{stat}"
    );
    let stat = stat_text(t.path(), &after, "/g");
    assert_eq!(
        debugfs_time(&stat, "mtime"),
        Some((late.secs, extra(late) | 1)),
        "{stat}"
    );

    // 128-byte records have no room: whole seconds, and nothing written
    // past the record.
    let small = mkfs(t.path(), 1024, 1, 4096, &["-I", "128"], None);
    let mut fs = mount_mem(&small);
    let h = fs
        .create(ROOT_INO, b"h", &NewNode { now: born, ..NODE })
        .unwrap();
    let meta = fs.getattr(h).unwrap();
    assert_eq!(
        (meta.mtime, meta.crtime),
        (Time::from_secs(born.secs), None)
    );
    assert_clean(t.path(), &image_after(&small, &fs));
}

#[test]
fn tmpfiles_are_freed_at_unpin_unless_linked() {
    let t = TempDir::new("tmpfile");
    let img = mkfs(t.path(), 1024, 1, 4096, &[], None);
    let mut fs = mount_mem(&img);
    let fresh = fs.statfs().unwrap();
    let now = Time::from_secs(1_700_000_100);
    // Named later: an ordinary file from then on.
    let kept = fs.tmpfile(ROOT_INO, &NODE, true).unwrap();
    fs.write(kept, 0, b"kept data", now).unwrap();
    assert_eq!(fs.getattr(kept).unwrap().nlink, 0);
    fs.link(kept, ROOT_INO, b"named", now).unwrap();
    fs.unpin(kept, now).unwrap();
    assert_eq!(fs.lookup(ROOT_INO, b"named"), Ok(kept));
    // Never named: gone with its blocks at unpin.
    let gone = fs.tmpfile(ROOT_INO, &NODE, false).unwrap();
    fs.write(gone, 0, &[7; 5000], now).unwrap();
    assert_eq!(fs.link(gone, ROOT_INO, b"no", now), Err(FsError::NotFound));
    fs.unpin(gone, now).unwrap();
    // An ordinary file unlinked while pinned cannot be named again.
    let f = fs.create(ROOT_INO, b"f", &NODE).unwrap();
    fs.pin(f);
    fs.unlink(ROOT_INO, b"f", now).unwrap();
    assert_eq!(fs.link(f, ROOT_INO, b"again", now), Err(FsError::NotFound));
    fs.unpin(f, now).unwrap();
    // A tmpfile needs a live directory.
    assert_eq!(fs.tmpfile(kept, &NODE, true), Err(FsError::NotDir));

    let after = fs.statfs().unwrap();
    assert_eq!(after.free_inodes, fresh.free_inodes - 1);
    assert_eq!(
        after.free_blocks,
        fresh.free_blocks - 1,
        "one block of data"
    );
    let image = image_after(&img, &fs);
    assert_clean(t.path(), &image);
    let cat = debugfs(t.path(), &image, "cat /named");
    assert_eq!(cat, b"kept data");
}
