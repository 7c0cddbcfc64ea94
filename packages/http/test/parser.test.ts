// The incremental parser alone: heads, framing, chunked bodies, limits, in every split.
import { describe, expect, it } from 'vitest';
import {
  ChunkedDecoder,
  HTTPMessageParser,
  HTTPParseError,
  parseRequestHead,
  parseResponseHead,
  type RequestHead,
  type ResponseHead,
} from '@async/http';

interface Message {
  head: RequestHead | ResponseHead;
  framing: number;
  body: string;
}

function collector(kind: 'request' | 'response', limits = { maxHeaderSize: 65536, maxBodySize: 1 << 20 }) {
  const messages: Message[] = [];
  let current: Message | null = null;
  const parser = new HTTPMessageParser(kind, {
    onHead(head, framing) {
      current = { head, framing, body: '' };
    },
    onBody(data) {
      current!.body += Buffer.from(data).toString('latin1');
    },
    onMessageComplete() {
      messages.push(current!);
      return true;
    },
  }, limits);
  return { parser, messages };
}

function parseError(run: () => void): HTTPParseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HTTPParseError);
    return error as HTTPParseError;
  }
  throw new Error('expected an HTTPParseError');
}

describe('head parsing', () => {
  it('parses a request line and fields, trimming optional whitespace', () => {
    const head = parseRequestHead('PATCH /a/b?c=d HTTP/1.0\r\nHost:  example.com \r\nX-Empty:\r\nX-Tab:\tv\t');
    expect(head.method).toBe('PATCH');
    expect(head.target).toBe('/a/b?c=d');
    expect(head.versionMinor).toBe(0);
    expect([...head.headers]).toEqual([
      ['Host', 'example.com'],
      ['X-Empty', ''],
      ['X-Tab', 'v'],
    ]);
  });

  it('parses status lines with and without a reason', () => {
    expect(parseResponseHead('HTTP/1.1 404 Not Found').reason).toBe('Not Found');
    const bare = parseResponseHead('HTTP/1.1 200\r\nA: b');
    expect(bare.status).toBe(200);
    expect(bare.reason).toBe('');
    expect(parseError(() => parseResponseHead('HTTP/1.1 099 Low')).status).toBe(400);
    expect(parseError(() => parseResponseHead('HTTP/3.0 200 OK')).status).toBe(505);
    expect(parseError(() => parseResponseHead('ICY 200 OK')).status).toBe(400);
  });
});

