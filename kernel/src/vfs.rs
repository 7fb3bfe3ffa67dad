//! The virtual file system: path resolution over the mounted file systems
//! ([`crate::mounts`]) and the synthetic trees, and holds on inodes. Open
//! files are in [`crate::file`].

use crate::Kernel;
use crate::abi::errno::Errno;
use crate::error::{SysErr, SysResult};
use crate::proc::ProcNode;
use crate::task::Pid;
use std::cell::RefCell;
use std::rc::Rc;
use tabvm_fs::FileType;

pub use crate::mounts::{Disk, Fid, Mounts};

/// Symbolic links followed in one path walk before ELOOP (Linux's 40).
const MAX_SYMLINKS: u32 = 40;
/// Longest path accepted (`PATH_MAX`).
pub const PATH_MAX: usize = 4096;

/// A hold on a disk inode: while any exists (an open file, a mapping), an
/// unlinked inode stays readable (POSIX). The last one to go unpins it,
/// through the kernel's release queue ([`release_inodes`]): a `Drop` cannot
/// reach the disk.
#[derive(Debug)]
pub struct InodeRef {
    pub ino: Fid,
    released: Rc<RefCell<Vec<Fid>>>,
}

impl PartialEq for InodeRef {
    fn eq(&self, other: &Self) -> bool {
        self.ino == other.ino
    }
}

impl Eq for InodeRef {}

impl Drop for InodeRef {
    fn drop(&mut self) {
        self.released.borrow_mut().push(self.ino);
    }
}

/// Takes a hold on `ino`, pinning it in the file system on the first.
pub fn hold(k: &mut Kernel, ino: Fid) -> Rc<InodeRef> {
    let count = k.holds.entry(ino).or_insert(0);
    *count += 1;
    if *count == 1 {
        k.fs.pin(ino);
    }
    Rc::new(InodeRef {
        ino,
        released: Rc::clone(&k.released),
    })
}

/// Ends the holds dropped since the last call: an inode whose last hold
/// went is unpinned (and freed if unlinked; its cached pages go too).
/// An unpin that needs a disk block not yet fetched is retried later.
pub fn release_inodes(k: &mut Kernel) {
    let released = std::mem::take(&mut *k.released.borrow_mut());
    let mut retry = Vec::new();
    for ino in released {
        let Some(count) = k.holds.get_mut(&ino) else {
            continue;
        };
        *count -= 1;
        if *count > 0 {
            continue;
        }
        k.holds.remove(&ino);
        let now = k.now_time();
        if k.fs.unpin(ino, now).is_ok() {
            if k.fs.getattr(ino).is_err_and(|_| true)
                || k.fs.getattr(ino).is_ok_and(|m| m.nlink == 0)
            {
                k.cache.invalidate(&mut k.mem, ino);
            }
        } else {
            // Still pinned by the file system: count the hold again, retry.
            *k.holds.entry(ino).or_insert(0) += 1;
            retry.push(ino);
        }
    }
    k.released.borrow_mut().extend(retry);
}

/// Where a path can lead: an inode of a mounted file system, or a node of
/// `/proc`, `/sys` or `/dev/pts`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Disk(Fid),
    Proc(ProcNode),
    /// `/dev/pts` (`crate::devpts`).
    Pts(crate::devpts::PtsNode),
    /// An open file without an inode (a pipe, a socket, an eventfd...),
    /// reached through `/proc/<pid>/fd/<fd>`: descriptor `fd` of `pid`.
    Open(Pid, u32),
}

impl Node {
    /// The inode, for operations only real file systems support (creating,
    /// removing, renaming): the synthetic trees refuse them with EACCES.
    pub fn disk(self) -> SysResult<Fid> {
        match self {
            Node::Disk(ino) => Ok(ino),
            Node::Proc(_) | Node::Pts(_) | Node::Open(..) => Err(Errno::EACCES.into()),
        }
    }
}

