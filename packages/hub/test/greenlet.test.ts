import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidStateError } from '@async/loop';
import {
  Greenlet,
  GreenletExit,
  Timeout,
  getcurrent,
  kill,
  sleep,
  spawn,
  spawnLater,
  spawnRaw,
} from '@async/hub';
import { Greenlet as RawGreenlet } from '@async/greenlet';
import { useVirtualHub } from './virtual-hub.js';

const env = useVirtualHub();

/**
 * Runs `body` in a gevent greenlet `a`, a raw greenlet `r` and a gevent greenlet `b`, spawned in
 * that order, until all three are done; returns the raw one.
 */
async function inThreeGreenlets(body: (name: string) => Generator<unknown, void, unknown>): Promise<RawGreenlet> {
  const a = spawn(body, 'a');
  const raw = spawnRaw(body, 'r');
  const b = spawn(body, 'b');
  await a;
  await b;
  await sleep(0);
  return raw;
}

describe('spawn and get', () => {
  it('runs a generator function with its arguments and gives its value', async () => {
    const g = spawn(function* (a: number, b: number) {
      yield* sleep(1);
      return a + b;
    }, 2, 3);
    expect(g.ready()).toBe(false);
    expect(await g).toBe(5);
    expect(env.loop.time()).toBe(1);
    expect([g.ready(), g.successful(), g.value, g.exception, g.dead]).toEqual([true, true, 5, undefined, true]);
  });

  it('accepts plain and async functions', async () => {
    const plain = spawn((x: number) => x * 2, 21);
    const promised = spawn(async (x: string) => `${x}!`, 'hi');
    expect(await plain).toBe(42);
    expect(await promised).toBe('hi!');
  });

  it('does not start before the loop runs it, and starts in spawn order', async () => {
    const order: number[] = [];
    const a = spawn(() => order.push(1));
    const b = spawn(() => order.push(2));
    expect(order).toEqual([]);
    expect(a.started).toBe(false);
    await b;
    expect(order).toEqual([1, 2]);
  });

  it('joins a finished greenlet from many waiters at once: greenlets, greenlet bodies, a task', async () => {
    const done = spawn(() => 7);
    await done;
    // Two iterators taken before either is stepped: each still finishes with no value.
    const iterators = [done.join(), done.join()].map((op) => op[Symbol.iterator]());
    expect(iterators.map((it) => ({ ...it.next() }))).toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
    const bodies = [spawn(() => done.join()), spawn(() => done.join())];
    const nested = spawn(function* () {
      yield* done.join();
      yield* sleep(0);
      yield* done.join();
      return 'nested';
    });
    const task = env.loop.createTask(
      (function* () {
        yield* done.join();
        return 'task';
      })(),
    );
    expect(await nested).toBe('nested');
    expect(await env.loop.runUntilComplete(task)).toBe('task');
    expect(bodies.map((g) => [g.ready(), g.successful(), g.value])).toEqual([
      [true, true, undefined],
      [true, true, undefined],
    ]);
  });

  it('sleep(0) lets the other greenlets run', async () => {
    const log: string[] = [];
    const body = function* (name: string) {
      for (let i = 0; i < 2; i++) {
        log.push(`${name}${i}`);
        yield* sleep(0);
      }
    };
    const a = spawn(body, 'a');
    const b = spawn(body, 'b');
    await a;
    await b;
    expect(log).toEqual(['a0', 'b0', 'a1', 'b1']);
    expect(env.loop.time()).toBe(0);
  });

  it('a sleep(0) interrupted before its turn and waited on again still waits a whole turn', async () => {
    const log: string[] = [];
    const nap = sleep(0);
    const g: Greenlet = spawn(function* () {
      // The kill is queued before the sleep's wake-up, so it interrupts the sleep first.
      g.kill(GreenletExit, { block: false });
      try {
        yield* nap;
        log.push('slept');
      } catch (error) {
        log.push(error instanceof GreenletExit ? 'killed' : 'other');
        env.loop.callSoon(() => log.push('next turn'));
        yield* nap; // the wake-up of the interrupted sleep, still queued, must not end this one
        log.push('woke');
      }
    });
    await g.join();
    expect(log).toEqual(['killed', 'next turn', 'woke']);
  });

  it('a bare yield is sleep(0): gevent and raw greenlets take turns with loop callbacks, in order', async () => {
    const log: string[] = [];
    const body = function* (name: string) {
      for (let i = 0; i < 2; i++) {
        log.push(`${name}${i}`);
        env.loop.callSoon(() => log.push(`${name}${i} callback`));
        yield;
      }
    };
    const raw = await inThreeGreenlets(body);
    // First in, first out: each callback runs before the turn of the yield that follows it.
    expect(log).toEqual([
      'a0', 'r0', 'b0',
      'a0 callback', 'a1', 'r0 callback', 'r1', 'b0 callback', 'b1',
      'a1 callback', 'r1 callback', 'b1 callback',
    ]);
    expect([raw.dead, env.loop.time()]).toEqual([true, 0]);
  });

  it.each([
    ['a gevent greenlet', (body: () => Generator<unknown, void, unknown>) => spawn(body)],
    ['a raw greenlet', (body: () => Generator<unknown, void, unknown>) => spawnRaw(body)],
  ])('%s killed in a bare yield raises there, and the turn it gave up never wakes it', async (_what, start) => {
    const log: string[] = [];
    const g = start(function* () {
      // The kill is queued before the yield's turn comes, so it interrupts the yield first.
      kill(getcurrent());
      try {
        yield;
        log.push('woke early');
      } catch (error) {
        log.push(error instanceof GreenletExit ? 'killed' : 'other');
        env.loop.callSoon(() => log.push('next turn'));
        yield; // the abandoned turn, still queued, must not end this one
        log.push('woke');
      }
    });
    await sleep(0);
    await sleep(0);
    await sleep(0);
    expect(log).toEqual(['killed', 'next turn', 'woke']);
    expect(g.dead).toBe(true);
  });

  it('records an error, reports it through the exception handler and raises it from get()', async () => {
    const boom = new RangeError('boom');
    const g = spawn(function* () {
      yield* sleep(0.5);
      throw boom;
    });
    await expect(g.get()).rejects.toBe(boom);
    expect([g.ready(), g.successful(), g.exception, g.value]).toEqual([true, false, boom, undefined]);
    expect(env.reported.map((c) => c.exception)).toEqual([boom]);
  });

  it('get({ block: false }) raises Timeout when not ready; get({ timeout }) raises Timeout after it', async () => {
    const g = spawn(function* () {
      yield* sleep(10);
      return 1;
    });
    await expect(g.get({ block: false })).rejects.toBeInstanceOf(Timeout);
    await expect(g.get({ timeout: 2 })).rejects.toBeInstanceOf(Timeout);
    expect(env.loop.time()).toBe(2);
    expect(await g.get()).toBe(1);
  });

  it('join(timeout) returns quietly either way', async () => {
    const g = spawn(function* () {
      yield* sleep(5);
    });
    await g.join(1);
    expect([env.loop.time(), g.ready()]).toEqual([1, false]);
    await g.join();
    expect([env.loop.time(), g.ready()]).toEqual([5, true]);
  });

  it('inside a greenlet, get and join time out, raise the error, and a killed waiter stops waiting', async () => {
    const error = new RangeError('bad');
    const slow = spawn(function* () {
      yield* sleep(5);
      return 's';
    });
    const failing = spawn(function* () {
      yield* sleep(1);
      throw error;
    });
    const seen: unknown[] = [];
    const waiter = spawn(function* () {
      try {
        yield* slow.get({ timeout: 2 });
      } catch (e) {
        seen.push(e instanceof Timeout ? `timeout at ${env.loop.time()}` : e);
      }
      yield* slow.join(1);
      seen.push(`joined at ${env.loop.time()}, ready: ${slow.ready()}`);
      try {
        yield* failing.get();
      } catch (e) {
        seen.push(e);
      }
      return yield* slow;
    });
    const killed = spawn(function* () {
      yield* slow.join();
      seen.push('never');
    });
    await sleep(4);
    await killed.kill();
    expect(await waiter).toBe('s');
    expect(seen).toEqual(['timeout at 2', 'joined at 3, ready: false', error]);
    expect(env.loop.time()).toBe(5);
  });

  it('is waited on from another greenlet with yield*', async () => {
    const inner = spawn(function* () {
      yield* sleep(1);
      return 'inner';
    });
    const outer = spawn(function* () {
      const v = yield* inner;
      yield* inner.join();
      return `${v} seen by ${(getcurrent() as Greenlet).name}`;
    });
    expect(await outer).toBe(`inner seen by ${outer.name}`);
  });

  it('spawnLater starts after the delay; startLater on a greenlet too', async () => {
    const g = spawnLater(3, () => env.loop.time());
    const h = new Greenlet(() => env.loop.time());
    h.startLater(1);
    expect(await h).toBe(1);
    expect(await g).toBe(3);
  });

  it('one sleep(0) serves gevent and raw greenlets at once, each waiting its own turn', async () => {
    const log: string[] = [];
    const nap = sleep(0);
    const body = function* (name: string) {
      for (let i = 0; i < 2; i++) {
        log.push(`${name}${i}`);
        yield* nap;
      }
    };
    const raw = await inThreeGreenlets(body);
    expect(log).toEqual(['a0', 'r0', 'b0', 'a1', 'r1', 'b1']);
    expect(raw.dead).toBe(true);
  });

  it('a gevent greenlet is a raw greenlet, with every field a raw one has', () => {
    const g = new Greenlet(function* () {});
    const raw = new RawGreenlet(function* () {}, g.hub.main);
    expect(g).toBeInstanceOf(RawGreenlet);
    for (const key of Object.keys(raw)) if (key !== 'run') expect(Object.keys(g)).toContain(key);
    expect([g.parent, g.trampoline, g.started, g.dead]).toEqual([g.hub.main, g.hub.trampoline, false, false]);
  });

  it('spawnRaw runs a plain greenlet of the hub', async () => {
    const log: string[] = [];
    const raw = spawnRaw(function* (x: string) {
      yield* sleep(1);
      log.push(x);
    }, 'raw');
    expect(raw).not.toBeInstanceOf(Greenlet);
    await sleep(2);
    expect([log, raw.dead]).toEqual([['raw'], true]);
  });

  it('names greenlets Greenlet-<minimalIdent>, counting from 0 per hub, as gevent does', () => {
    const a = new Greenlet(() => 1);
    const b = new Greenlet(() => 2);
    expect([a.name, a.minimalIdent, b.minimalIdent, b.name]).toEqual(['Greenlet-0', 0, 1, 'Greenlet-1']);
    b.name = 'worker';
    expect(b.name).toBe('worker');
    expect(String(b)).toBe('<Greenlet "worker" not started>');
  });

  it('refuses a non-function with a typed error', () => {
    expect(() => spawn(42 as never)).toThrow(InvalidArgumentError);
    expect(() => new Greenlet('run' as never)).toThrow(/must be a function/);
    expect(() => spawnLater(-1, () => 1)).toThrow(InvalidArgumentError);
    expect(() => spawnRaw(null as never)).toThrow(InvalidArgumentError);
  });
});

