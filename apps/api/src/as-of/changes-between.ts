import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { calendarDateIn, type ActionStatus as Status, type Rag as RagValue } from '@ledger/domain';
import type { EventStore, Position, RecordedEvent } from '@ledger/event-store';
import type { ActionRow } from '@ledger/projections';
import { ActionStatus } from '../graphql/enums.js';
import { Rag } from '../views/views.model.js';
import type { AsOfSnapshot } from './as-of-snapshot.js';

@ObjectType({ description: 'A point of the log a comparison was made at.' })
export class LogPoint {
  @Field(() => String, { description: 'The global position folded up to (inclusive).' }) position!: string;
  @Field(() => DateTimeResolver, { description: 'The moment it is judged at.' }) at!: Date;
  @Field(() => String, { description: 'The partnership’s calendar date then: the "today" of RAG and deadlines.' }) date!: string;
}

@ObjectType({ description: 'One change recorded between the two points.' })
abstract class RecordedChange {
  @Field(() => String, { description: 'The event’s global position.' }) position!: string;
  @Field(() => DateTimeResolver) recordedAt!: Date;
}

@ObjectType()
export class CommitmentChange extends RecordedChange {
  @Field(() => ID) commitmentId!: string;
  @Field(() => String, { description: 'Its title at the later point.' }) title!: string;
  @Field(() => String, { nullable: true, description: 'The reason given (amended, closed).' }) reason!: string | null;
  @Field(() => [String], { description: 'The terms an amendment changed; empty otherwise.' }) changedFields!: string[];
  @Field(() => String, { nullable: true, description: 'ACHIEVED, MISSED or WITHDRAWN, when closed.' }) outcome!: string | null;
}

@ObjectType()
export class ActionStatusMove extends RecordedChange {
  @Field(() => ID) actionId!: string;
  @Field(() => ActionStatus) fromStatus!: Status;
  @Field(() => ActionStatus) toStatus!: Status;
  @Field(() => String, { nullable: true, description: 'The business date an update reports as of; null for a reopening or a closure.' }) reportedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was reopened or closed; null for an update.' }) reason!: string | null;
}

@ObjectType({ description: 'An action whose traffic light differs between the two folds (each judged on its own date).' })
export class RagMove {
  @Field(() => ID) actionId!: string;
  @Field(() => Rag, { nullable: true, description: 'Null: not yet planned, cancelled, or under a closed commitment.' }) fromRag!: RagValue | null;
  @Field(() => Rag, { nullable: true }) toRag!: RagValue | null;
}

@ObjectType()
export class ActionRescheduling extends RecordedChange {
  @Field(() => ID) actionId!: string;
  @Field(() => String) previousDueDate!: string;
  @Field(() => String) dueDate!: string;
  @Field(() => String) reason!: string;
}

@ObjectType()
export class ActionReassignment extends RecordedChange {
  @Field(() => ID) actionId!: string;
  @Field(() => ID, { nullable: true }) previousOwningOrganisationId!: string | null;
  @Field(() => ID, { nullable: true }) previousOwningPartnershipId!: string | null;
  @Field(() => ID, { nullable: true }) owningOrganisationId!: string | null;
  @Field(() => ID, { nullable: true }) owningPartnershipId!: string | null;
  @Field(() => String) reason!: string;
}

@ObjectType({ description: 'An action due within (from, to] not completed by its due date, as the later fold holds it.' })
export class MissedDeadline {
  @Field(() => ID) actionId!: string;
  @Field(() => String) dueDate!: string;
  @Field(() => ActionStatus, { description: 'Its status at the later point.' }) status!: Status;
}

@ObjectType({ description: 'What changed in a partnership between two points of the log, each list in log order (RAG moves and missed deadlines by action).' })
export class ChangesBetween {
  @Field(() => ID) partnershipId!: string;
  @Field(() => LogPoint) from!: LogPoint;
  @Field(() => LogPoint) to!: LogPoint;
  @Field(() => [CommitmentChange]) commitmentsMade!: CommitmentChange[];
  @Field(() => [CommitmentChange]) commitmentsAmended!: CommitmentChange[];
  @Field(() => [CommitmentChange]) commitmentsClosed!: CommitmentChange[];
  @Field(() => [ActionStatusMove]) statusMoves!: ActionStatusMove[];
  @Field(() => [RagMove]) ragMoves!: RagMove[];
  @Field(() => [ActionRescheduling]) reschedules!: ActionRescheduling[];
  @Field(() => [ActionReassignment]) reassignments!: ActionReassignment[];
  @Field(() => [MissedDeadline]) missedDeadlines!: MissedDeadline[];
  @Field(() => Int, { description: 'Events of the partnership’s commitments and actions recorded between the two points.' }) eventCount!: number;
}

const BATCH = 1000;

/** The events recorded after `from` up to and including `to`. */
async function eventsBetween(store: EventStore, from: string, to: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after = from === '0' ? undefined : (from as Position);
  for (;;) {
    const batch = await store.readAll({ after, maxCount: BATCH });
    for (const event of batch) {
      if (store.comparePositions(event.position, to as Position) > 0) return events;
      events.push(event);
    }
    if (batch.length < BATCH) return events;
    after = batch.at(-1)!.position;
  }
}

type Data = Readonly<Record<string, unknown>>;

/**
 * The changes of one partnership between two folds: its commitments' and actions' events recorded
 * in between (which streams are the partnership's is read from the later fold), RAG compared across
 * the two folds, and the deadlines that fell in between and were not met.
 */
