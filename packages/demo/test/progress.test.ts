import { describe, expect, it } from 'vitest';
import { TerminalProgress, progressFor, silentProgress } from '../src/progress.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const stream = {
    isTTY,
    text: '',
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

describe('progress', () => {
  it('draws a bar in place on a terminal and erases it when done', () => {
    const stream = fakeStream(true);
    const progress = progressFor(stream);
    expect(progress).toBeInstanceOf(TerminalProgress);
    progress.start('gevent', 2);
    progress.page();
    progress.page(); // the last page is always drawn
    progress.done();
    const frames = stream.text.split('\r\x1b[K');
    expect(frames[1]).toBe(`gevent     [${'.'.repeat(20)}] 0/2 pages`);
    expect(frames.at(-2)).toBe(`gevent     [${'#'.repeat(20)}] 2/2 pages`);
    expect(frames.at(-1)).toBe('');
  });

  it('shows nothing when the stream is not a terminal', () => {
    expect(progressFor(fakeStream(false))).toBe(silentProgress);
  });
});
