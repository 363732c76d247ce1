import { describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { UnauthenticatedError } from './errors.js';
import { TokenService } from './token.service.js';

const secret = 'a-local-test-secret-of-at-least-32-chars';
const tokens = new TokenService(secret);
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const refused = (token: string, reason: RegExp) => {
  expect(() => tokens.verify(token)).toThrow(UnauthenticatedError);
  expect(() => tokens.verify(token)).toThrow(reason);
};

describe('bearer tokens', () => {
  it('round-trips a minted partner token into an actor', () => {
    const token = tokens.mint({ subjectId: 'leeds-ccg-officer', role: 'PARTNER', organisationId: 'org-1' });
    expect(tokens.verify(token)).toEqual({ subjectId: 'leeds-ccg-officer', role: 'PARTNER', organisationId: 'org-1' });
  });

  it('refuses unsigned tokens (alg none)', () =>
    refused(jwt.sign({ sub: 'x', role: 'SECRETARIAT', exp: inAnHour() }, null, { algorithm: 'none' }), /Invalid token/));

  it('refuses other algorithms even with the right secret', () =>
    refused(jwt.sign({ sub: 'x', role: 'SECRETARIAT', exp: inAnHour() }, secret, { algorithm: 'HS512' }), /invalid algorithm/));

  it('refuses a token signed with another secret', () =>
    refused(jwt.sign({ sub: 'x', role: 'SECRETARIAT', exp: inAnHour() }, 'another-secret-another-secret-another'), /invalid signature/));

  it('refuses an expired token', () =>
    refused(jwt.sign({ sub: 'x', role: 'SECRETARIAT', exp: Math.floor(Date.now() / 1000) - 10 }, secret), /expired/));

  it.each([
    [{ role: 'SECRETARIAT', exp: inAnHour() }, /sub is required/],
    [{ sub: 'x', role: 'SECRETARIAT' }, /exp is required/],
    [{ sub: 'x', role: 'MAYOR', exp: inAnHour() }, /role must be one of/],
    [{ sub: 'x', role: 'PARTNER', exp: inAnHour() }, /org is required for the PARTNER role/],
  ])('refuses missing or wrong claims %j', (claims, reason) => refused(jwt.sign(claims, secret), reason));

  it('refuses a short secret', () => expect(() => new TokenService('short')).toThrow(/at least 32 characters/));
});
