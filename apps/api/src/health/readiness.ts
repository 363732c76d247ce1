import { Inject, Injectable } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore, type Position } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/projections';
import { LEDGER_CONFIG } from '../ledger/ledger.module.js';

/** A probe must answer even when the store hangs: a store slower than this counts as unreachable. */
export const STORE_TIMEOUT_MS = 2000;

/**
 * Runs a store call with a signal that aborts after `ms`, which cancels the adapter's read in flight
 * (a hung read would otherwise hold a gRPC call open per probe); answers by then even if the store
 * ignores the signal.
 */
function withDeadline<T>(call: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
    timer.unref();
  });
  return Promise.race([call(controller.signal), expired]).finally(() => clearTimeout(timer));
}

export type ProjectionReadiness = Readonly<{ name: string; lag: number | null; failing: boolean }>;
export type ReadinessReport = Readonly<{
  status: 'ready' | 'not ready';
  /** Why not ready, one sentence each; never raw error text. */
  reasons: string[];
  maxLag: number;
  store: Readonly<{ reachable: boolean }>;
  projections: ProjectionReadiness[];
}>;

/** What the health query and /readyz ask of the store and the projections, with a bound on each. */
@Injectable()
export class Readiness {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  storeReachable(): Promise<boolean> {
    return withDeadline((signal) => this.store.ping({ signal }), STORE_TIMEOUT_MS).then(
      () => true,
      () => false,
    );
  }

  /** Null while the store does not answer in time. */
  lag(upTo: number): Promise<ReadonlyMap<string, number> | null> {
    return withDeadline((signal) => this.runner.lag(upTo, { signal }), STORE_TIMEOUT_MS).catch(() => null);
  }

  /** The log's last position; null when the log is empty or the store does not answer in time. */
  headPosition(): Promise<Position | null> {
    return withDeadline((signal) => this.store.headPosition({ signal }), STORE_TIMEOUT_MS).catch(() => null);
  }

  /** Ready: the store answers, and every projection runs and is at most `LEDGER_READY_MAX_LAG` events behind. */
  async check(): Promise<ReadinessReport> {
    const maxLag = this.config.readyMaxLag;
    const reachable = await this.storeReachable();
    const lags = reachable ? await this.lag(maxLag + 1) : null;
    const reasons: string[] = [];
    if (!reachable) reasons.push('the event store does not answer');
    else if (lags === null) reasons.push('the event store did not say how far the read models are behind');
    const projections = this.runner.status().map(({ name, lastError }) => {
      const lag = lags?.get(name) ?? null;
      if (lastError !== null) reasons.push(`read model ${name} is failing and retrying from its checkpoint`);
      if (lag !== null && lag > maxLag) reasons.push(`read model ${name} is more than ${maxLag} events behind the log (LEDGER_READY_MAX_LAG)`);
      return { name, lag, failing: lastError !== null };
    });
    return { status: reasons.length === 0 ? 'ready' : 'not ready', reasons, maxLag, store: { reachable }, projections };
  }
}
