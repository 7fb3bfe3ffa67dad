# IPv6 loopback, getaddrinfo("localhost"), a dual-stack :: listener
# reached over 127.0.0.1 (peer ::ffff:127.0.0.1) and over ::1.
import socket

infos = socket.getaddrinfo("localhost", 41105, type=socket.SOCK_STREAM)
print("getaddrinfo", sorted((f.name, a[0]) for f, _, _, _, a in infos))
# glibc orders passive addresses by probing UDP connects, IPv4 ones on an
# AF_INET6 socket.
print("passive", [a[0] for *_, a in socket.getaddrinfo(None, 41105, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)])
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u.connect(("::", 41105))
print("udp6 to ::", u.getsockname()[0])
u.close()

srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
print("v6only default", srv.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY))
srv.bind(("::", 41105))
srv.listen(4)
print("listening", srv.getsockname())
for host in ("127.0.0.1", "::1", "localhost"):
    c = socket.create_connection((host, 41105))
    conn, addr = srv.accept()
    print(host, "peer seen", addr[0], "family", c.family.name,
          "server name", conn.getsockname()[0])
    c.sendall(b"over " + host.encode())
    print(conn.recv(100))
    conn.close()
    c.close()
srv.close()

# A v6-only listener on ::1 does not take IPv4.
srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
srv.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
srv.bind(("::1", 41106))
srv.listen(1)
try:
    socket.create_connection(("127.0.0.1", 41106))
except ConnectionRefusedError:
    print("v4 to v6-only refused")
c = socket.create_connection(("::1", 41106))
conn, addr = srv.accept()
print("v6 peer", addr[0], addr[1] == c.getsockname()[1])
for x in (c, conn, srv):
    x.close()
