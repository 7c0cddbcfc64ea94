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
  Channel,
  Empty,
  Full,
  type QueueOptions,
} from './queue.js';
export { Group, Pool, ResultIterator, type GroupJoinOptions } from './pool.js';
export { Semaphore, BoundedSemaphore, type AcquireOptions } from './semaphore.js';
export { RLock } from './rlock.js';
export { waitPromise, waitAsync, cooperative } from './monkey.js';
export { Socket, createConnection, type ShutdownHow } from './socket.js';
export { StreamServer, type StreamHandler, type StreamServerOptions } from './stream-server.js';
