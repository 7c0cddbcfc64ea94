/**
 * The line that shows what the demo is doing while it runs. It is drawn on standard error and
 * only on a terminal, so the table and the JSON on standard output stay clean when piped.
 */
import type { Style } from './report.js';

/** Reports fetched pages as they arrive. */
export interface Progress {
  /** A new measurement starts: `total` pages in the `style` way. */
  start(style: Style, total: number): void;
  /** One more page arrived. */
  page(): void;
  /** Erases the line. */
  done(): void;
}

/** A progress line redrawn in place on `stream`, at most every 50 ms. */
export class TerminalProgress implements Progress {
  private label = '';
  private total = 0;
  private fetched = 0;
  private lastDraw = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(style: Style, total: number): void {
    this.label = style;
    this.total = total;
    this.fetched = 0;
    this.draw(true);
  }

  page(): void {
    this.fetched++;
    this.draw(this.fetched === this.total);
  }

  done(): void {
    this.stream.write('\r\x1b[K');
  }

  private draw(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < 50) return;
    this.lastDraw = now;
    const width = 20;
    const filled = this.total === 0 ? width : Math.round((this.fetched / this.total) * width);
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    this.stream.write(`\r\x1b[K${this.label.padEnd(10)} [${bar}] ${this.fetched}/${this.total} pages`);
  }
}

/** Shows nothing: for pipes, files and tests. */
export const silentProgress: Progress = { start() {}, page() {}, done() {} };

/** A terminal progress line when `stream` is a terminal, otherwise nothing. */
export function progressFor(stream: NodeJS.WriteStream): Progress {
  return stream.isTTY ? new TerminalProgress(stream) : silentProgress;
}
