import { Inject, Injectable } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { calendarDateIn, NotFoundError, ValidationError } from '@ledger/domain';
import { EVENT_STORE, type EventStore, type Position, type RecordedEvent } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';
import {
  allyshipPairingsProjection,
  AllyshipPairingsQueries,
  boardViewsProjection,
  BoardViewsQueries,
  commitmentTrackerProjection,
  CommitmentTrackerQueries,
  indicatorReadingsProjection,
  IndicatorReadingsQueries,
  meetingsProjection,
  MeetingsQueries,
  openReadModelDatabase,
  partnershipDirectoryProjection,
  PartnershipDirectoryQueries,
  publicationProjection,
  PublicationQueries,
  type ReadModelDatabase,
} from '@ledger/projections';
import { ReadLoaders } from '../graphql/loaders.js';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';
import type { AsAtInput } from './as-at.input.js';
import { markingRows, type AsOfSnapshot } from './as-of-snapshot.js';

/** Folds kept at once: each is an in-memory copy of the read models, so a handful. */
export const AS_OF_CACHE_SIZE = 4;
const BATCH = 1000;

/** A fold of the log: the read models' tables built from every event up to `position`. */
type Fold = Readonly<{ db: ReadModelDatabase; position: string; lastRecordedAt: Date; queries: FoldQueries }>;

/** The read models' query classes over a fold, made once per fold (they prepare their statements). */
function queriesOver(db: ReadModelDatabase) {
  return {
    directory: new PartnershipDirectoryQueries(db),
    tracker: new CommitmentTrackerQueries(db),
    readings: new IndicatorReadingsQueries(db),
    allyship: new AllyshipPairingsQueries(db),
    meetings: new MeetingsQueries(db),
    views: new BoardViewsQueries(db),
    publication: new PublicationQueries(db),
  };
}
type FoldQueries = ReturnType<typeof queriesOver>;

/**
 * The projections whose tables those query classes read, and so the only ones a fold runs: the history
 * index (a copy of every event, the costliest to build) and access grants are never read as of a point.
 */
export const FOLDED_PROJECTIONS = [
  partnershipDirectoryProjection,
  commitmentTrackerProjection,
  indicatorReadingsProjection,
  allyshipPairingsProjection,
  meetingsProjection,
  boardViewsProjection,
  publicationProjection,
] as const;

/** The instant a calendar date starts in a time zone (the zone's offset read from its wall clock). */
export function startOfDateIn(timeZone: string, date: string): Date {
  const utc = Date.parse(`${date}T00:00:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(utc))
      .map((part) => [part.type, part.value]),
  );
  const wall = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`);
  return new Date(utc - (wall - utc));
}

/**
 * The read models as they stood at a point of the log: every event up to it replayed through the
 * same projections the live read models run (those its queries read), into a fresh in-memory database, then read with the
 * same query classes. The whole log is folded (organisations, grants and priorities are shared by
 * partnerships, so a partnership's slice alone would miss rows its views join to); folds are kept
 * by position in a small LRU, so repeated reads of one point cost one fold.
 */
