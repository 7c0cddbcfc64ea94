/**
 * Starting the benchmark's helper processes (echo servers, load clients): each is Node with the
 * `tsx` loader (or, for the Python originals' servers, /usr/bin/python3), optionally pinned to
 * one core with `taskset` and with its soft file-descriptor limit raised to the hard limit
 * (through `sh -c 'ulimit -n ...; exec ...'`). Requests and replies go over Node's IPC channel;
 * a Python server only reports where it listens, as one JSON line on stdout, and exits when its
 * stdin closes. `stop()` ends the process and waits for it to be gone.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ChildMessage } from './control-messages.js';

/** The interpreter the Python servers run on: Debian's, where its framework packages go. */
export const PYTHON = '/usr/bin/python3';

const TSX_LOADER = import.meta.resolve('tsx');

/** The cores for the server and the client, or null when the processes cannot be pinned. */
export function pinningCores(): { server: number; client: number } | null {
  if (os.availableParallelism() < 2) return null;
  const works = (core: number): boolean => spawnSync('taskset', ['-c', String(core), 'true']).status === 0;
  return works(0) && works(1) ? { server: 0, client: 1 } : null;
}

/** How to start a helper process. */
export interface ChildOptions {
  /**
   * The script, as a URL relative to this module (e.g. `./raw-echo-server.ts`, or
   * `../python/twisted_protocol_echo.py` with `python`).
   */
  script: string;
  /** Run the script with /usr/bin/python3 and these arguments instead of Node. */
  python?: readonly string[];
  /** Pin to this core, or run anywhere when null. */
  core: number | null;
  /** Raise the soft file-descriptor limit to the hard limit first. */
  raiseFdLimit?: boolean;
  /** Extra flags for node (V8 heap settings). */
  nodeFlags?: readonly string[];
}

type Waiter = { type: ChildMessage['type']; resolve: (m: ChildMessage) => void; reject: (e: Error) => void };

/** A running helper process. */
export class BenchChild {
  private readonly child: ChildProcess;
  private readonly inbox: ChildMessage[] = [];
  private readonly waiters: Waiter[] = [];
  private exited = false;
  private readonly exit: Promise<void>;

  constructor(readonly name: string, options: ChildOptions) {
    const script = fileURLToPath(new URL(options.script, import.meta.url));
    let command =
      options.python === undefined
        ? [process.execPath, ...(options.nodeFlags ?? []), '--import', TSX_LOADER, script]
        : [PYTHON, script, ...options.python];
    if (options.core !== null) command = ['taskset', '-c', String(options.core), ...command];
    if (options.raiseFdLimit) {
      command = ['sh', '-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', ...command];
    }
    if (options.python === undefined) {
      this.child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      this.child.on('message', (message: ChildMessage) => this.deliver(message));
    } else {
      this.child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'], cwd: dirname(script) });
      // A server that died first makes closing its stdin fail with EPIPE: nothing to report.
      this.child.stdin!.on('error', () => {});
      createInterface({ input: this.child.stdout! }).on('line', (line) => {
        try {
          this.deliver(JSON.parse(line) as ChildMessage);
        } catch {
          process.stderr.write(`${this.name}: ${line}\n`);
        }
      });
    }
    this.exit = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        const why = new Error(`${this.name} exited (${signal ?? `code ${code}`}) before answering`);
        for (const waiter of this.waiters.splice(0)) waiter.reject(why);
        resolve();
      });
    });
  }

  private deliver(message: ChildMessage): void {
    const i = this.waiters.findIndex((w) => w.type === message.type || message.type === 'failed');
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(message);
    else this.inbox.push(message);
  }

  /** Waits for the next message of `type` (or a `failed` message, which becomes an error). */
  async next<T extends ChildMessage['type']>(type: T, timeoutSeconds: number): Promise<Extract<ChildMessage, { type: T }>> {
    const i = this.inbox.findIndex((m) => m.type === type || m.type === 'failed');
    let message: ChildMessage;
    if (i >= 0) {
      message = this.inbox.splice(i, 1)[0]!;
    } else {
      if (this.exited) throw new Error(`${this.name} is not running`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      message = await new Promise<ChildMessage>((resolve, reject) => {
        const waiter: Waiter = { type, resolve, reject };
        this.waiters.push(waiter);
        timer = setTimeout(() => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(new Error(`${this.name} sent no "${type}" within ${timeoutSeconds} s`));
        }, timeoutSeconds * 1000);
      }).finally(() => clearTimeout(timer));
    }
    if (message.type === 'failed') throw new Error(`${this.name} failed: ${message.error}`);
    return message as Extract<ChildMessage, { type: T }>;
  }

  /** Sends a message to the process (Node helpers only: Python servers take no requests). */
  send(message: object): void {
    if (!this.exited && this.child.connected) this.child.send(message);
  }

  /** The process id (the pinned program's own: `sh` and `taskset` exec it). */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves once the process has exited (by itself or after `stop()`). */
  whenExited(): Promise<void> {
    return this.exit;
  }

  /**
   * Ends the process and waits until it is gone: closing the IPC channel (or a Python server's
   * stdin) makes every helper exit by itself; SIGTERM follows after 2 s, and SIGKILL 2 s after that.
   */
  async stop(): Promise<void> {
    if (this.exited) return;
    if (this.child.connected) this.child.disconnect();
    this.child.stdin?.end();
    const terminate = setTimeout(() => this.child.kill('SIGTERM'), 2000);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 4000);
    await this.exit;
    clearTimeout(terminate);
    clearTimeout(kill);
  }
}
