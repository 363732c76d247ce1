import type {
  AllyshipPairingsQueries,
  BoardViewsQueries,
  CommitmentTrackerQueries,
  IndicatorReadingsQueries,
  MeetingsQueries,
  PartnershipDirectoryQueries,
  PublicationQueries,
} from '@ledger/projections';
import type { ReadLoaders } from '../graphql/loaders.js';

/**
 * The read models a resolver answers from, and the clock it judges them by: the live ones, or a
 * fold of the log up to a point (an as-of snapshot). Resolvers take them from their parent (see
 * `readModelsOf`), so one resolver answers both and no field's logic is written twice.
 */
export type ReadModels = Readonly<{
  directory: PartnershipDirectoryQueries;
  tracker: CommitmentTrackerQueries;
  readings: IndicatorReadingsQueries;
  allyship: AllyshipPairingsQueries;
  meetings: MeetingsQueries;
  views: BoardViewsQueries;
  /** What was published, and when. */
  publication: PublicationQueries;
  clock: () => Date;
}>;

/** The log folded up to `position` (inclusive), judged at `at`: the partnership's "today" is its date then. */
export type AsOfSnapshot = ReadModels &
  Readonly<{
    position: string;
    at: Date;
    /** Loaders over the snapshot's read models; every row they load carries the snapshot on to its own fields. */
    loaders: ReadLoaders;
  }>;

/** Where a parent keeps its snapshot: a symbol, so GraphQL never serialises it and object spreads (`toAction`) carry it on. */
const AS_OF = Symbol('ledger.asOf');

/** The snapshot a parent was read from; undefined for a live parent. */
export function snapshotOf(parent: unknown): AsOfSnapshot | undefined {
  return typeof parent === 'object' && parent !== null ? ((parent as { [AS_OF]?: AsOfSnapshot })[AS_OF] ?? undefined) : undefined;
}

/** Marks a value as read from a snapshot, so its fields resolve against the same snapshot. */
export function withSnapshot<T extends object>(value: T, snapshot: AsOfSnapshot): T {
  Object.defineProperty(value, AS_OF, { value: snapshot, enumerable: true, configurable: true, writable: false });
  return value;
}

export type ReadModelsOf<Key extends keyof ReadModels> = Pick<ReadModels, Key>;

/** The read models a field of `parent` answers from: the parent's snapshot, or the live ones. */
export function readModelsOf<Key extends keyof ReadModels>(parent: unknown, live: ReadModelsOf<Key>): ReadModelsOf<Key> {
  return snapshotOf(parent) ?? live;
}

/** An object literal or a database row, of any realm. */
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * Queries whose rows carry the snapshot: every object a method returns (alone, in an array or as a
 * Map's value) is marked, so a row loaded for a nested field resolves its own fields as of the
 * same point.
 */
export function markingRows<Q extends object>(queries: Q, snapshot: () => AsOfSnapshot): Q {
  // Rows come from the SQLite driver, whose objects may belong to another realm (a test's VM context): no `instanceof`.
  const mark = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(mark);
    if (Object.prototype.toString.call(value) === '[object Map]') return new Map([...(value as Map<unknown, unknown>)].map(([key, row]) => [key, mark(row)]));
    if (isPlainObject(value)) return withSnapshot(value, snapshot());
    return value;
  };
  return new Proxy(queries, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => mark((member as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

