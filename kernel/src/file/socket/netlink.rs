//! `AF_NETLINK` sockets of the routing protocol (netlink(7), rtnetlink(7)):
//! enough of `NETLINK_ROUTE` for `ip addr`/`ip link`/`ip route`,
//! glibc's `getifaddrs` and `if_nameindex`, and `hostname -I` to see the
//! machine's one interface, the loopback `lo` with `127.0.0.1/8` and
//! `::1/128` (what the netstack carries).
//!
//! A request (one or more `nlmsghdr` messages in a datagram) is answered
//! at once: a dump (`NLM_F_DUMP`) of links or addresses is one datagram of
//! `NLM_F_MULTI` messages ending in `NLMSG_DONE`; other dumps are empty;
//! a single link is looked up by index or `IFLA_IFNAME`; anything else is
//! an `NLMSG_ERROR` of EOPNOTSUPP. Replies carry the request's sequence
//! number and the socket's port id, which is the process id, as Linux
//! gives a process's first netlink socket. Other netlink protocols are
//! EPROTONOSUPPORT, as on a kernel without them.

use super::{Ancillary, Received, SocketOps, int_bytes};
use crate::Kernel;
use crate::abi::errno::Errno;
use crate::abi::flags::poll::{POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM};
use crate::abi::socket::{
    AF_INET, AF_INET6, AF_NETLINK, MSG_PEEK, SO_DOMAIN, SO_PROTOCOL, SO_RCVBUF, SO_SNDBUF, SO_TYPE,
    SOCK_DGRAM, SOCK_RAW, SOL_SOCKET,
};
use crate::error::{SysErr, SysResult, Wait};
use crate::file::FileOps;
use crate::task::Pid;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// `NETLINK_ROUTE`, the one protocol here.
const NETLINK_ROUTE: u32 = 0;
/// `SOL_NETLINK`: its options are accepted and read back as 0.
const SOL_NETLINK: u32 = 270;

// Message types and flags (`linux/netlink.h`, `linux/rtnetlink.h`).
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const NLM_F_MULTI: u16 = 2;
const NLM_F_ACK: u16 = 4;
const NLM_F_DUMP: u16 = 0x300;
const RTM_NEWLINK: u16 = 16;
const RTM_GETLINK: u16 = 18;
const RTM_NEWADDR: u16 = 20;
const RTM_GETADDR: u16 = 22;
/// `RTM_BASE` to `RTM_MAX`: the routing messages; a dump of any other
/// `GET` is empty here.
const RTM_FIRST: u16 = 16;
const RTM_LAST: u16 = 127;
const HEADER: usize = 16;

// The loopback interface (`loopback_setup`, `inet_init`), which the
// interface ioctls (`netdevice`) describe too.
pub(super) const LO_INDEX: u32 = 1;
pub(super) const ARPHRD_LOOPBACK: u16 = 772;
/// IFF_UP | IFF_LOOPBACK | IFF_RUNNING, and IFF_LOWER_UP past the 16 bits
/// `SIOCGIFFLAGS` gives.
pub(super) const LO_FLAGS: u32 = 0x1 | 0x8 | 0x40 | 0x1_0000;
pub(super) const LO_MTU: u32 = 65536;
const IFA_F_PERMANENT: u8 = 0x80;
const RT_SCOPE_HOST: u8 = 254;

/// Rounds up to the 4-byte alignment of netlink messages and attributes.
fn align(n: usize) -> usize {
    (n + 3) & !3
}

/// Appends the attribute `kind` with `data` (`struct rtattr`).
fn attr(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    let len = 4 + data.len();
    out.extend_from_slice(&(len as u16).to_le_bytes());
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(data);
    out.resize(align(out.len()), 0);
}

/// One message: header (`struct nlmsghdr`) and body.
fn message(kind: u16, flags: u16, seq: u32, port: u32, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(&((HEADER + body.len()) as u32).to_le_bytes());
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(&flags.to_le_bytes());
    out.extend_from_slice(&seq.to_le_bytes());
    out.extend_from_slice(&port.to_le_bytes());
    out.extend_from_slice(body);
    out.resize(align(out.len()), 0);
    out
}

