import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { LedgerConfig } from '@ledger/config';
import type { WebhookEventType } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { BoardViewsQueries, CheckpointMovedError } from '@ledger/projections';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';
import { messageBody } from './webhook-messages.js';
import { postWebhook } from './webhook-sender.js';
import { signWebhook, webhookSecret } from './signing.js';
import { WebhookStore, type DeliveryRow } from './webhook-store.js';

const TIME_BASED: readonly WebhookEventType[] = ['ACTION_BECAME_OVERDUE', 'ACTION_SILENT'];
const BATCH_SIZE = 500;
const RETRY_DELAY_MS = 1000;

/** The wait before attempt `n + 1` of a round after `n` failed: doubling from the base, never beyond the cap. */
export function backOffMs(failedAttempts: number, { retryBaseMs, retryMaxMs }: Pick<LedgerConfig['webhooks'], 'retryBaseMs' | 'retryMaxMs'>): number {
  return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(failedAttempts - 1, 40));
}

/**
 * Sends the partnerships' webhooks. Follows the global log like a projection (WebhookStore: registry and
 * deliveries derived in log order, committed with a checkpoint), looks for time-based events (overdue,
 * silent) in the board views against each partnership's today, and sends what is due: at most
 * `concurrency` attempts at once and a share of them per webhook, each under the per-attempt timeout,
 * retried with exponential back-off until `maxAttempts`, then FAILED.
 *
 * Delivery is at least once: a receiver's 2xx is recorded when it arrives; a crash between the answer
 * and that record sends the delivery again after the restart, with the same webhook-id, which receivers
 * dedupe on (as the specification asks). Wall-clock time (Date.now) drives attempts and back-off; the
 * ledger's clock (LEDGER_CLOCK_NOW in tests) decides "today" for overdue and silent.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private controller = new AbortController();
  private following: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();
  private lastScan = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly boardViews: BoardViewsQueries,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly webhooks: WebhookStore,
    @Optional() private readonly host?: HttpAdapterHost,
  ) {}

  onApplicationBootstrap() {
    // Only the API serving HTTP sends: a CLI command that runs the handlers in-process (demo) leaves it to the API.
    if (!this.host?.httpAdapter) return;
    this.controller = new AbortController();
    this.following = this.follow(this.controller.signal);
    const { scanIntervalMs, retryBaseMs } = this.config.webhooks;
    this.timer = setInterval(() => this.tick(), Math.max(50, Math.min(1000, scanIntervalMs, retryBaseMs)));
    this.timer.unref();
  }

  /**
   * Stops following and starting attempts before the stores close, and lets the attempts in flight
   * finish (each within the timeout) and be recorded: a receiver that acknowledged before a restart is
   * not sent the delivery again. Only a crash can cut an attempt short; then it goes again, same id.
   */
  async beforeApplicationShutdown() {
    this.controller.abort();
    if (this.timer) clearInterval(this.timer);
    await Promise.all([this.following, ...this.inFlight.values()]);
  }

  onApplicationShutdown() {
    this.webhooks.close();
  }

  private async follow(signal: AbortSignal) {
    while (!signal.aborted) {
      try {
        let checkpoint = this.webhooks.checkpoint();
        for await (const batch of this.store.subscribeToAll({ after: checkpoint ?? undefined, maxBatchSize: BATCH_SIZE, signal })) {
          checkpoint = this.webhooks.applyBatch(batch, checkpoint, Date.now());
          this.tick();
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof CheckpointMovedError) continue; // another process applied it: read on from the stored checkpoint
        this.logger.error(`Following the log for webhooks failed, retrying from the checkpoint: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }

  private tick() {
    if (this.controller.signal.aborted) return;
    try {
      const now = Date.now();
      if (now - this.lastScan >= this.config.webhooks.scanIntervalMs) {
        this.lastScan = now;
        this.scanTimeBased(now);
      }
      this.sendDue(now);
    } catch (error) {
      this.logger.error(`Webhook tick failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Overdue and silent are not events of the log: they happen as days pass. Each action that has
   * crossed one (the day after its due date; `silentAfterDays` after its last update, or planning) on or
   * after the webhook's registration is a message keyed by (action, the date it crossed), so it is
   * made once however often it is seen, and a silence broken and fallen into again is a new one.
   */
  scanTimeBased(nowMs: number) {
    const watching = this.webhooks.liveWebhooksWatching(TIME_BASED);
    const now = this.config.clock();
    const created = now.toISOString();
    for (const partnershipId of new Set(watching.map((webhook) => webhook.partnershipId))) {
      const board = this.boardViews.timeCrossings(partnershipId, now);
      if (!board) continue;
      const { crossings } = board;
      for (const webhook of watching.filter((w) => w.partnershipId === partnershipId)) {
        this.webhooks.db.transaction(() => {
          for (const action of crossings) {
            if (action.overdueOn && action.overdueOn >= webhook.registeredOn && webhook.eventTypes.includes('ACTION_BECAME_OVERDUE')) {
              const data = { partnershipId, actionId: action.id, dueDate: action.dueDate, overdueOn: action.overdueOn };
              const body = messageBody('ACTION_BECAME_OVERDUE', created, data);
              this.webhooks.deliver({ eventType: 'ACTION_BECAME_OVERDUE', key: `overdue:${action.id}:${action.overdueOn}`, partnershipId, body }, created, nowMs, webhook.id);
            }
            if (action.silentOn && action.silentOn >= webhook.registeredOn && webhook.eventTypes.includes('ACTION_SILENT')) {
              const data = { partnershipId, actionId: action.id, lastReportedOn: action.quietSince, silentAfterDays: board.silentAfterDays, silentOn: action.silentOn };
              const body = messageBody('ACTION_SILENT', created, data);
              this.webhooks.deliver({ eventType: 'ACTION_SILENT', key: `silent:${action.id}:${action.silentOn}`, partnershipId, body }, created, nowMs, webhook.id);
            }
          }
        })();
      }
    }
  }

  private sendDue(nowMs: number) {
    const { concurrency } = this.config.webhooks;
    const free = concurrency - this.inFlight.size;
    if (free <= 0 || !this.config.webhookSecretKey) return;
    const perWebhook = new Map<string, number>();
    for (const webhookId of this.inFlightWebhooks.values()) perWebhook.set(webhookId, (perWebhook.get(webhookId) ?? 0) + 1);
    // A quarter of the slots per webhook, at least one: a slow receiver leaves the rest to the others.
    const share = Math.max(1, Math.ceil(concurrency / 4));
    for (const delivery of this.webhooks.due(nowMs, free, new Set(this.inFlight.keys()), perWebhook, share)) {
      this.inFlightWebhooks.set(delivery.id, delivery.webhookId);
      const attempt = this.attempt(delivery).finally(() => {
        this.inFlight.delete(delivery.id);
        this.inFlightWebhooks.delete(delivery.id);
        this.tick();
      });
      this.inFlight.set(delivery.id, attempt);
    }
  }

  private readonly inFlightWebhooks = new Map<string, string>();

  private async attempt(delivery: DeliveryRow) {
    const webhook = this.webhooks.webhook(delivery.webhookId);
    if (!webhook || webhook.removed) return;
    const { timeoutMs, allowLoopback, maxAttempts } = this.config.webhooks;
    const secret = webhookSecret(this.config.webhookSecretKey!, webhook.id, webhook.secretVersion);
    const attemptedAt = new Date();
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    const headers = { 'webhook-id': delivery.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, delivery.id, timestamp, delivery.body) };
    const outcome = await postWebhook(webhook.url, headers, delivery.body, { timeoutMs, allowLoopback });
    const delivered = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const failed = delivery.roundAttempts + 1;
    const retryAt = delivered || failed >= maxAttempts ? null : Date.now() + backOffMs(failed, this.config.webhooks);
    this.webhooks.recordAttempt(delivery.id, { attemptedAt: attemptedAt.toISOString(), ...outcome }, { delivered, retryAt });
    if (!delivered) this.logger.warn(`Webhook ${webhook.id} delivery ${delivery.id} attempt failed (${outcome.error})${retryAt === null ? ': marked FAILED' : ''}`);
  }
}
