/** What every way of fetching in the demo looks like from the outside. */
import type { Fronts } from '../fronts.js';

/**
 * Fetches `count` copies of `url` with one front's idiom, calling `onPage(head)` with the first
 * ten characters of each page as it arrives; resolves once all arrived, rejects on the first
 * failure.
 */
export type FetchStyle = (fronts: Fronts, url: string, count: number, onPage: (head: string) => void) => Promise<void>;

/** The first ten characters of a page, as the talk's examples print them. */
export function pageHead(body: Uint8Array): string {
  return Buffer.from(body.subarray(0, 10)).toString('latin1');
}
