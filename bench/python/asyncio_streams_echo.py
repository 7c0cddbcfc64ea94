"""Echo server: asyncio streams (start_server, read / write / drain), one task per connection."""
import asyncio

from bench_control import BACKLOG, listening


async def echo(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass  # the clients reset their connections at the end of a run
    finally:
        writer.close()


async def main():
    asyncio.get_running_loop().set_exception_handler(lambda loop, context: None)
    server = await asyncio.start_server(echo, "127.0.0.1", 0, backlog=BACKLOG)
    listening(server.sockets[0].getsockname()[1])
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
