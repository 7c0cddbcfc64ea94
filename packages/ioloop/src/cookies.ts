/**
 * Cookies as Tornado reads and writes them: the `Cookie` header parsed as
 * `httputil.parse_cookie` does (Python's quoting undone, names Python's `SimpleCookie` would
 * refuse dropped), and `Set-Cookie` values written as Python's `Morsel.OutputString()` does
 * (values quoted with octal escapes when they need it, attributes in alphabetical order).
 */
import { InvalidArgumentError } from '@async/loop';

/** Options of `setCookie()` (Tornado's keyword arguments). */
export interface CookieOptions {
  /** The `Domain` attribute. */
  domain?: string;
  /** When it expires: a `Date`, or a time in seconds since the epoch. */
  expires?: Date | number;
  /** Expires this many days from now (used when `expires` is not given). */
  expiresDays?: number;
  /** The `Path` attribute (default `/`). */
  path?: string;
  /** The `Max-Age` attribute, in seconds. */
  maxAge?: number;
  /** Adds `HttpOnly`. */
  httpOnly?: boolean;
  /** Adds `Secure`. */
  secure?: boolean;
  /** The `SameSite` attribute (`Lax`, `Strict`, `None`). */
  sameSite?: string;
}

const LEGAL = "A-Za-z0-9!#$%&'*+\\-.^_`|~:";
const LEGAL_KEY = new RegExp(`^[${LEGAL}]+$`);
/** Characters Python's `_quote` leaves as they are inside quotes. */
const UNESCAPED = new RegExp(`[${LEGAL} ()/<=>?@[\\]{}]`);
const UNSAFE = /[\x00-\x20]/;

/** Python's `http.cookies._quote`. */
function quote(value: string): string {
  if (value !== '' && LEGAL_KEY.test(value)) return value;
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (code < 256 && !UNESCAPED.test(ch)) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Python's `_unquote_cookie`: strips the quotes and undoes `\ooo` and `\x` escapes. */
function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value.slice(1, -1).replace(/\\([0-3][0-7]{2}|.)/g, (_m, escaped: string) =>
    escaped.length === 3 ? String.fromCharCode(parseInt(escaped, 8)) : escaped,
  );
}

/** The cookies of a `Cookie` header: name → value. */
export function parseCookie(header: string): Record<string, string> {
  const cookies = Object.create(null) as Record<string, string>;
  for (const chunk of header.split(';')) {
    const eq = chunk.indexOf('=');
    const key = (eq < 0 ? '' : chunk.slice(0, eq)).trim();
    const value = (eq < 0 ? chunk : chunk.slice(eq + 1)).trim();
    // SimpleCookie refuses a name outside its legal characters (an empty one too).
    if (LEGAL_KEY.test(key)) cookies[key] = unquote(value);
  }
  return cookies;
}

/**
 * The `Set-Cookie` value for `name=value` with `options`, as Tornado's `set_cookie` builds it.
 * @throws InvalidArgumentError for a name or value with spaces or control characters, or a name
 *   with characters a cookie name cannot have.
 */
export function formatSetCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (typeof name !== 'string' || typeof value !== 'string' || UNSAFE.test(name + value)) {
    throw new InvalidArgumentError(`Invalid cookie ${JSON.stringify(name)}: ${JSON.stringify(value)} (no spaces or control characters)`);
  }
  if (!LEGAL_KEY.test(name)) throw new InvalidArgumentError(`Invalid cookie name ${JSON.stringify(name)}`);
  const attributes: [string, string | null][] = [];
  if (options.domain !== undefined) attributes.push(['domain', `Domain=${options.domain}`]);
  let expires = options.expires;
  if (expires === undefined && options.expiresDays !== undefined) expires = new Date(Date.now() + options.expiresDays * 86_400_000);
  if (expires !== undefined) {
    const date = typeof expires === 'number' ? new Date(expires * 1000) : expires;
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new InvalidArgumentError('cookie expires must be a Date or seconds since the epoch');
    attributes.push(['expires', `expires=${date.toUTCString()}`]);
  }
  if (options.httpOnly) attributes.push(['httponly', 'HttpOnly']);
  if (options.maxAge !== undefined) attributes.push(['max-age', `Max-Age=${options.maxAge}`]);
  attributes.push(['path', `Path=${options.path ?? '/'}`]);
  if (options.sameSite !== undefined) attributes.push(['samesite', `SameSite=${options.sameSite}`]);
  if (options.secure) attributes.push(['secure', 'Secure']);
  attributes.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return [`${name}=${quote(value)}`, ...attributes.map((a) => a[1])].join('; ');
}
