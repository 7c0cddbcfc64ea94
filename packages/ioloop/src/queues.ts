/**
 * `queues`: the namespace of Tornado's `tornado.queues`, so that code reads as in Python
 * (`queues.Queue`, `queues.QueueEmpty`). Each member is also exported on its own.
 */
import { LifoQueue, PriorityQueue, Queue } from './queue.js';
import { QueueEmpty, QueueFull } from './queue-errors.js';

/** Tornado's `tornado.queues` module. */
export const queues = Object.freeze({ Queue, PriorityQueue, LifoQueue, QueueEmpty, QueueFull });
