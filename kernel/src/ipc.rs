//! System V IPC objects (svipc(7)): shared memory segments, semaphore
//! sets and message queues, with their keys, ids and permissions.
//!
//! Layer: kernel state; the handlers in `syscall/ipc.rs` copy to and from
//! the guest. The bookkeeping at the end looks at every task (attach
//! counts, parked callers, exits) and renders `/proc/sysvipc`. Each kind lives in a
//! [`Table`] that numbers objects as Linux does (`ipc/util.c`): the id is
//! `seq * 32768 + index`, the index the lowest free slot, `seq` a counter
//! of the kind; a stale id (right index, old `seq`) is EINVAL.
//!
//! Invariants: a [`Segment`] holds one reference to each of its frames
//! (allocated at the first attach), so they outlive every detach until the
//! segment is freed; attaches are the VMAs that map those frames (counted
//! by `syscall::ipc`, never stored, so fork, exec and exit need no hooks).
//! Semaphore values stay in `0..=SEMVMX`; a queue's bytes stay within its
//! `qbytes`. Nothing here panics on guest input.

use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::ipc::{self as abi, IPC_PRIVATE, Ipc64Perm, OldIpcPerm, SemBuf};
use crate::file::mqueue::MessageQueue;
use crate::task::{Creds, Pid};
use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;
use tabvm_cpu::mmu::{Frame, Memory};

/// Slots per kind (`IPCMNI`): an id is `seq * IPCMNI + index`.
pub const IPCMNI: u32 = 32768;
/// Host memory guards (the guest's memory limit does not cover kernel
/// objects): semaphores of all sets together, and the bytes of all queued
/// messages counting [`MESSAGE_COST`] each. Past them `semget` fails with
/// ENOSPC and `msgsnd` waits as if its queue were full.
pub const SEMS_MAX: u64 = 1 << 20;
pub const MESSAGE_BYTES_MAX: u64 = 64 << 20;
pub const MESSAGE_COST: u64 = 64;
/// Sequence numbers wrap past this (`IPCID_SEQ_MAX`, `INT_MAX >> 15`).
const SEQ_MAX: u16 = u16::MAX;

/// `struct kern_ipc_perm`: who owns an object and who may use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Perm {
    pub key: i32,
    pub id: u32,
    pub uid: u32,
    pub gid: u32,
    pub cuid: u32,
    pub cgid: u32,
    /// The nine permission bits, plus `SHM_DEST`/`SHM_LOCKED` for segments.
    pub mode: u16,
    pub seq: u16,
}

impl Perm {
    fn new(key: i32, creds: &Creds, flags: u32) -> Perm {
        Perm {
            key,
            id: 0,
            uid: creds.euid,
            gid: creds.egid,
            cuid: creds.euid,
            cgid: creds.egid,
            mode: (flags & 0o777) as u16,
            seq: 0,
        }
    }

    /// Linux's `ipcperms`: whether `creds` may have the access `flag` asks
    /// (its `0o444` bits read, `0o222` write). Root passes
    /// (`CAP_IPC_OWNER`).
    #[must_use]
    pub fn allows(&self, creds: &Creds, flag: u32) -> bool {
        let requested = ((flag >> 6) | (flag >> 3) | flag) & 0o7;
        let mut granted = u32::from(self.mode);
        let in_group = |g: u32| creds.egid == g || creds.groups.contains(&g);
        if creds.euid == self.uid || creds.euid == self.cuid {
            granted >>= 6;
        } else if in_group(self.gid) || in_group(self.cgid) {
            granted >>= 3;
        }
        requested & !granted & 0o7 == 0 || creds.euid == 0
    }

    /// `ipcctl_obtain_check`: the owner, the creator or root may change or
    /// remove an object (else EPERM).
    #[must_use]
    pub fn may_control(&self, creds: &Creds) -> bool {
        creds.euid == 0 || creds.euid == self.uid || creds.euid == self.cuid
    }

    /// `ipc_update_perm`: IPC_SET's new owner and permission bits.
    pub fn update(&mut self, uid: u32, gid: u32, mode: u16) {
        self.uid = uid;
        self.gid = gid;
        self.mode = (self.mode & !0o777) | (mode & 0o777);
    }

    #[must_use]
    pub fn to_abi64(&self) -> [u8; 36] {
        Ipc64Perm {
            key: self.key,
            uid: self.uid,
            gid: self.gid,
            cuid: self.cuid,
            cgid: self.cgid,
            mode: self.mode,
            seq: self.seq,
        }
        .to_bytes()
    }

