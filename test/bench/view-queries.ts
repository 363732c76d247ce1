import Database from 'better-sqlite3';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fullScans, recordingDatabase, VIEW_QUERIES, viewReadModelsOf, type ViewSubjects } from '../../libs/projections/src/testing/view-queries.js';

/**
 * `node dist/test/bench/view-queries.js --data-dir <dir> [--runs 15]`: each board view's reads, through
 * the query classes, on a data folder's read models (the national dataset after `cli rebuild`), on the
 * largest partnership: median and slowest time, and any table read whole. Read-only.
 */
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, runs: { type: 'string', default: '15' } } });
if (!values['data-dir']) throw new Error('--data-dir is required: a data folder whose read-models.sqlite is built');
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1; got "${values.runs}"`);

const db = new Database(join(values['data-dir'], 'read-models.sqlite'), { readonly: true });
const one = <Row>(sql: string, ...params: unknown[]) => db.prepare<unknown[], Row>(sql).get(...params);
const ids = (sql: string, ...params: unknown[]) => db.prepare<unknown[], { id: string }>(sql).all(...params).map((row) => row.id);

const partnershipId = one<{ id: string }>('SELECT partnership_id AS id, COUNT(*) AS n FROM board_actions GROUP BY partnership_id ORDER BY n DESC LIMIT 1')!.id;
const commitmentIds = ids('SELECT id FROM board_commitments WHERE partnership_id = ? ORDER BY sequence LIMIT 50', partnershipId);
const subjects: ViewSubjects = {
  partnershipId,
  organisationId: one<{ id: string }>(
    'SELECT owning_organisation_id AS id, COUNT(*) AS n FROM board_actions WHERE partnership_id = ? AND owning_organisation_id IS NOT NULL GROUP BY 1 ORDER BY n DESC LIMIT 1',
    partnershipId,
  )!.id,
  owningPartnershipId: one<{ id: string }>('SELECT owning_partnership_id AS id FROM board_actions WHERE owning_partnership_id IS NOT NULL LIMIT 1')?.id ?? partnershipId,
  commitmentIds,
  actionIds: ids('SELECT id FROM tracker_actions WHERE commitment_id IN (SELECT value FROM json_each(?)) LIMIT 50', JSON.stringify(commitmentIds)),
  indicatorIds: ids('SELECT id FROM indicator_definitions WHERE partnership_id = ? LIMIT 50', partnershipId),
  meetingId: ids('SELECT id FROM meetings WHERE partnership_id = ? LIMIT 1', partnershipId)[0] ?? 'none',
  now: new Date('2026-11-24T12:00:00Z'),
  today: '2026-11-24',
};
const sizes = one('SELECT (SELECT COUNT(*) FROM board_actions) AS actions, (SELECT COUNT(*) FROM board_actions WHERE partnership_id = ?) AS actionsOfLargestPartnership', partnershipId);
console.log(JSON.stringify(sizes));

const recorder = recordingDatabase(db);
const models = viewReadModelsOf(recorder.db);
console.log('| view query | median ms | slowest ms | tables read whole |\n|---|---:|---:|---|');
for (const query of VIEW_QUERIES) {
  query.run(models, subjects); // prepares its statements
  const scans = new Set(recorder.take().flatMap((statement) => fullScans(db, statement)));
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    // Each run works its figures out: a kept partnership's figures would time the memo, not the statements.
    models.views.memo.clear();
    const start = process.hrtime.bigint();
    query.run(models, subjects);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    recorder.take();
  }
  times.sort((a, b) => a - b);
  console.log(`| ${query.name} | ${times[Math.floor(runs / 2)]!.toFixed(2)} | ${times.at(-1)!.toFixed(2)} | ${[...scans].join(', ')} |`);
}
