/**
 * `Application`: `tornado.web.Application`, the router of a web app. It takes the rules
 * (`[pattern, HandlerClass, initKwargs?]`), the first whose pattern matches the whole request
 * path wins; no match gets `defaultHandlerClass`, or a 404 page. With `staticPath`, files under
 * it are served at `staticUrlPrefix` (default `/static/`) by `StaticFileHandler`. `listen()`
 * starts an `HTTPServer` for it.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { ErrorHandler } from './error-handler.js';
import { HTTPServer, type HTTPServerOptions } from './http-server.js';
import type { HTTPServerRequest } from './http-server-request.js';
import type { HandlerKwargs, RequestHandler, RequestHandlerClass } from './request-handler.js';
import { StaticFileHandler } from './static-file-handler.js';
import { type Rule, URLSpec } from './url-spec.js';

/** Application settings (Tornado's `**settings`, camelCase); any other key is kept for handlers to read. */
export interface ApplicationSettings {
  /** The handler for paths no rule matches (default: a 404 page). */
  defaultHandlerClass?: RequestHandlerClass;
  /** `initialize()` kwargs of `defaultHandlerClass`. */
  defaultHandlerArgs?: HandlerKwargs;
  /** A directory of static files, served under `staticUrlPrefix`. */
  staticPath?: string;
  /** Where static files are served (default `/static/`). */
  staticUrlPrefix?: string;
  /** The handler class for static files (default `StaticFileHandler`). */
  staticHandlerClass?: RequestHandlerClass;
  /** Extra `initialize()` kwargs of the static handler. */
  staticHandlerArgs?: HandlerKwargs;
  /** Gzip text responses for clients that accept it (Tornado's `compress_response`, or `gzip`). */
  compressResponse?: boolean;
    /** Called with each finished handler (Tornado's `log_function`); default: no access log. */
  logFunction?: (handler: RequestHandler) => void;
  /** Anything else. */
  [key: string]: unknown;
}

/** A web application: rules and settings. */
export class Application {
  /** The settings. */
  readonly settings: ApplicationSettings;
  /** The rules for every host, in the order they are tried. */
  readonly rules: URLSpec[] = [];
  /** Rules for particular hosts (`addHandlers()`), tried before `rules`. */
  private readonly _hostRules: { host: RegExp; rules: URLSpec[] }[] = [];

  /**
   * An application routing by `handlers`.
   * @throws InvalidArgumentError for a malformed rule (see `URLSpec`) or settings that are not an object.
   */
  constructor(handlers: readonly Rule[] = [], settings: ApplicationSettings = {}) {
    if (typeof settings !== 'object' || settings === null) {
      throw new InvalidArgumentError(`Application settings must be an object, got ${describeValue(settings)}`);
    }
    this.settings = settings;
    if (settings.staticPath !== undefined) {
      const prefix = settings.staticUrlPrefix ?? '/static/';
      const handler = settings.staticHandlerClass ?? StaticFileHandler;
      const kwargs = { ...(settings.staticHandlerArgs ?? {}), path: settings.staticPath };
      for (const pattern of [`${escapeRegex(prefix)}(.*)`, '/(favicon\\.ico)', '/(robots\\.txt)']) {
        this.rules.push(new URLSpec(pattern, handler, kwargs));
      }
    }
    this.addRules(handlers);
  }

  /** Appends rules (tried after the ones already there). */
  addRules(handlers: readonly Rule[]): void {
    if (!Array.isArray(handlers)) throw new InvalidArgumentError(`Application handlers must be an array of rules, got ${describeValue(handlers)}`);
    for (const rule of handlers) this.rules.push(toURLSpec(rule));
  }

