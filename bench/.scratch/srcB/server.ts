/**
 * The server interface returned by `loop.createServer()`, as asyncio's `Server`.
 */
import type { EventLoop } from './event-loop.js';
import type { Future } from './future.js';

/** Where a server listens: a TCP address or a UNIX socket path. */
export type ServerAddress = { address: string; family: string; port: number } | string;

/** A listening server. */
export interface Server {
  /** The loop the server runs on. */
  getLoop(): EventLoop;
  /**
   * Stops listening. Connections already accepted stay open (close them through their
   * transports, or with `closeClients()`); `waitClosed()` resolves once they are all gone.
   */
  close(): void;
  /** Closes every accepted connection (flushing what each has buffered). */
  closeClients(): void;
  /** Aborts every accepted connection at once. */
  abortClients(): void;
  /** Resolves once the server is closed and has no live connections. */
  waitClosed(): Future<void>;
  /** Starts accepting, if created with `startServing: false`. Resolves once listening. */
  startServing(): Future<void>;
  /** Starts accepting (if needed) and resolves only when the server is closed. */
  serveForever(): Future<void>;
  /** True while the server accepts connections. */
  isServing(): boolean;
  /** The addresses it listens on. */
  addresses(): ServerAddress[];
  /** The listening sockets' addresses, asyncio's `server.sockets` (same as `addresses()`). */
  readonly sockets: readonly ServerAddress[];
}
