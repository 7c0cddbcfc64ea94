/**
 * The talk's `urllib_example2.py`: one page after another, each on a new connection, as
 * `urllib2.urlopen` does. Every page costs a full round trip, so N pages take N delays.
 */
import type { FetchStyle } from './fetch-style.js';
import { pageHead } from './fetch-style.js';

export const fetchSequentially: FetchStyle = async ({ client }, url, count, onPage) => {
  for (let i = 0; i < count; i++) {
    const response = await client.request({ url, headers: { Connection: 'close' } });
    onPage(pageHead(response.body));
  }
};
