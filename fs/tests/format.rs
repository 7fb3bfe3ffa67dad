//! `format` (the empty tmpfs volume) against e2fsprogs: e2fsck -fn must find
//! the volume clean, fresh and after use; dumpe2fs must report the options;
//! the group layout must be mke2fs's for the same options; the mounted
//! volume must work and give its space back.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use tabvm_fs::*;

const NOW: u32 = 1_700_000_000;
const UUID: [u8; 16] = [
    0x3e, 0x16, 0x4f, 0xe8, 0xe9, 0x2a, 0x47, 0x6d, 0xa8, 0x8c, 0xff, 0x76, 0x6f, 0x9e, 0xaa, 0x60,
];

fn opts(block_size: u32, blocks: u32, inodes: u32) -> FormatOptions {
    FormatOptions {
        block_size,
        blocks,
        inodes,
        root_mode: 0o1777,
        root_uid: 1000,
        root_gid: 100,
        now: NOW,
        uuid: UUID,
        label: *b"tmpfs-test\0\0\0\0\0\0",
    }
}

/// Runs an e2fsprogs tool on `p` (after `args`); exit code and output.
fn run(tool_name: &str, args: &[&str], p: &Path) -> (Option<i32>, String) {
    let out = Command::new(tool(tool_name))
        .env("MKE2FS_CONFIG", "/dev/null")
        .env("E2FSPROGS_FAKE_TIME", NOW.to_string())
        .args(args)
        .arg(p)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn assert_fsck_clean(p: &Path) {
    let (code, text) = run("e2fsck", &["-fn"], p);
    assert_eq!(code, Some(0), "e2fsck -fn {}:\n{text}", p.display());
}

/// The value of `key:` in dumpe2fs output.
fn field<'a>(dump: &'a str, key: &str) -> &'a str {
    dump.lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(':')))
        .unwrap_or_else(|| panic!("dumpe2fs printed no {key:?}:\n{dump}"))
        .trim()
}

fn num(dump: &str, key: &str) -> u64 {
    field(dump, key).parse().unwrap()
}

/// Checks `dumpe2fs -h` against the options; returns the output.
fn check_header(p: &Path, o: &FormatOptions) -> String {
    let (code, dump) = run("dumpe2fs", &["-h"], p);
    assert_eq!(code, Some(0), "{dump}");
    assert_eq!(num(&dump, "Block size"), u64::from(o.block_size));
    assert_eq!(num(&dump, "Block count"), u64::from(o.blocks), "{dump}");
    assert_eq!(num(&dump, "Reserved block count"), 0);
    let inodes = num(&dump, "Inode count");
    let ipg = num(&dump, "Inodes per group");
    let groups = (u64::from(o.blocks) - u64::from(o.block_size == 1024))
        .div_ceil(8 * u64::from(o.block_size));
    assert_eq!(inodes, ipg * groups);
    assert!(
        inodes >= u64::from(o.inodes) && inodes < u64::from(o.inodes) + 16 * groups,
        "{} inodes asked, {inodes} made",
        o.inodes
    );
    assert_eq!(num(&dump, "Free inodes"), inodes - 10);
    assert_eq!(num(&dump, "Inode size"), 256);
    assert_eq!(num(&dump, "First inode"), 11);
    assert_eq!(num(&dump, "First block"), u64::from(o.block_size == 1024));
    assert_eq!(
        field(&dump, "Filesystem features"),
        "filetype sparse_super large_file"
    );
    assert_eq!(field(&dump, "Filesystem revision #"), "1 (dynamic)");
    assert_eq!(field(&dump, "Filesystem state"), "clean");
    assert_eq!(field(&dump, "Filesystem volume name"), "tmpfs-test");
    assert_eq!(
        field(&dump, "Filesystem UUID"),
        "3e164fe8-e92a-476d-a88c-ff766f9eaa60"
    );
    assert_eq!(
        field(&dump, "Filesystem created"),
        field(&dump, "Last write time")
    );
    dump
}

