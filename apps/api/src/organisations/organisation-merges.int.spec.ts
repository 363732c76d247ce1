import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { actionStreamId, organisationStreamId, partnershipStreamId, type Actor } from '@ledger/domain';
import { ANY, SCHEMA_VERSION, SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import type { OrganisationMerged } from '@ledger/domain';
import { Ledger } from '../ledger/ledger.service.js';
import { OrganisationMerges } from './organisation-merges.js';

const survivor = '0190a1b2-0000-7000-8000-0000000000c1';
const duplicate = '0190a1b2-0000-7000-8000-0000000000c2';
const north = '0190a1b2-0000-7000-8000-0000000000a1';
const dissolved = '0190a1b2-0000-7000-8000-0000000000a2';
const openAction = '0190a1b2-0000-7000-8000-0000000000b1';
const completedAction = '0190a1b2-0000-7000-8000-0000000000b2';
const at = '2026-01-05T09:00:00.000Z';
const actor: Actor = { personId: '0190a1b2-0000-7000-8000-0000000000e1', grantId: null, role: 'PLATFORM_ADMIN', organisationId: null };
const metadata = { actor, correlationId: 'merge-test', causationId: 'setup', schemaVersion: SCHEMA_VERSION };

/** A merge recorded, then interrupted before any consequence was written: completing it twice writes each once. */
describe('completing an organisation merge from its record', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-merges-'));
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  const ledger = new Ledger(store, { clock: () => new Date('2026-02-01T09:00:00.000Z') });
  const merges = new OrganisationMerges(store, { clock: () => new Date('2026-02-01T09:00:00.000Z') }, ledger);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = (streamId: string, ...events: { type: string; data: object }[]) =>
    store.appendToStream(
      streamId,
      events.map((event) => ({ id: randomUUID(), ...event, metadata })),
      { expectedRevision: ANY },
    );
  const typesIn = async (streamId: string) => (await store.readStream(streamId)).map((event) => event.type);
  const planned = (actionId: string, partnershipId: string) => ({
    type: 'ActionPlanned',
    data: { actionId, commitmentId: null, partnershipId, owningOrganisationId: duplicate, title: 'Lot 2', dueDate: '2026-12-31', leadMemberId: null, planId: null, plannedAt: at },
  });

  it('joins the survivor where the duplicate was, reassigns its open actions, skips what no longer applies, and writes each once', async () => {
    for (const [organisationId, name] of [[survivor, 'NHFT'], [duplicate, 'N.H.F.T.']] as const) {
      await append(organisationStreamId(organisationId), { type: 'OrganisationRegistered', data: { organisationId, name, sector: 'HEALTH', registeredAt: at } });
    }
    for (const partnershipId of [north, dissolved]) {
      await append(
        partnershipStreamId(partnershipId),
        { type: 'PartnershipFormed', data: { partnershipId, name: `Board ${partnershipId}`, level: 'PLACE', parentPartnershipId: null, timeZone: 'Europe/London', formedAt: at } },
        { type: 'OrganisationJoinedPartnership', data: { partnershipId, organisationId: duplicate, joinedAt: at } },
      );
    }
    await append(partnershipStreamId(dissolved), { type: 'PartnershipDissolved', data: { partnershipId: dissolved, reason: 'Wound up', dissolvedOn: '2026-01-31', dissolvedAt: at } });
    await append(actionStreamId(openAction), planned(openAction, north));
    await append(actionStreamId(completedAction), planned(completedAction, north), {
      type: 'ActionUpdateSubmitted',
      data: { actionId: completedAction, updateId: '0190a1b2-0000-7000-8000-0000000000f1', status: 'COMPLETED', percentComplete: 100, whatHasHappened: 'Done', whatMoreIsToBeDone: null, evidenceLinks: [], submittedAt: at },
    });
    await append(organisationStreamId(duplicate), {
      type: 'OrganisationMerged',
      data: { organisationId: duplicate, survivorId: survivor, reason: 'Registered twice', partnershipIds: [north, dissolved], actionIds: [openAction, completedAction], mergedAt: at },
    });
    const record = (await merges.recordOf(duplicate)) as RecordedEvent<OrganisationMerged['data']>;

    const first = await merges.complete(record);
    const second = await merges.complete(record);
    expect(second).toEqual(first);

    expect(await typesIn(organisationStreamId(survivor))).toEqual(['OrganisationRegistered', 'OrganisationAbsorbed']);
    expect(await typesIn(partnershipStreamId(north))).toEqual(['PartnershipFormed', 'OrganisationJoinedPartnership', 'OrganisationJoinedPartnership']);
    // Read-only: the survivor does not join a dissolved partnership.
    expect(await typesIn(partnershipStreamId(dissolved))).toEqual(['PartnershipFormed', 'OrganisationJoinedPartnership', 'PartnershipDissolved']);
    const reassigned = (await store.readStream(actionStreamId(openAction))).at(-1)!;
    expect(reassigned).toMatchObject({
      type: 'ActionReassigned',
      data: { owningOrganisationId: survivor, previousOwningOrganisationId: duplicate, reason: 'Merged into NHFT: Registered twice' },
      metadata: { actor, correlationId: record.metadata.correlationId },
    });
    // A completed action keeps its owner: history names the duplicate, which shows as merged.
    expect(await typesIn(actionStreamId(completedAction))).toEqual(['ActionPlanned', 'ActionUpdateSubmitted']);
  });
});