/// The result of walking a path up to its last component.
pub struct Parent {
    pub dir: Fid,
    /// The last component (empty for `/`).
    pub name: Vec<u8>,
}

/// A tree of nodes the path walker can move through.
trait Tree {
    fn child(&mut self, dir: Node, name: &[u8]) -> SysResult<Node>;
    fn file_type(&mut self, node: Node) -> SysResult<FileType>;
    fn link_target(&mut self, node: Node) -> SysResult<Vec<u8>>;
    /// Where a "magic" link leads without reading its text (Linux's
    /// `nd_jump_link`): `/proc/<pid>/fd/<n>` and `/proc/<pid>/cwd` go to
    /// the object itself, so a deleted file, a pipe or a socket is reached.
    fn jump(&mut self, _node: Node) -> SysResult<Option<Node>> {
        Ok(None)
    }
}

/// The mounted file systems alone, without the synthetic trees.
struct DiskTree<'a>(&'a mut Mounts);

impl Tree for DiskTree<'_> {
    fn child(&mut self, dir: Node, name: &[u8]) -> SysResult<Node> {
        Ok(Node::Disk(self.0.lookup(dir.disk()?, name)?))
    }
    fn file_type(&mut self, node: Node) -> SysResult<FileType> {
        Ok(self.0.getattr(node.disk()?)?.file_type())
    }
    fn link_target(&mut self, node: Node) -> SysResult<Vec<u8>> {
        Ok(self.0.readlink(node.disk()?)?)
    }
}

/// Everything a process sees: the disk with `/proc` and `/sys` mounted.
struct FullTree<'a> {
    k: &'a mut Kernel,
    tid: Pid,
}

impl Tree for FullTree<'_> {
    fn child(&mut self, dir: Node, name: &[u8]) -> SysResult<Node> {
        match dir {
            Node::Disk(Fid::ROOT) => match crate::proc::mount_root(name) {
                Some(root) => Ok(Node::Proc(root)),
                None => DiskTree(&mut self.k.fs).child(dir, name),
            },
            Node::Disk(ino) if name == b"pts" && crate::devpts::is_dev_dir(self.k, ino) => {
                Ok(Node::Pts(crate::devpts::PtsNode::Root))
            }
            Node::Disk(_) => DiskTree(&mut self.k.fs).child(dir, name),
            Node::Pts(node) => match crate::devpts::lookup(self.k, node, name)? {
                Some(p) => Ok(Node::Pts(p)),
                None => Ok(Node::Disk(self.k.fs.lookup(Fid::ROOT, b"dev")?)),
            },
            Node::Proc(node) => {
                Ok(crate::proc::lookup(self.k, node, name)?
                    .map_or(Node::Disk(Fid::ROOT), Node::Proc))
            }
            Node::Open(..) => Err(Errno::ENOTDIR.into()),
        }
    }
    fn file_type(&mut self, node: Node) -> SysResult<FileType> {
        match node {
            Node::Disk(_) => DiskTree(&mut self.k.fs).file_type(node),
            Node::Proc(p) => Ok(crate::proc::metadata(p).file_type()),
            Node::Pts(p) => Ok(crate::devpts::metadata(p).file_type()),
            Node::Open(pid, fd) => {
                let ops = crate::proc::fd_ops(self.k, pid, fd)?;
                Ok(ops.stat(self.k)?.file_type())
            }
        }
    }
    fn link_target(&mut self, node: Node) -> SysResult<Vec<u8>> {
        match node {
            Node::Disk(_) => DiskTree(&mut self.k.fs).link_target(node),
            Node::Proc(p) => crate::proc::readlink(self.k, self.tid, p),
            Node::Pts(_) | Node::Open(..) => Err(Errno::EINVAL.into()),
        }
    }

    fn jump(&mut self, node: Node) -> SysResult<Option<Node>> {
        match node {
            Node::Proc(ProcNode::Fd(pid, fd)) => {
                let ops = crate::proc::fd_ops(self.k, pid, fd)?;
                Ok(Some(match (ops.inode(), ops.dir_node()) {
                    (_, Some(dir)) => dir,
                    (Some((fid, _)), None) => Node::Disk(fid),
                    (None, None) => Node::Open(pid, fd),
                }))
            }
            Node::Proc(ProcNode::Cwd(pid)) => Ok(Some(self.k.task(pid)?.fs.borrow().cwd)),
            _ => Ok(None),
        }
    }
}

