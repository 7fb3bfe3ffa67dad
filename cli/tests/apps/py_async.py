# asyncio: a TCP echo server and clients in one process, on 127.0.0.1.
import asyncio

async def handle(reader, writer):
    while data := await reader.readline():
        writer.write(data.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()

async def client(n):
    reader, writer = await asyncio.open_connection('127.0.0.1', 41202)
    got = []
    for i in range(3):
        writer.write(f'client {n} line {i}\n'.encode())
        await writer.drain()
        got.append((await reader.readline()).decode().strip())
    writer.write_eof()
    rest = await reader.read()
    writer.close()
    await writer.wait_closed()
    return got, rest

async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 41202)
    print('serving', server.sockets[0].getsockname())
    async with server:
        results = await asyncio.gather(*(client(n) for n in range(4)))
        for r in results:
            print(r)
        # Under StreamReader's 64 KiB line limit, over the socket buffers.
        big = b'x' * 60000 + b'\n'
        reader, writer = await asyncio.open_connection('127.0.0.1', 41202)
        writer.write(big)
        await writer.drain()
        line = await reader.readline()
        print(len(line), line[:3])
        writer.close()
        await writer.wait_closed()
        # Timeouts and cancellation, and a subprocess through the loop.
        try:
            await asyncio.wait_for(asyncio.sleep(10), 0.05)
        except asyncio.TimeoutError:
            print('timed out')
        proc = await asyncio.create_subprocess_exec(
            'sh', '-c', 'echo from child; exit 4', stdout=asyncio.subprocess.PIPE)
        out, _ = await proc.communicate()
        print(out, proc.returncode)
        q = asyncio.Queue()
        async def producer():
            for i in range(5):
                await q.put(i)
                await asyncio.sleep(0)
            await q.put(None)
        async def consumer():
            total = []
            while (item := await q.get()) is not None:
                total.append(item)
            return total
        print(await asyncio.gather(producer(), consumer()))
    print('server closed')

# Bounded: a hang fails with a timeout instead.
asyncio.run(asyncio.wait_for(main(), 60))
