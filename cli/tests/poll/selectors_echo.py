# An echo child behind two pipes, driven by a selectors event loop (epoll),
# and the same with the poll and select selectors.
import os, selectors, subprocess, sys, time

child = "import sys\nfor line in sys.stdin:\n    sys.stdout.write(line.upper()); sys.stdout.flush()\n"
for kind in (selectors.EpollSelector, selectors.PollSelector, selectors.SelectSelector):
    p = subprocess.Popen([sys.executable, "-c", child], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    os.set_blocking(p.stdout.fileno(), False)
    sel = kind()
    sel.register(p.stdout, selectors.EVENT_READ)
    got = b""
    for i in range(5):
        p.stdin.write(b"line %d\n" % i)
        p.stdin.flush()
        want = b"LINE %d\n" % i
        while not got.endswith(want):
            for key, events in sel.select(timeout=10):
                got += os.read(key.fd, 4096)
    p.stdin.close()
    while True:
        ready = sel.select(timeout=10)
        chunk = os.read(p.stdout.fileno(), 4096) if ready else b""
        if not chunk:
            break
        got += chunk
    sel.close()
    print(kind.__name__, p.wait(), got.decode().split("\n"))
t = time.monotonic()
time.sleep(0.05)
print("sleep", time.monotonic() - t >= 0.05)
sel = selectors.DefaultSelector()
r, w = os.pipe()
sel.register(r, selectors.EVENT_READ)
t = time.monotonic()
print("selector timeout", sel.select(timeout=0.08), time.monotonic() - t >= 0.07)
