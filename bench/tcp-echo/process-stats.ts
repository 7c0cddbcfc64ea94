/**
 * CPU time, resident memory and open file descriptors of a process read from /proc, for servers
 * that do not report their own (the Python ones). Linux only: elsewhere the figures are absent.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (100 on Linux almost everywhere). */
const CLOCK_TICKS = ((): number => {
  const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(String(result.stdout).trim());
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

/** User + system CPU time of `pid` in microseconds, or null if it cannot be read. */
export function processCpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks / CLOCK_TICKS) * 1e6 : null;
  } catch {
    return null;
  }
}

/** Resident anonymous memory of `pid` in bytes (`RssAnon`), or null if it cannot be read. */
export function processRssAnon(pid: number): number | null {
  try {
    const match = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * How many file descriptors `pid` has open, or null if it cannot be read: a server that does not
 * count its connections holds one descriptor per accepted connection.
 */
export function processOpenFds(pid: number): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}
