//! Socket ABI: address families, types, levels, options, message flags,
//! `socketcall(2)` sub-calls, and the i386 layouts of `sockaddr_*`,
//! `msghdr`, `cmsghdr`, `linger`.
//!
//! Sources: Linux `include/linux/socket.h`, `include/linux/net.h`
//! (`SOCK_*`, `SYS_*` socketcall numbers), `asm-generic/socket.h` (`SO_*`,
//! x86 uses it), `linux/in.h`, `linux/in6.h`, `linux/tcp.h`, `linux/un.h`,
//! socket(7), unix(7), ip(7), ipv6(7).

use super::layout::abi_struct;

pub const AF_UNSPEC: u16 = 0;
pub const AF_UNIX: u16 = 1;
pub const AF_LOCAL: u16 = AF_UNIX;
pub const AF_INET: u16 = 2;
pub const AF_INET6: u16 = 10;
pub const AF_NETLINK: u16 = 16;
pub const AF_PACKET: u16 = 17;

pub const SOCK_STREAM: u32 = 1;
pub const SOCK_DGRAM: u32 = 2;
pub const SOCK_RAW: u32 = 3;
pub const SOCK_RDM: u32 = 4;
pub const SOCK_SEQPACKET: u32 = 5;
pub const SOCK_PACKET: u32 = 10;
/// The type bits of the `type` argument; the rest are flags.
pub const SOCK_TYPE_MASK: u32 = 0xf;
pub const SOCK_NONBLOCK: u32 = super::flags::open::O_NONBLOCK;
pub const SOCK_CLOEXEC: u32 = super::flags::open::O_CLOEXEC;

pub const SOL_IP: u32 = 0;
pub const SOL_SOCKET: u32 = 1;
pub const SOL_TCP: u32 = 6;
pub const SOL_UDP: u32 = 17;
pub const SOL_IPV6: u32 = 41;

pub const IPPROTO_IP: u32 = 0;
pub const IPPROTO_ICMP: u32 = 1;
pub const IPPROTO_TCP: u32 = 6;
pub const IPPROTO_UDP: u32 = 17;
pub const IPPROTO_IPV6: u32 = 41;
pub const IPPROTO_ICMPV6: u32 = 58;
pub const IPPROTO_RAW: u32 = 255;

pub const SO_DEBUG: u32 = 1;
pub const SO_REUSEADDR: u32 = 2;
pub const SO_TYPE: u32 = 3;
pub const SO_ERROR: u32 = 4;
pub const SO_DONTROUTE: u32 = 5;
pub const SO_BROADCAST: u32 = 6;
pub const SO_SNDBUF: u32 = 7;
pub const SO_RCVBUF: u32 = 8;
pub const SO_KEEPALIVE: u32 = 9;
pub const SO_OOBINLINE: u32 = 10;
pub const SO_NO_CHECK: u32 = 11;
pub const SO_PRIORITY: u32 = 12;
pub const SO_LINGER: u32 = 13;
pub const SO_BSDCOMPAT: u32 = 14;
pub const SO_REUSEPORT: u32 = 15;
pub const SO_PASSCRED: u32 = 16;
pub const SO_PEERCRED: u32 = 17;
pub const SO_RCVLOWAT: u32 = 18;
pub const SO_SNDLOWAT: u32 = 19;
/// 32-bit `struct timeval` variants (`SO_RCVTIMEO_OLD`).
pub const SO_RCVTIMEO: u32 = 20;
pub const SO_SNDTIMEO: u32 = 21;
pub const SO_BINDTODEVICE: u32 = 25;
pub const SO_TIMESTAMP: u32 = 29;
pub const SO_ACCEPTCONN: u32 = 30;
pub const SO_PEERSEC: u32 = 31;
pub const SO_SNDBUFFORCE: u32 = 32;
pub const SO_RCVBUFFORCE: u32 = 33;
pub const SO_PROTOCOL: u32 = 38;
pub const SO_DOMAIN: u32 = 39;
pub const SO_RCVTIMEO_NEW: u32 = 66;
pub const SO_SNDTIMEO_NEW: u32 = 67;

