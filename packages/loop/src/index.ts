export type { EventLoop, ExceptionContext, ExceptionHandler } from './event-loop.js';
export { BaseEventLoop } from './base-event-loop.js';
export { NodeEventLoop } from './node-event-loop.js';
export { Handle, TimerHandle, type Callback, type Runnable, type RunnableQueue, queueRunnable, callSoonRunnable, queueIoEvent } from './handle.js';
export { TimerHeap } from './timer-heap.js';
export { Future, isFuture, type DoneCallback } from './future.js';
export { Task, currentTask, allTasks, ensureFuture, type TaskOptions } from './task.js';
export {
  type Coroutine,
  type CoroutineFunction,
  type AsyncFunction,
  type Waitable,
  isCoroutine,
  isThenable,
  stepCoroutine,
} from './coroutine.js';
export { AS_FUTURE, registerConverter, toFuture, type Converter, type FutureConvertible } from './converters.js';
export { fromPromise, fromAsync } from './promise-future.js';
export { followFuture } from './follow-future.js';
export { getEventLoop, setEventLoop, newEventLoop } from './current-loop.js';
export { runUntilDone } from './run-until-done.js';
export { getRunningLoop, getRunningLoopOrNull, _enterDispatch } from './running-loop.js';
export { LoopLocal } from './loop-local.js';
export { describeValue } from './argument-checks.js';
export {
  CancelledError,
  InvalidStateError,
  TimeoutError,
  LoopClosedError,
  LoopStateError,
  InvalidArgumentError,
  OSError,
  type OSErrorOptions,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  ConnectionAbortedError,
  BrokenPipeError,
  AddressInUseError,
  AddressNotAvailableError,
  NameResolutionError,
  FileNotFoundError,
  PermissionError,
  SSLError,
  SSLCertVerificationError,
  NotImplementedError,
} from './errors.js';
export type { BaseProtocol, Protocol, ProtocolFactory } from './protocols.js';
export {
  type BaseTransport,
  type ReadTransport,
  type WriteTransport,
  type Transport,
  type ExtraInfoName,
  DEFAULT_HIGH_WATER_MARK,
} from './transports.js';
export type { Server, ServerAddress } from './server.js';
export type { ConnectionOptions, ServerOptions, StartTlsContext, StartTlsOptions } from './connection-options.js';
export { SocketTransport } from './socket-transport.js';
export { NodeServer } from './node-server.js';
export {
  checkConnectionOptions,
  checkServerOptions,
  SERVER_OPTION_NAMES,
  checkProtocolFactory,
  checkProtocol,
  checkBytes,
  checkWriteBufferLimits,
  checkStartTlsArguments,
  type CheckedStartTls,
} from './network-argument-checks.js';
export { fromNodeError } from './system-errors.js';
