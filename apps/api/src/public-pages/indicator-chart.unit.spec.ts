import { describe, expect, it } from '@jest/globals';
import { indicatorChart } from './indicator-chart.js';

const indicator = {
  id: 'i1',
  name: 'Wellbeing',
  unit: '%',
  direction: 'HIGHER_IS_BETTER',
  baseline: { value: 40, date: '2020-04-01' },
  target: { value: 60, date: '2022-03-31' },
  readings: [
    { periodDate: '2020-10-01', value: 45, source: 'Survey', corrected: false },
    { periodDate: '2021-04-01', value: 52.5, source: 'Survey', corrected: true },
  ],
};

describe('indicatorChart', () => {
  it('draws baseline, readings and target left to right on a time axis, higher values higher', () => {
    const chart = indicatorChart(indicator);
    const xs = [chart.baseline, ...chart.readings, chart.target].map((point) => point.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect([xs[0], xs.at(-1)]).toEqual([chart.left, chart.right]);
    const ys = [chart.baseline, ...chart.readings, chart.target].map((point) => point.y);
    // SVG's y grows downwards: each value here is higher than the one before, so drawn higher.
    expect(ys).toEqual([...ys].sort((a, b) => b - a));
    for (const y of ys) expect(y > chart.top && y < chart.bottom).toBe(true);
  });

  it('gives the same figures as the table, and says them in words', () => {
    const chart = indicatorChart(indicator);
    expect(chart.readings.map((point) => [point.date, point.value])).toEqual([
      ['2020-10-01', 45],
      ['2021-04-01', 52.5],
    ]);
    expect(chart.measuredLine.split(' ')).toHaveLength(3);
    expect(chart.description).toBe('Wellbeing: baseline 40 % on 2020-04-01, target 60 % by 2022-03-31; 2 readings, the latest 52.5 % on 2021-04-01.');
  });

  it('widens the axis for a reading after the target date, and draws an indicator with no readings', () => {
    const late = indicatorChart({ ...indicator, readings: [{ periodDate: '2023-01-01', value: 70, source: 'Survey', corrected: false }] });
    expect(late.readings[0]!.x).toBe(late.right);
    expect(late.target.x).toBeLessThan(late.right);
    const empty = indicatorChart({ ...indicator, readings: [] });
    expect(empty.readings).toEqual([]);
    expect(empty.description).toMatch(/no readings yet\.$/);
  });
});
