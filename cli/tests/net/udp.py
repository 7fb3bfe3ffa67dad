# UDP over loopback: datagram boundaries, truncation, connect.
import socket

a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.bind(("127.0.0.1", 41104))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
b.sendto(b"first datagram", ("127.0.0.1", 41104))
b.sendto(b"second", ("127.0.0.1", 41104))
b.sendto(b"", ("127.0.0.1", 41104))
data, addr = a.recvfrom(5)
print("truncated", data, addr[1] == b.getsockname()[1])
data, addr = a.recvfrom(100)
print("whole", data)
print("empty", a.recvfrom(100)[0])
b.sendto(b"0123456789", ("127.0.0.1", 41104))
buf = bytearray(4)
print("MSG_TRUNC length", a.recv_into(buf, 4, socket.MSG_TRUNC), bytes(buf))
b.sendto(b"peek me", ("127.0.0.1", 41104))
print("peek", a.recv(100, socket.MSG_PEEK), a.recv(100))
# Echo through a connected socket.
a.connect(b.getsockname())
a.send(b"echo")
print("echoed", b.recv(100))
print("peer", a.getpeername()[1] == b.getsockname()[1], a.getsockname())
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.sendto(b"stranger", ("127.0.0.1", 41104))
a.setblocking(False)
try:
    a.recv(100)
except BlockingIOError:
    print("connected socket ignores strangers")
try:
    b.send(b"x")
except OSError as e:
    print("send unconnected:", e.errno)
# A connected socket hears of a closed port (ICMP port unreachable).
d = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
d.connect(("127.0.0.1", 41115))
d.send(b"anyone?")
d.settimeout(5)
try:
    d.recv(10)
except ConnectionRefusedError as e:
    print("closed port:", e.errno)
for s in (a, b, c, d):
    s.close()
