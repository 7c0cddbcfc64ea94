/**
 * The TCP echo benchmark's Markdown and summary: one table per mode (every server, with its
 * ratio to raw `node:net` and, for a front, to its Python original), the fronts against their
 * originals side by side, scaling with the number of connections, memory per idle connection;
 * then the ratios and targets for the report's summary.
 */
import { median } from '../harness.js';
import { type SummaryRow, type TargetRow, formatRate, formatRatio } from '../markdown-report.js';
import type { EchoServerSpec } from './echo-servers.js';
import { BaselineScale } from './paired-ratio.js';
import type { ThroughputRun } from './server-process.js';
import { IDLE_ID, type ModeResult, SCALING_ID, TITLE, type TcpEchoResult } from './tcp-echo-result.js';

/** Every front's echo at least this share of raw node:net's msgs/s. */
export const FRONT_TARGET = 0.9;
/** Every front at least this many times its Python original's msgs/s. */
export const PYTHON_TARGET = 2;
/** The core protocol server's memory per idle connection at most this many times raw's. */
export const MEMORY_TARGET = 1.1;

function ms(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The median of a field over runs, or null when none has it. */
function pick(runs: readonly ThroughputRun[], field: (r: ThroughputRun) => number | null): number | null {
  const values = runs.map(field).filter((v): v is number => v !== null);
  return values.length === 0 ? null : median(values);
}

/** The mode's servers on raw node:net's scale. */
function rawScale(mode: ModeResult): BaselineScale {
  return new BaselineScale(mode.runs, 'raw');
}

function cell(value: number | null): string {
  return value === null ? '' : formatRatio(value);
}

function modeTable(result: TcpEchoResult, mode: ModeResult): string {
  const lines = [
    `### ${mode.id}: ${mode.mode}`,
    '',
    '| server | msgs/s (median) | each run | p50 ms | p99 ms | server CPU µs/msg | server CPU | client CPU | /raw msgs/s | /raw msgs per CPU-s | /Python original msgs/s |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const spec of result.servers) {
    const runs = mode.runs[spec.key] ?? [];
    const m = mode.median[spec.key];
    if (m === undefined) {
      lines.push(`| ${spec.label} | not measured: ${result.errors[spec.key] ?? 'no run'} | | | | | | | | | |`);
      continue;
    }
    const scale = rawScale(mode);
    const original = spec.original === undefined ? null : scale.rateOver(spec.key, spec.original);
    const rates = runs.map((r) => r.messagesPerSecond);
    // The baseline runs once per turn: its range says how much the machine moved during the round.
    const each = spec.key === 'raw' ? `${runs.length} runs, ${formatRate(Math.min(...rates))}–${formatRate(Math.max(...rates))}` : rates.map(formatRate).join(', ');
    lines.push(
      `| ${spec.label} | ${formatRate(m)} | ${each} | ` +
        `${ms(pick(runs, (r) => r.p50Ms))} | ${ms(pick(runs, (r) => r.p99Ms))} | ${pick(runs, (r) => r.serverCpuMicrosPerMessage)!.toFixed(1)} | ` +
        `${percent(pick(runs, (r) => r.serverCpuShare)!)} | ${percent(pick(runs, (r) => r.clientCpuShare)!)} | ` +
        `${cell(scale.rate(spec.key))} | ${cell(scale.cpu(spec.key))} | ${cell(original)} |`,
    );
  }
  return lines.join('\n');
}

/** Each front beside the Python server it re-creates, in every mode. */
function originalsTable(result: TcpEchoResult): string {
  const fronts = result.servers.filter((s) => s.original !== undefined);
  // The last column of a mode is where the 2x goal sits against raw Node: twice the original's
  // msgs/s over raw's. Above 1x, meeting the goal means beating raw node:net by that much.
  const header = result.modes
    .map((m) => `${m.mode}: ours/Python msgs/s | ${m.mode}: ours/Python msgs per CPU-s | ${m.mode}: 2x Python = this x raw`)
    .join(' | ');
  const lines = [
    `| front | Python original | ${header} |`,
    `|---|---|${result.modes.map(() => '---:|---:|---:').join('|')}|`,
  ];
  for (const front of fronts) {
    const original = result.servers.find((s) => s.key === front.original);
    const cells = result.modes.map((m) => {
      const scale = rawScale(m);
      const goal = scale.rate(front.original!);
      return `${cell(scale.rateOver(front.key, front.original!))} | ${cell(scale.cpuOver(front.key, front.original!))} | ${cell(goal === null ? null : 2 * goal)}`;
    });
    const why = original === undefined || result.modes.every((m) => m.median[front.original!] === undefined) ? ` (${result.errors[front.original!] ?? 'not measured'})` : '';
    lines.push(`| ${front.label} | ${original?.label ?? front.original}${why} | ${cells.join(' | ')} |`);
  }
  const raw = result.servers.find((s) => s.key === 'raw');
  if (raw !== undefined) {
    const inverse = (r: number | null): number | null => (r === null ? null : 1 / r);
    const cells = result.modes.map((m) => `${cell(inverse(rawScale(m).rate('py-uvloop-protocol')))} | ${cell(inverse(rawScale(m).cpu('py-uvloop-protocol')))} | `);
    lines.push(`| raw node:net (for scale: no Python original) | Python uvloop Protocol | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function scalingTable(result: TcpEchoResult): string {
  const scaling = result.scaling!;
  const counts = scaling.connectionCounts;
  const lines = [
    `| server | ${counts.map((c) => `${c.toLocaleString('en-US')} conns msgs/s`).join(' | ')} | ${counts.map((c) => `${c.toLocaleString('en-US')}: p99 ms`).join(' | ')} | ${counts.map((c) => `${c.toLocaleString('en-US')}: CPU µs/msg`).join(' | ')} | ${counts.map((c) => `${c.toLocaleString('en-US')}: /raw`).join(' | ')} |`,
    `|---|${counts.map(() => '---:').join('|')}|${counts.map(() => '---:').join('|')}|${counts.map(() => '---:').join('|')}|${counts.map(() => '---:').join('|')}|`,
  ];
  const raw = scaling.runs.raw ?? [];
  for (const spec of result.servers) {
    const runs = scaling.runs[spec.key];
    if (runs === undefined) continue;
    const rate = (r: ThroughputRun | null | undefined): string => (r == null ? 'failed' : formatRate(r.messagesPerSecond));
    const vsRaw = counts.map((_, i) => {
      const ours = runs[i];
      const base = raw[i];
      return spec.key === 'raw' || ours == null || base == null ? '' : formatRatio(ours.messagesPerSecond / base.messagesPerSecond);
    });
    lines.push(
      `| ${spec.label} | ${counts.map((_, i) => rate(runs[i])).join(' | ')} | ${counts.map((_, i) => ms(runs[i]?.p99Ms ?? null)).join(' | ')} | ` +
        `${counts.map((_, i) => runs[i]?.serverCpuMicrosPerMessage.toFixed(1) ?? '').join(' | ')} | ${vsRaw.join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

function idleTable(result: TcpEchoResult): string {
  const idle = result.idle!;
  const lines = [
    '| server | idle connections | RSS delta | RSS bytes/connection | JS heap+external bytes/connection | /raw (RSS, lower is better) | /Python original (RSS, lower is better) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  const raw = idle.raw;
  for (const spec of result.servers) {
    const m = idle[spec.key];
    if (m === undefined && result.errors[`${spec.key}@idle`] === undefined) continue;
    if (m === undefined) {
      lines.push(`| ${spec.label} | not measured: ${result.errors[`${spec.key}@idle`] ?? 'no run'} | | | | | |`);
      continue;
    }
    const count = m.shortfall === null ? String(m.connected) : `${m.connected} of ${m.requested} (${m.shortfall})`;
    const original = spec.original === undefined ? undefined : idle[spec.original];
    lines.push(
      `| ${spec.label} | ${count} | ${(m.rssDeltaBytes / 2 ** 20).toFixed(1)} MiB | ${Math.round(m.rssBytesPerConnection)} | ` +
        `${m.heapBytesPerConnection === null ? '—' : Math.round(m.heapBytesPerConnection)} | ` +
        `${spec.key !== 'raw' && raw !== undefined ? formatRatio(m.rssBytesPerConnection / raw.rssBytesPerConnection) : ''} | ` +
        `${original === undefined ? '' : formatRatio(m.rssBytesPerConnection / original.rssBytesPerConnection)} |`,
    );
  }
  return lines.join('\n');
}

/** The benchmark's section of the report. */
export function tcpEchoMarkdown(result: TcpEchoResult): string {
  const pinning = result.pinned ? 'server pinned to core 0, load client to core 1' : 'not pinned (taskset or a second core unavailable)';
  const parts = [`## ${TITLE} (separate processes; ${pinning})`];
  if (result.python !== null) {
    const versions = Object.entries(result.python.versions).map(([k, v]) => `${k} ${v}`).join(', ');
    const missing = Object.entries(result.python.missing).map(([k, v]) => `${k}: ${v}`).join('; ');
    parts.push(`Python originals on /usr/bin/python3: ${versions || 'none'}${missing ? `. Missing: ${missing}` : ''}.`);
  }
  if (result.modes.length > 0) {
    parts.push(
      `${result.connections} connections, ${result.messageSize}-byte messages, ${result.durationSeconds} s measured after ` +
        `${result.warmupSeconds} s warm-up, ${result.rounds} round(s) alternating the order of the servers; the load client ` +
        'is Node (node:net, reading through `onread`) on its own core, the same for every server. Raw node:net is loaded ' +
        'again before every other server and after the last, and each ratio to raw divides a run by the raw runs just ' +
        'before and after it (their geometric mean), then takes the median over the rounds; a ratio between two servers ' +
        'is the ratio of their ratios to raw. So a server is never compared with a raw run measured minutes away, in ' +
        'another state of the machine. The msgs/s columns are plain medians, for scale.',
    );
    for (const mode of result.modes) parts.push(modeTable(result, mode));
    if (result.servers.some((s) => s.python !== undefined)) {
      parts.push(`### ${TITLE}: each front against its Python original (target >= ${PYTHON_TARGET}x)`, originalsTable(result));
    }
  }
  if (result.scaling !== null) {
    const s = result.scaling;
    parts.push(
      `### ${SCALING_ID}: ping-pong from ${s.connectionCounts[0]} to ${s.connectionCounts.at(-1)!.toLocaleString('en-US')} connections`,
      `One run per count, ${s.durationSeconds} s after a warm-up of ${s.warmupSeconds} s (up to 2 s for thousands of connections), on the same server processes as the first round. ` +
        'Per-message CPU cost should stay flat as connections grow; msgs/s falls when the client saturates.',
      scalingTable(result),
    );
  }
  if (result.idle !== null) {
    parts.push(
      `### ${IDLE_ID}: server memory per idle connection`,
      `The server's RSS growth (after a full GC) from the idle connections counted here, opened while ${result.idleWarmup} ` +
        'others were already open, with a fixed-size, primed young generation (see bench/README.md). A Python server is ' +
        'read from /proc (no GC forced: CPython frees by reference counting), its connections counted as its open file descriptors.',
      idleTable(result),
    );
  }
  const otherErrors = Object.entries(result.errors).filter(([k]) => k.includes('@'));
  if (otherErrors.length > 0) parts.push(otherErrors.map(([k, v]) => `- ${k}: ${v}`).join('\n'));
  return parts.join('\n\n');
}

function front(result: TcpEchoResult, key: string): EchoServerSpec | undefined {
  return result.servers.find((s) => s.key === key);
}

/** The benchmark's ratios and targets, for the summary. */
export function tcpEchoSummary(result: TcpEchoResult): { rows: SummaryRow[]; targets: TargetRow[] } {
  const rows: SummaryRow[] = [];
  const targets: TargetRow[] = [];
  for (const mode of result.modes) {
    for (const spec of result.servers) {
      if (spec.side !== 'ours') continue;
      const vsRaw = rawScale(mode).rate(spec.key);
      if (vsRaw !== null) {
        rows.push({ id: mode.id, ours: spec.label, baseline: 'raw node:net echo', ratio: vsRaw, note: 'msgs/s' });
        const cpu = rawScale(mode).cpu(spec.key);
        if (cpu !== null) rows.push({ id: mode.id, ours: spec.label, baseline: 'raw node:net echo', ratio: cpu, note: 'msgs per server CPU-second' });
        targets.push({ id: mode.id, description: `${spec.label} >= ${FRONT_TARGET}x raw node:net msgs/s`, ratio: vsRaw, met: vsRaw >= FRONT_TARGET, withinNoise: false });
      }
    }
    for (const spec of result.servers) {
      if (spec.original === undefined) continue;
      const vsPython = rawScale(mode).rateOver(spec.key, spec.original);
      if (vsPython === null) continue;
      const original = front(result, spec.original)?.label ?? spec.original;
      rows.push({ id: mode.id, ours: spec.label, baseline: original, ratio: vsPython, note: 'msgs/s' });
      targets.push({ id: mode.id, description: `${spec.label} >= ${PYTHON_TARGET}x ${original} msgs/s`, ratio: vsPython, met: vsPython >= PYTHON_TARGET, withinNoise: false });
    }
  }
  if (result.scaling !== null) {
    const last = result.scaling.connectionCounts.length - 1;
    const count = result.scaling.connectionCounts[last]!;
    for (const spec of result.servers) {
      if (spec.side !== 'ours') continue;
      const ours = result.scaling.runs[spec.key]?.[last];
      const raw = result.scaling.runs.raw?.[last];
      if (ours == null || raw == null) continue;
      rows.push({ id: SCALING_ID, ours: `${spec.label}, ${count.toLocaleString('en-US')} connections`, baseline: 'raw node:net echo', ratio: ours.messagesPerSecond / raw.messagesPerSecond, note: 'msgs/s' });
    }
  }
  const idleRaw = result.idle?.raw;
  if (result.idle !== null && idleRaw !== undefined) {
    for (const spec of result.servers) {
      const m = result.idle[spec.key];
      if (spec.side !== 'ours' || m === undefined) continue;
      const r = m.rssBytesPerConnection / idleRaw.rssBytesPerConnection;
      rows.push({ id: IDLE_ID, ours: spec.label, baseline: 'raw node:net echo', ratio: r, note: 'bytes per idle connection: lower is better' });
      const original = spec.original === undefined ? undefined : result.idle[spec.original];
      if (original !== undefined) {
        const label = front(result, spec.original!)?.label ?? spec.original!;
        rows.push({ id: IDLE_ID, ours: spec.label, baseline: label, ratio: m.rssBytesPerConnection / original.rssBytesPerConnection, note: 'bytes per idle connection: lower is better' });
      }
      if (spec.key === 'asyncio-protocol') {
        targets.push({ id: IDLE_ID, description: `${spec.label}: memory per idle connection <= ${MEMORY_TARGET}x raw`, ratio: r, met: r <= MEMORY_TARGET, withinNoise: false });
      }
    }
  }
  return { rows, targets };
}