/// `lo` as RTM_NEWLINK describes it (`struct ifinfomsg` and attributes).
fn link_body() -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&[0, 0]); // family AF_UNSPEC, pad
    b.extend_from_slice(&ARPHRD_LOOPBACK.to_le_bytes());
    b.extend_from_slice(&LO_INDEX.to_le_bytes());
    b.extend_from_slice(&LO_FLAGS.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes()); // change
    attr(&mut b, 3, b"lo\0"); // IFLA_IFNAME
    attr(&mut b, 13, &1000u32.to_le_bytes()); // IFLA_TXQLEN
    attr(&mut b, 16, &[0]); // IFLA_OPERSTATE: IF_OPER_UNKNOWN
    attr(&mut b, 17, &[0]); // IFLA_LINKMODE
    attr(&mut b, 4, &LO_MTU.to_le_bytes()); // IFLA_MTU
    attr(&mut b, 50, &0u32.to_le_bytes()); // IFLA_MIN_MTU
    attr(&mut b, 51, &0u32.to_le_bytes()); // IFLA_MAX_MTU
    attr(&mut b, 27, &0u32.to_le_bytes()); // IFLA_GROUP
    attr(&mut b, 30, &0u32.to_le_bytes()); // IFLA_PROMISCUITY
    attr(&mut b, 31, &1u32.to_le_bytes()); // IFLA_NUM_TX_QUEUES
    attr(&mut b, 32, &1u32.to_le_bytes()); // IFLA_NUM_RX_QUEUES
    attr(&mut b, 33, &[1]); // IFLA_CARRIER
    attr(&mut b, 6, b"noqueue\0"); // IFLA_QDISC
    attr(&mut b, 1, &[0; 6]); // IFLA_ADDRESS
    attr(&mut b, 2, &[0; 6]); // IFLA_BROADCAST
    b
}

/// `lo`'s addresses of `family` (0: both) as RTM_NEWADDR bodies
/// (`struct ifaddrmsg` and attributes).
fn address_bodies(family: u8) -> Vec<Vec<u8>> {
    // valid and preferred lifetimes "forever", then the creation and
    // update stamps (`struct ifa_cacheinfo`).
    let mut cache = Vec::new();
    for word in [u32::MAX, u32::MAX, 0, 0] {
        cache.extend_from_slice(&word.to_le_bytes());
    }
    let mut out = Vec::new();
    if family == 0 || family == AF_INET as u8 {
        let mut b = vec![AF_INET as u8, 8, IFA_F_PERMANENT, RT_SCOPE_HOST];
        b.extend_from_slice(&LO_INDEX.to_le_bytes());
        attr(&mut b, 1, &[127, 0, 0, 1]); // IFA_ADDRESS
        attr(&mut b, 2, &[127, 0, 0, 1]); // IFA_LOCAL
        attr(&mut b, 3, b"lo\0"); // IFA_LABEL
        attr(&mut b, 8, &u32::from(IFA_F_PERMANENT).to_le_bytes()); // IFA_FLAGS
        attr(&mut b, 6, &cache); // IFA_CACHEINFO
        out.push(b);
    }
    if family == 0 || family == AF_INET6 as u8 {
        let mut b = vec![AF_INET6 as u8, 128, IFA_F_PERMANENT, RT_SCOPE_HOST];
        b.extend_from_slice(&LO_INDEX.to_le_bytes());
        let mut one = [0u8; 16];
        one[15] = 1;
        attr(&mut b, 1, &one); // IFA_ADDRESS
        attr(&mut b, 6, &cache); // IFA_CACHEINFO
        attr(&mut b, 8, &u32::from(IFA_F_PERMANENT).to_le_bytes()); // IFA_FLAGS
        out.push(b);
    }
    out
}

/// Whether a RTM_GETLINK body asks for `lo`: by index (`ifi_index`), or
/// by `IFLA_IFNAME` when the index is 0. `None`: it names no link at all.
fn asks_for_lo(body: &[u8]) -> Option<bool> {
    let index = body
        .get(4..8)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    if index != 0 {
        return Some(index == LO_INDEX);
    }
    let mut rest = body.get(16..).unwrap_or_default();
    while rest.len() >= 4 {
        let len = usize::from(u16::from_le_bytes([rest[0], rest[1]]));
        let kind = u16::from_le_bytes([rest[2], rest[3]]);
        if len < 4 || len > rest.len() {
            break;
        }
        if kind == 3 {
            let name = &rest[4..len];
            let name = name.split(|b| *b == 0).next().unwrap_or_default();
            return Some(name == b"lo");
        }
        rest = &rest[align(len).min(rest.len())..];
    }
    None
}

