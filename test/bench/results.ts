import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';

/**
 * One printed figure of `npm run bench`: what we measured beside a ceiling measured in the same run on
 * the same machine, and the ratio between them. Two kinds of ratio, named so nobody has to guess:
 * - `ofCeiling`: our rate as a fraction of the ceiling's rate (throughput; 1 = as fast as the ceiling);
 * - `timesCeiling`: our time (or size) as a multiple of the ceiling's (latency, memory; 1 = as quick or as small as the ceiling).
 */
export interface Figure {
  /** Issue 13's figure number and a short key, e.g. "1 command path, 10 clients". */
  readonly figure: string;
  readonly ours: Measure;
  readonly ceiling: Measure & { readonly what: string };
  readonly ratio: { readonly kind: 'ofCeiling' | 'timesCeiling'; readonly value: number };
  /** The issue's goal for the ratio, when it sets one. */
  readonly goal?: { readonly atLeast?: number; readonly atMost?: number };
  /** Anything a reader needs beside the numbers (p50 and p99 together, progress, a profile's finding). */
  readonly note?: string;
}

export interface Measure {
  readonly value: number;
  readonly unit: string;
}

const format = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-GB') : Number(n.toPrecision(3)).toLocaleString('en-GB'));

export function goalMet(figure: Figure): boolean | undefined {
  const { goal, ratio } = figure;
  if (!goal) return undefined;
  return (goal.atLeast === undefined || ratio.value >= goal.atLeast) && (goal.atMost === undefined || ratio.value <= goal.atMost);
}

function goalText(figure: Figure): string {
  const { goal } = figure;
  if (!goal) return '';
  const wanted = goal.atLeast !== undefined ? `≥ ${goal.atLeast}` : `≤ ${goal.atMost}`;
  return `goal ${wanted}: ${goalMet(figure) ? 'met' : 'NOT met'}`;
}

function ratioText({ ratio }: Figure): string {
  return ratio.kind === 'ofCeiling' ? `${ratio.value.toFixed(2)} of the ceiling` : `${ratio.value.toFixed(2)}x the ceiling`;
}

/** Collects the run's figures, prints each as it comes, and writes them as JSON and a Markdown table. */
export class BenchReport {
  readonly figures: Figure[] = [];
  private readonly started = new Date();

  add(figure: Figure): Figure {
    this.figures.push(figure);
    const goal = goalText(figure);
    console.log(
      `[${figure.figure}] ${format(figure.ours.value)} ${figure.ours.unit}; ceiling (${figure.ceiling.what}) ${format(figure.ceiling.value)} ${figure.ceiling.unit}; ` +
        `${ratioText(figure)}${goal ? `; ${goal}` : ''}${figure.note ? ` — ${figure.note}` : ''}`,
    );
    return figure;
  }

  /** The machine the figures came from: a ratio travels between machines, an absolute figure does not. */
  static machine() {
    const cpu = cpus();
    return { cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${osType()} ${release()}`, node: process.version };
  }

  markdown(): string {
    const m = BenchReport.machine();
    const rows = this.figures.map((f) => {
      const met = goalMet(f);
      return `| ${f.figure} | ${format(f.ours.value)} ${f.ours.unit} | ${f.ceiling.what}: ${format(f.ceiling.value)} ${f.ceiling.unit} | ${ratioText(f)} | ${goalText(f) || '—'}${met === false ? ' ⚠' : ''} | ${f.note ?? ''} |`;
    });
    return [
      `Measured ${this.started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}.`,
      '',
      '| figure | ours | ceiling (same run) | ratio | goal | note |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n');
  }

  /** Writes `latest.json` and `latest.md` under `dir` (bench/results by default), and says where. */
  write(dir = process.env.BENCH_RESULTS_DIR ?? 'bench/results') {
    mkdirSync(dir, { recursive: true });
    const json = { measuredAt: this.started.toISOString(), machine: BenchReport.machine(), figures: this.figures.map((f) => ({ ...f, goalMet: goalMet(f) })) };
    writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(join(dir, 'latest.md'), this.markdown());
    console.log(`results: ${join(dir, 'latest.json')} and ${join(dir, 'latest.md')}`);
  }
}
