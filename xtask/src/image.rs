//! `cargo xtask image`: builds the default Debian i386 image from the recipe
//! in `image/`, cached outside the repository by the recipe's hash.
//!
//! The steps: debootstrap (minbase + `image/packages.txt`) into a tree, copy
//! `image/examples` to `/home/user/examples`, run `image/customize.sh` in a
//! chroot, strip files that differ run to run, pin every timestamp, and turn
//! the tree into an ext2 rev 1 image with 4 KiB blocks (`mke2fs -d`) with a
//! fixed UUID and hash seed. The tree is kept beside the image: the
//! differential tests compile their reference programs inside it.

use crate::util::{Result, Run, cache_dir, files_below, repo_root, sha256_hex, step};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bump when the build steps below change in a way that changes the image.
const BUILDER_VERSION: &str = "4";

/// A built image and the tree it was made from.
pub struct Image {
    pub path: PathBuf,
    pub tree: PathBuf,
}

/// `image/recipe.conf`: `key = value` lines.
struct Recipe {
    suite: String,
    mirror: String,
    epoch: u64,
    uuid: String,
    hash_seed: String,
    free_mib: u64,
    packages: Vec<String>,
}

impl Recipe {
    fn load(dir: &Path) -> Result<Self> {
        let conf = read(&dir.join("recipe.conf"))?;
        let mut values = BTreeMap::new();
        for line in conf
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let (key, value) = line
                .split_once('=')
                .ok_or_else(|| format!("image/recipe.conf: `{line}` is not `key = value`"))?;
            values.insert(key.trim().to_owned(), value.trim().to_owned());
        }
        let get = |key: &str| {
            values
                .get(key)
                .cloned()
                .ok_or_else(|| format!("image/recipe.conf: `{key}` is missing"))
        };
        let number = |key: &str| {
            get(key)?
                .parse::<u64>()
                .map_err(|e| format!("image/recipe.conf: `{key}`: {e}"))
        };
        let packages = read(&dir.join("packages.txt"))?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        Ok(Self {
            suite: get("suite")?,
            mirror: get("mirror")?,
            epoch: number("epoch")?,
            uuid: get("uuid")?,
            hash_seed: get("hash_seed")?,
            free_mib: number("free_mib")?,
            packages,
        })
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

/// The cache key: a hash of every file in `image/` and of the builder version.
fn recipe_key(dir: &Path) -> Result<String> {
    let mut all = format!("builder {BUILDER_VERSION}\n").into_bytes();
    for file in files_below(dir)? {
        let bytes = std::fs::read(dir.join(&file))
            .map_err(|e| format!("reading {}: {e}", file.display()))?;
        all.extend_from_slice(format!("{} {}\n", file.display(), sha256_hex(&bytes)).as_bytes());
    }
    Ok(sha256_hex(&all)[..16].to_owned())
}

/// Builds the image unless the cache has it; returns where it is.
pub fn run() -> Result<Image> {
    let recipe_dir = repo_root().join("image");
    let key = recipe_key(&recipe_dir)?;
    let out = cache_dir()?.join("image").join(&key);
    let image = Image {
        path: out.join("rootfs.ext2"),
        tree: out.join("tree"),
    };
    if out.join("complete").is_file() {
        step("image", &format!("cache hit for recipe {key}"));
        return Ok(image);
    }
    let recipe = Recipe::load(&recipe_dir)?;
    step(
        "image",
        &format!("building recipe {key} into {}", out.display()),
    );
    if out.exists() {
        step("image", "removing an unfinished earlier build");
        Run::privileged("rm").arg("-rf").arg(&out).status()?;
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;

    step(
        "image",
        "[1/5] debootstrap (downloads about 300 MB the first time)",
    );
    let debs = cache_dir()?.join("debs");
    std::fs::create_dir_all(&debs).map_err(|e| format!("creating {}: {e}", debs.display()))?;
    Run::privileged("debootstrap")
        .args(["--arch=i386", "--variant=minbase"])
        .arg(format!("--cache-dir={}", debs.display()))
        .arg(format!("--include={}", recipe.packages.join(",")))
        .args([&recipe.suite])
        .arg(&image.tree)
        .arg(&recipe.mirror)
        .status()?;

    step("image", "[2/5] examples and customize.sh");
    customize(&recipe_dir, &image.tree)?;

    step(
        "image",
        "[3/5] removing run-to-run differences, pinning timestamps",
    );
    normalize(&image.tree, recipe.epoch)?;

    step("image", "[4/5] mke2fs -t ext2 -d");
    make_ext2(&recipe, &image)?;

    step("image", "[5/5] e2fsck -fn");
    Run::new("e2fsck").args(["-fn"]).arg(&image.path).output()?;

    std::fs::write(out.join("complete"), &key).map_err(|e| format!("writing stamp: {e}"))?;
    step("image", &format!("done: {}", image.path.display()));
    Ok(image)
}

fn customize(recipe_dir: &Path, tree: &Path) -> Result {
    Run::privileged("cp")
        .arg("-r")
        .arg(recipe_dir.join("examples"))
        .arg(tree.join("tmp/tabvm-examples"))
        .status()?;
    Run::privileged("cp")
        .arg(recipe_dir.join("customize.sh"))
        .arg(tree.join("tmp/customize.sh"))
        .status()?;
    Run::privileged("chroot")
        .arg(tree)
        .args(["/bin/sh", "-eu", "/tmp/customize.sh"])
        .status()?;
    Run::privileged("rm")
        .arg(tree.join("tmp/customize.sh"))
        .status()
}

fn normalize(tree: &Path, epoch: u64) -> Result {
    // Caches, logs and lists that record when and where the build ran.
    for pattern in [
        "var/cache/apt/*.bin",
        "var/cache/debconf/*-old",
        "var/lib/apt/lists/*_*",
        "var/log/*.log",
        "var/log/apt/*",
        "var/lib/dpkg/*-old",
        "etc/*-",
        "etc/ssh/ssh_host_*",
        "root/.bash_history",
        "var/cache/ldconfig/aux-cache",
    ] {
        Run::privileged("sh")
            .arg("-c")
            .arg(format!("rm -f {}/{pattern}", tree.display()))
            .status()?;
    }
    let pin = || {
        Run::privileged("sh")
            .arg("-c")
            .arg(format!(
                "find {} -depth -exec touch --no-dereference --date=@{epoch} {{}} +",
                tree.display()
            ))
            .status()
    };
    pin()?;
    // Each compiled Python module records its source's mtime, which the
    // pinning just changed: stale, every one would be compiled again at
    // each import (25 s for `import flask` under the interpreter), and
    // its new copy would only reach the user's overlay. Compiled again
    // here against the pinned times, then pinned themselves.
    Run::privileged("chroot")
        .arg(tree)
        .args(["/usr/bin/env", "PYTHONHASHSEED=0", "/usr/bin/python3", "-c"])
        .arg(RECOMPILE_PYC)
        .status()?;
    pin()
}

/// Recompiles every `__pycache__/*.pyc` under /usr whose source is there,
/// at its optimization level, with timestamp invalidation (Debian's
/// default; `SOURCE_DATE_EPOCH` would otherwise switch py_compile to
/// hashes).
const RECOMPILE_PYC: &str = r#"
import pathlib, py_compile, re, sys
mode = py_compile.PycInvalidationMode.TIMESTAMP
done = failed = 0
for pyc in sorted(pathlib.Path("/usr").rglob("__pycache__/*.pyc")):
    m = re.fullmatch(r"(.+)\.cpython-\d+(?:\.opt-([12]))?\.pyc", pyc.name)
    source = pyc.parent.parent / (m.group(1) + ".py") if m else None
    if source is None or not source.is_file():
        continue
    optimize = int(m.group(2) or 0)
    try:
        py_compile.compile(str(source), cfile=str(pyc), optimize=optimize,
                           invalidation_mode=mode, doraise=True)
        done += 1
    except py_compile.PyCompileError:
        failed += 1
print(f"recompiled {done} Python modules against the pinned times ({failed} failed)")
"#;

fn make_ext2(recipe: &Recipe, image: &Image) -> Result {
    let used = Run::privileged("du")
        .args(["-s", "--block-size=1"])
        .arg(&image.tree)
        .output()?;
    let used: u64 = used
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("cannot read the size of {}", image.tree.display()))?;
    // ext2 metadata (inode tables, bitmaps, indirect blocks) on top of the
    // data is well under 10%; round the total to 64 MiB.
    let mib = (used / 10 * 11) / (1 << 20) + recipe.free_mib;
    let mib = mib.div_ceil(64) * 64;
    let tmp = image.path.with_extension("ext2.tmp");
    Run::privileged("mke2fs")
        .args([
            "-q", "-F", "-t", "ext2", "-r", "1", "-b", "4096", "-m", "0", "-L", "tabvm", "-U",
        ])
        .arg(&recipe.uuid)
        .arg("-E")
        .arg(format!("hash_seed={},root_owner=0:0", recipe.hash_seed))
        .arg("-d")
        .arg(&image.tree)
        .arg(&tmp)
        .arg(format!("{mib}M"))
        .env("E2FSPROGS_FAKE_TIME", recipe.epoch.to_string())
        .env("SOURCE_DATE_EPOCH", recipe.epoch.to_string())
        .status()?;
    pin_inode_times(&tmp, recipe.epoch)
        .map_err(|e| format!("pinning inode times in {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &image.path).map_err(|e| format!("renaming the image into place: {e}"))
}

/// `mke2fs -d` copies each inode's times from the tree, where no system
/// call can set a ctime and any read moves an atime, so the inode tables are
/// rewritten here: every used inode's `i_atime`, `i_ctime` and `i_mtime`
/// become `epoch`. Offsets from the ext2 documentation (superblock at byte
/// 1024; group descriptors in the block after it; inode fields `i_atime`,
/// `i_ctime`, `i_mtime` at bytes 8, 12 and 16).
fn pin_inode_times(image: &Path, epoch: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom, Write};
    let le32 = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(image)?;
    let mut sb = [0u8; 1024];
    file.seek(SeekFrom::Start(1024))?;
    file.read_exact(&mut sb)?;
    let inodes_count = le32(&sb, 0);
    let blocks_count = le32(&sb, 4);
    let first_data_block = le32(&sb, 20);
    let block_size = 1024u64 << le32(&sb, 24);
    let blocks_per_group = le32(&sb, 32);
    let inodes_per_group = le32(&sb, 40);
    let inode_size = if le32(&sb, 76) == 0 {
        128
    } else {
        u64::from(u16::from_le_bytes([sb[88], sb[89]]))
    };
    let groups = (blocks_count - first_data_block).div_ceil(blocks_per_group);
    debug_assert_eq!(inodes_count, groups * inodes_per_group);
    let mut descriptors = vec![0u8; groups as usize * 32];
    file.seek(SeekFrom::Start(
        u64::from(first_data_block + 1) * block_size,
    ))?;
    file.read_exact(&mut descriptors)?;
    let time = u32::try_from(epoch).unwrap_or(u32::MAX).to_le_bytes();
    let mut table = vec![0u8; (u64::from(inodes_per_group) * inode_size) as usize];
    for group in descriptors.chunks_exact(32) {
        let at = u64::from(le32(group, 8)) * block_size;
        file.seek(SeekFrom::Start(at))?;
        file.read_exact(&mut table)?;
        for inode in table.chunks_exact_mut(inode_size as usize) {
            if inode[..2] != [0, 0] {
                for field in [8, 12, 16] {
                    inode[field..field + 4].copy_from_slice(&time);
                }
            }
        }
        file.seek(SeekFrom::Start(at))?;
        file.write_all(&table)?;
    }
    file.sync_all()
}
