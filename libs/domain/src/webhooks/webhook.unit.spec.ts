import { describe, expect, it } from '@jest/globals';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { webhookDecider, webhookStreamId, type Webhook, type WebhookCommand } from './webhook.js';

const now = new Date('2026-03-02T00:30:00Z');
const partnership = { formed: true, timeZone: 'Europe/London' } as PartnershipFacts;
const decide = (command: Omit<WebhookCommand, 'metadata'>, state: Webhook = webhookDecider.initialState()) =>
  webhookDecider.decide({ ...command, metadata: { now } } as WebhookCommand, state);
const fold = (...commands: Omit<WebhookCommand, 'metadata'>[]) =>
  commands.reduce((state, command) => decide(command, state).reduce(webhookDecider.evolve, state), webhookDecider.initialState());
const register = { type: 'RegisterWebhook', data: { webhookId: 'w1', partnershipId: 'p1', url: 'https://hooks.example.org/x', eventTypes: ['UPDATE_SUBMITTED'], partnership } } as const;

describe('webhook decider', () => {
  it('registers with the partnership’s date, rotates to the next secret version, and removes', () => {
    expect(decide(register)).toEqual([
      {
        type: 'WebhookRegistered',
        data: { webhookId: 'w1', partnershipId: 'p1', url: 'https://hooks.example.org/x', eventTypes: ['UPDATE_SUBMITTED'], registeredOn: '2026-03-02', registeredAt: now.toISOString() },
      },
    ]);
    const rotated = fold(register, { type: 'RotateWebhookSecret', data: { webhookId: 'w1' } }, { type: 'RotateWebhookSecret', data: { webhookId: 'w1' } });
    expect(rotated).toMatchObject({ exists: true, secretVersion: 3, removed: false });
    const removed = fold(register, { type: 'RemoveWebhook', data: { webhookId: 'w1' } });
    expect(() => decide({ type: 'RotateWebhookSecret', data: { webhookId: 'w1' } }, removed)).toThrow(IllegalStateError);
    expect(webhookStreamId('w1')).toBe('webhook-w1');
  });

  it('refuses no event types, a repeated one, an unknown partnership, a second registration and an unknown delivery', () => {
    expect(() => decide({ ...register, data: { ...register.data, eventTypes: [] } })).toThrow(new ValidationError('eventTypes', 'arrayNotEmpty', 'eventTypes must name at least one of UPDATE_SUBMITTED, ACTION_BECAME_OVERDUE, ACTION_SILENT, COMMITMENT_STATUS_CHANGED, CHALLENGE_RAISED'));
    expect(() => decide({ ...register, data: { ...register.data, eventTypes: ['ACTION_SILENT', 'ACTION_SILENT'] } })).toThrow(/names an event type twice/);
    expect(() => decide({ ...register, data: { ...register.data, partnership: { ...partnership, formed: false } } })).toThrow(NotFoundError);
    expect(() => decide(register, fold(register))).toThrow(/already registered/);
    expect(() => decide({ type: 'ReplayWebhookDelivery', data: { webhookId: 'w1', deliveryId: 'msg_x', deliveryKnown: false } }, fold(register))).toThrow(/Webhook delivery msg_x was not found/);
    expect(decide({ type: 'ReplayWebhookDelivery', data: { webhookId: 'w1', deliveryId: 'msg_x', deliveryKnown: true } }, fold(register))[0]!.type).toBe('WebhookDeliveryReplayRequested');
  });
});
