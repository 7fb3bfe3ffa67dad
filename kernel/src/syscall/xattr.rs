//! Extended attributes: the file systems store none. They answer as Linux's
//! tmpfs did before user xattrs (6.6) and as ext2 on a file that has none:
//! the list is empty, a get or remove is ENODATA, a set EOPNOTSUPP. So
//! `tar --xattrs`, `cp -a` and Python's `os.listxattr` see "no attributes"
//! rather than "not supported". The file (ENOENT, EBADF) and the name
//! (ERANGE, EOPNOTSUPP) are checked in the order of fs/xattr.c's
//! `path_setxattr` (flags and name first) and `path_getxattr` (file first).
//! Man pages: getxattr(2), listxattr(2), setxattr(2), removexattr(2).

use super::{Args, fd_file};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::error::SysResult;
use crate::task::Pid;
use crate::vfs::{self, PATH_MAX};

/// Longest attribute name (`XATTR_NAME_MAX`).
const XATTR_NAME_MAX: usize = 255;
/// `setxattr` flags (`XATTR_CREATE`, `XATTR_REPLACE`).
const XATTR_CREATE: u32 = 1;
const XATTR_REPLACE: u32 = 2;
/// The namespaces Linux knows (`xattr_resolve_name`); others are
/// EOPNOTSUPP.
const NAMESPACES: [&[u8]; 4] = [b"user.", b"trusted.", b"security.", b"system."];

/// Which file a call names: a path (followed or not) or a descriptor.
#[derive(Clone, Copy)]
enum Target {
    Path { follow: bool },
    Fd,
}

/// Checks that the file `addr` (a path or a descriptor) names exists.
fn check_target(k: &mut Kernel, tid: Pid, addr: u32, target: Target) -> SysResult<()> {
    match target {
        Target::Fd => {
            fd_file(k, tid, addr)?;
        }
        Target::Path { follow } => {
            let path = k.read_user_cstr(tid, addr, PATH_MAX - 1)?;
            if path.is_empty() {
                return Err(Errno::ENOENT.into());
            }
            let cwd = k.task(tid)?.fs.borrow().cwd;
            vfs::resolve(k, tid, cwd, &path, follow)?;
        }
    }
    Ok(())
}

/// Reads and checks an attribute name: ERANGE if empty or too long,
/// EOPNOTSUPP outside the known namespaces.
fn check_name(k: &mut Kernel, tid: Pid, addr: u32) -> SysResult<()> {
    let name = match k.read_user_cstr(tid, addr, XATTR_NAME_MAX) {
        Err(crate::error::SysErr::Errno(Errno::ENAMETOOLONG)) => {
            return Err(Errno::ERANGE.into());
        }
        other => other?,
    };
    if name.is_empty() {
        return Err(Errno::ERANGE.into());
    }
    if !NAMESPACES
        .iter()
        .any(|ns| name.starts_with(ns) && name.len() > ns.len())
    {
        return Err(Errno::EOPNOTSUPP.into());
    }
    Ok(())
}

fn set(k: &mut Kernel, tid: Pid, a: Args, target: Target) -> SysResult {
    if a[4] & !(XATTR_CREATE | XATTR_REPLACE) != 0 {
        return Err(Errno::EINVAL.into());
    }
    check_name(k, tid, a[1])?;
    check_target(k, tid, a[0], target)?;
    Err(Errno::EOPNOTSUPP.into())
}

fn get(k: &mut Kernel, tid: Pid, a: Args, target: Target) -> SysResult {
    check_target(k, tid, a[0], target)?;
    check_name(k, tid, a[1])?;
    Err(Errno::ENODATA.into())
}

fn list(k: &mut Kernel, tid: Pid, a: Args, target: Target) -> SysResult {
    check_target(k, tid, a[0], target)?;
    Ok(0)
}

fn remove(k: &mut Kernel, tid: Pid, a: Args, target: Target) -> SysResult {
    check_target(k, tid, a[0], target)?;
    check_name(k, tid, a[1])?;
    Err(Errno::ENODATA.into())
}

const FOLLOW: Target = Target::Path { follow: true };
const NOFOLLOW: Target = Target::Path { follow: false };

/// Implements Linux syscall setxattr(2).
pub(super) fn setxattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    set(k, tid, a, FOLLOW)
}

/// Implements Linux syscall lsetxattr(2).
pub(super) fn lsetxattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    set(k, tid, a, NOFOLLOW)
}

/// Implements Linux syscall fsetxattr(2).
pub(super) fn fsetxattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    set(k, tid, a, Target::Fd)
}

/// Implements Linux syscall getxattr(2).
pub(super) fn getxattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    get(k, tid, a, FOLLOW)
}

/// Implements Linux syscall lgetxattr(2).
pub(super) fn lgetxattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    get(k, tid, a, NOFOLLOW)
}

/// Implements Linux syscall fgetxattr(2).
pub(super) fn fgetxattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    get(k, tid, a, Target::Fd)
}

/// Implements Linux syscall listxattr(2).
pub(super) fn listxattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    list(k, tid, a, FOLLOW)
}

/// Implements Linux syscall llistxattr(2).
pub(super) fn llistxattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    list(k, tid, a, NOFOLLOW)
}

/// Implements Linux syscall flistxattr(2).
pub(super) fn flistxattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    list(k, tid, a, Target::Fd)
}

/// Implements Linux syscall removexattr(2).
pub(super) fn removexattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    remove(k, tid, a, FOLLOW)
}

/// Implements Linux syscall lremovexattr(2).
pub(super) fn lremovexattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    remove(k, tid, a, NOFOLLOW)
}

/// Implements Linux syscall fremovexattr(2).
pub(super) fn fremovexattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    remove(k, tid, a, Target::Fd)
}
