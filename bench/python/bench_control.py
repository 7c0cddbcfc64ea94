"""The control side shared by the Python echo servers.

The bench starts each server with /usr/bin/python3, reads one JSON line from its stdout saying
where it listens, and measures its CPU time and memory from /proc (so the servers need no
statistics code of their own). The server exits when its stdin closes: the bench went away.
"""
import json
import os
import socket
import sys
import threading

BACKLOG = 4096


def listening(port):
    """Tells the bench the server listens on 127.0.0.1:port, and exits when the bench is gone."""
    sys.stdout.write(json.dumps({"type": "listening", "port": port}) + "\n")
    sys.stdout.flush()

    def watch():
        # A real thread, not a green one: gevent does not patch this module's threading here.
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def nodelay(sock):
    """Nagle off, as on the Node servers, so every server sends the same segments."""
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