/// An `NLMSG_ERROR` for the request `header` (`netlink_ack`): `errno` 0
/// is an acknowledgement.
fn error(header: &[u8], errno: Option<Errno>, port: u32) -> Vec<u8> {
    let seq = u32::from_le_bytes([header[8], header[9], header[10], header[11]]);
    let mut body = errno
        .map_or(0i32, |e| -i32::from(e.0))
        .to_le_bytes()
        .to_vec();
    body.extend_from_slice(header);
    message(NLMSG_ERROR, 0, seq, port, &body)
}

/// The answer to one request datagram: each message in it, in turn.
fn answer(request: &[u8], port: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = request;
    while rest.len() >= HEADER {
        let len = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        if len < HEADER || len > rest.len() {
            break;
        }
        let (header, body) = (&rest[..HEADER], &rest[HEADER..len]);
        let kind = u16::from_le_bytes([header[4], header[5]]);
        let flags = u16::from_le_bytes([header[6], header[7]]);
        let seq = u32::from_le_bytes([header[8], header[9], header[10], header[11]]);
        let family = body.first().copied().unwrap_or(0);
        let is_get = (RTM_FIRST..=RTM_LAST).contains(&kind) && kind % 4 == 2;
        if is_get && flags & NLM_F_DUMP == NLM_F_DUMP {
            let bodies = match kind {
                RTM_GETLINK => vec![(RTM_NEWLINK, link_body())],
                RTM_GETADDR => address_bodies(family)
                    .into_iter()
                    .map(|b| (RTM_NEWADDR, b))
                    .collect(),
                _ => Vec::new(),
            };
            for (kind, body) in bodies {
                out.extend(message(kind, NLM_F_MULTI, seq, port, &body));
            }
            out.extend(message(
                NLMSG_DONE,
                NLM_F_MULTI,
                seq,
                port,
                &0i32.to_le_bytes(),
            ));
        } else if kind == RTM_GETLINK {
            match asks_for_lo(body) {
                Some(true) => {
                    out.extend(message(RTM_NEWLINK, 0, seq, port, &link_body()));
                    if flags & NLM_F_ACK != 0 {
                        out.extend(error(header, None, port));
                    }
                }
                Some(false) => out.extend(error(header, Some(Errno::ENODEV), port)),
                None => out.extend(error(header, Some(Errno::EINVAL), port)),
            }
        } else if kind >= RTM_FIRST {
            out.extend(error(header, Some(Errno::EOPNOTSUPP), port));
        } else if flags & NLM_F_ACK != 0 {
            // Control messages (NLMSG_NOOP and the like) are only acked.
            out.extend(error(header, None, port));
        }
        rest = &rest[align(len).min(rest.len())..];
    }
    out
}

struct State {
    /// The port id, once bound (explicitly or by the first send).
    port: Option<u32>,
    /// Answers not yet read, one datagram each.
    queue: VecDeque<Vec<u8>>,
}

/// A `NETLINK_ROUTE` socket.
pub struct NetlinkSocket {
    kind: u32,
    st: RefCell<State>,
}

impl NetlinkSocket {
    /// `socket(AF_NETLINK, kind, protocol)`.
    pub fn create(kind: u32, protocol: u32) -> SysResult<Rc<dyn FileOps>> {
        if kind != SOCK_RAW && kind != SOCK_DGRAM {
            return Err(Errno::ESOCKTNOSUPPORT.into());
        }
        if protocol != NETLINK_ROUTE {
            return Err(Errno::EPROTONOSUPPORT.into());
        }
        Ok(Rc::new(NetlinkSocket {
            kind,
            st: RefCell::new(State {
                port: None,
                queue: VecDeque::new(),
            }),
        }))
    }

