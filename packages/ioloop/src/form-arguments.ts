/**
 * Request arguments as Tornado's `httputil` parses them: a query string or an
 * `application/x-www-form-urlencoded` body (Python's `parse_qs(keep_blank_values=True)`: `&`
 * separators, `+` as space, percent-escapes decoded to bytes, empty fields skipped, a field
 * without `=` kept with an empty value), and `multipart/form-data` bodies (fields and files).
 * Values stay bytes, as in Tornado; names are decoded as UTF-8.
 */
import { HTTPHeaders } from '@async/http';

/** Argument name → its values, in order (Tornado's `Dict[str, List[bytes]]`). */
export type ArgumentMap = Record<string, Uint8Array[]>;

/** A file uploaded in a `multipart/form-data` body (Tornado's `HTTPFile`). */
export interface HTTPFile {
  /** The file name the client gave. */
  filename: string;
  /** The file's content. */
  body: Uint8Array;
  /** Its `Content-Type` (default `application/unknown`). */
  contentType: string;
}

const utf8 = new TextDecoder();

/** Adds `name: value` to `map`. */
function append<T>(map: Record<string, T[]>, name: string, value: NoInfer<T>): void {
  const list = Object.hasOwn(map, name) ? map[name]! : (map[name] = []);
  list.push(value);
}

/** Percent-decodes one name or value (after `+` → space) to bytes; a bad escape stays as it is. */
function unquote(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2b) {
      bytes.push(0x20);
    } else if (c === 0x25 && i + 2 < text.length && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c <= 0xff) {
      bytes.push(c);
    } else {
      for (const b of Buffer.from(text[i]!, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

/**
 * Parses a query string (or a form body read as latin1) into `map` (default a new one), as
 * Tornado's `parse_qs_bytes(qs, keep_blank_values=True)`.
 */
export function parseQsBytes(qs: string, map: ArgumentMap = Object.create(null) as ArgumentMap): ArgumentMap {
  if (qs.length === 0) return map;
  for (const field of qs.split('&')) {
    if (field.length === 0) continue;
    const eq = field.indexOf('=');
    const name = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? '' : field.slice(eq + 1);
    append(map, utf8.decode(unquote(name)), unquote(value));
  }
  return map;
}

/** `value; a=1; b="x;y"` → the value and its lower-cased parameters (Python's `_parse_header`). */
export function parseHeaderParameters(line: string): [string, Record<string, string>] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"' && line[i - 1] !== '\\') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1).replace(/\\(["\\])/g, '$1');
    }
    params[name] = value;
  }
  return [parts[0]!.trim(), params];
}

/**
 * Parses a `multipart/form-data` body into `args` and `files`, as Tornado's
 * `parse_multipart_form_data`: malformed parts are skipped.
 */
export function parseMultipartFormData(boundary: string, data: Uint8Array, args: ArgumentMap, files: Record<string, HTTPFile[]>): void {
  const bound = boundary.length >= 2 && boundary.startsWith('"') && boundary.endsWith('"') ? boundary.slice(1, -1) : boundary;
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const end = body.lastIndexOf(`--${bound}--`);
  if (end < 0) return;
  const separator = Buffer.from(`--${bound}\r\n`);
  let at = 0;
  const parts: Buffer[] = [];
  for (;;) {
    const next = body.indexOf(separator, at);
    if (next < 0 || next >= end) {
      parts.push(body.subarray(at, end));
      break;
    }
    parts.push(body.subarray(at, next));
    at = next + separator.length;
  }
  for (const part of parts) {
    if (part.length === 0) continue;
    const eoh = part.indexOf('\r\n\r\n');
    if (eoh < 0) continue;
    const headers = new HTTPHeaders();
    for (const line of part.subarray(0, eoh).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) {
        try {
          headers.add(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
        } catch {
          // A malformed part header is ignored, as the part would be.
        }
      }
    }
    const [disposition, params] = parseHeaderParameters(headers.get('content-disposition') ?? '');
    if (disposition !== 'form-data' || !part.subarray(part.length - 2).equals(Buffer.from('\r\n'))) continue;
    const name = params['name'];
    if (name === undefined || name === '') continue;
    const value = part.subarray(eoh + 4, part.length - 2);
    const filename = params['filename'];
    if (filename !== undefined && filename !== '') {
      append(files, name, { filename, body: value, contentType: headers.get('content-type') ?? 'application/unknown' });
    } else {
      append(args, name, value);
    }
  }
}

/**
 * Parses a request body by its `Content-Type` into `args` and `files`, as Tornado's
 * `parse_body_arguments`: form-urlencoded and multipart bodies; a body with a `Content-Encoding`
 * is left alone, and anything else is ignored.
 */
export function parseBodyArguments(
  contentType: string,
  body: Uint8Array,
  args: ArgumentMap,
  files: Record<string, HTTPFile[]>,
  headers: HTTPHeaders,
): void {
  if (headers.has('content-encoding')) return;
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    parseQsBytes(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1'), args);
  } else if (contentType.startsWith('multipart/form-data')) {
    for (const field of contentType.split(';')) {
      const [key, value] = splitOnce(field.trim(), '=');
      if (key === 'boundary' && value !== '') {
        parseMultipartFormData(value, body, args, files);
        break;
      }
    }
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
