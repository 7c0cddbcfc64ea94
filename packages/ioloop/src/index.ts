export {
  IOLoop,
  type IOLoopOptions,
  type CurrentOptions,
  type CloseOptions,
  type RunSyncOptions,
  type Closable,
} from './ioloop.js';
export { PeriodicCallback, type PeriodicCallbackOptions } from './periodic-callback.js';
export { gen } from './gen.js';
export { coroutine } from './coroutine.js';
export { sleep } from './sleep.js';
export { multi, type MultiOptions, type MultiResult, type YieldedResult } from './multi.js';
export { withTimeout, type WithTimeoutOptions } from './with-timeout.js';
export { WaitIterator } from './wait-iterator.js';
export { convertYielded, moment, BadYieldError } from './convert-yielded.js';
export type { Deadline } from './deadline.js';
export type { QuietExceptions } from './quiet-exceptions.js';
export { StreamClosedError, StreamBufferFullError, UnsatisfiableReadError, NotSupportedError } from './stream-errors.js';
export {
  IOStream,
  type IOStreamOptions,
  type ReadUntilOptions,
  type PartialOptions,
  type StreamConnectOptions,
  SSLIOStream,
} from './iostream.js';
export { TCPServer, type TCPServerOptions } from './tcp-server.js';
export { TCPClient, type TCPClientConnectOptions } from './tcp-client.js';
export { genTest, type GenTestOptions } from './gen-test.js';
export { Condition } from './condition.js';
export { Event } from './event.js';
export { Semaphore, BoundedSemaphore, Releaser } from './semaphore.js';
export { Lock } from './lock.js';
export { locks } from './locks.js';
export { Queue, PriorityQueue, LifoQueue } from './queue.js';
export { QueueEmpty, QueueFull } from './queue-errors.js';
export { queues } from './queues.js';
export { AsyncHTTPClient, type AsyncHTTPClientOptions, type FetchOptions } from './async-http-client.js';
export { HTTPRequest, type HTTPRequestOptions } from './http-request.js';
export { HTTPResponse, type HTTPResponseInit } from './http-client-response.js';
export { HTTPClientError, HTTPTimeoutError, HTTPStreamClosedError } from './http-client-errors.js';
export { httpclient } from './httpclient.js';
export { HTTPServer, type HTTPServerOptions, type RequestCallback, type RequestDelegate } from './http-server.js';
export { HTTPServerRequest, type HTTPServerRequestInit } from './http-server-request.js';
export { HTTP1Connection, type ResponseStartLine } from './http1-connection.js';
export type { ArgumentMap, HTTPFile } from './form-arguments.js';
export type { CookieOptions } from './cookies.js';
export { HTTPHeaders } from '@async/http';
export { Application, type ApplicationSettings } from './application.js';
export {
  RequestHandler,
  type RequestHandlerClass,
  type HandlerKwargs,
  type HandlerResult,
  type ErrorDetails,
  type HeaderValue,
} from './request-handler.js';
export { StaticFileHandler } from './static-file-handler.js';
export { RedirectHandler } from './redirect-handler.js';
export { ErrorHandler } from './error-handler.js';
export { URLSpec, url, type Rule, type URLMatch } from './url-spec.js';
export { HTTPError, MissingArgumentError, Finish, type HTTPErrorOptions } from './web-errors.js';
export { web } from './web.js';
