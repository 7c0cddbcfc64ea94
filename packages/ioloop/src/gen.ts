/**
 * `gen`: the namespace of Tornado's `tornado.gen`, gathered in one object so that code reads as
 * in Python (`gen.coroutine`, `gen.sleep`, `gen.multi`, …). Each member is also exported on its
 * own.
 */
import { coroutine } from './coroutine.js';
import { sleep } from './sleep.js';
import { multi } from './multi.js';
import { withTimeout } from './with-timeout.js';
import { WaitIterator } from './wait-iterator.js';
import { BadYieldError, convertYielded, moment } from './convert-yielded.js';
import { TimeoutError } from '@async/loop';

/** Tornado's `tornado.gen` module. */
export const gen = Object.freeze({
  coroutine,
  sleep,
  multi,
  withTimeout,
  moment,
  WaitIterator,
  convertYielded,
  BadYieldError,
  TimeoutError,
});
