import type { Request } from './web-request.js';
/** Twisted's `server.NOT_DONE_YET`: the render answers later, through the request. */
export declare const NOT_DONE_YET = 1;
/** What a render returns: the body, or `NOT_DONE_YET`. */
export type RenderResult = Uint8Array | string | typeof NOT_DONE_YET;
/** Twisted's `Resource`. Subclass it and add `render_GET`, `render_POST`, … methods. */
export declare class Resource {
    /** A leaf renders every path below it itself (the rest is in `request.postpath`). */
    isLeaf: boolean;
    /** The children added with `putChild`, by path segment. */
    readonly children: Map<string, Resource>;
    /** The methods this resource allows, if set; by default those with a `render_<METHOD>`. */
    allowedMethods?: string[];
    /**
     * Adds a static child at path segment `path` (`''` is the child for a trailing slash).
     * @throws InvalidArgumentError for a path that is not a string or a child that is not a Resource.
     */
    putChild(path: string, child: Resource): void;
    /** A dynamic child for `path`; the default is `NoResource` (override for dynamic trees). */
    getChild(_path: string, _request: Request): Resource;
    /** The child added with `putChild`, else `getChild(path, request)`. */
    getChildWithDefault(path: string, request: Request): Resource;
    /**
     * Renders `request` with `render_<METHOD>`.
     * @throws UnsupportedMethod when there is no such method (the site answers 405 or 501).
     */
    render(request: Request): RenderResult;
    /** HEAD renders as GET (the site sends the head only). */
    render_HEAD(request: Request): RenderResult;
}
/**
 * Walks the tree from `resource` down `request.postpath` (moving segments to `request.prepath`)
 * until a leaf or the end of the path: Twisted's `resource.getChildForRequest`.
 */
export declare function getChildForRequest(resource: Resource, request: Request): Resource;
/** Twisted's `ErrorPage`: renders a status with an HTML page, for every method and child. */
export declare class ErrorPage extends Resource {
    /** The status code. */
    readonly code: number;
    /** The page title. */
    readonly brief: string;
    /** The explanation (HTML). */
    readonly detail: string;
    constructor(
    /** The status code. */
    code: number, 
    /** The page title. */
    brief: string, 
    /** The explanation (HTML). */
    detail: string);
    render(request: Request): RenderResult;
    getChild(): Resource;
}
/** Twisted's `NoResource`: a 404 page. */
export declare class NoResource extends ErrorPage {
    constructor(message?: string);
}
/** Twisted's `ForbiddenResource`: a 403 page. */
export declare class ForbiddenResource extends ErrorPage {
    constructor(message?: string);
}
//# sourceMappingURL=web-resource.d.ts.map