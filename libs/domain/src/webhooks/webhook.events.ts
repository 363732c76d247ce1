import type { Command, Event } from '../shared/decider.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';

/**
 * Webhooks: a partnership's secretariat asks the ledger to tell a receiver of its own system when
 * something happens on the partnership's record (Standard Webhooks: signed, with an id and timestamp).
 * The stream holds what was asked; never the signing secret, which the API derives from a key of its
 * own and the webhook's secret version (see apps/api/src/webhooks/signing.ts).
 */
export const WEBHOOK_EVENT_TYPES = ['UPDATE_SUBMITTED', 'ACTION_BECAME_OVERDUE', 'ACTION_SILENT', 'COMMITMENT_STATUS_CHANGED', 'CHALLENGE_RAISED'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const webhookStreamId = (webhookId: string) => `webhook-${webhookId}`;

export type WebhookRegistered = Event<
  'WebhookRegistered',
  {
    webhookId: string;
    partnershipId: string;
    url: string;
    eventTypes: WebhookEventType[];
    /** The partnership's date when registered: time-based events (overdue, silent) are sent for crossings from this day on. */
    registeredOn: string;
    registeredAt: string;
  }
>;
/** A new secret replaces the old at once; the number says which (the first is 1). */
export type WebhookSecretRotated = Event<'WebhookSecretRotated', { webhookId: string; secretVersion: number; rotatedAt: string }>;
/** Nothing more is sent to it; deliveries still pending are dropped. */
export type WebhookRemoved = Event<'WebhookRemoved', { webhookId: string; removedAt: string }>;
/** The secretariat asks for one delivery to be sent again, with the same webhook-id. */
export type WebhookDeliveryReplayRequested = Event<'WebhookDeliveryReplayRequested', { webhookId: string; deliveryId: string; requestedAt: string }>;

export type WebhookEvent = WebhookRegistered | WebhookSecretRotated | WebhookRemoved | WebhookDeliveryReplayRequested;

export type RegisterWebhook = Command<
  'RegisterWebhook',
  {
    webhookId: string;
    partnershipId: string;
    /** Already checked by the API against where it may send (https, no private addresses). */
    url: string;
    eventTypes: readonly string[];
    partnership: PartnershipFacts;
  }
>;
export type RotateWebhookSecret = Command<'RotateWebhookSecret', { webhookId: string }>;
export type RemoveWebhook = Command<'RemoveWebhook', { webhookId: string }>;
/** `deliveryKnown`: the API's delivery log holds that delivery for this webhook. */
export type ReplayWebhookDelivery = Command<'ReplayWebhookDelivery', { webhookId: string; deliveryId: string; deliveryKnown: boolean }>;
export type WebhookCommand = RegisterWebhook | RotateWebhookSecret | RemoveWebhook | ReplayWebhookDelivery;
