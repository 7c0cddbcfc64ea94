import { describe, expect, it } from 'vitest';
import {
  type Coroutine,
  createTask,
  gather,
  getRunningLoop,
  InvalidArgumentError,
  InvalidStateError,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  sleep,
} from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

const now = (): number => getRunningLoop().time();

describe('Queue', () => {
  it('a bounded queue makes producers wait; join() waits for taskDone()', async () => {
    // Python 3.13: ['put 0 at 0.0', 'put 1 at 0.0', 'got 0 at 1.0', 'put 2 at 1.0', 'got 1 at 2.0',
    //               'put 3 at 2.0', 'got 2 at 3', 'got 3 at 4', 'joined']
    const log: string[] = [];
    const q = new Queue<number>(2);
    function* producer(): Coroutine<void> {
      for (let i = 0; i < 4; i++) {
        yield* q.put(i);
        log.push(`put ${i} at ${now()}`);
      }
    }
    function* consumer(): Coroutine<void> {
      for (let i = 0; i < 4; i++) {
        yield* sleep(1);
        const item = yield* q.get();
        log.push(`got ${item} at ${now()}`);
        q.taskDone();
      }
    }
    function* main(): Coroutine<void> {
      yield* gather(producer(), consumer());
      yield* q.join();
      log.push('joined');
    }
    await runVirtual(main());
    expect(log).toEqual([
      'put 0 at 0',
      'put 1 at 0',
      'got 0 at 1',
      'put 2 at 1',
      'got 1 at 2',
      'put 3 at 2',
      'got 2 at 3',
      'got 3 at 4',
      'joined',
    ]);
  });

  it('shutdown() fails blocked putters, lets getters drain, then fails them; immediate drops items', async () => {
    // Python 3.13: ['putter shut down', 'got a', 'getter shut down', 'unfinished=1 qsize=0',
    //               'q2 get shut down', 'q2 unfinished=1']
    const log: string[] = [];
    const q = new Queue<string>(1);
    q.putNowait('a');
    function* getter(): Coroutine<void> {
      try {
        for (;;) log.push(`got ${yield* q.get()}`);
      } catch (e) {
        if (e instanceof QueueShutDown) log.push('getter shut down');
      }
    }
    function* putter(): Coroutine<void> {
      try {
        yield* q.put('b');
        log.push('put b');
      } catch (e) {
        if (e instanceof QueueShutDown) log.push('putter shut down');
      }
    }
    function* main(): Coroutine<void> {
      const pt = createTask(putter());
      const jt = createTask(q.join());
      yield* sleep(0);
      q.shutdown();
      const gt = createTask(getter());
      yield* sleep(0.1);
      log.push(`qsize=${q.qsize()} ${String(q)}`);
      const q2 = new Queue<number>();
      for (let i = 0; i < 3; i++) q2.putNowait(i);
      q2.getNowait();
      const j2 = createTask(q2.join());
      yield* sleep(0);
      q2.shutdown(true);
      try {
        yield* q2.get();
      } catch (e) {
        if (e instanceof QueueShutDown) log.push('q2 get shut down');
      }
      q2.taskDone(); // the one item taken: now everything is done
      yield* j2;
      log.push(`q2 joined ${String(q2)}`);
      expect(() => q2.putNowait(9)).toThrow(QueueShutDown);
      expect(() => q2.getNowait()).toThrow(QueueShutDown);
      jt.cancel();
      yield* gather(pt, gt, jt, { returnExceptions: true });
    }
    await runVirtual(main());
    expect(log).toEqual([
      'putter shut down',
      'got a',
      'getter shut down',
      'qsize=0 <Queue maxsize=1 tasks=1 shutdown>',
      'q2 get shut down',
      'q2 joined <Queue maxsize=0 shutdown>',
    ]);
  });

  it('shutdown(true) releases join() when nothing was taken', async () => {
    const q = new Queue<number>();
    q.putNowait(1);
    q.putNowait(2);
    function* main(): Coroutine<number> {
      const j = createTask(q.join());
      yield* sleep(1);
      q.shutdown(true);
      yield* j;
      return now();
    }
    expect(await runVirtual(main())).toBe(1);
  });

  it('a getter woken but cancelled passes the item to the next getter', async () => {
    const q = new Queue<string>();
    const got: string[] = [];
    function* g(name: string): Coroutine<void> {
      got.push(`${name}:${yield* q.get()}`);
    }
    function* main(): Coroutine<void> {
      const g1 = createTask(g('g1'));
      const g2 = createTask(g('g2'));
      yield* sleep(0);
      q.putNowait('item');
      g1.cancel();
      yield* gather(g1, g2, { returnExceptions: true });
    }
    await runVirtual(main());
    expect(got).toEqual(['g2:item']);
  });

  it('a putter woken but cancelled passes the slot to the next putter', async () => {
    const q = new Queue<string>(1);
    q.putNowait('first');
    function* main(): Coroutine<string[]> {
      const p1 = createTask(q.put('p1'));
      const p2 = createTask(q.put('p2'));
      yield* sleep(0);
      q.getNowait();
      p1.cancel();
      yield* gather(p1, p2, { returnExceptions: true });
      return [q.getNowait(), String(q.empty())];
    }
    expect(await runVirtual(main())).toEqual(['p2', 'true']);
  });

  it('nowait variants, sizes and bad input', () => {
    const q = new Queue<number>(1);
    expect([q.maxsize, q.qsize(), q.empty(), q.full()]).toEqual([1, 0, true, false]);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    q.putNowait(1);
    expect(q.full()).toBe(true);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
    expect(q.getNowait()).toBe(1);
    q.taskDone();
    expect(() => q.taskDone()).toThrow(InvalidStateError);
    expect(() => new Queue(1.5)).toThrow(InvalidArgumentError);
    expect(new Queue<number>(-1).full()).toBe(false);
  });
});

