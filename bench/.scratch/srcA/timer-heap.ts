/**
 * A binary min-heap of timer handles ordered by deadline, then by insertion order. The second
 * key is what makes timers with the same deadline run first-in first-out, as asyncio promises.
 */
import type { TimerHandle } from './handle.js';

function before(a: TimerHandle, b: TimerHandle): boolean {
  return a._when < b._when || (a._when === b._when && a._seq < b._seq);
}

/** The loop's timer queue. Cancelled handles stay until popped or until `compact()`. */
export class TimerHeap {
  private items: TimerHandle[] = [];

  /** Number of handles in the heap, cancelled ones included. */
  get size(): number {
    return this.items.length;
  }

  /** The earliest handle, or undefined when empty. */
  peek(): TimerHandle | undefined {
    return this.items[0];
  }

  push(handle: TimerHandle): void {
    const items = this.items;
    let i = items.length;
    items.push(handle);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!before(handle, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = handle;
  }

  /** Removes and returns the earliest handle. */
  pop(): TimerHandle | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) this.siftDown(last, 0);
    return top;
  }

  /** Drops every cancelled handle and rebuilds the heap in O(n). */
  compact(): void {
    const kept = this.items.filter((h) => {
      if (h._cancelled) h._scheduled = false;
      return !h._cancelled;
    });
    this.items = kept;
    for (let i = (kept.length >> 1) - 1; i >= 0; i--) this.siftDown(kept[i]!, i);
  }

  /** Empties the heap. */
  clear(): void {
    for (const h of this.items) h._scheduled = false;
    this.items = [];
  }

  private siftDown(handle: TimerHandle, start: number): void {
    const items = this.items;
    const n = items.length;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && before(items[right]!, items[child]!)) child = right;
      if (!before(items[child]!, handle)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = handle;
  }
}
