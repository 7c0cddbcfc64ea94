/**
 * `StaticFileHandler`: Tornado's handler serving the files under a directory (the `path`
 * kwarg). GET and HEAD, `defaultFilename` for directories (redirecting `dir` to `dir/`), 404 for
 * a missing file, 403 for a path that leaves the directory or is not a file, `Last-Modified` and
 * `Etag` (a SHA-512 of the content, cached per file version) with `If-Modified-Since` /
 * `If-None-Match` answered 304, single byte ranges (206, 416), the `Content-Type` from the
 * extension, and a long cache lifetime for URLs with a `v` argument. Files are read in 64 KiB
 * pieces, each flushed before the next is read.
 */
import { createHash } from 'node:crypto';
import { type Stats, promises as fs } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ConnectionError, type Coroutine, InvalidArgumentError, describeValue } from '@async/loop';
import { contentTypeFor } from './mime-types.js';
import { type HandlerKwargs, RequestHandler } from './request-handler.js';
import { HTTPError } from './web-errors.js';

const CHUNK_SIZE = 64 * 1024;
/** Ten years, in seconds: the cache lifetime of a versioned URL (Tornado's `CACHE_MAX_AGE`). */
const CACHE_MAX_AGE = 86400 * 365 * 10;
/** Content hashes by absolute path, for one size and modification time. */
const hashes = new Map<string, { size: number; mtimeMs: number; hash: string }>();

/** Serves files from the directory given as the `path` kwarg. */
export class StaticFileHandler extends RequestHandler {
  /** The directory served. */
  root = '';
  /** The file served for a directory, if any. */
  defaultFilename: string | null = null;
  /** The requested path, relative to `root`. */
  path = '';
  /** The file served, once validated. */
  absolutePath: string | null = null;
  /** Its modification time, whole seconds. */
  modified: Date | null = null;
  private _stat: Stats | null = null;

  /** @throws InvalidArgumentError without a string `path` kwarg. */
  override initialize(kwargs: HandlerKwargs): void {
    const path = kwargs['path'];
    if (typeof path !== 'string') throw new InvalidArgumentError(`StaticFileHandler needs a path kwarg (a directory), got ${describeValue(path)}`);
    this.root = path;
    const fallback = kwargs['defaultFilename'];
    this.defaultFilename = typeof fallback === 'string' ? fallback : null;
  }

  /** HEAD: the headers of GET, without the body. */
  override head(path: string): Coroutine<void> {
    return this.get(path, false);
  }

