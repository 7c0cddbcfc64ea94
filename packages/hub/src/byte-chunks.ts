/**
 * Taking bytes off the front of a list of received chunks: what a cooperative socket's and an
 * HTTP response's reads share.
 */

/** Removes the first `size` bytes from `chunks` (which must hold that many) and returns them. */
export function takeFromChunks(chunks: Uint8Array[], size: number): Uint8Array {
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
