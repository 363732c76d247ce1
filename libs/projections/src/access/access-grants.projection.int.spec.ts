import { describe, it } from '@jest/globals';
import { accessStreamId, type AccessEvent, type Actor } from '@ledger/domain';
import { inStream, ProjectionSpecification, type GivenEvent } from '../testing/index.js';
import { accessGrantsProjection } from './access-grants.projection.js';

const person = 'person-1';
const [secretary, auditor] = ['grant-1', 'grant-2'];
const partnershipId = '0190a1b2-0000-7000-8000-000000000002';
const admin: Actor = { personId: 'admin-1', grantId: 'grant-0', role: 'PLATFORM_ADMIN', organisationId: null };
const at = '2026-02-01T09:00:00.000Z';

const granted = (grantId: string, role: 'SECRETARIAT' | 'AUDITOR'): AccessEvent => ({
  type: 'RoleGranted',
  data: { grantId, personId: person, role, partnershipId, organisationId: null, reason: 'Appointed by the board', grantedAt: at },
});
/** Events on the person's access stream, made by the administrator. */
const byAdmin = (...events: AccessEvent[]): GivenEvent[] => inStream(accessStreamId(person), ...events).map((event) => ({ ...event, actor: admin }));

/** Grants fed through the runner: rows after the events, and after a rebuild. */
describe('access grants read model', () => {
  const spec = ProjectionSpecification.for(accessGrantsProjection);

  it('keeps every grant with who granted it and why, in the order granted', async () => {
    await spec
      .given(byAdmin(granted(secretary, 'SECRETARIAT'), granted(auditor, 'AUDITOR')))
      .then('SELECT id, person_id, role, partnership_id, organisation_id, reason, granted_at, granted_by, revoked_at, sequence FROM access_grants ORDER BY sequence', [
        { id: secretary, person_id: person, role: 'SECRETARIAT', partnership_id: partnershipId, organisation_id: null, reason: 'Appointed by the board', granted_at: at, granted_by: 'admin-1', revoked_at: null, sequence: 1 },
        { id: auditor, person_id: person, role: 'AUDITOR', partnership_id: partnershipId, organisation_id: null, reason: 'Appointed by the board', granted_at: at, granted_by: 'admin-1', revoked_at: null, sequence: 2 },
      ]);
  });

  it('keeps a revoked grant with who revoked it and why, every event on the person moving each of their grants’ revision', async () => {
    await spec
      .given(
        byAdmin(granted(secretary, 'SECRETARIAT'), granted(auditor, 'AUDITOR'), {
          type: 'RoleRevoked',
          data: { grantId: secretary, personId: person, reason: 'Left the board', revokedAt: at },
        }),
      )
      .then('SELECT id, revoked_at, revoked_by, revocation_reason, revision FROM access_grants ORDER BY sequence', [
        { id: secretary, revoked_at: at, revoked_by: 'admin-1', revocation_reason: 'Left the board', revision: 2 },
        { id: auditor, revoked_at: null, revoked_by: null, revocation_reason: null, revision: 2 },
      ]);
  });
});