describe('PriorityQueue and LifoQueue', () => {
  it('orders [priority, item] entries as Python orders tuples; LIFO pops the newest', () => {
    // Python 3.13: [(1, 'A'), (1, 'a'), (2, 'b'), (3, 'c')], ['c', 'b', 'a']
    const p = new PriorityQueue<[number, string]>();
    for (const x of [[3, 'c'], [1, 'a'], [2, 'b'], [1, 'A']] as [number, string][]) p.putNowait(x);
    expect([0, 1, 2, 3].map(() => p.getNowait())).toEqual([[1, 'A'], [1, 'a'], [2, 'b'], [3, 'c']]);
    const l = new LifoQueue<string>();
    for (const x of 'abc') l.putNowait(x);
    expect([l.qsize(), l.getNowait(), l.getNowait(), l.getNowait()]).toEqual([3, 'c', 'b', 'a']);
  });

  it('keeps heap order over many items, with a comparator too', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i * 7919) % 211);
    const p = new PriorityQueue<number>();
    const desc = new PriorityQueue<number>(0, (a, b) => b - a);
    for (const v of values) {
      p.putNowait(v);
      desc.putNowait(v);
    }
    const asc = values.map(() => p.getNowait());
    expect(asc).toEqual([...values].sort((a, b) => a - b));
    expect(values.map(() => desc.getNowait())).toEqual([...values].sort((a, b) => b - a));
  });

  it('refuses items it cannot order, without losing the others', () => {
    const p = new PriorityQueue<unknown>();
    p.putNowait([1, 'x']);
    p.putNowait([0, 'y']);
    expect(() => p.putNowait({ no: 'order' })).toThrow(InvalidArgumentError);
    // Equal priorities fall back to comparing the items, which cannot be ordered here.
    expect(() => p.putNowait([0, {}])).toThrow(/cannot order/);
    expect(p.qsize()).toBe(2);
    expect([p.getNowait(), p.getNowait()]).toEqual([[0, 'y'], [1, 'x']]);
    // Nothing went into the count of unfinished items for the refused ones.
    p.taskDone();
    p.taskDone();
    expect(() => p.taskDone()).toThrow(InvalidStateError);
  });

  it('refuses a comparator that is not a function', () => {
    expect(() => new PriorityQueue(0, 'desc' as never)).toThrow(InvalidArgumentError);
  });
});
