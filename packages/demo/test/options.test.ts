import { describe, expect, it } from 'vitest';
import { DemoUsageError, parseOptions } from '../src/options.js';

describe('parseOptions', () => {
  it('has the documented defaults', () => {
    expect(parseOptions([])).toEqual({ url: undefined, counts: [1, 5, 50], delay: 0.2, port: 0, json: false, help: false });
  });

  it('reads every option, in both --flag value and --flag=value forms', () => {
    expect(parseOptions(['--n', '2,3', '--delay=0.05', '--port', '8080', '--json', '--url=http://example.com/x'])).toEqual({
      url: 'http://example.com/x',
      counts: [2, 3],
      delay: 0.05,
      port: 8080,
      json: true,
      help: false,
    });
    expect(parseOptions(['--help']).help).toBe(true);
    expect(parseOptions(['-h']).help).toBe(true);
  });

  it.each([
    [['--n', '0'], /--n must be a whole number from 1/],
    [['--n', '1,x'], /--n must be a whole number/],
    [['--n', '2.5'], /--n must be a whole number/],
    [['--delay', '-1'], /--delay must be a number from 0 to 60, got "-1"/],
    [['--delay', 'soon'], /--delay must be a number/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--url', 'example.com'], /--url must be an absolute http/],
    [['--url', 'ftp://example.com/'], /--url must be an http:\/\/ or https:\/\/ URL/],
    [['--delay'], /--delay needs a value/],
    [['--fast'], /unknown option "--fast"/],
  ])('rejects %j with a DemoUsageError that says what to change', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(DemoUsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });
});
