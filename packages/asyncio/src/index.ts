export {
  type EventLoop,
  type Coroutine,
  type Waitable,
  Future,
  Task,
  Handle,
  TimerHandle,
  CancelledError,
  TimeoutError,
  InvalidStateError,
  InvalidArgumentError,
  LoopClosedError,
  LoopStateError,
  OSError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  ConnectionAbortedError,
  BrokenPipeError,
  SSLError,
  SSLCertVerificationError,
  getEventLoop,
  getRunningLoop,
  setEventLoop,
  newEventLoop,
  isFuture,
  isCoroutine,
} from '@async/loop';
export { type AwaitableCoroutine } from './awaitable-coroutine.js';
export { run, Runner, type RunOptions } from './run.js';
export { createTask, currentTask, allTasks, ensureFuture, type CreateTaskOptions } from './tasks.js';
export { sleep } from './sleep.js';
export { gather, type GatherOptions, type GatherResults, type GatherOutcomes } from './gather.js';
export { type WaitableResult } from './waitable-result.js';
export {
  wait,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  ALL_COMPLETED,
  type ReturnWhen,
  type WaitOptions,
} from './wait.js';
export { waitFor } from './wait-for.js';
export { Timeout, timeout, timeoutAt } from './timeouts.js';
export { TaskGroup } from './task-group.js';
export { shield } from './shield.js';
export { asCompleted, AsCompleted, type AsCompletedOptions } from './as-completed.js';
export { type ScopeBody } from './scope-body.js';
export { AcquireReleaseContext } from './acquire-release-context.js';
export { Lock } from './lock.js';
export { Event } from './event.js';
export { Condition } from './condition.js';
export { Semaphore, BoundedSemaphore } from './semaphore.js';
export { Barrier } from './barrier.js';
export { Queue, PriorityQueue, LifoQueue, type Comparator } from './queues.js';
export { QueueEmpty, QueueFull, QueueShutDown, BrokenBarrierError } from './exceptions.js';
export { ExceptionGroup, type ExceptionCondition } from './exception-group.js';
export { IncompleteReadError, LimitOverrunError, NotImplementedError } from './exceptions.js';
export { StreamReader, DEFAULT_STREAM_LIMIT } from './stream-reader.js';
export { StreamWriter, type StartTlsOptions } from './stream-writer.js';
export { FlowControlProtocol } from './flow-control-protocol.js';
export { StreamReaderProtocol, type ClientConnectedCallback } from './stream-reader-protocol.js';
export {
  openConnection,
  openUnixConnection,
  type OpenConnectionOptions,
  type OpenUnixConnectionOptions,
} from './open-connection.js';
export {
  startServer,
  startUnixServer,
  type StartServerOptions,
  type StartUnixServerOptions,
} from './start-server.js';
export { toPromise, fromPromise, fromAsync } from './promise-interop.js';
export { taskSignal } from './task-signal.js';
export * as http from './http.js';
