//! `/proc` (and the bit of `/sys` glibc reads): files generated from the
//! kernel's state when they are opened (proc(5)).
//!
//! Nodes are values naming what they show ([`ProcNode`]); nothing is
//! stored. Opening a file renders its text into a [`Snapshot`]; a directory
//! lists its entries on each `getdents64`.

use crate::Kernel;
use crate::abi::errno::Errno;
use crate::error::{SysErr, SysResult};
use crate::file::{FileOps, Snapshot, synthetic};
use crate::mm::Backing;
use crate::mounts::FsKind;
use crate::task::{Pid, State};
use std::fmt::Write;
use tabvm_fs::{DirEntryInfo, FileType, Metadata};

/// One mounted file system, as `/proc/mounts` and `mountinfo` list it.
struct Mount {
    source: &'static str,
    target: String,
    fstype: &'static str,
    options: &'static str,
    dev: (u32, u32),
}

/// What is mounted where: the file systems of [`crate::mounts`] and the
/// synthetic trees, in the order a booted Debian lists them.
fn mount_table(k: &Kernel) -> Vec<Mount> {
    let synthetic = [
        (
            "proc",
            "/proc",
            "proc",
            "rw,nosuid,nodev,noexec,relatime",
            20,
        ),
        (
            "sysfs",
            "/sys",
            "sysfs",
            "ro,nosuid,nodev,noexec,relatime",
            21,
        ),
        (
            "devpts",
            "/dev/pts",
            "devpts",
            "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000",
            22,
        ),
    ];
    let mut table: Vec<Mount> = synthetic
        .into_iter()
        .map(|(source, target, fstype, options, minor)| Mount {
            source,
            target: target.to_owned(),
            fstype,
            options,
            dev: (0, minor),
        })
        .collect();
    for m in k.fs.list() {
        let (source, fstype, options) = match m.kind {
            FsKind::Ext2 => ("/dev/root", "ext2", "rw,relatime"),
            FsKind::Tmpfs => ("tmpfs", "tmpfs", "rw,nosuid,nodev,relatime"),
        };
        let mount = Mount {
            source,
            target: String::from_utf8_lossy(&m.path).into_owned(),
            fstype,
            options,
            dev: m.dev,
        };
        if m.kind == FsKind::Ext2 {
            table.insert(0, mount);
        } else {
            table.push(mount);
        }
    }
    table
}

/// A per-process file under `/proc/<pid>/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PidFile {
    Cmdline,
    Comm,
    Environ,
    Maps,
    Stat,
    Statm,
    Status,
    Mounts,
    Mountinfo,
    Limits,
}

/// A machine-wide file under `/proc` or `/sys`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlobalFile {
    Cpuinfo,
    Meminfo,
    Vmstat,
    Stat,
    Uptime,
    Loadavg,
    Version,
    Mounts,
    Filesystems,
    /// `/proc/locks` (`syscall::proc_locks`).
    Locks,
    Hostname,
    Osrelease,
    Ostype,
    PidMax,
    Overcommit,
    CpuOnline,
    /// `/proc/sysvipc/{shm,sem,msg}`.
    Sysvipc(crate::ipc::Kind),
    /// `/proc/sys/kernel/` System V IPC limits, by file name.
    IpcLimit(&'static str),
    /// `/proc/net/{tcp,udp}{,6}`: the transport (UDP or not) and family.
    NetSockets {
        udp: bool,
        v6: bool,
    },
}

/// A node of the synthetic trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcNode {
    /// `/proc`.
    Root,
    /// `/proc/self` (a symlink to the caller's pid).
    SelfLink,
    /// `/proc/<pid>`.
    Pid(Pid),
    /// `/proc/<pid>/exe`, `/proc/<pid>/cwd` (symlinks).
    Exe(Pid),
    Cwd(Pid),
    /// `/proc/<pid>/fd` and its entries (symlinks to what they hold).
    FdDir(Pid),
    Fd(Pid, u32),
    /// `/proc/<pid>/task`: a directory of the process's threads, and
    /// `/proc/<pid>/task/<tid>`, one thread's files.
    TaskDir(Pid),
    Thread(Pid, Pid),
    PidFile(Pid, PidFile),
    /// Directories on the way to global files (`/proc/sys`, `/sys/...`).
    Dir(&'static str),
    File(GlobalFile),
}

