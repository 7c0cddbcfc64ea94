// Property tests of the parser: whatever the input, it throws nothing but HTTPParseError, never
// accepts an ambiguous framing, and parses the same however the input is split or cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HTTPMessageParser, HTTPParseError } from '@async/http';

const LIMITS = { maxHeaderSize: 4096, maxBodySize: 1 << 16 };

interface Parsed {
  heads: string[];
  body: string;
  error: unknown;
}

function run(kind: 'request' | 'response', pieces: Uint8Array[], finish: boolean): Parsed {
  const out: Parsed = { heads: [], body: '', error: null };
  const parser = new HTTPMessageParser(kind, {
    onHead(head) {
      out.heads.push('method' in head ? `${head.method} ${head.target}` : String(head.status));
    },
    onBody(data) {
      out.body += Buffer.from(data).toString('latin1');
    },
    onMessageComplete() {
      out.heads.push('|');
      return true;
    },
  }, LIMITS);
  try {
    for (const piece of pieces) parser.execute(piece);
    if (finish) parser.finish();
  } catch (error) {
    out.error = error;
  }
  return out;
}

/** Splits `bytes` at the given cut points. */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    pieces.push(bytes.subarray(last, p));
    last = p;
  }
  pieces.push(bytes.subarray(last));
  return pieces;
}

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/);
const value = fc.stringMatching(/^[ -~]{0,20}$/).map((v) => v.trim());
const bodyText = fc.stringMatching(/^[a-z0-9]{0,40}$/);

/** A valid request: method, target, a few headers, a body framed by length or chunks. */
const validRequest = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
    path: fc.stringMatching(/^\/[a-z0-9/?=&]{0,20}$/),
    headers: fc.array(fc.tuple(token, value), { maxLength: 4 }),
    body: bodyText,
    chunked: fc.boolean(),
    chunkSize: fc.integer({ min: 1, max: 7 }),
  })
  .map(({ method, path, headers, body, chunked, chunkSize }) => {
    const fields = headers.filter(([n]) => !/^(content-length|transfer-encoding|expect)$/i.test(n));
    let text = `${method} ${path} HTTP/1.1\r\n`;
    for (const [n, v] of fields) text += `${n}: ${v}\r\n`;
    if (chunked) {
      text += 'Transfer-Encoding: chunked\r\n\r\n';
      for (let i = 0; i < body.length; i += chunkSize) {
        const piece = body.slice(i, i + chunkSize);
        text += `${piece.length.toString(16)}\r\n${piece}\r\n`;
      }
      text += '0\r\n\r\n';
    } else {
      text += `Content-Length: ${body.length}\r\n\r\n${body}`;
    }
    return { text, head: `${method} ${path}`, body };
  });

describe('parser properties', () => {
  it('throws nothing but HTTPParseError on random bytes, as requests and as responses', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 5 }), (bytes, cuts) => {
        for (const kind of ['request', 'response'] as const) {
          const result = run(kind, split(Buffer.from(bytes), cuts), true);
          if (result.error !== null) expect(result.error).toBeInstanceOf(HTTPParseError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('throws nothing but HTTPParseError on mutated valid requests', () => {
    fc.assert(
      fc.property(
        fc.array(validRequest, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (requests, mutations) => {
          const bytes = Buffer.from(requests.map((r) => r.text).join(''), 'latin1');
          for (const [at, byte] of mutations) bytes[at % bytes.length] = byte;
          const result = run('request', [bytes], true);
          if (result.error !== null) expect(result.error).toBeInstanceOf(HTTPParseError);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parses valid pipelines the same in any split', () => {
    fc.assert(
      fc.property(fc.array(validRequest, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 8 }), (requests, cuts) => {
        const bytes = Buffer.from(requests.map((r) => r.text).join(''), 'latin1');
        const result = run('request', split(bytes, cuts), true);
        expect(result.error).toBeNull();
        expect(result.heads).toEqual(requests.flatMap((r) => [r.head, '|']));
        expect(result.body).toBe(requests.map((r) => r.body).join(''));
      }),
      { numRuns: 200 },
    );
  });

  it('on a truncated pipeline, gives a prefix of the messages and then a typed error or nothing', () => {
    fc.assert(
      fc.property(fc.array(validRequest, { minLength: 1, maxLength: 3 }), fc.nat(), (requests, cut) => {
        const full = requests.map((r) => r.text).join('');
        const bytes = Buffer.from(full.slice(0, cut % (full.length + 1)), 'latin1');
        const result = run('request', [bytes], true);
        if (result.error !== null) expect(result.error).toBeInstanceOf(HTTPParseError);
        const expected = requests.flatMap((r) => [r.head, '|']);
        expect(expected.slice(0, result.heads.length)).toEqual(result.heads);
        expect(requests.map((r) => r.body).join('').startsWith(result.body)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never accepts a request with both Content-Length and Transfer-Encoding, or two Content-Lengths', () => {
    const casing = (name: string) =>
      fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((upper) =>
        [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''),
      );
    const space = fc.constantFrom('', ' ', '\t', '  ');
    fc.assert(
      fc.property(
        casing('content-length'),
        casing('transfer-encoding'),
        casing('content-length'),
        space,
        space,
        fc.constantFrom('chunked', 'Chunked', 'gzip, chunked', 'chunked, chunked', 'identity', ''),
        fc.nat(20),
        fc.nat(20),
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.tuple(token, value), { maxLength: 3 }),
        (cl, te, cl2, s1, s2, coding, length, length2, shape, others) => {
          const fields = others.filter(([n]) => !/^(content-length|transfer-encoding|expect)$/i.test(n)).map(([n, v]) => `${n}: ${v}`);
          const smuggled =
            shape === 0
              ? [`${cl}:${s1}${length}${s2}`, `${te}:${s1}${coding}${s2}`]
              : shape === 1
                ? [`${te}:${s1}${coding}${s2}`, `${cl}:${s1}${length}${s2}`]
                : [`${cl}:${s1}${length}${s2}`, `${cl2}:${s2}${length2}${s1}`];
          fields.splice(fields.length >> 1, 0, ...smuggled);
          const text = `POST / HTTP/1.1\r\n${fields.join('\r\n')}\r\n\r\n${'x'.repeat(40)}`;
          const result = run('request', [Buffer.from(text, 'latin1')], false);
          expect(result.error).toBeInstanceOf(HTTPParseError);
          expect(result.heads).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
