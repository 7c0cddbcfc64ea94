"""Echo server: gevent's StreamServer, a greenlet per connection blocking in recv / sendall."""
from gevent.server import StreamServer

from bench_control import BACKLOG, listening, nodelay


def echo(sock, address):
    nodelay(sock)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            sock.sendall(data)
    except OSError:
        pass  # the clients reset their connections at the end of a run


server = StreamServer(("127.0.0.1", 0), echo, backlog=BACKLOG)
server.init_socket()
listening(server.address[1])
server.serve_forever()
