/**
 * `locks`: the namespace of Tornado's `tornado.locks`, so that code reads as in Python
 * (`locks.Condition`, `locks.Semaphore`). Each member is also exported on its own.
 */
import { Condition } from './condition.js';
import { Event } from './event.js';
import { BoundedSemaphore, Semaphore } from './semaphore.js';
import { Lock } from './lock.js';

/** Tornado's `tornado.locks` module. */
export const locks = Object.freeze({ Condition, Event, Semaphore, BoundedSemaphore, Lock });
