//! POSIX message queues (`mq_overview(7)`): `mq_open`, `mq_unlink`,
//! `mq_timedsend`, `mq_timedreceive` (and their time64 forms), `mq_notify`
//! and `mq_getsetattr`, with the limits, checks and their order of
//! Linux's ipc/mqueue.c. The queue itself is [`MessageQueue`].
//!
//! A sender or receiver that must wait parks on [`Wait::Io`] (every queue
//! change wakes those), its absolute CLOCK_REALTIME deadline kept on the
//! task across the call's reruns.

use super::{Args, fd_file, read_timespec};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::clock::{SIGEV_NONE, SIGEV_SIGNAL, SIGEV_THREAD};
use crate::abi::flags::open::{O_ACCMODE, O_CREAT, O_EXCL, O_NONBLOCK, O_RDONLY, O_WRONLY};
use crate::abi::flags::rlimit::RLIMIT_MSGQUEUE;
use crate::abi::signal::code::SI_MESGQ;
use crate::abi::signal::{NSIG, SigEvent, SigFields, SigInfo};
use crate::abi::structs::MqAttr;
use crate::error::{SysErr, SysResult, Wait};
use crate::file::mqueue::{MessageQueue, MqueueFile, Notify};
use crate::file::{FileRef, OpenFile};
use crate::task::{Pid, State};
use std::cell::RefCell;
use std::rc::Rc;

/// `mq_maxmsg` and `mq_msgsize` without attributes, and the most an
/// unprivileged caller may ask for (`/proc/sys/fs/mqueue/msg_default`,
/// `msg_max`, `msgsize_default`, `msgsize_max`).
const MSG_MAX: i32 = 10;
const MSGSIZE_MAX: i32 = 8192;
/// The most anyone may ask for (`HARD_MSGMAX`, `HARD_MSGSIZEMAX`).
const HARD_MSG_MAX: i32 = 65536;
const HARD_MSGSIZE_MAX: i32 = 16 << 20;
/// Queues an unprivileged caller may create (`queues_max`).
const QUEUES_MAX: usize = 256;
/// Priorities run below this (`MQ_PRIO_MAX`).
const PRIO_MAX: u32 = 32768;
/// Bytes of kernel bookkeeping per message and per priority that count
/// against RLIMIT_MSGQUEUE (`struct msg_msg`, `struct
/// posix_msg_tree_node` on x86-64).
const MSG_OVERHEAD: u64 = 48;
/// `NAME_MAX`.
const NAME_MAX: usize = 255;

/// What a queue charges its creator's RLIMIT_MSGQUEUE (`mqueue_get_inode`).
fn charge(q: &MessageQueue) -> u64 {
    let max = u64::from(q.max_messages);
    max * MSG_OVERHEAD
        + max.min(u64::from(PRIO_MAX)) * MSG_OVERHEAD
        + max * u64::from(q.message_size)
}

/// The queue name at `addr`, without glibc's leading slash (which glibc
/// strips): ENOENT if empty, EACCES for `.`, `..` or a slash in it
/// (`lookup_one_common`), ENAMETOOLONG past NAME_MAX.
fn queue_name(k: &mut Kernel, tid: Pid, addr: u32) -> SysResult<Vec<u8>> {
    let name = k.read_user_cstr(tid, addr, crate::vfs::PATH_MAX)?;
    if name.is_empty() {
        return Err(Errno::ENOENT.into());
    }
    if name.len() > NAME_MAX {
        return Err(Errno::ENAMETOOLONG.into());
    }
    if name == b"." || name == b".." || name.contains(&b'/') {
        return Err(Errno::EACCES.into());
    }
    Ok(name)
}

/// The queue behind descriptor `fd` (EBADF for any other file).
fn queue_of(k: &mut Kernel, tid: Pid, fd: u32) -> SysResult<(FileRef, Rc<RefCell<MessageQueue>>)> {
    let file = fd_file(k, tid, fd)?;
    let queue = {
        let f = file.borrow();
        let mq = f.ops.as_any().and_then(|a| a.downcast_ref::<MqueueFile>());
        mq.map(|m| Rc::clone(&m.queue))
    };
    queue.map(|q| (file, q)).ok_or(SysErr::Errno(Errno::EBADF))
}

