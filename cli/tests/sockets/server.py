import os, socket, threading
path = "/tmp/tabvm-sockets-py.sock"
try:
    os.unlink(path)
except FileNotFoundError:
    pass
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(2)
print("name", srv.getsockname())
def serve():
    for _ in range(2):
        conn, addr = srv.accept()
        with conn:
            data = b""
            while not data.endswith(b"\n"):
                chunk = conn.recv(7)
                if not chunk:
                    break
                data += chunk
            conn.sendall(data.upper())
t = threading.Thread(target=serve)
t.start()
for msg in (b"hello server\n", b"second client\n"):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as c:
        c.connect(path)
        print("peer", c.getpeername())
        c.sendall(msg)
        print(c.makefile("rb").readline())
t.join()
srv.close()
os.unlink(path)
# fork-based: a child answers over an abstract-name datagram socket
d = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
d.bind("\0tabvm-py-dgram")
pid = os.fork()
if pid == 0:
    c = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    c.bind("\0tabvm-py-child")
    c.sendto(b"from child", "\0tabvm-py-dgram")
    os._exit(0)
data, addr = d.recvfrom(100)
print(data, addr)
os.waitpid(pid, 0)
try:
    socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).connect("/tmp/tabvm-no-such.sock")
except OSError as e:
    print("connect missing:", e.errno)
