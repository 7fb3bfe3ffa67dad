import socket
a, b = socket.socketpair()
print(a.family == socket.AF_UNIX, a.type == socket.SOCK_STREAM)
a.sendall(b"hello")
print(b.recv(10))
# More than the queue holds: sendall loops, the reader drains.
import threading
t = threading.Thread(target=lambda: b.sendall(b"x" * 300000))
t.start()
n = 0
while n < 300000:
    n += len(a.recv(65536))
t.join()
print(n)
b.shutdown(socket.SHUT_WR)
print(a.recv(10))
a.setblocking(False)
try:
    b.recv(1, socket.MSG_DONTWAIT)
except BlockingIOError as e:
    print("EAGAIN", e.errno)
a.close()
print(b.recv(10))
d1, d2 = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
d1.send(b"one")
d1.send(b"two")
print(d2.recv(2), d2.recv(10))
