import { describe, it } from '@jest/globals';
import { organisationStreamId, partnershipStreamId, type PartnershipEvent } from '@ledger/domain';
import { inStream, ProjectionSpecification, type GivenEvent } from '../testing/index.js';
import { partnershipDirectoryProjection } from './partnership-directory.projection.js';
import { PartnershipDirectoryQueries } from './partnership-directory.queries.js';

const llr = '0190a1b2-0000-7000-8000-000000000001';
const leicester = '0190a1b2-0000-7000-8000-000000000002';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const priority = '0190a1b2-0000-7000-8000-0000000000d1';
const at = '2026-01-05T09:00:00.000Z';

const formed = (partnershipId: string, name: string, parentPartnershipId: string | null, timeZone?: string): GivenEvent[] =>
  inStream(partnershipStreamId(partnershipId), {
    type: 'PartnershipFormed',
    data: { partnershipId, name, level: parentPartnershipId ? 'PLACE' : 'SYSTEM', parentPartnershipId, formedAt: at, ...(timeZone ? { timeZone } : {}) },
  });
const onLeicester = (...events: PartnershipEvent[]) => inStream(partnershipStreamId(leicester), ...events);
const registered = inStream(organisationStreamId(council), {
  type: 'OrganisationRegistered',
  data: { organisationId: council, name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT', registeredAt: at },
});
const joined: PartnershipEvent = { type: 'OrganisationJoinedPartnership', data: { partnershipId: leicester, organisationId: council, joinedAt: at } };
const appointed: PartnershipEvent = {
  type: 'MemberAppointed',
  data: { partnershipId: leicester, memberId: 'member-1', personId: 'person-1', organisationId: council, roleTitle: 'Director of Public Health', appointedAt: at },
};
const adopted: PartnershipEvent = {
  type: 'PriorityAdopted',
  data: { partnershipId: leicester, priorityId: priority, code: 'P1', title: 'Health equity in all policies', description: null, adoptedAt: at },
};

/** The directory fed events through the runner: rows after the events, and after a rebuild. */
describe('partnership directory read model', () => {
  const spec = ProjectionSpecification.for(partnershipDirectoryProjection);

  it('lists partnerships in the order formed, under their parents, in their time zones (Europe/London before time zones)', async () => {
    await spec
      .given([...formed(llr, 'LLR ICS', null, 'Europe/London'), ...formed(leicester, 'Leicester City HWB', llr)])
      .then('SELECT id, name, level, parent_id, time_zone, formed_at, revision, sequence FROM directory_partnerships ORDER BY sequence', [
        { id: llr, name: 'LLR ICS', level: 'SYSTEM', parent_id: null, time_zone: 'Europe/London', formed_at: at, revision: 0, sequence: 1 },
        { id: leicester, name: 'Leicester City HWB', level: 'PLACE', parent_id: llr, time_zone: 'Europe/London', formed_at: at, revision: 0, sequence: 2 },
      ]);
  });

  it('lists the partnerships directly beneath one in the order formed, not those further down', async () => {
    const rutland = '0190a1b2-0000-7000-8000-000000000003';
    const braunstone = '0190a1b2-0000-7000-8000-000000000004';
    await spec
      .given([...formed(llr, 'LLR ICS', null), ...formed(leicester, 'Leicester City HWB', llr), ...formed(braunstone, 'Braunstone', leicester), ...formed(rutland, 'Rutland HWB', llr)])
      .then((db) => new PartnershipDirectoryQueries(db).partnershipIdsBeneath(llr), [leicester, rutland]);
  });

  it('records organisations, who joined which partnership and who sits on its board, each moving the partnership revision', async () => {
    const given = spec.given([...formed(leicester, 'Leicester City HWB', null), ...registered, ...onLeicester(joined, appointed)]);
    await given.then('SELECT id, name, sector, registered_at FROM directory_organisations', [
      { id: council, name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT', registered_at: at },
    ]);
    await given.then('SELECT partnership_id, organisation_id, joined_at FROM directory_partnership_organisations', [
      { partnership_id: leicester, organisation_id: council, joined_at: at },
    ]);
    await given.then('SELECT id, partnership_id, person_id, organisation_id, role_title, appointed_at FROM directory_members', [
      { id: 'member-1', partnership_id: leicester, person_id: 'person-1', organisation_id: council, role_title: 'Director of Public Health', appointed_at: at },
    ]);
    // The organisation's own stream is not the partnership's: registering it moved nothing.
    await given.then('SELECT revision FROM directory_partnerships', [{ revision: 2 }]);
  });

  it('adopts and retires priorities, keeping the retired one with its reason', async () => {
    await spec
      .given([
        ...formed(leicester, 'Leicester City HWB', null),
        ...onLeicester(adopted, { type: 'PriorityRetired', data: { partnershipId: leicester, priorityId: priority, reason: 'Folded into P2', retiredAt: at } }),
      ])
      .then(
        (db) => ({
          priorities: db.prepare('SELECT id, partnership_id, code, title, description, adopted_at, retired_at, retired_reason, revision FROM directory_priorities').all(),
          partnership: db.prepare('SELECT revision FROM directory_partnerships').get(),
        }),
        {
          priorities: [
            {
              id: priority,
              partnership_id: leicester,
              code: 'P1',
              title: 'Health equity in all policies',
              description: null,
              adopted_at: at,
              retired_at: at,
              retired_reason: 'Folded into P2',
              revision: 2,
            },
          ],
          partnership: { revision: 2 },
        },
      );
  });

  it('keeps corrections as marks on the rows: renamed, merged, left and joined again, seats vacated, dissolved', async () => {
    const duplicate = '0190a1b2-0000-7000-8000-0000000000c2';
    const later = '2026-02-01T09:00:00.000Z';
    await spec
      .given([
        ...formed(leicester, 'Leicester City HWB', null),
        ...registered,
        ...inStream(organisationStreamId(council), {
          type: 'OrganisationRenamed',
          data: { organisationId: council, name: 'Leicester City Council (LCC)', previousName: 'Leicester City Council', reason: 'Style', renamedAt: later },
        }),
        ...inStream(
          organisationStreamId(duplicate),
          { type: 'OrganisationRegistered', data: { organisationId: duplicate, name: 'Leicester City Council.', sector: 'LOCAL_GOVERNMENT', registeredAt: at } },
          { type: 'OrganisationMerged', data: { organisationId: duplicate, survivorId: council, reason: 'Twice', partnershipIds: [], actionIds: [], mergedAt: later } },
        ),
        ...onLeicester(
          joined,
          appointed,
          { type: 'MemberVacated', data: { partnershipId: leicester, memberId: 'member-1', reason: 'Left', vacatedAt: later } },
          { type: 'OrganisationLeftPartnership', data: { partnershipId: leicester, organisationId: council, reason: 'Left', leftAt: later } },
          { ...joined, data: { ...joined.data, joinedAt: later } },
          { type: 'PartnershipDissolved', data: { partnershipId: leicester, reason: 'Wound up', dissolvedOn: '2026-01-31', dissolvedAt: later } },
        ),
      ])
      .then(
        (db) => ({
          organisations: db.prepare('SELECT id, name, name_key, merged_into FROM directory_organisations ORDER BY id').all(),
          joined: db.prepare('SELECT organisation_id, joined_at, left_at FROM directory_partnership_organisations').all(),
          members: db.prepare('SELECT id, vacated_at, vacated_reason FROM directory_members').all(),
          partnership: db.prepare('SELECT dissolved_on, dissolved_reason, revision FROM directory_partnerships').get(),
        }),
        {
          organisations: [
            { id: council, name: 'Leicester City Council (LCC)', name_key: 'leicester city council lcc', merged_into: null },
            { id: duplicate, name: 'Leicester City Council.', name_key: 'leicester city council', merged_into: council },
          ],
          joined: [{ organisation_id: council, joined_at: later, left_at: null }],
          members: [{ id: 'member-1', vacated_at: later, vacated_reason: 'Left' }],
          partnership: { dissolved_on: '2026-01-31', dissolved_reason: 'Wound up', revision: 6 },
        },
      );
  });
});
