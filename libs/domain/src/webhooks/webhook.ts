import type { Decider } from '../shared/decider.js';
import { calendarDateIn } from '../shared/dates.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { requireOneOf } from '../shared/rules.js';
import { WEBHOOK_EVENT_TYPES, webhookStreamId, type WebhookCommand, type WebhookEvent, type WebhookEventType } from './webhook.events.js';

export * from './webhook.events.js';

/** Browsers and proxies keep URLs of about this length; a receiver's address is much shorter. */
export const WEBHOOK_URL_MAX_LENGTH = 2000;

export type Webhook =
  | { exists: false }
  | {
      exists: true;
      webhookId: string;
      partnershipId: string;
      url: string;
      eventTypes: readonly WebhookEventType[];
      registeredOn: string;
      registeredAt: string;
      secretVersion: number;
      removed: boolean;
    };

/** At least one of the event types, each once. */
export function requireWebhookEventTypes(field: string, values: readonly string[]): WebhookEventType[] {
  if (values.length === 0) throw new ValidationError(field, 'arrayNotEmpty', `${field} must name at least one of ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  const types = values.map((value, i) => requireOneOf(`${field}[${i}]`, value, WEBHOOK_EVENT_TYPES));
  if (new Set(types).size !== types.length) throw new ValidationError(field, 'distinct', `${field} names an event type twice`);
  return types;
}

function requireLive(state: Webhook, webhookId: string): Extract<Webhook, { exists: true }> {
  if (!state.exists) throw new NotFoundError('Webhook', webhookId, 'webhookId');
  if (state.removed) throw new IllegalStateError(`Webhook ${webhookId} was removed`);
  return state;
}

export const webhookDecider: Decider<WebhookCommand, WebhookEvent, Webhook> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    const now = command.metadata.now.toISOString();
    switch (command.type) {
      case 'RegisterWebhook': {
        const { webhookId, partnershipId, url, partnership } = command.data;
        if (state.exists) throw new IllegalStateError(`Webhook ${webhookId} is already registered`);
        if (!partnership.formed) throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
        if (url.length > WEBHOOK_URL_MAX_LENGTH) throw new ValidationError('url', 'maxLength', `url must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`);
        const eventTypes = requireWebhookEventTypes('eventTypes', command.data.eventTypes);
        const registeredOn = calendarDateIn(partnership.timeZone, command.metadata.now);
        return [{ type: 'WebhookRegistered', data: { webhookId, partnershipId, url, eventTypes, registeredOn, registeredAt: now } }];
      }
      case 'RotateWebhookSecret': {
        const webhook = requireLive(state, command.data.webhookId);
        return [{ type: 'WebhookSecretRotated', data: { webhookId: webhook.webhookId, secretVersion: webhook.secretVersion + 1, rotatedAt: now } }];
      }
      case 'RemoveWebhook': {
        const webhook = requireLive(state, command.data.webhookId);
        return [{ type: 'WebhookRemoved', data: { webhookId: webhook.webhookId, removedAt: now } }];
      }
      case 'ReplayWebhookDelivery': {
        const webhook = requireLive(state, command.data.webhookId);
        if (!command.data.deliveryKnown) throw new NotFoundError('Webhook delivery', command.data.deliveryId, 'deliveryId');
        return [{ type: 'WebhookDeliveryReplayRequested', data: { webhookId: webhook.webhookId, deliveryId: command.data.deliveryId, requestedAt: now } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'WebhookRegistered':
        return { exists: true, ...event.data, secretVersion: 1, removed: false };
      case 'WebhookSecretRotated':
        return state.exists ? { ...state, secretVersion: event.data.secretVersion } : state;
      case 'WebhookRemoved':
        return state.exists ? { ...state, removed: true } : state;
      case 'WebhookDeliveryReplayRequested':
        return state;
    }
  },
};

export const webhookStream = { decider: webhookDecider, streamId: webhookStreamId } as const;
