import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type ActionPlanned,
  actionStream,
  commitmentStream,
  type CommitmentFacts,
  meetingFacts,
  meetingStream,
  type MinuteItemRecorded,
  type PartnershipFacts,
  requireDeclaredInterests,
} from '@ledger/domain';
import { PersonalDataStore } from '@ledger/personal-data';
import { PartnershipDirectoryQueries } from '@ledger/projections';
import type { AppendResult, Position } from '@ledger/event-store';
import { ActionPlans } from '../actions/action-plans.js';
import { meetingActionId } from './meeting-actions.js';
import { MeetingSecretariatCommand, PartnershipSecretariatCommand } from '../access/rules.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { ConfirmMinutesInput, RecordAttendanceInput, RecordMinuteItemInput, ScheduleMeetingInput } from './dto/meeting.inputs.js';

export class ScheduleMeetingCommand extends PartnershipSecretariatCommand<ScheduleMeetingInput> {
  readonly what = 'schedule a meeting of this partnership';
}
export class RecordAttendanceCommand extends MeetingSecretariatCommand<RecordAttendanceInput> {
  readonly what = 'record the attendance of this meeting';
}
export class RecordMinuteItemCommand extends MeetingSecretariatCommand<RecordMinuteItemInput> {
  readonly what = 'record an item in the minutes of this meeting';
}
export class ConfirmMinutesCommand extends MeetingSecretariatCommand<ConfirmMinutesInput> {
  readonly what = 'confirm the minutes of this meeting';
}

/** What a minute item links to when it names no commitment. */
const NO_COMMITMENT: CommitmentFacts = { exists: false, status: null, partnershipId: null };

/** The meeting's partnership as its decisions need it ("today", members, organisations). */
export async function partnershipOfMeeting(ledger: Ledger, meetingId: string) {
  const meeting = await ledger.state(meetingStream, meetingId);
  return ledger.facts.partnership('partnershipId' in meeting ? meeting.partnershipId : '');
}

@CommandHandler(ScheduleMeetingCommand)
export class ScheduleMeetingHandler implements ICommandHandler<ScheduleMeetingCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: ScheduleMeetingCommand) {
    const { clientMutationId: _key, ...input } = command.input;
    const meetingId = command.newId('meetingId');
    const partnership = await this.ledger.facts.partnership(input.partnershipId);
    return this.ledger.handle(meetingStream, meetingId, { type: 'ScheduleMeeting', data: { ...input, meetingId, partnership } }, command);
  }
}

@CommandHandler(RecordAttendanceCommand)
export class RecordAttendanceHandler implements ICommandHandler<RecordAttendanceCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly personalData: PersonalDataStore,
    private readonly directory: PartnershipDirectoryQueries,
  ) {}

  /**
   * A declaration's text is a personal disclosure: it goes to the personal-data store under a
   * declaration id, with the declarer's person id so erasing them erases it; the event carries the
   * id alone. A declaration already on the record with the same member and text keeps its id, so a
   * correction that changes nothing is still seen as such.
   */
  async execute(command: RecordAttendanceCommand) {
    const { expectedRevision, clientMutationId: _key, declarations: given, ...input } = command.input;
    const declared = requireDeclaredInterests(given);
    const meeting = await this.ledger.state(meetingStream, input.meetingId);
    const partnership = await this.ledger.facts.partnership('partnershipId' in meeting ? meeting.partnershipId : '');
    const onRecord = 'declarations' in meeting ? meeting.declarations : [];
    const texts = this.personalData.declarationsById(onRecord.map(({ declarationId }) => declarationId));
    const unclaimed = onRecord.filter(({ declarationId }) => texts.has(declarationId));
    const personOf = new Map(this.directory.membersById(declared.map(({ memberId }) => memberId)).map((member) => [member.id, member.personId]));

    const declarations = declared.map(({ memberId, interest }, index) => {
      const same = unclaimed.findIndex((earlier) => earlier.memberId === memberId && texts.get(earlier.declarationId)?.text === interest);
      if (same >= 0) return { declarationId: unclaimed.splice(same, 1)[0]!.declarationId, memberId, interest };
      return { declarationId: command.newId(`declaration-${index}`), memberId, interest };
    });
    // A retry (same clientMutationId) finds its declarations already recorded, and neither overwrites nor forgets them.
    const recordedBefore = this.personalData.declarationsById(declarations.map(({ declarationId }) => declarationId));
    const recordedNow = declarations.filter(({ declarationId }) => !recordedBefore.has(declarationId));
    for (const { declarationId, memberId, interest } of recordedNow) {
      this.personalData.recordDeclaration(declarationId, { memberId, personId: personOf.get(memberId) ?? null, text: interest });
    }
    try {
      const data = { ...input, declarations: declarations.map(({ declarationId, memberId }) => ({ declarationId, memberId })), partnership };
      return await this.ledger.handle(meetingStream, input.meetingId, { type: 'RecordAttendance', data }, command, expectedRevision);
    } catch (error) {
      for (const { declarationId } of recordedNow) this.personalData.forgetDeclaration(declarationId);
      throw error;
    }
  }
}

