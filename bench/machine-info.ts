/**
 * What the numbers were measured on, recorded with every run: absolute rates mean little
 * without the CPU, the Node version and how busy the machine was.
 */
import os from 'node:os';

/** The machine and runtime of a run. */
export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  node: string;
  v8: string;
  platform: string;
  release: string;
  arch: string;
  totalMemoryMiB: number;
  /** 1, 5 and 15-minute load averages when the run started: others' work skews the results. */
  loadAverage: number[];
  /** ISO date and time when the run started. */
  date: string;
}

/** Reads the machine's description now. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    node: process.version,
    v8: process.versions.v8,
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
    totalMemoryMiB: Math.round(os.totalmem() / 2 ** 20),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    date: new Date().toISOString(),
  };
}
