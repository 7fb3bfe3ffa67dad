//! Model-based tests: long seeded random sequences of operations applied to
//! an image made by mke2fs and to a plain in-memory model; results and
//! contents must agree, e2fsck -fn must be clean afterwards, and debugfs
//! must see what the model sees. The same sequences run over a source that
//! answers `Pending` on first access and over injected failures, over a
//! base whose free blocks hold garbage (a freed block the overlay forgot
//! reads as the base's bytes: the file system must never read a block it
//! allocated before writing it), and over a volume made by `format` (tmpfs).
//! Freed blocks are discarded: afterwards the overlay must hold no block the
//! bitmaps call free.
//!
//! Reproduce a failure with `TABVM_FS_SEED=<seed> cargo test -p tabvm-fs --test model`.

#![allow(clippy::needless_late_init, clippy::too_many_lines)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::*;
use tabvm_fs::source::{FailEvery, FlakyOverlay, PendingOnce};
use tabvm_fs::*;

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    File(Vec<u8>),
    Dir {
        entries: BTreeMap<Vec<u8>, Ino>,
        parent: Ino,
    },
    Link(Vec<u8>),
    Fifo,
    Chr(DevNum),
}

#[derive(Clone, Debug)]
struct Node {
    kind: Kind,
    perm: u16,
    uid: u32,
}

#[derive(Clone, Debug, Default)]
struct Model {
    nodes: BTreeMap<Ino, Node>,
}

impl Model {
    fn dir(&self, d: Ino) -> &BTreeMap<Vec<u8>, Ino> {
        match &self.nodes[&d].kind {
            Kind::Dir { entries, .. } => entries,
            _ => panic!("{d} not a dir"),
        }
    }
    fn dir_mut(&mut self, d: Ino) -> &mut BTreeMap<Vec<u8>, Ino> {
        match &mut self.nodes.get_mut(&d).unwrap().kind {
            Kind::Dir { entries, .. } => entries,
            _ => panic!("{d} not a dir"),
        }
    }
    fn is_dir(&self, i: Ino) -> bool {
        matches!(self.nodes[&i].kind, Kind::Dir { .. })
    }
    fn dirs(&self) -> Vec<Ino> {
        self.nodes
            .iter()
            .filter(|(_, n)| matches!(n.kind, Kind::Dir { .. }))
            .map(|(i, _)| *i)
            .collect()
    }
    fn files(&self) -> Vec<Ino> {
        self.nodes
            .iter()
            .filter(|(_, n)| matches!(n.kind, Kind::File(_)))
            .map(|(i, _)| *i)
            .collect()
    }
    fn refs(&self, ino: Ino) -> usize {
        self.nodes
            .values()
            .filter_map(|n| {
                if let Kind::Dir { entries, .. } = &n.kind {
                    Some(entries)
                } else {
                    None
                }
            })
            .flat_map(|e| e.values())
            .filter(|&&i| i == ino)
            .count()
    }
    fn nlink(&self, ino: Ino) -> usize {
        match &self.nodes[&ino].kind {
            Kind::Dir { entries, .. } => 2 + entries.values().filter(|i| self.is_dir(**i)).count(),
            _ => self.refs(ino),
        }
    }
    fn gc(&mut self, ino: Ino) {
        if !self.is_dir(ino) && self.refs(ino) == 0 {
            self.nodes.remove(&ino);
        }
    }
    fn is_descendant(&self, d: Ino, anc: Ino) -> bool {
        let mut x = d;
        for _ in 0..10000 {
            if x == anc {
                return true;
            }
            if x == ROOT_INO {
                return false;
            }
            x = match self.nodes[&x].kind {
                Kind::Dir { parent, .. } => parent,
                _ => return false,
            };
        }
        false
    }
}

/// Object-safe view of `Ext2Fs<S, O>`.
#[allow(dead_code)]
trait AnyFs {
    fn lookup(&mut self, d: Ino, n: &[u8]) -> Result<Ino, FsError>;
    fn getattr(&mut self, i: Ino) -> Result<Metadata, FsError>;
    fn read(&mut self, i: Ino, off: u64, buf: &mut [u8]) -> Result<usize, FsError>;
    fn write(&mut self, i: Ino, off: u64, d: &[u8], now: u32) -> Result<usize, FsError>;
    fn truncate(&mut self, i: Ino, s: u64, now: u32) -> Result<(), FsError>;
    fn create(&mut self, d: Ino, n: &[u8], node: &NewNode) -> Result<Ino, FsError>;
    fn mknod(
        &mut self,
        d: Ino,
        n: &[u8],
        ft: FileType,
        dev: DevNum,
        node: &NewNode,
    ) -> Result<Ino, FsError>;
    fn mkdir(&mut self, d: Ino, n: &[u8], node: &NewNode) -> Result<Ino, FsError>;
    fn symlink(&mut self, d: Ino, n: &[u8], t: &[u8], node: &NewNode) -> Result<Ino, FsError>;
    fn readlink(&mut self, i: Ino) -> Result<Vec<u8>, FsError>;
    fn link(&mut self, i: Ino, d: Ino, n: &[u8], now: u32) -> Result<(), FsError>;
    fn unlink(&mut self, d: Ino, n: &[u8], now: u32) -> Result<(), FsError>;
    fn rmdir(&mut self, d: Ino, n: &[u8], now: u32) -> Result<(), FsError>;
    fn rename(&mut self, od: Ino, on: &[u8], nd: Ino, nn: &[u8], now: u32) -> Result<(), FsError>;
    fn setattr(&mut self, i: Ino, a: &SetAttr, now: u32) -> Result<Metadata, FsError>;
    fn readdir(&mut self, d: Ino, c: u64) -> Result<Vec<DirEntryInfo>, FsError>;
    fn statfs(&mut self) -> Result<StatFs, FsError>;
}

