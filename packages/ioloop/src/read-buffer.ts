/**
 * The read buffer of an `IOStream`: one contiguous, growable byte array, so a delimiter or a
 * regular expression can be searched across chunk boundaries without joining chunks on every
 * search. Consumed bytes are dropped by moving a start offset; the live bytes are moved to the
 * front only when the space at the end runs out. A chunk that arrives while the buffer is empty
 * is kept as it came, not copied: most reads then take it whole, and get that very chunk.
 */

const EMPTY = Buffer.alloc(0);

/** A FIFO of bytes with search. */
export class ReadBuffer {
  /** The buffered bytes are `_data[_start, _end)`: `_storage`, or a chunk kept as it came. */
  private _data: Buffer = EMPTY;
  /** Our own growable array (allocated on first need, then reused). */
  private _storage: Buffer = EMPTY;
  private _start = 0;
  private _end = 0;

  /**
   * What `append(chunk)` and then `take(chunk.byteLength)` return on an empty buffer, without the
   * round trip: the chunk's bytes as a `Buffer`, not copied (the caller owns them).
   */
  static asTaken(chunk: Uint8Array): Buffer {
    return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }

  /** How many bytes are buffered. */
  get size(): number {
    return this._end - this._start;
  }

  /**
   * Appends `chunk`. The buffer may keep `chunk` itself: the caller (a transport handing over
   * what it read) must not change it afterwards.
   */
  append(chunk: Uint8Array): void {
    const length = chunk.byteLength;
    if (length === 0) return;
    if (this._start === this._end) {
      this._data = ReadBuffer.asTaken(chunk);
      this._start = 0;
      this._end = length;
      return;
    }
    const size = this._end - this._start;
    if (this._data !== this._storage || this._end + length > this._storage.length) {
      let storage = this._storage;
      // Our own array is compacted in place while that leaves it at most half full; a kept chunk
      // moves into it if it fits. Otherwise it grows.
      const fits = this._data === storage ? size + length <= storage.length / 2 : size + length <= storage.length;
      if (!fits) storage = Buffer.allocUnsafe(Math.max(4096, (size + length) * 2));
      this._data.copy(storage, 0, this._start, this._end);
      this._data = this._storage = storage;
      this._start = 0;
      this._end = size;
    }
    this._data.set(chunk, this._end);
    this._end += length;
  }

  /** The position of `needle` in the buffered bytes, or -1. */
  indexOf(needle: Uint8Array): number {
    return this._data.subarray(this._start, this._end).indexOf(needle);
  }

  /** The buffered bytes as a latin1 string: one character per byte, for regular expressions. */
  latin1(): string {
    return this._data.toString('latin1', this._start, this._end);
  }

  /** Removes the first `n` bytes and returns them (bytes the caller owns: nothing else refers to them). */
  take(n: number): Buffer {
    const data = this._data;
    let out: Buffer;
    if (data !== this._storage && this._start === 0 && n === data.length) {
      // A chunk kept as it came, taken whole: it is the caller's now.
      out = data;
    } else {
      out = Buffer.from(data.subarray(this._start, this._start + n));
    }
    this._start += n;
    if (this._start === this._end) this._reset();
    return out;
  }

  /** Copies the first `n` bytes into `target` and removes them. */
  takeInto(target: Uint8Array, n: number): void {
    target.set(this._data.subarray(this._start, this._start + n), 0);
    this._start += n;
    if (this._start === this._end) this._reset();
  }

  /** Empty again: back to our own array (a kept chunk is let go). */
  private _reset(): void {
    this._data = this._storage;
    this._start = this._end = 0;
  }
}