    /// The old layout: ids past 16 bits show as the overflow id (65534).
    #[must_use]
    pub fn to_abi_old(&self) -> [u8; 16] {
        let low = |v: u32| u16::try_from(v).unwrap_or(65534);
        OldIpcPerm {
            key: self.key,
            uid: low(self.uid),
            gid: low(self.gid),
            cuid: low(self.cuid),
            cgid: low(self.cgid),
            mode: self.mode,
            seq: self.seq,
        }
        .to_bytes()
    }
}

/// What every IPC object has.
pub trait Object {
    fn perm(&self) -> &Perm;
    fn perm_mut(&mut self) -> &mut Perm;
}

/// The objects of one kind, by index (`struct ipc_ids`).
pub struct Table<T> {
    slots: Vec<Option<T>>,
    seq: u16,
    limit: u32,
}

impl<T: Object> Table<T> {
    fn new(limit: u32) -> Self {
        Table {
            slots: Vec::new(),
            seq: 0,
            limit: limit.min(IPCMNI),
        }
    }

    /// The id of the object named `key` (never `IPC_PRIVATE`).
    #[must_use]
    pub fn find_key(&self, key: i32) -> Option<u32> {
        if key == IPC_PRIVATE {
            return None;
        }
        self.iter()
            .find(|o| o.perm().key == key)
            .map(|o| o.perm().id)
    }

    fn index(&self, id: i32) -> Result<usize, Errno> {
        let id = u32::try_from(id).map_err(|_| Errno::EINVAL)?;
        let index = (id % IPCMNI) as usize;
        match self.slots.get(index) {
            Some(Some(o)) if o.perm().id == id => Ok(index),
            _ => Err(Errno::EINVAL),
        }
    }

    /// The object with `id` (EINVAL if none, or if the id is stale).
    pub fn get(&self, id: i32) -> Result<&T, Errno> {
        let i = self.index(id)?;
        self.slots
            .get(i)
            .and_then(Option::as_ref)
            .ok_or(Errno::EINVAL)
    }

    pub fn get_mut(&mut self, id: i32) -> Result<&mut T, Errno> {
        let i = self.index(id)?;
        self.slots
            .get_mut(i)
            .and_then(Option::as_mut)
            .ok_or(Errno::EINVAL)
    }

    /// What the `IPC_STAT`/`*_STAT`/`*_STAT_ANY` commands show (`*ctl`):
    /// IPC_STAT names the object by id and returns 0, the others by slot
    /// index and return its id; all but `*_STAT_ANY` need read permission.
    pub fn stat(&self, id: i32, by_id: bool, any: bool, creds: &Creds) -> Result<(&T, u32), Errno> {
        let object = if by_id {
            self.get(id)?
        } else {
            self.at_index(id as u32).ok_or(Errno::EINVAL)?
        };
        if !any && !object.perm().allows(creds, 0o444) {
            return Err(Errno::EACCES);
        }
        Ok((object, if by_id { 0 } else { object.perm().id }))
    }

    /// The object in slot `index` (`*_STAT` commands take an index).
    #[must_use]
    pub fn at_index(&self, index: u32) -> Option<&T> {
        self.slots.get(index as usize).and_then(Option::as_ref)
    }

    /// Adds `object` in the lowest free slot, numbering it (ENOSPC past
    /// the kind's limit). Returns its id.
    pub fn insert(&mut self, mut object: T) -> Result<u32, Errno> {
        let index = match self.slots.iter().position(Option::is_none) {
            Some(i) => i,
            None if (self.slots.len() as u32) < self.limit => {
                self.slots.push(None);
                self.slots.len() - 1
            }
            None => return Err(Errno::ENOSPC),
        };
        let seq = self.seq;
        self.seq = if self.seq == SEQ_MAX { 0 } else { self.seq + 1 };
        let id = u32::from(seq) * IPCMNI + index as u32;
        let perm = object.perm_mut();
        perm.seq = seq;
        perm.id = id;
        self.slots[index] = Some(object);
        Ok(id)
    }

    pub fn remove(&mut self, id: i32) -> Option<T> {
        let i = self.index(id).ok()?;
        let removed = self.slots.get_mut(i).and_then(Option::take);
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        removed
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.slots.iter().filter_map(Option::as_ref)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.slots.iter_mut().filter_map(Option::as_mut)
    }

    /// How many objects exist.
    #[must_use]
    pub fn count(&self) -> u32 {
        self.iter().count() as u32
    }

    /// The highest index in use, 0 if none (what `IPC_INFO` returns).
    #[must_use]
    pub fn max_index(&self) -> u32 {
        self.slots.iter().rposition(Option::is_some).unwrap_or(0) as u32
    }
}