/// Fixed directories and files: (directory path, entry name, node).
const FIXED: &[(&str, &str, ProcNode)] = &[
    ("proc", "cpuinfo", ProcNode::File(GlobalFile::Cpuinfo)),
    ("proc", "meminfo", ProcNode::File(GlobalFile::Meminfo)),
    ("proc", "vmstat", ProcNode::File(GlobalFile::Vmstat)),
    ("proc", "stat", ProcNode::File(GlobalFile::Stat)),
    ("proc", "uptime", ProcNode::File(GlobalFile::Uptime)),
    ("proc", "loadavg", ProcNode::File(GlobalFile::Loadavg)),
    ("proc", "version", ProcNode::File(GlobalFile::Version)),
    ("proc", "mounts", ProcNode::File(GlobalFile::Mounts)),
    ("proc", "locks", ProcNode::File(GlobalFile::Locks)),
    (
        "proc",
        "filesystems",
        ProcNode::File(GlobalFile::Filesystems),
    ),
    ("proc", "sys", ProcNode::Dir("proc/sys")),
    ("proc", "net", ProcNode::Dir("proc/net")),
    (
        "proc/net",
        "tcp",
        ProcNode::File(GlobalFile::NetSockets {
            udp: false,
            v6: false,
        }),
    ),
    (
        "proc/net",
        "tcp6",
        ProcNode::File(GlobalFile::NetSockets {
            udp: false,
            v6: true,
        }),
    ),
    (
        "proc/net",
        "udp",
        ProcNode::File(GlobalFile::NetSockets {
            udp: true,
            v6: false,
        }),
    ),
    (
        "proc/net",
        "udp6",
        ProcNode::File(GlobalFile::NetSockets {
            udp: true,
            v6: true,
        }),
    ),
    ("proc/sys", "kernel", ProcNode::Dir("proc/sys/kernel")),
    ("proc/sys", "vm", ProcNode::Dir("proc/sys/vm")),
    ("proc", "sysvipc", ProcNode::Dir("proc/sysvipc")),
    (
        "proc/sysvipc",
        "shm",
        ProcNode::File(GlobalFile::Sysvipc(crate::ipc::Kind::Shm)),
    ),
    (
        "proc/sysvipc",
        "sem",
        ProcNode::File(GlobalFile::Sysvipc(crate::ipc::Kind::Sem)),
    ),
    (
        "proc/sysvipc",
        "msg",
        ProcNode::File(GlobalFile::Sysvipc(crate::ipc::Kind::Msg)),
    ),
    (
        "proc/sys/kernel",
        "shmmax",
        ProcNode::File(GlobalFile::IpcLimit("shmmax")),
    ),
    (
        "proc/sys/kernel",
        "shmall",
        ProcNode::File(GlobalFile::IpcLimit("shmall")),
    ),
    (
        "proc/sys/kernel",
        "shmmni",
        ProcNode::File(GlobalFile::IpcLimit("shmmni")),
    ),
    (
        "proc/sys/kernel",
        "sem",
        ProcNode::File(GlobalFile::IpcLimit("sem")),
    ),
    (
        "proc/sys/kernel",
        "msgmax",
        ProcNode::File(GlobalFile::IpcLimit("msgmax")),
    ),
    (
        "proc/sys/kernel",
        "msgmnb",
        ProcNode::File(GlobalFile::IpcLimit("msgmnb")),
    ),
    (
        "proc/sys/kernel",
        "msgmni",
        ProcNode::File(GlobalFile::IpcLimit("msgmni")),
    ),
    (
        "proc/sys/kernel",
        "hostname",
        ProcNode::File(GlobalFile::Hostname),
    ),
    (
        "proc/sys/kernel",
        "osrelease",
        ProcNode::File(GlobalFile::Osrelease),
    ),
    (
        "proc/sys/kernel",
        "ostype",
        ProcNode::File(GlobalFile::Ostype),
    ),
    (
        "proc/sys/kernel",
        "pid_max",
        ProcNode::File(GlobalFile::PidMax),
    ),
    (
        "proc/sys/vm",
        "overcommit_memory",
        ProcNode::File(GlobalFile::Overcommit),
    ),
    ("sys", "devices", ProcNode::Dir("sys/devices")),
    ("sys/devices", "system", ProcNode::Dir("sys/devices/system")),
    (
        "sys/devices/system",
        "cpu",
        ProcNode::Dir("sys/devices/system/cpu"),
    ),
    (
        "sys/devices/system/cpu",
        "online",
        ProcNode::File(GlobalFile::CpuOnline),
    ),
    (
        "sys/devices/system/cpu",
        "possible",
        ProcNode::File(GlobalFile::CpuOnline),
    ),
    (
        "sys/devices/system/cpu",
        "present",
        ProcNode::File(GlobalFile::CpuOnline),
    ),
];

const PID_FILES: &[(&str, PidFile)] = &[
    ("cmdline", PidFile::Cmdline),
    ("comm", PidFile::Comm),
    ("environ", PidFile::Environ),
    ("maps", PidFile::Maps),
    ("stat", PidFile::Stat),
    ("statm", PidFile::Statm),
    ("status", PidFile::Status),
    ("mounts", PidFile::Mounts),
    ("mountinfo", PidFile::Mountinfo),
    ("limits", PidFile::Limits),
];

