//! System V IPC: the `ipc(2)` multiplexer's call numbers, flags, commands,
//! limits and the i386 struct layouts (svipc(7)).
//!
//! Sources: `include/uapi/linux/ipc.h` (`ipc_perm`, `IPC_*`, the call
//! numbers of `ipc(2)`), `asm-generic/ipcbuf.h` (`ipc64_perm`, with
//! x86's 16-bit `__kernel_mode_t`), `linux/shm.h`, `asm-generic/shmbuf.h`,
//! `linux/sem.h`, `x86/include/uapi/asm/sembuf.h`, `linux/msg.h`,
//! `asm-generic/msgbuf.h`; limits from `linux/shm.h`, `linux/sem.h`,
//! `linux/msg.h` and `ipc/util.h` (Linux 6.1, 32-bit `unsigned long`).

use super::layout::abi_struct;

/// Key asking for a new, unnamed object.
pub const IPC_PRIVATE: i32 = 0;
/// `*get` flags.
pub const IPC_CREAT: u32 = 0o1000;
pub const IPC_EXCL: u32 = 0o2000;
pub const IPC_NOWAIT: u32 = 0o4000;
/// `*ctl` commands common to the three kinds.
pub const IPC_RMID: u32 = 0;
pub const IPC_SET: u32 = 1;
pub const IPC_STAT: u32 = 2;
pub const IPC_INFO: u32 = 3;
/// Or-ed into a `*ctl` command given to `ipc(2)`: the `*64_ds` layouts.
pub const IPC_64: u32 = 0x100;

/// `ipc(2)` call numbers (the low 16 bits of its first argument; the high
/// 16 are a version).
pub mod call {
    pub const SEMOP: u32 = 1;
    pub const SEMGET: u32 = 2;
    pub const SEMCTL: u32 = 3;
    pub const SEMTIMEDOP: u32 = 4;
    pub const MSGSND: u32 = 11;
    pub const MSGRCV: u32 = 12;
    pub const MSGGET: u32 = 13;
    pub const MSGCTL: u32 = 14;
    pub const SHMAT: u32 = 21;
    pub const SHMDT: u32 = 22;
    pub const SHMGET: u32 = 23;
    pub const SHMCTL: u32 = 24;
}

/// Shared memory flags and commands.
pub mod shm {
    pub const SHM_RDONLY: u32 = 0o10000;
    pub const SHM_RND: u32 = 0o20000;
    pub const SHM_REMAP: u32 = 0o40000;
    pub const SHM_EXEC: u32 = 0o100000;
    /// Mode bits Linux keeps in `shm_perm.mode`: marked for removal, locked.
    pub const SHM_DEST: u16 = 0o1000;
    pub const SHM_LOCKED: u16 = 0o2000;
    pub const SHM_LOCK: u32 = 11;
    pub const SHM_UNLOCK: u32 = 12;
    pub const SHM_STAT: u32 = 13;
    pub const SHM_INFO: u32 = 14;
    pub const SHM_STAT_ANY: u32 = 15;
    pub const SHMMIN: u32 = 1;
    pub const SHMMNI: u32 = 4096;
    /// `ULONG_MAX - (1UL << 24)` of the 64-bit kernel a 32-bit process
    /// runs on (tabvm says x86_64 in `uname`), in bytes: any 32-bit size
    /// passes. `IPC_INFO` clamps it to `INT_MAX` (`copy_compat_shminfo_to_user`).
    pub const SHMMAX: u64 = 0xffff_ffff_feff_ffff;
    /// The same, in pages (`IPC_INFO` gives its low 32 bits).
    pub const SHMALL: u64 = 0xffff_ffff_feff_ffff;
    /// `SHMLBA` on x86: a page.
    pub const SHMLBA: u32 = 4096;
}

/// Semaphore flags, commands and limits.
pub mod sem {
    pub const SEM_UNDO: u16 = 0x1000;
    pub const GETPID: u32 = 11;
    pub const GETVAL: u32 = 12;
    pub const GETALL: u32 = 13;
    pub const GETNCNT: u32 = 14;
    pub const GETZCNT: u32 = 15;
    pub const SETVAL: u32 = 16;
    pub const SETALL: u32 = 17;
    pub const SEM_STAT: u32 = 18;
    pub const SEM_INFO: u32 = 19;
    pub const SEM_STAT_ANY: u32 = 20;
    pub const SEMMNI: u32 = 32000;
    pub const SEMMSL: u32 = 32000;
    pub const SEMMNS: u32 = SEMMNI * SEMMSL;
    pub const SEMOPM: u32 = 500;
    pub const SEMVMX: i32 = 32767;
    pub const SEMAEM: i32 = SEMVMX;
    pub const SEMUME: u32 = SEMOPM;
    pub const SEMMNU: u32 = SEMMNS;
    pub const SEMMAP: u32 = SEMMNS;
    pub const SEMUSZ: u32 = 20;
}

