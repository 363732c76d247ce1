import { describe, expect, it } from '@jest/globals';
import { authorise, type Grant } from '@ledger/domain';
import { PairingPartyCommand } from './rules.js';
import type { Scopes } from './scopes.js';

const leeds = '0190a1b2-0000-7000-8000-000000000004';
const coin = '0190a1b2-0000-7000-8000-0000000000c2';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const [ally, councillor, colleague, secretary] = ['e1', 'e2', 'e3', 'e4'].map((suffix) => `0190a1b2-0000-7000-8000-0000000000${suffix}`) as [string, string, string, string];
const pairingId = '0190a1b2-0000-7000-8000-0000000000a1';

class CheckIn extends PairingPartyCommand<{ pairingId: string }> {
  readonly what = 'log a check-in on this allyship pairing';
}

const scopes = {
  pairing: async () => ({ partnershipId: leeds, ally: { personId: ally, organisationId: coin }, boardMember: { personId: councillor, organisationId: council } }),
} as unknown as Scopes;
const partnerGrant = (personId: string, organisationId: string): Grant => ({ grantId: `grant-of-${personId}`, personId, role: 'PARTNER', partnershipId: null, organisationId });

/** Who may log a check-in, and the side the check-in then records. */
async function sideOf(personId: string, grants: Grant[]) {
  const command = new CheckIn({ pairingId }, { caller: { personId }, correlationId: 'test' });
  command.authorise(authorise(personId, grants, await command.requires(scopes), () => [leeds], command.what));
  return command.side;
}

describe('who acts for a pairing', () => {
  it('records the side each person in the pairing acted as, under their own PARTNER grant', async () => {
    expect(await sideOf(ally, [partnerGrant(ally, coin)])).toBe('ALLY');
    expect(await sideOf(councillor, [partnerGrant(councillor, council)])).toBe('BOARD_MEMBER');
    expect(await sideOf(secretary, [{ grantId: 'g', personId: secretary, role: 'SECRETARIAT', partnershipId: leeds, organisationId: null }])).toBe('SECRETARIAT');
  });

  it('refuses a colleague of the ally: a PARTNER grant for the same organisation is not enough', async () => {
    await expect(sideOf(colleague, [partnerGrant(colleague, coin)])).rejects.toThrow(
      `You may not log a check-in on this allyship pairing: this needs SECRETARIAT of partnership ${leeds} (or a partnership above it), or PARTNER for organisation ${coin} held by person ${ally}`,
    );
  });
});
