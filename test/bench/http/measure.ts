import { readFileSync } from 'node:fs';

/** Pure helpers of the HTTP figures: reading a process's memory from /proc, and summing a CPU profile. */

export type ProcMemory = Readonly<{ rssBytes: number; peakRssBytes: number }>;

/**
 * VmRSS (resident now) and VmHWM (the most it has been resident since it started) from the text of
 * `/proc/<pid>/status`, in bytes. The kernel writes them in kB (KiB).
 */
export function parseProcStatus(text: string): ProcMemory {
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s*(\\d+)\\s*kB$`, 'm').exec(text);
    if (!match) throw new Error(`/proc status has no ${field} line in kB: is this a Linux process status file?`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

/**
 * A process's CPU time so far (user + system), in ms, from /proc/<pid>/stat (Linux): unlike a rate, the
 * CPU a request costs hardly moves when other work shares the machine, so it compares runs.
 */
export function cpuMs(pid: number): number {
  // utime and stime are fields 14 and 15 of stat (12 and 13 after the command name), in ticks of 10 ms.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export const procMemory = (pid: number): ProcMemory => parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));

/** Samples a process's RSS every `everyMs` and keeps the largest seen since the last `reset()`. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private max = 0;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 100,
  ) {}

  start() {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  private sample() {
    try {
      this.max = Math.max(this.max, procMemory(this.pid).rssBytes);
    } catch {
      // The process has ended: the largest sample so far stands.
    }
  }

  /** The largest RSS sampled since start or the last reset, in bytes; starts a new window. */
  reset(): number {
    this.sample();
    const max = this.max;
    this.max = 0;
    return max;
  }

  stop(): number {
    clearInterval(this.timer);
    return this.reset();
  }
}

/** The parts of a V8 `.cpuprofile` (node --cpu-prof) a self-time summary needs. */
export type CpuProfile = Readonly<{
  nodes: readonly { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: readonly number[];
  timeDeltas: readonly number[];
}>;

export type SelfTime = Readonly<{ name: string; share: number; ms: number }>;

/**
 * Self time by function (name and file:line, so two anonymous functions stay apart), largest first,
 * as a share of all samples. `(idle)` counts in the total: a share is of the wall time profiled.
 */
export function selfTime(profile: CpuProfile, top = 15): SelfTime[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url ? `${frame.url.replace(/^file:\/\/.*?(node_modules|dist)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
    const us = profile.timeDeltas[i] ?? 0;
    totals.set(name, (totals.get(name) ?? 0) + us);
    all += us;
  });
  return [...totals]
    .map(([name, us]) => ({ name, share: all === 0 ? 0 : us / all, ms: us / 1000 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}
