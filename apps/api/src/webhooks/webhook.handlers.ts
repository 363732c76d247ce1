import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { webhookStream } from '@ledger/domain';
import { requireWebhookSecretKey, type LedgerConfig } from '@ledger/config';
import { PartnershipSecretariatCommand, WebhookSecretariatCommand } from '../access/rules.js';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { RegisterWebhookInput, RemoveWebhookInput, ReplayWebhookDeliveryInput, RotateWebhookSecretInput } from './dto/webhook.inputs.js';
import { requireWebhookUrl } from './url-safety.js';
import { WebhookStore } from './webhook-store.js';

export class RegisterWebhookCommand extends PartnershipSecretariatCommand<RegisterWebhookInput> {
  readonly what = 'register a webhook for this partnership';
}
export class RotateWebhookSecretCommand extends WebhookSecretariatCommand<RotateWebhookSecretInput> {
  readonly what = 'rotate the secret of this webhook';
}
export class RemoveWebhookCommand extends WebhookSecretariatCommand<RemoveWebhookInput> {
  readonly what = 'remove this webhook';
}
export class ReplayWebhookDeliveryCommand extends WebhookSecretariatCommand<ReplayWebhookDeliveryInput> {
  readonly what = 'replay a delivery of this webhook';
}

@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand> {
  constructor(
    private readonly ledger: Ledger,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute(command: RegisterWebhookCommand) {
    // A webhook nobody can sign for is refused now, not discovered at its first delivery.
    requireWebhookSecretKey(this.config);
    const { partnershipId, eventTypes } = command.input;
    const url = requireWebhookUrl(command.input.url, this.config.webhooks.allowLoopback);
    const webhookId = command.newId('webhookId');
    const partnership = await this.ledger.facts.partnership(partnershipId);
    return this.ledger.handle(webhookStream, webhookId, { type: 'RegisterWebhook', data: { webhookId, partnershipId, url, eventTypes, partnership } }, command);
  }
}

/** Rotating and removing: one decision on the webhook's own stream, with nothing else to look up. */
const onWebhook = (ledger: Ledger, type: 'RotateWebhookSecret' | 'RemoveWebhook', command: RotateWebhookSecretCommand | RemoveWebhookCommand) =>
  ledger.handle(webhookStream, command.input.webhookId, { type, data: { webhookId: command.input.webhookId } }, command, command.input.expectedRevision);

@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecretCommand> {
  constructor(private readonly ledger: Ledger) {}

  execute(command: RotateWebhookSecretCommand) {
    return onWebhook(this.ledger, 'RotateWebhookSecret', command);
  }
}

@CommandHandler(RemoveWebhookCommand)
export class RemoveWebhookHandler implements ICommandHandler<RemoveWebhookCommand> {
  constructor(private readonly ledger: Ledger) {}

  execute(command: RemoveWebhookCommand) {
    return onWebhook(this.ledger, 'RemoveWebhook', command);
  }
}

@CommandHandler(ReplayWebhookDeliveryCommand)
export class ReplayWebhookDeliveryHandler implements ICommandHandler<ReplayWebhookDeliveryCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly deliveries: WebhookStore,
  ) {}

  async execute(command: ReplayWebhookDeliveryCommand) {
    const { webhookId, deliveryId } = command.input;
    // Only a delivery of this very webhook: an id of another partnership's delivery is unknown here.
    const deliveryKnown = this.deliveries.delivery(deliveryId)?.webhookId === webhookId;
    return this.ledger.handle(webhookStream, webhookId, { type: 'ReplayWebhookDelivery', data: { webhookId, deliveryId, deliveryKnown } }, command);
  }
}

export const WEBHOOK_HANDLERS = [RegisterWebhookHandler, RotateWebhookSecretHandler, RemoveWebhookHandler, ReplayWebhookDeliveryHandler];
