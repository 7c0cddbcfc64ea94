// gevent.ssl over cooperative sockets, on real sockets (127.0.0.1, port 0) with the test
// certificate: a STARTTLS exchange where a StreamServer handler and a client greenlet both wrap
// their socket, the module-level wrapSocket, verification failures, handshake timeouts, and the
// errors of wrapping a socket that cannot be wrapped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  InvalidStateError,
  NodeEventLoop,
  SSLCertVerificationError,
  TimeoutError,
  type Transport,
  setEventLoop,
} from '@async/loop';
import { TEST_CERTIFICATE_PATH, TEST_PRIVATE_KEY_PATH, testTlsCredentials } from '@async/loop-testing';
import {
  SSLContext,
  SSLSocket,
  type Socket,
  StreamServer,
  createConnection,
  createDefaultContext,
  getHub,
  spawn,
  ssl,
  wrapSocket,
} from '@async/hub';

const { cert, key } = testTlsCredentials();
let loop: NodeEventLoop;
beforeEach(() => {
  loop = new NodeEventLoop();
  setEventLoop(loop);
});
afterEach(() => {
  setEventLoop(null);
  if (!loop.isRunning()) loop.close();
});

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Greets in clear, wraps on STARTTLS with `context` (server side), then echoes lines over TLS. */
function startTlsHandler(context: SSLContext, failures: unknown[] = []) {
  return function* (socket: Socket) {
    yield* socket.sendall('hello\r\n');
    if (text(yield* socket.readline()) !== 'STARTTLS\r\n') return;
    yield* socket.sendall('OK\r\n');
    let secure: SSLSocket;
    try {
      secure = yield* context.wrapSocket(socket, { serverSide: true });
    } catch (error) {
      failures.push(error);
      return;
    }
    for (let line = yield* secure.readline(); line.length !== 0; line = yield* secure.readline()) {
      yield* secure.sendall(line);
    }
    secure.close();
  };
}

/** Connects, reads the greeting and asks for STARTTLS; returns the socket once the server said OK. */
function* greet(port: number) {
  const socket = yield* createConnection(['127.0.0.1', port], 5);
  expect(text(yield* socket.readline())).toBe('hello\r\n');
  yield* socket.sendall('STARTTLS\r\n');
  expect(text(yield* socket.readline())).toBe('OK\r\n');
  return socket;
}

