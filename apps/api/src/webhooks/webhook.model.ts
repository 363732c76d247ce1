import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { WEBHOOK_EVENT_TYPES, type Webhook as WebhookState } from '@ledger/domain';
import { Connection } from '../graphql/connection.js';
import { DELIVERY_STATUSES, type AttemptRow, type DeliveryRow, type WebhookRow } from './webhook-store.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
export const WebhookEventType = enumOf(WEBHOOK_EVENT_TYPES);
export const WebhookDeliveryStatus = enumOf(DELIVERY_STATUSES);
registerEnumType(WebhookEventType, {
  name: 'WebhookEventType',
  description: 'What a webhook is told of. ACTION_SILENT: an open action with no update for the partnership’s silentAfterDays.',
});
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING (to be attempted, maybe again), DELIVERED (the receiver answered 2xx), FAILED (every attempt failed), DROPPED (the webhook was removed first).',
});

@ObjectType({ description: 'A receiver of a partnership’s events (Standard Webhooks). The secret is never shown again after register and rotate.' })
export class Webhook {
  @Field(() => ID) id!: string;
  @Field(() => ID) partnershipId!: string;
  @Field() url!: string;
  @Field(() => [WebhookEventType]) eventTypes!: string[];
  @Field(() => Int, { description: 'Which secret signs its deliveries: 1, then one more at each rotation.' }) secretVersion!: number;
  @Field({ description: 'The partnership’s date when registered: overdue and silent are announced for crossings from this day on.' }) registeredOn!: string;
  @Field(() => DateTimeResolver) registeredAt!: Date;
  @Field() removed!: boolean;
}

export const toWebhook = (row: WebhookRow | Extract<WebhookState, { exists: true }>): Webhook => ({
  id: 'id' in row ? row.id : row.webhookId,
  partnershipId: row.partnershipId,
  url: row.url,
  eventTypes: [...row.eventTypes],
  secretVersion: row.secretVersion,
  registeredOn: row.registeredOn,
  registeredAt: new Date(row.registeredAt),
  removed: row.removed,
});

@ObjectType()
export class WebhookConnection extends Connection(Webhook) {}

@ObjectType({ description: 'One try at sending a delivery.' })
export class WebhookDeliveryAttempt {
  @Field(() => Int, { description: '1 for the first, counting on through replays.' }) attempt!: number;
  @Field(() => DateTimeResolver) attemptedAt!: Date;
  @Field(() => Int, { nullable: true, description: 'The receiver’s HTTP status; null when none came (refused, timed out).' }) statusCode!: number | null;
  @Field(() => String, { nullable: true, description: 'Why no status came, or the status was not 2xx.' }) error!: string | null;
  @Field(() => Int) durationMs!: number;
}

export const toAttempt = (row: AttemptRow): WebhookDeliveryAttempt => ({ ...row, attemptedAt: new Date(row.attemptedAt) });

@ObjectType({ description: 'One message to one webhook. Its id is the webhook-id header: the same on every attempt and replay.' })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => ID) webhookId!: string;
  @Field(() => WebhookEventType) eventType!: string;
  @Field(() => WebhookDeliveryStatus) status!: string;
  @Field(() => Int) attemptCount!: number;
  @Field(() => Int, { nullable: true }) lastStatusCode!: number | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'When it is next tried (PENDING only).' }) nextAttemptAt!: Date | null;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => DateTimeResolver, { nullable: true }) deliveredAt!: Date | null;
  @Field({ description: 'The body sent, as sent (JSON: type, timestamp, data).' }) payload!: string;
}

export const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  webhookId: row.webhookId,
  eventType: row.eventType,
  status: row.status,
  attemptCount: row.attemptCount,
  lastStatusCode: row.lastStatusCode,
  nextAttemptAt: row.nextAttemptAt === null ? null : new Date(row.nextAttemptAt),
  createdAt: new Date(row.createdAt),
  deliveredAt: row.deliveredAt === null ? null : new Date(row.deliveredAt),
  payload: row.body,
});

@ObjectType()
export class WebhookDeliveryConnection extends Connection(WebhookDelivery) {}
