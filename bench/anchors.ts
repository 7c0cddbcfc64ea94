/**
 * Reference figures measured elsewhere (Python 3.11 and raw Node 20 on a 2-core machine, see
 * /work/shared/ANCHORS.md, copied here so the suite stands alone). They are never compared as if
 * measured in this run; the tables label them "measured elsewhere".
 */

/** asyncio `call_soon`: 1e6 callbacks queued, then run. */
export const ASYNCIO_CALL_SOON_PER_S = 544_000;
/** asyncio: `create_future()`, `call_soon(fut.set_result)`, `await fut`. */
export const ASYNCIO_FUTURE_AWAIT_PER_S = 124_000;
/** Messages/s of the asyncio Protocol echo server, 100 connections ping-pong (two runs' mean). */
export const ASYNCIO_ECHO_PING_PONG_PER_S = 9_500;
/** Messages/s of the asyncio Protocol echo server, 16 in flight per connection. */
export const ASYNCIO_ECHO_PIPELINED_PER_S = 127_000;
/** uvloop, same two measurements: the ceiling for a loop on libuv. */
export const UVLOOP_ECHO_PING_PONG_PER_S = 115_500;
export const UVLOOP_ECHO_PIPELINED_PER_S = 1_287_000;