/// Walks `path` on the mounted file systems alone from `start` (or `/` if
/// absolute); the last symlink is followed if `follow`.
pub fn lookup(disk: &mut Mounts, start: Fid, path: &[u8], follow: bool) -> SysResult<Fid> {
    walk(
        &mut DiskTree(disk),
        Node::Disk(start),
        path,
        follow,
        &mut 0,
        &mut None,
    )?
    .disk()
}

/// Walks `path` as process `tid` sees the file tree (the disk, `/proc`,
/// `/sys`) from `start`.
pub fn resolve(
    k: &mut Kernel,
    tid: Pid,
    start: Node,
    path: &[u8],
    follow: bool,
) -> SysResult<Node> {
    walk(
        &mut FullTree { k, tid },
        start,
        path,
        follow,
        &mut 0,
        &mut None,
    )
}

/// [`resolve`], also giving the absolute path of what it reached with every
/// symlink, `.` and `..` resolved: the path Linux's `d_path` shows for an
/// open file (`/proc/<pid>/fd`, `maps`, `exe`). `start_path` is the absolute
/// path of `start` (for a relative `path`); the path is `None` when that is
/// unknown or the walk crossed a magic link.
pub fn resolve_with_path(
    k: &mut Kernel,
    tid: Pid,
    start: Node,
    start_path: Option<&[u8]>,
    path: &[u8],
    follow: bool,
) -> SysResult<(Node, Option<Vec<u8>>)> {
    let mut trail = if path.starts_with(b"/") {
        Some(Vec::new())
    } else {
        start_path.map(|p| {
            p.split(|b| *b == b'/')
                .filter(|c| !c.is_empty())
                .map(<[u8]>::to_vec)
                .collect()
        })
    };
    let node = walk(
        &mut FullTree { k, tid },
        start,
        path,
        follow,
        &mut 0,
        &mut trail,
    )?;
    Ok((node, trail.map(|names: Vec<Vec<u8>>| join_path(&names))))
}

/// `/a/b/c` from `[a, b, c]` (`/` from none).
fn join_path(names: &[Vec<u8>]) -> Vec<u8> {
    let mut path = Vec::new();
    for name in names {
        path.push(b'/');
        path.extend_from_slice(name);
    }
    if path.is_empty() {
        path.push(b'/');
    }
    path
}

/// Walks all but the last component of `path` on the mounted file systems:
/// the directory that holds (or would hold) the last one, and its name.
pub fn lookup_parent(disk: &mut Mounts, start: Fid, path: &[u8]) -> SysResult<Parent> {
    if path.is_empty() {
        return Err(Errno::ENOENT.into());
    }
    if path.len() > PATH_MAX {
        return Err(Errno::ENAMETOOLONG.into());
    }
    let trimmed = trim_trailing_slashes(path);
    let (dir_part, name) = match trimmed.iter().rposition(|b| *b == b'/') {
        Some(i) => (&trimmed[..=i], &trimmed[i + 1..]),
        None => (&b""[..], trimmed),
    };
    let dir = if dir_part.is_empty() {
        start
    } else {
        lookup(disk, start, dir_part, true)?
    };
    if disk.getattr(dir)?.file_type() != FileType::Directory {
        return Err(Errno::ENOTDIR.into());
    }
    Ok(Parent {
        dir,
        name: name.to_vec(),
    })
}

