// Real sockets on 127.0.0.1, port 0, on a NodeEventLoop made current for each test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionRefusedError, InvalidArgumentError, NodeEventLoop, TimeoutError, setEventLoop } from '@async/loop';
import { type Socket, StreamServer, createConnection, sleep, spawn } from '@async/hub';

let loop: NodeEventLoop;
let reported: unknown[];
beforeEach(() => {
  loop = new NodeEventLoop();
  reported = [];
  loop.setExceptionHandler((_loop, context) => reported.push(context.exception));
  setEventLoop(loop);
});
afterEach(() => {
  setEventLoop(null);
  if (!loop.isRunning()) loop.close();
});

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function* echo(socket: Socket) {
  for (let line = yield* socket.readline(); line.length !== 0; line = yield* socket.readline()) {
    yield* socket.sendall(line);
  }
}

describe('cooperative sockets and StreamServer', () => {
  it('echoes lines between a client greenlet and a handler greenlet', async () => {
    const server = new StreamServer(['127.0.0.1', 0], echo);
    await server.start();
    try {
      const port = server.address[1];
      expect(port).toBeGreaterThan(0);
      const client = spawn(function* () {
        const s = yield* createConnection(['127.0.0.1', port], 5);
        try {
          yield* s.sendall('hello\nwor');
          const first = text(yield* s.readline());
          yield* s.send('ld\n');
          const second = text(yield* s.readline());
          s.shutdown('write');
          const end = yield* s.recv();
          return [first, second, end.length];
        } finally {
          s.close();
        }
      });
      expect(await client).toEqual(['hello\n', 'world\n', 0]);
    } finally {
      await server.stop();
    }
  });

  it('serves several clients at once, each in its own greenlet', async () => {
    const server = new StreamServer(['127.0.0.1', 0], function* (socket: Socket) {
      yield* socket.readline();
      yield* sleep(0.01);
      yield* socket.sendall('done\n');
    });
    await server.start();
    try {
      const port = server.address[1];
      const clients = [1, 2, 3].map(() =>
        spawn(function* () {
          const s = yield* createConnection(['127.0.0.1', port]);
          try {
            yield* s.sendall('go\n');
            return text(yield* s.readline());
          } finally {
            s.close();
          }
        }),
      );
      for (const c of clients) expect(await c).toBe('done\n');
    } finally {
      await server.stop();
    }
  });

  it('recv() hands over a received chunk as a plain Uint8Array, whose slice() is a copy', async () => {
    const server = new StreamServer(['127.0.0.1', 0], function* (socket: Socket) {
      yield* socket.sendall('abcd');
    });
    await server.start();
    try {
      const port = server.address[1];
      const client = spawn(function* () {
        const s = yield* createConnection(['127.0.0.1', port]);
        try {
          // A parked recv(), woken with the transport's chunk (a Node Buffer) as it is.
          const data = yield* s.recv(4096);
          const part = data.slice(0, 2);
          part[0] = 0x7a;
          return [data.constructor, text(data), text(part)] as const;
        } finally {
          s.close();
        }
      });
      expect(await client).toEqual([Uint8Array, 'abcd', 'zb']);
    } finally {
      await server.stop();
    }
  });

  it('sendall() of the bytes recv() handed over writes them as they are when sent, changes included', async () => {
    const server = new StreamServer(['127.0.0.1', 0], function* (socket: Socket) {
      for (let data = yield* socket.recv(); data.length !== 0; data = yield* socket.recv()) {
        data[0] = 0x2a; // the handler owns the bytes it received: the change is what goes out
        yield* socket.sendall(data);
      }
    });
    await server.start();
    try {
      const port = server.address[1];
      const client = spawn(function* () {
        const s = yield* createConnection(['127.0.0.1', port]);
        try {
          const replies: string[] = [];
          for (const line of ['abcd', 'efgh']) {
            yield* s.sendall(line);
            let reply = '';
            while (reply.length < line.length) reply += text(yield* s.recv());
            replies.push(reply);
          }
          return replies;
        } finally {
          s.close();
        }
      });
      expect(await client).toEqual(['*bcd', '*fgh']);
    } finally {
      await server.stop();
    }
  });

  it('recv raises TimeoutError after settimeout, and stop() kills handlers that outlive it', async () => {
    const handled: string[] = [];
    const server = new StreamServer(['127.0.0.1', 0], function* () {
      try {
        yield* sleep(60);
      } finally {
        handled.push('handler finally');
      }
    });
    await server.start();
    const port = server.address[1];
    const client = spawn(function* () {
      const s = yield* createConnection(['127.0.0.1', port]);
      s.settimeout(0.01);
      try {
        yield* s.recv();
        return 'no timeout';
      } catch (e) {
        return e instanceof TimeoutError ? 'timeout' : String(e);
      } finally {
        s.close();
      }
    });
    expect(await client).toBe('timeout');
    await server.stop(0.01);
    expect(handled).toEqual(['handler finally']);
    expect(server.started).toBe(false);
  });

  it('raises ConnectionRefusedError for a port nobody listens on, and refuses bad arguments', async () => {
    const server = new StreamServer(['127.0.0.1', 0], () => {});
    await server.start();
    const port = server.address[1];
    await server.stop();
    await expect(spawn(() => createConnection(['127.0.0.1', port])).get()).rejects.toBeInstanceOf(ConnectionRefusedError);
    expect(reported).toHaveLength(1); // a greenlet that fails is reported, as gevent prints it
    expect(() => createConnection(['127.0.0.1'] as never)).toThrow(InvalidArgumentError);
    expect(() => new StreamServer(['127.0.0.1', 0], 'handler' as never)).toThrow(InvalidArgumentError);
    expect(() => new StreamServer(['127.0.0.1', 0], () => {}, { pool: 0 })).toThrow(InvalidArgumentError);
  });

  it('a pool option bounds how many handlers run at once', async () => {
    let running = 0;
    let most = 0;
    const server = new StreamServer(
      ['127.0.0.1', 0],
      function* (socket: Socket) {
        running++;
        most = Math.max(most, running);
        yield* sleep(0.005);
        running--;
        yield* socket.sendall('ok\n');
      },
      { pool: 2 },
    );
    await server.start();
    try {
      const port = server.address[1];
      const clients = [1, 2, 3, 4].map(() =>
        spawn(function* () {
          const s = yield* createConnection(['127.0.0.1', port]);
          try {
            return text(yield* s.readline());
          } finally {
            s.close();
          }
        }),
      );
      for (const c of clients) expect(await c).toBe('ok\n');
      expect(most).toBe(2);
    } finally {
      await server.stop();
    }
  });
});