/// A shared memory segment.
pub struct Segment {
    pub perm: Perm,
    pub size: u32,
    /// Its pages, allocated at the first attach; the segment holds one
    /// reference to each.
    pub frames: Vec<Frame>,
    pub atime: u32,
    pub dtime: u32,
    pub ctime: u32,
    pub cpid: Pid,
    pub lpid: Pid,
}

impl Segment {
    /// Pages the segment spans.
    #[must_use]
    pub fn pages(&self) -> u32 {
        self.size.div_ceil(4096)
    }

    /// Whether IPC_RMID marked it (it goes with its last detach).
    #[must_use]
    pub fn destroyed(&self) -> bool {
        self.perm.mode & abi::shm::SHM_DEST != 0
    }

    /// Allocates its frames (zeroed) if not yet done; ENOMEM past the
    /// machine's memory, with nothing kept.
    pub fn populate(&mut self, mem: &mut Memory) -> Result<(), Errno> {
        if !self.frames.is_empty() {
            return Ok(());
        }
        let mut frames = Vec::new();
        for _ in 0..self.pages() {
            let Ok(f) = mem.alloc_frame() else {
                for f in frames {
                    mem.frame_unref(f);
                }
                return Err(Errno::ENOMEM);
            };
            frames.push(f);
        }
        self.frames = frames;
        Ok(())
    }

    /// Gives its frames back (mappings keep the references they hold).
    pub fn release(self, mem: &mut Memory) {
        for f in self.frames {
            mem.frame_unref(f);
        }
    }
}

impl Object for Segment {
    fn perm(&self) -> &Perm {
        &self.perm
    }
    fn perm_mut(&mut self) -> &mut Perm {
        &mut self.perm
    }
}

/// One semaphore: its value and the last process to change it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sem {
    pub val: i32,
    pub pid: Pid,
}

/// A semaphore set.
pub struct SemSet {
    pub perm: Perm,
    pub sems: Vec<Sem>,
    pub otime: u32,
    pub ctime: u32,
}

impl Object for SemSet {
    fn perm(&self) -> &Perm {
        &self.perm
    }
    fn perm_mut(&mut self) -> &mut Perm {
        &mut self.perm
    }
}

/// Why a set of semaphore operations cannot complete now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SemStop {
    /// Operation on `semnum` must wait (for zero, or for an increase);
    /// `nowait` if it has IPC_NOWAIT (EAGAIN).
    Block {
        semnum: u16,
        zero: bool,
        nowait: bool,
    },
    /// A value or an undo adjustment would leave its range (ERANGE).
    Range,
}

/// `perform_atomic_semop`: applies `ops` in order to a copy of `sems`
/// (with `undo`, the caller's adjustments, for `SEM_UNDO` ops) and returns
/// the new values and adjustments, or why it cannot. Every `num` must be in
/// range (the caller checked: EFBIG).
pub fn try_semop(
    sems: &[Sem],
    ops: &[SemBuf],
    undo: &[i32],
) -> Result<(Vec<i32>, Vec<i32>), SemStop> {
    let mut vals: Vec<i32> = sems.iter().map(|s| s.val).collect();
    let mut adj: Vec<i32> = undo.to_vec();
    adj.resize(sems.len(), 0);
    for op in ops {
        let n = usize::from(op.num);
        let (Some(val), Some(a)) = (vals.get_mut(n), adj.get_mut(n)) else {
            return Err(SemStop::Range);
        };
        let delta = i32::from(op.op);
        let nowait = u32::from(op.flg) & abi::IPC_NOWAIT != 0;
        if delta == 0 && *val != 0 {
            return Err(SemStop::Block {
                semnum: op.num,
                zero: true,
                nowait,
            });
        }
        let result = *val + delta;
        if result < 0 {
            return Err(SemStop::Block {
                semnum: op.num,
                zero: false,
                nowait,
            });
        }
        if result > abi::sem::SEMVMX {
            return Err(SemStop::Range);
        }
        if op.flg & abi::sem::SEM_UNDO != 0 {
            let undo = *a - delta;
            if !(-abi::sem::SEMAEM - 1..=abi::sem::SEMAEM).contains(&undo) {
                return Err(SemStop::Range);
            }
            *a = undo;
        }
        *val = result;
    }
    Ok((vals, adj))
}

/// One message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub mtype: i32,
    pub text: Vec<u8>,
}

/// A message queue.
pub struct Queue {
    pub perm: Perm,
    pub msgs: VecDeque<Message>,
    pub cbytes: u32,
    pub qbytes: u32,
    pub stime: u32,
    pub rtime: u32,
    pub ctime: u32,
    pub lspid: Pid,
    pub lrpid: Pid,
}

