/**
 * The arguments the servers (`StreamServer`, `WSGIServer`) share: the `[host, port]` listener,
 * and the `pool`/`spawn` option (nothing for an unbounded `Group`, a size for a `Pool`, or a
 * group to spawn handlers in).
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { Group, Pool } from './pool.js';

/** @throws InvalidArgumentError unless `listener` is `[host, port]`. */
export function checkListener(listener: unknown, server: string): asserts listener is [host: string, port: number] {
  if (!Array.isArray(listener) || typeof listener[0] !== 'string' || typeof listener[1] !== 'number') {
    throw new InvalidArgumentError(`a ${server} listens on [host, port], got ${describeValue(listener)}`);
  }
}

/** The group a server spawns its handlers in. @throws InvalidArgumentError for another value. */
export function handlerGroup(option: number | Group | undefined, what: string): Group {
  if (option === undefined) return new Group();
  if (typeof option === 'number') return new Pool(option);
  if (option instanceof Group) return option;
  throw new InvalidArgumentError(`${what} takes a size or a Pool, got ${describeValue(option)}`);
}
