/** The machine a bench ran on, so numbers from different runs can be compared honestly. */
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  ramBytes: number;
  node: string;
  os: string;
  /** 1-minute load average when the bench started: other work on the machine skews timings. */
  loadAverage: number;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() || 'unknown',
    cores: availableParallelism(),
    ramBytes: totalmem(),
    node: process.version,
    os: `${platform()} ${release()}`,
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  };
}

export function formatMachine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${(m.ramBytes / 1024 ** 3).toFixed(1)} GB RAM, Node ${m.node}, ${m.os}, load ${m.loadAverage}`;
}
