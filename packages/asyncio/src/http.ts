/**
 * The `http` namespace of `@async/asyncio` (`import { http } from '@async/asyncio'`): the talk's
 * Tulip `http.request()`, aiohttp's `ClientSession` and `ClientResponse`, and a minimal server,
 * `startServer(handler, host, port)` with `Request` and `Response`, all over `@async/http`.
 */
export { request, ClientSession, type ClientSessionOptions, type RequestOptions } from './http-client-session.js';
export { ClientResponse } from './http-client-response.js';
export { startServer, type Handler, type ServeOptions } from './http-start-server.js';
export { Request } from './http-web-request.js';
export { Response, type ResponseOptions } from './http-web-response.js';
