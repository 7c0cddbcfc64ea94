/**
 * `asyncio.Queue` throughput: a producer task `put()`s `n` items into a queue bounded at 64 and a
 * consumer task `get()`s them, so both sides wait on each other (asyncio's usual pipeline).
 * The baseline is the same in plain JavaScript: an array with promise-based waiting on both
 * ends, driven by two async functions.
 */
import { type Coroutine, Queue, createTask, gather, run } from '../async-asyncio.js';
import { type Comparison, type Variant, secondsSince } from '../harness.js';

const MAXSIZE = 64;

function checkSum(label: string, sum: number, n: number): void {
  if (sum !== (n * (n - 1)) / 2) throw new Error(`${label}: wrong sum ${sum}, items were lost`);
}

function* producer(queue: Queue<number>, n: number): Coroutine<void> {
  for (let i = 0; i < n; i++) yield* queue.put(i);
}

function* consumer(queue: Queue<number>, n: number): Coroutine<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += yield* queue.get();
  return sum;
}

function* pipeline(n: number): Coroutine<[number, number]> {
  const queue = new Queue<number>(MAXSIZE);
  const start = performance.now();
  const [, sum] = yield* gather(createTask(producer(queue, n)), createTask(consumer(queue, n)));
  return [secondsSince(start), sum];
}

function asyncioQueue(n: number): Variant {
  return {
    label: `Queue(${MAXSIZE}) put/get (asyncio on NodeEventLoop)`,
    side: 'ours',
    ops: n,
    async sample() {
      const [seconds, sum] = await run(pipeline(n));
      checkSum(this.label, sum, n);
      return seconds;
    },
  };
}

/** A bounded queue as plain JavaScript would write it: an array and two lists of waiters. */
class PromiseQueue<T> {
  private readonly items: T[] = [];
  private readonly getters: Array<(item: T) => void> = [];
  private readonly putters: Array<() => void> = [];
  constructor(private readonly maxsize: number) {}

  async put(item: T): Promise<void> {
    while (this.items.length >= this.maxsize) await new Promise<void>((resolve) => this.putters.push(resolve));
    const getter = this.getters.shift();
    if (getter !== undefined) getter(item);
    else this.items.push(item);
  }

  async get(): Promise<T> {
    if (this.items.length > 0) {
      const item = this.items.shift()!;
      this.putters.shift()?.();
      return item;
    }
    return new Promise<T>((resolve) => this.getters.push(resolve));
  }
}

function promiseQueue(n: number): Variant {
  return {
    label: `array + promise queue (${MAXSIZE}), async functions`,
    side: 'raw',
    ops: n,
    async sample() {
      const queue = new PromiseQueue<number>(MAXSIZE);
      const start = performance.now();
      const produce = async (): Promise<void> => {
        for (let i = 0; i < n; i++) await queue.put(i);
      };
      const consume = async (): Promise<number> => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += await queue.get();
        return sum;
      };
      const [, sum] = await Promise.all([produce(), consume()]);
      const seconds = secondsSince(start);
      checkSum(this.label, sum, n);
      return seconds;
    },
  };
}

/** The queue comparison, `n` items per sample. */
export function asyncioQueueComparisons(n: number): Comparison[] {
  return [
    {
      id: 'asyncio-queue',
      title: `${n.toLocaleString('en-US')} items through a bounded queue, one producer and one consumer`,
      unit: 'items/s',
      ours: asyncioQueue(n),
      baselines: [promiseQueue(n)],
    },
  ];
}
