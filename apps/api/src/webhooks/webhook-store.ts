import type Database from 'better-sqlite3';
import { v5 as uuidv5 } from 'uuid';
import type { Position, RecordedEvent } from '@ledger/event-store';
import type { WebhookDeliveryReplayRequested, WebhookEventType, WebhookRegistered, WebhookSecretRotated } from '@ledger/domain';
import { advanceCheckpoint, openReadModelDatabase, readCheckpoint, type Page, type ReadModelDatabase } from '@ledger/projections';
import { commitmentStatusAfter, linkOf, messagesOf, type Links, type WebhookMessage } from './webhook-messages.js';

/** Namespace of delivery ids (any fixed UUID would do; never change it: receivers dedupe on these ids). */
const DELIVERY_NAMESPACE = '6b1f3c2a-5d7e-4f80-9a1b-2c3d4e5f6a7b';

/**
 * A delivery's webhook-id: derived from the webhook and the message (the event's id, or an action and
 * the date it crossed), so a re-send after a crash, or a replay, carries the same id and a receiver
 * dedupes it.
 */
export const deliveryId = (webhookId: string, messageKey: string) => `msg_${uuidv5(`${webhookId}\u0000${messageKey}`, DELIVERY_NAMESPACE)}`;

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'DROPPED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type WebhookRow = Readonly<{
  id: string;
  partnershipId: string;
  url: string;
  eventTypes: WebhookEventType[];
  registeredOn: string;
  registeredAt: string;
  secretVersion: number;
  removed: boolean;
  sequence: number;
}>;

export type DeliveryRow = Readonly<{
  id: string;
  webhookId: string;
  partnershipId: string;
  eventType: WebhookEventType;
  body: string;
  status: DeliveryStatus;
  attemptCount: number;
  /** Attempts since it was last (re)queued: the back-off counts these. */
  roundAttempts: number;
  lastStatusCode: number | null;
  /** Epoch ms; null once delivered, failed or dropped. */
  nextAttemptAt: number | null;
  createdAt: string;
  deliveredAt: string | null;
  sequence: number;
}>;

export type AttemptRow = Readonly<{ attempt: number; attemptedAt: string; statusCode: number | null; error: string | null; durationMs: number }>;

const CHECKPOINTS = 'webhook_checkpoints';
const CHECKPOINT = 'webhook-deliveries';

const WEBHOOK_COLUMNS = `id, partnership_id AS partnershipId, url, event_types AS eventTypes, registered_on AS registeredOn, registered_at AS registeredAt,
  secret_version AS secretVersion, removed, sequence`;
const DELIVERY_COLUMNS = `id, webhook_id AS webhookId, partnership_id AS partnershipId, event_type AS eventType, body, status, attempt_count AS attemptCount,
  round_attempts AS roundAttempts, last_status_code AS lastStatusCode, next_attempt_at AS nextAttemptAt, created_at AS createdAt, delivered_at AS deliveredAt, sequence`;

type RawWebhook = Omit<WebhookRow, 'eventTypes' | 'removed'> & { eventTypes: string; removed: number };
const toWebhook = (row: RawWebhook): WebhookRow => ({ ...row, eventTypes: JSON.parse(row.eventTypes) as WebhookEventType[], removed: row.removed === 1 });

/**
 * The webhooks as the API sends them, in their own SQLite file beside the read models (not a read
 * model: a rebuild must never forget what was delivered). The registry and the deliveries are derived
 * from the global log in log order, each batch committed with the checkpoint in one transaction, as
 * the projections do: a restart reads on from the checkpoint, so no delivery is lost or made twice.
 * Attempts, their outcomes and the next attempt's time are kept per delivery.
 */
export class WebhookStore {
  readonly db: ReadModelDatabase;

