import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidStateError } from '@async/loop';
import {
  Channel,
  Empty,
  Full,
  GreenletExit,
  JoinableQueue,
  LifoQueue,
  PriorityQueue,
  Queue,
  StopIteration,
  UnboundQueue,
  sleep,
  spawn,
} from '@async/hub';
import { useVirtualHub } from './virtual-hub.js';

const env = useVirtualHub();

describe('Queue', () => {
  it('is FIFO, and a getter blocks until a put', async () => {
    const q = new Queue<string>();
    const consumer = spawn(function* () {
      const got: string[] = [];
      for (let i = 0; i < 3; i++) got.push(yield* q.get());
      return [got, env.loop.time()];
    });
    spawn(function* () {
      yield* sleep(1);
      yield* q.put('a');
      q.putNowait('b');
      yield* sleep(1);
      yield* q.put('c');
    });
    expect(await consumer).toEqual([['a', 'b', 'c'], 2]);
  });

  it('raises Empty and Full without blocking or after the timeout; maxsize <= 0 is unbounded', async () => {
    const q = new Queue<number>(1);
    expect(() => q.getNowait()).toThrow(Empty);
    await expect(q.get({ timeout: 1 })).rejects.toBeInstanceOf(Empty);
    await q.put(1);
    expect([q.full(), q.qsize(), q.peekNowait()]).toEqual([true, 1, 1]);
    expect(() => q.putNowait(2)).toThrow(Full);
    await expect(q.put(2, { timeout: 1 })).rejects.toBeInstanceOf(Full);
    expect(env.loop.time()).toBe(2);
    expect(new Queue(0).maxsize).toBeNull();
    expect(() => new Queue('3' as never)).toThrow(InvalidArgumentError);
  });

  it('a putter blocks while full and goes on once a getter makes room', async () => {
    const q = new Queue<number>(1);
    q.putNowait(1);
    const putter = spawn(function* () {
      yield* q.put(2);
      return env.loop.time();
    });
    {
      await sleep(3);
      expect(putter.ready()).toBe(false);
      expect(q.getNowait()).toBe(1);
    }
    expect(await putter).toBe(3);
    expect(q.getNowait()).toBe(2);
  });

  it('a getter killed after being notified passes the item on to the next getter', async () => {
    const q = new Queue<string>();
    const first = spawn(() => q.get());
    const second = spawn(() => q.get());
    await sleep(0);
    first.kill(GreenletExit, { block: false }); // runs before the wake-up the put schedules
    q.putNowait('x');
    expect(await second).toBe('x');
    expect(first.value).toBeInstanceOf(GreenletExit);
  });
});

describe('LifoQueue, PriorityQueue', () => {
  it('gives the last item first', () => {
    const q = new LifoQueue<number>();
    for (const n of [1, 2, 3]) q.putNowait(n);
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([3, 2, 1]);
  });

  it('gives the smallest first, comparing arrays like tuples', () => {
    const q = new PriorityQueue<[number, string]>();
    for (const item of [[3, 'c'], [1, 'b'], [2, 'x'], [1, 'a']] as [number, string][]) q.putNowait(item);
    const out = [];
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual([[1, 'a'], [1, 'b'], [2, 'x'], [3, 'c']]);
    const byLength = new PriorityQueue<string>(null, (a, b) => a.length - b.length);
    for (const s of ['ccc', 'a', 'bb']) byLength.putNowait(s);
    expect(byLength.getNowait()).toBe('a');
  });
});

describe('JoinableQueue', () => {
  it('join waits until every item is marked done', async () => {
    const q = new JoinableQueue<number>();
    for (const n of [1, 2, 3]) q.putNowait(n);
    spawn(function* () {
      for (;;) {
        yield* q.get();
        yield* sleep(1);
        q.taskDone();
      }
    });
    expect(await q.join()).toBe(true);
    expect([env.loop.time(), q.unfinishedTasks]).toEqual([3, 0]);
    expect(() => q.taskDone()).toThrow(InvalidStateError);
  });
});

describe('Channel', () => {
  it('a put waits until a getter takes the item', async () => {
    const ch = new Channel<string>();
    expect(() => ch.putNowait('x')).toThrow(Full);
    const putter = spawn(function* () {
      yield* ch.put('hello');
      return env.loop.time();
    });
    spawn(function* () {
      yield* sleep(2);
      return yield* ch.get();
    });
    expect(await putter).toBe(2);
    await expect(ch.put('lonely', { timeout: 1 })).rejects.toBeInstanceOf(Full);
    expect(ch.qsize()).toBe(0);
  });
});

describe('iterating a queue until StopIteration', () => {
  it('next() gives items as they come and is done at StopIteration, which it consumes', async () => {
    const q = new Queue<number | StopIteration>();
    const consumer = spawn(function* () {
      const got: [number, number][] = [];
      for (let r = yield* q.next(); !r.done; r = yield* q.next()) got.push([r.value, env.loop.time()]);
      return got;
    });
    spawn(function* () {
      yield* q.put(1);
      yield* sleep(1);
      yield* q.put(2);
      yield* q.put(StopIteration);
      yield* q.put(3); // after the end: left for the next reader
    });
    expect(await consumer).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(q.qsize()).toBe(1);
  });

  it('each() calls a blocking body per item, over a Channel too', async () => {
    const ch = new Channel<string | StopIteration>();
    const seen: string[] = [];
    const consumer = spawn(function* () {
      yield* ch.each(function* (item) {
        yield* sleep(1);
        seen.push(`${item}@${env.loop.time()}`);
      });
      return 'ended';
    });
    spawn(function* () {
      for (const item of ['a', 'b']) yield* ch.put(item);
      yield* ch.put(StopIteration);
    });
    expect(await consumer).toBe('ended');
    expect(seen).toEqual(['a@1', 'b@2']);
    expect(() => ch.each(42 as never)).toThrow(InvalidArgumentError);
  });

  it('for await in plain code ends at StopIteration', async () => {
    const q = new JoinableQueue<string | StopIteration>();
    spawn(function* () {
      yield* sleep(2);
      q.putNowait('x');
      q.putNowait('y');
      q.putNowait(StopIteration);
    });
    const got: string[] = [];
    for await (const item of q) got.push(item);
    expect(got).toEqual(['x', 'y']);
    expect(env.loop.time()).toBe(2);
  });

  it('UnboundQueue never blocks a put and takes no maxsize', async () => {
    const q = new UnboundQueue<number>();
    for (let i = 0; i < 1000; i++) q.putNowait(i);
    expect([q.full(), q.qsize(), q.maxsize]).toEqual([false, 1000, null]);
    expect(() => new UnboundQueue(5 as never)).toThrow(InvalidArgumentError);
  });
});
