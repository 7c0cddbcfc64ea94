/**
 * Twisted's `twisted.web.http_headers.Headers`: header fields by case-insensitive name, each a
 * list of raw values, with names canonicalised (`content-type` → `Content-Type`) when listed or
 * sent. Requests and responses of the reactor's web client and server carry their fields in it.
 */
import { HTTPHeaders, type HTTPHeadersInit } from '@async/http';
/** Twisted's canonical spelling of a header name. */
export declare function canonicalHeaderName(name: string): string;
/** Header fields by case-insensitive name; each name holds a list of raw values. */
export declare class Headers {
    private readonly _fields;
    /**
     * @param rawHeaders - `{ name: [value, ...] }`, as Twisted's `Headers({b'name': [b'value']})`.
     * @throws InvalidArgumentError when a value list is not an array of strings.
     */
    constructor(rawHeaders?: Record<string, readonly string[]> | null);
    /** True if there is at least one value for `name`. */
    hasHeader(name: string): boolean;
    /** Removes every value of `name` (nothing if there is none). */
    removeHeader(name: string): void;
    /**
     * Replaces the values of `name` with `values`.
     * @throws InvalidArgumentError unless `values` is an array of strings.
     */
    setRawHeaders(name: string, values: readonly string[]): void;
    /** @internal `setRawHeaders(name, [value])` for a name and value already checked. */
    _setOne(name: string, value: string): void;
    /** Appends `value` to the values of `name`. */
    addRawHeader(name: string, value: string): void;
    /** The values of `name` (a copy), or `defaultValue` (default `null`) if there are none. */
    getRawHeaders(name: string): string[] | null;
    getRawHeaders<D>(name: string, defaultValue: D): string[] | D;
    /** Each header as `[canonicalName, values]`, in the order names were first set. */
    getAllRawHeaders(): IterableIterator<[string, string[]]>;
    /** An independent copy. */
    copy(): Headers;
    /** The fields as `@async/http` headers (canonical names), to send. */
    toHTTPHeaders(): HTTPHeaders;
    /** @internal Adds every field to `out`, with canonical names (no copies of the value lists). */
    _addTo(out: HTTPHeaders): void;
    /** Headers holding the fields of `@async/http` headers (or anything `HTTPHeaders` takes). */
    static fromHTTPHeaders(init: HTTPHeadersInit): Headers;
    /** `Headers({'content-type': ['text/html']})`, as Twisted's repr. */
    toString(): string;
}
//# sourceMappingURL=web-headers.d.ts.map