# Sockets in select, poll and epoll; asyncio's event loop (epoll, a
# socketpair self-pipe, timers) with a unix-socket echo server.
import asyncio, os, select, socket, tempfile

a, b = socket.socketpair()
print("writable", select.select([], [a], [], 0)[1] == [a])
print("not readable", select.select([a], [], [], 0)[0])
b.send(b"ping")
e = select.epoll()
e.register(a.fileno(), select.EPOLLIN | select.EPOLLOUT)
print("epoll", sorted(e.poll(0)) == [(a.fileno(), select.EPOLLIN | select.EPOLLOUT)])
print(a.recv(10))
b.close()
p = select.poll()
p.register(a, select.POLLIN)
ev = p.poll(100)
print("peer closed", [(fd == a.fileno(), bool(m & select.POLLIN), bool(m & select.POLLHUP)) for fd, m in ev])
print("eof", a.recv(10))
a.close()

async def handle(reader, writer):
    while line := await reader.readline():
        writer.write(line.upper())
        await writer.drain()
    writer.close()

async def main():
    path = os.path.join(tempfile.mkdtemp(), "s")
    server = await asyncio.start_unix_server(handle, path)
    reader, writer = await asyncio.open_unix_connection(path)
    for word in (b"alpha\n", b"beta\n", b"x" * 50000 + b"\n"):
        writer.write(word)
        await writer.drain()
        got = await reader.readline()
        print(len(got), got[:8])
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()
    t = asyncio.get_running_loop().time()
    await asyncio.sleep(0.05)
    print("slept", asyncio.get_running_loop().time() - t >= 0.05)
    try:
        await asyncio.wait_for(asyncio.sleep(10), 0.05)
    except asyncio.TimeoutError:
        print("wait_for timed out")
    proc = await asyncio.create_subprocess_exec("sh", "-c", "echo out; echo err >&2; exit 4",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    print("subprocess", proc.returncode, out, err)

asyncio.run(main())
