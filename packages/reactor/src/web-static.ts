/**
 * Twisted's `static.Data`: a resource that serves fixed bytes with a content type.
 */
import { Resource, type RenderResult } from './web-resource.js';
import type { Request } from './web-request.js';

const encoder = new TextEncoder();

/** Twisted's `static.Data(data, type)`. */
export class Data extends Resource {
  /** The body served. */
  readonly data: Uint8Array;

  constructor(
    data: Uint8Array | string,
    /** The `Content-Type` sent. */
    readonly type: string,
  ) {
    super();
    this.data = typeof data === 'string' ? encoder.encode(data) : data;
  }

  render_GET(request: Request): RenderResult {
    request.setHeader('content-type', this.type);
    request.setHeader('content-length', String(this.data.length));
    if (request.method === 'HEAD') return '';
    return this.data;
  }
}