/// Implements Linux syscall mq_open(2).
pub(super) fn mq_open(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let (oflag, mode, attr_addr) = (a[1], a[2], a[3]);
    let attr = if attr_addr != 0 && oflag & O_CREAT != 0 {
        let raw = k.read_user(tid, attr_addr, MqAttr::SIZE)?;
        Some(MqAttr::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?)
    } else {
        None
    };
    let name = queue_name(k, tid, a[0])?;
    let creds = k.task(tid)?.creds.clone();
    let existing = k.ipc.mqueues.get(&name).cloned();
    let queue = match existing {
        Some(_) if oflag & (O_CREAT | O_EXCL) == O_CREAT | O_EXCL => {
            return Err(Errno::EEXIST.into());
        }
        Some(queue) => {
            let want = match oflag & O_ACCMODE {
                O_RDONLY => 4,
                O_WRONLY => 2,
                O_ACCMODE => return Err(Errno::EINVAL.into()),
                _ => 6,
            };
            if !queue.borrow().allows(&creds, want) {
                return Err(Errno::EACCES.into());
            }
            queue
        }
        None if oflag & O_CREAT == 0 => return Err(Errno::ENOENT.into()),
        None => {
            let privileged = creds.euid == 0;
            let (max, size) = match attr {
                None => (MSG_MAX, MSGSIZE_MAX),
                Some(attr) => {
                    let (max, size) = (attr.maxmsg, attr.msgsize);
                    let (max_limit, size_limit) = if privileged {
                        (HARD_MSG_MAX, HARD_MSGSIZE_MAX)
                    } else {
                        (MSG_MAX, MSGSIZE_MAX)
                    };
                    if max <= 0 || size <= 0 || max > max_limit || size > size_limit {
                        return Err(Errno::EINVAL.into());
                    }
                    (max, size)
                }
            };
            if !privileged && k.ipc.mqueues.len() >= QUEUES_MAX {
                return Err(Errno::ENOSPC.into());
            }
            if oflag & O_ACCMODE == O_ACCMODE {
                return Err(Errno::EINVAL.into());
            }
            let umask = k.task(tid)?.fs.borrow().umask;
            let queue = MessageQueue::new(max as u32, size as u32, &creds, mode & !umask & 0o777);
            let charged: u64 = k
                .ipc
                .mqueues
                .values()
                .map(|q| q.borrow())
                .filter(|q| q.uid == creds.euid)
                .map(|q| charge(&q))
                .sum();
            let (limit, _) = super::task_rlimit(k, tid, RLIMIT_MSGQUEUE)?;
            if charged.saturating_add(charge(&queue)) > limit {
                return Err(Errno::EMFILE.into());
            }
            let queue = Rc::new(RefCell::new(queue));
            k.ipc.mqueues.insert(name.clone(), Rc::clone(&queue));
            queue
        }
    };
    let mut path = b"/".to_vec();
    path.extend_from_slice(&name);
    let file = OpenFile::new(
        Rc::new(MqueueFile { queue }),
        oflag & (O_ACCMODE | O_NONBLOCK),
        &path,
    );
    // Every message queue descriptor is close-on-exec (`O_CLOEXEC` in
    // `do_mq_open`'s `get_unused_fd_flags`), whatever the flags say.
    super::install(k, tid, file, true)
}

/// Implements Linux syscall mq_unlink(2): the name goes; open descriptors
/// keep the queue. Only its owner or root may remove it (the sticky
/// directory's rule).
pub(super) fn mq_unlink(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let name = queue_name(k, tid, a[0])?;
    let euid = k.task(tid)?.creds.euid;
    let queue = k
        .ipc
        .mqueues
        .get(&name)
        .ok_or(SysErr::Errno(Errno::ENOENT))?;
    if euid != 0 && queue.borrow().uid != euid {
        return Err(Errno::EPERM.into());
    }
    k.ipc.mqueues.remove(&name);
    Ok(0)
}

/// The deadline of an absolute CLOCK_REALTIME timeout at `addr` (0: none),
/// on the monotonic clock; kept on the task across reruns.
fn deadline(k: &mut Kernel, tid: Pid, addr: u32, time64: bool) -> SysResult<Option<u64>> {
    if addr == 0 {
        return Ok(None);
    }
    if let Some(deadline) = k.task(tid)?.sleep_deadline {
        return Ok(Some(deadline));
    }
    let wall = read_timespec(k, tid, addr, time64)?;
    let now = k.host.monotonic_ns();
    let deadline = now.saturating_add(wall.saturating_sub(k.host.realtime_ns()));
    Ok(Some(deadline))
}

