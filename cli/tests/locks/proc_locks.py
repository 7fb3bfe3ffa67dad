# /proc/locks while two processes hold flock, POSIX and OFD locks on two
# files: the lines for these files (natively the host's other locks are
# listed too), with pids as who they are and the device checked against
# stat(2) (natively and under tabvm the numbers differ). The listing order
# natively depends on which CPU took each lock, so lines are sorted.
import fcntl, os, struct, sys

d = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
paths = {"a": f"{d}/proc-locks-a", "b": f"{d}/proc-locks-b"}
f = open(paths["a"], "w+")
g = open(paths["a"], "r+")
h = open(paths["b"], "w+")
fcntl.lockf(f, fcntl.LOCK_EX, 10, 5)
fcntl.lockf(f, fcntl.LOCK_SH, 0, 100)
fcntl.lockf(f, fcntl.LOCK_EX, 3, 200)
fcntl.lockf(f, fcntl.LOCK_UN, 1, 201)
fcntl.fcntl(g, fcntl.F_OFD_SETLK, struct.pack("=hhqqi", fcntl.F_WRLCK, 0, 50, 10, 0))
fcntl.fcntl(g, fcntl.F_OFD_SETLK, struct.pack("=hhqqi", fcntl.F_RDLCK, 0, 70, 20, 0))
fcntl.flock(h, fcntl.LOCK_EX)
ready_r, ready_w = os.pipe()
go_r, go_w = os.pipe()
child = os.fork()
if child == 0:
    c = open(paths["b"], "r+")
    fcntl.lockf(c, fcntl.LOCK_EX, 1, 7)
    fcntl.flock(g, fcntl.LOCK_SH)
    os.write(ready_w, b"r")
    os.read(go_r, 1)
    os._exit(0)
os.read(ready_r, 1)
files = {}
for name, path in paths.items():
    st = os.stat(path)
    files[(os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)] = name
who = {os.getpid(): "parent", child: "child", -1: "-1"}
lines = []
for line in open("/proc/locks"):
    number, rest = line.rstrip("\n").split(": ", 1)
    parts = rest.split()
    if parts[0] == "->":
        continue
    pid, dev = int(parts[3]), parts[4]
    major, minor, ino = dev.split(":")
    name = files.get((int(major, 16), int(minor, 16), int(ino)))
    if name is None:
        continue
    assert number.isdigit(), line
    lines.append(rest.replace(f" {pid} {dev} ", f" {who.get(pid, 'other')} {name} ", 1))
for line in sorted(lines):
    print(line)
os.write(go_w, b"g")
os.waitpid(child, 0)
for path in paths.values():
    os.unlink(path)
