/**
 * Twisted's `twisted.web.http_headers.Headers`: header fields by case-insensitive name, each a
 * list of raw values, with names canonicalised (`content-type` → `Content-Type`) when listed or
 * sent. Requests and responses of the reactor's web client and server carry their fields in it.
 */
import { HTTPHeaders } from '@async/http';
import { InvalidArgumentError, describeValue } from '@async/loop';
// Twisted's special spellings, which plain capitalisation of each dash-separated word misses.
const SPECIAL = {
    'content-md5': 'Content-MD5',
    dnt: 'DNT',
    etag: 'ETag',
    p3p: 'P3P',
    te: 'TE',
    'www-authenticate': 'WWW-Authenticate',
    'x-xss-protection': 'X-XSS-Protection',
};
/*
 * Canonical spellings already worked out, by lower-cased name: a server sends the same few names
 * on every response, and the regular expression cost more than the rest of the head. Bounded, so
 * a peer sending ever new names cannot grow it without limit.
 */
const canonicalNames = new Map();
const MAX_CACHED_NAMES = 512;
/** Twisted's canonical spelling of a header name. */
export function canonicalHeaderName(name) {
    const lower = name.toLowerCase();
    let canonical = canonicalNames.get(lower);
    if (canonical !== undefined)
        return canonical;
    canonical = SPECIAL[lower] ?? lower.replace(/(^|-)([a-z])/g, (_m, dash, c) => dash + c.toUpperCase());
    if (canonicalNames.size < MAX_CACHED_NAMES)
        canonicalNames.set(lower, canonical);
    return canonical;
}
/** Header fields by case-insensitive name; each name holds a list of raw values. */
export class Headers {
    _fields = new Map();
    /**
     * @param rawHeaders - `{ name: [value, ...] }`, as Twisted's `Headers({b'name': [b'value']})`.
     * @throws InvalidArgumentError when a value list is not an array of strings.
     */
    constructor(rawHeaders) {
        if (rawHeaders === undefined || rawHeaders === null)
            return;
        if (typeof rawHeaders !== 'object') {
            throw new InvalidArgumentError(`Headers() takes { name: [values] }, got ${describeValue(rawHeaders)}`);
        }
        for (const [name, values] of Object.entries(rawHeaders))
            this.setRawHeaders(name, values);
    }
    /** True if there is at least one value for `name`. */
    hasHeader(name) {
        return this._fields.has(checkName(name).toLowerCase());
    }
    /** Removes every value of `name` (nothing if there is none). */
    removeHeader(name) {
        this._fields.delete(checkName(name).toLowerCase());
    }
    /**
     * Replaces the values of `name` with `values`.
     * @throws InvalidArgumentError unless `values` is an array of strings.
     */
    setRawHeaders(name, values) {
        checkName(name);
        if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
            throw new InvalidArgumentError(`setRawHeaders(${JSON.stringify(name)}, values) takes an array of strings, got ${describeValue(values)}`);
        }
        this._fields.set(name.toLowerCase(), [...values]);
    }
    /** @internal `setRawHeaders(name, [value])` for a name and value already checked. */
    _setOne(name, value) {
        this._fields.set(checkName(name).toLowerCase(), [value]);
    }
    /** Appends `value` to the values of `name`. */
    addRawHeader(name, value) {
        checkName(name);
        if (typeof value !== 'string') {
            throw new InvalidArgumentError(`addRawHeader(${JSON.stringify(name)}, value) takes a string, got ${describeValue(value)}`);
        }
        const key = name.toLowerCase();
        const values = this._fields.get(key);
        if (values === undefined)
            this._fields.set(key, [value]);
        else
            values.push(value);
    }
    getRawHeaders(name, defaultValue = null) {
        const values = this._fields.get(checkName(name).toLowerCase());
        return values === undefined ? defaultValue : [...values];
    }
    /** Each header as `[canonicalName, values]`, in the order names were first set. */
    *getAllRawHeaders() {
        for (const [name, values] of this._fields)
            yield [canonicalHeaderName(name), [...values]];
    }
    /** An independent copy. */
    copy() {
        const out = new Headers();
        for (const [name, values] of this._fields)
            out._fields.set(name, [...values]);
        return out;
    }
    /** The fields as `@async/http` headers (canonical names), to send. */
    toHTTPHeaders() {
        const out = new HTTPHeaders();
        this._addTo(out);
        return out;
    }
    /** @internal Adds every field to `out`, with canonical names (no copies of the value lists). */
    _addTo(out) {
        for (const [name, values] of this._fields) {
            const canonical = canonicalHeaderName(name);
            for (const value of values)
                out.add(canonical, value);
        }
    }
    /** Headers holding the fields of `@async/http` headers (or anything `HTTPHeaders` takes). */
    static fromHTTPHeaders(init) {
        const out = new Headers();
        // Parsed headers are read in place; anything else is validated by a copy first.
        const source = init instanceof HTTPHeaders ? init : new HTTPHeaders(init);
        const names = source._names;
        const values = source._values;
        for (let i = 0; i < names.length; i++)
            out.addRawHeader(names[i], values[i]);
        return out;
    }
    /** `Headers({'content-type': ['text/html']})`, as Twisted's repr. */
    toString() {
        const fields = [...this._fields].map(([name, values]) => `'${name}': [${values.map((v) => `'${v}'`).join(', ')}]`);
        return `Headers({${fields.join(', ')}})`;
    }
}
function checkName(name) {
    if (typeof name !== 'string' || name === '') {
        throw new InvalidArgumentError(`a header name must be a non-empty string, got ${describeValue(name)}`);
    }
    return name;
}
//# sourceMappingURL=web-headers.js.map