/// Parks until the queue changes, or fails: EAGAIN for a non-blocking
/// descriptor, ETIMEDOUT once the deadline has passed.
fn park(k: &mut Kernel, tid: Pid, file: &FileRef, deadline: Option<u64>) -> SysErr {
    if file.borrow().flags & O_NONBLOCK != 0 {
        return Errno::EAGAIN.into();
    }
    if let Some(deadline) = deadline {
        if k.host.monotonic_ns() >= deadline {
            return Errno::ETIMEDOUT.into();
        }
        if let Ok(task) = k.task_mut(tid) {
            task.sleep_deadline = Some(deadline);
        }
    }
    SysErr::Block(Wait::Io)
}

/// Ends a send or receive: a deadline it set ends with it.
fn finish(k: &mut Kernel, tid: Pid, r: SysResult) -> SysResult {
    if !matches!(r, Err(SysErr::Block(_)))
        && let Ok(task) = k.task_mut(tid)
    {
        task.sleep_deadline = None;
    }
    r
}

/// Implements Linux syscall mq_timedsend(2) (a 32-bit timespec).
pub(super) fn mq_timedsend(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let r = send(k, tid, a, false);
    finish(k, tid, r)
}

/// Implements Linux syscall mq_timedsend_time64(2).
pub(super) fn mq_timedsend_time64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let r = send(k, tid, a, true);
    finish(k, tid, r)
}

/// Implements Linux syscall mq_timedreceive(2) (a 32-bit timespec).
pub(super) fn mq_timedreceive(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let r = receive(k, tid, a, false);
    finish(k, tid, r)
}

/// Implements Linux syscall mq_timedreceive_time64(2).
pub(super) fn mq_timedreceive_time64(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let r = receive(k, tid, a, true);
    finish(k, tid, r)
}

fn send(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    let (msg, len, priority) = (a[1], a[2] as usize, a[3]);
    let deadline = deadline(k, tid, a[4], time64)?;
    if priority >= PRIO_MAX {
        return Err(Errno::EINVAL.into());
    }
    let (file, queue) = queue_of(k, tid, a[0])?;
    if file.borrow().flags & O_ACCMODE == O_RDONLY {
        return Err(Errno::EBADF.into());
    }
    if len > queue.borrow().message_size as usize {
        return Err(Errno::EMSGSIZE.into());
    }
    let data = k.read_user(tid, msg, len)?;
    if queue.borrow().is_full() {
        return Err(park(k, tid, &file, deadline));
    }
    let was_empty = queue.borrow().is_empty();
    queue.borrow_mut().push(priority, data);
    k.wake(|w| w == Wait::Io);
    if was_empty {
        notify(k, tid, &queue);
    }
    Ok(0)
}

/// A message came to an empty queue: its registered process hears of it,
/// once, unless a receiver is already waiting for it (`__do_notify`).
fn notify(k: &mut Kernel, tid: Pid, queue: &Rc<RefCell<MessageQueue>>) {
    let Some(n) = queue.borrow().notify else {
        return;
    };
    let waiting = queue.borrow().receivers.iter().any(|t| {
        *t != tid
            && k.tasks
                .get(t)
                .is_some_and(|task| matches!(task.state, State::Blocked { wait: Wait::Io, .. }))
    });
    if waiting {
        return;
    }
    queue.borrow_mut().notify = None;
    if n.signo != 0 {
        let (pid, uid) = k.task(tid).map_or((0, 0), |t| (t.tgid, t.creds.uid));
        let info = SigInfo::new(
            n.signo,
            SI_MESGQ,
            SigFields::Rt {
                pid,
                uid,
                value: n.value,
            },
        );
        crate::signal::send_process(k, n.owner, n.signo, info);
    }
}

