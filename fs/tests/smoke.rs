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
