/**
 * `LinkNotifier`: the raw links of an `Event` or `AsyncResult`, called from the loop (never from
 * inside `set()`) each time the object becomes ready, as gevent's `AbstractLinkable` does.
 */
import type { Hub } from './hub.js';
import type { RawLink } from './linkable.js';
import { checkFunction } from './greenlet-body.js';
import type { Handle } from '@async/loop';

/** @internal */
export class LinkNotifier<T> {
  private _links: RawLink<T>[] = [];
  private _scheduled: Handle | null = null;

  constructor(
    private readonly _hub: Hub,
    private readonly _source: T,
    private readonly _isReady: () => boolean,
  ) {}

  add(callback: RawLink<T>): void {
    checkFunction(callback, 'rawlink(callback)');
    this._links.push(callback);
    if (this._isReady()) this.schedule();
  }

  remove(callback: unknown): void {
    this._links = this._links.filter((link) => link !== callback);
  }

  /** Calls the links soon, if the object is still ready then. */
  schedule(): void {
    if (this._scheduled !== null || this._links.length === 0) return;
    this._scheduled = this._hub.loop.callSoon(() => {
      this._scheduled = null;
      for (const link of [...this._links]) {
        if (!this._isReady()) break;
        if (!this._links.includes(link)) continue;
        try {
          link(this._source);
        } catch (error) {
          this._hub.handleError(link, error);
        }
      }
    });
  }
}
