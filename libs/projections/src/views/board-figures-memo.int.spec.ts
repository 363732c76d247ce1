import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ragOf, type ActionStatus } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { DomainEvent } from '../projection.js';
import { openReadModelDatabase, type ReadModelDatabase } from '../read-model-database.js';
import { BoardFiguresMemo } from './board-figures-memo.js';
import { boardViewsProjection } from './board-views.projection.js';
import { BoardViewsQueries } from './board-views.queries.js';

const [a, b] = ['0190a1b2-0000-7000-8000-0000000000a1', '0190a1b2-0000-7000-8000-0000000000b1'];
const organisationId = '0190a1b2-0000-7000-8000-0000000000c1';
const at = '2026-06-30T10:00:00.000Z';
/** Noon in London on 24 November 2026. */
const now = new Date('2026-11-24T12:00:00.000Z');
const tomorrow = new Date('2026-11-25T12:00:00.000Z');

/** Applies events as the projection runner would (the handlers read type and data only). */
const apply = (db: ReadModelDatabase, ...events: DomainEvent[]) =>
  db.transaction(() => events.forEach((event) => boardViewsProjection.apply(db, event as unknown as RecordedEvent)))();

const formed = (partnershipId: string): DomainEvent => ({
  type: 'PartnershipFormed',
  data: { partnershipId, name: `Board ${partnershipId.slice(-2)}`, level: 'PLACE', parentPartnershipId: null, timeZone: 'Europe/London', formedAt: at },
});
const planned = (partnershipId: string, actionId: string, dueDate: string): DomainEvent => ({
  type: 'ActionPlanned',
  data: {
    actionId, commitmentId: null, partnershipId, owningOrganisationId: organisationId, owningPartnershipId: null, title: 'Action', dueDate,
    leadMemberId: null, planId: null, plannedAt: at, raisedAt: null,
  },
} as unknown as DomainEvent);
const updated = (actionId: string, status: ActionStatus): DomainEvent => ({
  type: 'ActionUpdateSubmitted',
  data: {
    actionId, updateId: `${actionId.slice(0, -4)}ffff`, status, previousStatus: 'NOT_STARTED', percentComplete: null, whatHasHappened: 'Progress',
    whatMoreIsToBeDone: null, evidenceLinks: [], submittedAt: '2026-11-24T09:00:00.000Z', reportedOn: '2026-11-24',
  },
});
const actionId = (partnershipId: string, n: number) => `${partnershipId.slice(0, -6)}${partnershipId.slice(-2)}${String(n).padStart(4, '0')}`;

