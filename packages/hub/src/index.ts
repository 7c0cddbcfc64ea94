export { Hub, getHub, currentHub, getcurrent } from './hub.js';
export { Op, isOp, type Arm, type Wake, type Cleanup } from './operation.js';
export {
  Greenlet,
  spawn,
  spawnLater,
  spawnRaw,
  type GetOptions,
  type KillOptions,
  type KillException,
} from './greenlet.js';
export type { BlockingFunction, BlockingResult } from './greenlet-body.js';
export { sleep, idle } from './sleep.js';
export {
  Iwait,
  iwait,
  wait,
  joinall,
  killall,
  kill,
  type WaitOptions,
  type JoinallOptions,
  type KillallOptions,
} from './wait.js';
export { Timeout, withTimeout, type TimeoutException, type WithTimeoutOptions } from './timeout.js';
export type { Linkable, RawLink } from './linkable.js';
export { GreenletExit } from '@async/greenlet';
export { Event } from './event.js';
export { AsyncResult } from './async-result.js';
export {
  Queue,
  LifoQueue,
  PriorityQueue,
  JoinableQueue,
  UnboundQueue,
  Channel,
  Empty,
  Full,
  type QueueOptions,
} from './queue.js';
export { StopIteration } from './stop-iteration.js';
export { Group, Pool, ResultIterator, type GroupJoinOptions } from './pool.js';
export { Semaphore, BoundedSemaphore, type AcquireOptions } from './semaphore.js';
export { RLock } from './rlock.js';
export { waitPromise, waitAsync, cooperative } from './monkey.js';
export { Socket, createConnection, type ShutdownHow } from './socket.js';
export { SocketFile, type FileData } from './socket-file.js';
export { SSLSocket } from './ssl-socket.js';
export {
  SSLContext,
  createDefaultContext,
  wrapSocket,
  type SSLContextOptions,
  type WrapSocketOptions,
  type ModuleWrapSocketOptions,
} from './ssl-context.js';
export { ssl } from './ssl.js';
export { StreamServer, type StreamHandler, type StreamServerOptions } from './stream-server.js';
export { urlopen, type URLRequest, type UrlopenOptions } from './urlopen.js';
export { HTTPResponse } from './http-response.js';
export { URLError, HTTPError } from './url-errors.js';
export {
  WSGIServer,
  WSGIInput,
  type WSGIApplication,
  type WSGIEnviron,
  type StartResponse,
  type WSGIServerOptions,
} from './wsgi-server.js';