pub const IP_TOS: u32 = 1;
pub const IP_TTL: u32 = 2;
pub const IP_HDRINCL: u32 = 3;
pub const IP_OPTIONS: u32 = 4;
pub const IP_RECVERR: u32 = 11;
pub const IP_MULTICAST_TTL: u32 = 33;
pub const IP_MULTICAST_LOOP: u32 = 34;
pub const IP_ADD_MEMBERSHIP: u32 = 35;
pub const IPV6_V6ONLY: u32 = 26;

pub const TCP_NODELAY: u32 = 1;
pub const TCP_MAXSEG: u32 = 2;
pub const TCP_CORK: u32 = 3;
pub const TCP_KEEPIDLE: u32 = 4;
pub const TCP_KEEPINTVL: u32 = 5;
pub const TCP_KEEPCNT: u32 = 6;
pub const TCP_SYNCNT: u32 = 7;
pub const TCP_LINGER2: u32 = 8;
pub const TCP_DEFER_ACCEPT: u32 = 9;
pub const TCP_WINDOW_CLAMP: u32 = 10;
pub const TCP_INFO: u32 = 11;
pub const TCP_QUICKACK: u32 = 12;
pub const TCP_CONGESTION: u32 = 13;
pub const TCP_USER_TIMEOUT: u32 = 18;
pub const TCP_FASTOPEN: u32 = 23;

pub const MSG_OOB: u32 = 0x1;
pub const MSG_PEEK: u32 = 0x2;
pub const MSG_DONTROUTE: u32 = 0x4;
pub const MSG_CTRUNC: u32 = 0x8;
pub const MSG_PROXY: u32 = 0x10;
pub const MSG_TRUNC: u32 = 0x20;
pub const MSG_DONTWAIT: u32 = 0x40;
pub const MSG_EOR: u32 = 0x80;
pub const MSG_WAITALL: u32 = 0x100;
pub const MSG_FIN: u32 = 0x200;
pub const MSG_SYN: u32 = 0x400;
pub const MSG_CONFIRM: u32 = 0x800;
pub const MSG_RST: u32 = 0x1000;
pub const MSG_ERRQUEUE: u32 = 0x2000;
pub const MSG_NOSIGNAL: u32 = 0x4000;
pub const MSG_MORE: u32 = 0x8000;
pub const MSG_WAITFORONE: u32 = 0x1_0000;
pub const MSG_CMSG_CLOEXEC: u32 = 0x4000_0000;

pub const SHUT_RD: u32 = 0;
pub const SHUT_WR: u32 = 1;
pub const SHUT_RDWR: u32 = 2;

/// Control-message types at `SOL_SOCKET`.
pub const SCM_RIGHTS: u32 = 1;
pub const SCM_CREDENTIALS: u32 = 2;

/// `socketcall(2)` sub-call numbers (`linux/net.h`).
pub mod call {
    pub const SYS_SOCKET: u32 = 1;
    pub const SYS_BIND: u32 = 2;
    pub const SYS_CONNECT: u32 = 3;
    pub const SYS_LISTEN: u32 = 4;
    pub const SYS_ACCEPT: u32 = 5;
    pub const SYS_GETSOCKNAME: u32 = 6;
    pub const SYS_GETPEERNAME: u32 = 7;
    pub const SYS_SOCKETPAIR: u32 = 8;
    pub const SYS_SEND: u32 = 9;
    pub const SYS_RECV: u32 = 10;
    pub const SYS_SENDTO: u32 = 11;
    pub const SYS_RECVFROM: u32 = 12;
    pub const SYS_SHUTDOWN: u32 = 13;
    pub const SYS_SETSOCKOPT: u32 = 14;
    pub const SYS_GETSOCKOPT: u32 = 15;
    pub const SYS_SENDMSG: u32 = 16;
    pub const SYS_RECVMSG: u32 = 17;
    pub const SYS_ACCEPT4: u32 = 18;
    pub const SYS_RECVMMSG: u32 = 19;
    pub const SYS_SENDMMSG: u32 = 20;

    /// Number of argument words each sub-call reads (`nargs[]` in
    /// `net/socket.c`), indexed by call number; 0 for invalid calls.
    pub const NARGS: [u8; 21] = [
        0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4, 5, 4,
    ];
}

