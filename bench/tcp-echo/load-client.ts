/**
 * The load generator, run as its own process (pinned to its own core when possible) so that it
 * does not share a CPU with the server it measures. For each `run` request it opens
 * `connections` connections, keeps `depth` messages of `messageSize` bytes in flight on each
 * (depth 1 is ping-pong), counts the messages echoed back during a window that starts after a
 * warm-up, closes the connections and reports. In ping-pong it also times each round trip.
 */
import net from 'node:net';
import type { ChildMessage, LoadConfig, RunRequest } from './control-messages.js';

/** One run's counters; the read callbacks of its connections update them. */
class LoadRun {
  measuring = false;
  windowMessages = 0;
  totalMessages = 0;
  latencies = new Float64Array(1 << 16);
  latencyCount = 0;
  /** The largest write: every message a connection keeps in flight. */
  readonly payload: Buffer;

  constructor(readonly config: LoadConfig) {
    this.payload = Buffer.alloc(config.messageSize * config.depth, 0x61);
  }

  recordLatency(ms: number): void {
    if (this.latencyCount === this.latencies.length) {
      const bigger = new Float64Array(this.latencies.length * 2);
      bigger.set(this.latencies);
      this.latencies = bigger;
    }
    this.latencies[this.latencyCount++] = ms;
  }

  percentile(p: number): number | null {
    if (this.latencyCount === 0) return null;
    const sorted = this.latencies.subarray(0, this.latencyCount).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }
}

/*
 * The client must be cheaper per message than the servers it measures, or it sets the pace:
 * reads go through `onread` into one shared buffer (no Buffer allocated per read, no readable
 * stream), and a connection sends all the messages it owes in one write.
 */
const readBuffer = Buffer.alloc(64 * 1024);

/** A connected socket, and the function that sends its first window of messages. */
interface Connection {
  socket: net.Socket;
  start(): void;
}

/** Opens one connection that sends, counts whole messages echoed back, and sends again. */
function connect(run: LoadRun): Promise<Connection> {
  const { port, messageSize, depth } = run.config;
  const payload = run.payload;
  return new Promise((resolve, reject) => {
    let partial = 0;
    let sentAt = 0;
    let socket: net.Socket | null = null;
    const onRead = (nread: number): boolean => {
      const bytes = partial + nread;
      const done = Math.floor(bytes / messageSize);
      partial = bytes - done * messageSize;
      if (done === 0) return true;
      run.totalMessages += done;
      if (run.measuring) {
        run.windowMessages += done;
        if (depth === 1) run.recordLatency(performance.now() - sentAt);
      }
      sentAt = performance.now();
      socket!.write(done === depth ? payload : payload.subarray(0, done * messageSize));
      return true;
    };
    socket = net.connect({ host: '127.0.0.1', port, noDelay: true, onread: { buffer: readBuffer, callback: onRead } });
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve({
        socket,
        start() {
          sentAt = performance.now();
          socket.write(payload);
        },
      });
    });
    socket.once('error', reject);
  });
}

const sleep = (seconds: number): Promise<void> => new Promise((r) => setTimeout(r, seconds * 1000));

async function measure(config: LoadConfig): Promise<ChildMessage> {
  const run = new LoadRun(config);
  const all = await Promise.all(Array.from({ length: config.connections }, () => connect(run)));
  for (const connection of all) connection.start();
  await sleep(config.warmupSeconds);
  run.measuring = true;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await sleep(config.durationSeconds);
  run.measuring = false;
  const windowSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  for (const { socket } of all) socket.destroy();
  return {
    type: 'load-result',
    windowMessages: run.windowMessages,
    windowSeconds,
    totalMessages: run.totalMessages,
    p50Ms: config.depth === 1 ? run.percentile(50) : null,
    p99Ms: config.depth === 1 ? run.percentile(99) : null,
    clientCpuShare: (cpu.user + cpu.system) / 1e6 / windowSeconds,
  };
}

process.on('message', (message: RunRequest) => {
  if (message.type !== 'run') return;
  measure(message.config).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      const failed: ChildMessage = { type: 'failed', error: `load client: ${error instanceof Error ? error.message : String(error)}` };
      process.send?.(failed);
    },
  );
});
process.on('disconnect', () => process.exit(0));
const ready: ChildMessage = { type: 'ready' };
process.send?.(ready);
