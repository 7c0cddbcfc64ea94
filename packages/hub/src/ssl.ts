/**
 * `ssl`: the namespace of gevent's `gevent.ssl`, so that code reads as in Python
 * (`ssl.wrapSocket(sock)`, `new ssl.SSLContext()`). Each member is also exported on its own.
 */
import { SSLContext, createDefaultContext, wrapSocket } from './ssl-context.js';
import { SSLSocket } from './ssl-socket.js';

/** gevent's `gevent.ssl` module. */
export const ssl = Object.freeze({ SSLContext, SSLSocket, createDefaultContext, wrapSocket });
