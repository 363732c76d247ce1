import type { IndicatorDefined, IndicatorReadingCorrected, IndicatorReadingRecorded } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../projection.js';
import { dropTables, preparedStatements } from '../statements.js';

const TABLES = ['indicator_definitions', 'indicator_readings'];

const statements = preparedStatements((db) => ({
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
}));

/** Indicators with baseline and target, and every reading: corrections supersede, never overwrite. */
export const indicatorReadingsProjection: Projection = {
  name: 'indicator-readings',
  version: 1,
  handles: new Set(['IndicatorDefined', 'IndicatorReadingRecorded', 'IndicatorReadingCorrected']),

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS indicator_definitions (
        id TEXT PRIMARY KEY, commitment_id TEXT NOT NULL, partnership_id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL,
        direction TEXT NOT NULL, baseline_value REAL NOT NULL, baseline_date TEXT NOT NULL, target_value REAL NOT NULL,
        target_date TEXT NOT NULL, owning_organisation_id TEXT NOT NULL, defined_at TEXT NOT NULL, revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS indicator_definitions_by_commitment ON indicator_definitions (commitment_id);
      CREATE TABLE IF NOT EXISTS indicator_readings (
        id TEXT PRIMARY KEY, indicator_id TEXT NOT NULL, revision INTEGER NOT NULL, value REAL NOT NULL, period_date TEXT NOT NULL,
        source TEXT NOT NULL, recorded_at TEXT NOT NULL, corrects_reading_id TEXT, correction_reason TEXT, superseded_by_reading_id TEXT
      );
      CREATE INDEX IF NOT EXISTS indicator_readings_by_indicator ON indicator_readings (indicator_id, revision);
    `);
  },

  tearDown: dropTables(TABLES, statements),

  apply(db, event: RecordedEvent) {
    const sql = statements.of(db);
    const revision = event.streamRevision;
    switch (event.type) {
      case 'IndicatorDefined': {
        const data = event.data as IndicatorDefined['data'];
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
          revision,
        );
        return;
      }
      case 'IndicatorReadingRecorded': {
        const data = event.data as IndicatorReadingRecorded['data'];
        sql.reading.run(data.readingId, data.indicatorId, revision, data.value, data.periodDate, data.source, data.recordedAt, null, null);
        sql.revision.run(revision, data.indicatorId);
        return;
      }
      case 'IndicatorReadingCorrected': {
        const data = event.data as IndicatorReadingCorrected['data'];
        sql.reading.run(
          data.readingId,
          data.indicatorId,
          revision,
          data.value,
          data.periodDate,
          data.source,
          data.correctedAt,
          data.correctsReadingId,
          data.reason,
        );
        sql.superseded.run(data.readingId, data.correctsReadingId);
        sql.revision.run(revision, data.indicatorId);
        return;
      }
    }
  },
};