impl Object for Queue {
    fn perm(&self) -> &Perm {
        &self.perm
    }
    fn perm_mut(&mut self) -> &mut Perm {
        &mut self.perm
    }
}

impl Queue {
    /// Whether a message of `len` bytes fits (`msg_fits_inqueue`).
    #[must_use]
    pub fn fits(&self, len: u32) -> bool {
        u64::from(len) + u64::from(self.cbytes) <= u64::from(self.qbytes)
            && (self.msgs.len() as u64) < u64::from(self.qbytes)
    }

    /// The message `msgrcv` takes for `msgtyp` (`find_msg`): 0 the first;
    /// above 0 the first of that type (of another type with `except`);
    /// below 0 the first of the lowest type at most `|msgtyp|`.
    #[must_use]
    pub fn find(&self, msgtyp: i32, except: bool) -> Option<usize> {
        if msgtyp == 0 {
            return (!self.msgs.is_empty()).then_some(0);
        }
        if msgtyp > 0 {
            return self.msgs.iter().position(|m| (m.mtype == msgtyp) != except);
        }
        let limit = msgtyp.checked_neg().unwrap_or(i32::MAX);
        let mut best: Option<(usize, i32)> = None;
        for (i, m) in self.msgs.iter().enumerate() {
            if m.mtype <= limit && best.is_none_or(|(_, t)| m.mtype < t) {
                best = Some((i, m.mtype));
            }
        }
        best.map(|(i, _)| i)
    }
}

/// What a parked IPC call waits for: counted by GETNCNT/GETZCNT, and told
/// EIDRM if its object goes meanwhile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiter {
    pub kind: Kind,
    pub id: u32,
    /// For a semaphore wait: the one it waits on, and whether for zero.
    pub sem: Option<(u16, bool)>,
    /// The call's number and the `eip` after its `int 0x80`: the task is
    /// still in this call while its `eax` and `eip` say so.
    pub nr: u32,
    pub eip: u32,
}

/// The three kinds of object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Shm,
    Sem,
    Msg,
}

/// Every IPC object of the machine (one IPC namespace).
pub struct Ipc {
    pub shm: Table<Segment>,
    pub sem: Table<SemSet>,
    pub msg: Table<Queue>,
    /// `SEM_UNDO` adjustments by (process, set id), one per semaphore,
    /// applied when the process exits.
    pub undo: BTreeMap<(Pid, u32), Vec<i32>>,
    pub waiters: BTreeMap<Pid, Waiter>,
    /// POSIX message queues by name (`mq_overview(7)`; the name without
    /// its leading slash).
    pub mqueues: BTreeMap<Vec<u8>, Rc<RefCell<MessageQueue>>>,
}

impl Default for Ipc {
    fn default() -> Self {
        Ipc {
            shm: Table::new(abi::shm::SHMMNI),
            sem: Table::new(abi::sem::SEMMNI),
            msg: Table::new(abi::msg::MSGMNI),
            undo: BTreeMap::new(),
            waiters: BTreeMap::new(),
            mqueues: BTreeMap::new(),
        }
    }
}

impl Ipc {
    /// A new segment of `size` bytes (`newseg`; frames come at attach).
    pub fn new_segment(
        &mut self,
        key: i32,
        size: u32,
        flags: u32,
        creds: &Creds,
        pid: Pid,
        now: u32,
    ) -> Result<u32, Errno> {
        if !(u64::from(abi::shm::SHMMIN)..=abi::shm::SHMMAX).contains(&u64::from(size)) {
            return Err(Errno::EINVAL);
        }
        let total: u64 = self.shm.iter().map(|s| u64::from(s.pages())).sum();
        if total + u64::from(size.div_ceil(4096)) > abi::shm::SHMALL {
            return Err(Errno::ENOSPC);
        }
        self.shm.insert(Segment {
            perm: Perm::new(key, creds, flags),
            size,
            frames: Vec::new(),
            atime: 0,
            dtime: 0,
            ctime: now,
            cpid: pid,
            lpid: 0,
        })
    }

    /// A new set of `nsems` semaphores at zero (`newary`).
    pub fn new_set(
        &mut self,
        key: i32,
        nsems: u32,
        flags: u32,
        creds: &Creds,
        now: u32,
    ) -> Result<u32, Errno> {
        if nsems == 0 {
            return Err(Errno::EINVAL);
        }
        let total: u64 = self.sem.iter().map(|s| s.sems.len() as u64).sum();
        if total + u64::from(nsems) > u64::from(abi::sem::SEMMNS).min(SEMS_MAX) {
            return Err(Errno::ENOSPC);
        }
        self.sem.insert(SemSet {
            perm: Perm::new(key, creds, flags),
            sems: vec![Sem::default(); nsems as usize],
            otime: 0,
            ctime: now,
        })
    }

