// makefile() and recvInto() over real sockets on 127.0.0.1, port 0, on a NodeEventLoop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidStateError, NodeEventLoop, setEventLoop } from '@async/loop';
import { type Socket, StreamServer, createConnection, spawn } from '@async/hub';

let loop: NodeEventLoop;
beforeEach(() => {
  loop = new NodeEventLoop();
  setEventLoop(loop);
});
afterEach(() => {
  setEventLoop(null);
  if (!loop.isRunning()) loop.close();
});

/** Runs `client` against a StreamServer whose handler is `handler`, stopping the server after. */
async function withServer<T>(handler: (socket: Socket) => Generator<unknown, void, unknown>, client: (port: number) => Generator<unknown, T, unknown>): Promise<T> {
  const server = new StreamServer(['127.0.0.1', 0], handler);
  await server.start();
  try {
    return await spawn(client, server.address[1]);
  } finally {
    await server.stop();
  }
}

describe('Socket.makefile()', () => {
  it("reads lines and exact sizes in 'rb', and buffers writes in 'wb' until flush", async () => {
    const result = await withServer(
      function* (socket) {
        const f = socket.makefile('rwb');
        const line = yield* f.readline();
        const five = yield* f.read(5);
        yield* f.write(line);
        yield* f.write(five);
        yield* f.flush();
        yield* f.close();
        socket.close();
      },
      function* (port) {
        const s = yield* createConnection(['127.0.0.1', port], 5);
        try {
          const w = s.makefile('wb');
          expect(yield* w.write(new TextEncoder().encode('first line\n'))).toBe(11);
          yield* w.write(new TextEncoder().encode('ab'));
          yield* w.flush();
          yield* w.write(new TextEncoder().encode('cde-rest'));
          yield* w.close(); // flushes
          expect(w.closed).toBe(true);
          const r = s.makefile('rb');
          const all = yield* r.read(); // until the server closes
          return new TextDecoder().decode(all);
        } finally {
          s.close();
        }
      },
    );
    expect(result).toBe('first line\nabcde');
  });

  it('in a text mode reads and writes UTF-8 strings, a character split between packets included', async () => {
    const result = await withServer(
      function* (socket) {
        const bytes = new TextEncoder().encode('héllo wörld\nsecond');
        // Send the two bytes of 'é' separately.
        yield* socket.sendall(bytes.subarray(0, 2));
        yield* socket.sendall(bytes.subarray(2));
        socket.close();
      },
      function* (port) {
        const s = yield* createConnection(['127.0.0.1', port], 5);
        try {
          const f = s.makefile();
          expect(f.mode).toBe('r');
          const first = yield* f.read(3); // 'h' and both bytes of 'é'
          const line = yield* f.readline();
          const rest = yield* f.read();
          const end = yield* f.readline();
          return [first, line, rest, end];
        } finally {
          s.close();
        }
      },
    );
    expect(result).toEqual(['hé', 'llo wörld\n', 'second', '']);
  });

  it('refuses a bad mode, the wrong direction, the wrong data and a closed file', async () => {
    await withServer(
      function* (socket) {
        socket.close();
      },
      function* (port) {
        const s = yield* createConnection(['127.0.0.1', port], 5);
        try {
          expect(() => s.makefile('rt' as string)).toThrow(InvalidArgumentError);
          const r = s.makefile('rb');
          expect(() => r.write(new Uint8Array(1))).toThrow(/not open for writing/);
          expect(() => r.read(1.5)).toThrow(InvalidArgumentError);
          const w = s.makefile('w');
          expect(() => w.read()).toThrow(InvalidStateError);
          expect(() => w.write(new Uint8Array(1) as never)).toThrow(InvalidArgumentError);
          expect(() => s.makefile('wb').write('text' as never)).toThrow(InvalidArgumentError);
          yield* r.close();
          yield* r.close();
          expect(() => r.readline()).toThrow(/closed socket file/);
          expect(s.closed).toBe(false); // closing a file leaves the socket open
          const late = s.makefile('w');
          yield* late.write('unsent');
          s.close();
          expect(() => late.flush()).toThrow(InvalidStateError);
          expect(() => late.close()).toThrow(InvalidStateError); // the text is still there to send
        } finally {
          s.close();
        }
      },
    );
  });
});

describe('Socket.recvInto()', () => {
  it('fills the buffer, up to nbytes, and gives 0 at end of stream', async () => {
    const result = await withServer(
      function* (socket) {
        yield* socket.sendall('abcdef');
        socket.close();
      },
      function* (port) {
        const s = yield* createConnection(['127.0.0.1', port], 5);
        try {
          const buffer = new Uint8Array(8);
          const counts: number[] = [];
          counts.push(yield* s.recvInto(buffer, 2));
          const head = new TextDecoder().decode(buffer.subarray(0, 2));
          for (let n = yield* s.recvInto(buffer); n !== 0; n = yield* s.recvInto(buffer)) counts.push(n);
          expect(() => s.recvInto(buffer, 9)).toThrow(InvalidArgumentError);
          expect(() => s.recvInto(buffer, -1)).toThrow(InvalidArgumentError);
          expect(() => s.recvInto([] as never)).toThrow(InvalidArgumentError);
          return [head, counts.reduce((a, b) => a + b, 0), yield* s.recvInto(new Uint8Array(0))];
        } finally {
          s.close();
        }
      },
    );
    expect(result).toEqual(['ab', 6, 0]);
  });
});
