# sqlite3 in WAL mode between processes: readers see the last commit while
# a writer holds its transaction (locks on the -shm file, which both map
# shared), a second writer gets "database is locked" with timeout=0.
import os, sqlite3, subprocess, sys
db = sys.argv[1]
for s in ["", "-wal", "-shm", "-journal"]:
    if os.path.exists(db + s): os.unlink(db + s)
c = sqlite3.connect(db, timeout=0, isolation_level=None)
print(c.execute("pragma journal_mode=wal").fetchall(), flush=True)
c.execute("create table t(x)")
c.execute("begin immediate"); c.execute("insert into t values (1)")
CHILD = r"""
import sqlite3, sys
d = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
print("child reads during the writer's transaction:", d.execute("select count(*) from t").fetchall(), flush=True)
try:
    d.execute("begin immediate")
    print("child begin immediate: ok", flush=True)
except sqlite3.OperationalError as e:
    print("child begin immediate ->", e, flush=True)
"""
subprocess.run([sys.executable, "-c", CHILD, db])
c.execute("commit")
subprocess.run([sys.executable, "-c", CHILD.replace("begin immediate\")", "begin immediate\"); d.execute(\"insert into t values (2)\"); d.execute(\"commit\")"), db])
print(c.execute("select x from t").fetchall(), flush=True)
c.close()
for s in ["", "-wal", "-shm"]:
    if os.path.exists(db + s): os.unlink(db + s)
