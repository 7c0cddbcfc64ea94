import { describe, expect, it } from 'vitest';
import { CancelledError, type Future, type Task, currentTask, InvalidArgumentError, InvalidStateError, TimeoutError, registerConverter } from '@async/loop';
import { BadYieldError, WaitIterator, convertYielded, gen } from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';

describe('gen.coroutine', () => {
  it('runs the first step before returning and returns a Future of the result', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const log: string[] = [];
    const work = gen.coroutine(function* (n: number) {
      log.push('started');
      yield gen.sleep(n);
      return n * 2;
    });
    const result = await ioloop.runSync(() => {
      const f = work(3);
      log.push('returned');
      return f;
    });
    expect(log).toEqual(['started', 'returned']);
    expect(result).toBe(6);
    expect(loop.time()).toBe(3);
  });

  it('an exception before the first yield fails the future instead of throwing', async () => {
    const { ioloop } = virtualIOLoop();
    const bad = gen.coroutine(function* () {
      throw new RangeError('early');
    });
    await expect(ioloop.runSync(() => bad())).rejects.toThrow(RangeError);
    const plain = gen.coroutine((x: number) => x + 1);
    expect(await ioloop.runSync(() => plain(1))).toBe(2);
  });

  it('yielding an array or a record waits for all of them (multi)', async () => {
    const { ioloop } = virtualIOLoop();
    const add = gen.coroutine(function* (x: number) {
      yield gen.sleep(x);
      return x;
    });
    const result = await ioloop.runSync(function* () {
      const list = (yield [add(2), add(1)]) as number[];
      const rec = (yield { a: add(1), b: Promise.resolve('p') }) as Record<string, unknown>;
      return { list, rec };
    });
    expect(result).toEqual({ list: [2, 1], rec: { a: 1, b: 'p' } });
  });

  it('yielding something unknown throws BadYieldError in at the yield', async () => {
    const { ioloop } = virtualIOLoop();
    const caught = await ioloop.runSync(function* () {
      try {
        yield 42;
      } catch (error) {
        return error;
      }
      return null;
    });
    expect(caught).toBeInstanceOf(BadYieldError);
    expect(caught).toBeInstanceOf(InvalidArgumentError);
  });

  it('moment lets other callbacks run once', async () => {
    const { ioloop } = virtualIOLoop();
    const log: string[] = [];
    await ioloop.runSync(function* () {
      ioloop.addCallback(() => log.push('callback'));
      log.push('before');
      yield gen.moment;
      log.push('after');
      yield* gen.moment;
    });
    expect(log).toEqual(['before', 'callback', 'after']);
  });

  it('goes on at once after yielding a done future, with its result or its error, as Tornado\'s Runner does', async () => {
    const { ioloop } = virtualIOLoop();
    const log: string[] = [];
    await ioloop.runSync(function* () {
      ioloop.addCallback(() => log.push('callback'));
      const ready = ioloop.createFuture<string>();
      ready.setResult('result');
      log.push((yield ready) as string);
      const failed = ioloop.createFuture<string>();
      failed.setException(new Error('failure'));
      try {
        yield failed;
      } catch (error) {
        log.push((error as Error).message);
      }
      yield gen.moment;
      log.push('after moment');
    });
    expect(log).toEqual(['result', 'failure', 'callback', 'after moment']);
  });

  it('drives a coroutine as a generator would: cancelled before its first step it never runs, and it cannot be re-entered', async () => {
    const { ioloop } = virtualIOLoop();
    const log: string[] = [];
    const never = convertYielded(
      (function* () {
        log.push('ran');
        yield gen.sleep(1);
      })(),
      ioloop,
    ) as Task<unknown>;
    never.cancel();
    let reentered: unknown = null;
    const task = convertYielded(
      (function* () {
        yield gen.sleep(0);
        try {
          currentTask(ioloop)!.getCoro()!.next();
        } catch (error) {
          reentered = error;
        }
        return 'done';
      })(),
      ioloop,
    ) as Task<string>;
    expect(await ioloop.runSync(() => task)).toBe('done');
    expect(never.cancelled()).toBe(true);
    expect(log).toEqual([]);
    expect(reentered).toBeInstanceOf(TypeError);
    expect(String(reentered)).toMatch(/already running/);
    // Finished, it behaves as a finished generator.
    const coro = task.getCoro()!;
    expect(coro[Symbol.iterator]()).toBe(coro);
    expect(coro.next()).toEqual({ value: undefined, done: true });
    expect(coro.return('r')).toEqual({ value: 'r', done: true });
    expect(() => coro.throw(new RangeError('late'))).toThrow(RangeError);
  });

  it('throws a failure of what was yielded in at the yield, and a task that waits on the loop underneath goes on with its result', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const log: unknown[] = [];
    await ioloop.runSync(function* () {
      const underneath = loop.createFuture<string>();
      loop.callLater(1, () => underneath.setResult('from the loop underneath'));
      log.push(yield underneath);
      const failing = ioloop.createFuture<string>();
      ioloop.callLater(1, () => failing.setException(new RangeError('failed later')));
      try {
        yield failing;
      } catch (error) {
        log.push((error as Error).message);
      }
      log.push(yield Promise.resolve('promise'));
    });
    expect(log).toEqual(['from the loop underneath', 'failed later', 'promise']);
  });

  it('rejects a non-function', () => {
    expect(() => gen.coroutine('x' as never)).toThrow(InvalidArgumentError);
  });
});

