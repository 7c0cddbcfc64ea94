import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@async/loop';
import { AsyncResult, Event, Greenlet, GreenletExit, iwait, joinall, kill, killall, sleep, spawn, spawnRaw, wait } from '@async/hub';
import { useVirtualHub } from './virtual-hub.js';

const env = useVirtualHub();

const after = (seconds: number, value: unknown) =>
  spawn(function* () {
    yield* sleep(seconds);
    return value;
  });

describe('joinall', () => {
  it('waits for every greenlet and gives them back', async () => {
    const gs = [after(3, 'c'), after(1, 'a'), after(2, 'b')];
    const done = await joinall(gs);
    expect(env.loop.time()).toBe(3);
    expect(done.map((g) => g.value)).toEqual(['a', 'b', 'c']);
  });

  it('with raiseError, raises the first failure as soon as it happens', async () => {
    const boom = new Error('boom');
    const failing = spawn(function* () {
      yield* sleep(1);
      throw boom;
    });
    await expect(joinall([after(5, 1), failing], { raiseError: true })).rejects.toBe(boom);
    expect(env.loop.time()).toBe(1);
  });

  it('without raiseError, a failure is just a finished greenlet', async () => {
    const failing = spawn(() => {
      throw new Error('x');
    });
    const done = await joinall([failing, after(1, 1)]);
    expect(done).toHaveLength(2);
  });

  it('stops at count or timeout', async () => {
    const gs = [after(1, 1), after(2, 2), after(3, 3)];
    expect((await joinall(gs, { count: 2 })).map((g) => g.value)).toEqual([1, 2]);
    expect(env.loop.time()).toBe(2);
    const more = [after(1, 'x'), after(10, 'y')];
    expect((await joinall(more, { timeout: 5 })).map((g) => g.value)).toEqual(['x']);
    expect(env.loop.time()).toBe(7);
  });
});

describe('iwait and wait', () => {
  it('iwait gives objects in the order they become ready, any linkable kind', async () => {
    const ev = new Event();
    const ar = new AsyncResult<number>();
    const g = after(2, 'g');
    spawn(function* () {
      yield* sleep(1);
      ar.set(1);
      yield* sleep(2);
      ev.set();
    });
    const order: unknown[] = [];
    for await (const o of iwait<Event | AsyncResult<number> | typeof g>([ev, ar, g])) order.push(o);
    expect(order).toEqual([ar, g, ev]);
  });

  it('iwait inside a greenlet with next(), and wait with a timeout', async () => {
    const gs = [after(2, 'b'), after(1, 'a')];
    const inGreenlet = spawn(function* () {
      const it = iwait(gs);
      const seen: unknown[] = [];
      for (let o = yield* it.next(); o !== undefined; o = yield* it.next()) seen.push(o.value);
      return seen;
    });
    expect(await inGreenlet).toEqual(['a', 'b']);
    const slow = after(10, 's');
    expect(await wait([slow], { timeout: 1 })).toEqual([]);
  });

  it('a greenlet killed while it waits in iwait stops waiting; the object is left for the next next()', async () => {
    const slow = after(2, 's');
    const it = iwait([slow]);
    const waiter = spawn(function* () {
      return yield* it.next();
    });
    await sleep(1);
    await waiter.kill();
    expect(waiter.value).toBeInstanceOf(GreenletExit);
    await slow.join();
    const again = spawn(function* () {
      return [yield* it.next(), yield* it.next()];
    });
    expect(await again).toEqual([slow, undefined]);
  });

  it('iwait with a timeout ends a waiting next() when time is up, and stops listening', async () => {
    const slow = after(5, 's');
    const it = iwait([slow], { timeout: 1 });
    const waiter = spawn(function* () {
      return [yield* it.next()];
    });
    expect(await waiter).toEqual([undefined]);
    expect(env.loop.time()).toBe(1);
    const late = spawn(function* () {
      return [yield* it.next()];
    });
    expect(await late).toEqual([undefined]);
  });

  it('refuses what cannot be waited on', () => {
    expect(() => iwait([42 as never])).toThrow(InvalidArgumentError);
    expect(() => wait([], { count: -1 })).toThrow(InvalidArgumentError);
  });
});

describe('killall', () => {
  it('kills every greenlet and waits for them', async () => {
    const gs = [after(10, 1), after(10, 2)];
    await sleep(0);
    await killall(gs);
    expect(gs.map((g) => [g.dead, g.value instanceof GreenletExit])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(env.loop.time()).toBe(0);
  });
});

describe('kill and Greenlet.spawnLater', () => {
  it('kill() raises in a Greenlet or a raw greenlet where it blocks, without waiting', async () => {
    const log: string[] = [];
    const g = after(10, 'never');
    const raw = spawnRaw(function* () {
      try {
        yield* sleep(10);
        log.push('raw woke');
      } catch (error) {
        log.push(`raw got ${(error as Error).name}`);
      }
    });
    {
      await sleep(1);
      kill(g);
      kill(raw, new RangeError('stop'));
      expect(g.dead).toBe(false); // kill does not wait
    }
    await g.join();
    await sleep(0);
    expect(g.value).toBeInstanceOf(GreenletExit);
    expect(log).toEqual(['raw got RangeError']);
    expect(raw.dead).toBe(true);
    kill(raw); // dead: nothing happens
    expect(() => kill({} as never)).toThrow(InvalidArgumentError);
    expect(env.loop.time()).toBe(1);
  });

  it('Greenlet.spawnLater starts the greenlet after the delay', async () => {
    const g = Greenlet.spawnLater(2, (x: number) => [x, env.loop.time()], 7);
    expect(await g).toEqual([7, 2]);
    expect(() => Greenlet.spawnLater(-1, () => 0)).toThrow(InvalidArgumentError);
  });
});
