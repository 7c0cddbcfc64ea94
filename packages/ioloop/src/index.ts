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
} from './iostream.js';
export { SSLIOStream } from './ssl-iostream.js';
export { TCPServer, type TCPServerOptions } from './tcp-server.js';
export { TCPClient, type TCPClientConnectOptions } from './tcp-client.js';
export { genTest, type GenTestOptions } from './gen-test.js';
