import type { AccessEvent, ActionEvent, AnnualReturnEvent, AuditEvent, AllyshipPairingEvent, CommitmentEvent, IndicatorEvent, MeetingEvent, OrganisationEvent, PartnershipEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { ReadModelDatabase } from './read-model-database.js';
import { dropTables, preparedStatements } from './statements.js';

/**
 * A read model fed from the global log. `apply` runs inside the runner's batch transaction,
 * together with the checkpoint update, so an event is applied once or not at all.
 */
export interface Projection {
  readonly name: string;
  /** Raise it whenever the tables change shape: the runner then rebuilds this read model on start. */
  readonly version: number;
  readonly handles: ReadonlySet<string>;
  /** Creates the projection's tables when missing. */
  setUp(db: ReadModelDatabase): void;
  /** Drops the projection's tables, before a rebuild. */
  tearDown(db: ReadModelDatabase): void;
  apply(db: ReadModelDatabase, event: RecordedEvent): void;
}

/** Every event the ledger records, from every stream: a new stream adds its union here. */
export type DomainEvent = PartnershipEvent | OrganisationEvent | CommitmentEvent | ActionEvent | IndicatorEvent | AccessEvent | AllyshipPairingEvent | MeetingEvent | AuditEvent | AnnualReturnEvent;
export type DomainEventType = DomainEvent['type'];
export type EventOf<Type extends DomainEventType> = Extract<DomainEvent, { type: Type }>;
/** A domain event as read back from the log, its data typed by its type. */
export type RecordedEventOf<Type extends DomainEventType> = RecordedEvent<EventOf<Type>['data']> & { readonly type: Type };

/** How a projection folds one type of event into its tables: `sql` are its statements, prepared once per database. */
export type ProjectionHandler<Type extends DomainEventType, Statements> = (
  sql: Statements,
  event: RecordedEventOf<Type>,
  db: ReadModelDatabase,
) => void;

/** The handlers of a projection, one per event type it handles; a key that is no domain event type does not compile. */
export type ProjectionHandlers<Statements> = { readonly [Type in DomainEventType]?: ProjectionHandler<Type, Statements> };

export type ProjectionDefinition<Statements extends object> = Readonly<{
  name: string;
  /** Raise it whenever the tables change shape: the runner then rebuilds this read model on start. */
  version: number;
  /** Every table `setUp` creates: a rebuild drops them all. */
  tables: readonly string[];
  /** Creates the tables when missing. */
  setUp(db: ReadModelDatabase): void;
  /** Prepares the statements the handlers run, once per database (replay speed depends on it). */
  statements(db: ReadModelDatabase): Statements;
  on: ProjectionHandlers<Statements>;
}>;

/**
 * A projection from a map of event type to handler: the types it handles are the map's keys, and each
 * handler sees its event's data typed, so a new event type is one entry and nothing to keep in step.
 */
export function defineProjection<Statements extends object>(definition: ProjectionDefinition<Statements>): Projection {
  const { name, version, tables, setUp, on } = definition;
  const statements = preparedStatements((db) => definition.statements(db));
  // The map's keys are the types; looking one up by a recorded event's type is the one unchecked step.
  const handlers = on as Readonly<Record<string, ProjectionHandler<DomainEventType, Statements> | undefined>>;
  return {
    name,
    version,
    handles: new Set(Object.keys(on)),
    setUp,
    tearDown: dropTables(tables, statements),
    apply(db, event) {
      handlers[event.type]?.(statements.of(db), event as RecordedEventOf<DomainEventType>, db);
    },
  };
}