/// Message queue flags, commands and limits.
pub mod msg {
    pub const MSG_NOERROR: u32 = 0o10000;
    pub const MSG_EXCEPT: u32 = 0o20000;
    pub const MSG_COPY: u32 = 0o40000;
    pub const MSG_STAT: u32 = 11;
    pub const MSG_INFO: u32 = 12;
    pub const MSG_STAT_ANY: u32 = 13;
    pub const MSGMNI: u32 = 32000;
    pub const MSGMAX: u32 = 8192;
    pub const MSGMNB: u32 = 16384;
    /// In KiB: `MSGMNI * MSGMNB / 1024`.
    pub const MSGPOOL: u32 = MSGMNI * (MSGMNB / 1024);
    pub const MSGTQL: u32 = MSGMNB;
    pub const MSGMAP: u32 = MSGMNB;
    pub const MSGSSZ: u32 = 16;
    pub const MSGSEG: u16 = 0xffff;
}

abi_struct! {
    /// `struct ipc64_perm` (36 bytes on i386).
    pub struct Ipc64Perm: 36 {
        key: i32 = 0,
        uid: u32 = 4,
        gid: u32 = 8,
        cuid: u32 = 12,
        cgid: u32 = 16,
        mode: u16 = 20,
        seq: u16 = 24,
    }
}

abi_struct! {
    /// The old `struct ipc_perm` (16-bit ids), for `ipc(2)` without `IPC_64`.
    pub struct OldIpcPerm: 16 {
        key: i32 = 0,
        uid: u16 = 4,
        gid: u16 = 6,
        cuid: u16 = 8,
        cgid: u16 = 10,
        mode: u16 = 12,
        seq: u16 = 14,
    }
}

abi_struct! {
    /// `struct shmid64_ds`: times split in low and high words.
    pub struct Shmid64Ds: 84 {
        perm: [u8; 36] = 0,
        segsz: u32 = 36,
        atime: u32 = 40,
        atime_high: u32 = 44,
        dtime: u32 = 48,
        dtime_high: u32 = 52,
        ctime: u32 = 56,
        ctime_high: u32 = 60,
        cpid: u32 = 64,
        lpid: u32 = 68,
        nattch: u32 = 72,
    }
}

abi_struct! {
    /// The old `struct shmid_ds`.
    pub struct OldShmidDs: 48 {
        perm: [u8; 16] = 0,
        segsz: u32 = 16,
        atime: u32 = 20,
        dtime: u32 = 24,
        ctime: u32 = 28,
        cpid: u16 = 32,
        lpid: u16 = 34,
        nattch: u16 = 36,
    }
}

abi_struct! {
    /// `struct shminfo64` (`IPC_INFO`; the old `shminfo` is its first 20 bytes).
    pub struct ShmInfo64: 36 {
        shmmax: u32 = 0,
        shmmin: u32 = 4,
        shmmni: u32 = 8,
        shmseg: u32 = 12,
        shmall: u32 = 16,
    }
}

abi_struct! {
    /// `struct shm_info` (`SHM_INFO`).
    pub struct ShmInfo: 24 {
        used_ids: u32 = 0,
        shm_tot: u32 = 4,
        shm_rss: u32 = 8,
        shm_swp: u32 = 12,
        swap_attempts: u32 = 16,
        swap_successes: u32 = 20,
    }
}

abi_struct! {
    /// `struct semid64_ds` (x86's `asm/sembuf.h`).
    pub struct Semid64Ds: 64 {
        perm: [u8; 36] = 0,
        otime: u32 = 36,
        otime_high: u32 = 40,
        ctime: u32 = 44,
        ctime_high: u32 = 48,
        nsems: u32 = 52,
    }
}

