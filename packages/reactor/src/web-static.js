/**
 * Twisted's `static.Data`: a resource that serves fixed bytes with a content type.
 */
import { Resource } from './web-resource.js';
const encoder = new TextEncoder();
/** Twisted's `static.Data(data, type)`. */
export class Data extends Resource {
    type;
    /** The body served. */
    data;
    constructor(data, 
    /** The `Content-Type` sent. */
    type) {
        super();
        this.type = type;
        this.data = typeof data === 'string' ? encoder.encode(data) : data;
    }
    render_GET(request) {
        request.setHeader('content-type', this.type);
        request.setHeader('content-length', String(this.data.length));
        if (request.method === 'HEAD')
            return '';
        return this.data;
    }
}
//# sourceMappingURL=web-static.js.map