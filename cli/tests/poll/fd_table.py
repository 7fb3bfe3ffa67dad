# The descriptor table's size as Linux keeps it: 64 slots in a forked child
# whose descriptors are all low, grown in powers of two to fit a high one,
# kept when that one closes, sized anew by the next fork. select(2) looks no
# further than that size: a closed descriptor past it is ignored, not EBADF.
# (The parent's size depends on whoever started it, so only children show.)
import os, select, sys


def size():
    with open("/proc/self/status") as status:
        return next(l.split()[1] for l in status if l.startswith("FDSize:"))


def closed_70():
    try:
        return select.select([70], [], [], 0)
    except OSError as err:
        return "EBADF %d" % err.errno


def child(body):
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        body()
        sys.stdout.flush()
        os._exit(0)
    os.waitpid(pid, 0)


def grow():
    print("forked", size(), closed_70())
    os.dup2(1, 100)
    print("fd 100", size(), closed_70())
    os.close(100)
    print("closed", size(), closed_70())
    os.dup2(1, 300)
    print("fd 300", size())
    child(lambda: print("child of a 300", size()))
    os.close(300)
    child(lambda: print("child after close", size(), closed_70()))


child(grow)
