/**
 * The `Content-Type` of a static file from its name, as Tornado's `StaticFileHandler` gets it
 * from Python's `mimetypes` (the common web types; a `.gz` file is `application/gzip`, and an
 * unknown extension `application/octet-stream`).
 */
import { extname } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.md': 'text/markdown',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.tar': 'application/x-tar',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/vnd.microsoft.icon',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/x-wav',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

/** Content encodings Python's `mimetypes` recognises by a last extension. */
const ENCODINGS = new Set(['.gz', '.bz2', '.xz', '.br', '.Z']);

/** The content type of `path`. */
export function contentTypeFor(path: string): string {
  const ext = extname(path);
  if (ext === '.gz') return 'application/gzip';
  if (ENCODINGS.has(ext)) return 'application/octet-stream';
  return TYPES[ext.toLowerCase()] ?? 'application/octet-stream';
}
