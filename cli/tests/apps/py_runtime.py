# concurrent.futures (processes and threads), mmap, selectors, ctypes
# (libc and a C callback through a libffi closure), decimal, fractions.
import concurrent.futures as cf
import ctypes
import ctypes.util
import decimal
import fractions
import mmap
import os
import selectors
import socket
import threading


def square(n):
    return n * n, os.getpid() != PARENT


PARENT = os.getpid()

with cf.ProcessPoolExecutor(max_workers=2) as pool:
    print('processes', list(pool.map(square, range(6))))
with cf.ThreadPoolExecutor(max_workers=3) as pool:
    lock = threading.Lock()
    seen = []
    def work(n):
        with lock:
            seen.append(n)
        return threading.current_thread().name.startswith('ThreadPoolExecutor')
    print('threads', all(pool.map(work, range(20))), sorted(seen) == list(range(20)))
    done, _ = cf.wait([pool.submit(pow, 2, k) for k in (10, 20)])
    print(sorted(f.result() for f in done))

# mmap: a file mapping, written through, resized, searched; anonymous too.
with open('/tmp/py_mmap', 'w+b') as f:
    f.write(b'hello mmap world\n' * 4)
    f.flush()
    m = mmap.mmap(f.fileno(), 0)
    m[0:5] = b'HELLO'
    print(m.find(b'world'), m[:17], len(m))
    m.resize(8192)
    m[8000:8003] = b'end'
    m.flush()
    m.close()
data = open('/tmp/py_mmap', 'rb').read()
print(len(data), data[:17], data[8000:8003], data[68:72])
a = mmap.mmap(-1, 4096)
a.write(b'anon')
a.seek(0)
print(a.read(4), a.tell())
a.close()

# selectors: a socketpair and a pipe, readiness in order.
sel = selectors.DefaultSelector()
s1, s2 = socket.socketpair()
r, w = os.pipe()
sel.register(s1, selectors.EVENT_READ, 'sock')
sel.register(r, selectors.EVENT_READ, 'pipe')
print(sel.select(timeout=0))
s2.send(b'ping')
os.write(w, b'x')
print(sorted(key.data for key, ev in sel.select(timeout=1)))
sel.modify(s1, selectors.EVENT_WRITE, 'sock-w')
print([(k.data, ev) for k, ev in sel.select(timeout=1) if k.data == 'sock-w'])
sel.close()

# ctypes: libc calls and a Python callback handed to qsort.
libc = ctypes.CDLL(ctypes.util.find_library('c'))
print(ctypes.util.find_library('c'), libc.strlen(b'tabvm'), libc.abs(-7))
buf = ctypes.create_string_buffer(32)
libc.snprintf(buf, 32, b'%d-%s-%.2f', 42, b'x', ctypes.c_double(2.5))
print(buf.value)
CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))
arr = (ctypes.c_int * 8)(5, 3, 9, 1, 7, 2, 8, 0)
calls = []
def cmp(a, b):
    calls.append(1)
    return a[0] - b[0]
libc.qsort(arr, len(arr), ctypes.sizeof(ctypes.c_int), CMP(cmp))
print(list(arr), len(calls) > 0)
class Point(ctypes.Structure):
    _fields_ = [('x', ctypes.c_short), ('y', ctypes.c_double)]
print(ctypes.sizeof(Point), Point.y.offset, ctypes.sizeof(ctypes.c_long), ctypes.alignment(ctypes.c_longlong))

# decimal and fractions.
decimal.getcontext().prec = 40
print(decimal.Decimal(2).sqrt(), decimal.Decimal('1.1') + decimal.Decimal('2.2'))
print(decimal.Decimal('7').quantize(decimal.Decimal('0.01')), decimal.Decimal(1) / decimal.Decimal(7))
print(fractions.Fraction(3, 4) + fractions.Fraction(1, 6), fractions.Fraction(0.1).limit_denominator(100))
print(sum(fractions.Fraction(1, n) for n in range(1, 20)))
