/**
 * The talk's `tornado_httpclient.py`: schedule a fetch per page with `addCallback`, count the
 * downloads in the callback, and finish when the count reaches zero.
 */
import { AsyncHTTPClient, type HTTPResponse } from '@async/ioloop';
import type { FetchStyle } from './fetch-style.js';
import { pageHead } from './fetch-style.js';

export const fetchWithTornado: FetchStyle = ({ ioloop }, url, count, onPage) =>
  new Promise<void>((resolve, reject) => {
    // The IOLoop's shared client, configured by startFronts().
    const http = new AsyncHTTPClient({ ioloop });
    let num = count;
    const onDownload = (response: HTTPResponse): void => {
      onPage(pageHead(response.body));
      num -= 1;
      if (num === 0) resolve();
    };
    const fetch = (): void => {
      http.fetch(url).addDoneCallback((future) => {
        const error = future.exception();
        if (error !== null && error !== undefined) reject(error);
        else onDownload(future.result());
      });
    };
    for (let i = 0; i < count; i++) ioloop.addCallback(fetch);
  });
