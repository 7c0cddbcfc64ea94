"""Echo server: a Tornado TCPServer whose handle_stream reads with read_bytes(partial=True)."""
import asyncio

from tornado.iostream import StreamClosedError
from tornado.tcpserver import TCPServer
from tornado.netutil import bind_sockets

from bench_control import BACKLOG, listening


class EchoServer(TCPServer):
    async def handle_stream(self, stream, address):
        stream.set_nodelay(True)
        try:
            while True:
                data = await stream.read_bytes(65536, partial=True)
                stream.write(data)
        except StreamClosedError:
            pass


async def main():
    sockets = bind_sockets(0, "127.0.0.1", backlog=BACKLOG)
    server = EchoServer()
    server.add_sockets(sockets)
    listening(sockets[0].getsockname()[1])
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
