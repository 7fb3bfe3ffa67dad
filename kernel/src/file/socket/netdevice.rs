//! The interface ioctls every socket answers (netdevice(7), Linux's
//! `dev_ioctl`) about the machine's one interface, the loopback `lo` the
//! netstack carries (`netlink` lists the same over rtnetlink): glibc's
//! `if_nametoindex` and `if_indextoname` use them, and older tools
//! listing interfaces (`SIOCGIFCONF`).

use super::netlink::{ARPHRD_LOOPBACK, LO_FLAGS, LO_INDEX, LO_MTU};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::error::{SysErr, SysResult};
use crate::task::Pid;

const AF_INET: u8 = 2;

/// Answers `cmd` if it is one of them (else ENOTTY). `arg` points
/// at a `struct ifreq` (name, then a 16-byte union; 32 bytes on i386) or,
/// for `SIOCGIFCONF`, a `struct ifconf` (length, buffer).
pub fn device_ioctl(k: &mut Kernel, tid: Pid, cmd: u32, arg: u32) -> SysResult {
    const SIOCGIFNAME: u32 = 0x8910;
    const SIOCGIFCONF: u32 = 0x8912;
    const SIOCGIFFLAGS: u32 = 0x8913;
    const SIOCGIFADDR: u32 = 0x8915;
    const SIOCGIFNETMASK: u32 = 0x891b;
    const SIOCGIFMTU: u32 = 0x8921;
    const SIOCGIFHWADDR: u32 = 0x8927;
    const SIOCGIFINDEX: u32 = 0x8933;
    const IFREQ: u32 = 32;
    let sockaddr_in = |a: [u8; 4]| {
        let mut out = [0u8; 16];
        out[0] = AF_INET;
        out[4..8].copy_from_slice(&a);
        out
    };
    let mut name = [0u8; 16];
    name[..2].copy_from_slice(b"lo");
    let union = arg.checked_add(16).ok_or(SysErr::Errno(Errno::EFAULT))?;
    match cmd {
        SIOCGIFCONF => {
            let len = k.read_user_u32(tid, arg)?;
            let buf = k.read_user_u32(tid, arg.wrapping_add(4))?;
            if buf == 0 {
                k.write_user_u32(tid, arg, IFREQ)?;
            } else if len < IFREQ {
                k.write_user_u32(tid, arg, 0)?;
            } else {
                let mut entry = name.to_vec();
                entry.extend_from_slice(&sockaddr_in([127, 0, 0, 1]));
                k.write_user(tid, buf, &entry)?;
                k.write_user_u32(tid, arg, IFREQ)?;
            }
            Ok(0)
        }
        SIOCGIFNAME => {
            if k.read_user_u32(tid, union)? != LO_INDEX {
                return Err(Errno::ENODEV.into());
            }
            k.write_user(tid, arg, &name)?;
            Ok(0)
        }
        SIOCGIFFLAGS | SIOCGIFADDR | SIOCGIFNETMASK | SIOCGIFMTU | SIOCGIFHWADDR | SIOCGIFINDEX => {
            let asked = k.read_user(tid, arg, 16)?;
            let end = asked.iter().position(|b| *b == 0).unwrap_or(16);
            if asked[..end] != *b"lo" {
                return Err(Errno::ENODEV.into());
            }
            let value: Vec<u8> = match cmd {
                // The short flags: IFF_UP | IFF_LOOPBACK | IFF_RUNNING.
                SIOCGIFFLAGS => (LO_FLAGS as u16).to_le_bytes().to_vec(),
                SIOCGIFADDR => sockaddr_in([127, 0, 0, 1]).to_vec(),
                SIOCGIFNETMASK => sockaddr_in([255, 0, 0, 0]).to_vec(),
                SIOCGIFMTU => LO_MTU.to_le_bytes().to_vec(),
                SIOCGIFHWADDR => {
                    let mut hw = [0u8; 16];
                    hw[..2].copy_from_slice(&ARPHRD_LOOPBACK.to_le_bytes());
                    hw.to_vec()
                }
                _ => LO_INDEX.to_le_bytes().to_vec(),
            };
            k.write_user(tid, union, &value)?;
            Ok(0)
        }
        _ => Err(Errno::ENOTTY.into()),
    }
}
