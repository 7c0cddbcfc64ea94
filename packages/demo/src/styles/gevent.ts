/**
 * The talk's `gevent_example.py`: spawn a greenlet per page, each calling the blocking-looking
 * `urlopen(url).read(10)`, and `joinall` them.
 */
import { joinall, spawn, urlopen } from '@async/hub';
import type { FetchStyle } from './fetch-style.js';

export const fetchWithGevent: FetchStyle = async (_fronts, url, count, onPage) => {
  function* fetch() {
    const f = yield* urlopen(url);
    onPage(Buffer.from(yield* f.read(10)).toString('latin1'));
  }
  const greenlets = Array.from({ length: count }, () => spawn(fetch));
  await joinall(greenlets, { raiseError: true });
};
