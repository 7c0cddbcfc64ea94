/**
 * The networking conformance suite: `describeNetworkingConformance()` registers, in the calling
 * vitest file, the transport and server tests every `EventLoop` implementation must pass, so
 * `NodeEventLoop` (real sockets) and `VirtualEventLoop` (in-memory transports) prove the same
 * PEP 3156 contract. Cases that need a real kernel (TLS, UNIX sockets, DNS, IPv6, kernel resets,
 * handle checks) are registered only with `realKernel: true`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventLoop, ExceptionContext } from '@async/loop';
import { nodeTurns } from './suite-context.js';
import type { NetworkTest } from './networking-kit.js';
import { describeStreams } from './networking-streams.js';
import { describeServers } from './networking-servers.js';
import { describeNetworkErrors } from './networking-errors.js';
import { describeKernelNetworking } from './networking-kernel.js';
import { describeStartTls } from './networking-start-tls.js';

/** What the networking suite needs to know about an implementation. */
export interface NetworkingConformanceOptions {
  /**
   * True when connections are real sockets in this process's kernel (as on `NodeEventLoop`):
   * this adds the tests only a kernel can back, such as TLS, UNIX sockets, name resolution,
   * IPv6, resets and `process.getActiveResourcesInfo()` checks. False for in-memory networks.
   */
  realKernel: boolean;
}

/**
 * Registers the networking conformance tests for one `EventLoop` implementation, under a
 * `describe` block named after it. Call it at the top level of a vitest test file.
 *
 * @param name - how the implementation appears in test reports.
 * @param factory - returns a new, unused loop; every loop the suite gets is closed after its
 *   test (which also closes the servers and connections a failing test left behind).
 * @param options - see `NetworkingConformanceOptions`.
 */
export function describeNetworkingConformance(
  name: string,
  factory: () => EventLoop,
  options: NetworkingConformanceOptions,
): void {
  describe(`networking conformance: ${name}`, () => {
    const loops: EventLoop[] = [];
    const newLoop = (): EventLoop => {
      const loop = factory();
      loops.push(loop);
      return loop;
    };

    afterEach(async () => {
      for (const loop of loops.splice(0)) {
        if (loop.isRunning()) {
          loop.stop();
          for (let i = 0; i < 1000 && loop.isRunning(); i++) await nodeTurns(1);
        }
        if (!loop.isRunning() && !loop.isClosed()) loop.close();
      }
    });

    const test: NetworkTest = (title, body) => {
      it(title, async () => {
        const loop = newLoop();
        const reports: ExceptionContext[] = [];
        loop.setExceptionHandler((_loop, context) => {
          reports.push(context);
        });
        await loop.runUntilComplete(body(loop, reports));
        // A report nobody expected is a failure, shown with its message and error.
        expect(reports.map((r) => `${r.message}: ${String(r.exception)}`)).toEqual([]);
      });
    };

    describeStreams(test);
    describeServers(test);
    describeNetworkErrors(test);
    // Argument checks everywhere; the upgrade itself only where there is TLS (a real kernel),
    // NotImplementedError elsewhere.
    describeStartTls(test, options.realKernel);
    // Only a real kernel can back these; an in-memory network has no TLS, paths, DNS or handles.
    if (options.realKernel) describeKernelNetworking(test, newLoop);
  });
}
