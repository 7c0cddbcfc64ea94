/**
 * Waiting for many things at once, in the two fronts that have their own primitive for it:
 * Twisted's `DeferredList` over `n` Deferreds fired one by one, and gevent's `joinall` over `n`
 * spawned greenlets; each against `Promise.all` over `n` native promises doing the same.
 * (asyncio's `gather` is in asyncio-tasks.ts.)
 */
import { NodeEventLoop, setEventLoop } from '../async-loop.js';
import { Deferred, DeferredList } from '../async-reactor.js';
import { joinall, spawn } from '../async-hub.js';
import { type Comparison, type Variant, secondsSince } from '../harness.js';
import { nativeTasks } from './asyncio-tasks.js';

function checkSum(label: string, sum: number, n: number): void {
  if (sum !== (n * (n - 1)) / 2) throw new Error(`${label}: wrong sum ${sum}, results were lost`);
}

function deferredList(n: number): Variant {
  return {
    label: 'DeferredList of Deferreds fired one by one',
    side: 'ours',
    ops: n,
    async sample() {
      const start = performance.now();
      const deferreds = new Array<Deferred<number>>(n);
      for (let i = 0; i < n; i++) deferreds[i] = new Deferred<number>();
      let sum = 0;
      new DeferredList(deferreds).addCallback((results) => {
        for (const [, value] of results) sum += value as number;
      });
      for (let i = 0; i < n; i++) deferreds[i]!.callback(i);
      const seconds = secondsSince(start);
      checkSum(this.label, sum, n);
      return seconds;
    },
  };
}

function promiseAllResolved(n: number): Variant {
  return {
    label: 'Promise.all of promises resolved one by one, awaited',
    side: 'raw',
    ops: n,
    async sample() {
      const start = performance.now();
      const resolvers = new Array<(v: number) => void>(n);
      const promises = new Array<Promise<number>>(n);
      for (let i = 0; i < n; i++) {
        promises[i] = new Promise<number>((resolve) => {
          resolvers[i] = resolve;
        });
      }
      const all = Promise.all(promises);
      for (let i = 0; i < n; i++) resolvers[i]!(i);
      let sum = 0;
      for (const v of await all) sum += v;
      const seconds = secondsSince(start);
      checkSum(this.label, sum, n);
      return seconds;
    },
  };
}

// eslint-disable-next-line require-yield
function* trivial(i: number): Generator<never, number, unknown> {
  return i;
}

function spawnJoinall(n: number): Variant {
  return {
    label: 'spawn + joinall (hub on NodeEventLoop)',
    side: 'ours',
    ops: n,
    async sample() {
      const loop = new NodeEventLoop();
      setEventLoop(loop);
      try {
        const start = performance.now();
        const greenlets = new Array(n);
        for (let i = 0; i < n; i++) greenlets[i] = spawn(trivial, i);
        const done = await joinall(greenlets);
        const seconds = secondsSince(start);
        let sum = 0;
        for (const g of done) sum += g.value as number;
        checkSum(this.label, sum, n);
        return seconds;
      } finally {
        setEventLoop(null);
        loop.close();
      }
    },
  };
}

/** The DeferredList and joinall comparisons, `n` waitables per sample. */
export function joinManyComparisons(n: number): Comparison[] {
  const count = n.toLocaleString('en-US');
  return [
    {
      id: 'reactor-deferred-list',
      title: `DeferredList of ${count} Deferreds`,
      unit: 'deferreds/s',
      ours: deferredList(n),
      baselines: [promiseAllResolved(n)],
    },
    {
      id: 'hub-joinall',
      title: `${count} trivial greenlets spawned and joinall()ed`,
      unit: 'greenlets/s',
      ours: spawnJoinall(n),
      baselines: [nativeTasks(n)],
      anchors: [{ label: 'Python gevent spawn + joinall (measured elsewhere)', rate: 29_000 }],
    },
  ];
}
