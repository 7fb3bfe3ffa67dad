# Refused connections, nonblocking connect with select, socket options
# and errors compared with Linux.
import errno, select, socket, struct

def name(e):
    return errno.errorcode.get(e, e)

# Nobody listens on this port.
try:
    socket.create_connection(("127.0.0.1", 41102), timeout=5)
except ConnectionRefusedError as e:
    print("refused", name(e.errno))

s = socket.socket()
s.setblocking(False)
print("connect_ex closed port:", name(s.connect_ex(("127.0.0.1", 41102))))
r, w, x = select.select([s], [s], [s], 5)
print("select", len(r), len(w), len(x))
print("SO_ERROR", name(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)))
print("SO_ERROR again", s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
s.close()

srv = socket.socket()
srv.bind(("127.0.0.1", 41103))
srv.listen(4)
s = socket.socket()
s.setblocking(False)
print("connect_ex listener:", name(s.connect_ex(("127.0.0.1", 41103))))
r, w, x = select.select([], [s], [], 5)
print("writable", len(w), "SO_ERROR", s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
print("again:", name(s.connect_ex(("127.0.0.1", 41103))))
try:
    s.recv(10)
except BlockingIOError as e:
    print("recv nothing:", name(e.errno))
conn, _ = srv.accept()
print("listener readable after accept", select.select([srv], [], [], 0)[0] == [srv])

# Same address twice: EADDRINUSE.
b = socket.socket()
try:
    b.bind(("127.0.0.1", 41103))
except OSError as e:
    print("bind twice:", name(e.errno))
b.close()
print("connect a listener:", name(srv.connect_ex(("127.0.0.1", 41103))))
try:
    srv.recv(1)
except OSError as e:
    print("recv on a listener:", name(e.errno))

# Options stored and reported back.
c = socket.socket()
for level, opt, val in [
    (socket.SOL_SOCKET, socket.SO_REUSEADDR, 1),
    (socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1),
    (socket.IPPROTO_TCP, socket.TCP_NODELAY, 1),
    (socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 30),
    (socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 5),
    (socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 3),
    (socket.IPPROTO_IP, socket.IP_TOS, 0x10),
]:
    before = c.getsockopt(level, opt)
    c.setsockopt(level, opt, val)
    print("opt", opt, before, c.getsockopt(level, opt))
print("type", c.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE),
      "domain", c.getsockopt(socket.SOL_SOCKET, socket.SO_DOMAIN),
      "protocol", c.getsockopt(socket.SOL_SOCKET, socket.SO_PROTOCOL))
print("unbound name", c.getsockname())
try:
    c.getpeername()
except OSError as e:
    print("no peer:", name(e.errno))
try:
    socket.socketpair(socket.AF_INET, socket.SOCK_STREAM)
except OSError as e:
    print("inet socketpair:", name(e.errno))

# Peer closes with unread data: RST.
a = socket.create_connection(("127.0.0.1", 41103))
conn2, _ = srv.accept()
a.sendall(b"unread")
conn2.close()
try:
    print("recv after RST", a.recv(10))
except ConnectionResetError as e:
    print("reset:", name(e.errno))
a.close()

# Writing to a closed peer: EPIPE (SIGPIPE is ignored by python).
a = socket.create_connection(("127.0.0.1", 41103))
conn3, _ = srv.accept()
conn3.close()
print("eof", a.recv(10))
errs = []
for _ in range(3):
    try:
        a.send(b"x")
    except OSError as e:
        errs.append(name(e.errno))
print("writes after close:", errs[-1] if errs else None)
for x in (s, conn, c, a, srv):
    x.close()

# A negative SO_RCVTIMEO is no wait at all (sock_set_timeout): accept fails
# at once, and the option reads back as zero.
n = socket.socket()
n.bind(("127.0.0.1", 0))
n.listen()
n.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ii", -1, 0))
try:
    n.accept()
except OSError as e:
    print("negative timeout:", name(e.errno))
print("reads back", struct.unpack("ii", n.getsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, 8)))
n.close()
