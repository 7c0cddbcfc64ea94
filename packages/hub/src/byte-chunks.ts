/**
 * Taking bytes off the front of a list of received chunks: what a cooperative socket's and an
 * HTTP response's reads share.
 */

/**
 * Removes the first `size` bytes from `chunks` (which must hold that many) and returns them. A
 * first chunk that is exactly those bytes is handed over without a copy: the transport gave it to
 * us alone, so the reader may own it (the common case, one read per chunk). A Node `Buffer` is
 * handed over as a plain `Uint8Array` view of its bytes, as a copy would be: a `Buffer`'s
 * `slice()` shares memory where a `Uint8Array`'s copies.
 */
export function takeFromChunks(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks[0]!.length === size) {
    const chunk = chunks.shift()!;
    return chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
  }
  const out = new Uint8Array(size);
  let filled = 0;
  while (filled < size) {
    const chunk = chunks[0]!;
    const part = Math.min(chunk.length, size - filled);
    out.set(chunk.subarray(0, part), filled);
    filled += part;
    if (part === chunk.length) chunks.shift();
    else chunks[0] = chunk.subarray(part);
  }
  return out;
}
