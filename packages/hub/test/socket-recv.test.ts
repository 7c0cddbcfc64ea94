// A greenlet blocked in recv() is parked on the socket and woken from the data callback: these
// tests pin down what must still hold on that path (kill, gevent Timeout, socket timeouts, close
// from another greenlet, several readers, a reset), on a VirtualEventLoop so timing is exact.
import { describe, expect, it } from 'vitest';
import { ConnectionResetError, TimeoutError } from '@async/loop';
import { Event, GreenletExit, type Socket, StreamServer, Timeout, createConnection, spawn } from '@async/hub';
import { useVirtualHub } from './virtual-hub.js';

const env = useVirtualHub();
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A connected pair: `peer` is the server's side (its handler waits until `finish`), `client` the other. */
function connect(): { peer: Socket; client: Socket; finish: () => void } {
  const accepted: Socket[] = [];
  const release = new Event();
  const server = new StreamServer(['127.0.0.1', 9000], function* (socket: Socket) {
    accepted.push(socket);
    yield* release.wait();
  });
  spawn(() => server.start());
  env.loop.advance(1);
  const connecting = spawn(() => createConnection(['127.0.0.1', 9000]));
  env.loop.advance(1);
  const client = connecting.value as Socket;
  expect(accepted).toHaveLength(1);
  return {
    peer: accepted[0]!,
    client,
    finish: () => {
      client.close();
      release.set();
      spawn(() => server.stop(0));
      env.loop.advance(1);
    },
  };
}

/** Sends `data` from a greenlet and lets it arrive. */
function send(socket: Socket, data: string): void {
  spawn(() => socket.sendall(data));
  env.loop.advance(1);
}