@CommandHandler(RecordMinuteItemCommand)
export class RecordMinuteItemHandler implements ICommandHandler<RecordMinuteItemCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly plans: ActionPlans,
  ) {}

  /**
   * Records the item, then acts on the other stream its resolution names: confirms the earlier
   * meeting's minutes, or endorses the commitment at this meeting. The item is decided first, with
   * the facts of that other stream, so the follow-up cannot then be refused; a retry with the same
   * clientMutationId finds both appends already made (same cause) and writes nothing, and one
   * interrupted between the two completes the second. Last, the actions raised (with a commitment or
   * without one) are planned through the action model from the item as recorded (its owners, not
   * today's members), each linked to the meeting and item.
   */
  async execute(command: RecordMinuteItemCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const { meetingId, resolution } = input;
    const partnership = await partnershipOfMeeting(this.ledger, meetingId);
    const earlierMeeting = resolution.meetingId ? meetingFacts(await this.ledger.state(meetingStream, resolution.meetingId)) : null;
    const commitmentIds = new Set([resolution.commitmentId, ...(input.actionsRaised ?? []).map((action) => action.commitmentId)].filter((id): id is string => Boolean(id)));
    const commitments: Record<string, CommitmentFacts> = {};
    for (const id of commitmentIds) commitments[id] = await this.ledger.facts.commitment(id);

    const written = await this.ledger.handle(
      meetingStream,
      meetingId,
      { type: 'RecordMinuteItem', data: { ...input, partnership, earlierMeeting, commitments } },
      command,
      expectedRevision,
    );
    const item = written.events.find((event): event is MinuteItemRecorded => event.type === 'MinuteItemRecorded');
    if (!item) return written;
    const resolved = await this.actOnResolution(command, item.data, partnership);
    const planned = await this.planActionsRaised(command, item.data, partnership);
    // The meeting's revision, and the position of the last event written anywhere, which read-your-writes waits for.
    const position = planned ?? resolved?.position ?? written.appended.position;
    return { ...written, appended: { ...written.appended, position } };
  }

  private async planActionsRaised(command: RecordMinuteItemCommand, item: MinuteItemRecorded['data'], partnership: PartnershipFacts): Promise<Position | null> {
    // Planned when the item was minuted: a retry that completes the plan decides exactly the same events.
    const metadata = { ...this.ledger.commandMetadata(command), now: new Date(item.recordedAt) };
    const actions: ActionPlanned['data'][] = [];
    // An action raised without a commitment takes its partnership from the meeting.
    const meetingState = await this.ledger.state(meetingStream, item.meetingId);
    const meeting = { exists: 'partnershipId' in meetingState, partnershipId: 'partnershipId' in meetingState ? meetingState.partnershipId : null };
    for (const raised of item.actionsRaised) {
      const commitment = raised.commitmentId ? await this.ledger.facts.commitment(raised.commitmentId) : NO_COMMITMENT;
      const raisedAt = { meetingId: item.meetingId, itemNumber: item.number, actionRef: raised.actionRef };
      for (const owner of raised.owningOrganisationIds) {
        const data = {
          actionId: meetingActionId(item.meetingId, raised.actionRef, owner),
          commitmentId: raised.commitmentId,
          owningOrganisationId: owner,
          title: raised.title,
          dueDate: raised.dueDate,
          leadMemberId: raised.leadMemberId,
          planId: raised.actionRef,
          raisedAt,
          // Agreed at the meeting: its business date is the meeting's, whenever the minutes are recorded.
          plannedOn: 'date' in meetingState ? meetingState.date : null,
          meeting,
          commitment,
          partnership,
        };
        const events = actionStream.decider.decide({ type: 'PlanAction', data, metadata }, actionStream.decider.initialState());
        actions.push(...events.flatMap((event) => (event.type === 'ActionPlanned' ? [event.data] : [])));
      }
    }
    return actions.length > 0 ? this.plans.startActions({ actions }, this.ledger.eventMetadata(command)) : null;
  }

  private async actOnResolution(command: RecordMinuteItemCommand, item: MinuteItemRecorded['data'], partnership: PartnershipFacts): Promise<AppendResult | null> {
    const { resolution, meetingId } = item;
    const meeting = await this.ledger.state(meetingStream, meetingId);
    if (!('date' in meeting)) return null;
    if (resolution.kind === 'CONFIRM_MINUTES') {
      const confirmingMeeting = meetingFacts(meeting);
      const data = { meetingId: resolution.meetingId, confirmedAtMeetingId: meetingId, confirmedOn: meeting.date, confirmingMeeting };
      return (await this.ledger.handle(meetingStream, resolution.meetingId, { type: 'ConfirmMinutes', data }, command)).appended;
    }
    if (resolution.kind === 'ENDORSE_COMMITMENT') {
      const data = { commitmentId: resolution.commitmentId, endorsedOn: meeting.date, meetingId, partnership };
      return (await this.ledger.handle(commitmentStream, resolution.commitmentId, { type: 'EndorseCommitment', data }, command)).appended;
    }
    return null;
  }
}

@CommandHandler(ConfirmMinutesCommand)
export class ConfirmMinutesHandler implements ICommandHandler<ConfirmMinutesCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: ConfirmMinutesCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const confirmingMeeting = meetingFacts(await this.ledger.state(meetingStream, input.confirmedAtMeetingId));
    return this.ledger.handle(
      meetingStream,
      input.meetingId,
      { type: 'ConfirmMinutes', data: { ...input, confirmedOn: confirmingMeeting.date ?? '', confirmingMeeting } },
      command,
      expectedRevision,
    );
  }
}

export const MEETING_HANDLERS = [ScheduleMeetingHandler, RecordAttendanceHandler, RecordMinuteItemHandler, ConfirmMinutesHandler];
