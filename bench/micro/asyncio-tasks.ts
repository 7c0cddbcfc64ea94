/**
 * The asyncio front's task machinery at scale: create `n` trivial tasks (each coroutine returns
 * at once) and `gather()` them, inside `run()` on a `NodeEventLoop`; against the same workload in
 * plain JavaScript: `n` calls of an async function and `Promise.all`. The target is at
 * least 1x the native version. A second row starts the tasks eagerly, as an async function starts.
 */
import { type Coroutine, createTask, gather, run } from '../async-asyncio.js';
import { type Comparison, type Variant, secondsSince } from '../harness.js';

function checkSum(label: string, values: number[], n: number): void {
  let sum = 0;
  for (const v of values) sum += v;
  if (sum !== (n * (n - 1)) / 2) throw new Error(`${label}: wrong sum ${sum}, results were lost`);
}

// eslint-disable-next-line require-yield
function* trivial(i: number): Coroutine<number> {
  return i;
}

function* createAndGather(n: number, eagerStart: boolean): Coroutine<[number, number[]]> {
  const start = performance.now();
  const tasks = new Array(n);
  for (let i = 0; i < n; i++) tasks[i] = createTask(trivial(i), { eagerStart });
  const results = yield* gather(...tasks);
  return [secondsSince(start), results as number[]];
}

function asyncioTasks(n: number, eagerStart: boolean): Variant {
  return {
    label: eagerStart ? 'createTask({ eagerStart: true }) + gather' : 'createTask + gather (asyncio on NodeEventLoop)',
    side: 'ours',
    ops: n,
    async sample() {
      const [seconds, results] = await run(createAndGather(n, eagerStart));
      checkSum(this.label, results, n);
      return seconds;
    },
  };
}

async function trivialAsync(i: number): Promise<number> {
  return i;
}

/** `n` calls of a trivial async function and `Promise.all`: the native way to wait for many tasks. */
export function nativeTasks(n: number): Variant {
  return {
    label: 'async function calls + Promise.all',
    side: 'raw',
    ops: n,
    async sample() {
      const start = performance.now();
      const promises = new Array<Promise<number>>(n);
      for (let i = 0; i < n; i++) promises[i] = trivialAsync(i);
      const results = await Promise.all(promises);
      const seconds = secondsSince(start);
      checkSum(this.label, results, n);
      return seconds;
    },
  };
}

/** The task comparison, `n` tasks per sample. */
export function asyncioTaskComparisons(n: number): Comparison[] {
  const native = nativeTasks(n);
  return [
    {
      id: 'asyncio-tasks-gather',
      title: `${n.toLocaleString('en-US')} trivial tasks created and gathered`,
      unit: 'tasks/s',
      ours: asyncioTasks(n, false),
      baselines: [native],
      targets: [{ baseline: native.label, minRatio: 1, description: 'task create + gather >= 1x async functions + Promise.all' }],
    },
    {
      // An async function runs synchronously up to its first await; an eager task (Python 3.12's
      // eager_task_factory) does the same, so this is the like-for-like row. No target: the
      // issue's target is on the default, scheduled tasks above.
      id: 'asyncio-eager-tasks-gather',
      title: `${n.toLocaleString('en-US')} trivial eager tasks created and gathered`,
      unit: 'tasks/s',
      ours: asyncioTasks(n, true),
      baselines: [native],
    },
  ];
}
