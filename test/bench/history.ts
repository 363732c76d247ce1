import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { actionStreamId, commitmentStreamId } from '@ledger/domain';
import { ANY, SCHEMA_VERSION, SqliteEventStore, type NewEvent } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';
import { BoardViewsQueries, describeEvent, historyProjection, HistoryQueries, historySubject, MeetingsQueries, openReadModelDatabase, ProjectionRunner } from '@ledger/projections';
import { AsOfReadModels } from '../../apps/api/src/as-of/as-of-read-models.js';
import type { BenchReport } from './results.js';

/** The ceiling for a history or a fold: reading the same events from the log raw, in batches of 1,000, and nothing else. */
async function rawRead(store: SqliteEventStore, upTo = Infinity): Promise<{ ms: number; events: number }> {
  const start = process.hrtime.bigint();
  let events = 0;
  for (let after: Awaited<ReturnType<typeof store.readAll>>[number]['position'] | undefined; events < upTo; ) {
    const batch = await store.readAll({ after, maxCount: 1000 });
    events += batch.length;
    if (batch.length < 1000) break;
    after = batch.at(-1)!.position;
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, events };
}

/**
 * History query time against the length of the history asked for and the size of the log around it:
 * one commitment whose action has `length` updates, among `logSize` other events. A page of 50 and a
 * walk of the whole history in pages of 100, each worded by describeEvent as the API does.
 */
const metadata = { actor: { personId: 'bench', grantId: 'bench', role: 'SECRETARIAT' as const, organisationId: null }, correlationId: 'bench', causationId: 'bench', schemaVersion: SCHEMA_VERSION };
const at = new Date().toISOString();
const event = (type: string, data: object): NewEvent => ({ id: uuidv7(), type, data, metadata });

function commitmentWithUpdates(length: number) {
  const commitmentId = uuidv7();
  const actionId = uuidv7();
  const made = event('CommitmentMade', { commitmentId, partnershipId: 'p', owningOrganisationId: 'o', contributingOrganisationIds: [], title: 'Bench', description: 'd', priorityIds: [], targetDate: null, sourceReference: null, madeAt: at });
  const planned = event('ActionPlanned', { actionId, commitmentId, partnershipId: 'p', owningOrganisationId: 'o', title: 'Bench action', dueDate: '2030-01-01', leadMemberId: null, planId: null, plannedAt: at });
  const updates = Array.from({ length: length - 2 }, (_, i) =>
    event('ActionUpdateSubmitted', { actionId, updateId: uuidv7(), status: 'ON_TRACK', previousStatus: 'ON_TRACK', percentComplete: i % 100, whatHasHappened: `Update ${i}`, whatMoreIsToBeDone: null, evidenceLinks: [], submittedAt: at }),
  );
  return { commitmentId, actionId, made, planned, updates };
}

function time<T>(run: () => T, repeat: number): { ms: number; result: T } {
  let result!: T;
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) result = run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6 / repeat, result };
}

export async function benchHistory(report: BenchReport, dir: string, logSizes: readonly number[], lengths: readonly number[]) {
  for (const logSize of logSizes) {
    const store = new SqliteEventStore({ filename: join(dir, `history-${logSize}.sqlite`) });
    const commitments = lengths.map(commitmentWithUpdates);
    for (const { commitmentId, actionId, made, planned } of commitments) {
      await store.appendToStream(commitmentStreamId(commitmentId), [made], { expectedRevision: ANY });
      await store.appendToStream(actionStreamId(actionId), [planned], { expectedRevision: ANY });
    }
    // Other commitments' events interleaved with these histories' updates, 100 at a time.
    const noise = Array.from({ length: logSize / 2 }, () => commitmentWithUpdates(2));
    let next = 0;
    for (let round = 0; ; round++) {
      let wrote = false;
      for (const { actionId, updates } of commitments) {
        const batch = updates.slice(round * 100, round * 100 + 100);
        if (batch.length) (wrote = true), await store.appendToStream(actionStreamId(actionId), batch, { expectedRevision: ANY });
      }
      for (const other of noise.slice(next, (next += 50))) {
        wrote = true;
        await store.appendToStream(commitmentStreamId(other.commitmentId), [other.made], { expectedRevision: ANY });
        await store.appendToStream(actionStreamId(other.actionId), [other.planned], { expectedRevision: ANY });
      }
      if (!wrote) break;
    }
    const db = openReadModelDatabase(join(dir, `history-read-${logSize}.sqlite`));
    await new ProjectionRunner(store, db, [historyProjection]).rebuild([]);
    const queries = new HistoryQueries(db);
    const logEvents = await store.countEventsAfter();
    for (const [index, length] of lengths.entries()) {
      const subject = historySubject('commitment', commitments[index]!.commitmentId);
      const page = time(() => queries.history(subject, { afterSequence: 0, limit: 51 }).rows.map((row) => describeEvent(row, row.context)), 50);
      const walk = time(() => {
        let after = 0;
        let read = 0;
        for (;;) {
          const { rows } = queries.history(subject, { afterSequence: after, limit: 100 });
          rows.forEach((row) => describeEvent(row, row.context));
          read += rows.length;
          if (rows.length < 100) return read;
          after = rows.at(-1)!.sequence;
        }
      }, 5);
      // Ceiling: the same history's events read raw from its action's stream, unworded.
      const rawStart = process.hrtime.bigint();
      for (let i = 0; i < 5; i++) await store.readStream(actionStreamId(commitments[index]!.actionId));
      const rawMs = Number(process.hrtime.bigint() - rawStart) / 1e6 / 5;
      report.add({
        figure: `6 history of ${walk.result.toLocaleString('en-GB')} events, log ${logEvents.toLocaleString('en-GB')}`,
        ours: { value: walk.ms, unit: 'ms for the whole history in pages of 100' },
        ceiling: { what: 'the stream read raw', value: rawMs, unit: 'ms' },
        ratio: { kind: 'timesCeiling', value: walk.ms / rawMs },
        note: `first page of 50: ${page.ms.toFixed(2)} ms`,
      });
    }

    // As of: the first read at a position folds the log up to it through every projection; a repeat is served from the fold kept.
    const personalData = new PersonalDataStore(join(dir, `people-${logSize}.sqlite`));
    const asOf = new AsOfReadModels(store, { clock: () => new Date() }, personalData, new MeetingsQueries(db), new BoardViewsQueries(db));
    const head = (await store.headPosition())!;
    const ceiling = await rawRead(store);
    let start = process.hrtime.bigint();
    await asOf.at({ position: head });
    const cold = Number(process.hrtime.bigint() - start) / 1e6;
    start = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) await asOf.at({ position: head });
    const warm = Number(process.hrtime.bigint() - start) / 1e6 / 20;
    report.add({
      figure: `6 as-of at the head, log ${logEvents.toLocaleString('en-GB')}`,
      ours: { value: cold, unit: 'ms for the first read (folds the log)' },
      ceiling: { what: 'the log read raw', value: ceiling.ms, unit: 'ms' },
      ratio: { kind: 'timesCeiling', value: cold / ceiling.ms },
      note: `a repeat from the kept fold: ${warm.toFixed(2)} ms`,
    });
    personalData.close();
    db.close();
    await store.close();
  }
}