    /// A new empty queue (`newque`).
    pub fn new_queue(
        &mut self,
        key: i32,
        flags: u32,
        creds: &Creds,
        now: u32,
    ) -> Result<u32, Errno> {
        self.msg.insert(Queue {
            perm: Perm::new(key, creds, flags),
            msgs: VecDeque::new(),
            cbytes: 0,
            qbytes: abi::msg::MSGMNB,
            stime: 0,
            rtime: 0,
            ctime: now,
            lspid: 0,
            lrpid: 0,
        })
    }

    /// Host memory all queued messages take (see [`MESSAGE_BYTES_MAX`]).
    #[must_use]
    pub fn message_bytes(&self) -> u64 {
        self.msg
            .iter()
            .map(|q| u64::from(q.cbytes) + q.msgs.len() as u64 * MESSAGE_COST)
            .sum()
    }

    /// Forgets the undo adjustments of semaphore `semnum` of set `id`
    /// (every semaphore if `None`): SETVAL, SETALL.
    pub fn clear_undo(&mut self, id: u32, semnum: Option<usize>) {
        for ((_, set), adj) in &mut self.undo {
            if *set != id {
                continue;
            }
            match semnum {
                Some(n) => {
                    if let Some(a) = adj.get_mut(n) {
                        *a = 0;
                    }
                }
                None => adj.fill(0),
            }
        }
    }

    /// Applies and forgets the undo adjustments of process `tgid`
    /// (`exit_sem`): each value moves by its adjustment, clamped to
    /// `0..=SEMVMX`. Whether any value changed.
    pub fn exit_undo(&mut self, tgid: Pid) -> bool {
        let keys: Vec<(Pid, u32)> = self
            .undo
            .range((tgid, 0)..=(tgid, u32::MAX))
            .map(|(k, _)| *k)
            .collect();
        let mut changed = false;
        for key in keys {
            let Some(adj) = self.undo.remove(&key) else {
                continue;
            };
            let Ok(set) = self.sem.get_mut(key.1 as i32) else {
                continue;
            };
            for (sem, a) in set.sems.iter_mut().zip(adj) {
                if a != 0 {
                    sem.val = (sem.val + a).clamp(0, abi::sem::SEMVMX);
                    sem.pid = tgid;
                    changed = true;
                }
            }
        }
        changed
    }
}

// ---- machine-wide bookkeeping: attaches, waiters, exits, /proc --------

/// The name of a segment's VMAs (as `/proc/<pid>/maps` shows it on Linux,
/// whose segments are files of an internal, unlinked tmpfs).
#[must_use]
pub fn vma_name(key: i32) -> String {
    format!("/SYSV{:08x} (deleted)", key as u32)
}

/// Which segment (id) owns each frame of an attached segment.
fn frame_owners(ipc: &Ipc) -> std::collections::HashMap<Frame, u32> {
    ipc.shm
        .iter()
        .flat_map(|s| s.frames.iter().map(|f| (*f, s.perm.id)))
        .collect()
}

/// The segment (id) a VMA of `mm` maps, if it is an attach.
fn attached_segment(
    owners: &std::collections::HashMap<Frame, u32>,
    mm: &crate::mm::Mm,
    vma: &crate::mm::Vma,
) -> Option<u32> {
    if !vma.shared || !vma.name.starts_with("/SYSV") {
        return None;
    }
    owners.get(&mm.space.frame_of(vma.start)?).copied()
}

/// `shm_nattch` of every segment: the VMAs, over all address spaces, that
/// map it (a split VMA counts twice, as on Linux).
pub(crate) fn attach_counts(k: &Kernel) -> BTreeMap<u32, u32> {
    let owners = frame_owners(&k.ipc);
    let mut counts = BTreeMap::new();
    if owners.is_empty() {
        return counts;
    }
    let mut seen = std::collections::HashSet::new();
    for task in k.tasks.values() {
        if !seen.insert(std::rc::Rc::as_ptr(&task.mm)) {
            continue;
        }
        let Ok(mm) = task.mm.try_borrow() else {
            continue;
        };
        for vma in mm.vmas() {
            if let Some(id) = attached_segment(&owners, &mm, vma) {
                *counts.entry(id).or_insert(0u32) += 1;
            }
        }
    }
    counts
}