describe('kill', () => {
  it('raises GreenletExit where the target sleeps and runs its finally; the value is the GreenletExit', async () => {
    const log: string[] = [];
    const target = spawn(function* () {
      try {
        yield* sleep(10);
        log.push('not reached');
      } finally {
        log.push(`finally at ${env.loop.time()}`);
      }
    });
    await sleep(1);
    await target.kill();
    expect(log).toEqual(['finally at 1']);
    expect([target.dead, target.successful(), target.value instanceof GreenletExit]).toEqual([true, true, true]);
    expect(env.reported).toEqual([]);
  });

  it('kills a greenlet that has not started without running it', async () => {
    let ran = false;
    const g = spawn(() => {
      ran = true;
    });
    await g.kill();
    await sleep(1);
    expect([ran, g.dead, g.ready(), g.successful(), g.value instanceof GreenletExit]).toEqual([
      false,
      true,
      true,
      true,
      true,
    ]);
  });

  it('notifies the links of a greenlet killed before it started after the callbacks queued before', async () => {
    const order: string[] = [];
    const g = spawn(() => order.push('ran'));
    g.rawlink(() => order.push('link'));
    env.loop.callSoon(() => order.push('callback'));
    g.kill(GreenletExit, { block: false });
    await sleep(0);
    await sleep(0);
    expect(order).toEqual(['callback', 'link']);
  });

  it('raises a given exception class or instance, which counts as a failure', async () => {
    const g = spawn(function* () {
      yield* sleep(10);
    });
    await sleep(0);
    await g.kill(RangeError);
    expect(g.exception).toBeInstanceOf(RangeError);
    const custom = new Error('stop');
    const h = spawn(function* () {
      yield* sleep(10);
    });
    await sleep(0);
    await h.kill(custom);
    expect(h.exception).toBe(custom);
  });

  it('a greenlet may ignore a kill by catching it', async () => {
    const g = spawn(function* () {
      try {
        yield* sleep(10);
      } catch (e) {
        yield* sleep(1);
        return `survived ${(e as Error).name}`;
      }
      return 'slept';
    });
    await sleep(1);
    await g.kill(GreenletExit, { timeout: 0.5 });
    expect(g.ready()).toBe(false);
    expect(await g).toBe('survived GreenletExit');
  });

  it('refuses to kill itself with block, and kills itself with { block: false }', async () => {
    const self = spawn(function* (): Generator<unknown, string, unknown> {
      const me = getcurrent() as Greenlet;
      expect(() => me.kill()).toThrow(InvalidStateError);
      yield* me.kill(GreenletExit, { block: false });
      yield* sleep(1);
      return 'not reached';
    });
    await self.join();
    expect(self.value).toBeInstanceOf(GreenletExit);
  });

  it('refuses a kill exception that is not an Error', () => {
    const g = spawn(() => 1);
    expect(() => g.kill('no' as never)).toThrow(InvalidArgumentError);
  });
});

