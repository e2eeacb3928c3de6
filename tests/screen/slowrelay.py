#!/usr/bin/env python3
"""slowrelay.py TARGET_PORT BYTES_PER_SECOND: a TCP relay on 127.0.0.1 that
passes bytes both ways at most at the given rate, so that a sync takes a
moment (TLS passes through untouched). Prints "port N" once listening."""
import asyncio
import sys


async def pipe(reader, writer, rate):
    try:
        while True:
            data = await reader.read(256)
            if not data:
                break
            writer.write(data)
            await writer.drain()
            await asyncio.sleep(len(data) / rate)
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def main():
    target, rate = int(sys.argv[1]), float(sys.argv[2])

    async def serve(cr, cw):
        try:
            sr, sw = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            cw.close()
            return
        await asyncio.gather(pipe(cr, sw, rate), pipe(sr, cw, rate))

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    print("port", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
