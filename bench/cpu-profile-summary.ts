/**
 * Where a profiled process spent its time: reads the V8 CPU profiles that `node --cpu-prof`
 * writes (the echo servers do under `BENCH_CPU_PROF_DIR`, see bench/README.md) and prints the
 * functions with the most self time, and the files they are in. Usage:
 *
 *   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile>... [--top N]
 *
 * Each file is summarised on its own; a profile of a thread that did little (the `tsx` loader's
 * worker) says so in one line.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time per function of one profile, in microseconds, the largest first. */
export function selfTimes(profile: Profile): { name: string; micros: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const micros = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the delta to the next one.
  for (let i = 0; i < samples.length; i++) {
    const next = deltas[i + 1] ?? 0;
    micros.set(samples[i]!, (micros.get(samples[i]!) ?? 0) + next);
  }
  const byName = new Map<string, number>();
  for (const [id, us] of micros) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const file = frame.url === '' ? '' : ` ${basename(frame.url.split('?')[0]!)}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName || '(anonymous)'}${file}`;
    byName.set(name, (byName.get(name) ?? 0) + us);
  }
  return [...byName].map(([name, us]) => ({ name, micros: us })).sort((a, b) => b.micros - a.micros);
}

function main(argv: string[]): void {
  let top = 25;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--top') top = Number(argv[++i]);
    else files.push(argv[i]!);
  }
  if (files.length === 0 || !(top > 0)) {
    console.error('usage: npx tsx bench/cpu-profile-summary.ts <file.cpuprofile>... [--top N]');
    process.exitCode = 2;
    return;
  }
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const times = selfTimes(profile);
    const total = times.reduce((sum, t) => sum + t.micros, 0);
    const busy = times.filter((t) => !/^\((idle|program|garbage collector)\)/.test(t.name)).reduce((s, t) => s + t.micros, 0);
    console.log(`\n${basename(file)}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s in JavaScript and native calls`);
    if (busy < 0.05 * total) {
      console.log('  (mostly idle: a helper thread)');
      continue;
    }
    for (const t of times.slice(0, top)) {
      console.log(`  ${((100 * t.micros) / total).toFixed(1).padStart(5)}%  ${t.name}`);
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(basename(process.argv[1]))) main(process.argv.slice(2));
