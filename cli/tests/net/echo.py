# A TCP echo server in a thread and its clients over 127.0.0.1: several
# connections queued before accept (backlog > 1), a 1 MiB transfer, a
# half-close, and the addresses getsockname/getpeername report.
import hashlib, socket, threading

PORT = 41101
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", PORT))
srv.listen(8)
print("listening", srv.getsockname())
print("acceptconn", srv.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))

# Three clients connect before the server accepts any.
clients = []
for i in range(3):
    c = socket.create_connection(("127.0.0.1", PORT))
    clients.append(c)
    print("client", i, "peer", c.getpeername(), "family", c.family.name)
seen = []
for i in range(3):
    conn, addr = srv.accept()
    seen.append(addr)
    print("accepted", addr[0], "port in range", 32768 <= addr[1] <= 60999,
          "sockname", conn.getsockname())
    mine = clients[i].getsockname()
    print("matches client", mine == addr)
    conn.sendall(b"hello %d\n" % i)
    print(clients[i].recv(100))
    conn.close()
    print("eof", clients[i].recv(100))
    clients[i].close()

# An echo thread for a large transfer with a half-close.
def echo():
    conn, _ = srv.accept()
    total = 0
    h = hashlib.sha256()
    while True:
        data = conn.recv(65536)
        if not data:
            break
        total += len(data)
        h.update(data)
    conn.sendall(b"%d %s" % (total, h.hexdigest().encode()))
    conn.shutdown(socket.SHUT_WR)
    conn.close()

t = threading.Thread(target=echo)
t.start()
c = socket.create_connection(("127.0.0.1", PORT))
blob = bytes(range(256)) * 4096
c.sendall(blob)
c.shutdown(socket.SHUT_WR)
reply = b""
while True:
    d = c.recv(4096)
    if not d:
        break
    reply += d
t.join()
print("reply", reply.decode())
print("expected", len(blob), hashlib.sha256(blob).hexdigest())
try:
    c.send(b"x")
except OSError as e:
    print("send after shutdown:", type(e).__name__, e.errno)
c.close()
srv.close()
