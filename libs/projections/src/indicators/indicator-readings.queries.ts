import { progressFromBaseline, type IndicatorDirection } from '@ledger/domain';
import { IN_IDS, ReadModelQueries, type Page, type Paged } from '../statements.js';

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
    return this.indicatorsById([id])[0];
  }

  indicatorsById(ids: readonly string[]): IndicatorRow[] {
    return this.byIds(`SELECT ${INDICATOR_COLUMNS} FROM indicator_definitions`, ids);
  }

  /** Each commitment's indicators in the order defined. */
  indicatorsOfEach(commitmentIds: readonly string[], page: Page): Paged<IndicatorRow>[] {
    return this.pagesOf(
      `SELECT ${INDICATOR_COLUMNS}, commitment_id AS ownerId, ROW_NUMBER() OVER (PARTITION BY commitment_id ORDER BY defined_at, id) AS sequence
       FROM indicator_definitions WHERE commitment_id ${IN_IDS}`,
      commitmentIds,
      page,
    );
  }

  indicatorCountOfEach(commitmentIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT commitment_id AS ownerId, COUNT(*) AS count FROM indicator_definitions WHERE commitment_id ${IN_IDS} GROUP BY commitment_id`,
      commitmentIds,
    );
  }

  reading(id: string): ReadingRow | undefined {
    return this.sql<[string], ReadingRow>(`SELECT ${READING_COLUMNS} FROM indicator_readings WHERE id = ?`).get(id);
  }

  /** Every reading of each indicator, corrected ones included, in the order they were recorded. */
  readingsOfEach(indicatorIds: readonly string[], page: Page): Paged<ReadingRow>[] {
    return this.pagesOf(
      `SELECT ${READING_COLUMNS}, indicator_id AS ownerId, ROW_NUMBER() OVER (PARTITION BY indicator_id ORDER BY revision) AS sequence
       FROM indicator_readings WHERE indicator_id ${IN_IDS}`,
      indicatorIds,
      page,
    );
  }

  readingCountOfEach(indicatorIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT indicator_id AS ownerId, COUNT(*) AS count FROM indicator_readings WHERE indicator_id ${IN_IDS} GROUP BY indicator_id`,
      indicatorIds,
    );
  }

  /** The current (not superseded) reading for the latest period. */
  latestReading(indicatorId: string): ReadingRow | undefined {
    return this.latestReadingOfEach([indicatorId])[0];
  }

  /** For each indicator that has one, its current reading for the latest period. */
  latestReadingOfEach(indicatorIds: readonly string[]): ReadingRow[] {
    return this
      .sql<[string], ReadingRow>(
        `SELECT ${READING_COLUMNS} FROM (
           SELECT *, ROW_NUMBER() OVER (PARTITION BY indicator_id ORDER BY period_date DESC, revision DESC) AS latest
           FROM indicator_readings WHERE indicator_id ${IN_IDS} AND superseded_by_reading_id IS NULL
         ) WHERE latest = 1`,
      )
      .all(JSON.stringify(indicatorIds));
  }
}
