/**
 * `RedirectHandler`: Tornado's handler that redirects every GET to another URL (the `url`
 * kwarg, with `{0}`, `{1}`, … or `{name}` filled from the path's groups, as Python's
 * `str.format`), keeping the query; permanent (301) unless `permanent: false`.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { type HandlerKwargs, RequestHandler } from './request-handler.js';

/** Redirects GET requests to the `url` kwarg. */
export class RedirectHandler extends RequestHandler {
  private _url = '';
  private _permanent = true;

  /** @throws InvalidArgumentError without a string `url`. */
  override initialize(kwargs: HandlerKwargs): void {
    const url = kwargs['url'];
    if (typeof url !== 'string') throw new InvalidArgumentError(`RedirectHandler needs a url kwarg (a string), got ${describeValue(url)}`);
    this._url = url;
    this._permanent = kwargs['permanent'] !== false;
  }

  /** Redirects, filling `{n}`/`{name}` from the path arguments and appending the query. */
  override get(...args: unknown[]): void {
    const named = (args.length === 1 && typeof args[0] === 'object' && args[0] !== null ? args[0] : {}) as Record<string, unknown>;
    let next = 0;
    let target = this._url.replace(/\{(\w*)\}/g, (_match, key: string) => {
      const value = key === '' ? args[next++] : /^\d+$/.test(key) ? args[Number(key)] : named[key];
      return value === undefined ? '' : String(value);
    });
    const query = this.request.query;
    if (query !== '') target += (target.includes('?') ? '&' : '?') + query;
    this.redirect(target, this._permanent);
  }
}