/// The absolute path of a directory node (for `getcwd`).
#[must_use]
pub fn path(node: ProcNode) -> Vec<u8> {
    match node {
        ProcNode::Root => b"/proc".to_vec(),
        ProcNode::Pid(pid) => format!("/proc/{pid}").into_bytes(),
        ProcNode::FdDir(pid) => format!("/proc/{pid}/fd").into_bytes(),
        ProcNode::TaskDir(pid) => format!("/proc/{pid}/task").into_bytes(),
        ProcNode::Thread(pid, tid) => format!("/proc/{pid}/task/{tid}").into_bytes(),
        ProcNode::Dir(path) => format!("/{path}").into_bytes(),
        _ => b"/proc".to_vec(),
    }
}

/// Whether `node` lies under `/sys` rather than `/proc`.
#[must_use]
pub fn in_sysfs(node: ProcNode) -> bool {
    match node {
        ProcNode::Dir(path) => path == "sys" || path.starts_with("sys/"),
        ProcNode::File(file) => FIXED
            .iter()
            .any(|(dir, _, n)| *n == ProcNode::File(file) && dir.starts_with("sys")),
        _ => false,
    }
}

/// The node of a mount point directory (`/proc`, `/sys`).
#[must_use]
pub fn mount_root(name: &[u8]) -> Option<ProcNode> {
    match name {
        b"proc" => Some(ProcNode::Root),
        b"sys" => Some(ProcNode::Dir("sys")),
        _ => None,
    }
}

/// Whether `/proc/<id>` exists: a live thread, listed if it leads its
/// process (Linux looks threads up there too, but lists only processes).
fn live_task(k: &Kernel, id: Pid) -> bool {
    k.tasks
        .get(&id)
        .is_some_and(|t| !matches!(t.state, State::Zombie(_)))
}

/// The entries of `/proc/<id>` (and of `/proc/<pid>/task/<id>`).
fn task_entry(id: Pid, name: &str) -> Option<ProcNode> {
    match name {
        "exe" => Some(ProcNode::Exe(id)),
        "cwd" => Some(ProcNode::Cwd(id)),
        "fd" => Some(ProcNode::FdDir(id)),
        _ => PID_FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| ProcNode::PidFile(id, *f)),
    }
}

fn dir_key(node: ProcNode) -> Option<&'static str> {
    match node {
        ProcNode::Root => Some("proc"),
        ProcNode::Dir(path) => Some(path),
        _ => None,
    }
}

/// The entry `name` of directory `node`; `None` for `..` out of the tree
/// (the caller goes back to the disk's root).
pub fn lookup(k: &Kernel, node: ProcNode, name: &[u8]) -> SysResult<Option<ProcNode>> {
    if name == b".." {
        return Ok(match node {
            ProcNode::Root => None,
            ProcNode::Pid(_) => Some(ProcNode::Root),
            ProcNode::FdDir(pid) | ProcNode::TaskDir(pid) => Some(ProcNode::Pid(pid)),
            ProcNode::Thread(pid, _) => Some(ProcNode::TaskDir(pid)),
            ProcNode::Dir(path) => match path.rsplit_once('/') {
                Some(("proc", _)) => Some(ProcNode::Root),
                Some((parent, _)) => FIXED
                    .iter()
                    .find(|(_, _, n)| *n == ProcNode::Dir(parent))
                    .map(|_| ProcNode::Dir(parent)),
                None => None,
            },
            _ => return Err(Errno::ENOTDIR.into()),
        });
    }
    let name = std::str::from_utf8(name).map_err(|_| SysErr::Errno(Errno::ENOENT))?;
    let found = match node {
        ProcNode::Root if name == "self" => Some(ProcNode::SelfLink),
        ProcNode::Root if name.bytes().all(|b| b.is_ascii_digit()) => name
            .parse()
            .ok()
            .filter(|pid| live_task(k, *pid))
            .map(ProcNode::Pid),
        ProcNode::Pid(pid) if name == "task" => Some(ProcNode::TaskDir(pid)),
        ProcNode::Pid(id) | ProcNode::Thread(_, id) => task_entry(id, name),
        ProcNode::TaskDir(pid) => name
            .parse()
            .ok()
            .filter(|tid| live_task(k, *tid) && k.tasks.get(tid).is_some_and(|t| t.tgid == pid))
            .map(|tid| ProcNode::Thread(pid, tid)),
        ProcNode::FdDir(pid) => {
            let fd: u32 = name.parse().map_err(|_| SysErr::Errno(Errno::ENOENT))?;
            k.tasks
                .get(&pid)
                .filter(|t| t.files.borrow().get(fd).is_some())
                .map(|_| ProcNode::Fd(pid, fd))
        }
        _ => match dir_key(node) {
            Some(dir) => FIXED
                .iter()
                .find(|(d, n, _)| *d == dir && *n == name)
                .map(|(_, _, node)| *node),
            None => return Err(Errno::ENOTDIR.into()),
        },
    };
    found.map(Some).ok_or(SysErr::Errno(Errno::ENOENT))
}

