# sqlite3 between two processes: one holds BEGIN EXCLUSIVE, the other
# (a separate python, so no sqlite state crosses a fork) gets "database is
# locked" with timeout=0, then reads and writes after the commit.
import os, sqlite3, subprocess, sys

db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/locks.db"
CHILD = r"""
import os, sqlite3, sys
db, ready, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d = sqlite3.connect(db, timeout=0, isolation_level=None)
for sql in ["select count(*) from t", "insert into t values (10)", "begin immediate"]:
    try:
        print("child", sql, "->", d.execute(sql).fetchall(), flush=True)
    except sqlite3.OperationalError as e:
        print("child", sql, "->", e, flush=True)
os.write(ready, b"r")
os.read(go, 1)
print("child after commit:", d.execute("select x from t order by x").fetchall(), flush=True)
d.execute("begin exclusive")
d.execute("insert into t values (2)")
os.write(ready, b"h")
os.read(go, 1)
d.execute("commit")
print("child committed", flush=True)
d.close()
"""
for suffix in ["", "-journal", "-wal"]:
    if os.path.exists(db + suffix):
        os.unlink(db + suffix)
c = sqlite3.connect(db, timeout=0, isolation_level=None)
c.execute("create table t(x)")
c.execute("begin exclusive")
c.execute("insert into t values (1)")
ready_r, ready_w = os.pipe()
go_r, go_w = os.pipe()
child = subprocess.Popen(
    [sys.executable, "-c", CHILD, db, str(ready_w), str(go_r)], pass_fds=(ready_w, go_r)
)
os.read(ready_r, 1)
c.execute("commit")
print("parent committed", flush=True)
os.write(go_w, b"g")
os.read(ready_r, 1)
try:
    print("parent reads:", c.execute("select x from t").fetchall(), flush=True)
except sqlite3.OperationalError as e:
    print("parent reads ->", e, flush=True)
os.write(go_w, b"g")
child.wait()
print("parent reads after the child:", c.execute("select x from t order by x").fetchall())
c.close()
for suffix in ["", "-journal"]:
    if os.path.exists(db + suffix):
        os.unlink(db + suffix)