    /// The port id: the process id (`netlink_autobind` gives it to a
    /// process's first netlink socket).
    fn port(&self, k: &Kernel, tid: Pid) -> u32 {
        let tgid = k.task(tid).map_or(tid, |t| t.tgid);
        *self.st.borrow_mut().port.get_or_insert(tgid)
    }
}

/// A `struct sockaddr_nl` (family, pad, port id, groups).
fn sockaddr(port: u32) -> Vec<u8> {
    let mut a = AF_NETLINK.to_le_bytes().to_vec();
    a.extend_from_slice(&[0, 0]);
    a.extend_from_slice(&port.to_le_bytes());
    a.extend_from_slice(&0u32.to_le_bytes());
    a
}

/// Checks a `struct sockaddr_nl` the guest passed: its port id.
fn parse_sockaddr(addr: &[u8]) -> SysResult<u32> {
    if addr.len() < 12 || u16::from_le_bytes([addr[0], addr[1]]) != AF_NETLINK {
        return Err(Errno::EINVAL.into());
    }
    Ok(u32::from_le_bytes([addr[4], addr[5], addr[6], addr[7]]))
}

impl SocketOps for NetlinkSocket {
    fn bind(&self, k: &mut Kernel, tid: Pid, addr: &[u8]) -> SysResult<()> {
        let port = parse_sockaddr(addr)?;
        if port != 0 {
            self.st.borrow_mut().port = Some(port);
        }
        self.port(k, tid);
        Ok(())
    }

    fn connect(&self, k: &mut Kernel, tid: Pid, addr: &[u8], _: bool) -> SysResult<()> {
        // Only the kernel (port 0) answers here.
        if parse_sockaddr(addr)? != 0 {
            return Err(Errno::ECONNREFUSED.into());
        }
        self.port(k, tid);
        Ok(())
    }

    fn listen(&self, _: &mut Kernel, _: Pid, _: i32) -> SysResult<()> {
        Err(Errno::EOPNOTSUPP.into())
    }

    fn accept(&self, _: &mut Kernel, _: Pid, _: bool) -> SysResult<(Rc<dyn FileOps>, Vec<u8>)> {
        Err(Errno::EOPNOTSUPP.into())
    }

    fn send(
        &self,
        k: &mut Kernel,
        tid: Pid,
        data: &[u8],
        to: &[u8],
        _: Ancillary,
        _: u32,
        _: bool,
    ) -> SysResult<usize> {
        if !to.is_empty() && parse_sockaddr(to)? != 0 {
            return Err(Errno::ECONNREFUSED.into());
        }
        let port = self.port(k, tid);
        let reply = answer(data, port);
        if !reply.is_empty() {
            self.st.borrow_mut().queue.push_back(reply);
            k.wake(|w| w == Wait::Io);
        }
        Ok(data.len())
    }

    fn recv(
        &self,
        _: &mut Kernel,
        _: Pid,
        len: usize,
        flags: u32,
        nonblock: bool,
    ) -> SysResult<Received> {
        let mut st = self.st.borrow_mut();
        let Some(datagram) = (if flags & MSG_PEEK != 0 {
            st.queue.front().cloned()
        } else {
            st.queue.pop_front()
        }) else {
            return Err(if nonblock {
                Errno::EAGAIN.into()
            } else {
                SysErr::Block(Wait::Io)
            });
        };
        let full_len = datagram.len();
        let mut data = datagram;
        data.truncate(len);
        Ok(Received {
            data,
            full_len,
            from: sockaddr(0),
            ancillary: Ancillary::default(),
        })
    }

    fn shutdown(&self, _: &mut Kernel, _: u32) -> SysResult<()> {
        Err(Errno::EOPNOTSUPP.into())
    }

    fn sockname(&self) -> Vec<u8> {
        sockaddr(self.st.borrow().port.unwrap_or(0))
    }

    fn peername(&self) -> SysResult<Vec<u8>> {
        Ok(sockaddr(0))
    }