/// The open file behind descriptor `fd` of process `pid`
/// (`/proc/<pid>/fd/<fd>`).
pub fn fd_ops(k: &Kernel, pid: Pid, fd: u32) -> SysResult<std::rc::Rc<dyn FileOps>> {
    let task = k.task(pid)?;
    let files = task.files.borrow();
    let file = files.get(fd).ok_or(SysErr::Errno(Errno::ENOENT))?;
    Ok(std::rc::Rc::clone(&file.file.borrow().ops))
}

/// The target of a symlink node.
pub fn readlink(k: &mut Kernel, tid: Pid, node: ProcNode) -> SysResult<Vec<u8>> {
    match node {
        ProcNode::SelfLink => Ok(k.task(tid)?.tgid.to_string().into_bytes()),
        ProcNode::Exe(pid) => Ok(k.task(pid)?.exe.clone()),
        ProcNode::Cwd(pid) => {
            let cwd = k.task(pid)?.fs.borrow().cwd;
            crate::vfs::node_path(k, cwd)
        }
        ProcNode::Fd(pid, fd) => {
            let task = k.task(pid)?;
            let files = task.files.borrow();
            let file = files.get(fd).ok_or(SysErr::Errno(Errno::ENOENT))?;
            let path = file.file.borrow().path.clone();
            Ok(path)
        }
        _ => Err(Errno::EINVAL.into()),
    }
}

/// What `stat` shows for a node.
#[must_use]
pub fn metadata(node: ProcNode) -> Metadata {
    let mut meta = match node {
        ProcNode::Root
        | ProcNode::Pid(_)
        | ProcNode::FdDir(_)
        | ProcNode::TaskDir(_)
        | ProcNode::Thread(..)
        | ProcNode::Dir(_) => synthetic(0o040_555, 0),
        ProcNode::SelfLink | ProcNode::Exe(_) | ProcNode::Cwd(_) | ProcNode::Fd(..) => {
            synthetic(0o120_777, 0)
        }
        ProcNode::PidFile(..) | ProcNode::File(_) => synthetic(0o100_444, 0),
    };
    meta.ino = ino(node);
    meta.nlink = if meta.file_type() == FileType::Directory {
        2
    } else {
        1
    };
    meta
}

/// The inode number `stat` gives a node: stable, and distinct for every
/// directory (find(1) and du(1) take a directory with its parent's device
/// and inode for a file system loop and skip it). `/proc` is 1 and `/sys`
/// 2; fixed nodes follow by their place in [`FIXED`]; a process's nodes
/// are numbered from its pid, as Linux numbers `/proc/<pid>` (16 bits of
/// it: beyond, numbers repeat, which only a tree that deep could notice).
fn ino(node: ProcNode) -> u32 {
    const PID_BASE: u32 = 0x1000_0000;
    let per_pid = |pid: Pid, sub: u32| PID_BASE | (pid & 0xffff) << 12 | sub;
    let index = |i: Option<usize>| i.map_or(0, |i| u32::try_from(i).unwrap_or(0));
    match node {
        ProcNode::Root => 1,
        ProcNode::Dir("sys") => 2,
        ProcNode::SelfLink => 3,
        ProcNode::Dir(_) | ProcNode::File(_) => {
            16 + index(FIXED.iter().position(|(_, _, n)| *n == node))
        }
        ProcNode::Pid(pid) => per_pid(pid, 0),
        ProcNode::Exe(pid) => per_pid(pid, 1),
        ProcNode::Cwd(pid) => per_pid(pid, 2),
        ProcNode::FdDir(pid) => per_pid(pid, 3),
        ProcNode::TaskDir(pid) => per_pid(pid, 4),
        ProcNode::Thread(_, tid) => per_pid(tid, 5),
        ProcNode::PidFile(pid, file) => per_pid(
            pid,
            16 + index(PID_FILES.iter().position(|(_, f)| *f == file)),
        ),
        ProcNode::Fd(pid, fd) => per_pid(pid, 256 + fd % 3840),
    }
}

