import { progressFromBaseline, type IndicatorDirection } from '@ledger/domain';
import { ReadModelQueries } from '../statements.js';

export type IndicatorRow = Readonly<{
  id: string;
  commitmentId: string;
  partnershipId: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  baselineValue: number;
  baselineDate: string;
  targetValue: number;
  targetDate: string;
  owningOrganisationId: string;
  definedAt: string;
  revision: number;
}>;

export type ReadingRow = Readonly<{
  id: string;
  indicatorId: string;
  value: number;
  periodDate: string;
  source: string;
  recordedAt: string;
  correctsReadingId: string | null;
  correctionReason: string | null;
  supersededByReadingId: string | null;
}>;

const INDICATOR_COLUMNS = `id, commitment_id AS commitmentId, partnership_id AS partnershipId, name, unit, direction,
  baseline_value AS baselineValue, baseline_date AS baselineDate, target_value AS targetValue, target_date AS targetDate,
  owning_organisation_id AS owningOrganisationId, defined_at AS definedAt, revision`;
const READING_COLUMNS = `id, indicator_id AS indicatorId, value, period_date AS periodDate, source, recorded_at AS recordedAt,
  corrects_reading_id AS correctsReadingId, correction_reason AS correctionReason, superseded_by_reading_id AS supersededByReadingId`;

/**
 * How far the latest current reading has moved from baseline towards target (the domain's rule).
 * Null before the first reading, and for a degenerate definition recorded before the rule was enforced.
 */
export function progressTowardsTarget(indicator: IndicatorRow, latest: ReadingRow | undefined): number | null {
  if (!latest) return null;
  const progress = progressFromBaseline(latest.value, indicator.baselineValue, indicator.targetValue);
  return Number.isFinite(progress) ? progress : null;
}

export class IndicatorReadingsQueries extends ReadModelQueries {
  indicator(id: string): IndicatorRow | undefined {
    return this.sql<[string], IndicatorRow>(`SELECT ${INDICATOR_COLUMNS} FROM indicator_definitions WHERE id = ?`).get(id);
  }

  indicatorsOf(commitmentId: string): IndicatorRow[] {
    return this
      .sql<[string], IndicatorRow>(`SELECT ${INDICATOR_COLUMNS} FROM indicator_definitions WHERE commitment_id = ? ORDER BY defined_at, id`)
      .all(commitmentId);
  }

  reading(id: string): ReadingRow | undefined {
    return this.sql<[string], ReadingRow>(`SELECT ${READING_COLUMNS} FROM indicator_readings WHERE id = ?`).get(id);
  }

  /** Every reading, corrected ones included, in the order they were recorded. */
  readingsOf(indicatorId: string): ReadingRow[] {
    return this
      .sql<[string], ReadingRow>(`SELECT ${READING_COLUMNS} FROM indicator_readings WHERE indicator_id = ? ORDER BY revision`)
      .all(indicatorId);
  }

  /** The current (not superseded) reading for the latest period. */
  latestReading(indicatorId: string): ReadingRow | undefined {
    return this
      .sql<[string], ReadingRow>(
        `SELECT ${READING_COLUMNS} FROM indicator_readings WHERE indicator_id = ? AND superseded_by_reading_id IS NULL
         ORDER BY period_date DESC, revision DESC LIMIT 1`,
      )
      .get(indicatorId);
  }
}