  constructor(filename: string) {
    this.db = openReadModelDatabase(filename);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS ${CHECKPOINTS} (name TEXT PRIMARY KEY, position TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS webhooks (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL, registered_on TEXT NOT NULL,
        registered_at TEXT NOT NULL, secret_version INTEGER NOT NULL, removed INTEGER NOT NULL, sequence INTEGER NOT NULL UNIQUE
      );
      CREATE INDEX IF NOT EXISTS webhooks_by_partnership ON webhooks (partnership_id, sequence);
      -- Which partnership an action, commitment or pairing belongs to, and a commitment's status: events name only their subject.
      CREATE TABLE IF NOT EXISTS webhook_links (kind TEXT NOT NULL, id TEXT NOT NULL, partnership_id TEXT NOT NULL, status TEXT, PRIMARY KEY (kind, id));
      CREATE TABLE IF NOT EXISTS webhook_deliveries (
        id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, partnership_id TEXT NOT NULL, event_type TEXT NOT NULL, body TEXT NOT NULL,
        status TEXT NOT NULL, attempt_count INTEGER NOT NULL DEFAULT 0, round_attempts INTEGER NOT NULL DEFAULT 0, last_status_code INTEGER,
        next_attempt_at INTEGER, created_at TEXT NOT NULL, delivered_at TEXT, sequence INTEGER NOT NULL UNIQUE
      );
      CREATE INDEX IF NOT EXISTS webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, sequence);
      CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_attempt_at, sequence) WHERE status = 'PENDING';
      CREATE TABLE IF NOT EXISTS webhook_attempts (
        delivery_id TEXT NOT NULL, attempt INTEGER NOT NULL, attempted_at TEXT NOT NULL, status_code INTEGER, error TEXT, duration_ms INTEGER NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      );
    `);
  }

  close() {
    this.db.close();
  }

  /** Statements compiled once: the worker runs some for every event of the log (a whole log on first start). */
  private readonly statements = new Map<string, Database.Statement>();
  private sql<P extends unknown[] | {} = unknown[], R = unknown>(text: string): Database.Statement<P, R> {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement as unknown as Database.Statement<P, R>;
  }

  checkpoint(): Position | null {
    return readCheckpoint(this.db, CHECKPOINTS, CHECKPOINT);
  }

  private readonly links: Links = {
    partnershipOf: (kind, id) =>
      this.sql<[string, string], { partnershipId: string }>('SELECT partnership_id AS partnershipId FROM webhook_links WHERE kind = ? AND id = ?').get(kind, id)
        ?.partnershipId ?? null,
    commitmentStatus: (id) =>
      this.sql<[string], { status: string | null }>(`SELECT status FROM webhook_links WHERE kind = 'commitment' AND id = ?`).get(id)?.status ?? null,
  };

  /**
   * Applies a batch of the log after `expected` and moves the checkpoint to its last event, in one
   * transaction (CheckpointMovedError, rolling back, when another process moved it meanwhile).
   */
  applyBatch(events: readonly RecordedEvent[], expected: Position | null, nowMs: number): Position | null {
    if (events.length === 0) return expected;
    const next = events[events.length - 1]!.position;
    this.db.transaction(() => {
      for (const event of events) this.apply(event, nowMs);
      advanceCheckpoint(this.db, CHECKPOINTS, CHECKPOINT, expected, next);
    })();
    return next;
  }

  private nextSequence(table: 'webhooks' | 'webhook_deliveries'): number {
    return this.sql<[], { next: number }>(`SELECT COALESCE(MAX(sequence), 0) + 1 AS next FROM ${table}`).get()!.next;
  }

  private apply(event: RecordedEvent, nowMs: number) {
    switch (event.type) {
      case 'WebhookRegistered': {
        const { webhookId, partnershipId, url, eventTypes, registeredOn, registeredAt } = event.data as WebhookRegistered['data'];
        this.db
          .prepare(`INSERT OR IGNORE INTO webhooks (id, partnership_id, url, event_types, registered_on, registered_at, secret_version, removed, sequence) VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?)`)
          .run(webhookId, partnershipId, url, JSON.stringify(eventTypes), registeredOn, registeredAt, this.nextSequence('webhooks'));
        return;
      }
      case 'WebhookSecretRotated': {
        const { webhookId, secretVersion } = event.data as WebhookSecretRotated['data'];
        this.sql('UPDATE webhooks SET secret_version = ? WHERE id = ?').run(secretVersion, webhookId);
        return;
      }
      case 'WebhookRemoved': {
        const { webhookId } = event.data as { webhookId: string };
        this.sql('UPDATE webhooks SET removed = 1 WHERE id = ?').run(webhookId);
        this.sql(`UPDATE webhook_deliveries SET status = 'DROPPED', next_attempt_at = NULL WHERE webhook_id = ? AND status = 'PENDING'`).run(webhookId);
        return;
      }
      case 'WebhookDeliveryReplayRequested': {
        const { webhookId, deliveryId: id } = event.data as WebhookDeliveryReplayRequested['data'];
        this.requeue(webhookId, id, nowMs);
        return;
      }
    }
    const link = linkOf(event);
    if (link) {
      this.sql('INSERT OR IGNORE INTO webhook_links (kind, id, partnership_id, status) VALUES (?, ?, ?, ?)').run(link.kind, link.id, link.partnershipId, link.status ?? null);
      return;
    }
    for (const message of messagesOf(event, this.links)) this.deliver(message, event.recordedAt.toISOString(), nowMs);
    const changed = commitmentStatusAfter(event);
    if (changed) this.sql(`UPDATE webhook_links SET status = ? WHERE kind = 'commitment' AND id = ?`).run(changed.status, changed.commitmentId);
  }

  /** A delivery of the message to each live webhook of its partnership that asked for its type; none twice (the id is derived). */
  deliver(message: WebhookMessage, createdAt: string, nowMs: number, onlyWebhookId: string | null = null): number {
    const insert = this.sql(
      `INSERT OR IGNORE INTO webhook_deliveries (id, webhook_id, partnership_id, event_type, body, status, next_attempt_at, created_at, sequence)
       VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)`,
    );
    let made = 0;
    for (const webhook of this.liveWebhooksOf(message.partnershipId)) {
      if (!webhook.eventTypes.includes(message.eventType) || (onlyWebhookId && webhook.id !== onlyWebhookId)) continue;
      made += insert.run(deliveryId(webhook.id, message.key), webhook.id, message.partnershipId, message.eventType, message.body, nowMs, createdAt, this.nextSequence('webhook_deliveries')).changes;
    }
    return made;
  }

  /** Replay: the delivery goes out again, same id and body, with a fresh round of attempts. */
  private requeue(webhookId: string, id: string, nowMs: number) {
    this.db
      .prepare(`UPDATE webhook_deliveries SET status = 'PENDING', round_attempts = 0, next_attempt_at = ?, delivered_at = NULL WHERE id = ? AND webhook_id = ?`)
      .run(nowMs, id, webhookId);
  }

  liveWebhooksOf(partnershipId: string): WebhookRow[] {
    return this.db
      .prepare<[string], RawWebhook>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE partnership_id = ? AND removed = 0 ORDER BY sequence`)
      .all(partnershipId)
      .map(toWebhook);
  }

  /** Live webhooks that asked for any of `types`. */
  liveWebhooksWatching(types: readonly WebhookEventType[]): WebhookRow[] {
    return this.db
      .prepare<[], RawWebhook>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE removed = 0 ORDER BY sequence`)
      .all()
      .map(toWebhook)
      .filter((webhook) => webhook.eventTypes.some((type) => types.includes(type)));
  }

  webhook(id: string): WebhookRow | null {
    const row = this.sql<[string], RawWebhook>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = ?`).get(id);
    return row ? toWebhook(row) : null;
  }

  webhooks(partnershipId: string, { afterSequence, limit }: Page): { rows: WebhookRow[]; totalCount: number } {
    const rows = this.db
      .prepare<[string, number, number], RawWebhook>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE partnership_id = ? AND sequence > ? ORDER BY sequence LIMIT ?`)
      .all(partnershipId, afterSequence, limit)
      .map(toWebhook);
    const totalCount = this.sql<[string], { n: number }>('SELECT COUNT(*) AS n FROM webhooks WHERE partnership_id = ?').get(partnershipId)!.n;
    return { rows, totalCount };
  }

  delivery(id: string): DeliveryRow | null {
    return this.sql<[string], DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ?`).get(id) ?? null;
  }

  deliveries(webhookId: string, status: DeliveryStatus | null, { afterSequence, limit }: Page): { rows: DeliveryRow[]; totalCount: number } {
    const where = `webhook_id = @webhookId AND (@status IS NULL OR status = @status)`;
    const rows = this.db
      .prepare<[object], DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ${where} AND sequence > @afterSequence ORDER BY sequence LIMIT @limit`)
      .all({ webhookId, status, afterSequence, limit });
    const totalCount = this.sql<[object], { n: number }>(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE ${where}`).get({ webhookId, status })!.n;
    return { rows, totalCount };
  }

  /** The latest `limit` attempts of a delivery, oldest first. */
  attempts(id: string, limit: number): AttemptRow[] {
    return this.db
      .prepare<[string, number], AttemptRow>(
        `SELECT * FROM (SELECT attempt, attempted_at AS attemptedAt, status_code AS statusCode, error, duration_ms AS durationMs
           FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt DESC LIMIT ?) ORDER BY attempt`,
      )
      .all(id, limit);
  }

  /**
   * Pending deliveries due by `nowMs`, oldest first, leaving out those in flight and those of webhooks
   * already at `perWebhook` in flight, so one slow receiver cannot take every slot.
   */
  due(nowMs: number, limit: number, inFlight: ReadonlySet<string>, inFlightPerWebhook: ReadonlyMap<string, number>, perWebhook: number): DeliveryRow[] {
    const picked: DeliveryRow[] = [];
    const taken = new Map(inFlightPerWebhook);
    const candidates = this.db
      .prepare<[number, number], DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, sequence LIMIT ?`,
      )
      .all(nowMs, limit + inFlight.size + 200);
    for (const row of candidates) {
      if (picked.length >= limit) break;
      if (inFlight.has(row.id) || (taken.get(row.webhookId) ?? 0) >= perWebhook) continue;
      taken.set(row.webhookId, (taken.get(row.webhookId) ?? 0) + 1);
      picked.push(row);
    }
    return picked;
  }

  /**
   * Records an attempt and what follows from it: DELIVERED on a 2xx; otherwise the next attempt at
   * `retryAt`, or FAILED when there is none. Only a delivery still PENDING is changed (a removal or
   * replay in between wins).
   */
  recordAttempt(id: string, attempt: Omit<AttemptRow, 'attempt'>, outcome: { delivered: boolean; retryAt: number | null }) {
    this.db.transaction(() => {
      const row = this.delivery(id);
      if (!row) return;
      this.db
        .prepare('INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, row.attemptCount + 1, attempt.attemptedAt, attempt.statusCode, attempt.error, attempt.durationMs);
      const status: DeliveryStatus = row.status !== 'PENDING' ? row.status : outcome.delivered ? 'DELIVERED' : outcome.retryAt === null ? 'FAILED' : 'PENDING';
      this.db
        .prepare(
          `UPDATE webhook_deliveries SET attempt_count = attempt_count + 1, round_attempts = round_attempts + 1, last_status_code = ?, status = ?,
             next_attempt_at = ?, delivered_at = ? WHERE id = ?`,
        )
        .run(attempt.statusCode, status, status === 'PENDING' ? (outcome.retryAt ?? row.nextAttemptAt) : null, status === 'DELIVERED' ? attempt.attemptedAt : row.deliveredAt, id);
    })();
  }
}
