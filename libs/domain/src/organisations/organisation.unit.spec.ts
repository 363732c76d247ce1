import { describe, it, expect } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { normaliseOrganisationName, organisationDecider, type MergeOrganisation, type OrganisationEvent, type OrganisationRegistered } from './organisation.js';

const spec = DeciderSpecification.for(organisationDecider);
const metadata = { now: new Date('2021-03-25T10:00:00.000Z') };
const organisationId = '0190a1b2-0000-7000-8000-0000000000c1';

describe('registering an organisation', () => {
  it('registers it with its sector', () =>
    spec
      .given([])
      .when({ type: 'RegisterOrganisation', data: { organisationId, name: ' Leicester City Council ', sector: 'LOCAL_GOVERNMENT' }, metadata })
      .then([
        {
          type: 'OrganisationRegistered',
          data: { organisationId, name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT', registeredAt: '2021-03-25T10:00:00.000Z' },
        },
      ]));

  it('refuses a sector outside the six', () =>
    spec
      .given([])
      .when({ type: 'RegisterOrganisation', data: { organisationId, name: 'Acme', sector: 'MILITARY' }, metadata })
      .thenThrows(ValidationError, (error) => expect([error.field, error.rule]).toEqual(['sector', 'isEnum'])));

  it('refuses registering twice', () =>
    spec
      .given([{ type: 'OrganisationRegistered', data: { organisationId, name: 'Acme', sector: 'BUSINESS', registeredAt: '2021-01-01T00:00:00.000Z' } }])
      .when({ type: 'RegisterOrganisation', data: { organisationId, name: 'Acme', sector: 'BUSINESS' }, metadata })
      .thenThrows(IllegalStateError));
});

const survivorId = '0190a1b2-0000-7000-8000-0000000000c2';
const partnershipId = '0190a1b2-0000-7000-8000-0000000000a1';
const actionId = '0190a1b2-0000-7000-8000-0000000000b1';
const registered: OrganisationRegistered = { type: 'OrganisationRegistered', data: { organisationId, name: 'Acme', sector: 'BUSINESS', registeredAt: '2021-01-01T00:00:00.000Z' } };
const merged: OrganisationEvent = {
  type: 'OrganisationMerged',
  data: { organisationId, survivorId, reason: 'Registered twice', partnershipIds: [], actionIds: [], mergedAt: '2021-02-01T00:00:00.000Z' },
};

describe('normalised names', () => {
  it.each([
    ['St. Mary’s Hospital & Clinic', 'st marys hospital and clinic'],
    ['  LEICESTER   City Council ', 'leicester city council'],
    ['Leicester City Council', 'leicester city council'],
  ])('reads %p as %p', (name, expected) => expect(normaliseOrganisationName(name)).toBe(expected));
});

describe('a duplicate name', () => {
  const sameName = [{ organisationId: survivorId, name: 'ACME.' }];

  it('is refused naming the organisation that has it', () =>
    spec
      .given([])
      .when({ type: 'RegisterOrganisation', data: { organisationId, name: 'Acme', sector: 'BUSINESS', sameName }, metadata })
      .thenThrows(ValidationError, (error) => {
        expect([error.field, error.rule]).toEqual(['name', 'duplicateName']);
        expect(error.message).toContain(survivorId);
      }));

  it('is registered when the caller says it is a different body', () =>
    spec
      .given([])
      .when({ type: 'RegisterOrganisation', data: { organisationId, name: 'Acme', sector: 'BUSINESS', sameName, allowDuplicateName: true }, metadata })
      .then([{ type: 'OrganisationRegistered', data: { organisationId, name: 'Acme', sector: 'BUSINESS', registeredAt: metadata.now.toISOString() } }]));
});

describe('renaming an organisation', () => {
  it('records the new name beside the old one, with the reason', () =>
    spec
      .given([registered])
      .when({ type: 'RenameOrganisation', data: { organisationId, name: 'Acme Ltd', reason: 'Incorporated', sameName: [{ organisationId, name: 'Acme' }] }, metadata })
      .then([
        { type: 'OrganisationRenamed', data: { organisationId, name: 'Acme Ltd', previousName: 'Acme', reason: 'Incorporated', renamedAt: metadata.now.toISOString() } },
      ]));

  it('refuses the name it already has', () =>
    spec
      .given([registered])
      .when({ type: 'RenameOrganisation', data: { organisationId, name: 'Acme', reason: 'Typo' }, metadata })
      .thenThrows(ValidationError, (error) => expect([error.field, error.rule]).toEqual(['name', 'changed'])));

  it('refuses a merged organisation', () =>
    spec
      .given([registered, merged])
      .when({ type: 'RenameOrganisation', data: { organisationId, name: 'Acme Ltd', reason: 'Typo' }, metadata })
      .thenThrows(IllegalStateError, (error) => expect(error.message).toContain(survivorId)));
});

describe('merging a duplicate', () => {
  const merge = (overrides: Partial<MergeOrganisation['data']> = {}) =>
    ({
      type: 'MergeOrganisation',
      data: { organisationId, survivorId, reason: 'Registered twice', survivor: { registered: true, mergedInto: null }, partnershipIds: [partnershipId], actionIds: [actionId], ...overrides },
      metadata,
    }) as const;

  it('records what the survivor takes over', () =>
    spec
      .given([registered])
      .when(merge())
      .then([
        {
          type: 'OrganisationMerged',
          data: { organisationId, survivorId, reason: 'Registered twice', partnershipIds: [partnershipId], actionIds: [actionId], mergedAt: metadata.now.toISOString() },
        },
      ]));

  it('refuses merging an organisation into itself', () =>
    spec.given([registered]).when(merge({ survivorId: organisationId })).thenThrows(ValidationError, (error) => expect(error.rule).toBe('notSelf')));

  it('refuses a second merge of a duplicate already merged', () => spec.given([registered, merged]).when(merge()).thenThrows(IllegalStateError));

  it('refuses a survivor that is not registered', () =>
    spec.given([registered]).when(merge({ survivor: { registered: false, mergedInto: null } })).thenThrows(NotFoundError, (error) => expect(error.field).toBe('survivorId')));

  it('refuses a survivor that was itself merged, naming where it went', () =>
    spec
      .given([registered])
      .when(merge({ survivor: { registered: false, mergedInto: partnershipId } }))
      .thenThrows(ValidationError, (error) => expect([error.field, error.rule]).toEqual(['survivorId', 'notMerged'])));

  it('notes the duplicate on the survivor once', () => {
    const survivor = { ...registered, data: { ...registered.data, organisationId: survivorId } };
    const absorb = { type: 'AbsorbOrganisation', data: { organisationId: survivorId, duplicateId: organisationId, reason: 'Registered twice' }, metadata } as const;
    spec
      .given([survivor])
      .when(absorb)
      .then([{ type: 'OrganisationAbsorbed', data: { organisationId: survivorId, duplicateId: organisationId, reason: 'Registered twice', absorbedAt: metadata.now.toISOString() } }]);
    spec.given([survivor, { type: 'OrganisationAbsorbed', data: { organisationId: survivorId, duplicateId: organisationId, reason: 'x', absorbedAt: '' } }]).when(absorb).thenThrows(IllegalStateError);
  });
});
