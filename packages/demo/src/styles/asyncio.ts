/**
 * The talk's Tulip `curl`, N at once: a coroutine per page doing `http.request()` and
 * `response.read()`, all gathered in one task.
 */
import { type Coroutine, gather, http } from '@async/asyncio';
import type { FetchStyle } from './fetch-style.js';
import { pageHead } from './fetch-style.js';

export const fetchWithAsyncio: FetchStyle = async ({ loop }, url, count, onPage) => {
  function* curl(): Coroutine<void> {
    const response = yield* http.request('GET', url);
    const data = yield* response.read();
    onPage(pageHead(data));
  }
  function* main(): Coroutine<void> {
    yield* gather(...Array.from({ length: count }, () => curl()));
  }
  await loop.createTask(main());
};
