/**
 * `HTTPHeaders`: the header fields of one HTTP message, as a case-insensitive multi-map that
 * keeps insertion order and the original spelling of each name (what went over the wire is what
 * iteration gives back). Stored as two parallel arrays rather than a map of lower-cased keys, so
 * a parsed message lower-cases nothing: a lookup compares lengths first and case-folds only the
 * few names of the right length, which for the ten or so fields of a real message is faster
 * than hashing.
 */
import { InvalidArgumentError } from '@async/loop';

/** What an `HTTPHeaders` can be built from. */
export type HTTPHeadersInit =
  | HTTPHeaders
  | Readonly<Record<string, string | number | readonly (string | number)[]>>
  | Iterable<readonly [string, string | number]>;

/** RFC 9110 token: the characters of a field name (and of a method). */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A field value: visible characters, obs-text, space and tab; no CR, LF, NUL or other controls. */
export const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** A case-insensitive, ordered, multi-valued map of HTTP header fields. */
export class HTTPHeaders implements Iterable<[string, string]> {
  /** @internal Names as given, in order. */
  _names: string[] = [];
  /** @internal Values, parallel to `_names`. */
  _values: string[] = [];

  /** Copies `init` (another `HTTPHeaders`, a record whose arrays give several fields, or pairs). */
  constructor(init?: HTTPHeadersInit) {
    if (init !== undefined && init !== null) this.extend(init);
  }

  /** The number of fields (a name given twice counts twice). */
  get size(): number {
    return this._names.length;
  }

  /**
   * The value of `name`, or `undefined`. Several fields of that name are joined with `", "`, as
   * the Fetch `Headers.get()` and Tornado's `HTTPHeaders.get()` do; use `getAll()` for
   * `Set-Cookie`, whose values cannot be joined.
   */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    const names = this._names;
    let found: string | undefined;
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      if (n.length === lower.length && (n === lower || n.toLowerCase() === lower)) {
        found = found === undefined ? this._values[i]! : `${found}, ${this._values[i]!}`;
      }
    }
    return found;
  }

  /** Every value of `name`, in order; `[]` if none. */
  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    const names = this._names;
    const out: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      if (n.length === lower.length && (n === lower || n.toLowerCase() === lower)) out.push(this._values[i]!);
    }
    return out;
  }

  /** True if there is at least one field called `name`. */
  has(name: string): boolean {
    return this._indexOf(name.toLowerCase()) >= 0;
  }

  /**
   * Replaces every field called `name` by one with `value`, kept at the place of the first one
   * (appended if there was none).
   * @throws `InvalidArgumentError` if the name is not a token or the value holds CR, LF or NUL.
   */
  set(name: string, value: string | number): void {
    const text = checkField(name, value);
    const lower = name.toLowerCase();
    const first = this._indexOf(lower);
    if (first < 0) {
      this._names.push(name);
      this._values.push(text);
      return;
    }
    this._names[first] = name;
    this._values[first] = text;
    this._removeFrom(lower, first + 1);
  }

  /**
   * Adds a field, keeping those already there (for `Set-Cookie` and other repeatable fields).
   * @throws `InvalidArgumentError` as `set()`.
   */
  add(name: string, value: string | number): void {
    const text = checkField(name, value);
    this._names.push(name);
    this._values.push(text);
  }

  /** Removes every field called `name`; returns true if there was one. */
  delete(name: string): boolean {
    const lower = name.toLowerCase();
    const before = this._names.length;
    this._removeFrom(lower, 0);
    return this._names.length !== before;
  }

  /** Adds every field of `init` (see the constructor), keeping those already there. */
  extend(init: HTTPHeadersInit): void {
    if (init instanceof HTTPHeaders) {
      for (let i = 0; i < init._names.length; i++) {
        this._names.push(init._names[i]!);
        this._values.push(init._values[i]!);
      }
      return;
    }
    if (typeof init !== 'object' || init === null) {
      throw new InvalidArgumentError(`headers must be an HTTPHeaders, a record or an iterable of [name, value] pairs, not ${String(init)}`);
    }
    if (Symbol.iterator in init) {
      for (const pair of init as Iterable<readonly [string, string | number]>) {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new InvalidArgumentError('each header pair must be a [name, value] array of two items');
        }
        this.add(pair[0] as string, pair[1] as string | number);
      }
      return;
    }
    const record = init as Readonly<Record<string, string | number | readonly (string | number)[]>>;
    for (const name in record) {
      if (!Object.hasOwn(record, name)) continue;
      const value = record[name]!;
      if (Array.isArray(value)) for (const v of value) this.add(name, v as string | number);
      else this.add(name, value as string | number);
    }
  }

  /** The fields as `[name, value]` pairs, in order, with their names spelled as given. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (let i = 0; i < this._names.length; i++) yield [this._names[i]!, this._values[i]!];
  }

  /** Same as iterating the headers. */
  entries(): IterableIterator<[string, string]> {
    return this[Symbol.iterator]();
  }

  /** A shallow copy. */
  copy(): HTTPHeaders {
    const out = new HTTPHeaders();
    out._names = this._names.slice();
    out._values = this._values.slice();
    return out;
  }

  /** A plain object, lower-cased names, several values joined with `", "` (for logs and JSON). */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < this._names.length; i++) {
      const key = this._names[i]!.toLowerCase();
      out[key] = key in out ? `${out[key]}, ${this._values[i]!}` : this._values[i]!;
    }
    return out;
  }

  /** @internal Appends a field already validated by the parser. */
  _append(name: string, value: string): void {
    this._names.push(name);
    this._values.push(value);
  }

  /** @internal Index of the first field at or after `from` whose lower-cased name is `lower`, or -1. */
  _indexOf(lower: string, from = 0): number {
    const names = this._names;
    for (let i = from; i < names.length; i++) {
      const n = names[i]!;
      if (n.length === lower.length && (n === lower || n.toLowerCase() === lower)) return i;
    }
    return -1;
  }

  private _removeFrom(lower: string, start: number): void {
    const names = this._names;
    const values = this._values;
    let w = start;
    for (let r = start; r < names.length; r++) {
      const n = names[r]!;
      if (n.length === lower.length && (n === lower || n.toLowerCase() === lower)) continue;
      names[w] = n;
      values[w] = values[r]!;
      w++;
    }
    names.length = w;
    values.length = w;
  }
}

/** Validates a field given by user code; returns the value as a string. */
function checkField(name: string, value: string | number): string {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new InvalidArgumentError(`invalid header name ${JSON.stringify(name)}: use a token (letters, digits and !#$%&'*+-.^_\`|~)`);
  }
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !FIELD_VALUE.test(text)) {
    throw new InvalidArgumentError(
      `invalid value for header ${name}: ${JSON.stringify(value)}; a value is a string without CR, LF, NUL or other control characters`,
    );
  }
  return text;
}