/// The entries of a directory node.
pub fn readdir(k: &Kernel, node: ProcNode) -> SysResult<Vec<(Vec<u8>, FileType)>> {
    let mut out = vec![
        (b".".to_vec(), FileType::Directory),
        (b"..".to_vec(), FileType::Directory),
    ];
    match node {
        ProcNode::Pid(_) | ProcNode::Thread(..) => {
            for name in ["exe", "cwd"] {
                out.push((name.as_bytes().to_vec(), FileType::Symlink));
            }
            out.push((b"fd".to_vec(), FileType::Directory));
            if matches!(node, ProcNode::Pid(_)) {
                out.push((b"task".to_vec(), FileType::Directory));
            }
            out.extend(
                PID_FILES
                    .iter()
                    .map(|(n, _)| (n.as_bytes().to_vec(), FileType::Regular)),
            );
        }
        ProcNode::TaskDir(pid) => {
            let threads = k
                .tasks
                .values()
                .filter(|t| t.tgid == pid && !matches!(t.state, State::Zombie(_)));
            out.extend(threads.map(|t| (t.tid.to_string().into_bytes(), FileType::Directory)));
        }
        ProcNode::FdDir(pid) => {
            let task = k.task(pid)?;
            out.extend(
                task.files
                    .borrow()
                    .iter()
                    .map(|(fd, _)| (fd.to_string().into_bytes(), FileType::Symlink)),
            );
        }
        _ => {
            let dir = dir_key(node).ok_or(SysErr::Errno(Errno::ENOTDIR))?;
            if node == ProcNode::Root {
                out.push((b"self".to_vec(), FileType::Symlink));
                let pids = k
                    .tasks
                    .values()
                    .filter(|t| t.is_leader() && !matches!(t.state, State::Zombie(_)));
                out.extend(pids.map(|t| (t.tid.to_string().into_bytes(), FileType::Directory)));
            }
            for (d, name, entry) in FIXED {
                if *d == dir {
                    let ft = if matches!(entry, ProcNode::Dir(_)) {
                        FileType::Directory
                    } else {
                        FileType::Regular
                    };
                    out.push((name.as_bytes().to_vec(), ft));
                }
            }
        }
    }
    Ok(out)
}

/// An open `/proc` directory.
pub struct ProcDir(pub ProcNode);

impl FileOps for ProcDir {
    fn read(&self, _: &mut Kernel, _: Pid, _: usize, _: u64) -> SysResult<Vec<u8>> {
        Err(Errno::EISDIR.into())
    }
    fn write(&self, _: &mut Kernel, _: Pid, _: &[u8], _: u64, _: bool) -> SysResult<(usize, u64)> {
        Err(Errno::EISDIR.into())
    }
    fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
        Ok(metadata(self.0))
    }
    fn poll(&self, _: &Kernel) -> u16 {
        0
    }
    fn size(&self, _: &mut Kernel) -> SysResult<Option<u64>> {
        Ok(Some(0))
    }
    fn dir_node(&self) -> Option<crate::vfs::Node> {
        Some(crate::vfs::Node::Proc(self.0))
    }

    fn readdir(&self, k: &mut Kernel, cookie: u64) -> SysResult<Vec<DirEntryInfo>> {
        let entries = readdir(k, self.0)?;
        Ok(entries
            .into_iter()
            .enumerate()
            .skip(usize::try_from(cookie).unwrap_or(usize::MAX))
            .map(|(i, (name, file_type))| DirEntryInfo {
                ino: 1 + i as u32,
                name,
                file_type,
                pos: i as u64,
                next: i as u64 + 1,
            })
            .collect())
    }
}

/// Opens a node: directories list, files render their text now.
pub fn open(k: &mut Kernel, tid: Pid, node: ProcNode) -> SysResult<std::rc::Rc<dyn FileOps>> {
    let text = match node {
        ProcNode::Root
        | ProcNode::Pid(_)
        | ProcNode::FdDir(_)
        | ProcNode::TaskDir(_)
        | ProcNode::Thread(..)
        | ProcNode::Dir(_) => {
            return Ok(std::rc::Rc::new(ProcDir(node)));
        }
        ProcNode::SelfLink | ProcNode::Exe(_) | ProcNode::Cwd(_) | ProcNode::Fd(..) => {
            return Err(Errno::ELOOP.into());
        }
        ProcNode::PidFile(pid, file) => render_pid(k, tid, pid, file)?,
        ProcNode::File(file) => render_global(k, file),
    };
    Ok(std::rc::Rc::new(Snapshot(text)))
}

