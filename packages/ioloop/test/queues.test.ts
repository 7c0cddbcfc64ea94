import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidStateError, TimeoutError } from '@async/loop';
import { LifoQueue, Lock, PriorityQueue, Queue, QueueEmpty, QueueFull, gen, queues } from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';

describe('Queue', () => {
  it('runs the Tornado docs producer/consumer example: join() waits for every taskDone()', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const q = new queues.Queue<number>(2);
    const log: string[] = [];
    const consumer = gen.coroutine(function* () {
      for (const next of q.items()) {
        const item = yield* next;
        try {
          log.push(`Doing work on ${item}`);
          yield gen.sleep(0.01);
        } finally {
          q.taskDone();
        }
      }
    });
    const producer = gen.coroutine(function* () {
      for (let item = 0; item < 5; item++) {
        // yield* on a done future goes on at once, as `await` does in Python.
        yield* q.put(item);
        log.push(`Put ${item}`);
      }
    });
    await ioloop.runSync(function* () {
      ioloop.spawnCallback(consumer);
      yield producer();
      yield q.join();
      log.push('Done');
    });
    expect(log).toEqual([
      'Put 0',
      'Put 1',
      'Doing work on 0',
      'Put 2',
      'Doing work on 1',
      'Put 3',
      'Doing work on 2',
      'Put 4',
      'Doing work on 3',
      'Doing work on 4',
      'Done',
    ]);
    expect(loop.time()).toBeCloseTo(0.05);
  });

  it('is FIFO; putNowait raises QueueFull and getNowait QueueEmpty', () => {
    virtualIOLoop();
    const q = new Queue<string>(2);
    expect(q.maxsize).toBe(2);
    expect(q.empty()).toBe(true);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    q.putNowait('a');
    q.putNowait('b');
    expect(q.full()).toBe(true);
    expect(() => q.putNowait('c')).toThrow(QueueFull);
    expect(q.qsize()).toBe(2);
    expect([q.getNowait(), q.getNowait()]).toEqual(['a', 'b']);
    expect(q.unfinishedTasks).toBe(2);
    const unbounded = new Queue();
    for (let i = 0; i < 100; i++) unbounded.putNowait(i);
    expect(unbounded.full()).toBe(false);
  });

  it('a put while a getter waits goes to that getter; a get takes a waiting putter in', async () => {
    const { ioloop } = virtualIOLoop();
    const q = new Queue<number>(1);
    await ioloop.runSync(function* () {
      const getter = q.get();
      expect(getter.done()).toBe(false);
      q.putNowait(1);
      expect(getter.result()).toBe(1);
      q.putNowait(2);
      const putter = q.put(3);
      expect(putter.done()).toBe(false);
      expect(q.getNowait()).toBe(2);
      expect(putter.done()).toBe(true);
      expect(q.qsize()).toBe(1);
      expect(yield* q.get()).toBe(3);
    });
  });

  it('get(timeout) and put(timeout) fail with TimeoutError at the deadline and leave no timer', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const q = new Queue<number>(1);
    const outcome = await ioloop.runSync(function* () {
      const errors: unknown[] = [];
      try {
        yield q.get({ seconds: 1 });
      } catch (error) {
        errors.push(error);
      }
      q.putNowait(1);
      try {
        yield q.put(2, ioloop.time() + 2);
      } catch (error) {
        errors.push(error);
      }
      return errors;
    });
    expect(outcome.map((e) => e instanceof TimeoutError)).toEqual([true, true]);
    expect(loop.time()).toBe(3);
    expect(q.qsize()).toBe(1); // the timed-out item was not put
    expect(q.getNowait()).toBe(1);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    expect(loop.nextDeadline()).toBeUndefined();
  });

  it('a cancelled getter loses no item and a cancelled putter puts none', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const q = new Queue<string>(1);
    await ioloop.runSync(function* () {
      const lost = q.get({ seconds: 60 });
      const kept = q.get();
      lost.cancel();
      q.putNowait('x'); // skips the cancelled getter
      expect(yield* kept).toBe('x');
      q.putNowait('y');
      const withdrawn = q.put('z', { seconds: 60 });
      withdrawn.cancel();
      yield gen.moment;
      expect(q.getNowait()).toBe('y');
      expect(() => q.getNowait()).toThrow(QueueEmpty);
    });
    expect(loop.nextDeadline()).toBeUndefined();
  });

  it('join(timeout) fails with TimeoutError; taskDone() too often is an error', async () => {
    const { ioloop } = virtualIOLoop();
    const q = new Queue<number>();
    expect(() => q.taskDone()).toThrow(InvalidStateError);
    q.putNowait(1);
    const caught = await ioloop.runSync(function* () {
      try {
        yield q.join({ seconds: 1 });
      } catch (error) {
        return error;
      }
      return null;
    });
    expect(caught).toBeInstanceOf(TimeoutError);
    q.getNowait();
    q.taskDone();
    expect(q.join().done()).toBe(true);
    expect(() => q.taskDone()).toThrow(/too many times/);
  });

  it('for await gets items as they come', async () => {
    const { ioloop } = virtualIOLoop();
    const q = new Queue<number>();
    ioloop.callLater(1, () => q.putNowait(1));
    ioloop.callLater(2, () => q.putNowait(2));
    const got = await ioloop.runSync(async () => {
      const items: number[] = [];
      for await (const item of q) {
        items.push(item);
        if (items.length === 2) break;
      }
      return items;
    });
    expect(got).toEqual([1, 2]);
  });

  it('serves a task of the loop under the IOLoop too: its waits belong to the current loop', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const q = new Queue<string>();
    const lock = new Lock();
    // A core Task on the VirtualEventLoop itself (as asyncio code on that loop would be).
    const task = loop.createTask(
      (function* () {
        const first = yield* q.get({ seconds: 10 });
        using _held = yield* lock.acquire();
        return [first, loop.time()];
      })(),
    );
    ioloop.callLater(1, () => q.putNowait('from the IOLoop'));
    expect(await loop.runUntilComplete(task)).toEqual(['from the IOLoop', 1]);
    expect(lock.locked()).toBe(false);
    expect(loop.nextDeadline()).toBeUndefined();
  });

  it('rejects a bad maxsize and a bad deadline, registering nothing', () => {
    virtualIOLoop();
    expect(() => new Queue(null as never)).toThrow(InvalidArgumentError);
    expect(() => new Queue(-1)).toThrow(/integer >= 0/);
    expect(() => new LifoQueue(0.5)).toThrow(InvalidArgumentError);
    const q = new Queue<number>(1);
    expect(() => q.get('1' as never)).toThrow(InvalidArgumentError);
    expect(() => q.put(1, [] as never)).toThrow(InvalidArgumentError); // even with room
    expect(q.qsize()).toBe(0);
    q.putNowait(1);
    expect(() => q.get(Number.NaN)).toThrow(InvalidArgumentError); // even with an item
    expect(() => q.put(2, { seconds: 'x' } as never)).toThrow(InvalidArgumentError);
    expect(q.getNowait()).toBe(1);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
  });
});