describe('gen.multi', () => {
  it('waits for every child even after one fails, and reports the later failures', async () => {
    const { ioloop, loop, reported } = virtualIOLoop();
    const failAfter = gen.coroutine(function* (t: number, message: string) {
      yield gen.sleep(t);
      throw new Error(message);
    });
    const slow = gen.sleep(5);
    let doneAt = -1;
    await expect(
      ioloop.runSync(() => {
        const m = gen.multi([failAfter(1, 'first'), failAfter(2, 'second'), slow]);
        m.addDoneCallback(() => (doneAt = loop.time()));
        return m;
      }),
    ).rejects.toThrow('first');
    expect(doneAt).toBe(5);
    expect(reported.map((r) => [r.message, (r.exception as Error).message])).toEqual([
      ['Multiple exceptions in yield list', 'second'],
    ]);
  });

  it('quietExceptions silences the classes given; empty inputs complete at once', async () => {
    const { ioloop, reported } = virtualIOLoop();
    const fail = gen.coroutine(function* (message: string) {
      yield gen.sleep(1);
      throw new RangeError(message);
    });
    await expect(ioloop.runSync(() => gen.multi([fail('a'), fail('b')], { quietExceptions: RangeError }))).rejects.toThrow('a');
    expect(reported).toEqual([]);
    expect(await ioloop.runSync(() => gen.multi([]))).toEqual([]);
    expect(await ioloop.runSync(() => gen.multi({}))).toEqual({});
    expect(() => gen.multi([1])).toThrow(BadYieldError);
  });
});

describe('gen.withTimeout', () => {
  it('fails with TimeoutError at the deadline and leaves the inner future running', async () => {
    const { ioloop } = virtualIOLoop();
    const inner = gen.sleep(5);
    await expect(ioloop.runSync(() => gen.withTimeout({ seconds: 1 }, inner))).rejects.toThrow(new TimeoutError('Timeout'));
    expect(inner.done()).toBe(false);
    await ioloop.runSync(() => inner);
    expect(inner.done()).toBe(true);
  });

  it('passes the result through before the deadline (absolute loop time)', async () => {
    const { ioloop } = virtualIOLoop();
    expect(await ioloop.runSync(() => gen.withTimeout(ioloop.time() + 3, gen.sleep(1).then(() => 'ok')))).toBe('ok');
  });

  it('reports a failure after the timeout unless quiet', async () => {
    const { ioloop, reported } = virtualIOLoop();
    const failLater = gen.coroutine(function* (message: string) {
      yield gen.sleep(2);
      throw new RangeError(message);
    });
    const loud = failLater('loud');
    const quiet = failLater('quiet');
    await expect(ioloop.runSync(() => gen.withTimeout({ seconds: 1 }, loud))).rejects.toThrow(TimeoutError);
    await expect(
      ioloop.runSync(() => gen.withTimeout({ seconds: 0.5 }, quiet, { quietExceptions: [RangeError] })),
    ).rejects.toThrow(TimeoutError);
    await ioloop.runSync(() => gen.sleep(5));
    expect(reported.map((r) => (r.exception as Error).message)).toEqual(['loud']);
  });

  it('rejects a bad deadline', () => {
    virtualIOLoop();
    expect(() => gen.withTimeout('1s' as never, gen.sleep(1))).toThrow(InvalidArgumentError);
  });
});

describe('gen.sleep', () => {
  it('rejects negative delays; cancelling stops it', async () => {
    const { ioloop } = virtualIOLoop();
    expect(() => gen.sleep(-1)).toThrow(InvalidArgumentError);
    const s = gen.sleep(1);
    s.cancel();
    await expect(ioloop.runSync(() => s)).rejects.toThrow(CancelledError);
  });
});

describe('WaitIterator', () => {
  it('hands out results in completion order with their index', async () => {
    const { ioloop } = virtualIOLoop();
    const after = gen.coroutine(function* (t: number) {
      yield gen.sleep(t);
      if (t === 2) throw new Error('two');
      return t;
    });
    const seen = await ioloop.runSync(function* () {
      const it = new WaitIterator(after(3), after(1), after(2));
      const out: unknown[] = [];
      while (!it.done()) {
        try {
          out.push([(yield it.next()) as unknown, it.currentIndex]);
        } catch (error) {
          out.push(['error', (error as Error).message, it.currentIndex]);
        }
      }
      expect(() => it.next()).toThrow(InvalidStateError);
      return out;
    });
    expect(seen).toEqual([[1, 1], ['error', 'two', 2], [3, 0]]);
  });

  it('takes a record and iterates with for await', async () => {
    const { ioloop } = virtualIOLoop();
    const out: unknown[] = [];
    await ioloop.runSync(() =>
      (async () => {
        const it = new WaitIterator({ slow: gen.sleep(2).then(() => 's'), fast: gen.sleep(1).then(() => 'f') });
        for await (const value of it) out.push([it.currentIndex, value]);
      })(),
    );
    expect(out).toEqual([['fast', 'f'], ['slow', 's']]);
  });
});

describe('convertYielded', () => {
  it('uses the converters registered with @async/loop', async () => {
    const { ioloop } = virtualIOLoop();
    class Box {
      constructor(readonly value: number) {}
    }
    const unregister = registerConverter((value, loop) => {
      if (!(value instanceof Box)) return undefined;
      const f = loop.createFuture<unknown>();
      f.setResult(value.value);
      return f;
    });
    try {
      expect(await ioloop.runSync(() => convertYielded(new Box(9)) as Future<unknown>)).toBe(9);
      expect(
        await ioloop.runSync(function* () {
          return (yield new Box(10)) as unknown;
        }),
      ).toBe(10);
    } finally {
      unregister();
    }
  });
});
