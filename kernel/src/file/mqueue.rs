//! POSIX message queues (`mq_overview(7)`): a named queue of prioritised
//! messages, and the descriptor `mq_open` gives for it. The names live in
//! the machine's IPC state ([`crate::ipc::Ipc::mqueues`]); a queue stays
//! while a descriptor holds it, after `mq_unlink` too.
//!
//! A descriptor polls readable while messages wait and writable while
//! there is room; reading it gives the status line Linux's mqueue file
//! system shows (`mqueue_read_file`).

use super::{FileOps, synthetic};
use crate::Kernel;
use crate::abi::flags::poll::{POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM};
use crate::error::SysResult;
use crate::task::{Creds, Pid};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use tabvm_fs::Metadata;

/// How a queue tells its registered process that a message came to it
/// empty (`mq_notify(3)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notify {
    /// The registered process (its thread-group leader).
    pub owner: Pid,
    /// `SIGEV_NONE` (0) or the signal to send (`SIGEV_SIGNAL`).
    pub signo: u32,
    /// `sigev_value`, passed in the signal's `si_value`.
    pub value: u32,
}

/// A message queue: its limits, owner and messages.
#[derive(Debug)]
pub struct MessageQueue {
    /// Most messages it holds (`mq_maxmsg`).
    pub max_messages: u32,
    /// Largest message (`mq_msgsize`).
    pub message_size: u32,
    pub uid: u32,
    pub gid: u32,
    /// Permission bits.
    pub mode: u32,
    /// Messages with their priorities, highest priority first, in the
    /// order sent within one priority.
    messages: Vec<(u32, Vec<u8>)>,
    pub notify: Option<Notify>,
    /// Receivers that parked on the empty queue (some may have left since;
    /// a notification goes only when none still waits).
    pub receivers: BTreeSet<Pid>,
}

impl MessageQueue {
    #[must_use]
    pub fn new(max_messages: u32, message_size: u32, creds: &Creds, mode: u32) -> Self {
        MessageQueue {
            max_messages,
            message_size,
            uid: creds.euid,
            gid: creds.egid,
            mode,
            messages: Vec::new(),
            notify: None,
            receivers: BTreeSet::new(),
        }
    }

    /// Messages waiting (`mq_curmsgs`).
    #[must_use]
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    #[must_use]
    pub fn is_full(&self) -> bool {
        self.messages.len() >= self.max_messages as usize
    }

    /// Queues `data` behind the messages of its priority and above.
    pub fn push(&mut self, priority: u32, data: Vec<u8>) {
        let at = self.messages.partition_point(|(p, _)| *p >= priority);
        self.messages.insert(at, (priority, data));
    }

    /// The oldest message of the highest priority, with that priority.
    pub fn pop(&mut self) -> Option<(u32, Vec<u8>)> {
        (!self.messages.is_empty()).then(|| self.messages.remove(0))
    }

    /// Whether `creds` may access the queue for `want` (`r` 4, `w` 2),
    /// as `inode_permission` decides on the file system's inode.
    #[must_use]
    pub fn allows(&self, creds: &Creds, want: u32) -> bool {
        let granted = if creds.euid == self.uid {
            self.mode >> 6
        } else if creds.egid == self.gid || creds.groups.contains(&self.gid) {
            self.mode >> 3
        } else {
            self.mode
        };
        creds.euid == 0 || want & !granted & 7 == 0
    }

    fn readiness(&self) -> u16 {
        let mut ev = 0;
        if !self.is_empty() {
            ev |= POLLIN | POLLRDNORM;
        }
        if !self.is_full() {
            ev |= POLLOUT | POLLWRNORM;
        }
        ev
    }
}

/// An open message queue.
pub struct MqueueFile {
    pub queue: Rc<RefCell<MessageQueue>>,
}

impl FileOps for MqueueFile {
    fn read(&self, _: &mut Kernel, _: Pid, len: usize, pos: u64) -> SysResult<Vec<u8>> {
        let q = self.queue.borrow();
        let bytes: usize = q.messages.iter().map(|(_, m)| m.len()).sum();
        let (notify, signo, pid) = match q.notify {
            Some(n) => (i32::from(n.signo == 0), n.signo, n.owner),
            None => (0, 0, 0),
        };
        let line =
            format!("QSIZE:{bytes:<10} NOTIFY:{notify:<5} SIGNO:{signo:<5} NOTIFY_PID:{pid:<6}\n");
        let start = usize::try_from(pos).unwrap_or(usize::MAX).min(line.len());
        let end = start.saturating_add(len).min(line.len());
        Ok(line.as_bytes()[start..end].to_vec())
    }

    fn write(&self, _: &mut Kernel, _: Pid, _: &[u8], _: u64, _: bool) -> SysResult<(usize, u64)> {
        // `mqueue_file_operations` has no write.
        Err(crate::abi::errno::Errno::EINVAL.into())
    }

    fn stat(&self, _: &mut Kernel) -> SysResult<Metadata> {
        let q = self.queue.borrow();
        let mut meta = synthetic(0o100_000 | (q.mode & 0o777), 80);
        meta.uid = q.uid;
        meta.gid = q.gid;
        Ok(meta)
    }

    fn poll(&self, _: &Kernel) -> u16 {
        self.queue.borrow().readiness()
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_leave_by_priority_then_in_order() {
        let creds = Creds::default();
        let mut q = MessageQueue::new(3, 8, &creds, 0o600);
        q.push(1, b"a".to_vec());
        q.push(5, b"b".to_vec());
        q.push(1, b"c".to_vec());
        assert!(q.is_full());
        assert_eq!(q.pop(), Some((5, b"b".to_vec())));
        assert_eq!(q.pop(), Some((1, b"a".to_vec())));
        assert_eq!(q.pop(), Some((1, b"c".to_vec())));
        assert_eq!(q.pop(), None);
    }
}