/// The segment attached at exactly `addr` in `tid`'s address space, and
/// the VMAs of that attach in `[addr, addr + its size)` (`shmdt`).
pub(crate) fn attach_at(
    k: &Kernel,
    mm: &crate::mm::Mm,
    addr: u32,
) -> Option<(u32, Vec<(u32, u32)>)> {
    let owners = frame_owners(&k.ipc);
    let first = mm.vma_at(addr).filter(|v| v.start == addr)?;
    let id = attached_segment(&owners, mm, first)?;
    let size = k.ipc.shm.get(id as i32).ok()?.pages().saturating_mul(4096);
    let end = addr.saturating_add(size);
    let ranges = mm
        .vmas()
        .filter(|v| v.start >= addr && v.start < end)
        .filter(|v| attached_segment(&owners, mm, v) == Some(id))
        .map(|v| (v.start, v.end))
        .collect();
    Some((id, ranges))
}

/// Process `pid` is about to drop the address space `mm` (exit): each
/// segment it has attached records the detach (`shm_dtime`, `shm_lpid`),
/// as `shm_close` does.
pub(crate) fn detach_all(k: &mut Kernel, pid: Pid, mm: &crate::mm::Mm) {
    let owners = frame_owners(&k.ipc);
    if owners.is_empty() {
        return;
    }
    let ids: Vec<u32> = mm
        .vmas()
        .filter_map(|v| attached_segment(&owners, mm, v))
        .collect();
    let now = (k.host.realtime_ns() / 1_000_000_000) as u32;
    for id in ids {
        if let Ok(seg) = k.ipc.shm.get_mut(id as i32) {
            seg.dtime = now;
            seg.lpid = pid;
        }
    }
}

/// Whether `w`, recorded for `pid`, is still a parked (or woken, not yet
/// re-run) call: its `eax` still holds the call number and its `eip`
/// points back at the `int 0x80`.
fn still_waiting(k: &Kernel, pid: Pid, w: &Waiter) -> bool {
    k.tasks
        .get(&pid)
        .is_some_and(|t| t.cpu.regs[0] == w.nr && t.cpu.eip == w.eip.wrapping_sub(2))
}

/// Tasks waiting on semaphore `semnum` of set `id`, for zero (`GETZCNT`)
/// or for an increase (`GETNCNT`).
pub(crate) fn sem_waiters(k: &Kernel, id: u32, semnum: u16, zero: bool) -> u32 {
    k.ipc
        .waiters
        .iter()
        .filter(|(pid, w)| {
            w.kind == Kind::Sem
                && w.id == id
                && w.sem == Some((semnum, zero))
                && still_waiting(k, **pid, w)
        })
        .count() as u32
}

/// Housekeeping before each IPC call: forgets waiters that left their
/// call (a signal's EINTR), frees removed segments nobody maps any more.
pub(crate) fn collect(k: &mut Kernel) {
    let stale: Vec<Pid> = k
        .ipc
        .waiters
        .iter()
        .filter(|(pid, w)| !still_waiting(k, **pid, w))
        .map(|(pid, _)| *pid)
        .collect();
    for pid in stale {
        k.ipc.waiters.remove(&pid);
    }
    if !k.ipc.shm.iter().any(Segment::destroyed) {
        return;
    }
    let counts = attach_counts(k);
    let dead: Vec<u32> = k
        .ipc
        .shm
        .iter()
        .filter(|s| s.destroyed() && !counts.contains_key(&s.perm.id))
        .map(|s| s.perm.id)
        .collect();
    for id in dead {
        if let Some(seg) = k.ipc.shm.remove(id as i32) {
            seg.release(&mut k.mem);
        }
    }
}

/// Process `tgid` exits (its memory already released): its `SEM_UNDO`
/// adjustments apply, and segments it held last may go.
pub(crate) fn exit_process(k: &mut Kernel, tgid: Pid) {
    if k.ipc.exit_undo(tgid) {
        k.wake(|w| w == crate::error::Wait::Io);
    }
    collect(k);
}