  /**
   * Adds rules for the hosts whose name (`request.hostName`, without the port) matches
   * `hostPattern` as a whole (Tornado's `add_handlers`). They are tried before the rules for
   * every host, in the order they were added; a request no host rule matches goes on to those.
   * @throws InvalidArgumentError for a pattern that does not compile, or malformed rules.
   */
  addHandlers(hostPattern: string | RegExp, handlers: readonly Rule[]): void {
    if (!Array.isArray(handlers)) throw new InvalidArgumentError(`addHandlers() needs an array of rules, got ${describeValue(handlers)}`);
    let host: RegExp;
    try {
      const source = hostPattern instanceof RegExp ? hostPattern.source : String(hostPattern);
      host = new RegExp(`^(?:${source.replace(/^\^/, '').replace(/\$$/, '')})$`, 'i');
    } catch (error) {
      throw new InvalidArgumentError(`the host pattern ${JSON.stringify(String(hostPattern))} is not a valid regex: ${(error as Error).message}`);
    }
    this._hostRules.push({ host, rules: handlers.map(toURLSpec) });
  }

  /**
   * Starts an `HTTPServer` for this application listening on `port` at `address`, and returns it
   * (binding goes on: `yield server.listening` before reading `server.port`).
   */
  listen(port: number, address?: string, options: HTTPServerOptions = {}): HTTPServer {
    const server = new HTTPServer(this, options);
    void server.listen(port, address);
    return server;
  }

  /** Routes `request` to its handler and runs it (what `HTTPServer` calls for each request). */
  handleRequest(request: HTTPServerRequest): void {
    const path = request.path;
    for (const { host, rules } of this._hostRules) {
      if (host.test(request.hostName) && this._route(rules, path, request)) return;
    }
    if (this._route(this.rules, path, request)) return;
    const settings = this.settings;
    if (settings.defaultHandlerClass !== undefined) {
      this._run(settings.defaultHandlerClass, settings.defaultHandlerArgs ?? {}, request, [], null);
    } else {
      this._run(ErrorHandler, { statusCode: 404 }, request, [], null);
    }
  }

  /**
   * The path of the rule named `name`, for `args` (Tornado's `reverse_url`).
   * @throws InvalidArgumentError if no rule has that name, or the rule cannot be reversed with `args`.
   */
  reverseUrl(name: string, ...args: unknown[]): string {
    const rule = [...this._hostRules.flatMap((h) => h.rules), ...this.rules].find((r) => r.name === name);
    if (rule === undefined) throw new InvalidArgumentError(`${name} not found in named urls: give the rule a name (its fourth element)`);
    return rule.reverse(...args);
  }

    /** Logs a finished request through `settings.logFunction`, if any. */
  logRequest(handler: RequestHandler): void {
    this.settings.logFunction?.(handler);
  }

  /** Runs the first of `rules` matching `path`; false if none does. */
  private _route(rules: readonly URLSpec[], path: string, request: HTTPServerRequest): boolean {
    for (const rule of rules) {
      const match = rule.match(path);
      if (match !== null) {
        this._run(rule.handlerClass, rule.kwargs, request, match.args, match.kwargs);
        return true;
      }
    }
    return false;
  }

  private _run(
    handlerClass: RequestHandlerClass,
    kwargs: HandlerKwargs,
    request: HTTPServerRequest,
    args: (Uint8Array | undefined)[],
    pathKwargs: Record<string, Uint8Array | undefined> | null,
  ): void {
    const handler = new handlerClass(this, request);
    handler.clear();
    handler.initialize(kwargs);
    handler._execute(args, pathKwargs);
  }
}

function toURLSpec(rule: Rule): URLSpec {
  if (rule instanceof URLSpec) return rule;
  if (!Array.isArray(rule) || rule.length < 2) {
    throw new InvalidArgumentError(`a rule is [pattern, HandlerClass, kwargs?, name?] or a URLSpec, got ${describeValue(rule)}`);
  }
  const [pattern, handler, kwargs, name] = rule as [string | RegExp, RequestHandlerClass, HandlerKwargs?, string?];
  return new URLSpec(pattern, handler, kwargs, name);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
