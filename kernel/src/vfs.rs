//! The virtual file system: the ext2 disk and path resolution. Open files
//! are in [`crate::file`].

use crate::abi::errno::Errno;
use crate::error::{SysErr, SysResult};
use tabvm_fs::{BlockSource, Ext2Fs, FileType, Ino, OverlayStore, ROOT_INO};

/// The machine's disk: ext2 over any base-image source and overlay store.
pub type Disk = Ext2Fs<Box<dyn BlockSource>, Box<dyn OverlayStore>>;

/// Symbolic links followed in one path walk before ELOOP (Linux's 40).
const MAX_SYMLINKS: u32 = 40;
/// Longest path accepted (`PATH_MAX`).
pub const PATH_MAX: usize = 4096;

/// The result of walking a path up to its last component.
pub struct Parent {
    pub dir: Ino,
    /// The last component (empty for `/`).
    pub name: Vec<u8>,
}

/// Walks `path` from `start` (or from `/` if absolute) and returns the inode
/// it names; `follow` says whether a final symlink is followed.
pub fn lookup(disk: &mut Disk, start: Ino, path: &[u8], follow: bool) -> SysResult<Ino> {
    let mut links = 0;
    walk(disk, start, path, follow, &mut links)
}

/// Walks all but the last component of `path`: the directory that holds (or
/// would hold) the last one, and its name.
pub fn lookup_parent(disk: &mut Disk, start: Ino, path: &[u8]) -> SysResult<Parent> {
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
    let mut links = 0;
    let dir = if dir_part.is_empty() {
        start
    } else {
        walk(disk, start, dir_part, true, &mut links)?
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

fn walk(disk: &mut Disk, start: Ino, path: &[u8], follow: bool, links: &mut u32) -> SysResult<Ino> {
    if path.is_empty() {
        return Err(Errno::ENOENT.into());
    }
    if path.len() > PATH_MAX {
        return Err(Errno::ENAMETOOLONG.into());
    }
    let mut current = if path[0] == b'/' { ROOT_INO } else { start };
    let must_be_dir = path.ends_with(b"/");
    let parts: Vec<&[u8]> = path
        .split(|b| *b == b'/')
        .filter(|p| !p.is_empty() && *p != b".")
        .collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let meta = disk.getattr(current)?;
        if meta.file_type() != FileType::Directory {
            return Err(Errno::ENOTDIR.into());
        }
        if part.len() > tabvm_fs::NAME_MAX {
            return Err(Errno::ENAMETOOLONG.into());
        }
        let next = if *part == b".." && current == ROOT_INO {
            ROOT_INO
        } else {
            disk.lookup(current, part)?
        };
        let next_meta = disk.getattr(next)?;
        if next_meta.file_type() == FileType::Symlink && (!last || follow || must_be_dir) {
            *links += 1;
            if *links > MAX_SYMLINKS {
                return Err(Errno::ELOOP.into());
            }
            let target = disk.readlink(next)?;
            current = walk(disk, current, &target, true, links)?;
        } else {
            current = next;
        }
    }
    if must_be_dir && disk.getattr(current)?.file_type() != FileType::Directory {
        return Err(Errno::ENOTDIR.into());
    }
    Ok(current)
}

/// The absolute path of directory `dir`, found by walking `..` up to `/`
/// and looking each directory up in its parent (as `getcwd` does on a file
/// system without a dentry cache).
pub fn dir_path(disk: &mut Disk, dir: Ino) -> SysResult<Vec<u8>> {
    let mut names: Vec<Vec<u8>> = Vec::new();
    let mut current = dir;
    // A directory tree deeper than this is a loop in a corrupt image.
    for _ in 0..PATH_MAX {
        if current == ROOT_INO {
            let mut path = Vec::new();
            for name in names.iter().rev() {
                path.push(b'/');
                path.extend_from_slice(name);
            }
            if path.is_empty() {
                path.push(b'/');
            }
            return Ok(path);
        }
        let parent = disk.lookup(current, b"..")?;
        let mut cookie = 0;
        let name = 'search: loop {
            let entries = disk.readdir(parent, cookie)?;
            if entries.is_empty() {
                // Unlinked while we were in it.
                return Err(Errno::ENOENT.into());
            }
            for entry in entries {
                cookie = entry.next;
                if entry.ino == current && entry.name != b"." && entry.name != b".." {
                    break 'search entry.name;
                }
            }
        };
        names.push(name);
        current = parent;
    }
    Err(SysErr::Errno(Errno::ELOOP))
}
