/**
 * The entry point of the conformance suite: `describeEventLoopConformance()` registers, in the
 * calling vitest file, every test an `EventLoop` implementation must pass. It is how
 * `NodeEventLoop`, `VirtualEventLoop` and every front hosted on another loop prove they keep
 * PEP 3156's semantics; adding an implementation is one call (one line in a list).
 */
import { describe } from 'vitest';
import type { EventLoop } from '@async/loop';
import { createSuiteContext, type ConformanceOptions } from './suite-context.js';
import { describeScheduling } from './scheduling.js';
import { describeTimers } from './timers.js';
import { describeFutures } from './futures.js';
import { describeTasks } from './tasks.js';
import { describeRunUntilComplete } from './run-until-complete.js';
import { describeLifecycle } from './lifecycle.js';
import { describeExceptionHandler } from './exception-handler.js';
import { describeDebugMode } from './debug-mode.js';
import { describeBadInput } from './bad-input.js';

/**
 * Registers the conformance tests for one `EventLoop` implementation, under a `describe` block
 * named after it. Call it at the top level of a vitest test file.
 *
 * @param name - how the implementation appears in test reports.
 * @param factory - returns a new, unused loop; called once or more per test. The suite closes
 *   every loop it gets, stopping it first if a failing test left it running.
 * @param options - what the suite cannot guess about the implementation (see
 *   `ConformanceOptions`).
 */
export function describeEventLoopConformance<L extends EventLoop>(
  name: string,
  factory: () => L,
  options: ConformanceOptions<L> = {},
): void {
  describe(`EventLoop conformance: ${name}`, () => {
    const ctx = createSuiteContext(factory, options);
    describeScheduling(ctx);
    describeTimers(ctx);
    describeFutures(ctx);
    describeTasks(ctx);
    describeRunUntilComplete(ctx);
    describeLifecycle(ctx);
    describeExceptionHandler(ctx);
    describeDebugMode(ctx);
    describeBadInput(ctx);
  });
}
