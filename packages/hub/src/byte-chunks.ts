/**
 * Taking bytes off the front of a list of received chunks: what a cooperative socket's and an
 * HTTP response's reads share. Also how a received chunk is handed to the reader, and how a
 * write of that same chunk finds the Node `Buffer` behind it again.
 */

/**
 * The last chunk `handOver` wrapped, and the view it handed out. Writing that view back (an
 * echo, a proxy) passes Node the `Buffer` it came in, which Node writes as it is, where a plain
 * `Uint8Array` is first wrapped in a new `Buffer`: one object fewer per message. Both name the
 * same bytes, so nothing a writer can see differs; one pair is kept, the latest.
 */
let lastView: Uint8Array | null = null;
let lastChunk: Uint8Array | null = null;

/**
 * A received chunk as the reader gets it: a plain `Uint8Array` view of the chunk's bytes, as a
 * copy would be, since a Node `Buffer`'s `slice()` shares memory where a `Uint8Array`'s copies.
 * The chunk was the transport's to give: the reader owns the bytes, no copy is made.
 */
export function handOver(chunk: Uint8Array): Uint8Array {
  if (chunk.constructor === Uint8Array) return chunk;
  const view = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
  lastView = view;
  lastChunk = chunk;
  return view;
}

/**
 * What to hand the transport to write `bytes`: the Node `Buffer` behind it when `bytes` is the
 * view `handOver` made last (the same memory, so the same bytes), else `bytes`.
 */
export function writableBytes(bytes: Uint8Array): Uint8Array {
  return bytes === lastView ? lastChunk! : bytes;
}

/**
 * Removes the first `size` bytes from `chunks` (which must hold that many) and returns them. A
 * first chunk that is exactly those bytes is handed over without a copy (see `handOver`): the
 * common case, one read per chunk.
 */
export function takeFromChunks(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks[0]!.length === size) return handOver(chunks.shift()!);
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