/// The group layout lines of a full `dumpe2fs`: where each group's
/// superblock copy, descriptors, bitmaps and inode table are, and the free
/// counts of every group but the first (where mke2fs puts lost+found).
fn layout(p: &Path) -> Vec<String> {
    let (code, dump) = run("dumpe2fs", &[], p);
    assert_eq!(code, Some(0), "{dump}");
    let mut group = 0;
    dump.lines()
        .filter_map(|l| {
            if let Some(rest) = l.strip_prefix("Group ") {
                group = rest
                    .split(':')
                    .next()
                    .and_then(|g| g.parse().ok())
                    .unwrap_or(0);
                return Some(l.to_string());
            }
            let l = l.trim();
            let keep = l.contains("superblock at")
                || l.starts_with("Block bitmap at")
                || l.starts_with("Inode bitmap at")
                || l.starts_with("Inode table at")
                || (group > 0 && l.contains("free blocks,"));
            keep.then(|| l.to_string())
        })
        .collect()
}

/// Makes the same volume with mke2fs (same features, inode size, no
/// reserved blocks; mke2fs adds lost+found).
fn mke2fs(dir: &Path, o: &FormatOptions, ipg: u64, groups: u64) -> PathBuf {
    let p = dir.join("mke2fs.ext2");
    let out = Command::new(tool("mke2fs"))
        .env("MKE2FS_CONFIG", "/dev/null")
        .env("E2FSPROGS_FAKE_TIME", NOW.to_string())
        .args(["-q", "-F", "-t", "ext2", "-m", "0", "-I", "256"])
        .args(["-O", "none,filetype,sparse_super,large_file"])
        .args(["-E", "root_owner=1000:100"])
        .args(["-b", &o.block_size.to_string()])
        .args(["-N", &(ipg * groups).to_string()])
        .arg(&p)
        .arg(o.blocks.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "mke2fs: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    p
}

fn check_volume(tag: &str, o: &FormatOptions) {
    let t = TempDir::new(tag);
    let overlay = format(o).unwrap();
    let p = write_sparse(t.path(), "fmt.ext2", o, &overlay);
    assert_fsck_clean(&p);
    let dump = check_header(&p, o);
    let ipg = num(&dump, "Inodes per group");
    let groups = num(&dump, "Inode count") / ipg;

    // The same layout as mke2fs.
    let reference = mke2fs(t.path(), o, ipg, groups);
    assert_eq!(
        num(&run("dumpe2fs", &["-h"], &reference).1, "Inodes per group"),
        ipg
    );
    assert_eq!(layout(&p), layout(&reference), "{tag}: group layout");

    // The root directory as debugfs sees it.
    let stat = String::from_utf8_lossy(&debugfs_file(&p, "stat <2>")).into_owned();
    assert!(stat.contains("Mode:  01777"), "{stat}");
    assert!(stat.contains("User:  1000   Group:   100"), "{stat}");
    assert!(stat.contains("Links: 2"), "{stat}");
    let ls = String::from_utf8_lossy(&debugfs_file(&p, "ls -p /")).into_owned();
    let names: Vec<&str> = ls
        .lines()
        .filter_map(|l| l.split('/').nth(5))
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(names, [".", ".."], "{ls}");
}

#[test]
fn one_group_1k_is_clean_and_like_mke2fs() {
    check_volume("fmt-1k", &opts(1024, 4000, 64));
}

#[test]
fn two_groups_2k_with_an_odd_last_group() {
    // 16384 blocks per group: group 1 has 3616.
    check_volume("fmt-2k", &opts(2048, 20000, 2000));
}

#[test]
fn seven_groups_4k() {
    // 200,000 blocks: groups 0-5 full, group 6 has 3392; copies in 0, 1, 3, 5.
    check_volume("fmt-4k", &opts(4096, 200_000, 50_000));
}

#[test]
fn many_groups_1k() {
    // 40 groups, copies in 0, 1, 3, 5, 7, 9, 25, 27; two descriptor blocks.
    check_volume("fmt-1k-many", &opts(1024, 8192 * 40 + 1 - 1000, 8192));
}

#[test]
fn a_short_last_group_is_dropped_as_mke2fs_does() {
    // Group 1 would have 10 blocks, too few for its bitmaps and inode table.
    let o = opts(2048, 16384 + 10, 4096);
    let t = TempDir::new("fmt-short");
    let overlay = format(&o).unwrap();
    let mut img = vec![0u8; o.volume_bytes() as usize];
    overlay.apply_to(&mut img, o.block_size);
    let (clean, text) = fsck(t.path(), &img);
    assert!(clean, "{text}");
    let p = write_sparse(t.path(), "short.ext2", &o, &overlay);
    let (_, dump) = run("dumpe2fs", &["-h"], &p);
    assert_eq!(num(&dump, "Block count"), 16384);
    assert_eq!(num(&dump, "Inode count"), 4096);
}

#[test]
fn nonsense_options_are_refused() {
    let bad = [
        opts(512, 4096, 64),
        opts(8192, 4096, 64),
        opts(1024, 4096, 15),
        opts(1024, 0, 64),
        opts(1024, 20, 64),
        opts(4096, 5, 16),
        opts(1024, 4096, 100_000),
        opts(4096, u32::MAX, 1 << 20),
    ];
    for o in bad {
        assert_eq!(format(&o).unwrap_err(), FsError::InvalidArgument, "{o:?}");
    }
    // The smallest that fits: 1 KiB blocks, 16 inodes (4 table blocks):
    // boot, superblock, descriptors, 2 bitmaps, table, root = 10 blocks.
    assert_eq!(
        format(&opts(1024, 9, 16)).unwrap_err(),
        FsError::InvalidArgument
    );
    format(&opts(1024, 10, 16)).unwrap();
}

const NODE: NewNode = NewNode {
    perm: 0o644,
    uid: 1000,
    gid: 100,
    now: Time::from_secs(NOW + 1),
};

/// Uses a mounted volume as tmpfs would and checks it against e2fsck.
fn use_volume(tag: &str, o: &FormatOptions) {
    let t = TempDir::new(tag);
    let overlay = format(o).unwrap();
    let mut fs = Ext2Fs::open(
        ZeroSource::new(o.volume_bytes()),
        overlay,
        MountOptions::default(),
    )
    .unwrap();
    assert_eq!(fs.block_size(), o.block_size);
    let root = fs.getattr(ROOT_INO).unwrap();
    assert_eq!(root.mode, 0o41777);
    assert_eq!((root.uid, root.gid, root.nlink), (1000, 100, 2));
    assert_eq!(
        (root.atime, root.mtime, root.ctime),
        (
            Time::from_secs(NOW),
            Time::from_secs(NOW),
            Time::from_secs(NOW)
        )
    );
    let names: Vec<Vec<u8>> = fs
        .readdir(ROOT_INO, 0)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, [b".".to_vec(), b"..".to_vec()]);

    let fresh = fs.statfs().unwrap();
    assert_eq!(fresh.blocks, u64::from(o.blocks));
    assert_eq!(fresh.free_blocks, fresh.avail_blocks);
    assert_eq!(fresh.free_inodes, fresh.inodes - 10);

    // Files, a directory, a rename across directories, a big file.
    let data: Vec<u8> = (0..300_000u32).map(|i| (i * 13 % 251) as u8).collect();
    let f = fs.create(ROOT_INO, b"file", &NODE).unwrap();
    assert_eq!(
        fs.write(f, 0, &data, Time::from_secs(NOW + 2)).unwrap(),
        data.len()
    );
    let d = fs.mkdir(ROOT_INO, b"dir", &NODE).unwrap();
    let g = fs.create(d, b"inner", &NODE).unwrap();
    fs.write(g, 5000, b"tail", Time::from_secs(NOW + 2))
        .unwrap();
    fs.rename(ROOT_INO, b"file", d, b"moved", Time::from_secs(NOW + 3))
        .unwrap();
    assert_eq!(fs.lookup(ROOT_INO, b"file"), Err(FsError::NotFound));
    let moved = fs.lookup(d, b"moved").unwrap();
    let mut back = vec![0u8; data.len() + 7];
    assert_eq!(fs.read(moved, 0, &mut back).unwrap(), data.len());
    assert_eq!(&back[..data.len()], &data[..]);
    let mut tail = [1u8; 5004];
    assert_eq!(fs.read(g, 0, &mut tail).unwrap(), 5004);
    assert!(tail[..5000].iter().all(|&b| b == 0));
    assert_eq!(&tail[5000..], b"tail");

    let used = fs.statfs().unwrap();
    let data_blocks = (data.len() as u64).div_ceil(u64::from(o.block_size));
    assert!(
        used.free_blocks < fresh.free_blocks - data_blocks,
        "{fresh:?} then {used:?}"
    );
    assert_eq!(used.free_inodes, fresh.free_inodes - 3);

    // What tmpfs keeps: e2fsck -fn on the image with the changes.
    let p = write_sparse(t.path(), "used.ext2", o, fs.overlay());
    assert_fsck_clean(&p);
    let cat = debugfs_file(&p, "cat /dir/moved");
    assert_eq!(cat, data);

    // Everything removed: the space comes back exactly.
    fs.unlink(d, b"moved", Time::from_secs(NOW + 4)).unwrap();
    fs.unlink(d, b"inner", Time::from_secs(NOW + 4)).unwrap();
    fs.rmdir(ROOT_INO, b"dir", Time::from_secs(NOW + 4))
        .unwrap();
    let empty = fs.statfs().unwrap();
    assert_eq!(empty, fresh);
    let (_, after) = fs.into_parts();
    let p = write_sparse(t.path(), "emptied.ext2", o, &after);
    assert_fsck_clean(&p);
    let mut img = vec![0u8; 64 << 10];
    std::fs::File::open(&p)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut img))
        .unwrap();
    check_superblock_counts(&img).unwrap();
}

