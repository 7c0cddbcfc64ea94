/**
 * The loop's timer queue: timer handles ordered by deadline, then by insertion order (the second
 * key is what makes timers with the same deadline run first-in first-out, as asyncio promises).
 *
 * It is a calendar queue rather than one heap of handles. Handles are grouped in buckets of one
 * millisecond (the granularity of Node's timers, so of our wake-ups); a small binary heap orders
 * the buckets' keys, and a bucket is sorted only when the loop reaches it, usually once. Pushing
 * a timer is an append, and draining many due timers walks arrays in order, where a heap of
 * handles would sift through scattered objects for every pop: with 1e5 timers due together that
 * is the difference between keeping up with Node's own timer lists and falling behind them.
 */
import type { TimerHandle } from './handle.js';

/** Runs this long are put in order by insertion before `sortByDeadline` merges them. */
const RUN = 16;

/**
 * Sorts a bucket's handles by deadline, stably: handles with equal deadlines stand in insertion
 * order (pushes append, and compaction keeps the order of ties), so stability gives the FIFO
 * tie-break without a sequence number. A merge sort written out here rather than `Array#sort`
 * with a comparator, which calls the comparator as a function for every comparison: with
 * thousands of timers in a millisecond that was most of the time spent draining them. Returns
 * the sorted array, which is `items` or a new one.
 */
function sortByDeadline(items: TimerHandle[]): TimerHandle[] {
  const n = items.length;
  let source = items;
  for (let low = 0; low < n; low += RUN) {
    const high = Math.min(low + RUN, n);
    for (let i = low + 1; i < high; i++) {
      const handle = source[i]!;
      const when = handle._when;
      let j = i - 1;
      while (j >= low && source[j]!._when > when) {
        source[j + 1] = source[j]!;
        j--;
      }
      source[j + 1] = handle;
    }
  }
  if (n <= RUN) return source;
  let target = items.slice();
  for (let width = RUN; width < n; width *= 2) {
    for (let low = 0; low < n; low += 2 * width) {
      const middle = Math.min(low + width, n);
      const high = Math.min(low + 2 * width, n);
      let i = low;
      let j = middle;
      let k = low;
      // Strictly smaller from the right, else from the left: ties keep their order.
      while (i < middle && j < high) target[k++] = source[j]!._when < source[i]!._when ? source[j++]! : source[i++]!;
      while (i < middle) target[k++] = source[i++]!;
      while (j < high) target[k++] = source[j++]!;
    }
    const merged = target;
    target = source;
    source = merged;
  }
  return source;
}

/** The timers whose deadlines fall in one millisecond. */
interface Bucket {
  items: TimerHandle[];
  /** Items before `head` were popped already. */
  head: number;
  /** `items` from `head` on are in (deadline, insertion) order. */
  sorted: boolean;
}

/** The key of a deadline's bucket: the millisecond it falls in (monotone in the deadline). */
function bucketKey(when: number): number {
  return Math.floor(when * 1000);
}

/** The loop's timer queue. Cancelled handles stay until popped or until `compact()`. */
export class TimerHeap {
  private buckets = new Map<number, Bucket>();
  /** A binary min-heap of the buckets' keys. */
  private keys: number[] = [];
  private count = 0;

  /** Number of handles in the queue, cancelled ones included. */
  get size(): number {
    return this.count;
  }

  /** The earliest handle, or undefined when empty. */
  peek(): TimerHandle | undefined {
    const bucket = this.firstBucket();
    return bucket === undefined ? undefined : bucket.items[bucket.head];
  }

  push(handle: TimerHandle): void {
    const key = bucketKey(handle._when);
    const bucket = this.buckets.get(key);
    if (bucket === undefined) {
      this.buckets.set(key, { items: [handle], head: 0, sorted: true });
      this.pushKey(key);
    } else {
      // A later push comes after every handle in the bucket, so it is out of order only with an earlier deadline.
      const last = bucket.items[bucket.items.length - 1];
      if (bucket.sorted && last !== undefined && handle._when < last._when) bucket.sorted = false;
      bucket.items.push(handle);
    }
    this.count++;
  }

  /** Removes and returns the earliest handle. */
  pop(): TimerHandle | undefined {
    const bucket = this.firstBucket();
    if (bucket === undefined) return undefined;
    const handle = bucket.items[bucket.head++];
    this.count--;
    if (bucket.head === bucket.items.length) {
      this.buckets.delete(this.keys[0]!);
      this.popKey();
    }
    return handle;
  }

  /**
   * Moves every handle due by `end` (deadline <= end) to `out`, in order, skipping cancelled
   * ones; returns how many cancelled handles it dropped. This is the loop's per-iteration drain:
   * one walk along each bucket instead of a `peek()` and a `pop()` per timer.
   */
  popDue(end: number, out: { push(handle: TimerHandle): unknown }): number {
    let dropped = 0;
    for (;;) {
      const bucket = this.firstBucket();
      if (bucket === undefined) break;
      const items = bucket.items;
      let i = bucket.head;
      while (i < items.length) {
        const handle = items[i]!;
        if (!handle._cancelled && handle._when > end) break;
        handle._scheduled = false;
        if (handle._cancelled) dropped++;
        else out.push(handle);
        i++;
      }
      this.count -= i - bucket.head;
      bucket.head = i;
      if (i < items.length) break;
      this.buckets.delete(this.keys[0]!);
      this.popKey();
    }
    return dropped;
  }

  /** Drops every cancelled handle. */
  compact(): void {
    for (const [key, bucket] of this.buckets) {
      const kept = bucket.items.slice(bucket.head).filter((h) => {
        if (h._cancelled) h._scheduled = false;
        return !h._cancelled;
      });
      this.count -= bucket.items.length - bucket.head - kept.length;
      if (kept.length === 0) this.buckets.delete(key);
      else this.buckets.set(key, { items: kept, head: 0, sorted: bucket.sorted });
    }
    this.keys = [];
    for (const key of this.buckets.keys()) this.pushKey(key);
  }

  /** Empties the queue. */
  clear(): void {
    for (const bucket of this.buckets.values()) {
      for (let i = bucket.head; i < bucket.items.length; i++) bucket.items[i]!._scheduled = false;
    }
    this.buckets = new Map();
    this.keys = [];
    this.count = 0;
  }

  /** The bucket holding the earliest handle, sorted; undefined when empty. */
  private firstBucket(): Bucket | undefined {
    if (this.keys.length === 0) return undefined;
    const bucket = this.buckets.get(this.keys[0]!)!;
    if (!bucket.sorted) {
      // A bucket is usually reached before anything was popped from it: sort it where it lies.
      bucket.items = sortByDeadline(bucket.head === 0 ? bucket.items : bucket.items.slice(bucket.head));
      bucket.head = 0;
      bucket.sorted = true;
    }
    return bucket;
  }

  private pushKey(key: number): void {
    const keys = this.keys;
    let i = keys.length;
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      i = parent;
    }
    keys[i] = key;
  }

  private popKey(): void {
    const keys = this.keys;
    const last = keys.pop()!;
    const n = keys.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1]! < keys[child]!) child++;
      if (last <= keys[child]!) break;
      keys[i] = keys[child]!;
      i = child;
    }
    keys[i] = last;
  }
}