describe('gevent.ssl over cooperative sockets', () => {
  it('STARTTLS: both greenlets wrap their socket, then lines are echoed over TLS', async () => {
    const server = new StreamServer(['127.0.0.1', 0], startTlsHandler(new SSLContext({ key, cert })));
    await server.start();
    try {
      const result = await spawn(function* () {
        const plain = yield* greet(server.address[1]);
        const context = createDefaultContext({ cadata: cert });
        const secure = yield* context.wrapSocket(plain, { serverHostname: 'localhost' });
        // The plain socket is spent.
        expect(plain.closed).toBe(true);
        expect(() => plain.sendall('leak')).toThrow(InvalidStateError);
        yield* secure.sendall('ping\r\n');
        const echoed = text(yield* secure.readline());
        const peer = secure.getpeercert();
        const cipher = secure.cipher();
        secure.close();
        return { echoed, peer, cipher, isSsl: secure instanceof SSLSocket };
      });
      expect(result.echoed).toBe('ping\r\n');
      expect(result.isSsl).toBe(true);
      expect(result.peer).toMatchObject({ subject: { CN: 'localhost' } });
      expect(result.cipher).toMatchObject({ name: expect.any(String) });
    } finally {
      await server.stop();
    }
  });

  it('module wrapSocket with files, and doHandshakeOnConnect: false with an explicit doHandshake()', async () => {
    const server = new StreamServer(['127.0.0.1', 0], function* (socket: Socket) {
      yield* socket.sendall('hello\r\n');
      yield* socket.readline();
      yield* socket.sendall('OK\r\n');
      const secure = yield* ssl.wrapSocket(socket, { serverSide: true, certfile: TEST_CERTIFICATE_PATH, keyfile: TEST_PRIVATE_KEY_PATH });
      yield* secure.sendall(yield* secure.readline());
      secure.close();
    });
    await server.start();
    try {
      const echoed = await spawn(function* () {
        const plain = yield* greet(server.address[1]);
        // Python's old wrap_socket checks nothing by default; 'required' checks the chain only.
        const secure = yield* wrapSocket(plain, { certReqs: 'required', caCerts: TEST_CERTIFICATE_PATH, doHandshakeOnConnect: false });
        expect(() => secure.recv()).toThrow(/doHandshake/);
        yield* secure.doHandshake();
        yield* secure.doHandshake();
        yield* secure.sendall('files\r\n');
        const line = text(yield* secure.readline());
        secure.close();
        return line;
      });
      expect(echoed).toBe('files\r\n');
    } finally {
      await server.stop();
    }
  });

  it('an untrusted certificate raises SSLCertVerificationError in the client greenlet; the server sees a failure', async () => {
    const failures: unknown[] = [];
    const server = new StreamServer(['127.0.0.1', 0], startTlsHandler(new SSLContext({ key, cert }), failures));
    await server.start();
    try {
      const outcome = await spawn(function* () {
        const plain = yield* greet(server.address[1]);
        try {
          yield* new SSLContext().wrapSocket(plain, { serverHostname: 'localhost' });
        } catch (error) {
          return error;
        }
        return null;
      });
      expect(outcome).toBeInstanceOf(SSLCertVerificationError);
    } finally {
      await server.stop();
    }
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(Error);
  });

  it("the socket's timeout bounds the handshake: TimeoutError against a peer that never answers", async () => {
    const server = new StreamServer(['127.0.0.1', 0], function* (socket: Socket) {
      yield* socket.sendall('hello\r\nOK\r\n');
      // Read and ignore everything, the client's TLS hello included.
      while ((yield* socket.recv()).length !== 0);
    });
    await server.start();
    try {
      const outcome = await spawn(function* () {
        const plain = yield* createConnection(['127.0.0.1', server.address[1]]);
        yield* plain.readline();
        yield* plain.readline();
        plain.settimeout(0.05);
        try {
          yield* createDefaultContext({ cadata: cert }).wrapSocket(plain, { serverHostname: 'localhost' });
        } catch (error) {
          return error;
        }
        return null;
      });
      expect(outcome).toBeInstanceOf(TimeoutError);
    } finally {
      await server.stop();
    }
  });

  it('refuses what cannot be wrapped, leaving the socket usable', async () => {
    const server = new StreamServer(['127.0.0.1', 0], function* (socket: Socket) {
      yield* socket.sendall('hello\r\nmore\r\n');
      yield* socket.readline();
    });
    await server.start();
    try {
      await spawn(function* () {
        const plain = yield* createConnection(['127.0.0.1', server.address[1]]);
        const context = new SSLContext({ ca: cert });
        expect(() => context.wrapSocket({} as Socket)).toThrow(InvalidArgumentError);
        // A client that verifies needs the name to check.
        expect(() => context.wrapSocket(plain)).toThrow(/serverHostname/);
        expect(() => new SSLContext({ ca: cert }).wrapSocket(plain, { serverSide: true })).toThrow(/certificate/);
        expect(() => new SSLContext(null as never)).toThrow(InvalidArgumentError);
        expect(() => context.loadCertChain('/no/such/file.pem')).toThrow(/ENOENT|no such file/);
        expect(() => wrapSocket(plain, { certReqs: 'maybe' as never })).toThrow(InvalidArgumentError);
        // Unread bytes could be the peer's first TLS bytes: read them first.
        expect(text(yield* plain.recv(3))).toBe('hel');
        expect(() => context.wrapSocket(plain, { serverHostname: 'localhost' })).toThrow(/unread/);
        expect(plain.closed).toBe(false);
        expect(text(yield* plain.readline())).toBe('lo\r\n');
        yield* plain.sendall('bye\r\n');
        plain.close();
      });
    } finally {
      await server.stop();
    }
  });
});

describe('Hub.startTls', () => {
  it('delegates to its loop; the future belongs to the hub', async () => {
    const hub = getHub(loop);
    const accepted = hub.createFuture<Transport>();
    const serverProtocol = { connectionMade: (t: Transport) => accepted.setResult(t) };
    const outcome = await hub.runUntilComplete(
      (function* () {
        const server = yield* hub.createServer(() => serverProtocol, { host: '127.0.0.1', port: 0 });
        const { port } = server.addresses()[0] as { port: number };
        const client = {};
        const [plain] = yield* hub.createConnection(() => client, { host: '127.0.0.1', port });
        const peer = yield* accepted;
        const serverSide = hub.startTls(peer, serverProtocol, { key, cert }, { serverSide: true });
        const clientSide = hub.startTls(plain, client, { ca: cert }, { serverHostname: 'localhost' });
        const owners = [serverSide.getLoop() === hub, clientSide.getLoop() === hub];
        const secure = yield* clientSide;
        (yield* serverSide).close();
        const cipher = secure.getExtraInfo('cipher') !== undefined;
        secure.close();
        // The Server is the underlying loop's (its waitClosed() future too): close it, no wait.
        server.close();
        return [...owners, cipher];
      })(),
    );
    expect(outcome).toEqual([true, true, true]);
  });
});
