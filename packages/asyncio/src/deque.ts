/**
 * A double-ended queue on a growable ring buffer, standing in for Python's `collections.deque`
 * in the queues and locks: O(1) at both ends, where `Array.prototype.shift()` is O(n) and would
 * make a long queue quadratic.
 */

/** A double-ended queue. Iterates from front to back. */
export class Deque<T> implements Iterable<T> {
  private _items: (T | undefined)[] = new Array<T | undefined>(8);
  private _head = 0;
  private _length = 0;

  /** Number of items. */
  get length(): number {
    return this._length;
  }

  /** Adds `item` at the back. */
  push(item: T): void {
    if (this._length === this._items.length) this._grow();
    this._items[(this._head + this._length) & (this._items.length - 1)] = item;
    this._length++;
  }

  /** Removes and returns the front item, or `undefined` when empty. */
  shift(): T | undefined {
    if (this._length === 0) return undefined;
    const item = this._items[this._head];
    this._items[this._head] = undefined;
    this._head = (this._head + 1) & (this._items.length - 1);
    this._length--;
    return item;
  }

  /** Removes and returns the back item, or `undefined` when empty. */
  pop(): T | undefined {
    if (this._length === 0) return undefined;
    const index = (this._head + this._length - 1) & (this._items.length - 1);
    const item = this._items[index];
    this._items[index] = undefined;
    this._length--;
    return item;
  }

  /** The front item, or `undefined` when empty. */
  peek(): T | undefined {
    return this._length === 0 ? undefined : this._items[this._head];
  }

  /** Removes the first occurrence of `item`; false if it is not there. O(n). */
  remove(item: T): boolean {
    const mask = this._items.length - 1;
    for (let i = 0; i < this._length; i++) {
      if (this._items[(this._head + i) & mask] !== item) continue;
      for (let j = i; j < this._length - 1; j++) {
        this._items[(this._head + j) & mask] = this._items[(this._head + j + 1) & mask];
      }
      this._items[(this._head + this._length - 1) & mask] = undefined;
      this._length--;
      return true;
    }
    return false;
  }

  /** Removes every item. */
  clear(): void {
    this._items = new Array<T | undefined>(8);
    this._head = 0;
    this._length = 0;
  }

  *[Symbol.iterator](): Iterator<T> {
    const mask = this._items.length - 1;
    for (let i = 0; i < this._length; i++) yield this._items[(this._head + i) & mask] as T;
  }

  private _grow(): void {
    const old = this._items;
    const items = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this._length; i++) items[i] = old[(this._head + i) & (old.length - 1)];
    this._items = items;
    this._head = 0;
  }
}
