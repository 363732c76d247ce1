import { defineProjection } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

const statements = (db: ReadModelDatabase) => ({
  defined: db.prepare(
    `INSERT INTO indicator_definitions (id, commitment_id, partnership_id, name, unit, direction, baseline_value, baseline_date,
       target_value, target_date, owning_organisation_id, defined_at, revision)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  reading: db.prepare(
    `INSERT INTO indicator_readings (id, indicator_id, revision, value, period_date, source, recorded_at, corrects_reading_id, correction_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  superseded: db.prepare('UPDATE indicator_readings SET superseded_by_reading_id = ? WHERE id = ?'),
  revision: db.prepare('UPDATE indicator_definitions SET revision = ? WHERE id = ?'),
});

/** Indicators with baseline and target, and every reading: corrections supersede, never overwrite. */
export const indicatorReadingsProjection = defineProjection({
  name: 'indicator-readings',
  version: 1,
  tables: ['indicator_definitions', 'indicator_readings'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS indicator_definitions (
        id TEXT PRIMARY KEY, commitment_id TEXT NOT NULL, partnership_id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL,
        direction TEXT NOT NULL, baseline_value REAL NOT NULL, baseline_date TEXT NOT NULL, target_value REAL NOT NULL,
        target_date TEXT NOT NULL, owning_organisation_id TEXT NOT NULL, defined_at TEXT NOT NULL, revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS indicator_definitions_by_commitment ON indicator_definitions (commitment_id);
      -- The dashboard's and scorecard's indicators, in the order defined.
      CREATE INDEX IF NOT EXISTS indicator_definitions_by_partnership ON indicator_definitions (partnership_id, defined_at, id);
      CREATE TABLE IF NOT EXISTS indicator_readings (
        id TEXT PRIMARY KEY, indicator_id TEXT NOT NULL, revision INTEGER NOT NULL, value REAL NOT NULL, period_date TEXT NOT NULL,
        source TEXT NOT NULL, recorded_at TEXT NOT NULL, corrects_reading_id TEXT, correction_reason TEXT, superseded_by_reading_id TEXT
      );
      CREATE INDEX IF NOT EXISTS indicator_readings_by_indicator ON indicator_readings (indicator_id, revision);
    `);
  },

  statements,

  on: {
    IndicatorDefined(sql, { data, streamRevision }) {
      sql.defined.run(
        data.indicatorId,
        data.commitmentId,
        data.partnershipId,
        data.name,
        data.unit,
        data.direction,
        data.baseline.value,
        data.baseline.date,
        data.target.value,
        data.target.date,
        data.owningOrganisationId,
        data.definedAt,
        streamRevision,
      );
    },
    IndicatorReadingRecorded(sql, { data, streamRevision }) {
      sql.reading.run(data.readingId, data.indicatorId, streamRevision, data.value, data.periodDate, data.source, data.recordedAt, null, null);
      sql.revision.run(streamRevision, data.indicatorId);
    },
    IndicatorReadingCorrected(sql, { data, streamRevision }) {
      sql.reading.run(
        data.readingId,
        data.indicatorId,
        streamRevision,
        data.value,
        data.periodDate,
        data.source,
        data.correctedAt,
        data.correctsReadingId,
        data.reason,
      );
      sql.superseded.run(data.readingId, data.correctsReadingId);
      sql.revision.run(streamRevision, data.indicatorId);
    },
  },
});
