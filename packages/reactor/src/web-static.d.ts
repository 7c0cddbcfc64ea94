/**
 * Twisted's `static.Data`: a resource that serves fixed bytes with a content type.
 */
import { Resource, type RenderResult } from './web-resource.js';
import type { Request } from './web-request.js';
/** Twisted's `static.Data(data, type)`. */
export declare class Data extends Resource {
    /** The `Content-Type` sent. */
    readonly type: string;
    /** The body served. */
    readonly data: Uint8Array;
    constructor(data: Uint8Array | string, 
    /** The `Content-Type` sent. */
    type: string);
    render_GET(request: Request): RenderResult;
}
//# sourceMappingURL=web-static.d.ts.map