    fn getsockopt(&self, _: &mut Kernel, level: u32, name: u32) -> SysResult<Vec<u8>> {
        match (level, name) {
            (SOL_SOCKET, SO_TYPE) => Ok(int_bytes(self.kind)),
            (SOL_SOCKET, SO_DOMAIN) => Ok(int_bytes(u32::from(AF_NETLINK))),
            (SOL_SOCKET, SO_PROTOCOL) => Ok(int_bytes(NETLINK_ROUTE)),
            (SOL_SOCKET, SO_SNDBUF | SO_RCVBUF) => Ok(int_bytes(212_992)),
            (SOL_NETLINK, _) => Ok(int_bytes(0)),
            _ => Err(Errno::ENOPROTOOPT.into()),
        }
    }

    fn setsockopt(&self, _: &mut Kernel, level: u32, _: u32, _: &[u8]) -> SysResult<()> {
        match level {
            SOL_SOCKET | SOL_NETLINK => Ok(()),
            _ => Err(Errno::ENOPROTOOPT.into()),
        }
    }
}

impl FileOps for NetlinkSocket {
    super::socket_file_ops!();

    fn ioctl(&self, k: &mut Kernel, tid: Pid, cmd: u32, arg: u32) -> SysResult {
        super::netdevice::device_ioctl(k, tid, cmd, arg)
    }

    fn poll(&self, _: &Kernel) -> u16 {
        let readable = if self.st.borrow().queue.is_empty() {
            0
        } else {
            POLLIN | POLLRDNORM
        };
        readable | POLLOUT | POLLWRNORM
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dump_request(kind: u16, family: u8) -> Vec<u8> {
        message(kind, 1 | NLM_F_DUMP, 7, 0, &[family, 0, 0, 0])
    }

    /// The messages of a reply: (type, flags, seq, port).
    fn headers(mut reply: &[u8]) -> Vec<(u16, u16, u32, u32)> {
        let mut out = Vec::new();
        while reply.len() >= HEADER {
            let len = u32::from_le_bytes(reply[0..4].try_into().unwrap()) as usize;
            out.push((
                u16::from_le_bytes([reply[4], reply[5]]),
                u16::from_le_bytes([reply[6], reply[7]]),
                u32::from_le_bytes(reply[8..12].try_into().unwrap()),
                u32::from_le_bytes(reply[12..16].try_into().unwrap()),
            ));
            reply = &reply[align(len)..];
        }
        out
    }

    #[test]
    fn dumps_list_lo_and_its_addresses_then_done() {
        let links = headers(&answer(&dump_request(RTM_GETLINK, 0), 42));
        assert_eq!(
            links,
            [
                (RTM_NEWLINK, NLM_F_MULTI, 7, 42),
                (NLMSG_DONE, NLM_F_MULTI, 7, 42)
            ]
        );
        let all = headers(&answer(&dump_request(RTM_GETADDR, 0), 42));
        assert_eq!(all.len(), 3, "127.0.0.1, ::1, done");
        let v6 = headers(&answer(&dump_request(RTM_GETADDR, AF_INET6 as u8), 42));
        assert_eq!(v6.len(), 2);
        let routes = headers(&answer(&dump_request(26, 0), 42));
        assert_eq!(routes, [(NLMSG_DONE, NLM_F_MULTI, 7, 42)]);
    }

    #[test]
    fn a_link_is_found_by_name_and_others_are_enodev() {
        let mut body = vec![0u8; 16];
        attr(&mut body, 3, b"lo\0");
        let reply = answer(&message(RTM_GETLINK, 1, 1, 0, &body), 9);
        assert_eq!(headers(&reply), [(RTM_NEWLINK, 0, 1, 9)]);
        let mut body = vec![0u8; 16];
        attr(&mut body, 3, b"eth0\0");
        let reply = answer(&message(RTM_GETLINK, 1, 2, 0, &body), 9);
        assert_eq!(headers(&reply), [(NLMSG_ERROR, 0, 2, 9)]);
        let code = i32::from_le_bytes(reply[16..20].try_into().unwrap());
        assert_eq!(code, -i32::from(Errno::ENODEV.0));
    }

    #[test]
    fn truncated_requests_are_ignored() {
        assert!(answer(&[1, 2, 3], 1).is_empty());
        let mut bad = message(RTM_GETLINK, 1 | NLM_F_DUMP, 1, 0, &[0; 4]);
        bad[0] = 200; // longer than the datagram
        assert!(answer(&bad, 1).is_empty());
    }
}
