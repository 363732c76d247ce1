import { describe, expect, it } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { accessDecider, activeGrants, type GrantRole, type RoleGranted, type RoleRevoked } from './access.js';
import { authorise, satisfies } from './policy.js';

const spec = DeciderSpecification.for(accessDecider);
const now = new Date('2021-09-16T10:00:00Z');
const operator = { personId: '00000000-0000-4000-8000-00000000000a', grantId: null, role: 'OPERATOR', organisationId: null } as const;
const person = '0192e7a0-0000-7000-8000-000000000001';
const grantId = '0192e7a0-0000-7000-8000-0000000000a1';
const leicester = '0192e7a0-0000-7000-8000-00000000000b';
const leicesterCity = '0192e7a0-0000-7000-8000-00000000000c';
const leeds = '0192e7a0-0000-7000-8000-00000000000d';
const council = '0192e7a0-0000-7000-8000-00000000000e';

const grant = (data: Partial<GrantRole['data']> = {}): GrantRole => ({
  type: 'GrantRole',
  data: { grantId, personId: person, role: 'SECRETARIAT', partnershipId: leicester, reason: 'Board secretary from 1 September', scopeExists: true, ...data },
  metadata: { now, actor: operator },
});
const granted: RoleGranted = {
  type: 'RoleGranted',
  data: { grantId, personId: person, role: 'SECRETARIAT', partnershipId: leicester, organisationId: null, reason: 'Board secretary from 1 September', grantedAt: now.toISOString() },
};
const revoked: RoleRevoked = { type: 'RoleRevoked', data: { grantId, personId: person, reason: 'Left the council', revokedAt: now.toISOString() } };

describe('granting a role', () => {
  it('records the grant with its scope and reason', () => spec.given([]).when(grant()).then([granted]));

  it.each([
    ['SECRETARIAT', {}, 'partnershipId', 'required'],
    ['SECRETARIAT', { partnershipId: leicester, organisationId: council }, 'organisationId', 'notAllowed'],
    ['PARTNER', { partnershipId: leicester }, 'partnershipId', 'notAllowed'],
    ['PARTNER', {}, 'organisationId', 'required'],
    ['PLATFORM_ADMIN', { partnershipId: leicester }, 'partnershipId', 'notAllowed'],
    ['CHAIR', { partnershipId: leicester }, 'role', 'isEnum'],
  ])('refuses %s with scope %j (%s: %s)', (role, scope, field, rule) =>
    spec
      .given([])
      .when(grant({ role, partnershipId: null, organisationId: null, ...scope }))
      .thenThrows(ValidationError, (error) => expect([error.field, error.rule]).toEqual([field, rule])));

  it('lets an auditor be platform-wide', () =>
    spec
      .given([])
      .when(grant({ role: 'AUDITOR', partnershipId: null }))
      .then([{ ...granted, data: { ...granted.data, role: 'AUDITOR', partnershipId: null } }]));

  it('refuses a scope that does not exist', () =>
    spec.given([]).when(grant({ scopeExists: false })).thenThrows(NotFoundError, (error) => expect(error.field).toBe('partnershipId')));

  it('refuses a blank reason', () =>
    spec.given([]).when(grant({ reason: '  ' })).thenThrows(ValidationError, (error) => expect(error.field).toBe('reason')));

  it('refuses the same role in the same scope twice, but allows it again once revoked', () => {
    spec.given([granted]).when(grant({ grantId: leeds })).thenThrows(IllegalStateError, (error) => expect(error.message).toMatch(/already holds SECRETARIAT/));
    spec.given([granted, revoked]).when(grant({ grantId: leeds })).then([{ ...granted, data: { ...granted.data, grantId: leeds } }]);
  });
});

describe('revoking a grant', () => {
  const revoke = { type: 'RevokeRole', data: { grantId, reason: 'Left the council' }, metadata: { now, actor: operator } } as const;

  it('records the revocation', () => spec.given([granted]).when(revoke).then([revoked]));
  it('refuses an unknown grant', () => spec.given([]).when(revoke).thenThrows(NotFoundError));
  it('refuses to revoke twice', () => spec.given([granted, revoked]).when(revoke).thenThrows(IllegalStateError));
  it('leaves no active grant', () =>
    expect(activeGrants([granted, revoked].reduce(accessDecider.evolve, accessDecider.initialState()))).toEqual([]));
});

describe('authorising against grants', () => {
  const lineage = (id: string) => (id === leicesterCity ? [leicesterCity, leicester] : [id]);
  const secretariat = { grantId, personId: person, role: 'SECRETARIAT', partnershipId: leicester, organisationId: null } as const;
  const partner = { grantId: leeds, personId: person, role: 'PARTNER', partnershipId: null, organisationId: council } as const;
  const platformAuditor = { grantId, personId: person, role: 'AUDITOR', partnershipId: null, organisationId: null } as const;

  it('covers the partnerships beneath a secretariat’s own, not those above or beside it', () => {
    expect(satisfies(secretariat, { role: 'SECRETARIAT', partnershipId: leicesterCity }, lineage)).toBe(true);
    expect(satisfies(secretariat, { role: 'SECRETARIAT', partnershipId: leeds }, lineage)).toBe(false);
    expect(satisfies({ ...secretariat, partnershipId: leicesterCity }, { role: 'SECRETARIAT', partnershipId: leicester }, lineage)).toBe(false);
  });

  it('lets a platform auditor read every partnership, but a platform-wide grant of no other role', () => {
    expect(satisfies(platformAuditor, { role: 'AUDITOR', partnershipId: leeds }, lineage)).toBe(true);
    expect(satisfies({ ...platformAuditor, role: 'SECRETARIAT' }, { role: 'SECRETARIAT', partnershipId: leeds }, lineage)).toBe(false);
  });

  it('takes only the named person’s grant when a requirement names a person', () => {
    const other = '0190a1b2-0000-7000-8000-0000000000ff';
    expect(satisfies(partner, { role: 'PARTNER', organisationId: council, personId: person }, lineage)).toBe(true);
    expect(satisfies(partner, { role: 'PARTNER', organisationId: council, personId: other }, lineage)).toBe(false);
    expect(() => authorise(person, [partner], [{ role: 'PARTNER', organisationId: council, personId: other }], lineage, 'log a check-in')).toThrow(
      `You may not log a check-in: this needs PARTNER for organisation ${council} held by person ${other}`,
    );
  });

  it('names the grant used in the actor', () =>
    expect(authorise(person, [partner, secretariat], [{ role: 'SECRETARIAT', partnershipId: leicesterCity }, { role: 'PARTNER', organisationId: council }], lineage, 'x')).toEqual({
      personId: person,
      grantId,
      role: 'SECRETARIAT',
      organisationId: null,
    }));

  it('refuses with every grant that would have allowed it', () => {
    const required = [{ role: 'SECRETARIAT', partnershipId: leeds }, { role: 'PARTNER', organisationId: leeds }];
    expect(() => authorise(person, [partner, secretariat], required, lineage, 'update this action')).toThrow(ForbiddenError);
    try {
      authorise(person, [partner, secretariat], required, lineage, 'update this action');
    } catch (error) {
      expect((error as ForbiddenError).required).toEqual(required);
      expect((error as ForbiddenError).message).toBe(
        `You may not update this action: this needs SECRETARIAT of partnership ${leeds} (or a partnership above it), or PARTNER for organisation ${leeds}`,
      );
    }
  });
});
