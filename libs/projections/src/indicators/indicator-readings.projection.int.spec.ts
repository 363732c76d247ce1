import { describe, it } from '@jest/globals';
import { indicatorStreamId, type IndicatorEvent } from '@ledger/domain';
import { inStream, ProjectionSpecification } from '../testing/index.js';
import { indicatorReadingsProjection } from './indicator-readings.projection.js';

const indicatorId = '0190a1b2-0000-7000-8000-0000000000e1';
const [first, second, correction] = ['f1', 'f2', 'f3'].map((suffix) => `0190a1b2-0000-7000-8000-0000000000${suffix}`) as [string, string, string];
const at = '2026-04-01T09:00:00.000Z';

const defined: IndicatorEvent = {
  type: 'IndicatorDefined',
  data: {
    indicatorId,
    commitmentId: 'commitment-1',
    partnershipId: 'partnership-1',
    name: 'Smoking prevalence',
    unit: '%',
    direction: 'LOWER_IS_BETTER',
    baseline: { value: 17.5, date: '2025-03-31' },
    target: { value: 12, date: '2028-03-31' },
    owningOrganisationId: 'council',
    definedAt: at,
  },
};
const recorded = (readingId: string, value: number, periodDate: string): IndicatorEvent => ({
  type: 'IndicatorReadingRecorded',
  data: { indicatorId, readingId, value, periodDate, source: 'OHID Fingertips', recordedAt: at },
});
const onIndicator = (...events: IndicatorEvent[]) => inStream(indicatorStreamId(indicatorId), ...events);

/** Indicators and their readings fed through the runner: rows after the events, and after a rebuild. */
describe('indicator readings read model', () => {
  const spec = ProjectionSpecification.for(indicatorReadingsProjection);

  it('keeps an indicator with its baseline and target', async () => {
    await spec
      .given(onIndicator(defined))
      .then(
        `SELECT id, commitment_id, partnership_id, name, unit, direction, baseline_value, baseline_date, target_value, target_date,
           owning_organisation_id, defined_at, revision FROM indicator_definitions`,
        [
          {
            id: indicatorId,
            commitment_id: 'commitment-1',
            partnership_id: 'partnership-1',
            name: 'Smoking prevalence',
            unit: '%',
            direction: 'LOWER_IS_BETTER',
            baseline_value: 17.5,
            baseline_date: '2025-03-31',
            target_value: 12,
            target_date: '2028-03-31',
            owning_organisation_id: 'council',
            defined_at: at,
            revision: 0,
          },
        ],
      );
  });

  it('keeps every reading, a correction superseding the reading it corrects without overwriting it', async () => {
    const given = spec.given(
      onIndicator(defined, recorded(first, 16.9, '2026-03-31'), recorded(second, 16.1, '2026-06-30'), {
        type: 'IndicatorReadingCorrected',
        data: { indicatorId, readingId: correction, correctsReadingId: first, value: 16.4, periodDate: '2026-03-31', source: 'OHID, revised', reason: 'Revised survey weights', correctedAt: at },
      }),
    );
    await given.then(
      `SELECT id, revision, value, period_date, source, corrects_reading_id, correction_reason, superseded_by_reading_id
       FROM indicator_readings ORDER BY revision`,
      [
        { id: first, revision: 1, value: 16.9, period_date: '2026-03-31', source: 'OHID Fingertips', corrects_reading_id: null, correction_reason: null, superseded_by_reading_id: correction },
        { id: second, revision: 2, value: 16.1, period_date: '2026-06-30', source: 'OHID Fingertips', corrects_reading_id: null, correction_reason: null, superseded_by_reading_id: null },
        { id: correction, revision: 3, value: 16.4, period_date: '2026-03-31', source: 'OHID, revised', corrects_reading_id: first, correction_reason: 'Revised survey weights', superseded_by_reading_id: null },
      ],
    );
    await given.then('SELECT revision FROM indicator_definitions', [{ revision: 3 }]);
  });
});