impl<S: BlockSource, O: OverlayStore> AnyFs for Ext2Fs<S, O> {
    fn lookup(&mut self, d: Ino, n: &[u8]) -> Result<Ino, FsError> {
        Ext2Fs::lookup(self, d, n)
    }
    fn getattr(&mut self, i: Ino) -> Result<Metadata, FsError> {
        Ext2Fs::getattr(self, i)
    }
    fn read(&mut self, i: Ino, off: u64, buf: &mut [u8]) -> Result<usize, FsError> {
        Ext2Fs::read(self, i, off, buf)
    }
    fn write(&mut self, i: Ino, off: u64, d: &[u8], now: u32) -> Result<usize, FsError> {
        Ext2Fs::write(self, i, off, d, Time::from_secs(now))
    }
    fn truncate(&mut self, i: Ino, s: u64, now: u32) -> Result<(), FsError> {
        Ext2Fs::truncate(self, i, s, Time::from_secs(now))
    }
    fn create(&mut self, d: Ino, n: &[u8], node: &NewNode) -> Result<Ino, FsError> {
        Ext2Fs::create(self, d, n, node)
    }
    fn mknod(
        &mut self,
        d: Ino,
        n: &[u8],
        ft: FileType,
        dev: DevNum,
        node: &NewNode,
    ) -> Result<Ino, FsError> {
        Ext2Fs::mknod(self, d, n, ft, dev, node)
    }
    fn mkdir(&mut self, d: Ino, n: &[u8], node: &NewNode) -> Result<Ino, FsError> {
        Ext2Fs::mkdir(self, d, n, node)
    }
    fn symlink(&mut self, d: Ino, n: &[u8], t: &[u8], node: &NewNode) -> Result<Ino, FsError> {
        Ext2Fs::symlink(self, d, n, t, node)
    }
    fn readlink(&mut self, i: Ino) -> Result<Vec<u8>, FsError> {
        Ext2Fs::readlink(self, i)
    }
    fn link(&mut self, i: Ino, d: Ino, n: &[u8], now: u32) -> Result<(), FsError> {
        Ext2Fs::link(self, i, d, n, Time::from_secs(now))
    }
    fn unlink(&mut self, d: Ino, n: &[u8], now: u32) -> Result<(), FsError> {
        Ext2Fs::unlink(self, d, n, Time::from_secs(now))
    }
    fn rmdir(&mut self, d: Ino, n: &[u8], now: u32) -> Result<(), FsError> {
        Ext2Fs::rmdir(self, d, n, Time::from_secs(now))
    }
    fn rename(&mut self, od: Ino, on: &[u8], nd: Ino, nn: &[u8], now: u32) -> Result<(), FsError> {
        Ext2Fs::rename(self, od, on, nd, nn, Time::from_secs(now))
    }
    fn setattr(&mut self, i: Ino, a: &SetAttr, now: u32) -> Result<Metadata, FsError> {
        Ext2Fs::setattr(self, i, a, Time::from_secs(now))
    }
    fn readdir(&mut self, d: Ino, c: u64) -> Result<Vec<DirEntryInfo>, FsError> {
        Ext2Fs::readdir(self, d, c)
    }
    fn statfs(&mut self) -> Result<StatFs, FsError> {
        Ext2Fs::statfs(self)
    }
}

/// How a harness retries: `Pending` always (the block is there next time),
/// `Io` only when failures are injected on purpose.
struct Harness<F> {
    fs: F,
    retry_io: bool,
    retries: u64,
}

impl<F: AnyFs> Harness<F> {
    fn run<T>(
        &mut self,
        mut f: impl FnMut(&mut dyn AnyFs) -> Result<T, FsError>,
    ) -> Result<T, FsError> {
        for _ in 0..100_000 {
            match f(&mut self.fs) {
                Err(FsError::Pending(_)) => self.retries += 1,
                Err(FsError::Io(m)) if self.retry_io && m.contains("injected") => self.retries += 1,
                r => return r,
            }
        }
        panic!("operation never completed");
    }
}

fn name(rng: &mut Rng) -> Vec<u8> {
    if rng.chance(5) {
        let len = 100 + rng.below(156) as usize;
        let mut v = vec![b'L'; len];
        v[0] = b'a' + rng.below(4) as u8;
        v
    } else {
        format!("n{}", rng.below(24)).into_bytes()
    }
}

fn pick<T: Copy>(rng: &mut Rng, v: &[T]) -> Option<T> {
    if v.is_empty() {
        None
    } else {
        Some(v[rng.below(v.len() as u64) as usize])
    }
}

