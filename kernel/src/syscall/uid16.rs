//! The 16-bit id calls i386 kept from Linux 2.2 (`kernel/uid16.c`):
//! `setuid`, `chown`, `getgroups` and their kin with `old_uid_t` ids, as
//! programs built for old C libraries (or calling `int 0x80` by number)
//! still make them. Each converts its ids and does what the 32-bit call
//! does: an id comes in as its low 16 bits, 0xffff meaning -1
//! (`low2highuid`); one above 0xffff goes out as the overflow id 65534
//! (`high2lowuid`).

use super::{Args, fs, misc, proc};
use crate::Kernel;
use crate::error::SysResult;
use crate::task::Pid;

/// The overflow id an id past 16 bits reads as (`/proc/sys/kernel/overflowuid`).
const OVERFLOW_ID: u16 = 65534;

/// A 16-bit id argument as a 32-bit id.
fn high(id: u32) -> u32 {
    match id as u16 {
        u16::MAX => u32::MAX,
        id => u32::from(id),
    }
}

/// A 32-bit id as its 16-bit form.
fn low(id: u32) -> u16 {
    u16::try_from(id).unwrap_or(OVERFLOW_ID)
}

/// `a` with the ids at `slots` widened.
fn widen(mut a: Args, slots: &[usize]) -> Args {
    for &i in slots {
        a[i] = high(a[i]);
    }
    a
}

/// Implements Linux syscall chown(2) with 16-bit ids (follows symlinks).
pub(super) fn chown16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    fs::chown(k, tid, widen(a, &[1, 2]))
}

/// Implements Linux syscall lchown(2) with 16-bit ids.
pub(super) fn lchown16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    fs::lchown(k, tid, widen(a, &[1, 2]))
}

/// Implements Linux syscall fchown(2) with 16-bit ids.
pub(super) fn fchown16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    fs::fchown(k, tid, widen(a, &[1, 2]))
}

/// Implements Linux syscall setuid(2) with a 16-bit id.
pub(super) fn setuid16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    proc::setuid(k, tid, widen(a, &[0]))
}

/// Implements Linux syscall setgid(2) with a 16-bit id.
pub(super) fn setgid16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    proc::setgid(k, tid, widen(a, &[0]))
}

/// Implements Linux syscall setreuid(2) with 16-bit ids.
pub(super) fn setreuid16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    misc::setreuid(k, tid, widen(a, &[0, 1]))
}

/// Implements Linux syscall setregid(2) with 16-bit ids.
pub(super) fn setregid16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    misc::setregid(k, tid, widen(a, &[0, 1]))
}

/// Implements Linux syscall setresuid(2) with 16-bit ids.
pub(super) fn setresuid16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    proc::setresuid(k, tid, widen(a, &[0, 1, 2]))
}

/// Implements Linux syscall setresgid(2) with 16-bit ids.
pub(super) fn setresgid16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    proc::setresgid(k, tid, widen(a, &[0, 1, 2]))
}

/// Implements Linux syscall setfsuid(2) with a 16-bit id.
pub(super) fn setfsuid16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    super::extra::setfsuid32(k, tid, widen(a, &[0]))
}

/// Implements Linux syscall setfsgid(2) with a 16-bit id.
pub(super) fn setfsgid16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    super::extra::setfsgid32(k, tid, widen(a, &[0]))
}

/// Implements Linux syscall getuid(2) with a 16-bit id.
pub(super) fn getuid16(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(u32::from(low(k.task(tid)?.creds.uid)))
}

/// Implements Linux syscall getgid(2) with a 16-bit id.
pub(super) fn getgid16(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(u32::from(low(k.task(tid)?.creds.gid)))
}

/// Implements Linux syscall geteuid(2) with a 16-bit id.
pub(super) fn geteuid16(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(u32::from(low(k.task(tid)?.creds.euid)))
}

/// Implements Linux syscall getegid(2) with a 16-bit id.
pub(super) fn getegid16(k: &mut Kernel, tid: Pid, _: Args) -> SysResult {
    Ok(u32::from(low(k.task(tid)?.creds.egid)))
}

/// Writes three ids as 16-bit ones at the three addresses (getres[ug]id).
fn put_three(k: &mut Kernel, tid: Pid, a: Args, ids: [u32; 3]) -> SysResult {
    for (addr, id) in a.iter().zip(ids) {
        k.write_user(tid, *addr, &low(id).to_le_bytes())?;
    }
    Ok(0)
}

/// Implements Linux syscall getresuid(2) with 16-bit ids.
pub(super) fn getresuid16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let c = &k.task(tid)?.creds;
    let ids = [c.uid, c.euid, c.suid];
    put_three(k, tid, a, ids)
}

/// Implements Linux syscall getresgid(2) with 16-bit ids.
pub(super) fn getresgid16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let c = &k.task(tid)?.creds;
    let ids = [c.gid, c.egid, c.sgid];
    put_three(k, tid, a, ids)
}

/// Implements Linux syscall getgroups(2) with 16-bit ids.
pub(super) fn getgroups16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    proc::groups_out(k, tid, a, |g| low(g).to_le_bytes().to_vec())
}

/// Implements Linux syscall setgroups(2) with 16-bit ids.
pub(super) fn setgroups16(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    proc::groups_in(k, tid, a, 2, |c| {
        high(u32::from(u16::from_le_bytes([c[0], c[1]])))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cross_the_16_bit_boundary_as_linux_maps_them() {
        assert_eq!(high(0xffff), u32::MAX);
        assert_eq!(high(0x1_0005), 5, "only the low 16 bits come in");
        assert_eq!(high(1000), 1000);
        assert_eq!(low(1000), 1000);
        assert_eq!(low(70000), 65534);
        assert_eq!(low(u32::MAX), 65534);
    }
}
