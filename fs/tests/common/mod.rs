//! Helpers for the integration tests: images made by the host's mke2fs,
//! checked with e2fsck and debugfs (e2fsprogs 1.47).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("tabvm-fs-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Finds an e2fsprogs tool (they live in /sbin, often not on PATH).
pub fn tool(name: &str) -> PathBuf {
    for d in ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] {
        let p = Path::new(d).join(name);
        if p.exists() {
            return p;
        }
    }
    panic!("{name} not found: install e2fsprogs (apt-get install e2fsprogs)");
}

/// Makes an ext2 image of `size_kib` KiB with `mke2fs`, block size `bs`,
/// revision `rev`, populated from `from` if given; returns its bytes.
pub fn mkfs(
    dir: &Path,
    bs: u32,
    rev: u32,
    size_kib: u32,
    extra: &[&str],
    from: Option<&Path>,
) -> Vec<u8> {
    let img = dir.join(format!("img-{bs}-{rev}.ext2"));
    let _ = std::fs::remove_file(&img);
    let mut c = Command::new(tool("mke2fs"));
    c.args([
        "-q",
        "-F",
        "-t",
        "ext2",
        "-b",
        &bs.to_string(),
        "-r",
        &rev.to_string(),
    ]);
    c.env("MKE2FS_CONFIG", "/dev/null")
        .env("E2FSPROGS_FAKE_TIME", "1700000000");
    if rev == 0 {
        c.args(["-O", "none"]);
    } else {
        // What `mke2fs -t ext2` enables with the stock mke2fs.conf.
        c.args([
            "-O",
            "sparse_super,large_file,filetype,resize_inode,dir_index,ext_attr",
            "-I",
            "256",
        ]);
    }
    c.args(extra);
    if let Some(f) = from {
        c.arg("-d").arg(f);
    }
    c.arg(&img).arg(format!("{size_kib}k"));
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "mke2fs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&img).unwrap()
}

/// Runs `e2fsck -fn` on `image`; returns (clean, output).
pub fn fsck(dir: &Path, image: &[u8]) -> (bool, String) {
    let p = dir.join("check.ext2");
    std::fs::write(&p, image).unwrap();
    fsck_file(&p)
}

/// Runs `e2fsck -fn` on the image file `p`: clean?, and what it said.
pub fn fsck_file(p: &Path) -> (bool, String) {
    let out = Command::new(tool("e2fsck"))
        .arg("-fn")
        .arg(p)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code() == Some(0), text)
}

/// Runs `debugfs -R cmd` on `image` (written to `dir/dbg.ext2`); stdout.
pub fn debugfs(dir: &Path, image: &[u8], cmd: &str) -> Vec<u8> {
    let p = dir.join("dbg.ext2");
    std::fs::write(&p, image).unwrap();
    debugfs_file(&p, cmd)
}

pub fn debugfs_file(p: &Path, cmd: &str) -> Vec<u8> {
    let out = Command::new(tool("debugfs"))
        .arg("-R")
        .arg(cmd)
        .arg(p)
        .output()
        .unwrap();
    out.stdout
}

/// A small deterministic PRNG (xorshift64*), seeded per test.
#[derive(Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// e2fsck silently refreshes the superblock's free counts from the group
/// descriptors (the kernel keeps them lazily), so `e2fsck -fn` cannot see a
/// wrong superblock count: check that it equals the sum over the groups
/// (whose own counts e2fsck's pass 5 does check).
pub fn check_superblock_counts(image: &[u8]) -> Result<(), String> {
    use tabvm_fs::layout::{GroupDesc, Superblock};
    let sb = Superblock::new_checked(&image[1024..2048]).map_err(|_| "short image".to_string())?;
    let bs = sb.block_size().ok_or("bad block size")? as usize;
    let groups =
        (sb.blocks_count() - sb.first_data_block()).div_ceil(sb.blocks_per_group()) as usize;
    let gdt = (sb.first_data_block() as usize + 1) * bs;
    let (mut fb, mut fi) = (0u32, 0u32);
    for g in 0..groups {
        let gd = GroupDesc::new_checked(&image[gdt + 32 * g..gdt + 32 * g + 32])
            .map_err(|_| "short gdt".to_string())?;
        fb += u32::from(gd.free_blocks_count());
        fi += u32::from(gd.free_inodes_count());
    }
    if (fb, fi) != (sb.free_blocks_count(), sb.free_inodes_count()) {
        return Err(format!(
            "superblock free counts {}/{} but the groups sum to {fb}/{fi}",
            sb.free_blocks_count(),
            sb.free_inodes_count()
        ));
    }
    Ok(())
}

