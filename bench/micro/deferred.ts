/**
 * The Twisted front's two hot paths. A Deferred created, given three callbacks and fired runs
 * its chain synchronously, so it should beat native promises, whose every `then` is a
 * microtask (target: 2x). A `reactor.callLater(0)` chain measures the DelayedCall layer over
 * the loop's timer heap against a `setImmediate` chain.
 */
import { NodeEventLoop } from '../async-loop.js';
import { Deferred, Reactor } from '../async-reactor.js';
import { type Comparison, type Variant, secondsSince } from '../harness.js';

const inc = (v: number): number => v + 1;

function checkSum(label: string, sum: number, n: number): void {
  if (sum !== (n * (n - 1)) / 2 + 3 * n) throw new Error(`${label}: wrong sum ${sum}, results were lost`);
}

function deferredChain(n: number): Variant {
  return {
    label: 'Deferred + 3 callbacks + callback()',
    side: 'ours',
    ops: n,
    async sample() {
      let sum = 0;
      const add = (v: number): void => {
        sum += v;
      };
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        const d = new Deferred<number>();
        d.addCallback(inc).addCallback(inc).addCallback(inc).addCallback(add);
        d.callback(i);
      }
      const seconds = secondsSince(start);
      checkSum(this.label, sum, n);
      return seconds;
    },
  };
}

function promiseChain(n: number): Variant {
  return {
    label: 'Promise + 3 then + resolve, awaited',
    side: 'raw',
    ops: n,
    async sample() {
      let sum = 0;
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        let resolve!: (v: number) => void;
        const p = new Promise<number>((r) => {
          resolve = r;
        });
        const last = p.then(inc).then(inc).then(inc);
        resolve(i);
        sum += await last;
      }
      const seconds = secondsSince(start);
      checkSum(this.label, sum, n);
      return seconds;
    },
  };
}

function callLaterChain(n: number): Variant {
  return {
    label: 'reactor.callLater(0) chain (NodeEventLoop)',
    side: 'ours',
    ops: n,
    async sample() {
      const loop = new NodeEventLoop();
      // The cast only bridges typings: the reactor's dist/ declarations name @async/loop, which
      // tsconfig.tests.json maps to src/; at run time both are the same module.
      const reactor = new Reactor(loop as unknown as ConstructorParameters<typeof Reactor>[0]);
      let count = 0;
      let start = 0;
      let seconds = 0;
      const next = (): void => {
        if (++count === n) {
          seconds = secondsSince(start);
          reactor.stop();
        } else {
          reactor.callLater(0, next);
        }
      };
      reactor.callWhenRunning(() => {
        start = performance.now();
        reactor.callLater(0, next);
      });
      await reactor.run();
      loop.close();
      return seconds;
    },
  };
}

function setImmediateChain(n: number): Variant {
  return {
    label: 'setImmediate chain',
    side: 'raw',
    ops: n,
    sample() {
      return new Promise<number>((resolve) => {
        let count = 0;
        const start = performance.now();
        const next = (): void => {
          if (++count === n) resolve(secondsSince(start));
          else setImmediate(next);
        };
        setImmediate(next);
      });
    },
  };
}

/** The Deferred and callLater comparisons, with `deferreds` and `calls` operations per sample. */
export function deferredComparisons(deferreds: number, calls: number): Comparison[] {
  const promises = promiseChain(deferreds);
  const immediates = setImmediateChain(calls);
  return [
    {
      id: 'reactor-deferred-chain',
      title: 'Deferred create + 3 callbacks + fire vs native promises',
      unit: 'chains/s',
      ours: deferredChain(deferreds),
      baselines: [promises],
      targets: [{ baseline: promises.label, minRatio: 2, description: 'Deferred chain >= 2x native promises (it is synchronous)' }],
    },
    {
      id: 'reactor-call-later-chain',
      title: 'reactor.callLater(0) chain vs setImmediate chain',
      unit: 'calls/s',
      ours: callLaterChain(calls),
      baselines: [immediates],
    },
  ];
}
