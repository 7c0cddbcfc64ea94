/**
 * Twisted's `twisted.web.resource`: a tree of `Resource`s that a `Site` walks to find the one
 * that answers a request (`getChildForRequest`), which then renders it by dispatching to its
 * `render_<METHOD>` method. A render returns the body (bytes or a string, sent as UTF-8), or
 * `NOT_DONE_YET` to answer later with `request.write()` and `request.finish()`. `ErrorPage` and
 * `NoResource` render Twisted's HTML error pages.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { UnsupportedMethod } from './web-error.js';
/** Twisted's `server.NOT_DONE_YET`: the render answers later, through the request. */
export const NOT_DONE_YET = 1;
/** Twisted's `Resource`. Subclass it and add `render_GET`, `render_POST`, … methods. */
export class Resource {
    /** A leaf renders every path below it itself (the rest is in `request.postpath`). */
    isLeaf = false;
    /** The children added with `putChild`, by path segment. */
    children = new Map();
    /** The methods this resource allows, if set; by default those with a `render_<METHOD>`. */
    allowedMethods;
    /**
     * Adds a static child at path segment `path` (`''` is the child for a trailing slash).
     * @throws InvalidArgumentError for a path that is not a string or a child that is not a Resource.
     */
    putChild(path, child) {
        if (typeof path !== 'string')
            throw new InvalidArgumentError(`putChild(path) takes a string, got ${describeValue(path)}`);
        if (!(child instanceof Resource)) {
            throw new InvalidArgumentError(`putChild(path, child) takes a Resource, got ${describeValue(child)}`);
        }
        this.children.set(path, child);
    }
    /** A dynamic child for `path`; the default is `NoResource` (override for dynamic trees). */
    getChild(_path, _request) {
        return new NoResource();
    }
    /** The child added with `putChild`, else `getChild(path, request)`. */
    getChildWithDefault(path, request) {
        return this.children.get(path) ?? this.getChild(path, request);
    }
    /**
     * Renders `request` with `render_<METHOD>`.
     * @throws UnsupportedMethod when there is no such method (the site answers 405 or 501).
     */
    render(request) {
        const method = this[`render_${request.method}`];
        if (typeof method !== 'function')
            throw new UnsupportedMethod(this.allowedMethods ?? computeAllowedMethods(this));
        return method.call(this, request);
    }
    /** HEAD renders as GET (the site sends the head only). */
    render_HEAD(request) {
        const get = this['render_GET'];
        if (typeof get !== 'function')
            throw new UnsupportedMethod(this.allowedMethods ?? computeAllowedMethods(this));
        return get.call(this, request);
    }
}
/** The methods with a `render_<METHOD>`, base classes first (Twisted's `_computeAllowedMethods`). */
function computeAllowedMethods(resource) {
    const chain = [];
    for (let p = Object.getPrototypeOf(resource); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p))
        chain.unshift(p);
    const names = new Set();
    for (const proto of [...chain, resource]) {
        for (const key of Object.getOwnPropertyNames(proto)) {
            if (key.startsWith('render_') && typeof resource[key] === 'function')
                names.add(key.slice(7));
        }
    }
    return [...names];
}
/**
 * Walks the tree from `resource` down `request.postpath` (moving segments to `request.prepath`)
 * until a leaf or the end of the path: Twisted's `resource.getChildForRequest`.
 */
export function getChildForRequest(resource, request) {
    while (request.postpath.length > 0 && !resource.isLeaf) {
        const segment = request.postpath.shift();
        request.prepath.push(segment);
        resource = resource.getChildWithDefault(segment, request);
    }
    return resource;
}
const TEMPLATE = (code, brief, detail) => `
<html>
  <head><title>${code} - ${brief}</title></head>
  <body>
    <h1>${brief}</h1>
    <p>${detail}</p>
  </body>
</html>
`;
/** Twisted's `ErrorPage`: renders a status with an HTML page, for every method and child. */
export class ErrorPage extends Resource {
    code;
    brief;
    detail;
    constructor(
    /** The status code. */
    code, 
    /** The page title. */
    brief, 
    /** The explanation (HTML). */
    detail) {
        super();
        this.code = code;
        this.brief = brief;
        this.detail = detail;
    }
    render(request) {
        request.setResponseCode(this.code);
        request.setHeader('content-type', 'text/html; charset=utf-8');
        return TEMPLATE(this.code, this.brief, this.detail);
    }
    getChild() {
        return this;
    }
}
/** Twisted's `NoResource`: a 404 page. */
export class NoResource extends ErrorPage {
    constructor(message = 'Sorry. No luck finding that resource.') {
        super(404, 'No Such Resource', message);
    }
}
/** Twisted's `ForbiddenResource`: a 403 page. */
export class ForbiddenResource extends ErrorPage {
    constructor(message = 'Sorry, resource is forbidden.') {
        super(403, 'Forbidden Resource', message);
    }
}
//# sourceMappingURL=web-resource.js.map