#[test]
fn mounted_1k_volume_works_and_stays_clean() {
    use_volume("fmt-use-1k", &opts(1024, 4000, 64));
}

#[test]
fn mounted_4k_multi_group_volume_works_and_stays_clean() {
    use_volume("fmt-use-4k", &opts(4096, 70_000, 1000));
}

#[test]
fn a_full_volume_says_no_space_and_recovers() {
    let o = opts(1024, 200, 16);
    let mut fs = Ext2Fs::open(
        ZeroSource::new(o.volume_bytes()),
        format(&o).unwrap(),
        MountOptions::default(),
    )
    .unwrap();
    let fresh = fs.statfs().unwrap();
    let f = fs.create(ROOT_INO, b"f", &NODE).unwrap();
    let big = vec![0x5a; 300 * 1024];
    assert_eq!(
        fs.write(f, 0, &big, Time::from_secs(NOW)),
        Err(FsError::NoSpace)
    );
    // 16 inodes less the 10 reserved leave 6: f and five more.
    for i in 0..5u8 {
        fs.create(ROOT_INO, &[b'a' + i], &NODE).unwrap();
    }
    assert_eq!(fs.create(ROOT_INO, b"z", &NODE), Err(FsError::NoSpace));
    for i in 0..5u8 {
        fs.unlink(ROOT_INO, &[b'a' + i], Time::from_secs(NOW))
            .unwrap();
    }
    fs.unlink(ROOT_INO, b"f", Time::from_secs(NOW)).unwrap();
    assert_eq!(fs.statfs().unwrap(), fresh);
}
