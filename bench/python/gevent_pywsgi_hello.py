"""HTTP hello-world: gevent's pywsgi.WSGIServer serving a WSGI app, as gevent's own example."""
from gevent.pywsgi import WSGIServer

from bench_control import BACKLOG, listening


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"Hello, world"]


# log=None: the default access log line per request would be most of the work measured.
server = WSGIServer(("127.0.0.1", 0), application, backlog=BACKLOG, log=None)
server.init_socket()
listening(server.address[1])
server.serve_forever()
