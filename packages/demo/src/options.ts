/**
 * The demo's command line: what to fetch, how many pages, how slow the embedded server is, and
 * how to print the result. Bad input is a `DemoUsageError`, whose message says what to type.
 */

/** What the demo was asked to do. */
export interface DemoOptions {
  /** Fetch this URL instead of starting the embedded server. */
  url: string | undefined;
  /** The page counts to measure, in order (the talk used 1 and 5). */
  counts: number[];
  /** The embedded server's delay before each answer, in seconds. */
  delay: number;
  /** The embedded server's port on 127.0.0.1 (0: any free port). */
  port: number;
  /** Print JSON instead of the table. */
  json: boolean;
  /** Print the usage and exit. */
  help: boolean;
}

/** A command line the demo cannot run; the message says what to change. */
export class DemoUsageError extends Error {
  override name = 'DemoUsageError';
}

/** The usage text printed by `--help` and after a usage error. */
export const USAGE = `usage: npm run demo -- [options]

Fetches N pages sequentially (the talk's urllib loop), then concurrently with each front
(Twisted DeferredList, gevent spawn/joinall, Tornado AsyncHTTPClient, asyncio gather), then
with all four fronts at once on one shared loop, and prints the wall times.

options:
  --n 1,5,50       page counts to measure (default 1,5,50)
  --delay 0.2      the embedded server's delay per request, in seconds (default 0.2)
  --port 0         the embedded server's port on 127.0.0.1 (default 0: any free port)
  --url URL        fetch URL instead of starting the embedded server
  --json           print the results as JSON
  --help           print this text`;

const DEFAULTS: DemoOptions = { url: undefined, counts: [1, 5, 50], delay: 0.2, port: 0, json: false, help: false };

/** Parses `argv` (without the node and script arguments). @throws DemoUsageError */
export function parseOptions(argv: readonly string[]): DemoOptions {
  const options: DemoOptions = { ...DEFAULTS, counts: [...DEFAULTS.counts] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg, '=') : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new DemoUsageError(`${flag} needs a value: see --help`);
      return v;
    };
    switch (flag) {
      case '--n':
        options.counts = parseCounts(value());
        break;
      case '--delay':
        options.delay = parseNumber('--delay', value(), 0, 60);
        break;
      case '--port':
        options.port = parseNumber('--port', value(), 0, 65535, true);
        break;
      case '--url':
        options.url = parseUrl(value());
        break;
      case '--json':
        options.json = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new DemoUsageError(`unknown option ${JSON.stringify(arg)}: see --help for the options`);
    }
  }
  return options;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + 1)];
}

function parseCounts(text: string): number[] {
  const counts = text.split(',').map((part) => parseNumber('--n', part.trim(), 1, 10_000, true));
  if (counts.length === 0) throw new DemoUsageError('--n needs at least one page count, such as --n 1,5,50');
  return counts;
}

function parseNumber(flag: string, text: string, min: number, max: number, integer = false): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'a whole number' : 'a number';
    throw new DemoUsageError(`${flag} must be ${kind} from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function parseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DemoUsageError(`--url must be an absolute http:// or https:// URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DemoUsageError(`--url must be an http:// or https:// URL, got ${JSON.stringify(text)}`);
  }
  return url.href;
}