fn render_global(k: &mut Kernel, file: GlobalFile) -> Vec<u8> {
    let mut s = String::new();
    let uptime_ns = k.host.monotonic_ns().saturating_sub(k.boot_ns);
    let total_kb = k.config.memory_limit / 1024;
    let used_kb = k.mem.frames_in_use() as u64 * 4;
    let mounts = mount_table(k).iter().fold(String::new(), |mut out, m| {
        let _ = writeln!(
            out,
            "{} {} {} {} 0 0",
            m.source, m.target, m.fstype, m.options
        );
        out
    });
    match file {
        GlobalFile::Cpuinfo => {
            let [_, _, _, edx] = tabvm_cpu::cpuid(1);
            let names = [
                (0, "fpu"),
                (4, "tsc"),
                (8, "cx8"),
                (15, "cmov"),
                (23, "mmx"),
                (24, "fxsr"),
                (25, "sse"),
                (26, "sse2"),
            ];
            let flags: Vec<&str> = names
                .iter()
                .filter(|(bit, _)| edx & (1 << bit) != 0)
                .map(|(_, n)| *n)
                .collect();
            let _ = write!(
                s,
                "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 1\nmodel name\t: tabvm i686 interpreter\n\
                 stepping\t: 1\ncpu MHz\t\t: 1000.000\ncache size\t: 0 KB\nfpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: 1\n\
                 wp\t\t: yes\nflags\t\t: {}\nbogomips\t: 2000.00\n\n",
                flags.join(" ")
            );
        }
        GlobalFile::Meminfo => {
            let free = total_kb.saturating_sub(used_kb);
            let _ = write!(
                s,
                "MemTotal:       {total_kb:>8} kB\nMemFree:        {free:>8} kB\nMemAvailable:   {free:>8} kB\n\
                 Buffers:               0 kB\nCached:                0 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n"
            );
        }
        GlobalFile::Vmstat => {
            // The counters vmstat(8) reads (`mm/vmstat.c` names); no
            // swap, and paging is not counted.
            let free_pages = total_kb.saturating_sub(used_kb) / 4;
            let _ = write!(
                s,
                "nr_free_pages {free_pages}\npgpgin 0\npgpgout 0\npswpin 0\npswpout 0\n\
                 pgfault 0\npgmajfault 0\n"
            );
        }
        GlobalFile::Stat => {
            let ticks = uptime_ns / 10_000_000;
            let running = k
                .tasks
                .values()
                .filter(|t| t.state == State::Runnable)
                .count();
            let boot = (k.host.realtime_ns().saturating_sub(uptime_ns)) / 1_000_000_000;
            let _ = write!(
                s,
                "cpu  {ticks} 0 0 0 0 0 0 0 0 0\ncpu0 {ticks} 0 0 0 0 0 0 0 0 0\nintr 0\nctxt 0\nbtime {boot}\n\
                 processes {}\nprocs_running {running}\nprocs_blocked 0\n",
                k.next_pid
            );
        }
        GlobalFile::Uptime => {
            let _ = writeln!(
                s,
                "{}.{:02} 0.00",
                uptime_ns / 1_000_000_000,
                (uptime_ns / 10_000_000) % 100
            );
        }
        GlobalFile::Loadavg => {
            let running = k
                .tasks
                .values()
                .filter(|t| t.state == State::Runnable)
                .count();
            let _ = writeln!(
                s,
                "0.00 0.00 0.00 {running}/{} {}",
                k.tasks.len(),
                k.next_pid.saturating_sub(1)
            );
        }
        GlobalFile::Sysvipc(kind) => s = crate::ipc::render(k, kind),
        GlobalFile::IpcLimit(name) => s = crate::ipc::limit_text(name),
        GlobalFile::Version => {
            s.push_str("Linux version 6.1.0-tabvm (tabvm) #1 SMP PREEMPT_DYNAMIC tabvm\n");
        }
        GlobalFile::Mounts => s.push_str(&mounts),
        GlobalFile::Locks => s.push_str(&crate::syscall::proc_locks(k)),
        GlobalFile::NetSockets { udp, v6 } => {
            s.push_str(&crate::file::socket::inet::proc_net(k, udp, v6));
        }
        GlobalFile::Filesystems => s.push_str("nodev\tsysfs\nnodev\tproc\n\text2\n"),
        GlobalFile::Hostname => s.push_str("tabvm\n"),
        GlobalFile::Osrelease => s.push_str("6.1.0-tabvm\n"),
        GlobalFile::Ostype => s.push_str("Linux\n"),
        GlobalFile::PidMax => s.push_str("32768\n"),
        GlobalFile::Overcommit => s.push_str("0\n"),
        GlobalFile::CpuOnline => s.push_str("0\n"),
    }
    s.into_bytes()
}

/// The name `/proc/<pid>/status` gives a state letter
/// (`task_state_array`, fs/proc/array.c).
fn state_name(letter: char) -> &'static str {
    match letter {
        'R' => "running",
        'D' => "disk sleep",
        'T' => "stopped",
        't' => "tracing stop",
        'Z' => "zombie",
        _ => "sleeping",
    }
}

/// proc(5)'s state letter; a stopped process (SIGSTOP, ^Z) is `T`.
fn state_letter(state: State, stopped: bool) -> char {
    match state {
        State::Zombie(_) => 'Z',
        _ if stopped => 'T',
        State::Runnable => 'R',
        State::Blocked {
            wait: crate::error::Wait::Disk(_),
            ..
        } => 'D',
        State::Blocked { .. } => 'S',
    }
}

