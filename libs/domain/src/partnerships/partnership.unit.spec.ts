import { describe, it, expect } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { partnershipDecider, type PartnershipEvent } from './partnership.js';

const spec = DeciderSpecification.for(partnershipDecider);
const now = new Date('2021-03-25T10:00:00.000Z');
const metadata = { now };
const leicester = '0190a1b2-0000-7000-8000-000000000001';
const llr = '0190a1b2-0000-7000-8000-000000000002';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const trust = '0190a1b2-0000-7000-8000-0000000000c2';
const member = '0190a1b2-0000-7000-8000-0000000000d1';
const person = '0190a1b2-0000-7000-8000-0000000000e1';

const formed: PartnershipEvent = {
  type: 'PartnershipFormed',
  data: { partnershipId: leicester, name: 'Leicester City Health and Wellbeing Board', level: 'PLACE', parentPartnershipId: null, formedAt: now.toISOString() },
};
const councilJoined: PartnershipEvent = {
  type: 'OrganisationJoinedPartnership',
  data: { partnershipId: leicester, organisationId: council, joinedAt: now.toISOString() },
};

const expectField = (field: string, rule: string) => (error: ValidationError) => {
  expect(error.field).toBe(field);
  expect(error.rule).toBe(rule);
};

describe('forming a partnership', () => {
  it('forms a place partnership under its system partnership, trimming the name', () =>
    spec
      .given([])
      .when({
        type: 'FormPartnership',
        data: { partnershipId: leicester, name: '  Leicester City Health and Wellbeing Board ', level: 'PLACE', parentPartnershipId: llr, parentIsFormed: true },
        metadata,
      })
      .then([{ ...formed, data: { ...formed.data, parentPartnershipId: llr } }]));

  it('refuses a blank name', () =>
    spec
      .given([])
      .when({ type: 'FormPartnership', data: { partnershipId: leicester, name: '   ', level: 'PLACE' }, metadata })
      .thenThrows(ValidationError, expectField('name', 'notEmpty')));

  it('refuses a name longer than 200 characters', () =>
    spec
      .given([])
      .when({ type: 'FormPartnership', data: { partnershipId: leicester, name: 'x'.repeat(201), level: 'PLACE' }, metadata })
      .thenThrows(ValidationError, expectField('name', 'maxLength')));

  it('refuses an unknown level', () =>
    spec
      .given([])
      .when({ type: 'FormPartnership', data: { partnershipId: leicester, name: 'Board', level: 'REGION' }, metadata })
      .thenThrows(ValidationError, expectField('level', 'isEnum')));

  it('refuses a parent that has not been formed', () =>
    spec
      .given([])
      .when({ type: 'FormPartnership', data: { partnershipId: leicester, name: 'Board', level: 'PLACE', parentPartnershipId: llr, parentIsFormed: false }, metadata })
      .thenThrows(ValidationError, expectField('parentPartnershipId', 'exists')));

  it('refuses to form the same partnership twice', () =>
    spec
      .given([formed])
      .when({ type: 'FormPartnership', data: { partnershipId: leicester, name: 'Board', level: 'PLACE' }, metadata })
      .thenThrows(IllegalStateError));
});

describe('organisations joining', () => {
  it('lets a registered organisation join', () =>
    spec
      .given([formed])
      .when({ type: 'JoinPartnership', data: { partnershipId: leicester, organisationId: council, organisationIsRegistered: true }, metadata })
      .then([councilJoined]));

  it('refuses the same organisation joining twice', () =>
    spec
      .given([formed, councilJoined])
      .when({ type: 'JoinPartnership', data: { partnershipId: leicester, organisationId: council, organisationIsRegistered: true }, metadata })
      .thenThrows(ValidationError, expectField('organisationId', 'notAlreadyJoined')));

  it('refuses an organisation that is not registered', () =>
    spec
      .given([formed])
      .when({ type: 'JoinPartnership', data: { partnershipId: leicester, organisationId: trust, organisationIsRegistered: false }, metadata })
      .thenThrows(ValidationError, expectField('organisationId', 'exists')));

  it('refuses a partnership that was never formed', () =>
    spec
      .given([])
      .when({ type: 'JoinPartnership', data: { partnershipId: leicester, organisationId: council, organisationIsRegistered: true }, metadata })
      .thenThrows(NotFoundError));
});

describe('appointing board members', () => {
  const appoint = (organisationId: string, roleTitle = 'Director Public Health') =>
    ({ type: 'AppointMember', data: { partnershipId: leicester, memberId: member, personId: person, organisationId, roleTitle }, metadata }) as const;

  it('appoints a member from a partner organisation, recording only the person id', () =>
    spec
      .given([formed, councilJoined])
      .when(appoint(council))
      .then([
        {
          type: 'MemberAppointed',
          data: { partnershipId: leicester, memberId: member, personId: person, organisationId: council, roleTitle: 'Director Public Health', appointedAt: now.toISOString() },
        },
      ]));

  it('refuses a member whose organisation has not joined', () =>
    spec.given([formed, councilJoined]).when(appoint(trust)).thenThrows(ValidationError, expectField('organisationId', 'joinedPartnership')));

  it('refuses a blank role title', () =>
    spec.given([formed, councilJoined]).when(appoint(council, ' ')).thenThrows(ValidationError, expectField('roleTitle', 'notEmpty')));
});
