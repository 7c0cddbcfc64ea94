/**
 * The read buffer of an `IOStream`: one contiguous, growable byte array, so a delimiter or a
 * regular expression can be searched across chunk boundaries without joining chunks on every
 * search. Consumed bytes are dropped by moving a start offset; the live bytes are moved to the
 * front only when the space at the end runs out.
 */

/** A FIFO of bytes with search. */
export class ReadBuffer {
  private _data: Buffer = Buffer.allocUnsafe(0);
  private _start = 0;
  private _end = 0;

  /** How many bytes are buffered. */
  get size(): number {
    return this._end - this._start;
  }

  /** Appends a copy of `chunk`. */
  append(chunk: Uint8Array): void {
    const length = chunk.byteLength;
    if (this._end + length > this._data.length) {
      const size = this.size;
      if (size + length <= this._data.length / 2) {
        this._data.copy(this._data, 0, this._start, this._end);
      } else {
        const grown = Buffer.allocUnsafe(Math.max(4096, (size + length) * 2));
        this._data.copy(grown, 0, this._start, this._end);
        this._data = grown;
      }
      this._start = 0;
      this._end = size;
    }
    this._data.set(chunk, this._end);
    this._end += length;
  }

  /** The position of `needle` in the buffered bytes, or -1. */
  indexOf(needle: Uint8Array): number {
    const at = this._data.subarray(this._start, this._end).indexOf(needle);
    return at;
  }

  /** The buffered bytes as a latin1 string: one character per byte, for regular expressions. */
  latin1(): string {
    return this._data.toString('latin1', this._start, this._end);
  }

  /** Removes the first `n` bytes and returns them (a copy the caller owns). */
  take(n: number): Buffer {
    const out = Buffer.from(this._data.subarray(this._start, this._start + n));
    this._start += n;
    if (this._start === this._end) this._start = this._end = 0;
    return out;
  }

  /** Copies the first `n` bytes into `target` and removes them. */
  takeInto(target: Uint8Array, n: number): void {
    target.set(this._data.subarray(this._start, this._start + n), 0);
    this._start += n;
    if (this._start === this._end) this._start = this._end = 0;
  }
}
