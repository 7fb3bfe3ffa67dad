//! fsbench: native file-system throughput, one result per line as
//! `name<TAB>value<TAB>unit` (wired into `cargo xtask bench`).
//!
//! * `fs_seq_read`: sequential 128 KiB reads of a 256 MiB file from an
//!   image file (FileSource; the host page cache is warm).
//! * `fs_create_small` / `fs_delete_small`: creating (with 200 bytes of
//!   data) and unlinking 4000 files spread over 16 directories, in memory.
//!
//! Needs `mke2fs` (e2fsprogs). Usage: `cargo run --release -p tabvm-fs --example fsbench`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tabvm_fs::native::FileSource;
use tabvm_fs::{Ext2Fs, MemOverlay, MemSource, MountOptions, NewNode, ROOT_INO, Time};

fn mke2fs(path: &Path, size: &str) {
    let tool = ["/usr/sbin/mke2fs", "/sbin/mke2fs"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            eprintln!("fsbench: mke2fs not found: install e2fsprogs");
            std::process::exit(2);
        });
    let st = Command::new(tool)
        .args(["-q", "-F", "-t", "ext2", "-b", "4096"])
        .arg(path)
        .arg(size)
        .env("MKE2FS_CONFIG", "/dev/null")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("running mke2fs");
    assert!(st.success(), "mke2fs failed");
}

fn main() {
    let dir = std::env::temp_dir().join(format!("tabvm-fsbench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let img_path = dir.join("bench.ext2");
    let node = NewNode {
        perm: 0o644,
        uid: 0,
        gid: 0,
        now: Time::from_secs(1_700_000_000),
    };

    // Sequential read.
    mke2fs(&img_path, "400M");
    let image = std::fs::read(&img_path).expect("reading the image");
    let mut fs = Ext2Fs::open(
        MemSource::new(image),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .expect("mount");
    let f = fs.create(ROOT_INO, b"big", &node).expect("create");
    let chunk: Vec<u8> = (0..1 << 20).map(|i: u32| (i % 251) as u8).collect();
    let total: u64 = 256 << 20;
    for i in 0..(total >> 20) {
        fs.write(f, i << 20, &chunk, Time::from_secs(1))
            .expect("write");
    }
    let bs = fs.block_size();
    let (src, overlay) = fs.into_parts();
    let mut image = src.bytes;
    overlay.apply_to(&mut image, bs);
    std::fs::write(&img_path, &image).expect("writing the image");
    drop(image);
    let mut fs = Ext2Fs::open(
        FileSource::open(&img_path).expect("open"),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .expect("mount");
    let f = fs.lookup(ROOT_INO, b"big").expect("lookup");
    let mut buf = vec![0u8; 128 << 10];
    let t = Instant::now();
    let mut off = 0u64;
    loop {
        let n = fs.read(f, off, &mut buf).expect("read");
        if n == 0 {
            break;
        }
        off += n as u64;
    }
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(off, total);
    println!("fs_seq_read\t{:.1}\tMB/s", total as f64 / 1e6 / secs);
    drop(fs);

    // Small files.
    mke2fs(&img_path, "64M");
    let image = std::fs::read(&img_path).expect("reading the image");
    let mut fs = Ext2Fs::open(
        MemSource::new(image),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .expect("mount");
    let dirs: Vec<u32> = (0..16)
        .map(|i| {
            fs.mkdir(ROOT_INO, format!("d{i}").as_bytes(), &node)
                .expect("mkdir")
        })
        .collect();
    let n = 4000;
    let data = [b'x'; 200];
    let t = Instant::now();
    for i in 0..n {
        let d = dirs[i % dirs.len()];
        let ino = fs
            .create(d, format!("file{i:05}").as_bytes(), &node)
            .expect("create");
        fs.write(ino, 0, &data, Time::from_secs(2)).expect("write");
    }
    println!(
        "fs_create_small\t{:.0}\tfiles/s",
        n as f64 / t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    for i in 0..n {
        fs.unlink(
            dirs[i % dirs.len()],
            format!("file{i:05}").as_bytes(),
            Time::from_secs(3),
        )
        .expect("unlink");
    }
    println!(
        "fs_delete_small\t{:.0}\tfiles/s",
        n as f64 / t.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
