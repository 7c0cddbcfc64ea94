/**
 * `ByteQueue`: a FIFO of byte chunks that hands bytes out in slices of bounded size. The
 * in-memory transports keep both their write buffers and their virtual kernel buffers in one, so
 * taking part of a large write costs a `subarray()`, not a copy, and joining small writes into
 * one read copies only what is joined.
 */

/** A FIFO of bytes kept as the chunks they were added in. */
export class ByteQueue {
  private _chunks: Uint8Array[] = [];
  /** Index of the first live chunk: shifting an array per read would be quadratic. */
  private _head = 0;
  private _size = 0;

  /** Bytes in the queue. */
  get size(): number {
    return this._size;
  }

  /** Appends `chunk` (kept as it is, not copied). Empty chunks are ignored. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this._chunks.push(chunk);
    this._size += chunk.length;
  }

  /**
   * Removes and returns up to `max` bytes from the front. A single whole chunk is returned as
   * it is; bytes from several chunks are joined into a new buffer.
   */
  shift(max: number): Buffer {
    const first = this._chunks[this._head];
    if (first === undefined || max <= 0) return Buffer.alloc(0);
    if (first.length >= max || this._head + 1 === this._chunks.length) {
      return asBuffer(this._takeFromFirst(first, max));
    }
    const parts: Uint8Array[] = [];
    let total = 0;
    while (total < max) {
      // Not a local copy of the array: taking a chunk may compact it into a new one.
      const chunk = this._chunks[this._head];
      if (chunk === undefined) break;
      const part = this._takeFromFirst(chunk, max - total);
      parts.push(part);
      total += part.length;
    }
    return Buffer.concat(parts, total);
  }

  /** Drops everything. */
  clear(): void {
    this._chunks = [];
    this._head = 0;
    this._size = 0;
  }

  /** Takes up to `max` bytes from `first`, the chunk at the head. */
  private _takeFromFirst(first: Uint8Array, max: number): Uint8Array {
    if (first.length <= max) {
      this._chunks[this._head] = EMPTY;
      this._head++;
      this._size -= first.length;
      this._compact();
      return first;
    }
    this._chunks[this._head] = first.subarray(max);
    this._size -= max;
    return first.subarray(0, max);
  }

  private _compact(): void {
    if (this._head === this._chunks.length) {
      this._chunks.length = 0;
      this._head = 0;
    } else if (this._head >= 1024 && this._head * 2 >= this._chunks.length) {
      this._chunks = this._chunks.slice(this._head);
      this._head = 0;
    }
  }
}

const EMPTY = new Uint8Array(0);

/** A `Buffer` view of `bytes` without copying (the chunks stored here are Buffers already). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