describe('links', () => {
  it('runs link callbacks in order, filtering linkValue/linkException, as gevent does', async () => {
    const order: string[] = [];
    const fail = spawn(function* () {
      yield* sleep(1);
      throw new Error('x');
    });
    fail.link(() => order.push('l1'));
    fail.linkException(() => order.push('le'));
    fail.linkValue(() => order.push('lv'));
    fail.link(() => order.push('l2'));
    const ok = spawn(() => 1);
    ok.linkValue((g) => order.push(`ok ${g.value}`));
    await fail.join();
    await sleep(0);
    await sleep(0);
    expect(order).toEqual(['ok 1', 'l1', 'le', 'l2']);
  });

  it('runs a link that is added after the greenlet is done, and unlink removes one', async () => {
    const g = spawn(() => 'v');
    await g.join();
    const seen: unknown[] = [];
    const removed = (): number => seen.push('removed');
    g.link(removed);
    g.link((x) => seen.push(x.value));
    g.unlink(removed);
    await sleep(0);
    await sleep(0);
    expect(seen).toEqual(['v']);
  });

  it('unlink removes the raw and spawned links made with a callback and keeps the others in order', async () => {
    const seen: string[] = [];
    const g = spawn(function* () {
      yield* sleep(1);
    });
    const twice = (): number => seen.push('twice');
    g.rawlink(() => seen.push('raw 1'));
    g.link(twice);
    g.rawlink(twice);
    g.link(() => seen.push('spawned 2'));
    g.rawlink(() => seen.push('raw 3'));
    g.unlink(twice);
    g.unlink(() => seen.push('never linked')); // nothing to remove
    await g.join();
    await sleep(0);
    expect(seen).toEqual(['raw 1', 'spawned 2', 'raw 3']);
  });

  it('lets a link block: it runs in its own greenlet', async () => {
    const seen: number[] = [];
    const g = spawn(() => 1);
    g.link(function* () {
      yield* sleep(2);
      seen.push(env.loop.time());
    });
    await sleep(5);
    expect(seen).toEqual([2]);
  });

  it('refuses a link that is not a function', () => {
    expect(() => spawn(() => 1).link(3 as never)).toThrow(InvalidArgumentError);
  });
});