describe('recv() parked on the socket', () => {
  it('a greenlet killed in recv() leaves the socket to the next reader', () => {
    const { peer, client, finish } = connect();
    const first = spawn(function* () {
      return text(yield* peer.recv());
    });
    env.loop.runUntilIdle();
    first.kill(undefined, { block: false });
    env.loop.runUntilIdle();
    expect(first.dead).toBe(true);
    expect(first.value).toBeInstanceOf(GreenletExit);
    const second = spawn(function* () {
      return text(yield* peer.recv());
    });
    env.loop.runUntilIdle();
    send(client, 'after the kill');
    expect(second.value).toBe('after the kill');
    finish();
    expect(env.reported).toEqual([]);
  });

  it("gevent's Timeout interrupts recv() where it waits, and the next recv() gets the data", () => {
    const { peer, client, finish } = connect();
    const start = env.loop.time();
    const waiting = spawn(function* () {
      const timeout = Timeout.startNew(2);
      try {
        yield* peer.recv();
        return 'data';
      } catch (error) {
        return error === timeout ? `Timeout after ${env.loop.time() - start}` : String(error);
      } finally {
        timeout.cancel();
      }
    });
    env.loop.advance(5);
    expect(waiting.value).toBe('Timeout after 2');
    const next = spawn(function* () {
      return text(yield* peer.recv());
    });
    env.loop.runUntilIdle();
    send(client, 'late');
    expect(next.value).toBe('late');
    finish();
  });

  it("the socket's timeout raises TimeoutError; data that comes first cancels it", () => {
    const { peer, client, finish } = connect();
    peer.settimeout(3);
    const start = env.loop.time();
    const outcomes: { what: string; at: number }[] = [];
    const reader = spawn(function* () {
      for (;;) {
        try {
          outcomes.push({ what: text(yield* peer.recv()), at: env.loop.time() - start });
        } catch (error) {
          outcomes.push({ what: (error as Error).constructor.name, at: env.loop.time() - start });
          return;
        }
      }
    });
    env.loop.advance(2);
    send(client, 'in time');
    env.loop.advance(10);
    const [data, timedOut] = outcomes;
    expect(outcomes).toHaveLength(2);
    expect(data!.what).toBe('in time');
    expect(data!.at).toBeLessThan(3);
    // The second wait's own 3 seconds, not what was left of the first one's.
    expect(timedOut).toEqual({ what: TimeoutError.name, at: data!.at + 3 });
    expect(reader.dead).toBe(true);
    finish();
    expect(env.reported).toEqual([]);
  });

  it('a timeout of 0 raises at once with nothing buffered; a recv() made before the data arrived takes it', () => {
    const { peer, client, finish } = connect();
    peer.settimeout(0);
    const none = spawn(function* () {
      try {
        yield* peer.recv();
        return 'data';
      } catch (error) {
        return error instanceof TimeoutError ? 'TimeoutError' : String(error);
      }
    });
    env.loop.runUntilIdle();
    expect(none.value).toBe('TimeoutError');
    peer.settimeout(null);
    const early = peer.recv(4); // nothing buffered yet: this one would have to wait
    send(client, 'buffered');
    const taken = spawn(function* () {
      return text(yield* early);
    });
    env.loop.runUntilIdle();
    expect(taken.value).toBe('buff');
    finish();
  });

  it('a greenlet that closes the socket wakes the one blocked in recv() with the end of stream', () => {
    const { peer, finish } = connect();
    const reader = spawn(function* () {
      return (yield* peer.recv()).length;
    });
    env.loop.runUntilIdle();
    spawn(function* () {
      peer.close();
    });
    env.loop.runUntilIdle();
    expect(reader.value).toBe(0);
    finish();
  });

  it('several greenlets reading one socket each get data in turn, none lost', () => {
    const { peer, client, finish } = connect();
    const got: string[] = [];
    const readers = ['a', 'b', 'c'].map((name) =>
      spawn(function* () {
        got.push(`${name}: ${text(yield* peer.recv())}`);
      }),
    );
    env.loop.runUntilIdle();
    send(client, 'one');
    expect(got).toEqual(['a: one']);
    send(client, 'two');
    send(client, 'three');
    expect(got).toEqual(['a: one', 'b: two', 'c: three']);
    expect(readers.every((g) => g.dead)).toBe(true);
    finish();
  });

  it('when the first of several readers is killed, the others still get data in the order they came', () => {
    const { peer, client, finish } = connect();
    const got: string[] = [];
    const reader = (name: string) =>
      spawn(function* () {
        got.push(`${name}: ${text(yield* peer.recv())}`);
      });
    const first = reader('a');
    reader('b');
    env.loop.runUntilIdle();
    first.kill(undefined, { block: false });
    env.loop.runUntilIdle();
    reader('c');
    env.loop.runUntilIdle();
    send(client, 'one');
    send(client, 'two');
    expect(got).toEqual(['b: one', 'c: two']);
    finish();
  });

  it('a reset while blocked in recv() raises the connection error there', () => {
    const { peer, client, finish } = connect();
    const reader = spawn(function* () {
      try {
        yield* peer.recv();
        return 'data';
      } catch (error) {
        return error instanceof ConnectionResetError ? 'reset' : String(error);
      }
    });
    env.loop.runUntilIdle();
    client._detach().abort();
    env.loop.advance(1);
    expect(reader.value).toBe('reset');
    finish();
  });

  it('a greenlet reading in a loop gets every byte, whatever the sizes it asks for from one recv() to the next', () => {
    const { peer, client, finish } = connect();
    const sizes = [3, 3, 3, 100, 2, 100, 100];
    const got: string[] = [];
    const reader = spawn(function* () {
      for (const size of sizes) got.push(text(yield* peer.recv(size)));
    });
    env.loop.runUntilIdle();
    send(client, 'abcdefgh'); // more than the waiting recv(3) takes: split across three calls
    expect(got).toEqual(['abc', 'def', 'gh']);
    send(client, 'xyz'); // a recv(100) waiting: the chunk goes to it whole
    expect(got).toEqual(['abc', 'def', 'gh', 'xyz']);
    send(client, 'pqrs'); // recv(2) takes part of it, the next recv() the rest at once
    expect(got).toEqual(['abc', 'def', 'gh', 'xyz', 'pq', 'rs']);
    send(client, 'tu');
    expect(got).toEqual(['abc', 'def', 'gh', 'xyz', 'pq', 'rs', 'tu']);
    expect(reader.dead).toBe(true);
    finish();
  });

  it('recv() operations made before either is used stay independent', () => {
    const { peer, client, finish } = connect();
    const first = peer.recv(2);
    const second = peer.recv(5);
    expect(second).not.toBe(first);
    const reader = spawn(function* () {
      const a = text(yield* first);
      const b = text(yield* second);
      return `${a}|${b}`;
    });
    env.loop.runUntilIdle();
    send(client, 'hello world');
    expect(reader.value).toBe('he|llo w');
    finish();
  });

  it('each recv() measures the socket timeout from its own call, also after one timed out', () => {
    const { peer, client, finish } = connect();
    peer.settimeout(2);
    const start = env.loop.time();
    const outcomes: string[] = [];
    spawn(function* () {
      for (let i = 0; i < 2; i++) {
        try {
          outcomes.push(`${text(yield* peer.recv())} at ${env.loop.time() - start}`);
        } catch (error) {
          outcomes.push(`${(error as Error).constructor.name} at ${env.loop.time() - start}`);
        }
      }
    });
    env.loop.advance(2); // the first recv() times out; the second one waits from now until 4
    env.loop.advance(1.5);
    spawn(() => client.sendall('late'));
    env.loop.runUntilIdle();
    expect(outcomes).toEqual(['TimeoutError at 2', 'late at 3.5']);
    finish();
  });

  it('await recv() from plain code waits for the data', async () => {
    const { peer, client, finish } = connect();
    env.loop.callLater(1, () => spawn(() => client.sendall('awaited')));
    expect(text(await peer.recv())).toBe('awaited');
    finish();
  });
});
