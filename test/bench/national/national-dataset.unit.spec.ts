import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import { generateNationalDataset, nationalCounts, NATIONAL } from './national-dataset.js';

const TINY = 0.0005;

async function generate(dir: string, name: string, seed: string) {
  const store = new SqliteEventStore({ filename: join(dir, `${name}.sqlite`), synchronous: 'NORMAL' });
  try {
    const result = await generateNationalDataset(store, { scale: TINY, seed });
    const log: RecordedEvent[] = [];
    for (let batch = await store.readAll({ maxCount: 1000 }); batch.length; batch = await store.readAll({ after: batch.at(-1)!.position, maxCount: 1000 })) log.push(...batch);
    return { result, log };
  } finally {
    await store.close();
  }
}

describe('the national dataset', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'national-dataset-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the national figures at scale 1: 5,000,000 updates and readings among 500,000 actions', () => {
    const counts = nationalCounts(1);
    expect(counts).toMatchObject({ systems: 42, places: 150, organisations: 5_000, commitments: 100_000, actions: 500_000 });
    expect(counts.updates + counts.readings).toBe(5_000_000);
    expect(nationalCounts(0.01)).toMatchObject({ commitments: 1_000, actions: 5_000, updates: NATIONAL.updates / 100 });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses scale %p, naming --scale and its range', (scale) => {
    expect(() => nationalCounts(scale)).toThrow(/--scale must be a number above 0 and at most 1/);
  });

  it('writes the same ledger for the same seed: the same streams, event types and counts, in the same order', async () => {
    const first = await generate(dir, 'first', 'seed-a');
    const second = await generate(dir, 'second', 'seed-a');
    const counts = nationalCounts(TINY);

    expect(first.result.eventsByType).toEqual(second.result.eventsByType);
    expect(first.result.streamsByKind).toEqual(second.result.streamsByKind);
    expect(first.log.map((e) => [e.streamId, e.type, e.id])).toEqual(second.log.map((e) => [e.streamId, e.type, e.id]));
    expect(first.log.map((e) => e.data)).toEqual(second.log.map((e) => e.data));
    // The hash covers ids, data and metadata but not the recorded time, so the chains (and Merkle roots) agree too.
    expect(first.log.map((e) => e.metadata.hash)).toEqual(second.log.map((e) => e.metadata.hash));
    // The figures asked for are the figures written.
    expect(first.result.eventsByType).toMatchObject({
      OrganisationRegistered: counts.organisations,
      CommitmentMade: counts.commitments,
      ActionPlanned: counts.actions,
      ActionUpdateSubmitted: counts.updates,
      IndicatorDefined: counts.indicators,
      IndicatorReadingRecorded: counts.readings,
      MeetingScheduled: counts.meetings,
      MinuteItemRecorded: 2 * counts.meetings,
      AllyshipPairingProposed: counts.pairings,
    });
    expect(first.result.streamsByKind).toMatchObject({ partnership: counts.systems + counts.places, action: counts.actions });
    expect(first.log).toHaveLength(first.result.events);

    const other = await generate(dir, 'other', 'seed-b');
    expect(other.log.map((e) => e.streamId)).not.toEqual(first.log.map((e) => e.streamId));
  });

  it('has every command accepted by its decider: each wrote its events under its own causation, and streams interleave', async () => {
    const { result, log } = await generate(dir, 'accepted', 'seed-c');
    // decide throws on a refused command, so generation finishing is the acceptance; each command is one causation in the log.
    expect(new Set(log.map((e) => e.metadata.causationId)).size).toBe(result.commands);
    expect(result.commands).toBeGreaterThan(0);
    // Partners report on their own organisation's actions; the secretariat on the rest.
    const updates = log.filter((e) => e.type === 'ActionUpdateSubmitted');
    expect(updates.some((e) => e.metadata.actor.role === 'PARTNER')).toBe(true);
    // Every actor acts under a grant the ledger recorded before it acted (the operator, bootstrapping, under none).
    const granted = new Set<string>();
    for (const event of log) {
      const { grantId } = event.metadata.actor;
      expect(grantId === null ? event.type : granted.has(grantId) ? 'granted' : `${event.type} under ungranted ${grantId}`).toMatch(/granted|RoleGranted/);
      if (event.type === 'RoleGranted') granted.add((event.data as { grantId: string }).grantId);
    }
    expect(granted.size).toBe(2 + result.counts.organisations + result.counts.systems + result.counts.places);
    // Skew: the longest action holds far more updates than the average.
    expect(result.longestActionUpdates).toBeGreaterThan((5 * result.counts.updates) / result.counts.actions);
    // In flight together: an action stream's events are not all contiguous in the log.
    const actionRuns = log.reduce((runs, e, i) => runs + (e.streamId.startsWith('action-') && log[i - 1]?.streamId !== e.streamId ? 1 : 0), 0);
    expect(actionRuns).toBeGreaterThan(result.counts.actions);
  });
});
