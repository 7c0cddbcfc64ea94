import { describe, expect, it } from 'vitest';
import { type Coroutine, InvalidArgumentError, NodeEventLoop, Task } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { describeEventLoopConformance } from '@async/loop-testing/conformance';
import { Greenlet as RawGreenlet, GreenletError } from '@async/greenlet';
import { AsyncResult, Hub, getHub, getcurrent, idle, sleep, spawn } from '@async/hub';
import { useVirtualHub } from './virtual-hub.js';

describe('the hub', () => {
  const env = useVirtualHub();

  it('is one per loop, and an EventLoop that delegates to it', () => {
    expect(getHub(env.loop)).toBe(env.hub);
    expect(getHub(env.hub)).toBe(env.hub);
    expect(getHub()).toBe(env.hub); // the current loop's
    expect(() => new Hub(env.loop)).toThrow(InvalidArgumentError);
    expect(() => new Hub({} as never)).toThrow(InvalidArgumentError);
    const seen: number[] = [];
    env.hub.callLater(2, () => seen.push(env.hub.time()));
    env.loop.advance(2);
    expect(seen).toEqual([2]);
    expect(env.hub.createFuture().getLoop()).toBe(env.hub);
  });

  it('runs on any EventLoop, each hub with its own greenlets', async () => {
    const other = new VirtualEventLoop();
    const hub = getHub(other);
    expect(hub).not.toBe(env.hub);
    const [owner, value] = await hub.runUntilComplete(
      hub.createTask(
        (function* (): Coroutine<[Hub, Hub]> {
          const g = spawn(() => getHub());
          return [g.hub, yield* g];
        })(),
      ),
    );
    expect([owner, value]).toEqual([hub, hub]);
    other.close();
  });

  it('gives a greenlet spawned inside another greenlet that greenlet\'s hub, whatever loop runs', () => {
    const other = new VirtualEventLoop();
    const otherHub = getHub(other);
    const spawnedOn: Hub[] = [];
    // Switched into by hand from a callback of the other loop: the running greenlet decides.
    const inEnvHub = new RawGreenlet(function* () {
      spawnedOn.push(spawn(() => 1).hub);
    }, env.hub.main);
    other.callSoon(() => {
      spawnedOn.push(spawn(() => 2).hub);
      inEnvHub.switch();
    });
    other.runUntilIdle();
    expect(spawnedOn).toEqual([otherHub, env.hub]);
    other.close();
  });

  it('getcurrent() is the running greenlet inside one and the hub greenlet outside', async () => {
    expect(getcurrent()).toBe(env.hub.main);
    const g: Greenlet = spawn(() => getcurrent() === g);
    expect(await g).toBe(true);
  });

  it('lets a greenlet yield* a core Future, yield a promise, and yield a coroutine', async () => {
    const fut = env.loop.createFuture<string>();
    env.loop.callLater(1, () => fut.setResult('future'));
    const g = spawn(function* () {
      const a = yield* fut;
      const b = (yield Promise.resolve('promise')) as string;
      const c = (yield (function* (): Coroutine<string> {
        yield* sleep(1);
        return 'task';
      })()) as string;
      return [a, b, c, env.loop.time()];
    });
    expect(await g).toEqual(['future', 'promise', 'task', 2]);
  });

  it('raises a rejected promise at the yield, and refuses what cannot be waited on', async () => {
    const error = new Error('rejected');
    const g = spawn(function* () {
      try {
        yield Promise.reject(error);
      } catch (e) {
        return e;
      }
    });
    expect(await g).toBe(error);
    const bad = spawn(function* () {
      yield 42;
    });
    await expect(bad.get()).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('lets any driver wait on a gevent Greenlet or an AsyncResult (registered converter)', async () => {
    const g = spawn(function* () {
      yield* sleep(1);
      return 'from greenlet';
    });
    const r = new AsyncResult<number>();
    env.loop.callLater(2, () => r.set(7));
    const task = new Task(
      (function* () {
        const v = yield* g;
        const w = (yield r) as number;
        return `${v} ${w}`;
      })(),
      env.loop,
    );
    expect(await env.loop.runUntilComplete(task)).toBe('from greenlet 7');
  });

  it('awaiting from inside a running loop just waits', async () => {
    const results: unknown[] = [];
    const done = env.loop.createFuture<void>();
    env.loop.callSoon(async () => {
      results.push(await sleep(1, 'slept'));
      done.setResult();
    });
    await env.loop.runUntilComplete(done);
    expect(results).toEqual(['slept']);
  });

  it('refuses bad arguments to sleep, join and get with typed errors', () => {
    expect(() => sleep('1' as never)).toThrow(InvalidArgumentError);
    expect(() => sleep(Number.NaN)).toThrow(InvalidArgumentError);
    const g = spawn(() => 1);
    expect(() => g.join(-1)).toThrow(InvalidArgumentError);
    expect(() => g.get({ timeout: -1 })).toThrow(InvalidArgumentError);
    expect(() => g.startLater('soon' as never)).toThrow(InvalidArgumentError);
  });

  it('idle() waits for what is ready to run first', async () => {
    const log: string[] = [];
    spawn(function* () {
      yield* idle();
      log.push('idle');
    });
    spawn(() => log.push('other'));
    await sleep(0.1);
    expect(log).toEqual(['other', 'idle']);
  });

  it('a plain greenlet inside a hub greenlet switches as usual', async () => {
    const g = spawn(function* () {
      const child = new RawGreenlet(function* (x: number) {
        return x + 1;
      });
      return (yield* child.switch(1)) as number;
    });
    expect(await g).toBe(2);
  });

  it('a Switch not handed to yield* is still a greenlet error under the hub', async () => {
    const g = spawn(function* () {
      getcurrent().parent!.switch();
      yield* sleep(0);
    });
    await expect(g.get()).rejects.toBeInstanceOf(GreenletError);
  });
});

describe('the hub on a real loop', () => {
  it('orders tiny real timers', async () => {
    const loop = new NodeEventLoop();
    const hub = getHub(loop);
    const log: number[] = [];
    const run = hub.runUntilComplete(
      hub.createTask(
        (function* () {
          yield* sleep(0); // a bare Task may block on hub operations too
          return 1;
        })(),
      ),
    );
    expect(await run).toBe(1);
    const done = loop.createFuture<void>();
    loop.callSoon(() => {
      // Both greenlets start in the same loop iteration; the 40 ms gap between the deadlines is
      // far wider than the time between their starts, even on a loaded machine.
      const gs = [0.05, 0.01].map((s) => spawn(() => sleep(s, s)));
      for (const g of gs) g.link(() => log.push(g.value as number));
      gs[0]!.link(() => done.setResult());
    });
    await loop.runUntilComplete(done);
    expect(log).toEqual([0.01, 0.05]);
    loop.close();
  });
});

type Greenlet = import('@async/hub').Greenlet;
