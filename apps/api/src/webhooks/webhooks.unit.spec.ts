import { describe, expect, it } from '@jest/globals';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { RecordedEvent } from '@ledger/event-store';
import { addressProblem, guardedLookup, requireWebhookUrl } from './url-safety.js';
import { signWebhook, webhookSecret } from './signing.js';
import { messagesOf, type Links } from './webhook-messages.js';
import { backOffMs } from './webhook-worker.js';
import { deliveryId } from './webhook-store.js';

describe('signing', () => {
  it('signs as the Standard Webhooks reference library does', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    const signature = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body);
    expect(signature).toBe(new StandardWebhook(secret).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), body));
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('derives a 32-byte secret per webhook and version, and another for each rotation', () => {
    const key = 'k'.repeat(32);
    const first = webhookSecret(key, 'a', 1);
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhookSecret(key, 'a', 1)).toBe(first);
    expect(new Set([first, webhookSecret(key, 'a', 2), webhookSecret(key, 'b', 1), webhookSecret('j'.repeat(32), 'a', 1)]).size).toBe(4);
  });

  it('gives a delivery the same id for the same webhook and message, and another for any other', () => {
    expect(deliveryId('w1', 'event-1')).toBe(deliveryId('w1', 'event-1'));
    expect(deliveryId('w1', 'event-1')).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(new Set([deliveryId('w1', 'event-1'), deliveryId('w2', 'event-1'), deliveryId('w1', 'event-2')]).size).toBe(3);
  });
});

describe('where webhooks may go', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.0.0.8', false],
    ['172.20.1.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd12::1', false],
    ['::ffff:10.0.0.1', false],
    ['93.184.216.34', true],
    ['2606:4700::1111', true],
  ])('%s: allowed %s', (address, allowed) => expect(addressProblem(address, false) === null).toBe(allowed));

  it('lets loopback through only when allowed, and nothing else private', () => {
    expect(addressProblem('127.0.0.1', true)).toBeNull();
    expect(addressProblem('::1', true)).toBeNull();
    expect(addressProblem('10.0.0.1', true)).toMatch(/private/);
    expect(requireWebhookUrl('http://localhost:8080/hook', true)).toBe('http://localhost:8080/hook');
    expect(() => requireWebhookUrl('http://localhost:8080/hook', false)).toThrow(/url must use https/);
    expect(() => requireWebhookUrl('https://localhost/hook', false)).toThrow(/url must not name this machine/);
    expect(() => requireWebhookUrl('https://127.0.0.1/hook', false)).toThrow(/url must not point at 127\.0\.0\.1/);
    expect(() => requireWebhookUrl('http://10.0.0.1/hook', true)).toThrow(/url must use https/);
    expect(() => requireWebhookUrl('https://hooks.example.org/x#frag', false)).toThrow(/fragment/);
    expect(requireWebhookUrl('https://hooks.example.org/ledger?board=leeds', false)).toBe('https://hooks.example.org/ledger?board=leeds');
  });
});

describe('connecting', () => {
  const lookup = (allowLoopback: boolean) =>
    new Promise<{ error: (Error & { code?: string }) | null; address: string }>((resolve) =>
      guardedLookup(allowLoopback)('localhost', { family: 4 }, (error, address) => resolve({ error, address: String(address) })),
    );

  it('refuses a name that resolves to a forbidden address as it connects, and lets loopback through only when allowed', async () => {
    const refused = await lookup(false);
    expect(refused.error?.code).toBe('EWEBHOOKADDRESS');
    expect(refused.error?.message).toMatch(/Refused to connect to localhost: 127\.0\.0\.1 is a private, loopback/);
    expect(await lookup(true)).toEqual({ error: null, address: '127.0.0.1' });
  });
});

describe('retries', () => {
  it('double from the base up to the cap', () =>
    expect([1, 2, 3, 4, 5, 60].map((n) => backOffMs(n, { retryBaseMs: 1000, retryMaxMs: 6000 }))).toEqual([1000, 2000, 4000, 6000, 6000, 6000]));
});

describe('messages', () => {
  const links: Links = { partnershipOf: (kind, id) => (kind === 'pairing' && id === 'p1' ? 'leeds' : null), commitmentStatus: () => null };
  const event = (type: string, data: object): RecordedEvent =>
    ({ id: 'e1', type, data, recordedAt: new Date('2026-03-02T12:00:00Z'), streamId: 's', streamRevision: 0n, position: '1', metadata: {} }) as unknown as RecordedEvent;

  it('makes one CHALLENGE_RAISED per challenge of a check-in, with ids and no wording', () => {
    const messages = messagesOf(
      event('AllyshipCheckInLogged', {
        pairingId: 'p1',
        checkInId: 'c1',
        heldOn: '2026-03-01',
        summary: 'Met at the hub',
        challenges: [
          { challengeId: 'ch1', text: 'Which decisions used the Toolkit?', commitmentId: 'k1', actionId: null },
          { challengeId: 'ch2', text: 'When is the training?', commitmentId: 'k1', actionId: 'a1' },
        ],
        followUps: [],
        loggedBy: 'ALLY',
        loggedAt: '2026-03-02T12:00:00Z',
      }),
      links,
    );
    expect(messages.map(({ eventType, key, partnershipId }) => ({ eventType, key, partnershipId }))).toEqual([
      { eventType: 'CHALLENGE_RAISED', key: 'e1:ch1', partnershipId: 'leeds' },
      { eventType: 'CHALLENGE_RAISED', key: 'e1:ch2', partnershipId: 'leeds' },
    ]);
    expect(JSON.parse(messages[1]!.body)).toEqual({
      type: 'allyship.challenge_raised',
      timestamp: '2026-03-02T12:00:00.000Z',
      data: { partnershipId: 'leeds', pairingId: 'p1', checkInId: 'c1', challengeId: 'ch2', commitmentId: 'k1', actionId: 'a1', raisedOn: '2026-03-01', raisedBy: 'ALLY' },
    });
    expect(messages.some((message) => message.body.includes('Toolkit'))).toBe(false);
  });

  it('makes nothing for an event of a subject whose partnership it has not seen', () =>
    expect(messagesOf(event('ActionUpdateSubmitted', { actionId: 'unknown', updateId: 'u', status: 'ON_TRACK' }), links)).toEqual([]));
});
