import { Inject, Injectable, Logger } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import {
  actionStream,
  DomainError,
  organisationStream,
  partnershipStream,
  type Command,
  type Decider,
  type Event,
  type OrganisationMerged,
  type Stream,
} from '@ledger/domain';
import { EVENT_STORE, handleCommand, type EventStore, type Position, type RecordedEvent } from '@ledger/event-store';
import type { ReadModelDatabase } from '@ledger/projections';
import { LogCompleter } from '../ledger/log-completer.js';
import type { LedgerConfig } from '@ledger/config';
import { LEDGER_CONFIG, READ_MODEL_DATABASE } from '../ledger/ledger-tokens.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { CommandInput } from '../ledger/ledger.service.js';

/** Namespace of the causation ids of a merge's consequences: one per (merge, step), so a step is written once. */
const MERGE_STEP_NAMESPACE = '3c7b9e14-58d2-4f6a-9b0e-a41d2c6f8e37';

type MergeRecord = RecordedEvent<OrganisationMerged['data']>;

/**
 * The consequences of an `OrganisationMerged` record, each written once however often it is run: a
 * note on the survivor's stream; the survivor joins each partnership the duplicate was in; each open
 * action of the duplicate is reassigned to the survivor ("merged into …"). Each step's causation id is
 * derived from the record, so a step already written is recognised and answered, not repeated; a step
 * that no longer applies (the survivor was already a member, the action has since been closed or
 * reassigned, the partnership was dissolved) is skipped, and the record stays the account of the merge.
 *
 * The duplicate itself stays a member of its partnerships and keeps its seats: history (closed actions,
 * updates, minutes) names it, and readers resolve it to the survivor through the directory's `mergedInto`.
 */
@Injectable()
export class OrganisationMerges {
  private readonly logger = new Logger('OrganisationMerges');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
    private readonly ledger: Ledger,
  ) {}

  /** The duplicate's merge record, if it was merged (at most one: a second merge is refused). */
  async recordOf(duplicateId: string): Promise<MergeRecord | undefined> {
    const events = await this.store.readStream(organisationStream.streamId(duplicateId));
    return events.find((event) => event.type === 'OrganisationMerged') as MergeRecord | undefined;
  }

  /** Completes the merge; resolves with the position of the last event it (or an earlier run) wrote. */
  async complete(record: MergeRecord): Promise<Position> {
    const { organisationId: duplicateId, survivorId, reason, partnershipIds, actionIds } = record.data;
    let last = record.position;
    const step = async <C extends Command, E extends Event, S>(stream: Stream<C, E, S>, id: string, command: CommandInput<C>) => {
      const position = await this.write(record, stream, id, command);
      if (position && this.store.comparePositions(position, last) > 0) last = position;
    };
    await step(organisationStream, survivorId, { type: 'AbsorbOrganisation', data: { organisationId: survivorId, duplicateId, reason } });
    const dissolved = new Set<string>();
    for (const partnershipId of partnershipIds) {
      const partnership = await this.ledger.facts.partnership(partnershipId);
      if (partnership.dissolvedOn) dissolved.add(partnershipId);
      else if (!partnership.organisationIds.includes(survivorId)) {
        await step(partnershipStream, partnershipId, { type: 'JoinPartnership', data: { partnershipId, organisationId: survivorId, organisationIsRegistered: true } });
      }
    }
    const survivorName = await this.nameOf(survivorId);
    for (const actionId of actionIds) {
      const { commitment, partnership } = await this.ledger.facts.underAction(actionId);
      if (partnership.dissolvedOn) continue;
      await step(actionStream, actionId, {
        type: 'ReassignAction',
        data: { actionId, owningOrganisationId: survivorId, reason: `Merged into ${survivorName}: ${reason}`, commitment, partnership },
      });
    }
    return last;
  }

  private async nameOf(organisationId: string): Promise<string> {
    const state = await this.ledger.state(organisationStream, organisationId);
    return state.status === 'Unregistered' ? organisationId : state.name;
  }

  /** One step, as the merge's actor; refused (no longer applies) it writes nothing and says so in the log. */
  private async write<C extends Command, E extends Event, S>(
    record: MergeRecord,
    stream: Stream<C, E, S>,
    id: string,
    command: CommandInput<C>,
  ): Promise<Position | null> {
    const { actor, correlationId } = record.metadata;
    const causationId = uuidv5(`${record.id}/${command.type}/${id}`, MERGE_STEP_NAMESPACE);
    try {
      const { appended } = await handleCommand(
        this.store,
        stream.streamId(id),
        stream.decider as Decider<C, E, S>,
        { ...command, metadata: { now: this.config.clock(), actor } } as unknown as C,
        { metadata: { actor, correlationId, causationId }, idempotent: true },
      );
      return appended?.position ?? null;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.log(`Merge of ${record.data.organisationId}: ${command.type} on ${id} no longer applies (${error.message})`);
      return null;
    }
  }
}

/** Completes merges a crash interrupted: runs each `OrganisationMerged` record again, which writes only what is missing. */
@Injectable()
export class OrganisationMergeCompleter extends LogCompleter {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DATABASE) db: ReadModelDatabase,
    private readonly merges: OrganisationMerges,
  ) {
    super(store, db, 'organisation-merges', 'organisation merges');
  }

  protected async complete(event: RecordedEvent) {
    if (event.type !== 'OrganisationMerged') return false;
    await this.merges.complete(event as MergeRecord);
    return true;
  }
}
