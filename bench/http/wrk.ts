/**
 * `wrk`, the HTTP load generator the HTTP hello-world benchmark drives its servers with: finding
 * it (and installing Debian's package when the bench runs as root), running it pinned to the
 * client's core, and reading its report (`--latency`: requests/s, p50 and p99). Its CPU time is
 * taken from the shell that starts it (`times` gives the children's user and system time), since
 * a process that has exited can no longer be read in /proc.
 */
import { spawn, spawnSync } from 'node:child_process';
import { aptGetInstall, canInstallPackages } from '../tcp-echo/apt-get.js';

/** Whether wrk can be run, its version, and why not when it cannot. */
export type WrkAvailability = { available: true; version: string } | { available: false; reason: string };

/** What one wrk run reported. */
export interface WrkReport {
  /** Responses received during the run. */
  requests: number;
  /** The run's length as wrk measured it. */
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status other than 2xx or 3xx. */
  non2xx: number;
  /** wrk's "Socket errors" line (connect, read, write, timeout), or null when there were none. */
  socketErrors: string | null;
}

/** The Debian package that provides wrk. */
export const WRK_PACKAGE = 'wrk';

/** wrk's version when it runs (`wrk -v` prints "wrk 4.1.0 [epoll] …"), else null. */
function wrkVersion(): string | null {
  const result = spawnSync('wrk', ['-v'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error !== undefined) return null;
  const match = /^wrk (\S+)/m.exec(`${result.stdout}${result.stderr}`);
  return match === null ? null : match[1]!;
}

/**
 * Finds wrk; when it is missing and `install` is true, installs Debian's package if the bench
 * runs as root. Says why when wrk cannot be had.
 */
export function prepareWrk(install: boolean, progress: (line: string) => void): WrkAvailability {
  const found = wrkVersion();
  if (found !== null) return { available: true, version: found };
  if (!install) return { available: false, reason: `wrk is not installed (a full run installs it when run as root: apt-get install -y ${WRK_PACKAGE})` };
  if (!canInstallPackages()) return { available: false, reason: `wrk is not installed and the bench is not root (apt-get install -y ${WRK_PACKAGE})` };
  if (!aptGetInstall([WRK_PACKAGE], progress)) return { available: false, reason: `apt-get install -y ${WRK_PACKAGE} failed` };
  const installed = wrkVersion();
  return installed === null ? { available: false, reason: `wrk does not run after apt-get install -y ${WRK_PACKAGE}` } : { available: true, version: installed };
}

const TIME_UNITS: Record<string, number> = { us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** A wrk duration ("845.00us", "1.10ms", "2.00s") in milliseconds. */
function milliseconds(value: string, unit: string): number {
  const scale = TIME_UNITS[unit];
  if (scale === undefined) throw new Error(`wrk printed a time in an unknown unit: ${value}${unit}`);
  return Number(value) * scale;
}

/** Reads the report `wrk --latency` prints. @throws Error when a figure is missing. */
export function parseWrkReport(text: string): WrkReport {
  const find = (pattern: RegExp, what: string): RegExpExecArray => {
    const match = pattern.exec(text);
    if (match === null) throw new Error(`wrk's report has no ${what}: ${text.trim().split('\n').slice(-3).join(' / ')}`);
    return match;
  };
  const percentile = (p: number): number => {
    const match = find(new RegExp(`^\\s*${p}(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm'), `${p}% latency (is --latency missing?)`);
    return milliseconds(match[1]!, match[2]!);
  };
  const summary = find(/^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h),/m, '"N requests in T" line');
  const socketErrors = /^\s*Socket errors: (.*)$/m.exec(text);
  return {
    requests: Number(summary[1]),
    seconds: milliseconds(summary[2]!, summary[3]!) / 1000,
    requestsPerSecond: Number(find(/^Requests\/sec:\s+([\d.]+)/m, 'Requests/sec line')[1]),
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    non2xx: Number(/^\s*Non-2xx or 3xx responses: (\d+)/m.exec(text)?.[1] ?? 0),
    socketErrors: socketErrors === null ? null : socketErrors[1]!.trim(),
  };
}

/**
 * The children's CPU seconds (user + system) from the second line of the shell's `times`
 * ("0m1.234s 0m0.456s"; dash prints more decimals than bash), or null if it is not there.
 */
export function parseChildTimes(text: string): number | null {
  const lines = [...text.matchAll(/^(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s\s*$/gm)];
  const children = lines.at(-1);
  if (lines.length < 2 || children === undefined) return null;
  return Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4]);
}

/** One run of wrk against 127.0.0.1:`port`. */
export interface WrkRunOptions {
  port: number;
  connections: number;
  /** Whole seconds (wrk takes no fractions); at least 1. */
  seconds: number;
  /** Pin wrk to this core, or run it anywhere when null. */
  core: number | null;
}

/** wrk's report, with its own CPU time over the run as a share of one core (null if unknown). */
export interface WrkRun extends WrkReport {
  cpuShare: number | null;
}

/**
 * Runs `wrk -t1 -c<connections> -d<seconds>s --latency http://127.0.0.1:<port>/` (one thread: the
 * servers are single-threaded and the client gets one core, as the servers do) and reads its report.
 * @throws Error when wrk fails or prints no report.
 */
export function runWrk(options: WrkRunOptions): Promise<WrkRun> {
  const seconds = Math.max(1, Math.round(options.seconds));
  let command = ['wrk', '-t1', `-c${options.connections}`, `-d${seconds}s`, '--latency', `http://127.0.0.1:${options.port}/`];
  if (options.core !== null) command = ['taskset', '-c', String(options.core), ...command];
  const script = '"$@"; status=$?; times; exit $status';
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script, 'sh', ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), (seconds + 60) * 1000);
    child.on('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      if (code !== 0) {
        reject(new Error(`wrk exited (${signal ?? `code ${code}`}): ${(err || out).trim().split('\n').slice(-2).join(' / ')}`));
        return;
      }
      try {
        const report = parseWrkReport(out);
        const cpu = parseChildTimes(out);
        resolve({ ...report, cpuShare: cpu === null || report.seconds === 0 ? null : cpu / report.seconds });
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}
