import { Module } from '@nestjs/common';
import { dataFiles, type LedgerConfig } from '@ledger/config';
import { capability } from '../capability.js';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';
import { WEBHOOK_HANDLERS } from './webhook.handlers.js';
import { WebhookStore } from './webhook-store.js';
import { WebhookWorker } from './webhook-worker.js';
import { WebhooksResolver } from './webhooks.resolver.js';

@Module({
  providers: [
    { provide: WebhookStore, inject: [LEDGER_CONFIG], useFactory: (config: LedgerConfig) => new WebhookStore(dataFiles(config).webhooks) },
    WebhookWorker,
    WebhooksResolver,
    ...WEBHOOK_HANDLERS,
  ],
})
export class WebhooksModule {}

/** Webhooks per partnership (Standard Webhooks): registry, signed deliveries with retries, the delivery log. No read model: see WebhookStore. */
export const webhooks = capability(WebhooksModule);
