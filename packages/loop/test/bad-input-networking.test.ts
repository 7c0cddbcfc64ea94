import { afterEach, describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  LoopClosedError,
  NodeEventLoop,
  checkBytes,
  checkWriteBufferLimits,
} from '@async/loop';

let loop: NodeEventLoop;
afterEach(() => {
  if (!loop.isClosed()) loop.close();
});

const noProtocol = () => ({});

describe('NodeEventLoop networking: bad input is rejected at once, with a message that says what to do', () => {
  it.each([
    [null, /options must be an object/],
    [{}, /needs host and port \(or path for a UNIX socket\); host is missing/],
    [{ host: '127.0.0.1' }, /port is missing/],
    [{ host: '127.0.0.1', port: 0 }, /port must be an integer from 1 to 65535, got number 0/],
    [{ host: '127.0.0.1', port: 70000 }, /port must be an integer from 1 to 65535/],
    [{ host: '127.0.0.1', port: '80' }, /port must be an integer .* got the string "80"/],
    [{ host: 'http://example.com', port: 80 }, /host must be a host name or an IP address/],
    [{ host: '', port: 80 }, /host must be a non-empty string/],
    [{ path: '/tmp/a.sock', port: 80 }, /either path or host and port, not both \(got path and port\)/],
    [{ host: 'a', port: 80, ssl: true }, /unknown option "ssl" \(did you mean tls\?\)/],
    [{ host: 'a', port: 80, bogus: 1 }, /unknown option "bogus"; known options: host, port/],
    [{ host: 'a', port: 80, tls: 1 }, /tls must be true, false or an object/],
    [{ host: 'a', port: 80, serverHostname: 'b' }, /serverHostname is only meaningful with tls/],
    [{ host: 'a', port: 80, family: 5 }, /family must be 0, 4 or 6/],
    [{ host: 'a', port: 80, localAddress: 'my-host' }, /localAddress must be an IP address/],
    [{ host: 'a', port: 80, localPort: -1 }, /localPort must be an integer from 0 to 65535/],
    [{ host: 'a', port: 80, timeout: 0 }, /timeout must be a positive number of seconds/],
    [{ host: 'a', port: 80, noDelay: 1 }, /noDelay must be true or false/],
  ])('createConnection(%j) throws InvalidArgumentError', (options, message) => {
    loop = new NodeEventLoop();
    let error: unknown;
    try {
      loop.createConnection(noProtocol, options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    [undefined, /options must be an object/],
    [{}, /needs port \(0 picks a free one\) or path/],
    [{ port: -1 }, /port must be an integer from 0 to 65535 \(0 picks a free port\)/],
    [{ port: 0, host: 'a b' }, /host must be a host name or an IP address/],
    [{ path: '/tmp/a.sock', host: 'a' }, /either path or host and port/],
    [{ port: 0, tls: true }, /tls must be an object of node:tls server options/],
    [{ port: 0, tls: { ca: 'x' } }, /tls needs a certificate: give key and cert/],
    [{ port: 0, backlog: 1.5 }, /backlog must be a non-negative integer/],
    [{ port: 0, startServing: 'yes' }, /startServing must be true or false/],
    [{ port: 0, ipv6Only: 1 }, /ipv6Only must be true or false/],
    [{ port: 0, tlsHandshakeTimeout: 5 }, /tlsHandshakeTimeout is only meaningful with tls/],
    [{ port: 0, start_serving: false }, /unknown option "start_serving" \(did you mean startServing\?\)/],
  ])('createServer(%j) throws InvalidArgumentError', (options, message) => {
    loop = new NodeEventLoop();
    expect(() => loop.createServer(noProtocol, options as never)).toThrow(InvalidArgumentError);
    expect(() => loop.createServer(noProtocol, options as never)).toThrow(message);
  });

  it('wants a protocol factory function', () => {
    loop = new NodeEventLoop();
    expect(() => loop.createConnection({} as never, { host: 'a', port: 1 })).toThrow(
      /createConnection\(\) needs a protocol factory .* got an object/,
    );
    expect(() => loop.createServer('echo' as never, { port: 0 })).toThrow(InvalidArgumentError);
  });

  it('refuses to network on a closed loop', () => {
    loop = new NodeEventLoop();
    loop.close();
    expect(() => loop.createConnection(noProtocol, { host: '127.0.0.1', port: 1 })).toThrow(LoopClosedError);
    expect(() => loop.createServer(noProtocol, { port: 0 })).toThrow(LoopClosedError);
  });

  it('says how to write text when given a string instead of bytes', () => {
    expect(() => checkBytes('hello', 'write(data)')).toThrow(/needs bytes .* got the string "hello"; encode text first/);
    expect(() => checkBytes(new Uint16Array(2), 'write(data)')).toThrow(InvalidArgumentError);
    expect(() => checkBytes(Buffer.from('ok'), 'write(data)')).not.toThrow();
  });

  it('checks write-buffer limits as asyncio does', () => {
    expect(checkWriteBufferLimits(undefined, undefined)).toEqual([65536, 16384]);
    expect(checkWriteBufferLimits(1001, undefined)).toEqual([1001, 250]);
    expect(() => checkWriteBufferLimits(10, 20)).toThrow(/needs high >= low >= 0, got high 10 and low 20/);
    expect(() => checkWriteBufferLimits(Infinity, undefined)).toThrow(/must be a non-negative number of bytes/);
  });
});
