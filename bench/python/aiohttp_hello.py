"""HTTP hello-world: aiohttp's low-level web.Server, a coroutine from request to web.Response.

asyncio itself has no HTTP server; aiohttp's handler model is what the asyncio front's
http.startServer re-creates, and its low-level server is the same shape (no router).
"""
import asyncio

from aiohttp import web

from bench_control import BACKLOG, listening


async def handler(request):
    return web.Response(text="Hello, world")


async def main():
    runner = web.ServerRunner(web.Server(handler), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=BACKLOG)
    await site.start()
    listening(runner.addresses[0][1])
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
