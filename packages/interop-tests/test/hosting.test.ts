// Each front installed on another front's loop, as the documented one-liners do it, with a real
// workload: timers of both fronts interleaved by deadline, and a TCP round trip on 127.0.0.1
// between a server of one front and a client of the other.
import { afterEach, describe, expect, it } from 'vitest';
import { type Coroutine, type EventLoop, NodeEventLoop, getEventLoop, setEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { createTask, openConnection, run, sleep as asyncioSleep, startServer, type StreamReader, type StreamWriter } from '@async/asyncio';
import { ClientCreator, Deferred, Factory, LineReceiver, Reactor, type IPv4Address } from '@async/reactor';
import { IOLoop, type IOStream, StreamClosedError, TCPServer, gen } from '@async/ioloop';
import { Hub, createConnection, getHub, sleep as geventSleep, spawn } from '@async/hub';
import { installAsyncioReactor } from '@async/bridge-deferred';
import { installAiogevent, spawnAsTask } from '@async/bridge-greenlet';

afterEach(() => setEventLoop(null));

class Echo extends LineReceiver {
  override delimiter = '\n';
  override lineReceived(line: Uint8Array): void {
    this.sendLine(`echo ${Buffer.from(line).toString()}`);
  }
}

class EchoFactory extends Factory<Echo> {
  override buildProtocol(): Echo {
    return new Echo();
  }
}

describe('a reactor on the asyncio loop (installAsyncioReactor, Twisted’s asyncioreactor)', () => {
  it('runs Twisted timers and a Twisted server beside asyncio tasks and an asyncio client', async () => {
    const loop = new NodeEventLoop();
    const reactor = installAsyncioReactor(loop);
    expect(getEventLoop()).toBe(loop);
    const order: string[] = [];
    function* main(): Coroutine<string> {
      // The earlier deadline is set first: a pause of the process between the two lines (a busy
      // CI machine) then only moves the later one further out, and cannot reorder them.
      loop.callLater(0.003, () => order.push('asyncio 3ms'));
      reactor.callLater(0.006, () => order.push('twisted 6ms'));
      const port = yield* reactor.listenTCP(0, new EchoFactory(), { interface: '127.0.0.1' });
      const [reader, writer] = yield* openConnection('127.0.0.1', (port.getHost() as IPv4Address).port);
      writer.write('hello\n');
      const reply = (yield* reader.readline()).toString();
      writer.close();
      yield* writer.waitClosed();
      yield* port.stopListening();
      yield* asyncioSleep(0.01);
      return reply;
    }
    try {
      expect(await loop.runUntilComplete(loop.createTask(main()))).toBe('echo hello\n');
      expect(order).toEqual(['asyncio 3ms', 'twisted 6ms']);
    } finally {
      loop.close();
    }
  });

  it('refuses what is not a loop, and the default reactor itself', async () => {
    const { InvalidArgumentError } = await import('@async/loop');
    expect(() => installAsyncioReactor('loop' as never)).toThrow(InvalidArgumentError);
    const { reactor } = await import('@async/reactor');
    expect(() => installAsyncioReactor(reactor)).toThrow(InvalidArgumentError);
  });
});

describe('Tornado’s IOLoop on a reactor (IOLoop.forLoop(reactor))', () => {
  it('serves a Tornado TCPServer to a Twisted client, with both fronts’ timers', async () => {
    const reactor = new Reactor(new NodeEventLoop());
    const ioloop = IOLoop.forLoop(reactor);
    expect(ioloop.asyncioLoop).toBe(reactor);
    // Tornado's timers are Twisted DelayedCalls here, whose cancel() raises once they ran:
    // nothing Tornado does may trip on that.
    const reports: unknown[] = [];
    reactor.setExceptionHandler((_loop, context) => void reports.push(context.exception ?? context.message));
    const order: string[] = [];
    const lines: string[] = [];

    class Upper extends TCPServer {
      override *handleStream(stream: IOStream): Coroutine<void> {
        try {
          for (;;) {
            const line = (yield stream.readUntil('\n')) as Uint8Array;
            yield stream.write(Buffer.from(line).toString().toUpperCase());
          }
        } catch (error) {
          if (!(error instanceof StreamClosedError)) throw error;
        }
      }
    }

    class Client extends LineReceiver {
      override delimiter = '\n';
      readonly got = new Deferred<string>();
      override lineReceived(line: Uint8Array): void {
        this.got.callback(Buffer.from(line).toString());
      }
    }

    const main = gen.coroutine(function* () {
      // Earlier deadline first, as above.
      reactor.callLater(0.002, () => order.push('twisted 2ms'));
      ioloop.callLater(0.004, () => order.push('tornado 4ms'));
      const server = new Upper({ ioloop });
      yield server.listen(0, '127.0.0.1');
      const { port } = server.addresses()[0] as { port: number };
      const client = (yield new ClientCreator(reactor, Client).connectTCP('127.0.0.1', port)) as Client;
      client.sendLine('round trip');
      lines.push((yield client.got) as string);
      client.transport!.loseConnection();
      yield gen.sleep(0.01);
      server.stop();
    });
    try {
      await ioloop.runSync(() => main());
      expect(lines).toEqual(['ROUND TRIP']);
      expect(order).toEqual(['twisted 2ms', 'tornado 4ms']);
      expect(reports).toEqual([]);
    } finally {
      reactor.close();
    }
  });
});

describe('asyncio on the hub (aiogevent)', () => {
  it('run() with the hub as its loop: an asyncio server, a gevent client, both fronts’ sleeps', async () => {
    const order: string[] = [];
    function* handle(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      const line = yield* reader.readline();
      writer.write(`asyncio heard ${line.toString()}`);
      yield* writer.drain();
      writer.close();
    }
    function* main(): Coroutine<string> {
      const hub = getEventLoop();
      expect(hub).toBeInstanceOf(Hub);
      const server = yield* startServer(handle, '127.0.0.1', 0);
      const { port } = server.addresses()[0] as { port: number };
      const asyncioTimer = createTask(
        (function* () {
          yield* asyncioSleep(0.002);
          order.push('asyncio 2ms');
        })(),
      );
      const geventTimer = spawn(function* () {
        yield* geventSleep(0.004);
        order.push('gevent 4ms');
      });
      const reply = yield* spawnAsTask(function* () {
        const sock = yield* createConnection(['127.0.0.1', port]);
        const file = sock.makefile('rw');
        yield* file.write('ping\n');
        yield* file.flush();
        const line = yield* file.readline();
        sock.close();
        return line;
      });
      yield* asyncioTimer;
      yield* geventTimer;
      server.close();
      yield* server.waitClosed();
      return reply;
    }
    expect(await run(main(), { loopFactory: () => getHub(new NodeEventLoop()) })).toBe('asyncio heard ping\n');
    // Both fronts' sleeps ran on the hub's loop; which resumed first depends on when the busy
    // round trip let the loop poll, so only ordering.test.ts (virtual time) checks that.
    expect(order.sort()).toEqual(['asyncio 2ms', 'gevent 4ms']);
  });

  it('installAiogevent(loop) makes the loop’s hub current, so asyncio tasks and greenlets share it', async () => {
    const loop = new VirtualEventLoop();
    const hub = installAiogevent(loop);
    expect(hub).toBe(getHub(loop));
    expect(getEventLoop()).toBe(hub);
    const seen: EventLoop[] = [];
    const task = hub.createTask(
      (function* () {
        seen.push(getEventLoop());
        return yield* spawnAsTask(function* () {
          yield* geventSleep(1);
          return 'slept on the hub';
        });
      })(),
    );
    expect(await hub.runUntilComplete(task)).toBe('slept on the hub');
    expect(seen).toEqual([hub]);
    expect(loop.time()).toBe(1);
    loop.close();
  });
});

describe('networking futures of a hosted front belong to the front', () => {
  for (const [name, make] of [
    ['Hub', (loop: EventLoop) => new Hub(loop)],
    // A Twisted reactor: its DelayedCalls raise when cancelled after they ran, which asyncio's
    // sleep below must not trip on.
    ['Reactor', (loop: EventLoop) => new Reactor(loop)],
    ['IOLoop', (loop: EventLoop) => new IOLoop({ loop })],
  ] as const) {
    it(`${name}: a task of the front waits on its createServer() and createConnection()`, async () => {
      const loop = new VirtualEventLoop();
      const front = make(loop);
      const received: string[] = [];
      const task = front.createTask(
        (function* (): Coroutine<void> {
          const serving = front.createServer(
            () => ({
              connectionMade() {},
              dataReceived: (data: Uint8Array) => void received.push(Buffer.from(data).toString()),
              eofReceived: () => undefined,
              connectionLost() {},
            }),
            { host: '127.0.0.1', port: 0 },
          );
          expect(serving.getLoop()).toBe(front);
          const server = yield* serving;
          const { port } = server.addresses()[0] as { port: number };
          const connecting = front.createConnection(
            () => ({ connectionMade() {}, dataReceived() {}, eofReceived: () => undefined, connectionLost() {} }),
            { host: '127.0.0.1', port },
          );
          expect(connecting.getLoop()).toBe(front);
          const [transport] = yield* connecting;
          transport.write(Buffer.from('over the virtual network'));
          transport.close();
          yield* asyncioSleep(1);
          server.close();
        })(),
      );
      await front.runUntilComplete(task);
      loop.close();
      expect(received.join('')).toBe('over the virtual network');
    });
  }
});