fn trim_trailing_slashes(path: &[u8]) -> &[u8] {
    let mut end = path.len();
    while end > 1 && path[end - 1] == b'/' {
        end -= 1;
    }
    &path[..end]
}

/// Walks `path` from `start`. `trail`, if known, holds the names from `/`
/// to `start` and is kept to the names from `/` to the node reached.
fn walk(
    tree: &mut impl Tree,
    start: Node,
    path: &[u8],
    follow: bool,
    links: &mut u32,
    trail: &mut Option<Vec<Vec<u8>>>,
) -> SysResult<Node> {
    if path.is_empty() {
        return Err(Errno::ENOENT.into());
    }
    if path.len() > PATH_MAX {
        return Err(Errno::ENAMETOOLONG.into());
    }
    let mut current = if path[0] == b'/' {
        if let Some(names) = trail {
            names.clear();
        }
        Node::Disk(Fid::ROOT)
    } else {
        start
    };
    let must_be_dir = path.ends_with(b"/");
    let parts: Vec<&[u8]> = path
        .split(|b| *b == b'/')
        .filter(|p| !p.is_empty() && *p != b".")
        .collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if tree.file_type(current)? != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        if part.len() > tabvm_fs::NAME_MAX {
            return Err(Errno::ENAMETOOLONG.into());
        }
        let next = tree.child(current, part)?;
        let following = !last || follow || must_be_dir;
        if following && let Some(object) = tree.jump(next)? {
            current = object;
            *trail = None;
        } else if tree.file_type(next)? == FileType::Symlink && following {
            *links += 1;
            if *links > MAX_SYMLINKS {
                return Err(Errno::ELOOP.into());
            }
            let target = tree.link_target(next)?;
            current = walk(tree, current, &target, true, links, trail)?;
        } else {
            current = next;
            if let Some(names) = trail {
                if *part == b".." {
                    names.pop();
                } else {
                    names.push(part.to_vec());
                }
            }
        }
    }
    if must_be_dir && tree.file_type(current)? != FileType::Directory {
        return Err(Errno::ENOTDIR.into());
    }
    Ok(current)
}

/// The absolute path of a directory node (`getcwd`, `/proc/<pid>/cwd`).
pub fn node_path(k: &mut Kernel, node: Node) -> SysResult<Vec<u8>> {
    match node {
        Node::Disk(ino) => dir_path(&mut k.fs, ino),
        Node::Proc(p) => Ok(crate::proc::path(p)),
        Node::Pts(p) => Ok(crate::devpts::path(p)),
        Node::Open(..) => Err(Errno::ENOTDIR.into()),
    }
}

/// The absolute path of directory `dir`, found by walking `..` up to `/`
/// and looking each directory up in its parent (as `getcwd` does on a file
/// system without a dentry cache).
pub fn dir_path(disk: &mut Mounts, dir: Fid) -> SysResult<Vec<u8>> {
    let mut names: Vec<Vec<u8>> = Vec::new();
    let mut current = dir;
    // A directory tree deeper than this is a loop in a corrupt image.
    for _ in 0..PATH_MAX {
        if current == Fid::ROOT {
            names.reverse();
            return Ok(join_path(&names));
        }
        let parent = disk.lookup(current, b"..")?;
        // A mounted root is listed in its parent as the directory it covers.
        let here = disk.covered(current);
        let mut cookie = 0;
        let name = 'search: loop {
            let entries = disk.readdir(parent, cookie)?;
            if entries.is_empty() {
                // Unlinked while we were in it.
                return Err(Errno::ENOENT.into());
            }
            for entry in entries {
                cookie = entry.next;
                if entry.ino == here.ino && entry.name != b"." && entry.name != b".." {
                    break 'search entry.name;
                }
            }
        };
        names.push(name);
        current = parent;
    }
    Err(SysErr::Errno(Errno::ELOOP))
}
