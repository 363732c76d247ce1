import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_URL_MAX_LENGTH } from '@ledger/domain';
import { MutationInput, Payload } from '../../graphql/mutation.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { Webhook, WebhookDelivery, WebhookEventType } from '../webhook.model.js';

@InputType()
export class RegisterWebhookInput extends MutationInput {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field({ description: 'Where to POST: https, not a private or loopback address.' }) @IsString() @MaxLength(WEBHOOK_URL_MAX_LENGTH) url!: string;
  @Field(() => [WebhookEventType]) @IsArray() @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length) @IsIn(WEBHOOK_EVENT_TYPES, { each: true }) eventTypes!: string[];
}

@InputType()
export class RotateWebhookSecretInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() webhookId!: string;
}

@InputType()
export class RemoveWebhookInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() webhookId!: string;
}

@InputType()
export class ReplayWebhookDeliveryInput extends MutationInput {
  @Field(() => ID) @IsUUID() webhookId!: string;
  @Field(() => ID, { description: 'The delivery’s id (its webhook-id header): msg_ and a UUID.' })
  @Matches(/^msg_[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { message: 'deliveryId must be msg_ followed by a UUID, as the webhook-id header carries it' })
  deliveryId!: string;
}

const SECRET = { type: () => String, description: 'whsec_…: shown this once. Verify each delivery’s webhook-signature with it.' } as const;

@ObjectType()
export class RegisterWebhookPayload extends Payload({ webhook: () => Webhook, secret: SECRET }) {}
@ObjectType()
export class RotateWebhookSecretPayload extends Payload({ webhook: () => Webhook, secret: SECRET }) {}
@ObjectType()
export class RemoveWebhookPayload extends Payload({ webhook: () => Webhook }) {}
@ObjectType()
export class ReplayWebhookDeliveryPayload extends Payload({ webhook: () => Webhook, deliveryId: { type: () => String, description: 'Sent again with this same webhook-id.' } }) {}
