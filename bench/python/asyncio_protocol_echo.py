"""Echo server: an asyncio Protocol served with loop.create_server (asyncio's own event loop)."""
import asyncio
import sys

from bench_control import BACKLOG, listening


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def main():
    loop = asyncio.get_running_loop()
    # The clients reset their connections at the end of a run.
    loop.set_exception_handler(lambda loop, context: None)
    server = await loop.create_server(Echo, "127.0.0.1", 0, backlog=BACKLOG)
    listening(server.sockets[0].getsockname()[1])
    await server.serve_forever()


if __name__ == "__main__":
    if "--uvloop" in sys.argv:
        import uvloop

        uvloop.install()
    asyncio.run(main())
