/**
 * The HTTP hello-world servers: raw `node:http` (the baseline), `@async/http`'s server (shared by
 * every front), each front's own HTTP server (the Tornado front's `web.Application`, the Twisted
 * front's `Site`, the gevent front's `WSGIServer`, the asyncio front's `http.startServer`), and
 * the Python originals' web servers. Each answers `GET /` with "Hello, world" over keep-alive
 * connections. Paths are relative to bench/tcp-echo/, where the process launcher lives.
 */
import type { EchoServerSpec } from '../tcp-echo/echo-servers.js';

/** Every HTTP server, the baseline first (same shape as the echo servers' entries). */
export const HTTP_SERVERS: readonly EchoServerSpec[] = [
  { key: 'raw-http', label: 'raw node:http', side: 'raw', script: '../http/raw-http-server.ts' },
  { key: 'async-http', label: 'ours: @async/http server (NodeEventLoop)', side: 'ours', script: '../http/loop-http-server.ts' },
  {
    key: 'ioloop-web',
    label: 'ours: Tornado front web.Application',
    side: 'ours',
    script: '../http/ioloop-web-server.ts',
    original: 'py-tornado-web',
  },
  {
    key: 'reactor-web',
    label: 'ours: Twisted front Site + Resource',
    side: 'ours',
    script: '../http/reactor-web-server.ts',
    original: 'py-twisted-web',
  },
  {
    key: 'hub-wsgi',
    label: 'ours: gevent front pywsgi.WSGIServer',
    side: 'ours',
    script: '../http/hub-wsgi-server.ts',
    original: 'py-gevent-wsgi',
  },
  {
    key: 'asyncio-http',
    label: 'ours: asyncio front http.startServer',
    side: 'ours',
    script: '../http/asyncio-http-server.ts',
    original: 'py-aiohttp',
  },
  {
    key: 'py-tornado-web',
    label: 'Python Tornado web.Application',
    side: 'python',
    script: '../python/tornado_web_hello.py',
    python: { args: [], requires: [{ module: 'tornado', debianPackage: 'python3-tornado' }] },
  },
  {
    key: 'py-twisted-web',
    label: 'Python Twisted web.server.Site',
    side: 'python',
    script: '../python/twisted_web_hello.py',
    python: { args: [], requires: [{ module: 'twisted', debianPackage: 'python3-twisted' }] },
  },
  {
    key: 'py-gevent-wsgi',
    label: 'Python gevent pywsgi.WSGIServer',
    side: 'python',
    script: '../python/gevent_pywsgi_hello.py',
    python: { args: [], requires: [{ module: 'gevent', debianPackage: 'python3-gevent' }] },
  },
  {
    // asyncio has no HTTP server of its own; aiohttp's is the one the asyncio front's mirrors.
    key: 'py-aiohttp',
    label: 'Python aiohttp web.Server (asyncio)',
    side: 'python',
    script: '../python/aiohttp_hello.py',
    python: { args: [], requires: [{ module: 'aiohttp', debianPackage: 'python3-aiohttp' }] },
  },
];

/** The request every connection sends, again as soon as the response is in. */
export const HELLO_REQUEST = 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