describe('HTTPMessageParser', () => {
  const pipeline =
    'POST /1 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello' +
    'POST /2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' +
    'GET /3 HTTP/1.1\r\n\r\n';

  it('parses a pipeline the same way in every split into two pieces', () => {
    for (let cut = 0; cut <= pipeline.length; cut++) {
      const { parser, messages } = collector('request');
      parser.execute(Buffer.from(pipeline.slice(0, cut), 'latin1'));
      parser.execute(Buffer.from(pipeline.slice(cut), 'latin1'));
      expect(messages.map((m) => [(m.head as RequestHead).target, m.body])).toEqual([
        ['/1', 'hello'],
        ['/2', 'abc'],
        ['/3', ''],
      ]);
    }
  });

  it('parses a long head fed one byte at a time, followed by a pipelined request', () => {
    const { parser, messages } = collector('request');
    const text = `GET /long HTTP/1.1\r\nX-Long: ${'v'.repeat(20000)}\r\n\r\nGET /next HTTP/1.1\r\n\r\n`;
    const bytes = Buffer.from(text, 'latin1');
    for (let i = 0; i < bytes.length; i++) parser.execute(bytes.subarray(i, i + 1));
    expect(messages.map((m) => (m.head as RequestHead).target)).toEqual(['/long', '/next']);
    expect(messages[0]!.head.headers.get('x-long')).toHaveLength(20000);
    expect(parser.bufferedSize).toBe(0);
  });

  it('pauses after a message when the sink says so, keeping what follows', () => {
    const targets: string[] = [];
    const parser: HTTPMessageParser<RequestHead> = new HTTPMessageParser<RequestHead>('request', {
      onHead: (head) => targets.push(head.target),
      onBody: () => {},
      onMessageComplete: () => false,
    }, { maxHeaderSize: 1024, maxBodySize: 1024 });
    parser.execute(Buffer.from(pipeline, 'latin1'));
    expect(targets).toEqual(['/1']);
    expect(parser.paused).toBe(true);
    expect(parser.bufferedSize).toBeGreaterThan(0);
    parser.resume();
    expect(targets).toEqual(['/1', '/2']);
    parser.resume();
    expect(targets).toEqual(['/1', '/2', '/3']);
    expect(parser.bufferedSize).toBe(0);
  });

  it('frames responses: HEAD, 204 and 304 have no body; no length means until close', () => {
    const { parser, messages } = collector('response');
    parser.requestMethod = 'HEAD';
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n'));
    parser.requestMethod = 'GET';
    parser.execute(Buffer.from('HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 3\r\n\r\n'));
    parser.execute(Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\n\r\nto the end'));
    expect(messages.map((m) => m.framing)).toEqual([0, 0, 0, 0]);
    parser.finish();
    expect(messages.map((m) => m.body)).toEqual(['', '', '', '', 'to the end']);
    expect(messages[4]!.framing).toBe(-2);
  });

  it('reports a message cut short by the end of the input', () => {
    const { parser } = collector('request');
    parser.execute(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc'));
    expect(parseError(() => parser.finish()).message).toMatch(/middle of a message body/);
    const head = collector('request');
    head.parser.execute(Buffer.from('GET / HTT'));
    expect(parseError(() => head.parser.finish()).message).toMatch(/middle of a message head/);
    const clean = collector('request');
    clean.parser.execute(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    clean.parser.finish();
    expect(clean.messages).toHaveLength(1);
  });

  it('is dead after an error and ignores more input', () => {
    const { parser, messages } = collector('request');
    expect(() => parser.execute(Buffer.from('BAD LINE\r\n\r\n'))).toThrow(HTTPParseError);
    parser.execute(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    parser.finish();
    expect(messages).toHaveLength(0);
  });

  it('applies the header limit to the whole head and the body limit to chunked bodies', () => {
    const small = collector('request', { maxHeaderSize: 64, maxBodySize: 10 });
    expect(parseError(() => small.parser.execute(Buffer.from(`GET / HTTP/1.1\r\nX: ${'a'.repeat(60)}\r\n\r\n`))).status).toBe(431);
    const body = collector('request', { maxHeaderSize: 64, maxBodySize: 10 });
    expect(parseError(() => body.parser.execute(Buffer.from('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\n'))).status).toBe(413);
    const declared = collector('request', { maxHeaderSize: 64, maxBodySize: 10 });
    expect(parseError(() => declared.parser.execute(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n'))).status).toBe(413);
    const close = collector('response', { maxHeaderSize: 64, maxBodySize: 10 });
    expect(parseError(() => close.parser.execute(Buffer.from('HTTP/1.0 200 OK\r\n\r\n0123456789a'))).status).toBe(413);
  });
});

describe('ChunkedDecoder', () => {
  it('decodes sizes in any case with extensions, and keeps trailers', () => {
    const decoder = new ChunkedDecoder(1000, 1000);
    const input = Buffer.from('A;name=value\r\n0123456789\r\nf \t;x\r\n0123456789abcde\r\n0\r\nT1: a\r\nT2: b\r\n\r\nNEXT');
    let out = '';
    const used = decoder.decode(input, (d) => (out += Buffer.from(d).toString()));
    expect(out).toBe('01234567890123456789abcde');
    expect(decoder.done).toBe(true);
    expect(input.subarray(used).toString()).toBe('NEXT');
    expect([...decoder.trailers!]).toEqual([
      ['T1', 'a'],
      ['T2', 'b'],
    ]);
  });

  it('decodes the same in any split, byte by byte included', () => {
    const text = '5\r\nhello\r\n0\r\nTrailer: x\r\n\r\n';
    for (let size = 1; size <= text.length; size++) {
      const decoder = new ChunkedDecoder(1000, 1000);
      let out = '';
      for (let i = 0; i < text.length && !decoder.done; i += size) {
        decoder.decode(Buffer.from(text.slice(i, i + size)), (d) => (out += Buffer.from(d).toString()));
      }
      expect(out).toBe('hello');
      expect(decoder.done).toBe(true);
      expect(decoder.trailers?.get('trailer')).toBe('x');
    }
  });

  for (const [name, text] of [
    ['an empty size', '\r\n'],
    ['a negative size', '-1\r\n'],
    ['a size with 0x', '0x1\r\n'],
    ['a leading space', ' 1\r\na\r\n'],
    ['a size over 15 hex digits', '1000000000000000\r\n'],
    ['a bare LF after the size', '1\na\r\n'],
    ['data not followed by CRLF', '1\r\nab\r\n'],
    ['a CR in an extension', '1;a\rb\r\nx\r\n'],
    ['a bad trailer', '0\r\nBad Trailer: x\r\n\r\n'],
  ] as const) {
    it(`refuses ${name}`, () => {
      const decoder = new ChunkedDecoder(1 << 20, 1000);
      expect(() => decoder.decode(Buffer.from(text, 'latin1'), () => {})).toThrow(HTTPParseError);
    });
  }

  it('limits the size line and the trailer section', () => {
    expect(() => new ChunkedDecoder(100, 100).decode(Buffer.from(`1;${'x'.repeat(5000)}`), () => {})).toThrow(/size line/);
    const trailers = new ChunkedDecoder(100, 20);
    expect(parseError(() => trailers.decode(Buffer.from(`0\r\nX: ${'y'.repeat(30)}\r\n\r\n`), () => {})).status).toBe(431);
  });
});