fn data(rng: &mut Rng, len: usize) -> Vec<u8> {
    let seed = rng.next();
    (0..len)
        .map(|i| (seed.wrapping_add(i as u64 * 31) >> 7) as u8 | 1)
        .collect()
}

fn build_model<F: AnyFs>(h: &mut Harness<F>, m: &mut Model, dir: Ino, parent: Ino) {
    let mut entries = BTreeMap::new();
    let mut cookie = 0;
    loop {
        let es = h.run(|fs| fs.readdir(dir, cookie)).unwrap();
        let Some(last) = es.last() else { break };
        cookie = last.next;
        for e in es {
            if e.name != b"." && e.name != b".." {
                entries.insert(e.name, e.ino);
            }
        }
    }
    let md = h.run(|fs| fs.getattr(dir)).unwrap();
    let (perm, uid) = (md.mode & 0o7777, md.uid);
    m.nodes.insert(
        dir,
        Node {
            kind: Kind::Dir {
                entries: entries.clone(),
                parent,
            },
            perm,
            uid,
        },
    );
    for (_, ino) in entries {
        let md = h.run(|fs| fs.getattr(ino)).unwrap();
        assert_eq!(
            md.file_type(),
            FileType::Directory,
            "fresh image has only directories"
        );
        build_model(h, m, ino, dir);
    }
}

