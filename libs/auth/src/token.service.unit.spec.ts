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

  describe('lifetime', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const lifetime = /lives longer than the maximum of 24h \(LEDGER_JWT_MAX_LIFETIME\)/;

    it('refuses a token that expires in 2286, even though its signature is good', () =>
      refused(jwt.sign({ sub: 'x', role: 'SECRETARIAT', exp: 9_999_999_999 }, secret, { noTimestamp: true }), lifetime));

    it('refuses a token issued for longer than the maximum, even when little of it remains', () =>
      refused(jwt.sign({ sub: 'x', role: 'SECRETARIAT', iat: now() - 47 * 3600, exp: now() + 3600 }, secret), lifetime));

    it('accepts a token of exactly the maximum lifetime', () =>
      expect(tokens.verify(jwt.sign({ sub: 'x', role: 'SECRETARIAT' }, secret, { expiresIn: 24 * 3600 })).subjectId).toBe('x'));

    it('takes its maximum from the options', () => {
      const strict = new TokenService(secret, { maxLifetimeSeconds: 30 * 60 });
      const hour = jwt.sign({ sub: 'x', role: 'SECRETARIAT' }, secret, { expiresIn: 3600 });
      expect(() => strict.verify(hour)).toThrow(/maximum of 30m/);
      expect(strict.verify(jwt.sign({ sub: 'x', role: 'SECRETARIAT' }, secret, { expiresIn: 1800 })).role).toBe('SECRETARIAT');
    });

    it('mints up to the maximum and refuses to mint beyond it', () => {
      const token = tokens.mint({ subjectId: 'x', role: 'AUDITOR', expiresInSeconds: 24 * 3600 });
      const claims = jwt.decode(token) as { iat: number; exp: number };
      expect(claims.exp - claims.iat).toBe(24 * 3600);
      expect(() => tokens.mint({ subjectId: 'x', role: 'AUDITOR', expiresInSeconds: 24 * 3600 + 1 })).toThrow(
        'A token may live at most 24h; asked for 86401s',
      );
      expect(() => tokens.mint({ subjectId: 'x', role: 'AUDITOR', expiresInSeconds: 0 })).toThrow(/above 0/);
    });
  });

  it('refuses a short secret', () => expect(() => new TokenService('short')).toThrow(/at least 32 characters/));
});