describe('the board figures memo', () => {
  let db: ReadModelDatabase;
  beforeEach(() => {
    db = openReadModelDatabase(':memory:');
    boardViewsProjection.setUp(db);
    apply(db, { type: 'OrganisationRegistered', data: { organisationId, name: 'Council', sector: 'LOCAL_GOVERNMENT', registeredAt: at } });
    // Each board: one action due today (overdue tomorrow), one due in the spring.
    for (const partnershipId of [a, b]) apply(db, formed(partnershipId), planned(partnershipId, actionId(partnershipId, 1), '2026-11-24'), planned(partnershipId, actionId(partnershipId, 2), '2027-03-01'));
  });
  afterEach(() => {
    db.close();
  });

  it('a write to one partnership is read at once in its figures, and leaves the other’s kept', () => {
    const views = new BoardViewsQueries(db);
    const [beforeA, beforeB] = [views.actionFigures({ partnershipId: a }, now), views.actionFigures({ partnershipId: b }, now)];
    const pageOfA = views.actions({ partnershipId: a, status: 'COMPLETED' }, null, now, 'DUE_DATE_ASC', null, 10);
    expect([beforeA.completed, beforeB.completed, pageOfA]).toEqual([0, 0, []]);

    apply(db, updated(actionId(a, 2), 'COMPLETED'));
    const [afterA, afterB] = [views.actionFigures({ partnershipId: a }, now), views.actionFigures({ partnershipId: b }, now)];
    expect(afterA.completed).toBe(1);
    expect(afterA.byRag.GREEN).toBe(beforeA.byRag.GREEN + 1);
    expect(views.actions({ partnershipId: a, status: 'COMPLETED' }, null, now, 'DUE_DATE_ASC', null, 10).map((row) => row.id)).toEqual([actionId(a, 2)]);
    expect(views.actionFiguresByOwner(a, now)[0]!.figures.completed).toBe(1);
    // A commitment made is in the partnership's list at once.
    const commitments = views.commitmentIds(a, null);
    apply(db, {
      type: 'CommitmentMade',
      data: {
        commitmentId: actionId(a, 9), partnershipId: a, owningOrganisationId: organisationId, contributingOrganisationIds: [], title: 'Audit',
        description: 'Audit.', priorityIds: [], targetDate: null, sourceReference: null, madeAt: at,
      },
    } as unknown as DomainEvent);
    expect(views.commitmentIds(a, null)).toEqual([...commitments, actionId(a, 9)]);
    // B's figures were not worked out again: the very object kept before the write.
    expect(afterB).toBe(beforeB);
  });

  it('judges again tomorrow without any write', () => {
    const views = new BoardViewsQueries(db);
    expect(views.actionFigures({ partnershipId: a }, now).overdue).toBe(0);
    expect(views.actionCount({ partnershipId: a, overdue: true }, null, now)).toBe(0);
    expect(views.actionFigures({ partnershipId: a }, tomorrow).overdue).toBe(1);
    expect(views.actionCount({ partnershipId: a, overdue: true }, null, tomorrow)).toBe(1);
    expect(views.priorityCoverage(a, tomorrow)).toEqual([]);
  });

  it('keeps at most its capacity, the least recently used out first', () => {
    const views = new BoardViewsQueries(db, 2);
    const first = views.actionFigures({ partnershipId: a }, now);
    views.actionFigures({ partnershipId: b }, now);
    expect(views.actionFigures({ partnershipId: a }, now)).toBe(first);
    views.actionFiguresByOwner(a, now);
    expect(views.memo.size).toBe(2);
    // B's figures were the least recently used: worked out again, equal but not the same object.
    const again = views.actionFigures({ partnershipId: b }, now);
    expect(views.memo.size).toBe(2);
    expect(views.actionFigures({ partnershipId: a }, now)).not.toBe(first);
    expect(again).toEqual(views.actionFigures({ partnershipId: b }, now));
    views.memo.clear();
    expect(views.memo.size).toBe(0);
    expect(() => new BoardFiguresMemo(0)).toThrow('capacity must be a whole number of at least 1 (got 0)');
  });
});

describe('RAG in SQL', () => {
  it('is the domain’s ragOf for every status, due date, completion and closing, in one partnership and across', () => {
    const db = openReadModelDatabase(':memory:');
    boardViewsProjection.setUp(db);
    apply(db, formed(a));
    const today = '2026-11-24';
    const cases: { id: string; status: ActionStatus; dueDate: string; completedOn: string | null; commitmentClosed: boolean }[] = [];
    const statuses: ActionStatus[] = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETED', 'CANCELLED'];
    // Due yesterday, today, at and past the 14 days' amber edge, far ahead; completed early, on the day, late, or with no date.
    const dues = ['2026-11-23', today, '2026-12-08', '2026-12-09', '2027-06-01'];
    const completions = [null, '2026-11-01', today, '2026-12-31'];
    for (const status of statuses) for (const dueDate of dues) for (const completedOn of completions) for (const commitmentClosed of [false, true]) {
      cases.push({ id: actionId(a, cases.length + 1), status, dueDate, completedOn, commitmentClosed });
    }
    const insert = db.prepare(
      `INSERT INTO board_actions (id, partnership_id, commitment_id, owning_organisation_id, owning_partnership_id, status, due_date, completed_on,
         planned_on, last_reported_on, raised_at_meeting_id, commitment_closed) VALUES (?, ?, NULL, NULL, NULL, ?, ?, ?, '2026-06-30', NULL, NULL, ?)`,
    );
    for (const c of cases) insert.run(c.id, a, c.status, c.dueDate, c.completedOn, c.commitmentClosed ? 1 : 0);
    const views = new BoardViewsQueries(db);
    const expected = new Map(cases.map((c) => [c.id, ragOf(c, today, { amberWithinDays: 14 })]));
    const across = views.ragOfEach(cases.map((c) => c.id), now);
    const inOne = new Map(views.actions({ partnershipId: a }, null, now, 'DUE_DATE_ASC', null, cases.length).map((row) => [row.id, row.rag]));
    expect(Object.fromEntries(across)).toEqual(Object.fromEntries(expected));
    expect(Object.fromEntries(inOne)).toEqual(Object.fromEntries(expected));
    db.close();
  });
});