abi_struct! {
    /// The old `struct semid_ds`.
    pub struct OldSemidDs: 44 {
        perm: [u8; 16] = 0,
        otime: u32 = 16,
        ctime: u32 = 20,
        nsems: u16 = 40,
    }
}

abi_struct! {
    /// `struct seminfo` (`IPC_INFO`, `SEM_INFO`).
    pub struct SemInfo: 40 {
        semmap: u32 = 0,
        semmni: u32 = 4,
        semmns: u32 = 8,
        semmnu: u32 = 12,
        semmsl: u32 = 16,
        semopm: u32 = 20,
        semume: u32 = 24,
        semusz: u32 = 28,
        semvmx: u32 = 32,
        semaem: u32 = 36,
    }
}

abi_struct! {
    /// `struct sembuf`: one operation of `semop`.
    pub struct SemBuf: 6 {
        num: u16 = 0,
        op: i16 = 2,
        flg: u16 = 4,
    }
}

abi_struct! {
    /// `struct msqid64_ds`.
    pub struct Msqid64Ds: 88 {
        perm: [u8; 36] = 0,
        stime: u32 = 36,
        stime_high: u32 = 40,
        rtime: u32 = 44,
        rtime_high: u32 = 48,
        ctime: u32 = 52,
        ctime_high: u32 = 56,
        cbytes: u32 = 60,
        qnum: u32 = 64,
        qbytes: u32 = 68,
        lspid: u32 = 72,
        lrpid: u32 = 76,
    }
}

abi_struct! {
    /// The old `struct msqid_ds`.
    pub struct OldMsqidDs: 56 {
        perm: [u8; 16] = 0,
        stime: u32 = 24,
        rtime: u32 = 28,
        ctime: u32 = 32,
        lcbytes: u32 = 36,
        lqbytes: u32 = 40,
        cbytes: u16 = 44,
        qnum: u16 = 46,
        qbytes: u16 = 48,
        lspid: u16 = 50,
        lrpid: u16 = 52,
    }
}

abi_struct! {
    /// `struct msginfo` (`IPC_INFO`, `MSG_INFO`).
    pub struct MsgInfo: 32 {
        msgpool: u32 = 0,
        msgmap: u32 = 4,
        msgmax: u32 = 8,
        msgmnb: u32 = 12,
        msgmni: u32 = 16,
        msgssz: u32 = 20,
        msgtql: u32 = 24,
        msgseg: u16 = 28,
    }
}

abi_struct! {
    /// `struct ipc_kludge`: the old `ipc(MSGRCV)` passes the buffer and the
    /// type through it.
    pub struct IpcKludge: 8 {
        msgp: u32 = 0,
        msgtyp: i32 = 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::layout::check_layout;

    #[test]
    fn layouts_fit() {
        for (name, size, offsets) in [
            ("ipc64_perm", Ipc64Perm::SIZE, Ipc64Perm::OFFSETS),
            ("ipc_perm", OldIpcPerm::SIZE, OldIpcPerm::OFFSETS),
            ("shmid64_ds", Shmid64Ds::SIZE, Shmid64Ds::OFFSETS),
            ("shmid_ds", OldShmidDs::SIZE, OldShmidDs::OFFSETS),
            ("shminfo64", ShmInfo64::SIZE, ShmInfo64::OFFSETS),
            ("shm_info", ShmInfo::SIZE, ShmInfo::OFFSETS),
            ("semid64_ds", Semid64Ds::SIZE, Semid64Ds::OFFSETS),
            ("semid_ds", OldSemidDs::SIZE, OldSemidDs::OFFSETS),
            ("seminfo", SemInfo::SIZE, SemInfo::OFFSETS),
            ("sembuf", SemBuf::SIZE, SemBuf::OFFSETS),
            ("msqid64_ds", Msqid64Ds::SIZE, Msqid64Ds::OFFSETS),
            ("msqid_ds", OldMsqidDs::SIZE, OldMsqidDs::OFFSETS),
            ("msginfo", MsgInfo::SIZE, MsgInfo::OFFSETS),
            ("ipc_kludge", IpcKludge::SIZE, IpcKludge::OFFSETS),
        ] {
            check_layout(name, size, offsets);
        }
    }

    #[test]
    fn limits_are_linux_defaults() {
        assert_eq!(sem::SEMMNS, 1_024_000_000);
        assert_eq!(msg::MSGPOOL, 512_000);
    }
}