/// Applies `steps` random operations to both; returns on the first
/// disagreement with a message.
fn run_sequence<F: AnyFs>(
    h: &mut Harness<F>,
    m: &mut Model,
    rng: &mut Rng,
    steps: usize,
    bs: u32,
) -> Result<(), String> {
    let far = [
        64u64 << 10,
        1 << 20,
        5 << 20,
        (12 + 256 + 65536) * 1024 + 5000,
    ];
    for step in 0..steps {
        let now = 1_700_000_000 + step as u32;
        let node = NewNode {
            perm: 0o640 | rng.below(8) as u16,
            uid: rng.below(3) as u32 * 1000,
            gid: 100,
            now: Time::from_secs(now),
        };
        let dirs = m.dirs();
        let d = pick(rng, &dirs).unwrap();
        let what = rng.below(100);
        let desc;
        let ok: bool;
        match what {
            0..=14 => {
                let n = name(rng);
                desc = format!("create {d} {:?}", String::from_utf8_lossy(&n));
                let expect_exists = m.dir(d).contains_key(&n);
                let r = h.run(|fs| fs.create(d, &n, &node));
                ok = match (r, expect_exists) {
                    (Err(FsError::Exists), true) => true,
                    (Ok(ino), false) => {
                        m.dir_mut(d).insert(n, ino);
                        m.nodes.insert(
                            ino,
                            Node {
                                kind: Kind::File(vec![]),
                                perm: node.perm,
                                uid: node.uid,
                            },
                        );
                        true
                    }
                    (r, _) => return Err(format!("step {step}: {desc}: got {r:?}")),
                };
            }
            15..=39 => {
                let Some(f) = pick(rng, &m.files()) else {
                    continue;
                };
                let cur = if let Kind::File(c) = &m.nodes[&f].kind {
                    c.len() as u64
                } else {
                    0
                };
                let off = if rng.chance(4) && bs == 1024 {
                    far[rng.below(far.len() as u64) as usize]
                } else if rng.chance(50) {
                    cur
                } else {
                    rng.below(cur + 3000)
                };
                let len = if rng.chance(20) {
                    rng.below(40_000)
                } else {
                    rng.below(3000)
                } as usize;
                let buf = data(rng, len);
                desc = format!("write {f} at {off} len {len}");
                let r = h.run(|fs| fs.write(f, off, &buf, now));
                if r != Ok(len) {
                    return Err(format!("step {step}: {desc}: got {r:?}"));
                }
                if let Kind::File(c) = &mut m.nodes.get_mut(&f).unwrap().kind {
                    let end = off as usize + len;
                    if len > 0 {
                        if c.len() < end {
                            c.resize(end, 0);
                        }
                        c[off as usize..end].copy_from_slice(&buf);
                    }
                }
                ok = true;
            }
            40..=47 => {
                let Some(f) = pick(rng, &m.files()) else {
                    continue;
                };
                let cur = if let Kind::File(c) = &m.nodes[&f].kind {
                    c.len() as u64
                } else {
                    0
                };
                let size = if rng.chance(30) {
                    0
                } else if rng.chance(5) && bs == 1024 {
                    far[rng.below(4) as usize]
                } else {
                    rng.below(cur + 5000)
                };
                desc = format!("truncate {f} to {size}");
                let r = h.run(|fs| fs.truncate(f, size, now));
                if r != Ok(()) {
                    return Err(format!("step {step}: {desc}: got {r:?}"));
                }
                if let Kind::File(c) = &mut m.nodes.get_mut(&f).unwrap().kind {
                    c.resize(size as usize, 0);
                }
                ok = true;
            }
            48..=55 => {
                let n = name(rng);
                desc = format!("mkdir {d} {:?}", String::from_utf8_lossy(&n));
                let exists = m.dir(d).contains_key(&n);
                let r = h.run(|fs| fs.mkdir(d, &n, &node));
                ok = match (r, exists) {
                    (Err(FsError::Exists), true) => true,
                    (Ok(ino), false) => {
                        m.dir_mut(d).insert(n, ino);
                        m.nodes.insert(
                            ino,
                            Node {
                                kind: Kind::Dir {
                                    entries: BTreeMap::new(),
                                    parent: d,
                                },
                                perm: node.perm,
                                uid: node.uid,
                            },
                        );
                        true
                    }
                    (r, _) => return Err(format!("step {step}: {desc}: got {r:?}")),
                };
            }
            56..=62 => {
                let n = name(rng);
                let long = rng.chance(40);
                let tl = 60 + rng.below(200) as usize;
                let target = if long {
                    data(rng, tl).iter().map(|b| b'a' + b % 26).collect()
                } else {
                    format!("t/{}", rng.below(1000)).into_bytes()
                };
                desc = format!(
                    "symlink {d} {:?} len {}",
                    String::from_utf8_lossy(&n),
                    target.len()
                );
                let exists = m.dir(d).contains_key(&n);
                let r = h.run(|fs| fs.symlink(d, &n, &target, &node));
                ok = match (r, exists) {
                    (Err(FsError::Exists), true) => true,
                    (Ok(ino), false) => {
                        m.dir_mut(d).insert(n, ino);
                        m.nodes.insert(
                            ino,
                            Node {
                                kind: Kind::Link(target),
                                perm: 0o777,
                                uid: node.uid,
                            },
                        );
                        true
                    }
                    (r, _) => return Err(format!("step {step}: {desc}: got {r:?}")),
                };
            }
            63..=66 => {
                let Some(f) = pick(rng, &m.files()) else {
                    continue;
                };
                let n = name(rng);
                desc = format!("link {f} {d} {:?}", String::from_utf8_lossy(&n));
                let exists = m.dir(d).contains_key(&n);
                let r = h.run(|fs| fs.link(f, d, &n, now));
                ok = match (r, exists) {
                    (Err(FsError::Exists), true) => true,
                    (Ok(()), false) => {
                        m.dir_mut(d).insert(n, f);
                        true
                    }
                    (r, _) => return Err(format!("step {step}: {desc}: got {r:?}")),
                };
            }
            67..=74 => {
                let names: Vec<Vec<u8>> = m.dir(d).keys().cloned().collect();
                let Some(i) = pick(rng, &(0..names.len()).collect::<Vec<_>>()) else {
                    continue;
                };
                let n = names[i].clone();
                let ino = m.dir(d)[&n];
                desc = format!("unlink {d} {:?}", String::from_utf8_lossy(&n));
                let r = h.run(|fs| fs.unlink(d, &n, now));
                ok = match (r, m.is_dir(ino)) {
                    (Err(FsError::IsDir), true) => true,
                    (Ok(()), false) => {
                        m.dir_mut(d).remove(&n);
                        m.gc(ino);
                        true
                    }
                    (r, _) => return Err(format!("step {step}: {desc}: got {r:?}")),
                };
            }
            75..=80 => {
                let names: Vec<Vec<u8>> = m.dir(d).keys().cloned().collect();
                let Some(i) = pick(rng, &(0..names.len()).collect::<Vec<_>>()) else {
                    continue;
                };
                let n = names[i].clone();
                let ino = m.dir(d)[&n];
                desc = format!("rmdir {d} {:?}", String::from_utf8_lossy(&n));
                let r = h.run(|fs| fs.rmdir(d, &n, now));
                let expect = if !m.is_dir(ino) {
                    Err(FsError::NotDir)
                } else if !m.dir(ino).is_empty() {
                    Err(FsError::NotEmpty)
                } else {
                    Ok(())
                };
                if r != expect {
                    return Err(format!("step {step}: {desc}: got {r:?} want {expect:?}"));
                }
                if r.is_ok() {
                    m.dir_mut(d).remove(&n);
                    m.nodes.remove(&ino);
                }
                ok = true;
            }
            81..=92 => {
                let names: Vec<Vec<u8>> = m.dir(d).keys().cloned().collect();
                let Some(i) = pick(rng, &(0..names.len()).collect::<Vec<_>>()) else {
                    continue;
                };
                let on = names[i].clone();
                let src = m.dir(d)[&on];
                let nd = pick(rng, &dirs).unwrap();
                // Often aim at an existing name to exercise replacement.
                let existing: Vec<Vec<u8>> = m.dir(nd).keys().cloned().collect();
                let nn = if rng.chance(40) && !existing.is_empty() {
                    existing[rng.below(existing.len() as u64) as usize].clone()
                } else {
                    name(rng)
                };
                desc = format!(
                    "rename {d} {:?} -> {nd} {:?}",
                    String::from_utf8_lossy(&on),
                    String::from_utf8_lossy(&nn)
                );
                let dst = m.dir(nd).get(&nn).copied();
                let sdir = m.is_dir(src);
                let expect = if dst == Some(src) {
                    Ok(())
                } else if sdir && m.is_descendant(nd, src) {
                    Err(FsError::InvalidArgument)
                } else if let Some(t) = dst {
                    match (sdir, m.is_dir(t)) {
                        (true, false) => Err(FsError::NotDir),
                        (false, true) => Err(FsError::IsDir),
                        (true, true) if !m.dir(t).is_empty() => Err(FsError::NotEmpty),
                        _ => Ok(()),
                    }
                } else {
                    Ok(())
                };
                let r = h.run(|fs| fs.rename(d, &on, nd, &nn, now));
                if r != expect {
                    return Err(format!("step {step}: {desc}: got {r:?} want {expect:?}"));
                }
                if r.is_ok() && dst != Some(src) {
                    m.dir_mut(d).remove(&on);
                    if let Some(t) = m.dir_mut(nd).insert(nn, src) {
                        if m.is_dir(t) {
                            m.nodes.remove(&t);
                        } else {
                            m.gc(t);
                        }
                    }
                    if let Kind::Dir { parent, .. } = &mut m.nodes.get_mut(&src).unwrap().kind {
                        *parent = nd;
                    }
                }
                ok = true;
            }
            93..=96 => {
                let all: Vec<Ino> = m
                    .nodes
                    .keys()
                    .copied()
                    .filter(|i| !matches!(m.nodes[i].kind, Kind::Link(_)))
                    .collect();
                let i = pick(rng, &all).unwrap();
                let perm = rng.below(0o7777) as u16;
                let uid = if rng.chance(30) {
                    Some(rng.below(70000) as u32)
                } else {
                    None
                };
                desc = format!("chmod {i} {perm:o} chown {uid:?}");
                let r = h.run(|fs| {
                    fs.setattr(
                        i,
                        &SetAttr {
                            perm: Some(perm),
                            uid,
                            ..SetAttr::default()
                        },
                        now,
                    )
                });
                let node = m.nodes.get_mut(&i).unwrap();
                node.perm = perm;
                if let Some(u) = uid {
                    node.uid = u;
                }
                if r.map(|md| (md.mode & 0o7777, md.uid)) != Ok((perm, node.uid)) {
                    return Err(format!("step {step}: {desc}"));
                }
                ok = true;
            }
            _ => {
                let n = name(rng);
                let chr = rng.chance(50);
                let dev = DevNum {
                    major: rng.below(300) as u32,
                    minor: rng.below(70000) as u32,
                };
                desc = format!("mknod {d} {:?}", String::from_utf8_lossy(&n));
                let exists = m.dir(d).contains_key(&n);
                let ft = if chr {
                    FileType::CharDevice
                } else {
                    FileType::Fifo
                };
                let r = h.run(|fs| fs.mknod(d, &n, ft, dev, &node));
                ok = match (r, exists) {
                    (Err(FsError::Exists), true) => true,
                    (Ok(ino), false) => {
                        m.dir_mut(d).insert(n, ino);
                        m.nodes.insert(
                            ino,
                            Node {
                                kind: if chr { Kind::Chr(dev) } else { Kind::Fifo },
                                perm: node.perm,
                                uid: node.uid,
                            },
                        );
                        true
                    }
                    (r, _) => return Err(format!("step {step}: {desc}: got {r:?}")),
                };
            }
        }
        assert!(ok);
    }
    Ok(())
}

