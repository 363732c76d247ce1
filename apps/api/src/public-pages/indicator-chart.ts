import type { PublicIndicator } from '@ledger/projections';

/** One point of the chart, where it is drawn and what it says. */
export type ChartPoint = Readonly<{ x: number; y: number; date: string; value: number; label: string }>;

/**
 * An indicator's chart, laid out for the template to draw as inline SVG: baseline, the readings in
 * force, then the target, on a time axis. The template draws only what this gives it, and the same
 * points make the table beside the chart, so the picture and the table cannot disagree.
 */
export type IndicatorChart = Readonly<{
  width: number;
  height: number;
  /** The plotted area's edges. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  baseline: ChartPoint;
  target: ChartPoint;
  readings: readonly ChartPoint[];
  /** "x,y x,y …" from the baseline through every reading: the measured line. */
  measuredLine: string;
  /** From the baseline straight to the target: the planned course, drawn dashed. */
  plannedLine: string;
  yTicks: readonly Readonly<{ y: number; label: string }>[];
  xTicks: readonly Readonly<{ x: number; label: string }>[];
  /** The chart in words, for a screen reader (the table has the figures). */
  description: string;
}>;

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { left: 64, right: 24, top: 20, bottom: 40 };

const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const formatValue = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, ''));

export function indicatorChart(indicator: PublicIndicator): IndicatorChart {
  const { baseline, target, readings, unit } = indicator;
  const dates = [baseline.date, target.date, ...readings.map((reading) => reading.periodDate)].map(dayOf);
  const values = [baseline.value, target.value, ...readings.map((reading) => reading.value)];
  const [firstDay, lastDay] = [Math.min(...dates), Math.max(...dates)];
  const spread = Math.max(...values) - Math.min(...values) || Math.abs(baseline.value) || 1;
  // A tenth of the range above and below, so no point sits on the frame.
  const [low, high] = [Math.min(...values) - spread / 10, Math.max(...values) + spread / 10];
  const [left, right, top, bottom] = [MARGIN.left, WIDTH - MARGIN.right, MARGIN.top, HEIGHT - MARGIN.bottom];
  const xOf = (date: string) => round(left + ((dayOf(date) - firstDay) / (lastDay - firstDay || 1)) * (right - left));
  const yOf = (value: number) => round(bottom - ((value - low) / (high - low)) * (bottom - top));
  const point = (date: string, value: number, what: string): ChartPoint => ({ x: xOf(date), y: yOf(value), date, value, label: `${what}: ${formatValue(value)} ${unit} (${date})` });

  const baselinePoint = point(baseline.date, baseline.value, 'Baseline');
  const targetPoint = point(target.date, target.value, 'Target');
  const readingPoints = readings.map((reading) => point(reading.periodDate, reading.value, 'Reading'));
  const latest = readings.at(-1);
  return {
    width: WIDTH,
    height: HEIGHT,
    left,
    right,
    top,
    bottom,
    baseline: baselinePoint,
    target: targetPoint,
    readings: readingPoints,
    measuredLine: [baselinePoint, ...readingPoints].map(({ x, y }) => `${x},${y}`).join(' '),
    plannedLine: [baselinePoint, targetPoint].map(({ x, y }) => `${x},${y}`).join(' '),
    yTicks: [0, 0.25, 0.5, 0.75, 1].map((share) => {
      const value = low + share * (high - low);
      return { y: yOf(value), label: formatValue(Number(value.toPrecision(3))) };
    }),
    xTicks: [...new Set([baseline.date, target.date])].map((date) => ({ x: xOf(date), label: date.slice(0, 7) })),
    description:
      `${indicator.name}: baseline ${formatValue(baseline.value)} ${unit} on ${baseline.date}, target ${formatValue(target.value)} ${unit} by ${target.date}; ` +
      (latest ? `${readings.length} reading${readings.length === 1 ? '' : 's'}, the latest ${formatValue(latest.value)} ${unit} on ${latest.periodDate}.` : 'no readings yet.'),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
