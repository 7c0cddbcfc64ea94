/**
 * The talk's `twisted_example.py`: `getPage` N times, callbacks on each Deferred, and a
 * `DeferredList` that fires when all have.
 */
import { DeferredList, getPage } from '@async/reactor';
import type { FetchStyle } from './fetch-style.js';
import { pageHead } from './fetch-style.js';

export const fetchWithTwisted: FetchStyle = async ({ reactor }, url, count, onPage) => {
  const results = Array.from({ length: count }, () =>
    getPage(url, { reactor })
      .addCallback((value: Uint8Array) => pageHead(value))
      .addCallback((head: string) => onPage(head)),
  );
  // fireOnOneErrback: the demo stops at the first failure, as its other styles do.
  await new DeferredList(results, { fireOnOneErrback: true, consumeErrors: true });
};