  /** Serves the file at `path` under `root`. */
  override *get(path: string, includeBody = true): Coroutine<void> {
    this.path = path ?? '';
    const absolute = yield* this._validate(resolve(this.root, this.path));
    if (absolute === null) return;
    this.absolutePath = absolute;
    const stat = this._stat!;
    this.modified = new Date(Math.floor(stat.mtimeMs / 1000) * 1000);
    yield* this._setHeaders(absolute, stat);
    if (this._shouldReturn304()) {
      this.setStatus(304);
      return;
    }
    const size = stat.size;
    let start: number | null = null;
    let end: number | null = null;
    const range = parseRange(this.request.headers.get('range'));
    if (range !== null) {
      [start, end] = range;
      if (start !== null && start < 0) start = Math.max(0, start + size);
      if ((start !== null && (start >= size || (end !== null && start >= end))) || end === 0) {
        this.setStatus(416);
        this.setHeader('Content-Type', 'text/plain');
        this.setHeader('Content-Range', `bytes */${size}`);
        return;
      }
      if (end !== null && end > size) end = size;
      if (size !== (end ?? size) - (start ?? 0)) {
        this.setStatus(206);
        this.setHeader('Content-Range', `bytes ${start ?? 0}-${(end ?? size) - 1}/${size}`);
      }
    }
    const from = start ?? 0;
    const to = end ?? size;
    this.setHeader('Content-Length', to - from);
    if (!includeBody) return;
    const file = (yield fs.open(absolute, 'r')) as fs.FileHandle;
    try {
      for (let at = from; at < to; ) {
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK_SIZE, to - at));
        const { bytesRead } = (yield file.read(buffer, 0, buffer.length, at)) as { bytesRead: number };
        if (bytesRead === 0) break;
        at += bytesRead;
        this.write(buffer.subarray(0, bytesRead));
        try {
          yield this.flush();
        } catch (error) {
          // The client left (Tornado's StreamClosedError): stop reading, quietly.
          if (error instanceof ConnectionError) return;
          throw error;
        }
        if (this.request.connection?.closed) return;
      }
    } finally {
      void file.close();
    }
  }

  /** The `Etag`: the content's SHA-512 (computed by `_setHeaders()`). */
  override computeEtag(): string | null {
    const cached = this.absolutePath === null ? undefined : hashes.get(this.absolutePath);
    return cached === undefined ? null : `"${cached.hash}"`;
  }

  /** The cache lifetime in seconds: ten years for a URL with a `v` argument, else 0 (no header). */
  getCacheTime(): number {
    return 'v' in this.request.arguments ? CACHE_MAX_AGE : 0;
  }

  /** The path checked against `root`; `null` when a redirect was sent instead. */
  private *_validate(absolute: string): Coroutine<string | null> {
    let root = resolve(this.root);
    if (!root.endsWith(sep)) root += sep;
    if (!`${absolute}${sep}`.startsWith(root)) throw new HTTPError(403, '%s is not in root static directory', this.path);
    let stat = (yield statOrNull(absolute)) as Stats | null;
    if (stat !== null && stat.isDirectory() && this.defaultFilename !== null) {
      const requestPath = this.request.path;
      if (!requestPath.endsWith('/')) {
        if (requestPath.startsWith('//')) throw new HTTPError(403, 'cannot redirect path with two initial slashes');
        this.redirect(`${requestPath}/`, true);
        return null;
      }
      absolute = join(absolute, this.defaultFilename);
      stat = (yield statOrNull(absolute)) as Stats | null;
    }
    if (stat === null) throw new HTTPError(404);
    if (!stat.isFile()) throw new HTTPError(403, '%s is not a file', this.path);
    this._stat = stat;
    return absolute;
  }

  private *_setHeaders(absolute: string, stat: Stats): Coroutine<void> {
    this.setHeader('Accept-Ranges', 'bytes');
    const cached = hashes.get(absolute);
    if (cached === undefined || cached.size !== stat.size || cached.mtimeMs !== stat.mtimeMs) {
      const hash = (yield hashFile(absolute)) as string;
      hashes.set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs, hash });
    }
    this.setEtagHeader();
    this.setHeader('Last-Modified', this.modified!);
    this.setHeader('Content-Type', contentTypeFor(absolute));
    const cacheTime = this.getCacheTime();
    if (cacheTime > 0) {
      this.setHeader('Expires', new Date(Date.now() + cacheTime * 1000));
      this.setHeader('Cache-Control', `max-age=${cacheTime}`);
    }
  }

  private _shouldReturn304(): boolean {
    if (this.request.headers.has('if-none-match')) return this.checkEtagHeader();
    const since = this.request.headers.get('if-modified-since');
    if (since === undefined) return false;
    const time = Date.parse(since);
    return !Number.isNaN(time) && time >= this.modified!.getTime();
  }
}

/** `stat()`, or `null` for a path that does not exist (or cannot be a path). */
async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await fs.stat(path);
  } catch {
    return null;
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha512');
  const file = await fs.open(path, 'r');
  try {
    for await (const chunk of file.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** Tornado's `_parse_request_range`: `[start, end)` of a single byte range, or `null`. */
function parseRange(header: string | undefined): [number | null, number | null] | null {
  if (header === undefined) return null;
  const eq = header.indexOf('=');
  if (eq < 0 || header.slice(0, eq).trim() !== 'bytes') return null;
  const value = header.slice(eq + 1).trim();
  const dash = value.indexOf('-');
  const startText = (dash < 0 ? value : value.slice(0, dash)).trim();
  const endText = dash < 0 ? '' : value.slice(dash + 1).trim();
  if ((startText !== '' && !/^\d+$/.test(startText)) || (endText !== '' && !/^\d+$/.test(endText))) return null;
  let start = startText === '' ? null : Number(startText);
  let end = endText === '' ? null : Number(endText);
  if (end !== null) {
    if (start === null) {
      if (end !== 0) {
        start = -end;
        end = null;
      }
    } else {
      end += 1;
    }
  }
  return [start, end];
}