fn receive(k: &mut Kernel, tid: Pid, a: Args, time64: bool) -> SysResult {
    let (buf, len, prio_addr) = (a[1], a[2] as usize, a[3]);
    let deadline = deadline(k, tid, a[4], time64)?;
    let (file, queue) = queue_of(k, tid, a[0])?;
    if file.borrow().flags & O_ACCMODE == O_WRONLY {
        return Err(Errno::EBADF.into());
    }
    if len < queue.borrow().message_size as usize {
        return Err(Errno::EMSGSIZE.into());
    }
    let taken = queue.borrow_mut().pop();
    let Some((priority, data)) = taken else {
        let wait = park(k, tid, &file, deadline);
        if matches!(wait, SysErr::Block(_)) {
            queue.borrow_mut().receivers.insert(tid);
        }
        return Err(wait);
    };
    queue.borrow_mut().receivers.remove(&tid);
    k.wake(|w| w == Wait::Io);
    // A message taken is gone even when it cannot be stored (as on Linux).
    if prio_addr != 0 {
        k.write_user_u32(tid, prio_addr, priority)?;
    }
    k.write_user(tid, buf, &data)?;
    Ok(data.len() as u32)
}

/// Implements Linux syscall mq_notify(2): SIGEV_NONE and SIGEV_SIGNAL
/// (glibc's SIGEV_THREAD needs a netlink socket, which there is not).
pub(super) fn mq_notify(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let event = if a[1] == 0 {
        None
    } else {
        let raw = k.read_user(tid, a[1], SigEvent::SIZE)?;
        let event = SigEvent::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
        match event.notify {
            SIGEV_NONE => {}
            SIGEV_SIGNAL if event.signo <= NSIG => {}
            SIGEV_THREAD => {
                // The descriptor in sigev_signo must be a netlink socket.
                let file = fd_file(k, tid, event.signo)?;
                let is_socket = file.borrow().ops.socket().is_some();
                return Err(if is_socket {
                    Errno::ECONNREFUSED
                } else {
                    Errno::ENOTSOCK
                }
                .into());
            }
            _ => return Err(Errno::EINVAL.into()),
        }
        Some(event)
    };
    let (_, queue) = queue_of(k, tid, a[0])?;
    let tgid = k.task(tid)?.tgid;
    let current = queue.borrow().notify;
    // A registration whose process is gone has lapsed (its descriptors
    // closed, `mqueue_flush_file`).
    let current = current.filter(|n| k.tasks.contains_key(&n.owner));
    match event {
        None => {
            if current.is_none_or(|n| n.owner == tgid) {
                queue.borrow_mut().notify = None;
            }
        }
        Some(_) if current.is_some() => return Err(Errno::EBUSY.into()),
        Some(event) => {
            let signo = if event.notify == SIGEV_SIGNAL {
                event.signo
            } else {
                0
            };
            queue.borrow_mut().notify = Some(Notify {
                owner: tgid,
                signo,
                value: event.value,
            });
        }
    }
    Ok(0)
}

/// Implements Linux syscall mq_getsetattr(2): the attributes, and
/// O_NONBLOCK (the only flag that can be set) on the descriptor.
pub(super) fn mq_getsetattr(k: &mut Kernel, tid: Pid, a: Args) -> SysResult {
    let new = if a[1] == 0 {
        None
    } else {
        let raw = k.read_user(tid, a[1], MqAttr::SIZE)?;
        let attr = MqAttr::parse(&raw).map_err(|_| SysErr::Errno(Errno::EFAULT))?;
        if attr.flags & !O_NONBLOCK != 0 {
            return Err(Errno::EINVAL.into());
        }
        Some(attr)
    };
    let (file, queue) = queue_of(k, tid, a[0])?;
    let old = {
        let q = queue.borrow();
        MqAttr {
            flags: file.borrow().flags & O_NONBLOCK,
            maxmsg: q.max_messages as i32,
            msgsize: q.message_size as i32,
            curmsgs: q.len() as i32,
        }
    };
    if let Some(new) = new {
        let mut f = file.borrow_mut();
        f.flags = (f.flags & !O_NONBLOCK) | (new.flags & O_NONBLOCK);
    }
    if a[2] != 0 {
        let mut raw = vec![0; MqAttr::SIZE];
        old.emit(&mut raw)
            .map_err(|_| SysErr::Errno(Errno::EFAULT))?;
        k.write_user(tid, a[2], &raw)?;
    }
    Ok(0)
}
