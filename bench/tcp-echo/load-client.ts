/**
 * The load generator, run as its own process (pinned to its own core when possible) so that it
 * does not share a CPU with the server it measures. For each `run` request it opens
 * `connections` connections, keeps `depth` messages of `messageSize` bytes in flight on each
 * (depth 1 is ping-pong), counts the messages echoed back during a window that starts after a
 * warm-up, closes the connections and reports. In ping-pong it also times each round trip.
 * In HTTP mode the messages are keep-alive requests and the replies responses of one fixed size
 * (a hello-world's, `Date` included), learnt from a first request.
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
  /** Bytes of one message sent, and of one reply. */
  readonly writeSize: number;

  constructor(readonly config: LoadConfig, readonly readSize: number) {
    const message = config.httpRequest === undefined ? Buffer.alloc(config.messageSize, 0x61) : Buffer.from(config.httpRequest, 'latin1');
    this.writeSize = message.length;
    this.payload = Buffer.concat(Array.from({ length: config.depth }, () => message));
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
  const { port, depth } = run.config;
  const { payload, readSize, writeSize } = run;
  return new Promise((resolve, reject) => {
    let partial = 0;
    let sentAt = 0;
    let socket: net.Socket | null = null;
    const onRead = (nread: number): boolean => {
      const bytes = partial + nread;
      const done = Math.floor(bytes / readSize);
      partial = bytes - done * readSize;
      if (done === 0) return true;
      run.totalMessages += done;
      if (run.measuring) {
        run.windowMessages += done;
        if (depth === 1) run.recordLatency(performance.now() - sentAt);
      }
      sentAt = performance.now();
      socket!.write(done === depth ? payload : payload.subarray(0, done * writeSize));
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

const CONCURRENT_CONNECTS = 200;

function tell(message: ChildMessage): void {
  process.send?.(message);
}

const sleep = (seconds: number): Promise<void> => new Promise((r) => setTimeout(r, seconds * 1000));

/** The size of one whole HTTP response (head and Content-Length body) at the start of `data`, or null. */
function responseSize(data: Buffer): number | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const length = /^content-length:\s*(\d+)\s*$/im.exec(data.subarray(0, end).toString('latin1'));
  if (length === null) throw new Error('the server answered without Content-Length: its responses cannot be counted by size');
  const size = end + 4 + Number(length[1]);
  return data.length >= size ? size : null;
}

/** Sends `request` twice on one connection and returns the size of a response. */
function probeResponseSize(port: number, request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sizes: number[] = [];
    let received = Buffer.alloc(0);
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true }, () => socket.write(request, 'latin1'));
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      let size: number | null;
      try {
        size = responseSize(received);
      } catch (error) {
        socket.destroy();
        reject(error as Error);
        return;
      }
      if (size === null) return;
      sizes.push(size);
      received = received.subarray(size);
      if (sizes.length === 1) {
        socket.write(request, 'latin1');
      } else {
        socket.destroy();
        if (sizes[0] === sizes[1]) resolve(size);
        else reject(new Error(`the server's responses vary in size (${sizes.join(', ')} bytes): they cannot be counted by size`));
      }
    });
    socket.once('error', reject);
  });
}

async function measure(config: LoadConfig): Promise<ChildMessage> {
  const readSize = config.httpRequest === undefined ? config.messageSize : await probeResponseSize(config.port, config.httpRequest);
  const run = new LoadRun(config, readSize);
  // A few hundred connects at a time: more would overflow the server's accept queue and wait
  // for SYN retransmits (a second each), which is not what is measured.
  const all: Connection[] = [];
  while (all.length < config.connections) {
    const batch = Math.min(CONCURRENT_CONNECTS, config.connections - all.length);
    all.push(...(await Promise.all(Array.from({ length: batch }, () => connect(run)))));
  }
  for (const connection of all) connection.start();
  await sleep(config.warmupSeconds);
  tell({ type: 'window', phase: 'start' });
  run.measuring = true;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await sleep(config.durationSeconds);
  run.measuring = false;
  const windowSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  tell({ type: 'window', phase: 'end' });
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
