mod common;
use common::*;
use tabvm_fs::*;

#[test]
fn read_populated_image() {
    let t = TempDir::new("smoke");
    let src = t.path().join("src");
    std::fs::create_dir_all(src.join("d/e")).unwrap();
    std::fs::write(src.join("hello"), b"hello world\n").unwrap();
    let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(src.join("d/big"), &big).unwrap();
    std::os::unix::fs::symlink("hello", src.join("link")).unwrap();
    for bs in [1024, 2048, 4096] {
        for rev in [0, 1] {
            let img = mkfs(t.path(), bs, rev, 8192, &[], Some(&src));
            let mut fs = Ext2Fs::open(
                MemSource::new(img),
                MemOverlay::default(),
                MountOptions::default(),
            )
            .unwrap();
            let h = fs.lookup(ROOT_INO, b"hello").unwrap();
            let mut buf = [0u8; 64];
            let n = fs.read(h, 0, &mut buf).unwrap();
            assert_eq!(&buf[..n], b"hello world\n");
            let d = fs.lookup(ROOT_INO, b"d").unwrap();
            let b = fs.lookup(d, b"big").unwrap();
            let mut got = vec![0u8; big.len() + 10];
            let n = fs.read(b, 0, &mut got).unwrap();
            assert_eq!(&got[..n], &big[..]);
            let l = fs.lookup(ROOT_INO, b"link").unwrap();
            assert_eq!(fs.readlink(l).unwrap(), b"hello");
            let names: Vec<Vec<u8>> = fs
                .readdir(ROOT_INO, 0)
                .unwrap()
                .into_iter()
                .map(|e| e.name)
                .collect();
            assert!(names.contains(&b"d".to_vec()), "{bs} {rev}");
        }
    }
}

/// The browser's path: the image chunked, mounted through `ChunkedSource`
/// with a host loop that answers fetch requests, then written to.
#[test]
fn mount_and_write_over_chunked_source() {
    use tabvm_fs::chunk::{ChunkedSource, Compression, chunk_bytes};
    let t = TempDir::new("chunked");
    let src = t.path().join("src");
    std::fs::create_dir_all(src.join("etc")).unwrap();
    std::fs::write(src.join("etc/motd"), b"welcome\n").unwrap();
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 249) as u8).collect();
    std::fs::write(src.join("big"), &big).unwrap();
    let img = mkfs(t.path(), 4096, 1, 16384, &[], Some(&src));
    let (manifest, files) = chunk_bytes(&img, 64 << 10, Compression::Deflate);
    let server: std::collections::HashMap<String, Vec<u8>> =
        files.into_iter().map(|f| (f.name, f.bytes)).collect();
    let mut fs = Ext2Fs::new(
        ChunkedSource::new(manifest, 64),
        MemOverlay::default(),
        MountOptions::default(),
    );
    // The host loop: serve every request, then retry.
    fn serve(
        fs: &mut Ext2Fs<ChunkedSource, MemOverlay>,
        server: &std::collections::HashMap<String, Vec<u8>>,
    ) -> usize {
        let reqs = fs.source_mut().take_requests();
        for r in &reqs {
            fs.source_mut().supply(r.index, &server[&r.name]).unwrap();
        }
        reqs.len()
    }
    let mut pendings = 0;
    loop {
        match fs.mount() {
            Ok(()) => break,
            Err(MountError::Pending(_)) => {
                pendings += 1;
                assert!(serve(&mut fs, &server) > 0, "Pending without a request");
            }
            Err(e) => panic!("{e}"),
        }
    }
    macro_rules! retry {
        ($e:expr) => {{
            let mut n = 0;
            loop {
                match $e {
                    Err(FsError::Pending(_)) => {
                        pendings += 1;
                        n += 1;
                        assert!(n < 100 && serve(&mut fs, &server) > 0);
                    }
                    r => break r,
                }
            }
        }};
    }
    let etc = retry!(fs.lookup(ROOT_INO, b"etc")).unwrap();
    let motd = retry!(fs.lookup(etc, b"motd")).unwrap();
    let mut buf = [0u8; 32];
    let n = retry!(fs.read(motd, 0, &mut buf)).unwrap();
    assert_eq!(&buf[..n], b"welcome\n");
    let b = retry!(fs.lookup(ROOT_INO, b"big")).unwrap();
    let mut got = vec![0u8; big.len()];
    let n = retry!(fs.read(b, 0, &mut got)).unwrap();
    assert_eq!(n, big.len());
    assert!(got == big);
    let node = NewNode {
        perm: 0o600,
        uid: 1,
        gid: 1,
        now: Time::from_secs(1_700_000_000),
    };
    let f = retry!(fs.create(etc, b"new", &node)).unwrap();
    retry!(fs.write(f, 0, b"persisted", Time::from_secs(1))).unwrap();
    assert!(pendings > 3);
    // The overlay alone, over the same base, reproduces the change.
    let overlay = fs.into_parts().1;
    assert!(overlay.commits >= 2);
    let mut fs2 = Ext2Fs::open(
        MemSource::new(img.clone()),
        overlay,
        MountOptions::default(),
    )
    .unwrap();
    let etc2 = fs2.lookup(ROOT_INO, b"etc").unwrap();
    let f2 = fs2.lookup(etc2, b"new").unwrap();
    let n = fs2.read(f2, 0, &mut buf).unwrap();
    assert_eq!(&buf[..n], b"persisted");
}