abi_struct! {
    /// `struct sockaddr_in` (`linux/in.h`): family, port and address in
    /// network byte order (kept as raw bytes here), 8 bytes of zero.
    pub struct SockAddrIn: 16 {
        family: u16 = 0,
        /// Big-endian port bytes; see [`SockAddrIn::port`].
        port_be: [u8; 2] = 2,
        addr: [u8; 4] = 4,
    }
}

impl SockAddrIn {
    /// The port in host order.
    #[must_use]
    pub const fn port(&self) -> u16 {
        u16::from_be_bytes(self.port_be)
    }
}

abi_struct! {
    /// `struct sockaddr_in6` (`linux/in6.h`).
    pub struct SockAddrIn6: 28 {
        family: u16 = 0,
        port_be: [u8; 2] = 2,
        flowinfo: u32 = 4,
        addr: [u8; 16] = 8,
        scope_id: u32 = 24,
    }
}

abi_struct! {
    /// `struct sockaddr_un` (`linux/un.h`): family and a 108-byte path
    /// (abstract names start with NUL; `addrlen` says how much is used).
    pub struct SockAddrUn: 110 {
        family: u16 = 0,
        path: [u8; 108] = 2,
    }
}

abi_struct! {
    /// i386 `struct msghdr` (user layout, `compat_msghdr` on 64-bit kernels).
    pub struct MsgHdr: 28 {
        name: u32 = 0,
        namelen: u32 = 4,
        iov: u32 = 8,
        iovlen: u32 = 12,
        control: u32 = 16,
        controllen: u32 = 20,
        flags: u32 = 24,
    }
}

abi_struct! {
    /// i386 `struct mmsghdr` for `sendmmsg`/`recvmmsg`: a [`MsgHdr`] and a length.
    pub struct MMsgHdr: 32 {
        hdr: [u8; 28] = 0,
        len: u32 = 28,
    }
}

abi_struct! {
    /// i386 `struct cmsghdr`: length (including the header), level, type;
    /// data follows, aligned to 4 ([`cmsg_align`]).
    pub struct CmsgHdr: 12 {
        len: u32 = 0,
        level: u32 = 4,
        kind: u32 = 8,
    }
}

/// `CMSG_ALIGN` on i386 (`sizeof(long)` = 4).
#[must_use]
pub const fn cmsg_align(len: u32) -> u32 {
    len.wrapping_add(3) & !3
}

abi_struct! {
    /// `struct linger` (socket(7)).
    pub struct Linger: 8 {
        onoff: i32 = 0,
        linger: i32 = 4,
    }
}

abi_struct! {
    /// `struct ucred` for `SO_PEERCRED` / `SCM_CREDENTIALS`.
    pub struct UCred: 12 {
        pid: u32 = 0,
        uid: u32 = 4,
        gid: u32 = 8,
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::check_layout;
    use super::*;

    #[test]
    fn layouts() {
        check_layout("SockAddrIn", SockAddrIn::SIZE, SockAddrIn::OFFSETS);
        check_layout("SockAddrIn6", SockAddrIn6::SIZE, SockAddrIn6::OFFSETS);
        check_layout("SockAddrUn", SockAddrUn::SIZE, SockAddrUn::OFFSETS);
        check_layout("MsgHdr", MsgHdr::SIZE, MsgHdr::OFFSETS);
        check_layout("MMsgHdr", MMsgHdr::SIZE, MMsgHdr::OFFSETS);
        check_layout("CmsgHdr", CmsgHdr::SIZE, CmsgHdr::OFFSETS);
        check_layout("Linger", Linger::SIZE, Linger::OFFSETS);
        check_layout("UCred", UCred::SIZE, UCred::OFFSETS);
    }

    #[test]
    fn sockaddr_in_is_network_order() {
        // 127.0.0.1:8080 as a C program would lay it out.
        let bytes = [2, 0, 0x1f, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        let a = SockAddrIn::parse(&bytes).unwrap();
        assert_eq!(a.family, AF_INET);
        assert_eq!(a.port(), 8080);
        assert_eq!(a.addr, [127, 0, 0, 1]);
        assert_eq!(a.to_bytes(), bytes);
        assert_eq!(cmsg_align(13), 16);
        assert_eq!(cmsg_align(u32::MAX), 0, "wraps, never panics");
        assert_eq!(call::NARGS[call::SYS_SENDTO as usize], 6);
    }
}