/// For every block of `image`, whether its group's block bitmap marks it in
/// use (blocks before `s_first_data_block`, the 1 KiB boot block, count as
/// in use).
pub fn blocks_in_use(image: &[u8]) -> Vec<bool> {
    use tabvm_fs::layout::{GroupDesc, Superblock};
    let sb = Superblock::new_checked(&image[1024..2048]).unwrap();
    let bs = sb.block_size().unwrap() as usize;
    let fdb = sb.first_data_block() as usize;
    let bpg = sb.blocks_per_group() as usize;
    let count = sb.blocks_count() as usize;
    let groups = (count - fdb).div_ceil(bpg);
    let gdt = (fdb + 1) * bs;
    let mut used = vec![true; count];
    for g in 0..groups {
        let gd = GroupDesc::new_checked(&image[gdt + 32 * g..gdt + 32 * g + 32]).unwrap();
        let bm = &image[gd.block_bitmap() as usize * bs..][..bs];
        for bit in 0..bpg.min(count - fdb - g * bpg) {
            used[fdb + g * bpg + bit] = bm[bit / 8] & (1 << (bit % 8)) != 0;
        }
    }
    used
}

/// Fills every free block of `image` with non-zero garbage, as a real
/// image's free blocks may hold deleted files: a file system that reads a
/// block it allocated before writing it then shows the garbage. Returns
/// how many blocks were filled.
pub fn fill_free_blocks(image: &mut [u8]) -> usize {
    let bs = tabvm_fs::layout::Superblock::new_checked(&image[1024..2048])
        .unwrap()
        .block_size()
        .unwrap() as usize;
    let used = blocks_in_use(image);
    let mut n = 0;
    for (b, _) in used.iter().enumerate().filter(|(_, u)| !**u) {
        for (i, x) in image[b * bs..(b + 1) * bs].iter_mut().enumerate() {
            *x = (0xA5 ^ (b as u8) ^ (i as u8).rotate_left(3)) | 0x40;
        }
        n += 1;
    }
    n
}

/// Checks that `overlay` holds no block that `image` (the base with the
/// overlay applied) marks free: every freed block was discarded.
pub fn check_overlay_holds_only_used_blocks(
    image: &[u8],
    overlay: &tabvm_fs::MemOverlay,
) -> Result<(), String> {
    let used = blocks_in_use(image);
    let stray: Vec<u64> = overlay
        .blocks
        .keys()
        .copied()
        .filter(|&b| !used.get(b as usize).copied().unwrap_or(false))
        .collect();
    if stray.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the overlay still holds {} free block(s) (not discarded), e.g. {:?}",
            stray.len(),
            &stray[..stray.len().min(8)]
        ))
    }
}

/// Writes a formatted volume (zeros plus `overlay`) to `dir/name` as a
/// sparse file, so multi-group volumes cost no memory; returns its path.
pub fn write_sparse(
    dir: &Path,
    name: &str,
    o: &tabvm_fs::FormatOptions,
    overlay: &tabvm_fs::MemOverlay,
) -> PathBuf {
    use std::io::{Seek, SeekFrom, Write};
    let p = dir.join(name);
    let mut f = std::fs::File::create(&p).unwrap();
    f.set_len(o.volume_bytes()).unwrap();
    for (b, data) in &overlay.blocks {
        f.seek(SeekFrom::Start(b * u64::from(o.block_size)))
            .unwrap();
        f.write_all(data).unwrap();
    }
    p
}
