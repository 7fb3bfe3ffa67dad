import multiprocessing as mp

def producer(q):
    for i in range(5):
        q.put(("item", i))
    q.put(None)

def echo(conn):
    while (msg := conn.recv()) is not None:
        conn.send([msg, msg * 2])
    conn.close()

if __name__ == "__main__":
    q = mp.Queue()
    p = mp.Process(target=producer, args=(q,))
    p.start()
    while (item := q.get()) is not None:
        print(item)
    p.join()
    print("exitcode", p.exitcode)
    parent, child = mp.Pipe()
    p = mp.Process(target=echo, args=(child,))
    p.start()
    for x in (1, "two", 3.5):
        parent.send(x)
        print(parent.recv())
    parent.send(None)
    p.join()
    print("exitcode", p.exitcode)
