export { Deferred, type Unwrap, type DeferredCallback, type DeferredErrback, type Canceller, type CallLaterClock } from './deferred.js';
export { Failure, type ErrorClass } from './failure.js';
export { succeed, fail, maybeDeferred } from './maybe-deferred.js';
export { DeferredList, gatherResults, type DeferredListEntry, type DeferredListOptions } from './deferred-list.js';
export { ConcurrencyPrimitive } from './concurrency-primitive.js';
export { DeferredLock } from './deferred-lock.js';
export { DeferredSemaphore } from './deferred-semaphore.js';
export { DeferredQueue } from './deferred-queue.js';
export { inlineCallbacks, ensureDeferred } from './inline-callbacks.js';
export { DelayedCall } from './delayed-call.js';
export { Reactor, reactor, type ListenOptions, type ConnectOptions, type SystemEventType, type ReactorOptions } from './reactor.js';
export type { EventPhase, TriggerId } from './three-phase-event.js';
export { LoopingCall, type LoopingClock } from './looping-call.js';
export { deferLater } from './defer-later.js';
export { react } from './react.js';
export { IPv4Address, IPv6Address, UNIXAddress, type Address } from './address.js';
export { Protocol } from './protocol.js';
export { Factory, ServerFactory, ClientFactory, type ProtocolClass } from './factory.js';
export { ProtocolTransport, type ITransport, type Producer, type TlsRole } from './protocol-transport.js';
export { StringTransport } from './string-transport.js';
export { ProtocolAdapter } from './protocol-adapter.js';
export { ListeningPort } from './listening-port.js';
export { Connector } from './connector.js';
export { ClientCreator } from './client-creator.js';
export { ReconnectingClientFactory } from './reconnecting-client-factory.js';
export { LineReceiver, LineOnlyReceiver } from './line-receiver.js';
export { NetstringReceiver } from './netstring-receiver.js';
export { Int32StringReceiver } from './int32-string-receiver.js';
export {
  AlreadyCalledError,
  ReactorNotRunning,
  ReactorAlreadyRunning,
  AlreadyCalled,
  AlreadyCancelled,
  FirstError,
  QueueOverflow,
  QueueUnderflow,
  CannotListenError,
  ConnectionDone,
  ConnectionLost,
  ConnectError,
  NetstringParseError,
} from './errors.js';
export { CancelledError, TimeoutError } from '@async/loop';
export { getPage, type GetPageOptions } from './get-page.js';
export { Agent, type AgentOptions, type IAgent } from './agent.js';
export { RedirectAgent } from './redirect-agent.js';
export { ContentDecoderAgent } from './content-decoder-agent.js';
export { HTTPConnectionPool } from './http-connection-pool.js';
export { Response, readBody, UNKNOWN_LENGTH, type ResponseRequest, type BodyReader } from './web-response.js';
export { FileBodyProducer, type IBodyProducer, type IConsumer, type ReadableFile } from './body-producer.js';
export { Headers, canonicalHeaderName } from './web-headers.js';
export { WebError, PageRedirect, InfiniteRedirection, UnsupportedMethod, SchemeNotSupported } from './web-error.js';
export {
  Resource,
  ErrorPage,
  NoResource,
  ForbiddenResource,
  NOT_DONE_YET,
  getChildForRequest,
  type RenderResult,
} from './web-resource.js';
export { Data } from './web-static.js';
export { Request, RequestContent } from './web-request.js';
export { Site, HTTPChannel, type SiteOptions } from './web-site.js';