describe('PriorityQueue and LifoQueue', () => {
  it('PriorityQueue gives the smallest first, tuples element by element, ties in FIFO order', () => {
    virtualIOLoop();
    const q = new PriorityQueue<[number, string]>();
    q.putNowait([1, 'medium-priority item']);
    q.putNowait([0, 'high-priority item']);
    q.putNowait([10, 'low-priority item']);
    q.putNowait([1, 'another medium']);
    expect([q.getNowait(), q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([
      [0, 'high-priority item'],
      [1, 'another medium'],
      [1, 'medium-priority item'],
      [10, 'low-priority item'],
    ]);
    const byLength = new PriorityQueue<string>(0, (a, b) => a.length - b.length);
    for (const s of ['ccc', 'a', 'bb', 'd']) byLength.putNowait(s);
    expect([0, 1, 2, 3].map(() => byLength.getNowait())).toEqual(['a', 'd', 'bb', 'ccc']);
  });

  it('PriorityQueue refuses items it cannot order, leaving the queue as it was', () => {
    virtualIOLoop();
    const q = new PriorityQueue<unknown>();
    q.putNowait(1);
    expect(() => q.putNowait({})).toThrow(InvalidArgumentError);
    expect(q.qsize()).toBe(1);
    expect(q.unfinishedTasks).toBe(1);
    expect(() => new PriorityQueue(0, 'desc' as never)).toThrow(InvalidArgumentError);
  });

  it('LifoQueue gives the last item first', () => {
    virtualIOLoop();
    const q = new LifoQueue<number>();
    for (const i of [3, 2, 1]) q.putNowait(i);
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([1, 2, 3]);
  });
});
