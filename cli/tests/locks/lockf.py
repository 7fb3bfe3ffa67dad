# fcntl.lockf and fcntl.fcntl(F_GETLK/F_SETLK/F_SETLKW) between two
# processes (fork, sequenced with pipes); pids print as who they are.
import errno, fcntl, os, struct, sys

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/lockf.dat"
FLOCK = "=hhqqi"  # i386 struct flock64: the LFS build's struct flock


def who(pid):
    return {0: "0", -1: "-1", os.getpid(): "self", parent: "parent"}.get(pid, "child")


def getlk(f, kind, start, length):
    got = fcntl.fcntl(f, fcntl.F_GETLK, struct.pack(FLOCK, kind, 0, start, length, 0))
    t, w, s, n, p = struct.unpack(FLOCK, got)
    names = {fcntl.F_RDLCK: "R", fcntl.F_WRLCK: "W", fcntl.F_UNLCK: "U"}
    return f"{names[t]} start {s} len {n} pid {who(p)}"


def attempt(what, call):
    try:
        call()
        print(f"{what}: ok", flush=True)
    except OSError as e:
        print(f"{what}: {errno.errorcode[e.errno]}", flush=True)


parent = os.getpid()
f = open(path, "w+")
f.write("x" * 100)
f.flush()
fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0)
fcntl.lockf(f, fcntl.LOCK_SH | fcntl.LOCK_NB, 10, 50)
ready_r, ready_w = os.pipe()
go_r, go_w = os.pipe()
pid = os.fork()
if pid == 0:
    g = open(path, "r+")
    attempt("child lockf EX 0..4", lambda: fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 5, 0))
    attempt("child lockf SH 50..54", lambda: fcntl.lockf(g, fcntl.LOCK_SH | fcntl.LOCK_NB, 5, 50))
    attempt("child lockf EX 55..59", lambda: fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 5, 55))
    attempt("child lockf EX 20..29", lambda: fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 20))
    print("child F_GETLK W 0..:", getlk(g, fcntl.F_WRLCK, 0, 0), flush=True)
    print("child F_GETLK R 40..:", getlk(g, fcntl.F_RDLCK, 40, 0), flush=True)
    print("child F_GETLK W 40..:", getlk(g, fcntl.F_WRLCK, 40, 0), flush=True)
    set_w = struct.pack(FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 0, 5, 0)
    attempt("child F_SETLK W 0..4", lambda: fcntl.fcntl(g, fcntl.F_SETLK, set_w))
    os.write(ready_w, b"r")
    fcntl.lockf(g, fcntl.LOCK_EX, 10, 0)
    print("child lockf EX 0..9 after waiting: ok", flush=True)
    os.write(ready_w, b"d")
    os.read(go_r, 1)
    os._exit(0)
os.read(ready_r, 1)
print("parent unlocks 0..9", flush=True)
fcntl.lockf(f, fcntl.LOCK_UN, 10, 0)
os.read(ready_r, 1)
print("parent F_GETLK W 0..:", getlk(f, fcntl.F_WRLCK, 0, 0), flush=True)
attempt("parent lockf EX 0..9", lambda: fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0))
os.write(go_w, b"g")
os.waitpid(pid, 0)
attempt("parent lockf EX 0..9 after the child", lambda: fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0))
os.unlink(path)