fn render_pid(k: &mut Kernel, _tid: Pid, pid: Pid, file: PidFile) -> SysResult<Vec<u8>> {
    let task = k.task(pid)?;
    let threads = k.tasks.values().filter(|t| t.tgid == pid).count();
    let mut s = String::new();
    match file {
        PidFile::Cmdline | PidFile::Environ => {
            let ((start, end), env_end) = {
                let mm = task.mm.borrow();
                let range = if file == PidFile::Cmdline {
                    mm.args
                } else {
                    mm.env
                };
                (range, mm.env.1)
            };
            let len = end.saturating_sub(start) as usize;
            if len == 0 {
                return Ok(Vec::new());
            }
            // setproctitle(3) (nginx, postgres, sshd) writes its title over
            // the arguments and on into the environment: the arguments' last
            // NUL gone, Linux shows the string at the start, up to a page
            // (`get_mm_proctitle`).
            let last = k.read_user(pid, end.wrapping_sub(1), 1).unwrap_or_default();
            if file == PidFile::Cmdline && last.first().is_some_and(|&c| c != 0) {
                let page = (env_end.saturating_sub(start) as usize).clamp(len, 4096);
                let mut title = k.read_user(pid, start, page).unwrap_or_default();
                if let Some(nul) = title.iter().position(|&c| c == 0) {
                    title.truncate(nul + 1);
                }
                return Ok(title);
            }
            return Ok(k
                .read_user(pid, start, len.min(1 << 20))
                .unwrap_or_default());
        }
        PidFile::Comm => {
            s.push_str(&String::from_utf8_lossy(&task.comm));
            s.push('\n');
        }
        PidFile::Maps => {
            for vma in task.mm.borrow().vmas() {
                let p = |bit: u32, c: char| if vma.prot & bit != 0 { c } else { '-' };
                let (offset, (major, minor), ino) = match vma.backing {
                    Backing::File { ino, offset, .. } => (offset, k.fs.mount(ino).dev, ino.ino),
                    Backing::Anon => (0, (0, 0), 0),
                };
                let dev = format!("{major:02x}:{minor:02x}");
                let line = format!(
                    "{:08x}-{:08x} {}{}{}{} {offset:08x} {dev} {ino}",
                    vma.start,
                    vma.end,
                    p(1, 'r'),
                    p(2, 'w'),
                    p(4, 'x'),
                    if vma.shared { 's' } else { 'p' },
                );
                if vma.name.is_empty() {
                    let _ = writeln!(s, "{line}");
                } else {
                    let _ = writeln!(s, "{line:<72} {}", vma.name);
                }
            }
        }
        PidFile::Stat | PidFile::Statm | PidFile::Status => {
            let (vm_pages, rss) = {
                let mm = task.mm.borrow();
                let vm_pages: u64 = mm.vmas().map(|v| u64::from(v.end - v.start) / 4096).sum();
                // Resident: the pages the page table maps a frame for.
                let rss = mm
                    .vmas()
                    .flat_map(|v| (v.start..v.end).step_by(4096))
                    .filter(|&page| mm.space.frame_of(page).is_some())
                    .count() as u64;
                (vm_pages, rss)
            };
            let comm = String::from_utf8_lossy(&task.comm).into_owned();
            let tgid = task.tgid;
            let state = state_letter(task.state, task.stopped);
            // A tracee in a ptrace-stop is `t` (tracing stop).
            let state = if crate::syscall::ptrace::is_stopped(task) {
                't'
            } else {
                state
            };
            let tracer = crate::syscall::ptrace::tracer_pid(k, task);
            match file {
                PidFile::Stat => {
                    // proc(5): 52 fields; 14 and 16 utime and cutime in
                    // USER_HZ ticks, 26-30 startcode..kstkeip, 31-34 the
                    // signal sets, 38 exit_signal, 39 the CPU.
                    let utime = task.usage.process_ns / 10_000_000;
                    let cutime = task.usage.children_ns / 10_000_000;
                    let _ = writeln!(
                        s,
                        "{pid} ({comm}) {state} {} {} {} 0 -1 4194304 0 0 0 0 {utime} 0 {cutime} 0 {} {} {threads} 0 0 {} {rss} 4294967295 \
                         0 0 0 0 0 {} {} {} {} 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
                        task.ppid,
                        task.pgid,
                        task.sid,
                        // Priority (20 + nice for normal tasks) and nice.
                        20 + i32::from(task.nice),
                        task.nice,
                        vm_pages * 4096,
                        task.pending.0 as u32,
                        task.sigmask.0 as u32,
                        0,
                        0
                    );
                }
                PidFile::Statm => {
                    let _ = writeln!(s, "{vm_pages} {rss} 0 0 0 0 0");
                }
                _ => {
                    let c = &task.creds;
                    let _ = write!(
                        s,
                        "Name:\t{comm}\nUmask:\t{:04o}\nState:\t{state} ({})\nTgid:\t{tgid}\nNgid:\t0\nPid:\t{pid}\nPPid:\t{}\n\
                         TracerPid:\t{tracer}\nUid:\t{}\t{}\t{}\t{}\nGid:\t{}\t{}\t{}\t{}\nFDSize:\t{}\nGroups:\t{}\n\
                         VmSize:\t{:>8} kB\nVmRSS:\t{:>8} kB\nThreads:\t{threads}\nSigPnd:\t{:016x}\nShdPnd:\t0000000000000000\n\
                         SigBlk:\t{:016x}\n",
                        task.fs.borrow().umask,
                        state_name(state),
                        task.ppid,
                        c.uid,
                        c.euid,
                        c.suid,
                        c.euid,
                        c.gid,
                        c.egid,
                        c.sgid,
                        c.egid,
                        task.files.borrow().size(),
                        c.groups
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" "),
                        vm_pages * 4,
                        rss * 4,
                        task.pending.0,
                        task.sigmask.0,
                    );
                }
            }
        }
        PidFile::Mounts => return Ok(render_global(k, GlobalFile::Mounts)),
        PidFile::Limits => {
            // `proc_pid_limits` (fs/proc/base.c): names, units and widths.
            const NAMES: [(&str, &str); 16] = [
                ("Max cpu time", "seconds"),
                ("Max file size", "bytes"),
                ("Max data size", "bytes"),
                ("Max stack size", "bytes"),
                ("Max core file size", "bytes"),
                ("Max resident set", "bytes"),
                ("Max processes", "processes"),
                ("Max open files", "files"),
                ("Max locked memory", "bytes"),
                ("Max address space", "bytes"),
                ("Max file locks", "locks"),
                ("Max pending signals", "signals"),
                ("Max msgqueue size", "bytes"),
                ("Max nice priority", ""),
                ("Max realtime priority", ""),
                ("Max realtime timeout", "us"),
            ];
            let show = |v: u64| {
                if v == u64::MAX {
                    "unlimited".to_owned()
                } else {
                    v.to_string()
                }
            };
            let _ = writeln!(
                s,
                "{:<25} {:<20} {:<20} {:<10}",
                "Limit", "Soft Limit", "Hard Limit", "Units"
            );
            for (resource, (name, unit)) in (0u32..).zip(NAMES) {
                let (cur, max) = crate::syscall::task_rlimit(k, pid, resource)?;
                let line = format!("{name:<25} {:<20} {:<20} ", show(cur), show(max));
                if unit.is_empty() {
                    let _ = writeln!(s, "{line}");
                } else {
                    let _ = writeln!(s, "{line}{unit:<10}");
                }
            }
        }
        PidFile::Mountinfo => {
            // proc(5): ID parent major:minor root target options - type source superoptions
            for (i, m) in mount_table(k).iter().enumerate() {
                let parent = if i == 0 { 1 } else { 21 };
                let _ = writeln!(
                    s,
                    "{} {parent} {}:{} / {} {} - {} {} {}",
                    21 + i,
                    m.dev.0,
                    m.dev.1,
                    m.target,
                    m.options,
                    m.fstype,
                    m.source,
                    m.options.split(',').next().unwrap_or("rw")
                );
            }
        }
    }
    Ok(s.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_directory_has_its_own_inode_number() {
        let mut dirs = vec![
            ProcNode::Root,
            ProcNode::Dir("sys"),
            ProcNode::Pid(1),
            ProcNode::Pid(2),
            ProcNode::FdDir(1),
            ProcNode::TaskDir(1),
            ProcNode::Thread(1, 1),
            ProcNode::Thread(1, 2),
            ProcNode::Pid(70_000),
        ];
        dirs.extend(
            FIXED
                .iter()
                .filter(|(_, _, n)| matches!(n, ProcNode::Dir(_)))
                .map(|(_, _, n)| *n),
        );
        let mut inos: Vec<u32> = dirs.iter().map(|n| metadata(*n).ino).collect();
        inos.sort_unstable();
        inos.dedup();
        assert_eq!(inos.len(), dirs.len(), "{dirs:?}");
        assert!(!inos.contains(&0));
        assert_eq!(
            metadata(ProcNode::PidFile(7, PidFile::Stat)).ino,
            metadata(ProcNode::PidFile(7, PidFile::Stat)).ino
        );
    }

    #[test]
    fn sys_nodes_are_told_from_proc_nodes() {
        assert!(in_sysfs(ProcNode::Dir("sys")));
        assert!(in_sysfs(ProcNode::Dir("sys/devices/system/cpu")));
        assert!(in_sysfs(ProcNode::File(GlobalFile::CpuOnline)));
        assert!(!in_sysfs(ProcNode::Dir("proc/sys")));
        assert!(!in_sysfs(ProcNode::File(GlobalFile::Cpuinfo)));
        assert!(!in_sysfs(ProcNode::Root));
    }
}