@Injectable()
export class AsOfReadModels {
  private readonly folds = new Map<string, Promise<Fold>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
    private readonly personalData: PersonalDataStore,
    private readonly meetings: MeetingsQueries,
    private readonly views: BoardViewsQueries,
  ) {}

  /** The read models at `asAt` (validated: exactly one of time, position, meetingId), for one request. */
  async at(asAt: AsAtInput, field = 'asAt'): Promise<AsOfSnapshot> {
    const given = (['time', 'position', 'meetingId'] as const).filter((key) => asAt[key] !== undefined && asAt[key] !== null);
    if (given.length !== 1) throw new ValidationError(field, 'exactlyOne', `${field} must give exactly one of time, position or meetingId`);
    const now = this.config.clock();
    if (asAt.position) {
      const fold = await this.foldTo(await this.checkedPosition(asAt.position, `${field}.position`));
      // Judged on the day it was recorded, or today when the clock is set earlier (tests, back-filled demos).
      return this.snapshot(fold, new Date(Math.min(fold.lastRecordedAt.getTime(), now.getTime())));
    }
    if (asAt.time) {
      if (asAt.time.getTime() > now.getTime()) throw new ValidationError(`${field}.time`, 'notAfterNow', `${field}.time must not be after now (${now.toISOString()})`);
      return this.snapshot(await this.foldUntil(asAt.time), asAt.time);
    }
    const meeting = this.meetings.meeting(asAt.meetingId!);
    if (!meeting) throw new NotFoundError('Meeting', asAt.meetingId!, `${field}.meetingId`);
    const timeZone = this.views.settingsOf([meeting.partnershipId])[0]?.timeZone ?? 'UTC';
    // The moment its day ended in the partnership's calendar (or now, for a meeting today or ahead).
    const next = new Date(Date.parse(`${meeting.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Math.min(startOfDateIn(timeZone, next).getTime() - 1, now.getTime()));
    return this.snapshot(await this.foldUntil(end), end);
  }

  /** The partnership's "today" in a snapshot. */
  static todayIn(timeZone: string, snapshot: AsOfSnapshot): string {
    return calendarDateIn(timeZone, snapshot.at);
  }

  private async checkedPosition(position: string, field: string): Promise<Position> {
    const head = await this.store.headPosition();
    let beyond: boolean;
    try {
      beyond = head === null || this.store.comparePositions(position as Position, head) > 0;
    } catch {
      throw new ValidationError(field, 'isPosition', `${field} must be a position of this log, as events and checkpoints give it`);
    }
    if (beyond) throw new ValidationError(field, 'notBeyondHead', `${field} must not be beyond the head of the log (${head ?? 'empty'})`);
    return position as Position;
  }

  /** Up to and including `position`. */
  private foldTo(position: Position): Promise<Fold> {
    return this.cached(position, () => this.fold((event) => this.store.comparePositions(event.position, position) > 0));
  }

  /** Every event recorded at or before `time`: found by reading, then kept by the position it reached. */
  private async foldUntil(time: Date): Promise<Fold> {
    const key = `time:${time.toISOString()}`;
    return this.cached(key, async () => {
      const fold = await this.fold((event) => event.recordedAt.getTime() > time.getTime());
      // A position reached by time shares its fold with a later read by position.
      if (!this.folds.has(fold.position)) this.remember(fold.position, Promise.resolve(fold));
      return fold;
    });
  }

  private cached(key: string, make: () => Promise<Fold>): Promise<Fold> {
    const hit = this.folds.get(key);
    if (hit) {
      // Most recently used last.
      this.folds.delete(key);
      this.folds.set(key, hit);
      return hit;
    }
    const made = make();
    made.catch(() => this.folds.delete(key));
    this.remember(key, made);
    return made;
  }

  private remember(key: string, fold: Promise<Fold>) {
    this.folds.set(key, fold);
    while (this.folds.size > AS_OF_CACHE_SIZE) this.folds.delete(this.folds.keys().next().value!);
  }

  /** Replays the log from the start through the folded projections until `beyond` says an event is past the point. */
  private async fold(beyond: (event: RecordedEvent) => boolean): Promise<Fold> {
    const projections = FOLDED_PROJECTIONS;
    const db = openReadModelDatabase(':memory:');
    for (const projection of projections) projection.setUp(db);
    const apply = db.transaction((events: readonly RecordedEvent[]) => {
      for (const event of events) for (const projection of projections) if (projection.handles.has(event.type)) projection.apply(db, event);
    });
    let last: RecordedEvent | undefined;
    for (;;) {
      const batch = await this.store.readAll({ after: last?.position, maxCount: BATCH });
      const stop = batch.findIndex(beyond);
      const taken = stop === -1 ? batch : batch.slice(0, stop);
      apply(taken);
      last = taken.at(-1) ?? last;
      if (stop !== -1 || batch.length < BATCH) break;
    }
    return { db, position: last?.position ?? '0', lastRecordedAt: last?.recordedAt ?? new Date(0), queries: queriesOver(db) };
  }

  /** A request's view of a fold: its own loaders (nothing cached between requests), judged at `at`. */
  private snapshot(fold: Fold, at: Date): AsOfSnapshot {
    let snapshot!: AsOfSnapshot;
    const mark = <Q extends object>(queries: Q) => markingRows(queries, () => snapshot);
    const [directory, tracker, readings, allyship] = [fold.queries.directory, fold.queries.tracker, fold.queries.readings, fold.queries.allyship].map(mark) as [
      PartnershipDirectoryQueries,
      CommitmentTrackerQueries,
      IndicatorReadingsQueries,
      AllyshipPairingsQueries,
    ];
    snapshot = {
      directory,
      tracker,
      readings,
      allyship,
      meetings: mark(fold.queries.meetings),
      views: mark(fold.queries.views),
      // Its rows are leaves (dates, settings): nothing below them resolves against the snapshot.
      publication: fold.queries.publication,
      clock: () => at,
      position: fold.position,
      at,
      loaders: new ReadLoaders(directory, tracker, readings, allyship, this.personalData),
    };
    return snapshot;
  }
}