/// Compares the file system with the model, walking from the root.
fn compare<F: AnyFs>(h: &mut Harness<F>, m: &Model) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![ROOT_INO];
    while let Some(d) = stack.pop() {
        let mut got = BTreeMap::new();
        let mut cookie = 0;
        loop {
            let es = h
                .run(|fs| fs.readdir(d, cookie))
                .map_err(|e| format!("readdir {d}: {e}"))?;
            let Some(last) = es.last() else { break };
            cookie = last.next;
            for e in es {
                got.insert(e.name, (e.ino, e.file_type));
            }
        }
        let Kind::Dir { entries, parent } = &m.nodes[&d].kind else {
            unreachable!()
        };
        if got.remove(b".".as_slice()).map(|x| x.0) != Some(d)
            || got.remove(b"..".as_slice()).map(|x| x.0) != Some(*parent)
        {
            return Err(format!("dir {d}: bad . or .."));
        }
        let names: BTreeMap<Vec<u8>, Ino> = got.iter().map(|(n, (i, _))| (n.clone(), *i)).collect();
        if &names != entries {
            return Err(format!(
                "dir {d}: entries {:?} want {:?}",
                names
                    .keys()
                    .map(|k| String::from_utf8_lossy(k).into_owned())
                    .collect::<Vec<_>>(),
                entries
                    .keys()
                    .map(|k| String::from_utf8_lossy(k).into_owned())
                    .collect::<Vec<_>>()
            ));
        }
        for (n, (ino, ft)) in &got {
            let md = h.run(|fs| fs.getattr(*ino)).map_err(|e| e.to_string())?;
            if *ft != FileType::Unknown && md.file_type() != *ft {
                return Err(format!(
                    "{n:?}: entry type {ft:?} inode type {:?}",
                    md.file_type()
                ));
            }
            if md.nlink as usize != m.nlink(*ino) {
                return Err(format!(
                    "inode {ino}: nlink {} want {}",
                    md.nlink,
                    m.nlink(*ino)
                ));
            }
            let node = &m.nodes[ino];
            if md.mode & 0o7777 != node.perm {
                return Err(format!(
                    "inode {ino}: perm {:o} want {:o}",
                    md.mode & 0o7777,
                    node.perm
                ));
            }
            if md.uid != node.uid {
                return Err(format!("inode {ino}: uid {} want {}", md.uid, node.uid));
            }
            if !seen.insert(*ino) {
                continue;
            }
            match &node.kind {
                Kind::Dir { .. } => stack.push(*ino),
                Kind::File(c) => {
                    if md.size != c.len() as u64 {
                        return Err(format!("inode {ino}: size {} want {}", md.size, c.len()));
                    }
                    let mut buf = vec![0u8; c.len() + 1];
                    let mut done = 0;
                    while done < buf.len() {
                        let n = h
                            .run(|fs| {
                                fs.read(
                                    *ino,
                                    done as u64,
                                    &mut buf[done..(done + 65536).min(c.len() + 1)],
                                )
                            })
                            .map_err(|e| e.to_string())?;
                        if n == 0 {
                            break;
                        }
                        done += n;
                    }
                    if done != c.len() || buf[..done] != c[..] {
                        return Err(format!("inode {ino}: contents differ"));
                    }
                }
                Kind::Link(t) => {
                    if &h.run(|fs| fs.readlink(*ino)).map_err(|e| e.to_string())? != t {
                        return Err(format!("inode {ino}: symlink target differs"));
                    }
                }
                Kind::Chr(dev) => {
                    if md.rdev != *dev || md.file_type() != FileType::CharDevice {
                        return Err(format!("inode {ino}: device {:?} want {dev:?}", md.rdev));
                    }
                }
                Kind::Fifo => {
                    if md.file_type() != FileType::Fifo {
                        return Err(format!("inode {ino}: not a fifo"));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Checks with debugfs' rdump that Linux's tools see the model's tree.
fn compare_rdump(dir: &Path, image: &[u8], m: &Model) -> Result<(), String> {
    let out = dir.join("rdump");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let p = dir.join("dump.ext2");
    std::fs::write(&p, image).unwrap();
    debugfs_file(&p, &format!("rdump / {}", out.display()));
    fn walk(m: &Model, d: Ino, path: &Path, fspath: &str, img: &Path) -> Result<(), String> {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::MetadataExt;
        let Kind::Dir { entries, .. } = &m.nodes[&d].kind else {
            unreachable!()
        };
        let on_disk: BTreeSet<Vec<u8>> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().file_name().as_bytes().to_vec())
            .collect();
        for (n, ino) in entries {
            let p = path.join(std::ffi::OsStr::from_bytes(n));
            let fsp = format!("{fspath}/{}", String::from_utf8_lossy(n));
            let node = &m.nodes[ino];
            match &node.kind {
                Kind::Dir { .. } => walk(m, *ino, &p, &fsp, img)?,
                Kind::File(c) => {
                    if std::fs::read(&p)
                        .map_err(|e| format!("debugfs lost {}: {e}", p.display()))?
                        != *c
                    {
                        return Err(format!("debugfs sees other bytes in {}", p.display()));
                    }
                }
                Kind::Link(t) => {
                    if std::fs::read_link(&p)
                        .map_err(|e| e.to_string())?
                        .as_os_str()
                        .as_bytes()
                        != &t[..]
                    {
                        return Err(format!("debugfs sees another target for {}", p.display()));
                    }
                }
                Kind::Fifo | Kind::Chr(_) => {
                    // rdump skips special files: ask debugfs stat.
                    let st =
                        String::from_utf8_lossy(&debugfs_file(img, &format!("stat \"{fsp}\"")))
                            .into_owned();
                    let want = match &node.kind {
                        Kind::Chr(dev) => {
                            let nums = st
                                .split("number: ")
                                .nth(1)
                                .and_then(|r| r.split_whitespace().next())
                                .unwrap_or("");
                            if nums
                                .split(':')
                                .map(|x| x.parse::<u32>().unwrap_or(u32::MAX))
                                .collect::<Vec<_>>()
                                != [dev.major, dev.minor]
                            {
                                return Err(format!(
                                    "debugfs sees device {nums} for {fsp}, want {dev:?}"
                                ));
                            }
                            "Type: character special"
                        }
                        _ => "Type: FIFO",
                    };
                    let field = |k: &str| {
                        st.split(k)
                            .nth(1)
                            .and_then(|r| r.split_whitespace().next())
                            .unwrap_or("")
                            .to_string()
                    };
                    let mode = u16::from_str_radix(&field("Mode:"), 8).ok();
                    let uid = field("User:").parse::<u32>().ok();
                    if !st.contains(want) || mode != Some(node.perm) || uid != Some(node.uid) {
                        return Err(format!(
                            "debugfs stat {fsp}: want {want}, mode {:04o}, uid {}:\n{st}",
                            node.perm, node.uid
                        ));
                    }
                    continue;
                }
            }
            if !matches!(node.kind, Kind::Link(_)) {
                // rdump's chown clears set-id bits: compare rwx and owner.
                let st = std::fs::symlink_metadata(&p).map_err(|e| e.to_string())?;
                if st.mode() & 0o777 != u32::from(node.perm & 0o777) || st.uid() != node.uid {
                    return Err(format!(
                        "debugfs sees mode {:o} uid {} for {fsp}, want {:o} {}",
                        st.mode() & 0o777,
                        st.uid(),
                        node.perm & 0o777,
                        node.uid
                    ));
                }
            }
            if !on_disk.contains(n) {
                return Err(format!("missing {}", p.display()));
            }
        }
        Ok(())
    }
    let r = walk(m, ROOT_INO, &out, "", &p);
    let _ = std::fs::remove_dir_all(&out);
    r
}

#[derive(Clone, Copy, Debug)]
enum Faults {
    None,
    Pending,
    Failures,
}

fn seed() -> u64 {
    std::env::var("TABVM_FS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_0001)
}

fn check_config(bs: u32, rev: u32, faults: Faults, steps: usize, seed: u64) {
    check_config_with(bs, rev, &[], faults, steps, seed);
}

/// What the volume starts as.
#[derive(Clone, Copy, Debug)]
enum Base {
    /// mke2fs's image as made (its free blocks are zeros).
    Mkfs,
    /// mke2fs's image with garbage in every free block.
    Stale,
    /// An empty volume made by `format`, all in the overlay, over zeros.
    Format,
}

fn check_config_with(bs: u32, rev: u32, extra: &[&str], faults: Faults, steps: usize, seed: u64) {
    check_config_base(bs, rev, extra, Base::Mkfs, faults, steps, seed);
}

fn check_config_base(
    bs: u32,
    rev: u32,
    extra: &[&str],
    base: Base,
    faults: Faults,
    steps: usize,
    seed: u64,
) {
    let t = TempDir::new(&format!("model-{bs}-{rev}"));
    let size_kib = if bs == 1024 { 24 * 1024 } else { 48 * 1024 };
    let (image, first_overlay) = match base {
        Base::Mkfs => (
            mkfs(t.path(), bs, rev, size_kib, extra, None),
            MemOverlay::default(),
        ),
        Base::Stale => {
            let mut image = mkfs(t.path(), bs, rev, size_kib, extra, None);
            assert!(fill_free_blocks(&mut image) > 1000);
            (image, MemOverlay::default())
        }
        Base::Format => {
            assert_eq!((rev, extra), (1, &[][..]), "format makes rev 1 volumes");
            let o = FormatOptions {
                block_size: bs,
                blocks: size_kib / (bs / 1024),
                inodes: 4096,
                root_mode: 0o1777,
                root_uid: 0,
                root_gid: 0,
                now: 1_700_000_000,
                uuid: [7; 16],
                label: [0; 16],
            };
            (
                vec![0; o.volume_bytes() as usize],
                format(&o).expect("format"),
            )
        }
    };
    let overlay_blocks;
    let mut rng = Rng(seed ^ u64::from(bs) << 32 ^ u64::from(rev) << 40);
    let ctx = format!(
        "bs {bs} rev {rev} {base:?} mke2fs {extra:?} faults {faults:?} seed {seed} (rerun: TABVM_FS_SEED={seed})"
    );
    let opts = MountOptions {
        read_only: false,
        cache_bytes: 256 << 10,
    };
    let mut m = Model::default();
    match faults {
        Faults::None => {
            let fs = Ext2Fs::open(MemSource::new(image.clone()), first_overlay, opts).unwrap();
            let mut h = Harness {
                fs,
                retry_io: false,
                retries: 0,
            };
            build_model(&mut h, &mut m, ROOT_INO, ROOT_INO);
            run_sequence(&mut h, &mut m, &mut rng, steps, bs)
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            compare(&mut h, &m).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            overlay_blocks = h.fs.overlay().clone();
        }
        Faults::Pending => {
            let src = PendingOnce::new(MemSource::new(image.clone()), 1024);
            let mut fs = Ext2Fs::new(src, first_overlay, opts);
            let mut tries = 0;
            while let Err(MountError::Pending(_)) = fs.mount() {
                tries += 1;
                assert!(tries < 100);
            }
            let mut h = Harness {
                fs,
                retry_io: false,
                retries: 0,
            };
            build_model(&mut h, &mut m, ROOT_INO, ROOT_INO);
            run_sequence(&mut h, &mut m, &mut rng, steps, bs)
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            compare(&mut h, &m).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert!(h.retries > 10, "{ctx}: the Pending path was not exercised");
            overlay_blocks = h.fs.overlay().clone();
        }
        Faults::Failures => {
            let flaky = || {
                let mut o = FlakyOverlay::new(5);
                o.inner = first_overlay.clone();
                o
            };
            let src = FailEvery::new(MemSource::new(image.clone()), 7);
            let fs = Ext2Fs::open(src, flaky(), opts)
                .or_else(|_| {
                    Ext2Fs::open(
                        FailEvery::new(MemSource::new(image.clone()), 7),
                        flaky(),
                        opts,
                    )
                })
                .unwrap();
            let mut h = Harness {
                fs,
                retry_io: true,
                retries: 0,
            };
            build_model(&mut h, &mut m, ROOT_INO, ROOT_INO);
            run_sequence(&mut h, &mut m, &mut rng, steps, bs)
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            compare(&mut h, &m).unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert!(h.retries > 10, "{ctx}: the failure path was not exercised");
            overlay_blocks = h.fs.overlay().inner.clone();
        }
    }
    let mut out = image.clone();
    overlay_blocks.apply_to(&mut out, bs);
    let (clean, text) = fsck(t.path(), &out);
    assert!(clean, "{ctx}: e2fsck -fn is not clean:\n{text}");
    check_superblock_counts(&out).unwrap_or_else(|e| panic!("{ctx}: {e}"));
    check_overlay_holds_only_used_blocks(&out, &overlay_blocks)
        .unwrap_or_else(|e| panic!("{ctx}: {e}"));
    compare_rdump(t.path(), &out, &m).unwrap_or_else(|e| panic!("{ctx}: {e}"));
    // The result mounts again from base + overlay and still matches.
    let fs = Ext2Fs::open(MemSource::new(image), overlay_blocks, opts).unwrap();
    let mut h = Harness {
        fs,
        retry_io: false,
        retries: 0,
    };
    compare(&mut h, &m).unwrap_or_else(|e| panic!("{ctx}: after remount: {e}"));
}

#[test]
fn model_1k_rev1() {
    check_config(1024, 1, Faults::None, 1500, seed());
}

#[test]
fn model_1k_rev0() {
    check_config(1024, 0, Faults::None, 800, seed());
}

#[test]
fn model_2k_rev1() {
    check_config(2048, 1, Faults::None, 800, seed());
}

#[test]
fn model_4k_rev1() {
    check_config(4096, 1, Faults::None, 1500, seed());
}

#[test]
fn model_4k_rev0() {
    check_config(4096, 0, Faults::None, 600, seed());
}

#[test]
fn model_pending_on_first_access() {
    check_config(1024, 1, Faults::Pending, 600, seed().wrapping_add(1));
    check_config(4096, 1, Faults::Pending, 400, seed().wrapping_add(2));
}

#[test]
fn model_injected_failures() {
    check_config(1024, 1, Faults::Failures, 600, seed().wrapping_add(3));
    check_config(2048, 0, Faults::Failures, 400, seed().wrapping_add(4));
}

#[test]
fn model_more_seeds() {
    for s in 10..14u64 {
        check_config(
            [1024, 2048, 4096][(s % 3) as usize],
            (s % 2) as u32,
            Faults::None,
            400,
            seed().wrapping_add(s),
        );
    }
}

/// Many small groups: allocation crosses groups, directories spread
/// (Orlov), and free counts stay exact in every descriptor.
#[test]
fn model_many_groups() {
    check_config_with(
        1024,
        1,
        &["-g", "1024", "-N", "4096"],
        Faults::None,
        1200,
        seed().wrapping_add(20),
    );
    check_config_with(
        4096,
        1,
        &["-g", "4096"],
        Faults::None,
        800,
        seed().wrapping_add(21),
    );
}

/// Images made with other mke2fs options.
#[test]
fn model_other_mke2fs_options() {
    check_config_with(
        1024,
        1,
        &["-I", "128", "-O", "^sparse_super,^resize_inode"],
        Faults::None,
        500,
        seed().wrapping_add(22),
    );
    check_config_with(
        2048,
        1,
        &["-O", "^resize_inode,^dir_index,^ext_attr", "-m", "0"],
        Faults::None,
        500,
        seed().wrapping_add(23),
    );
    check_config_with(
        1024,
        1,
        &["-O", "^filetype", "-g", "2048"],
        Faults::None,
        500,
        seed().wrapping_add(24),
    );
    check_config_with(
        4096,
        1,
        &["-I", "1024", "-i", "65536"],
        Faults::None,
        500,
        seed().wrapping_add(25),
    );
}

/// A base whose free blocks hold garbage: blocks the overlay forgets after a
/// free read as that garbage, so every allocated block must be written
/// (zeros at least) before it is read; the sequences reuse freed blocks
/// constantly (truncate, unlink, rename over a file, rmdir).
#[test]
fn model_stale_base() {
    check_config_base(
        1024,
        1,
        &[],
        Base::Stale,
        Faults::None,
        1200,
        seed().wrapping_add(30),
    );
    check_config_base(
        4096,
        1,
        &[],
        Base::Stale,
        Faults::Pending,
        600,
        seed().wrapping_add(31),
    );
    check_config_base(
        2048,
        0,
        &[],
        Base::Stale,
        Faults::Failures,
        400,
        seed().wrapping_add(32),
    );
}

/// tmpfs: a volume made by `format` over zeros, discards on. (No
/// `Pending` run: nearly every block read is one the overlay holds, so the
/// zero base is hardly ever asked.)
#[test]
fn model_tmpfs_format() {
    check_config_base(
        1024,
        1,
        &[],
        Base::Format,
        Faults::None,
        1200,
        seed().wrapping_add(40),
    );
    check_config_base(
        4096,
        1,
        &[],
        Base::Format,
        Faults::None,
        600,
        seed().wrapping_add(41),
    );
    check_config_base(
        2048,
        1,
        &[],
        Base::Format,
        Faults::Failures,
        400,
        seed().wrapping_add(42),
    );
}
