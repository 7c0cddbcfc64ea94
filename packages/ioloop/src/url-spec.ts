/**
 * `URLSpec`: one routing rule of a `tornado.web.Application`: a path regex (anchored at both
 * ends, as Tornado's `$`-appended `re.match`), the handler class, and the keyword arguments its
 * `initialize()` receives. Groups give the handler's arguments, percent-decoded: positional
 * groups as positional arguments, or, when the regex has named groups, those by name. Python's
 * `(?P<name>…)` is accepted in string patterns.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import type { HandlerKwargs, RequestHandlerClass } from './request-handler.js';

/** What a path matched: the arguments for the handler, still bytes (decoded by the handler). */
export interface URLMatch {
  /** Positional groups (`undefined` for one that did not take part). */
  args: (Uint8Array | undefined)[];
  /** Named groups, or `null` when the regex has none. */
  kwargs: Record<string, Uint8Array | undefined> | null;
}

/** A rule as `Application` takes it: `[pattern, HandlerClass]`, with `initialize()` kwargs and a name optional. */
export type Rule =
  | URLSpec
  | readonly [string | RegExp, RequestHandlerClass]
  | readonly [string | RegExp, RequestHandlerClass, HandlerKwargs | null | undefined]
  | readonly [string | RegExp, RequestHandlerClass, HandlerKwargs | null | undefined, string];

/** One routing rule. */
export class URLSpec {
  /** The anchored regex matched against the request path. */
  readonly regex: RegExp;
  /** The handler class. */
  readonly handlerClass: RequestHandlerClass;
  /** The keyword arguments of the handler's `initialize()`. */
  readonly kwargs: HandlerKwargs;
  /** The rule's name, or `null`. */
  readonly name: string | null;

  /**
   * @throws InvalidArgumentError for a pattern that is not a string or a RegExp (or does not
   *   compile), or a handler that is not a class.
   */
  constructor(pattern: string | RegExp, handlerClass: RequestHandlerClass, kwargs?: HandlerKwargs | null, name?: string | null) {
    let source: string;
    let flags = '';
    if (pattern instanceof RegExp) {
      source = pattern.source;
      flags = pattern.flags.replace(/[gy]/g, '');
    } else if (typeof pattern === 'string') {
      source = pattern.replace(/\(\?P</g, '(?<');
    } else {
      throw new InvalidArgumentError(`a rule's pattern must be a string or a RegExp, got ${describeValue(pattern)}`);
    }
    if (source.startsWith('^')) source = source.slice(1);
    if (source.endsWith('$') && !source.endsWith('\\$')) source = source.slice(0, -1);
    try {
      this.regex = new RegExp(`^(?:${source})$`, flags);
    } catch (error) {
      throw new InvalidArgumentError(`the rule pattern ${JSON.stringify(String(pattern))} is not a valid regex: ${(error as Error).message}`);
    }
    if (typeof handlerClass !== 'function') {
      throw new InvalidArgumentError(`a rule needs a RequestHandler class, got ${describeValue(handlerClass)}`);
    }
    this.handlerClass = handlerClass;
    this.kwargs = kwargs ?? {};
    this.name = name ?? null;
  }

  /**
   * The path this rule matches for `args` (Tornado's `URLSpec.reverse`): each group replaced by
   * its argument, percent-encoded (`/` kept).
   * @throws InvalidArgumentError when the pattern is too complex to reverse (nested or
   *   non-capturing groups, escapes such as `\\d` outside groups), or for the wrong number of arguments.
   */
  reverse(...args: unknown[]): string {
    const pieces = this._reversePieces();
    if (pieces === null) throw new InvalidArgumentError(`Cannot reverse url regex ${this.regex.source}`);
    if (args.length !== pieces.length - 1) {
      throw new InvalidArgumentError(`the url ${this.regex.source} takes ${pieces.length - 1} arguments, got ${args.length}`);
    }
    let path = pieces[0]!;
    for (let i = 0; i < args.length; i++) path += quotePath(String(args[i])) + pieces[i + 1]!;
    return path;
  }

  /** The literal text around each group, or `null` if the pattern cannot be reversed. */
  private _reversePieces(): string[] | null {
    const pattern = this.regex.source.slice(4, -2); // inside ^(?: … )$
    const groups = new RegExp(`${this.regex.source}|`).exec('')!.length - 1;
    if (groups !== (pattern.match(/\(/g) ?? []).length) return null;
    const pieces: string[] = [];
    for (const [i, fragment] of pattern.split('(').entries()) {
      const close = fragment.indexOf(')');
      const literal = i === 0 ? fragment : close < 0 ? null : fragment.slice(close + 1);
      if (literal === null) return null;
      const unescaped = reUnescape(literal);
      if (unescaped === null) return null;
      pieces.push(unescaped);
    }
    return pieces;
  }

  /** The handler's arguments if `path` matches, else `null`. */
  match(path: string): URLMatch | null {
    const match = this.regex.exec(path);
    if (match === null) return null;
    if (match.groups !== undefined) {
      const kwargs: Record<string, Uint8Array | undefined> = {};
      for (const [name, value] of Object.entries(match.groups)) kwargs[name] = unquote(value);
      return { args: [], kwargs };
    }
    return { args: match.slice(1).map(unquote), kwargs: null };
  }
}

/** Tornado's `url()`: a `URLSpec`. */
export function url(pattern: string | RegExp, handlerClass: RequestHandlerClass, kwargs?: HandlerKwargs | null, name?: string | null): URLSpec {
  return new URLSpec(pattern, handlerClass, kwargs, name);
}

/** Tornado's `re_unescape`: an escaped character stands for itself; `null` for a class such as `\d`. */
function reUnescape(text: string): string | null {
  if (/\\[A-Za-z0-9]/.test(text)) return null;
  return text.replace(/\\(.)/g, '$1');
}

/** Python's `urllib.parse.quote(value, safe='/')`. */
function quotePath(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Percent-decodes a path group to bytes (`+` stays `+`), as Tornado's `url_unescape(plus=False)`. */
function unquote(value: string | undefined): Uint8Array | undefined {
  if (value === undefined) return undefined;
  if (!value.includes('%')) return Buffer.from(value, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%' && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(value[i]!, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}
