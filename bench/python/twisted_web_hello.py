"""HTTP hello-world: a Twisted web Site with one Resource, on the default (epoll) reactor."""
from twisted.internet import reactor
from twisted.web import resource, server

from bench_control import BACKLOG, listening


class Hello(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain")
        return b"Hello, world"


port = reactor.listenTCP(0, server.Site(Hello()), backlog=BACKLOG, interface="127.0.0.1")
listening(port.getHost().port)
reactor.run()
