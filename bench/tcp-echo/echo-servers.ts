/**
 * The echo servers the TCP benchmark knows: raw `node:net` (the baseline), one server per front
 * of ours, written as that framework's users write an echo server, and the same servers written
 * in Python on the original frameworks. Adding a server is one entry here (and its script).
 */

/** Which Python module a Python server needs, and the Debian package that provides it. */
export interface PythonRequirement {
  module: string;
  debianPackage: string;
}

/** One echo server. */
export interface EchoServerSpec {
  /** Stable key, used in the JSON output. */
  key: string;
  /** As shown in the tables. */
  label: string;
  /** `raw` for the node:net baseline, `ours` for a front, `python` for an original. */
  side: 'raw' | 'ours' | 'python';
  /** The script, relative to bench/tcp-echo/. */
  script: string;
  /** Python servers: the arguments after the script, and the modules they need. */
  python?: { args: readonly string[]; requires: readonly PythonRequirement[] };
  /** A front: the key of the Python server it re-creates, compared with it in the report. */
  original?: string;
}

const ASYNCIO: PythonRequirement[] = [];
const UVLOOP = [{ module: 'uvloop', debianPackage: 'python3-uvloop' }];
const TWISTED = [{ module: 'twisted', debianPackage: 'python3-twisted' }];
const TORNADO = [{ module: 'tornado', debianPackage: 'python3-tornado' }];
const GEVENT = [{ module: 'gevent', debianPackage: 'python3-gevent' }];

/** Every echo server, the baseline first. */
export const ECHO_SERVERS: readonly EchoServerSpec[] = [
  { key: 'raw', label: 'raw node:net', side: 'raw', script: './raw-echo-server.ts' },
  { key: 'asyncio-protocol', label: 'ours: asyncio Protocol (loop.createServer)', side: 'ours', script: './loop-echo-server.ts', original: 'py-asyncio-protocol' },
  { key: 'asyncio-streams', label: 'ours: asyncio streams (startServer)', side: 'ours', script: './asyncio-echo-server.ts', original: 'py-asyncio-streams' },
  { key: 'reactor', label: 'ours: Twisted Protocol on a Reactor', side: 'ours', script: './reactor-echo-server.ts', original: 'py-twisted' },
  { key: 'ioloop', label: 'ours: Tornado TCPServer + IOStream', side: 'ours', script: './ioloop-echo-server.ts', original: 'py-tornado' },
  { key: 'hub', label: 'ours: gevent StreamServer on the hub', side: 'ours', script: './hub-echo-server.ts', original: 'py-gevent' },
  { key: 'py-asyncio-protocol', label: 'Python asyncio Protocol', side: 'python', script: '../python/asyncio_protocol_echo.py', python: { args: [], requires: ASYNCIO } },
  { key: 'py-uvloop-protocol', label: 'Python uvloop Protocol', side: 'python', script: '../python/asyncio_protocol_echo.py', python: { args: ['--uvloop'], requires: UVLOOP } },
  { key: 'py-asyncio-streams', label: 'Python asyncio streams', side: 'python', script: '../python/asyncio_streams_echo.py', python: { args: [], requires: ASYNCIO } },
  { key: 'py-twisted', label: 'Python Twisted Protocol (epoll reactor)', side: 'python', script: '../python/twisted_protocol_echo.py', python: { args: [], requires: TWISTED } },
  { key: 'py-tornado', label: 'Python Tornado TCPServer + IOStream', side: 'python', script: '../python/tornado_iostream_echo.py', python: { args: [], requires: TORNADO } },
  { key: 'py-gevent', label: 'Python gevent StreamServer', side: 'python', script: '../python/gevent_streamserver_echo.py', python: { args: [], requires: GEVENT } },
];

/** The Node servers: the baseline and our fronts. */
export const NODE_SERVERS = ECHO_SERVERS.filter((s) => s.side !== 'python');