/// `/proc/sysvipc/{shm,sem,msg}` (`sysvipc_*_proc_show`, 32-bit widths).
pub(crate) fn render(k: &mut Kernel, kind: Kind) -> String {
    use std::fmt::Write;
    collect(k);
    let mut s = String::new();
    match kind {
        Kind::Shm => {
            s.push_str("       key      shmid perms       size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime        rss       swap\n");
            let counts = attach_counts(k);
            for seg in k.ipc.shm.iter() {
                let p = &seg.perm;
                let _ = writeln!(
                    s,
                    "{:10} {:10}  {:4o} {:10} {:5} {:5}  {:5} {:5} {:5} {:5} {:5} {:10} {:10} {:10} {:10} {:10}",
                    p.key,
                    p.id,
                    p.mode,
                    seg.size,
                    seg.cpid,
                    seg.lpid,
                    counts.get(&p.id).copied().unwrap_or(0),
                    p.uid,
                    p.gid,
                    p.cuid,
                    p.cgid,
                    seg.atime,
                    seg.dtime,
                    seg.ctime,
                    seg.frames.len() as u64 * 4096,
                    0
                );
            }
        }
        Kind::Sem => {
            s.push_str("       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n");
            for set in k.ipc.sem.iter() {
                let p = &set.perm;
                let _ = writeln!(
                    s,
                    "{:10} {:10}  {:4o} {:10} {:5} {:5} {:5} {:5} {:10} {:10}",
                    p.key,
                    p.id,
                    p.mode,
                    set.sems.len(),
                    p.uid,
                    p.gid,
                    p.cuid,
                    p.cgid,
                    set.otime,
                    set.ctime
                );
            }
        }
        Kind::Msg => {
            s.push_str("       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n");
            for q in k.ipc.msg.iter() {
                let p = &q.perm;
                let _ = writeln!(
                    s,
                    "{:10} {:10}  {:4o}  {:10} {:10} {:5} {:5} {:5} {:5} {:5} {:5} {:10} {:10} {:10}",
                    p.key,
                    p.id,
                    p.mode,
                    q.cbytes,
                    q.msgs.len(),
                    q.lspid,
                    q.lrpid,
                    p.uid,
                    p.gid,
                    p.cuid,
                    p.cgid,
                    q.stime,
                    q.rtime,
                    q.ctime
                );
            }
        }
    }
    s
}

