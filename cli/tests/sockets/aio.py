import asyncio, os
path = "/tmp/tabvm-sockets-aio.sock"
if os.path.exists(path):
    os.unlink(path)
async def handle(reader, writer):
    line = await reader.readline()
    writer.write(line[::-1])
    await writer.drain()
    writer.close()
async def main():
    server = await asyncio.start_unix_server(handle, path)
    for word in (b"abc\n", b"tabvm\n"):
        r, w = await asyncio.open_unix_connection(path)
        w.write(word)
        await w.drain()
        print(await r.read())
        w.close()
    server.close()
    await server.wait_closed()
asyncio.run(main())
os.unlink(path)
