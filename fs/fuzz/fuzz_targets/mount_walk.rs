//! Mount the input as an ext2 image, walk it, write a little, walk again:
//! never a panic, never a hang.

#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use tabvm_fs::{BlockSource, Ext2Fs, FileType, MemOverlay, MemSource, MountOptions, NewNode, OverlayStore, ROOT_INO, Time};

fn walk<S: BlockSource, O: OverlayStore>(fs: &mut Ext2Fs<S, O>) {
    let mut seen = BTreeSet::new();
    let mut stack = vec![ROOT_INO];
    let mut buf = vec![0u8; 8192];
    while let Some(d) = stack.pop() {
        if !seen.insert(d) || seen.len() > 256 {
            continue;
        }
        let mut cookie = 0;
        for _ in 0..256 {
            let Ok(es) = fs.readdir(d, cookie) else { break };
            let Some(last) = es.last() else { break };
            assert!(last.next > cookie);
            cookie = last.next;
            for e in es {
                let _ = fs.lookup(d, &e.name);
                match fs.getattr(e.ino) {
                    Ok(md) if md.file_type() == FileType::Directory => stack.push(e.ino),
                    Ok(md) if md.file_type() == FileType::Symlink => {
                        let _ = fs.readlink(e.ino);
                    }
                    Ok(md) => {
                        let mut off = 0;
                        while off < md.size.min(1 << 20) {
                            match fs.read(e.ino, off, &mut buf) {
                                Ok(n) if n > 0 => off += n as u64,
                                _ => break,
                            }
                        }
                    }
                    Err(_) => {}
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let opts = MountOptions { read_only: false, cache_bytes: 1 << 20 };
    let Ok(mut fs) = Ext2Fs::open(MemSource::new(data.to_vec()), MemOverlay::default(), opts) else { return };
    walk(&mut fs);
    let node = NewNode { perm: 0o644, uid: 0, gid: 0, now: Time::new(1_700_000_000, 5) };
    if let Ok(f) = fs.create(ROOT_INO, b"fuzz", &node) {
        let _ = fs.write(f, 3000, b"data", Time::from_secs(1));
        let _ = fs.truncate(f, 1, Time::from_secs(2));
    }
    let _ = fs.mkdir(ROOT_INO, b"fuzzdir", &node);
    let _ = fs.rename(ROOT_INO, b"fuzz", ROOT_INO, b"fuzzdir", Time::from_secs(3));
    let _ = fs.unlink(ROOT_INO, b"fuzz", Time::from_secs(4));
    let _ = fs.rmdir(ROOT_INO, b"fuzzdir", Time::from_secs(5));
    walk(&mut fs);
});