/// `tabvm run --write`: committed blocks land in the image file itself.
#[test]
fn write_back_into_the_image_file() {
    use tabvm_fs::native::{FileSource, FileWriteBack};
    let t = TempDir::new("writeback");
    let img = mkfs(t.path(), 1024, 1, 4096, &[], None);
    let p = t.path().join("wb.ext2");
    std::fs::write(&p, &img).unwrap();
    {
        let mut fs = Ext2Fs::open(
            FileSource::open(&p).unwrap(),
            FileWriteBack::open(&p, 1).unwrap(),
            MountOptions::default(),
        )
        .unwrap();
        let node = NewNode {
            perm: 0o644,
            uid: 0,
            gid: 0,
            now: Time::from_secs(1_700_000_000),
        };
        let d = fs.mkdir(ROOT_INO, b"dir", &node).unwrap();
        let f = fs.create(d, b"file", &node).unwrap();
        fs.write(f, 0, &[b'z'; 5000], Time::from_secs(2)).unwrap();
        // Reads see the written-back blocks through the same file.
        let mut b = [0u8; 3];
        assert_eq!(fs.read(f, 4997, &mut b).unwrap(), 3);
        assert_eq!(&b, b"zzz");
    }
    let after = std::fs::read(&p).unwrap();
    let (clean, text) = fsck(t.path(), &after);
    assert!(clean, "{text}");
    assert_eq!(debugfs(t.path(), &after, "cat /dir/file"), vec![b'z'; 5000]);
}

/// A cold read of a large file asks for all its chunks in one round.
#[test]
fn cold_read_requests_all_chunks_at_once() {
    use tabvm_fs::chunk::{ChunkedSource, Compression, chunk_bytes};
    let t = TempDir::new("coldread");
    let src = t.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let big: Vec<u8> = (0..1_000_000u32).map(|i| (i % 247) as u8 | 1).collect();
    std::fs::write(src.join("big"), &big).unwrap();
    let img = mkfs(t.path(), 4096, 1, 16384, &[], Some(&src));
    let (manifest, files) = chunk_bytes(&img, 64 << 10, Compression::None);
    let server: std::collections::HashMap<String, Vec<u8>> =
        files.into_iter().map(|f| (f.name, f.bytes)).collect();
    // Serve everything but the data of "big" up front.
    let mut fs = Ext2Fs::open(
        MemSource::new(img.clone()),
        MemOverlay::default(),
        MountOptions::default(),
    )
    .unwrap();
    let b = fs.lookup(ROOT_INO, b"big").unwrap();
    let mut cs = ChunkedSource::new(manifest, 1024);
    let mut rounds = 0;
    let mut fs2 = loop {
        let mut f = Ext2Fs::new(cs, MemOverlay::default(), MountOptions::default());
        match f.mount() {
            Ok(()) => break f,
            Err(MountError::Pending(_)) => {
                for r in f.source_mut().take_requests() {
                    f.source_mut().supply(r.index, &server[&r.name]).unwrap();
                }
                cs = f.into_parts().0;
            }
            Err(e) => panic!("{e}"),
        }
    };
    let _ = fs.getattr(b).unwrap();
    let mut got = vec![0u8; big.len()];
    let mut max_batch = 0;
    loop {
        match fs2.read(b, 0, &mut got) {
            Ok(n) => {
                assert_eq!(n, big.len());
                break;
            }
            Err(FsError::Pending(_)) => {
                rounds += 1;
                let reqs = fs2.source_mut().take_requests();
                max_batch = max_batch.max(reqs.len());
                for r in reqs {
                    fs2.source_mut().supply(r.index, &server[&r.name]).unwrap();
                }
            }
            Err(e) => panic!("{e}"),
        }
        assert!(rounds < 20);
    }
    assert!(got == big);
    // ~1 MB of data in 64 KiB chunks: one round for the inode and indirect
    // block, one for (nearly) all the data.
    assert!(
        max_batch >= 12,
        "largest batch {max_batch}: chunks were requested one by one"
    );
    assert!(rounds <= 4, "{rounds} rounds");
}
