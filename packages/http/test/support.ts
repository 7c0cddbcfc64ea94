// Shared test helpers: a running NodeEventLoop per test, raw TCP exchanges for exact bytes.
import { connect, type Socket } from 'node:net';
import { NodeEventLoop, type ExceptionContext, type Protocol, type Transport } from '@async/loop';
import { listenHTTP, type HTTPHandler, type HTTPServer, type ListenHTTPOptions } from '@async/http';

/** Runs `body` with a running NodeEventLoop, then stops and closes it. Exceptions reported to the loop are collected. */
export async function withLoop<T>(body: (loop: NodeEventLoop, reported: ExceptionContext[]) => Promise<T>): Promise<T> {
  const loop = new NodeEventLoop();
  const reported: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    reported.push(context);
  });
  const running = loop.runForever();
  try {
    return await body(loop, reported);
  } finally {
    loop.stop();
    await running;
    loop.close();
  }
}

/** Starts a server on 127.0.0.1:0, runs `body`, then closes the server and waits for it. */
export async function withServer<T>(
  handler: HTTPHandler,
  body: (server: HTTPServer, loop: NodeEventLoop, reported: ExceptionContext[]) => Promise<T>,
  options: Omit<ListenHTTPOptions, 'host' | 'port'> = {},
): Promise<T> {
  return withLoop(async (loop, reported) => {
    const server = await listenHTTP(loop, handler, { host: '127.0.0.1', port: 0, ...options });
    try {
      return await body(server, loop, reported);
    } finally {
      server.close();
      server.abortConnections();
      await server.waitClosed();
    }
  });
}

/** A raw TCP client: send bytes, read what comes back. */
export class RawClient {
  readonly socket: Socket;
  private data = '';
  private closed = false;
  private waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.data += chunk;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  send(text: string | Uint8Array): void {
    this.socket.write(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  }

  /** Waits until the received text satisfies `done` (or the socket closes); returns all received so far. */
  async until(done: (text: string) => boolean): Promise<string> {
    while (!done(this.data) && !this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.data;
  }

  /** Waits until the server closes the connection; returns everything received. */
  async untilClosed(): Promise<string> {
    return this.until(() => false);
  }

  /** Waits for `count` complete responses (heads + Content-Length bodies) and returns them. */
  async responses(count: number): Promise<string[]> {
    const text = await this.until((t) => splitResponses(t).length >= count);
    return splitResponses(text);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  take(): string {
    const d = this.data;
    this.data = '';
    return d;
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Splits a stream of Content-Length-framed responses. */
export function splitResponses(text: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const end = text.indexOf('\r\n\r\n', pos);
    if (end < 0) break;
    const head = text.slice(pos, end);
    const match = /content-length: (\d+)/i.exec(head);
    const length = match === null ? 0 : Number(match[1]);
    if (end + 4 + length > text.length) break;
    out.push(text.slice(pos, end + 4 + length));
    pos = end + 4 + length;
  }
  return out;
}

/** Status code of a raw response. */
export function statusOf(response: string): number {
  return Number(response.slice(9, 12));
}

/** A protocol that records what it receives, as latin-1 text, and whether it was lost. */
export class Recorder implements Protocol {
  text = '';
  lost = false;
  transport!: Transport;
  connectionMade(transport: Transport): void {
    this.transport = transport;
  }
  dataReceived(data: Uint8Array): void {
    this.text += Buffer.from(data).toString('latin1');
  }
  connectionLost(): void {
    this.lost = true;
  }
}
