export { greenletToFuture, spawnAsTask } from './greenlet-future.js';
export { yieldFuture } from './yield-future.js';
export { asyncResultToFuture, futureToAsyncResult } from './async-result-future.js';
export { installAiogevent } from './install-aiogevent.js';
