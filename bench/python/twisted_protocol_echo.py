"""Echo server: a Twisted Protocol on the default (epoll) reactor, as Twisted's echo example."""
from twisted.internet import protocol, reactor

from bench_control import BACKLOG, listening


class Echo(protocol.Protocol):
    def connectionMade(self):
        self.transport.setTcpNoDelay(True)

    def dataReceived(self, data):
        self.transport.write(data)


class EchoFactory(protocol.Factory):
    def buildProtocol(self, addr):
        return Echo()


port = reactor.listenTCP(0, EchoFactory(), backlog=BACKLOG, interface="127.0.0.1")
listening(port.getHost().port)
reactor.run()
