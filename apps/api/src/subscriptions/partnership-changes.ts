import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type Position, type RecordedEvent } from '@ledger/event-store';
import { CommitmentTrackerQueries, MeetingsQueries, ProjectionRunner } from '@ledger/projections';

export type PartnershipChangeKind = 'COMMITMENT' | 'ACTION' | 'MEETING';

/** One event appended to a commitment, action or meeting, once every read model shows it. */
export type PartnershipChangeEvent = Readonly<{
  partnershipId: string;
  kind: PartnershipChangeKind;
  /** The commitment's, action's or meeting's id. */
  subjectId: string;
  event: string;
  position: Position;
  recordedAt: Date;
}>;

/**
 * What a listener hears: a change, or that someone's grants (a person's access stream) or what grants
 * reach (partnerships and organisations: membership, hierarchy) may have changed, so subscriptions re-check.
 */
export type LedgerNews = Readonly<{ change: PartnershipChangeEvent } | { accessChanged: { personId: string | null } }>;

export type NewsListener = (news: LedgerNews) => void;

const KINDS: Readonly<Record<string, PartnershipChangeKind>> = { commitment: 'COMMITMENT', action: 'ACTION', meeting: 'MEETING' };
/** Streams whose events change what a grant lets its holder read: everyone's subscriptions re-check. */
const REACH_STREAMS = new Set(['partnership', 'organisation']);
const RETRY_MS = 1000;
/** A wait for the read models is logged, and then waited again: a change is never told before they show it. */
const READ_MODEL_WAIT_MS = 5000;

/**
 * The global log, told to subscriptions after this instance's read models have applied it (so a
 * subscriber that then queries sees the change). One follower of the log per API instance, started by
 * the first listener, from the head as it stands then.
 */
@Injectable()
export class PartnershipChanges implements OnApplicationShutdown {
  private readonly logger = new Logger('Subscriptions');
  private readonly listeners = new Set<NewsListener>();
  private following: AbortController | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly meetings: MeetingsQueries,
  ) {}

  /** Hears every change from now on; call the answer to stop. */
  listen(listener: NewsListener): () => void {
    this.listeners.add(listener);
    this.start();
    return () => this.listeners.delete(listener);
  }

  onApplicationShutdown() {
    this.following?.abort();
  }

  private start() {
    if (this.following) return;
    const following = (this.following = new AbortController());
    void this.follow(following.signal);
  }

  private async follow(signal: AbortSignal) {
    let after: Position | undefined;
    try {
      after = (await this.store.headPosition()) ?? undefined;
    } catch (error) {
      this.logger.error(`Cannot read the log's head for subscriptions: ${error instanceof Error ? error.message : String(error)}`);
    }
    while (!signal.aborted) {
      try {
        for await (const batch of this.store.subscribeToAll({ after, maxBatchSize: 500, signal })) {
          const last = batch[batch.length - 1]!.position;
          if (!(await this.readModelsShow(last, signal))) return;
          for (const event of batch) this.tell(event);
          after = last;
        }
      } catch (error) {
        if (signal.aborted) return;
        this.logger.error(`Following the log for subscriptions failed, resuming: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** True once every read model shows `position`; false when stopped first. */
  private async readModelsShow(position: Position, signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await this.projections.waitFor(position, READ_MODEL_WAIT_MS)) return true;
      this.logger.warn(`Subscriptions wait for the read models to show position ${position}`);
    }
    return false;
  }

  private tell(event: RecordedEvent) {
    const news = this.newsOf(event);
    if (!news) return;
    for (const listener of this.listeners) {
      try {
        listener(news);
      } catch (error) {
        this.logger.error(`A subscription failed to take a change: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private newsOf(event: RecordedEvent): LedgerNews | null {
    const dash = event.streamId.indexOf('-');
    const category = event.streamId.slice(0, dash);
    const id = event.streamId.slice(dash + 1);
    if (category === 'access') return { accessChanged: { personId: id } };
    if (REACH_STREAMS.has(category)) return { accessChanged: { personId: null } };
    const kind = KINDS[category];
    if (!kind) return null;
    // The read models show the event: they name the partnership of later events, which do not carry it.
    const partnershipId =
      kind === 'COMMITMENT' ? this.tracker.commitment(id)?.partnershipId : kind === 'ACTION' ? this.tracker.action(id)?.partnershipId : this.meetings.meeting(id)?.partnershipId;
    if (!partnershipId) return null;
    return { change: { partnershipId, kind, subjectId: id, event: event.type, position: event.position, recordedAt: event.recordedAt } };
  }
}
