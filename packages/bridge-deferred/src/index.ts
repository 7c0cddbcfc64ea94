export { deferredFromFuture, deferredAsFuture } from './deferred-future.js';
export { deferredFromPromise, deferredToPromise } from './deferred-promise.js';
export { ensureDeferred, type DeferrableWaitable } from './ensure-deferred.js';
export { installAsyncioReactor } from './install-asyncio-reactor.js';
