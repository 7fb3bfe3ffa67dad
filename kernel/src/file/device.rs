//! Character devices named by the device inodes on the disk (`/dev/null`
//! is `1:3`, as in Linux's `devices.txt`).

use super::{FileOps, Stream};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::poll::{POLLIN, POLLOUT};
use crate::error::{SysErr, SysResult};
use crate::task::Pid;
use crate::vfs::Fid;
use std::rc::Rc;
use tabvm_fs::{FileType, Metadata};

/// A character device, by what it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    Null,
    Zero,
    Full,
    Random,
    /// `/dev/console` (and the virtual consoles): the host's terminal or
    /// streams.
    Console,
    /// `/dev/tty`: the caller's controlling terminal.
    Tty,
    /// `/dev/ptmx`: a new pseudo-terminal master.
    Ptmx,
}

impl Device {
    /// The driver for a device number, as in Linux's `devices.txt`.
    #[must_use]
    pub fn from_rdev(major: u32, minor: u32) -> Option<Device> {
        match (major, minor) {
            (1, 3) => Some(Device::Null),
            (1, 5) => Some(Device::Zero),
            (1, 7) => Some(Device::Full),
            (1, 8 | 9) => Some(Device::Random),
            (5, 0) => Some(Device::Tty),
            (5, 1) | (4, _) => Some(Device::Console),
            (5, 2) => Some(Device::Ptmx),
            _ => None,
        }
    }
}

/// Opens device `device` (inode `ino`) for `tid`: terminals open their
/// pty files (`/dev/tty` the caller's controlling terminal, ENXIO without
/// one; `/dev/console` the machine's console pty when the host has a
/// terminal), the rest a [`DeviceFile`].
pub fn open_device(
    k: &mut Kernel,
    tid: Pid,
    ino: Fid,
    device: Device,
    flags: u32,
) -> SysResult<Rc<dyn FileOps>> {
    match device {
        Device::Ptmx => crate::devpts::open_ptmx(k),
        Device::Tty => {
            let pty = k
                .task(tid)?
                .ctty
                .clone()
                .ok_or(SysErr::Errno(Errno::ENXIO))?;
            // Already the controlling terminal: never acquired here (`tty_open`).
            let flags = flags | crate::abi::flags::open::O_NOCTTY;
            crate::devpts::open_slave_via(k, tid, &pty, flags, Some(ino))
        }
        Device::Console => match k.console.clone() {
            Some(pty) => {
                let flags = flags | crate::abi::flags::open::O_NOCTTY;
                crate::devpts::open_slave_via(k, tid, &pty, flags, Some(ino))
            }
            None => Ok(Rc::new(DeviceFile { ino, device })),
        },
        _ => Ok(Rc::new(DeviceFile { ino, device })),
    }
}

pub struct DeviceFile {
    pub ino: Fid,
    pub device: Device,
}

/// Largest single read from the random devices. Linux fills the whole
/// buffer (`drivers/char/random.c`, `urandom_read_iter`), so `dd bs=1M`
/// gets full blocks; the read paths already cap a count (1 MiB), this
/// only bounds callers that do not.
const RANDOM_MAX: usize = 1 << 24;

impl FileOps for DeviceFile {
    fn read(&self, k: &mut Kernel, tid: Pid, len: usize, pos: u64) -> SysResult<Vec<u8>> {
        match self.device {
            Device::Null => Ok(Vec::new()),
            Device::Zero | Device::Full => Ok(vec![0; len]),
            Device::Random => {
                let mut buf = vec![0; len.min(RANDOM_MAX)];
                k.host.random(&mut buf);
                Ok(buf)
            }
            Device::Console | Device::Tty | Device::Ptmx => {
                super::HostFile(Stream::Stdin).read(k, tid, len, pos)
            }
        }
    }

    fn write(
        &self,
        k: &mut Kernel,
        tid: Pid,
        data: &[u8],
        pos: u64,
        _: bool,
    ) -> SysResult<(usize, u64)> {
        match self.device {
            Device::Null | Device::Zero | Device::Random => Ok((data.len(), pos)),
            Device::Full => Err(Errno::ENOSPC.into()),
            Device::Console | Device::Tty | Device::Ptmx => {
                super::HostFile(Stream::Stdout).write(k, tid, data, pos, false)
            }
        }
    }

    fn stat(&self, k: &mut Kernel) -> SysResult<Metadata> {
        Ok(k.fs.getattr(self.ino)?)
    }

    fn poll(&self, k: &Kernel) -> u16 {
        match self.device {
            Device::Console | Device::Tty | Device::Ptmx => {
                super::HostFile(Stream::Stdin).poll(k) | POLLOUT
            }
            _ => POLLIN | POLLOUT,
        }
    }

    fn size(&self, _: &mut Kernel) -> SysResult<Option<u64>> {
        // Devices seek, always to nowhere in particular (lseek on /dev/null is 0).
        Ok(Some(0))
    }

    fn inode(&self) -> Option<(Fid, FileType)> {
        Some((self.ino, FileType::CharDevice))
    }
}
