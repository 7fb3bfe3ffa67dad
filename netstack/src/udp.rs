//! UDP sockets (udp(7)) on smoltcp's: datagram boundaries kept, a
//! connected socket's default destination and source filter, autobind on
//! the first send.

use super::{
    NetError, Result, SockId, Stack, dest, from_endpoint, is_local, listen_endpoint, loopback_of,
    to_endpoint,
};
use core::net::SocketAddr;
use smoltcp::iface::SocketHandle;
use smoltcp::socket::udp;
use smoltcp::storage::PacketMetadata;

/// Payload bytes queued each way per socket.
pub const UDP_BUFFER: usize = 128 * 1024;
/// Datagrams queued each way per socket.
pub const UDP_PACKETS: usize = 64;
/// Largest datagram payload (65535 less the IPv4 and UDP headers).
pub const UDP_MAX: usize = 65507;

/// A UDP socket object's state.
#[derive(Default)]
pub(crate) struct Udp {
    /// The smoltcp socket, made at bind time.
    pub handle: Option<SocketHandle>,
    /// The connected peer (connect(2) on a datagram socket).
    pub peer: Option<SocketAddr>,
}

/// One received datagram (or stream bytes, for [`Stack::recv_from`] on TCP).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Datagram {
    /// The bytes, cut to the caller's length.
    pub data: Vec<u8>,
    /// The datagram's whole length (`MSG_TRUNC`).
    pub full_len: usize,
    /// Who sent it.
    pub from: SocketAddr,
}

fn udp_of(stack: &Stack, id: SockId) -> Result<&Udp> {
    match &stack.sock(id)?.kind {
        super::Kind::Udp(u) => Ok(u),
        super::Kind::Tcp(_) => Err(NetError::OpNotSupp),
    }
}

fn udp_of_mut(stack: &mut Stack, id: SockId) -> Result<&mut Udp> {
    match &mut stack.sock_mut(id)?.kind {
        super::Kind::Udp(u) => Ok(u),
        super::Kind::Tcp(_) => Err(NetError::OpNotSupp),
    }
}

impl Stack {
    /// Makes the smoltcp socket of a UDP object and binds it to `local`.
    pub(crate) fn udp_bind(&mut self, id: SockId, local: SocketAddr) -> Result<()> {
        if udp_of(self, id)?.handle.is_some() {
            return Err(NetError::Inval);
        }
        if self.set.iter().count() >= super::MAX_HANDLES {
            return Err(NetError::NoBufs);
        }
        let mut s = udp::Socket::new(
            udp::PacketBuffer::new(
                vec![PacketMetadata::EMPTY; UDP_PACKETS],
                vec![0; UDP_BUFFER],
            ),
            udp::PacketBuffer::new(
                vec![PacketMetadata::EMPTY; UDP_PACKETS],
                vec![0; UDP_BUFFER],
            ),
        );
        let v6only = self.sock(id)?.opts.v6only;
        s.bind(listen_endpoint(local, v6only))
            .map_err(|_| NetError::Inval)?;
        let h = self.set.add(s);
        udp_of_mut(self, id)?.handle = Some(h);
        Ok(())
    }

    /// connect(2) on UDP: sets (or with `None`, `AF_UNSPEC`, clears) the
    /// default destination; binds an ephemeral port first if needed.
    pub(crate) fn udp_connect(&mut self, id: SockId, peer: Option<SocketAddr>) -> Result<()> {
        let Some(peer) = peer else {
            udp_of_mut(self, id)?.peer = None;
            return Ok(());
        };
        if !is_local(peer.ip()) {
            return Err(NetError::NetUnreach);
        }
        let peer = SocketAddr::new(dest(peer.ip()), peer.port());
        self.bind_for_connect(id, peer)?;
        udp_of_mut(self, id)?.peer = Some(peer);
        Ok(())
    }

    /// Disconnects a UDP socket (connect with `AF_UNSPEC`).
    pub fn disconnect(&mut self, id: SockId) -> Result<()> {
        self.udp_connect(id, None)
    }

