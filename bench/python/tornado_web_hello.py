"""HTTP hello-world: a Tornado web.Application with one RequestHandler, as Tornado's own example."""
import asyncio

from tornado import web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bench_control import BACKLOG, listening


class MainHandler(web.RequestHandler):
    def get(self):
        self.write("Hello, world")


async def main():
    sockets = bind_sockets(0, "127.0.0.1", backlog=BACKLOG)
    server = HTTPServer(web.Application([(r"/", MainHandler)]))
    server.add_sockets(sockets)
    listening(sockets[0].getsockname()[1])
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