/// `/proc/sys/kernel/{shmmax,shmall,shmmni,sem,msgmax,msgmnb,msgmni}`.
#[must_use]
pub fn limit_text(name: &str) -> String {
    use abi::{msg, sem, shm};
    match name {
        "shmmax" => format!("{}\n", shm::SHMMAX),
        "shmall" => format!("{}\n", shm::SHMALL),
        "shmmni" => format!("{}\n", shm::SHMMNI),
        "sem" => format!(
            "{}\t{}\t{}\t{}\n",
            sem::SEMMSL,
            sem::SEMMNS,
            sem::SEMOPM,
            sem::SEMMNI
        ),
        "msgmax" => format!("{}\n", msg::MSGMAX),
        "msgmnb" => format!("{}\n", msg::MSGMNB),
        "msgmni" => format!("{}\n", msg::MSGMNI),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> Creds {
        Creds::default()
    }

    fn user(uid: u32) -> Creds {
        Creds {
            uid,
            euid: uid,
            suid: uid,
            gid: uid,
            egid: uid,
            sgid: uid,
            groups: Vec::new(),
        }
    }

    fn op(num: u16, op: i16, flg: u16) -> SemBuf {
        SemBuf { num, op, flg }
    }

    #[test]
    fn ids_are_seq_times_ipcmni_plus_index() {
        let mut ipc = Ipc::default();
        let a = ipc.new_queue(0, 0o600, &root(), 0).unwrap();
        let b = ipc.new_queue(0, 0o600, &root(), 0).unwrap();
        assert_eq!((a, b), (0, IPCMNI + 1));
        ipc.msg.remove(a as i32);
        let c = ipc.new_queue(0, 0o600, &root(), 0).unwrap();
        assert_eq!(c, 2 * IPCMNI, "lowest free index, next seq");
        assert_eq!(ipc.msg.get(a as i32).err(), Some(Errno::EINVAL), "stale id");
        assert_eq!(ipc.msg.get(-1).err(), Some(Errno::EINVAL));
        assert_eq!(ipc.msg.max_index(), 1);
    }

    #[test]
    fn keys_find_objects_but_private_never_does() {
        let mut ipc = Ipc::default();
        let id = ipc.new_set(0x5eed, 2, 0o600, &root(), 0).unwrap();
        ipc.new_set(IPC_PRIVATE, 1, 0o600, &root(), 0).unwrap();
        assert_eq!(ipc.sem.find_key(0x5eed), Some(id));
        assert_eq!(ipc.sem.find_key(IPC_PRIVATE), None);
        assert_eq!(
            ipc.new_set(0, 0, 0, &root(), 0).err(),
            Some(Errno::EINVAL),
            "no empty set"
        );
    }

    #[test]
    fn permissions_follow_owner_group_other() {
        let mut perm = Perm::new(1, &user(1000), 0o640);
        assert!(perm.allows(&user(1000), 0o600));
        assert!(!perm.allows(&user(1001), 0o444));
        assert!(perm.allows(&root(), 0o666), "CAP_IPC_OWNER");
        let mut member = user(1001);
        member.groups.push(1000);
        assert!(perm.allows(&member, 0o444));
        assert!(!perm.allows(&member, 0o222));
        assert!(perm.may_control(&user(1000)) && !perm.may_control(&member));
        perm.update(5, 6, 0o7777);
        assert_eq!((perm.uid, perm.gid, perm.mode), (5, 6, 0o777));
    }

    #[test]
    fn semop_is_all_or_nothing_in_order() {
        let sems = [Sem { val: 1, pid: 0 }, Sem { val: 0, pid: 0 }];
        assert_eq!(
            try_semop(&sems, &[op(0, -1, 0), op(1, 2, 0)], &[]),
            Ok((vec![0, 2], vec![0, 0]))
        );
        assert_eq!(
            try_semop(&sems, &[op(0, -1, 0), op(0, -1, 0x800)], &[]),
            Err(SemStop::Block {
                semnum: 0,
                zero: false,
                nowait: true
            })
        );
        assert_eq!(
            try_semop(&sems, &[op(0, 0, 0)], &[]),
            Err(SemStop::Block {
                semnum: 0,
                zero: true,
                nowait: false
            })
        );
        assert_eq!(
            try_semop(&sems, &[op(1, i16::MAX, 0), op(1, 1, 0)], &[]),
            Err(SemStop::Range)
        );
        assert_eq!(
            try_semop(&sems, &[op(0, -1, abi::sem::SEM_UNDO)], &[0, 0]),
            Ok((vec![0, 0], vec![1, 0]))
        );
    }

    #[test]
    fn exit_undo_applies_clamped_adjustments() {
        let mut ipc = Ipc::default();
        let id = ipc.new_set(0, 2, 0o600, &root(), 0).unwrap();
        ipc.sem.get_mut(id as i32).unwrap().sems[0].val = 3;
        ipc.undo.insert((7, id), vec![-5, 2]);
        ipc.undo.insert((8, id), vec![1, 1]);
        assert!(ipc.exit_undo(7));
        let vals: Vec<i32> = ipc
            .sem
            .get(id as i32)
            .unwrap()
            .sems
            .iter()
            .map(|s| s.val)
            .collect();
        assert_eq!(vals, [0, 2]);
        assert!(ipc.undo.contains_key(&(8, id)) && !ipc.undo.contains_key(&(7, id)));
        ipc.clear_undo(id, Some(1));
        assert_eq!(ipc.undo[&(8, id)], [1, 0]);
    }

    #[test]
    fn msgrcv_type_selection() {
        let mut ipc = Ipc::default();
        let id = ipc.new_queue(0, 0o600, &root(), 0).unwrap();
        let q = ipc.msg.get_mut(id as i32).unwrap();
        for t in [3, 1, 2, 1] {
            q.msgs.push_back(Message {
                mtype: t,
                text: vec![t as u8],
            });
        }
        assert_eq!(q.find(0, false), Some(0));
        assert_eq!(q.find(2, false), Some(2));
        assert_eq!(q.find(3, true), Some(1));
        assert_eq!(q.find(-2, false), Some(1), "lowest type, first of it");
        assert_eq!(q.find(i32::MIN, false), Some(1));
        assert_eq!(q.find(5, false), None);
        assert_eq!(q.find(-0x7fff_ffff, false), Some(1));
        q.qbytes = 4;
        assert!(!q.fits(1), "as many messages as qbytes");
    }

    #[test]
    fn segments_allocate_at_populate_and_respect_memory() {
        let mut mem = Memory::new(8 * 4096);
        let mut ipc = Ipc::default();
        let id = ipc
            .new_segment(0, 3 * 4096 + 1, 0o600, &root(), 1, 0)
            .unwrap();
        assert_eq!(
            ipc.new_segment(0, 0, 0, &root(), 1, 0).err(),
            Some(Errno::EINVAL)
        );
        let seg = ipc.shm.get_mut(id as i32).unwrap();
        assert!(seg.frames.is_empty());
        seg.populate(&mut mem).unwrap();
        assert_eq!(seg.frames.len(), 4);
        let big = ipc.new_segment(0, 64 * 4096, 0o600, &root(), 1, 0).unwrap();
        let before = mem.frames_in_use();
        assert_eq!(
            ipc.shm.get_mut(big as i32).unwrap().populate(&mut mem),
            Err(Errno::ENOMEM)
        );
        assert_eq!(mem.frames_in_use(), before, "nothing kept");
        ipc.shm.remove(id as i32).unwrap().release(&mut mem);
        assert_eq!(mem.frames_in_use(), before - 4);
    }
}
