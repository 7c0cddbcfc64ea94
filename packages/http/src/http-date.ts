/**
 * The `Date` header value (RFC 9110 IMF-fixdate), formatted at most once per second: a server
 * sends it with every response, and formatting a date per request would be most of the cost of
 * a small response.
 */

let cachedSecond = -1;
let cachedValue = '';

/** The current time as an HTTP date, such as `Thu, 26 Nov 2026 15:07:44 GMT`. */
export function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedValue = new Date(second * 1000).toUTCString();
  }
  return cachedValue;
}