    /// Sends one datagram to `to` or the connected peer.
    pub(crate) fn udp_send(
        &mut self,
        id: SockId,
        data: &[u8],
        to: Option<SocketAddr>,
    ) -> Result<usize> {
        let u = udp_of(self, id)?;
        let to = to.or(u.peer).ok_or(NetError::DestAddrReq)?;
        if data.len() > UDP_MAX {
            return Err(NetError::MsgSize);
        }
        if !is_local(to.ip()) {
            return Err(NetError::NetUnreach);
        }
        if to.port() == 0 {
            return Err(NetError::Inval);
        }
        let to = SocketAddr::new(dest(to.ip()), to.port());
        if self.sock(id)?.local.is_none() {
            self.bind_for_connect(id, to)?;
        }
        let h = udp_of(self, id)?.handle.ok_or(NetError::Inval)?;
        let mut meta = udp::UdpMetadata::from(to_endpoint(to));
        let bound = self.sock(id)?.local.ok_or(NetError::Inval)?;
        let src = if bound.ip().is_unspecified() {
            loopback_of(to.ip())
        } else {
            bound.ip()
        };
        if src.is_ipv4() != to.ip().is_ipv4() {
            // An address of one family cannot send to the other.
            return Err(NetError::NetUnreach);
        }
        meta.local_address = Some(super::to_ip(src));
        let connected = udp_of(self, id)?.peer == Some(to);
        if let Some(e) = self.sock_mut(id)?.err.take() {
            // An earlier datagram's ICMP error (udp_sendmsg: sock_error).
            return Err(e);
        }
        let refused = !self.udp_port_open(to);
        let s = self.set.get_mut::<udp::Socket>(h);
        match s.send_slice(data, meta) {
            Ok(()) => {}
            Err(udp::SendError::BufferFull) => return Err(NetError::WouldBlock),
            Err(udp::SendError::Unaddressable) => return Err(NetError::NetUnreach),
        }
        if refused && connected {
            // The port unreachable a closed port answers becomes the
            // connected socket's error (__udp4_lib_err); unconnected
            // sockets ignore it.
            self.sock_mut(id)?.err = Some(NetError::ConnRefused);
        }
        self.changed = true;
        self.pump();
        Ok(data.len())
    }

    /// Receives one datagram (UDP) or up to `len` stream bytes (TCP, from
    /// the peer); `peek` leaves it queued.
    pub fn recv_from(&mut self, id: SockId, len: usize, peek: bool) -> Result<Datagram> {
        if let Ok(u) = udp_of(self, id) {
            let _ = u;
            return self.udp_recv(id, len, peek);
        }
        let data = self.recv(id, len, peek)?;
        let from = self.conn(id).map(|c| c.peer).ok();
        Ok(Datagram {
            full_len: data.len(),
            data,
            from: from.unwrap_or(SocketAddr::new(
                core::net::IpAddr::V4(core::net::Ipv4Addr::UNSPECIFIED),
                0,
            )),
        })
    }

    /// Whether a UDP socket is bound to `to` (else the destination answers
    /// ICMP port unreachable).
    fn udp_port_open(&self, to: SocketAddr) -> bool {
        self.socks.values().any(|s| {
            matches!(s.kind, super::Kind::Udp(_))
                && s.local.is_some_and(|l| {
                    l.port() == to.port() && super::overlap(l.ip(), s.opts.v6only, to.ip(), false)
                })
        })
    }

    pub(crate) fn udp_recv(&mut self, id: SockId, len: usize, peek: bool) -> Result<Datagram> {
        if !peek && let Some(e) = self.sock_mut(id)?.err.take() {
            return Err(e);
        }
        let u = udp_of(self, id)?;
        let peer = u.peer;
        let Some(h) = u.handle else {
            return Err(NetError::WouldBlock);
        };
        let s = self.set.get_mut::<udp::Socket>(h);
        loop {
            let (payload, meta) = s.peek().map_err(|_| NetError::WouldBlock)?;
            let from = from_endpoint(meta.endpoint);
            if peer.is_some_and(|p| p != from) {
                // A connected socket only takes its peer's datagrams.
                let _ = s.recv();
                continue;
            }
            let full_len = payload.len();
            let data = payload[..len.min(full_len)].to_vec();
            if !peek {
                let _ = s.recv();
            }
            return Ok(Datagram {
                data,
                full_len,
                from,
            });
        }
    }

    /// Bytes of queued datagrams (an approximation of `FIONREAD`'s size
    /// of the next one).
    pub(crate) fn udp_next_len(&self, u: &Udp) -> usize {
        u.handle
            .map_or(0, |h| self.set.get::<udp::Socket>(h).recv_queue())
    }
}