export async function changesBetween(store: EventStore, partnershipId: string, timeZone: string, from: AsOfSnapshot, to: AsOfSnapshot): Promise<ChangesBetween> {
  const commitmentIds = new Set(to.views.commitmentIds(partnershipId, null));
  const actions = new Map<string, ActionRow>(to.tracker.actionsOfPartnership(partnershipId).map((row) => [row.id, row]));
  const point = (snapshot: AsOfSnapshot): LogPoint => ({ position: snapshot.position, at: snapshot.at, date: calendarDateIn(timeZone, snapshot.at) });
  const result: ChangesBetween = {
    partnershipId,
    from: point(from),
    to: point(to),
    commitmentsMade: [],
    commitmentsAmended: [],
    commitmentsClosed: [],
    statusMoves: [],
    ragMoves: [],
    reschedules: [],
    reassignments: [],
    missedDeadlines: [],
    eventCount: 0,
  };

  for (const event of await eventsBetween(store, from.position, to.position)) {
    const data = event.data as Data;
    const recorded = { position: event.position, recordedAt: event.recordedAt };
    const commitmentId = typeof data['commitmentId'] === 'string' ? data['commitmentId'] : null;
    const actionId = typeof data['actionId'] === 'string' ? data['actionId'] : null;
    if (actionId ? !actions.has(actionId) : !(commitmentId && commitmentIds.has(commitmentId))) continue;
    result.eventCount += 1;
    const commitmentChange = (reason: string | null, changedFields: string[], outcome: string | null): CommitmentChange => ({
      ...recorded,
      commitmentId: commitmentId!,
      title: to.tracker.commitment(commitmentId!)?.title ?? '',
      reason,
      changedFields,
      outcome,
    });
    switch (event.type) {
      case 'CommitmentMade':
        result.commitmentsMade.push(commitmentChange(null, [], null));
        break;
      case 'CommitmentAmended':
        result.commitmentsAmended.push(commitmentChange(data['reason'] as string, Object.keys(data['changes'] as object), null));
        break;
      case 'CommitmentClosed': {
        result.commitmentsClosed.push(commitmentChange(data['reason'] as string, [], data['outcome'] as string));
        // Closing as ACHIEVED settles the actions still open: each is a status move too.
        const closed = (data['closedActions'] as readonly { actionId: string; finalStatus: Status }[] | undefined) ?? [];
        for (const { actionId: closedId, finalStatus } of closed) {
          const previous = from.tracker.action(closedId)?.status ?? 'NOT_STARTED';
          result.statusMoves.push({ ...recorded, actionId: closedId, fromStatus: previous, toStatus: finalStatus, reportedOn: null, reason: data['reason'] as string });
        }
        break;
      }
      case 'ActionUpdateSubmitted':
        if (data['status'] !== data['previousStatus']) {
          const reportedOn = (data['reportedOn'] as string | undefined) ?? calendarDateIn(timeZone, data['submittedAt'] as string);
          result.statusMoves.push({ ...recorded, actionId: actionId!, fromStatus: data['previousStatus'] as Status, toStatus: data['status'] as Status, reportedOn, reason: null });
        }
        break;
      case 'ActionReopened':
        result.statusMoves.push({ ...recorded, actionId: actionId!, fromStatus: data['previousStatus'] as Status, toStatus: data['status'] as Status, reportedOn: null, reason: data['reason'] as string });
        break;
      case 'ActionRescheduled':
        result.reschedules.push({ ...recorded, actionId: actionId!, previousDueDate: data['previousDueDate'] as string, dueDate: data['dueDate'] as string, reason: data['reason'] as string });
        break;
      case 'ActionReassigned':
        result.reassignments.push({
          ...recorded,
          actionId: actionId!,
          previousOwningOrganisationId: (data['previousOwningOrganisationId'] as string | null) ?? null,
          previousOwningPartnershipId: (data['previousOwningPartnershipId'] as string | null | undefined) ?? null,
          owningOrganisationId: (data['owningOrganisationId'] as string | null) ?? null,
          owningPartnershipId: (data['owningPartnershipId'] as string | null | undefined) ?? null,
          reason: data['reason'] as string,
        });
        break;
    }
  }

  const ids = [...actions.keys()];
  const [ragFrom, ragTo] = [from.views.ragOfEach(ids, from.at), to.views.ragOfEach(ids, to.at)];
  for (const id of ids) {
    const [before, after] = [ragFrom.get(id) ?? null, ragTo.get(id) ?? null];
    if (before !== after) result.ragMoves.push({ actionId: id, fromRag: before, toRag: after });
  }

  // Due in (from, to] by the partnership's calendar, and not completed on or before the due date.
  const completedOn = new Map<string, string>();
  for (const update of to.tracker.allUpdatesOf(ids)) {
    const earliest = completedOn.get(update.actionId);
    if (update.status === 'COMPLETED' && (earliest === undefined || update.reportedOn < earliest)) completedOn.set(update.actionId, update.reportedOn);
  }
  for (const action of actions.values()) {
    const due = action.dueDate > result.from.date && action.dueDate <= result.to.date;
    const met = (completedOn.get(action.id) ?? '9999-12-31') <= action.dueDate;
    // Cancelled actions, and those of a closed commitment, are expected of no one.
    if (due && !met && action.status !== 'CANCELLED' && action.commitmentClosed === 0) {
      result.missedDeadlines.push({ actionId: action.id, dueDate: action.dueDate, status: action.status });
    }
  }
  result.missedDeadlines.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.actionId.localeCompare(b.actionId));
  return result;
}
